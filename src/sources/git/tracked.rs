//! Which files git tracks: the index of the repository holding a scanned directory,
//! for the credential-file checks of `keylint scan` (`scan::hygiene`).

use std::path::{Path, PathBuf};

use gix::bstr::ByteSlice;

use crate::error::Error;

/// The index of a repository with a working tree, and where that tree is.
pub struct Tracked {
    workdir: PathBuf,
    index: gix::index::File,
}

impl Tracked {
    /// The repository at or above `dir`: `Ok(None)` when there is none (or it has no
    /// working tree), an error when it exists but its index cannot be read.
    pub fn open(dir: &Path) -> Result<Option<Tracked>, Error> {
        let Ok(repo) = gix::discover(dir) else {
            return Ok(None);
        };
        let Some(workdir) = repo.workdir() else {
            return Ok(None);
        };
        let workdir = std::fs::canonicalize(workdir).map_err(|e| Error::io(workdir, e))?;
        let index = super::read_index(&repo)?;
        Ok(Some(Tracked { workdir, index }))
    }

    /// The working tree's root (canonical).
    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    /// The repository-relative path of `path` (a path on disk), if it is in the tree.
    pub fn relative(&self, path: &Path) -> Option<PathBuf> {
        let canonical = std::fs::canonicalize(path).ok()?;
        canonical
            .strip_prefix(&self.workdir)
            .ok()
            .map(Path::to_path_buf)
    }

    /// Whether git tracks `rel` (a repository-relative path).
    pub fn contains(&self, rel: &Path) -> bool {
        let Ok(bytes) = gix::path::into_bstr(rel) else {
            return false;
        };
        let bytes = gix::path::to_unix_separators_on_windows(bytes);
        let state: &gix::index::State = &self.index;
        state.entry_by_path(bytes.as_ref()).is_some()
    }

    /// Every tracked path (repository-relative), in index order.
    pub fn paths(&self) -> impl Iterator<Item = PathBuf> + '_ {
        let state: &gix::index::State = &self.index;
        state.entries().iter().filter_map(move |e| {
            let p = e.path(state);
            gix::path::from_bstr(p.as_bstr())
                .ok()
                .map(|p| p.into_owned())
        })
    }
}
