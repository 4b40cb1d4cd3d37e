//! Inputs the fuzz targets found or that stand for their classes, replayed on every test run
//! through the same decoders: each is refused with a typed error or decoded — never a panic.
//! A crasher cargo-fuzz leaves in fuzz/artifacts/TARGET/ is copied to fuzz/regressions/TARGET/.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

use std::path::PathBuf;

use automerge::{AutoCommit, Change};
use steppe_domain::doc::RecordDoc;
use steppe_protocol::{
    Compression, DecodeError, EnrollRequest, FrameReader, Limits, chunk, decode_message,
    decode_request,
};

fn sync_request(data: &[u8]) {
    let _ = decode_request(data, Compression::None, &Limits::default());
    let _ = decode_request(data, Compression::Zstd, &Limits::default());
}

fn frames(data: &[u8]) {
    let mut reader = FrameReader::new(Limits::default());
    reader.push(data);
    while let Ok(Some(f)) = reader.next_frame() {
        let _ = f.decode();
    }
}

fn change_bytes(data: &[u8]) {
    if let Ok(change) = steppe_domain::doc::parse_untrusted(chunk::expand(data)) {
        let mut doc = AutoCommit::new();
        if steppe_domain::doc::apply_untrusted(&mut doc, vec![change]).is_ok()
            && let Some(id) = RecordDoc::envelope_id(&doc)
            && let Ok(r) = RecordDoc::from_automerge(id, doc)
        {
            let _ = r.validate_any();
        }
    }
}

fn stored_document(data: &[u8]) {
    if let Ok(doc) = steppe_domain::doc::load_untrusted(data)
        && let Some(id) = RecordDoc::envelope_id(&doc)
    {
        let _ = RecordDoc::from_automerge(id, doc);
    }
}

fn enroll(data: &[u8]) {
    let _ = decode_message::<EnrollRequest>(data, &Limits::default());
}

#[test]
fn recorded_fuzz_inputs_are_refused_or_decoded_never_a_panic() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions");
    let mut replayed = 0;
    // automerge panicked on a recorded change; Steppe catches it as a refusal.
    std::panic::set_hook(Box::new(|_| {}));
    for (target, replay) in [
        ("sync_request", sync_request as fn(&[u8])),
        ("sync_response_frames", frames),
        ("change_bytes", change_bytes),
        ("stored_document", stored_document),
        ("enroll_message", enroll),
    ] {
        let Ok(entries) = std::fs::read_dir(dir.join(target)) else {
            continue;
        };
        for entry in entries {
            replay(&std::fs::read(entry.unwrap().path()).unwrap());
            replayed += 1;
        }
    }
    // The changes automerge 0.12 panics on (one in applying, one in parsing) are refused.
    for entry in std::fs::read_dir(dir.join("change_bytes")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let refused = match steppe_domain::doc::parse_untrusted(chunk::expand(&bytes)) {
            Err(_) => true,
            Ok(change) => {
                steppe_domain::doc::apply_untrusted(&mut AutoCommit::new(), vec![change]).is_err()
            }
        };
        assert!(refused);
    }
    // The saved "document" whose bundle chunk made automerge allocate 2 GiB is refused unread.
    for entry in std::fs::read_dir(dir.join("stored_document")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(steppe_domain::doc::load_untrusted(&bytes).is_err());
    }
    let _ = std::panic::take_hook();
    assert!(replayed >= 1, "the recorded crasher is replayed");
    eprintln!("replayed {replayed} recorded fuzz inputs");
}

#[test]
fn the_classes_the_targets_cover_are_refused_with_typed_errors() {
    // A compression bomb: 48 MiB of zeros in a few KB.
    let bomb = zstd::stream::encode_all(vec![0u8; 48 << 20].as_slice(), 19).unwrap();
    assert_eq!(
        decode_request(&bomb, Compression::Zstd, &Limits::default()),
        Err(DecodeError::DecodedTooLarge(32 << 20))
    );
    // A frame cut short: nothing decoded, nothing panics.
    let mut reader = FrameReader::new(Limits::default());
    reader.push(&[0x90, 0x01, 1, 0x28, 0xb5]);
    assert!(reader.next_frame().unwrap().is_none());
    assert!(!reader.is_empty());
    // A length prefix claiming gigabytes.
    let mut reader = FrameReader::new(Limits::default());
    reader.push(&[0xff, 0xff, 0xff, 0xff, 0x0f]);
    assert!(matches!(
        reader.next_frame(),
        Err(DecodeError::BodyTooLarge(_))
    ));
    // A change whose header is mangled, and random bytes as a snapshot.
    change_bytes(&[1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
    stored_document(&[0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, 0, 0xff]);
    assert!(Change::from_bytes(chunk::expand(&[1, 5, 0, 1, 2, 3, 4])).is_err());
}
