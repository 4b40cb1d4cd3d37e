package org.steppe

import java.nio.file.Path
import java.time.ZoneId
import java.time.ZonedDateTime
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import org.steppe.ffi.CaseCategory
import org.steppe.ffi.CaseStatus
import org.steppe.ffi.CloseCase
import org.steppe.ffi.Role
import org.steppe.ffi.RuleCode
import org.steppe.ffi.InternalException
import org.steppe.ffi.NewCase
import org.steppe.ffi.NewCourse
import org.steppe.ffi.NewSession
import org.steppe.ffi.Outcome
import org.steppe.ffi.SessionMode
import org.steppe.ffi.SteppeException
import org.steppe.ffi.Topic

/** The three flows of the app, end to end against a real server on 127.0.0.1. */
class SteppeFlowsTest {
    @TempDir
    lateinit var dir: Path

    private suspend fun device(user: String, name: String = "$user-phone"): Steppe {
        val enrollment = Steppe.enroll(Fixture.url, Fixture.code(user), name)
        return Steppe.open(dir.resolve("$name.db").toString(), enrollment, Steppe.newStoreKey(), Fixture.url)
    }

    @Test
    fun `a mediator logs a case offline, adds notes, and syncs it to the branch`() = runBlocking {
        val branch = Fixture.org("branch1")
        val caseId = device("mediator", "bater-phone").use { phone ->
            phone.sync()
            // At the herder's door, no signal: everything below is local.
            val case = phone.openCase(
                NewCase(
                    branch = branch,
                    category = CaseCategory.PASTURE_BOUNDARY,
                    place = "巴音宝格德嘎查",
                    description = "两户草场边界争议",
                    parties = listOf("甲户", "乙户"),
                    mediators = listOf("民警 巴特尔"),
                ),
            )
            phone.addCaseNote(case, "双方到场，说明争议经过")
            phone.addCaseVisit(case, "上门走访乙户，核对草场证")
            assertEquals(3L, phone.pendingUploads(), "opening and two timeline entries wait for signal")
            val listed = phone.cases(branch).first { rows -> rows.any { it.id == case } }
            assertEquals(2L, listed.single { it.id == case }.entries)
            val refused = assertFailsWith<SteppeException.Rule> {
                phone.closeCase(CloseCase(case, Outcome.AGREEMENT, null))
            }
            assertEquals(RuleCode.INVALID_INPUT, refused.code, "a refused rule says which")
            assertEquals("agreement", refused.field)

            val summary = phone.sync()
            assertEquals(3uL, summary.sent)
            assertEquals(0uL, summary.rejected)
            assertEquals(0uL, summary.pending)
            case
        }
        // The branch's other phone sees the case with its notes after its own sync.
        device("mediator", "bater-tablet").use { tablet ->
            tablet.sync()
            val detail = tablet.caseDetail(caseId)
            assertEquals("两户草场边界争议", detail.description)
            assertEquals(listOf("entry_kind_note", "entry_kind_visit"), detail.timeline.map { it.kindKey })
            // The words come from the catalogue, in the phone's language.
            assertEquals(listOf("记录", "走访"), detail.timeline.map { Reader.words.text(it.kindKey) })
            assertEquals(listOf("Note", "Visit"), detail.timeline.map { TestWords.en.text(it.kindKey) })
        }
    }

    @Test
    fun `a herdsman member sees this week's sessions, checks in and reads the training archive`() = runBlocking {
        val course: String
        val session: String
        device("secretary").use { secretary ->
            secretary.sync()
            course = secretary.createCourse(
                NewCourse(school = Fixture.org("school"), title = "学习贯彻党的二十大精神", topic = Topic.PARTY_THEORY),
            )
            session = secretary.scheduleSession(
                NewSession(
                    course = course,
                    startsAtMs = System.currentTimeMillis() + 60_000,
                    minutes = 90,
                    mode = SessionMode.ON_SITE,
                    venue = "苏木党群服务中心",
                ),
            )
            assertEquals(0uL, secretary.sync().rejected)
        }
        device("herder").use { herder ->
            // The schedule on screen refreshes by itself when the sync brings the session.
            val appears = async {
                withTimeout(30_000) { herder.scheduleThisWeek().first { rows -> rows.any { it.id == session } } }
            }
            herder.sync()
            val row = appears.await().single { it.id == session }
            assertEquals("现场教学", Reader.words.text(row.modeKey))
            assertEquals("党的理论教育", Reader.words.text(row.topicKey))

            herder.checkIn(session, SessionMode.ON_SITE)
            val year = ZonedDateTime.now(ZoneId.of("Asia/Shanghai")).year
            val archive = herder.trainingArchive(year).first { it.sessions >= 1 }
            assertEquals(1L, archive.sessions)
            assertEquals(1.5, archive.hours, 1e-9)
            val summary = herder.sync()
            assertEquals(1uL, summary.sent, "checking oneself in is allowed")
            assertEquals(0uL, summary.rejected)
        }
    }

    @Test
    fun `a supervisor syncs and sees the counts of both branches below the sumu`() = runBlocking {
        device("mediator", "branch1-phone").use { one ->
            one.sync()
            repeat(2) { i ->
                one.openCase(NewCase(Fixture.org("branch1"), CaseCategory.DEBT, "嘎查", "借款纠纷$i", listOf("甲", "乙")))
            }
            one.sync()
        }
        device("mediator2", "branch2-phone").use { two ->
            two.sync()
            two.openCase(NewCase(Fixture.org("branch2"), CaseCategory.NEIGHBOURS, "嘎查", "邻里纠纷", listOf("甲", "乙")))
            two.sync()
        }
        device("supervisor").use { supervisor ->
            supervisor.sync()
            val roles = supervisor.myRoles().first()
            assertEquals(listOf(Role.SUPERVISOR to Fixture.org("sumu")), roles.map { it.role to it.org })
            val overview = supervisor.overview(Fixture.org("sumu")).first()
            val byOrg = overview.associateBy { it.org }
            val branch1 = byOrg.getValue(Fixture.org("branch1"))
            val branch2 = byOrg.getValue(Fixture.org("branch2"))
            // Other tests add cases to branch 1 too: the overview must match what the branch holds.
            assertEquals(supervisor.cases(Fixture.org("branch1"), CaseStatus.OPEN).first().size.toLong(), branch1.openCases)
            assertTrue(branch1.openCases >= 2)
            assertEquals(supervisor.cases(Fixture.org("branch2"), CaseStatus.OPEN).first().size.toLong(), branch2.openCases)
            assertTrue(branch2.openCases >= 1)
            // The sumu's row totals its subtree: both branches' cases are under it.
            assertEquals(branch1.openCases + branch2.openCases, byOrg.getValue(Fixture.org("sumu")).openCases)
            assertEquals("警地党支部一", branch1.name)
        }
    }

    @Test
    fun `errors arrive typed, and a panic in Rust is an exception rather than a crash`() = runBlocking {
        val panic = assertFailsWith<InternalException> { org.steppe.ffi.panicForTest("boom") }
        assertTrue(panic.message!!.contains("boom"))

        val enrollment = Steppe.enroll(Fixture.url, Fixture.code("herder"), "stolen")
        val key = Steppe.newStoreKey()
        Steppe.open(dir.resolve("wrong.db").toString(), enrollment.copy(token = "forged.token"), key, Fixture.url).use {
            assertFailsWith<SteppeException.Unauthorized> { it.sync() }
        }
        assertFailsWith<SteppeException.Unauthorized> {
            Steppe.enroll(Fixture.url, "not-a-code", "x")
        }
        // No server on this port: offline, typed, and the local write stays queued.
        Steppe.open(dir.resolve("offline.db").toString(), enrollment, key, "http://127.0.0.1:9").use { phone ->
            assertFailsWith<SteppeException.Offline> { phone.sync() }
            // The library is still usable after all of the above.
            assertEquals(0L, phone.pendingUploads())
        }
    }

    @Test
    fun `the store is encrypted under the app's key, and the key can be rotated`() = runBlocking {
        val enrollment = Steppe.enroll(Fixture.url, Fixture.code("mediator"), "lost-phone")
        val path = dir.resolve("lost.db").toString()
        val key = Steppe.newStoreKey()
        assertEquals(32, key.size)
        val canary = "CANARY-k0tl1n-草场"
        val branch = Fixture.org("branch1")
        val case = Steppe.open(path, enrollment, key, Fixture.url).use { phone ->
            phone.sync()
            phone.openCase(NewCase(branch, CaseCategory.DEBT, "嘎查", canary, listOf("甲", "乙"), listOf()))
        }
        val onDisk = listOf(path, "$path-wal").map { java.io.File(it) }.filter { it.exists() }
        assertTrue(onDisk.isNotEmpty())
        for (file in onDisk) {
            assertTrue(!String(file.readBytes(), Charsets.ISO_8859_1).contains(String(canary.toByteArray(), Charsets.ISO_8859_1)), "$file")
        }

        assertFailsWith<SteppeException.WrongKey> {
            Steppe.open(path, enrollment, Steppe.newStoreKey(), Fixture.url)
        }
        assertFailsWith<SteppeException.InvalidArgument> {
            Steppe.open(path, enrollment, ByteArray(16), Fixture.url)
        }
        val rotated = Steppe.newStoreKey()
        Steppe.open(path, enrollment, key, Fixture.url).use { it.rekey(rotated) }
        assertFailsWith<SteppeException.WrongKey> { Steppe.open(path, enrollment, key, Fixture.url) }
        Steppe.open(path, enrollment, rotated, Fixture.url).use { phone ->
            assertEquals(canary, phone.caseDetail(case).description)
        }
    }
}
