package org.steppe.screens

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch
import org.steppe.Steppe
import org.steppe.ffi.Enrollment
import org.steppe.ffi.SteppeException

/**
 * Where the app keeps its enrollment and store key (Android: wrapped by a Keystore key; tests:
 * memory). [wipe] forgets both, so the next enrollment makes a new key for a new store.
 */
interface CredentialStore {
    fun serverUrl(): String?
    fun load(): Enrollment?
    fun save(serverUrl: String, enrollment: Enrollment)
    /** The store's key, made and saved on first use. */
    fun storeKey(): ByteArray
    fun wipe()
}

sealed interface SessionState {
    /** Not enrolled: the enrollment screen. [reason] says why when the app was signed out. */
    data class SignedOut(val reason: UiError? = null) : SessionState
    data object Working : SessionState
    data class Ready(val steppe: Steppe) : SessionState
}

/**
 * The app's lifetime with one enrollment: opening the store, enrolling, and — when the server
 * revoked the device or the store's key is lost — wiping store, key and enrollment so that a
 * new enrollment starts clean instead of failing on the old store.
 */
class SessionModel(
    private val credentials: CredentialStore,
    private val storePath: String,
    private val scope: CoroutineScope,
    private val opener: suspend (path: String, Enrollment, ByteArray, String) -> Steppe =
        { path, e, key, url -> Steppe.open(path, e, key, url) },
    private val enroller: suspend (url: String, code: String, device: String) -> Enrollment =
        { url, code, device -> Steppe.enroll(url, code, device) },
) {
    private val mutable = kotlinx.coroutines.flow.MutableStateFlow<SessionState>(SessionState.Working)
    val state: kotlinx.coroutines.flow.StateFlow<SessionState> = mutable

    /** Opens the saved enrollment's store, if any. */
    fun start(): Job = scope.launch {
        val enrollment = credentials.load()
        val url = credentials.serverUrl()
        if (enrollment == null || url == null) {
            mutable.value = SessionState.SignedOut()
            return@launch
        }
        mutable.value = try {
            SessionState.Ready(opener(storePath, enrollment, credentials.storeKey(), url))
        } catch (e: SteppeException.WrongKey) {
            // The key is gone (restored to another phone, Keystore reset): the store is unreadable.
            wipe()
            SessionState.SignedOut(e.toUiError())
        } catch (e: Exception) {
            SessionState.SignedOut(e.toUiError())
        }
    }

    fun enroll(serverUrl: String, code: String, deviceName: String): Job = scope.launch {
        mutable.value = SessionState.Working
        mutable.value = try {
            val enrollment = enroller(serverUrl, code.trim(), deviceName)
            // A store left by an earlier enrollment belongs to another device identity.
            Steppe.wipe(storePath)
            credentials.wipe()
            credentials.save(serverUrl, enrollment)
            SessionState.Ready(opener(storePath, enrollment, credentials.storeKey(), serverUrl))
        } catch (e: Exception) {
            SessionState.SignedOut(e.toUiError())
        }
    }

    /** After the server said this device is revoked: close, wipe everything, sign out. */
    fun revoked(): Job = scope.launch {
        wipe()
        mutable.value = SessionState.SignedOut(UiError(ErrorCode.REVOKED))
    }

    private suspend fun wipe() {
        (mutable.value as? SessionState.Ready)?.steppe?.close()
        Steppe.wipe(storePath)
        credentials.wipe()
    }
}
