//! The server's command line: what it prints must not leak the database password.

#![allow(clippy::unwrap_used)]

use std::process::Command;

#[test]
fn help_does_not_print_the_database_url_from_the_environment() {
    let secret = "s3cret-Pa55";
    for args in [&["--help"][..], &["serve", "--help"][..], &["-h"][..]] {
        let out = Command::new(env!("CARGO_BIN_EXE_steppe-server"))
            .args(args)
            .env(
                "STEPPE_DATABASE",
                format!("postgres://steppe:{secret}@db.internal/steppe"),
            )
            .env("STEPPE_WEB_PASSWORD", secret)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // The option itself is documented; only the value stays out.
        assert!(printed.contains("STEPPE_DATABASE"), "{args:?}: {printed}");
        assert!(!printed.contains(secret), "{args:?}: {printed}");
        assert!(!printed.contains("db.internal"), "{args:?}: {printed}");
    }
}
