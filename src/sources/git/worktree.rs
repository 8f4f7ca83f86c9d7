//! The working tree against the index: which tracked files were edited, deleted or
//! staged and not committed (what `git status` calls changes), and which paths are
//! tracked at all. Used by `keylint fix`, which refuses to edit a dirty tree.
//!
//! A file whose size and modification time match its index entry is taken as
//! unchanged (git's own shortcut); any other file is hashed as a blob and compared
//! with the index's id. Conflicted entries count as changes. Line-ending filters
//! (`core.autocrlf`) are not applied, so a repository that relies on them may look
//! dirty: the caller says how to proceed anyway.

use std::collections::BTreeSet;
use std::path::Path;

use gix::bstr::ByteSlice;
use gix::index::entry::{Mode, Stage};

use crate::error::Error;

/// Tracked paths and uncommitted changes of a repository's working tree.
#[derive(Debug, Default)]
pub struct Status {
    /// Every path in the index (repository-relative, `/`-separated).
    pub tracked: BTreeSet<String>,
    /// Tracked files that differ from the index or the index from `HEAD`, each with
    /// what changed (`modified`, `deleted`, `staged`, `conflict`).
    pub changed: Vec<(String, &'static str)>,
}

/// The status of `repo`'s working tree (a bare repository has none: an error).
pub fn status(repo: &gix::Repository) -> Result<Status, Error> {
    let workdir = repo
        .workdir()
        .ok_or_else(|| Error::Git("the repository has no working tree".into()))?;
    let index = super::read_index(repo)?;
    let state: &gix::index::State = &index;
    let mut out = Status::default();
    for entry in state.entries() {
        let path = entry.path(state).to_str_lossy().into_owned();
        out.tracked.insert(path.clone());
        if entry.stage() != Stage::Unconflicted {
            out.changed.push((path, "conflict"));
            continue;
        }
        if entry.mode.is_submodule() || entry.mode.is_sparse() {
            continue;
        }
        if let Some(what) = worktree_change(repo, workdir, &path, entry) {
            out.changed.push((path, what));
        }
    }
    for staged in super::staged::staged_files(repo, state)? {
        if !out.changed.iter().any(|(p, _)| *p == staged.path) {
            out.changed.push((staged.path, "staged"));
        }
    }
    out.changed.sort();
    out.changed.dedup();
    Ok(out)
}

fn worktree_change(
    repo: &gix::Repository,
    workdir: &Path,
    path: &str,
    entry: &gix::index::Entry,
) -> Option<&'static str> {
    let file = workdir.join(path);
    let Ok(meta) = std::fs::symlink_metadata(&file) else {
        return Some("deleted");
    };
    if entry.mode == Mode::SYMLINK {
        let target = std::fs::read_link(&file).ok()?;
        let data = target.to_string_lossy().into_owned().into_bytes();
        return (blob_id(repo, &data)? != entry.id).then_some("modified");
    }
    if !meta.is_file() {
        return Some("modified");
    }
    if same_stat(&meta, entry) {
        return None;
    }
    let data = std::fs::read(&file).ok()?;
    match blob_id(repo, &data) {
        Some(id) if id == entry.id => None,
        _ => Some("modified"),
    }
}

fn blob_id(repo: &gix::Repository, data: &[u8]) -> Option<gix::ObjectId> {
    gix::objs::compute_hash(repo.object_hash(), gix::object::Kind::Blob, data).ok()
}

/// Size and modification time as the index recorded them.
fn same_stat(meta: &std::fs::Metadata, entry: &gix::index::Entry) -> bool {
    let Ok(mtime) = meta.modified() else {
        return false;
    };
    let Ok(since) = mtime.duration_since(std::time::UNIX_EPOCH) else {
        return false;
    };
    u64::from(entry.stat.size) == meta.len() & 0xFFFF_FFFF
        && u64::from(entry.stat.mtime.secs) == since.as_secs()
        && entry.stat.mtime.nsecs == since.subsec_nanos()
}
