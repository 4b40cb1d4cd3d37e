package org.steppe.app

import android.content.Context
import androidx.work.BackoffPolicy
import androidx.work.Constraints
import androidx.work.CoroutineWorker
import androidx.work.ExistingPeriodicWorkPolicy
import androidx.work.ExistingWorkPolicy
import androidx.work.NetworkType
import androidx.work.OneTimeWorkRequestBuilder
import androidx.work.PeriodicWorkRequestBuilder
import androidx.work.WorkManager
import androidx.work.WorkerParameters
import java.util.concurrent.TimeUnit
import org.steppe.ffi.SteppeException

/**
 * Background sync: whenever the phone finds a network (WorkManager waits for one), and every
 * hour while it has one. The Rust core retries within a run; WorkManager backs off between runs.
 */
class SyncWorker(context: Context, params: WorkerParameters) : CoroutineWorker(context, params) {
    override suspend fun doWork(): Result {
        val app = applicationContext as SteppeApplication
        val steppe = app.steppe() ?: return Result.success()
        return try {
            steppe.sync()
            Result.success()
        } catch (e: SteppeException.Offline) {
            Result.retry()
        } catch (e: SteppeException.Revoked) {
            // The session closes the store, deletes it (Steppe.wipe) and calls credentials.wipe(),
            // in that order, and signs the screens out with the reason; a revoked device keeps
            // nothing, so there is nothing left to sync: SignedOut makes the application stop
            // the periodic work.
            app.session.revoked().join()
            Result.failure()
        } catch (e: SteppeException.Unauthorized) {
            Result.failure()
        }
    }

    companion object {
        private const val PERIODIC = "steppe-sync"
        private const val ONCE = "steppe-sync-now"
        private val online = Constraints.Builder().setRequiredNetworkType(NetworkType.CONNECTED).build()

        fun schedule(context: Context) {
            val periodic = PeriodicWorkRequestBuilder<SyncWorker>(1, TimeUnit.HOURS)
                .setConstraints(online)
                .setBackoffCriteria(BackoffPolicy.EXPONENTIAL, 1, TimeUnit.MINUTES)
                .build()
            WorkManager.getInstance(context)
                .enqueueUniquePeriodicWork(PERIODIC, ExistingPeriodicWorkPolicy.KEEP, periodic)
        }

        /** After a local edit: sync as soon as there is signal. */
        fun now(context: Context) {
            val once = OneTimeWorkRequestBuilder<SyncWorker>()
                .setConstraints(online)
                .setBackoffCriteria(BackoffPolicy.EXPONENTIAL, 30, TimeUnit.SECONDS)
                .build()
            WorkManager.getInstance(context).enqueueUniqueWork(ONCE, ExistingWorkPolicy.REPLACE, once)
        }

        /** Signed out: no store to sync until the next enrollment schedules it again. */
        fun stop(context: Context) {
            val wm = WorkManager.getInstance(context)
            wm.cancelUniqueWork(PERIODIC)
            wm.cancelUniqueWork(ONCE)
        }
    }
}
