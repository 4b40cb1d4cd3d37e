//! What travels where there is no signal (ADR 0011): bundle files, the frames two phones
//! exchange, certificates, revocation lists and forwarded items — all read from untrusted
//! bytes, within their bounds, and refused rather than believed when not signed by the key
//! checked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steppe_protocol::bundle::read_bundle;
use steppe_protocol::peer::{
    ForwardRequest, PeerHello, PeerOffer, PeerProof, check_offer, read_frame, read_small_frame,
};
use steppe_protocol::signing::{CertificateRequest, CertificateResponse};
use steppe_protocol::{Limits, decode_message};

/// A fixed key: nothing the fuzzer makes is signed by it, so nothing may verify.
const KEY: [u8; 32] = [
    0x3d, 0x40, 0x17, 0xc3, 0xe8, 0x43, 0x89, 0x5a, 0x92, 0xb7, 0x0a, 0xa7, 0x4d, 0x1b, 0x7e, 0xbc,
    0x9c, 0x98, 0x2c, 0xcf, 0x2e, 0xc4, 0x96, 0x8c, 0xc0, 0xcd, 0x55, 0xf1, 0x2a, 0xf4, 0x66, 0x0c,
];

fuzz_target!(|data: &[u8]| {
    if let Ok(bundle) = read_bundle(data) {
        assert!(bundle.verified_by(&KEY).is_err(), "a fuzzed bundle verified");
    }
    let _ = read_small_frame::<PeerProof>(&mut &data[..]);
    if let Ok(hello) = read_small_frame::<PeerHello>(&mut &data[..]) {
        assert!(hello.certificate.verify(&KEY, 0).is_err());
        if let Some(list) = hello.revocations {
            assert!(list.verify(&KEY).is_err());
        }
    }
    if let Ok(offer) = read_frame::<PeerOffer>(&mut &data[..]) {
        let _ = check_offer(&offer);
    }
    let limits = Limits::default();
    let _ = decode_message::<CertificateRequest>(data, &limits);
    let _ = decode_message::<CertificateResponse>(data, &limits);
    let _ = decode_message::<ForwardRequest>(data, &limits);
});
