//! A member's training archive for the year.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use steppe_domain::Id;

use super::{layout, now_ms, org_name};
use crate::state::AppState;
use crate::web::{Viewer, not_found};

pub async fn page(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
) -> Response {
    let Ok(person) = Id::parse(&id) else {
        return not_found();
    };
    let replica = match state.web.replica(state.storage.as_ref()).await {
        Ok(r) => r.store().clone(),
        Err(r) => return r,
    };
    let year = steppe_domain::clock::year_of(now_ms());
    let r = replica.clone();
    let loaded = tokio::task::spawn_blocking(move || {
        let p: steppe_domain::person::Person = r.get(person)?;
        let archive = r.training_archive(person, year)?;
        Ok::<_, steppe_core::CoreError>((p, archive))
    })
    .await;
    let Ok(Ok((p, archive))) = loaded else {
        return not_found();
    };
    if !v.reads(&p.org) {
        return not_found();
    }
    layout(
        &format!("{} 的学时档案", p.name),
        Some(&v),
        html! {
            p { (org_name(&v, &replica, &p.org)) " · " (year) " 年参训 " (archive.sessions) " 次，" (format!("{:.1}", archive.hours)) " 学时" }
            table #archive {
                tr { th { "专题" } th { "次数" } th { "学时" } }
                @for t in &archive.by_topic {
                    tr { td { (t.topic.label()) } td { (t.sessions) } td { (format!("{:.1}", t.hours)) } }
                }
            }
        },
    )
    .into_response()
}
