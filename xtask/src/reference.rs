//! The reference SQLCipher for the format-compatibility test (`core/cipher/tests/compat.rs`):
//! SQLCipher over OpenSSL as another project builds it, from PyPI's `sqlcipher3-binary`, installed
//! under `target/reference-sqlcipher` (no virtualenv needed: `pip --target`).

use std::process::Command;

use anyhow::{Context, Result};

use crate::{root, run};

/// The package and version the test was written against (SQLCipher 4.12, OpenSSL 3.5).
const PACKAGE: &str = "sqlcipher3-binary==0.6.0";

pub fn install() -> Result<()> {
    let dir = root().join("target/reference-sqlcipher");
    if dir.join("sqlcipher3").is_dir() {
        return Ok(());
    }
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    run(Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--target",
        ])
        .arg(&dir)
        .arg(PACKAGE))
    .with_context(|| format!("{python} -m pip install {PACKAGE} (needs pip: python3-pip)"))
}
