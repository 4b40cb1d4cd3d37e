//! Property: 3–5 replicas perform random domain operations offline and exchange changes in random
//! order, partially and with duplicates. After a final exchange every replica holds identical
//! documents and identical projection rows, and no change any replica acknowledged is missing.

use std::collections::BTreeSet;

use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rusqlite::Connection;
use steppe_core::{NewCase, NewCourse, NewHousehold, NewPerson, NewRequest, NewSession};
use steppe_domain::Id;
use steppe_domain::authz::Role;
use steppe_domain::course::{Attendance, SessionMode, Topic};
use steppe_domain::household::{HouseholdTag, VisitMode};
use steppe_domain::mediation::{CaseCategory, MediationCase, Outcome};
use steppe_domain::person::MemberStatus;
use steppe_domain::request::{RequestStep, ResidentRequest};

use crate::support::*;

#[derive(Debug, Clone)]
enum Op {
    Note {
        r: usize,
        case: usize,
    },
    Describe {
        r: usize,
        case: usize,
        text: String,
    },
    Close {
        r: usize,
        case: usize,
        outcome: u8,
    },
    Reopen {
        r: usize,
        case: usize,
    },
    NewCase {
        r: usize,
    },
    CheckIn {
        r: usize,
    },
    Mark {
        r: usize,
        member: usize,
        status: u8,
    },
    Advance {
        r: usize,
        satisfied: bool,
    },
    Tag {
        r: usize,
        household: usize,
        tag: usize,
        on: bool,
    },
    Visit {
        r: usize,
        household: usize,
    },
    Exchange {
        from: usize,
        to: usize,
        seed: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let r = 0usize..5;
    prop_oneof![
        3 => (r.clone(), 0usize..4).prop_map(|(r, case)| Op::Note { r, case }),
        1 => (r.clone(), 0usize..4, "[a-z 草场]{1,12}").prop_map(|(r, case, text)| Op::Describe { r, case, text }),
        1 => (r.clone(), 0usize..4, 0u8..3).prop_map(|(r, case, outcome)| Op::Close { r, case, outcome }),
        1 => (r.clone(), 0usize..4).prop_map(|(r, case)| Op::Reopen { r, case }),
        1 => r.clone().prop_map(|r| Op::NewCase { r }),
        1 => r.clone().prop_map(|r| Op::CheckIn { r }),
        2 => (r.clone(), 0usize..5, 0u8..3).prop_map(|(r, member, status)| Op::Mark { r, member, status }),
        2 => (r.clone(), any::<bool>()).prop_map(|(r, satisfied)| Op::Advance { r, satisfied }),
        2 => (r.clone(), 0usize..2, 0usize..7, any::<bool>()).prop_map(|(r, household, tag, on)| Op::Tag { r, household, tag, on }),
        1 => (r.clone(), 0usize..2).prop_map(|(r, household)| Op::Visit { r, household }),
        4 => (r.clone(), r, any::<u64>()).prop_map(|(from, to, seed)| Op::Exchange { from, to, seed }),
    ]
}

/// Sends a random part of what `from` holds to `to`: shuffled, some changes dropped, some
/// duplicated, in several batches.
fn exchange(from: &Device, to: &Device, seed: u64, everything: bool) {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut changes = Vec::new();
    for doc in from.store.document_ids().expect("ids") {
        for c in from.store.export_changes(doc).expect("export") {
            if everything || rng.random_bool(0.7) {
                if !everything && rng.random_bool(0.2) {
                    changes.push(c.clone());
                }
                changes.push(c);
            }
        }
    }
    changes.shuffle(&mut rng);
    let actors = from.store.actors().expect("actors");
    let batches = if everything {
        1
    } else {
        rng.random_range(1..=3)
    };
    let size = changes.len().div_ceil(batches).max(1);
    for batch in changes.chunks(size) {
        to.store.apply_remote(&actors, batch).expect("apply");
    }
}

fn local_hashes(d: &Device) -> BTreeSet<Vec<u8>> {
    let conn = Connection::open(d.store.path()).expect("open");
    let mut stmt = conn
        .prepare("SELECT hash FROM history WHERE local = 1")
        .expect("prepare");
    stmt.query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn all_hashes(d: &Device) -> BTreeSet<Vec<u8>> {
    let conn = Connection::open(d.store.path()).expect("open");
    let mut stmt = conn.prepare("SELECT hash FROM history").expect("prepare");
    stmt.query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn run(n: usize, ops: Vec<Op>) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("tempdir");
    let devices: Vec<Device> = (0..n)
        .map(|i| {
            Device::open(
                &dir.path().join(format!("r{i}.db")),
                Id::new(),
                &format!("r{i}"),
            )
        })
        .collect();
    let admin = &devices[0];
    let t = tree(&admin.store);
    for d in &devices {
        admin
            .store
            .add_person(NewPerson {
                id: Some(d.user),
                name: format!("member {}", d.user),
                org: t.gacha,
                status: MemberStatus::Full,
                phone: None,
            })
            .expect("person");
        admin
            .store
            .grant_role(d.user, t.town, Role::Secretary)
            .expect("grant");
    }
    let course = admin
        .store
        .create_course(NewCourse {
            school: t.school,
            title: "党的理论".into(),
            topic: Topic::PartyTheory,
            lecturer: None,
        })
        .expect("course");
    let session = admin
        .store
        .schedule_session(NewSession {
            course,
            starts_at: t0(),
            minutes: 600,
            mode: SessionMode::OnSite,
            venue: "党校".into(),
        })
        .expect("session");
    let mut cases: Vec<Id> = (0..2)
        .map(|_| {
            admin
                .store
                .open_case(NewCase {
                    branch: t.police_branch,
                    category: CaseCategory::Neighbours,
                    place: "村".into(),
                    description: "纠纷".into(),
                    parties: vec!["a".into(), "b".into()],
                    mediators: vec![],
                })
                .expect("case")
        })
        .collect();
    let request = admin
        .store
        .raise_request(NewRequest {
            community: t.community,
            title: "停车".into(),
            description: "停车难".into(),
            raised_by: "居民".into(),
        })
        .expect("request");
    let households: Vec<Id> = (0..2)
        .map(|i| {
            admin
                .store
                .register_household(NewHousehold {
                    grid: t.grid,
                    address: format!("{i}-1-101"),
                    head: "户主".into(),
                    size: 2,
                    tags: vec![],
                })
                .expect("household")
        })
        .collect();
    for d in &devices[1..] {
        exchange(admin, d, 0, true);
    }

    let mut acknowledged_notes: Vec<(Id, String)> = Vec::new();
    for op in ops {
        match op {
            Op::Note { r, case } => {
                let d = &devices[r % n];
                d.advance(60_000);
                let case = cases[case % cases.len()];
                if let Ok(entry) = d.store.add_case_note(case, "note") {
                    acknowledged_notes.push((case, entry));
                }
            }
            Op::Describe { r, case, text } => {
                let _ = devices[r % n]
                    .store
                    .edit_case_description(cases[case % cases.len()], &format!("纠纷 {text}"));
            }
            Op::Close { r, case, outcome } => {
                let outcome =
                    [Outcome::Agreement, Outcome::Referred, Outcome::Withdrawn][outcome as usize];
                let _ = devices[r % n].store.close_case(
                    cases[case % cases.len()],
                    outcome,
                    Some("detail"),
                );
            }
            Op::Reopen { r, case } => {
                let _ = devices[r % n]
                    .store
                    .reopen_case(cases[case % cases.len()], "协议未履行");
            }
            Op::NewCase { r } => {
                if let Ok(c) = devices[r % n].store.open_case(NewCase {
                    branch: t.police_branch,
                    category: CaseCategory::Debt,
                    place: "村".into(),
                    description: "借款".into(),
                    parties: vec!["a".into(), "b".into()],
                    mediators: vec![],
                }) {
                    cases.push(c);
                }
            }
            Op::CheckIn { r } => {
                let _ = devices[r % n]
                    .store
                    .check_in(session, SessionMode::OnSite, None);
            }
            Op::Mark { r, member, status } => {
                let status =
                    [Attendance::Present, Attendance::Absent, Attendance::Excused][status as usize];
                let _ =
                    devices[r % n]
                        .store
                        .mark_attendance(session, devices[member % n].user, status);
            }
            Op::Advance { r, satisfied } => {
                let d = &devices[r % n];
                let Ok(req) = d.store.get::<ResidentRequest>(request) else {
                    continue;
                };
                let _ = match req.step {
                    RequestStep::Raised | RequestStep::Reopened => {
                        d.store.discuss_request(request, "议")
                    }
                    RequestStep::Discussed => d.store.decide_request(request, "决", None),
                    RequestStep::Decided => d.store.carry_out_request(request, "办"),
                    // Refused when `d` did the work: the verdict is collected by someone else.
                    RequestStep::Done => d.store.evaluate_request(
                        request,
                        steppe_core::Verdict {
                            satisfied,
                            comment: "评".into(),
                            residents: vec!["居民".into()],
                        },
                    ),
                    RequestStep::Evaluated => Ok(()),
                };
            }
            Op::Tag {
                r,
                household,
                tag,
                on,
            } => {
                let _ = devices[r % n].store.tag_household(
                    households[household],
                    HouseholdTag::ALL[tag],
                    on,
                );
            }
            Op::Visit { r, household } => {
                let _ = devices[r % n].store.log_visit(
                    households[household],
                    VisitMode::Door,
                    "走访",
                    false,
                );
            }
            Op::Exchange { from, to, seed } => {
                if from % n != to % n {
                    exchange(&devices[from % n], &devices[to % n], seed, false);
                }
            }
        }
    }

    // Everyone meets everyone until nothing new flows (two rounds suffice for a full mesh).
    for _ in 0..2 {
        for a in &devices {
            for b in &devices {
                if a.store.actor() != b.store.actor() {
                    exchange(a, b, 0, true);
                }
            }
        }
    }

    let acknowledged: BTreeSet<Vec<u8>> = devices.iter().flat_map(local_hashes).collect();
    let reference = &devices[0];
    let ref_dump = projection_dump(reference.store.path());
    let ref_ids = reference.store.document_ids().expect("ids");
    for d in &devices {
        let held = all_hashes(d);
        let missing: Vec<_> = acknowledged.difference(&held).collect();
        prop_assert!(
            missing.is_empty(),
            "replica {} lacks {} acknowledged changes",
            d.store.actor(),
            missing.len()
        );
        prop_assert_eq!(&d.store.document_ids().expect("ids"), &ref_ids);
        for id in &ref_ids {
            prop_assert_eq!(
                d.store.record_json(*id).expect("json"),
                reference.store.record_json(*id).expect("json")
            );
        }
        prop_assert_eq!(&projection_dump(d.store.path()), &ref_dump);
        for (case, entry) in &acknowledged_notes {
            let c: MediationCase = d.store.get(*case).expect("case");
            prop_assert!(
                c.timeline.iter().any(|e| &e.id == entry),
                "acknowledged note missing"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 64, ..ProptestConfig::default() })]

    #[test]
    fn replicas_converge_and_lose_nothing(n in 3usize..=5, ops in proptest::collection::vec(op(), 10..60)) {
        run(n, ops)?;
    }
}
