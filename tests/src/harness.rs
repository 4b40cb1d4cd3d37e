//! A real server on 127.0.0.1 and real phones (stores on disk) enrolled with it.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use steppe_client::{SyncClient, SyncError};
use steppe_core::{NewCase, Steppe, SyncReport};
use steppe_demo::enrolled_store;
use steppe_domain::Id;
use steppe_domain::mediation::CaseCategory;
use steppe_server::http::{self, Running};
use steppe_server::storage::Storage;
use steppe_server::{app_state, open_storage};

/// Server storage on a SQLite file in a fresh temp directory, for tests that serve it themselves.
pub async fn scratch_storage() -> Result<(tempfile::TempDir, Arc<dyn Storage>)> {
    let dir = tempfile::tempdir()?;
    let storage = open_storage(&dir.path().join("server.db").to_string_lossy()).await?;
    Ok((dir, storage))
}

#[allow(missing_debug_implementations)] // holds a storage trait object
pub struct Server {
    pub storage: Arc<dyn Storage>,
    pub running: Option<Running>,
    pub database: String,
}

impl Server {
    /// Starts a server on `database` (a SQLite path or postgres URL), on `addr` or any free port.
    pub async fn start(database: &str, addr: Option<SocketAddr>) -> Result<Server> {
        let storage = open_storage(database).await?;
        let addr = addr.unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)));
        let running = http::serve(app_state(storage.clone(), None), addr).await?;
        Ok(Server {
            storage,
            running: Some(running),
            database: database.to_string(),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.running
            .as_ref()
            .map(|r| r.addr)
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr())
    }

    pub fn storage(&self) -> &dyn Storage {
        self.storage.as_ref()
    }

    /// Kills the server abruptly (in-flight requests are dropped) and starts it again on the
    /// same database and port.
    pub async fn crash_and_restart(&mut self) -> Result<()> {
        let addr = self.addr();
        if let Some(r) = self.running.take() {
            r.abort();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        let storage = open_storage(&self.database).await?;
        self.running = Some(http::serve(app_state(storage.clone(), None), addr).await?);
        self.storage = storage;
        Ok(())
    }
}

#[derive(Debug)]
pub struct Phone {
    pub store: Arc<Steppe>,
    pub client: SyncClient,
    pub device_id: String,
    pub user: Id,
    /// The device's bearer token, for tests that speak HTTP by hand as a modified app would.
    pub token: String,
}

impl Phone {
    /// Enrolls a new device of `user` with a one-time code, as the app would.
    pub async fn enroll(server: &Server, user: Id, dir: &Path, name: &str) -> Result<Phone> {
        let (store, e) = enrolled_store(server.storage(), &server.url(), dir, user, name).await?;
        let client =
            SyncClient::new(&server.url(), &e.token)?.with_retries(2, Duration::from_millis(50));
        Ok(Phone {
            store,
            client,
            device_id: e.identity.device_id,
            user,
            token: e.token,
        })
    }

    pub async fn sync(&self) -> Result<SyncReport, SyncError> {
        self.client.sync(&self.store, None).await
    }

    /// Points this phone at another server address (a second instance).
    pub fn use_server(&mut self, url: &str, token: &str) -> Result<()> {
        self.client = SyncClient::new(url, token)?.with_retries(2, Duration::from_millis(50));
        Ok(())
    }
}

pub use steppe_demo::{Region, seed_region as seed};

/// A fresh server on an embedded SQLite file in a new temp dir, seeded with the example region.
pub async fn region() -> Result<(tempfile::TempDir, Server, Region)> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(&dir.path().join("server.db").to_string_lossy(), None).await?;
    let region = seed(server.storage()).await?;
    Ok((dir, server, region))
}

/// Mediator A's phone, enrolled, with `n` new cases of branch 1 written offline and synced.
pub async fn mediator_with_cases(
    server: &Server,
    r: &Region,
    dir: &Path,
    n: usize,
) -> Result<Phone> {
    let a = Phone::enroll(server, r.mediator_a, dir, "a").await?;
    a.sync().await?;
    for i in 0..n {
        a.store.open_case(NewCase {
            branch: r.branch1,
            category: steppe_domain::mediation::CaseCategory::ALL[i % 6],
            place: "村".into(),
            description: format!("第{i}件纠纷，双方就草场、债务或赡养问题各执一词"),
            parties: vec!["甲".into(), "乙".into()],
            mediators: vec![],
        })?;
    }
    a.sync().await?;
    Ok(a)
}

/// A case between two households of a village, as most tests open one: only what the test is
/// about (its branch, category and description) varies.
pub fn village_case(branch: Id, category: CaseCategory, description: impl Into<String>) -> NewCase {
    NewCase {
        branch,
        category,
        place: "村".into(),
        description: description.into(),
        parties: vec!["甲".into(), "乙".into()],
        mediators: vec![],
    }
}

/// A household of `unit` as a herder's phone registers it — a write her role does not allow, so
/// the server refuses it and notes it for her supervisors.
pub fn herders_household(unit: Id) -> steppe_core::NewHousehold {
    steppe_core::NewHousehold {
        grid: unit,
        address: "嘎查三组".into(),
        head: "张三".into(),
        size: 3,
        tags: vec![],
    }
}

/// The sumu secretary's phone, synced, with a course of the Party school and one of its sessions
/// on site that began ten minutes ago (so members can check in now); and the session's id. The
/// phone is named in Chinese, as its owner would name it: the desk's histories show the name.
pub async fn secretary_with_a_session_now(
    server: &Server,
    r: &Region,
    dir: &Path,
) -> Result<(Phone, Id)> {
    use steppe_domain::course::{SessionMode, Topic};
    let sec = Phone::enroll(server, r.secretary, dir, "书记的手机").await?;
    sec.sync().await?;
    let course = sec.store.create_course(steppe_core::NewCourse {
        school: r.school,
        title: "草原生态保护".into(),
        topic: Topic::SituationPolicy,
        lecturer: None,
    })?;
    let session = sec.store.schedule_session(steppe_core::NewSession {
        course,
        starts_at: steppe_core::system_clock()() - 600_000,
        minutes: 90,
        mode: SessionMode::OnSite,
        venue: "嘎查党员活动室".into(),
    })?;
    sec.sync().await?;
    Ok((sec, session))
}

/// A one-line debt case on `branch`: the smallest write a test can make.
pub fn debt_case(store: &Steppe, branch: Id) -> Result<Id> {
    Ok(store.open_case(village_case(branch, CaseCategory::Debt, "借款"))?)
}

/// Like [`region`], with the server under the given timeouts and connection limits.
pub async fn region_with(
    timeouts: http::Timeouts,
    limits: http::ConnectionLimits,
) -> Result<(tempfile::TempDir, Server, Region)> {
    let dir = tempfile::tempdir()?;
    let database = dir.path().join("server.db").to_string_lossy().into_owned();
    let storage = open_storage(&database).await?;
    let mut state = Arc::try_unwrap(app_state(storage.clone(), None))
        .map_err(|_| anyhow::anyhow!("fresh state is shared"))?;
    state.timeouts = timeouts;
    let addr = SocketAddr::from(([127, 0, 0, 1], 0));
    let running = http::serve_with(Arc::new(state), addr, None, limits).await?;
    let server = Server {
        storage,
        running: Some(running),
        database,
    };
    let region = seed(server.storage()).await?;
    Ok((dir, server, region))
}
