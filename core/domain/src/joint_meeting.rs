//! Joint meetings (三方协商议事会) of the community Party committee, the property company and
//! the owners' committee, where residents' requests are discussed and decided.

use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, Result, require_id, require_text};
use crate::record::Record;

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct Decision {
    #[key]
    pub id: String,
    pub text: String,
    pub request: Option<String>,
}

/// A joint meeting of the community Party committee, the property company and the owners'
/// committee, with the decisions it took.
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct JointMeeting {
    pub community: String,
    pub held_at: i64,
    pub participants: Vec<String>,
    pub topics: Vec<String>,
    pub decisions: Vec<Decision>,
}

impl JointMeeting {
    pub fn new(
        community: String,
        held_at: i64,
        participants: Vec<String>,
        topics: Vec<String>,
    ) -> Result<Self> {
        let m = Self {
            community,
            held_at,
            participants,
            topics,
            decisions: Vec::new(),
        };
        m.validate()?;
        Ok(m)
    }

    /// Adds decision `id`, which the caller makes: the domain makes no ids (see `ids`).
    pub fn decide(&mut self, id: String, text: String, request: Option<String>) -> Result<()> {
        require_text("text", &text)?;
        if let Some(r) = &request {
            require_id("request", r)?;
        }
        self.decisions.push(Decision { id, text, request });
        Ok(())
    }
}

impl Record for JointMeeting {
    fn scope_org(&self) -> &str {
        &self.community
    }

    fn validate(&self) -> Result<()> {
        require_id("community", &self.community)?;
        if self.participants.len() < 2 {
            return Err(DomainError::invalid(
                "participants",
                "a joint meeting has at least two parties",
            ));
        }
        if self.topics.is_empty() {
            return Err(DomainError::invalid("topics", "at least one topic"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    #[test]
    fn joint_meeting_needs_parties_and_topics() {
        let c = Id::new().to_string();
        assert!(
            JointMeeting::new(c.clone(), 1, vec!["社区党委".into()], vec!["停车".into()]).is_err()
        );
        assert!(
            JointMeeting::new(c.clone(), 1, vec!["社区党委".into(), "物业".into()], vec![])
                .is_err()
        );
        let mut m = JointMeeting::new(
            c,
            1,
            vec!["社区党委".into(), "物业".into(), "业委会".into()],
            vec!["停车".into()],
        )
        .unwrap();
        m.decide(
            Id::new().to_string(),
            "施划停车线".into(),
            Some(Id::new().to_string()),
        )
        .unwrap();
        assert!(
            m.decide(Id::new().to_string(), "x".into(), Some("bad".into()))
                .is_err()
        );
    }
}
