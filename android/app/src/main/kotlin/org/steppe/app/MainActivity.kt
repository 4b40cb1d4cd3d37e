package org.steppe.app

import android.app.Application
import android.content.Context
import android.os.Build
import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.BackHandler
import androidx.activity.compose.setContent
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.AndroidViewModel
import androidx.lifecycle.ViewModelStore
import androidx.lifecycle.ViewModelStoreOwner
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewModelScope
import androidx.lifecycle.viewmodel.compose.LocalViewModelStoreOwner
import androidx.lifecycle.viewmodel.compose.viewModel
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import org.steppe.Steppe
import org.steppe.screens.Destination
import org.steppe.screens.HomeModel
import org.steppe.screens.Screen
import org.steppe.screens.SessionState
import org.steppe.screens.SyncModel

/** Where the user is: a stack, the last entry on screen. */
sealed interface Route {
    data object Home : Route
    data class Open(val destination: Destination) : Route
    data class Case(val id: String, val readOnly: Boolean) : Route
    data class OrgCases(val org: String, val name: String) : Route
    data class Request(val id: String) : Route
    data class Household(val id: String) : Route
    data class Roll(val session: String) : Route
    data class OrgLife(val meeting: String) : Route
    data class Evaluation(val id: String) : Route
    data object Bundles : Route
    data object Language : Route
}

/** The screen models of one open store; cleared when the store closes (sign-out, revocation). */
class ScreenStore(val steppe: Steppe) : ViewModelStoreOwner {
    override val viewModelStore = ViewModelStore()
}

data class AppUi(val session: SessionState = SessionState.Working, val screens: ScreenStore? = null)

/** The session (shared with the sync worker), the route stack, and the current store's screens. */
class AppViewModel(application: Application) : AndroidViewModel(application) {
    private val app = application as SteppeApplication
    private val ui = MutableStateFlow(AppUi())
    val state: StateFlow<AppUi> = ui.asStateFlow()
    private val stack = MutableStateFlow<List<Route>>(listOf(Route.Home))
    val routes: StateFlow<List<Route>> = stack.asStateFlow()

    init {
        viewModelScope.launch {
            app.session.state.collect { session ->
                val steppe = (session as? SessionState.Ready)?.steppe
                var screens = ui.value.screens
                if (screens?.steppe !== steppe) {
                    // Models of a closed store would query it; a new store starts at home.
                    screens?.viewModelStore?.clear()
                    screens = steppe?.let { ScreenStore(it) }
                    stack.value = listOf(Route.Home)
                }
                ui.value = AppUi(session, screens)
            }
        }
    }

    fun enroll(serverUrl: String, code: String) {
        app.session.enroll(serverUrl.trim(), code, Build.MODEL)
    }

    fun revoked() {
        app.session.revoked()
    }
    fun edited() = SyncWorker.now(app)

    fun go(route: Route) = stack.update { it + route }
    fun back() = stack.update { if (it.size > 1) it.dropLast(1) else it }

    override fun onCleared() {
        ui.value.screens?.viewModelStore?.clear()
    }
}

class MainActivity : ComponentActivity() {
    // Before Android 13 the app's own language is applied here; from 13 on, by the system.
    override fun attachBaseContext(newBase: Context) {
        super.attachBaseContext(PlatformLanguage.wrap(newBase))
    }

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        setContent { MaterialTheme { App() } }
    }
}

@Composable
private fun App(vm: AppViewModel = viewModel()) {
    val ui by vm.state.collectAsStateWithLifecycle()
    when (val session = ui.session) {
        SessionState.Working -> Box(Modifier.fillMaxSize(), contentAlignment = Alignment.Center) { CircularProgressIndicator() }
        is SessionState.SignedOut -> EnrollScreen(session, onEnroll = vm::enroll)
        is SessionState.Ready -> {
            val screens = ui.screens ?: return
            CompositionLocalProvider(LocalViewModelStoreOwner provides screens) { Signed(vm, screens.steppe) }
        }
    }
}

@Composable
private fun EnrollScreen(state: SessionState.SignedOut, onEnroll: (String, String) -> Unit) {
    var url by rememberSaveable { mutableStateOf("https://") }
    var code by rememberSaveable { mutableStateOf("") }
    var language by rememberSaveable { mutableStateOf(false) }
    if (language) {
        BackHandler { language = false }
        Box(Modifier.padding(24.dp)) { LanguageScreen() }
        return
    }
    Column(Modifier.padding(24.dp)) {
        Heading(stringResource(R.string.enroll_title))
        state.reason?.let { Text(errorText(it), color = MaterialTheme.colorScheme.error) }
        Field(url, { url = it }, R.string.enroll_server)
        Field(code, { code = it }, R.string.enroll_code)
        Button(onClick = { onEnroll(url, code) }, enabled = code.isNotBlank()) { Text(stringResource(R.string.enroll_button)) }
        TextButton(onClick = { language = true }) { Text(stringResource(R.string.screen_language)) }
    }
}

/** Everything an enrolled user sees: the sync bar above whichever route is on top. */
@Composable
private fun Signed(vm: AppViewModel, steppe: Steppe) {
    val routes by vm.routes.collectAsStateWithLifecycle()
    val sync = rememberModel("sync") { SyncModel(steppe, it) }
    val nav = Nav(go = vm::go, back = vm::back, edited = { vm.edited(); sync.refresh() })
    BackHandler(enabled = routes.size > 1) { vm.back() }
    Scaffold(topBar = { SyncBar(sync, onRevoked = { vm.revoked() }, onBundles = { vm.go(Route.Bundles) }) }) { padding ->
        Box(Modifier.padding(padding).padding(horizontal = 12.dp)) {
            when (val route = routes.last()) {
                Route.Home -> HomeScreen(steppe, nav)
                is Route.Open -> DestinationScreen(steppe, route.destination, nav)
                is Route.Case -> CaseScreen(steppe, route.id, route.readOnly, nav)
                is Route.OrgCases -> CasesScreen(steppe, route.org, readOnly = true, nav = nav)
                is Route.Request -> RequestScreen(steppe, route.id, nav)
                is Route.Household -> HouseholdScreen(steppe, route.id, nav)
                is Route.Roll -> RollScreen(steppe, route.session, nav)
                is Route.OrgLife -> OrgLifeScreen(steppe, route.meeting, nav)
                is Route.Evaluation -> EvaluationScreen(steppe, route.id, nav)
                Route.Bundles -> BundleScreen(steppe, nav)
                Route.Language -> LanguageScreen()
            }
        }
    }
}

/** What screens may do besides their model's intents: move, and ask for a sync after an edit. */
class Nav(val go: (Route) -> Unit, val back: () -> Unit, val edited: () -> Unit)

@Composable
private fun HomeScreen(steppe: Steppe, nav: Nav) {
    val home = rememberModel("home") { HomeModel(steppe, it) }
    val state by home.state.collectAsStateWithLifecycle()
    Column {
        ErrorLine(state.error) { home.dismissError() }
        if (state.destinations.isEmpty()) Text(stringResource(R.string.home_no_roles))
        LazyColumn {
            items(state.destinations, key = { "${it.screen}:${it.org}" }) { d ->
                ListItem(
                    headlineContent = { Text(stringResource(screenLabel(d.screen))) },
                    supportingContent = { Text(d.orgName) },
                    modifier = Modifier.clickable { nav.go(Route.Open(d)) },
                )
            }
            item(key = "language") {
                ListItem(
                    headlineContent = { Text(stringResource(R.string.screen_language)) },
                    modifier = Modifier.clickable { nav.go(Route.Language) },
                )
            }
        }
    }
}

fun screenLabel(screen: Screen): Int = when (screen) {
    Screen.CASES -> R.string.screen_cases
    Screen.SCHEDULE -> R.string.screen_schedule
    Screen.ARCHIVE -> R.string.screen_archive
    Screen.REQUESTS -> R.string.screen_requests
    Screen.HOUSEHOLDS -> R.string.screen_households
    Screen.MEMBER_SERVICE -> R.string.screen_member_service
    Screen.SCHOOL -> R.string.screen_school
    Screen.BRANCH_LIFE -> R.string.screen_branch_life
    Screen.OVERVIEW -> R.string.screen_overview
}

@Composable
private fun DestinationScreen(steppe: Steppe, d: Destination, nav: Nav) = when (d.screen) {
    Screen.CASES -> CasesScreen(steppe, d.org, readOnly = false, nav = nav)
    Screen.SCHEDULE -> ScheduleScreen(steppe, nav)
    Screen.ARCHIVE -> ArchiveScreen(steppe)
    Screen.REQUESTS -> RequestsScreen(steppe, d.org, nav)
    Screen.HOUSEHOLDS -> HouseholdsScreen(steppe, d.org, nav)
    Screen.MEMBER_SERVICE -> MemberServiceScreen(steppe, d.org, nav)
    Screen.SCHOOL -> SchoolScreen(steppe, d.org, nav)
    Screen.BRANCH_LIFE -> BranchLifeScreen(steppe, d.org, nav)
    Screen.OVERVIEW -> OverviewScreen(steppe, d.org, nav)
}
