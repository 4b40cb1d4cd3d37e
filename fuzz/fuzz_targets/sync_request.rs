//! The server decodes every sync request body: raw and zstd, with the default limits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steppe_protocol::{Compression, Limits, decode_request};

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let _ = decode_request(data, Compression::None, &limits);
    let _ = decode_request(data, Compression::Zstd, &limits);
});
