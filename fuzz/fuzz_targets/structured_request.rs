//! Well-formed messages with hostile field values (mutation alone rarely gets past the
//! compression and framing): encoded, sent through both encodings and decoded again, they come
//! back equal or are refused by a limit — never a panic, never a different message.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use steppe_protocol::{
    Compression, DocChanges, Limits, SyncRequest, decode_request, encode_request,
};

#[derive(Debug, Arbitrary)]
struct Hostile {
    cursor: u64,
    scope: [u8; 8],
    upload: Vec<(Option<[u8; 16]>, Vec<Vec<u8>>)>,
    upload_through: u64,
    page_bytes: u32,
    want: Vec<[u8; 16]>,
    zstd: bool,
}

fuzz_target!(|h: Hostile| {
    let req = SyncRequest {
        cursor: h.cursor,
        scope: h.scope,
        upload: h
            .upload
            .into_iter()
            .map(|(doc, changes)| DocChanges { doc, changes })
            .collect(),
        upload_through: h.upload_through,
        page_bytes: h.page_bytes,
        want: h.want,
    };
    let compression = if h.zstd {
        Compression::Zstd
    } else {
        Compression::None
    };
    let Ok(body) = encode_request(&req, compression) else {
        return;
    };
    match decode_request(&body, compression, &Limits::default()) {
        Ok(back) => assert_eq!(back, req),
        Err(_) => {} // a limit refused it: empty change, too many items, too large
    }
});
