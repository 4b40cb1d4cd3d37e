// Generated from core/i18n/locales by `cargo xtask i18n`: edit the .ftl files, not this.
package org.steppe.screens

/** The argument names of each catalogue message that takes arguments, in the order its
 * placeholders (`%1$s`, `%2$s`…) are numbered in every locale. */
val MESSAGE_ARGS: Map<String, List<String>> = mapOf(
    "refusal_invalid_input" to listOf("field", "reason"),
    "refusal_wrong_state" to listOf("record", "state", "action"),
    "refusal_not_found" to listOf("kind"),
    "refusal_not_allowed" to listOf("reason"),
    "refusal_malformed" to listOf("kind"),
    "reason_unknown_grade" to listOf("value"),
    "reason_unknown_tag" to listOf("value"),
    "reason_unknown_party" to listOf("value"),
    "reason_needs_parent" to listOf("kind"),
    "reason_cannot_place_under" to listOf("kind", "parent"),
)
