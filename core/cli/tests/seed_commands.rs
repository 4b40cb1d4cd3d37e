//! The `steppe` binary over a real store file: the seed's practices from the command line — a
//! village's lists and public board, a supervisor's finding, a member's evaluation, and the
//! 双报到 figures — with a rule's refusal as a failing exit and a message.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed step is a failed test

mod common;

use std::path::Path;
use std::process::Command;

use common::english_in;

/// Runs `steppe --db DB ARGS…` in Chinese (`LANG=zh_CN.UTF-8`); its stdout, or its stderr as
/// the error. Either way what it printed holds no English (see [`english_in`]).
fn steppe(db: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new(env!("CARGO_BIN_EXE_steppe"))
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run steppe");
    let printed = String::from_utf8(if out.status.success() {
        out.stdout
    } else {
        out.stderr
    })
    .unwrap();
    let db_path = db.display().to_string();
    let english = english_in(&printed, &[args, &[db_path.as_str()]].concat());
    assert!(
        english.is_empty(),
        "steppe {args:?} printed English {english:?}:\n{printed}"
    );
    if out.status.success() {
        Ok(printed.trim().to_string())
    } else {
        Err(printed)
    }
}

#[test]
fn the_demo_speaks_chinese_and_english_on_request() {
    let run = |lang: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_steppe"))
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .arg("demo")
            .output()
            .expect("run steppe demo");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let zh = run("zh_CN.UTF-8");
    // The demo's own temporary directory is the one thing it prints that is not words.
    let words: Vec<String> = english_in(&zh, &[])
        .into_iter()
        .filter(|w| !w.starts_with("tmp"))
        .collect();
    assert!(
        words.is_empty(),
        "English in the Chinese demo: {words:?}\n{zh}"
    );
    assert!(zh.contains("演示完成。"), "{zh}");
    let en = run("en_US.UTF-8");
    assert!(en.contains("Done."), "{en}");
    assert!(en.contains("1. Organisation tree"), "{en}");
}

fn ok(db: &Path, args: &[&str]) -> String {
    steppe(db, args).unwrap_or_else(|e| panic!("steppe {args:?}: {e}"))
}

/// A new store for `user`, with a district, a street and a community: their ids.
fn district(db: &Path, user: &str) -> (String, String, String) {
    ok(db, &["init", "--name", user]);
    let district = ok(db, &["org", "add", "--name", "海南区", "--kind", "区"]);
    let street = ok(
        db,
        &[
            "org",
            "add",
            "--name",
            "拉僧仲街道",
            "--kind",
            "street",
            "--parent",
            &district,
        ],
    );
    let community = ok(
        db,
        &[
            "org",
            "add",
            "--name",
            "民乐社区",
            "--kind",
            "community",
            "--parent",
            &street,
        ],
    );
    (district, street, community)
}

#[test]
fn lists_board_finding_evaluation_and_dual_registration() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let (district, _, community) = district(&db, "书记 阿拉坦");
    let me = ok(
        &db,
        &[
            "person",
            "add",
            "--name",
            "在职党员 巴图",
            "--org",
            &community,
        ],
    );
    let unit = ok(
        &db,
        &[
            "org",
            "add",
            "--name",
            "区税务局党支部",
            "--kind",
            "机关事业单位党组织",
            "--parent",
            &district,
        ],
    );
    ok(
        &db,
        &[
            "person",
            "add",
            "--name",
            "书记 阿拉坦",
            "--org",
            &community,
            "--me",
        ],
    );

    let list = ok(
        &db,
        &[
            "affairs",
            "create",
            "--village",
            &community,
            "--kind",
            "权力服务清单",
            "--year",
            "2026",
        ],
    );
    let item = ok(&db, &["affairs", "item", &list, "高龄津贴申请", "--public"]);
    ok(&db, &["affairs", "item", &list, "党员发展初审"]);
    ok(&db, &["affairs", "done", &list, &item]);
    let notice = ok(
        &db,
        &[
            "notice",
            "draft",
            "--village",
            &community,
            "--category",
            "finance",
            "--title",
            "三季度财务收支",
            "--body",
            "收入十二万元",
        ],
    );
    ok(&db, &["notice", "publish", &notice]);
    let board = ok(&db, &["affairs", "board", "--village", &community]);
    assert!(board.contains("财务公开：三季度财务收支"), "{board}");
    assert!(board.contains("高龄津贴申请  已完成"), "{board}");
    assert!(!board.contains("党员发展初审"), "not public: {board}");

    let finding = ok(
        &db,
        &[
            "finding",
            "record",
            "--village",
            &community,
            "--lens",
            "民情监督",
            "低保名单未公示",
        ],
    );
    let err = steppe(&db, &["finding", "conclude", &finding, "rectified"]).unwrap_err();
    assert!(
        err.contains("等待支部答复"),
        "concluded before an answer: {err}"
    );
    ok(&db, &["finding", "answer", &finding, "已公示"]);
    ok(&db, &["finding", "conclude", &finding, "已整改"]);
    assert!(ok(&db, &["finding", "list", "--village", &community]).contains("已整改"));

    let member = ok(
        &db,
        &["person", "add", "--name", "党员 乌兰", "--org", &community],
    );
    let e = ok(
        &db,
        &[
            "evaluation",
            "open",
            "--branch",
            &community,
            "--member",
            &member,
            "--year",
            "2026",
        ],
    );
    let err = steppe(&db, &["evaluation", "self-assess", &e, "代写"]).unwrap_err();
    assert!(err.contains("个人自评只能由党员本人填写"), "{err}");
    assert!(
        steppe(
            &db,
            &[
                "evaluation",
                "open",
                "--branch",
                &community,
                "--member",
                &member,
                "--year",
                "2026"
            ]
        )
        .is_err(),
        "one evaluation per member and year"
    );
    ok(&db, &["evaluation", "assess", &e, "工作积极"]);
    ok(&db, &["evaluation", "votes", &e, "excellent=3", "合格=9"]);
    let err = steppe(&db, &["evaluation", "result", &e]).unwrap_err();
    assert!(err.contains("等待个人自评"), "awaiting it: {err}");

    ok(
        &db,
        &[
            "dual",
            "register",
            "--community",
            &community,
            "--unit",
            &unit,
            "--year",
            "2026",
        ],
    );
    ok(
        &db,
        &[
            "dual",
            "register",
            "--community",
            &community,
            "--unit",
            &unit,
            "--member",
            &me,
            "--year",
            "2026",
        ],
    );
    let contract = ok(
        &db,
        &[
            "dual",
            "contract",
            "--community",
            &community,
            "--unit",
            &unit,
            "--year",
            "2026",
        ],
    );
    ok(
        &db,
        &[
            "dual",
            "commit",
            &contract,
            "--heading",
            "组织联建",
            "结对共建",
        ],
    );
    let figures = ok(
        &db,
        &["dual", "figures", "--root", &district, "--year", "2026"],
    );
    assert!(figures.contains("报到单位党组织 1 个"), "{figures}");
    assert!(figures.contains("双报告 0 名"), "{figures}");
    for (org, grade) in [(&unit, "优秀"), (&community, "qualified")] {
        ok(
            &db,
            &[
                "dual",
                "report",
                &me,
                "--org",
                org,
                "--year",
                "2026",
                "全年服务 12 次",
            ],
        );
        ok(
            &db,
            &["dual", "assess", &me, "--org", org, "--year", "2026", grade],
        );
    }
    let figures = ok(
        &db,
        &["dual", "figures", "--root", &district, "--year", "2026"],
    );
    assert!(figures.contains("双报告 1 名，双考核 1 名"), "{figures}");
    assert!(figures.contains("报到在职党员 1 名"), "{figures}");
    assert!(
        figures.contains("共建契约 1 份（未签契约的报到单位 0 个）"),
        "{figures}"
    );
}

#[test]
fn meetings_with_their_parties_talks_and_instructors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let (_, _, community) = district(&db, "社区书记");
    let grid = ok(
        &db,
        &[
            "org",
            "add",
            "--name",
            "第一网格",
            "--kind",
            "网格",
            "--parent",
            &community,
        ],
    );
    let branch = ok(
        &db,
        &[
            "org",
            "add",
            "--name",
            "第一网格党支部",
            "--kind",
            "grid_branch",
            "--parent",
            &community,
        ],
    );
    let instructor = ok(
        &db,
        &[
            "person",
            "add",
            "--name",
            "王指导员",
            "--org",
            &community,
            "--role",
            &format!("instructor@{grid}"),
        ],
    );

    let err = steppe(
        &db,
        &[
            "joint",
            "record",
            "--community",
            &community,
            "--party",
            "community_committee=书记",
            "--party",
            "property_company=经理",
            "--topic",
            "停车难",
        ],
    )
    .unwrap_err();
    assert!(err.contains("须写明三方参加人"), "{err}");
    let meeting = ok(
        &db,
        &[
            "joint",
            "record",
            "--community",
            &community,
            "--party",
            "社区党委=书记",
            "--party",
            "物业公司=经理",
            "--party",
            "业主委员会=",
            "--topic",
            "停车难",
            "--with",
            "居民代表",
        ],
    );
    ok(&db, &["joint", "decide", &meeting, "施划停车线"]);

    let life = ok(
        &db,
        &[
            "orglife",
            "record",
            "--branch",
            &branch,
            "--held-at",
            "2026-11-20 15:00",
        ],
    );
    ok(
        &db,
        &["orglife", "item", &life, "talk", "书记与三名党员谈心"],
    );
    ok(
        &db,
        &[
            "orglife",
            "attend",
            &life,
            "instructor",
            "王指导员",
            "--person",
            &instructor,
        ],
    );
    let rectify = ok(
        &db,
        &[
            "orglife",
            "rectify",
            &life,
            "补齐学习记录",
            "--owner",
            "组织委员",
            "--due",
            "2026-12-20",
        ],
    );
    ok(&db, &["orglife", "complete", &life, &rectify]);
    let listed = ok(&db, &["orglife", "list", "--branch", &branch]);
    assert!(listed.contains("整改 0 项未完成、1 项已完成"), "{listed}");
}

#[test]
fn programmes_petitions_and_red_stations() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let (district, _, community) = district(&db, "党校书记");
    let me = ok(
        &db,
        &[
            "person",
            "add",
            "--name",
            "党校书记",
            "--org",
            &community,
            "--me",
            "--role",
            &format!("secretary@{district}"),
        ],
    );
    assert!(!me.is_empty());
    let school = ok(
        &db,
        &[
            "org",
            "add",
            "--name",
            "海南区基层党校",
            "--kind",
            "party_school",
            "--parent",
            &district,
        ],
    );
    let programme = ok(
        &db,
        &[
            "programme",
            "plan",
            "--school",
            &school,
            "--title",
            "乡村振兴专题培训班",
            "--theme",
            "乡村振兴",
            "--year",
            "2026",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-05",
        ],
    );
    let course = ok(
        &db,
        &[
            "course",
            "add",
            "--school",
            &school,
            "--title",
            "游学阿拉善",
            "--topic",
            "rural_revitalisation",
        ],
    );
    ok(
        &db,
        &["programme", "course", &course, "--programme", &programme],
    );
    let listed = ok(
        &db,
        &["programme", "list", "--school", &school, "--year", "2026"],
    );
    assert!(
        listed.contains("乡村振兴专题培训班") && listed.contains("课程 1 门"),
        "{listed}"
    );

    let petition = ok(
        &db,
        &[
            "petition",
            "receive",
            "--village",
            &community,
            "--petitioner",
            "居民 马秀英",
            "供暖不热",
        ],
    );
    let err = steppe(
        &db,
        &["petition", "conclude", &petition, "--satisfied", "办结"],
    )
    .unwrap_err();
    assert!(err.contains("等待答复"), "{err}");
    ok(
        &db,
        &[
            "petition",
            "step",
            &petition,
            "forwarded",
            "转热力公司",
            "--to",
            "热力公司",
        ],
    );
    ok(
        &db,
        &["petition", "step", &petition, "答复群众", "已调整阀门"],
    );
    ok(
        &db,
        &["petition", "conclude", &petition, "--satisfied", "群众满意"],
    );
    let figures = ok(
        &db,
        &["petition", "figures", "--root", &district, "--year", "2026"],
    );
    assert!(
        figures.contains("受理 1 件 · 办结 1 件（只跑一次 1 件）"),
        "{figures}"
    );

    let station = ok(
        &db,
        &[
            "org",
            "add",
            "--name",
            "佳和小区红色驿站",
            "--kind",
            "红色驿站",
            "--parent",
            &community,
        ],
    );
    ok(&db, &["station", "serve", &station, "应急药品"]);
    ok(
        &db,
        &[
            "station",
            "serve",
            &station,
            "health_check",
            "--people",
            "12",
        ],
    );
    let stations = ok(
        &db,
        &["station", "figures", "--root", &district, "--year", "2026"],
    );
    assert!(
        stations.contains("佳和小区红色驿站  服务 2 次 · 服务群众 13 人次"),
        "{stations}"
    );
}

#[test]
fn people_are_listed_by_pinyin_in_mongolian_and_english_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let (_, _, community) = district(&db, "社区书记");
    let mut ids = Vec::new();
    for name in ["张三", "阿拉坦", "巴特尔"] {
        ids.push(ok(
            &db,
            &["person", "add", "--name", name, "--org", &community],
        ));
    }
    // A person's name in Mongolian script, under the same check as a unit's.
    assert_eq!(
        ok(&db, &["person", "name-mn", &ids[2], "ᠪᠠᠭᠠᠲᠤᠷ"]),
        "已记录"
    );
    let err = steppe(&db, &["person", "name-mn", &ids[2], "Baatar"]).unwrap_err();
    assert!(err.contains("须用传统蒙古文书写"), "{err}");
    // The community's name in Mongolian script; one in another script is refused.
    ok(&db, &["org", "name-mn", &community, "ᠬᠣᠲᠠ"]);
    assert!(ok(&db, &["org", "tree"]).contains("ᠬᠣᠲᠠ"));
    let err = steppe(&db, &["org", "name-mn", &community, "Хот"]).unwrap_err();
    assert!(err.contains("须用传统蒙古文书写"), "{err}");
    let listed = ok(&db, &["person", "list", &community]);
    let positions: Vec<usize> = ["阿拉坦", "巴特尔", "张三"]
        .iter()
        .map(|n| listed.find(n).unwrap())
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "a before ba before zhang: {listed}"
    );
    // In Mongolian the status word the catalogue lacks is Chinese; in English it is English.
    let out = Command::new(env!("CARGO_BIN_EXE_steppe"))
        .args(["--lang", "en", "--db"])
        .arg(&db)
        .args(["person", "list", &community])
        .output()
        .unwrap();
    let en = String::from_utf8(out.stdout).unwrap();
    assert!(en.contains("Full"), "{en}");
    let out = Command::new(env!("CARGO_BIN_EXE_steppe"))
        .args(["--lang", "mn", "--db"])
        .arg(&db)
        .args(["person", "list", &community])
        .output()
        .unwrap();
    let mn = String::from_utf8(out.stdout).unwrap();
    assert!(mn.contains("正式党员"), "{mn}");
}

/// What the command line itself refuses (no store yet, an unknown word, a time or a tally in
/// another form) is said in Chinese, naming what was typed.
#[test]
fn what_the_command_line_refuses_is_said_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let e = steppe(&db, &["org", "tree"]).unwrap_err();
    assert!(e.contains("请先运行 steppe init"), "{e}");
    district(&db, "书记");
    let e = steppe(&db, &["org", "add", "--name", "某地", "--kind", "县城"]).unwrap_err();
    assert!(e.contains("未知的组织类型“县城”"), "{e}");
    let nothing = "00000000000000000000000000000000";
    let e = steppe(
        &db,
        &[
            "course",
            "session",
            nothing,
            "--at",
            "明天上午",
            "--venue",
            "党员活动室",
        ],
    )
    .unwrap_err();
    assert!(
        e.contains("时间应写成“2026-12-01 09:30”这样，而不是“明天上午”"),
        "{e}"
    );
    let e = steppe(&db, &["evaluation", "votes", nothing, "优秀"]).unwrap_err();
    assert!(e.contains("计票应写成 等次=票数，而不是“优秀”"), "{e}");
    let e = steppe(&db, &["evaluation", "votes", nothing, "优秀=三"]).unwrap_err();
    assert!(e.contains("“三”不是数字"), "{e}");
}
