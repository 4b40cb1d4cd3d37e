//! What the seed's rule tests share: the record as the server holds it, and a community with
//! two grid workers — one who does a request's work, one who collects the residents' verdict.

use steppe_core::NewRequest;
use steppe_demo::Region;
use steppe_domain::authz::Role;
use steppe_domain::org::OrgKind;
use steppe_domain::person::MemberStatus;
use steppe_domain::{Id, Record};
use steppe_server::admin;
use steppe_tests::harness::{Phone, Server};

use crate::attacks::phone;

/// The record as the server holds it.
pub(crate) async fn stored<R: Record>(server: &Server, id: Id) -> R {
    let changes = server.storage().doc_changes(*id.as_bytes()).await.unwrap();
    steppe_domain::doc::RecordDoc::load(
        id,
        &[],
        changes.iter().map(Vec::as_slice),
        automerge::ActorId::random(),
    )
    .unwrap()
    .read()
    .unwrap()
}

/// A new organisation of `kind` under `parent`.
pub(crate) async fn org(server: &Server, name: &str, kind: OrgKind, parent: Option<Id>) -> Id {
    admin::create_org(server.storage(), name, kind, parent)
        .await
        .unwrap()
}

/// A new full member of `org` holding `roles`, who can enroll.
pub(crate) async fn user(server: &Server, name: &str, org: Id, roles: &[(Id, Role)]) -> Id {
    admin::create_user(server.storage(), name, org, MemberStatus::Full, roles)
        .await
        .unwrap()
}

/// A community under the region's sumu with two enrolled grid workers.
pub(crate) struct Community {
    pub id: Id,
    pub worker: Id,
    pub collector: Id,
    pub w: Phone,
    pub c: Phone,
}

pub(crate) async fn community(server: &Server, r: &Region, dir: &std::path::Path) -> Community {
    let id = org(server, "民乐社区党委", OrgKind::Community, Some(r.sumu)).await;
    let mut people = Vec::new();
    for name in ["网格员 其其格", "网格员 乌兰"] {
        let who = user(server, name, id, &[(id, Role::GridWorker)]).await;
        people.push((who, phone(server, who, dir, name).await));
    }
    let (collector, c) = people.pop().unwrap();
    let (worker, w) = people.pop().unwrap();
    Community {
        id,
        worker,
        collector,
        w,
        c,
    }
}

/// A request the worker raised, discussed, decided and carried out, synced.
pub(crate) async fn worked_request(k: &Community) -> Id {
    let req =
        k.w.store
            .raise_request(NewRequest {
                community: k.id,
                title: "路灯不亮".into(),
                description: "3号楼前路灯坏了".into(),
                raised_by: "居民 王秀英".into(),
            })
            .unwrap();
    k.w.store.discuss_request(req, "网格议事").unwrap();
    k.w.store.decide_request(req, "物业更换", None).unwrap();
    k.w.store.carry_out_request(req, "已更换").unwrap();
    k.w.sync().await.unwrap();
    req
}
