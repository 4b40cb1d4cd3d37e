import XCTest
@testable import Steppe
import SteppeFFI

/// Runs on macOS against a server started by hand (`cargo run -p steppe-tests --bin
/// steppe-fixture-server`), with its URL and a code in STEPPE_URL / STEPPE_CODE_MEDIATOR.
final class SteppeTests: XCTestCase {
    func testAMediatorLogsACaseOfflineAndSyncs() async throws {
        guard let url = ProcessInfo.processInfo.environment["STEPPE_URL"],
              let code = ProcessInfo.processInfo.environment["STEPPE_CODE_MEDIATOR"],
              let branch = ProcessInfo.processInfo.environment["STEPPE_BRANCH"] else {
            throw XCTSkip("no fixture server configured")
        }
        let enrollment = try await Steppe.enroll(serverUrl: url, code: code, deviceName: "swift-test")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        let phone = try await Steppe.open(path: path, enrollment: enrollment, key: try Steppe.newStoreKey(), serverUrl: url)
        try await phone.sync()
        let caseId = try await phone.openCase(NewCase(branch: branch, category: .neighbours, place: "嘎查",
                                                      description: "邻里纠纷", parties: ["甲", "乙"]))
        _ = try await phone.addCaseNote(caseId: caseId, body: "双方到场")
        let summary = try await phone.sync()
        XCTAssertEqual(summary.sent, 2)
        XCTAssertEqual(summary.pending, 0)
    }
}
