//! 红色驿站: the services red stations give, logged by their duty volunteers, and each station's
//! figures — services, people served, residents' requests raised there.

use rusqlite::params;
use steppe_domain::Id;
use steppe_domain::command::Command;
use steppe_domain::station_service::{StationOffer, StationService};

use super::orgs::parse_id;
use crate::error::Result;
use crate::scope::{self, SUBTREE};
use crate::steppe::Steppe;

/// One station's figures over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationRow {
    pub station: Id,
    pub name: String,
    pub services: i64,
    pub people_served: i64,
    /// Residents' requests raised at the station in the period.
    pub requests: i64,
}

impl Steppe {
    /// This device's user, on duty at `station`, logs a service given.
    pub fn log_station_service(
        &self,
        station: Id,
        offer: StationOffer,
        people_served: i64,
        note: &str,
    ) -> Result<Id> {
        self.read(|c| scope::org_kind(c, station))?;
        let s = StationService::give(
            station.to_string(),
            offer,
            self.identity().user_id.clone(),
            people_served,
            note.to_string(),
            self.now(),
        )?;
        self.create(&s, Command::StationService)
    }

    /// The red stations of `root`'s subtree with their figures for `[from, to)`.
    pub fn station_figures(&self, root: Id, from: i64, to: i64) -> Result<Vec<StationRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                &format!("{SUBTREE} SELECT o.id, o.name,
                        (SELECT COUNT(*) FROM station_services s WHERE s.station = o.id AND s.at >= ?2 AND s.at < ?3),
                        (SELECT COALESCE(SUM(s.people), 0) FROM station_services s WHERE s.station = o.id AND s.at >= ?2 AND s.at < ?3),
                        (SELECT COUNT(*) FROM requests r WHERE r.community = o.id AND r.raised_at >= ?2 AND r.raised_at < ?3)
                 FROM orgs o JOIN sub ON o.id = sub.id
                 WHERE o.kind = 'red_station' ORDER BY o.name, o.id"),
            )?;
            let mut rows = stmt.query(params![root.to_string(), from, to])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                out.push(StationRow {
                    station: parse_id(&r.get::<_, String>(0)?)?,
                    name: r.get(1)?,
                    services: r.get(2)?,
                    people_served: r.get(3)?,
                    requests: r.get(4)?,
                });
            }
            Ok(out)
        })
    }
}
