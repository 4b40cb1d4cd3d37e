//! The locale the command line prints in: `--lang`, else the shell's `LC_ALL`/`LC_MESSAGES`/
//! `LANG`, else Chinese. Set once at start-up, read wherever output is written.

use std::sync::OnceLock;

use steppe_i18n::{Arg, Catalogue, Locale};

static LANG: OnceLock<Locale> = OnceLock::new();

/// Fixes the locale for this run (the first call wins).
pub fn set(locale: Locale) {
    let _ = LANG.set(locale);
}

/// The locale of this run.
pub fn lang() -> Locale {
    *LANG.get_or_init(Locale::from_env)
}

/// A message of the catalogue in this run's locale.
pub fn t(id: &str) -> String {
    Catalogue::global().text(lang(), id)
}

/// A message with arguments in this run's locale.
pub fn tf(id: &str, args: &[(&str, Arg)]) -> String {
    Catalogue::global().format(lang(), id, args)
}
