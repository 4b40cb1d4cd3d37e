package org.steppe.screens

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import org.steppe.Steppe
import org.steppe.ffi.MeetingSummary
import org.steppe.ffi.PeerLink

data class MeetState(
    val running: Boolean = false,
    /** The last meeting: whom, and what crossed. */
    val last: MeetingSummary? = null,
    /** Sealed items this phone carries for the server. */
    val carried: Long = 0,
    val error: UiError? = null,
)

/**
 * Meeting another phone with no network (ADR 0011): the app opens the link (Bluetooth, Wi-Fi
 * Direct) and hands it here; the core checks both certificates and decides what crosses. A
 * refused peer arrives as [ErrorCode.PEER_REFUSED] with the reason in [UiError.field].
 */
class MeetModel(private val steppe: Steppe, scope: CoroutineScope) : ScreenModel<MeetState>(MeetState(), scope) {
    override fun MeetState.withError(error: UiError?) = copy(error = error)

    init {
        refresh()
    }

    fun refresh(): Job = intent(clearsError = false) {
        val carried = steppe.carriedCount()
        update { copy(carried = carried) }
    }

    /** Meets the phone at the other end of [link]; [initiator] is the phone that opened it. */
    fun meet(link: PeerLink, initiator: Boolean): Job = intent {
        update { copy(running = true) }
        try {
            val summary = steppe.meet(link, initiator)
            val carried = steppe.carriedCount()
            update { copy(last = summary, carried = carried) }
        } finally {
            update { copy(running = false) }
        }
    }
}
