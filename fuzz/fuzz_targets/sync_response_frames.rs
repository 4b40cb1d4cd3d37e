//! The device reads a response as frames arriving in pieces, and decodes each.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steppe_protocol::{FrameReader, Limits};

fuzz_target!(|data: &[u8]| {
    let mut reader = FrameReader::new(Limits::default());
    // Split where the input says, as a network would.
    let split = data
        .first()
        .map(|b| *b as usize)
        .unwrap_or(0)
        .min(data.len());
    for piece in [&data[..split], &data[split..]] {
        reader.push(piece);
        while let Ok(Some(frame)) = reader.next_frame() {
            let _ = frame.decode();
        }
    }
});
