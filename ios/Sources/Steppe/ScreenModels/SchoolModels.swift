import Foundation
import SteppeFFI

private let dayMs: Int64 = 24 * 3600 * 1000

/// Now, in the milliseconds the core counts in.
public func currentTimeMs() -> Int64 {
    Int64(Date().timeIntervalSince1970 * 1000)
}

/// The year in China Standard Time, which archives and schedules count in.
public func chinaYear(nowMs: Int64 = currentTimeMs()) -> Int32 {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
    let date = Date(timeIntervalSince1970: TimeInterval(nowMs) / 1000)
    return Int32(calendar.component(.year, from: date))
}

/// The first millisecond of `year` and of the year after it, in China Standard Time.
public func chinaYearBounds(_ year: Int32) -> (Int64, Int64) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
    func start(_ y: Int32) -> Int64 {
        let date = calendar.date(from: DateComponents(year: Int(y), month: 1, day: 1))!
        return Int64(date.timeIntervalSince1970 * 1000)
    }
    return (start(year), start(year + 1))
}

public struct ScheduleState: ScreenState {
    public var thisWeek: [SessionRow] = []
    /// The next four weeks, this week included.
    public var upcoming: [SessionRow] = []
    public var error: UiError?

    public init() {}
}

/// A member's schedule across every school on their path, and checking in.
public final class ScheduleModel: ScreenModel<ScheduleState> {
    private let steppe: Steppe

    public init(steppe: Steppe, nowMs: Int64 = currentTimeMs()) {
        self.steppe = steppe
        super.init(ScheduleState())
        follow(steppe.scheduleThisWeek()) { $0.thisWeek = $1 }
        follow(steppe.schedule(fromMs: nowMs - dayMs, toMs: nowMs + 28 * dayMs)) { $0.upcoming = $1 }
    }

    /// Checks in; the row's `mine` shows it at once, and a second check-in is a no-op.
    @discardableResult
    public func checkIn(session: String, via: SessionMode) -> Task<Void, Never> {
        let steppe = self.steppe
        return intent { try await steppe.checkIn(session: session, via: via) }
    }
}

public struct ArchiveState: ScreenState {
    public var year: Int32
    public var archive: TrainingArchive?
    public var error: UiError?

    public init(year: Int32) {
        self.year = year
    }
}

/// A member's training archive (学时档案) by year: sessions with dates and hours.
public final class ArchiveModel: ScreenModel<ArchiveState> {
    private let steppe: Steppe
    private var following: Task<Void, Never>?

    public init(steppe: Steppe, year: Int32 = chinaYear()) {
        self.steppe = steppe
        super.init(ArchiveState(year: year))
        following = follow(steppe.trainingArchive(year: year)) { $0.archive = $1 }
    }

    public func showYear(_ year: Int32) {
        following?.cancel()
        update {
            $0.year = year
            $0.archive = nil
        }
        following = follow(steppe.trainingArchive(year: year)) { $0.archive = $1 }
    }
}

public struct SchoolState: ScreenState {
    public var sessions: [SessionRow] = []
    /// The school's courses, and the lecturers it may draw on, for the scheduling forms.
    public var courses: [CourseItem] = []
    public var lecturers: [Lecturer] = []
    /// The course just created, for the screen to add sessions to.
    public var course: String?
    public var error: UiError?

    public init() {}
}

/// A school secretary's or lecturer's schedule: courses and their sessions.
public final class SchoolModel: ScreenModel<SchoolState> {
    private let steppe: Steppe
    private let school: String

    public init(steppe: Steppe, school: String, nowMs: Int64 = currentTimeMs()) {
        self.steppe = steppe
        self.school = school
        super.init(SchoolState())
        follow(steppe.sessionsOfSchool(school, fromMs: nowMs - 30 * dayMs, toMs: nowMs + 180 * dayMs)) {
            $0.sessions = $1
        }
        follow(steppe.courses(school: school)) { $0.courses = $1 }
        follow(steppe.lecturersForSchool(school: school)) { $0.lecturers = $1 }
    }

    /// A course with its sessions, as one form: the course first, then each session of it.
    @discardableResult
    public func createCourse(_ course: NewCourse, sessions: [NewSession]) -> Task<Void, Never> {
        var course = course
        course.school = school
        let steppe = self.steppe
        return intent { [weak self] in
            let id = try await steppe.createCourse(course)
            self?.update { $0.course = id }
            for var session in sessions {
                session.course = id
                _ = try await steppe.scheduleSession(session)
            }
        }
    }

    @discardableResult
    public func schedule(_ session: NewSession) -> Task<Void, Never> {
        let steppe = self.steppe
        return intent { _ = try await steppe.scheduleSession(session) }
    }

    @discardableResult
    public func cancel(session: String) -> Task<Void, Never> {
        let steppe = self.steppe
        return intent { try await steppe.cancelSession(session) }
    }
}

public struct RollState: ScreenState {
    public var roll: [RollEntry] = []
    /// The record holds changes from a phone met that the server has not confirmed yet.
    public var unconfirmed = false
    public var error: UiError?

    public init() {}
}

/// A session's roll: who checked in and how, and marking others' attendance.
public final class RollModel: ScreenModel<RollState> {
    private let steppe: Steppe
    private let session: String

    public init(steppe: Steppe, session: String) {
        self.steppe = steppe
        self.session = session
        super.init(RollState())
        followRecord(steppe, record: session, steppe.roll(session: session)) {
            $0.roll = $1
            $0.unconfirmed = $2
        }
    }

    @discardableResult
    public func mark(member: String, attendance: Attendance) -> Task<Void, Never> {
        let (steppe, session) = (self.steppe, self.session)
        return intent { try await steppe.markAttendance(session: session, member: member, attendance: attendance) }
    }
}
