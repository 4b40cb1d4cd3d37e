//! `cargo xtask bench size`: the phone library built as it ships (the `device` profile: size
//! optimised, LTO, one codegen unit, stripped, unwinding kept so panics become exceptions), its
//! stripped size printed and written to target/bench/size.json.

use std::collections::BTreeMap;

use anyhow::{Context, Result};

use crate::{bindings, cargo, root};

/// The target for the stripped host library.
const TARGET_BYTES: f64 = 3.5 * 1024.0 * 1024.0;

pub fn bench() -> Result<()> {
    cargo(&[
        "build",
        "--locked",
        "-q",
        "--profile",
        "device",
        "-p",
        "steppe-ffi",
    ])?;
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
