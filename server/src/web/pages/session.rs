//! One session of a Party school course: when, where, how, the roll (who was present, absent or
//! excused, and how they joined), and the record's history — each check-in with its time and the
//! member's name. A school's secretaries and lecturers mark members' attendance here, by name.

use crate::web::locale::{here, t, tf};
use std::sync::Arc;
use steppe_i18n::Label;

use crate::web::locale::when;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::html;
use steppe_domain::Id;
use steppe_domain::course::{Attendance, Session};

use super::answer::{Answer, beside, head, sent, unplaced};
use super::{history_table, layout, marks_attendance, org_name, readable_record, stale_form};
use crate::state::AppState;
use crate::web::write;
use crate::web::{Viewer, not_found, unavailable};
use steppe_domain::command::Command;

pub async fn page(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
) -> Response {
    render(&state, &v, &id, None).await
}

/// The session's page; with `answer`, a refused mark's answer in its form.
async fn render(state: &AppState, v: &Viewer, id: &str, answer: Option<Answer>) -> Response {
    let a = answer.as_ref();
    let answered = a.map_or(axum::http::StatusCode::OK, |a| a.status);
    let (s, history, replica) = match readable_record::<Session>(state, v, id).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let marks = marks_attendance(v, &s.school);
    let Ok(session) = Id::parse(id) else {
        return unavailable("session id");
    };
    let r = replica.clone();
    let roll = match crate::web::locale::spawn_blocking(move || r.session_roll(session)).await {
        Ok(Ok(mut roll)) => {
            // In the order of the members' names as people read them (pinyin).
            steppe_i18n::sort_by_name(&mut roll, |e| e.name.as_deref().unwrap_or(""));
            roll
        }
        Ok(Err(e)) => return unavailable(e),
        Err(e) => return unavailable(e),
    };
    let title = format!("{} · {}", s.title, when(s.starts_at));
    let body = html! {
        dl #session {
            dt { (t("web_col_school")) } dd { a href={ "/web/school/" (s.school) } { (org_name(v, &replica, &s.school)) } }
            dt { (t("web_col_topic")) } dd { (s.topic.label_in(here())) }
            dt { (t("web_col_time")) } dd { (when(s.starts_at)) (tf("web_session_minutes", &[("minutes", s.minutes.into())])) }
            dt { (t("web_col_mode")) } dd { (s.mode.label_in(here())) }
            dt { (t("web_col_place")) } dd { (s.venue) }
            @if s.cancelled { dt { (t("web_col_status")) } dd.error { (t("web_session_cancelled")) } }
        }
        h2 { (t("web_session_attendance")) }
        table #roll {
            tr { th { (t("web_col_member")) } th { (t("web_session_attendance")) } th { (t("web_col_mode")) } }
            @for e in &roll {
                tr {
                    td { a href={ "/web/member/" (e.member) } { (e.name.as_deref().unwrap_or("—")) } }
                    td { (e.attendance.label_in(here())) }
                    td { (e.via.map(|m| m.label_in(here())).unwrap_or_else(|| "".into())) }
                }
            }
        }
        @if marks && !s.cancelled {
            form #mark method="post" action={ "/web/session/" (id) "/mark" } {
                (head(a, "mark"))
                input type="hidden" name="csrf" value=(v.session.csrf);
                input name="name" placeholder=(t("web_session_member_name")) value=(sent(a, "mark", "name")) required;
                (beside(a, "mark", "name"))
                " " select name="attendance" { @for at in Attendance::ALL { option value=(at.code()) selected[sent(a, "mark", "attendance") == at.code()] { (at.label_in(here())) } } }
                (beside(a, "mark", "attendance"))
                " " button type="submit" { (t("web_session_mark")) }
            }
        }
        h2 { (t("web_session_history")) }
        (history_table(v, &history))
    };
    let page = layout(&title, Some(v), html! { (unplaced(a)) (body) });
    (answered, page).into_response()
}

/// Most of the members a typed name spells that its refusal lists: "w" spells half a league.
const CANDIDATES: usize = 10;

/// Whom a name typed in the mark form names among the people of the school's unit.
enum Found {
    One(Id),
    None,
    /// More than one person has exactly that name.
    SameName,
    /// The name as typed is nobody's, but it spells several names in pinyin (or is part of
    /// them): these, in the order of their names.
    Several(Vec<steppe_core::PersonRow>),
}

/// The person of `unit`'s subtree that `name` names: the one called exactly that, else the one
/// whose whole name it spells in pinyin or initials (`steppe_i18n::name_spelled_whole`: "wlh"
/// for 王立华), so a secretary need not switch input methods for every member. A query that only
/// finds names (part of one, `steppe_i18n::name_matches`) lists them to pick from, even a single
/// one: a typo must not mark somebody else. Only people of units the viewer reads (`reads`) are
/// looked at or listed. Either way the mark that follows is the same write, refused or allowed by
/// the same checks.
fn find(
    replica: &steppe_core::Steppe,
    unit: Id,
    name: &str,
    reads: impl Fn(&str) -> bool,
) -> Result<Found, steppe_core::CoreError> {
    let exact = replica.people_named(unit, name)?;
    match exact.len() {
        1 => return Ok(Found::One(exact[0].id)),
        0 => {}
        _ => return Ok(Found::SameName),
    }
    let mut like: Vec<_> = replica
        .people_under(unit)?
        .into_iter()
        .filter(|p| reads(&p.org.to_string()) && steppe_i18n::name_matches(&p.name, name))
        .collect();
    Ok(match like.as_slice() {
        [] => Found::None,
        [one] if steppe_i18n::name_spelled_whole(&one.name, name) => Found::One(one.id),
        _ => {
            steppe_i18n::sort_by_name(&mut like, |p| &p.name);
            Found::Several(like)
        }
    })
}

#[derive(Debug, serde::Deserialize)]
pub struct MarkForm {
    csrf: String,
    name: String,
    attendance: String,
}

/// `POST /web/session/{id}/mark`: the member of the school's parent unit called `name` — or,
/// when nobody is called exactly that, the one member whose whole name it spells in pinyin
/// ([`find`]) — marked, as the signed-in user's change through ingest. Members whose names it
/// only finds are listed back for the secretary to choose from, and nobody is marked.
pub async fn mark(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
    axum::Form(f): axum::Form<MarkForm>,
) -> Response {
    if let Some(r) = stale_form(&v, &f.csrf) {
        return r;
    }
    let back = format!("/web/session/{id}");
    let answer = Answer::to("mark", &[("name", &f.name), ("attendance", &f.attendance)]);
    let (s, _, replica) = match readable_record::<Session>(&state, &v, &id).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let refused_as = |answer: Answer| render(&state, &v, &id, Some(answer));
    // Only whoever may mark here looks members up: the lookup answers with names, and ingest's
    // own check comes only with the write.
    if !marks_attendance(&v, &s.school) {
        return refused_as(answer.whole(t("web_attendance_not_allowed"))).await;
    }
    let Some(attendance) = Attendance::parse(&f.attendance) else {
        return refused_as(answer.beside("attendance", t("web_choose_attendance"))).await;
    };
    // Members come from the unit the school serves: its parent and everything below.
    let Some(unit) = steppe_domain::authz::OrgTree::parent_of(&v.tree, &s.school)
        .and_then(|p| Id::parse(&p).ok())
    else {
        return refused_as(answer.whole(t("web_school_without_unit"))).await;
    };
    let name = f.name.clone();
    let r = replica.clone();
    let readable = v.readable.clone();
    let found = crate::web::locale::spawn_blocking(move || {
        find(&r, unit, &name, |org| readable.contains(org))
    })
    .await;
    let member = match found {
        Ok(Ok(Found::One(member))) => member,
        Ok(Ok(Found::None)) => {
            return refused_as(answer.beside("name", t("web_no_such_member"))).await;
        }
        Ok(Ok(Found::SameName)) => {
            return refused_as(answer.beside("name", t("web_name_ambiguous"))).await;
        }
        Ok(Ok(Found::Several(people))) => {
            let mut names: Vec<String> = people
                .iter()
                .take(CANDIDATES)
                .map(|p| {
                    let unit = org_name(&v, &replica, &p.org.to_string());
                    tf(
                        "web_name_candidate",
                        &[("name", p.name.as_str().into()), ("unit", unit.into())],
                    )
                })
                .collect();
            if people.len() > CANDIDATES {
                names.push("…".into());
            }
            let words = tf(
                "web_name_candidates",
                &[
                    ("query", f.name.trim().into()),
                    ("count", people.len().into()),
                    ("names", names.join(&t("list_separator")).into()),
                ],
            );
            return refused_as(answer.beside("name", words)).await;
        }
        Ok(Err(e)) => return unavailable(e),
        Err(e) => return unavailable(e),
    };
    let Ok(session) = Id::parse(&id) else {
        return not_found();
    };
    let by = v.session.user_id.clone();
    let written = write::update(
        state.storage.as_ref(),
        &v.session.user_id,
        session,
        Command::SessionMark,
        move |s: &mut Session, now| s.mark(&member.to_string(), attendance, &by, now),
    )
    .await;
    match written {
        Ok(()) => axum::response::Redirect::to(&back).into_response(),
        Err(e) => {
            let answer = answer.refused(e, &t("web_attendance_not_allowed"), |_| None);
            refused_as(answer).await
        }
    }
}
