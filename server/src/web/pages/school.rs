//! A Party school at a desk: its courses and the sessions of the coming weeks, the online
//! same-time classes the schools above hold for it, a course created and a session scheduled by
//! form (an online session of this school reaches the members of every school below it). Each write is the signed-in user's own change through ingest
//! (`web::write`), refused exactly as a phone's would be; the domain's refusals come back next to
//! the field they concern, in Chinese.

use crate::web::locale::{here, t};
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

use super::answer::{Answer, beside, head, sent, unplaced};
use super::{layout, now_ms, readable_org, stale_form};
use crate::state::AppState;
use crate::web::write::{self, WebWriteError};
use crate::web::{Viewer, not_found, unavailable};

/// How far ahead the page lists sessions.
const AHEAD_MS: i64 = 60 * clock::MS_PER_DAY;

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
    render(&state, &v, &id, None).await
}

async fn render(state: &AppState, v: &Viewer, id: &str, answer: Option<Answer>) -> Response {
    let status = answer.as_ref().map_or(StatusCode::OK, |a| a.status);
    let (school, replica) = match school_of(state, v, id).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let now = now_ms();
    let r = replica.clone();
    let loaded = crate::web::locale::spawn_blocking(move || {
        let name = r.org_subtree(school)?.into_iter().next().map(|o| o.name);
        let courses = r.courses_of_school(school)?;
        let (from, to) = (now - clock::MS_PER_DAY, now + AHEAD_MS);
        let sessions = r.sessions_of_school(school, from, to)?;
        let above = r.same_time_classes_for(school, from, to)?;
        Ok::<_, steppe_core::CoreError>((name, courses, sessions, above))
    })
    .await;
    let (name, courses, sessions, above) = match loaded {
        Ok(Ok(x)) => x,
        Ok(Err(e)) => return unavailable(e),
        Err(e) => return unavailable(e),
    };
    let title = format!(
        "{} · {}",
        name.unwrap_or_default(),
        t("web_school_schedule")
    );
    let a = answer.as_ref();
    let body = body(v, id, &courses, (&sessions, &above), a);
    let page = layout(&title, Some(v), html! { (unplaced(a)) (body) });
    (status, page).into_response()
}

fn body(
    v: &Viewer,
    id: &str,
    courses: &[CourseRow],
    (sessions, above): (&[SessionRow], &[SessionRow]),
    a: Option<&Answer>,
) -> Markup {
    let (s, c) = ("new-session", "new-course");
    html! {
        h2 { (t("web_school_sessions")) }
        table #sessions {
            tr { th { (t("web_col_time")) } th { (t("web_col_course")) } th { (t("web_col_mode")) } th { (t("web_col_place")) } th { (t("web_col_present")) } }
            @for s in sessions {
                tr {
                    td { a href={ "/web/session/" (s.id) } { (crate::web::locale::when(s.starts_at)) } } td { (s.title) }
                    td { (s.mode.label_in(here())) } td { (s.venue) } td { (s.present) }
                }
            }
        }
        @if !above.is_empty() {
            h2 { (t("web_same_time_classes")) }
            table #same-time {
                tr { th { (t("web_col_time")) } th { (t("web_col_school")) } th { (t("web_col_course")) } th { (t("web_col_room")) } th { (t("web_col_checked_in")) } }
                @for s in above {
                    tr {
                        td { a href={ "/web/session/" (s.id) } { (crate::web::locale::when(s.starts_at)) } }
                        td { (s.school_name.as_deref().unwrap_or("—")) } td { (s.title) } td { (s.venue) } td { (s.present) }
                    }
                }
            }
        }
        h2 { (t("web_school_schedule")) }
        form #new-session method="post" action={ "/web/school/" (id) "/session" } {
            (head(a, s))
            input type="hidden" name="csrf" value=(v.session.csrf);
            p { label { (t("web_col_course")) " " select name="course" {
                @for course in courses { option value=(course.id) selected[sent(a, s, "course") == course.id.to_string()] { (course.title) "（" (course.topic.label_in(here())) "）" } }
            } } (beside(a, s, "course")) }
            p { label { (t("web_school_starts_at")) " " input type="datetime-local" name="starts_at" value=(sent(a, s, "starts_at")) required; } (beside(a, s, "starts_at")) }
            p { label { (t("web_school_minutes")) " " input type="number" name="minutes" min="1" value=(sent(a, s, "minutes")) required; } (beside(a, s, "minutes")) }
            p { label { (t("web_col_mode")) " " select name="mode" {
                @for m in SessionMode::ALL { option value=(m.code()) selected[sent(a, s, "mode") == m.code()] { (m.label_in(here())) } }
            } } (beside(a, s, "mode")) }
            p { label { (t("web_school_venue")) " " input name="venue" value=(sent(a, s, "venue")) required; } (beside(a, s, "venue")) }
            button type="submit" #schedule { (t("web_school_schedule")) }
        }
        h2 { (t("web_school_new_course")) }
        form #new-course method="post" action={ "/web/school/" (id) "/course" } {
            (head(a, c))
            input type="hidden" name="csrf" value=(v.session.csrf);
            p { label { (t("web_school_course_title")) " " input name="title" value=(sent(a, c, "title")) required; } (beside(a, c, "title")) }
            p { label { (t("web_col_topic")) " " select name="topic" {
                @for t in Topic::ALL { option value=(t.code()) selected[sent(a, c, "topic") == t.code()] { (t.label_in(here())) } }
            } } (beside(a, c, "topic")) }
            button type="submit" #create-course { (t("web_school_create_course")) }
        }
    }
}

/// A refused write answered beside its field: a course of another school or none as the
/// course's own refusal, a role's limit at the head of the form.
fn refused(answer: Answer, e: WebWriteError) -> Answer {
    match e {
        WebWriteError::Domain(DomainError::NotFound { .. }) => {
            answer.beside("course", t("web_choose_school_course"))
        }
        e => answer.refused(e, &t("web_school_not_allowed"), |_| None),
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
    answer: Answer,
) -> Response {
    let written = match made {
        Ok(record) => {
            write::create(state.storage.as_ref(), &v.session.user_id, &record, command).await
        }
        Err(e) => Err(e.into()),
    };
    match written {
        Ok(_) => Redirect::to(&format!("/web/school/{id}")).into_response(),
        Err(e) => render(state, v, id, Some(refused(answer, e))).await,
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
    let answer = Answer::to(
        "new-course",
        &[("title", &form.title), ("topic", &form.topic)],
    );
    let Some(topic) = Topic::parse(&form.topic) else {
        let answer = answer.beside("topic", t("web_choose_topic"));
        return render(&state, &v, &id, Some(answer)).await;
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
    let mut answer = Answer::to(
        "new-session",
        &[
            ("course", &form.course),
            ("starts_at", &form.starts_at),
            ("minutes", &form.minutes),
            ("mode", &form.mode),
            ("venue", &form.venue),
        ],
    );
    let starts_at = clock::parse(&form.starts_at);
    let minutes = form.minutes.trim().parse::<i64>().ok();
    let mode = SessionMode::parse(&form.mode);
    if starts_at.is_none() {
        answer = answer.beside("starts_at", t("web_not_a_time"));
    }
    if minutes.is_none() {
        answer = answer.beside("minutes", t("web_not_minutes"));
    }
    if mode.is_none() {
        answer = answer.beside("mode", t("web_choose_mode"));
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
        answer = answer.beside("course", t("web_choose_school_course"));
    }
    let (Some(starts_at), Some(minutes), Some(mode), Some(course), Some(course_id)) =
        (starts_at, minutes, mode, course, course_id)
    else {
        return render(&state, &v, &id, Some(answer)).await;
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
