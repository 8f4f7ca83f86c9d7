//! Findings about the repository itself (`kind = "repository"` rules): credential
//! files git tracks or does not ignore (`keylint scan` of a directory), and changes
//! that would silence keylint (`scan --diff`, `--staged`).

use super::gitrepo::*;
use super::*;
use crate::require_git;

/// `(path, rule)` of the findings of repository rules, in report order.
fn repository_findings(report: &serde_json::Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["detector"] == "repository")
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["rule_id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(t: &[(&str, &str)]) -> Vec<(String, String)> {
    t.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

const CERT: &str =
    "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n-----END CERTIFICATE-----\n";

/// In a git repository: a tracked `.env` is reported even after .gitignore lists it, an
/// untracked one that .gitignore misses too; ignored ones, templates, certificates
/// and encrypted files are not; `--verbose` counts the ignored ones as safe.
#[test]
fn credential_files_are_checked_against_git() {
    let r = require_git!();
    r.write(".env", "BINANCE_API_KEY=\n"); // placeholders only, still tracked
    r.write(".env.example", "BINANCE_API_KEY=<your key>\n");
    r.write("certs/ca.pem", CERT);
    r.write("deploy/secrets.enc.yaml", "sops: {}\n");
    r.write("bot.py", "import os\n");
    r.commit_all("init");
    // Listed in .gitignore after it was committed: git still tracks it.
    r.write(".gitignore", ".env\nlocal/\n");
    r.write("local/.env", "X=1\n"); // ignored, never committed
    r.write("keys/id_ed25519", "placeholder\n"); // neither tracked nor ignored
    r.write("config/secrets.json", "{}\n");
    let report = json_report(r.path(), &[]);
    assert_eq!(
        repository_findings(&report),
        pairs(&[
            (".env", "credential-file-tracked"),
            ("config/secrets.json", "credential-file-unignored"),
            ("keys/id_ed25519", "credential-file-unignored"),
        ])
    );
    let tracked = &report["findings"][0];
    assert_eq!(
        tracked["message"],
        "environment file `.env` is tracked by git: every key written to it is committed"
    );
    assert!(
        tracked["remediation"].as_str().unwrap().starts_with(
            "stop tracking it: `git rm --cached .env`, add the line `.env` to .gitignore"
        ),
        "{}",
        tracked["remediation"]
    );
    assert_eq!(tracked["secret"]["length"], 0);
    let key = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "keys/id_ed25519")
        .unwrap();
    assert!(
        key["remediation"].as_str().unwrap().starts_with(
            "add the line `keys/id_ed25519` to .gitignore (`echo keys/id_ed25519 >> .gitignore`)"
        ),
        "{}",
        key["remediation"]
    );
    // Only with --verbose: ignored credential files are counted, never read.
    assert_eq!(report["summary"].get("credential_files_ignored"), None);
    let verbose = json_report(r.path(), &["--verbose"]);
    assert_eq!(verbose["summary"]["credential_files_ignored"], 1);
    let human = stdout(&run_in(r.path(), &["scan", "--verbose"]));
    assert!(
        human.contains(
            "safe: 1 credential file (.env, keys) ignored by git and not tracked (values not read)"
        ),
        "{human}"
    );
    // From a subdirectory: only what is under it.
    let sub = json_report(&r.path().join("keys"), &[]);
    assert_eq!(
        repository_findings(&sub),
        pairs(&[("id_ed25519", "credential-file-unignored")])
    );
    // --no-ignore reads ignored files: the ignore check is off, the tracked one stays.
    let all = json_report(r.path(), &["--no-ignore"]);
    assert_eq!(
        repository_findings(&all),
        pairs(&[(".env", "credential-file-tracked")])
    );
    // Explicit files are not a directory scan.
    let files = json_report(r.path(), &[".env", "keys/id_ed25519"]);
    assert_eq!(repository_findings(&files), Vec::<(String, String)>::new());
    // Allowlisted paths and disabled rules are honoured.
    r.write(
        ".keylint.toml",
        "disabled_rules = [\"credential-file-unignored\"]\n[allowlist]\npaths = [\".env\"]\n",
    );
    assert_eq!(
        repository_findings(&json_report(r.path(), &[])),
        Vec::<(String, String)>::new()
    );
}

/// Outside git the ignore check needs a .gitignore to judge by; without one nothing is
/// reported.
#[test]
fn outside_git_only_a_gitignore_makes_an_unignored_file_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".env"), "X=\n").unwrap();
    std::fs::write(dir.path().join("bot.py"), "import os\n").unwrap();
    let out = outside_any_repo_in(dir.path(), &["scan", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(repository_findings(&report), Vec::<(String, String)>::new());
    assert_eq!(code(&out), 0);
    std::fs::write(dir.path().join(".gitignore"), "*.log\n").unwrap();
    let out = outside_any_repo_in(dir.path(), &["scan", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        repository_findings(&report),
        pairs(&[(".env", "credential-file-unignored")])
    );
    assert_eq!(
        report["findings"][0]["message"],
        "environment file `.env` is not covered by .gitignore: `git add .` would commit it"
    );
}
