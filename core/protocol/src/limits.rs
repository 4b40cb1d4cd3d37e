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

/// Change bytes a phone asks for per response page ([`SyncRequest::page_bytes`]). A page is
/// decoded and applied in one store transaction, so it bounds the phone's memory and the length
/// of a write that blocks the screens; a response streams several, each saved before the next,
/// so a lost connection costs at most one page. 1 MiB keeps a 2G phone's transaction short
/// while a first sync of thousands of records still takes few round trips.
///
/// [`SyncRequest::page_bytes`]: crate::SyncRequest::page_bytes
pub const PAGE_BYTES: u32 = 1 << 20;

/// The smallest page the server serves: below it every page pays a storage query, a frame and a
/// phone transaction for a handful of changes, and a catch-up turns into thousands of pages.
pub const MIN_PAGE_BYTES: u32 = 16 << 10;

/// The largest page the server serves. A page's frame is buffered whole on both sides and the
/// phone refuses one over `Limits::max_body` (8 MiB); half of that leaves room for what rides
/// along (actor entries, requested histories) even when the page does not compress.
pub const MAX_PAGE_BYTES: u32 = 4 << 20;
