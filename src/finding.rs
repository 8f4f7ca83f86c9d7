//! `Finding`: the one type that flows from detectors to reports, and its parts.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use std::ops::Range;

use crate::redact::Secret;

/// How bad a leak of this credential is (blast radius), not how sure we are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// GitHub code scanning's `security-severity` (0.0–10.0).
    pub fn security_severity(self) -> &'static str {
        match self {
            Severity::Low => "3.0",
            Severity::Medium => "5.5",
            Severity::High => "8.0",
            Severity::Critical => "9.5",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "low" => Ok(Severity::Low),
            "medium" => Ok(Severity::Medium),
            "high" => Ok(Severity::High),
            "critical" => Ok(Severity::Critical),
            other => Err(format!(
                "unknown severity `{other}` (expected critical, high, medium or low)"
            )),
        }
    }
}

/// How specific the evidence is: a checksum-validated token is `High`, a
/// high-entropy value assigned to a credential-like name is `Low`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    /// One step less sure, never below `Low`.
    pub fn lowered(self) -> Confidence {
        match self {
            Confidence::High => Confidence::Medium,
            Confidence::Medium | Confidence::Low => Confidence::Low,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

impl FromStr for Confidence {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "low" => Ok(Confidence::Low),
            "medium" => Ok(Confidence::Medium),
            "high" => Ok(Confidence::High),
            other => Err(format!(
                "unknown confidence `{other}` (expected high, medium or low)"
            )),
        }
    }
}

/// Which findings fail the build: those at or above both floors. The default fails
/// every severity at medium or high confidence, so a low-confidence finding (a
/// name-only or entropy-only guess, a value in a test, docs sample or marked mock)
/// is reported without failing CI. `.keylint.toml` `[fail]` and
/// `--fail-confidence`/`--fail-severity` move the floors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FailPolicy {
    pub confidence: Confidence,
    pub severity: Severity,
}

impl Default for FailPolicy {
    fn default() -> Self {
        FailPolicy {
            confidence: Confidence::Medium,
            severity: Severity::Low,
        }
    }
}

impl FailPolicy {
    /// Whether a finding of this severity and confidence fails the build.
    pub fn fails(&self, severity: Severity, confidence: Confidence) -> bool {
        confidence >= self.confidence && severity >= self.severity
    }

    /// Set `failing` on every finding.
    pub fn apply(&self, findings: &mut [Finding]) {
        for f in findings {
            f.failing = self.fails(f.severity, f.confidence);
        }
    }
}

/// Which detector produced a finding; also the tie-breaker when several overlap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DetectorKind {
    /// A credential-named assignment judged by entropy (generic rules).
    Generic,
    /// A provider regex rule.
    Pattern,
    /// A provider regex rule whose value passed a structural validator.
    Validated,
    /// A literal passed to a known client constructor (syntax-aware pass).
    Ast,
    /// Reported by keylint about the repository itself (`kind = "repository"` rules):
    /// a credential file git tracks, a suppression a change adds. No secret value.
    Repository,
}

impl DetectorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DetectorKind::Generic => "generic",
            DetectorKind::Pattern => "pattern",
            DetectorKind::Validated => "validated",
            DetectorKind::Ast => "ast",
            DetectorKind::Repository => "repository",
        }
    }
}

/// A position in a scanned file: 1-based line and column (columns count Unicode
/// scalar values, as SARIF's `unicodeCodePoints`), plus the byte span.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    /// The path as walked (relative to the current directory when the scan root is), or `<stdin>`.
    pub path: String,
    /// The path's raw bytes when it is not valid UTF-8 (then `path` is lossy).
    pub path_bytes: Option<Vec<u8>>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
}

/// Another location that belongs to a finding (the other half of a key pair, the call
/// a literal flows into).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub location: Location,
    pub message: String,
    pub snippet: Option<Snippet>,
    /// Whether the location holds a secret (another half of a key set) rather than
    /// code the finding points to (a call); the value is masked in excerpts.
    pub is_secret: bool,
    /// For another half of a key set: its rule's id (what the value is).
    pub rule_id: Option<String>,
}

/// The git commit a finding was seen in (history scans only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommitInfo {
    pub id: String,
    pub author: String,
    pub date: String,
}

/// Context lines shown before and after the finding.
pub const CONTEXT_LINES: usize = 1;

/// An excerpt ready to render: `text` holds lines `first_line..` (1-based) and
/// `label` is the byte range of the masked secret within `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub first_line: usize,
    pub text: String,
    pub label: Range<usize>,
}

impl Snippet {
    /// The excerpt line holding the label (for SARIF's `region.snippet`).
    pub fn label_line(&self) -> &str {
        let start = self.text[..self.label.start]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let end = self.text[self.label.end..]
            .find('\n')
            .map_or(self.text.len(), |i| self.label.end + i);
        &self.text[start..end]
    }
}

/// Where a secret was seen in a repository's history, as the history source saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistorySeen {
    /// Every path the secret appeared under, sorted.
    pub paths: Vec<String>,
    /// Whether `HEAD`'s tree still holds it.
    pub present_at_head: bool,
}

/// One reported credential.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule_id: String,
    pub rule_name: String,
    pub detector: DetectorKind,
    pub severity: Severity,
    pub confidence: Confidence,
    pub location: Location,
    /// The credential name the value is bound to in the file (`BINANCE_API_SECRET`,
    /// `api_key`, `exchange.secret`), when the detector knew it and it holds no
    /// value found in the file. Text from the file: sanitize before printing.
    pub name: Option<String>,
    /// Redacted, terminal-safe excerpt of the lines around the secret.
    pub snippet: Option<Snippet>,
    pub secret: Secret,
    pub fingerprint: String,
    /// One lowercase line, naming the thing, without a trailing period.
    pub message: String,
    /// What to do, fitted to the file's language (how to read the value from the environment).
    pub remediation: String,
    pub revoke_url: Option<String>,
    pub related: Vec<Related>,
    /// Rule ids that matched the same span but lost to this one.
    pub also_matched: Vec<String>,
    pub commit: Option<CommitInfo>,
    /// Where the secret was seen in history (`keylint history` only).
    pub history: Option<HistorySeen>,
    /// Extra facts attached by later passes (e.g. inferred capabilities); rendered as-is.
    pub properties: Vec<(String, serde_json::Value)>,
    /// Whether this finding fails the build (exit code 1), decided by the scan's
    /// [`FailPolicy`] from severity and confidence. Non-failing findings are still
    /// reported (SARIF `note`, GitLab `Info`, marked in the human report).
    pub failing: bool,
}

impl Finding {
    /// `properties` followed by the history facts (`paths`, `present_at_head`): the
    /// `properties` object the JSON and SARIF reports show.
    pub fn report_properties(&self) -> Vec<(String, serde_json::Value)> {
        let mut all = self.properties.clone();
        if let Some(h) = &self.history {
            all.push(("paths".into(), serde_json::json!(h.paths)));
            all.push((
                "present_at_head".into(),
                serde_json::json!(h.present_at_head),
            ));
        }
        all
    }

    /// Deterministic report order: path, line, column, rule id.
    pub fn sort_key(&self) -> (&str, usize, usize, &str) {
        (
            &self.location.path,
            self.location.line,
            self.location.column,
            &self.rule_id,
        )
    }
}

/// A finding hidden by an inline marker, kept for `--list-suppressed` and the summary.
#[derive(Clone, Debug)]
pub struct Suppressed {
    pub finding: Finding,
    pub marker: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_orders_by_blast_radius() {
        assert!(Severity::Critical > Severity::High);
        assert!(Severity::Medium > Severity::Low);
        assert_eq!("HIGH".parse::<Severity>(), Ok(Severity::High));
        assert!("severe".parse::<Severity>().is_err());
    }

    #[test]
    fn the_default_policy_fails_medium_and_high_confidence_only() {
        let p = FailPolicy::default();
        assert!(p.fails(Severity::Low, Confidence::Medium));
        assert!(p.fails(Severity::Critical, Confidence::High));
        assert!(!p.fails(Severity::Critical, Confidence::Low));
        let strict = FailPolicy {
            confidence: Confidence::Low,
            severity: Severity::Low,
        };
        assert!(strict.fails(Severity::Medium, Confidence::Low));
        let severe = FailPolicy {
            confidence: Confidence::Low,
            severity: Severity::High,
        };
        assert!(!severe.fails(Severity::Medium, Confidence::High));
        assert!(severe.fails(Severity::High, Confidence::Low));
        assert_eq!("HIGH".parse::<Confidence>(), Ok(Confidence::High));
        assert!("sure".parse::<Confidence>().is_err());
        assert_eq!(Confidence::High.lowered(), Confidence::Medium);
        assert_eq!(Confidence::Low.lowered(), Confidence::Low);
    }

    #[test]
    fn detector_priority_prefers_specific_evidence() {
        assert!(DetectorKind::Validated > DetectorKind::Pattern);
        assert!(DetectorKind::Pattern > DetectorKind::Generic);
    }
}

/// Why a path was not (fully) scanned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IssueKind {
    /// Policy: a NUL byte in the first 8 KiB.
    Binary,
    /// Policy: larger than `--max-file-size`.
    TooLarge,
    /// Policy: symlinks are never followed (no escape from the tree, no loops).
    Symlink,
    /// Policy: FIFOs, sockets and device files are never opened.
    SpecialFile,
    /// Warning: the file disappeared between listing and reading.
    Vanished,
    /// Warning: a syntax-aware pass gave up on this file; the regex rules still ran.
    ParseFallback,
    /// Error: the file or directory could not be read (scan incomplete).
    Unreadable,
    /// Error: a path named on the command line does not exist.
    NotFound,
    /// Error: the walker failed on an entry (scan incomplete).
    Walk,
    /// Error: a git object or part of the history could not be read (missing, corrupt,
    /// or cut off by a shallow clone); the scan is incomplete.
    Git,
    /// Error: keylint itself failed on this file (a caught panic; scan incomplete).
    Internal,
}

impl IssueKind {
    /// Errors make the scan incomplete (exit code 2); skips and warnings do not.
    pub fn is_error(self) -> bool {
        matches!(
            self,
            IssueKind::Unreadable
                | IssueKind::NotFound
                | IssueKind::Walk
                | IssueKind::Git
                | IssueKind::Internal
        )
    }

    /// Policy skips are counted in the summary and listed only with `--verbose`.
    pub fn is_policy_skip(self) -> bool {
        matches!(
            self,
            IssueKind::Binary | IssueKind::TooLarge | IssueKind::Symlink | IssueKind::SpecialFile
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            IssueKind::Binary => "binary",
            IssueKind::TooLarge => "too-large",
            IssueKind::Symlink => "symlink",
            IssueKind::SpecialFile => "special-file",
            IssueKind::Vanished => "vanished",
            IssueKind::ParseFallback => "parse-fallback",
            IssueKind::Unreadable => "unreadable",
            IssueKind::NotFound => "not-found",
            IssueKind::Walk => "walk",
            IssueKind::Git => "git",
            IssueKind::Internal => "internal-error",
        }
    }
}

/// A per-path problem: a skip, a warning or an error. Never silent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScanIssue {
    pub path: String,
    pub kind: IssueKind,
    pub message: String,
}
