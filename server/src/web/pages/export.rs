//! `/web/org/{id}/export/{table}`: a table of the overview or of an organisation's page as CSV,
//! or as an Excel workbook when the name ends in `.xlsx`.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;

use super::{now_ms, org, overview, readable_org};
use crate::state::AppState;
use crate::web::{Viewer, export, not_found, unavailable};

pub async fn table(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path((id, table)): Path<(String, String)>,
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
    let made = crate::web::locale::spawn_blocking(move || match name.as_str() {
        "overview" => overview::table(&replica, org).map(Some),
        other => org::table(&replica, org, other, now),
    })
    .await;
    match made {
        Ok(Ok(Some((head, rows)))) if as_xlsx => {
            export::xlsx(&format!("{table}-{id}"), &head, rows)
        }
        Ok(Ok(Some((head, rows)))) => export::csv(&format!("{table}-{id}"), &head, rows),
        Ok(Ok(None)) => not_found(),
        Ok(Err(e)) => unavailable(e),
        Err(e) => unavailable(e),
    }
}
