//! `steppe-server`: serve sync, administer users and devices.

use std::net::SocketAddr;
use std::sync::Arc;

// glibc keeps most of every multi-MiB Argon2 buffer; mimalloc returns them (tests/memory.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use steppe_domain::Id;
use steppe_domain::org::OrgKind;
use steppe_domain::person::MemberStatus;
use steppe_i18n::Label;
use steppe_i18n::terminal::{Said, lang, t, tf};
use steppe_server::state::AppState;
use steppe_server::{admin, bundles, http, open_storage, roster};

/// `println!` for what the commands print: a reader that stops reading (`… | grep -q`, `head`)
/// ends the command quietly, where `println!` would panic on the broken pipe.
macro_rules! out {
    ($($arg:tt)*) => {
        print_line(format_args!($($arg)*))
    };
}

fn print_line(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    if let Err(e) = writeln!(std::io::stdout().lock(), "{line}") {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        tracing::error!(error = %e, "cannot print");
        std::process::exit(1);
    }
}

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
    /// The language of what is printed: zh (Chinese, the default), mn (Mongolian) or en;
    /// without it, the shell's LANG. Scripts that read the output pass `--lang en`.
    #[arg(long, global = true)]
    lang: Option<String>,
    /// A TOML file with `serve`'s settings (database, listen, metrics_listen, replica_dir,
    /// tls_cert, tls_key); a flag or the environment overrides it.
    #[arg(long, env = "STEPPE_CONFIG", global = true)]
    config: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Serve sync over HTTP until SIGTERM or Ctrl-C, then finish in-flight syncs and exit.
    /// Every option may also come from the environment (STEPPE_…) or the --config file.
    Serve(ServeArgs),
    /// Check the configuration `serve` would run with (flags, environment, --config file) and
    /// print it, the database password masked.
    ConfigCheck(ServeArgs),
    /// Bring the database's schema to this release's version (`serve` does so at start, under
    /// a lock that keeps two instances from migrating at once).
    Migrate {
        /// Print the versions that would be applied, with their SQL, and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Copy a live SQLite database to OUT, consistent while the server runs. PostgreSQL:
    /// pg_dump, then `restored` after pg_restore (docs/OPERATING.md).
    Backup { out: std::path::PathBuf },
    /// Put a copy `backup` made in the SQLite database's place; stop the server first. Its
    /// first start begins a new lineage, and phones re-converge with it (ADR 0012).
    Restore { backup: std::path::PathBuf },
    /// After restoring a database by other means than a copy `backup` made (pg_restore), and
    /// before serving it: begin a new lineage, so that phones re-converge with it (ADR 0012).
    Restored,
    /// Import a roster: organisations from CSV (key,name,kind,parent) and optionally people
    /// (name,org,status,role[,key]), UTF-8 or GB18030. Checked whole first: a file with bad
    /// rows is refused, each named by its line. Importing the same rows again changes nothing.
    Import {
        #[arg(long)]
        orgs: std::path::PathBuf,
        #[arg(long)]
        people: Option<std::path::PathBuf>,
        /// Print what would be created, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Correct an organisation's name in traditional Mongolian script (a roster imported again
    /// only fills in a missing one); without --name-mn the name is taken away.
    OrgNameMn {
        #[arg(long)]
        org: Id,
        #[arg(long)]
        name_mn: Option<String>,
    },
    /// Correct a person's name in traditional Mongolian script (as org-name-mn for a unit).
    PersonNameMn {
        #[arg(long)]
        user: Id,
        #[arg(long)]
        name_mn: Option<String>,
    },
    /// Create an organisation.
    OrgAdd {
        #[arg(long)]
        name: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        parent: Option<Id>,
        /// The name in traditional Mongolian script, where the unit has one.
        #[arg(long)]
        name_mn: Option<String>,
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
    /// List every user with their roles (ROLE@ORG).
    Users,
    /// List every device: its user, name, when it last synced, whether revoked.
    Devices,
    /// Grant or take back a role: `role grant --user U --role ROLE@ORG`.
    #[command(subcommand)]
    Role(RoleCmd),
    /// Show the changes the server refused from one device (the notices its user's
    /// supervisors see).
    Refusals { device: String },
    /// Revoke one device: it is refused on its next request.
    RevokeDevice { device: String },
    /// Revoke a user and all their devices.
    RevokeUser { user: String },
    /// Bundle files, carried by hand where there is no signal (ADR 0011).
    #[command(subcommand)]
    Bundle(BundleCmd),
    /// Set the password a user signs in to the supervisors' pages (/web) with; read from stdin
    /// unless given.
    WebPassword {
        user: Id,
        #[arg(long, env = "STEPPE_WEB_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum RoleCmd {
    /// Grant the role.
    Grant {
        #[arg(long)]
        user: Id,
        /// ROLE@ORG.
        #[arg(long)]
        role: String,
    },
    /// Take the role back.
    Revoke {
        #[arg(long)]
        user: Id,
        /// ROLE@ORG.
        #[arg(long)]
        role: String,
    },
}

#[derive(Debug, Subcommand)]
enum BundleCmd {
    /// Import a phone's bundle as that phone's sync: refused whole unless the file and every
    /// change in it are signed by the key the device registered. Importing twice changes nothing.
    Import { file: std::path::PathBuf },
    /// Write what the members of an organisation may read to a bundle signed by this server,
    /// for phones there to apply without a network.
    Export {
        #[arg(long)]
        org: Id,
        #[arg(long)]
        out: std::path::PathBuf,
    },
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    #[arg(long, env = "STEPPE_LISTEN", default_value = "127.0.0.1:8470")]
    listen: SocketAddr,
    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, env = "STEPPE_TLS_CERT", requires = "tls_key")]
    tls_cert: Option<std::path::PathBuf>,
    /// The certificate's private key (PEM).
    #[arg(long, env = "STEPPE_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<std::path::PathBuf>,
    /// The directory where the supervisors' pages keep their replica of the records, across
    /// restarts: it resumes where it stopped, and is rebuilt when the database or its lineage
    /// is another (ADR 0012). Without it, the replica is rebuilt at every start in a private
    /// directory in the system's temporary directory and removed at shutdown.
    #[arg(long, env = "STEPPE_REPLICA_DIR")]
    replica_dir: Option<std::path::PathBuf>,
    /// Where `/metrics` (and health) are served, apart from the public port.
    #[arg(long, env = "STEPPE_METRICS_LISTEN", default_value = "127.0.0.1:9470")]
    metrics_listen: SocketAddr,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    steppe_server::logging::init();
    match start().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", tf("op_error", &[("message", words(&e).into())]));
            tracing::debug!(error = ?e, "the command failed");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn start() -> Result<()> {
    // Its help and what it refuses read in the operator's language, as its output does.
    let (mut cli, matches) = steppe_i18n::terminal::parse_with_matches::<Cli>("op");
    if let Some(tag) = &cli.lang {
        let locale = steppe_i18n::Locale::parse(tag)
            .ok_or_else(|| Said(tf("op_lang_unknown", &[("tag", tag.into())])))?;
        steppe_i18n::terminal::set(locale);
    }
    if let Some(path) = cli.config.clone() {
        let file = steppe_server::config::FileConfig::read(&path)?;
        with_file(&mut cli, &matches, &file)?;
    }
    run(cli).await
}

/// A failure in the reader's language: what the server's own code refused, from the catalogue;
/// anything else (a file the system cannot open, a database that does not answer) as it
/// describes itself, for the operator to search for.
fn words(e: &anyhow::Error) -> String {
    if let Some(w) = e.chain().find_map(worded) {
        return w;
    }
    // Our own context lines are worded already; a file's failure is worded by its kind, and
    // anything else follows as the system describes it.
    e.chain()
        .map(
            |c| match c.downcast_ref::<std::io::Error>().map(std::io::Error::kind) {
                Some(std::io::ErrorKind::NotFound) => t("op_io_not_found"),
                Some(std::io::ErrorKind::PermissionDenied) => t("op_io_permission"),
                Some(std::io::ErrorKind::AlreadyExists) => t("op_io_exists"),
                _ => c.to_string(),
            },
        )
        .collect::<Vec<_>>()
        .join(if lang() == steppe_i18n::Locale::En {
            ": "
        } else {
            "："
        })
}

/// One failure of a chain, when the server's own code raised it: in the catalogue's words.
fn worded(c: &(dyn std::error::Error + 'static)) -> Option<String> {
    if let Some(r) = c.downcast_ref::<roster::RosterErrors>() {
        return Some(r.words(lang()));
    }
    if c.downcast_ref::<roster::NotText>().is_some() {
        return Some(t("op_not_text"));
    }
    if let Some(d) = c.downcast_ref::<steppe_domain::DomainError>() {
        return Some(steppe_i18n::error_message(lang(), d));
    }
    if let Some(b) = c.downcast_ref::<bundles::ImportError>() {
        return bundle_import_words(b);
    }
    if let Some(b) = c.downcast_ref::<bundles::ExportError>() {
        return match b {
            bundles::ExportError::UnknownOrg => Some(t("op_bundle_unknown_org")),
            bundles::ExportError::TooLarge => Some(t("op_bundle_too_large")),
            bundles::ExportError::Bundle(b) => Some(bundle_words(b)),
            bundles::ExportError::Storage(_) => None,
        };
    }
    let n = c.downcast_ref::<admin::NotFound>()?;
    Some(match n {
        admin::NotFound::Org(id) => tf("op_no_such_org", &[("org", id.to_string().into())]),
        admin::NotFound::User(id) => tf("op_no_user", &[("user", id.to_string().into())]),
    })
}

/// Why a bundle file was refused; `None` for the storage's own failures.
fn bundle_import_words(e: &bundles::ImportError) -> Option<String> {
    use bundles::ImportError as E;
    Some(match e {
        E::Bundle(b) => bundle_words(b),
        E::NotADeviceBundle => t("op_bundle_servers"),
        E::UnknownDevice => t("op_bundle_unknown_device"),
        E::Revoked => t("op_bundle_revoked"),
        E::NoKey => t("op_bundle_no_key"),
        E::MalformedChange => t("op_bundle_malformed_change"),
        E::Storage(_) => return None,
    })
}

fn bundle_words(e: &steppe_protocol::bundle::BundleError) -> String {
    use steppe_protocol::bundle::BundleError as E;
    t(match e {
        E::NotABundle => "op_bundle_not_a_bundle",
        E::Damaged(_) => "op_bundle_damaged",
        E::BadSignature => "op_bundle_bad_signature",
        E::BadChangeSignature => "op_bundle_bad_change_signature",
        E::Encode => "op_bundle_not_written",
    })
}

/// `path` as the context of a failure to read it.
fn cannot_read(path: &std::path::Path) -> Said {
    Said(tf(
        "op_cannot_read",
        &[("path", path.display().to_string().into())],
    ))
}

/// Puts the configuration file's settings where neither a flag nor the environment set one.
fn with_file(
    cli: &mut Cli,
    matches: &clap::ArgMatches,
    file: &steppe_server::config::FileConfig,
) -> Result<()> {
    use clap::parser::ValueSource;
    let unset = |m: &clap::ArgMatches, id: &str| {
        matches!(m.value_source(id), None | Some(ValueSource::DefaultValue))
    };
    if let Some(db) = &file.database
        && unset(matches, "database")
    {
        cli.database = db.clone();
    }
    let (Cmd::Serve(args) | Cmd::ConfigCheck(args)) = &mut cli.command else {
        return Ok(());
    };
    let Some((_, sub)) = matches.subcommand() else {
        return Ok(());
    };
    if let Some(v) = &file.listen
        && unset(sub, "listen")
    {
        args.listen = v.parse()?;
    }
    if let Some(v) = &file.metrics_listen
        && unset(sub, "metrics_listen")
    {
        args.metrics_listen = v.parse()?;
    }
    if let Some(v) = &file.replica_dir
        && unset(sub, "replica_dir")
    {
        args.replica_dir = Some(v.into());
    }
    if file.tls_cert.is_some() && unset(sub, "tls_cert") && unset(sub, "tls_key") {
        args.tls_cert = file.tls_cert.as_ref().map(Into::into);
        args.tls_key = file.tls_key.as_ref().map(Into::into);
    }
    Ok(())
}

async fn run(cli: Cli) -> Result<()> {
    if let Cmd::ConfigCheck(args) = &cli.command {
        return config_check(&cli.database, args).await;
    }
    if let Cmd::Migrate { dry_run } = cli.command {
        return migrate(&cli.database, dry_run).await;
    }
    if let Cmd::Backup { out } = &cli.command {
        let steppe_server::Database::Sqlite(path) = steppe_server::Database::of(&cli.database)
        else {
            return Err(Said(t("op_backup_postgres")).into());
        };
        let bytes = steppe_server::backup::sqlite(path, out)?;
        out!(
            "{}",
            tf(
                "op_backup_written",
                &[
                    ("bytes", bytes.into()),
                    ("path", out.display().to_string().into())
                ]
            )
        );
        return Ok(());
    }
    if let Cmd::Restore { backup } = &cli.command {
        let steppe_server::Database::Sqlite(path) = steppe_server::Database::of(&cli.database)
        else {
            return Err(Said(t("op_restore_postgres")).into());
        };
        steppe_server::backup::restore_sqlite(backup, path)?;
        out!(
            "{}",
            tf(
                "op_restored",
                &[
                    ("path", path.display().to_string().into()),
                    ("backup", backup.display().to_string().into())
                ]
            )
        );
        return Ok(());
    }
    // Registered before a start's migration or replica build, which may take a while: a
    // `systemctl reload` meanwhile must not end the process (SIGHUP's default).
    let signals = match &cli.command {
        Cmd::Serve(_) => Some(steppe_server::shutdown::Signals::listen()?),
        _ => None,
    };
    let storage = open_storage(&cli.database).await?;
    let s = storage.as_ref();
    match cli.command {
        Cmd::ConfigCheck(_) | Cmd::Migrate { .. } | Cmd::Backup { .. } | Cmd::Restore { .. } => {
            unreachable!("answered before the storage opens")
        }
        Cmd::Serve(ServeArgs {
            listen,
            tls_cert,
            tls_key,
            replica_dir,
            metrics_listen,
        }) => {
            let replica = match replica_dir {
                Some(dir) => steppe_server::web::replica::Place::Kept(dir),
                None => steppe_server::web::replica::Place::Fresh(std::env::temp_dir()),
            };
            let metrics = steppe_server::measures::exporter()?
                .install_recorder()
                .context("metrics recorder")?;
            let state = Arc::new(AppState::new(storage.clone(), Some(metrics), replica));
            let admin = http::serve_admin(state.clone(), metrics_listen).await?;
            out!(
                "{}",
                tf(
                    "op_metrics_on",
                    &[("url", format!("http://{}/metrics", admin.addr).into())]
                )
            );
            let warming = state.clone();
            tokio::spawn(async move { warming.web.warm_up(&warming).await });
            let mut signals = signals.context("signals are registered for serve")?;
            let tls_files = tls_cert.zip(tls_key);
            let read_tls =
                |(cert, key): &(std::path::PathBuf, std::path::PathBuf)| -> Result<http::Tls> {
                    Ok(http::Tls {
                        cert_pem: std::fs::read(cert).with_context(|| cannot_read(cert))?,
                        key_pem: std::fs::read(key).with_context(|| cannot_read(key))?,
                    })
                };
            let running = match &tls_files {
                Some(files) => {
                    let r = http::serve_tls(state, listen, read_tls(files)?).await?;
                    out!(
                        "{}",
                        tf(
                            "op_listening",
                            &[("url", format!("https://{}", r.addr).into())]
                        )
                    );
                    r
                }
                None => {
                    let r = http::serve(state, listen).await?;
                    out!(
                        "{}",
                        tf(
                            "op_listening",
                            &[("url", format!("http://{}", r.addr).into())]
                        )
                    );
                    r
                }
            };
            let why = loop {
                match signals.next().await? {
                    steppe_server::shutdown::Signal::Stop(why) => break why,
                    steppe_server::shutdown::Signal::Reload => match &tls_files {
                        // A renewal that fails to load keeps the old certificate serving.
                        Some(files) => match read_tls(files) {
                            Ok(tls) => match running.reload_tls(tls).await {
                                Ok(()) => tracing::info!("TLS certificate reloaded"),
                                Err(e) => {
                                    tracing::error!(error = %e, "TLS certificate not reloaded; the old one serves")
                                }
                            },
                            Err(e) => {
                                tracing::error!(error = %e, "TLS certificate not reloaded; the old one serves")
                            }
                        },
                        None => tracing::info!("SIGHUP: no TLS certificate to reload"),
                    },
                }
            };
            tracing::info!(signal = why, "shutting down; finishing in-flight syncs");
            running.shutdown().await;
            admin.shutdown().await;
            tracing::info!("stopped");
        }
        Cmd::Import {
            orgs,
            people,
            dry_run,
        } => {
            let read = |p: &std::path::Path| -> Result<String> {
                roster::decode(&std::fs::read(p).with_context(|| cannot_read(p))?)
            };
            let orgs = read(&orgs)?;
            let people = people.as_deref().map(read).transpose()?;
            let plan = roster::plan(s, &orgs, people.as_deref()).await?;
            let verb = |step| {
                t(match (step, dry_run) {
                    (roster::Step::Exists, _) => "op_step_exists",
                    (roster::Step::Create, true) => "op_step_would_create",
                    (roster::Step::Create, false) => "op_step_created",
                    (roster::Step::NameMongolian, true) => "op_step_would_name_mn",
                    (roster::Step::NameMongolian, false) => "op_step_named_mn",
                })
            };
            if !dry_run {
                roster::apply(s, &plan).await?;
            }
            for o in &plan.orgs {
                out!(
                    "{}",
                    tf(
                        "op_import_org",
                        &[
                            ("key", o.key.as_str().into()),
                            ("id", o.id.to_string().into()),
                            ("step", verb(o.step).into())
                        ]
                    )
                );
            }
            for p in &plan.people {
                out!(
                    "{}",
                    tf(
                        "op_import_user",
                        &[
                            ("name", p.name.as_str().into()),
                            ("id", p.id.to_string().into()),
                            ("step", verb(p.step).into())
                        ]
                    )
                );
            }
        }
        Cmd::OrgAdd {
            name,
            kind,
            parent,
            name_mn,
        } => {
            let kind = steppe_i18n::parse_label::<OrgKind>(&kind)
                .ok_or_else(|| Said(roster::Problem::UnknownKind(kind.clone()).words(lang())))?;
            let id = admin::create_org_named(s, &name, name_mn.as_deref(), kind, parent).await?;
            out!("{id}");
        }
        Cmd::UserAdd {
            name,
            org,
            status,
            role,
        } => {
            let status = steppe_i18n::parse_label::<MemberStatus>(&status).ok_or_else(|| {
                Said(roster::Problem::UnknownStatus(status.clone()).words(lang()))
            })?;
            let mut roles = Vec::new();
            for r in role {
                let (role, org) = steppe_i18n::parse_role_at(&r).ok_or_else(|| role_at(&r))?;
                roles.push((org, role));
            }
            out!(
                "{}",
                admin::create_user(s, &name, org, status, &roles).await?
            );
        }
        Cmd::Users => {
            // In the order of their names as people read them (pinyin), not of code points.
            let mut users = s.users().await?;
            steppe_i18n::sort_by_name(&mut users, |u| &u.name);
            for u in users {
                let roles: Vec<String> = s
                    .grants(&u.id)
                    .await?
                    .into_iter()
                    .map(|(org, role)| format!("{}@{org}", role_words(&role)))
                    .collect();
                out!(
                    "{}\t{}\t{}{}",
                    u.id,
                    u.name,
                    roles.join(" "),
                    revoked(u.revoked)
                );
            }
        }
        Cmd::Devices => {
            // By their users' names as people read them (pinyin); each user's devices stay in
            // the order of their own names, as the storage lists them.
            let mut devices = s.devices().await?;
            steppe_i18n::sort_by_name(&mut devices, |d| &d.user_name);
            for d in devices {
                let seen = d.last_seen.map_or_else(
                    || t("op_never_seen"),
                    |at| {
                        tf(
                            "op_last_seen",
                            &[("at", steppe_i18n::terminal::when(at).into())],
                        )
                    },
                );
                out!(
                    "{}\t{}\t{}\t{seen}{}",
                    d.id,
                    d.user_name,
                    d.name,
                    revoked(d.revoked)
                );
            }
        }
        Cmd::Role(cmd) => {
            let (user, role, held) = match cmd {
                RoleCmd::Grant { user, role } => (user, role, true),
                RoleCmd::Revoke { user, role } => (user, role, false),
            };
            let (role, org) = steppe_i18n::parse_role_at(&role).ok_or_else(|| role_at(&role))?;
            let changed = admin::set_role(s, user, org, role, held).await?;
            out!(
                "{}",
                t(if changed {
                    "op_role_changed"
                } else {
                    "op_role_unchanged"
                })
            );
        }
        Cmd::OrgNameMn { org, name_mn } => {
            let changed = admin::set_org_name_mn(s, org, name_mn.as_deref()).await?;
            out!("{}", name_mn_words(changed, name_mn.is_some()));
        }
        Cmd::PersonNameMn { user, name_mn } => {
            let changed = admin::set_person_name_mn(s, user, name_mn.as_deref()).await?;
            out!("{}", name_mn_words(changed, name_mn.is_some()));
        }
        Cmd::Refusals { device } => {
            for n in admin::refusals_of(s, &device).await? {
                let kind = n
                    .record_kind
                    .as_deref()
                    .and_then(steppe_domain::RecordKind::parse)
                    .map_or_else(|| t("op_record"), |k| k.label_in(lang()));
                out!(
                    "{}\t{}\t{}\t{kind}\t{}\t{}",
                    steppe_i18n::terminal::when(n.last_at),
                    n.record,
                    n.reason.label_in(lang()),
                    tf("op_refusal_changes", &[("count", n.changes.into())]),
                    steppe_i18n::detail_text(lang(), &n.detail)
                );
            }
        }
        Cmd::EnrollCode { user, ttl_hours } => {
            out!("{}", admin::issue_code(s, user, ttl_hours).await?)
        }
        Cmd::RevokeDevice { device } => out!(
            "{}",
            t(if s.revoke_device(&device).await? {
                "op_revoked"
            } else {
                "op_no_such_device"
            })
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
                return Err(Said(t("op_password_short")).into());
            }
            if s.user(&user.to_string()).await?.is_none() {
                return Err(admin::NotFound::User(user).into());
            }
            let hash = steppe_server::auth::password::hash_password(&password)
                .ok_or_else(|| anyhow::anyhow!("could not hash the password"))?;
            s.set_password(&user.to_string(), &hash).await?;
            // Whoever signed in with the old password is signed out.
            s.end_sessions(Some(&user.to_string())).await?;
            out!("{}", t("op_password_set"));
        }
        Cmd::Bundle(BundleCmd::Import { file }) => {
            let bytes = std::fs::read(&file).with_context(|| cannot_read(&file))?;
            let done = bundles::import(s, &bytes, steppe_server::clock::now_ms()).await?;
            out!(
                "{}",
                tf(
                    "op_bundle_imported",
                    &[
                        ("device", done.device_id.as_str().into()),
                        ("applied", done.applied.into()),
                        ("already", done.already.into()),
                        ("refused", done.rejected.into())
                    ]
                )
            );
        }
        Cmd::Bundle(BundleCmd::Export { org, out }) => {
            let key = steppe_server::identity::ServerKey::default().get(s).await?;
            let (bytes, changes) = bundles::export_for_members(
                s,
                &key,
                &org.to_string(),
                steppe_server::clock::now_ms(),
            )
            .await?;
            std::fs::write(&out, &bytes).with_context(|| {
                Said(tf(
                    "op_cannot_write",
                    &[("path", out.display().to_string().into())],
                ))
            })?;
            out!(
                "{}",
                tf(
                    "op_bundle_written",
                    &[
                        ("changes", changes.into()),
                        ("bytes", bytes.len().into()),
                        ("path", out.display().to_string().into())
                    ]
                )
            );
        }
        Cmd::Restored => {
            let lineage = steppe_server::backup::mark_restored(s).await?;
            out!(
                "{}",
                tf("op_new_lineage", &[("lineage", lineage.header().into())])
            );
        }
        Cmd::RevokeUser { user } => out!(
            "{}",
            t(if s.revoke_user(&user).await? {
                "op_revoked"
            } else {
                "op_no_such_user"
            })
        ),
    }
    Ok(())
}

/// The tab-separated mark of a revoked user or device, or nothing.
fn revoked(revoked: bool) -> String {
    if revoked {
        format!("\t{}", t("op_revoked"))
    } else {
        String::new()
    }
}

/// A role as `--role` takes it back in the reader's language: its words, or in English its code
/// (the form scripts match on, one word).
fn role_words(code: &str) -> String {
    match steppe_domain::authz::Role::parse(code) {
        Some(role) if lang() != steppe_i18n::Locale::En => role.label_in(lang()),
        _ => code.to_string(),
    }
}

/// What setting a name in Mongolian script did: set, taken away, or nothing.
fn name_mn_words(changed: bool, given: bool) -> String {
    t(match (changed, given) {
        (false, _) => "op_name_mn_unchanged",
        (true, true) => "op_name_mn_set",
        (true, false) => "op_name_mn_cleared",
    })
}

/// The refusal of a `--role` that is not ROLE@ORG.
fn role_at(given: &str) -> Said {
    Said(tf("op_role_at", &[("given", given.into())]))
}

/// Prints the settings `serve` would use and checks what can be checked without serving: the
/// TLS files are readable, the database opens.
async fn config_check(database: &str, args: &ServeArgs) -> Result<()> {
    out!("database = {}", steppe_server::config::masked(database));
    out!("listen = {}", args.listen);
    out!("metrics_listen = {}", args.metrics_listen);
    match &args.replica_dir {
        Some(dir) => out!("replica_dir = {} {}", dir.display(), t("op_replica_kept")),
        None => out!(
            "replica_dir = {} {}",
            std::env::temp_dir().display(),
            t("op_replica_fresh")
        ),
    }
    if let (Some(cert), Some(key)) = (&args.tls_cert, &args.tls_key) {
        for f in [cert, key] {
            std::fs::metadata(f).with_context(|| cannot_read(f))?;
        }
        out!("tls = {} + {}", cert.display(), key.display());
    }
    let pending = steppe_server::pending_migrations(database)
        .await
        .with_context(|| Said(t("op_database_does_not_open")))?;
    out!(
        "{}",
        tf("op_schema_pending", &[("count", pending.len().into())])
    );
    out!("{}", t("op_config_ok"));
    Ok(())
}

/// `migrate`: prints the pending schema versions and, unless a dry run, applies them.
async fn migrate(database: &str, dry_run: bool) -> Result<()> {
    let pending = steppe_server::pending_migrations(database)
        .await
        .with_context(|| Said(t("op_database_does_not_open")))?;
    if pending.is_empty() {
        out!("{}", t("op_schema_up_to_date"));
        return Ok(());
    }
    for step in &pending {
        let verb = if dry_run {
            "op_would_apply"
        } else {
            "op_applying"
        };
        let version = format!("V{}__{}", step.version, step.name);
        out!("{}", tf(verb, &[("version", version.into())]));
        if dry_run {
            for line in step.sql.lines() {
                out!("    {line}");
            }
        }
    }
    if !dry_run {
        open_storage(database).await?;
        out!("{}", t("op_schema_up_to_date"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every command and argument of `steppe-server` has its help in Chinese (`op_help_…` in
    /// operator.ftl), and Chinese holds none for a command or argument that is gone.
    #[test]
    fn every_command_and_argument_has_chinese_help() {
        if let Err(gaps) =
            steppe_i18n::terminal::check_help_coverage(&super::Cli::command(), "op", "operator.ftl")
        {
            panic!("{gaps}");
        }
    }
}
