//! Findings keylint reports about the repository itself (`kind = "repository"` rules,
//! `rules/repository.toml`): credential files git tracks or does not ignore, and
//! changes that would silence keylint. They hold no secret value: the fingerprint is
//! derived from what they are about (a path, a marker line) so a baseline and code
//! scanning can tell them apart.

use crate::finding::{DetectorKind, Finding, Location, Related, Snippet};
use crate::redact::{self, Secret};
use crate::rules::Rule;
use crate::sources::credfiles::CredentialFile;

/// A credential file git tracks (environment hygiene, `scan::hygiene`).
pub const CREDENTIAL_FILE_TRACKED: &str = "credential-file-tracked";
/// A credential file neither tracked nor ignored (environment hygiene).
pub const CREDENTIAL_FILE_UNIGNORED: &str = "credential-file-unignored";
/// The environment-hygiene rules: they hold only where a directory scan checked git.
pub const CREDENTIAL_FILE_RULES: [&str; 2] = [CREDENTIAL_FILE_TRACKED, CREDENTIAL_FILE_UNIGNORED];

/// A suppression marker a change adds (`scan::guard`).
pub const MARKER_ADDED: &str = "suppression-marker-added";
/// A `.keylintignore` change that excludes a file with findings.
pub const IGNORE_FILE_HIDES: &str = "ignore-file-hides-finding";
/// A config change that hides findings or turns these checks off.
pub const CONFIG_HIDES: &str = "config-hides-finding";
/// Baseline entries a change adds that hide findings.
pub const BASELINE_HIDES: &str = "baseline-hides-finding";
/// The rules about a change (`--diff`, `--staged`): they hold only relative to one.
pub const CHANGE_RULES: [&str; 4] = [
    MARKER_ADDED,
    IGNORE_FILE_HIDES,
    CONFIG_HIDES,
    BASELINE_HIDES,
];

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
        name: None,
        snippet: None,
        secret: Secret::new(b""),
        fingerprint: redact::fingerprint(&rule.id, &Secret::new(about)),
        message,
        remediation,
        revoke_url: None,
        related,
        also_matched: Vec::new(),
        commit: None,
        failing: true,
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

/// How many hidden findings a finding about a change lists as related locations.
pub const MAX_HIDDEN_SHOWN: usize = 10;

/// A hidden finding as a related location: its place and its (masked) excerpt.
fn hidden_related(f: &Finding) -> Related {
    Related {
        location: f.location.clone(),
        message: format!("hidden: {} ({})", f.rule_name, f.severity),
        snippet: f.snippet.clone(),
        is_secret: true,
        rule_id: None,
    }
}

/// `binance-api-secret at bot.py:9, github-token at ci.yml:3 and 2 more`
fn hidden_list(hidden: &[&Finding]) -> String {
    let shown: Vec<String> = hidden
        .iter()
        .take(3)
        .map(|f| {
            format!(
                "{} at {}:{}",
                f.rule_id,
                redact::sanitize_str(&f.location.path),
                f.location.line
            )
        })
        .collect();
    let mut text = shown.join(", ");
    if hidden.len() > 3 {
        text.push_str(&format!(" and {} more", hidden.len() - 3));
    }
    text
}

fn findings_word(n: usize) -> &'static str {
    if n == 1 { "finding" } else { "findings" }
}

/// What a change hides, as the finding's related locations (at most [`MAX_HIDDEN_SHOWN`]).
fn hidden_locations(hidden: &[&Finding]) -> Vec<Related> {
    hidden
        .iter()
        .take(MAX_HIDDEN_SHOWN)
        .map(|f| hidden_related(f))
        .collect()
}

/// The change adds suppression `marker` at `at`, hiding `hidden`. `snippet` is the
/// excerpt of the marker's line (taken from a hidden finding's, so already masked).
pub fn marker_added(
    rule: &Rule,
    at: Location,
    snippet: Option<Snippet>,
    marker: &str,
    hidden: &[&Finding],
) -> Finding {
    let message = format!(
        "`{marker}` added by this change hides {} {}: {}",
        hidden.len(),
        findings_word(hidden.len()),
        hidden_list(hidden)
    );
    let about = format!("{}\0{}\0{marker}", at.path, at.line);
    let mut f = finding(
        rule,
        at,
        message,
        rule.remediation.clone(),
        about.as_bytes(),
        hidden_locations(hidden),
    );
    f.snippet = snippet;
    f
}

/// The change adds `.keylintignore` pattern `pattern` (at `at`), which excludes the
/// file shown as `file` and so `hidden`.
pub fn ignore_hides(
    rule: &Rule,
    at: Location,
    snippet: Option<Snippet>,
    pattern: &str,
    file: &str,
    hidden: &[&Finding],
) -> Finding {
    let message = format!(
        "`.keylintignore` pattern `{}` added by this change excludes {}, hiding {} {}: {}",
        redact::sanitize_str(pattern),
        redact::sanitize_str(file),
        hidden.len(),
        findings_word(hidden.len()),
        hidden_list(hidden)
    );
    let about = format!("{}\0{pattern}\0{file}", at.path);
    let mut f = finding(
        rule,
        at,
        message,
        rule.remediation.clone(),
        about.as_bytes(),
        hidden_locations(hidden),
    );
    f.snippet = snippet;
    f
}

/// The change to the config file at `at` hides `hidden` (reported with the previous
/// version) and turns off the checks `disabled` (rule ids of this kind).
pub fn config_hides(
    rule: &Rule,
    at: Location,
    hidden: &[&Finding],
    disabled: &[String],
) -> Finding {
    let name = at.path.rsplit('/').next().unwrap_or(&at.path).to_string();
    let mut parts = Vec::new();
    if !hidden.is_empty() {
        parts.push(format!(
            "hides {} {} the previous version reports: {}",
            hidden.len(),
            findings_word(hidden.len()),
            hidden_list(hidden)
        ));
    }
    if !disabled.is_empty() {
        parts.push(format!("turns off {}", disabled.join(", ")));
    }
    let message = format!(
        "`{}` changed by this change {}",
        redact::sanitize_str(&name),
        parts.join(" and ")
    );
    let mut about: Vec<String> = hidden.iter().map(|f| f.fingerprint.clone()).collect();
    about.extend(disabled.iter().cloned());
    about.sort();
    finding(
        rule,
        at,
        message,
        rule.remediation.clone(),
        about.join("\0").as_bytes(),
        hidden_locations(hidden),
    )
}

/// The change adds a baseline entry (at `at`) that hides `hidden`.
pub fn baseline_hides(
    rule: &Rule,
    at: Location,
    snippet: Option<Snippet>,
    hidden: &Finding,
) -> Finding {
    let message = format!(
        "baseline entry added by this change hides {}",
        hidden_list(&[hidden])
    );
    let about = format!(
        "{}\0{}\0{}",
        at.path, hidden.fingerprint, hidden.location.path
    );
    let mut f = finding(
        rule,
        at,
        message,
        rule.remediation.clone(),
        about.as_bytes(),
        vec![hidden_related(hidden)],
    );
    f.snippet = snippet;
    f
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
