package org.steppe.app

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.ListItem
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.flow.emptyFlow
import kotlinx.coroutines.launch
import org.steppe.Steppe
import org.steppe.ffi.SteppeException

/** 督导: every organisation under the supervisor with its counts; sync on demand. */
@Composable
fun OverviewScreen(steppe: Steppe, modifier: Modifier = Modifier) {
    val roles by steppe.myRoles().collectAsState(initial = emptyList())
    val root = roles.firstOrNull { it.role == "supervisor" }?.org
    val rows by remember(root) { root?.let { steppe.overview(it) } ?: emptyFlow() }
        .collectAsState(initial = emptyList())
    val scope = rememberCoroutineScope()
    var status by remember { mutableStateOf<String?>(null) }
    Column(modifier.padding(16.dp)) {
        Button(onClick = {
            scope.launch {
                status = try {
                    val s = steppe.sync { received, _ -> status = "已接收 $received 条" }
                    "同步完成：上传 ${s.sent}，接收 ${s.received}，冲突 ${s.conflicts}"
                } catch (e: SteppeException.Offline) {
                    "无信号，稍后自动同步"
                }
            }
        }) { Text("立即同步") }
        status?.let { Text(it) }
        if (root == null) Text("本机用户没有督导角色")
        LazyColumn {
            items(rows, key = { it.org }) { r ->
                ListItem(
                    headlineContent = { Text("  ".repeat(r.depth.toInt()) + "${r.name}（${r.kindLabel}）") },
                    supportingContent = {
                        Text("调解中 ${r.openCases} · 已结案 ${r.closedCases} · 课程 ${r.sessions} · 出勤 ${r.attendances} · 诉求 ${r.openRequests} · 户 ${r.households}")
                    },
                )
            }
        }
    }
}
