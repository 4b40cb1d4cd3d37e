// Generated from core/i18n/locales by `cargo xtask i18n`: edit the .ftl files, not this.

/// The argument names of each catalogue message that takes arguments, in the order its
/// placeholders (`%1$@`, `%2$@`…) are numbered in every locale.
public let MESSAGE_ARGS: [String: [String]] = [
    "refusal_invalid_input": ["field", "reason"],
    "refusal_wrong_state": ["record", "state", "action"],
    "refusal_not_found": ["kind"],
    "refusal_not_allowed": ["reason"],
    "refusal_malformed": ["kind"],
    "reason_unknown_grade": ["value"],
    "reason_unknown_tag": ["value"],
    "reason_unknown_party": ["value"],
    "reason_needs_parent": ["kind"],
    "reason_cannot_place_under": ["kind", "parent"],
]
