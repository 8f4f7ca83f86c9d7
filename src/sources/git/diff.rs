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
pub fn keep_added_lines(report: &mut ScanReport, base: &str) -> Result<u64, Error> {
    let repo = super::open_from_env()?;
    let base_tree = merge_base_tree(&repo, base)?;
    let workdir = repo.workdir().ok_or_else(|| {
        Error::Git("--diff needs a working tree (this repository is bare)".into())
    })?;
    let workdir = std::fs::canonicalize(workdir).map_err(|e| Error::io(workdir, e))?;
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let mut filter = AddedLines {
        repo: &repo,
        base_tree,
        workdir,
        cwd,
        files: HashMap::new(),
    };
    let before = report.findings.len();
    let mut failed = None;
    report.findings.retain(|f| match filter.keeps(f) {
        Ok(keep) => keep,
        Err(e) => {
            failed.get_or_insert(e);
            true
        }
    });
    report
        .suppressed
        .retain(|s| filter.keeps(&s.finding).unwrap_or(true));
    match failed {
        Some(e) => Err(e),
        None => Ok((before - report.findings.len()) as u64),
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

struct AddedLines<'r> {
    repo: &'r gix::Repository,
    base_tree: ObjectId,
    workdir: PathBuf,
    cwd: PathBuf,
    /// Shown path → added 1-based line numbers (`None`: the whole file counts as added).
    files: HashMap<String, Option<HashSet<usize>>>,
}

impl AddedLines<'_> {
    fn keeps(&mut self, f: &Finding) -> Result<bool, Error> {
        let path = f.location.path.clone();
        if !self.files.contains_key(&path) {
            let added = self.added_lines(Path::new(&path))?;
            self.files.insert(path.clone(), added);
        }
        Ok(match self.files.get(&path) {
            Some(Some(lines)) => {
                (f.location.line..=f.location.end_line).any(|l| lines.contains(&l))
            }
            _ => true,
        })
    }

    fn added_lines(&self, shown: &Path) -> Result<Option<HashSet<usize>>, Error> {
        let abs = self.cwd.join(shown);
        let Ok(canonical) = std::fs::canonicalize(&abs) else {
            return Ok(None); // standard input, or gone since the scan
        };
        let Ok(rel) = canonical.strip_prefix(&self.workdir) else {
            return Ok(None);
        };
        let Ok(rel) = gix::path::into_bstr(rel) else {
            return Ok(None); // not representable as a git path
        };
        let rel = gix::path::to_unix_separators_on_windows(rel);
        let tree = self
            .repo
            .find_tree(self.base_tree)
            .map_err(|e| err("could not read the merge base's tree", e))?;
        let entry = tree.lookup_entry(rel.split(|&b| b == b'/')).map_err(|e| {
            err(
                format!("could not look up {} at the merge base", shown.display()),
                e,
            )
        })?;
        let Some(entry) = entry.filter(|e| e.mode().is_blob()) else {
            return Ok(None);
        };
        let mut old = self
            .repo
            .find_blob(entry.object_id())
            .map_err(|e| {
                err(
                    format!("could not read {} at the merge base", shown.display()),
                    e,
                )
            })?
            .detach()
            .data;
        let mut new = std::fs::read(&abs).map_err(|e| Error::io(&abs, e))?;
        if source::prepare_content(&mut old).is_err() || source::prepare_content(&mut new).is_err()
        {
            return Ok(None);
        }
        Ok(Some(added(&old, &new)))
    }
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
