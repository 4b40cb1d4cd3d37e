//! The four operations SQLCipher asks of a provider, as safe Rust over byte slices: page
//! cipher (AES-256-CBC, no padding), page MAC (HMAC), key derivation (PBKDF2-HMAC) and random
//! bytes. SQLCipher names the hash by number; [`Digest`] decodes it.

use aes::Aes256;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, InOutBuf, KeyIvInit};
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Sha256, Sha512};

/// AES-256: SQLCipher's only cipher since 4.0.
pub const KEY_LEN: usize = 32;
/// CBC's IV is one AES block.
pub const IV_LEN: usize = 16;
/// AES's block.
pub const BLOCK_LEN: usize = 16;

/// Why an operation was refused. SQLCipher only learns "error"; the kind is for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// A hash number SQLCipher does not define.
    UnknownDigest,
    /// A key or IV of the wrong length, or data that is not whole blocks.
    BadLength,
    /// The operating system's random source failed.
    NoEntropy,
}

/// The hashes SQLCipher uses for page MACs and key derivation (`SQLCIPHER_HMAC_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digest {
    /// SQLCipher 3's default.
    Sha1,
    /// Offered as an option.
    Sha256,
    /// SQLCipher 4's default, and what Steppe's stores use.
    Sha512,
}

impl Digest {
    /// Decodes SQLCipher's number for a hash (`SQLCIPHER_HMAC_SHA1` = 0, … `SHA512` = 2; the
    /// `PBKDF2_HMAC_*` numbers are the same).
    pub fn from_code(code: i32) -> Result<Self, Refused> {
        match code {
            0 => Ok(Self::Sha1),
            1 => Ok(Self::Sha256),
            2 => Ok(Self::Sha512),
            _ => Err(Refused::UnknownDigest),
        }
    }

    /// The length of the digest, which is the length of its HMAC.
    pub fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha256 => 32,
            Self::Sha512 => 64,
        }
    }
}

/// HMAC over `parts` in order, written to the start of `out` (which must hold
/// [`Digest::output_len`] bytes). SQLCipher passes the page and then its number as a second part.
pub fn hmac(digest: Digest, key: &[u8], parts: &[&[u8]], out: &mut [u8]) -> Result<(), Refused> {
    fn run<M: Mac + KeyInit>(key: &[u8], parts: &[&[u8]], out: &mut [u8]) -> Result<(), Refused> {
        let mut mac = <M as KeyInit>::new_from_slice(key).map_err(|_| Refused::BadLength)?;
        for part in parts {
            mac.update(part);
        }
        let tag = mac.finalize().into_bytes();
        out.get_mut(..tag.len())
            .ok_or(Refused::BadLength)?
            .copy_from_slice(&tag);
        Ok(())
    }
    match digest {
        Digest::Sha1 => run::<Hmac<Sha1>>(key, parts, out),
        Digest::Sha256 => run::<Hmac<Sha256>>(key, parts, out),
        Digest::Sha512 => run::<Hmac<Sha512>>(key, parts, out),
    }
}

/// PBKDF2 with HMAC over `digest`, filling `out`.
pub fn pbkdf2(
    digest: Digest,
    password: &[u8],
    salt: &[u8],
    rounds: u32,
    out: &mut [u8],
) -> Result<(), Refused> {
    if rounds == 0 {
        return Err(Refused::BadLength);
    }
    match digest {
        Digest::Sha1 => pbkdf2::pbkdf2_hmac::<Sha1>(password, salt, rounds, out),
        Digest::Sha256 => pbkdf2::pbkdf2_hmac::<Sha256>(password, salt, rounds, out),
        Digest::Sha512 => pbkdf2::pbkdf2_hmac::<Sha512>(password, salt, rounds, out),
    }
    Ok(())
}

/// Whether [`cipher`] encrypts or decrypts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `SQLCIPHER_DECRYPT`
    Decrypt,
    /// `SQLCIPHER_ENCRYPT`
    Encrypt,
}

/// AES-256-CBC without padding from `input` to `output` (same length, whole blocks): a page
/// is always a whole number of blocks, so padding would only add a block to strip again.
pub fn cipher(
    mode: Mode,
    key: &[u8],
    iv: &[u8],
    input: &[u8],
    output: &mut [u8],
) -> Result<(), Refused> {
    if !input.len().is_multiple_of(BLOCK_LEN) {
        return Err(Refused::BadLength);
    }
    let buf = InOutBuf::new(input, output).map_err(|_| Refused::BadLength)?;
    let (blocks, _tail) = buf.into_chunks();
    match mode {
        Mode::Encrypt => cbc::Encryptor::<Aes256>::new_from_slices(key, iv)
            .map_err(|_| Refused::BadLength)?
            .encrypt_blocks_inout(blocks),
        Mode::Decrypt => cbc::Decryptor::<Aes256>::new_from_slices(key, iv)
            .map_err(|_| Refused::BadLength)?
            .decrypt_blocks_inout(blocks),
    }
    Ok(())
}

/// Fills `out` from the operating system's random source. SQLCipher draws every page's IV
/// from here, so it must be unpredictable, not merely unique.
pub fn random(out: &mut [u8]) -> Result<(), Refused> {
    getrandom::fill(out).map_err(|_| Refused::NoEntropy)
}

#[cfg(test)]
mod tests {
    //! Published test vectors: NIST SP 800-38A (AES-256-CBC), RFC 4231 and RFC 2202 (HMAC),
    //! RFC 6070 and its SHA-2 counterparts (PBKDF2).

    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        hex::decode(s).expect("test vector is hex")
    }

    const AES_KEY: &str = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
    const AES_IV: &str = "000102030405060708090a0b0c0d0e0f";
    const AES_PLAIN: &str = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51";
    const AES_CIPHER: &str = "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d";

    #[test]
    fn aes_256_cbc_matches_nist_both_ways() {
        let (key, iv) = (unhex(AES_KEY), unhex(AES_IV));
        let mut out = [0u8; 32];
        cipher(Mode::Encrypt, &key, &iv, &unhex(AES_PLAIN), &mut out)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(hex::encode(out), AES_CIPHER);
        cipher(Mode::Decrypt, &key, &iv, &unhex(AES_CIPHER), &mut out)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(hex::encode(out), AES_PLAIN);
    }

    #[test]
    fn cipher_refuses_partial_blocks_and_wrong_lengths() {
        let (key, iv) = (unhex(AES_KEY), unhex(AES_IV));
        let mut out = [0u8; 32];
        assert_eq!(
            cipher(Mode::Encrypt, &key, &iv, &[0; 17], &mut out[..17]),
            Err(Refused::BadLength)
        );
        assert_eq!(
            cipher(Mode::Encrypt, &key, &iv, &[0; 16], &mut out),
            Err(Refused::BadLength)
        );
        assert_eq!(
            cipher(Mode::Encrypt, &key[..16], &iv, &[0; 16], &mut out[..16]),
            Err(Refused::BadLength)
        );
        assert_eq!(
            cipher(Mode::Encrypt, &key, &iv[..8], &[0; 16], &mut out[..16]),
            Err(Refused::BadLength)
        );
    }

    #[test]
    fn hmac_matches_the_rfcs_for_each_digest() {
        let data = b"what do ya want for nothing?";
        for (digest, expected) in [
            (Digest::Sha1, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
            (
                Digest::Sha256,
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (
                Digest::Sha512,
                "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a\
                 6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
            ),
        ] {
            let mut out = [0u8; 64];
            hmac(digest, b"Jefe", &[data], &mut out).unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(
                hex::encode(&out[..digest.output_len()]),
                expected,
                "{digest:?}"
            );
            // SQLCipher MACs a page and its number as two parts: the same as one.
            let mut split = [0u8; 64];
            hmac(digest, b"Jefe", &[&data[..10], &data[10..]], &mut split)
                .unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(out, split);
        }
    }

    #[test]
    fn hmac_refuses_an_output_too_short() {
        let mut out = [0u8; 63];
        assert_eq!(
            hmac(Digest::Sha512, b"k", &[b"x"], &mut out),
            Err(Refused::BadLength)
        );
    }

    #[test]
    fn pbkdf2_matches_published_vectors() {
        let mut out = [0u8; 64];
        pbkdf2(Digest::Sha1, b"password", b"salt", 2, &mut out[..20])
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            hex::encode(&out[..20]),
            "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"
        );
        pbkdf2(Digest::Sha256, b"password", b"salt", 4096, &mut out[..32])
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            hex::encode(&out[..32]),
            "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"
        );
        pbkdf2(Digest::Sha512, b"password", b"salt", 1, &mut out)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            hex::encode(out),
            "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252c02d470a285a0501ba\
             d999bfe943c08f050235d7d68b1da55e63f73b60a57fce"
        );
        assert_eq!(
            pbkdf2(Digest::Sha512, b"p", b"s", 0, &mut out),
            Err(Refused::BadLength)
        );
    }

    #[test]
    fn digest_codes_are_sqlciphers() {
        assert_eq!(Digest::from_code(0), Ok(Digest::Sha1));
        assert_eq!(Digest::from_code(2), Ok(Digest::Sha512));
        assert_eq!(Digest::from_code(3), Err(Refused::UnknownDigest));
        assert_eq!(Digest::from_code(-1), Err(Refused::UnknownDigest));
    }

    #[test]
    fn random_bytes_differ_between_draws() {
        let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
        random(&mut a).unwrap_or_else(|e| panic!("{e:?}"));
        random(&mut b).unwrap_or_else(|e| panic!("{e:?}"));
        assert_ne!(a, b);
        assert_ne!(a, [0u8; 32]);
    }
}
