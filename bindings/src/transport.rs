//! HTTP supplied by the app. The library ships no TLS stack: Android passes OkHttp or
//! `HttpURLConnection`, iOS `URLSession` — platform certificates, proxies and battery rules
//! come with them. The exchange itself (what to send, how to apply what comes back, retries)
//! stays in Rust, in the same session every other transport drives.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use steppe_core::{Steppe, SyncError, SyncReport, SyncSession, SyncStep};
use steppe_protocol as proto;

use crate::error::SteppeError;
use crate::types::Enrollment;

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpHeader {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpResponse {
    pub status: u16,
    pub body: Vec<u8>,
    /// The response's headers (names in any case). Only advisory ones are read (the server's
    /// log head, for progress): a transport may leave them out.
    #[uniffi(default)]
    pub headers: Vec<HttpHeader>,
}

/// Why the app's HTTP stack could not complete a request.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum TransportError {
    /// No connection, DNS failure, timeout, TLS failure: retried with backoff.
    #[error("unreachable: {detail}")]
    Unreachable { detail: String },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for TransportError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        TransportError::Unreachable { detail: e.reason }
    }
}

/// One blocking HTTP POST, implemented by the app.
#[uniffi::export(with_foreign)]
pub trait HttpTransport: Send + Sync {
    fn post(
        &self,
        url: String,
        headers: Vec<HttpHeader>,
        body: Vec<u8>,
    ) -> Result<HttpResponse, TransportError>;
}

/// How far a sync has come, after each page applied.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SyncProgress {
    /// Changes received and new here so far.
    pub received: u64,
    /// Local changes the server has settled so far.
    pub sent: u64,
    /// Pages applied so far.
    pub pages: u64,
    /// Done so far, from 0.0 to 1.0, when the server told the end of its log (else the bar is
    /// indeterminate).
    pub fraction: Option<f64>,
}

/// Told after every page of a long sync is applied (on the syncing thread: return quickly).
#[uniffi::export(with_foreign)]
pub trait SyncProgressListener: Send + Sync {
    fn on_progress(&self, progress: SyncProgress);
}

/// Stops a sync at its next safe point: between pages, or during a pause before a retry.
/// Pages applied before stay applied (their cursor saved); the next sync resumes from there.
#[derive(Debug, Default, uniffi::Object)]
pub struct SyncCancel {
    cancelled: AtomicBool,
}

#[uniffi::export]
impl SyncCancel {
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }
}

impl SyncCancel {
    /// Sleeps `pause` unless cancelled meanwhile; true if cancelled.
    fn pause(&self, pause: Duration) -> bool {
        let until = Instant::now() + pause;
        while Instant::now() < until {
            if self.is_cancelled() {
                return true;
            }
            std::thread::sleep((until - Instant::now()).min(Duration::from_millis(50)));
        }
        self.is_cancelled()
    }
}

fn header(name: &str, value: &str) -> HttpHeader {
    HttpHeader {
        name: name.into(),
        value: value.into(),
    }
}

fn url(base: &str, path: &str) -> String {
    format!("{}{}", base.trim_end_matches('/'), path)
}

/// Trades a one-time enrollment code for this device's token and actor.
#[uniffi::export]
pub fn enroll(
    transport: Arc<dyn HttpTransport>,
    server_url: String,
    code: String,
    device_name: String,
) -> Result<Enrollment, SteppeError> {
    let (body, actor) = steppe_core::enroll_request(&code, &device_name)?;
    let resp = transport
        .post(
            url(&server_url, proto::ENROLL_PATH),
            vec![header("Content-Type", "application/octet-stream")],
            body,
        )
        .map_err(|e| SyncError::Offline(e.to_string()))?;
    let e = steppe_core::enroll_response(resp.status, &resp.body, actor, &device_name)?;
    Ok(Enrollment {
        user_id: e.identity.user_id,
        user_name: e.identity.user_name,
        device_id: e.identity.device_id,
        device_name: e.identity.device_name,
        actor: e.actor,
        token: e.token,
    })
}

/// Why a sync ended early.
pub(crate) enum Stopped {
    Failed(SyncError),
    Cancelled,
}

impl From<SyncError> for Stopped {
    fn from(e: SyncError) -> Self {
        Stopped::Failed(e)
    }
}

/// Syncs until nothing is left to send or receive, as the core's [`SyncSession`] decides;
/// this only carries its requests through the app's transport and applies the frames that come
/// back. Frames applied before a failure or a cancel stay applied. The calling thread sleeps
/// between retries: never call it on a UI thread.
pub(crate) fn sync(
    store: &Steppe,
    transport: &dyn HttpTransport,
    server_url: &str,
    token: &str,
    progress: Option<&dyn SyncProgressListener>,
    cancel: &SyncCancel,
) -> Result<SyncReport, Stopped> {
    // What this phone carries for others goes first: a change of its own may depend on one a
    // phone it met made, and the server must hold that one before it decides this.
    if let Err(e) = forward(store, transport, server_url, token) {
        tracing::warn!(error = %e, "carried items not handed over");
    }
    let mut session = SyncSession::new(token);
    let mut pages = 0;
    loop {
        if cancel.is_cancelled() {
            return Err(Stopped::Cancelled);
        }
        let request = session.request(store)?;
        let headers = request
            .headers
            .iter()
            .map(|(name, value)| header(name, value))
            .collect();
        let outcome = match transport.post(url(server_url, request.path), headers, request.body) {
            Ok(resp) => {
                let header = |name: &str| {
                    resp.headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case(name))
                        .map(|h| h.value.as_str())
                };
                session.server_head(header(proto::HEAD_HEADER));
                session.status(resp.status, &resp.body).and_then(|()| {
                    store.note_server_lineage(header(proto::LINEAGE_HEADER))?;
                    receive(
                        store,
                        &mut session,
                        &resp.body,
                        progress,
                        cancel,
                        &mut pages,
                    )
                })
            }
            Err(e) => Err(SyncError::Offline(e.to_string())),
        };
        match session.step(outcome) {
            SyncStep::Again => {}
            SyncStep::RetryAfter(pause) => {
                if cancel.pause(pause) {
                    return Err(Stopped::Cancelled);
                }
            }
            SyncStep::Done(report) => {
                // The certificate is renewed with every sync (ADR 0011); a sync stands without
                // it, and the next one tries again.
                if let Err(e) = certify(store, transport, server_url, token) {
                    tracing::warn!(error = %e, "certificate not renewed");
                }
                return Ok(report);
            }
            SyncStep::Failed(e) => return Err(Stopped::Failed(e)),
        }
    }
}

/// Fetches the server's signed bundle of a unit this phone's user reads and applies it, to hand
/// on to phones met there that cannot sync (ADR 0011); the changes new here.
pub(crate) fn fetch_unit_bundle(
    store: &Steppe,
    transport: &dyn HttpTransport,
    server_url: &str,
    token: &str,
    org: [u8; 16],
) -> Result<u64, SyncError> {
    let body = proto::encode_message(&proto::peer::UnitBundleRequest { org })
        .map_err(|e| SyncError::Rejected(e.to_string()))?;
    let resp = transport
        .post(
            url(server_url, proto::peer::UNIT_BUNDLE_PATH),
            authorised(token),
            body,
        )
        .map_err(|e| SyncError::Offline(e.to_string()))?;
    if !(200..300).contains(&resp.status) {
        return Err(steppe_core::status_error(
            resp.status,
            String::from_utf8_lossy(&resp.body).into_owned(),
        ));
    }
    Ok(store.import_bundle(&resp.body)?.received)
}

/// Hands the server what this phone carries for phones that never reach it (ADR 0011).
fn forward(
    store: &Steppe,
    transport: &dyn HttpTransport,
    server_url: &str,
    token: &str,
) -> Result<u64, SyncError> {
    let mut handed = 0;
    while let Some(sent) = store.forward_request()? {
        let resp = transport
            .post(
                url(server_url, proto::peer::FORWARD_PATH),
                authorised(token),
                sent.body.clone(),
            )
            .map_err(|e| SyncError::Offline(e.to_string()))?;
        let decided = store.forward_answer(&sent, resp.status, &resp.body)?;
        // The server could decide none of them now: try again at the next sync.
        if decided == 0 {
            break;
        }
        handed += decided;
    }
    Ok(handed)
}

fn authorised(token: &str) -> Vec<HttpHeader> {
    vec![
        header("Authorization", &format!("Bearer {token}")),
        header("Content-Type", "application/octet-stream"),
    ]
}

/// Presents this device's public key and keeps the certificate the server signs for it.
pub(crate) fn certify(
    store: &Steppe,
    transport: &dyn HttpTransport,
    server_url: &str,
    token: &str,
) -> Result<proto::signing::Certificate, SyncError> {
    let body = store.certificate_request()?;
    let resp = transport
        .post(
            url(server_url, proto::signing::CERTIFICATE_PATH),
            authorised(token),
            body,
        )
        .map_err(|e| SyncError::Offline(e.to_string()))?;
    store.certificate_answer(resp.status, &resp.body)
}

/// Applies a response's frames one by one, telling the listener after each. A cancel stops
/// between frames: what was applied stays, and the session counts the response as cut short,
/// so nothing is taken for done that was not.
fn receive(
    store: &Steppe,
    session: &mut SyncSession,
    body: &[u8],
    progress: Option<&dyn SyncProgressListener>,
    cancel: &SyncCancel,
    pages: &mut u64,
) -> Result<(), SyncError> {
    for frame in session.frames(body)? {
        if cancel.is_cancelled() {
            return Err(SyncError::Offline("cancelled".into()));
        }
        session.applied(store.apply_frame(&frame)?);
        *pages += 1;
        if let Some(p) = progress {
            let so_far = session.progress();
            p.on_progress(SyncProgress {
                received: so_far.received,
                sent: so_far.sent,
                pages: *pages,
                fraction: session.position().fraction(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // test code: a failed step is a failed test

    use std::collections::VecDeque;
    use std::sync::Mutex;

    use steppe_core::DeviceIdentity;
    use steppe_protocol::{Compression, SyncResponse, encode_frame};

    use super::*;

    /// Answers each post with the next scripted reply, noting what was asked.
    #[derive(Debug, Default)]
    struct Scripted {
        replies: Mutex<VecDeque<Result<HttpResponse, TransportError>>>,
        asked: Mutex<Vec<(String, Vec<HttpHeader>)>>,
    }

    impl HttpTransport for Scripted {
        fn post(
            &self,
            url: String,
            headers: Vec<HttpHeader>,
            _body: Vec<u8>,
        ) -> Result<HttpResponse, TransportError> {
            self.asked.lock().unwrap().push((url, headers));
            self.replies
                .lock()
                .unwrap()
                .pop_front()
                .unwrap_or_else(|| Err(unreachable()))
        }
    }

    fn unreachable() -> TransportError {
        TransportError::Unreachable {
            detail: "no signal".into(),
        }
    }

    fn reply(status: u16, body: Vec<u8>) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse {
            status,
            body,
            headers: vec![header("Steppe-Head", "10")],
        })
    }

    /// A page of a response: an empty one at server position `cursor`.
    fn page(cursor: u64, more: bool) -> Vec<u8> {
        let resp = SyncResponse {
            acked_through: 0,
            rejected: vec![],
            changes: vec![],
            actors: vec![],
            cursor,
            scope: None,
            visible: None,
            more,
        };
        encode_frame(&resp, Compression::None).unwrap()
    }

    /// A response of one empty page, nothing more to come.
    fn last_page() -> Vec<u8> {
        page(10, false)
    }

    fn store(dir: &tempfile::TempDir) -> Steppe {
        let me = DeviceIdentity {
            user_id: "u".into(),
            user_name: "巴特尔".into(),
            device_id: "d".into(),
            device_name: "phone".into(),
        };
        Steppe::builder(dir.path().join("s.db"), me).open().unwrap()
    }

    #[derive(Debug, Default)]
    struct Pages(Mutex<Vec<SyncProgress>>);

    impl SyncProgressListener for Pages {
        fn on_progress(&self, progress: SyncProgress) {
            self.0.lock().unwrap().push(progress);
        }
    }

    /// Cancels the sync it is given once it has heard `after` pages.
    struct CancelAfter {
        after: usize,
        heard: Mutex<usize>,
        cancel: Arc<SyncCancel>,
    }

    impl SyncProgressListener for CancelAfter {
        fn on_progress(&self, _: SyncProgress) {
            let mut heard = self.heard.lock().unwrap();
            *heard += 1;
            if *heard >= self.after {
                self.cancel.cancel();
            }
        }
    }

    #[test]
    fn transient_failures_are_retried_through_the_apps_transport() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let http = Scripted::default();
        http.replies.lock().unwrap().extend([
            Err(unreachable()),
            reply(503, b"busy".to_vec()),
            reply(200, last_page()),
        ]);
        let pages = Pages::default();
        let report = sync(
            &store,
            &http,
            "https://s.example/",
            "tok",
            Some(&pages),
            &SyncCancel::default(),
        )
        .map_err(|_| "sync failed")
        .unwrap();
        assert_eq!(report.round_trips, 1);
        assert!(!report.more && !report.local_more);
        let told = pages.0.lock().unwrap();
        assert_eq!(told.len(), 1, "told once per page");
        assert_eq!(
            told[0].fraction,
            Some(1.0),
            "the server's head read from its header"
        );
        assert!(
            store.last_synced_at().unwrap().is_some(),
            "a finished sync is remembered"
        );
        let asked = http.asked.lock().unwrap();
        // Three tries of the exchange, then the certificate's renewal (unanswered here: the
        // sync stands without it).
        assert_eq!(asked.len(), 4);
        let (url, headers) = &asked[2];
        assert_eq!(url, "https://s.example/v2/sync");
        assert!(headers.contains(&header("Authorization", "Bearer tok")));
        let (url, headers) = &asked[3];
        assert_eq!(url, "https://s.example/v1/certificate");
        assert!(headers.contains(&header("Authorization", "Bearer tok")));
    }

    #[test]
    fn a_refused_token_is_not_retried() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let http = Scripted::default();
        http.replies
            .lock()
            .unwrap()
            .push_back(reply(401, b"who?".to_vec()));
        let e = sync(
            &store,
            &http,
            "https://s.example",
            "tok",
            None,
            &SyncCancel::default(),
        );
        assert!(matches!(
            e,
            Err(Stopped::Failed(SyncError::Unauthorized(_)))
        ));
        assert_eq!(http.asked.lock().unwrap().len(), 1);
    }

    #[test]
    fn a_cancel_stops_between_pages_and_keeps_what_was_applied() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let http = Scripted::default();
        let mut body = page(4, true);
        body.extend(page(7, true));
        body.extend(page(10, false));
        http.replies.lock().unwrap().push_back(reply(200, body));
        let cancel = SyncCancel::new();
        let listener = CancelAfter {
            after: 1,
            heard: Mutex::new(0),
            cancel: cancel.clone(),
        };
        let e = sync(
            &store,
            &http,
            "https://s.example",
            "tok",
            Some(&listener),
            &cancel,
        );
        assert!(matches!(e, Err(Stopped::Cancelled)));
        assert_eq!(
            store.sync_cursor().unwrap(),
            4,
            "the first page stays applied"
        );
        assert_eq!(
            store.last_synced_at().unwrap(),
            None,
            "not in step with the server"
        );
        assert_eq!(
            http.asked.lock().unwrap().len(),
            1,
            "no retry after a cancel"
        );
    }
}
