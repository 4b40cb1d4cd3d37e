//! 三单 — the three lists a village (or community) keeps under public-affairs supervision: its
//! Party-building work list, its list of powers and services with their procedures, and the
//! positive/negative list of supervisory duties. Items marked public appear, with whether they
//! are done, on the village's public disclosure board (公开公示监督平台).

use crate::reason::{Reason, Standing, Step};
use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, Result, require_id, require_text, require_year};
use crate::record::{Record, RecordKind};

labelled_enum! {
    pub enum ListKind {
        PartyBuildingWork => "party_building_work",
        PowersAndServices => "powers_and_services",
        SupervisoryDuties => "supervisory_duties",
    }
}

labelled_enum! {
    /// Which side of the supervisory-duties list an item is on: what supervisors must do, or
    /// what they must not.
    pub enum DutySide {
        Positive => "positive",
        Negative => "negative",
    }
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct ListItem {
    #[key]
    pub id: String,
    pub text: String,
    /// For a power or service: how it is applied for and handled (办理流程).
    pub procedure: Option<String>,
    /// Only on the supervisory-duties list.
    pub side: Option<DutySide>,
    /// Shown on the public disclosure board.
    pub public: bool,
    pub done: bool,
    pub done_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct AffairsList {
    pub village: String,
    pub kind: ListKind,
    pub year: i64,
    pub items: Vec<ListItem>,
}

/// A new item of a list, for [`AffairsList::add_item`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewItem {
    pub text: String,
    pub procedure: Option<String>,
    pub side: Option<DutySide>,
    pub public: bool,
}

impl AffairsList {
    pub fn new(village: String, kind: ListKind, year: i64) -> Result<Self> {
        let l = Self {
            village,
            kind,
            year,
            items: Vec::new(),
        };
        l.validate()?;
        Ok(l)
    }

    pub fn add_item(&mut self, id: String, item: NewItem) -> Result<()> {
        require_text("text", &item.text)?;
        self.check_side(item.side)?;
        self.items.push(ListItem {
            id,
            text: item.text,
            procedure: item.procedure.filter(|p| !p.trim().is_empty()),
            side: item.side,
            public: item.public,
            done: false,
            done_at: None,
        });
        Ok(())
    }

    fn check_side(&self, side: Option<DutySide>) -> Result<()> {
        if (self.kind == ListKind::SupervisoryDuties) != side.is_some() {
            return Err(DomainError::invalid("side", Reason::DutyItemsHaveSide));
        }
        Ok(())
    }

    fn item_mut(&mut self, id: &str) -> Result<&mut ListItem> {
        self.items
            .iter_mut()
            .find(|i| i.id == id)
            .ok_or_else(|| DomainError::invalid("item", Reason::NoSuchItem))
    }

    /// The item was carried out (a work item done, a service delivered, a duty fulfilled).
    pub fn complete_item(&mut self, id: &str, now: i64) -> Result<()> {
        let item = self.item_mut(id)?;
        if item.done {
            return Err(DomainError::transition(
                RecordKind::AffairsList,
                Step::CompleteItem,
                Standing::AlreadyDone,
            ));
        }
        item.done = true;
        item.done_at = Some(now);
        Ok(())
    }

    /// Shows the item on the public disclosure board, or takes it off.
    pub fn publish_item(&mut self, id: &str, public: bool) -> Result<()> {
        self.item_mut(id)?.public = public;
        Ok(())
    }

    pub fn item(&self, id: &str) -> Option<&ListItem> {
        self.items.iter().find(|i| i.id == id)
    }
}

impl Record for AffairsList {
    fn scope_org(&self) -> &str {
        &self.village
    }

    fn validate(&self) -> Result<()> {
        require_id("village", &self.village)?;
        require_year(self.year)?;
        for item in &self.items {
            require_text("text", &item.text)?;
            self.check_side(item.side)?;
            if item.done != item.done_at.is_some() {
                return Err(DomainError::invalid("done_at", Reason::SetWhenDone));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    fn item(text: &str, side: Option<DutySide>) -> NewItem {
        NewItem {
            text: text.into(),
            procedure: None,
            side,
            public: true,
        }
    }

    #[test]
    fn only_the_duties_list_has_positive_and_negative_items() {
        let mut work =
            AffairsList::new(Id::new().to_string(), ListKind::PartyBuildingWork, 2026).unwrap();
        assert!(
            work.add_item("a".into(), item("三会一课", Some(DutySide::Positive)))
                .is_err()
        );
        let mut duties =
            AffairsList::new(Id::new().to_string(), ListKind::SupervisoryDuties, 2026).unwrap();
        assert!(
            duties
                .add_item("a".into(), item("列席村两委会议", None))
                .is_err()
        );
        duties
            .add_item("a".into(), item("列席村两委会议", Some(DutySide::Positive)))
            .unwrap();
        work.add_item("b".into(), item("三会一课", None)).unwrap();
    }

    #[test]
    fn an_item_is_completed_once_and_may_be_taken_off_the_board() {
        let mut l =
            AffairsList::new(Id::new().to_string(), ListKind::PowersAndServices, 2026).unwrap();
        l.add_item("a".into(), item("低保申请初审", None)).unwrap();
        l.complete_item("a", 5).unwrap();
        assert!(l.complete_item("a", 6).is_err());
        l.publish_item("a", false).unwrap();
        assert!(!l.item("a").unwrap().public);
        assert!(l.complete_item("zz", 6).is_err());
    }
}
