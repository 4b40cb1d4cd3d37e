//! `steppe affairs|finding|notice`: a village's three lists, its 三员 supervisors' findings and
//! its public board (三单、三员、一平台).

use crate::lang::{lang, t};
use anyhow::Result;
use clap::Subcommand;
use steppe_core::{NewFinding, NewNotice, Steppe};
use steppe_domain::Id;
use steppe_domain::affairs_list::{DutySide, ListKind, NewItem};
use steppe_domain::finding::{FindingOutcome, Lens};
use steppe_domain::notice::NoticeCategory;
use steppe_i18n::Label;

use crate::commands::parse;

#[derive(Debug, Subcommand)]
pub enum AffairsCmd {
    /// Start a village's list of a year; prints its id.
    Create {
        #[arg(long)]
        village: Id,
        /// party_building_work, powers_and_services or supervisory_duties (or their labels)
        #[arg(long)]
        kind: String,
        #[arg(long)]
        year: i64,
    },
    /// Add an item to a list; prints its id.
    Item {
        list: Id,
        text: String,
        /// How a power or service is applied for and handled.
        #[arg(long)]
        procedure: Option<String>,
        /// positive or negative (supervisory-duties list only)
        #[arg(long)]
        side: Option<String>,
        /// Show it on the village's public board.
        #[arg(long)]
        public: bool,
    },
    /// Mark an item done.
    Done { list: Id, item: String },
    /// A village's items of a year.
    Items {
        #[arg(long)]
        village: Id,
        #[arg(long)]
        year: i64,
    },
    /// What the village's public board shows.
    Board {
        #[arg(long)]
        village: Id,
    },
}

#[derive(Debug, Subcommand)]
pub enum FindingCmd {
    /// Record a finding as this store's user (a 三员 supervisor); prints its id.
    Record {
        #[arg(long)]
        village: Id,
        /// party_building, public_sentiment or integrity (or their labels)
        #[arg(long)]
        lens: String,
        text: String,
        /// The list and item it is against.
        #[arg(long, requires = "item")]
        list: Option<Id>,
        #[arg(long, requires = "list")]
        item: Option<String>,
    },
    /// The branch's answer.
    Answer { finding: Id, text: String },
    /// The supervisor's conclusion: rectified, not_rectified or unfounded.
    Conclude { finding: Id, outcome: String },
    /// A village's findings.
    List {
        #[arg(long)]
        village: Id,
    },
}

#[derive(Debug, Subcommand)]
pub enum NoticeCmd {
    /// Draft a notice for the board; prints its id.
    Draft {
        #[arg(long)]
        village: Id,
        /// party_affairs, village_affairs, finance or service_outcome (or their labels)
        #[arg(long)]
        category: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        body: String,
    },
    Publish {
        notice: Id,
    },
    TakeDown {
        notice: Id,
    },
}

pub fn affairs(s: &Steppe, c: AffairsCmd) -> Result<()> {
    match c {
        AffairsCmd::Create {
            village,
            kind,
            year,
        } => {
            let kind = parse(
                "cli_what_list_kind",
                &kind,
                steppe_i18n::parse_label::<ListKind>,
            )?;
            println!("{}", s.create_affairs_list(village, kind, year)?);
        }
        AffairsCmd::Item {
            list,
            text,
            procedure,
            side,
            public,
        } => {
            let side = side
                .map(|v| parse("cli_what_side", &v, steppe_i18n::parse_label::<DutySide>))
                .transpose()?;
            let item = NewItem {
                text,
                procedure,
                side,
                public,
            };
            println!("{}", s.add_list_item(list, item)?);
        }
        AffairsCmd::Done { list, item } => {
            s.complete_list_item(list, &item)?;
            println!("{}", t("cli_done"));
        }
        AffairsCmd::Items { village, year } => {
            for i in s.affairs_items(village, year)? {
                let state = t(if i.done {
                    "cli_item_done"
                } else {
                    "cli_item_open"
                });
                let public = if i.public {
                    format!(" · {}", t("cli_item_public"))
                } else {
                    String::new()
                };
                println!(
                    "{}  {}  {}  {}{}  {state}{public}",
                    i.list,
                    i.item,
                    i.list_kind.label_in(lang()),
                    i.text,
                    i.side
                        .map(|s| format!("  [{}]", s.label_in(lang())))
                        .unwrap_or_default(),
                );
            }
        }
        AffairsCmd::Board { village } => {
            let board = s.public_board(village)?;
            for n in board.notices {
                println!(
                    "{}  {}：{}\n    {}",
                    crate::lang::when(n.published_at),
                    n.category.label_in(lang()),
                    n.title,
                    n.body
                );
            }
            for i in board.items {
                let state = t(if i.done {
                    "cli_item_done"
                } else {
                    "cli_item_open"
                });
                println!("{}  {}  {state}", i.list_kind.label_in(lang()), i.text);
            }
        }
    }
    Ok(())
}

pub fn finding(s: &Steppe, c: FindingCmd) -> Result<()> {
    match c {
        FindingCmd::Record {
            village,
            lens,
            text,
            list,
            item,
        } => {
            let lens = parse("cli_what_lens", &lens, steppe_i18n::parse_label::<Lens>)?;
            let against = list.zip(item);
            let f = s.record_finding(NewFinding {
                village,
                lens,
                against,
                text,
            })?;
            println!("{f}");
        }
        FindingCmd::Answer { finding, text } => {
            s.answer_finding(finding, &text)?;
            println!("{}", t("cli_answered"));
        }
        FindingCmd::Conclude { finding, outcome } => {
            let outcome = parse(
                "cli_what_outcome",
                &outcome,
                steppe_i18n::parse_label::<FindingOutcome>,
            )?;
            s.conclude_finding(finding, outcome)?;
            println!("{}", t("cli_concluded"));
        }
        FindingCmd::List { village } => {
            for f in s.findings(village)? {
                println!(
                    "{}  {}  {}  {}",
                    f.id,
                    crate::lang::when(f.at),
                    f.lens.label_in(lang()),
                    match (f.answered, f.outcome) {
                        (_, Some(o)) => o.label_in(lang()),
                        (true, None) => t("cli_answered"),
                        (false, None) => t("cli_awaiting_answer"),
                    }
                );
            }
        }
    }
    Ok(())
}

pub fn notice(s: &Steppe, c: NoticeCmd) -> Result<()> {
    match c {
        NoticeCmd::Draft {
            village,
            category,
            title,
            body,
        } => {
            let category = parse(
                "cli_what_category",
                &category,
                steppe_i18n::parse_label::<NoticeCategory>,
            )?;
            let n = s.draft_notice(NewNotice {
                village,
                category,
                title,
                body,
            })?;
            println!("{n}");
        }
        NoticeCmd::Publish { notice } => {
            s.publish_notice(notice)?;
            println!("{}", t("cli_published"));
        }
        NoticeCmd::TakeDown { notice } => {
            s.take_down_notice(notice)?;
            println!("{}", t("cli_taken_down"));
        }
    }
    Ok(())
}
