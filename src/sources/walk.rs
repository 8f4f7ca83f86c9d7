//! File discovery and the read policy: which entries are scanned, and how a file is
//! read without hanging, following a link out of the tree, or buffering too much.
//!
//! - `ignore`'s parallel walker, honouring `.ignore` and `.keylintignore` everywhere and
//!   `.gitignore` inside a git repository (all off with `--no-ignore`), descending into
//!   hidden directories and files (`.env` is where keys live) but never into `.git/`.
//!   Outside a repository `.gitignore` decides nothing (git is not there to apply it: a
//!   copied tree, a release archive or a build context ships the files it lists), so
//!   they are read (ripgrep's `require_git` default draws the same line).
//! - Symlinks are never followed, so no loop and no escape from the tree.
//! - Only regular files are opened, with `O_NONBLOCK | O_NOFOLLOW`, and re-checked with
//!   `fstat` on the open descriptor: a FIFO, socket or device swapped in after listing
//!   is skipped, not blocked on.
//! - At most `max_file_size + 1` bytes are read; a larger file is a policy skip.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use ignore::{WalkBuilder, WalkParallel};

/// Directories never entered, ignore files or not.
const NEVER_ENTER: &[&str] = &[".git"];

/// Per-project ignore file, same syntax as `.gitignore`.
pub const IGNORE_FILE_NAME: &str = ".keylintignore";

/// Build the parallel walker over one root.
pub fn walker(root: &Path, threads: usize, no_ignore: bool) -> WalkParallel {
    let mut b = WalkBuilder::new(root);
    b.hidden(false)
        .follow_links(false)
        .threads(threads)
        .require_git(true)
        .parents(!no_ignore)
        .ignore(!no_ignore)
        .git_ignore(!no_ignore)
        .git_global(!no_ignore)
        .git_exclude(!no_ignore)
        .filter_entry(|e| !NEVER_ENTER.iter().any(|n| e.file_name() == *n));
    if !no_ignore {
        b.add_custom_ignore_filename(IGNORE_FILE_NAME);
    }
    b.build_parallel()
}

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadSkip {
    TooLarge(u64),
    Special,
    Symlink,
    Vanished,
    Unreadable(io::Error),
}

/// Read a regular file into `buf` (cleared first) under the policy above.
/// `follow` allows a symlink named explicitly on the command line.
pub fn read_file(
    path: &Path,
    max_size: u64,
    follow: bool,
    buf: &mut Vec<u8>,
) -> Result<(), ReadSkip> {
    let file = open(path, follow).map_err(|e| classify_open_error(e, follow))?;
    let meta = file.metadata().map_err(ReadSkip::Unreadable)?;
    if !meta.is_file() {
        return Err(ReadSkip::Special);
    }
    if meta.len() > max_size {
        return Err(ReadSkip::TooLarge(meta.len()));
    }
    buf.clear();
    buf.reserve(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max_size.saturating_add(1))
        .read_to_end(buf)
        .map_err(ReadSkip::Unreadable)?;
    if buf.len() as u64 > max_size {
        return Err(ReadSkip::TooLarge(buf.len() as u64));
    }
    Ok(())
}

#[cfg(unix)]
fn open(path: &Path, follow: bool) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut flags = libc::O_NONBLOCK;
    if !follow {
        flags |= libc::O_NOFOLLOW;
    }
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path, _follow: bool) -> io::Result<File> {
    File::open(path)
}

fn classify_open_error(e: io::Error, follow: bool) -> ReadSkip {
    #[cfg(unix)]
    if let Some(code) = e.raw_os_error() {
        if code == libc::ELOOP && !follow {
            return ReadSkip::Symlink;
        }
        if code == libc::ENXIO || code == libc::ENODEV {
            return ReadSkip::Special;
        }
    }
    let _ = follow;
    match e.kind() {
        io::ErrorKind::NotFound => ReadSkip::Vanished,
        _ => ReadSkip::Unreadable(e),
    }
}

/// How a walked path is shown: as walked, without a leading `./`.
pub fn display_path(path: &Path) -> (String, Option<Vec<u8>>) {
    let p = path.strip_prefix(".").unwrap_or(path);
    let p = if p.as_os_str().is_empty() { path } else { p };
    let shown = p.to_string_lossy().into_owned();
    let raw = raw_bytes(p).filter(|raw| raw != shown.as_bytes());
    (shown, raw)
}

#[cfg(unix)]
fn raw_bytes(p: &Path) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    Some(p.as_os_str().as_bytes().to_vec())
}

#[cfg(not(unix))]
fn raw_bytes(_p: &Path) -> Option<Vec<u8>> {
    None
}

/// A path relative to the root it was found under, for allowlist globs.
pub fn relative_to(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_strips_dot_slash() {
        assert_eq!(display_path(Path::new("./a/b.py")).0, "a/b.py");
        assert_eq!(display_path(Path::new("a/b.py")).0, "a/b.py");
        assert_eq!(display_path(Path::new(".")).0, ".");
        assert_eq!(display_path(Path::new(".env")).0, ".env");
    }

    #[test]
    fn size_cap_is_enforced() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, vec![b'a'; 100]).unwrap();
        let mut buf = Vec::new();
        assert!(read_file(&p, 100, false, &mut buf).is_ok());
        assert!(matches!(
            read_file(&p, 99, false, &mut buf),
            Err(ReadSkip::TooLarge(100))
        ));
        assert!(matches!(
            read_file(&dir.path().join("nope"), 9, false, &mut buf),
            Err(ReadSkip::Vanished)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_and_fifos_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("t");
        std::fs::write(&target, b"x").unwrap();
        let link = dir.path().join("l");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let mut buf = Vec::new();
        assert!(matches!(
            read_file(&link, 9, false, &mut buf),
            Err(ReadSkip::Symlink)
        ));
        assert!(read_file(&link, 9, true, &mut buf).is_ok());
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo with a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        assert!(matches!(
            read_file(&fifo, 9, false, &mut buf),
            Err(ReadSkip::Special)
        ));
    }
}
