package org.steppe.screens

import kotlinx.coroutines.CoroutineScope
import org.steppe.Steppe
import org.steppe.ffi.ConflictItem
import org.steppe.ffi.MemberRefusal
import org.steppe.ffi.OrgCounts

data class OverviewState(
    /** The root first, then its subtree; every row totals its own subtree. */
    val rows: List<OrgCounts> = emptyList(),
    val conflicts: List<ConflictItem> = emptyList(),
    /** Members' changes the server refused: work that never arrived, to follow up. */
    val refusals: List<MemberRefusal> = emptyList(),
    val error: UiError? = null,
)

/**
 * A supervisor's subtree: counts per organisation, the conflicts waiting for a choice, and the
 * members' changes the server refused.
 */
class OverviewModel(steppe: Steppe, root: String, scope: CoroutineScope) :
    ScreenModel<OverviewState>(OverviewState(), scope) {
    override fun OverviewState.withError(error: UiError?) = copy(error = error)

    init {
        follow(steppe.overview(root)) { copy(rows = it) }
        follow(steppe.conflicts()) { copy(conflicts = it) }
        follow(steppe.memberRefusals()) { copy(refusals = it) }
    }
}
