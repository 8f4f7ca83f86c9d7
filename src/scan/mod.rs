//! Scan orchestration: sources (directories, explicit files, standard input, and
//! through [`staged`] and [`history`] the git index and history) → per-thread workers
//! running the engine → one sorted [`ScanReport`].

pub mod guard;
pub mod history;
pub mod hygiene;
pub mod staged;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use ignore::WalkState;
use rayon::prelude::*;

use crate::config::Config;
use crate::engine::{Engine, FileOutput, Scratch};
use crate::finding::{IssueKind, ScanIssue};
use crate::outcome::{ItemOutput, RuleInfo, ScanReport, ScanSummary};
use crate::source::{self, ContentSkip, Lang, Source};
use crate::sources::for_each_batched;
use crate::sources::walk::{self, ReadSkip};

/// Display name of standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// Items per batch in [`scan_blobs`]: small enough to balance threads, large enough
/// that versions of one file (adjacent when sorted by path) share a delta cache.
const BLOB_BATCH: usize = 32;

/// The result of [`scan_blobs`]: per-item output (only items that produced
/// something, in item order) and the totals.
#[derive(Debug, Default)]
pub struct BlobScan {
    pub items: Vec<(usize, ItemOutput)>,
    pub summary: ScanSummary,
}

/// How an in-memory item is named in reports: as shown, and its raw bytes when the
/// name is not UTF-8.
pub struct ItemName<'a> {
    pub shown: &'a str,
    pub raw: Option<&'a [u8]>,
}

/// Scan in-memory items (git blobs) in parallel on `threads` threads (0: one per core)
/// through the same per-file path as the walker. `init` makes per-thread state (a
/// repository handle); `load` names item `i` and fills the buffer with its content, or
/// returns the issue that explains why it cannot.
pub fn scan_blobs<T, S>(
    items: &[T],
    engine: &Engine,
    threads: usize,
    init: impl Fn() -> S + Sync,
    load: impl for<'t> Fn(
        &mut S,
        &'t T,
        &mut Vec<u8>,
    ) -> (ItemName<'t>, Result<(), (IssueKind, String)>)
    + Sync,
) -> BlobScan
where
    T: Sync,
    S: Send,
{
    let started = Instant::now();
    let shared = Mutex::new(Collected::default());
    let outputs = Mutex::new(Vec::new());
    let states = for_each_batched(
        items.len(),
        threads,
        BLOB_BATCH,
        || (init(), Worker::new(engine, &shared)),
        |(state, w), i| {
            let Some(item) = items.get(i) else { return };
            let mut buf = std::mem::take(&mut w.buf);
            let (name, loaded) = load(state, item, &mut buf);
            match loaded {
                Ok(()) => w.scan_bytes(
                    name.shown,
                    name.raw,
                    Lang::from_path(Path::new(name.shown)),
                    &mut buf,
                ),
                Err((kind, message)) => w.issue(name.shown, kind, message),
            }
            w.buf = buf;
            let out = w.take_item_output();
            if !(out.findings.is_empty() && out.suppressed.is_empty() && out.issues.is_empty()) {
                outputs
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push((i, out));
            }
        },
    );
    drop(states); // workers merge their totals into `shared` on drop
    let collected = shared.into_inner().unwrap_or_else(|p| p.into_inner());
    let mut items = outputs.into_inner().unwrap_or_else(|p| p.into_inner());
    items.sort_by_key(|(i, _)| *i);
    BlobScan {
        items,
        summary: collected.summary(started),
    }
}

/// An empty report for `engine`'s rules, to fill from [`BlobScan`] output.
pub fn empty_report(engine: &Engine) -> ScanReport {
    ScanReport {
        rules: engine.rules().rules().iter().map(RuleInfo::from).collect(),
        ..ScanReport::default()
    }
}

/// What one worker thread accumulated; merged into the shared collector on drop.
#[derive(Default)]
struct Collected {
    out: FileOutput,
    issues: Vec<ScanIssue>,
    files: u64,
    bytes: u64,
    /// Credential files the walk met (root, path), for `hygiene`.
    credential_files: Vec<(PathBuf, PathBuf)>,
    /// Files whose capability uses were deferred, read only if the scan finds
    /// keys whose findings carry capabilities.
    deferred: Vec<Deferred>,
}

/// A file whose capability uses a scan has not read yet.
enum Deferred {
    /// A file on disk (read again; `follow`: as named on the command line).
    Path { path: PathBuf, follow: bool },
    /// Standard input, kept.
    Bytes {
        shown: String,
        lang: Lang,
        bytes: Vec<u8>,
    },
}

impl Collected {
    /// Totals for the summary (issue and suppression counts are filled by `finish`).
    fn summary(&self, started: Instant) -> ScanSummary {
        ScanSummary {
            files_scanned: self.files,
            bytes_scanned: self.bytes,
            allowlisted: self.out.allowlisted as u64,
            duration: started.elapsed(),
            ..ScanSummary::default()
        }
    }

    fn absorb(&mut self, other: Collected) {
        self.out.findings.extend(other.out.findings);
        self.out.suppressed.extend(other.out.suppressed);
        self.out.allowlisted += other.out.allowlisted;
        self.out.notes.extend(other.out.notes);
        self.out
            .capabilities
            .uses
            .extend(other.out.capabilities.uses);
        self.deferred.extend(other.deferred);
        self.issues.extend(other.issues);
        self.credential_files.extend(other.credential_files);
        self.files += other.files;
        self.bytes += other.bytes;
    }
}

/// A scan thread: reusable buffers plus local results.
pub struct Worker<'a> {
    engine: &'a Engine,
    shared: &'a Mutex<Collected>,
    scratch: Scratch,
    buf: Vec<u8>,
    local: Collected,
}

impl<'a> Worker<'a> {
    /// What the last in-memory item produced, taken out of the worker's totals.
    /// Capabilities are joined only into a walked scan: they do not pile up over
    /// blobs, nor are the files that deferred them read.
    pub(crate) fn take_item_output(&mut self) -> ItemOutput {
        self.local.out.capabilities = Default::default();
        ItemOutput {
            findings: std::mem::take(&mut self.local.out.findings),
            suppressed: std::mem::take(&mut self.local.out.suppressed),
            issues: std::mem::take(&mut self.local.issues),
        }
    }

    fn new(engine: &'a Engine, shared: &'a Mutex<Collected>) -> Self {
        Worker {
            engine,
            shared,
            scratch: Scratch::default(),
            buf: Vec::new(),
            local: Collected::default(),
        }
    }

    fn issue(&mut self, path: &str, kind: IssueKind, message: String) {
        self.local.issues.push(ScanIssue {
            path: path.to_string(),
            kind,
            message,
        });
    }

    /// Read and scan one file path.
    fn scan_path(&mut self, path: &Path, cfg: &Config, follow: bool) {
        let (shown, raw) = walk::display_path(path);
        let mut buf = std::mem::take(&mut self.buf);
        match walk::read_file(path, cfg.max_file_size, follow, &mut buf) {
            Ok(()) => self.scan_bytes(&shown, raw.as_deref(), Lang::from_path(path), &mut buf),
            Err(skip) => self.read_skip(&shown, skip, cfg.max_file_size),
        }
        self.buf = buf;
        if std::mem::take(&mut self.local.out.capabilities.deferred) {
            self.local.deferred.push(Deferred::Path {
                path: path.to_path_buf(),
                follow,
            });
        }
    }

    /// Read the capability uses of a deferred file (see [`Deferred`]).
    fn read_deferred(&mut self, deferred: &Deferred, cfg: &Config) {
        let mut buf = std::mem::take(&mut self.buf);
        let (shown, raw, lang) = match deferred {
            Deferred::Path { path, follow } => {
                let (shown, raw) = walk::display_path(path);
                // A file that cannot be read now was read, and reported, before.
                if walk::read_file(path, cfg.max_file_size, *follow, &mut buf).is_err() {
                    self.buf = buf;
                    return;
                }
                (shown, raw, Lang::from_path(path))
            }
            Deferred::Bytes { shown, lang, bytes } => {
                buf.clear();
                buf.extend_from_slice(bytes);
                (shown.clone(), None, *lang)
            }
        };
        if source::prepare_content(&mut buf).is_ok() {
            let src = Source::new(&shown, &buf, lang).with_path_bytes(raw.as_deref());
            let notes_before = self.local.out.notes.len();
            let (engine, out) = (self.engine, &mut self.local.out);
            let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                engine.deferred_capabilities(&src, out);
            }));
            if read.is_err() {
                self.scratch = Scratch::default();
            }
            self.parse_notes(&shown, notes_before);
        }
        self.buf = buf;
    }

    /// Notes added since `notes_before`, as issues of `shown`.
    fn parse_notes(&mut self, shown: &str, notes_before: usize) {
        for note in self
            .local
            .out
            .notes
            .drain(notes_before..)
            .collect::<Vec<_>>()
        {
            self.issue(
                shown,
                IssueKind::ParseFallback,
                format!("{}: {}", note.detector, note.message),
            );
        }
    }

    fn read_skip(&mut self, shown: &str, skip: ReadSkip, max: u64) {
        let (kind, message) = match skip {
            ReadSkip::TooLarge(n) => (
                IssueKind::TooLarge,
                format!(
                    "skipped: {n} bytes is over the {max}-byte limit (raise it with --max-file-size)"
                ),
            ),
            ReadSkip::Special => (
                IssueKind::SpecialFile,
                "skipped: not a regular file (FIFO, socket or device)".into(),
            ),
            ReadSkip::Symlink => (
                IssueKind::Symlink,
                "skipped: symlinks are not followed".into(),
            ),
            ReadSkip::Vanished => (
                IssueKind::Vanished,
                "skipped: the file disappeared during the scan".into(),
            ),
            ReadSkip::Unreadable(e) => (IssueKind::Unreadable, format!("could not read: {e}")),
        };
        self.issue(shown, kind, message);
    }

    /// Scan content already in memory (a file, a git blob, standard input).
    pub fn scan_bytes(
        &mut self,
        shown: &str,
        raw_path: Option<&[u8]>,
        lang: Lang,
        buf: &mut Vec<u8>,
    ) {
        self.scan_content(shown, raw_path, lang, buf, None);
    }

    /// Scan `buf`, a file some of whose lines are blanked ([`Source::partial`]).
    pub fn scan_partial(
        &mut self,
        shown: &str,
        raw_path: Option<&[u8]>,
        lang: Lang,
        buf: &mut Vec<u8>,
        partial: source::Partial,
    ) {
        self.scan_content(shown, raw_path, lang, buf, Some(partial));
    }

    fn scan_content(
        &mut self,
        shown: &str,
        raw_path: Option<&[u8]>,
        lang: Lang,
        buf: &mut Vec<u8>,
        partial: Option<source::Partial>,
    ) {
        if let Err(ContentSkip::Binary) = source::prepare_content(buf) {
            self.issue(
                shown,
                IssueKind::Binary,
                "skipped: binary file (NUL byte in the first 8 KiB)".into(),
            );
            return;
        }
        let src = Source::new(shown, buf, lang)
            .with_path_bytes(raw_path)
            .with_partial(partial);
        let notes_before = self.local.out.notes.len();
        let (engine, scratch, out) = (self.engine, &mut self.scratch, &mut self.local.out);
        let scanned = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            crate::guard::inject_fault(src.bytes());
            crate::engine::notebook::scan_source(engine, &src, scratch, out);
        }));
        if scanned.is_err() {
            // A keylint bug, not the file's fault (see `guard`): report it, keep what
            // was found, and go on with fresh scratch space.
            self.scratch = Scratch::default();
            self.issue(
                shown,
                IssueKind::Internal,
                "internal error while scanning this file (a keylint bug): findings in it may be missing".into(),
            );
        }
        self.parse_notes(shown, notes_before);
        self.local.files += 1;
        self.local.bytes += buf.len() as u64;
    }
}

impl Drop for Worker<'_> {
    fn drop(&mut self) {
        let local = std::mem::take(&mut self.local);
        // A poisoned lock means another worker panicked; keep what we can.
        let mut shared = self.shared.lock().unwrap_or_else(|p| p.into_inner());
        shared.absorb(local);
    }
}

/// Scan every input named in `cfg` with `engine`.
pub fn scan(cfg: &Config, engine: &Engine) -> ScanReport {
    let started = Instant::now();
    let shared = Mutex::new(Collected::default());
    let threads = if cfg.threads == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        cfg.threads
    };
    let mut files: Vec<PathBuf> = Vec::new();
    {
        let mut front = Worker::new(engine, &shared);
        for path in &cfg.paths {
            if path.as_os_str() == "-" {
                scan_stdin(&mut front, cfg);
                continue;
            }
            let shown = walk::display_path(path).0;
            match std::fs::metadata(path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    front.issue(
                        &shown,
                        IssueKind::NotFound,
                        "no such file or directory".into(),
                    );
                }
                Err(e) => front.issue(
                    &shown,
                    IssueKind::Unreadable,
                    format!("could not read: {e}"),
                ),
                Ok(m) if m.is_dir() => walk_dir(path, cfg, engine, &shared, threads),
                Ok(_) => {
                    if !path_allowlisted(cfg, path) {
                        files.push(path.clone());
                    }
                }
            }
        }
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
    let scan_files = || {
        files.par_iter().for_each_init(
            || Worker::new(engine, &shared),
            |w, path| w.scan_path(path, cfg, true),
        )
    };
    match &pool {
        Ok(pool) => pool.install(scan_files),
        Err(_) => scan_files(),
    }
    let collected = shared.into_inner().unwrap_or_else(|p| p.into_inner());
    let mut report = ScanReport {
        summary: collected.summary(started),
        findings: collected.out.findings,
        suppressed: collected.out.suppressed,
        issues: collected.issues,
        capabilities: collected.out.capabilities.uses,
        ..empty_report(engine)
    };
    if cfg.hygiene != crate::config::Hygiene::Off {
        hygiene::check(
            cfg,
            engine.rules(),
            &collected.credential_files,
            &mut report,
        );
    }
    let wanted = crate::tell::capabilities::wanted(
        report
            .findings
            .iter()
            .chain(report.suppressed.iter().map(|s| &s.finding)),
        engine.rules(),
        engine.exchanges(),
    );
    if wanted && !collected.deferred.is_empty() {
        let more = Mutex::new(Collected::default());
        let read = || {
            collected.deferred.par_iter().for_each_init(
                || Worker::new(engine, &more),
                |w, d| w.read_deferred(d, cfg),
            )
        };
        match &pool {
            Ok(pool) => pool.install(read),
            Err(_) => read(),
        }
        let more = more.into_inner().unwrap_or_else(|p| p.into_inner());
        report.capabilities.extend(more.out.capabilities.uses);
        report.issues.extend(more.issues);
        report.summary.duration = started.elapsed();
    }
    report.finish(&cfg.fail, engine.rules());
    crate::tell::capabilities::annotate(&mut report, engine.rules(), engine.exchanges());
    report
}

fn path_allowlisted(cfg: &Config, rel: &Path) -> bool {
    cfg.allow_paths.as_ref().is_some_and(|g| g.is_match(rel))
}

fn walk_dir(root: &Path, cfg: &Config, engine: &Engine, shared: &Mutex<Collected>, threads: usize) {
    walk::walker(root, threads, cfg.no_ignore).run(|| {
        let mut w = Worker::new(engine, shared);
        Box::new(move |entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    let path = err_path(&err).unwrap_or_else(|| root.display().to_string());
                    w.issue(&path, IssueKind::Walk, err.to_string());
                    return WalkState::Continue;
                }
            };
            let Some(ft) = entry.file_type() else {
                return WalkState::Continue;
            };
            if ft.is_dir() {
                return WalkState::Continue;
            }
            let path = entry.path();
            if path_allowlisted(cfg, &walk::relative_to(path, root)) {
                return WalkState::Continue;
            }
            let shown = walk::display_path(path).0;
            if ft.is_symlink() {
                w.issue(
                    &shown,
                    IssueKind::Symlink,
                    "skipped: symlinks are not followed".into(),
                );
            } else if !ft.is_file() {
                w.issue(
                    &shown,
                    IssueKind::SpecialFile,
                    "skipped: not a regular file (FIFO, socket or device)".into(),
                );
            } else {
                if cfg.hygiene != crate::config::Hygiene::Off
                    && entry
                        .file_name()
                        .to_str()
                        .and_then(crate::sources::credfiles::classify)
                        .is_some()
                {
                    w.local
                        .credential_files
                        .push((root.to_path_buf(), path.to_path_buf()));
                }
                w.scan_path(path, cfg, false);
            }
            WalkState::Continue
        })
    });
}

fn err_path(err: &ignore::Error) -> Option<String> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(walk::display_path(path).0),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            err_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(walk::display_path(child).0),
        _ => None,
    }
}

fn scan_stdin(w: &mut Worker, cfg: &Config) {
    let name = cfg
        .stdin_filename
        .clone()
        .unwrap_or_else(|| STDIN_NAME.to_string());
    let lang = cfg
        .stdin_filename
        .as_deref()
        .map_or(Lang::Other, |n| Lang::from_path(Path::new(n)));
    let mut buf = Vec::new();
    let read = std::io::stdin()
        .lock()
        .take(cfg.max_file_size.saturating_add(1))
        .read_to_end(&mut buf);
    match read {
        Err(e) => w.issue(
            &name,
            IssueKind::Unreadable,
            format!("could not read standard input: {e}"),
        ),
        Ok(_) if buf.len() as u64 > cfg.max_file_size => w.issue(
            &name,
            IssueKind::TooLarge,
            format!(
                "skipped: standard input is over the {}-byte limit",
                cfg.max_file_size
            ),
        ),
        Ok(_) => {
            w.scan_bytes(&name, None, lang, &mut buf);
            if std::mem::take(&mut w.local.out.capabilities.deferred) {
                w.local.deferred.push(Deferred::Bytes {
                    shown: name,
                    lang,
                    bytes: buf,
                });
            }
        }
    }
}
