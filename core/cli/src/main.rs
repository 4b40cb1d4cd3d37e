//! `steppe`: a command-line tool over a local Steppe store, for operators, demos and tests.

mod affairs;
mod commands;
mod demo;
mod dual;
mod evaluation;
mod field;
mod lang;
mod meetings;
mod petition;
mod programme;
mod station;

use anyhow::Result;

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "{}",
                lang::tf("cli_error", &[("message", words(&e).into())])
            );
            tracing::debug!(error = ?e, "the command failed");
            std::process::ExitCode::FAILURE
        }
    }
}

/// A failure in the reader's language: a rule's refusal from the catalogue, anything else as
/// it describes itself (an operator's message: a file that cannot be opened, a bad argument).
fn words(e: &anyhow::Error) -> String {
    // What the command line itself refused is worded already; its cause (an I/O error, a store
    // that is not there) would only repeat it in the system's words.
    if let Some(said) = e.downcast_ref::<lang::Said>() {
        return said.0.clone();
    }
    if let Some(d) = e
        .chain()
        .find_map(|c| c.downcast_ref::<steppe_domain::DomainError>())
    {
        return steppe_i18n::error_message(lang::lang(), d);
    }
    match e
        .chain()
        .find_map(|c| c.downcast_ref::<steppe_core::CoreError>())
    {
        Some(c) => lang::said(c),
        None => format!("{e:#}"),
    }
}

fn run() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    // Its help and what it refuses read in the reader's language, as its output does.
    let cli: commands::Cli = steppe_i18n::terminal::parse("cli");
    if let Some(tag) = &cli.lang {
        let Some(locale) = steppe_i18n::Locale::parse(tag) else {
            return Err(lang::said_as("cli_lang_unknown", &[("tag", tag.as_str().into())]).into());
        };
        lang::set(locale);
    }
    commands::run(cli)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every command and argument of `steppe` has its help in Chinese (`cli_help_…` in
    /// cli.ftl), and Chinese holds none for a command or argument that is gone.
    #[test]
    fn every_command_and_argument_has_chinese_help() {
        if let Err(gaps) = steppe_i18n::terminal::check_help_coverage(
            &crate::commands::Cli::command(),
            "cli",
            "cli.ftl",
        ) {
            panic!("{gaps}");
        }
    }
}
