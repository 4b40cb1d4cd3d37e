package org.steppe.screens

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.map
import org.steppe.Steppe
import org.steppe.ffi.CaseDetail
import org.steppe.ffi.CaseRow
import org.steppe.ffi.CaseStatus
import org.steppe.ffi.CloseCase
import org.steppe.ffi.ConflictItem
import org.steppe.ffi.HistoryItem
import org.steppe.ffi.NewCase
import org.steppe.ffi.NewServiceEntry
import org.steppe.ffi.Outcome
import org.steppe.ffi.ServiceCount

data class CasesState(
    val cases: List<CaseRow> = emptyList(),
    val filter: CaseStatus? = CaseStatus.OPEN,
    /** The case just opened, for the screen to navigate to. */
    val opened: String? = null,
    /** This year's legal-advice services, difficulties solved and other services, per kind. */
    val services: List<ServiceCount> = emptyList(),
    val error: UiError? = null,
)

/**
 * A mediator's cases of one branch (open ones first by default), opening a new one, and the
 * year's services logged beside the cases.
 */
class CasesModel(
    private val steppe: Steppe,
    private val branch: String,
    scope: CoroutineScope,
    nowMs: Long = System.currentTimeMillis(),
) : ScreenModel<CasesState>(CasesState(), scope) {
    private val list = Filtered(CaseStatus.OPEN as CaseStatus?, { steppe.cases(branch, it) }) { copy(cases = it) }

    override fun CasesState.withError(error: UiError?) = copy(error = error)

    init {
        val (from, to) = chinaYearBounds(chinaYear(nowMs))
        follow(steppe.services(branch, from, to)) { copy(services = it) }
    }

    fun show(filter: CaseStatus?) {
        update { copy(filter = filter) }
        list.show(filter)
    }

    /** The form's fields; the domain checks them (a place, two parties, a description). */
    fun open(case: NewCase): Job = intent {
        val id = steppe.openCase(case.copy(branch = branch))
        update { copy(opened = id) }
    }

    /** A legal-advice service or a difficulty solved, counted beside the cases. */
    fun logService(entry: NewServiceEntry): Job = intent { steppe.logService(entry.copy(branch = branch)) }
}

data class CaseState(
    val detail: CaseDetail? = null,
    val history: List<HistoryItem> = emptyList(),
    /** The case holds changes from a phone met that the server has not confirmed yet. */
    val unconfirmed: Boolean = false,
    val conflicts: List<ConflictItem> = emptyList(),
    val error: UiError? = null,
)

/**
 * One case: its timeline, outcome, follow-ups, history with names and conflicts. Supervisors
 * open it too; a write they make anyway is kept on the phone and refused by the server at the
 * next sync (listed by [SyncModel]), so the screen hides the actions for roles that lack them.
 */
class CaseModel(private val steppe: Steppe, private val caseId: String, scope: CoroutineScope) :
    ScreenModel<CaseState>(CaseState(), scope) {
    override fun CaseState.withError(error: UiError?) = copy(error = error)

    init {
        // The history is read again whenever the case changes (a write here, or a sync).
        followRecord(steppe, caseId, steppe.case(caseId).map { it to steppe.history(caseId) }) { (detail, history), unconfirmed ->
            copy(detail = detail, history = history, unconfirmed = unconfirmed)
        }
        follow(steppe.conflicts(caseId)) { copy(conflicts = it) }
    }

    fun addNote(body: String) = intent { steppe.addCaseNote(caseId, body) }
    fun addVisit(body: String) = intent { steppe.addCaseVisit(caseId, body) }

    /** [detail] is the agreement's text or where it was referred. */
    fun close(outcome: Outcome, detail: String?) = intent { steppe.closeCase(CloseCase(caseId, outcome, detail)) }
    fun reopen(reason: String) = intent { steppe.reopenCase(caseId, reason) }
    fun followUp(note: String) = intent { steppe.addFollowUp(caseId, note) }
    fun resolve(conflict: ConflictItem, choice: Int) = intent { steppe.resolveConflict(conflict, choice) }
}
