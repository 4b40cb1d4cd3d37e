//! Files the pages need beside their HTML: the traditional Mongolian font. Supervisors' browsers
//! (Windows desktops at a township office, phones' browsers) often have no font for the
//! Mongolian script and would draw empty boxes, so the server offers the one its host has —
//! Debian's `fonts-noto-core` (Noto Sans Mongolian, SIL Open Font License) — and the pages' CSS
//! prefers a font the browser already holds.

use std::sync::OnceLock;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Where Debian and its derivatives install Noto Sans Mongolian.
const MONGOLIAN_FONT_PATHS: &[&str] = &[
    "/usr/share/fonts/truetype/noto/NotoSansMongolian-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansMongolian-Regular.ttf",
];

/// The URL the pages' CSS loads the font from.
pub const MONGOLIAN_FONT_URL: &str = "/assets/mongolian.ttf";

fn mongolian_font() -> Option<&'static [u8]> {
    static FONT: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    FONT.get_or_init(|| {
        let found = MONGOLIAN_FONT_PATHS
            .iter()
            .find_map(|p| std::fs::read(p).ok());
        if found.is_none() {
            tracing::warn!(
                "no Mongolian font on this host (install fonts-noto-core): browsers without one \
                 will show Mongolian names as boxes"
            );
        }
        found
    })
    .as_deref()
}

pub async fn mongolian() -> Response {
    match mongolian_font() {
        Some(bytes) => (
            [
                (header::CONTENT_TYPE, "font/ttf"),
                (header::CACHE_CONTROL, "public, max-age=604800"),
            ],
            bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no Mongolian font on this server").into_response(),
    }
}
