//! Enrollment: an administrator issues a one-time code for a user, read out over the phone; the
//! device redeems it, with the automerge actor it will write as, for a device record and a
//! token.

use rand_core::{OsRng, RngCore};
use steppe_protocol::{EnrollRequest, EnrollResponse};

use super::TokenCache;
use crate::clock::now_ms;
use crate::storage::{DeviceRecord, Hash, Storage, StorageError};

#[derive(Debug, thiserror::Error)]
pub enum EnrollError {
    #[error("malformed enrollment")]
    Malformed,
    /// The actor already writes for a device, a user's web actor or the server.
    #[error("this actor is already enrolled")]
    ActorTaken,
    #[error("unknown, used or expired code")]
    UnknownCode,
    #[error("user revoked")]
    UserRevoked,
    #[error("user {0} not found")]
    UnknownUser(String),
    #[error("could not issue a token")]
    Token(#[source] super::AuthError),
    #[error(transparent)]
    Storage(#[from] StorageError),
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

/// What storage keeps of a code: typed codes differ in case and spacing, stored ones never.
pub fn code_hash(code: &str) -> Hash {
    *blake3::hash(code.trim().to_ascii_uppercase().as_bytes()).as_bytes()
}

/// A code with which `user` may enroll one device within `ttl_hours`.
pub async fn issue_code(
    storage: &dyn Storage,
    user: &str,
    ttl_hours: i64,
) -> Result<String, EnrollError> {
    if storage.user(user).await?.is_none() {
        return Err(EnrollError::UnknownUser(user.to_string()));
    }
    let code = new_code();
    storage
        .put_code(code_hash(&code), user, now_ms() + ttl_hours * 3_600_000)
        .await?;
    Ok(code)
}

/// Spends `req`'s code on a new device of its user, writing as `req`'s actor.
pub async fn redeem(
    storage: &dyn Storage,
    tokens: &TokenCache,
    req: EnrollRequest,
) -> Result<EnrollResponse, EnrollError> {
    if req.actor.len() != 16 || req.device_name.trim().is_empty() || req.device_name.len() > 200 {
        return Err(EnrollError::Malformed);
    }
    // An actor id already bound to a device, a user's web actor or the server itself would let
    // this device's edits pass as theirs in every history: refused before the code is spent.
    if !storage.actors(vec![req.actor.clone()]).await?.is_empty() {
        return Err(EnrollError::ActorTaken);
    }
    let user_id = storage
        .take_code(code_hash(&req.code), now_ms())
        .await?
        .ok_or(EnrollError::UnknownCode)?;
    // The code is spent by now: a user who cannot be read is refused like a revoked one rather
    // than told to retry with a code that no longer works.
    let user = match storage.user(&user_id).await {
        Ok(Some(u)) if !u.revoked => u,
        _ => return Err(EnrollError::UserRevoked),
    };
    let (secret, token_hash) = tokens
        .issue_for(storage)
        .await
        .map_err(EnrollError::Token)?;
    let device = DeviceRecord {
        id: uuid::Uuid::new_v4().simple().to_string(),
        user_id: user.id.clone(),
        name: req.device_name,
        actor: req.actor,
        token_hash,
        revoked: false,
    };
    // Two enrollments racing with one actor: the unique actor lets only the first in.
    if storage.put_device(&device).await.is_err() {
        return Err(EnrollError::ActorTaken);
    }
    Ok(EnrollResponse {
        user_id: user.id,
        user_name: user.name,
        device_id: device.id.clone(),
        token: format!("{}.{secret}", device.id),
    })
}
