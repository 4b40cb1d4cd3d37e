//! `cargo xtask bench size`: the phone library built as it ships (the `device` profile: size
//! optimised, LTO, one codegen unit, stripped, unwinding kept so panics become exceptions), its
//! stripped size printed and written to target/bench/size.json.
//!
//! Built for the host with the host linker's equivalents of what `.cargo/config.toml` gives the
//! Android targets: relative relocations packed (`-z pack-relative-relocs`, as Android's
//! `--pack-dyn-relocs=android`), no unwind tables for functions that cannot unwind, and SQLite's
//! C compiled without them (no panic unwinds through C: an `extern "C"` callback that panics
//! aborts). The Gradle build passes the same C flags to cargo-ndk.

use std::collections::BTreeMap;

use anyhow::{Context, Result};

use crate::{bindings, root};

/// The target for the stripped host library.
const TARGET_BYTES: f64 = 3.5 * 1024.0 * 1024.0;

/// Rust flags of the measured build (Android's are in `.cargo/config.toml`).
pub const DEVICE_RUSTFLAGS: &str =
    "-C link-arg=-Wl,-z,pack-relative-relocs -C force-unwind-tables=no";
/// C flags of the measured build (and of the Gradle build's cargo-ndk, per Android target).
pub const DEVICE_CFLAGS: &str = "-fno-asynchronous-unwind-tables -fno-unwind-tables";

pub fn bench() -> Result<()> {
    let status =
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(root())
            .env("RUSTFLAGS", DEVICE_RUSTFLAGS)
            .env("CFLAGS", DEVICE_CFLAGS)
            .args([
                "build",
                "--locked",
                "-q",
                "--profile",
                "device",
                "-p",
                "steppe-ffi",
            ])
            .status()
            .context("run cargo")?;
    anyhow::ensure!(status.success(), "the device build failed");
    let lib = bindings::library("device");
    let bytes = std::fs::metadata(&lib)
        .with_context(|| format!("stat {}", lib.display()))?
        .len() as f64;
    let mut figures = BTreeMap::new();
    figures.insert("ffi_so_bytes", bytes);
    figures.insert("ffi_so_target_bytes", TARGET_BYTES);
    figures.insert("ffi_so_ratio_to_target", bytes / TARGET_BYTES);
    println!("{:<28} {:>14}", "figure", "value");
    for (k, v) in &figures {
        println!("{k:<28} {v:>14.3}");
    }
    println!("({} — device profile, stripped)", lib.display());
    let out = root().join("target/bench");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("size.json"), serde_json::to_vec_pretty(&figures)?)?;
    println!("wrote {}", out.join("size.json").display());
    Ok(())
}
