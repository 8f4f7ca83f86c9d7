//! `keylint permissions`: the least-privilege advisor's command.
//!
//! Exit codes: 0 when no provider's code withdraws, 1 when some does (`--exit-zero`
//! turns that off), 2 on a usage or I/O error or an incomplete read.

use std::io::{self, Write};

use keylint::finding::IssueKind;
use keylint::redact::sanitize_str;

use crate::cli::PermissionsArgs;

pub fn run(args: &PermissionsArgs) -> Result<u8, keylint::Error> {
    let cfg = args.config()?;
    let engine = keylint::Engine::from_config(&cfg)?;
    let report = keylint::scan(&cfg, &engine);
    print_issues(&report, args.verbose);
    let opts = keylint::report::ReportOptions {
        verbose: args.verbose,
        color: crate::color(args.color, args.output.is_none()),
        deterministic: crate::deterministic(),
        ..Default::default()
    };
    let render =
        |w: &mut dyn Write| keylint::report::permissions::write(args.format, &report, &opts, w);
    crate::write_output(args.output.as_deref(), render)?;
    let providers = keylint::capability::summarize(&report.capabilities);
    Ok(if !report.summary.complete() {
        keylint::EXIT_ERROR
    } else if keylint::capability::withdraws(&providers) && !args.exit_zero {
        keylint::EXIT_FINDINGS
    } else {
        keylint::EXIT_CLEAN
    })
}

/// Errors and oversize files always; policy skips and files that did not parse
/// (they contribute no capabilities) with `--verbose`.
fn print_issues(report: &keylint::ScanReport, verbose: bool) {
    let mut err = io::stderr().lock();
    for issue in &report.issues {
        let (level, message) = if issue.kind.is_error() {
            ("error", issue.message.clone())
        } else if issue.kind == IssueKind::TooLarge {
            ("warning", issue.message.clone())
        } else if issue.kind == IssueKind::ParseFallback {
            if !verbose {
                continue;
            }
            let message = issue
                .message
                .replace("only the regex rules ran", "no capabilities read from it");
            ("note", message)
        } else if verbose {
            ("note", issue.message.clone())
        } else {
            continue;
        };
        let _ = writeln!(
            err,
            "{level}: {}: {}",
            sanitize_str(&issue.path),
            sanitize_str(&message)
        );
    }
}
