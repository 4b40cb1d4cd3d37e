package org.steppe.app

import android.app.Application
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import org.steppe.Steppe
import org.steppe.ffi.Enrollment

/** Holds the one open store for the process; screens and the sync worker share it. */
class SteppeApplication : Application() {
    lateinit var credentials: Credentials
        private set
    private val lock = Mutex()
    private var steppe: Steppe? = null

    override fun onCreate() {
        super.onCreate()
        credentials = Credentials(this)
        if (credentials.load() != null) SyncWorker.schedule(this)
    }

    /** The open store, or null before enrollment. */
    suspend fun steppe(): Steppe? = lock.withLock {
        steppe ?: run {
            val enrollment = credentials.load() ?: return@withLock null
            val server = credentials.serverUrl ?: return@withLock null
            val path = dataDir.resolve("steppe.db").path
            val key = credentials.storeKey()
            // The library keeps its own copy; this one is wiped rather than left to the GC.
            try {
                Steppe.open(path, enrollment, key, server).also { steppe = it }
            } finally {
                key.fill(0)
            }
        }
    }

    suspend fun enroll(serverUrl: String, code: String): Enrollment {
        val enrollment = Steppe.enroll(serverUrl, code, android.os.Build.MODEL)
        credentials.save(serverUrl, enrollment)
        SyncWorker.schedule(this)
        SyncWorker.now(this)
        return enrollment
    }
}
