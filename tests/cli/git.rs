//! Pre-commit and pull-request workflows on throwaway git repositories:
//! `scan --staged`, `install-hook`, `scan --diff BASE`.

use super::gitrepo::*;
use super::*;
use crate::require_git;

fn binance(name: &str) -> String {
    format!("{name} = \"{BINANCE_SECRET}\"\n")
}

#[test]
fn staged_scan_reads_the_index_not_the_working_tree() {
    let r = require_git!();
    r.write("app.py", "import os\n");
    r.write("notes.txt", "nothing here\n");
    r.commit_all("init");
    // Staged: a secret on line 3 of the staged version…
    r.write(
        "app.py",
        &format!("import os\n\n{}", binance("BINANCE_API_SECRET")),
    );
    r.git(&["add", "app.py"]);
    // …then removed from the working file without staging: the commit would still hold it.
    r.write("app.py", "import os\n");
    // Unstaged and untracked secrets are not part of the commit.
    r.write("notes.txt", &format!("GH={GITHUB_TOKEN}\n"));
    r.write("untracked.env", &format!("GH={GITHUB_TOKEN}\n"));
    let out = run_in(r.path(), &["scan", "--staged", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        finding_triples(&report),
        vec![("app.py".into(), 3, "binance-api-secret".into())]
    );
    assert_eq!(report["summary"]["files_scanned"], 1);
    let help = report["findings"][0]["remediation"].as_str().unwrap();
    assert!(
        help.contains("Fix the file and `git add` it again"),
        "{help}"
    );
    assert!(!help.contains("already exposed"), "{help}");
}

#[test]
fn staged_scan_skips_files_unchanged_since_head_and_honours_allowlists() {
    let r = require_git!();
    r.write("old/legacy.env", &format!("GH={GITHUB_TOKEN}\n"));
    r.write("src/a.py", "x = 1\n");
    r.write("deep/er/still/b.py", "y = 2\n");
    // Committed with the code: a config the commit changes is reviewed on its own
    // (tests/cli/repository.rs).
    r.write(".keylint.toml", "[allowlist]\npaths = [\"fixtures/**\"]\n");
    r.commit_all("init with a known secret");
    r.write(
        "src/a.py",
        &format!("x = 1\ntoken = \"{TELEGRAM_TOKEN}\"\n"),
    );
    r.write(
        "deep/er/still/c.env",
        &format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n"),
    );
    r.write("fixtures/sample.env", &format!("GH={GITHUB_TOKEN}\n"));
    r.git(&["add", "-A"]);
    let expected: Vec<(String, u64, String)> = vec![
        ("deep/er/still/c.env".into(), 1, "aws-access-key-id".into()),
        ("src/a.py".into(), 2, "telegram-bot-token".into()),
    ];
    assert_eq!(
        finding_triples(&json_report(r.path(), &["--staged"])),
        expected
    );
    // From a subdirectory: same repository-relative paths, same root config.
    let sub = r.path().join("deep/er");
    assert_eq!(finding_triples(&json_report(&sub, &["--staged"])), expected);
}

#[test]
fn staged_scan_on_an_unborn_branch_scans_every_entry() {
    let r = require_git!();
    r.write("a.env", &format!("GH={GITHUB_TOKEN}\n"));
    r.write("b/c.py", &binance("BINANCE_API_SECRET"));
    r.git(&["add", "-A"]);
    let found = finding_triples(&json_report(r.path(), &["--staged"]));
    assert_eq!(
        found,
        vec![
            ("a.env".into(), 1, "github-token".into()),
            ("b/c.py".into(), 1, "binance-api-secret".into()),
        ]
    );
}

#[test]
fn staged_scan_with_nothing_staged_is_clean() {
    let r = require_git!();
    r.write("a.env", &format!("GH={GITHUB_TOKEN}\n"));
    r.commit_all("init");
    let out = run_in(r.path(), &["scan", "--staged"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("keylint: no findings · 0 files"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn staged_outside_a_repository_is_a_clear_error() {
    let out = outside_any_repo(&["scan", "--staged"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("not inside a git repository"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn installed_hook_blocks_a_commit_with_a_secret() {
    let r = require_git!();
    r.write("README.md", "# bot\n");
    r.commit_all("init");
    let out = run_in(r.path(), &["install-hook"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("installed the pre-commit hook at"),
        "{}",
        stderr(&out)
    );
    let hook = r.path().join(".git/hooks/pre-commit");
    assert!(
        std::fs::read_to_string(&hook)
            .unwrap()
            .contains("scan --staged")
    );

    // `git commit -a` stages into a temporary index (GIT_INDEX_FILE); the hook must read it.
    r.write("README.md", &format!("# bot\ntoken: {GITHUB_TOKEN}\n"));
    let blocked = r.git_output(&["commit", "-a", "-m", "leak"]);
    assert_eq!(
        blocked.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&blocked.stderr)
    );
    // git runs pre-commit hooks with their stdout sent to its stderr.
    let shown = String::from_utf8_lossy(&blocked.stderr);
    assert!(shown.contains("github-token"), "{shown}");
    assert!(shown.contains("README.md:2:"), "{shown}");
    assert!(!shown.contains(GITHUB_TOKEN), "{shown}");
    assert_eq!(r.git(&["rev-list", "--count", "HEAD"]), "1");

    // A reviewed false positive, marked inline, goes through.
    r.write(
        "README.md",
        &format!("# bot\ntoken: {GITHUB_TOKEN} # keylint:allow\n"),
    );
    let allowed = r.git_output(&["commit", "-a", "-m", "allowed"]);
    assert!(
        allowed.status.success(),
        "{}",
        String::from_utf8_lossy(&allowed.stdout)
    );
    assert_eq!(r.git(&["rev-list", "--count", "HEAD"]), "2");
}

#[test]
fn install_hook_never_replaces_another_hook_without_force() {
    let r = require_git!();
    let hook = r.path().join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(&hook, "#!/bin/sh\nexec other-tool\n").unwrap();
    let out = run_in(r.path(), &["install-hook"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&hook).unwrap(),
        "#!/bin/sh\nexec other-tool\n"
    );

    assert_eq!(code(&run_in(r.path(), &["install-hook", "--force"])), 0);
    assert!(std::fs::read_to_string(&hook).unwrap().contains("keylint"));
    let again = run_in(r.path(), &["install-hook"]);
    assert_eq!(code(&again), 0, "the same hook is not 'another' hook");
    assert!(
        stderr(&again).contains("already installed"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn install_hook_follows_core_hooks_path_and_linked_worktrees() {
    let r = require_git!();
    r.write("a.txt", "a\n");
    r.commit_all("init");
    r.git(&["worktree", "add", "-q", "wt", "-b", "side"]);
    let out = run_in(&r.path().join("wt"), &["install-hook"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        r.path().join(".git/hooks/pre-commit").is_file(),
        "hooks live in the common dir"
    );

    r.git(&["config", "core.hooksPath", ".githooks"]);
    assert_eq!(code(&run_in(r.path(), &["install-hook"])), 0);
    assert!(r.path().join(".githooks/pre-commit").is_file());
}

/// A pull request: `feature` branches off `main`, then both move on.
fn pull_request() -> Option<GitRepo> {
    let r = super::gitrepo::repo()?;
    r.write(
        "bot.py",
        &format!("import os\n{}", binance("BINANCE_API_SECRET")),
    );
    r.write("settings.env", &format!("GH={GITHUB_TOKEN}\n"));
    r.commit_all("base: two secrets already on main");
    r.git(&["checkout", "-q", "-b", "feature"]);
    // The PR adds lines above the old secret (moving it down), a new secret in the
    // same file, and a new file with a secret.
    r.write(
        "bot.py",
        &format!(
            "import os\nimport sys\n\n{}TELEGRAM_BOT_TOKEN = \"{TELEGRAM_TOKEN}\"\n",
            binance("BINANCE_API_SECRET")
        ),
    );
    r.write(
        "deploy/aws.env",
        &format!("AWS_ACCESS_KEY_ID={AWS_KEY_ID}\n"),
    );
    r.commit_all("feature work");
    // Meanwhile main rotates the GitHub token out of settings.env.
    r.git(&["checkout", "-q", "main"]);
    r.write("settings.env", "GH=${GH_TOKEN}\n");
    r.commit_all("main: rotate");
    r.git(&["checkout", "-q", "feature"]);
    Some(r)
}

#[test]
fn diff_reports_only_lines_the_pull_request_adds() {
    let Some(r) = pull_request() else { return };
    // Without --diff, every secret in the tree, and the two tracked `.env` files.
    assert_eq!(finding_triples(&json_report(r.path(), &[])).len(), 6);
    let out = run_in(r.path(), &["scan", "--format", "json", "--diff", "main"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The moved Binance secret and the GitHub token that main (not the PR) changed are
    // not the PR's: the diff is against the merge base, not main's tip. The PR adds a
    // tracked `.env` file: that is the PR's too.
    assert_eq!(
        finding_triples(&report),
        vec![
            ("bot.py".into(), 5, "telegram-bot-token".into()),
            ("deploy/aws.env".into(), 1, "credential-file-tracked".into()),
            ("deploy/aws.env".into(), 1, "aws-access-key-id".into()),
        ]
    );
    assert_eq!(report["summary"]["outside_diff"], 3);
    let human = run_in(r.path(), &["scan", "--diff", "main"]);
    assert!(
        stdout(&human).contains("3 outside the diff not shown"),
        "{}",
        stdout(&human)
    );
}

#[test]
fn diff_counts_uncommitted_edits_and_untracked_files_as_added() {
    let Some(r) = pull_request() else { return };
    r.write("scratch.env", &format!("GH={GITHUB_TOKEN}\n"));
    let found = finding_triples(&json_report(
        r.path(),
        &["--diff", "main", "scratch.env", "bot.py"],
    ));
    assert_eq!(
        found,
        vec![
            ("bot.py".into(), 5, "telegram-bot-token".into()),
            ("scratch.env".into(), 1, "github-token".into()),
        ]
    );
}

#[test]
fn diff_with_an_unknown_base_is_a_clear_error() {
    let Some(r) = pull_request() else { return };
    let out = run_in(r.path(), &["scan", "--diff", "origin/nope"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("--diff base `origin/nope` is not in this repository"),
        "{err}"
    );
    assert!(err.contains("git fetch"), "{err}");
}

#[test]
fn diff_in_a_shallow_clone_says_to_fetch_the_history() {
    let Some(r) = pull_request() else { return };
    let base = r.git(&["rev-parse", "main~1"]);
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.path().display());
    let out = git_cmd(clone.path())
        .args([
            "clone", "-q", "--depth", "1", "--branch", "feature", &url, ".",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run_in(clone.path(), &["scan", "--diff", &base]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("this clone is shallow"), "{err}");
    assert!(err.contains("fetch-depth: 0"), "{err}");
}
