//! `steppe programme`: a Party school's themed training programmes, their courses and field
//! study, and the trainee-times they drew.

use crate::lang::{lang, t, tf};
use anyhow::Result;
use clap::Subcommand;
use steppe_core::{NewProgramme, Steppe};
use steppe_domain::Id;
use steppe_domain::course::{SessionKind, Topic};
use steppe_i18n::Label;

use crate::commands::parse;

#[derive(Debug, Subcommand)]
pub enum ProgrammeCmd {
    /// Plan a programme; prints its id. Days as YYYY-MM-DD.
    Plan {
        #[arg(long)]
        school: Id,
        #[arg(long)]
        title: String,
        /// A topic code or label (党的理论教育, 乡村振兴, …).
        #[arg(long)]
        theme: String,
        #[arg(long)]
        year: i64,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    /// Put a course in a programme (or, without --programme, take it out).
    Course {
        course: Id,
        #[arg(long)]
        programme: Option<Id>,
    },
    /// Mark a session as lecture, field_study or practice (or their labels).
    SessionKind { session: Id, kind: String },
    /// A school's programmes of a year with what they drew.
    List {
        #[arg(long)]
        school: Id,
        #[arg(long)]
        year: i64,
    },
}

pub fn programme(s: &Steppe, c: ProgrammeCmd) -> Result<()> {
    match c {
        ProgrammeCmd::Plan {
            school,
            title,
            theme,
            year,
            from,
            to,
        } => {
            let day = |d: &str| crate::commands::when(d, "cli_day_form");
            let p = s.plan_programme(NewProgramme {
                school,
                title,
                theme: parse("cli_what_topic", &theme, steppe_i18n::parse_label::<Topic>)?,
                year,
                starts_on: day(&from)?,
                ends_on: day(&to)?,
            })?;
            println!("{p}");
        }
        ProgrammeCmd::Course { course, programme } => {
            s.set_course_programme(course, programme)?;
            println!("{}", t("cli_recorded"));
        }
        ProgrammeCmd::SessionKind { session, kind } => {
            s.set_session_kind(
                session,
                parse(
                    "cli_what_session_kind",
                    &kind,
                    steppe_i18n::parse_label::<SessionKind>,
                )?,
            )?;
            println!("{}", t("cli_recorded"));
        }
        ProgrammeCmd::List { school, year } => {
            for p in s.programmes(school, year)? {
                println!(
                    "{}  {}  [{}]  {}",
                    p.id,
                    p.title,
                    p.theme.label_in(lang()),
                    tf(
                        "cli_programme_figures",
                        &[
                            ("courses", p.courses.into()),
                            ("sessions", p.sessions.into()),
                            ("field", p.field_sessions.into()),
                            ("trainees", p.trainee_times.into()),
                        ]
                    )
                );
            }
        }
    }
    Ok(())
}
