//! Child process of the crash test: writes records to a store as fast as it can and prints
//! `ack …` for each one only after its transaction committed. The test kills it with SIGKILL
//! at random moments and checks that everything acknowledged is still there.

use std::io::Write;

use anyhow::{Context, Result};
use rand::Rng;
use steppe_core::{DeviceIdentity, NewCase, Steppe};
use steppe_domain::Id;
use steppe_domain::mediation::CaseCategory;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().context("store path")?;
    let user = args.next().context("user id")?;
    let branch = Id::parse(&args.next().context("branch id")?)?;
    let mut cases: Vec<Id> = args.map(|a| Id::parse(&a)).collect::<Result<_, _>>()?;
    let identity = DeviceIdentity {
        user_id: user,
        user_name: "crash".into(),
        device_id: "crash-device".into(),
        device_name: "crash".into(),
    };
    let store = Steppe::builder(&path, identity).open()?;
    let mut out = std::io::stdout().lock();
    let mut rng = rand::rng();
    loop {
        if cases.is_empty() || rng.random_bool(0.1) {
            let id = store.open_case(NewCase {
                branch,
                category: CaseCategory::Neighbours,
                place: "村".into(),
                description: "纠纷".into(),
                parties: vec!["甲".into(), "乙".into()],
                mediators: vec![],
            })?;
            cases.push(id);
            writeln!(out, "ack case {id}")?;
        } else {
            let case = cases[rng.random_range(0..cases.len())];
            let entry = store.add_case_note(case, "调解记录")?;
            writeln!(out, "ack note {case} {entry}")?;
        }
        out.flush()?;
    }
}
