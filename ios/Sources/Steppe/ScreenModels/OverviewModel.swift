import Foundation
import SteppeFFI

public struct OverviewState: ScreenState {
    /// The root first, then its subtree; every row totals its own subtree.
    public var rows: [OrgCounts] = []
    public var conflicts: [ConflictItem] = []
    /// Members' changes the server refused: work that never arrived, to follow up.
    public var refusals: [MemberRefusal] = []
    public var error: UiError?

    public init() {}
}

/// A supervisor's subtree: counts per organisation, the conflicts waiting for a choice, and the
/// members' changes the server refused.
public final class OverviewModel: ScreenModel<OverviewState> {
    public init(steppe: Steppe, root: String) {
        super.init(OverviewState())
        follow(steppe.overview(root: root)) { $0.rows = $1 }
        follow(steppe.conflicts()) { $0.conflicts = $1 }
        follow(steppe.memberRefusals()) { $0.refusals = $1 }
    }
}
