//! `keylint history` on throwaway repositories: secrets added then deleted, on
//! branches that are not checked out, copied between paths; shallow and corrupt
//! repositories; output formats.

use super::gitrepo::*;
use super::*;
use crate::require_git;

fn history_json(dir: &Path, extra: &[&str]) -> (serde_json::Value, i32) {
    let mut args = vec!["history", "--format", "json"];
    args.extend_from_slice(extra);
    let out = run_in(dir, &args);
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {} {}", stdout(&out), stderr(&out)));
    (report, code(&out))
}

/// `(path, line, rule, introducing commit, present at HEAD, every path)` per finding.
type Row = (String, u64, String, String, bool, Vec<String>);

fn rows(report: &serde_json::Value) -> Vec<Row> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["rule_id"].as_str().unwrap().to_string(),
                f["commit"]["id"].as_str().unwrap().to_string(),
                f["properties"]["present_at_head"].as_bool().unwrap(),
                f["properties"]["paths"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

fn row(path: &str, line: u64, rule: &str, commit: &str, at_head: bool, paths: &[&str]) -> Row {
    (
        path.into(),
        line,
        rule.into(),
        commit.into(),
        at_head,
        paths.iter().map(|p| p.to_string()).collect(),
    )
}

#[test]
fn secret_added_then_deleted_is_found_with_its_commit() {
    let r = require_git!();
    r.write("README.md", "# bot\n");
    r.commit_all("init");
    r.write(
        "config.py",
        &format!("import os\nBINANCE_API_SECRET = \"{BINANCE_SECRET}\"\n"),
    );
    let added = r.commit_all("add config");
    r.write(
        "config.py",
        "import os\nBINANCE_API_SECRET = os.environ[\"BINANCE_API_SECRET\"]\n",
    );
    r.commit_all("read it from the environment");
    let (report, code) = history_json(r.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        rows(&report),
        vec![row(
            "config.py",
            2,
            "binance-api-secret",
            &added,
            false,
            &["config.py"]
        )]
    );
    let f = &report["findings"][0];
    assert_eq!(f["commit"]["author"], "Ada Lovelace <ada@example.com>");
    assert_eq!(f["commit"]["date"], "2024-03-01T01:00:00+00:00");
    let help = f["remediation"].as_str().unwrap();
    assert!(help.starts_with("not in the tree at HEAD"), "{help}");
    assert!(help.contains("git filter-repo"), "{help}");
    assert_eq!(report["summary"]["commits_scanned"], 3);
    // Blobs: README, config v1, config v2 — each scanned once.
    assert_eq!(report["summary"]["files_scanned"], 3);
    assert_eq!(report["summary"]["complete"], true);
}

#[test]
fn secret_on_a_branch_that_is_not_checked_out() {
    let r = require_git!();
    r.write("a.txt", "a\n");
    r.commit_all("init");
    r.git(&["checkout", "-q", "-b", "experiment"]);
    r.write("deploy.env", &format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n"));
    let on_branch = r.commit_all("try aws");
    r.git(&["checkout", "-q", "main"]);
    let (report, _) = history_json(r.path(), &[]);
    assert_eq!(
        rows(&report),
        vec![row(
            "deploy.env",
            1,
            "aws-access-key-id",
            &on_branch,
            false,
            &["deploy.env"]
        )]
    );
    // --branch narrows the walk to what main can reach.
    let (report, code) = history_json(r.path(), &["--branch", "main"]);
    assert_eq!(code, 0);
    assert!(rows(&report).is_empty());
    assert_eq!(report["summary"]["commits_scanned"], 1);
}

#[test]
fn one_finding_per_secret_with_every_path_and_presence_at_head() {
    let r = require_git!();
    r.write("bot/keys.env", &format!("GH={GITHUB_TOKEN}\n"));
    let first = r.commit_all("add token");
    // The same token, edited around, copied and renamed: still one secret.
    r.write("bot/keys.env", &format!("# keys\nGH={GITHUB_TOKEN}\n"));
    r.write("ops/copy.env", &format!("GH={GITHUB_TOKEN}\n"));
    r.commit_all("copy it");
    r.git(&["mv", "bot/keys.env", "bot/secrets.env"]);
    r.commit_all("rename");
    let (report, _) = history_json(r.path(), &[]);
    assert_eq!(
        rows(&report),
        vec![row(
            "bot/keys.env",
            1,
            "github-token",
            &first,
            true,
            &["bot/keys.env", "bot/secrets.env", "ops/copy.env"]
        )]
    );
    let help = report["findings"][0]["remediation"].as_str().unwrap();
    assert!(help.contains("It is also in the git history"), "{help}");
    // Blobs: keys v1 (= ops/copy.env), keys v2 (= bot/secrets.env); a copy or a
    // rename adds a path, not a blob.
    assert_eq!(report["summary"]["files_scanned"], 2);
}

#[test]
fn since_limits_the_commits_diffed() {
    let r = require_git!();
    r.write("old.env", &format!("GH={GITHUB_TOKEN}\n"));
    r.commit_all("2024-03-01T00:00");
    r.write("new.env", &format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n"));
    let recent = r.commit_all("2024-03-01T01:00");
    let (report, _) = history_json(r.path(), &["--since", "2024-03-01T00:30:00+00:00"]);
    assert_eq!(
        rows(&report),
        vec![row(
            "new.env",
            1,
            "aws-access-key-id",
            &recent,
            true,
            &["new.env"]
        )]
    );
    assert_eq!(report["summary"]["commits_scanned"], 1);
    let out = run_in(r.path(), &["history", "--since", "someday"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("`someday` is not a date"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn shallow_clone_is_flagged_incomplete_but_reports_what_it_has() {
    let r = require_git!();
    r.write("a.env", &format!("GH={GITHUB_TOKEN}\n"));
    r.commit_all("one");
    r.write("b.env", &format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n"));
    let tip = r.commit_all("two");
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.path().display());
    let out = git_cmd(clone.path())
        .args(["clone", "-q", "--depth", "1", &url, "."])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run_in(clone.path(), &["history", "--format", "json"]);
    assert_eq!(code(&out), 2, "incomplete");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The boundary commit's whole tree is scanned, so both secrets are found there.
    assert_eq!(
        rows(&report),
        vec![
            row("a.env", 1, "github-token", &tip, true, &["a.env"]),
            row("b.env", 1, "aws-access-key-id", &tip, true, &["b.env"]),
        ]
    );
    assert_eq!(report["summary"]["complete"], false);
    assert_eq!(report["issues"][0]["kind"], "git");
    let err = stderr(&out);
    assert!(err.contains("shallow clone"), "{err}");
    assert!(err.contains("git fetch --unshallow"), "{err}");
}

#[test]
fn missing_objects_are_errors_and_the_rest_is_still_scanned() {
    let r = require_git!();
    r.write("a.env", &format!("GH={GITHUB_TOKEN}\n"));
    r.commit_all("one");
    r.write("b.env", &format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n"));
    let second = r.commit_all("two");
    let blob = r.git(&["rev-parse", "HEAD:a.env"]);
    let parent = r.git(&["rev-parse", "HEAD~1"]);
    std::fs::remove_file(r.loose_object(&blob)).unwrap();
    let (report, code) = history_json(r.path(), &[]);
    assert_eq!(code, 2);
    assert_eq!(
        rows(&report),
        vec![row(
            "b.env",
            1,
            "aws-access-key-id",
            &second,
            true,
            &["b.env"]
        )]
    );
    let issues = report["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0]["path"], "a.env");
    assert!(
        issues[0]["message"]
            .as_str()
            .unwrap()
            .contains("is missing")
    );

    // A missing commit cuts the walk there; commits above it are still scanned.
    std::fs::remove_file(r.loose_object(&parent)).unwrap();
    let (report, code) = history_json(r.path(), &[]);
    assert_eq!(code, 2);
    assert_eq!(report["summary"]["commits_scanned"], 1);
    let messages: Vec<&str> = report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains(&format!(
            "commit {parent} (parent of {second}) could not be read"
        ))),
        "{messages:?}"
    );
}

#[test]
fn not_a_repository_is_a_clear_error() {
    let out = outside_any_repo(&["history", "."]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains(". is not inside a git repository"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn human_and_sarif_output_carry_the_commit() {
    let r = require_git!();
    r.write("bot.py", &format!("TOKEN = \"{TELEGRAM_TOKEN}\"\n"));
    let added = r.commit_all("add");
    r.remove("bot.py");
    r.commit_all("remove");

    let human = run_in(r.path(), &["history"]);
    let text = stdout(&human);
    assert!(
        text.contains(&format!(
            "introduced in {} by Ada Lovelace <ada@example.com> on 2024-03-01T00:00:00+00:00",
            &added[..10]
        )),
        "{text}"
    );
    assert!(text.contains("not present at HEAD"), "{text}");
    assert!(
        text.contains("keylint: 1 finding (1 high) · 2 commits, 1 blob,"),
        "{text}"
    );
    assert!(!text.contains(TELEGRAM_TOKEN));

    let out = run_in(r.path(), &["history", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "telegram-bot-token");
    assert_eq!(result["properties"]["commit"]["id"], added.as_str());
    assert_eq!(result["properties"]["present_at_head"], false);
    assert_eq!(result["properties"]["paths"], serde_json::json!(["bot.py"]));
    if let Some(errors) = sarif_schema_errors(&sarif) {
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn history_baseline_accepts_known_secrets_under_any_of_their_paths() {
    let r = require_git!();
    r.write("keys.env", &format!("GH={GITHUB_TOKEN}\n"));
    r.commit_all("add");
    r.git(&["mv", "keys.env", "moved.env"]);
    r.commit_all("move");
    // A working-tree baseline knows the token under its current path only.
    let out = run_in(r.path(), &["baseline", "create"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    r.write("new.env", &format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n"));
    r.commit_all("another");
    let (report, code) = history_json(r.path(), &["--baseline", ".keylint-baseline.json"]);
    assert_eq!(code, 1);
    let found: Vec<String> = rows(&report).into_iter().map(|r| r.0).collect();
    assert_eq!(found, vec!["new.env".to_string()]);
    assert_eq!(report["summary"]["baselined"], 1);
    assert_eq!(report["baseline"]["stale"], serde_json::json!([]));
}

/// A Python module of `n` one-line handlers (about 64 bytes each): large enough that
/// history scans its new versions only around what changed.
fn handlers(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("def handler_{i:04}(event):  return event.get('field_{i:04}', {i})\n"))
        .collect()
}

#[test]
fn secret_added_in_version_three_of_a_large_file_edited_in_many_commits() {
    let r = require_git!();
    let mut lines = handlers(800);
    r.write("bot/strategy.py", &lines.concat());
    r.commit_all("v1");
    lines[10] = "def handler_0010(event):  return None\n".into();
    r.commit_lines("bot/strategy.py", &lines, "v2");
    lines.insert(400, format!("BINANCE_API_SECRET = \"{BINANCE_SECRET}\"\n"));
    let added = r.commit_lines("bot/strategy.py", &lines, "v3: the secret, line 401");
    // Later versions edit far from it and above it: its line moves, the secret stays.
    for k in 0..6 {
        lines.insert(0, format!("# note {k}\n"));
        lines[700 - k] = format!("def handler_late_{k}(event):  return {k}\n");
        r.commit_lines("bot/strategy.py", &lines, &format!("v{}", 4 + k));
    }
    let (report, code) = history_json(r.path(), &[]);
    assert_eq!(code, 1);
    // Reported in the version that added it (line 401 there), and still at HEAD
    // (six versions later, none of which changed its line).
    assert_eq!(
        rows(&report),
        vec![row(
            "bot/strategy.py",
            401,
            "binance-api-secret",
            &added,
            true,
            &["bot/strategy.py"]
        )]
    );
    assert_eq!(report["summary"]["files_scanned"], 9);
}

#[test]
fn secret_moved_between_large_files_then_removed() {
    let r = require_git!();
    let mut a = handlers(600);
    let mut b: Vec<String> = handlers(600)
        .into_iter()
        .map(|l| l.replace("handler", "worker"))
        .collect();
    r.write("a.py", &a.concat());
    r.write("b.py", &b.concat());
    r.commit_all("v1");
    a.insert(300, format!("BINANCE_API_SECRET = \"{BINANCE_SECRET}\"\n"));
    let added = r.commit_lines("a.py", &a, "add the secret to a.py");
    a[20] = "# edited far away\n".into();
    r.commit_lines("a.py", &a, "edit a.py");
    // Moved: out of a.py, into b.py (a new version of a large file too).
    let moved = a.remove(300);
    r.write("a.py", &a.concat());
    b.insert(100, moved);
    r.commit_lines("b.py", &b, "move it to b.py");
    b[500] = "# edited far away\n".into();
    r.commit_lines("b.py", &b, "edit b.py");
    let (report, _) = history_json(r.path(), &[]);
    assert_eq!(
        rows(&report),
        vec![row(
            "a.py",
            301,
            "binance-api-secret",
            &added,
            true,
            &["a.py", "b.py"]
        )]
    );
    // Removed from b.py as well: only in history now.
    b.remove(100);
    b[400] = "# edited again\n".into();
    r.commit_lines("b.py", &b, "remove it");
    let (report, _) = history_json(r.path(), &[]);
    assert_eq!(
        rows(&report),
        vec![row(
            "a.py",
            301,
            "binance-api-secret",
            &added,
            false,
            &["a.py", "b.py"]
        )]
    );
}

#[test]
fn a_pem_block_whose_middle_changed_in_a_large_file() {
    let r = require_git!();
    let key = |middle: &str| {
        format!(
            "COINBASE_CDP_KEY = \"\"\"-----BEGIN EC PRIVATE KEY-----\n\
             TjFHz1btaXcHHzZ/xVj5PAHVh+NC5zzbKH19ryC4hYoW4Phf77IWw6yE+7FAMlZL\n\
             {middle}\n\
             8/h0cyoeUMmqIbdRIFUAaPd7I/DXbY5NYFeGD7cnl0eIZNMRS1pq6O2pdp4e61j/\n\
             -----END EC PRIVATE KEY-----\"\"\"\n"
        )
    };
    let mut lines = handlers(500);
    lines.insert(
        200,
        key("Xq3vR8mWz1TnB5kLp0YcHs7JdGf2UaE9oQiK4tNr6VbMxPw+yZlCeA/hDjSuOg"),
    );
    let first = r.commit_lines("exchange.py", &lines, "v1");
    lines[200] = key("Fm2Kx9QwTz4Lb7Ns1VcPe8Hy0RuJd5GaYk3Wo6MiBnZqXt+EsDlAhC/gUrjIvO");
    let second = r.commit_lines("exchange.py", &lines, "v2: one line of the key changed");
    let (report, _) = history_json(r.path(), &[]);
    let mut got: Vec<(u64, String, bool)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["commit"]["id"].as_str().unwrap().to_string(),
                f["properties"]["present_at_head"].as_bool().unwrap(),
            )
        })
        .collect();
    got.sort();
    // Two keys, both from the BEGIN line (201): the old one only in history.
    let mut want = vec![(201, first, false), (201, second, true)];
    want.sort();
    assert_eq!(got, want);
}
