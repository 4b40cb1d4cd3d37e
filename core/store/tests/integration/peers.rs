//! Two stores meeting (ADR 0011), for random scopes: what crosses is exactly what an oracle
//! computed from the reader's certificate allows — the author's own records of units the reader
//! reads — and nothing else; and nothing of the reader crosses back that the author did not ask
//! for (the reader has written nothing).

use std::collections::BTreeSet;
use std::os::unix::net::UnixStream;

use proptest::prelude::*;
use steppe_core::{NewCase, PeerRole, Steppe};
use steppe_domain::Id;
use steppe_domain::authz::Role;
use steppe_domain::mediation::CaseCategory;
use steppe_domain::org::OrgKind;
use steppe_protocol::sealing::BoxSecret;
use steppe_protocol::signing::{
    CERTIFICATE_VERSION, Certificate, CertificateResponse, Revocations, SecretKey,
    SignedCertificate, SignedRevocations,
};

use crate::support::*;

/// What the server would answer `store` after a sync: a certificate reading `readable`, with
/// the roles `grants`.
fn certify(
    store: &Steppe,
    server: &SecretKey,
    sealing: &BoxSecret,
    readable: &[Id],
    grants: &[(Id, Role)],
) {
    let cert = Certificate {
        version: CERTIFICATE_VERSION,
        device_id: store.identity().device_id.clone(),
        user_id: store.identity().user_id.clone(),
        user_name: store.identity().user_name.clone(),
        device_name: store.identity().device_name.clone(),
        actor: hex::decode(store.actor()).unwrap(),
        public_key: store.public_key().unwrap().to_vec(),
        readable: readable.iter().map(|o| *o.as_bytes()).collect(),
        grants: grants
            .iter()
            .map(|(o, r)| (*o.as_bytes(), r.code().to_string()))
            .collect(),
        box_key: sealing.public().to_vec(),
        issued_at: t0(),
        expires_at: t0() + 30 * 86_400_000,
    };
    store
        .accept_certificate(&CertificateResponse {
            server_key: server.public().to_vec(),
            certificate: SignedCertificate::issue(server, &cert),
            revocations: SignedRevocations::issue(
                server,
                &Revocations {
                    issued_at: t0(),
                    devices: Vec::new(),
                },
            ),
        })
        .unwrap();
}

fn run(branches: usize, cases: Vec<usize>, reads: Vec<bool>) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let author = Device::open(&dir.path().join("a.db"), Id::new(), "author");
    let t = tree(&author.store);
    enrol_self(&author, t.gacha, &[(t.town, Role::Mediator)]);
    let mut units = vec![t.police_branch];
    for i in 1..branches {
        units.push(
            author
                .store
                .create_org(
                    &format!("警地党支部{i}"),
                    OrgKind::PoliceVillageBranch,
                    Some(t.gacha),
                )
                .unwrap(),
        );
    }
    // The reader holds the tree, as a phone does from its syncs: the author's records so far.
    let reader = Device::open(&dir.path().join("b.db"), Id::new(), "reader");
    let mut tree_changes = Vec::new();
    for doc in author.store.document_ids().unwrap() {
        tree_changes.extend(author.store.export_changes(doc).unwrap());
    }
    reader
        .store
        .apply_remote(&author.store.actors().unwrap(), &tree_changes)
        .unwrap();
    let server = SecretKey::generate().unwrap();
    let sealing = BoxSecret::generate().unwrap();
    let all: Vec<Id> = units.clone();
    let readable: Vec<Id> = units
        .iter()
        .zip(reads.iter().cycle())
        .filter(|(_, r)| **r)
        .map(|(u, _)| *u)
        .collect();
    certify(
        &author.store,
        &server,
        &sealing,
        &all,
        &[(t.town, Role::Mediator)],
    );
    certify(&reader.store, &server, &sealing, &readable, &[]);
    let mut expected = BTreeSet::new();
    let mut written = Vec::new();
    for c in &cases {
        let unit = units[c % units.len()];
        let id = author
            .store
            .open_case(NewCase {
                branch: unit,
                category: CaseCategory::Debt,
                place: "嘎查".into(),
                description: format!("借款纠纷 {c}"),
                parties: vec!["甲".into(), "乙".into()],
                mediators: vec![],
            })
            .unwrap();
        if readable.contains(&unit) {
            expected.insert(id);
        }
        written.push(id);
    }
    let (mut x, mut y) = UnixStream::pair().unwrap();
    let (a, b) = (&author.store, &reader.store);
    let (sent, got) = std::thread::scope(|s| {
        let responder = s.spawn(move || b.meet(&mut y, PeerRole::Responder));
        let sent = a.meet(&mut x, PeerRole::Initiator);
        (sent, responder.join().unwrap())
    });
    let (sent, got) = (sent.unwrap(), got.unwrap());
    let arrived: BTreeSet<Id> = written
        .iter()
        .copied()
        .filter(|id| reader.store.record_org(*id).unwrap().is_some())
        .collect();
    prop_assert_eq!(
        &arrived,
        &expected,
        "what crossed is what the oracle allows"
    );
    prop_assert_eq!(sent.received, 0, "the reader wrote nothing");
    prop_assert_eq!(got.received as usize >= expected.len(), true);
    for id in &expected {
        prop_assert!(reader.store.is_unconfirmed(*id).unwrap());
    }
    // The author's whole outbox (its tree and people too) travels sealed only when the reader
    // may not read all of it.
    let waiting = author.store.pending_uploads().unwrap();
    prop_assert_eq!(
        sent.offered_sealed,
        u64::from(sent.offered_changes < waiting)
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, max_shrink_iters: 32, ..ProptestConfig::default() })]

    #[test]
    fn what_crosses_is_what_the_readers_certificate_allows(
        branches in 1usize..=4,
        cases in proptest::collection::vec(0usize..8, 0..8),
        reads in proptest::collection::vec(any::<bool>(), 1..=4),
    ) {
        run(branches, cases, reads)?;
    }
}
