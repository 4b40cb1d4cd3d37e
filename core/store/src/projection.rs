//! The screens' SQL rows, derived from a record's current document state inside the same
//! transaction that stores its bytes. Rows depend on document content only, never on this
//! device's clock, so replicas holding the same documents hold the same rows.

use rusqlite::{Transaction, params};
use steppe_domain::course::{Attendance, Course, Session};
use steppe_domain::doc::RecordDoc;
use steppe_domain::evaluation::DemocraticEvaluation;
use steppe_domain::household::Household;
use steppe_domain::joint_meeting::JointMeeting;
use steppe_domain::lecturer::Lecturer;
use steppe_domain::mediation::MediationCase;
use steppe_domain::member_service::MemberService;
use steppe_domain::org::Organisation;
use steppe_domain::org_life::OrgLifeMeeting;
use steppe_domain::person::Person;
use steppe_domain::request::ResidentRequest;
use steppe_domain::service_log::ServiceLog;
use steppe_domain::{Record, RecordKind, clock};

use crate::docstore;
use crate::error::Result;
use crate::observe;

/// The tables a record kind's projection rewrites (what screens listening for changes hear).
fn tables_of(kind: RecordKind) -> Vec<&'static str> {
    let own: &[&'static str] = match kind {
        RecordKind::Organisation => &["orgs"],
        RecordKind::Person => &["people", "roles"],
        RecordKind::Lecturer => &["lecturers"],
        RecordKind::Course => &["courses", "sessions"],
        RecordKind::Session => &["sessions", "attendance"],
        RecordKind::MediationCase => &["cases"],
        RecordKind::ServiceLog => &["service_logs"],
        RecordKind::ResidentRequest => &["requests"],
        RecordKind::JointMeeting => &["joint_meetings"],
        RecordKind::Household => &["households", "household_tags"],
        RecordKind::MemberService => &["member_services"],
        RecordKind::OrgLifeMeeting => &["org_life"],
        RecordKind::DemocraticEvaluation => &["evaluations"],
        _ => &[],
    };
    let mut tables = own.to_vec();
    tables.extend(["conflicts", "rule_issues"]);
    tables
}

/// Rewrites every projection row of one record.
pub fn project(tx: &Transaction<'_>, doc: &RecordDoc) -> Result<()> {
    let id = doc.id().to_string();
    let id = id.as_str();
    observe::mark(&tables_of(doc.kind()));
    let org = match doc.kind() {
        RecordKind::Organisation => org(tx, id, &doc.read()?)?,
        RecordKind::Person => person(tx, id, &doc.read()?)?,
        RecordKind::Lecturer => lecturer(tx, id, &doc.read()?)?,
        RecordKind::Course => course(tx, id, &doc.read()?)?,
        RecordKind::Session => session(tx, id, &doc.read()?)?,
        RecordKind::MediationCase => case(tx, id, &doc.read()?)?,
        RecordKind::ServiceLog => service_log(tx, id, &doc.read()?)?,
        RecordKind::ResidentRequest => request(tx, id, &doc.read()?)?,
        RecordKind::JointMeeting => joint_meeting(tx, id, &doc.read()?)?,
        RecordKind::Household => household(tx, id, &doc.read()?)?,
        RecordKind::MemberService => member_service(tx, id, &doc.read()?)?,
        RecordKind::OrgLifeMeeting => org_life(tx, id, &doc.read()?)?,
        RecordKind::DemocraticEvaluation => evaluation(tx, id, &doc.read()?)?,
        _ => return Ok(()),
    };
    docstore::set_envelope(tx, id, doc.kind(), &org, doc.schema_version())?;
    conflicts(tx, id, doc)?;
    Ok(())
}

fn conflicts(tx: &Transaction<'_>, id: &str, doc: &RecordDoc) -> Result<()> {
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
    if let Err(issue) = doc.validate_any() {
        tx.prepare_cached("INSERT INTO rule_issues(doc, kind, issue) VALUES (?1, ?2, ?3)")?
            .execute(params![id, doc.kind().as_str(), issue.to_string()])?;
    }
    Ok(())
}

fn org(tx: &Transaction<'_>, id: &str, o: &Organisation) -> Result<String> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO orgs(id, parent, kind, name) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, o.parent, o.kind.code(), o.name])?;
    Ok(o.scope_org().to_string())
}

fn person(tx: &Transaction<'_>, id: &str, p: &Person) -> Result<String> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO people(id, org, name, status) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, p.org, p.name, p.status.code()])?;
    tx.prepare_cached("DELETE FROM roles WHERE person = ?1")?
        .execute([id])?;
    for g in p.grants() {
        tx.prepare_cached("INSERT OR IGNORE INTO roles(person, org, role) VALUES (?1, ?2, ?3)")?
            .execute(params![id, g.org, g.role.code()])?;
    }
    Ok(p.scope_org().to_string())
}

fn lecturer(tx: &Transaction<'_>, id: &str, l: &Lecturer) -> Result<String> {
    tx.prepare_cached("INSERT OR REPLACE INTO lecturers(id, pool, name, source, specialties) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![id, l.pool, l.name, l.source.code(), l.specialties.join("、")])?;
    Ok(l.scope_org().to_string())
}

fn course(tx: &Transaction<'_>, id: &str, c: &Course) -> Result<String> {
    tx.prepare_cached("INSERT OR REPLACE INTO courses(id, school, title, topic, lecturer) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![id, c.school, c.title, c.topic.code(), c.lecturer])?;
    Ok(c.scope_org().to_string())
}

fn session(tx: &Transaction<'_>, id: &str, s: &Session) -> Result<String> {
    let present = s
        .attendance
        .values()
        .filter(|a| **a == Attendance::Present)
        .count() as i64;
    tx.prepare_cached(
        "INSERT OR REPLACE INTO sessions(id, course, school, title, topic, starts_at, minutes, mode, venue, cancelled, present)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![id, s.course, s.school, s.title, s.topic.code(), s.starts_at, s.minutes, s.mode.code(), s.venue, s.cancelled, present])?;
    tx.prepare_cached("DELETE FROM attendance WHERE session = ?1")?
        .execute([id])?;
    let year = clock::year_of(s.starts_at);
    for (member, status) in &s.attendance {
        let via = s.joined_via.get(member).map(|m| m.code());
        tx.prepare_cached(
            "INSERT INTO attendance(session, member, status, via, school, year, starts_at, minutes, topic)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![id, member, status.code(), via, s.school, year, s.starts_at, s.minutes, s.topic.code()])?;
    }
    Ok(s.scope_org().to_string())
}

fn case(tx: &Transaction<'_>, id: &str, c: &MediationCase) -> Result<String> {
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
    Ok(c.scope_org().to_string())
}

fn service_log(tx: &Transaction<'_>, id: &str, s: &ServiceLog) -> Result<String> {
    tx.prepare_cached("INSERT OR REPLACE INTO service_logs(id, branch, kind, at, people) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![id, s.branch, s.kind.code(), s.at, s.people_served])?;
    Ok(s.scope_org().to_string())
}

fn request(tx: &Transaction<'_>, id: &str, r: &ResidentRequest) -> Result<String> {
    let updated = r.history.iter().map(|h| h.at).fold(r.raised_at, i64::max);
    tx.prepare_cached(
        "INSERT OR REPLACE INTO requests(id, community, title, step, open, satisfied, rounds, raised_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![id, r.community, r.title, r.step.code(), r.is_open(), r.satisfied(), r.rounds, r.raised_at, updated])?;
    Ok(r.scope_org().to_string())
}

fn joint_meeting(tx: &Transaction<'_>, id: &str, m: &JointMeeting) -> Result<String> {
    tx.prepare_cached("INSERT OR REPLACE INTO joint_meetings(id, community, held_at, topics, decisions) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![id, m.community, m.held_at, m.topics.join("、"), m.decisions.len() as i64])?;
    Ok(m.scope_org().to_string())
}

fn household(tx: &Transaction<'_>, id: &str, h: &Household) -> Result<String> {
    tx.prepare_cached("INSERT OR REPLACE INTO households(id, grid, address, head, size, visits, last_visit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
        .execute(params![id, h.grid, h.address, h.head, h.size, h.visits.len() as i64, h.last_visit_at()])?;
    tx.prepare_cached("DELETE FROM household_tags WHERE household = ?1")?
        .execute([id])?;
    for tag in h.tags() {
        tx.prepare_cached("INSERT INTO household_tags(household, tag, grid) VALUES (?1, ?2, ?3)")?
            .execute(params![id, tag.code(), h.grid])?;
    }
    Ok(h.scope_org().to_string())
}

fn member_service(tx: &Transaction<'_>, id: &str, s: &MemberService) -> Result<String> {
    tx.prepare_cached("INSERT OR REPLACE INTO member_services(id, member, community, at, minutes, people) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![id, s.member, s.community, s.at, s.minutes, s.people_served])?;
    Ok(s.scope_org().to_string())
}

fn org_life(tx: &Transaction<'_>, id: &str, m: &OrgLifeMeeting) -> Result<String> {
    let open = m.open_items() as i64;
    let done = m.rectifications.len() as i64 - open;
    tx.prepare_cached("INSERT OR REPLACE INTO org_life(id, branch, kind, held_at, open_items, done_items) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![id, m.branch, m.kind.code(), m.held_at, open, done])?;
    Ok(m.scope_org().to_string())
}

fn evaluation(tx: &Transaction<'_>, id: &str, e: &DemocraticEvaluation) -> Result<String> {
    tx.prepare_cached("INSERT OR REPLACE INTO evaluations(id, branch, member, year, result) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![id, e.branch, e.member, e.year, e.result.map(|g| g.code())])?;
    Ok(e.scope_org().to_string())
}

/// Every projection table, for rebuilds and for comparing replicas.
pub const TABLES: &[&str] = &[
    "orgs",
    "people",
    "roles",
    "lecturers",
    "courses",
    "sessions",
    "attendance",
    "cases",
    "service_logs",
    "requests",
    "joint_meetings",
    "households",
    "household_tags",
    "member_services",
    "org_life",
    "evaluations",
    "conflicts",
    "rule_issues",
];
