//! Signing in and out.

use std::sync::Arc;

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;

use super::layout;
use crate::auth::AuthError;
use crate::auth::password::HASHING_RETRY_AFTER;
use crate::state::AppState;
use crate::web::locale::{t, tf};
use crate::web::{session, unavailable};

pub async fn form(State(state): State<Arc<AppState>>) -> Response {
    login_page(&state, StatusCode::OK, None)
}

/// The sign-in form, with a fresh token both in a cookie and in a hidden field: a cross-site
/// page can make a browser post the form but can neither read the cookie nor set it to match.
fn login_page(state: &AppState, status: StatusCode, error: Option<&str>) -> Response {
    let secure = state.web.sessions.secure();
    let (token, cookie) = session::login_token(secure);
    let page = layout(
        &t("web_sign_in"),
        None,
        html! {
            form method="post" action="/web/login" {
                input type="hidden" name="csrf" value=(token);
                p { label { (t("web_login_user")) br; input name="user" id="user" required; } }
                p { label { (t("web_login_password")) br; input name="password" id="password" type="password" required; } }
                button type="submit" id="login" { (t("web_sign_in")) }
            }
            @if let Some(e) = error { p.error { (e) } }
        },
    );
    let mut resp = (status, page).into_response();
    session::set_cookie(&mut resp, &cookie);
    resp
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    user: String,
    password: String,
    /// Defaulted so that a post without it is refused as forged (403), not as malformed.
    #[serde(default)]
    csrf: String,
}

pub async fn sign_in(
    State(state): State<Arc<AppState>>,
    peer: Option<axum::Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let sessions = &state.web.sessions;
    let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok());
    if !session::login_cookie(cookies).is_some_and(|t| session::same_token(&t, &form.csrf)) {
        return login_page(&state, StatusCode::FORBIDDEN, Some(&t("web_login_stale")));
    }
    let storage = state.storage.as_ref();
    let typed = form.user.trim();
    let candidates = match storage.find_users(typed).await {
        Ok(c) => c,
        Err(e) => return unavailable(e),
    };
    // One user only: a name two people share must be typed as the user's id.
    let user = match candidates.as_slice() {
        [u] if !u.revoked => Some(u),
        _ => None,
    };
    // Counted by user, not by what was typed: the name and the id are two ways to one account.
    let account = user.map_or(typed, |u| u.id.as_str());
    let attempt = match sessions.attempt(account, peer.map(|p| p.0.0.ip())) {
        Ok(a) => a,
        Err(wait) => {
            let secs = wait.as_secs_f64().ceil() as u64;
            let message = if secs >= 60 {
                tf(
                    "web_login_wait_minutes",
                    &[("minutes", secs.div_ceil(60).into())],
                )
            } else {
                tf("web_login_wait_seconds", &[("seconds", secs.into())])
            };
            let mut resp = login_page(&state, StatusCode::TOO_MANY_REQUESTS, Some(&message));
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
            return resp;
        }
    };
    let hash = match user {
        Some(u) => match storage.password(&u.id).await {
            Ok(h) => h,
            Err(e) => {
                sessions.withdraw(attempt);
                return unavailable(e);
            }
        },
        None => None,
    };
    let right = match state.passwords.verify(form.password, hash).await {
        Ok(right) => right,
        Err(AuthError::Busy) => {
            sessions.withdraw(attempt);
            let mut resp = login_page(
                &state,
                StatusCode::SERVICE_UNAVAILABLE,
                Some(&t("web_login_busy")),
            );
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(HASHING_RETRY_AFTER));
            return resp;
        }
        Err(e) => {
            sessions.withdraw(attempt);
            return unavailable(e);
        }
    };
    let Some(user) = user.filter(|_| right) else {
        sessions.failed(attempt);
        return login_page(
            &state,
            StatusCode::UNAUTHORIZED,
            Some(&t("web_login_wrong")),
        );
    };
    sessions.succeeded(attempt);
    let id = match sessions
        .start(state.storage.as_ref(), &user.id, &user.name)
        .await
    {
        Ok(id) => id,
        Err(e) => return unavailable(e),
    };
    let secure = sessions.secure();
    let mut resp = Redirect::to("/web").into_response();
    session::set_cookie(
        &mut resp,
        &format!(
            "{}={id}; Path=/web; HttpOnly; SameSite=Strict{}",
            session::COOKIE,
            if secure { "; Secure" } else { "" }
        ),
    );
    let browser = crate::web::locale::from_cookie(&headers);
    if let Some(lang) = super::language::at_sign_in(state.storage.as_ref(), &user.id, browser).await
    {
        session::set_cookie(&mut resp, &lang);
    }
    // The form's token has served: a second post of it needs a fresh form.
    session::set_cookie(
        &mut resp,
        &format!(
            "{}=; Path=/web/login; Max-Age=0; HttpOnly; SameSite=Strict",
            session::LOGIN_COOKIE
        ),
    );
    resp
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn sign_out(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Result<Response, Response> {
    let sessions = &state.web.sessions;
    let mut resp = Redirect::to("/web/login").into_response();
    if let Some(id) = session::cookie(headers.get(header::COOKIE).and_then(|v| v.to_str().ok()))
        && sessions
            .get(state.storage.as_ref(), &id)
            .await
            .map_err(unavailable)?
            .is_some_and(|s| session::same_token(&s.csrf, &form.csrf))
    {
        sessions
            .end(state.storage.as_ref(), &id)
            .await
            .map_err(unavailable)?;
        session::set_cookie(
            &mut resp,
            &format!(
                "{}=; Path=/web; Max-Age=0; HttpOnly; SameSite=Strict",
                session::COOKIE
            ),
        );
        session::set_cookie(&mut resp, &super::language::forgotten());
    }
    Ok(resp)
}
