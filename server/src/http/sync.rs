//! `POST /v2/sync`: a device's bearer token checked, its body decoded (a few at a time when it
//! must be inflated), the exchange run, and its pages streamed back as frames.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use steppe_protocol::{self as proto, Compression};
use tokio::sync::Semaphore;

use super::{ConnectionLimits, busy, error};
use crate::auth::AuthError;
use crate::exchange;
use crate::state::AppState;
use crate::storage::DeviceRecord;

/// Bounds concurrent decoding of sync bodies (see [`ConnectionLimits::decoders`]).
#[derive(Debug, Clone)]
pub(super) struct DecodeGate {
    permits: Arc<Semaphore>,
    wait: Duration,
}

impl DecodeGate {
    /// The gate every sync request of a router goes through.
    pub(super) fn layer(limits: &ConnectionLimits) -> Extension<Self> {
        Extension(Self {
            permits: Arc::new(Semaphore::new(limits.decoders.max(1))),
            wait: limits.decode_wait,
        })
    }
}

/// The body's encoding; `None` for one this server does not speak.
fn compression_of(headers: &HeaderMap) -> Option<Compression> {
    match headers.get(header::CONTENT_ENCODING) {
        None => Some(Compression::None),
        Some(v) => Compression::from_token(v.to_str().ok()),
    }
}

fn accepts_zstd(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().starts_with("zstd")))
}

/// A small message from an authenticated device (a certificate or unit-bundle request): the
/// device and the message, or the response refusing it.
pub(super) async fn device_message<T: serde::de::DeserializeOwned>(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
    max: usize,
) -> Result<(DeviceRecord, T), Response> {
    let device = authenticate(state, headers).await?;
    let small = proto::Limits {
        max_body: max,
        max_decoded: max,
        ..state.limits
    };
    match proto::decode_message::<T>(body, &small) {
        Ok(msg) => Ok((device, msg)),
        Err(_) => Err(error(StatusCode::BAD_REQUEST, "malformed request")),
    }
}

pub(super) async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<DeviceRecord, Response> {
    let token = headers
        .get(header::AUTHORIZATION)
        .map(HeaderValue::as_bytes)
        .ok_or(proto::credentials::CredentialError::Missing)
        .and_then(proto::credentials::parse_bearer)
        .map_err(|e| error(StatusCode::UNAUTHORIZED, &e.to_string()))?;
    match state
        .tokens
        .authenticate(state.storage.as_ref(), token)
        .await
    {
        Ok(d) => Ok(d),
        Err(AuthError::Revoked) => Err(error(StatusCode::FORBIDDEN, "device revoked")),
        Err(AuthError::Busy) => Err(busy("token verification busy, retry later", 5)),
        Err(AuthError::Key) => {
            tracing::error!("the database's token key is malformed; no keyed token can verify");
            Err(error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server misconfigured",
            ))
        }
        Err(AuthError::Storage(e)) => {
            tracing::error!(error = %e, "storage failure during authentication");
            Err(error(
                StatusCode::SERVICE_UNAVAILABLE,
                "storage unavailable",
            ))
        }
        Err(_) => Err(error(StatusCode::UNAUTHORIZED, "invalid token")),
    }
}

pub(super) async fn sync(
    State(state): State<Arc<AppState>>,
    Extension(decoders): Extension<DecodeGate>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let started = Instant::now();
    metrics::counter!("steppe_sync_requests_total").increment(1);
    metrics::counter!("steppe_bytes_received_total").increment(body.len() as u64);
    metrics::histogram!(crate::measures::SYNC_REQUEST_BYTES).record(body.len() as f64);
    let device = match authenticate(&state, &headers).await {
        Ok(d) => {
            tracing::Span::current().record("device", d.id.as_str());
            Ok(d)
        }
        Err(e) => Err(e),
    };
    let device = match device {
        Ok(d) => d,
        Err(r) => {
            metrics::counter!("steppe_sync_refused_total").increment(1);
            return r;
        }
    };
    let Some(encoding) = compression_of(&headers) else {
        metrics::counter!("steppe_sync_malformed_total").increment(1);
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported content-encoding (zstd or none)",
        );
    };
    let limits = state.limits;
    let decoded = if encoding == Compression::None {
        // Nothing to inflate: decoding costs no more than the body already read.
        proto::decode_request(&body, encoding, &limits)
    } else {
        let Ok(Ok(permit)) =
            tokio::time::timeout(decoders.wait, decoders.permits.clone().acquire_owned()).await
        else {
            metrics::counter!("steppe_sync_decode_busy_total").increment(1);
            return busy("server busy decoding, retry later", 1);
        };
        // Inflating up to `max_decoded` takes a while: off the async workers, and the permit goes
        // with the work, so it is held until the work ends even if the device hangs up.
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            proto::decode_request(&body, encoding, &limits)
        })
        .await
        .unwrap_or(Err(proto::DecodeError::Malformed))
    };
    let req = match decoded {
        Ok(r) => r,
        Err(e) => {
            metrics::counter!("steppe_sync_malformed_total").increment(1);
            return error(StatusCode::BAD_REQUEST, &e.to_string());
        }
    };
    let handled = match state.lineage().await {
        Ok(lineage) => exchange::handle(state.storage.as_ref(), lineage, &device, &req)
            .await
            .map(|ex| (ex, lineage)),
        Err(e) => Err(e),
    };
    let (
        exchange::Exchange {
            first,
            counts,
            rest,
            head,
        },
        lineage,
    ) = match handled {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "sync failed");
            return error(
                StatusCode::SERVICE_UNAVAILABLE,
                "storage unavailable, retry later",
            );
        }
    };
    {
        let (storage, device) = (state.storage.clone(), device.id.clone());
        // Off the response's path: a last-seen time is for the operator, not the phone.
        tokio::spawn(async move {
            if let Err(e) = storage.device_seen(&device, crate::clock::now_ms()).await {
                tracing::debug!(error = %e, "last-seen time not kept");
            }
        });
    }
    let zstd = accepts_zstd(&headers);
    let out = match frame(first, zstd).await {
        Ok(out) => out,
        Err(r) => return r,
    };
    metrics::counter!("steppe_changes_applied_total").increment(counts.applied);
    metrics::counter!("steppe_changes_rejected_total").increment(counts.rejected);
    metrics::counter!("steppe_changes_sent_total").increment(counts.sent);
    metrics::counter!("steppe_bytes_sent_total").increment(out.len() as u64);
    metrics::histogram!(crate::measures::SYNC_RESPONSE_BYTES).record(out.len() as f64);
    metrics::histogram!(crate::measures::SYNC_SECONDS).record(started.elapsed().as_secs_f64());
    tracing::info!(device = %device.id, up = req.upload.len(), applied = counts.applied, rejected = counts.rejected, down = counts.sent, ms = started.elapsed().as_millis() as u64, "sync");
    // Later pages are read and compressed only as the device takes them, so a slow link holds
    // one page in memory, not the whole first sync.
    let storage = state.storage.clone();
    let more = futures_util::stream::unfold(
        (rest, storage, zstd, false),
        |(mut rest, storage, zstd, failed)| async move {
            if failed {
                return None;
            }
            match rest.next(storage.as_ref()).await {
                Ok(Some((page, sent))) => {
                    metrics::counter!("steppe_changes_sent_total").increment(sent);
                    match frame(page, zstd).await {
                        Ok(bytes) => {
                            metrics::counter!("steppe_bytes_sent_total")
                                .increment(bytes.len() as u64);
                            Some((Ok(Bytes::from(bytes)), (rest, storage, zstd, false)))
                        }
                        Err(_) => Some((
                            Err(std::io::Error::other("could not encode a page")),
                            (rest, storage, zstd, true),
                        )),
                    }
                }
                Ok(None) => None,
                Err(e) => {
                    // The device keeps every page it applied and resumes from there.
                    tracing::error!(error = %e, "sync page failed");
                    Some((Err(std::io::Error::other(e)), (rest, storage, zstd, true)))
                }
            }
        },
    );
    let body = futures_util::stream::once(async move { Ok::<_, std::io::Error>(Bytes::from(out)) })
        .chain(more);
    let mut response = (StatusCode::OK, axum::body::Body::from_stream(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(proto::FRAMES_CONTENT_TYPE),
    );
    response
        .headers_mut()
        .insert(proto::HEAD_HEADER, HeaderValue::from(head));
    if let Ok(value) = HeaderValue::from_str(&lineage.header()) {
        response.headers_mut().insert(proto::LINEAGE_HEADER, value);
    }
    response
}

/// One encoded frame. A large page takes the strongest compression: up to a second or two of
/// CPU, kept off the async workers so other devices keep syncing meanwhile; a small one is
/// compressed cheaply in place.
async fn frame(resp: proto::SyncResponse, zstd: bool) -> Result<Vec<u8>, Response> {
    let small = resp.changes.is_empty() && resp.rejected.is_empty() && resp.actors.is_empty();
    let compression = if zstd && !small {
        Compression::Zstd
    } else {
        Compression::None
    };
    let change_bytes: usize = resp
        .changes
        .iter()
        .flat_map(|g| &g.changes)
        .map(Vec::len)
        .sum();
    let encoded = if change_bytes < proto::STRONG_FROM {
        proto::encode_frame(&resp, compression)
    } else {
        tokio::task::spawn_blocking(move || proto::encode_frame(&resp, compression))
            .await
            .unwrap_or(Err(proto::EncodeError))
    };
    encoded.map_err(|_| {
        error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "could not encode response",
        )
    })
}
