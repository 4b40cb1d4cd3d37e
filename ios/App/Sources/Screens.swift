import Steppe
import SteppeFFI
import SwiftUI

// Every view renders a model's state and calls its intents. Words the app says come from
// Localizable.xcstrings; names, places and the core's labels are data, shown verbatim.

struct RootView: View {
    @ObservedObject var session: SessionModel
    @State private var started = false

    var body: some View {
        Group {
            switch session.state {
            case .working:
                ProgressView()
            case let .signedOut(reason):
                EnrollView(reason: reason) { server, code in
                    session.enroll(serverUrl: server, code: code, deviceName: UIDevice.current.name)
                }
            case let .ready(steppe):
                HomeView(steppe: steppe, onRevoked: { session.revoked() })
                    // A new store (after a re-enrollment) starts every screen afresh.
                    .id(ObjectIdentifier(steppe))
            }
        }
        .task {
            guard !started else { return }
            started = true
            session.start()
        }
    }
}

struct ErrorRow: View {
    let error: UiError?
    let dismiss: () -> Void

    var body: some View {
        if let error {
            HStack {
                Text(verbatim: error.message()).foregroundStyle(.red)
                Spacer()
                Button("action.dismiss", action: dismiss)
            }
        }
    }
}

struct EnrollView: View {
    let reason: UiError?
    let enroll: (String, String) -> Void
    @State private var server = "https://"
    @State private var code = ""

    var body: some View {
        NavigationStack {
            Form {
                if let reason { Text(verbatim: reason.message()).foregroundStyle(.red) }
                TextField("enroll.server", text: $server)
                    .textInputAutocapitalization(.never)
                    .keyboardType(.URL)
                TextField("enroll.code", text: $code)
                    .textInputAutocapitalization(.never)
                Button("enroll.submit") { enroll(server, code) }
                    .disabled(code.isEmpty)
            }
            .navigationTitle("enroll.title")
        }
    }
}

// MARK: Home and the sync bar

struct HomeView: View {
    let steppe: Steppe
    let onRevoked: () -> Void
    @StateObject private var home: HomeModel
    @StateObject private var sync: SyncModel

    init(steppe: Steppe, onRevoked: @escaping () -> Void) {
        self.steppe = steppe
        self.onRevoked = onRevoked
        _home = StateObject(wrappedValue: HomeModel(steppe: steppe))
        _sync = StateObject(wrappedValue: SyncModel(steppe: steppe))
    }

    var body: some View {
        NavigationStack {
            List {
                Section { SyncBar(model: sync) }
                ErrorRow(error: home.state.error, dismiss: home.dismissError)
                Section("home.destinations") {
                    ForEach(home.state.destinations, id: \.self) { d in
                        NavigationLink(value: d) {
                            VStack(alignment: .leading) {
                                Text(d.screen.titleKey)
                                Text(verbatim: d.orgName).font(.caption)
                            }
                        }
                    }
                }
            }
            .navigationTitle("home.title")
            .navigationDestination(for: Destination.self) { d in
                DestinationView(steppe: steppe, destination: d, edited: { sync.sync() })
            }
            .navigationDestination(for: CaseLink.self) { CaseView(steppe: steppe, caseId: $0.id) }
            .navigationDestination(for: RequestLink.self) { RequestView(steppe: steppe, request: $0.id) }
            .navigationDestination(for: HouseholdLink.self) { HouseholdView(steppe: steppe, household: $0.id) }
            .navigationDestination(for: RollLink.self) { RollView(steppe: steppe, session: $0.id) }
            .navigationDestination(for: OrgLifeLink.self) { OrgLifeView(steppe: steppe, meeting: $0.id) }
        }
        .onChange(of: sync.state.revoked) { revoked in
            if revoked { onRevoked() }
        }
    }
}

struct CaseLink: Hashable { let id: String }
struct RequestLink: Hashable { let id: String }
struct HouseholdLink: Hashable { let id: String }
struct RollLink: Hashable { let id: String }
struct OrgLifeLink: Hashable { let id: String }

extension Screen {
    var titleKey: LocalizedStringKey {
        switch self {
        case .cases: return "screen.cases"
        case .schedule: return "screen.schedule"
        case .archive: return "screen.archive"
        case .requests: return "screen.requests"
        case .households: return "screen.households"
        case .memberService: return "screen.member_service"
        case .school: return "screen.school"
        case .branchLife: return "screen.branch_life"
        case .overview: return "screen.overview"
        }
    }
}

struct SyncBar: View {
    @ObservedObject var model: SyncModel

    var body: some View {
        let s = model.state
        VStack(alignment: .leading, spacing: 6) {
            HStack {
                Text("sync.pending \(s.pending)")
                Spacer()
                if s.running {
                    Button("sync.cancel") { model.cancel() }
                } else {
                    Button("sync.now") { model.sync() }
                }
            }
            if s.running {
                if let fraction = s.fraction { ProgressView(value: fraction) } else { ProgressView() }
            }
            if let last = s.lastSyncedAtMs {
                HStack(spacing: 4) {
                    Text("sync.last")
                    Text(Date(timeIntervalSince1970: TimeInterval(last) / 1000), style: .relative)
                }
                .font(.caption)
            } else {
                Text("sync.never").font(.caption)
            }
            if !s.rejected.isEmpty {
                Text("sync.rejected \(Int64(s.rejected.count))").font(.caption).foregroundStyle(.orange)
            }
            ErrorRow(error: s.error, dismiss: model.dismissError)
        }
    }
}

struct DestinationView: View {
    let steppe: Steppe
    let destination: Destination
    let edited: () -> Void

    var body: some View {
        switch destination.screen {
        case .cases: CasesView(steppe: steppe, branch: destination.org, edited: edited)
        case .schedule: ScheduleView(steppe: steppe, edited: edited)
        case .archive: ArchiveView(steppe: steppe)
        case .requests: RequestsView(steppe: steppe, community: destination.org, edited: edited)
        case .households: HouseholdsView(steppe: steppe, grid: destination.org, edited: edited)
        case .memberService: MemberServiceView(steppe: steppe, community: destination.org, edited: edited)
        case .school: SchoolView(steppe: steppe, school: destination.org)
        case .branchLife: BranchLifeView(steppe: steppe, branch: destination.org, edited: edited)
        case .overview: OverviewView(steppe: steppe, root: destination.org)
        }
    }
}

// MARK: 警地联调

struct CasesView: View {
    let edited: () -> Void
    @StateObject private var model: CasesModel
    @State private var place = ""
    @State private var description = ""
    @State private var partyA = ""
    @State private var partyB = ""

    init(steppe: Steppe, branch: String, edited: @escaping () -> Void) {
        self.edited = edited
        _model = StateObject(wrappedValue: CasesModel(steppe: steppe, branch: branch))
    }

    var body: some View {
        let s = model.state
        List {
            ErrorRow(error: s.error, dismiss: model.dismissError)
            Picker("cases.filter", selection: Binding(get: { s.filter }, set: { model.show($0) })) {
                Text("cases.filter.open").tag(CaseStatus?.some(.open))
                Text("cases.filter.closed").tag(CaseStatus?.some(.closed))
                Text("cases.filter.all").tag(CaseStatus?.none)
            }
            .pickerStyle(.segmented)
            Section("cases.new") {
                TextField("cases.place", text: $place)
                TextField("cases.description", text: $description)
                TextField("cases.party_a", text: $partyA)
                TextField("cases.party_b", text: $partyB)
                Button("cases.open") {
                    // The branch is the model's; the core checks the fields.
                    model.open(NewCase(branch: "", category: .neighbours, place: place,
                                       description: description, parties: [partyA, partyB].filter { !$0.isEmpty }))
                    edited()
                }
            }
            ForEach(s.cases, id: \.id) { row in
                NavigationLink(value: CaseLink(id: row.id)) {
                    VStack(alignment: .leading) {
                        Text(verbatim: "\(row.categoryLabel) · \(row.place)")
                        HStack {
                            Text(verbatim: row.statusLabel)
                            Text("cases.entries \(row.entries)")
                        }
                        .font(.caption)
                    }
                }
            }
        }
        .navigationTitle("screen.cases")
        .onChange(of: s.opened) { opened in
            if opened != nil { place = ""; description = ""; partyA = ""; partyB = "" }
        }
    }
}

struct CaseView: View {
    @StateObject private var model: CaseModel
    @State private var note = ""
    @State private var agreement = ""

    init(steppe: Steppe, caseId: String) {
        _model = StateObject(wrappedValue: CaseModel(steppe: steppe, caseId: caseId))
    }

    var body: some View {
        let s = model.state
        List {
            ErrorRow(error: s.error, dismiss: model.dismissError)
            if let d = s.detail {
                Section {
                    Text(verbatim: "\(d.categoryLabel) · \(d.statusLabel)")
                    Text(verbatim: d.description)
                    Text(verbatim: d.parties.joined(separator: "、")).font(.caption)
                }
                Section("case.timeline") {
                    ForEach(d.timeline, id: \.id) { e in
                        Text(verbatim: "\(e.kindLabel) · \(e.author)：\(e.body)")
                    }
                }
                Section("case.actions") {
                    TextField("case.note", text: $note)
                    Button("case.add_note") { model.addNote(note); note = "" }
                    if d.status == .open {
                        TextField("case.agreement", text: $agreement)
                        Button("case.close_agreement") { model.close(outcome: .agreement, detail: agreement) }
                    } else {
                        Button("case.follow_up") { model.followUp(note); note = "" }
                    }
                }
            }
            if !s.conflicts.isEmpty {
                Section("case.conflicts") {
                    ForEach(s.conflicts, id: \.self) { c in
                        VStack(alignment: .leading) {
                            Text(verbatim: c.field)
                            ForEach(Array(c.values.enumerated()), id: \.offset) { i, v in
                                Button {
                                    model.resolve(c, choice: i)
                                } label: {
                                    Text(verbatim: "\(v.value) — \(v.userName)")
                                }
                            }
                        }
                    }
                }
            }
            Section("case.history") {
                ForEach(Array(s.history.enumerated()), id: \.offset) { _, h in
                    VStack(alignment: .leading) {
                        Text(verbatim: "\(h.action) · \(h.userName)")
                        Text(Date(timeIntervalSince1970: TimeInterval(h.atMs) / 1000), style: .date).font(.caption)
                    }
                }
            }
        }
        .navigationTitle("case.title")
    }
}

// MARK: 基层党校

struct SessionRowView: View {
    let row: SessionRow

    var body: some View {
        VStack(alignment: .leading) {
            Text(verbatim: row.title)
            Text(verbatim: "\(row.schoolName) · \(row.modeLabel) · \(row.venue) · \(row.topicLabel)").font(.caption)
            Text(Date(timeIntervalSince1970: TimeInterval(row.startsAtMs) / 1000), style: .date).font(.caption)
        }
    }
}

struct ScheduleView: View {
    let edited: () -> Void
    @StateObject private var model: ScheduleModel

    init(steppe: Steppe, edited: @escaping () -> Void) {
        self.edited = edited
        _model = StateObject(wrappedValue: ScheduleModel(steppe: steppe))
    }

    var body: some View {
        let s = model.state
        List {
            ErrorRow(error: s.error, dismiss: model.dismissError)
            Section("schedule.this_week") {
                ForEach(s.thisWeek, id: \.id) { row in
                    HStack {
                        SessionRowView(row: row)
                        Spacer()
                        if row.mine != nil {
                            Image(systemName: "checkmark.circle.fill").accessibilityLabel(Text("schedule.checked_in"))
                        } else {
                            Button("schedule.check_in") {
                                model.checkIn(session: row.id, via: row.mode)
                                edited()
                            }
                            .disabled(row.cancelled)
                        }
                    }
                }
            }
            Section("schedule.upcoming") {
                ForEach(s.upcoming, id: \.id) { SessionRowView(row: $0) }
            }
        }
        .navigationTitle("screen.schedule")
    }
}

struct ArchiveView: View {
    @StateObject private var model: ArchiveModel

    init(steppe: Steppe) {
        _model = StateObject(wrappedValue: ArchiveModel(steppe: steppe))
    }

    var body: some View {
        let s = model.state
        List {
            ErrorRow(error: s.error, dismiss: model.dismissError)
            Stepper(value: Binding(get: { Int(s.year) }, set: { model.showYear(Int32($0)) }), in: 2000...2100) {
                Text(verbatim: String(s.year))
            }
            if let a = s.archive {
                Text("archive.totals \(a.sessions) \(a.hours)")
                ForEach(a.byTopic, id: \.self) { t in
                    Text(verbatim: "\(t.topicLabel)：\(t.hours.formatted(.number.precision(.fractionLength(1))))")
                }
                Section("archive.entries") {
                    ForEach(a.entries, id: \.self) { e in
                        VStack(alignment: .leading) {
                            Text(verbatim: e.title)
                            Text(Date(timeIntervalSince1970: TimeInterval(e.startsAtMs) / 1000), style: .date).font(.caption)
                        }
                    }
                }
            }
        }
        .navigationTitle("screen.archive")
    }
}

struct SchoolView: View {
    @StateObject private var model: SchoolModel

    init(steppe: Steppe, school: String) {
        _model = StateObject(wrappedValue: SchoolModel(steppe: steppe, school: school))
    }

    var body: some View {
        let s = model.state
        List {
            ErrorRow(error: s.error, dismiss: model.dismissError)
            ForEach(s.sessions, id: \.id) { row in
                NavigationLink(value: RollLink(id: row.id)) {
                    HStack {
                        SessionRowView(row: row)
                        Spacer()
                        Text("school.present \(row.present)").font(.caption)
                    }
                }
                .swipeActions {
                    if !row.cancelled {
                        Button("school.cancel_session", role: .destructive) { model.cancel(session: row.id) }
                    }
                }
            }
        }
        .navigationTitle("screen.school")
    }
}

struct RollView: View {
    @StateObject private var model: RollModel

    init(steppe: Steppe, session: String) {
        _model = StateObject(wrappedValue: RollModel(steppe: steppe, session: session))
    }

    var body: some View {
        let s = model.state
        List {
            ErrorRow(error: s.error, dismiss: model.dismissError)
            ForEach(s.roll, id: \.member) { e in
                HStack {
                    Text(verbatim: e.name.isEmpty ? e.member : e.name)
                    Spacer()
                    Text(verbatim: e.attendanceLabel).font(.caption)
                    Menu {
                        Button("roll.present") { model.mark(member: e.member, attendance: .present) }
                        Button("roll.absent") { model.mark(member: e.member, attendance: .absent) }
                        Button("roll.excused") { model.mark(member: e.member, attendance: .excused) }
                    } label: {
                        Image(systemName: "ellipsis.circle").accessibilityLabel(Text("roll.mark"))
                    }
                }
            }
        }
        .navigationTitle("roll.title")
    }
}

// MARK: 民事民提 → 民事民评, households, 双报到

struct RequestsView: View {
    let edited: () -> Void
    @StateObject private var model: RequestsModel
    @State private var title = ""
    @State private var description = ""
    @State private var raisedBy = ""

    init(steppe: Steppe, community: String, edited: @escaping () -> Void) {
        self.edited = edited
        _model = StateObject(wrappedValue: RequestsModel(steppe: steppe, community: community))
    }

    var body: some View {
        let s = model.state
        List {
            ErrorRow(error: s.error, dismiss: model.dismissError)
            Section("requests.new") {
                TextField("requests.title_field", text: $title)
                TextField("requests.description", text: $description)
                TextField("requests.raised_by", text: $raisedBy)
                Button("requests.raise") {
                    model.raise(NewRequest(community: "", title: title, description: description, raisedBy: raisedBy))
                    edited()
                }
            }
            ForEach(s.requests, id: \.id) { r in
                NavigationLink(value: RequestLink(id: r.id)) {
                    VStack(alignment: .leading) {
                        Text(verbatim: r.title)
                        Text(verbatim: r.stepLabel).font(.caption)
                    }
                }
            }
        }
        .navigationTitle("screen.requests")
        .onChange(of: s.raised) { raised in
            if raised != nil { title = ""; description = ""; raisedBy = "" }
        }
    }
}

struct RequestView: View {
    @StateObject private var model: RequestModel
    @State private var text = ""

    init(steppe: Steppe, request: String) {
        _model = StateObject(wrappedValue: RequestModel(steppe: steppe, request: request))
    }

    var body: some View {
        let s = model.state
        List {
            ErrorRow(error: s.error, dismiss: model.dismissError)
            if let d = s.detail {
                Section {
                    Text(verbatim: d.title)
                    Text(verbatim: d.description)
                    Text(verbatim: d.stepLabel).font(.caption)
                }
                Section("request.steps") {
                    ForEach(Array(d.steps.enumerated()), id: \.offset) { _, step in
                        Text(verbatim: "\(step.stepLabel) · \(step.by)：\(step.note)")
                    }
                }
                Section("request.actions") {
                    TextField("request.text", text: $text)
                    Button("request.discuss") { model.discuss(text); text = "" }
                    Button("request.decide") { model.decide(text); text = "" }
                    Button("request.carry_out") { model.carryOut(text); text = "" }
                    Button("request.satisfied") { model.evaluate(satisfied: true, comment: text); text = "" }
                    Button("request.unsatisfied") { model.evaluate(satisfied: false, comment: text); text = "" }
                }
            }
        }
        .navigationTitle("request.title")
    }
}

struct HouseholdsView: View {
    let edited: () -> Void
    @StateObject private var model: HouseholdsModel
    @State private var address = ""
    @State private var head = ""
    @State private var size = 1

    init(steppe: Steppe, grid: String, edited: @escaping () -> Void) {
        self.edited = edited
        _model = StateObject(wrappedValue: HouseholdsModel(steppe: steppe, grid: grid))
    }

    var body: some View {
        let s = model.state
        List {
            ErrorRow(error: s.error, dismiss: model.dismissError)
            Section("households.new") {
                TextField("households.address", text: $address)
                TextField("households.head", text: $head)
                Stepper(value: $size, in: 1...30) { Text("households.size \(Int64(size))") }
                Button("households.register") {
                    model.register(NewHousehold(grid: "", address: address, head: head, size: Int64(size)))
                    edited()
                }
            }
            ForEach(s.households, id: \.id) { h in
                NavigationLink(value: HouseholdLink(id: h.id)) {
                    VStack(alignment: .leading) {
                        Text(verbatim: "\(h.head) · \(h.address)")
                        Text("households.visits \(h.visits)").font(.caption)
                    }
                }
            }
        }
        .navigationTitle("screen.households")
        .onChange(of: s.registered) { registered in
            if registered != nil { address = ""; head = ""; size = 1 }
        }
    }
}

struct HouseholdView: View {
    @StateObject private var model: HouseholdModel
    @State private var note = ""
    @State private var followUp = false

    init(steppe: Steppe, household: String) {
        _model = StateObject(wrappedValue: HouseholdModel(steppe: steppe, household: household))
    }

    var body: some View {
        let s = model.state
        List {
            ErrorRow(error: s.error, dismiss: model.dismissError)
            if let d = s.detail {
                Section {
                    Text(verbatim: "\(d.head) · \(d.address)")
                    Text(verbatim: d.tagLabels.joined(separator: "、")).font(.caption)
                }
                Section("household.visit") {
                    TextField("household.note", text: $note)
                    Toggle("household.follow_up", isOn: $followUp)
                    Button("household.visit_door") { model.visit(mode: .door, note: note, followUp: followUp); note = "" }
                    Button("household.visit_phone") { model.visit(mode: .phone, note: note, followUp: followUp); note = "" }
                }
                Section("household.visits") {
                    ForEach(d.visits, id: \.id) { v in
                        Text(verbatim: "\(v.modeLabel) · \(v.visitor)：\(v.note)")
                    }
                }
            }
        }
        .navigationTitle("household.title")
    }
}

struct MemberServiceView: View {
    let edited: () -> Void
    @StateObject private var model: MemberServiceModel
    @State private var minutes = 60
    @State private var people = 1
    @State private var description = ""

    init(steppe: Steppe, community: String, edited: @escaping () -> Void) {
        self.edited = edited
        let now = currentTimeMs()
        _model = StateObject(wrappedValue: MemberServiceModel(
            steppe: steppe, community: community, fromMs: now - 365 * 24 * 3600 * 1000, toMs: now + 1))
    }

    var body: some View {
        let s = model.state
        List {
            ErrorRow(error: s.error, dismiss: model.dismissError)
            if let t = s.totals {
                Text("service.totals \(t.entries) \(t.minutes) \(t.peopleServed)")
            }
            Section("service.new") {
                Stepper(value: $minutes, in: 10...600, step: 10) { Text("service.minutes \(Int64(minutes))") }
                Stepper(value: $people, in: 1...500) { Text("service.people \(Int64(people))") }
                TextField("service.description", text: $description)
                Button("service.log") {
                    model.log(minutes: Int64(minutes), peopleServed: Int64(people), description: description)
                    description = ""
                    edited()
                }
            }
        }
        .navigationTitle("screen.member_service")
    }
}

// MARK: Branch life

struct BranchLifeView: View {
    let edited: () -> Void
    @StateObject private var model: BranchLifeModel

    init(steppe: Steppe, branch: String, edited: @escaping () -> Void) {
        self.edited = edited
        _model = StateObject(wrappedValue: BranchLifeModel(steppe: steppe, branch: branch))
    }

    var body: some View {
        let s = model.state
        List {
            ErrorRow(error: s.error, dismiss: model.dismissError)
            Button("branch.record_org_life") {
                model.record(kind: .organisationalLife, heldAtMs: currentTimeMs())
                edited()
            }
            Button("branch.record_democratic_life") {
                model.record(kind: .democraticLife, heldAtMs: currentTimeMs())
                edited()
            }
            ForEach(s.meetings, id: \.id) { m in
                NavigationLink(value: OrgLifeLink(id: m.id)) {
                    VStack(alignment: .leading) {
                        Text(verbatim: m.kindLabel)
                        Text(Date(timeIntervalSince1970: TimeInterval(m.heldAtMs) / 1000), style: .date).font(.caption)
                        Text("branch.items \(m.openItems) \(m.doneItems)").font(.caption)
                    }
                }
            }
        }
        .navigationTitle("screen.branch_life")
    }
}

struct OrgLifeView: View {
    @StateObject private var model: OrgLifeModel
    @State private var text = ""
    @State private var owner = ""

    init(steppe: Steppe, meeting: String) {
        _model = StateObject(wrappedValue: OrgLifeModel(steppe: steppe, meeting: meeting))
    }

    var body: some View {
        let s = model.state
        List {
            ErrorRow(error: s.error, dismiss: model.dismissError)
            if let d = s.detail {
                Section("orglife.items") {
                    ForEach(d.items, id: \.id) { i in Text(verbatim: "\(i.kindLabel)：\(i.text)") }
                }
                Section("orglife.rectifications") {
                    ForEach(d.rectifications, id: \.id) { r in
                        HStack {
                            Text(verbatim: "\(r.text) · \(r.owner)")
                            Spacer()
                            if r.done {
                                Image(systemName: "checkmark").accessibilityLabel(Text("orglife.done"))
                            } else {
                                Button("orglife.complete") { model.complete(item: r.id) }
                            }
                        }
                    }
                }
            }
            Section("orglife.add") {
                TextField("orglife.text", text: $text)
                TextField("orglife.owner", text: $owner)
                Button("orglife.add_opinion") { model.addItem(kind: .opinion, text: text); text = "" }
                Button("orglife.add_problem") { model.addItem(kind: .problem, text: text); text = "" }
                Button("orglife.add_rectification") {
                    model.addRectification(text: text, owner: owner, dueMs: nil)
                    text = ""
                }
            }
        }
        .navigationTitle("orglife.title")
    }
}

// MARK: 督导

struct OverviewView: View {
    @StateObject private var model: OverviewModel

    init(steppe: Steppe, root: String) {
        _model = StateObject(wrappedValue: OverviewModel(steppe: steppe, root: root))
    }

    var body: some View {
        let s = model.state
        List {
            ErrorRow(error: s.error, dismiss: model.dismissError)
            if !s.conflicts.isEmpty {
                Text("overview.conflicts \(Int64(s.conflicts.count))").foregroundStyle(.orange)
            }
            ForEach(s.rows, id: \.org) { r in
                VStack(alignment: .leading) {
                    Text(verbatim: String(repeating: "  ", count: Int(r.depth)) + "\(r.name)（\(r.kindLabel)）")
                    Text("overview.counts \(r.openCases) \(r.closedCases) \(r.sessions) \(r.attendances) \(r.openRequests) \(r.households)")
                        .font(.caption)
                }
            }
        }
        .navigationTitle("screen.overview")
    }
}
