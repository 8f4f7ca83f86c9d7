//! keylint finds hardcoded credentials — exchange API keys, wallet keys, bot tokens,
//! cloud and database secrets — in trading-bot repositories, and says how to fix them.
//!
//! The library does the work; the `keylint` binary is a thin adapter over it.
//!
//! ```
//! let mut cfg = keylint::Config::default();
//! cfg.paths = vec!["fixtures/clean-repo".into()];
//! let engine = cfg.engine().expect("built-in rules load");
//! let report = keylint::scan(&cfg, &engine);
//! assert!(report.findings.is_empty());
//! assert_eq!(keylint::exit_code(&report, false), 0);
//! ```
//!
//! Pipeline: [`sources`] → [`source::Source`] → [`find::Engine`] (prefilter → detectors →
//! dedup → suppression) → [`finding::Finding`] → [`report`] → [`exit_code`].

#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod baseline;
pub mod capability;
pub mod config;
pub mod error;
pub mod find;
pub mod finding;
pub mod guard;
pub mod judge;
mod notebook;
pub mod outcome;
pub mod redact;
pub mod report;
pub mod rulecheck;
pub mod rules;
pub mod scan;
pub mod source;
pub mod sources;
pub mod tell;

pub use config::Config;
pub use error::Error;
pub use outcome::ScanReport;
pub use scan::scan;

/// Exit code 0: no findings.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code 1: findings.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code 2: usage error, I/O error on a named path, or an incomplete scan.
pub const EXIT_ERROR: u8 = 2;

/// The one place the exit code is decided. An incomplete scan is 2 even with
/// `--exit-zero` (findings are still reported); policy skips never fail a scan.
pub fn exit_code(report: &ScanReport, exit_zero: bool) -> u8 {
    if !report.summary.complete() {
        EXIT_ERROR
    } else if !report.findings.is_empty() && !exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
