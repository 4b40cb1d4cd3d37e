//! The locale a command line prints in (`steppe` and `steppe-server` alike): `--lang`, else the
//! shell's `LC_ALL`/`LC_MESSAGES`/`LANG`, else Chinese. Set once at start-up, read wherever
//! output is written. Their help and parse errors are worded here too ([`parse`]).

use std::sync::OnceLock;

use crate::{Arg, Catalogue, Locale};

mod help;
pub use help::{
    check_help_coverage, english_elsewhere, help_ids, localised, parse, parse_with_matches, refusal,
};

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

/// A timestamp as this run prints it: as the reader's language writes dates, except in English,
/// which scripts read (OPERATING.md passes `--lang en`): there the fixed `YYYY-MM-DD HH:MM`.
pub fn when(ms: i64) -> String {
    match lang() {
        Locale::En => steppe_domain::clock::display(ms),
        other => crate::dates::date_time(other, ms),
    }
}

/// A message with arguments in this run's locale.
pub fn tf(id: &str, args: &[(&str, Arg)]) -> String {
    Catalogue::global().format(lang(), id, args)
}

/// A failure already worded in the reader's language: what a command line itself refuses (an
/// unknown word, a date in another form, a file it cannot use), shown as it is.
#[derive(Debug)]
pub struct Said(pub String);

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Said {}

/// [`Said`] of a catalogue message with arguments.
pub fn said_as(id: &str, args: &[(&str, Arg)]) -> Said {
    Said(tf(id, args))
}

/// `text` padded with spaces to `width` terminal columns: a Chinese character takes two, so
/// padding by characters or bytes would misalign a table's columns.
pub fn pad(text: &str, width: usize) -> String {
    let shown = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(shown)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn pads_by_display_width() {
        assert_eq!(super::pad("结案", 6), "结案  ");
        assert_eq!(super::pad("close", 6), "close ");
        assert_eq!(super::pad("组织更名了", 4), "组织更名了");
    }
}
