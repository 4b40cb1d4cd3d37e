//! Village (community) affairs supervision — 三单、三员、一平台: the three lists and their items,
//! the 三员 supervisors' findings with the branch's answers, and the public disclosure board.

use rusqlite::{Connection, params};
use steppe_domain::Id;
use steppe_domain::affairs_list::{AffairsList, DutySide, ListKind, NewItem};
use steppe_domain::command::Command;
use steppe_domain::finding::{FindingOutcome, Lens, SupervisionFinding};
use steppe_domain::notice::{NoticeCategory, PublicNotice};

use super::orgs::parse_id;
use crate::error::Result;
use crate::scope::{self, SUBTREE};
use crate::steppe::Steppe;

/// A supervisor's finding, for [`Steppe::record_finding`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFinding {
    pub village: Id,
    pub lens: Lens,
    /// The list and the item on it the finding is against.
    pub against: Option<(Id, String)>,
    pub text: String,
}

/// A notice for the public board, for [`Steppe::draft_notice`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotice {
    pub village: Id,
    pub category: NoticeCategory,
    pub title: String,
    pub body: String,
}

/// One item of a village's lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffairsItemRow {
    pub list: Id,
    pub item: String,
    pub list_kind: ListKind,
    pub text: String,
    pub side: Option<DutySide>,
    pub public: bool,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingRow {
    pub id: Id,
    pub lens: Lens,
    pub at: i64,
    pub answered: bool,
    pub outcome: Option<FindingOutcome>,
}

/// What the public disclosure board of a village shows: only what the branch marked public.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PublicBoard {
    pub notices: Vec<BoardNotice>,
    pub items: Vec<AffairsItemRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardNotice {
    pub id: Id,
    pub category: NoticeCategory,
    pub title: String,
    pub body: String,
    pub published_at: i64,
}

/// Findings by lens in a subtree: how many, how many still open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FindingTally {
    pub findings: i64,
    pub open: i64,
    pub rectified: i64,
}

impl Steppe {
    pub fn create_affairs_list(&self, village: Id, kind: ListKind, year: i64) -> Result<Id> {
        self.read(|c| scope::org_kind(c, village))?;
        let l = AffairsList::new(village.to_string(), kind, year)?;
        self.create(&l, Command::AffairsListCreate)
    }

    pub fn add_list_item(&self, list: Id, item: NewItem) -> Result<String> {
        let id = Id::new().to_string();
        self.update::<AffairsList, _>(list, Command::AffairsListItem, |l, _, _| {
            l.add_item(id.clone(), item)?;
            Ok(id)
        })
    }

    pub fn complete_list_item(&self, list: Id, item: &str) -> Result<()> {
        self.update::<AffairsList, _>(list, Command::AffairsListComplete, |l, _, now| {
            Ok(l.complete_item(item, now)?)
        })
    }

    pub fn publish_list_item(&self, list: Id, item: &str, public: bool) -> Result<()> {
        self.update::<AffairsList, _>(list, Command::AffairsListPublish, |l, _, _| {
            Ok(l.publish_item(item, public)?)
        })
    }

    /// This device's user records a finding through their lens.
    pub fn record_finding(&self, new: NewFinding) -> Result<Id> {
        self.read(|c| scope::org_kind(c, new.village))?;
        let f = SupervisionFinding::record(
            new.village.to_string(),
            new.lens,
            self.identity().user_id.clone(),
            new.against.map(|(l, i)| (l.to_string(), i)),
            new.text,
            self.now(),
        )?;
        self.create(&f, Command::FindingRecord)
    }

    /// The branch's answer, given by this device's user.
    pub fn answer_finding(&self, finding: Id, text: &str) -> Result<()> {
        let by = self.identity().user_id.clone();
        self.update::<SupervisionFinding, _>(finding, Command::FindingAnswer, |f, _, now| {
            Ok(f.answer(text.to_string(), by, now)?)
        })
    }

    pub fn conclude_finding(&self, finding: Id, outcome: FindingOutcome) -> Result<()> {
        self.update::<SupervisionFinding, _>(finding, Command::FindingConclude, |f, _, now| {
            Ok(f.conclude(outcome, now)?)
        })
    }

    pub fn draft_notice(&self, new: NewNotice) -> Result<Id> {
        self.read(|c| scope::org_kind(c, new.village))?;
        let n = PublicNotice::draft(
            new.village.to_string(),
            new.category,
            new.title,
            new.body,
            self.now(),
        )?;
        self.create(&n, Command::NoticeDraft)
    }

    pub fn publish_notice(&self, notice: Id) -> Result<()> {
        self.update::<PublicNotice, _>(notice, Command::NoticePublish, |n, _, now| {
            n.publish(now);
            Ok(())
        })
    }

    pub fn take_down_notice(&self, notice: Id) -> Result<()> {
        self.update::<PublicNotice, _>(notice, Command::NoticeTakeDown, |n, _, _| {
            n.take_down();
            Ok(())
        })
    }

    /// A village's list items of a year, list by list.
    pub fn affairs_items(&self, village: Id, year: i64) -> Result<Vec<AffairsItemRow>> {
        self.read(|c| items(c, village, Some(year), false))
    }

    /// A village's findings, newest first.
    pub fn findings(&self, village: Id) -> Result<Vec<FindingRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, lens, at, answered, outcome FROM findings WHERE village = ?1 ORDER BY at DESC, id",
            )?;
            let rows: Vec<(String, String, i64, bool, Option<String>)> = stmt
                .query_map([village.to_string()], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?
                .collect::<Result<_, _>>()?;
            rows.into_iter()
                .filter_map(|(id, lens, at, answered, outcome)| {
                    Some(Ok(FindingRow {
                        id: match parse_id(&id) {
                            Ok(id) => id,
                            Err(e) => return Some(Err(e)),
                        },
                        lens: Lens::parse(&lens)?,
                        at,
                        answered,
                        outcome: outcome.as_deref().and_then(FindingOutcome::parse),
                    }))
                })
                .collect()
        })
    }

    /// Findings through each lens in `root`'s subtree.
    pub fn finding_tally(&self, root: Id) -> Result<Vec<(Lens, FindingTally)>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "{SUBTREE} SELECT f.lens, COUNT(*), SUM(f.outcome IS NULL), SUM(f.outcome = 'rectified')
                 FROM findings f JOIN sub ON f.village = sub.id GROUP BY f.lens"
            ))?;
            let rows: Vec<(String, i64, i64, i64)> = stmt
                .query_map([root.to_string()], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<Result<_, _>>()?;
            Ok(Lens::ALL
                .iter()
                .map(|&lens| {
                    let t = rows
                        .iter()
                        .find(|r| r.0 == lens.code())
                        .map(|r| FindingTally {
                            findings: r.1,
                            open: r.2,
                            rectified: r.3,
                        })
                        .unwrap_or_default();
                    (lens, t)
                })
                .collect())
        })
    }

    /// What the village's public board shows: published notices (newest first) and the public
    /// items of its lists, done or not.
    pub fn public_board(&self, village: Id) -> Result<PublicBoard> {
        let (published, items) = self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id FROM notices WHERE village = ?1 AND published_at IS NOT NULL ORDER BY published_at DESC, id",
            )?;
            let ids: Vec<String> = stmt
                .query_map([village.to_string()], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            Ok((ids, items(c, village, None, true)?))
        })?;
        let mut notices = Vec::new();
        for id in published {
            let id = parse_id(&id)?;
            let n: PublicNotice = self.get(id)?;
            if let Some(published_at) = n.published_at {
                notices.push(BoardNotice {
                    id,
                    category: n.category,
                    title: n.title,
                    body: n.body,
                    published_at,
                });
            }
        }
        Ok(PublicBoard { notices, items })
    }
}

fn items(
    c: &Connection,
    village: Id,
    year: Option<i64>,
    public_only: bool,
) -> Result<Vec<AffairsItemRow>> {
    let mut stmt = c.prepare_cached(
        "SELECT list, item, list_kind, text, side, public, done FROM affairs_items
         WHERE village = ?1 AND (?2 IS NULL OR year = ?2) AND (?3 = 0 OR public = 1)
         ORDER BY year DESC, list_kind, list, done, text",
    )?;
    let mut rows = stmt.query(params![village.to_string(), year, public_only])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let Some(list_kind) = ListKind::parse(&r.get::<_, String>(2)?) else {
            continue;
        };
        out.push(AffairsItemRow {
            list: parse_id(&r.get::<_, String>(0)?)?,
            item: r.get(1)?,
            list_kind,
            text: r.get(3)?,
            side: r
                .get::<_, Option<String>>(4)?
                .as_deref()
                .and_then(DutySide::parse),
            public: r.get(5)?,
            done: r.get(6)?,
        });
    }
    Ok(out)
}
