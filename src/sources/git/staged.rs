//! The staged source (`keylint scan --staged`): what the next commit will record.
//!
//! The content scanned is the index blob of every file added or modified relative to
//! `HEAD` (every index entry on an unborn branch), not the working tree, so a secret
//! that is staged and then deleted from the file is still caught, and an unstaged
//! edit is not. Findings carry repository-relative paths and the staged version's
//! lines. Symlinks, submodules, conflicted entries (stages 1–3) and intent-to-add
//! entries have no content to scan and are left out.
//!
//! Fast on large repositories: the index's cached-tree extension says which
//! directories are unchanged since they were last written as trees, so only the
//! directories on the paths of staged changes are compared with `HEAD`'s trees.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use gix::ObjectId;
use gix::bstr::{BStr, ByteSlice};
use gix::index::entry::{Mode, Stage};
use gix::objs::tree::EntryMode;
use gix::prelude::FindExt;

use super::{err, path_names};
use crate::error::Error;

/// One staged file to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedFile {
    /// Repository-relative path, as shown.
    pub path: String,
    /// The path's bytes when it is not UTF-8.
    pub raw: Option<Vec<u8>>,
    pub id: ObjectId,
}

/// `HEAD` against the index: which lines a commit adds to a file, and the versions of
/// a file before (`HEAD`) and after (the index) it.
pub struct StagedBase {
    repo: gix::Repository,
    /// Read at the first question about staged content.
    index: std::cell::OnceCell<gix::index::File>,
    head_tree: Option<ObjectId>,
    /// Repository-relative path → added lines (`None`: the whole file is added).
    files: HashMap<String, Option<HashSet<usize>>>,
}

impl StagedBase {
    /// The repository containing the current directory (honouring `GIT_INDEX_FILE`),
    /// with its index if the caller has read it already (a staged scan has).
    pub fn open(index: Option<gix::index::File>) -> Result<StagedBase, Error> {
        let repo = super::open_from_env()?;
        let head = repo.head().map_err(|e| err("could not read HEAD", e))?;
        let head_tree = if head.is_unborn() {
            None
        } else {
            Some(
                repo.head_tree_id()
                    .map_err(|e| err("could not read HEAD's tree", e))?
                    .detach(),
            )
        };
        Ok(StagedBase {
            repo,
            index: index.map(std::cell::OnceCell::from).unwrap_or_default(),
            head_tree,
            files: HashMap::new(),
        })
    }

    /// The content of `rel` at `HEAD`, if it is a file there.
    pub fn before(&self, rel: &str) -> Result<Option<Vec<u8>>, Error> {
        let Some(tree) = self.head_tree else {
            return Ok(None);
        };
        let tree = self
            .repo
            .find_tree(tree)
            .map_err(|e| err("could not read HEAD's tree", e))?;
        let entry = tree
            .lookup_entry(rel.as_bytes().split(|&b| b == b'/'))
            .map_err(|e| err(format!("could not look up {rel} at HEAD"), e))?;
        let Some(entry) = entry.filter(|e| e.mode().is_blob()) else {
            return Ok(None);
        };
        let blob = self
            .repo
            .find_blob(entry.object_id())
            .map_err(|e| err(format!("could not read {rel} at HEAD"), e))?;
        Ok(Some(blob.detach().data))
    }

    fn index(&self) -> Result<&gix::index::State, Error> {
        if let Some(index) = self.index.get() {
            return Ok(index);
        }
        let index = super::read_index(&self.repo)?;
        Ok(self.index.get_or_init(|| index))
    }

    /// The staged content of `rel`, if the index holds it.
    pub fn after(&self, rel: &str) -> Result<Option<Vec<u8>>, Error> {
        let state = self.index()?;
        let Some(entry) = state.entry_by_path(rel.as_bytes().as_bstr()) else {
            return Ok(None);
        };
        let blob = self
            .repo
            .find_blob(entry.id)
            .map_err(|e| err(format!("could not read the staged {rel}"), e))?;
        Ok(Some(blob.detach().data))
    }

    /// The lines of `rel` the commit adds; `None` when the whole file is added.
    pub fn added_lines(&mut self, rel: &str) -> Result<Option<&HashSet<usize>>, Error> {
        if !self.files.contains_key(rel) {
            let added = match (self.before(rel)?, self.after(rel)?) {
                (Some(mut old), Some(mut new)) => {
                    if crate::source::prepare_content(&mut old).is_err()
                        || crate::source::prepare_content(&mut new).is_err()
                    {
                        None
                    } else {
                        Some(super::diff::added(&old, &new))
                    }
                }
                _ => None,
            };
            self.files.insert(rel.to_string(), added);
        }
        Ok(self.files.get(rel).and_then(Option::as_ref))
    }

    /// The repository-relative path (`/`-separated) of `path`, a file on disk in the
    /// working tree (a config or baseline file).
    pub fn file_relative(&self, path: &Path) -> Option<String> {
        let workdir = std::fs::canonicalize(self.repo.workdir()?).ok()?;
        let canonical = std::fs::canonicalize(path).ok()?;
        let rel = canonical.strip_prefix(&workdir).ok()?;
        let rel = gix::path::into_bstr(rel).ok()?;
        let rel = gix::path::to_unix_separators_on_windows(rel);
        String::from_utf8(rel.to_vec()).ok()
    }

    /// Repository-relative paths of every staged file named `name` (at any depth).
    pub fn tracked_named(&self, name: &str) -> Result<Vec<String>, Error> {
        let state = self.index()?;
        let mut out: Vec<String> = state
            .entries()
            .iter()
            .filter_map(|e| std::str::from_utf8(e.path(state)).ok())
            .filter(|p| p.rsplit('/').next() == Some(name))
            .map(str::to_string)
            .collect();
        out.sort();
        out.dedup();
        Ok(out)
    }
}

/// A root-level ignore file (`.keylintignore`), if present and readable.
pub fn ignore_file(path: &Path) -> Option<ignore::gitignore::Gitignore> {
    path.is_file()
        .then(|| ignore::gitignore::Gitignore::new(path).0)
}

/// Files whose staged blob differs from `HEAD` (all of them on an unborn branch), in
/// index order.
pub fn staged_files(
    repo: &gix::Repository,
    state: &gix::index::State,
) -> Result<Vec<StagedFile>, Error> {
    let head = repo.head().map_err(|e| err("could not read HEAD", e))?;
    let head_tree = if head.is_unborn() {
        None
    } else {
        Some(
            repo.head_tree_id()
                .map_err(|e| err("could not read HEAD's tree", e))?
                .detach(),
        )
    };
    let mut out = Vec::new();
    let mut walk = Walk {
        repo,
        state,
        buf: Vec::new(),
        out: &mut out,
    };
    walk.dir(
        state.tree(),
        head_tree,
        BStr::new(b""),
        0..state.entries().len(),
    )?;
    Ok(out)
}

struct Walk<'a> {
    repo: &'a gix::Repository,
    state: &'a gix::index::State,
    buf: Vec<u8>,
    out: &'a mut Vec<StagedFile>,
}

impl Walk<'_> {
    /// Compare the index entries in `range` (all under `prefix`, which is empty or
    /// ends in `/`) with `head`, the tree `HEAD` has for that directory.
    fn dir(
        &mut self,
        cache: Option<&gix::index::extension::Tree>,
        head: Option<ObjectId>,
        prefix: &BStr,
        range: Range<usize>,
    ) -> Result<(), Error> {
        if let (Some(c), Some(h)) = (cache, head)
            && c.num_entries.is_some()
            && c.id == h
        {
            return Ok(()); // the index still holds exactly HEAD's tree here
        }
        let head_entries = match head {
            Some(id) => self.tree_entries(id)?,
            None => HashMap::new(),
        };
        let entries = self.state.entries();
        let mut i = range.start;
        while i < range.end {
            let Some(entry) = entries.get(i) else { break };
            let path = entry.path(self.state);
            let rest = path.get(prefix.len()..).unwrap_or_default();
            if let Some(slash) = rest.find_byte(b'/') {
                let name = &rest[..slash];
                let sub_prefix = &path[..prefix.len() + slash + 1];
                let end = i + entries
                    .get(i..range.end)
                    .unwrap_or_default()
                    .partition_point(|e| e.path(self.state).starts_with(sub_prefix));
                let child_cache =
                    cache.and_then(|c| c.children.iter().find(|t| t.name.as_slice() == name));
                let child_head = head_entries
                    .get(name)
                    .filter(|(mode, _)| mode.is_tree())
                    .map(|(_, id)| *id);
                self.dir(
                    child_cache,
                    child_head,
                    sub_prefix.as_bstr(),
                    i..end.max(i + 1),
                )?;
                i = end.max(i + 1);
                continue;
            }
            let scannable = entry.stage() == Stage::Unconflicted
                && (entry.mode == Mode::FILE || entry.mode == Mode::FILE_EXECUTABLE)
                && !entry
                    .flags
                    .contains(gix::index::entry::Flags::INTENT_TO_ADD);
            let unchanged = head_entries
                .get(rest)
                .is_some_and(|(mode, id)| mode.is_blob() && *id == entry.id);
            if scannable && !unchanged {
                let (shown, raw) = path_names(path);
                self.out.push(StagedFile {
                    path: shown,
                    raw,
                    id: entry.id,
                });
            }
            i += 1;
        }
        Ok(())
    }

    fn tree_entries(
        &mut self,
        id: ObjectId,
    ) -> Result<HashMap<Vec<u8>, (EntryMode, ObjectId)>, Error> {
        let tree = self
            .repo
            .objects
            .find_tree_iter(&id, &mut self.buf)
            .map_err(|e| err(format!("could not read tree {id} of HEAD"), e))?;
        let mut map = HashMap::new();
        for entry in tree {
            let entry = entry.map_err(|e| err(format!("tree {id} of HEAD is corrupt"), e))?;
            map.insert(entry.filename.to_vec(), (entry.mode, entry.oid.to_owned()));
        }
        Ok(map)
    }
}
