//! Grassroots Party school courses, their sessions (on site or online), and attendance, from
//! which each member's training archive is built.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, Result, require_id, require_text};
use crate::record::{Record, RecordKind};

labelled_enum! {
    pub enum Topic {
        PartyTheory => ("party_theory", "党的理论教育"),
        PartySpirit => ("party_spirit", "党性教育"),
        ConstitutionRulesDiscipline => ("constitution_rules_discipline", "党章党规党纪教育"),
        SituationPolicy => ("situation_policy", "形势政策教育"),
        KnowledgeSkills => ("knowledge_skills", "知识技能教育"),
        RuralRevitalisation => ("rural_revitalisation", "乡村振兴"),
        PracticalSkills => ("practical_skills", "实用技术"),
    }
}

labelled_enum! {
    pub enum SessionMode {
        OnSite => ("on_site", "现场教学"),
        Online => ("online", "线上"),
    }
}

labelled_enum! {
    pub enum Attendance {
        Present => ("present", "出勤"),
        Absent => ("absent", "缺勤"),
        Excused => ("excused", "请假"),
    }
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct Course {
    /// The Party school (an organisation) that runs the course.
    pub school: String,
    pub title: String,
    pub topic: Topic,
    pub lecturer: Option<String>,
}

impl Course {
    pub fn new(
        school: String,
        title: String,
        topic: Topic,
        lecturer: Option<String>,
    ) -> Result<Self> {
        let c = Self {
            school,
            title,
            topic,
            lecturer,
        };
        c.validate()?;
        Ok(c)
    }
}

impl Record for Course {
    fn scope_org(&self) -> &str {
        &self.school
    }

    fn validate(&self) -> Result<()> {
        require_id("school", &self.school)?;
        require_text("title", &self.title)?;
        if let Some(l) = &self.lecturer {
            require_id("lecturer", l)?;
        }
        Ok(())
    }
}

/// Self check-in opens this long before a session starts.
pub const CHECK_IN_OPENS_BEFORE_MS: i64 = 2 * 3600 * 1000;
/// Self check-in stays open this long after a session ends (members out of signal check in late).
pub const CHECK_IN_CLOSES_AFTER_MS: i64 = 24 * 3600 * 1000;
const MAX_SESSION_MINUTES: i64 = 12 * 60;

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct Session {
    pub course: String,
    /// Copied from the course so lists and archives need not open the course.
    pub school: String,
    pub title: String,
    pub topic: Topic,
    pub starts_at: i64,
    pub minutes: i64,
    pub mode: SessionMode,
    /// A school room or a herder's barn on site; the online room's name online.
    pub venue: String,
    pub cancelled: bool,
    /// Member id → attendance. One scalar per member, so two secretaries marking different
    /// members at once both survive, and marking the same member differently is a visible conflict.
    pub attendance: BTreeMap<String, Attendance>,
    /// Member id → how they joined (on site or from another site online).
    pub joined_via: BTreeMap<String, SessionMode>,
}

impl Session {
    pub fn schedule(
        course_id: String,
        course: &Course,
        starts_at: i64,
        minutes: i64,
        mode: SessionMode,
        venue: String,
    ) -> Result<Self> {
        let s = Self {
            course: course_id,
            school: course.school.clone(),
            title: course.title.clone(),
            topic: course.topic,
            starts_at,
            minutes,
            mode,
            venue,
            cancelled: false,
            attendance: BTreeMap::new(),
            joined_via: BTreeMap::new(),
        };
        s.validate()?;
        Ok(s)
    }

    pub fn ends_at(&self) -> i64 {
        self.starts_at + self.minutes * 60_000
    }

    /// Hours credited to a member who attended.
    pub fn hours(&self) -> f64 {
        self.minutes as f64 / 60.0
    }

    pub fn reschedule(&mut self, starts_at: i64, minutes: i64) -> Result<()> {
        if self.cancelled {
            return Err(DomainError::transition(
                RecordKind::Session,
                "reschedule",
                "cancelled",
            ));
        }
        self.starts_at = starts_at;
        self.minutes = minutes;
        self.validate()
    }

    pub fn cancel(&mut self) -> Result<()> {
        if self.attendance.values().any(|a| *a == Attendance::Present) {
            return Err(DomainError::transition(
                RecordKind::Session,
                "cancel",
                "attended",
            ));
        }
        self.cancelled = true;
        Ok(())
    }

    /// A member checks themselves in, on site or joining online.
    pub fn check_in(&mut self, member: &str, via: SessionMode, now: i64) -> Result<()> {
        require_id("member", member)?;
        if self.cancelled {
            return Err(DomainError::transition(
                RecordKind::Session,
                "check in to",
                "cancelled",
            ));
        }
        if now < self.starts_at - CHECK_IN_OPENS_BEFORE_MS {
            return Err(DomainError::transition(
                RecordKind::Session,
                "check in to",
                "not yet open",
            ));
        }
        if now > self.ends_at() + CHECK_IN_CLOSES_AFTER_MS {
            return Err(DomainError::transition(
                RecordKind::Session,
                "check in to",
                "closed for check-in",
            ));
        }
        if self.mode == SessionMode::OnSite && via == SessionMode::Online {
            return Err(DomainError::invalid("via", "this session is on site only"));
        }
        self.attendance
            .insert(member.to_string(), Attendance::Present);
        self.joined_via.insert(member.to_string(), via);
        Ok(())
    }

    /// A secretary or lecturer marks a member's attendance (the caller checked the role).
    pub fn mark(&mut self, member: &str, attendance: Attendance, now: i64) -> Result<()> {
        require_id("member", member)?;
        if self.cancelled {
            return Err(DomainError::transition(
                RecordKind::Session,
                "mark attendance of",
                "cancelled",
            ));
        }
        if now < self.starts_at - CHECK_IN_OPENS_BEFORE_MS {
            return Err(DomainError::transition(
                RecordKind::Session,
                "mark attendance of",
                "not yet open",
            ));
        }
        self.attendance.insert(member.to_string(), attendance);
        Ok(())
    }
}

impl Record for Session {
    fn scope_org(&self) -> &str {
        &self.school
    }

    fn validate(&self) -> Result<()> {
        require_id("course", &self.course)?;
        require_id("school", &self.school)?;
        require_text("venue", &self.venue)?;
        if !(1..=MAX_SESSION_MINUTES).contains(&self.minutes) {
            return Err(DomainError::invalid("minutes", "between 1 and 720"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    const T0: i64 = 1_790_000_000_000;

    fn session(mode: SessionMode) -> Session {
        let course = Course::new(
            Id::new().to_string(),
            "骆驼养殖技术".into(),
            Topic::PracticalSkills,
            None,
        )
        .unwrap();
        Session::schedule(Id::new().to_string(), &course, T0, 90, mode, "棚圈".into()).unwrap()
    }

    #[test]
    fn check_in_window() {
        let mut s = session(SessionMode::Online);
        let m = Id::new().to_string();
        assert!(matches!(
            s.check_in(&m, SessionMode::Online, T0 - 3 * 3600 * 1000),
            Err(DomainError::InvalidTransition { .. })
        ));
        s.check_in(&m, SessionMode::Online, T0 + 60_000).unwrap();
        assert_eq!(s.attendance.get(&m), Some(&Attendance::Present));
        assert!(
            s.check_in(
                &m,
                SessionMode::Online,
                s.ends_at() + CHECK_IN_CLOSES_AFTER_MS + 1
            )
            .is_err()
        );
        assert_eq!(s.hours(), 1.5);
    }

    #[test]
    fn on_site_session_refuses_online_check_in() {
        let mut s = session(SessionMode::OnSite);
        let err = s
            .check_in(&Id::new().to_string(), SessionMode::Online, T0)
            .unwrap_err();
        assert!(matches!(
            err,
            DomainError::InvalidInput { field: "via", .. }
        ));
    }

    #[test]
    fn cancelled_session_takes_no_attendance_and_attended_session_cannot_be_cancelled() {
        let mut s = session(SessionMode::OnSite);
        s.cancel().unwrap();
        assert!(
            s.mark(&Id::new().to_string(), Attendance::Present, T0)
                .is_err()
        );
        let mut s = session(SessionMode::OnSite);
        s.mark(&Id::new().to_string(), Attendance::Present, T0)
            .unwrap();
        assert!(s.cancel().is_err());
    }

    #[test]
    fn session_length_is_bounded() {
        let mut s = session(SessionMode::OnSite);
        assert!(s.reschedule(T0, 0).is_err());
        assert!(s.reschedule(T0, 24 * 60).is_err());
    }
}
