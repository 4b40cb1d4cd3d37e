//! `steppe evaluation`: a member's annual democratic evaluation — opened once per member and
//! year, the member's own self-assessment, others' assessments, the vote, and the grade its
//! tallies give under the branch's rule.

use crate::lang::{lang, t};
use anyhow::Result;
use clap::Subcommand;
use steppe_core::Steppe;
use steppe_domain::Id;
use steppe_domain::evaluation::Grade;
use steppe_i18n::Label;

use crate::commands::parse;

#[derive(Debug, Subcommand)]
pub enum EvaluationCmd {
    /// Open a member's evaluation of a year; prints its id.
    Open {
        #[arg(long)]
        branch: Id,
        #[arg(long)]
        member: Id,
        #[arg(long)]
        year: i64,
    },
    /// This store's user's own self-assessment.
    SelfAssess { evaluation: Id, text: String },
    /// This store's user's assessment of the evaluated member.
    Assess { evaluation: Id, text: String },
    /// The branch's rule: the percentage of votes a grade needs (default 50).
    Rule { evaluation: Id, percent: i64 },
    /// The vote's tallies, as GRADE=N (excellent=3 qualified=9 …).
    Votes {
        evaluation: Id,
        #[arg(required = true)]
        tallies: Vec<String>,
    },
    /// Record the grade the tallies give; prints it.
    Result { evaluation: Id },
    /// A branch's evaluations of a year.
    List {
        #[arg(long)]
        branch: Id,
        #[arg(long)]
        year: i64,
    },
}

pub fn evaluation(s: &Steppe, c: EvaluationCmd) -> Result<()> {
    match c {
        EvaluationCmd::Open {
            branch,
            member,
            year,
        } => println!("{}", s.open_evaluation(branch, member, year)?),
        EvaluationCmd::SelfAssess { evaluation, text } => {
            s.assess_self(evaluation, &text)?;
            println!("{}", t("cli_recorded"));
        }
        EvaluationCmd::Assess { evaluation, text } => {
            s.assess_mutually(evaluation, &text)?;
            println!("{}", t("cli_recorded"));
        }
        EvaluationCmd::Rule {
            evaluation,
            percent,
        } => {
            s.set_evaluation_rule(evaluation, percent)?;
            println!("{}", t("cli_recorded"));
        }
        EvaluationCmd::Votes {
            evaluation,
            tallies,
        } => {
            let mut votes = Vec::new();
            for t in tallies {
                let Some((grade, n)) = t.split_once('=') else {
                    return Err(crate::lang::said_as(
                        "cli_tally_form",
                        &[("given", t.as_str().into())],
                    )
                    .into());
                };
                let n: i64 = n.trim().parse().map_err(|_| {
                    crate::lang::said_as("cli_not_a_number", &[("given", n.into())])
                })?;
                votes.push((
                    parse(
                        "cli_what_grade",
                        grade.trim(),
                        steppe_i18n::parse_label::<Grade>,
                    )?,
                    n,
                ));
            }
            s.record_votes(evaluation, &votes)?;
            println!("{}", t("cli_recorded"));
        }
        EvaluationCmd::Result { evaluation } => {
            println!(
                "{}",
                s.record_evaluation_result(evaluation)?.label_in(lang())
            );
        }
        EvaluationCmd::List { branch, year } => {
            // In the order of the members' names as people read them (pinyin).
            let mut results = s.evaluation_results(branch, year)?;
            steppe_i18n::sort_by_name(&mut results, |e| e.member_name.as_deref().unwrap_or(""));
            for e in results {
                println!(
                    "{}  {}  {}",
                    e.id,
                    e.member_name.as_deref().unwrap_or("?"),
                    e.result
                        .map(|g| g.label_in(lang()))
                        .unwrap_or_else(|| t("cli_not_graded"))
                );
            }
        }
    }
    Ok(())
}
