//! Shared fixtures: stores in temp dirs with a controllable clock, and a small organisation tree.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use rusqlite::Connection;
use steppe_core::{DeviceIdentity, NewPerson, Steppe};
use steppe_domain::authz::Role;
use steppe_domain::org::OrgKind;
use steppe_domain::person::MemberStatus;
use steppe_domain::{Id, clock};

/// 2026-11-23 09:00 CST, a Monday.
pub fn t0() -> i64 {
    clock::parse("2026-11-23 09:00").expect("valid date")
}

pub struct Device {
    pub store: Steppe,
    pub time: Arc<AtomicI64>,
    pub user: Id,
}

impl Device {
    pub fn open(path: &Path, user: Id, name: &str) -> Device {
        let time = Arc::new(AtomicI64::new(t0()));
        let t = time.clone();
        let identity = DeviceIdentity {
            user_id: user.to_string(),
            user_name: name.into(),
            device_id: format!("{name}-phone"),
            device_name: format!("{name}'s phone"),
        };
        let store = Steppe::builder(path, identity)
            .clock(Arc::new(move || t.load(Ordering::SeqCst)))
            .open()
            .expect("open store");
        Device { store, time, user }
    }

    pub fn advance(&self, ms: i64) {
        self.time.fetch_add(ms, Ordering::SeqCst);
    }

    pub fn set_time(&self, ms: i64) {
        self.time.store(ms, Ordering::SeqCst);
    }
}

pub struct Tree {
    pub league: Id,
    pub banner: Id,
    pub town: Id,
    pub gacha: Id,
    pub police_branch: Id,
    pub school: Id,
    pub community: Id,
    pub grid: Id,
}

/// league → banner → sumu → {gacha → police branch, Party school, community → grid branch}.
pub fn tree(s: &Steppe) -> Tree {
    let league = s
        .create_org("阿拉善盟", OrgKind::League, None)
        .expect("league");
    let banner = s
        .create_org("阿拉善右旗", OrgKind::Banner, Some(league))
        .expect("banner");
    let town = s
        .create_org("巴彦高勒苏木", OrgKind::Sumu, Some(banner))
        .expect("sumu");
    let gacha = s
        .create_org("巴音宝格德嘎查", OrgKind::Gacha, Some(town))
        .expect("gacha");
    let police_branch = s
        .create_org("警地党支部", OrgKind::PoliceVillageBranch, Some(gacha))
        .expect("branch");
    let school = s
        .create_org("巴彦高勒苏木基层党校", OrgKind::PartySchool, Some(town))
        .expect("school");
    let community = s
        .create_org("民乐社区", OrgKind::Community, Some(town))
        .expect("community");
    let grid = s
        .create_org("第一网格党支部", OrgKind::GridBranch, Some(community))
        .expect("grid");
    Tree {
        league,
        banner,
        town,
        gacha,
        police_branch,
        school,
        community,
        grid,
    }
}

/// Adds the device's own user as a person with roles.
pub fn enrol_self(d: &Device, org: Id, roles: &[(Id, Role)]) {
    d.store
        .add_person(NewPerson {
            id: Some(d.user),
            name: "self".into(),
            org,
            status: MemberStatus::Full,
            phone: None,
        })
        .expect("add self");
    for (o, r) in roles {
        d.store.grant_role(d.user, *o, *r).expect("grant");
    }
}

/// Every projection table's rows, sorted, as text: two replicas are equal when these are.
pub fn projection_dump(path: &Path) -> Vec<(String, Vec<String>)> {
    let conn = Connection::open(path).expect("open for dump");
    steppe_core::projection_tables()
        .iter()
        .map(|t| {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM {t}"))
                .expect("prepare dump");
            let n = stmt.column_count();
            let mut rows: Vec<String> = stmt
                .query_map([], |r| {
                    let mut cols = Vec::new();
                    for i in 0..n {
                        let v: rusqlite::types::Value = r.get(i)?;
                        cols.push(format!("{v:?}"));
                    }
                    Ok(cols.join("|"))
                })
                .expect("query dump")
                .collect::<Result<_, _>>()
                .expect("rows");
            rows.sort();
            (t.to_string(), rows)
        })
        .collect()
}

/// Hands everything `from` holds to `to`, as a sync through the server would.
pub fn hand_over(from: &Device, to: &Device) {
    let actors = from.store.actors().expect("actors");
    for doc in from.store.document_ids().expect("ids") {
        let changes = from.store.export_changes(doc).expect("export");
        to.store.apply_remote(&actors, &changes).expect("apply");
    }
}
