//! The server's configuration file (TOML): the same settings as `serve`'s options, for an
//! operator who keeps them in `/etc/steppe/server.toml` rather than a unit's environment.
//! Precedence: a flag, then the environment (`STEPPE_…`), then the file, then the default: a
//! file's value is taken only where the command line's parser saw neither a flag nor a variable.
//!
//! ```toml
//! database = "postgres://steppe:…@db.internal/steppe?sslmode=verify-full"
//! listen = "0.0.0.0:8470"
//! metrics_listen = "127.0.0.1:9470"
//! replica_dir = "/var/cache/steppe"
//! tls_cert = "/etc/steppe/cert.pem"
//! tls_key = "/etc/steppe/key.pem"
//! ```

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

/// The settings a file may hold: `serve`'s options by their long names.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub database: Option<String>,
    pub listen: Option<String>,
    pub metrics_listen: Option<String>,
    pub replica_dir: Option<String>,
    pub tls_cert: Option<String>,
    pub tls_key: Option<String>,
}

impl FileConfig {
    /// Reads and checks a configuration file; an unknown key or a wrong type is an error that
    /// names its line.
    pub fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("read the configuration {}", path.display()))?;
        let config: FileConfig = toml::from_str(&text)
            .with_context(|| format!("the configuration {} is not valid", path.display()))?;
        for (name, value) in [
            ("listen", &config.listen),
            ("metrics_listen", &config.metrics_listen),
        ] {
            if let Some(v) = value
                && v.parse::<std::net::SocketAddr>().is_err()
            {
                bail!("{name} = \"{v}\" is not an address such as 127.0.0.1:8470");
            }
        }
        if config.tls_cert.is_some() != config.tls_key.is_some() {
            bail!("tls_cert and tls_key go together");
        }
        Ok(config)
    }
}

/// A database URL as it may be shown: its password replaced.
pub fn masked(database: &str) -> String {
    let Some((scheme, rest)) = database.split_once("://") else {
        return database.to_string();
    };
    let Some((credentials, host)) = rest.split_once('@') else {
        return database.to_string();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => database.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_never_shows() {
        assert_eq!(
            masked("postgres://steppe:s3cret@db/steppe"),
            "postgres://steppe:***@db/steppe"
        );
        assert_eq!(masked("steppe-server.db"), "steppe-server.db");
    }

    #[test]
    fn unknown_keys_and_bad_addresses_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("server.toml");
        std::fs::write(&path, "listen = \"0.0.0.0:8470\"\nlisten_port = 1\n").unwrap();
        assert!(FileConfig::read(&path).is_err(), "an unknown key");
        std::fs::write(&path, "listen = \"everywhere\"\n").unwrap();
        assert!(FileConfig::read(&path).is_err(), "not an address");
        std::fs::write(&path, "tls_cert = \"c.pem\"\n").unwrap();
        assert!(
            FileConfig::read(&path).is_err(),
            "a certificate without its key"
        );
        std::fs::write(&path, "listen = \"0.0.0.0:8470\"\ndatabase = \"x.db\"\n").unwrap();
        let read = FileConfig::read(&path).unwrap();
        assert_eq!(read.listen.as_deref(), Some("0.0.0.0:8470"));
        assert_eq!(read.database.as_deref(), Some("x.db"));
        assert_eq!(read.tls_cert, None);
    }
}
