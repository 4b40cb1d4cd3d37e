//! A real server on 127.0.0.1 for tests written in other languages (the Kotlin library's JUnit
//! tests): seeds the example region (plus a community with a grid and two grid workers) on a
//! fresh SQLite file, issues enrollment codes, prints what the tests need as `key=value` lines
//! ending with `ready`, and serves until its stdin closes. Lines on stdin are operator commands
//! the tests need: `revoke-device ID` (answered `ok` or `unknown`); `import-bundle PATH` (a
//! phone's bundle imported as the operator's CLI does, answered `ok APPLIED ALREADY REFUSED` or
//! `refused WHY`); `export-bundle ORG PATH` (the server's file of a unit, answered `ok CHANGES`).

use anyhow::Result;
use steppe_demo::seed_region;
use steppe_domain::authz::Role;
use steppe_domain::org::OrgKind;
use steppe_domain::person::MemberStatus;
use steppe_server::identity::ServerKey;
use steppe_server::{admin, bundles};
use steppe_tests::harness::Server;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// Codes per user: each test enrolls its own device.
const CODES_PER_USER: usize = 12;

#[tokio::main]
async fn main() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("fixture.db");
    let server = Server::start(&db.to_string_lossy(), None).await?;
    let storage = server.storage();
    let r = seed_region(storage).await?;
    let community =
        admin::create_org(storage, "锦绣社区党委", OrgKind::Community, Some(r.sumu)).await?;
    let grid = admin::create_org(
        storage,
        "第一网格党支部",
        OrgKind::GridBranch,
        Some(community),
    )
    .await?;
    let grid_worker = admin::create_user(
        storage,
        "网格员 其其格",
        grid,
        MemberStatus::Full,
        &[(community, Role::GridWorker)],
    )
    .await?;
    // A second grid worker: residents' verdicts are collected by someone other than who did the
    // work.
    let grid_worker2 = admin::create_user(
        storage,
        "网格员 乌兰",
        grid,
        MemberStatus::Full,
        &[(community, Role::GridWorker)],
    )
    .await?;
    let mut lines = vec![format!("url={}", server.url())];
    for (name, id) in [
        ("league", r.league),
        ("sumu", r.sumu),
        ("gacha1", r.gacha1),
        ("gacha2", r.gacha2),
        ("branch1", r.branch1),
        ("branch2", r.branch2),
        ("school", r.school),
        ("community", community),
        ("grid", grid),
    ] {
        lines.push(format!("org.{name}={id}"));
    }
    for (name, id) in [
        ("mediator", r.mediator_a),
        ("mediator2", r.outsider),
        ("mediatorb", r.mediator_b),
        ("herder", r.herder),
        ("secretary", r.secretary),
        ("supervisor", r.supervisor),
        ("gridworker", grid_worker),
        ("gridworker2", grid_worker2),
    ] {
        lines.push(format!("person.{name}={id}"));
        for i in 0..CODES_PER_USER {
            let code = admin::issue_code(server.storage(), id, 24).await?;
            lines.push(format!("code.{name}.{i}={code}"));
        }
    }
    lines.push("ready".into());
    println!("{}", lines.join("\n"));
    // Serve until the test process closes our stdin (or dies), doing what it asks meanwhile.
    let mut commands = BufReader::new(tokio::io::stdin()).lines();
    let mut out = tokio::io::stdout();
    while let Some(line) = commands.next_line().await? {
        let answer = match line.split_once(' ') {
            Some(("revoke-device", id)) => {
                if storage.revoke_device(id.trim()).await? {
                    "ok".to_string()
                } else {
                    "unknown".to_string()
                }
            }
            Some(("import-bundle", path)) => {
                let bytes = std::fs::read(path.trim())?;
                match bundles::import(storage, &bytes, steppe_server::clock::now_ms()).await {
                    Ok(d) => format!("ok {} {} {}", d.applied, d.already, d.rejected),
                    Err(e) => format!("refused {e}"),
                }
            }
            Some(("export-bundle", rest)) => match rest.trim().split_once(' ') {
                Some((org, path)) => {
                    let key = ServerKey::default().get(storage).await?;
                    let now = steppe_server::clock::now_ms();
                    let (bytes, changes) =
                        bundles::export_for_members(storage, &key, org, now).await?;
                    std::fs::write(path.trim(), bytes)?;
                    format!("ok {changes}")
                }
                None => "usage: export-bundle ORG PATH".to_string(),
            },
            _ => "unknown command".to_string(),
        };
        out.write_all(format!("{answer}\n").as_bytes()).await?;
        out.flush().await?;
    }
    if let Some(running) = server.running {
        running.shutdown().await;
    }
    Ok(())
}
