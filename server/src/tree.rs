//! The organisation tree as the server holds it, and what a user may read in it.

use std::collections::HashMap;

use steppe_domain::authz::{self, Grant, OrgTree};
use steppe_domain::org::OrgKind;

use crate::storage::{Scope, Storage, StorageError};

#[derive(Debug, Clone, Default)]
pub struct Tree {
    orgs: HashMap<String, (Option<String>, Option<OrgKind>)>,
}

impl OrgTree for Tree {
    fn parent_of(&self, org: &str) -> Option<String> {
        self.orgs.get(org).and_then(|(p, _)| p.clone())
    }

    fn kind_of(&self, org: &str) -> Option<OrgKind> {
        self.orgs.get(org).and_then(|(_, k)| *k)
    }
}

impl Tree {
    pub async fn load(storage: &dyn Storage) -> Result<Self, StorageError> {
        let orgs = storage.orgs().await?;
        Ok(Self {
            orgs: orgs
                .into_iter()
                .map(|(id, parent, kind)| (id, (parent, OrgKind::parse(&kind))))
                .collect(),
        })
    }

    /// Every organisation's id.
    pub fn ids(&self) -> Vec<String> {
        self.orgs.keys().cloned().collect()
    }

    /// Adds or moves an organisation (a change accepted earlier in the same upload).
    pub fn upsert(&mut self, id: String, parent: Option<String>, kind: OrgKind) {
        self.orgs.insert(id, (parent, Some(kind)));
    }

    /// What a user holding `grants` reads: full subtrees, plus what ancestors publish down.
    pub fn scope(&self, grants: &[Grant]) -> Scope {
        Scope::of(grants, self, self.orgs.keys().map(String::as_str))
    }
}

pub fn grants(rows: Vec<(String, String)>) -> Vec<Grant> {
    authz::grants_from(rows)
}
