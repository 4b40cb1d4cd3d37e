package org.steppe.app

import android.content.Context
import androidx.security.crypto.EncryptedSharedPreferences
import androidx.security.crypto.MasterKey
import org.steppe.ffi.Enrollment

/**
 * The device's enrollment and the key its store is encrypted under, kept in preferences encrypted
 * with a key held by the Android Keystore.
 */
class Credentials(context: Context) {
    private val prefs = EncryptedSharedPreferences.create(
        context,
        "steppe-credentials",
        MasterKey.Builder(context).setKeyScheme(MasterKey.KeyScheme.AES256_GCM).build(),
        EncryptedSharedPreferences.PrefKeyEncryptionScheme.AES256_SIV,
        EncryptedSharedPreferences.PrefValueEncryptionScheme.AES256_GCM,
    )

    val serverUrl: String? get() = prefs.getString("server", null)

    fun load(): Enrollment? {
        val token = prefs.getString("token", null) ?: return null
        return Enrollment(
            userId = prefs.getString("user_id", "")!!,
            userName = prefs.getString("user_name", "")!!,
            deviceId = prefs.getString("device_id", "")!!,
            deviceName = prefs.getString("device_name", "")!!,
            actor = android.util.Base64.decode(prefs.getString("actor", ""), android.util.Base64.NO_WRAP),
            token = token,
        )
    }

    fun save(serverUrl: String, e: Enrollment) {
        prefs.edit()
            .putString("server", serverUrl)
            .putString("user_id", e.userId)
            .putString("user_name", e.userName)
            .putString("device_id", e.deviceId)
            .putString("device_name", e.deviceName)
            .putString("actor", android.util.Base64.encodeToString(e.actor, android.util.Base64.NO_WRAP))
            .putString("token", e.token)
            .apply()
    }

    /**
     * The store's encryption key, made on first use. Written with `commit()`: a store must never
     * be created under a key that did not reach the disk.
     */
    @Synchronized
    fun storeKey(): ByteArray {
        prefs.getString("store_key", null)?.let {
            return android.util.Base64.decode(it, android.util.Base64.NO_WRAP)
        }
        val key = org.steppe.Steppe.newStoreKey()
        check(prefs.edit().putString("store_key", android.util.Base64.encodeToString(key, android.util.Base64.NO_WRAP)).commit()) {
            "could not save the store key"
        }
        return key
    }

    fun clear() = prefs.edit().clear().apply()
}
