import Foundation

/// A screen's state: whatever else it holds, it can carry the error to show.
public protocol ScreenState {
    var error: UiError? { get set }
}

/// The logic of one screen: it publishes `state` and takes intents. The SwiftUI view renders
/// `state` and calls intents, nothing else.
///
/// Every intent returns its `Task` (tests await it; views ignore it). A refused command never
/// throws out of an intent: it lands in the state's `error` as a `UiError`. The model's tasks
/// end with it, so a view's `@StateObject` is the screen's lifetime.
@MainActor
public class ScreenModel<S: ScreenState>: ObservableObject {
    @Published public private(set) var state: S
    /// Not main-actor state: `deinit` runs anywhere and must reach it to cancel the tasks.
    let tasks = TaskBag()

    init(_ initial: S) {
        state = initial
    }

    deinit {
        tasks.cancelAll()
    }

    func update(_ change: (inout S) -> Void) {
        change(&state)
    }

    /// Runs a command; its failure becomes the state's error, its success clears it (unless
    /// `clearsError` is false: a background refresh must not hide what the user has not seen).
    @discardableResult
    func intent(clearsError: Bool = true, _ block: @escaping @MainActor () async throws -> Void) -> Task<Void, Never> {
        track { [weak self] in
            do {
                try await block()
                if clearsError { self?.update { $0.error = nil } }
            } catch is CancellationError {
                // The screen went away or the user stopped it: nothing to report.
            } catch {
                self?.update { $0.error = error.toUiError() }
            }
        }
    }

    /// Follows a query's stream into the state for as long as the screen lives.
    @discardableResult
    func follow<T>(_ stream: AsyncThrowingStream<T, Error>, into: @escaping (inout S, T) -> Void) -> Task<Void, Never> {
        follow(stream, each: { [weak self] value in self?.update { into(&$0, value) } })
    }

    /// As `follow(_:into:)`, with work per value (`each` must hold the model weakly: the task
    /// it runs in belongs to the model).
    @discardableResult
    func follow<T>(_ stream: AsyncThrowingStream<T, Error>, each: @escaping @MainActor (T) async throws -> Void) -> Task<Void, Never> {
        track { [weak self] in
            do {
                for try await value in stream { try await each(value) }
            } catch is CancellationError {
            } catch {
                self?.update { $0.error = error.toUiError() }
            }
        }
    }

    /// Follows one record's stream, with whether the record holds changes from a phone met that
    /// the server has not confirmed yet: asked again whenever the record changes (a write here, a
    /// meeting, the sync that confirms them).
    @discardableResult
    func followRecord<T>(
        _ steppe: Steppe, record: String, _ stream: AsyncThrowingStream<T, Error>,
        into: @escaping (inout S, T, Bool) -> Void
    ) -> Task<Void, Never> {
        follow(stream, each: { [weak self] value in
            let unconfirmed = try await steppe.isUnconfirmed(record)
            self?.update { into(&$0, value, unconfirmed) }
        })
    }

    /// Clears the error after the user saw it.
    public func dismissError() {
        update { $0.error = nil }
    }

    private func track(_ body: @escaping @MainActor () async -> Void) -> Task<Void, Never> {
        let id = UUID()
        let bag = tasks
        // Main-actor isolated: it cannot start before `insert` below has run.
        let task = Task { @MainActor in
            await body()
            bag.remove(id)
        }
        bag.insert(id, task)
        return task
    }
}

/// The running tasks of one model, cancelled together when it goes.
final class TaskBag: @unchecked Sendable {
    private let lock = NSLock()
    private var running: [UUID: Task<Void, Never>] = [:]

    func insert(_ id: UUID, _ task: Task<Void, Never>) {
        lock.lock()
        running[id] = task
        lock.unlock()
    }

    func remove(_ id: UUID) {
        lock.lock()
        running[id] = nil
        lock.unlock()
    }

    func cancelAll() {
        lock.lock()
        let all = Array(running.values)
        running.removeAll()
        lock.unlock()
        all.forEach { $0.cancel() }
    }
}
