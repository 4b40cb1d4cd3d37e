//! `POST /v1/certificate`: a device, by its token, presents its public key and gets a fresh
//! certificate and the server's key (ADR 0011). Phones call it after every online sync, so a
//! certificate in use is never more than one sync old and a revoked device's simply runs out.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use steppe_protocol::signing::CertificateRequest;
use steppe_protocol::{self as proto};

use super::error;
use super::sync::device_message;
use crate::identity::{self, IdentityError};
use crate::state::AppState;

pub(super) async fn certificate(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (device, req) =
        match device_message::<CertificateRequest>(&state, &headers, &body, 1024).await {
            Ok(found) => found,
            Err(r) => return r,
        };
    let keys = match state.server_key.get(state.storage.as_ref()).await {
        Ok(signing) => match state.server_key.sealing(state.storage.as_ref()).await {
            Ok(sealing) => Ok((signing, sealing)),
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    let issued = match keys {
        Ok((key, sealing)) => {
            identity::certify(
                state.storage.as_ref(),
                &key,
                &sealing,
                &device,
                &req.public_key,
                crate::clock::now_ms(),
            )
            .await
        }
        Err(e) => Err(e),
    };
    match issued {
        Ok(resp) => match proto::encode_message(&resp) {
            Ok(bytes) => (StatusCode::OK, bytes).into_response(),
            Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "could not encode"),
        },
        Err(IdentityError::MalformedKey) => error(StatusCode::BAD_REQUEST, "malformed key"),
        Err(IdentityError::KeyMismatch) => {
            tracing::warn!(device = %device.id, "a device presented a second signing key");
            error(StatusCode::CONFLICT, "this device already has another key")
        }
        Err(e) => {
            tracing::error!(error = %e, "could not issue a certificate");
            error(
                StatusCode::SERVICE_UNAVAILABLE,
                "could not issue a certificate",
            )
        }
    }
}
