import Foundation
import SteppeFFI

public enum Screen: String, CaseIterable, Hashable, Sendable {
    case cases, schedule, archive, requests, households, memberService, school, branchLife, overview
}

/// A place in the app a member can go, and the organisation it opens on.
public struct Destination: Hashable, Sendable {
    public let screen: Screen
    public let org: String
    public let orgName: String

    public init(screen: Screen, org: String, orgName: String) {
        self.screen = screen
        self.org = org
        self.orgName = orgName
    }
}

public struct HomeState: ScreenState {
    public var roles: [RoleAt] = []
    public var destinations: [Destination] = []
    public var error: UiError?

    public init() {}
}

/// The start screen: what the member's roles let them do, and where each screen opens.
public final class HomeModel: ScreenModel<HomeState> {
    public init(steppe: Steppe) {
        super.init(HomeState())
        follow(steppe.myRoles()) { state, roles in
            state.roles = roles
            state.destinations = Self.destinationsOf(roles)
        }
    }

    public nonisolated static func destinationsOf(_ roles: [RoleAt]) -> [Destination] {
        var out: [Destination] = []
        var seen = Set<Destination>()
        func add(_ d: Destination) {
            if seen.insert(d).inserted { out.append(d) }
        }
        for r in roles {
            let screens: [Screen]
            switch r.role {
            case .mediator: screens = [.cases]
            case .member: screens = [.schedule, .archive, .memberService]
            case .gridWorker: screens = [.requests, .households, .memberService]
            case .volunteer: screens = [.requests]
            case .lecturer: screens = [.school]
            case .secretary: screens = [.school, .branchLife, .overview]
            case .supervisor, .administrator,
                 .partyBuildingMonitor, .sentimentMonitor, .integrityMonitor, .instructor:
                screens = [.overview]
            }
            screens.forEach { add(Destination(screen: $0, org: r.org, orgName: r.orgName)) }
        }
        // Everyone has a schedule and an archive of their own.
        if let first = roles.first {
            add(Destination(screen: .schedule, org: first.org, orgName: first.orgName))
            add(Destination(screen: .archive, org: first.org, orgName: first.orgName))
        }
        return out
    }
}
