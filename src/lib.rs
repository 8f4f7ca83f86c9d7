//! keylint finds hardcoded credentials — exchange API keys, wallet keys, bot tokens,
//! cloud and database secrets — in trading-bot repositories, and says how to fix them.
//!
//! The library does the work; the `keylint` binary is a thin adapter over it.
//!
//! ```
//! let mut cfg = keylint::Config::default();
//! cfg.paths = vec!["fixtures/clean-repo".into()];
//! let engine = keylint::Engine::from_config(&cfg).expect("built-in rules load");
//! let report = keylint::scan(&cfg, &engine);
//! assert!(report.findings.is_empty());
//! assert_eq!(keylint::exit_code(&report, false), 0);
//! ```
//!
//! One direction through the code (ARCHITECTURE.md has the rules):
//!
//! [`sources`] (walk, stdin, staged index, diff, history blobs) → [`source::Source`]
//! (bytes with a display path) → [`engine::Engine`] runs, per source:
//! [`find`] (prefilter, rules, formats, code pass → [`find::Match`]es with spans) →
//! [`judge`] (context, dedup, allowlists, key sets, suppression → [`judge::Verdict`]s) →
//! [`tell`] (message, excerpt, help → [`finding::Finding`]s); [`scan`] runs the
//! sources through it into an [`outcome::ScanReport`] → [`report`] → [`exit_code`].

#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod baseline;
pub mod capability;
pub mod config;
pub mod engine;
pub mod error;
pub mod find;
pub mod finding;
pub mod fix;
pub mod guard;
pub mod judge;
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
pub use engine::Engine;
pub use error::Error;
pub use outcome::ScanReport;
pub use scan::scan;

/// Exit code 0: no findings.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code 1: a finding that fails the build (see [`finding::FailPolicy`]).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code 2: usage error, I/O error on a named path, or an incomplete scan.
pub const EXIT_ERROR: u8 = 2;

/// The one place the exit code is decided. An incomplete scan is 2 even with
/// `--exit-zero` (findings are still reported); policy skips never fail a scan, and
/// neither do findings below the fail policy (`failing: false`, reported all the same).
pub fn exit_code(report: &ScanReport, exit_zero: bool) -> u8 {
    if !report.summary.complete() {
        EXIT_ERROR
    } else if report.findings.iter().any(|f| f.failing) && !exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
