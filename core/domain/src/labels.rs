//! Closed vocabularies (categories, tags, statuses) with their stable codes. Codes are what
//! documents, SQL and the FFI carry; the words people read for them live in the message
//! catalogue (`core/i18n`), under the id [`Vocabulary::message_id`]; the phones get the same ids
//! across the FFI and look them up in the resources generated from that catalogue.

/// A closed vocabulary: its family name (the catalogue's id prefix) and each entry's code.
pub trait Vocabulary: Copy + Sized + 'static {
    /// The catalogue's id prefix: the Rust name of the enum.
    const FAMILY: &'static str;
    /// Every entry, in declaration order.
    fn entries() -> &'static [Self];
    /// The stable code stored in SQL and typed on command lines.
    fn vocabulary_code(self) -> &'static str;
    /// The entry a document stores under `name` (its Rust name), for vocabularies stored so.
    fn from_stored_name(name: &str) -> Option<Self>;

    /// The catalogue's id for this entry: the family in snake case, then the code with dots as
    /// underscores (`case_category_pasture_boundary`, `command_case_add_note`). Ids hold only
    /// what Fluent ids, Android resource names and iOS keys all accept.
    fn message_id(self) -> String {
        message_id(Self::FAMILY, self.vocabulary_code())
    }
}

/// The catalogue's id for the entry `code` of the vocabulary `family` (see
/// [`Vocabulary::message_id`]).
pub fn message_id(family: &str, code: &str) -> String {
    let mut id = String::with_capacity(family.len() + code.len() + 4);
    for (i, c) in family.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                id.push('_');
            }
            id.push(c.to_ascii_lowercase());
        } else {
            id.push(c);
        }
    }
    id.push('_');
    id.extend(code.chars().map(|c| if c == '.' { '_' } else { c }));
    id
}

/// Declares a unit enum stored in documents as its variant name, with a stable snake_case code
/// (for SQL, command lines and the catalogue's message ids).
#[macro_export]
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, autosurgeon::Hydrate, autosurgeon::Reconcile)]
        $vis enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in SQL and typed on command lines.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a code (the catalogue's `parse_label` also takes the words people read).
            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.code() == s)
            }

            /// The variant a document stores under `name` (its Rust name), if any.
            pub fn from_stored(name: &str) -> Option<Self> {
                match name { $(stringify!($variant) => Some($name::$variant),)+ _ => None }
            }
        }

        impl $crate::labels::Vocabulary for $name {
            const FAMILY: &'static str = stringify!($name);
            fn entries() -> &'static [Self] {
                Self::ALL
            }
            fn vocabulary_code(self) -> &'static str {
                self.code()
            }
            fn from_stored_name(name: &str) -> Option<Self> {
                Self::from_stored(name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn message_ids_are_snake_case() {
        assert_eq!(
            super::message_id("CaseCategory", "pasture_boundary"),
            "case_category_pasture_boundary"
        );
        assert_eq!(
            super::message_id("Command", "case.add_note"),
            "command_case_add_note"
        );
    }
}
