//! `steppe petition`: petitions a village's agency point takes on residents' behalf (信访代办),
//! followed to their conclusion.

use crate::lang::{t, tf};
use anyhow::Result;
use clap::Subcommand;
use steppe_core::Steppe;
use steppe_domain::petition::PetitionStepKind;
use steppe_domain::{Id, clock};

use crate::commands::parse;

#[derive(Debug, Subcommand)]
pub enum PetitionCmd {
    /// Take a petition as this store's user; prints its id.
    Receive {
        #[arg(long)]
        village: Id,
        #[arg(long)]
        petitioner: String,
        matter: String,
    },
    /// A step: forwarded (with --to), progress or replied (or their labels).
    Step {
        petition: Id,
        kind: String,
        note: String,
        #[arg(long)]
        to: Option<String>,
    },
    /// The resident had to come in person again.
    Visit { petition: Id },
    /// Conclude it, after the reply, with the resident's verdict.
    Conclude {
        petition: Id,
        #[arg(long)]
        satisfied: bool,
        note: String,
    },
    /// A village's petitions.
    List {
        #[arg(long)]
        village: Id,
    },
    /// A subtree's petitions received in a year.
    Figures {
        #[arg(long)]
        root: Id,
        #[arg(long)]
        year: i32,
    },
}

pub fn petition(s: &Steppe, c: PetitionCmd) -> Result<()> {
    match c {
        PetitionCmd::Receive {
            village,
            petitioner,
            matter,
        } => println!("{}", s.receive_petition(village, &petitioner, &matter)?),
        PetitionCmd::Step {
            petition,
            kind,
            note,
            to,
        } => {
            let kind = parse(
                "cli_what_step",
                &kind,
                steppe_i18n::parse_label::<PetitionStepKind>,
            )?;
            s.petition_step(petition, kind, to.as_deref(), &note)?;
            println!("{}", t("cli_recorded"));
        }
        PetitionCmd::Visit { petition } => {
            s.petition_visit(petition)?;
            println!("{}", t("cli_recorded"));
        }
        PetitionCmd::Conclude {
            petition,
            satisfied,
            note,
        } => {
            s.conclude_petition(petition, satisfied, &note)?;
            println!("{}", t("cli_concluded"));
        }
        PetitionCmd::List { village } => {
            for p in s.petitions(village)? {
                let state = t(match (p.concluded_at, p.satisfied) {
                    (Some(_), Some(true)) => "cli_petition_concluded_satisfied",
                    (Some(_), _) => "cli_petition_concluded_unsatisfied",
                    (None, _) => "cli_petition_in_hand",
                });
                println!(
                    "{}  {}  {}  {}  {state}",
                    p.id,
                    crate::lang::when(p.received_at),
                    p.petitioner,
                    tf("cli_petition_visits", &[("count", p.visits.into())])
                );
            }
        }
        PetitionCmd::Figures { root, year } => {
            let (from, to) = clock::year_bounds(year);
            let f = s.petition_figures(root, from, to)?;
            println!(
                "{}",
                tf(
                    "cli_petition_figures",
                    &[
                        ("received", f.received.into()),
                        ("concluded", f.concluded.into()),
                        ("once", f.concluded_in_one_visit.into()),
                        ("satisfied", f.satisfied.into()),
                    ]
                )
            );
        }
    }
    Ok(())
}
