//! A household on a grid's register: its tags (独居老人, 困难户 …) and every visit, by phone,
//! WeChat, video or at the door, with the follow-ups they asked for, and the record's history.

use crate::web::locale::{here, t};
use std::sync::Arc;
use steppe_i18n::Label;

use crate::web::locale::when;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use steppe_domain::household::Household;

use super::{history_table, layout, org_name, readable_record};
use crate::state::AppState;
use crate::web::{Viewer, labels};

pub async fn page(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
) -> Response {
    let (h, history, replica) = match readable_record::<Household>(&state, &v, &id).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let tags: Vec<String> = h
        .tags
        .iter()
        .filter(|(_, on)| **on)
        .map(|(code, _)| labels::tag(code))
        .collect();
    layout(
        &format!("{} · {}", t("web_household_title"), h.address),
        Some(&v),
        html! {
            dl #household {
                dt { (t("web_household_grid")) } dd { a href={ "/web/org/" (h.grid) } { (org_name(&v, &replica, &h.grid)) } }
                dt { (t("web_col_head")) } dd { (h.head) }
                dt { (t("web_household_size")) } dd { (h.size) }
                dt { (t("web_col_tag")) } dd #tags { (tags.join(&t("list_separator"))) }
            }
            h2 { (t("web_household_visits")) }
            table #visits {
                tr { th { (t("web_col_time")) } th { (t("web_col_mode")) } th { (t("web_col_visited_by")) } th { (t("web_col_situation")) } th { (t("web_col_follow_up")) } }
                @for visit in &h.visits {
                    tr {
                        td { (when(visit.at)) } td { (visit.mode.label_in(here())) } td { (visit.visitor) }
                        td.text { (visit.note) } td { @if visit.follow_up { (t("web_yes")) } }
                    }
                }
            }
            h2 { (t("web_history")) }
            (history_table(&v, &history))
        },
    )
    .into_response()
}
