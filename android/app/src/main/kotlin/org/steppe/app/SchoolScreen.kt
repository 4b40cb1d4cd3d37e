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
import java.time.Instant
import java.time.ZoneId
import java.time.ZonedDateTime
import java.time.format.DateTimeFormatter
import kotlinx.coroutines.launch
import org.steppe.Steppe
import org.steppe.ffi.SteppeException

private val CST = ZoneId.of("Asia/Shanghai")
private val WHEN = DateTimeFormatter.ofPattern("M月d日 HH:mm")

/** 基层党校: this week's sessions with check-in, and my training archive (学时档案). */
@Composable
fun SchoolScreen(steppe: Steppe, onEdited: () -> Unit, modifier: Modifier = Modifier) {
    val sessions by steppe.scheduleThisWeek().collectAsState(initial = emptyList())
    val year = ZonedDateTime.now(CST).year
    val archive by steppe.trainingArchive(year).collectAsState(initial = null)
    val scope = rememberCoroutineScope()
    var message by remember { mutableStateOf<String?>(null) }
    Column(modifier.padding(16.dp)) {
        archive?.let { Text("${year}年学时：${"%.1f".format(it.hours)} 小时 · ${it.sessions} 次") }
        message?.let { Text(it) }
        LazyColumn {
            items(sessions, key = { it.id }) { s ->
                ListItem(
                    headlineContent = { Text(s.title) },
                    supportingContent = {
                        Text("${WHEN.format(Instant.ofEpochMilli(s.startsAtMs).atZone(CST))} · ${s.modeLabel} · ${s.venue} · ${s.topicLabel}")
                    },
                    trailingContent = {
                        Button(onClick = {
                            scope.launch {
                                message = try {
                                    steppe.checkIn(s.id, s.mode)
                                    onEdited()
                                    "已签到：${s.title}"
                                } catch (e: SteppeException.Rule) {
                                    e.message
                                }
                            }
                        }, enabled = !s.cancelled) { Text("签到") }
                    },
                )
            }
        }
    }
}
