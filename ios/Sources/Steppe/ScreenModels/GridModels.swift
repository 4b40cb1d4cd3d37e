import Foundation
import SteppeFFI

public struct RequestsState: ScreenState {
    public var requests: [RequestRow] = []
    public var step: RequestStep?
    public var raised: String?
    public var error: UiError?

    public init() {}
}

/// A community's residents' requests, by step, and taking a new one down (民事民提).
public final class RequestsModel: ScreenModel<RequestsState> {
    private let steppe: Steppe
    private let community: String
    private var following: Task<Void, Never>?

    public init(steppe: Steppe, community: String) {
        self.steppe = steppe
        self.community = community
        super.init(RequestsState())
        following = follow(steppe.requests(community: community)) { $0.requests = $1 }
    }

    public func show(_ step: RequestStep?) {
        following?.cancel()
        update { $0.step = step }
        following = follow(steppe.requests(community: community, step: step)) { $0.requests = $1 }
    }

    @discardableResult
    public func raise(_ request: NewRequest) -> Task<Void, Never> {
        var request = request
        request.community = community
        let steppe = self.steppe
        return intent { [weak self] in
            let id = try await steppe.raiseRequest(request)
            self?.update { $0.raised = id }
        }
    }

    /// A joint meeting (三方协商议事会) and its decisions, each settling a request where named.
    @discardableResult
    public func recordMeeting(_ meeting: NewJointMeeting, decisions: [(text: String, request: String?)]) -> Task<Void, Never> {
        var meeting = meeting
        meeting.community = community
        let steppe = self.steppe
        return intent {
            let id = try await steppe.recordJointMeeting(meeting)
            for decision in decisions {
                _ = try await steppe.addMeetingDecision(meeting: id, text: decision.text, request: decision.request)
                if let request = decision.request {
                    try await steppe.decideRequest(DecideRequest(request: request, decision: decision.text, meeting: id))
                }
            }
        }
    }
}

public struct RequestState: ScreenState {
    public var detail: RequestDetail?
    /// The record holds changes from a phone met that the server has not confirmed yet.
    public var unconfirmed = false
    public var error: UiError?

    public init() {}
}

/// One request through its steps; an unsatisfied evaluation reopens it for another round.
public final class RequestModel: ScreenModel<RequestState> {
    private let steppe: Steppe
    private let request: String

    public init(steppe: Steppe, request: String) {
        self.steppe = steppe
        self.request = request
        super.init(RequestState())
        followRecord(steppe, record: request, steppe.request(request)) {
            $0.detail = $1
            $0.unconfirmed = $2
        }
    }

    @discardableResult
    public func discuss(_ note: String) -> Task<Void, Never> {
        let (steppe, request) = (self.steppe, self.request)
        return intent { try await steppe.discussRequest(request, note: note) }
    }

    @discardableResult
    public func decide(_ decision: String, meeting: String? = nil) -> Task<Void, Never> {
        let (steppe, request) = (self.steppe, self.request)
        return intent { try await steppe.decideRequest(DecideRequest(request: request, decision: decision, meeting: meeting)) }
    }

    @discardableResult
    public func carryOut(_ report: String) -> Task<Void, Never> {
        let (steppe, request) = (self.steppe, self.request)
        return intent { try await steppe.carryOutRequest(request, report: report) }
    }

    /// The residents' verdict, collected from `residents` by this phone's user (not whoever did the work).
    @discardableResult
    public func evaluate(satisfied: Bool, comment: String, residents: [String]) -> Task<Void, Never> {
        let (steppe, request) = (self.steppe, self.request)
        return intent {
            try await steppe.evaluateRequest(
                EvaluateRequest(request: request, satisfied: satisfied, comment: comment, residents: residents))
        }
    }
}

public struct HouseholdsState: ScreenState {
    public var households: [HouseholdRow] = []
    public var tag: HouseholdTag?
    public var registered: String?
    public var error: UiError?

    public init() {}
}

/// A grid's households, filtered by tag (独居, 高龄老人…), and registering one.
public final class HouseholdsModel: ScreenModel<HouseholdsState> {
    private let steppe: Steppe
    private let grid: String
    private var following: Task<Void, Never>?

    public init(steppe: Steppe, grid: String) {
        self.steppe = steppe
        self.grid = grid
        super.init(HouseholdsState())
        following = follow(steppe.households(grid: grid)) { $0.households = $1 }
    }

    public func show(_ tag: HouseholdTag?) {
        following?.cancel()
        update { $0.tag = tag }
        following = follow(steppe.households(grid: grid, tag: tag)) { $0.households = $1 }
    }

    @discardableResult
    public func register(_ household: NewHousehold) -> Task<Void, Never> {
        var household = household
        household.grid = grid
        let steppe = self.steppe
        return intent { [weak self] in
            let id = try await steppe.registerHousehold(household)
            self?.update { $0.registered = id }
        }
    }
}

public struct HouseholdState: ScreenState {
    public var detail: HouseholdDetail?
    /// The record holds changes from a phone met that the server has not confirmed yet.
    public var unconfirmed = false
    public var error: UiError?

    public init() {}
}

/// One household: tags and visits (phone, WeChat, video, door), with follow-ups.
public final class HouseholdModel: ScreenModel<HouseholdState> {
    private let steppe: Steppe
    private let household: String

    public init(steppe: Steppe, household: String) {
        self.steppe = steppe
        self.household = household
        super.init(HouseholdState())
        followRecord(steppe, record: household, steppe.household(household)) {
            $0.detail = $1
            $0.unconfirmed = $2
        }
    }

    @discardableResult
    public func visit(mode: VisitMode, note: String, followUp: Bool = false) -> Task<Void, Never> {
        let (steppe, household) = (self.steppe, self.household)
        return intent {
            _ = try await steppe.logVisit(NewVisit(household: household, mode: mode, note: note, followUp: followUp))
        }
    }

    @discardableResult
    public func tag(_ tag: HouseholdTag, on: Bool) -> Task<Void, Never> {
        let (steppe, household) = (self.steppe, self.household)
        return intent { try await steppe.tagHousehold(household, tag: tag, on: on) }
    }
}

public struct MemberServiceState: ScreenState {
    public var totals: ServiceTotals?
    public var error: UiError?

    public init() {}
}

/// An in-service member's service entries (双报到) and this year's totals.
public final class MemberServiceModel: ScreenModel<MemberServiceState> {
    private let steppe: Steppe
    private let community: String
    private let fromMs: Int64
    private let toMs: Int64

    public init(steppe: Steppe, community: String, fromMs: Int64, toMs: Int64) {
        self.steppe = steppe
        self.community = community
        self.fromMs = fromMs
        self.toMs = toMs
        super.init(MemberServiceState())
        intent(clearsError: false) { [weak self] in try await self?.load() }
    }

    private func load() async throws {
        let totals = try await steppe.memberServiceTotals(member: steppe.userId, fromMs: fromMs, toMs: toMs)
        update { $0.totals = totals }
    }

    @discardableResult
    public func log(minutes: Int64, peopleServed: Int64, description: String) -> Task<Void, Never> {
        let (steppe, community) = (self.steppe, self.community)
        return intent { [weak self] in
            _ = try await steppe.logMemberService(NewMemberService(
                member: steppe.userId, community: community, minutes: minutes,
                peopleServed: peopleServed, description: description))
            try await self?.load()
        }
    }
}
