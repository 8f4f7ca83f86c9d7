//! `keylint fix`: move hardcoded secrets out of the code, the way a linter's `--fix`
//! would.
//!
//! ## What it does
//! Scans like `keylint scan`, then for every finding it can rewrite exactly: replaces
//! the literal with the language's environment lookup (`os.environ["NAME"]`,
//! `process.env.NAME`, `std::env::var("NAME")`, `os.Getenv("NAME")`, `${NAME}` in
//! compose files, freqtrade's `FREQTRADE__…` override), adding the import once;
//! appends `NAME=value` to the repository's `.env` (created with mode 0600), `NAME=`
//! to `.env.example`, and `.env` to `.gitignore` when it is not ignored yet; writes
//! every file atomically, keeping its encoding and line endings; re-scans the changed
//! files; and says which keys to rotate (the old values stay in git history, which
//! `fix` never rewrites).
//!
//! Stages: [`plan`] (findings → sites, one per secret value) → [`edit`] (per language
//! or format: what each literal becomes, or why it is skipped) → [`session`] (the
//! rounds that drop values also used where they cannot be rewritten, names them,
//! checks that every rewritten file still parses) → [`envfiles`] (`.env`,
//! `.env.example`, `.gitignore`) → [`apply`] (atomic writes) or [`diff`]
//! (`--dry-run`) → re-scan.
//!
//! ## Safety
//! Refuses a dirty work tree (or no git) unless `allow_dirty`, and a tracked `.env`
//! always. A value is never written anywhere but `.env`. A value that also occurs
//! where it cannot be rewritten is left everywhere (fixing one copy would only
//! spread it). `--dry-run` changes nothing and masks every value it shows.
//!
//! This module is a command above the engine: it reads [`crate::Finding`]s and the
//! rules, never the find or judge stages.

mod apply;
mod diff;
mod dotenv;
mod edit;
mod envfiles;
mod naming;
mod plan;
pub mod render;
mod repo;
mod session;
mod text;

use crate::config::Config;
use crate::engine::Engine;
use crate::error::Error;

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Print a diff (values masked) and change nothing.
    pub dry_run: bool,
    /// Fix only findings of these rules (then low-confidence ones too).
    pub rules: Vec<String>,
    /// Run on a dirty work tree, or outside git.
    pub allow_dirty: bool,
}

/// A secret that was (or, with `--dry-run`, would be) moved to the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub rule_id: String,
    /// The environment variable now holding the value.
    pub name: String,
    /// How the code reads it now.
    pub read: String,
}

/// A secret left where it is, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub rule_id: String,
    pub reason: String,
}

/// What happened to `.env`, `.env.example` and `.gitignore`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvChanges {
    /// `.env` (relative to the current directory, as shown).
    pub env_path: String,
    pub env_created: bool,
    /// Names appended to `.env`.
    pub env_added: Vec<String>,
    /// Names `.env` already held with the same value.
    pub env_reused: Vec<String>,
    /// `.env`'s permission bits when it already existed and others may read it.
    pub env_loose_mode: Option<u32>,
    pub example_path: String,
    pub example_created: bool,
    pub example_added: Vec<String>,
    pub gitignore_added: bool,
}

/// One key (set) to rotate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    pub rule_id: String,
    pub rule_name: String,
    pub names: Vec<String>,
    pub revoke_url: Option<String>,
}

/// A finding the re-scan still reports in a changed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Left {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub rule_id: String,
    /// `fix` claimed to have moved this value: a bug.
    pub claimed: bool,
}

/// Everything `keylint fix` did or would do.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub dry_run: bool,
    /// Why nothing was done, when `fix` refused to run.
    pub refused: Option<String>,
    pub fixed: Vec<Fixed>,
    pub skipped: Vec<Skipped>,
    pub env: EnvChanges,
    /// Files written (or, with `--dry-run`, that would be), as shown.
    pub changed: Vec<String>,
    /// `--dry-run`: one masked unified diff per file.
    pub diffs: Vec<String>,
    pub rotate: Vec<Rotation>,
    /// What the re-scan of the changed files reports.
    pub left: Vec<Left>,
    pub notes: Vec<String>,
    /// The scan could not read everything (its errors were printed).
    pub incomplete: bool,
    /// Scan issues (errors and warnings) as `path: message`.
    pub issues: Vec<String>,
}

impl Outcome {
    fn refused(dry_run: bool, why: String) -> Outcome {
        Outcome {
            dry_run,
            refused: Some(why),
            ..Outcome::default()
        }
    }

    /// 0: nothing left to fix; 1: findings remain (or, with `--dry-run`, changes are
    /// pending); 2: refused, incomplete, or a value `fix` claimed is still found.
    pub fn exit_code(&self) -> u8 {
        if self.refused.is_some() || self.incomplete || self.left.iter().any(|l| l.claimed) {
            crate::EXIT_ERROR
        } else if !self.skipped.is_empty()
            || !self.left.is_empty()
            || (self.dry_run && !self.fixed.is_empty())
        {
            crate::EXIT_FINDINGS
        } else {
            crate::EXIT_CLEAN
        }
    }
}

/// Run `keylint fix` over `cfg.paths` with `engine`'s rules.
pub fn run(cfg: &Config, engine: &Engine, opts: &Options) -> Result<Outcome, Error> {
    for r in &opts.rules {
        if engine.rules().get(r).is_none() {
            return Err(Error::UnknownRule(r.clone()));
        }
    }
    let repo = repo::Repo::open(&cfg.paths)?;
    if repo.tracked(".env") {
        return Ok(Outcome::refused(
            opts.dry_run,
            "`.env` is tracked by git, so a value written there would be committed: run \
             `git rm --cached .env`, commit, rotate what it held, then run keylint fix again"
                .into(),
        ));
    }
    if !opts.dry_run && !opts.allow_dirty {
        match &repo.git {
            None => {
                return Ok(Outcome::refused(
                    false,
                    "not inside a git repository: keylint fix edits files in place, and git is how \
                     you review and undo that; use --dry-run to see the changes, or --allow-dirty"
                        .into(),
                ));
            }
            Some(g) if !g.changed.is_empty() => {
                let list: Vec<String> = g
                    .changed
                    .iter()
                    .take(8)
                    .map(|(p, what)| format!("{} ({what})", crate::redact::sanitize_str(p)))
                    .collect();
                let more = g.changed.len().saturating_sub(8);
                return Ok(Outcome::refused(
                    false,
                    format!(
                        "the working tree has uncommitted changes: {}{}; commit or stash them first \
                         (so the fix can be reviewed and undone on its own), or pass --allow-dirty",
                        list.join(", "),
                        if more > 0 {
                            format!(" and {more} more")
                        } else {
                            String::new()
                        }
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    let report = crate::scan(cfg, engine);
    session::run(cfg, engine, opts, &repo, &report)
}
