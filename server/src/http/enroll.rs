//! `POST /v1/enroll`: a device redeems a one-time code ([`crate::auth::enroll`]).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use steppe_protocol::{self as proto, EnrollRequest, Limits};

use super::error;
use crate::auth::enroll::{self, EnrollError};
use crate::state::AppState;

pub(super) async fn enroll(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    // A request is a code, a name and an actor: anything near the sync limits is not one.
    let small = Limits {
        max_body: 4096,
        max_decoded: 4096,
        ..state.limits
    };
    let Ok(req) = proto::decode_message::<EnrollRequest>(&body, &small) else {
        return error(StatusCode::BAD_REQUEST, "malformed enrollment");
    };
    let resp = match enroll::redeem(state.storage.as_ref(), &state.tokens, req).await {
        Ok(r) => r,
        Err(e) => return refused(&e),
    };
    match proto::encode_message(&resp) {
        Ok(bytes) => (StatusCode::OK, bytes).into_response(),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "could not encode"),
    }
}

fn refused(e: &EnrollError) -> Response {
    let status = match e {
        EnrollError::Malformed => StatusCode::BAD_REQUEST,
        EnrollError::ActorTaken => StatusCode::CONFLICT,
        EnrollError::UnknownCode => StatusCode::UNAUTHORIZED,
        EnrollError::UserRevoked | EnrollError::UnknownUser(_) => StatusCode::FORBIDDEN,
        EnrollError::Token(_) => StatusCode::INTERNAL_SERVER_ERROR,
        EnrollError::Storage(_) => {
            return error(StatusCode::SERVICE_UNAVAILABLE, "storage unavailable");
        }
    };
    error(status, &e.to_string())
}
