import Foundation
import SteppeFFI

public struct SyncState: ScreenState {
    /// Local changes waiting for the server.
    public var pending: Int64 = 0
    public var lastSyncedAtMs: Int64?
    public var running = false
    /// 0.0–1.0 while running, when the server told its log's end; nil draws an indeterminate bar.
    public var fraction: Double?
    public var pages: Int64 = 0
    /// This phone's changes the server refused, with its reasons.
    public var rejected: [RejectedChange] = []
    /// The server revoked this device: the app wipes the store and key and enrolls again.
    public var revoked = false
    public var error: UiError?

    public init() {}
}

/// The sync bar every screen shows: pending count, last sync, progress, cancel, refusals.
public final class SyncModel: ScreenModel<SyncState> {
    private let steppe: Steppe
    private var running: Task<Void, Never>?

    public init(steppe: Steppe) {
        self.steppe = steppe
        super.init(SyncState())
        refresh()
    }

    @discardableResult
    public func refresh() -> Task<Void, Never> {
        intent(clearsError: false) { [weak self] in
            guard let self else { return }
            let pending = try await self.steppe.pendingUploads()
            let last = try await self.steppe.lastSyncedAtMs()
            let rejected = try await self.steppe.rejectedChanges()
            self.update {
                $0.pending = pending
                $0.lastSyncedAtMs = last
                $0.rejected = rejected
            }
        }
    }

    /// Starts a sync unless one runs; `cancel()` stops it at its next safe point.
    @discardableResult
    public func sync() -> Task<Void, Never> {
        if state.running, let running { return running }
        update {
            $0.running = true
            $0.fraction = nil
            $0.pages = 0
            $0.error = nil
        }
        let steppe = self.steppe
        // Called on the sync's thread; `progressed` drops any update that arrives out of order.
        let report: @Sendable (SyncProgress) -> Void = { [weak self] progress in
            Task { @MainActor in self?.progressed(progress) }
        }
        let id = UUID()
        let bag = tasks
        let task = Task { [weak self] in
            defer { bag.remove(id) }
            do {
                _ = try await steppe.sync(onProgress: report)
            } catch SteppeError.Revoked {
                self?.update {
                    $0.revoked = true
                    $0.error = UiError(.revoked)
                }
            } catch is CancellationError {
                // Cancelled by the user: nothing lost, nothing to report.
            } catch {
                self?.update { $0.error = error.toUiError() }
            }
            self?.update { $0.running = false }
            await self?.refresh().value
        }
        // In the bag, the sync ends with the model (`deinit` cannot reach `running`).
        bag.insert(id, task)
        running = task
        return task
    }

    public func cancel() {
        running?.cancel()
    }

    private func progressed(_ progress: SyncProgress) {
        // A late update must not bring back a finished bar or move it backwards.
        guard state.running, Int64(clamping: progress.pages) >= state.pages else { return }
        update {
            $0.fraction = progress.fraction
            $0.pages = Int64(clamping: progress.pages)
        }
    }
}
