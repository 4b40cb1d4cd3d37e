//! An organisation's page: its units, cases, Party school, members' hours, requests, households
//! and organisational life, each table also as CSV.

use crate::web::locale::{here, t};
use std::sync::Arc;
use steppe_i18n::Label;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::{PreEscaped, html};
use serde::Deserialize;
use steppe_core::{CoreError, Steppe};
use steppe_domain::Id;
use steppe_domain::authz::lineage;
use steppe_domain::household::HouseholdTag;
use steppe_domain::mediation::CaseCategory;
use steppe_domain::org_life::MeetingKind;
use steppe_domain::request::RequestStep;

use super::answer::{Answer, beside, head, sent, unplaced};
use super::own_lists::{ListFilters, Raw, columns, export_links};
use super::{Table, YEAR_MS, exports, keeps_records, layout_named, now_ms, readable_org, words};
use crate::state::AppState;
use crate::web::{Viewer, chart, labels, not_found, unavailable};

const MEMBERS_PER_PAGE: u32 = 100;
/// Rows per page of a unit's own records (cases, requests, households).
const PER_PAGE: u32 = 50;

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    /// The page of the members' hours.
    page: Option<u32>,
    /// The page of the branch's own cases, and which of them (`open`, `closed`, all).
    cases: Option<u32>,
    status: Option<String>,
    /// …of a category, and opened in a period (`month`, `quarter`, `year`, `custom` with
    /// `from`/`to`); none: every category, all time.
    category: Option<String>,
    period: Option<String>,
    from: Option<String>,
    to: Option<String>,
    /// The page of the community's own residents' requests, and at which step.
    requests: Option<u32>,
    step: Option<String>,
    /// The page of the grid's own households, and with which tag.
    households: Option<u32>,
    tag: Option<String>,
}

impl PageQuery {
    /// The filters of the unit's own lists this query names.
    pub(super) fn lists(&self, now: i64) -> ListFilters {
        ListFilters::resolve(
            Raw {
                status: self.status.as_deref(),
                category: self.category.as_deref(),
                period: self.period.as_deref(),
                from: self.from.as_deref(),
                to: self.to.as_deref(),
                step: self.step.as_deref(),
                tag: self.tag.as_deref(),
            },
            now,
        )
    }
}

pub async fn page(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    show(&state, &v, &id, &q, None).await
}

/// The unit's page again with a refused form's `answer` in it (its first pages, no filters).
pub(super) async fn render(state: &AppState, v: &Viewer, id: &str, answer: Answer) -> Response {
    show(state, v, id, &PageQuery::default(), Some(answer)).await
}

async fn show(
    state: &AppState,
    v: &Viewer,
    id: &str,
    q: &PageQuery,
    answer: Option<Answer>,
) -> Response {
    let id = id.to_string();
    let a = answer.as_ref();
    let answered = a.map_or(axum::http::StatusCode::OK, |a| a.status);
    let (org, replica) = match readable_org(state, v, &id).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let page = q.page.unwrap_or(0);
    let cases_page = q.cases.unwrap_or(0);
    let lists = q.lists(now_ms());
    let (status, category, period) = (
        lists.cases.status,
        lists.cases.category,
        lists.period.clone(),
    );
    let filter = lists.cases;
    // The filters, as the status links, the pager and the export links carry them on.
    let kept = lists.kept();
    let every = lists.query();
    let requests_page = q.requests.unwrap_or(0);
    let households_page = q.households.unwrap_or(0);
    let (step, tag) = (lists.step, lists.tag);
    let now = now_ms();
    let year = steppe_domain::clock::year_of(now);
    let r = replica.clone();
    let loaded = crate::web::locale::spawn_blocking(move || {
        let rows = r.org_overview(org)?;
        let stats = r.subtree_stats(org, now - YEAR_MS, now)?;
        let members = r.member_hours(org, year, MEMBERS_PER_PAGE, page * MEMBERS_PER_PAGE)?;
        let conflicts = r.conflicts(None)?;
        let own_cases = r.cases_where(org, &filter, PER_PAGE, cases_page * PER_PAGE)?;
        let own = OwnRecords {
            requests: r.requests(org, step, PER_PAGE, requests_page * PER_PAGE)?,
            households: r.households(org, tag, PER_PAGE, households_page * PER_PAGE)?,
            meetings: r.org_life_meetings(org)?,
            // In the order of their names as people read them (pinyin), not of code points.
            people: {
                let mut people = r.people_of(org)?;
                steppe_i18n::sort_by_name(&mut people, |p| &p.name);
                people
            },
            evaluations: r.evaluation_results(org, i64::from(year))?,
        };
        Ok::<_, CoreError>((rows, stats, members, conflicts, own_cases, own))
    })
    .await;
    let (rows, stats, members, conflicts, own_cases, own) = match loaded {
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
    let body = html! {
        p { a #report-link href={ "/web/org/" (id) "/report" } { "工作统计（按期间）" } }
        @if keeps_records(v, &id) {
            p { a #bundle-link href={ "/web/org/" (id) "/bundle" } { (t("web_bundle_download")) } }
        }
        @if me.org.kind == steppe_domain::org::OrgKind::PartySchool {
            p { a #school-link href={ "/web/school/" (id) } { "课程与排课" } }
        }
        p.muted { (words(me.org.kind.label_in(here()))) " · 党员 " (stats.members) " 人 · 非党员学员 " (stats.trainees) " 人 · "
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
        (chart::bars("每月调解案件", chart::Axes { across: &t("web_axis_month"), unit: &t("web_unit_cases") }, &months, &[
            ("受理", "#a4161a", stats.cases_by_month.iter().map(|m| m.first).collect()),
            ("结案", "#457b9d", stats.cases_by_month.iter().map(|m| m.second).collect()),
        ]))
        table #cases {
            tr { th { "类别" } th { "状态" } th { "结果" } th { "件数" } }
            @for c in &stats.cases {
                tr { td { (labels::category(&c.category)) } td { (labels::status(&c.status)) } td { (labels::outcome(c.outcome.as_deref())) } td { (c.count) } }
            }
        }
        (exports(&id, "cases"))
        @if !own_cases.is_empty() || cases_page > 0 || status.is_some() || category.is_some() || period.is_some() {
            h3 { "本支部案件" }
            p #case-filter {
                @for (code, label) in [("", "全部"), ("open", "调解中"), ("closed", "已结案")] {
                    @if status.map_or("", |s| s.code()) == code { strong { (label) } }
                    @else { a href={ "?status=" (code) "&" (kept) } { (label) } }
                    " "
                }
            }
            form #case-filter-form method="get" {
                input type="hidden" name="status" value=(status.map_or("", |s| s.code()));
                label { (t("web_filter_category")) " " select name="category" {
                    option value="" { (t("web_filter_all_categories")) }
                    @for c in CaseCategory::ALL {
                        option value=(c.code()) selected[category == Some(*c)] { (c.label_in(here())) }
                    }
                } } " "
                label { (t("web_filter_opened")) " " select name="period" {
                    @for value in ["", "month", "quarter", "year", "custom"] {
                        option value=(value) selected[q.period.as_deref().unwrap_or("") == value] {
                            (t(&format!("web_period_{}", if value.is_empty() { "all" } else { value })))
                        }
                    }
                } } " "
                label { (t("web_filter_from")) " " input type="date" name="from" value=(q.from.as_deref().unwrap_or("")); } " "
                label { (t("web_filter_to")) " " input type="date" name="to" value=(q.to.as_deref().unwrap_or("")); } " "
                button type="submit" { (t("web_filter_apply")) }
                @if let Some(p) = &period { " " span.muted #case-period { (p.label) } }
            }
            table #case-list {
                tr { @for h in columns("own-cases") { th { (h) } } }
                @for c in &own_cases {
                    tr {
                        td { a href={ "/web/case/" (c.id) } { (steppe_domain::clock::display(c.opened_at)) } }
                        td { (c.category.label_in(here())) } td { (c.place) } td { (c.status.label_in(here())) }
                        td { (c.outcome.map(|o| o.label_in(here())).unwrap_or_else(|| "—".into())) } td { (c.entries) }
                    }
                }
            }
            (pager(&format!("status={}&{kept}&cases", status.map_or("", |s| s.code())), cases_page, own_cases.len()))
            (export_links(&id, "own-cases", &every))
        }
        h2 { "基层党校" }
        (chart::bars("每月签到人次与开课次数", chart::Axes { across: &t("web_axis_month"), unit: &t("web_unit_times") }, &attendance_months, &[
            ("签到人次", "#a4161a", stats.attendance_by_month.iter().map(|m| m.first).collect()),
            ("开课", "#457b9d", stats.attendance_by_month.iter().map(|m| m.second).collect()),
        ]))
        table #schools {
            tr { th { "党校" } th { "近一年开课" } th { "签到人次" } th { "服务学员（含党员）" } th { "出勤率" } }
            @for s in &stats.schools {
                tr { td { (s.name) } td { (s.sessions) } td { (s.present) } td { (s.members) } td { (format!("{:.1}%", s.rate * 100.0)) } }
            }
        }
        (exports(&id, "schools"))
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
            a href={ "/web/org/" (id) "/export/members" } { "导出 CSV" } " · "
            a href={ "/web/org/" (id) "/export/members.xlsx" } { "导出 Excel" }
        }
        h2 { "民事民办" }
        table #requests {
            tr { th { "环节" } th { "件数" } th { "满意" } th { "不满意" } }
            @for s in &stats.requests {
                tr { td { (labels::step(&s.step)) } td { (s.count) } td { (s.satisfied) } td { (s.unsatisfied) } }
            }
        }
        (exports(&id, "requests"))
        h2 { "重点户走访" }
        table #households {
            tr { th { "标签" } th { "户数" } th { "走访次数" } }
            @for t in &stats.households {
                tr { td { (labels::tag(&t.tag)) } td { (t.households) } td { (t.visits) } }
            }
        }
        (exports(&id, "households"))
        h2 { "组织生活" }
        p #org-life { "整改事项：未完成 " (stats.org_life_open) " 项，已完成 " (stats.org_life_done) " 项" }
        @if keeps_records(v, &id) {
            form #new-meeting method="post" action={ "/web/org/" (id) "/meeting" } {
                (head(a, "new-meeting"))
                input type="hidden" name="csrf" value=(v.session.csrf);
                select name="kind" { @for k in MeetingKind::ALL { option value=(k.code()) selected[sent(a, "new-meeting", "kind") == k.code()] { (k.label_in(here())) } } }
                (beside(a, "new-meeting", "kind"))
                " " label { "召开时间 " input type="datetime-local" name="held_at" value=(sent(a, "new-meeting", "held_at")) required; }
                (beside(a, "new-meeting", "held_at"))
                " " button type="submit" { "记录会议" }
            }
        }
        @if !own.meetings.is_empty() {
            table #meeting-list {
                tr { th { "召开时间" } th { "类型" } th { "未完成整改" } th { "已完成整改" } }
                @for m in &own.meetings {
                    tr {
                        td { a href={ "/web/meeting/" (m.id) } { (steppe_domain::clock::display(m.held_at)) } }
                        td { (m.kind.label_in(here())) } td { (m.open_items) } td { (m.done_items) }
                    }
                }
            }
        }
        @if !own.evaluations.is_empty() || (keeps_records(v, &id) && !own.people.is_empty()) {
            h3 { (year) " 年民主评议" }
            (head(a, "open-evaluation"))
            table #evaluation-list {
                tr { th { "党员" } th { "评定等次" } }
                @for p in &own.people {
                    @let e = own.evaluations.iter().find(|e| e.member == p.id);
                    tr {
                        td { (p.name) }
                        td {
                            @if let Some(e) = e {
                                a href={ "/web/evaluation/" (e.id) } { (e.result.map(|g| g.label_in(here())).unwrap_or_else(|| "评议中".into())) }
                            } @else if keeps_records(v, &id) {
                                form.inline method="post" action={ "/web/org/" (id) "/evaluation" } {
                                    input type="hidden" name="csrf" value=(v.session.csrf);
                                    input type="hidden" name="member" value=(p.id);
                                    button type="submit" class="open-evaluation" { "开始评议" }
                                }
                            } @else { "—" }
                        }
                    }
                }
            }
        }
        @if !own.requests.is_empty() || requests_page > 0 || step.is_some() {
            h3 { "本社区诉求" }
            p #request-filter {
                (choices("step", step.map(|s| s.code()), RequestStep::ALL.iter().map(|s| (s.code(), s.label_in(here())))))
            }
            table #request-list {
                tr { @for h in columns("own-requests") { th { (h) } } }
                @for q in &own.requests {
                    tr {
                        td { a href={ "/web/request/" (q.id) } { (steppe_domain::clock::display(q.raised_at)) } }
                        td { (q.title) } td { (q.step.label_in(here())) } td { (q.rounds) }
                    }
                }
            }
            (pager(&format!("step={}&requests", step.map_or("", |s| s.code())), requests_page, own.requests.len()))
            (export_links(&id, "own-requests", &every))
        }
        @if !own.households.is_empty() || households_page > 0 || tag.is_some() {
            h3 { "本网格住户" }
            p #household-filter {
                (choices("tag", tag.map(|t| t.code()), HouseholdTag::ALL.iter().map(|t| (t.code(), t.label_in(here())))))
            }
            table #household-list {
                tr { @for h in columns("own-households") { th { (h) } } }
                @for h in &own.households {
                    tr {
                        td { a href={ "/web/household/" (h.id) } { (h.address) } }
                        td { (h.head) } td { (h.visits) }
                        td { (h.last_visit.map(steppe_domain::clock::display).unwrap_or_default()) }
                    }
                }
            }
            (pager(&format!("tag={}&households", tag.map_or("", |t| t.code())), households_page, own.households.len()))
            (export_links(&id, "own-households", &every))
        }
    };
    let page = layout_named(
        &me.org.name,
        me.org.name_mn.as_deref(),
        Some(v),
        html! { (unplaced(a)) (body) },
    );
    (answered, page).into_response()
}

/// A branch's, community's or grid's own records, listed on its page.
struct OwnRecords {
    requests: Vec<steppe_core::RequestRow>,
    households: Vec<steppe_core::HouseholdRow>,
    meetings: Vec<steppe_core::OrgLifeRow>,
    /// Its people, and this year's democratic evaluations of them.
    people: Vec<steppe_core::PersonRow>,
    evaluations: Vec<steppe_core::EvaluationRow>,
}

/// Links that filter a list by one vocabulary (`name=code`), the chosen one in bold, "all" first.
fn choices<'a>(
    name: &str,
    chosen: Option<&str>,
    entries: impl Iterator<Item = (&'a str, String)>,
) -> maud::Markup {
    let all = std::iter::once(("", t("web_filter_all")));
    html! {
        @for (code, label) in all.chain(entries) {
            @if chosen.unwrap_or("") == code { strong { (label) } }
            @else { a href={ "?" (name) "=" (code) } { (label) } }
            " "
        }
    }
}

/// Links to the page before and after `page` of a list; `name` is the query parameter that pages
/// it, after any filter the list keeps (`status=open&cases`).
fn pager(name: &str, page: u32, shown: usize) -> maud::Markup {
    html! {
        p {
            @if page > 0 { a href={ "?" (name) "=" (page - 1) } { "上一页" } " " }
            @if shown as u32 == PER_PAGE { a href={ "?" (name) "=" (page + 1) } { "下一页" } }
        }
    }
}

/// One of the page's tables, by the name in its CSV link; `None` for a name that is none of them.
pub(super) fn table(
    replica: &Steppe,
    org: Id,
    name: &str,
    now: i64,
) -> Result<Option<Table>, CoreError> {
    let year = steppe_domain::clock::year_of(now);
    Ok(Some(match name {
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
            vec![
                "党校",
                "近一年开课",
                "签到人次",
                "服务学员（含党员）",
                "出勤率",
            ],
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
}
