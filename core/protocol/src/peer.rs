//! Two phones that meet, with no network (ADR 0011): each shows the other the certificate the
//! server signed for it (and the newest revocation list it holds), proves it holds the key the
//! certificate names — signing both sides' nonces and this meeting's link keys ([`crate::link`])
//! — then offers what the other may have, boxed with the meeting's key: its own unsent changes
//! that the other may read, as a bundle it signs for that reader, and everything for the server
//! sealed to the server's box key (its own outbox whole, and the sealed items it carries for
//! others). Three frames each way over any byte stream the app provides (Bluetooth, Wi-Fi
//! Direct, a TCP socket in tests); a dropped link loses nothing, since everything offered is
//! offered again next time and applying it twice changes nothing.

use std::io::{Read, Write};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::bundle::bundle_limits;
use crate::codec::{self, Compression, DecodeError};
use crate::signing::{PUBLIC_KEY_LEN, SignedCertificate, SignedRevocations};

/// The meeting protocol this build speaks. A hello of another version is refused before
/// anything else is read of it: the two phones' apps must be updated to meet.
pub const PEER_VERSION: u16 = 2;

/// The first frame each side sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerHello {
    /// [`PEER_VERSION`]; first, so that a later version's hello is recognised as one.
    pub version: u16,
    pub certificate: SignedCertificate,
    pub revocations: Option<SignedRevocations>,
    /// Fresh randomness the other side signs over, so a certificate copied from an earlier
    /// meeting or a bundle proves nothing.
    pub nonce: [u8; 32],
    /// This meeting's link key ([`crate::link::LinkSecret::public`]), made for it alone.
    pub link_key: [u8; PUBLIC_KEY_LEN],
}

/// The second frame each side sends: its signature, with the key its certificate names, over
/// [`proof_bytes`]. Nothing is offered before it checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerProof {
    #[serde(with = "serde_bytes")]
    pub signature: Vec<u8>,
}

/// What a side signs to prove its key and tie the proof to this meeting: the nonce it received,
/// the one it sent, then the link key it received and the one it sent. A relay that swaps in a
/// link key of its own breaks the proof; one that passes the keys on cannot open the offers.
pub fn proof_bytes(received: &PeerHello, sent: &PeerHello) -> [u8; 128] {
    let mut out = [0u8; 128];
    out[..32].copy_from_slice(&received.nonce);
    out[32..64].copy_from_slice(&sent.nonce);
    out[64..96].copy_from_slice(&received.link_key);
    out[96..].copy_from_slice(&sent.link_key);
    out
}

/// The largest hello or proof read: a certificate and a revocation list, nothing near a bundle.
pub const MAX_HELLO: usize = 2 << 20;

/// The third frame each side sends, once it has checked the other's proof; boxed with the meeting's key
/// ([`crate::link::LinkBox`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerOffer {
    /// The sender's own unsent changes of records the receiver may read, as a device bundle
    /// file the sender signed; none when there are none.
    pub bundle: Option<serde_bytes::ByteBuf>,
    /// Items for the server, each a device bundle file sealed to the server's box key.
    pub sealed: Vec<SealedItem>,
    /// The server's signed bundles of units the receiver reads, as the sender holds them: what
    /// brings a unit's new sessions to a phone that never reaches the server.
    pub unit_bundles: Vec<serde_bytes::ByteBuf>,
}

/// Most unit bundles one offer carries, and most bytes of them: an offer, with what a phone
/// carries (`MAX_OFFER_CARRIED`), its sealed outbox and its own bundle, stays inside one frame.
pub const MAX_UNIT_BUNDLES: usize = 16;
pub const MAX_OFFER_UNIT_BYTES: usize = 6 << 20;
pub const MAX_OFFER_CARRIED: usize = 12 << 20;
/// The largest bundle of a phone's own changes offered to a peer to read; a larger outbox goes
/// by the phone's own sync, a file, or sealed in parts of later meetings.
pub const MAX_OFFER_OWN: usize = 8 << 20;

/// A device bundle sealed to the server, with a key that names its content (a hash over its
/// changes' hashes, revealing nothing of them) so a relay that meets its author twice keeps one
/// copy, though each sealing's bytes differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedItem {
    #[serde(with = "serde_bytes")]
    pub key: Vec<u8>,
    #[serde(with = "serde_bytes")]
    pub sealed: Vec<u8>,
}

/// Most sealed items one offer carries.
pub const MAX_SEALED: usize = 1_000;
/// The largest sealed item a phone takes to carry: one bundle of a phone's outbox, well under
/// what one forward request to the server may hold.
pub const MAX_SEALED_ITEM: usize = 4 << 20;

#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error("the link failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("the peer sent something malformed: {0}")]
    Decode(#[from] DecodeError),
    #[error("could not encode")]
    Encode,
    /// A boxed frame that does not open with the meeting's key ([`crate::link`]).
    #[error("the peer's frame does not open with this meeting's key")]
    Unboxed,
}

/// Writes `msg` as one frame: its length (4 bytes, big-endian), then the compressed message.
pub fn write_frame<T: Serialize>(w: &mut (impl Write + ?Sized), msg: &T) -> Result<(), FrameError> {
    let body = codec::encode(msg, Compression::Zstd).map_err(|_| FrameError::Encode)?;
    write_raw_frame(w, &body)
}

/// Writes `body` as one frame, as it is.
pub(crate) fn write_raw_frame(
    w: &mut (impl Write + ?Sized),
    body: &[u8],
) -> Result<(), FrameError> {
    let len = u32::try_from(body.len()).map_err(|_| FrameError::Encode)?;
    w.write_all(&len.to_be_bytes())?;
    w.write_all(body)?;
    w.flush()?;
    Ok(())
}

/// Reads one frame, refusing before reading its body one longer than a bundle may be.
pub fn read_frame<T: DeserializeOwned>(r: &mut (impl Read + ?Sized)) -> Result<T, FrameError> {
    read_frame_within(r, bundle_limits())
}

/// Reads one frame of a small message (a hello, a proof), within [`MAX_HELLO`] however long the
/// peer claims it is.
pub fn read_small_frame<T: DeserializeOwned>(
    r: &mut (impl Read + ?Sized),
) -> Result<T, FrameError> {
    let limits = crate::Limits {
        max_body: MAX_HELLO,
        max_decoded: MAX_HELLO,
        ..bundle_limits()
    };
    read_frame_within(r, limits)
}

fn read_frame_within<T: DeserializeOwned>(
    r: &mut (impl Read + ?Sized),
    limits: crate::Limits,
) -> Result<T, FrameError> {
    let body = read_raw_frame(r, limits.max_body)?;
    Ok(codec::decode(&body, Compression::Zstd, &limits)?)
}

/// Reads one frame's body as it is, refusing before reading it one longer than `max_body`.
pub(crate) fn read_raw_frame(
    r: &mut (impl Read + ?Sized),
    max_body: usize,
) -> Result<Vec<u8>, FrameError> {
    let mut len = [0u8; 4];
    r.read_exact(&mut len)?;
    let len = u32::from_be_bytes(len) as usize;
    if len > max_body {
        return Err(DecodeError::BodyTooLarge(len).into());
    }
    // Grown as bytes arrive, not reserved from the length a peer claims: a lying prefix costs
    // the reader only what the peer really sends.
    let mut body = Vec::new();
    r.take(len as u64).read_to_end(&mut body)?;
    if body.len() != len {
        return Err(FrameError::Io(std::io::ErrorKind::UnexpectedEof.into()));
    }
    Ok(body)
}

/// Checks an offer's counts once read.
pub fn check_offer(offer: &PeerOffer) -> Result<(), DecodeError> {
    if offer.sealed.len() > MAX_SEALED {
        return Err(DecodeError::TooManyItems(offer.sealed.len()));
    }
    if offer.unit_bundles.len() > MAX_UNIT_BUNDLES {
        return Err(DecodeError::TooManyItems(offer.unit_bundles.len()));
    }
    if offer.sealed.iter().any(|s| s.key.len() != 32) {
        return Err(DecodeError::Malformed);
    }
    if let Some(big) = offer
        .sealed
        .iter()
        .find(|s| s.sealed.len() > MAX_SEALED_ITEM)
    {
        return Err(DecodeError::BodyTooLarge(big.sealed.len()));
    }
    Ok(())
}

/// Relay → server (`/v1/forward`, with the relay's own token): sealed items it carried. The
/// relay's identity plays no part in deciding them; each is its author's bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForwardRequest {
    pub sealed: Vec<serde_bytes::ByteBuf>,
}

/// What became of each forwarded item, in order: imported, or refused for good (the relay drops
/// either; the author still holds its changes and sends them another way), or to be tried again
/// (the server could not decide now; the relay keeps it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Forwarded {
    Imported {
        applied: u64,
        already: u64,
        refused: u64,
    },
    Refused(String),
    Retry,
}

/// Most items, and most bytes of items, in one forward request (within the server's body
/// limit).
pub const MAX_FORWARD_ITEMS: usize = 64;
pub const MAX_FORWARD_BYTES: usize = 6 << 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForwardResponse {
    pub items: Vec<Forwarded>,
}

/// Device → server (`/v1/unit-bundle`, with its token): the server's signed bundle of a unit the
/// device's user reads, to carry to phones there that cannot sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitBundleRequest {
    pub org: [u8; 16],
}

/// The HTTP path where a device fetches a unit's bundle.
pub const UNIT_BUNDLE_PATH: &str = "/v1/unit-bundle";

/// The HTTP path where a relay hands over what it carried.
pub const FORWARD_PATH: &str = "/v1/forward";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_round_trips_and_a_lying_length_costs_only_what_arrives() {
        let offer = PeerOffer {
            bundle: None,
            sealed: vec![SealedItem {
                key: vec![1; 32],
                sealed: vec![2; 100],
            }],
            unit_bundles: vec![],
        };
        let mut wire = Vec::new();
        write_frame(&mut wire, &offer).unwrap();
        let back: PeerOffer = read_frame(&mut &wire[..]).unwrap();
        assert_eq!(back, offer);
        // Claims 20 MiB, sends ten bytes: refused as cut short, nothing reserved up front.
        let mut lying = (20u32 << 20).to_be_bytes().to_vec();
        lying.extend([0u8; 10]);
        assert!(matches!(
            read_frame::<PeerOffer>(&mut &lying[..]),
            Err(FrameError::Io(_))
        ));
        let mut huge = u32::MAX.to_be_bytes().to_vec();
        huge.extend([0u8; 10]);
        assert!(matches!(
            read_frame::<PeerOffer>(&mut &huge[..]),
            Err(FrameError::Decode(DecodeError::BodyTooLarge(_)))
        ));
        let bad_key = PeerOffer {
            bundle: None,
            sealed: vec![SealedItem {
                key: vec![1; 5],
                sealed: vec![],
            }],
            unit_bundles: vec![],
        };
        assert!(check_offer(&bad_key).is_err());
    }
}
