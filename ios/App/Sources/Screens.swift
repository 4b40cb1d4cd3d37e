import Steppe
import SteppeFFI
import SwiftUI
import UIKit

// Every view renders a model's state and calls its intents. Words the app says come from
// Localizable.xcstrings; names and places are data, shown verbatim; the core's codes (a
// category, a status) arrive as catalogue ids and are looked up with `word`.

/// The words for a catalogue id the core sent, from the string catalogue that `cargo xtask
/// i18n` generates from the one catalogue (Chinese where the phone's language lacks them).
func word(_ key: String) -> String {
    String(localized: String.LocalizationValue(key))
}

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
                Text(verbatim: error.sentence()).foregroundStyle(.red)
                Spacer()
                Button("action.dismiss", action: dismiss)
            }
        }
    }
}

/// Marks a record that holds changes from a phone met which the server has not confirmed yet.
struct UnconfirmedRow: View {
    let unconfirmed: Bool

    var body: some View {
        if unconfirmed {
            Text("record.unconfirmed").font(.caption).foregroundStyle(.orange)
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
                if let reason { Text(verbatim: reason.sentence()).foregroundStyle(.red) }
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
                // The app's own language, apart from the phone's: iOS keeps it in Settings.
                Section {
                    Button("language.settings") {
                        if let url = URL(string: UIApplication.openSettingsURLString) {
                            UIApplication.shared.open(url)
                        }
                    }
                }
            }
            .navigationTitle("home.title")
            .navigationDestination(for: Destination.self) { d in
                DestinationView(steppe: steppe, destination: d, edited: { sync.sync() })
            }
            .navigationDestination(for: CaseLink.self) { CaseView(steppe: steppe, caseId: $0.id, readOnly: $0.readOnly) }
            .navigationDestination(for: OrgCasesLink.self) { CasesView(steppe: steppe, branch: $0.org, readOnly: true, edited: {}) }
            .navigationDestination(for: RequestLink.self) { RequestView(steppe: steppe, request: $0.id) }
            .navigationDestination(for: HouseholdLink.self) { HouseholdView(steppe: steppe, household: $0.id) }
            .navigationDestination(for: RollLink.self) { RollView(steppe: steppe, session: $0.id) }
            .navigationDestination(for: OrgLifeLink.self) { OrgLifeView(steppe: steppe, meeting: $0.id) }
            .navigationDestination(for: EvaluationLink.self) {
                EvaluationView(steppe: steppe, evaluation: $0.id, edited: { sync.sync() })
            }
        }
        .onChange(of: sync.state.revoked) { revoked in
            if revoked { onRevoked() }
        }
    }
}

struct CaseLink: Hashable {
    let id: String
    var readOnly = false
}
/// A supervisor's way into a unit below: its cases, to read (Android's Route.OrgCases).
struct OrgCasesLink: Hashable { let org: String }
struct RequestLink: Hashable { let id: String }
struct HouseholdLink: Hashable { let id: String }
struct RollLink: Hashable { let id: String }
struct OrgLifeLink: Hashable { let id: String }
struct EvaluationLink: Hashable { let id: String }

/// Times as the organisations read them: China Standard Time, whatever the phone's zone.
private let chinaTime = TimeZone(identifier: "Asia/Shanghai") ?? .current

/// Milliseconds since the epoch, as the core counts them.
private func epochMs(_ date: Date) -> Int64 {
    Int64(date.timeIntervalSince1970 * 1000)
}

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
        case .school: SchoolView(steppe: steppe, school: destination.org, edited: edited)
        case .branchLife: BranchLifeView(steppe: steppe, branch: destination.org, edited: edited)
        case .overview: OverviewView(steppe: steppe, root: destination.org)
        }
    }
}

// MARK: 警地联调

struct CasesView: View {
    let edited: () -> Void
    @StateObject private var model: CasesModel
    @State private var category = CaseCategory.neighbours
    @State private var place = ""
    @State private var description = ""
    @State private var partyA = ""
    @State private var partyB = ""
    @State private var serviceKind = ServiceKind.legalAdvice
    @State private var servicePeople = 1
    @State private var serviceSummary = ""

    /// A supervisor reading a unit below: no forms, and the cases open read-only.
    let readOnly: Bool

    init(steppe: Steppe, branch: String, readOnly: Bool = false, edited: @escaping () -> Void) {
        self.edited = edited
        self.readOnly = readOnly
        _model = StateObject(wrappedValue: CasesModel(steppe: steppe, branch: branch))
    }

    var body: some View {
        let s = model.state
        List {
            ErrorRow(error: s.error, dismiss: model.dismissError)
            ForEach(s.services, id: \.kindKey) { c in
                Text("cases.service_count \(word(c.kindKey)) \(c.entries) \(c.people)").font(.caption)
            }
            Picker("cases.filter", selection: Binding(get: { s.filter }, set: { model.show($0) })) {
                Text("cases.filter.open").tag(CaseStatus?.some(.open))
                Text("cases.filter.closed").tag(CaseStatus?.some(.closed))
                Text("cases.filter.all").tag(CaseStatus?.none)
            }
            .pickerStyle(.segmented)
            if !readOnly {
                Section("cases.new") {
                    Picker("cases.category", selection: $category) {
                        ForEach(CaseCategory.all, id: \.self) { Text($0.titleKey).tag($0) }
                    }
                    TextField("cases.place", text: $place)
                    TextField("cases.description", text: $description)
                    TextField("cases.party_a", text: $partyA)
                    TextField("cases.party_b", text: $partyB)
                    Button("cases.open") {
                        // The branch is the model's; the core checks the fields.
                        model.open(NewCase(branch: "", category: category, place: place,
                                           description: description, parties: [partyA, partyB].filter { !$0.isEmpty }))
                        edited()
                    }
                }
                Section("cases.service") {
                    Picker("cases.service_kind", selection: $serviceKind) {
                        ForEach(ServiceKind.all, id: \.self) { Text($0.titleKey).tag($0) }
                    }
                    Stepper(value: $servicePeople, in: 1...1000) { Text("service.people \(Int64(servicePeople))") }
                    TextField("service.description", text: $serviceSummary)
                    Button("service.log") {
                        // The branch is the model's; the core checks the count and the summary.
                        let entry = NewServiceEntry(branch: "", kind: serviceKind, peopleServed: Int64(servicePeople),
                                                    summary: serviceSummary)
                        Task { @MainActor in
                            await model.logService(entry).value
                            if model.state.error == nil { serviceSummary = "" }
                            edited()
                        }
                    }
                }
            }
            ForEach(s.cases, id: \.id) { row in
                NavigationLink(value: CaseLink(id: row.id, readOnly: readOnly)) {
                    VStack(alignment: .leading) {
                        Text(verbatim: "\(word(row.categoryKey)) · \(row.place)")
                        HStack {
                            Text(verbatim: word(row.statusKey))
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

extension CaseCategory {
    static let all: [CaseCategory] = [.neighbours, .pastureBoundary, .family, .livestockDamage, .debt, .other]

    var titleKey: LocalizedStringKey {
        switch self {
        case .neighbours: "category.neighbours"
        case .pastureBoundary: "category.pasture_boundary"
        case .family: "category.family"
        case .livestockDamage: "category.livestock_damage"
        case .debt: "category.debt"
        case .other: "category.other"
        }
    }
}

extension ServiceKind {
    static let all: [ServiceKind] = [.legalAdvice, .disputeResolved, .difficultySolved, .antiFraud, .lawPublicity]

    var titleKey: LocalizedStringKey {
        switch self {
        case .legalAdvice: "service_kind.legal_advice"
        case .disputeResolved: "service_kind.dispute_resolved"
        case .difficultySolved: "service_kind.difficulty_solved"
        case .antiFraud: "service_kind.anti_fraud"
        case .lawPublicity: "service_kind.law_publicity"
        }
    }
}

extension Outcome {
    static let all: [Outcome] = [.agreement, .referred, .withdrawn, .unresolved]

    var titleKey: LocalizedStringKey {
        switch self {
        case .agreement: "outcome.agreement"
        case .referred: "outcome.referred"
        case .withdrawn: "outcome.withdrawn"
        case .unresolved: "outcome.unresolved"
        }
    }
}

struct CaseView: View {
    @StateObject private var model: CaseModel
    @State private var note = ""
    @State private var agreement = ""
    @State private var outcome = Outcome.agreement

    /// Read-only for a supervisor: the record, its timeline and history, no actions.
    let readOnly: Bool

    init(steppe: Steppe, caseId: String, readOnly: Bool = false) {
        self.readOnly = readOnly
        _model = StateObject(wrappedValue: CaseModel(steppe: steppe, caseId: caseId))
    }

    var body: some View {
        let s = model.state
        List {
            ErrorRow(error: s.error, dismiss: model.dismissError)
            UnconfirmedRow(unconfirmed: s.unconfirmed)
            if let d = s.detail {
                Section {
                    Text(verbatim: "\(word(d.categoryKey)) · \(word(d.statusKey))")
                    Text(verbatim: d.description)
                    Text(verbatim: d.parties.joined(separator: word("list_separator"))).font(.caption)
                }
                Section("case.timeline") {
                    ForEach(d.timeline, id: \.id) { e in
                        Text(verbatim: "\(word(e.kindKey)) · \(e.author)：\(e.body)")
                    }
                }
                if !readOnly {
                    Section("case.actions") {
                        TextField("case.note", text: $note)
                        Button("case.add_note") { model.addNote(note); note = "" }
                        Button("case.add_visit") { model.addVisit(note); note = "" }
                        Button("case.follow_up") { model.followUp(note); note = "" }
                        if d.status == .open {
                            Picker("case.outcome", selection: $outcome) {
                                ForEach(Outcome.all, id: \.self) { Text($0.titleKey).tag($0) }
                            }
                            // Agreement text or where it was referred; the other outcomes carry none.
                            let carriesDetail = outcome == .agreement || outcome == .referred
                            if carriesDetail {
                                TextField(outcome == .agreement ? LocalizedStringKey("case.agreement") : LocalizedStringKey("case.referred_to"),
                                          text: $agreement)
                            }
                            Button("case.close") { model.close(outcome: outcome, detail: carriesDetail ? agreement : nil) }
                        } else {
                            // The note's text is the reason for reopening.
                            Button("case.reopen") { model.reopen(reason: note); note = "" }
                        }
                    }
                }
            }
            if !s.conflicts.isEmpty {
                Section("case.conflicts") {
                    ForEach(s.conflicts, id: \.self) { c in
                        VStack(alignment: .leading) {
                            Text(verbatim: c.field)
                            ForEach(Array(c.values.enumerated()), id: \.offset) { i, v in
                                if readOnly {
                                    Text(verbatim: "\(v.value) — \(v.userName)")
                                } else {
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
            Text(verbatim: "\(row.schoolName) · \(word(row.modeKey)) · \(row.venue) · \(word(row.topicKey))").font(.caption)
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
                    Text(verbatim: "\(word(t.topicKey))：\(t.hours.formatted(.number.precision(.fractionLength(1))))")
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
    let edited: () -> Void
    @StateObject private var model: SchoolModel
    @State private var title = ""
    @State private var topic = Topic.partyTheory
    @State private var drafts: [NewSession] = []
    @State private var course: String?

    init(steppe: Steppe, school: String, edited: @escaping () -> Void) {
        self.edited = edited
        _model = StateObject(wrappedValue: SchoolModel(steppe: steppe, school: school))
    }

    /// Courses to add a session to: one row per course among the school's sessions.
    private func knownCourses(_ sessions: [SessionRow]) -> [SessionRow] {
        var seen = Set<String>()
        return sessions.filter { seen.insert($0.course).inserted }
    }

    var body: some View {
        let s = model.state
        let courses = knownCourses(s.sessions)
        List {
            ErrorRow(error: s.error, dismiss: model.dismissError)
            // The lecturer stays unset: the screen model offers no lecturer pool to pick from.
            Section("school.new_course") {
                TextField("school.course_title", text: $title)
                Picker("school.topic", selection: $topic) {
                    ForEach(Topic.all, id: \.self) { Text($0.titleKey).tag($0) }
                }
                ForEach(Array(drafts.enumerated()), id: \.offset) { _, d in
                    Text("school.session_draft \(Date(timeIntervalSince1970: TimeInterval(d.startsAtMs) / 1000).formatted(date: .abbreviated, time: .shortened)) \(d.minutes) \(Text(d.mode.titleKey)) \(d.venue)")
                }
                .onDelete { drafts.remove(atOffsets: $0) }
                SessionFields(action: "school.add_session") { drafts.append($0) }
                Button("school.create_course") {
                    // The school and each session's course are the model's to fill in.
                    let (newCourse, sessions) = (NewCourse(school: "", title: title, topic: topic), drafts)
                    Task { @MainActor in
                        await model.createCourse(newCourse, sessions: sessions).value
                        if model.state.error == nil { title = ""; drafts = [] }
                        edited()
                    }
                }
            }
            Section("school.schedule_session") {
                Picker("school.course", selection: $course) {
                    Text("school.pick_course").tag(String?.none)
                    ForEach(courses, id: \.course) { Text(verbatim: $0.title).tag(String?.some($0.course)) }
                    if let created = s.course, !courses.contains(where: { $0.course == created }) {
                        Text("school.course_just_created").tag(String?.some(created))
                    }
                }
                SessionFields(action: "school.schedule") { session in
                    guard let course else { return }
                    var session = session
                    session.course = course
                    model.schedule(session)
                    edited()
                }
                .disabled(course == nil)
            }
            Section("school.sessions") {
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
                            Button("school.cancel_session", role: .destructive) {
                                model.cancel(session: row.id)
                                edited()
                            }
                        }
                    }
                }
            }
        }
        .navigationTitle("screen.school")
    }
}

/// One session's fields (start, minutes, on site or online, venue) and the button that takes it,
/// without its course.
struct SessionFields: View {
    let action: LocalizedStringKey
    let take: (NewSession) -> Void
    @State private var startsAt = Date()
    @State private var minutes = 90
    @State private var mode = SessionMode.onSite
    @State private var venue = ""

    var body: some View {
        DatePicker("school.starts_at", selection: $startsAt)
            .environment(\.timeZone, chinaTime)
        Stepper(value: $minutes, in: 10...600, step: 10) { Text("school.minutes \(Int64(minutes))") }
        Picker("school.mode", selection: $mode) {
            ForEach(SessionMode.all, id: \.self) { Text($0.titleKey).tag($0) }
        }
        TextField("school.venue", text: $venue)
        Button(action) {
            // The core checks the length and the venue.
            take(NewSession(course: "", startsAtMs: epochMs(startsAt), minutes: Int64(minutes), mode: mode, venue: venue))
            venue = ""
        }
    }
}

extension Topic {
    static let all: [Topic] = [
        .partyTheory, .partySpirit, .constitutionRulesDiscipline, .situationPolicy,
        .knowledgeSkills, .ruralRevitalisation, .practicalSkills,
    ]

    var titleKey: LocalizedStringKey {
        switch self {
        case .partyTheory: "topic.party_theory"
        case .partySpirit: "topic.party_spirit"
        case .constitutionRulesDiscipline: "topic.constitution_rules_discipline"
        case .situationPolicy: "topic.situation_policy"
        case .knowledgeSkills: "topic.knowledge_skills"
        case .ruralRevitalisation: "topic.rural_revitalisation"
        case .practicalSkills: "topic.practical_skills"
        }
    }
}

extension SessionMode {
    static let all: [SessionMode] = [.onSite, .online]

    var titleKey: LocalizedStringKey {
        switch self {
        case .onSite: "mode.on_site"
        case .online: "mode.online"
        }
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
            UnconfirmedRow(unconfirmed: s.unconfirmed)
            ForEach(s.roll, id: \.member) { e in
                HStack {
                    Text(verbatim: e.name.isEmpty ? e.member : e.name)
                    Spacer()
                    Text(verbatim: word(e.attendanceKey)).font(.caption)
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
    @State private var heldAt = Date()
    @State private var participants = ""
    /// Each party's representative; left blank, the party is recorded absent.
    @State private var representatives: [JointParty: String] = [:]
    @State private var topics = ""
    @State private var decision = ""
    @State private var decisionRequest: RequestRow?
    @State private var decisions: [(text: String, request: RequestRow?)] = []

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
            // 联席会议 (三方协商议事会): its decisions each settle one of the listed requests where one is picked.
            Section("meeting.new") {
                DatePicker("meeting.held_at", selection: $heldAt)
                    .environment(\.timeZone, chinaTime)
                ForEach(JointParty.all, id: \.self) { p in
                    TextField(p.titleKey, text: Binding(get: { representatives[p] ?? "" },
                                                        set: { representatives[p] = $0 }))
                }
                TextField("meeting.participants", text: $participants, axis: .vertical)
                TextField("meeting.topics", text: $topics, axis: .vertical)
                ForEach(Array(decisions.enumerated()), id: \.offset) { _, d in
                    if let r = d.request {
                        Text("meeting.decision_row \(d.text) \(r.title)")
                    } else {
                        Text(verbatim: d.text)
                    }
                }
                .onDelete { decisions.remove(atOffsets: $0) }
                TextField("meeting.decision", text: $decision)
                Picker("meeting.settles", selection: $decisionRequest) {
                    Text("meeting.no_request").tag(RequestRow?.none)
                    ForEach(s.requests, id: \.id) { Text(verbatim: $0.title).tag(RequestRow?.some($0)) }
                }
                Button("meeting.add_decision") {
                    decisions.append((text: decision, request: decisionRequest))
                    decision = ""
                    decisionRequest = nil
                }
                .disabled(decision.isEmpty)
                Button("meeting.record") {
                    // The community is the model's; the core checks the rest.
                    let parties = JointParty.all.map { p -> PartyPresence in
                        let who = (representatives[p] ?? "").trimmingCharacters(in: .whitespaces)
                        return PartyPresence(party: p, representative: who.isEmpty ? nil : who)
                    }
                    let meeting = NewJointMeeting(community: "", heldAtMs: epochMs(heldAt), parties: parties,
                                                  participants: listItems(participants), topics: listItems(topics))
                    let settled = decisions.map { (text: $0.text, request: $0.request?.id) }
                    Task { @MainActor in
                        await model.recordMeeting(meeting, decisions: settled).value
                        if model.state.error == nil {
                            participants = ""; topics = ""; decisions = []; representatives = [:]
                        }
                        edited()
                    }
                }
            }
            ForEach(s.requests, id: \.id) { r in
                NavigationLink(value: RequestLink(id: r.id)) {
                    VStack(alignment: .leading) {
                        Text(verbatim: r.title)
                        Text(verbatim: word(r.stepKey)).font(.caption)
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

/// A list typed into one field: one item a line, or between 、 and commas.
private func listItems(_ text: String) -> [String] {
    text.split(whereSeparator: { "\n、,，".contains($0) })
        .map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }
}

struct RequestView: View {
    @StateObject private var model: RequestModel
    @State private var text = ""
    @State private var residents = ""

    init(steppe: Steppe, request: String) {
        _model = StateObject(wrappedValue: RequestModel(steppe: steppe, request: request))
    }

    var body: some View {
        let s = model.state
        List {
            ErrorRow(error: s.error, dismiss: model.dismissError)
            UnconfirmedRow(unconfirmed: s.unconfirmed)
            if let d = s.detail {
                Section {
                    Text(verbatim: d.title)
                    Text(verbatim: d.description)
                    Text(verbatim: word(d.stepKey)).font(.caption)
                }
                Section("request.steps") {
                    ForEach(Array(d.steps.enumerated()), id: \.offset) { _, step in
                        Text(verbatim: "\(word(step.stepKey)) · \(step.by)：\(step.note)")
                    }
                }
                Section("request.actions") {
                    TextField("request.text", text: $text)
                    Button("request.discuss") { model.discuss(text); text = "" }
                    Button("request.decide") { model.decide(text); text = "" }
                    Button("request.carry_out") { model.carryOut(text); text = "" }
                    TextField("request.residents", text: $residents)
                    Button("request.satisfied") {
                        model.evaluate(satisfied: true, comment: text, residents: listItems(residents)); text = ""
                    }
                    Button("request.unsatisfied") {
                        model.evaluate(satisfied: false, comment: text, residents: listItems(residents)); text = ""
                    }
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

extension HouseholdTag {
    static let all: [HouseholdTag] = [
        .seriousIllness, .elderly, .livingAlone, .disability, .lowIncome, .unsafeHousing, .student,
    ]

    var titleKey: LocalizedStringKey {
        switch self {
        case .seriousIllness: "tag.serious_illness"
        case .elderly: "tag.elderly"
        case .livingAlone: "tag.living_alone"
        case .disability: "tag.disability"
        case .lowIncome: "tag.low_income"
        case .unsafeHousing: "tag.unsafe_housing"
        case .student: "tag.student"
        }
    }
}

extension VisitMode {
    static let all: [VisitMode] = [.door, .phone, .weChat, .video]

    /// The button that logs a visit made this way.
    var titleKey: LocalizedStringKey {
        switch self {
        case .door: "household.visit_door"
        case .phone: "household.visit_phone"
        case .weChat: "household.visit_wechat"
        case .video: "household.visit_video"
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
            UnconfirmedRow(unconfirmed: s.unconfirmed)
            if let d = s.detail {
                Section {
                    Text(verbatim: "\(d.head) · \(d.address)")
                    Text(verbatim: d.tagKeys.map(word).joined(separator: word("list_separator"))).font(.caption)
                }
                Section("household.tags") {
                    ForEach(HouseholdTag.all, id: \.self) { t in
                        Toggle(t.titleKey, isOn: Binding(get: { d.tags.contains(t) }, set: { model.tag(t, on: $0) }))
                    }
                }
                Section("household.visit") {
                    TextField("household.note", text: $note)
                    Toggle("household.follow_up", isOn: $followUp)
                    ForEach(VisitMode.all, id: \.self) { m in
                        Button(m.titleKey) { model.visit(mode: m, note: note, followUp: followUp); note = "" }
                    }
                }
                Section("household.visits") {
                    ForEach(d.visits, id: \.id) { v in
                        Text(verbatim: "\(word(v.modeKey)) · \(v.visitor)：\(v.note)")
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
        _model = StateObject(wrappedValue: BranchLifeModel(steppe: steppe, branch: branch, year: Int64(chinaYear())))
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
                        Text(verbatim: word(m.kindKey))
                        Text(Date(timeIntervalSince1970: TimeInterval(m.heldAtMs) / 1000), style: .date).font(.caption)
                        Text("branch.items \(m.openItems) \(m.doneItems)").font(.caption)
                    }
                }
            }
            // A member evaluated this year links to the evaluation; opening one for another member
            // turns their row into that link once it is recorded.
            Section("branch.evaluation_year \(Int64(chinaYear()))") {
                ForEach(s.members, id: \.id) { p in
                    if let e = s.evaluations.first(where: { $0.member == p.id }) {
                        NavigationLink(value: EvaluationLink(id: e.id)) {
                            VStack(alignment: .leading) {
                                Text(verbatim: "\(p.name)（\(word(p.statusKey))）")
                                if let grade = e.grade {
                                    Text(grade.titleKey).font(.caption)
                                } else {
                                    Text("branch.evaluation_pending").font(.caption)
                                }
                            }
                        }
                    } else {
                        Button {
                            model.openEvaluation(member: p.id)
                            edited()
                        } label: {
                            Text("branch.evaluation_open \(p.name)")
                        }
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
            UnconfirmedRow(unconfirmed: s.unconfirmed)
            if let d = s.detail {
                Section("orglife.items") {
                    ForEach(d.items, id: \.id) { i in Text(verbatim: "\(word(i.kindKey))：\(i.text)") }
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
                Button("orglife.add_talk") { model.addItem(kind: .talk, text: text); text = "" }
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

/// One member's democratic evaluation (民主评议): self, mutual, votes, result.
struct EvaluationView: View {
    let edited: () -> Void
    @StateObject private var model: EvaluationModel
    @State private var text = ""
    @State private var votes: [Grade: Int] = [:]

    init(steppe: Steppe, evaluation: String, edited: @escaping () -> Void) {
        self.edited = edited
        _model = StateObject(wrappedValue: EvaluationModel(steppe: steppe, evaluation: evaluation))
    }

    var body: some View {
        let s = model.state
        List {
            ErrorRow(error: s.error, dismiss: model.dismissError)
            UnconfirmedRow(unconfirmed: s.unconfirmed)
            if let d = s.detail {
                Section("evaluation.steps") {
                    Text("evaluation.self \(d.selfAssessment.map { Text(verbatim: $0) } ?? Text("evaluation.not_yet"))")
                    if let old = d.mutualAssessment {
                        Text("evaluation.mutual \(Text(verbatim: old))")
                    }
                    ForEach(d.mutual, id: \.atMs) { m in
                        Text("evaluation.mutual \(Text(verbatim: m.text))")
                    }
                    Text("evaluation.rule \(d.passPercent)")
                    ForEach(d.votes, id: \.grade) { v in
                        Text("evaluation.votes_row \(Text(v.grade.titleKey)) \(v.votes)")
                    }
                    if let result = d.resultKey.map(word) {
                        Text("evaluation.result \(result)")
                    }
                }
                Section("evaluation.assess") {
                    TextField("evaluation.text", text: $text, axis: .vertical)
                    // The self-assessment is the member's own; the others assess them mutually.
                    if d.mine {
                        Button("evaluation.assess_self") { model.assessSelf(text); text = ""; edited() }
                    } else {
                        Button("evaluation.assess_mutual") { model.assessMutually(text); text = ""; edited() }
                    }
                }
                Section("evaluation.votes") {
                    ForEach(Grade.all, id: \.self) { g in
                        Stepper(value: Binding(get: { votes[g] ?? 0 }, set: { votes[g] = $0 }), in: 0...10000) {
                            Text("evaluation.votes_row \(Text(g.titleKey)) \(Int64(votes[g] ?? 0))")
                        }
                    }
                    Button("evaluation.record_votes") {
                        model.recordVotes(Dictionary(uniqueKeysWithValues: Grade.all.map { ($0, Int64(votes[$0] ?? 0)) }))
                        edited()
                    }
                }
                Section("evaluation.record_result") {
                    if let g = d.tallied {
                        Text("evaluation.tallied \(Text(g.titleKey))")
                    }
                    Button("evaluation.confirm_result") { model.recordResult(); edited() }
                }
            }
        }
        .navigationTitle("evaluation.title")
    }
}

extension JointParty {
    static let all: [JointParty] = [.communityCommittee, .propertyCompany, .ownersCommittee]

    var titleKey: LocalizedStringKey {
        switch self {
        case .communityCommittee: "meeting.party.community_committee"
        case .propertyCompany: "meeting.party.property_company"
        case .ownersCommittee: "meeting.party.owners_committee"
        }
    }
}

extension Grade {
    static let all: [Grade] = [.excellent, .qualified, .basicallyQualified, .unqualified]

    var titleKey: LocalizedStringKey {
        switch self {
        case .excellent: "grade.excellent"
        case .qualified: "grade.qualified"
        case .basicallyQualified: "grade.basically_qualified"
        case .unqualified: "grade.unqualified"
        }
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
                NavigationLink(value: OrgCasesLink(org: r.org)) {
                    VStack(alignment: .leading) {
                        // Inner Mongolian signs name a unit in both scripts, Mongolian first: above the Chinese.
                        if let mn = r.nameMn { Text(verbatim: mn).font(.callout) }
                        Text(verbatim: String(repeating: "  ", count: Int(r.depth)) + "\(r.name)（\(word(r.kindKey))）")
                        Text("overview.counts \(r.openCases) \(r.closedCases) \(r.sessions) \(r.attendances) \(r.openRequests) \(r.households)")
                            .font(.caption)
                    }
                }
            }
            if !s.refusals.isEmpty {
                Section("overview.refusals \(Int64(s.refusals.count))") {
                    ForEach(s.refusals, id: \.id) { n in
                        VStack(alignment: .leading) {
                            Text(verbatim: "\(n.userName) · \(n.orgName ?? "") · \(n.deviceName)")
                            Text("refusal.detail \(word(refusalReasonKey(reason: n.reason))) \(n.changes) \(Date(timeIntervalSince1970: Double(n.lastAtMs) / 1000).formatted(date: .abbreviated, time: .shortened))")
                                .font(.caption)
                        }
                    }
                }
            }
        }
        .navigationTitle("screen.overview")
    }
}
