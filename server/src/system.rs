//! The server's own identity: one automerge actor per database, bound to a user "系统" and a
//! device that can never sync, so what the server writes itself — the operator's roster imports
//! (`admin`), notices of refused uploads (`refusals`) — shows in every history under that name.

use rand_core::{OsRng, RngCore};

use steppe_protocol::ActorEntry;

use crate::storage::{DeviceRecord, Storage, StorageError};

/// The server's user and device ids.
pub const USER: &str = "system";
pub const DEVICE: &str = "system";
pub const NAME: &str = "系统";
/// The device row's token hash: no token verifies against it.
const NO_TOKEN: &str = "system:no-token";

/// How the server's actor is named in every history.
pub fn entry(actor: Vec<u8>) -> ActorEntry {
    ActorEntry {
        actor,
        user_id: USER.into(),
        user_name: NAME.into(),
        device_id: DEVICE.into(),
        device_name: NAME.into(),
    }
}

/// The server's actor, created on first use with the user and device rows that name it.
pub async fn actor(storage: &dyn Storage) -> Result<Vec<u8>, StorageError> {
    if let Some(d) = storage.device(DEVICE).await? {
        return Ok(d.actor);
    }
    let mut fresh = [0u8; 16];
    OsRng.fill_bytes(&mut fresh);
    // Databases from before the device row keep the actor their records were written with.
    let actor = hex::decode(
        storage
            .init_meta("server_actor", &hex::encode(fresh))
            .await?,
    )
    .map_err(|e| StorageError::Inconsistent(format!("server actor: {e}")))?;
    storage.put_user(USER, NAME).await?;
    let device = DeviceRecord {
        id: DEVICE.into(),
        user_id: USER.into(),
        name: NAME.into(),
        actor,
        token_hash: NO_TOKEN.into(),
        revoked: false,
    };
    if let Err(e) = storage.put_device(&device).await {
        // Another server instance wrote it first: its row stands.
        return match storage.device(DEVICE).await? {
            Some(d) => Ok(d.actor),
            None => Err(e),
        };
    }
    Ok(device.actor)
}
