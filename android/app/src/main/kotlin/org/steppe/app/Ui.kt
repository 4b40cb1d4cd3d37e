package org.steppe.app

import android.annotation.SuppressLint
import android.content.Context
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.ViewModel
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewModelScope
import androidx.lifecycle.viewmodel.compose.viewModel
import java.time.Instant
import java.time.LocalDateTime
import java.time.ZoneId
import java.time.format.DateTimeFormatter
import java.time.format.DateTimeParseException
import kotlinx.coroutines.CoroutineScope
import org.steppe.ffi.refusalReasonKey
import org.steppe.screens.SyncModel
import org.steppe.screens.UiError
import org.steppe.screens.Words
import org.steppe.screens.sentence

/**
 * The AndroidX ViewModel behind every screen: it only holds the plain screen model, built on
 * [viewModelScope] so the model's queries stop when the screen's store is cleared.
 */
class ModelHolder<M : Any>(build: (CoroutineScope) -> M) : ViewModel() {
    val model: M = build(viewModelScope)
}

/**
 * The screen model for [key] (which names the screen and its argument), made once per key in the
 * current ViewModelStoreOwner: the session's screen store, so signing out drops them all.
 */
@Composable
inline fun <reified M : Any> rememberModel(key: String, noinline build: (CoroutineScope) -> M): M =
    viewModel<ModelHolder<M>>(key = M::class.java.name + ":" + key) { ModelHolder(build) }.model

/** The app's string resources (generated from the catalogue) as [Words], looked up by id. */
@SuppressLint("DiscouragedApi") // the ids are data from the core, so there is no R constant to name
fun androidWords(context: Context): Words = Words { key ->
    context.resources.getIdentifier(key, "string", context.packageName).takeIf { it != 0 }?.let { context.getString(it) }
}

/** The words for a catalogue id the core sent (a category, a status, a step). */
@Composable
fun wordsFor(key: String): String = androidWords(LocalContext.current).text(key) ?: key

/** The sentence for a refusal or failure, in the phone's language. */
@Composable
fun errorText(error: UiError): String = error.sentence(androidWords(LocalContext.current))

/** A refusal or failure, with a button that tells the model the user saw it. */
@Composable
fun ErrorLine(error: UiError?, onDismiss: () -> Unit) {
    if (error == null) return
    Row(Modifier.fillMaxWidth().padding(vertical = 4.dp), verticalAlignment = Alignment.CenterVertically) {
        Text(errorText(error), color = MaterialTheme.colorScheme.error, modifier = Modifier.weight(1f))
        TextButton(onClick = onDismiss) { Text(stringResource(R.string.dismiss)) }
    }
}

/** Marks a record that holds changes from a phone met which the server has not confirmed yet. */
@Composable
fun UnconfirmedMark(unconfirmed: Boolean) {
    if (unconfirmed) Text(stringResource(R.string.meet_unconfirmed), color = MaterialTheme.colorScheme.tertiary)
}

private val CST: ZoneId = ZoneId.of("Asia/Shanghai")

/** Times as the organisations read them: China Standard Time, whatever the phone's zone. */
@Composable
fun formatTime(ms: Long): String =
    DateTimeFormatter.ofPattern(stringResource(R.string.date_time_pattern)).format(Instant.ofEpochMilli(ms).atZone(CST))

@Composable
fun formatDate(ms: Long): String =
    DateTimeFormatter.ofPattern(stringResource(R.string.date_pattern)).format(Instant.ofEpochMilli(ms).atZone(CST))

/** [ms] as a time field shows it: [R.string.time_input_pattern], in China Standard Time. */
@Composable
fun inputTime(ms: Long): String =
    DateTimeFormatter.ofPattern(stringResource(R.string.time_input_pattern)).format(Instant.ofEpochMilli(ms).atZone(CST))

/** What the user typed into a time field, read in China Standard Time; null until it reads as one. */
@Composable
fun parsedTime(text: String): Long? {
    val pattern = stringResource(R.string.time_input_pattern)
    return try {
        LocalDateTime.parse(text.trim(), DateTimeFormatter.ofPattern(pattern)).atZone(CST).toInstant().toEpochMilli()
    } catch (e: DateTimeParseException) {
        null
    }
}

@Composable
fun Field(value: String, onChange: (String) -> Unit, label: Int, modifier: Modifier = Modifier) {
    OutlinedTextField(value, onChange, label = { Text(stringResource(label)) }, modifier = modifier.fillMaxWidth())
}

@Composable
fun Heading(text: String) {
    Text(text, style = MaterialTheme.typography.titleMedium, modifier = Modifier.padding(vertical = 8.dp))
}

/**
 * Pending uploads, last sync, progress, cancel and the server's refusals, on every screen; and
 * the way to the bundle files for when there is no signal.
 */
@Composable
fun SyncBar(sync: SyncModel, onRevoked: () -> Unit, onBundles: () -> Unit) {
    val state by sync.state.collectAsStateWithLifecycle()
    LaunchedEffect(state.revoked) { if (state.revoked) onRevoked() }
    Surface(tonalElevation = 2.dp) {
        Column(Modifier.fillMaxWidth().padding(horizontal = 12.dp, vertical = 6.dp)) {
            Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                Text(stringResource(R.string.sync_pending, state.pending), modifier = Modifier.weight(1f))
                val last = state.lastSyncedAtMs
                Text(if (last == null) stringResource(R.string.sync_never) else stringResource(R.string.sync_last, formatTime(last)))
                if (state.running) {
                    TextButton(onClick = { sync.cancel() }) { Text(stringResource(R.string.sync_cancel)) }
                } else {
                    TextButton(onClick = { sync.sync() }) { Text(stringResource(R.string.sync_now)) }
                    TextButton(onClick = onBundles) { Text(stringResource(R.string.bundle_title)) }
                }
            }
            if (state.running) {
                val fraction = state.fraction
                if (fraction != null) {
                    LinearProgressIndicator(progress = { fraction.toFloat() }, modifier = Modifier.fillMaxWidth())
                } else {
                    LinearProgressIndicator(modifier = Modifier.fillMaxWidth())
                }
            }
            state.rejected.forEach { r ->
                val why = r.reason?.let { wordsFor(refusalReasonKey(it)) } ?: wordsFor(r.detail)
                Text(stringResource(R.string.sync_rejected, r.record, why, wordsFor(r.detail)), color = MaterialTheme.colorScheme.error)
            }
            ErrorLine(state.error) { sync.dismissError() }
        }
    }
}
