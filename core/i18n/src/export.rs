//! The phones' resources, generated from the catalogue by `cargo xtask i18n` so the three
//! platforms cannot drift: each message of the phone surfaces ([`Surface::PHONES`]) in a
//! platform's format syntax, with its arguments numbered in one order for every locale.

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

/// `text` as Android's string resources need it: XML-escaped, quotes and a leading `@`/`?`
/// escaped with a backslash.
pub fn android_escape(text: &str) -> String {
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

/// The `strings.xml` of `locale`.
pub fn android_strings(locale: Locale) -> Result<String, String> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- Generated from core/i18n/locales by `cargo xtask i18n`: edit the .ftl files, not this. -->\n<resources>\n",
    );
    for m in phone_messages(locale, android_placeholder)? {
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
        assert_eq!(find("refusal_wrong_state"), "%1$s%2$s，不能%3$s");
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
    }
}
