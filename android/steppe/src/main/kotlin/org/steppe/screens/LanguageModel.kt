package org.steppe.screens

import kotlinx.coroutines.CoroutineScope

/**
 * A language the app can be set to, apart from the phone's: [tag] is the BCP 47 language its
 * resources are selected by (`values-mn/` for `mn`), null for "as the phone is set"; [key] the
 * catalogue id of its name. Chinese and Mongolian are the app's users' languages; English
 * (for developers and operators) stays reachable through the phone's own setting.
 */
enum class AppLanguage(val tag: String?, val key: String) {
    SYSTEM(null, "language_system"),
    CHINESE("zh", "language_zh"),
    MONGOLIAN("mn", "language_mn"),
    ;

    companion object {
        /** The choice a stored tag stands for: a tag the app no longer offers means the phone's. */
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

/** The language screen: the app's languages, the one in use, and choosing another. */
class LanguageModel(private val setting: LanguageSetting, scope: CoroutineScope) :
    ScreenModel<LanguageState>(LanguageState(chosen = AppLanguage.of(setting.current())), scope) {
    override fun LanguageState.withError(error: UiError?) = copy(error = error)

    fun choose(language: AppLanguage) = intent {
        if (language != state.value.chosen) {
            setting.apply(language.tag)
            update { copy(chosen = AppLanguage.of(setting.current())) }
        }
    }
}
