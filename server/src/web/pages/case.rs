//! One mediation case as its branch keeps it: parties, what it is about, the timeline of notes,
//! visits and reopenings, the outcome, follow-up visits, the services logged against it, and the
//! record's history with person and device names. Read-only; a case outside the viewer's scope
//! is answered as one that does not exist.

use crate::web::locale::{here, t};
use std::sync::Arc;
use steppe_i18n::Label;

use crate::web::locale::when;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use steppe_domain::mediation::MediationCase;

use super::{history_table, layout, org_name, readable_record};
use crate::state::AppState;
use crate::web::Viewer;

pub async fn page(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
) -> Response {
    let (case, history, replica) = match readable_record::<MediationCase>(&state, &v, &id).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let title = format!(
        "{} · {}",
        t("web_case_title"),
        case.category.label_in(here())
    );
    layout(
        &title,
        Some(&v),
        html! {
            dl #case {
                dt { (t("web_case_branch")) } dd { a href={ "/web/org/" (case.branch) } { (org_name(&v, &replica, &case.branch)) } }
                dt { (t("web_col_place")) } dd { (case.place) }
                dt { (t("web_case_parties")) } dd { (case.parties.join(&t("list_separator"))) }
                dt { (t("web_col_opened")) } dd { (when(case.opened_at)) }
                dt { (t("web_col_status")) } dd #status { (case.status.label_in(here())) }
                @if let Some(o) = case.outcome { dt { (t("web_col_outcome")) } dd #outcome { (o.label_in(here())) } }
                @if let Some(a) = &case.agreement { dt { (t("web_case_agreement")) } dd { (a) } }
                @if let Some(to) = &case.referred_to { dt { (t("web_case_referred_to")) } dd { (to) } }
                @if let Some(at) = case.closed_at { dt { (t("web_case_closed_at")) } dd { (when(at)) } }
            }
            h2 { (t("web_case_description")) }
            p.text { (case.description.as_str()) }
            h2 { (t("web_case_timeline")) }
            table #timeline {
                tr { th { (t("web_col_time")) } th { (t("web_col_kind")) } th { (t("web_col_author")) } th { (t("web_col_content")) } }
                @for e in &case.timeline {
                    tr { td { (when(e.at)) } td { (e.kind.label_in(here())) } td { (e.author) } td.text { (e.body.as_str()) } }
                }
            }
            @if !case.follow_ups.is_empty() {
                h2 { (t("web_case_follow_ups")) }
                table #follow-ups {
                    tr { th { (t("web_col_time")) } th { (t("web_col_visitor")) } th { (t("web_col_situation")) } }
                    @for f in &case.follow_ups {
                        tr { td { (when(f.at)) } td { (f.author) } td.text { (f.note) } }
                    }
                }
            }
            h2 { (t("web_history")) }
            (history_table(&v, &history))
        },
    )
    .into_response()
}
