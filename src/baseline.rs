//! Baselines: accept the findings a repository already has, fail only on new ones.
//!
//! `keylint baseline create` writes the current findings; `keylint scan --baseline FILE`
//! hides exactly those (same fingerprint *and* same path), reports everything else, and
//! lists the entries that matched nothing (stale: the secret was removed or moved).
//!
//! Format `keylint/baseline/v1` (JSON, sorted, diff-friendly):
//!
//! ```json
//! {
//!   "schema": "keylint/baseline/v1",
//!   "entries": [
//!     {"fingerprint": "<64 hex>", "rule_id": "binance-api-secret", "path": "bot.py",
//!      "line": 9, "preview": "xZKi…(64)"}
//!   ]
//! }
//! ```
//! `rule_id`, `line` and `preview` are for the humans reviewing the file; matching uses
//! `fingerprint` and `path` only, so moving code within a file keeps its entries valid.
//! No entry holds the secret: the fingerprint is a hash and the preview is the same
//! masked form every report prints.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::finding::Finding;
use crate::outcome::{BaselineApplied, BaselineEntry, ScanReport};
use crate::tell::repository;

pub const SCHEMA: &str = "keylint/baseline/v1";
/// Where `keylint baseline create` writes when no `-o` is given.
pub const DEFAULT_FILE: &str = ".keylint-baseline.json";

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub schema: String,
    pub entries: Vec<BaselineEntry>,
}

impl Baseline {
    /// The findings of `report` as a baseline (sorted by path, line, rule).
    pub fn from_report(report: &ScanReport) -> Baseline {
        let mut entries: Vec<BaselineEntry> = report
            .findings
            .iter()
            .map(|f| BaselineEntry {
                fingerprint: f.fingerprint.clone(),
                rule_id: f.rule_id.clone(),
                path: f.location.path.clone(),
                line: f.location.line,
                preview: Some(f.secret.redacted()),
            })
            .collect();
        entries.sort_by(|a, b| {
            (&a.path, a.line, &a.rule_id, &a.fingerprint).cmp(&(
                &b.path,
                b.line,
                &b.rule_id,
                &b.fingerprint,
            ))
        });
        entries.dedup();
        Baseline {
            schema: SCHEMA.to_string(),
            entries,
        }
    }

    pub fn load(path: &Path) -> Result<Baseline, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::parse(&text).map_err(|message| Error::Usage {
            what: format!("baseline {}", path.display()),
            message,
        })
    }

    /// Parse a baseline document; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        #[derive(Deserialize)]
        struct Probe {
            schema: Option<String>,
        }
        let probe: Probe = serde_json::from_str(text).map_err(|e| e.to_string())?;
        match probe.schema.as_deref() {
            Some(SCHEMA) => {}
            Some(other) => {
                return Err(format!(
                    "schema `{other}` is not supported (expected `{SCHEMA}`); recreate it with `keylint baseline create`"
                ));
            }
            None => return Err(format!("no `schema` field (expected `{SCHEMA}`)")),
        }
        let b: Baseline = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if let Some(e) = b.entries.iter().find(|e| !is_fingerprint(&e.fingerprint)) {
            return Err(format!(
                "entry for {}:{} has a malformed fingerprint (expected 64 hex digits)",
                e.path, e.line
            ));
        }
        Ok(b)
    }

    pub fn write(&self, w: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *w, self)?;
        writeln!(w)
    }

    /// Hide the findings of `report` that this baseline holds (same fingerprint and
    /// path; for history findings, any path the secret appeared under), count them in `summary.baselined`, and record which entries matched
    /// nothing. `covers(path)` says whether the scan looked at `path` at all: an
    /// entry for a file outside the scan is not stale, just not checked.
    pub fn apply(&self, file: &Path, report: &mut ScanReport, covers: impl Fn(&str) -> bool) {
        let keys: HashSet<(&str, &str)> = self
            .entries
            .iter()
            .map(|e| (e.fingerprint.as_str(), e.path.as_str()))
            .collect();
        let mut matched: HashSet<(String, String)> = HashSet::new();
        let before = report.findings.len();
        report.findings.retain(|f| {
            let hits: Vec<&str> = finding_paths(f)
                .filter(|p| keys.contains(&(f.fingerprint.as_str(), *p)))
                .collect();
            for p in &hits {
                matched.insert((f.fingerprint.clone(), (*p).to_string()));
            }
            hits.is_empty()
        });
        report.summary.baselined += (before - report.findings.len()) as u64;
        // Entries of the credential-file checks are not stale where they did not run
        // (history, staged content, explicit files); entries about a change (`--diff`,
        // `--staged`) hold only relative to that change, and are never stale.
        let checked = report.summary.credential_files_checked;
        let stale = self
            .entries
            .iter()
            .filter(|e| !matched.contains(&(e.fingerprint.clone(), e.path.clone())))
            .filter(|e| covers(&e.path))
            .filter(|e| checked || !repository::CREDENTIAL_FILE_RULES.contains(&e.rule_id.as_str()))
            .filter(|e| !repository::CHANGE_RULES.contains(&e.rule_id.as_str()))
            .cloned()
            .collect();
        report.baseline = Some(BaselineApplied {
            file: file.display().to_string(),
            stale,
        });
    }
}

/// The paths a finding is known under: its location, and for history findings every
/// path the secret appeared under.
fn finding_paths(f: &Finding) -> impl Iterator<Item = &str> {
    let history = f
        .history
        .iter()
        .flat_map(|h| h.paths.iter().map(String::as_str));
    std::iter::once(f.location.path.as_str()).chain(history)
}

/// Whether a scan of `roots` (paths as given on the command line) looked at `path` (a
/// path as reports show it): `.` covers everything, a directory covers what is under it.
pub fn roots_cover(roots: &[PathBuf], path: &str) -> bool {
    roots.iter().any(|root| {
        let r = crate::sources::walk::display_path(root).0;
        let r = r.trim_end_matches('/');
        r == "."
            || r.is_empty()
            || path == r
            || path
                .strip_prefix(r)
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

fn is_fingerprint(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FP: &str = "9c1e0f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e";

    #[test]
    fn parse_checks_schema_and_fingerprints() {
        let ok = format!(
            r#"{{"schema":"keylint/baseline/v1","entries":[{{"fingerprint":"{FP}","rule_id":"a-b","path":"x.py","line":3}}]}}"#
        );
        assert_eq!(Baseline::parse(&ok).unwrap().entries.len(), 1);
        let e = Baseline::parse(r#"{"schema":"keylint/baseline/v9","entries":[]}"#).unwrap_err();
        assert!(e.contains("keylint/baseline/v9"), "{e}");
        let e = Baseline::parse(r#"{"entries":[]}"#).unwrap_err();
        assert!(e.contains("no `schema`"), "{e}");
        let bad = ok.replace(FP, "abc");
        assert!(
            Baseline::parse(&bad)
                .unwrap_err()
                .contains("malformed fingerprint")
        );
        let unknown = ok.replace("\"line\":3", "\"line\":3,\"secret\":\"x\"");
        assert!(Baseline::parse(&unknown).unwrap_err().contains("secret"));
    }

    #[test]
    fn roots_cover_paths_under_them() {
        let roots = vec![PathBuf::from("src"), PathBuf::from("./.env")];
        assert!(roots_cover(&roots, "src/a.py"));
        assert!(roots_cover(&roots, ".env"));
        assert!(!roots_cover(&roots, "srcx/a.py"));
        assert!(!roots_cover(&roots, "bot.py"));
        assert!(roots_cover(&[PathBuf::from(".")], "anything/at/all"));
    }
}
