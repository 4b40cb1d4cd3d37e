//! docs/OPERATING.md walked through: every block marked `sh walked` runs, in order, in one
//! empty directory, with the built `steppe-server` first on the PATH and `STEPPE_DATABASE`
//! a file there. A step that fails fails the test, with what it printed.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

/// The walked blocks of a Markdown text, in order.
fn walked_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line.trim_start() == "```sh walked" => current = Some(Vec::new()),
            Some(lines) if line.trim_start().starts_with("```") => {
                blocks.push(lines.join("\n"));
                current = None;
            }
            Some(lines) => lines.push(line),
            None => {}
        }
    }
    assert!(current.is_none(), "a walked block is not closed");
    blocks
}

#[test]
fn operating_md_runs_as_written() {
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/OPERATING.md");
    let blocks = walked_blocks(&std::fs::read_to_string(doc).unwrap());
    assert!(
        blocks.len() >= 4,
        "the walkthrough is there: {}",
        blocks.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_steppe-server"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for (i, block) in blocks.iter().enumerate() {
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!("set -euo pipefail\n{block}"))
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("STEPPE_DATABASE", dir.path().join("steppe-server.db"))
            .env("RUST_LOG", "warn")
            // Chinese, as an operator's shell in the league has it; the page's scripts ask
            // for English where they read the output.
            .env("LANG", "zh_CN.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "walked block {} failed:\n{block}\n--- stdout\n{}\n--- stderr\n{}",
            i + 1,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
