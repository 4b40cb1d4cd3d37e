//! Encryption at rest: SQLCipher with a 256-bit key the app keeps in the platform's key store
//! (Android Keystore, iOS Keychain), and key rotation.
//!
//! The key is passed to SQLCipher raw (`x'…'`), not as a passphrase: a passphrase costs a
//! PBKDF2 of 256,000 rounds on every connection, and the store opens a reader per thread. The
//! key is already random, so stretching it buys nothing.

use rusqlite::{Connection, OptionalExtension};
use zeroize::Zeroizing;

use crate::error::{CoreError, Result};
use crate::steppe::Steppe;

/// The length of a store key in bytes.
pub const KEY_LEN: usize = 32;

/// A store's encryption key. Never printed; wiped from memory when dropped.
#[derive(Clone)]
pub struct StoreKey(Zeroizing<[u8; KEY_LEN]>);

impl std::fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoreKey(…)")
    }
}

impl StoreKey {
    /// A key from the app's key store: exactly [`KEY_LEN`] bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let raw: [u8; KEY_LEN] = bytes
            .try_into()
            .map_err(|_| CoreError::BadKey { len: bytes.len() })?;
        Ok(Self(Zeroizing::new(raw)))
    }

    /// A fresh random key, for an app setting up its store the first time.
    pub fn generate() -> Result<Self> {
        let mut raw = Zeroizing::new([0u8; KEY_LEN]);
        getrandom::fill(raw.as_mut()).map_err(|e| CoreError::Entropy(e.to_string()))?;
        Ok(Self(raw))
    }

    /// The key's bytes, for the app to keep in its key store.
    pub fn bytes(&self) -> &[u8] {
        self.0.as_ref()
    }

    /// The SQLCipher raw-key literal, `x'<64 hex digits>'`.
    fn literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex::encode(self.0.as_ref())))
    }
}

/// Keys a freshly opened connection. Must come before anything reads the file.
pub(crate) fn apply(conn: &Connection, key: Option<&StoreKey>) -> Result<()> {
    if let Some(key) = key {
        conn.pragma_update(None, "key", key.literal().as_str())?;
        // Plain SQLite ignores `PRAGMA key` without an error, so a build that ended up linked
        // against it would write the store in clear while the app believes it encrypted. Only
        // SQLCipher answers `cipher_version`; it does not read the file, so a wrong key still
        // surfaces at the first read, as `WrongKey`.
        let version = conn
            .query_row("PRAGMA cipher_version", [], |r| {
                r.get::<_, Option<String>>(0)
            })
            .optional()
            .map_err(|e| unreadable(e, true))?
            .flatten();
        cipher_present(version.as_deref())?;
    }
    Ok(())
}

/// Refuses a keyed connection whose SQLite did not name a SQLCipher version.
fn cipher_present(version: Option<&str>) -> Result<()> {
    match version {
        Some(v) if !v.trim().is_empty() => Ok(()),
        _ => Err(CoreError::NoEncryption),
    }
}

/// The first read of a file tells whether the key fits: SQLCipher cannot tell a wrong key from
/// a file that is not a database, so both are reported as what the caller most likely did.
pub(crate) fn unreadable(e: rusqlite::Error, keyed: bool) -> CoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) if keyed => CoreError::WrongKey,
        Some(rusqlite::ErrorCode::NotADatabase) => CoreError::NotAStore,
        _ => e.into(),
    }
}

impl Steppe {
    /// Re-encrypts the whole store under `new` (key rotation). Every page is rewritten in one
    /// transaction, so a crash leaves the store entirely under the old key or entirely under
    /// the new one; the log is then checkpointed and truncated so no page under the old key
    /// stays on disk. Afterwards only `new` opens the store.
    pub fn rekey(&self, new: &StoreKey) -> Result<()> {
        if !self.is_encrypted() {
            return Err(CoreError::NotEncrypted);
        }
        self.with_writer(|conn| {
            conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
            // SQLCipher reports success even when it rolled the rewrite back: read the result
            // back through a fresh connection under the new key before trusting it.
            conn.pragma_update(None, "rekey", new.literal().as_str())?;
            conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
            let check = Connection::open(self.path())?;
            apply(&check, Some(new))?;
            check
                .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
                .map_err(|e| match unreadable(e, true) {
                    CoreError::WrongKey => CoreError::RekeyFailed,
                    other => other,
                })?;
            Ok(())
        })?;
        self.readers().rekey(new.clone());
        tracing::info!("store re-encrypted under a new key");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sqlite_without_a_cipher_version_is_refused() {
        assert!(matches!(cipher_present(None), Err(CoreError::NoEncryption)));
        assert!(matches!(
            cipher_present(Some("")),
            Err(CoreError::NoEncryption)
        ));
        assert!(matches!(
            cipher_present(Some("  ")),
            Err(CoreError::NoEncryption)
        ));
        assert!(cipher_present(Some("4.14.0 community")).is_ok());
    }

    #[test]
    fn keying_a_connection_checks_this_build_for_sqlcipher() {
        steppe_cipher::ready();
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join("s.db")).unwrap();
        let key = StoreKey::generate().unwrap();
        apply(&conn, Some(&key)).unwrap();
        let version: String = conn
            .query_row("PRAGMA cipher_version", [], |r| r.get(0))
            .unwrap();
        assert!(!version.trim().is_empty());
        // An unkeyed connection (the server's store) is not asked for a cipher at all.
        apply(&Connection::open_in_memory().unwrap(), None).unwrap();
    }
}
