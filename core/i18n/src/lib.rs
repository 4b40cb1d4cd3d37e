//! The one message catalogue of Steppe: every word a person reads on the web pages, in the CLI,
//! in exports and on the phones (through the resources `cargo xtask i18n` generates) comes from
//! the Fluent files under `core/i18n/locales/<locale>/<surface>.ftl`.
//!
//! `zh-Hans` is complete and the default; `mn-Mong` (traditional Mongolian script) holds only
//! what could be sourced reliably and falls back to Chinese; `en` is for operators and
//! developers. A translator edits one `.ftl` file and nothing else.

mod catalogue;
mod collation;
pub mod dates;
mod errors;
pub mod export;
mod locale;
mod search;
pub mod terminal;
mod vocabulary;

pub use catalogue::{Arg, Catalogue, Coverage, Surface};
pub use collation::{sort_by_name, sort_key, sort_tree_by_name};
pub use errors::{detail_text, error_message, field_label};
pub use locale::Locale;
pub use search::{name_matches, name_spelled_whole};
pub use steppe_domain::script::is_mongolian_letter;
pub use vocabulary::{Label, command_label, parse_label, parse_role_at, value_label};
