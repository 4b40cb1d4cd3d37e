//! What the command line prints in the reader's language: the run's locale and its lookups are
//! the catalogue's own ([`steppe_i18n::terminal`]); a store's failures are worded here.

pub use steppe_i18n::terminal::{lang, pad, set, t, tf};

/// A store's refusal or failure in this run's language: a rule's refusal from the catalogue,
/// anything else as it describes itself (an operator's or developer's message).
pub fn said(e: &steppe_core::CoreError) -> String {
    match e {
        steppe_core::CoreError::Domain(d) => steppe_i18n::error_message(lang(), d),
        other => other.to_string(),
    }
}

/// A failure already worded in the reader's language (what the command line itself refuses:
/// an unknown word, a date in another form, a store that is not there).
#[derive(Debug)]
pub struct Said(pub String);

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Said {}

/// [`Said`] of a catalogue message with arguments.
pub fn said_as(id: &str, args: &[(&str, steppe_i18n::Arg)]) -> Said {
    Said(tf(id, args))
}
