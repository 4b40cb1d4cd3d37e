//! What a user reads, as one value: the server pages by it, both storage backends bind it as
//! query parameters, the pages filter by it, and a phone purges by it (received as the wire's
//! `Visible`). "Readable, or published and of a published kind" is written here only.

use std::collections::HashSet;

use crate::authz::{self, Grant, OrgTree};
use crate::record::RecordKind;

/// Organisations whose records a user reads in full, and organisations that only publish the
/// kinds in `published_kinds` (record kind codes) to them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub readable: Vec<String>,
    pub published: Vec<String>,
    pub published_kinds: Vec<String>,
    /// The user's own person record when their unit is outside `readable`: a mediator whose
    /// person belongs to a gacha but whose role is on a police–village branch still reads their
    /// own name and roles. Only ever that one record; `None` when the orgs already cover it.
    pub person: Option<String>,
}

impl Scope {
    /// The scope of a user holding `grants`, over the organisations `orgs` of `tree`.
    pub fn of<'a>(
        grants: &[Grant],
        tree: &impl OrgTree,
        orgs: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let (readable, published) = authz::visible_orgs(grants, tree, orgs);
        Self {
            readable,
            published,
            published_kinds: RecordKind::ALL
                .iter()
                .filter(|k| k.published_downwards())
                .map(|k| k.as_str().to_string())
                .collect(),
            person: None,
        }
    }

    /// This scope, reaching also the user's own person record `person` (of `kind`, in `org`) if
    /// the organisations do not already.
    pub fn with_person(mut self, person: &str, kind: &str, org: &str) -> Self {
        if !self.covers(kind, org) {
            self.person = Some(person.to_string());
        }
        self
    }

    /// Whether the record `doc` (its id), of kind `kind` belonging to `org`, is visible.
    pub fn covers_record(&self, doc: &str, kind: &str, org: &str) -> bool {
        self.covers(kind, org) || self.person.as_deref() == Some(doc)
    }

    /// Everything in `orgs`, read in full: the server's own replica.
    pub fn everything(orgs: Vec<String>) -> Self {
        Self {
            readable: orgs,
            ..Self::default()
        }
    }

    /// Whether a record of kind `kind` (its code) belonging to `org` is visible.
    pub fn covers(&self, kind: &str, org: &str) -> bool {
        self.readable.iter().any(|o| o == org)
            || (self.published.iter().any(|o| o == org)
                && self.published_kinds.iter().any(|k| k == kind))
    }

    /// The same test as [`Scope::covers`], hashed: for checking many records at once (a
    /// phone purging after its scope shrank).
    pub fn index(&self) -> ScopeIndex<'_> {
        fn set(list: &[String]) -> HashSet<&str> {
            list.iter().map(String::as_str).collect()
        }
        ScopeIndex {
            readable: set(&self.readable),
            published: set(&self.published),
            published_kinds: set(&self.published_kinds),
        }
    }

    /// A fingerprint of the scope, eight bytes on the wire: a sync cursor is only valid for the
    /// scope it was issued in (ADR 0005). Independent of order and repetition.
    pub fn fingerprint(&self) -> [u8; 8] {
        let mut h = blake3::Hasher::new();
        for list in [&self.readable, &self.published, &self.published_kinds] {
            let mut sorted: Vec<&String> = list.iter().collect();
            sorted.sort();
            sorted.dedup();
            for item in sorted {
                h.update(item.as_bytes());
                h.update(&[0]);
            }
            h.update(&[1]);
        }
        // Only when set, so the scopes of users whose units cover their person record keep the
        // fingerprint (and their devices the cursor) they had before this field existed.
        if let Some(p) = &self.person {
            h.update(b"person\0");
            h.update(p.as_bytes());
        }
        let mut out = [0u8; 8];
        out.copy_from_slice(&h.finalize().as_bytes()[..8]);
        out
    }
}

/// A [`Scope`] prepared for many lookups.
#[derive(Debug)]
pub struct ScopeIndex<'a> {
    readable: HashSet<&'a str>,
    published: HashSet<&'a str>,
    published_kinds: HashSet<&'a str>,
}

impl ScopeIndex<'_> {
    pub fn covers(&self, kind: &str, org: &str) -> bool {
        self.readable.contains(org)
            || (self.published.contains(org) && self.published_kinds.contains(kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn published_organisations_show_only_published_kinds() {
        let s = Scope {
            readable: own(&["a"]),
            published: own(&["b"]),
            published_kinds: own(&["course"]),
            person: None,
        };
        assert!(s.covers("mediation_case", "a"));
        assert!(s.covers("course", "b"));
        assert!(!s.covers("mediation_case", "b"));
        assert!(!s.covers("course", "c"));
        let i = s.index();
        for (kind, org) in [
            ("mediation_case", "a"),
            ("course", "b"),
            ("mediation_case", "b"),
        ] {
            assert_eq!(i.covers(kind, org), s.covers(kind, org));
        }
    }

    #[test]
    fn the_fingerprint_ignores_order_and_repeats_but_not_lists() {
        let a = Scope {
            readable: own(&["x", "y"]),
            published: own(&["z"]),
            published_kinds: own(&["course"]),
            person: None,
        };
        let b = Scope {
            readable: own(&["y", "x", "y"]),
            ..a.clone()
        };
        assert_eq!(a.fingerprint(), b.fingerprint());
        let moved = Scope {
            readable: own(&["x"]),
            published: own(&["y", "z"]),
            ..a.clone()
        };
        assert_ne!(a.fingerprint(), moved.fingerprint());
        // Pinned: devices hold cursors under fingerprints the server issued before this type
        // moved here; the value must not change.
        assert_eq!(Scope::default().fingerprint(), {
            let mut h = blake3::Hasher::new();
            h.update(&[1]);
            h.update(&[1]);
            h.update(&[1]);
            let mut out = [0u8; 8];
            out.copy_from_slice(&h.finalize().as_bytes()[..8]);
            out
        });
    }

    #[test]
    fn a_person_outside_the_orgs_is_reached_alone_and_changes_the_fingerprint() {
        let s = Scope {
            readable: own(&["branch"]),
            ..Scope::default()
        };
        let same = s.clone().with_person("p1", "person", "branch");
        assert_eq!(same.person, None, "already covered");
        assert_eq!(same.fingerprint(), s.fingerprint());
        let reached = s.clone().with_person("p1", "person", "gacha");
        assert!(reached.covers_record("p1", "person", "gacha"));
        assert!(!reached.covers_record("p2", "person", "gacha"));
        assert!(
            !reached.covers("person", "gacha"),
            "the unit itself stays unread"
        );
        assert_ne!(reached.fingerprint(), s.fingerprint());
    }
}
