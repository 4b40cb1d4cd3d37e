//! `steppe-server backup`: a consistent copy of a live SQLite database, taken while it serves
//! (ADR 0012). PostgreSQL is backed up with its own tools (`pg_dump`, docs/OPERATING.md).

use std::path::Path;

use anyhow::{Context, Result, bail};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

/// Copies the database at `source` to `out`, which must not exist, and marks the copy so that
/// its first start (a restore) begins a new lineage. Returns the copy's size in bytes.
///
/// One backup step over every page: the copy is one read snapshot of the source (WAL lets the
/// server write meanwhile), where a copy in several steps would start over at each write.
pub fn sqlite(source: &Path, out: &Path) -> Result<u64> {
    if out.exists() {
        bail!("{} exists; a backup never overwrites a file", out.display());
    }
    if !source.exists() {
        bail!("no database at {}", source.display());
    }
    steppe_cipher::link();
    let src = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("open {}", source.display()))?;
    let partial = out.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    let mut dst =
        Connection::open(&partial).with_context(|| format!("create {}", partial.display()))?;
    {
        let backup = Backup::new(&src, &mut dst)?;
        match backup.step(-1)? {
            StepResult::Done => {}
            other => bail!("the backup did not finish in one step: {other:?}"),
        }
    }
    dst.execute(
        "INSERT INTO meta(key, value) VALUES (?1, '1') ON CONFLICT(key) DO UPDATE SET value = '1'",
        [crate::lineage::RENEW],
    )?;
    // One self-contained file: no WAL beside it to lose in a copy.
    dst.pragma_update(None, "journal_mode", "DELETE")?;
    drop(dst);
    std::fs::File::open(&partial)?.sync_all()?;
    std::fs::rename(&partial, out)?;
    Ok(std::fs::metadata(out)?.len())
}

/// Puts the copy at `backup` in the place of the database at `database`, for a server that is
/// stopped. The old database's write-ahead log and its index go too: SQLite would otherwise
/// replay the old log onto the copy. The copy itself stays as it is, to be restored again.
pub fn restore_sqlite(backup: &Path, database: &Path) -> Result<()> {
    steppe_cipher::link();
    let check = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("open {}", backup.display()))?;
    let renew: Option<String> = check
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [crate::lineage::RENEW],
            |r| r.get(0),
        )
        .ok();
    if renew.as_deref() != Some("1") {
        bail!(
            "{} is not a copy made by `steppe-server backup`; restore it by hand and run \
             `steppe-server restored` before serving",
            backup.display()
        );
    }
    drop(check);
    let partial = database.with_extension("restoring");
    std::fs::copy(backup, &partial)
        .with_context(|| format!("copy {} to {}", backup.display(), partial.display()))?;
    std::fs::File::open(&partial)?.sync_all()?;
    for suffix in ["-wal", "-shm"] {
        let mut side = database.as_os_str().to_owned();
        side.push(suffix);
        match std::fs::remove_file(&side) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).context("remove the old write-ahead log"),
        }
    }
    std::fs::rename(&partial, database)?;
    Ok(())
}
