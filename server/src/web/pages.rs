//! The page handlers and their HTML.

use std::sync::Arc;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use serde::Deserialize;
use steppe_domain::Id;
use steppe_domain::authz::{OrgTree, Role, lineage};

use super::{Viewer, chart, export, labels, not_found, session, unavailable};
use crate::http::AppState;

const STYLE: &str = "body{font-family:sans-serif;margin:0;color:#222}header{background:#a4161a;color:#fff;padding:.6em 1em;display:flex;gap:1.5em;align-items:center}header a{color:#fff}main{padding:1em 1.5em}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}td:first-child,th:first-child{text-align:left}h2{margin-top:1.5em}.chart{display:inline-block;margin:0 2em 1em 0}.muted{color:#777}form.inline{display:inline}";

/// Months shown in charts: the last year.
const YEAR_MS: i64 = 365 * 24 * 3600 * 1000;
const MEMBERS_PER_PAGE: u32 = 100;

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn layout(title: &str, viewer: Option<&Viewer>, body: Markup) -> Html<String> {
    Html(
        html! {
            (DOCTYPE)
            html lang="zh-CN" {
                head {
                    meta charset="utf-8";
                    title { (title) " · 驼乡e站 督导" }
                    style { (PreEscaped(STYLE)) }
                }
                body {
                    header {
                        strong { "驼乡e站 · 督导" }
                        @if let Some(v) = viewer {
                            a href="/web" { "概览" }
                            a href="/web/conflicts" id="nav-conflicts" { "待处理冲突" }
                            span.muted { (v.session.user_name) }
                            form.inline method="post" action="/web/logout" {
                                input type="hidden" name="csrf" value=(v.session.csrf);
                                button type="submit" { "退出" }
                            }
                        }
                    }
                    main { h1 { (title) } (body) }
                }
            }
        }
        .into_string(),
    )
}

fn org_name(v: &Viewer, replica: &steppe_core::Steppe, org: &str) -> String {
    Id::parse(org)
        .ok()
        .and_then(|id| replica.org_subtree(id).ok())
        .and_then(|rows| rows.into_iter().next())
        .map(|r| r.name)
        .unwrap_or_else(|| {
            v.tree
                .kind_of(org)
                .map(|k| k.label().to_string())
                .unwrap_or_default()
        })
}

pub async fn login_form(State(state): State<Arc<AppState>>) -> Response {
    login_page(&state, StatusCode::OK, None)
}

/// The sign-in form, with a fresh token both in a cookie and in a hidden field: a cross-site
/// page can make a browser post the form but can neither read the cookie nor set it to match.
fn login_page(state: &AppState, status: StatusCode, error: Option<&str>) -> Response {
    let secure = state.web.sessions.secure();
    let (token, cookie) = session::login_token(secure);
    let page = layout(
        "登录",
        None,
        html! {
            form method="post" action="/web/login" {
                input type="hidden" name="csrf" value=(token);
                p { label { "用户（姓名或编号）" br; input name="user" id="user" required; } }
                p { label { "密码" br; input name="password" id="password" type="password" required; } }
                button type="submit" id="login" { "登录" }
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

pub async fn login(
    State(state): State<Arc<AppState>>,
    peer: Option<axum::Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let sessions = &state.web.sessions;
    let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok());
    if !session::login_cookie(cookies).is_some_and(|t| session::same_token(&t, &form.csrf)) {
        return login_page(
            &state,
            StatusCode::FORBIDDEN,
            Some("登录页面已过期，请重新输入"),
        );
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
                format!("登录失败次数过多，请约 {} 分钟后再试", secs.div_ceil(60))
            } else {
                format!("登录失败次数过多，请 {secs} 秒后再试")
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
    let Some(right) = sessions.verify(form.password, hash).await else {
        sessions.withdraw(attempt);
        let mut resp = login_page(
            &state,
            StatusCode::SERVICE_UNAVAILABLE,
            Some("登录的人较多，请稍后再试"),
        );
        resp.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(session::HASHING_RETRY_AFTER),
        );
        return resp;
    };
    let Some(user) = user.filter(|_| right) else {
        sessions.failed(attempt);
        return login_page(&state, StatusCode::UNAUTHORIZED, Some("用户或密码不正确"));
    };
    sessions.succeeded(attempt);
    let id = sessions.start(&user.id, &user.name);
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

pub async fn logout(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    let sessions = &state.web.sessions;
    let mut resp = Redirect::to("/web/login").into_response();
    if let Some(id) = session::cookie(headers.get(header::COOKIE).and_then(|v| v.to_str().ok()))
        && sessions
            .get(&id)
            .is_some_and(|s| session::same_token(&s.csrf, &form.csrf))
    {
        sessions.end(&id);
        session::set_cookie(
            &mut resp,
            &format!(
                "{}=; Path=/web; Max-Age=0; HttpOnly; SameSite=Strict",
                session::COOKIE
            ),
        );
    }
    resp
}

pub async fn overview(State(state): State<Arc<AppState>>, v: Viewer) -> Response {
    let replica = match state.web.replica(&state).await {
        Ok(r) => r.store().clone(),
        Err(r) => return r,
    };
    let roots = v.roots();
    let tables = tokio::task::spawn_blocking(move || {
        roots
            .iter()
            .filter_map(|r| Id::parse(r).ok())
            .filter_map(|r| replica.org_overview(r).ok())
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    layout(
        "下辖组织概览",
        Some(&v),
        html! {
            @if tables.is_empty() { p { "您没有可查看的组织。" } }
            @for rows in &tables {
                table.overview {
                    tr { th { "组织" } th { "调解中" } th { "已结案" } th { "党校课程" } th { "签到人次" } th { "未办结诉求" } th { "登记户" } }
                    @for r in rows {
                        tr {
                            td { (PreEscaped("&nbsp;&nbsp;".repeat(r.org.depth as usize))) a href={ "/web/org/" (r.org.id) } { (r.org.name) } " " span.muted { (r.org.kind.label()) } }
                            td { (r.open_cases) } td { (r.closed_cases) } td { (r.sessions) } td { (r.attendances) } td { (r.open_requests) } td { (r.households) }
                        }
                    }
                }
                @if let Some(root) = rows.first() {
                    p { a href={ "/web/org/" (root.org.id) "/export/overview" } { "导出 CSV" } }
                }
            }
        },
    )
    .into_response()
}

#[derive(Debug, Deserialize)]
pub struct PageQuery {
    page: Option<u32>,
}

pub async fn org(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let Ok(org) = Id::parse(&id) else {
        return not_found();
    };
    if !v.reads(&id) {
        return not_found();
    }
    let replica = match state.web.replica(&state).await {
        Ok(r) => r.store().clone(),
        Err(r) => return r,
    };
    let page = q.page.unwrap_or(0);
    let now = now_ms();
    let year = steppe_domain::clock::year_of(now);
    let r = replica.clone();
    let loaded = tokio::task::spawn_blocking(move || {
        let rows = r.org_overview(org)?;
        let stats = r.subtree_stats(org, now - YEAR_MS, now)?;
        let members = r.member_hours(org, year, MEMBERS_PER_PAGE, page * MEMBERS_PER_PAGE)?;
        let conflicts = r.conflicts(None)?;
        Ok::<_, steppe_core::CoreError>((rows, stats, members, conflicts))
    })
    .await;
    let (rows, stats, members, conflicts) = match loaded {
        Ok(Ok(x)) => x,
        Ok(Err(e)) => return unavailable(e),
        Err(e) => return unavailable(e),
    };
    let Some(me) = rows.first().cloned() else {
        return not_found();
    };
    let waiting = conflicts
        .iter()
        .filter(|c| {
            replica
                .record_org(c.doc)
                .ok()
                .flatten()
                .is_some_and(|o| lineage(&v.tree, &o).contains(&id))
        })
        .count();
    let months: Vec<String> = stats
        .cases_by_month
        .iter()
        .map(|m| m.month.clone())
        .collect();
    let attendance_months: Vec<String> = stats
        .attendance_by_month
        .iter()
        .map(|m| m.month.clone())
        .collect();
    layout(
        &me.org.name,
        Some(&v),
        html! {
            p.muted { (me.org.kind.label()) " · 党员 " (stats.members) " 人 · "
                a href="/web/conflicts" { "待处理冲突 " span #conflict-count { (waiting) } } }
            @if rows.len() > 1 {
                h2 { "下级组织" }
                table {
                    tr { th { "组织" } th { "调解中" } th { "已结案" } th { "党校课程" } th { "签到人次" } th { "未办结诉求" } th { "登记户" } }
                    @for r in rows.iter().skip(1) {
                        tr {
                            td { (PreEscaped("&nbsp;&nbsp;".repeat((r.org.depth - 1).max(0) as usize))) a href={ "/web/org/" (r.org.id) } { (r.org.name) } }
                            td { (r.open_cases) } td { (r.closed_cases) } td { (r.sessions) } td { (r.attendances) } td { (r.open_requests) } td { (r.households) }
                        }
                    }
                }
            }
            h2 { "调解案件" }
            (chart::bars("每月调解案件", &months, &[
                ("受理", "#a4161a", stats.cases_by_month.iter().map(|m| m.first).collect()),
                ("结案", "#457b9d", stats.cases_by_month.iter().map(|m| m.second).collect()),
            ]))
            table #cases {
                tr { th { "类别" } th { "状态" } th { "结果" } th { "件数" } }
                @for c in &stats.cases {
                    tr { td { (labels::category(&c.category)) } td { (labels::status(&c.status)) } td { (labels::outcome(c.outcome.as_deref())) } td { (c.count) } }
                }
            }
            p { a href={ "/web/org/" (id) "/export/cases" } { "导出 CSV" } }
            h2 { "基层党校" }
            (chart::bars("每月签到人次与开课次数", &attendance_months, &[
                ("签到人次", "#a4161a", stats.attendance_by_month.iter().map(|m| m.first).collect()),
                ("开课", "#457b9d", stats.attendance_by_month.iter().map(|m| m.second).collect()),
            ]))
            table #schools {
                tr { th { "党校" } th { "近一年开课" } th { "签到人次" } th { "服务党员" } th { "出勤率" } }
                @for s in &stats.schools {
                    tr { td { (s.name) } td { (s.sessions) } td { (s.present) } td { (s.members) } td { (format!("{:.1}%", s.rate * 100.0)) } }
                }
            }
            p { a href={ "/web/org/" (id) "/export/schools" } { "导出 CSV" } }
            h3 { (year) " 年党员学时" }
            table #members {
                tr { th { "党员" } th { "所在组织" } th { "参训次数" } th { "学时" } }
                @for m in &members {
                    tr { td { a href={ "/web/member/" (m.member) } { (m.name) } } td { (m.org_name) } td { (m.sessions) } td { (format!("{:.1}", m.hours)) } }
                }
            }
            p {
                @if page > 0 { a href={ "?page=" (page - 1) } { "上一页" } " " }
                @if members.len() as u32 == MEMBERS_PER_PAGE { a href={ "?page=" (page + 1) } { "下一页" } " " }
                a href={ "/web/org/" (id) "/export/members" } { "导出 CSV" }
            }
            h2 { "民事民办" }
            table #requests {
                tr { th { "环节" } th { "件数" } th { "满意" } th { "不满意" } }
                @for s in &stats.requests {
                    tr { td { (labels::step(&s.step)) } td { (s.count) } td { (s.satisfied) } td { (s.unsatisfied) } }
                }
            }
            p { a href={ "/web/org/" (id) "/export/requests" } { "导出 CSV" } }
            h2 { "重点户走访" }
            table #households {
                tr { th { "标签" } th { "户数" } th { "走访次数" } }
                @for t in &stats.households {
                    tr { td { (labels::tag(&t.tag)) } td { (t.households) } td { (t.visits) } }
                }
            }
            p { a href={ "/web/org/" (id) "/export/households" } { "导出 CSV" } }
            h2 { "组织生活" }
            p #org-life { "整改事项：未完成 " (stats.org_life_open) " 项，已完成 " (stats.org_life_done) " 项" }
        },
    )
    .into_response()
}

pub async fn member(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
) -> Response {
    let Ok(person) = Id::parse(&id) else {
        return not_found();
    };
    let replica = match state.web.replica(&state).await {
        Ok(r) => r.store().clone(),
        Err(r) => return r,
    };
    let year = steppe_domain::clock::year_of(now_ms());
    let r = replica.clone();
    let loaded = tokio::task::spawn_blocking(move || {
        let p: steppe_domain::person::Person = r.get(person)?;
        let archive = r.training_archive(person, year)?;
        Ok::<_, steppe_core::CoreError>((p, archive))
    })
    .await;
    let Ok(Ok((p, archive))) = loaded else {
        return not_found();
    };
    if !v.reads(&p.org) {
        return not_found();
    }
    layout(
        &format!("{} 的学时档案", p.name),
        Some(&v),
        html! {
            p { (org_name(&v, &replica, &p.org)) " · " (year) " 年参训 " (archive.sessions) " 次，" (format!("{:.1}", archive.hours)) " 学时" }
            table #archive {
                tr { th { "专题" } th { "次数" } th { "学时" } }
                @for t in &archive.by_topic {
                    tr { td { (t.topic.label()) } td { (t.sessions) } td { (format!("{:.1}", t.hours)) } }
                }
            }
        },
    )
    .into_response()
}

/// A conflicting value as people read it (candidates are kept as JSON scalars).
fn shown(value: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Null) => "（空）".into(),
        _ => value.to_string(),
    }
}

/// Whether to offer this viewer the buttons that resolve conflicts of a record of `org`:
/// secretaries and administrators on it or above. Only an offer: the change itself is decided by
/// ingest with the viewer's roles, as a phone's would be.
fn may_resolve(v: &Viewer, org: &str) -> bool {
    let chain = lineage(&v.tree, org);
    v.grants
        .iter()
        .any(|g| matches!(g.role, Role::Secretary | Role::Administrator) && chain.contains(&g.org))
}

pub async fn conflicts(State(state): State<Arc<AppState>>, v: Viewer) -> Response {
    let replica = match state.web.replica(&state).await {
        Ok(r) => r.store().clone(),
        Err(r) => return r,
    };
    let r = replica.clone();
    let all = tokio::task::spawn_blocking(move || r.conflicts(None)).await;
    let Ok(Ok(all)) = all else {
        return unavailable("conflicts");
    };
    let mine: Vec<_> = all
        .into_iter()
        .filter_map(|c| {
            let org = replica.record_org(c.doc).ok().flatten()?;
            v.reads(&org).then_some((c, org))
        })
        .collect();
    layout(
        "待处理冲突",
        Some(&v),
        html! {
            @if mine.is_empty() { p #no-conflicts { "没有待处理的冲突。" } }
            @for (c, org) in &mine {
                section.conflict {
                    h3 { (c.kind.as_deref().unwrap_or("记录")) " · " (c.path) }
                    p.muted { (org_name(&v, &replica, org)) }
                    table {
                        tr { th { "取值" } th { "填写人" } th { "设备" } th {} }
                        @for (i, cand) in c.candidates.iter().enumerate() {
                            tr {
                                td.value { (shown(&cand.value)) }
                                td { (cand.user_name.as_deref().unwrap_or("?")) }
                                td { (cand.device_name.as_deref().unwrap_or(&cand.actor)) }
                                td {
                                    @if may_resolve(&v, org) {
                                        form.inline method="post" action="/web/conflicts/resolve" {
                                            input type="hidden" name="csrf" value=(v.session.csrf);
                                            input type="hidden" name="doc" value=(c.doc);
                                            input type="hidden" name="object" value=(c.object);
                                            input type="hidden" name="key" value=(c.key);
                                            input type="hidden" name="choice" value=(i);
                                            button type="submit" class="keep" { "采用此值" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
    .into_response()
}

#[derive(Debug, Deserialize)]
pub struct ResolveForm {
    csrf: String,
    doc: String,
    object: String,
    key: String,
    choice: usize,
}

pub async fn resolve(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Form(form): Form<ResolveForm>,
) -> Response {
    if form.csrf != v.session.csrf {
        return (StatusCode::FORBIDDEN, "表单已过期，请刷新页面").into_response();
    }
    let Ok(doc) = Id::parse(&form.doc) else {
        return not_found();
    };
    let replica = match state.web.replica(&state).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let org = replica.store().record_org(doc).ok().flatten();
    if !org.is_some_and(|o| v.reads(&o)) {
        return not_found();
    }
    match super::write::resolve_conflict(
        state.storage.as_ref(),
        &v.session.user_id,
        doc,
        &form.object,
        &form.key,
        form.choice,
    )
    .await
    {
        Ok(()) => {}
        Err(super::write::WebWriteError::Refused(r)) => {
            tracing::info!(user = %v.session.user_id, doc = %doc, reason = ?r.reason, "a page write was refused");
            return (StatusCode::FORBIDDEN, "您的角色不能处理此冲突").into_response();
        }
        Err(e) => {
            tracing::warn!(error = %e, "resolving a conflict failed");
            return (
                StatusCode::BAD_REQUEST,
                "无法处理该冲突（可能已被他人处理）",
            )
                .into_response();
        }
    }
    tracing::info!(user = %v.session.user_id, doc = %doc, "conflict resolved on a page");
    Redirect::to("/web/conflicts").into_response()
}

/// A CSV table: its header and rows.
type Table = (Vec<&'static str>, Vec<Vec<String>>);

pub async fn export(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path((id, table)): Path<(String, String)>,
) -> Response {
    let Ok(org) = Id::parse(&id) else {
        return not_found();
    };
    if !v.reads(&id) {
        return not_found();
    }
    let replica = match state.web.replica(&state).await {
        Ok(r) => r.store().clone(),
        Err(r) => return r,
    };
    let now = now_ms();
    let year = steppe_domain::clock::year_of(now);
    let table2 = table.clone();
    let made =
        tokio::task::spawn_blocking(move || -> Result<Option<Table>, steppe_core::CoreError> {
            Ok(Some(match table2.as_str() {
                "overview" => (
                    vec![
                        "组织",
                        "类型",
                        "层级",
                        "调解中",
                        "已结案",
                        "党校课程",
                        "签到人次",
                        "未办结诉求",
                        "登记户",
                    ],
                    replica
                        .org_overview(org)?
                        .into_iter()
                        .map(|r| {
                            vec![
                                r.org.name,
                                r.org.kind.label().into(),
                                r.org.depth.to_string(),
                                r.open_cases.to_string(),
                                r.closed_cases.to_string(),
                                r.sessions.to_string(),
                                r.attendances.to_string(),
                                r.open_requests.to_string(),
                                r.households.to_string(),
                            ]
                        })
                        .collect(),
                ),
                "cases" => (
                    vec!["类别", "状态", "结果", "件数"],
                    replica
                        .subtree_stats(org, now - YEAR_MS, now)?
                        .cases
                        .into_iter()
                        .map(|c| {
                            vec![
                                labels::category(&c.category),
                                labels::status(&c.status),
                                labels::outcome(c.outcome.as_deref()),
                                c.count.to_string(),
                            ]
                        })
                        .collect(),
                ),
                "schools" => (
                    vec!["党校", "近一年开课", "签到人次", "服务党员", "出勤率"],
                    replica
                        .subtree_stats(org, now - YEAR_MS, now)?
                        .schools
                        .into_iter()
                        .map(|s| {
                            vec![
                                s.name,
                                s.sessions.to_string(),
                                s.present.to_string(),
                                s.members.to_string(),
                                format!("{:.4}", s.rate),
                            ]
                        })
                        .collect(),
                ),
                "members" => (
                    vec!["党员", "所在组织", "参训次数", "学时"],
                    replica
                        .member_hours(org, year, u32::MAX, 0)?
                        .into_iter()
                        .map(|m| {
                            vec![
                                m.name,
                                m.org_name,
                                m.sessions.to_string(),
                                format!("{:.1}", m.hours),
                            ]
                        })
                        .collect(),
                ),
                "requests" => (
                    vec!["环节", "件数", "满意", "不满意"],
                    replica
                        .subtree_stats(org, now - YEAR_MS, now)?
                        .requests
                        .into_iter()
                        .map(|s| {
                            vec![
                                labels::step(&s.step),
                                s.count.to_string(),
                                s.satisfied.to_string(),
                                s.unsatisfied.to_string(),
                            ]
                        })
                        .collect(),
                ),
                "households" => (
                    vec!["标签", "户数", "走访次数"],
                    replica
                        .subtree_stats(org, now - YEAR_MS, now)?
                        .households
                        .into_iter()
                        .map(|t| {
                            vec![
                                labels::tag(&t.tag),
                                t.households.to_string(),
                                t.visits.to_string(),
                            ]
                        })
                        .collect(),
                ),
                _ => return Ok(None),
            }))
        })
        .await;
    match made {
        Ok(Ok(Some((head, rows)))) => export::csv(&format!("{table}-{id}"), &head, rows),
        Ok(Ok(None)) => not_found(),
        Ok(Err(e)) => unavailable(e),
        Err(e) => unavailable(e),
    }
}
