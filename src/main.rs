//! The `keylint` binary: parse flags, call the library, render, map to an exit code.

mod advisor;
mod cli;
mod commands;
mod scan_cmd;
mod workflows;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use cli::{BaselineAction, Cli, ColorChoice, Command, OutputArgs, RulesAction};
use keylint::redact::sanitize_str;
use keylint::report::{self, ReportOptions};

fn main() -> ExitCode {
    keylint::guard::install_panic_hook();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => scan_cmd::run(&args),
        Command::History(args) => workflows::history(&args),
        Command::Fix(args) => run_fix(&args),
        Command::Permissions(args) => advisor::run(&args),
        Command::Baseline {
            action: BaselineAction::Create(args),
        } => workflows::baseline_create(&args),
        Command::InstallHook { force } => workflows::install_hook(force),
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

fn run_fix(args: &cli::FixArgs) -> Result<u8, keylint::Error> {
    let cfg = args.config()?;
    let engine = keylint::Engine::from_config(&cfg)?;
    let opts = keylint::fix::Options {
        dry_run: args.dry_run,
        rules: args.rules.clone(),
        allow_dirty: args.allow_dirty,
    };
    let outcome = keylint::fix::run(&cfg, &engine, &opts)?;
    write_output(None, |w| keylint::fix::render::human(&outcome, w))?;
    Ok(outcome.exit_code())
}

/// Print issues to stderr, render the report to stdout or `--output`, and decide the
/// exit code.
pub(crate) fn emit(report: &keylint::ScanReport, args: &OutputArgs) -> Result<u8, keylint::Error> {
    print_issues(report, args.verbose);
    let opts = report_options(args);
    write_output(args.output.as_deref(), |w| {
        report::write(args.format, report, &opts, w)
    })?;
    for (format, file) in &args.report {
        // A file is never a terminal: no colour.
        let opts = ReportOptions {
            color: args.color == ColorChoice::Always,
            ..opts.clone()
        };
        write_output(Some(file), |w| report::write(*format, report, &opts, w))?;
    }
    Ok(keylint::exit_code(report, args.exit_zero))
}

/// Rendering options from the output flags and the environment.
pub(crate) fn report_options(args: &OutputArgs) -> ReportOptions {
    ReportOptions {
        show_secrets: args.show_secrets,
        verbose: args.verbose,
        list_suppressed: args.list_suppressed,
        width: None,
        color: color(args.color, args.output.is_none()),
        deterministic: deterministic(),
    }
}

/// Whether human output is coloured: `--color`, else only on a terminal without `NO_COLOR`.
pub(crate) fn color(choice: ColorChoice, to_stdout: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_stdout && io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

/// Timings and clock times left out of reports (tests and snapshots set this).
pub(crate) fn deterministic() -> bool {
    std::env::var_os("KEYLINT_DETERMINISTIC").is_some()
}

/// Render to `output` (a file) or standard output; a closed pipe on standard output
/// is the reader's choice, not an error.
pub(crate) fn write_output(
    output: Option<&std::path::Path>,
    render: impl Fn(&mut dyn Write) -> io::Result<()>,
) -> Result<(), keylint::Error> {
    match output {
        Some(path) => std::fs::File::create(path)
            .and_then(|f| {
                let mut w = io::BufWriter::new(f);
                render(&mut w)?;
                w.flush()
            })
            .map_err(|e| keylint::Error::io(path, e)),
        None => {
            let mut out = io::stdout().lock();
            match render(&mut out).and_then(|()| out.flush()) {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(|e| keylint::Error::io("<stdout>", e)),
            }
        }
    }
}

/// Errors and warnings (oversize files included) go to stderr whatever the format;
/// other policy skips and parse fallbacks only with `--verbose`.
pub(crate) fn print_issues(report: &keylint::ScanReport, verbose: bool) {
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
