//! `keylint scan --staged`: the staged source through the engine. The content
//! scanned is the index blob of every file added or modified relative to `HEAD`
//! ([`crate::sources::git::staged`]); `.keylintignore` and allowlisted paths are left
//! out, and the help says the key is not committed yet.

use std::path::Path;

use super::ItemName;
use crate::config::Config;
use crate::engine::Engine;
use crate::error::Error;
use crate::outcome::ScanReport;
use crate::sources::git::{self, staged, staged::StagedFile};
use crate::sources::walk::IGNORE_FILE_NAME;
use crate::tell::advice;

/// The result of a staged scan: the report and the paths it covered.
pub struct StagedScan {
    pub report: ScanReport,
    pub paths: Vec<String>,
    /// Staged files left out because `.keylintignore` lists them.
    pub ignored: Vec<String>,
    /// The index read (the review of the change reads it again otherwise).
    pub index: gix::index::File,
}

/// Scan the staged content of the repository containing the current directory.
pub fn scan(cfg: &Config, engine: &Engine) -> Result<StagedScan, Error> {
    scan_selected(cfg, engine, None)
}

/// Scan the staged content of the files at `only` (repository-relative), whatever
/// `.keylintignore` says (what a change to it would hide).
pub fn scan_only(cfg: &Config, engine: &Engine, only: &[String]) -> Result<ScanReport, Error> {
    Ok(scan_selected(cfg, engine, Some(only))?.report)
}

fn scan_selected(
    cfg: &Config,
    engine: &Engine,
    only: Option<&[String]>,
) -> Result<StagedScan, Error> {
    let started = std::time::Instant::now();
    let repo = git::open_from_env()?;
    let index = git::read_index(&repo)?;
    let files = staged::staged_files(&repo, &index)?;
    let keylintignore = match repo.workdir() {
        Some(dir) if !cfg.no_ignore && only.is_none() => {
            staged::ignore_file(&dir.join(IGNORE_FILE_NAME))
        }
        _ => None,
    };
    let mut ignored = Vec::new();
    let files: Vec<StagedFile> = files
        .into_iter()
        .filter(|f| only.is_none_or(|o| o.contains(&f.path)))
        .filter(|f| {
            let p = Path::new(&f.path);
            if cfg.allow_paths.as_ref().is_some_and(|g| g.is_match(p)) {
                return false;
            }
            let listed = keylintignore
                .as_ref()
                .is_some_and(|i| i.matched_path_or_any_parents(p, false).is_ignore());
            if listed {
                ignored.push(f.path.clone());
            }
            !listed
        })
        .collect();
    let shared = repo.into_sync();
    let blobs = super::scan_blobs(
        &files,
        engine,
        cfg.threads,
        || git::thread_repo(&shared, 0),
        |repo, f: &StagedFile, buf| {
            let name = ItemName {
                shown: &f.path,
                raw: f.raw.as_deref(),
            };
            (name, git::load_blob(repo, &f.id, cfg.max_file_size, buf))
        },
    );
    let mut report = super::empty_report(engine);
    for (_, out) in blobs.items {
        report
            .findings
            .extend(out.findings.into_iter().map(|mut f| {
                f.remediation = advice::staged_help(&f.remediation);
                f
            }));
        report.suppressed.extend(out.suppressed);
        report.issues.extend(out.issues);
    }
    report.summary = blobs.summary;
    report.summary.duration = started.elapsed();
    report.finish(&cfg.fail, engine.rules());
    Ok(StagedScan {
        report,
        paths: files.into_iter().map(|f| f.path).collect(),
        ignored,
        index,
    })
}
