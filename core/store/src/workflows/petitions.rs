//! 信访代办: petitions a village's agency point takes on residents' behalf, their steps, and
//! how many were concluded with the resident coming only once (最多跑一次).

use rusqlite::params;
use steppe_domain::Id;
use steppe_domain::command::Command;
use steppe_domain::petition::{Petition, PetitionStepKind};

use super::orgs::parse_id;
use crate::error::Result;
use crate::scope::{self, SUBTREE};
use crate::steppe::Steppe;

/// One petition in a village's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PetitionRow {
    pub id: Id,
    pub petitioner: String,
    pub received_at: i64,
    pub concluded_at: Option<i64>,
    pub visits: i64,
    pub satisfied: Option<bool>,
}

/// A subtree's petitions received in a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PetitionFigures {
    pub received: i64,
    pub concluded: i64,
    /// Concluded with the resident coming in person once.
    pub concluded_in_one_visit: i64,
    pub satisfied: i64,
}

impl Steppe {
    /// This device's user takes a petition at `village`'s agency point.
    pub fn receive_petition(&self, village: Id, petitioner: &str, matter: &str) -> Result<Id> {
        self.read(|c| scope::org_kind(c, village))?;
        let p = Petition::receive(
            village.to_string(),
            petitioner.to_string(),
            matter.to_string(),
            Id::new().to_string(),
            self.hand(),
            self.now(),
        )?;
        self.create(&p, Command::PetitionReceive)
    }

    /// A step on the way: forwarded to `to`, progress, or the reply.
    pub fn petition_step(
        &self,
        petition: Id,
        kind: PetitionStepKind,
        to: Option<&str>,
        note: &str,
    ) -> Result<()> {
        let by = self.hand();
        self.update::<Petition, _>(petition, Command::PetitionStep, |p, _, now| {
            Ok(p.step(
                Id::new().to_string(),
                kind,
                to.map(str::to_string),
                note.to_string(),
                by,
                now,
            )?)
        })
    }

    /// The resident had to come in person again.
    pub fn petition_visit(&self, petition: Id) -> Result<()> {
        self.update::<Petition, _>(petition, Command::PetitionVisit, |p, _, now| {
            Ok(p.visit(now)?)
        })
    }

    pub fn conclude_petition(&self, petition: Id, satisfied: bool, note: &str) -> Result<()> {
        let by = self.hand();
        self.update::<Petition, _>(petition, Command::PetitionConclude, |p, _, now| {
            Ok(p.conclude(Id::new().to_string(), satisfied, note.to_string(), by, now)?)
        })
    }

    /// A village's petitions, the open ones first, newest first.
    pub fn petitions(&self, village: Id) -> Result<Vec<PetitionRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, petitioner, received_at, concluded_at, visits, satisfied FROM petitions
                 WHERE village = ?1 ORDER BY concluded_at IS NOT NULL, received_at DESC, id",
            )?;
            let mut rows = stmt.query([village.to_string()])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                out.push(PetitionRow {
                    id: parse_id(&r.get::<_, String>(0)?)?,
                    petitioner: r.get(1)?,
                    received_at: r.get(2)?,
                    concluded_at: r.get(3)?,
                    visits: r.get(4)?,
                    satisfied: r.get(5)?,
                });
            }
            Ok(out)
        })
    }

    /// The petitions of `root`'s subtree received in `[from, to)`.
    pub fn petition_figures(&self, root: Id, from: i64, to: i64) -> Result<PetitionFigures> {
        self.read(|c| {
            Ok(c.prepare_cached(&format!(
                "{SUBTREE} SELECT COUNT(*), COUNT(p.concluded_at),
                        COALESCE(SUM(p.concluded_at IS NOT NULL AND p.visits = 1), 0),
                        COALESCE(SUM(p.satisfied = 1), 0)
                 FROM petitions p JOIN sub ON p.village = sub.id
                 WHERE p.received_at >= ?2 AND p.received_at < ?3"
            ))?
            .query_row(params![root.to_string(), from, to], |r| {
                Ok(PetitionFigures {
                    received: r.get(0)?,
                    concluded: r.get(1)?,
                    concluded_in_one_visit: r.get(2)?,
                    satisfied: r.get(3)?,
                })
            })?)
        })
    }
}
