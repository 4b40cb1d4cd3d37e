//! `steppe dual`: work units and in-service members registered with communities (双报到), their
//! co-building contracts, members' reports to and assessments by both (双报告、双考核), and the
//! figures the seed reports.

use crate::lang::{t, tf};
use anyhow::Result;
use clap::Subcommand;
use steppe_core::{NewRegistration, Steppe};
use steppe_domain::contract::ContractHeading;
use steppe_domain::evaluation::Grade;
use steppe_domain::{Id, clock};

use crate::commands::parse;

#[derive(Debug, Subcommand)]
pub enum DualCmd {
    /// Register a unit (or, with --member, one of its in-service members) with a community.
    Register {
        #[arg(long)]
        community: Id,
        #[arg(long)]
        unit: Id,
        #[arg(long)]
        member: Option<Id>,
        #[arg(long)]
        year: i64,
    },
    /// Sign a unit's co-building contract of a year with a community; prints its id.
    Contract {
        #[arg(long)]
        community: Id,
        #[arg(long)]
        unit: Id,
        #[arg(long)]
        year: i64,
    },
    /// Add a commitment to a contract: organisation_link, joint_party_building,
    /// joint_activities, members_managed or shared_resources (or their labels).
    Commit {
        contract: Id,
        #[arg(long)]
        heading: String,
        text: String,
    },
    /// 双报告: an in-service member's report of a year, as their unit or community received it.
    Report {
        member: Id,
        #[arg(long)]
        org: Id,
        #[arg(long)]
        year: i64,
        text: String,
    },
    /// 双考核: the unit's or the community's grade for the member's year (excellent, qualified,
    /// basically_qualified, unqualified, or their labels).
    Assess {
        member: Id,
        #[arg(long)]
        org: Id,
        #[arg(long)]
        year: i64,
        grade: String,
        #[arg(long)]
        remarks: Option<String>,
    },
    /// Mark a commitment fulfilled.
    Fulfil { contract: Id, commitment: String },
    /// The 双报到 figures of a subtree for a year.
    Figures {
        #[arg(long)]
        root: Id,
        #[arg(long)]
        year: i32,
    },
}

pub fn dual(s: &Steppe, c: DualCmd) -> Result<()> {
    match c {
        DualCmd::Register {
            community,
            unit,
            member,
            year,
        } => {
            let r = s.register_with_community(NewRegistration {
                community,
                unit,
                member,
                year,
            })?;
            println!("{r}");
        }
        DualCmd::Contract {
            community,
            unit,
            year,
        } => println!("{}", s.sign_contract(community, unit, year)?),
        DualCmd::Commit {
            contract,
            heading,
            text,
        } => {
            let heading = parse(
                "cli_what_heading",
                &heading,
                steppe_i18n::parse_label::<ContractHeading>,
            )?;
            println!("{}", s.add_commitment(contract, heading, &text)?);
        }
        DualCmd::Report {
            member,
            org,
            year,
            text,
        } => println!("{}", s.receive_service_report(member, org, year, &text)?),
        DualCmd::Assess {
            member,
            org,
            year,
            grade,
            remarks,
        } => {
            let grade = parse("cli_what_grade", &grade, steppe_i18n::parse_label::<Grade>)?;
            s.assess_service(member, org, year, grade, remarks.as_deref())?;
            println!("{}", t("cli_recorded"));
        }
        DualCmd::Fulfil {
            contract,
            commitment,
        } => {
            s.fulfil_commitment(contract, &commitment)?;
            println!("{}", t("cli_fulfilled"));
        }
        DualCmd::Figures { root, year } => {
            let (from, to) = clock::year_bounds(year);
            let f = s.dual_figures(root, i64::from(year), from, to)?;
            let lines = [
                ("cli_dual_units", vec![("count", f.units_registered.into())]),
                (
                    "cli_dual_members",
                    vec![("count", f.members_registered.into())],
                ),
                (
                    "cli_dual_contracts",
                    vec![
                        ("contracts", f.contracts.into()),
                        ("without", f.units_without_contract.into()),
                    ],
                ),
                (
                    "cli_dual_services",
                    vec![
                        ("services", f.services.into()),
                        ("people", f.people_served.into()),
                    ],
                ),
                (
                    "cli_dual_reviews",
                    vec![
                        ("reported", f.reported_to_both.into()),
                        ("assessed", f.assessed_by_both.into()),
                    ],
                ),
            ];
            for (id, args) in lines {
                println!("{}", tf(id, &args));
            }
        }
    }
    Ok(())
}
