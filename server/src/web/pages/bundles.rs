//! Bundle files at a desk (ADR 0011): the township's secretary or supervisor imports the files
//! phones in the pastures wrote — carried in on a phone or a memory stick — and downloads the
//! server's file of a unit's records to carry out to phones that cannot sync. An imported file
//! is decided as its author device's own sync (`bundles::import`): who uploads it decides
//! nothing, so any desk user may; only what the author's roles allow is stored.

use std::sync::Arc;

use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;
use steppe_domain::authz::Role;

use super::answer::{Answer, beside, head, unplaced};
use super::{keeps_records, layout};
use crate::bundles::{self, ExportError, ImportError, Imported};
use crate::state::AppState;
use crate::web::locale::{t, tf};
use crate::web::{Viewer, not_found, unavailable};

/// Whether the viewer works at a desk anywhere: a secretary, supervisor or administrator.
fn at_a_desk(v: &Viewer) -> bool {
    v.grants.iter().any(|g| {
        matches!(
            g.role,
            Role::Secretary | Role::Supervisor | Role::Administrator
        )
    })
}

pub async fn page(v: Viewer) -> Response {
    if !at_a_desk(&v) {
        return not_found();
    }
    render(&v, None, None)
}

fn render(v: &Viewer, answer: Option<Answer>, done: Option<(Imported, String)>) -> Response {
    let a = answer.as_ref();
    let status = a.map_or(StatusCode::OK, |a| a.status);
    let body = html! {
        p.muted { (t("web_bundles_intro")) }
        @if let Some((done, name)) = &done {
            p #imported role="status" {
                (tf("web_bundle_imported", &[
                    ("who", name.as_str().into()),
                    ("applied", done.applied.into()),
                    ("already", done.already.into()),
                    ("refused", done.rejected.into()),
                ]))
            }
        }
        h2 { (t("web_bundle_import")) }
        form #import-bundle method="post" action="/web/bundles/import" enctype="multipart/form-data" {
            (head(a, "import-bundle"))
            input type="hidden" name="csrf" value=(v.session.csrf);
            label { (t("web_bundle_file")) " " input type="file" name="file" required; }
            (beside(a, "import-bundle", "file"))
            " " button type="submit" { (t("web_bundle_import_button")) }
        }
        p.muted { (t("web_bundle_export_hint")) }
    };
    let page = layout(
        &t("web_bundles_title"),
        Some(v),
        html! { (unplaced(a)) (body) },
    );
    (status, page).into_response()
}

/// `POST /web/bundles/import`: one file, with the form's token first.
pub async fn import(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    mut form: Multipart,
) -> Response {
    if !at_a_desk(&v) {
        return not_found();
    }
    let answer = Answer::to("import-bundle", &[("file", "")]);
    let (mut csrf, mut file) = (None, None);
    loop {
        match form.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("csrf") => csrf = field.text().await.ok(),
                Some("file") => file = field.bytes().await.ok(),
                _ => {}
            },
            Ok(None) => break,
            // Cut short, or larger than a request may be.
            Err(_) => {
                let answer = answer.beside("file", t("web_bundle_unreadable"));
                return render(&v, Some(answer), None);
            }
        }
    }
    if let Some(r) = super::stale_form(&v, csrf.as_deref().unwrap_or("")) {
        return r;
    }
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        return render(
            &v,
            Some(answer.beside("file", t("web_bundle_choose"))),
            None,
        );
    };
    match bundles::import(state.storage.as_ref(), &bytes, crate::clock::now_ms()).await {
        Ok(done) => {
            tracing::info!(by = %v.session.user_id, device = %done.device_id, "bundle imported at a desk");
            let name = match state.storage.user(&done.user_id).await {
                Ok(Some(u)) => u.name,
                _ => done.user_id.clone(),
            };
            render(&v, None, Some((done, name)))
        }
        Err(e) => {
            tracing::warn!(by = %v.session.user_id, error = %e, "bundle refused at a desk");
            let words = match e {
                ImportError::Bundle(steppe_protocol::bundle::BundleError::NotABundle) => {
                    "web_bundle_not_a_bundle"
                }
                ImportError::Bundle(_) | ImportError::MalformedChange => "web_bundle_tampered",
                ImportError::NotADeviceBundle => "web_bundle_is_the_servers",
                ImportError::UnknownDevice | ImportError::NoKey => "web_bundle_unknown_device",
                ImportError::Revoked => "web_bundle_revoked",
                ImportError::Storage(_) => "web_save_failed",
            };
            render(&v, Some(answer.beside("file", t(words))), None)
        }
    }
}

/// `GET /web/org/{id}/bundle`: the server's signed file of what the unit's members read, for a
/// secretary or administrator of the unit or above it to carry to phones without signal.
pub async fn download(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
) -> Response {
    if !v.reads(&id) || !keeps_records(&v, &id) {
        return not_found();
    }
    let key = match state.server_key.get(state.storage.as_ref()).await {
        Ok(k) => k,
        Err(e) => return unavailable(e),
    };
    match bundles::export_for_members(state.storage.as_ref(), &key, &id, crate::clock::now_ms())
        .await
    {
        Ok((bytes, _)) => (
            [
                (header::CONTENT_TYPE, "application/octet-stream".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"steppe-{id}.bundle\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(ExportError::UnknownOrg) => not_found(),
        Err(e) => unavailable(e),
    }
}
