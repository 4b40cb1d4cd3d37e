//! The store's encryption key as the apps handle it: bytes they keep in the Android Keystore or
//! the iOS Keychain and hand back at every open.

use steppe_core::StoreKey;
use zeroize::Zeroize;

use crate::error::SteppeError;

/// A new random 32-byte store key, for the first launch. Keep it in the platform's key store:
/// without it the store cannot be read again.
#[uniffi::export]
pub fn generate_store_key() -> Result<Vec<u8>, SteppeError> {
    Ok(StoreKey::generate()?.bytes().to_vec())
}

/// The key the app passed, as a `StoreKey`; the copy uniffi made of it is wiped.
pub(crate) fn store_key(mut bytes: Vec<u8>) -> Result<StoreKey, SteppeError> {
    let key = StoreKey::from_bytes(&bytes);
    bytes.zeroize();
    Ok(key?)
}
