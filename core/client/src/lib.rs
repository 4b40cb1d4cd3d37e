//! Drives a device's sync with a Steppe server over HTTP: enrollment once, then `sync` whenever
//! a signal is found. Store work runs on tokio's blocking pool, never on the caller's thread;
//! what to send, when to retry and when to ask again is the core's [`SyncSession`], which this
//! only carries over reqwest; every page is applied (and its cursor saved) before the next is
//! asked for, so a dropped connection resumes, not restarts.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use steppe_core::{Steppe, SyncReport, SyncSession, SyncStep};
use steppe_protocol as proto;

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
    /// The end of the server's log, when the server said: `cursor / head` draws a bar.
    pub head: Option<u64>,
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
    /// Overrides the session's retry policy: (times, first pause).
    retries: Option<(usize, Duration)>,
}

type Progress<'a> = Option<&'a (dyn Fn(&SyncProgress) + Send + Sync)>;

/// A frame being applied on the blocking pool.
type Applying = tokio::task::JoinHandle<Result<SyncReport, SyncError>>;

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
            page_bytes: proto::PAGE_BYTES,
            retries: None,
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

    /// The most change bytes to ask for per response page, within the protocol's bounds
    /// ([`proto::MIN_PAGE_BYTES`]..=[`proto::MAX_PAGE_BYTES`]).
    pub fn with_page_bytes(mut self, page_bytes: u32) -> Self {
        self.page_bytes = page_bytes;
        self
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    /// Fewer retries (tests that kill the server on purpose).
    pub fn with_retries(mut self, times: usize, min_delay: Duration) -> Self {
        self.retries = Some((times, min_delay));
        self
    }

    /// One attempt at an exchange: upload what waits, then apply each page of the streamed
    /// response as it arrives (the next page downloads while the last is applied). Pages
    /// applied before a failure stay applied; what to do after it is the session's call.
    async fn exchange(
        &self,
        store: &Arc<Steppe>,
        session: &mut SyncSession,
        progress: Progress<'_>,
    ) -> Result<(), SyncError> {
        let s = store.clone();
        let page = session.page_bytes();
        let out = tokio::task::spawn_blocking(move || s.sync_outgoing(page))
            .await
            .map_err(offline)??;
        let request = session.request_from(out);
        self.traffic
            .body_up
            .fetch_add(request.body.len() as u64, Ordering::Relaxed);
        self.traffic.exchanges.fetch_add(1, Ordering::Relaxed);
        let mut http = self.http.post(format!("{}{}", self.base, request.path));
        for (name, value) in request.headers {
            http = http.header(name, value);
        }
        let mut resp = http.body(request.body).send().await.map_err(failed)?;
        let status = resp.status().as_u16();
        session.server_head(
            resp.headers()
                .get(proto::HEAD_HEADER)
                .and_then(|v| v.to_str().ok()),
        );
        if (200..300).contains(&status) {
            let lineage = resp
                .headers()
                .get(proto::LINEAGE_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let s = store.clone();
            tokio::task::spawn_blocking(move || s.note_server_lineage(lineage.as_deref()))
                .await
                .map_err(offline)??;
        }
        // Only a failure's body is read whole: it is the server's explanation, not frames.
        if session.status(status, &[]).is_err() {
            let bytes = resp.bytes().await.map_err(offline)?;
            self.traffic
                .body_down
                .fetch_add(bytes.len() as u64, Ordering::Relaxed);
            return session.status(status, &bytes);
        }
        let mut applying: Option<Applying> = None;
        let received = self
            .download(store, session, &mut resp, &mut applying, progress)
            .await;
        // A page already being applied is waited for even after a failure, so that it is
        // counted and the retry's upload does not race its transaction.
        if let Some(done) = applying {
            let report = done.await.map_err(offline)??;
            self.record(store, session, report, progress).await?;
        }
        received
    }

    /// Reads the response to its end, handing each whole frame to the blocking pool once the
    /// previous one is applied; the last one is left in `applying`.
    async fn download(
        &self,
        store: &Arc<Steppe>,
        session: &mut SyncSession,
        resp: &mut reqwest::Response,
        applying: &mut Option<Applying>,
        progress: Progress<'_>,
    ) -> Result<(), SyncError> {
        while let Some(bytes) = resp.chunk().await.map_err(offline)? {
            self.traffic
                .body_down
                .fetch_add(bytes.len() as u64, Ordering::Relaxed);
            for frame in session.frames(&bytes)? {
                if let Some(done) = applying.take() {
                    let report = done.await.map_err(offline)??;
                    self.record(store, session, report, progress).await?;
                }
                let s = store.clone();
                *applying = Some(tokio::task::spawn_blocking(move || s.apply_frame(&frame)));
            }
        }
        Ok(())
    }

    /// Adds one applied frame to the session's running report and tells the caller.
    async fn record(
        &self,
        store: &Arc<Steppe>,
        session: &mut SyncSession,
        frame: SyncReport,
        progress: Progress<'_>,
    ) -> Result<(), SyncError> {
        session.applied(frame);
        if let Some(p) = progress {
            let s = store.clone();
            let cursor = tokio::task::spawn_blocking(move || s.sync_cursor())
                .await
                .map_err(offline)??;
            let so_far = session.progress();
            p(&SyncProgress {
                // The exchange under way counts, as the first page of a first sync is trip 1.
                round_trips: so_far.round_trips + 1,
                received: so_far.received,
                sent: so_far.sent,
                cursor,
                head: session.position().head,
            });
        }
        Ok(())
    }

    /// Syncs until nothing is left to send or receive, reporting progress after every page.
    /// Transient failures are retried after the pauses the session sets.
    pub async fn sync(
        &self,
        store: &Arc<Steppe>,
        progress: Progress<'_>,
    ) -> Result<SyncReport, SyncError> {
        // What this phone carries for others goes first: a change of its own may depend on one a
        // phone it met made, and the server must hold that one before it decides this.
        if let Err(e) = self.forward(store).await {
            tracing::warn!(error = %e, "carried items not handed over");
        }
        let mut session = SyncSession::new(&self.token).with_page_bytes(self.page_bytes);
        if let Some((times, min_delay)) = self.retries {
            session = session.with_retries(times, min_delay);
        }
        loop {
            let outcome = self.exchange(store, &mut session, progress).await;
            match session.step(outcome) {
                SyncStep::Again => {}
                SyncStep::RetryAfter(pause) => tokio::time::sleep(pause).await,
                SyncStep::Done(report) => {
                    // The certificate is renewed with every sync; a sync stands without it (an
                    // older server has none to give), and the next one tries again.
                    if let Err(e) = self.certify(store).await {
                        tracing::warn!(error = %e, "certificate not renewed");
                    }
                    return Ok(report);
                }
                SyncStep::Failed(e) => return Err(e),
            }
        }
    }

    /// Posts `body` to `path` with this device's token, counting the bytes both ways; the
    /// status and the body of the answer.
    async fn post(&self, path: &str, body: Vec<u8>) -> Result<(u16, Vec<u8>), SyncError> {
        self.traffic
            .body_up
            .fetch_add(body.len() as u64, Ordering::Relaxed);
        let resp = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .body(body)
            .send()
            .await
            .map_err(failed)?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.map_err(offline)?;
        self.traffic
            .body_down
            .fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok((status, bytes.to_vec()))
    }

    /// Fetches the server's signed bundle of a unit this phone's user reads and applies it here,
    /// so that it goes on to phones met there that cannot sync; the changes new here.
    pub async fn fetch_unit_bundle(
        &self,
        store: &Arc<Steppe>,
        org: [u8; 16],
    ) -> Result<u64, SyncError> {
        let body = proto::encode_message(&proto::peer::UnitBundleRequest { org })
            .map_err(|e| SyncError::Rejected(e.to_string()))?;
        let (status, bytes) = self.post(proto::peer::UNIT_BUNDLE_PATH, body).await?;
        if !(200..300).contains(&status) {
            return Err(steppe_core::status_error(
                status,
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
        let s = store.clone();
        let report = tokio::task::spawn_blocking(move || s.import_bundle(&bytes))
            .await
            .map_err(offline)??;
        Ok(report.received)
    }

    /// Hands the server the sealed items this phone carries for phones that never reach it; how
    /// many were answered for (and forgotten here).
    pub async fn forward(&self, store: &Arc<Steppe>) -> Result<u64, SyncError> {
        let mut handed = 0;
        loop {
            let s = store.clone();
            let Some(sent) = tokio::task::spawn_blocking(move || s.forward_request())
                .await
                .map_err(offline)??
            else {
                return Ok(handed);
            };
            let (status, bytes) = self
                .post(proto::peer::FORWARD_PATH, sent.body.clone())
                .await?;
            let s = store.clone();
            let decided =
                tokio::task::spawn_blocking(move || s.forward_answer(&sent, status, &bytes))
                    .await
                    .map_err(offline)??;
            // The server could decide none of them now: try again at the next sync.
            if decided == 0 {
                return Ok(handed);
            }
            handed += decided;
        }
    }

    /// Presents this device's public key and keeps the fresh certificate the server signs for it
    /// (ADR 0011): what lets the phone's bundles and peers be believed while it has no signal.
    pub async fn certify(
        &self,
        store: &Arc<Steppe>,
    ) -> Result<proto::signing::Certificate, SyncError> {
        let s = store.clone();
        let body = tokio::task::spawn_blocking(move || s.certificate_request())
            .await
            .map_err(offline)??;
        let (status, bytes) = self.post(proto::signing::CERTIFICATE_PATH, body).await?;
        let s = store.clone();
        tokio::task::spawn_blocking(move || s.certificate_answer(status, &bytes))
            .await
            .map_err(offline)?
    }
}
