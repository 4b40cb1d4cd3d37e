//! Signing in to the pages: the same users as sync, with a password the administrator sets
//! (`steppe-server web-password`), kept as an Argon2id hash; a signed-in browser holds a random
//! session id in an HttpOnly, SameSite=Strict cookie, and forms carry a per-session token.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand_core::{OsRng, RngCore};

/// How long a page session lasts without use.
const IDLE: Duration = Duration::from_secs(8 * 3600);
pub const COOKIE: &str = "steppe_session";

/// People choose passwords: memory-hard hashing here (19 MiB, 2 passes), unlike device tokens.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_password(password: &str) -> Option<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .ok()
        .map(|h| h.to_string())
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

fn random_hex() -> String {
    let mut buf = [0u8; 32];
    OsRng.fill_bytes(&mut buf);
    hex::encode(buf)
}

#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: String,
    pub user_name: String,
    /// Echoed by every form: a cross-site page cannot know it.
    pub csrf: String,
    seen: Instant,
}

#[derive(Debug, Default)]
pub struct Sessions {
    live: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    /// Starts a session; returns its id for the cookie.
    pub fn start(&self, user_id: &str, user_name: &str) -> String {
        let id = random_hex();
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        live.retain(|_, s| s.seen.elapsed() < IDLE);
        live.insert(
            id.clone(),
            Session {
                user_id: user_id.into(),
                user_name: user_name.into(),
                csrf: random_hex(),
                seen: Instant::now(),
            },
        );
        id
    }

    pub fn get(&self, id: &str) -> Option<Session> {
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        let s = live.get_mut(id)?;
        if s.seen.elapsed() >= IDLE {
            live.remove(id);
            return None;
        }
        s.seen = Instant::now();
        Some(s.clone())
    }

    pub fn end(&self, id: &str) {
        self.live
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
    }
}

/// The session id in a `Cookie` header.
pub fn cookie(header: Option<&str>) -> Option<String> {
    steppe_protocol::credentials::cookie(header?.as_bytes(), COOKIE).map(str::to_string)
}
