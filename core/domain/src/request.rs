//! Residents' requests through the five steps 民事民提 → 民事民议 → 民事民决 → 民事民办 →
//! 民事民评; an unsatisfied evaluation reopens the request for a new round, and the earlier
//! round's decision, work and evaluation stay in its history ([`ResidentRequest::by_round`]).
//!
//! The evaluation is the residents' verdict: it is recorded by whoever collected it, naming the
//! residents it speaks for, and never by the one who carried out that round's work. Each step
//! names the user who logged it, and the server checks that name against the change's author.

use crate::reason::{Reason, Step};
use autosurgeon::{Hydrate, Reconcile, Text};

use crate::error::{DomainError, Result, require_id, require_text};
pub use crate::hand::Hand;
use crate::record::{Record, RecordKind};

labelled_enum! {
    /// The step a request has completed.
    pub enum RequestStep {
        Raised => "raised",
        Discussed => "discussed",
        Decided => "decided",
        Done => "done",
        Evaluated => "evaluated",
        Reopened => "reopened",
    }
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct StepEntry {
    #[key]
    pub id: String,
    pub step: RequestStep,
    pub at: i64,
    pub by: String,
    /// The user who logged it; absent on steps logged by builds before 2026-11-30.
    pub user: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct Evaluation {
    #[key]
    pub id: String,
    pub at: i64,
    pub satisfied: bool,
    pub comment: String,
    /// The residents whose verdict it is.
    #[autosurgeon(missing = "Vec::new")]
    pub residents: Vec<String>,
}

/// One round of a request: its steps from raising (or reopening) to the evaluation that closed
/// or reopened it.
#[derive(Debug, Clone, PartialEq)]
pub struct Round<'a> {
    pub number: usize,
    pub steps: Vec<&'a StepEntry>,
    pub evaluation: Option<&'a Evaluation>,
}

impl Round<'_> {
    /// The decision of this round, as logged when it was taken.
    pub fn decision(&self) -> Option<&str> {
        self.steps
            .iter()
            .find(|s| s.step == RequestStep::Decided)
            .map(|s| s.note.as_str())
    }

    /// The user who carried out this round's work.
    pub fn worker(&self) -> Option<&str> {
        self.steps
            .iter()
            .find(|s| s.step == RequestStep::Done)
            .and_then(|s| s.user.as_deref())
    }
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct ResidentRequest {
    /// The community (or grid branch) handling it.
    pub community: String,
    pub title: String,
    pub description: Text,
    pub raised_by: String,
    pub raised_at: i64,
    pub step: RequestStep,
    pub decision: Option<String>,
    /// The joint meeting that decided it, if any.
    pub meeting: Option<String>,
    pub history: Vec<StepEntry>,
    pub evaluations: Vec<Evaluation>,
    pub rounds: i64,
}

// Every step appends a history entry whose id, `entry`, the caller makes: the domain makes no ids.
impl ResidentRequest {
    pub fn raise(
        community: String,
        title: String,
        description: String,
        raised_by: String,
        entry: String,
        user: String,
        now: i64,
    ) -> Result<Self> {
        let mut r = Self {
            community,
            title,
            description: Text::with_value(description),
            raised_by: raised_by.clone(),
            raised_at: now,
            step: RequestStep::Raised,
            decision: None,
            meeting: None,
            history: Vec::new(),
            evaluations: Vec::new(),
            rounds: 1,
        };
        let hand = Hand {
            name: raised_by,
            user,
        };
        r.log(entry, RequestStep::Raised, hand, String::new(), now);
        r.validate()?;
        Ok(r)
    }

    fn log(&mut self, entry: String, step: RequestStep, by: Hand, note: String, now: i64) {
        self.history.push(StepEntry {
            id: entry,
            step,
            at: now,
            by: by.name,
            user: Some(by.user),
            note,
        });
        self.step = step;
    }

    fn expect(&self, allowed: &[RequestStep], action: Step) -> Result<()> {
        if !allowed.contains(&self.step) {
            return Err(DomainError::transition(
                RecordKind::ResidentRequest,
                action,
                self.step,
            ));
        }
        Ok(())
    }

    /// 民事民议: discussed (at a joint meeting or with the residents).
    pub fn discuss(&mut self, entry: String, note: String, by: Hand, now: i64) -> Result<()> {
        self.expect(&[RequestStep::Raised, RequestStep::Reopened], Step::Discuss)?;
        require_text("note", &note)?;
        self.log(entry, RequestStep::Discussed, by, note, now);
        Ok(())
    }

    /// 民事民决: what will be done.
    pub fn decide(
        &mut self,
        entry: String,
        decision: String,
        meeting: Option<String>,
        by: Hand,
        now: i64,
    ) -> Result<()> {
        self.expect(&[RequestStep::Discussed], Step::Decide)?;
        require_text("decision", &decision)?;
        if let Some(m) = &meeting {
            require_id("meeting", m)?;
        }
        self.decision = Some(decision.clone());
        self.meeting = meeting;
        self.log(entry, RequestStep::Decided, by, decision, now);
        Ok(())
    }

    /// 民事民办: the decision was carried out.
    pub fn carry_out(&mut self, entry: String, report: String, by: Hand, now: i64) -> Result<()> {
        self.expect(&[RequestStep::Decided], Step::CarryOut)?;
        require_text("report", &report)?;
        self.log(entry, RequestStep::Done, by, report, now);
        Ok(())
    }

    /// 民事民评: residents evaluate, through `by`, who collected their verdict and did not do the
    /// work. Unsatisfied reopens the request for another round.
    ///
    /// The evaluation and the step it logs are one event, so they share the id `entry`: ids are
    /// keys within one list, and the two live in different lists.
    pub fn evaluate(
        &mut self,
        entry: String,
        satisfied: bool,
        comment: String,
        residents: Vec<String>,
        by: Hand,
        now: i64,
    ) -> Result<()> {
        self.expect(&[RequestStep::Done], Step::Evaluate)?;
        if self.by_round().last().and_then(|r| r.worker()) == Some(by.user.as_str()) {
            return Err(DomainError::NotAllowed {
                reason: Reason::EvaluationNotByWorker,
            });
        }
        let residents: Vec<String> = residents
            .into_iter()
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect();
        if residents.is_empty() {
            return Err(DomainError::invalid("residents", Reason::NameResidents));
        }
        self.evaluations.push(Evaluation {
            id: entry.clone(),
            at: now,
            satisfied,
            comment: comment.clone(),
            residents,
        });
        if satisfied {
            self.log(entry, RequestStep::Evaluated, by, comment, now);
        } else {
            self.rounds += 1;
            self.decision = None;
            self.log(entry, RequestStep::Reopened, by, comment, now);
        }
        Ok(())
    }

    /// The request's rounds in order, each with its own steps and evaluation: an unsatisfied
    /// evaluation ends one round and its reopening starts the next.
    pub fn by_round(&self) -> Vec<Round<'_>> {
        let mut rounds = vec![Round {
            number: 1,
            steps: Vec::new(),
            evaluation: None,
        }];
        for step in &self.history {
            if step.step == RequestStep::Reopened {
                let number = rounds.len() + 1;
                if let Some(last) = rounds.last_mut() {
                    last.evaluation = self.evaluations.iter().find(|e| e.id == step.id);
                }
                rounds.push(Round {
                    number,
                    steps: Vec::new(),
                    evaluation: None,
                });
            }
            if let Some(last) = rounds.last_mut() {
                last.steps.push(step);
                if step.step == RequestStep::Evaluated {
                    last.evaluation = self.evaluations.iter().find(|e| e.id == step.id);
                }
            }
        }
        rounds
    }

    /// The latest evaluation's verdict, if evaluated.
    pub fn satisfied(&self) -> Option<bool> {
        self.evaluations
            .iter()
            .max_by_key(|e| (e.at, e.id.clone()))
            .map(|e| e.satisfied)
    }

    pub fn is_open(&self) -> bool {
        self.step != RequestStep::Evaluated
    }
}

impl Record for ResidentRequest {
    fn scope_org(&self) -> &str {
        &self.community
    }

    fn validate(&self) -> Result<()> {
        require_id("community", &self.community)?;
        require_text("title", &self.title)?;
        require_text("raised_by", &self.raised_by)?;
        if matches!(self.step, RequestStep::Decided | RequestStep::Done) && self.decision.is_none()
        {
            return Err(DomainError::invalid(
                "decision",
                Reason::DecidedRequestNeedsDecision,
            ));
        }
        if self.step == RequestStep::Evaluated && self.evaluations.is_empty() {
            return Err(DomainError::invalid(
                "evaluations",
                Reason::EvaluatedRequestNeedsEvaluation,
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Id;

    fn request() -> ResidentRequest {
        ResidentRequest::raise(
            Id::new().to_string(),
            "楼道杂物".into(),
            "三单元楼道堆放杂物".into(),
            "张大爷".into(),
            id(),
            "collector".into(),
            1,
        )
        .unwrap()
    }

    fn hand(user: &str) -> Hand {
        Hand {
            name: user.to_uppercase(),
            user: user.into(),
        }
    }

    fn residents() -> Vec<String> {
        vec!["张大爷".into(), "李阿姨".into()]
    }

    fn id() -> String {
        Id::new().to_string()
    }

    #[test]
    fn five_steps_in_order() {
        let mut r = request();
        r.discuss(id(), "三方议事会".into(), hand("secretary"), 2)
            .unwrap();
        r.decide(id(), "物业清理".into(), None, hand("secretary"), 3)
            .unwrap();
        r.carry_out(id(), "已清理".into(), hand("worker"), 4)
            .unwrap();
        r.evaluate(id(), true, "满意".into(), residents(), hand("collector"), 5)
            .unwrap();
        assert_eq!(r.step, RequestStep::Evaluated);
        assert_eq!(r.satisfied(), Some(true));
        assert!(!r.is_open());
        assert_eq!(r.history.len(), 5);
    }

    #[test]
    fn evaluation_before_done_is_refused() {
        let mut r = request();
        let err = r
            .evaluate(id(), true, String::new(), residents(), hand("x"), 2)
            .unwrap_err();
        assert_eq!(
            err,
            DomainError::InvalidTransition {
                record: RecordKind::ResidentRequest,
                action: Step::Evaluate,
                state: "request_step_raised".into()
            }
        );
        assert!(
            r.decide(id(), "d".into(), None, hand("x"), 2).is_err(),
            "cannot skip discussion"
        );
        assert!(r.carry_out(id(), "r".into(), hand("x"), 2).is_err());
    }

    #[test]
    fn unsatisfied_evaluation_reopens_and_keeps_the_earlier_round() {
        let mut r = request();
        r.discuss(id(), "n".into(), hand("x"), 2).unwrap();
        r.decide(id(), "换暖气片".into(), None, hand("x"), 3)
            .unwrap();
        r.carry_out(id(), "r".into(), hand("x"), 4).unwrap();
        r.evaluate(
            id(),
            false,
            "暖气还是不热".into(),
            residents(),
            hand("y"),
            5,
        )
        .unwrap();
        assert_eq!(r.step, RequestStep::Reopened);
        assert_eq!(r.rounds, 2);
        assert!(r.is_open());
        r.discuss(id(), "again".into(), hand("x"), 6).unwrap();
        r.validate().unwrap();
        let rounds = r.by_round();
        assert_eq!(rounds.len(), 2);
        assert_eq!(rounds[0].decision(), Some("换暖气片"));
        assert_eq!(rounds[0].worker(), Some("x"));
        let first = rounds[0]
            .evaluation
            .expect("the first round's verdict stays");
        assert!(!first.satisfied);
        assert_eq!(first.residents, residents());
        assert_eq!(rounds[1].decision(), None);
        assert_eq!(rounds[1].steps.len(), 2, "reopened, discussed");
    }

    #[test]
    fn whoever_did_the_work_does_not_record_the_verdict() {
        let mut r = request();
        r.discuss(id(), "n".into(), hand("x"), 2).unwrap();
        r.decide(id(), "d".into(), None, hand("x"), 3).unwrap();
        r.carry_out(id(), "r".into(), hand("worker"), 4).unwrap();
        let err = r
            .evaluate(id(), true, "满意".into(), residents(), hand("worker"), 5)
            .unwrap_err();
        assert!(matches!(err, DomainError::NotAllowed { .. }), "{err}");
        assert!(
            r.evaluate(id(), true, "满意".into(), vec![" ".into()], hand("y"), 5)
                .is_err(),
            "a verdict names the residents it speaks for"
        );
        r.evaluate(id(), true, "满意".into(), residents(), hand("y"), 5)
            .unwrap();
    }

    proptest::proptest! {
        /// However many rounds a request goes through, its rounds are what happened: one per
        /// reopening plus the first, each with its own decision and verdict, every verdict in
        /// exactly one round, none recorded by its round's worker.
        #[test]
        fn rounds_keep_every_decision_and_verdict(verdicts in proptest::collection::vec(proptest::bool::ANY, 1..6)) {
            let mut r = request();
            let mut t = 1;
            let mut tick = || { t += 1; t };
            let mut decisions = Vec::new();
            for (n, satisfied) in verdicts.iter().enumerate() {
                r.discuss(id(), format!("议{n}"), hand("worker"), tick()).unwrap();
                let d = format!("决定{n}");
                r.decide(id(), d.clone(), None, hand("worker"), tick()).unwrap();
                decisions.push(d);
                r.carry_out(id(), format!("办{n}"), hand("worker"), tick()).unwrap();
                r.evaluate(id(), *satisfied, String::new(), residents(), hand("collector"), tick()).unwrap();
                if *satisfied {
                    break;
                }
            }
            r.validate().unwrap();
            let rounds = r.by_round();
            let closed = decisions.len();
            proptest::prop_assert_eq!(rounds.len() as i64, r.rounds);
            for (n, d) in decisions.iter().enumerate() {
                proptest::prop_assert_eq!(rounds[n].decision(), Some(d.as_str()));
                proptest::prop_assert_eq!(rounds[n].worker(), Some("worker"));
                proptest::prop_assert!(rounds[n].evaluation.is_some());
            }
            let with_verdict = rounds.iter().filter(|x| x.evaluation.is_some()).count();
            proptest::prop_assert_eq!(with_verdict, closed);
            proptest::prop_assert_eq!(r.evaluations.len(), closed);
        }
    }
}
