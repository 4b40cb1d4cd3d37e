//! The C side: SQLCipher's `sqlcipher_provider` table, filled with functions that turn its raw
//! pointers into slices and call [`crate::primitives`]. All of this crate's `unsafe` is here.
//!
//! SQLCipher calls [`steppe_sqlcipher_setup`] once, when SQLite initialises, because the
//! bundled build is compiled with `-DSQLCIPHER_CRYPTO_CUSTOM=steppe_sqlcipher_setup`
//! (`.cargo/config.toml`). No function here unwinds into C: the primitives return errors, and
//! a panic would abort rather than cross the boundary (`extern "C"` is `nounwind`).

use std::ffi::{CStr, c_char, c_int, c_uchar, c_void};
use std::slice;

use crate::primitives::{self, BLOCK_LEN, Digest, IV_LEN, KEY_LEN, Mode, Refused};

const SQLITE_OK: c_int = 0;
const SQLITE_ERROR: c_int = 1;

const NAME: &CStr = c"steppe-rustcrypto";
const CIPHER: &CStr = c"AES-256-CBC";
const VERSION: &CStr = c"RustCrypto aes 0.9, cbc 0.2, hmac 0.13, sha1 0.11, sha2 0.11, pbkdf2 0.13";

/// SQLCipher 4's `struct sqlcipher_provider`, field for field (`src/sqlcipher.h`).
#[repr(C)]
#[derive(Debug)]
pub struct Provider {
    init: Option<extern "C" fn() -> c_int>,
    shutdown: Option<extern "C" fn()>,
    get_provider_name: extern "C" fn(*mut c_void) -> *const c_char,
    add_random: extern "C" fn(*mut c_void, *const c_void, c_int) -> c_int,
    random: unsafe extern "C" fn(*mut c_void, *mut c_void, c_int) -> c_int,
    hmac: unsafe extern "C" fn(
        *mut c_void,
        c_int,
        *const c_uchar,
        c_int,
        *const c_uchar,
        c_int,
        *const c_uchar,
        c_int,
        *mut c_uchar,
    ) -> c_int,
    kdf: unsafe extern "C" fn(
        *mut c_void,
        c_int,
        *const c_uchar,
        c_int,
        *const c_uchar,
        c_int,
        c_int,
        c_int,
        *mut c_uchar,
    ) -> c_int,
    cipher: unsafe extern "C" fn(
        *mut c_void,
        c_int,
        *const c_uchar,
        c_int,
        *const c_uchar,
        *const c_uchar,
        c_int,
        *mut c_uchar,
    ) -> c_int,
    get_cipher: extern "C" fn(*mut c_void) -> *const c_char,
    get_key_sz: extern "C" fn(*mut c_void) -> c_int,
    get_iv_sz: extern "C" fn(*mut c_void) -> c_int,
    get_block_sz: extern "C" fn(*mut c_void) -> c_int,
    get_hmac_sz: extern "C" fn(*mut c_void, c_int) -> c_int,
    ctx_init: extern "C" fn(*mut *mut c_void) -> c_int,
    ctx_free: extern "C" fn(*mut *mut c_void) -> c_int,
    fips_status: extern "C" fn(*mut c_void) -> c_int,
    get_provider_version: extern "C" fn(*mut c_void) -> *const c_char,
    next: *mut Provider,
}

/// Fills SQLCipher's provider table with this crate's functions.
///
/// # Safety
/// `p` must point to writable memory the size of SQLCipher 4's `sqlcipher_provider`, as
/// SQLCipher's own initialisation passes it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn steppe_sqlcipher_setup(p: *mut Provider) -> c_int {
    if p.is_null() {
        return SQLITE_ERROR;
    }
    let table = Provider {
        init: None,
        shutdown: None,
        get_provider_name: name,
        add_random,
        random,
        hmac,
        kdf,
        cipher,
        get_cipher,
        get_key_sz,
        get_iv_sz,
        get_block_sz,
        get_hmac_sz,
        ctx_init,
        ctx_free,
        fips_status,
        get_provider_version: version,
        next: std::ptr::null_mut(),
    };
    // SAFETY: the caller hands us a provider-sized allocation to fill; `write` does not read
    // (or drop) whatever it held before.
    unsafe { p.write(table) };
    SQLITE_OK
}

fn status(result: Result<(), Refused>) -> c_int {
    match result {
        Ok(()) => SQLITE_OK,
        Err(_) => SQLITE_ERROR,
    }
}

/// A C buffer as a slice; `None` for a null pointer or a negative length.
///
/// # Safety
/// A non-null `ptr` must be valid for reads of `len` bytes for `'a`.
unsafe fn input<'a>(ptr: *const c_uchar, len: c_int) -> Option<&'a [u8]> {
    let len = usize::try_from(len).ok()?;
    if ptr.is_null() {
        return (len == 0).then_some(&[]);
    }
    // SAFETY: non-null, and valid for `len` bytes by the caller's promise.
    Some(unsafe { slice::from_raw_parts(ptr, len) })
}

/// A C buffer as a writable slice; `None` for a null pointer or a negative length.
///
/// # Safety
/// A non-null `ptr` must be valid for writes of `len` bytes for `'a`, and nothing else may
/// reach those bytes meanwhile.
unsafe fn output<'a>(ptr: *mut c_uchar, len: c_int) -> Option<&'a mut [u8]> {
    let len = usize::try_from(len).ok()?;
    if ptr.is_null() {
        return None;
    }
    // SAFETY: non-null, valid and unaliased for `len` bytes by the caller's promise.
    Some(unsafe { slice::from_raw_parts_mut(ptr, len) })
}

extern "C" fn name(_ctx: *mut c_void) -> *const c_char {
    NAME.as_ptr()
}

extern "C" fn version(_ctx: *mut c_void) -> *const c_char {
    VERSION.as_ptr()
}

extern "C" fn get_cipher(_ctx: *mut c_void) -> *const c_char {
    CIPHER.as_ptr()
}

/// The operating system's generator needs no seeding; SQLCipher's `PRAGMA cipher_add_random`
/// is accepted and has nothing to add to.
extern "C" fn add_random(_ctx: *mut c_void, _buffer: *const c_void, _length: c_int) -> c_int {
    SQLITE_OK
}

/// # Safety
/// `buffer` must be valid for writes of `length` bytes.
unsafe extern "C" fn random(_ctx: *mut c_void, buffer: *mut c_void, length: c_int) -> c_int {
    // SAFETY: SQLCipher passes a buffer of `length` writable bytes it owns for the call.
    match unsafe { output(buffer.cast(), length) } {
        Some(out) => status(primitives::random(out)),
        None => SQLITE_ERROR,
    }
}

/// # Safety
/// Each non-null pointer must be valid for its length; `out` for the digest's length.
#[allow(clippy::too_many_arguments)] // SQLCipher's signature
unsafe extern "C" fn hmac(
    _ctx: *mut c_void,
    algorithm: c_int,
    key: *const c_uchar,
    key_sz: c_int,
    in1: *const c_uchar,
    in1_sz: c_int,
    in2: *const c_uchar,
    in2_sz: c_int,
    out: *mut c_uchar,
) -> c_int {
    let Ok(digest) = Digest::from_code(algorithm) else {
        return SQLITE_ERROR;
    };
    // `in` is required; `in2` may be absent (SQLCipher passes NULL to MAC one part).
    if in1.is_null() {
        return SQLITE_ERROR;
    }
    let out_len = digest.output_len() as c_int;
    // SAFETY: SQLCipher passes buffers of the stated lengths, and an output of the MAC's length
    // (`get_hmac_sz`) that does not overlap the inputs.
    let (key, first, second, out) = unsafe {
        (
            input(key, key_sz),
            input(in1, in1_sz),
            if in2.is_null() {
                Some(&[][..])
            } else {
                input(in2, in2_sz)
            },
            output(out, out_len),
        )
    };
    match (key, first, second, out) {
        (Some(key), Some(first), Some(second), Some(out)) => {
            status(primitives::hmac(digest, key, &[first, second], out))
        }
        _ => SQLITE_ERROR,
    }
}

/// # Safety
/// Each non-null pointer must be valid for its length.
#[allow(clippy::too_many_arguments)] // SQLCipher's signature
unsafe extern "C" fn kdf(
    _ctx: *mut c_void,
    algorithm: c_int,
    pass: *const c_uchar,
    pass_sz: c_int,
    salt: *const c_uchar,
    salt_sz: c_int,
    workfactor: c_int,
    key_sz: c_int,
    key: *mut c_uchar,
) -> c_int {
    let (Ok(digest), Ok(rounds)) = (Digest::from_code(algorithm), u32::try_from(workfactor)) else {
        return SQLITE_ERROR;
    };
    // SAFETY: SQLCipher passes the passphrase, the salt and the key buffer with their lengths.
    let (pass, salt, key) = unsafe {
        (
            input(pass, pass_sz),
            input(salt, salt_sz),
            output(key, key_sz),
        )
    };
    match (pass, salt, key) {
        (Some(pass), Some(salt), Some(key)) => {
            status(primitives::pbkdf2(digest, pass, salt, rounds, key))
        }
        _ => SQLITE_ERROR,
    }
}

/// # Safety
/// `key` valid for `key_sz` bytes, `iv` for one block, `in_` for `in_sz` bytes and `out` for
/// `in_sz` writable bytes that do not overlap `in_`.
#[allow(clippy::too_many_arguments)] // SQLCipher's signature
unsafe extern "C" fn cipher(
    _ctx: *mut c_void,
    mode: c_int,
    key: *const c_uchar,
    key_sz: c_int,
    iv: *const c_uchar,
    in_: *const c_uchar,
    in_sz: c_int,
    out: *mut c_uchar,
) -> c_int {
    let mode = match mode {
        0 => Mode::Decrypt,
        1 => Mode::Encrypt,
        _ => return SQLITE_ERROR,
    };
    if iv.is_null() || in_.is_null() || std::ptr::eq(in_, out) {
        return SQLITE_ERROR;
    }
    // SAFETY: SQLCipher ciphers a page from its buffer into a separate one of the same size;
    // the IV sits in the output's reserved tail, past the `in_sz` bytes written here, and is
    // copied out before anything is written.
    let (key, iv, input_bytes, out) = unsafe {
        let iv: Option<[u8; IV_LEN]> = input(iv, IV_LEN as c_int).and_then(|s| s.try_into().ok());
        (
            input(key, key_sz),
            iv,
            input(in_, in_sz),
            output(out, in_sz),
        )
    };
    match (key, iv, input_bytes, out) {
        (Some(key), Some(iv), Some(input_bytes), Some(out)) => {
            status(primitives::cipher(mode, key, &iv, input_bytes, out))
        }
        _ => SQLITE_ERROR,
    }
}

extern "C" fn get_key_sz(_ctx: *mut c_void) -> c_int {
    KEY_LEN as c_int
}

extern "C" fn get_iv_sz(_ctx: *mut c_void) -> c_int {
    IV_LEN as c_int
}

extern "C" fn get_block_sz(_ctx: *mut c_void) -> c_int {
    BLOCK_LEN as c_int
}

extern "C" fn get_hmac_sz(_ctx: *mut c_void, algorithm: c_int) -> c_int {
    Digest::from_code(algorithm).map_or(0, |d| d.output_len() as c_int)
}

/// The provider keeps no per-connection state.
extern "C" fn ctx_init(_ctx: *mut *mut c_void) -> c_int {
    SQLITE_OK
}

extern "C" fn ctx_free(_ctx: *mut *mut c_void) -> c_int {
    SQLITE_OK
}

extern "C" fn fips_status(_ctx: *mut c_void) -> c_int {
    0
}

/// The setup function's address, for [`crate::ready`].
pub(crate) fn setup_address() -> usize {
    steppe_sqlcipher_setup as *const () as usize
}

unsafe extern "C" {
    /// SQLCipher's half of SQLite's initialisation (the bundled build's `SQLITE_EXTRA_INIT`):
    /// registers the provider and its private heap. Idempotent, and serialised on SQLite's
    /// main mutex.
    fn sqlcipher_extra_init(arg: *const c_char) -> c_int;
}

/// Runs SQLite's initialisation and then SQLCipher's, on this thread, for [`crate::ready`].
pub(crate) fn initialise() -> c_int {
    // SAFETY: `sqlite3_initialize` takes nothing and may be called from any thread at any
    // time. `sqlcipher_extra_init` takes the null argument SQLite itself passes, needs SQLite's
    // mutexes (set up by the call before it) and takes SQLite's main mutex for its work.
    unsafe {
        let rc = libsqlite3_sys::sqlite3_initialize();
        if rc != SQLITE_OK {
            return rc;
        }
        sqlcipher_extra_init(std::ptr::null())
    }
}
