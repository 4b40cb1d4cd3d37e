package org.steppe.app

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.ListItem
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.steppe.Steppe
import org.steppe.ffi.Attendance
import org.steppe.ffi.SessionRow
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
                Text(stringResource(R.string.session_detail, formatTime(s.startsAtMs), s.modeLabel, s.venue, s.schoolName))
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
                supportingContent = { Text(stringResource(R.string.archive_entry, formatDate(e.startsAtMs), e.topicLabel, e.hours)) },
            )
        }
    }
}

/** A school's courses and sessions; a session opens its roll. */
@Composable
fun SchoolScreen(steppe: Steppe, school: String, nav: Nav) {
    val model = rememberModel("school:$school") { SchoolModel(steppe, school, it) }
    val state by model.state.collectAsStateWithLifecycle()
    Column(Modifier.verticalScroll(rememberScrollState())) {
        ErrorLine(state.error) { model.dismissError() }
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

/** A session's roll: how each member attended, and marking it. */
@Composable
fun RollScreen(steppe: Steppe, session: String, nav: Nav) {
    val model = rememberModel("roll:$session") { RollModel(steppe, session, it) }
    val state by model.state.collectAsStateWithLifecycle()
    Column(Modifier.verticalScroll(rememberScrollState())) {
        TextButton(onClick = nav.back) { Text(stringResource(R.string.back)) }
        ErrorLine(state.error) { model.dismissError() }
        state.roll.forEach { r ->
            ListItem(
                headlineContent = { Text(r.name) },
                supportingContent = { Text(r.attendanceLabel) },
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
