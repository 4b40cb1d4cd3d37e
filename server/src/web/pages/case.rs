//! One mediation case as its branch keeps it: parties, what it is about, the timeline of notes,
//! visits and reopenings, the outcome, follow-up visits, the services logged against it, and the
//! record's history with person and device names. Read-only; a case outside the viewer's scope
//! is answered as one that does not exist.

use crate::web::locale::here;
use std::sync::Arc;
use steppe_i18n::Label;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use steppe_domain::clock::display;
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
    let title = format!("调解案件 · {}", case.category.label_in(here()));
    layout(
        &title,
        Some(&v),
        html! {
            dl #case {
                dt { "所属支部" } dd { a href={ "/web/org/" (case.branch) } { (org_name(&v, &replica, &case.branch)) } }
                dt { "地点" } dd { (case.place) }
                dt { "当事人" } dd { (case.parties.join("、")) }
                dt { "受理时间" } dd { (display(case.opened_at)) }
                dt { "状态" } dd #status { (case.status.label_in(here())) }
                @if let Some(o) = case.outcome { dt { "结果" } dd #outcome { (o.label_in(here())) } }
                @if let Some(a) = &case.agreement { dt { "调解协议" } dd { (a) } }
                @if let Some(t) = &case.referred_to { dt { "移交" } dd { (t) } }
                @if let Some(at) = case.closed_at { dt { "结案时间" } dd { (display(at)) } }
            }
            h2 { "案情" }
            p.text { (case.description.as_str()) }
            h2 { "调解过程" }
            table #timeline {
                tr { th { "时间" } th { "类型" } th { "记录人" } th { "内容" } }
                @for e in &case.timeline {
                    tr { td { (display(e.at)) } td { (e.kind.label_in(here())) } td { (e.author) } td.text { (e.body.as_str()) } }
                }
            }
            @if !case.follow_ups.is_empty() {
                h2 { "回访" }
                table #follow-ups {
                    tr { th { "时间" } th { "回访人" } th { "情况" } }
                    @for f in &case.follow_ups {
                        tr { td { (display(f.at)) } td { (f.author) } td.text { (f.note) } }
                    }
                }
            }
            h2 { "修改记录" }
            (history_table(&v, &history))
        },
    )
    .into_response()
}
