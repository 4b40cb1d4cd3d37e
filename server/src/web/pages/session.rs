//! One session of a Party school course: when, where, how, the roll (who was present, absent or
//! excused, and how they joined), and the record's history — each check-in with its time and the
//! member's name.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use steppe_domain::Id;
use steppe_domain::clock::display;
use steppe_domain::course::Session;

use super::{history_table, layout, org_name, readable_record};
use crate::state::AppState;
use crate::web::{Viewer, unavailable};

pub async fn page(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
) -> Response {
    let (s, history, replica) = match readable_record::<Session>(&state, &v, &id).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let Ok(session) = Id::parse(&id) else {
        return unavailable("session id");
    };
    let r = replica.clone();
    let roll = match tokio::task::spawn_blocking(move || r.session_roll(session)).await {
        Ok(Ok(roll)) => roll,
        Ok(Err(e)) => return unavailable(e),
        Err(e) => return unavailable(e),
    };
    layout(
        &format!("{} · {}", s.title, display(s.starts_at)),
        Some(&v),
        html! {
            dl #session {
                dt { "党校" } dd { a href={ "/web/school/" (s.school) } { (org_name(&v, &replica, &s.school)) } }
                dt { "专题" } dd { (s.topic.label()) }
                dt { "时间" } dd { (display(s.starts_at)) "，" (s.minutes) " 分钟" }
                dt { "方式" } dd { (s.mode.label()) }
                dt { "地点" } dd { (s.venue) }
                @if s.cancelled { dt { "状态" } dd.error { "已取消" } }
            }
            h2 { "出勤" }
            table #roll {
                tr { th { "党员" } th { "出勤" } th { "方式" } }
                @for e in &roll {
                    tr {
                        td { a href={ "/web/member/" (e.member) } { (e.name.as_deref().unwrap_or("—")) } }
                        td { (e.attendance.label()) }
                        td { (e.via.map(|m| m.label()).unwrap_or("")) }
                    }
                }
            }
            h2 { "签到与修改记录" }
            (history_table(&history))
        },
    )
    .into_response()
}
