//! The locales Steppe speaks, and how one is chosen from what a browser or a shell asks for.

use fluent_langneg::{NegotiationStrategy, accepted_languages, negotiate_languages};
use unic_langid::LanguageIdentifier;

/// A locale of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Locale {
    /// Simplified Chinese: complete, and what every other locale falls back to.
    #[default]
    ZhHans,
    /// Mongolian in the traditional (vertical) script, as written in Inner Mongolia.
    MnMong,
    /// English, for operators and developers.
    En,
}

impl Locale {
    pub const ALL: &'static [Locale] = &[Locale::ZhHans, Locale::MnMong, Locale::En];

    /// The BCP 47 tag: the catalogue's directory name and the pages' `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhHans => "zh-Hans",
            Locale::MnMong => "mn-Mong",
            Locale::En => "en",
        }
    }

    pub fn langid(self) -> LanguageIdentifier {
        self.tag()
            .parse()
            .expect("the catalogue's tags are well-formed")
    }

    /// The locale a message missing here is looked up in next.
    pub fn fallback(self) -> Option<Locale> {
        match self {
            Locale::ZhHans => None,
            Locale::MnMong | Locale::En => Some(Locale::ZhHans),
        }
    }

    /// The language's name in itself, for the links that choose it.
    pub fn autonym(self) -> &'static str {
        match self {
            Locale::ZhHans => "中文",
            // mongγol — the script's own name for Mongolian.
            Locale::MnMong => "ᠮᠣᠩᠭᠣᠯ",
            Locale::En => "English",
        }
    }

    /// Whether text in this locale runs in vertical lines (traditional Mongolian script).
    pub fn is_vertical(self) -> bool {
        self == Locale::MnMong
    }

    /// The best locale for a list of language tags in order of preference (an
    /// `Accept-Language` header's, a user's setting). Mongolian without a script subtag means
    /// the traditional script here: in Inner Mongolia that is how Mongolian is written.
    pub fn negotiate(requested: &[LanguageIdentifier]) -> Locale {
        let requested: Vec<LanguageIdentifier> = requested
            .iter()
            .map(|r| {
                let mut r = r.clone();
                if r.language.as_str() == "mn" && r.script.is_none() {
                    r.script = Some("Mong".parse().expect("a script subtag"));
                }
                r
            })
            .collect();
        let available: Vec<LanguageIdentifier> = Self::ALL.iter().map(|l| l.langid()).collect();
        let default = Locale::ZhHans.langid();
        let chosen = negotiate_languages(
            &requested,
            &available,
            Some(&default),
            NegotiationStrategy::Lookup,
        );
        chosen
            .first()
            .and_then(|id| Self::ALL.iter().copied().find(|l| l.langid() == **id))
            .unwrap_or_default()
    }

    /// The locale for an HTTP `Accept-Language` header (weights honoured).
    pub fn from_accept_language(header: &str) -> Locale {
        Self::negotiate(&accepted_languages::parse(header))
    }

    /// Parses one tag as a user or an operator types it (`zh`, `zh-CN`, `mn`, `mn-Mong`, `en`,
    /// `en_US.UTF-8`); `None` if it names a language the catalogue lacks.
    pub fn parse(tag: &str) -> Option<Locale> {
        let tag = tag
            .split(['.', '@'])
            .next()
            .unwrap_or(tag)
            .replace('_', "-");
        let id: LanguageIdentifier = tag.parse().ok()?;
        match id.language.as_str() {
            "zh" => Some(Locale::ZhHans),
            "mn" => Some(Locale::MnMong),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The locale a shell asks for: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set,
    /// else Chinese (`C` and `POSIX` mean no preference).
    pub fn from_env() -> Locale {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Self::parse(&v))
            .unwrap_or_default()
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_by_weight_and_defaults_to_chinese() {
        assert_eq!(
            Locale::from_accept_language("mn;q=0.9, zh-CN;q=0.8"),
            Locale::MnMong
        );
        assert_eq!(Locale::from_accept_language("en-US,en;q=0.9"), Locale::En);
        assert_eq!(
            Locale::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"),
            Locale::ZhHans
        );
        assert_eq!(Locale::from_accept_language("fr-FR"), Locale::ZhHans);
        assert_eq!(Locale::from_accept_language(""), Locale::ZhHans);
    }

    #[test]
    fn shell_tags_parse() {
        assert_eq!(Locale::parse("zh_CN.UTF-8"), Some(Locale::ZhHans));
        assert_eq!(Locale::parse("mn_CN.UTF-8"), Some(Locale::MnMong));
        assert_eq!(Locale::parse("en_US.UTF-8"), Some(Locale::En));
        assert_eq!(Locale::parse("C"), None);
    }
}
