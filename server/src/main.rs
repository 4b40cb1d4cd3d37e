//! `steppe-server`: serve sync, administer users and devices, or run the demo.

use std::net::SocketAddr;

// glibc keeps most of every multi-MiB Argon2 buffer; mimalloc returns them (tests/memory.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use steppe_domain::Id;
use steppe_domain::org::OrgKind;
use steppe_domain::person::MemberStatus;
use steppe_server::{admin, app_state, http, open_storage};

#[derive(Debug, Parser)]
#[command(name = "steppe-server", version, about = "Steppe sync server")]
struct Cli {
    /// A SQLite file (the embedded default) or a postgres:// URL; TLS to PostgreSQL with
    /// `?sslmode=require` (or verify-ca, verify-full: all verify the certificate and host name),
    /// against the system's roots or those in `&sslrootcert=<PEM file>`.
    // The URL may carry a password: --help must not echo the environment's value.
    #[arg(
        long,
        env = "STEPPE_DATABASE",
        hide_env_values = true,
        default_value = "steppe-server.db",
        global = true
    )]
    database: String,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Serve sync over HTTP until interrupted (finishes in-flight syncs on Ctrl-C).
    Serve {
        #[arg(long, default_value = "127.0.0.1:8470")]
        listen: SocketAddr,
        /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
        #[arg(long, requires = "tls_key")]
        tls_cert: Option<std::path::PathBuf>,
        /// The certificate's private key (PEM).
        #[arg(long, requires = "tls_cert")]
        tls_key: Option<std::path::PathBuf>,
    },
    /// Import organisations from CSV (key,name,kind,parent) and optionally people (name,org,status,role).
    Import {
        #[arg(long)]
        orgs: std::path::PathBuf,
        #[arg(long)]
        people: Option<std::path::PathBuf>,
    },
    /// Create an organisation.
    OrgAdd {
        #[arg(long)]
        name: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        parent: Option<Id>,
    },
    /// Create a user (a member record with roles) who can enroll devices.
    UserAdd {
        #[arg(long)]
        name: String,
        #[arg(long)]
        org: Id,
        #[arg(long, default_value = "full")]
        status: String,
        /// ROLE@ORG, repeatable.
        #[arg(long)]
        role: Vec<String>,
    },
    /// Issue a one-time enrollment code for a user.
    EnrollCode {
        user: Id,
        #[arg(long, default_value_t = 72)]
        ttl_hours: i64,
    },
    /// Revoke one device: it is refused on its next request.
    RevokeDevice { device: String },
    /// Revoke a user and all their devices.
    RevokeUser { user: String },
    /// Set the password a user signs in to the supervisors' pages (/web) with; read from stdin
    /// unless given.
    WebPassword {
        user: Id,
        #[arg(long, env = "STEPPE_WEB_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// Seed an example league, enroll simulated devices that edit offline and sync, print what happened.
    Demo,
}

#[tokio::main]
async fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    log_panics();
    let cli = Cli::parse();
    if let Cmd::Demo = cli.command {
        return steppe_server::demo::run().await;
    }
    let storage = open_storage(&cli.database).await?;
    let s = storage.as_ref();
    match cli.command {
        Cmd::Serve {
            listen,
            tls_cert,
            tls_key,
        } => {
            let metrics = metrics_exporter_prometheus::PrometheusBuilder::new()
                .install_recorder()
                .context("metrics recorder")?;
            let state = app_state(storage.clone(), Some(metrics));
            let warming = state.clone();
            tokio::spawn(async move { warming.web.warm_up(&warming).await });
            let running = match (tls_cert, tls_key) {
                (Some(cert), Some(key)) => {
                    let tls = http::Tls {
                        cert_pem: std::fs::read(&cert).context("read --tls-cert")?,
                        key_pem: std::fs::read(&key).context("read --tls-key")?,
                    };
                    let r = http::serve_tls(state, listen, tls).await?;
                    println!("steppe-server listening on https://{}", r.addr);
                    r
                }
                _ => {
                    let r = http::serve(state, listen).await?;
                    println!("steppe-server listening on http://{}", r.addr);
                    r
                }
            };
            tokio::signal::ctrl_c().await?;
            tracing::info!("shutting down; finishing in-flight syncs");
            running.shutdown().await;
        }
        Cmd::Import { orgs, people } => {
            let keys = admin::import_orgs(s, std::fs::File::open(&orgs)?).await?;
            let mut keys_sorted: Vec<_> = keys.iter().collect();
            keys_sorted.sort();
            for (k, id) in keys_sorted {
                println!("org {k} {id}");
            }
            if let Some(p) = people {
                for id in admin::import_people(s, std::fs::File::open(&p)?, &keys).await? {
                    println!("user {id}");
                }
            }
        }
        Cmd::OrgAdd { name, kind, parent } => {
            let kind = OrgKind::parse(&kind).context("unknown kind")?;
            println!("{}", admin::create_org(s, &name, kind, parent).await?);
        }
        Cmd::UserAdd {
            name,
            org,
            status,
            role,
        } => {
            let status = MemberStatus::parse(&status).context("unknown status")?;
            let mut roles = Vec::new();
            for r in role {
                let (role, org) = steppe_domain::authz::parse_role_at(&r)
                    .with_context(|| format!("--role takes ROLE@ORG, not '{r}'"))?;
                roles.push((org, role));
            }
            println!(
                "{}",
                admin::create_user(s, &name, org, status, &roles).await?
            );
        }
        Cmd::EnrollCode { user, ttl_hours } => {
            println!("{}", admin::issue_code(s, user, ttl_hours).await?)
        }
        Cmd::RevokeDevice { device } => println!(
            "{}",
            if s.revoke_device(&device).await? {
                "revoked"
            } else {
                "no such device"
            }
        ),
        Cmd::WebPassword { user, password } => {
            let password = match password {
                Some(p) => p,
                None => {
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_string()
                }
            };
            if password.chars().count() < 8 {
                anyhow::bail!("a password needs at least 8 characters");
            }
            if s.user(&user.to_string()).await?.is_none() {
                anyhow::bail!("no user {user}");
            }
            let hash = steppe_server::web::session::hash_password(&password)
                .ok_or_else(|| anyhow::anyhow!("could not hash the password"))?;
            s.set_password(&user.to_string(), &hash).await?;
            println!("password set; sign in at /web");
        }
        Cmd::RevokeUser { user } => println!(
            "{}",
            if s.revoke_user(&user).await? {
                "revoked"
            } else {
                "no such user"
            }
        ),
        Cmd::Demo => {}
    }
    Ok(())
}

/// Replaces the default panic output (several lines, a backtrace hint, not in the log's format)
/// with one `error` line: the server catches panics where hostile input can cause them (automerge
/// on a peer's bytes) and carries on, so each should cost one line in the log, not a page.
fn log_panics() {
    std::panic::set_hook(Box::new(|info| {
        // `PanicHookInfo::payload_as_str` would do, but is newer than the workspace's MSRV.
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("(no message)");
        let location = info
            .location()
            .map_or_else(|| "unknown".to_owned(), |l| l.to_string());
        let thread = std::thread::current();
        tracing::error!(
            thread = thread.name().unwrap_or("unnamed"),
            %location,
            "panic: {message}"
        );
    }));
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
        type Writer = Captured;
        fn make_writer(&'a self) -> Captured {
            self.clone()
        }
    }

    #[test]
    fn a_caught_panic_logs_one_error_line() {
        let captured = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(captured.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            super::log_panics();
            // A formatted message (a `String` payload), then a literal one (`&str`).
            let formatted = std::panic::catch_unwind(|| panic!("hostile change {}", 42));
            let literal = std::panic::catch_unwind(|| std::panic::panic_any("hostile literal"));
            drop(std::panic::take_hook());
            assert!(formatted.is_err() && literal.is_err());
        });
        let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<&str> = log.lines().collect();
        assert_eq!(lines.len(), 2, "{log}");
        assert!(lines[0].contains("panic: hostile change 42"), "{log}");
        assert!(lines[1].contains("panic: hostile literal"), "{log}");
        for line in lines {
            assert!(line.contains("ERROR"), "{log}");
            assert!(line.contains("main.rs:"), "{log}");
        }
        assert!(!log.contains("backtrace"), "{log}");
    }
}
