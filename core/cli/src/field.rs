//! Where there is no signal (ADR 0011): enrolling this store with a server, syncing it, meeting
//! another store over TCP, and bundle files — what operators, tests and field trials drive
//! without a phone. The device token lives beside the store, in `<store>.token`, readable by
//! its owner only.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::Subcommand;
use steppe_core::{PeerReport, PeerRole, Steppe};

use crate::lang::{said_as, tf};

#[derive(Debug, Subcommand)]
pub enum PeerCmd {
    /// Wait for one phone (another store) to connect, and meet it.
    Listen {
        #[arg(long, default_value = "127.0.0.1:7700")]
        addr: String,
    },
    /// Connect to a phone listening at ADDR, and meet it.
    Connect { addr: String },
}

#[derive(Debug, Subcommand)]
pub enum BundleCmd {
    /// Write this store's unsent changes, signed, to FILE for the server to import.
    Export { file: PathBuf },
    /// Apply the server's file of this store's unit.
    Import { file: PathBuf },
    /// Fetch the server's file of a unit this store's user reads and apply it, to hand on to
    /// phones met there that cannot sync.
    Fetch {
        #[arg(long)]
        org: steppe_domain::Id,
    },
}

fn token_path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".token");
    PathBuf::from(p)
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// Trades a one-time code for a device of its user, creating the store at `db`.
pub fn enroll(db: &Path, server: &str, code: &str, device: &str) -> Result<()> {
    if db.exists() {
        return Err(said_as(
            "cli_store_exists",
            &[("path", db.display().to_string().into())],
        )
        .into());
    }
    let e = runtime()?.block_on(steppe_client::enroll(server, code, device))?;
    let store = Steppe::builder(db, e.identity.clone())
        .actor(&e.actor)
        .open()?;
    write_private(&token_path(db), &format!("{server}\n{}\n", e.token))?;
    println!(
        "{}",
        tf(
            "cli_enrolled",
            &[
                ("user", e.identity.user_name.as_str().into()),
                ("device", e.identity.device_id.as_str().into()),
            ]
        )
    );
    drop(store);
    Ok(())
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| {
            said_as(
                "cli_cannot_write",
                &[("path", path.display().to_string().into())],
            )
        })?;
    f.write_all(text.as_bytes())?;
    Ok(())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> Result<()> {
    Ok(std::fs::write(path, text)?)
}

/// Syncs the enrolled store at `db` with its server (and renews its certificate, and hands over
/// what it carries).
pub fn sync(db: &Path, store: Steppe) -> Result<()> {
    let client = client(db)?;
    let store = Arc::new(store);
    let report = runtime()?.block_on(client.sync(&store, None))?;
    println!(
        "{}",
        tf(
            "cli_synced",
            &[
                ("sent", report.sent.into()),
                ("received", report.received.into()),
                ("refused", report.rejected.into()),
            ]
        )
    );
    Ok(())
}

/// The client of the server this store enrolled with, by the token kept beside it.
fn client(db: &Path) -> Result<steppe_client::SyncClient> {
    let saved = std::fs::read_to_string(token_path(db)).with_context(|| {
        said_as(
            "cli_not_enrolled",
            &[("path", db.display().to_string().into())],
        )
    })?;
    let mut lines = saved.lines();
    let (Some(server), Some(token)) = (lines.next(), lines.next()) else {
        return Err(said_as(
            "cli_damaged",
            &[("path", token_path(db).display().to_string().into())],
        )
        .into());
    };
    Ok(steppe_client::SyncClient::new(server, token)?)
}

pub fn peer(store: &Steppe, cmd: PeerCmd) -> Result<()> {
    let report = match cmd {
        PeerCmd::Listen { addr } => {
            let listener = TcpListener::bind(&addr)
                .with_context(|| said_as("cli_cannot_listen", &[("addr", addr.as_str().into())]))?;
            // The address bound, so that a port of 0 says which port it got.
            let bound = listener.local_addr()?.to_string();
            eprintln!(
                "{}",
                tf("cli_listening", &[("addr", bound.as_str().into())])
            );
            let (mut link, _) = listener.accept()?;
            store.meet(&mut link, PeerRole::Responder)?
        }
        PeerCmd::Connect { addr } => {
            let mut link = TcpStream::connect(&addr).with_context(|| {
                said_as("cli_cannot_connect", &[("addr", addr.as_str().into())])
            })?;
            store.meet(&mut link, PeerRole::Initiator)?
        }
    };
    print_meeting(&report);
    Ok(())
}

fn print_meeting(r: &PeerReport) {
    println!(
        "{}",
        tf(
            "cli_met",
            &[
                ("device", r.peer_device.as_str().into()),
                ("received", r.received.into()),
                ("carried", r.carried.into()),
                ("offered", r.offered_changes.into()),
                ("sealed", r.offered_sealed.into()),
            ]
        )
    );
}

pub fn bundle(db: &Path, store: Steppe, cmd: BundleCmd) -> Result<()> {
    match cmd {
        BundleCmd::Fetch { org } => {
            let client = client(db)?;
            let store = Arc::new(store);
            let received =
                runtime()?.block_on(client.fetch_unit_bundle(&store, *org.as_bytes()))?;
            println!(
                "{}",
                tf("cli_bundle_applied", &[("received", received.into())])
            );
        }
        BundleCmd::Export { file } => {
            let store = &store;
            let written = store.export_bundle()?;
            std::fs::write(&file, &written.bytes).with_context(|| {
                said_as(
                    "cli_cannot_write",
                    &[("path", file.display().to_string().into())],
                )
            })?;
            println!(
                "{}",
                tf(
                    "cli_bundle_written",
                    &[
                        ("changes", written.changes.into()),
                        ("file", file.display().to_string().into()),
                    ]
                )
            );
        }
        BundleCmd::Import { file } => {
            let store = &store;
            let bytes = std::fs::read(&file).with_context(|| {
                said_as(
                    "cli_cannot_read",
                    &[("path", file.display().to_string().into())],
                )
            })?;
            let report = store.import_bundle(&bytes)?;
            println!(
                "{}",
                tf(
                    "cli_bundle_applied",
                    &[("received", report.received.into())]
                )
            );
        }
    }
    Ok(())
}
