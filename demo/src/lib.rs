//! Fixtures shared by the demo, the benchmarks and the tests: an example region on a server's
//! storage, and phones enrolled with it as the app enrolls them.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use steppe_client::{Enrollment, enroll};
use steppe_core::Steppe;
use steppe_domain::Id;
use steppe_domain::authz::Role;
use steppe_domain::org::OrgKind;
use steppe_domain::person::MemberStatus;
use steppe_server::admin;
use steppe_server::storage::Storage;

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
    // The pastoral units carry their names in traditional Mongolian script too, as their seals
    // and signs do (illustrative spellings of the example's place names).
    let league = admin::create_org_named(
        storage,
        "阿拉善盟",
        Some("ᠠᠯᠠᠱᠠ ᠠᠶᠢᠮᠠᠭ"),
        OrgKind::League,
        None,
    )
    .await?;
    let banner = admin::create_org(storage, "阿拉善右旗", OrgKind::Banner, Some(league)).await?;
    let sumu = admin::create_org_named(
        storage,
        "巴彦高勒苏木",
        Some("ᠪᠠᠶᠠᠨ ᠭᠣᠣᠯ ᠰᠤᠮᠤ"),
        OrgKind::Sumu,
        Some(banner),
    )
    .await?;
    let gacha1 = admin::create_org_named(
        storage,
        "巴音宝格德嘎查",
        Some("ᠪᠠᠶᠠᠨ ᠪᠣᠭᠳᠠ ᠭᠠᠴᠠᠭᠠ"),
        OrgKind::Gacha,
        Some(sumu),
    )
    .await?;
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
    // Baatar, in the script: his name as the printed archive shows it beside the Chinese.
    admin::set_person_name_mn(storage, mediator_a, Some("ᠪᠠᠭᠠᠲᠤᠷ")).await?;
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
    let store = Arc::new(
        Steppe::builder(dir.join(format!("{name}.db")), e.identity.clone())
            .actor(&e.actor)
            .open()?,
    );
    Ok((store, e))
}
