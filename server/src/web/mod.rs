//! The supervisors' pages: server-rendered HTML behind a login with the same users, roles and
//! scope as sync. A user sees the organisations they read — a township supervisor exactly their
//! township's subtree — with counts, drill-down, charts, CSV export and conflicts to resolve.

mod chart;
mod export;
mod labels;
pub mod locale;
mod pages;
mod period;
pub mod replica;
pub mod session;
pub mod write;

use std::collections::HashSet;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use steppe_domain::authz::Grant;
use tokio::sync::OnceCell;

use crate::state::AppState;
use crate::storage::Storage;
use crate::tree::{self, Tree};
use replica::Replica;
use session::{Session, Sessions};

/// What the pages keep: the replica store and the signed-in sessions.
pub struct Web {
    /// Where the replica lives (see [`Replica::open`]): the operator may want it (as large as
    /// the league's records) on another disk than the temporary directory, and kept across
    /// restarts.
    replica_place: replica::Place,
    replica: OnceCell<Replica>,
    /// Set once the replica has caught up with storage for the first time (`/readyz`).
    caught_up: std::sync::atomic::AtomicBool,
    pub sessions: Sessions,
}

impl std::fmt::Debug for Web {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Web")
            .field("replica_place", &self.replica_place)
            .finish_non_exhaustive()
    }
}

impl Web {
    /// Pages whose replica lives at `replica_place`, opened on the first page or the warm-up.
    pub fn new(replica_place: replica::Place) -> Self {
        Self {
            replica_place,
            replica: OnceCell::new(),
            caught_up: std::sync::atomic::AtomicBool::new(false),
            sessions: Sessions::default(),
        }
    }

    /// The replica, caught up with everything stored.
    async fn replica(&self, storage: &dyn Storage) -> Result<&Replica, Response> {
        let r = self
            .replica
            .get_or_try_init(|| Replica::open(storage, &self.replica_place))
            .await
            .map_err(unavailable)?;
        if let Err(e) = r.catch_up(storage).await {
            // Not ready while the replica cannot follow the database (a restore under it).
            self.caught_up
                .store(false, std::sync::atomic::Ordering::Release);
            return Err(unavailable(e));
        }
        self.caught_up
            .store(true, std::sync::atomic::Ordering::Release);
        Ok(r)
    }

    /// Whether the pages' replica has caught up with storage once: until then the first page
    /// would wait for it.
    pub fn ready(&self) -> bool {
        self.caught_up.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Opens the replica and catches it up ahead of the first page: on a league that is tens of
    /// seconds of work a supervisor would otherwise wait through. The server runs it in the
    /// background as it starts; a page that comes first waits for the same catch-up.
    pub async fn warm_up(&self, state: &AppState) {
        let started = std::time::Instant::now();
        if self.replica(state.storage.as_ref()).await.is_ok() {
            tracing::info!(
                ms = started.elapsed().as_millis() as u64,
                "the pages' replica is caught up"
            );
        }
    }
}

fn unavailable(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "page data unavailable");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        locale::t("web_unavailable"),
    )
        .into_response()
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, locale::t("web_not_found")).into_response()
}

/// The signed-in user and what they may read.
pub(crate) struct Viewer {
    pub session: Session,
    pub grants: Vec<Grant>,
    pub tree: Tree,
    pub readable: HashSet<String>,
}

impl Viewer {
    pub fn reads(&self, org: &str) -> bool {
        self.readable.contains(org)
    }

    /// Organisations read whose parent is not: where the overview starts.
    pub fn roots(&self) -> Vec<String> {
        let mut roots: Vec<String> = self
            .readable
            .iter()
            .filter(|o| {
                steppe_domain::authz::OrgTree::parent_of(&self.tree, o)
                    .is_none_or(|p| !self.readable.contains(&p))
            })
            .cloned()
            .collect();
        roots.sort();
        roots
    }
}

/// Every page but sign-in takes a `Viewer`: no session (or a revoked user) redirects to
/// sign-in before the handler runs.
impl axum::extract::FromRequestParts<std::sync::Arc<AppState>> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &std::sync::Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        viewer(state, &parts.headers).await
    }
}

/// The session of a request's signed-in, unrevoked user, or the redirect to sign-in (a revoked
/// user's session ends here).
pub(crate) async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<Session, Response> {
    let to_login = || Redirect::to("/web/login").into_response();
    let id = session::cookie(headers.get(header::COOKIE).and_then(|v| v.to_str().ok()))
        .ok_or_else(to_login)?;
    let session = state
        .web
        .sessions
        .get(state.storage.as_ref(), &id)
        .await
        .map_err(unavailable)?
        .ok_or_else(to_login)?;
    let user = state
        .storage
        .user(&session.user_id)
        .await
        .map_err(unavailable)?;
    if user.is_none_or(|u| u.revoked) {
        state
            .web
            .sessions
            .end(state.storage.as_ref(), &id)
            .await
            .map_err(unavailable)?;
        return Err(to_login());
    }
    Ok(session)
}

/// The signed-in reader of a request and what they may read, or the redirect to sign-in.
async fn viewer(state: &AppState, headers: &HeaderMap) -> Result<Viewer, Response> {
    let session = signed_in(state, headers).await?;
    let grants = tree::grants(
        state
            .storage
            .grants(&session.user_id)
            .await
            .map_err(unavailable)?,
    );
    let tree = Tree::load(state.storage.as_ref())
        .await
        .map_err(unavailable)?;
    let readable = tree.scope(&grants).readable.into_iter().collect();
    Ok(Viewer {
        session,
        grants,
        tree,
        readable,
    })
}

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/web", get(pages::overview::page))
        .route(
            "/web/login",
            get(pages::login::form).post(pages::login::sign_in),
        )
        .route("/web/logout", post(pages::login::sign_out))
        .route("/web/org/{id}", get(pages::org::page))
        .route("/web/org/{id}/export/{table}", get(pages::export::table))
        .route("/web/org/{id}/report", get(pages::report::page))
        .route("/web/org/{id}/report/export", get(pages::report::export))
        .route("/web/member/{id}", get(pages::member::page))
        .route("/web/case/{id}", get(pages::case::page))
        .route("/web/request/{id}", get(pages::request::page))
        .route("/web/household/{id}", get(pages::household::page))
        .route("/web/meeting/{id}", get(pages::meeting::page))
        .route("/web/org/{id}/meeting", post(pages::meeting_forms::record))
        .route("/web/org/{id}/evaluation", post(pages::evaluation::open))
        .route("/web/evaluation/{id}", get(pages::evaluation::page))
        .route(
            "/web/evaluation/{id}/self",
            post(pages::evaluation::assess_self),
        )
        .route(
            "/web/evaluation/{id}/mutual",
            post(pages::evaluation::assess_mutually),
        )
        .route(
            "/web/evaluation/{id}/votes",
            post(pages::evaluation::record_votes),
        )
        .route(
            "/web/evaluation/{id}/result",
            post(pages::evaluation::record_result),
        )
        .route(
            "/web/meeting/{id}/item",
            post(pages::meeting_forms::add_item),
        )
        .route(
            "/web/meeting/{id}/rectification",
            post(pages::meeting_forms::add_rectification),
        )
        .route(
            "/web/meeting/{id}/complete",
            post(pages::meeting_forms::complete),
        )
        .route("/web/school/{id}", get(pages::school::page))
        .route("/web/session/{id}", get(pages::session::page))
        .route("/web/session/{id}/mark", post(pages::session::mark))
        .route(
            "/web/school/{id}/course",
            post(pages::school::create_course),
        )
        .route(
            "/web/school/{id}/session",
            post(pages::school::schedule_session),
        )
        .route("/web/conflicts", get(pages::conflicts::page))
        .route("/web/conflicts/resolve", post(pages::conflicts::resolve))
        .route("/web/refusals", get(pages::refusals::page))
        .route("/web/due", get(pages::due::page))
        .route("/web/bundles", get(pages::bundles::page))
        .route("/web/bundles/import", post(pages::bundles::import))
        .route("/web/org/{id}/bundle", get(pages::bundles::download))
        // Without an account: what a village published on its board, and nothing else.
        .route("/public/{id}", get(pages::board::page))
        .route("/web/record/{id}/reviewed", post(pages::review::mark))
        .route("/web/lang/{tag}", get(pages::language::choose))
        .route(
            pages::assets::MONGOLIAN_FONT_URL,
            get(pages::assets::mongolian),
        )
        .layer(axum::middleware::from_fn(locale::choose))
}
