//! Grassroots Party school courses, their sessions (on site or online), and attendance, from
//! which each member's training archive is built.

use crate::reason::{Reason, Standing, Step};
use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, Result, require_id, require_text};
use crate::record::{Record, RecordKind};

labelled_enum! {
    pub enum Topic {
        PartyTheory => "party_theory",
        PartySpirit => "party_spirit",
        ConstitutionRulesDiscipline => "constitution_rules_discipline",
        SituationPolicy => "situation_policy",
        KnowledgeSkills => "knowledge_skills",
        RuralRevitalisation => "rural_revitalisation",
        PracticalSkills => "practical_skills",
    }
}

labelled_enum! {
    pub enum SessionMode {
        OnSite => "on_site",
        Online => "online",
    }
}

labelled_enum! {
    /// What kind of teaching a session is; a session without one is a lecture.
    pub enum SessionKind {
        Lecture => "lecture",
        FieldStudy => "field_study",
        Practice => "practice",
    }
}

labelled_enum! {
    /// How an attendance came to be recorded.
    pub enum MarkHow {
        SelfOnSite => "self_on_site",
        SelfOnline => "self_online",
        Marked => "marked",
    }
}

labelled_enum! {
    pub enum Attendance {
        Present => "present",
        Absent => "absent",
        Excused => "excused",
    }
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct Course {
    /// The Party school (an organisation) that runs the course.
    pub school: String,
    pub title: String,
    pub topic: Topic,
    pub lecturer: Option<String>,
    /// The themed training programme (its record id) the course is part of.
    pub programme: Option<String>,
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
            programme: None,
        };
        c.validate()?;
        Ok(c)
    }

    /// Groups the course under a programme of its school, or takes it out (`None`).
    pub fn join_programme(&mut self, programme: Option<String>) -> Result<()> {
        if let Some(p) = &programme {
            require_id("programme", p)?;
        }
        self.programme = programme;
        Ok(())
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
        if let Some(p) = &self.programme {
            require_id("programme", p)?;
        }
        Ok(())
    }
}

/// Self check-in opens this long before a session starts.
pub const CHECK_IN_OPENS_BEFORE_MS: i64 = 2 * 3600 * 1000;
/// Self check-in stays open this long after a session ends (members out of signal check in late).
pub const CHECK_IN_CLOSES_AFTER_MS: i64 = 24 * 3600 * 1000;
/// How far ahead of the server's clock a phone's clock may run when it records an attendance:
/// the server refuses a check-in dated later than this after it arrives.
pub const MAX_CLOCK_SKEW_MS: i64 = 10 * 60 * 1000;
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
    /// A lecture unless set: field study, practice teaching.
    pub kind: Option<SessionKind>,
    pub cancelled: bool,
    /// Member id → attendance. One scalar per member, so two secretaries marking different
    /// members at once both survive, and marking the same member differently is a visible conflict.
    pub attendance: BTreeMap<String, Attendance>,
    /// Member id → how they joined (on site or from another site online).
    pub joined_via: BTreeMap<String, SessionMode>,
    /// Member id → when their attendance was recorded, how, and by which user. Maps of scalars
    /// keyed by member like `attendance`, so a check-in touches only the member's own entries
    /// (the server checks it operation by operation) and two people's never collide.
    #[autosurgeon(missing = "BTreeMap::new")]
    pub recorded_at: BTreeMap<String, i64>,
    #[autosurgeon(missing = "BTreeMap::new")]
    pub recorded_how: BTreeMap<String, MarkHow>,
    #[autosurgeon(missing = "BTreeMap::new")]
    pub recorded_by: BTreeMap<String, String>,
    /// Member id → the school whose site an online member joined the same-time class from, so
    /// a class taken at ten schools counts at each.
    #[autosurgeon(missing = "BTreeMap::new")]
    pub received_at_school: BTreeMap<String, String>,
}

/// The per-member maps of a session, by their field names in the document: what a check-in or
/// a mark may touch, and nothing else. `Session::without_members` and
/// `Session::members_changed` name the same six: a map added to one is added to all three.
pub const PER_MEMBER_FIELDS: [&str; 6] = [
    "attendance",
    "joined_via",
    "recorded_at",
    "recorded_how",
    "recorded_by",
    "received_at_school",
];

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
            kind: None,
            cancelled: false,
            attendance: BTreeMap::new(),
            joined_via: BTreeMap::new(),
            recorded_at: BTreeMap::new(),
            recorded_how: BTreeMap::new(),
            recorded_by: BTreeMap::new(),
            received_at_school: BTreeMap::new(),
        };
        s.validate()?;
        Ok(s)
    }

    pub fn set_kind(&mut self, kind: SessionKind) -> Result<()> {
        if self.cancelled {
            return Err(DomainError::transition(
                RecordKind::Session,
                Step::ChangeKind,
                Standing::Cancelled,
            ));
        }
        self.kind = Some(kind);
        Ok(())
    }

    pub fn kind(&self) -> SessionKind {
        self.kind.unwrap_or(SessionKind::Lecture)
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
                Step::Reschedule,
                Standing::Cancelled,
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
                Step::Cancel,
                Standing::Attended,
            ));
        }
        self.cancelled = true;
        Ok(())
    }

    /// The session without its per-member entries: what only course management changes.
    pub fn without_members(&self) -> Session {
        let mut rest = self.clone();
        rest.attendance.clear();
        rest.joined_via.clear();
        rest.recorded_at.clear();
        rest.recorded_how.clear();
        rest.recorded_by.clear();
        rest.received_at_school.clear();
        rest
    }

    /// The members whose entries differ between this state of the session and `other`.
    pub fn members_changed(&self, other: &Session) -> std::collections::BTreeSet<String> {
        let entry = |s: &Session, m: &str| {
            (
                s.attendance.get(m).copied(),
                s.joined_via.get(m).copied(),
                s.recorded_at.get(m).copied(),
                s.recorded_how.get(m).copied(),
                s.recorded_by.get(m).cloned(),
                s.received_at_school.get(m).cloned(),
            )
        };
        [self, other]
            .iter()
            .flat_map(|s| {
                s.attendance
                    .keys()
                    .chain(s.joined_via.keys())
                    .chain(s.recorded_at.keys())
                    .chain(s.recorded_how.keys())
                    .chain(s.recorded_by.keys())
                    .chain(s.received_at_school.keys())
            })
            .filter(|m| entry(self, m) != entry(other, m))
            .cloned()
            .collect()
    }

    /// Whether `at` is inside the window a member may check themselves in.
    pub fn check_in_open(&self, at: i64) -> bool {
        (self.starts_at - CHECK_IN_OPENS_BEFORE_MS..=self.ends_at() + CHECK_IN_CLOSES_AFTER_MS)
            .contains(&at)
    }

    /// A member checks themselves in, on site or joining online — online from another school's
    /// site (`receiving`, by default the session's own school).
    pub fn check_in(
        &mut self,
        member: &str,
        via: SessionMode,
        receiving: Option<String>,
        now: i64,
    ) -> Result<()> {
        require_id("member", member)?;
        if let Some(school) = &receiving {
            require_id("receiving", school)?;
        }
        if self.cancelled {
            return Err(DomainError::transition(
                RecordKind::Session,
                Step::CheckIn,
                Standing::Cancelled,
            ));
        }
        if now < self.starts_at - CHECK_IN_OPENS_BEFORE_MS {
            return Err(DomainError::transition(
                RecordKind::Session,
                Step::CheckIn,
                Standing::NotYetOpen,
            ));
        }
        if now > self.ends_at() + CHECK_IN_CLOSES_AFTER_MS {
            return Err(DomainError::transition(
                RecordKind::Session,
                Step::CheckIn,
                Standing::ClosedForCheckIn,
            ));
        }
        if self.mode == SessionMode::OnSite && via == SessionMode::Online {
            return Err(DomainError::invalid("via", Reason::OnSiteOnly));
        }
        let m = member.to_string();
        self.attendance.insert(m.clone(), Attendance::Present);
        self.joined_via.insert(m.clone(), via);
        self.recorded_at.insert(m.clone(), now);
        let how = match via {
            SessionMode::OnSite => MarkHow::SelfOnSite,
            SessionMode::Online => MarkHow::SelfOnline,
        };
        self.recorded_how.insert(m.clone(), how);
        self.recorded_by.insert(m.clone(), m.clone());
        let school = match via {
            SessionMode::Online => receiving.unwrap_or_else(|| self.school.clone()),
            SessionMode::OnSite => self.school.clone(),
        };
        self.received_at_school.insert(m, school);
        Ok(())
    }

    /// The school a present member's attendance counts at: the site they joined from.
    pub fn counted_at(&self, member: &str) -> &str {
        self.received_at_school
            .get(member)
            .map_or(self.school.as_str(), String::as_str)
    }

    /// A secretary or lecturer, `by`, marks a member's attendance (the server checks the role).
    pub fn mark(&mut self, member: &str, attendance: Attendance, by: &str, now: i64) -> Result<()> {
        require_id("member", member)?;
        if self.cancelled {
            return Err(DomainError::transition(
                RecordKind::Session,
                Step::MarkAttendance,
                Standing::Cancelled,
            ));
        }
        if now < self.starts_at - CHECK_IN_OPENS_BEFORE_MS {
            return Err(DomainError::transition(
                RecordKind::Session,
                Step::MarkAttendance,
                Standing::NotYetOpen,
            ));
        }
        let m = member.to_string();
        self.attendance.insert(m.clone(), attendance);
        self.recorded_at.insert(m.clone(), now);
        self.recorded_how.insert(m.clone(), MarkHow::Marked);
        self.recorded_by.insert(m, by.to_string());
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
            return Err(DomainError::invalid("minutes", Reason::Between1And720));
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
            s.check_in(&m, SessionMode::Online, None, T0 - 3 * 3600 * 1000),
            Err(DomainError::InvalidTransition { .. })
        ));
        s.check_in(&m, SessionMode::Online, None, T0 + 60_000)
            .unwrap();
        assert_eq!(s.attendance.get(&m), Some(&Attendance::Present));
        assert!(
            s.check_in(
                &m,
                SessionMode::Online,
                None,
                s.ends_at() + CHECK_IN_CLOSES_AFTER_MS + 1
            )
            .is_err()
        );
        assert_eq!(s.hours(), 1.5);
        assert_eq!(s.recorded_at.get(&m), Some(&(T0 + 60_000)));
        assert_eq!(s.recorded_how.get(&m), Some(&MarkHow::SelfOnline));
        assert_eq!(s.recorded_by.get(&m), Some(&m));
        assert_eq!(
            s.counted_at(&m),
            s.school,
            "by default at the session's own school"
        );
    }

    #[test]
    fn an_online_member_counts_at_the_school_they_joined_from_and_a_mark_names_its_marker() {
        let mut s = session(SessionMode::Online);
        let (m, other) = (Id::new().to_string(), Id::new().to_string());
        s.check_in(&m, SessionMode::Online, Some(other.clone()), T0)
            .unwrap();
        assert_eq!(s.counted_at(&m), other);
        let n = Id::new().to_string();
        s.mark(&n, Attendance::Excused, "lecturer", T0 + 5).unwrap();
        assert_eq!(s.recorded_how.get(&n), Some(&MarkHow::Marked));
        assert_eq!(s.recorded_by.get(&n).map(String::as_str), Some("lecturer"));
    }

    #[test]
    fn on_site_session_refuses_online_check_in() {
        let mut s = session(SessionMode::OnSite);
        let err = s
            .check_in(&Id::new().to_string(), SessionMode::Online, None, T0)
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
            s.mark(&Id::new().to_string(), Attendance::Present, "sec", T0)
                .is_err()
        );
        let mut s = session(SessionMode::OnSite);
        s.mark(&Id::new().to_string(), Attendance::Present, "sec", T0)
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
