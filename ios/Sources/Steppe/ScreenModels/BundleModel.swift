import Foundation
import SteppeFFI

public struct BundleState: ScreenState {
    /// Local changes waiting for the server: what an exported file carries.
    public var pending: Int64 = 0
    /// Until when this phone's certificate vouches for its files; nil before its first sync.
    public var certificateExpiresAtMs: Int64?
    /// The file just written, for the app to share or save; cleared once handed over.
    public var exported: BundleFile?
    /// Changes new here from the last file imported.
    public var importedChanges: Int64?
    public var error: UiError?

    public init() {}
}

/// The bundle files screen, 离线数据包 (ADR 0011), as the Kotlin `BundleModel`: the app moves
/// the bytes (share sheet, document picker); whether a file is believed is the core's call.
public final class BundleModel: ScreenModel<BundleState> {
    private let steppe: Steppe

    public init(steppe: Steppe) {
        self.steppe = steppe
        super.init(BundleState())
        refresh()
    }

    @discardableResult
    public func refresh() -> Task<Void, Never> {
        intent(clearsError: false) { [weak self] in
            guard let self else { return }
            let pending = try await self.steppe.pendingUploads()
            let certificate = try await self.steppe.certificate()
            self.update {
                $0.pending = pending
                $0.certificateExpiresAtMs = certificate?.expiresAtMs
            }
        }
    }

    /// Writes the waiting changes to a file; it lands in `state.exported`.
    @discardableResult
    public func export() -> Task<Void, Never> {
        intent { [weak self] in
            guard let self else { return }
            let file = try await self.steppe.exportBundle()
            self.update { $0.exported = file }
        }
    }

    /// The app has saved or shared `state.exported`.
    public func handedOver() {
        update { $0.exported = nil }
    }

    /// Applies a file the township brought: the server's file of this phone's unit.
    @discardableResult
    public func importFile(_ bytes: Data) -> Task<Void, Never> {
        intent { [weak self] in
            guard let self else { return }
            let applied = try await self.steppe.importBundle(bytes)
            self.update { $0.importedChanges = applied }
        }
    }
}
