package org.steppe

import java.io.Closeable
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.conflate
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.steppe.ffi.Attendance
import org.steppe.ffi.BundleFile
import org.steppe.ffi.CaseDetail
import org.steppe.ffi.CaseRow
import org.steppe.ffi.CaseStatus
import org.steppe.ffi.ChangeListener
import org.steppe.ffi.CloseCase
import org.steppe.ffi.ConflictItem
import org.steppe.ffi.DecideRequest
import org.steppe.ffi.DeviceCertificate
import org.steppe.ffi.Enrollment
import org.steppe.ffi.EvaluateRequest
import org.steppe.ffi.EvaluationDetail
import org.steppe.ffi.EvaluationResult
import org.steppe.ffi.Grade
import org.steppe.ffi.GradeVotes
import org.steppe.ffi.HistoryItem
import org.steppe.ffi.HouseholdDetail
import org.steppe.ffi.HouseholdRow
import org.steppe.ffi.HouseholdTag
import org.steppe.ffi.HttpTransport
import org.steppe.ffi.ItemKind
import org.steppe.ffi.JointMeetingDetail
import org.steppe.ffi.Lecturer
import org.steppe.ffi.NewCase
import org.steppe.ffi.NewCourse
import org.steppe.ffi.NewHousehold
import org.steppe.ffi.NewJointMeeting
import org.steppe.ffi.NewMemberService
import org.steppe.ffi.NewOrgLifeMeeting
import org.steppe.ffi.NewRectification
import org.steppe.ffi.NewRequest
import org.steppe.ffi.NewServiceEntry
import org.steppe.ffi.NewSession
import org.steppe.ffi.NewVisit
import org.steppe.ffi.OrgCounts
import org.steppe.ffi.OrgLifeDetail
import org.steppe.ffi.OrgLifeRow
import org.steppe.ffi.PeerLink
import org.steppe.ffi.RecordKind
import org.steppe.ffi.CourseItem
import org.steppe.ffi.MemberItem
import org.steppe.ffi.MeetingSummary
import org.steppe.ffi.MemberRefusal
import org.steppe.ffi.RejectedChange
import org.steppe.ffi.RequestDetail
import org.steppe.ffi.RequestRow
import org.steppe.ffi.RequestStep
import org.steppe.ffi.RoleAt
import org.steppe.ffi.RollEntry
import org.steppe.ffi.ServiceCount
import org.steppe.ffi.ServiceTotals
import org.steppe.ffi.SessionMode
import org.steppe.ffi.SessionRow
import org.steppe.ffi.SteppeException
import org.steppe.ffi.SteppeStore
import org.steppe.ffi.SyncCancel
import org.steppe.ffi.SyncProgress
import org.steppe.ffi.SyncProgressListener
import org.steppe.ffi.SyncSummary
import org.steppe.ffi.TrainingArchive
import org.steppe.ffi.tablesOfKind

/**
 * Steppe on a phone: the local store of an enrolled device and its sync with the server.
 *
 * Every function is `suspend` and runs on [io] (never the caller's thread: safe from the main
 * thread); lists are [Flow]s that emit again whenever a write or a sync changes the records
 * under them. Rules live in the Rust core: a refused command throws
 * [org.steppe.ffi.SteppeException.Rule] with a code and the field at fault, which screens map to
 * their own strings ([org.steppe.screens.UiError]). Close it (`use {}`) when the app no longer
 * needs it.
 */
class Steppe private constructor(
    private val store: SteppeStore,
    private val serverUrl: String,
    private val token: String,
    private val transport: HttpTransport,
    private val io: CoroutineDispatcher,
) : Closeable {

    companion object {
        /** Trades a one-time code for this device's enrollment. Keep [Enrollment.token] in the Keystore. */
        suspend fun enroll(
            serverUrl: String,
            code: String,
            deviceName: String,
            transport: HttpTransport = UrlConnectionTransport(),
            io: CoroutineDispatcher = Dispatchers.IO,
        ): Enrollment = withContext(io) {
            org.steppe.ffi.enroll(transport, serverUrl, code, deviceName)
        }

        /**
         * A new random key for the store's encryption, for the first launch. Keep it in the
         * Keystore: without it the store cannot be read again.
         */
        fun newStoreKey(): ByteArray = org.steppe.ffi.generateStoreKey()

        /**
         * Opens (creating if needed) the store at [path] for an enrolled device, encrypted under
         * [key]. A store created under another key throws [org.steppe.ffi.SteppeException.WrongKey].
         */
        suspend fun open(
            path: String,
            enrollment: Enrollment,
            key: ByteArray,
            serverUrl: String,
            transport: HttpTransport = UrlConnectionTransport(),
            io: CoroutineDispatcher = Dispatchers.IO,
        ): Steppe = withContext(io) {
            Steppe(SteppeStore.open(path, enrollment, key), serverUrl, enrollment.token, transport, io)
        }

        /**
         * Deletes the (closed) store at [path], after the server revoked this device or its key
         * was lost: forget the key and enrollment too, then enroll again for a new store.
         */
        suspend fun wipe(path: String, io: CoroutineDispatcher = Dispatchers.IO) = withContext(io) {
            org.steppe.ffi.wipeStore(path)
        }
    }

    /**
     * Re-encrypts the store under [newKey]. Replace the saved key only after this returns: until
     * then the old key still opens the store.
     */
    suspend fun rekey(newKey: ByteArray) = onIo { store.rekey(newKey) }

    /** The signed-in member's person id. */
    val userId: String get() = store.userId()

    /** This device's id, as the server enrolled it. */
    val deviceId: String get() = store.deviceId()

    private suspend fun <T> onIo(block: () -> T): T = withContext(io) { block() }

    /**
     * Emits [query]'s result now and again after every committed change to a record of one of
     * [kinds] (the tables each kind is projected into come from the core); bursts collapse into
     * one refresh. The subscription ends with the collector.
     */
    fun <T> watch(vararg kinds: RecordKind, query: SteppeStore.() -> T): Flow<T> {
        val interest = kinds.flatMap { tablesOfKind(it) }.toSet()
        return callbackFlow {
            val subscription = store.observe(object : ChangeListener {
                override fun onChange(tables: List<String>) {
                    if (tables.any { it in interest }) trySend(Unit)
                }
            })
            trySend(Unit)
            awaitClose { subscription.close() }
        }.conflate().map { onIo { store.query() } }
    }

    // 警地联调: mediation cases, legal-advice and difficulty entries.

    /** Opens a case; `NewCase(branch = …, category = …, …)` (mediators default to none). Returns its id. */
    suspend fun openCase(case: NewCase): String = onIo { store.openCase(case) }
    suspend fun addCaseNote(caseId: String, body: String): String = onIo { store.addCaseNote(caseId, body) }
    suspend fun addCaseVisit(caseId: String, body: String): String = onIo { store.addCaseVisit(caseId, body) }
    suspend fun closeCase(close: CloseCase) = onIo { store.closeCase(close) }
    suspend fun reopenCase(caseId: String, reason: String): String = onIo { store.reopenCase(caseId, reason) }
    suspend fun addFollowUp(caseId: String, note: String): String = onIo { store.addFollowUp(caseId, note) }
    suspend fun caseDetail(caseId: String): CaseDetail = onIo { store.caseDetail(caseId) }
    suspend fun logService(entry: NewServiceEntry): String = onIo { store.logService(entry) }
    suspend fun serviceCounts(branch: String, fromMs: Long, toMs: Long): List<ServiceCount> =
        onIo { store.serviceCounts(branch, fromMs, toMs) }

    /** A branch's services per kind in `[fromMs, toMs)`, as they change. */
    fun services(branch: String, fromMs: Long, toMs: Long): Flow<List<ServiceCount>> =
        watch(RecordKind.SERVICE_LOG) { serviceCounts(branch, fromMs, toMs) }

    fun cases(branch: String, status: CaseStatus? = null): Flow<List<CaseRow>> =
        watch(RecordKind.MEDIATION_CASE) { cases(branch, status, 500u, 0u) }

    fun case(caseId: String): Flow<CaseDetail> = watch(RecordKind.MEDIATION_CASE) { caseDetail(caseId) }

    // 基层党校: courses, sessions, check-in and attendance, the training archive.

    /** Creates a course of a Party school (the lecturer defaults to none). Returns its id. */
    suspend fun createCourse(course: NewCourse): String = onIo { store.createCourse(course) }
    suspend fun scheduleSession(session: NewSession): String = onIo { store.scheduleSession(session) }
    suspend fun cancelSession(session: String) = onIo { store.cancelSession(session) }
    suspend fun lecturers(pool: String): List<Lecturer> = onIo { store.lecturers(pool) }

    /** A school's courses, by title (to schedule sessions of). */
    fun courses(school: String): Flow<List<CourseItem>> = watch(RecordKind.COURSE) { courses(school) }

    /** The lecturers a school may draw on: its own pool's and every unit's above it. */
    fun lecturersForSchool(school: String): Flow<List<Lecturer>> =
        watch(RecordKind.LECTURER) { lecturersForSchool(school) }
    /** Checks this user in; online from another school's site, [receivingSchool] names it. */
    suspend fun checkIn(session: String, via: SessionMode, receivingSchool: String? = null) =
        onIo { store.checkIn(session, via, receivingSchool) }
    suspend fun markAttendance(session: String, member: String, attendance: Attendance) =
        onIo { store.markAttendance(session, member, attendance) }

    fun scheduleThisWeek(member: String = userId): Flow<List<SessionRow>> =
        watch(RecordKind.SESSION, RecordKind.COURSE, RecordKind.ORGANISATION, RecordKind.PERSON) {
            scheduleThisWeek(member)
        }

    /** Sessions of every school on the member's path in `[fromMs, toMs)`. */
    fun schedule(fromMs: Long, toMs: Long, member: String = userId): Flow<List<SessionRow>> =
        watch(RecordKind.SESSION, RecordKind.COURSE, RecordKind.ORGANISATION, RecordKind.PERSON) {
            schedule(member, fromMs, toMs)
        }

    fun sessionsOfSchool(school: String, fromMs: Long, toMs: Long): Flow<List<SessionRow>> =
        watch(RecordKind.SESSION, RecordKind.COURSE) { sessionsOfSchool(school, fromMs, toMs) }

    fun roll(session: String): Flow<List<RollEntry>> =
        watch(RecordKind.SESSION, RecordKind.PERSON) { sessionRoll(session) }

    fun trainingArchive(year: Int, member: String = userId): Flow<TrainingArchive> =
        watch(RecordKind.SESSION) { trainingArchive(member, year) }

    // 民事民提 → 民事民评, joint meetings, households, 双报到.

    suspend fun raiseRequest(request: NewRequest): String = onIo { store.raiseRequest(request) }
    suspend fun discussRequest(request: String, note: String) = onIo { store.discussRequest(request, note) }
    suspend fun decideRequest(decide: DecideRequest) = onIo { store.decideRequest(decide) }
    suspend fun carryOutRequest(request: String, report: String) = onIo { store.carryOutRequest(request, report) }
    suspend fun evaluateRequest(evaluation: EvaluateRequest) = onIo { store.evaluateRequest(evaluation) }
    suspend fun recordJointMeeting(meeting: NewJointMeeting): String = onIo { store.recordJointMeeting(meeting) }
    suspend fun addMeetingDecision(meeting: String, text: String, request: String? = null): String =
        onIo { store.addMeetingDecision(meeting, text, request) }
    suspend fun jointMeeting(meeting: String): JointMeetingDetail = onIo { store.jointMeeting(meeting) }

    fun requests(community: String, step: RequestStep? = null): Flow<List<RequestRow>> =
        watch(RecordKind.RESIDENT_REQUEST) { requests(community, step, 500u, 0u) }

    fun request(request: String): Flow<RequestDetail> = watch(RecordKind.RESIDENT_REQUEST) { requestDetail(request) }

    suspend fun registerHousehold(household: NewHousehold): String = onIo { store.registerHousehold(household) }
    suspend fun tagHousehold(household: String, tag: HouseholdTag, on: Boolean) =
        onIo { store.tagHousehold(household, tag, on) }
    suspend fun logVisit(visit: NewVisit): String = onIo { store.logVisit(visit) }

    fun households(grid: String, tag: HouseholdTag? = null): Flow<List<HouseholdRow>> =
        watch(RecordKind.HOUSEHOLD) { households(grid, tag, 500u, 0u) }

    fun household(household: String): Flow<HouseholdDetail> =
        watch(RecordKind.HOUSEHOLD) { householdDetail(household) }

    suspend fun logMemberService(service: NewMemberService): String = onIo { store.logMemberService(service) }
    suspend fun memberServiceTotals(member: String, fromMs: Long, toMs: Long): ServiceTotals =
        onIo { store.memberServiceTotals(member, fromMs, toMs) }

    // Branch life: organisational-life meetings, democratic evaluation.

    suspend fun recordOrgLifeMeeting(meeting: NewOrgLifeMeeting): String = onIo { store.recordOrgLifeMeeting(meeting) }
    suspend fun addOrgLifeItem(meeting: String, kind: ItemKind, text: String): String =
        onIo { store.addOrgLifeItem(meeting, kind, text) }
    suspend fun addRectification(item: NewRectification): String = onIo { store.addRectification(item) }
    suspend fun completeRectification(meeting: String, item: String) = onIo { store.completeRectification(meeting, item) }

    fun orgLifeMeetings(branch: String): Flow<List<OrgLifeRow>> =
        watch(RecordKind.ORG_LIFE_MEETING) { orgLifeMeetings(branch) }

    fun orgLifeMeeting(meeting: String): Flow<OrgLifeDetail> =
        watch(RecordKind.ORG_LIFE_MEETING) { orgLifeMeeting(meeting) }

    suspend fun openEvaluation(branch: String, member: String, year: Long): String =
        onIo { store.openEvaluation(branch, member, year) }
    suspend fun assessSelf(evaluation: String, text: String) = onIo { store.assessSelf(evaluation, text) }
    suspend fun assessMutually(evaluation: String, text: String) = onIo { store.assessMutually(evaluation, text) }
    suspend fun recordVotes(evaluation: String, votes: List<GradeVotes>) = onIo { store.recordVotes(evaluation, votes) }
    /** Records the grade the vote gives under the branch's rule, and returns it. */
    suspend fun recordEvaluationResult(evaluation: String): Grade =
        onIo { store.recordEvaluationResult(evaluation) }
    suspend fun evaluation(evaluation: String): EvaluationDetail = onIo { store.evaluation(evaluation) }

    fun evaluationResults(branch: String, year: Long): Flow<List<EvaluationResult>> =
        watch(RecordKind.DEMOCRATIC_EVALUATION, RecordKind.PERSON) { evaluationResults(branch, year) }

    /** The people of a unit, by name (whom a secretary evaluates). */
    fun members(org: String): Flow<List<MemberItem>> = watch(RecordKind.PERSON) { members(org) }

    // Review: roles, overview, history, conflicts, rejected changes.

    /** The roles the signed-in member holds, with their organisations (where each screen starts). */
    fun myRoles(): Flow<List<RoleAt>> = watch(RecordKind.PERSON, RecordKind.ORGANISATION) { myRoles() }

    /** Counts for [root] and every organisation below it, each row totalling its subtree. */
    fun overview(root: String): Flow<List<OrgCounts>> =
        watch(*RecordKind.entries.toTypedArray()) { orgOverview(root) }

    suspend fun history(record: String): List<HistoryItem> = onIo { store.history(record) }

    fun conflicts(record: String? = null): Flow<List<ConflictItem>> =
        watch(*RecordKind.entries.toTypedArray()) { conflicts(record) }

    suspend fun resolveConflict(conflict: ConflictItem, choice: Int) =
        onIo { store.resolveConflict(conflict.record, conflict.`object`, conflict.key, choice.toUInt()) }

    suspend fun rejectedChanges(): List<RejectedChange> = onIo { store.rejectedChanges() }

    /** Members' changes the server refused, newest first: every member's in this phone's reach. */
    fun memberRefusals(): Flow<List<MemberRefusal>> =
        watch(RecordKind.REJECTED_UPLOAD, RecordKind.ORGANISATION) { memberRefusals() }

    // Sync.

    /**
     * Uploads what waits and downloads what is new; retries with backoff while offline. Cancelling
     * the calling coroutine stops the exchange at its next safe point (between pages): what was
     * applied stays, and the next sync resumes from there.
     */
    suspend fun sync(onProgress: ((SyncProgress) -> Unit)? = null): SyncSummary = coroutineScope {
        val cancel = SyncCancel()
        // Turns this coroutine's cancellation into the core's cancel while the blocking call runs.
        val watcher = launch(start = CoroutineStart.UNDISPATCHED) {
            try {
                awaitCancellation()
            } finally {
                cancel.cancel()
            }
        }
        val listener = onProgress?.let { callback ->
            object : SyncProgressListener {
                override fun onProgress(progress: SyncProgress) = callback(progress)
            }
        }
        try {
            withContext(io) { store.sync(transport, serverUrl, token, listener, cancel) }
        } catch (e: SteppeException.Cancelled) {
            throw CancellationException("sync cancelled").apply { initCause(e) }
        } finally {
            watcher.cancel()
        }
    }

    suspend fun pendingUploads(): Long = onIo { store.pendingUploads().toLong() }

    /** When this device last finished a sync with nothing left to send or fetch, if ever. */
    suspend fun lastSyncedAtMs(): Long? = onIo { store.lastSyncedAtMs() }

    // Where there is no signal (ADR 0011): files the app carries however it can.

    /** This phone's unsent changes, signed, as a file for the server to import. */
    suspend fun exportBundle(): BundleFile = onIo { store.exportBundle() }

    /** Applies the server's file of this phone's unit; the changes new here. */
    suspend fun importBundle(bytes: ByteArray): Long = onIo { store.importBundle(bytes).toLong() }

    /** Fetches the server's file of [org] (a unit this user reads) and applies it, to hand on to phones met there. */
    suspend fun fetchUnitBundle(org: String): Long = onIo { store.fetchUnitBundle(transport, serverUrl, token, org).toLong() }

    /** The certificate the server signed for this phone at its last sync, if any. */
    suspend fun certificate(): DeviceCertificate? = onIo { store.certificate() }

    /** Meets the phone at the other end of [link] ([initiator]: this phone opened it). */
    suspend fun meet(link: PeerLink, initiator: Boolean): MeetingSummary = onIo { store.meet(link, initiator) }

    /** Sealed items this phone carries for the server, handed over after its next sync. */
    suspend fun carriedCount(): Long = onIo { store.carriedCount().toLong() }

    /** Whether [record] holds changes from a phone met that the server has not confirmed yet. */
    suspend fun isUnconfirmed(record: String): Boolean = onIo { store.isUnconfirmed(record) }

    override fun close() {
        store.close()
    }
}
