//! Throwaway git repositories for the git workflow tests, built with the `git` CLI
//! (tests only; keylint itself reads repositories with gix). Every command runs with
//! no user or system configuration and fixed dates, so commit ids are reproducible.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Synthetic secrets (generated once, committed; the same values as the fixtures').
pub const BINANCE_SECRET: &str = "5xrbw0aRFvKyQQbV4iOmSpnXJzjdO9KnUcOwcOBExM3tnY4WftHKrmUeUKjuZSib";
pub const GITHUB_TOKEN: &str = "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";
pub const TELEGRAM_TOKEN: &str = "3833747758:AAyH8j1vwhIT-A7rP-eAmILknoqgR9M9Jx3";
pub const AWS_KEY_ID: &str = "AKIAVL6BFXY2BYZGDHTH";

pub struct GitRepo {
    dir: tempfile::TempDir,
    /// Commits made so far; each gets the next fixed date.
    ticks: std::cell::Cell<u32>,
}

/// A fresh repository on branch `main`, or `None` (test skipped) without `git`.
pub fn repo() -> Option<GitRepo> {
    let ok = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipping: the `git` CLI is not installed (needed to build test repositories)");
        return None;
    }
    let r = GitRepo {
        dir: tempfile::tempdir().expect("temp dir"),
        ticks: std::cell::Cell::new(0),
    };
    r.git(&["init", "-q", "-b", "main", "."]);
    Some(r)
}

/// `let r = require_git!();` — skip the test cleanly when `git` is absent.
#[macro_export]
macro_rules! require_git {
    () => {
        match $crate::gitrepo::repo() {
            Some(r) => r,
            None => return,
        }
    };
}

/// `git` with configuration isolated from the machine's.
pub fn git_cmd(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "Ada Lovelace")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Ada Lovelace")
        .env("GIT_COMMITTER_EMAIL", "ada@example.com")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE");
    c
}

impl GitRepo {
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Run git; panics with its stderr if it fails.
    pub fn git(&self, args: &[&str]) -> String {
        let out = self.git_output(args);
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    pub fn git_output(&self, args: &[&str]) -> Output {
        let t = self.ticks.get();
        let date = format!("2024-03-{:02}T{:02}:00:00+00:00", 1 + t / 24, t % 24);
        git_cmd(self.path())
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .args(args)
            .output()
            .expect("run git")
    }

    pub fn write(&self, path: &str, text: &str) {
        let p = self.path().join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(p, text).expect("write");
    }

    pub fn remove(&self, path: &str) {
        std::fs::remove_file(self.path().join(path)).expect("remove");
    }

    /// Stage everything and commit; returns the new commit's id.
    /// Write `lines` to `path` and commit everything.
    pub fn commit_lines(&self, path: &str, lines: &[String], message: &str) -> String {
        self.write(path, &lines.concat());
        self.commit_all(message)
    }

    pub fn commit_all(&self, message: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--no-verify", "-m", message]);
        self.ticks.set(self.ticks.get() + 1);
        self.git(&["rev-parse", "HEAD"])
    }

    /// Path of a loose object, to corrupt the repository on purpose.
    pub fn loose_object(&self, id: &str) -> PathBuf {
        self.path()
            .join(".git/objects")
            .join(&id[..2])
            .join(&id[2..])
    }
}

/// Run keylint in a fresh directory that no repository encloses.
/// Run keylint in `dir`, with git told not to look above it.
pub fn outside_any_repo_in(dir: &Path, args: &[&str]) -> Output {
    super::keylint()
        .current_dir(dir)
        .env("GIT_CEILING_DIRECTORIES", dir.parent().expect("parent"))
        .args(args)
        .output()
        .expect("run keylint")
}

pub fn outside_any_repo(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("temp dir");
    super::keylint()
        .current_dir(dir.path())
        .env(
            "GIT_CEILING_DIRECTORIES",
            dir.path().parent().expect("parent"),
        )
        .args(args)
        .output()
        .expect("run keylint")
}
