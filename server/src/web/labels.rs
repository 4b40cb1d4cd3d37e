//! Codes as people read them (the seed reports' terms), for the pages and the CSV files, in
//! the request's locale (from the catalogue).

use steppe_domain::course::{Attendance, SessionMode, Topic};
use steppe_domain::evaluation::Grade;
use steppe_domain::household::{HouseholdTag, VisitMode};
use steppe_domain::mediation::{CaseCategory, CaseStatus, EntryKind, Outcome};
use steppe_domain::org_life::{ItemKind, MeetingKind};
use steppe_domain::person::MemberStatus;
use steppe_domain::request::RequestStep;
use steppe_domain::service_log::ServiceKind;
use steppe_domain::{RecordKind, Vocabulary, clock};
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

fn stored<T: Vocabulary>(name: &str) -> Option<String> {
    T::from_stored_name(name).map(|v| v.label_in(here()))
}

/// A stored value as people read it: a time as a date, a closed vocabulary's entry by its label.
pub fn value(path: &str, shown: &str) -> String {
    let name = path.rsplit('.').next().unwrap_or(path);
    if (name.ends_with("_at") || name == "due")
        && let Ok(ms) = shown.parse::<i64>()
    {
        return clock::display(ms);
    }
    stored::<Outcome>(shown)
        .or_else(|| stored::<CaseStatus>(shown))
        .or_else(|| stored::<CaseCategory>(shown))
        .or_else(|| stored::<EntryKind>(shown))
        .or_else(|| stored::<RequestStep>(shown))
        .or_else(|| stored::<SessionMode>(shown))
        .or_else(|| stored::<Attendance>(shown))
        .or_else(|| stored::<Topic>(shown))
        .or_else(|| stored::<Grade>(shown))
        .or_else(|| stored::<MeetingKind>(shown))
        .or_else(|| stored::<ItemKind>(shown))
        .or_else(|| stored::<HouseholdTag>(shown))
        .or_else(|| stored::<VisitMode>(shown))
        .or_else(|| stored::<MemberStatus>(shown))
        .or_else(|| stored::<ServiceKind>(shown))
        .unwrap_or_else(|| shown.to_string())
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
        assert_eq!(value("record.closed_at", "0"), clock::display(0));
        assert_eq!(value("record.place", "东草场"), "东草场");
        assert_eq!(kind(Some("mediation_case")), "调解案件");
        assert_eq!(kind(None), "记录");
    }
}
