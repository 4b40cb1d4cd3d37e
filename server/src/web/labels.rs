//! Codes as people read them (the seed reports' terms), for the pages and the CSV files, in
//! the request's locale (from the catalogue).

use steppe_domain::household::HouseholdTag;
use steppe_domain::mediation::{CaseCategory, CaseStatus, Outcome};
use steppe_domain::request::RequestStep;
use steppe_domain::{RecordKind, Vocabulary};
use steppe_i18n::{Label, parse_label};

use super::locale::{here, t};

/// A stored code as people read it; the code itself when this build does not know it (a newer
/// phone's).
fn word<T: Vocabulary>(code: &str) -> String {
    parse_label::<T>(code)
        .map(|v| v.label_in(here()))
        .unwrap_or_else(|| code.to_string())
}

pub fn category(code: &str) -> String {
    word::<CaseCategory>(code)
}

pub fn status(code: &str) -> String {
    word::<CaseStatus>(code)
}

pub fn outcome(code: Option<&str>) -> String {
    match code {
        None => "—".into(),
        Some(c) => word::<Outcome>(c),
    }
}

pub fn step(code: &str) -> String {
    word::<RequestStep>(code)
}

pub fn tag(code: &str) -> String {
    word::<HouseholdTag>(code)
}

/// A record kind's name, from its code.
pub fn kind(code: Option<&str>) -> String {
    match code.and_then(RecordKind::parse) {
        Some(k) => k.label_in(here()),
        None => t("web_a_record"),
    }
}

/// What people call a record's field (see [`steppe_i18n::field_label`]).
pub fn field(path: &str) -> String {
    steppe_i18n::field_label(here(), path)
}

/// A stored value as people read it (see [`steppe_i18n::value_label`]).
pub fn value(path: &str, shown: &str) -> String {
    steppe_i18n::value_label(here(), path, shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_values_and_kinds_read_as_words() {
        assert_eq!(field("record.outcome"), "调解结果");
        assert_eq!(field("record.timeline.2.body"), "内容");
        assert_eq!(field("record.unknown_field"), "record.unknown_field");
        assert_eq!(value("record.outcome", "Agreement"), "达成协议");
        assert_eq!(value("record.closed_at", "0"), "1970年1月1日 08:00");
        assert_eq!(value("record.place", "东草场"), "东草场");
        assert_eq!(kind(Some("mediation_case")), "调解案件");
        assert_eq!(kind(None), "记录");
    }
}
