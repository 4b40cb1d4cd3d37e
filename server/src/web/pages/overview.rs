//! The overview: every organisation the viewer reads, from where their scope starts down.

use crate::web::locale::here;
use std::sync::Arc;
use steppe_i18n::Label;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::{PreEscaped, html};
use steppe_core::{CoreError, Steppe};
use steppe_domain::Id;

use super::{Table, exports, layout};
use crate::state::AppState;
use crate::web::Viewer;

pub async fn page(State(state): State<Arc<AppState>>, v: Viewer) -> Response {
    let replica = match state.web.replica(state.storage.as_ref()).await {
        Ok(r) => r.store().clone(),
        Err(r) => return r,
    };
    let roots = v.roots();
    let tables = crate::web::locale::spawn_blocking(move || {
        roots
            .iter()
            .filter_map(|r| Id::parse(r).ok())
            .filter_map(|r| replica.org_overview(r).ok())
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    layout(
        "下辖组织概览",
        Some(&v),
        html! {
            @if tables.is_empty() { p { "您没有可查看的组织。" } }
            @for rows in &tables {
                table.overview {
                    tr { th { "组织" } th { "调解中" } th { "已结案" } th { "党校课程" } th { "签到人次" } th { "未办结诉求" } th { "登记户" } }
                    @for r in rows {
                        tr {
                            td { (PreEscaped("&nbsp;&nbsp;".repeat(r.org.depth as usize))) a href={ "/web/org/" (r.org.id) } { (r.org.name) } " " span.muted { (r.org.kind.label_in(here())) } }
                            td { (r.open_cases) } td { (r.closed_cases) } td { (r.sessions) } td { (r.attendances) } td { (r.open_requests) } td { (r.households) }
                        }
                    }
                }
                @if let Some(root) = rows.first() {
                    (exports(&root.org.id.to_string(), "overview"))
                }
            }
        },
    )
    .into_response()
}

/// The overview's table from `org` down, for the CSV link under it.
pub(super) fn table(replica: &Steppe, org: Id) -> Result<Table, CoreError> {
    Ok((
        vec![
            "组织",
            "类型",
            "层级",
            "调解中",
            "已结案",
            "党校课程",
            "签到人次",
            "未办结诉求",
            "登记户",
        ],
        replica
            .org_overview(org)?
            .into_iter()
            .map(|r| {
                vec![
                    r.org.name,
                    r.org.kind.label_in(here()),
                    r.org.depth.to_string(),
                    r.open_cases.to_string(),
                    r.closed_cases.to_string(),
                    r.sessions.to_string(),
                    r.attendances.to_string(),
                    r.open_requests.to_string(),
                    r.households.to_string(),
                ]
            })
            .collect(),
    ))
}
