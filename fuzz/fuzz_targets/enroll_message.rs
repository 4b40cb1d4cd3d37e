//! Enrollment requests and responses, with the small limits the server applies to them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steppe_protocol::{EnrollRequest, EnrollResponse, Limits, decode_message};

fuzz_target!(|data: &[u8]| {
    let small = Limits {
        max_body: 4096,
        max_decoded: 4096,
        ..Limits::default()
    };
    let _ = decode_message::<EnrollRequest>(data, &small);
    let _ = decode_message::<EnrollResponse>(data, &Limits::default());
});
