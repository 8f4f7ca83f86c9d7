//! `keylint scan --diff BASE`: report only what a pull request adds.
//!
//! Definition: the working tree is scanned as usual, then a finding is kept only if
//! one of its lines (`line..=end_line`) is *added* relative to the merge base of BASE
//! and `HEAD` — the same base `git diff BASE...` uses, so commits that landed on the
//! base branch after the pull request branched off are not blamed on it. A line is
//! added when a line diff (Myers, trailing `\r` ignored) of the file at the merge
//! base against the working-tree file marks it inserted or replaced. A file that did
//! not exist at the merge base, or is not tracked at all, is added in full; a file
//! outside the repository is kept whole. Renames are not followed: a moved file
//! counts as added.
//!
//! BASE must be in the local object database. CI checkouts are often shallow; then
//! the error says to fetch the history (`fetch-depth: 0`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gix::ObjectId;
use similar::{Algorithm, DiffTag};

use super::err;
use crate::error::Error;
use crate::finding::Finding;
use crate::outcome::ScanReport;
use crate::source::{self, LineIndex};

/// A pathological diff (huge files with few common lines) is cut off after this long;
/// what remains is treated as added, so nothing is hidden.
const DIFF_DEADLINE: Duration = Duration::from_secs(2);

/// Keep only the findings (and suppressed findings) on lines added since `base`.
/// Returns how many findings were dropped.
pub fn keep_added_lines(report: &mut ScanReport, base: &mut DiffBase) -> Result<u64, Error> {
    let before = report.findings.len();
    let mut failed = None;
    report.findings.retain(|f| match base.keeps(f) {
        Ok(keep) => keep,
        Err(e) => {
            failed.get_or_insert(e);
            true
        }
    });
    report
        .suppressed
        .retain(|s| base.keeps(&s.finding).unwrap_or(true));
    match failed {
        Some(e) => Err(e),
        None => Ok((before - report.findings.len()) as u64),
    }
}

/// The merge base of `BASE` and `HEAD` against the working tree: which lines a pull
/// request adds, and the versions of a file before and after it.
pub struct DiffBase {
    repo: gix::Repository,
    base_tree: ObjectId,
    workdir: PathBuf,
    cwd: PathBuf,
    /// Shown path → added 1-based line numbers (`None`: the whole file counts as added).
    files: HashMap<String, Option<HashSet<usize>>>,
}

impl DiffBase {
    /// The repository containing the current directory, diffed from merge-base(`base`, HEAD).
    pub fn open(base: &str) -> Result<DiffBase, Error> {
        let repo = super::open_from_env()?;
        let base_tree = merge_base_tree(&repo, base)?;
        let workdir = repo.workdir().ok_or_else(|| {
            Error::Git("--diff needs a working tree (this repository is bare)".into())
        })?;
        let workdir = std::fs::canonicalize(workdir).map_err(|e| Error::io(workdir, e))?;
        let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
        Ok(DiffBase {
            repo,
            base_tree,
            workdir,
            cwd,
            files: HashMap::new(),
        })
    }

    /// Whether `f` is on a line the change adds (any line of a multi-line finding).
    pub fn keeps(&mut self, f: &Finding) -> Result<bool, Error> {
        Ok(match self.added_lines(&f.location.path)? {
            Some(lines) => (f.location.line..=f.location.end_line).any(|l| lines.contains(&l)),
            None => true,
        })
    }

    /// The lines of the file shown as `shown` that the change adds; `None` when the
    /// whole file counts as added (new, untracked, outside the repository, binary).
    pub fn added_lines(&mut self, shown: &str) -> Result<Option<&HashSet<usize>>, Error> {
        if !self.files.contains_key(shown) {
            let added = self.compute_added(Path::new(shown))?;
            self.files.insert(shown.to_string(), added);
        }
        Ok(self.files.get(shown).and_then(Option::as_ref))
    }

    /// The repository-relative path (`/`-separated) of a path as reports show it.
    pub fn relative(&self, shown: &str) -> Option<String> {
        let canonical = std::fs::canonicalize(self.cwd.join(shown)).ok()?;
        let rel = canonical.strip_prefix(&self.workdir).ok()?;
        let rel = gix::path::into_bstr(rel).ok()?;
        let rel = gix::path::to_unix_separators_on_windows(rel);
        String::from_utf8(rel.to_vec()).ok()
    }

    /// How reports show the working-tree file at repository-relative `rel`: relative
    /// to the current directory when it is under it.
    pub fn shown(&self, rel: &str) -> String {
        let abs = self.workdir.join(rel);
        match abs.strip_prefix(&self.cwd) {
            Ok(p) => p.to_string_lossy().into_owned(),
            Err(_) => abs.to_string_lossy().into_owned(),
        }
    }

    /// The working-tree path of repository-relative `rel`.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.workdir.join(rel)
    }

    /// The content of repository-relative `rel` at the merge base, if it was a file there.
    pub fn before(&self, rel: &str) -> Result<Option<Vec<u8>>, Error> {
        let tree = self
            .repo
            .find_tree(self.base_tree)
            .map_err(|e| err("could not read the merge base's tree", e))?;
        let entry = tree
            .lookup_entry(rel.as_bytes().split(|&b| b == b'/'))
            .map_err(|e| err(format!("could not look up {rel} at the merge base"), e))?;
        let Some(entry) = entry.filter(|e| e.mode().is_blob()) else {
            return Ok(None);
        };
        let blob = self
            .repo
            .find_blob(entry.object_id())
            .map_err(|e| err(format!("could not read {rel} at the merge base"), e))?;
        Ok(Some(blob.detach().data))
    }

    /// The content of repository-relative `rel` in the working tree, if it is a file.
    pub fn after(&self, rel: &str) -> Option<Vec<u8>> {
        std::fs::read(self.workdir.join(rel)).ok()
    }

    /// Repository-relative paths of every tracked file named `name` (at any depth), and
    /// of `name` at the repository's root if it exists untracked.
    pub fn tracked_named(&self, name: &str) -> Result<Vec<String>, Error> {
        let index = super::read_index(&self.repo)?;
        let state: &gix::index::State = &index;
        let mut out: Vec<String> = state
            .entries()
            .iter()
            .filter_map(|e| std::str::from_utf8(e.path(state)).ok())
            .filter(|p| p.rsplit('/').next() == Some(name))
            .map(str::to_string)
            .collect();
        if !out.iter().any(|p| p == name) && self.workdir.join(name).is_file() {
            out.push(name.to_string());
        }
        out.sort();
        Ok(out)
    }

    fn compute_added(&self, shown: &Path) -> Result<Option<HashSet<usize>>, Error> {
        let Some(rel) = shown.to_str().and_then(|s| self.relative(s)) else {
            return Ok(None); // standard input, gone since the scan, or outside the tree
        };
        let Some(mut old) = self.before(&rel)? else {
            return Ok(None);
        };
        let abs = self.cwd.join(shown);
        let mut new = std::fs::read(&abs).map_err(|e| Error::io(&abs, e))?;
        if source::prepare_content(&mut old).is_err() || source::prepare_content(&mut new).is_err()
        {
            return Ok(None);
        }
        Ok(Some(added(&old, &new)))
    }
}

/// The tree of merge-base(`base`, HEAD), with errors that say what to do in CI.
fn merge_base_tree(repo: &gix::Repository, base: &str) -> Result<ObjectId, Error> {
    let shallow = repo.is_shallow().unwrap_or(false);
    let hint = if shallow {
        "; this clone is shallow: fetch the full history (`fetch-depth: 0` in actions/checkout, `GIT_DEPTH: 0` in GitLab CI, or `git fetch --unshallow`)"
    } else {
        "; fetch it first (e.g. `git fetch origin main`)"
    };
    let base_id = repo
        .rev_parse_single(base)
        .map_err(|e| {
            Error::Git(format!(
                "--diff base `{base}` is not in this repository ({e}){hint}"
            ))
        })?
        .object()
        .map_err(|e| {
            Error::Git(format!(
                "--diff base `{base}` could not be read ({e}){hint}"
            ))
        })?
        .peel_to_commit()
        .map_err(|e| Error::Git(format!("--diff base `{base}` is not a commit ({e})")))?
        .id;
    let head = repo
        .head_id()
        .map_err(|e| err("--diff needs a commit at HEAD", e))?
        .detach();
    let merge_base = repo
        .merge_base(base_id, head)
        .map_err(|e| {
            Error::Git(format!(
                "could not find the merge base of `{base}` and HEAD ({e}){hint}"
            ))
        })?
        .ok_or_else(|| Error::Git(format!("`{base}` and HEAD have no common ancestor{hint}")))?;
    let tree = merge_base
        .object()
        .and_then(|o| o.peel_to_commit())
        .and_then(|c| c.tree_id())
        .map_err(|e| err(format!("could not read the merge base {merge_base}"), e))?;
    Ok(tree.detach())
}

/// 1-based numbers of the lines of `new` that a line diff from `old` inserts or replaces.
pub fn added(old: &[u8], new: &[u8]) -> HashSet<usize> {
    let old_lines = lines(old);
    let new_lines = lines(new);
    let ops = similar::capture_diff_slices_deadline(
        Algorithm::Myers,
        &old_lines,
        &new_lines,
        Some(Instant::now() + DIFF_DEADLINE),
    );
    let mut out = HashSet::new();
    for op in ops {
        let (tag, _, new_range) = op.as_tag_tuple();
        if matches!(tag, DiffTag::Insert | DiffTag::Replace) {
            out.extend(new_range.map(|i| i + 1));
        }
    }
    out
}

/// Lines as the scanner numbers them (`\n`, `\r\n`, lone `\r`), without terminators.
fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    let index = LineIndex::new(bytes);
    (1..=index.line_count())
        .map(|l| index.line(bytes, l))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(s: HashSet<usize>) -> Vec<usize> {
        let mut v: Vec<usize> = s.into_iter().collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn inserted_and_replaced_lines_are_added() {
        let old = b"a\nb\nc\nd\n";
        let new = b"a\nB\nc\nnew\nd\n";
        assert_eq!(sorted(added(old, new)), vec![2, 4]);
    }

    #[test]
    fn moved_code_above_does_not_make_old_lines_added() {
        let old = b"key = 1\n";
        let new = b"import os\n\nkey = 1\n";
        assert_eq!(sorted(added(old, new)), vec![1, 2]);
    }

    #[test]
    fn line_endings_do_not_count_as_changes() {
        assert!(added(b"a\nb\n", b"a\r\nb\r\n").is_empty());
        assert_eq!(sorted(added(b"", b"x\ny")), vec![1, 2]);
    }
}
