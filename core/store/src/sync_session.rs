//! One sync — as many exchanges as it takes until neither side has more — as a state machine
//! without I/O. Every transport (the reqwest client, the app's own HTTP stack behind the FFI, the
//! fault simulation) drives this one session, so the rules that make a sync correct live here
//! once: what a request carries, what a status means, when a response was cut short, when to
//! retry and after how long, and when to ask again. A driver only moves bytes, and sleeps when
//! told.
//!
//! A driver's loop, blocking:
//!
//! ```no_run
//! # fn post(r: steppe_core::ExchangeRequest) -> Result<(u16, Vec<u8>), String> { todo!() }
//! # fn demo(store: &steppe_core::Steppe) -> Result<steppe_core::SyncReport, steppe_core::SyncError> {
//! use steppe_core::{SyncError, SyncSession, SyncStep};
//! let mut session = SyncSession::new("token");
//! loop {
//!     let request = session.request(store)?;
//!     let outcome = match post(request) {
//!         Ok((status, body)) => session
//!             .status(status, &body)
//!             .and_then(|()| session.receive(store, &body)),
//!         Err(e) => Err(SyncError::Offline(e)),
//!     };
//!     match session.step(outcome) {
//!         SyncStep::Again => {}
//!         SyncStep::RetryAfter(pause) => std::thread::sleep(pause),
//!         SyncStep::Done(report) => return Ok(report),
//!         SyncStep::Failed(e) => return Err(e),
//!     }
//! }
//! # }
//! ```

use std::fmt;
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};
use steppe_protocol::{self as proto, Frame, FrameReader, Limits};

use crate::steppe::Steppe;
use crate::sync::SyncReport;
use crate::wire::{ACCEPT_ENCODING, Outgoing, SyncError, status_error};

/// Retries of one exchange before the sync gives up: with the delays below, about six seconds
/// of trying, long enough to ride out a cell handover, short enough that the user sees the
/// failure instead of a spinner.
const RETRIES: usize = 5;
const MIN_DELAY: Duration = Duration::from_millis(200);
const MAX_DELAY: Duration = Duration::from_secs(30);

/// Exchanges one sync may take. A response streams up to 64 pages of up to 1 MiB, and a request
/// uploads up to a page, so a league's first sync or weeks of offline work take a handful; a
/// server still saying "more" after this many is broken, and the phone stops rather than
/// exchanging for ever. Nothing is lost: every applied page's cursor is saved, and the next sync
/// resumes from it.
const MAX_EXCHANGES: u64 = 1_000;

/// The HTTP request of one exchange, for the driver to send as it is.
#[derive(Clone)]
pub struct ExchangeRequest {
    /// Appended to the server's base URL.
    pub path: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl ExchangeRequest {
    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

// By hand: the derived form would print the bearer token into whatever log shows a request.
impl fmt::Debug for ExchangeRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(n, _)| *n).collect();
        f.debug_struct("ExchangeRequest")
            .field("path", &self.path)
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// What the driver does after an exchange.
#[derive(Debug)]
#[must_use]
pub enum SyncStep {
    /// The exchange succeeded and either side has more: send the next request now.
    Again,
    /// The exchange failed in a way worth retrying: send the next request after this pause.
    RetryAfter(Duration),
    /// Nothing left to send or receive: the whole sync's report.
    Done(SyncReport),
    /// The sync stopped: a final error, or a transient one that outlasted every retry.
    Failed(SyncError),
}

/// The state of one sync between a device's store and the server.
pub struct SyncSession {
    authorization: String,
    page_bytes: u32,
    policy: ExponentialBuilder,
    /// The delays left for the exchange under way; built at its first failure, dropped at its
    /// success, so every exchange gets the full set of retries.
    backoff: Option<ExponentialBackoff>,
    /// Frames of the current attempt's response, reassembled as bytes arrive.
    reader: FrameReader,
    /// Frames parsed from the current attempt's response.
    frames: u64,
    /// What the sync did so far; `round_trips` counts finished exchanges only.
    total: SyncReport,
    /// The cursor this sync started from (set by its first request) and the end of the server's
    /// log as last told, for [`Self::position`].
    start: Option<u64>,
    head: Option<u64>,
}

/// How far a sync has come through the server's log: `cursor` runs from `start` towards
/// `head`. Positions outside the device's scope are skipped quickly, so this is a measure of
/// the scan, not of bytes; it is what a progress bar can honestly draw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncPosition {
    pub start: u64,
    pub cursor: u64,
    /// The end of the server's log when the last response began; `None` until a server that
    /// says so has answered.
    pub head: Option<u64>,
}

impl SyncPosition {
    /// Done so far, from 0.0 to 1.0, when the server told its head.
    pub fn fraction(&self) -> Option<f64> {
        let head = self.head?;
        if head <= self.start {
            return Some(1.0);
        }
        let done = self.cursor.saturating_sub(self.start) as f64;
        Some((done / (head - self.start) as f64).clamp(0.0, 1.0))
    }
}

// By hand: the token stays out of logs.
impl fmt::Debug for SyncSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SyncSession")
            .field("page_bytes", &self.page_bytes)
            .field("policy", &self.policy)
            .field("frames", &self.frames)
            .field("total", &self.total)
            .finish_non_exhaustive()
    }
}

impl SyncSession {
    pub fn new(token: &str) -> Self {
        Self {
            authorization: format!("Bearer {token}"),
            page_bytes: proto::PAGE_BYTES,
            policy: ExponentialBuilder::default()
                .with_min_delay(MIN_DELAY)
                .with_max_delay(MAX_DELAY)
                .with_max_times(RETRIES),
            backoff: None,
            reader: FrameReader::new(Limits::default()),
            frames: 0,
            total: SyncReport::default(),
            start: None,
            head: None,
        }
    }

    /// Change bytes to ask for per page, kept within what the server serves (it would clamp
    /// anything else, so asking for it would only mislead whoever reads the setting).
    pub fn with_page_bytes(mut self, page_bytes: u32) -> Self {
        self.page_bytes = page_bytes.clamp(proto::MIN_PAGE_BYTES, proto::MAX_PAGE_BYTES);
        self
    }

    /// Fewer or quicker retries (tests that take the server down on purpose).
    pub fn with_retries(mut self, times: usize, min_delay: Duration) -> Self {
        self.policy = ExponentialBuilder::default()
            .with_min_delay(min_delay)
            .with_max_delay(min_delay * 8)
            .with_max_times(times);
        self
    }

    /// The page size requests ask for.
    pub fn page_bytes(&self) -> u32 {
        self.page_bytes
    }

    /// The next request: the store's cursor and what waits to be uploaded. An error is final
    /// (the store cannot be read, or the request cannot be encoded).
    pub fn request(&mut self, store: &Steppe) -> Result<ExchangeRequest, SyncError> {
        let outgoing = store.sync_outgoing(self.page_bytes)?;
        Ok(self.request_from(outgoing))
    }

    /// [`Self::request`] for drivers that read the store elsewhere (an async driver on its
    /// blocking pool): `outgoing` is `store.sync_outgoing(self.page_bytes())`.
    pub fn request_from(&mut self, outgoing: Outgoing) -> ExchangeRequest {
        // A new attempt: whatever arrived of an earlier response is void.
        self.reader = FrameReader::new(Limits::default());
        self.frames = 0;
        self.start.get_or_insert(outgoing.cursor);
        let mut headers = vec![
            ("Authorization", self.authorization.clone()),
            ("Accept-Encoding", ACCEPT_ENCODING.to_string()),
            ("Content-Type", "application/octet-stream".to_string()),
        ];
        if let Some(encoding) = outgoing.content_encoding {
            headers.push(("Content-Encoding", encoding.to_string()));
        }
        ExchangeRequest {
            path: proto::SYNC_PATH,
            headers,
            body: outgoing.body,
        }
    }

    /// The server's log head from the response's [`proto::HEAD_HEADER`] header, where the
    /// driver's HTTP stack shows headers: it lets [`Self::position`] draw a bar.
    pub fn server_head(&mut self, value: Option<&str>) {
        if let Some(head) = value.and_then(|v| v.trim().parse::<u64>().ok()) {
            self.head = Some(head);
        }
    }

    /// How far through the server's log this sync has come.
    pub fn position(&self) -> SyncPosition {
        let start = self.start.unwrap_or_default();
        SyncPosition {
            start,
            cursor: self.total.cursor.max(start),
            head: self.head,
        }
    }

    /// The response's status; `body` matters only when it is not a success (the server's
    /// explanation), so a streaming driver may pass an empty one then.
    pub fn status(&self, status: u16, body: &[u8]) -> Result<(), SyncError> {
        if (200..300).contains(&status) {
            return Ok(());
        }
        Err(status_error(
            status,
            String::from_utf8_lossy(body).into_owned(),
        ))
    }

    /// The frames completed by the next bytes of a successful response, in order, for the
    /// driver to apply (`store.apply_frame`) and report with [`Self::applied`]. Parsing only:
    /// an async driver can apply one frame while the next downloads.
    pub fn frames(&mut self, bytes: &[u8]) -> Result<Vec<Frame>, SyncError> {
        self.reader.push(bytes);
        let mut frames = Vec::new();
        while let Some(frame) = self.reader.next_frame()? {
            frames.push(frame);
        }
        self.frames += frames.len() as u64;
        Ok(frames)
    }

    /// One frame was applied to the store: its report joins the sync's.
    pub fn applied(&mut self, frame: SyncReport) {
        // Each frame's report counts itself as a round trip; a response of many frames is one.
        let trips = self.total.round_trips;
        self.total.add(&frame);
        self.total.round_trips = trips;
    }

    /// [`Self::frames`] then each frame applied and counted, for blocking drivers.
    pub fn receive(&mut self, store: &Steppe, bytes: &[u8]) -> Result<(), SyncError> {
        for frame in self.frames(bytes)? {
            let report = store.apply_frame(&frame)?;
            self.applied(report);
        }
        Ok(())
    }

    /// What the sync did so far, for progress reports: `round_trips` counts finished exchanges,
    /// not the one under way.
    pub fn progress(&self) -> &SyncReport {
        &self.total
    }

    /// Decides what follows an exchange. `outcome` is `Ok` when the whole response body was
    /// received and its frames applied; the session then checks it was whole itself. After
    /// `Done` or `Failed` the session starts a new sync if driven again.
    pub fn step(&mut self, outcome: Result<(), SyncError>) -> SyncStep {
        let outcome = outcome.and_then(|()| {
            // A body that ends between frames parses cleanly, so only the server's frames say
            // where it ends: none at all, or part of one left over, means the connection broke.
            if self.frames == 0 || !self.reader.is_empty() {
                Err(SyncError::Offline("the response was cut short".into()))
            } else {
                Ok(())
            }
        });
        match outcome {
            Ok(()) => {
                self.backoff = None;
                self.total.round_trips += 1;
                if self.total.wants_another() {
                    if self.total.round_trips >= MAX_EXCHANGES {
                        tracing::warn!(exchanges = MAX_EXCHANGES, "the server never finished");
                        self.finish();
                        return SyncStep::Failed(SyncError::Offline(
                            "the server kept asking for another exchange".into(),
                        ));
                    }
                    // Asked again per exchange: the next response says anew what is left.
                    self.total.local_more = false;
                    return SyncStep::Again;
                }
                let mut report = std::mem::take(&mut self.total);
                self.start = None;
                self.head = None;
                report.more = false;
                report.local_more = false;
                SyncStep::Done(report)
            }
            Err(e) if e.is_transient() => {
                let policy = self.policy;
                match self.backoff.get_or_insert_with(|| policy.build()).next() {
                    Some(pause) => {
                        tracing::debug!(error = %e, ?pause, "sync exchange failed; retrying");
                        SyncStep::RetryAfter(pause)
                    }
                    None => {
                        tracing::info!(error = %e, "sync gave up after its retries");
                        self.finish();
                        SyncStep::Failed(e)
                    }
                }
            }
            Err(e) => {
                self.finish();
                SyncStep::Failed(e)
            }
        }
    }

    fn finish(&mut self) {
        self.backoff = None;
        self.start = None;
        self.head = None;
        self.total = SyncReport::default();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use steppe_protocol::{Compression, SyncResponse, encode_frame};

    use super::*;

    fn frame(more: bool) -> Vec<u8> {
        let resp = SyncResponse {
            acked_through: 0,
            rejected: vec![],
            changes: vec![],
            actors: vec![],
            cursor: 0,
            scope: None,
            visible: None,
            more,
        };
        encode_frame(&resp, Compression::None).unwrap()
    }

    /// A session that retries twice, 10 ms then 20 ms.
    fn session() -> SyncSession {
        SyncSession::new("t0k3n").with_retries(2, Duration::from_millis(10))
    }

    /// Feeds a response as a driver would, counting each frame as applied with `report`.
    fn respond(s: &mut SyncSession, bytes: &[u8], report: &SyncReport) -> Result<(), SyncError> {
        for _ in s.frames(bytes)? {
            s.applied(report.clone());
        }
        Ok(())
    }

    fn applied(more: bool, local_more: bool) -> SyncReport {
        SyncReport {
            received: 1,
            round_trips: 1,
            more,
            local_more,
            ..SyncReport::default()
        }
    }

    fn outgoing(encoding: Option<&'static str>) -> Outgoing {
        Outgoing {
            cursor: 0,
            body: vec![1, 2, 3],
            content_encoding: encoding,
        }
    }

    #[test]
    fn a_server_that_never_finishes_is_left_after_a_bounded_number_of_exchanges() {
        let mut s = session();
        for _ in 1..MAX_EXCHANGES {
            let _ = s.request_from(outgoing(None));
            let outcome = respond(&mut s, &frame(true), &applied(true, false));
            assert!(matches!(s.step(outcome), SyncStep::Again));
        }
        let _ = s.request_from(outgoing(None));
        let outcome = respond(&mut s, &frame(true), &applied(true, false));
        assert!(matches!(
            s.step(outcome),
            SyncStep::Failed(SyncError::Offline(_))
        ));
        // The session is ready for the next sync, which starts counting anew.
        assert_eq!(s.progress().round_trips, 0);
    }

    #[test]
    fn a_request_carries_token_encodings_and_body() {
        let mut s = session();
        let r = s.request_from(outgoing(None));
        assert_eq!(r.path, proto::SYNC_PATH);
        assert_eq!(r.header("authorization"), Some("Bearer t0k3n"));
        assert_eq!(r.header("Accept-Encoding"), Some(ACCEPT_ENCODING));
        assert_eq!(r.header("Content-Type"), Some("application/octet-stream"));
        assert_eq!(r.header("Content-Encoding"), None);
        assert_eq!(r.body, vec![1, 2, 3]);
        let r = s.request_from(outgoing(Some("zstd")));
        assert_eq!(r.header("Content-Encoding"), Some("zstd"));
        assert!(
            !format!("{r:?}{s:?}").contains("t0k3n"),
            "the token stays out of logs"
        );
    }

    #[test]
    fn page_size_stays_within_what_the_server_serves() {
        assert_eq!(session().page_bytes(), proto::PAGE_BYTES);
        assert_eq!(
            session().with_page_bytes(1).page_bytes(),
            proto::MIN_PAGE_BYTES
        );
        assert_eq!(
            session().with_page_bytes(u32::MAX).page_bytes(),
            proto::MAX_PAGE_BYTES
        );
        assert_eq!(session().with_page_bytes(100_000).page_bytes(), 100_000);
    }

    #[test]
    fn a_response_without_frames_was_cut_short() {
        let mut s = session();
        let _ = s.request_from(outgoing(None));
        let outcome = respond(&mut s, &[], &applied(false, false));
        assert!(matches!(s.step(outcome), SyncStep::RetryAfter(_)));
    }

    #[test]
    fn a_response_ending_mid_frame_was_cut_short() {
        let mut s = session();
        let _ = s.request_from(outgoing(None));
        let mut body = frame(true);
        let second = frame(false);
        body.extend_from_slice(&second[..second.len() - 1]);
        // Bytes arrive in two pieces; the first frame is whole and applied.
        let (a, b) = body.split_at(3);
        respond(&mut s, a, &applied(true, false)).unwrap();
        let outcome = respond(&mut s, b, &applied(true, false));
        assert!(matches!(s.step(outcome), SyncStep::RetryAfter(_)));
        assert_eq!(s.progress().received, 1, "what was applied stays counted");
        assert_eq!(s.progress().round_trips, 0);
    }

    #[test]
    fn a_retry_starts_from_a_fresh_response() {
        let mut s = session();
        let _ = s.request_from(outgoing(None));
        let cut = frame(false);
        let outcome = respond(&mut s, &cut[..2], &applied(false, false));
        assert!(matches!(s.step(outcome), SyncStep::RetryAfter(_)));
        let _ = s.request_from(outgoing(None));
        let outcome = respond(&mut s, &frame(false), &applied(false, false));
        assert!(matches!(s.step(outcome), SyncStep::Done(_)));
    }

    #[test]
    fn statuses_map_to_final_or_retried_failures() {
        for status in [401u16, 403, 400, 404, 413] {
            let mut s = session();
            let outcome = s.status(status, b"no");
            let step = s.step(outcome);
            assert!(matches!(step, SyncStep::Failed(_)), "{status}: {step:?}");
        }
        let mut s = session();
        assert!(matches!(
            s.step(s.status(401, b"bad token")),
            SyncStep::Failed(SyncError::Unauthorized(m)) if m == "bad token"
        ));
        assert!(matches!(
            s.step(s.status(403, b"")),
            SyncStep::Failed(SyncError::Revoked)
        ));
        for status in [429u16, 500, 502, 503] {
            let mut s = session();
            let outcome = s.status(status, b"later");
            let step = s.step(outcome);
            assert!(
                matches!(step, SyncStep::RetryAfter(_)),
                "{status}: {step:?}"
            );
        }
        assert!(session().status(200, b"").is_ok());
        assert!(session().status(204, b"").is_ok());
    }

    #[test]
    fn retries_back_off_then_give_up() {
        let mut s = session();
        let lost = || Err(SyncError::Offline("lost".into()));
        assert!(
            matches!(s.step(lost()), SyncStep::RetryAfter(d) if d == Duration::from_millis(10))
        );
        assert!(
            matches!(s.step(lost()), SyncStep::RetryAfter(d) if d == Duration::from_millis(20))
        );
        assert!(matches!(
            s.step(lost()),
            SyncStep::Failed(SyncError::Offline(m)) if m == "lost"
        ));
    }

    #[test]
    fn the_default_policy_is_five_retries_from_200ms() {
        let mut s = SyncSession::new("t");
        let mut pauses = Vec::new();
        while let SyncStep::RetryAfter(d) = s.step(Err(SyncError::Offline("x".into()))) {
            pauses.push(d.as_millis());
        }
        assert_eq!(pauses, [200, 400, 800, 1600, 3200]);
    }

    #[test]
    fn a_successful_exchange_resets_the_backoff() {
        let mut s = session();
        let lost = || Err(SyncError::Offline("lost".into()));
        assert!(matches!(s.step(lost()), SyncStep::RetryAfter(_)));
        assert!(matches!(s.step(lost()), SyncStep::RetryAfter(_)));
        let _ = s.request_from(outgoing(None));
        let outcome = respond(&mut s, &frame(true), &applied(true, false));
        assert!(matches!(s.step(outcome), SyncStep::Again));
        // The next exchange has its full retries again, from the shortest pause.
        assert!(
            matches!(s.step(lost()), SyncStep::RetryAfter(d) if d == Duration::from_millis(10))
        );
        assert!(matches!(s.step(lost()), SyncStep::RetryAfter(_)));
        assert!(matches!(s.step(lost()), SyncStep::Failed(_)));
    }

    #[test]
    fn asks_again_while_either_side_has_more() {
        let mut s = session();
        // The server has more.
        let _ = s.request_from(outgoing(None));
        let outcome = respond(&mut s, &frame(true), &applied(true, false));
        assert!(matches!(s.step(outcome), SyncStep::Again));
        // The device has more; cleared once acted on, so the next answer decides afresh.
        let _ = s.request_from(outgoing(None));
        let outcome = respond(&mut s, &frame(false), &applied(false, true));
        assert!(matches!(s.step(outcome), SyncStep::Again));
        assert!(!s.progress().local_more);
        let _ = s.request_from(outgoing(None));
        let outcome = respond(&mut s, &frame(false), &applied(false, false));
        match s.step(outcome) {
            SyncStep::Done(r) => {
                assert_eq!(r.round_trips, 3);
                assert_eq!(r.received, 3);
                assert!(!r.more && !r.local_more);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_response_of_many_frames_is_one_round_trip() {
        let mut s = session();
        let _ = s.request_from(outgoing(None));
        let mut body = frame(true);
        body.extend(frame(true));
        body.extend(frame(false));
        let mut last = applied(true, false);
        let outcome = s.frames(&body).map(|frames| {
            for (i, _) in frames.iter().enumerate() {
                last.more = i < 2;
                s.applied(last.clone());
            }
        });
        match s.step(outcome) {
            SyncStep::Done(r) => assert_eq!((r.round_trips, r.received), (1, 3)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_store_error_is_final() {
        let mut s = session();
        let e = SyncError::Rejected("bad".into());
        assert!(matches!(
            s.step(Err(e)),
            SyncStep::Failed(SyncError::Rejected(_))
        ));
    }

    #[test]
    fn progress_runs_from_the_start_cursor_to_the_servers_head() {
        let mut s = SyncSession::new("t");
        let _ = s.request_from(Outgoing {
            cursor: 10,
            ..outgoing(None)
        });
        assert_eq!(s.position().fraction(), None, "no head told: indeterminate");
        s.server_head(Some(" 30 "));
        assert_eq!(s.position().fraction(), Some(0.0));
        s.applied(SyncReport {
            cursor: 20,
            ..SyncReport::default()
        });
        assert_eq!(s.position().fraction(), Some(0.5));
        s.server_head(Some("not a number"));
        assert_eq!(
            s.position().head,
            Some(30),
            "an unreadable header changes nothing"
        );
    }
}
