//! A member's training archive for a year, as it is printed for their file: each session attended
//! with its date, school, course, topic and hours, then the year's totals by topic. Prints on A4
//! (the layout's print styles drop the header and links' colours).

use crate::web::locale::{here, t, tf};
use std::sync::Arc;
use steppe_i18n::Label;

use crate::web::locale::when;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;
use steppe_domain::Id;

use super::{layout, now_ms, org_name, org_names};
use crate::state::AppState;
use crate::web::{Viewer, not_found};

#[derive(Debug, Deserialize)]
pub struct YearQuery {
    year: Option<i32>,
}

pub async fn page(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
    Query(q): Query<YearQuery>,
) -> Response {
    let Ok(person) = Id::parse(&id) else {
        return not_found();
    };
    let replica = match state.web.replica(state.storage.as_ref()).await {
        Ok(r) => r.store().clone(),
        Err(r) => return r,
    };
    let year = q
        .year
        .unwrap_or_else(|| steppe_domain::clock::year_of(now_ms()));
    let r = replica.clone();
    let loaded = crate::web::locale::spawn_blocking(move || {
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
    // The member's and the unit's names in Mongolian script beside the Chinese, as on the
    // unit's own page: the archive is printed for the member's file.
    let (unit, unit_mn) = org_names(&v, &replica, &p.org);
    layout(
        &format!(
            "{} · {}",
            p.name,
            tf("web_member_archive", &[("year", year.into())])
        ),
        Some(&v),
        html! {
            p #summary {
                @if let Some(mn) = &p.name_mn { span.mn lang="mn-Mong" #person-mn { (mn) } " " }
                @if let Some(mn) = &unit_mn { span.mn lang="mn-Mong" #unit-mn { (mn) } " " }
                (unit) " · " (p.status.label_in(here())) " · "
                (tf("web_member_summary", &[("year", year.into()), ("sessions", archive.sessions.into()), ("hours", format!("{:.1}", archive.hours).into())])) }
            p.muted {
                a href={ "?year=" (year - 1) } { (t("web_prev_year")) } " · " a href={ "?year=" (year + 1) } { (t("web_next_year")) }
            }
            table #archive-entries {
                tr { th { (t("web_col_date")) } th { (t("web_col_school")) } th { (t("web_col_course")) } th { (t("web_col_topic")) } th { (t("web_col_hours")) } }
                @for e in &archive.entries {
                    tr {
                        td { a href={ "/web/session/" (e.session) } { (when(e.starts_at)) } }
                        td { (org_name(&v, &replica, &e.school.to_string())) }
                        td { (e.title) } td { (e.topic.label_in(here())) } td { (format!("{:.1}", e.hours)) }
                    }
                }
            }
            h2 { (t("web_member_by_topic")) }
            table #archive {
                tr { th { (t("web_col_topic")) } th { (t("web_col_times")) } th { (t("web_col_hours")) } }
                @for t in &archive.by_topic {
                    tr { td { (t.topic.label_in(here())) } td { (t.sessions) } td { (format!("{:.1}", t.hours)) } }
                }
            }
        },
    )
    .into_response()
}
