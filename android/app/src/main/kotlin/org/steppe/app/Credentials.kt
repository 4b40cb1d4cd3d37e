package org.steppe.app

import android.content.Context
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.util.Base64
import java.security.KeyStore
import java.security.UnrecoverableKeyException
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec
import org.steppe.ffi.Enrollment
import org.steppe.screens.CredentialStore

/**
 * The secrets this device holds can no longer be read: the Keystore key that wrapped them is gone
 * (the app's data was restored or moved to another phone, or the key was invalidated) or a wrapped
 * value does not decrypt. Nothing can bring them back; the app [Credentials.wipe]s, deletes the
 * store file, and enrolls again.
 */
class KeyLost(message: String, cause: Throwable? = null) : Exception(message, cause)

/**
 * The device's enrollment and the key its store is encrypted under.
 *
 * An AES-256-GCM key generated inside the Android Keystore wraps the two secrets, the store key
 * and the sync token; only their wrapped form (IV and ciphertext) reaches ordinary preferences.
 * The rest of the enrollment (names, ids, the actor, the server's address) is not secret and is
 * stored as it is. See docs/ANDROID-BUILD.md, "Key storage".
 */
class Credentials(context: Context) : CredentialStore {
    private val prefs = context.getSharedPreferences(FILE, Context.MODE_PRIVATE)

    val serverUrl: String? get() = prefs.getString(SERVER, null)

    override fun serverUrl(): String? = serverUrl

    /** The saved enrollment, or null before enrollment and after its secrets became unreadable. */
    @Synchronized
    override fun load(): Enrollment? {
        val wrappedToken = prefs.getString(TOKEN, null) ?: return null
        val token = try {
            String(unwrap(TOKEN, wrappedToken), Charsets.UTF_8)
        } catch (e: KeyLost) {
            return null
        }
        return Enrollment(
            userId = prefs.getString(USER_ID, null) ?: return null,
            userName = prefs.getString(USER_NAME, null) ?: return null,
            deviceId = prefs.getString(DEVICE_ID, null) ?: return null,
            deviceName = prefs.getString(DEVICE_NAME, null) ?: return null,
            actor = Base64.decode(prefs.getString(ACTOR, null) ?: return null, Base64.NO_WRAP),
            token = token,
        )
    }

    /**
     * Written with `commit()`: the server shows the token only once, so it must be on disk
     * before enrollment counts as done.
     */
    @Synchronized
    override fun save(serverUrl: String, enrollment: Enrollment) {
        val e = enrollment
        val existing = wrapKeyOrNull()
        val key = existing ?: newWrapKey()
        val edit = prefs.edit()
        // Whatever was wrapped under a key that no longer exists is unreadable for good; dropping
        // it lets storeKey() start a fresh store key instead of failing on the dead one.
        if (existing == null) edit.clear()
        edit.putString(SERVER, serverUrl)
            .putString(USER_ID, e.userId)
            .putString(USER_NAME, e.userName)
            .putString(DEVICE_ID, e.deviceId)
            .putString(DEVICE_NAME, e.deviceName)
            .putString(ACTOR, Base64.encodeToString(e.actor, Base64.NO_WRAP))
            .putString(TOKEN, wrap(key, TOKEN, e.token.toByteArray(Charsets.UTF_8)))
        check(edit.commit()) { "could not save the enrollment" }
    }

    /**
     * The store's encryption key, made on first use. Written with `commit()`: a store must never
     * be created under a key that did not reach the disk.
     *
     * @throws KeyLost when a store key was saved but can no longer be unwrapped.
     */
    @Synchronized
    override fun storeKey(): ByteArray {
        prefs.getString(STORE_KEY, null)?.let { return unwrap(STORE_KEY, it) }
        val key = org.steppe.Steppe.newStoreKey()
        val wrapped = wrap(wrapKeyOrNull() ?: newWrapKey(), STORE_KEY, key)
        check(prefs.edit().putString(STORE_KEY, wrapped).commit()) {
            "could not save the store key"
        }
        return key
    }

    /**
     * Forgets this device's enrollment, its store key and the Keystore key that wrapped them, so a
     * later enrollment makes a brand-new store under a brand-new key. Used once the server has
     * revoked the device, or after [KeyLost]. The store file itself is the caller's to delete.
     */
    @Synchronized
    override fun wipe() {
        // The Keystore key goes first: once it is gone every wrapped copy is unreadable, including
        // one a failed preferences write leaves behind or one copied off the phone earlier.
        val keyStore = keyStore()
        if (keyStore.containsAlias(KEY_ALIAS)) keyStore.deleteEntry(KEY_ALIAS)
        check(prefs.edit().clear().commit()) { "could not wipe the credentials" }
    }

    private fun wrap(key: SecretKey, name: String, plain: ByteArray): String {
        val cipher = Cipher.getInstance(TRANSFORMATION)
        // No IV of ours: the Keystore insists on choosing a fresh random one for every encryption.
        cipher.init(Cipher.ENCRYPT_MODE, key)
        // The entry's name as associated data, so one wrapped value cannot be passed off as another
        // (the token's ciphertext moved into the store key's place fails to decrypt).
        cipher.updateAAD(name.toByteArray(Charsets.UTF_8))
        val sealed = cipher.doFinal(plain)
        return Base64.encodeToString(cipher.iv, Base64.NO_WRAP) + SEPARATOR +
            Base64.encodeToString(sealed, Base64.NO_WRAP)
    }

    /**
     * Only evidence that the value can never be read again becomes [KeyLost]: the app answers it by
     * wiping, and a transient Keystore failure taken for a loss would throw away edits not yet
     * synced. Any other error propagates as it is.
     */
    private fun unwrap(name: String, wrapped: String): ByteArray {
        val key = wrapKeyOrNull() ?: throw KeyLost("the Keystore key that wrapped $name is gone")
        val parts = wrapped.split(SEPARATOR)
        if (parts.size != 2) throw KeyLost("$name is not a wrapped value")
        val (iv, sealed) = try {
            Base64.decode(parts[0], Base64.NO_WRAP) to Base64.decode(parts[1], Base64.NO_WRAP)
        } catch (e: IllegalArgumentException) {
            throw KeyLost("$name is not a wrapped value", e)
        }
        return try {
            val cipher = Cipher.getInstance(TRANSFORMATION)
            cipher.init(Cipher.DECRYPT_MODE, key, GCMParameterSpec(TAG_BITS, iv))
            cipher.updateAAD(name.toByteArray(Charsets.UTF_8))
            cipher.doFinal(sealed)
        } catch (e: AEADBadTagException) {
            throw KeyLost("$name was not wrapped by the current Keystore key", e)
        } catch (e: KeyPermanentlyInvalidatedException) {
            throw KeyLost("the Keystore key that wrapped $name was invalidated", e)
        }
    }

    private fun keyStore(): KeyStore = KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }

    /** The wrapping key, or null when the Keystore has none that this app can use. */
    private fun wrapKeyOrNull(): SecretKey? = try {
        keyStore().getKey(KEY_ALIAS, null) as SecretKey?
    } catch (e: UnrecoverableKeyException) {
        null
    }

    private fun newWrapKey(): SecretKey {
        // Made inside the Keystore and never exportable (Keystore keys have no encoded form), so
        // the wrapped values in preferences are useless anywhere but on this phone.
        //
        // Deliberately without setUnlockedDeviceRequired or setUserAuthenticationRequired: sync
        // runs from WorkManager while the phone sits locked in a pocket for days, and the store
        // must open then too; a key that needs an unlocked screen would fail every background sync.
        val spec = KeyGenParameterSpec.Builder(
            KEY_ALIAS,
            KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT,
        )
            .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
            .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
            .setKeySize(256)
            .build()
        return KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, ANDROID_KEYSTORE)
            .apply { init(spec) }
            .generateKey()
    }

    private companion object {
        // A new file, not the Jetpack-encrypted "steppe-credentials" of earlier builds, whose
        // entries this code cannot read (docs/ANDROID-BUILD.md, "Key storage").
        const val FILE = "steppe-credentials-v2"
        const val ANDROID_KEYSTORE = "AndroidKeyStore"
        const val KEY_ALIAS = "steppe-credentials-wrap"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val TAG_BITS = 128
        const val SEPARATOR = ":"

        const val SERVER = "server"
        const val USER_ID = "user_id"
        const val USER_NAME = "user_name"
        const val DEVICE_ID = "device_id"
        const val DEVICE_NAME = "device_name"
        const val ACTOR = "actor"
        const val TOKEN = "token.wrapped"
        const val STORE_KEY = "store_key.wrapped"
    }
}
