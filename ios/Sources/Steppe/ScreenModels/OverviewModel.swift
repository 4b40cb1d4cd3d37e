import Foundation
import SteppeFFI

public struct OverviewState: ScreenState {
    /// The root first, then its subtree; every row totals its own subtree.
    public var rows: [OrgCounts] = []
    public var conflicts: [ConflictItem] = []
    public var error: UiError?

    public init() {}
}

/// A supervisor's subtree: counts per organisation and the conflicts waiting for a choice.
public final class OverviewModel: ScreenModel<OverviewState> {
    public init(steppe: Steppe, root: String) {
        super.init(OverviewState())
        follow(steppe.overview(root: root)) { $0.rows = $1 }
        follow(steppe.conflicts()) { $0.conflicts = $1 }
    }
}
