//! The language links in every page's header: choosing one keeps it in a cookie for this
//! browser and returns to the page the reader was on.

use axum::extract::{Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use steppe_i18n::Locale;

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

pub async fn choose(Path(tag): Path<String>, Query(q): Query<Back>) -> Response {
    let Some(locale) = Locale::parse(&tag) else {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    };
    let cookie = format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
        locale.tag()
    );
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
