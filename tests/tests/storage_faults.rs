//! A phone's storage failing for real: a file system that fills up, and writes the kernel
//! refuses. The child `storage-faults` does the writing and checking; see its header.

use std::process::{Command, Output};

fn verdict(out: Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
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
    assert!(acknowledged >= 3, "{stdout}");
    assert!(stdout.contains("cases intact after reopening"), "{stdout}");
    stdout
}

#[test]
fn a_file_system_that_fills_up_refuses_whole_writes_and_writing_resumes_once_space_is_freed() {
    // A tmpfs of 3 MB in a private mount namespace: no root needed where unprivileged user
    // namespaces are allowed (Debian's default).
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("unshare")
        .args([
            "--user",
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            r#"mount -t tmpfs -o size=3m steppe-full "$0" && exec "$1" full "$0""#,
        ])
        .arg(dir.path())
        .arg(env!("CARGO_BIN_EXE_storage-faults"))
        .output()
        .expect("unshare (util-linux) runs");
    assert!(verdict(out).contains("then DiskFull"));
}

#[test]
fn writes_the_kernel_refuses_are_typed_io_errors_and_writing_resumes_after() {
    // SIGXFSZ ignored (an ignored signal stays ignored across exec), so a write past the
    // file-size limit fails with EFBIG instead of killing the process.
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("sh")
        .args(["-c", r#"trap '' XFSZ; exec "$1" io-error "$0""#])
        .arg(dir.path())
        .arg(env!("CARGO_BIN_EXE_storage-faults"))
        .output()
        .expect("sh runs");
    assert!(verdict(out).contains("then Io"));
}
