//! The words for the domain's closed vocabularies (the `vocabulary.ftl` files).

use steppe_domain::authz::Role;
use steppe_domain::command::Command;
use steppe_domain::{Id, Vocabulary};

use crate::{Catalogue, Locale};

/// What people read for an entry of a closed vocabulary.
pub trait Label: Vocabulary {
    /// In Chinese, the default locale.
    fn label(self) -> String {
        self.label_in(Locale::ZhHans)
    }

    fn label_in(self, locale: Locale) -> String {
        Catalogue::global().text(locale, &self.message_id())
    }
}

impl<T: Vocabulary> Label for T {}

/// Parses an entry as typed on a command line or in a roster: its code, or its words in any
/// locale (`gacha`, `嘎查`).
pub fn parse_label<T: Vocabulary>(s: &str) -> Option<T> {
    let s = s.trim();
    let entries = T::entries();
    entries
        .iter()
        .copied()
        .find(|e| e.vocabulary_code() == s)
        .or_else(|| {
            Locale::ALL.iter().find_map(|&l| {
                entries
                    .iter()
                    .copied()
                    .find(|e| Catalogue::global().has(l, &e.message_id()) && e.label_in(l) == s)
            })
        })
}

/// Parses a role held on an organisation as written on command lines and in rosters:
/// `ROLE@ORG`, the role by code or words, the organisation by id.
pub fn parse_role_at(s: &str) -> Option<(Role, Id)> {
    let (role, org) = s.split_once('@')?;
    Some((parse_label(role)?, Id::parse(org.trim()).ok()?))
}

fn stored<T: Vocabulary>(locale: Locale, name: &str) -> Option<String> {
    T::from_stored_name(name).map(|v| v.label_in(locale))
}

/// A value as a document stores it, as people read it: a time (a field named `…_at` or `due`,
/// in milliseconds) as a date, an entry of a closed vocabulary (stored by its Rust name) in
/// words; anything else as it is.
pub fn value_label(locale: Locale, path: &str, shown: &str) -> String {
    use steppe_domain::course::{Attendance, SessionMode, Topic};
    use steppe_domain::evaluation::Grade;
    use steppe_domain::household::{HouseholdTag, VisitMode};
    use steppe_domain::mediation::{CaseCategory, CaseStatus, EntryKind, Outcome};
    use steppe_domain::org_life::{ItemKind, MeetingKind};
    use steppe_domain::person::MemberStatus;
    use steppe_domain::request::RequestStep;
    use steppe_domain::service_log::ServiceKind;
    let name = path.rsplit('.').next().unwrap_or(path);
    // A conflict's candidates show strings as JSON does, quoted.
    let shown = shown
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(shown);
    if (name.ends_with("_at") || name == "due")
        && let Ok(ms) = shown.parse::<i64>()
    {
        return crate::dates::date_time(locale, ms);
    }
    let l = locale;
    stored::<Outcome>(l, shown)
        .or_else(|| stored::<CaseStatus>(l, shown))
        .or_else(|| stored::<CaseCategory>(l, shown))
        .or_else(|| stored::<EntryKind>(l, shown))
        .or_else(|| stored::<RequestStep>(l, shown))
        .or_else(|| stored::<SessionMode>(l, shown))
        .or_else(|| stored::<Attendance>(l, shown))
        .or_else(|| stored::<Topic>(l, shown))
        .or_else(|| stored::<Grade>(l, shown))
        .or_else(|| stored::<MeetingKind>(l, shown))
        .or_else(|| stored::<ItemKind>(l, shown))
        .or_else(|| stored::<HouseholdTag>(l, shown))
        .or_else(|| stored::<VisitMode>(l, shown))
        .or_else(|| stored::<MemberStatus>(l, shown))
        .or_else(|| stored::<ServiceKind>(l, shown))
        .unwrap_or_else(|| shown.to_string())
}

/// What people read for a change's message: the command's words, or the message itself when it
/// names no command this build knows (a newer phone's, or a test's).
pub fn command_label(locale: Locale, message: &str) -> String {
    match Command::parse(message) {
        Some(c) => c.label_in(locale),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use steppe_domain::org::OrgKind;

    /// Every entry of every vocabulary has Chinese words, and they tell entries apart.
    fn complete<T: Vocabulary + std::fmt::Debug + PartialEq>() {
        let mut seen = std::collections::BTreeSet::new();
        for &e in T::entries() {
            let id = e.message_id();
            assert!(
                Catalogue::global().has(Locale::ZhHans, &id),
                "zh-Hans lacks {id}"
            );
            assert!(Catalogue::global().has(Locale::En, &id), "en lacks {id}");
            let zh = e.label();
            assert!(!zh.is_ascii(), "{id}: {zh} is not Chinese");
            assert!(seen.insert(zh.clone()), "{id}: {zh} names two entries");
            assert_eq!(parse_label::<T>(&zh), Some(e), "{id}");
            assert_eq!(parse_label::<T>(e.vocabulary_code()), Some(e), "{id}");
        }
    }

    #[test]
    fn every_vocabulary_is_in_the_catalogue() {
        use steppe_domain::*;
        complete::<RecordKind>();
        complete::<Role>();
        complete::<OrgKind>();
        complete::<Command>();
        complete::<mediation::CaseCategory>();
        complete::<mediation::CaseStatus>();
        complete::<mediation::Outcome>();
        complete::<mediation::EntryKind>();
        complete::<course::Topic>();
        complete::<course::SessionMode>();
        complete::<course::SessionKind>();
        complete::<course::MarkHow>();
        complete::<course::Attendance>();
        complete::<evaluation::Grade>();
        complete::<household::HouseholdTag>();
        complete::<household::VisitMode>();
        complete::<request::RequestStep>();
        complete::<service_log::ServiceKind>();
        complete::<org_life::MeetingKind>();
        complete::<org_life::ItemKind>();
        complete::<org_life::AttendeeRole>();
        complete::<person::MemberStatus>();
        complete::<affairs_list::ListKind>();
        complete::<affairs_list::DutySide>();
        complete::<contract::ContractHeading>();
        complete::<finding::Lens>();
        complete::<finding::FindingOutcome>();
        complete::<joint_meeting::JointParty>();
        complete::<lecturer::LecturerSource>();
        complete::<notice::NoticeCategory>();
        complete::<petition::PetitionStepKind>();
        complete::<rejection::RefusalReason>();
        complete::<station_service::StationOffer>();
    }

    #[test]
    fn role_at_org_parses_code_or_words() {
        let org = Id::new();
        assert_eq!(
            parse_role_at(&format!("mediator@{org}")),
            Some((Role::Mediator, org))
        );
        assert_eq!(
            parse_role_at(&format!("支部书记@{org}")),
            Some((Role::Secretary, org))
        );
        assert_eq!(parse_role_at("mediator"), None);
        assert_eq!(parse_role_at("pilot@x"), None);
    }

    #[test]
    fn labels_follow_the_locale() {
        assert_eq!(OrgKind::Gacha.label(), "嘎查");
        assert_eq!(OrgKind::Gacha.label_in(Locale::En), "Gacha");
        assert_eq!(parse_label::<Role>("支部书记"), Some(Role::Secretary));
        assert_eq!(parse_label::<Role>("Secretary"), Some(Role::Secretary));
        assert_eq!(command_label(Locale::ZhHans, "forged"), "forged");
    }
}
