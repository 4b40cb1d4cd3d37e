//! Joint meetings (三方协商议事会) of the community Party committee, the property company and
//! the owners' committee, where residents' requests are discussed and decided.

use crate::reason::Reason;
use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, ErrorArg, Result, require_id, require_text};
use crate::record::Record;

labelled_enum! {
    /// The three parties of a 三方协商议事会.
    pub enum JointParty {
        CommunityCommittee => "community_committee",
        PropertyCompany => "property_company",
        OwnersCommittee => "owners_committee",
    }
}

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
    /// Everyone else who took part (residents' representatives, the grid worker…).
    pub participants: Vec<String>,
    pub topics: Vec<String>,
    pub decisions: Vec<Decision>,
    /// Party code → who represented it, or `None` for its recorded absence. Every meeting
    /// recorded since 2026-11-30 names all three; earlier ones have none.
    #[autosurgeon(missing = "BTreeMap::new")]
    pub parties: BTreeMap<String, Option<String>>,
}

impl JointMeeting {
    /// A meeting with each party's representative, or `None` where a party was absent.
    pub fn new(
        community: String,
        held_at: i64,
        parties: &[(JointParty, Option<String>)],
        participants: Vec<String>,
        topics: Vec<String>,
    ) -> Result<Self> {
        let m = Self {
            community,
            held_at,
            participants,
            topics,
            decisions: Vec::new(),
            parties: parties
                .iter()
                .map(|(p, who)| {
                    let who = who.as_deref().map(str::trim).filter(|w| !w.is_empty());
                    (p.code().to_string(), who.map(str::to_string))
                })
                .collect(),
        };
        m.require_parties()?;
        m.validate()?;
        Ok(m)
    }

    /// The rule for a meeting recorded now: all three parties named, present or absent, and
    /// the community Party committee, which convenes it, present.
    pub fn require_parties(&self) -> Result<()> {
        if JointParty::ALL
            .iter()
            .any(|p| !self.parties.contains_key(p.code()))
        {
            return Err(DomainError::invalid("parties", Reason::NameThreeParties));
        }
        if self
            .representative(JointParty::CommunityCommittee)
            .is_none()
        {
            return Err(DomainError::invalid("parties", Reason::CommunityConvenes));
        }
        Ok(())
    }

    /// Who represented `party`, if it was present.
    pub fn representative(&self, party: JointParty) -> Option<&str> {
        self.parties.get(party.code()).and_then(|w| w.as_deref())
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
        if let Some(k) = self.parties.keys().find(|k| JointParty::parse(k).is_none()) {
            return Err(DomainError::invalid("parties", Reason::UnknownParty)
                .with("value", ErrorArg::Text(k.clone())));
        }
        if !self.parties.is_empty() {
            self.require_parties()?;
        } else if self.participants.len() < 2 {
            // Recorded before the parties were: two named participants at least.
            return Err(DomainError::invalid(
                "participants",
                Reason::JointMeetingNeedsTwoParties,
            ));
        }
        if self.topics.is_empty() {
            return Err(DomainError::invalid("topics", Reason::AtLeastOneTopic));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    fn three(owners: Option<&str>) -> Vec<(JointParty, Option<String>)> {
        vec![
            (JointParty::CommunityCommittee, Some("社区书记".into())),
            (JointParty::PropertyCompany, Some("物业经理".into())),
            (JointParty::OwnersCommittee, owners.map(str::to_string)),
        ]
    }

    #[test]
    fn joint_meeting_needs_its_three_parties_and_topics() {
        let c = Id::new().to_string();
        assert!(
            JointMeeting::new(c.clone(), 1, &three(None)[..2], vec![], vec!["停车".into()])
                .is_err(),
            "the owners' committee neither named nor absent"
        );
        let mut no_committee = three(Some("业委会主任"));
        no_committee[0].1 = None;
        assert!(
            JointMeeting::new(c.clone(), 1, &no_committee, vec![], vec!["停车".into()]).is_err()
        );
        assert!(JointMeeting::new(c.clone(), 1, &three(None), vec![], vec![]).is_err());
        let absent =
            JointMeeting::new(c.clone(), 1, &three(Some(" ")), vec![], vec!["停车".into()])
                .unwrap();
        assert_eq!(
            absent.representative(JointParty::OwnersCommittee),
            None,
            "recorded absent"
        );
        let mut m = JointMeeting::new(
            c,
            1,
            &three(Some("业委会主任")),
            vec!["居民代表".into()],
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
