//! Codes as people read them (the seed reports' terms), for the pages and the CSV files.

use steppe_domain::household::HouseholdTag;
use steppe_domain::mediation::{CaseCategory, CaseStatus, Outcome};
use steppe_domain::request::RequestStep;

fn or_code(label: Option<&'static str>, code: &str) -> String {
    label
        .map(str::to_string)
        .unwrap_or_else(|| code.to_string())
}

pub fn category(code: &str) -> String {
    or_code(CaseCategory::parse(code).map(|c| c.label()), code)
}

pub fn status(code: &str) -> String {
    or_code(CaseStatus::parse(code).map(|c| c.label()), code)
}

pub fn outcome(code: Option<&str>) -> String {
    match code {
        None => "—".into(),
        Some(c) => or_code(Outcome::parse(c).map(|o| o.label()), c),
    }
}

pub fn step(code: &str) -> String {
    or_code(RequestStep::parse(code).map(|s| s.label()), code)
}

pub fn tag(code: &str) -> String {
    or_code(HouseholdTag::parse(code).map(|t| t.label()), code)
}
