//! TLS to PostgreSQL: a server started here from the machine's binaries, with a certificate from
//! a CA made here, accepting TLS connections only. `verify-full` (and `require`) must connect
//! against that CA, and a wrong CA, a wrong host name or no TLS must not.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use steppe_server::storage::PostgresStorage;

struct Postgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_postgres: bool,
    port: u16,
}

fn bin_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("STEPPE_PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL server binaries not found; install postgresql")
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop().expect("no initdb under /usr/lib/postgresql")
}

fn run(as_postgres: bool, program: &Path, args: &[&str]) {
    let mut cmd = if as_postgres {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    };
    let out = cmd.args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{} failed: {}",
        program.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A CA, and a certificate it signs for `localhost` and 127.0.0.1: (CA PEM, cert PEM, key PEM).
fn certificates() -> (String, String, String) {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "steppe test CA");
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
        .unwrap()
        .signed_by(&key, &ca)
        .unwrap();
    (ca.pem(), cert.pem(), key.serialize_pem())
}

impl Postgres {
    fn start_tls_only(cert_pem: &str, key_pem: &str) -> Postgres {
        let bin = bin_dir();
        let dir = tempfile::Builder::new()
            .prefix("steppe-pg-tls")
            .tempdir()
            .unwrap();
        // initdb refuses root.
        let as_postgres = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
            .unwrap_or(false);
        let data = dir.path().join("data");
        let data_s = data.to_string_lossy().to_string();
        std::fs::create_dir(&data).unwrap();
        if as_postgres {
            let out = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .output()
                .unwrap();
            assert!(out.status.success(), "chown to postgres failed");
        }
        run(
            as_postgres,
            &bin.join("initdb"),
            &["-D", &data_s, "-A", "trust", "-U", "steppe", "--no-sync"],
        );
        std::fs::write(data.join("server.crt"), cert_pem).unwrap();
        std::fs::write(data.join("server.key"), key_pem).unwrap();
        // Only TLS connections from 127.0.0.1: a plaintext one is refused by the server.
        std::fs::write(
            data.join("pg_hba.conf"),
            "local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n",
        )
        .unwrap();
        let log = dir.path().join("pg.log");
        std::fs::write(&log, "").unwrap();
        {
            use std::os::unix::fs::PermissionsExt;
            let key = data.join("server.key");
            std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        if as_postgres {
            let out = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .output()
                .unwrap();
            assert!(out.status.success(), "chown to postgres failed");
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let opts = format!(
            "-p {port} -k {data_s} -c listen_addresses=127.0.0.1 -c fsync=off -c ssl=on \
             -c ssl_cert_file=server.crt -c ssl_key_file=server.key"
        );
        run(
            as_postgres,
            &bin.join("pg_ctl"),
            &[
                "-D",
                &data_s,
                "-o",
                &opts,
                "-l",
                &log.to_string_lossy(),
                "-w",
                "start",
            ],
        );
        Postgres {
            dir,
            bin,
            as_postgres,
            port,
        }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.path().join("data").to_string_lossy().to_string();
        run(
            self.as_postgres,
            &self.bin.join("pg_ctl"),
            &["-D", &data, "-m", "immediate", "stop"],
        );
    }
}

#[tokio::test]
async fn verify_full_connects_over_tls_and_refuses_what_it_cannot_verify() {
    let (ca_pem, cert_pem, key_pem) = certificates();
    let pg = Postgres::start_tls_only(&cert_pem, &key_pem);
    let files = tempfile::tempdir().unwrap();
    let ca = files.path().join("ca.pem");
    std::fs::write(&ca, &ca_pem).unwrap();
    let (other_ca, _, _) = certificates();
    let other = files.path().join("other-ca.pem");
    std::fs::write(&other, &other_ca).unwrap();
    let port = pg.port;
    let url = |host: &str, query: &str| format!("postgres://steppe@{host}:{port}/postgres?{query}");
    let connects = |url: String| async move { PostgresStorage::connect(&url).await };

    for (host, query) in [
        (
            "localhost",
            format!("sslmode=verify-full&sslrootcert={}", ca.display()),
        ),
        (
            "127.0.0.1",
            format!("sslmode=verify-full&sslrootcert={}", ca.display()),
        ),
        (
            "localhost",
            format!("sslmode=require&sslrootcert={}", ca.display()),
        ),
    ] {
        if let Err(e) = connects(url(host, &query)).await {
            panic!("{host}?{query}: {e}");
        }
    }
    // What each refusal must be: the server's pg_hba for plaintext, rustls for the others.
    for (why, host, query, expected) in [
        (
            "no TLS (the server refuses plaintext)",
            "localhost",
            "sslmode=prefer".to_owned(),
            "db error",
        ),
        (
            "another CA",
            "localhost",
            format!("sslmode=verify-full&sslrootcert={}", other.display()),
            "TLS handshake",
        ),
        (
            "a host name not in the certificate",
            "not-in-the-cert",
            format!(
                "sslmode=verify-full&hostaddr=127.0.0.1&sslrootcert={}",
                ca.display()
            ),
            "TLS handshake",
        ),
    ] {
        match connects(url(host, &query)).await {
            Ok(_) => panic!("connected with {why}"),
            Err(e) => assert!(e.to_string().contains(expected), "{why}: {e}"),
        }
    }
}
