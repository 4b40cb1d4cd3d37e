//! Drives a device's sync with a Steppe server over HTTP: enrollment once, then `sync` whenever
//! a signal is found. Store work runs on tokio's blocking pool, never on the caller's thread;
//! transient failures are retried with exponential backoff; every page is applied (and its
//! cursor saved) before the next is asked for, so a dropped connection resumes, not restarts.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_ENCODING, AUTHORIZATION, CONTENT_ENCODING, HeaderValue};
use steppe_core::{CoreError, DeviceIdentity, Steppe, SyncReport};
use steppe_protocol::{self as proto, Compression, EnrollRequest, EnrollResponse, Limits};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncError {
    /// No connection, a timeout, or the server said to retry later; nothing was lost.
    #[error("offline or server unreachable: {0}")]
    Offline(String),
    /// The token is wrong or the enrollment code is unknown, used or expired.
    #[error("not authorised: {0}")]
    Unauthorized(String),
    /// This device or its user was revoked.
    #[error("this device has been revoked")]
    Revoked,
    /// The server refused the request as malformed (a bug on one side).
    #[error("server refused the request: {0}")]
    Rejected(String),
    #[error("malformed response: {0}")]
    Protocol(#[from] proto::DecodeError),
    #[error(transparent)]
    Store(#[from] CoreError),
}

impl SyncError {
    fn is_transient(&self) -> bool {
        matches!(self, SyncError::Offline(_))
    }
}

/// What an app shows while a long first sync runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncProgress {
    pub round_trips: u64,
    pub received: u64,
    pub sent: u64,
    pub cursor: u64,
}

/// A device's credentials after enrollment.
#[derive(Debug, Clone)]
pub struct Enrollment {
    pub identity: DeviceIdentity,
    pub actor: Vec<u8>,
    pub token: String,
}

/// Below this many bytes a body goes uncompressed.
const SMALL_BODY: usize = 200;

/// Bytes this client sent and received as HTTP bodies (after compression), and exchanges made.
#[derive(Debug, Default)]
pub struct Traffic {
    pub body_up: AtomicU64,
    pub body_down: AtomicU64,
    pub exchanges: AtomicU64,
}

impl Traffic {
    pub fn take(&self) -> (u64, u64, u64) {
        (
            self.body_up.swap(0, Ordering::SeqCst),
            self.body_down.swap(0, Ordering::SeqCst),
            self.exchanges.swap(0, Ordering::SeqCst),
        )
    }
}

#[derive(Debug, Clone)]
pub struct SyncClient {
    traffic: Arc<Traffic>,
    http: reqwest::Client,
    base: String,
    token: String,
    page_bytes: u32,
    retry: ExponentialBuilder,
}

fn offline(e: reqwest::Error) -> SyncError {
    SyncError::Offline(e.to_string())
}

fn status_error(status: StatusCode, body: String) -> SyncError {
    match status {
        StatusCode::UNAUTHORIZED => SyncError::Unauthorized(body),
        StatusCode::FORBIDDEN => SyncError::Revoked,
        s if s.is_server_error() || s == StatusCode::TOO_MANY_REQUESTS => {
            SyncError::Offline(format!("{s}: {body}"))
        }
        _ => SyncError::Rejected(body),
    }
}

fn http_client() -> Result<reqwest::Client, SyncError> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(20))
        .timeout(Duration::from_secs(120))
        .build()
        .map_err(offline)
}

/// Trades a one-time code for a device token, binding a fresh automerge actor to this device.
pub async fn enroll(base: &str, code: &str, device_name: &str) -> Result<Enrollment, SyncError> {
    let actor = automerge_actor();
    let body = proto::encode_message(&EnrollRequest {
        code: code.to_string(),
        device_name: device_name.to_string(),
        actor: actor.clone(),
    })
    .map_err(|e| SyncError::Rejected(e.to_string()))?;
    let resp = http_client()?
        .post(format!(
            "{}{}",
            base.trim_end_matches('/'),
            proto::ENROLL_PATH
        ))
        .body(body)
        .send()
        .await
        .map_err(offline)?;
    let status = resp.status();
    let bytes = resp.bytes().await.map_err(offline)?;
    if !status.is_success() {
        return Err(status_error(
            status,
            String::from_utf8_lossy(&bytes).into_owned(),
        ));
    }
    let e: EnrollResponse = proto::decode_message(&bytes, &Limits::default())?;
    Ok(Enrollment {
        identity: DeviceIdentity {
            user_id: e.user_id,
            user_name: e.user_name,
            device_id: e.device_id,
            device_name: device_name.to_string(),
        },
        actor,
        token: e.token,
    })
}

/// A random 16-byte actor id, unique to this install.
fn automerge_actor() -> Vec<u8> {
    uuid::Uuid::new_v4().as_bytes().to_vec()
}

impl SyncClient {
    pub fn new(base: &str, token: &str) -> Result<Self, SyncError> {
        Ok(Self {
            traffic: Arc::new(Traffic::default()),
            http: http_client()?,
            base: base.trim_end_matches('/').to_string(),
            token: token.to_string(),
            page_bytes: 512 << 10,
            retry: ExponentialBuilder::default()
                .with_min_delay(Duration::from_millis(200))
                .with_max_delay(Duration::from_secs(30))
                .with_max_times(5),
        })
    }

    /// Counters of what this client (and its clones) moved over the network.
    pub fn traffic(&self) -> &Traffic {
        &self.traffic
    }

    /// The most change bytes to ask for per response page.
    pub fn with_page_bytes(mut self, page_bytes: u32) -> Self {
        self.page_bytes = page_bytes;
        self
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    /// Fewer retries (tests that kill the server on purpose).
    pub fn with_retries(mut self, times: usize, min_delay: Duration) -> Self {
        self.retry = ExponentialBuilder::default()
            .with_min_delay(min_delay)
            .with_max_delay(min_delay * 8)
            .with_max_times(times);
        self
    }

    /// One exchange: upload what waits, apply one page. Retried as a whole when transient.
    async fn exchange(&self, store: &Arc<Steppe>) -> Result<SyncReport, SyncError> {
        let attempt = || async {
            let s = store.clone();
            let page = self.page_bytes;
            let req = tokio::task::spawn_blocking(move || s.sync_request(page))
                .await
                .map_err(|e| SyncError::Offline(e.to_string()))??;
            // Tiny bodies (an idle reconnect) are smaller uncompressed than deflated.
            let raw = proto::encode_request(&req, Compression::None)
                .map_err(|e| SyncError::Rejected(e.to_string()))?;
            let (body, encoding) = if raw.len() < SMALL_BODY {
                (raw, None)
            } else {
                (
                    proto::encode_request(&req, Compression::Deflate)
                        .map_err(|e| SyncError::Rejected(e.to_string()))?,
                    Some(HeaderValue::from_static("deflate")),
                )
            };
            self.traffic
                .body_up
                .fetch_add(body.len() as u64, Ordering::Relaxed);
            self.traffic.exchanges.fetch_add(1, Ordering::Relaxed);
            let mut request = self
                .http
                .post(format!("{}{}", self.base, proto::SYNC_PATH))
                .header(AUTHORIZATION, format!("Bearer {}", self.token))
                .header(ACCEPT_ENCODING, HeaderValue::from_static("deflate"));
            if let Some(e) = encoding {
                request = request.header(CONTENT_ENCODING, e);
            }
            let resp = request.body(body).send().await.map_err(offline)?;
            let status = resp.status();
            let compressed = resp
                .headers()
                .get(CONTENT_ENCODING)
                .is_some_and(|v| v.as_bytes() == b"deflate");
            let bytes = resp.bytes().await.map_err(offline)?;
            self.traffic
                .body_down
                .fetch_add(bytes.len() as u64, Ordering::Relaxed);
            if !status.is_success() {
                return Err(status_error(
                    status,
                    String::from_utf8_lossy(&bytes).into_owned(),
                ));
            }
            let resp = proto::decode_response(
                &bytes,
                if compressed {
                    Compression::Deflate
                } else {
                    Compression::None
                },
                &Limits::default(),
            )?;
            let s = store.clone();
            Ok(
                tokio::task::spawn_blocking(move || s.apply_sync_response(&resp))
                    .await
                    .map_err(|e| SyncError::Offline(e.to_string()))??,
            )
        };
        attempt
            .retry(self.retry)
            .when(SyncError::is_transient)
            .await
    }

    /// Syncs until nothing is left to send or receive, reporting progress after every page.
    pub async fn sync(
        &self,
        store: &Arc<Steppe>,
        progress: Option<&(dyn Fn(&SyncProgress) + Send + Sync)>,
    ) -> Result<SyncReport, SyncError> {
        let mut total = SyncReport::default();
        loop {
            let report = self.exchange(store).await?;
            total.add(&report);
            if let Some(p) = progress {
                let s = store.clone();
                let cursor = tokio::task::spawn_blocking(move || s.sync_cursor())
                    .await
                    .map_err(|e| SyncError::Offline(e.to_string()))??;
                p(&SyncProgress {
                    round_trips: total.round_trips,
                    received: total.received,
                    sent: total.sent,
                    cursor,
                });
            }
            if !report.more {
                break;
            }
        }
        total.more = false;
        Ok(total)
    }
}
