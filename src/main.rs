//! The `keylint` binary: parse flags, call the library, render, map to an exit code.

mod cli;
mod commands;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use cli::{Cli, ColorChoice, Command, RulesAction, ScanArgs};
use keylint::report::{self, ReportOptions};
use keylint::snippet::sanitize_str;

fn main() -> ExitCode {
    keylint::guard::install_panic_hook();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => run_scan(&args),
        Command::Rules {
            action: None,
            format,
        } => commands::list_rules(format),
        Command::Rules {
            action: Some(RulesAction::Check),
            ..
        } => commands::check_rules(),
        Command::Rules {
            action: Some(RulesAction::Explain { rule_id }),
            ..
        }
        | Command::Explain { rule_id } => commands::explain(&rule_id),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("{:?}", miette::Report::new(err));
            ExitCode::from(keylint::EXIT_ERROR)
        }
    }
}

fn run_scan(args: &ScanArgs) -> Result<u8, keylint::Error> {
    let cfg = args.config()?;
    let engine = cfg.engine()?;
    let report = keylint::scan(&cfg, &engine);
    print_issues(&report, args.verbose);
    let to_terminal = args.output.is_none() && io::stdout().is_terminal();
    let opts = ReportOptions {
        show_secrets: args.show_secrets,
        verbose: args.verbose,
        list_suppressed: args.list_suppressed,
        width: None,
        color: match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
        },
        deterministic: std::env::var_os("KEYLINT_DETERMINISTIC").is_some(),
    };
    let written = match &args.output {
        Some(path) => std::fs::File::create(path)
            .and_then(|f| {
                let mut w = io::BufWriter::new(f);
                report::write(args.format, &report, &opts, &mut w)?;
                w.flush()
            })
            .map_err(|e| keylint::Error::io(path, e)),
        None => {
            let mut out = io::stdout().lock();
            match report::write(args.format, &report, &opts, &mut out).and_then(|()| out.flush()) {
                // A closed pipe (`keylint scan | head`) is the reader's choice, not an error.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(|e| keylint::Error::io("<stdout>", e)),
            }
        }
    };
    written?;
    Ok(keylint::exit_code(&report, args.exit_zero))
}

/// Errors and warnings (oversize files included) go to stderr whatever the format;
/// other policy skips and parse fallbacks only with `--verbose`.
fn print_issues(report: &keylint::ScanReport, verbose: bool) {
    let mut err = io::stderr().lock();
    for issue in &report.issues {
        let level = if issue.kind.is_error() {
            "error"
        } else if issue.kind == keylint::finding::IssueKind::TooLarge {
            // Policy, but a skipped text file may hold a key: always say so.
            "warning"
        } else if issue.kind.is_policy_skip()
            || issue.kind == keylint::finding::IssueKind::ParseFallback
        {
            if !verbose {
                continue;
            }
            "note"
        } else {
            "warning"
        };
        let _ = writeln!(
            err,
            "{level}: {}: {}",
            sanitize_str(&issue.path),
            sanitize_str(&issue.message)
        );
    }
}
