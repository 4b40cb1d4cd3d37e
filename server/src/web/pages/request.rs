//! A resident's request through 民事民提 → 民事民议 → 民事民决 → 民事民办 → 民事民评: each step
//! with who and when, the joint meeting that decided it, every evaluation, every round reopened by
//! an unsatisfied one, and the record's history.

use crate::web::locale::{here, t, tf};
use std::sync::Arc;
use steppe_i18n::Label;

use crate::web::locale::when;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use steppe_domain::request::ResidentRequest;

use super::{history_table, layout, org_name, readable_record};
use crate::state::AppState;
use crate::web::Viewer;

pub async fn page(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
) -> Response {
    let (req, history, replica) = match readable_record::<ResidentRequest>(&state, &v, &id).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    layout(
        &format!("{} · {}", t("web_request_title"), req.title),
        Some(&v),
        html! {
            dl #request {
                dt { (t("web_request_community")) } dd { a href={ "/web/org/" (req.community) } { (org_name(&v, &replica, &req.community)) } }
                dt { (t("web_request_raised_by")) } dd { (req.raised_by) }
                dt { (t("web_col_raised")) } dd { (when(req.raised_at)) }
                dt { (t("web_request_step")) } dd #step { (req.step.label_in(here())) }
                dt { (t("web_request_rounds")) } dd { (req.rounds) }
                @if let Some(d) = &req.decision { dt { (t("web_request_decision")) } dd { (d) } }
                @if let Some(m) = &req.meeting { dt { (t("web_request_meeting")) } dd.muted { (tf("web_request_joint_meeting", &[("meeting", m.into())])) } }
            }
            h2 { (t("web_request_description")) }
            p.text { (req.description.as_str()) }
            h2 { (t("web_request_steps")) }
            table #steps {
                tr { th { (t("web_col_rounds")) } th { (t("web_col_time")) } th { (t("web_col_step")) } th { (t("web_col_handler")) } th { (t("web_col_note")) } }
                @for round in req.by_round() {
                    @for e in &round.steps {
                        tr { td { (tf("web_request_round", &[("round", round.number.into())])) } td { (when(e.at)) } td { (e.step.label_in(here())) } td { (replica.step_author(e.user.as_deref(), &e.by)) } td.text { (e.note) } }
                    }
                }
            }
            @if !req.evaluations.is_empty() {
                h2 { (t("web_request_evaluations")) }
                table #evaluations {
                    tr { th { (t("web_col_time")) } th { (t("web_col_evaluation")) } th { (t("web_col_residents")) } th { (t("web_col_comment")) } }
                    @for e in &req.evaluations {
                        tr {
                            td { (when(e.at)) }
                            td { @if e.satisfied { (t("web_col_satisfied")) } @else { (t("web_request_unsatisfied")) } }
                            td { (e.residents.join(&t("list_separator"))) }
                            td.text { (e.comment) }
                        }
                    }
                }
            }
            h2 { (t("web_history")) }
            (history_table(&v, &history))
        },
    )
    .into_response()
}
