//! Telling screens what changed. Writers mark the tables they rewrite (projections know their
//! tables; SQLite's update hook would miss them, as it skips `WITHOUT ROWID` tables); once the
//! transaction commits, each subscriber hears their names. A rolled back transaction tells
//! nobody. Marks are per thread: a write transaction runs entirely on its caller's thread.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Called with the names of the tables a committed write changed.
pub type ChangeCallback = Arc<dyn Fn(&[String]) + Send + Sync>;

thread_local! {
    static TOUCHED: RefCell<BTreeSet<&'static str>> = const { RefCell::new(BTreeSet::new()) };
}

/// Records that the current write transaction changed `tables`.
pub(crate) fn mark(tables: &[&'static str]) {
    TOUCHED.with(|t| t.borrow_mut().extend(tables.iter().copied()));
}

fn take() -> Vec<String> {
    TOUCHED.with(|t| {
        std::mem::take(&mut *t.borrow_mut())
            .into_iter()
            .map(str::to_string)
            .collect()
    })
}

#[derive(Default)]
pub(crate) struct Observers {
    next: AtomicU64,
    callbacks: Mutex<BTreeMap<u64, ChangeCallback>>,
}

impl Observers {
    /// Forgets the marks of a transaction that did not commit.
    pub(crate) fn discard(&self) {
        take();
    }

    /// After a commit: tells every subscriber, outside any store lock.
    pub(crate) fn notify(&self) {
        let tables = take();
        if tables.is_empty() {
            return;
        }
        let callbacks: Vec<ChangeCallback> = self
            .callbacks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .cloned()
            .collect();
        for cb in callbacks {
            cb(&tables);
        }
    }

    pub(crate) fn subscribe(&self, cb: ChangeCallback) -> u64 {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        self.callbacks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, cb);
        id
    }

    pub(crate) fn unsubscribe(&self, id: u64) {
        self.callbacks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&id);
    }
}
