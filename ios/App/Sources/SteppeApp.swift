import BackgroundTasks
import Steppe
import SteppeFFI
import SwiftUI

/// The app shell: enrollment, then tabs for the three flows. Sync runs in the background
/// (BGAppRefreshTask) and after every local edit.
@main
struct SteppeApp: App {
    @StateObject private var model = AppModel()

    init() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "org.steppe.sync", using: nil) { task in
            Task {
                try? await AppModel.shared?.steppe?.sync()
                AppModel.scheduleSync()
                task.setTaskCompleted(success: true)
            }
        }
    }

    var body: some Scene {
        WindowGroup {
            if let steppe = model.steppe {
                TabView {
                    CasesView(steppe: steppe, edited: model.edited).tabItem { Text("调解") }
                    SchoolView(steppe: steppe, edited: model.edited).tabItem { Text("党校") }
                    OverviewView(steppe: steppe).tabItem { Text("督导") }
                }
            } else {
                EnrollView(model: model)
            }
        }
    }
}

/// Deployment values, the same as the Android app's res/xml/network_security_config.xml: the sync
/// server's host and the base64 SHA-256 of two SubjectPublicKeyInfos, the key the server serves
/// now and a backup kept offline. Placeholders here, matching no real key.
private let pinnedServer = PinnedServer(
    host: "sync.steppe.example",
    spkiSHA256: [
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", // primary (placeholder)
        "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=", // backup (placeholder)
    ],
    expiration: ISO8601DateFormatter().date(from: "2027-11-30T00:00:00Z")
)

@MainActor
final class AppModel: ObservableObject {
    static weak var shared: AppModel?
    @Published var steppe: Steppe?
    private let keychain = Keychain()
    // Enrollment and sync both go through it: every request the app makes is pinned.
    private let transport = URLSessionTransport(pinned: pinnedServer)

    init() {
        AppModel.shared = self
        Task { await reopen() }
    }

    private var storePath: String {
        FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
            .appendingPathComponent("steppe.db").path
    }

    func reopen() async {
        guard let saved = keychain.load() else { return }
        try? FileManager.default.createDirectory(atPath: (storePath as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        steppe = try? await Steppe.open(path: storePath, enrollment: saved.enrollment, key: saved.storeKey,
                                        serverUrl: saved.server, transport: transport)
        AppModel.scheduleSync()
    }

    func enroll(server: String, code: String) async throws {
        let e = try await Steppe.enroll(serverUrl: server, code: code, deviceName: UIDevice.current.name,
                                      transport: transport)
        // The key is saved with the enrollment before any store exists under it.
        keychain.save(server: server, enrollment: e, storeKey: try Steppe.newStoreKey())
        await reopen()
        edited()
    }

    /// After a local edit: try to sync now; without signal the background task retries later.
    func edited() {
        Task { try? await steppe?.sync() }
    }

    static func scheduleSync() {
        let request = BGAppRefreshTaskRequest(identifier: "org.steppe.sync")
        request.earliestBeginDate = Date(timeIntervalSinceNow: 15 * 60)
        try? BGTaskScheduler.shared.submit(request)
    }
}
