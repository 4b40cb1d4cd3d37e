//! A branch secretary's organisational life at a desk: a meeting recorded, its opinions and
//! problems, rectification items with owner and due date, an item completed. Each is the
//! signed-in user's own change through ingest; a refusal comes back in Chinese.

use std::sync::Arc;
use steppe_domain::reason::Reason;

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steppe_domain::command::Command;
use steppe_domain::org_life::{ItemKind, MeetingKind, OrgLifeMeeting};
use steppe_domain::{DomainError, Id, clock};

use super::{refusal_page, refusal_words, stale_form, update_record};
use crate::state::AppState;
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

fn refused(v: &Viewer, back: &str, e: WebWriteError) -> Response {
    refusal_page(
        v,
        back,
        refusal_words(e, "您的角色不能记录本支部的组织生活"),
    )
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
    let Some(kind) = MeetingKind::parse(&form.kind) else {
        return refused(
            &v,
            &format!("/web/org/{id}"),
            DomainError::invalid("kind", Reason::Unknown).into(),
        );
    };
    let Some(held_at) = clock::parse(&form.held_at) else {
        return refused(
            &v,
            &format!("/web/org/{id}"),
            DomainError::invalid("held_at", Reason::NotATime).into(),
        );
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
        Err(e) => refused(&v, &format!("/web/org/{id}"), e),
    }
}

async fn edit(
    state: &AppState,
    v: &Viewer,
    id: &str,
    command: Command,
    change: impl FnOnce(&mut OrgLifeMeeting, i64) -> Result<(), DomainError>,
) -> Response {
    let page = format!("/web/meeting/{id}");
    update_record(state, v, id, &page, command, change, refused).await
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
    let kind = ItemKind::parse(&form.kind).unwrap_or(ItemKind::Opinion);
    let text = form.text.trim().to_string();
    edit(&state, &v, &id, Command::OrgLifeItem, move |m, now| {
        m.add_item(Id::new().to_string(), kind, text, now)
    })
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
    let due = match form.due.trim() {
        "" => None,
        day => match clock::parse(day) {
            Some(ms) => Some(ms),
            None => {
                return refused(
                    &v,
                    &format!("/web/meeting/{id}"),
                    DomainError::invalid("due", Reason::NotADate).into(),
                );
            }
        },
    };
    let (text, owner) = (form.text.trim().to_string(), form.owner.trim().to_string());
    edit(
        &state,
        &v,
        &id,
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
    edit(&state, &v, &id, Command::OrgLifeComplete, move |m, now| {
        m.complete_rectification(&form.item, now)
    })
    .await
}
