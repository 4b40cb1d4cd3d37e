//! A simulated phone: an encrypted store on disk that can be killed (its handle dropped at any
//! point, as the OS kills an app) and reopened, and that syncs through the simulated network
//! with the same [`SyncSession`] a real phone's transport drives.

use std::path::{Path, PathBuf};

use steppe_core::{Enrollment, Steppe, StoreKey, SyncError, SyncSession, SyncStep};
use steppe_domain::Id;
use steppe_protocol::{self as proto, Compression, MIN_PAGE_BYTES};
use steppe_server::admin;

use crate::faults::{Faults, RequestFault, ResponseFault};
use crate::network::{Sent, SimServer};

#[derive(Debug)]
pub struct Device {
    pub name: String,
    /// The branch this device writes cases for.
    pub branch: Id,
    path: PathBuf,
    key: StoreKey,
    enrollment: Enrollment,
    store: Option<Steppe>,
    /// The sync under way: it outlives a failed exchange (the next sync step is its retry) but
    /// not the app.
    session: SyncSession,
    /// Why the last exchange failed, if it did (what a test shows when a calm network fails).
    pub last_failure: Option<String>,
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
            session: new_session(&enrollment),
            enrollment,
            store: None,
            last_failure: None,
        }
    }

    /// The store, reopened from its file if the app was killed.
    pub fn store(&mut self) -> &Steppe {
        self.parts().0
    }

    /// The store (reopened if need be) and the sync under way, borrowed together.
    fn parts(&mut self) -> (&Steppe, &mut SyncSession) {
        let Device {
            store,
            session,
            path,
            key,
            enrollment,
            ..
        } = self;
        let store = store.get_or_insert_with(|| {
            Steppe::builder(path, enrollment.identity.clone())
                .actor(enrollment.actor.as_slice())
                .key(key.clone())
                .open()
                .expect("the store reopens after a kill")
        });
        (store, session)
    }

    /// Presents its key and keeps the certificate, as after a sync with signal.
    pub fn certify(&mut self, server: &SimServer) {
        let token = self.enrollment.token.clone();
        let body = self
            .store()
            .certificate_request()
            .expect("certificate request");
        let (status, resp) = server.handle(&Sent {
            path: proto::signing::CERTIFICATE_PATH,
            token: Some(token),
            body,
            encoding: None,
        });
        self.store()
            .certificate_answer(status, &resp)
            .expect("certified");
    }

    /// Hands what it carries for others to the server (`lost`: the first request never
    /// arrives, and the items stay); how many the server answered for.
    pub fn forward(&mut self, server: &SimServer, lost: bool) -> u64 {
        let token = self.enrollment.token.clone();
        let mut handed = 0;
        while let Some(sent) = self.store().forward_request().expect("forward request") {
            if lost {
                return handed;
            }
            let (status, resp) = server.handle(&Sent {
                path: proto::peer::FORWARD_PATH,
                token: Some(token.clone()),
                body: sent.body.clone(),
                encoding: None,
            });
            match self.store().forward_answer(&sent, status, &resp) {
                Ok(0) | Err(_) => return handed,
                Ok(n) => handed += n,
            }
        }
        handed
    }

    /// The OS kills the app: nothing in memory survives (the sync under way with it), the
    /// files do.
    pub fn kill(&mut self) {
        self.store = None;
        self.session = new_session(&self.enrollment);
    }

    /// One exchange of the phone's sync session through the faulty network, and what the
    /// session makes of it. The simulation keeps no time: a retry happens whenever the
    /// schedule next syncs this phone.
    pub fn exchange(
        &mut self,
        server: &mut SimServer,
        request: RequestFault,
        response: ResponseFault,
        faults: &mut Faults,
    ) -> SyncStep {
        let outcome = self.attempt(server, request, response, faults);
        self.last_failure = outcome.as_ref().err().map(ToString::to_string);
        if self.store.is_none() {
            // Killed mid-response: the session that sent the request died with the app.
            return SyncStep::Failed(SyncError::Offline("the app was killed".into()));
        }
        self.session.step(outcome)
    }

    /// Carries the session's request to the server and the response back, with faults in
    /// between. Frames that arrived whole before a cut are applied, as on a phone.
    fn attempt(
        &mut self,
        server: &mut SimServer,
        request: RequestFault,
        response: ResponseFault,
        faults: &mut Faults,
    ) -> Result<(), SyncError> {
        let (store, session) = self.parts();
        let req = session.request(store)?;
        let sent = Sent {
            path: req.path,
            token: req
                .header("Authorization")
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::to_string),
            // The simulated network carries the protocol's own `'static` name of the encoding.
            encoding: req.header("Content-Encoding").map(|e| {
                Compression::from_token(Some(e))
                    .and_then(Compression::token)
                    .expect("the session names a known encoding")
            }),
            body: req.body,
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
        self.session.status(status, &body)?;
        let (body, kill_after) = match response {
            ResponseFault::None => (body, None),
            ResponseFault::Drop => {
                faults.responses_dropped += 1;
                return Err(lost());
            }
            ResponseFault::Cut(at) => {
                // Whether what is left is whole is for the session to tell.
                faults.responses_cut += 1;
                let keep = cut(body.len(), at);
                (body[..keep].to_vec(), None)
            }
            ResponseFault::KillAfterFrames(n) => (body, Some(n as usize)),
        };
        let (store, session) = self.parts();
        let mut killed = false;
        for (i, frame) in session.frames(&body)?.iter().enumerate() {
            if kill_after == Some(i) {
                killed = true;
                break;
            }
            session.applied(store.apply_frame(frame)?);
        }
        if killed {
            faults.device_kills += 1;
            self.kill();
            return Err(lost());
        }
        Ok(())
    }
}

fn new_session(enrollment: &Enrollment) -> SyncSession {
    // The smallest page the server serves, so a catch-up spans several pages and frames.
    SyncSession::new(&enrollment.token).with_page_bytes(MIN_PAGE_BYTES)
}

/// Where a body is cut: `at` thousandths of the way through, never at its very end.
fn cut(len: usize, at: u16) -> usize {
    (len * at as usize / 1000).min(len.saturating_sub(1))
}
