//! Generated bindings: builds the FFI library and runs the in-tree `uniffi-bindgen` over it, in
//! library mode (types of every crate in the library, one source of truth: the Rust code).
//! Generated files go under `target/` and are never committed or edited by hand.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::{cargo, cargo_target, root, run};

/// The host's FFI library built by `cargo build -p steppe-ffi` in `profile` (`debug`/`release`).
pub fn library(profile: &str) -> PathBuf {
    let name = if cfg!(target_os = "macos") {
        "libsteppe_ffi.dylib"
    } else {
        "libsteppe_ffi.so"
    };
    cargo_target().join(profile).join(name)
}

/// Builds the library (debug, with `features`) and the generator, then writes Kotlin and Swift
/// sources under `out`. Returns the library's path.
pub fn generate(out: &Path, features: &[&str]) -> Result<PathBuf> {
    build(features)?;
    write(out)
}

/// Builds the debug library with `features`, and the generator.
pub fn build(features: &[&str]) -> Result<()> {
    let mut args = vec!["build", "--locked", "-q", "-p", "steppe-ffi"];
    let joined = features.join(",");
    if !features.is_empty() {
        args.extend(["--features", joined.as_str()]);
    }
    cargo(&args)?;
    cargo(&["build", "--locked", "-q", "-p", "uniffi-bindgen"])
}

/// Writes Kotlin and Swift sources under `out` from the debug library already built. Returns
/// the library's path.
pub fn write(out: &Path) -> Result<PathBuf> {
    let lib = library("debug");
    if !lib.exists() {
        bail!("{} was not built", lib.display());
    }
    let bindgen = cargo_target().join("debug/uniffi-bindgen");
    for language in ["kotlin", "swift"] {
        let dir = out.join(language);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).context("clear old bindings")?;
        }
        std::fs::create_dir_all(&dir)?;
        run(std::process::Command::new(&bindgen)
            .arg("generate")
            .arg("--no-format")
            .arg("--library")
            .arg(&lib)
            .args(["--language", language, "--out-dir"])
            .arg(&dir)
            .current_dir(root()))?;
    }
    Ok(lib)
}
