//! Who may read and write, checked against an independent oracle over random organisation trees
//! (including a unit moved to another parent) and random users and roles: every phone holds
//! exactly the cases the oracle says it may read, its case writes are accepted exactly when the
//! oracle says so, and a guessed document id gets the same answer as one out of scope.

use std::collections::{BTreeSet, HashMap};

use proptest::prelude::*;
use steppe_domain::Id;
use steppe_domain::authz::Role;
use steppe_domain::mediation::CaseCategory;
use steppe_domain::org::OrgKind;
use steppe_domain::person::MemberStatus;
use steppe_protocol::SyncRequest;
use steppe_server::admin;
use steppe_tests::harness::{Phone, Server, village_case};

use crate::sync::{post, token_of};

/// The test's own picture of the tree: parent of each organisation.
#[derive(Debug, Default, Clone)]
struct Oracle {
    parent: HashMap<Id, Option<Id>>,
}

impl Oracle {
    fn ancestors_or_self(&self, org: Id) -> Vec<Id> {
        let mut out = vec![org];
        while let Some(Some(p)) = self.parent.get(out.last().unwrap()) {
            out.push(*p);
        }
        out
    }

    /// Any role on the organisation or above reads its records.
    fn reads(&self, roles: &[(Role, Id)], org: Id) -> bool {
        let up = self.ancestors_or_self(org);
        roles.iter().any(|(_, o)| up.contains(o))
    }

    /// Only a mediator (among the roles used here) writes cases, on the branch or above.
    fn writes_case(&self, roles: &[(Role, Id)], branch: Id) -> bool {
        let up = self.ancestors_or_self(branch);
        roles
            .iter()
            .any(|(r, o)| *r == Role::Mediator && up.contains(o))
    }
}

#[derive(Debug, Clone)]
struct Plan {
    banners: usize,
    sumus: usize,
    branches: usize,
    users: Vec<(u8, u8)>, // (role index, org index) pairs, one role each
    extra: Vec<(u8, u8)>, // a second role for some users
    move_branch: Option<(u8, u8)>,
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        1usize..=2,
        1usize..=2,
        1usize..=2,
        proptest::collection::vec((0u8..3, any::<u8>()), 2..=4),
        proptest::collection::vec((0u8..3, any::<u8>()), 0..=2),
        proptest::option::of((any::<u8>(), any::<u8>())),
    )
        .prop_map(
            |(banners, sumus, branches, users, extra, move_branch)| Plan {
                banners,
                sumus,
                branches,
                users,
                extra,
                move_branch,
            },
        )
}

const ROLES: [Role; 3] = [Role::Member, Role::Mediator, Role::Supervisor];

async fn check(plan: Plan) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("s.db").to_string_lossy(), None)
        .await
        .unwrap();
    let s = server.storage();
    let mut oracle = Oracle::default();
    let league = admin::create_org(s, "盟", OrgKind::League, None)
        .await
        .unwrap();
    oracle.parent.insert(league, None);
    let (mut orgs, mut sumus, mut branches) = (vec![league], Vec::new(), Vec::new());
    for b in 0..plan.banners {
        let banner = admin::create_org(s, &format!("旗{b}"), OrgKind::Banner, Some(league))
            .await
            .unwrap();
        oracle.parent.insert(banner, Some(league));
        orgs.push(banner);
        for m in 0..plan.sumus {
            let sumu = admin::create_org(s, &format!("苏木{b}{m}"), OrgKind::Sumu, Some(banner))
                .await
                .unwrap();
            oracle.parent.insert(sumu, Some(banner));
            orgs.push(sumu);
            sumus.push(sumu);
            for k in 0..plan.branches {
                let branch = admin::create_org(
                    s,
                    &format!("支部{b}{m}{k}"),
                    OrgKind::PoliceVillageBranch,
                    Some(sumu),
                )
                .await
                .unwrap();
                oracle.parent.insert(branch, Some(sumu));
                orgs.push(branch);
                branches.push(branch);
            }
        }
    }
    // An administrator who also mediates everywhere writes one case per branch.
    let writer_id = admin::create_user(
        s,
        "管理员",
        league,
        MemberStatus::Full,
        &[(league, Role::Administrator), (league, Role::Mediator)],
    )
    .await
    .unwrap();
    let writer = Phone::enroll(&server, writer_id, dir.path(), "writer")
        .await
        .unwrap();
    writer.sync().await.unwrap();
    let mut case_of = HashMap::new();
    for (i, b) in branches.iter().enumerate() {
        let c = writer
            .store
            .open_case(village_case(*b, CaseCategory::Debt, format!("案{i}")))
            .unwrap();
        case_of.insert(c, *b);
    }
    // Users with random roles anywhere in the tree.
    let mut users = Vec::new();
    for (i, (role, org)) in plan.users.iter().enumerate() {
        let mut roles = vec![(ROLES[*role as usize], orgs[*org as usize % orgs.len()])];
        if let Some((r2, o2)) = plan.extra.get(i) {
            roles.push((ROLES[*r2 as usize], orgs[*o2 as usize % orgs.len()]));
        }
        let id = admin::create_user(
            s,
            &format!("用户{i}"),
            league,
            MemberStatus::Full,
            &roles.iter().map(|(r, o)| (*o, *r)).collect::<Vec<_>>(),
        )
        .await
        .unwrap();
        users.push((id, roles));
    }
    assert_eq!(writer.sync().await.unwrap().rejected, 0);
    // Every user's phone takes its first sync on the tree as it is.
    let mut phones = Vec::new();
    for (i, (id, _)) in users.iter().enumerate() {
        let phone = Phone::enroll(&server, *id, dir.path(), &format!("u{i}"))
            .await
            .unwrap();
        phone.sync().await.unwrap();
        phones.push(phone);
    }
    // Maybe a branch moves to another sumu: scopes change under the phones' feet (backfill for
    // those who now read it, purge for those who no longer do).
    if let Some((b, m)) = plan.move_branch {
        let branch = branches[b as usize % branches.len()];
        let to = sumus[m as usize % sumus.len()];
        if oracle.parent[&branch] != Some(to) {
            writer.store.move_org(branch, to).unwrap();
            oracle.parent.insert(branch, Some(to));
            assert_eq!(writer.sync().await.unwrap().rejected, 0);
        }
    }

    for (i, ((_, roles), phone)) in users.iter().zip(&phones).enumerate() {
        phone.sync().await.unwrap();
        let held: BTreeSet<Id> = case_of
            .keys()
            .copied()
            .filter(|c| {
                phone
                    .store
                    .get::<steppe_domain::mediation::MediationCase>(*c)
                    .is_ok()
            })
            .collect();
        let expected: BTreeSet<Id> = case_of
            .iter()
            .filter(|(_, b)| oracle.reads(roles, **b))
            .map(|(c, _)| *c)
            .collect();
        assert_eq!(held, expected, "reads of user {i} with {roles:?}");

        // Writes: a new case on every branch the phone knows; the server accepts exactly what the
        // oracle allows (the phone keeps the others, flagged).
        let mut allowed = 0;
        let mut attempted = 0;
        for b in &branches {
            if phone
                .store
                .open_case(village_case(*b, CaseCategory::Other, "新案"))
                .is_ok()
            {
                attempted += 1;
                if oracle.writes_case(roles, *b) {
                    allowed += 1;
                }
            }
        }
        let report = phone.sync().await.unwrap();
        assert_eq!(
            (report.sent, report.rejected),
            (allowed, attempted - allowed),
            "writes of user {i} with {roles:?}"
        );

        // Asking for an out-of-scope case and for an id nobody has gets the same answer.
        let hidden: Vec<Id> = case_of
            .keys()
            .copied()
            .filter(|c| !expected.contains(c))
            .collect();
        let ask = |want: Vec<[u8; 16]>| SyncRequest {
            want,
            ..phone.store.sync_request(1 << 20).unwrap()
        };
        if let Some(h) = hidden.first() {
            let a = post(&server.url(), &token_of(phone), &ask(vec![*h.as_bytes()])).await;
            let b = post(
                &server.url(),
                &token_of(phone),
                &ask(vec![*Id::new().as_bytes()]),
            )
            .await;
            assert!(a.changes.is_empty());
            assert_eq!(a, b);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn the_server_allows_exactly_what_the_oracle_allows(plan in plan()) {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
            .block_on(check(plan));
    }
}
