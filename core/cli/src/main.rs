//! `steppe`: a command-line tool over a local Steppe store, for operators, demos and tests.

mod affairs;
mod commands;
mod demo;
mod dual;
mod evaluation;
mod meetings;
mod petition;
mod programme;
mod station;

use anyhow::Result;
use clap::Parser;

fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let cli = commands::Cli::parse();
    commands::run(cli)
}
