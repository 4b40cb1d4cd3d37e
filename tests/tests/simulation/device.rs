//! A simulated phone: an encrypted store on disk that can be killed (its handle dropped at any
//! point, as the OS kills an app) and reopened, and that syncs through the simulated network.

use std::path::{Path, PathBuf};

use steppe_core::{Enrollment, Steppe, StoreKey, SyncError, SyncReport};
use steppe_domain::Id;
use steppe_protocol::{self as proto, FrameReader, Limits};
use steppe_server::admin;

use crate::faults::{Faults, RequestFault, ResponseFault};
use crate::network::{Sent, SimServer};

/// Change bytes per page: small, so a catch-up spans several pages and frames.
const PAGE_BYTES: u32 = 2048;

#[derive(Debug)]
pub struct Device {
    pub name: String,
    /// The branch this device writes cases for.
    pub branch: Id,
    path: PathBuf,
    key: StoreKey,
    enrollment: Enrollment,
    store: Option<Steppe>,
}

impl Device {
    pub fn enroll(server: &SimServer, dir: &Path, name: &str, user: Id, branch: Id) -> Device {
        let code = server
            .block_on(admin::issue_code(server.storage(), user, 1))
            .expect("code");
        let (body, actor) = steppe_core::enroll_request(&code, name).expect("enroll request");
        let (status, resp) = server.handle(&Sent {
            path: proto::ENROLL_PATH,
            token: None,
            body,
            encoding: None,
        });
        let enrollment =
            steppe_core::enroll_response(status, &resp, actor, name).expect("enrolled");
        Device {
            name: name.to_string(),
            branch,
            path: dir.join(format!("{name}.db")),
            key: StoreKey::generate().expect("key"),
            enrollment,
            store: None,
        }
    }

    /// The store, reopened from its file if the app was killed.
    pub fn store(&mut self) -> &Steppe {
        self.store.get_or_insert_with(|| {
            Steppe::open_encrypted(
                &self.path,
                self.enrollment.identity.clone(),
                Some(&self.enrollment.actor),
                self.key.clone(),
            )
            .expect("the store reopens after a kill")
        })
    }

    /// The OS kills the app: nothing in memory survives, the files do.
    pub fn kill(&mut self) {
        self.store = None;
    }

    /// One request and its response through the faulty network. Frames that arrived whole
    /// before a cut are applied, as on a phone.
    pub fn exchange(
        &mut self,
        server: &mut SimServer,
        request: RequestFault,
        response: ResponseFault,
        faults: &mut Faults,
    ) -> Result<SyncReport, SyncError> {
        let out = self.store().sync_outgoing(PAGE_BYTES)?;
        let sent = Sent {
            path: proto::SYNC_PATH,
            token: Some(self.enrollment.token.clone()),
            body: out.body,
            encoding: out.content_encoding,
        };
        let lost = || SyncError::Offline("simulated network failure".into());
        let (status, body) = match request {
            RequestFault::None => server.handle(&sent),
            RequestFault::Drop => {
                faults.requests_dropped += 1;
                return Err(lost());
            }
            RequestFault::Delay => {
                faults.requests_delayed += 1;
                server.delay(sent);
                return Err(lost());
            }
            RequestFault::Duplicate => {
                faults.requests_duplicated += 1;
                server.handle(&sent);
                server.handle(&sent)
            }
            RequestFault::Truncate(at) => {
                // The connection breaks mid-upload. Whatever the server makes of the stump
                // (a refusal), the phone only sees the broken connection.
                faults.requests_truncated += 1;
                let mut stump = sent.clone();
                stump.body.truncate(cut(stump.body.len(), at));
                let (status, _) = server.handle(&stump);
                assert!(
                    status >= 400 || stump.body.len() == sent.body.len(),
                    "a truncated body was accepted ({status})"
                );
                return Err(lost());
            }
        };
        if !(200..300).contains(&status) {
            return Err(steppe_core::status_error(
                status,
                String::from_utf8_lossy(&body).into_owned(),
            ));
        }
        let (body, kill_after) = match response {
            ResponseFault::None => (body, None),
            ResponseFault::Drop => {
                faults.responses_dropped += 1;
                return Err(lost());
            }
            ResponseFault::Cut(at) => {
                faults.responses_cut += 1;
                let keep = cut(body.len(), at);
                (body[..keep].to_vec(), None)
            }
            ResponseFault::KillAfterFrames(n) => {
                faults.device_kills += 1;
                (body, Some(n as usize))
            }
        };
        let mut reader = FrameReader::new(Limits::default());
        reader.push(&body);
        let mut report = SyncReport::default();
        let mut frames = 0;
        while let Some(frame) = reader.next_frame()? {
            if kill_after == Some(frames) {
                self.kill();
                return Err(lost());
            }
            report.add(&self.store().apply_frame(&frame)?);
            frames += 1;
        }
        if frames == 0 || !reader.is_empty() {
            return Err(SyncError::Offline("the response was cut short".into()));
        }
        report.round_trips = 1;
        Ok(report)
    }
}

/// Where a body is cut: `at` thousandths of the way through, never at its very end.
fn cut(len: usize, at: u16) -> usize {
    (len * at as usize / 1000).min(len.saturating_sub(1))
}
