//! `POST /v1/forward`: a relay phone hands over the sealed items it carried from phones that
//! never reach the server (ADR 0011). The relay's token admits the request and nothing more:
//! each item is opened with the server's box key and imported as its author's bundle, decided
//! under the author's identity and roles.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use steppe_protocol::peer::{ForwardRequest, ForwardResponse, MAX_FORWARD_ITEMS};
use steppe_protocol::{self as proto};

use super::error;
use super::sync::authenticate;
use crate::bundles;
use crate::state::AppState;

pub(super) async fn forward(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let relay = match authenticate(&state, &headers).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let Ok(req) = proto::decode_message::<ForwardRequest>(&body, &state.limits) else {
        return error(StatusCode::BAD_REQUEST, "malformed forward");
    };
    if req.sealed.len() > MAX_FORWARD_ITEMS {
        return error(StatusCode::BAD_REQUEST, "too many items");
    }
    let sealing = match state.server_key.sealing(state.storage.as_ref()).await {
        Ok(k) => k,
        Err(e) => {
            tracing::error!(error = %e, "no box key");
            return error(StatusCode::SERVICE_UNAVAILABLE, "cannot open forwards now");
        }
    };
    let mut items = Vec::with_capacity(req.sealed.len());
    for sealed in &req.sealed {
        let outcome = bundles::import_forwarded(
            state.storage.as_ref(),
            &sealing,
            sealed,
            crate::clock::now_ms(),
        )
        .await;
        tracing::info!(relay = %relay.id, ?outcome, "forwarded item");
        items.push(outcome);
    }
    match proto::encode_message(&ForwardResponse { items }) {
        Ok(bytes) => (StatusCode::OK, bytes).into_response(),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "could not encode"),
    }
}
