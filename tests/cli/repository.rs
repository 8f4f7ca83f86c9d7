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
/// reported, and a file the .gitignore covers is not reported either.
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
    // Covered by the .gitignore: the intended setup. Outside git the walk reads it all the
    // same (nothing applies a .gitignore to a copied tree), so its values are judged.
    std::fs::write(dir.path().join(".gitignore"), "*.log\n.env\n").unwrap();
    std::fs::write(
        dir.path().join(".env"),
        "GITHUB_TOKEN=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\n",
    )
    .unwrap();
    let out = outside_any_repo_in(dir.path(), &["scan", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(repository_findings(&report), Vec::<(String, String)>::new());
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["github-token"]);
}

/// `(path, line, rule)` of the findings of repository rules.
fn reviewed(report: &serde_json::Value) -> Vec<(String, u64, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["detector"] == "repository")
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["rule_id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A repository on `main` with a known key (`legacy.py`) and a feature branch.
fn branch() -> Option<GitRepo> {
    let r = repo()?;
    r.write(".gitignore", "*.log\n");
    r.write(
        "legacy.py",
        &format!("import os\nBINANCE_API_SECRET = \"{BINANCE_SECRET}\"\n"),
    );
    r.write("bot.py", "import os\n");
    r.commit_all("main");
    r.git(&["checkout", "-q", "-b", "feature"]);
    Some(r)
}

fn diff_report(r: &GitRepo, extra: &[&str]) -> (serde_json::Value, i32) {
    let mut args = vec!["scan", "--format", "json", "--diff", "main"];
    args.extend_from_slice(extra);
    let out = run_in(r.path(), &args);
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}{}", stdout(&out), stderr(&out)));
    (v, code(&out))
}

/// The test: a pull request adding `# gitleaks:allow` beside a key is reported
/// by --diff, and so is a marker added above a key committed long ago.
#[test]
fn diff_reports_a_suppression_marker_the_pull_request_adds() {
    let Some(r) = branch() else { return };
    r.write(
        "bot.py",
        &format!("import os\nTG = \"{TELEGRAM_TOKEN}\"  # gitleaks:allow\n"),
    );
    r.write(
        "legacy.py",
        &format!("import os\n# keylint:allow\nBINANCE_API_SECRET = \"{BINANCE_SECRET}\"\n"),
    );
    r.commit_all("quiet the scanner");
    let (report, code) = diff_report(&r, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        reviewed(&report),
        vec![
            ("bot.py".into(), 2, "suppression-marker-added".into()),
            ("legacy.py".into(), 2, "suppression-marker-added".into()),
        ]
    );
    // The hidden keys themselves are not reported: only the markers are.
    assert_eq!(report["findings"].as_array().unwrap().len(), 2);
    let marker = &report["findings"][0];
    assert_eq!(
        marker["message"],
        "`gitleaks:allow` added by this change hides 1 finding: telegram-bot-token at bot.py:2"
    );
    assert_eq!(marker["column"], 58); // `TG = "` + 46-char token + `"  # `
    assert_eq!(marker["related"][0]["line"], 2);
    assert_eq!(
        marker["related"][0]["message"],
        "hidden: Telegram bot token (high)"
    );
    assert_eq!(report["findings"][1]["related"][0]["line"], 3);
    // Human output: one diagnostic with the marker and the masked key as labels.
    let human = stdout(&run_in(r.path(), &["scan", "--diff", "main"]));
    assert!(
        human.contains("╰── hidden: Telegram bot token (high)"),
        "{human}"
    );
    assert!(!human.contains(TELEGRAM_TOKEN), "{human}");
    insta::assert_snapshot!("diff_suppression_marker_human", human);
    // Off for teams that review these lines anyway.
    let (trusted, code) = diff_report(&r, &["--trust-suppressions"]);
    assert_eq!(code, 0);
    assert_eq!(reviewed(&trusted), Vec::new());
}

#[test]
fn diff_reports_ignore_file_config_and_baseline_changes_that_hide_findings() {
    let Some(r) = branch() else { return };
    r.write(
        "secrets/prod.env",
        &format!("GITHUB_TOKEN={GITHUB_TOKEN}\n"),
    );
    r.commit_all("main: a tracked secrets file");
    r.git(&["branch", "-q", "-f", "main", "HEAD"]);
    // The pull request: ignore the secrets directory, allowlist legacy.py, and accept
    // a new key through the baseline.
    r.write(".keylintignore", "docs/\nsecrets/\n");
    r.write(".keylint.toml", "[allowlist]\npaths = [\"legacy.py\"]\n");
    r.write(
        "bot.py",
        &format!("import os\nAWS_ACCESS_KEY_ID = \"{AWS_KEY_ID}\"\n"),
    );
    let created = run_in(r.path(), &["baseline", "create", "--no-config", "bot.py"]);
    assert_eq!(code(&created), 0, "{}", stderr(&created));
    r.commit_all("tidy up");
    let (report, code) = diff_report(&r, &["--baseline", ".keylint-baseline.json"]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(
        reviewed(&report),
        vec![
            (
                ".keylint-baseline.json".into(),
                5,
                "baseline-hides-finding".into()
            ),
            (".keylint.toml".into(), 1, "config-hides-finding".into()),
            (
                ".keylintignore".into(),
                2,
                "ignore-file-hides-finding".into()
            ),
        ]
    );
    let messages: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "baseline entry added by this change hides aws-access-key-id at bot.py:2",
            "`.keylint.toml` changed by this change hides 1 finding the previous version reports: binance-api-secret at legacy.py:2",
            "`.keylintignore` pattern `secrets/` added by this change excludes secrets/prod.env, hiding 1 finding: github-token at secrets/prod.env:1",
        ]
    );
    let human = stdout(&run_in(
        r.path(),
        &[
            "scan",
            "--diff",
            "main",
            "--baseline",
            ".keylint-baseline.json",
        ],
    ));
    assert!(
        !human.contains(GITHUB_TOKEN) && !human.contains(AWS_KEY_ID),
        "{human}"
    );
    insta::assert_snapshot!("diff_hiding_changes_human", human);
    // GitLab's dashboard gets them as vulnerabilities of their own, schema-valid.
    let out = run_in(
        r.path(),
        &[
            "scan",
            "--diff",
            "main",
            "--baseline",
            ".keylint-baseline.json",
            "--format",
            "gitlab",
        ],
    );
    let gitlab: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(super::gitlab::schema_errors(&gitlab), Vec::<String>::new());
    super::gitlab::assert_required_fields(&gitlab);
    let names: Vec<&str> = gitlab["vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["identifiers"][0]["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "baseline-hides-finding",
            "config-hides-finding",
            "ignore-file-hides-finding"
        ]
    );
    assert!(!stdout(&out).contains(GITHUB_TOKEN), "{}", stdout(&out));
    let (trusted, _) = diff_report(
        &r,
        &[
            "--baseline",
            ".keylint-baseline.json",
            "--trust-suppressions",
        ],
    );
    assert_eq!(reviewed(&trusted), Vec::new());
}

#[test]
fn staged_reports_a_suppression_marker_the_commit_adds() {
    let r = require_git!();
    r.write("bot.py", "import os\n");
    r.commit_all("init");
    r.write(
        "bot.py",
        &format!("import os\nKEY = \"{GITHUB_TOKEN}\"  # pragma: allowlist secret\n"),
    );
    r.git(&["add", "bot.py"]);
    let out = run_in(r.path(), &["scan", "--staged", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        reviewed(&report),
        vec![("bot.py".into(), 2, "suppression-marker-added".into())]
    );
    let quiet = run_in(r.path(), &["scan", "--staged", "--trust-suppressions"]);
    assert_eq!(code(&quiet), 0, "{}", stdout(&quiet));
}

/// Every repository rule is made to fire by a test above.
#[test]
fn every_repository_rule_fires_somewhere() {
    let rules = keylint::rules::RuleSet::builtin().unwrap();
    let mut ids: Vec<&str> = rules
        .rules()
        .iter()
        .filter(|r| r.kind == keylint::rules::RuleKind::Repository)
        .map(|r| r.id.as_str())
        .collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "baseline-hides-finding",
            "config-hides-finding",
            "credential-file-tracked",
            "credential-file-unignored",
            "ignore-file-hides-finding",
            "suppression-marker-added",
        ]
    );
}

/// At commit time: a `.keylintignore` staged with the file it hides, and a config that
/// turns the review rules off, are reported against `HEAD`.
#[test]
fn staged_reports_an_ignore_file_and_a_config_that_hide_findings() {
    let r = require_git!();
    r.write("bot.py", "import os\n");
    r.commit_all("init");
    r.write(
        "secrets/prod.env",
        &format!("GITHUB_TOKEN={GITHUB_TOKEN}\n"),
    );
    r.write(".keylintignore", "secrets/\n");
    r.write(
        ".keylint.toml",
        "disabled_rules = [\"suppression-marker-added\"]\n",
    );
    r.git(&["add", "-A"]);
    let out = run_in(r.path(), &["scan", "--staged", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        reviewed(&report),
        vec![
            (".keylint.toml".into(), 1, "config-hides-finding".into()),
            (
                ".keylintignore".into(),
                1,
                "ignore-file-hides-finding".into()
            ),
        ]
    );
    let messages: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "`.keylint.toml` changed by this change turns off suppression-marker-added",
            "`.keylintignore` pattern `secrets/` added by this change excludes secrets/prod.env, hiding 1 finding: github-token at secrets/prod.env:1",
        ]
    );
    let quiet = run_in(r.path(), &["scan", "--staged", "--trust-suppressions"]);
    assert_eq!(code(&quiet), 0, "{}", stdout(&quiet));
}
