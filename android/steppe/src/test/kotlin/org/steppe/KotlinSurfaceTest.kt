package org.steppe

import kotlin.test.assertEquals
import org.junit.jupiter.api.Test

/** Every workflow a phone user needs, per role, is a call of the Kotlin library. */
class KotlinSurfaceTest {
    private val workflows = mapOf(
        "mediator" to listOf(
            "openCase", "addCaseNote", "addCaseVisit", "closeCase", "reopenCase", "addFollowUp",
            "logService", "serviceCounts", "cases", "case", "caseDetail", "history",
        ),
        "herdsman member" to listOf("scheduleThisWeek", "schedule", "checkIn", "trainingArchive", "logMemberService"),
        "grid worker" to listOf(
            "raiseRequest", "discussRequest", "decideRequest", "carryOutRequest", "evaluateRequest", "requests",
            "request", "recordJointMeeting", "addMeetingDecision", "jointMeeting", "registerHousehold",
            "tagHousehold", "logVisit", "households", "household", "logMemberService", "memberServiceTotals",
        ),
        "school secretary / lecturer" to listOf(
            "createCourse", "scheduleSession", "cancelSession", "lecturers", "lecturersForSchool", "courses",
            "markAttendance", "roll", "sessionsOfSchool",
        ),
        "branch secretary" to listOf(
            "recordOrgLifeMeeting", "addOrgLifeItem", "addRectification", "completeRectification", "members",
            "orgLifeMeetings", "orgLifeMeeting", "openEvaluation", "assessSelf", "assessMutually", "recordVotes",
            "recordEvaluationResult", "evaluation", "evaluationResults",
        ),
        "supervisor" to listOf(
            "overview", "case", "history", "conflicts", "resolveConflict", "rejectedChanges", "memberRefusals",
        ),
        "everyone" to listOf("myRoles", "sync", "pendingUploads", "lastSyncedAtMs", "rekey", "close"),
    )

    @Test
    fun `every role's workflows are reachable from the Kotlin API`() {
        val methods = Steppe::class.java.methods.map { it.name }.toSet()
        val companion = Steppe.Companion::class.java.methods.map { it.name }.toSet()
        val missing = workflows.flatMap { (role, calls) -> calls.filter { it !in methods }.map { "$role: $it" } } +
            listOf("enroll", "open", "wipe", "newStoreKey").filter { it !in companion }
        assertEquals(emptyList(), missing)
    }
}
