//! A member's annual democratic evaluation at a desk: the member's own self-assessment (offered
//! only to the member), the other members' assessments one entry each, the vote's tallies and
//! the grade they give under the branch's rule — each step the signed-in user's own change
//! through ingest, where the server checks who may write which part; and opening the year's
//! evaluation for a member from the unit's page.

use crate::web::locale::{here, t, tf};
use std::sync::Arc;
use steppe_domain::Vocabulary;
use steppe_domain::reason::Reason;
use steppe_domain::reason::Standing;
use steppe_i18n::Label;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use steppe_domain::command::Command;
use steppe_domain::evaluation::{DemocraticEvaluation, Grade};
use steppe_domain::person::Person;
use steppe_domain::{DomainError, Id, clock};

use super::answer::{Answer, beside, head, sent, unplaced};
use super::{
    history_table, keeps_records, layout, now_ms, org_name, readable_record, stale_form,
    update_record,
};
use crate::state::AppState;
use crate::web::write::{self, WebWriteError};
use crate::web::{Viewer, not_found};

pub async fn page(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
) -> Response {
    render(&state, &v, &id, None).await
}

/// The evaluation's page; with `answer`, a refused step's answer in its form.
async fn render(state: &AppState, v: &Viewer, id: &str, answer: Option<Answer>) -> Response {
    let a = answer.as_ref();
    let answered = a.map_or(StatusCode::OK, |a| a.status);
    let (e, history, replica) = match readable_record::<DemocraticEvaluation>(state, v, id).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let member = Id::parse(&e.member)
        .ok()
        .and_then(|m| replica.get::<Person>(m).ok())
        .map(|p| p.name)
        .unwrap_or_default();
    let open = e.result.is_none();
    let writes = keeps_records(v, &e.branch) && open;
    let is_member = v.session.user_id == e.member;
    let tallied = e.tallied_grade();
    let step = |path: &str| format!("/web/evaluation/{id}/{path}");
    let title = tf(
        "web_evaluation_title",
        &[("member", member.as_str().into()), ("year", e.year.into())],
    );
    let body = html! {
        p { a href={ "/web/org/" (e.branch) } { (org_name(v, &replica, &e.branch)) } }
        dl #evaluation {
            dt { (t("web_evaluation_self")) } dd { (e.self_assessment.as_deref().unwrap_or("—")) }
            dt { (t("web_evaluation_mutual")) } dd #mutual-entries {
                @if let Some(old) = &e.mutual_assessment { p { (old) } }
                @for m in &e.mutual {
                    p { (m.text) " —— " (replica.person_name(&m.by).ok().flatten().unwrap_or_else(|| "—".into())) " " (crate::web::locale::when(m.at)) }
                }
                @if !e.has_mutual_assessment() { "—" }
            }
            dt { (t("web_evaluation_rule")) } dd { (tf("web_evaluation_rule_text", &[("percent", e.pass_percent.into())])) }
            dt { (t("web_evaluation_votes")) } dd #votes {
                @for g in Grade::ALL { (g.label_in(here())) " " (tf("web_evaluation_vote_count", &[("votes", e.votes.get(g.code()).copied().unwrap_or(0).into())])) }
            }
            dt { (t("web_col_grade")) } dd #grade { (e.result.map(|g| g.label_in(here())).unwrap_or_else(|| t("web_evaluation_ungraded"))) }
        }
        @if open && is_member {
            (text_step_form(v, a, ("self", step("self")), ["web_evaluation_my_self", "web_evaluation_self", "web_evaluation_record_self"]))
        }
        @if open && !is_member && v.reads(&e.branch) {
            (text_step_form(v, a, ("mutual", step("mutual")), ["web_evaluation_my_mutual", "web_evaluation_mutual", "web_evaluation_record_mutual"]))
        }
        @if writes {
            h2 { (t("web_evaluation_votes")) }
            form #vote method="post" action=(step("votes")) {
                (head(a, "vote"))
                input type="hidden" name="csrf" value=(v.session.csrf);
                @for g in Grade::ALL {
                    @let typed = sent(a, "vote", g.code());
                    label { (g.label_in(here())) " " input type="number" min="0" name=(g.code()) value=(if typed.is_empty() { "0" } else { typed }) style="width:4em"; } " "
                }
                (beside(a, "vote", "votes"))
                button type="submit" { (t("web_evaluation_record_votes")) }
            }
            form #result method="post" action=(step("result")) {
                (head(a, "result"))
                input type="hidden" name="csrf" value=(v.session.csrf);
                (t("web_evaluation_tallied")) strong #tallied { (tallied.map(|g| g.label_in(here())).unwrap_or_else(|| t("web_evaluation_no_votes"))) }
                " " button type="submit" { (t("web_evaluation_confirm")) }
            }
        }
        h2 { (t("web_history")) }
        (history_table(v, &history))
    };
    let page = layout(&title, Some(v), html! { (unplaced(a)) (body) });
    (answered, page).into_response()
}

/// The form of a step that records one text in the user's name: `form` (its id and action) under
/// `words` (the catalogue ids of its heading, placeholder and button).
fn text_step_form(
    v: &Viewer,
    a: Option<&Answer>,
    (form, action): (&'static str, String),
    [heading, placeholder, button]: [&str; 3],
) -> maud::Markup {
    html! {
        h2 { (t(heading)) }
        form id=(form) method="post" action=(action) {
            (head(a, form))
            input type="hidden" name="csrf" value=(v.session.csrf);
            input name="text" placeholder=(t(placeholder)) value=(sent(a, form, "text")) required;
            (beside(a, form, "text"))
            " " button type="submit" { (t(button)) }
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct TextForm {
    csrf: String,
    text: String,
}

#[derive(Debug, Deserialize)]
pub struct ResultForm {
    csrf: String,
}

#[derive(Debug, Deserialize)]
pub struct OpenForm {
    csrf: String,
    member: String,
}

/// The answer to a refused step: the steps' order said as what to do first, a role's limit as
/// who writes which part.
fn refused(answer: Answer, e: WebWriteError) -> Answer {
    answer.refused(e, &t("web_evaluation_not_allowed"), |state| {
        let is = |s: Standing| state == s.message_id();
        Some(t(if is(Standing::AwaitingSelfAssessment) {
            "web_evaluation_self_first"
        } else if is(Standing::AwaitingMutualAssessment) {
            "web_evaluation_mutual_first"
        } else if is(Standing::AwaitingVote) {
            "web_evaluation_votes_first"
        } else {
            "web_evaluation_closed"
        }))
    })
}

async fn step(
    state: &AppState,
    v: &Viewer,
    id: &str,
    answer: Answer,
    command: Command,
    edit: impl FnOnce(&mut DemocraticEvaluation, i64) -> Result<(), DomainError>,
) -> Response {
    let page = format!("/web/evaluation/{id}");
    match update_record(state, v, id, &page, command, edit).await {
        Ok(done) => done,
        Err(e) => render(state, v, id, Some(refused(answer, e))).await,
    }
}

pub async fn assess_self(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
    Form(f): Form<TextForm>,
) -> Response {
    text_step(
        &state,
        &v,
        &id,
        f,
        "self",
        Command::EvaluationSelf,
        |e, text, _, _| e.assess_self(text),
    )
    .await
}

pub async fn assess_mutually(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
    Form(f): Form<TextForm>,
) -> Response {
    text_step(
        &state,
        &v,
        &id,
        f,
        "mutual",
        Command::EvaluationMutual,
        |e, text, by, now| e.assess_mutually(Id::new().to_string(), by, text, now),
    )
    .await
}

/// A step that records a text in the signed-in user's name (the self-assessment, an
/// assessment of another): `record` gets the evaluation, the text, the user and the time.
async fn text_step(
    state: &AppState,
    v: &Viewer,
    id: &str,
    f: TextForm,
    form: &'static str,
    command: Command,
    record: impl FnOnce(&mut DemocraticEvaluation, String, String, i64) -> Result<(), DomainError>,
) -> Response {
    if let Some(r) = stale_form(v, &f.csrf) {
        return r;
    }
    let answer = Answer::to(form, &[("text", &f.text)]);
    let text = f.text.trim().to_string();
    let by = v.session.user_id.clone();
    step(state, v, id, answer, command, move |e, now| {
        record(e, text, by, now)
    })
    .await
}

pub async fn record_votes(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
    Form(f): Form<std::collections::HashMap<String, String>>,
) -> Response {
    if let Some(r) = stale_form(&v, f.get("csrf").map_or("", String::as_str)) {
        return r;
    }
    let typed: Vec<(&'static str, &str)> = Grade::ALL
        .iter()
        .filter_map(|g| f.get(g.code()).map(|n| (g.code(), n.as_str())))
        .chain([("votes", "")])
        .collect();
    let answer = Answer::to("vote", &typed);
    let mut votes = Vec::new();
    for g in Grade::ALL {
        match f.get(g.code()).map(|n| n.trim().parse::<i64>()) {
            Some(Ok(n)) => votes.push((*g, n)),
            Some(Err(_)) => {
                let e = DomainError::invalid("votes", Reason::NotANumber).into();
                return render(&state, &v, &id, Some(refused(answer, e))).await;
            }
            None => {}
        }
    }
    step(
        &state,
        &v,
        &id,
        answer,
        Command::EvaluationVotes,
        move |e, _| e.record_votes(&votes),
    )
    .await
}

pub async fn record_result(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
    Form(f): Form<ResultForm>,
) -> Response {
    if let Some(r) = stale_form(&v, &f.csrf) {
        return r;
    }
    let answer = Answer::to("result", &[]);
    step(
        &state,
        &v,
        &id,
        answer,
        Command::EvaluationResult,
        move |e, _| e.record_result().map(|_| ()),
    )
    .await
}

/// `POST /web/org/{id}/evaluation`: this year's evaluation of a member of the unit `id` — the one
/// already open, or a new one.
pub async fn open(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
    Form(f): Form<OpenForm>,
) -> Response {
    if let Some(r) = stale_form(&v, &f.csrf) {
        return r;
    }
    let (Ok(org), Ok(member)) = (Id::parse(&id), Id::parse(&f.member)) else {
        return not_found();
    };
    if !v.reads(&id) {
        return not_found();
    }
    let year = i64::from(clock::year_of(now_ms()));
    let replica = match state.web.replica(state.storage.as_ref()).await {
        Ok(r) => r.store().clone(),
        Err(r) => return r,
    };
    let existing = replica
        .evaluation_results(org, year)
        .ok()
        .and_then(|rows| rows.into_iter().find(|r| r.member == member))
        .map(|r| r.id);
    if let Some(e) = existing {
        return Redirect::to(&format!("/web/evaluation/{e}")).into_response();
    }
    let made = DemocraticEvaluation::new(id.clone(), member.to_string(), year)
        .map_err(WebWriteError::from);
    let written = match made {
        Ok(e) => {
            write::create_with_id(
                state.storage.as_ref(),
                &v.session.user_id,
                DemocraticEvaluation::id_for(&e.member, year),
                &e,
                Command::EvaluationOpen,
            )
            .await
        }
        Err(e) => Err(e),
    };
    match written {
        Ok(e) => Redirect::to(&format!("/web/evaluation/{e}")).into_response(),
        Err(e) => {
            let answer = refused(Answer::to("open-evaluation", &[]), e);
            super::org::render(&state, &v, &id, answer).await
        }
    }
}
