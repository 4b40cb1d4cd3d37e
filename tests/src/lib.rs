//! Harness crate: end-to-end tests, the crash-test writer, fixtures and benchmarks.
