//! The device half of two phones meeting without a network (ADR 0011, `steppe_protocol::peer`).
//! Each shows its certificate; each checks the other's against the server key it pinned, the
//! expiry and the newest revocation list either holds; then each offers its own unsent changes
//! that the other may read (a bundle it signs for that reader, which the reader also carries to
//! the server) and, sealed to the server, its whole outbox when the other may not read all of it,
//! and what it carries for others. The receiver believes a change only with its
//! author's signature, applies it only if the record stays in its own certificate's scope and
//! keeps its kind's rules, and marks it unconfirmed until the server sends the same change.

use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Write};

use automerge::Change;
use rusqlite::params;
use serde_bytes::ByteBuf;
use steppe_domain::Id;
use steppe_domain::doc::RecordDoc;
use steppe_protocol::bundle::{BundleBody, BundleError, read_bundle};
use steppe_protocol::peer::{
    MAX_SEALED, PeerHello, PeerOffer, SealedItem, check_offer, read_frame, write_frame,
};
use steppe_protocol::signing::{self, Certificate, CertificateError, Purpose};
use steppe_protocol::{DecodeError, chunk, sealing};

use crate::docstore;
use crate::error::{CoreError, Result};
use crate::identity::ActorInfo;
use crate::offline::{
    BundleFor, box_key, keep_revocations, server_key, stored_certificate, stored_revocations,
};
use crate::replication::apply_in;
use crate::steppe::Steppe;

/// Most sealed items a phone carries at once; past it, new ones are not taken (their authors
/// still hold their changes).
const MAX_CARRIED: i64 = 10_000;

/// Changes by the document they belong to.
type ByDoc = BTreeMap<Id, Vec<Change>>;

/// Who speaks first on the link: the phone that connected, then the one that accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeerRole {
    Initiator,
    Responder,
}

/// What one meeting did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeerReport {
    pub peer_device: String,
    pub peer_user: String,
    /// Changes of the peer's own applied here (new here), not yet confirmed by the server.
    pub received: u64,
    /// Sealed items newly taken to carry to the server.
    pub carried: u64,
    /// This phone's own changes offered to the peer to read, and sealed items handed over.
    pub offered_changes: u64,
    pub offered_sealed: u64,
}

fn link(e: impl std::fmt::Display) -> CoreError {
    CoreError::PeerLink(e.to_string())
}

fn damaged(e: DecodeError) -> CoreError {
    CoreError::Bundle(BundleError::Damaged(e))
}

impl Steppe {
    /// Meets a phone over `link` (two frames each way) as `role`.
    pub fn meet(&self, link_: &mut (impl Read + Write), role: PeerRole) -> Result<PeerReport> {
        let hello = self.peer_hello()?;
        let theirs: PeerHello = match role {
            PeerRole::Initiator => {
                write_frame(link_, &hello).map_err(link)?;
                read_frame(link_).map_err(link)?
            }
            PeerRole::Responder => {
                let theirs = read_frame(link_).map_err(link)?;
                write_frame(link_, &hello).map_err(link)?;
                theirs
            }
        };
        let peer = self.check_peer(&theirs)?;
        let (offer, offered_changes) = self.peer_offer(&peer)?;
        let offered_sealed = offer.sealed.len() as u64;
        let their_offer: PeerOffer = match role {
            PeerRole::Initiator => {
                write_frame(link_, &offer).map_err(link)?;
                read_frame(link_).map_err(link)?
            }
            PeerRole::Responder => {
                let theirs = read_frame(link_).map_err(link)?;
                write_frame(link_, &offer).map_err(link)?;
                theirs
            }
        };
        let mut report = self.accept_offer(&peer, &their_offer)?;
        report.offered_changes = offered_changes;
        report.offered_sealed = offered_sealed;
        Ok(report)
    }

    /// This phone's hello: its certificate and the newest revocation list it holds.
    pub fn peer_hello(&self) -> Result<PeerHello> {
        self.read(|c| {
            let certificate = stored_certificate(c)?.ok_or(CoreError::NotCertified)?;
            let revocations = stored_revocations(c)?.map(|(signed, _)| signed);
            Ok(PeerHello {
                certificate,
                revocations,
            })
        })
    }

    /// The peer's certificate, if this phone's server signed it, it has not run out and the
    /// device is on neither phone's newest revocation list (a newer list from the peer is kept).
    pub fn check_peer(&self, hello: &PeerHello) -> Result<Certificate> {
        let now = self.now();
        self.write(|tx| {
            let key = server_key(tx)?.ok_or(CoreError::NotCertified)?;
            if let Some(list) = &hello.revocations {
                keep_revocations(tx, list)?;
            }
            let cert = hello.certificate.verify(&key, now).map_err(|e| match e {
                CertificateError::Expired => CoreError::PeerRefused("expired"),
                _ => CoreError::PeerRefused("not_this_server"),
            })?;
            if stored_revocations(tx)?.is_some_and(|(_, l)| l.devices.contains(&cert.device_id)) {
                return Err(CoreError::PeerRefused("revoked"));
            }
            Ok(cert)
        })
    }

    /// What to offer `peer`: this phone's own unsent changes of records the peer may read, and
    /// for the server, sealed, its whole outbox and the items it carries. Also how many of its
    /// own changes the peer may read.
    pub fn peer_offer(&self, peer: &Certificate) -> Result<(PeerOffer, u64)> {
        let readable: HashSet<[u8; 16]> = peer.readable.iter().copied().collect();
        let in_scope = |doc: &[u8; 16]| {
            self.record_org(Id::from_bytes(*doc))
                .ok()
                .flatten()
                .and_then(|o| Id::parse(&o).ok())
                .is_some_and(|o| readable.contains(o.as_bytes()))
        };
        // Made for this reader alone: the file's signature vouches for each change.
        let own = self.own_bundle(in_scope, BundleFor::Peer)?;
        let offered = own.changes;
        let whole = self.export_bundle()?;
        let bundle = (own.changes > 0).then(|| ByteBuf::from(own.bytes));
        let mut sealed = Vec::new();
        // What the peer may read it also carries to the server as it is (signed by this phone,
        // so it cannot be altered on the way); only when the peer may not read all of it does
        // the whole outbox also travel sealed.
        if whole.changes > offered
            && let Some(key) = self.read(box_key)?
        {
            let boxed = sealing::seal(&key, &whole.bytes)
                .map_err(|_| CoreError::Certificate("box key unusable"))?;
            sealed.push(SealedItem {
                key: whole.content.to_vec(),
                sealed: boxed,
            });
        }
        let room = MAX_SEALED.saturating_sub(sealed.len());
        sealed.extend(
            self.carried_items(room)?
                .into_iter()
                .map(|(key, sealed)| SealedItem { key, sealed }),
        );
        Ok((PeerOffer { bundle, sealed }, offered))
    }

    /// Applies what `peer` offered: its own changes that stay in this phone's scope and keep
    /// their records' rules, marked unconfirmed; its sealed items, kept to carry on.
    pub fn accept_offer(&self, peer: &Certificate, offer: &PeerOffer) -> Result<PeerReport> {
        check_offer(offer).map_err(damaged)?;
        let mut report = PeerReport {
            peer_device: peer.device_id.clone(),
            peer_user: peer.user_id.clone(),
            ..PeerReport::default()
        };
        let mut to_carry = offer.sealed.clone();
        if let Some(file) = &offer.bundle {
            let (by_doc, content) = self.peers_changes(peer, file)?;
            // Carried to the server as it came: the peer signed it, the server checks it.
            to_carry.push(SealedItem {
                key: content.to_vec(),
                sealed: file.to_vec(),
            });
            let kept = self.in_my_scope(by_doc)?;
            let author = ActorInfo {
                actor: hex::encode(&peer.actor),
                user_id: peer.user_id.clone(),
                user_name: peer.user_name.clone(),
                device_id: peer.device_id.clone(),
                device_name: peer.device_name.clone(),
            };
            let now = self.now();
            report.received = self.write(|tx| {
                let applied = apply_in(tx, self.actor_id(), &[author], &kept)?;
                for (doc, changes) in &kept {
                    for ch in changes {
                        tx.prepare_cached("INSERT OR IGNORE INTO unconfirmed(hash, doc, device, received_at) VALUES (?1, ?2, ?3, ?4)")?
                            .execute(params![&ch.hash().0[..], doc.to_string(), peer.device_id, now])?;
                    }
                }
                Ok(applied.stored as u64)
            })?;
        }
        report.carried = self.carry(&to_carry)?;
        Ok(report)
    }

    /// The changes of `peer`'s bundle file, each proven the peer's: the file (and every change,
    /// where the file carries their signatures) signed by the key its certificate names, every
    /// change written by its actor.
    fn peers_changes(&self, peer: &Certificate, file: &[u8]) -> Result<(ByDoc, [u8; 32])> {
        let BundleBody::Device(bundle) = read_bundle(file)?.verified_by(&peer.public_key)? else {
            return Err(BundleError::BadSignature.into());
        };
        if bundle.device_id != peer.device_id {
            return Err(BundleError::BadSignature.into());
        }
        let mut by_doc: BTreeMap<Id, Vec<Change>> = BTreeMap::new();
        let mut content = blake3::Hasher::new();
        let mut signatures = bundle.signatures.iter();
        for group in &bundle.changes {
            let mut changes = Vec::with_capacity(group.changes.len());
            for bytes in &group.changes {
                let change = steppe_domain::doc::parse_untrusted(chunk::expand(bytes))
                    .map_err(|_| BundleError::BadChangeSignature)?;
                let signed = signatures.next().is_none_or(|s| {
                    signing::verify(&peer.public_key, Purpose::Change, &change.hash().0, s)
                });
                if !signed || change.actor_id().to_bytes() != peer.actor.as_slice() {
                    return Err(BundleError::BadChangeSignature.into());
                }
                content.update(&change.hash().0);
                changes.push(change);
            }
            let doc = group
                .doc
                .map(Id::from_bytes)
                .or_else(|| steppe_domain::doc::id_of_first_change(&changes))
                .ok_or(BundleError::BadChangeSignature)?;
            by_doc.entry(doc).or_default().extend(changes);
        }
        Ok((by_doc, *content.finalize().as_bytes()))
    }

    /// Of `by_doc`, the documents that, with the changes applied, belong to a unit this phone's
    /// certificate reads and keep their kind's rules; the rest are not taken.
    fn in_my_scope(&self, by_doc: BTreeMap<Id, Vec<Change>>) -> Result<BTreeMap<Id, Vec<Change>>> {
        let mine = self.certificate()?.ok_or(CoreError::NotCertified)?;
        let readable: HashSet<[u8; 16]> = mine.readable.iter().copied().collect();
        let mut kept = BTreeMap::new();
        for (doc, changes) in by_doc {
            let held = self.read(|c| docstore::load_automerge(c, &doc.to_string()))?;
            let mut am = held.unwrap_or_default();
            if steppe_domain::doc::apply_untrusted(&mut am, changes.clone()).is_err() {
                continue;
            }
            let Ok(record) = RecordDoc::from_automerge(doc, am) else {
                continue;
            };
            let in_scope = record
                .scope_org()
                .ok()
                .and_then(|o| Id::parse(&o).ok())
                .is_some_and(|o| readable.contains(o.as_bytes()));
            if in_scope && record.validate_any().is_ok() {
                kept.insert(doc, changes);
            } else {
                tracing::info!(%doc, "a peer's change left outside this phone's scope or rules");
            }
        }
        Ok(kept)
    }

    /// Keeps sealed items to carry to the server; how many were new. A phone's own outbox,
    /// handed back by a phone it met before, is not carried: it goes to the server as itself.
    fn carry(&self, sealed: &[SealedItem]) -> Result<u64> {
        let now = self.now();
        let own = self.export_bundle()?.content;
        self.write(|tx| {
            let mut new = 0;
            for item in sealed.iter().filter(|i| i.key != own) {
                let held: i64 = tx.query_row("SELECT COUNT(*) FROM carried", [], |r| r.get(0))?;
                if held >= MAX_CARRIED {
                    break;
                }
                new += tx
                    .prepare_cached("INSERT OR IGNORE INTO carried(hash, sealed, received_at) VALUES (?1, ?2, ?3)")?
                    .execute(params![item.key, item.sealed, now])? as u64;
            }
            Ok(new)
        })
    }

    /// Up to `limit` sealed items this phone carries, with their keys.
    pub fn carried_items(&self, limit: usize) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT hash, sealed FROM carried ORDER BY received_at, hash LIMIT ?1",
            )?;
            let rows = stmt.query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<std::result::Result<_, _>>()?)
        })
    }

    /// Forgets carried items the server has answered for.
    pub fn drop_carried(&self, keys: &[Vec<u8>]) -> Result<()> {
        self.write(|tx| {
            for k in keys {
                tx.prepare_cached("DELETE FROM carried WHERE hash = ?1")?
                    .execute([k])?;
            }
            Ok(())
        })
    }

    /// Changes applied from phones met that the server has not yet sent back.
    pub fn unconfirmed_changes(&self) -> Result<u64> {
        self.read(|c| {
            Ok(c.query_row("SELECT COUNT(*) FROM unconfirmed", [], |r| {
                r.get::<_, i64>(0)
            })? as u64)
        })
    }

    /// Whether the record holds changes from a phone met that the server has not confirmed.
    pub fn is_unconfirmed(&self, record: Id) -> Result<bool> {
        self.read(|c| {
            Ok(
                c.prepare_cached("SELECT 1 FROM unconfirmed WHERE doc = ?1")?
                    .exists([record.to_string()])?,
            )
        })
    }
}

/// The server sent these changes: those applied from a peer are confirmed now.
pub(crate) fn confirm(
    tx: &rusqlite::Transaction<'_>,
    by_doc: &BTreeMap<Id, Vec<Change>>,
) -> Result<()> {
    for changes in by_doc.values() {
        for ch in changes {
            tx.prepare_cached("DELETE FROM unconfirmed WHERE hash = ?1")?
                .execute([&ch.hash().0[..]])?;
        }
    }
    Ok(())
}

/// Sealed items handed to the server in one request.
const FORWARD_BATCH: usize = 64;

/// A request handing carried items to the server, and the keys to forget once it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forwarding {
    pub body: Vec<u8>,
    keys: Vec<Vec<u8>>,
}

impl Steppe {
    /// The next batch of carried items for the server's `FORWARD_PATH` (with this device's
    /// token); none when nothing is carried.
    pub fn forward_request(&self) -> Result<Option<Forwarding>> {
        let items = self.carried_items(FORWARD_BATCH)?;
        if items.is_empty() {
            return Ok(None);
        }
        let (keys, sealed): (Vec<_>, Vec<_>) = items
            .into_iter()
            .map(|(k, v)| (k, ByteBuf::from(v)))
            .unzip();
        let body =
            steppe_protocol::encode_message(&steppe_protocol::peer::ForwardRequest { sealed })
                .map_err(|_| CoreError::PeerLink("could not encode a forward".into()))?;
        Ok(Some(Forwarding { body, keys }))
    }

    /// Reads the server's answer to `sent` and forgets the items it answered for; how many.
    pub fn forward_answer(
        &self,
        sent: &Forwarding,
        status: u16,
        body: &[u8],
    ) -> std::result::Result<u64, crate::wire::SyncError> {
        if !(200..300).contains(&status) {
            return Err(crate::wire::status_error(
                status,
                String::from_utf8_lossy(body).into_owned(),
            ));
        }
        let answer: steppe_protocol::peer::ForwardResponse =
            steppe_protocol::decode_message(body, &steppe_protocol::Limits::default())?;
        if answer.items.len() != sent.keys.len() {
            return Err(crate::wire::SyncError::Rejected(
                "a forward answered in part".into(),
            ));
        }
        for (item, outcome) in sent.keys.iter().zip(&answer.items) {
            if let steppe_protocol::peer::Forwarded::Refused(why) = outcome {
                tracing::warn!(item = %hex::encode(item), %why, "the server refused a carried item");
            }
        }
        self.drop_carried(&sent.keys)?;
        Ok(sent.keys.len() as u64)
    }
}
