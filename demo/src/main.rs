//! `steppe-demo`: a server on the embedded default (SQLite) with an example league, and
//! simulated phones that enroll, edit offline and sync through it, printed as it happens. With
//! `--serve` the server stays up afterwards with the demo's data, for a newcomer to sign in to
//! the supervisors' pages.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use steppe_client::SyncClient;
use steppe_core::{NewCase, NewCourse, NewSession, Steppe, SyncReport};
use steppe_demo::{enrolled_store, seed_region};
use steppe_domain::course::{SessionMode, Topic};
use steppe_domain::mediation::{CaseCategory, CaseStatus, Outcome};
use steppe_domain::{Id, clock};
use steppe_server::storage::Storage;
use steppe_server::{app_state, http, open_storage};

#[derive(Debug, clap::Parser)]
#[command(about = "Steppe's demo: a server with an example league and simulated phones")]
struct Args {
    /// Keep the server up after the demo, with its data, until Ctrl-C.
    #[arg(long)]
    serve: bool,
    /// Where the server listens (loopback only unless you mean it).
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: std::net::SocketAddr,
}

#[tokio::main]
async fn main() -> Result<()> {
    // As `steppe-server` logs: its own lines interleave with the demo's on the terminal.
    steppe_server::logging::init();
    let args = <Args as clap::Parser>::parse();
    run(args).await
}

/// The demo's web sign-ins: (what to type as the user, the password, who that is).
const SIGN_INS: [(&str, &str, &str); 2] = [
    (
        "苏木督导",
        "demo-督导-2026",
        "苏木督导 (a township supervisor: the sumu's subtree)",
    ),
    (
        "组织委员 王立华",
        "demo-党校-2026",
        "组织委员 王立华 (the sumu's secretary: schedules the Party school)",
    ),
];

struct Phone {
    name: &'static str,
    store: Arc<Steppe>,
    client: SyncClient,
}

async fn phone(
    storage: &dyn Storage,
    url: &str,
    dir: &Path,
    user: Id,
    name: &'static str,
) -> Result<Phone> {
    let (store, e) = enrolled_store(storage, url, dir, user, name).await?;
    Ok(Phone {
        name,
        store,
        client: SyncClient::new(url, &e.token)?,
    })
}

fn show(name: &str, r: &SyncReport) {
    println!(
        "   {name:<12} sync: sent {:>3}, received {:>3}, rejected {}, conflicts {}, round trips {}",
        r.sent, r.received, r.rejected, r.conflicts, r.round_trips
    );
}

async fn sync(p: &Phone) -> Result<SyncReport> {
    let r = p.client.sync(&p.store, None).await?;
    show(p.name, &r);
    Ok(r)
}

async fn run(args: Args) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("server.db");
    let storage = open_storage(&db.to_string_lossy()).await?;
    let running = http::serve(app_state(storage.clone(), None), args.listen).await?;
    let url = format!("http://{}", running.addr);
    println!(
        "Steppe sync demo — server on {url}, embedded SQLite at {}",
        db.display()
    );
    let s = storage.as_ref();
    let r = seed_region(s).await?;
    println!(
        "\n1. Seeded 阿拉善盟 → 阿拉善右旗 → 巴彦高勒苏木 with two gachas, two police–village branches and a Party school; six users."
    );

    println!("\n2. Phones enroll with one-time codes and take their first sync");
    let a = phone(s, &url, dir.path(), r.mediator_a, "mediator-a").await?;
    let b = phone(s, &url, dir.path(), r.mediator_b, "mediator-b").await?;
    let herder = phone(s, &url, dir.path(), r.herder, "herder").await?;
    let sec = phone(s, &url, dir.path(), r.secretary, "secretary").await?;
    let sup = phone(s, &url, dir.path(), r.supervisor, "supervisor").await?;
    let other = phone(s, &url, dir.path(), r.outsider, "branch-2").await?;
    for p in [&a, &b, &herder, &sec, &sup, &other] {
        sync(p).await?;
    }

    println!(
        "\n3. Offline for days: two mediators on one case, a secretary's course, a herder's check-in"
    );
    let case = a.store.open_case(NewCase {
        branch: r.branch1,
        category: CaseCategory::PastureBoundary,
        place: "前进村".into(),
        description: "两户草场围栏位置争议".into(),
        parties: vec!["甲户".into(), "乙户".into()],
        mediators: vec!["巴特尔".into(), "乌兰".into()],
    })?;
    sync(&a).await?;
    sync(&b).await?;
    a.store.add_case_note(case, "上门了解情况")?;
    b.store.add_case_visit(case, "查看草场确权图")?;
    a.store
        .close_case(case, Outcome::Agreement, Some("按确权图恢复围栏"))?;
    b.store
        .close_case(case, Outcome::Referred, Some("苏木司法所"))?;
    other.store.open_case(NewCase {
        branch: r.branch2,
        category: CaseCategory::LivestockDamage,
        place: "乌兰乌拉".into(),
        description: "羊群啃食邻家草场".into(),
        parties: vec!["丙户".into(), "丁户".into()],
        mediators: vec![],
    })?;
    let now = steppe_core::system_clock()();
    let course = sec.store.create_course(NewCourse {
        school: r.school,
        title: "骆驼养殖技术".into(),
        topic: Topic::PracticalSkills,
        lecturer: None,
    })?;
    let session = sec.store.schedule_session(NewSession {
        course,
        starts_at: now - 1_800_000,
        minutes: 90,
        mode: SessionMode::OnSite,
        venue: "牧户棚圈".into(),
    })?;
    sync(&sec).await?;
    sync(&herder).await?;
    herder.store.check_in(session, SessionMode::OnSite, None)?;
    herder.store.open_case(NewCase {
        branch: r.gacha1,
        category: CaseCategory::Family,
        place: "家".into(),
        description: "不该由党员记录的纠纷".into(),
        parties: vec!["甲".into(), "乙".into()],
        mediators: vec![],
    })?;

    println!("\n4. Reconnecting in a scrambled order");
    for p in [&b, &herder, &other, &a, &sup, &sec, &a, &b, &sup] {
        sync(p).await?;
    }

    println!("\n5. What everyone sees");
    let same = a.store.record_json(case)? == b.store.record_json(case)?
        && a.store.record_json(case)? == sup.store.record_json(case)?;
    println!("   the case is identical on both mediators' phones and the supervisor's: {same}");
    for c in sup.store.conflicts(Some(case))? {
        let who: Vec<String> = c
            .candidates
            .iter()
            .map(|v| format!("{} by {}", v.value, v.user_name.as_deref().unwrap_or("?")))
            .collect();
        println!("   conflict for review on {}: {}", c.path, who.join(" | "));
    }
    for (name, branch) in [("警地党支部一", r.branch1), ("警地党支部二", r.branch2)] {
        let open = sup
            .store
            .cases(branch, Some(CaseStatus::Open), 1000, 0)?
            .len();
        let closed = sup
            .store
            .cases(branch, Some(CaseStatus::Closed), 1000, 0)?
            .len();
        println!("   supervisor: {name} — {open} open, {closed} closed");
    }
    println!(
        "   branch 2's mediator sees {} cases of branch 1",
        other.store.cases(r.branch1, None, 1000, 0)?.len()
    );
    let year = clock::year_of(now - 1_800_000);
    let archive = herder.store.training_archive(r.herder, year)?;
    println!(
        "   herder's training archive {year}: {} session(s), {:.1} hours; the secretary sees {} present",
        archive.sessions,
        archive.hours,
        sec.store
            .sessions_of_school(r.school, now - 86_400_000, now + 86_400_000)?
            .first()
            .map(|s| s.present)
            .unwrap_or(0)
    );
    for rej in herder.store.rejected_changes()? {
        println!(
            "   refused by the server and kept, flagged, on the herder's phone: record {} — {} ({})",
            rej.doc, rej.reason, rej.detail
        );
    }

    println!("\n6. A lost phone is revoked");
    let devices = enroll_device_id(&b);
    s.revoke_user(&r.mediator_b.to_string()).await?;
    match b.client.sync(&b.store, None).await {
        Err(e) => println!("   {devices}: {e}"),
        Ok(_) => println!("   unexpected: a revoked device synced"),
    }
    if args.serve {
        for ((user, password, _), id) in SIGN_INS.iter().zip([r.supervisor, r.secretary]) {
            let hash = steppe_server::auth::password::hash_password(password)
                .ok_or_else(|| anyhow::anyhow!("hashing the demo password of {user}"))?;
            s.set_password(&id.to_string(), &hash).await?;
        }
        println!("\n7. The server stays up with the demo's data: sign in at {url}/web");
        for (user, password, who) in SIGN_INS {
            println!("   user {user:<10} password {password:<16} — {who}");
        }
        println!("   (Ctrl-C stops it; the data goes with it.)");
        tokio::signal::ctrl_c().await?;
    }
    running.shutdown().await;
    println!("\nDone.");
    Ok(())
}

fn enroll_device_id(p: &Phone) -> String {
    format!("{} ({})", p.name, p.store.identity().device_name)
}
