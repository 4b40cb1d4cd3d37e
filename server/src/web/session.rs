//! Signing in to the pages: the same users as sync, with a password the administrator sets
//! (`steppe-server web-password`), kept as an Argon2id hash; a signed-in browser holds a random
//! session id in an HttpOnly, SameSite=Strict cookie, and forms carry a per-session token.
//!
//! Guessing is slowed per account and per client address, and hashing is rationed: each check
//! costs 19 MiB and tens of milliseconds of a core, so unrationed checks are a way to exhaust
//! the server.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use rand_core::{OsRng, RngCore};
use tokio::sync::Semaphore;

/// How long a page session lasts without use.
const IDLE: Duration = Duration::from_secs(8 * 3600);
pub const COOKIE: &str = "steppe_session";
/// The sign-in form's token, before there is a session to hold one.
pub const LOGIN_COOKIE: &str = "steppe_login";
/// Long enough to type a forgotten password twice, short enough that a leaked token is stale.
const LOGIN_TOKEN_AGE: Duration = Duration::from_secs(30 * 60);

/// Failed sign-ins an account may have before each further attempt waits.
const ACCOUNT_FREE: u32 = 5;
/// Failed sign-ins one address may have before it waits: higher than an account's, because a
/// township office or a carrier's NAT puts many supervisors behind one address.
const ADDRESS_FREE: u32 = 20;
/// The first wait after the free attempts; it doubles with each further failure...
const FIRST_WAIT: Duration = Duration::from_secs(1);
/// ...up to this lockout.
const LOCKOUT: Duration = Duration::from_secs(15 * 60);
/// Failures older than this are forgiven: longer than the lockout, so a lockout is served.
const FORGET: Duration = Duration::from_secs(3600);
/// Accounts and addresses tracked at most (about 100 bytes each): a flood of made-up names or
/// addresses must not grow memory without bound.
const MAX_TRACKED: usize = 50_000;

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

/// Compares tokens without an early exit, so timing does not reveal how much of a guess was
/// right.
pub fn same_token(a: &str, b: &str) -> bool {
    same_bytes(a.as_bytes(), b.as_bytes())
}

fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && !a.is_empty() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
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

#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: String,
    pub user_name: String,
    /// Echoed by every form: a cross-site page cannot know it.
    pub csrf: String,
    seen: Instant,
}

#[derive(Debug)]
pub struct Sessions {
    live: Mutex<HashMap<String, Session>>,
    throttle: Throttle,
    hashing: Arc<Semaphore>,
    /// Argon2 working memory, one per hashing permit at most, kept from check to check.
    memory: Arc<Mutex<Vec<Vec<Block>>>>,
    /// Set when the server speaks TLS: cookies are then marked `Secure` and pages ask for HTTPS
    /// from then on. A flag, not a field set at construction, because the state is built before
    /// the listener is chosen.
    secure: AtomicBool,
}

impl Default for Sessions {
    fn default() -> Self {
        Self {
            live: Mutex::default(),
            throttle: Throttle::default(),
            hashing: Arc::new(Semaphore::new(HASHING_PERMITS)),
            memory: Arc::default(),
            secure: AtomicBool::new(false),
        }
    }
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

    /// Marks cookies `Secure` and sends HSTS: for a server behind TLS.
    pub fn set_secure(&self, on: bool) {
        self.secure.store(on, Ordering::Relaxed);
    }

    pub fn secure(&self) -> bool {
        self.secure.load(Ordering::Relaxed)
    }

    /// Lets a sign-in to `account` (a user id, or the name typed when it matches no one) from
    /// `addr` be checked, or says how long it must wait. The attempt counts as a failure from
    /// now on, so that concurrent guesses cannot all slip through before the first fails;
    /// `succeeded` and `withdraw` take it back.
    pub fn attempt(&self, account: &str, addr: Option<IpAddr>) -> Result<Attempt, Duration> {
        let mut subjects = vec![Subject::account(account)];
        subjects.extend(addr.map(Subject::address));
        self.throttle.attempt(subjects, Instant::now())
    }

    /// The password was right: the account starts afresh; the address only gets this attempt
    /// back, or a guesser holding one account of their own could reset it between guesses.
    pub fn succeeded(&self, attempt: Attempt) {
        self.throttle
            .settle(attempt, Outcome::Right, Instant::now());
    }

    /// The password was wrong: the wait runs from now, when the guesser learns it, not from
    /// when the check began.
    pub fn failed(&self, attempt: Attempt) {
        self.throttle
            .settle(attempt, Outcome::Wrong, Instant::now());
    }

    /// The password was never checked (no capacity, storage failing): not a guess.
    pub fn withdraw(&self, attempt: Attempt) {
        self.throttle
            .settle(attempt, Outcome::Unchecked, Instant::now());
    }

    /// Checks `password` against `hash`, or against the dummy when there is none, off the async
    /// workers and a few at a time; `None` when no check came free soon enough.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Option<bool> {
        let permit = tokio::time::timeout(HASHING_WAIT, self.hashing.clone().acquire_owned())
            .await
            .ok()?
            .ok()?;
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
        Some(checked.unwrap_or(false))
    }
}

/// What sign-ins are counted against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Subject {
    /// A hash of the name, so a megabyte typed as a name is stored in 16 bytes.
    Account([u8; 16]),
    Address(IpAddr),
}

impl Subject {
    fn account(name: &str) -> Self {
        let mut key = [0u8; 16];
        key.copy_from_slice(&blake3::hash(name.as_bytes()).as_bytes()[..16]);
        Subject::Account(key)
    }

    /// An IPv6 client commonly holds a whole /64: counted as one address.
    fn address(ip: IpAddr) -> Self {
        Subject::Address(match ip.to_canonical() {
            IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from_bits(v6.to_bits() & !u128::from(u64::MAX))),
            v4 => v4,
        })
    }

    fn free(&self) -> u32 {
        match self {
            Subject::Account(_) => ACCOUNT_FREE,
            Subject::Address(_) => ADDRESS_FREE,
        }
    }

    /// How long after the latest failure the next attempt may come, after `failures`.
    fn wait(&self, failures: u32) -> Duration {
        let Some(over) = failures.checked_sub(self.free()) else {
            return Duration::ZERO;
        };
        FIRST_WAIT
            .checked_mul(1u32.checked_shl(over).unwrap_or(u32::MAX))
            .unwrap_or(LOCKOUT)
            .min(LOCKOUT)
    }
}

#[derive(Debug)]
struct Strikes {
    failures: u32,
    last: Instant,
}

#[derive(Debug, Clone, Copy)]
enum Outcome {
    Right,
    Wrong,
    Unchecked,
}

/// A sign-in let through to be checked, counted as failed until settled otherwise.
#[derive(Debug)]
#[must_use]
pub struct Attempt {
    subjects: Vec<Subject>,
}

#[derive(Debug, Default)]
struct Throttle {
    strikes: Mutex<HashMap<Subject, Strikes>>,
}

impl Throttle {
    fn attempt(&self, subjects: Vec<Subject>, now: Instant) -> Result<Attempt, Duration> {
        let mut strikes = self.strikes.lock().unwrap_or_else(|p| p.into_inner());
        let wait = subjects
            .iter()
            .filter_map(|s| {
                let k = strikes.get(s)?;
                if now.saturating_duration_since(k.last) >= FORGET {
                    return None;
                }
                (k.last + s.wait(k.failures)).checked_duration_since(now)
            })
            .max();
        if let Some(wait) = wait.filter(|w| !w.is_zero()) {
            return Err(wait);
        }
        for s in &subjects {
            if !strikes.contains_key(s) && strikes.len() >= MAX_TRACKED {
                strikes.retain(|_, k| now.saturating_duration_since(k.last) < FORGET);
                // Still full: the subject quiet the longest goes, being the least likely to
                // be locked out still.
                if strikes.len() >= MAX_TRACKED
                    && let Some(oldest) =
                        strikes.iter().min_by_key(|(_, k)| k.last).map(|(s, _)| *s)
                {
                    strikes.remove(&oldest);
                }
            }
            let k = strikes.entry(*s).or_insert(Strikes {
                failures: 0,
                last: now,
            });
            if now.saturating_duration_since(k.last) >= FORGET {
                k.failures = 0;
            }
            k.failures = k.failures.saturating_add(1);
            k.last = now;
        }
        Ok(Attempt { subjects })
    }

    fn settle(&self, attempt: Attempt, outcome: Outcome, now: Instant) {
        let mut strikes = self.strikes.lock().unwrap_or_else(|p| p.into_inner());
        for s in &attempt.subjects {
            match outcome {
                Outcome::Right if matches!(s, Subject::Account(_)) => {
                    strikes.remove(s);
                }
                Outcome::Wrong => {
                    if let Some(k) = strikes.get_mut(s) {
                        k.last = k.last.max(now);
                    }
                }
                Outcome::Right | Outcome::Unchecked => {
                    if let Some(k) = strikes.get_mut(s) {
                        k.failures = k.failures.saturating_sub(1);
                        if k.failures == 0 {
                            strikes.remove(s);
                        }
                    }
                }
            }
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.strikes.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

/// The session id in a `Cookie` header.
pub fn cookie(header: Option<&str>) -> Option<String> {
    steppe_protocol::credentials::cookie(header?.as_bytes(), COOKIE).map(str::to_string)
}

/// The sign-in form's token in a `Cookie` header.
pub fn login_cookie(header: Option<&str>) -> Option<String> {
    steppe_protocol::credentials::cookie(header?.as_bytes(), LOGIN_COOKIE).map(str::to_string)
}

/// A fresh token for a sign-in form, and the cookie that carries its twin.
pub fn login_token(secure: bool) -> (String, String) {
    let token = random_hex();
    let cookie = format!(
        "{LOGIN_COOKIE}={token}; Path=/web/login; Max-Age={}; HttpOnly; SameSite=Strict{}",
        LOGIN_TOKEN_AGE.as_secs(),
        if secure { "; Secure" } else { "" }
    );
    (token, cookie)
}

/// Adds a `Set-Cookie` (several may be set on one response).
pub fn set_cookie(resp: &mut Response, cookie: &str) {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // test code: a failed step is a failed test

    use super::*;

    fn subjects(name: &str, ip: &str) -> Vec<Subject> {
        vec![
            Subject::account(name),
            Subject::address(ip.parse().unwrap()),
        ]
    }

    #[test]
    fn failures_past_the_free_ones_wait_doubling_up_to_the_lockout() {
        let t = Throttle::default();
        let start = Instant::now();
        for _ in 0..ACCOUNT_FREE {
            let _ = t.attempt(subjects("苏木督导", "10.0.0.1"), start).unwrap();
        }
        assert_eq!(
            t.attempt(subjects("苏木督导", "10.0.0.1"), start)
                .unwrap_err(),
            FIRST_WAIT
        );
        // Another address does not get round the account's wait.
        assert!(t.attempt(subjects("苏木督导", "10.0.0.2"), start).is_err());
        let later = start + FIRST_WAIT;
        let _ = t.attempt(subjects("苏木督导", "10.0.0.1"), later).unwrap();
        assert_eq!(
            t.attempt(subjects("苏木督导", "10.0.0.1"), later)
                .unwrap_err(),
            2 * FIRST_WAIT
        );
        let a = Subject::account("x");
        assert_eq!(a.wait(ACCOUNT_FREE + 40), LOCKOUT);
        assert_eq!(a.wait(u32::MAX), LOCKOUT);
        // Forgiven after an hour of quiet.
        assert!(
            t.attempt(subjects("苏木督导", "10.0.0.1"), later + FORGET)
                .is_ok()
        );
    }

    #[test]
    fn success_clears_the_account_but_only_takes_back_the_address_attempt() {
        let t = Throttle::default();
        let now = Instant::now();
        for i in 0..ADDRESS_FREE - 1 {
            let _ = t
                .attempt(subjects(&format!("猜{i}"), "10.0.0.1"), now)
                .unwrap();
        }
        let mine = t.attempt(subjects("我自己", "10.0.0.1"), now).unwrap();
        t.settle(mine, Outcome::Right, now);
        let mine = t.attempt(subjects("我自己", "10.0.0.1"), now).unwrap();
        t.settle(mine, Outcome::Right, now);
        // The address still carries the guesses: one more and it waits.
        let _ = t.attempt(subjects("猜多", "10.0.0.1"), now).unwrap();
        assert!(t.attempt(subjects("又一个", "10.0.0.1"), now).is_err());
        // An unchecked attempt is not counted.
        let t = Throttle::default();
        let a = t.attempt(subjects("甲", "10.0.0.1"), now).unwrap();
        t.settle(a, Outcome::Unchecked, now);
        assert_eq!(t.len(), 0);
    }

    #[test]
    fn an_ipv6_client_counts_as_its_slash_64() {
        assert_eq!(
            Subject::address("2001:db8:1:2:aaaa::1".parse().unwrap()),
            Subject::address("2001:db8:1:2:ffff::9".parse().unwrap())
        );
        assert_ne!(
            Subject::address("2001:db8:1:2::1".parse().unwrap()),
            Subject::address("2001:db8:1:3::1".parse().unwrap())
        );
        assert_eq!(
            Subject::address("::ffff:10.0.0.1".parse().unwrap()),
            Subject::address("10.0.0.1".parse().unwrap())
        );
    }

    #[test]
    fn the_tracked_set_stays_bounded() {
        let t = Throttle::default();
        let now = Instant::now();
        for i in 0..MAX_TRACKED + 100 {
            let _ = t.attempt(vec![Subject::account(&i.to_string())], now);
        }
        assert!(t.len() <= MAX_TRACKED);
    }

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

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "ab"));
        assert!(!same_token("", ""));
    }
}
