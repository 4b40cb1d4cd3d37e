//! A form's answer when a write is refused: the page the form lives on, shown again with the
//! refusal beside the field it concerns (or at the head of the form when it concerns the whole
//! form: a role, a step out of order) and with what the user typed still in the fields, so
//! nobody retypes a rectification item because its date was wrong.
//!
//! One answer per page: the forms of a page share it, and each form shows only what is about
//! itself (`form` is the form's element id). A refusal no form on the page placed — the form was
//! not offered to this viewer, who sent it anyway — is said at the head of the page
//! (`unplaced`), so no refusal goes unsaid.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::http::StatusCode;
use maud::{Markup, html};
use steppe_domain::DomainError;

use crate::web::locale::{here, t};
use crate::web::write::WebWriteError;

#[derive(Debug)]
pub(super) struct Answer {
    /// The element id of the form answered.
    pub form: &'static str,
    /// The refusals, by field name; `FORM` for the form as a whole.
    errors: HashMap<&'static str, String>,
    /// What the user sent, by field name, to fill the form again.
    values: HashMap<&'static str, String>,
    pub status: StatusCode,
    /// The refusals a form has shown, by field.
    placed: Mutex<Vec<&'static str>>,
}

/// The key of a refusal about the whole form.
const FORM: &str = "";

impl Answer {
    /// An answer to `form` holding what was sent in it (`values`), no refusal yet.
    pub fn to(form: &'static str, values: &[(&'static str, &str)]) -> Self {
        Self {
            form,
            errors: HashMap::new(),
            values: values.iter().map(|(k, v)| (*k, (*v).to_string())).collect(),
            status: StatusCode::BAD_REQUEST,
            placed: Mutex::new(Vec::new()),
        }
    }

    /// The refusal of `field`, if this answers `form`, noted as shown.
    fn place(&self, form: &str, field: &str) -> Option<&str> {
        let (key, words) = self
            .errors
            .get_key_value(field)
            .filter(|_| self.form == form)?;
        if let Ok(mut placed) = self.placed.lock() {
            placed.push(key);
        }
        Some(words)
    }

    /// A refusal of the field `field` (one of the form's own), said in `words`.
    pub fn beside(mut self, field: &'static str, words: String) -> Self {
        self.errors.insert(field, words);
        self
    }

    /// A refusal of the whole form.
    pub fn whole(mut self, words: String) -> Self {
        self.errors.insert(FORM, words);
        self
    }

    /// The write's refusal, placed where it belongs: a field's rule beside that field when the
    /// form has it, anything else at the head of the form. `by_role` says why the user's roles
    /// do not allow it; `step` (if given) says a step out of order as what to do first.
    pub fn refused(
        self,
        e: WebWriteError,
        by_role: &str,
        step: impl FnOnce(&str) -> Option<String>,
    ) -> Self {
        match e {
            WebWriteError::Domain(e @ DomainError::InvalidInput { field, .. }) => {
                let words = steppe_i18n::error_message(here(), &e);
                let status = StatusCode::BAD_REQUEST;
                if self.values.contains_key(field) {
                    Self { status, ..self }.beside(field, words)
                } else {
                    Self { status, ..self }.whole(words)
                }
            }
            WebWriteError::Domain(ref d @ DomainError::InvalidTransition { ref state, .. }) => {
                let words = step(state).unwrap_or_else(|| steppe_i18n::error_message(here(), d));
                Self {
                    status: StatusCode::CONFLICT,
                    ..self
                }
                .whole(words)
            }
            WebWriteError::Domain(ref d @ DomainError::NotFound { .. }) => Self {
                status: StatusCode::BAD_REQUEST,
                ..self
            }
            .whole(steppe_i18n::error_message(here(), d)),
            WebWriteError::Refused(_) => Self {
                status: StatusCode::FORBIDDEN,
                ..self
            }
            .whole(by_role.to_string()),
            e => {
                tracing::warn!(error = %e, "a page write failed");
                self.whole(t("web_save_failed"))
            }
        }
    }
}

/// The refusal of `form` as a whole, at its head (`#form-error`).
pub(super) fn head(a: Option<&Answer>, form: &str) -> Markup {
    html! {
        @if let Some(words) = a.and_then(|a| a.place(form, FORM)) {
            p.error #form-error role="alert" { (words) }
        }
    }
}

/// The refusal of `field` of `form`, beside it (`.field-error`).
pub(super) fn beside(a: Option<&Answer>, form: &str, field: &str) -> Markup {
    html! {
        @if let Some(words) = a.and_then(|a| a.place(form, field)) {
            " " span.error.field-error data-field=(field) role="alert" { (words) }
        }
    }
}

/// The refusals no form placed, for the head of the page; call it after the page's body is made.
pub(super) fn unplaced(a: Option<&Answer>) -> Markup {
    let Some(a) = a else { return html! {} };
    let placed = a.placed.lock().map(|p| p.clone()).unwrap_or_default();
    let mut left: Vec<&String> = a
        .errors
        .iter()
        .filter(|(field, _)| !placed.contains(field))
        .map(|(_, words)| words)
        .collect();
    left.sort();
    html! {
        @if !left.is_empty() {
            p.error #form-error role="alert" { @for (i, words) in left.iter().enumerate() { @if i > 0 { br; } (words) } }
        }
    }
}

/// What the user sent in `field` of `form`, to fill it again; empty for a fresh form.
pub(super) fn sent<'a>(a: Option<&'a Answer>, form: &str, field: &str) -> &'a str {
    a.filter(|a| a.form == form)
        .and_then(|a| a.values.get(field))
        .map_or("", String::as_str)
}
