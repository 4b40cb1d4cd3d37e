//! Which locale a request's pages are written in: the choice made with the language links in the
//! header (the `steppe_lang` cookie: set by the link, and at sign-in from the choice kept with the
//! user's account, `pages/language.rs`), else the browser's `Accept-Language`, else Chinese. Chosen once per request by [`choose`] and read anywhere while the page renders
//! through [`here`], so the page functions do not pass it along every call.

use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use steppe_i18n::{Arg, Catalogue, Locale};

tokio::task_local! {
    static LOCALE: Locale;
    static PATH: String;
}

/// The cookie a language link sets.
pub const COOKIE: &str = "steppe_lang";

/// The locale of the request being answered (Chinese outside one, e.g. in a blocking task).
pub fn here() -> Locale {
    LOCALE.try_with(|l| *l).unwrap_or_default()
}

/// A timestamp's date and time as the reader of this request writes them.
pub fn when(ms: i64) -> String {
    steppe_i18n::dates::date_time(here(), ms)
}

/// The path and query of the request being answered (where a language link returns to).
pub fn path() -> String {
    PATH.try_with(Clone::clone)
        .unwrap_or_else(|_| "/web".into())
}

/// `tokio::task::spawn_blocking`, with the work done in this request's locale: a page's table
/// built on a blocking thread (an export's header and words) speaks the reader's language too.
pub fn spawn_blocking<F, R>(f: F) -> tokio::task::JoinHandle<R>
where
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    let locale = here();
    tokio::task::spawn_blocking(move || LOCALE.sync_scope(locale, f))
}

/// A message of the catalogue in this request's locale.
pub fn t(id: &str) -> String {
    Catalogue::global().text(here(), id)
}

/// A message with arguments in this request's locale.
pub fn tf(id: &str, args: &[(&str, Arg)]) -> String {
    Catalogue::global().format(here(), id, args)
}

/// The language this browser's cookie chose, if any.
pub fn from_cookie(headers: &axum::http::HeaderMap) -> Option<Locale> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .and_then(|(_, v)| Locale::parse(v))
}

/// Middleware: runs the rest of the request with its locale chosen.
pub async fn choose(req: Request, next: Next) -> Response {
    let locale = from_cookie(req.headers()).unwrap_or_else(|| {
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Locale::from_accept_language)
            .unwrap_or_default()
    });
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/web".into());
    LOCALE.scope(locale, PATH.scope(path, next.run(req))).await
}
