//! A Party school's themed training programmes (专题培训班): planned for a year, courses grouped
//! under them, sessions marked as field study or practice teaching, and the trainee-times each
//! programme drew.

use rusqlite::params;
use steppe_domain::Id;
use steppe_domain::command::Command;
use steppe_domain::course::{Course, Session, SessionKind, Topic};
use steppe_domain::programme::TrainingProgramme;
use steppe_domain::reason::Reason;

use super::orgs::parse_id;
use crate::error::Result;
use crate::scope;
use crate::steppe::Steppe;

/// A programme a school plans, for [`Steppe::plan_programme`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProgramme {
    pub school: Id,
    pub title: String,
    pub theme: Topic,
    pub year: i64,
    pub starts_on: i64,
    pub ends_on: i64,
}

/// One programme of a school's year, with what it drew.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeRow {
    pub id: Id,
    pub title: String,
    pub theme: Topic,
    pub courses: i64,
    pub sessions: i64,
    /// Of those, field study and practice teaching away from the classroom.
    pub field_sessions: i64,
    /// Members present, summed over the programme's sessions.
    pub trainee_times: i64,
}

impl Steppe {
    pub fn plan_programme(&self, new: NewProgramme) -> Result<Id> {
        self.read(|c| scope::org_kind(c, new.school))?;
        let p = TrainingProgramme::plan(
            new.school.to_string(),
            new.title,
            new.theme,
            new.year,
            new.starts_on,
            new.ends_on,
        )?;
        self.create(&p, Command::ProgrammePlan)
    }

    /// Groups a course under a programme (`None`: takes it out).
    /// Only a programme of the course's own school.
    pub fn set_course_programme(&self, course: Id, programme: Option<Id>) -> Result<()> {
        let school = match programme {
            Some(p) => Some(self.get::<TrainingProgramme>(p)?.school),
            None => None,
        };
        self.update::<Course, _>(course, Command::CourseProgramme, |c, _, _| {
            if school.as_ref().is_some_and(|s| *s != c.school) {
                return Err(steppe_domain::DomainError::invalid(
                    "programme",
                    Reason::ProgrammeOfOwnSchool,
                )
                .into());
            }
            Ok(c.join_programme(programme.map(|p| p.to_string()))?)
        })
    }

    pub fn set_session_kind(&self, session: Id, kind: SessionKind) -> Result<()> {
        self.update::<Session, _>(session, Command::SessionKind, |s, _, _| {
            Ok(s.set_kind(kind)?)
        })
    }

    /// A school's programmes of a year, in the order they start.
    pub fn programmes(&self, school: Id, year: i64) -> Result<Vec<ProgrammeRow>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT p.id, p.title, p.theme,
                        COUNT(DISTINCT c.id),
                        COUNT(DISTINCT CASE WHEN s.cancelled = 0 THEN s.id END),
                        COUNT(DISTINCT CASE WHEN s.cancelled = 0 AND s.kind IN ('field_study', 'practice') THEN s.id END),
                        COUNT(a.member)
                 FROM programmes p
                 LEFT JOIN courses c ON c.programme = p.id
                 LEFT JOIN sessions s ON s.course = c.id
                 LEFT JOIN attendance a ON a.session = s.id AND a.status = 'present'
                 WHERE p.school = ?1 AND p.year = ?2
                 GROUP BY p.id ORDER BY p.starts_on, p.id",
            )?;
            let mut rows = stmt.query(params![school.to_string(), year])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                let Some(theme) = Topic::parse(&r.get::<_, String>(2)?) else {
                    continue;
                };
                out.push(ProgrammeRow {
                    id: parse_id(&r.get::<_, String>(0)?)?,
                    title: r.get(1)?,
                    theme,
                    courses: r.get(3)?,
                    sessions: r.get(4)?,
                    field_sessions: r.get(5)?,
                    trainee_times: r.get(6)?,
                });
            }
            Ok(out)
        })
    }
}
