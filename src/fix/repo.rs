//! Where a fix writes: the repository root (`.env`, `.env.example` and `.gitignore`
//! live there), what git tracks, whether the tree is clean, and whether `.env` is
//! ignored.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::sources::git;

/// The repository (or, outside git, the directory) a fix works in.
#[derive(Debug)]
pub(crate) struct Repo {
    /// Absolute root: the git work tree, or the first directory named.
    pub root: PathBuf,
    /// `None` outside a git repository.
    pub git: Option<GitFacts>,
}

#[derive(Debug)]
pub(crate) struct GitFacts {
    pub tracked: BTreeSet<String>,
    pub changed: Vec<(String, &'static str)>,
}

impl Repo {
    /// The repository holding every path in `paths` (they must share one), or, when
    /// the first is in none, that path's directory.
    pub fn open(paths: &[PathBuf]) -> Result<Repo, Error> {
        let first = paths.first().map_or(Path::new("."), PathBuf::as_path);
        let abs = |p: &Path| std::fs::canonicalize(p).map_err(|e| Error::io(p, e));
        let first_abs = abs(first)?;
        let start = if first_abs.is_dir() {
            first_abs.clone()
        } else {
            first_abs
                .parent()
                .map_or_else(|| first_abs.clone(), Path::to_path_buf)
        };
        let repo = match gix::discover(&start) {
            Ok(r) => r,
            Err(_) => {
                return Ok(Repo {
                    root: start,
                    git: None,
                });
            }
        };
        let Some(workdir) = repo.workdir() else {
            return Err(Error::Git(
                "a bare repository has no files to fix".to_string(),
            ));
        };
        let root = abs(workdir)?;
        for p in paths {
            if !abs(p)?.starts_with(&root) {
                return Err(Error::Usage {
                    what: "paths".into(),
                    message: format!(
                        "{} is outside the repository at {}: fix one repository at a time",
                        p.display(),
                        root.display()
                    ),
                });
            }
        }
        let status = git::worktree::status(&repo)?;
        Ok(Repo {
            root,
            git: Some(GitFacts {
                tracked: status.tracked,
                changed: status.changed,
            }),
        })
    }

    /// `path` relative to the root, `/`-separated, if it is inside it.
    pub fn rel(&self, path: &Path) -> Option<String> {
        let abs = std::fs::canonicalize(path).ok()?;
        let rel = abs.strip_prefix(&self.root).ok()?;
        Some(
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/"),
        )
    }

    pub fn tracked(&self, rel: &str) -> bool {
        self.git.as_ref().is_some_and(|g| g.tracked.contains(rel))
    }

    /// Whether the root `.gitignore` ignores `.env` (only that file protects every
    /// clone; `.git/info/exclude` and global excludes do not).
    pub fn env_ignored(&self) -> bool {
        let file = self.root.join(".gitignore");
        if !file.is_file() {
            return false;
        }
        let (ignore, _) = ignore::gitignore::Gitignore::new(&file);
        ignore
            .matched_path_or_any_parents(self.root.join(".env"), false)
            .is_ignore()
    }
}
