package org.steppe.screens

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import org.steppe.Steppe
import org.steppe.ffi.DecideRequest
import org.steppe.ffi.EvaluateRequest
import org.steppe.ffi.HouseholdDetail
import org.steppe.ffi.HouseholdRow
import org.steppe.ffi.HouseholdTag
import org.steppe.ffi.NewHousehold
import org.steppe.ffi.NewJointMeeting
import org.steppe.ffi.NewMemberService
import org.steppe.ffi.NewRequest
import org.steppe.ffi.NewVisit
import org.steppe.ffi.RequestDetail
import org.steppe.ffi.RequestRow
import org.steppe.ffi.RequestStep
import org.steppe.ffi.ServiceTotals
import org.steppe.ffi.VisitMode

data class RequestsState(
    val requests: List<RequestRow> = emptyList(),
    val step: RequestStep? = null,
    val raised: String? = null,
    val error: UiError? = null,
)

/** A community's residents' requests, by step, and taking a new one down (民事民提). */
class RequestsModel(private val steppe: Steppe, private val community: String, scope: CoroutineScope) :
    ScreenModel<RequestsState>(RequestsState(), scope) {
    private val list = Filtered(null as RequestStep?, { steppe.requests(community, it) }) { copy(requests = it) }

    override fun RequestsState.withError(error: UiError?) = copy(error = error)

    fun show(step: RequestStep?) {
        update { copy(step = step) }
        list.show(step)
    }

    fun raise(request: NewRequest): Job = intent {
        val id = steppe.raiseRequest(request.copy(community = community))
        update { copy(raised = id) }
    }

    /** A joint meeting (三方协商议事会) and its decisions, each settling a request where named. */
    fun recordMeeting(meeting: NewJointMeeting, decisions: List<Pair<String, String?>>): Job = intent {
        val id = steppe.recordJointMeeting(meeting.copy(community = community))
        decisions.forEach { (text, request) ->
            steppe.addMeetingDecision(id, text, request)
            if (request != null) steppe.decideRequest(DecideRequest(request, text, id))
        }
    }
}

data class RequestState(
    val detail: RequestDetail? = null,
    /** The record holds changes from a phone met that the server has not confirmed yet. */
    val unconfirmed: Boolean = false,
    val error: UiError? = null,
)

/** One request through its steps; an unsatisfied evaluation reopens it for another round. */
class RequestModel(private val steppe: Steppe, private val request: String, scope: CoroutineScope) :
    ScreenModel<RequestState>(RequestState(), scope) {
    override fun RequestState.withError(error: UiError?) = copy(error = error)

    init {
        followRecord(steppe, request, steppe.request(request)) { detail, unconfirmed -> copy(detail = detail, unconfirmed = unconfirmed) }
    }

    fun discuss(note: String): Job = intent { steppe.discussRequest(request, note) }
    fun decide(decision: String, meeting: String? = null): Job = intent { steppe.decideRequest(DecideRequest(request, decision, meeting)) }
    fun carryOut(report: String): Job = intent { steppe.carryOutRequest(request, report) }
    /** The residents' verdict, collected from [residents] by this phone's user (not whoever did the work). */
    fun evaluate(satisfied: Boolean, comment: String, residents: List<String>): Job =
        intent { steppe.evaluateRequest(EvaluateRequest(request, satisfied, comment, residents)) }
}

data class HouseholdsState(
    val households: List<HouseholdRow> = emptyList(),
    val tag: HouseholdTag? = null,
    val registered: String? = null,
    val error: UiError? = null,
)

/** A grid's households, filtered by tag (独居, 高龄老人…), and registering one. */
class HouseholdsModel(private val steppe: Steppe, private val grid: String, scope: CoroutineScope) :
    ScreenModel<HouseholdsState>(HouseholdsState(), scope) {
    private val list = Filtered(null as HouseholdTag?, { steppe.households(grid, it) }) { copy(households = it) }

    override fun HouseholdsState.withError(error: UiError?) = copy(error = error)

    fun show(tag: HouseholdTag?) {
        update { copy(tag = tag) }
        list.show(tag)
    }

    fun register(household: NewHousehold): Job = intent {
        val id = steppe.registerHousehold(household.copy(grid = grid))
        update { copy(registered = id) }
    }
}

data class HouseholdState(
    val detail: HouseholdDetail? = null,
    /** The record holds changes from a phone met that the server has not confirmed yet. */
    val unconfirmed: Boolean = false,
    val error: UiError? = null,
)

/** One household: tags and visits (phone, WeChat, video, door), with follow-ups. */
class HouseholdModel(private val steppe: Steppe, private val household: String, scope: CoroutineScope) :
    ScreenModel<HouseholdState>(HouseholdState(), scope) {
    override fun HouseholdState.withError(error: UiError?) = copy(error = error)

    init {
        followRecord(steppe, household, steppe.household(household)) { detail, unconfirmed ->
            copy(detail = detail, unconfirmed = unconfirmed)
        }
    }

    fun visit(mode: VisitMode, note: String, followUp: Boolean = false): Job =
        intent { steppe.logVisit(NewVisit(household, mode, note, followUp)) }

    fun tag(tag: HouseholdTag, on: Boolean): Job = intent { steppe.tagHousehold(household, tag, on) }
}

data class MemberServiceState(val totals: ServiceTotals? = null, val error: UiError? = null)

/** An in-service member's service entries (双报到) and this year's totals. */
class MemberServiceModel(
    private val steppe: Steppe,
    private val community: String,
    scope: CoroutineScope,
    private val fromMs: Long,
    private val toMs: Long,
) : ScreenModel<MemberServiceState>(MemberServiceState(), scope) {
    override fun MemberServiceState.withError(error: UiError?) = copy(error = error)

    init {
        intent(clearsError = false) { load() }
    }

    private suspend fun load() {
        val totals = steppe.memberServiceTotals(steppe.userId, fromMs, toMs)
        update { copy(totals = totals) }
    }

    fun log(minutes: Long, peopleServed: Long, description: String): Job = intent {
        steppe.logMemberService(NewMemberService(steppe.userId, community, minutes, peopleServed, description))
        load()
    }
}
