//! Device tokens. A token is `device-id.secret` with a 256-bit random secret; the server keeps
//! only a keyed BLAKE3 hash of the secret (`bk1$…`), under a key stored once per database.
//! Secrets are random, not chosen by people, so a slow password hash buys nothing against
//! guessing and let a flood of forged tokens burn the server's CPU; the key keeps a stolen
//! `devices` table from being checked offline without the `meta` table too.
//!
//! Databases from before keep their Argon2 hashes (`$argon2id$…`), verified on two dedicated
//! threads behind a bounded queue: when it is full the request is told to come back later
//! ([`AuthError::Busy`]) instead of waiting behind every forged token. Verified Argon2 tokens are
//! remembered (by a BLAKE3 digest) so a busy device pays for the hash once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand_core::OsRng;
use steppe_protocol::credentials::BearerToken;

use super::{AuthError, random_hex};
use crate::storage::{DeviceRecord, Storage};

/// The `meta` key under which each database keeps its token key.
const TOKEN_KEY_META: &str = "token_key";

/// Marks a keyed BLAKE3 token hash; Argon2 PHC strings start with `$`, so the two never mix.
pub const KEYED_PREFIX: &str = "bk1$";

/// The stored form of `secret` under `key`.
pub fn keyed_hash(key: &[u8; 32], secret: &str) -> String {
    format!(
        "{KEYED_PREFIX}{}",
        blake3::keyed_hash(key, secret.as_bytes()).to_hex()
    )
}

/// Whether `secret` matches a stored keyed hash (the part after the prefix). `blake3::Hash`
/// compares in constant time, so the comparison leaks nothing about how much of it matched.
fn keyed_matches(key: &[u8; 32], secret: &str, stored_hex: &str) -> bool {
    let mut stored = [0u8; 32];
    if hex::decode_to_slice(stored_hex, &mut stored).is_err() {
        return false;
    }
    blake3::Hash::from_bytes(stored) == blake3::keyed_hash(key, secret.as_bytes())
}

fn parse_key(stored: &str) -> Option<[u8; 32]> {
    let mut key = [0u8; 32];
    hex::decode_to_slice(stored.trim(), &mut key).ok()?;
    Some(key)
}

/// Argon2id as tokens were hashed before keyed hashes: kept to verify those tokens, and to issue
/// from a [`TokenCache`] that no storage was attached to.
fn argon2() -> Argon2<'static> {
    let params = argon2::Params::new(8 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// A new token secret and its Argon2 hash (the form older databases hold).
pub fn new_secret() -> Result<(String, String), AuthError> {
    let secret = random_hex(32);
    let salt = SaltString::generate(&mut OsRng);
    let hash = argon2()
        .hash_password(secret.as_bytes(), &salt)
        .map_err(|_| AuthError::Malformed)?
        .to_string();
    Ok((secret, hash))
}

/// Password hashing runs on this many dedicated threads. Each Argon2 run takes tens of
/// milliseconds of CPU and several MiB; a reconnect storm after a restart (cold cache) queues here
/// instead of spreading buffers over every blocking thread (whose malloc arenas keep them).
const HASHING_THREADS: usize = 2;

/// Jobs that may wait for a hashing thread. At ~20 ms a hash on two threads the last one waits
/// about a third of a second; beyond that a forged-token flood would only grow the queue (and the
/// wait of every honest device behind it) without bound.
pub const HASHING_QUEUE: usize = 32;

type Job = Box<dyn FnOnce() + Send>;

pub struct TokenCache {
    verified: Mutex<HashMap<[u8; 32], String>>,
    jobs: std::sync::mpsc::SyncSender<Job>,
    /// The database's token key, read (or created) once.
    key: tokio::sync::OnceCell<[u8; 32]>,
    /// Where `issue` finds the key; the router attaches its storage.
    storage: OnceLock<Arc<dyn Storage>>,
}

impl std::fmt::Debug for TokenCache {
    // Never print the key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("key_loaded", &self.key.initialized())
            .field("storage_attached", &self.storage.get().is_some())
            .finish_non_exhaustive()
    }
}

impl Default for TokenCache {
    fn default() -> Self {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Job>(HASHING_QUEUE);
        let rx = Arc::new(Mutex::new(rx));
        for n in 0..HASHING_THREADS {
            let rx = rx.clone();
            let _ = std::thread::Builder::new()
                .name(format!("steppe-hash-{n}"))
                .spawn(move || {
                    loop {
                        let job = match rx.lock() {
                            Ok(r) => r.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                });
        }
        Self {
            verified: Mutex::new(HashMap::new()),
            jobs: tx,
            key: tokio::sync::OnceCell::new(),
            storage: OnceLock::new(),
        }
    }
}

impl TokenCache {
    /// Runs `f` on a hashing thread and waits for it without blocking the async workers; fails
    /// at once with [`AuthError::Busy`] when the queue is full.
    async fn hashing<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AuthError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            // A device that hung up while queued (a flood's client gives up) costs no hash.
            if !tx.is_closed() {
                let _ = tx.send(f());
            }
        });
        match self.jobs.try_send(job) {
            Ok(()) => {}
            Err(std::sync::mpsc::TrySendError::Full(_)) => {
                metrics::counter!("steppe_auth_busy_total").increment(1);
                return Err(AuthError::Busy);
            }
            Err(std::sync::mpsc::TrySendError::Disconnected(_)) => {
                return Err(AuthError::Malformed);
            }
        }
        rx.await.map_err(|_| AuthError::Malformed)
    }

    /// Lets [`issue`](Self::issue) make keyed hashes with this storage's key. Only the first
    /// storage attached counts: a cache belongs to one server.
    pub fn attach(&self, storage: Arc<dyn Storage>) {
        let _ = self.storage.set(storage);
    }

    /// The database's token key, created on first use. `init_meta` keeps the first value written,
    /// so instances sharing a PostgreSQL database agree on it.
    async fn key(&self, storage: &dyn Storage) -> Result<&[u8; 32], AuthError> {
        self.key
            .get_or_try_init(|| async {
                let stored = storage.init_meta(TOKEN_KEY_META, &random_hex(32)).await?;
                parse_key(&stored).ok_or(AuthError::Key)
            })
            .await
    }

    /// Reads the token key now rather than on the first request.
    pub async fn load_key(&self, storage: &dyn Storage) -> Result<(), AuthError> {
        self.key(storage).await.map(|_| ())
    }

    /// A new token secret and its keyed hash under `storage`'s key.
    pub async fn issue_for(&self, storage: &dyn Storage) -> Result<(String, String), AuthError> {
        let key = self.key(storage).await?;
        let secret = random_hex(32);
        let hash = keyed_hash(key, &secret);
        Ok((secret, hash))
    }

    /// A new token secret and its hash: keyed if a storage is attached (the server's case),
    /// Argon2 otherwise, since a keyed hash needs the database that keeps the key.
    pub async fn issue(&self) -> Result<(String, String), AuthError> {
        match self.storage.get() {
            Some(storage) => self.issue_for(storage.as_ref()).await,
            None => {
                tracing::warn!("token cache without storage: issuing an Argon2 token hash");
                self.hashing(new_secret).await?
            }
        }
    }

    /// The device a bearer token belongs to, if valid and not revoked.
    pub async fn authenticate(
        &self,
        storage: &dyn Storage,
        token: BearerToken<'_>,
    ) -> Result<DeviceRecord, AuthError> {
        let BearerToken {
            token,
            device_id,
            secret,
        } = token;
        let device = storage.device(device_id).await?.ok_or(AuthError::Invalid)?;
        if device.revoked {
            return Err(AuthError::Revoked);
        }
        let user = storage
            .user(&device.user_id)
            .await?
            .ok_or(AuthError::Invalid)?;
        if user.revoked {
            return Err(AuthError::Revoked);
        }
        if let Some(stored) = device.token_hash.strip_prefix(KEYED_PREFIX) {
            // Cheaper than a cache lookup; nothing to remember.
            let key = self.key(storage).await?;
            return if keyed_matches(key, secret, stored) {
                Ok(device)
            } else {
                Err(AuthError::Invalid)
            };
        }
        let digest = *blake3::hash(token.as_bytes()).as_bytes();
        let cached = self
            .verified
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&digest)
            .cloned();
        if cached.as_deref() != Some(device_id) {
            let (hash, secret) = (device.token_hash.clone(), secret.to_string());
            let ok = self
                .hashing(move || {
                    PasswordHash::new(&hash).is_ok_and(|parsed| {
                        argon2().verify_password(secret.as_bytes(), &parsed).is_ok()
                    })
                })
                .await?;
            if !ok {
                return Err(AuthError::Invalid);
            }
            let mut cache = self.verified.lock().unwrap_or_else(|p| p.into_inner());
            if cache.len() > 100_000 {
                cache.clear();
            }
            cache.insert(digest, device_id.to_string());
        }
        Ok(device)
    }
}
