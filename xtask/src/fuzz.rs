//! `cargo xtask fuzz`: every cargo-fuzz target for a bounded time (CI: seconds each; a soak run
//! with `--seconds 3600`). cargo-fuzz passes nightly-only flags; on this stable toolchain they
//! are allowed with RUSTC_BOOTSTRAP=1 for the fuzz build only. A crash fails the run and leaves
//! its input under fuzz/artifacts/TARGET/ — it then becomes a regression fixture
//! (tests/tests/fuzz_regressions.rs replays fuzz/regressions/).

use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::root;

pub const TARGETS: &[&str] = &[
    "sync_request",
    "sync_response_frames",
    "change_bytes",
    "stored_document",
    "enroll_message",
    "credentials",
    "structured_request",
    "admission",
    "offline_files",
];

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn ensure_cargo_fuzz() -> Result<()> {
    let present = Command::new(cargo())
        .args(["fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !present {
        eprintln!("==> cargo install cargo-fuzz --locked");
        let ok = Command::new(cargo())
            .args(["install", "cargo-fuzz", "--locked"])
            .status()
            .context("install cargo-fuzz")?
            .success();
        if !ok {
            bail!("could not install cargo-fuzz");
        }
    }
    Ok(())
}

/// Runs every target for `seconds`; returns (target, executions) pairs.
pub fn run(seconds: u64) -> Result<Vec<(String, u64)>> {
    ensure_cargo_fuzz()?;
    let mut results = Vec::new();
    for target in TARGETS {
        eprintln!("==> fuzz {target} for {seconds} s");
        let out = Command::new(cargo())
            // No sanitizer: the targets are safe Rust over safe Rust crates, where AddressSanitizer
            // finds nothing the language's own checks do not, and it doubles both the build of
            // every dependency and each execution.
            .args(["fuzz", "run", "--sanitizer", "none", target, "--"])
            .arg(format!("-max_total_time={seconds}"))
            .args([
                "-rss_limit_mb=2048",
                "-max_len=65536",
                "-print_final_stats=1",
            ])
            .env("RUSTC_BOOTSTRAP", "1")
            .current_dir(root())
            .stdout(Stdio::inherit())
            .stderr(Stdio::piped())
            .output()
            .context("run cargo fuzz")?;
        let log = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            eprintln!("{log}");
            bail!("fuzz target {target} failed: see fuzz/artifacts/{target}/");
        }
        // libFuzzer's final line: "Done 123456 runs in 20 second(s)".
        let runs = log
            .lines()
            .rev()
            .filter_map(|l| l.strip_prefix("Done "))
            .find_map(|l| l.split_whitespace().next()?.parse::<u64>().ok())
            .unwrap_or(0);
        if runs == 0 {
            eprintln!("{log}");
            bail!("fuzz target {target} reported no executions");
        }
        results.push((target.to_string(), runs));
    }
    println!("{:<24} {:>14}", "fuzz target", "executions");
    for (t, n) in &results {
        println!("{t:<24} {n:>14}");
    }
    Ok(results)
}
