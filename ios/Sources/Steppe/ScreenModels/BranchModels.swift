import Foundation
import SteppeFFI

public struct BranchLifeState: ScreenState {
    public var meetings: [OrgLifeRow] = []
    public var recorded: String?
    /// The branch's people, and the year's democratic evaluations (one per member evaluated).
    public var members: [MemberItem] = []
    public var evaluations: [EvaluationResult] = []
    /// The evaluation just opened, to navigate to.
    public var openedEvaluation: String?
    public var error: UiError?

    public init() {}
}

/// A branch secretary's organisational-life meetings and recording one; the democratic evaluation
/// of `year`: who has been evaluated, opening one for a member.
public final class BranchLifeModel: ScreenModel<BranchLifeState> {
    private let steppe: Steppe
    private let branch: String
    private let year: Int64

    public init(steppe: Steppe, branch: String, year: Int64) {
        self.steppe = steppe
        self.branch = branch
        self.year = year
        super.init(BranchLifeState())
        follow(steppe.orgLifeMeetings(branch: branch)) { $0.meetings = $1 }
        follow(steppe.members(org: branch)) { $0.members = $1 }
        follow(steppe.evaluationResults(branch: branch, year: year)) { $0.evaluations = $1 }
    }

    @discardableResult
    public func record(kind: MeetingKind, heldAtMs: Int64) -> Task<Void, Never> {
        let (steppe, branch) = (self.steppe, self.branch)
        return intent { [weak self] in
            let id = try await steppe.recordOrgLifeMeeting(NewOrgLifeMeeting(branch: branch, kind: kind, heldAtMs: heldAtMs))
            self?.update { $0.recorded = id }
        }
    }

    /// Opens `member`'s evaluation of the year, or points at the one already open.
    @discardableResult
    public func openEvaluation(member: String) -> Task<Void, Never> {
        let (steppe, branch, year) = (self.steppe, self.branch, self.year)
        let existing = state.evaluations.first { $0.member == member }?.id
        return intent { [weak self] in
            let id: String
            if let existing {
                id = existing
            } else {
                id = try await steppe.openEvaluation(branch: branch, member: member, year: year)
            }
            self?.update { $0.openedEvaluation = id }
        }
    }
}

public struct OrgLifeState: ScreenState {
    public var detail: OrgLifeDetail?
    /// The record holds changes from a phone met that the server has not confirmed yet.
    public var unconfirmed = false
    public var error: UiError?

    public init() {}
}

/// One meeting: opinions gathered, problems found, rectification items with owners and dues.
public final class OrgLifeModel: ScreenModel<OrgLifeState> {
    private let steppe: Steppe
    private let meeting: String

    public init(steppe: Steppe, meeting: String) {
        self.steppe = steppe
        self.meeting = meeting
        super.init(OrgLifeState())
        followRecord(steppe, record: meeting, steppe.orgLifeMeeting(meeting)) {
            $0.detail = $1
            $0.unconfirmed = $2
        }
    }

    @discardableResult
    public func addItem(kind: ItemKind, text: String) -> Task<Void, Never> {
        let (steppe, meeting) = (self.steppe, self.meeting)
        return intent { _ = try await steppe.addOrgLifeItem(meeting: meeting, kind: kind, text: text) }
    }

    @discardableResult
    public func addRectification(text: String, owner: String, dueMs: Int64?) -> Task<Void, Never> {
        let (steppe, meeting) = (self.steppe, self.meeting)
        return intent {
            _ = try await steppe.addRectification(NewRectification(meeting: meeting, text: text, owner: owner, dueMs: dueMs))
        }
    }

    @discardableResult
    public func complete(item: String) -> Task<Void, Never> {
        let (steppe, meeting) = (self.steppe, self.meeting)
        return intent { try await steppe.completeRectification(meeting: meeting, item: item) }
    }
}

public struct EvaluationState: ScreenState {
    public var detail: EvaluationDetail?
    /// The record holds changes from a phone met that the server has not confirmed yet.
    public var unconfirmed = false
    public var error: UiError?

    public init() {}
}

/// One member's annual democratic evaluation, step by step.
public final class EvaluationModel: ScreenModel<EvaluationState> {
    private let steppe: Steppe
    private let evaluation: String

    public init(steppe: Steppe, evaluation: String) {
        self.steppe = steppe
        self.evaluation = evaluation
        super.init(EvaluationState())
        // Loading must not clear an error a first command left: it may finish after that command.
        intent(clearsError: false) { [weak self] in try await self?.load() }
    }

    private func load() async throws {
        let detail = try await steppe.evaluation(evaluation)
        let unconfirmed = try await steppe.isUnconfirmed(evaluation)
        update {
            $0.detail = detail
            $0.unconfirmed = unconfirmed
        }
    }

    private func step(_ block: @escaping @MainActor (Steppe, String) async throws -> Void) -> Task<Void, Never> {
        let (steppe, evaluation) = (self.steppe, self.evaluation)
        return intent { [weak self] in
            try await block(steppe, evaluation)
            try await self?.load()
        }
    }

    @discardableResult
    public func assessSelf(_ text: String) -> Task<Void, Never> {
        step { try await $0.assessSelf(evaluation: $1, text: text) }
    }

    @discardableResult
    public func assessMutually(_ text: String) -> Task<Void, Never> {
        step { try await $0.assessMutually(evaluation: $1, text: text) }
    }

    @discardableResult
    public func recordVotes(_ votes: [Grade: Int64]) -> Task<Void, Never> {
        let list = votes.map { GradeVotes(grade: $0.key, votes: $0.value) }
        return step { try await $0.recordVotes(evaluation: $1, votes: list) }
    }

    @discardableResult
    /// Records the grade the tallies give (`EvaluationDetail.tallied`); never one chosen beside them.
    public func recordResult() -> Task<Void, Never> {
        step { _ = try await $0.recordEvaluationResult(evaluation: $1) }
    }
}
