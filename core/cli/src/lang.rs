//! What the command line prints in the reader's language: the run's locale and its lookups are
//! the catalogue's own ([`steppe_i18n::terminal`]); a store's failures are worded here.

pub use steppe_i18n::terminal::{Said, lang, pad, said_as, set, t, tf, when};

/// A store's refusal or failure in this run's language: a rule's refusal from the catalogue,
/// anything else as it describes itself (an operator's or developer's message).
pub fn said(e: &steppe_core::CoreError) -> String {
    match e {
        steppe_core::CoreError::Domain(d) => steppe_i18n::error_message(lang(), d),
        other => other.to_string(),
    }
}
