//! The store's encryption key as the apps handle it: bytes they keep in the Android Keystore or
//! the iOS Keychain and hand back at every open.

use steppe_core::StoreKey;

use crate::error::SteppeError;

/// A new random 32-byte store key, for the first launch. Keep it in the platform's key store:
/// without it the store cannot be read again.
#[uniffi::export]
pub fn generate_store_key() -> Result<Vec<u8>, SteppeError> {
    Ok(StoreKey::generate()?.bytes().to_vec())
}

pub(crate) fn store_key(bytes: &[u8]) -> Result<StoreKey, SteppeError> {
    Ok(StoreKey::from_bytes(bytes)?)
}
