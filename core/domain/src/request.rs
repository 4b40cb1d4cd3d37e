//! Residents' requests through the five steps 民事民提 → 民事民议 → 民事民决 → 民事民办 →
//! 民事民评; an unsatisfied evaluation reopens the request for a new round.

use autosurgeon::{Hydrate, Reconcile, Text};

use crate::error::{DomainError, Result, require_id, require_text};
use crate::record::{Record, RecordKind};

labelled_enum! {
    /// The step a request has completed.
    pub enum RequestStep {
        Raised => ("raised", "民事民提"),
        Discussed => ("discussed", "民事民议"),
        Decided => ("decided", "民事民决"),
        Done => ("done", "民事民办"),
        Evaluated => ("evaluated", "民事民评"),
        Reopened => ("reopened", "重新处理"),
    }
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct StepEntry {
    #[key]
    pub id: String,
    pub step: RequestStep,
    pub at: i64,
    pub by: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
pub struct Evaluation {
    #[key]
    pub id: String,
    pub at: i64,
    pub satisfied: bool,
    pub comment: String,
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
        r.log(entry, RequestStep::Raised, raised_by, String::new(), now);
        r.validate()?;
        Ok(r)
    }

    fn log(&mut self, entry: String, step: RequestStep, by: String, note: String, now: i64) {
        self.history.push(StepEntry {
            id: entry,
            step,
            at: now,
            by,
            note,
        });
        self.step = step;
    }

    fn expect(&self, allowed: &[RequestStep], action: &'static str) -> Result<()> {
        if !allowed.contains(&self.step) {
            return Err(DomainError::transition(
                RecordKind::ResidentRequest,
                action,
                self.step.code(),
            ));
        }
        Ok(())
    }

    /// 民事民议: discussed (at a joint meeting or with the residents).
    pub fn discuss(&mut self, entry: String, note: String, by: String, now: i64) -> Result<()> {
        self.expect(&[RequestStep::Raised, RequestStep::Reopened], "discuss")?;
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
        by: String,
        now: i64,
    ) -> Result<()> {
        self.expect(&[RequestStep::Discussed], "decide")?;
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
    pub fn carry_out(&mut self, entry: String, report: String, by: String, now: i64) -> Result<()> {
        self.expect(&[RequestStep::Decided], "carry out")?;
        require_text("report", &report)?;
        self.log(entry, RequestStep::Done, by, report, now);
        Ok(())
    }

    /// 民事民评: residents evaluate. Unsatisfied reopens the request for another round.
    ///
    /// The evaluation and the step it logs are one event, so they share the id `entry`: ids are
    /// keys within one list, and the two live in different lists.
    pub fn evaluate(
        &mut self,
        entry: String,
        satisfied: bool,
        comment: String,
        by: String,
        now: i64,
    ) -> Result<()> {
        self.expect(&[RequestStep::Done], "evaluate")?;
        self.evaluations.push(Evaluation {
            id: entry.clone(),
            at: now,
            satisfied,
            comment: comment.clone(),
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
                "a decided request needs its decision",
            ));
        }
        if self.step == RequestStep::Evaluated && self.evaluations.is_empty() {
            return Err(DomainError::invalid(
                "evaluations",
                "an evaluated request needs an evaluation",
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
            1,
        )
        .unwrap()
    }

    fn id() -> String {
        Id::new().to_string()
    }

    #[test]
    fn five_steps_in_order() {
        let mut r = request();
        r.discuss(id(), "三方议事会".into(), "书记".into(), 2)
            .unwrap();
        r.decide(id(), "物业清理".into(), None, "书记".into(), 3)
            .unwrap();
        r.carry_out(id(), "已清理".into(), "物业".into(), 4)
            .unwrap();
        r.evaluate(id(), true, "满意".into(), "张大爷".into(), 5)
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
            .evaluate(id(), true, String::new(), "x".into(), 2)
            .unwrap_err();
        assert_eq!(
            err,
            DomainError::InvalidTransition {
                record: RecordKind::ResidentRequest,
                action: "evaluate",
                state: "raised".into()
            }
        );
        assert!(
            r.decide(id(), "d".into(), None, "x".into(), 2).is_err(),
            "cannot skip discussion"
        );
        assert!(r.carry_out(id(), "r".into(), "x".into(), 2).is_err());
    }

    #[test]
    fn unsatisfied_evaluation_reopens() {
        let mut r = request();
        r.discuss(id(), "n".into(), "x".into(), 2).unwrap();
        r.decide(id(), "d".into(), None, "x".into(), 3).unwrap();
        r.carry_out(id(), "r".into(), "x".into(), 4).unwrap();
        r.evaluate(id(), false, "暖气还是不热".into(), "y".into(), 5)
            .unwrap();
        assert_eq!(r.step, RequestStep::Reopened);
        assert_eq!(r.rounds, 2);
        assert!(r.is_open());
        r.discuss(id(), "again".into(), "x".into(), 6).unwrap();
        r.validate().unwrap();
    }
}
