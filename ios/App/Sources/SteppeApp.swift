import BackgroundTasks
import Security
import Steppe
import SteppeFFI
import SwiftUI

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

/// Enrollment and sync both go through it: every request the app makes is pinned.
private let transport = URLSessionTransport(pinned: pinnedServer)

private let syncTaskId = "org.steppe.sync"

private var storePath: String {
    let dir = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("steppe.db").path
}

/// The app shell: enrollment, then the member's screens. Sync runs in the background
/// (BGAppRefreshTask), from the sync bar, and after local edits.
@main
struct SteppeApp: App {
    @StateObject private var session: SessionModel

    init() {
        let session = SessionModel(
            credentials: KeychainCredentials(),
            storePath: storePath,
            opener: { path, enrollment, key, url in
                try await Steppe.open(path: path, enrollment: enrollment, key: key, serverUrl: url, transport: transport)
            },
            enroller: { url, code, device in
                try await Steppe.enroll(serverUrl: url, code: code, deviceName: device, transport: transport)
            }
        )
        _session = StateObject(wrappedValue: session)
        BackgroundSync.session = session
        BGTaskScheduler.shared.register(forTaskWithIdentifier: syncTaskId, using: nil) { task in
            Task { @MainActor in BackgroundSync.run(task) }
        }
    }

    var body: some Scene {
        WindowGroup {
            RootView(session: session)
        }
    }
}

/// The background refresh: a sync of whatever store is open, cancelled when iOS says time's up.
@MainActor
enum BackgroundSync {
    static weak var session: SessionModel?

    static func run(_ task: BGTask) {
        schedule()
        guard let session, case let .ready(steppe) = session.state else {
            task.setTaskCompleted(success: true)
            return
        }
        let work = Task { @MainActor in
            do {
                try await steppe.sync()
                task.setTaskCompleted(success: true)
            } catch SteppeError.Revoked {
                session.revoked()
                task.setTaskCompleted(success: true)
            } catch {
                task.setTaskCompleted(success: false)
            }
        }
        task.expirationHandler = { work.cancel() }
    }

    static func schedule() {
        let request = BGAppRefreshTaskRequest(identifier: syncTaskId)
        request.earliestBeginDate = Date(timeIntervalSinceNow: 15 * 60)
        try? BGTaskScheduler.shared.submit(request)
    }
}

/// The Keychain entry as `SessionModel` wants it. The entry holds enrollment and key together,
/// so the key is made when the enrollment is saved: a new enrollment never reuses an old key.
final class KeychainCredentials: CredentialStore {
    private let keychain = Keychain()
    /// Keychain.swift's service name; wiping deletes every item under it.
    private let service = "org.steppe.enrollment"

    func serverUrl() -> String? { keychain.load()?.server }

    func load() -> Enrollment? { keychain.load()?.enrollment }

    func save(serverUrl: String, enrollment: Enrollment) {
        guard let key = try? Steppe.newStoreKey() else { return }
        keychain.save(server: serverUrl, enrollment: enrollment, storeKey: key)
    }

    func storeKey() throws -> Data {
        guard let saved = keychain.load() else { throw SteppeError.WrongKey }
        return saved.storeKey
    }

    func wipe() {
        let query: [String: Any] = [kSecClass as String: kSecClassGenericPassword, kSecAttrService as String: service]
        SecItemDelete(query as CFDictionary)
    }
}
