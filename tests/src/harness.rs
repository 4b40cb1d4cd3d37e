//! A real server on 127.0.0.1 and real phones (stores on disk) enrolled with it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use steppe_client::{SyncClient, SyncError, enroll};
use steppe_core::{Steppe, SyncReport};
use steppe_domain::Id;
use steppe_domain::authz::Role;
use steppe_domain::org::OrgKind;
use steppe_domain::person::MemberStatus;
use steppe_server::http::{self, Running};
use steppe_server::storage::Storage;
use steppe_server::{admin, app_state, open_storage};

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
    pub path: PathBuf,
}

impl Phone {
    /// Enrolls a new device of `user` with a one-time code, as the app would.
    pub async fn enroll(server: &Server, user: Id, dir: &Path, name: &str) -> Result<Phone> {
        let code = admin::issue_code(server.storage(), user, 1).await?;
        let e = enroll(&server.url(), &code, name).await?;
        let path = dir.join(format!("{name}.db"));
        let store = Arc::new(Steppe::open_enrolled(&path, e.identity.clone(), &e.actor)?);
        let client =
            SyncClient::new(&server.url(), &e.token)?.with_retries(2, Duration::from_millis(50));
        Ok(Phone {
            store,
            client,
            device_id: e.identity.device_id,
            user,
            path,
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

/// The example region: league → banner → sumu → {gacha 1, gacha 2, police–village branches 1
/// and 2, the sumu's Party school}, and the people who use it.
#[derive(Debug, Clone, Copy)]
pub struct Region {
    pub league: Id,
    pub sumu: Id,
    pub gacha1: Id,
    pub gacha2: Id,
    pub branch1: Id,
    pub branch2: Id,
    pub school: Id,
    pub mediator_a: Id,
    pub mediator_b: Id,
    pub herder: Id,
    pub secretary: Id,
    pub supervisor: Id,
    pub outsider: Id,
}

pub async fn seed(storage: &dyn Storage) -> Result<Region> {
    let league = admin::create_org(storage, "阿拉善盟", OrgKind::League, None).await?;
    let banner = admin::create_org(storage, "阿拉善右旗", OrgKind::Banner, Some(league)).await?;
    let sumu = admin::create_org(storage, "巴彦高勒苏木", OrgKind::Sumu, Some(banner)).await?;
    let gacha1 = admin::create_org(storage, "巴音宝格德嘎查", OrgKind::Gacha, Some(sumu)).await?;
    let gacha2 = admin::create_org(storage, "乌兰乌拉嘎查", OrgKind::Gacha, Some(sumu)).await?;
    let branch1 = admin::create_org(
        storage,
        "警地党支部一",
        OrgKind::PoliceVillageBranch,
        Some(sumu),
    )
    .await?;
    let branch2 = admin::create_org(
        storage,
        "警地党支部二",
        OrgKind::PoliceVillageBranch,
        Some(sumu),
    )
    .await?;
    let school = admin::create_org(
        storage,
        "巴彦高勒苏木基层党校",
        OrgKind::PartySchool,
        Some(sumu),
    )
    .await?;
    let full = MemberStatus::Full;
    let mediator_a = admin::create_user(
        storage,
        "民警 巴特尔",
        gacha1,
        full,
        &[(branch1, Role::Mediator)],
    )
    .await?;
    let mediator_b = admin::create_user(
        storage,
        "书记 乌兰",
        gacha1,
        full,
        &[(branch1, Role::Mediator)],
    )
    .await?;
    let herder = admin::create_user(
        storage,
        "牧民党员 蒲玉梅",
        gacha1,
        full,
        &[(gacha1, Role::Member)],
    )
    .await?;
    let secretary = admin::create_user(
        storage,
        "组织委员 王立华",
        gacha1,
        full,
        &[(sumu, Role::Secretary)],
    )
    .await?;
    let supervisor = admin::create_user(
        storage,
        "苏木督导",
        gacha1,
        full,
        &[(sumu, Role::Supervisor)],
    )
    .await?;
    let outsider = admin::create_user(
        storage,
        "另一支部民警",
        gacha2,
        full,
        &[(branch2, Role::Mediator), (gacha2, Role::Member)],
    )
    .await?;
    Ok(Region {
        league,
        sumu,
        gacha1,
        gacha2,
        branch1,
        branch2,
        school,
        mediator_a,
        mediator_b,
        herder,
        secretary,
        supervisor,
        outsider,
    })
}
