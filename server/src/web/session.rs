//! Signing in to the pages: the same users as sync, with a password checked by
//! [`crate::auth::password`]; a signed-in browser holds a random session id in an HttpOnly,
//! SameSite=Strict cookie, and forms carry a per-session token.
//!
//! Guessing is slowed per account and per client address.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::http::{HeaderValue, header};
use axum::response::Response;
use rand_core::{OsRng, RngCore};

use crate::auth::same_bytes;
use crate::clock::now_ms;
use crate::storage::{Hash, Storage, StorageError, StoredSession};

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

#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: String,
    pub user_name: String,
    /// Echoed by every form: a cross-site page cannot know it.
    pub csrf: String,
    /// When this instance last read the session from the database: an instance answers from
    /// memory only this long, so a sign-out on another instance reaches it soon.
    checked: Instant,
}

/// How long an instance trusts the session it holds in memory before asking the database
/// again (which also slides the stored expiry).
const RECHECK: Duration = Duration::from_secs(10);

#[derive(Debug)]
pub struct Sessions {
    /// What this instance has read or written lately, under the cookie's value: the database
    /// is the truth (sessions survive a restart and are shared by instances), this saves it a
    /// query per page.
    live: Mutex<HashMap<String, Session>>,
    throttle: Throttle,
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
            secure: AtomicBool::new(false),
        }
    }
}

/// The database keeps a session under this, never the cookie's value itself: a copy of the
/// database opens no session.
fn id_hash(id: &str) -> Hash {
    *blake3::hash(id.as_bytes()).as_bytes()
}

fn expiry_from(now_ms: i64) -> i64 {
    now_ms + IDLE.as_millis() as i64
}

impl Sessions {
    /// Starts a session, kept in the database; returns its id for the cookie.
    pub async fn start(
        &self,
        storage: &dyn Storage,
        user_id: &str,
        user_name: &str,
    ) -> Result<String, StorageError> {
        let id = random_hex();
        let csrf = random_hex();
        let now = now_ms();
        storage
            .put_session(
                &StoredSession {
                    id_hash: id_hash(&id),
                    user_id: user_id.into(),
                    user_name: user_name.into(),
                    csrf: csrf.clone(),
                    expires_at: expiry_from(now),
                },
                now,
            )
            .await?;
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        live.retain(|_, s| s.checked.elapsed() < RECHECK);
        live.insert(
            id.clone(),
            Session {
                user_id: user_id.into(),
                user_name: user_name.into(),
                csrf,
                checked: Instant::now(),
            },
        );
        Ok(id)
    }

    /// The session a cookie names, if it is current; each use (at most every ten seconds)
    /// moves its expiry on.
    pub async fn get(
        &self,
        storage: &dyn Storage,
        id: &str,
    ) -> Result<Option<Session>, StorageError> {
        {
            let live = self.live.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(s) = live.get(id).filter(|s| s.checked.elapsed() < RECHECK) {
                return Ok(Some(s.clone()));
            }
        }
        let now = now_ms();
        let hash = id_hash(id);
        let Some(stored) = storage.session(hash, now).await? else {
            self.forget(id);
            return Ok(None);
        };
        storage.extend_session(hash, expiry_from(now)).await?;
        let session = Session {
            user_id: stored.user_id,
            user_name: stored.user_name,
            csrf: stored.csrf,
            checked: Instant::now(),
        };
        let mut live = self.live.lock().unwrap_or_else(|p| p.into_inner());
        live.retain(|_, s| s.checked.elapsed() < RECHECK);
        live.insert(id.to_string(), session.clone());
        Ok(Some(session))
    }

    pub async fn end(&self, storage: &dyn Storage, id: &str) -> Result<(), StorageError> {
        self.forget(id);
        storage.end_session(id_hash(id)).await
    }

    fn forget(&self, id: &str) {
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
    fn tokens_compare_whole() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "ab"));
        assert!(!same_token("", ""));
    }
}
