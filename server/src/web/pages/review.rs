//! Marking a record reviewed (督导已阅) from its page: a `ReviewMark` created as the signed-in
//! user's own change through ingest, which refuses it unless their role reviews on the record's
//! organisation — the page showing the button decides nothing.

use std::sync::Arc;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steppe_domain::Id;
use steppe_domain::command::Command;
use steppe_domain::review_mark::ReviewMark;

use super::{refusal_page, stale_form};
use crate::clock::now_ms;
use crate::state::AppState;
use crate::web::locale::t;
use crate::web::write;
use crate::web::{Viewer, not_found};

#[derive(Debug, Deserialize)]
pub struct MarkForm {
    csrf: String,
    #[serde(default)]
    note: String,
}

/// Where a record of `kind` is shown.
fn page_of(kind: steppe_domain::RecordKind, id: Id) -> String {
    use steppe_domain::RecordKind as K;
    let path = match kind {
        K::MediationCase => "case",
        K::ResidentRequest => "request",
        K::Household => "household",
        K::OrgLifeMeeting => "meeting",
        K::DemocraticEvaluation => "evaluation",
        K::Session => "session",
        _ => return "/web".into(),
    };
    format!("/web/{path}/{id}")
}

pub async fn mark(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
    Form(form): Form<MarkForm>,
) -> Response {
    if let Some(refused) = stale_form(&v, &form.csrf) {
        return refused;
    }
    let Ok(record) = Id::parse(&id) else {
        return not_found();
    };
    let replica = match state.web.replica(state.storage.as_ref()).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let Some((kind, org)) = replica.store().record_place(record).ok().flatten() else {
        return not_found();
    };
    if !v.reads(&org) {
        return not_found();
    }
    let back = page_of(kind, record);
    let mark = match ReviewMark::new(
        record,
        kind,
        org,
        v.session.user_id.clone(),
        now_ms(),
        form.note,
    ) {
        Ok(m) => m,
        Err(e) => {
            return refusal_page(
                &v,
                &back,
                (
                    StatusCode::BAD_REQUEST,
                    steppe_i18n::error_message(crate::web::locale::here(), &e),
                ),
            );
        }
    };
    let mark_id = ReviewMark::id_for(record, &v.session.user_id);
    match write::create_with_id(
        state.storage.as_ref(),
        &v.session.user_id,
        mark_id,
        &mark,
        Command::ReviewMark,
    )
    .await
    {
        Ok(_) => Redirect::to(&back).into_response(),
        Err(e) => refusal_page(
            &v,
            &back,
            super::refusal_words(e, &t("web_review_not_allowed")),
        ),
    }
}
