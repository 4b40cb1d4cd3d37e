//! Steppe's domain: the records grassroots Party organisations keep, the rules of their
//! workflows, and how each record lives in its own small automerge document.
//!
//! Nothing here touches a file, a socket, a clock or a random source: commands take the current
//! time and the ids of what they create as arguments, so the phone, the server and deterministic
//! tests share one code path.
//!
//! ```
//! use steppe_domain::{doc::RecordDoc, mediation::{MediationCase, CaseCategory}, Id};
//! let actor = automerge::ActorId::random();
//! let case = MediationCase::open(
//!     Id::new().to_string(), CaseCategory::PastureBoundary, "Ulaan gacha".into(),
//!     "fence moved".into(), vec!["A".into(), "B".into()], vec![], 1_700_000_000_000,
//! ).unwrap();
//! let mut doc = RecordDoc::create(Id::new(), &case, actor, 1_700_000_000_000, "case.open").unwrap();
//! let mut case: MediationCase = doc.read().unwrap();
//! case.add_note(Id::new().to_string(), "first visit".into(), "mediator".into(), 1_700_000_100_000)
//!     .unwrap();
//! doc.write(&case, 1_700_000_100_000, "case.add_note").unwrap();
//! assert_eq!(doc.read::<MediationCase>().unwrap().timeline.len(), 1);
//! ```

#[macro_use]
pub mod labels;
pub mod reason;
// First, so `with_record_type!` is in scope for the modules after it.
#[macro_use]
pub mod kinds;

pub mod admission;
pub mod affairs_list;
pub mod author_rules;
pub mod authz;
pub mod clock;
pub mod command;
pub mod conflict;
pub mod contract;
pub mod course;
pub mod doc;
pub mod error;
pub mod evaluation;
pub mod finding;
pub mod hand;
pub mod household;
pub mod ids;
pub mod joint_meeting;
pub mod lecturer;
pub mod mediation;
pub mod member_service;
pub mod notice;
pub mod org;
pub mod org_life;
pub mod person;
pub mod petition;
pub mod programme;
pub mod record;
pub mod registration;
pub mod rejection;
pub mod request;
pub mod review_mark;
pub mod scope;
pub mod script;
pub mod service_log;
pub mod service_review;
pub mod station_service;
pub mod write_check;

pub use error::{DomainError, ErrorArg, Result};
pub use ids::Id;
pub use labels::Vocabulary;
pub use record::{Record, RecordKind};
