//! Drives a device's sync with a Steppe server over HTTP: enrollment once, then `sync` whenever
//! a signal is found. Store work runs on tokio's blocking pool, never on the caller's thread;
//! transient failures are retried with exponential backoff; every page is applied (and its
//! cursor saved) before the next is asked for, so a dropped connection resumes, not restarts.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use reqwest::header::{ACCEPT_ENCODING, AUTHORIZATION, CONTENT_ENCODING, HeaderValue};
use steppe_core::{Steppe, SyncReport};
use steppe_protocol::{self as proto, FrameReader, Limits};

pub use pinning::pin_of;
pub use steppe_core::{Enrollment, SyncError};

mod pinning;

/// What an app shows while a long first sync runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncProgress {
    pub round_trips: u64,
    pub received: u64,
    pub sent: u64,
    pub cursor: u64,
}

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

type Progress<'a> = Option<&'a (dyn Fn(&SyncProgress) + Send + Sync)>;

fn offline(e: impl std::fmt::Display) -> SyncError {
    SyncError::Offline(e.to_string())
}

/// A transport failure: a pin mismatch is its own, final error; anything else is offline.
fn failed(e: reqwest::Error) -> SyncError {
    let mut source: Option<&dyn std::error::Error> = Some(&e);
    while let Some(s) = source {
        if s.to_string().contains(pinning::MISMATCH) {
            return SyncError::UntrustedServer;
        }
        source = s.source();
    }
    offline(e)
}

/// The HTTP client; with a pin it trusts exactly that server certificate (HTTPS).
fn http_client(pin: Option<[u8; 32]>) -> Result<reqwest::Client, SyncError> {
    let mut builder = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(20))
        .read_timeout(Duration::from_secs(120));
    if let Some(pin) = pin {
        let tls = pinning::config(pin).map_err(|e| SyncError::Rejected(e.to_string()))?;
        builder = builder.use_preconfigured_tls(tls);
    }
    builder.build().map_err(offline)
}

/// Trades a one-time code for a device token, binding a fresh automerge actor to this device.
pub async fn enroll(base: &str, code: &str, device_name: &str) -> Result<Enrollment, SyncError> {
    enroll_pinned(base, code, device_name, None).await
}

/// [`enroll`] with the server's certificate pinned (see [`pin_of`]).
pub async fn enroll_pinned(
    base: &str,
    code: &str,
    device_name: &str,
    pin: Option<[u8; 32]>,
) -> Result<Enrollment, SyncError> {
    let (body, actor) = steppe_core::enroll_request(code, device_name)?;
    let resp = http_client(pin)?
        .post(format!(
            "{}{}",
            base.trim_end_matches('/'),
            proto::ENROLL_PATH
        ))
        .body(body)
        .send()
        .await
        .map_err(failed)?;
    let status = resp.status().as_u16();
    let bytes = resp.bytes().await.map_err(offline)?;
    steppe_core::enroll_response(status, &bytes, actor, device_name)
}

impl SyncClient {
    pub fn new(base: &str, token: &str) -> Result<Self, SyncError> {
        Ok(Self {
            traffic: Arc::new(Traffic::default()),
            http: http_client(None)?,
            base: base.trim_end_matches('/').to_string(),
            token: token.to_string(),
            page_bytes: 1 << 20,
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

    /// Trusts exactly the server certificate whose SHA-256 is `pin` (HTTPS with a self-issued
    /// certificate, or not trusting the usual authorities).
    pub fn with_pinned_certificate(mut self, pin: [u8; 32]) -> Result<Self, SyncError> {
        self.http = http_client(Some(pin))?;
        Ok(self)
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

    /// One exchange: upload what waits, then apply each page of the streamed response as it
    /// arrives (the next page downloads while the last is applied). Retried as a whole when
    /// transient; pages applied before a failure stay applied and the retry resumes after them.
    async fn exchange(
        &self,
        store: &Arc<Steppe>,
        total: &Mutex<SyncReport>,
        progress: Progress<'_>,
    ) -> Result<(), SyncError> {
        let attempt = || async {
            let s = store.clone();
            let page = self.page_bytes;
            let out = tokio::task::spawn_blocking(move || s.sync_outgoing(page))
                .await
                .map_err(offline)??;
            self.traffic
                .body_up
                .fetch_add(out.body.len() as u64, Ordering::Relaxed);
            self.traffic.exchanges.fetch_add(1, Ordering::Relaxed);
            let mut request = self
                .http
                .post(format!("{}{}", self.base, proto::SYNC_PATH))
                .header(AUTHORIZATION, format!("Bearer {}", self.token))
                .header(
                    ACCEPT_ENCODING,
                    HeaderValue::from_static(steppe_core::ACCEPT_ENCODING),
                );
            if let Some(e) = out.content_encoding {
                request = request.header(CONTENT_ENCODING, HeaderValue::from_static(e));
            }
            let mut resp = request.body(out.body).send().await.map_err(failed)?;
            let status = resp.status();
            if !status.is_success() {
                let bytes = resp.bytes().await.map_err(offline)?;
                self.traffic
                    .body_down
                    .fetch_add(bytes.len() as u64, Ordering::Relaxed);
                return Err(steppe_core::status_error(
                    status.as_u16(),
                    String::from_utf8_lossy(&bytes).into_owned(),
                ));
            }
            let mut reader = FrameReader::new(Limits::default());
            let mut applying: Option<tokio::task::JoinHandle<Result<SyncReport, SyncError>>> = None;
            let mut frames = 0u64;
            loop {
                while let Some(frame) = reader.next_frame()? {
                    if let Some(done) = applying.take() {
                        self.record(store, total, done.await.map_err(offline)??, progress)
                            .await?;
                    }
                    frames += 1;
                    let s = store.clone();
                    applying = Some(tokio::task::spawn_blocking(move || s.apply_frame(&frame)));
                }
                match resp.chunk().await.map_err(offline)? {
                    Some(bytes) => {
                        self.traffic
                            .body_down
                            .fetch_add(bytes.len() as u64, Ordering::Relaxed);
                        reader.push(&bytes);
                    }
                    None => break,
                }
            }
            if let Some(done) = applying.take() {
                self.record(store, total, done.await.map_err(offline)??, progress)
                    .await?;
            }
            if frames == 0 || !reader.is_empty() {
                return Err(SyncError::Offline("the response was cut short".into()));
            }
            if let Ok(mut t) = total.lock() {
                t.round_trips += 1;
            }
            Ok(())
        };
        attempt
            .retry(self.retry)
            .when(SyncError::is_transient)
            .await
    }

    /// Adds one applied frame to the running report and tells the caller.
    async fn record(
        &self,
        store: &Arc<Steppe>,
        total: &Mutex<SyncReport>,
        frame: SyncReport,
        progress: Progress<'_>,
    ) -> Result<(), SyncError> {
        let snapshot = {
            let mut t = total
                .lock()
                .map_err(|_| SyncError::Offline("sync state poisoned".into()))?;
            let trips = t.round_trips;
            t.add(&frame);
            t.round_trips = trips;
            t.clone()
        };
        if let Some(p) = progress {
            let s = store.clone();
            let cursor = tokio::task::spawn_blocking(move || s.sync_cursor())
                .await
                .map_err(offline)??;
            p(&SyncProgress {
                round_trips: snapshot.round_trips + 1,
                received: snapshot.received,
                sent: snapshot.sent,
                cursor,
            });
        }
        Ok(())
    }

    /// Syncs until nothing is left to send or receive, reporting progress after every page.
    pub async fn sync(
        &self,
        store: &Arc<Steppe>,
        progress: Progress<'_>,
    ) -> Result<SyncReport, SyncError> {
        let total = Mutex::new(SyncReport::default());
        loop {
            self.exchange(store, &total, progress).await?;
            let another = total.lock().map(|t| t.wants_another()).unwrap_or(false);
            if !another {
                break;
            }
            if let Ok(mut t) = total.lock() {
                t.local_more = false;
            }
        }
        let mut total = total
            .into_inner()
            .map_err(|_| SyncError::Offline("sync state poisoned".into()))?;
        total.more = false;
        total.local_more = false;
        Ok(total)
    }
}
