//! Closed vocabularies (categories, tags, statuses) with their stable code and the Chinese label
//! the seed reports use. Codes are what documents and SQL store; labels are what people read.

/// Declares a unit enum stored in documents as its variant name, with a stable snake_case code
/// (for SQL and command lines) and the label people see.
#[macro_export]
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, autosurgeon::Hydrate, autosurgeon::Reconcile)]
        $vis enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in SQL and typed on command lines.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The label people read (the terms of the seed reports).
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Parses a code or a label.
            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.code() == s || v.label() == s)
            }

            /// The variant a document stores under `name` (its Rust name), if any.
            pub fn from_stored(name: &str) -> Option<Self> {
                match name { $(stringify!($variant) => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
