//! A branch secretary's organisational life at a desk: a meeting recorded, its opinions and
//! problems, rectification items with owner and due date, an item completed. Each is the
//! signed-in user's own change through ingest; a refusal comes back beside the field it
//! concerns, on the page the form is on, with what was typed still there.

use std::sync::Arc;
use steppe_domain::reason::Reason;

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steppe_domain::command::Command;
use steppe_domain::org_life::{ItemKind, MeetingKind, OrgLifeMeeting};
use steppe_domain::{DomainError, Id, clock};

use super::answer::Answer;
use super::{stale_form, update_record};
use crate::state::AppState;
use crate::web::locale::t;
use crate::web::write::{self, WebWriteError};
use crate::web::{Viewer, not_found};

#[derive(Debug, Deserialize)]
pub struct NewMeetingForm {
    csrf: String,
    kind: String,
    held_at: String,
}

#[derive(Debug, Deserialize)]
pub struct ItemForm {
    csrf: String,
    kind: String,
    text: String,
}

#[derive(Debug, Deserialize)]
pub struct RectificationForm {
    csrf: String,
    text: String,
    owner: String,
    due: String,
}

#[derive(Debug, Deserialize)]
pub struct CompleteForm {
    csrf: String,
    item: String,
}

/// The answer to a refused form: its page again, the refusal in it.
fn refused(answer: Answer, e: WebWriteError) -> Answer {
    answer.refused(e, &t("web_org_life_not_allowed"), |_| None)
}

/// `POST /web/org/{id}/meeting`: a meeting of the branch `id`, held at the time given.
pub async fn record(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
    Form(form): Form<NewMeetingForm>,
) -> Response {
    if let Some(r) = stale_form(&v, &form.csrf) {
        return r;
    }
    if Id::parse(&id).is_err() || !v.reads(&id) {
        return not_found();
    }
    let answer = Answer::to(
        "new-meeting",
        &[("kind", &form.kind), ("held_at", &form.held_at)],
    );
    let org_page = |answer: Answer| super::org::render(&state, &v, &id, answer);
    let Some(kind) = MeetingKind::parse(&form.kind) else {
        let words = DomainError::invalid("kind", Reason::Unknown);
        return org_page(refused(answer, words.into())).await;
    };
    let Some(held_at) = clock::parse(&form.held_at) else {
        let words = DomainError::invalid("held_at", Reason::NotATime);
        return org_page(refused(answer, words.into())).await;
    };
    let made = OrgLifeMeeting::new(id.clone(), kind, held_at).map_err(WebWriteError::from);
    let written = match made {
        Ok(m) => {
            write::create(
                state.storage.as_ref(),
                &v.session.user_id,
                &m,
                Command::OrgLifeRecord,
            )
            .await
        }
        Err(e) => Err(e),
    };
    match written {
        Ok(meeting) => Redirect::to(&format!("/web/meeting/{meeting}")).into_response(),
        Err(e) => org_page(refused(answer, e)).await,
    }
}

/// Changes the meeting `id` by `change`; a refusal is shown on the meeting's page in `answer`.
async fn edit(
    state: &AppState,
    v: &Viewer,
    id: &str,
    answer: Answer,
    command: Command,
    change: impl FnOnce(&mut OrgLifeMeeting, i64) -> Result<(), DomainError>,
) -> Response {
    let page = format!("/web/meeting/{id}");
    match update_record(state, v, id, &page, command, change).await {
        Ok(done) => done,
        Err(e) => super::meeting::render(state, v, id, Some(refused(answer, e))).await,
    }
}

pub async fn add_item(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
    Form(form): Form<ItemForm>,
) -> Response {
    if let Some(r) = stale_form(&v, &form.csrf) {
        return r;
    }
    let answer = Answer::to("new-item", &[("kind", &form.kind), ("text", &form.text)]);
    let kind = ItemKind::parse(&form.kind).unwrap_or(ItemKind::Opinion);
    let text = form.text.trim().to_string();
    edit(
        &state,
        &v,
        &id,
        answer,
        Command::OrgLifeItem,
        move |m, now| m.add_item(Id::new().to_string(), kind, text, now),
    )
    .await
}

pub async fn add_rectification(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
    Form(form): Form<RectificationForm>,
) -> Response {
    if let Some(r) = stale_form(&v, &form.csrf) {
        return r;
    }
    let answer = Answer::to(
        "new-rectification",
        &[
            ("text", &form.text),
            ("owner", &form.owner),
            ("due", &form.due),
        ],
    );
    let due = match form.due.trim() {
        "" => None,
        day => match clock::parse(day) {
            Some(ms) => Some(ms),
            None => {
                let e = DomainError::invalid("due", Reason::NotADate).into();
                return super::meeting::render(&state, &v, &id, Some(refused(answer, e))).await;
            }
        },
    };
    let (text, owner) = (form.text.trim().to_string(), form.owner.trim().to_string());
    edit(
        &state,
        &v,
        &id,
        answer,
        Command::OrgLifeRectification,
        move |m, _| m.add_rectification(Id::new().to_string(), text, owner, due),
    )
    .await
}

pub async fn complete(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
    Form(form): Form<CompleteForm>,
) -> Response {
    if let Some(r) = stale_form(&v, &form.csrf) {
        return r;
    }
    let answer = Answer::to("complete", &[]);
    edit(
        &state,
        &v,
        &id,
        answer,
        Command::OrgLifeComplete,
        move |m, now| m.complete_rectification(&form.item, now),
    )
    .await
}
