//! `/web/org/{id}/export/{table}`: a table of the overview or of an organisation's page as CSV,
//! or as an Excel workbook when the name ends in `.xlsx`.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::{now_ms, org, overview, own_lists, readable_org};
use crate::state::AppState;
use crate::web::{Viewer, export, not_found, unavailable};

pub async fn table(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path((id, table)): Path<(String, String)>,
    Query(q): Query<org::PageQuery>,
) -> Response {
    let (org, replica) = match readable_org(&state, &v, &id).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let now = now_ms();
    let (table, as_xlsx) = match table.strip_suffix(".xlsx") {
        Some(t) => (t.to_string(), true),
        None => (table, false),
    };
    let name = table.clone();
    let lists = q.lists(now);
    let made = crate::web::locale::spawn_blocking(move || match name.as_str() {
        "overview" => overview::table(&replica, org).map(Some),
        own if own.starts_with("own-") => own_lists::table(&replica, org, own, &lists),
        other => org::table(&replica, org, other, now),
    })
    .await;
    fn heads(head: &[String]) -> Vec<&str> {
        head.iter().map(String::as_str).collect()
    }
    match made {
        Ok(Ok(Some((head, rows)))) if as_xlsx => {
            export::xlsx(&format!("{table}-{id}"), &heads(&head), rows)
        }
        Ok(Ok(Some((head, rows)))) => export::csv(&format!("{table}-{id}"), &heads(&head), rows),
        Ok(Ok(None)) => not_found(),
        Ok(Err(e)) => unavailable(e),
        Err(e) => unavailable(e),
    }
}
