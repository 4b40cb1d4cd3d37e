import Foundation
import SteppeFFI

/// Steppe on an iPhone: the local store of an enrolled device and its sync with the server.
///
/// Every method is `async` and runs off the caller's actor (the Rust calls block on SQLite and,
/// in `sync`, on the network); lists are `AsyncStream`s that yield again whenever a write or a
/// sync changes the tables under them. Rules live in the Rust core: a refused command throws
/// `SteppeError.Rule` with the message to show.
public final class Steppe: @unchecked Sendable {
    private let store: SteppeStore
    private let serverUrl: String
    private let token: String
    private let transport: HttpTransport

    private init(store: SteppeStore, serverUrl: String, token: String, transport: HttpTransport) {
        self.store = store
        self.serverUrl = serverUrl
        self.token = token
        self.transport = transport
    }

    /// Runs blocking Rust work on a background thread.
    private static func background<T>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await Task.detached(priority: .utility) { try work() }.value
    }

    /// Trades a one-time code for this device's enrollment. Keep `token` in the Keychain.
    public static func enroll(
        serverUrl: String, code: String, deviceName: String,
        transport: HttpTransport = URLSessionTransport()
    ) async throws -> Enrollment {
        try await background { try SteppeFFI.enroll(transport: transport, serverUrl: serverUrl, code: code, deviceName: deviceName) }
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
        let store = try await background { try SteppeStore.open(path: path, enrollment: enrollment, key: key) }
        return Steppe(store: store, serverUrl: serverUrl, token: enrollment.token, transport: transport)
    }

    public var userId: String { store.userId() }

    /// Re-encrypts the store under `newKey`. Replace the saved key only after this returns.
    public func rekey(_ newKey: Data) async throws {
        let store = self.store
        try await Self.background { try store.rekey(newKey: newKey) }
    }

    /// Yields `query()` now and after every committed change to one of `tables`.
    private func watch<T>(_ kinds: [RecordKind], _ query: @escaping @Sendable () throws -> T) -> AsyncThrowingStream<T, Error> {
        AsyncThrowingStream { continuation in
            let refresh: @Sendable () -> Void = {
                Task.detached(priority: .utility) {
                    do { continuation.yield(try query()) } catch { continuation.finish(throwing: error) }
                }
            }
            let tables = Set(kinds.flatMap { tablesOfKind(kind: $0) })
            let subscription = store.observe(listener: Listener(tables: tables, onChange: refresh))
            continuation.onTermination = { _ in subscription.cancel() }
            refresh()
        }
    }

    // 警地联调: mediation cases.

    /// Opens a case: `NewCase(branch:category:place:description:parties:mediators:)`, the
    /// mediators defaulting to none. Returns its id.
    public func openCase(_ newCase: NewCase) async throws -> String {
        let store = self.store
        return try await Self.background { try store.openCase(case: newCase) }
    }

    public func addCaseNote(caseId: String, body: String) async throws -> String {
        let store = self.store
        return try await Self.background { try store.addCaseNote(caseId: caseId, body: body) }
    }

    public func caseDetail(caseId: String) async throws -> CaseDetail {
        let store = self.store
        return try await Self.background { try store.caseDetail(caseId: caseId) }
    }

    public func cases(branch: String, status: CaseStatus? = nil) -> AsyncThrowingStream<[CaseRow], Error> {
        let store = self.store
        return watch([.mediationCase]) { try store.cases(branch: branch, status: status, limit: 500, offset: 0) }
    }

    // 基层党校.

    public func scheduleThisWeek() -> AsyncThrowingStream<[SessionRow], Error> {
        let store = self.store
        let me = userId
        return watch([.session, .course, .organisation]) { try store.scheduleThisWeek(member: me) }
    }

    public func checkIn(session: String, via: SessionMode) async throws {
        let store = self.store
        try await Self.background { try store.checkIn(session: session, via: via) }
    }

    public func trainingArchive(year: Int32) -> AsyncThrowingStream<TrainingArchive, Error> {
        let store = self.store
        let me = userId
        return watch([.session]) { try store.trainingArchive(member: me, year: year) }
    }

    // Supervision.

    public func myRoles() -> AsyncThrowingStream<[RoleAt], Error> {
        let store = self.store
        return watch([.person, .organisation]) { try store.myRoles() }
    }

    public func overview(root: String) -> AsyncThrowingStream<[OrgCounts], Error> {
        let store = self.store
        return watch([.organisation, .mediationCase, .session, .residentRequest, .household]) {
            try store.orgOverview(root: root)
        }
    }

    // Sync.

    /// Uploads what waits and downloads what is new; retries with backoff while offline.
    @discardableResult
    public func sync() async throws -> SyncSummary {
        let (store, transport, url, token) = (self.store, self.transport, serverUrl, self.token)
        return try await Self.background {
            try store.sync(transport: transport, serverUrl: url, token: token, progress: nil)
        }
    }
}

private final class Listener: ChangeListener, @unchecked Sendable {
    let tables: Set<String>
    let onChange: @Sendable () -> Void

    init(tables: Set<String>, onChange: @escaping @Sendable () -> Void) {
        self.tables = tables
        self.onChange = onChange
    }

    func onChange(tables changed: [String]) {
        if changed.contains(where: tables.contains) { onChange() }
    }
}
