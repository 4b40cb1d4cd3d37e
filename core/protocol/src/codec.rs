//! Encoding and bounded decoding.

use std::io::{Read, Write};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::VERSION;
use crate::limits::Limits;
use crate::messages::{SyncRequest, SyncResponse, WireChange};

/// How a body is compressed on the wire (HTTP `Content-Encoding: deflate` or none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Deflate,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    #[error("body of {0} bytes exceeds the limit")]
    BodyTooLarge(usize),
    #[error("decompressed body exceeds {0} bytes")]
    DecodedTooLarge(usize),
    #[error("body is not valid compressed data")]
    BadCompression,
    #[error("protocol version {0} is not supported (this build speaks {VERSION})")]
    Version(u8),
    #[error("malformed message")]
    Malformed,
    #[error("message has {0} items, over the limit")]
    TooManyItems(usize),
    #[error("a change of {0} bytes exceeds the limit")]
    ChangeTooLarge(usize),
}

#[derive(Debug, thiserror::Error)]
#[error("could not encode message")]
pub struct EncodeError;

fn encode<T: Serialize>(msg: &T, compression: Compression) -> Result<Vec<u8>, EncodeError> {
    let mut raw = vec![VERSION];
    raw.extend(postcard::to_stdvec(msg).map_err(|_| EncodeError)?);
    match compression {
        Compression::None => Ok(raw),
        Compression::Deflate => {
            let mut enc =
                flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
            enc.write_all(&raw).map_err(|_| EncodeError)?;
            enc.finish().map_err(|_| EncodeError)
        }
    }
}

fn decode<T: DeserializeOwned>(
    body: &[u8],
    compression: Compression,
    limits: &Limits,
) -> Result<T, DecodeError> {
    if body.len() > limits.max_body {
        return Err(DecodeError::BodyTooLarge(body.len()));
    }
    let raw = match compression {
        Compression::None => body.to_vec(),
        Compression::Deflate => {
            // Read at most one byte past the limit: a compression bomb stops there.
            let mut out = Vec::new();
            flate2::read::DeflateDecoder::new(body)
                .take(limits.max_decoded as u64 + 1)
                .read_to_end(&mut out)
                .map_err(|_| DecodeError::BadCompression)?;
            if out.len() > limits.max_decoded {
                return Err(DecodeError::DecodedTooLarge(limits.max_decoded));
            }
            out
        }
    };
    if raw.len() > limits.max_decoded {
        return Err(DecodeError::DecodedTooLarge(limits.max_decoded));
    }
    let (&version, rest) = raw.split_first().ok_or(DecodeError::Malformed)?;
    if version != VERSION {
        return Err(DecodeError::Version(version));
    }
    let (msg, tail) = postcard::take_from_bytes(rest).map_err(|_| DecodeError::Malformed)?;
    if !tail.is_empty() {
        return Err(DecodeError::Malformed);
    }
    Ok(msg)
}

fn check_changes(changes: &[WireChange], limits: &Limits) -> Result<(), DecodeError> {
    if changes.len() > limits.max_changes {
        return Err(DecodeError::TooManyItems(changes.len()));
    }
    if let Some(c) = changes
        .iter()
        .find(|c| c.bytes.len() > limits.max_change || c.bytes.is_empty())
    {
        return Err(DecodeError::ChangeTooLarge(c.bytes.len()));
    }
    Ok(())
}

pub fn encode_request(req: &SyncRequest, compression: Compression) -> Result<Vec<u8>, EncodeError> {
    encode(req, compression)
}

pub fn encode_response(
    resp: &SyncResponse,
    compression: Compression,
) -> Result<Vec<u8>, EncodeError> {
    encode(resp, compression)
}

pub fn decode_request(
    body: &[u8],
    compression: Compression,
    limits: &Limits,
) -> Result<SyncRequest, DecodeError> {
    let req: SyncRequest = decode(body, compression, limits)?;
    check_changes(&req.upload, limits)?;
    Ok(req)
}

pub fn decode_response(
    body: &[u8],
    compression: Compression,
    limits: &Limits,
) -> Result<SyncResponse, DecodeError> {
    let resp: SyncResponse = decode(body, compression, limits)?;
    check_changes(&resp.changes, limits)?;
    if resp.rejected.len() > limits.max_entries || resp.actors.len() > limits.max_entries {
        return Err(DecodeError::TooManyItems(
            resp.rejected.len().max(resp.actors.len()),
        ));
    }
    Ok(resp)
}

/// Any other message (enrollment), with the same bounds.
pub fn decode_message<T: DeserializeOwned>(body: &[u8], limits: &Limits) -> Result<T, DecodeError> {
    decode(body, Compression::None, limits)
}

pub fn encode_message<T: Serialize>(msg: &T) -> Result<Vec<u8>, EncodeError> {
    encode(msg, Compression::None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::*;
    use proptest::prelude::*;

    fn response() -> SyncResponse {
        SyncResponse {
            acked_through: 7,
            rejected: vec![Rejection {
                doc: [1; 16],
                hash: [2; 32],
                reason: RejectReason::OutOfScope,
                detail: "x".into(),
            }],
            changes: vec![WireChange {
                doc: [3; 16],
                bytes: vec![9; 100],
            }],
            actors: vec![],
            cursor: 1000,
            more: false,
        }
    }

    #[test]
    fn round_trips_both_ways_and_compressions() {
        for c in [Compression::None, Compression::Deflate] {
            let bytes = encode_response(&response(), c).unwrap();
            assert_eq!(
                decode_response(&bytes, c, &Limits::default()).unwrap(),
                response()
            );
        }
    }

    #[test]
    fn idle_request_is_tiny() {
        let req = SyncRequest {
            cursor: 123_456,
            upload: vec![],
            upload_through: 99,
            page_bytes: 1 << 18,
        };
        assert!(encode_request(&req, Compression::None).unwrap().len() <= 12);
    }

    #[test]
    fn refuses_wrong_version_trailing_bytes_and_oversize() {
        let mut bytes = encode_response(&response(), Compression::None).unwrap();
        bytes[0] = 9;
        assert_eq!(
            decode_response(&bytes, Compression::None, &Limits::default()),
            Err(DecodeError::Version(9))
        );
        let mut bytes = encode_response(&response(), Compression::None).unwrap();
        bytes.push(0);
        assert_eq!(
            decode_response(&bytes, Compression::None, &Limits::default()),
            Err(DecodeError::Malformed)
        );
        let small = Limits {
            max_body: 10,
            ..Limits::default()
        };
        assert!(matches!(
            decode_response(
                &encode_response(&response(), Compression::None).unwrap(),
                Compression::None,
                &small
            ),
            Err(DecodeError::BodyTooLarge(_))
        ));
        let one_change = Limits {
            max_change: 50,
            ..Limits::default()
        };
        assert!(matches!(
            decode_response(
                &encode_response(&response(), Compression::None).unwrap(),
                Compression::None,
                &one_change
            ),
            Err(DecodeError::ChangeTooLarge(100))
        ));
    }

    #[test]
    fn a_compression_bomb_stops_at_the_limit() {
        let zeros = vec![0u8; 64 << 20];
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&zeros).unwrap();
        let bomb = enc.finish().unwrap();
        assert!(bomb.len() < 1 << 20);
        assert_eq!(
            decode_request(&bomb, Compression::Deflate, &Limits::default()),
            Err(DecodeError::DecodedTooLarge(32 << 20))
        );
    }

    #[test]
    fn a_huge_length_prefix_does_not_allocate() {
        // version, cursor 0, then an upload count of 2^60.
        let bytes = [
            VERSION, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10,
        ];
        assert_eq!(
            decode_request(&bytes, Compression::None, &Limits::default()),
            Err(DecodeError::Malformed)
        );
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = decode_request(&bytes, Compression::None, &Limits::default());
            let _ = decode_response(&bytes, Compression::Deflate, &Limits::default());
        }
    }
}
