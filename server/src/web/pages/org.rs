//! An organisation's page: its units, cases, Party school, members' hours, requests, households
//! and organisational life, each table also as CSV.

use crate::web::locale::{here, t, tf};
use std::sync::Arc;
use steppe_i18n::Label;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::{PreEscaped, html};
use serde::Deserialize;
use steppe_core::{CoreError, MemberHours, Steppe, SubtreeStats};
use steppe_domain::Id;
use steppe_domain::authz::lineage;
use steppe_domain::household::HouseholdTag;
use steppe_domain::mediation::{CaseCategory, CaseStatus};
use steppe_domain::org_life::MeetingKind;
use steppe_domain::request::RequestStep;

use super::answer::{Answer, beside, head, sent, unplaced};
use super::overview::{UNITS, units};
use super::own_lists::{ListFilters, Raw, columns, export_links};
use super::{
    Table, YEAR_MS, exports, heads, keeps_records, layout_named, now_ms, readable_org, words,
};

/// The catalogue ids of the headings of the page's tables, on the page and in their files.
const CASES: [&str; 4] = [
    "web_col_category",
    "web_col_status",
    "web_col_outcome",
    "web_col_count",
];
const SCHOOLS: [&str; 5] = [
    "web_col_school",
    "web_col_sessions_year",
    "web_col_checked_in",
    "web_col_learners",
    "web_col_rate",
];
const MEMBERS: [&str; 4] = [
    "web_col_member",
    "web_col_member_org",
    "web_col_trainings",
    "web_col_hours",
];
const REQUESTS: [&str; 4] = [
    "web_col_step",
    "web_col_count",
    "web_col_satisfied",
    "web_col_unsatisfied",
];
const HOUSEHOLDS: [&str; 3] = ["web_col_tag", "web_col_household_count", "web_col_visits"];
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
        let rows = units(&r, org)?;
        let stats = stats(&r, org, now)?;
        let members = member_hours(&r, org, year, (page * MEMBERS_PER_PAGE, MEMBERS_PER_PAGE))?;
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
        p { a #report-link href={ "/web/org/" (id) "/report" } { (t("web_org_report_link")) } }
        @if keeps_records(v, &id) {
            p { a #bundle-link href={ "/web/org/" (id) "/bundle" } { (t("web_bundle_download")) } }
        }
        @if me.org.kind == steppe_domain::org::OrgKind::PartySchool {
            p { a #school-link href={ "/web/school/" (id) } { (t("web_org_school_link")) } }
        }
        // What the village shows its residents, as they see it: the board is read without an
        // account, so the desk only links to it.
        @if me.org.kind.keeps_village_affairs() {
            p { a #board-link href={ "/public/" (id) } { (t("web_org_board_link")) } }
        }
        p.muted { (words(me.org.kind.label_in(here()))) " · " (tf("web_org_people", &[("members", stats.members.into()), ("trainees", stats.trainees.into())])) " · "
            a href="/web/conflicts" { (t("web_nav_conflicts")) " " span #conflict-count { (waiting) } } }
        @if rows.len() > 1 {
            h2 { (t("web_org_units")) }
            table #units {
                tr { @for h in heads(&UNITS) { th { (h) } } }
                @for r in rows.iter().skip(1) {
                    tr {
                        td { (PreEscaped("&nbsp;&nbsp;".repeat((r.org.depth - 1).max(0) as usize))) a href={ "/web/org/" (r.org.id) } { (r.org.name) } }
                        td { (r.open_cases) } td { (r.closed_cases) } td { (r.sessions) } td { (r.attendances) } td { (r.open_requests) } td { (r.households) }
                    }
                }
            }
        }
        h2 { (t("web_cases")) }
        (chart::bars(&t("web_chart_cases"), chart::Axes { across: &t("web_axis_month"), unit: &t("web_unit_cases") }, &months, &[
            (&t("web_series_opened"), "#a4161a", stats.cases_by_month.iter().map(|m| m.first).collect()),
            (&t("web_series_closed"), "#457b9d", stats.cases_by_month.iter().map(|m| m.second).collect()),
        ]))
        table #cases {
            tr { @for h in heads(&CASES) { th { (h) } } }
            @for c in &stats.cases {
                tr { td { (labels::category(&c.category)) } td { (labels::status(&c.status)) } td { (labels::outcome(c.outcome.as_deref())) } td { (c.count) } }
            }
        }
        (exports(&id, "cases"))
        @if !own_cases.is_empty() || cases_page > 0 || status.is_some() || category.is_some() || period.is_some() {
            h3 { (t("web_org_own_cases")) }
            p #case-filter {
                @for (code, label) in [("", t("web_filter_all")), ("open", CaseStatus::Open.label_in(here())), ("closed", CaseStatus::Closed.label_in(here()))] {
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
                        td { a href={ "/web/case/" (c.id) } { (crate::web::locale::when(c.opened_at)) } }
                        td { (c.category.label_in(here())) } td { (c.place) } td { (c.status.label_in(here())) }
                        td { (c.outcome.map(|o| o.label_in(here())).unwrap_or_else(|| "—".into())) } td { (c.entries) }
                    }
                }
            }
            (pager(&format!("status={}&{kept}&cases", status.map_or("", |s| s.code())), cases_page, own_cases.len()))
            (export_links(&id, "own-cases", &every))
        }
        h2 { (t("web_org_schools")) }
        (chart::bars(&t("web_chart_attendance"), chart::Axes { across: &t("web_axis_month"), unit: &t("web_unit_times") }, &attendance_months, &[
            (&t("web_col_checked_in"), "#a4161a", stats.attendance_by_month.iter().map(|m| m.first).collect()),
            (&t("web_series_sessions"), "#457b9d", stats.attendance_by_month.iter().map(|m| m.second).collect()),
        ]))
        table #schools {
            tr { @for h in heads(&SCHOOLS) { th { (h) } } }
            @for s in &stats.schools {
                tr { td { (s.name) } td { (s.sessions) } td { (s.present) } td { (s.members) } td { (format!("{:.1}%", s.rate * 100.0)) } }
            }
        }
        (exports(&id, "schools"))
        h3 { (tf("web_org_member_hours", &[("year", year.into())])) }
        table #members {
            tr { @for h in heads(&MEMBERS) { th { (h) } } }
            @for m in &members {
                tr { td { a href={ "/web/member/" (m.member) } { (m.name) } } td { (m.org_name) } td { (m.sessions) } td { (format!("{:.1}", m.hours)) } }
            }
        }
        p {
            @if page > 0 { a href={ "?page=" (page - 1) } { (t("web_prev_page")) } " " }
            @if members.len() as u32 == MEMBERS_PER_PAGE { a href={ "?page=" (page + 1) } { (t("web_next_page")) } " " }
            a href={ "/web/org/" (id) "/export/members" } { (t("web_export_csv")) } " · "
            a href={ "/web/org/" (id) "/export/members.xlsx" } { (t("web_export_xlsx")) }
        }
        h2 { (t("web_org_requests")) }
        table #requests {
            tr { @for h in heads(&REQUESTS) { th { (h) } } }
            @for s in &stats.requests {
                tr { td { (labels::step(&s.step)) } td { (s.count) } td { (s.satisfied) } td { (s.unsatisfied) } }
            }
        }
        (exports(&id, "requests"))
        h2 { (t("web_org_households")) }
        table #households {
            tr { @for h in heads(&HOUSEHOLDS) { th { (h) } } }
            @for t in &stats.households {
                tr { td { (labels::tag(&t.tag)) } td { (t.households) } td { (t.visits) } }
            }
        }
        (exports(&id, "households"))
        h2 { (t("web_org_life")) }
        p #org-life { (tf("web_org_life_items", &[("open", stats.org_life_open.into()), ("done", stats.org_life_done.into())])) }
        @if keeps_records(v, &id) {
            form #new-meeting method="post" action={ "/web/org/" (id) "/meeting" } {
                (head(a, "new-meeting"))
                input type="hidden" name="csrf" value=(v.session.csrf);
                select name="kind" { @for k in MeetingKind::ALL { option value=(k.code()) selected[sent(a, "new-meeting", "kind") == k.code()] { (k.label_in(here())) } } }
                (beside(a, "new-meeting", "kind"))
                " " label { (t("web_col_held_at")) " " input type="datetime-local" name="held_at" value=(sent(a, "new-meeting", "held_at")) required; }
                (beside(a, "new-meeting", "held_at"))
                " " button type="submit" { (t("web_record_meeting")) }
            }
        }
        @if !own.meetings.is_empty() {
            table #meeting-list {
                tr { th { (t("web_col_held_at")) } th { (t("web_col_kind")) } th { (t("web_col_open_items")) } th { (t("web_col_done_items")) } }
                @for m in &own.meetings {
                    tr {
                        td { a href={ "/web/meeting/" (m.id) } { (crate::web::locale::when(m.held_at)) } }
                        td { (m.kind.label_in(here())) } td { (m.open_items) } td { (m.done_items) }
                    }
                }
            }
        }
        @if !own.evaluations.is_empty() || (keeps_records(v, &id) && !own.people.is_empty()) {
            h3 { (tf("web_org_evaluations", &[("year", year.into())])) }
            (head(a, "open-evaluation"))
            table #evaluation-list {
                tr { th { (t("web_col_member")) } th { (t("web_col_grade")) } }
                @for p in &own.people {
                    @let e = own.evaluations.iter().find(|e| e.member == p.id);
                    tr {
                        td { (p.name) }
                        td {
                            @if let Some(e) = e {
                                a href={ "/web/evaluation/" (e.id) } { (e.result.map(|g| g.label_in(here())).unwrap_or_else(|| t("web_evaluating"))) }
                            } @else if keeps_records(v, &id) {
                                form.inline method="post" action={ "/web/org/" (id) "/evaluation" } {
                                    input type="hidden" name="csrf" value=(v.session.csrf);
                                    input type="hidden" name="member" value=(p.id);
                                    button type="submit" class="open-evaluation" { (t("web_open_evaluation")) }
                                }
                            } @else { "—" }
                        }
                    }
                }
            }
        }
        @if !own.requests.is_empty() || requests_page > 0 || step.is_some() {
            h3 { (t("web_org_own_requests")) }
            p #request-filter {
                (choices("step", step.map(|s| s.code()), RequestStep::ALL.iter().map(|s| (s.code(), s.label_in(here())))))
            }
            table #request-list {
                tr { @for h in columns("own-requests") { th { (h) } } }
                @for q in &own.requests {
                    tr {
                        td { a href={ "/web/request/" (q.id) } { (crate::web::locale::when(q.raised_at)) } }
                        td { (q.title) } td { (q.step.label_in(here())) } td { (q.rounds) }
                    }
                }
            }
            (pager(&format!("step={}&requests", step.map_or("", |s| s.code())), requests_page, own.requests.len()))
            (export_links(&id, "own-requests", &every))
        }
        @if !own.households.is_empty() || households_page > 0 || tag.is_some() {
            h3 { (t("web_org_own_households")) }
            p #household-filter {
                (choices("tag", tag.map(|t| t.code()), HouseholdTag::ALL.iter().map(|t| (t.code(), t.label_in(here())))))
            }
            table #household-list {
                tr { @for h in columns("own-households") { th { (h) } } }
                @for h in &own.households {
                    tr {
                        td { a href={ "/web/household/" (h.id) } { (h.address) } }
                        td { (h.head) } td { (h.visits) }
                        td { (h.last_visit.map(crate::web::locale::when).unwrap_or_default()) }
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

/// The statistics of `org`'s subtree over the past year, its Party schools in the order of their
/// names as people read them (pinyin), not the tree's: on the page and in its CSV alike.
fn stats(replica: &Steppe, org: Id, now: i64) -> Result<SubtreeStats, CoreError> {
    let mut stats = replica.subtree_stats(org, now - YEAR_MS, now)?;
    steppe_i18n::sort_by_name(&mut stats.schools, |s| &s.name);
    Ok(stats)
}

/// The training in `year` of the people of `org`'s subtree, `(offset, limit)` of them in the
/// order of their names as people read them (pinyin). Ordered and paged here, not by the
/// store's SQL, which knows only code points (张 before 阿): every name is read to find a
/// page, the hours only for the page's.
fn member_hours(
    replica: &Steppe,
    org: Id,
    year: i32,
    (offset, limit): (u32, u32),
) -> Result<Vec<MemberHours>, CoreError> {
    let mut people = replica.people_under(org)?;
    steppe_i18n::sort_by_name(&mut people, |p| &p.name);
    let page: Vec<Id> = people
        .iter()
        .skip(offset as usize)
        .take(limit as usize)
        .map(|p| p.id)
        .collect();
    replica.member_hours(&page, year)
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
            @if page > 0 { a href={ "?" (name) "=" (page - 1) } { (t("web_prev_page")) } " " }
            @if shown as u32 == PER_PAGE { a href={ "?" (name) "=" (page + 1) } { (t("web_next_page")) } }
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
            heads(&CASES),
            stats(replica, org, now)?
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
            heads(&SCHOOLS),
            stats(replica, org, now)?
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
            heads(&MEMBERS),
            member_hours(replica, org, year, (0, u32::MAX))?
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
            heads(&REQUESTS),
            stats(replica, org, now)?
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
            heads(&HOUSEHOLDS),
            stats(replica, org, now)?
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
