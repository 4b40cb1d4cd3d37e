//! Each workflow's commands and queries, as methods on [`crate::Steppe`].

pub mod dual_registration;
pub mod due;
pub mod grid;
pub mod mediation;
pub mod org_life;
pub mod orgs;
pub mod overview;
pub mod people;
pub mod petitions;
pub mod programmes;
pub mod report;
pub mod requests;
pub mod reviews;
mod rollup;
pub mod stations;
pub mod subtree;
pub mod training;
pub mod village_affairs;
