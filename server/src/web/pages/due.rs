//! Work that is due in the viewer's scope: rectification items past or near their dates and
//! follow-up visits still waiting, per organisation the viewer's scope starts at.

use crate::web::locale::{here, t};
use std::sync::Arc;
use steppe_i18n::Label;

use crate::web::locale::when;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::html;
use steppe_core::{DueItem, DueKind};
use steppe_domain::Id;

use super::{layout, now_ms};
use crate::state::AppState;
use crate::web::{Viewer, unavailable};

/// Most items listed per organisation the scope starts at.
const LIMIT: u32 = 500;

fn link(d: &DueItem) -> String {
    match d.kind {
        DueKind::Rectification => format!("/web/meeting/{}", d.record),
        DueKind::FollowUp => format!("/web/household/{}", d.record),
    }
}

pub async fn page(State(state): State<Arc<AppState>>, v: Viewer) -> Response {
    let replica = match state.web.replica(state.storage.as_ref()).await {
        Ok(r) => r.store().clone(),
        Err(r) => return r,
    };
    let roots: Vec<Id> = v.roots().iter().filter_map(|r| Id::parse(r).ok()).collect();
    let now = now_ms();
    let loaded = crate::web::locale::spawn_blocking(move || {
        let mut all = Vec::new();
        for root in roots {
            all.extend(replica.due_items(root, now, LIMIT)?);
        }
        Ok::<_, steppe_core::CoreError>(all)
    })
    .await;
    let items = match loaded {
        Ok(Ok(items)) => items,
        Ok(Err(e)) => return unavailable(e),
        Err(e) => return unavailable(e),
    };
    layout(
        &t("web_nav_due"),
        Some(&v),
        html! {
            @if items.is_empty() { p #nothing-due { (t("web_due_none")) } }
            @else {
                table #due {
                    tr { th { (t("web_col_kind")) } th { (t("web_col_org")) } th { (t("web_col_item")) } th { (t("web_col_owner")) } th { (t("web_col_since")) } th { (t("web_col_due")) } }
                    @for d in &items {
                        tr.overdue[d.overdue] {
                            td { a href=(link(d)) { (d.kind.label_in(here())) } }
                            td { (d.org_name.as_deref().unwrap_or("")) }
                            td.text { (d.text) }
                            td { (d.owner) }
                            td { (when(d.since)) }
                            td {
                                @if let Some(due) = d.due { (when(due)) }
                                @if d.overdue { " " span.error { (t("web_overdue")) } }
                            }
                        }
                    }
                }
            }
        },
    )
    .into_response()
}
