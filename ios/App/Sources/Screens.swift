import Steppe
import SteppeFFI
import SwiftUI

struct EnrollView: View {
    @ObservedObject var model: AppModel
    @State private var server = "https://"
    @State private var code = ""
    @State private var error: String?

    var body: some View {
        Form {
            TextField("服务器地址", text: $server)
            TextField("注册码", text: $code)
            Button("注册本机") {
                Task {
                    do { try await model.enroll(server: server, code: code) } catch let e as SteppeError {
                        error = "\(e)"
                    } catch { self.error = "\(error)" }
                }
            }
            if let error { Text(error) }
        }
    }
}

/// 警地联调: the branch's cases; a new case; notes.
struct CasesView: View {
    let steppe: Steppe
    let edited: () -> Void
    @State private var branch: String?
    @State private var cases: [CaseRow] = []
    @State private var description = ""

    var body: some View {
        NavigationStack {
            List {
                Section {
                    TextField("纠纷简述", text: $description)
                    Button("新建调解案件") {
                        guard let branch else { return }
                        Task {
                            _ = try? await steppe.openCase(NewCase(branch: branch, category: .neighbours, place: "",
                                                                   description: description, parties: ["甲方", "乙方"]))
                            description = ""
                            edited()
                        }
                    }.disabled(branch == nil || description.isEmpty)
                }
                ForEach(cases, id: \.id) { row in
                    NavigationLink(value: row.id) {
                        VStack(alignment: .leading) {
                            Text("\(row.categoryLabel) · \(row.place)")
                            Text("\(row.statusLabel) · \(row.entries) 条记录").font(.caption)
                        }
                    }
                }
            }
            .navigationDestination(for: String.self) { id in CaseEditor(steppe: steppe, caseId: id, edited: edited) }
            .task {
                for try await roles in steppe.myRoles() {
                    branch = roles.first(where: { $0.role == "mediator" })?.org
                    if branch != nil { break }
                }
                guard let branch else { return }
                for try await rows in steppe.cases(branch: branch) { cases = rows }
            }
        }
    }
}

struct CaseEditor: View {
    let steppe: Steppe
    let caseId: String
    let edited: () -> Void
    @State private var detail: CaseDetail?
    @State private var note = ""
    @State private var error: String?

    var body: some View {
        List {
            if let d = detail {
                Text("\(d.categoryLabel)：\(d.description)")
                ForEach(d.timeline, id: \.id) { e in Text("\(e.kindLabel) · \(e.author)：\(e.body)") }
            }
            TextField("调解记录", text: $note)
            Button("添加记录") {
                Task {
                    do {
                        _ = try await steppe.addCaseNote(caseId: caseId, body: note)
                        note = ""
                        detail = try await steppe.caseDetail(caseId: caseId)
                        edited()
                    } catch { self.error = "\(error)" }
                }
            }
            if let error { Text(error) }
        }
        .task { detail = try? await steppe.caseDetail(caseId: caseId) }
    }
}

/// 基层党校: this week's sessions, check-in, my hours.
struct SchoolView: View {
    let steppe: Steppe
    let edited: () -> Void
    @State private var sessions: [SessionRow] = []
    @State private var archive: TrainingArchive?

    var body: some View {
        List {
            if let a = archive { Text("本年学时：\(String(format: "%.1f", a.hours)) 小时 · \(a.sessions) 次") }
            ForEach(sessions, id: \.id) { s in
                HStack {
                    VStack(alignment: .leading) {
                        Text(s.title)
                        Text("\(s.modeLabel) · \(s.venue) · \(s.topicLabel)").font(.caption)
                    }
                    Spacer()
                    Button("签到") {
                        Task { try? await steppe.checkIn(session: s.id, via: s.mode); edited() }
                    }.disabled(s.cancelled)
                }
            }
        }
        .task { for try await rows in steppe.scheduleThisWeek() { sessions = rows } }
        .task {
            let year = Int32(Calendar(identifier: .gregorian).component(.year, from: Date()))
            for try await a in steppe.trainingArchive(year: year) { archive = a }
        }
    }
}

/// 督导: counts for every organisation below the supervisor.
struct OverviewView: View {
    let steppe: Steppe
    @State private var rows: [OrgCounts] = []
    @State private var status: String?

    var body: some View {
        List {
            Button("立即同步") {
                Task {
                    do {
                        let s = try await steppe.sync()
                        status = "同步完成：上传 \(s.sent)，接收 \(s.received)，冲突 \(s.conflicts)"
                    } catch { status = "无信号，稍后自动同步" }
                }
            }
            if let status { Text(status) }
            ForEach(rows, id: \.org) { r in
                VStack(alignment: .leading) {
                    Text(String(repeating: "  ", count: Int(r.depth)) + "\(r.name)（\(r.kindLabel)）")
                    Text("调解中 \(r.openCases) · 已结案 \(r.closedCases) · 课程 \(r.sessions) · 出勤 \(r.attendances)")
                        .font(.caption)
                }
            }
        }
        .task {
            var root: String?
            for try await roles in steppe.myRoles() {
                root = roles.first(where: { $0.role == "supervisor" })?.org
                if root != nil { break }
            }
            guard let root else { return }
            for try await r in steppe.overview(root: root) { rows = r }
        }
    }
}
