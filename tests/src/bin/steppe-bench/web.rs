//! The supervisors' pages on a league-sized dataset: 25,000 members in 250 gachas under 10
//! sumus, each sumu with a Party school holding a weekly session for a year (40% of its members
//! checked in to each), 3,000 mediation cases. Records are written straight into the server's
//! storage (as the server), then a league supervisor signs in and each page is timed over HTTP on
//! 127.0.0.1. The baseline is the static sign-in page in the same run.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use automerge::ActorId;
use rand::{Rng, SeedableRng};
use steppe_domain::authz::Role;
use steppe_domain::course::{Attendance, Course, Session, SessionMode, Topic};
use steppe_domain::doc::RecordDoc;
use steppe_domain::mediation::{CaseCategory, MediationCase, Outcome};
use steppe_domain::org::{OrgKind, Organisation};
use steppe_domain::person::{MemberStatus, Person};
use steppe_domain::{Id, Record};
use steppe_server::admin::server_actor;
use steppe_server::auth::password::hash_password;
use steppe_server::storage::{Commit, DocUpdate, NewChange, Storage};
use steppe_server::{http, open_storage, projections};

use crate::report::{percentile, write_figures};

const YEAR_MS: i64 = 365 * 24 * 3600 * 1000;
const WEEK_MS: i64 = 7 * 24 * 3600 * 1000;

/// Records written as the server, a commit per batch.
struct Loader<'a> {
    storage: &'a dyn Storage,
    actor: ActorId,
    commit: Commit,
    now: i64,
}

impl Loader<'_> {
    async fn add<R: Record>(&mut self, record: &R) -> Result<Id> {
        self.add_as(Id::new(), record).await
    }

    async fn add_as<R: Record>(&mut self, id: Id, record: &R) -> Result<Id> {
        let mut doc = RecordDoc::create(id, record, self.actor.clone(), self.now, "bench.load")?;
        for c in doc.changes_since(&[]) {
            self.commit.changes.push(NewChange {
                doc: *id.as_bytes(),
                hash: c.hash().0,
                actor: self.actor.to_bytes().to_vec(),
                bytes: c.raw_bytes().to_vec(),
            });
        }
        self.commit.docs.push(DocUpdate {
            doc: *id.as_bytes(),
            kind: R::KIND.as_str().to_string(),
            org: record.scope_org().to_string(),
        });
        self.commit.projections.extend(projections::of(&doc));
        if self.commit.changes.len() >= 2_000 {
            self.flush().await?;
        }
        Ok(id)
    }

    async fn flush(&mut self) -> Result<()> {
        let commit = std::mem::take(&mut self.commit);
        if !commit.changes.is_empty() {
            self.storage.commit(commit).await?;
        }
        Ok(())
    }
}

fn org(name: String, kind: OrgKind, parent: Option<(Id, OrgKind)>) -> Result<Organisation> {
    Ok(Organisation::new(
        Id::new().to_string(),
        name,
        kind,
        parent.map(|(p, k)| (p.to_string(), k)),
    )?)
}

pub fn run(quick: bool, out: &Path) -> Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run_async(quick, out))
}

async fn run_async(quick: bool, out: &Path) -> Result<()> {
    let (sumus, gachas_per_sumu, members_per_gacha, cases) = if quick {
        (2, 5, 20, 100)
    } else {
        (10, 25, 100, 3_000)
    };
    let dir = tempfile::tempdir()?;
    let storage = open_storage(&dir.path().join("league.db").to_string_lossy()).await?;
    let s = storage.as_ref();
    let now = steppe_core::system_clock()();
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let mut load = Loader {
        storage: s,
        actor: server_actor(s).await?,
        commit: Commit::default(),
        now,
    };

    let started = Instant::now();
    // Organisations are added with the ids their records carry.
    // Organisations carry their own ids, and each is stored before its children name it.
    let add_org = async |load: &mut Loader<'_>, o: Organisation| -> Result<Id> {
        let id = load.add_as(Id::parse(&o.id).context("org id")?, &o).await?;
        load.flush().await?;
        Ok(id)
    };
    let league = add_org(&mut load, org("阿拉善盟".into(), OrgKind::League, None)?).await?;
    let mut members_total = 0usize;
    let mut sample_member = None;
    let mut sample_sumu = None;
    let mut sample_school = None;
    let mut sample_session = None;
    let mut sample_case = None;
    for b in 0..2 {
        let banner = add_org(
            &mut load,
            org(
                format!("旗{b}"),
                OrgKind::Banner,
                Some((league, OrgKind::League)),
            )?,
        )
        .await?;
        for m in 0..sumus / 2 {
            let sumu = add_org(
                &mut load,
                org(
                    format!("苏木{b}-{m}"),
                    OrgKind::Sumu,
                    Some((banner, OrgKind::Banner)),
                )?,
            )
            .await?;
            sample_sumu.get_or_insert(sumu);
            let school = add_org(
                &mut load,
                org(
                    format!("苏木{b}-{m}基层党校"),
                    OrgKind::PartySchool,
                    Some((sumu, OrgKind::Sumu)),
                )?,
            )
            .await?;
            sample_school.get_or_insert(school);
            let branch = add_org(
                &mut load,
                org(
                    format!("苏木{b}-{m}警地党支部"),
                    OrgKind::PoliceVillageBranch,
                    Some((sumu, OrgKind::Sumu)),
                )?,
            )
            .await?;
            let mut served = Vec::new();
            for g in 0..gachas_per_sumu {
                let gacha = add_org(
                    &mut load,
                    org(
                        format!("嘎查{b}-{m}-{g}"),
                        OrgKind::Gacha,
                        Some((sumu, OrgKind::Sumu)),
                    )?,
                )
                .await?;
                for p in 0..members_per_gacha {
                    let person = Person::new(
                        format!("党员{b}{m}{g}-{p}"),
                        gacha.to_string(),
                        MemberStatus::Full,
                        None,
                    )?;
                    let id = load.add(&person).await?;
                    sample_member.get_or_insert(id);
                    served.push(id.to_string());
                    members_total += 1;
                }
            }
            let course = Course::new(
                school.to_string(),
                "学习贯彻党的二十大精神".into(),
                Topic::PartyTheory,
                None,
            )?;
            let course_id = load.add(&course).await?;
            for w in 0..52 {
                let mut session = Session::schedule(
                    course_id.to_string(),
                    &course,
                    now - YEAR_MS + w * WEEK_MS + 3_600_000,
                    90,
                    SessionMode::OnSite,
                    "党群服务中心".into(),
                )?;
                for member in &served {
                    if rng.random_bool(0.4) {
                        session
                            .attendance
                            .insert(member.clone(), Attendance::Present);
                        session
                            .joined_via
                            .insert(member.clone(), SessionMode::OnSite);
                    }
                }
                let id = load.add(&session).await?;
                sample_session.get_or_insert(id);
            }
            for c in 0..cases / sumus {
                let opened = now - rng.random_range(0..YEAR_MS);
                let mut case = MediationCase::open(
                    branch.to_string(),
                    CaseCategory::ALL[c % CaseCategory::ALL.len()],
                    "嘎查".into(),
                    format!("第{c}号纠纷"),
                    vec!["甲户".into(), "乙户".into()],
                    vec!["民警".into()],
                    opened,
                )?;
                if rng.random_bool(0.7) {
                    case.close(
                        Outcome::Referred,
                        Some("移交司法所".into()),
                        opened + 86_400_000,
                    )?;
                }
                let id = load.add(&case).await?;
                sample_case.get_or_insert(id);
            }
        }
    }
    load.flush().await?;
    let mut fig: BTreeMap<&str, f64> = BTreeMap::new();
    fig.insert("records_members", members_total as f64);
    fig.insert("records_load_s", started.elapsed().as_secs_f64());
    let sup = steppe_server::admin::create_user(
        s,
        "盟委组织部",
        league,
        MemberStatus::Full,
        &[(league, Role::Supervisor)],
    )
    .await?;
    s.set_password(
        &sup.to_string(),
        &hash_password("盟委组织部2026").context("hash")?,
    )
    .await?;

    // What the server does in the background as it starts: the replica catches up with the
    // whole league. Pages after that only read.
    // The replica kept in a directory of the operator's, as a production server keeps it.
    let kept = steppe_server::web::replica::Place::Kept(dir.path().join("replica"));
    let state = std::sync::Arc::new(steppe_server::state::AppState::new(
        storage.clone(),
        None,
        kept.clone(),
    ));
    let started = Instant::now();
    state.web.warm_up(&state).await;
    fig.insert(
        "web_first_catch_up_ms",
        started.elapsed().as_secs_f64() * 1000.0,
    );
    let running = http::serve(state, "127.0.0.1:0".parse()?).await?;
    let base = format!("http://{}", running.addr);
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    // The sign-in form carries a token in a cookie and a hidden field; both go back with it.
    let form = http.get(format!("{base}/web/login")).send().await?;
    let form_cookie = form
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .context("no sign-in form cookie")?
        .to_string();
    let page = form.text().await?;
    let csrf = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .context("no form token")?
        .to_string();
    let login = http
        .post(format!("{base}/web/login"))
        .header("cookie", &form_cookie)
        .form(&[
            ("user", sup.to_string()),
            ("password", "盟委组织部2026".into()),
            ("csrf", csrf),
        ])
        .send()
        .await?;
    let cookie = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|c| c.starts_with("steppe_session="))
        .context("no session cookie")?
        .to_string();
    let get = async |path: &str| -> Result<f64> {
        let t = Instant::now();
        let resp = http
            .get(format!("{base}{path}"))
            .header("cookie", &cookie)
            .send()
            .await?;
        anyhow::ensure!(resp.status().is_success(), "{path}: {}", resp.status());
        resp.bytes().await?;
        Ok(t.elapsed().as_secs_f64() * 1000.0)
    };
    fig.insert("web_first_page_ms", get("/web").await?);
    let pages: Vec<(&str, String)> = vec![
        ("web_overview_ms", "/web".into()),
        ("web_league_ms", format!("/web/org/{league}")),
        (
            "web_sumu_ms",
            format!("/web/org/{}", sample_sumu.context("sumu")?),
        ),
        (
            "web_member_ms",
            format!("/web/member/{}", sample_member.context("member")?),
        ),
        ("web_conflicts_ms", "/web/conflicts".into()),
        (
            "web_export_members_ms",
            format!("/web/org/{league}/export/members"),
        ),
        ("web_report_league_ms", format!("/web/org/{league}/report")),
        (
            "web_report_sumu_ms",
            format!("/web/org/{}/report", sample_sumu.context("sumu")?),
        ),
        (
            "web_case_ms",
            format!("/web/case/{}", sample_case.context("case")?),
        ),
        (
            "web_session_ms",
            format!("/web/session/{}", sample_session.context("session")?),
        ),
        (
            "web_school_ms",
            format!("/web/school/{}", sample_school.context("school")?),
        ),
        ("web_due_ms", "/web/due".into()),
        ("web_refusals_ms", "/web/refusals".into()),
    ];
    // Twenty requests a page: enough for a p95 that is not simply the slowest one.
    let runs = if quick { 2 } else { 20 };
    let mut base_samples = Vec::new();
    for _ in 0..runs {
        base_samples.push(get("/web/login").await?);
    }
    let baseline = percentile(&mut base_samples, 0.5);
    // The slowest page's p95, exports excluded (issue 20's target reads it).
    let mut p95_max: f64 = 0.0;
    for (name, path) in &pages {
        let mut samples = Vec::new();
        for _ in 0..runs {
            samples.push(get(path).await?);
        }
        fig.insert(name, percentile(&mut samples, 0.5));
        let p95 = percentile(&mut samples, 0.95);
        let key: &'static str =
            Box::leak(format!("{}_p95_ms", name.trim_end_matches("_ms")).into_boxed_str());
        fig.insert(key, p95);
        if !name.contains("export") {
            p95_max = p95_max.max(p95);
        }
    }
    fig.insert("page_p95_ms_max", p95_max);
    for (name, _) in &pages {
        let key: &'static str = Box::leak(format!("baseline_{name}").into_boxed_str());
        fig.insert(key, baseline);
    }
    // A restart: the session is in the database, the replica in its directory, so the first
    // page after it waits only for what changed meanwhile (nothing here). The baseline is what
    // the same first page cost when the replica had to be built: the first catch-up plus the
    // first page, measured above in this run.
    let addr = running.addr;
    running.shutdown().await;
    let restarted = std::sync::Arc::new(steppe_server::state::AppState::new(
        storage.clone(),
        None,
        kept,
    ));
    let running = http::serve(restarted, addr).await?;
    fig.insert("first_page_after_restart_ms", get("/web").await?);
    fig.insert(
        "baseline_first_page_after_restart_ms",
        fig["web_first_catch_up_ms"] + fig["web_first_page_ms"],
    );
    running.shutdown().await;
    write_figures(
        &fig,
        out,
        &format!(
            "({members_total} members, {sumus} Party schools with 52 sessions each, {cases} cases; p50 and p95 of {runs} requests per page on 127.0.0.1; baseline: the static sign-in page)"
        ),
    )
}
