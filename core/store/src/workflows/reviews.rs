//! 督导已阅: who marked a record as reviewed, and when.

use steppe_domain::Id;

use crate::error::Result;
use crate::steppe::Steppe;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRow {
    pub reviewer: String,
    /// The reviewer's name, where their person record is held here.
    pub reviewer_name: Option<String>,
    pub at: i64,
    pub note: String,
}

impl Steppe {
    /// The marks on `record` made in its own organisation `org` (a mark naming another
    /// organisation than its record's is not the record's), oldest first.
    pub fn review_marks(&self, record: Id, org: &str) -> Result<Vec<ReviewRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT m.reviewer, p.name, m.at, m.note FROM review_marks m
                 LEFT JOIN people p ON p.id = m.reviewer
                 WHERE m.record = ?1 AND m.org = ?2 ORDER BY m.at, m.id",
            )?;
            let rows = stmt
                .query_map(rusqlite::params![record.to_string(), org], |r| {
                    Ok(ReviewRow {
                        reviewer: r.get(0)?,
                        reviewer_name: r.get(1)?,
                        at: r.get(2)?,
                        note: r.get(3)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }
}
