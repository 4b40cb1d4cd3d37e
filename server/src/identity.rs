//! Offline identity on the server (ADR 0011): the server's signing key, the certificates it
//! issues devices, and the devices' registered public keys. The key is made on first use and
//! kept in `meta`, so instances sharing one PostgreSQL database sign as one server and phones
//! need to learn only one key.

use std::sync::Arc;

use steppe_domain::Id;
use steppe_protocol::sealing::BoxSecret;
use steppe_protocol::signing::{
    CERTIFICATE_VERSION, Certificate, CertificateResponse, KeyError, PUBLIC_KEY_LEN, Revocations,
    SecretKey, SignedCertificate, SignedRevocations,
};
use tokio::sync::OnceCell;

use crate::storage::{DeviceRecord, Storage, StorageError};
use crate::tree::{self, Tree};

const SIGNING_KEY_META: &str = "signing_key";
const BOX_KEY_META: &str = "box_key";

/// How long a certificate holds without renewal. Every online sync renews it, so only a device
/// that stopped syncing — revoked, lost, or weeks without signal — ever reaches the end.
pub const CERTIFICATE_DAYS: i64 = 30;
/// How long past the end of the last certificate it could hold a revoked device stays in the
/// revocation list.
pub const REVOCATION_GRACE_DAYS: i64 = 30;

/// The server's signing key and its box key (for sealed forwards), each read (or made) once per
/// process.
#[derive(Debug, Default)]
pub struct ServerKey {
    signing: OnceCell<Arc<SecretKey>>,
    sealing: OnceCell<Arc<BoxSecret>>,
}

#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    #[error("a public key must be {PUBLIC_KEY_LEN} bytes")]
    MalformedKey,
    /// The device presented a key other than the one it registered first.
    #[error("the device already has another key")]
    KeyMismatch,
    #[error("the server's signing key in the database is malformed")]
    BadServerKey,
    #[error("the random source failed")]
    Random,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl ServerKey {
    pub async fn get(&self, storage: &dyn Storage) -> Result<Arc<SecretKey>, IdentityError> {
        self.signing
            .get_or_try_init(|| {
                stored(
                    storage,
                    SIGNING_KEY_META,
                    || SecretKey::generate().map(|k| k.secret()),
                    SecretKey::from_secret,
                )
            })
            .await
            .cloned()
    }

    /// The key sealed forwards are boxed to.
    pub async fn sealing(&self, storage: &dyn Storage) -> Result<Arc<BoxSecret>, IdentityError> {
        self.sealing
            .get_or_try_init(|| {
                stored(
                    storage,
                    BOX_KEY_META,
                    || BoxSecret::generate().map(|k| k.secret()),
                    BoxSecret::from_secret,
                )
            })
            .await
            .cloned()
    }
}

/// The key kept in `meta` under `name`: made by `fresh` the first time (`init_meta` keeps the
/// first value written, so instances sharing a database agree), read by `read`.
async fn stored<K>(
    storage: &dyn Storage,
    name: &str,
    fresh: impl FnOnce() -> Result<zeroize::Zeroizing<[u8; 32]>, KeyError>,
    read: impl FnOnce(&[u8]) -> Result<K, KeyError>,
) -> Result<Arc<K>, IdentityError> {
    let fresh = fresh().map_err(|_| IdentityError::Random)?;
    let stored = storage
        .init_meta(name, &hex::encode(fresh.as_ref()))
        .await?;
    let secret =
        zeroize::Zeroizing::new(hex::decode(stored).map_err(|_| IdentityError::BadServerKey)?);
    read(&secret)
        .map(Arc::new)
        .map_err(|_| IdentityError::BadServerKey)
}

/// The server's signed list of revoked devices, as of `now_ms`.
pub async fn revocations(
    storage: &dyn Storage,
    server: &SecretKey,
    now_ms: i64,
) -> Result<SignedRevocations, IdentityError> {
    // A revoked device is never certified again, so every certificate it holds was issued
    // before its revocation and runs out within CERTIFICATE_DAYS of it. It is listed that long,
    // and REVOCATION_GRACE_DAYS more for phones whose clocks run behind; afterwards its
    // certificate's expiry refuses it on its own, and the list every sync and exchange carries
    // holds only recent revocations.
    let after = now_ms - (CERTIFICATE_DAYS + REVOCATION_GRACE_DAYS) * 86_400_000;
    let list = Revocations {
        issued_at: now_ms,
        devices: storage.revoked_devices(after).await?,
    };
    Ok(SignedRevocations::issue(server, &list))
}

/// A fresh certificate for `device`, which presents `public_key`: its first key is registered,
/// any other refused. It states what the device's user may read and where they hold roles now.
pub async fn certify(
    storage: &dyn Storage,
    server: &SecretKey,
    sealing: &BoxSecret,
    device: &DeviceRecord,
    public_key: &[u8],
    now_ms: i64,
) -> Result<CertificateResponse, IdentityError> {
    if public_key.len() != PUBLIC_KEY_LEN {
        return Err(IdentityError::MalformedKey);
    }
    let registered = storage.register_device_key(&device.id, public_key).await?;
    if registered != public_key {
        return Err(IdentityError::KeyMismatch);
    }
    let grants = tree::grants(storage.grants(&device.user_id).await?);
    let scope = Tree::load(storage).await?.scope(&grants);
    let ids = |orgs: &mut dyn Iterator<Item = &String>| -> Vec<[u8; 16]> {
        orgs.filter_map(|o| Id::parse(o).ok())
            .map(|id| *id.as_bytes())
            .collect()
    };
    let user_name = storage
        .user(&device.user_id)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    let cert = Certificate {
        version: CERTIFICATE_VERSION,
        device_id: device.id.clone(),
        user_id: device.user_id.clone(),
        user_name,
        device_name: device.name.clone(),
        actor: device.actor.clone(),
        public_key: public_key.to_vec(),
        readable: ids(&mut scope.readable.iter()),
        grants: grants
            .iter()
            .filter_map(|g| {
                Id::parse(&g.org)
                    .ok()
                    .map(|o| (*o.as_bytes(), g.role.code().to_string()))
            })
            .collect(),
        box_key: sealing.public().to_vec(),
        issued_at: now_ms,
        expires_at: now_ms + CERTIFICATE_DAYS * 86_400_000,
    };
    Ok(CertificateResponse {
        server_key: server.public().to_vec(),
        certificate: SignedCertificate::issue(server, &cert),
        revocations: revocations(storage, server, now_ms).await?,
    })
}
