//! Steppe's sync protocol, version 1: one request/response pair carries the device's
//! unacknowledged changes up and everything new in its scope down (see docs/adr/0004).
//!
//! Messages are postcard (varints, length-prefixed bytes) behind a one-byte version, optionally
//! deflate-compressed as a whole. Decoding never trusts a length: compressed and decompressed
//! sizes are capped before decoding, postcard cannot allocate more than the input holds, and
//! counts and per-item sizes are checked after. automerge's own sync-message decoder never sees
//! these bytes; changes inside are parsed by the receiver with their own size limits.
//!
//! ```
//! use steppe_protocol::*;
//! let req = SyncRequest { cursor: 42, upload: vec![], upload_through: 0, page_bytes: 256 * 1024 };
//! let wire = encode_request(&req, Compression::None).unwrap();
//! assert!(wire.len() < 16);
//! assert_eq!(decode_request(&wire, Compression::None, &Limits::default()).unwrap(), req);
//! ```

mod codec;
mod limits;
mod messages;

pub use codec::{
    Compression, DecodeError, EncodeError, decode_message, decode_request, decode_response,
    encode_message, encode_request, encode_response,
};
pub use limits::Limits;
pub use messages::*;

/// The protocol version this build speaks.
pub const VERSION: u8 = 1;
/// The HTTP path of the sync exchange.
pub const SYNC_PATH: &str = "/v1/sync";
/// The HTTP path where a device trades an enrollment code for a token.
pub const ENROLL_PATH: &str = "/v1/enroll";
