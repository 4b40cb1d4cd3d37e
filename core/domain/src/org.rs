//! The organisation tree: league → banner → sumu/town → gacha/village branch, or district →
//! street → community → grid branch → building group, plus Party schools and police–village
//! branches hung where they work.

use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, Result, require_id, require_text};
use crate::record::Record;

labelled_enum! {
    pub enum OrgKind {
        League => ("league", "盟"),
        Banner => ("banner", "旗"),
        Sumu => ("sumu", "苏木"),
        Town => ("town", "镇"),
        Gacha => ("gacha", "嘎查"),
        Village => ("village", "村"),
        District => ("district", "区"),
        Street => ("street", "街道党工委"),
        Community => ("community", "社区党委"),
        GridBranch => ("grid_branch", "网格党支部"),
        BuildingGroup => ("building_group", "楼栋党小组"),
        PoliceVillageBranch => ("police_village_branch", "警地党支部"),
        PartySchool => ("party_school", "基层党校"),
        // A community's territorial grid (网格): not one-to-one with Party branches — 152 grids
        // and 62 grid branches in the seed's district.
        Grid => ("grid", "网格"),
        // A red station (红色驿站) in a residential compound, run by the community.
        RedStation => ("red_station", "红色驿站"),
        // Work units' Party organisations, which register with communities (双报到) and host
        // Party schools of their own.
        Institution => ("institution", "机关事业单位党组织"),
        StateEnterprise => ("state_enterprise", "国有企业党组织"),
        PrivateEnterprise => ("private_enterprise", "非公企业党组织"),
        SocialOrganisation => ("social_organisation", "社会组织党组织"),
    }
}

impl OrgKind {
    /// Kinds that may stand at the top of a tree.
    pub fn is_root(self) -> bool {
        matches!(self, Self::League | Self::District)
    }

    /// A unit with a village's public affairs: three lists, 三员 supervisors, a public board, a
    /// petition agency point.
    pub fn keeps_village_affairs(self) -> bool {
        matches!(self, Self::Gacha | Self::Village | Self::Community)
    }

    /// A work unit's Party organisation (机关、国企、非公企业、社会组织).
    pub fn is_work_unit(self) -> bool {
        use OrgKind::*;
        matches!(
            self,
            Institution | StateEnterprise | PrivateEnterprise | SocialOrganisation
        )
    }

    /// Whether `child` may be placed directly under an organisation of this kind.
    pub fn may_contain(self, child: OrgKind) -> bool {
        use OrgKind::*;
        match self {
            League => matches!(child, Banner | District | PartySchool) || child.is_work_unit(),
            Banner | District => {
                matches!(child, Sumu | Town | Street | PartySchool) || child.is_work_unit()
            }
            Sumu | Town => {
                matches!(
                    child,
                    Gacha | Village | Community | PoliceVillageBranch | PartySchool
                ) || child.is_work_unit()
            }
            Gacha | Village => matches!(child, PoliceVillageBranch),
            Street => matches!(child, Community) || child.is_work_unit(),
            Community => matches!(child, Grid | GridBranch | PoliceVillageBranch | RedStation),
            GridBranch => matches!(child, BuildingGroup),
            Institution | StateEnterprise | PrivateEnterprise | SocialOrganisation => {
                matches!(child, PartySchool)
            }
            Grid | RedStation | BuildingGroup | PoliceVillageBranch | PartySchool => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct Organisation {
    pub name: String,
    pub kind: OrgKind,
    pub parent: Option<String>,
    /// The id the record has in its own document, so `scope_org` can name it.
    pub id: String,
}

impl Organisation {
    /// A new organisation. `parent_kind` is the kind of the parent, which the caller looked up.
    pub fn new(
        id: String,
        name: String,
        kind: OrgKind,
        parent: Option<(String, OrgKind)>,
    ) -> Result<Self> {
        match &parent {
            None if !kind.is_root() => {
                return Err(DomainError::invalid(
                    "parent",
                    format!("a {} needs a parent organisation", kind.code()),
                ));
            }
            Some((_, parent_kind)) if !parent_kind.may_contain(kind) => {
                return Err(DomainError::invalid(
                    "parent",
                    format!(
                        "a {} cannot be placed under a {}",
                        kind.code(),
                        parent_kind.code()
                    ),
                ));
            }
            _ => {}
        }
        let org = Self {
            name,
            kind,
            parent: parent.map(|(id, _)| id),
            id,
        };
        org.validate()?;
        Ok(org)
    }

    pub fn rename(&mut self, name: String) -> Result<()> {
        require_text("name", &name)?;
        self.name = name;
        Ok(())
    }

    /// Moves the organisation under another parent. `ancestors_of_new_parent` is the new
    /// parent's chain up to the root, so a move under its own subtree is refused.
    pub fn move_to(
        &mut self,
        new_parent: (String, OrgKind),
        ancestors_of_new_parent: &[String],
    ) -> Result<()> {
        if new_parent.0 == self.id || ancestors_of_new_parent.contains(&self.id) {
            return Err(DomainError::invalid(
                "parent",
                "an organisation cannot move under its own subtree",
            ));
        }
        if !new_parent.1.may_contain(self.kind) {
            return Err(DomainError::invalid(
                "parent",
                format!(
                    "a {} cannot be placed under a {}",
                    self.kind.code(),
                    new_parent.1.code()
                ),
            ));
        }
        self.parent = Some(new_parent.0);
        Ok(())
    }
}

impl Record for Organisation {
    fn scope_org(&self) -> &str {
        &self.id
    }

    fn validate(&self) -> Result<()> {
        require_text("name", &self.name)?;
        require_id("id", &self.id)?;
        if let Some(parent) = &self.parent {
            require_id("parent", parent)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    fn id() -> String {
        Id::new().to_string()
    }

    #[test]
    fn rural_tree_accepts_its_levels() {
        let league = Organisation::new(id(), "阿拉善盟".into(), OrgKind::League, None).unwrap();
        let banner = Organisation::new(
            id(),
            "额济纳旗".into(),
            OrgKind::Banner,
            Some((league.id.clone(), league.kind)),
        )
        .unwrap();
        let town = Organisation::new(
            id(),
            "镇".into(),
            OrgKind::Town,
            Some((banner.id.clone(), banner.kind)),
        )
        .unwrap();
        Organisation::new(
            id(),
            "嘎查".into(),
            OrgKind::Gacha,
            Some((town.id.clone(), town.kind)),
        )
        .unwrap();
        Organisation::new(
            id(),
            "党校".into(),
            OrgKind::PartySchool,
            Some((town.id, OrgKind::Town)),
        )
        .unwrap();
    }

    #[test]
    fn refuses_a_level_in_the_wrong_place() {
        let err = Organisation::new(
            id(),
            "x".into(),
            OrgKind::Gacha,
            Some((id(), OrgKind::League)),
        )
        .unwrap_err();
        assert!(matches!(
            err,
            DomainError::InvalidInput {
                field: "parent",
                ..
            }
        ));
        let err = Organisation::new(id(), "x".into(), OrgKind::Gacha, None).unwrap_err();
        assert!(matches!(
            err,
            DomainError::InvalidInput {
                field: "parent",
                ..
            }
        ));
    }

    #[test]
    fn refuses_empty_name() {
        let err = Organisation::new(id(), "  ".into(), OrgKind::League, None).unwrap_err();
        assert!(matches!(
            err,
            DomainError::InvalidInput { field: "name", .. }
        ));
    }

    #[test]
    fn refuses_a_move_under_its_own_subtree() {
        let mut town = Organisation::new(
            id(),
            "镇".into(),
            OrgKind::Town,
            Some((id(), OrgKind::Banner)),
        )
        .unwrap();
        let village = id();
        let err = town
            .move_to(
                (village.clone(), OrgKind::Banner),
                &[village, town.id.clone()],
            )
            .unwrap_err();
        assert!(matches!(
            err,
            DomainError::InvalidInput {
                field: "parent",
                ..
            }
        ));
        town.move_to((id(), OrgKind::Banner), &[]).unwrap();
    }
}
