//! The server's command line: what it prints must not leak the database password.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

#[test]
fn help_does_not_print_the_database_url_from_the_environment() {
    let secret = "s3cret-Pa55";
    for args in [&["--help"][..], &["serve", "--help"][..], &["-h"][..]] {
        let out = Command::new(env!("CARGO_BIN_EXE_steppe-server"))
            .args(args)
            .env(
                "STEPPE_DATABASE",
                format!("postgres://steppe:{secret}@db.internal/steppe"),
            )
            .env("STEPPE_WEB_PASSWORD", secret)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // The option itself is documented; only the value stays out.
        assert!(printed.contains("STEPPE_DATABASE"), "{args:?}: {printed}");
        assert!(!printed.contains(secret), "{args:?}: {printed}");
        assert!(!printed.contains("db.internal"), "{args:?}: {printed}");
    }
}

/// Runs `steppe-server --database DB ARGS…` with the shell asking for Chinese: its stdout, or
/// its stderr as the error. Either way, what it printed holds no English (see [`english_in`]).
fn zh(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new(env!("CARGO_BIN_EXE_steppe-server"))
        .current_dir(dir)
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("STEPPE_DATABASE")
        .env_remove("STEPPE_CONFIG")
        .env("RUST_LOG", "off")
        .arg("--database")
        .arg(dir.join("server.db"))
        .args(args)
        .output()
        .unwrap();
    let printed = String::from_utf8(if out.status.success() {
        out.stdout
    } else {
        out.stderr
    })
    .unwrap();
    let english = english_in(&printed, args, dir);
    assert!(
        english.is_empty(),
        "steppe-server {args:?} printed English {english:?}:\n{printed}"
    );
    if out.status.success() {
        Ok(printed)
    } else {
        Err(printed)
    }
}

fn ok(dir: &Path, args: &[&str]) -> String {
    zh(dir, args).unwrap_or_else(|e| panic!("steppe-server {args:?}: {e}"))
}

fn refused(dir: &Path, args: &[&str]) -> String {
    match zh(dir, args) {
        Ok(out) => panic!("steppe-server {args:?} was not refused: {out}"),
        Err(e) => e,
    }
}

/// Names an operator types or configures, which stay as written in every language: the
/// program, the products and encodings it names, its setting names and the page it points to.
const NAMES: &[&str] = &[
    "steppe-server",
    "Steppe",
    "PostgreSQL",
    "SQLite",
    "pg_dump",
    "pg_restore",
    "restored",
    "backup",
    "docs",
    "OPERATING",
    "md",
    "UTF-8",
    "GB18030",
    "http",
    "web",
    "metrics",
    "database",
    "listen",
    "metrics_listen",
    "replica_dir",
    "zh",
    "mn",
    "en",
    "lang",
    // The id of the server's own user (its name is worded: 系统).
    "system",
    // The keys of the test's roster files, which the import prints back.
    "ALS",
    "ALSY",
    "BYGL",
    "NOWHERE",
];

/// The English words in `printed`: runs of two or more Latin letters, leaving out ids (a
/// record's, a lineage's, an enrollment code), what the command line passed, the test's own
/// directory, schema versions (`V3__sessions`) and [`NAMES`], and the SQL `migrate --dry-run`
/// lists (indented four spaces: code, printed as it will run).
fn english_in(printed: &str, args: &[&str], dir: &Path) -> Vec<String> {
    // The database's path is on every command line; what was passed is left out word by word
    // (a password `long enough` leaves out `long` and `enough`, not every word inside them).
    let db = dir.join("server.db").display().to_string();
    let passed: Vec<&str> = args
        .iter()
        .copied()
        .chain([db.as_str()])
        .flat_map(tokens)
        .collect();
    let text: Vec<&str> = printed.lines().filter(|l| !l.starts_with("    ")).collect();
    let text = text.join("\n");
    let mut words = Vec::new();
    for token in tokens(&text) {
        let letters = token.chars().filter(|c| c.is_ascii_alphabetic()).count();
        let hex_id = token.len() >= 8 && token.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
        let version = token.starts_with('V') && token.contains("__");
        let code = token.len() >= 8
            && token
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
        if letters < 2
            || hex_id
            || version
            || code
            || NAMES.contains(&token)
            || passed.contains(&token)
        {
            continue;
        }
        words.push(token.to_string());
    }
    words
}

/// The words and names of `text`: runs of letters, digits, `-`, `_` and inner dots.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c)))
        .map(|t| t.trim_matches('.'))
}

/// Every command an operator runs, and the refusals they meet, in Chinese: a test of issue 16's
/// "no user-visible English with zh-Hans" for the server's command line.
#[test]
fn every_operator_command_speaks_chinese() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let out = ok(dir, &["migrate", "--dry-run"]);
    assert!(out.contains("将应用 V1__"), "{out}");
    ok(dir, &["migrate"]);
    assert!(ok(dir, &["migrate"]).contains("数据库结构已是最新"));
    let out = ok(dir, &["config-check"]);
    assert!(
        out.contains("（每次启动时重建）") && out.contains("配置无误"),
        "{out}"
    );

    std::fs::write(
        dir.join("orgs.csv"),
        "key,name,kind,parent,name_mn\nALS,阿拉善盟,盟,,ᠠᠯᠠᠱᠠ ᠠᠶᠢᠮᠠᠭ\nALSY,阿拉善右旗,banner,ALS,\nBYGL,巴彦高勒苏木,sumu,ALSY,\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("people.csv"),
        "name,org,status,role\n王立华,BYGL,正式党员,支部书记\n乌云,ALS,full,supervisor\n",
    )
    .unwrap();
    let files = ["import", "--orgs", "orgs.csv", "--people", "people.csv"];
    let plan = ok(dir, &[&files[..], &["--dry-run"]].concat());
    assert!(
        plan.contains("组织 ALS ") && plan.contains(" 将创建"),
        "{plan}"
    );
    let done = ok(dir, &files);
    assert!(
        done.contains("用户 王立华 ") && done.contains(" 已创建"),
        "{done}"
    );
    assert!(ok(dir, &files).contains(" 已存在"));
    let id_of = |key: &str| {
        done.lines()
            .find_map(|l| l.strip_prefix(&format!("组织 {key} ")))
            .and_then(|l| l.split(' ').next())
            .unwrap()
            .to_string()
    };
    let (league, sumu) = (id_of("ALS"), id_of("BYGL"));

    // A roster with bad rows is refused whole, each row worded.
    std::fs::write(
        dir.join("bad.csv"),
        "key,name,kind,parent\nX1,某地,县城,\nX2,某嘎查,gacha,\nX3,某旗,banner,NOWHERE\n",
    )
    .unwrap();
    let e = refused(dir, &["import", "--orgs", "bad.csv"]);
    for words in [
        "3 行有误，未导入任何内容",
        "组织表 第 2 行：未知的组织类型“县城”",
        "嘎查需要上级组织",
        "未知的上级“NOWHERE”",
    ] {
        assert!(e.contains(words), "{words}: {e}");
    }
    let e = refused(dir, &["import", "--orgs", "missing.csv"]);
    assert!(e.contains("无法读取 missing.csv：文件或目录不存在"), "{e}");

    // Users, roles and their refusals.
    let users = ok(dir, &["users"]);
    let wuyun = users
        .lines()
        .find(|l| l.contains("乌云"))
        .and_then(|l| l.split('\t').next())
        .unwrap()
        .to_string();
    assert!(users.contains(&format!("督导@{league}")), "{users}");
    let grant = [
        "role",
        "grant",
        "--user",
        &wuyun,
        "--role",
        &format!("管理员@{league}"),
    ];
    assert_eq!(ok(dir, &grant).trim(), "已更改");
    assert_eq!(ok(dir, &grant).trim(), "未改变");
    let e = refused(
        dir,
        &["role", "grant", "--user", &wuyun, "--role", "管理员"],
    );
    assert!(e.contains("--role 应写成 角色@组织"), "{e}");
    let nobody = "00000000-0000-4000-8000-000000000000";
    let e = refused(
        dir,
        &[
            "role",
            "grant",
            "--user",
            nobody,
            "--role",
            &format!("督导@{league}"),
        ],
    );
    assert!(e.contains("没有用户"), "{e}");
    let e = refused(
        dir,
        &[
            "user-add", "--name", "某人", "--org", &league, "--status", "退休",
        ],
    );
    assert!(e.contains("未知的党员状态“退休”"), "{e}");
    let e = refused(dir, &["org-add", "--name", "某地", "--kind", "县城"]);
    assert!(e.contains("未知的组织类型“县城”"), "{e}");
    let gacha = ok(
        dir,
        &[
            "org-add",
            "--name",
            "某嘎查",
            "--kind",
            "gacha",
            "--parent",
            &sumu,
        ],
    );
    assert!(
        ok(dir, &["user-add", "--name", "某人", "--org", gacha.trim()])
            .trim()
            .len()
            == 32
    );

    // The Mongolian name corrected, and the correction's refusals.
    let set = [
        "org-name-mn",
        "--org",
        &league,
        "--name-mn",
        "ᠠᠯᠠᠱᠠ ᠠᠶᠢᠮᠠᠭ ᠤᠨ",
    ];
    assert_eq!(ok(dir, &set).trim(), "已设置蒙古文名称");
    assert_eq!(ok(dir, &set).trim(), "蒙古文名称未改变");
    let e = refused(dir, &["org-name-mn", "--org", &league, "--name-mn", "Alxa"]);
    assert!(e.starts_with("错误："), "{e}");
    let e = refused(dir, &["org-name-mn", "--org", nobody, "--name-mn", "ᠠᠯᠠᠱᠠ"]);
    assert!(e.contains("没有这个组织"), "{e}");
    assert_eq!(
        ok(dir, &["org-name-mn", "--org", &league]).trim(),
        "已删除蒙古文名称"
    );
    let set = ["person-name-mn", "--user", &wuyun, "--name-mn", "ᠤᠶᠤᠨ"];
    assert_eq!(ok(dir, &set).trim(), "已设置蒙古文名称");
    let e = refused(
        dir,
        &["person-name-mn", "--user", &league, "--name-mn", "ᠤᠶᠤᠨ"],
    );
    assert!(e.contains("没有用户"), "a unit is not a person: {e}");

    // Devices, codes, passwords, bundles, backups.
    let code = ok(dir, &["enroll-code", &wuyun]);
    assert!(!code.trim().is_empty());
    // Only the server's own device (its bundles' signer), which never syncs.
    let devices = ok(dir, &["devices"]);
    assert!(
        devices.lines().all(|l| l.starts_with("system\t")) && devices.contains("从未同步"),
        "{devices}"
    );
    assert_eq!(ok(dir, &["refusals", "no-such-device"]).trim(), "");
    assert_eq!(
        ok(dir, &["revoke-device", "no-such-device"]).trim(),
        "没有这台设备"
    );
    let e = refused(dir, &["web-password", &wuyun, "--password", "short"]);
    assert!(e.contains("密码至少需要 8 个字符"), "{e}");
    let set = ok(dir, &["web-password", &wuyun, "--password", "long enough"]);
    assert!(set.contains("密码已设置"), "{set}");
    let out = ok(
        dir,
        &[
            "bundle",
            "export",
            "--org",
            &league,
            "--out",
            "league.bundle",
        ],
    );
    assert!(out.contains("条修改") && out.contains("字节"), "{out}");
    let e = refused(dir, &["bundle", "import", "league.bundle"]);
    assert!(e.contains("这是服务器发给手机的数据包"), "{e}");
    std::fs::write(dir.join("junk.bundle"), b"not a bundle at all").unwrap();
    let e = refused(dir, &["bundle", "import", "junk.bundle"]);
    assert!(e.contains("这不是 Steppe 的数据包文件"), "{e}");
    let e = refused(
        dir,
        &["bundle", "export", "--org", nobody, "--out", "x.bundle"],
    );
    assert!(e.contains("没有这个组织"), "{e}");
    let out = ok(dir, &["backup", "copy.db"]);
    assert!(out.contains("已备份"), "{out}");
    let out = ok(dir, &["restore", "copy.db"]);
    assert!(out.contains("请启动服务器"), "{out}");
    let out = ok(dir, &["restored"]);
    assert!(out.contains("新的数据谱系"), "{out}");
    assert_eq!(ok(dir, &["revoke-user", &wuyun]).trim(), "已吊销");
    assert!(ok(dir, &["users"]).contains("\t已吊销"));
    assert_eq!(ok(dir, &["revoke-user", nobody]).trim(), "没有这个用户");

    // And in English on request, for scripts.
    let out = Command::new(env!("CARGO_BIN_EXE_steppe-server"))
        .args(["--lang", "en", "--database"])
        .arg(dir.join("server.db"))
        .arg("users")
        .output()
        .unwrap();
    let users = String::from_utf8(out.stdout).unwrap();
    assert!(
        users.contains(&format!("supervisor@{league}")) && users.contains("\trevoked"),
        "{users}"
    );
}

/// `steppe-server ARGS…` with no language asked for (neither `LANG` nor `LC_*`): Chinese.
fn bare(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_steppe-server"))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("STEPPE_DATABASE")
        .env_remove("STEPPE_CONFIG")
        .env("RUST_LOG", "off")
        .args(args)
        .output()
        .unwrap()
}

/// What the help pages name as it is typed or configured, beyond [`NAMES`]: the formats and
/// protocols, the connection string's parameters, the roster's CSV columns and the defaults.
const HELP_NAMES: &[&str] = &[
    "postgres",
    "URL",
    "sslmode",
    "require",
    "verify-ca",
    "verify-full",
    "sslrootcert",
    "TLS",
    "PEM",
    "TOML",
    "HTTP",
    "HTTPS",
    "SIGTERM",
    "Ctrl-C",
    "SQL",
    "CSV",
    "OPERATING.md",
    "tls_cert",
    "tls_key",
    "key",
    "name",
    "kind",
    "parent",
    "org",
    "status",
    "role",
    "LANG",
    "steppe-server.db",
    "full",
];

/// The English words of a help page or a refusal: [`english_in`]'s scan of every line (the
/// help's own lines are indented too), leaving out flag names, metavariables (`<USER>`),
/// environment variables (`STEPPE_…`), what was typed and the names in `typed`.
fn help_english(printed: &str, typed: &[String]) -> Vec<String> {
    let metavariables: Vec<&str> = printed
        .split('<')
        .skip(1)
        .filter_map(|s| s.split_once('>').map(|(m, _)| m))
        .collect();
    tokens(printed)
        .filter(|t| t.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 2)
        .filter(|t| !t.starts_with('-') && !t.starts_with("STEPPE_"))
        .filter(|t| !NAMES.contains(t) && !HELP_NAMES.contains(t))
        .filter(|t| !metavariables.contains(t))
        .filter(|t| !typed.iter().any(|s| tokens(s).any(|w| w == *t)))
        .map(str::to_string)
        .collect()
}

/// A help page's command names (under `命令：`, without `help`) and every entry's signature
/// (`--user <USER>`, `<DEVICE>`) with whether Chinese help follows it.
fn help_entries(help: &str) -> (Vec<String>, Vec<(String, bool)>) {
    let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let mut commands = Vec::new();
    let mut entries: Vec<(String, bool)> = Vec::new();
    let mut heading = "";
    for line in help.lines() {
        if ["命令：", "参数：", "选项："].contains(&line) {
            heading = line;
            continue;
        }
        if heading.is_empty() || line.trim().is_empty() {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let body = line.trim_start();
        if indent <= 6 && (heading == "命令：" || body.starts_with(['-', '<', '['])) {
            let (signature, text) = body.split_once("  ").unwrap_or((body, ""));
            if heading == "命令：" && signature != "help" {
                commands.push(signature.to_string());
            }
            entries.push((signature.trim().to_string(), han(text)));
        } else if let Some(last) = entries.last_mut() {
            // The help on its own line, below a long signature.
            last.1 |= han(body);
        }
    }
    (commands, entries)
}

/// Every command of the server's command line, found from the root's help down, shows its help
/// in Chinese: each command and argument has its Chinese line, and nothing else is English but
/// what is typed as it is.
#[test]
fn every_command_s_help_reads_in_chinese() {
    let mut pages = Vec::new();
    let mut todo = vec![Vec::<String>::new()];
    while let Some(path) = todo.pop() {
        let args: Vec<&str> = path.iter().map(String::as_str).chain(["--help"]).collect();
        let run = bare(&args);
        assert!(run.status.success(), "steppe-server {args:?}: {run:?}");
        let help = String::from_utf8(run.stdout).unwrap();
        for sub in help_entries(&help).0 {
            todo.push([path.clone(), vec![sub]].concat());
        }
        pages.push((path, help));
    }
    assert!(pages.len() >= 25, "{} commands", pages.len());
    for want in [&["serve"][..], &["role", "grant"], &["bundle", "export"]] {
        assert!(pages.iter().any(|(p, _)| p == want), "{want:?} not reached");
    }
    let names: Vec<String> = pages.iter().flat_map(|(p, _)| p.clone()).collect();
    for (path, help) in &pages {
        assert!(
            help.lines()
                .next()
                .is_some_and(|l| l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))),
            "steppe-server {path:?} --help: its about line is not Chinese:\n{help}"
        );
        assert!(help.contains("\n用法：steppe-server"), "{help}");
        let (_, entries) = help_entries(help);
        let mut typed = names.clone();
        for (signature, chinese) in entries {
            assert!(
                chinese,
                "steppe-server {path:?} --help: {signature} has no Chinese help:\n{help}"
            );
            typed.push(signature);
        }
        let english = help_english(help, &typed);
        assert!(
            english.is_empty(),
            "steppe-server {path:?} --help shows English {english:?}:\n{help}"
        );
    }
}

/// What the parser refuses — a missing argument, an unknown flag, an unknown command — is
/// worded in Chinese with the command's usage, and exits 2 as clap does.
#[test]
fn what_the_parser_refuses_reads_in_chinese() {
    // The commands a tip names are typed as they are.
    let root = String::from_utf8(bare(&["--help"]).stdout).unwrap();
    let commands = help_entries(&root).0;
    let refused = |args: &[&str], says: &str| {
        let run = bare(args);
        assert_eq!(
            run.status.code(),
            Some(2),
            "steppe-server {args:?}: {run:?}"
        );
        let said = String::from_utf8(run.stderr).unwrap();
        assert!(said.starts_with("错误："), "{args:?}:\n{said}");
        assert!(said.contains(says), "{args:?}:\n{said}");
        let typed: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let english = help_english(&said, &[typed, commands.clone()].concat());
        assert!(
            english.is_empty(),
            "{args:?} refused in English {english:?}:\n{said}"
        );
        said
    };
    let said = refused(&["role", "grant", "--role", "督导"], "缺少以下必填参数");
    assert!(said.contains("用法：steppe-server role grant "), "{said}");
    refused(&["users", "--frob"], "无法识别的参数“--frob”");
    let said = refused(&["user"], "没有“user”这个子命令");
    assert!(said.contains("提示：有相近的子命令"), "{said}");
    refused(&["enroll-code", "not-an-id"], "应为记录编号");
    refused(&["serve", "--listen", "nowhere"], "应写成“地址:端口”");
}

/// With `--lang en` the help is clap's, worded by the definitions' doc comments: the English
/// lives there, not in the catalogue.
#[test]
fn with_lang_en_the_help_is_english() {
    let run = bare(&["--lang", "en", "role", "grant", "--help"]);
    assert!(run.status.success(), "{run:?}");
    let help = String::from_utf8(run.stdout).unwrap();
    assert!(
        help.starts_with("Grant the role") && help.contains("Usage: ") && help.contains("Options:"),
        "{help}"
    );
    assert!(!help_english(&help, &[]).is_empty(), "{help}");
    let run = bare(&["users", "--frob", "--lang=en"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("unexpected argument '--frob'"));
}
