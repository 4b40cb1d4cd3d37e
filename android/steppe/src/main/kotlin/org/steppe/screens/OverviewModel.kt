package org.steppe.screens

import kotlinx.coroutines.CoroutineScope
import org.steppe.Steppe
import org.steppe.ffi.ConflictItem
import org.steppe.ffi.OrgCounts

data class OverviewState(
    /** The root first, then its subtree; every row totals its own subtree. */
    val rows: List<OrgCounts> = emptyList(),
    val conflicts: List<ConflictItem> = emptyList(),
    val error: UiError? = null,
)

/** A supervisor's subtree: counts per organisation and the conflicts waiting for a choice. */
class OverviewModel(steppe: Steppe, root: String, scope: CoroutineScope) :
    ScreenModel<OverviewState>(OverviewState(), scope) {
    override fun OverviewState.withError(error: UiError?) = copy(error = error)

    init {
        follow(steppe.overview(root)) { copy(rows = it) }
        follow(steppe.conflicts()) { copy(conflicts = it) }
    }
}
