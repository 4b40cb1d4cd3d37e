//! A server database's lineage (ADR 0012). A database restored from a backup has forgotten
//! what it acknowledged after the backup, and hands out again the log positions the lost
//! changes had: a phone that had passed them would skip what lands there next. So a restore
//! begins a new lineage, and a new lineage changes every scope fingerprint (phones, old ones
//! too, rescan from 0) and the `steppe-lineage` header (phones of this release also offer their
//! own changes again; the server keeps those it lacks and skips the rest).
//!
//! A database never restored has no lineage, and its fingerprints are what they always were.

use rand_core::RngCore;

use crate::storage::{Storage, StorageError};

/// Where the lineage is kept in `meta`: 16 hex digits.
const LINEAGE: &str = "lineage";
/// Set to `1` in a backup copy (`steppe-server backup`): the first start of that copy, which
/// is a restore, begins a new lineage. Each restore of the same copy begins its own.
pub const RENEW: &str = "lineage_renew";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Lineage(Option<[u8; 8]>);

impl Lineage {
    /// The database's lineage, beginning a new one first if the database is a backup's first
    /// start.
    pub async fn load(storage: &dyn Storage) -> Result<Self, StorageError> {
        // The pages' replica and the first sync both ask as a backup first starts: one renews,
        // the other then reads what it made.
        static RENEWING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
        let _one = RENEWING.lock().await;
        if storage.meta(RENEW).await?.as_deref() == Some("1") {
            let renewed = renew(storage).await?;
            storage.put_meta(RENEW, "0").await?;
            tracing::warn!(
                lineage = %renewed.header(),
                "started from a backup: a new lineage; phones will rescan and offer their changes again"
            );
            return Ok(renewed);
        }
        Self::read(storage).await
    }

    /// The lineage as stored, nothing renewed.
    pub async fn read(storage: &dyn Storage) -> Result<Self, StorageError> {
        let stored = storage.meta(LINEAGE).await?;
        Ok(Self(stored.as_deref().and_then(|hex_value| {
            hex::decode(hex_value).ok()?.try_into().ok()
        })))
    }

    /// The `steppe-lineage` header's value.
    pub fn header(&self) -> String {
        self.0.map_or_else(|| "0".to_string(), hex::encode)
    }

    /// A scope's fingerprint in this lineage: the scope's own where there is no lineage.
    pub fn fingerprint(&self, scope: [u8; 8]) -> [u8; 8] {
        let Some(lineage) = self.0 else {
            return scope;
        };
        let mut h = blake3::Hasher::new();
        h.update(b"steppe lineage\0");
        h.update(&lineage);
        h.update(&scope);
        let mut out = [0u8; 8];
        out.copy_from_slice(&h.finalize().as_bytes()[..8]);
        out
    }
}

/// The lineage as one server process knows it: a backup's first start renews it once; then it
/// is read again at most every second, so that instances sharing a database restored (and
/// marked `restored`) under them follow within a second rather than serving the old one.
#[derive(Debug, Default)]
pub struct Cached {
    renewed: tokio::sync::OnceCell<()>,
    read: std::sync::Mutex<Option<(std::time::Instant, Lineage)>>,
}

impl Cached {
    pub async fn get(&self, storage: &dyn Storage) -> Result<Lineage, StorageError> {
        const FRESH: std::time::Duration = std::time::Duration::from_secs(1);
        self.renewed
            .get_or_try_init(|| async { Lineage::load(storage).await.map(|_| ()) })
            .await?;
        if let Some((at, lineage)) = *self.read.lock().unwrap_or_else(|p| p.into_inner())
            && at.elapsed() < FRESH
        {
            return Ok(lineage);
        }
        let lineage = Lineage::read(storage).await?;
        *self.read.lock().unwrap_or_else(|p| p.into_inner()) =
            Some((std::time::Instant::now(), lineage));
        Ok(lineage)
    }
}

/// Begins a new lineage: after restoring a database by other means than a copy `backup` made
/// (`pg_restore`), before serving it (`steppe-server restored`).
pub async fn renew(storage: &dyn Storage) -> Result<Lineage, StorageError> {
    let mut fresh = [0u8; 8];
    rand_core::OsRng.fill_bytes(&mut fresh);
    storage.put_meta(LINEAGE, &hex::encode(fresh)).await?;
    Ok(Lineage(Some(fresh)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_lineage_fingerprints_are_unchanged() {
        let scope = [7u8; 8];
        assert_eq!(Lineage::default().fingerprint(scope), scope);
        assert_eq!(Lineage::default().header(), "0");
        let restored = Lineage(Some([1; 8]));
        assert_ne!(restored.fingerprint(scope), scope);
        assert_ne!(
            restored.fingerprint(scope),
            Lineage(Some([2; 8])).fingerprint(scope)
        );
        assert_eq!(restored.header(), "0101010101010101");
    }
}
