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

/// Readies SQLite and SQLCipher for a connection; every crate that opens one calls this first.
///
/// It does two things. It makes sure the provider is linked into the program: SQLite's C code
/// names it, but linkers read a Rust library's objects only for symbols Rust code asks for
/// first. And it finishes SQLCipher's initialisation on the calling thread: SQLite marks itself
/// initialised *before* it runs SQLCipher's part, so a thread opening its first connection
/// while another thread was still inside that part found no cipher, and its key was refused
/// (seen once in CI: a keyed test beside an unkeyed one in the same process).
///
/// Returns SQLite's result code. Callers may ignore it: a failed initialisation also surfaces
/// when a connection is keyed (SQLCipher refuses the key) or opened (SQLite's own part).
pub fn ready() -> std::ffi::c_int {
    std::hint::black_box(ffi::setup_address());
    ffi::initialise()
}
