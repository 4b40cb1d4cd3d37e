//! `/web/org/{id}/export/{table}`: a table of the overview or of an organisation's page as CSV,
//! or as an Excel workbook when the name ends in `.xlsx`.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::{now_ms, org, overview, own_lists, readable_org};
use crate::state::AppState;
use crate::web::locale::{t, tf};
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
    // The file is saved as the unit's name and the table's heading on its page.
    let heading = match table.as_str() {
        "members" => tf(
            "web_org_member_hours",
            &[("year", steppe_domain::clock::year_of(now).into())],
        ),
        "overview" => t("web_overview_title"),
        "cases" => t("web_cases"),
        "schools" => t("web_org_schools"),
        "requests" => t("web_org_requests"),
        "households" => t("web_org_households"),
        "own-cases" => t("web_org_own_cases"),
        "own-requests" => t("web_org_own_requests"),
        "own-households" => t("web_org_own_households"),
        _ => return not_found(),
    };
    let name = table.clone();
    let lists = q.lists(now);
    let made = crate::web::locale::spawn_blocking(move || {
        let unit = replica.org(org)?.map(|o| o.name).unwrap_or_default();
        let made = match name.as_str() {
            "overview" => overview::table(&replica, org).map(Some),
            own if own.starts_with("own-") => own_lists::table(&replica, org, own, &lists),
            other => org::table(&replica, org, other, now),
        }?;
        Ok::<_, steppe_core::CoreError>((unit, made))
    })
    .await;
    fn heads(head: &[String]) -> Vec<&str> {
        head.iter().map(String::as_str).collect()
    }
    let ascii = format!("{table}-{id}");
    match made {
        Ok(Ok((unit, Some((head, rows))))) => {
            let title = format!("{unit} {heading}");
            let name = export::FileName {
                title: title.trim(),
                ascii: &ascii,
            };
            if as_xlsx {
                export::xlsx(name, &heads(&head), rows)
            } else {
                export::csv(name, &heads(&head), rows)
            }
        }
        Ok(Ok((_, None))) => not_found(),
        Ok(Err(e)) => unavailable(e),
        Err(e) => unavailable(e),
    }
}
