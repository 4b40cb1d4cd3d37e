package org.steppe

import java.io.Closeable
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.conflate
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.withContext
import org.steppe.ffi.CaseDetail
import org.steppe.ffi.CaseRow
import org.steppe.ffi.CaseStatus
import org.steppe.ffi.ChangeListener
import org.steppe.ffi.Enrollment
import org.steppe.ffi.HttpTransport
import org.steppe.ffi.NewCase
import org.steppe.ffi.NewCourse
import org.steppe.ffi.NewSession
import org.steppe.ffi.OrgCounts
import org.steppe.ffi.RecordKind
import org.steppe.ffi.RoleAt
import org.steppe.ffi.Outcome
import org.steppe.ffi.SessionMode
import org.steppe.ffi.SessionRow
import org.steppe.ffi.SteppeStore
import org.steppe.ffi.SyncProgressListener
import org.steppe.ffi.SyncSummary
import org.steppe.ffi.TrainingArchive
import org.steppe.ffi.tablesOfKind

/**
 * Steppe on a phone: the local store of an enrolled device and its sync with the server.
 *
 * Every function is `suspend` and runs on [io] (never the caller's thread: safe from the main
 * thread); lists are [Flow]s that emit again whenever a write or a sync changes the tables under
 * them. Rules live in the Rust core: a refused command throws
 * [org.steppe.ffi.SteppeException.Rule] with the message to show. Close it (`use {}`) when the
 * app no longer needs it.
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
    }

    /**
     * Re-encrypts the store under [newKey]. Replace the saved key only after this returns: until
     * then the old key still opens the store.
     */
    suspend fun rekey(newKey: ByteArray) = onIo { store.rekey(newKey) }

    /** The signed-in member's person id. */
    val userId: String get() = store.userId()

    private suspend fun <T> onIo(block: () -> T): T = withContext(io) { block() }

    /**
     * Emits [query]'s result now and again after every committed change to a record of one of
     * [kinds] (the tables each kind is projected into come from the core); bursts collapse into
     * one refresh. The subscription ends with the collector.
     */
    private fun <T> watch(vararg kinds: RecordKind, query: () -> T): Flow<T> {
        val interest = kinds.flatMap { tablesOfKind(it) }.toSet()
        return callbackFlow {
            val subscription = store.observe(object : ChangeListener {
                override fun onChange(tables: List<String>) {
                    if (tables.any { it in interest }) trySend(Unit)
                }
            })
            trySend(Unit)
            awaitClose { subscription.close() }
        }.conflate().map { onIo(query) }
    }

    // 警地联调: mediation cases.

    /** Opens a case; `NewCase(branch = …, category = …, …)` (mediators default to none). Returns its id. */
    suspend fun openCase(case: NewCase): String = onIo { store.openCase(case) }

    suspend fun addCaseNote(caseId: String, body: String): String = onIo { store.addCaseNote(caseId, body) }

    suspend fun addCaseVisit(caseId: String, body: String): String = onIo { store.addCaseVisit(caseId, body) }

    suspend fun closeCase(caseId: String, outcome: Outcome, detail: String?) = onIo { store.closeCase(caseId, outcome, detail) }

    suspend fun caseDetail(caseId: String): CaseDetail = onIo { store.caseDetail(caseId) }

    fun cases(branch: String, status: CaseStatus? = null): Flow<List<CaseRow>> =
        watch(RecordKind.MEDIATION_CASE) { store.cases(branch, status, 500u, 0u) }

    // 基层党校: courses, this week's schedule, check-in, the training archive.

    /** Creates a course of a Party school (the lecturer defaults to none). Returns its id. */
    suspend fun createCourse(course: NewCourse): String = onIo { store.createCourse(course) }

    suspend fun scheduleSession(session: NewSession): String = onIo { store.scheduleSession(session) }

    fun scheduleThisWeek(member: String = userId): Flow<List<SessionRow>> =
        watch(RecordKind.SESSION, RecordKind.COURSE, RecordKind.ORGANISATION) { store.scheduleThisWeek(member) }

    suspend fun checkIn(session: String, via: SessionMode) = onIo { store.checkIn(session, via) }

    fun trainingArchive(year: Int, member: String = userId): Flow<TrainingArchive> =
        watch(RecordKind.SESSION) { store.trainingArchive(member, year) }

    // Supervision and roles.

    /** The roles the signed-in member holds, with their organisations (where each screen starts). */
    fun myRoles(): Flow<List<RoleAt>> = watch(RecordKind.PERSON, RecordKind.ORGANISATION) { store.myRoles() }

    fun overview(root: String): Flow<List<OrgCounts>> =
        watch(
            RecordKind.ORGANISATION, RecordKind.MEDIATION_CASE, RecordKind.SESSION,
            RecordKind.RESIDENT_REQUEST, RecordKind.HOUSEHOLD,
        ) { store.orgOverview(root) }

    // Sync.

    /** Uploads what waits and downloads what is new; retries with backoff while offline. */
    suspend fun sync(onPage: ((received: Long, sent: Long) -> Unit)? = null): SyncSummary = onIo {
        val listener = onPage?.let { callback ->
            object : SyncProgressListener {
                override fun onPage(received: ULong, sent: ULong) = callback(received.toLong(), sent.toLong())
            }
        }
        store.sync(transport, serverUrl, token, listener)
    }

    suspend fun pendingUploads(): Long = onIo { store.pendingUploads().toLong() }

    override fun close() {
        store.close()
    }
}
