//! What a scan produced, as every consumer after the engine sees it: the reporters,
//! the baseline and the exit code read [`ScanReport`] and nothing else.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::capability::CapabilityUse;
use crate::finding::FailPolicy;
use crate::finding::{Finding, IssueKind, ScanIssue, Severity, Suppressed};
use crate::rules::Rule;

/// Totals shown in the summary line and the JSON `summary` object.
#[derive(Debug, Default, Clone)]
pub struct ScanSummary {
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    /// Issue kind → count (skips, warnings and errors alike).
    pub issues: BTreeMap<IssueKind, u64>,
    /// Suppression marker → count.
    pub suppressed: BTreeMap<String, u64>,
    /// Findings dropped by `.keylint.toml` allowlists.
    pub allowlisted: u64,
    /// Findings hidden because they are in the baseline.
    pub baselined: u64,
    /// Commits walked (`keylint history`; then `files_scanned` counts distinct blobs).
    pub commits_scanned: u64,
    /// Findings dropped by `--diff` because none of their lines is added.
    pub outside_diff: u64,
    pub duration: Duration,
    /// Whether credential files were checked against git (`scan` of a directory): a
    /// baseline entry of those checks is stale only then.
    pub credential_files_checked: bool,
    /// Credential files (`.env`, keys) found ignored by git: the safe setup, counted
    /// with `--verbose`, never read for their values.
    pub credential_files_ignored: u64,
    /// When the scan started (set by the command that ran it; reports that carry
    /// clock times, such as GitLab's, need it).
    pub started_at: Option<SystemTime>,
}

impl ScanSummary {
    /// Whether every named path was read (no error-kind issue).
    pub fn complete(&self) -> bool {
        !self.issues.iter().any(|(k, n)| k.is_error() && *n > 0)
    }

    pub fn skipped(&self) -> u64 {
        self.issues
            .iter()
            .filter(|(k, _)| k.is_policy_skip())
            .map(|(_, n)| n)
            .sum()
    }
}

/// Rule metadata reporters need (reporters never see the engine).
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub id: String,
    pub name: String,
    pub description: String,
    pub severity: Severity,
    pub remediation: String,
    pub revoke_url: Option<String>,
    pub references: Vec<String>,
}

impl From<&Rule> for RuleInfo {
    fn from(r: &Rule) -> Self {
        RuleInfo {
            id: r.id.clone(),
            name: r.name.clone(),
            description: r.description.clone(),
            severity: r.severity,
            remediation: r.remediation.clone(),
            revoke_url: r.revoke_url.clone(),
            references: r.references.clone(),
        }
    }
}

/// The result of a scan: what every reporter renders and the exit code derives from.
#[derive(Debug, Default)]
pub struct ScanReport {
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Suppressed>,
    pub issues: Vec<ScanIssue>,
    pub summary: ScanSummary,
    /// Metadata of every enabled rule.
    pub rules: Vec<RuleInfo>,
    /// Set when a baseline was applied: its file and the entries nothing matched.
    pub baseline: Option<BaselineApplied>,
    /// Capability call sites found by the code-aware pass, sorted.
    pub capabilities: Vec<CapabilityUse>,
}

impl ScanReport {
    /// Findings of rules that need another finding beside them (`beside` in the rule:
    /// an encrypted keystore is a leak when its password sits in the same directory)
    /// stay only where one is; the others are listed as suppressed, with the reason.
    fn keep_companions(&mut self, rules: &crate::rules::RuleSet) {
        let needs: BTreeMap<&str, &[String]> = rules
            .rules()
            .iter()
            .filter(|r| !r.beside.is_empty())
            .map(|r| (r.id.as_str(), r.beside.as_slice()))
            .collect();
        if needs.is_empty()
            || !self
                .findings
                .iter()
                .any(|f| needs.contains_key(f.rule_id.as_str()))
        {
            return;
        }
        let dir = |p: &str| {
            p.rsplit_once(['/', '\\'])
                .map_or("", |(d, _)| d)
                .to_string()
        };
        let others: Vec<(String, String)> = self
            .findings
            .iter()
            .chain(self.suppressed.iter().map(|s| &s.finding))
            .filter(|f| !needs.contains_key(f.rule_id.as_str()))
            .map(|f| (dir(&f.location.path), f.rule_id.clone()))
            .collect();
        let (kept, alone): (Vec<Finding>, Vec<Finding>) = std::mem::take(&mut self.findings)
            .into_iter()
            .partition(|f| {
                let Some(words) = needs.get(f.rule_id.as_str()) else {
                    return true;
                };
                let d = dir(&f.location.path);
                others
                    .iter()
                    .any(|(od, id)| *od == d && words.iter().any(|w| id.contains(w.as_str())))
            });
        self.findings = kept;
        self.suppressed
            .extend(alone.into_iter().map(|finding| Suppressed {
                marker: "alone (nothing it needs beside it)".into(),
                finding,
            }));
    }

    /// Keep the findings that need a companion only beside one
    /// ([`ScanReport::keep_companions`]), decide which findings fail the build
    /// (`policy`), then sort findings, suppressions and issues into their
    /// deterministic order.
    pub fn finish(&mut self, policy: &FailPolicy, rules: &crate::rules::RuleSet) {
        self.keep_companions(rules);
        policy.apply(&mut self.findings);
        self.findings
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.suppressed
            .sort_by(|a, b| a.finding.sort_key().cmp(&b.finding.sort_key()));
        self.issues
            .sort_by(|a, b| (&a.path, a.kind).cmp(&(&b.path, b.kind)));
        self.capabilities.sort();
        self.summary.issues.clear();
        for i in &self.issues {
            *self.summary.issues.entry(i.kind).or_default() += 1;
        }
        self.summary.suppressed.clear();
        for s in &self.suppressed {
            *self.summary.suppressed.entry(s.marker.clone()).or_default() += 1;
        }
    }
}

/// What one in-memory item produced, for `scan::scan_blobs` callers that need to know
/// which item a finding came from (history attributes findings to commits).
#[derive(Debug, Default)]
pub struct ItemOutput {
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Suppressed>,
    pub issues: Vec<ScanIssue>,
}

/// One accepted finding in a baseline file (`keylint/baseline/v1`, see [`crate::baseline`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub rule_id: String,
    pub path: String,
    pub line: usize,
    /// The masked preview (`xZKi…(64)`), never more of the secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview: Option<String>,
}

/// What applying a baseline did, kept on the report for the reporters.
#[derive(Debug, Clone, Default)]
pub struct BaselineApplied {
    pub file: String,
    /// Entries within the scanned paths that no finding matched.
    pub stale: Vec<BaselineEntry>,
}
