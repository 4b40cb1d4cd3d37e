//! Identity that works without a network (ADR 0011): each device signs what it writes with its
//! own Ed25519 key, and the server vouches for devices with certificates it signs with its key.
//! A phone that has the server's public key checks a certificate, a change or a bundle offline;
//! the server checks every change it did not receive from its author's own authenticated sync
//! against the author device's registered key.
//!
//! Every signature covers a context string and the bytes it vouches for, so a signature made
//! for one purpose (a change) can never be replayed as another (a certificate, a bundle).

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// Bytes of a public key and of a signature.
pub const PUBLIC_KEY_LEN: usize = 32;
pub const SIGNATURE_LEN: usize = 64;

/// What a signature is for; part of the signed bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A device's change, over its automerge hash.
    Change,
    /// The server's certificate of a device, over the certificate's encoded body.
    Certificate,
    /// A bundle file's body, by the device or the server that wrote it.
    Bundle,
    /// The server's list of revoked devices.
    Revocations,
    /// A phone met proving it holds the key its certificate names, over both sides' nonces.
    PeerProof,
}

impl Purpose {
    fn context(self) -> &'static [u8] {
        match self {
            Purpose::Change => b"steppe/change/v1\0",
            Purpose::Certificate => b"steppe/certificate/v1\0",
            Purpose::Bundle => b"steppe/bundle/v1\0",
            Purpose::Revocations => b"steppe/revocations/v1\0",
            Purpose::PeerProof => b"steppe/peer-proof/v1\0",
        }
    }
}

/// A secret signing key: a device's (sealed in the store, itself keyed from the Keystore or
/// Keychain) or the server's.
pub struct SecretKey(SigningKey);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretKey({})", hex_of(&self.public()))
    }
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the system's random source failed")]
    Random,
    #[error("a key must be {PUBLIC_KEY_LEN} bytes")]
    Length,
}

impl SecretKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Result<Self, KeyError> {
        let mut seed = Zeroizing::new([0u8; 32]);
        getrandom::fill(seed.as_mut()).map_err(|_| KeyError::Random)?;
        Ok(Self(SigningKey::from_bytes(&seed)))
    }

    /// The key whose secret bytes are `secret` (as [`SecretKey::secret`] gave them).
    pub fn from_secret(secret: &[u8]) -> Result<Self, KeyError> {
        let seed: Zeroizing<[u8; 32]> =
            Zeroizing::new(secret.try_into().map_err(|_| KeyError::Length)?);
        Ok(Self(SigningKey::from_bytes(&seed)))
    }

    /// The secret bytes, to store sealed.
    pub fn secret(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.0.to_bytes())
    }

    pub fn public(&self) -> [u8; PUBLIC_KEY_LEN] {
        self.0.verifying_key().to_bytes()
    }

    /// Signs `bytes` for `purpose`.
    pub fn sign(&self, purpose: Purpose, bytes: &[u8]) -> [u8; SIGNATURE_LEN] {
        self.0.sign(&signed_bytes(purpose, bytes)).to_bytes()
    }
}

fn signed_bytes(purpose: Purpose, bytes: &[u8]) -> Vec<u8> {
    let mut out = purpose.context().to_vec();
    out.extend_from_slice(bytes);
    out
}

/// Whether `signature` is `public`'s over `bytes` for `purpose`. Malformed keys and signatures
/// are simply not valid; the strict check refuses the weak keys and malleable signatures a
/// forger could craft.
pub fn verify(public: &[u8], purpose: Purpose, bytes: &[u8], signature: &[u8]) -> bool {
    let (Ok(public), Ok(signature)) = (
        <[u8; PUBLIC_KEY_LEN]>::try_from(public),
        <[u8; SIGNATURE_LEN]>::try_from(signature),
    ) else {
        return false;
    };
    let Ok(key) = VerifyingKey::from_bytes(&public) else {
        return false;
    };
    let signature = Signature::from_bytes(&signature);
    key.verify_strict(&signed_bytes(purpose, bytes), &signature)
        .is_ok()
}

/// What the server vouches for about a device, at a moment: who writes with it, with which key,
/// and what its user could read and write then. Checked offline by phones that meet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// The layout of this body; a phone refuses one it does not know.
    pub version: u8,
    pub device_id: String,
    pub user_id: String,
    /// How history names the user and the device, on phones that meet it before the server
    /// has told them.
    pub user_name: String,
    pub device_name: String,
    /// The automerge actor the device writes as.
    #[serde(with = "serde_bytes")]
    pub actor: Vec<u8>,
    /// The device's public key.
    #[serde(with = "serde_bytes")]
    pub public_key: Vec<u8>,
    /// The organisations the user could read at issuance.
    pub readable: Vec<[u8; 16]>,
    /// The roles the user held at issuance, as (organisation, role code): what a phone that
    /// meets this device decides its changes by, as the server would.
    pub grants: Vec<([u8; 16], String)>,
    /// The server's X25519 box key, which sealed forwards are boxed to: signed here so that no
    /// one between the phone and the server can swap it.
    #[serde(with = "serde_bytes")]
    pub box_key: Vec<u8>,
    /// Milliseconds since the Unix epoch.
    pub issued_at: i64,
    pub expires_at: i64,
}

/// The layout of [`Certificate`] this build writes and reads.
pub const CERTIFICATE_VERSION: u8 = 1;

/// A certificate as it travels: its encoded body and the server's signature over it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedCertificate {
    #[serde(with = "serde_bytes")]
    pub body: Vec<u8>,
    #[serde(with = "serde_bytes")]
    pub signature: Vec<u8>,
}

/// Why a certificate is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    #[error("the certificate is not signed by this server")]
    BadSignature,
    #[error("the certificate cannot be read")]
    Malformed,
    #[error("the certificate has expired")]
    Expired,
    #[error("the certificate's device is revoked")]
    Revoked,
}

impl SignedCertificate {
    /// The server's certificate of `cert`.
    pub fn issue(server: &SecretKey, cert: &Certificate) -> Self {
        // Encoding a plain struct of bytes, strings and numbers cannot fail.
        let body = postcard::to_stdvec(cert).unwrap_or_default();
        let signature = server.sign(Purpose::Certificate, &body).to_vec();
        Self { body, signature }
    }

    /// The certificate, if `server_key` signed it, it is of a layout this build reads, and it is
    /// still valid at `now_ms`.
    pub fn verify(&self, server_key: &[u8], now_ms: i64) -> Result<Certificate, CertificateError> {
        if self.body.len() > MAX_CERTIFICATE {
            return Err(CertificateError::Malformed);
        }
        if !verify(
            server_key,
            Purpose::Certificate,
            &self.body,
            &self.signature,
        ) {
            return Err(CertificateError::BadSignature);
        }
        let cert: Certificate =
            postcard::from_bytes(&self.body).map_err(|_| CertificateError::Malformed)?;
        if cert.version != CERTIFICATE_VERSION
            || cert.public_key.len() != PUBLIC_KEY_LEN
            || cert.box_key.len() != PUBLIC_KEY_LEN
        {
            return Err(CertificateError::Malformed);
        }
        if now_ms >= cert.expires_at {
            return Err(CertificateError::Expired);
        }
        Ok(cert)
    }
}

/// The largest certificate body read: a user with roles on many units still fits.
pub const MAX_CERTIFICATE: usize = 64 << 10;

/// Device → server (`/v1/certificate`, with the device's token): the device's public key, at
/// every online sync. The first key a device presents is the one it keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateRequest {
    #[serde(with = "serde_bytes")]
    pub public_key: Vec<u8>,
}

/// Server → device: a fresh certificate, the server's public key to check others with, and the
/// devices it has revoked (for phones that meet to refuse).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateResponse {
    #[serde(with = "serde_bytes")]
    pub server_key: Vec<u8>,
    pub certificate: SignedCertificate,
    pub revocations: SignedRevocations,
}

/// The devices the server has revoked, as of `issued_at`: phones pass the newest list they hold
/// to every phone they meet, so a revoked device is refused before its certificate runs out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocations {
    pub issued_at: i64,
    pub devices: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedRevocations {
    #[serde(with = "serde_bytes")]
    pub body: Vec<u8>,
    #[serde(with = "serde_bytes")]
    pub signature: Vec<u8>,
}

/// The largest revocation list read.
pub const MAX_REVOCATIONS: usize = 1 << 20;

impl SignedRevocations {
    pub fn issue(server: &SecretKey, list: &Revocations) -> Self {
        let body = postcard::to_stdvec(list).unwrap_or_default();
        let signature = server.sign(Purpose::Revocations, &body).to_vec();
        Self { body, signature }
    }

    /// The list, if `server_key` signed it.
    pub fn verify(&self, server_key: &[u8]) -> Result<Revocations, CertificateError> {
        if self.body.len() > MAX_REVOCATIONS {
            return Err(CertificateError::Malformed);
        }
        if !verify(
            server_key,
            Purpose::Revocations,
            &self.body,
            &self.signature,
        ) {
            return Err(CertificateError::BadSignature);
        }
        postcard::from_bytes(&self.body).map_err(|_| CertificateError::Malformed)
    }
}

/// The HTTP path where a device presents its key and receives a certificate.
pub const CERTIFICATE_PATH: &str = "/v1/certificate";

#[cfg(test)]
mod tests {
    use super::*;

    fn certificate(expires_at: i64, key: &SecretKey) -> Certificate {
        Certificate {
            version: CERTIFICATE_VERSION,
            device_id: "d1".into(),
            user_id: "u1".into(),
            user_name: "牧民".into(),
            device_name: "手机".into(),
            actor: vec![7; 16],
            public_key: key.public().to_vec(),
            readable: vec![[1; 16]],
            grants: vec![([1; 16], "member".into())],
            box_key: vec![9; 32],
            issued_at: 0,
            expires_at,
        }
    }

    #[test]
    fn a_signature_holds_only_for_its_key_bytes_and_purpose() {
        let key = SecretKey::generate().unwrap();
        let other = SecretKey::generate().unwrap();
        let sig = key.sign(Purpose::Change, b"hash");
        assert!(verify(&key.public(), Purpose::Change, b"hash", &sig));
        assert!(!verify(&other.public(), Purpose::Change, b"hash", &sig));
        assert!(!verify(&key.public(), Purpose::Change, b"hasH", &sig));
        assert!(!verify(&key.public(), Purpose::Bundle, b"hash", &sig));
        let mut bent = sig;
        bent[5] ^= 1;
        assert!(!verify(&key.public(), Purpose::Change, b"hash", &bent));
        assert!(!verify(&key.public()[..31], Purpose::Change, b"hash", &sig));
        assert!(!verify(&key.public(), Purpose::Change, b"hash", &sig[..63]));
        let again = SecretKey::from_secret(key.secret().as_ref()).unwrap();
        assert_eq!(again.public(), key.public());
    }

    #[test]
    fn a_certificate_is_read_only_when_the_server_signed_it_and_it_has_not_expired() {
        let server = SecretKey::generate().unwrap();
        let device = SecretKey::generate().unwrap();
        let signed = SignedCertificate::issue(&server, &certificate(1_000, &device));
        assert_eq!(
            signed.verify(&server.public(), 999).unwrap().device_id,
            "d1"
        );
        assert_eq!(
            signed.verify(&server.public(), 1_000),
            Err(CertificateError::Expired)
        );
        let forger = SecretKey::generate().unwrap();
        assert_eq!(
            signed.verify(&forger.public(), 0),
            Err(CertificateError::BadSignature)
        );
        // A device that re-signs its own certificate with a longer life is not believed.
        let longer = SignedCertificate::issue(&device, &certificate(i64::MAX, &device));
        assert_eq!(
            longer.verify(&server.public(), 0),
            Err(CertificateError::BadSignature)
        );
        let mut bent = signed.clone();
        bent.body[3] ^= 1;
        assert_eq!(
            bent.verify(&server.public(), 0),
            Err(CertificateError::BadSignature)
        );
    }
}
