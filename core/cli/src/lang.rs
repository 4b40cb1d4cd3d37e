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

/// A store's refusal or failure in this run's language: a rule's refusal from the catalogue,
/// anything else as it describes itself (an operator's or developer's message).
pub fn said(e: &steppe_core::CoreError) -> String {
    match e {
        steppe_core::CoreError::Domain(d) => steppe_i18n::error_message(lang(), d),
        other => other.to_string(),
    }
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
