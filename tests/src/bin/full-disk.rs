//! Child process of the full-disk test. It runs in a private mount namespace on a tmpfs of a few
//! megabytes (`unshare --user --map-root-user --mount`), so the store meets a real filesystem
//! running out of space — `ENOSPC` from the kernel in the middle of a WAL append — rather than
//! SQLite's own page limit. Everything is checked here, before the namespace and its tmpfs
//! vanish; the test reads the verdict from stdout and the exit status.

use std::path::PathBuf;

use anyhow::{Context, Result, bail, ensure};
use steppe_core::{CoreError, DeviceIdentity, Steppe, StoreKey};
use steppe_domain::Id;
use steppe_domain::mediation::{CaseCategory, MediationCase};
use steppe_domain::org::OrgKind;

fn identity() -> DeviceIdentity {
    DeviceIdentity {
        user_id: Id::new().to_string(),
        user_name: "巴特尔".into(),
        device_id: "full-phone".into(),
        device_name: "full".into(),
    }
}

fn main() -> Result<()> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .context("directory on the small tmpfs")?,
    );
    // Room the phone's owner can free later (photos, say).
    let filler = dir.join("photos.bin");
    std::fs::write(&filler, vec![0u8; 512 * 1024])?;

    let path = dir.join("steppe.db");
    let me = identity();
    let key = StoreKey::generate()?;
    let store = Steppe::open_encrypted(&path, me.clone(), None, key.clone())?;
    let league = store.create_org("阿拉善盟", OrgKind::League, None)?;
    let banner = store.create_org("额济纳旗", OrgKind::Banner, Some(league))?;
    let sumu = store.create_org("苏木", OrgKind::Sumu, Some(banner))?;
    let gacha = store.create_org("嘎查", OrgKind::Gacha, Some(sumu))?;
    let branch = store.create_org("警地党支部", OrgKind::PoliceVillageBranch, Some(gacha))?;

    let mut acknowledged = Vec::new();
    let refusal = loop {
        let description = format!(
            "第{}号纠纷：{}",
            acknowledged.len(),
            "牲畜越界啃食草场".repeat(60)
        );
        match store.open_case(
            branch,
            CaseCategory::LivestockDamage,
            "村",
            &description,
            vec!["甲".into(), "乙".into()],
            vec![],
        ) {
            Ok(id) => acknowledged.push(id),
            Err(e) => break e,
        }
        ensure!(acknowledged.len() < 100_000, "the filesystem never filled");
    };
    if !matches!(refusal, CoreError::DiskFull) {
        bail!("a full filesystem was reported as {refusal:?}, not DiskFull");
    }
    ensure!(!acknowledged.is_empty(), "nothing fit at all");
    println!("acknowledged {} then DiskFull", acknowledged.len());

    // Nothing partial: exactly the acknowledged cases are there, each whole.
    let listed = store.cases(branch, None, 1_000_000, 0)?;
    ensure!(
        listed.len() == acknowledged.len(),
        "{} listed, {} acknowledged",
        listed.len(),
        acknowledged.len()
    );
    for id in &acknowledged {
        store.get::<MediationCase>(*id)?;
    }
    match store.add_case_note(acknowledged[0], &"回访".repeat(2000)) {
        Err(CoreError::DiskFull) => println!("later writes refused the same way"),
        Ok(_) => println!("a later write still fit"),
        Err(e) => bail!("a later write failed as {e:?}"),
    }
    let notes_before = store.get::<MediationCase>(acknowledged[0])?.timeline.len();

    // The owner frees space: writing resumes without reopening anything.
    std::fs::remove_file(&filler)?;
    store.add_case_note(acknowledged[0], "空间释放后回访")?;
    acknowledged.push(store.open_case(
        branch,
        CaseCategory::Debt,
        "村",
        "空间释放后的新案件",
        vec!["甲".into(), "乙".into()],
        vec![],
    )?);
    drop(store);

    // And everything survives a restart of the app.
    let store = Steppe::open_encrypted(&path, me, None, key)?;
    let listed = store.cases(branch, None, 1_000_000, 0)?;
    ensure!(listed.len() == acknowledged.len(), "lost cases on reopen");
    let notes = store.get::<MediationCase>(acknowledged[0])?.timeline.len();
    ensure!(notes == notes_before + 1, "the note after freeing space");
    println!(
        "resumed after space was freed; {} cases intact after reopening",
        listed.len()
    );
    Ok(())
}
