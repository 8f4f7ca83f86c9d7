//! Environment hygiene for `keylint scan` of a directory: the safe setup is keys in the
//! environment or in an untracked, ignored `.env`. Credential files (by name:
//! [`credfiles`]) that git tracks, or that are neither tracked nor ignored, are
//! findings of their own rules, even when they hold only placeholders today.
//!
//! - **tracked** (`credential-file-tracked`): every credential file in the index under
//!   a scanned directory, ignored or not (a `.env` committed before `.gitignore` listed
//!   it is still committed), except paths in `[allowlist] paths` or `.keylintignore`.
//! - **not ignored** (`credential-file-unignored`): a credential file the walk met that
//!   git does not track; in a repository the walk skips what `.gitignore` ignores, so it
//!   is not ignored. Outside a git repository the walk reads every file, and this is
//!   reported only where a `.gitignore` exists (in the scanned directory or above it;
//!   without one there is no intent to judge) and does not cover the file.
//!   With `--no-ignore` the walk reads ignored files too, so this check is off.
//! - **ignored** (`--verbose`): credential files the walk skipped and git does not
//!   track are counted as confirmed safe (`summary.credential_files_ignored`); their
//!   values are never read. Directories of installed code (`node_modules`, virtual
//!   environments, build output) are not searched for them.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::config::{Config, Hygiene};
use crate::finding::{IssueKind, ScanIssue};
use crate::judge::sample::Samples;
use crate::outcome::ScanReport;
use crate::rules::RuleSet;
use crate::sources::credfiles::{self, CredentialFile};
use crate::sources::git::tracked::Tracked;
use crate::sources::walk::{self, IGNORE_FILE_NAME};
use crate::tell::repository;

use crate::tell::repository::{
    CREDENTIAL_FILE_TRACKED as TRACKED, CREDENTIAL_FILE_UNIGNORED as UNIGNORED,
};

/// Bytes read from a `.pem` or `.key` file to tell a private key from a certificate.
const HEAD_BYTES: u64 = 64 * 1024;

/// Directories of installed or generated code, not searched for ignored credential files.
const NOT_SEARCHED: &[&str] = &[
    ".git",
    "node_modules",
    ".venv",
    "venv",
    "__pycache__",
    ".tox",
    ".mypy_cache",
    ".pytest_cache",
    "target",
    "dist",
    "build",
];

/// Check the credential files of every scanned directory; `walked` holds the ones the
/// walk met, as (root, path). Findings, issues and the ignored count go to `report`.
pub fn check(
    cfg: &Config,
    rules: &RuleSet,
    walked: &[(PathBuf, PathBuf)],
    report: &mut ScanReport,
) {
    let tracked_rule = rules.get(TRACKED);
    let unignored_rule = rules.get(UNIGNORED);
    let start = report.findings.len();
    for root in cfg.paths.iter().filter(|p| p.is_dir()) {
        report.summary.credential_files_checked = true;
        let here: Vec<&PathBuf> = walked
            .iter()
            .filter(|(r, _)| r == root)
            .map(|(_, p)| p)
            .collect();
        let git = match Tracked::open(root) {
            Ok(git) => git,
            Err(e) => {
                report.issues.push(ScanIssue {
                    path: walk::display_path(root).0,
                    kind: IssueKind::Git,
                    message: format!("credential files not checked against git: {e}"),
                });
                continue;
            }
        };
        let mut known: HashSet<PathBuf> = here.iter().map(|p| (*p).clone()).collect();
        match &git {
            Some(git) => {
                let Some(root_rel) = git.relative(root) else {
                    continue;
                };
                let excluded = Excluded::new(cfg, root, git.workdir());
                for rel in git.paths().filter(|p| p.starts_with(&root_rel)) {
                    let Some(kind) = rel
                        .file_name()
                        .and_then(|n| n.to_str())
                        .and_then(credfiles::classify)
                    else {
                        continue;
                    };
                    let Ok(sub) = rel.strip_prefix(&root_rel) else {
                        continue;
                    };
                    let path = root.join(sub);
                    if excluded.covers(sub, &rel) || !is_credential(&path, kind) {
                        continue;
                    }
                    known.insert(path.clone());
                    if let Some(rule) = tracked_rule {
                        let (shown, raw) = walk::display_path(&path);
                        let at = repository::file_location(shown, raw);
                        report
                            .findings
                            .push(repository::tracked(rule, at, kind, &unix(&rel)));
                    }
                }
                if !cfg.no_ignore {
                    for path in &here {
                        let Some(rel) = git.relative(path) else {
                            continue;
                        };
                        let Some(kind) = kind_of(path) else { continue };
                        if git.contains(&rel) || !is_credential(path, kind) {
                            continue;
                        }
                        if let Some(rule) = unignored_rule {
                            let (shown, raw) = walk::display_path(path);
                            let at = repository::file_location(shown, raw);
                            report.findings.push(repository::unignored(
                                rule,
                                at,
                                kind,
                                &unix(&rel),
                                true,
                            ));
                        }
                    }
                }
            }
            None if !cfg.no_ignore && gitignore_at_or_above(root) => {
                // Outside git the walk read every file (`.gitignore` decides nothing for
                // it); what the `.gitignore` covers is the intended setup, not a finding.
                // (`credential_files` has read each one's head: no second read here)
                let uncovered = credential_files(&mut gitignore_walk(root));
                for path in &here {
                    let Some(kind) = kind_of(path) else { continue };
                    if !uncovered.contains(*path) {
                        continue;
                    }
                    let rel = walk::relative_to(path, root);
                    if let Some(rule) = unignored_rule {
                        let (shown, raw) = walk::display_path(path);
                        let at = repository::file_location(shown, raw);
                        report.findings.push(repository::unignored(
                            rule,
                            at,
                            kind,
                            &unix(&rel),
                            false,
                        ));
                    }
                }
            }
            None => {}
        }
        if cfg.hygiene == Hygiene::ReportAndCount && !cfg.no_ignore {
            report.summary.credential_files_ignored += count_ignored(root, &known);
        }
    }
    // A test environment file (`.env.test`) is a sample context like a test tree:
    // reported at low confidence, so the default fail policy does not fail on it.
    if cfg.samples_downgrade
        && let Ok(samples) = Samples::builtin(&cfg.sample_test_paths)
    {
        for f in &mut report.findings[start..] {
            samples.downgrade_file(f);
        }
    }
}

fn kind_of(path: &Path) -> Option<CredentialFile> {
    path.file_name()
        .and_then(|n| n.to_str())
        .and_then(credfiles::classify)
}

/// Whether a file named as a credential file of `kind` is one: a `.pem` or `.key` must
/// not hold only certificates or public keys. A file that cannot be read (deleted,
/// still in the index) counts by its name.
fn is_credential(path: &Path, kind: CredentialFile) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if !credfiles::needs_content_check(kind, name) {
        return true;
    }
    let mut head = Vec::new();
    match std::fs::File::open(path) {
        Ok(f) => match f.take(HEAD_BYTES).read_to_end(&mut head) {
            Ok(_) => credfiles::holds_private_key(&head),
            Err(_) => true,
        },
        Err(_) => true,
    }
}

/// A path with `/` separators, as git and .gitignore write it.
fn unix(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What the user excluded from the scan: `[allowlist] paths` (relative to the scanned
/// directory) and the `.keylintignore` of the scanned directory and of the repository.
struct Excluded<'a> {
    cfg: &'a Config,
    ignores: Vec<ignore::gitignore::Gitignore>,
}

impl<'a> Excluded<'a> {
    fn new(cfg: &'a Config, root: &Path, workdir: &Path) -> Self {
        let mut ignores = Vec::new();
        if !cfg.no_ignore {
            for dir in [root, workdir] {
                if let Some(i) =
                    crate::sources::git::staged::ignore_file(&dir.join(IGNORE_FILE_NAME))
                {
                    ignores.push(i);
                }
            }
        }
        Excluded { cfg, ignores }
    }

    /// `sub` is relative to the scanned directory, `rel` to the repository.
    fn covers(&self, sub: &Path, rel: &Path) -> bool {
        self.cfg
            .allow_paths
            .as_ref()
            .is_some_and(|g| g.is_match(sub))
            || self.ignores.iter().any(|i| {
                let p = rel.strip_prefix(i.path()).unwrap_or(rel);
                i.matched_path_or_any_parents(p, false).is_ignore()
                    || i.matched_path_or_any_parents(sub, false).is_ignore()
            })
    }
}

/// Whether a `.gitignore` exists in `dir` or a directory above it.
fn gitignore_at_or_above(dir: &Path) -> bool {
    let Ok(abs) = std::fs::canonicalize(dir) else {
        return false;
    };
    abs.ancestors().any(|d| d.join(".gitignore").is_file())
}

/// Credential files under `root` that git ignores and does not track: every credential
/// file found with no ignore rule at all, less those a walk with only git's ignore rules
/// sees, less the tracked ones (`known`).
fn count_ignored(root: &Path, known: &HashSet<PathBuf>) -> u64 {
    let all = credential_files(ignore::WalkBuilder::new(root).standard_filters(false));
    let not_ignored = credential_files(&mut gitignore_walk(root));
    all.iter()
        .filter(|p| !not_ignored.contains(*p) && !known.contains(*p))
        .count() as u64
}

/// A walk of `root` with git's ignore rules only (`.gitignore` applied with or without a
/// repository, the global excludes and `info/exclude`).
fn gitignore_walk(root: &Path) -> ignore::WalkBuilder {
    let mut b = ignore::WalkBuilder::new(root);
    b.standard_filters(false)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(true)
        .parents(true)
        .require_git(false);
    b
}

/// The credential files a walk meets, outside directories of installed code.
fn credential_files(b: &mut ignore::WalkBuilder) -> HashSet<PathBuf> {
    b.follow_links(false)
        .filter_entry(|e| !NOT_SEARCHED.iter().any(|n| e.file_name() == *n));
    b.build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(ignore::DirEntry::into_path)
        .filter(|p| kind_of(p).is_some_and(|k| is_credential(p, k)))
        .collect()
}
