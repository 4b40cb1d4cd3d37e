import Foundation
import SteppeFFI

/// Where the app keeps its enrollment and store key (iOS: the Keychain, this device only; tests:
/// memory). `wipe()` forgets both, so the next enrollment makes a new key for a new store.
public protocol CredentialStore: AnyObject {
    func serverUrl() -> String?
    func load() -> Enrollment?
    func save(serverUrl: String, enrollment: Enrollment)
    /// The store's key, made and saved on first use.
    func storeKey() throws -> Data
    func wipe()
}

public enum SessionState {
    /// Not enrolled: the enrollment screen. `reason` says why when the app was signed out.
    case signedOut(reason: UiError?)
    case working
    case ready(Steppe)
}

/// The app's lifetime with one enrollment: opening the store, enrolling, and — when the server
/// revoked the device or the store's key is lost — wiping store, key and enrollment so that a
/// new enrollment starts clean instead of failing on the old store.
@MainActor
public final class SessionModel: ObservableObject {
    public typealias Opener = @Sendable (String, Enrollment, Data, String) async throws -> Steppe
    public typealias Enroller = @Sendable (String, String, String) async throws -> Enrollment

    @Published public private(set) var state: SessionState = .working

    private let credentials: CredentialStore
    private let storePath: String
    private let opener: Opener
    private let enroller: Enroller

    public init(
        credentials: CredentialStore,
        storePath: String,
        opener: @escaping Opener = { path, e, key, url in
            try await Steppe.open(path: path, enrollment: e, key: key, serverUrl: url)
        },
        enroller: @escaping Enroller = { url, code, device in
            try await Steppe.enroll(serverUrl: url, code: code, deviceName: device)
        }
    ) {
        self.credentials = credentials
        self.storePath = storePath
        self.opener = opener
        self.enroller = enroller
    }

    /// Opens the saved enrollment's store, if any.
    @discardableResult
    public func start() -> Task<Void, Never> {
        Task {
            guard let enrollment = credentials.load(), let url = credentials.serverUrl() else {
                state = .signedOut(reason: nil)
                return
            }
            do {
                state = .ready(try await opener(storePath, enrollment, try credentials.storeKey(), url))
            } catch SteppeError.WrongKey {
                // The key is gone (restored to another phone, Keychain reset): the store is unreadable.
                await wipe()
                state = .signedOut(reason: UiError(.storeUnreadable))
            } catch {
                state = .signedOut(reason: error.toUiError())
            }
        }
    }

    @discardableResult
    public func enroll(serverUrl: String, code: String, deviceName: String) -> Task<Void, Never> {
        Task {
            state = .working
            do {
                let enrollment = try await enroller(serverUrl, code.trimmingCharacters(in: .whitespacesAndNewlines), deviceName)
                // A store left by an earlier enrollment belongs to another device identity.
                try await Steppe.wipe(path: storePath)
                credentials.wipe()
                credentials.save(serverUrl: serverUrl, enrollment: enrollment)
                state = .ready(try await opener(storePath, enrollment, try credentials.storeKey(), serverUrl))
            } catch {
                state = .signedOut(reason: error.toUiError())
            }
        }
    }

    /// After the server said this device is revoked: close, wipe everything, sign out.
    @discardableResult
    public func revoked() -> Task<Void, Never> {
        Task {
            await wipe()
            state = .signedOut(reason: UiError(.revoked))
        }
    }

    private func wipe() async {
        if case let .ready(steppe) = state { steppe.close() }
        // Screens leave first, so no query is still holding the store while its files go.
        state = .working
        // A store that is already gone, or half-written, still leaves nothing to keep.
        try? await Steppe.wipe(path: storePath)
        credentials.wipe()
    }
}
