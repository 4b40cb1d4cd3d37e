//! Members' changes the server refused, in the viewer's scope (`RejectedUpload` notices, ADR
//! 0009): work that never arrived, to follow up with the member.

use crate::web::locale::{here, t};
use std::sync::Arc;
use steppe_i18n::Label;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::html;

use super::{layout, org_name};
use crate::state::AppState;
use crate::web::{Viewer, unavailable};

pub async fn page(State(state): State<Arc<AppState>>, v: Viewer) -> Response {
    let replica = match state.web.replica(state.storage.as_ref()).await {
        Ok(r) => r.store().clone(),
        Err(r) => return r,
    };
    let r = replica.clone();
    let Ok(Ok(all)) = crate::web::locale::spawn_blocking(move || r.refused_uploads()).await else {
        return unavailable("refused uploads");
    };
    let mine: Vec<_> = all
        .into_iter()
        .filter(|n| v.reads(&n.org.to_string()))
        .collect();
    layout(
        &t("web_refusals_title"),
        Some(&v),
        html! {
            @if mine.is_empty() { p #no-refusals { (t("web_refusals_none")) } }
            @else {
                table #refusals {
                    tr {
                        th { (t("web_col_user")) } th { (t("web_col_member_org")) } th { (t("web_col_device")) } th { (t("web_a_record")) }
                        th { (t("web_col_reason")) } th { (t("web_col_note")) } th { (t("web_col_attempts")) } th { (t("web_col_last")) }
                    }
                    @for n in &mine {
                        tr {
                            td { (n.user_name) }
                            td { (org_name(&v, &replica, &n.org.to_string())) }
                            td { (n.device_name) }
                            td { (n.record_kind.map(|k| k.label_in(here())).unwrap_or_else(|| t("web_a_record"))) }
                            td.reason { (n.reason.label_in(here())) }
                            td.muted { (steppe_i18n::detail_text(here(), &n.detail)) }
                            td { (n.changes) }
                            td { (crate::web::locale::when(n.last_at)) }
                        }
                    }
                }
            }
        },
    )
    .into_response()
}
