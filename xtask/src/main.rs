//! `cargo xtask …`: the one entry point for CI, benchmarks and generated code.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "xtask")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Everything CI checks: formatting, lints, every test, the main job and a benchmark smoke run.
    Ci,
    /// Run a benchmark suite in release and write target/bench/SUITE.json.
    Bench {
        /// core, sync or storm (size arrives with the bindings)
        suite: String,
        /// Small sizes, to check the benchmark runs.
        #[arg(long)]
        quick: bool,
        /// Passed on to the suite (e.g. `-- --devices 10000` for storm).
        #[arg(last = true)]
        extra: Vec<String>,
    },
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

fn cargo(args: &[&str]) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    eprintln!("==> cargo {}", args.join(" "));
    let status = Command::new(cargo)
        .args(args)
        .current_dir(root())
        .status()
        .context("run cargo")?;
    if !status.success() {
        bail!("cargo {} failed ({status})", args.join(" "));
    }
    Ok(())
}

/// Runs a benchmark suite; it prints its table and writes target/bench/SUITE[-quick].json.
fn bench(suite: &str, release: bool, quick: bool, extra: &[String]) -> Result<()> {
    let name = if quick {
        format!("{suite}-quick")
    } else {
        suite.to_string()
    };
    let out = root()
        .join("target/bench")
        .join(format!("{name}.json"))
        .to_string_lossy()
        .into_owned();
    let mut args = vec![
        "run",
        "--locked",
        "-q",
        "-p",
        "steppe-tests",
        "--bin",
        "steppe-bench",
    ];
    if release {
        args.insert(1, "--release");
    }
    args.extend(["--", suite, "--out", out.as_str()]);
    if quick {
        args.push("--quick");
    }
    args.extend(extra.iter().map(String::as_str));
    cargo(&args)
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Cmd::Ci => {
            cargo(&["fmt", "--all", "--check"])?;
            cargo(&[
                "clippy",
                "--workspace",
                "--all-targets",
                "--locked",
                "--",
                "-D",
                "warnings",
            ])?;
            cargo(&["run", "--locked", "-q", "-p", "steppe-cli", "--", "demo"])?;
            cargo(&["run", "--locked", "-q", "-p", "steppe-server", "--", "demo"])?;
            bench("core", false, true, &[])?;
            // Last, so the test runner's summary closes the log.
            cargo(&["test", "--workspace", "--locked"])?;
        }
        Cmd::Bench {
            suite,
            quick,
            extra,
        } => match suite.as_str() {
            "core" | "sync" => bench(&suite, true, quick, &extra)?,
            "storm" => {
                // The storm runs the server as its own process, to measure its memory alone.
                cargo(&[
                    "build",
                    "--release",
                    "--locked",
                    "-q",
                    "-p",
                    "steppe-server",
                ])?;
                bench(&suite, true, quick, &extra)?
            }
            other => bail!("no benchmark suite '{other}' yet (available: core, sync, storm)"),
        },
    }
    Ok(())
}
