//! What a village branch publishes on its public disclosure board (公开公示监督平台): Party,
//! village and financial affairs and the outcomes of services. Only a notice marked published
//! is shown, and the board is readable without an account.

use crate::reason::Reason;
use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, Result, require_id, require_text};
use crate::record::Record;

labelled_enum! {
    pub enum NoticeCategory {
        PartyAffairs => "party_affairs",
        VillageAffairs => "village_affairs",
        Finance => "finance",
        ServiceOutcome => "service_outcome",
    }
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct PublicNotice {
    pub village: String,
    pub category: NoticeCategory,
    pub title: String,
    pub body: String,
    pub written_at: i64,
    /// When it went on the board; `None` while a draft or after it was taken down.
    pub published_at: Option<i64>,
}

impl PublicNotice {
    pub fn draft(
        village: String,
        category: NoticeCategory,
        title: String,
        body: String,
        now: i64,
    ) -> Result<Self> {
        let n = Self {
            village,
            category,
            title,
            body,
            written_at: now,
            published_at: None,
        };
        n.validate()?;
        Ok(n)
    }

    pub fn publish(&mut self, now: i64) {
        self.published_at.get_or_insert(now);
    }

    pub fn take_down(&mut self) {
        self.published_at = None;
    }
}

impl Record for PublicNotice {
    fn scope_org(&self) -> &str {
        &self.village
    }

    fn validate(&self) -> Result<()> {
        require_id("village", &self.village)?;
        require_text("title", &self.title)?;
        require_text("body", &self.body)?;
        if self.title.chars().count() > 200 {
            return Err(DomainError::invalid("title", Reason::AtMost200Chars));
        }
        Ok(())
    }
}
