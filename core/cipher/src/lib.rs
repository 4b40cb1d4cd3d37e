//! SQLCipher's cryptography for Steppe's stores, written over RustCrypto's crates in place of
//! OpenSSL's `libcrypto`.
//!
//! SQLCipher needs four things of a crypto library: AES-256-CBC, HMAC (SHA-512 in its
//! version-4 format), PBKDF2 and random bytes. Linking OpenSSL 3 for them brought ~4.5 MB into
//! the phone library, because its default provider references every algorithm it has; these
//! crates bring ~100 KB. The file format is unchanged: stores written by SQLCipher over OpenSSL
//! open here and the other way round (`tests/compat.rs`).
//!
//! Apple builds keep SQLCipher's CommonCrypto provider (part of the OS); this one is used on
//! Android, Linux and everywhere else.

#[allow(unsafe_code)] // the C boundary: the only unsafe code in the crate
mod ffi;
pub mod primitives;

pub use ffi::steppe_sqlcipher_setup;

/// Makes sure the provider is linked into the program. SQLite's C code names it, but linkers
/// read a Rust library's objects only for symbols Rust code asks for first; every crate that
/// opens a SQLite connection calls this before its first.
pub fn link() {
    std::hint::black_box(ffi::setup_address());
}
