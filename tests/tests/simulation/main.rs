//! A deterministic simulation of the sync path. Five phones of four users (two branches and a
//! supervisor over both) write cases and notes offline and sync with the real server through an
//! in-process network that drops, duplicates, delays (and so reorders) and truncates requests,
//! drops and cuts responses, kills the app mid-response and restarts the server. Everything runs
//! on one thread with no timers, so a seed replays the same run.
//!
//! Phones also meet without the server (ADR 0011) over in-memory links that may be cut after a
//! number of bytes, and hand bundle files to the server as if carried there; what they carry for
//! others goes to the server before their next sync.
//!
//! Properties, once the faults stop:
//! - liveness: every phone's upload queue drains and its catch-up ends within a bounded number
//!   of exchanges (a stalled queue fails the test);
//! - every write a phone committed reaches every phone whose user may read it, and no other;
//! - phones of the same scope end with the same cases.
//!
//! `STEPPE_SIM_CASES` sets the number of runs (default 12), `STEPPE_SIM_SEED` the seed (default
//! fixed; `random` for a soak that explores new schedules).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed step is a failed test

mod device;
mod faults;
mod network;

use std::sync::{LazyLock, Mutex};

use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use steppe_core::{NewCase, SyncError, SyncStep};
use steppe_demo::seed_region;
use steppe_domain::Id;
use steppe_domain::mediation::{CaseCategory, MediationCase};

use device::Device;
use faults::{Faults, RequestFault, ResponseFault};
use network::SimServer;

/// Phones that write: two of mediator A, one of mediator B (branch 1), the outsider (branch 2).
const WRITERS: usize = 4;
/// Plus the supervisor's, which only reads.
const DEVICES: usize = WRITERS + 1;
/// Exchanges a phone may need to settle once the network is calm before it counts as stalled.
const SETTLE_WITHIN: usize = 64;

#[derive(Debug, Clone)]
enum Step {
    /// A new case (None) or a note on the k-th case the phone holds.
    Write {
        device: usize,
        note_on: Option<u8>,
    },
    Sync {
        device: usize,
        request: RequestFault,
        response: ResponseFault,
    },
    Kill {
        device: usize,
    },
    RestartServer,
    DeliverDelayed {
        pick: u8,
    },
    /// Two phones meet; the link is cut after `cut` × 64 bytes, if given.
    Meet {
        a: usize,
        b: usize,
        cut: Option<u16>,
    },
    /// A phone's unsent changes carried to the server in a file.
    Carry {
        device: usize,
    },
}

fn request_fault() -> impl Strategy<Value = RequestFault> {
    prop_oneof![
        4 => Just(RequestFault::None),
        1 => Just(RequestFault::Drop),
        1 => Just(RequestFault::Delay),
        1 => Just(RequestFault::Duplicate),
        1 => (0u16..1000).prop_map(RequestFault::Truncate),
    ]
}

fn response_fault() -> impl Strategy<Value = ResponseFault> {
    prop_oneof![
        4 => Just(ResponseFault::None),
        1 => Just(ResponseFault::Drop),
        1 => (0u16..1000).prop_map(ResponseFault::Cut),
        1 => (0u8..4).prop_map(ResponseFault::KillAfterFrames),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..WRITERS, proptest::option::of(any::<u8>()))
            .prop_map(|(device, note_on)| Step::Write { device, note_on }),
        5 => (0..DEVICES, request_fault(), response_fault()).prop_map(
            |(device, request, response)| Step::Sync { device, request, response }
        ),
        1 => (0..DEVICES).prop_map(|device| Step::Kill { device }),
        1 => Just(Step::RestartServer),
        1 => any::<u8>().prop_map(|pick| Step::DeliverDelayed { pick }),
        2 => (0..DEVICES, 0..DEVICES, proptest::option::of(0u16..200))
            .prop_map(|(a, b, cut)| Step::Meet { a, b, cut }),
        1 => (0..WRITERS).prop_map(|device| Step::Carry { device }),
    ]
}

/// A write some phone committed, which must reach everyone who reads its branch.
#[derive(Debug)]
struct Written {
    case: Id,
    marker: String,
    branch: Id,
}

struct World {
    _dir: tempfile::TempDir,
    server: SimServer,
    devices: Vec<Device>,
    branch1: Id,
    branch2: Id,
    written: Vec<Written>,
    faults: Faults,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let server = SimServer::start(&dir.path().join("server.db"));
        let r = server.block_on(seed_region(server.storage())).unwrap();
        let devices = vec![
            Device::enroll(&server, dir.path(), "a1", r.mediator_a, r.branch1),
            Device::enroll(&server, dir.path(), "a2", r.mediator_a, r.branch1),
            Device::enroll(&server, dir.path(), "b", r.mediator_b, r.branch1),
            Device::enroll(&server, dir.path(), "outsider", r.outsider, r.branch2),
            Device::enroll(&server, dir.path(), "supervisor", r.supervisor, r.sumu),
        ];
        let mut world = World {
            _dir: dir,
            server,
            devices,
            branch1: r.branch1,
            branch2: r.branch2,
            written: Vec::new(),
            faults: Faults::default(),
        };
        // Every phone starts from a first sync on a calm network, and is certified.
        world.settle();
        for device in 0..DEVICES {
            world.devices[device].certify(&world.server);
        }
        world
    }

    /// Whether the phone's user reads the branch's cases.
    fn reads(&self, device: usize, branch: Id) -> bool {
        let d = &self.devices[device];
        d.branch == branch || d.name == "supervisor"
    }

    fn write(&mut self, device: usize, note_on: Option<u8>) {
        let marker = format!("W{}-{}", self.written.len(), self.devices[device].name);
        let d = &mut self.devices[device];
        let branch = d.branch;
        let store = d.store();
        let held = store.cases(branch, None, 500, 0).unwrap();
        let case = match (note_on, held.is_empty()) {
            (Some(k), false) => {
                let case = held[k as usize % held.len()].id;
                store.add_case_note(case, &marker).unwrap();
                case
            }
            _ => store
                .open_case(NewCase {
                    branch,
                    category: CaseCategory::ALL[self.written.len() % 6],
                    place: "嘎查".into(),
                    description: marker.clone(),
                    parties: vec!["甲".into(), "乙".into()],
                    mediators: vec![],
                })
                .unwrap(),
        };
        self.faults.writes += 1;
        self.written.push(Written {
            case,
            marker,
            branch,
        });
    }

    fn exchange(
        &mut self,
        device: usize,
        request: RequestFault,
        response: ResponseFault,
    ) -> SyncStep {
        self.faults.exchanges += 1;
        self.devices[device].exchange(&mut self.server, request, response, &mut self.faults)
    }

    fn run(&mut self, step: &Step) {
        match *step {
            Step::Write { device, note_on } => self.write(device, note_on),
            Step::Sync {
                device,
                request,
                response,
            } => {
                // What the phone carries for others goes first, over the same network.
                let lost = matches!(request, RequestFault::Drop);
                self.devices[device].forward(&self.server, lost);
                self.sync_step(device, request, response, step)
            }
            Step::Meet { a, b, cut } => self.meet(a, b, cut),
            Step::Carry { device } => {
                let bytes = self.devices[device].store().export_bundle().unwrap().bytes;
                let imported = self.server.block_on(steppe_server::bundles::import(
                    self.server.storage(),
                    &bytes,
                    0,
                ));
                let done = imported.unwrap_or_else(|e| panic!("a carried file refused: {e}"));
                assert_eq!(done.rejected, 0, "{done:?}");
                self.faults.carried += 1;
            }
            Step::Kill { device } => {
                self.faults.device_kills += 1;
                self.devices[device].kill();
            }
            Step::RestartServer => {
                self.faults.server_restarts += 1;
                self.server.restart();
            }
            Step::DeliverDelayed { pick } => {
                if self.server.deliver_delayed(pick as usize) {
                    self.faults.delayed_delivered += 1;
                }
            }
        }
    }

    /// Two phones meet over an in-memory link (cut after `cut` × 64 bytes if given): each ends
    /// with the meeting done or the link broken, never another failure.
    fn meet(&mut self, a: usize, b: usize, cut: Option<u16>) {
        if a == b {
            return;
        }
        self.faults.meetings += 1;
        let (lo, hi) = (a.min(b), a.max(b));
        let (left, right) = self.devices.split_at_mut(hi);
        let (x, y) = (&mut left[lo], &mut right[0]);
        let (sx, sy) = (x.store(), y.store());
        let (l, r) = std::os::unix::net::UnixStream::pair().unwrap();
        let budget = cut.map_or(usize::MAX, |c| usize::from(c) * 64);
        let (ra, rb) = std::thread::scope(|s| {
            let responder = s.spawn(move || {
                sy.meet(
                    &mut CutLink {
                        inner: r,
                        left: usize::MAX,
                    },
                    steppe_core::PeerRole::Responder,
                )
            });
            let ra = sx.meet(
                &mut CutLink {
                    inner: l,
                    left: budget,
                },
                steppe_core::PeerRole::Initiator,
            );
            (ra, responder.join().unwrap())
        });
        for outcome in [ra, rb] {
            match outcome {
                Ok(_) => {}
                Err(steppe_core::CoreError::PeerLink(_)) => self.faults.links_cut += 1,
                Err(e) => panic!("a meeting failed otherwise than by its link: {e:?}"),
            }
        }
    }

    fn sync_step(
        &mut self,
        device: usize,
        request: RequestFault,
        response: ResponseFault,
        step: &Step,
    ) {
        match self.exchange(device, request, response) {
            SyncStep::Done(report) => assert_eq!(report.rejected, 0, "{report:?}"),
            // What faults may cost: exchanges, retries, a whole sync given up; never a
            // rejection or a broken store.
            SyncStep::Again | SyncStep::RetryAfter(_) | SyncStep::Failed(SyncError::Offline(_)) => {
            }
            SyncStep::Failed(e) => {
                panic!("{step:?} failed with {e:?}, not as a lost connection")
            }
        }
    }

    /// The network calms down: late requests arrive, then every phone syncs until it has
    /// nothing to send or fetch. Three rounds, so what one phone uploads last reaches the rest.
    fn settle(&mut self) {
        while self.server.deliver_delayed(0) {
            self.faults.delayed_delivered += 1;
        }
        for _round in 0..3 {
            for device in 0..DEVICES {
                self.devices[device].forward(&self.server, false);
                let mut settled = false;
                for _ in 0..SETTLE_WITHIN {
                    match self.exchange(device, RequestFault::None, ResponseFault::None) {
                        SyncStep::Done(report) => {
                            assert_eq!(report.rejected, 0, "{report:?}");
                            settled = true;
                            break;
                        }
                        SyncStep::Again => {}
                        other => {
                            let d = &self.devices[device];
                            panic!(
                                "{} on a calm network: {other:?} ({:?})",
                                d.name, d.last_failure
                            )
                        }
                    }
                }
                assert!(
                    settled,
                    "liveness: {} still had work after {SETTLE_WITHIN} calm exchanges",
                    self.devices[device].name
                );
            }
        }
    }

    /// Checks the properties; returns how many (write, phone) pairs were checked.
    fn check(&mut self) -> usize {
        let mut checked = 0;
        for device in 0..DEVICES {
            let d = &mut self.devices[device];
            let name = d.name.clone();
            let store = d.store();
            assert_eq!(
                store.pending_uploads().unwrap(),
                0,
                "{name}'s queue drained"
            );
            assert!(store.rejected_changes().unwrap().is_empty(), "{name}");
            assert_eq!(
                store.carried_count().unwrap(),
                0,
                "{name} handed over all it carried"
            );
            assert_eq!(
                store.unconfirmed_changes().unwrap(),
                0,
                "{name}: all it got from phones met is confirmed"
            );
        }
        for w in &self.written {
            for device in 0..DEVICES {
                let reads = self.reads(device, w.branch);
                let d = &mut self.devices[device];
                let name = d.name.clone();
                let got = d.store().get::<MediationCase>(w.case);
                if reads {
                    let case = got.unwrap_or_else(|e| panic!("{name} lacks {}: {e:?}", w.marker));
                    let present = case.description.as_str() == w.marker
                        || case.timeline.iter().any(|e| e.body.as_str() == w.marker);
                    assert!(present, "{name} has case {} without {}", w.case, w.marker);
                } else {
                    assert!(got.is_err(), "{name} holds {} out of its scope", w.marker);
                }
                checked += 1;
            }
        }
        // Phones of one scope end alike.
        for branch in [self.branch1, self.branch2] {
            let mut views = Vec::new();
            for device in 0..DEVICES {
                if self.reads(device, branch) {
                    let rows = self.devices[device]
                        .store()
                        .cases(branch, None, 10_000, 0)
                        .unwrap();
                    let mut view: Vec<(Id, i64)> = rows.iter().map(|r| (r.id, r.entries)).collect();
                    view.sort();
                    views.push((self.devices[device].name.clone(), view));
                }
            }
            for pair in views.windows(2) {
                assert_eq!(
                    pair[0].1, pair[1].1,
                    "{} and {} differ",
                    pair[0].0, pair[1].0
                );
            }
        }
        checked
    }
}

/// A link to a phone met that breaks after `left` bytes either way, as a Bluetooth link does
/// when the phones move apart.
struct CutLink {
    inner: std::os::unix::net::UnixStream,
    left: usize,
}

impl CutLink {
    fn spend(&mut self, n: usize) -> std::io::Result<usize> {
        if self.left == 0 {
            let _ = self.inner.shutdown(std::net::Shutdown::Both);
            return Err(std::io::ErrorKind::BrokenPipe.into());
        }
        let n = n.min(self.left);
        self.left -= n;
        Ok(n)
    }
}

impl std::io::Read for CutLink {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.spend(buf.len())?;
        let got = self.inner.read(&mut buf[..n])?;
        Ok(got)
    }
}

impl std::io::Write for CutLink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.spend(buf.len())?;
        self.inner.write(&buf[..n])
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Runs, write×phone checks and faults over the whole test, printed after each run.
static TOTAL: LazyLock<Mutex<(u64, usize, Faults)>> = LazyLock::new(Mutex::default);

fn config() -> ProptestConfig {
    let cases = std::env::var("STEPPE_SIM_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(12);
    let rng_seed = match std::env::var("STEPPE_SIM_SEED").ok().as_deref() {
        Some("random") => RngSeed::Random,
        Some(s) => RngSeed::Fixed(s.parse().expect("STEPPE_SIM_SEED is a number or `random`")),
        None => RngSeed::Fixed(0x5739_7e11),
    };
    ProptestConfig {
        cases,
        rng_seed,
        max_shrink_iters: 200,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]
    #[test]
    fn acknowledged_writes_reach_their_scope_and_queues_drain_despite_faults(
        steps in proptest::collection::vec(step(), 10..60)
    ) {
        let mut world = World::new();
        for step in &steps {
            world.run(step);
        }
        world.settle();
        let checked = world.check();
        let mut total = TOTAL.lock().unwrap_or_else(|p| p.into_inner());
        total.0 += 1;
        total.1 += checked;
        total.2.add(&world.faults);
        eprintln!("simulation: {} runs, {} write×phone checks; {}", total.0, total.1, total.2);
    }
}
