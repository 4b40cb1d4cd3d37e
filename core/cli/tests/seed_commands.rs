//! The `steppe` binary over a real store file: the seed's practices from the command line — a
//! village's lists and public board, a supervisor's finding, a member's evaluation, and the
//! 双报到 figures — with a rule's refusal as a failing exit and a message.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed step is a failed test

use std::path::Path;
use std::process::Command;

/// Runs `steppe --db DB ARGS…`; its stdout, or its stderr as the error.
fn steppe(db: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new(env!("CARGO_BIN_EXE_steppe"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run steppe");
    if out.status.success() {
        Ok(String::from_utf8(out.stdout).unwrap().trim().to_string())
    } else {
        Err(String::from_utf8(out.stderr).unwrap())
    }
}

fn ok(db: &Path, args: &[&str]) -> String {
    steppe(db, args).unwrap_or_else(|e| panic!("steppe {args:?}: {e}"))
}

#[test]
fn lists_board_finding_evaluation_and_dual_registration() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let me = ok(&db, &["init", "--name", "书记 阿拉坦"]);
    let district = ok(&db, &["org", "add", "--name", "海南区", "--kind", "区"]);
    let street = ok(
        &db,
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
        &db,
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
    assert!(err.contains("answer"), "concluded before an answer: {err}");
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
    assert!(err.contains("self-assessment"), "{err}");
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
    assert!(err.contains("self-assessment"), "awaiting it: {err}");

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
    assert!(figures.contains("报到在职党员 1 名"), "{figures}");
    assert!(
        figures.contains("共建契约 1 份（未签契约的报到单位 0 个）"),
        "{figures}"
    );
}
