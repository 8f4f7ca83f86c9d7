//! `keylint history`: audit every commit reachable from every ref. The history
//! source ([`crate::sources::git::history`]) walks, orders and diffs the commits and
//! lists each distinct blob once; the blobs run through the engine here, in parallel
//! (a new version of a large file only around its changes: the lines far from them
//! blanked, see [`delta`], what the old version held there carried over by the
//! source); the source attributes each distinct secret to the commit that introduced it and
//! every path it appeared under; the help says the key is in the history.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::Ordering;
use std::time::Instant;

use gix::ObjectId;

use super::{Collected, Worker};
use crate::config::Config;
use crate::engine::Engine;
use crate::error::Error;
use crate::outcome::{ScanReport, ScanSummary};
use crate::source::Lang;
use crate::sources::for_each_batched;
use crate::sources::git::history::delta::{self, Partial};
use crate::sources::git::history::{self, History, Options, Progress, Scanned};
use crate::sources::git::{load_blob, thread_repo};
use crate::tell::advice;

/// Items per batch: a path's versions are neighbours, and a thread that scans one
/// right after its base reads the base from memory.
const BATCH: usize = 32;

/// Smaller files are scanned whole: they cost little, and a whole scan sees everything.
const PARTIAL_MIN_BYTES: usize = 16 * 1024;

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
    let scanned = scan_items(&source, engine, cfg, progress);
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
    report.finish(&cfg.fail, engine.rules());
    Ok(report)
}

/// What [`scan_items`] produced.
struct ItemScan {
    items: Vec<Scanned>,
    summary: ScanSummary,
}

/// One scanning thread: a repository handle, the engine's worker and buffers; the
/// last blob read stays in memory, as the next item is often a new version of it.
struct Thread<'a> {
    repo: gix::Repository,
    worker: Worker<'a>,
    buf: Vec<u8>,
    last: Option<(ObjectId, Vec<u8>)>,
    base: Vec<u8>,
    masked: Vec<u8>,
    witnesses: Vec<usize>,
    /// The keyword occurrences in the version scanned partially.
    keywords: Vec<(u32, std::ops::Range<usize>)>,
    /// The blob whose every keyword occurrence `keywords` lists, if it does.
    listed_of: Option<ObjectId>,
    /// Where the next version's occurrences are listed from `keywords`.
    carry: Vec<(u32, std::ops::Range<usize>)>,
    /// The line starts of the last version planned: the next version's base.
    starts: Option<(ObjectId, Vec<usize>)>,
}

/// Scan every item of `source` in parallel: a blob with a base ([`history::Item::base`])
/// around what changed when its kind allows ([`partial_kind`], [`delta::plan`]), any
/// other whole.
fn scan_items(source: &History, engine: &Engine, cfg: &Config, progress: &Progress) -> ItemScan {
    let started = Instant::now();
    let shared = Mutex::new(Collected::default());
    let outputs = Mutex::new(Vec::new());
    let reach = engine.reach();
    let repo = source.shared_repo();
    let items = &source.items;
    let threads = for_each_batched(
        items.len(),
        cfg.threads,
        BATCH,
        || Thread {
            repo: thread_repo(repo, 0),
            worker: Worker::new(engine, &shared),
            buf: Vec::new(),
            last: None,
            base: Vec::new(),
            masked: Vec::new(),
            witnesses: Vec::new(),
            keywords: Vec::new(),
            listed_of: None,
            carry: Vec::new(),
            starts: None,
        },
        |t, i| {
            let Some(item) = items.get(i) else { return };
            let mut buf = std::mem::take(&mut t.buf);
            let loaded = load_blob(&t.repo, &item.id, cfg.max_file_size, &mut buf);
            progress.blobs_done.fetch_add(1, Ordering::Relaxed);
            let mut carried = Vec::new();
            match loaded {
                Ok(()) => {
                    progress
                        .bytes_done
                        .fetch_add(buf.len() as u64, Ordering::Relaxed);
                    let lang = Lang::from_path(Path::new(&item.shown));
                    let base = item.base.and_then(|b| items.get(b)).map(|b| b.id);
                    // A blob id names its content: the base's line starts, if it was
                    // the last version planned, are still its line starts.
                    let old_starts = t
                        .starts
                        .take()
                        .filter(|(id, _)| Some(*id) == base)
                        .map(|(_, s)| s);
                    let plan = base
                        .filter(|_| partial_kind(&item.shown, lang, &buf))
                        .and_then(|b| t.base_bytes(b, cfg.max_file_size))
                        .map(|old| {
                            let starts = delta::line_starts(&buf);
                            let plan =
                                delta::plan(old, old_starts.as_deref(), &buf, &starts, reach);
                            (plan, starts)
                        });
                    let raw = item.raw.as_deref();
                    match plan {
                        Some((plan, starts)) if plan.unchanged() => {
                            // The same lines (line endings aside): all carried.
                            t.worker.local.files += 1;
                            t.worker.local.bytes += buf.len() as u64;
                            carried = plan.carried;
                            t.starts = Some((item.id, starts));
                        }
                        Some((plan, starts)) => {
                            // One keyword list of the version: the lines to keep, then
                            // the blanked copy's hits and the code pass's words.
                            let listed = t.list_keywords(
                                engine,
                                (item.id, &buf, &starts),
                                base.zip(old_starts.as_deref()),
                                &plan,
                            );
                            t.masked.clear();
                            t.masked.extend_from_slice(&buf);
                            delta::mask(&mut t.masked, &starts, &plan.scan, &t.witnesses);
                            let mut masked = std::mem::take(&mut t.masked);
                            let decided = plan
                                .decide
                                .iter()
                                .filter_map(|r| {
                                    Some(
                                        *starts.get(r.start as usize)?
                                            ..*starts.get(r.end as usize)?,
                                    )
                                })
                                .collect();
                            let partial = crate::source::Partial {
                                decided,
                                original: &buf,
                                keywords: listed.then_some(&t.keywords[..]),
                            };
                            t.worker
                                .scan_partial(&item.shown, raw, lang, &mut masked, partial);
                            keep_decided(&mut t.worker.local, &plan);
                            carried = plan.carried;
                            t.masked = masked;
                            t.starts = Some((item.id, starts));
                        }
                        None => t.worker.scan_bytes(&item.shown, raw, lang, &mut buf),
                    }
                    // Keep this version for the next item; reuse the last one's buffer.
                    if let Some((_, old)) = t.last.replace((item.id, std::mem::take(&mut buf))) {
                        buf = old;
                    }
                }
                Err((kind, message)) => t.worker.issue(&item.shown, kind, message),
            }
            t.buf = buf;
            let out = t.worker.take_item_output();
            if !(out.findings.is_empty()
                && out.suppressed.is_empty()
                && out.issues.is_empty()
                && carried.is_empty())
            {
                outputs
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(Scanned {
                        item: i,
                        out,
                        carried,
                    });
            }
        },
    );
    drop(threads); // workers merge their totals into `shared` on drop
    let collected = shared.into_inner().unwrap_or_else(|p| p.into_inner());
    let mut items = outputs.into_inner().unwrap_or_else(|p| p.into_inner());
    items.sort_by_key(|s| s.item);
    ItemScan {
        items,
        summary: collected.summary(started),
    }
}

impl Thread<'_> {
    /// List every keyword occurrence of `new` (blob id, content, line starts), a
    /// version planned as `plan` (see [`Engine::keyword_witnesses_listed`]), into
    /// `keywords`, and the lines to keep into `witnesses`. When `base` (its id and line
    /// starts) is the blob listed last, its unchanged lines' occurrences are carried
    /// over and only the other lines searched ([`delta::carry_occurrences`]).
    fn list_keywords(
        &mut self,
        engine: &Engine,
        new: (ObjectId, &[u8], &[usize]),
        base: Option<(ObjectId, &[usize])>,
        plan: &Partial,
    ) -> bool {
        let (id, text, starts) = new;
        let carried = base
            .filter(|(b, _)| self.listed_of == Some(*b) && engine.keywords_line_bound())
            .is_some_and(|(_, old_starts)| {
                let mut searched = true;
                delta::carry_occurrences(
                    &self.keywords,
                    old_starts,
                    starts,
                    &plan.same,
                    |within, out| searched &= engine.list_keywords_in(text, within, out),
                    &mut self.carry,
                );
                searched
                    && engine.keyword_witnesses_of_listed(text, &self.carry, &mut self.witnesses)
            });
        let listed = if carried {
            std::mem::swap(&mut self.keywords, &mut self.carry);
            true
        } else {
            engine.keyword_witnesses_listed(text, &mut self.keywords, &mut self.witnesses)
        };
        self.listed_of = listed.then_some(id);
        listed
    }

    /// The content of blob `id`: the last blob read, or read now.
    fn base_bytes(&mut self, id: ObjectId, max_size: u64) -> Option<&[u8]> {
        if let Some((last, bytes)) = &self.last
            && *last == id
        {
            return Some(bytes);
        }
        load_blob(&self.repo, &id, max_size, &mut self.base).ok()?;
        Some(&self.base)
    }
}

/// Whether a file of this kind may be scanned around its changes: large enough to be
/// worth it, text without a byte-order mark, and not a kind whose findings depend on
/// structure far from the change — notebooks, JSON, YAML, TOML, INI, `.env` and CSV
/// files (their values' names and sections) and PEM blocks (a key spans many lines).
fn partial_kind(path: &str, lang: Lang, bytes: &[u8]) -> bool {
    if bytes.len() < PARTIAL_MIN_BYTES
        || matches!(
            lang,
            Lang::Json | Lang::Yaml | Lang::Toml | Lang::Ini | Lang::Env | Lang::Notebook
        )
    {
        return false;
    }
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".csv") || lower.ends_with(".tsv") {
        return false;
    }
    let sniff = &bytes[..bytes.len().min(crate::source::BINARY_SNIFF_LEN)];
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF])
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || memchr::memchr(0, sniff).is_some()
    {
        return false;
    }
    memchr::memmem::find(bytes, b"-----BEGIN").is_none()
}

/// Keep what a partial scan found on the lines it decides; the rest is carried over
/// from the base or was seen too far from its context to judge.
fn keep_decided(local: &mut Collected, plan: &Partial) {
    let decided =
        |line: usize| plan.decides(u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX));
    local.out.findings.retain(|f| decided(f.location.line));
    local
        .out
        .suppressed
        .retain(|s| decided(s.finding.location.line));
}
