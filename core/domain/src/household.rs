//! Grid work: households with tags, and visits ("走百家门") by phone, WeChat voice, video or at
//! the door.

use crate::reason::Reason;
use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, ErrorArg, Result, require_id, require_text};
use crate::record::Record;

labelled_enum! {
    pub enum HouseholdTag {
        SeriousIllness => "serious_illness",
        Elderly => "elderly",
        LivingAlone => "living_alone",
        Disability => "disability",
        LowIncome => "low_income",
        UnsafeHousing => "unsafe_housing",
        Student => "student",
    }
}

labelled_enum! {
    pub enum VisitMode {
        Phone => "phone",
        WeChat => "wechat",
        Video => "video",
        Door => "door",
    }
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct Visit {
    #[key]
    pub id: String,
    pub at: i64,
    pub mode: VisitMode,
    pub visitor: String,
    pub note: String,
    pub follow_up: bool,
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct Household {
    pub grid: String,
    pub address: String,
    pub head: String,
    pub size: i64,
    /// Tag code → set. Flags, so two grid workers tagging at once both take effect.
    pub tags: BTreeMap<String, bool>,
    pub visits: Vec<Visit>,
}

impl Household {
    pub fn register(grid: String, address: String, head: String, size: i64) -> Result<Self> {
        let h = Self {
            grid,
            address,
            head,
            size,
            tags: BTreeMap::new(),
            visits: Vec::new(),
        };
        h.validate()?;
        Ok(h)
    }

    pub fn set_tag(&mut self, tag: HouseholdTag, on: bool) {
        self.tags.insert(tag.code().to_string(), on);
    }

    pub fn tags(&self) -> Vec<HouseholdTag> {
        self.tags
            .iter()
            .filter(|(_, on)| **on)
            .filter_map(|(k, _)| HouseholdTag::parse(k))
            .collect()
    }

    pub fn log_visit(
        &mut self,
        id: String,
        mode: VisitMode,
        visitor: String,
        note: String,
        follow_up: bool,
        now: i64,
    ) -> Result<()> {
        require_text("visitor", &visitor)?;
        require_text("note", &note)?;
        self.visits.push(Visit {
            id,
            at: now,
            mode,
            visitor,
            note,
            follow_up,
        });
        Ok(())
    }

    pub fn last_visit_at(&self) -> Option<i64> {
        self.visits.iter().map(|v| v.at).max()
    }
}

impl Record for Household {
    fn scope_org(&self) -> &str {
        &self.grid
    }

    fn validate(&self) -> Result<()> {
        require_id("grid", &self.grid)?;
        require_text("address", &self.address)?;
        require_text("head", &self.head)?;
        if !(1..=50).contains(&self.size) {
            return Err(DomainError::invalid("size", Reason::Between1And50));
        }
        if let Some(k) = self.tags.keys().find(|k| HouseholdTag::parse(k).is_none()) {
            return Err(DomainError::invalid("tags", Reason::UnknownTag)
                .with("value", ErrorArg::Text(k.clone())));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    #[test]
    fn tags_and_visits() {
        let mut h =
            Household::register(Id::new().to_string(), "3-2-401".into(), "马秀英".into(), 1)
                .unwrap();
        h.set_tag(HouseholdTag::LivingAlone, true);
        h.set_tag(HouseholdTag::Elderly, true);
        h.set_tag(HouseholdTag::Elderly, false);
        assert_eq!(h.tags(), vec![HouseholdTag::LivingAlone]);
        h.log_visit(
            Id::new().to_string(),
            VisitMode::WeChat,
            "网格员".into(),
            "马桶堵塞，已联系维修".into(),
            true,
            5,
        )
        .unwrap();
        assert_eq!(h.last_visit_at(), Some(5));
        assert!(
            h.log_visit(
                Id::new().to_string(),
                VisitMode::Door,
                "网格员".into(),
                " ".into(),
                false,
                6
            )
            .is_err()
        );
    }

    #[test]
    fn household_size_is_bounded() {
        assert!(Household::register(Id::new().to_string(), "a".into(), "b".into(), 0).is_err());
    }
}
