//! Human output: one miette diagnostic per finding, then a summary line.
//!
//! miette prints whatever source excerpt it is given, so it is given only the
//! redacted, sanitised [`Snippet`] the engine built, with line numbers shifted to the
//! file's own and the header column set to the secret's real column.

use std::fmt;
use std::io::{self, Write};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, Severity as MSeverity, SourceCode, SourceSpan, SpanContents,
};

use super::ReportOptions;
use crate::finding::Snippet;
use crate::finding::{CommitInfo, Finding, Related, Severity};
use crate::outcome::ScanReport;
use crate::redact::sanitize_str;

/// Render width when the terminal's is unknown.
const DEFAULT_WIDTH: usize = 100;

pub fn write(report: &ScanReport, opts: &ReportOptions, w: &mut dyn Write) -> io::Result<()> {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width.unwrap_or(DEFAULT_WIDTH))
        .with_links(false)
        .with_context_lines(crate::finding::CONTEXT_LINES);
    for f in &report.findings {
        render(
            &handler,
            &FindingDiagnostic::new(f, None, opts.show_secrets),
            w,
        )?;
    }
    if opts.list_suppressed {
        for s in &report.suppressed {
            render(
                &handler,
                &FindingDiagnostic::new(&s.finding, Some(&s.marker), opts.show_secrets),
                w,
            )?;
        }
    }
    if let Some(b) = report.baseline.as_ref().filter(|b| !b.stale.is_empty()) {
        writeln!(
            w,
            "stale baseline entries in {} (nothing matches them any more; recreate it with `keylint baseline create`):",
            sanitize_str(&b.file)
        )?;
        for e in &b.stale {
            writeln!(
                w,
                "  {}:{} {} {}",
                sanitize_str(&e.path),
                e.line,
                sanitize_str(&e.rule_id),
                e.fingerprint.get(..12).unwrap_or(&e.fingerprint)
            )?;
        }
    }
    if opts.verbose {
        for i in report.issues.iter().filter(|i| i.kind.is_policy_skip()) {
            writeln!(
                w,
                "skipped {}: {}",
                sanitize_str(&i.path),
                sanitize_str(&i.message)
            )?;
        }
    }
    writeln!(w, "{}", summary_line(report, opts))
}

fn render(
    handler: &GraphicalReportHandler,
    d: &FindingDiagnostic,
    w: &mut dyn Write,
) -> io::Result<()> {
    let mut out = String::new();
    handler
        .render_report(&mut out, d)
        .map_err(|_| io::Error::other("could not render a diagnostic"))?;
    w.write_all(out.as_bytes())
}

/// `3 findings (1 critical, 2 high) · 12 files, 34.5 KiB scanned in 12 ms · …`
pub fn summary_line(report: &ScanReport, opts: &ReportOptions) -> String {
    let s = &report.summary;
    let mut parts = Vec::new();
    let n = report.findings.len();
    if n == 0 {
        parts.push("no findings".to_string());
    } else {
        let by: Vec<String> = Severity::ALL
            .iter()
            .filter_map(|sev| {
                let c = report
                    .findings
                    .iter()
                    .filter(|f| f.severity == *sev)
                    .count();
                (c > 0).then(|| format!("{c} {sev}"))
            })
            .collect();
        parts.push(format!("{n} finding{} ({})", plural(n), by.join(", ")));
    }
    let mut scanned = if s.commits_scanned > 0 {
        format!(
            "{} commit{}, {} blob{}, {} scanned",
            s.commits_scanned,
            plural(s.commits_scanned as usize),
            s.files_scanned,
            plural(s.files_scanned as usize),
            human_bytes(s.bytes_scanned)
        )
    } else {
        format!(
            "{} file{}, {} scanned",
            s.files_scanned,
            plural(s.files_scanned as usize),
            human_bytes(s.bytes_scanned)
        )
    };
    if !opts.deterministic {
        scanned.push_str(&format!(" in {} ms", s.duration.as_millis()));
    }
    parts.push(scanned);
    let counts = |pred: fn(crate::finding::IssueKind) -> bool| -> Vec<String> {
        s.issues
            .iter()
            .filter(|(k, _)| pred(**k))
            .map(|(k, c)| format!("{c} {}", k.as_str()))
            .collect()
    };
    let skipped = counts(|k| k.is_policy_skip());
    if !skipped.is_empty() {
        parts.push(format!("skipped {}", skipped.join(", ")));
    }
    if !s.suppressed.is_empty() {
        let by: Vec<String> = s
            .suppressed
            .iter()
            .map(|(m, c)| format!("{c} by {m}"))
            .collect();
        parts.push(format!("suppressed {}", by.join(", ")));
    }
    if s.allowlisted > 0 {
        parts.push(format!("allowlisted {}", s.allowlisted));
    }
    if s.baselined > 0 {
        parts.push(format!("in baseline {}", s.baselined));
    }
    if let Some(b) = report.baseline.as_ref().filter(|b| !b.stale.is_empty()) {
        parts.push(format!(
            "{} stale baseline entr{}",
            b.stale.len(),
            if b.stale.len() == 1 { "y" } else { "ies" }
        ));
    }
    if s.outside_diff > 0 {
        parts.push(format!("{} outside the diff not shown", s.outside_diff));
    }
    let errors = counts(|k| k.is_error());
    if !errors.is_empty() {
        parts.push(format!(
            "INCOMPLETE: {} error(s) ({})",
            errors.len(),
            errors.join(", ")
        ));
    }
    format!("keylint: {}", parts.join(" · "))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `512 B`, `34.5 KiB`, `1.2 MiB`, `3.0 GiB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

/// `introduced in 1a2b3c4d by A <a@x> on 2024-05-01T10:00:00+00:00 · paths: a.py, b.py · removed at HEAD`
fn history_line(f: &Finding, c: &CommitInfo) -> String {
    let mut line = format!(
        "introduced in {} by {} on {}",
        c.id.get(..10).unwrap_or(&c.id),
        sanitize_str(&c.author),
        c.date
    );
    if let Some(h) = &f.history {
        let list: Vec<String> = h.paths.iter().map(|p| sanitize_str(p)).collect();
        line.push_str(&format!(
            " · path{}: {}",
            plural(list.len()),
            list.join(", ")
        ));
    }
    match f.history.as_ref().map(|h| h.present_at_head) {
        Some(true) => line.push_str(" · still present at HEAD"),
        Some(false) => line.push_str(" · not present at HEAD"),
        None => {}
    }
    line
}

/// A redacted excerpt that reports the file's own line numbers to miette.
struct Excerpt {
    name: String,
    snippet: Snippet,
    /// 0-based column of the secret in the file (the excerpt may be cut on the left).
    column: usize,
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.snippet.text.as_str().read_span(span, before, after)?;
        let label = SourceSpan::from(self.snippet.label.clone());
        let column = if *span == label {
            self.column
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.snippet.first_line - 1,
            column,
            inner.line_count(),
        )))
    }
}

struct FindingDiagnostic {
    message: String,
    code: String,
    severity: Severity,
    label: String,
    help: String,
    url: Option<String>,
    excerpt: Option<Excerpt>,
    related: Vec<FindingDiagnostic>,
}

impl FindingDiagnostic {
    fn new(f: &Finding, marker: Option<&str>, show_secrets: bool) -> Self {
        // Rule text can come from a scanned repository's `.keylint.toml`: escape it too.
        let remediation = crate::redact::sanitize_lines(&f.remediation);
        let mut help = match &f.commit {
            Some(c) => format!("{}\n{}", history_line(f, c), remediation),
            None => remediation,
        };
        if show_secrets {
            help.push_str(&format!(
                "\nsecret (--show-secrets): {}",
                crate::redact::sanitize(f.secret.expose_secret())
            ));
        }
        if !f.also_matched.is_empty() {
            help.push_str(&format!(
                "\nalso matched: {}",
                sanitize_str(&f.also_matched.join(", "))
            ));
        }
        let message = match marker {
            Some(m) => format!("{} (suppressed by `{m}`)", sanitize_str(&f.message)),
            None => sanitize_str(&f.message),
        };
        FindingDiagnostic {
            message,
            code: f.rule_id.clone(),
            severity: f.severity,
            label: format!(
                "{} ({}, {} confidence)",
                sanitize_str(&f.rule_name),
                f.severity,
                f.confidence.as_str()
            ),
            help,
            url: f.revoke_url.as_deref().map(sanitize_str),
            excerpt: f.snippet.clone().map(|snippet| Excerpt {
                name: sanitize_str(&f.location.path),
                snippet,
                column: f.location.column - 1,
            }),
            related: f.related.iter().map(|r| Self::related(f, r)).collect(),
        }
    }

    fn related(f: &Finding, r: &Related) -> Self {
        FindingDiagnostic {
            message: sanitize_str(&r.message),
            code: f.rule_id.clone(),
            severity: f.severity,
            label: sanitize_str(&r.message),
            help: String::new(),
            url: None,
            excerpt: r.snippet.clone().map(|snippet| Excerpt {
                name: sanitize_str(&r.location.path),
                snippet,
                column: r.location.column - 1,
            }),
            related: Vec::new(),
        }
    }
}

impl fmt::Debug for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FindingDiagnostic({})", self.code)
    }
}

impl fmt::Display for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic {}

impl Diagnostic for FindingDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<MSeverity> {
        Some(match self.severity {
            Severity::Critical | Severity::High => MSeverity::Error,
            Severity::Medium => MSeverity::Warning,
            Severity::Low => MSeverity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.help.is_empty()).then(|| Box::new(&self.help) as Box<dyn fmt::Display>)
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.url
            .as_ref()
            .map(|u| Box::new(u) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.excerpt.as_ref().map(|e| e as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let e = self.excerpt.as_ref()?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(self.label.clone()), e.snippet.label.clone()),
        )))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_human() {
        assert_eq!(human_bytes(12), "12 B");
        assert_eq!(human_bytes(35_328), "34.5 KiB");
        assert_eq!(human_bytes(3 << 30), "3.0 GiB");
    }
}
