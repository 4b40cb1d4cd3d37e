//! `POST /v1/certificate`: a device, by its token, presents its public key and gets a fresh
//! certificate and the server's key (ADR 0011). Phones call it after every online sync, so a
//! certificate in use is never more than one sync old and a revoked device's simply runs out.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use steppe_protocol::signing::CertificateRequest;
use steppe_protocol::{self as proto, Limits};

use super::error;
use super::sync::authenticate;
use crate::identity::{self, IdentityError};
use crate::state::AppState;

pub(super) async fn certificate(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let device = match authenticate(&state, &headers).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let small = Limits {
        max_body: 1024,
        max_decoded: 1024,
        ..state.limits
    };
    let Ok(req) = proto::decode_message::<CertificateRequest>(&body, &small) else {
        return error(StatusCode::BAD_REQUEST, "malformed certificate request");
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
