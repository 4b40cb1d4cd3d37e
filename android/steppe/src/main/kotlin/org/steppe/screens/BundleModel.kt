package org.steppe.screens

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import org.steppe.Steppe
import org.steppe.ffi.BundleFile

data class BundleState(
    /** Local changes waiting for the server: what an exported file carries. */
    val pending: Long = 0,
    /** Until when this phone's certificate vouches for its files; null before its first sync. */
    val certificateExpiresAtMs: Long? = null,
    /** The file just written, for the app to share or save; cleared once handed over. */
    val exported: BundleFile? = null,
    /** Changes new here from the last file imported. */
    val importedChanges: Long? = null,
    val error: UiError? = null,
)

/**
 * The bundle files screen, 离线数据包 (ADR 0011): with no signal for weeks, a herder writes what waits to a
 * file someone carries to the township, and applies the file the township brings back. The app
 * moves the bytes (share sheet, file picker); whether a file is believed is the core's call,
 * and a refused one arrives as a [UiError] of code [ErrorCode.BUNDLE].
 */
class BundleModel(private val steppe: Steppe, scope: CoroutineScope) : ScreenModel<BundleState>(BundleState(), scope) {
    override fun BundleState.withError(error: UiError?) = copy(error = error)

    init {
        refresh()
    }

    fun refresh(): Job = intent(clearsError = false) {
        val pending = steppe.pendingUploads()
        val certificate = steppe.certificate()
        update { copy(pending = pending, certificateExpiresAtMs = certificate?.expiresAtMs) }
    }

    /** Writes the waiting changes to a file; it lands in [BundleState.exported]. */
    fun export(): Job = intent {
        val file = steppe.exportBundle()
        update { copy(exported = file) }
    }

    /** The app has saved or shared [BundleState.exported]. */
    fun handedOver() = update { copy(exported = null) }

    /** With signal: takes the server's file of [org] to hand on to phones met there. */
    fun fetchForUnit(org: String): Job = intent {
        val applied = steppe.fetchUnitBundle(org)
        update { copy(importedChanges = applied) }
    }

    /** Applies a file the township brought: the server's file of this phone's unit. */
    fun import(bytes: ByteArray): Job = intent {
        val applied = steppe.importBundle(bytes)
        update { copy(importedChanges = applied) }
    }
}
