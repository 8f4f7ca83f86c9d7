//! `keylint scan`: the scan (directories, files, stdin, or the index with `--staged`),
//! then the baseline, the review of what the change does to keylint itself and the
//! `--diff` filter, in that order.

use keylint::baseline::Baseline;
use keylint::scan::guard::{self, Review};
use keylint::sources::git::{diff::DiffBase, staged::StagedBase};

use crate::cli::ScanArgs;

pub fn run(args: &ScanArgs) -> Result<u8, keylint::Error> {
    let started = std::time::SystemTime::now();
    let cfg = args.config()?;
    let engine = keylint::Engine::from_config(&cfg)?;
    let baseline = match &args.baseline {
        Some(file) => Some((file.clone(), Baseline::load(file)?)),
        None => None,
    };
    let (mut report, covered, ignored, index) = if args.staged {
        let staged = keylint::scan::staged::scan(&cfg, &engine)?;
        (
            staged.report,
            Some(staged.paths),
            staged.ignored,
            Some(staged.index),
        )
    } else {
        (keylint::scan(&cfg, &engine), None, Vec::new(), None)
    };
    let review_on = !args.trust_suppressions && (args.staged || args.diff.is_some());
    // What the scan reports before the baseline hides anything: a change to the
    // baseline or the config is judged against it.
    let unfiltered = if review_on {
        report.findings.clone()
    } else {
        Vec::new()
    };
    if let Some((file, baseline)) = &baseline {
        baseline.apply(file, &mut report, |path| match &covered {
            Some(paths) => paths.iter().any(|p| p == path),
            None => keylint::baseline::roots_cover(&cfg.paths, path),
        });
    }
    let config_for = |text: Option<(&str, &str)>| args.engine.config_with_text(text);
    let review = Review {
        cfg: &cfg,
        engine: &engine,
        config_file: args.config_file()?,
        config_for: &config_for,
        baseline: baseline.as_ref().map(|(f, b)| (f.as_path(), b)),
    };
    let mut reviewed = Vec::new();
    if review_on && args.staged {
        let mut base = StagedBase::open(index)?;
        let mut change = guard::Index {
            base: &mut base,
            ignored: &ignored,
        };
        reviewed = guard::review(&review, &mut change, &unfiltered, &report.suppressed)?;
    }
    if let Some(base) = &args.diff {
        let mut base = DiffBase::open(base)?;
        if review_on {
            let mut change = guard::WorkingTree { base: &mut base };
            reviewed = guard::review(&review, &mut change, &unfiltered, &report.suppressed)?;
        }
        report.summary.outside_diff =
            keylint::sources::git::diff::keep_added_lines(&mut report, &mut base)?;
    }
    if !reviewed.is_empty() {
        cfg.fail.apply(&mut reviewed);
        report.findings.extend(reviewed);
        report
            .findings
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
    report.summary.started_at = Some(started);
    crate::emit(&report, &args.output)
}
