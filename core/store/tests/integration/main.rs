//! Integration tests of the device store, one binary so it links once.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed step is a failed test

mod convergence;
mod encryption;
mod peers;
mod seed_practices;
mod storage;
mod support;
mod upgrade;
mod workflows;
