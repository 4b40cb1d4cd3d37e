package org.steppe.app

import androidx.compose.foundation.clickable
import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.FilterChip
import androidx.compose.material3.ListItem
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateListOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.steppe.Steppe
import org.steppe.ffi.Attendance
import org.steppe.ffi.Lecturer
import org.steppe.ffi.NewCourse
import org.steppe.ffi.NewSession
import org.steppe.ffi.SessionMode
import org.steppe.ffi.SessionRow
import org.steppe.ffi.Topic
import org.steppe.screens.ArchiveModel
import org.steppe.screens.RollModel
import org.steppe.screens.ScheduleModel
import org.steppe.screens.SchoolModel

fun attendanceLabel(a: Attendance): Int = when (a) {
    Attendance.PRESENT -> R.string.attendance_present
    Attendance.ABSENT -> R.string.attendance_absent
    Attendance.EXCUSED -> R.string.attendance_excused
}

@Composable
private fun SessionLine(s: SessionRow, trailing: @Composable () -> Unit = {}, onClick: (() -> Unit)? = null) {
    ListItem(
        headlineContent = { Text(s.title) },
        supportingContent = {
            Column {
                Text(stringResource(R.string.session_detail, formatTime(s.startsAtMs), wordsFor(s.modeKey), s.venue, s.schoolName))
                if (s.cancelled) Text(stringResource(R.string.session_cancelled))
            }
        },
        trailingContent = trailing,
        modifier = if (onClick != null) Modifier.clickable(onClick = onClick) else Modifier,
    )
}

/** 牧民日程: this week and the weeks ahead; a session checked into says so instead of offering it. */
@Composable
fun ScheduleScreen(steppe: Steppe, nav: Nav) {
    val model = rememberModel("schedule") { ScheduleModel(steppe, it) }
    val state by model.state.collectAsStateWithLifecycle()
    @Composable
    fun line(s: SessionRow) = SessionLine(s, trailing = {
        val mine = s.mine
        when {
            mine != null -> Text(stringResource(attendanceLabel(mine)))
            !s.cancelled -> TextButton(onClick = { model.checkIn(s.id, s.mode); nav.edited() }) { Text(stringResource(R.string.check_in)) }
        }
    })
    Column(Modifier.verticalScroll(rememberScrollState())) {
        ErrorLine(state.error) { model.dismissError() }
        Heading(stringResource(R.string.schedule_this_week))
        if (state.thisWeek.isEmpty()) Text(stringResource(R.string.empty))
        state.thisWeek.forEach { line(it) }
        Heading(stringResource(R.string.schedule_upcoming))
        state.upcoming.filter { u -> state.thisWeek.none { it.id == u.id } }.forEach { line(it) }
    }
}

/** 学时档案 by year. */
@Composable
fun ArchiveScreen(steppe: Steppe) {
    val model = rememberModel("archive") { ArchiveModel(steppe, it) }
    val state by model.state.collectAsStateWithLifecycle()
    Column(Modifier.verticalScroll(rememberScrollState())) {
        ErrorLine(state.error) { model.dismissError() }
        Row {
            TextButton(onClick = { model.showYear(state.year - 1) }) { Text(stringResource(R.string.year_previous)) }
            Heading(stringResource(R.string.archive_year, state.year))
            TextButton(onClick = { model.showYear(state.year + 1) }) { Text(stringResource(R.string.year_next)) }
        }
        val a = state.archive ?: return@Column
        Text(stringResource(R.string.archive_totals, a.sessions, a.hours))
        a.entries.forEach { e ->
            ListItem(
                headlineContent = { Text(e.title) },
                supportingContent = { Text(stringResource(R.string.archive_entry, formatDate(e.startsAtMs), wordsFor(e.topicKey), e.hours)) },
            )
        }
    }
}

fun topicLabel(t: Topic): Int = when (t) {
    Topic.PARTY_THEORY -> R.string.topic_party_theory
    Topic.PARTY_SPIRIT -> R.string.topic_party_spirit
    Topic.CONSTITUTION_RULES_DISCIPLINE -> R.string.topic_constitution_rules_discipline
    Topic.SITUATION_POLICY -> R.string.topic_situation_policy
    Topic.KNOWLEDGE_SKILLS -> R.string.topic_knowledge_skills
    Topic.RURAL_REVITALISATION -> R.string.topic_rural_revitalisation
    Topic.PRACTICAL_SKILLS -> R.string.topic_practical_skills
}

fun modeLabel(m: SessionMode): Int = when (m) {
    SessionMode.ON_SITE -> R.string.mode_on_site
    SessionMode.ONLINE -> R.string.mode_online
}

/** A school's courses and sessions: creating a course with its sessions, scheduling more; a session opens its roll. */
@Composable
fun SchoolScreen(steppe: Steppe, school: String, nav: Nav) {
    val model = rememberModel("school:$school") { SchoolModel(steppe, school, it) }
    val state by model.state.collectAsStateWithLifecycle()
    Column(Modifier.verticalScroll(rememberScrollState())) {
        ErrorLine(state.error) { model.dismissError() }
        NewCourseForm(lecturers = state.lecturers, onCreate = { course, sessions, done ->
            // The school is the model's; the fields stay when the domain refused them.
            model.createCourse(course, sessions).invokeOnCompletion {
                if (model.state.value.error == null) { done(); nav.edited() }
            }
        })
        // Every course of the school, to add a session to.
        var course by rememberSaveable(school) { mutableStateOf<String?>(null) }
        Heading(stringResource(R.string.session_new))
        Row(Modifier.horizontalScroll(rememberScrollState())) {
            state.courses.forEach { c -> FilterChip(course == c.id, { course = c.id }, { Text(c.title) }) }
        }
        SessionFields(R.string.session_schedule, enabled = course != null) { session, done ->
            val id = course ?: return@SessionFields
            model.schedule(session.copy(course = id)).invokeOnCompletion {
                if (model.state.value.error == null) { done(); nav.edited() }
            }
        }
        Heading(stringResource(R.string.school_sessions))
        if (state.sessions.isEmpty()) Text(stringResource(R.string.empty))
        state.sessions.forEach { s ->
            SessionLine(
                s,
                trailing = {
                    if (!s.cancelled) TextButton(onClick = { model.cancel(s.id); nav.edited() }) { Text(stringResource(R.string.session_cancel)) }
                },
                onClick = { nav.go(Route.Roll(s.id)) },
            )
        }
    }
}

/**
 * 新建课程: title, topic, a lecturer from the pools the school draws on (or none), and the
 * sessions to hold, created together.
 */
@Composable
private fun NewCourseForm(lecturers: List<Lecturer>, onCreate: (NewCourse, List<NewSession>, done: () -> Unit) -> Unit) {
    var title by rememberSaveable { mutableStateOf("") }
    var topic by rememberSaveable { mutableStateOf(Topic.PARTY_THEORY) }
    var lecturer by rememberSaveable { mutableStateOf<String?>(null) }
    val sessions = remember { mutableStateListOf<NewSession>() }
    Column {
        Heading(stringResource(R.string.course_new))
        Field(title, { title = it }, R.string.course_title)
        Row(Modifier.horizontalScroll(rememberScrollState())) {
            Topic.entries.forEach { t -> FilterChip(topic == t, { topic = t }, { Text(stringResource(topicLabel(t))) }) }
        }
        Row(Modifier.horizontalScroll(rememberScrollState())) {
            FilterChip(lecturer == null, { lecturer = null }, { Text(stringResource(R.string.course_no_lecturer)) })
            lecturers.forEach { l -> FilterChip(lecturer == l.id, { lecturer = l.id }, { Text(l.name) }) }
        }
        sessions.forEachIndexed { i, s ->
            Row(verticalAlignment = Alignment.CenterVertically) {
                Text(
                    stringResource(R.string.session_draft, formatTime(s.startsAtMs), s.minutes, stringResource(modeLabel(s.mode)), s.venue),
                    Modifier.weight(1f),
                )
                TextButton(onClick = { sessions.removeAt(i) }) { Text(stringResource(R.string.session_remove)) }
            }
        }
        SessionFields(R.string.session_add) { session, done -> sessions += session; done() }
        Button(onClick = {
            // The school and each session's course are the model's to fill in.
            onCreate(NewCourse("", title.trim(), topic, lecturer), sessions.toList()) { title = ""; sessions.clear() }
        }) { Text(stringResource(R.string.course_create)) }
    }
}

/** One session's fields (start, minutes, on site or online, venue); [onTake] gets it without its course. */
@Composable
private fun SessionFields(action: Int, enabled: Boolean = true, onTake: (NewSession, done: () -> Unit) -> Unit) {
    var startsAt by rememberSaveable { mutableStateOf("") }
    var minutes by rememberSaveable { mutableStateOf("") }
    var mode by rememberSaveable { mutableStateOf(SessionMode.ON_SITE) }
    var venue by rememberSaveable { mutableStateOf("") }
    val startsAtMs = parsedTime(startsAt)
    Column {
        Field(startsAt, { startsAt = it }, R.string.session_starts_at)
        Field(minutes, { minutes = it.filter(Char::isDigit) }, R.string.session_minutes)
        Row {
            SessionMode.entries.forEach { m -> FilterChip(mode == m, { mode = m }, { Text(stringResource(modeLabel(m))) }) }
        }
        Field(venue, { venue = it }, R.string.session_venue)
        TextButton(enabled = enabled && startsAtMs != null, onClick = {
            val at = startsAtMs ?: return@TextButton
            // The domain judges the length and the venue.
            onTake(NewSession("", at, minutes.toLongOrNull() ?: 0L, mode, venue.trim())) { startsAt = ""; minutes = ""; venue = "" }
        }) { Text(stringResource(action)) }
    }
}

/** A session's roll: how each member attended, and marking it. */
@Composable
fun RollScreen(steppe: Steppe, session: String, nav: Nav) {
    val model = rememberModel("roll:$session") { RollModel(steppe, session, it) }
    val state by model.state.collectAsStateWithLifecycle()
    Column(Modifier.verticalScroll(rememberScrollState())) {
        TextButton(onClick = nav.back) { Text(stringResource(R.string.back)) }
        ErrorLine(state.error) { model.dismissError() }
        UnconfirmedMark(state.unconfirmed)
        state.roll.forEach { r ->
            ListItem(
                headlineContent = { Text(r.name) },
                supportingContent = { Text(wordsFor(r.attendanceKey)) },
                trailingContent = {
                    Row {
                        Attendance.entries.filter { it != r.attendance }.forEach { a ->
                            TextButton(onClick = { model.mark(r.member, a); nav.edited() }) { Text(stringResource(attendanceLabel(a))) }
                        }
                    }
                },
            )
        }
    }
}
