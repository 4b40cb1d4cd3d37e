//! Enrollment codes and device tokens. A token is `device-id.secret`; the server keeps only an
//! Argon2 hash of the secret. Verified tokens are remembered (by a BLAKE3 digest) so a busy
//! device does not pay for Argon2 on every sync; revocation is checked on every request anyway.

use std::collections::HashMap;
use std::sync::Mutex;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand_core::OsRng;
use rand_core::RngCore;
use steppe_protocol::credentials::BearerToken;

use crate::storage::{DeviceRecord, Hash, Storage, StorageError};

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("missing or malformed credentials")]
    Malformed,
    #[error("unknown device or wrong token")]
    Invalid,
    #[error("this device or its user has been revoked")]
    Revoked,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buf);
    hex::encode(buf)
}

/// A fresh one-time enrollment code, short enough to read out over the phone.
pub fn new_code() -> String {
    let alphabet = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut buf = [0u8; 12];
    OsRng.fill_bytes(&mut buf);
    buf.iter()
        .map(|b| alphabet[(*b as usize) % alphabet.len()] as char)
        .collect()
}

pub fn code_hash(code: &str) -> Hash {
    *blake3::hash(code.trim().to_ascii_uppercase().as_bytes()).as_bytes()
}

/// Argon2id sized for what it protects: token secrets are 256 random bits, so no guessing
/// attack exists for memory-hardness to slow; the hash keeps a stolen database from yielding
/// usable tokens.
fn argon2() -> Argon2<'static> {
    let params = argon2::Params::new(8 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// A new token secret and its password hash.
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

type Job = Box<dyn FnOnce() + Send>;

#[derive(Debug)]
pub struct TokenCache {
    verified: Mutex<HashMap<[u8; 32], String>>,
    jobs: Mutex<std::sync::mpsc::Sender<Job>>,
}

impl Default for TokenCache {
    fn default() -> Self {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let rx = std::sync::Arc::new(Mutex::new(rx));
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
            jobs: Mutex::new(tx),
        }
    }
}

impl TokenCache {
    /// Runs `f` on a hashing thread and waits for it without blocking the async workers.
    async fn hashing<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AuthError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = tx.send(f());
        });
        self.jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .send(job)
            .map_err(|_| AuthError::Malformed)?;
        rx.await.map_err(|_| AuthError::Malformed)
    }
}

impl TokenCache {
    /// A new token secret and its password hash, computed off the async workers.
    pub async fn issue(&self) -> Result<(String, String), AuthError> {
        self.hashing(new_secret).await?
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
