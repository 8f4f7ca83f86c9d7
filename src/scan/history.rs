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
use crate::source::{self, Lang};
use crate::sources::for_each_batched;
use crate::sources::git::history::delta::{self, Partial};
use crate::sources::git::history::{self, History, Options, Progress, Scanned};
use crate::sources::git::{load_blob, thread_repo};
use crate::tell::advice;

/// Items per batch: a path's versions are neighbours, and a thread that scans one
/// soon after its base reads the base from memory ([`Kept`]).
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

/// Versions a thread keeps in memory for the versions made from them: a path's
/// versions are neighbours, but branches interleave (a pull request's versions of a file
/// among the main line's), so a version's base is often not the last blob read.
const KEPT_VERSIONS: usize = 8;

/// At most this many bytes of kept versions per thread (beyond the most recent one).
const KEPT_BYTES: usize = 16 * 1024 * 1024;

/// One scanning thread: a repository handle, the engine's worker and buffers, and the
/// last few versions that are another's base ([`Kept`]).
struct Thread<'a> {
    repo: gix::Repository,
    worker: Worker<'a>,
    buf: Vec<u8>,
    kept: KeptVersions,
    base: Vec<u8>,
    masked: Vec<u8>,
    /// The byte ranges the mask left readable.
    readable: Vec<std::ops::Range<usize>>,
    witnesses: Vec<usize>,
    /// The keyword occurrences in the version scanned partially.
    keywords: Vec<Occurrence>,
    /// Where the next version's occurrences are listed from its base's.
    carry: Vec<Occurrence>,
}

/// A keyword occurrence: the prefilter's pattern index and its byte range.
type Occurrence = (u32, std::ops::Range<usize>);

/// A version kept for the versions made from it. A blob id names its content: its
/// bytes, line starts and keyword occurrences are those of any later read of it.
struct Kept {
    id: ObjectId,
    /// The blob as read (never one decoded from a byte-order mark).
    bytes: Vec<u8>,
    /// Its line starts, when it was planned.
    starts: Option<Vec<usize>>,
    /// Every keyword occurrence in it, when they were listed (then `starts` is known).
    keywords: Option<Vec<Occurrence>>,
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
    // The versions others are made from: worth keeping once read.
    let mut is_base = vec![false; items.len()];
    for b in items.iter().filter_map(|it| it.base) {
        if let Some(slot) = is_base.get_mut(b) {
            *slot = true;
        }
    }
    let threads = for_each_batched(
        items.len(),
        cfg.threads,
        BATCH,
        || Thread {
            repo: thread_repo(repo, 0),
            worker: Worker::new(engine, &shared),
            buf: Vec::new(),
            kept: KeptVersions::default(),
            base: Vec::new(),
            masked: Vec::new(),
            readable: Vec::new(),
            witnesses: Vec::new(),
            keywords: Vec::new(),
            carry: Vec::new(),
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
                    // The base, if kept: taken out while in use, kept again below.
                    let from = base.and_then(|b| t.kept.take(b));
                    // Only content as read is kept (a scan strips or decodes a
                    // byte-order mark in place).
                    let keep =
                        is_base.get(i).copied().unwrap_or(false) && !source::starts_with_bom(&buf);
                    let plan = base
                        .filter(|_| partial_kind(&item.shown, lang, &buf))
                        .and_then(|b| match &from {
                            Some(k) => Some((&k.bytes[..], k.starts.as_deref())),
                            None => load_blob(&t.repo, &b, cfg.max_file_size, &mut t.base)
                                .ok()
                                .map(|()| (&t.base[..], None)),
                        })
                        .map(|(old, old_starts)| {
                            let starts = delta::line_starts(&buf);
                            let plan = delta::plan(old, old_starts, &buf, &starts, reach);
                            (plan, starts)
                        });
                    let raw = item.raw.as_deref();
                    let mut planned = None;
                    match plan {
                        Some((plan, starts)) if plan.unchanged() => {
                            // The same lines (line endings aside): all carried.
                            t.worker.local.files += 1;
                            t.worker.local.bytes += buf.len() as u64;
                            carried = plan.carried;
                            planned = Some((starts, false));
                        }
                        Some((plan, starts)) => {
                            // One keyword list of the version: the lines to keep, then
                            // the blanked copy's hits and the code pass's words.
                            let base_listed = from
                                .as_ref()
                                .and_then(|k| Some((k.starts.as_deref()?, k.keywords.as_deref()?)));
                            let listed = t.list_keywords(engine, &buf, &starts, base_listed, &plan);
                            t.masked.clear();
                            t.masked.extend_from_slice(&buf);
                            let mut readable = std::mem::take(&mut t.readable);
                            delta::mask(
                                &mut t.masked,
                                &starts,
                                &plan.scan,
                                &t.witnesses,
                                &mut readable,
                            );
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
                                readable: Some(&readable),
                            };
                            t.worker
                                .scan_partial(&item.shown, raw, lang, &mut masked, partial);
                            keep_decided(&mut t.worker.local, &plan);
                            carried = plan.carried;
                            t.masked = masked;
                            t.readable = readable;
                            planned = Some((starts, listed));
                        }
                        None => t.worker.scan_bytes(&item.shown, raw, lang, &mut buf),
                    }
                    if let Some(k) = from {
                        t.kept.keep(k);
                    }
                    if keep {
                        let (starts, listed) = planned.map_or((None, false), |(s, l)| (Some(s), l));
                        let keywords = listed.then(|| std::mem::take(&mut t.keywords));
                        let next = t.kept.spare.pop().unwrap_or_default();
                        t.kept.keep(Kept {
                            id: item.id,
                            bytes: std::mem::replace(&mut buf, next),
                            starts,
                            keywords,
                        });
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
    /// List every keyword occurrence of `text` (with its line `starts`), a version
    /// planned as `plan` (see [`Engine::keyword_witnesses_listed`]), into `keywords`,
    /// and the lines to keep into `witnesses`. When its base's occurrences are known
    /// (`base`: its line starts and occurrences), those on unchanged lines are carried
    /// over and only the other lines searched ([`delta::carry_occurrences`]).
    fn list_keywords(
        &mut self,
        engine: &Engine,
        text: &[u8],
        starts: &[usize],
        base: Option<(&[usize], &[Occurrence])>,
        plan: &Partial,
    ) -> bool {
        let carried =
            base.filter(|_| engine.keywords_line_bound())
                .is_some_and(|(old_starts, old_found)| {
                    let mut searched = true;
                    delta::carry_occurrences(
                        old_found,
                        old_starts,
                        starts,
                        &plan.same,
                        |within, out| searched &= engine.list_keywords_in(text, within, out),
                        &mut self.carry,
                    );
                    searched
                        && engine.keyword_witnesses_of_listed(
                            text,
                            &self.carry,
                            &mut self.witnesses,
                        )
                });
        if carried {
            std::mem::swap(&mut self.keywords, &mut self.carry);
            true
        } else {
            engine.keyword_witnesses_listed(text, &mut self.keywords, &mut self.witnesses)
        }
    }
}

/// The versions a thread keeps, least recently used first, and buffers of versions
/// no longer kept, for reuse.
#[derive(Default)]
struct KeptVersions {
    list: Vec<Kept>,
    spare: Vec<Vec<u8>>,
}

impl KeptVersions {
    /// The kept version `id`, taken out.
    fn take(&mut self, id: ObjectId) -> Option<Kept> {
        let at = self.list.iter().position(|k| k.id == id)?;
        Some(self.list.remove(at))
    }

    /// Keep `version` as the most recently used, forgetting the least recently used
    /// beyond [`KEPT_VERSIONS`] or [`KEPT_BYTES`].
    fn keep(&mut self, version: Kept) {
        self.list.push(version);
        let mut bytes: usize = self.list.iter().map(|k| k.bytes.len()).sum();
        while self.list.len() > KEPT_VERSIONS || (self.list.len() > 1 && bytes > KEPT_BYTES) {
            let old = self.list.remove(0);
            bytes -= old.bytes.len();
            if self.spare.len() < 2 {
                self.spare.push(old.bytes);
            }
        }
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
    if source::starts_with_bom(bytes) || memchr::memchr(0, sniff).is_some() {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn version(n: u8, len: usize) -> Kept {
        Kept {
            id: ObjectId::from_bytes_or_panic(&[n; 20]),
            bytes: vec![b'x'; len],
            starts: None,
            keywords: None,
        }
    }

    fn ids(kept: &KeptVersions) -> Vec<u8> {
        kept.list.iter().map(|k| k.id.as_bytes()[0]).collect()
    }

    #[test]
    fn kept_versions_forget_the_least_recently_used() {
        let mut kept = KeptVersions::default();
        for n in 0..KEPT_VERSIONS as u8 {
            kept.keep(version(n, 10));
        }
        // Version 0 used again: version 1 is now the least recently used.
        let used = kept.take(ObjectId::from_bytes_or_panic(&[0; 20]));
        assert!(used.is_some());
        kept.keep(used.unwrap());
        kept.keep(version(100, 10));
        assert_eq!(kept.list.len(), KEPT_VERSIONS);
        assert!(!ids(&kept).contains(&1) && ids(&kept).contains(&0));
        assert_eq!(ids(&kept).last(), Some(&100));
        assert!(kept.take(ObjectId::from_bytes_or_panic(&[1; 20])).is_none());
        assert_eq!(kept.spare.len(), 1);
    }

    #[test]
    fn kept_versions_stay_under_the_byte_bound_but_keep_the_latest() {
        let mut kept = KeptVersions::default();
        kept.keep(version(1, KEPT_BYTES / 2));
        kept.keep(version(2, KEPT_BYTES / 2));
        assert_eq!(ids(&kept), vec![1, 2]);
        kept.keep(version(3, 1));
        assert_eq!(ids(&kept), vec![2, 3]);
        kept.keep(version(4, KEPT_BYTES * 2));
        assert_eq!(ids(&kept), vec![4]);
    }
}
