//! Integration tests: drive the built `keylint` binary on copies of `fixtures/`.

mod action;
mod bad_input;
mod baseline;
mod config;
mod exit_codes;
mod fix;
mod git;
mod gitlab;
mod gitrepo;
mod history;
mod notebook;
mod output_formats;
mod permissions;
mod redaction;
mod repository;
mod rules_cmd;
mod scan;
mod terminal;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The binary under test, with colour and timings off so output is reproducible.
pub fn keylint() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_keylint"));
    c.env("KEYLINT_DETERMINISTIC", "1")
        .env("NO_COLOR", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE");
    c
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// Copy a fixture tree into a fresh temp dir (tests may modify it).
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&fixture(name), dir.path());
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("fixture exists") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Run `keylint` with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    keylint()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run keylint")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

/// JSON report of a scan of `dir` (extra args appended).
pub fn json_report(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["scan", "--format", "json"];
    args.extend_from_slice(extra);
    let out = run_in(dir, &args);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", stdout(&out)))
}

/// `(path, line, rule_id)` of every finding, in report order.
pub fn finding_triples(report: &serde_json::Value) -> Vec<(String, u64, String)> {
    report["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["rule_id"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Errors of `instance` against the official SARIF 2.1.0 schema in ../shared/sarif, or
/// `None` (with a note) when the schema is not present on this machine.
pub fn sarif_schema_errors(instance: &serde_json::Value) -> Option<Vec<String>> {
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sarif/sarif-schema-2.1.0.json");
    let Ok(schema_text) = std::fs::read_to_string(&schema_path) else {
        eprintln!(
            "skipping schema validation: {} not present",
            schema_path.display()
        );
        return None;
    };
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    Some(
        validator
            .iter_errors(instance)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect(),
    )
}

/// `(path, kind)` of every issue, in report order.
pub fn issue_pairs(report: &serde_json::Value) -> Vec<(String, String)> {
    report["issues"]
        .as_array()
        .expect("issues array")
        .iter()
        .map(|i| {
            (
                i["path"].as_str().unwrap_or_default().to_string(),
                i["kind"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// An owned `(path, line, rule)` list from a literal table.
pub fn triples(t: &[(&str, u64, &str)]) -> Vec<(String, u64, String)> {
    t.iter()
        .map(|(p, l, r)| (p.to_string(), *l, r.to_string()))
        .collect()
}

/// A finished child: its output and its peak resident set size.
pub struct Measured {
    pub output: Output,
    /// Peak RSS in KiB, from `wait4` on this child alone (`getrusage(RUSAGE_CHILDREN)`
    /// would mix in the children of tests running in parallel).
    pub max_rss_kib: u64,
}

/// Run `cmd` with piped output, fail the test if it runs longer than `limit` (a hang on
/// a FIFO or device would otherwise block the suite), and measure its peak RSS.
#[cfg(unix)]
#[allow(clippy::zombie_processes)] // reaped by wait4 below, which std cannot see
pub fn run_measured(mut cmd: Command, limit: Duration) -> Measured {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn keylint");
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            r.read_to_end(&mut v).map(|_| v).unwrap_or_default()
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout")));
    let err = drain(Box::new(child.stderr.take().expect("stderr")));
    let pid = libc::pid_t::try_from(child.id()).expect("pid fits");
    let started = Instant::now();
    let (status, rusage) = loop {
        let mut status = 0;
        // SAFETY: an all-zero rusage is a valid value for wait4 to overwrite.
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: wait4 on our own child with valid out-pointers.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut ru) };
        if r == pid {
            break (status, ru);
        }
        assert!(
            r == 0 || std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted,
            "wait4 failed"
        );
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("keylint did not finish within {limit:?} (hung?)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Measured {
        output: Output {
            status: std::process::ExitStatus::from_raw(status),
            stdout: out.join().expect("stdout reader"),
            stderr: err.join().expect("stderr reader"),
        },
        max_rss_kib: u64::try_from(rusage.ru_maxrss).unwrap_or(0),
    }
}

/// Whether the tests run as root (CI does).
#[cfg(unix)]
pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// `keylint` for a test that needs permission errors to be real. Root reads mode-000
/// files, so as root the binary runs as `nobody` (uid/gid 65534) through util-linux's
/// `setpriv`, from a world-readable copy (the build directory may not be readable by
/// `nobody`). The tree scanned must be world-readable (see [`open_to_all`]).
#[cfg(unix)]
pub struct Unprivileged {
    pub cmd: Command,
    _copy: Option<tempfile::TempDir>,
}

#[cfg(unix)]
pub fn keylint_unprivileged() -> Unprivileged {
    if !is_root() {
        return Unprivileged {
            cmd: keylint(),
            _copy: None,
        };
    }
    let copy = tempfile::tempdir().expect("temp dir");
    open_to_all(copy.path());
    let bin = copy.path().join("keylint");
    std::fs::copy(env!("CARGO_BIN_EXE_keylint"), &bin).expect("copy the binary");
    let mut c = Command::new("setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(&bin)
        .env("KEYLINT_DETERMINISTIC", "1")
        .env("NO_COLOR", "1")
        .env("HOME", copy.path());
    Unprivileged {
        cmd: c,
        _copy: Some(copy),
    }
}

/// Make a tree readable (and directories enterable) by every user.
#[cfg(unix)]
pub fn open_to_all(root: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).expect("chmod")
    };
    mode(root, 0o755);
    for entry in std::fs::read_dir(root).expect("read dir") {
        let entry = entry.expect("entry");
        let ft = entry.file_type().expect("file type");
        if ft.is_dir() {
            open_to_all(&entry.path());
        } else if ft.is_file() {
            mode(&entry.path(), 0o644);
        }
    }
}

/// A JSON scan of the `bot-repo` fixture (plus whatever a test added) went on past a
/// problem: all 12 secrets and the 2 credential files are there, and the issues are
/// its binary skip and `extra`.
pub fn assert_rest_of_bot_repo_scanned(out: &Output, extra: (&str, &str)) {
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let findings = report["findings"].as_array().expect("findings");
    let secrets = findings
        .iter()
        .filter(|f| f["detector"] != "repository")
        .count();
    assert_eq!(secrets, 12);
    assert_eq!(
        issue_pairs(&report),
        vec![
            ("assets/logo.bin".to_string(), "binary".to_string()),
            (extra.0.to_string(), extra.1.to_string()),
        ]
    );
}
