//! A unit's own records as lists — a branch's cases, a community's requests, a grid's households:
//! what the page's query filters them by, their columns, and the same lists as files.

use steppe_core::{CaseFilter, CoreError, Steppe};
use steppe_domain::Id;
use steppe_domain::household::HouseholdTag;
use steppe_domain::mediation::{CaseCategory, CaseStatus};
use steppe_domain::request::RequestStep;
use steppe_i18n::Label;

use crate::web::locale::{here, t};
use crate::web::period::{Period, PeriodQuery};

/// The filters a unit page's query names (`status`, `category`, `period`/`from`/`to`, `step`,
/// `tag`), resolved.
#[derive(Debug, Clone, Default)]
pub struct ListFilters {
    pub cases: CaseFilter,
    /// The period cases were opened in, if one was chosen.
    pub period: Option<Period>,
    pub step: Option<RequestStep>,
    pub tag: Option<HouseholdTag>,
}

/// The raw query values, as the page and the export link carry them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Raw<'a> {
    pub status: Option<&'a str>,
    pub category: Option<&'a str>,
    pub period: Option<&'a str>,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub step: Option<&'a str>,
    pub tag: Option<&'a str>,
}

impl ListFilters {
    pub fn resolve(raw: Raw<'_>, now: i64) -> Self {
        let period = raw.period.filter(|p| !p.is_empty()).map(|p| {
            PeriodQuery {
                period: Some(p.to_string()),
                from: raw.from.map(str::to_string),
                to: raw.to.map(str::to_string),
            }
            .resolve(now)
        });
        Self {
            cases: CaseFilter {
                status: raw.status.and_then(CaseStatus::parse),
                category: raw.category.and_then(CaseCategory::parse),
                opened: period.as_ref().map(|p| (p.from, p.to)),
            },
            period,
            step: raw.step.and_then(RequestStep::parse),
            tag: raw.tag.and_then(HouseholdTag::parse),
        }
    }

    /// The case filters besides the status, as a query string the status links and the pager
    /// carry on.
    pub fn kept(&self) -> String {
        format!(
            "category={}&{}",
            self.cases.category.map_or("", |c| c.code()),
            self.period
                .as_ref()
                .map_or(String::new(), |p| p.query.clone())
        )
    }

    /// Every filter, as the query string of an export link.
    pub fn query(&self) -> String {
        format!(
            "status={}&{}&step={}&tag={}",
            self.cases.status.map_or("", |s| s.code()),
            self.kept(),
            self.step.map_or("", |s| s.code()),
            self.tag.map_or("", |t| t.code())
        )
    }
}

/// The links that download a unit's own list `list` as CSV and as an Excel workbook, with the
/// filters the page shows it by (`query`).
pub fn export_links(org: &str, list: &str, query: &str) -> maud::Markup {
    maud::html! {
        p.exports id={ (list) "-export" } {
            a href={ "/web/org/" (org) "/export/" (list) "?" (query) } { (t("web_export_csv")) } " · "
            a href={ "/web/org/" (org) "/export/" (list) ".xlsx?" (query) } { (t("web_export_xlsx")) }
        }
    }
}

/// A list's column headings, in the reader's language.
pub fn columns(list: &str) -> Vec<String> {
    let ids: &[&str] = match list {
        "own-cases" => &[
            "web_col_opened",
            "web_col_category",
            "web_col_place",
            "web_col_status",
            "web_col_outcome",
            "web_col_entries",
        ],
        "own-requests" => &[
            "web_col_raised",
            "web_col_request",
            "web_col_step",
            "web_col_rounds",
        ],
        "own-households" => &[
            "web_col_address",
            "web_col_head",
            "web_col_visits",
            "web_col_last_visit",
        ],
        _ => &[],
    };
    ids.iter().map(|id| t(id)).collect()
}

/// A list as a file holds it: its headings and its rows.
pub type File = (Vec<String>, Vec<Vec<String>>);

/// A unit's own list `name`, every row the filters choose, for a file; `None` for a name that
/// is none of them.
pub fn table(
    replica: &Steppe,
    org: Id,
    name: &str,
    f: &ListFilters,
) -> Result<Option<File>, CoreError> {
    // Files keep the fixed YYYY-MM-DD HH:MM: a spreadsheet sorts and filters it as a date.
    let display = steppe_domain::clock::display;
    let rows: Vec<Vec<String>> = match name {
        "own-cases" => replica
            .cases_where(org, &f.cases, u32::MAX, 0)?
            .into_iter()
            .map(|c| {
                vec![
                    display(c.opened_at),
                    c.category.label_in(here()),
                    c.place,
                    c.status.label_in(here()),
                    c.outcome.map(|o| o.label_in(here())).unwrap_or_default(),
                    c.entries.to_string(),
                ]
            })
            .collect(),
        "own-requests" => replica
            .requests(org, f.step, u32::MAX, 0)?
            .into_iter()
            .map(|q| {
                vec![
                    display(q.raised_at),
                    q.title,
                    q.step.label_in(here()),
                    q.rounds.to_string(),
                ]
            })
            .collect(),
        "own-households" => replica
            .households(org, f.tag, u32::MAX, 0)?
            .into_iter()
            .map(|h| {
                vec![
                    h.address,
                    h.head,
                    h.visits.to_string(),
                    h.last_visit.map(display).unwrap_or_default(),
                ]
            })
            .collect(),
        _ => return Ok(None),
    };
    Ok(Some((columns(name), rows)))
}
