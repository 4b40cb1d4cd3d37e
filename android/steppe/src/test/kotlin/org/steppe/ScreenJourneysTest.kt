package org.steppe

import java.nio.file.Files
import java.nio.file.Path
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.steppe.ffi.Attendance
import org.steppe.ffi.CaseCategory
import org.steppe.ffi.CaseStatus
import org.steppe.ffi.Enrollment
import org.steppe.ffi.Grade
import org.steppe.ffi.HouseholdTag
import org.steppe.ffi.HttpHeader
import org.steppe.ffi.HttpResponse
import org.steppe.ffi.HttpTransport
import org.steppe.ffi.ItemKind
import org.steppe.ffi.MeetingKind
import org.steppe.ffi.NewCase
import org.steppe.ffi.NewCourse
import org.steppe.ffi.NewHousehold
import org.steppe.ffi.NewRequest
import org.steppe.ffi.NewServiceEntry
import org.steppe.ffi.NewSession
import org.steppe.ffi.Outcome
import org.steppe.ffi.RecordKind
import org.steppe.ffi.refusalReasonKey
import org.steppe.ffi.RefusalReason
import org.steppe.ffi.RequestStep
import org.steppe.ffi.ServiceKind
import org.steppe.ffi.SessionMode
import org.steppe.ffi.Topic
import org.steppe.ffi.VisitMode
import org.steppe.screens.sentence
import org.steppe.screens.ArchiveModel
import org.steppe.screens.BranchLifeModel
import org.steppe.screens.BundleModel
import org.steppe.screens.CaseModel
import org.steppe.screens.CasesModel
import org.steppe.screens.CredentialStore
import org.steppe.screens.ErrorCode
import org.steppe.screens.EvaluationModel
import org.steppe.screens.HomeModel
import org.steppe.screens.HouseholdModel
import org.steppe.screens.HouseholdsModel
import org.steppe.screens.MeetModel
import org.steppe.screens.OrgLifeModel
import org.steppe.screens.OverviewModel
import org.steppe.screens.RequestModel
import org.steppe.screens.RequestsModel
import org.steppe.screens.RollModel
import org.steppe.screens.ScheduleModel
import org.steppe.screens.SchoolModel
import org.steppe.screens.Screen
import org.steppe.screens.SessionModel
import org.steppe.screens.SessionState
import org.steppe.screens.SyncModel
import org.steppe.screens.chinaYear

/**
 * The screen models of every role, driven as their screens drive them, against a real server on
 * 127.0.0.1 and real encrypted stores: the five journeys of the phone app, revocation, and a
 * cancelled sync.
 */
class ScreenJourneysTest {
    @TempDir
    lateinit var dir: Path

    /** A screen's lifetime: cancelled at the end of each test. */
    private val screens = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    private suspend fun <S> StateFlow<S>.until(what: String, check: (S) -> Boolean): S =
        try {
            withTimeout(30_000) { first(check) }
        } catch (e: CancellationException) {
            throw AssertionError("timed out waiting for: $what; last state: $value", e)
        }

    private suspend fun device(user: String, name: String, transport: HttpTransport = UrlConnectionTransport()): Steppe {
        val enrollment = Steppe.enroll(Fixture.url, Fixture.code(user), name)
        return Steppe.open(dir.resolve("$name.db").toString(), enrollment, Steppe.newStoreKey(), Fixture.url, transport)
    }

    private suspend fun synced(steppe: Steppe): SyncModel {
        val sync = SyncModel(steppe, screens)
        sync.sync().join()
        assertNull(sync.state.value.error, "sync failed: ${sync.state.value.error}")
        return sync
    }

    /** [initiator]'s phone opens a loopback socket that [responder]'s accepts, and the two meet. */
    private suspend fun meetOverSocket(initiator: MeetModel, responder: MeetModel) {
        java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()).use { listener ->
            val accepting = screens.launch(Dispatchers.IO) {
                listener.accept().use { s -> responder.meet(StreamPeerLink(s.getInputStream(), s.getOutputStream()), initiator = false).join() }
            }
            java.net.Socket(java.net.InetAddress.getLoopbackAddress(), listener.localPort).use { s ->
                initiator.meet(StreamPeerLink(s.getInputStream(), s.getOutputStream()), initiator = true).join()
            }
            accepting.join()
        }
    }

    private fun <T> journey(block: suspend () -> T): T = runBlocking {
        try {
            block()
        } finally {
            screens.cancel()
        }
    }

    @Test
    fun `1 a mediator opens a case offline, closes it with an agreement, follows up, and sees a concurrent edit as a conflict`() = journey {
        val branch = Fixture.org("branch1")
        val phone = device("mediator", "j1-bater")
        val other = device("mediatorb", "j1-wulan")
        synced(phone)
        synced(other)

        // At the herder's door, no signal: everything below is local.
        val cases = CasesModel(phone, branch, screens)
        cases.open(NewCase(branch, CaseCategory.PASTURE_BOUNDARY, "", "两户草场边界争议", listOf("甲户", "乙户"))).join()
        assertEquals(ErrorCode.INVALID_INPUT, cases.state.value.error?.code, "an empty place is refused, not a crash")
        assertEquals("error_invalid_input_place", cases.state.value.error?.resourceKey)
        // The sentence the mediator reads comes from the catalogue of their language (Mongolian
        // falls back to Chinese for words it has no sourced translation of); English for operators.
        val emptyPlace = assertNotNull(cases.state.value.error)
        emptyPlace.reads("地点：不能为空")
        assertEquals("Place: Must not be empty", emptyPlace.sentence(TestWords.en))
        cases.open(NewCase(branch, CaseCategory.PASTURE_BOUNDARY, "巴音宝格德嘎查", "两户草场边界争议", listOf("甲户", "乙户"))).join()
        assertNull(cases.state.value.error)
        val id = assertNotNull(cases.state.value.opened)
        cases.state.until("the new case listed") { s -> s.cases.any { it.id == id } }
        // A legal-advice service logged beside the cases counts into the year's services.
        cases.logService(NewServiceEntry("", ServiceKind.LEGAL_ADVICE, 3, "草场承包合同咨询", id)).join()
        assertNull(cases.state.value.error)
        val legal = cases.state.until("the service counted") { s -> s.services.any { it.kind == ServiceKind.LEGAL_ADVICE } }
            .services.single { it.kind == ServiceKind.LEGAL_ADVICE }
        assertEquals(1L to 3L, legal.entries to legal.people)

        val case = CaseModel(phone, id, screens)
        case.addNote("双方到场，说明争议经过").join()
        case.addVisit("上门走访乙户，核对草场证").join()
        case.state.until("two timeline entries") { it.detail?.timeline?.size == 2 }
        val sync = SyncModel(phone, screens)
        sync.state.until("four changes pending: the case, its service, a note, a visit") { it.pending == 4L }

        // A typed rule error: closing as agreed without the agreement's text.
        case.close(Outcome.AGREEMENT, null).join()
        val refused = assertNotNull(case.state.value.error)
        assertEquals(ErrorCode.INVALID_INPUT, refused.code)
        assertEquals("agreement", refused.field)
        refused.reads("调解协议：达成协议结案须填写协议内容")
        assertEquals(CaseStatus.OPEN, case.state.value.detail?.status)

        sync.sync().join()
        assertEquals(0L, sync.state.value.pending)
        assertNotNull(sync.state.value.lastSyncedAtMs, "the bar shows when it last synced")
        synced(other)

        // Both mediators close the case before either syncs: one with an agreement, one referred.
        case.close(Outcome.AGREEMENT, "重新划分围栏，双方签字").join()
        assertNull(case.state.value.error)
        val theirs = CaseModel(other, id, screens)
        theirs.state.until("the case on the second phone") { it.detail != null }
        theirs.close(Outcome.REFERRED, "苏木司法所").join()
        assertNull(theirs.state.value.error)
        case.followUp("回访：围栏已重新划定，双方无异议").join()
        case.state.until("the follow-up") { it.detail?.followUps?.size == 1 }

        sync.sync().join()
        SyncModel(other, screens).sync().join()
        val conflicted = theirs.state.until("the concurrent close shown as a conflict") { s ->
            s.conflicts.any { c -> c.field.endsWith("outcome") }
        }
        val outcome = conflicted.conflicts.first { it.field.endsWith("outcome") }
        assertEquals(setOf("民警 巴特尔", "书记 乌兰"), outcome.values.map { it.userName }.toSet(), "who wrote each value")
        val closedBy = conflicted.history.map { it.userName }.toSet()
        assertTrue("民警 巴特尔" in closedBy && "书记 乌兰" in closedBy, "history names both: $closedBy")

        // Choosing one value is a change of the chooser, shown in the history.
        theirs.resolve(outcome, 0).join()
        theirs.state.until("the conflict resolved") { s -> s.conflicts.none { it.field.endsWith("outcome") } }
        phone.close()
        other.close()
    }

    @Test
    fun `2 a herdsman sees a session after sync, checks in, and the archive shows its date and hours`() = journey {
        val start = System.currentTimeMillis() + 60_000
        val secretary = device("secretary", "j2-secretary")
        synced(secretary)
        val school = SchoolModel(secretary, Fixture.org("school"), screens)
        school.createCourse(
            NewCourse("", "牧区政策宣讲", Topic.RURAL_REVITALISATION, null),
            listOf(NewSession("", start, 90, SessionMode.ON_SITE, "嘎查党群服务站")),
        ).join()
        assertNull(school.state.value.error)
        val session = school.state.until("the session scheduled") { s -> s.sessions.any { it.title == "牧区政策宣讲" } }
            .sessions.first { it.title == "牧区政策宣讲" }.id
        synced(secretary)

        val herder = device("herder", "j2-herder")
        val schedule = ScheduleModel(herder, screens)
        synced(herder)
        val row = schedule.state.until("the session after sync") { s -> s.thisWeek.any { it.id == session } }
            .thisWeek.first { it.id == session }
        assertEquals("巴彦高勒苏木基层党校", row.schoolName)
        assertNull(row.mine, "not checked in yet")
        // The upcoming weeks are a second query: it refreshes on its own after the same sync.
        schedule.state.until("the session among the upcoming") { s -> s.upcoming.any { it.id == session } }

        schedule.checkIn(session, SessionMode.ON_SITE).join()
        assertNull(schedule.state.value.error)
        schedule.state.until("checked in") { s -> s.thisWeek.first { it.id == session }.mine == Attendance.PRESENT }
        // Tapping again changes nothing and is not an error.
        schedule.checkIn(session, SessionMode.ON_SITE).join()
        assertNull(schedule.state.value.error)

        val archive = ArchiveModel(herder, screens, chinaYear(start))
        val entry = archive.state.until("the session in the archive") { s -> s.archive?.entries?.any { it.session == session } == true }
            .archive!!.entries.first { it.session == session }
        assertEquals(1.5, entry.hours, 1e-9)
        assertEquals(start, entry.startsAtMs)
        assertEquals("牧区政策宣讲", entry.title)
        val sync = synced(herder)
        assertEquals(0L, sync.state.value.pending)
        assertEquals(emptyList(), sync.state.value.rejected, "checking oneself in is allowed")
        secretary.close()
        herder.close()
    }

    @Test
    fun `3 a grid worker takes a request through all five steps, reopens it on an unsatisfied evaluation, and visits a household`() = journey {
        val community = Fixture.org("community")
        val grid = Fixture.org("grid")
        val worker = device("gridworker", "j3-qiqige")
        synced(worker)
        HomeModel(worker, screens).state.until("the grid worker's screens") { s ->
            s.destinations.map { it.screen }.containsAll(listOf(Screen.REQUESTS, Screen.HOUSEHOLDS))
        }

        val requests = RequestsModel(worker, community, screens)
        requests.raise(NewRequest("", "小区路灯不亮", "3号楼前路灯坏了两周", "居民 张桂兰")).join()
        val id = assertNotNull(requests.state.value.raised)
        val request = RequestModel(worker, id, screens)
        request.discuss("居民议事会讨论，建议物业维修").join()
        request.decide("物业三日内更换路灯").join()
        request.carryOut("已更换两盏路灯").join()
        // Whoever did the work does not record the residents' verdict on it.
        val residents = listOf("居民 张桂兰", "居民 李秀英")
        request.evaluate(false, "只换了一盏，另一盏仍不亮", residents).join()
        assertEquals(ErrorCode.NOT_PERMITTED, request.state.value.error?.code)
        request.state.value.error!!.reads("不允许：居民评价不能由办理人记录")
        synced(worker)
        // Another grid worker collects it from the residents.
        val collector = device("gridworker2", "j3-wulan")
        synced(collector)
        val verdicts = RequestModel(collector, id, screens)
        verdicts.state.until("the request on the collector's phone") { it.detail?.step == RequestStep.DONE }
        verdicts.evaluate(false, "只换了一盏，另一盏仍不亮", residents).join()
        assertNull(verdicts.state.value.error)
        val reopened = verdicts.state.until("reopened") { it.detail?.step == RequestStep.REOPENED }.detail!!
        assertEquals(1, reopened.evaluations.size)
        assertFalse(reopened.evaluations.single().satisfied)
        assertEquals(residents, reopened.evaluations.single().residents)
        synced(collector)
        synced(worker)
        request.state.until("reopened on the worker's phone") { it.detail?.step == RequestStep.REOPENED }

        // The second round, kept beside the first.
        request.discuss("再次议事").join()
        request.decide("更换剩余路灯").join()
        request.carryOut("全部更换").join()
        synced(worker)
        synced(collector)
        verdicts.state.until("done again") { it.detail?.step == RequestStep.DONE }
        verdicts.evaluate(true, "满意", residents).join()
        val done = verdicts.state.until("evaluated") { it.detail?.step == RequestStep.EVALUATED }.detail!!
        assertEquals(2, done.evaluations.size)
        assertTrue(done.steps.map { it.step }.containsAll(RequestStep.entries.toList()), "every step on record: ${done.steps}")
        // An evaluation out of turn is a typed refusal.
        verdicts.evaluate(true, "再评", residents).join()
        assertEquals(ErrorCode.WRONG_STATE, verdicts.state.value.error?.code)
        verdicts.state.value.error!!.reads("民事诉求当前为“民事民评”，不能民事民评")
        synced(collector)
        collector.close()

        val households = HouseholdsModel(worker, grid, screens)
        households.register(NewHousehold("", "3号楼2单元101", "王秀英", 1, listOf(HouseholdTag.LIVING_ALONE, HouseholdTag.ELDERLY))).join()
        val household = assertNotNull(households.state.value.registered)
        households.show(HouseholdTag.LIVING_ALONE)
        households.state.until("the household under 独居") { s -> s.households.any { it.id == household } }
        val visits = HouseholdModel(worker, household, screens)
        visits.visit(VisitMode.DOOR, "上门看望，老人腿脚不便，需要送药", followUp = true).join()
        visits.visit(VisitMode.PHONE, "电话回访：药已送到").join()
        val detail = visits.state.until("two visits") { it.detail?.visits?.size == 2 }.detail!!
        assertEquals(listOf(VisitMode.DOOR, VisitMode.PHONE), detail.visits.map { it.mode })
        assertTrue(detail.visits.first().followUp)
        assertTrue(HouseholdTag.LIVING_ALONE in detail.tags)

        val sync = synced(worker)
        assertEquals(0L, sync.state.value.pending)
        assertTrue(sync.state.value.rejected.isEmpty())
        worker.close()
    }

    @Test
    fun `4 a school secretary schedules a course with two sessions, a member checks in on another phone, and the roll shows it`() = journey {
        val start = System.currentTimeMillis() + 30_000
        val secretary = device("secretary", "j4-secretary")
        synced(secretary)
        val school = SchoolModel(secretary, Fixture.org("school"), screens)
        school.createCourse(
            NewCourse("", "党章党规学习", Topic.CONSTITUTION_RULES_DISCIPLINE, null),
            listOf(
                NewSession("", start, 60, SessionMode.ON_SITE, "苏木党群服务中心"),
                NewSession("", start + 7 * 24 * 3600 * 1000L, 60, SessionMode.ONLINE, "线上同步课堂"),
            ),
        ).join()
        assertNull(school.state.value.error)
        // The course is offered for scheduling more sessions, by title with its topic.
        val course = school.state.until("the course listed") { s -> s.courses.any { it.title == "党章党规学习" } }
            .courses.single { it.title == "党章党规学习" }
        assertEquals(Topic.CONSTITUTION_RULES_DISCIPLINE, course.topic)
        val sessions = school.state.until("two sessions") { s -> s.sessions.count { it.title == "党章党规学习" } == 2 }
            .sessions.filter { it.title == "党章党规学习" }
        val first = sessions.minBy { it.startsAtMs }.id
        synced(secretary)

        val herder = device("herder", "j4-herder")
        synced(herder)
        val schedule = ScheduleModel(herder, screens)
        schedule.state.until("the first session") { s -> s.thisWeek.any { it.id == first } }
        schedule.checkIn(first, SessionMode.ON_SITE).join()
        assertNull(schedule.state.value.error)
        synced(herder)

        synced(secretary)
        val roll = RollModel(secretary, first, screens)
        val entry = roll.state.until("the herder on the roll") { s -> s.roll.any { it.member == Fixture.person("herder") } }
            .roll.first { it.member == Fixture.person("herder") }
        assertEquals(Attendance.PRESENT, entry.attendance)
        assertEquals("牧民党员 蒲玉梅", entry.name)
        assertEquals(SessionMode.ON_SITE, entry.via)
        secretary.close()
        herder.close()
    }

    @Test
    fun `5 a supervisor sees the sumu's counts include its gachas', opens a case below read-only with its history, and a member's refused change`() = journey {
        val branch = Fixture.org("branch1")
        val mediator = device("mediator", "j5-bater")
        synced(mediator)
        val cases = CasesModel(mediator, branch, screens)
        cases.open(NewCase(branch, CaseCategory.LIVESTOCK_DAMAGE, "乌兰乌拉嘎查", "羊群啃食邻户草场", listOf("甲户", "乙户"))).join()
        val id = assertNotNull(cases.state.value.opened)
        CaseModel(mediator, id, screens).addNote("已现场查看").join()
        synced(mediator)

        val supervisor = device("supervisor", "j5-supervisor")
        val sync = synced(supervisor)
        assertNotNull(sync.state.value.lastSyncedAtMs)
        val sumu = Fixture.org("sumu")
        val overview = OverviewModel(supervisor, sumu, screens)
        val rows = overview.state.until("the subtree's counts") { s -> s.rows.any { it.org == branch && it.openCases >= 1 } }.rows
        val below = rows.filter { it.parent == sumu }
        assertEquals(below.sumOf { it.openCases }, rows.first { it.org == sumu }.openCases, "a sumu's row totals its subtree")
        assertTrue(rows.first { it.org == sumu }.openCases >= 1)
        // Each unit's kind in the reader's language; a unit with a Mongolian name carries it.
        val gacha = rows.first { it.org == Fixture.org("gacha1") }
        assertEquals(Reader.expect("嘎查", "ᠭᠠᠴᠠᠭᠠ"), Reader.words.text(gacha.kindKey))
        assertEquals("ᠪᠠᠶᠠᠨ ᠪᠣᠭᠳᠠ ᠭᠠᠴᠠᠭᠠ", gacha.nameMn)
        assertEquals(null, rows.first { it.org == branch }.nameMn, "a branch without one has none")

        val case = CaseModel(supervisor, id, screens)
        val seen = case.state.until("the case with its history") { s -> s.detail != null && s.history.size >= 2 }
        assertEquals("羊群啃食邻户草场", seen.detail!!.description)
        assertEquals(setOf("民警 巴特尔"), seen.history.map { it.userName }.toSet())
        assertEquals(listOf("case.open", "case.add_note"), seen.history.map { it.action })
        // Read-only: a note written anyway stays on this phone, and the server refuses it; the
        // sync bar lists the refusal with its record and reason.
        case.addNote("督导意见").join()
        val refused = SyncModel(supervisor, screens)
        refused.sync().join()
        val rejected = refused.state.until("the refusal listed") { it.rejected.isNotEmpty() }.rejected
        assertEquals(listOf(id), rejected.map { it.record })
        // The reason is a code the screen words from the catalogue, never the wire's English.
        assertEquals(RefusalReason.OUT_OF_SCOPE, rejected.single().reason)
        assertEquals("超出本人权限范围", Reader.words.text(refusalReasonKey(rejected.single().reason!!)))

        // A member's refused change reaches the supervisor: a herder registers a household, which
        // only grid workers and mediators may; after both sync, the overview lists it by name.
        val herder = device("herder", "j5-herder")
        synced(herder)
        val household = herder.registerHousehold(
            NewHousehold(Fixture.org("gacha1"), "嘎查三组", "张三", 3, emptyList()),
        )
        val herderSync = SyncModel(herder, screens)
        herderSync.sync().join()
        herderSync.state.until("the herder's own refusal") { it.rejected.isNotEmpty() }
        refused.sync().join()
        val notices = overview.state.until("the member's refusal reaches the supervisor") { s ->
            s.refusals.any { it.record == household }
        }.refusals
        val notice = notices.first { it.record == household }
        assertEquals("牧民党员 蒲玉梅", notice.userName)
        assertEquals("j5-herder", notice.deviceName)
        assertEquals(RefusalReason.OUT_OF_SCOPE, notice.reason)
        assertEquals(RecordKind.HOUSEHOLD, notice.recordKind)
        assertEquals("巴音宝格德嘎查", notice.orgName)
        herder.close()
        mediator.close()
        supervisor.close()
    }

    @Test
    fun `6 a branch secretary holds a meeting with a rectification due, and takes a member through the democratic evaluation`() = journey {
        val gacha = Fixture.org("gacha1")
        val herder = Fixture.person("herder")
        val secretary = device("secretary", "j6-secretary")
        synced(secretary)
        val year = 2026L
        val life = BranchLifeModel(secretary, gacha, year, screens)
        val heldAt = System.currentTimeMillis()
        life.record(MeetingKind.ORGANISATIONAL_LIFE, heldAt).join()
        val meetingId = assertNotNull(life.state.value.recorded)
        val meeting = OrgLifeModel(secretary, meetingId, screens)
        meeting.addItem(ItemKind.PROBLEM, "学习记录不全").join()
        val due = heldAt + 30L * 24 * 3600 * 1000
        meeting.addRectification("补齐学习记录", "组织委员 王立华", due).join()
        val rectification = meeting.state.until("the rectification with its due date") { s ->
            s.detail?.rectifications?.size == 1
        }.detail!!.rectifications.single()
        assertEquals(due, rectification.dueMs)
        assertFalse(rectification.done)
        meeting.complete(rectification.id).join()
        meeting.state.until("the rectification done") { it.detail?.rectifications?.single()?.done == true }
        life.state.until("the meeting listed with its item done") { s ->
            s.meetings.any { it.id == meetingId && it.doneItems == 1L && it.openItems == 0L }
        }

        life.state.until("the branch's people") { s -> s.members.any { it.id == herder } }
        life.openEvaluation(herder).join()
        val evaluationId = assertNotNull(life.state.value.openedEvaluation)
        val evaluation = EvaluationModel(secretary, evaluationId, screens)
        // The result before the steps is a rule, shown as a typed error rather than a crash.
        evaluation.recordResult().join()
        assertEquals(ErrorCode.WRONG_STATE, evaluation.state.value.error?.code)
        evaluation.state.value.error!!.reads("民主评议当前为“等待个人自评”，不能评定等次")
        // The self-assessment is the member's own: the secretary's phone does not write it.
        assertFalse(evaluation.state.until("loaded") { it.detail != null }.detail!!.mine)
        evaluation.assessSelf("代写").join()
        assertEquals(ErrorCode.NOT_PERMITTED, evaluation.state.value.error?.code)
        evaluation.state.value.error!!.reads("不允许：个人自评只能由党员本人填写")
        synced(secretary)
        val herderPhone = device("herder", "j6-herder")
        synced(herderPhone)
        val own = EvaluationModel(herderPhone, evaluationId, screens)
        assertTrue(own.state.until("the member's own evaluation") { it.detail != null }.detail!!.mine)
        own.assessSelf("按时参加组织生活，带头落实草畜平衡").join()
        assertNull(own.state.value.error)
        synced(herderPhone)
        synced(secretary)
        evaluation.assessMutually("群众评价好").join()
        evaluation.recordVotes(mapOf(Grade.EXCELLENT to 9L, Grade.QUALIFIED to 2L)).join()
        assertEquals(Grade.EXCELLENT, evaluation.state.until("the tallies' grade") { it.detail?.tallied != null }.detail!!.tallied)
        evaluation.recordResult().join()
        val detail = evaluation.state.until("the result recorded") { it.detail?.result != null }.detail!!
        assertEquals(Grade.EXCELLENT, detail.result)
        assertEquals("按时参加组织生活，带头落实草畜平衡", detail.selfAssessment)
        assertEquals(listOf("群众评价好"), detail.mutual.map { it.text })
        assertEquals(11L, detail.votes.sumOf { it.votes })
        val row = life.state.until("the year's results by name") { s ->
            s.evaluations.any { it.id == evaluationId && it.grade == Grade.EXCELLENT }
        }.evaluations.single { it.id == evaluationId }
        assertEquals("牧民党员 蒲玉梅", row.memberName)
        // Opening the member again leads to the same evaluation, not a second one.
        life.openEvaluation(herder).join()
        assertEquals(evaluationId, life.state.value.openedEvaluation)
        assertEquals(1, life.state.value.evaluations.count { it.member == herder })

        val sync = synced(secretary)
        assertEquals(emptyList(), sync.state.value.rejected.map { "${it.reason}: ${it.detail}" })
        secretary.close()
    }

    /** Credentials in memory, as the Keystore-backed ones on a phone. */
    private class MemoryCredentials : CredentialStore {
        var url: String? = null
        var enrollment: Enrollment? = null
        var key: ByteArray? = null
        override fun serverUrl() = url
        override fun load() = enrollment
        override fun save(serverUrl: String, enrollment: Enrollment) {
            url = serverUrl
            this.enrollment = enrollment
        }
        override fun storeKey(): ByteArray = key ?: Steppe.newStoreKey().also { key = it }
        override fun wipe() {
            url = null
            enrollment = null
            key = null
        }
    }

    @Test
    fun `7 a herdsman without signal hands a check-in over in a file, and takes the township's file back`() = journey {
        val secretary = device("secretary", "j7-secretary")
        synced(secretary)
        val school = SchoolModel(secretary, Fixture.org("school"), screens)
        suspend fun scheduled(title: String, startMs: Long): String {
            school.createCourse(
                NewCourse("", title, Topic.SITUATION_POLICY, null),
                listOf(NewSession("", startMs, 90, SessionMode.ON_SITE, "嘎查党员活动室")),
            ).join()
            assertNull(school.state.value.error)
            val id = school.state.until("$title scheduled") { s -> s.sessions.any { it.title == title } }
                .sessions.first { it.title == title }.id
            synced(secretary)
            return id
        }
        val session = scheduled("草原生态保护", System.currentTimeMillis() - 600_000)

        // At the township, with signal: the herder's phone syncs and is certified.
        val herder = device("herder", "j7-herder")
        synced(herder)
        val bundle = BundleModel(herder, screens)
        val certified = bundle.state.until("certified by its sync") { it.certificateExpiresAtMs != null }
        assertTrue(certified.certificateExpiresAtMs!! > System.currentTimeMillis() + 29L * 86_400_000)

        // In the pasture: the check-in waits; the herder writes it to a file.
        val schedule = ScheduleModel(herder, screens)
        schedule.checkIn(session, SessionMode.ON_SITE).join()
        assertNull(schedule.state.value.error)
        bundle.refresh().join()
        bundle.state.until("one change waiting") { it.pending == 1L }
        bundle.export().join()
        val file = bundle.state.until("the file written") { it.exported != null }.exported!!
        assertEquals(1uL, file.changes)
        val carried = dir.resolve("herder.bundle")
        Files.write(carried, file.bytes)
        bundle.handedOver()
        assertNull(bundle.state.value.exported)
        // The secretary carries it to the township, where the operator imports it.
        assertEquals("ok 1 0 0", Fixture.importBundle(carried))
        assertEquals("ok 0 1 0", Fixture.importBundle(carried), "carried twice: nothing more")

        // The phone's own file is not the server's: refused, in words from the catalogue.
        bundle.import(file.bytes).join()
        val refused = bundle.state.value.error
        assertEquals(ErrorCode.BUNDLE, refused?.code)
        assertEquals("error_bundle_damaged", refused?.resourceKey)
        refused!!.reads("数据包已损坏或不是本服务器签发的，已整体拒收")

        // The secretary's phone takes the gacha's file too, to hand on to herders it meets.
        val secretaryBundles = BundleModel(secretary, screens)
        secretaryBundles.fetchForUnit(Fixture.org("gacha1")).join()
        assertNull(secretaryBundles.state.value.error, "${secretaryBundles.state.value.error}")
        secretaryBundles.fetchForUnit(Fixture.org("gacha2")).join()
        assertNull(secretaryBundles.state.value.error, "the sumu secretary reads gacha 2 as well")

        // Meanwhile a new session; the township's file of the gacha brings it to the pasture.
        val next = scheduled("骆驼养殖技术", System.currentTimeMillis() + 3_600_000)
        val unitFile = dir.resolve("gacha1.bundle")
        assertTrue(Fixture.exportBundle(Fixture.org("gacha1"), unitFile).startsWith("ok "))
        bundle.import(Files.readAllBytes(unitFile)).join()
        assertNull(bundle.state.value.error)
        assertTrue(bundle.state.value.importedChanges!! > 0)
        schedule.state.until("the new session on the schedule, without a sync") { s -> s.thisWeek.any { it.id == next } || s.upcoming.any { it.id == next } }

        // A phone that never synced believes no file.
        val fresh = device("herder", "j7-herder2")
        val freshBundle = BundleModel(fresh, screens)
        freshBundle.import(Files.readAllBytes(unitFile)).join()
        assertEquals("error_bundle_not_certified", freshBundle.state.value.error?.resourceKey)
        freshBundle.state.value.error!!.reads("本机还没有服务器证书：请先在有信号的地方同步一次")

        // Back in signal: the server already holds the check-in, nothing is refused.
        val sync = synced(herder)
        assertEquals(0L, sync.state.value.pending)
        assertEquals(emptyList(), sync.state.value.rejected)
        secretary.close()
        herder.close()
        fresh.close()
    }

    @Test
    fun `8 two phones meet over a socket, the secretary sees the check-in unconfirmed, and the server confirms it`() = journey {
        val secretary = device("secretary", "j8-secretary")
        synced(secretary)
        val school = SchoolModel(secretary, Fixture.org("school"), screens)
        school.createCourse(
            NewCourse("", "民族团结进步教育", Topic.SITUATION_POLICY, null),
            listOf(NewSession("", System.currentTimeMillis() - 600_000, 90, SessionMode.ON_SITE, "嘎查党员活动室")),
        ).join()
        val session = school.state.until("scheduled") { s -> s.sessions.any { it.title == "民族团结进步教育" } }
            .sessions.first { it.title == "民族团结进步教育" }.id
        synced(secretary)
        val herder = device("herder", "j8-herder")
        synced(herder)
        ScheduleModel(herder, screens).checkIn(session, SessionMode.ON_SITE).join()

        // The monthly meeting: the herder's phone opens a link, the secretary's accepts it.
        val roll = RollModel(secretary, session, screens)
        val herderSide = MeetModel(herder, screens)
        val secretarySide = MeetModel(secretary, screens)
        meetOverSocket(herderSide, secretarySide)
        assertNull(herderSide.state.value.error, "${herderSide.state.value.error}")
        assertNull(secretarySide.state.value.error, "${secretarySide.state.value.error}")
        val met = secretarySide.state.value.last!!
        assertEquals(1uL, met.received, "the check-in, readable by the secretary")
        assertEquals(1L, secretarySide.state.value.carried, "and sealed for the server")
        assertTrue(secretary.isUnconfirmed(session))
        roll.state.until("the check-in on the roll, marked unconfirmed") { s ->
            s.unconfirmed && s.roll.any { it.member == herder.userId }
        }

        // The secretary syncs: the copy it carried reaches the server, which sends the change back.
        synced(secretary)
        synced(secretary)
        assertFalse(secretary.isUnconfirmed(session), "confirmed by the server")
        roll.state.until("the roll no longer marked unconfirmed") { !it.unconfirmed }
        secretarySide.refresh().join()
        assertEquals(0L, secretarySide.state.value.carried)

        // A revoked phone is refused at the next meeting by a phone that learned of it.
        Fixture.revokeDevice(herder.deviceId)
        synced(secretary)
        meetOverSocket(herderSide, secretarySide)
        assertEquals("error_peer_refused_revoked", secretarySide.state.value.error?.resourceKey)
        secretarySide.state.value.error!!.reads("对方手机已被停用，不能交换")
        secretary.close()
        herder.close()
    }

    @Test
    fun `9 a grid worker's request and door visit reach a colleague's phone at a meeting, marked unconfirmed until the server confirms them`() = journey {
        val worker = device("gridworker", "j9-qiqige")
        synced(worker)
        val colleague = device("gridworker2", "j9-wulan")
        synced(colleague)
        // Out of signal: a request raised, a household registered and visited at the door.
        val requests = RequestsModel(worker, Fixture.org("community"), screens)
        requests.raise(NewRequest("", "楼道堆放杂物", "5号楼楼道堆满纸箱，影响通行", "居民 赵丽")).join()
        val request = assertNotNull(requests.state.value.raised)
        val households = HouseholdsModel(worker, Fixture.org("grid"), screens)
        households.register(NewHousehold("", "5号楼1单元302", "刘桂芝", 1, listOf(HouseholdTag.LIVING_ALONE))).join()
        val household = assertNotNull(households.state.value.registered)
        HouseholdModel(worker, household, screens).visit(VisitMode.DOOR, "上门看望，老人身体尚好").join()

        val workerSide = MeetModel(worker, screens)
        val colleagueSide = MeetModel(colleague, screens)
        meetOverSocket(workerSide, colleagueSide)
        assertNull(workerSide.state.value.error, "${workerSide.state.value.error}")
        assertNull(colleagueSide.state.value.error, "${colleagueSide.state.value.error}")
        val onColleague = RequestModel(colleague, request, screens)
        onColleague.state.until("the request on the colleague's phone, unconfirmed") { it.detail != null && it.unconfirmed }
        val visited = HouseholdModel(colleague, household, screens)
        visited.state.until("the door visit on the colleague's phone, unconfirmed") { s ->
            s.unconfirmed && s.detail?.visits?.map { it.mode } == listOf(VisitMode.DOOR)
        }

        // The colleague syncs: the copy it carried reaches the server, which sends the changes back.
        synced(colleague)
        synced(colleague)
        onColleague.state.until("the request confirmed") { !it.unconfirmed }
        visited.state.until("the visit confirmed") { !it.unconfirmed && it.detail?.visits?.size == 1 }
        worker.close()
        colleague.close()
    }

    @Test
    fun `a revoked device wipes its store and key, and can enroll again`() = journey {
        val credentials = MemoryCredentials()
        val path = dir.resolve("revoked.db").toString()
        val session = SessionModel(credentials, path, screens)
        session.start().join()
        assertIs<SessionState.SignedOut>(session.state.value)
        session.enroll(Fixture.url, Fixture.code("herder"), "revoked-phone").join()
        val ready = assertIs<SessionState.Ready>(session.state.value)
        val sync = synced(ready.steppe)
        val firstKey = credentials.key!!.copyOf()

        Fixture.revokeDevice(credentials.enrollment!!.deviceId)
        sync.sync().join()
        assertTrue(sync.state.value.revoked)
        assertEquals(ErrorCode.REVOKED, sync.state.value.error?.code)
        sync.state.value.error!!.reads("本机已被停用，数据已清除，请重新注册")
        session.revoked().join()
        assertEquals(SessionState.SignedOut(org.steppe.screens.UiError(ErrorCode.REVOKED)), session.state.value)
        assertFalse(Files.exists(Path.of(path)), "the store is gone")
        assertNull(credentials.enrollment)
        assertNull(credentials.key)

        session.enroll(Fixture.url, Fixture.code("herder"), "revoked-phone-again").join()
        val again = assertIs<SessionState.Ready>(session.state.value)
        assertFalse(firstKey.contentEquals(credentials.key!!), "a new key for the new store")
        synced(again.steppe)
        again.steppe.close()
    }

    /** The platform's HTTP, slowed down like a 2G link. */
    private class SlowTransport(private val inner: HttpTransport, private val pauseMs: Long) : HttpTransport {
        override fun post(url: String, headers: List<HttpHeader>, body: ByteArray): HttpResponse {
            Thread.sleep(pauseMs)
            return inner.post(url, headers, body)
        }
    }

    @Test
    fun `a first sync cancelled midway stops at a safe point and resumes later with nothing lost`() = journey {
        val branch = Fixture.org("branch1")
        val phone = device("mediator", "cancel-phone", SlowTransport(UrlConnectionTransport(), 700))
        val sync = SyncModel(phone, screens)

        // The very first sync, cancelled by the user while the exchange is under way.
        suspend fun cancelMidway() {
            val job = sync.sync()
            sync.state.until("the sync running") { it.running }
            delay(200)
            sync.cancel()
            withTimeout(10_000) { job.join() }
            assertFalse(sync.state.value.running)
            assertNull(sync.state.value.error, "a cancel is not an error")
        }
        cancelMidway()
        assertNull(phone.lastSyncedAtMs(), "not yet in step with the server")
        sync.sync().join()
        assertNull(sync.state.value.error)
        assertNotNull(phone.lastSyncedAtMs())

        // A case written offline, then a sync cancelled midway: the change is still queued.
        val case = phone.openCase(NewCase(branch, CaseCategory.DEBT, "嘎查", "借款纠纷（取消同步）", listOf("甲", "乙")))
        cancelMidway()
        assertEquals(1L, phone.pendingUploads(), "the local change is still there")

        // Later, with signal: the same sync finishes, and another phone of the branch gets the case.
        sync.sync().join()
        assertNull(sync.state.value.error)
        assertEquals(0L, sync.state.value.pending)
        assertEquals(emptyList(), sync.state.value.rejected.map { "${it.reason}: ${it.detail}" })
        val tablet = device("mediator", "cancel-tablet")
        synced(tablet)
        assertEquals("借款纠纷（取消同步）", tablet.caseDetail(case).description)
        phone.close()
        tablet.close()
    }
}
