package org.steppe

import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.runBlocking
import org.steppe.screens.AppLanguage
import org.steppe.screens.LanguageModel
import org.steppe.screens.LanguageSetting
import org.steppe.screens.Words

/**
 * The in-app language, apart from the phone's: the screen model over a setting that keeps the
 * tag as Android's per-app language does (what the platform stores, read back), and the words
 * each choice then reads in, from the generated resources.
 */
class LanguageModelTest {
    /** Android's per-app language as `LocaleManager` keeps it: a tag, or none (the phone's). */
    private class KeptSetting(var kept: String?) : LanguageSetting {
        val applied = mutableListOf<String?>()

        override fun current(): String? = kept

        override fun apply(tag: String?) {
            applied += tag
            kept = tag
        }
    }

    /**
     * The resources Android selects for the app's language, the phone being set to Chinese: the
     * generated files the app ships, as [TestWords] reads them (how Android picks a `values-`
     * directory by language is the platform's, not tested here).
     */
    private fun wordsFor(tag: String?): Words = when (tag) {
        "mn" -> TestWords.mn
        else -> TestWords.zh
    }

    @Test
    fun `a member sets the app to Mongolian and back to the phone's language`() = runBlocking {
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        try {
            val setting = KeptSetting(kept = null)
            val model = LanguageModel(setting, scope)
            assertEquals(AppLanguage.SYSTEM, model.state.value.chosen)
            assertEquals(
                listOf(AppLanguage.SYSTEM, AppLanguage.CHINESE, AppLanguage.MONGOLIAN, AppLanguage.ENGLISH),
                model.state.value.choices,
            )

            model.choose(AppLanguage.MONGOLIAN).join()
            assertEquals(listOf<String?>("mn"), setting.applied)
            assertEquals(AppLanguage.MONGOLIAN, model.state.value.chosen)
            assertNull(model.state.value.error)
            // The screens now read the Mongolian resources: the unit kinds in the script, the
            // rest in Chinese where Mongolian has no sourced words yet.
            val mn = wordsFor(setting.current())
            assertEquals("ᠭᠠᠴᠠᠭᠠ", mn.text("org_kind_gacha"))
            assertEquals("学时档案", mn.text("screen_archive"))

            model.choose(AppLanguage.MONGOLIAN).join()
            assertEquals(1, setting.applied.size, "choosing the language in use changes nothing")

            // Reopened (the activity recreated), the screen shows the kept choice.
            assertEquals(AppLanguage.MONGOLIAN, LanguageModel(setting, scope).state.value.chosen)

            model.choose(AppLanguage.SYSTEM).join()
            assertEquals(listOf<String?>("mn", null), setting.applied)
            assertEquals(AppLanguage.SYSTEM, model.state.value.chosen)
            assertEquals("嘎查", wordsFor(setting.current()).text("org_kind_gacha"))

            // The phone's settings set the app to English while the screen was away: back on
            // screen it shows English, and "as the phone is set" takes the app back.
            setting.kept = "en"
            model.refresh().join()
            assertEquals(AppLanguage.ENGLISH, model.state.value.chosen)
            model.choose(AppLanguage.SYSTEM).join()
            assertEquals(listOf<String?>("mn", null, null), setting.applied)
            assertEquals(AppLanguage.SYSTEM, model.state.value.chosen)
        } finally {
            scope.cancel()
        }
    }

    @Test
    fun `a tag the app does not offer reads as the phone's language`() {
        assertEquals(AppLanguage.ENGLISH, AppLanguage.of("en"))
        assertEquals(AppLanguage.SYSTEM, AppLanguage.of("fr"))
        assertEquals(AppLanguage.SYSTEM, AppLanguage.of(null))
        assertEquals(AppLanguage.CHINESE, AppLanguage.of("zh"))
    }

    @Test
    fun `each language is named in itself whatever the app is set to`() {
        for (words in listOf(TestWords.zh, TestWords.mn)) {
            assertEquals("中文", words.text(AppLanguage.CHINESE.key))
            assertEquals("ᠮᠣᠩᠭᠣᠯ", words.text(AppLanguage.MONGOLIAN.key))
            assertEquals("English", words.text(AppLanguage.ENGLISH.key))
            assertEquals("跟随手机设置", words.text(AppLanguage.SYSTEM.key))
        }
    }
}
