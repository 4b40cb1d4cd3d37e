//! A command line's own words — its `--help` and the refusals of its parser — in the run's
//! locale, for any `clap` command tree (`steppe` and `steppe-server` alike).
//!
//! clap writes English: the doc comments of the command definitions (the about lines and the
//! arguments' help), its headings and flags (`Usage:`, `Options:`, `-h, --help  Print help`)
//! and its parse errors. With `--lang en` all of that stays as clap writes it: the doc comments
//! ARE the English text, kept in one place. In any other locale [`localised`] rewords the tree
//! from the catalogue:
//!
//! - a command's about line is the message `{prefix}_help_{path}`, `path` its names below the
//!   root joined by `_` (hyphens as `_` too): `cli_help_case_open`, `op_help_role_grant`; the
//!   root's is `{prefix}_help`;
//! - an argument's help is `{prefix}_help_{path}__{argument id}` (the field's name, as clap
//!   knows it): `cli_help_case_open__branch`, `cli_help__db` for the root's `--db`;
//! - the headings, the help and version flags, the `help` subcommand, the notes after an
//!   argument's help (its default, its environment variable) and the parse errors are the
//!   `clap_…` messages, the same for both command lines.
//!
//! What the user types stays as typed: command names, flag names, metavariables (`<ID>`),
//! environment variables, default values and possible values.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, ArgMatches, Command};

use super::{lang, set, t, tf};
use crate::{Catalogue, Locale};

/// Whether the message `id` is one whose English is not in the catalogue: a command line's
/// help (`cli_help…`, `op_help…`: the English is the doc comment in the command's definition)
/// or clap's own words (`clap_…`: the English is clap's). `en` has none of them.
pub fn english_elsewhere(id: &str) -> bool {
    id.starts_with("cli_help") || id.starts_with("op_help") || id.starts_with("clap_")
}

/// The id of a command's about line (`path`: its names below the root).
fn command_id(prefix: &str, path: &[&str]) -> String {
    let mut id = format!("{prefix}_help");
    for name in path {
        id.push('_');
        id.push_str(&name.replace('-', "_"));
    }
    id
}

/// The id of an argument's help under the command of `command_id`.
fn arg_id(command_id: &str, arg: &Arg) -> String {
    format!("{command_id}__{}", arg.get_id().as_str().replace('-', "_"))
}

/// The built-in arguments clap adds (and [`localised`] replaces): not the definition's own.
fn is_builtin(arg: &Arg) -> bool {
    matches!(
        arg.get_action(),
        ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong | ArgAction::Version
    )
}

/// Every help message a command tree needs, with the English the definition gives it (empty
/// where it has no doc comment): one per command, one per argument it defines. Hidden commands
/// and arguments are left out, and so are the built-in help and version flags and the `help`
/// subcommand, which are worded by the `clap_…` messages.
pub fn help_ids(cmd: &Command, prefix: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk_ids(cmd, prefix, &mut Vec::new(), &mut out);
    out
}

fn walk_ids<'a>(
    cmd: &'a Command,
    prefix: &str,
    path: &mut Vec<&'a str>,
    out: &mut Vec<(String, String)>,
) {
    let id = command_id(prefix, path);
    let about = cmd
        .get_long_about()
        .or(cmd.get_about())
        .map(ToString::to_string)
        .unwrap_or_default();
    for arg in cmd.get_arguments() {
        if arg.is_hide_set() || is_builtin(arg) {
            continue;
        }
        let help = arg
            .get_long_help()
            .or(arg.get_help())
            .map(ToString::to_string)
            .unwrap_or_default();
        out.push((arg_id(&id, arg), help));
    }
    out.push((id, about));
    for sub in cmd.get_subcommands() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        path.push(sub.get_name());
        walk_ids(sub, prefix, path, out);
        path.pop();
    }
}

/// Fails with what to add or remove unless every command and argument of `cmd` has its help in
/// Chinese in `file` and Chinese holds none for a command or argument that is gone: the test
/// each command line runs, so a command added without its Chinese help fails it.
pub fn check_help_coverage(cmd: &Command, prefix: &str, file: &str) -> Result<(), String> {
    let (missing, stale) = help_coverage(cmd, prefix);
    if !missing.is_empty() {
        let lines: Vec<String> = missing
            .iter()
            .map(|(id, en)| format!("{id} = {en}"))
            .collect();
        return Err(format!(
            "core/i18n/locales/zh-Hans/{file} lacks (the English is the doc comment):\n{}",
            lines.join("\n")
        ));
    }
    if !stale.is_empty() {
        return Err(format!("{file} has help for no command: {stale:?}"));
    }
    Ok(())
}

/// What a tree's help lacks in Chinese, and what Chinese holds for commands it no longer has:
/// `(missing ids with their English, stale ids)`. Both empty is what the command lines' tests
/// demand, so a command added without its Chinese help fails them.
fn help_coverage(cmd: &Command, prefix: &str) -> (Vec<(String, String)>, Vec<String>) {
    let catalogue = Catalogue::global();
    let needed = help_ids(cmd, prefix);
    let missing = needed
        .iter()
        .filter(|(id, _)| !catalogue.has(Locale::ZhHans, id))
        .cloned()
        .collect();
    let own = format!("{prefix}_help");
    let stale = crate::Surface::ALL
        .iter()
        .flat_map(|&s| catalogue.ids(Locale::ZhHans, s))
        .filter(|id| *id == own || id.starts_with(&format!("{own}_")))
        .filter(|id| !needed.iter().any(|(n, _)| n == id))
        .map(str::to_string)
        .collect();
    (missing, stale)
}

/// `cmd` with its help in this run's locale (see the module's documentation): unchanged for
/// English, else worded from the catalogue (Mongolian falls back to Chinese as the catalogue
/// does), and built.
pub fn localised(cmd: Command, prefix: &str) -> Command {
    if lang() == Locale::En {
        return cmd;
    }
    let version = cmd.get_version().is_some();
    let mut cmd = localise(cmd, &command_id(prefix, &[]));
    if version {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .display_order(usize::MAX)
                .help(t("clap_version_flag")),
        );
    }
    cmd.build();
    with_usage(&mut cmd);
    cmd
}

fn localise(cmd: Command, id: &str) -> Command {
    let has_subcommands = cmd.has_subcommands();
    let has_positionals = cmd.get_positionals().any(|a| !a.is_hide_set());
    let mut cmd = cmd
        .mut_subcommands(|sub| {
            let sub_id = format!("{id}_{}", sub.get_name().replace('-', "_"));
            localise(sub, &sub_id)
        })
        .mut_args(|arg| {
            let help = t(&arg_id(id, &arg));
            localise_arg(arg, help)
        })
        .about(t(id))
        .long_about(None)
        .help_template(template(has_subcommands, has_positionals))
        .disable_help_flag(true)
        .arg(
            // Last, as clap lists its own.
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .display_order(usize::MAX - 1)
                .help(t("clap_help_flag")),
        );
    if has_subcommands {
        // clap's `help` subcommand is worded in English: this one says the same in the
        // reader's language, and [`parse_with_matches`] prints the help it asks for.
        cmd = cmd
            .disable_help_subcommand(true)
            .subcommand_value_name(t("clap_command_placeholder"))
            .subcommand(
                Command::new("help")
                    .about(t("clap_help_command"))
                    .help_template(template(false, true))
                    .disable_help_flag(true)
                    .arg(
                        Arg::new("subcommand")
                            .action(ArgAction::Append)
                            .num_args(..)
                            .value_name(t("clap_command_placeholder"))
                            .help(t("clap_help_command_args")),
                    ),
            );
    }
    cmd
}

/// An argument with the catalogue's help, and clap's English notes after it (`[default: …]`,
/// `[env: …]`, `[possible values: …]`) in the catalogue's words instead.
fn localise_arg(mut arg: Arg, help: String) -> Arg {
    let mut notes = Vec::new();
    let takes_value = arg.get_action().takes_values();
    if takes_value && !arg.is_hide_default_value_set() && !arg.get_default_values().is_empty() {
        let values: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        notes.push(tf("clap_default", &[("value", values.join(" ").into())]));
        arg = arg.hide_default_value(true);
    }
    if let Some(env) = arg.get_env().map(|e| e.to_string_lossy().into_owned())
        && !arg.is_hide_env_set()
    {
        let current = std::env::var_os(&env).map(|v| v.to_string_lossy().into_owned());
        notes.push(match current {
            Some(value) if !arg.is_hide_env_values_set() => tf(
                "clap_env_value",
                &[("name", env.as_str().into()), ("value", value.into())],
            ),
            _ => tf("clap_env", &[("name", env.as_str().into())]),
        });
        arg = arg.hide_env(true);
    }
    if takes_value && !arg.is_hide_possible_values_set() {
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() {
            notes.push(tf(
                "clap_possible_values",
                &[("values", values.join(&t("list_separator")).into())],
            ));
            arg = arg.hide_possible_values(true);
        }
    }
    let help = if notes.is_empty() {
        help
    } else {
        let notes = notes.join(&t("clap_note_separator"));
        tf(
            "clap_with_notes",
            &[("help", help.into()), ("notes", notes.into())],
        )
    };
    arg.help(help).long_help(None)
}

/// The help page's layout with the catalogue's headings: clap's own (`Usage:`, `Commands:`,
/// `Arguments:`, `Options:`) are English and fixed.
fn template(subcommands: bool, positionals: bool) -> String {
    let mut out = format!(
        "{{before-help}}{{about-with-newline}}\n{}{{usage}}",
        t("clap_usage")
    );
    if subcommands {
        out.push_str(&format!("\n\n{}\n{{subcommands}}", t("clap_commands")));
    }
    if positionals {
        out.push_str(&format!("\n\n{}\n{{positionals}}", t("clap_arguments")));
    }
    out.push_str(&format!(
        "\n\n{}\n{{options}}{{after-help}}",
        t("clap_options")
    ));
    out
}

/// Sets every command's usage line to clap's own with its one English word, the `[OPTIONS]`
/// placeholder, in the catalogue's words. `cmd` is built: its usage names are complete.
fn with_usage(cmd: &mut Command) {
    let options = format!("[{}]", t("clap_options_placeholder"));
    let usage = plain_usage(&cmd.render_usage().to_string()).replace("[OPTIONS]", &options);
    *cmd = std::mem::take(cmd).override_usage(usage);
    for sub in cmd.get_subcommands_mut() {
        with_usage(sub);
    }
}

/// A usage line without clap's `Usage:` title.
fn plain_usage(rendered: &str) -> String {
    rendered
        .trim()
        .strip_prefix("Usage:")
        .unwrap_or(rendered)
        .trim()
        .to_string()
}

/// The locale asked for by `--lang X` or `--lang=X` in `args` (before a `--`), if it names one
/// the catalogue has.
fn lang_in(args: &[OsString]) -> Option<Locale> {
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            return args.next().and_then(|tag| Locale::parse(&tag));
        }
        if let Some(tag) = arg.strip_prefix("--lang=") {
            return Locale::parse(tag);
        }
    }
    None
}

/// Parses the process's arguments as `C`, with the help and the refusals in the reader's
/// language (see [`parse_with_matches`]).
pub fn parse<C: clap::Parser>(prefix: &str) -> C {
    parse_with_matches::<C>(prefix).0
}

/// Parses the process's arguments as `C`, and returns their matches too (for what tells a flag
/// given from a default). The locale is `--lang`'s, read from the arguments first, else the
/// shell's; the command's help is worded by [`localised`]. `--help`, `--version` and the `help`
/// subcommand print and exit 0; a refusal prints in the reader's words, with the usage, and
/// exits with clap's code (2).
pub fn parse_with_matches<C: clap::Parser>(prefix: &str) -> (C, ArgMatches) {
    let args: Vec<OsString> = std::env::args_os().collect();
    if let Some(locale) = lang_in(&args) {
        set(locale);
    }
    let mut cmd = localised(C::command(), prefix);
    let matches = match cmd.try_get_matches_from_mut(&args) {
        Ok(m) => m,
        Err(e) => exit(&e, prefix),
    };
    if let Some(path) = help_asked(&matches) {
        print_help_of(&mut cmd, &path, prefix);
    }
    match C::from_arg_matches(&matches) {
        Ok(c) => (c, matches),
        Err(e) => exit(&e.with_cmd(&cmd), prefix),
    }
}

/// The command path the `help` subcommand asks about (`steppe help case open`, `steppe case
/// help open`), if it was given.
fn help_asked(matches: &ArgMatches) -> Option<Vec<String>> {
    let mut path = Vec::new();
    let mut m = matches;
    while let Some((name, sub)) = m.subcommand() {
        if name == "help" && lang() != Locale::En {
            path.extend(
                sub.get_many::<String>("subcommand")
                    .into_iter()
                    .flatten()
                    .cloned(),
            );
            return Some(path);
        }
        path.push(name.to_string());
        m = sub;
    }
    None
}

/// Prints the help of the command at `path` below `cmd` and exits 0; an unknown name is refused
/// as clap refuses it.
fn print_help_of(cmd: &mut Command, path: &[String], prefix: &str) -> ! {
    let mut at = cmd;
    for name in path {
        let Some(sub) = at.find_subcommand_mut(name) else {
            eprintln!(
                "{}",
                tf(
                    &format!("{prefix}_error"),
                    &[(
                        "message",
                        tf("clap_error_unknown_subcommand", &[("name", name.into())]).into()
                    )]
                )
            );
            std::process::exit(2);
        };
        at = sub;
    }
    print!("{}", at.render_help());
    std::process::exit(0);
}

/// Prints what clap refused (or the help and version it was asked for) and exits with its code.
fn exit(e: &clap::Error, prefix: &str) -> ! {
    if lang() == Locale::En
        || matches!(
            e.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        )
    {
        e.exit();
    }
    eprint!("{}", refusal(e, prefix));
    std::process::exit(e.exit_code());
}

fn string(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        _ => None,
    }
}

fn strings(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        _ => Vec::new(),
    }
}

/// A count clap's error gives in its context, as a message argument (0 where it gives none).
fn number(e: &clap::Error, kind: ContextKind) -> crate::Arg {
    match e.get(kind) {
        Some(ContextValue::Number(n)) => n.to_string().into(),
        _ => "0".into(),
    }
}

/// A list of typed names, each quoted, in the reader's punctuation.
fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| tf("clap_quoted", &[("text", n.into())]))
        .collect::<Vec<_>>()
        .join(&t("list_separator"))
}

/// Why a value did not parse, where its type says so: a number, a record id, an address.
fn why_invalid(e: &clap::Error) -> Option<String> {
    let source = std::error::Error::source(e)?;
    if let Some(n) = source.downcast_ref::<std::num::ParseIntError>() {
        use std::num::IntErrorKind;
        return Some(t(match n.kind() {
            IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => "clap_why_too_large",
            _ => "clap_why_integer",
        }));
    }
    if source.downcast_ref::<std::num::ParseFloatError>().is_some() {
        return Some(t("clap_why_number"));
    }
    if source.downcast_ref::<uuid::Error>().is_some() {
        return Some(t("clap_why_id"));
    }
    if source.downcast_ref::<std::net::AddrParseError>().is_some() {
        return Some(t("clap_why_address"));
    }
    None
}

/// What clap refused, worded from the catalogue by the error's kind and context, with the
/// usage of the command it concerns: what clap would print, in the reader's language.
pub fn refusal(e: &clap::Error, prefix: &str) -> String {
    let arg = string(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = string(e, ContextKind::InvalidValue).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::UnknownArgument => tf("clap_error_unknown_argument", &[("arg", arg.into())]),
        ErrorKind::InvalidSubcommand => {
            let name = string(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            tf("clap_error_unknown_subcommand", &[("name", name.into())])
        }
        ErrorKind::MissingRequiredArgument => {
            let mut out = t("clap_error_missing");
            for missing in strings(e, ContextKind::InvalidArg) {
                out.push_str("\n  ");
                out.push_str(&missing);
            }
            out
        }
        ErrorKind::MissingSubcommand => {
            let name = string(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            let mut out = tf("clap_error_missing_subcommand", &[("name", name.into())]);
            let valid = strings(e, ContextKind::ValidSubcommand);
            if !valid.is_empty() {
                out.push_str(&tf(
                    "clap_possible_subcommands",
                    &[("names", quoted(&valid).into())],
                ));
            }
            out
        }
        ErrorKind::InvalidValue if value.is_empty() => {
            tf("clap_error_value_required", &[("arg", arg.into())])
        }
        ErrorKind::InvalidValue => {
            let mut out = tf(
                "clap_error_invalid_value",
                &[("arg", arg.into()), ("value", value.into())],
            );
            let valid = strings(e, ContextKind::ValidValue);
            if !valid.is_empty() {
                out.push_str(&tf(
                    "clap_possible_values_after",
                    &[("values", quoted(&valid).into())],
                ));
            }
            out
        }
        ErrorKind::ValueValidation => match why_invalid(e) {
            Some(why) => tf(
                "clap_error_invalid_value_because",
                &[
                    ("arg", arg.into()),
                    ("value", value.into()),
                    ("why", why.into()),
                ],
            ),
            None => tf(
                "clap_error_invalid_value",
                &[("arg", arg.into()), ("value", value.into())],
            ),
        },
        ErrorKind::ArgumentConflict => {
            let prior = strings(e, ContextKind::PriorArg);
            let name = if arg.is_empty() {
                string(e, ContextKind::InvalidSubcommand).unwrap_or_default()
            } else {
                arg
            };
            if prior.is_empty() || prior == [name.clone()] {
                tf("clap_error_used_twice", &[("arg", name.into())])
            } else {
                tf(
                    "clap_error_conflict",
                    &[("arg", name.into()), ("others", quoted(&prior).into())],
                )
            }
        }
        ErrorKind::NoEquals => tf("clap_error_no_equals", &[("arg", arg.into())]),
        ErrorKind::TooManyValues => tf(
            "clap_error_too_many_values",
            &[("arg", arg.into()), ("value", value.into())],
        ),
        ErrorKind::TooFewValues => tf(
            "clap_error_too_few_values",
            &[
                ("arg", arg.into()),
                ("min", number(e, ContextKind::MinValues)),
                ("given", number(e, ContextKind::ActualNumValues)),
            ],
        ),
        ErrorKind::WrongNumberOfValues => tf(
            "clap_error_wrong_number_of_values",
            &[
                ("arg", arg.into()),
                ("expected", number(e, ContextKind::ExpectedNumValues)),
                ("given", number(e, ContextKind::ActualNumValues)),
            ],
        ),
        ErrorKind::InvalidUtf8 => t("clap_error_utf8"),
        _ => t("clap_error_other"),
    };
    let mut out = tf(&format!("{prefix}_error"), &[("message", message.into())]);
    out.push('\n');
    let tips = tips(e);
    if !tips.is_empty() {
        out.push('\n');
        for tip in tips {
            out.push_str("  ");
            out.push_str(&tip);
            out.push('\n');
        }
    }
    if let Some(usage) = string(e, ContextKind::Usage) {
        out.push('\n');
        out.push_str(&t("clap_usage"));
        out.push_str(&plain_usage(&usage));
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&t("clap_try_help"));
    out.push('\n');
    out
}

/// clap's suggestions after a refusal, in the catalogue's words. clap composes some of them as
/// English sentences; those are recognised by their wording and the names quoted in them, and
/// one not recognised is left out rather than shown in English.
fn tips(e: &clap::Error) -> Vec<String> {
    let mut out = Vec::new();
    let similar = [
        (
            ContextKind::SuggestedSubcommand,
            "clap_tip_similar_subcommand",
        ),
        (ContextKind::SuggestedArg, "clap_tip_similar_argument"),
        (ContextKind::SuggestedValue, "clap_tip_similar_value"),
    ];
    for (kind, id) in similar {
        let names = strings(e, kind);
        if !names.is_empty() {
            out.push(tf(id, &[("names", quoted(&names).into())]));
        }
    }
    for tip in strings(e, ContextKind::Suggested) {
        let quoted_names: Vec<&str> = tip.split('\'').skip(1).step_by(2).collect();
        let worded = match quoted_names.as_slice() {
            [value, written] if tip.starts_with("to pass ") => Some(tf(
                "clap_tip_as_value",
                &[("value", (*value).into()), ("written", (*written).into())],
            )),
            [name, _] if tip.starts_with("subcommand ") => {
                Some(tf("clap_tip_no_dashes", &[("name", (*name).into())]))
            }
            [written] if tip.ends_with("' exists") => {
                Some(tf("clap_tip_exists", &[("written", (*written).into())]))
            }
            _ => None,
        };
        out.extend(worded);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_is_read_before_parsing() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            lang_in(&args(&["x", "--lang", "en", "sync"])),
            Some(Locale::En)
        );
        assert_eq!(
            lang_in(&args(&["x", "sync", "--lang=mn"])),
            Some(Locale::MnMong)
        );
        assert_eq!(lang_in(&args(&["x", "--", "--lang", "en"])), None);
        assert_eq!(lang_in(&args(&["x", "--lang", "fr"])), None);
    }

    #[test]
    fn ids_follow_the_command_path() {
        let cmd = Command::new("x").arg(Arg::new("db").long("db")).subcommand(
            Command::new("check-in").about("Check in.").arg(
                Arg::new("from_school")
                    .long("from-school")
                    .help("A school."),
            ),
        );
        let ids = help_ids(&cmd, "cli");
        assert_eq!(
            ids,
            vec![
                ("cli_help__db".to_string(), String::new()),
                ("cli_help".to_string(), String::new()),
                (
                    "cli_help_check_in__from_school".to_string(),
                    "A school.".to_string()
                ),
                ("cli_help_check_in".to_string(), "Check in.".to_string()),
            ]
        );
    }
}
