//! The Kotlin library's JUnit tests on the desktop JVM: generated bindings plus `android/steppe`
//! compiled with kotlinc (the npm package `kotlin-compiler`, fetched once into target/tools),
//! JNA and JUnit from Debian, run against a real `steppe-fixture-server` on 127.0.0.1.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::{bindings, cargo, root, run};

const KOTLIN_VERSION: &str = "2.4.20";
const JAVA_DIR: &str = "/usr/share/java";
/// Debian packages `libjna-java` and `junit5`.
const JARS: &[&str] = &[
    "jna.jar",
    "junit-jupiter-api.jar",
    "apiguardian-api.jar",
    "opentest4j.jar",
    "junit-platform-console-standalone.jar",
];

fn java(jar: &str) -> PathBuf {
    Path::new(JAVA_DIR).join(jar)
}

/// The Kotlin distribution, fetched from npm on first use.
fn kotlin_home() -> Result<PathBuf> {
    let tools = root().join("target/tools");
    let home = tools.join(format!("kotlin-{KOTLIN_VERSION}"));
    let kotlinc = home.join("package/bin/kotlinc");
    if kotlinc.exists() {
        return Ok(home.join("package"));
    }
    std::fs::create_dir_all(&home)?;
    eprintln!("==> fetching kotlin-compiler@{KOTLIN_VERSION} from npm");
    run(Command::new("npm")
        .args([
            "pack",
            "--silent",
            &format!("kotlin-compiler@{KOTLIN_VERSION}"),
        ])
        .arg("--pack-destination")
        .arg(&home))?;
    let tgz = home.join(format!("kotlin-compiler-{KOTLIN_VERSION}.tgz"));
    run(Command::new("tar")
        .arg("xzf")
        .arg(&tgz)
        .arg("-C")
        .arg(&home))?;
    if !kotlinc.exists() {
        bail!(
            "{} missing after unpacking the npm package",
            kotlinc.display()
        );
    }
    Ok(home.join("package"))
}

fn classpath(parts: &[PathBuf]) -> String {
    parts
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(":")
}

fn kotlin_sources(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            kotlin_sources(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "kt") {
            out.push(path);
        }
    }
    Ok(())
}

/// Runs the JUnit console launcher, echoing its output; returns (successful, failed) tests.
fn junit(cmd: &mut Command) -> Result<(u64, u64)> {
    use std::io::{BufRead, BufReader};
    eprintln!("==> {cmd:?}");
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("run java")?;
    let (mut passed, mut failed) = (0, 0);
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines() {
            let line = line?;
            println!("{line}");
            // "[         4 tests successful      ]"
            let words: Vec<&str> = line
                .trim_matches(|c: char| c == '[' || c == ']' || c.is_whitespace())
                .split_whitespace()
                .collect();
            if let [n, "tests", outcome] = words.as_slice() {
                match *outcome {
                    "successful" => passed = n.parse().unwrap_or(0),
                    "failed" => failed = n.parse().unwrap_or(0),
                    _ => {}
                }
            }
        }
    }
    let status = child.wait()?;
    if !status.success() || failed > 0 || passed == 0 {
        bail!("JUnit: {passed} passed, {failed} failed ({status})");
    }
    Ok((passed, failed))
}

/// Builds everything and runs the JUnit suite once per user language; fails if any test fails
/// or none ran. Returns (passed, failed) over both runs. `prebuilt`: the FFI library (with its
/// test hooks), the generator and the fixture server are built already (CI's one build).
pub fn test(prebuilt: bool) -> Result<(u64, u64)> {
    for jar in JARS {
        if !java(jar).exists() {
            bail!(
                "{} missing: apt-get install -y libjna-java junit5",
                java(jar).display()
            );
        }
    }
    let build = root().join("target/kotlin");
    let generated = build.join("bindings");
    if !prebuilt {
        bindings::build(&["test-hooks"])?;
        cargo(&[
            "build",
            "--locked",
            "-q",
            "-p",
            "steppe-tests",
            "--bin",
            "steppe-fixture-server",
        ])?;
    }
    let lib = bindings::write(&generated)?;
    let kotlin = kotlin_home()?;
    let kotlinc = kotlin.join("bin/kotlinc");
    let klib = |jar: &str| kotlin.join("lib").join(jar);

    let mut main_sources = Vec::new();
    kotlin_sources(&generated.join("kotlin"), &mut main_sources)?;
    kotlin_sources(
        &root().join("android/steppe/src/main/kotlin"),
        &mut main_sources,
    )?;
    let lib_jar = build.join("steppe.jar");
    run(Command::new(&kotlinc)
        .args(&main_sources)
        .arg("-cp")
        .arg(classpath(&[
            java("jna.jar"),
            klib("kotlinx-coroutines-core-jvm.jar"),
        ]))
        .arg("-d")
        .arg(&lib_jar))?;

    let mut test_sources = Vec::new();
    kotlin_sources(
        &root().join("android/steppe/src/test/kotlin"),
        &mut test_sources,
    )?;
    let tests_dir = build.join("tests");
    // Compiled classes of a test since deleted would otherwise still be found and run.
    if tests_dir.exists() {
        std::fs::remove_dir_all(&tests_dir)?;
    }
    let test_cp = classpath(&[
        lib_jar.clone(),
        java("jna.jar"),
        klib("kotlinx-coroutines-core-jvm.jar"),
        klib("kotlin-test.jar"),
        klib("kotlin-test-junit5.jar"),
        java("junit-jupiter-api.jar"),
        java("apiguardian-api.jar"),
        java("opentest4j.jar"),
    ]);
    run(Command::new(&kotlinc)
        .args(&test_sources)
        .arg("-cp")
        .arg(&test_cp)
        .arg("-d")
        .arg(&tests_dir))?;

    let lib_dir = lib.parent().context("library directory")?;
    let fixture = crate::cargo_target().join("debug/steppe-fixture-server");
    let run_cp = classpath(&[
        tests_dir.clone(),
        lib_jar,
        klib("kotlin-stdlib.jar"),
        klib("kotlin-test.jar"),
        klib("kotlin-test-junit5.jar"),
        klib("kotlinx-coroutines-core-jvm.jar"),
        java("jna.jar"),
    ]);
    // Once per language the app ships for its users: what a screen shows is checked as a
    // Chinese reader and as a Mongolian one reads it (see Reader.kt).
    let (mut passed, mut failed) = (0, 0);
    for locale in ["zh", "mn"] {
        let report = build.join("junit-reports").join(locale);
        let (p, f) = junit(
            Command::new("java")
                .arg(format!("-Djna.library.path={}", lib_dir.display()))
                .arg(format!("-Dsteppe.fixtureServer={}", fixture.display()))
                .arg(format!(
                    "-Dsteppe.androidRes={}",
                    root().join("android/app/src/main/res").display()
                ))
                .arg(format!("-Dsteppe.locale={locale}"))
                .arg("-jar")
                .arg(java("junit-platform-console-standalone.jar"))
                .arg("--class-path")
                .arg(&run_cp)
                .arg("--scan-class-path")
                .arg(&tests_dir)
                .args(["--details=tree", "--disable-banner", "--fail-if-no-tests"])
                .arg("--reports-dir")
                .arg(&report),
        )?;
        eprintln!("kotlin ({locale}): {p} passed, {f} failed");
        passed += p;
        failed += f;
    }
    Ok((passed, failed))
}
