//! `steppe`'s own words — every command's `--help` and what its parser refuses — in Chinese
//! when the shell asks for no language (issue 16: no user-visible English with zh-Hans), and in
//! English with `--lang en`. The commands are enumerated from the tool itself: the root's help
//! lists its commands, each group's help lists its own, down to every leaf.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed step is a failed test

mod common;

use std::process::{Command, Output};

/// The English words in `printed` (see [`common::english_in`]) other than flag names, which are
/// typed as they are, and metavariables (`<ID>`).
fn english_in(printed: &str, typed: &[&str]) -> Vec<String> {
    let metavariables: Vec<&str> = printed
        .split('<')
        .skip(1)
        .filter_map(|s| s.split_once('>').map(|(m, _)| m))
        .collect();
    common::english_in(printed, &[typed, &metavariables].concat())
        .into_iter()
        .filter(|w| !w.starts_with('-'))
        .collect()
}

/// What reads as typed in any language: the values the help names (defaults, language codes),
/// the environment variables, and the formats and protocols. Flag names, metavariables and
/// command names are read off each page itself.
const TYPED: &[&str] = &[
    "steppe.db",
    "cli",
    "full",
    "organisational_life",
    "zh",
    "mn",
    "en",
    "STEPPE_DB",
    "JSON",
    "TCP",
];

/// `steppe ARGS…` with no language asked for (neither `LANG` nor `LC_*`): Chinese.
fn steppe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_steppe"))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("STEPPE_DB")
        .env("RUST_LOG", "off")
        .args(args)
        .output()
        .expect("run steppe")
}

/// One entry of a help page's section: its signature (`-h, --help`, `--db <DB>`, `<ID>`, a
/// command's name) and the text that follows it.
struct Entry {
    signature: String,
    text: String,
}

/// A help page's sections by heading (`命令：`, `参数：`, `选项：`), and its usage line.
struct Page {
    usage: String,
    sections: Vec<(String, Vec<Entry>)>,
}

fn page(help: &str) -> Page {
    let mut usage = String::new();
    let mut sections: Vec<(String, Vec<Entry>)> = Vec::new();
    for line in help.lines() {
        if let Some(u) = line.strip_prefix("用法：") {
            usage = u.to_string();
        } else if ["命令：", "参数：", "选项："].contains(&line) {
            sections.push((line.to_string(), Vec::new()));
        } else if line.trim().is_empty() {
            continue;
        } else if let Some((heading, entries)) = sections.last_mut() {
            let indent = line.len() - line.trim_start().len();
            let body = line.trim_start();
            // A new entry starts at the left (two spaces, six for a long flag without a short
            // one); a deeper line continues the entry above (help printed on its own line).
            let starts = indent <= 6 && (heading == "命令：" || body.starts_with(['-', '<', '[']))
                || entries.is_empty();
            if starts {
                let (signature, text) = body.split_once("  ").unwrap_or((body, ""));
                entries.push(Entry {
                    signature: signature.trim().to_string(),
                    text: text.trim().to_string(),
                });
            } else if let Some(last) = entries.last_mut() {
                last.text.push(' ');
                last.text.push_str(body);
            }
        }
    }
    Page { usage, sections }
}

fn has_han(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Every command path of the tree (the root as `[]`) with its `--help`, walked from the root's
/// command list down.
fn walk() -> Vec<(Vec<String>, String)> {
    let mut out = Vec::new();
    let mut todo = vec![Vec::<String>::new()];
    while let Some(path) = todo.pop() {
        let args: Vec<&str> = path.iter().map(String::as_str).chain(["--help"]).collect();
        let run = steppe(&args);
        assert!(run.status.success(), "steppe {args:?}: {run:?}");
        let help = String::from_utf8(run.stdout).unwrap();
        for (heading, entries) in page(&help).sections {
            if heading == "命令：" {
                for e in entries.iter().filter(|e| e.signature != "help") {
                    let mut sub = path.clone();
                    sub.push(e.signature.clone());
                    todo.push(sub);
                }
            }
        }
        out.push((path, help));
    }
    out
}

#[test]
fn every_command_s_help_reads_in_chinese() {
    let pages = walk();
    let names: Vec<String> = pages.iter().flat_map(|(p, _)| p.clone()).collect();
    let groups = pages
        .iter()
        .filter(|(_, h)| h.contains("\n命令：\n"))
        .count();
    let leaves = pages.len() - groups;
    // The root and its groups, and every leaf below them (87 as of writing).
    assert!(
        groups >= 2 && leaves >= 80,
        "{groups} groups, {leaves} commands"
    );
    for want in [
        &["case", "open"][..],
        &["dual", "assess"],
        &["check-in"],
        &["demo"],
    ] {
        assert!(
            pages.iter().any(|(p, _)| p == want),
            "{want:?} not reached from the root's help"
        );
    }
    for (path, help) in &pages {
        let p = page(help);
        assert!(
            help.lines().next().is_some_and(has_han),
            "steppe {path:?} --help: its about line is not Chinese:\n{help}"
        );
        assert!(
            p.usage.starts_with("steppe"),
            "steppe {path:?} --help has no 用法 line:\n{help}"
        );
        assert!(
            p.sections.iter().any(|(h, _)| h == "选项："),
            "steppe {path:?} --help:\n{help}"
        );
        // Flag names, metavariables and command names are typed as they are.
        let mut typed: Vec<String> = TYPED.iter().map(|t| t.to_string()).collect();
        typed.extend(names.iter().cloned());
        typed.push(p.usage.clone());
        for (heading, entries) in &p.sections {
            for e in entries {
                assert!(
                    has_han(&e.text),
                    "steppe {path:?} --help: {heading} {} has no Chinese help:\n{help}",
                    e.signature
                );
                typed.push(e.signature.clone());
            }
        }
        let typed: Vec<&str> = typed.iter().map(String::as_str).collect();
        let english = english_in(help, &typed);
        assert!(
            english.is_empty(),
            "steppe {path:?} --help shows English {english:?}:\n{help}"
        );
    }
}

#[test]
fn the_help_subcommand_and_mongolian_show_the_same_chinese_pages() {
    let flag = steppe(&["case", "open", "--help"]);
    for other in [
        &["help", "case", "open"][..],
        &["case", "help", "open"],
        &["--lang", "mn", "case", "open", "--help"],
    ] {
        let run = steppe(other);
        assert!(run.status.success(), "steppe {other:?}: {run:?}");
        assert_eq!(
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&flag.stdout),
            "steppe {other:?}"
        );
    }
}

#[test]
fn the_help_subcommand_s_own_page_reads_in_chinese() {
    let run = steppe(&["help", "help"]);
    assert!(run.status.success(), "{run:?}");
    let help = String::from_utf8(run.stdout).unwrap();
    assert!(
        help.contains("用法：steppe help [选项] [命令]..."),
        "{help}"
    );
    let english = english_in(
        &help,
        &[TYPED, &["help", "--db <DB>", "--lang <LANG>"]].concat(),
    );
    assert!(english.is_empty(), "{english:?}\n{help}");
}

#[test]
fn with_lang_en_the_help_is_clap_s_english() {
    for args in [
        &["--lang", "en", "--help"][..],
        &["case", "open", "--help", "--lang=en"],
    ] {
        let run = steppe(args);
        assert!(run.status.success(), "steppe {args:?}: {run:?}");
        let help = String::from_utf8(run.stdout).unwrap();
        assert!(help.contains("Usage: "), "{help}");
        assert!(help.contains("Print help"), "{help}");
        assert!(!help.contains("用法"), "{help}");
        assert!(!english_in(&help, &[]).is_empty(), "{help}");
    }
    let help = String::from_utf8(steppe(&["--lang", "en", "sync", "--help"]).stdout).unwrap();
    assert!(
        help.contains("Sync an enrolled store with its server"),
        "{help}"
    );
    let run = steppe(&["--lang", "en", "sync", "--frob"]);
    assert_eq!(run.status.code(), Some(2));
    let said = String::from_utf8(run.stderr).unwrap();
    assert!(said.contains("unexpected argument '--frob'"), "{said}");
}

/// A refusal of the parser: exit code 2, and in Chinese with the usage of the command.
fn refused(args: &[&str], says: &str) -> String {
    let run = steppe(args);
    assert_eq!(run.status.code(), Some(2), "steppe {args:?}: {run:?}");
    let said = String::from_utf8(run.stderr).unwrap();
    assert!(said.starts_with("错误："), "steppe {args:?}:\n{said}");
    assert!(said.contains(says), "steppe {args:?}:\n{said}");
    // What was typed comes back as typed, and so do the usage's flags and metavariables.
    let usage: Vec<&str> = said.lines().filter(|l| l.starts_with("用法：")).collect();
    let english = english_in(&said, &[args, &usage, &["case"]].concat());
    assert!(
        english.is_empty(),
        "steppe {args:?} refused in English {english:?}:\n{said}"
    );
    said
}

#[test]
fn what_the_parser_refuses_reads_in_chinese() {
    let said = refused(&["case", "open", "--place", "草场"], "缺少以下必填参数");
    assert!(said.contains("--category <CATEGORY>"), "{said}");
    assert!(said.contains("用法：steppe case open "), "{said}");
    refused(&["sync", "--frob"], "无法识别的参数“--frob”");
    let said = refused(&["cas"], "没有“cas”这个子命令");
    assert!(said.contains("提示：有相近的子命令“case”"), "{said}");
    refused(&["show", "not-an-id"], "应为记录编号");
    refused(&["archive", "--year", "soon"], "应为整数");
    refused(&["help", "nowhere"], "没有“nowhere”这个子命令");
    // A group without its command shows the group's help, as a refusal.
    let run = steppe(&["case"]);
    assert_eq!(run.status.code(), Some(2));
    let said = String::from_utf8(run.stderr).unwrap();
    assert!(said.contains("用法：steppe case [选项] <命令>"), "{said}");
}
