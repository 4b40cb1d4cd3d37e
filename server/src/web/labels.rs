//! Codes as people read them (the seed reports' terms), for the pages and the CSV files.

use steppe_domain::course::{Attendance, SessionMode, Topic};
use steppe_domain::evaluation::Grade;
use steppe_domain::household::{HouseholdTag, VisitMode};
use steppe_domain::mediation::{CaseCategory, CaseStatus, EntryKind, Outcome};
use steppe_domain::org_life::{ItemKind, MeetingKind};
use steppe_domain::person::MemberStatus;
use steppe_domain::request::RequestStep;
use steppe_domain::service_log::ServiceKind;
use steppe_domain::{RecordKind, clock};

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

/// A record kind's name, from its code.
pub fn kind(code: Option<&str>) -> String {
    match code.and_then(RecordKind::parse) {
        Some(k) => k.label().into(),
        None => "记录".into(),
    }
}

/// What people call a record's field (the last name of a path such as `record.outcome`, or of
/// a list item's `record.timeline.2.body`); the path itself for a field this list lacks.
pub fn field(path: &str) -> String {
    let name = path
        .rsplit('.')
        .find(|p| p.parse::<usize>().is_err())
        .unwrap_or(path);
    let label = match name {
        "place" => "地点",
        "description" => "案情",
        "outcome" => "调解结果",
        "agreement" => "调解协议",
        "referred_to" => "移交单位",
        "status" => "状态",
        "category" => "类别",
        "closed_at" => "结案时间",
        "opened_at" => "受理时间",
        "parties" => "当事人",
        "body" | "text" | "note" => "内容",
        "title" => "标题",
        "step" => "环节",
        "address" => "地址",
        "head" => "户主",
        "size" => "人口",
        "name" => "名称",
        "venue" => "上课地点",
        "starts_at" => "上课时间",
        "minutes" => "时长（分钟）",
        "mode" => "方式",
        "lecturer" => "讲师",
        "owner" => "责任人",
        "due" | "due_at" => "完成期限",
        "held_at" => "召开时间",
        "result" => "评定等次",
        "self_assessment" => "个人自评",
        "mutual_assessment" => "相互评议",
        "topic" => "专题",
        "phone" => "电话",
        _ => return path.to_string(),
    };
    label.to_string()
}

/// A stored value as people read it: a time as a date, a closed vocabulary's entry by its label.
pub fn value(path: &str, shown: &str) -> String {
    let name = path.rsplit('.').next().unwrap_or(path);
    if (name.ends_with("_at") || name == "due")
        && let Ok(ms) = shown.parse::<i64>()
    {
        return clock::display(ms);
    }
    let stored = [
        Outcome::from_stored(shown).map(Outcome::label),
        CaseStatus::from_stored(shown).map(CaseStatus::label),
        CaseCategory::from_stored(shown).map(CaseCategory::label),
        EntryKind::from_stored(shown).map(EntryKind::label),
        RequestStep::from_stored(shown).map(RequestStep::label),
        SessionMode::from_stored(shown).map(SessionMode::label),
        Attendance::from_stored(shown).map(Attendance::label),
        Topic::from_stored(shown).map(Topic::label),
        Grade::from_stored(shown).map(Grade::label),
        MeetingKind::from_stored(shown).map(MeetingKind::label),
        ItemKind::from_stored(shown).map(ItemKind::label),
        HouseholdTag::from_stored(shown).map(HouseholdTag::label),
        VisitMode::from_stored(shown).map(VisitMode::label),
        MemberStatus::from_stored(shown).map(MemberStatus::label),
        ServiceKind::from_stored(shown).map(ServiceKind::label),
    ];
    match stored.into_iter().flatten().next() {
        Some(label) => label.to_string(),
        None => shown.to_string(),
    }
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
