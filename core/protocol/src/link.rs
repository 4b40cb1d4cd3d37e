//! A meeting's own key (ADR 0011): each phone makes an X25519 key pair for one meeting and puts
//! its public half in its hello; each side's proof signs both halves, and the offers travel boxed
//! with the key the two agree on. So whoever relays the hellos and proofs between two phones —
//! holding a copied certificate, with the real phone in range — passes on a proof it cannot
//! re-point at a key of its own, and carries offers it cannot open. A listener on the link reads
//! no offer either.

use crypto_box::aead::Aead;
use crypto_box::{PublicKey, SalsaBox, SecretKey};
use serde::Serialize;
use serde::de::DeserializeOwned;
use zeroize::Zeroizing;

use crate::codec::{self, Compression};
use crate::peer::{FrameError, read_raw_frame, write_raw_frame};
use crate::signing::{KeyError, PUBLIC_KEY_LEN};

/// This phone's half of one meeting's key; dropped (and wiped) when the meeting ends.
pub struct LinkSecret(SecretKey);

impl std::fmt::Debug for LinkSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkSecret(..)")
    }
}

/// Which side of the meeting sent a boxed frame. The two sides box with the same key, so each
/// uses its own nonce: the initiator's offer can never be replayed as the responder's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Initiator,
    Responder,
}

impl Side {
    fn nonce(self) -> crypto_box::Nonce {
        // One boxed frame per side per meeting, under a key made for this meeting alone: a
        // fixed nonce per side is never used twice with one key.
        let mut nonce = crypto_box::Nonce::default();
        nonce[0] = match self {
            Side::Initiator => 1,
            Side::Responder => 2,
        };
        nonce
    }
}

impl LinkSecret {
    pub fn generate() -> Result<Self, KeyError> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        getrandom::fill(bytes.as_mut()).map_err(|_| KeyError::Random)?;
        Ok(Self(SecretKey::from_bytes(*bytes)))
    }

    /// The half that goes in this phone's hello.
    pub fn public(&self) -> [u8; PUBLIC_KEY_LEN] {
        self.0.public_key().to_bytes()
    }

    /// The key this phone and the one whose hello carried `theirs` agree on.
    pub fn agree(&self, theirs: &[u8; PUBLIC_KEY_LEN]) -> LinkBox {
        LinkBox(SalsaBox::new(&PublicKey::from_bytes(*theirs), &self.0))
    }
}

/// The key two phones agreed on for one meeting.
pub struct LinkBox(SalsaBox);

impl std::fmt::Debug for LinkBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkBox(..)")
    }
}

/// What boxing adds to a frame's body (Poly1305's tag).
const TAG_LEN: usize = 16;

impl LinkBox {
    /// Writes `msg` as one frame boxed by `from`: its length, then the box of the compressed
    /// message.
    pub fn write<T: Serialize>(
        &self,
        w: &mut (impl std::io::Write + ?Sized),
        from: Side,
        msg: &T,
    ) -> Result<(), FrameError> {
        let body = codec::encode(msg, Compression::Zstd).map_err(|_| FrameError::Encode)?;
        let boxed = self
            .0
            .encrypt(&from.nonce(), body.as_slice())
            .map_err(|_| FrameError::Encode)?;
        write_raw_frame(w, &boxed)
    }

    /// Reads one frame `from` boxed, within `limits` (the box's tag aside); a frame that does not
    /// open with this meeting's key — altered, or boxed for another meeting or by the other side —
    /// is refused whole.
    pub fn read<T: DeserializeOwned>(
        &self,
        r: &mut (impl std::io::Read + ?Sized),
        from: Side,
        limits: crate::Limits,
    ) -> Result<T, FrameError> {
        let boxed = read_raw_frame(r, limits.max_body + TAG_LEN)?;
        let body = self
            .0
            .decrypt(&from.nonce(), boxed.as_slice())
            .map_err(|_| FrameError::Unboxed)?;
        Ok(codec::decode(&body, Compression::Zstd, &limits)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::bundle_limits;

    #[test]
    fn only_the_two_phones_of_a_meeting_open_its_frames() {
        let (a, b) = (
            LinkSecret::generate().unwrap(),
            LinkSecret::generate().unwrap(),
        );
        let (ab, ba) = (a.agree(&b.public()), b.agree(&a.public()));
        let mut wire = Vec::new();
        ab.write(&mut wire, Side::Initiator, &"the herder's check-in")
            .unwrap();
        assert!(!wire.windows(6).any(|w| w == b"herder"), "not readable");
        let read: String = ba
            .read(&mut &wire[..], Side::Initiator, bundle_limits())
            .unwrap();
        assert_eq!(read, "the herder's check-in");
        // Replayed as the other side's frame, bent, or read by a third key: refused.
        assert!(matches!(
            ba.read::<String>(&mut &wire[..], Side::Responder, bundle_limits()),
            Err(FrameError::Unboxed)
        ));
        let mut bent = wire.clone();
        let last = bent.len() - 1;
        bent[last] ^= 1;
        assert!(matches!(
            ba.read::<String>(&mut &bent[..], Side::Initiator, bundle_limits()),
            Err(FrameError::Unboxed)
        ));
        let mallory = LinkSecret::generate().unwrap().agree(&a.public());
        assert!(matches!(
            mallory.read::<String>(&mut &wire[..], Side::Initiator, bundle_limits()),
            Err(FrameError::Unboxed)
        ));
    }
}
