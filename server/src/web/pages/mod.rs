//! The pages, one module each: its handler, its HTML and the CSV of its tables. Here what they
//! share: the layout and the replica's names for organisations.

mod answer;
pub mod assets;
pub mod board;
pub mod bundles;
pub mod case;
pub mod conflicts;
pub mod due;
pub mod evaluation;
pub mod export;
pub mod household;
pub mod language;
pub mod login;
pub mod meeting;
pub mod meeting_forms;
pub mod member;
pub mod org;
pub mod overview;
pub mod own_lists;
pub mod refusals;
pub mod report;
pub mod request;
pub mod review;
pub mod school;
pub mod session;

use crate::web::locale::{here, t};
use std::sync::Arc;
use steppe_i18n::Label;

use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use steppe_core::Steppe;
use steppe_domain::Id;
use steppe_domain::authz::{OrgTree, Role};

use super::{Viewer, not_found};
pub(crate) use crate::clock::now_ms;
use crate::state::AppState;

/// One stylesheet, no build step: readable on a desk, on a phone's browser at 360 px (tables
/// scroll inside themselves, the header wraps) and on A4 paper (no header, no links' colour).
/// The Mongolian script's font: one the browser holds, else the server's copy
/// ([`assets::MONGOLIAN_FONT_URL`]).
const FONTS: &str = "@font-face{font-family:'Steppe Mongolian';src:local('Noto Sans Mongolian'),local('NotoSansMongolian-Regular'),url(/assets/mongolian.ttf) format('truetype')}";

/// Traditional Mongolian runs in vertical lines, the lines left to right (`vertical-lr`); among
/// Chinese it stands in its own column (`.mn`), in a heading beside the Chinese name (`.named`).
const STYLE: &str = ".mn{font-family:'Steppe Mongolian',sans-serif;writing-mode:vertical-lr;display:inline-block;vertical-align:top;line-height:1.3}.named{display:flex;gap:.6em;align-items:flex-start}.named .mn{max-height:14em;overflow:hidden}body{font-family:sans-serif;margin:0;color:#222}header{background:#a4161a;color:#fff;padding:.6em 1em;display:flex;flex-wrap:wrap;gap:.6em 1.5em;align-items:center}header a{color:#fff}main{padding:1em 1.5em}table{border-collapse:collapse;margin:.5em 0 1.5em;display:block;overflow-x:auto;max-width:100%}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}td:first-child,th:first-child{text-align:left}td.text{text-align:left;white-space:pre-wrap}h2{margin-top:1.5em}.chart{display:inline-block;margin:0 2em 1em 0;max-width:100%}.chart svg{max-width:100%;height:auto}.muted{color:#777}form.inline{display:inline}.error{color:#a4161a;margin-left:.5em}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}dt{color:#777}dd{margin:0}@media (max-width:600px){main{padding:.5em}td,th{padding:.2em .35em}h1{font-size:1.3em}}@media print{header{display:none}a{color:inherit;text-decoration:none}main{padding:0}}";

/// What the charts and tables cover: the last year.
const YEAR_MS: i64 = 365 * 24 * 3600 * 1000;

/// A CSV table: its header and rows.
type Table = (Vec<String>, Vec<Vec<String>>);

/// The catalogue's words for each of `ids`: a table's headings, on its page and in its file.
fn heads(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| t(id)).collect()
}

/// The organisation a page or export names, if the viewer reads it, and the replica to read it
/// from. An organisation outside the viewer's scope is answered as one that does not exist.
async fn readable_org(
    state: &AppState,
    v: &Viewer,
    id: &str,
) -> Result<(Id, Arc<Steppe>), Response> {
    let org = Id::parse(id).map_err(|_| not_found())?;
    if !v.reads(id) {
        return Err(not_found());
    }
    let replica = state.web.replica(state.storage.as_ref()).await?;
    Ok((org, replica.store().clone()))
}

fn layout(title: &str, viewer: Option<&Viewer>, body: Markup) -> Html<String> {
    layout_named(title, None, viewer, body)
}

/// [`layout`] for a page about a unit with a name in traditional Mongolian script: the heading
/// shows both, the Mongolian in its own vertical column before the Chinese, as Inner Mongolian
/// signs and headers do.
fn layout_named(
    title: &str,
    name_mn: Option<&str>,
    viewer: Option<&Viewer>,
    body: Markup,
) -> Html<String> {
    let header = html! {
        strong { (t("web_app_title")) }
        @if let Some(v) = viewer {
            a href="/web" { (t("web_nav_overview")) }
            a href="/web/conflicts" id="nav-conflicts" { (t("web_nav_conflicts")) }
            a href="/web/refusals" id="nav-refusals" { (t("web_nav_refusals")) }
            a href="/web/due" id="nav-due" { (t("web_nav_due")) }
            a href="/web/bundles" id="nav-bundles" { (t("web_nav_bundles")) }
            span.muted { (v.session.user_name) }
            form.inline method="post" action="/web/logout" {
                input type="hidden" name="csrf" value=(v.session.csrf);
                button type="submit" { (t("web_sign_out")) }
            }
        }
        (languages())
    };
    let heading = html! {
        @match name_mn {
            Some(mn) => div.named {
                span.mn lang="mn-Mong" #name-mn { (mn) }
                span #name-zh { (title) }
            },
            None => (title),
        }
    };
    page(
        &format!("{title} · {}", t("web_site_name")),
        heading,
        header,
        body,
    )
}

/// The links that choose the pages' language, each in its own language.
fn languages() -> Markup {
    let here = crate::web::locale::here();
    let back = crate::web::locale::path();
    html! {
        span #languages {
            @for &l in steppe_i18n::Locale::ALL {
                @if l == here {
                    strong lang=(l.tag()) class=[l.is_vertical().then_some("mn")] { (l.autonym()) }
                } @else {
                    a lang=(l.tag()) class=[l.is_vertical().then_some("mn")]
                        href={ "/web/lang/" (l.tag()) "?" (form_urlencoded::Serializer::new(String::new()).append_pair("back", &back).finish()) } { (l.autonym()) }
                }
                " "
            }
        }
    }
}

/// Text from the catalogue in this request's language, marked as Mongolian script where it is,
/// so it is set vertically in its own column among Chinese.
fn words(text: String) -> Markup {
    if text.chars().any(steppe_domain::script::is_mongolian_letter) {
        html! { span.mn lang="mn-Mong" { (text) } }
    } else {
        html! { (text) }
    }
}

/// The HTML every page shares: the document title, the header's contents, the heading, the body.
fn page(document_title: &str, heading: Markup, header: Markup, body: Markup) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang=(crate::web::locale::here().tag()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (document_title) }
                    style { (PreEscaped(FONTS)) (PreEscaped(STYLE)) }
                }
                body {
                    header { (header) }
                    main { h1 { (heading) } (body) }
                }
            }
        }
        .into_string(),
    )
}

/// A page anyone may read without an account (a village's public board): the same look, with
/// no supervisors' navigation.
fn public_layout(title: &str, body: Markup) -> Html<String> {
    page(
        title,
        html! { (title) },
        html! { strong { (t("web_public_board")) } (languages()) },
        body,
    )
}

/// A form whose token does not match the session's: refused before anything is read.
fn stale_form(v: &Viewer, sent: &str) -> Option<Response> {
    (!super::session::same_token(sent, &v.session.csrf))
        .then(|| (axum::http::StatusCode::FORBIDDEN, t("web_form_stale")).into_response())
}

/// Why a page write was refused, in words people read: a field's rule, a step out of order, a
/// role that does not allow it (`by_role`), or a failure to retry.
fn refusal_words(
    e: super::write::WebWriteError,
    by_role: &str,
) -> (axum::http::StatusCode, String) {
    use super::write::WebWriteError;
    use axum::http::StatusCode;
    use steppe_domain::DomainError;
    match e {
        WebWriteError::Domain(
            e @ (DomainError::InvalidInput { .. } | DomainError::InvalidTransition { .. }),
        ) => (
            StatusCode::BAD_REQUEST,
            steppe_i18n::error_message(crate::web::locale::here(), &e),
        ),
        WebWriteError::Refused(_) => (StatusCode::FORBIDDEN, by_role.into()),
        e => {
            tracing::warn!(error = %e, "a page write failed");
            (StatusCode::BAD_REQUEST, t("web_save_failed"))
        }
    }
}

/// A refused write as a page: the reason, and the way back to the form.
fn refusal_page(
    v: &Viewer,
    back: &str,
    (status, message): (axum::http::StatusCode, String),
) -> Response {
    let page = layout(
        &t("web_cannot_save"),
        Some(v),
        html! { p.error #form-error { (message) } p { a href=(back) { (t("web_back")) } } },
    );
    (status, page).into_response()
}

/// Changes the record `id` (one the viewer reads) by `edit`, as the viewer's own change through
/// ingest, then shows `page` again; a refusal is the caller's to answer on its page, beside the
/// form (`answer`). `Ok` holds the response for everything else: done, not found, unavailable.
async fn update_record<R: steppe_domain::Record>(
    state: &AppState,
    v: &Viewer,
    id: &str,
    page: &str,
    command: steppe_domain::command::Command,
    edit: impl FnOnce(&mut R, i64) -> Result<(), steppe_domain::DomainError>,
) -> Result<Response, super::write::WebWriteError> {
    let Ok(record) = Id::parse(id) else {
        return Ok(not_found());
    };
    let replica = match state.web.replica(state.storage.as_ref()).await {
        Ok(r) => r,
        Err(r) => return Ok(r),
    };
    let org = replica.store().record_org(record).ok().flatten();
    if !org.is_some_and(|o| v.reads(&o)) {
        return Ok(not_found());
    }
    super::write::update(
        state.storage.as_ref(),
        &v.session.user_id,
        record,
        command,
        edit,
    )
    .await?;
    Ok(axum::response::Redirect::to(page).into_response())
}

/// Whether to offer this viewer the forms that write records of `org` at a desk (resolving a
/// conflict, recording a meeting): secretaries and administrators on it or above. Only an offer:
/// each change is decided by ingest with the viewer's roles, as a phone's would be.
fn keeps_records(v: &Viewer, org: &str) -> bool {
    holds_on(v, org, |r| {
        matches!(r, Role::Secretary | Role::Administrator)
    })
}

/// Whether to offer this viewer the form that marks attendance at a school's sessions:
/// its lecturers too, not only secretaries. An offer only, as above.
fn marks_attendance(v: &Viewer, school: &str) -> bool {
    holds_on(v, school, |r| {
        matches!(r, Role::Secretary | Role::Administrator | Role::Lecturer)
    })
}

/// Whether the viewer holds a role `wanted` accepts on `org` or above it.
fn holds_on(v: &Viewer, org: &str, wanted: impl Fn(Role) -> bool) -> bool {
    let chain = steppe_domain::authz::lineage(&v.tree, org);
    v.grants
        .iter()
        .any(|g| wanted(g.role) && chain.contains(&g.org))
}

/// A record the viewer reads, with its history, loaded from the replica; a record outside the
/// viewer's scope is answered as one that does not exist.
/// A record's history and who marked it reviewed: the foot of its page.
struct Trail {
    record: Id,
    org: String,
    entries: Vec<steppe_core::HistoryEntry>,
    reviews: Vec<steppe_core::ReviewRow>,
}

async fn readable_record<R: steppe_domain::Record + Send + 'static>(
    state: &AppState,
    v: &Viewer,
    id: &str,
) -> Result<(R, Trail, Arc<Steppe>), Response> {
    let record = Id::parse(id).map_err(|_| not_found())?;
    let replica = state
        .web
        .replica(state.storage.as_ref())
        .await?
        .store()
        .clone();
    let r = replica.clone();
    let (found, trail) = crate::web::locale::spawn_blocking(move || {
        let found: R = r.get(record)?;
        let org = found.scope_org().to_string();
        let trail = Trail {
            record,
            entries: r.history(record)?,
            reviews: r.review_marks(record, &org)?,
            org,
        };
        Ok::<_, steppe_core::CoreError>((found, trail))
    })
    .await
    .map_err(|_| not_found())?
    .map_err(|_| not_found())?;
    if !v.reads(found.scope_org()) {
        return Err(not_found());
    }
    Ok((found, trail, replica))
}

/// The links that download a table of a page as CSV and as an Excel workbook.
fn exports(id: &str, table: &str) -> maud::Markup {
    html! {
        p {
            a href={ "/web/org/" (id) "/export/" (table) } { (t("web_export_csv")) } " · "
            a href={ "/web/org/" (id) "/export/" (table) ".xlsx" } { (t("web_export_xlsx")) }
        }
    }
}

/// The foot of a record's page: who marked it reviewed (督导已阅), the form that marks it for a
/// viewer whose role reviews there and who has not yet, and its history.
fn history_table(v: &Viewer, trail: &Trail) -> Markup {
    let may_review = steppe_domain::authz::may_review(&v.grants, &v.tree, &trail.org);
    let mine = trail
        .reviews
        .iter()
        .any(|r| r.reviewer == v.session.user_id);
    html! {
        h2 { (t("web_reviewed")) }
        @if trail.reviews.is_empty() {
            p.muted #no-reviews { (t("web_not_reviewed")) }
        } @else {
            ul #reviews {
                @for r in &trail.reviews {
                    li {
                        (r.reviewer_name.as_deref().unwrap_or(&r.reviewer)) " · "
                        (crate::web::locale::when(r.at))
                        @if !r.note.is_empty() { " · " (r.note) }
                    }
                }
            }
        }
        @if may_review && !mine {
            form #mark-reviewed method="post" action={ "/web/record/" (trail.record) "/reviewed" } {
                input type="hidden" name="csrf" value=(v.session.csrf);
                input type="text" name="note" maxlength="500" placeholder=(t("web_review_note"));
                " " button type="submit" { (t("web_mark_reviewed")) }
            }
        }
        (history_entries(&trail.entries))
    }
}

/// A record's history as people read it: when, what (the command's words), who, on which device.
fn history_entries(history: &[steppe_core::HistoryEntry]) -> Markup {
    html! {
        table #history {
            tr { th { (t("web_col_time")) } th { (t("web_col_action")) } th { (t("web_col_by")) } th { (t("web_col_device")) } }
            @for h in history {
                tr {
                    td { (crate::web::locale::when(h.at)) }
                    td { (steppe_i18n::command_label(here(), &h.message)) }
                    td { (h.user_name.as_deref().unwrap_or("—")) }
                    td { (h.device_name.as_deref().unwrap_or("—")) }
                }
            }
        }
    }
}

/// An organisation the replica does not hold yet (one created since it last caught up) is
/// named by its kind rather than left blank.
fn org_name(v: &Viewer, replica: &steppe_core::Steppe, org: &str) -> String {
    org_names(v, replica, org).0
}

/// [`org_name`], with the unit's name in traditional Mongolian script where it has one. One row
/// is read: a league's name no longer costs its whole subtree.
fn org_names(v: &Viewer, replica: &steppe_core::Steppe, org: &str) -> (String, Option<String>) {
    Id::parse(org)
        .ok()
        .and_then(|id| replica.org(id).ok().flatten())
        .map(|r| (r.name, r.name_mn))
        .unwrap_or_else(|| {
            let kind = v
                .tree
                .kind_of(org)
                .map(|k| k.label_in(here()).to_string())
                .unwrap_or_default();
            (kind, None)
        })
}
