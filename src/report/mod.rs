//! Reporters: one module per format, each a function of the finished [`ScanReport`]
//! and a writer. Reporters never see a detector or file content; every secret they
//! print comes masked from [`crate::redact`] unless `show_secrets` is set.

pub mod gitlab;
pub mod human;
pub mod json;
pub mod markdown;
pub mod overview;
pub mod permissions;
pub mod safe_json;
pub mod sarif;

use std::io::{self, Write};

use crate::outcome::ScanReport;

/// Output formats of `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics for a terminal or a CI log, with an overview when they are many.
    Human,
    /// `keylint/report/v1`, documented in the README.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// The overview and a table of findings, for a job summary, PR comment or ticket.
    Markdown,
    /// GitLab's secret-detection report (`reports: secret_detection`).
    Gitlab,
}

/// Rendering options shared by all formats.
#[derive(Clone, Debug, Default)]
pub struct ReportOptions {
    /// Print raw secret values (`--show-secrets`). Off by default, everywhere.
    pub show_secrets: bool,
    /// List policy skips and parse fallbacks in the human report.
    pub verbose: bool,
    /// Include suppressed findings with their marker (`--list-suppressed`).
    pub list_suppressed: bool,
    /// Render width of human diagnostics (fixed in tests).
    pub width: Option<usize>,
    /// Colour in human output.
    pub color: bool,
    /// Omit timings so output is reproducible (tests, snapshots).
    pub deterministic: bool,
}

/// Render `report` in `format` to `w`.
pub fn write(
    format: Format,
    report: &ScanReport,
    opts: &ReportOptions,
    w: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(report, opts, w),
        Format::Json => json::write(report, opts, w),
        Format::Sarif => sarif::write(report, opts, w),
        Format::Markdown => markdown::write(report, opts, w),
        Format::Gitlab => gitlab::write(report, opts, w),
    }
}
