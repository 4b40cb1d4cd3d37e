package org.steppe.screens

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch
import org.steppe.Steppe
import org.steppe.ffi.RejectedChange
import org.steppe.ffi.SteppeException

data class SyncState(
    /** Local changes waiting for the server. */
    val pending: Long = 0,
    val lastSyncedAtMs: Long? = null,
    val running: Boolean = false,
    /** 0.0–1.0 while running, when the server told its log's end; null draws an indeterminate bar. */
    val fraction: Double? = null,
    val pages: Long = 0,
    /** This phone's changes the server refused, with its reasons. */
    val rejected: List<RejectedChange> = emptyList(),
    /** The server revoked this device: the app wipes the store and key and enrolls again. */
    val revoked: Boolean = false,
    val error: UiError? = null,
)

/** The sync bar every screen shows: pending count, last sync, progress, cancel, refusals. */
class SyncModel(private val steppe: Steppe, scope: CoroutineScope) : ScreenModel<SyncState>(SyncState(), scope) {
    private var running: Job? = null

    override fun SyncState.withError(error: UiError?) = copy(error = error)

    init {
        refresh()
    }

    fun refresh(): Job = intent(clearsError = false) {
        val pending = steppe.pendingUploads()
        val last = steppe.lastSyncedAtMs()
        val rejected = steppe.rejectedChanges()
        update { copy(pending = pending, lastSyncedAtMs = last, rejected = rejected) }
    }

    /** Starts a sync unless one runs; [cancel] stops it at its next safe point. */
    fun sync(): Job {
        running?.takeIf { it.isActive }?.let { return it }
        val job = scope.launch {
            update { copy(running = true, fraction = null, pages = 0, error = null) }
            try {
                steppe.sync { p -> update { copy(fraction = p.fraction, pages = p.pages.toLong()) } }
            } catch (e: SteppeException.Revoked) {
                update { copy(revoked = true, error = e.toUiError()) }
            } catch (e: CancellationException) {
                // Cancelled by the user: nothing lost, nothing to report.
            } catch (e: Exception) {
                update { copy(error = e.toUiError()) }
            } finally {
                update { copy(running = false) }
            }
            refresh().join()
        }
        running = job
        return job
    }

    fun cancel() {
        running?.cancel()
    }
}
