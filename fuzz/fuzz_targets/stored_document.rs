//! A document snapshot as loaded from a phone's store (after its checksum matched), the way the
//! store loads it, and read as a Steppe record.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use steppe_domain::doc::{RecordDoc, load_untrusted};

static QUIET: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    // Steppe catches automerge's panics on damaged input: only an uncaught one is a crash.
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    if data.len() > 1 << 16 {
        return;
    }
    let Ok(doc) = load_untrusted(data) else {
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
