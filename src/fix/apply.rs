//! Writing a file atomically: a temporary file in the same directory, the old file's
//! permissions (or the given mode for a new one), flushed to disk, then renamed over
//! the target — a crash leaves the old file or the new one, never half of either.

use std::io::Write;
use std::path::Path;

/// Write `bytes` to `path` atomically. `new_mode` applies when the file does not
/// exist yet (Unix permission bits; ignored elsewhere).
pub(crate) fn write_atomic(
    path: &Path,
    bytes: &[u8],
    new_mode: Option<u32>,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let existing = std::fs::metadata(path).ok();
    let mut attempt = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(
            ".{name}.keylint-fix-{}-{attempt}.tmp",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1
            }
            Err(e) => return Err(e),
        }
    };
    let result = (|| {
        set_mode(&tmp, existing.as_ref(), new_mode)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(unix)]
fn set_mode(
    tmp: &Path,
    existing: Option<&std::fs::Metadata>,
    new_mode: Option<u32>,
) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = match (existing, new_mode) {
        (Some(m), _) => m.permissions().mode() & 0o7777,
        (None, Some(mode)) => mode,
        (None, None) => return Ok(()),
    };
    std::fs::set_permissions(tmp, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(
    tmp: &Path,
    existing: Option<&std::fs::Metadata>,
    _: Option<u32>,
) -> std::io::Result<()> {
    match existing {
        Some(m) => std::fs::set_permissions(tmp, m.permissions()),
        None => Ok(()),
    }
}

/// The Unix permission bits of `path`, if it exists.
pub(crate) fn mode_of(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| m.permissions().mode() & 0o777)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn keeps_permissions_and_sets_new_modes() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.py");
        std::fs::write(&p, b"old").unwrap();
        std::fs::set_permissions(&p, std::os::unix::fs::PermissionsExt::from_mode(0o750)).unwrap();
        write_atomic(&p, b"new", Some(0o600)).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        assert_eq!(mode_of(&p), Some(0o750));
        let env = dir.path().join(".env");
        write_atomic(&env, b"K=v\n", Some(0o600)).unwrap();
        assert_eq!(mode_of(&env), Some(0o600));
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 2, "no temporary file is left behind");
    }
}
