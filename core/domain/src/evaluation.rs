//! The annual democratic evaluation of members (民主评议党员): the member's own self-assessment,
//! the other members' assessments of them, a democratic vote, and the result the vote's tallies
//! give under the branch's rule. One evaluation per member and year: its record id is derived
//! from both ([`DemocraticEvaluation::id_for`]), so two phones opening it open one record.
//!
//! Who writes which part is the server's check on every change (`author_rules`):
//! the self-assessment only by the member, an assessment entry by whoever it names (or the
//! secretary entering paper forms), the result only as the tallies give it.

use crate::reason::{Reason, Standing, Step};
use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};

use crate::error::{DomainError, ErrorArg, Result, require_id, require_text, require_year};
use crate::record::{Record, RecordKind};

labelled_enum! {
    /// Best first: the order the branch's rule walks.
    pub enum Grade {
        Excellent => "excellent",
        Qualified => "qualified",
        BasicallyQualified => "basically_qualified",
        Unqualified => "unqualified",
    }
}

/// The share of the votes, in percent, a grade (counting the votes for it and every better grade)
/// needs, under the rule branches use unless they set another.
pub const DEFAULT_PASS_PERCENT: i64 = 50;

fn default_pass_percent() -> i64 {
    DEFAULT_PASS_PERCENT
}

/// One member's assessment of the member being evaluated (相互评议).
#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct MutualAssessment {
    #[key]
    pub id: String,
    /// The assessing member's person id.
    pub by: String,
    pub text: String,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct DemocraticEvaluation {
    pub branch: String,
    pub member: String,
    pub year: i64,
    pub self_assessment: Option<String>,
    /// One text for the whole mutual assessment, as builds before 2026-11-30 wrote it; read so
    /// those records still show it, never written now (entries go to `mutual`).
    pub mutual_assessment: Option<String>,
    #[autosurgeon(missing = "Vec::new")]
    pub mutual: Vec<MutualAssessment>,
    /// Grade code → votes.
    pub votes: BTreeMap<String, i64>,
    /// The branch's rule: the percentage of votes a grade needs (see [`grade_from_votes`]).
    #[autosurgeon(missing = "default_pass_percent")]
    pub pass_percent: i64,
    pub result: Option<Grade>,
}

/// The grade the votes give: the best grade that, together with the votes for every better
/// grade, reaches `pass_percent` of all votes cast. With the default 50% this is the median
/// vote: 3 优秀 and 9 合格 give 合格; 7 优秀 and 5 合格 give 优秀. `None` before any vote.
pub fn grade_from_votes(votes: &BTreeMap<String, i64>, pass_percent: i64) -> Option<Grade> {
    let total: i64 = votes.values().sum();
    if total <= 0 {
        return None;
    }
    let mut so_far = 0;
    for &grade in Grade::ALL {
        so_far += votes.get(grade.code()).copied().unwrap_or(0);
        if so_far * 100 >= total * pass_percent {
            return Some(grade);
        }
    }
    Some(Grade::Unqualified)
}

impl DemocraticEvaluation {
    pub fn new(branch: String, member: String, year: i64) -> Result<Self> {
        let e = Self {
            branch,
            member,
            year,
            self_assessment: None,
            mutual_assessment: None,
            mutual: Vec::new(),
            votes: BTreeMap::new(),
            pass_percent: DEFAULT_PASS_PERCENT,
            result: None,
        };
        e.validate()?;
        Ok(e)
    }

    /// The id of `member`'s evaluation of `year`.
    pub fn id_for(member: &str, year: i64) -> crate::Id {
        crate::Id::derived(
            RecordKind::DemocraticEvaluation,
            &format!("{member}/{year}"),
        )
    }

    fn require_open(&self, action: Step) -> Result<()> {
        if self.result.is_some() {
            return Err(DomainError::transition(
                RecordKind::DemocraticEvaluation,
                action,
                Standing::Recorded,
            ));
        }
        Ok(())
    }

    pub fn assess_self(&mut self, text: String) -> Result<()> {
        self.require_open(Step::SelfAssess)?;
        require_text("self_assessment", &text)?;
        self.self_assessment = Some(text);
        Ok(())
    }

    /// Another member's assessment, added beside the others'.
    pub fn assess_mutually(
        &mut self,
        id: String,
        by: String,
        text: String,
        now: i64,
    ) -> Result<()> {
        self.require_open(Step::MutuallyAssess)?;
        require_text("mutual_assessment", &text)?;
        if by == self.member {
            return Err(DomainError::invalid("by", Reason::OwnViewIsSelfAssessment));
        }
        require_id("by", &by)?;
        if self.mutual.iter().any(|m| m.by == by) {
            return Err(DomainError::invalid("by", Reason::OneAssessmentEach));
        }
        self.mutual.push(MutualAssessment {
            id,
            by,
            text,
            at: now,
        });
        Ok(())
    }

    pub fn has_mutual_assessment(&self) -> bool {
        !self.mutual.is_empty() || self.mutual_assessment.is_some()
    }

    pub fn record_votes(&mut self, votes: &[(Grade, i64)]) -> Result<()> {
        self.require_open(Step::Vote)?;
        if votes.iter().any(|(_, n)| *n < 0) {
            return Err(DomainError::invalid("votes", Reason::NotNegative));
        }
        for (g, n) in votes {
            self.votes.insert(g.code().to_string(), *n);
        }
        Ok(())
    }

    /// The branch's rule for this evaluation, set before the vote is counted.
    pub fn set_pass_percent(&mut self, percent: i64) -> Result<()> {
        self.require_open(Step::ChangeRule)?;
        if !(1..=100).contains(&percent) {
            return Err(DomainError::invalid("pass_percent", Reason::Between1And100));
        }
        self.pass_percent = percent;
        Ok(())
    }

    /// The grade the tallies give now, under the branch's rule.
    pub fn tallied_grade(&self) -> Option<Grade> {
        grade_from_votes(&self.votes, self.pass_percent)
    }

    /// The branch committee records the result after self and mutual assessment and the vote:
    /// the grade the tallies give, never one chosen beside them.
    pub fn record_result(&mut self) -> Result<Grade> {
        self.require_open(Step::RecordResult)?;
        if self.self_assessment.is_none() {
            return Err(DomainError::transition(
                RecordKind::DemocraticEvaluation,
                Step::RecordResult,
                Standing::AwaitingSelfAssessment,
            ));
        }
        if !self.has_mutual_assessment() {
            return Err(DomainError::transition(
                RecordKind::DemocraticEvaluation,
                Step::RecordResult,
                Standing::AwaitingMutualAssessment,
            ));
        }
        let grade = self.tallied_grade().ok_or_else(|| {
            DomainError::transition(
                RecordKind::DemocraticEvaluation,
                Step::RecordResult,
                Standing::AwaitingVote,
            )
        })?;
        self.result = Some(grade);
        Ok(grade)
    }
}

impl Record for DemocraticEvaluation {
    fn scope_org(&self) -> &str {
        &self.branch
    }

    fn validate(&self) -> Result<()> {
        require_id("branch", &self.branch)?;
        require_id("member", &self.member)?;
        require_year(self.year)?;
        if !(1..=100).contains(&self.pass_percent) {
            return Err(DomainError::invalid("pass_percent", Reason::Between1And100));
        }
        if let Some(k) = self.votes.keys().find(|k| Grade::parse(k).is_none()) {
            return Err(DomainError::invalid("votes", Reason::UnknownGrade)
                .with("value", ErrorArg::Text(k.clone())));
        }
        if self.votes.values().any(|n| *n < 0) {
            return Err(DomainError::invalid("votes", Reason::NotNegative));
        }
        for m in &self.mutual {
            require_id("by", &m.by)?;
            require_text("mutual_assessment", &m.text)?;
            if m.by == self.member {
                return Err(DomainError::invalid("by", Reason::OwnViewIsSelfAssessment));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    fn votes(v: &[(Grade, i64)]) -> BTreeMap<String, i64> {
        v.iter().map(|(g, n)| (g.code().to_string(), *n)).collect()
    }

    #[test]
    fn result_follows_the_three_steps_and_is_what_the_tallies_give() {
        let member = Id::new().to_string();
        let mut e = DemocraticEvaluation::new(Id::new().to_string(), member.clone(), 2026).unwrap();
        assert!(e.record_result().is_err());
        e.assess_self("对照合格党员标准".into()).unwrap();
        assert!(e.record_result().is_err());
        assert!(
            e.assess_mutually("m1".into(), member, "自己评自己".into(), 1)
                .is_err(),
            "a member does not assess themselves mutually"
        );
        e.assess_mutually("m1".into(), Id::new().to_string(), "互评一".into(), 1)
            .unwrap();
        e.assess_mutually("m2".into(), Id::new().to_string(), "互评二".into(), 2)
            .unwrap();
        assert_eq!(e.mutual.len(), 2, "one entry per assessing member");
        assert!(e.record_result().is_err(), "awaiting the vote");
        e.record_votes(&[(Grade::Excellent, 3), (Grade::Qualified, 9)])
            .unwrap();
        assert_eq!(e.record_result().unwrap(), Grade::Qualified);
        assert_eq!(e.result, Some(Grade::Qualified));
        assert!(
            e.record_votes(&[(Grade::Excellent, 1)]).is_err(),
            "closed once recorded"
        );
    }

    #[test]
    fn the_branchs_rule_decides_the_grade() {
        let v = votes(&[(Grade::Excellent, 7), (Grade::Qualified, 5)]);
        assert_eq!(grade_from_votes(&v, 50), Some(Grade::Excellent));
        assert_eq!(grade_from_votes(&v, 60), Some(Grade::Qualified));
        let v = votes(&[(Grade::Unqualified, 8), (Grade::Qualified, 2)]);
        assert_eq!(grade_from_votes(&v, 50), Some(Grade::Unqualified));
        let v = votes(&[(Grade::BasicallyQualified, 5), (Grade::Qualified, 5)]);
        assert_eq!(grade_from_votes(&v, 50), Some(Grade::Qualified));
        assert_eq!(grade_from_votes(&BTreeMap::new(), 50), None);
    }

    #[test]
    fn one_member_and_year_name_one_record() {
        let m = Id::new().to_string();
        assert_eq!(
            DemocraticEvaluation::id_for(&m, 2026),
            DemocraticEvaluation::id_for(&m, 2026)
        );
        assert_ne!(
            DemocraticEvaluation::id_for(&m, 2026),
            DemocraticEvaluation::id_for(&m, 2027)
        );
    }

    #[test]
    fn year_and_rule_are_bounded() {
        assert!(
            DemocraticEvaluation::new(Id::new().to_string(), Id::new().to_string(), 1900).is_err()
        );
        let mut e =
            DemocraticEvaluation::new(Id::new().to_string(), Id::new().to_string(), 2026).unwrap();
        assert!(e.set_pass_percent(0).is_err());
        e.set_pass_percent(67).unwrap();
    }

    proptest::proptest! {
        /// The grade the votes give: defined once anyone voted; the best grade whose votes, with
        /// the better grades', reach the rule's share while the better grades alone do not; and
        /// moving a vote to a better grade never makes the result worse.
        #[test]
        fn the_tallies_give_the_grade_the_rule_names(
            counts in proptest::collection::vec(0i64..40, 4),
            percent in 1i64..=100,
            from in 1usize..4,
        ) {
            let votes: BTreeMap<String, i64> = Grade::ALL
                .iter()
                .zip(&counts)
                .map(|(g, n)| (g.code().to_string(), *n))
                .collect();
            let total: i64 = counts.iter().sum();
            let grade = grade_from_votes(&votes, percent);
            proptest::prop_assert_eq!(grade.is_some(), total > 0);
            if let Some(g) = grade {
                let at = Grade::ALL.iter().position(|x| *x == g).unwrap();
                let up_to = |i: usize| counts[..=i].iter().sum::<i64>();
                proptest::prop_assert!(up_to(at) * 100 >= total * percent || at == 3);
                if at > 0 {
                    proptest::prop_assert!(up_to(at - 1) * 100 < total * percent);
                }
                // One vote moves from a worse grade to the one above it.
                if counts[from] > 0 {
                    let mut better = counts.clone();
                    better[from] -= 1;
                    better[from - 1] += 1;
                    let moved: BTreeMap<String, i64> = Grade::ALL
                        .iter()
                        .zip(&better)
                        .map(|(g, n)| (g.code().to_string(), *n))
                        .collect();
                    let after = grade_from_votes(&moved, percent).unwrap();
                    proptest::prop_assert!(after <= g, "{after:?} worse than {g:?}");
                }
            }
        }
    }
}
