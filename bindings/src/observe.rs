//! Screens refresh when the data under them changes: the app registers a listener and keeps the
//! returned subscription; dropping or cancelling it stops the calls. No polling.

use std::sync::{Arc, Mutex};

use steppe_core::Steppe;

/// Told, after a write or a sync commits, which tables changed (`cases`, `sessions`,
/// `attendance`, `requests`, `households`, `conflicts`, …). Called on the writing thread: hand
/// the work to your own dispatcher and return quickly.
#[uniffi::export(with_foreign)]
pub trait ChangeListener: Send + Sync {
    fn on_change(&self, tables: Vec<String>);
}

/// A registered listener; cancelled on `cancel()` or when dropped (Kotlin `close()`, Swift
/// deinit).
#[derive(uniffi::Object)]
pub struct Subscription {
    store: Arc<Steppe>,
    id: Mutex<Option<u64>>,
}

impl Subscription {
    pub(crate) fn new(store: Arc<Steppe>, listener: Arc<dyn ChangeListener>) -> Self {
        let id = store.subscribe(Arc::new(move |tables: &[String]| {
            listener.on_change(tables.to_vec())
        }));
        Self {
            store,
            id: Mutex::new(Some(id)),
        }
    }
}

#[uniffi::export]
impl Subscription {
    /// Stops the calls. Idempotent.
    pub fn cancel(&self) {
        let id = self.id.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(id) = id {
            self.store.unsubscribe(id);
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.cancel();
    }
}
