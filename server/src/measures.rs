//! How `/metrics` shows what the server measures: Prometheus histograms (buckets, so that
//! percentiles can be computed across instances and alerted on) for sync latency and the sizes
//! of sync bodies; counters for the rest. docs/OPERATING.md says which to alert on.

use metrics_exporter_prometheus::{BuildError, Matcher, PrometheusBuilder};

/// Seconds one sync exchange took on the server, up to its first frame.
pub const SYNC_SECONDS: &str = "steppe_sync_seconds";
/// Bytes of a sync request's body as it came (compressed).
pub const SYNC_REQUEST_BYTES: &str = "steppe_sync_request_bytes";
/// Bytes of a sync response's first frame as sent (compressed).
pub const SYNC_RESPONSE_BYTES: &str = "steppe_sync_response_bytes";

/// From 5 ms (an idle reconnect) to 30 s (a first sync on a busy server).
const SECONDS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];
/// From an empty request to the 32 MiB a body may reach.
const BYTES: &[f64] = &[
    64.0,
    256.0,
    1024.0,
    4096.0,
    16384.0,
    65536.0,
    262_144.0,
    1_048_576.0,
    4_194_304.0,
    16_777_216.0,
    33_554_432.0,
];

/// The exporter with the server's buckets; `main` installs it, tests may too.
pub fn exporter() -> Result<PrometheusBuilder, BuildError> {
    PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(SYNC_SECONDS.into()), SECONDS)?
        .set_buckets_for_metric(Matcher::Full(SYNC_REQUEST_BYTES.into()), BYTES)?
        .set_buckets_for_metric(Matcher::Full(SYNC_RESPONSE_BYTES.into()), BYTES)
}
