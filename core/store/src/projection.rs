//! The screens' SQL rows, derived from a record's current document state inside the same
//! transaction that stores its bytes. Rows depend on document content only, never on this
//! device's clock, so replicas holding the same documents hold the same rows.
//!
//! Every record type says how it is projected by implementing [`Projected`]; the kinds' one
//! dispatch (`with_record_type!`) needs it of every type, so a kind without a projection fails to
//! compile. Its `ROWS` are also what the purge deletes and what screens watch, so the three
//! cannot drift apart.

use rusqlite::{Transaction, params};
use steppe_domain::DomainError;
use steppe_domain::affairs_list::AffairsList;
use steppe_domain::contract::CoBuildingContract;
use steppe_domain::course::{Attendance, Course, Session};
use steppe_domain::doc::RecordDoc;
use steppe_domain::evaluation::DemocraticEvaluation;
use steppe_domain::finding::SupervisionFinding;
use steppe_domain::household::Household;
use steppe_domain::joint_meeting::JointMeeting;
use steppe_domain::lecturer::Lecturer;
use steppe_domain::mediation::MediationCase;
use steppe_domain::member_service::MemberService;
use steppe_domain::notice::PublicNotice;
use steppe_domain::org::Organisation;
use steppe_domain::org_life::OrgLifeMeeting;
use steppe_domain::person::Person;
use steppe_domain::petition::Petition;
use steppe_domain::programme::TrainingProgramme;
use steppe_domain::registration::CommunityRegistration;
use steppe_domain::rejection::RejectedUpload;
use steppe_domain::request::ResidentRequest;
use steppe_domain::review_mark::ReviewMark;
use steppe_domain::service_log::ServiceLog;
use steppe_domain::service_review::ServiceReview;
use steppe_domain::station_service::StationService;
use steppe_domain::{Record, RecordKind, clock, with_record_type};

use crate::docstore;
use crate::error::Result;
use crate::observe;

/// How a record type's state becomes rows.
pub(crate) trait Projected: Record {
    /// The tables holding this record's rows, each with the column naming the record's id.
    /// They are emptied of the record's rows before [`Projected::project`] writes them anew.
    const ROWS: &'static [(&'static str, &'static str)];
    /// Tables whose screens show this record's fields though they hold none of its rows (a
    /// course's title on its sessions' screen): told when it changes.
    const SHOWN_IN: &'static [&'static str] = &[];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()>;
}

/// Rows derived from a record whatever its kind: its conflicts and broken rules.
const EVERY_RECORD: &[(&str, &str)] = &[("conflicts", "doc"), ("rule_issues", "doc")];

fn rows_of<R: Projected>() -> &'static [(&'static str, &'static str)] {
    R::ROWS
}

fn shown_in<R: Projected>() -> &'static [&'static str] {
    R::SHOWN_IN
}

/// The tables whose rows a record of `kind` is projected into (table, id column).
pub(crate) fn rows(kind: RecordKind) -> &'static [(&'static str, &'static str)] {
    with_record_type!(kind, rows_of())
}

/// The tables a screen showing records of `kind` listens to: what a change to one rewrites.
pub fn tables_of(kind: RecordKind) -> Vec<&'static str> {
    let mut tables: Vec<&'static str> = rows(kind).iter().map(|(t, _)| *t).collect();
    tables.extend(with_record_type!(kind, shown_in()));
    tables.extend(EVERY_RECORD.iter().map(|(t, _)| *t));
    tables.dedup();
    tables
}

/// Every projection row keyed by the record it came from, whatever its kind (table, id column):
/// what forgetting a record deletes.
pub(crate) fn record_rows() -> Vec<(&'static str, &'static str)> {
    let mut all: Vec<_> = RecordKind::ALL
        .iter()
        .flat_map(|k| rows(*k))
        .copied()
        .collect();
    all.extend(EVERY_RECORD);
    all.dedup();
    all
}

/// Every projection table, in a fixed order: for rebuilds and for comparing replicas.
pub fn tables() -> Vec<&'static str> {
    let mut tables: Vec<&'static str> = record_rows().into_iter().map(|(t, _)| t).collect();
    tables.dedup();
    tables
}

/// What projecting a record learnt beside its rows: its organisation, and whether its merged
/// state breaks a rule of its kind (from the same hydrated record: reading one twice was a fifth
/// of a first sync's time).
struct Projection {
    org: String,
    broken: std::result::Result<(), DomainError>,
}

fn project_as<R: Projected>(tx: &Transaction<'_>, id: &str, doc: &RecordDoc) -> Result<Projection> {
    let record: R = doc.read()?;
    for (table, column) in R::ROWS {
        tx.prepare_cached(&format!("DELETE FROM {table} WHERE {column} = ?1"))?
            .execute([id])?;
    }
    record.project(tx, id)?;
    Ok(Projection {
        org: record.scope_org().to_string(),
        broken: record.validate(),
    })
}

/// Rewrites every projection row of one record.
pub fn project(tx: &Transaction<'_>, doc: &mut RecordDoc) -> Result<()> {
    let id = doc.id().to_string();
    let id = id.as_str();
    observe::mark(&tables_of(doc.kind()));
    let projection = with_record_type!(doc.kind(), project_as(tx, id, doc))?;
    docstore::set_envelope(tx, id, doc.kind(), &projection.org, doc.schema_version())?;
    conflicts(tx, id, doc, projection.broken)?;
    Ok(())
}

fn conflicts(
    tx: &Transaction<'_>,
    id: &str,
    doc: &mut RecordDoc,
    broken: std::result::Result<(), DomainError>,
) -> Result<()> {
    tx.prepare_cached("DELETE FROM conflicts WHERE doc = ?1")?
        .execute([id])?;
    for c in doc.conflicts() {
        let candidates = serde_json::to_string(
            &c.values
                .iter()
                .map(|v| (&v.value, &v.actor))
                .collect::<Vec<_>>(),
        )
        .unwrap_or_default();
        tx.prepare_cached("INSERT OR REPLACE INTO conflicts(doc, object, key, path, candidates) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![id, c.object, c.key, c.path, candidates])?;
    }
    tx.prepare_cached("DELETE FROM rule_issues WHERE doc = ?1")?
        .execute([id])?;
    if let Err(issue) = broken {
        tx.prepare_cached("INSERT INTO rule_issues(doc, kind, issue) VALUES (?1, ?2, ?3)")?
            .execute(params![id, doc.kind().as_str(), issue.to_string()])?;
    }
    Ok(())
}

impl Projected for Organisation {
    const ROWS: &'static [(&'static str, &'static str)] = &[("orgs", "id")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let o = self;
        tx.prepare_cached(
            "INSERT OR REPLACE INTO orgs(id, parent, kind, name, name_mn) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![id, o.parent, o.kind.code(), o.name, o.name_mn])?;
        Ok(())
    }
}

impl Projected for Person {
    const ROWS: &'static [(&'static str, &'static str)] = &[("people", "id"), ("roles", "person")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let p = self;
        tx.prepare_cached(
            "INSERT OR REPLACE INTO people(id, org, name, status) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![id, p.org, p.name, p.status.code()])?;
        for g in p.grants() {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO roles(person, org, role) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![id, g.org, g.role.code()])?;
        }
        Ok(())
    }
}

impl Projected for Lecturer {
    const ROWS: &'static [(&'static str, &'static str)] = &[("lecturers", "id")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let l = self;
        tx.prepare_cached("INSERT OR REPLACE INTO lecturers(id, pool, name, source, specialties) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![id, l.pool, l.name, l.source.code(), l.specialties.join("、")])?;
        Ok(())
    }
}

impl Projected for Course {
    const ROWS: &'static [(&'static str, &'static str)] = &[("courses", "id")];
    const SHOWN_IN: &'static [&'static str] = &["sessions"];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let c = self;
        tx.prepare_cached("INSERT OR REPLACE INTO courses(id, school, title, topic, lecturer, programme) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
            .execute(params![id, c.school, c.title, c.topic.code(), c.lecturer, c.programme])?;
        Ok(())
    }
}

impl Projected for Session {
    const ROWS: &'static [(&'static str, &'static str)] =
        &[("sessions", "id"), ("attendance", "session")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let s = self;
        let present = s
            .attendance
            .values()
            .filter(|a| **a == Attendance::Present)
            .count() as i64;
        tx.prepare_cached(
            "INSERT OR REPLACE INTO sessions(id, course, school, title, topic, starts_at, minutes, mode, venue, cancelled, present, kind)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![id, s.course, s.school, s.title, s.topic.code(), s.starts_at, s.minutes, s.mode.code(), s.venue, s.cancelled, present, s.kind().code()])?;
        let year = clock::year_of(s.starts_at);
        for (member, status) in &s.attendance {
            let via = s.joined_via.get(member).map(|m| m.code());
            tx.prepare_cached(
                "INSERT INTO attendance(session, member, status, via, school, year, starts_at, minutes, topic, counted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![id, member, status.code(), via, s.school, year, s.starts_at, s.minutes, s.topic.code(), s.counted_at(member)])?;
        }
        Ok(())
    }
}

impl Projected for MediationCase {
    const ROWS: &'static [(&'static str, &'static str)] = &[("cases", "id")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let c = self;
        let last_activity = c
            .timeline
            .iter()
            .map(|e| e.at)
            .chain(c.follow_ups.iter().map(|f| f.at))
            .chain(c.closed_at)
            .fold(c.opened_at, i64::max);
        tx.prepare_cached(
            "INSERT OR REPLACE INTO cases(id, branch, category, status, outcome, place, opened_at, closed_at, entries, follow_ups, last_activity)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            id,
            c.branch,
            c.category.code(),
            c.status.code(),
            c.outcome.map(|o| o.code()),
            c.place,
            c.opened_at,
            c.closed_at,
            c.timeline.len() as i64,
            c.follow_ups.len() as i64,
            last_activity
        ])?;
        Ok(())
    }
}

impl Projected for ServiceLog {
    const ROWS: &'static [(&'static str, &'static str)] = &[("service_logs", "id")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let s = self;
        tx.prepare_cached("INSERT OR REPLACE INTO service_logs(id, branch, kind, at, people) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![id, s.branch, s.kind.code(), s.at, s.people_served])?;
        Ok(())
    }
}

impl Projected for RejectedUpload {
    const ROWS: &'static [(&'static str, &'static str)] = &[("rejected_uploads", "id")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let r = self;
        tx.prepare_cached(
            "INSERT OR REPLACE INTO rejected_uploads(id, org, user, user_name, device_name, record, record_kind, reason, detail, last_at, changes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![id, r.org, r.user, r.user_name, r.device_name, r.record, r.record_kind, r.reason.code(), r.detail, r.last_at, r.changes])?;
        Ok(())
    }
}

impl Projected for ResidentRequest {
    const ROWS: &'static [(&'static str, &'static str)] = &[("requests", "id")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let r = self;
        let updated = r.history.iter().map(|h| h.at).fold(r.raised_at, i64::max);
        tx.prepare_cached(
            "INSERT OR REPLACE INTO requests(id, community, title, step, open, satisfied, rounds, raised_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![id, r.community, r.title, r.step.code(), r.is_open(), r.satisfied(), r.rounds, r.raised_at, updated])?;
        Ok(())
    }
}

impl Projected for JointMeeting {
    const ROWS: &'static [(&'static str, &'static str)] = &[("joint_meetings", "id")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let m = self;
        tx.prepare_cached("INSERT OR REPLACE INTO joint_meetings(id, community, held_at, topics, decisions) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![id, m.community, m.held_at, m.topics.join("、"), m.decisions.len() as i64])?;
        Ok(())
    }
}

impl Projected for Household {
    const ROWS: &'static [(&'static str, &'static str)] = &[
        ("households", "id"),
        ("household_tags", "household"),
        ("due_items", "record"),
    ];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let h = self;
        tx.prepare_cached("INSERT OR REPLACE INTO households(id, grid, address, head, size, visits, last_visit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
            .execute(params![id, h.grid, h.address, h.head, h.size, h.visits.len() as i64, h.last_visit_at()])?;
        for tag in h.tags() {
            tx.prepare_cached(
                "INSERT INTO household_tags(household, tag, grid) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![id, tag.code(), h.grid])?;
        }
        // A visit that asked for a follow-up waits until a later visit is made (later in time,
        // or at the same minute but after it in the list).
        for (i, v) in h.visits.iter().enumerate().filter(|(_, v)| v.follow_up) {
            let followed = h
                .visits
                .iter()
                .enumerate()
                .any(|(j, w)| j != i && (w.at, j) > (v.at, i));
            due_item(
                tx,
                id,
                &v.id,
                &h.grid,
                "follow_up",
                &v.note,
                &v.visitor,
                v.at,
                None,
                followed,
            )?;
        }
        Ok(())
    }
}

impl Projected for MemberService {
    const ROWS: &'static [(&'static str, &'static str)] = &[("member_services", "id")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let s = self;
        tx.prepare_cached("INSERT OR REPLACE INTO member_services(id, member, community, at, minutes, people) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
            .execute(params![id, s.member, s.community, s.at, s.minutes, s.people_served])?;
        Ok(())
    }
}

impl Projected for OrgLifeMeeting {
    const ROWS: &'static [(&'static str, &'static str)] =
        &[("org_life", "id"), ("due_items", "record")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let m = self;
        let open = m.open_items() as i64;
        let done = m.rectifications.len() as i64 - open;
        tx.prepare_cached("INSERT OR REPLACE INTO org_life(id, branch, kind, held_at, open_items, done_items) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
            .execute(params![id, m.branch, m.kind.code(), m.held_at, open, done])?;
        for r in &m.rectifications {
            due_item(
                tx,
                id,
                &r.id,
                &m.branch,
                "rectification",
                &r.text,
                &r.owner,
                m.held_at,
                r.due,
                r.done,
            )?;
        }
        Ok(())
    }
}

/// One row of work waiting for someone (`due_items`).
#[allow(clippy::too_many_arguments)] // one row's columns, named at the two call sites
fn due_item(
    tx: &Transaction<'_>,
    record: &str,
    item: &str,
    org: &str,
    kind: &str,
    text: &str,
    owner: &str,
    since: i64,
    due: Option<i64>,
    done: bool,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO due_items(record, item, org, kind, text, owner, since, due, done)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        record, item, org, kind, text, owner, since, due, done
    ])?;
    Ok(())
}

impl Projected for DemocraticEvaluation {
    const ROWS: &'static [(&'static str, &'static str)] = &[("evaluations", "id")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let e = self;
        tx.prepare_cached("INSERT OR REPLACE INTO evaluations(id, branch, member, year, result) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![id, e.branch, e.member, e.year, e.result.map(|g| g.code())])?;
        Ok(())
    }
}

impl Projected for AffairsList {
    const ROWS: &'static [(&'static str, &'static str)] = &[("affairs_items", "list")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let l = self;
        let mut insert = tx.prepare_cached(
            "INSERT OR REPLACE INTO affairs_items(list, item, village, list_kind, year, text, side, public, done, done_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for i in &l.items {
            insert.execute(params![
                id,
                i.id,
                l.village,
                l.kind.code(),
                l.year,
                i.text,
                i.side.map(|s| s.code()),
                i.public,
                i.done,
                i.done_at
            ])?;
        }
        Ok(())
    }
}

impl Projected for SupervisionFinding {
    const ROWS: &'static [(&'static str, &'static str)] = &[("findings", "id")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let f = self;
        tx.prepare_cached(
            "INSERT OR REPLACE INTO findings(id, village, lens, author, at, list, item, answered, outcome)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![id, f.village, f.lens.code(), f.by, f.at, f.list, f.item, f.answer.is_some(), f.outcome.map(|o| o.code())])?;
        Ok(())
    }
}

impl Projected for PublicNotice {
    const ROWS: &'static [(&'static str, &'static str)] = &[("notices", "id")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let n = self;
        tx.prepare_cached("INSERT OR REPLACE INTO notices(id, village, category, title, written_at, published_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
            .execute(params![id, n.village, n.category.code(), n.title, n.written_at, n.published_at])?;
        Ok(())
    }
}

impl Projected for ReviewMark {
    const ROWS: &'static [(&'static str, &'static str)] = &[("review_marks", "id")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let m = self;
        tx.prepare_cached("INSERT OR REPLACE INTO review_marks(id, record, record_kind, org, reviewer, at, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
            .execute(params![id, m.record, m.record_kind, m.org, m.reviewer, m.at, m.note])?;
        Ok(())
    }
}

impl Projected for CommunityRegistration {
    const ROWS: &'static [(&'static str, &'static str)] = &[("registrations", "id")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let r = self;
        tx.prepare_cached("INSERT OR REPLACE INTO registrations(id, community, unit, member, year) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![id, r.community, r.unit, r.member, r.year])?;
        Ok(())
    }
}

impl Projected for CoBuildingContract {
    const ROWS: &'static [(&'static str, &'static str)] = &[("contracts", "id")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let c = self;
        let fulfilled = c.commitments.iter().filter(|x| x.done).count() as i64;
        tx.prepare_cached("INSERT OR REPLACE INTO contracts(id, community, unit, year, commitments, fulfilled) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
            .execute(params![id, c.community, c.unit, c.year, c.commitments.len() as i64, fulfilled])?;
        Ok(())
    }
}

impl Projected for ServiceReview {
    const ROWS: &'static [(&'static str, &'static str)] = &[("service_reviews", "id")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let r = self;
        tx.prepare_cached("INSERT OR REPLACE INTO service_reviews(id, member, org, year, reported, grade) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
            .execute(params![id, r.member, r.org, r.year, r.report.is_some(), r.grade.map(|g| g.code())])?;
        Ok(())
    }
}

impl Projected for TrainingProgramme {
    const ROWS: &'static [(&'static str, &'static str)] = &[("programmes", "id")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let p = self;
        tx.prepare_cached("INSERT OR REPLACE INTO programmes(id, school, title, theme, year, starts_on, ends_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
            .execute(params![id, p.school, p.title, p.theme.code(), p.year, p.starts_on, p.ends_on])?;
        Ok(())
    }
}

impl Projected for Petition {
    const ROWS: &'static [(&'static str, &'static str)] = &[("petitions", "id")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let p = self;
        tx.prepare_cached("INSERT OR REPLACE INTO petitions(id, village, petitioner, received_at, concluded_at, visits, satisfied) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
            .execute(params![id, p.village, p.petitioner, p.received_at(), p.concluded_at(), p.visits.len() as i64, p.satisfied])?;
        Ok(())
    }
}

impl Projected for StationService {
    const ROWS: &'static [(&'static str, &'static str)] = &[("station_services", "id")];

    fn project(&self, tx: &Transaction<'_>, id: &str) -> Result<()> {
        let s = self;
        tx.prepare_cached("INSERT OR REPLACE INTO station_services(id, station, offer, at, volunteer, people) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
            .execute(params![id, s.station, s.offer.code(), s.at, s.volunteer, s.people_served])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> rusqlite::Connection {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::db::migrations().to_latest(&mut conn).unwrap();
        conn
    }

    fn columns(conn: &rusqlite::Connection, table: &str) -> Vec<String> {
        conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap()
    }

    /// Every kind is projected into tables that exist, keyed by a column they have; the purge
    /// forgets those rows; screens watching the kind hear them; people can read its name.
    /// (The bindings' half — every kind crosses the FFI — is tested in `bindings/src/kinds.rs`.)
    #[test]
    fn every_kind_is_projected_purged_watched_and_labelled() {
        let conn = schema();
        let purged = record_rows();
        for &kind in RecordKind::ALL {
            assert!(!rows(kind).is_empty(), "{kind} has no projection rows");
            for (table, column) in rows(kind) {
                assert!(
                    columns(&conn, table).iter().any(|c| c == column),
                    "{kind}: no column {column} in table {table}"
                );
                assert!(
                    purged.contains(&(table, column)),
                    "{kind}: {table} never purged"
                );
                assert!(
                    tables_of(kind).contains(table),
                    "{kind}: {table} not watched"
                );
                assert!(tables().contains(table), "{kind}: {table} not rebuilt");
            }
        }
        for table in tables() {
            assert!(!columns(&conn, table).is_empty(), "{table} does not exist");
        }
    }
}
