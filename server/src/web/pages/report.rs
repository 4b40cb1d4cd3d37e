//! An organisation's report for a period: the seed reports' figures for its subtree, beside the
//! same figures for each unit directly below it, so siblings compare; the same table as CSV.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use steppe_core::{Figures, ReportRow};

use super::{layout_named, now_ms, readable_org};
use crate::state::AppState;
use crate::web::period::{PeriodQuery, day};
use crate::web::{Viewer, export, not_found, unavailable};

/// A report column: what the figure is called, and how it reads.
type Column = (&'static str, fn(&Figures) -> String);

/// The report's columns.
const COLUMNS: &[Column] = &[
    ("受理纠纷", |f| f.cases_opened.to_string()),
    ("调解成功", |f| f.cases_agreed.to_string()),
    ("移交处理", |f| f.cases_referred.to_string()),
    ("撤回", |f| f.cases_withdrawn.to_string()),
    ("调解未成", |f| f.cases_unresolved.to_string()),
    ("法律服务", |f| f.legal_services.to_string()),
    ("解决困难", |f| f.difficulties_solved.to_string()),
    ("服务群众人次", |f| f.people_served.to_string()),
    ("收集诉求", |f| f.requests_raised.to_string()),
    ("已议决", |f| f.requests_decided.to_string()),
    ("已办结", |f| f.requests_done.to_string()),
    ("评价满意", |f| f.requests_satisfied.to_string()),
    ("联席会议", |f| f.joint_meetings.to_string()),
    ("议定事项", |f| f.meeting_decisions.to_string()),
    ("在职党员服务", |f| f.member_services.to_string()),
    ("在职党员服务人次", |f| {
        f.member_service_people.to_string()
    }),
    ("党校开课", |f| f.sessions_held.to_string()),
    ("签到人次", |f| f.attendances.to_string()),
    ("培训学时", |f| format!("{:.1}", f.training_hours)),
];

/// The organisation itself, then each unit directly below it.
fn compared(rows: Vec<ReportRow>) -> Vec<ReportRow> {
    rows.into_iter().filter(|r| r.org.depth <= 1).collect()
}

async fn load(
    state: &AppState,
    v: &Viewer,
    id: &str,
    q: &PeriodQuery,
) -> Result<(Vec<ReportRow>, crate::web::period::Period), Response> {
    let (org, replica) = readable_org(state, v, id).await?;
    let period = q.resolve(now_ms());
    let (from, to) = (period.from, period.to);
    let rows = crate::web::locale::spawn_blocking(move || replica.report(org, from, to))
        .await
        .map_err(unavailable)?
        .map_err(unavailable)?;
    if rows.is_empty() {
        return Err(not_found());
    }
    Ok((compared(rows), period))
}

fn period_form(q: &PeriodQuery, from: &str, to: &str) -> Markup {
    let chosen = q.period.as_deref().unwrap_or("year");
    html! {
        form #period method="get" {
            @for (value, label) in [("month", "本月"), ("quarter", "本季度"), ("year", "本年"), ("custom", "自定义")] {
                label { input type="radio" name="period" value=(value) checked[chosen == value]; (label) } " "
            }
            label { "从 " input type="date" name="from" value=(from); } " "
            label { "到 " input type="date" name="to" value=(to); } " "
            button type="submit" { "查看" }
        }
    }
}

pub async fn page(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Response {
    let (rows, period) = match load(&state, &v, &id, &q).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let name = rows[0].org.name.clone();
    // Headed in both scripts where the unit has a Mongolian name, as its seal and signs are.
    layout_named(
        &format!("{name} · 工作统计"),
        rows[0].org.name_mn.as_deref(),
        Some(&v),
        html! {
            (period_form(&q, &day(period.from), &day(period.to - 1)))
            p #period-label { "统计期间：" (period.label) }
            table #report {
                tr { th { "组织" } @for (label, _) in COLUMNS { th { (label) } } }
                @for r in &rows {
                    tr data-org=(r.org.id) {
                        td {
                            @if r.org.depth == 0 { strong { (r.org.name) } }
                            @else { a href={ "/web/org/" (r.org.id) "/report?" (period.query) } { (r.org.name) } }
                        }
                        @for (_, value) in COLUMNS { td { (value(&r.figures)) } }
                    }
                }
            }
            p {
                a href={ "/web/org/" (id) "/report/export?" (period.query) } { "导出 CSV" } " · "
                a #report-xlsx href={ "/web/org/" (id) "/report/export?format=xlsx&" (period.query) } { "导出 Excel" }
            }
        },
    )
    .into_response()
}

#[derive(Debug, serde::Deserialize)]
pub struct Format {
    format: Option<String>,
}

/// The report as CSV, or as an Excel workbook with `format=xlsx`.
pub async fn export(
    State(state): State<Arc<AppState>>,
    v: Viewer,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
    Query(f): Query<Format>,
) -> Response {
    let (rows, period) = match load(&state, &v, &id, &q).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let mut head = vec!["组织"];
    head.extend(COLUMNS.iter().map(|(label, _)| *label));
    let table = rows
        .iter()
        .map(|r| {
            std::iter::once(r.org.name.clone())
                .chain(COLUMNS.iter().map(|(_, value)| value(&r.figures)))
                .collect()
        })
        .collect();
    let name = format!("report-{id}-{}-{}", day(period.from), day(period.to - 1));
    match f.format.as_deref() {
        Some("xlsx") => export::xlsx(&name, &head, table),
        _ => export::csv(&name, &head, table),
    }
}
