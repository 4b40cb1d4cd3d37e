//! Conflicts waiting in the viewer's scope, and resolving one by keeping a candidate.

use std::sync::Arc;

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use steppe_domain::{Id, RecordKind};

use super::{keeps_records, layout, org_name};
use crate::state::AppState;
use crate::web::locale::t;
use crate::web::write::{self, WebWriteError};
use crate::web::{Viewer, labels, not_found, unavailable};

/// A conflicting value as people read it (candidates are kept as JSON scalars).
fn shown(value: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Null) => t("web_conflict_empty"),
        _ => value.to_string(),
    }
}

pub async fn page(State(state): State<Arc<AppState>>, v: Viewer) -> Response {
    let replica = match state.web.replica(state.storage.as_ref()).await {
        Ok(r) => r.store().clone(),
        Err(r) => return r,
    };
    let r = replica.clone();
    let all = crate::web::locale::spawn_blocking(move || r.conflicts(None)).await;
    let Ok(Ok(all)) = all else {
        return unavailable("conflicts");
    };
    let mine: Vec<_> = all
        .into_iter()
        .filter_map(|c| {
            let org = replica.record_org(c.doc).ok().flatten()?;
            v.reads(&org).then_some((c, org))
        })
        .collect();
    layout(
        &t("web_nav_conflicts"),
        Some(&v),
        html! {
            @if mine.is_empty() { p #no-conflicts { (t("web_conflicts_none")) } }
            @for (c, org) in &mine {
                section.conflict {
                    h3 {
                        @if c.kind.as_deref() == Some(RecordKind::MediationCase.as_str()) {
                            a href={ "/web/case/" (c.doc) } { (labels::kind(c.kind.as_deref())) }
                        } @else {
                            (labels::kind(c.kind.as_deref()))
                        }
                        " · " span.field { (labels::field(&c.path)) }
                    }
                    p.muted { (org_name(&v, &replica, org)) }
                    table {
                        tr { th { (t("web_col_value")) } th { (t("web_col_entered_by")) } th { (t("web_col_device")) } th {} }
                        @for (i, cand) in c.candidates.iter().enumerate() {
                            tr {
                                td.value { (labels::value(&c.path, &shown(&cand.value))) }
                                td { (cand.user_name.as_deref().unwrap_or("?")) }
                                td { (cand.device_name.as_deref().unwrap_or(&cand.actor)) }
                                td {
                                    @if keeps_records(&v, org) {
                                        form.inline method="post" action="/web/conflicts/resolve" {
                                            input type="hidden" name="csrf" value=(v.session.csrf);
                                            input type="hidden" name="doc" value=(c.doc);
                                            input type="hidden" name="object" value=(c.object);
                                            input type="hidden" name="key" value=(c.key);
                                            input type="hidden" name="choice" value=(i);
                                            button type="submit" class="keep" { (t("web_conflict_keep")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
    .into_response()
}

#[derive(Debug, Deserialize)]
pub struct ResolveForm {
    csrf: String,
    doc: String,
    object: String,
    key: String,
    choice: usize,
}

pub async fn resolve(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Form(form): Form<ResolveForm>,
) -> Response {
    if !crate::web::session::same_token(&form.csrf, &v.session.csrf) {
        return (StatusCode::FORBIDDEN, t("web_form_stale")).into_response();
    }
    let Ok(doc) = Id::parse(&form.doc) else {
        return not_found();
    };
    let replica = match state.web.replica(state.storage.as_ref()).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let org = replica.store().record_org(doc).ok().flatten();
    if !org.is_some_and(|o| v.reads(&o)) {
        return not_found();
    }
    match write::resolve_conflict(
        state.storage.as_ref(),
        &v.session.user_id,
        doc,
        &form.object,
        &form.key,
        form.choice,
    )
    .await
    {
        Ok(()) => {}
        Err(WebWriteError::Refused(r)) => {
            tracing::info!(user = %v.session.user_id, doc = %doc, reason = ?r.reason, "a page write was refused");
            return (StatusCode::FORBIDDEN, t("web_conflict_not_allowed")).into_response();
        }
        Err(e) => {
            tracing::warn!(error = %e, "resolving a conflict failed");
            return (StatusCode::BAD_REQUEST, t("web_conflict_failed")).into_response();
        }
    }
    tracing::info!(user = %v.session.user_id, doc = %doc, "conflict resolved on a page");
    Redirect::to("/web/conflicts").into_response()
}
