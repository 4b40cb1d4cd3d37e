//! The credentials a client presents in HTTP headers, read before anything else is trusted: a
//! device's bearer token (`Authorization: Bearer <device id>.<secret>`) and a web session's
//! cookie. Both are bounded and checked for shape here, once, so the server never hands an
//! arbitrary header to a database query or a password hash.

/// The longest device id and secret the server ever issues, with room to spare.
pub const MAX_DEVICE_ID: usize = 64;
pub const MAX_SECRET: usize = 128;

/// A bearer token as sent, split into its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BearerToken<'a> {
    /// The whole token, `<device id>.<secret>`.
    pub token: &'a str,
    pub device_id: &'a str,
    pub secret: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    #[error("missing bearer token")]
    Missing,
    #[error("malformed bearer token")]
    Malformed,
}

/// Reads an `Authorization` header value: `Bearer `, then a device id and a secret of ASCII
/// letters, digits, `-` and `_`, joined by one dot.
pub fn parse_bearer(authorization: &[u8]) -> Result<BearerToken<'_>, CredentialError> {
    let value = std::str::from_utf8(authorization).map_err(|_| CredentialError::Malformed)?;
    let token = value
        .strip_prefix("Bearer ")
        .ok_or(CredentialError::Missing)?;
    let (device_id, secret) = token.split_once('.').ok_or(CredentialError::Malformed)?;
    let well_formed = |part: &str, max: usize| {
        !part.is_empty()
            && part.len() <= max
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if !well_formed(device_id, MAX_DEVICE_ID) || !well_formed(secret, MAX_SECRET) {
        return Err(CredentialError::Malformed);
    }
    Ok(BearerToken {
        token,
        device_id,
        secret,
    })
}

/// The value of cookie `name` in a `Cookie` header, if present and of sane length.
pub fn cookie<'a>(header: &'a [u8], name: &str) -> Option<&'a str> {
    std::str::from_utf8(header)
        .ok()?
        .split(';')
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_tokens_are_split_and_bounded() {
        let t = parse_bearer(b"Bearer 0123abcd.s3cr3t_-x").unwrap();
        assert_eq!((t.device_id, t.secret), ("0123abcd", "s3cr3t_-x"));
        assert_eq!(t.token, "0123abcd.s3cr3t_-x");
        assert_eq!(parse_bearer(b"Basic abc"), Err(CredentialError::Missing));
        for bad in [
            &b"Bearer nodot"[..],
            b"Bearer .secret",
            b"Bearer device.",
            b"Bearer a.b.c",
            b"Bearer a b.c",
            b"Bearer \xff.c",
            b"Bearer \xe6\x9c\x8d.x",
        ] {
            assert_eq!(
                parse_bearer(bad),
                Err(CredentialError::Malformed),
                "{bad:?}"
            );
        }
        let long = format!("Bearer {}.x", "a".repeat(MAX_DEVICE_ID + 1));
        assert_eq!(
            parse_bearer(long.as_bytes()),
            Err(CredentialError::Malformed)
        );
    }

    #[test]
    fn the_named_cookie_is_found_among_others() {
        assert_eq!(
            cookie(b"a=1; steppe_session=abc; b=2", "steppe_session"),
            Some("abc")
        );
        assert_eq!(cookie(b"steppe_session=", "steppe_session"), None);
        assert_eq!(cookie(b"other=abc", "steppe_session"), None);
        assert_eq!(cookie(b"\xff", "steppe_session"), None);
    }
}
