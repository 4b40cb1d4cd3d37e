//! This device's offline identity and its bundle files (ADR 0011). The device's signing key is
//! made on first use and kept in the store — which on a phone is SQLCipher under the key the
//! Keystore or Keychain holds, so the signing key is sealed with it. The server's key is learned
//! with the first certificate, over the device's authenticated sync, and pinned: a certificate or
//! a bundle signed by any other key is not believed.

use rusqlite::{Connection, OptionalExtension, params};
use serde_bytes::ByteBuf;
use steppe_domain::Id;
use steppe_protocol::bundle::{BundleBody, DeviceBundle, read_bundle, write_bundle};
use steppe_protocol::signing::{
    Certificate, CertificateRequest, CertificateResponse, Purpose, Revocations, SecretKey,
    SignedCertificate, SignedRevocations,
};

use crate::error::{CoreError, Result};
use crate::replication::apply_in;
use crate::steppe::Steppe;
use crate::sync::{SyncReport, actor_info, parse_groups, unsent};
use crate::wire::{SyncError, status_error};

const SIGNING_KEY: &str = "signing_key";
const SERVER_KEY: &str = "server_key";
const CERTIFICATE: &str = "certificate";
const BOX_KEY: &str = "box_key";
const REVOCATIONS: &str = "revocations";

/// Most changes one bundle of this device carries; a longer outbox takes several bundles.
const BUNDLE_CHANGES: usize = 100_000;
const BUNDLE_BYTES: usize = 32 << 20;

/// A bundle file this device wrote, and how many changes it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenBundle {
    pub bytes: Vec<u8>,
    pub changes: u64,
    /// A hash over the changes' hashes: the same for two files of the same changes.
    pub content: [u8; 32],
}

/// Who a bundle is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BundleFor {
    /// A file anyone may carry and take apart: each change signed, each document named.
    Anyone,
    /// One peer, over a slow link: the file's signature vouches for every change, and a
    /// document's id is left for its first change's envelope to say, as a first sync does —
    /// 80 incompressible bytes a record saved.
    Peer,
}

/// `group` without its document's id when it holds the document's first change.
fn unnamed(mut group: steppe_protocol::DocChanges) -> Result<steppe_protocol::DocChanges> {
    let first = group.changes.iter().any(|c| {
        steppe_domain::doc::parse_untrusted(steppe_protocol::chunk::expand(c))
            .is_ok_and(|ch| ch.deps().is_empty())
    });
    if first {
        group.doc = None;
    }
    Ok(group)
}

fn meta(c: &Connection, key: &str) -> Result<Option<String>> {
    Ok(c.prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

fn set_meta(c: &Connection, key: &str, value: &str) -> Result<()> {
    c.prepare_cached("INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value")?
        .execute(params![key, value])?;
    Ok(())
}

fn corrupt(detail: &str) -> CoreError {
    CoreError::Corrupt {
        id: "meta".into(),
        detail: detail.into(),
    }
}

/// The bytes kept hex-encoded in `meta` under `key`, if any.
fn meta_bytes(c: &Connection, key: &str) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>> {
    meta(c, key)?
        .map(|h| {
            hex::decode(h)
                .map(zeroize::Zeroizing::new)
                .map_err(|_| corrupt(key))
        })
        .transpose()
}

/// The device's signing key as stored, if it has one yet.
fn stored_key(c: &Connection) -> Result<Option<SecretKey>> {
    meta_bytes(c, SIGNING_KEY)?
        .map(|secret| SecretKey::from_secret(&secret).map_err(|_| corrupt(SIGNING_KEY)))
        .transpose()
}

pub(crate) fn server_key(c: &Connection) -> Result<Option<Vec<u8>>> {
    Ok(meta_bytes(c, SERVER_KEY)?.map(|k| k.to_vec()))
}

pub(crate) fn box_key(c: &Connection) -> Result<Option<Vec<u8>>> {
    Ok(meta_bytes(c, BOX_KEY)?.map(|k| k.to_vec()))
}

/// A protocol message kept hex-encoded in `meta` under `key`, if any.
fn meta_message<T: serde::de::DeserializeOwned>(c: &Connection, key: &str) -> Result<Option<T>> {
    meta_bytes(c, key)?
        .map(|bytes| {
            steppe_protocol::decode_message(&bytes, &steppe_protocol::Limits::default())
                .map_err(|_| corrupt(key))
        })
        .transpose()
}

/// The newest revocation list this device holds, as signed, and as read.
pub(crate) fn stored_revocations(
    c: &Connection,
) -> Result<Option<(SignedRevocations, Revocations)>> {
    let (Some(key), Some(signed)) = (
        server_key(c)?,
        meta_message::<SignedRevocations>(c, REVOCATIONS)?,
    ) else {
        return Ok(None);
    };
    let list = signed.verify(&key).map_err(|_| corrupt("revocations"))?;
    Ok(Some((signed, list)))
}

/// Keeps `signed` if the server signed it and it is newer than the list held; whether it was.
pub(crate) fn keep_revocations(c: &Connection, signed: &SignedRevocations) -> Result<bool> {
    let Some(key) = server_key(c)? else {
        return Ok(false);
    };
    let Ok(list) = signed.verify(&key) else {
        return Ok(false);
    };
    if stored_revocations(c)?.is_some_and(|(_, held)| held.issued_at >= list.issued_at) {
        return Ok(false);
    }
    let bytes = steppe_protocol::encode_message(signed).map_err(|_| corrupt("revocations"))?;
    set_meta(c, REVOCATIONS, &hex::encode(bytes))?;
    Ok(true)
}

pub(crate) fn stored_certificate(c: &Connection) -> Result<Option<SignedCertificate>> {
    meta_message(c, CERTIFICATE)
}

/// The key a bundle of `hashes` goes by: a hash over the changes' hashes, the same for two
/// files of the same changes.
pub(crate) fn content_key<'a>(hashes: impl IntoIterator<Item = &'a [u8; 32]>) -> [u8; 32] {
    let mut h = blake3::Hasher::new();
    for hash in hashes {
        h.update(hash);
    }
    *h.finalize().as_bytes()
}

impl Steppe {
    /// This device's signing key, made on first use.
    pub(crate) fn signing_key(&self) -> Result<SecretKey> {
        if let Some(key) = self.read(stored_key)? {
            return Ok(key);
        }
        self.write(|tx| {
            // Another writer may have made it between the read and this transaction.
            if let Some(key) = stored_key(tx)? {
                return Ok(key);
            }
            let key = SecretKey::generate().map_err(|e| CoreError::Entropy(e.to_string()))?;
            set_meta(tx, SIGNING_KEY, &hex::encode(key.secret().as_ref()))?;
            Ok(key)
        })
    }

    /// This device's public signing key.
    pub fn public_key(&self) -> Result<[u8; 32]> {
        Ok(self.signing_key()?.public())
    }

    /// The body to post to the server's certificate endpoint (`CERTIFICATE_PATH`) after a sync,
    /// with the device's token; every transport sends the same.
    pub fn certificate_request(&self) -> Result<Vec<u8>> {
        let req = CertificateRequest {
            public_key: self.public_key()?.to_vec(),
        };
        steppe_protocol::encode_message(&req).map_err(|_| corrupt("certificate request"))
    }

    /// Reads the server's answer to [`Steppe::certificate_request`] (status and body as
    /// received) and keeps the certificate it holds.
    pub fn certificate_answer(&self, status: u16, body: &[u8]) -> Result<Certificate, SyncError> {
        if !(200..300).contains(&status) {
            return Err(status_error(
                status,
                String::from_utf8_lossy(body).into_owned(),
            ));
        }
        let answer: CertificateResponse =
            steppe_protocol::decode_message(body, &steppe_protocol::Limits::default())?;
        Ok(self.accept_certificate(&answer)?)
    }

    /// Keeps the server's answer: a certificate of this device, signed by the server key this
    /// device first learned (or, on the first answer, by the key that answer names).
    pub fn accept_certificate(&self, resp: &CertificateResponse) -> Result<Certificate> {
        let own = self.public_key()?;
        let now = self.now();
        let actor = self.actor_id().to_bytes().to_vec();
        self.write(|tx| {
            let pinned = server_key(tx)?;
            if pinned.as_ref().is_some_and(|k| *k != resp.server_key) {
                return Err(CoreError::Certificate("signed by another server key"));
            }
            let cert = resp
                .certificate
                .verify(&resp.server_key, now)
                .map_err(|_| CoreError::Certificate("not valid"))?;
            if cert.public_key != own
                || cert.actor != actor
                || cert.device_id != self.identity().device_id
            {
                return Err(CoreError::Certificate("of another device"));
            }
            // The box key is inside the signed certificate; it is pinned like the server key.
            if box_key(tx)?.is_some_and(|k| k != cert.box_key) {
                return Err(CoreError::Certificate("naming another box key"));
            }
            set_meta(tx, SERVER_KEY, &hex::encode(&resp.server_key))?;
            set_meta(tx, BOX_KEY, &hex::encode(&cert.box_key))?;
            let bytes = steppe_protocol::encode_message(&resp.certificate)
                .map_err(|_| corrupt("certificate"))?;
            set_meta(tx, CERTIFICATE, &hex::encode(bytes))?;
            keep_revocations(tx, &resp.revocations)?;
            Ok(cert)
        })
    }

    /// The certificate this device holds, if any, as the server signed it (it may have expired).
    pub fn certificate(&self) -> Result<Option<Certificate>> {
        self.read(|c| {
            let (Some(key), Some(cert)) = (server_key(c)?, stored_certificate(c)?) else {
                return Ok(None);
            };
            // Read with the check at the dawn of time, so an expired one still shows when it ran out.
            Ok(cert.verify(&key, i64::MIN).ok())
        })
    }

    /// A bundle file of this device's unsent changes, each signed, for the server to import where
    /// this phone cannot sync. The changes stay unsent here until a sync settles them (the server
    /// then already holds them and says so).
    pub fn export_bundle(&self) -> Result<WrittenBundle> {
        self.own_bundle(|_| true, BundleFor::Anyone)
    }

    /// The key this device's whole outbox, as a bundle, goes by ([`WrittenBundle::content`]),
    /// without writing the bundle.
    pub(crate) fn outbox_key(&self) -> Result<[u8; 32]> {
        let now = self.now();
        let unsent = self.read(|c| unsent(c, BUNDLE_CHANGES, BUNDLE_BYTES, now))?;
        Ok(content_key(&unsent.hashes))
    }

    /// A bundle of this device's unsent changes of the documents `wanted` keeps, signed.
    pub(crate) fn own_bundle(
        &self,
        wanted: impl Fn(&[u8; 16]) -> bool,
        reader: BundleFor,
    ) -> Result<WrittenBundle> {
        let each = reader == BundleFor::Anyone;
        let key = self.signing_key()?;
        let now = self.now();
        let (unsent, certificate) = self.read(|c| {
            Ok((
                unsent(c, BUNDLE_CHANGES, BUNDLE_BYTES, now)?,
                stored_certificate(c)?,
            ))
        })?;
        let mut groups = Vec::new();
        let mut signatures = Vec::new();
        let mut changes = 0u64;
        let mut hashes = unsent.hashes.iter();
        let mut kept = Vec::new();
        for group in unsent.upload {
            let keep = group.doc.as_ref().is_some_and(&wanted);
            for _ in &group.changes {
                let hash = hashes.next().ok_or_else(|| corrupt("outbox hashes"))?;
                if keep {
                    if each {
                        signatures.push(ByteBuf::from(key.sign(Purpose::Change, hash).to_vec()));
                    }
                    kept.push(hash);
                    changes += 1;
                }
            }
            if keep {
                groups.push(if each { group } else { unnamed(group)? });
            }
        }
        let body = BundleBody::Device(DeviceBundle {
            device_id: self.identity().device_id.clone(),
            certificate,
            created_at: self.now(),
            changes: groups,
            signatures,
            through: unsent.through,
        });
        let bytes = write_bundle(&body, &key)?;
        Ok(WrittenBundle {
            bytes,
            changes,
            content: content_key(kept),
        })
    }

    /// Applies the server's bundle for this device's unit, hand-carried where it cannot sync:
    /// only if the server key this device learned signed it, and only for a unit this device's
    /// certificate reads. Applying the same bundle twice changes nothing.
    pub fn import_bundle(&self, bytes: &[u8]) -> Result<SyncReport> {
        let (server, cert) = self.read(|c| Ok((server_key(c)?, stored_certificate(c)?)))?;
        let (Some(server), Some(cert)) = (server, cert) else {
            return Err(CoreError::NotCertified);
        };
        let cert = cert
            .verify(&server, i64::MIN)
            .map_err(|_| CoreError::Certificate("not valid"))?;
        let BundleBody::Server(bundle) = read_bundle(bytes)?.verified_by(&server)? else {
            return Err(CoreError::Bundle(
                steppe_protocol::bundle::BundleError::BadSignature,
            ));
        };
        if !cert.readable.contains(&bundle.org) {
            return Err(CoreError::BundleOutOfScope {
                org: Id::from_bytes(bundle.org).to_string(),
            });
        }
        let by_doc = parse_groups(&bundle.changes)?;
        let actors: Vec<_> = bundle.actors.iter().map(actor_info).collect();
        self.write(|tx| {
            let applied = apply_in(tx, self.actor_id(), &actors, &by_doc)?;
            // Kept, the newest per unit, to hand to phones met that read the unit.
            tx.prepare_cached(
                "INSERT INTO unit_bundles(org, created_at, bytes) VALUES (?1, ?2, ?3)
                 ON CONFLICT(org) DO UPDATE SET created_at = excluded.created_at, bytes = excluded.bytes
                 WHERE excluded.created_at > unit_bundles.created_at",
            )?
            .execute(rusqlite::params![&bundle.org[..], bundle.created_at, bytes])?;
            // The server signed these: changes a phone met had brought are confirmed now.
            crate::peer::confirm(tx, &by_doc)?;
            Ok(SyncReport {
                received: applied.stored as u64,
                ..SyncReport::default()
            })
        })
    }
}
