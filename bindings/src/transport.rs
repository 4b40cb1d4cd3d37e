//! HTTP supplied by the app. The library ships no TLS stack: Android passes OkHttp or
//! `HttpURLConnection`, iOS `URLSession` — platform certificates, proxies and battery rules
//! come with them. The exchange itself (what to send, how to apply what comes back, retries)
//! stays in Rust, in the same session every other transport drives.

use std::sync::Arc;

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

/// Told after every page of a long sync is applied.
#[uniffi::export(with_foreign)]
pub trait SyncProgressListener: Send + Sync {
    fn on_page(&self, received: u64, sent: u64);
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

/// Syncs until nothing is left to send or receive, as the core's [`SyncSession`] decides;
/// this only carries its requests through the app's transport and applies the frames that come
/// back. Frames applied before a failure stay applied. The calling thread sleeps between
/// retries: never call it on a UI thread.
pub(crate) fn sync(
    store: &Steppe,
    transport: &dyn HttpTransport,
    server_url: &str,
    token: &str,
    progress: Option<&dyn SyncProgressListener>,
) -> Result<SyncReport, SyncError> {
    let mut session = SyncSession::new(token);
    loop {
        let request = session.request(store)?;
        let headers = request
            .headers
            .iter()
            .map(|(name, value)| header(name, value))
            .collect();
        let outcome = match transport.post(url(server_url, request.path), headers, request.body) {
            Ok(resp) => session
                .status(resp.status, &resp.body)
                .and_then(|()| receive(store, &mut session, &resp.body, progress)),
            Err(e) => Err(SyncError::Offline(e.to_string())),
        };
        match session.step(outcome) {
            SyncStep::Again => {}
            SyncStep::RetryAfter(pause) => std::thread::sleep(pause),
            SyncStep::Done(report) => return Ok(report),
            SyncStep::Failed(e) => return Err(e),
        }
    }
}

/// Applies a response's frames one by one, telling the listener after each.
fn receive(
    store: &Steppe,
    session: &mut SyncSession,
    body: &[u8],
    progress: Option<&dyn SyncProgressListener>,
) -> Result<(), SyncError> {
    for frame in session.frames(body)? {
        session.applied(store.apply_frame(&frame)?);
        if let Some(p) = progress {
            let so_far = session.progress();
            p.on_page(so_far.received, so_far.sent);
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
        Ok(HttpResponse { status, body })
    }

    /// A response of one empty page, nothing more to come.
    fn last_page() -> Vec<u8> {
        let resp = SyncResponse {
            acked_through: 0,
            rejected: vec![],
            changes: vec![],
            actors: vec![],
            cursor: 0,
            scope: None,
            visible: None,
            more: false,
        };
        encode_frame(&resp, Compression::None).unwrap()
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
    struct Pages(Mutex<Vec<(u64, u64)>>);

    impl SyncProgressListener for Pages {
        fn on_page(&self, received: u64, sent: u64) {
            self.0.lock().unwrap().push((received, sent));
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
        let report = sync(&store, &http, "https://s.example/", "tok", Some(&pages)).unwrap();
        assert_eq!(report.round_trips, 1);
        assert!(!report.more && !report.local_more);
        assert_eq!(pages.0.lock().unwrap().len(), 1, "told once per page");
        let asked = http.asked.lock().unwrap();
        assert_eq!(asked.len(), 3);
        let (url, headers) = &asked[2];
        assert_eq!(url, "https://s.example/v2/sync");
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
        let e = sync(&store, &http, "https://s.example", "tok", None).unwrap_err();
        assert!(matches!(e, SyncError::Unauthorized(_)), "{e:?}");
        assert_eq!(http.asked.lock().unwrap().len(), 1);
    }
}
