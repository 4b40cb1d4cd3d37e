//! The phones' resources, generated from the catalogue by `cargo xtask i18n` so the three
//! platforms cannot drift: each message of the phone surfaces ([`Surface::PHONES`]) in a
//! platform's format syntax, with its arguments numbered in one order for every locale; and the
//! iOS app's own entries, from the Android messages marked `# ios: <key>` ([`ios_own_entries`]).

use fluent_syntax::ast::{Entry, Expression, InlineExpression, PatternElement};

use crate::catalogue::source;
use crate::{Locale, Surface};

/// One message as a phone's resource file holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneMessage {
    pub id: String,
    /// The text, its arguments as the platform's numbered placeholders.
    pub text: String,
    /// False for a format rather than words (a date pattern): not for translators.
    pub translatable: bool,
    pub surface: Surface,
}

/// The syntax of a platform's numbered placeholder for argument `n` (from 1).
pub type Placeholder = fn(usize) -> String;

pub fn android_placeholder(n: usize) -> String {
    format!("%{n}$s")
}

pub fn ios_placeholder(n: usize) -> String {
    format!("%{n}$@")
}

fn entries(locale: Locale, surface: Surface) -> Result<Vec<Entry<&'static str>>, String> {
    fluent_syntax::parser::parse(source(locale, surface))
        .map(|r| r.body)
        .map_err(|(_, e)| format!("{locale}/{}: {e:?}", surface.file()))
}

/// The names of a message's arguments in the order they first appear in its Chinese text:
/// the order the apps pass them in, whatever order a translation uses.
pub fn argument_order(id: &str) -> Result<Vec<String>, String> {
    for &surface in Surface::PHONES {
        for e in entries(Locale::ZhHans, surface)? {
            if let Entry::Message(m) = e
                && m.id.name == id
            {
                let mut names = Vec::new();
                for el in m.value.iter().flat_map(|p| &p.elements) {
                    if let PatternElement::Placeable {
                        expression: Expression::Inline(InlineExpression::VariableReference { id }),
                    } = el
                        && !names.iter().any(|n| n == id.name)
                    {
                        names.push(id.name.to_string());
                    }
                }
                return Ok(names);
            }
        }
    }
    Err(format!("no message {id} in zh-Hans"))
}

/// Every message `locale` itself has on the phone surfaces (a platform falls back to the
/// default, Chinese, for the rest), `%` escaped where the platform formats with arguments.
pub fn phone_messages(
    locale: Locale,
    placeholder: Placeholder,
) -> Result<Vec<PhoneMessage>, String> {
    let mut out = Vec::new();
    for &surface in Surface::PHONES {
        for e in entries(locale, surface)? {
            let Entry::Message(m) = e else { continue };
            let id = m.id.name;
            if !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                return Err(format!(
                    "{locale}/{}: {id}: a phone's id is snake_case",
                    surface.file()
                ));
            }
            let Some(pattern) = &m.value else { continue };
            let order = argument_order(id)?;
            let has_args = !order.is_empty();
            let mut text = String::new();
            for el in &pattern.elements {
                match el {
                    PatternElement::TextElement { value } => {
                        // The app's own words already carry the platform's placeholders.
                        if has_args && surface != Surface::Android {
                            text.push_str(&value.replace('%', "%%"));
                        } else {
                            text.push_str(value);
                        }
                    }
                    PatternElement::Placeable {
                        expression:
                            Expression::Inline(InlineExpression::VariableReference { id: v }),
                    } => {
                        let n = order.iter().position(|o| o == v.name).ok_or_else(|| {
                            format!("{locale}: {id}: ${} is not in the Chinese text", v.name)
                        })?;
                        text.push_str(&placeholder(n + 1));
                    }
                    PatternElement::Placeable {
                        expression: Expression::Inline(InlineExpression::StringLiteral { value }),
                    } => text.push_str(value),
                    _ => {
                        return Err(format!(
                            "{locale}: {id}: a phone's message holds only text and $arguments"
                        ));
                    }
                }
            }
            let translatable = !m.comment.as_ref().is_some_and(|c| {
                c.content
                    .iter()
                    .any(|l| l.contains("android:translatable=false"))
            });
            out.push(PhoneMessage {
                id: id.to_string(),
                text,
                translatable,
                surface,
            });
        }
    }
    Ok(out)
}

/// The length modifier and conversion of each format specifier in an iOS key, in order: what
/// the SwiftUI code interpolates (`"archive.totals %lld %lf"` → `["lld", "lf"]`).
pub fn ios_key_specifiers(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = key.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            continue;
        }
        // Position, flags, width and precision: the key's own are not kept.
        while chars
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || "$-+ #.".contains(*c))
        {
            chars.next();
        }
        let mut spec = String::new();
        while let Some(&c) = chars.peek() {
            chars.next();
            spec.push(c);
            if !"hlqLzjt".contains(c) {
                break;
            }
        }
        out.push(spec);
    }
    out
}

/// The iOS value of Android template `template` (message `id`) for iOS key `key`: each Android
/// placeholder (`%1$s`, `%2$.1f`, `%d`) becomes the key's specifier for that argument, keeping
/// the template's flags and precision (`%2$.1f` for a `%lf` → `%2$.1lf`). A lone argument is
/// unnumbered (`%lld`), several are numbered (`%1$@`, `%2$lld`), as Xcode writes them. An
/// argument count that differs from the key's is an error naming the message.
pub fn ios_value(id: &str, template: &str, key: &str) -> Result<String, String> {
    let specs = ios_key_specifiers(key);
    let mut out = String::with_capacity(template.len());
    let mut seen = Vec::new();
    let mut next = 0;
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push_str("%%");
            continue;
        }
        let mut head = String::new();
        while chars
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || "$-+ #.".contains(*c))
        {
            head.extend(chars.next());
        }
        if chars.next().is_none_or(|c| !c.is_ascii_alphabetic()) {
            return Err(format!("{id}: a stray % in {template:?}"));
        }
        let (n, flags) = match head.split_once('$') {
            Some((n, flags)) => (
                n.parse::<usize>()
                    .map_err(|_| format!("{id}: a bad placeholder in {template:?}"))?,
                flags,
            ),
            None => {
                next += 1;
                (next, head.as_str())
            }
        };
        let Some(spec) = n.checked_sub(1).and_then(|i| specs.get(i)) else {
            return Err(format!(
                "{id}: argument {n} of {template:?} is not in the iOS key {key:?}"
            ));
        };
        if !seen.contains(&n) {
            seen.push(n);
        }
        out.push('%');
        if specs.len() > 1 {
            out.push_str(&format!("{n}$"));
        }
        out.push_str(flags);
        out.push_str(spec);
    }
    if seen.len() != specs.len() {
        return Err(format!(
            "{id}: {} argument(s) in {template:?}, {} in the iOS key {key:?}",
            seen.len(),
            specs.len()
        ));
    }
    Ok(out)
}

/// The iOS keys each Android message stands for, from its `# ios: <key>` comment lines in
/// zh-Hans/android.ftl: the iOS app's own words come from the catalogue under the keys its
/// SwiftUI code uses.
pub fn ios_keys() -> Result<Vec<(String, Vec<String>)>, String> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for e in entries(Locale::ZhHans, Surface::Android)? {
        let Entry::Message(m) = e else { continue };
        let keys: Vec<String> = m
            .comment
            .iter()
            .flat_map(|c| &c.content)
            .filter_map(|l| l.strip_prefix("ios:"))
            .map(|k| k.trim().to_string())
            .collect();
        for k in &keys {
            if let Some((other, _)) = out.iter().find(|(_, ks)| ks.contains(k)) {
                return Err(format!(
                    "iOS key {k:?} is on both {other} and {}",
                    m.id.name
                ));
            }
        }
        if !keys.is_empty() {
            out.push((m.id.name.to_string(), keys));
        }
    }
    Ok(out)
}

/// The iOS app's own entries `locale` has: (iOS key, value), from the Android messages marked
/// `# ios: <key>` (see [`ios_keys`]); a locale without a message falls back to Chinese.
pub fn ios_own_entries(locale: Locale) -> Result<Vec<(String, String)>, String> {
    let keys = ios_keys()?;
    let mut out = Vec::new();
    for m in phone_messages(locale, android_placeholder)? {
        if m.surface != Surface::Android {
            continue;
        }
        let Some((_, ks)) = keys.iter().find(|(id, _)| *id == m.id) else {
            continue;
        };
        for k in ks {
            out.push((k.clone(), ios_value(&m.id, &m.text, k)?));
        }
    }
    Ok(out)
}

/// `text` as Android's string resources need it: XML-escaped, quotes and a leading `@`/`?`
/// escaped with a backslash, and the whole in double quotes when its spaces matter — the resource
/// compiler trims a value's ends and collapses runs of spaces outside quotes (English's list
/// separator is ", ").
pub fn android_escape(text: &str) -> String {
    let escaped = android_escape_chars(text);
    let spaces_matter = text.starts_with(char::is_whitespace)
        || text.ends_with(char::is_whitespace)
        || text.contains("  ");
    if spaces_matter {
        format!("\"{escaped}\"")
    } else {
        escaped
    }
}

fn android_escape_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '@' | '?' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The prefix of the app surface's messages only the iOS app shows.
pub const IOS_ONLY: &str = "ios_";

/// The `strings.xml` of `locale`.
pub fn android_strings(locale: Locale) -> Result<String, String> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- Generated from core/i18n/locales by `cargo xtask i18n`: edit the .ftl files, not this. -->\n<resources>\n",
    );
    // The iOS app's own words (the `## iOS only` section, ids `ios_…`) are no Android string.
    for m in phone_messages(locale, android_placeholder)?
        .into_iter()
        .filter(|m| !m.id.starts_with(IOS_ONLY))
    {
        let flag = if m.translatable {
            ""
        } else {
            " translatable=\"false\""
        };
        xml.push_str(&format!(
            "    <string name=\"{}\"{flag}>{}</string>\n",
            m.id,
            android_escape(&m.text)
        ));
    }
    xml.push_str("</resources>\n");
    Ok(xml)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_become_android_strings_with_numbered_arguments() {
        let zh = phone_messages(Locale::ZhHans, android_placeholder).unwrap();
        let find = |id: &str| zh.iter().find(|m| m.id == id).unwrap().text.clone();
        assert_eq!(find("refusal_wrong_state"), "%1$s当前为“%2$s”，不能%3$s");
        assert_eq!(find("case_category_pasture_boundary"), "草场边界纠纷");
        assert_eq!(
            argument_order("refusal_wrong_state").unwrap(),
            ["record", "state", "action"]
        );
        // English puts the arguments in another order; their numbers stay the Chinese ones.
        let en = phone_messages(Locale::En, android_placeholder).unwrap();
        let wrong = &en
            .iter()
            .find(|m| m.id == "refusal_wrong_state")
            .unwrap()
            .text;
        assert_eq!(wrong, "Cannot %3$s a %1$s that is %2$s");
        assert!(zh.iter().any(|m| m.id == "date_pattern" && !m.translatable));
        let mn = android_strings(Locale::MnMong).unwrap();
        assert!(mn.contains("<string name=\"org_kind_gacha\">ᠭᠠᠴᠠᠭᠠ</string>"));
        assert!(
            !mn.contains("case_category_pasture_boundary"),
            "falls back, not copied"
        );
        assert_eq!(
            android_escape("it's <b> & \"x\""),
            "it\\'s &lt;b&gt; &amp; \\\"x\\\""
        );
        assert_eq!(android_escape(", "), "\", \"");
        assert_eq!(android_escape("a b"), "a b");
    }

    #[test]
    fn android_templates_become_ios_values_for_the_keys_specifiers() {
        assert_eq!(ios_key_specifiers("archive.totals %lld %lf"), ["lld", "lf"]);
        assert_eq!(ios_key_specifiers("evaluation.rule %lld%%"), ["lld"]);
        assert!(ios_key_specifiers("case.add_note").is_empty());
        // Several arguments are numbered; the template's precision stays.
        assert_eq!(
            ios_value(
                "t",
                "本年 %1$d 次，共 %2$.1f 学时",
                "archive.totals %lld %lf"
            )
            .unwrap(),
            "本年 %1$lld 次，共 %2$.1lf 学时"
        );
        // The key's specifiers decide the conversion, the template's numbers the order.
        assert_eq!(
            ios_value("t", "%2$d 次：%1$s", "x %@ %lld").unwrap(),
            "%2$lld 次：%1$@"
        );
        // A lone argument is unnumbered, numbered or not in the template; `%%` stays.
        assert_eq!(
            ios_value("t", "达到 %1$d%% 的", "evaluation.rule %lld").unwrap(),
            "达到 %lld%% 的"
        );
        assert_eq!(ios_value("t", "开始：%s", "x %@").unwrap(), "开始：%@");
        assert_eq!(ios_value("t", "办理", "case.actions").unwrap(), "办理");
        let err = ios_value("sync_last", "上次同步 %1$s", "sync.last").unwrap_err();
        assert!(err.starts_with("sync_last:"), "{err}");
        let err = ios_value("two", "%1$s", "x %@ %lld").unwrap_err();
        assert!(
            err.starts_with("two:") && err.contains("1 argument"),
            "{err}"
        );
    }

    #[test]
    fn the_ios_apps_own_words_come_from_android_messages() {
        let zh = ios_own_entries(Locale::ZhHans).unwrap();
        let find = |k: &str| zh.iter().find(|(key, _)| key == k).unwrap().1.clone();
        assert_eq!(
            find("archive.totals %lld %lf"),
            "本年 %1$lld 次，共 %2$.1lf 学时"
        );
        // Two keys on one message.
        assert_eq!(find("case.actions"), find("request.actions"));
        assert_eq!(find("evaluation.votes_row %@ %lld"), "%1$@：%2$lld 票");
        assert!(ios_own_entries(Locale::MnMong).unwrap().is_empty());
    }
}
