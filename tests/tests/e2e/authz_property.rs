//! Random organisation trees, random users with random roles, and random operations an insider
//! with a modified phone could send — forged grants and revocations, dependency-less rewrites of
//! existing ids, case and unit moves, organisations posing under another's id, edits built on
//! stale dependencies. After every step the server's decision, its grants, its tree and what each
//! user reads must equal an oracle written from ADR 0007's rules (its own role tables, not
//! `steppe_domain::authz`). Uploads go through `ingest::accept`, the function a sync request and a
//! page's form both enter by; reads through `Tree::scope`, which pages a sync.

use std::collections::{BTreeMap, BTreeSet};

use automerge::ActorId;
use proptest::prelude::*;
use steppe_domain::authz::Role;
use steppe_domain::doc::RecordDoc;
use steppe_domain::mediation::{CaseCategory, MediationCase};
use steppe_domain::org::{OrgKind, Organisation};
use steppe_domain::person::{MemberStatus, Person};
use steppe_domain::{Id, Record};
use steppe_protocol::{DocChanges, chunk};
use steppe_server::admin;
use steppe_server::ingest;
use steppe_server::storage::{Commit, DocUpdate, NewChange, Storage};
use steppe_server::tree::{self, Tree};

const ROLES: [Role; 5] = [
    Role::Member,
    Role::Mediator,
    Role::Supervisor,
    Role::Secretary,
    Role::Administrator,
];

/// The oracle: its own picture of the tree, the grants and the cases, and the rules as ADR 0007
/// states them.
#[derive(Debug, Clone, Default)]
struct Oracle {
    parent: BTreeMap<Id, Option<Id>>,
    kind: BTreeMap<Id, OrgKind>,
    grants: BTreeMap<Id, BTreeSet<(Id, Role)>>,
    person_org: BTreeMap<Id, Id>,
    /// Each case's branch now, and the branch it was opened on (what a stale edit sees).
    cases: BTreeMap<Id, (Id, Id)>,
}

impl Oracle {
    fn up(&self, org: Id) -> Vec<Id> {
        let mut out = vec![org];
        while let Some(Some(p)) = self.parent.get(out.last().unwrap()) {
            if out.contains(p) {
                break;
            }
            out.push(*p);
        }
        out
    }

    fn holds(&self, user: Id, org: Id, roles: &[Role]) -> bool {
        let up = self.up(org);
        self.grants
            .get(&user)
            .is_some_and(|g| g.iter().any(|(o, r)| roles.contains(r) && up.contains(o)))
    }

    fn reads(&self, user: Id, org: Id) -> bool {
        self.holds(user, org, &ROLES)
    }

    fn writes_case(&self, user: Id, org: Id) -> bool {
        self.holds(
            user,
            org,
            &[Role::Mediator, Role::Secretary, Role::Administrator],
        )
    }

    fn manages_people(&self, user: Id, org: Id) -> bool {
        self.holds(user, org, &[Role::Secretary, Role::Administrator])
    }

    fn manages_orgs(&self, user: Id, org: Id) -> bool {
        self.holds(user, org, &[Role::Administrator])
    }

    /// Granting or revoking `role` on `org`: managing people there, and an administrator's role
    /// there or above when the role is administrator.
    fn may_grant(&self, user: Id, org: Id, role: Role) -> bool {
        self.manages_people(user, org)
            && (role != Role::Administrator || self.holds(user, org, &[Role::Administrator]))
    }

    fn may_contain(parent: OrgKind, child: OrgKind) -> bool {
        matches!(
            (parent, child),
            (OrgKind::League, OrgKind::Banner)
                | (OrgKind::Banner, OrgKind::Sumu)
                | (OrgKind::Sumu, OrgKind::Gacha)
        )
    }
}

#[derive(Debug, Clone)]
enum Op {
    Grant {
        by: u8,
        person: u8,
        org: u8,
        role: u8,
        revoke: bool,
    },
    OpenCase {
        by: u8,
        org: u8,
    },
    RewriteRoot {
        by: u8,
        case: u8,
        org: u8,
    },
    MoveCase {
        by: u8,
        case: u8,
        org: u8,
    },
    EditCase {
        by: u8,
        case: u8,
        stale: bool,
    },
    MoveOrg {
        by: u8,
        org: u8,
        parent: u8,
    },
    PoseOrg {
        by: u8,
        org: u8,
        parent: u8,
    },
    /// A unit made a root of another kind: out of every ancestor's reach.
    Uproot {
        by: u8,
        org: u8,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let b = any::<u8>;
    prop_oneof![
        3 => (b(), b(), b(), 0u8..5, any::<bool>()).prop_map(|(by, person, org, role, revoke)| Op::Grant { by, person, org, role, revoke }),
        2 => (b(), b()).prop_map(|(by, org)| Op::OpenCase { by, org }),
        1 => (b(), b(), b()).prop_map(|(by, case, org)| Op::RewriteRoot { by, case, org }),
        2 => (b(), b(), b()).prop_map(|(by, case, org)| Op::MoveCase { by, case, org }),
        2 => (b(), b(), any::<bool>()).prop_map(|(by, case, stale)| Op::EditCase { by, case, stale }),
        2 => (b(), b(), b()).prop_map(|(by, org, parent)| Op::MoveOrg { by, org, parent }),
        1 => (b(), b(), b()).prop_map(|(by, org, parent)| Op::PoseOrg { by, org, parent }),
        1 => (b(), b()).prop_map(|(by, org)| Op::Uproot { by, org }),
    ]
}

#[derive(Debug, Clone)]
struct Plan {
    banners: usize,
    sumus: usize,
    gachas: usize,
    /// (person's gacha, role, org) per user; a second role for some.
    users: Vec<(u8, u8, u8)>,
    extra: Vec<(u8, u8, u8)>,
    cases: Vec<u8>,
    ops: Vec<Op>,
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        1usize..=2,
        1usize..=2,
        1usize..=2,
        proptest::collection::vec((any::<u8>(), 0u8..5, any::<u8>()), 3..=5),
        proptest::collection::vec((any::<u8>(), 0u8..5, any::<u8>()), 0..=3),
        proptest::collection::vec(any::<u8>(), 1..=3),
        proptest::collection::vec(op(), 4..=10),
    )
        .prop_map(|(banners, sumus, gachas, users, extra, cases, ops)| Plan {
            banners,
            sumus,
            gachas,
            users,
            extra,
            cases,
            ops,
        })
}

fn pick<T: Copy>(items: &[T], i: u8) -> T {
    items[i as usize % items.len()]
}

/// A record stored as the operator's seed data (not through ingest, like `admin`).
async fn seed<R: Record>(storage: &dyn Storage, id: Id, record: &R) {
    let actor = admin::server_actor(storage).await.unwrap();
    let mut doc = RecordDoc::create(id, record, actor.clone(), 1, "seed").unwrap();
    let change = doc.changes_since(&[]).remove(0);
    storage
        .commit(Commit {
            changes: vec![NewChange {
                doc: *id.as_bytes(),
                hash: change.hash().0,
                actor: actor.to_bytes().to_vec(),
                bytes: change.raw_bytes().to_vec(),
            }],
            docs: vec![DocUpdate {
                doc: *id.as_bytes(),
                kind: R::KIND.as_str().to_string(),
                org: record.scope_org().to_string(),
            }],
            projections: steppe_server::projections::of(&doc),
        })
        .await
        .unwrap();
}

struct World {
    storage: std::sync::Arc<dyn Storage>,
    oracle: Oracle,
    users: Vec<(Id, ActorId)>,
    orgs: Vec<Id>,
    cases: Vec<Id>,
    clock: i64,
}

impl World {
    fn user(&self, i: u8) -> (Id, ActorId) {
        self.users[i as usize % self.users.len()].clone()
    }

    /// A change by `actor` to `doc`, built on its first `at` stored changes (all if `None`).
    async fn forge<R: Record>(
        &mut self,
        actor: &ActorId,
        doc: Id,
        at: Option<usize>,
        edit: impl FnOnce(&mut R),
    ) -> Option<Vec<u8>> {
        let stored = self.storage.doc_changes(*doc.as_bytes()).await.unwrap();
        let take = at.unwrap_or(stored.len()).min(stored.len());
        let mut d = RecordDoc::load(
            doc,
            &[],
            stored[..take].iter().map(Vec::as_slice),
            actor.clone(),
        )
        .unwrap();
        let mut r: R = d.read().unwrap();
        edit(&mut r);
        self.clock += 1;
        let change = d.write(&r, self.clock, "forged").ok()??;
        Some(chunk::compact(change.raw_bytes()).unwrap().to_vec())
    }

    fn root<R: Record>(&mut self, actor: &ActorId, doc: Id, record: &R) -> Vec<u8> {
        self.clock += 1;
        let mut d = RecordDoc::create(doc, record, actor.clone(), self.clock, "forged").unwrap();
        let change = d.changes_since(&[]).remove(0);
        chunk::compact(change.raw_bytes()).unwrap().to_vec()
    }

    /// Uploads one change as `user`; whether the server accepted it.
    async fn upload(&self, user: Id, actor: &ActorId, doc: Id, change: Vec<u8>) -> bool {
        let outcome = ingest::accept(
            self.storage.as_ref(),
            &user.to_string(),
            actor.to_bytes(),
            &[DocChanges {
                doc: Some(*doc.as_bytes()),
                changes: vec![change],
            }],
        )
        .await
        .unwrap();
        assert_eq!(outcome.applied + outcome.rejected.len() as u64, 1);
        outcome.applied == 1
    }

    fn case(branch: Id) -> MediationCase {
        MediationCase::open(
            branch.to_string(),
            CaseCategory::Debt,
            "村".into(),
            "借款".into(),
            vec!["甲".into(), "乙".into()],
            vec![],
            1,
        )
        .unwrap()
    }

    async fn step(&mut self, op: &Op) {
        match *op {
            Op::Grant {
                by,
                person,
                org,
                role,
                revoke,
            } => {
                let (u, actor) = self.user(by);
                let (p, _) = self.user(person);
                let (o, role) = (pick(&self.orgs, org), ROLES[role as usize]);
                let held = self.oracle.grants[&p].contains(&(o, role));
                if held != revoke {
                    return; // nothing would change: no change is made
                }
                let change = self
                    .forge::<Person>(&actor, p, None, |rec| {
                        if revoke {
                            rec.revoke(&o.to_string(), role).unwrap();
                        } else {
                            rec.grant(&o.to_string(), role).unwrap();
                        }
                    })
                    .await
                    .unwrap();
                let expected = self.oracle.manages_people(u, self.oracle.person_org[&p])
                    && self.oracle.may_grant(u, o, role)
                    && (revoke || p != u);
                let accepted = self.upload(u, &actor, p, change).await;
                assert_eq!(accepted, expected, "{op:?} by {u} on {p}");
                if accepted {
                    let g = self.oracle.grants.get_mut(&p).unwrap();
                    if revoke {
                        g.remove(&(o, role));
                    } else {
                        g.insert((o, role));
                    }
                }
            }
            Op::OpenCase { by, org } => {
                let (u, actor) = self.user(by);
                let o = pick(&self.orgs, org);
                let id = Id::new();
                let change = self.root(&actor, id, &Self::case(o));
                let accepted = self.upload(u, &actor, id, change).await;
                assert_eq!(accepted, self.oracle.writes_case(u, o), "{op:?}");
                if accepted {
                    self.cases.push(id);
                    self.oracle.cases.insert(id, (o, o));
                }
            }
            Op::RewriteRoot { by, case, org } => {
                let (u, actor) = self.user(by);
                let (c, o) = (pick(&self.cases, case), pick(&self.orgs, org));
                let change = self.root(&actor, c, &Self::case(o));
                assert!(!self.upload(u, &actor, c, change).await, "{op:?}");
            }
            Op::MoveCase { by, case, org } => {
                let (u, actor) = self.user(by);
                let (c, o) = (pick(&self.cases, case), pick(&self.orgs, org));
                let (now, first) = self.oracle.cases[&c];
                if now == o {
                    return;
                }
                let change = self
                    .forge::<MediationCase>(&actor, c, None, |k| k.branch = o.to_string())
                    .await
                    .unwrap();
                let expected = self.oracle.writes_case(u, now) && self.oracle.writes_case(u, o);
                let accepted = self.upload(u, &actor, c, change).await;
                assert_eq!(accepted, expected, "{op:?}");
                if accepted {
                    self.oracle.cases.insert(c, (o, first));
                }
            }
            Op::EditCase { by, case, stale } => {
                let (u, actor) = self.user(by);
                // A stale edit comes from another phone of the user's that has been offline
                // since the case was opened: its own actor, so its changes never reuse a
                // sequence number the user's first phone has taken since.
                let actor = if stale { ActorId::random() } else { actor };
                let c = pick(&self.cases, case);
                let (now, first) = self.oracle.cases[&c];
                self.clock += 1;
                let place = format!("地点{}", self.clock);
                let Some(change) = self
                    .forge::<MediationCase>(&actor, c, stale.then_some(1), |k| k.place = place)
                    .await
                else {
                    return;
                };
                // A stale edit is authorised on the state it was built on and on the merged one.
                let expected = self.oracle.writes_case(u, now)
                    && (!stale || self.oracle.writes_case(u, first));
                let accepted = self.upload(u, &actor, c, change).await;
                assert_eq!(accepted, expected, "{op:?}");
            }
            Op::MoveOrg { by, org, parent } => {
                let (u, actor) = self.user(by);
                let (x, p) = (pick(&self.orgs, org), pick(&self.orgs, parent));
                let Some(Some(old)) = self.oracle.parent.get(&x).copied() else {
                    return; // the league stays the root
                };
                if old == p {
                    return;
                }
                let change = self
                    .forge::<Organisation>(&actor, x, None, |o| o.parent = Some(p.to_string()))
                    .await
                    .unwrap();
                let expected = self.oracle.manages_orgs(u, old)
                    && self.oracle.manages_orgs(u, p)
                    && Oracle::may_contain(self.oracle.kind[&p], self.oracle.kind[&x])
                    && !self.oracle.up(p).contains(&x);
                let accepted = self.upload(u, &actor, x, change).await;
                assert_eq!(accepted, expected, "{op:?} by {u}: {x} from {old} to {p}");
                if accepted {
                    self.oracle.parent.insert(x, Some(p));
                }
            }
            Op::Uproot { by, org } => {
                let (u, actor) = self.user(by);
                let x = pick(&self.orgs, org);
                if self.oracle.parent.get(&x).copied().flatten().is_none() {
                    return;
                }
                let change = self
                    .forge::<Organisation>(&actor, x, None, |o| {
                        o.parent = None;
                        o.kind = OrgKind::League;
                    })
                    .await
                    .unwrap();
                // Only the operator makes roots.
                assert!(!self.upload(u, &actor, x, change).await, "{op:?}");
            }
            Op::PoseOrg { by, org, parent } => {
                let (u, actor) = self.user(by);
                let (x, p) = (pick(&self.orgs, org), pick(&self.orgs, parent));
                let fake = Id::new();
                let posing = Organisation {
                    name: "冒名".into(),
                    kind: self.oracle.kind[&x],
                    parent: Some(p.to_string()),
                    id: x.to_string(),
                    name_mn: None,
                };
                let change = self.root(&actor, fake, &posing);
                assert!(!self.upload(u, &actor, fake, change).await, "{op:?}");
            }
        }
    }

    /// The server's grants, tree and reads against the oracle's.
    async fn agree(&self) {
        let storage = self.storage.as_ref();
        let server_tree = Tree::load(storage).await.unwrap();
        for (org, parent) in &self.oracle.parent {
            assert_eq!(
                steppe_domain::authz::OrgTree::parent_of(&server_tree, &org.to_string()),
                parent.map(|p| p.to_string()),
                "the tree"
            );
        }
        for (user, _) in &self.users {
            let rows = storage.grants(&user.to_string()).await.unwrap();
            let server: BTreeSet<(String, String)> = rows.into_iter().collect();
            let oracle: BTreeSet<(String, String)> = self.oracle.grants[user]
                .iter()
                .map(|(o, r)| (o.to_string(), r.code().to_string()))
                .collect();
            assert_eq!(server, oracle, "grants of {user}");
            let scope = server_tree.scope(&tree::grants(server.into_iter().collect()));
            for (case, (branch, _)) in &self.oracle.cases {
                let (kind, org) = storage.doc_scope(*case.as_bytes()).await.unwrap().unwrap();
                assert_eq!(org, branch.to_string(), "where case {case} lives");
                assert_eq!(
                    scope.covers(&kind, &org),
                    self.oracle.reads(*user, *branch),
                    "whether {user} reads case {case}"
                );
            }
        }
    }
}

async fn run(plan: Plan) {
    let dir = tempfile::tempdir().unwrap();
    let storage = steppe_server::open_storage(&dir.path().join("s.db").to_string_lossy())
        .await
        .unwrap();
    let mut oracle = Oracle::default();
    let mut orgs = Vec::new();
    let mut gachas = Vec::new();
    let mut add = |oracle: &mut Oracle, id: Id, kind: OrgKind, parent: Option<Id>| {
        oracle.parent.insert(id, parent);
        oracle.kind.insert(id, kind);
        orgs.push(id);
        (id, kind, parent)
    };
    let mut seeds = Vec::new();
    let league = Id::new();
    seeds.push(add(&mut oracle, league, OrgKind::League, None));
    for _ in 0..plan.banners {
        let b = Id::new();
        seeds.push(add(&mut oracle, b, OrgKind::Banner, Some(league)));
        for _ in 0..plan.sumus {
            let s = Id::new();
            seeds.push(add(&mut oracle, s, OrgKind::Sumu, Some(b)));
            for _ in 0..plan.gachas {
                let g = Id::new();
                seeds.push(add(&mut oracle, g, OrgKind::Gacha, Some(s)));
                gachas.push(g);
            }
        }
    }
    for (id, kind, parent) in &seeds {
        let parent = parent.map(|p| (p.to_string(), oracle.kind[&p]));
        let o = Organisation::new(id.to_string(), "单位".into(), *kind, parent).unwrap();
        seed(storage.as_ref(), *id, &o).await;
    }
    let mut users = Vec::new();
    for (i, (gacha, role, org)) in plan.users.iter().enumerate() {
        let id = Id::new();
        let home = pick(&gachas, *gacha);
        let mut person = Person::new(
            format!("用户{i}"),
            home.to_string(),
            MemberStatus::Full,
            None,
        )
        .unwrap();
        let mut held = BTreeSet::new();
        for (r, o) in std::iter::once((role, org)).chain(
            plan.extra
                .iter()
                .filter(|(u, _, _)| *u as usize % plan.users.len() == i)
                .map(|(_, r, o)| (r, o)),
        ) {
            let (r, o) = (ROLES[*r as usize], pick(&orgs, *o));
            person.grant(&o.to_string(), r).unwrap();
            held.insert((o, r));
        }
        seed(storage.as_ref(), id, &person).await;
        storage
            .put_user(&id.to_string(), &person.name)
            .await
            .unwrap();
        oracle.grants.insert(id, held);
        oracle.person_org.insert(id, home);
        users.push((id, ActorId::random()));
    }
    let mut cases = Vec::new();
    for c in &plan.cases {
        let id = Id::new();
        let branch = pick(&orgs, *c);
        seed(storage.as_ref(), id, &World::case(branch)).await;
        oracle.cases.insert(id, (branch, branch));
        cases.push(id);
    }
    let mut world = World {
        storage,
        oracle,
        users,
        orgs,
        cases,
        clock: 1_000,
    };
    world.agree().await;
    for op in &plan.ops {
        world.step(op).await;
        world.agree().await;
    }
}

/// CI runs a fixed seed, so a run is repeatable; `STEPPE_AUTHZ_SEED=random` (with
/// `STEPPE_AUTHZ_CASES=500`) soaks it with fresh ones.
fn config() -> ProptestConfig {
    use proptest::test_runner::RngSeed;
    let rng_seed = match std::env::var("STEPPE_AUTHZ_SEED").ok().as_deref() {
        Some("random") => RngSeed::Random,
        Some(s) => RngSeed::Fixed(
            s.parse()
                .expect("STEPPE_AUTHZ_SEED is a number or `random`"),
        ),
        None => RngSeed::Fixed(0xa17_4021),
    };
    ProptestConfig {
        cases: std::env::var("STEPPE_AUTHZ_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(32),
        failure_persistence: None,
        rng_seed,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_server_allows_exactly_what_the_rules_allow(plan in plan()) {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(run(plan));
    }
}
