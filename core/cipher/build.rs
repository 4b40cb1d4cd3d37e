//! An empty `libcrypto.a` for the linker to find.
//!
//! libsqlite3-sys, building SQLCipher without its vendored OpenSSL on a non-Apple target, asks
//! the linker for `-lcrypto` whether or not anything calls it. Steppe's SQLCipher calls this
//! crate instead (`SQLCIPHER_CRYPTO_CUSTOM`), and Android's NDK has no `libcrypto` to offer, so
//! an empty archive of that name answers the request. A crate that really needs OpenSSL would
//! fail to link against it, loudly: none in this workspace does.

use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("libcrypto.a"), b"!<arch>\n").expect("OUT_DIR is writable");
    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rerun-if-changed=build.rs");
}
