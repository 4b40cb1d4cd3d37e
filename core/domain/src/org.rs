//! The organisation tree: league → banner → sumu/town → gacha/village branch, or district →
//! street → community → grid branch → building group, plus Party schools and police–village
//! branches hung where they work.

use crate::reason::Reason;
use crate::script::check_mongolian_name;
use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, ErrorArg, Result, require_id, require_text};
use crate::labels::Vocabulary;
use crate::record::Record;

labelled_enum! {
    pub enum OrgKind {
        League => "league",
        Banner => "banner",
        Sumu => "sumu",
        Town => "town",
        Gacha => "gacha",
        Village => "village",
        District => "district",
        Street => "street",
        Community => "community",
        GridBranch => "grid_branch",
        BuildingGroup => "building_group",
        PoliceVillageBranch => "police_village_branch",
        PartySchool => "party_school",
        // A community's territorial grid (网格): not one-to-one with Party branches — 152 grids
        // and 62 grid branches in the seed's district.
        Grid => "grid",
        // A red station (红色驿站) in a residential compound, run by the community.
        RedStation => "red_station",
        // Work units' Party organisations, which register with communities (双报到) and host
        // Party schools of their own.
        Institution => "institution",
        StateEnterprise => "state_enterprise",
        PrivateEnterprise => "private_enterprise",
        SocialOrganisation => "social_organisation",
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
    /// The name in traditional Mongolian script, where the unit has one: Inner Mongolian
    /// practice shows it beside the Chinese name (page headers, reports, printed archives).
    #[autosurgeon(missing = "Option::default")]
    pub name_mn: Option<String>,
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
                return Err(DomainError::invalid("parent", Reason::NeedsParent)
                    .with("kind", ErrorArg::Word(kind.message_id())));
            }
            Some((_, parent_kind)) if !parent_kind.may_contain(kind) => {
                return Err(DomainError::invalid("parent", Reason::CannotPlaceUnder)
                    .with("kind", ErrorArg::Word(kind.message_id()))
                    .with("parent", ErrorArg::Word(parent_kind.message_id())));
            }
            _ => {}
        }
        let org = Self {
            name,
            kind,
            parent: parent.map(|(id, _)| id),
            id,
            name_mn: None,
        };
        org.validate()?;
        Ok(org)
    }

    pub fn rename(&mut self, name: String) -> Result<()> {
        require_text("name", &name)?;
        self.name = name;
        Ok(())
    }

    /// Gives the unit its name in traditional Mongolian script, or takes it away (`None`).
    pub fn set_name_mn(&mut self, name_mn: Option<String>) -> Result<()> {
        self.name_mn = name_mn.map(|n| n.trim().to_string());
        self.validate()
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
                Reason::OrgNotUnderOwnSubtree,
            ));
        }
        if !new_parent.1.may_contain(self.kind) {
            return Err(DomainError::invalid("parent", Reason::CannotPlaceUnder)
                .with("kind", ErrorArg::Word(self.kind.message_id()))
                .with("parent", ErrorArg::Word(new_parent.1.message_id())));
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
        check_mongolian_name("name_mn", self.name_mn.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    #[test]
    fn a_mongolian_name_is_in_the_traditional_script() {
        let mut o = Organisation::new(id(), "阿拉善盟".into(), OrgKind::League, None).unwrap();
        o.set_name_mn(Some(" ᠠᠯᠠᠱᠠ ᠠᠶᠢᠮᠠᠭ ".into())).unwrap();
        assert_eq!(o.name_mn.as_deref(), Some("ᠠᠯᠠᠱᠠ ᠠᠶᠢᠮᠠᠭ"));
        for bad in [
            "Алшаа аймаг",
            "Alxa",
            " ",
            "ᠠ Alxa League",
            "ᠠᠯᠠᠱᠠ\u{202E}",
            "ᠠᠯᠠᠱᠠ\nᠠᠶᠢᠮᠠᠭ",
            &"ᠠ".repeat(201),
        ] {
            assert!(o.clone().set_name_mn(Some(bad.into())).is_err(), "{bad}");
        }
        o.set_name_mn(None).unwrap();
        assert_eq!(o.name_mn, None);
    }

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
