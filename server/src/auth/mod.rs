//! Who a request comes from: devices by their tokens ([`TokenCache`]), devices enrolling with
//! a one-time code ([`enroll`]), and people signing in to the pages with a password
//! ([`password`]). The HTTP handlers only translate between the wire and these.

pub mod enroll;
pub mod password;
mod token;

use rand_core::{OsRng, RngCore};

use crate::storage::StorageError;

pub use token::{HASHING_QUEUE, KEYED_PREFIX, TokenCache, keyed_hash, new_secret};

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("missing or malformed credentials")]
    Malformed,
    #[error("unknown device or wrong token")]
    Invalid,
    #[error("this device or its user has been revoked")]
    Revoked,
    /// Too many Argon2 checks are already waiting; the client should retry shortly.
    #[error("verification is busy, retry later")]
    Busy,
    /// The database's token key is not 32 bytes of hex: every keyed token would fail.
    #[error("the stored token key is malformed")]
    Key,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

pub(crate) fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buf);
    hex::encode(buf)
}

/// Compares secrets without an early exit, so timing does not reveal how much of a guess was
/// right. Empty never matches: an absent secret is not a known one.
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && !a.is_empty() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}
