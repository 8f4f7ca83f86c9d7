//! keylint makes no network call. Two checks:
//!
//! 1. No networking crate is in the default build: the crates reachable from
//!    keylint's `[dependencies]` and `[build-dependencies]` through `Cargo.lock`
//!    (every platform's, build scripts included: a superset of any one build) hold none
//!    of the crates `deny.toml` bans. `cargo deny check bans` in `.ci/run` enforces
//!    the same list on the whole graph; this test runs offline with `cargo test`.
//! 2. A scan of the fixtures makes no network system call (`socket`, `connect`, …),
//!    observed with `strace` where it is available.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn read_toml(name: &str) -> toml::Table {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Crate names `deny.toml` bans.
fn banned() -> BTreeSet<String> {
    let deny = read_toml("deny.toml");
    deny["bans"]["deny"]
        .as_array()
        .expect("[bans] deny list")
        .iter()
        .map(|e| match e {
            toml::Value::String(s) => s.clone(),
            other => other["crate"].as_str().expect("crate name").to_string(),
        })
        .collect()
}

/// Names of the crates keylint's binary and library are built from.
fn default_build_crates() -> BTreeSet<String> {
    let manifest = read_toml("Cargo.toml");
    let lock = read_toml("Cargo.lock");
    let mut deps: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in lock["package"].as_array().expect("packages") {
        let name = p["name"].as_str().expect("name").to_string();
        let list: Vec<String> = p
            .get("dependencies")
            .and_then(|d| d.as_array())
            .map(|d| {
                d.iter()
                    // "name" or "name version" when several versions are locked.
                    .filter_map(|s| s.as_str()?.split(' ').next().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        deps.entry(name).or_default().extend(list);
    }
    let mut todo: Vec<String> = ["dependencies", "build-dependencies"]
        .iter()
        .filter_map(|t| manifest.get(*t).and_then(|d| d.as_table()))
        .flat_map(|t| {
            t.iter().map(|(key, spec)| {
                // `alias = { package = "real-name", ... }`
                spec.get("package")
                    .and_then(|p| p.as_str())
                    .unwrap_or(key)
                    .to_string()
            })
        })
        .collect();
    let mut seen = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            todo.extend(deps.get(&name).cloned().unwrap_or_default());
        }
    }
    seen
}

#[test]
fn no_networking_crate_is_in_the_default_build() {
    let banned = banned();
    // The list itself cannot quietly shrink.
    for core in [
        "reqwest",
        "hyper",
        "ureq",
        "curl",
        "rustls",
        "openssl",
        "native-tls",
        "socket2",
        "tokio",
        "mio",
    ] {
        assert!(banned.contains(core), "deny.toml no longer bans {core}");
    }
    let crates = default_build_crates();
    // Sanity: the walk reached the dependency tree (direct and transitive).
    for expected in [
        "regex",
        "regex-automata",
        "ignore",
        "crossbeam-deque",
        "miette",
    ] {
        assert!(
            crates.contains(expected),
            "{expected} not reached: {crates:?}"
        );
    }
    let found: Vec<&String> = crates.intersection(&banned).collect();
    assert!(
        found.is_empty(),
        "networking crates in keylint's build: {found:?}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_scan_makes_no_network_system_call() {
    let probe = std::process::Command::new("strace")
        .args(["-qq", "-e", "trace=none", "true"])
        .output();
    if !probe.as_ref().is_ok_and(|o| o.status.success()) {
        eprintln!("skipping: strace is not installed or may not trace here ({probe:?})");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bot-repo");
    for format in ["human", "json", "sarif"] {
        let out = std::process::Command::new("strace")
            .args(["-f", "-qq", "-e", "trace=%network", "-o"])
            .arg(&trace)
            .arg(env!("CARGO_BIN_EXE_keylint"))
            .args(["scan", "--format", format])
            .arg(&fixture)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}: the scan ran");
        let calls = std::fs::read_to_string(&trace).unwrap();
        assert_eq!(calls, "", "{format}: network system calls");
    }
}
