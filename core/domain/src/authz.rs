//! Who may do what, where: roles held on organisations, and their reach down the tree.
//! Pure functions over a tree the caller supplies, shared by the device and the server.

use crate::record::RecordKind;

labelled_enum! {
    pub enum Role {
        Member => "member",
        Secretary => "secretary",
        GridWorker => "grid_worker",
        Mediator => "mediator",
        Lecturer => "lecturer",
        Supervisor => "supervisor",
        Administrator => "administrator",
        // 三员: the village's own supervisors of public affairs, one role per lens. They read the
        // village and record findings; the township reviewer above is `Supervisor`.
        PartyBuildingMonitor => "party_building_monitor",
        SentimentMonitor => "sentiment_monitor",
        IntegrityMonitor => "integrity_monitor",
        // A cadre assigned to a grid to guide its Party groups (党建指导员): reads the grid.
        Instructor => "instructor",
        // A red station's duty volunteer: logs the station's services and takes residents'
        // requests raised there.
        Volunteer => "volunteer",
    }
}

/// Something a user may want to do to records of an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Read,
    CheckInSelf,
    MarkAttendance,
    ManageCourses,
    WriteCase,
    WriteRequest,
    WriteHousehold,
    LogMemberService,
    WriteOrgLife,
    WriteEvaluation,
    /// A member's own part in their branch's democratic evaluation: their self-assessment and
    /// their assessments of others (write_check says which entries are theirs).
    TakePartInEvaluation,
    /// A village's three lists, its public notices, its answers to supervisors' findings and the
    /// community's co-building contracts.
    WriteAffairs,
    /// A 三员 supervisor's finding and its conclusion.
    RecordFinding,
    /// A service a red station gave.
    LogStationService,
    /// Marking a record of the subtree as reviewed (督导已阅).
    Review,
    ManagePeople,
    ManageOrganisations,
    /// Recording a refused upload for the uploader's supervisors: the server's own act, which no
    /// role allows, so no phone can forge or edit such a notice.
    RecordRejection,
}

impl Action {
    pub const ALL: [Action; 18] = [
        Action::Read,
        Action::CheckInSelf,
        Action::MarkAttendance,
        Action::ManageCourses,
        Action::WriteCase,
        Action::WriteRequest,
        Action::WriteHousehold,
        Action::LogMemberService,
        Action::WriteOrgLife,
        Action::WriteEvaluation,
        Action::TakePartInEvaluation,
        Action::WriteAffairs,
        Action::RecordFinding,
        Action::LogStationService,
        Action::Review,
        Action::ManagePeople,
        Action::ManageOrganisations,
        Action::RecordRejection,
    ];
}

impl Role {
    pub fn allows(self, action: Action) -> bool {
        use Action::*;
        if action == RecordRejection {
            return false;
        }
        match self {
            Role::Administrator => true,
            // A township or banner reviewer reads the subtree and marks what they reviewed.
            Role::Supervisor => matches!(action, Read | Review),
            Role::Instructor => matches!(action, Read),
            Role::Member => matches!(
                action,
                Read | CheckInSelf | LogMemberService | TakePartInEvaluation
            ),
            Role::PartyBuildingMonitor | Role::SentimentMonitor | Role::IntegrityMonitor => {
                matches!(action, Read | RecordFinding)
            }
            Role::Volunteer => matches!(
                action,
                Read | CheckInSelf | WriteRequest | LogStationService
            ),
            // Not the 三员's findings: they supervise the branch, so its secretary neither makes
            // them nor appoints (covers) the supervisors — an administrator above does.
            Role::Secretary => !matches!(action, ManageOrganisations | RecordFinding),
            Role::Lecturer => matches!(action, Read | CheckInSelf | MarkAttendance | ManageCourses),
            Role::Mediator => matches!(action, Read | CheckInSelf | WriteCase | WriteHousehold),
            Role::GridWorker => matches!(
                action,
                Read | CheckInSelf
                    | WriteRequest
                    | WriteHousehold
                    | LogMemberService
                    | LogStationService
            ),
        }
    }
}

impl Role {
    /// Whether holding `self` includes everything `other` allows. Granting is bounded by this:
    /// a secretary may appoint a mediator (every action a mediator has, a secretary has), never
    /// an administrator.
    pub fn covers(self, other: Role) -> bool {
        Action::ALL
            .iter()
            .all(|a| !other.allows(*a) || self.allows(*a))
    }
}

/// A role held on one organisation, reaching its whole subtree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Grant {
    pub org: String,
    pub role: Role,
}

/// Grants from stored `(org, role code)` rows — the server's grants table, a phone's roles
/// projection; rows naming a role this build does not know are skipped.
pub fn grants_from(rows: impl IntoIterator<Item = (String, String)>) -> Vec<Grant> {
    rows.into_iter()
        .filter_map(|(org, role)| {
            Some(Grant {
                org,
                role: Role::parse(&role)?,
            })
        })
        .collect()
}

/// The caller's view of the organisation tree.
pub trait OrgTree {
    fn parent_of(&self, org: &str) -> Option<String>;
    /// The kind of an organisation, where the tree knows it.
    fn kind_of(&self, _org: &str) -> Option<crate::org::OrgKind> {
        None
    }
}

/// `org` followed by its ancestors up to the root. Bounded so a corrupt cycle cannot hang.
pub fn lineage(tree: &impl OrgTree, org: &str) -> Vec<String> {
    let mut chain = vec![org.to_string()];
    while let Some(parent) = tree.parent_of(chain.last().map(String::as_str).unwrap_or_default()) {
        if chain.contains(&parent) || chain.len() > 64 {
            break;
        }
        chain.push(parent);
    }
    chain
}

/// Whether a user holding `grants` may mark records of `org` reviewed (督导已阅): with `Review`
/// held on an organisation *above* it — a unit's own secretary writes its records and does not
/// review them; the township or banner above does.
pub fn may_review(grants: &[Grant], tree: &impl OrgTree, org: &str) -> bool {
    let above = lineage(tree, org);
    grants
        .iter()
        .any(|g| g.org != org && above.contains(&g.org) && g.role.allows(Action::Review))
}

/// Whether a user holding `grants` may perform `action` on records of `org`.
pub fn permits(grants: &[Grant], tree: &impl OrgTree, org: &str, action: Action) -> bool {
    let chain = lineage(tree, org);
    grants
        .iter()
        .any(|g| g.role.allows(action) && chain.contains(&g.org))
}

/// Whether a user holding `grants` may give or take away `role` on `org` (in anyone's person
/// record): they must manage people there, and hold on `org` or above a role that covers the one
/// granted. Nobody hands out more than they hold, nor anywhere outside their own write scope.
pub fn may_grant(grants: &[Grant], tree: &impl OrgTree, org: &str, role: Role) -> bool {
    let chain = lineage(tree, org);
    permits(grants, tree, org, Action::ManagePeople)
        && grants
            .iter()
            .any(|g| g.role.covers(role) && chain.contains(&g.org))
}

/// Whether an organisation publishes down to a user's branch: it is on the branch's path to the
/// root, or is a Party school hanging directly off that path (a sumu's school for a gacha member).
fn publishes_to(tree: &impl OrgTree, org: &str, branch: &str) -> bool {
    let chain = lineage(tree, branch);
    chain.iter().any(|a| a == org)
        || (tree.kind_of(org) == Some(crate::org::OrgKind::PartySchool)
            && tree.parent_of(org).is_some_and(|p| chain.contains(&p)))
}

/// Whether a user may read a record of `kind` belonging to `org`.
pub fn may_read(grants: &[Grant], tree: &impl OrgTree, org: &str, kind: RecordKind) -> bool {
    if permits(grants, tree, org, Action::Read) {
        return true;
    }
    kind.published_downwards() && grants.iter().any(|g| publishes_to(tree, org, &g.org))
}

/// Whether a user may make a change needing `action` to a record of `kind` belonging to `org`.
/// Checking oneself in is allowed wherever the session is visible (a gacha member at the sumu's
/// school); everything else needs a role on `org` or an ancestor.
pub fn permits_write(
    grants: &[Grant],
    tree: &impl OrgTree,
    org: &str,
    kind: RecordKind,
    action: Action,
) -> bool {
    if action == Action::CheckInSelf {
        return grants.iter().any(|g| g.role.allows(Action::CheckInSelf))
            && may_read(grants, tree, org, kind);
    }
    permits(grants, tree, org, action)
}

/// Of `orgs`, those whose records the user reads in full, and those that only publish their
/// courses, sessions and lecturers to the user.
pub fn visible_orgs<'a>(
    grants: &[Grant],
    tree: &impl OrgTree,
    orgs: impl IntoIterator<Item = &'a str>,
) -> (Vec<String>, Vec<String>) {
    let mut readable = Vec::new();
    let mut published = Vec::new();
    for org in orgs {
        if permits(grants, tree, org, Action::Read) {
            readable.push(org.to_string());
        } else if grants.iter().any(|g| publishes_to(tree, org, &g.org)) {
            published.push(org.to_string());
        }
    }
    (readable, published)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Tree(HashMap<&'static str, &'static str>);
    impl OrgTree for Tree {
        fn parent_of(&self, org: &str) -> Option<String> {
            self.0.get(org).map(|p| p.to_string())
        }
        fn kind_of(&self, org: &str) -> Option<crate::org::OrgKind> {
            (org == "school").then_some(crate::org::OrgKind::PartySchool)
        }
    }

    fn tree() -> Tree {
        Tree(HashMap::from([
            ("banner", "league"),
            ("school", "banner"),
            ("town", "banner"),
            ("g1", "town"),
            ("g2", "town"),
        ]))
    }

    #[test]
    fn no_role_records_a_refusal_notice_not_even_an_administrator() {
        for &role in Role::ALL {
            assert!(!role.allows(Action::RecordRejection), "{role}");
        }
        assert!(Role::Administrator.covers(Role::Secretary));
    }

    #[test]
    fn supervisor_reads_subtree_but_writes_nothing() {
        let g = [Grant {
            org: "town".into(),
            role: Role::Supervisor,
        }];
        assert!(permits(&g, &tree(), "g1", Action::Read));
        assert!(permits(&g, &tree(), "g2", Action::Read));
        assert!(!permits(&g, &tree(), "banner", Action::Read));
        assert!(!permits(&g, &tree(), "g1", Action::WriteCase));
    }

    #[test]
    fn member_sees_courses_published_down_its_path_only() {
        let g = [Grant {
            org: "g1".into(),
            role: Role::Member,
        }];
        assert!(may_read(&g, &tree(), "banner", RecordKind::Course));
        assert!(!may_read(&g, &tree(), "banner", RecordKind::MediationCase));
        assert!(!may_read(&g, &tree(), "g2", RecordKind::Course));
        assert!(
            may_read(&g, &tree(), "school", RecordKind::Course),
            "the banner's school hangs off g1's path"
        );
        assert!(!may_read(&g, &tree(), "school", RecordKind::Person));
        let (readable, published) = visible_orgs(
            &g,
            &tree(),
            ["league", "banner", "school", "town", "g1", "g2"],
        );
        assert_eq!(readable, vec!["g1".to_string()]);
        let expected: Vec<String> = ["league", "banner", "school", "town"]
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(published, expected);
    }

    #[test]
    fn roles_write_only_their_workflows() {
        let t = tree();
        let mediator = [Grant {
            org: "g1".into(),
            role: Role::Mediator,
        }];
        assert!(permits(&mediator, &t, "g1", Action::WriteCase));
        assert!(!permits(&mediator, &t, "g1", Action::MarkAttendance));
        let lecturer = [Grant {
            org: "school".into(),
            role: Role::Lecturer,
        }];
        assert!(permits(&lecturer, &t, "school", Action::MarkAttendance));
        let member = [Grant {
            org: "g1".into(),
            role: Role::Member,
        }];
        assert!(permits(&member, &t, "g1", Action::CheckInSelf));
        assert!(!permits(&member, &t, "g1", Action::MarkAttendance));
    }

    #[test]
    fn members_check_in_wherever_the_session_is_published_to_them() {
        let g = [Grant {
            org: "g1".into(),
            role: Role::Member,
        }];
        assert!(permits_write(
            &g,
            &tree(),
            "school",
            RecordKind::Session,
            Action::CheckInSelf
        ));
        assert!(!permits_write(
            &g,
            &tree(),
            "school",
            RecordKind::Session,
            Action::MarkAttendance
        ));
        let sup = [Grant {
            org: "g2".into(),
            role: Role::Supervisor,
        }];
        assert!(
            !permits_write(
                &sup,
                &tree(),
                "school",
                RecordKind::Session,
                Action::CheckInSelf
            ),
            "supervisors only read"
        );
    }

    #[test]
    fn nobody_grants_more_than_they_hold_or_outside_their_scope() {
        let t = tree();
        let secretary = [Grant {
            org: "town".into(),
            role: Role::Secretary,
        }];
        assert!(may_grant(&secretary, &t, "g1", Role::Mediator));
        assert!(may_grant(&secretary, &t, "town", Role::Secretary));
        assert!(!may_grant(&secretary, &t, "g1", Role::Administrator));
        assert!(!may_grant(&secretary, &t, "league", Role::Member));
        assert!(!may_grant(&secretary, &t, "banner", Role::Mediator));
        let admin = [Grant {
            org: "banner".into(),
            role: Role::Administrator,
        }];
        assert!(may_grant(&admin, &t, "g2", Role::Administrator));
        assert!(!may_grant(&admin, &t, "league", Role::Administrator));
        let mediator = [Grant {
            org: "g1".into(),
            role: Role::Mediator,
        }];
        assert!(
            !may_grant(&mediator, &t, "g1", Role::Mediator),
            "mediators manage no people"
        );
        assert!(Role::Administrator.covers(Role::Secretary));
        assert!(Role::Secretary.covers(Role::Supervisor));
        assert!(!Role::Supervisor.covers(Role::Member));
        assert!(!Role::Secretary.covers(Role::Administrator));
    }

    #[test]
    fn lineage_survives_a_cycle() {
        let t = Tree(HashMap::from([("a", "b"), ("b", "a")]));
        assert_eq!(lineage(&t, "a"), vec!["a".to_string(), "b".to_string()]);
    }
}
