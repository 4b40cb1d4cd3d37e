//! An organisation's report for a period: the seed reports' figures for its subtree, beside the
//! same figures for each unit directly below it, so siblings compare; the same table as CSV.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use steppe_core::{Figures, ReportRow};

use super::{layout_named, now_ms, readable_org};
use crate::state::AppState;
use crate::web::locale::{t, tf};
use crate::web::period::{PeriodQuery, day};
use crate::web::{Viewer, export, not_found, unavailable};

/// A report column: the catalogue id of what the figure is called, and how it reads.
type Column = (&'static str, fn(&Figures) -> String);

/// The report's columns.
const COLUMNS: &[Column] = &[
    ("web_report_cases_opened", |f| f.cases_opened.to_string()),
    ("web_report_cases_agreed", |f| f.cases_agreed.to_string()),
    ("web_report_cases_referred", |f| {
        f.cases_referred.to_string()
    }),
    ("web_report_cases_withdrawn", |f| {
        f.cases_withdrawn.to_string()
    }),
    ("web_report_cases_unresolved", |f| {
        f.cases_unresolved.to_string()
    }),
    ("web_report_legal_services", |f| {
        f.legal_services.to_string()
    }),
    ("web_report_difficulties_solved", |f| {
        f.difficulties_solved.to_string()
    }),
    ("web_report_people_served", |f| f.people_served.to_string()),
    ("web_report_requests_raised", |f| {
        f.requests_raised.to_string()
    }),
    ("web_report_requests_decided", |f| {
        f.requests_decided.to_string()
    }),
    ("web_report_requests_done", |f| f.requests_done.to_string()),
    ("web_report_requests_satisfied", |f| {
        f.requests_satisfied.to_string()
    }),
    ("web_report_joint_meetings", |f| {
        f.joint_meetings.to_string()
    }),
    ("web_report_meeting_decisions", |f| {
        f.meeting_decisions.to_string()
    }),
    ("web_report_member_services", |f| {
        f.member_services.to_string()
    }),
    ("web_report_member_service_people", |f| {
        f.member_service_people.to_string()
    }),
    ("web_report_sessions_held", |f| f.sessions_held.to_string()),
    ("web_col_checked_in", |f| f.attendances.to_string()),
    ("web_report_training_hours", |f| {
        format!("{:.1}", f.training_hours)
    }),
];

/// The organisation itself, then each unit directly below it in the order of their names as
/// people read them (pinyin), on the page and in its files alike.
fn compared(rows: Vec<ReportRow>) -> Vec<ReportRow> {
    let rows = rows.into_iter().filter(|r| r.org.depth <= 1).collect();
    steppe_i18n::sort_tree_by_name(rows, |r| r.org.depth, |r| &r.org.name)
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
            @for value in ["month", "quarter", "year", "custom"] {
                label { input type="radio" name="period" value=(value) checked[chosen == value]; (t(&format!("web_period_{value}"))) } " "
            }
            label { (t("web_filter_from")) " " input type="date" name="from" value=(from); } " "
            label { (t("web_filter_to")) " " input type="date" name="to" value=(to); } " "
            button type="submit" { (t("web_report_view")) }
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
        &format!("{name} · {}", t("web_report_title")),
        rows[0].org.name_mn.as_deref(),
        Some(&v),
        html! {
            (period_form(&q, &day(period.from), &day(period.to - 1)))
            p #period-label { (tf("web_report_period", &[("period", period.label.as_str().into())])) }
            table #report {
                tr { th { (t("web_col_org")) } @for (label, _) in COLUMNS { th { (t(label)) } } }
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
                a href={ "/web/org/" (id) "/report/export?" (period.query) } { (t("web_export_csv")) } " · "
                a #report-xlsx href={ "/web/org/" (id) "/report/export?format=xlsx&" (period.query) } { (t("web_export_xlsx")) }
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
    let head: Vec<String> = std::iter::once("web_col_org")
        .chain(COLUMNS.iter().map(|(label, _)| *label))
        .map(t)
        .collect();
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    let table = rows
        .iter()
        .map(|r| {
            std::iter::once(r.org.name.clone())
                .chain(COLUMNS.iter().map(|(_, value)| value(&r.figures)))
                .collect()
        })
        .collect();
    let (from, to) = (day(period.from), day(period.to - 1));
    let ascii = format!("report-{id}-{from}-{to}");
    // Saved as the page is headed, with its period as the page names it.
    let title = format!(
        "{} {} {}",
        rows[0].org.name,
        t("web_report_title"),
        period.label
    );
    let name = export::FileName {
        title: &title,
        ascii: &ascii,
    };
    match f.format.as_deref() {
        Some("xlsx") => export::xlsx(name, &head, table),
        _ => export::csv(name, &head, table),
    }
}
