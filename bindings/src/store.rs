//! `SteppeStore`: the app's handle on its local store. Each method converts arguments, calls the
//! core, converts the answer; nothing here decides anything.

use std::path::Path;
use std::sync::Arc;

use steppe_core::{DeviceIdentity, Steppe};
use steppe_domain::Id;
use steppe_domain::mediation::MediationCase;

use crate::error::{SteppeError, bad_id};
use crate::key::store_key;
use crate::observe::{ChangeListener, Subscription};
use crate::transport::{self, HttpTransport, SyncProgressListener};
use crate::types::*;

fn id(s: &str) -> Result<Id, SteppeError> {
    Id::parse(s).map_err(|_| bad_id(s))
}

#[derive(uniffi::Object)]
pub struct SteppeStore {
    store: Arc<Steppe>,
}

#[uniffi::export]
impl SteppeStore {
    /// Opens (creating if needed) the store at `path` for an enrolled device, encrypted under
    /// `key` (32 bytes from [`crate::generate_store_key`], kept in the Keystore / Keychain).
    #[uniffi::constructor]
    pub fn open(
        path: String,
        enrollment: Enrollment,
        key: Vec<u8>,
    ) -> Result<Arc<Self>, SteppeError> {
        let identity = DeviceIdentity {
            user_id: enrollment.user_id,
            user_name: enrollment.user_name,
            device_id: enrollment.device_id,
            device_name: enrollment.device_name,
        };
        let store = Steppe::builder(Path::new(&path), identity)
            .actor(enrollment.actor)
            .key(store_key(key)?)
            .open()?;
        Ok(Arc::new(Self {
            store: Arc::new(store),
        }))
    }

    /// Re-encrypts the store under `new_key` (key rotation). Save the new key only after this
    /// returns; until then the old one still opens the store.
    pub fn rekey(&self, new_key: Vec<u8>) -> Result<(), SteppeError> {
        Ok(self.store.rekey(&store_key(new_key)?)?)
    }

    /// The signed-in member's person id.
    pub fn user_id(&self) -> String {
        self.store.identity().user_id.clone()
    }

    /// The roles the signed-in member holds, with their organisations (empty before the first
    /// sync brings the member's record).
    pub fn my_roles(&self) -> Result<Vec<RoleAt>, SteppeError> {
        let me = id(&self.store.identity().user_id)?;
        Ok(self
            .store
            .roles_of(me)?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    // Mediation (警地联调).

    pub fn open_case(&self, case: NewCase) -> Result<String, SteppeError> {
        let case = steppe_core::NewCase {
            branch: id(&case.branch)?,
            category: case.category.into(),
            place: case.place,
            description: case.description,
            parties: case.parties,
            mediators: case.mediators,
        };
        Ok(self.store.open_case(case)?.to_string())
    }

    pub fn add_case_note(&self, case_id: String, body: String) -> Result<String, SteppeError> {
        Ok(self.store.add_case_note(id(&case_id)?, &body)?)
    }

    pub fn add_case_visit(&self, case_id: String, body: String) -> Result<String, SteppeError> {
        Ok(self.store.add_case_visit(id(&case_id)?, &body)?)
    }

    pub fn close_case(
        &self,
        case_id: String,
        outcome: Outcome,
        detail: Option<String>,
    ) -> Result<(), SteppeError> {
        Ok(self
            .store
            .close_case(id(&case_id)?, outcome.into(), detail.as_deref())?)
    }

    pub fn add_follow_up(&self, case_id: String, note: String) -> Result<String, SteppeError> {
        Ok(self.store.add_follow_up(id(&case_id)?, &note)?)
    }

    pub fn cases(
        &self,
        branch: String,
        status: Option<CaseStatus>,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<CaseRow>, SteppeError> {
        let rows = self
            .store
            .cases(id(&branch)?, status.map(Into::into), limit, offset)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    pub fn case_detail(&self, case_id: String) -> Result<CaseDetail, SteppeError> {
        let case: MediationCase = self.store.get(id(&case_id)?)?;
        Ok(CaseDetail::new(case_id, case))
    }

    // Party school (基层党校).

    pub fn create_course(&self, course: NewCourse) -> Result<String, SteppeError> {
        let course = steppe_core::NewCourse {
            school: id(&course.school)?,
            title: course.title,
            topic: course.topic.into(),
            lecturer: course.lecturer.as_deref().map(id).transpose()?,
        };
        Ok(self.store.create_course(course)?.to_string())
    }

    pub fn schedule_session(&self, session: NewSession) -> Result<String, SteppeError> {
        let session = steppe_core::NewSession {
            course: id(&session.course)?,
            starts_at: session.starts_at_ms,
            minutes: session.minutes,
            mode: session.mode.into(),
            venue: session.venue,
        };
        Ok(self.store.schedule_session(session)?.to_string())
    }

    /// This week's sessions (China Standard Time) of every Party school the member may attend.
    pub fn schedule_this_week(&self, member: String) -> Result<Vec<SessionRow>, SteppeError> {
        let rows = self.store.schedule_this_week(id(&member)?)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// The signed-in member checks in to a session (on site or online).
    pub fn check_in(&self, session: String, via: SessionMode) -> Result<(), SteppeError> {
        Ok(self.store.check_in(id(&session)?, via.into())?)
    }

    pub fn training_archive(
        &self,
        member: String,
        year: i32,
    ) -> Result<TrainingArchive, SteppeError> {
        Ok(self.store.training_archive(id(&member)?, year)?.into())
    }

    // Supervision.

    /// Counts for an organisation and everything below it.
    pub fn org_overview(&self, root: String) -> Result<Vec<OrgCounts>, SteppeError> {
        let rows = self.store.org_overview(id(&root)?)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    // Sync.

    /// Uploads what waits and downloads what is new, through the app's HTTP stack. Blocks
    /// (retrying with backoff when offline): call it from a background worker.
    pub fn sync(
        &self,
        transport: Arc<dyn HttpTransport>,
        server_url: String,
        token: String,
        progress: Option<Arc<dyn SyncProgressListener>>,
    ) -> Result<SyncSummary, SteppeError> {
        let report = transport::sync(
            &self.store,
            transport.as_ref(),
            &server_url,
            &token,
            progress.as_deref(),
        )?;
        Ok(SyncSummary {
            sent: report.sent,
            received: report.received,
            rejected: report.rejected,
            conflicts: report.conflicts,
            round_trips: report.round_trips,
            pending: self.store.pending_uploads()?,
        })
    }

    /// Local changes still waiting for the server.
    pub fn pending_uploads(&self) -> Result<u64, SteppeError> {
        Ok(self.store.pending_uploads()?)
    }

    /// Calls `listener` with the names of changed tables after every committed write or sync,
    /// until the returned subscription is cancelled or dropped.
    pub fn observe(&self, listener: Arc<dyn ChangeListener>) -> Arc<Subscription> {
        Arc::new(Subscription::new(self.store.clone(), listener))
    }
}
