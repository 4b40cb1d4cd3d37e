//! The language links in every page's header: choosing one keeps it in a cookie for this
//! browser and, for a signed-in user, with their account, then returns to the page the reader
//! was on. Signing in sets the browser's cookie from the account (an account with no choice yet
//! keeps the browser's), and signing out clears it, so the pages follow the user's choice, then
//! the browser's `Accept-Language` (ADR 0010). A choice made in one browser reaches a session
//! already open in another at its next sign-in.
//!
//! The choice is a preference, not a record: it needs no form token. A link another site opens
//! in the reader's window can change it, as it could change the cookie alone; nothing else.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use steppe_i18n::Locale;

use crate::state::AppState;
use crate::storage::Storage;
use crate::web::locale::COOKIE;

#[derive(Deserialize)]
pub struct Back {
    back: Option<String>,
}

/// Only a page of this site: a path under `/web` or `/public/`, with nothing a browser would
/// strip or reinterpret on the way (`\`, whitespace, control characters) to reach another
/// host (`//host`, `/\t/host`).
fn local_path(back: Option<String>) -> String {
    match back {
        Some(p)
            if (p == "/web"
                || p.starts_with("/web/")
                || p.starts_with("/web?")
                || p.starts_with("/public/"))
                && !p
                    .chars()
                    .any(|c| c == '\\' || c.is_whitespace() || c.is_control()) =>
        {
            p
        }
        _ => "/web".into(),
    }
}

/// The cookie that makes the pages speak `locale` in this browser.
fn cookie(locale: Locale) -> String {
    format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
        locale.tag()
    )
}

/// At sign-in: the cookie for the language `user` chose, kept with their account, so a new
/// browser speaks it from the first page. An account with no choice yet takes the one this
/// browser made (`browser`, from its cookie: a link on the sign-in page) and needs no cookie.
pub async fn at_sign_in(
    storage: &dyn Storage,
    user: &str,
    browser: Option<Locale>,
) -> Option<String> {
    let kept = match storage.user_lang(user).await {
        Ok(lang) => lang.as_deref().and_then(Locale::parse),
        Err(e) => {
            // The pages still open, in the browser's language.
            tracing::warn!(error = %e, "the user's language could not be read");
            return None;
        }
    };
    match (kept, browser) {
        (Some(kept), _) => Some(cookie(kept)),
        (None, Some(chosen)) => {
            if let Err(e) = storage.set_user_lang(user, chosen.tag()).await {
                tracing::warn!(error = %e, "the user's language could not be kept");
            }
            None
        }
        (None, None) => None,
    }
}

/// At sign-out: the browser's choice goes with the user, so the next person to sign in on a
/// shared computer does not inherit it.
pub fn forgotten() -> String {
    format!("{COOKIE}=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly")
}

pub async fn choose(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(tag): Path<String>,
    Query(q): Query<Back>,
) -> Response {
    let Some(locale) = Locale::parse(&tag) else {
        return crate::web::not_found();
    };
    // Only whose session it is matters here, not what they may read.
    if let Ok(session) = crate::web::signed_in(&state, &headers).await {
        let user = &session.user_id;
        if let Err(e) = state.storage.set_user_lang(user, locale.tag()).await {
            // This browser's cookie still carries the choice.
            tracing::warn!(error = %e, "the user's language could not be kept");
        }
    }
    let cookie = cookie(locale);
    (
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, cookie),
            (header::LOCATION, local_path(q.back)),
        ],
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_sites_paths_are_returned_to() {
        assert_eq!(local_path(Some("/web/org/1".into())), "/web/org/1");
        assert_eq!(local_path(Some("//evil.example".into())), "/web");
        assert_eq!(local_path(Some("/\\evil.example".into())), "/web");
        assert_eq!(local_path(Some("https://evil.example".into())), "/web");
        assert_eq!(local_path(None), "/web");
        assert_eq!(local_path(Some("/\t/evil.example".into())), "/web");
        assert_eq!(local_path(Some("/web/\r\nSet-Cookie: x".into())), "/web");
        assert_eq!(local_path(Some("/elsewhere".into())), "/web");
        assert_eq!(local_path(Some("/public/1".into())), "/public/1");
    }
}
