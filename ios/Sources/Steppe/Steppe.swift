import Foundation
import SteppeFFI

/// Steppe on an iPhone: the local store of an enrolled device and its sync with the server.
///
/// Every method is `async`; the Rust calls behind them block (SQLite, and the network in `sync`),
/// so they run on this instance's own serial queues and never on Swift's cooperative pool, whose
/// few threads would starve every other task. Lists are `AsyncThrowingStream`s that yield again
/// whenever a write or a sync changes the records under them. Rules live in the Rust core: a
/// refused command throws `SteppeError.Rule` with a code and the field at fault, which screens
/// map to their own strings (`UiError`). Call `close()` before wiping the store.
public final class Steppe: @unchecked Sendable {
    private let serverUrl: String
    private let token: String
    private let transport: HttpTransport
    /// The signed-in member's person id (read once at open: it never changes for a store).
    public let userId: String

    /// Commands and one-shot reads, in the order they were made.
    private let io = DispatchQueue(label: "org.steppe.store", qos: .userInitiated)
    /// A sync can take minutes offline (backoff); it must not hold up the screens' reads.
    private let syncQueue = DispatchQueue(label: "org.steppe.sync", qos: .utility)

    private let lock = NSLock()
    private var store: SteppeStore?
    private var watches: [UUID: @Sendable () -> Void] = [:]

    /// Enrollment and opening happen before any instance exists.
    private static let setup = DispatchQueue(label: "org.steppe.setup", qos: .userInitiated)

    private init(store: SteppeStore, userId: String, serverUrl: String, token: String, transport: HttpTransport) {
        self.store = store
        self.userId = userId
        self.serverUrl = serverUrl
        self.token = token
        self.transport = transport
    }

    // MARK: Lifetime

    /// Trades a one-time code for this device's enrollment. Keep `token` in the Keychain.
    public static func enroll(
        serverUrl: String, code: String, deviceName: String,
        transport: HttpTransport = URLSessionTransport()
    ) async throws -> Enrollment {
        try await run(on: setup) {
            try SteppeFFI.enroll(transport: transport, serverUrl: serverUrl, code: code, deviceName: deviceName)
        }
    }

    /// A new random key for the store's encryption, for the first launch. Keep it in the
    /// Keychain: without it the store cannot be read again.
    public static func newStoreKey() throws -> Data {
        try generateStoreKey()
    }

    /// Opens (creating if needed) the store at `path` for an enrolled device, encrypted under
    /// `key`. A store created under another key throws `SteppeError.WrongKey`.
    public static func open(
        path: String, enrollment: Enrollment, key: Data, serverUrl: String,
        transport: HttpTransport = URLSessionTransport()
    ) async throws -> Steppe {
        let store = try await run(on: setup) { try SteppeStore.open(path: path, enrollment: enrollment, key: key) }
        let userId = try await run(on: setup) { store.userId() }
        return Steppe(store: store, userId: userId, serverUrl: serverUrl, token: enrollment.token, transport: transport)
    }

    /// Deletes the (closed) store at `path`, after the server revoked this device or its key was
    /// lost: forget the key and enrollment too, then enroll again for a new store.
    public static func wipe(path: String) async throws {
        try await run(on: setup) { try wipeStore(path: path) }
    }

    /// Lets go of the store and ends every watched query. Calls made afterwards throw
    /// `SteppeError.Storage`; one already running finishes first (it holds its own reference).
    public func close() {
        lock.lock()
        store = nil
        let ending = Array(watches.values)
        watches.removeAll()
        lock.unlock()
        ending.forEach { $0() }
    }

    /// Re-encrypts the store under `newKey`. Replace the saved key only after this returns: until
    /// then the old key still opens the store.
    public func rekey(_ newKey: Data) async throws {
        try await onIo { try $0.rekey(newKey: newKey) }
    }

    // MARK: Plumbing

    private static func run<T: Sendable>(
        on queue: DispatchQueue, _ work: @escaping @Sendable () throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    private func currentStore() throws -> SteppeStore {
        lock.lock()
        defer { lock.unlock() }
        guard let store else { throw SteppeError.Storage(detail: "store closed") }
        return store
    }

    private func onIo<T: Sendable>(_ work: @escaping @Sendable (SteppeStore) throws -> T) async throws -> T {
        let store = try currentStore()
        return try await Self.run(on: io) { try work(store) }
    }

    /// Yields `query`'s result now and again after every committed change to a record of one of
    /// `kinds` (the tables each kind is projected into come from the core). Results arrive in
    /// order (one serial queue per stream); a burst of changes collapses into one refresh, and
    /// a consumer slower than the refreshes sees only the newest. Ends with the consumer.
    public func watch<T: Sendable>(
        _ kinds: [RecordKind], query: @escaping @Sendable (SteppeStore) throws -> T
    ) -> AsyncThrowingStream<T, Error> {
        let interest = Set(kinds.flatMap { tablesOfKind(kind: $0) })
        return AsyncThrowingStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let store: SteppeStore
            do { store = try currentStore() } catch {
                continuation.finish(throwing: error)
                return
            }
            let refresher = Refresher(queue: DispatchQueue(label: "org.steppe.watch", qos: .userInitiated)) {
                do {
                    continuation.yield(try query(store))
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            let subscription = store.observe(listener: TableListener(interest) { refresher.poke() })
            let id = UUID()
            let end: @Sendable () -> Void = {
                refresher.stop()
                subscription.cancel()
                continuation.finish()
            }
            lock.lock()
            watches[id] = end
            lock.unlock()
            continuation.onTermination = { [weak self] _ in
                refresher.stop()
                subscription.cancel()
                guard let self else { return }
                self.lock.lock()
                self.watches[id] = nil
                self.lock.unlock()
            }
            refresher.poke()
        }
    }

    // MARK: 警地联调: mediation cases, legal-advice and difficulty entries

    /// Opens a case; `NewCase(branch:category:place:description:parties:)` (mediators default to
    /// none). Returns its id.
    public func openCase(_ newCase: NewCase) async throws -> String {
        try await onIo { try $0.openCase(case: newCase) }
    }
    public func addCaseNote(caseId: String, body: String) async throws -> String {
        try await onIo { try $0.addCaseNote(caseId: caseId, body: body) }
    }
    public func addCaseVisit(caseId: String, body: String) async throws -> String {
        try await onIo { try $0.addCaseVisit(caseId: caseId, body: body) }
    }
    public func closeCase(_ close: CloseCase) async throws {
        try await onIo { try $0.closeCase(close: close) }
    }
    public func reopenCase(caseId: String, reason: String) async throws -> String {
        try await onIo { try $0.reopenCase(caseId: caseId, reason: reason) }
    }
    public func addFollowUp(caseId: String, note: String) async throws -> String {
        try await onIo { try $0.addFollowUp(caseId: caseId, note: note) }
    }
    public func caseDetail(caseId: String) async throws -> CaseDetail {
        try await onIo { try $0.caseDetail(caseId: caseId) }
    }
    public func logService(_ entry: NewServiceEntry) async throws -> String {
        try await onIo { try $0.logService(entry: entry) }
    }
    public func serviceCounts(branch: String, fromMs: Int64, toMs: Int64) async throws -> [ServiceCount] {
        try await onIo { try $0.serviceCounts(branch: branch, fromMs: fromMs, toMs: toMs) }
    }

    /// A branch's services per kind in `[fromMs, toMs)`, as they change.
    public func services(branch: String, fromMs: Int64, toMs: Int64) -> AsyncThrowingStream<[ServiceCount], Error> {
        watch([.serviceLog]) { try $0.serviceCounts(branch: branch, fromMs: fromMs, toMs: toMs) }
    }

    public func cases(branch: String, status: CaseStatus? = nil) -> AsyncThrowingStream<[CaseRow], Error> {
        watch([.mediationCase]) { try $0.cases(branch: branch, status: status, limit: 500, offset: 0) }
    }

    public func `case`(_ caseId: String) -> AsyncThrowingStream<CaseDetail, Error> {
        watch([.mediationCase]) { try $0.caseDetail(caseId: caseId) }
    }

    // MARK: 基层党校: courses, sessions, check-in and attendance, the training archive

    /// Creates a course of a Party school (the lecturer defaults to none). Returns its id.
    public func createCourse(_ course: NewCourse) async throws -> String {
        try await onIo { try $0.createCourse(course: course) }
    }
    public func scheduleSession(_ session: NewSession) async throws -> String {
        try await onIo { try $0.scheduleSession(session: session) }
    }
    public func cancelSession(_ session: String) async throws {
        try await onIo { try $0.cancelSession(session: session) }
    }
    public func lecturers(pool: String) async throws -> [Lecturer] {
        try await onIo { try $0.lecturers(pool: pool) }
    }

    /// A school's courses, by title (to schedule sessions of).
    public func courses(school: String) -> AsyncThrowingStream<[CourseItem], Error> {
        watch([.course]) { try $0.courses(school: school) }
    }

    /// The lecturers a school may draw on: its own pool's and every unit's above it.
    public func lecturersForSchool(school: String) -> AsyncThrowingStream<[Lecturer], Error> {
        watch([.lecturer]) { try $0.lecturersForSchool(school: school) }
    }
    /// Checks this user in; online from another school's site, `receivingSchool` names it.
    public func checkIn(session: String, via: SessionMode, receivingSchool: String? = nil) async throws {
        try await onIo { try $0.checkIn(session: session, via: via, receivingSchool: receivingSchool) }
    }
    public func markAttendance(session: String, member: String, attendance: Attendance) async throws {
        try await onIo { try $0.markAttendance(session: session, member: member, attendance: attendance) }
    }

    public func scheduleThisWeek(member: String? = nil) -> AsyncThrowingStream<[SessionRow], Error> {
        let member = member ?? userId
        return watch([.session, .course, .organisation, .person]) { try $0.scheduleThisWeek(member: member) }
    }

    /// Sessions of every school on the member's path in `[fromMs, toMs)`.
    public func schedule(fromMs: Int64, toMs: Int64, member: String? = nil) -> AsyncThrowingStream<[SessionRow], Error> {
        let member = member ?? userId
        return watch([.session, .course, .organisation, .person]) {
            try $0.schedule(member: member, fromMs: fromMs, toMs: toMs)
        }
    }

    public func sessionsOfSchool(_ school: String, fromMs: Int64, toMs: Int64) -> AsyncThrowingStream<[SessionRow], Error> {
        watch([.session, .course]) { try $0.sessionsOfSchool(school: school, fromMs: fromMs, toMs: toMs) }
    }

    public func roll(session: String) -> AsyncThrowingStream<[RollEntry], Error> {
        watch([.session, .person]) { try $0.sessionRoll(session: session) }
    }

    public func trainingArchive(year: Int32, member: String? = nil) -> AsyncThrowingStream<TrainingArchive, Error> {
        let member = member ?? userId
        return watch([.session]) { try $0.trainingArchive(member: member, year: year) }
    }

    // MARK: 民事民提 → 民事民评, joint meetings, households, 双报到

    public func raiseRequest(_ request: NewRequest) async throws -> String {
        try await onIo { try $0.raiseRequest(request: request) }
    }
    public func discussRequest(_ request: String, note: String) async throws {
        try await onIo { try $0.discussRequest(request: request, note: note) }
    }
    public func decideRequest(_ decide: DecideRequest) async throws {
        try await onIo { try $0.decideRequest(decide: decide) }
    }
    public func carryOutRequest(_ request: String, report: String) async throws {
        try await onIo { try $0.carryOutRequest(request: request, report: report) }
    }
    public func evaluateRequest(_ evaluation: EvaluateRequest) async throws {
        try await onIo { try $0.evaluateRequest(evaluation: evaluation) }
    }
    public func recordJointMeeting(_ meeting: NewJointMeeting) async throws -> String {
        try await onIo { try $0.recordJointMeeting(meeting: meeting) }
    }
    public func addMeetingDecision(meeting: String, text: String, request: String? = nil) async throws -> String {
        try await onIo { try $0.addMeetingDecision(meeting: meeting, text: text, request: request) }
    }
    public func jointMeeting(_ meeting: String) async throws -> JointMeetingDetail {
        try await onIo { try $0.jointMeeting(meeting: meeting) }
    }

    public func requests(community: String, step: RequestStep? = nil) -> AsyncThrowingStream<[RequestRow], Error> {
        watch([.residentRequest]) { try $0.requests(community: community, step: step, limit: 500, offset: 0) }
    }

    public func request(_ request: String) -> AsyncThrowingStream<RequestDetail, Error> {
        watch([.residentRequest]) { try $0.requestDetail(request: request) }
    }

    public func registerHousehold(_ household: NewHousehold) async throws -> String {
        try await onIo { try $0.registerHousehold(household: household) }
    }
    public func tagHousehold(_ household: String, tag: HouseholdTag, on: Bool) async throws {
        try await onIo { try $0.tagHousehold(household: household, tag: tag, on: on) }
    }
    public func logVisit(_ visit: NewVisit) async throws -> String {
        try await onIo { try $0.logVisit(visit: visit) }
    }

    public func households(grid: String, tag: HouseholdTag? = nil) -> AsyncThrowingStream<[HouseholdRow], Error> {
        watch([.household]) { try $0.households(grid: grid, tag: tag, limit: 500, offset: 0) }
    }

    public func household(_ household: String) -> AsyncThrowingStream<HouseholdDetail, Error> {
        watch([.household]) { try $0.householdDetail(household: household) }
    }

    public func logMemberService(_ service: NewMemberService) async throws -> String {
        try await onIo { try $0.logMemberService(service: service) }
    }
    public func memberServiceTotals(member: String, fromMs: Int64, toMs: Int64) async throws -> ServiceTotals {
        try await onIo { try $0.memberServiceTotals(member: member, fromMs: fromMs, toMs: toMs) }
    }

    // MARK: Branch life: organisational-life meetings, democratic evaluation

    public func recordOrgLifeMeeting(_ meeting: NewOrgLifeMeeting) async throws -> String {
        try await onIo { try $0.recordOrgLifeMeeting(meeting: meeting) }
    }
    public func addOrgLifeItem(meeting: String, kind: ItemKind, text: String) async throws -> String {
        try await onIo { try $0.addOrgLifeItem(meeting: meeting, kind: kind, text: text) }
    }
    public func addRectification(_ item: NewRectification) async throws -> String {
        try await onIo { try $0.addRectification(item: item) }
    }
    public func completeRectification(meeting: String, item: String) async throws {
        try await onIo { try $0.completeRectification(meeting: meeting, item: item) }
    }

    public func orgLifeMeetings(branch: String) -> AsyncThrowingStream<[OrgLifeRow], Error> {
        watch([.orgLifeMeeting]) { try $0.orgLifeMeetings(branch: branch) }
    }

    public func orgLifeMeeting(_ meeting: String) -> AsyncThrowingStream<OrgLifeDetail, Error> {
        watch([.orgLifeMeeting]) { try $0.orgLifeMeeting(meeting: meeting) }
    }

    public func openEvaluation(branch: String, member: String, year: Int64) async throws -> String {
        try await onIo { try $0.openEvaluation(branch: branch, member: member, year: year) }
    }
    public func assessSelf(evaluation: String, text: String) async throws {
        try await onIo { try $0.assessSelf(evaluation: evaluation, text: text) }
    }
    public func assessMutually(evaluation: String, text: String) async throws {
        try await onIo { try $0.assessMutually(evaluation: evaluation, text: text) }
    }
    public func recordVotes(evaluation: String, votes: [GradeVotes]) async throws {
        try await onIo { try $0.recordVotes(evaluation: evaluation, votes: votes) }
    }
    @discardableResult
    public func recordEvaluationResult(evaluation: String) async throws -> Grade {
        try await onIo { try $0.recordEvaluationResult(evaluation: evaluation) }
    }
    public func evaluation(_ evaluation: String) async throws -> EvaluationDetail {
        try await onIo { try $0.evaluation(evaluation: evaluation) }
    }

    public func evaluationResults(branch: String, year: Int64) -> AsyncThrowingStream<[EvaluationResult], Error> {
        watch([.democraticEvaluation, .person]) { try $0.evaluationResults(branch: branch, year: year) }
    }

    /// The people of a unit, by name (whom a secretary evaluates).
    public func members(org: String) -> AsyncThrowingStream<[MemberItem], Error> {
        watch([.person]) { try $0.members(org: org) }
    }

    // MARK: Review: roles, overview, history, conflicts, rejected changes

    /// Every record kind: the overview and the conflicts cover them all.
    private static let allKinds: [RecordKind] = [
        .organisation, .person, .lecturer, .course, .session, .mediationCase, .serviceLog,
        .residentRequest, .jointMeeting, .household, .memberService, .orgLifeMeeting, .democraticEvaluation,
    ]

    /// The roles the signed-in member holds, with their organisations (where each screen starts).
    public func myRoles() -> AsyncThrowingStream<[RoleAt], Error> {
        watch([.person, .organisation]) { try $0.myRoles() }
    }

    /// Counts for `root` and every organisation below it, each row totalling its subtree.
    public func overview(root: String) -> AsyncThrowingStream<[OrgCounts], Error> {
        watch(Self.allKinds) { try $0.orgOverview(root: root) }
    }

    public func history(record: String) async throws -> [HistoryItem] {
        try await onIo { try $0.history(record: record) }
    }

    public func conflicts(record: String? = nil) -> AsyncThrowingStream<[ConflictItem], Error> {
        watch(Self.allKinds) { try $0.conflicts(record: record) }
    }

    public func resolveConflict(_ conflict: ConflictItem, choice: Int) async throws {
        let choice = UInt32(choice)
        try await onIo {
            try $0.resolveConflict(record: conflict.record, object: conflict.object, key: conflict.key, choice: choice)
        }
    }

    public func rejectedChanges() async throws -> [RejectedChange] {
        try await onIo { try $0.rejectedChanges() }
    }

    /// Members' changes the server refused, newest first: every member's in this phone's reach.
    public func memberRefusals() -> AsyncThrowingStream<[MemberRefusal], Error> {
        watch([.rejectedUpload, .organisation]) { try $0.memberRefusals() }
    }

    // MARK: Sync

    /// Uploads what waits and downloads what is new; retries with backoff while offline.
    /// Cancelling the calling task stops the exchange at its next safe point (between pages) and
    /// throws `CancellationError`: what was applied stays, and the next sync resumes from there.
    /// `onProgress` is called on the sync's thread.
    @discardableResult
    public func sync(onProgress: (@Sendable (SyncProgress) -> Void)? = nil) async throws -> SyncSummary {
        let store = try currentStore()
        let (transport, url, token, queue) = (self.transport, serverUrl, self.token, syncQueue)
        let cancel = SyncCancel()
        let listener = onProgress.map { ProgressRelay($0) }
        do {
            return try await withTaskCancellationHandler {
                try await Self.run(on: queue) {
                    try store.sync(transport: transport, serverUrl: url, token: token, progress: listener, cancel: cancel)
                }
            } onCancel: {
                cancel.cancel()
            }
        } catch SteppeError.Cancelled {
            throw CancellationError()
        }
    }

    public func pendingUploads() async throws -> Int64 {
        try await onIo { try Int64(clamping: $0.pendingUploads()) }
    }

    /// When this device last finished a sync with nothing left to send or fetch, if ever.
    public func lastSyncedAtMs() async throws -> Int64? {
        try await onIo { try $0.lastSyncedAtMs() }
    }

    // Where there is no signal (ADR 0011): files the app carries however it can.

    /// This phone's unsent changes, signed, as a file for the server to import.
    public func exportBundle() async throws -> BundleFile {
        try await onIo { try $0.exportBundle() }
    }

    /// Applies the server's file of this phone's unit; the changes new here.
    public func importBundle(_ bytes: Data) async throws -> Int64 {
        try await onIo { try Int64(clamping: $0.importBundle(bytes: bytes)) }
    }

    /// Fetches the server's file of `org` (a unit this user reads) and applies it, to hand on to
    /// phones met there.
    public func fetchUnitBundle(_ org: String) async throws -> Int64 {
        let (transport, url, token) = (self.transport, self.serverUrl, self.token)
        return try await onIo {
            try Int64(clamping: $0.fetchUnitBundle(transport: transport, serverUrl: url, token: token, org: org))
        }
    }

    /// The certificate the server signed for this phone at its last sync, if any.
    public func certificate() async throws -> DeviceCertificate? {
        try await onIo { try $0.certificate() }
    }

    /// Meets the phone at the other end of `link` (`initiator`: this phone opened it).
    public func meet(_ link: PeerLink, initiator: Bool) async throws -> MeetingSummary {
        try await onIo { try $0.meet(link: link, initiator: initiator) }
    }

    /// Sealed items this phone carries for the server, handed over after its next sync.
    public func carriedCount() async throws -> Int64 {
        try await onIo { try Int64(clamping: $0.carriedCount()) }
    }

    /// Whether `record` holds changes from a phone met that the server has not confirmed yet.
    public func isUnconfirmed(_ record: String) async throws -> Bool {
        try await onIo { try $0.isUnconfirmed(record: record) }
    }
}

/// Coalesces change notifications: at most one refresh waits on the queue at a time, so a sync
/// applying a hundred pages costs a handful of queries, not a hundred.
private final class Refresher: @unchecked Sendable {
    private let lock = NSLock()
    private var queued = false
    private var stopped = false
    private let queue: DispatchQueue
    private let refresh: () -> Void

    init(queue: DispatchQueue, refresh: @escaping () -> Void) {
        self.queue = queue
        self.refresh = refresh
    }

    func poke() {
        lock.lock()
        defer { lock.unlock() }
        guard !queued, !stopped else { return }
        queued = true
        queue.async { [self] in
            lock.lock()
            queued = false
            let live = !stopped
            lock.unlock()
            if live { refresh() }
        }
    }

    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }
}

private final class TableListener: ChangeListener, @unchecked Sendable {
    private let interest: Set<String>
    private let changed: () -> Void

    init(_ interest: Set<String>, changed: @escaping () -> Void) {
        self.interest = interest
        self.changed = changed
    }

    func onChange(tables: [String]) {
        if tables.contains(where: interest.contains) { changed() }
    }
}

private final class ProgressRelay: SyncProgressListener, @unchecked Sendable {
    private let callback: @Sendable (SyncProgress) -> Void

    init(_ callback: @escaping @Sendable (SyncProgress) -> Void) {
        self.callback = callback
    }

    func onProgress(progress: SyncProgress) {
        callback(progress)
    }
}
