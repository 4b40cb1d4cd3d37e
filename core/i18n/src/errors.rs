//! A domain refusal as a sentence in the reader's language, built from the codes and arguments
//! the error carries (`errors.ftl`).

use steppe_domain::{DomainError, ErrorArg, Vocabulary};

use crate::{Arg, Catalogue, Label, Locale};

/// What people call a record's field: the last name of a path such as `record.outcome`,
/// `record.timeline.2.body` or `record.timeline[0].at`; the path itself for a field the catalogue
/// lacks.
pub fn field_label(locale: Locale, path: &str) -> String {
    let name = path
        .rsplit('.')
        .map(|p| p.split('[').next().unwrap_or(p))
        .find(|p| p.parse::<usize>().is_err())
        .unwrap_or(path);
    let id = format!("field_{name}");
    let c = Catalogue::global();
    if c.has(Locale::ZhHans, &id) {
        c.text(locale, &id)
    } else {
        path.to_string()
    }
}

/// A refusal's detail as it travels (a catalogue id, see `DomainError::refusal_detail`, or an
/// operator's description) in the reader's words where the catalogue has them.
pub fn detail_text(locale: Locale, detail: &str) -> String {
    let c = Catalogue::global();
    if c.has(Locale::ZhHans, detail) {
        c.text(locale, detail)
    } else {
        detail.to_string()
    }
}

fn arg(locale: Locale, value: &ErrorArg) -> Arg {
    match value {
        ErrorArg::Word(id) => Arg::Text(Catalogue::global().text(locale, id)),
        ErrorArg::Number(n) => Arg::from(*n),
        ErrorArg::Text(t) => Arg::Text(t.clone()),
    }
}

/// The sentence for a refusal, in `locale`.
pub fn error_message(locale: Locale, e: &DomainError) -> String {
    let c = Catalogue::global();
    match e {
        DomainError::InvalidInput {
            field,
            reason,
            args,
        } => {
            let args: Vec<(&str, Arg)> = args.iter().map(|(n, v)| (*n, arg(locale, v))).collect();
            let reason = c.format(locale, &reason.message_id(), &args);
            c.format(
                locale,
                "refusal_invalid_input",
                &[
                    ("field", Arg::Text(field_label(locale, field))),
                    ("reason", Arg::Text(reason)),
                ],
            )
        }
        DomainError::InvalidTransition {
            record,
            action,
            state,
        } => c.format(
            locale,
            "refusal_wrong_state",
            &[
                ("record", Arg::Text(record.label_in(locale))),
                ("state", Arg::Text(c.text(locale, state))),
                ("action", Arg::Text(action.label_in(locale))),
            ],
        ),
        DomainError::NotFound { kind, .. } => c.format(
            locale,
            "refusal_not_found",
            &[("kind", Arg::Text(kind.label_in(locale)))],
        ),
        DomainError::NotAllowed { reason } => c.format(
            locale,
            "refusal_not_allowed",
            &[("reason", Arg::Text(reason.label_in(locale)))],
        ),
        DomainError::Malformed { kind, .. } => c.format(
            locale,
            "refusal_malformed",
            &[("kind", Arg::Text(kind.label_in(locale)))],
        ),
        // A refusal this build does not know yet: its code, rather than nothing.
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use steppe_domain::RecordKind;
    use steppe_domain::mediation::CaseStatus;
    use steppe_domain::org::OrgKind;
    use steppe_domain::reason::{Reason, Step};

    use super::*;

    #[test]
    fn refusals_read_as_sentences_in_each_locale() {
        let e = DomainError::invalid("agreement", Reason::AgreementNeedsText);
        assert_eq!(
            error_message(Locale::ZhHans, &e),
            "调解协议：达成协议结案须填写协议内容"
        );
        assert_eq!(
            error_message(Locale::En, &e),
            "Agreement: Closing as agreed needs the agreement text"
        );
        let e = DomainError::transition(RecordKind::MediationCase, Step::Reopen, CaseStatus::Open);
        assert_eq!(
            error_message(Locale::ZhHans, &e),
            "调解案件当前为“调解中”，不能重新受理"
        );
        let e = DomainError::invalid("parent", Reason::CannotPlaceUnder)
            .with("kind", ErrorArg::Word(OrgKind::Gacha.message_id()))
            .with("parent", ErrorArg::Word(OrgKind::League.message_id()));
        assert_eq!(
            error_message(Locale::ZhHans, &e),
            "上级组织：嘎查不能设在盟之下"
        );
        // Mongolian has the organisation kinds; the sentence around them falls back to Chinese.
        assert_eq!(
            error_message(Locale::MnMong, &e),
            "上级组织：ᠭᠠᠴᠠᠭᠠ不能设在ᠠᠶᠢᠮᠠᠭ之下"
        );
        let e = DomainError::not_allowed(Reason::OnlyMemberSelfAssesses);
        assert_eq!(
            error_message(Locale::ZhHans, &e),
            "不允许：个人自评只能由党员本人填写"
        );
    }

    #[test]
    fn every_reason_step_and_standing_has_words() {
        use steppe_domain::reason::Standing;
        fn all<T: Vocabulary>() {
            for &e in T::entries() {
                let id = e.message_id();
                for l in [Locale::ZhHans, Locale::En] {
                    assert!(Catalogue::global().has(l, &id), "{l} lacks {id}");
                }
            }
        }
        all::<Reason>();
        all::<Step>();
        all::<Standing>();
    }

    /// Every field a rule names in the domain or the store has words: found in the source, so a
    /// new rule on a new field fails here until the catalogue has it.
    #[test]
    fn every_field_a_rule_names_is_in_the_catalogue() {
        fn scan(dir: &Path, found: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    scan(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for call in ["DomainError::invalid(", "require_text(", "require_id("] {
                        for (i, _) in text.match_indices(call) {
                            let rest = text[i + call.len()..].trim_start();
                            if let Some(lit) = rest.strip_prefix('"')
                                && let Some(end) = lit.find('"')
                            {
                                found.push((lit[..end].to_string(), path.display().to_string()));
                            }
                        }
                    }
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut found = Vec::new();
        scan(&root.join("domain/src"), &mut found);
        scan(&root.join("store/src"), &mut found);
        assert!(
            found.len() > 50,
            "the scan finds the rules: {}",
            found.len()
        );
        for (field, file) in found {
            assert!(
                Catalogue::global().has(Locale::ZhHans, &format!("field_{field}")),
                "field_{field} (named in {file}) is not in zh-Hans/errors.ftl"
            );
        }
    }
}
