package org.steppe

import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.steppe.screens.UiError
import org.steppe.screens.Words
import org.steppe.screens.sentence

/**
 * The reader of this run of the suite. `cargo xtask kotlin-test` runs every test twice, with
 * `-Dsteppe.locale=zh` and with `-Dsteppe.locale=mn`, so that what a user reads on the screens
 * is checked in each language the app ships for its users, from the resources generated from the
 * one catalogue (English, for operators, is checked in [CatalogueTest]).
 */
object Reader {
    val locale: String = System.getProperty("steppe.locale") ?: "zh"

    val words: Words = when (locale) {
        "zh" -> TestWords.zh
        "mn" -> TestWords.mn
        else -> error("-Dsteppe.locale=$locale: the suite reads as zh or mn")
    }

    /** What this run's reader is expected to read: [zh] in Chinese, [mn] in Mongolian. */
    fun expect(zh: String, mn: String): String = if (locale == "mn") mn else zh
}

/**
 * The sentence this run's reader sees for this error, checked against the catalogue of their
 * language: [zh] in Chinese; [mn] in Mongolian, which is the Chinese wherever the Mongolian
 * catalogue has no sourced translation yet (the resources fall back, as Android's do). A
 * sentence with English in it, or with an id the catalogue lacked, fails either way.
 */
fun UiError.reads(zh: String, mn: String = zh): String {
    val shown = sentence(Reader.words)
    assertEquals(Reader.expect(zh, mn), shown, "what a ${Reader.locale} reader sees for $this")
    assertNoEnglish(shown)
    return shown
}

/** Text a Chinese or Mongolian reader reads holds no Latin word (ids the catalogue lacked show as such). */
fun assertNoEnglish(text: String) {
    val latin = Regex("[A-Za-z]{2,}").findAll(text).map { it.value }.toList()
    assertTrue(latin.isEmpty(), "a ${Reader.locale} reader would read Latin words in \"$text\": $latin")
}
