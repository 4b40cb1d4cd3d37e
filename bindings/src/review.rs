//! What supervisors and everyone reviewing work read: counts over a subtree, a record's history
//! with names, conflicts with both values and who wrote them, and the changes the server
//! refused.

use crate::error::SteppeError;
use crate::store::{SteppeStore, parse_id};
use crate::types::RefusalReason;
use steppe_domain::Vocabulary;

/// A supervisor's overview row: one organisation's counts over its whole subtree.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OrgCounts {
    pub org: String,
    pub parent: Option<String>,
    pub name: String,
    /// The unit's name in traditional Mongolian script, shown beside the Chinese where it has one.
    pub name_mn: Option<String>,
    pub kind_key: String,
    pub depth: i64,
    pub open_cases: i64,
    pub closed_cases: i64,
    pub sessions: i64,
    pub attendances: i64,
    pub open_requests: i64,
    pub households: i64,
}

impl From<steppe_core::OrgCounts> for OrgCounts {
    fn from(c: steppe_core::OrgCounts) -> Self {
        Self {
            org: c.org.id.to_string(),
            parent: c.org.parent.map(|p| p.to_string()),
            name: c.org.name,
            name_mn: c.org.name_mn,
            kind_key: c.org.kind.message_id(),
            depth: c.org.depth,
            open_cases: c.open_cases,
            closed_cases: c.closed_cases,
            sessions: c.sessions,
            attendances: c.attendances,
            open_requests: c.open_requests,
            households: c.households,
        }
    }
}

/// One change of a record's history.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HistoryItem {
    pub at_ms: i64,
    /// The command that made it (`case.add_note`, `case.close`, …): a code the app labels.
    pub action: String,
    /// Who made it and on which device; empty when the actor is not known here yet.
    pub user_name: String,
    pub device_name: String,
    /// Made on this device.
    pub local: bool,
    /// Fields it changed (`record.status`, …).
    pub fields: Vec<String>,
}

/// One of the values two people wrote at once.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ConflictValue {
    pub value: String,
    pub user_name: String,
    pub device_name: String,
}

/// A field two people changed at once, waiting for someone to choose.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ConflictItem {
    pub record: String,
    /// The record kind's code, where the record is known here.
    pub kind: Option<String>,
    /// The field (`record.outcome`, …).
    pub field: String,
    pub object: String,
    pub key: String,
    pub values: Vec<ConflictValue>,
}

/// A change of this device the server refused: kept here, never dropped.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RejectedChange {
    pub record: String,
    pub hash: String,
    /// Why the server refused it; none for a reason this release does not know.
    pub reason: Option<RefusalReason>,
    /// The rule's own explanation: a catalogue id (`reason_…`) where the rule's reason says it
    /// whole, else a code-naming description for whoever follows it up.
    pub detail: String,
}

/// The catalogue id that words `reason` (超出本人权限范围, …): the same words the pages and the
/// command line use, so the phones hold no second copy of them.
#[uniffi::export]
pub fn refusal_reason_key(reason: RefusalReason) -> String {
    steppe_domain::rejection::RefusalReason::from(reason).message_id()
}

/// A member's change the server refused, as the member's supervisors see it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MemberRefusal {
    pub id: String,
    /// The member's unit, and its name where this phone holds it.
    pub org: String,
    pub org_name: Option<String>,
    pub user_name: String,
    pub device_name: String,
    /// The record the change was to, and its kind where the server knew it.
    pub record: String,
    pub record_kind: Option<steppe_domain::RecordKind>,
    pub reason: RefusalReason,
    /// The server's explanation for whoever follows it up: a catalogue id (`reason_…`) where
    /// the rule's reason says it whole, else a code-naming description.
    pub detail: String,
    pub last_at_ms: i64,
    /// Refused changes to the record from that phone.
    pub changes: i64,
}

#[uniffi::export]
impl SteppeStore {
    /// Counts for an organisation and every one below it, each row totalling its subtree.
    pub fn org_overview(&self, root: String) -> Result<Vec<OrgCounts>, SteppeError> {
        let rows = self.store.org_overview(parse_id(&root)?)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Every change of a record, oldest first, with who made it.
    pub fn history(&self, record: String) -> Result<Vec<HistoryItem>, SteppeError> {
        Ok(self
            .store
            .history(parse_id(&record)?)?
            .into_iter()
            .map(|h| HistoryItem {
                at_ms: h.at,
                action: h.message,
                user_name: h.user_name.unwrap_or_default(),
                device_name: h.device_name.unwrap_or_default(),
                local: h.local,
                fields: h.fields,
            })
            .collect())
    }

    /// Conflicts waiting for a choice: of one record, or all.
    pub fn conflicts(&self, record: Option<String>) -> Result<Vec<ConflictItem>, SteppeError> {
        let record = record.as_deref().map(parse_id).transpose()?;
        Ok(self
            .store
            .conflicts(record)?
            .into_iter()
            .map(|c| ConflictItem {
                record: c.doc.to_string(),
                kind: c.kind,
                field: c.path,
                object: c.object,
                key: c.key,
                values: c
                    .candidates
                    .into_iter()
                    .map(|v| ConflictValue {
                        value: v.value,
                        user_name: v.user_name.unwrap_or_default(),
                        device_name: v.device_name.unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect())
    }

    /// Keeps value `choice` (an index into [`ConflictItem::values`]) as a change of the
    /// signed-in member, shown in the history under their name.
    pub fn resolve_conflict(
        &self,
        record: String,
        object: String,
        key: String,
        choice: u32,
    ) -> Result<(), SteppeError> {
        Ok(self
            .store
            .resolve_conflict(parse_id(&record)?, &object, &key, choice as usize)?)
    }

    /// Members' changes the server refused, newest first: every member's whose unit this phone
    /// reads (a supervisor's subtree).
    pub fn member_refusals(&self) -> Result<Vec<MemberRefusal>, SteppeError> {
        Ok(self
            .store
            .refused_uploads()?
            .into_iter()
            .map(|r| MemberRefusal {
                id: r.id.to_string(),
                org: r.org.to_string(),
                org_name: r.org_name,
                user_name: r.user_name,
                device_name: r.device_name,
                record: r.record.to_string(),
                record_kind: r.record_kind,
                reason: r.reason.into(),
                detail: r.detail,
                last_at_ms: r.last_at,
                changes: r.changes,
            })
            .collect())
    }

    /// This device's changes the server refused, with its reason.
    pub fn rejected_changes(&self) -> Result<Vec<RejectedChange>, SteppeError> {
        Ok(self
            .store
            .rejected_changes()?
            .into_iter()
            .map(|r| RejectedChange {
                record: r.doc.to_string(),
                hash: r.hash,
                // Stored as the wire names it (`OutOfScope`): the vocabulary's stored name.
                reason: <steppe_domain::rejection::RefusalReason as steppe_domain::Vocabulary>::from_stored_name(&r.reason)
                    .map(Into::into),
                detail: r.detail,
            })
            .collect())
    }
}
