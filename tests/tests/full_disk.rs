//! A phone whose storage really fills up: the store on a tmpfs of a few megabytes in a private
//! mount namespace (no root needed where unprivileged user namespaces are allowed, as on Debian).
//! The child `full-disk` does the writing and checking; see its header.

use std::process::Command;

#[test]
fn a_filesystem_that_fills_up_refuses_whole_writes_and_writing_resumes_once_space_is_freed() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("unshare")
        .args([
            "--user",
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            r#"mount -t tmpfs -o size=3m steppe-full "$0" && exec "$1" "$0""#,
        ])
        .arg(dir.path())
        .arg(env!("CARGO_BIN_EXE_full-disk"))
        .output()
        .expect("unshare (util-linux) runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let acknowledged: usize = stdout
        .lines()
        .find_map(|l| {
            l.strip_prefix("acknowledged ")?
                .split(' ')
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no verdict: {stdout}"));
    assert!(acknowledged > 10, "{stdout}");
    assert!(stdout.contains("cases intact after reopening"), "{stdout}");
}
