package org.steppe.screens

import kotlinx.coroutines.CoroutineScope

/**
 * A language the app can be set to, apart from the phone's: [tag] is the BCP 47 language its
 * resources are selected by (`values-mn/` for `mn`), null for "as the phone is set"; [key] the
 * catalogue id of its name. Chinese and Mongolian are the app's users' languages; English is
 * offered because the app has its resources (and Android 13's per-app settings offer it too).
 */
enum class AppLanguage(val tag: String?, val key: String) {
    SYSTEM(null, "language_system"),
    CHINESE("zh", "language_zh"),
    MONGOLIAN("mn", "language_mn"),
    ENGLISH("en", "language_en"),
    ;

    companion object {
        /** The choice a stored tag stands for: a tag the app does not offer means the phone's. */
        fun of(tag: String?): AppLanguage = entries.firstOrNull { it.tag != null && it.tag == tag } ?: SYSTEM
    }
}

/**
 * Where the platform keeps the app's own language, apart from the phone's: on Android 13+ the
 * system's per-app language (`LocaleManager`, also set from the phone's settings), before that
 * a preference the activity's context is wrapped with. [apply] takes effect on the screens'
 * next composition (the platform recreates the activity).
 */
interface LanguageSetting {
    /** The app's own language tag, or null when it follows the phone. */
    fun current(): String?

    fun apply(tag: String?)
}

data class LanguageState(
    val choices: List<AppLanguage> = AppLanguage.entries,
    val chosen: AppLanguage = AppLanguage.SYSTEM,
    val error: UiError? = null,
)

/**
 * The language screen: the app's languages, the one in use, and choosing another. What is in use
 * is the platform's (the phone's settings may change it while the screen is away): [refresh]
 * reads it again, and a choice is compared with it, never with what the screen last showed.
 */
class LanguageModel(private val setting: LanguageSetting, scope: CoroutineScope) :
    ScreenModel<LanguageState>(LanguageState(chosen = AppLanguage.of(setting.current())), scope) {
    override fun LanguageState.withError(error: UiError?) = copy(error = error)

    /** Shows the language in use now (the screen calls it each time it comes back). */
    fun refresh() = intent(clearsError = false) {
        update { copy(chosen = AppLanguage.of(setting.current())) }
    }

    fun choose(language: AppLanguage) = intent {
        if (language.tag != setting.current()) setting.apply(language.tag)
        update { copy(chosen = AppLanguage.of(setting.current())) }
    }
}
