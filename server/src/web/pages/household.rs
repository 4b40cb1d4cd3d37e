//! A household on a grid's register: its tags (独居老人, 困难户 …) and every visit, by phone,
//! WeChat, video or at the door, with the follow-ups they asked for, and the record's history.

use crate::web::locale::here;
use std::sync::Arc;
use steppe_i18n::Label;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use steppe_domain::clock::display;
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
        &format!("住户 · {}", h.address),
        Some(&v),
        html! {
            dl #household {
                dt { "所属网格" } dd { a href={ "/web/org/" (h.grid) } { (org_name(&v, &replica, &h.grid)) } }
                dt { "户主" } dd { (h.head) }
                dt { "人口" } dd { (h.size) }
                dt { "标签" } dd #tags { (tags.join("、")) }
            }
            h2 { "走访记录" }
            table #visits {
                tr { th { "时间" } th { "方式" } th { "走访人" } th { "情况" } th { "需回访" } }
                @for visit in &h.visits {
                    tr {
                        td { (display(visit.at)) } td { (visit.mode.label_in(here())) } td { (visit.visitor) }
                        td.text { (visit.note) } td { @if visit.follow_up { "是" } }
                    }
                }
            }
            h2 { "修改记录" }
            (history_table(&v, &history))
        },
    )
    .into_response()
}
