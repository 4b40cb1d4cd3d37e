//! Benchmarks that print their figures beside baselines measured in the same run.
//! `cargo xtask bench SUITE` runs this in release and writes `target/bench/SUITE.json`.

mod core;
mod field;
mod proxy;
mod report;
mod storm;
mod sync;
mod web;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
struct Args {
    #[command(subcommand)]
    suite: Suite,
}

#[derive(Debug, Subcommand)]
enum Suite {
    /// The device store: create, commit, list, open.
    Core {
        /// Small sizes, to check the benchmark itself runs (CI).
        #[arg(long)]
        quick: bool,
        #[arg(long, default_value = "target/bench/core.json")]
        out: PathBuf,
    },
    /// Sync over shaped links: bytes, round trips and time, beside automerge's own per-document
    /// sync protocol and whole-record JSON.
    Sync {
        #[arg(long)]
        quick: bool,
        #[arg(long, default_value = "target/bench/sync.json")]
        out: PathBuf,
    },
    /// The reconnect storm: N devices syncing within 60 s against one server process, on SQLite
    /// and on PostgreSQL.
    Storm {
        #[arg(long, default_value_t = 2000)]
        devices: usize,
        #[arg(long)]
        quick: bool,
        #[arg(long, default_value = "target/bench/storm.json")]
        out: PathBuf,
    },
    /// The supervisors' pages on a league-sized dataset: render time per page.
    Web {
        #[arg(long)]
        quick: bool,
        #[arg(long, default_value = "target/bench/web.json")]
        out: PathBuf,
    },
    /// Where there is no signal: two phones meeting over a Bluetooth-like link beside HTTP,
    /// signing costs, and a week's bundle beside the same changes over HTTP.
    Field {
        #[arg(long)]
        quick: bool,
        #[arg(long, default_value = "target/bench/field.json")]
        out: PathBuf,
    },
    /// Internal: open a store in a fresh process and report time and peak memory.
    #[command(hide = true)]
    OpenProbe {
        kind: String,
        path: PathBuf,
        branch: String,
    },
}

fn main() -> Result<()> {
    match Args::parse().suite {
        Suite::Core { quick, out } => core::run(quick, &out),
        Suite::Sync { quick, out } => sync::run(quick, &out),
        Suite::Storm {
            devices,
            quick,
            out,
        } => {
            if quick {
                storm::run(50, std::time::Duration::from_secs(5), &out)
            } else {
                storm::run(devices, std::time::Duration::from_secs(60), &out)
            }
        }
        Suite::Web { quick, out } => web::run(quick, &out),
        Suite::Field { quick, out } => field::run(quick, &out),
        Suite::OpenProbe { kind, path, branch } => core::open_probe(&kind, &path, &branch),
    }
}
