//! `cargo xtask …`: the one entry point for CI, benchmarks and generated code.

mod bindings;
mod fuzz;
mod i18n;
mod kotlin;
mod reference;
mod size;

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
        /// core, sync, storm, size or web
        suite: String,
        /// Small sizes, to check the benchmark runs.
        #[arg(long)]
        quick: bool,
        /// Passed on to the suite (e.g. `-- --devices 10000` for storm).
        #[arg(last = true)]
        extra: Vec<String>,
    },
    /// Generate the Kotlin and Swift bindings from the FFI library into a directory.
    Bindings {
        #[arg(long, default_value = "target/bindings")]
        out: PathBuf,
    },
    /// Compile the Kotlin library and run its JUnit tests on the JVM against a real server.
    KotlinTest,
    /// The catalogue's coverage per locale and surface; `--write` regenerates the phones'
    /// resources from it, `--check` fails if they are stale or a screen file holds words.
    I18n {
        #[arg(long)]
        write: bool,
        #[arg(long)]
        check: bool,
        /// Record the literals web pages and the CLI still hold (they may only go down).
        #[arg(long)]
        write_baseline: bool,
    },
    /// Install the reference SQLCipher (over OpenSSL, from PyPI) that the cipher's
    /// format-compatibility test reads and writes with.
    ReferenceSqlcipher,
    /// Run every fuzz target for a bounded time (a soak: `--seconds 3600`).
    Fuzz {
        #[arg(long, default_value_t = 15)]
        seconds: u64,
    },
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// Where cargo puts what it builds: `CARGO_TARGET_DIR` when set (a helper's git worktree shares
/// the main checkout's), else the workspace's `target/`. xtask's own outputs (tools, bench
/// figures, generated Kotlin) stay under the workspace's `target/` either way.
fn cargo_target() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

/// Runs a command, failing if it fails.
fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("==> {cmd:?}");
    let status = cmd
        .status()
        .with_context(|| format!("run {:?}", cmd.get_program()))?;
    if !status.success() {
        bail!("{:?} failed ({status})", cmd.get_program());
    }
    Ok(())
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

/// Runs `cargo test`, echoing its output, and adds up its `test result:` lines.
fn cargo_test(args: &[&str]) -> Result<(u64, u64)> {
    use std::io::{BufRead, BufReader};
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    eprintln!("==> cargo {}", args.join(" "));
    let mut child = Command::new(cargo)
        .args(args)
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("run cargo test")?;
    let (mut passed, mut failed) = (0u64, 0u64);
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines() {
            let line = line?;
            println!("{line}");
            if let Some(rest) = line.strip_prefix("test result: ") {
                let count = |word: &str| -> u64 {
                    rest.split(';')
                        .find_map(|part| {
                            part.trim().strip_suffix(word).map(|n| {
                                n.trim()
                                    .trim_start_matches("ok.")
                                    .trim_start_matches("FAILED.")
                                    .trim()
                                    .parse()
                                    .unwrap_or(0)
                            })
                        })
                        .unwrap_or(0)
                };
                passed += count(" passed");
                failed += count(" failed");
            }
        }
    }
    let status = child.wait()?;
    if !status.success() {
        bail!(
            "cargo {} failed ({status}); {passed} passed, {failed} failed",
            args.join(" ")
        );
    }
    Ok((passed, failed))
}

/// How long each step of `cargo xtask ci` took.
#[derive(Default)]
struct Steps(Vec<(&'static str, std::time::Duration)>);

impl Steps {
    fn time<T>(&mut self, name: &'static str, step: impl FnOnce() -> Result<T>) -> Result<T> {
        let start = std::time::Instant::now();
        let out = step();
        self.0.push((name, start.elapsed()));
        if out.is_err() {
            self.print();
        }
        out
    }

    fn print(&self) {
        for (name, took) in &self.0 {
            println!("ci step {name:<20} {:>6} s", took.as_secs());
        }
    }
}

/// Runs a benchmark suite; it prints its table and writes target/bench/SUITE[-quick].json.
fn bench(suite: &str, release: bool, quick: bool, extra: &[String]) -> Result<()> {
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
    args.push("--");
    let rest = bench_args(suite, quick, extra);
    args.extend(rest.iter().map(String::as_str));
    cargo(&args)
}

/// The bench binary's arguments: the suite, where its figures go, and the caller's extras.
fn bench_args(suite: &str, quick: bool, extra: &[String]) -> Vec<String> {
    let name = if quick {
        format!("{suite}-quick")
    } else {
        suite.to_string()
    };
    let out = root().join("target/bench").join(format!("{name}.json"));
    let mut args = vec![
        suite.to_string(),
        "--out".into(),
        out.to_string_lossy().into_owned(),
    ];
    if quick {
        args.push("--quick".into());
    }
    args.extend(extra.iter().cloned());
    args
}

/// CI's one build of the workspace: every target, with the FFI's test hooks, in one feature
/// resolution. The demos, benches and Kotlin tests then run what it built, and `cargo test`
/// reuses it; a `cargo run -p X` would resolve features for X alone and build again whatever
/// they unify differently (tokio, rustls, hyper, rusqlite, …).
const CI_BUILD: [&str; 5] = [
    "--workspace",
    "--all-targets",
    "--locked",
    "--features",
    "steppe-ffi/test-hooks",
];

/// A binary of CI's build.
fn built(name: &str) -> Command {
    Command::new(cargo_target().join("debug").join(name))
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Cmd::Ci => {
            // Each step timed, and the times printed at the end: CI has 90 minutes on two cores,
            // and a step that grows should be seen before it crosses them.
            let mut steps = Steps::default();
            steps.time("fmt", || cargo(&["fmt", "--all", "--check"]))?;
            steps.time("clippy", || {
                cargo(&[
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--locked",
                    "--",
                    "-D",
                    "warnings",
                ])
            })?;
            steps.time("i18n", || i18n::run(false, true, false))?;
            steps.time("build", || {
                let mut args = vec!["build"];
                args.extend(CI_BUILD);
                cargo(&args)
            })?;
            steps.time("demos", || {
                run(built("steppe").arg("demo"))?;
                run(&mut built("steppe-demo"))
            })?;
            steps.time("benches", || {
                for suite in ["core", "web"] {
                    run(built("steppe-bench").args(bench_args(suite, true, &[])))?;
                }
                Ok(())
            })?;
            steps.time("fuzz", || fuzz::run(15).map(drop))?;
            steps.time("reference sqlcipher", reference::install)?;
            let (kotlin_passed, kotlin_failed) = steps.time("kotlin", || kotlin::test(true))?;
            // Last, closing the log with the total of every test binary's result line.
            let (passed, failed) = steps.time("cargo test", || {
                // Every test binary runs, so one failure does not hide the results of the rest.
                let mut args = vec!["test", "--no-fail-fast"];
                args.extend(CI_BUILD.iter().filter(|a| **a != "--all-targets"));
                cargo_test(&args)
            })?;
            let (passed, failed) = (passed + kotlin_passed, failed + kotlin_failed);
            steps.print();
            println!(
                "ci: {passed} passed, {failed} failed (of which Kotlin on the JVM: {kotlin_passed} passed)"
            );
            if failed > 0 || passed == 0 {
                bail!("tests failed or none ran");
            }
        }
        Cmd::Bench {
            suite,
            quick,
            extra,
        } => match suite.as_str() {
            "core" | "sync" | "web" | "field" => bench(&suite, true, quick, &extra)?,
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
            "size" => size::bench()?,
            other => {
                bail!(
                    "no benchmark suite '{other}' (available: core, sync, storm, size, web, field)"
                )
            }
        },
        Cmd::Bindings { out } => {
            let out = if out.is_absolute() {
                out
            } else {
                root().join(out)
            };
            bindings::generate(&out, &[])?;
            eprintln!("bindings written under {}", out.display());
        }
        Cmd::Fuzz { seconds } => {
            fuzz::run(seconds)?;
        }
        Cmd::ReferenceSqlcipher => reference::install()?,
        Cmd::I18n {
            write,
            check,
            write_baseline,
        } => i18n::run(write, check, write_baseline)?,
        Cmd::KotlinTest => {
            let (passed, failed) = kotlin::test(false)?;
            println!("kotlin: {passed} passed, {failed} failed");
        }
    }
    Ok(())
}
