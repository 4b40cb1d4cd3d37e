//! A Party school at a desk: its courses and the sessions of the coming weeks, a course created
//! and a session scheduled by form. Each write is the signed-in user's own change through ingest
//! (`web::write`), refused exactly as a phone's would be; the domain's refusals come back next to
//! the field they concern, in Chinese.

use crate::web::locale::here;
use std::collections::HashMap;
use std::sync::Arc;
use steppe_i18n::Label;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use steppe_core::{CourseRow, SessionRow, Steppe};
use steppe_domain::authz::OrgTree;
use steppe_domain::command::Command;
use steppe_domain::course::{Course, Session, SessionMode, Topic};
use steppe_domain::org::OrgKind;
use steppe_domain::{DomainError, Id, Record, clock};

use super::{layout, now_ms, readable_org, stale_form};
use crate::state::AppState;
use crate::web::write::{self, WebWriteError};
use crate::web::{Viewer, not_found, unavailable};

/// How far ahead the page lists sessions.
const AHEAD_MS: i64 = 60 * clock::MS_PER_DAY;

/// What a form sent back with its errors, by field.
#[derive(Debug, Default)]
struct Answer {
    errors: HashMap<&'static str, String>,
    values: HashMap<&'static str, String>,
}

#[derive(Debug, Deserialize)]
pub struct CourseForm {
    csrf: String,
    title: String,
    topic: String,
}

#[derive(Debug, Deserialize)]
pub struct SessionForm {
    csrf: String,
    course: String,
    starts_at: String,
    minutes: String,
    mode: String,
    venue: String,
}

async fn school_of(state: &AppState, v: &Viewer, id: &str) -> Result<(Id, Arc<Steppe>), Response> {
    let (org, replica) = readable_org(state, v, id).await?;
    if v.tree.kind_of(id) != Some(OrgKind::PartySchool) {
        return Err(not_found());
    }
    Ok((org, replica))
}

pub async fn page(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
) -> Response {
    render(&state, &v, &id, Answer::default(), StatusCode::OK).await
}

async fn render(
    state: &AppState,
    v: &Viewer,
    id: &str,
    answer: Answer,
    status: StatusCode,
) -> Response {
    let (school, replica) = match school_of(state, v, id).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let now = now_ms();
    let r = replica.clone();
    let loaded = crate::web::locale::spawn_blocking(move || {
        let name = r.org_subtree(school)?.into_iter().next().map(|o| o.name);
        let courses = r.courses_of_school(school)?;
        let sessions = r.sessions_of_school(school, now - clock::MS_PER_DAY, now + AHEAD_MS)?;
        Ok::<_, steppe_core::CoreError>((name, courses, sessions))
    })
    .await;
    let (name, courses, sessions) = match loaded {
        Ok(Ok(x)) => x,
        Ok(Err(e)) => return unavailable(e),
        Err(e) => return unavailable(e),
    };
    let title = format!("{} · 排课", name.unwrap_or_default());
    let page = layout(&title, Some(v), body(v, id, &courses, &sessions, &answer));
    (status, page).into_response()
}

fn error(answer: &Answer, field: &str) -> Markup {
    html! { @if let Some(e) = answer.errors.get(field) { span.error { (e) } } }
}

fn body(
    v: &Viewer,
    id: &str,
    courses: &[CourseRow],
    sessions: &[SessionRow],
    a: &Answer,
) -> Markup {
    let value = |f: &str| a.values.get(f).cloned().unwrap_or_default();
    html! {
        @if let Some(e) = a.errors.get("form") { p.error #form-error { (e) } }
        h2 { "近期课次" }
        table #sessions {
            tr { th { "时间" } th { "课程" } th { "方式" } th { "地点" } th { "签到" } }
            @for s in sessions {
                tr {
                    td { a href={ "/web/session/" (s.id) } { (clock::display(s.starts_at)) } } td { (s.title) }
                    td { (s.mode.label_in(here())) } td { (s.venue) } td { (s.present) }
                }
            }
        }
        h2 { "排课" }
        form #new-session method="post" action={ "/web/school/" (id) "/session" } {
            input type="hidden" name="csrf" value=(v.session.csrf);
            p { label { "课程 " select name="course" {
                @for c in courses { option value=(c.id) selected[value("course") == c.id.to_string()] { (c.title) "（" (c.topic.label_in(here())) "）" } }
            } } (error(a, "course")) }
            p { label { "上课时间 " input type="datetime-local" name="starts_at" value=(value("starts_at")) required; } (error(a, "starts_at")) }
            p { label { "时长（分钟） " input type="number" name="minutes" min="1" value=(value("minutes")) required; } (error(a, "minutes")) }
            p { label { "方式 " select name="mode" {
                @for m in SessionMode::ALL { option value=(m.code()) selected[value("mode") == m.code()] { (m.label_in(here())) } }
            } } }
            p { label { "地点或直播间 " input name="venue" value=(value("venue")) required; } (error(a, "venue")) }
            button type="submit" #schedule { "排课" }
        }
        h2 { "新开课程" }
        form #new-course method="post" action={ "/web/school/" (id) "/course" } {
            input type="hidden" name="csrf" value=(v.session.csrf);
            p { label { "课程名称 " input name="title" value=(value("title")) required; } (error(a, "title")) }
            p { label { "专题 " select name="topic" {
                @for t in Topic::ALL { option value=(t.code()) selected[value("topic") == t.code()] { (t.label_in(here())) } }
            } } }
            button type="submit" #create-course { "开设课程" }
        }
    }
}

/// Why a write was refused, in the words of the field it concerns (or of the whole form).
fn refusal(e: WebWriteError) -> (StatusCode, &'static str, String) {
    match e {
        WebWriteError::Domain(e @ DomainError::InvalidInput { field, .. }) => (
            StatusCode::BAD_REQUEST,
            field,
            steppe_i18n::error_message(here(), &e),
        ),
        WebWriteError::Domain(DomainError::NotFound { .. }) => {
            (StatusCode::BAD_REQUEST, "course", "所选课程不存在".into())
        }
        WebWriteError::Refused(_) => (
            StatusCode::FORBIDDEN,
            "form",
            "您的角色不能在此党校开课或排课".into(),
        ),
        e => {
            tracing::warn!(error = %e, "a page write failed");
            (
                StatusCode::BAD_REQUEST,
                "form",
                "无法保存，请稍后重试".into(),
            )
        }
    }
}

/// Writes the record a form made, then shows the school again: as it now is, or with the
/// refusal beside its field.
async fn finish<R: Record>(
    state: &AppState,
    v: &Viewer,
    id: &str,
    made: Result<R, DomainError>,
    command: Command,
    mut answer: Answer,
) -> Response {
    let written = match made {
        Ok(record) => {
            write::create(state.storage.as_ref(), &v.session.user_id, &record, command).await
        }
        Err(e) => Err(e.into()),
    };
    match written {
        Ok(_) => Redirect::to(&format!("/web/school/{id}")).into_response(),
        Err(e) => {
            let (status, field, message) = refusal(e);
            answer.errors.insert(field, message);
            render(state, v, id, answer, status).await
        }
    }
}

pub async fn create_course(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
    Form(form): Form<CourseForm>,
) -> Response {
    if let Some(r) = stale_form(&v, &form.csrf) {
        return r;
    }
    let (school, _) = match school_of(&state, &v, &id).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let mut answer = Answer::default();
    answer.values.insert("title", form.title.clone());
    answer.values.insert("topic", form.topic.clone());
    let Some(topic) = Topic::parse(&form.topic) else {
        answer.errors.insert("topic", "请选择专题".into());
        return render(&state, &v, &id, answer, StatusCode::BAD_REQUEST).await;
    };
    let made = Course::new(
        school.to_string(),
        form.title.trim().to_string(),
        topic,
        None,
    );
    finish(&state, &v, &id, made, Command::CourseCreate, answer).await
}

pub async fn schedule_session(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
    Form(form): Form<SessionForm>,
) -> Response {
    if let Some(r) = stale_form(&v, &form.csrf) {
        return r;
    }
    let (school, replica) = match school_of(&state, &v, &id).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let mut answer = Answer::default();
    for (k, val) in [
        ("course", &form.course),
        ("starts_at", &form.starts_at),
        ("minutes", &form.minutes),
        ("mode", &form.mode),
        ("venue", &form.venue),
    ] {
        answer.values.insert(k, val.clone());
    }
    let starts_at = clock::parse(&form.starts_at);
    let minutes = form.minutes.trim().parse::<i64>().ok();
    let mode = SessionMode::parse(&form.mode);
    if starts_at.is_none() {
        answer
            .errors
            .insert("starts_at", "上课时间格式不正确".into());
    }
    if minutes.is_none() {
        answer.errors.insert("minutes", "时长应为分钟数".into());
    }
    let course_id = Id::parse(&form.course).ok();
    let r = replica.clone();
    // The course as this school holds it: a course of another school is not offered here.
    let course = match course_id {
        Some(c) => crate::web::locale::spawn_blocking(move || r.get::<Course>(c).ok())
            .await
            .ok()
            .flatten()
            .filter(|course| course.school == school.to_string()),
        None => None,
    };
    if course.is_none() {
        answer.errors.insert("course", "请选择本校的课程".into());
    }
    let (Some(starts_at), Some(minutes), Some(mode), Some(course), Some(course_id)) =
        (starts_at, minutes, mode, course, course_id)
    else {
        return render(&state, &v, &id, answer, StatusCode::BAD_REQUEST).await;
    };
    let made = Session::schedule(
        course_id.to_string(),
        &course,
        starts_at,
        minutes,
        mode,
        form.venue.trim().to_string(),
    );
    finish(&state, &v, &id, made, Command::SessionSchedule, answer).await
}
