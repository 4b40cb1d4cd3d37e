//! A resident's request through 民事民提 → 民事民议 → 民事民决 → 民事民办 → 民事民评: each step
//! with who and when, the joint meeting that decided it, every evaluation, every round reopened by
//! an unsatisfied one, and the record's history.

use crate::web::locale::here;
use std::sync::Arc;
use steppe_i18n::Label;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use steppe_domain::clock::display;
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
        &format!("民事诉求 · {}", req.title),
        Some(&v),
        html! {
            dl #request {
                dt { "所属社区" } dd { a href={ "/web/org/" (req.community) } { (org_name(&v, &replica, &req.community)) } }
                dt { "提出人" } dd { (req.raised_by) }
                dt { "提出时间" } dd { (display(req.raised_at)) }
                dt { "当前环节" } dd #step { (req.step.label_in(here())) }
                dt { "处理轮次" } dd { (req.rounds) }
                @if let Some(d) = &req.decision { dt { "决定" } dd { (d) } }
                @if let Some(m) = &req.meeting { dt { "议定会议" } dd.muted { "联席会议 " (m) } }
            }
            h2 { "诉求内容" }
            p.text { (req.description.as_str()) }
            h2 { "办理环节" }
            table #steps {
                tr { th { "轮次" } th { "时间" } th { "环节" } th { "经办人" } th { "说明" } }
                @for round in req.by_round() {
                    @for e in &round.steps {
                        tr { td { "第" (round.number) "轮" } td { (display(e.at)) } td { (e.step.label_in(here())) } td { (replica.step_author(e.user.as_deref(), &e.by)) } td.text { (e.note) } }
                    }
                }
            }
            @if !req.evaluations.is_empty() {
                h2 { "群众评价" }
                table #evaluations {
                    tr { th { "时间" } th { "评价" } th { "评价群众" } th { "意见" } }
                    @for e in &req.evaluations {
                        tr {
                            td { (display(e.at)) }
                            td { @if e.satisfied { "满意" } @else { "不满意（重新办理）" } }
                            td { (e.residents.join("、")) }
                            td.text { (e.comment) }
                        }
                    }
                }
            }
            h2 { "修改记录" }
            (history_table(&v, &history))
        },
    )
    .into_response()
}
