//! Credentials from HTTP headers: bearer tokens and the web session cookie, read before the
//! server trusts anything else. A parsed token's parts must be what the token says they are.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steppe_protocol::credentials::{MAX_DEVICE_ID, MAX_SECRET, cookie, parse_bearer};

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = parse_bearer(data) {
        assert_eq!(format!("{}.{}", t.device_id, t.secret), t.token);
        assert!(t.device_id.len() <= MAX_DEVICE_ID && t.secret.len() <= MAX_SECRET);
        assert!(!t.device_id.contains('.') && !t.secret.contains('.'));
    }
    if let Some(v) = cookie(data, "steppe_session") {
        assert!(!v.is_empty() && v.len() <= 128 && !v.contains(';'));
    }
});
