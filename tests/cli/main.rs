//! Integration tests: drive the built `keylint` binary on copies of `fixtures/`.

mod baseline;
mod config;
mod exit_codes;
mod git;
mod gitrepo;
mod history;
mod notebook;
mod output_formats;
mod redaction;
mod rules_cmd;
mod scan;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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
