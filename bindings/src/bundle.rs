//! Bundle files on the phone (ADR 0011): a herder's phone without signal writes its unsent
//! records to a file that someone carries to where there is a network; a phone that cannot sync
//! applies the server's signed file of its unit. The app only moves the bytes (share sheet, file
//! picker, Bluetooth); everything about believing them is decided here.

use crate::error::SteppeError;
use crate::store::SteppeStore;

/// A bundle this phone wrote: the file's bytes, and how many of its records' changes it holds.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BundleFile {
    pub bytes: Vec<u8>,
    pub changes: u64,
}

/// The certificate the server signed for this phone: what makes its files believed while it
/// has no signal. Renewed at every sync.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DeviceCertificate {
    pub device_id: String,
    pub issued_at_ms: i64,
    pub expires_at_ms: i64,
}

/// Why a bundle was not applied; nothing of it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum BundleProblem {
    /// The file is not a Steppe bundle.
    NotABundle,
    /// The file is damaged, or not signed by this phone's server.
    Damaged,
    /// The phone has never synced since it could check files: sync once where there is signal.
    NotCertified,
    /// The file is for a unit this phone's user does not read.
    NotForThisUnit,
    /// The server's certificate could not be believed.
    CertificateRefused,
}

#[uniffi::export]
impl SteppeStore {
    /// This phone's unsent changes, each signed, as a file for the server to import. They stay
    /// waiting here until a sync, which the server then acknowledges as already held.
    pub fn export_bundle(&self) -> Result<BundleFile, SteppeError> {
        let written = self.store.export_bundle()?;
        Ok(BundleFile {
            bytes: written.bytes,
            changes: written.changes,
        })
    }

    /// Applies the server's file of this phone's unit; the number of changes new here.
    /// Applying the same file twice changes nothing.
    pub fn import_bundle(&self, bytes: Vec<u8>) -> Result<u64, SteppeError> {
        Ok(self.store.import_bundle(&bytes)?.received)
    }

    /// Fetches the server's file of `org` (a unit the user reads) through the app's transport and
    /// applies it here, so that phones met there that cannot sync receive it; the changes new here.
    pub fn fetch_unit_bundle(
        &self,
        transport: std::sync::Arc<dyn crate::transport::HttpTransport>,
        server_url: String,
        token: String,
        org: String,
    ) -> Result<u64, SteppeError> {
        let org = crate::store::parse_id(&org)?;
        Ok(crate::transport::fetch_unit_bundle(
            &self.store,
            transport.as_ref(),
            &server_url,
            &token,
            *org.as_bytes(),
        )?)
    }

    /// The certificate this phone holds, if it has synced since signing came in.
    pub fn certificate(&self) -> Result<Option<DeviceCertificate>, SteppeError> {
        Ok(self.store.certificate()?.map(|c| DeviceCertificate {
            device_id: c.device_id,
            issued_at_ms: c.issued_at,
            expires_at_ms: c.expires_at,
        }))
    }
}
