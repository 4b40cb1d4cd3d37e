//! The supervisors' pages in a real headless Chromium (Debian's `chromium` and `chromedriver`),
//! driven over WebDriver: log in, drill down, resolve a conflict two mediators made offline,
//! export a table as CSV, and be refused another branch; and every page and file a desk reaches,
//! crawled, read for English. Screenshots go to target/web-screenshots/.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed step is a failed test

use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use steppe_domain::mediation::{CaseCategory, MediationCase};
use steppe_server::auth::password::hash_password;
use steppe_tests::harness::{
    Phone, Region, Server, debt_case, herders_household, region, secretary_with_a_session_now,
    village_case,
};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// One browser at a time: the tests of this file run in parallel, and several Chromiums on a
/// busy 2-core machine make every wait a race against the timeout.
static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

struct Driver {
    child: Child,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn browser(profile: &Path, downloads: &Path) -> (Driver, Client) {
    assert!(
        Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists(),
        "the browser tests need Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)"
    );
    let turn = ONE_BROWSER.lock().await;
    let port = free_port();
    let driver = Driver {
        child: Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
        _turn: turn,
    };
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1600", "--lang=zh-CN",
                format!("--user-data-dir={}", profile.display()),
            ],
            "prefs": {
                "download.default_directory": downloads.to_string_lossy(),
                "download.prompt_for_download": false,
                // A supervisor's browser asks for Chinese, as the townships' desktops do.
                "intl.accept_languages": "zh-CN,zh",
            },
        }
    });
    let caps = caps.as_object().unwrap().clone();
    // Up to 30 s: a cold Chromium on a busy 2-core machine is slow to come up.
    for _ in 0..300 {
        let attempt = ClientBuilder::rustls()
            .unwrap()
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        if let Ok(client) = attempt {
            return (driver, client);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start");
}

fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/web-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    assert!(png.len() > 1000, "a screenshot was taken");
    std::fs::write(screenshots().join(format!("{name}.png")), png).unwrap();
}

/// Whether the page that a click navigated to shows `css` within 30 s. Clicking does not wait
/// for the navigation it starts, so the page being left may still be there.
async fn arrived(c: &Client, css: &str) -> bool {
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(css))
        .await
        .is_ok()
}

async fn log_in(c: &Client, base: &str, user: &str, password: &str) {
    c.goto(&format!("{base}/web/login")).await.unwrap();
    type_into(c, "#user", user).await;
    type_into(c, "#password", password).await;
    click(c, "#login").await;
    // Wait for the answer: the signed-in header, or the refusal.
    assert!(
        arrived(c, "#nav-conflicts, p.error").await,
        "no answer to signing in"
    );
}

/// A web password for `user`, as an operator sets it (`steppe-server web-password`).
async fn set_password(server: &Server, user: steppe_domain::Id, password: &str) {
    server
        .storage()
        .set_password(&user.to_string(), &hash_password(password).unwrap())
        .await
        .unwrap();
}

/// A browser at a desk, pointed at `server`, with its own profile and download directory.
struct Desk {
    c: Client,
    base: String,
    downloads: tempfile::TempDir,
    _profile: tempfile::TempDir,
    _driver: Driver,
}

async fn desk(server: &Server) -> Desk {
    let profile = tempfile::tempdir().unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let (driver, c) = browser(profile.path(), downloads.path()).await;
    Desk {
        c,
        base: server.url(),
        downloads,
        _profile: profile,
        _driver: driver,
    }
}

/// Clicks the element `css` names.
async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Posts a form the page does not offer, as a modified page would: `fields` to `action`, with
/// the signed-in session's CSRF token.
async fn post_by_hand(c: &Client, action: &str, fields: &[(&str, &str)]) {
    let csrf = c
        .find(Locator::Css("header form input[name=csrf]"))
        .await
        .unwrap()
        .attr("value")
        .await
        .unwrap()
        .unwrap();
    let mut pairs = vec![serde_json::json!(["csrf", csrf])];
    pairs.extend(fields.iter().map(|(k, v)| serde_json::json!([k, v])));
    c.execute(
        "const f = document.createElement('form'); f.method = 'post';
         f.action = arguments[0];
         for (const [k, v] of arguments[1]) {
             const i = document.createElement('input'); i.name = k; i.value = v; f.appendChild(i);
         }
         document.body.appendChild(f); f.submit();",
        vec![serde_json::json!(action), serde_json::json!(pairs)],
    )
    .await
    .unwrap();
}

/// Types `text` into the element `css` names.
async fn type_into(c: &Client, css: &str, text: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

/// Waits (30 s at most) until the page shows what `xpath` finds: the result of a form that posts
/// and redirects back to the same page.
async fn shows(c: &Client, xpath: &str) {
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::XPath(xpath))
        .await
        .unwrap();
}

/// The text of the element `css` names.
async fn text_of(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Signs out and waits for the sign-in form the server redirects to. Going to the form before
/// that redirect lands races it: each form load sets a fresh sign-in token cookie, and a late
/// one would no longer match the hidden field of the form being filled in.
async fn sign_out(c: &Client) {
    click(c, "header form button").await;
    assert!(
        arrived(c, "#login").await,
        "signing out ends at the sign-in form"
    );
}

async fn wait_for_file(dir: &Path, ext: &str) -> PathBuf {
    for _ in 0..300 {
        if let Some(f) = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|x| x == ext))
        {
            return f;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no .{ext} file was downloaded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_logs_in_drills_down_resolves_a_conflict_and_exports() {
    let (dir, server, r) = region().await.unwrap();
    let a = Phone::enroll(&server, r.mediator_a, dir.path(), "a")
        .await
        .unwrap();
    let b = Phone::enroll(&server, r.mediator_b, dir.path(), "b")
        .await
        .unwrap();
    a.sync().await.unwrap();
    let case = a
        .store
        .open_case(village_case(
            r.branch1,
            CaseCategory::PastureBoundary,
            "草场边界",
        ))
        .unwrap();
    for i in 0..3 {
        a.store
            .open_case(village_case(
                r.branch1,
                CaseCategory::Debt,
                format!("借款{i}"),
            ))
            .unwrap();
    }
    a.store.add_case_note(case, "双方同意以旧围栏为界").unwrap();
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    // Both mediators correct the place offline: a conflict for the supervisor.
    a.store.set_case_place(case, "东草场").unwrap();
    b.store.set_case_place(case, "西草场").unwrap();
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    a.sync().await.unwrap();
    assert_eq!(a.store.conflicts(Some(case)).unwrap().len(), 1);
    // A herder registers a household, which her role does not allow: the server refuses it and
    // notes it for her supervisors.
    let herder = Phone::enroll(&server, r.herder, dir.path(), "herder")
        .await
        .unwrap();
    herder.sync().await.unwrap();
    herder
        .store
        .register_household(herders_household(r.gacha1))
        .unwrap();
    assert_eq!(herder.sync().await.unwrap().rejected, 1);

    set_password(&server, r.supervisor, "督导口令2026").await;
    set_password(&server, r.outsider, "另一支部").await;
    set_password(&server, r.secretary, "书记口令").await;

    let d = desk(&server).await;
    let (c, base) = (&d.c, d.base.as_str());

    // A wrong password is refused.
    log_in(c, base, "苏木督导", "wrong").await;
    assert!(c.source().await.unwrap().contains("用户或密码不正确"));

    log_in(c, base, "苏木督导", "督导口令2026").await;
    let overview = c.source().await.unwrap();
    assert!(
        overview.contains("警地党支部一") && overview.contains("警地党支部二"),
        "the subtree is listed: {overview}"
    );
    shot(c, "1-overview").await;

    // Drill down to branch 1.
    c.find(Locator::LinkText("警地党支部一"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(arrived(c, "#cases").await, "the branch's page");
    let cases = c
        .find(Locator::Css("#cases"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(cases.contains("债务纠纷") && cases.contains("3"), "{cases}");
    assert!(cases.contains("草场边界纠纷"), "{cases}");
    assert_eq!(text_of(c, "#conflict-count").await, "1");
    assert!(
        c.find(Locator::Css("figure.chart svg")).await.is_ok(),
        "a chart is drawn"
    );
    shot(c, "2-branch").await;

    // Export the cases table.
    click(c, "a[href$='/export/cases']").await;
    let csv = std::fs::read_to_string(wait_for_file(d.downloads.path(), "csv").await).unwrap();
    assert!(
        csv.contains("类别,状态,结果,件数") && csv.contains("债务纠纷,调解中,—,3"),
        "{csv}"
    );

    // The branch's cases filtered by status: none is closed yet.
    c.goto(&format!("{base}/web/org/{}?status=closed", r.branch1))
        .await
        .unwrap();
    assert!(arrived(c, "#case-filter").await, "the filtered list");
    assert!(
        c.find_all(Locator::Css("#case-list a[href^='/web/case/']"))
            .await
            .unwrap()
            .is_empty(),
        "no case is closed"
    );
    // …by category and by when they were opened, chosen in the filter form.
    c.goto(&format!("{base}/web/org/{}", r.branch1))
        .await
        .unwrap();
    assert!(arrived(c, "#case-filter-form").await);
    c.find(Locator::Css(
        "#case-filter-form select[name=category] option[value=debt]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    c.find(Locator::Css(
        "#case-filter-form select[name=period] option[value=month]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    click(c, "#case-filter-form button").await;
    assert!(arrived(c, "#case-period").await, "the filtered list");
    let rows = |c: &Client| {
        let c = c.clone();
        async move {
            c.find_all(Locator::Css("#case-list a[href^='/web/case/']"))
                .await
                .unwrap()
                .len()
        }
    };
    assert_eq!(rows(c).await, 3, "this month's debt cases");
    // The filtered list as a file: the same three cases, nothing else.
    for f in std::fs::read_dir(d.downloads.path()).unwrap() {
        std::fs::remove_file(f.unwrap().path()).unwrap();
    }
    click(c, "#own-cases-export a[href*='/export/own-cases?']").await;
    let csv = std::fs::read_to_string(wait_for_file(d.downloads.path(), "csv").await).unwrap();
    assert!(csv.contains("受理时间,类别,地点,状态,结果,记录"), "{csv}");
    assert_eq!(csv.matches("债务纠纷").count(), 3, "{csv}");
    assert!(!csv.contains("草场边界纠纷"), "{csv}");
    c.goto(&format!(
        "{base}/web/org/{}?category=pasture_boundary&period=custom&from=2020-01-01&to=2020-12-31",
        r.branch1
    ))
    .await
    .unwrap();
    assert!(arrived(c, "#case-period").await);
    assert_eq!(rows(c).await, 0, "none opened in 2020");
    c.goto(&format!(
        "{base}/web/org/{}?category=pasture_boundary&period=year",
        r.branch1
    ))
    .await
    .unwrap();
    assert!(arrived(c, "#case-period").await);
    assert_eq!(rows(c).await, 1, "this year's pasture-boundary case");
    c.goto(&format!("{base}/web/org/{}?status=open", r.branch1))
        .await
        .unwrap();
    // The case itself, opened from the branch's list: its timeline and its history with names.
    assert!(arrived(c, "#case-list").await, "the branch's open cases");
    click(c, &format!("#case-list a[href='/web/case/{case}']")).await;
    assert!(arrived(c, "#timeline").await, "the case's page");
    let timeline = c
        .find(Locator::Css("#timeline"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        timeline.contains("双方同意以旧围栏为界") && timeline.contains("民警 巴特尔"),
        "{timeline}"
    );
    let history = c
        .find(Locator::Css("#history"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        history.contains("受理案件")
            && history.contains("添加调解记录")
            && history.contains("修改地点")
            && history.contains("书记 乌兰"),
        "{history}"
    );
    shot(c, "2b-case").await;
    // The supervisor marks the case reviewed (督导已阅): their own change through ingest, listed
    // under their name, and the form gone once done.
    assert_eq!(text_of(c, "#no-reviews").await, "尚无督导标记已阅");
    type_into(c, "#mark-reviewed input[name=note]", "已电话回访当事人").await;
    click(c, "#mark-reviewed button").await;
    assert!(arrived(c, "#reviews").await, "the mark is listed");
    let reviews = text_of(c, "#reviews").await;
    assert!(
        reviews.contains("苏木督导") && reviews.contains("已电话回访当事人"),
        "{reviews}"
    );
    assert!(
        c.find(Locator::Css("#mark-reviewed")).await.is_err(),
        "marked once"
    );
    // On a phone's browser, 360 px wide: the page fits, wide tables scroll inside themselves.
    c.set_window_size(360, 800).await.unwrap();
    let wide = c
        .execute("return document.documentElement.scrollWidth", vec![])
        .await
        .unwrap();
    assert!(wide.as_u64().unwrap() <= 360, "the page is {wide} px wide");
    shot(c, "2c-case-360px").await;
    c.set_window_size(1280, 1600).await.unwrap();

    // The member's refused change, with who, where and why.
    click(c, "#nav-refusals").await;
    assert!(arrived(c, "#refusals").await, "the refusals page");
    let refusals = c
        .find(Locator::Css("#refusals"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        refusals.contains("牧民党员 蒲玉梅")
            && refusals.contains("巴音宝格德嘎查")
            && refusals.contains("住户")
            && refusals.contains("超出本人权限范围"),
        "{refusals}"
    );

    // The supervisor reads the conflict but only reads: no button to resolve it.
    click(c, "#nav-conflicts").await;
    assert!(arrived(c, "section.conflict").await, "the conflicts page");
    assert!(
        c.find_all(Locator::Css("button.keep"))
            .await
            .unwrap()
            .is_empty()
    );

    // The sumu's secretary resolves it, keeping the second value shown.
    sign_out(c).await;
    log_in(c, base, "组织委员 王立华", "书记口令").await;
    click(c, "#nav-conflicts").await;
    assert!(arrived(c, "button.keep").await, "the conflicts page");
    let page = c.source().await.unwrap();
    assert!(
        page.contains("东草场") && page.contains("西草场"),
        "both values are shown"
    );
    assert!(
        page.contains("民警 巴特尔") && page.contains("书记 乌兰"),
        "with who wrote them"
    );
    shot(c, "3-conflict").await;
    let keep = c.find_all(Locator::Css("td.value")).await.unwrap()[1]
        .text()
        .await
        .unwrap();
    c.find_all(Locator::Css("button.keep")).await.unwrap()[1]
        .click()
        .await
        .unwrap();
    // The form posts and redirects: a plain `find` may still see the page being left.
    assert!(arrived(c, "#no-conflicts").await, "nothing left to resolve");
    shot(c, "4-resolved").await;
    // The phones receive the resolution like any other change.
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    for phone in [&a, &b] {
        assert!(phone.store.conflicts(Some(case)).unwrap().is_empty());
        assert_eq!(phone.store.get::<MediationCase>(case).unwrap().place, keep);
    }
    // The resolution is the secretary's own change, made on a page: so says every history.
    let last = a.store.history(case).unwrap().pop().unwrap();
    assert_eq!(last.message, "conflict.resolve");
    assert_eq!(last.user_name.as_deref(), Some("组织委员 王立华"));
    assert_eq!(last.device_name.as_deref(), Some("网页"));

    // Another branch's policeman reads nothing of branch 1, by link or by guessing the address.
    sign_out(c).await;
    log_in(c, base, "二支部民警", "另一支部").await;
    let theirs = c.source().await.unwrap();
    assert!(theirs.contains("警地党支部二") && !theirs.contains("警地党支部一"));
    c.goto(&format!("{base}/web/org/{}", r.branch1))
        .await
        .unwrap();
    assert!(c.source().await.unwrap().contains("未找到"));
    c.goto(&format!("{base}/web/org/{}", steppe_domain::Id::new()))
        .await
        .unwrap();
    assert!(
        c.source().await.unwrap().contains("未找到"),
        "a guessed id gets the same answer"
    );
    // Nor the refusals of gacha 1's members.
    c.goto(&format!("{base}/web/refusals")).await.unwrap();
    assert!(c.source().await.unwrap().contains("没有被拒绝的修改"));
    shot(c, "5-refused").await;
    c.clone().close().await.unwrap();
}

/// What the phones of a region recorded this year, tallied here as the test writes it, equals
/// what the sumu's report shows for the sumu and for each branch below it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_shows_what_the_phones_recorded_for_the_period() {
    use std::collections::HashMap;
    use steppe_core::{NewCourse, NewServiceEntry, NewSession};
    use steppe_domain::course::{SessionMode, Topic};
    use steppe_domain::mediation::Outcome;
    use steppe_domain::service_log::ServiceKind;

    let (dir, server, r) = region().await.unwrap();
    let a = Phone::enroll(&server, r.mediator_a, dir.path(), "a")
        .await
        .unwrap();
    let other = Phone::enroll(&server, r.outsider, dir.path(), "other")
        .await
        .unwrap();
    let sec = Phone::enroll(&server, r.secretary, dir.path(), "sec")
        .await
        .unwrap();
    let herder = Phone::enroll(&server, r.herder, dir.path(), "herder")
        .await
        .unwrap();
    for p in [&a, &other, &sec, &herder] {
        p.sync().await.unwrap();
    }
    // Tallies per branch, kept as the test writes: (opened, agreed, referred, legal, difficulties).
    let mut tally: HashMap<steppe_domain::Id, [i64; 5]> = HashMap::new();
    let plan = [
        (&a, r.branch1, Some(Outcome::Agreement)),
        (&a, r.branch1, Some(Outcome::Agreement)),
        (&a, r.branch1, Some(Outcome::Referred)),
        (&a, r.branch1, None),
        (&other, r.branch2, Some(Outcome::Agreement)),
    ];
    for (i, (phone, branch, outcome)) in plan.into_iter().enumerate() {
        let case = phone
            .store
            .open_case(village_case(branch, CaseCategory::Debt, format!("第{i}件")))
            .unwrap();
        let t = tally.entry(branch).or_default();
        t[0] += 1;
        match outcome {
            Some(Outcome::Agreement) => {
                phone
                    .store
                    .close_case(case, Outcome::Agreement, Some("分期还款"))
                    .unwrap();
                t[1] += 1;
            }
            Some(o) => {
                phone.store.close_case(case, o, Some("司法所")).unwrap();
                t[2] += 1;
            }
            None => {}
        }
    }
    for (phone, branch, kind) in [
        (&a, r.branch1, ServiceKind::LegalAdvice),
        (&a, r.branch1, ServiceKind::LegalAdvice),
        (&a, r.branch1, ServiceKind::DifficultySolved),
        (&other, r.branch2, ServiceKind::LegalAdvice),
    ] {
        phone
            .store
            .log_service(NewServiceEntry {
                branch,
                kind,
                people_served: 2,
                summary: "咨询".into(),
                case: None,
            })
            .unwrap();
        let t = tally.entry(branch).or_default();
        match kind {
            ServiceKind::LegalAdvice => t[3] += 1,
            _ => t[4] += 1,
        }
    }
    // A session of the sumu's school, an hour and a half, and the herder checks in.
    let course = sec
        .store
        .create_course(NewCourse {
            school: r.school,
            title: "草原生态保护".into(),
            topic: Topic::PracticalSkills,
            lecturer: None,
        })
        .unwrap();
    let now = steppe_core::system_clock()();
    let session = sec
        .store
        .schedule_session(NewSession {
            course,
            starts_at: now - 60_000,
            minutes: 90,
            mode: SessionMode::OnSite,
            venue: "嘎查活动室".into(),
        })
        .unwrap();
    for p in [&a, &other, &sec] {
        p.sync().await.unwrap();
    }
    herder.sync().await.unwrap();
    herder
        .store
        .check_in(session, SessionMode::OnSite, None)
        .unwrap();
    herder.sync().await.unwrap();

    set_password(&server, r.supervisor, "督导口令2026").await;
    let d = desk(&server).await;
    let (c, base) = (&d.c, d.base.as_str());
    log_in(c, base, "苏木督导", "督导口令2026").await;
    c.goto(&format!("{base}/web/org/{}", r.sumu)).await.unwrap();
    click(c, "#report-link").await;
    assert!(arrived(c, "#report").await, "the report page");
    shot(c, "6-report").await;

    // The report's cells, by organisation and column.
    let header: Vec<String> = {
        let mut out = Vec::new();
        for th in c
            .find_all(Locator::Css("#report tr:first-child th"))
            .await
            .unwrap()
        {
            out.push(th.text().await.unwrap());
        }
        out
    };
    let cell = |cells: &[String], column: &str| -> i64 {
        let i = header.iter().position(|h| h == column).unwrap();
        cells[i].parse().unwrap()
    };
    let mut shown: HashMap<String, Vec<String>> = HashMap::new();
    for row in c
        .find_all(Locator::Css("#report tr[data-org]"))
        .await
        .unwrap()
    {
        let org = row.attr("data-org").await.unwrap().unwrap();
        let mut cells = Vec::new();
        for td in row.find_all(Locator::Css("td")).await.unwrap() {
            cells.push(td.text().await.unwrap());
        }
        shown.insert(org, cells);
    }
    let sum = |k: usize| tally.values().map(|t| t[k]).sum::<i64>();
    for (org, expect) in [
        (r.sumu, [sum(0), sum(1), sum(2), sum(3), sum(4)]),
        (r.branch1, tally[&r.branch1]),
        (r.branch2, tally[&r.branch2]),
    ] {
        let cells = &shown[&org.to_string()];
        assert_eq!(
            [
                cell(cells, "受理纠纷"),
                cell(cells, "调解成功"),
                cell(cells, "移交处理"),
                cell(cells, "法律服务"),
                cell(cells, "解决困难"),
            ],
            expect,
            "{org}: {cells:?}"
        );
    }
    let sumu = &shown[&r.sumu.to_string()];
    // The same table as an Excel workbook: the same header, the same numbers, as numbers.
    click(c, "#report-xlsx").await;
    let book = wait_for_file(d.downloads.path(), "xlsx").await;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let sheet = calamine::Reader::worksheet_range_at(&mut book, 0)
        .unwrap()
        .unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| {
            r.iter()
                .map(|d| match d {
                    calamine::Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
                    calamine::Data::Float(f) => format!("{f:.1}"),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(rows[0], header, "the workbook's header");
    let in_book = rows
        .iter()
        .find(|row| row[0] == "巴彦高勒苏木")
        .expect("the sumu's row");
    assert_eq!(&in_book[..], &sumu[..], "the workbook's numbers");
    assert!(
        matches!(sheet.get((1, 1)), Some(calamine::Data::Float(_))),
        "numbers as numbers"
    );
    assert_eq!(cell(sumu, "党校开课"), 1);
    assert_eq!(cell(sumu, "签到人次"), 1);
    assert_eq!(
        sumu[header.iter().position(|h| h == "培训学时").unwrap()],
        "1.5"
    );
    assert_eq!(cell(sumu, "服务群众人次"), 8);

    // A period before any of it counts none of it.
    c.goto(&format!(
        "{base}/web/org/{}/report?period=custom&from=2020-01-01&to=2020-01-31",
        r.sumu
    ))
    .await
    .unwrap();
    let label = c
        .find(Locator::Css("#period-label"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(label.contains("2020-01-01 至 2020-01-31"), "{label}");
    let first = c
        .find(Locator::Css(&format!(
            "#report tr[data-org='{}'] td:nth-child(2)",
            r.sumu
        )))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(first, "0");
    c.clone().close().await.unwrap();
}

/// A Party school secretary creates a course and schedules a session at a desk; a herdsman's
/// phone receives it on its next sync and checks in. A read-only supervisor's attempt is refused
/// by the same checks a phone's upload meets, and a rule broken is shown beside its field.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secretary_schedules_a_session_on_the_web_and_a_herder_checks_in_on_the_phone() {
    use steppe_domain::course::SessionMode;

    let (dir, server, r) = region().await.unwrap();
    let herder = Phone::enroll(&server, r.herder, dir.path(), "herder")
        .await
        .unwrap();
    herder.sync().await.unwrap();
    set_password(&server, r.secretary, "书记口令").await;
    set_password(&server, r.supervisor, "督导口令2026").await;
    let d = desk(&server).await;
    let (c, base) = (&d.c, d.base.as_str());

    // The supervisor reads the school but may not schedule there.
    log_in(c, base, "苏木督导", "督导口令2026").await;
    c.goto(&format!("{base}/web/school/{}", r.school))
        .await
        .unwrap();
    assert!(arrived(c, "#new-course").await, "the school's page");
    type_into(c, "#new-course input[name=title]", "督导想开的课").await;
    click(c, "#create-course").await;
    assert!(arrived(c, "#form-error").await, "the refusal is shown");
    let refused = c
        .find(Locator::Css("#form-error"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(refused.contains("您的角色不能"), "{refused}");
    sign_out(c).await;

    // The sumu's secretary, from the school's organisation page.
    log_in(c, base, "组织委员 王立华", "书记口令").await;
    c.goto(&format!("{base}/web/org/{}", r.school))
        .await
        .unwrap();
    click(c, "#school-link").await;
    assert!(arrived(c, "#new-course").await, "the school's page");
    type_into(c, "#new-course input[name=title]", "草畜平衡政策解读").await;
    click(c, "#create-course").await;
    // The course is offered for scheduling once the page comes back.
    shows(
        c,
        "//select[@name='course']/option[contains(., '草畜平衡政策解读')]",
    )
    .await;

    // A session that began ten minutes ago, so the herder can check in now; first without a
    // venue, which the domain refuses beside the field.
    let starts =
        steppe_domain::clock::display(steppe_core::system_clock()() - 600_000).replace(' ', "T");
    let fill = |venue: &'static str| {
        let c = c.clone();
        let starts = starts.clone();
        async move {
            c.execute(
                "document.querySelector('#new-session [name=starts_at]').value = arguments[0];
                 document.querySelector('#new-session [name=minutes]').value = '120';
                 document.querySelector('#new-session [name=venue]').removeAttribute('required');
                 document.querySelector('#new-session [name=venue]').value = arguments[1];",
                vec![serde_json::json!(starts), serde_json::json!(venue)],
            )
            .await
            .unwrap();
            click(&c, "#schedule").await;
        }
    };
    fill("  ").await;
    assert!(arrived(c, "#new-session .error").await, "the venue's error");
    let err = c
        .find(Locator::Css("#new-session .error"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(err.contains("上课地点"), "{err}");
    fill("嘎查党员活动室").await;
    shows(
        c,
        "//table[@id='sessions']//td[contains(., '嘎查党员活动室')]",
    )
    .await;
    shot(c, "7-school").await;

    // The herder's phone receives it and checks in.
    herder.sync().await.unwrap();
    let now = steppe_core::system_clock()();
    let upcoming = herder
        .store
        .schedule_for(r.herder, now - 3_600_000, now + 3_600_000)
        .unwrap();
    let session = upcoming
        .iter()
        .find(|s| s.title == "草畜平衡政策解读")
        .expect("the session scheduled on the web");
    assert_eq!(
        (session.minutes, session.venue.as_str()),
        (120, "嘎查党员活动室")
    );
    herder
        .store
        .check_in(session.id, SessionMode::OnSite, None)
        .unwrap();
    let report = herder.sync().await.unwrap();
    assert_eq!((report.sent, report.rejected), (1, 0));
    // Its history names the secretary, at a desk.
    let first = herder.store.history(session.id).unwrap().remove(0);
    assert_eq!(first.user_name.as_deref(), Some("组织委员 王立华"));
    assert_eq!(first.device_name.as_deref(), Some("网页"));

    // At the desk: the session's roll with the herder present and her check-in in its history,
    // and her archive for the year, ready to print.
    c.goto(&format!("{base}/web/school/{}", r.school))
        .await
        .unwrap();
    click(
        c,
        &format!("#sessions a[href='/web/session/{}']", session.id),
    )
    .await;
    assert!(arrived(c, "#roll").await, "the session's page");
    let roll = text_of(c, "#roll").await;
    assert!(
        roll.contains("牧民党员 蒲玉梅") && roll.contains("出勤"),
        "{roll}"
    );
    let history = text_of(c, "#history").await;
    assert!(
        history.contains("签到") && history.contains("牧民党员 蒲玉梅"),
        "{history}"
    );
    // The secretary marks another member by name: unknown names are refused in words.
    let mark = |name: &'static str| async move {
        type_into(c, "#mark input[name=name]", name).await;
        c.find(Locator::Css(
            "#mark select[name=attendance] option[value=excused]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
        click(c, "#mark button").await;
    };
    mark("不存在的人").await;
    // The refusal stands beside the name, on the session's page, the name still typed in.
    assert!(arrived(c, "#mark .field-error").await, "an unknown name");
    assert!(
        text_of(c, "#mark .field-error[data-field=name]")
            .await
            .contains("没有此党员")
    );
    let typed = c
        .find(Locator::Css("#mark input[name=name]"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(typed.as_deref(), Some("不存在的人"));
    assert!(arrived(c, "#roll").await, "still on the session's page");
    c.find(Locator::Css("#mark input[name=name]"))
        .await
        .unwrap()
        .clear()
        .await
        .unwrap();
    mark("二支部民警").await;
    shows(
        c,
        "//table[@id='roll']//tr[contains(., '二支部民警')][contains(., '请假')]",
    )
    .await;
    click(c, &format!("#roll a[href='/web/member/{}']", r.herder)).await;
    assert!(arrived(c, "#archive-entries").await, "the member's archive");
    let archive = text_of(c, "#archive-entries").await;
    assert!(
        archive.contains("草畜平衡政策解读") && archive.contains("2.0"),
        "{archive}"
    );
    assert_eq!(
        text_of(c, "#unit-mn").await,
        "ᠪᠠᠶᠠᠨ ᠪᠣᠭᠳᠠ ᠭᠠᠴᠠᠭᠠ",
        "the printed archive names the gacha in Mongolian script beside the Chinese"
    );
    shot(c, "7b-archive").await;
    // A member with a name in Mongolian script has it printed beside the Chinese.
    c.goto(&format!("{base}/web/member/{}", r.mediator_a))
        .await
        .unwrap();
    assert!(
        arrived(c, "#archive-entries").await,
        "the mediator's archive"
    );
    assert_eq!(text_of(c, "#person-mn").await, "ᠪᠠᠭᠠᠲᠤᠷ");
    sign_out(c).await;

    // The league's school holds an online same-time class: the sumu school's page shows it.
    use steppe_domain::authz::Role;
    use steppe_domain::org::OrgKind;
    let storage = server.storage();
    let banner_school = steppe_server::admin::create_org(
        storage,
        "阿拉善盟委党校",
        OrgKind::PartySchool,
        Some(r.league),
    )
    .await
    .unwrap();
    let banner_secretary = steppe_server::admin::create_user(
        storage,
        "旗委党校 斯琴",
        r.league,
        steppe_domain::person::MemberStatus::Full,
        &[(banner_school, Role::Secretary)],
    )
    .await
    .unwrap();
    set_password(&server, banner_secretary, "旗校口令").await;
    log_in(c, base, "旗委党校 斯琴", "旗校口令").await;
    c.goto(&format!("{base}/web/school/{banner_school}"))
        .await
        .unwrap();
    assert!(arrived(c, "#new-course").await, "the league school's page");
    type_into(c, "#new-course input[name=title]", "铸牢中华民族共同体意识").await;
    click(c, "#create-course").await;
    shows(
        c,
        "//select[@name='course']/option[contains(., '铸牢中华民族共同体意识')]",
    )
    .await;
    let later =
        steppe_domain::clock::display(steppe_core::system_clock()() + 86_400_000).replace(' ', "T");
    c.execute(
        "document.querySelector('#new-session [name=starts_at]').value = arguments[0];
         document.querySelector('#new-session [name=minutes]').value = '90';
         document.querySelector('#new-session [name=mode]').value = 'online';
         document.querySelector('#new-session [name=venue]').value = '驼乡e站直播课堂';",
        vec![serde_json::json!(later)],
    )
    .await
    .unwrap();
    click(c, "#schedule").await;
    shows(
        c,
        "//table[@id='sessions']//td[contains(., '驼乡e站直播课堂')]",
    )
    .await;
    sign_out(c).await;
    log_in(c, base, "组织委员 王立华", "书记口令").await;
    c.goto(&format!("{base}/web/school/{}", r.school))
        .await
        .unwrap();
    assert!(arrived(c, "#same-time").await, "the same-time classes");
    let shared = text_of(c, "#same-time").await;
    assert!(
        shared.contains("阿拉善盟委党校")
            && shared.contains("铸牢中华民族共同体意识")
            && shared.contains("驼乡e站直播课堂"),
        "{shared}"
    );
    c.clone().close().await.unwrap();
}

/// The text of each row of the table `css` names, header first.
async fn rows_of(c: &Client, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tr in c
        .find_all(Locator::Css(&format!("{css} tr")))
        .await
        .unwrap()
    {
        out.push(tr.text().await.unwrap());
    }
    out
}

/// Types `name` into a session's mark form, emptied first, and sends it.
async fn mark_as(c: &Client, name: &str) {
    let field = c
        .find(Locator::Css("#mark input[name=name]"))
        .await
        .unwrap();
    field.clear().await.unwrap();
    field.send_keys(name).await.unwrap();
    click(c, "#mark button").await;
}

/// A secretary marks members by what a Chinese input method spells — the initials of their
/// names (蒲玉梅 as "pym") — without switching to hanzi; the roll lists them in pinyin order, as
/// the units below the sumu are listed. A supervisor, who may not mark, is refused the same by
/// initials as by name: the pinyin only finds the member, the write is checked as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secretary_marks_members_by_the_initials_of_their_names() {
    let (dir, server, r) = region().await.unwrap();
    let (sec, session) = secretary_with_a_session_now(&server, &r, dir.path())
        .await
        .unwrap();
    set_password(&server, r.secretary, "书记口令").await;
    set_password(&server, r.supervisor, "督导口令2026").await;
    let d = desk(&server).await;
    let (c, base) = (&d.c, d.base.as_str());
    log_in(c, base, "组织委员 王立华", "书记口令").await;

    // The sumu's units by pinyin (巴彦 bāyàn before 巴音 bāyīn, 二 èr before 一 yī, 乌 wū last),
    // where code points would put 乌兰乌拉嘎查 first and 党支部一 before 党支部二.
    c.goto(&format!("{base}/web/org/{}", r.sumu)).await.unwrap();
    assert!(arrived(c, "#units").await, "the sumu's units");
    let units: Vec<String> = rows_of(c, "#units")
        .await
        .into_iter()
        .skip(1)
        .map(|row| {
            row.split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        units,
        [
            "巴彦高勒苏木基层党校",
            "巴音宝格德嘎查",
            "警地党支部二",
            "警地党支部一",
            "乌兰乌拉嘎查"
        ]
    );

    c.goto(&format!("{base}/web/session/{session}"))
        .await
        .unwrap();
    assert!(arrived(c, "#mark").await, "the session's page");
    mark_as(c, "pym").await;
    shows(
        c,
        "//table[@id='roll']//tr[contains(., '牧民党员 蒲玉梅')][contains(., '出勤')]",
    )
    .await;
    // 书记 乌兰, by the initials of her title and name, spaces and all.
    mark_as(c, "sj wl").await;
    shows(c, "//table[@id='roll']//tr[contains(., '书记 乌兰')]").await;
    // 牧 mù before 书 shū, though 书 comes first by code point.
    let roll = rows_of(c, "#roll").await;
    assert_eq!(roll.len(), 3, "{roll:?}");
    assert!(
        roll[1].contains("蒲玉梅") && roll[2].contains("乌兰"),
        "{roll:?}"
    );
    sign_out(c).await;

    // The supervisor reads the session but is offered no form; sent anyway, by initials, the
    // mark is refused by the same check as a mark by name, and nobody is marked.
    log_in(c, base, "苏木督导", "督导口令2026").await;
    c.goto(&format!("{base}/web/session/{session}"))
        .await
        .unwrap();
    assert!(arrived(c, "#roll").await, "the session's page");
    assert!(
        c.find_all(Locator::Css("#mark")).await.unwrap().is_empty(),
        "no mark form for a supervisor"
    );
    post_by_hand(
        c,
        &format!("/web/session/{session}/mark"),
        &[("name", "wlh"), ("attendance", "present")],
    )
    .await;
    assert!(arrived(c, "#form-error").await, "the refusal");
    assert!(text_of(c, "#form-error").await.contains("您的角色不能"));
    let roll = synced_roll(&sec, session).await;
    assert!(!roll.contains(&r.secretary), "{roll:?}");
    assert_eq!(roll.len(), 2, "the two the secretary marked: {roll:?}");
    c.clone().close().await.unwrap();
}

/// A name typed in the mark form that is nobody's exactly but spells several members' names in
/// pinyin, or only part of one name, lists them, each with its unit and in pinyin order, for the
/// secretary to pick one; and nobody is marked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_that_spells_several_members_lists_them_and_marks_no_one() {
    let (dir, server, r) = region().await.unwrap();
    let (sec, session) = secretary_with_a_session_now(&server, &r, dir.path())
        .await
        .unwrap();
    set_password(&server, r.secretary, "书记口令").await;
    let d = desk(&server).await;
    let (c, base) = (&d.c, d.base.as_str());
    log_in(c, base, "组织委员 王立华", "书记口令").await;
    c.goto(&format!("{base}/web/session/{session}"))
        .await
        .unwrap();
    assert!(arrived(c, "#mark").await, "the session's page");
    // 民警 mínjǐng: 民警 巴特尔 of gacha 1 and 二支部民警 of gacha 2.
    mark_as(c, "minjing").await;
    assert!(arrived(c, "#mark .field-error").await, "the candidates");
    let said = text_of(c, "#mark .field-error[data-field=name]").await;
    assert!(
        said.contains("有 2 位党员与“minjing”相符")
            && said.contains("二支部民警（乌兰乌拉嘎查）、民警 巴特尔（巴音宝格德嘎查）"),
        "{said}"
    );
    let typed = c
        .find(Locator::Css("#mark input[name=name]"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(typed.as_deref(), Some("minjing"), "what was typed stays");
    assert_eq!(rows_of(c, "#roll").await.len(), 1, "nobody on the roll");
    // Part of one name (巴特尔 bātè'ěr, "bat" without 尔) is a candidate to confirm, not a
    // mark: a typo must not mark somebody else.
    mark_as(c, "bat").await;
    assert!(arrived(c, "#mark .field-error").await, "the one candidate");
    let said = text_of(c, "#mark .field-error[data-field=name]").await;
    assert!(
        said.contains("有 1 位党员") && said.contains("民警 巴特尔"),
        "{said}"
    );
    assert!(synced_roll(&sec, session).await.is_empty(), "nobody marked");
    // The secretary picks one by the full name the answer gave.
    mark_as(c, "民警 巴特尔").await;
    shows(c, "//table[@id='roll']//tr[contains(., '民警 巴特尔')]").await;
    c.clone().close().await.unwrap();
}

/// The members on a session's roll as the secretary's phone has it after syncing: what the
/// server accepted, whatever a page showed.
async fn synced_roll(phone: &Phone, session: steppe_domain::Id) -> Vec<steppe_domain::Id> {
    phone.sync().await.unwrap();
    phone
        .store
        .session_roll(session)
        .unwrap()
        .into_iter()
        .map(|e| e.member)
        .collect()
}

/// A supervisor reaches a resident's request, a household and an organisational-life meeting
/// from their units' pages: every step with who and when, the unsatisfied evaluation that
/// reopened the request, the household's tags and visits, the overdue rectification.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_record_opens_on_its_own_page() {
    use steppe_core::{NewHousehold, NewOrgLifeMeeting};
    use steppe_domain::authz::Role;
    use steppe_domain::household::{HouseholdTag, VisitMode};
    use steppe_domain::org::OrgKind;
    use steppe_domain::org_life::{ItemKind, MeetingKind};
    use steppe_domain::person::MemberStatus;
    use steppe_server::admin;

    let (dir, server, r) = region().await.unwrap();
    let storage = server.storage();
    let community = admin::create_org(storage, "锦绣社区党委", OrgKind::Community, Some(r.sumu))
        .await
        .unwrap();
    let grid = admin::create_org(
        storage,
        "第一网格党支部",
        OrgKind::GridBranch,
        Some(community),
    )
    .await
    .unwrap();
    let worker = admin::create_user(
        storage,
        "网格员 其其格",
        grid,
        MemberStatus::Full,
        &[(community, Role::GridWorker)],
    )
    .await
    .unwrap();
    let w = Phone::enroll(&server, worker, dir.path(), "grid")
        .await
        .unwrap();
    let sec = Phone::enroll(&server, r.secretary, dir.path(), "sec")
        .await
        .unwrap();
    w.sync().await.unwrap();
    sec.sync().await.unwrap();

    let request = a_request_carried_out(&w.store, community);
    // The residents' verdict is collected by someone other than who did the work.
    let collector = admin::create_user(
        storage,
        "网格员 乌兰",
        grid,
        MemberStatus::Full,
        &[(community, Role::GridWorker)],
    )
    .await
    .unwrap();
    let w2 = Phone::enroll(&server, collector, dir.path(), "grid2")
        .await
        .unwrap();
    w.sync().await.unwrap();
    w2.sync().await.unwrap();
    w2.store
        .evaluate_request(
            request,
            steppe_core::Verdict {
                satisfied: false,
                comment: "还有一盏没修".into(),
                residents: vec!["居民 王秀英".into(), "居民 李桂兰".into()],
            },
        )
        .unwrap();
    w2.sync().await.unwrap();
    let household = w
        .store
        .register_household(NewHousehold {
            grid,
            address: "3号楼2单元101".into(),
            head: "王秀英".into(),
            size: 1,
            tags: vec![HouseholdTag::LivingAlone],
        })
        .unwrap();
    w.store
        .log_visit(household, VisitMode::Door, "身体尚好，需要送药", true)
        .unwrap();
    let meeting = sec
        .store
        .record_org_life_meeting(NewOrgLifeMeeting {
            branch: r.gacha1,
            kind: MeetingKind::OrganisationalLife,
            held_at: steppe_core::system_clock()() - 40 * 86_400_000,
        })
        .unwrap();
    sec.store
        .add_org_life_item(meeting, ItemKind::Problem, "学习记录不全")
        .unwrap();
    sec.store
        .add_rectification(
            meeting,
            "补齐学习记录",
            "组织委员 王立华",
            Some(steppe_core::system_clock()() - 10 * 86_400_000),
        )
        .unwrap();
    w.sync().await.unwrap();
    sec.sync().await.unwrap();

    set_password(&server, r.supervisor, "督导口令2026").await;
    let d = desk(&server).await;
    let (c, base) = (&d.c, d.base.as_str());
    log_in(c, base, "苏木督导", "督导口令2026").await;

    c.goto(&format!("{base}/web/org/{community}"))
        .await
        .unwrap();
    click(
        c,
        &format!("#request-list a[href='/web/request/{request}']"),
    )
    .await;
    assert!(arrived(c, "#steps").await, "the request's page");
    let steps = text_of(c, "#steps").await;
    for step in [
        "民事民提",
        "民事民议",
        "民事民决",
        "民事民办",
        "重新处理",
        "网格员 其其格",
    ] {
        assert!(steps.contains(step), "{step}: {steps}");
    }
    let verdicts = text_of(c, "#evaluations").await;
    assert!(
        verdicts.contains("不满意") && verdicts.contains("居民 李桂兰"),
        "{verdicts}"
    );
    assert!(text_of(c, "#history").await.contains("民事民评"));
    shot(c, "8-request").await;

    // The community's requests and the grid's households filtered by step and by tag.
    let listed = |c: &Client, list: &'static str| {
        let c = c.clone();
        async move {
            c.find_all(Locator::Css(&format!("#{list} a")))
                .await
                .unwrap()
                .len()
        }
    };
    for (query, count) in [("step=reopened", 1), ("step=done", 0), ("step=", 1)] {
        c.goto(&format!("{base}/web/org/{community}?{query}"))
            .await
            .unwrap();
        assert!(arrived(c, "#request-filter").await, "{query}");
        assert_eq!(listed(c, "request-list").await, count, "{query}");
    }
    for (query, count) in [("tag=living_alone", 1), ("tag=student", 0)] {
        c.goto(&format!("{base}/web/org/{grid}?{query}"))
            .await
            .unwrap();
        assert!(arrived(c, "#household-filter").await, "{query}");
        assert_eq!(listed(c, "household-list").await, count, "{query}");
    }
    c.goto(&format!("{base}/web/org/{grid}")).await.unwrap();
    click(
        c,
        &format!("#household-list a[href='/web/household/{household}']"),
    )
    .await;
    assert!(arrived(c, "#visits").await, "the household's page");
    let tags = text_of(c, "#tags").await;
    assert!(tags.contains("独居"), "{tags}");
    let visits = text_of(c, "#visits").await;
    assert!(
        visits.contains("身体尚好") && visits.contains("是"),
        "{visits}"
    );

    c.goto(&format!("{base}/web/org/{}", r.gacha1))
        .await
        .unwrap();
    click(
        c,
        &format!("#meeting-list a[href='/web/meeting/{meeting}']"),
    )
    .await;
    assert!(arrived(c, "#rectifications").await, "the meeting's page");
    let due = text_of(c, "#rectifications").await;
    assert!(
        due.contains("补齐学习记录") && due.contains("已逾期"),
        "{due}"
    );
    assert!(text_of(c, "#items").await.contains("学习记录不全"));

    // What is due across the sumu: the overdue rectification, the follow-up the visit asked for.
    click(c, "#nav-due").await;
    assert!(arrived(c, "#due").await, "the due page");
    let due = text_of(c, "#due").await;
    assert!(
        due.contains("补齐学习记录")
            && due.contains("已逾期")
            && due.contains("身体尚好，需要送药"),
        "{due}"
    );
    shot(c, "9-due").await;

    // The supervisor reads but is offered no forms, and a write posted anyway is refused.
    c.goto(&format!("{base}/web/meeting/{meeting}"))
        .await
        .unwrap();
    assert!(arrived(c, "#rectifications").await, "the meeting's page");
    assert!(
        c.find_all(Locator::Css("#new-item"))
            .await
            .unwrap()
            .is_empty()
    );
    post_by_hand(
        c,
        &format!("/web/meeting/{meeting}/item"),
        &[("kind", "problem"), ("text", "督导代写")],
    )
    .await;
    assert!(arrived(c, "#form-error").await, "the refusal");
    assert!(text_of(c, "#form-error").await.contains("您的角色不能"));
    assert_eq!(
        sec.store
            .get::<steppe_domain::org_life::OrgLifeMeeting>(meeting)
            .unwrap()
            .items
            .len(),
        1
    );

    // The sumu's secretary records a meeting of gacha 1 at the desk, with an item and a
    // rectification, and completes it; the secretary's phone receives all of it.
    sign_out(c).await;
    set_password(&server, r.secretary, "书记口令").await;
    log_in(c, base, "组织委员 王立华", "书记口令").await;
    c.goto(&format!("{base}/web/org/{}", r.gacha1))
        .await
        .unwrap();
    c.execute(
        "document.querySelector('#new-meeting [name=held_at]').value = '2026-11-20T19:00';",
        vec![],
    )
    .await
    .unwrap();
    click(c, "#new-meeting button").await;
    assert!(arrived(c, "#new-item").await, "the new meeting's page");
    type_into(c, "#new-item input[name=text]", "党费收缴不及时").await;
    click(c, "#new-item button").await;
    shows(c, "//table[@id='items']//td[contains(., '党费收缴不及时')]").await;
    for (field, value) in [("text", "按月收缴党费"), ("owner", "支部书记")] {
        type_into(c, &format!("#new-rectification input[name={field}]"), value).await;
    }
    // A due date that is no date (sent as a modified page would) is refused beside the date,
    // on the meeting's page, with the item and its owner still typed in.
    c.execute(
        "const d = document.querySelector('#new-rectification [name=due]');
         d.type = 'text'; d.value = '下个月';",
        vec![],
    )
    .await
    .unwrap();
    click(c, "#new-rectification button").await;
    assert!(
        arrived(c, "#new-rectification .field-error[data-field=due]").await,
        "the date's refusal beside it"
    );
    for (field, value) in [("text", "按月收缴党费"), ("owner", "支部书记")] {
        let kept = c
            .find(Locator::Css(&format!(
                "#new-rectification input[name={field}]"
            )))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap();
        assert_eq!(kept.as_deref(), Some(value), "{field} kept");
    }
    c.execute(
        "document.querySelector('#new-rectification [name=due]').value = '';",
        vec![],
    )
    .await
    .unwrap();
    click(c, "#new-rectification button").await;
    c.wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("#rectifications button.complete"))
        .await
        .unwrap();
    click(c, "#rectifications button.complete").await;
    // The fourth column, done, now shows the day it was done (2026年12月1日 …).
    shows(
        c,
        "//table[@id='rectifications']//tr/td[4][contains(., '年')]",
    )
    .await;
    shot(c, "8b-meeting").await;
    sec.sync().await.unwrap();
    let recorded: Vec<_> = sec
        .store
        .org_life_meetings(r.gacha1)
        .unwrap()
        .into_iter()
        .filter(|m| m.id != meeting)
        .collect();
    assert_eq!(recorded.len(), 1, "the meeting recorded at the desk");
    assert_eq!((recorded[0].open_items, recorded[0].done_items), (0, 1));

    // The herder's democratic evaluation of this year, step by step at the desk; the grade
    // before the steps is refused in words; the self-assessment is the herder's own, from their
    // phone — the desk does not offer it to the secretary.
    c.goto(&format!("{base}/web/org/{}", r.gacha1))
        .await
        .unwrap();
    click(
        c,
        &format!("#evaluation-list input[value='{}'] ~ button", r.herder),
    )
    .await;
    assert!(arrived(c, "#evaluation").await, "the evaluation's page");
    click(c, "#result button").await;
    // The refusal at the head of the form it answers, on the evaluation's own page.
    assert!(
        arrived(c, "#result #form-error").await,
        "steps out of order"
    );
    assert!(
        text_of(c, "#result #form-error")
            .await
            .contains("请先记录个人自评")
    );
    assert!(arrived(c, "#mutual").await, "still on the evaluation");
    assert!(
        c.find(Locator::Css("#self")).await.is_err(),
        "no self-assessment form for anyone but the member"
    );
    type_into(c, "#mutual input[name=text]", "群众评价好").await;
    click(c, "#mutual button").await;
    shows(c, "//dd[@id='mutual-entries'][contains(., '群众评价好')]").await;
    let year = i64::from(steppe_domain::clock::year_of(steppe_core::system_clock()()));
    let evaluation =
        steppe_domain::evaluation::DemocraticEvaluation::id_for(&r.herder.to_string(), year);
    let herder = Phone::enroll(&server, r.herder, dir.path(), "herder")
        .await
        .unwrap();
    herder.sync().await.unwrap();
    herder
        .store
        .assess_self(evaluation, "带头落实草畜平衡")
        .unwrap();
    assert_eq!(herder.sync().await.unwrap().rejected, 0);
    c.refresh().await.unwrap();
    shows(
        c,
        "//dl[@id='evaluation']//dd[contains(., '带头落实草畜平衡')]",
    )
    .await;
    c.execute(
        "document.querySelector('#vote [name=excellent]').value = '9';
         document.querySelector('#vote [name=qualified]').value = '2';",
        vec![],
    )
    .await
    .unwrap();
    click(c, "#vote button").await;
    shows(c, "//dd[@id='votes'][contains(., '优秀 9 票')]").await;
    shows(c, "//strong[@id='tallied'][contains(., '优秀')]").await;
    click(c, "#result button").await;
    shows(c, "//dd[@id='grade'][contains(., '优秀')]").await;
    shot(c, "8c-evaluation").await;
    sec.sync().await.unwrap();
    let rows = sec
        .store
        .evaluation_results(
            r.gacha1,
            i64::from(steppe_domain::clock::year_of(steppe_core::system_clock()())),
        )
        .unwrap();
    assert_eq!(
        rows.iter()
            .map(|e| (e.member, e.result))
            .collect::<Vec<_>>(),
        vec![(r.herder, Some(steppe_domain::evaluation::Grade::Excellent))]
    );

    // Another branch's policeman is told none of these exist.
    sign_out(c).await;
    set_password(&server, r.outsider, "另一支部").await;
    log_in(c, base, "二支部民警", "另一支部").await;
    for page in [
        format!("request/{request}"),
        format!("household/{household}"),
        format!("meeting/{meeting}"),
    ] {
        c.goto(&format!("{base}/web/{page}")).await.unwrap();
        assert!(c.source().await.unwrap().contains("未找到"), "{page}");
    }
    c.clone().close().await.unwrap();
}

/// Measures the Mongolian name in the page heading: how it is set (`writing-mode`, its box),
/// whether the Mongolian font loaded and the server offers one, and whether the script is
/// really drawn — a real font joins the letters of a word into contextual forms, so the word is
/// not as wide as its letters set apart, where empty boxes (tofu) would be exactly as wide, and
/// as wide as private-use characters the font has no glyph for.
const MEASURE_MONGOLIAN: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
 try {
  const el = document.getElementById('name-mn');
  const rect = el.getBoundingClientRect();
  const faces = await document.fonts.load("32px 'Steppe Mongolian'", el.textContent);
  const served = (await fetch('/assets/mongolian.ttf')).status;
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = "32px 'Steppe Mongolian'";
  const word = 'ᠮᠣᠩᠭᠣᠯ';
  const joined = ctx.measureText(word).width;
  const apart = [...word].reduce((w, ch) => w + ctx.measureText(ch).width, 0);
  const tofu = ctx.measureText('\uE000'.repeat([...word].length)).width;
  done({ mode: getComputedStyle(el).writingMode, width: rect.width, height: rect.height,
         faces: faces.length, served, joined, apart, tofu });
 } catch (e) { done({ error: String(e) }); }
})();
"#;

/// The pastoral units' names in traditional Mongolian script stand in their own vertical column
/// beside the Chinese, drawn with a real Mongolian font; the language links switch the pages to
/// Mongolian (where the catalogue has Mongolian words, the rest in Chinese) and to English.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mongolian_names_stand_vertically_and_are_drawn_in_their_script() {
    let (_dir, server, r) = region().await.unwrap();
    set_password(&server, r.supervisor, "督导口令2026").await;
    let d = desk(&server).await;
    let (c, base) = (&d.c, d.base.as_str());
    log_in(c, base, "苏木督导", "督导口令2026").await;
    c.goto(&format!("{base}/web/org/{}", r.sumu)).await.unwrap();
    assert!(arrived(c, "#name-mn").await, "the sumu's Mongolian name");
    assert_eq!(text_of(c, "#name-zh").await, "巴彦高勒苏木");
    assert_eq!(text_of(c, "#name-mn").await, "ᠪᠠᠶᠠᠨ ᠭᠣᠣᠯ ᠰᠤᠮᠤ");
    // The sumu's report is headed in both scripts too.
    c.goto(&format!("{base}/web/org/{}/report", r.sumu))
        .await
        .unwrap();
    assert!(arrived(c, "#report").await, "the report");
    assert_eq!(text_of(c, "#name-mn").await, "ᠪᠠᠶᠠᠨ ᠭᠣᠣᠯ ᠰᠤᠮᠤ");
    c.goto(&format!("{base}/web/org/{}", r.sumu)).await.unwrap();
    assert!(arrived(c, "#name-mn").await, "back on the sumu's page");
    assert_eq!(
        c.find(Locator::Css("html"))
            .await
            .unwrap()
            .attr("lang")
            .await
            .unwrap()
            .as_deref(),
        Some("zh-Hans")
    );
    let m = c.execute_async(MEASURE_MONGOLIAN, vec![]).await.unwrap();
    let num = |k: &str| m[k].as_f64().unwrap_or_else(|| panic!("{k}: {m}"));
    assert_eq!(m["mode"], "vertical-lr", "{m}");
    assert!(num("height") > num("width") * 2.0, "a vertical column: {m}");
    assert!(num("faces") >= 1.0, "the Mongolian font loaded: {m}");
    assert_eq!(
        m["served"], 200,
        "the server offers its Mongolian font (install fonts-noto-core): {m}"
    );
    assert!(
        (num("joined") - num("apart")).abs() > 1.0,
        "letters join into a word, as only real glyphs do: {m}"
    );
    assert!((num("joined") - num("tofu")).abs() > 1.0, "not boxes: {m}");
    shot(c, "mn-1-org-in-chinese").await;

    // The pages in Mongolian: the kind of unit in Mongolian script, set vertically too.
    click(c, "#languages a[lang=mn-Mong]").await;
    assert!(
        arrived(c, "html[lang=mn-Mong] #name-mn").await,
        "Mongolian chosen"
    );
    let kind = c
        .find(Locator::Css("main p.muted span.mn"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(kind, "ᠰᠤᠮᠤ");
    let m = c.execute_async(MEASURE_MONGOLIAN, vec![]).await.unwrap();
    assert_eq!(m["mode"], "vertical-lr", "{m}");
    shot(c, "mn-2-org-in-mongolian").await;

    // …and English for an operator; the choice stays for the next page.
    click(c, "#languages a[lang=en]").await;
    assert!(arrived(c, "html[lang=en]").await, "English chosen");
    assert_eq!(text_of(c, "#nav-conflicts").await, "Conflicts");
    c.goto(&format!("{base}/web")).await.unwrap();
    assert!(arrived(c, "html[lang=en] #nav-due").await);
    assert_eq!(text_of(c, "#nav-due").await, "Due");
    c.clone().close().await.unwrap();
}

/// The English words in `text`: runs of two or more Latin letters, leaving out the names of the
/// file formats the export links offer.
fn english_in(text: &str) -> Vec<String> {
    text.split(|ch: char| !ch.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2 && !matches!(*w, "CSV" | "Excel" | "XLSX"))
        .map(str::to_string)
        .collect()
}

/// The English words a page shows in its visible text.
async fn english_on(c: &Client) -> Vec<String> {
    let text = c
        .execute("return document.body.innerText", vec![])
        .await
        .unwrap();
    english_in(text.as_str().unwrap_or_default())
}

/// [`english_on`], less the language link's own name for English, which names it in itself.
async fn english_besides_the_language_link(c: &Client) -> Vec<String> {
    english_on(c)
        .await
        .into_iter()
        .filter(|w| w != "English")
        .collect()
}

/// The example region with at least one of every record the desk shows, each written on a
/// phone and synced as people in the field would: cases (one closed, one with a note, one in
/// conflict), a service logged, a change the server refused, a Party school session with a
/// check-in, an organisational-life meeting with an overdue rectification, democratic
/// evaluations (one graded, one under way), what a village published on its board, and a
/// community's resident request reopened by an unsatisfied verdict and a household visited with
/// a follow-up asked for. The phones are named as their owners would name them, in Chinese:
/// the pages' histories show the names.
async fn a_region_with_every_record(server: &Server, r: &Region, dir: &Path) {
    use steppe_core::{NewHousehold, NewNotice, NewOrgLifeMeeting, NewServiceEntry, Verdict};
    use steppe_domain::affairs_list::{DutySide, ListKind, NewItem};
    use steppe_domain::authz::Role;
    use steppe_domain::course::SessionMode;
    use steppe_domain::evaluation::Grade;
    use steppe_domain::household::{HouseholdTag, VisitMode};
    use steppe_domain::mediation::Outcome;
    use steppe_domain::notice::NoticeCategory;
    use steppe_domain::org::OrgKind;
    use steppe_domain::org_life::{ItemKind, MeetingKind};
    use steppe_domain::person::MemberStatus;
    use steppe_domain::service_log::ServiceKind;
    use steppe_server::admin;

    let now = steppe_core::system_clock()();
    let day = 86_400_000;
    let year = i64::from(steppe_domain::clock::year_of(now));

    // Branch 1's cases: the two mediators correct one's place differently offline.
    let a = Phone::enroll(server, r.mediator_a, dir, "巴特尔的手机")
        .await
        .unwrap();
    let b = Phone::enroll(server, r.mediator_b, dir, "乌兰的手机")
        .await
        .unwrap();
    a.sync().await.unwrap();
    let disputed = a
        .store
        .open_case(village_case(
            r.branch1,
            CaseCategory::PastureBoundary,
            "草场边界",
        ))
        .unwrap();
    a.store
        .add_case_note(disputed, "双方同意以旧围栏为界")
        .unwrap();
    let settled = debt_case(&a.store, r.branch1).unwrap();
    a.store
        .close_case(settled, Outcome::Agreement, Some("分期还款"))
        .unwrap();
    a.store
        .log_service(NewServiceEntry {
            branch: r.branch1,
            kind: ServiceKind::LegalAdvice,
            people_served: 2,
            summary: "咨询草场承包合同".into(),
            case: None,
        })
        .unwrap();
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    a.store.set_case_place(disputed, "东草场").unwrap();
    b.store.set_case_place(disputed, "西草场").unwrap();
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    a.sync().await.unwrap();
    assert_eq!(a.store.conflicts(Some(disputed)).unwrap().len(), 1);

    // The herder registers a household, which her role does not allow; she checks in at a
    // session of the sumu's school.
    let (sec, session) = secretary_with_a_session_now(server, r, dir).await.unwrap();
    let herder = Phone::enroll(server, r.herder, dir, "蒲玉梅的手机")
        .await
        .unwrap();
    herder.sync().await.unwrap();
    herder
        .store
        .register_household(herders_household(r.gacha1))
        .unwrap();
    herder
        .store
        .check_in(session, SessionMode::OnSite, None)
        .unwrap();
    assert_eq!(herder.sync().await.unwrap().rejected, 1);

    // Gacha 1's organisational life, its evaluations and its board, kept by the secretary.
    let meeting = sec
        .store
        .record_org_life_meeting(NewOrgLifeMeeting {
            branch: r.gacha1,
            kind: MeetingKind::OrganisationalLife,
            held_at: now - 40 * day,
        })
        .unwrap();
    sec.store
        .add_org_life_item(meeting, ItemKind::Problem, "学习记录不全")
        .unwrap();
    sec.store
        .add_rectification(
            meeting,
            "补齐学习记录",
            "组织委员 王立华",
            Some(now - 10 * day),
        )
        .unwrap();
    let graded = sec.store.open_evaluation(r.gacha1, r.herder, year).unwrap();
    sec.store
        .open_evaluation(r.gacha1, r.mediator_b, year)
        .unwrap();
    let notice = sec
        .store
        .draft_notice(NewNotice {
            village: r.gacha1,
            category: NoticeCategory::VillageAffairs,
            title: "草场补贴发放名单".into(),
            body: "详见村务公开栏".into(),
        })
        .unwrap();
    sec.store.publish_notice(notice).unwrap();
    for (kind, text, side, done) in [
        (ListKind::PowersAndServices, "高龄津贴申请", None, true),
        (
            ListKind::SupervisoryDuties,
            "监督低保评议",
            Some(DutySide::Positive),
            false,
        ),
    ] {
        let list = sec.store.create_affairs_list(r.gacha1, kind, year).unwrap();
        let item = sec
            .store
            .add_list_item(
                list,
                NewItem {
                    text: text.into(),
                    procedure: Some("本人申请→村委会初审→苏木审核".into()),
                    side,
                    public: true,
                },
            )
            .unwrap();
        if done {
            sec.store.complete_list_item(list, &item).unwrap();
        }
    }
    assert_eq!(sec.sync().await.unwrap().rejected, 0);
    herder.sync().await.unwrap();
    herder
        .store
        .assess_self(graded, "带头落实草畜平衡")
        .unwrap();
    assert_eq!(herder.sync().await.unwrap().rejected, 0);
    sec.sync().await.unwrap();
    sec.store.assess_mutually(graded, "群众评价好").unwrap();
    sec.store
        .record_votes(graded, &[(Grade::Excellent, 9), (Grade::Qualified, 2)])
        .unwrap();
    sec.store.record_evaluation_result(graded).unwrap();
    assert_eq!(sec.sync().await.unwrap().rejected, 0);

    // A community of the sumu with a grid: a resident's request worked through and reopened, a
    // household living alone visited with a follow-up asked for.
    let storage = server.storage();
    let community = admin::create_org(storage, "锦绣社区党委", OrgKind::Community, Some(r.sumu))
        .await
        .unwrap();
    let grid = admin::create_org(
        storage,
        "第一网格党支部",
        OrgKind::GridBranch,
        Some(community),
    )
    .await
    .unwrap();
    let mut grid_phones = Vec::new();
    for (name, phone) in [
        ("网格员 其其格", "其其格的手机"),
        ("网格员 乌兰", "网格员乌兰的手机"),
    ] {
        let who = admin::create_user(
            storage,
            name,
            grid,
            MemberStatus::Full,
            &[(community, Role::GridWorker)],
        )
        .await
        .unwrap();
        let p = Phone::enroll(server, who, dir, phone).await.unwrap();
        p.sync().await.unwrap();
        grid_phones.push(p);
    }
    let (w, collector) = (&grid_phones[0], &grid_phones[1]);
    let request = a_request_carried_out(&w.store, community);
    let household = w
        .store
        .register_household(NewHousehold {
            grid,
            address: "3号楼2单元101".into(),
            head: "王秀英".into(),
            size: 1,
            tags: vec![HouseholdTag::LivingAlone],
        })
        .unwrap();
    w.store
        .log_visit(household, VisitMode::Door, "身体尚好，需要送药", true)
        .unwrap();
    assert_eq!(w.sync().await.unwrap().rejected, 0);
    collector.sync().await.unwrap();
    collector
        .store
        .evaluate_request(
            request,
            Verdict {
                satisfied: false,
                comment: "还有一盏没修".into(),
                residents: vec!["居民 王秀英".into(), "居民 李桂兰".into()],
            },
        )
        .unwrap();
    assert_eq!(collector.sync().await.unwrap().rejected, 0);
}

/// A resident's request that `worker`'s phone raised in `community`, discussed, decided and
/// carried out (half of it): ready for the residents' verdict, which someone else collects.
fn a_request_carried_out(
    worker: &steppe_core::Steppe,
    community: steppe_domain::Id,
) -> steppe_domain::Id {
    let request = worker
        .raise_request(steppe_core::NewRequest {
            community,
            title: "小区路灯不亮".into(),
            description: "3号楼前两盏路灯坏了".into(),
            raised_by: "居民 王秀英".into(),
        })
        .unwrap();
    worker.discuss_request(request, "网格议事会讨论").unwrap();
    worker
        .decide_request(request, "物业三日内更换", None)
        .unwrap();
    worker.carry_out_request(request, "已更换一盏").unwrap();
    request
}

/// Whether a link downloads a file rather than opening a page.
fn is_download(path: &str) -> bool {
    path.contains("/export/") || path.ends_with("/report/export") || path.ends_with("/bundle")
}

/// A page and the names of the query parameters it was asked with, not their values: each is
/// visited once, so the links of a pager or of the years of an archive (`?year=2025`, then
/// `2024`, …) are followed once each, not without end, and one filtered variant of a list is.
fn page_key(link: &str) -> String {
    let (path, query) = link.split_once('?').unwrap_or((link, ""));
    let mut names: Vec<&str> = query
        .split('&')
        .filter_map(|kv| kv.split('=').next())
        .filter(|name| !name.is_empty())
        .collect();
    names.sort_unstable();
    names.dedup();
    format!("{path}?{}", names.join("&"))
}

/// A page's path with the ids in it replaced by `{id}`: what kind of page it is.
fn kind_of(page: &str) -> String {
    let path = page.split('?').next().unwrap_or_default();
    path.split('/')
        .map(|seg| {
            if steppe_domain::Id::parse(seg).is_ok() {
                "{id}"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// What a crawl read: the pages (paths with their queries), and the downloads they offered.
struct Crawl {
    pages: Vec<String>,
    downloads: BTreeSet<String>,
}

/// Reads every page reachable by links from the overview, breadth first, each once (see
/// [`page_key`]), and asserts on each that it arrived and shows no English. Links that leave
/// the pages (other sites), change the language, or download a file are not followed; the
/// downloads are kept for [`files_say_no_english`].
async fn crawl(c: &Client, base: &str) -> Crawl {
    /// Far more than the region has pages: reaching it means the crawl would not end.
    const CAP: usize = 150;
    let mut queue = VecDeque::from(["/web".to_string()]);
    let mut seen = HashSet::from([page_key("/web")]);
    let mut pages = Vec::new();
    let mut downloads = BTreeSet::new();
    while let Some(page) = queue.pop_front() {
        assert!(
            pages.len() < CAP,
            "more than {CAP} pages: the crawl does not end (next: {page})"
        );
        c.goto(&format!("{base}{page}")).await.unwrap();
        assert!(arrived(c, "main h1").await, "{page} arrived");
        let english = english_besides_the_language_link(c).await;
        assert!(english.is_empty(), "{page} shows English: {english:?}");
        let hrefs = c
            .execute(
                "return [...document.querySelectorAll('a[href]')].map(a => a.href)",
                vec![],
            )
            .await
            .unwrap();
        for href in hrefs.as_array().unwrap() {
            let Some(link) = href.as_str().and_then(|h| h.strip_prefix(base)) else {
                continue;
            };
            let link = link.split('#').next().unwrap_or_default();
            let path = link.split('?').next().unwrap_or_default();
            let ours = path == "/web" || path.starts_with("/web/") || path.starts_with("/public/");
            if !ours || path.starts_with("/web/lang/") || path == "/web/logout" {
                continue;
            }
            if is_download(path) {
                downloads.insert(link.to_string());
            } else if seen.insert(page_key(link)) {
                queue.push_back(link.to_string());
            }
        }
        pages.push(page);
    }
    Crawl { pages, downloads }
}

/// The name a browser saves a download under: the UTF-8 `filename*` of its
/// `Content-Disposition` (RFC 6266), decoded. The plain `filename` beside it is for clients
/// that read only ASCII, which no supervisor's browser is.
fn saved_as(disposition: &str) -> String {
    let encoded = disposition
        .split(';')
        .find_map(|p| p.trim().strip_prefix("filename*=UTF-8''"))
        .unwrap_or_else(|| panic!("no UTF-8 file name: {disposition}"));
    let mut bytes = Vec::new();
    let mut rest = encoded.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' {
            let hex = std::str::from_utf8(&tail[..2]).unwrap();
            bytes.push(u8::from_str_radix(hex, 16).unwrap());
            rest = &tail[2..];
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    String::from_utf8(bytes).unwrap()
}

/// Fetches each download with the browser's cookies and language, as its link would, and
/// asserts that no text in it is English: the name it is saved under, a CSV's text, every cell
/// and sheet name of a workbook. Returns how many CSV and XLSX files were read.
async fn files_say_no_english(
    c: &Client,
    base: &str,
    downloads: &BTreeSet<String>,
) -> (usize, usize) {
    use calamine::Reader;
    use reqwest::header::{ACCEPT_LANGUAGE, CONTENT_DISPOSITION, CONTENT_TYPE, COOKIE};

    let cookies = c
        .get_all_cookies()
        .await
        .unwrap()
        .iter()
        .map(|k| format!("{}={}", k.name(), k.value()))
        .collect::<Vec<_>>()
        .join("; ");
    // A record's id is no English, but its hex digits read as Latin letters: a cell that is an
    // id is left out. (None of today's files holds one; names, labels, dates and numbers are
    // all they hold, and none of those is left out.)
    let english_in_cell = |cell: &str| {
        if uuid::Uuid::parse_str(cell.trim()).is_ok() {
            Vec::new()
        } else {
            english_in(cell)
        }
    };
    let http = reqwest::Client::new();
    let (mut csvs, mut books) = (0, 0);
    for link in downloads {
        // A unit's bundle is a binary file for phones (ADR 0011), not read by people.
        if link
            .split('?')
            .next()
            .unwrap_or_default()
            .ends_with("/bundle")
        {
            continue;
        }
        let resp = http
            .get(format!("{base}{link}"))
            .header(COOKIE, &cookies)
            .header(ACCEPT_LANGUAGE, "zh-CN,zh")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), reqwest::StatusCode::OK, "{link}");
        let header = |name| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        let (kind, file) = (header(CONTENT_TYPE), saved_as(&header(CONTENT_DISPOSITION)));
        // Its extension, `.csv` or `.xlsx`, is the format's name, as the link's words give it.
        let in_name = english_in(
            file.rsplit_once('.')
                .map_or(file.as_str(), |(stem, _)| stem),
        );
        assert!(in_name.is_empty(), "{link} is saved as {file}");
        let bytes = resp.bytes().await.unwrap();
        let english: Vec<String> = if kind.starts_with("text/csv") {
            csvs += 1;
            let text = std::str::from_utf8(&bytes).unwrap();
            assert!(text.starts_with('\u{feff}'), "{link}: a CSV Excel reads");
            text.split([',', '\n', '\r', '"'])
                .flat_map(english_in_cell)
                .collect()
        } else if kind.starts_with("application/vnd.openxmlformats") {
            books += 1;
            let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
            let mut words = Vec::new();
            for name in book.sheet_names() {
                words.extend(english_in(&name));
                let sheet = book.worksheet_range(&name).unwrap();
                assert!(sheet.height() >= 1, "{link}: a header at least");
                for cell in sheet.used_cells().map(|(_, _, d)| d) {
                    if let calamine::Data::String(s) = cell {
                        words.extend(english_in_cell(s));
                    }
                }
            }
            words
        } else {
            panic!("{link} is neither CSV nor a workbook: {kind}")
        };
        assert!(english.is_empty(), "{link} holds English: {english:?}");
    }
    (csvs, books)
}

/// A Chinese reader meets no English anywhere on the desk: not on the sign-in page, not on any
/// page a supervisor or a secretary reaches by following links from the overview (each of them
/// sees what the other is not offered: forms, links), not in any CSV or workbook those pages
/// offer. A fixed list of pages goes stale as pages are added, and a record the region does not
/// hold hides its page's words: so the region holds every kind of record the desk shows, the
/// crawl follows what is linked, and it must reach a page of each kind.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_says_nothing_in_english_to_a_chinese_reader() {
    let started = std::time::Instant::now();
    let (dir, server, r) = region().await.unwrap();
    a_region_with_every_record(&server, &r, dir.path()).await;
    set_password(&server, r.supervisor, "督导口令2026").await;
    set_password(&server, r.secretary, "书记口令").await;
    let d = desk(&server).await;
    let (c, base) = (&d.c, d.base.as_str());

    // The sign-in page, and its refusal.
    c.goto(&format!("{base}/web/login")).await.unwrap();
    assert!(arrived(c, "main h1").await, "the sign-in page");
    let english = english_besides_the_language_link(c).await;
    assert!(
        english.is_empty(),
        "the sign-in page shows English: {english:?}"
    );
    log_in(c, base, "苏木督导", "wrong").await;
    assert!(arrived(c, "p.error").await, "the refusal");
    let english = english_besides_the_language_link(c).await;
    assert!(english.is_empty(), "the refusal shows English: {english:?}");

    log_in(c, base, "苏木督导", "督导口令2026").await;
    let supervisor = crawl(c, base).await;
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for page in &supervisor.pages {
        *kinds.entry(kind_of(page)).or_default() += 1;
    }
    eprintln!(
        "the supervisor's crawl read {} pages: {kinds:#?}",
        supervisor.pages.len()
    );
    for kind in [
        "/web/case/",
        "/web/request/",
        "/web/household/",
        "/web/meeting/",
        "/web/evaluation/",
        "/web/session/",
        "/web/member/",
        "/web/school/",
        "/web/org/",
        "/public/",
        "/web/conflicts",
        "/web/refusals",
        "/web/due",
        "/web/bundles",
    ] {
        assert!(
            supervisor.pages.iter().any(|p| p.starts_with(kind)),
            "no page of {kind} reached: {kinds:#?}"
        );
    }
    assert!(
        supervisor.pages.iter().any(|p| p.ends_with("/report")),
        "a report reached"
    );
    assert!(
        supervisor.pages.iter().any(|p| p.contains('?')),
        "a filtered or paged list reached"
    );
    let (csvs, books) = files_say_no_english(c, base, &supervisor.downloads).await;
    eprintln!("…and {csvs} CSV files and {books} workbooks");
    assert!(csvs > 0 && books > 0);
    assert!(
        supervisor
            .downloads
            .iter()
            .any(|l| l.contains("/report/export") && l.contains("format=xlsx")),
        "the report's workbook read"
    );

    // The secretary is offered what the supervisor is not: the forms that write records.
    sign_out(c).await;
    log_in(c, base, "组织委员 王立华", "书记口令").await;
    let secretary = crawl(c, base).await;
    assert!(
        secretary.downloads.iter().any(|l| l.ends_with("/bundle")),
        "the secretary is offered a unit's bundle"
    );
    let (csvs, books) = files_say_no_english(c, base, &secretary.downloads).await;
    eprintln!(
        "the secretary's crawl read {} pages, {csvs} CSV files and {books} workbooks; {:.0?} in all",
        secretary.pages.len(),
        started.elapsed()
    );

    // The scan does see English where there is some: the header in English.
    c.goto(&format!("{base}/web/lang/en?back=/web"))
        .await
        .unwrap();
    assert!(arrived(c, "html[lang=en] main h1").await);
    assert!(english_on(c).await.iter().any(|w| w == "Overview"));
    c.clone().close().await.unwrap();
}

/// The township's desk takes in what a herder's phone wrote in the pastures, carried in as a
/// file, and hands out the gacha's file for phones without signal; a damaged file is refused in
/// words beside the file field and stores nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_desk_imports_a_phones_bundle_and_hands_out_the_units() {
    use steppe_domain::course::SessionMode;

    let (dir, server, r) = region().await.unwrap();
    let (sec, session) = secretary_with_a_session_now(&server, &r, dir.path())
        .await
        .unwrap();
    let herder = Phone::enroll(&server, r.herder, dir.path(), "herder")
        .await
        .unwrap();
    herder.sync().await.unwrap();
    herder
        .store
        .check_in(session, SessionMode::OnSite, None)
        .unwrap();
    let files = tempfile::tempdir().unwrap();
    let genuine = files.path().join("herder.bundle");
    std::fs::write(&genuine, herder.store.export_bundle().unwrap().bytes).unwrap();
    let mut bytes = std::fs::read(&genuine).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x10;
    let damaged = files.path().join("damaged.bundle");
    std::fs::write(&damaged, bytes).unwrap();

    set_password(&server, r.secretary, "书记口令").await;
    let d = desk(&server).await;
    let (c, base) = (&d.c, d.base.as_str());
    log_in(c, base, "组织委员 王立华", "书记口令").await;
    click(c, "#nav-bundles").await;
    assert!(arrived(c, "#import-bundle").await, "the bundles page");
    let upload = |path: PathBuf| async move {
        type_into(
            c,
            "#import-bundle input[name=file]",
            &path.to_string_lossy(),
        )
        .await;
        click(c, "#import-bundle button").await;
    };
    upload(damaged).await;
    assert!(
        arrived(c, "#import-bundle .field-error[data-field=file]").await,
        "the damaged file's refusal beside the field"
    );
    assert!(
        text_of(c, "#import-bundle .field-error")
            .await
            .contains("已整体拒收")
    );
    sec.sync().await.unwrap();
    assert!(
        sec.store
            .session_roll(session)
            .unwrap()
            .iter()
            .all(|e| e.member != r.herder),
        "nothing of the damaged file stored"
    );
    upload(genuine).await;
    assert!(arrived(c, "#imported").await, "the import's result");
    let said = text_of(c, "#imported").await;
    assert!(
        said.contains("牧民党员 蒲玉梅") && said.contains("新增 1 条"),
        "{said}"
    );
    shot(c, "10-bundles").await;
    sec.sync().await.unwrap();
    let last = sec.store.history(session).unwrap().pop().unwrap();
    assert_eq!(
        last.device_name.as_deref(),
        Some("herder"),
        "the herder's own device"
    );

    // The gacha's file, for phones without signal: a herder's new phone applies it.
    c.goto(&format!("{base}/web/org/{}", r.gacha1))
        .await
        .unwrap();
    click(c, "#bundle-link").await;
    let file = wait_for_file(d.downloads.path(), "bundle").await;
    let other = Phone::enroll(&server, r.herder, dir.path(), "herder2")
        .await
        .unwrap();
    other.client.certify(&other.store).await.unwrap();
    let report = other
        .store
        .import_bundle(&std::fs::read(file).unwrap())
        .unwrap();
    assert!(report.received > 0);
    let roll = other.store.session_roll(session).unwrap();
    assert!(
        roll.iter().any(|e| e.member == r.herder),
        "the check-in arrived by the file: {roll:?}"
    );
    c.clone().close().await.unwrap();
}
