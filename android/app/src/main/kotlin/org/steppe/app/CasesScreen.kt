package org.steppe.app

import androidx.compose.foundation.clickable
import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.FilterChip
import androidx.compose.material3.ListItem
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import kotlinx.coroutines.Job
import org.steppe.Steppe
import org.steppe.ffi.CaseCategory
import org.steppe.ffi.CaseStatus
import org.steppe.ffi.NewCase
import org.steppe.ffi.NewServiceEntry
import org.steppe.ffi.Outcome
import org.steppe.ffi.ServiceKind
import org.steppe.screens.CaseModel
import org.steppe.screens.CasesModel

/** 警地联调: a branch's cases; read-only when a supervisor opens another organisation's. */
@Composable
fun CasesScreen(steppe: Steppe, branch: String, readOnly: Boolean, nav: Nav) {
    val model = rememberModel("cases:$branch") { CasesModel(steppe, branch, it) }
    val state by model.state.collectAsStateWithLifecycle()
    Column {
        ErrorLine(state.error) { model.dismissError() }
        Row {
            FilterChip(state.filter == CaseStatus.OPEN, { model.show(CaseStatus.OPEN) }, { Text(stringResource(R.string.case_filter_open)) })
            FilterChip(state.filter == CaseStatus.CLOSED, { model.show(CaseStatus.CLOSED) }, { Text(stringResource(R.string.case_filter_closed)) })
            FilterChip(state.filter == null, { model.show(null) }, { Text(stringResource(R.string.case_filter_all)) })
        }
        // The forms scroll with the cases, so the list keeps its room on a small screen.
        LazyColumn {
            if (!readOnly) {
                item(key = "new-case") {
                    NewCaseForm(onOpen = { case, done ->
                        // Reacting to the finished intent, not to `opened` in the state: the model keeps that
                        // id, and an effect keyed on it would open the case again on every return here.
                        model.open(case).invokeOnCompletion {
                            val now = model.state.value
                            val id = now.opened
                            if (now.error == null && id != null) {
                                done()
                                nav.edited()
                                nav.go(Route.Case(id, readOnly = false))
                            }
                        }
                    })
                }
                item(key = "services") {
                    state.services.forEach { c ->
                        Text(stringResource(R.string.service_count, wordsFor(c.kindKey), c.entries, c.people))
                    }
                }
                item(key = "service-entry") {
                    ServiceEntryForm(onLog = { entry, done ->
                        model.logService(entry).invokeOnCompletion {
                            if (model.state.value.error == null) { done(); nav.edited() }
                        }
                    })
                }
            }
            items(state.cases, key = { it.id }) { row ->
                ListItem(
                    headlineContent = { Text(stringResource(R.string.case_row_title, wordsFor(row.categoryKey), row.place)) },
                    supportingContent = { Text(stringResource(R.string.case_row_detail, wordsFor(row.statusKey), row.entries, formatTime(row.lastActivityMs))) },
                    modifier = Modifier.clickable { nav.go(Route.Case(row.id, readOnly)) },
                )
            }
        }
    }
}

/** 新建调解案件: the domain checks every field; its refusal shows through the model's error. */
@Composable
private fun NewCaseForm(onOpen: (NewCase, done: () -> Unit) -> Unit) {
    var category by rememberSaveable { mutableStateOf(CaseCategory.NEIGHBOURS) }
    var place by rememberSaveable { mutableStateOf("") }
    var description by rememberSaveable { mutableStateOf("") }
    var partyA by rememberSaveable { mutableStateOf("") }
    var partyB by rememberSaveable { mutableStateOf("") }
    Column {
        Heading(stringResource(R.string.case_new))
        Row(Modifier.horizontalScroll(rememberScrollState())) {
            CaseCategory.entries.forEach { c ->
                FilterChip(category == c, { category = c }, { Text(stringResource(categoryLabel(c))) })
            }
        }
        Field(place, { place = it }, R.string.case_place)
        Field(description, { description = it }, R.string.case_description)
        Field(partyA, { partyA = it }, R.string.case_party_a)
        Field(partyB, { partyB = it }, R.string.case_party_b)
        Button(onClick = {
            // The branch is the model's; the parties go as typed so the domain judges them.
            val case = NewCase("", category, place.trim(), description.trim(), listOf(partyA.trim(), partyB.trim()).filter { it.isNotEmpty() })
            onOpen(case) { place = ""; description = ""; partyA = ""; partyB = "" }
        }) { Text(stringResource(R.string.case_open)) }
    }
}

/** 法律服务、解决实际困难…: a service of the branch counted beside its cases. */
@Composable
private fun ServiceEntryForm(onLog: (NewServiceEntry, done: () -> Unit) -> Unit) {
    var kind by rememberSaveable { mutableStateOf(ServiceKind.LEGAL_ADVICE) }
    var people by rememberSaveable { mutableStateOf("") }
    var summary by rememberSaveable { mutableStateOf("") }
    Column {
        Heading(stringResource(R.string.service_entry_new))
        Row(Modifier.horizontalScroll(rememberScrollState())) {
            ServiceKind.entries.forEach { k ->
                FilterChip(kind == k, { kind = k }, { Text(stringResource(serviceKindLabel(k))) })
            }
        }
        Field(people, { people = it.filter(Char::isDigit) }, R.string.service_people)
        Field(summary, { summary = it }, R.string.service_description)
        Button(onClick = {
            // The branch is the model's; the domain judges the count and the summary.
            onLog(NewServiceEntry("", kind, people.toLongOrNull() ?: 0L, summary.trim())) { people = ""; summary = "" }
        }) { Text(stringResource(R.string.service_log)) }
    }
}

fun serviceKindLabel(k: ServiceKind): Int = when (k) {
    ServiceKind.LEGAL_ADVICE -> R.string.service_kind_legal_advice
    ServiceKind.DISPUTE_RESOLVED -> R.string.service_kind_dispute_resolved
    ServiceKind.DIFFICULTY_SOLVED -> R.string.service_kind_difficulty_solved
    ServiceKind.ANTI_FRAUD -> R.string.service_kind_anti_fraud
    ServiceKind.LAW_PUBLICITY -> R.string.service_kind_law_publicity
}

fun categoryLabel(c: CaseCategory): Int = when (c) {
    CaseCategory.NEIGHBOURS -> R.string.category_neighbours
    CaseCategory.PASTURE_BOUNDARY -> R.string.category_pasture_boundary
    CaseCategory.FAMILY -> R.string.category_family
    CaseCategory.LIVESTOCK_DAMAGE -> R.string.category_livestock_damage
    CaseCategory.DEBT -> R.string.category_debt
    CaseCategory.OTHER -> R.string.category_other
}

fun outcomeLabel(o: Outcome): Int = when (o) {
    Outcome.AGREEMENT -> R.string.outcome_agreement
    Outcome.REFERRED -> R.string.outcome_referred
    Outcome.WITHDRAWN -> R.string.outcome_withdrawn
    Outcome.UNRESOLVED -> R.string.outcome_unresolved
}

/** One case: timeline, outcome, follow-ups, conflicts (both values, both authors), history. */
@Composable
fun CaseScreen(steppe: Steppe, caseId: String, readOnly: Boolean, nav: Nav) {
    val model = rememberModel("case:$caseId") { CaseModel(steppe, caseId, it) }
    val state by model.state.collectAsStateWithLifecycle()
    var text by rememberSaveable(caseId) { mutableStateOf("") }
    var outcome by rememberSaveable(caseId) { mutableStateOf(Outcome.AGREEMENT) }
    // The text stays when the domain refused it, so the user can correct it.
    fun sent(job: Job) = job.invokeOnCompletion { if (model.state.value.error == null) { text = ""; nav.edited() } }
    Column(Modifier.verticalScroll(rememberScrollState())) {
        TextButton(onClick = nav.back) { Text(stringResource(R.string.back)) }
        ErrorLine(state.error) { model.dismissError() }
        val d = state.detail ?: return@Column
        Heading(stringResource(R.string.case_row_title, wordsFor(d.categoryKey), d.place))
        Text(d.description)
        Text(stringResource(R.string.case_parties, d.parties.joinToString(stringResource(R.string.list_separator))))
        Text(stringResource(R.string.case_status, wordsFor(d.statusKey)))
        UnconfirmedMark(state.unconfirmed)
        d.outcomeKey?.let { wordsFor(it) }?.let { Text(stringResource(R.string.case_outcome, it)) }
        d.agreement?.let { Text(stringResource(R.string.case_agreement_text, it)) }
        d.referredTo?.let { Text(stringResource(R.string.case_referred_to_text, it)) }
        Heading(stringResource(R.string.case_timeline))
        d.timeline.forEach { Text(stringResource(R.string.timeline_item, formatTime(it.atMs), wordsFor(it.kindKey), it.author, it.body)) }
        if (d.followUps.isNotEmpty()) {
            Heading(stringResource(R.string.case_follow_ups))
            d.followUps.forEach { Text(stringResource(R.string.timeline_item, formatTime(it.atMs), wordsFor(it.kindKey), it.author, it.body)) }
        }
        if (state.conflicts.isNotEmpty()) {
            Heading(stringResource(R.string.case_conflicts))
            state.conflicts.forEach { c ->
                Text(c.field)
                c.values.forEachIndexed { i, v ->
                    Row {
                        Text(stringResource(R.string.conflict_value, v.value, v.userName, v.deviceName), Modifier.weight(1f))
                        if (!readOnly) TextButton(onClick = { model.resolve(c, i); nav.edited() }) { Text(stringResource(R.string.conflict_choose)) }
                    }
                }
            }
        }
        if (!readOnly) {
            Heading(stringResource(R.string.case_actions))
            Field(text, { text = it }, R.string.case_text)
            Row {
                TextButton(onClick = { sent(model.addNote(text)) }) { Text(stringResource(R.string.case_add_note)) }
                TextButton(onClick = { sent(model.addVisit(text)) }) { Text(stringResource(R.string.case_add_visit)) }
                TextButton(onClick = { sent(model.followUp(text)) }) { Text(stringResource(R.string.case_follow_up)) }
            }
            if (d.status == CaseStatus.OPEN) {
                Row(Modifier.horizontalScroll(rememberScrollState())) {
                    Outcome.entries.forEach { o -> FilterChip(outcome == o, { outcome = o }, { Text(stringResource(outcomeLabel(o))) }) }
                }
                // Agreement text or where it was referred; the other outcomes carry none.
                val detail = text.takeIf { outcome == Outcome.AGREEMENT || outcome == Outcome.REFERRED }
                TextButton(onClick = { sent(model.close(outcome, detail)) }) { Text(stringResource(R.string.case_close)) }
            } else {
                TextButton(onClick = { sent(model.reopen(text)) }) { Text(stringResource(R.string.case_reopen)) }
            }
        }
        Heading(stringResource(R.string.case_history))
        state.history.forEach { h ->
            val who = h.userName.ifEmpty { stringResource(R.string.history_unknown_author) }
            Text(stringResource(R.string.history_item, formatTime(h.atMs), h.action, who, h.deviceName))
        }
    }
}
