package org.steppe.screens

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import org.steppe.Steppe

/**
 * The logic of one screen, in plain Kotlin so it runs and is tested on the JVM: it exposes
 * [state] and takes intents. The Compose screen renders [state] and calls intents, nothing
 * else. [scope] is the screen's lifetime (`viewModelScope` on Android, a test's scope here).
 *
 * Every intent returns its [Job] (tests join it; screens ignore it). A refused command never
 * throws out of an intent: it lands in the state's `error` as a [UiError].
 */
abstract class ScreenModel<S>(initial: S, protected val scope: CoroutineScope) {
    protected val mutable = MutableStateFlow(initial)
    val state: StateFlow<S> = mutable.asStateFlow()

    /** Puts [error] into the state (null clears it). */
    protected abstract fun S.withError(error: UiError?): S

    protected fun update(change: S.() -> S) = mutable.update(change)

    /**
     * Runs a command; its failure becomes the state's error, its success clears it (unless
     * [clearsError] is false: a background refresh must not hide what the user has not seen).
     */
    protected fun intent(clearsError: Boolean = true, block: suspend () -> Unit): Job = scope.launch {
        try {
            block()
            if (clearsError) update { withError(null) }
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            update { withError(e.toUiError()) }
        }
    }

    /** Follows a query's flow into the state for as long as the screen lives. */
    protected fun <T> follow(flow: Flow<T>, into: S.(T) -> S): Job = scope.launch {
        try {
            flow.collect { value -> update { into(value) } }
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            update { withError(e.toUiError()) }
        }
    }

    /**
     * Follows one record's query, with whether the record holds changes from a phone met that
     * the server has not confirmed yet: asked again whenever the record changes (a write here, a
     * meeting, the sync that confirms them).
     */
    protected fun <T> followRecord(steppe: Steppe, record: String, flow: Flow<T>, into: S.(T, Boolean) -> S): Job =
        follow(flow.map { it to steppe.isUnconfirmed(record) }) { (value, unconfirmed) -> into(value, unconfirmed) }

    /** A list whose query depends on a filter the user changes: a new filter replaces the query. */
    protected inner class Filtered<F, T>(initial: F, private val query: (F) -> Flow<T>, private val into: S.(T) -> S) {
        private var job: Job = follow(query(initial), into)

        fun show(filter: F) {
            job.cancel()
            job = follow(query(filter), into)
        }
    }

    /** Clears the error after the user saw it. */
    fun dismissError() = update { withError(null) }
}
