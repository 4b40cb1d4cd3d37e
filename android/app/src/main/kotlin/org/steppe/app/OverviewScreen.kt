package org.steppe.app

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.ListItem
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.steppe.Steppe
import org.steppe.ffi.refusalReasonKey
import org.steppe.screens.OverviewModel

/**
 * 督导: the subtree with its counts (a row opens that organisation's cases, read-only), and the
 * members' changes the server refused, to follow up with them.
 */
@Composable
fun OverviewScreen(steppe: Steppe, root: String, nav: Nav) {
    val model = rememberModel("overview:$root") { OverviewModel(steppe, root, it) }
    val state by model.state.collectAsStateWithLifecycle()
    Column {
        ErrorLine(state.error) { model.dismissError() }
        if (state.conflicts.isNotEmpty()) Text(stringResource(R.string.overview_conflicts, state.conflicts.size))
        LazyColumn {
            items(state.rows, key = { it.org }) { r ->
                ListItem(
                    headlineContent = { Text(stringResource(R.string.overview_row_title, r.name, wordsFor(r.kindKey))) },
                    // Inner Mongolian signs name a unit in both scripts, Mongolian first: above the Chinese.
                    overlineContent = r.nameMn?.let { mn -> { Text(mn) } },
                    supportingContent = {
                        Text(stringResource(R.string.overview_row_counts, r.openCases, r.closedCases, r.sessions, r.attendances, r.openRequests, r.households))
                    },
                    modifier = Modifier.padding(start = (16 * r.depth.toInt()).dp).clickable { nav.go(Route.OrgCases(r.org, r.name)) },
                )
            }
            if (state.refusals.isNotEmpty()) {
                item { Text(stringResource(R.string.overview_refusals, state.refusals.size)) }
            }
            items(state.refusals, key = { it.id }) { n ->
                ListItem(
                    headlineContent = { Text(stringResource(R.string.refusal_title, n.userName, n.orgName ?: "", n.deviceName)) },
                    supportingContent = {
                        Text(stringResource(R.string.refusal_detail, wordsFor(refusalReasonKey(n.reason)), n.changes, formatTime(n.lastAtMs)))
                    },
                )
            }
        }
    }
}
