//! `keylint history`: audit every commit reachable from every ref. The history
//! source ([`crate::sources::git::history`]) walks, orders and diffs the commits and
//! lists each distinct blob once; the blobs run through the engine here, in parallel;
//! the source attributes each distinct secret to the commit that introduced it and
//! every path it appeared under; the help says the key is in the history.

use std::sync::atomic::Ordering;
use std::time::Instant;

use super::ItemName;
use crate::config::Config;
use crate::engine::Engine;
use crate::error::Error;
use crate::outcome::ScanReport;
use crate::sources::git::history::{self, Item, Options, Progress};
use crate::sources::git::{load_blob, thread_repo};
use crate::tell::advice;

/// Audit the history of `repo` with `engine`.
pub fn scan(
    repo: gix::Repository,
    opts: &Options,
    cfg: &Config,
    engine: &Engine,
    progress: &Progress,
) -> Result<ScanReport, Error> {
    let started = Instant::now();
    let skip = |path: &str| cfg.allow_paths.as_ref().is_some_and(|g| g.is_match(path));
    let mut source = history::read(repo, opts, cfg.threads, skip, progress)?;
    let shared = source.shared_repo();
    let scanned = super::scan_blobs(
        &source.items,
        engine,
        cfg.threads,
        || thread_repo(shared, 0),
        |repo, item: &Item, buf| {
            let loaded = load_blob(repo, &item.id, cfg.max_file_size, buf);
            progress.blobs_done.fetch_add(1, Ordering::Relaxed);
            if loaded.is_ok() {
                progress
                    .bytes_done
                    .fetch_add(buf.len() as u64, Ordering::Relaxed);
            }
            let name = ItemName {
                shown: &item.shown,
                raw: item.raw.as_deref(),
            };
            (name, loaded)
        },
    );

    let mut report = super::empty_report(engine);
    let mut issues = std::mem::take(&mut source.issues);
    let (findings, suppressed) = source.attribute(scanned.items, &mut issues);
    for mut f in findings {
        let rule_remediation = report
            .rules
            .iter()
            .find(|r| r.id == f.rule_id)
            .map(|r| r.remediation.as_str())
            .unwrap_or_default();
        let at_head = f.history.as_ref().is_some_and(|h| h.present_at_head);
        f.remediation = advice::history_help(
            &f.remediation,
            f.revoke_url.as_deref(),
            rule_remediation,
            at_head,
        );
        report.findings.push(f);
    }
    report.suppressed = suppressed;
    report.issues = issues;
    report.summary = scanned.summary;
    report.summary.commits_scanned = source.commits_scanned;
    report.summary.duration = started.elapsed();
    report.finish(&cfg.fail);
    Ok(report)
}
