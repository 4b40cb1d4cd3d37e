//! Child process of the storage-fault tests: a phone's store meeting real failures from the
//! kernel, not SQLite's own limits. Everything is checked here and the verdict printed; the test
//! reads stdout and the exit status.
//!
//! - `full DIR`: DIR is a tmpfs of a few megabytes in a private mount namespace (`unshare --user
//!   --map-root-user --mount`); the file system runs out of space (`ENOSPC`) mid-append.
//! - `io-error DIR`: the file-size limit (`RLIMIT_FSIZE`, with SIGXFSZ ignored by the parent
//!   shell) makes the kernel refuse writes past a size (`EFBIG`): an I/O error, as from failing
//!   flash.
//!
//! Either way: the error reaches the caller typed, exactly the acknowledged records are there
//! and whole, and once the cause is gone writing resumes without a reopen and everything
//! survives one.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};
use rlimit::Resource;
use steppe_core::{CoreError, DeviceIdentity, NewCase, Steppe, StoreKey};
use steppe_domain::Id;
use steppe_domain::mediation::{CaseCategory, MediationCase};
use steppe_domain::org::OrgKind;

struct Phone {
    path: PathBuf,
    identity: DeviceIdentity,
    key: StoreKey,
    store: Steppe,
    branch: Id,
}

impl Phone {
    fn open(dir: &Path) -> Result<Phone> {
        let path = dir.join("steppe.db");
        let identity = DeviceIdentity {
            user_id: Id::new().to_string(),
            user_name: "巴特尔".into(),
            device_id: "phone".into(),
            device_name: "phone".into(),
        };
        let key = StoreKey::generate()?;
        let store = Steppe::builder(&path, identity.clone())
            .key(key.clone())
            .open()?;
        let league = store.create_org("阿拉善盟", OrgKind::League, None)?;
        let banner = store.create_org("额济纳旗", OrgKind::Banner, Some(league))?;
        let sumu = store.create_org("苏木", OrgKind::Sumu, Some(banner))?;
        let gacha = store.create_org("嘎查", OrgKind::Gacha, Some(sumu))?;
        let branch = store.create_org("警地党支部", OrgKind::PoliceVillageBranch, Some(gacha))?;
        Ok(Phone {
            path,
            identity,
            key,
            store,
            branch,
        })
    }

    fn case(&self, n: usize) -> Result<Id, CoreError> {
        self.store.open_case(NewCase {
            branch: self.branch,
            category: CaseCategory::LivestockDamage,
            place: "村".into(),
            description: format!("第{n}号纠纷：{}", "牲畜越界啃食草场".repeat(60)),
            parties: vec!["甲".into(), "乙".into()],
            mediators: vec![],
        })
    }

    /// Writes cases until the store refuses one; returns the acknowledged ids and the refusal.
    fn fill(&self) -> Result<(Vec<Id>, CoreError)> {
        let mut acknowledged = Vec::new();
        loop {
            match self.case(acknowledged.len()) {
                Ok(id) => acknowledged.push(id),
                Err(e) => return Ok((acknowledged, e)),
            }
            ensure!(
                acknowledged.len() < 100_000,
                "the store never refused a write"
            );
        }
    }

    /// Exactly the acknowledged cases are listed, and each one loads whole.
    fn holds_exactly(&self, acknowledged: &[Id]) -> Result<()> {
        let listed = self.store.cases(self.branch, None, 1_000_000, 0)?;
        ensure!(
            listed.len() == acknowledged.len(),
            "{} listed, {} acknowledged",
            listed.len(),
            acknowledged.len()
        );
        for id in acknowledged {
            self.store.get::<MediationCase>(*id)?;
        }
        Ok(())
    }

    /// After the fault is gone: a note and a case go in, and a reopened store has it all.
    fn recovers(self, mut acknowledged: Vec<Id>) -> Result<()> {
        let notes = self
            .store
            .get::<MediationCase>(acknowledged[0])?
            .timeline
            .len();
        self.store
            .add_case_note(acknowledged[0], "故障排除后回访")?;
        acknowledged.push(self.case(acknowledged.len())?);
        let Phone {
            path,
            identity,
            key,
            branch,
            store,
        } = self;
        drop(store);
        let store = Steppe::builder(&path, identity).key(key).open()?;
        let listed = store.cases(branch, None, 1_000_000, 0)?;
        ensure!(listed.len() == acknowledged.len(), "lost cases on reopen");
        let after = store.get::<MediationCase>(acknowledged[0])?.timeline.len();
        ensure!(after == notes + 1, "the note written after recovery");
        println!("recovered; {} cases intact after reopening", listed.len());
        Ok(())
    }
}

fn full(dir: &Path) -> Result<()> {
    // Room the phone's owner can free later (photos, say).
    let photos = dir.join("photos.bin");
    std::fs::write(&photos, vec![0u8; 512 * 1024])?;
    let phone = Phone::open(dir)?;
    let (acknowledged, refusal) = phone.fill()?;
    if !matches!(refusal, CoreError::DiskFull) {
        bail!("a full file system was reported as {refusal:?}, not DiskFull");
    }
    println!("acknowledged {} then DiskFull", acknowledged.len());
    phone.holds_exactly(&acknowledged)?;
    std::fs::remove_file(&photos)?;
    phone.recovers(acknowledged)
}

fn io_error(dir: &Path) -> Result<()> {
    let phone = Phone::open(dir)?;
    let (_, hard) = Resource::FSIZE.get()?;
    let used = std::fs::metadata(&phone.path)?.len()
        + std::fs::metadata(dir.join("steppe.db-wal")).map_or(0, |m| m.len());
    Resource::FSIZE.set(used + 1024 * 1024, hard)?;
    let (acknowledged, refusal) = phone.fill()?;
    if !matches!(refusal, CoreError::Io(_)) {
        bail!("a refused write was reported as {refusal:?}, not Io");
    }
    println!("acknowledged {} then Io: {refusal}", acknowledged.len());
    phone.holds_exactly(&acknowledged)?;
    Resource::FSIZE.set(hard, hard)?;
    phone.recovers(acknowledged)
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mode = args.next().context("mode: full or io-error")?;
    let dir = PathBuf::from(args.next().context("directory")?);
    match mode.as_str() {
        "full" => full(&dir),
        "io-error" => io_error(&dir),
        other => bail!("unknown mode {other}"),
    }
}
