//! HTTP supplied by the app. The library ships no TLS stack: Android passes OkHttp or
//! `HttpURLConnection`, iOS `URLSession` — platform certificates, proxies and battery rules
//! come with them. The exchange itself (what to send, how to apply what comes back, retries)
//! stays in Rust.

use std::sync::Arc;
use std::time::Duration;

use backon::{BlockingRetryable, ExponentialBuilder};
use steppe_core::{Steppe, SyncError, SyncReport};
use steppe_protocol::{self as proto, FrameReader, Limits};

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

/// Change bytes asked for per page (the response streams several).
const PAGE_BYTES: u32 = 1 << 20;

/// One exchange through the app's transport: the request, then every frame of the response
/// applied in order. Frames applied before a failure stay applied.
fn exchange(
    store: &Steppe,
    transport: &dyn HttpTransport,
    server_url: &str,
    token: &str,
    progress: Option<&dyn SyncProgressListener>,
) -> Result<SyncReport, SyncError> {
    let out = store.sync_outgoing(PAGE_BYTES)?;
    let mut headers = vec![
        header("Authorization", &format!("Bearer {token}")),
        header("Accept-Encoding", steppe_core::ACCEPT_ENCODING),
        header("Content-Type", "application/octet-stream"),
    ];
    if let Some(e) = out.content_encoding {
        headers.push(header("Content-Encoding", e));
    }
    let resp = transport
        .post(url(server_url, proto::SYNC_PATH), headers, out.body)
        .map_err(|e| SyncError::Offline(e.to_string()))?;
    if !(200..300).contains(&resp.status) {
        return Err(steppe_core::status_error(
            resp.status,
            String::from_utf8_lossy(&resp.body).into_owned(),
        ));
    }
    let mut reader = FrameReader::new(Limits::default());
    reader.push(&resp.body);
    let mut report = SyncReport::default();
    let mut frames = 0;
    while let Some(frame) = reader.next_frame()? {
        let applied = store.apply_frame(&frame)?;
        report.add(&applied);
        frames += 1;
        if let Some(p) = progress {
            p.on_page(report.received, report.sent);
        }
    }
    if frames == 0 || !reader.is_empty() {
        return Err(SyncError::Offline("the response was cut short".into()));
    }
    report.round_trips = 1;
    Ok(report)
}

/// Syncs until nothing is left to send or receive; transient failures are retried with
/// exponential backoff (the calling thread sleeps: never call it on a UI thread).
pub(crate) fn sync(
    store: &Steppe,
    transport: &dyn HttpTransport,
    server_url: &str,
    token: &str,
    progress: Option<&dyn SyncProgressListener>,
) -> Result<SyncReport, SyncError> {
    let policy = ExponentialBuilder::default()
        .with_min_delay(Duration::from_millis(200))
        .with_max_delay(Duration::from_secs(30))
        .with_max_times(5);
    let mut total = SyncReport::default();
    loop {
        let report = (|| exchange(store, transport, server_url, token, progress))
            .retry(policy)
            .sleep(std::thread::sleep)
            .when(SyncError::is_transient)
            .call()?;
        total.add(&report);
        if !report.wants_another() {
            break;
        }
    }
    total.more = false;
    total.local_more = false;
    Ok(total)
}
