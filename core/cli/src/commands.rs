//! The command line: one subcommand per workflow action, over a store file.

use crate::lang::{lang, pad, said_as, t, tf};
use std::path::PathBuf;
use steppe_i18n::Label;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use steppe_core::{
    DeviceIdentity, NewCase, NewCourse, NewHousehold, NewPerson, NewRequest, NewSession, Steppe,
};
use steppe_domain::course::{Attendance, SessionMode, Topic};
use steppe_domain::household::{HouseholdTag, VisitMode};
use steppe_domain::mediation::{CaseCategory, CaseStatus, Outcome};
use steppe_domain::org::OrgKind;
use steppe_domain::person::MemberStatus;
use steppe_domain::request::RequestStep;
use steppe_domain::{Id, clock};

#[derive(Debug, Parser)]
#[command(
    name = "steppe",
    version,
    about = "Steppe: grassroots Party work records, offline first"
)]
pub struct Cli {
    /// The store file.
    #[arg(long, env = "STEPPE_DB", default_value = "steppe.db", global = true)]
    db: PathBuf,
    /// The language of what is printed: zh (Chinese, the default), mn (Mongolian) or en;
    /// without it, the shell's LANG.
    #[arg(long, global = true)]
    pub lang: Option<String>,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Enroll this store with a server by a one-time code (creates the store).
    Enroll {
        #[arg(long)]
        server: String,
        #[arg(long)]
        code: String,
        #[arg(long, default_value = "cli")]
        device: String,
    },
    /// Sync an enrolled store with its server.
    Sync,
    /// Meet another store over TCP, with no server (ADR 0011).
    #[command(subcommand)]
    Peer(crate::field::PeerCmd),
    /// Bundle files carried where there is no signal.
    #[command(subcommand)]
    Bundle(crate::field::BundleCmd),
    /// Create a store for a new user on this device; prints the user id.
    Init {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "cli")]
        device: String,
    },
    /// Organisations.
    #[command(subcommand)]
    Org(OrgCmd),
    /// People and roles.
    #[command(subcommand)]
    Person(PersonCmd),
    /// Party school courses and sessions.
    #[command(subcommand)]
    Course(CourseCmd),
    /// This week's sessions for a member (default: me).
    Schedule {
        #[arg(long)]
        person: Option<Id>,
        /// Any day of the week to show (YYYY-MM-DD); default this week.
        #[arg(long)]
        week: Option<String>,
    },
    /// Check myself in to a session.
    CheckIn {
        session: Id,
        #[arg(long)]
        online: bool,
        /// Online from another school's site: that school.
        #[arg(long, requires = "online")]
        from_school: Option<Id>,
    },
    /// Mark a member's attendance (secretary or lecturer).
    Mark {
        session: Id,
        person: Id,
        status: String,
    },
    /// A member's training archive for a year.
    Archive {
        #[arg(long)]
        person: Option<Id>,
        #[arg(long)]
        year: Option<i32>,
    },
    /// Mediation cases.
    #[command(subcommand)]
    Case(CaseCmd),
    /// Residents' requests.
    #[command(subcommand)]
    Request(RequestCmd),
    /// Households and visits.
    #[command(subcommand)]
    Household(HouseholdCmd),
    /// A branch's organisational-life meetings.
    #[command(subcommand)]
    Orglife(crate::meetings::OrgLifeCmd),
    /// A community's joint meetings (三方协商议事会).
    #[command(subcommand)]
    Joint(crate::meetings::JointCmd),
    /// A Party school's themed training programmes.
    #[command(subcommand)]
    Programme(crate::programme::ProgrammeCmd),
    /// Petitions taken on residents' behalf (信访代办).
    #[command(subcommand)]
    Petition(crate::petition::PetitionCmd),
    /// Red stations' services (红色驿站).
    #[command(subcommand)]
    Station(crate::station::StationCmd),
    /// A member's annual democratic evaluation.
    #[command(subcommand)]
    Evaluation(crate::evaluation::EvaluationCmd),
    /// A village's three lists and its public board (三单、一平台).
    #[command(subcommand)]
    Affairs(crate::affairs::AffairsCmd),
    /// 三员 supervisors' findings and the branch's answers.
    #[command(subcommand)]
    Finding(crate::affairs::FindingCmd),
    /// Notices for a village's public board.
    #[command(subcommand)]
    Notice(crate::affairs::NoticeCmd),
    /// Units and in-service members registered with communities (双报到), and their contracts.
    #[command(subcommand)]
    Dual(crate::dual::DualCmd),
    /// A record's current state as JSON.
    Show { id: Id },
    /// A record's history: who, which device, when, what changed.
    History { id: Id },
    /// Conflicts waiting for review.
    Conflicts,
    /// Resolve a conflict by keeping candidate CHOICE (0-based).
    Resolve {
        doc: Id,
        object: String,
        key: String,
        choice: usize,
    },
    /// Walk through every workflow on a fresh store and print what happened.
    Demo,
}

#[derive(Debug, Subcommand)]
enum OrgCmd {
    Add {
        #[arg(long)]
        name: String,
        /// Any organisation kind, by code or label: league, banner, sumu, gacha, community,
        /// grid, grid_branch, red_station, party_school, institution, … (盟, 嘎查, 红色驿站…)
        #[arg(long)]
        kind: String,
        #[arg(long)]
        parent: Option<Id>,
    },
    /// Print the tree (all roots, or below one organisation).
    Tree { root: Option<Id> },
    /// Give an organisation its name in traditional Mongolian script (none: take it away).
    NameMn { org: Id, name: Option<String> },
}

#[derive(Debug, Subcommand)]
enum PersonCmd {
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        org: Id,
        #[arg(long, default_value = "full")]
        status: String,
        /// This is the store's own user.
        #[arg(long)]
        me: bool,
        /// ROLE@ORG, e.g. secretary@<org id>; repeatable.
        #[arg(long)]
        role: Vec<String>,
    },
    List {
        org: Id,
    },
    /// Give a person their name in traditional Mongolian script; without NAME, take it away.
    NameMn {
        person: Id,
        name: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum CourseCmd {
    Add {
        #[arg(long)]
        school: Id,
        #[arg(long)]
        title: String,
        #[arg(long)]
        topic: String,
    },
    /// Schedule a session of a course.
    Session {
        course: Id,
        /// YYYY-MM-DD HH:MM (China Standard Time)
        #[arg(long)]
        at: String,
        #[arg(long, default_value_t = 90)]
        minutes: i64,
        #[arg(long)]
        online: bool,
        #[arg(long)]
        venue: String,
    },
}

#[derive(Debug, Subcommand)]
enum CaseCmd {
    Open {
        #[arg(long)]
        branch: Id,
        #[arg(long)]
        category: String,
        #[arg(long)]
        place: String,
        #[arg(long)]
        description: String,
        /// Repeat for each party.
        #[arg(long)]
        party: Vec<String>,
    },
    Note {
        case: Id,
        text: String,
    },
    Visit {
        case: Id,
        text: String,
    },
    Close {
        case: Id,
        #[arg(long)]
        outcome: String,
        #[arg(long)]
        detail: Option<String>,
    },
    FollowUp {
        case: Id,
        text: String,
    },
    List {
        #[arg(long)]
        branch: Id,
        #[arg(long)]
        status: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum RequestCmd {
    Raise {
        #[arg(long)]
        community: Id,
        #[arg(long)]
        title: String,
        #[arg(long)]
        description: String,
        #[arg(long)]
        by: String,
    },
    Discuss {
        request: Id,
        note: String,
    },
    Decide {
        request: Id,
        decision: String,
    },
    Done {
        request: Id,
        report: String,
    },
    /// Record the residents' verdict (not by whoever did the work).
    Evaluate {
        request: Id,
        #[arg(long)]
        satisfied: bool,
        #[arg(long, default_value = "")]
        comment: String,
        /// A resident whose verdict it is; repeatable, at least one.
        #[arg(long = "resident", required = true)]
        residents: Vec<String>,
    },
    List {
        #[arg(long)]
        community: Id,
        #[arg(long)]
        step: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum HouseholdCmd {
    Add {
        #[arg(long)]
        grid: Id,
        #[arg(long)]
        address: String,
        #[arg(long)]
        head: String,
        #[arg(long, default_value_t = 1)]
        size: i64,
    },
    Tag {
        household: Id,
        tag: String,
        #[arg(long)]
        off: bool,
    },
    Visit {
        household: Id,
        /// phone, wechat, video or door
        #[arg(long)]
        mode: String,
        note: String,
        #[arg(long)]
        follow_up: bool,
    },
    List {
        #[arg(long)]
        grid: Id,
        #[arg(long)]
        tag: Option<String>,
    },
}

/// `value` read by `f`, or the refusal naming it as a `what` (a `cli_what_…` catalogue id).
pub(crate) fn parse<T>(what: &str, value: &str, f: impl Fn(&str) -> Option<T>) -> Result<T> {
    f(value).ok_or_else(|| {
        said_as(
            "cli_unknown",
            &[("what", t(what).into()), ("value", value.into())],
        )
        .into()
    })
}

fn open(db: &PathBuf) -> Result<Steppe> {
    Steppe::open_existing(db)
        .with_context(|| said_as("cli_no_store", &[("path", db.display().to_string().into())]))
}

/// A day as `YYYY-MM-DD` (or a time as `YYYY-MM-DD HH:MM`), refused in words otherwise.
pub(crate) fn when(text: &str, form: &'static str) -> Result<i64> {
    clock::parse(text).ok_or_else(|| said_as(form, &[("given", text.into())]).into())
}

pub fn run(cli: Cli) -> Result<()> {
    let db = &cli.db;
    match cli.command {
        Cmd::Init { name, device } => {
            let user = Id::new().to_string();
            let s = Steppe::builder(
                db,
                DeviceIdentity {
                    user_id: user.clone(),
                    user_name: name,
                    device_id: Id::new().to_string(),
                    device_name: device,
                },
            )
            .open()?;
            println!("{user}");
            drop(s);
        }
        Cmd::Demo => crate::demo::run()?,
        Cmd::Enroll {
            server,
            code,
            device,
        } => crate::field::enroll(db, &server, &code, &device)?,
        Cmd::Sync => crate::field::sync(db, open(db)?)?,
        Cmd::Peer(c) => crate::field::peer(&open(db)?, c)?,
        Cmd::Bundle(c) => crate::field::bundle(db, open(db)?, c)?,
        Cmd::Org(c) => org(&open(db)?, c)?,
        Cmd::Person(c) => person(&open(db)?, c)?,
        Cmd::Course(c) => course(&open(db)?, c)?,
        Cmd::Schedule { person, week } => {
            let s = open(db)?;
            let who = person
                .map(Ok)
                .unwrap_or_else(|| Id::parse(&s.identity().user_id))?;
            let day = match week {
                Some(w) => when(&w, "cli_day_form")?,
                None => steppe_core::system_clock()(),
            };
            let from = clock::week_start(day);
            for row in s.schedule_for(who, from, from + 7 * clock::MS_PER_DAY)? {
                println!(
                    "{}  {}  {}  {}  {}  {}  [{}]",
                    row.id,
                    crate::lang::when(row.starts_at),
                    tf("cli_minutes", &[("minutes", row.minutes.into())]),
                    row.mode.label_in(lang()),
                    row.venue,
                    row.title,
                    row.topic.label_in(lang())
                );
            }
        }
        Cmd::CheckIn {
            session,
            online,
            from_school,
        } => {
            open(db)?.check_in(
                session,
                if online {
                    SessionMode::Online
                } else {
                    SessionMode::OnSite
                },
                from_school,
            )?;
            println!("{}", t("cli_checked_in"));
        }
        Cmd::Mark {
            session,
            person,
            status,
        } => {
            open(db)?.mark_attendance(
                session,
                person,
                parse(
                    "cli_what_attendance",
                    &status,
                    steppe_i18n::parse_label::<Attendance>,
                )?,
            )?;
            println!("{}", t("cli_marked"));
        }
        Cmd::Archive { person, year } => {
            let s = open(db)?;
            let who = person
                .map(Ok)
                .unwrap_or_else(|| Id::parse(&s.identity().user_id))?;
            let year = year.unwrap_or_else(|| clock::year_of(steppe_core::system_clock()()));
            let a = s.training_archive(who, year)?;
            println!(
                "{}",
                tf(
                    "cli_archive_year",
                    &[
                        ("year", year.into()),
                        ("sessions", a.sessions.into()),
                        ("hours", a.hours.into())
                    ]
                )
            );
            for by in a.by_topic {
                println!(
                    "  {}",
                    tf(
                        "cli_archive_topic",
                        &[
                            ("topic", by.topic.label_in(lang()).into()),
                            ("sessions", by.sessions.into()),
                            ("hours", by.hours.into())
                        ]
                    )
                );
            }
        }
        Cmd::Case(c) => case(&open(db)?, c)?,
        Cmd::Request(c) => request(&open(db)?, c)?,
        Cmd::Household(c) => household(&open(db)?, c)?,
        Cmd::Orglife(c) => crate::meetings::orglife(&open(db)?, c)?,
        Cmd::Joint(c) => crate::meetings::joint(&open(db)?, c)?,
        Cmd::Evaluation(c) => crate::evaluation::evaluation(&open(db)?, c)?,
        Cmd::Programme(c) => crate::programme::programme(&open(db)?, c)?,
        Cmd::Petition(c) => crate::petition::petition(&open(db)?, c)?,
        Cmd::Station(c) => crate::station::station(&open(db)?, c)?,
        Cmd::Affairs(c) => crate::affairs::affairs(&open(db)?, c)?,
        Cmd::Finding(c) => crate::affairs::finding(&open(db)?, c)?,
        Cmd::Notice(c) => crate::affairs::notice(&open(db)?, c)?,
        Cmd::Dual(c) => crate::dual::dual(&open(db)?, c)?,
        Cmd::Show { id } => println!(
            "{}",
            serde_json::to_string_pretty(&open(db)?.record_json(id)?)?
        ),
        Cmd::History { id } => {
            for h in open(db)?.history(id)? {
                let fields: Vec<String> = h
                    .fields
                    .iter()
                    .map(|f| steppe_i18n::field_label(lang(), f))
                    .collect();
                println!(
                    "{}  {} {}（{}）  {}",
                    crate::lang::when(h.at),
                    crate::lang::pad(&steppe_i18n::command_label(lang(), &h.message), 16),
                    h.user_name.as_deref().unwrap_or("?"),
                    h.device_name.as_deref().unwrap_or("?"),
                    fields.join(&crate::lang::t("list_separator"))
                );
            }
        }
        Cmd::Conflicts => {
            for c in open(db)?.conflicts(None)? {
                println!(
                    "{} {} ({} {})",
                    c.doc,
                    steppe_i18n::field_label(lang(), &c.path),
                    c.object,
                    c.key
                );
                for (i, v) in c.candidates.iter().enumerate() {
                    println!(
                        "  [{i}] {} — {}（{}）",
                        v.value,
                        v.user_name.as_deref().unwrap_or("?"),
                        v.device_name.as_deref().unwrap_or("?")
                    );
                }
            }
        }
        Cmd::Resolve {
            doc,
            object,
            key,
            choice,
        } => {
            open(db)?.resolve_conflict(doc, &object, &key, choice)?;
            println!("{}", t("cli_resolved"));
        }
    }
    Ok(())
}

fn org(s: &Steppe, c: OrgCmd) -> Result<()> {
    match c {
        OrgCmd::Add { name, kind, parent } => println!(
            "{}",
            s.create_org(
                &name,
                parse("cli_what_kind", &kind, steppe_i18n::parse_label::<OrgKind>)?,
                parent
            )?
        ),
        OrgCmd::NameMn { org, name } => {
            s.set_org_name_mn(org, name.as_deref())?;
            println!("{}", t("cli_recorded"));
        }
        OrgCmd::Tree { root } => {
            let roots = match root {
                Some(r) => vec![r],
                None => {
                    let mut roots = s.root_orgs()?;
                    steppe_i18n::sort_by_name(&mut roots, |o| &o.name);
                    roots.into_iter().map(|o| o.id).collect()
                }
            };
            for r in roots {
                // Depth first, the units under each in the order of their names as people
                // read them (pinyin), not of code points.
                let tree =
                    steppe_i18n::sort_tree_by_name(s.org_subtree(r)?, |o| o.depth, |o| &o.name);
                for o in tree {
                    let mn = o.name_mn.map(|n| format!(" {n}")).unwrap_or_default();
                    println!(
                        "{}{}{mn} [{}] {}",
                        "  ".repeat(o.depth as usize),
                        o.name,
                        o.kind.label_in(lang()),
                        o.id
                    );
                }
            }
        }
    }
    Ok(())
}

fn person(s: &Steppe, c: PersonCmd) -> Result<()> {
    match c {
        PersonCmd::Add {
            name,
            org,
            status,
            me,
            role,
        } => {
            let id = if me {
                Some(Id::parse(&s.identity().user_id)?)
            } else {
                None
            };
            let id = s.add_person(NewPerson {
                id,
                name,
                org,
                status: parse(
                    "cli_what_status",
                    &status,
                    steppe_i18n::parse_label::<MemberStatus>,
                )?,
                phone: None,
            })?;
            for r in role {
                let (role, org) = parse("cli_what_role", &r, steppe_i18n::parse_role_at)?;
                s.grant_role(id, org, role)?;
            }
            println!("{id}");
        }
        PersonCmd::NameMn { person, name } => {
            s.set_person_name_mn(person, name.as_deref())?;
            println!("{}", t("cli_recorded"));
        }
        PersonCmd::List { org } => {
            let mut people = s.people_of(org)?;
            steppe_i18n::sort_by_name(&mut people, |p| &p.name);
            for p in people {
                println!(
                    "{}  {}  {}",
                    p.id,
                    pad(&p.name, 12),
                    p.status.label_in(lang())
                );
            }
        }
    }
    Ok(())
}

fn course(s: &Steppe, c: CourseCmd) -> Result<()> {
    match c {
        CourseCmd::Add {
            school,
            title,
            topic,
        } => println!(
            "{}",
            s.create_course(NewCourse {
                school,
                title,
                topic: parse("cli_what_topic", &topic, steppe_i18n::parse_label::<Topic>)?,
                lecturer: None
            })?
        ),
        CourseCmd::Session {
            course,
            at,
            minutes,
            online,
            venue,
        } => {
            let at = when(&at, "cli_time_form")?;
            println!(
                "{}",
                s.schedule_session(NewSession {
                    course,
                    starts_at: at,
                    minutes,
                    mode: if online {
                        SessionMode::Online
                    } else {
                        SessionMode::OnSite
                    },
                    venue
                })?
            );
        }
    }
    Ok(())
}

fn case(s: &Steppe, c: CaseCmd) -> Result<()> {
    match c {
        CaseCmd::Open {
            branch,
            category,
            place,
            description,
            party,
        } => {
            println!(
                "{}",
                s.open_case(NewCase {
                    branch,
                    category: parse(
                        "cli_what_category",
                        &category,
                        steppe_i18n::parse_label::<CaseCategory>
                    )?,
                    place,
                    description,
                    parties: party,
                    mediators: vec![s.identity().user_name.clone()]
                })?
            )
        }
        CaseCmd::Note { case, text } => println!("{}", s.add_case_note(case, &text)?),
        CaseCmd::Visit { case, text } => println!("{}", s.add_case_visit(case, &text)?),
        CaseCmd::Close {
            case,
            outcome,
            detail,
        } => {
            s.close_case(
                case,
                parse(
                    "cli_what_outcome",
                    &outcome,
                    steppe_i18n::parse_label::<Outcome>,
                )?,
                detail.as_deref(),
            )?;
            println!("{}", t("cli_closed"));
        }
        CaseCmd::FollowUp { case, text } => println!("{}", s.add_follow_up(case, &text)?),
        CaseCmd::List { branch, status } => {
            let status = status
                .map(|st| {
                    parse(
                        "cli_what_status",
                        &st,
                        steppe_i18n::parse_label::<CaseStatus>,
                    )
                })
                .transpose()?;
            for r in s.cases(branch, status, 50, 0)? {
                let outcome = r.outcome.map(|o| o.label_in(lang())).unwrap_or_default();
                println!(
                    "{}  {}  {}  {}  {}  {}  {}",
                    r.id,
                    crate::lang::when(r.opened_at),
                    r.category.label_in(lang()),
                    r.status.label_in(lang()),
                    r.place,
                    tf("cli_entries", &[("count", r.entries.into())]),
                    outcome
                );
            }
        }
    }
    Ok(())
}

fn request(s: &Steppe, c: RequestCmd) -> Result<()> {
    match c {
        RequestCmd::Raise {
            community,
            title,
            description,
            by,
        } => println!(
            "{}",
            s.raise_request(NewRequest {
                community,
                title,
                description,
                raised_by: by
            })?
        ),
        RequestCmd::Discuss { request, note } => s.discuss_request(request, &note)?,
        RequestCmd::Decide { request, decision } => s.decide_request(request, &decision, None)?,
        RequestCmd::Done { request, report } => s.carry_out_request(request, &report)?,
        RequestCmd::Evaluate {
            request,
            satisfied,
            comment,
            residents,
        } => s.evaluate_request(
            request,
            steppe_core::Verdict {
                satisfied,
                comment,
                residents,
            },
        )?,
        RequestCmd::List { community, step } => {
            let step = step
                .map(|st| {
                    parse(
                        "cli_what_step",
                        &st,
                        steppe_i18n::parse_label::<RequestStep>,
                    )
                })
                .transpose()?;
            for r in s.requests(community, step, 50, 0)? {
                println!(
                    "{}  {}  {}  {}  {}",
                    r.id,
                    r.step.label_in(lang()),
                    r.title,
                    tf("cli_round", &[("round", r.rounds.into())]),
                    r.satisfied
                        .map(|v| t(if v {
                            "cli_satisfied"
                        } else {
                            "cli_unsatisfied"
                        }))
                        .unwrap_or_default()
                );
            }
        }
    }
    Ok(())
}

fn household(s: &Steppe, c: HouseholdCmd) -> Result<()> {
    match c {
        HouseholdCmd::Add {
            grid,
            address,
            head,
            size,
        } => println!(
            "{}",
            s.register_household(NewHousehold {
                grid,
                address,
                head,
                size,
                tags: vec![],
            })?
        ),
        HouseholdCmd::Tag {
            household,
            tag,
            off,
        } => s.tag_household(
            household,
            parse(
                "cli_what_tag",
                &tag,
                steppe_i18n::parse_label::<HouseholdTag>,
            )?,
            !off,
        )?,
        HouseholdCmd::Visit {
            household,
            mode,
            note,
            follow_up,
        } => println!(
            "{}",
            s.log_visit(
                household,
                parse(
                    "cli_what_mode",
                    &mode,
                    steppe_i18n::parse_label::<VisitMode>
                )?,
                &note,
                follow_up
            )?
        ),
        HouseholdCmd::List { grid, tag } => {
            let tag = tag
                .map(|t| parse("cli_what_tag", &t, steppe_i18n::parse_label::<HouseholdTag>))
                .transpose()?;
            for h in s.households(grid, tag, 50, 0)? {
                println!(
                    "{}  {}  {}  {}",
                    h.id,
                    h.address,
                    h.head,
                    tf("cli_visits", &[("count", h.visits.into())])
                );
            }
        }
    }
    Ok(())
}
