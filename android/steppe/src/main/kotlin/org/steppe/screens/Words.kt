package org.steppe.screens

import org.steppe.ffi.MessageArg

/**
 * The words for catalogue ids as this platform holds them: on Android the string resources
 * `cargo xtask i18n` generates from the one catalogue (`values/` Chinese, `values-mn/`,
 * `values-en/`, each falling back to Chinese); in a JVM test, a parse of those files. Null for
 * an id it lacks.
 */
fun interface Words {
    fun text(key: String): String?
}

/** Message [key] with named [args], placed as [MESSAGE_ARGS] numbers them; null if missing. */
fun Words.format(key: String, args: Map<String, String>): String? {
    val template = text(key) ?: return null
    val order = MESSAGE_ARGS[key] ?: return template
    return String.format(java.util.Locale.ROOT, template, *order.map { args[it] ?: "" }.toTypedArray())
}

/** An argument as shown: a catalogue id (an organisation kind, a status) is looked up first. */
private fun Words.shown(a: MessageArg): String = if (a.isKey) text(a.value) ?: a.value else a.value

/** [key]'s words, or [fallback] when the catalogue lacks it (a newer server's code). */
private fun Words.or(key: String, fallback: String): String = text(key) ?: fallback

/**
 * The sentence a user reads for this error, in the phone's language: which rule refused what
 * (the field and why, the step and where the record stands, the permission missing), built from
 * the codes and arguments the core sent; the generic words of [UiError.keys] where it sent none.
 */
fun UiError.sentence(words: Words): String {
    val precise = when {
        code == ErrorCode.INVALID_INPUT && reason.isNotEmpty() ->
            words.format(reason, args.associate { it.name to words.shown(it) })?.let { why ->
                words.format("refusal_invalid_input", mapOf("field" to words.or("field_$field", field), "reason" to why))
            }
        code == ErrorCode.WRONG_STATE && record.isNotEmpty() ->
            words.format(
                "refusal_wrong_state",
                mapOf("record" to words.or(record, record), "state" to words.or(state, state), "action" to words.or("step_$action", action)),
            )
        code == ErrorCode.NOT_PERMITTED && reason.isNotEmpty() ->
            words.format("refusal_not_allowed", mapOf("reason" to words.or(reason, reason)))
        else -> null
    }
    return precise ?: generic(words)
}

/** The first of [UiError.keys] the words have; the generic storage error otherwise. */
fun UiError.generic(words: Words): String =
    keys.firstNotNullOfOrNull { words.text(it) } ?: words.text("error_storage") ?: code.name
