package org.steppe.screens

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import org.steppe.Steppe
import org.steppe.ffi.EvaluationDetail
import org.steppe.ffi.EvaluationResult
import org.steppe.ffi.Grade
import org.steppe.ffi.GradeVotes
import org.steppe.ffi.ItemKind
import org.steppe.ffi.MeetingKind
import org.steppe.ffi.MemberItem
import org.steppe.ffi.NewOrgLifeMeeting
import org.steppe.ffi.NewRectification
import org.steppe.ffi.OrgLifeDetail
import org.steppe.ffi.OrgLifeRow

data class BranchLifeState(
    val meetings: List<OrgLifeRow> = emptyList(),
    val recorded: String? = null,
    /** The branch's people, and the year's democratic evaluations (one per member evaluated). */
    val members: List<MemberItem> = emptyList(),
    val evaluations: List<EvaluationResult> = emptyList(),
    /** The evaluation just opened, to navigate to. */
    val openedEvaluation: String? = null,
    val error: UiError? = null,
)

/**
 * A branch secretary's organisational-life meetings and recording one; the democratic evaluation
 * of [year]: who has been evaluated, opening one for a member.
 */
class BranchLifeModel(
    private val steppe: Steppe,
    private val branch: String,
    private val year: Long,
    scope: CoroutineScope,
) : ScreenModel<BranchLifeState>(BranchLifeState(), scope) {
    override fun BranchLifeState.withError(error: UiError?) = copy(error = error)

    init {
        follow(steppe.orgLifeMeetings(branch)) { copy(meetings = it) }
        follow(steppe.members(branch)) { copy(members = it) }
        follow(steppe.evaluationResults(branch, year)) { copy(evaluations = it) }
    }

    fun record(kind: MeetingKind, heldAtMs: Long): Job = intent {
        val id = steppe.recordOrgLifeMeeting(NewOrgLifeMeeting(branch, kind, heldAtMs))
        update { copy(recorded = id) }
    }

    /** Opens [member]'s evaluation of the year, or points at the one already open. */
    fun openEvaluation(member: String): Job = intent {
        val id = state.value.evaluations.firstOrNull { it.member == member }?.id
            ?: steppe.openEvaluation(branch, member, year)
        update { copy(openedEvaluation = id) }
    }
}

data class OrgLifeState(
    val detail: OrgLifeDetail? = null,
    /** The record holds changes from a phone met that the server has not confirmed yet. */
    val unconfirmed: Boolean = false,
    val error: UiError? = null,
)

/** One meeting: opinions gathered, problems found, rectification items with owners and dues. */
class OrgLifeModel(private val steppe: Steppe, private val meeting: String, scope: CoroutineScope) :
    ScreenModel<OrgLifeState>(OrgLifeState(), scope) {
    override fun OrgLifeState.withError(error: UiError?) = copy(error = error)

    init {
        followRecord(steppe, meeting, steppe.orgLifeMeeting(meeting)) { detail, unconfirmed ->
            copy(detail = detail, unconfirmed = unconfirmed)
        }
    }

    fun addItem(kind: ItemKind, text: String): Job = intent { steppe.addOrgLifeItem(meeting, kind, text) }
    fun addRectification(text: String, owner: String, dueMs: Long?): Job =
        intent { steppe.addRectification(NewRectification(meeting, text, owner, dueMs)) }
    fun complete(item: String): Job = intent { steppe.completeRectification(meeting, item) }
}

data class EvaluationState(
    val detail: EvaluationDetail? = null,
    /** The record holds changes from a phone met that the server has not confirmed yet. */
    val unconfirmed: Boolean = false,
    val error: UiError? = null,
)

/** One member's annual democratic evaluation, step by step. */
class EvaluationModel(private val steppe: Steppe, private val evaluation: String, scope: CoroutineScope) :
    ScreenModel<EvaluationState>(EvaluationState(), scope) {
    override fun EvaluationState.withError(error: UiError?) = copy(error = error)

    init {
        // Loading must not clear an error a first command left: it may finish after that command.
        intent(clearsError = false) { load() }
    }

    private suspend fun load() {
        val detail = steppe.evaluation(evaluation)
        val unconfirmed = steppe.isUnconfirmed(evaluation)
        update { copy(detail = detail, unconfirmed = unconfirmed) }
    }

    private fun step(block: suspend () -> Unit) = intent {
        block()
        load()
    }

    fun assessSelf(text: String) = step { steppe.assessSelf(evaluation, text) }
    fun assessMutually(text: String) = step { steppe.assessMutually(evaluation, text) }
    fun recordVotes(votes: Map<Grade, Long>) = step { steppe.recordVotes(evaluation, votes.map { GradeVotes(it.key, it.value) }) }
    /** Records the grade the tallies give ([EvaluationDetail.tallied]); never one chosen beside them. */
    fun recordResult() = step { steppe.recordEvaluationResult(evaluation) }
}
