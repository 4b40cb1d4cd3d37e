//! `POST /v1/unit-bundle`: a device fetches the server's signed bundle of a unit its user reads
//! (ADR 0011) — a secretary's phone, say, to hand a gacha's new sessions to herders it meets
//! where there is no signal. Refused for a unit the user does not read.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use steppe_domain::Id;
use steppe_protocol::peer::UnitBundleRequest;

use super::error;
use super::sync::device_message;
use crate::bundles::{self, ExportError};
use crate::state::AppState;
use crate::tree::{self, Tree};

pub(super) async fn unit_bundle(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (device, req) =
        match device_message::<UnitBundleRequest>(&state, &headers, &body, 256).await {
            Ok(found) => found,
            Err(r) => return r,
        };
    let org = Id::from_bytes(req.org).to_string();
    let storage = state.storage.as_ref();
    let reads = match (
        Tree::load(storage).await,
        storage.grants(&device.user_id).await,
    ) {
        (Ok(t), Ok(g)) => t.scope(&tree::grants(g)).readable.contains(&org),
        _ => return error(StatusCode::SERVICE_UNAVAILABLE, "storage unavailable"),
    };
    if !reads {
        // A unit out of the user's scope is answered as one that does not exist.
        return error(StatusCode::NOT_FOUND, "no such unit");
    }
    let key = match state.server_key.get(storage).await {
        Ok(k) => k,
        Err(e) => {
            tracing::error!(error = %e, "no signing key");
            return error(StatusCode::SERVICE_UNAVAILABLE, "cannot sign now");
        }
    };
    match bundles::export_for_members(storage, &key, &org, crate::clock::now_ms()).await {
        Ok((bytes, _)) => (StatusCode::OK, bytes).into_response(),
        Err(ExportError::UnknownOrg) => error(StatusCode::NOT_FOUND, "no such unit"),
        Err(ExportError::TooLarge) => error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the unit is too large for one bundle",
        ),
        Err(e) => {
            tracing::error!(error = %e, "a unit bundle could not be made");
            error(
                StatusCode::SERVICE_UNAVAILABLE,
                "cannot make the bundle now",
            )
        }
    }
}
