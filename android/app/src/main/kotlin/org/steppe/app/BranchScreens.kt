package org.steppe.app

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
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
import org.steppe.Steppe
import org.steppe.ffi.Grade
import org.steppe.ffi.ItemKind
import org.steppe.ffi.MeetingKind
import org.steppe.screens.BranchLifeModel
import org.steppe.screens.EvaluationModel
import org.steppe.screens.OrgLifeModel
import org.steppe.screens.chinaYear

fun gradeLabel(g: Grade): Int = when (g) {
    Grade.EXCELLENT -> R.string.grade_excellent
    Grade.QUALIFIED -> R.string.grade_qualified
    Grade.BASICALLY_QUALIFIED -> R.string.grade_basically_qualified
    Grade.UNQUALIFIED -> R.string.grade_unqualified
}

/**
 * A branch's organisational-life meetings, recording one held now; this year's democratic
 * evaluation: each member with their grade, a tap opening their evaluation.
 */
@Composable
fun BranchLifeScreen(steppe: Steppe, branch: String, nav: Nav) {
    val year = chinaYear().toLong()
    val model = rememberModel("branch:$branch:$year") { BranchLifeModel(steppe, branch, year, it) }
    val state by model.state.collectAsStateWithLifecycle()
    Column(Modifier.verticalScroll(rememberScrollState())) {
        ErrorLine(state.error) { model.dismissError() }
        Row {
            TextButton(onClick = { model.record(MeetingKind.ORGANISATIONAL_LIFE, System.currentTimeMillis()); nav.edited() }) {
                Text(stringResource(R.string.meeting_record_org_life))
            }
            TextButton(onClick = { model.record(MeetingKind.DEMOCRATIC_LIFE, System.currentTimeMillis()); nav.edited() }) {
                Text(stringResource(R.string.meeting_record_democratic_life))
            }
        }
        state.meetings.forEach { m ->
            ListItem(
                headlineContent = { Text(stringResource(R.string.meeting_row, wordsFor(m.kindKey), formatDate(m.heldAtMs))) },
                supportingContent = { Text(stringResource(R.string.meeting_items, m.openItems, m.doneItems)) },
                modifier = Modifier.clickable { nav.go(Route.OrgLife(m.id)) },
            )
        }
        Heading(stringResource(R.string.evaluation_year, year))
        state.members.forEach { p ->
            val grade = state.evaluations.firstOrNull { it.member == p.id }?.grade
            ListItem(
                headlineContent = { Text(stringResource(R.string.evaluation_member, p.name, wordsFor(p.statusKey))) },
                supportingContent = {
                    Text(if (grade != null) stringResource(gradeLabel(grade)) else stringResource(R.string.evaluation_pending))
                },
                modifier = Modifier.clickable {
                    // Navigating when the intent finishes: the model keeps the id in its state.
                    model.openEvaluation(p.id).invokeOnCompletion {
                        val id = model.state.value.openedEvaluation
                        if (model.state.value.error == null && id != null) {
                            nav.edited()
                            nav.go(Route.Evaluation(id))
                        }
                    }
                },
            )
        }
    }
}

/** One meeting: opinions, problems, and rectifications with owner and completion. */
@Composable
fun OrgLifeScreen(steppe: Steppe, meeting: String, nav: Nav) {
    val model = rememberModel("orglife:$meeting") { OrgLifeModel(steppe, meeting, it) }
    val state by model.state.collectAsStateWithLifecycle()
    var text by rememberSaveable(meeting) { mutableStateOf("") }
    var owner by rememberSaveable(meeting) { mutableStateOf("") }
    Column(Modifier.verticalScroll(rememberScrollState())) {
        TextButton(onClick = nav.back) { Text(stringResource(R.string.back)) }
        ErrorLine(state.error) { model.dismissError() }
        val d = state.detail ?: return@Column
        Heading(stringResource(R.string.meeting_row, wordsFor(d.kindKey), formatDate(d.heldAtMs)))
        UnconfirmedMark(state.unconfirmed)
        d.items.forEach { Text(stringResource(R.string.meeting_item, wordsFor(it.kindKey), it.text)) }
        Heading(stringResource(R.string.rectifications))
        d.rectifications.forEach { r ->
            Row {
                Text(stringResource(R.string.rectification_row, r.text, r.owner), Modifier.weight(1f))
                if (r.done) {
                    Text(stringResource(R.string.rectification_done))
                } else {
                    TextButton(onClick = { model.complete(r.id); nav.edited() }) { Text(stringResource(R.string.rectification_complete)) }
                }
            }
        }
        Field(text, { text = it }, R.string.meeting_text)
        Field(owner, { owner = it }, R.string.rectification_owner)
        Row {
            TextButton(onClick = { model.addItem(ItemKind.OPINION, text); nav.edited() }) { Text(stringResource(R.string.item_opinion)) }
            TextButton(onClick = { model.addItem(ItemKind.TALK, text); nav.edited() }) { Text(stringResource(R.string.item_talk)) }
            TextButton(onClick = { model.addItem(ItemKind.PROBLEM, text); nav.edited() }) { Text(stringResource(R.string.item_problem)) }
            TextButton(onClick = { model.addRectification(text, owner, null); nav.edited() }) { Text(stringResource(R.string.rectification_add)) }
        }
    }
}

/** One member's democratic evaluation: self, mutual, votes, result. */
@Composable
fun EvaluationScreen(steppe: Steppe, evaluation: String, nav: Nav) {
    val model = rememberModel("evaluation:$evaluation") { EvaluationModel(steppe, evaluation, it) }
    val state by model.state.collectAsStateWithLifecycle()
    var text by rememberSaveable(evaluation) { mutableStateOf("") }
    val votes = Grade.entries.associateWith { g -> rememberSaveable(evaluation, g.name) { mutableStateOf("") } }
    Column(Modifier.verticalScroll(rememberScrollState())) {
        TextButton(onClick = nav.back) { Text(stringResource(R.string.back)) }
        ErrorLine(state.error) { model.dismissError() }
        val d = state.detail ?: return@Column
        UnconfirmedMark(state.unconfirmed)
        Text(stringResource(R.string.evaluation_self, d.selfAssessment ?: stringResource(R.string.not_yet)))
        d.mutualAssessment?.let { Text(stringResource(R.string.evaluation_mutual, it)) }
        d.mutual.forEach { Text(stringResource(R.string.evaluation_mutual, it.text)) }
        if (d.mutualAssessment == null && d.mutual.isEmpty()) {
            Text(stringResource(R.string.evaluation_mutual, stringResource(R.string.not_yet)))
        }
        d.votes.forEach { Text(stringResource(R.string.evaluation_votes_row, stringResource(gradeLabel(it.grade)), it.votes)) }
        Text(stringResource(R.string.evaluation_rule, d.passPercent.toInt()))
        d.resultKey?.let { wordsFor(it) }?.let { Text(stringResource(R.string.evaluation_result, it)) }
        Field(text, { text = it }, R.string.evaluation_text)
        // The self-assessment is the member's own; the others assess them mutually.
        if (d.mine) {
            TextButton(onClick = { model.assessSelf(text); nav.edited() }) { Text(stringResource(R.string.evaluation_assess_self)) }
        } else {
            TextButton(onClick = { model.assessMutually(text); nav.edited() }) { Text(stringResource(R.string.evaluation_assess_mutual)) }
        }
        votes.forEach { (g, v) -> Field(v.value, { v.value = it.filter(Char::isDigit) }, gradeLabel(g)) }
        TextButton(onClick = {
            model.recordVotes(votes.mapValues { it.value.value.toLongOrNull() ?: 0L }); nav.edited()
        }) { Text(stringResource(R.string.evaluation_record_votes)) }
        d.tallied?.let { Text(stringResource(R.string.evaluation_tallied, stringResource(gradeLabel(it)))) }
        TextButton(onClick = { model.recordResult(); nav.edited() }) { Text(stringResource(R.string.evaluation_record_result)) }
    }
}
