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

/// Only a path of this site: never another host (`//host`, `/\host`) a link could smuggle in.
fn local_path(back: Option<String>) -> String {
    match back {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p,
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
    }
}
