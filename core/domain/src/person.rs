//! People: Party members with their status, and the roles users hold on organisations.

use crate::reason::Reason;
use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};

use crate::authz::{Grant, Role};
use crate::error::{DomainError, Result, require_id, require_text};
use crate::record::Record;

labelled_enum! {
    pub enum MemberStatus {
        Full => "full",
        Probationary => "probationary",
        CultivationTarget => "cultivation_target",
        Activist => "activist",
        Mobile => "mobile",
        NonMember => "non_member",
    }
}

impl MemberStatus {
    /// Counted as a Party member in head counts: full and probationary members (a mobile member
    /// is a full member working away). Activists, cultivation targets and the masses who attend
    /// training are trainees, counted separately.
    pub fn is_party_member(self) -> bool {
        matches!(self, Self::Full | Self::Probationary | Self::Mobile)
    }

    /// The stored codes of the statuses [`MemberStatus::is_party_member`] counts, as an SQL list
    /// (`'full', 'probationary', …`): the one place head-count queries take them from.
    pub fn party_member_codes_sql() -> String {
        Self::ALL
            .iter()
            .filter(|s| s.is_party_member())
            .map(|s| format!("'{}'", s.code()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct Person {
    pub name: String,
    /// The branch the person belongs to.
    pub org: String,
    pub status: MemberStatus,
    pub phone: Option<String>,
    /// The person's name in traditional Mongolian script, where it is given: shown beside the
    /// Chinese name where Inner Mongolian practice shows both (the printed training archive).
    #[autosurgeon(missing = "Option::default")]
    pub name_mn: Option<String>,
    /// `"{org}/{role}"` → granted. A map of flags rather than a list, so two administrators
    /// granting different roles at once both take effect and a revocation is a plain field edit.
    pub roles: BTreeMap<String, bool>,
}

impl Person {
    pub fn new(
        name: String,
        org: String,
        status: MemberStatus,
        phone: Option<String>,
    ) -> Result<Self> {
        let p = Self {
            name,
            org,
            status,
            phone,
            name_mn: None,
            roles: BTreeMap::new(),
        };
        p.validate()?;
        Ok(p)
    }

    fn role_key(org: &str, role: Role) -> String {
        format!("{org}/{}", role.code())
    }

    pub fn grant(&mut self, org: &str, role: Role) -> Result<()> {
        require_id("org", org)?;
        self.roles.insert(Self::role_key(org, role), true);
        Ok(())
    }

    pub fn revoke(&mut self, org: &str, role: Role) -> Result<()> {
        let key = Self::role_key(org, role);
        match self.roles.get_mut(&key) {
            Some(held) if *held => {
                *held = false;
                Ok(())
            }
            _ => Err(DomainError::invalid("role", Reason::NotHeldThere)),
        }
    }

    pub fn grants(&self) -> Vec<Grant> {
        self.roles
            .iter()
            .filter(|(_, held)| **held)
            .filter_map(|(k, _)| {
                let (org, role) = k.split_once('/')?;
                Some(Grant {
                    org: org.to_string(),
                    role: Role::parse(role)?,
                })
            })
            .collect()
    }

    /// Gives the person their name in traditional Mongolian script, or takes it away (`None`).
    pub fn set_name_mn(&mut self, name_mn: Option<String>) -> Result<()> {
        self.name_mn = name_mn.map(|n| n.trim().to_string());
        self.validate()
    }

    pub fn set_status(&mut self, status: MemberStatus) {
        self.status = status;
    }
}

impl Record for Person {
    fn scope_org(&self) -> &str {
        &self.org
    }

    fn validate(&self) -> Result<()> {
        require_text("name", &self.name)?;
        require_id("org", &self.org)?;
        // Exactly `{org id}/{role code}`: a label or an unknown code would be a second key for
        // one role (out of reach of `revoke`) or a grant waiting for a future release.
        for key in self.roles.keys() {
            let canonical = key.split_once('/').is_some_and(|(org, role)| {
                crate::Id::parse(org).is_ok_and(|id| id.to_string() == org)
                    && Role::parse(role).is_some_and(|r| r.code() == role)
            });
            if !canonical {
                return Err(DomainError::invalid("roles", Reason::RoleWrittenOrgAndCode));
            }
        }
        if let Some(phone) = &self.phone
            && !phone
                .chars()
                .all(|c| c.is_ascii_digit() || c == '+' || c == '-' || c == ' ')
        {
            return Err(DomainError::invalid("phone", Reason::PhoneCharacters));
        }
        crate::script::check_mongolian_name("name_mn", self.name_mn.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    #[test]
    fn grants_and_revokes_roles() {
        let org = Id::new().to_string();
        let mut p = Person::new("巴特尔".into(), org.clone(), MemberStatus::Full, None).unwrap();
        p.grant(&org, Role::Mediator).unwrap();
        p.grant(&org, Role::Member).unwrap();
        assert_eq!(p.grants().len(), 2);
        p.revoke(&org, Role::Mediator).unwrap();
        assert_eq!(
            p.grants(),
            vec![Grant {
                org: org.clone(),
                role: Role::Member
            }]
        );
        assert!(p.revoke(&org, Role::Mediator).is_err());
    }

    #[test]
    fn a_mongolian_name_is_in_the_traditional_script() {
        let mut p = Person::new(
            "巴特尔".into(),
            Id::new().to_string(),
            MemberStatus::Full,
            None,
        )
        .unwrap();
        p.set_name_mn(Some(" ᠪᠠᠭᠠᠲᠤᠷ ".into())).unwrap();
        assert_eq!(p.name_mn.as_deref(), Some("ᠪᠠᠭᠠᠲᠤᠷ"));
        for bad in ["Baatar", "Баатар", "ᠪᠠᠭᠠᠲᠤᠷ 1", ""] {
            assert!(p.clone().set_name_mn(Some(bad.into())).is_err(), "{bad}");
        }
        p.set_name_mn(None).unwrap();
        assert_eq!(p.name_mn, None);
    }

    #[test]
    fn rejects_bad_phone_and_org() {
        assert!(
            Person::new(
                "a".into(),
                Id::new().to_string(),
                MemberStatus::Full,
                Some("call me".into())
            )
            .is_err()
        );
        assert!(Person::new("a".into(), "nope".into(), MemberStatus::Full, None).is_err());
    }
}
