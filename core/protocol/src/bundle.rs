//! Bundle files: changes carried by hand where no network reaches (ADR 0011). A phone writes its
//! unsent changes to a file that the server imports as if the phone had synced; the server writes
//! what an organisation's members may read to a file that phones apply. A bundle is signed whole
//! by whoever wrote it, and each of a device's changes carries its own signature, so a damaged or
//! altered file is refused whole and no change can be passed off as another device's.

use serde::{Deserialize, Serialize};

use crate::codec::{self, Compression, DecodeError, EncodeError};
use crate::signing::{self, Purpose, SIGNATURE_LEN, SecretKey, SignedCertificate};
use crate::{ActorEntry, DocChanges, Limits};

/// The first bytes of every bundle file, so a wrong file is told apart from a damaged one.
pub const MAGIC: &[u8; 8] = b"STEPPEB\x01";

/// A device's own unsent changes, for the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceBundle {
    pub device_id: String,
    /// The last certificate the device holds, so a phone that meets it can check it offline.
    pub certificate: Option<SignedCertificate>,
    pub created_at: i64,
    /// The device's changes, oldest first, grouped by document as in an upload.
    pub changes: Vec<DocChanges>,
    /// The device's signature over each change's hash, in the order of `changes`; or none,
    /// when the file's signature is to vouch for them (a bundle made for one reader, who has no
    /// use for taking it apart, and saves 64 bytes a change on a slow link).
    pub signatures: Vec<serde_bytes::ByteBuf>,
    /// The outbox position of the last change, as `SyncRequest::upload_through`.
    pub through: u64,
}

/// What the server gives the members of one organisation to side-load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerBundle {
    /// The organisation whose members' reading the bundle holds.
    pub org: [u8; 16],
    pub created_at: i64,
    pub changes: Vec<DocChanges>,
    pub actors: Vec<ActorEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BundleBody {
    Device(DeviceBundle),
    Server(ServerBundle),
}

impl BundleBody {
    fn changes(&self) -> &[DocChanges] {
        match self {
            BundleBody::Device(d) => &d.changes,
            BundleBody::Server(s) => &s.changes,
        }
    }
}

/// A bundle as stored: its encoded body and the writer's signature over it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct BundleFile {
    #[serde(with = "serde_bytes")]
    body: Vec<u8>,
    #[serde(with = "serde_bytes")]
    signature: Vec<u8>,
}

/// How large a bundle may be: a month of a gacha's work is well inside.
pub fn bundle_limits() -> Limits {
    Limits {
        max_body: 32 << 20,
        max_decoded: 64 << 20,
        max_changes: 200_000,
        max_change: 1 << 20,
        max_entries: 200_000,
    }
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    #[error("not a Steppe bundle file")]
    NotABundle,
    #[error("the bundle is damaged: {0}")]
    Damaged(#[from] DecodeError),
    #[error("the bundle's signature does not match its contents")]
    BadSignature,
    #[error("a change's signature does not match it")]
    BadChangeSignature,
    #[error("the bundle could not be written")]
    Encode,
}

impl From<EncodeError> for BundleError {
    fn from(_: EncodeError) -> Self {
        BundleError::Encode
    }
}

/// The file of `body`, signed by `key` (the device's for a device bundle, the server's for a
/// server bundle).
pub fn write_bundle(body: &BundleBody, key: &SecretKey) -> Result<Vec<u8>, BundleError> {
    let body = postcard::to_stdvec(body).map_err(|_| BundleError::Encode)?;
    let signature = key.sign(Purpose::Bundle, &body).to_vec();
    let mut out = MAGIC.to_vec();
    out.extend(codec::encode(
        &BundleFile { body, signature },
        Compression::Zstd,
    )?);
    Ok(out)
}

/// A bundle file opened but not yet believed: its body is read, its signature not yet checked
/// (the key to check it with depends on who it claims to be from).
#[derive(Debug)]
pub struct UncheckedBundle {
    file: BundleFile,
    pub body: BundleBody,
}

/// Opens a bundle file within [`bundle_limits`]. Nothing in it is trusted yet.
pub fn read_bundle(bytes: &[u8]) -> Result<UncheckedBundle, BundleError> {
    let rest = bytes.strip_prefix(MAGIC).ok_or(BundleError::NotABundle)?;
    let limits = bundle_limits();
    let file: BundleFile = codec::decode(rest, Compression::Zstd, &limits)?;
    let (body, tail) =
        postcard::take_from_bytes::<BundleBody>(&file.body).map_err(|_| DecodeError::Malformed)?;
    if !tail.is_empty() {
        return Err(DecodeError::Malformed.into());
    }
    codec::check_changes(body.changes(), &limits)?;
    if let BundleBody::Device(d) = &body {
        let count: usize = d.changes.iter().map(|g| g.changes.len()).sum();
        let each = d.signatures.len() == count || d.signatures.is_empty();
        if !each || d.signatures.iter().any(|s| s.len() != SIGNATURE_LEN) {
            return Err(DecodeError::Malformed.into());
        }
    }
    if let BundleBody::Server(s) = &body
        && s.actors.len() > limits.max_entries
    {
        return Err(DecodeError::TooManyItems(s.actors.len()).into());
    }
    Ok(UncheckedBundle { file, body })
}

impl UncheckedBundle {
    /// The body, if `public_key` signed the whole file.
    pub fn verified_by(self, public_key: &[u8]) -> Result<BundleBody, BundleError> {
        if signing::verify(
            public_key,
            Purpose::Bundle,
            &self.file.body,
            &self.file.signature,
        ) {
            Ok(self.body)
        } else {
            Err(BundleError::BadSignature)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device_body() -> BundleBody {
        BundleBody::Device(DeviceBundle {
            device_id: "d1".into(),
            certificate: None,
            created_at: 5,
            changes: vec![DocChanges {
                doc: Some([3; 16]),
                changes: vec![vec![9; 40], vec![8; 40]],
            }],
            signatures: vec![
                serde_bytes::ByteBuf::from(vec![1; 64]),
                serde_bytes::ByteBuf::from(vec![2; 64]),
            ],
            through: 2,
        })
    }

    #[test]
    fn a_bundle_round_trips_and_only_its_writer_vouches_for_it() {
        let key = SecretKey::generate().unwrap();
        let file = write_bundle(&device_body(), &key).unwrap();
        let opened = read_bundle(&file).unwrap();
        assert_eq!(opened.body, device_body());
        assert_eq!(opened.verified_by(&key.public()).unwrap(), device_body());
        let other = SecretKey::generate().unwrap();
        assert_eq!(
            read_bundle(&file).unwrap().verified_by(&other.public()),
            Err(BundleError::BadSignature)
        );
    }

    /// A byte of the compression's framing may change without changing what it decodes to;
    /// whatever is believed is exactly what was signed.
    #[test]
    fn every_damaged_byte_is_refused_whole_or_changes_nothing() {
        let key = SecretKey::generate().unwrap();
        let file = write_bundle(&device_body(), &key).unwrap();
        let mut refused = 0;
        for i in 0..file.len() {
            let mut bent = file.clone();
            bent[i] ^= 0x40;
            match read_bundle(&bent).and_then(|b| b.verified_by(&key.public())) {
                Ok(body) => assert_eq!(body, device_body(), "byte {i} altered what is believed"),
                Err(_) => refused += 1,
            }
        }
        assert!(refused > file.len() * 9 / 10, "{refused} of {}", file.len());
        assert_eq!(
            read_bundle(b"PK\x03\x04 a zip file").unwrap_err(),
            BundleError::NotABundle
        );
        assert!(read_bundle(&file[..file.len() / 2]).is_err(), "cut short");
    }

    #[test]
    fn a_device_bundle_has_one_signature_per_change_or_none() {
        let key = SecretKey::generate().unwrap();
        let BundleBody::Device(mut d) = device_body() else {
            unreachable!()
        };
        let mut none = d.clone();
        none.signatures.clear();
        let file = write_bundle(&BundleBody::Device(none), &key).unwrap();
        assert!(
            read_bundle(&file).is_ok(),
            "the file's signature vouches for them"
        );
        d.signatures.pop();
        let file = write_bundle(&BundleBody::Device(d), &key).unwrap();
        assert!(matches!(
            read_bundle(&file),
            Err(BundleError::Damaged(DecodeError::Malformed))
        ));
    }
}
