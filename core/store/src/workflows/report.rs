//! The seed reports' figures for a period: what a township or banner reports up — disputes
//! mediated and how they ended, legal services and difficulties solved, residents' requests
//! through their five steps, joint meetings and their decisions, in-service members' service,
//! Party school sessions, attendances and training hours — for every organisation of a subtree,
//! each row totalling its own subtree (a sumu's row includes its gachas'), so sibling units
//! compare side by side.
//!
//! Each figure counts the records whose own date falls in `[from, to)`: a case by the day it was
//! opened (its outcome by the day it closed), a request by the day it was raised (and its step as
//! it stands now), a session by its start.

use std::collections::HashMap;

use rusqlite::{Connection, params};
use steppe_domain::Id;

use crate::error::Result;
use crate::steppe::Steppe;
use crate::workflows::orgs::OrgRow;
use crate::workflows::rollup::{Totals, roll_up};

/// The figures of one organisation's subtree over a period.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Figures {
    /// Disputes taken up.
    pub cases_opened: i64,
    /// Of the cases closed in the period, by outcome.
    pub cases_agreed: i64,
    pub cases_referred: i64,
    pub cases_withdrawn: i64,
    pub cases_unresolved: i64,
    /// Legal-advice services and difficulties solved (the branches' service log), and everyone
    /// the log's entries served.
    pub legal_services: i64,
    pub difficulties_solved: i64,
    pub people_served: i64,
    /// Residents' requests raised, and of those how far they have come.
    pub requests_raised: i64,
    pub requests_decided: i64,
    pub requests_done: i64,
    pub requests_satisfied: i64,
    /// Joint meetings held and the decisions they took.
    pub joint_meetings: i64,
    pub meeting_decisions: i64,
    /// In-service members' service (双报到): entries and the people-times they served.
    pub member_services: i64,
    pub member_service_people: i64,
    /// Party school sessions held, members checked in, and their training hours.
    pub sessions_held: i64,
    pub attendances: i64,
    pub training_hours: f64,
}

impl Figures {
    fn add(&mut self, o: &Figures) {
        self.cases_opened += o.cases_opened;
        self.cases_agreed += o.cases_agreed;
        self.cases_referred += o.cases_referred;
        self.cases_withdrawn += o.cases_withdrawn;
        self.cases_unresolved += o.cases_unresolved;
        self.legal_services += o.legal_services;
        self.difficulties_solved += o.difficulties_solved;
        self.people_served += o.people_served;
        self.requests_raised += o.requests_raised;
        self.requests_decided += o.requests_decided;
        self.requests_done += o.requests_done;
        self.requests_satisfied += o.requests_satisfied;
        self.joint_meetings += o.joint_meetings;
        self.meeting_decisions += o.meeting_decisions;
        self.member_services += o.member_services;
        self.member_service_people += o.member_service_people;
        self.sessions_held += o.sessions_held;
        self.attendances += o.attendances;
        self.training_hours += o.training_hours;
    }
}

/// One organisation's row of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    pub org: OrgRow,
    pub figures: Figures,
}

/// One organisation's columns of a grouped query (zeros when it has no rows).
fn of<const N: usize>(m: &HashMap<String, [f64; N]>, org: &str) -> [f64; N] {
    m.get(org).copied().unwrap_or([0.0; N])
}

/// `org → (columns…)` from a query over `[?1, ?2)` grouping by organisation.
fn grouped<const N: usize>(
    c: &Connection,
    sql: &str,
    from: i64,
    to: i64,
) -> Result<HashMap<String, [f64; N]>> {
    let mut stmt = c.prepare_cached(sql)?;
    let rows = stmt.query_map(params![from, to], |r| {
        let mut v = [0.0; N];
        for (i, slot) in v.iter_mut().enumerate() {
            *slot = r.get::<_, Option<f64>>(i + 1)?.unwrap_or(0.0);
        }
        Ok((r.get::<_, String>(0)?, v))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

impl Steppe {
    /// The report of `root` and every organisation below it over `[from, to)` (milliseconds), in
    /// the order of [`Steppe::org_subtree`], each row totalling its subtree.
    pub fn report(&self, root: Id, from: i64, to: i64) -> Result<Vec<ReportRow>> {
        let orgs = self.org_subtree(root)?;
        self.read(|c| {
            let opened = grouped::<1>(
                c,
                "SELECT branch, COUNT(*) FROM cases WHERE opened_at >= ?1 AND opened_at < ?2 GROUP BY branch",
                from,
                to,
            )?;
            let closed = grouped::<4>(
                c,
                "SELECT branch, SUM(outcome = 'agreement'), SUM(outcome = 'referred'),
                        SUM(outcome = 'withdrawn'), SUM(outcome = 'unresolved')
                 FROM cases WHERE status = 'closed' AND closed_at >= ?1 AND closed_at < ?2 GROUP BY branch",
                from,
                to,
            )?;
            let services = grouped::<3>(
                c,
                "SELECT branch, SUM(kind = 'legal_advice'), SUM(kind = 'difficulty_solved'), SUM(people)
                 FROM service_logs WHERE at >= ?1 AND at < ?2 GROUP BY branch",
                from,
                to,
            )?;
            let requests = grouped::<4>(
                c,
                "SELECT community, COUNT(*), SUM(step IN ('decided', 'done', 'evaluated')),
                        SUM(step IN ('done', 'evaluated')), SUM(satisfied = 1)
                 FROM requests WHERE raised_at >= ?1 AND raised_at < ?2 GROUP BY community",
                from,
                to,
            )?;
            let meetings = grouped::<2>(
                c,
                "SELECT community, COUNT(*), SUM(decisions) FROM joint_meetings
                 WHERE held_at >= ?1 AND held_at < ?2 GROUP BY community",
                from,
                to,
            )?;
            let service = grouped::<2>(
                c,
                "SELECT community, COUNT(*), SUM(people) FROM member_services
                 WHERE at >= ?1 AND at < ?2 GROUP BY community",
                from,
                to,
            )?;
            // Sessions carry their own count of members present: the attendance table (a row
            // per member per session, half a million at league size) is not scanned.
            let sessions = grouped::<3>(
                c,
                "SELECT school, COUNT(*), SUM(present), SUM(present * minutes) / 60.0 FROM sessions
                 WHERE cancelled = 0 AND starts_at >= ?1 AND starts_at < ?2 GROUP BY school",
                from,
                to,
            )?;
            let mut rows: Vec<ReportRow> = orgs
                .into_iter()
                .map(|org| {
                    let id = org.id.to_string();
                    let [agreed, referred, withdrawn, unresolved] = of(&closed, &id);
                    let [legal, difficulties, served] = of(&services, &id);
                    let [raised, decided, done, satisfied] = of(&requests, &id);
                    let [meetings_held, decisions] = of(&meetings, &id);
                    let [entries, people] = of(&service, &id);
                    let [held, present, hours] = of(&sessions, &id);
                    let figures = Figures {
                        cases_opened: of(&opened, &id)[0] as i64,
                        cases_agreed: agreed as i64,
                        cases_referred: referred as i64,
                        cases_withdrawn: withdrawn as i64,
                        cases_unresolved: unresolved as i64,
                        legal_services: legal as i64,
                        difficulties_solved: difficulties as i64,
                        people_served: served as i64,
                        requests_raised: raised as i64,
                        requests_decided: decided as i64,
                        requests_done: done as i64,
                        requests_satisfied: satisfied as i64,
                        joint_meetings: meetings_held as i64,
                        meeting_decisions: decisions as i64,
                        member_services: entries as i64,
                        member_service_people: people as i64,
                        sessions_held: held as i64,
                        attendances: present as i64,
                        training_hours: hours,
                    };
                    ReportRow { org, figures }
                })
                .collect();
            roll_up(&mut rows);
            Ok(rows)
        })
    }
}

impl Totals for ReportRow {
    fn org(&self) -> &OrgRow {
        &self.org
    }

    fn absorb(&mut self, child: &Self) {
        self.figures.add(&child.figures);
    }
}
