//! One record, one automerge document. The root holds an envelope — `kind`, `schema`, `id` —
//! and the record itself under `record`, so the envelope is written once at creation and never
//! touched by concurrent edits.

use crate::reason::Reason;
use automerge::transaction::CommitOptions;
use automerge::transaction::Transactable;
use automerge::{ActorId, AutoCommit, Change, ChangeHash, ObjId, ROOT, ReadDoc};
use autosurgeon::{hydrate_prop, reconcile_prop};

use crate::Id;
use crate::conflict::{self, Conflict};
use crate::error::{DomainError, Result};
use crate::record::{Record, RecordKind};

const RECORD: &str = "record";

/// A record's automerge document.
#[derive(Debug)]
pub struct RecordDoc {
    id: Id,
    kind: RecordKind,
    doc: AutoCommit,
}

fn malformed(kind: RecordKind, detail: impl std::fmt::Display) -> DomainError {
    DomainError::Malformed {
        kind,
        detail: detail.to_string(),
    }
}

impl RecordDoc {
    /// Creates the document of a new record as the first change by `actor`.
    pub fn create<R: Record>(
        id: Id,
        record: &R,
        actor: ActorId,
        now: i64,
        message: &str,
    ) -> Result<Self> {
        record.validate()?;
        let mut doc = AutoCommit::new().with_actor(actor);
        let kind = R::KIND;
        let put = |doc: &mut AutoCommit| -> std::result::Result<(), automerge::AutomergeError> {
            doc.put(ROOT, "kind", kind.as_str())?;
            doc.put(ROOT, "schema", R::SCHEMA_VERSION)?;
            doc.put(ROOT, "id", id.to_string())?;
            Ok(())
        };
        put(&mut doc).map_err(|e| malformed(kind, e))?;
        reconcile_prop(&mut doc, ROOT, RECORD, record).map_err(|e| malformed(kind, e))?;
        doc.commit_with(
            CommitOptions::default()
                .with_time(now)
                .with_message(message),
        );
        Ok(Self { id, kind, doc })
    }

    /// Loads a document from a saved snapshot (may be empty) followed by change chunks, checking
    /// that it is the record it claims to be.
    pub fn load<'a>(
        id: Id,
        snapshot: &[u8],
        changes: impl IntoIterator<Item = &'a [u8]>,
        actor: ActorId,
    ) -> Result<Self> {
        let unknown = RecordKind::Organisation;
        let mut doc = if snapshot.is_empty() {
            AutoCommit::new()
        } else {
            AutoCommit::load(snapshot).map_err(|e| malformed(unknown, e))?
        };
        let mut parsed = Vec::new();
        for bytes in changes {
            parsed.push(Change::try_from(bytes).map_err(|e| malformed(unknown, e))?);
        }
        apply_untrusted(&mut doc, parsed).map_err(|e| malformed(unknown, e))?;
        doc.set_actor(actor);
        Self::from_automerge(id, doc)
    }

    /// The id a document's envelope names, if it names a well-formed one. A device learns the ids
    /// of records in a first sync this way (the server checked them when they were uploaded).
    pub fn envelope_id(doc: &impl ReadDoc) -> Option<Id> {
        match doc.get(ROOT, "id") {
            Ok(Some((automerge::Value::Scalar(s), _))) => {
                s.as_str().and_then(|s| Id::parse(s).ok())
            }
            _ => None,
        }
    }

    /// Wraps an automerge document already loaded, checking its envelope names `id`.
    pub fn from_automerge(id: Id, doc: AutoCommit) -> Result<Self> {
        let kind = envelope_kind(&doc)?;
        let stored_id = match doc.get(ROOT, "id") {
            Ok(Some((automerge::Value::Scalar(s), _))) => s.as_str().map(str::to_string),
            _ => None,
        };
        if stored_id.as_deref() != Some(id.to_string().as_str()) {
            return Err(malformed(kind, "document id does not match its key"));
        }
        Ok(Self { id, kind, doc })
    }

    pub fn id(&self) -> Id {
        self.id
    }

    pub fn kind(&self) -> RecordKind {
        self.kind
    }

    pub fn schema_version(&self) -> u64 {
        match self.doc.get(ROOT, "schema") {
            Ok(Some((automerge::Value::Scalar(s), _))) => s.as_u64().unwrap_or(0),
            _ => 0,
        }
    }

    /// The record as its current (merged) state.
    pub fn read<R: Record>(&self) -> Result<R> {
        if self.kind != R::KIND {
            return Err(malformed(
                R::KIND,
                format!("document holds a {}", self.kind),
            ));
        }
        if self.schema_version() > R::SCHEMA_VERSION {
            return Err(malformed(
                R::KIND,
                "written by a newer version of Steppe; update the app",
            ));
        }
        hydrate_prop(&self.doc, ROOT, RECORD).map_err(|e| malformed(R::KIND, e))
    }

    /// Writes the record's new state as one change, after checking its invariants. Only the
    /// fields that differ are written. Returns the change, or `None` if nothing changed.
    pub fn write<R: Record>(
        &mut self,
        record: &R,
        now: i64,
        message: &str,
    ) -> Result<Option<Change>> {
        record.validate()?;
        if self.kind != R::KIND {
            return Err(malformed(
                R::KIND,
                format!("document holds a {}", self.kind),
            ));
        }
        reconcile_prop(&mut self.doc, ROOT, RECORD, record).map_err(|e| malformed(R::KIND, e))?;
        Ok(self.commit(now, message))
    }

    fn commit(&mut self, now: i64, message: &str) -> Option<Change> {
        self.doc.commit_with(
            CommitOptions::default()
                .with_time(now)
                .with_message(message),
        )?;
        self.doc.get_last_local_change()
    }

    /// Applies changes from elsewhere; returns the hashes that were new here.
    pub fn apply(&mut self, changes: Vec<Change>) -> Result<Vec<ChangeHash>> {
        let before = self.doc.get_heads();
        apply_untrusted(&mut self.doc, changes).map_err(|e| malformed(self.kind, e))?;
        let after = self.doc.get_heads();
        if before == after {
            return Ok(Vec::new());
        }
        Ok(self
            .doc
            .get_changes(&before)
            .iter()
            .map(Change::hash)
            .collect())
    }

    pub fn heads(&mut self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    /// Changes this document has that are not ancestors of `have`.
    pub fn changes_since(&mut self, have: &[ChangeHash]) -> Vec<Change> {
        self.doc.get_changes(have)
    }

    /// Saves the full compacted document.
    pub fn save(&mut self) -> Vec<u8> {
        self.doc.save()
    }

    /// The whole document as JSON (envelope and record), for detail views and comparisons.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(automerge::AutoSerde::from(&self.doc))
            .unwrap_or(serde_json::Value::Null)
    }

    /// Resolves an object as a decoded change names it to this document's id for it.
    fn object_named(&self, obj: &automerge::legacy::ObjectId) -> Option<ObjId> {
        match obj {
            automerge::legacy::ObjectId::Root => Some(ROOT),
            automerge::legacy::ObjectId::Id(op) => self
                .doc
                .import_obj(&format!("{}@{}", op.counter(), op.actor().to_hex_string()))
                .ok(),
        }
    }

    /// Whether `key` of `obj` (named as a decoded change names it) holds a nested object here.
    pub fn holds_object(&self, obj: &automerge::legacy::ObjectId, key: &str) -> bool {
        self.object_named(obj).is_some_and(|o| {
            matches!(
                self.doc.get(&o, key),
                Ok(Some((automerge::Value::Object(_), _)))
            )
        })
    }

    /// Whether `obj` (named as a decoded change names it) is the object at `record.<field>`.
    pub fn is_record_field(&self, obj: &automerge::legacy::ObjectId, field: &str) -> bool {
        let Ok(Some((automerge::Value::Object(_), record))) = self.doc.get(ROOT, RECORD) else {
            return false;
        };
        let Ok(Some((automerge::Value::Object(_), target))) = self.doc.get(&record, field) else {
            return false;
        };
        self.object_named(obj).is_some_and(|o| o == target)
    }

    /// Fields written concurrently with different values.
    ///
    /// Concurrent writes need concurrent changes: a history that is one line (one head, and no
    /// change with two parents: one device's edits, or edits that each saw the one before) has
    /// none, and is not walked. Walking costs as much as reading the record, and most records
    /// of a first sync were kept on one device. A forged change that puts a value without naming the one it replaces
    /// could leave two values in a linear history; such a pair is not listed, and its writer
    /// gains nothing by it that an ordinary write would not give: the record shows one value,
    /// the same on every replica.
    pub fn conflicts(&mut self) -> Vec<Conflict> {
        if self.history_is_linear() {
            return Vec::new();
        }
        conflict::find(&self.doc)
    }

    fn history_is_linear(&mut self) -> bool {
        let doc = self.doc.document();
        doc.get_heads().len() <= 1 && doc.get_changes_meta(&[]).iter().all(|c| c.deps.len() <= 1)
    }

    /// Resolves a conflict by keeping one of its values (by index into `Conflict::values`), then
    /// checks the record's invariants with the chosen value.
    pub fn resolve(
        &mut self,
        object: &str,
        key: &str,
        choice: usize,
        now: i64,
    ) -> Result<Option<Change>> {
        let obj: ObjId = self
            .doc
            .import_obj(object)
            .map_err(|_| DomainError::invalid("object", Reason::NotAnObject))?;
        let values = self
            .doc
            .get_all(&obj, key)
            .map_err(|e| malformed(self.kind, e))?;
        if values.len() < 2 {
            return Err(DomainError::invalid("key", Reason::NoConflict));
        }
        let (value, _) = values
            .get(choice)
            .ok_or_else(|| DomainError::invalid("choice", Reason::NoSuchValue))?;
        let scalar = match value {
            automerge::Value::Scalar(s) => s.clone().into_owned(),
            automerge::Value::Object(_) => {
                return Err(DomainError::invalid("choice", Reason::OnlyFieldValues));
            }
        };
        self.doc
            .put(&obj, key, scalar)
            .map_err(|e| malformed(self.kind, e))?;
        if let Err(e) = self.validate_any() {
            self.doc.rollback();
            return Err(e);
        }
        Ok(self.commit(now, crate::command::Command::ConflictResolve.code()))
    }

    /// The organisation the record belongs to, whatever its kind.
    pub fn scope_org(&self) -> Result<String> {
        fn scope<R: Record>(d: &RecordDoc) -> Result<String> {
            Ok(d.read::<R>()?.scope_org().to_string())
        }
        with_record_type!(self.kind, scope(self))
    }

    /// Checks the current state against its kind's invariants, whatever the kind.
    pub fn validate_any(&self) -> Result<()> {
        fn check<R: Record>(d: &RecordDoc) -> Result<()> {
            d.read::<R>()?.validate()
        }
        with_record_type!(self.kind, check(self))
    }
}

fn envelope_kind(doc: &AutoCommit) -> Result<RecordKind> {
    let unknown = RecordKind::Organisation;
    match doc.get(ROOT, "kind") {
        Ok(Some((automerge::Value::Scalar(s), _))) => s
            .as_str()
            .and_then(RecordKind::parse)
            .ok_or_else(|| malformed(unknown, "unknown record kind")),
        _ => Err(malformed(unknown, "no record kind in envelope")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mediation::{CaseCategory, MediationCase, Outcome};

    fn case() -> MediationCase {
        MediationCase::open(
            Id::new().to_string(),
            CaseCategory::Neighbours,
            "村".into(),
            "菜园面积".into(),
            vec!["a".into(), "b".into()],
            vec![],
            1,
        )
        .unwrap()
    }

    fn fork(doc: &mut RecordDoc) -> RecordDoc {
        let bytes = doc.save();
        RecordDoc::load(doc.id(), &bytes, [], ActorId::random()).unwrap()
    }

    fn exchange(a: &mut RecordDoc, b: &mut RecordDoc) {
        let from_a = a.changes_since(&[]);
        let from_b = b.changes_since(&[]);
        a.apply(from_b).unwrap();
        b.apply(from_a).unwrap();
    }

    #[test]
    fn concurrent_edits_to_different_fields_both_survive() {
        let mut a = RecordDoc::create(Id::new(), &case(), ActorId::random(), 1, "open").unwrap();
        let mut b = fork(&mut a);
        let mut ca: MediationCase = a.read().unwrap();
        ca.place = "东边草场".into();
        a.write(&ca, 2, "edit").unwrap();
        let mut cb: MediationCase = b.read().unwrap();
        cb.add_note(Id::new().to_string(), "visited".into(), "m2".into(), 2)
            .unwrap();
        cb.edit_description("菜园面积重新划分").unwrap();
        b.write(&cb, 2, "note").unwrap();
        exchange(&mut a, &mut b);
        let merged: MediationCase = a.read().unwrap();
        assert_eq!(merged, b.read::<MediationCase>().unwrap());
        assert_eq!(merged.place, "东边草场");
        assert_eq!(merged.timeline.len(), 1);
        assert!(a.conflicts().is_empty());
    }

    #[test]
    fn concurrent_appends_both_survive() {
        let mut a = RecordDoc::create(Id::new(), &case(), ActorId::random(), 1, "open").unwrap();
        let mut b = fork(&mut a);
        for (doc, text) in [(&mut a, "note from a"), (&mut b, "note from b")] {
            let mut c: MediationCase = doc.read().unwrap();
            c.add_note(Id::new().to_string(), text.into(), "m".into(), 2)
                .unwrap();
            doc.write(&c, 2, "note").unwrap();
        }
        exchange(&mut a, &mut b);
        let merged: MediationCase = a.read().unwrap();
        let bodies: Vec<_> = merged
            .timeline
            .iter()
            .map(|e| e.body.as_str().to_string())
            .collect();
        assert_eq!(bodies.len(), 2);
        assert!(
            bodies.contains(&"note from a".to_string())
                && bodies.contains(&"note from b".to_string())
        );
    }

    #[test]
    fn same_field_conflict_is_visible_and_resolvable() {
        let mut a = RecordDoc::create(Id::new(), &case(), ActorId::random(), 1, "open").unwrap();
        let mut b = fork(&mut a);
        let mut ca: MediationCase = a.read().unwrap();
        ca.close(Outcome::Agreement, Some("划线".into()), 2)
            .unwrap();
        a.write(&ca, 2, "close").unwrap();
        let mut cb: MediationCase = b.read().unwrap();
        cb.close(Outcome::Withdrawn, None, 2).unwrap();
        b.write(&cb, 2, "close").unwrap();
        exchange(&mut a, &mut b);
        let conflicts = a.conflicts();
        let outcome = conflicts
            .iter()
            .find(|c| c.key == "outcome")
            .expect("outcome conflict");
        assert_eq!(outcome.values.len(), 2);
        assert_eq!(
            conflicts,
            b.conflicts(),
            "both replicas see the same conflicts"
        );
        let agreement_index = outcome
            .values
            .iter()
            .position(|v| v.value.contains("Agreement"))
            .unwrap();
        a.resolve(&outcome.object, &outcome.key, agreement_index, 3)
            .unwrap();
        let resolved: MediationCase = a.read().unwrap();
        assert_eq!(resolved.outcome, Some(Outcome::Agreement));
        assert!(a.conflicts().iter().all(|c| c.key != "outcome"));
    }

    #[test]
    fn load_refuses_wrong_id_and_garbage() {
        let mut a = RecordDoc::create(Id::new(), &case(), ActorId::random(), 1, "open").unwrap();
        let bytes = a.save();
        assert!(RecordDoc::load(Id::new(), &bytes, [], ActorId::random()).is_err());
        assert!(RecordDoc::load(a.id(), b"not automerge", [], ActorId::random()).is_err());
        let truncated = &bytes[..bytes.len() / 2];
        assert!(RecordDoc::load(a.id(), truncated, [], ActorId::random()).is_err());
    }

    #[test]
    fn reading_as_the_wrong_kind_is_an_error() {
        let a = RecordDoc::create(Id::new(), &case(), ActorId::random(), 1, "open").unwrap();
        assert!(a.read::<crate::request::ResidentRequest>().is_err());
    }

    #[test]
    fn an_unchanged_write_makes_no_change() {
        let mut a = RecordDoc::create(Id::new(), &case(), ActorId::random(), 1, "open").unwrap();
        let c: MediationCase = a.read().unwrap();
        assert!(a.write(&c, 2, "noop").unwrap().is_none());
    }
}

/// Why changes from elsewhere could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Untrusted {
    #[error("automerge refused the changes: {0}")]
    Refused(String),
    /// automerge panicked on them (a crafted change: `cargo xtask fuzz` found one, kept in
    /// fuzz/regressions/change_bytes). The document may be half-changed: discard it.
    #[error("automerge could not process the changes")]
    Panicked,
}

/// Parses a change that came from elsewhere. automerge's parser panics on some malformed input
/// (`cargo xtask fuzz` found one in its column decoder); that is caught and reported here.
pub fn parse_untrusted(bytes: Vec<u8>) -> std::result::Result<Change, Untrusted> {
    // Only plain change chunks (type 1, what Steppe writes) reach automerge's parser: its bundle
    // parser allocated 2 GiB for a crafted 110-byte chunk (fuzz/regressions/change_bytes).
    const CHANGE_CHUNK: u8 = 1;
    if bytes.get(8) != Some(&CHANGE_CHUNK) {
        return Err(Untrusted::Refused("not a change chunk".into()));
    }
    match std::panic::catch_unwind(move || Change::from_bytes(bytes)) {
        Ok(Ok(c)) => Ok(c),
        Ok(Err(e)) => Err(Untrusted::Refused(e.to_string())),
        Err(_) => Err(Untrusted::Panicked),
    }
}

/// Whether `bytes` is a sequence of well-framed document (0) and change (1, 2) chunks. A bundle
/// chunk (3) never reaches automerge: its parser allocated 2 GiB for a few hundred crafted bytes
/// (fuzz/regressions/stored_document), and Steppe never writes one.
fn only_plain_chunks(mut bytes: &[u8]) -> bool {
    const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
    while !bytes.is_empty() {
        if bytes.len() < 9 || bytes[..4] != MAGIC || bytes[8] > 2 {
            return false;
        }
        let (mut len, mut shift, mut at) = (0u64, 0u32, 9usize);
        loop {
            let Some(&b) = bytes.get(at) else {
                return false;
            };
            len |= u64::from(b & 0x7f) << shift;
            at += 1;
            if b & 0x80 == 0 {
                break;
            }
            shift += 7;
            if shift > 56 {
                return false;
            }
        }
        let Some(end) = usize::try_from(len).ok().and_then(|l| at.checked_add(l)) else {
            return false;
        };
        if end > bytes.len() {
            return false;
        }
        bytes = &bytes[end..];
    }
    true
}

/// Loads a saved document that may be damaged (a phone's store file): plain chunks only, and a
/// panic caught as for [`parse_untrusted`].
pub fn load_untrusted(bytes: &[u8]) -> std::result::Result<AutoCommit, Untrusted> {
    if !only_plain_chunks(bytes) {
        return Err(Untrusted::Refused("not a saved document".into()));
    }
    match std::panic::catch_unwind(|| AutoCommit::load(bytes)) {
        Ok(Ok(d)) => Ok(d),
        Ok(Err(e)) => Err(Untrusted::Refused(e.to_string())),
        Err(_) => Err(Untrusted::Panicked),
    }
}

/// The id the first change among `changes` (one without dependencies) names in its envelope:
/// how a receiver names a document whose id the sender left out to save bytes (ADR 0005). None
/// when no change of them is a first change or its envelope names no well-formed id.
pub fn id_of_first_change(changes: &[Change]) -> Option<Id> {
    let root = changes.iter().find(|c| c.deps().is_empty())?;
    let mut first = AutoCommit::new();
    apply_untrusted(&mut first, vec![root.clone()]).ok()?;
    RecordDoc::envelope_id(&first)
}

/// Applies changes that came from another device or the network. automerge can panic on crafted
/// input; the panic is caught here and reported, so one hostile upload cannot take down a sync
/// (the caller must drop `doc` after [`Untrusted::Panicked`]).
pub fn apply_untrusted(
    doc: &mut AutoCommit,
    changes: Vec<Change>,
) -> std::result::Result<(), Untrusted> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doc.apply_changes(changes))) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(Untrusted::Refused(e.to_string())),
        Err(_) => Err(Untrusted::Panicked),
    }
}
