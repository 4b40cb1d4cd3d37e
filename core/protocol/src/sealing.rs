//! Sealed forwarding (ADR 0011): what a phone hands a relay for the server, boxed to the server's
//! X25519 key (libsodium's anonymous sealed box, `crypto_box`), so the relay carries it and cannot
//! read it. Sealing hides; it does not vouch: what is inside is a device bundle, signed by its
//! author, which the server checks after opening it. The box key is separate from the server's
//! signing key, as the curve's designers advise.

use crypto_box::aead::OsRng;
use zeroize::Zeroizing;

use crate::signing::{KeyError, PUBLIC_KEY_LEN};

/// The server's secret box key.
pub struct BoxSecret(crypto_box::SecretKey);

impl std::fmt::Debug for BoxSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BoxSecret(..)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("the server's box key is malformed")]
    Key,
    #[error("the sealed item cannot be opened with this server's key")]
    Open,
    #[error("could not seal")]
    Seal,
}

impl BoxSecret {
    pub fn generate() -> Result<Self, KeyError> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        getrandom::fill(bytes.as_mut()).map_err(|_| KeyError::Random)?;
        Ok(Self(crypto_box::SecretKey::from_bytes(*bytes)))
    }

    pub fn from_secret(secret: &[u8]) -> Result<Self, KeyError> {
        let bytes: [u8; 32] = secret.try_into().map_err(|_| KeyError::Length)?;
        Ok(Self(crypto_box::SecretKey::from_bytes(bytes)))
    }

    pub fn secret(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.0.to_bytes())
    }

    pub fn public(&self) -> [u8; PUBLIC_KEY_LEN] {
        self.0.public_key().to_bytes()
    }

    /// What was sealed to this key.
    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, SealError> {
        self.0.unseal(sealed).map_err(|_| SealError::Open)
    }
}

/// `plaintext` sealed to the server whose box key is `public`: only that server opens it.
pub fn seal(public: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, SealError> {
    let key: [u8; PUBLIC_KEY_LEN] = public.try_into().map_err(|_| SealError::Key)?;
    crypto_box::PublicKey::from_bytes(key)
        .seal(&mut OsRng, plaintext)
        .map_err(|_| SealError::Seal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_server_opens_what_was_sealed_to_it_and_a_bent_box_does_not_open() {
        let server = BoxSecret::generate().unwrap();
        let sealed = seal(&server.public(), b"the herder's bundle").unwrap();
        assert!(!sealed.windows(6).any(|w| w == b"herder"), "not readable");
        assert_eq!(server.open(&sealed).unwrap(), b"the herder's bundle");
        let other = BoxSecret::generate().unwrap();
        assert_eq!(other.open(&sealed), Err(SealError::Open));
        let mut bent = sealed.clone();
        let last = bent.len() - 1;
        bent[last] ^= 1;
        assert_eq!(server.open(&bent), Err(SealError::Open));
        let again = BoxSecret::from_secret(server.secret().as_ref()).unwrap();
        assert_eq!(again.open(&sealed).unwrap(), b"the herder's bundle");
    }
}
