//! A real server on 127.0.0.1 for tests written in other languages (the Kotlin library's JUnit
//! tests): seeds the example region on a fresh SQLite file, issues enrollment codes, prints what
//! the tests need as `key=value` lines ending with `ready`, and serves until its stdin closes.

use anyhow::Result;
use steppe_demo::seed_region;
use steppe_server::admin;
use steppe_tests::harness::Server;
use tokio::io::AsyncReadExt;

/// Codes per user: each test enrolls its own device.
const CODES_PER_USER: usize = 4;

#[tokio::main]
async fn main() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("fixture.db");
    let server = Server::start(&db.to_string_lossy(), None).await?;
    let r = seed_region(server.storage()).await?;
    let mut lines = vec![format!("url={}", server.url())];
    for (name, id) in [
        ("league", r.league),
        ("sumu", r.sumu),
        ("gacha1", r.gacha1),
        ("gacha2", r.gacha2),
        ("branch1", r.branch1),
        ("branch2", r.branch2),
        ("school", r.school),
    ] {
        lines.push(format!("org.{name}={id}"));
    }
    for (name, id) in [
        ("mediator", r.mediator_a),
        ("mediator2", r.outsider),
        ("herder", r.herder),
        ("secretary", r.secretary),
        ("supervisor", r.supervisor),
    ] {
        lines.push(format!("person.{name}={id}"));
        for i in 0..CODES_PER_USER {
            let code = admin::issue_code(server.storage(), id, 24).await?;
            lines.push(format!("code.{name}.{i}={code}"));
        }
    }
    lines.push("ready".into());
    println!("{}", lines.join("\n"));
    // Serve until the test process closes our stdin (or dies).
    let mut sink = Vec::new();
    tokio::io::stdin().read_to_end(&mut sink).await?;
    if let Some(running) = server.running {
        running.shutdown().await;
    }
    Ok(())
}
