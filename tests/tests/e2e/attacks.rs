//! An insider with a valid phone edits bytes (issue 12): each attack goes through HTTP to a real
//! server, as a modified app would send it, and must end refused, reported to the device as a
//! typed rejection, with nothing outside the attacker's scope delivered and every grant as it was.

use automerge::ActorId;
use steppe_core::{NewCourse, NewHousehold, NewSession};
use steppe_domain::authz::Role;
use steppe_domain::doc::RecordDoc;
use steppe_domain::mediation::MediationCase;
use steppe_domain::org::{OrgKind, Organisation};
use steppe_domain::person::{MemberStatus, Person};
use steppe_domain::{Id, Record};
use steppe_protocol::{self as proto, DocChanges, RejectReason, SyncRequest, SyncResponse, chunk};
use steppe_server::admin;
use steppe_tests::harness::{Phone, Server, debt_case, region};

use crate::sync::{post, token_of};

/// The device's automerge actor, as the server bound it at enrollment.
pub(crate) async fn actor_of(server: &Server, phone: &Phone) -> ActorId {
    let d = server
        .storage()
        .device(&phone.device_id)
        .await
        .unwrap()
        .unwrap();
    ActorId::from(d.actor)
}

/// A change to `doc` as `phone` would make it with a modified app: built on the first `at`
/// changes the server stores (all of them if `None`), the record edited by `edit`.
pub(crate) async fn forge<R: Record>(
    server: &Server,
    phone: &Phone,
    doc: Id,
    at: Option<usize>,
    edit: impl FnOnce(&mut R),
) -> Vec<u8> {
    forge_dated(server, phone, doc, at, 1_800_000_000_000, edit).await
}

/// [`forge`], the change dated `time` by the phone's clock.
pub(crate) async fn forge_dated<R: Record>(
    server: &Server,
    phone: &Phone,
    doc: Id,
    at: Option<usize>,
    time: i64,
    edit: impl FnOnce(&mut R),
) -> Vec<u8> {
    let stored = server.storage().doc_changes(*doc.as_bytes()).await.unwrap();
    let take = at.unwrap_or(stored.len());
    let mut d = RecordDoc::load(
        doc,
        &[],
        stored[..take].iter().map(Vec::as_slice),
        actor_of(server, phone).await,
    )
    .unwrap();
    let mut record: R = d.read().unwrap();
    edit(&mut record);
    let change = d.write(&record, time, "forged").unwrap().unwrap();
    chunk::compact(change.raw_bytes()).unwrap().to_vec()
}

/// A first change for `doc` — a new record, or one posing as an existing id.
pub(crate) async fn forge_root<R: Record>(
    server: &Server,
    phone: &Phone,
    doc: Id,
    record: &R,
) -> Vec<u8> {
    let mut d = RecordDoc::create(
        doc,
        record,
        actor_of(server, phone).await,
        1_800_000_000_000,
        "forged",
    )
    .unwrap();
    let change = d.changes_since(&[]).remove(0);
    chunk::compact(change.raw_bytes()).unwrap().to_vec()
}

/// A request from a device that holds nothing yet and uploads nothing.
pub(crate) fn first_sync(page_bytes: u32) -> SyncRequest {
    SyncRequest {
        cursor: 0,
        scope: [0; 8],
        upload: vec![],
        upload_through: 0,
        page_bytes,
        want: vec![],
    }
}

pub(crate) async fn upload(
    server: &Server,
    phone: &Phone,
    doc: Id,
    changes: Vec<Vec<u8>>,
) -> SyncResponse {
    let req = SyncRequest {
        upload: vec![DocChanges {
            doc: Some(*doc.as_bytes()),
            changes,
        }],
        upload_through: 1,
        ..first_sync(1 << 20)
    };
    post(&server.url(), &token_of(phone), &req).await
}

async fn grants_of(server: &Server, user: Id) -> Vec<(String, String)> {
    let mut g = server.storage().grants(&user.to_string()).await.unwrap();
    g.sort();
    g
}

pub(crate) fn refused(resp: &SyncResponse, reason: RejectReason) {
    assert_eq!(resp.rejected.len(), 1, "{resp:?}");
    assert_eq!(resp.rejected[0].reason, reason, "{:?}", resp.rejected[0]);
}

/// [`refused`], and for the rule whose catalogue id `because` is — not some other check that
/// happened to refuse the same change first.
pub(crate) fn refused_for(resp: &SyncResponse, reason: RejectReason, because: &str) {
    refused(resp, reason);
    assert!(
        resp.rejected[0].detail == because,
        "refused for another reason: {:?}",
        resp.rejected[0]
    );
}

pub(crate) async fn phone(server: &Server, user: Id, dir: &std::path::Path, name: &str) -> Phone {
    let p = Phone::enroll(server, user, dir, name).await.unwrap();
    p.sync().await.unwrap();
    p
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secretary_cannot_grant_herself_or_anyone_more_than_she_holds() {
    let (dir, server, r) = region().await.unwrap();
    let sec = phone(&server, r.secretary, dir.path(), "sec").await;
    let before = grants_of(&server, r.secretary).await;

    // Through the app's own command, edited to skip its checks: administrator on the league.
    sec.store
        .grant_role(r.secretary, r.league, Role::Administrator)
        .unwrap();
    let report = sec.sync().await.unwrap();
    assert_eq!(report.rejected, 1);
    let rejected = sec.store.rejected_changes().unwrap();
    assert!(rejected[0].reason.contains("OutOfScope"), "{rejected:?}");
    assert_eq!(grants_of(&server, r.secretary).await, before);

    // Raw forged changes: a role she holds, on an organisation above her; a role inside her
    // scope, but for herself; a role she does not hold, for someone else.
    for (person, org, role) in [
        (r.secretary, r.league, Role::Secretary),
        (r.secretary, r.gacha1, Role::Mediator),
        (r.herder, r.sumu, Role::Administrator),
        (r.herder, r.league, Role::Member),
    ] {
        let c = forge::<Person>(&server, &sec, person, None, |p| {
            p.grant(&org.to_string(), role).unwrap();
        })
        .await;
        refused(
            &upload(&server, &sec, person, vec![c]).await,
            RejectReason::OutOfScope,
        );
    }
    assert_eq!(grants_of(&server, r.secretary).await, before);
    assert_eq!(
        grants_of(&server, r.herder).await,
        vec![(r.gacha1.to_string(), "member".to_string())]
    );
    // Revoking a role she could not grant is refused as well: a secretary cannot demote the
    // sumu's administrator.
    let boss = admin::create_user(
        server.storage(),
        "苏木管理员",
        r.gacha1,
        MemberStatus::Full,
        &[(r.sumu, Role::Administrator)],
    )
    .await
    .unwrap();
    let c = forge::<Person>(&server, &sec, boss, None, |p| {
        p.revoke(&r.sumu.to_string(), Role::Administrator).unwrap();
    })
    .await;
    refused(
        &upload(&server, &sec, boss, vec![c]).await,
        RejectReason::OutOfScope,
    );
    assert_eq!(
        grants_of(&server, boss).await,
        vec![(r.sumu.to_string(), "administrator".to_string())]
    );

    // What she may do still works: a mediator's role on a gacha below her, for a member.
    let c = forge::<Person>(&server, &sec, r.herder, None, |p| {
        p.grant(&r.gacha1.to_string(), Role::Mediator).unwrap();
    })
    .await;
    let resp = upload(&server, &sec, r.herder, vec![c]).await;
    assert!(resp.rejected.is_empty(), "{resp:?}");
    assert!(
        grants_of(&server, r.herder)
            .await
            .contains(&(r.gacha1.to_string(), "mediator".to_string()))
    );

    // And her scope after all this is what it was: nothing on the league is hers to write.
    sec.store
        .register_household(NewHousehold {
            grid: r.league,
            address: "1号".into(),
            head: "户主".into(),
            size: 2,
            tags: vec![],
        })
        .unwrap();
    let report = sec.sync().await.unwrap();
    assert_eq!(report.rejected, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_branchs_case_cannot_be_claimed_by_a_first_change_or_a_stale_one() {
    let (dir, server, r) = region().await.unwrap();
    let a = phone(&server, r.mediator_a, dir.path(), "a").await;
    // The region's "outsider" is a mediator of branch 2.
    let c = phone(&server, r.outsider, dir.path(), "c").await;
    let case = debt_case(&a.store, r.branch1).unwrap();
    a.sync().await.unwrap();
    let stored = server
        .storage()
        .doc_changes(*case.as_bytes())
        .await
        .unwrap()
        .len();

    // C knows the id and uploads a first change for it that files the case under branch 2.
    let mine = MediationCase::open(
        r.branch2.to_string(),
        steppe_domain::mediation::CaseCategory::Debt,
        "村".into(),
        "我的".into(),
        vec!["甲".into(), "乙".into()],
        vec![],
        1,
    )
    .unwrap();
    // C may write nothing of branch 1: refused before the record is even loaded.
    let root = forge_root(&server, &c, case, &mine).await;
    refused(
        &upload(&server, &c, case, vec![root]).await,
        RejectReason::OutOfScope,
    );
    // B, a mediator of branch 1 itself, gets no further with a second first change: it would
    // merge into A's record and could rewrite its fields.
    let b = phone(&server, r.mediator_b, dir.path(), "b").await;
    let root = forge_root(&server, &b, case, &mine).await;
    refused(
        &upload(&server, &b, case, vec![root]).await,
        RejectReason::Malformed,
    );
    assert_eq!(
        server
            .storage()
            .doc_changes(*case.as_bytes())
            .await
            .unwrap()
            .len(),
        stored,
        "nothing of it is stored"
    );
    assert_eq!(
        server.storage().doc_scope(*case.as_bytes()).await.unwrap(),
        Some(("mediation_case".to_string(), r.branch1.to_string()))
    );
    // Asking for the whole record by id gets nothing, as for any record out of scope.
    let req = SyncRequest {
        want: vec![*case.as_bytes()],
        ..first_sync(1 << 20)
    };
    let resp = post(&server.url(), &token_of(&c), &req).await;
    assert!(
        resp.changes.iter().all(|g| g.doc != Some(*case.as_bytes())),
        "the other branch's case is not served"
    );
    c.sync().await.unwrap();
    assert!(c.store.record_json(case).is_err());

    // A change that moves the case to branch 2, by a mediator of branch 1 (who does not write
    // branch 2), is refused: a move needs the right at both ends.
    let moved = forge::<MediationCase>(&server, &a, case, None, |k| {
        k.branch = r.branch2.to_string();
    })
    .await;
    refused(
        &upload(&server, &a, case, vec![moved]).await,
        RejectReason::OutOfScope,
    );

    // The sumu's secretary may move it (she writes both branches). After that, A's change
    // built on the state before the move — where the case was still A's — is refused: the
    // merged record is branch 2's.
    let sec = phone(&server, r.secretary, dir.path(), "sec").await;
    let moved = forge::<MediationCase>(&server, &sec, case, None, |k| {
        k.branch = r.branch2.to_string();
    })
    .await;
    let resp = upload(&server, &sec, case, vec![moved]).await;
    assert!(resp.rejected.is_empty(), "{resp:?}");
    let stale = forge::<MediationCase>(&server, &a, case, Some(stored), |k| {
        k.place = "改过的地点".into();
    })
    .await;
    refused(
        &upload(&server, &a, case, vec![stale]).await,
        RejectReason::OutOfScope,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organisation_cannot_pose_as_another_or_pull_a_subtree_under_it() {
    let (dir, server, r) = region().await.unwrap();
    let small = admin::create_user(
        server.storage(),
        "嘎查管理员",
        r.gacha1,
        MemberStatus::Full,
        &[(r.gacha1, Role::Administrator)],
    )
    .await
    .unwrap();
    let p = phone(&server, small, dir.path(), "small").await;
    let before = server.storage().orgs().await.unwrap();

    // A new document whose record names the sumu's id, with the gacha as its parent.
    let fake = Id::new();
    let posing = Organisation {
        name: "假苏木".into(),
        kind: OrgKind::PoliceVillageBranch,
        parent: Some(r.gacha1.to_string()),
        id: r.sumu.to_string(),
        name_mn: None,
    };
    let root = forge_root(&server, &p, fake, &posing).await;
    refused(
        &upload(&server, &p, fake, vec![root]).await,
        RejectReason::RuleViolation,
    );

    // Moving a sibling unit (branch 1, under the sumu) under the gacha needs the sumu's right.
    let c = forge::<Organisation>(&server, &p, r.branch1, None, |o| {
        o.parent = Some(r.gacha1.to_string());
    })
    .await;
    refused(
        &upload(&server, &p, r.branch1, vec![c]).await,
        RejectReason::OutOfScope,
    );

    // Its own unit cannot be made a root either (that would leave the sumu's reach).
    let c = forge::<Organisation>(&server, &p, r.gacha1, None, |o| {
        o.parent = None;
    })
    .await;
    assert!(
        !upload(&server, &p, r.gacha1, vec![c])
            .await
            .rejected
            .is_empty()
    );

    let mut after = server.storage().orgs().await.unwrap();
    let mut before = before;
    after.sort();
    before.sort();
    assert_eq!(after, before, "the tree is unchanged");

    // What the administrator may do still works: a police–village branch under the gacha.
    let new = Id::new();
    let branch = Organisation::new(
        new.to_string(),
        "新警地党支部".into(),
        OrgKind::PoliceVillageBranch,
        Some((r.gacha1.to_string(), OrgKind::Gacha)),
    )
    .unwrap();
    let root = forge_root(&server, &p, new, &branch).await;
    assert!(
        upload(&server, &p, new, vec![root])
            .await
            .rejected
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_actor_already_bound_cannot_be_enrolled_again() {
    let (dir, server, r) = region().await.unwrap();
    let a = phone(&server, r.mediator_a, dir.path(), "a").await;
    let server_actor = admin::server_actor(server.storage()).await.unwrap();
    let code = admin::issue_code(server.storage(), r.mediator_b, 1)
        .await
        .unwrap();
    let enroll = |actor: Vec<u8>, code: String| {
        let url = format!("{}{}", server.url(), proto::ENROLL_PATH);
        async move {
            let body = proto::encode_message(&proto::EnrollRequest {
                code,
                device_name: "改过的手机".into(),
                actor,
            })
            .unwrap();
            reqwest::Client::new()
                .post(url)
                .body(body)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    for actor in [
        server_actor.to_bytes().to_vec(),
        actor_of(&server, &a).await.to_bytes().to_vec(),
    ] {
        assert_eq!(
            enroll(actor, code.clone()).await,
            reqwest::StatusCode::CONFLICT
        );
    }
    // The refused attempts did not spend the code.
    assert_eq!(
        enroll(ActorId::random().to_bytes().to_vec(), code).await,
        reqwest::StatusCode::OK
    );
}

/// A browser session on the pages, driven over plain HTTP: cookies kept by hand.
struct Browser {
    client: reqwest::Client,
    base: String,
    cookies: Vec<String>,
}

fn hidden_field(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\" value=\""))?;
    let rest = &html[at + name.len() + 15..];
    Some(rest[..rest.find('"')?].to_string())
}

impl Browser {
    fn new(base: String) -> Self {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Self {
            client,
            base,
            cookies: Vec::new(),
        }
    }

    fn keep_cookies(&mut self, resp: &reqwest::Response) {
        for v in resp.headers().get_all(reqwest::header::SET_COOKIE) {
            let pair = v.to_str().unwrap().split(';').next().unwrap().to_string();
            let name = pair.split('=').next().unwrap().to_string();
            self.cookies.retain(|c| !c.starts_with(&format!("{name}=")));
            self.cookies.push(pair);
        }
    }

    async fn get(&mut self, path: &str) -> (reqwest::StatusCode, String) {
        let resp = self
            .client
            .get(format!("{}{path}", self.base))
            .header(reqwest::header::COOKIE, self.cookies.join("; "))
            .send()
            .await
            .unwrap();
        self.keep_cookies(&resp);
        (resp.status(), resp.text().await.unwrap())
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> reqwest::StatusCode {
        let resp = self
            .client
            .post(format!("{}{path}", self.base))
            .header(reqwest::header::COOKIE, self.cookies.join("; "))
            .form(form)
            .send()
            .await
            .unwrap();
        self.keep_cookies(&resp);
        resp.status()
    }

    async fn sign_in(&mut self, user: &str, password: &str) {
        let (_, form) = self.get("/web/login").await;
        let csrf = hidden_field(&form, "csrf").unwrap_or_default();
        let status = self
            .post(
                "/web/login",
                &[("user", user), ("password", password), ("csrf", &csrf)],
            )
            .await;
        assert!(status.is_redirection(), "signed in: {status}");
    }

    /// The signed-in session's form token, from any page's sign-out form.
    async fn csrf(&mut self) -> String {
        let (_, page) = self.get("/web").await;
        hidden_field(&page, "csrf").unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_write_is_the_signed_in_users_change_and_passes_the_same_checks() {
    use steppe_server::auth::password::hash_password;
    let (dir, server, r) = region().await.unwrap();
    let a = phone(&server, r.mediator_a, dir.path(), "a").await;
    let b = phone(&server, r.mediator_b, dir.path(), "b").await;
    let case = debt_case(&a.store, r.branch1).unwrap();
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    a.store.set_case_place(case, "东草场").unwrap();
    b.store.set_case_place(case, "西草场").unwrap();
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    a.sync().await.unwrap();
    let conflict = a.store.conflicts(Some(case)).unwrap().remove(0);
    for (user, password) in [(r.supervisor, "督导"), (r.secretary, "书记")] {
        server
            .storage()
            .set_password(&user.to_string(), &hash_password(password).unwrap())
            .await
            .unwrap();
    }
    let head = server.storage().head().await.unwrap();
    let resolve = |csrf: String| {
        vec![
            ("csrf".to_string(), csrf),
            ("doc".to_string(), case.to_string()),
            ("object".to_string(), conflict.object.clone()),
            ("key".to_string(), conflict.key.clone()),
            ("choice".to_string(), "1".to_string()),
        ]
    };

    // The supervisor only reads: a hand-made resolve post is refused and nothing is stored.
    let mut sup = Browser::new(server.url());
    sup.sign_in("苏木督导", "督导").await;
    let form = resolve(sup.csrf().await);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        sup.post("/web/conflicts/resolve", &form).await,
        reqwest::StatusCode::FORBIDDEN
    );
    assert_eq!(server.storage().head().await.unwrap(), head);

    // The secretary may, and the change is hers: her user, her web actor, through ingest.
    let mut sec = Browser::new(server.url());
    sec.sign_in("组织委员 王立华", "书记").await;
    let form = resolve(sec.csrf().await);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert!(
        sec.post("/web/conflicts/resolve", &form)
            .await
            .is_redirection()
    );
    assert_eq!(server.storage().head().await.unwrap(), head + 1);
    a.sync().await.unwrap();
    assert!(a.store.conflicts(Some(case)).unwrap().is_empty());
    let last = a.store.history(case).unwrap().pop().unwrap();
    assert_eq!(last.user_name.as_deref(), Some("组织委员 王立华"));
    assert_eq!(last.device_name.as_deref(), Some("网页"));
    // The web actor cannot be used to sync: it has no token.
    let web = server
        .storage()
        .device(&format!("web-{}", r.secretary))
        .await
        .unwrap()
        .unwrap();
    let req = first_sync(1 << 16);
    let status = reqwest::Client::new()
        .post(format!("{}{}", server.url(), proto::SYNC_PATH))
        .bearer_auth(format!("{}.{}", web.id, "0".repeat(64)))
        .body(proto::encode_request(&req, proto::Compression::None).unwrap())
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, reqwest::StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_revoked_while_its_response_streams_gets_no_further_page() {
    let (dir, server, r) = region().await.unwrap();
    let _a = steppe_tests::harness::mediator_with_cases(&server, &r, dir.path(), 300)
        .await
        .unwrap();
    let b = Phone::enroll(&server, r.mediator_b, dir.path(), "b")
        .await
        .unwrap();
    let device = server
        .storage()
        .device(&b.device_id)
        .await
        .unwrap()
        .unwrap();
    let req = first_sync(16 << 10);
    // The exchange without HTTP: the response's pages one by one, as the stream pulls them.
    let mut ex =
        steppe_server::exchange::handle(server.storage(), Default::default(), &device, &req)
            .await
            .unwrap();
    assert!(ex.first.more, "a first sync of 300 cases is several pages");
    assert!(ex.rest.next(server.storage()).await.unwrap().is_some());
    assert!(server.storage().revoke_device(&b.device_id).await.unwrap());
    assert!(
        ex.rest.next(server.storage()).await.unwrap().is_none(),
        "the next page is not sent"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_that_makes_automerge_panic_is_refused_alone_and_the_batch_goes_on() {
    use std::panic::AssertUnwindSafe;
    use steppe_domain::admission::{Author, admit};

    let (dir, server, r) = region().await.unwrap();
    let a = phone(&server, r.mediator_a, dir.path(), "a").await;
    let x = debt_case(&a.store, r.branch1).unwrap();
    a.sync().await.unwrap();
    a.store.add_case_note(x, "上门了解情况").unwrap();
    let y = debt_case(&a.store, r.branch1).unwrap();
    let mut req = a.store.sync_request(1 << 20).unwrap();
    assert_eq!(req.upload.len(), 2, "the note on X, then Y");
    let note = req.upload[0].changes[0].clone();

    // The modified app flips one bit of the note (compact, so its checksum is recomputed): find a
    // flip that makes automerge panic past parsing, checking with the server's own state.
    let stored: Vec<automerge::Change> = server
        .storage()
        .doc_changes(*x.as_bytes())
        .await
        .unwrap()
        .into_iter()
        .map(|b| automerge::Change::from_bytes(b).unwrap())
        .collect();
    let tree = steppe_server::tree::Tree::load(server.storage())
        .await
        .unwrap();
    let grants = steppe_server::tree::grants(
        server
            .storage()
            .grants(&r.mediator_a.to_string())
            .await
            .unwrap(),
    );
    let actor = actor_of(&server, &a).await.to_bytes().to_vec();
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let flipped = (0..note.len() * 8).find_map(|bit| {
        let mut m = note.clone();
        m[bit / 8] ^= 1 << (bit % 8);
        let mut current = automerge::AutoCommit::new();
        current.apply_changes(stored.clone()).unwrap();
        let author = Author {
            user_id: &r.mediator_a.to_string(),
            actor: &actor,
            grants: &grants,
            received_at: steppe_core::system_clock()(),
        };
        std::panic::catch_unwind(AssertUnwindSafe(|| {
            admit(&mut current, &tree, author, x, &chunk::expand(&m))
        }))
        .is_err()
        .then_some(m)
    });
    std::panic::set_hook(quiet);
    let flipped = flipped.expect("some one-bit flip of a change makes automerge panic");

    req.upload[0].changes[0] = flipped.clone();
    let resp = post(&server.url(), &token_of(&a), &req).await;
    assert_eq!(resp.rejected.len(), 1, "{resp:?}");
    assert_eq!(resp.rejected[0].reason, RejectReason::Malformed);
    assert_eq!(resp.rejected[0].hash, chunk::hash(&flipped));
    assert_eq!(
        server
            .storage()
            .doc_changes(*y.as_bytes())
            .await
            .unwrap()
            .len(),
        1,
        "the rest of the batch is stored"
    );
    assert_eq!(
        server
            .storage()
            .doc_changes(*x.as_bytes())
            .await
            .unwrap()
            .len(),
        stored.len(),
        "nothing of the broken change is"
    );
    // The honest app's own note still goes through on its next sync.
    a.sync().await.unwrap();
    assert_eq!(
        server
            .storage()
            .doc_changes(*x.as_bytes())
            .await
            .unwrap()
            .len(),
        stored.len() + 1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_cannot_cut_a_unit_off_the_tree_or_change_its_kind() {
    let (dir, server, r) = region().await.unwrap();
    let admin_user = admin::create_user(
        server.storage(),
        "苏木管理员",
        r.gacha1,
        MemberStatus::Full,
        &[(r.sumu, Role::Administrator)],
    )
    .await
    .unwrap();
    let p = phone(&server, admin_user, dir.path(), "admin").await;
    let before = server.storage().orgs().await.unwrap();
    // A root of its own: governed by nobody above it afterwards.
    let c = forge::<Organisation>(&server, &p, r.gacha1, None, |o| {
        o.kind = OrgKind::League;
        o.parent = None;
    })
    .await;
    refused(
        &upload(&server, &p, r.gacha1, vec![c]).await,
        RejectReason::RuleViolation,
    );
    // A gacha that becomes a Party school would publish its courses down other paths.
    let c = forge::<Organisation>(&server, &p, r.gacha1, None, |o| {
        o.kind = OrgKind::PartySchool;
    })
    .await;
    refused(
        &upload(&server, &p, r.gacha1, vec![c]).await,
        RejectReason::RuleViolation,
    );
    assert_eq!(server.storage().orgs().await.unwrap().len(), before.len());
    let mut after = server.storage().orgs().await.unwrap();
    let mut before = before;
    after.sort();
    before.sort();
    assert_eq!(after, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_cannot_be_written_under_a_second_key() {
    let (dir, server, r) = region().await.unwrap();
    let sec = phone(&server, r.secretary, dir.path(), "sec").await;
    // Her own secretary role written again under its Chinese label, the code key cleared: the
    // role set reads the same, but a later revocation of the code key would miss it. Written
    // straight into the document, as a modified app would, past the app's own checks.
    let c = forge_roles(
        &server,
        &sec,
        r.secretary,
        &[
            (format!("{}/secretary", r.sumu), false),
            (format!("{}/支部书记", r.sumu), true),
        ],
    )
    .await;
    refused(
        &upload(&server, &sec, r.secretary, vec![c]).await,
        RejectReason::RuleViolation,
    );
    // A role code this build does not know, planted for a later release.
    let c = forge_roles(
        &server,
        &sec,
        r.herder,
        &[(format!("{}/auditor", r.league), true)],
    )
    .await;
    refused(
        &upload(&server, &sec, r.herder, vec![c]).await,
        RejectReason::RuleViolation,
    );
    assert_eq!(
        grants_of(&server, r.secretary).await,
        vec![(r.sumu.to_string(), "secretary".to_string())]
    );
}

/// The document as the server stores it, in raw automerge, writable as `phone`'s actor: what a
/// modified app edits past every check the app would make.
async fn stored_as(server: &Server, phone: &Phone, doc: Id) -> automerge::AutoCommit {
    let stored = server.storage().doc_changes(*doc.as_bytes()).await.unwrap();
    let mut d = automerge::AutoCommit::new();
    d.apply_changes(
        stored
            .iter()
            .map(|b| automerge::Change::from_bytes(b.clone()).unwrap()),
    )
    .unwrap();
    d.set_actor(actor_of(server, phone).await);
    d
}

/// Keys set in a person's roles map directly in the document, skipping every check the app
/// would make.
async fn forge_roles(
    server: &Server,
    phone: &Phone,
    person: Id,
    keys: &[(String, bool)],
) -> Vec<u8> {
    use automerge::transaction::Transactable;
    use automerge::{ROOT, ReadDoc};
    let mut doc = stored_as(server, phone, person).await;
    let (_, record) = doc.get(ROOT, "record").unwrap().unwrap();
    let (_, roles) = doc.get(&record, "roles").unwrap().unwrap();
    for (key, held) in keys {
        doc.put(&roles, key.as_str(), *held).unwrap();
    }
    doc.commit();
    let change = doc.get_last_local_change().unwrap().clone();
    chunk::compact(change.raw_bytes()).unwrap().to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_cannot_rewrite_the_roll_while_checking_in() {
    use automerge::transaction::Transactable;
    use automerge::{ObjType, ROOT, ReadDoc};
    use steppe_domain::course::{SessionMode, Topic};

    let (dir, server, r) = region().await.unwrap();
    let sec = phone(&server, r.secretary, dir.path(), "sec").await;
    let herder = phone(&server, r.herder, dir.path(), "herder").await;
    let course = sec
        .store
        .create_course(NewCourse {
            school: r.school,
            title: "形势政策".into(),
            topic: Topic::SituationPolicy,
            lecturer: None,
        })
        .unwrap();
    let now = steppe_core::system_clock()();
    let session = sec
        .store
        .schedule_session(NewSession {
            course,
            starts_at: now - 60_000,
            minutes: 60,
            mode: SessionMode::Online,
            venue: "驼乡e站".into(),
        })
        .unwrap();
    sec.sync().await.unwrap();
    herder.sync().await.unwrap();

    // The roll replaced by a fresh map holding the herder's own mark: each field of the record
    // reads like a check-in, but every mark written against the old map would be lost.
    let mut doc = stored_as(&server, &herder, session).await;
    let (_, record) = doc.get(ROOT, "record").unwrap().unwrap();
    let roll = doc.put_object(&record, "attendance", ObjType::Map).unwrap();
    doc.put(&roll, r.herder.to_string(), "Present").unwrap();
    doc.commit();
    let change = doc.get_last_local_change().unwrap().clone();
    let compact = chunk::compact(change.raw_bytes()).unwrap().to_vec();
    refused(
        &upload(&server, &herder, session, vec![compact]).await,
        RejectReason::Malformed,
    );

    // Checking in the ordinary way still works.
    herder
        .store
        .check_in(session, SessionMode::Online, None)
        .unwrap();
    let report = herder.sync().await.unwrap();
    assert_eq!((report.sent, report.rejected), (1, 0));
}

/// A modified app lists its new change twice in one upload: under its own new case and under
/// another branch's case. It is judged once, under the first; the other branch's case keeps
/// its place and its history.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_listed_under_two_records_is_judged_once_under_the_first() {
    let (dir, server, r) = region().await.unwrap();
    let b = phone(&server, r.outsider, dir.path(), "b").await;
    let theirs = debt_case(&b.store, r.branch2).unwrap();
    b.sync().await.unwrap();
    let a = phone(&server, r.mediator_a, dir.path(), "a").await;
    let mine = debt_case(&a.store, r.branch1).unwrap();
    let own = a.store.sync_request(1 << 20).unwrap();
    let group = own
        .upload
        .iter()
        .find(|g| g.doc == Some(*mine.as_bytes()))
        .unwrap()
        .clone();
    let before = server
        .storage()
        .doc_changes(*theirs.as_bytes())
        .await
        .unwrap();
    let req = SyncRequest {
        upload: vec![
            group.clone(),
            DocChanges {
                doc: Some(*theirs.as_bytes()),
                changes: group.changes.clone(),
            },
        ],
        ..own
    };
    let resp = post(&server.url(), &token_of(&a), &req).await;
    assert!(resp.rejected.is_empty(), "{:?}", resp.rejected);
    assert_eq!(
        server
            .storage()
            .doc_scope(*theirs.as_bytes())
            .await
            .unwrap(),
        Some(("mediation_case".into(), r.branch2.to_string())),
        "the other branch's case stays where it is"
    );
    assert_eq!(
        server
            .storage()
            .doc_changes(*theirs.as_bytes())
            .await
            .unwrap(),
        before
    );
    assert_eq!(
        server
            .storage()
            .doc_changes(*mine.as_bytes())
            .await
            .unwrap()
            .len(),
        1,
        "stored once, under its own record"
    );
}

/// The server's copy of `person`'s record.
async fn person_held(server: &Server, person: Id) -> Person {
    let stored = server
        .storage()
        .doc_changes(*person.as_bytes())
        .await
        .unwrap();
    RecordDoc::load(
        person,
        &[],
        stored.iter().map(Vec::as_slice),
        ActorId::random(),
    )
    .unwrap()
    .read()
    .unwrap()
}

/// A name in Mongolian script is a field of the person record like any other: the member
/// cannot write their own, a mediator of another gacha cannot write it, the sumu's secretary
/// can, and one in another script is refused by the rule even from her.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_persons_mongolian_name_is_written_only_by_who_manages_people_there() {
    let (dir, server, r) = region().await.unwrap();
    let herder = phone(&server, r.herder, dir.path(), "herder").await;
    let outsider = phone(&server, r.outsider, dir.path(), "outsider").await;
    let sec = phone(&server, r.secretary, dir.path(), "sec").await;
    for p in [&herder, &outsider] {
        let c = forge::<Person>(&server, p, r.herder, None, |person| {
            person.set_name_mn(Some("ᠤᠶᠤᠨ".into())).unwrap();
        })
        .await;
        refused(
            &upload(&server, p, r.herder, vec![c]).await,
            RejectReason::OutOfScope,
        );
    }
    assert_eq!(person_held(&server, r.herder).await.name_mn, None);

    // A modified app skips the script check, writing the field into the document directly: the
    // server's rule still holds.
    let c = {
        use automerge::transaction::Transactable;
        use automerge::{ROOT, ReadDoc};
        let mut doc = stored_as(&server, &sec, r.herder).await;
        let (_, record) = doc.get(ROOT, "record").unwrap().unwrap();
        doc.put(&record, "name_mn", "Uyun").unwrap();
        doc.commit();
        let change = doc.get_last_local_change().unwrap().clone();
        chunk::compact(change.raw_bytes()).unwrap().to_vec()
    };
    refused(
        &upload(&server, &sec, r.herder, vec![c]).await,
        RejectReason::RuleViolation,
    );
    assert_eq!(person_held(&server, r.herder).await.name_mn, None);

    let c = forge::<Person>(&server, &sec, r.herder, None, |person| {
        person.set_name_mn(Some("ᠤᠶᠤᠨ".into())).unwrap();
    })
    .await;
    let resp = upload(&server, &sec, r.herder, vec![c]).await;
    assert!(resp.rejected.is_empty(), "{resp:?}");
    assert_eq!(
        person_held(&server, r.herder).await.name_mn.as_deref(),
        Some("ᠤᠶᠤᠨ")
    );
}
