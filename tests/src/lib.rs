//! Harness crate: end-to-end tests, the crash-test writer, fixtures and benchmarks, plus the
//! pieces they share: a server on 127.0.0.1 over a chosen backend, enrolled phones, a
//! PostgreSQL server started from the machine's binaries, and the storage conformance suite each
//! backend instantiates.

pub mod harness;
pub mod postgres;
pub mod storage_conformance;
