//! What every record kind has in common.

use autosurgeon::{Hydrate, Reconcile};

use crate::error::Result;

pub use crate::kinds::RecordKind;

/// The kind a record type is, declared beside every other kind in `kinds.rs` (never by hand).
pub trait HasKind {
    const KIND: RecordKind;
}

/// A record type stored as one automerge document.
pub trait Record: HasKind + Hydrate + Reconcile + Clone + std::fmt::Debug {
    /// Bumped when the document layout changes; readers upgrade older layouts.
    const SCHEMA_VERSION: u64 = 1;

    /// The organisation this record belongs to: what scopes who may read and write it.
    fn scope_org(&self) -> &str;

    /// Invariants that must hold in every state, checked after every local command and after
    /// every merge (a merge can produce a state nobody wrote).
    fn validate(&self) -> Result<()>;
}
