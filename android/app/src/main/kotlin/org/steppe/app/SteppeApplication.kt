package org.steppe.app

import android.app.Application
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import org.steppe.Steppe
import org.steppe.screens.SessionModel
import org.steppe.screens.SessionState

/**
 * Holds the one session for the process, so the screens and the sync worker share one open store
 * and a revocation seen by either signs both out.
 */
class SteppeApplication : Application() {
    lateinit var credentials: Credentials
        private set
    lateinit var session: SessionModel
        private set

    // Outlives every screen: opening, enrolling and wiping must finish even if the user leaves.
    // Default, not Main: the Keystore calls in Credentials are slow enough to drop frames.
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    val storePath: String get() = dataDir.resolve("steppe.db").path

    override fun onCreate() {
        super.onCreate()
        credentials = Credentials(this)
        session = SessionModel(credentials, storePath, scope)
        session.start()
        scope.launch {
            session.state.collect { state ->
                when (state) {
                    is SessionState.Ready -> SyncWorker.schedule(this@SteppeApplication)
                    is SessionState.SignedOut -> SyncWorker.stop(this@SteppeApplication)
                    SessionState.Working -> Unit
                }
            }
        }
    }

    /** The open store once the session settled, or null when signed out. */
    suspend fun steppe(): Steppe? =
        (session.state.first { it !is SessionState.Working } as? SessionState.Ready)?.steppe
}
