package org.steppe.app

import android.app.Activity
import android.app.LocaleManager
import android.content.Context
import android.content.res.Configuration
import android.os.Build
import android.os.LocaleList
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.material3.ListItem
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.lifecycle.compose.LifecycleResumeEffect
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import kotlinx.coroutines.launch
import org.steppe.screens.LanguageModel
import org.steppe.screens.LanguageSetting

/**
 * The app's own language where Android keeps it. Android 13+ (API 33): the system's per-app
 * language (`LocaleManager`), which the phone's settings also offer because the app declares
 * its languages (`res/xml/locales_config.xml`); the system recreates the activity itself.
 * Before: a private preference, applied to each activity's context in `attachBaseContext`
 * ([wrap]); the screen recreates the activity after a choice. Holds the application's context
 * only: the model outlives the activity.
 */
class PlatformLanguage(private val app: Context) : LanguageSetting {
    override fun current(): String? =
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
            app.getSystemService(LocaleManager::class.java).applicationLocales.takeUnless { it.isEmpty }?.get(0)?.language
        } else {
            stored(app)
        }

    override fun apply(tag: String?) {
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
            app.getSystemService(LocaleManager::class.java).applicationLocales =
                if (tag == null) LocaleList.getEmptyLocaleList() else LocaleList.forLanguageTags(tag)
        } else {
            prefs(app).edit().apply { if (tag == null) remove(KEY) else putString(KEY, tag) }.apply()
        }
    }

    companion object {
        private const val FILE = "language"
        private const val KEY = "tag"

        private fun prefs(context: Context) = context.getSharedPreferences(FILE, Context.MODE_PRIVATE)

        private fun stored(context: Context): String? = prefs(context).getString(KEY, null)

        /** Whether a choice needs the activity recreated by the app (before Android 13). */
        val recreatesItself: Boolean get() = Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU

        /** [base] in the app's own language, before Android 13; as it is from 13 on. */
        fun wrap(base: Context): Context {
            if (recreatesItself) return base
            val tag = stored(base) ?: return base
            val config = Configuration(base.resources.configuration)
            config.setLocales(LocaleList.forLanguageTags(tag))
            return base.createConfigurationContext(config)
        }
    }
}

/** The language screen: "as the phone is set", Chinese, Mongolian, English, each named in itself. */
@Composable
fun LanguageScreen() {
    val context = LocalContext.current
    val model = rememberModel("language") { LanguageModel(PlatformLanguage(context.applicationContext), it) }
    val state by model.state.collectAsStateWithLifecycle()
    val scope = rememberCoroutineScope()
    // The phone's settings may have changed the app's language while the screen was away.
    LifecycleResumeEffect(model) {
        model.refresh()
        onPauseOrDispose {}
    }
    Column {
        Heading(stringResource(R.string.screen_language))
        ErrorLine(state.error) { model.dismissError() }
        state.choices.forEach { language ->
            ListItem(
                headlineContent = { Text(wordsFor(language.key)) },
                leadingContent = { RadioButton(selected = language == state.chosen, onClick = null) },
                modifier = Modifier.clickable {
                    scope.launch {
                        model.choose(language).join()
                        if (!PlatformLanguage.recreatesItself) (context as? Activity)?.recreate()
                    }
                },
            )
        }
    }
}
