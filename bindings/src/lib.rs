//! Steppe for Kotlin and Swift: a thin uniffi layer over `steppe-core`. Every rule lives in the
//! core; this crate converts types, maps errors to one typed enum the apps act on, lets the app
//! carry HTTP (OkHttp / URLSession / HttpURLConnection) so no TLS stack ships in the library, and
//! tells screens when tables they show have changed.
//!
//! Every call blocks (SQLite, and in `sync` the network through the app's transport): the
//! Kotlin and Swift libraries call them off the main thread.

// `SteppeError::Rule` carries a refusal's codes, catalogue ids and arguments flat, as uniffi
// lowers an error to Kotlin and Swift (which cannot take a boxed variant): a refusal is rare
// and every call already crosses the FFI by value, so its size costs nothing that matters.
#![allow(clippy::result_large_err)]

mod branch;
mod bundle;
mod error;
mod grid;
mod key;
mod kinds;
mod mediation;
mod observe;
mod peer;
mod review;
mod school;
mod store;
mod transport;
mod types;

pub use branch::*;
pub use bundle::*;
pub use error::{RuleCode, SteppeError};
pub use grid::*;
pub use key::generate_store_key;
pub use kinds::{record_kind_key, tables_of_kind};
pub use mediation::*;
pub use observe::{ChangeListener, Subscription};
pub use peer::{MeetingSummary, PeerLink};
pub use review::*;
pub use school::*;
pub use store::{SteppeStore, SyncSummary, wipe_store};
pub use transport::{
    HttpHeader, HttpResponse, HttpTransport, SyncCancel, SyncProgress, SyncProgressListener,
    TransportError, enroll,
};
pub use types::*;

uniffi::setup_scaffolding!();

/// Panics inside Rust on purpose, for the test proving a panic reaches the app as an exception
/// (uniffi catches it at the boundary) and not as a crash.
#[cfg(feature = "test-hooks")]
#[uniffi::export]
pub fn panic_for_test(detail: String) -> Result<(), SteppeError> {
    panic!("deliberate panic for a test: {detail}");
}
