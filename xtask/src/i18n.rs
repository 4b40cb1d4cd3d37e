//! `cargo xtask i18n`: what the catalogue covers per locale and surface, the phones' resources
//! generated from it (`--write`), and the checks CI runs (`--check`): the generated files are
//! current, and no screen file holds a user-visible literal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use steppe_i18n::export::{
    android_placeholder, android_strings, argument_order, ios_own_entries, ios_placeholder,
    phone_messages,
};
use steppe_i18n::{Catalogue, Locale, Surface};

use crate::root;

/// Android's resource directory for each locale: Chinese is the default (`values/`), so a
/// phone in any language the catalogue lacks reads Chinese, and so does every message a
/// translation lacks.
fn android_dir(locale: Locale) -> &'static str {
    match locale {
        Locale::ZhHans => "values",
        Locale::MnMong => "values-mn",
        Locale::En => "values-en",
    }
}

const MESSAGE_ARGS_KT: &str = "android/steppe/src/main/kotlin/org/steppe/screens/MessageArgs.kt";
const XCSTRINGS: &str = "ios/App/Resources/Localizable.xcstrings";
const MESSAGE_ARGS_SWIFT: &str = "ios/Sources/Steppe/ScreenModels/MessageArgs.swift";

/// Each shared phone message that takes arguments, with their names in the order its
/// placeholders are numbered.
fn message_args() -> Result<Vec<(String, Vec<String>)>> {
    let mut out = Vec::new();
    for m in phone_messages(Locale::ZhHans, android_placeholder).map_err(anyhow::Error::msg)? {
        if m.surface == Surface::Android {
            continue;
        }
        let order = argument_order(&m.id).map_err(anyhow::Error::msg)?;
        if !order.is_empty() {
            out.push((m.id, order));
        }
    }
    Ok(out)
}

/// The Swift table of [`message_args`], for `UiError.sentence`.
fn message_args_swift() -> Result<String> {
    let rows: Vec<String> = message_args()?
        .into_iter()
        .map(|(id, order)| {
            let names: Vec<String> = order.iter().map(|n| format!("\"{n}\"")).collect();
            format!("    \"{id}\": [{}],", names.join(", "))
        })
        .collect();
    Ok(format!(
        "// Generated from core/i18n/locales by `cargo xtask i18n`: edit the .ftl files, not this.\n\n\
         /// The argument names of each catalogue message that takes arguments, in the order its\n\
         /// placeholders (`%1$@`, `%2$@`…) are numbered in every locale.\n\
         public let MESSAGE_ARGS: [String: [String]] = [\n{}\n]\n",
        rows.join("\n")
    ))
}

/// The Kotlin table of each phone message's argument names, in the order its placeholders are
/// numbered.
fn message_args_kotlin() -> Result<String> {
    let rows: Vec<String> = message_args()?
        .into_iter()
        .map(|(id, order)| {
            let names: Vec<String> = order.iter().map(|n| format!("\"{n}\"")).collect();
            format!("    \"{id}\" to listOf({}),", names.join(", "))
        })
        .collect();
    Ok(format!(
        "// Generated from core/i18n/locales by `cargo xtask i18n`: edit the .ftl files, not this.\n\
         package org.steppe.screens\n\n\
         /** The argument names of each catalogue message that takes arguments, in the order its\n \
         * placeholders (`%1$s`, `%2$s`…) are numbered in every locale. */\n\
         val MESSAGE_ARGS: Map<String, List<String>> = mapOf(\n{}\n)\n",
        rows.join("\n")
    ))
}

const GENERATED: &str = "Generated from core/i18n/locales by `cargo xtask i18n --write`.";

/// Every entry the catalogue gives the iOS string catalogue, with its text in each locale that
/// has it: the shared messages (vocabularies, refusals) under their ids, and the app's own words
/// (the Android messages marked `# ios: <key>`) under the keys its SwiftUI code uses.
fn xcstrings_entries() -> Result<BTreeMap<String, BTreeMap<&'static str, String>>> {
    let mut entries: BTreeMap<String, BTreeMap<&str, String>> = BTreeMap::new();
    for &locale in Locale::ALL {
        for m in phone_messages(locale, ios_placeholder).map_err(anyhow::Error::msg)? {
            if m.surface != Surface::Android {
                entries
                    .entry(m.id)
                    .or_default()
                    .insert(locale.tag(), m.text);
            }
        }
    }
    let shared: Vec<String> = entries.keys().cloned().collect();
    for &locale in Locale::ALL {
        for (key, text) in ios_own_entries(locale).map_err(anyhow::Error::msg)? {
            if shared.contains(&key) {
                bail!("iOS key {key:?} is both a shared message and an `# ios:` comment");
            }
            entries.entry(key).or_default().insert(locale.tag(), text);
        }
    }
    Ok(entries)
}

/// The iOS string catalogue with every entry of [`xcstrings_entries`]. An entry the catalogue
/// does not give is kept as it is, for `--check` to name (see [`xcstrings_strays`]).
fn xcstrings(existing: &str) -> Result<String> {
    let mut doc: Value = serde_json::from_str(existing).context("Localizable.xcstrings")?;
    let strings = doc["strings"]
        .as_object_mut()
        .context("Localizable.xcstrings has no strings")?;
    for (key, texts) in xcstrings_entries()? {
        let localizations: serde_json::Map<String, Value> = texts
            .into_iter()
            .map(|(tag, text)| {
                (
                    tag.to_string(),
                    json!({ "stringUnit": { "state": "translated", "value": text } }),
                )
            })
            .collect();
        strings.insert(
            key,
            json!({
                "comment": GENERATED,
                "extractionState": "manual",
                "localizations": localizations,
            }),
        );
    }
    Ok(serde_json::to_string_pretty(&doc)? + "\n")
}

/// The keys of the iOS string catalogue `existing` that the catalogue does not give: entries
/// written by hand, which would drift from the other platforms.
fn xcstrings_strays(existing: &str) -> Result<Vec<String>> {
    let doc: Value = serde_json::from_str(existing).context("Localizable.xcstrings")?;
    let entries = xcstrings_entries()?;
    Ok(doc["strings"]
        .as_object()
        .context("Localizable.xcstrings has no strings")?
        .keys()
        .filter(|k| !entries.contains_key(*k))
        .cloned()
        .collect())
}

/// Every generated file and the text it should hold.
fn generated() -> Result<Vec<(PathBuf, String)>> {
    let root = root();
    let mut out = Vec::new();
    for &locale in Locale::ALL {
        out.push((
            root.join("android/app/src/main/res")
                .join(android_dir(locale))
                .join("strings.xml"),
            android_strings(locale).map_err(anyhow::Error::msg)?,
        ));
    }
    out.push((root.join(MESSAGE_ARGS_KT), message_args_kotlin()?));
    out.push((root.join(MESSAGE_ARGS_SWIFT), message_args_swift()?));
    let existing = std::fs::read_to_string(root.join(XCSTRINGS)).context(XCSTRINGS)?;
    out.push((root.join(XCSTRINGS), xcstrings(&existing)?));
    out.push((root.join(COVERAGE_REPORT), coverage_report()));
    Ok(out)
}

/// The committed coverage report: for each locale and surface, how much has its own words, and
/// exactly which — the translated ids where they are fewer, else the ids that show in Chinese.
const COVERAGE_REPORT: &str = "docs/i18n-coverage.md";

fn coverage_report() -> String {
    let mut out = String::from(
        "<!-- Generated by `cargo xtask i18n --write` from core/i18n/locales: edit the .ftl files, not this. -->\n\
         # What each language has its own words for\n\n\
         `zh-Hans` is complete and the default; a message another locale lacks is shown in Chinese.\n",
    );
    let catalogue = Catalogue::global();
    for c in catalogue.coverage() {
        if c.locale == Locale::ZhHans {
            continue;
        }
        out.push_str(&format!(
            "\n## {} · {}: {} of {}\n\n",
            c.locale.tag(),
            c.surface.file(),
            c.translated,
            c.total
        ));
        if c.elsewhere > 0 {
            out.push_str(&format!(
                "Not counted: {} messages of the command lines' help and clap's own words \
                 (`cli_help…`, `op_help…`, `clap_…`), whose English is the commands' doc comments \
                 and clap's text, not the catalogue's.\n\n",
                c.elsewhere
            ));
        }
        let translated: Vec<&str> = catalogue.ids(c.locale, c.surface).collect();
        if c.missing.is_empty() {
            out.push_str("All its own.\n");
        } else if translated.is_empty() {
            out.push_str("None: every message shows in Chinese.\n");
        } else if translated.len() <= c.missing.len() {
            out.push_str("Its own words for these; every other message shows in Chinese:\n\n");
            for id in translated {
                out.push_str(&format!("- `{id}`\n"));
            }
        } else {
            out.push_str("Its own words for all but these, which show in Chinese:\n\n");
            for id in &c.missing {
                out.push_str(&format!("- `{id}`\n"));
            }
        }
    }
    out
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || steppe_i18n::is_mongolian_letter(c)
}

/// String literals with Chinese or Mongolian in them, outside tests: words a person reads,
/// compiled in.
fn literals(file: &Path) -> usize {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let mut count = 0;
    let mut in_str = false;
    let mut has = false;
    let mut escaped = false;
    let mut after_cfg_test = false;
    for line in text.lines() {
        let code = line.trim_start();
        // A test module stands last in a file: its literals are inputs, not words shown.
        if after_cfg_test && code.starts_with("mod ") {
            break;
        }
        after_cfg_test = code == "#[cfg(test)]";
        if code.starts_with("//") || code.starts_with("///") || code.starts_with("//!") {
            continue;
        }
        for c in line.chars() {
            if in_str {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_str = false;
                    count += usize::from(has);
                } else if is_han(c) {
                    has = true;
                }
            } else if c == '"' {
                in_str = true;
                has = false;
            }
        }
        in_str = false;
    }
    count
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

/// The screen files of each surface: what renders text for people.
fn screen_files() -> Vec<(&'static str, PathBuf)> {
    let root = root();
    let mut out = Vec::new();
    for (surface, dir, ext) in [
        ("Compose", "android/app/src/main/kotlin", "kt"),
        ("screen models", "android/steppe/src/main/kotlin", "kt"),
        ("SwiftUI", "ios/App/Sources", "swift"),
        ("screen models", "ios/Sources", "swift"),
        ("web pages (maud)", "server/src/web", "rs"),
        ("CLI", "core/cli/src", "rs"),
    ] {
        let mut found = Vec::new();
        files(&root.join(dir), ext, &mut found);
        found.sort();
        out.extend(found.into_iter().map(|f| (surface, f)));
    }
    out
}

/// The literals each CLI file still holds, as of the catalogue's introduction: a file may only
/// go down (`--check` fails if one grows); the phone surfaces and the web pages hold none.
fn baseline() -> Result<BTreeMap<String, usize>> {
    let path = root().join("core/i18n/literals-baseline.json");
    let text = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
    Ok(serde_json::from_str(&text)?)
}

pub fn run(write: bool, check: bool, write_baseline: bool) -> Result<()> {
    let catalogue = Catalogue::global();
    println!("catalogue coverage (messages with their own text / messages in zh-Hans):");
    for c in catalogue.coverage() {
        println!(
            "  {:8} {:15} {:>4}/{:<4} {:>5.1}%{}",
            c.locale.tag(),
            c.surface.file(),
            c.translated,
            c.total,
            100.0 * c.translated as f64 / c.total.max(1) as f64,
            if c.elsewhere > 0 {
                format!(
                    "  (+{} whose English is in the command definitions and clap)",
                    c.elsewhere
                )
            } else if c.missing.is_empty() || c.locale == Locale::En {
                String::new()
            } else {
                "  (the rest shows in Chinese)".into()
            }
        );
    }
    let root = root();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut per_surface: BTreeMap<&str, usize> = BTreeMap::new();
    for (surface, file) in screen_files() {
        let n = literals(&file);
        *per_surface.entry(surface).or_default() += n;
        if n > 0 {
            let rel = file
                .strip_prefix(&root)
                .unwrap_or(&file)
                .display()
                .to_string();
            counts.insert(rel, n);
        }
    }
    println!("string literals with Chinese or Mongolian words still in source, per surface:");
    for (surface, n) in &per_surface {
        println!("  {surface:18} {n}");
    }
    if write_baseline {
        let path = root.join("core/i18n/literals-baseline.json");
        std::fs::write(&path, serde_json::to_string_pretty(&counts)? + "\n")?;
        println!("wrote {}", path.display());
    }
    let files = generated()?;
    if write {
        for (path, text) in &files {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(path, text)?;
            println!("wrote {}", path.display());
        }
    }
    if check {
        let mut problems = Vec::new();
        for (path, text) in &files {
            if std::fs::read_to_string(path).ok().as_deref() != Some(text.as_str()) {
                problems.push(format!(
                    "{} is not what the catalogue generates: run `cargo xtask i18n --write`",
                    path.display()
                ));
            }
        }
        let existing = std::fs::read_to_string(root.join(XCSTRINGS)).context(XCSTRINGS)?;
        for key in xcstrings_strays(&existing)? {
            problems.push(format!(
                "{XCSTRINGS}: {key:?} is not generated: put its words in core/i18n/locales/zh-Hans/android.ftl with an `# ios: {key}` line"
            ));
        }
        let allowed = baseline()?;
        for (file, n) in &counts {
            // Strict: the phones' screens and screen models, and the web pages (maud); only the
            // CLI still holds words under its baseline.
            let strict = !file.starts_with("core/cli/");
            let limit = if strict {
                0
            } else {
                allowed.get(file).copied().unwrap_or(0)
            };
            if *n > limit {
                problems.push(format!(
                    "{file}: {n} literal(s) with words people read (at most {limit}): move them into core/i18n/locales"
                ));
            }
        }
        if !problems.is_empty() {
            bail!("i18n check failed:\n  {}", problems.join("\n  "));
        }
        println!("i18n check: generated resources current, no new literals");
    }
    Ok(())
}
