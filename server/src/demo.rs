//! `steppe-server demo`: a server on the embedded default (SQLite) with an example league, and
//! simulated phones that enroll, edit offline and sync through it, printed as it happens.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use steppe_client::{Enrollment, SyncClient, enroll};
use steppe_core::{Steppe, SyncReport};
use steppe_domain::authz::Role;
use steppe_domain::course::{SessionMode, Topic};
use steppe_domain::mediation::{CaseCategory, CaseStatus, Outcome};
use steppe_domain::org::OrgKind;
use steppe_domain::person::MemberStatus;
use steppe_domain::{Id, clock};

use crate::storage::Storage;
use crate::{admin, app_state, http, open_storage};

/// The example region: league → banner → sumu → {two gachas, two police–village branches, the
/// sumu's Party school}, and the people who use it.
#[derive(Debug, Clone, Copy)]
pub struct Region {
    pub league: Id,
    pub sumu: Id,
    pub gacha1: Id,
    pub gacha2: Id,
    pub branch1: Id,
    pub branch2: Id,
    pub school: Id,
    pub mediator_a: Id,
    pub mediator_b: Id,
    pub herder: Id,
    pub secretary: Id,
    pub supervisor: Id,
    pub outsider: Id,
}

pub async fn seed_region(storage: &dyn Storage) -> Result<Region> {
    let league = admin::create_org(storage, "阿拉善盟", OrgKind::League, None).await?;
    let banner = admin::create_org(storage, "阿拉善右旗", OrgKind::Banner, Some(league)).await?;
    let sumu = admin::create_org(storage, "巴彦高勒苏木", OrgKind::Sumu, Some(banner)).await?;
    let gacha1 = admin::create_org(storage, "巴音宝格德嘎查", OrgKind::Gacha, Some(sumu)).await?;
    let gacha2 = admin::create_org(storage, "乌兰乌拉嘎查", OrgKind::Gacha, Some(sumu)).await?;
    let branch1 = admin::create_org(
        storage,
        "警地党支部一",
        OrgKind::PoliceVillageBranch,
        Some(sumu),
    )
    .await?;
    let branch2 = admin::create_org(
        storage,
        "警地党支部二",
        OrgKind::PoliceVillageBranch,
        Some(sumu),
    )
    .await?;
    let school = admin::create_org(
        storage,
        "巴彦高勒苏木基层党校",
        OrgKind::PartySchool,
        Some(sumu),
    )
    .await?;
    let full = MemberStatus::Full;
    let mediator_a = admin::create_user(
        storage,
        "民警 巴特尔",
        gacha1,
        full,
        &[(branch1, Role::Mediator)],
    )
    .await?;
    let mediator_b = admin::create_user(
        storage,
        "书记 乌兰",
        gacha1,
        full,
        &[(branch1, Role::Mediator)],
    )
    .await?;
    let herder = admin::create_user(
        storage,
        "牧民党员 蒲玉梅",
        gacha1,
        full,
        &[(gacha1, Role::Member)],
    )
    .await?;
    let secretary = admin::create_user(
        storage,
        "组织委员 王立华",
        gacha1,
        full,
        &[(sumu, Role::Secretary)],
    )
    .await?;
    let supervisor = admin::create_user(
        storage,
        "苏木督导",
        gacha1,
        full,
        &[(sumu, Role::Supervisor)],
    )
    .await?;
    let outsider = admin::create_user(
        storage,
        "二支部民警",
        gacha2,
        full,
        &[(branch2, Role::Mediator), (gacha2, Role::Member)],
    )
    .await?;
    Ok(Region {
        league,
        sumu,
        gacha1,
        gacha2,
        branch1,
        branch2,
        school,
        mediator_a,
        mediator_b,
        herder,
        secretary,
        supervisor,
        outsider,
    })
}

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

/// What a phone does on first start: the user types a one-time code (issued here), the device
/// enrolls, and its store is created with the actor the server bound to it.
pub async fn enrolled_store(
    storage: &dyn Storage,
    url: &str,
    dir: &Path,
    user: Id,
    name: &str,
) -> Result<(Arc<Steppe>, Enrollment)> {
    let code = admin::issue_code(storage, user, 1).await?;
    let e = enroll(url, &code, name).await?;
    let store = Arc::new(Steppe::open_enrolled(
        dir.join(format!("{name}.db")),
        e.identity.clone(),
        &e.actor,
    )?);
    Ok((store, e))
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

pub async fn run() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("server.db");
    let storage = open_storage(&db.to_string_lossy()).await?;
    let running = http::serve(app_state(storage.clone(), None), "127.0.0.1:0".parse()?).await?;
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
    let case = a.store.open_case(
        r.branch1,
        CaseCategory::PastureBoundary,
        "前进村",
        "两户草场围栏位置争议",
        vec!["甲户".into(), "乙户".into()],
        vec!["巴特尔".into(), "乌兰".into()],
    )?;
    sync(&a).await?;
    sync(&b).await?;
    a.store.add_case_note(case, "上门了解情况")?;
    b.store.add_case_visit(case, "查看草场确权图")?;
    a.store
        .close_case(case, Outcome::Agreement, Some("按确权图恢复围栏"))?;
    b.store
        .close_case(case, Outcome::Referred, Some("苏木司法所"))?;
    other.store.open_case(
        r.branch2,
        CaseCategory::LivestockDamage,
        "乌兰乌拉",
        "羊群啃食邻家草场",
        vec!["丙户".into(), "丁户".into()],
        vec![],
    )?;
    let now = steppe_core::system_clock()();
    let course = sec
        .store
        .create_course(r.school, "骆驼养殖技术", Topic::PracticalSkills, None)?;
    let session =
        sec.store
            .schedule_session(course, now - 1_800_000, 90, SessionMode::OnSite, "牧户棚圈")?;
    sync(&sec).await?;
    sync(&herder).await?;
    herder.store.check_in(session, SessionMode::OnSite)?;
    herder.store.open_case(
        r.gacha1,
        CaseCategory::Family,
        "家",
        "不该由党员记录的纠纷",
        vec!["甲".into(), "乙".into()],
        vec![],
    )?;

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
    running.shutdown().await;
    println!("\nDone.");
    Ok(())
}

fn enroll_device_id(p: &Phone) -> String {
    format!("{} ({})", p.name, p.store.identity().device_name)
}
