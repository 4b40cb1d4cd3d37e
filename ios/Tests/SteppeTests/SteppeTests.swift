import Foundation
import SteppeFFI
import XCTest
@testable import Steppe

/// The fixture server, started by hand (`cargo run -p steppe-tests --bin steppe-fixture-server`)
/// and described by the environment from what it prints: STEPPE_FIXTURE_URL, STEPPE_ORG_<NAME>
/// (e.g. STEPPE_ORG_BRANCH1) and STEPPE_CODE_<USER> (comma-separated one-time codes, used in
/// order, e.g. STEPPE_CODE_MEDIATOR). Without STEPPE_FIXTURE_URL the journeys skip.
@MainActor
private final class Fixture {
    static let shared = Fixture()
    private let env = ProcessInfo.processInfo.environment
    private var used: [String: Int] = [:]

    func url() throws -> String {
        guard let url = env["STEPPE_FIXTURE_URL"], !url.isEmpty else {
            throw XCTSkip("STEPPE_FIXTURE_URL is unset: no fixture server to run against")
        }
        return url
    }

    func org(_ name: String) throws -> String {
        let key = "STEPPE_ORG_" + name.uppercased()
        guard let id = env[key] else { throw XCTSkip("\(key) is unset") }
        return id
    }

    func code(_ user: String) throws -> String {
        let key = "STEPPE_CODE_" + user.uppercased()
        let codes = (env[key] ?? "").split(separator: ",").map(String.init)
        let next = used[user, default: 0]
        guard next < codes.count else { throw XCTSkip("\(key) has no code left for this run") }
        used[user] = next + 1
        return codes[next]
    }
}

final class SteppeTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    @MainActor
    private func device(_ user: String, _ name: String) async throws -> Steppe {
        let url = try Fixture.shared.url()
        let enrollment = try await Steppe.enroll(serverUrl: url, code: try Fixture.shared.code(user), deviceName: name)
        return try await Steppe.open(path: dir.appendingPathComponent("\(name).db").path, enrollment: enrollment,
                                     key: try Steppe.newStoreKey(), serverUrl: url)
    }

    /// Waits for a model's state to satisfy `check`, as a screen would see it change.
    @MainActor
    private func until<S: ScreenState>(_ what: String, _ model: ScreenModel<S>, timeout: TimeInterval = 30,
                          _ check: (S) -> Bool) async throws -> S {
        let deadline = Date().addingTimeInterval(timeout)
        while !check(model.state) {
            if Date() > deadline { XCTFail("timed out waiting for: \(what); last state: \(model.state)"); break }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        return model.state
    }

    @MainActor
    private func synced(_ steppe: Steppe) async throws -> SyncModel {
        let sync = SyncModel(steppe: steppe)
        await sync.sync().value
        XCTAssertNil(sync.state.error, "sync failed: \(String(describing: sync.state.error))")
        return sync
    }

    // MARK: Needs no server

    func testRuleErrorsMapToTheMostSpecificKeyFirst() {
        let place = UiError(SteppeError.Rule(code: .invalidInput, record: .mediationCase, field: "place",
                                             action: "", state: "", reason: "reason_not_empty", args: [],
                                             detail: "place is empty"))
        XCTAssertEqual(place.code, .invalidInput)
        XCTAssertEqual(place.keys, ["error_invalid_input_place", "error_invalid_input"])
        XCTAssertEqual(place.resourceKey, "error_invalid_input_place")

        XCTAssertEqual(place.reason, "reason_not_empty")

        let state = UiError(SteppeError.Rule(code: .wrongState, record: nil, field: "", action: "close",
                                             state: "case_status_closed", reason: "", args: [], detail: ""))
        XCTAssertEqual(state.keys, ["error_wrong_state_close", "error_wrong_state"])
        XCTAssertEqual(state.state, "case_status_closed")
    }

    func testEveryCoreErrorHasAScreenCode() {
        let cases: [(Error, ErrorCode)] = [
            (SteppeError.NotFound(id: "x"), .notFound),
            (SteppeError.InvalidArgument(detail: ""), .invalidArgument),
            (SteppeError.Offline(detail: ""), .offline),
            (SteppeError.Cancelled, .offline),
            (TransportError.Unreachable(detail: ""), .offline),
            (SteppeError.Unauthorized(detail: ""), .unauthorized),
            (SteppeError.Revoked, .revoked),
            (SteppeError.Protocol(detail: ""), .server),
            (SteppeError.DiskFull, .diskFull),
            (SteppeError.WrongKey, .storeUnreadable),
            (SteppeError.WrongStore(detail: ""), .storeUnreadable),
            (SteppeError.Corrupt(detail: ""), .corrupt),
            (SteppeError.Storage(detail: ""), .storage),
            (CocoaError(.fileNoSuchFile), .storage),
        ]
        for (error, code) in cases {
            XCTAssertEqual(UiError(error).code, code, "\(error)")
            XCTAssertEqual(UiError(error).resourceKey, "error_" + code.rawValue)
        }
    }

    func testDestinationsFollowRoles() {
        let roles = [
            RoleAt(org: "b1", orgName: "一支部", orgKindKey: "org_kind_police_village_branch", role: .mediator, roleKey: "role_mediator"),
            RoleAt(org: "s1", orgName: "苏木", orgKindKey: "org_kind_sumu", role: .supervisor, roleKey: "role_supervisor"),
        ]
        let screens = HomeModel.destinationsOf(roles).map(\.screen)
        XCTAssertEqual(screens, [.cases, .overview, .schedule, .archive])
    }

    // MARK: Journeys against the fixture server

    /// Journey 1's start: a case opened offline, refused fields as typed errors, then synced.
    @MainActor
    func testAMediatorOpensACaseOfflineAndSyncsIt() async throws {
        let branch = try Fixture.shared.org("branch1")
        let phone = try await device("mediator", "swift-j1-bater")
        _ = try await synced(phone)

        let cases = CasesModel(steppe: phone, branch: branch)
        await cases.open(NewCase(branch: branch, category: .pastureBoundary, place: "", description: "两户草场边界争议",
                                 parties: ["甲户", "乙户"])).value
        XCTAssertEqual(cases.state.error?.code, .invalidInput, "an empty place is refused, not a crash")
        XCTAssertEqual(cases.state.error?.resourceKey, "error_invalid_input_place")
        await cases.open(NewCase(branch: branch, category: .pastureBoundary, place: "巴音宝格德嘎查",
                                 description: "两户草场边界争议", parties: ["甲户", "乙户"])).value
        XCTAssertNil(cases.state.error)
        let id = try XCTUnwrap(cases.state.opened)
        _ = try await until("the new case listed", cases) { $0.cases.contains { $0.id == id } }

        let detail = CaseModel(steppe: phone, caseId: id)
        await detail.addNote("双方到场，说明争议经过").value
        await detail.addVisit("上门走访乙户，核对草场证").value
        _ = try await until("two timeline entries", detail) { $0.detail?.timeline.count == 2 }

        await detail.close(outcome: .agreement, detail: nil).value
        XCTAssertEqual(detail.state.error?.code, .invalidInput)
        XCTAssertEqual(detail.state.error?.field, "agreement")

        let sync = SyncModel(steppe: phone)
        _ = try await until("three changes pending", sync) { $0.pending == 3 }
        await sync.sync().value
        XCTAssertNil(sync.state.error)
        XCTAssertEqual(sync.state.pending, 0)
        XCTAssertNotNil(sync.state.lastSyncedAtMs)
    }

    /// Journey 2: a member sees this week's sessions after a sync, checks in, and the archive
    /// counts it.
    @MainActor
    func testAHerdsmanChecksInAndTheArchiveCountsIt() async throws {
        let phone = try await device("herdsman", "swift-j2-herdsman")
        _ = try await synced(phone)
        let schedule = ScheduleModel(steppe: phone)
        let week = try await until("a session this week", schedule) { !$0.thisWeek.isEmpty }
        let session = try XCTUnwrap(week.thisWeek.first { !$0.cancelled })
        await schedule.checkIn(session: session.id, via: session.mode).value
        XCTAssertNil(schedule.state.error)
        _ = try await until("the row shows the check-in", schedule) { s in
            s.thisWeek.first { $0.id == session.id }?.mine != nil
        }
        let archive = ArchiveModel(steppe: phone, year: chinaYear(nowMs: session.startsAtMs))
        _ = try await until("the archive counts it", archive) { s in
            s.archive?.entries.contains { $0.session == session.id } == true
        }
    }

    /// A sync cancelled by its task throws `CancellationError`, and the next one completes.
    @MainActor
    func testACancelledSyncResumesLater() async throws {
        let phone = try await device("supervisor", "swift-cancel")
        let first = Task { try await phone.sync() }
        first.cancel()
        do {
            _ = try await first.value
        } catch is CancellationError {
            // Expected unless the exchange finished before the cancel arrived.
        }
        let summary = try await phone.sync()
        XCTAssertEqual(summary.pending, 0)
        let last = try await phone.lastSyncedAtMs()
        XCTAssertNotNil(last)
    }

    /// The stream of a watched query yields again after a local write, and ends when dropped.
    @MainActor
    func testAWatchedQueryYieldsAfterAWrite() async throws {
        let branch = try Fixture.shared.org("branch1")
        let phone = try await device("mediator", "swift-watch")
        _ = try await synced(phone)
        var iterator = phone.cases(branch: branch).makeAsyncIterator()
        let before = try await iterator.next()?.count ?? 0
        _ = try await phone.openCase(NewCase(branch: branch, category: .family, place: "嘎查",
                                             description: "家庭纠纷", parties: ["甲", "乙"]))
        var after = before
        while after == before, let rows = try await iterator.next() { after = rows.count }
        XCTAssertEqual(after, before + 1)
    }
}
