//! A change as it arrives (compact), expanded, parsed by automerge, applied to a fresh document
//! the way Steppe applies untrusted changes, and read as a Steppe record — the path of every
//! uploaded and downloaded change. automerge panics on some crafted changes, in parsing and in
//! applying (kept in fuzz/regressions/change_bytes); Steppe catches those, so only a panic it does not catch is a
//! crash here: libfuzzer's abort-on-panic hook is replaced by a silent one.
#![no_main]

use std::sync::Once;

use automerge::AutoCommit;
use libfuzzer_sys::fuzz_target;
use steppe_domain::Id;
use steppe_domain::doc::{RecordDoc, apply_untrusted, parse_untrusted};
use steppe_protocol::chunk;

static QUIET: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    if data.len() > 1 << 16 {
        return;
    }
    let _ = chunk::is_root(data);
    let Ok(change) = parse_untrusted(chunk::expand(data)) else {
        return;
    };
    let mut doc = AutoCommit::new();
    if apply_untrusted(&mut doc, vec![change]).is_err() {
        return;
    }
    // The walk itself: `RecordDoc::conflicts` skips a one-change (linear) history, but a forged
    // change can still leave two values under one key for the walk to meet.
    let _ = steppe_domain::conflict::find(&doc);
    if let Some(id) = RecordDoc::envelope_id(&doc)
        && let Ok(record) = RecordDoc::from_automerge(id, doc)
    {
        let _ = record.validate_any();
        let _ = record.to_json();
    }
    let _ = Id::new();
});
