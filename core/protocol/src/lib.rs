//! Steppe's sync protocol, version 2: one request/response pair carries the device's
//! unacknowledged changes up and everything new in its scope down (see docs/adr/0004).
//!
//! Messages are postcard (varints, length-prefixed bytes) behind a one-byte version, optionally
//! zstd-compressed as a whole; changes inside travel as compact chunks ([`chunk`]). Decoding
//! never trusts a length: compressed and decompressed sizes are capped before decoding, postcard
//! cannot allocate more than the input holds, and counts and per-item sizes are checked after. automerge's own sync-message decoder never sees
//! these bytes; changes inside are parsed by the receiver with their own size limits.
//!
//! ```
//! use steppe_protocol::*;
//! let req = SyncRequest { cursor: 42, scope: [0; 8], upload: vec![], upload_through: 0, page_bytes: 256 * 1024, want: vec![] };
//! let wire = encode_request(&req, Compression::None).unwrap();
//! assert!(wire.len() < 32);
//! assert_eq!(decode_request(&wire, Compression::None, &Limits::default()).unwrap(), req);
//! ```

pub mod bundle;
pub mod chunk;
mod codec;
pub mod credentials;
mod limits;
pub mod link;
mod messages;
pub mod peer;
pub mod sealing;
pub mod signing;

pub use codec::{
    Compression, DecodeError, EncodeError, Frame, FrameReader, STRONG_FROM, decode_message,
    decode_request, decode_response, encode_frame, encode_message, encode_request, encode_response,
    split_frames,
};
pub use limits::{Limits, MAX_PAGE_BYTES, MIN_PAGE_BYTES, PAGE_BYTES};
pub use messages::*;

/// The protocol version this build speaks.
pub const VERSION: u8 = 2;
/// The HTTP path of the sync exchange.
pub const SYNC_PATH: &str = "/v2/sync";
/// Response header of a sync: the end of the server's log (its last position) that the
/// response's first page was cut against, so a phone can draw progress from its cursor. Advisory: a missing or
/// unreadable value only leaves the bar indeterminate.
pub const HEAD_HEADER: &str = "steppe-head";
/// Response header of a sync: the server database's lineage (ADR 0012), 16 hex digits, or `0`
/// for a database never restored from a backup. A phone that sees it change knows the server
/// may have lost what it acknowledged and that its positions may repeat ones the phone passed:
/// it starts again from 0 and offers every change of its own again.
pub const LINEAGE_HEADER: &str = "steppe-lineage";
/// The content type of a sync response: a stream of frames ([`encode_frame`]).
pub const FRAMES_CONTENT_TYPE: &str = "application/x-steppe-frames";
/// The HTTP path where a device trades an enrollment code for a token.
pub const ENROLL_PATH: &str = "/v1/enroll";
