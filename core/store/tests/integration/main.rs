//! Integration tests of the device store, one binary so it links once.

mod convergence;
mod storage;
mod support;
mod upgrade;
mod workflows;
