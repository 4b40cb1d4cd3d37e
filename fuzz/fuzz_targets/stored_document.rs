//! A document snapshot as loaded from a phone's store (after its checksum matched) and read as
//! a Steppe record.
#![no_main]

use automerge::AutoCommit;
use libfuzzer_sys::fuzz_target;
use steppe_domain::doc::RecordDoc;

fuzz_target!(|data: &[u8]| {
    if data.len() > 1 << 16 {
        return;
    }
    let Ok(doc) = AutoCommit::load(data) else {
        return;
    };
    if let Some(id) = RecordDoc::envelope_id(&doc)
        && let Ok(record) = RecordDoc::from_automerge(id, doc)
    {
        let _ = record.validate_any();
        let _ = record.scope_org();
        let _ = record.to_json();
    }
});
