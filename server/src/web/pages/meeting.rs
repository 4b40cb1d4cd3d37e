//! An organisational-life (or democratic-life) meeting: the opinions gathered and problems
//! found, the rectification items with owner, due date and completion, and the record's history.

use crate::web::locale::{here, t};
use std::sync::Arc;
use steppe_i18n::Label;

use crate::web::locale::when;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::html;
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
    let title = format!("{} · {}", m.kind.label_in(here()), when(m.held_at));
    let body = html! {
        p { a href={ "/web/org/" (m.branch) } { (org_name(v, &replica, &m.branch)) } }
        h2 { (t("web_meeting_items")) }
        table #items {
            tr { th { (t("web_col_time")) } th { (t("web_col_kind")) } th { (t("web_col_content")) } }
            @for i in &m.items {
                tr { td { (when(i.at)) } td { (i.kind.label_in(here())) } td.text { (i.text) } }
            }
        }
        h2 { (t("web_meeting_rectifications")) }
        (head(a, "complete"))
        table #rectifications {
            tr { th { (t("web_col_item")) } th { (t("web_col_owner")) } th { (t("web_col_due")) } th { (t("web_col_done")) } }
            @for r in &m.rectifications {
                tr {
                    td.text { (r.text) } td { (r.owner) }
                    td { (r.due.map(when).unwrap_or_default()) }
                    td {
                        @if let Some(at) = r.done_at { (when(at)) }
                        @else if r.due.is_some_and(|d| d < now) { span.error { (t("web_overdue")) } }
                        @else { (t("web_not_done")) }
                        @if r.done_at.is_none() && writes {
                            form.inline method="post" action={ "/web/meeting/" (id) "/complete" } {
                                input type="hidden" name="csrf" value=(v.session.csrf);
                                input type="hidden" name="item" value=(r.id);
                                " " button type="submit" class="complete" { (t("web_mark_done")) }
                            }
                        }
                    }
                }
            }
        }
        @if writes {
            h2 { (t("web_meeting_add")) }
            form #new-item method="post" action={ "/web/meeting/" (id) "/item" } {
                (head(a, "new-item"))
                input type="hidden" name="csrf" value=(v.session.csrf);
                select name="kind" { @for k in ItemKind::ALL { option value=(k.code()) selected[sent(a, "new-item", "kind") == k.code()] { (k.label_in(here())) } } }
                " " input name="text" placeholder=(t("web_col_content")) value=(sent(a, "new-item", "text")) required;
                (beside(a, "new-item", "text"))
                " " button type="submit" { (t("web_add")) }
            }
            form #new-rectification method="post" action={ "/web/meeting/" (id) "/rectification" } {
                (head(a, "new-rectification"))
                input type="hidden" name="csrf" value=(v.session.csrf);
                input name="text" placeholder=(t("web_meeting_rectification")) value=(sent(a, "new-rectification", "text")) required;
                (beside(a, "new-rectification", "text"))
                " " input name="owner" placeholder=(t("web_col_owner")) value=(sent(a, "new-rectification", "owner")) required;
                (beside(a, "new-rectification", "owner"))
                " " label { (t("web_col_due")) " " input type="date" name="due" value=(sent(a, "new-rectification", "due")); }
                (beside(a, "new-rectification", "due"))
                " " button type="submit" { (t("web_meeting_add_rectification")) }
            }
        }
        h2 { (t("web_history")) }
        (history_table(v, &history))
    };
    let page = layout(&title, Some(v), html! { (unplaced(a)) (body) });
    (answered, page).into_response()
}
