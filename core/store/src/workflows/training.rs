//! Grassroots Party school: courses, the schedule, check-in and attendance, and each member's
//! training archive.

use std::collections::HashMap;
use steppe_domain::command::Command;
use steppe_domain::reason::Reason;

use rusqlite::{OptionalExtension, params};
use steppe_domain::authz::Action;
use steppe_domain::course::{Attendance, Course, Session, SessionMode, Topic};
use steppe_domain::org::OrgKind;
use steppe_domain::{DomainError, Id, RecordKind};

use super::orgs::parse_id;
use crate::error::{CoreError, Result};
use crate::scope;
use crate::steppe::Steppe;

#[derive(Debug, Clone, PartialEq)]
pub struct CourseRow {
    pub id: Id,
    pub title: String,
    pub topic: Topic,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id: Id,
    pub course: Id,
    pub school: Id,
    /// The school's name, where its record is on this device.
    pub school_name: Option<String>,
    pub title: String,
    pub topic: Topic,
    pub starts_at: i64,
    pub minutes: i64,
    pub mode: SessionMode,
    pub venue: String,
    pub cancelled: bool,
    pub present: i64,
}

/// A member's training archive for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingArchive {
    pub member: Id,
    pub year: i32,
    pub sessions: i64,
    pub hours: f64,
    pub by_topic: Vec<TopicHours>,
    /// Each session attended, oldest first.
    pub entries: Vec<ArchiveEntry>,
}

/// One attended session of a training archive.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchiveEntry {
    pub session: Id,
    pub school: Id,
    pub title: String,
    pub topic: Topic,
    pub starts_at: i64,
    pub hours: f64,
}

/// One member on a session's roll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollEntry {
    pub member: Id,
    /// The member's name where their record is on this device.
    pub name: Option<String>,
    pub attendance: Attendance,
    /// How a member who checked in themselves joined.
    pub via: Option<SessionMode>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicHours {
    pub topic: Topic,
    pub sessions: i64,
    pub hours: f64,
}

/// A course of a Party school, for [`Steppe::create_course`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCourse {
    pub school: Id,
    pub title: String,
    pub topic: Topic,
    pub lecturer: Option<Id>,
}

/// A session of a course, for [`Steppe::schedule_session`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub course: Id,
    /// Milliseconds since the Unix epoch.
    pub starts_at: i64,
    pub minutes: i64,
    pub mode: SessionMode,
    pub venue: String,
}

impl Steppe {
    pub fn create_course(&self, new: NewCourse) -> Result<Id> {
        let NewCourse {
            school,
            title,
            topic,
            lecturer,
        } = new;
        let kind = self.read(|c| scope::org_kind(c, school))?;
        if kind != OrgKind::PartySchool {
            return Err(DomainError::invalid("school", Reason::CoursesBelongToSchool).into());
        }
        let c = Course::new(
            school.to_string(),
            title,
            topic,
            lecturer.map(|l| l.to_string()),
        )?;
        self.create(&c, Command::CourseCreate)
    }

    pub fn schedule_session(&self, new: NewSession) -> Result<Id> {
        let NewSession {
            course,
            starts_at,
            minutes,
            mode,
            venue,
        } = new;
        let c: Course = self.get(course)?;
        let s = Session::schedule(course.to_string(), &c, starts_at, minutes, mode, venue)?;
        self.create(&s, Command::SessionSchedule)
    }

    pub fn reschedule_session(&self, session: Id, starts_at: i64, minutes: i64) -> Result<()> {
        self.update::<Session, _>(session, Command::SessionReschedule, |s, _, _| {
            Ok(s.reschedule(starts_at, minutes)?)
        })
    }

    pub fn cancel_session(&self, session: Id) -> Result<()> {
        self.update::<Session, _>(session, Command::SessionCancel, |s, _, _| Ok(s.cancel()?))
    }

    /// The signed-in member checks themselves in — online, from the site of `receiving` (a
    /// school other than the session's own, for a same-time class; `None`: the session's own).
    pub fn check_in(&self, session: Id, via: SessionMode, receiving: Option<Id>) -> Result<()> {
        let me = self.identity().user_id.clone();
        Id::parse(&me).map_err(|_| DomainError::invalid("user_id", Reason::NoMemberRecord))?;
        self.update::<Session, _>(session, Command::SessionCheckIn, |s, _, now| {
            Ok(s.check_in(&me, via, receiving.map(|r| r.to_string()), now)?)
        })
    }

    /// A secretary or lecturer marks another member's attendance.
    pub fn mark_attendance(&self, session: Id, member: Id, attendance: Attendance) -> Result<()> {
        let me = self.identity().user_id.clone();
        self.update::<Session, _>(session, Command::SessionMark, |s, tx, now| {
            scope::require(tx, &me, &s.school, Action::MarkAttendance)?;
            Ok(s.mark(&member.to_string(), attendance, &me, now)?)
        })
    }

    /// A session's members present, by the school whose site they attended from: a same-time
    /// online class taken at ten schools counts at each. Schools by name where held here.
    pub fn attendance_by_school(&self, session: Id) -> Result<Vec<(Id, Option<String>, i64)>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT COALESCE(a.counted_at, a.school) AS at_school, o.name, COUNT(*)
                 FROM attendance a LEFT JOIN orgs o ON o.id = COALESCE(a.counted_at, a.school)
                 WHERE a.session = ?1 AND a.status = 'present'
                 GROUP BY at_school ORDER BY COUNT(*) DESC, at_school",
            )?;
            let rows: Vec<(String, Option<String>, i64)> = stmt
                .query_map([session.to_string()], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .collect::<std::result::Result<_, _>>()?;
            rows.into_iter()
                .map(|(school, name, n)| Ok((parse_id(&school)?, name, n)))
                .collect()
        })
    }

    /// Who is on a session's roll and how each attended, by name.
    pub fn session_roll(&self, session: Id) -> Result<Vec<RollEntry>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT a.member, p.name, a.status, a.via FROM attendance a LEFT JOIN people p ON p.id = a.member
                 WHERE a.session = ?1 ORDER BY p.name, a.member",
            )?;
            let rows: Vec<(String, Option<String>, String, Option<String>)> = stmt
                .query_map([session.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<Result<_, _>>()?;
            rows.into_iter()
                .map(|(member, name, status, via)| {
                    Ok(RollEntry {
                        member: parse_id(&member)?,
                        name,
                        attendance: Attendance::parse(&status).unwrap_or(Attendance::Absent),
                        via: via.as_deref().and_then(SessionMode::parse),
                    })
                })
                .collect()
        })
    }

    /// How `member` stands on the roll of each of `sessions` they are on, in one query.
    pub fn attendance_in(&self, member: Id, sessions: &[Id]) -> Result<HashMap<Id, Attendance>> {
        let ids = serde_json::to_string(&sessions.iter().map(Id::to_string).collect::<Vec<_>>())
            .unwrap_or_default();
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT session, status FROM attendance WHERE member = ?1 AND session IN (SELECT value FROM json_each(?2))",
            )?;
            let rows: Vec<(String, String)> =
                stmt.query_map(params![member.to_string(), ids], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
            rows.into_iter()
                .filter_map(|(session, status)| Some((session, Attendance::parse(&status)?)))
                .map(|(session, status)| Ok((parse_id(&session)?, status)))
                .collect()
        })
    }

    /// Sessions of one school in `[from, to)`.
    /// A school's courses, by title.
    pub fn courses_of_school(&self, school: Id) -> Result<Vec<CourseRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, title, topic FROM courses WHERE school = ?1 ORDER BY title, id",
            )?;
            let rows: Vec<(String, String, String)> = stmt
                .query_map([school.to_string()], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .collect::<std::result::Result<_, _>>()?;
            rows.into_iter()
                .map(|(id, title, topic)| {
                    Ok(CourseRow {
                        id: parse_id(&id)?,
                        title,
                        topic: Topic::parse(&topic).unwrap_or(Topic::PartyTheory),
                    })
                })
                .collect()
        })
    }

    pub fn sessions_of_school(&self, school: Id, from: i64, to: i64) -> Result<Vec<SessionRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!("{SESSION_COLUMNS} WHERE school = ?1 AND starts_at >= ?2 AND starts_at < ?3 ORDER BY starts_at, id"))?;
            let rows = stmt.query_map(params![school.to_string(), from, to], session_row)?;
            rows.map(|r| r?).collect()
        })
    }

    /// The online same-time classes in `[from, to)` that the schools above `school` hold for the
    /// schools below them: an online session of a banner's or the league's school is joined from
    /// this school's site too, and this school's secretary sees it beside its own sessions.
    pub fn same_time_classes_for(&self, school: Id, from: i64, to: i64) -> Result<Vec<SessionRow>> {
        self.read(|c| {
            let parent: Option<String> = c
                .query_row(
                    "SELECT parent FROM orgs WHERE id = ?1",
                    [school.to_string()],
                    |r| r.get(0),
                )
                .optional()?
                .flatten();
            let Some(parent) = parent else {
                return Ok(Vec::new());
            };
            // The units strictly above the one this school serves: their schools are above it.
            let above: Vec<String> = scope::lineage(c, &parent).into_iter().skip(1).collect();
            let above_json = serde_json::to_string(&above).unwrap_or_default();
            let mut stmt = c.prepare_cached(&format!(
                "{SESSION_COLUMNS} WHERE starts_at >= ?2 AND starts_at < ?3 AND mode = 'online'
                   AND school IN (SELECT id FROM orgs WHERE kind = 'party_school'
                                    AND parent IN (SELECT value FROM json_each(?1)))
                 ORDER BY starts_at, id"
            ))?;
            let rows = stmt.query_map(params![above_json, from, to], session_row)?;
            rows.map(|r| r?).collect()
        })
    }

    /// The sessions a member can attend in `[from, to)`: those of every Party school on the path
    /// from their branch up to the league (a town's school, the banner's, the league's).
    pub fn schedule_for(&self, member: Id, from: i64, to: i64) -> Result<Vec<SessionRow>> {
        self.read(|c| {
            let org: String = c
                .query_row("SELECT org FROM people WHERE id = ?1", [member.to_string()], |r| r.get(0))
                .map_err(|_| DomainError::NotFound { kind: RecordKind::Person, id: member.to_string() })?;
            let chain = scope::lineage(c, &org);
            let chain_json = serde_json::to_string(&chain).unwrap_or_default();
            let mut stmt = c.prepare_cached(&format!(
                "{SESSION_COLUMNS} WHERE starts_at >= ?2 AND starts_at < ?3 AND school IN (
                     SELECT id FROM orgs WHERE kind = 'party_school'
                       AND (parent IN (SELECT value FROM json_each(?1)) OR id IN (SELECT value FROM json_each(?1))))
                 ORDER BY starts_at, id"
            ))?;
            let rows = stmt.query_map(params![chain_json, from, to], session_row)?;
            rows.map(|r| r?).collect()
        })
    }

    /// This week's sessions (Monday to Sunday, China Standard Time) a member can attend; empty
    /// until the member's own record has arrived (a phone before its first sync).
    pub fn schedule_this_week(&self, member: Id) -> Result<Vec<SessionRow>> {
        let start = steppe_domain::clock::week_start(self.now());
        match self.schedule_for(member, start, start + 7 * 24 * 3600 * 1000) {
            Err(CoreError::Domain(DomainError::NotFound {
                kind: RecordKind::Person,
                ..
            })) => Ok(Vec::new()),
            other => other,
        }
    }

    /// A member's training archive for a year: sessions attended, hours, per topic.
    pub fn training_archive(&self, member: Id, year: i32) -> Result<TrainingArchive> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT topic, COUNT(*), SUM(minutes) FROM attendance
                 WHERE member = ?1 AND year = ?2 AND status = 'present' GROUP BY topic ORDER BY topic",
            )?;
            let rows: Vec<(String, i64, i64)> =
                stmt.query_map(params![member.to_string(), year], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
            let by_topic: Vec<TopicHours> = rows
                .into_iter()
                .filter_map(|(t, n, m)| Some(TopicHours { topic: Topic::parse(&t)?, sessions: n, hours: m as f64 / 60.0 }))
                .collect();
            let mut stmt = c.prepare_cached(
                "SELECT a.session, a.school, COALESCE(s.title, ''), a.topic, a.starts_at, a.minutes FROM attendance a
                 LEFT JOIN sessions s ON s.id = a.session
                 WHERE a.member = ?1 AND a.year = ?2 AND a.status = 'present' ORDER BY a.starts_at, a.session",
            )?;
            let rows: Vec<(String, String, String, String, i64, i64)> = stmt
                .query_map(params![member.to_string(), year], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
                .collect::<Result<_, _>>()?;
            let entries = rows
                .into_iter()
                .map(|(session, school, title, topic, starts_at, minutes)| {
                    Ok(ArchiveEntry {
                        session: parse_id(&session)?,
                        school: parse_id(&school)?,
                        title,
                        topic: Topic::parse(&topic).unwrap_or(Topic::PartyTheory),
                        starts_at,
                        hours: minutes as f64 / 60.0,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(TrainingArchive {
                member,
                year,
                sessions: by_topic.iter().map(|t| t.sessions).sum(),
                hours: by_topic.iter().map(|t| t.hours).sum(),
                by_topic,
                entries,
            })
        })
    }
}

const SESSION_COLUMNS: &str =
    "SELECT id, course, school, title, topic, starts_at, minutes, mode, venue, cancelled, present,
     (SELECT name FROM orgs o WHERE o.id = sessions.school) FROM sessions";

fn session_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<SessionRow>> {
    let id: String = r.get(0)?;
    let course: String = r.get(1)?;
    let school: String = r.get(2)?;
    let topic: String = r.get(4)?;
    let mode: String = r.get(7)?;
    let (title, starts_at, minutes, venue, cancelled, present) = (
        r.get(3)?,
        r.get(5)?,
        r.get(6)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
    );
    let school_name: Option<String> = r.get(11)?;
    Ok((|| {
        Ok(SessionRow {
            id: parse_id(&id)?,
            course: parse_id(&course)?,
            school: parse_id(&school)?,
            school_name,
            title,
            topic: Topic::parse(&topic).unwrap_or(Topic::PartyTheory),
            starts_at,
            minutes,
            mode: SessionMode::parse(&mode).unwrap_or(SessionMode::OnSite),
            venue,
            cancelled,
            present,
        })
    })())
}
