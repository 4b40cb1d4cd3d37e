package org.steppe.app

import androidx.compose.foundation.clickable
import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.Checkbox
import androidx.compose.material3.FilterChip
import androidx.compose.material3.ListItem
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateListOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import java.time.ZoneId
import java.time.ZonedDateTime
import org.steppe.Steppe
import org.steppe.ffi.HouseholdTag
import org.steppe.ffi.NewHousehold
import org.steppe.ffi.JointParty
import org.steppe.ffi.NewJointMeeting
import org.steppe.ffi.PartyPresence
import org.steppe.ffi.NewRequest
import org.steppe.ffi.RequestRow
import org.steppe.ffi.RequestStep
import org.steppe.ffi.VisitMode
import org.steppe.screens.HouseholdModel
import org.steppe.screens.HouseholdsModel
import org.steppe.screens.MemberServiceModel
import org.steppe.screens.RequestModel
import org.steppe.screens.RequestsModel

fun tagLabel(t: HouseholdTag): Int = when (t) {
    HouseholdTag.SERIOUS_ILLNESS -> R.string.tag_serious_illness
    HouseholdTag.ELDERLY -> R.string.tag_elderly
    HouseholdTag.LIVING_ALONE -> R.string.tag_living_alone
    HouseholdTag.DISABILITY -> R.string.tag_disability
    HouseholdTag.LOW_INCOME -> R.string.tag_low_income
    HouseholdTag.UNSAFE_HOUSING -> R.string.tag_unsafe_housing
    HouseholdTag.STUDENT -> R.string.tag_student
}

fun visitLabel(m: VisitMode): Int = when (m) {
    VisitMode.PHONE -> R.string.visit_phone
    VisitMode.WE_CHAT -> R.string.visit_wechat
    VisitMode.VIDEO -> R.string.visit_video
    VisitMode.DOOR -> R.string.visit_door
}

fun stepLabel(s: RequestStep): Int = when (s) {
    RequestStep.RAISED -> R.string.step_raised
    RequestStep.DISCUSSED -> R.string.step_discussed
    RequestStep.DECIDED -> R.string.step_decided
    RequestStep.DONE -> R.string.step_done
    RequestStep.EVALUATED -> R.string.step_evaluated
    RequestStep.REOPENED -> R.string.step_reopened
}

/** 民事民提: a community's requests by step. */
@Composable
fun RequestsScreen(steppe: Steppe, community: String, nav: Nav) {
    val model = rememberModel("requests:$community") { RequestsModel(steppe, community, it) }
    val state by model.state.collectAsStateWithLifecycle()
    Column(Modifier.verticalScroll(rememberScrollState())) {
        ErrorLine(state.error) { model.dismissError() }
        Row(Modifier.horizontalScroll(rememberScrollState())) {
            FilterChip(state.step == null, { model.show(null) }, { Text(stringResource(R.string.filter_all)) })
            RequestStep.entries.forEach { s -> FilterChip(state.step == s, { model.show(s) }, { Text(stringResource(stepLabel(s))) }) }
        }
        var title by rememberSaveable { mutableStateOf("") }
        var description by rememberSaveable { mutableStateOf("") }
        var raisedBy by rememberSaveable { mutableStateOf("") }
        Heading(stringResource(R.string.request_new))
        Field(title, { title = it }, R.string.request_title)
        Field(description, { description = it }, R.string.request_description)
        Field(raisedBy, { raisedBy = it }, R.string.request_raised_by)
        TextButton(onClick = {
            // The community is the model's; the domain judges the fields.
            model.raise(NewRequest("", title.trim(), description.trim(), raisedBy.trim())).invokeOnCompletion {
                if (model.state.value.error == null) { title = ""; description = ""; raisedBy = ""; nav.edited() }
            }
        }) { Text(stringResource(R.string.request_raise)) }
        JointMeetingForm(state.requests, onRecord = { meeting, decisions, done ->
            model.recordMeeting(meeting, decisions).invokeOnCompletion {
                if (model.state.value.error == null) { done(); nav.edited() }
            }
        })
        Heading(stringResource(R.string.requests_list))
        state.requests.forEach { r ->
            ListItem(
                headlineContent = { Text(r.title) },
                supportingContent = { Text(stringResource(R.string.request_row, wordsFor(r.stepKey), r.rounds, formatDate(r.raisedAtMs))) },
                modifier = Modifier.clickable { nav.go(Route.Request(r.id)) },
            )
        }
    }
}

/** A list typed into one field: one item a line, or between 、 and commas. */
private fun listItems(text: String): List<String> =
    text.split('\n', '、', ',', '，').map { it.trim() }.filter { it.isNotEmpty() }

fun jointPartyLabel(p: JointParty): Int = when (p) {
    JointParty.COMMUNITY_COMMITTEE -> R.string.joint_party_community_committee_hint
    JointParty.PROPERTY_COMPANY -> R.string.joint_party_property_company_hint
    JointParty.OWNERS_COMMITTEE -> R.string.joint_party_owners_committee_hint
}

/**
 * 联席会议 (三方协商议事会): when, who, the topics, and its decisions, each settling one of the
 * listed requests where one is picked.
 */
@Composable
private fun JointMeetingForm(
    requests: List<RequestRow>,
    onRecord: (NewJointMeeting, List<Pair<String, String?>>, done: () -> Unit) -> Unit,
) {
    val now = inputTime(System.currentTimeMillis())
    var heldAt by rememberSaveable { mutableStateOf(now) }
    var participants by rememberSaveable { mutableStateOf("") }
    var topics by rememberSaveable { mutableStateOf("") }
    // Each party's representative; left blank, the party is recorded absent.
    val representatives = JointParty.entries.associateWith { p -> rememberSaveable(p.name) { mutableStateOf("") } }
    var decision by rememberSaveable { mutableStateOf("") }
    var request by remember { mutableStateOf<RequestRow?>(null) }
    val decisions = remember { mutableStateListOf<Pair<String, RequestRow?>>() }
    val heldAtMs = parsedTime(heldAt)
    Column {
        Heading(stringResource(R.string.joint_meeting_new))
        Field(heldAt, { heldAt = it }, R.string.joint_meeting_held_at)
        representatives.forEach { (p, who) -> Field(who.value, { who.value = it }, jointPartyLabel(p)) }
        Field(participants, { participants = it }, R.string.joint_meeting_participants)
        Field(topics, { topics = it }, R.string.joint_meeting_topics)
        decisions.forEachIndexed { i, (text, r) ->
            Row(verticalAlignment = Alignment.CenterVertically) {
                val line = if (r == null) text else stringResource(R.string.joint_meeting_decision_row, text, r.title)
                Text(line, Modifier.weight(1f))
                TextButton(onClick = { decisions.removeAt(i) }) { Text(stringResource(R.string.joint_meeting_remove)) }
            }
        }
        Field(decision, { decision = it }, R.string.joint_meeting_decision)
        Text(stringResource(R.string.joint_meeting_settles))
        Row(Modifier.horizontalScroll(rememberScrollState())) {
            FilterChip(request == null, { request = null }, { Text(stringResource(R.string.joint_meeting_no_request)) })
            requests.forEach { r -> FilterChip(request?.id == r.id, { request = r }, { Text(r.title) }) }
        }
        TextButton(onClick = {
            decisions += decision.trim() to request
            decision = ""
            request = null
        }, enabled = decision.isNotBlank()) { Text(stringResource(R.string.joint_meeting_add_decision)) }
        Button(onClick = {
            val at = heldAtMs ?: return@Button
            // The community is the model's; the domain judges the rest.
            val parties = representatives.map { (p, who) -> PartyPresence(p, who.value.trim().ifEmpty { null }) }
            val meeting = NewJointMeeting("", at, parties, listItems(participants), listItems(topics))
            onRecord(meeting, decisions.map { (text, r) -> text to r?.id }) {
                participants = ""; topics = ""; decisions.clear(); representatives.values.forEach { it.value = "" }
            }
        }, enabled = heldAtMs != null) { Text(stringResource(R.string.joint_meeting_record)) }
    }
}

/** One request through 提 → 议 → 决 → 办 → 评; an unsatisfied evaluation reopens it. */
@Composable
fun RequestScreen(steppe: Steppe, request: String, nav: Nav) {
    val model = rememberModel("request:$request") { RequestModel(steppe, request, it) }
    val state by model.state.collectAsStateWithLifecycle()
    var text by rememberSaveable(request) { mutableStateOf("") }
    var residents by rememberSaveable(request) { mutableStateOf("") }
    Column(Modifier.verticalScroll(rememberScrollState())) {
        TextButton(onClick = nav.back) { Text(stringResource(R.string.back)) }
        ErrorLine(state.error) { model.dismissError() }
        val d = state.detail ?: return@Column
        Heading(d.title)
        UnconfirmedMark(state.unconfirmed)
        Text(d.description)
        Text(stringResource(R.string.request_status, wordsFor(d.stepKey), d.rounds))
        d.steps.forEach { Text(stringResource(R.string.timeline_item, formatTime(it.atMs), wordsFor(it.stepKey), it.by, it.note)) }
        d.evaluations.forEach {
            val verdict = stringResource(if (it.satisfied) R.string.evaluation_satisfied else R.string.evaluation_unsatisfied)
            Text(stringResource(R.string.request_verdict, verdict, it.residents.joinToString(stringResource(R.string.list_separator)), it.comment))
        }
        Field(text, { text = it }, R.string.request_text)
        Field(residents, { residents = it }, R.string.request_residents)
        val named = residents.split('、', ',', '，').map(String::trim).filter(String::isNotEmpty)
        Row(Modifier.horizontalScroll(rememberScrollState())) {
            TextButton(onClick = { model.discuss(text); nav.edited() }) { Text(stringResource(R.string.request_discuss)) }
            TextButton(onClick = { model.decide(text); nav.edited() }) { Text(stringResource(R.string.request_decide)) }
            TextButton(onClick = { model.carryOut(text); nav.edited() }) { Text(stringResource(R.string.request_carry_out)) }
            TextButton(onClick = { model.evaluate(true, text, named); nav.edited() }) { Text(stringResource(R.string.evaluation_satisfied)) }
            TextButton(onClick = { model.evaluate(false, text, named); nav.edited() }) { Text(stringResource(R.string.evaluation_unsatisfied)) }
        }
    }
}

/** A grid's households by tag. */
@Composable
fun HouseholdsScreen(steppe: Steppe, grid: String, nav: Nav) {
    val model = rememberModel("households:$grid") { HouseholdsModel(steppe, grid, it) }
    val state by model.state.collectAsStateWithLifecycle()
    Column(Modifier.verticalScroll(rememberScrollState())) {
        ErrorLine(state.error) { model.dismissError() }
        Row(Modifier.horizontalScroll(rememberScrollState())) {
            FilterChip(state.tag == null, { model.show(null) }, { Text(stringResource(R.string.filter_all)) })
            HouseholdTag.entries.forEach { t -> FilterChip(state.tag == t, { model.show(t) }, { Text(stringResource(tagLabel(t))) }) }
        }
        var head by rememberSaveable { mutableStateOf("") }
        var address by rememberSaveable { mutableStateOf("") }
        var size by rememberSaveable { mutableStateOf("") }
        Heading(stringResource(R.string.household_new))
        Field(head, { head = it }, R.string.household_head)
        Field(address, { address = it }, R.string.household_address)
        Field(size, { size = it.filter(Char::isDigit) }, R.string.household_size)
        TextButton(onClick = {
            model.register(NewHousehold("", address.trim(), head.trim(), size.toLongOrNull() ?: 0L)).invokeOnCompletion {
                if (model.state.value.error == null) { head = ""; address = ""; size = ""; nav.edited() }
            }
        }) { Text(stringResource(R.string.household_register)) }
        state.households.forEach { h ->
            ListItem(
                headlineContent = { Text(stringResource(R.string.household_row, h.head, h.address)) },
                supportingContent = {
                    val last = h.lastVisitMs
                    Text(if (last == null) stringResource(R.string.household_never_visited) else stringResource(R.string.household_visits, h.visits, formatDate(last)))
                },
                modifier = Modifier.clickable { nav.go(Route.Household(h.id)) },
            )
        }
    }
}

/** One household: its tags, and visits by phone, WeChat, video or at the door. */
@Composable
fun HouseholdScreen(steppe: Steppe, household: String, nav: Nav) {
    val model = rememberModel("household:$household") { HouseholdModel(steppe, household, it) }
    val state by model.state.collectAsStateWithLifecycle()
    var note by rememberSaveable(household) { mutableStateOf("") }
    var followUp by rememberSaveable(household) { mutableStateOf(false) }
    Column(Modifier.verticalScroll(rememberScrollState())) {
        TextButton(onClick = nav.back) { Text(stringResource(R.string.back)) }
        ErrorLine(state.error) { model.dismissError() }
        val d = state.detail ?: return@Column
        Heading(stringResource(R.string.household_row, d.head, d.address))
        UnconfirmedMark(state.unconfirmed)
        Row(Modifier.horizontalScroll(rememberScrollState())) {
            HouseholdTag.entries.forEach { t ->
                val on = t in d.tags
                FilterChip(on, { model.tag(t, !on); nav.edited() }, { Text(stringResource(tagLabel(t))) })
            }
        }
        Field(note, { note = it }, R.string.visit_note)
        Row {
            Checkbox(followUp, { followUp = it })
            Text(stringResource(R.string.visit_follow_up))
        }
        Row(Modifier.horizontalScroll(rememberScrollState())) {
            VisitMode.entries.forEach { m ->
                TextButton(onClick = { model.visit(m, note, followUp); nav.edited() }) { Text(stringResource(visitLabel(m))) }
            }
        }
        d.visits.forEach { v ->
            val mark = if (v.followUp) stringResource(R.string.visit_follow_up) else ""
            Text(stringResource(R.string.timeline_item, formatTime(v.atMs), wordsFor(v.modeKey) + mark, v.visitor, v.note))
        }
    }
}

/** 双报到: this year's service totals and logging an entry. */
@Composable
fun MemberServiceScreen(steppe: Steppe, community: String, nav: Nav) {
    val model = rememberModel("service:$community") {
        // The year runs in China Standard Time, as the totals are reported.
        val start = ZonedDateTime.now(ZoneId.of("Asia/Shanghai")).withDayOfYear(1).toLocalDate().atStartOfDay(ZoneId.of("Asia/Shanghai"))
        MemberServiceModel(steppe, community, it, start.toInstant().toEpochMilli(), start.plusYears(1).toInstant().toEpochMilli())
    }
    val state by model.state.collectAsStateWithLifecycle()
    var minutes by rememberSaveable { mutableStateOf("") }
    var people by rememberSaveable { mutableStateOf("") }
    var description by rememberSaveable { mutableStateOf("") }
    Column(Modifier.verticalScroll(rememberScrollState())) {
        ErrorLine(state.error) { model.dismissError() }
        state.totals?.let { Text(stringResource(R.string.service_totals, it.entries, it.minutes, it.peopleServed)) }
        Field(minutes, { minutes = it.filter(Char::isDigit) }, R.string.service_minutes)
        Field(people, { people = it.filter(Char::isDigit) }, R.string.service_people)
        Field(description, { description = it }, R.string.service_description)
        TextButton(onClick = {
            model.log(minutes.toLongOrNull() ?: 0L, people.toLongOrNull() ?: 0L, description); nav.edited()
        }) { Text(stringResource(R.string.service_log)) }
    }
}
