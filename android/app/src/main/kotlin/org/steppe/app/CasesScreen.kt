package org.steppe.app

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.ListItem
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.launch
import org.steppe.Steppe
import org.steppe.ffi.CaseCategory
import org.steppe.ffi.CaseDetail
import org.steppe.ffi.NewCase
import org.steppe.ffi.SteppeException

/** 警地联调: the branch's cases, a new case, and a case's notes timeline — all offline. */
@Composable
fun CasesScreen(steppe: Steppe, onEdited: () -> Unit, modifier: Modifier = Modifier) {
    val roles by steppe.myRoles().collectAsState(initial = emptyList())
    val branch = roles.firstOrNull { it.role == "mediator" }?.org
    var open by remember { mutableStateOf<String?>(null) }
    if (branch == null) {
        Text("本机用户没有调解员角色", modifier.padding(16.dp))
        return
    }
    val current = open
    if (current != null) {
        CaseEditor(steppe, current, onEdited, onBack = { open = null }, modifier = modifier)
        return
    }
    val cases by steppe.cases(branch).collectAsState(initial = emptyList())
    val scope = rememberCoroutineScope()
    var description by remember { mutableStateOf("") }
    Column(modifier.padding(16.dp)) {
        OutlinedTextField(description, { description = it }, label = { Text("纠纷简述") })
        Button(onClick = {
            scope.launch {
                open = steppe.openCase(
                    NewCase(branch, CaseCategory.NEIGHBOURS, place = "", description = description, parties = listOf("甲方", "乙方")),
                )
                description = ""
                onEdited()
            }
        }, enabled = description.isNotBlank()) { Text("新建调解案件") }
        LazyColumn {
            items(cases, key = { it.id }) { row ->
                ListItem(
                    headlineContent = { Text("${row.categoryLabel} · ${row.place}") },
                    supportingContent = { Text("${row.statusLabel} · ${row.entries} 条记录") },
                    modifier = Modifier.clickable { open = row.id },
                )
            }
        }
    }
}

@Composable
private fun CaseEditor(steppe: Steppe, caseId: String, onEdited: () -> Unit, onBack: () -> Unit, modifier: Modifier) {
    var detail by remember { mutableStateOf<CaseDetail?>(null) }
    var note by remember { mutableStateOf("") }
    var error by remember { mutableStateOf<String?>(null) }
    val scope = rememberCoroutineScope()
    LaunchedEffect(caseId) { detail = steppe.caseDetail(caseId) }
    Column(modifier.padding(16.dp)) {
        Button(onClick = onBack) { Text("返回") }
        detail?.let { d ->
            Text("${d.categoryLabel}：${d.description}")
            Text("当事人：" + d.parties.joinToString("、"))
            d.timeline.forEach { Text("${it.kindLabel} · ${it.author}：${it.body}") }
        }
        OutlinedTextField(note, { note = it }, label = { Text("调解记录") })
        Button(onClick = {
            scope.launch {
                error = try {
                    steppe.addCaseNote(caseId, note)
                    note = ""
                    detail = steppe.caseDetail(caseId)
                    onEdited()
                    null
                } catch (e: SteppeException.Rule) {
                    e.message
                }
            }
        }, enabled = note.isNotBlank()) { Text("添加记录") }
        error?.let { Text(it) }
    }
}
