//! An organisational-life (or democratic-life) meeting: the opinions gathered and problems
//! found, the rectification items with owner, due date and completion, and the record's history.

use crate::web::locale::here;
use std::sync::Arc;
use steppe_i18n::Label;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use steppe_domain::clock::display;
use steppe_domain::org_life::{ItemKind, OrgLifeMeeting};

use super::answer::{Answer, beside, head, sent, unplaced};
use super::{history_table, keeps_records, layout, now_ms, org_name, readable_record};
use crate::state::AppState;
use crate::web::Viewer;

pub async fn page(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
) -> Response {
    render(&state, &v, &id, None).await
}

/// The meeting's page; with `answer`, a refused form's answer beside its fields.
pub(super) async fn render(
    state: &AppState,
    v: &Viewer,
    id: &str,
    answer: Option<Answer>,
) -> Response {
    let (m, history, replica) = match readable_record::<OrgLifeMeeting>(state, v, id).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let a = answer.as_ref();
    let answered = answer
        .as_ref()
        .map_or(axum::http::StatusCode::OK, |a| a.status);
    let now = now_ms();
    let writes = keeps_records(v, &m.branch);
    let title = format!("{} · {}", m.kind.label_in(here()), display(m.held_at));
    let body = html! {
        p { a href={ "/web/org/" (m.branch) } { (org_name(v, &replica, &m.branch)) } }
        h2 { "意见和问题" }
        table #items {
            tr { th { "时间" } th { "类型" } th { "内容" } }
            @for i in &m.items {
                tr { td { (display(i.at)) } td { (i.kind.label_in(here())) } td.text { (i.text) } }
            }
        }
        h2 { "整改事项" }
        (head(a, "complete"))
        table #rectifications {
            tr { th { "事项" } th { "责任人" } th { "期限" } th { "完成" } }
            @for r in &m.rectifications {
                tr {
                    td.text { (r.text) } td { (r.owner) }
                    td { (r.due.map(display).unwrap_or_default()) }
                    td {
                        @if let Some(at) = r.done_at { (display(at)) }
                        @else if r.due.is_some_and(|d| d < now) { span.error { "已逾期" } }
                        @else { "未完成" }
                        @if r.done_at.is_none() && writes {
                            form.inline method="post" action={ "/web/meeting/" (id) "/complete" } {
                                input type="hidden" name="csrf" value=(v.session.csrf);
                                input type="hidden" name="item" value=(r.id);
                                " " button type="submit" class="complete" { "完成" }
                            }
                        }
                    }
                }
            }
        }
        @if writes {
            h2 { "记录" }
            form #new-item method="post" action={ "/web/meeting/" (id) "/item" } {
                (head(a, "new-item"))
                input type="hidden" name="csrf" value=(v.session.csrf);
                select name="kind" { @for k in ItemKind::ALL { option value=(k.code()) selected[sent(a, "new-item", "kind") == k.code()] { (k.label_in(here())) } } }
                " " input name="text" placeholder="内容" value=(sent(a, "new-item", "text")) required;
                (beside(a, "new-item", "text"))
                " " button type="submit" { "添加" }
            }
            form #new-rectification method="post" action={ "/web/meeting/" (id) "/rectification" } {
                (head(a, "new-rectification"))
                input type="hidden" name="csrf" value=(v.session.csrf);
                input name="text" placeholder="整改事项" value=(sent(a, "new-rectification", "text")) required;
                (beside(a, "new-rectification", "text"))
                " " input name="owner" placeholder="责任人" value=(sent(a, "new-rectification", "owner")) required;
                (beside(a, "new-rectification", "owner"))
                " " label { "期限 " input type="date" name="due" value=(sent(a, "new-rectification", "due")); }
                (beside(a, "new-rectification", "due"))
                " " button type="submit" { "添加整改事项" }
            }
        }
        h2 { "修改记录" }
        (history_table(v, &history))
    };
    let page = layout(&title, Some(v), html! { (unplaced(a)) (body) });
    (answered, page).into_response()
}
