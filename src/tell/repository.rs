//! Findings keylint reports about the repository itself (`kind = "repository"` rules,
//! `rules/repository.toml`): credential files git tracks or does not ignore, and
//! changes that would silence keylint. They hold no secret value: the fingerprint is
//! derived from what they are about (a path, a marker line) so a baseline and code
//! scanning can tell them apart.

use crate::finding::{DetectorKind, Finding, Location, Related};
use crate::redact::{self, Secret};
use crate::rules::Rule;
use crate::sources::credfiles::CredentialFile;

/// A finding of repository rule `rule` at `location`; `about` identifies what it is
/// about (fingerprinted, never shown).
pub fn finding(
    rule: &Rule,
    location: Location,
    message: String,
    remediation: String,
    about: &[u8],
    related: Vec<Related>,
) -> Finding {
    Finding {
        rule_id: rule.id.clone(),
        rule_name: rule.name.clone(),
        detector: DetectorKind::Repository,
        severity: rule.severity,
        confidence: rule.confidence,
        location,
        snippet: None,
        secret: Secret::new(b""),
        fingerprint: redact::fingerprint(&rule.id, &Secret::new(about)),
        message,
        remediation,
        revoke_url: None,
        related,
        also_matched: Vec::new(),
        commit: None,
        history: None,
        properties: Vec::new(),
    }
}

/// Line 1 of `path`: where a finding about a whole file points.
pub fn file_location(path: String, path_bytes: Option<Vec<u8>>) -> Location {
    Location {
        path,
        path_bytes,
        line: 1,
        column: 1,
        end_line: 1,
        end_column: 1,
        byte_start: 0,
        byte_end: 0,
    }
}

/// `path` quoted for a POSIX shell when it needs it.
fn shell_quote(path: &str) -> String {
    if !path.is_empty()
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._/-+@%:".contains(&b))
    {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    }
}

/// The .gitignore line that covers a credential file at repository-relative `rel`:
/// an environment file by name (at any depth), anything else by its exact path.
pub fn gitignore_line(kind: CredentialFile, rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    match kind {
        CredentialFile::Env => name.to_string(),
        _ if rel.contains('/') => rel.to_string(),
        _ => format!("/{rel}"),
    }
}

fn keep_instead(kind: CredentialFile) -> &'static str {
    match kind {
        CredentialFile::Env => {
            "keep a template with placeholders (`.env.example`) in git instead, and the real file only where the bot runs"
        }
        CredentialFile::Secrets => {
            "keep a template with placeholders (`secrets.example.json`) in git instead, and the real file only where the bot runs"
        }
        CredentialFile::PrivateKey | CredentialFile::Keystore => {
            "keep keys in a secret manager or outside the repository, and load them by path or from the environment"
        }
    }
}

/// `.env` (a credential file of `kind` at `rel`) is tracked by git.
pub fn tracked(rule: &Rule, at: Location, kind: CredentialFile, rel: &str) -> Finding {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let line = gitignore_line(kind, rel);
    let message = format!(
        "{} `{}` is tracked by git: every key written to it is committed",
        kind.noun(),
        redact::sanitize_str(name)
    );
    let remediation = format!(
        "stop tracking it: `git rm --cached {}`, add the line `{}` to .gitignore and commit both; {}. Every committed version stays in the history: if it ever held real keys, revoke them (`keylint history` finds them)",
        shell_quote(rel),
        line,
        keep_instead(kind)
    );
    finding(rule, at, message, remediation, rel.as_bytes(), Vec::new())
}

/// A credential file of `kind` at `rel` is neither tracked nor ignored (`in_git`), or
/// outside git not covered by the `.gitignore` there.
pub fn unignored(
    rule: &Rule,
    at: Location,
    kind: CredentialFile,
    rel: &str,
    in_git: bool,
) -> Finding {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let line = gitignore_line(kind, rel);
    let what = if in_git {
        "is not ignored by git"
    } else {
        "is not covered by .gitignore"
    };
    let message = format!(
        "{} `{}` {what}: `git add .` would commit it",
        kind.noun(),
        redact::sanitize_str(name)
    );
    let remediation = format!(
        "add the line `{line}` to .gitignore (`echo {} >> .gitignore`) so git never commits it; {}",
        shell_quote(&line),
        keep_instead(kind)
    );
    finding(rule, at, message, remediation, rel.as_bytes(), Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitignore_lines_and_quoting() {
        assert_eq!(
            gitignore_line(CredentialFile::Env, "bot/.env.prod"),
            ".env.prod"
        );
        assert_eq!(
            gitignore_line(CredentialFile::PrivateKey, "keys/a.pem"),
            "keys/a.pem"
        );
        assert_eq!(
            gitignore_line(CredentialFile::PrivateKey, "id_rsa"),
            "/id_rsa"
        );
        assert_eq!(shell_quote("keys/a.pem"), "keys/a.pem");
        assert_eq!(shell_quote("my keys/it's.pem"), r"'my keys/it'\''s.pem'");
    }
}
