//! Web users' passwords: what the administrator sets (`steppe-server web-password`) is kept as
//! an Argon2id hash, and a sign-in is checked against it. People choose passwords, so the hash is
//! memory-hard (19 MiB, 2 passes), unlike device tokens; that makes each check costly enough that
//! unrationed checks are a way to exhaust the server, so [`Passwords`] runs a few at a time and
//! turns the rest away ([`AuthError::Busy`]).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use rand_core::OsRng;
use tokio::sync::Semaphore;

use super::{AuthError, same_bytes};

/// Password checks at once: each holds 19 MiB and a blocking thread.
const HASHING_PERMITS: usize = 2;
/// How long a sign-in waits for a check before it is told to come back.
const HASHING_WAIT: Duration = Duration::from_secs(2);
/// What a sign-in turned away for want of a check is told to wait, in seconds.
pub const HASHING_RETRY_AFTER: u64 = 2;

/// Checked against when the name matches no one who has a password, so that an unknown name
/// costs the same Argon2 work, and takes the same time, as a wrong password for a known one. Its
/// parameters must stay those of `argon2()`; its hash (zeros) matches no password.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c3RlcHBlZHVtbXlzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

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

/// `verify_password` in `memory` rather than in 19 MiB allocated for the one check. Freed after
/// each check, that memory stays with the allocator, per thread (glibc keeps an arena for each
/// blocking thread that ever hashed): resident memory then follows how many threads have
/// hashed, not how many hash at once.
fn verify_in(password: &str, hash: &str, memory: &mut Vec<Block>) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params), Some(salt), Some(expected)) = (
        Algorithm::try_from(parsed.algorithm),
        Params::try_from(&parsed),
        parsed.salt,
        parsed.hash,
    ) else {
        return false;
    };
    let Ok(version) = parsed.version.map_or(Ok(Version::V0x13), Version::try_from) else {
        return false;
    };
    let blocks = params.block_count();
    // A hash stored with far more memory than ours: not worth keeping that much around.
    if blocks > 4 * argon2().params().block_count() {
        return verify_password(password, hash);
    }
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password.as_bytes(), salt, &mut out, &mut memory[..blocks])
        .is_ok()
        && same_bytes(&out, expected.as_bytes())
}

/// The rationed checker: a few checks at a time, each in working memory kept from check to
/// check.
#[derive(Debug)]
pub struct Passwords {
    hashing: Arc<Semaphore>,
    /// Argon2 working memory, one per hashing permit at most.
    memory: Arc<Mutex<Vec<Vec<Block>>>>,
}

impl Default for Passwords {
    fn default() -> Self {
        Self {
            hashing: Arc::new(Semaphore::new(HASHING_PERMITS)),
            memory: Arc::default(),
        }
    }
}

impl Passwords {
    /// Checks `password` against `hash`, or against the dummy when there is none, off the async
    /// workers; [`AuthError::Busy`] when no check came free soon enough.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, AuthError> {
        let permit = tokio::time::timeout(HASHING_WAIT, self.hashing.clone().acquire_owned())
            .await
            .ok()
            .and_then(Result::ok)
            .ok_or(AuthError::Busy)?;
        let pool = self.memory.clone();
        let checked = tokio::task::spawn_blocking(move || {
            // Held by the check, not the request: a client that hangs up does not free a
            // permit while its hash is still being computed.
            let _permit = permit;
            let mut memory = pool
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .pop()
                .unwrap_or_default();
            let right = match hash {
                Some(h) => verify_in(&password, &h, &mut memory),
                None => {
                    let _ = verify_in(&password, DUMMY_HASH, &mut memory);
                    false
                }
            };
            pool.lock().unwrap_or_else(|p| p.into_inner()).push(memory);
            right
        })
        .await;
        Ok(checked.unwrap_or(false))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // test code: a failed step is a failed test

    use super::*;

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_does() {
        let real = hash_password("口令").unwrap();
        let real = PasswordHash::new(&real).unwrap();
        let dummy = PasswordHash::new(DUMMY_HASH).unwrap();
        assert_eq!(dummy.algorithm, real.algorithm);
        assert_eq!(dummy.version, real.version);
        assert_eq!(
            Params::try_from(&dummy).unwrap(),
            Params::try_from(&real).unwrap()
        );
        assert_eq!(dummy.hash.map(|h| h.len()), real.hash.map(|h| h.len()));
        assert!(!verify_password("", DUMMY_HASH));
    }

    #[test]
    fn checking_in_kept_memory_agrees_with_the_library() {
        let hash = hash_password("口令").unwrap();
        let mut memory = Vec::new();
        assert!(verify_in("口令", &hash, &mut memory));
        assert!(!verify_in("口令 ", &hash, &mut memory));
        assert!(!verify_in("口令", DUMMY_HASH, &mut memory));
        assert!(!verify_in("口令", "not a hash", &mut memory));
        assert_eq!(memory.len(), argon2().params().block_count());
        assert!(
            verify_in("口令", &hash, &mut memory),
            "the memory is reusable"
        );
    }
}
