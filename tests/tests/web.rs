//! The supervisors' pages in a real headless Chromium (Debian's `chromium` and `chromedriver`),
//! driven over WebDriver: log in, drill down, resolve a conflict two mediators made offline,
//! export a table as CSV, and be refused another branch. Screenshots go to
//! target/web-screenshots/.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed step is a failed test

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use steppe_domain::mediation::{CaseCategory, MediationCase};
use steppe_server::auth::password::hash_password;
use steppe_tests::harness::{Phone, herders_household, region, village_case};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
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
    let port = free_port();
    let driver = Driver(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1600",
                format!("--user-data-dir={}", profile.display()),
            ],
            "prefs": {
                "download.default_directory": downloads.to_string_lossy(),
                "download.prompt_for_download": false,
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
    c.find(Locator::Css("#user"))
        .await
        .unwrap()
        .send_keys(user)
        .await
        .unwrap();
    c.find(Locator::Css("#password"))
        .await
        .unwrap()
        .send_keys(password)
        .await
        .unwrap();
    c.find(Locator::Css("#login"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // Wait for the answer: the signed-in header, or the refusal.
    assert!(
        arrived(c, "#nav-conflicts, p.error").await,
        "no answer to signing in"
    );
}

/// Signs out and waits for the sign-in form the server redirects to. Going to the form before
/// that redirect lands races it: each form load sets a fresh sign-in token cookie, and a late
/// one would no longer match the hidden field of the form being filled in.
async fn sign_out(c: &Client) {
    c.find(Locator::Css("header form button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(
        arrived(c, "#login").await,
        "signing out ends at the sign-in form"
    );
}

async fn wait_for_file(dir: &Path) -> PathBuf {
    for _ in 0..300 {
        if let Some(f) = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|x| x == "csv"))
        {
            return f;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no CSV was downloaded");
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

    let storage = server.storage();
    storage
        .set_password(
            &r.supervisor.to_string(),
            &hash_password("督导口令2026").unwrap(),
        )
        .await
        .unwrap();
    storage
        .set_password(&r.outsider.to_string(), &hash_password("另一支部").unwrap())
        .await
        .unwrap();
    storage
        .set_password(
            &r.secretary.to_string(),
            &hash_password("书记口令").unwrap(),
        )
        .await
        .unwrap();

    let profile = tempfile::tempdir().unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let (_driver, c) = browser(profile.path(), downloads.path()).await;
    let base = server.url();

    // A wrong password is refused.
    log_in(&c, &base, "苏木督导", "wrong").await;
    assert!(c.source().await.unwrap().contains("用户或密码不正确"));

    log_in(&c, &base, "苏木督导", "督导口令2026").await;
    let overview = c.source().await.unwrap();
    assert!(
        overview.contains("警地党支部一") && overview.contains("警地党支部二"),
        "the subtree is listed: {overview}"
    );
    shot(&c, "1-overview").await;

    // Drill down to branch 1.
    c.find(Locator::LinkText("警地党支部一"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(arrived(&c, "#cases").await, "the branch's page");
    let cases = c
        .find(Locator::Css("#cases"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(cases.contains("债务纠纷") && cases.contains("3"), "{cases}");
    assert!(cases.contains("草场边界纠纷"), "{cases}");
    assert_eq!(
        c.find(Locator::Css("#conflict-count"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "1"
    );
    assert!(
        c.find(Locator::Css("figure.chart svg")).await.is_ok(),
        "a chart is drawn"
    );
    shot(&c, "2-branch").await;

    // Export the cases table.
    c.find(Locator::Css("a[href$='/export/cases']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let csv = std::fs::read_to_string(wait_for_file(downloads.path()).await).unwrap();
    assert!(
        csv.contains("类别,状态,结果,件数") && csv.contains("债务纠纷,调解中,—,3"),
        "{csv}"
    );

    // The member's refused change, with who, where and why.
    c.find(Locator::Css("#nav-refusals"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(arrived(&c, "#refusals").await, "the refusals page");
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
    c.find(Locator::Css("#nav-conflicts"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(arrived(&c, "section.conflict").await, "the conflicts page");
    assert!(
        c.find_all(Locator::Css("button.keep"))
            .await
            .unwrap()
            .is_empty()
    );

    // The sumu's secretary resolves it, keeping the second value shown.
    sign_out(&c).await;
    log_in(&c, &base, "组织委员 王立华", "书记口令").await;
    c.find(Locator::Css("#nav-conflicts"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(arrived(&c, "button.keep").await, "the conflicts page");
    let page = c.source().await.unwrap();
    assert!(
        page.contains("东草场") && page.contains("西草场"),
        "both values are shown"
    );
    assert!(
        page.contains("民警 巴特尔") && page.contains("书记 乌兰"),
        "with who wrote them"
    );
    shot(&c, "3-conflict").await;
    let keep = c.find_all(Locator::Css("td.value")).await.unwrap()[1]
        .text()
        .await
        .unwrap();
    c.find_all(Locator::Css("button.keep")).await.unwrap()[1]
        .click()
        .await
        .unwrap();
    // The form posts and redirects: a plain `find` may still see the page being left.
    assert!(
        arrived(&c, "#no-conflicts").await,
        "nothing left to resolve"
    );
    shot(&c, "4-resolved").await;
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
    sign_out(&c).await;
    log_in(&c, &base, "二支部民警", "另一支部").await;
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
    shot(&c, "5-refused").await;
    c.close().await.unwrap();
}
