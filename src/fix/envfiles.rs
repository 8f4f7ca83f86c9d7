//! The three files every fix touches: `.env` gets `NAME=value` (created with mode
//! 0600), `.env.example` gets `NAME=` (so the next person knows what to set), and
//! `.gitignore` gets `.env` when it does not ignore it yet — only inside git.

use std::path::{Path, PathBuf};

use super::EnvChanges;
use super::apply::mode_of;
use super::dotenv;
use super::repo::Repo;
use super::text::eol_of;

/// A file to write: where, what it held, what it will hold.
#[derive(Debug, Clone)]
pub(crate) struct Write {
    pub path: PathBuf,
    pub shown: String,
    pub old: Option<Vec<u8>>,
    pub new: Vec<u8>,
    /// Mode for a file that does not exist yet.
    pub new_mode: Option<u32>,
    /// A `.env` file: every value is masked in a diff.
    pub env_file: bool,
}

/// How a path under the root is shown: relative to the current directory if it can be.
pub(crate) fn shown(root: &Path, rel: &str) -> String {
    let abs = root.join(rel);
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|c| std::fs::canonicalize(c).ok());
    match cwd.as_deref().and_then(|c| abs.strip_prefix(c).ok()) {
        Some(r) if !r.as_os_str().is_empty() => r.display().to_string(),
        _ => abs.display().to_string(),
    }
}

/// The writes for `moves` (`(name, value)`, each name once), with the template's new
/// text when the fix itself edits the root `.env.example`.
pub(crate) fn compute(
    repo: &Repo,
    moves: &[(String, String)],
    example_text: Option<&[u8]>,
) -> Result<(Vec<Write>, EnvChanges), String> {
    let mut changes = EnvChanges {
        env_path: shown(&repo.root, ".env"),
        example_path: shown(&repo.root, ".env.example"),
        ..EnvChanges::default()
    };
    if moves.is_empty() {
        return Ok((Vec::new(), changes));
    }
    let mut writes = Vec::new();
    let env_path = repo.root.join(".env");
    let old_env = read(&env_path)?;
    let entries = old_env.as_deref().map(dotenv::parse).unwrap_or_default();
    let mut lines = Vec::new();
    for (name, value) in moves {
        if entries.iter().any(|e| e.name == *name && e.value == *value) {
            changes.env_reused.push(name.clone());
            continue;
        }
        lines.push(format!("{name}={}", dotenv::encode(value)?));
        changes.env_added.push(name.clone());
    }
    if !lines.is_empty() {
        let base = old_env.clone().unwrap_or_default();
        let eol = if base.is_empty() { "\n" } else { eol_of(&base) };
        changes.env_created = old_env.is_none();
        if old_env.is_some() {
            changes.env_loose_mode = mode_of(&env_path).filter(|m| m & 0o077 != 0);
        }
        writes.push(Write {
            new: dotenv::append(&base, &lines, eol),
            old: old_env,
            path: env_path,
            shown: changes.env_path.clone(),
            new_mode: Some(0o600),
            env_file: true,
        });
    }
    let example_path = repo.root.join(".env.example");
    let old_example = read(&example_path)?;
    let base = example_text
        .map(<[u8]>::to_vec)
        .or_else(|| old_example.clone())
        .unwrap_or_default();
    let present: Vec<String> = dotenv::parse(&base).into_iter().map(|e| e.name).collect();
    let blanks: Vec<String> = moves
        .iter()
        .filter(|(n, _)| !present.contains(n))
        .map(|(n, _)| format!("{n}="))
        .collect();
    if !blanks.is_empty() {
        changes.example_added = moves
            .iter()
            .filter(|(n, _)| !present.contains(n))
            .map(|(n, _)| n.clone())
            .collect();
        changes.example_created = old_example.is_none();
        let eol = if base.is_empty() { "\n" } else { eol_of(&base) };
        writes.push(Write {
            new: dotenv::append(&base, &blanks, eol),
            old: old_example,
            path: example_path,
            shown: changes.example_path.clone(),
            new_mode: None,
            env_file: true,
        });
    }
    if repo.git.is_some() && !repo.env_ignored() {
        let path = repo.root.join(".gitignore");
        let old = read(&path)?;
        let base = old.clone().unwrap_or_default();
        let eol = if base.is_empty() { "\n" } else { eol_of(&base) };
        writes.push(Write {
            new: dotenv::append(&base, &[".env".to_string()], eol),
            old,
            shown: shown(&repo.root, ".gitignore"),
            path,
            new_mode: None,
            env_file: false,
        });
        changes.gitignore_added = true;
    }
    Ok((writes, changes))
}

fn read(path: &Path) -> Result<Option<Vec<u8>>, String> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}
