//! The catalogue: one Fluent bundle per locale, built once from the `.ftl` files compiled into
//! the binary, with lookups that fall back to Chinese and a coverage count per surface.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;

use crate::Locale;

/// Where a message is read: one `.ftl` file per surface and locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Surface {
    /// Record kinds, categories, statuses, roles, organisation kinds, change messages.
    Vocabulary,
    /// Why a rule refused something: the fields, the reasons, the error shapes.
    Errors,
    /// The `steppe` command line.
    Cli,
    /// The `steppe-server` command line: what an operator reads (imports, users, devices,
    /// backups, schema upgrades).
    Operator,
    /// The supervisors' and secretaries' web pages and their exports.
    Web,
    /// The Android app's own screens (its `strings.xml`, generated from this file).
    Android,
}

impl Surface {
    pub const ALL: &'static [Surface] = &[
        Surface::Vocabulary,
        Surface::Errors,
        Surface::Cli,
        Surface::Operator,
        Surface::Web,
        Surface::Android,
    ];

    /// What the phones' generated resources hold: the words the core's codes stand for, and
    /// the app's own.
    pub const PHONES: &'static [Surface] =
        &[Surface::Vocabulary, Surface::Errors, Surface::Android];

    /// The file name under `locales/<tag>/`.
    pub fn file(self) -> &'static str {
        match self {
            Surface::Vocabulary => "vocabulary.ftl",
            Surface::Errors => "errors.ftl",
            Surface::Cli => "cli.ftl",
            Surface::Operator => "operator.ftl",
            Surface::Web => "web.ftl",
            Surface::Android => "android.ftl",
        }
    }
}

macro_rules! sources {
    ($($locale:ident $tag:literal),+) => {
        /// Every catalogue file, compiled in.
        const SOURCES: &[(Locale, Surface, &str)] = &[$(
            (Locale::$locale, Surface::Vocabulary, include_str!(concat!("../locales/", $tag, "/vocabulary.ftl"))),
            (Locale::$locale, Surface::Errors, include_str!(concat!("../locales/", $tag, "/errors.ftl"))),
            (Locale::$locale, Surface::Cli, include_str!(concat!("../locales/", $tag, "/cli.ftl"))),
            (Locale::$locale, Surface::Operator, include_str!(concat!("../locales/", $tag, "/operator.ftl"))),
            (Locale::$locale, Surface::Web, include_str!(concat!("../locales/", $tag, "/web.ftl"))),
            (Locale::$locale, Surface::Android, include_str!(concat!("../locales/", $tag, "/android.ftl"))),
        )+];
    };
}
sources!(ZhHans "zh-Hans", MnMong "mn-Mong", En "en");

/// An argument of a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}
impl From<Cow<'_, str>> for Arg {
    fn from(s: Cow<'_, str>) -> Self {
        Arg::Text(s.into_owned())
    }
}
macro_rules! numeric_arg {
    ($($t:ty),+) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Number(n as f64)
            }
        }
    )+};
}
numeric_arg!(i32, i64, u32, u64, usize, f64);

struct Resource {
    locale: Locale,
    surface: Surface,
    ids: BTreeSet<String>,
}

/// The text of the file of `surface` in `locale`, as compiled in.
pub fn source(locale: Locale, surface: Surface) -> &'static str {
    SOURCES
        .iter()
        .find(|(l, s, _)| *l == locale && *s == surface)
        .map(|(.., text)| *text)
        .unwrap_or("")
}

/// Every locale's bundle, and which ids each surface file holds.
pub struct Catalogue {
    bundles: Vec<(Locale, FluentBundle<FluentResource>)>,
    resources: Vec<Resource>,
}

/// How much of a surface a locale translates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub locale: Locale,
    pub surface: Surface,
    /// Messages of the surface in `zh-Hans`, the complete locale.
    pub total: usize,
    /// Of those, the ones this locale has its own text for.
    pub translated: usize,
    /// Those it lacks, shown in Chinese instead.
    pub missing: Vec<String>,
    /// Messages left out of `total` because this locale's words for them are not in the
    /// catalogue: for `en`, the command lines' help and clap's own words, whose English is in
    /// the command definitions and in clap ([`crate::terminal::english_elsewhere`]).
    pub elsewhere: usize,
}

static GLOBAL: LazyLock<Catalogue> = LazyLock::new(Catalogue::load);

impl Catalogue {
    /// The catalogue compiled into this binary.
    pub fn global() -> &'static Catalogue {
        &GLOBAL
    }

    fn load() -> Catalogue {
        let mut bundles = Vec::new();
        let mut resources = Vec::new();
        for &locale in Locale::ALL {
            let mut bundle = FluentBundle::new_concurrent(vec![locale.langid()]);
            // Isolation marks would end up in CSV cells and terminal columns; every surface here
            // is left-to-right or vertical, never mixed with right-to-left text.
            bundle.set_use_isolating(false);
            // NUMBER(), for hours with one decimal and the like.
            bundle
                .add_builtins()
                .expect("the built-in functions are added once");
            for &(l, surface, text) in SOURCES.iter().filter(|(l, ..)| *l == locale) {
                let resource =
                    FluentResource::try_new(text.to_string()).unwrap_or_else(|(_, e)| {
                        panic!("{l}/{}: not valid Fluent: {e:?}", surface.file())
                    });
                let ids = resource
                    .entries()
                    .filter_map(|e| match e {
                        ast::Entry::Message(m) => Some(m.id.name.to_string()),
                        _ => None,
                    })
                    .collect();
                resources.push(Resource {
                    locale,
                    surface,
                    ids,
                });
                if let Err(errors) = bundle.add_resource(resource) {
                    panic!("{l}/{}: {errors:?}", surface.file());
                }
            }
            bundles.push((locale, bundle));
        }
        Catalogue { bundles, resources }
    }

    fn bundle(&self, locale: Locale) -> &FluentBundle<FluentResource> {
        &self
            .bundles
            .iter()
            .find(|(l, _)| *l == locale)
            .expect("a bundle per locale")
            .1
    }

    /// Whether `locale` itself (not a fallback) has the message.
    pub fn has(&self, locale: Locale, id: &str) -> bool {
        self.bundle(locale).has_message(id)
    }

    /// The message `id` in `locale`, or in the locale it falls back to. A message no locale has
    /// shows as its id, so a missing string is visible rather than blank (the catalogue tests
    /// keep that from reaching a user).
    pub fn format(&self, locale: Locale, id: &str, args: &[(&str, Arg)]) -> String {
        let mut at = Some(locale);
        while let Some(l) = at {
            let bundle = self.bundle(l);
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut fluent_args = FluentArgs::new();
                for (name, value) in args {
                    match value {
                        Arg::Text(s) => fluent_args.set(*name, FluentValue::from(s.as_str())),
                        Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
                    }
                }
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
                debug_assert!(errors.is_empty(), "{l}/{id}: {errors:?}");
                return text.into_owned();
            }
            at = l.fallback();
        }
        id.to_string()
    }

    /// A message without arguments.
    pub fn text(&self, locale: Locale, id: &str) -> String {
        self.format(locale, id, &[])
    }

    /// The ids a surface's file holds in `locale`.
    pub fn ids(&self, locale: Locale, surface: Surface) -> impl Iterator<Item = &str> {
        self.resources
            .iter()
            .filter(move |r| r.locale == locale && r.surface == surface)
            .flat_map(|r| r.ids.iter().map(String::as_str))
    }

    /// What each locale translates of each surface, against the complete `zh-Hans`; for `en`,
    /// less the messages whose English is not in the catalogue ([`Coverage::elsewhere`]).
    pub fn coverage(&self) -> Vec<Coverage> {
        let mut out = Vec::new();
        for &locale in Locale::ALL {
            for &surface in Surface::ALL {
                let own: BTreeSet<&str> = self.ids(locale, surface).collect();
                let (elsewhere, all): (Vec<&str>, Vec<&str>) = self
                    .ids(Locale::ZhHans, surface)
                    .partition(|id| locale == Locale::En && crate::terminal::english_elsewhere(id));
                let missing: Vec<String> = all
                    .iter()
                    .filter(|id| !own.contains(**id))
                    .map(|id| id.to_string())
                    .collect();
                out.push(Coverage {
                    locale,
                    surface,
                    total: all.len(),
                    translated: all.len() - missing.len(),
                    missing,
                    elsewhere: elsewhere.len(),
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_parses_and_no_locale_has_an_id_chinese_lacks() {
        let c = Catalogue::global();
        for &locale in Locale::ALL {
            for &surface in Surface::ALL {
                let zh: BTreeSet<&str> = c.ids(Locale::ZhHans, surface).collect();
                for id in c.ids(locale, surface) {
                    assert!(
                        zh.contains(id),
                        "{locale}/{}: {id} is not in zh-Hans",
                        surface.file()
                    );
                }
            }
        }
    }

    #[test]
    fn english_help_lives_in_the_command_definitions_not_here() {
        let c = Catalogue::global();
        for &surface in Surface::ALL {
            for id in c.ids(Locale::En, surface) {
                assert!(
                    !crate::terminal::english_elsewhere(id),
                    "en/{}: {id}: a command line's English help is its doc comment, and clap's \
                     words are clap's; the catalogue holds them for other locales only",
                    surface.file()
                );
            }
        }
    }

    #[test]
    fn missing_messages_fall_back_to_chinese_then_show_their_id() {
        let c = Catalogue::global();
        let zh = c.text(Locale::ZhHans, "record_kind_household");
        assert_eq!(zh, "住户");
        assert_eq!(c.text(Locale::En, "record_kind_household"), "Household");
        assert_eq!(c.text(Locale::En, "no-such-message"), "no-such-message");
        let untranslated = c
            .coverage()
            .into_iter()
            .find(|cov| cov.locale == Locale::MnMong && !cov.missing.is_empty())
            .expect("Mongolian lacks some messages");
        let id = &untranslated.missing[0];
        assert_eq!(c.text(Locale::MnMong, id), c.text(Locale::ZhHans, id));
    }

    #[test]
    fn numbers_and_plurals_format_by_locale() {
        let c = Catalogue::global();
        let en = c.format(Locale::En, "cli_records_count", &[("count", Arg::from(1))]);
        let en_many = c.format(Locale::En, "cli_records_count", &[("count", Arg::from(3))]);
        assert_eq!(en, "1 record");
        assert_eq!(en_many, "3 records");
        let zh = c.format(
            Locale::ZhHans,
            "cli_records_count",
            &[("count", Arg::from(3))],
        );
        assert_eq!(zh, "3 条记录");
    }
}
