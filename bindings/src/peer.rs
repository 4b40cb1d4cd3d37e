//! Two phones meeting without a network (ADR 0011): the app opens the link — Bluetooth, Wi-Fi
//! Direct, Nearby, a socket — and hands it over as a [`PeerLink`]; the exchange itself, the
//! certificate checks and what may cross run in the core.

use std::io::{Read, Write};
use std::sync::Arc;

use crate::error::SteppeError;
use crate::store::SteppeStore;
use crate::transport::TransportError;

/// A byte stream to the phone met, implemented by the app. Both calls block.
#[uniffi::export(with_foreign)]
pub trait PeerLink: Send + Sync {
    /// Up to `max` bytes; none when the other phone closed the link.
    fn read(&self, max: u32) -> Result<Vec<u8>, TransportError>;
    /// All of `bytes`.
    fn write(&self, bytes: Vec<u8>) -> Result<(), TransportError>;
}

/// What one meeting did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MeetingSummary {
    pub peer_device: String,
    pub peer_user: String,
    /// The other phone's own changes applied here (shown unconfirmed until the server sends them).
    pub received: u64,
    /// Sealed items newly taken to carry to the server.
    pub carried: u64,
    pub offered_changes: u64,
    pub offered_sealed: u64,
}

/// The app's link as the core's byte stream. Bytes the app returns beyond what was asked for
/// are kept for the next read, never dropped.
struct Stream {
    link: Arc<dyn PeerLink>,
    left: Vec<u8>,
}

fn io(e: TransportError) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left.is_empty() {
            let max = u32::try_from(buf.len()).unwrap_or(u32::MAX);
            self.left = self.link.read(max).map_err(io)?;
        }
        let n = self.left.len().min(buf.len());
        buf[..n].copy_from_slice(&self.left[..n]);
        self.left.drain(..n);
        Ok(n)
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.link.write(buf.to_vec()).map_err(io)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[uniffi::export]
impl SteppeStore {
    /// Meets the phone at the other end of `link`: `initiator` for the phone that opened it.
    /// Blocks until both offers are exchanged; call it off the main thread.
    pub fn meet(
        &self,
        link: Arc<dyn PeerLink>,
        initiator: bool,
    ) -> Result<MeetingSummary, SteppeError> {
        let role = if initiator {
            steppe_core::PeerRole::Initiator
        } else {
            steppe_core::PeerRole::Responder
        };
        let mut stream = Stream {
            link,
            left: Vec::new(),
        };
        let r = self.store.meet(&mut stream, role)?;
        Ok(MeetingSummary {
            peer_device: r.peer_device,
            peer_user: r.peer_user,
            received: r.received,
            carried: r.carried,
            offered_changes: r.offered_changes,
            offered_sealed: r.offered_sealed,
        })
    }

    /// Sealed items this phone carries for the server (handed over after its next sync).
    pub fn carried_count(&self) -> Result<u64, SteppeError> {
        Ok(self.store.carried_count()?)
    }

    /// Whether the record holds changes from a phone met that the server has not yet confirmed.
    pub fn is_unconfirmed(&self, record: String) -> Result<bool, SteppeError> {
        Ok(self
            .store
            .is_unconfirmed(crate::store::parse_id(&record)?)?)
    }
}
