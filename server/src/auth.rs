//! Enrollment codes and device tokens. A token is `device-id.secret`; the server keeps only an
//! Argon2 hash of the secret. Verified tokens are remembered (by a BLAKE3 digest) so a busy
//! device does not pay for Argon2 on every sync; revocation is checked on every request anyway.

use std::collections::HashMap;
use std::sync::Mutex;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand_core::OsRng;
use rand_core::RngCore;

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

/// A new token secret and its password hash.
pub fn new_secret() -> Result<(String, String), AuthError> {
    let secret = random_hex(32);
    let salt = SaltString::generate(&mut OsRng);
    let hash = Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map_err(|_| AuthError::Malformed)?
        .to_string();
    Ok((secret, hash))
}

#[derive(Debug, Default)]
pub struct TokenCache {
    verified: Mutex<HashMap<[u8; 32], String>>,
}

impl TokenCache {
    /// The device a bearer token belongs to, if valid and not revoked.
    pub async fn authenticate(
        &self,
        storage: &dyn Storage,
        token: &str,
    ) -> Result<DeviceRecord, AuthError> {
        let (device_id, secret) = token.split_once('.').ok_or(AuthError::Malformed)?;
        if device_id.len() > 64 || secret.len() > 128 {
            return Err(AuthError::Malformed);
        }
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
            let parsed = PasswordHash::new(&device.token_hash).map_err(|_| AuthError::Invalid)?;
            Argon2::default()
                .verify_password(secret.as_bytes(), &parsed)
                .map_err(|_| AuthError::Invalid)?;
            let mut cache = self.verified.lock().unwrap_or_else(|p| p.into_inner());
            if cache.len() > 100_000 {
                cache.clear();
            }
            cache.insert(digest, device_id.to_string());
        }
        Ok(device)
    }
}
