//! Human output: one miette diagnostic per finding, then a summary line.
//!
//! A finding is one diagnostic whatever it spans: the other halves of its key set and
//! the call its value flows into are labels in the same excerpt when they are near it,
//! or further blocks under the same heading (one per region, named by file).
//!
//! miette prints whatever source excerpt it is given, so it is given only the
//! redacted, sanitised [`Snippet`]s the engine built, with line numbers shifted to the
//! file's own and the header column set to the location's real column.

use std::fmt;
use std::io::{self, Write};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, Severity as MSeverity,
    SourceCode,
};

mod excerpts;

use super::ReportOptions;
use super::overview::Overview;
use crate::finding::{CommitInfo, Finding, Severity};
use crate::outcome::ScanReport;
use crate::redact::sanitize_str;
use excerpts::{Excerpts, Mark};

/// Render width when the terminal's is unknown.
const DEFAULT_WIDTH: usize = 100;

/// Lines of diagnostics past which the report closes with an [`Overview`]: more than
/// a terminal screen, so the first findings have scrolled away.
pub const SCREEN_LINES: usize = 40;

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
    let mut lines = 0;
    let mut emit = |d: &FindingDiagnostic, w: &mut dyn Write| -> io::Result<()> {
        lines += render(&handler, d, w)?;
        Ok(())
    };
    for f in &report.findings {
        emit(&FindingDiagnostic::new(f, None, opts.show_secrets), w)?;
    }
    if opts.list_suppressed {
        for s in &report.suppressed {
            emit(
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
        let n = report.summary.credential_files_ignored;
        if n > 0 {
            writeln!(
                w,
                "safe: {n} credential file{} (.env, keys) ignored by git and not tracked (values not read)",
                plural(n as usize)
            )?;
        }
        for i in report.issues.iter().filter(|i| i.kind.is_policy_skip()) {
            writeln!(
                w,
                "skipped {}: {}",
                sanitize_str(&i.path),
                sanitize_str(&i.message)
            )?;
        }
    }
    if lines > SCREEN_LINES {
        write_overview(&Overview::new(report), w)?;
    }
    writeln!(w, "{}", summary_line(report, opts))
}

/// The closing overview: what the findings add up to, and what to run next.
fn write_overview(o: &Overview, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w)?;
    writeln!(w, "── overview {}", "─".repeat(60))?;
    let mut head = format!(
        "{} finding{} ({}) in {} file{}, from {} rule{}",
        o.findings,
        plural(o.findings),
        o.severity_text(),
        o.files,
        plural(o.files),
        o.rules,
        plural(o.rules)
    );
    if let Some(f) = o.failing_text() {
        head.push_str(&format!("; {f}"));
    }
    writeln!(w, "{head}")?;
    if o.files > 1 {
        writeln!(w, "most findings:")?;
        for (path, n) in &o.top_files {
            writeln!(w, "  {n:>5}  {}", sanitize_str(path))?;
        }
    }
    if o.rules > 1 {
        writeln!(w, "most frequent rules:")?;
        let width = o.top_rules.iter().map(|r| r.0.len()).max().unwrap_or(0);
        for (id, name, n) in &o.top_rules {
            writeln!(
                w,
                "  {n:>5}  {:<width$}  {}",
                sanitize_str(id),
                sanitize_str(name)
            )?;
        }
    }
    if !o.hidden.is_empty() {
        writeln!(w, "not reported:")?;
        for (what, n) in &o.hidden {
            writeln!(w, "  {n:>5}  {what}")?;
        }
    }
    if !o.skipped.is_empty() {
        writeln!(w, "not scanned in full (--verbose lists them):")?;
        for (kind, n, why) in &o.skipped {
            writeln!(w, "  {n:>5}  {} ({why})", kind.as_str())?;
        }
    }
    if !o.next.is_empty() {
        writeln!(w, "next:")?;
        let width = o.next.iter().map(|c| c.0.len()).max().unwrap_or(0);
        for (cmd, why) in &o.next {
            writeln!(w, "  {cmd:<width$}  {why}")?;
        }
    }
    writeln!(w, "{}", "─".repeat(72))
}

/// Render one diagnostic; returns how many lines it took.
fn render(
    handler: &GraphicalReportHandler,
    d: &FindingDiagnostic,
    w: &mut dyn Write,
) -> io::Result<usize> {
    let mut out = String::new();
    handler
        .render_report(&mut out, d)
        .map_err(|_| io::Error::other("could not render a diagnostic"))?;
    w.write_all(out.as_bytes())?;
    Ok(out.lines().count())
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

struct FindingDiagnostic {
    message: String,
    code: String,
    severity: MSeverity,
    help: String,
    url: Option<String>,
    excerpts: Option<Excerpts>,
    labels: Vec<LabeledSpan>,
}

impl FindingDiagnostic {
    fn new(f: &Finding, marker: Option<&str>, show_secrets: bool) -> Self {
        // Rule text can come from a scanned repository's `.keylint.toml`: escape it too.
        let remediation = crate::redact::sanitize_lines(&f.remediation);
        let mut help = match &f.commit {
            Some(c) => format!("{}\n{}", history_line(f, c), remediation),
            None => remediation,
        };
        if show_secrets && !f.secret.expose_secret().is_empty() {
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
            None if !f.failing => format!(
                "{} (informational: does not fail the build)",
                sanitize_str(&f.message)
            ),
            None => sanitize_str(&f.message),
        };
        let own = f.snippet.clone().map(|snippet| Mark {
            name: sanitize_str(&f.location.path),
            snippet,
            label: format!(
                "{} ({}, {} confidence)",
                sanitize_str(&f.rule_name),
                f.severity,
                f.confidence.as_str()
            ),
            column: f.location.column.saturating_sub(1),
            primary: true,
        });
        let related = f.related.iter().filter_map(|r| {
            r.snippet.clone().map(|snippet| Mark {
                name: sanitize_str(&r.location.path),
                snippet,
                label: sanitize_str(&r.message),
                column: r.location.column.saturating_sub(1),
                primary: false,
            })
        });
        let (excerpts, labels) = match Excerpts::build(own.into_iter().chain(related).collect()) {
            Some((e, l)) => (Some(e), l),
            None => (None, Vec::new()),
        };
        FindingDiagnostic {
            message,
            code: f.rule_id.clone(),
            // A finding hidden by a marker is listed for audits; it fails nothing.
            severity: match marker {
                Some(_) => MSeverity::Advice,
                None => severity_of(f),
            },
            help,
            url: f.revoke_url.as_deref().map(sanitize_str),
            excerpts,
            labels,
        }
    }
}

/// How a finding is headed: critical and high as errors, medium as a warning, low as
/// advice.
fn severity_of(f: &Finding) -> MSeverity {
    match f.severity {
        Severity::Critical | Severity::High => MSeverity::Error,
        Severity::Medium => MSeverity::Warning,
        Severity::Low => MSeverity::Advice,
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
        Some(self.severity)
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
        self.excerpts.as_ref().map(|e| e as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Snippet;

    fn mark(name: &str, first_line: usize, text: &str, label: &str, primary: bool) -> Mark {
        let at = text.find(label).expect("label in text");
        Mark {
            name: name.into(),
            snippet: Snippet {
                first_line,
                text: text.into(),
                label: at..at + label.len(),
            },
            label: format!("{label} here"),
            column: 0,
            primary,
        }
    }

    fn render_marks(marks: Vec<Mark>) -> String {
        let (excerpts, labels) = Excerpts::build(marks).expect("excerpts");
        let d = FindingDiagnostic {
            message: "hardcoded thing".into(),
            code: "acme-api-secret".into(),
            severity: MSeverity::Error,
            help: String::new(),
            url: None,
            excerpts: Some(excerpts),
            labels,
        };
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(80)
            .with_context_lines(1);
        let mut out = String::new();
        handler.render_report(&mut out, &d).unwrap();
        out
    }

    /// Near locations share one block; a far one in the same file and one in another
    /// file get blocks of their own, all under one heading and never `Error:`.
    #[test]
    fn one_diagnostic_with_a_block_per_region() {
        let out = render_marks(vec![
            mark("bot.py", 8, "a = 1\nSECRET = S…(9)\nb = 2", "S…(9)", true),
            mark("bot.py", 7, "x = 0\na = 1\nSECRET = S…(9)", "a = 1", false),
            mark(
                "bot.py",
                30,
                "def f():\n    call(SECRET)\n",
                "SECRET",
                false,
            ),
            mark("app.py", 2, "import bot\nKEY = K…(8)", "K…(8)", false),
        ]);
        assert!(!out.contains("Error:"), "{out}");
        assert_eq!(out.matches("acme-api-secret").count(), 1, "{out}");
        let headers: Vec<&str> = out
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("╭─["))
            .collect();
        assert_eq!(
            headers,
            ["bot.py:9:1]", "bot.py:31:1]", "app.py:3:1]"],
            "{out}"
        );
        // The near ones joined: lines 7 to 10 once each, both labels in that block.
        for line in [
            " 7 │ x = 0",
            " 8 │ a = 1",
            " 9 │ SECRET = S…(9)",
            "10 │ b = 2",
        ] {
            assert_eq!(out.matches(line).count(), 1, "{line}\n{out}");
        }
        assert!(out.contains("╰── a = 1 here"), "{out}");
        assert!(out.contains("╰── S…(9) here"), "{out}");
    }

    /// Excerpts that disagree on a shared line (cut differently) are not joined.
    #[test]
    fn excerpts_that_disagree_stay_apart() {
        let out = render_marks(vec![
            mark("f.py", 1, "x = K…(8), y", "K…(8)", true),
            mark("f.py", 1, "…= K…(8), y", "y", false),
        ]);
        assert_eq!(out.matches("╭─[f.py:1:").count(), 2, "{out}");
    }

    #[test]
    fn bytes_are_human() {
        assert_eq!(human_bytes(12), "12 B");
        assert_eq!(human_bytes(35_328), "34.5 KiB");
        assert_eq!(human_bytes(3 << 30), "3.0 GiB");
    }
}
