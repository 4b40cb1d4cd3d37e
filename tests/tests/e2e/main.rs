//! End-to-end: a real steppe-server on 127.0.0.1 and phones with real stores, syncing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed step is a failed test

mod access;
mod attacks;
mod authz_property;
mod bundles;
mod operations;
mod peers;
mod postgres;
mod refusals;
mod restore;
mod reviews;
mod scope;
mod seed_review;
mod seed_rules;
mod seed_support;
mod sync;
mod upgrades;
