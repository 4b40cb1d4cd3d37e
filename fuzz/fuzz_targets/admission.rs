//! A valid change to an existing record with bits flipped — as an insider re-authors it with
//! their own actor and uploads it compact, so the checksum is recomputed and automerge parses
//! it — checked by `admission::admit` exactly as the server checks uploads. automerge panicked on
//! such a change in `fork_at` (issue 12); the server catches that, refuses the one change and
//! rebuilds its copy of the record, so here too a caught panic is not a crash, and the rebuilt
//! copy must be the stored one.
#![no_main]

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Once, OnceLock};

use automerge::{ActorId, AutoCommit, Change};
use libfuzzer_sys::fuzz_target;
use steppe_domain::Id;
use steppe_domain::admission::{Author, admit};
use steppe_domain::authz::{Grant, OrgTree, Role};
use steppe_domain::doc::{RecordDoc, apply_untrusted};
use steppe_domain::mediation::{CaseCategory, MediationCase};
use steppe_domain::org::OrgKind;
use steppe_protocol::chunk;

static QUIET: Once = Once::new();

struct Tree(HashMap<String, (Option<String>, OrgKind)>);

impl OrgTree for Tree {
    fn parent_of(&self, org: &str) -> Option<String> {
        self.0.get(org).and_then(|(p, _)| p.clone())
    }
    fn kind_of(&self, org: &str) -> Option<OrgKind> {
        self.0.get(org).map(|(_, k)| *k)
    }
}

struct Fixture {
    tree: Tree,
    doc: Id,
    stored: Vec<Change>,
    /// A later change by the second mediator, compact.
    edit: Vec<u8>,
    actor: ActorId,
    grants: Vec<Grant>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let ids: Vec<String> = (0..3).map(|i| format!("{:032x}", i + 1)).collect();
        let tree = Tree(HashMap::from([
            (ids[0].clone(), (None, OrgKind::League)),
            (ids[1].clone(), (Some(ids[0].clone()), OrgKind::Banner)),
            (ids[2].clone(), (Some(ids[1].clone()), OrgKind::Sumu)),
        ]));
        let doc = Id::parse("0000000000000000000000000000000a").expect("id");
        let case = MediationCase::open(
            ids[2].clone(),
            CaseCategory::PastureBoundary,
            "草场".into(),
            "围栏位置争议".into(),
            vec!["甲".into(), "乙".into()],
            vec![],
            1,
        )
        .expect("case");
        let mut a = RecordDoc::create(doc, &case, ActorId::from([1u8; 16]), 1, "open").expect("doc");
        let stored = a.changes_since(&[]);
        let actor = ActorId::from([2u8; 16]);
        let bytes: Vec<&[u8]> = stored.iter().map(|c| c.raw_bytes()).collect();
        let mut b = RecordDoc::load(doc, &[], bytes, actor.clone()).expect("load");
        let mut case: MediationCase = b.read().expect("read");
        let note = "0000000000000000000000000000000b".to_string();
        case.add_note(note, "上门了解情况".into(), "民警".into(), 2).expect("note");
        case.place = "东草场".into();
        let edit = b.write(&case, 2, "case.add_note").expect("write").expect("change");
        Fixture {
            tree,
            doc,
            stored,
            edit: chunk::compact(edit.raw_bytes()).expect("chunk").to_vec(),
            actor,
            grants: vec![Grant {
                org: ids[1].clone(),
                role: Role::Mediator,
            }],
        }
    })
}

fuzz_target!(|data: &[u8]| {
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let f = fixture();
    // The input flips bits of the valid change; past its end it is appended.
    let mut compact = f.edit.clone();
    for (i, b) in data.iter().take(1 << 12).enumerate() {
        match compact.get_mut(i) {
            Some(c) => *c ^= b,
            None => compact.push(*b),
        }
    }
    let mut current = AutoCommit::new();
    if apply_untrusted(&mut current, f.stored.clone()).is_err() {
        return;
    }
    let heads = current.get_heads();
    let author = Author {
        user_id: "u",
        actor: &f.actor.to_bytes(),
        grants: &f.grants,
        received_at: 1_800_000_000_000,
    };
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        admit(&mut current, &f.tree, author, f.doc, &chunk::expand(&compact))
    }));
    match outcome {
        Ok(Err(_)) => assert_eq!(current.get_heads(), heads, "a refusal leaves the record"),
        Ok(Ok(_)) => {}
        Err(_) => {
            let mut rebuilt = AutoCommit::new();
            assert!(apply_untrusted(&mut rebuilt, f.stored.clone()).is_ok());
            assert_eq!(rebuilt.get_heads(), heads);
        }
    }
});
