//! Git access through gitoxide (`gix`): keylint never runs the `git` program.
//!
//! - [`staged`]: the index blobs a commit is about to record (`scan --staged`).
//! - [`diff`]: which lines a pull request adds (`scan --diff BASE`).
//! - [`history`]: every blob reachable from every ref, each scanned once (`history`).
//! - [`hook`]: where `install-hook` writes the pre-commit hook.
//!
//! Objects are read into per-thread buffers ([`load_blob`]) and scanned by
//! `scan::staged` and `scan::history` through the same per-file path the directory
//! walker uses.

pub mod diff;
pub mod history;
pub mod hook;
pub mod staged;
pub mod tracked;
pub mod worktree;

use std::fmt::Display;
use std::path::Path;

use gix::ObjectId;
use gix::bstr::BStr;
use gix::prelude::Find;

use crate::error::Error;
use crate::finding::IssueKind;

/// Bytes of decoded trees each thread keeps while diffing commits: a commit's tree is
/// read again as its child's parent tree.
pub(crate) const TREE_CACHE_BYTES: usize = 16 * 1024 * 1024;

/// A library error about `what`, carrying gix's own message.
pub(crate) fn err(what: impl Display, e: impl Display) -> Error {
    Error::Git(format!("{what}: {e}"))
}

/// The repository containing the current directory, honouring `GIT_DIR`,
/// `GIT_INDEX_FILE` and friends as git sets them for hooks.
pub fn open_from_env() -> Result<gix::Repository, Error> {
    gix::discover_with_environment_overrides(".")
        .map_err(|e| err("not inside a git repository (or it could not be opened)", e))
}

/// The repository's index (`GIT_INDEX_FILE` honoured), read as git reads it: its
/// trailing checksum is not verified (git verifies it only in `fsck`; hashing a
/// 50,000-entry index was a fifth of a pre-commit run). No index is an empty one.
pub fn read_index(repo: &gix::Repository) -> Result<gix::index::File, Error> {
    gix::index::File::at_or_default(
        repo.index_path(),
        repo.object_hash(),
        true,
        gix::index::decode::Options::default(),
    )
    .map_err(|e| err("could not read the index", e))
}

/// The repository at or above `dir`.
pub fn open_at(dir: &Path) -> Result<gix::Repository, Error> {
    gix::discover(dir).map_err(|e| {
        err(
            format!(
                "{} is not inside a git repository (or it could not be opened)",
                dir.display()
            ),
            e,
        )
    })
}

/// A repository handle for one worker thread with an object cache of `cache_bytes`
/// (0: none — blobs are each read once, so caching them only copies them). The pack
/// delta-base cache stays on in any case: versions of a file are deltas of each other.
pub fn thread_repo(repo: &gix::ThreadSafeRepository, cache_bytes: usize) -> gix::Repository {
    let mut r = repo.to_thread_local();
    r.object_cache_size(cache_bytes);
    r
}

/// A repository path as reports show it, plus its raw bytes when it is not UTF-8.
pub(crate) fn path_names(path: &BStr) -> (String, Option<Vec<u8>>) {
    match std::str::from_utf8(path) {
        Ok(s) => (s.to_string(), None),
        Err(_) => (
            String::from_utf8_lossy(path).into_owned(),
            Some(path.to_vec()),
        ),
    }
}

/// Read blob `id` into `buf` unless it is over `max_size` bytes; the error is the issue
/// to report (a missing or corrupt object makes the scan incomplete).
pub fn load_blob(
    repo: &gix::Repository,
    id: &ObjectId,
    max_size: u64,
    buf: &mut Vec<u8>,
) -> Result<(), (IssueKind, String)> {
    let missing = || {
        (
            IssueKind::Git,
            format!("blob {id} is missing from the object database"),
        )
    };
    let corrupt = |e: &dyn Display| (IssueKind::Git, format!("blob {id} could not be read: {e}"));
    match repo.try_find_header(*id) {
        Ok(Some(h)) if h.size() > max_size => {
            return Err((
                IssueKind::TooLarge,
                format!(
                    "skipped: {} bytes is over the {max_size}-byte limit (raise it with --max-file-size)",
                    h.size()
                ),
            ));
        }
        Ok(Some(_)) => {}
        Ok(None) => return Err(missing()),
        Err(e) => return Err(corrupt(&e)),
    }
    let (kind, len, in_place) = match repo.objects.try_find(id, buf) {
        Ok(Some(data)) => (data.kind, data.data.len(), data.data.as_ptr()),
        Ok(None) => return Err(missing()),
        Err(e) => return Err(corrupt(&e)),
    };
    if kind != gix::object::Kind::Blob {
        return Err((
            IssueKind::Git,
            format!("object {id} is a {kind}, not a blob"),
        ));
    }
    // Object data is decoded at the start of the buffer; keep exactly the object.
    if in_place == buf.as_ptr() && len <= buf.len() {
        buf.truncate(len);
        Ok(())
    } else {
        Err(corrupt(&"decoded object is not where it was expected"))
    }
}
