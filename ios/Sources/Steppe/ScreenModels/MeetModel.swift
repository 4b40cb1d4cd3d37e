import Foundation
import SteppeFFI

public struct MeetState: ScreenState {
    public var running = false
    /// The last meeting: whom, and what crossed.
    public var last: MeetingSummary?
    /// Sealed items this phone carries for the server.
    public var carried: Int64 = 0
    public var error: UiError?

    public init() {}
}

/// Meeting another phone with no network (ADR 0011), as the Kotlin `MeetModel`: the app opens
/// the link (Multipeer Connectivity, Bluetooth) and hands it over as a `PeerLink`.
public final class MeetModel: ScreenModel<MeetState> {
    private let steppe: Steppe

    public init(steppe: Steppe) {
        self.steppe = steppe
        super.init(MeetState())
        refresh()
    }

    @discardableResult
    public func refresh() -> Task<Void, Never> {
        intent(clearsError: false) { [weak self] in
            guard let self else { return }
            let carried = try await self.steppe.carriedCount()
            self.update { $0.carried = carried }
        }
    }

    @discardableResult
    public func meet(_ link: PeerLink, initiator: Bool) -> Task<Void, Never> {
        intent { [weak self] in
            guard let self else { return }
            self.update { $0.running = true }
            defer { self.update { $0.running = false } }
            let summary = try await self.steppe.meet(link, initiator: initiator)
            let carried = try await self.steppe.carriedCount()
            self.update {
                $0.last = summary
                $0.carried = carried
            }
        }
    }
}
