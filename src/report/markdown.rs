//! Markdown output (`--format markdown`): the [`Overview`] and a table of findings, for
//! a GitHub job summary (`$GITHUB_STEP_SUMMARY`), a pull-request comment or an audit
//! ticket. Secrets are masked as everywhere else.
//!
//! Everything taken from a scanned repository (paths, names in messages, rule text of a
//! custom rule) is escaped so it renders as the text it is: in code spans for paths and
//! ids, with every Markdown punctuation character escaped elsewhere, and `@` broken so
//! a file cannot mention people. The table stops after [`MAX_ROWS`] findings to stay
//! under the size of a pull-request comment; the JSON report lists them all.

use std::io::{self, Write};

use super::ReportOptions;
use super::human::{human_bytes, summary_line};
use super::overview::Overview;
use crate::finding::Finding;
use crate::outcome::ScanReport;
use crate::redact::sanitize_str;

/// Findings listed in the table; a GitHub comment holds at most 65,536 characters.
pub const MAX_ROWS: usize = 150;

pub fn write(report: &ScanReport, opts: &ReportOptions, w: &mut dyn Write) -> io::Result<()> {
    let o = Overview::new(report);
    let s = &report.summary;
    if o.findings == 0 {
        writeln!(w, "### keylint: no findings")?;
    } else {
        writeln!(
            w,
            "### keylint: {} finding{} ({})",
            o.findings,
            plural(o.findings),
            o.severity_text()
        )?;
    }
    writeln!(w)?;
    if !o.complete {
        let errors: u64 = s
            .issues
            .iter()
            .filter(|(k, _)| k.is_error())
            .map(|(_, n)| n)
            .sum();
        writeln!(
            w,
            "> **Incomplete scan:** {errors} path{} could not be read (exit code 2); findings in them may be missing.",
            plural(errors as usize)
        )?;
        writeln!(w)?;
    }
    let scanned = if s.commits_scanned > 0 {
        format!(
            "{} commits, {} blobs ({}) scanned",
            s.commits_scanned,
            s.files_scanned,
            human_bytes(s.bytes_scanned)
        )
    } else {
        format!(
            "{} file{} ({}) scanned",
            s.files_scanned,
            plural(s.files_scanned as usize),
            human_bytes(s.bytes_scanned)
        )
    };
    let mut line = scanned;
    if o.findings > 0 {
        line.push_str(&format!(
            "; findings in {} file{}, from {} rule{}",
            o.files,
            plural(o.files),
            o.rules,
            plural(o.rules)
        ));
    }
    if let Some(f) = o.failing_text() {
        line.push_str(&format!("; {f}"));
    }
    writeln!(
        w,
        "{line}. Secrets are masked: first characters and length."
    )?;
    writeln!(w)?;

    if o.files > 1 {
        writeln!(w, "| file with the most findings | findings |")?;
        writeln!(w, "|---|---:|")?;
        for (path, n) in &o.top_files {
            writeln!(w, "| {} | {n} |", code(path))?;
        }
        writeln!(w)?;
    }
    if o.rules > 1 {
        writeln!(w, "| most frequent rule | | findings |")?;
        writeln!(w, "|---|---|---:|")?;
        for (id, name, n) in &o.top_rules {
            writeln!(w, "| {} | {} | {n} |", code(id), text(name))?;
        }
        writeln!(w)?;
    }
    let mut hidden: Vec<String> = o
        .hidden
        .iter()
        .map(|(what, n)| format!("{n} {}", text(what)))
        .collect();
    if let Some(b) = report.baseline.as_ref().filter(|b| !b.stale.is_empty()) {
        hidden.push(format!(
            "{} stale baseline entr{} in {}",
            b.stale.len(),
            if b.stale.len() == 1 { "y" } else { "ies" },
            code(&b.file)
        ));
    }
    if !hidden.is_empty() {
        writeln!(w, "**Not reported:** {}.", hidden.join(" · "))?;
        writeln!(w)?;
    }
    if !o.skipped.is_empty() {
        let list: Vec<String> = o
            .skipped
            .iter()
            .map(|(k, n, why)| format!("{n} {} ({})", k.as_str(), text(why)))
            .collect();
        writeln!(w, "**Not scanned in full:** {}.", list.join(" · "))?;
        writeln!(w)?;
    }
    if !o.next.is_empty() {
        writeln!(w, "**Next:**")?;
        writeln!(w)?;
        for (cmd, why) in &o.next {
            writeln!(w, "- {}: {}", code(cmd), text(why))?;
        }
        writeln!(w)?;
    }
    if o.findings > 0 {
        write_table(&report.findings, w)?;
    }
    writeln!(
        w,
        "<sub>{}</sub>",
        text(&summary_line(
            report,
            &ReportOptions {
                deterministic: true,
                ..opts.clone()
            }
        ))
    )
}

fn write_table(findings: &[Finding], w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "| severity | rule | location | secret | finding |")?;
    writeln!(w, "|---|---|---|---|---|")?;
    for f in findings.iter().take(MAX_ROWS) {
        let mut location = format!(
            "{}:{}:{}",
            f.location.path, f.location.line, f.location.column
        );
        if let Some(c) = &f.commit {
            location.push_str(&format!(" @ {}", c.id.get(..10).unwrap_or(&c.id)));
        }
        let secret = if f.secret.expose_secret().is_empty() {
            String::new()
        } else {
            code(&f.secret.redacted())
        };
        writeln!(
            w,
            "| {} | {} | {} | {} | {} |",
            f.severity,
            code(&f.rule_id),
            code(&location),
            secret,
            text(&f.message)
        )?;
    }
    if findings.len() > MAX_ROWS {
        writeln!(w)?;
        writeln!(
            w,
            "{} more finding{} not listed here; `keylint scan --format json` lists them all.",
            findings.len() - MAX_ROWS,
            plural(findings.len() - MAX_ROWS)
        )?;
    }
    writeln!(w)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Characters that can start Markdown or HTML syntax inside a line (emphasis, code,
/// links, HTML tags and entities, strikethrough, table cells).
const SYNTAX: &str = "\\`*_[]<>|~&";

/// Text safe in a Markdown table cell: terminal controls escaped, one line, syntax
/// characters backslash-escaped (no emphasis, link, HTML, entity or cell break from a
/// file name), and `@` followed by a zero-width space (no mention).
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in sanitize_str(&one_line(s)).chars() {
        match c {
            '@' => out.push_str("@\u{200b}"),
            c if SYNTAX.contains(c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Line breaks and tabs as spaces.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// A code span holding `s` as written (one line, terminal controls escaped): fenced
/// with more backticks than any run inside it, `|` escaped for tables.
pub fn code(s: &str) -> String {
    let body = sanitize_str(&one_line(s)).replace('|', "\\|");
    let longest_run = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if body.starts_with('`') || body.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_format_link_or_mention() {
        assert_eq!(
            text("`x` | *b* [l](http://e) <img> @all\nnext"),
            "\\`x\\` \\| \\*b\\* \\[l\\](http://e) \\<img\\> @\u{200b}all next"
        );
        assert_eq!(text("é\u{202e} &#x202e;"), "é\\\\u{202e} \\&#x202e;");
    }

    #[test]
    fn code_spans_hold_backticks_and_pipes() {
        assert_eq!(code("bot.py:9:23"), "`bot.py:9:23`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code("a\nb"), "`a b`");
    }
}
