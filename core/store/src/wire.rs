//! The transport-independent halves of talking to the server: encoding a sync request, decoding
//! and applying response frames, enrollment messages, and what an HTTP status means. The
//! reqwest client (CLI, tests, desktop) and the phone bindings (the app's own HTTP stack) both
//! drive these, so sync behaves the same whoever carries the bytes.

use steppe_protocol::{self as proto, Compression, EnrollRequest, EnrollResponse, Frame, Limits};

use crate::error::CoreError;
use crate::identity::DeviceIdentity;
use crate::steppe::Steppe;
use crate::sync::SyncReport;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncError {
    /// No connection, a timeout, a response cut short, or the server said to retry later;
    /// nothing was lost.
    #[error("offline or server unreachable: {0}")]
    Offline(String),
    /// The token is wrong or the enrollment code is unknown, used or expired.
    #[error("not authorised: {0}")]
    Unauthorized(String),
    /// This device or its user was revoked.
    #[error("this device has been revoked")]
    Revoked,
    /// The server's certificate is not the one this device pins: not retried, nothing sent.
    #[error("the server's certificate is not the pinned one")]
    UntrustedServer,
    /// The server refused the request as malformed (a bug on one side).
    #[error("server refused the request: {0}")]
    Rejected(String),
    #[error("malformed response: {0}")]
    Protocol(#[from] proto::DecodeError),
    #[error(transparent)]
    Store(#[from] CoreError),
}

impl SyncError {
    /// Worth retrying after a pause.
    pub fn is_transient(&self) -> bool {
        matches!(self, SyncError::Offline(_))
    }
}

/// The error an unsuccessful HTTP status stands for.
pub fn status_error(status: u16, body: String) -> SyncError {
    match status {
        401 => SyncError::Unauthorized(body),
        403 => SyncError::Revoked,
        429 | 500..=599 => SyncError::Offline(format!("{status}: {body}")),
        _ => SyncError::Rejected(format!("{status}: {body}")),
    }
}

/// Below this many bytes a request goes uncompressed (an idle reconnect).
const SMALL_BODY: usize = 200;

/// An encoded request body and its `Content-Encoding`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub body: Vec<u8>,
    pub content_encoding: Option<&'static str>,
    /// The server position the request starts from (what progress is measured from).
    pub cursor: u64,
}

/// What the client sends with a request: the response it accepts.
pub const ACCEPT_ENCODING: &str = "zstd";

impl Steppe {
    /// The next request, encoded: cursor, scope, unsent local changes, wanted histories.
    pub fn sync_outgoing(&self, page_bytes: u32) -> Result<Outgoing, SyncError> {
        let req = self.sync_request(page_bytes)?;
        let encode =
            |c| proto::encode_request(&req, c).map_err(|e| SyncError::Rejected(e.to_string()));
        let raw = encode(Compression::None)?;
        if raw.len() < SMALL_BODY {
            return Ok(Outgoing {
                body: raw,
                content_encoding: None,
                cursor: req.cursor,
            });
        }
        Ok(Outgoing {
            body: encode(Compression::Zstd)?,
            content_encoding: Compression::Zstd.token(),
            cursor: req.cursor,
        })
    }

    /// Decodes one response frame and applies it (acknowledgements, rejections, a page of
    /// changes, the cursor) in one transaction.
    pub fn apply_frame(&self, frame: &Frame) -> Result<SyncReport, SyncError> {
        let resp = frame.decode()?;
        Ok(self.apply_sync_response(&resp)?)
    }
}

/// The enrollment request for a one-time code, with the fresh automerge actor it binds.
pub fn enroll_request(code: &str, device_name: &str) -> Result<(Vec<u8>, Vec<u8>), SyncError> {
    let actor = uuid::Uuid::new_v4().as_bytes().to_vec();
    let body = proto::encode_message(&EnrollRequest {
        code: code.to_string(),
        device_name: device_name.to_string(),
        actor: actor.clone(),
    })
    .map_err(|e| SyncError::Rejected(e.to_string()))?;
    Ok((body, actor))
}

/// A device's credentials after enrollment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrollment {
    pub identity: DeviceIdentity,
    pub actor: Vec<u8>,
    pub token: String,
}

/// Reads the server's answer to an enrollment request.
pub fn enroll_response(
    status: u16,
    body: &[u8],
    actor: Vec<u8>,
    device_name: &str,
) -> Result<Enrollment, SyncError> {
    if !(200..300).contains(&status) {
        return Err(status_error(
            status,
            String::from_utf8_lossy(body).into_owned(),
        ));
    }
    let e: EnrollResponse = proto::decode_message(body, &Limits::default())?;
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
