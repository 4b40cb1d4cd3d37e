//! The device half of two phones meeting without a network (ADR 0011, `steppe_protocol::peer`).
//! Each shows its certificate; each checks the other's against the server key it pinned, the
//! expiry and the newest revocation list either holds, and the other's proof that it holds the
//! certificate's key, signed over this meeting's link keys; then, boxed with the key those agree
//! on, each offers its own unsent changes that the other may read (a bundle it signs for that
//! reader, which the reader also carries to the server) and, sealed to the server, its whole
//! outbox when the other may not read all of it, and what it carries for others. The receiver
//! believes a change only with its author's signature, applies it only if the record stays in its
//! own certificate's scope and keeps its kind's rules, and marks it unconfirmed until the server
//! sends the same change.

use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Write};

use automerge::Change;
use rusqlite::{OptionalExtension, params};
use serde_bytes::ByteBuf;
use steppe_domain::Id;
use steppe_domain::admission::{Author, admit};
use steppe_domain::doc::RecordDoc;
use steppe_protocol::bundle::{BundleBody, BundleError, bundle_limits, read_bundle};
use steppe_protocol::link::{LinkSecret, Side};
use steppe_protocol::peer::{
    FrameError, MAX_FORWARD_BYTES, MAX_FORWARD_ITEMS, MAX_OFFER_CARRIED, MAX_OFFER_OWN,
    MAX_OFFER_UNIT_BYTES, MAX_SEALED, MAX_SEALED_ITEM, MAX_UNIT_BUNDLES, PEER_VERSION, PeerHello,
    PeerOffer, PeerProof, SealedItem, check_offer, proof_bytes, read_small_frame, write_frame,
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

/// Most sealed items, and bytes of them, a phone carries at once; past either, new ones are not
/// taken (their authors still hold their changes). The bytes stay well inside one offer.
const MAX_CARRIED: i64 = 1_000;
const MAX_CARRIED_BYTES: i64 = 24 << 20;

/// An item this phone carries for the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carried {
    /// A hash of the sealed bytes.
    pub id: Vec<u8>,
    /// Its author's key for it.
    pub key: Vec<u8>,
    pub sealed: Vec<u8>,
}

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

/// Sends this side's frame of a step and receives the other side's, the initiator first.
fn swap<L: Read + Write, U>(
    link_: &mut L,
    first: bool,
    write: impl Fn(&mut L) -> std::result::Result<(), FrameError>,
    read: impl Fn(&mut L) -> std::result::Result<U, FrameError>,
) -> Result<U> {
    if first {
        write(link_).map_err(link)?;
        read(link_).map_err(link)
    } else {
        let theirs = read(link_).map_err(link)?;
        write(link_).map_err(link)?;
        Ok(theirs)
    }
}

/// Whether the peer signed, with its certificate's key, our hello's nonce and link key and its
/// own.
fn check_proof(
    peer: &Certificate,
    proof: &PeerProof,
    ours: &PeerHello,
    theirs: &PeerHello,
) -> Result<()> {
    if signing::verify(
        &peer.public_key,
        Purpose::PeerProof,
        &proof_bytes(ours, theirs),
        &proof.signature,
    ) {
        Ok(())
    } else {
        Err(CoreError::PeerRefused("no_proof"))
    }
}

fn link(e: impl std::fmt::Display) -> CoreError {
    CoreError::PeerLink(e.to_string())
}

fn damaged(e: DecodeError) -> CoreError {
    CoreError::Bundle(BundleError::Damaged(e))
}

impl Steppe {
    /// Meets a phone over `link_` as `role`: hellos, proofs of key, offers — three frames each
    /// way, the initiator first in each. Nothing is offered before the other side has proved it
    /// holds the key its certificate names, and offers go boxed with this meeting's own key, which
    /// the proofs sign: a relay between two phones reads nothing of them.
    pub fn meet(&self, link_: &mut (impl Read + Write), role: PeerRole) -> Result<PeerReport> {
        let first = role == PeerRole::Initiator;
        let link_secret = LinkSecret::generate().map_err(|e| CoreError::Entropy(e.to_string()))?;
        let hello = self.peer_hello(link_secret.public())?;
        let theirs: PeerHello = swap(
            link_,
            first,
            |l| write_frame(l, &hello),
            |l| read_small_frame(l),
        )?;
        let peer = self.check_peer(&theirs)?;
        let proof = PeerProof {
            signature: self
                .signing_key()?
                .sign(Purpose::PeerProof, &proof_bytes(&theirs, &hello))
                .to_vec(),
        };
        // The initiator proves first and checks the responder's proof before its offer; the
        // responder checks the initiator's before proving and offering anything.
        if first {
            write_frame(link_, &proof).map_err(link)?;
            let their_proof: PeerProof = read_small_frame(link_).map_err(link)?;
            check_proof(&peer, &their_proof, &hello, &theirs)?;
        } else {
            let their_proof: PeerProof = read_small_frame(link_).map_err(link)?;
            check_proof(&peer, &their_proof, &hello, &theirs)?;
            write_frame(link_, &proof).map_err(link)?;
        }
        let (offer, offered_changes) = self.peer_offer(&peer)?;
        let offered_sealed = offer.sealed.len() as u64;
        let boxed = link_secret.agree(&theirs.link_key);
        let (mine, other) = if first {
            (Side::Initiator, Side::Responder)
        } else {
            (Side::Responder, Side::Initiator)
        };
        let their_offer: PeerOffer = swap(
            link_,
            first,
            |l| boxed.write(l, mine, &offer),
            |l| boxed.read(l, other, bundle_limits()),
        )?;
        let mut report = self.accept_offer(&peer, their_offer)?;
        report.offered_changes = offered_changes;
        report.offered_sealed = offered_sealed;
        Ok(report)
    }

    /// This phone's hello: its certificate, the newest revocation list it holds, a fresh nonce
    /// and this meeting's link key.
    pub fn peer_hello(&self, link_key: [u8; 32]) -> Result<PeerHello> {
        self.read(|c| {
            let certificate = stored_certificate(c)?.ok_or(CoreError::NotCertified)?;
            let revocations = stored_revocations(c)?.map(|(signed, _)| signed);
            let mut nonce = [0u8; 32];
            getrandom::fill(&mut nonce).map_err(|e| CoreError::Entropy(e.to_string()))?;
            Ok(PeerHello {
                version: PEER_VERSION,
                certificate,
                revocations,
                nonce,
                link_key,
            })
        })
    }

    /// The peer's certificate, if this phone's server signed it, it has not run out and the
    /// device is on neither phone's newest revocation list (a newer list from the peer is kept).
    pub fn check_peer(&self, hello: &PeerHello) -> Result<Certificate> {
        if hello.version != PEER_VERSION {
            return Err(CoreError::PeerRefused("other_version"));
        }
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
            // Its own certificate sent back: whoever sent it is not this phone.
            if cert.device_id == self.identity().device_id {
                return Err(CoreError::PeerRefused("self"));
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
        // Too large an outbox is not offered to read: it goes by sync, a file, or sealed.
        let fits = own.bytes.len() <= MAX_OFFER_OWN;
        let offered = if fits { own.changes } else { 0 };
        let whole = self.export_bundle()?;
        let bundle = (offered > 0).then(|| ByteBuf::from(own.bytes));
        let mut sealed = Vec::new();
        // What the peer may read it also carries to the server as it is (signed by this phone,
        // so it cannot be altered on the way); only when the peer may not read all of it does
        // the whole outbox also travel sealed.
        if whole.changes > offered
            && let Some(key) = self.read(box_key)?
        {
            let boxed = self.sealed_outbox(&key, &whole)?;
            // An outbox too large for a peer to carry goes by the phone's own sync or a file.
            if boxed.len() <= MAX_SEALED_ITEM {
                sealed.push(SealedItem {
                    key: whole.content.to_vec(),
                    sealed: boxed,
                });
            }
        }
        let room = MAX_SEALED.saturating_sub(sealed.len());
        sealed.extend(
            self.carried_items(room, MAX_OFFER_CARRIED)?
                .into_iter()
                .map(|c| SealedItem {
                    key: c.key,
                    sealed: c.sealed,
                }),
        );
        let unit_bundles = self
            .read(|c| {
                let mut stmt = c.prepare_cached(
                    "SELECT org, bytes FROM unit_bundles ORDER BY created_at DESC",
                )?;
                let rows = stmt.query_map([], |r| {
                    Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, Vec<u8>>(1)?))
                })?;
                Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
            })?
            .into_iter()
            .filter(|(org, _)| {
                <[u8; 16]>::try_from(org.as_slice()).is_ok_and(|o| readable.contains(&o))
            })
            .take(MAX_UNIT_BUNDLES)
            .scan(0usize, |bytes, (_, file)| {
                *bytes += file.len();
                Some((*bytes <= MAX_OFFER_UNIT_BYTES).then(|| ByteBuf::from(file)))
            })
            .flatten()
            .collect();
        Ok((
            PeerOffer {
                bundle,
                sealed,
                unit_bundles,
            },
            offered,
        ))
    }

    /// The outbox `whole`, sealed to `key`: as sealed last time if the outbox is unchanged
    /// (so that a phone met again gets the same bytes and keeps one copy), else sealed anew.
    fn sealed_outbox(&self, key: &[u8], whole: &crate::offline::WrittenBundle) -> Result<Vec<u8>> {
        let held: Option<Vec<u8>> = self.read(|c| {
            Ok(
                c.prepare_cached("SELECT sealed FROM own_sealed WHERE key = ?1")?
                    .query_row([&whole.content[..]], |r| r.get(0))
                    .optional()?,
            )
        })?;
        if let Some(sealed) = held {
            return Ok(sealed);
        }
        let sealed = sealing::seal(key, &whole.bytes)
            .map_err(|_| CoreError::Certificate("box key unusable"))?;
        self.write(|tx| {
            tx.execute("DELETE FROM own_sealed", [])?;
            tx.prepare_cached("INSERT INTO own_sealed(key, sealed) VALUES (?1, ?2)")?
                .execute(params![&whole.content[..], sealed])?;
            Ok(())
        })?;
        Ok(sealed)
    }

    /// Applies what `peer` offered: its own changes that pass the server's admission rules
    /// here (author, roles by its certificate, scope, dependencies) and stay in this phone's
    /// scope, marked unconfirmed; its sealed items, kept to carry on, and its readable bundle
    /// too, sealed here so that it goes on to the server and to no one else readable.
    pub fn accept_offer(&self, peer: &Certificate, offer: PeerOffer) -> Result<PeerReport> {
        check_offer(&offer).map_err(damaged)?;
        let mut report = PeerReport {
            peer_device: peer.device_id.clone(),
            peer_user: peer.user_id.clone(),
            ..PeerReport::default()
        };
        let PeerOffer {
            bundle,
            mut sealed,
            unit_bundles,
        } = offer;
        // The server's own files of units this phone reads: believed only with the server's
        // signature, as if hand-carried (`import_bundle`); any other is passed over.
        for file in &unit_bundles {
            match self.import_bundle(file) {
                Ok(r) => report.received += r.received,
                Err(e) => tracing::info!(error = %e, "a unit bundle from a phone met not taken"),
            }
        }
        if let Some(file) = bundle {
            let (by_doc, content) = self.peers_changes(peer, &file)?;
            if let Some(key) = self.read(box_key)? {
                let boxed = sealing::seal(&key, &file)
                    .map_err(|_| CoreError::Certificate("box key unusable"))?;
                // First, so that the caps drop what others carried before the peer's own.
                sealed.insert(
                    0,
                    SealedItem {
                        key: content.to_vec(),
                        sealed: boxed,
                    },
                );
            }
            let kept = self.admitted(peer, by_doc)?;
            let author = ActorInfo {
                actor: hex::encode(&peer.actor),
                user_id: peer.user_id.clone(),
                user_name: peer.user_name.clone(),
                device_id: peer.device_id.clone(),
                device_name: peer.device_name.clone(),
            };
            let now = self.now();
            report.received += self.write(|tx| {
                // Unconfirmed: what is new here; what the server already sent is confirmed.
                let mut new = Vec::new();
                for (doc, changes) in &kept {
                    for ch in changes {
                        let held = tx
                            .prepare_cached("SELECT 1 FROM history WHERE hash = ?1")?
                            .exists([&ch.hash().0[..]])?;
                        if !held {
                            new.push((ch.hash().0, doc.to_string()));
                        }
                    }
                }
                let applied = apply_in(tx, self.actor_id(), &[author], &kept)?;
                for (hash, doc) in new {
                    tx.prepare_cached("INSERT OR IGNORE INTO unconfirmed(hash, doc, device, received_at) VALUES (?1, ?2, ?3, ?4)")?
                        .execute(params![&hash[..], doc, peer.device_id, now])?;
                }
                Ok(applied.stored as u64)
            })?;
        }
        report.carried = self.carry(&sealed)?;
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
        let mut hashes = Vec::new();
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
                hashes.push(change.hash().0);
                changes.push(change);
            }
            let doc = group
                .doc
                .map(Id::from_bytes)
                .or_else(|| steppe_domain::doc::id_of_first_change(&changes))
                .ok_or(BundleError::BadChangeSignature)?;
            by_doc.entry(doc).or_default().extend(changes);
        }
        Ok((by_doc, crate::offline::content_key(&hashes)))
    }

    /// Of `by_doc`, the documents whose every change the server's admission rules accept here
    /// — written by the peer's actor, allowed by the roles its certificate names on this phone's
    /// tree, before and after, with its dependencies present and no second first change — and
    /// that belong, with the changes applied, to a unit this phone's certificate reads. A
    /// document with any change refused is not taken at all.
    fn admitted(&self, peer: &Certificate, by_doc: ByDoc) -> Result<ByDoc> {
        let mine = self.certificate()?.ok_or(CoreError::NotCertified)?;
        let readable: HashSet<[u8; 16]> = mine.readable.iter().copied().collect();
        let grants = steppe_domain::authz::grants_from(
            peer.grants
                .iter()
                .map(|(org, role)| (Id::from_bytes(*org).to_string(), role.clone())),
        );
        let now = self.now();
        let mut kept = BTreeMap::new();
        for (doc, changes) in by_doc {
            let held = self.read(|c| docstore::load_automerge(c, &doc.to_string()))?;
            let mut current = held.unwrap_or_default();
            let all_admitted = self.read(|c| {
                let tree = crate::scope::tree_of(c);
                let author = Author {
                    user_id: &peer.user_id,
                    actor: &peer.actor,
                    grants: &grants,
                    received_at: now,
                };
                Ok(changes.iter().all(|ch| {
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        admit(&mut current, &tree, author, doc, ch.raw_bytes())
                    }))
                    .is_ok_and(|r| r.is_ok())
                }))
            })?;
            let in_scope = all_admitted
                && RecordDoc::from_automerge(doc, current)
                    .ok()
                    .and_then(|r| r.scope_org().ok())
                    .and_then(|o| Id::parse(&o).ok())
                    .is_some_and(|o| readable.contains(o.as_bytes()));
            if in_scope {
                kept.insert(doc, changes);
            } else {
                tracing::info!(%doc, "a peer's change refused by the rules or outside this phone's scope");
            }
        }
        Ok(kept)
    }

    /// Keeps sealed items to carry to the server; how many were new. A phone's own outbox,
    /// handed back by a phone it met before, is not carried: it goes to the server as itself.
    /// Past [`MAX_CARRIED`] items or [`MAX_CARRIED_BYTES`], new ones are not taken.
    fn carry(&self, sealed: &[SealedItem]) -> Result<u64> {
        let now = self.now();
        let own = self.outbox_key()?;
        self.write(|tx| {
            let mut new = 0;
            for item in sealed.iter().filter(|i| i.key != own) {
                let (count, bytes): (i64, i64) = tx.query_row(
                    "SELECT COUNT(*), COALESCE(SUM(LENGTH(sealed)), 0) FROM carried",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                if count >= MAX_CARRIED || bytes + item.sealed.len() as i64 > MAX_CARRIED_BYTES {
                    tracing::warn!("carrying as much as a phone may: an item was not taken");
                    break;
                }
                let id = blake3::hash(&item.sealed);
                new += tx
                    .prepare_cached("INSERT OR IGNORE INTO carried(id, key, sealed, received_at) VALUES (?1, ?2, ?3, ?4)")?
                    .execute(params![&id.as_bytes()[..], item.key, item.sealed, now])? as u64;
            }
            Ok(new)
        })
    }

    /// Sealed items this phone carries, oldest first, as many as fit `limit` items and
    /// `max_bytes` (at least one).
    pub fn carried_items(&self, limit: usize, max_bytes: usize) -> Result<Vec<Carried>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, key, sealed FROM carried ORDER BY received_at, id LIMIT ?1",
            )?;
            let rows = stmt.query_map([limit as i64], |r| {
                Ok(Carried {
                    id: r.get(0)?,
                    key: r.get(1)?,
                    sealed: r.get(2)?,
                })
            })?;
            let mut out: Vec<Carried> = Vec::new();
            let mut bytes = 0;
            for row in rows {
                let row = row?;
                bytes += row.sealed.len();
                if !out.is_empty() && bytes > max_bytes {
                    break;
                }
                out.push(row);
            }
            Ok(out)
        })
    }

    /// How many sealed items this phone carries.
    pub fn carried_count(&self) -> Result<u64> {
        self.read(|c| {
            Ok(c.query_row("SELECT COUNT(*) FROM carried", [], |r| r.get::<_, i64>(0))? as u64)
        })
    }

    /// Forgets carried items the server has answered for.
    pub fn drop_carried(&self, ids: &[Vec<u8>]) -> Result<()> {
        self.write(|tx| {
            for id in ids {
                tx.prepare_cached("DELETE FROM carried WHERE id = ?1")?
                    .execute([id])?;
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

/// The server sent these changes: those applied from a peer are confirmed now, and the screens
/// showing their records are told (the record may not have changed at all).
pub(crate) fn confirm(
    tx: &rusqlite::Transaction<'_>,
    by_doc: &BTreeMap<Id, Vec<Change>>,
) -> Result<()> {
    // Nearly always nothing waits: a first sync's pages do not pay a delete per change.
    let waiting: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM unconfirmed)", [], |r| {
        r.get(0)
    })?;
    if !waiting {
        return Ok(());
    }
    for (doc, changes) in by_doc {
        let mut confirmed = 0;
        for ch in changes {
            confirmed += tx
                .prepare_cached("DELETE FROM unconfirmed WHERE hash = ?1")?
                .execute([&ch.hash().0[..]])?;
        }
        if confirmed > 0 {
            let kind: Option<String> = tx
                .prepare_cached("SELECT kind FROM documents WHERE id = ?1")?
                .query_row([doc.to_string()], |r| r.get(0))
                .optional()?;
            if let Some(kind) = kind.as_deref().and_then(steppe_domain::RecordKind::parse) {
                crate::observe::mark(&crate::projection::tables_of(kind));
            }
        }
    }
    Ok(())
}

/// A request handing carried items to the server, and the items to forget once it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forwarding {
    pub body: Vec<u8>,
    ids: Vec<Vec<u8>>,
}

impl Steppe {
    /// The next batch of carried items for the server's `FORWARD_PATH` (with this device's
    /// token), within the request's bounds; none when nothing is carried.
    pub fn forward_request(&self) -> Result<Option<Forwarding>> {
        let items = self.carried_items(MAX_FORWARD_ITEMS, MAX_FORWARD_BYTES)?;
        if items.is_empty() {
            return Ok(None);
        }
        let (ids, sealed): (Vec<_>, Vec<_>) = items
            .into_iter()
            .map(|c| (c.id, ByteBuf::from(c.sealed)))
            .unzip();
        let body =
            steppe_protocol::encode_message(&steppe_protocol::peer::ForwardRequest { sealed })
                .map_err(|_| CoreError::PeerLink("could not encode a forward".into()))?;
        Ok(Some(Forwarding { body, ids }))
    }

    /// Reads the server's answer to `sent` and forgets the items it decided (imported or
    /// refused for good); how many. Items it could not decide now stay for the next sync.
    pub fn forward_answer(
        &self,
        sent: &Forwarding,
        status: u16,
        body: &[u8],
    ) -> std::result::Result<u64, crate::wire::SyncError> {
        use steppe_protocol::peer::Forwarded;
        if !(200..300).contains(&status) {
            return Err(crate::wire::status_error(
                status,
                String::from_utf8_lossy(body).into_owned(),
            ));
        }
        let answer: steppe_protocol::peer::ForwardResponse =
            steppe_protocol::decode_message(body, &steppe_protocol::Limits::default())?;
        if answer.items.len() != sent.ids.len() {
            return Err(crate::wire::SyncError::Rejected(
                "a forward answered in part".into(),
            ));
        }
        let mut decided = Vec::new();
        for (id, outcome) in sent.ids.iter().zip(&answer.items) {
            match outcome {
                Forwarded::Retry => continue,
                Forwarded::Refused(why) => {
                    tracing::warn!(item = %hex::encode(id), %why, "the server refused a carried item");
                }
                Forwarded::Imported { .. } => {}
            }
            decided.push(id.clone());
        }
        self.drop_carried(&decided)?;
        Ok(decided.len() as u64)
    }
}
