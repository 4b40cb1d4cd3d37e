//! Hard limits, checked before and after decoding.

/// Bounds on what a peer may send. The defaults suit a 2G phone and a small server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of a body as received (compressed).
    pub max_body: usize,
    /// Bytes of a body after decompression.
    pub max_decoded: usize,
    /// Changes in one message.
    pub max_changes: usize,
    /// Bytes of one change.
    pub max_change: usize,
    /// Rejections or actor entries in one message.
    pub max_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body: 8 << 20,
            max_decoded: 32 << 20,
            max_changes: 20_000,
            max_change: 1 << 20,
            max_entries: 20_000,
        }
    }
}
