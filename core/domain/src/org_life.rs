//! Organisational life: democratic life meetings and organisational life meetings, with the
//! opinions gathered and talks held before, who attended (members, superiors attending,
//! a grid's Party-building instructors), the problems found during and the rectification items
//! tracked after.

use crate::reason::{Reason, Standing, Step};
use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, Result, require_id, require_text};
use crate::record::{Record, RecordKind};

labelled_enum! {
    pub enum MeetingKind {
        DemocraticLife => "democratic_life",
        OrganisationalLife => "organisational_life",
    }
}

labelled_enum! {
    pub enum ItemKind {
        Opinion => "opinion",
        Talk => "talk",
        Problem => "problem",
    }
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct Item {
    #[key]
    pub id: String,
    pub kind: ItemKind,
    pub text: String,
    pub at: i64,
}

labelled_enum! {
    pub enum AttendeeRole {
        Member => "member",
        // A leader of a higher organisation attending (上级参加).
        Superior => "superior",
        // A cadre assigned to the grid as its Party-building instructor (党建指导员).
        Instructor => "instructor",
    }
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct Attendee {
    #[key]
    pub id: String,
    pub role: AttendeeRole,
    pub name: String,
    /// The person's record where they have one (always for an instructor).
    pub person: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct Rectification {
    #[key]
    pub id: String,
    pub text: String,
    pub owner: String,
    pub due: Option<i64>,
    pub done: bool,
    pub done_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct OrgLifeMeeting {
    pub branch: String,
    pub kind: MeetingKind,
    pub held_at: i64,
    pub items: Vec<Item>,
    pub rectifications: Vec<Rectification>,
    #[autosurgeon(missing = "Vec::new")]
    pub attendees: Vec<Attendee>,
}

impl OrgLifeMeeting {
    pub fn new(branch: String, kind: MeetingKind, held_at: i64) -> Result<Self> {
        let m = Self {
            branch,
            kind,
            held_at,
            items: Vec::new(),
            rectifications: Vec::new(),
            attendees: Vec::new(),
        };
        m.validate()?;
        Ok(m)
    }

    pub fn add_item(&mut self, id: String, kind: ItemKind, text: String, now: i64) -> Result<()> {
        require_text("text", &text)?;
        self.items.push(Item {
            id,
            kind,
            text,
            at: now,
        });
        Ok(())
    }

    pub fn add_rectification(
        &mut self,
        id: String,
        text: String,
        owner: String,
        due: Option<i64>,
    ) -> Result<()> {
        require_text("text", &text)?;
        require_text("owner", &owner)?;
        self.rectifications.push(Rectification {
            id,
            text,
            owner,
            due,
            done: false,
            done_at: None,
        });
        Ok(())
    }

    pub fn complete_rectification(&mut self, id: &str, now: i64) -> Result<()> {
        let item = self
            .rectifications
            .iter_mut()
            .find(|r| r.id == id)
            .ok_or_else(|| DomainError::NotFound {
                kind: RecordKind::OrgLifeMeeting,
                id: id.to_string(),
            })?;
        if item.done {
            return Err(DomainError::transition(
                RecordKind::OrgLifeMeeting,
                Step::Complete,
                Standing::Done,
            ));
        }
        item.done = true;
        item.done_at = Some(now);
        Ok(())
    }

    /// Records someone who attended; once per person.
    pub fn attend(
        &mut self,
        id: String,
        role: AttendeeRole,
        name: String,
        person: Option<String>,
    ) -> Result<()> {
        require_text("name", &name)?;
        if let Some(p) = &person {
            require_id("person", p)?;
            if self.attendees.iter().any(|a| a.person.as_ref() == Some(p)) {
                return Err(DomainError::invalid("person", Reason::AlreadyAttending));
            }
        } else if role == AttendeeRole::Instructor {
            return Err(DomainError::invalid(
                "person",
                Reason::InstructorAssignedToGrid,
            ));
        }
        self.attendees.push(Attendee {
            id,
            role,
            name,
            person,
        });
        Ok(())
    }

    pub fn open_items(&self) -> usize {
        self.rectifications.iter().filter(|r| !r.done).count()
    }
}

impl Record for OrgLifeMeeting {
    fn scope_org(&self) -> &str {
        &self.branch
    }

    fn validate(&self) -> Result<()> {
        require_id("branch", &self.branch)?;
        if self
            .rectifications
            .iter()
            .any(|r| r.done != r.done_at.is_some())
        {
            return Err(DomainError::invalid(
                "rectifications",
                Reason::DoneItemsCarryTime,
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    #[test]
    fn rectifications_are_tracked_to_completion() {
        let mut m =
            OrgLifeMeeting::new(Id::new().to_string(), MeetingKind::OrganisationalLife, 1).unwrap();
        m.add_item(
            Id::new().to_string(),
            ItemKind::Problem,
            "学习不经常".into(),
            1,
        )
        .unwrap();
        let r = Id::new().to_string();
        m.add_rectification(r.clone(), "每周一学".into(), "支部书记".into(), None)
            .unwrap();
        assert_eq!(m.open_items(), 1);
        m.complete_rectification(&r, 9).unwrap();
        assert_eq!(m.open_items(), 0);
        assert!(m.complete_rectification(&r, 10).is_err());
        assert!(matches!(
            m.complete_rectification("nope", 10),
            Err(DomainError::NotFound { .. })
        ));
        m.validate().unwrap();
    }

    #[test]
    fn attendees_are_recorded_once_and_an_instructor_by_their_record() {
        let mut m =
            OrgLifeMeeting::new(Id::new().to_string(), MeetingKind::OrganisationalLife, 1).unwrap();
        let p = Id::new().to_string();
        assert!(
            m.attend(
                "a".into(),
                AttendeeRole::Instructor,
                "王指导员".into(),
                None
            )
            .is_err()
        );
        m.attend(
            "a".into(),
            AttendeeRole::Instructor,
            "王指导员".into(),
            Some(p.clone()),
        )
        .unwrap();
        assert!(
            m.attend("b".into(), AttendeeRole::Member, "王指导员".into(), Some(p))
                .is_err()
        );
        m.attend(
            "c".into(),
            AttendeeRole::Superior,
            "街道党工委书记".into(),
            None,
        )
        .unwrap();
        assert_eq!(m.attendees.len(), 2);
    }
}
