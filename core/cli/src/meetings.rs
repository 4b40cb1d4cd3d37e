//! `steppe orglife` and `steppe joint`: a branch's organisational-life meetings — items, talks,
//! attendees (members, superiors, a grid's instructors), rectifications — and a community's
//! joint meetings (三方协商议事会) with their three parties and decisions.

use crate::lang::{lang, t, tf};
use anyhow::Result;
use clap::Subcommand;
use steppe_core::{NewJointMeeting, NewOrgLifeMeeting, Steppe};
use steppe_domain::Id;
use steppe_domain::joint_meeting::JointParty;
use steppe_domain::org_life::{AttendeeRole, ItemKind, MeetingKind};
use steppe_i18n::Label;

use crate::commands::parse;

#[derive(Debug, Subcommand)]
pub enum OrgLifeCmd {
    /// Record a meeting held; prints its id.
    Record {
        #[arg(long)]
        branch: Id,
        /// democratic_life or organisational_life (or their labels)
        #[arg(long, default_value = "organisational_life")]
        kind: String,
        /// When it was held (YYYY-MM-DD HH:MM); default now.
        #[arg(long)]
        held_at: Option<String>,
    },
    /// An opinion gathered, a talk held before the meeting, or a problem found: opinion, talk
    /// or problem (or their labels).
    Item {
        meeting: Id,
        kind: String,
        text: String,
    },
    /// Someone who attended: member, superior or instructor (an instructor by --person).
    Attend {
        meeting: Id,
        role: String,
        name: String,
        #[arg(long)]
        person: Option<Id>,
    },
    /// A rectification item with its owner and due date (YYYY-MM-DD); prints its id.
    Rectify {
        meeting: Id,
        text: String,
        #[arg(long)]
        owner: String,
        #[arg(long)]
        due: Option<String>,
    },
    /// Mark a rectification item done.
    Complete { meeting: Id, item: String },
    /// A branch's meetings.
    List {
        #[arg(long)]
        branch: Id,
    },
}

#[derive(Debug, Subcommand)]
pub enum JointCmd {
    /// Record a 三方协商议事会; prints its id. Each party by PARTY=REPRESENTATIVE, or PARTY=
    /// for its recorded absence: community_committee, property_company, owners_committee.
    Record {
        #[arg(long)]
        community: Id,
        #[arg(long)]
        held_at: Option<String>,
        #[arg(long = "party", required = true)]
        parties: Vec<String>,
        #[arg(long = "topic", required = true)]
        topics: Vec<String>,
        /// Anyone else who took part; repeatable.
        #[arg(long = "with")]
        participants: Vec<String>,
    },
    /// A decision of a meeting, settling a request if --request names one; prints its id.
    Decide {
        meeting: Id,
        text: String,
        #[arg(long)]
        request: Option<Id>,
    },
}

fn when(at: Option<String>) -> Result<i64> {
    match at {
        Some(a) => crate::commands::when(&a, "cli_time_form"),
        None => Ok(steppe_core::system_clock()()),
    }
}

pub fn orglife(s: &Steppe, c: OrgLifeCmd) -> Result<()> {
    match c {
        OrgLifeCmd::Record {
            branch,
            kind,
            held_at,
        } => {
            let m = s.record_org_life_meeting(NewOrgLifeMeeting {
                branch,
                kind: parse(
                    "cli_what_meeting_kind",
                    &kind,
                    steppe_i18n::parse_label::<MeetingKind>,
                )?,
                held_at: when(held_at)?,
            })?;
            println!("{m}");
        }
        OrgLifeCmd::Item {
            meeting,
            kind,
            text,
        } => {
            let kind = parse(
                "cli_what_item_kind",
                &kind,
                steppe_i18n::parse_label::<ItemKind>,
            )?;
            println!("{}", s.add_org_life_item(meeting, kind, &text)?);
        }
        OrgLifeCmd::Attend {
            meeting,
            role,
            name,
            person,
        } => {
            let role = parse(
                "cli_what_attendee_role",
                &role,
                steppe_i18n::parse_label::<AttendeeRole>,
            )?;
            println!("{}", s.add_meeting_attendee(meeting, role, &name, person)?);
        }
        OrgLifeCmd::Rectify {
            meeting,
            text,
            owner,
            due,
        } => {
            let due = due
                .map(|d| crate::commands::when(&d, "cli_day_form"))
                .transpose()?;
            println!("{}", s.add_rectification(meeting, &text, &owner, due)?);
        }
        OrgLifeCmd::Complete { meeting, item } => {
            s.complete_rectification(meeting, &item)?;
            println!("{}", t("cli_done"));
        }
        OrgLifeCmd::List { branch } => {
            for m in s.org_life_meetings(branch)? {
                println!(
                    "{}  {}  {}  {}",
                    m.id,
                    crate::lang::when(m.held_at),
                    m.kind.label_in(lang()),
                    tf(
                        "cli_rectifications",
                        &[("open", m.open_items.into()), ("done", m.done_items.into())]
                    )
                );
            }
        }
    }
    Ok(())
}

pub fn joint(s: &Steppe, c: JointCmd) -> Result<()> {
    match c {
        JointCmd::Record {
            community,
            held_at,
            parties,
            topics,
            participants,
        } => {
            let mut named = Vec::new();
            for p in parties {
                let (party, who) = p.split_once('=').unwrap_or((p.as_str(), ""));
                let who = who.trim();
                named.push((
                    parse(
                        "cli_what_party",
                        party.trim(),
                        steppe_i18n::parse_label::<JointParty>,
                    )?,
                    (!who.is_empty()).then(|| who.to_string()),
                ));
            }
            let m = s.record_joint_meeting(NewJointMeeting {
                community,
                held_at: when(held_at)?,
                parties: named,
                participants,
                topics,
            })?;
            println!("{m}");
        }
        JointCmd::Decide {
            meeting,
            text,
            request,
        } => println!("{}", s.add_meeting_decision(meeting, &text, request)?),
    }
    Ok(())
}
