//! Encoding and bounded decoding.

use std::io::Read;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::VERSION;
use crate::limits::Limits;
use crate::messages::{DocChanges, SyncRequest, SyncResponse};

/// How a body is compressed on the wire (HTTP `Content-Encoding: zstd` or none).
///
/// zstd rather than deflate: on a first sync of 10,000 records it came to 0.66× deflate's size
/// (its entropy coder and repeat offsets suit columnar change bytes), and it decodes faster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Zstd,
}

impl Compression {
    /// The HTTP `Content-Encoding` token.
    pub fn token(self) -> Option<&'static str> {
        match self {
            Self::None => None,
            Self::Zstd => Some("zstd"),
        }
    }

    /// From an HTTP `Content-Encoding` value; `None` for an encoding this build does not speak.
    pub fn from_token(token: Option<&str>) -> Option<Self> {
        match token.map(str::trim) {
            None | Some("") | Some("identity") => Some(Self::None),
            Some("zstd") => Some(Self::Zstd),
            Some(_) => None,
        }
    }
}

/// Bodies from this size on (a first sync's pages) take the strongest level: there bytes cost
/// seconds on 2G and the server compresses far faster than such a link carries. Smaller ones (an
/// incremental sync in a reconnect storm) take a cheap level: level 19's larger tables and CPU
/// tripled the storm's memory and its PostgreSQL p99 when every response used it.
pub const STRONG_FROM: usize = 64 << 10;
#[cfg(feature = "native-zstd")]
const STRONG_UP_TO: usize = 8 << 20;
/// The most memory a decoder may use for its window (2^25 = 32 MiB, the decoded-size limit).
const MAX_WINDOW_LOG: u32 = 25;

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

pub(crate) fn encode<T: Serialize>(
    msg: &T,
    compression: Compression,
) -> Result<Vec<u8>, EncodeError> {
    let mut raw = vec![VERSION];
    raw.extend(postcard::to_stdvec(msg).map_err(|_| EncodeError)?);
    match compression {
        Compression::None => Ok(raw),
        Compression::Zstd => compress(&raw),
    }
}

/// The server links the reference zstd library and compresses hard: a first sync's page is where
/// bytes cost seconds on 2G, and it compresses far faster than such a link carries.
#[cfg(feature = "native-zstd")]
fn compress(raw: &[u8]) -> Result<Vec<u8>, EncodeError> {
    let level = match raw.len() {
        n if n < STRONG_FROM => 3,
        n if n <= STRONG_UP_TO => 19,
        _ => 12,
    };
    let mut z = zstd::bulk::Compressor::new(level).map_err(|_| EncodeError)?;
    // The frame's checksum catches a body damaged in transit: compact changes no longer carry
    // automerge's own.
    z.include_checksum(true).map_err(|_| EncodeError)?;
    z.compress(raw).map_err(|_| EncodeError)
}

/// Phones compress their (small) uploads with a pure-Rust encoder: the reference library would
/// add ~300 KB to the app for a few hundred bytes saved per sync.
#[cfg(not(feature = "native-zstd"))]
fn compress(raw: &[u8]) -> Result<Vec<u8>, EncodeError> {
    Ok(ruzstd::encoding::compress_to_vec(
        raw,
        ruzstd::encoding::CompressionLevel::Fastest,
    ))
}

pub(crate) fn decode<T: DeserializeOwned>(
    body: &[u8],
    compression: Compression,
    limits: &Limits,
) -> Result<T, DecodeError> {
    if body.len() > limits.max_body {
        return Err(DecodeError::BodyTooLarge(body.len()));
    }
    let raw = match compression {
        Compression::None => body.to_vec(),
        Compression::Zstd => {
            // A pure-Rust decoder on both sides: hostile bytes never reach C. Read at most one
            // byte past the limit, so a compression bomb stops there; the window a frame may
            // demand is capped too, so a tiny frame cannot reserve gigabytes.
            let mut decoder = ruzstd::decoding::StreamingDecoder::new_with_max_window_size(
                body,
                1 << MAX_WINDOW_LOG,
            )
            .map_err(|_| DecodeError::BadCompression)?;
            let mut out = Vec::new();
            (&mut decoder)
                .take(limits.max_decoded as u64 + 1)
                .read_to_end(&mut out)
                .map_err(|_| DecodeError::BadCompression)?;
            if out.len() > limits.max_decoded {
                return Err(DecodeError::DecodedTooLarge(limits.max_decoded));
            }
            let (rest, frame) = decoder.into_parts();
            if let (Some(sent), Some(got)) = (
                frame.get_checksum_from_data(),
                frame.get_calculated_checksum(),
            ) && sent != got
            {
                return Err(DecodeError::BadCompression);
            }
            if !rest.is_empty() {
                return Err(DecodeError::Malformed);
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

pub(crate) fn check_changes(groups: &[DocChanges], limits: &Limits) -> Result<(), DecodeError> {
    let count: usize = groups.iter().map(|g| g.changes.len()).sum();
    if count > limits.max_changes || groups.len() > limits.max_changes {
        return Err(DecodeError::TooManyItems(count.max(groups.len())));
    }
    if let Some(c) = groups
        .iter()
        .flat_map(|g| &g.changes)
        .find(|c| c.len() > limits.max_change || c.is_empty())
    {
        return Err(DecodeError::ChangeTooLarge(c.len()));
    }
    if groups.iter().any(|g| g.changes.is_empty()) {
        return Err(DecodeError::Malformed);
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
    if req.want.len() > limits.max_entries {
        return Err(DecodeError::TooManyItems(req.want.len()));
    }
    Ok(req)
}

pub fn decode_response(
    body: &[u8],
    compression: Compression,
    limits: &Limits,
) -> Result<SyncResponse, DecodeError> {
    let resp: SyncResponse = decode(body, compression, limits)?;
    check_changes(&resp.changes, limits)?;
    let visible = resp
        .visible
        .as_ref()
        .map(|v| v.readable.len() + v.published.len() + v.published_kinds.len())
        .unwrap_or(0);
    let most = resp.rejected.len().max(resp.actors.len()).max(visible);
    if most > limits.max_entries {
        return Err(DecodeError::TooManyItems(most));
    }
    Ok(resp)
}

/// A sync response travels as a stream of frames so that a long first sync needs one round trip
/// and the device applies each page while the next is on the way. A frame is the length of what
/// follows (a uleb128), a compression flag (0 none, 1 zstd) and an encoded [`SyncResponse`].
pub fn encode_frame(resp: &SyncResponse, compression: Compression) -> Result<Vec<u8>, EncodeError> {
    let body = encode(resp, compression)?;
    let mut out = Vec::with_capacity(body.len() + 6);
    let mut len = body.len() as u64 + 1;
    loop {
        let byte = (len & 0x7f) as u8;
        len >>= 7;
        if len == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    }
    out.push(match compression {
        Compression::None => 0,
        Compression::Zstd => 1,
    });
    out.extend(body);
    Ok(out)
}

/// One received frame, not yet decoded (decoding a large page is CPU work the caller may want off
/// its async threads).
#[derive(Debug)]
pub struct Frame {
    compression: Compression,
    body: Vec<u8>,
    limits: Limits,
}

impl Frame {
    pub fn decode(&self) -> Result<SyncResponse, DecodeError> {
        decode_response(&self.body, self.compression, &self.limits)
    }
}

/// Reassembles frames from a response body as it arrives, never buffering more than one frame
/// (bounded by `max_body`) plus what has arrived of the next.
#[derive(Debug)]
pub struct FrameReader {
    buf: Vec<u8>,
    limits: Limits,
}

impl FrameReader {
    pub fn new(limits: Limits) -> Self {
        Self {
            buf: Vec::new(),
            limits,
        }
    }

    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// The next complete frame; `Ok(None)` until one has fully arrived.
    pub fn next_frame(&mut self) -> Result<Option<Frame>, DecodeError> {
        let mut len: u64 = 0;
        let mut header = 0;
        loop {
            let Some(&b) = self.buf.get(header) else {
                return Ok(None);
            };
            if header >= 5 {
                return Err(DecodeError::Malformed);
            }
            len |= u64::from(b & 0x7f) << (7 * header);
            header += 1;
            if b & 0x80 == 0 {
                break;
            }
        }
        let len = usize::try_from(len).map_err(|_| DecodeError::Malformed)?;
        if len == 0 || len > self.limits.max_body + 1 {
            return Err(DecodeError::BodyTooLarge(len));
        }
        if self.buf.len() < header + len {
            return Ok(None);
        }
        let mut body: Vec<u8> = self.buf.drain(..header + len).skip(header).collect();
        let compression = match body.remove(0) {
            0 => Compression::None,
            1 => Compression::Zstd,
            _ => return Err(DecodeError::BadCompression),
        };
        Ok(Some(Frame {
            compression,
            body,
            limits: self.limits,
        }))
    }

    /// Whether everything received was consumed (a body that ends mid-frame was cut short).
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }
}

/// Splits a whole response body into frames; a body that ends mid-frame is malformed.
pub fn split_frames(body: &[u8], limits: &Limits) -> Result<Vec<Frame>, DecodeError> {
    let mut reader = FrameReader::new(*limits);
    reader.push(body);
    let mut frames = Vec::new();
    while let Some(f) = reader.next_frame()? {
        frames.push(f);
    }
    if !reader.is_empty() || frames.is_empty() {
        return Err(DecodeError::Malformed);
    }
    Ok(frames)
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
    use std::io::Write;

    fn response() -> SyncResponse {
        SyncResponse {
            acked_through: 7,
            rejected: vec![Rejection {
                doc: [1; 16],
                hash: [2; 32],
                reason: RejectReason::OutOfScope,
                detail: "x".into(),
            }],
            changes: vec![DocChanges {
                doc: Some([3; 16]),
                changes: vec![vec![9; 100]],
            }],
            actors: vec![],
            cursor: 1000,
            scope: Some([4; 8]),
            visible: None,
            more: false,
        }
    }

    #[test]
    fn round_trips_both_ways_and_compressions() {
        for c in [Compression::None, Compression::Zstd] {
            let bytes = encode_response(&response(), c).unwrap();
            assert_eq!(
                decode_response(&bytes, c, &Limits::default()).unwrap(),
                response()
            );
        }
    }

    #[test]
    fn frames_reassemble_from_any_split_and_refuse_oversize() {
        let mut body = Vec::new();
        for c in [Compression::Zstd, Compression::None] {
            body.extend(encode_frame(&response(), c).unwrap());
        }
        for split in [1, 2, 7, body.len() / 2, body.len()] {
            let mut reader = FrameReader::new(Limits::default());
            let mut got = Vec::new();
            for piece in body.chunks(split) {
                reader.push(piece);
                while let Some(f) = reader.next_frame().unwrap() {
                    got.push(f.decode().unwrap());
                }
            }
            assert_eq!(got, vec![response(), response()], "split {split}");
            assert!(reader.is_empty());
        }
        let mut reader = FrameReader::new(Limits {
            max_body: 100,
            ..Limits::default()
        });
        reader.push(&[0xff, 0xff, 0x7f]);
        assert!(matches!(
            reader.next_frame(),
            Err(DecodeError::BodyTooLarge(_))
        ));
        let mut reader = FrameReader::new(Limits::default());
        reader.push(&[2, 9, 0]);
        assert_eq!(
            reader.next_frame().unwrap_err(),
            DecodeError::BadCompression
        );
    }

    #[test]
    fn idle_request_is_tiny() {
        let req = SyncRequest {
            cursor: 123_456,
            scope: [7; 8],
            upload: vec![],
            upload_through: 99,
            page_bytes: 1 << 18,
            want: vec![],
        };
        assert!(encode_request(&req, Compression::None).unwrap().len() <= 30);
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
        let bomb = zstd::stream::encode_all(zeros.as_slice(), 3).unwrap();
        assert!(bomb.len() < 1 << 20);
        assert_eq!(
            decode_request(&bomb, Compression::Zstd, &Limits::default()),
            Err(DecodeError::DecodedTooLarge(32 << 20))
        );
        // Deflate is not spoken at all.
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&[0u8; 1024]).unwrap();
        assert_eq!(
            decode_request(
                &enc.finish().unwrap(),
                Compression::Zstd,
                &Limits::default()
            ),
            Err(DecodeError::BadCompression)
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
            let _ = decode_response(&bytes, Compression::Zstd, &Limits::default());
        }
    }
}
