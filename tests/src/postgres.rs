//! A PostgreSQL server started by the test itself from the machine's binaries, in a temp dir,
//! on a free 127.0.0.1 port, stopped when dropped. `initdb` refuses root, so it runs as the
//! `postgres` user when the tests run as root.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, Weak};

use anyhow::{Context, Result, bail};

#[derive(Debug)]
pub struct Postgres {
    pub url: String,
    port: u16,
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_postgres: bool,
}

fn bin_dir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("STEPPE_PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop()
}

fn run(as_postgres: bool, program: &PathBuf, args: &[&str]) -> Result<()> {
    let mut cmd = if as_postgres {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    };
    let out = cmd
        .args(args)
        .output()
        .with_context(|| format!("run {}", program.display()))?;
    if !out.status.success() {
        bail!(
            "{} failed: {}",
            program.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

impl Postgres {
    pub fn start() -> Result<Postgres> {
        let bin = bin_dir()
            .context("PostgreSQL server binaries (initdb, pg_ctl) not found; install postgresql")?;
        let dir = tempfile::Builder::new().prefix("steppe-pg").tempdir()?;
        let as_postgres = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
            .unwrap_or(false);
        let data = dir.path().join("data");
        std::fs::create_dir(&data)?;
        if as_postgres {
            let out = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .output()?;
            if !out.status.success() {
                bail!("chown to postgres failed");
            }
        }
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let data_s = data.to_string_lossy().to_string();
        run(
            as_postgres,
            &bin.join("initdb"),
            &["-D", &data_s, "-A", "trust", "-U", "steppe", "--no-sync"],
        )?;
        let opts = format!(
            "-p {port} -k {data_s} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        );
        let log = dir.path().join("pg.log").to_string_lossy().to_string();
        if as_postgres {
            let out = Command::new("touch").arg(&log).output()?;
            let _ = out;
            let _ = Command::new("chown")
                .args(["postgres:postgres", &log])
                .output()?;
        }
        run(
            as_postgres,
            &bin.join("pg_ctl"),
            &["-D", &data_s, "-o", &opts, "-l", &log, "-w", "start"],
        )?;
        Ok(Postgres {
            url: format!("postgres://steppe@127.0.0.1:{port}/postgres"),
            port,
            dir,
            bin,
            as_postgres,
        })
    }
}

/// A database of its own on a server shared by the tests of this process that run at the same
/// time: starting a server costs a second or two, a database a few milliseconds. The server stops
/// when the last holder drops it (a static would never be dropped, leaving it running).
#[derive(Debug)]
pub struct PostgresDatabase {
    pub url: String,
    server: Arc<Postgres>,
}

impl PostgresDatabase {
    pub fn create() -> Result<Self> {
        static SHARED: Mutex<Weak<Postgres>> = Mutex::new(Weak::new());
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let server = {
            let mut shared = SHARED
                .lock()
                .map_err(|_| anyhow::anyhow!("a test panicked starting PostgreSQL"))?;
            match shared.upgrade() {
                Some(server) => server,
                None => {
                    let server = Arc::new(Postgres::start()?);
                    *shared = Arc::downgrade(&server);
                    server
                }
            }
        };
        let name = format!("test_{}", NEXT.fetch_add(1, Ordering::Relaxed));
        let port = server.port.to_string();
        run(
            server.as_postgres,
            &server.bin.join("createdb"),
            &["-h", "127.0.0.1", "-p", &port, "-U", "steppe", &name],
        )?;
        Ok(Self {
            url: format!("postgres://steppe@127.0.0.1:{port}/{name}"),
            server,
        })
    }
}

impl Postgres {
    /// Runs one of the server's client programs (`pg_dump`, `psql`) against it, as the user the
    /// server runs as, and returns what it printed.
    pub fn tool(&self, program: &str, args: &[&str]) -> Result<Vec<u8>> {
        self.tool_with_input(program, args, &[])
    }

    /// [`Postgres::tool`] with `input` on its standard input (a dump for `psql -f -`).
    pub fn tool_with_input(&self, program: &str, args: &[&str], input: &[u8]) -> Result<Vec<u8>> {
        use std::io::Write;
        let path = self.bin.join(program);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&path);
            c
        } else {
            Command::new(&path)
        };
        let port = self.port.to_string();
        let mut child = cmd
            .args(["-h", "127.0.0.1", "-p", &port, "-U", "steppe"])
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .with_context(|| format!("run {program}"))?;
        let mut stdin = child.stdin.take().context("stdin")?;
        let input = input.to_vec();
        let feeding = std::thread::spawn(move || stdin.write_all(&input));
        let out = child.wait_with_output()?;
        feeding
            .join()
            .map_err(|_| anyhow::anyhow!("feeding {program} panicked"))??;
        if !out.status.success() {
            bail!("{program} failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(out.stdout)
    }
}

impl PostgresDatabase {
    fn name(&self) -> Result<&str> {
        self.url.rsplit('/').next().context("database name")
    }

    /// `pg_dump --format=custom` of this database, as docs/OPERATING.md backs one up.
    pub fn dump(&self) -> Result<Vec<u8>> {
        self.server
            .tool("pg_dump", &["--format=custom", "--dbname", self.name()?])
    }

    /// `pg_restore --no-owner` of a custom-format dump into this (empty) database.
    pub fn restore(&self, dump: &[u8]) -> Result<()> {
        self.server.tool_with_input(
            "pg_restore",
            &["--no-owner", "--exit-on-error", "--dbname", self.name()?],
            dump,
        )?;
        Ok(())
    }

    /// Runs `sql` (a `pg_dump` in plain format) in this database with `psql`, stopping at the
    /// first error.
    pub fn load(&self, sql: &str) -> Result<()> {
        let name = self.name()?;
        self.server.tool_with_input(
            "psql",
            &["-q", "-v", "ON_ERROR_STOP=1", "--dbname", name, "-f", "-"],
            sql.as_bytes(),
        )?;
        Ok(())
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.path().join("data").to_string_lossy().to_string();
        let _ = run(
            self.as_postgres,
            &self.bin.join("pg_ctl"),
            &["-D", &data, "-m", "immediate", "stop"],
        );
    }
}
