//! `keylint install-hook`: a git pre-commit hook that runs `keylint scan --staged`.
//!
//! The hook goes where git looks for it: `core.hooksPath` if set (relative to the
//! working tree's root, as git reads it), else `hooks/` in the repository's common
//! directory, which linked worktrees share with the main one. An existing hook is
//! never replaced without `force`; re-installing the identical hook is a no-op.

use std::path::{Path, PathBuf};

use super::err;
use crate::error::Error;

/// What [`install`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Installed {
    Written(PathBuf),
    /// The same hook was already there.
    Unchanged(PathBuf),
}

/// The pre-commit hook's text. It runs the binary that installed it when that still
/// exists, else `keylint` from `PATH`.
pub fn script(keylint: &Path) -> String {
    let quoted = keylint.display().to_string().replace('\'', r"'\''");
    format!(
        "#!/bin/sh
# keylint pre-commit hook, written by `keylint install-hook`.
# Blocks a commit whose staged changes hold a hardcoded credential.
# False positive: add `# keylint:allow` on its line (or a baseline entry); at your
# own commit you are the reviewer (--trust-suppressions), a pull request's
# `keylint scan --diff` reports the marker to the next one.
# Skip once, after checking: git commit --no-verify
KEYLINT='{quoted}'
[ -x \"$KEYLINT\" ] || KEYLINT=keylint
exec \"$KEYLINT\" scan --staged --trust-suppressions
"
    )
}

/// Where git will run a pre-commit hook from for `repo`.
pub fn hook_path(repo: &gix::Repository) -> Result<PathBuf, Error> {
    let configured = repo
        .config_snapshot()
        .trusted_path("core.hooksPath")
        .map_err(|e| err("core.hooksPath is not a usable path", e))?;
    let dir = match configured {
        Some(p) if p.is_absolute() => p,
        Some(p) => repo.workdir().unwrap_or_else(|| repo.git_dir()).join(p),
        None => repo.common_dir().join("hooks"),
    };
    Ok(dir.join("pre-commit"))
}

/// Write the hook for the repository containing the current directory.
pub fn install(keylint: &Path, force: bool) -> Result<Installed, Error> {
    let repo = super::open_from_env()?;
    let path = hook_path(&repo)?;
    let text = script(keylint);
    match std::fs::read(&path) {
        Ok(existing) if existing == text.as_bytes() => return Ok(Installed::Unchanged(path)),
        Ok(_) if !force => {
            return Err(Error::Usage {
                what: "install-hook".into(),
                message: format!(
                    "{} already exists; keep it and add `keylint scan --staged` to it, or replace it with `keylint install-hook --force`",
                    path.display()
                ),
            });
        }
        _ => {}
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    std::fs::write(&path, &text).map_err(|e| Error::io(&path, e))?;
    make_executable(&path)?;
    Ok(Installed::Written(path))
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| Error::io(path, e))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> Result<(), Error> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_quotes_the_binary_path() {
        let s = script(Path::new("/opt/it's here/keylint"));
        assert!(s.starts_with("#!/bin/sh\n"));
        assert!(s.contains(r"KEYLINT='/opt/it'\''s here/keylint'"), "{s}");
        assert!(s.ends_with("exec \"$KEYLINT\" scan --staged --trust-suppressions\n"));
    }
}
