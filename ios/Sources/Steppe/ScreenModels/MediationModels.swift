import Foundation
import SteppeFFI

public struct CasesState: ScreenState {
    public var cases: [CaseRow] = []
    public var filter: CaseStatus? = .open
    /// The case just opened, for the screen to navigate to.
    public var opened: String?
    /// This year's legal-advice services, difficulties solved and other services, per kind.
    public var services: [ServiceCount] = []
    public var error: UiError?

    public init() {}
}

/// A mediator's cases of one branch (open ones first by default), opening a new one, and the
/// year's services logged beside the cases.
public final class CasesModel: ScreenModel<CasesState> {
    private let steppe: Steppe
    private let branch: String
    private var following: Task<Void, Never>?

    public init(steppe: Steppe, branch: String) {
        self.steppe = steppe
        self.branch = branch
        super.init(CasesState())
        following = follow(steppe.cases(branch: branch, status: .open)) { $0.cases = $1 }
        let (from, to) = chinaYearBounds(chinaYear())
        follow(steppe.services(branch: branch, fromMs: from, toMs: to)) { $0.services = $1 }
    }

    public func show(_ filter: CaseStatus?) {
        following?.cancel()
        update { $0.filter = filter }
        following = follow(steppe.cases(branch: branch, status: filter)) { $0.cases = $1 }
    }

    /// The form's fields; the domain checks them (a place, two parties, a description).
    @discardableResult
    public func open(_ newCase: NewCase) -> Task<Void, Never> {
        var newCase = newCase
        newCase.branch = branch
        return intent { [weak self] in
            guard let self else { return }
            let id = try await self.steppe.openCase(newCase)
            self.update { $0.opened = id }
        }
    }

    /// A legal-advice service or a difficulty solved, counted beside the cases.
    @discardableResult
    public func logService(_ entry: NewServiceEntry) -> Task<Void, Never> {
        var entry = entry
        entry.branch = branch
        let steppe = self.steppe
        return intent { _ = try await steppe.logService(entry) }
    }
}

public struct CaseState: ScreenState {
    public var detail: CaseDetail?
    /// The record holds changes from a phone met that the server has not confirmed yet.
    public var unconfirmed = false
    public var history: [HistoryItem] = []
    public var conflicts: [ConflictItem] = []
    public var error: UiError?

    public init() {}
}

/// One case: its timeline, outcome, follow-ups, history with names and conflicts. Supervisors
/// open it too; a write they make anyway is kept on the phone and refused by the server at the
/// next sync (listed by `SyncModel`), so the screen hides the actions for roles that lack them.
public final class CaseModel: ScreenModel<CaseState> {
    private let steppe: Steppe
    private let caseId: String

    public init(steppe: Steppe, caseId: String) {
        self.steppe = steppe
        self.caseId = caseId
        super.init(CaseState())
        // The history is read again whenever the case changes (a write here, or a sync).
        follow(steppe.case(caseId), each: { [weak self] detail in
            let history = try await steppe.history(record: caseId)
            let unconfirmed = try await steppe.isUnconfirmed(caseId)
            self?.update {
                $0.detail = detail
                $0.history = history
                $0.unconfirmed = unconfirmed
            }
        })
        follow(steppe.conflicts(record: caseId)) { $0.conflicts = $1 }
    }

    private func write(_ block: @escaping @MainActor (Steppe, String) async throws -> Void) -> Task<Void, Never> {
        let (steppe, caseId) = (self.steppe, self.caseId)
        // The history follows the case's stream, which the write itself refreshes.
        return intent { try await block(steppe, caseId) }
    }

    @discardableResult
    public func addNote(_ body: String) -> Task<Void, Never> {
        write { _ = try await $0.addCaseNote(caseId: $1, body: body) }
    }

    @discardableResult
    public func addVisit(_ body: String) -> Task<Void, Never> {
        write { _ = try await $0.addCaseVisit(caseId: $1, body: body) }
    }

    /// `detail` is the agreement's text or where it was referred.
    @discardableResult
    public func close(outcome: Outcome, detail: String?) -> Task<Void, Never> {
        write { try await $0.closeCase(CloseCase(caseId: $1, outcome: outcome, detail: detail)) }
    }

    @discardableResult
    public func reopen(reason: String) -> Task<Void, Never> {
        write { _ = try await $0.reopenCase(caseId: $1, reason: reason) }
    }

    @discardableResult
    public func followUp(_ note: String) -> Task<Void, Never> {
        write { _ = try await $0.addFollowUp(caseId: $1, note: note) }
    }

    @discardableResult
    public func resolve(_ conflict: ConflictItem, choice: Int) -> Task<Void, Never> {
        write { steppe, _ in try await steppe.resolveConflict(conflict, choice: choice) }
    }
}
