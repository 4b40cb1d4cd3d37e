package org.steppe.screens

import java.time.ZoneId
import java.time.ZonedDateTime
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.map
import org.steppe.Steppe
import org.steppe.ffi.Attendance
import org.steppe.ffi.CourseItem
import org.steppe.ffi.Lecturer
import org.steppe.ffi.NewCourse
import org.steppe.ffi.NewSession
import org.steppe.ffi.RollEntry
import org.steppe.ffi.SessionMode
import org.steppe.ffi.SessionRow
import org.steppe.ffi.TrainingArchive

private const val DAY_MS = 24L * 3600 * 1000

/** The year in China Standard Time, which archives and schedules count in. */
fun chinaYear(nowMs: Long = System.currentTimeMillis()): Int =
    ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(nowMs), ZoneId.of("Asia/Shanghai")).year

/** The first millisecond of [year] and of the year after it, in China Standard Time. */
fun chinaYearBounds(year: Int): Pair<Long, Long> {
    val zone = ZoneId.of("Asia/Shanghai")
    fun start(y: Int) = ZonedDateTime.of(y, 1, 1, 0, 0, 0, 0, zone).toInstant().toEpochMilli()
    return start(year) to start(year + 1)
}

data class ScheduleState(
    val thisWeek: List<SessionRow> = emptyList(),
    /** The next four weeks, this week included. */
    val upcoming: List<SessionRow> = emptyList(),
    val error: UiError? = null,
)

/** A member's schedule across every school on their path, and checking in. */
class ScheduleModel(private val steppe: Steppe, scope: CoroutineScope, nowMs: Long = System.currentTimeMillis()) :
    ScreenModel<ScheduleState>(ScheduleState(), scope) {
    override fun ScheduleState.withError(error: UiError?) = copy(error = error)

    init {
        follow(steppe.scheduleThisWeek()) { copy(thisWeek = it) }
        follow(steppe.schedule(nowMs - DAY_MS, nowMs + 28 * DAY_MS)) { copy(upcoming = it) }
    }

    /** Checks in; the row's `mine` shows it at once, and a second check-in is a no-op. */
    fun checkIn(session: String, via: SessionMode, receivingSchool: String? = null): Job =
        intent { steppe.checkIn(session, via, receivingSchool) }
}

data class ArchiveState(val year: Int, val archive: TrainingArchive? = null, val error: UiError? = null)

/** A member's training archive (学时档案) by year: sessions with dates and hours. */
class ArchiveModel(private val steppe: Steppe, scope: CoroutineScope, year: Int = chinaYear()) :
    ScreenModel<ArchiveState>(ArchiveState(year), scope) {
    private val archive = Filtered(year, { steppe.trainingArchive(it) }) { copy(archive = it) }

    override fun ArchiveState.withError(error: UiError?) = copy(error = error)

    fun showYear(year: Int) {
        update { copy(year = year, archive = null) }
        archive.show(year)
    }
}

data class SchoolState(
    val sessions: List<SessionRow> = emptyList(),
    /** The school's courses, and the lecturers it may draw on, for the scheduling forms. */
    val courses: List<CourseItem> = emptyList(),
    val lecturers: List<Lecturer> = emptyList(),
    /** The course just created, for the screen to add sessions to. */
    val course: String? = null,
    val error: UiError? = null,
)

/** A school secretary's or lecturer's schedule: courses and their sessions. */
class SchoolModel(
    private val steppe: Steppe,
    private val school: String,
    scope: CoroutineScope,
    nowMs: Long = System.currentTimeMillis(),
) : ScreenModel<SchoolState>(SchoolState(), scope) {
    override fun SchoolState.withError(error: UiError?) = copy(error = error)

    init {
        follow(steppe.sessionsOfSchool(school, nowMs - 30 * DAY_MS, nowMs + 180 * DAY_MS)) { copy(sessions = it) }
        follow(steppe.courses(school)) { copy(courses = it) }
        follow(steppe.lecturersForSchool(school)) { copy(lecturers = it) }
    }

    /** A course with its sessions, as one form: the course first, then each session of it. */
    fun createCourse(course: NewCourse, sessions: List<NewSession>): Job = intent {
        val id = steppe.createCourse(course.copy(school = school))
        update { copy(course = id) }
        sessions.forEach { steppe.scheduleSession(it.copy(course = id)) }
    }

    fun schedule(session: NewSession): Job = intent { steppe.scheduleSession(session) }
    fun cancel(session: String): Job = intent { steppe.cancelSession(session) }
}

data class RollState(
    val roll: List<RollEntry> = emptyList(),
    /** The roll holds check-ins from a phone met that the server has not confirmed yet. */
    val unconfirmed: Boolean = false,
    val error: UiError? = null,
)

/** A session's roll: who checked in and how, and marking others' attendance. */
class RollModel(private val steppe: Steppe, private val session: String, scope: CoroutineScope) :
    ScreenModel<RollState>(RollState(), scope) {
    override fun RollState.withError(error: UiError?) = copy(error = error)

    init {
        followRecord(steppe, session, steppe.roll(session)) { roll, unconfirmed -> copy(roll = roll, unconfirmed = unconfirmed) }
    }

    fun mark(member: String, attendance: Attendance): Job = intent { steppe.markAttendance(session, member, attendance) }
}
