package org.steppe.screens

import org.steppe.ffi.MessageArg
import org.steppe.ffi.RuleCode
import org.steppe.ffi.SteppeException
import org.steppe.ffi.TransportException
import org.steppe.ffi.recordKindKey

/** What went wrong, as a screen shows it: a code and the field at fault, never a sentence. */
enum class ErrorCode {
    INVALID_INPUT,
    WRONG_STATE,
    NOT_PERMITTED,
    MALFORMED,
    NOT_FOUND,
    INVALID_ARGUMENT,
    OFFLINE,
    UNAUTHORIZED,
    REVOKED,
    SERVER,
    DISK_FULL,
    STORE_UNREADABLE,
    CORRUPT,
    STORAGE,
    /** A bundle file was not applied; [UiError.field] says why (a [org.steppe.ffi.BundleProblem]). */
    BUNDLE,
    /** The phone met was refused; [UiError.field] says why (`expired`, `revoked`, `not_this_server`, `no_proof`, `self`, `other_version`). */
    PEER_REFUSED,
}

/**
 * An error for a screen, as codes and catalogue ids: [sentence] says it in the phone's language
 * (the rule's field and reason, the step and the record's state); [resourceKey] names the
 * generic words, the most specific of `error_<code>_<field>` (e.g. `error_invalid_input_agreement`)
 * that `strings.xml` has, else `error_<code>` — see [keys].
 */
data class UiError(
    val code: ErrorCode,
    val field: String = "",
    val action: String = "",
    /** Where the record stands, as a catalogue id (`case_status_closed`). */
    val state: String = "",
    /** Why, as a catalogue id (`reason_not_empty`), and the arguments its sentence takes. */
    val reason: String = "",
    val args: List<MessageArg> = emptyList(),
    /** The kind of record the rule belongs to, as a catalogue id (`record_kind_mediation_case`). */
    val record: String = "",
) {
    /** Candidate string keys, most specific first. */
    val keys: List<String>
        get() {
            val base = "error_" + code.name.lowercase()
            // `this.field`: inside an accessor a bare `field` is the backing field.
            val specific = when {
                this.field.isNotEmpty() -> "${base}_${this.field}"
                action.isNotEmpty() -> "${base}_" + action.replace(' ', '_')
                else -> null
            }
            return listOfNotNull(specific, base)
        }

    val resourceKey: String get() = keys.first()
}

/** Maps anything a Steppe call throws to what the screen shows. */
fun Throwable.toUiError(): UiError = when (this) {
    is SteppeException.Rule -> UiError(
        code = when (code) {
            RuleCode.INVALID_INPUT -> ErrorCode.INVALID_INPUT
            RuleCode.WRONG_STATE -> ErrorCode.WRONG_STATE
            RuleCode.NOT_PERMITTED -> ErrorCode.NOT_PERMITTED
            RuleCode.MALFORMED -> ErrorCode.MALFORMED
        },
        field = field,
        action = action,
        state = state,
        reason = reason,
        args = args,
        record = record?.let { recordKindKey(it) } ?: "",
    )
    is SteppeException.NotFound -> UiError(ErrorCode.NOT_FOUND)
    is SteppeException.InvalidArgument -> UiError(ErrorCode.INVALID_ARGUMENT)
    is SteppeException.Offline, is SteppeException.Cancelled, is TransportException -> UiError(ErrorCode.OFFLINE)
    is SteppeException.Unauthorized -> UiError(ErrorCode.UNAUTHORIZED)
    is SteppeException.Revoked -> UiError(ErrorCode.REVOKED)
    is SteppeException.Protocol -> UiError(ErrorCode.SERVER)
    is SteppeException.DiskFull -> UiError(ErrorCode.DISK_FULL)
    is SteppeException.WrongKey, is SteppeException.WrongStore -> UiError(ErrorCode.STORE_UNREADABLE)
    is SteppeException.Corrupt -> UiError(ErrorCode.CORRUPT)
    is SteppeException.Bundle -> UiError(ErrorCode.BUNDLE, field = problem.name.lowercase())
    is SteppeException.PeerRefused -> UiError(ErrorCode.PEER_REFUSED, field = why)
    else -> UiError(ErrorCode.STORAGE)
}
