//! The overview: every organisation the viewer reads, from where their scope starts down.

use crate::web::locale::{here, t};
use std::sync::Arc;
use steppe_i18n::Label;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::{PreEscaped, html};
use steppe_core::{CoreError, OrgCounts, Steppe};
use steppe_domain::Id;

use super::{Table, exports, heads, layout};
use crate::state::AppState;
use crate::web::Viewer;

/// The columns of a table of units: the overview's, and the units below an organisation's.
pub(super) const UNITS: [&str; 7] = [
    "web_col_org",
    "web_col_open_cases",
    "web_col_closed_cases",
    "web_col_sessions",
    "web_col_checked_in",
    "web_col_open_requests",
    "web_col_households",
];

/// `root` and every unit below it with their counts, depth first, the units under each one in
/// the order of their names as people read them (pinyin; `steppe_i18n::sort_tree_by_name`)
/// rather than of the code points the store orders by: the overview, its CSV, and the units on
/// an organisation's page.
pub(super) fn units(replica: &Steppe, root: Id) -> Result<Vec<OrgCounts>, CoreError> {
    let rows = replica.org_overview(root)?;
    Ok(steppe_i18n::sort_tree_by_name(
        rows,
        |r| r.org.depth,
        |r| &r.org.name,
    ))
}

pub async fn page(State(state): State<Arc<AppState>>, v: Viewer) -> Response {
    let replica = match state.web.replica(state.storage.as_ref()).await {
        Ok(r) => r.store().clone(),
        Err(r) => return r,
    };
    let roots = v.roots();
    let tables = crate::web::locale::spawn_blocking(move || {
        let mut tables: Vec<Vec<OrgCounts>> = roots
            .iter()
            .filter_map(|r| Id::parse(r).ok())
            .filter_map(|r| units(&replica, r).ok())
            .collect();
        // A table per unit the viewer's scope starts at, in the order of those units' names.
        steppe_i18n::sort_by_name(&mut tables, |rows| {
            rows.first().map_or("", |r| r.org.name.as_str())
        });
        tables
    })
    .await
    .unwrap_or_default();
    layout(
        &t("web_overview_title"),
        Some(&v),
        html! {
            @if tables.is_empty() { p { (t("web_overview_none")) } }
            @for rows in &tables {
                table.overview {
                    tr { @for h in heads(&UNITS) { th { (h) } } }
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
        // The units' columns, with each unit's kind and depth after its name.
        heads(&[&UNITS[..1], &["web_col_kind", "web_col_depth"], &UNITS[1..]].concat()),
        units(replica, org)?
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
