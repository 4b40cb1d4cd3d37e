//! The reconnect storm: N devices, each syncing once at a random moment within 60 s, against one
//! server process on this machine (SQLite or a PostgreSQL started here). Three in ten upload a
//! new record; the rest reconnect idle. Prints p50/p99 latency and the server's peak RSS.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use automerge::ActorId;
use rand::Rng;
use steppe_domain::Id;
use steppe_domain::authz::Role;
use steppe_domain::doc::RecordDoc;
use steppe_domain::mediation::{CaseCategory, MediationCase};
use steppe_domain::org::OrgKind;
use steppe_domain::person::MemberStatus;
use steppe_protocol::{
    self as proto, Compression, DocChanges, EnrollRequest, EnrollResponse, Limits, SyncRequest,
    chunk,
};
use steppe_server::{admin, open_storage};
use tokio::sync::Semaphore;

use crate::report::{percentile, write_figures};

const BRANCHES: usize = 50;

struct Dev {
    token: String,
    actor: Vec<u8>,
    branch: Id,
    cursor: u64,
    scope: proto::ScopeHash,
}

struct ServerProcess(Child);

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `VmRSS` (now) or `VmHWM` (lifetime peak) of a process, in MB.
fn rss_mb(pid: u32, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

async fn post(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    req: &SyncRequest,
) -> Result<Vec<proto::SyncResponse>> {
    let body = proto::encode_request(req, Compression::None)?;
    let resp = http
        .post(format!("{url}{}", proto::SYNC_PATH))
        .bearer_auth(token)
        .header("accept-encoding", "zstd")
        .body(body)
        .send()
        .await?;
    let status = resp.status();
    let bytes = resp.bytes().await?;
    if !status.is_success() {
        bail!("sync failed: {status}");
    }
    Ok(proto::split_frames(&bytes, &Limits::default())?
        .iter()
        .map(|f| f.decode())
        .collect::<Result<_, _>>()?)
}

fn new_case(dev: &Dev, i: usize) -> Result<DocChanges> {
    let now = steppe_core::system_clock()();
    let case = MediationCase::open(
        dev.branch.to_string(),
        CaseCategory::Neighbours,
        "村".into(),
        format!("风暴测试纠纷{i}"),
        vec!["甲".into(), "乙".into()],
        vec![],
        now,
    )?;
    let id = Id::new();
    let mut doc = RecordDoc::create(
        id,
        &case,
        ActorId::from(dev.actor.as_slice()),
        now,
        "case.open",
    )?;
    let change = doc
        .changes_since(&[])
        .into_iter()
        .next()
        .context("creation change")?;
    Ok(DocChanges {
        doc: Some(*id.as_bytes()),
        changes: vec![
            chunk::compact(change.raw_bytes())
                .context("change chunk")?
                .to_vec(),
        ],
    })
}

async fn storm(
    database: &str,
    devices: usize,
    window: Duration,
    label: &str,
    fig: &mut BTreeMap<String, f64>,
) -> Result<()> {
    let storage = open_storage(database).await?;
    let s = storage.as_ref();
    let league = admin::create_org(s, "盟", OrgKind::League, None).await?;
    let banner = admin::create_org(s, "旗", OrgKind::Banner, Some(league)).await?;
    let sumu = admin::create_org(s, "苏木", OrgKind::Sumu, Some(banner)).await?;
    let mut branches = Vec::new();
    for i in 0..BRANCHES {
        branches.push(
            admin::create_org(
                s,
                &format!("警地党支部{i}"),
                OrgKind::PoliceVillageBranch,
                Some(sumu),
            )
            .await?,
        );
    }
    let mut codes = Vec::new();
    for i in 0..devices {
        let branch = branches[i % BRANCHES];
        let user = admin::create_user(
            s,
            &format!("民警{i}"),
            sumu,
            MemberStatus::Full,
            &[(branch, Role::Mediator)],
        )
        .await?;
        codes.push((admin::issue_code(s, user, 2).await?, branch));
    }
    drop(storage);

    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let exe = std::env::current_exe()?.with_file_name("steppe-server");
    if !exe.exists() {
        bail!(
            "{} not built (cargo xtask bench storm builds it)",
            exe.display()
        );
    }
    let child = Command::new(&exe)
        .args([
            "--database",
            database,
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let server = ServerProcess(child);
    let url = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .timeout(Duration::from_secs(120))
        .build()?;
    for _ in 0..100 {
        if http
            .get(format!("{url}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Enroll every device and take its first sync (this also verifies each token once).
    let limit = Arc::new(Semaphore::new(16));
    let mut tasks = Vec::new();
    for (code, branch) in codes {
        let (http, url, limit) = (http.clone(), url.clone(), limit.clone());
        tasks.push(tokio::spawn(async move {
            let _permit = limit.acquire().await?;
            let actor = uuid::Uuid::new_v4().as_bytes().to_vec();
            let body = proto::encode_message(&EnrollRequest {
                code,
                device_name: "storm".into(),
                actor: actor.clone(),
            })?;
            let resp = http
                .post(format!("{url}{}", proto::ENROLL_PATH))
                .body(body)
                .send()
                .await?
                .bytes()
                .await?;
            let e: EnrollResponse = proto::decode_message(&resp, &Limits::default())?;
            anyhow::Ok(Dev {
                token: e.token,
                actor,
                branch,
                cursor: 0,
                scope: [0; 8],
            })
        }));
    }
    let mut devs = Vec::new();
    for t in tasks {
        devs.push(t.await??);
    }
    let mut tasks = Vec::new();
    for mut dev in devs {
        let (http, url, limit) = (http.clone(), url.clone(), limit.clone());
        tasks.push(tokio::spawn(async move {
            let _permit = limit.acquire().await?;
            let first = post(
                &http,
                &url,
                &dev.token,
                &SyncRequest {
                    cursor: 0,
                    scope: [0; 8],
                    upload: vec![],
                    upload_through: 0,
                    page_bytes: 1 << 20,
                    want: vec![],
                },
            )
            .await?;
            let last = first.last().context("no frame")?;
            dev.cursor = last.cursor;
            dev.scope = first[0].scope.unwrap_or(dev.scope);
            anyhow::Ok(dev)
        }));
    }
    let mut devs = Vec::new();
    for t in tasks {
        devs.push(t.await??);
    }

    fig.insert(
        format!("storm_enrolled_rss_mb{label}"),
        rss_mb(server.0.id(), "VmRSS:"),
    );
    // The storm, with the server's resident memory sampled throughout.
    let pid = server.0.id();
    let sampling = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let sampler = {
        let sampling = sampling.clone();
        tokio::spawn(async move {
            let mut peak = 0f64;
            while sampling.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(rss_mb(pid, "VmRSS:"));
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            peak
        })
    };
    let start = Instant::now();
    let mut tasks = Vec::new();
    for (i, dev) in devs.into_iter().enumerate() {
        let (http, url) = (http.clone(), url.clone());
        let at = Duration::from_secs_f64(rand::rng().random_range(0.0..window.as_secs_f64()));
        let upload = rand::rng().random_bool(0.3);
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(tokio::time::Instant::from_std(start + at)).await;
            let upload = if upload {
                vec![new_case(&dev, i)?]
            } else {
                vec![]
            };
            let through = upload.len() as u64;
            let t = Instant::now();
            let resp = post(
                &http,
                &url,
                &dev.token,
                &SyncRequest {
                    cursor: dev.cursor,
                    scope: dev.scope,
                    upload,
                    upload_through: through,
                    page_bytes: 1 << 20,
                    want: vec![],
                },
            )
            .await?;
            if let Some(r) = resp.iter().flat_map(|f| &f.rejected).next() {
                bail!("storm upload rejected: {:?}", r.reason);
            }
            anyhow::Ok(t.elapsed().as_secs_f64() * 1000.0)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0usize;
    for t in tasks {
        match t.await? {
            Ok(ms) => latencies.push(ms),
            Err(_) => errors += 1,
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    sampling.store(false, std::sync::atomic::Ordering::Relaxed);
    let rss = sampler.await?;
    fig.insert(
        format!("storm_lifetime_peak_rss_mb{label}"),
        rss_mb(pid, "VmHWM:"),
    );
    fig.insert(format!("storm_devices{label}"), devices as f64);
    fig.insert(
        format!("storm_p50_ms{label}"),
        percentile(&mut latencies, 0.5),
    );
    fig.insert(
        format!("storm_p99_ms{label}"),
        percentile(&mut latencies, 0.99),
    );
    fig.insert(format!("storm_rss_mb{label}"), rss);
    fig.insert(format!("storm_errors{label}"), errors as f64);
    fig.insert(format!("storm_window_s{label}"), elapsed);
    Ok(())
}

pub fn run(devices: usize, window: Duration, out: &Path) -> Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(async {
        let dir = tempfile::tempdir()?;
        let mut fig: BTreeMap<String, f64> = BTreeMap::new();
        storm(&dir.path().join("storm.db").to_string_lossy(), devices, window, "", &mut fig).await?;
        let pg = steppe_tests::postgres::Postgres::start()?;
        storm(&pg.url, devices, window, "_pg", &mut fig).await?;
        let fig: BTreeMap<&str, f64> = fig.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        write_figures(&fig, out, &format!("({devices} devices, each syncing once at a random moment within {} s; 30% upload one new record; server in its own process)", window.as_secs()))
    })
}
