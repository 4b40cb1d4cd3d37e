//! What the network and the platform do to a sync, and a tally of what was done.

use std::fmt;

/// What happens to a request on its way to the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestFault {
    None,
    /// Lost: the server never sees it.
    Drop,
    /// Held back: the phone times out; the server gets it later, after newer requests.
    Delay,
    /// Arrives twice (a retrying proxy).
    Duplicate,
    /// The connection breaks mid-upload, `n`/1000 of the way through.
    Truncate(u16),
}

/// What happens to the response on its way back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseFault {
    None,
    /// Lost after the server committed the request.
    Drop,
    /// The stream breaks `n`/1000 of the way through.
    Cut(u16),
    /// The app is killed after applying `n` frames.
    KillAfterFrames(u8),
}

/// Faults injected over a run, for the report.
#[derive(Debug, Default, Clone, Copy)]
pub struct Faults {
    pub requests_dropped: u64,
    pub requests_delayed: u64,
    pub requests_duplicated: u64,
    pub requests_truncated: u64,
    pub delayed_delivered: u64,
    pub responses_dropped: u64,
    pub responses_cut: u64,
    pub device_kills: u64,
    pub server_restarts: u64,
    pub writes: u64,
    pub exchanges: u64,
    pub meetings: u64,
    pub links_cut: u64,
    pub carried: u64,
}

impl Faults {
    pub fn injected(&self) -> u64 {
        self.requests_dropped
            + self.requests_delayed
            + self.requests_duplicated
            + self.requests_truncated
            + self.delayed_delivered
            + self.responses_dropped
            + self.responses_cut
            + self.device_kills
            + self.server_restarts
    }

    pub fn add(&mut self, o: &Faults) {
        self.requests_dropped += o.requests_dropped;
        self.requests_delayed += o.requests_delayed;
        self.requests_duplicated += o.requests_duplicated;
        self.requests_truncated += o.requests_truncated;
        self.delayed_delivered += o.delayed_delivered;
        self.responses_dropped += o.responses_dropped;
        self.responses_cut += o.responses_cut;
        self.device_kills += o.device_kills;
        self.server_restarts += o.server_restarts;
        self.writes += o.writes;
        self.exchanges += o.exchanges;
        self.meetings += o.meetings;
        self.links_cut += o.links_cut;
        self.carried += o.carried;
    }
}

impl fmt::Display for Faults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} faults in {} exchanges and {} writes: requests dropped {}, delayed {} (delivered late {}), duplicated {}, truncated {}; responses dropped {}, cut {}; app kills {}; server restarts {}; {} meetings ({} links cut), {} files carried",
            self.injected(),
            self.exchanges,
            self.writes,
            self.requests_dropped,
            self.requests_delayed,
            self.delayed_delivered,
            self.requests_duplicated,
            self.requests_truncated,
            self.responses_dropped,
            self.responses_cut,
            self.device_kills,
            self.server_restarts,
            self.meetings,
            self.links_cut,
            self.carried
        )
    }
}
