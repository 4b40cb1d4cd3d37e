//! The Party school's calls (基层党校): secretaries and lecturers create courses and sessions and
//! mark attendance; members see the schedule of every school on their path, check in, and read
//! their training archive.

use crate::error::SteppeError;
use crate::store::{SteppeStore, parse_id};
use crate::types::{Attendance, SessionMode, Topic};
use steppe_domain::Vocabulary;

/// A course of a Party school (`school` and `lecturer` are ids).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewCourse {
    pub school: String,
    pub title: String,
    pub topic: Topic,
    #[uniffi(default)]
    pub lecturer: Option<String>,
}

/// A session of a course (`course` is its id).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NewSession {
    pub course: String,
    pub starts_at_ms: i64,
    pub minutes: i64,
    pub mode: SessionMode,
    pub venue: String,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SessionRow {
    pub id: String,
    pub course: String,
    pub school: String,
    pub school_name: String,
    pub title: String,
    pub topic: Topic,
    pub topic_key: String,
    pub starts_at_ms: i64,
    pub minutes: i64,
    pub mode: SessionMode,
    pub mode_key: String,
    pub venue: String,
    pub cancelled: bool,
    pub present: i64,
    /// How the signed-in member stands on the roll (checked in, marked absent…), if at all.
    pub mine: Option<Attendance>,
}

/// One member on a session's roll.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RollEntry {
    pub member: String,
    /// Empty when the member's record is not on this device.
    pub name: String,
    pub attendance: Attendance,
    pub attendance_key: String,
    pub via: Option<SessionMode>,
}

/// A course of a school, to schedule sessions of.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CourseItem {
    pub id: String,
    pub title: String,
    pub topic: Topic,
    pub topic_key: String,
}

/// A lecturer of the pool a school draws on.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Lecturer {
    pub id: String,
    pub name: String,
    pub source_key: String,
    pub specialties: String,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TopicHours {
    pub topic: Topic,
    pub topic_key: String,
    pub sessions: i64,
    pub hours: f64,
}

/// One attended session of the archive.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ArchiveEntry {
    pub session: String,
    pub school: String,
    pub title: String,
    pub topic_key: String,
    pub starts_at_ms: i64,
    pub hours: f64,
}

/// A member's training archive for one year (学时档案).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TrainingArchive {
    pub member: String,
    pub year: i32,
    pub sessions: i64,
    pub hours: f64,
    pub by_topic: Vec<TopicHours>,
    pub entries: Vec<ArchiveEntry>,
}

impl From<steppe_core::TrainingArchive> for TrainingArchive {
    fn from(a: steppe_core::TrainingArchive) -> Self {
        Self {
            member: a.member.to_string(),
            year: a.year,
            sessions: a.sessions,
            hours: a.hours,
            by_topic: a
                .by_topic
                .into_iter()
                .map(|t| TopicHours {
                    topic: t.topic.into(),
                    topic_key: t.topic.message_id(),
                    sessions: t.sessions,
                    hours: t.hours,
                })
                .collect(),
            entries: a
                .entries
                .into_iter()
                .map(|e| ArchiveEntry {
                    session: e.session.to_string(),
                    school: e.school.to_string(),
                    title: e.title,
                    topic_key: e.topic.message_id(),
                    starts_at_ms: e.starts_at,
                    hours: e.hours,
                })
                .collect(),
        }
    }
}

impl SteppeStore {
    /// Rows with the signed-in member's own standing on each.
    fn session_rows(
        &self,
        rows: Vec<steppe_core::SessionRow>,
    ) -> Result<Vec<SessionRow>, SteppeError> {
        let me = parse_id(&self.store.identity().user_id)?;
        let ids: Vec<_> = rows.iter().map(|r| r.id).collect();
        let mine = self.store.attendance_in(me, &ids)?;
        Ok(rows
            .into_iter()
            .map(|r| SessionRow {
                id: r.id.to_string(),
                course: r.course.to_string(),
                school: r.school.to_string(),
                school_name: r.school_name.unwrap_or_default(),
                title: r.title,
                topic: r.topic.into(),
                topic_key: r.topic.message_id(),
                starts_at_ms: r.starts_at,
                minutes: r.minutes,
                mode: r.mode.into(),
                mode_key: r.mode.message_id(),
                venue: r.venue,
                cancelled: r.cancelled,
                present: r.present,
                mine: mine.get(&r.id).copied().map(Into::into),
            })
            .collect())
    }
}

fn lecturer_items(rows: Vec<steppe_core::LecturerRow>) -> Vec<Lecturer> {
    rows.into_iter()
        .map(|l| Lecturer {
            id: l.id.to_string(),
            name: l.name,
            source_key: l.source.message_id(),
            specialties: l.specialties,
        })
        .collect()
}

#[uniffi::export]
impl SteppeStore {
    pub fn create_course(&self, course: NewCourse) -> Result<String, SteppeError> {
        let course = steppe_core::NewCourse {
            school: parse_id(&course.school)?,
            title: course.title,
            topic: course.topic.into(),
            lecturer: course.lecturer.as_deref().map(parse_id).transpose()?,
        };
        Ok(self.store.create_course(course)?.to_string())
    }

    pub fn schedule_session(&self, session: NewSession) -> Result<String, SteppeError> {
        let session = steppe_core::NewSession {
            course: parse_id(&session.course)?,
            starts_at: session.starts_at_ms,
            minutes: session.minutes,
            mode: session.mode.into(),
            venue: session.venue,
        };
        Ok(self.store.schedule_session(session)?.to_string())
    }

    pub fn cancel_session(&self, session: String) -> Result<(), SteppeError> {
        Ok(self.store.cancel_session(parse_id(&session)?)?)
    }

    /// A school's courses, by title.
    pub fn courses(&self, school: String) -> Result<Vec<CourseItem>, SteppeError> {
        Ok(self
            .store
            .courses_of_school(parse_id(&school)?)?
            .into_iter()
            .map(|c| CourseItem {
                id: c.id.to_string(),
                title: c.title,
                topic: c.topic.into(),
                topic_key: c.topic.message_id(),
            })
            .collect())
    }

    /// The lecturers of a pool (an organisation keeping one: a banner, a league).
    pub fn lecturers(&self, pool: String) -> Result<Vec<Lecturer>, SteppeError> {
        Ok(lecturer_items(self.store.lecturers(parse_id(&pool)?)?))
    }

    /// The lecturers a school may draw on: its own pool's and every unit's above it.
    pub fn lecturers_for_school(&self, school: String) -> Result<Vec<Lecturer>, SteppeError> {
        Ok(lecturer_items(
            self.store.lecturers_for_school(parse_id(&school)?)?,
        ))
    }

    /// Sessions of one school in `[from_ms, to_ms)`, for its secretary.
    pub fn sessions_of_school(
        &self,
        school: String,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<SessionRow>, SteppeError> {
        let rows = self
            .store
            .sessions_of_school(parse_id(&school)?, from_ms, to_ms)?;
        self.session_rows(rows)
    }

    /// This week's sessions (China Standard Time) of every Party school the member may attend.
    pub fn schedule_this_week(&self, member: String) -> Result<Vec<SessionRow>, SteppeError> {
        let rows = self.store.schedule_this_week(parse_id(&member)?)?;
        self.session_rows(rows)
    }

    /// Sessions of every school on the member's path in `[from_ms, to_ms)` (upcoming weeks);
    /// empty before the first sync brings the member's record.
    pub fn schedule(
        &self,
        member: String,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<SessionRow>, SteppeError> {
        let rows = match self.store.schedule_for(parse_id(&member)?, from_ms, to_ms) {
            Err(steppe_core::CoreError::Domain(steppe_domain::DomainError::NotFound {
                ..
            })) => Vec::new(),
            other => other?,
        };
        self.session_rows(rows)
    }

    /// The signed-in member checks in to a session (on site or online); online from another
    /// school's site, `receiving_school` names it (by default the session's own school).
    #[uniffi::method(default(receiving_school = None))]
    pub fn check_in(
        &self,
        session: String,
        via: SessionMode,
        receiving_school: Option<String>,
    ) -> Result<(), SteppeError> {
        let receiving = receiving_school.as_deref().map(parse_id).transpose()?;
        Ok(self
            .store
            .check_in(parse_id(&session)?, via.into(), receiving)?)
    }

    /// A secretary or lecturer marks another member's attendance.
    pub fn mark_attendance(
        &self,
        session: String,
        member: String,
        attendance: Attendance,
    ) -> Result<(), SteppeError> {
        Ok(self.store.mark_attendance(
            parse_id(&session)?,
            parse_id(&member)?,
            attendance.into(),
        )?)
    }

    /// Who is on a session's roll, and how each attended.
    pub fn session_roll(&self, session: String) -> Result<Vec<RollEntry>, SteppeError> {
        Ok(self
            .store
            .session_roll(parse_id(&session)?)?
            .into_iter()
            .map(|r| RollEntry {
                member: r.member.to_string(),
                name: r.name.unwrap_or_default(),
                attendance: r.attendance.into(),
                attendance_key: r.attendance.message_id(),
                via: r.via.map(Into::into),
            })
            .collect())
    }

    pub fn training_archive(
        &self,
        member: String,
        year: i32,
    ) -> Result<TrainingArchive, SteppeError> {
        Ok(self
            .store
            .training_archive(parse_id(&member)?, year)?
            .into())
    }
}
