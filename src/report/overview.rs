//! The overview of a report: counts by severity, the files and rules with the most
//! findings, what was not reported or not scanned and why, and the command to run next.
//! The human report closes with it when its findings fill more than a screen; the
//! markdown report opens with it.

use std::collections::BTreeMap;

use crate::finding::{Finding, IssueKind, Severity};
use crate::outcome::ScanReport;

/// How many files and rules the overview names.
pub const TOP: usize = 5;

/// Everything the overview says, computed once from a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    pub findings: usize,
    /// Non-zero counts, most severe first.
    pub by_severity: Vec<(Severity, usize)>,
    /// Findings that fail the build (exit code 1); the rest are informational.
    pub failing: usize,
    /// Distinct files with findings.
    pub files: usize,
    /// The files with the most findings: (path, count), most first, then by path.
    pub top_files: Vec<(String, usize)>,
    /// Distinct rules with findings.
    pub rules: usize,
    /// The rules with the most findings: (id, name, count), most first, then by id.
    pub top_rules: Vec<(String, String, usize)>,
    /// Found but not reported: (what, count), e.g. ("suppressed by `keylint:allow`", 2).
    pub hidden: Vec<(String, u64)>,
    /// Not scanned or not fully scanned: (kind, count, why).
    pub skipped: Vec<(IssueKind, u64, &'static str)>,
    /// Whether every named path was read.
    pub complete: bool,
    /// Commands worth running next: (command, why).
    pub next: Vec<(String, String)>,
}

/// Whether a finding fails the build at the configured level (set by the scan's policy).
fn fails(f: &Finding) -> bool {
    f.failing
}

/// Why a kind of path was skipped or not fully read, in a few words.
fn why(kind: IssueKind) -> &'static str {
    match kind {
        IssueKind::Binary => "a NUL byte in the first 8 KiB",
        IssueKind::TooLarge => "over --max-file-size; may hold a key",
        IssueKind::Symlink => "symlinks are never followed",
        IssueKind::SpecialFile => "FIFOs, sockets and devices are never opened",
        IssueKind::Vanished => "deleted during the scan",
        IssueKind::ParseFallback => "did not parse; only the text rules ran",
        IssueKind::Unreadable => "could not be read: the scan is incomplete",
        IssueKind::NotFound => "named but missing: the scan is incomplete",
        IssueKind::Walk => "a directory could not be listed: the scan is incomplete",
        IssueKind::Git => "a git object could not be read: the scan is incomplete",
        IssueKind::Internal => "keylint failed on it (a bug): the scan is incomplete",
    }
}

impl Overview {
    pub fn new(report: &ScanReport) -> Overview {
        let findings = &report.findings;
        let by_severity = Severity::ALL
            .iter()
            .map(|s| (*s, findings.iter().filter(|f| f.severity == *s).count()))
            .filter(|(_, n)| *n > 0)
            .collect();
        let mut per_file: BTreeMap<&str, usize> = BTreeMap::new();
        let mut per_rule: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
        for f in findings {
            *per_file.entry(&f.location.path).or_default() += 1;
            per_rule.entry(&f.rule_id).or_insert((&f.rule_name, 0)).1 += 1;
        }
        let mut top_files: Vec<(String, usize)> =
            per_file.iter().map(|(p, n)| (p.to_string(), *n)).collect();
        top_files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        top_files.truncate(TOP);
        let mut top_rules: Vec<(String, String, usize)> = per_rule
            .iter()
            .map(|(id, (name, n))| (id.to_string(), name.to_string(), *n))
            .collect();
        top_rules.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        top_rules.truncate(TOP);

        let s = &report.summary;
        let mut hidden: Vec<(String, u64)> = s
            .suppressed
            .iter()
            .map(|(m, n)| (format!("suppressed by `{m}`"), *n))
            .collect();
        if s.allowlisted > 0 {
            hidden.push(("allowlisted in .keylint.toml".into(), s.allowlisted));
        }
        if s.baselined > 0 {
            hidden.push(("in the baseline".into(), s.baselined));
        }
        if s.outside_diff > 0 {
            hidden.push(("on lines the change did not add".into(), s.outside_diff));
        }
        let skipped = s
            .issues
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(k, n)| (*k, *n, why(*k)))
            .collect();

        let mut next = Vec::new();
        if let Some((id, _, _)) = top_rules.first() {
            next.push((
                format!("keylint explain {id}"),
                "what the most frequent rule finds, why it matters and how to fix it".into(),
            ));
        }
        if !s.complete() {
            next.push((
                "keylint scan --verbose".into(),
                "list every path that was not read, then fix access and scan again".into(),
            ));
        }
        if s.issues.get(&IssueKind::TooLarge).is_some_and(|n| *n > 0) {
            next.push((
                "keylint scan --max-file-size 100M".into(),
                "also scan the files skipped as too large".into(),
            ));
        }
        if !findings.is_empty() && report.baseline.is_none() && s.commits_scanned == 0 {
            next.push((
                "keylint baseline create".into(),
                "accept today's findings after revoking them, so CI fails only on new ones".into(),
            ));
        }
        Overview {
            findings: findings.len(),
            by_severity,
            failing: findings.iter().filter(|f| fails(f)).count(),
            files: per_file.len(),
            top_files,
            rules: per_rule.len(),
            top_rules,
            hidden,
            skipped,
            complete: s.complete(),
            next,
        }
    }

    /// `8 critical, 3 high, 1 medium`, or `none`.
    pub fn severity_text(&self) -> String {
        if self.by_severity.is_empty() {
            return "none".into();
        }
        self.by_severity
            .iter()
            .map(|(s, n)| format!("{n} {s}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `3 fail the build, 9 informational`, when some findings do not fail it.
    pub fn failing_text(&self) -> Option<String> {
        (self.failing < self.findings).then(|| {
            format!(
                "{} fail the build, {} informational",
                self.failing,
                self.findings - self.failing
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_report_has_nothing_to_suggest_but_explain() {
        let o = Overview::new(&ScanReport::default());
        assert_eq!(o.findings, 0);
        assert_eq!(o.severity_text(), "none");
        assert!(o.next.is_empty());
        assert!(o.complete);
        assert_eq!(o.failing_text(), None);
    }
}
