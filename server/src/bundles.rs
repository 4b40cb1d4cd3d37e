//! Bundle files at the server (ADR 0011). A phone's bundle, hand-carried from where there is no
//! signal, is imported exactly as that phone's sync would have been — decided by `ingest` with
//! the author device's user and actor, its refusals noted for the author's supervisors — once
//! the file is proven to be that device's: the whole file and every change signed by the key the
//! device registered. The server's bundle holds what the members of one organisation may read,
//! signed with the server's key, for phones that cannot sync.

use steppe_domain::Id;
use steppe_domain::authz::{Grant, OrgTree, Role};
use steppe_protocol::bundle::{
    BundleBody, BundleError, ServerBundle, bundle_limits, read_bundle, write_bundle,
};
use steppe_protocol::signing::{self, Purpose, SecretKey};
use steppe_protocol::{MAX_PAGE_BYTES, chunk};

use crate::exchange::{self, MAX_PAGE_CHANGES};
use crate::storage::{Storage, StorageError};
use crate::tree::Tree;
use crate::{ingest, refusals};

/// What importing a device's bundle did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub device_id: String,
    pub user_id: String,
    /// Changes new to the server and accepted.
    pub applied: u64,
    /// Changes the server already held (the bundle imported before, or the phone synced since).
    pub already: u64,
    /// Changes refused, as a sync would have refused them.
    pub rejected: u64,
}

/// Why a bundle was refused whole: nothing of it is stored.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Bundle(#[from] BundleError),
    #[error("this is the server's bundle, for phones, not a phone's")]
    NotADeviceBundle,
    #[error("the bundle names a device this server never enrolled")]
    UnknownDevice,
    #[error("the bundle's device or its user is revoked")]
    Revoked,
    #[error("the bundle's device has not registered a signing key with this server")]
    NoKey,
    #[error("a change in the bundle cannot be read")]
    MalformedChange,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Imports a phone's bundle file as that phone's upload.
pub async fn import(
    storage: &dyn Storage,
    bytes: &[u8],
    now: i64,
) -> Result<Imported, ImportError> {
    // Inflating and parsing take a core for a while: off the async workers.
    let owned = bytes.to_vec();
    let opened = tokio::task::spawn_blocking(move || read_bundle(&owned))
        .await
        .map_err(|e| StorageError::Task(e.to_string()))??;
    let BundleBody::Device(claimed) = &opened.body else {
        return Err(ImportError::NotADeviceBundle);
    };
    let device = storage
        .device(&claimed.device_id)
        .await?
        .ok_or(ImportError::UnknownDevice)?;
    let user = storage.user(&device.user_id).await?;
    if device.revoked || user.is_none_or(|u| u.revoked) {
        return Err(ImportError::Revoked);
    }
    let key = storage
        .device_key(&device.id)
        .await?
        .ok_or(ImportError::NoKey)?;
    let (bundle, hashes) = tokio::task::spawn_blocking(move || checked(opened, &key))
        .await
        .map_err(|e| StorageError::Task(e.to_string()))??;
    let already = storage.known(hashes).await?.len() as u64;
    let outcome = ingest::accept(storage, &device.user_id, &device.actor, &bundle.changes).await?;
    if !outcome.rejected.is_empty()
        && let Err(e) =
            refusals::record(storage, &device, &bundle.changes, &outcome.rejected, now).await
    {
        tracing::warn!(device = %device.id, error = %e, "refused changes of a bundle not noted");
    }
    tracing::info!(
        device = %device.id,
        applied = outcome.applied,
        already,
        rejected = outcome.rejected.len(),
        "bundle imported"
    );
    Ok(Imported {
        device_id: device.id,
        user_id: device.user_id,
        applied: outcome.applied,
        already,
        rejected: outcome.rejected.len() as u64,
    })
}

/// The bundle's body, if `key` signed the file and every change it carries a signature for;
/// with each change's hash, and every document named (a bundle made for a peer leaves a new
/// record's id to its first change's envelope; ingest decides about named documents only).
fn checked(
    opened: steppe_protocol::bundle::UncheckedBundle,
    key: &[u8],
) -> Result<(steppe_protocol::bundle::DeviceBundle, Vec<[u8; 32]>), ImportError> {
    let BundleBody::Device(mut bundle) = opened.verified_by(key)? else {
        return Err(ImportError::NotADeviceBundle);
    };
    let mut hashes = Vec::new();
    let mut signatures = bundle.signatures.iter();
    for group in &mut bundle.changes {
        let mut parsed = Vec::with_capacity(group.changes.len());
        for change in &group.changes {
            let change = steppe_domain::doc::parse_untrusted(chunk::expand(change))
                .map_err(|_| ImportError::MalformedChange)?;
            let hash = change.hash().0;
            if let Some(signature) = signatures.next()
                && !signing::verify(key, Purpose::Change, &hash, signature)
            {
                return Err(BundleError::BadChangeSignature.into());
            }
            hashes.push(hash);
            parsed.push(change);
        }
        if group.doc.is_none() {
            let id = steppe_domain::doc::id_of_first_change(&parsed)
                .ok_or(ImportError::MalformedChange)?;
            group.doc = Some(*id.as_bytes());
        }
    }
    Ok((bundle, hashes))
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("no such organisation")]
    UnknownOrg,
    #[error("more than one bundle can hold: export for a smaller unit")]
    TooLarge,
    #[error(transparent)]
    Bundle(#[from] BundleError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// The server's bundle of everything a member of `org` may read, signed with `key`; and how
/// many changes it holds.
pub async fn export_for_members(
    storage: &dyn Storage,
    key: &SecretKey,
    org: &str,
    now: i64,
) -> Result<(Vec<u8>, usize), ExportError> {
    let id = Id::parse(org).map_err(|_| ExportError::UnknownOrg)?;
    let tree = Tree::load(storage).await?;
    if tree.kind_of(org).is_none() {
        return Err(ExportError::UnknownOrg);
    }
    let member = [Grant {
        org: org.to_string(),
        role: Role::Member,
    }];
    let scope = tree.scope(&member);
    let limits = bundle_limits();
    let (mut all, mut cursor, mut bytes) = (Vec::new(), 0, 0usize);
    loop {
        let page = storage
            .page(
                cursor,
                &scope,
                &[],
                MAX_PAGE_BYTES as usize,
                MAX_PAGE_CHANGES,
            )
            .await?;
        bytes += page.changes.iter().map(|c| c.bytes.len()).sum::<usize>();
        all.extend(page.changes);
        if all.len() > limits.max_changes || bytes > limits.max_body {
            return Err(ExportError::TooLarge);
        }
        cursor = page.cursor;
        if !page.more {
            break;
        }
    }
    let count = all.len();
    let (changes, actors) = exchange::package(storage, all).await?;
    let body = BundleBody::Server(ServerBundle {
        org: *id.as_bytes(),
        created_at: now,
        changes,
        actors,
    });
    Ok((write_bundle(&body, key)?, count))
}

/// Opens an item a relay carried (sealed to `sealing`, or a bundle its author let it read) and
/// imports the bundle as its author's; what became of it, for the relay.
pub async fn import_forwarded(
    storage: &dyn Storage,
    sealing: &steppe_protocol::sealing::BoxSecret,
    sealed: &[u8],
    now: i64,
) -> steppe_protocol::peer::Forwarded {
    use steppe_protocol::peer::Forwarded;
    // A bundle the relay was allowed to read travels as it is; anything else is sealed.
    let bundle = if sealed.starts_with(steppe_protocol::bundle::MAGIC) {
        sealed.to_vec()
    } else {
        match sealing.open(sealed) {
            Ok(b) => b,
            Err(_) => return Forwarded::Refused("not sealed to this server, or damaged".into()),
        }
    };
    match import(storage, &bundle, now).await {
        Ok(done) => Forwarded::Imported {
            applied: done.applied,
            already: done.already,
            refused: done.rejected,
        },
        // The server could not decide now: the relay keeps the item for its next sync. (An
        // item that broke the work reading it is refused, not kept to break it again.)
        Err(ImportError::Storage(e)) if !matches!(e, StorageError::Task(_)) => {
            tracing::warn!(error = %e, "a forwarded item waits: storage unavailable");
            Forwarded::Retry
        }
        Err(e) => Forwarded::Refused(e.to_string()),
    }
}
