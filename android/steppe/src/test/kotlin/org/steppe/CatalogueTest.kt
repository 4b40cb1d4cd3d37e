package org.steppe

import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.steppe.ffi.MessageArg
import org.steppe.ffi.RecordKind
import org.steppe.ffi.recordKindKey
import org.steppe.screens.ErrorCode
import org.steppe.screens.UiError
import org.steppe.screens.sentence

/** The phone's words come from the one catalogue, in Chinese and in Mongolian (and English). */
class CatalogueTest {
    @Test
    fun `every translated id is one the default Chinese resources hold`() {
        for (dir in listOf("values-mn", "values-en")) {
            val extra = TestWords.own(dir) - TestWords.defaultIds
            assertTrue(extra.isEmpty(), "$dir has ids Chinese lacks: $extra")
        }
        assertTrue(TestWords.own("values-mn").contains("org_kind_gacha"), "Mongolian has the unit kinds")
    }

    @Test
    fun `a refusal reads as a sentence in Chinese and in Mongolian`() {
        val placed = UiError(
            ErrorCode.INVALID_INPUT,
            field = "parent",
            reason = "reason_cannot_place_under",
            args = listOf(MessageArg("kind", "org_kind_gacha", true), MessageArg("parent", "org_kind_league", true)),
        )
        assertEquals("上级组织：嘎查不能设在盟之下", placed.sentence(TestWords.zh))
        // Mongolian has the kinds of unit in its own script; the sentence around them, which it
        // lacks, is Chinese.
        assertEquals("上级组织：ᠭᠠᠴᠠᠭᠠ不能设在ᠠᠶᠢᠮᠠᠭ之下", placed.sentence(TestWords.mn))
        assertEquals("Parent: A Gacha cannot be placed under a League", placed.sentence(TestWords.en))

        val closed = UiError(
            ErrorCode.WRONG_STATE,
            action = "follow_up",
            state = "case_status_open",
            record = recordKindKey(RecordKind.MEDIATION_CASE),
        )
        assertEquals("调解案件当前为“调解中”，不能回访", closed.sentence(TestWords.zh))
        assertEquals("调解案件当前为“调解中”，不能回访", closed.sentence(TestWords.mn))
        assertEquals("Cannot follow up a Mediation case that is Open", closed.sentence(TestWords.en))

        // A reason this build's catalogue lacks (a newer server's) still reads as a sentence,
        // with the code in it, rather than failing.
        val unknown = UiError(ErrorCode.NOT_PERMITTED, reason = "reason_from_a_newer_server")
        assertEquals("不允许：reason_from_a_newer_server", unknown.sentence(TestWords.zh))
    }
}
