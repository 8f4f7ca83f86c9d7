//! The history source (`keylint history`): every blob of every commit reachable from
//! every ref, and where git saw it. `scan::history` runs the blobs through the engine.
//!
//! 1. **Walk** the commits reachable from every ref (or from `--branch` refs), reading
//!    each commit object once. A shallow clone's boundary commits are treated as roots
//!    and the scan is flagged incomplete; a missing or corrupt object is an error issue
//!    (incomplete) and the walk goes on with what it can read.
//! 2. **Order** the commits topologically (parents first, older first among peers), so
//!    "the commit that introduced a secret" is the earliest in history, not the earliest
//!    by a possibly skewed clock.
//! 3. **Diff** each commit's tree against its first parent's (in parallel), skipping
//!    identical subtrees by id, to collect every (path, blob) pair a commit introduces.
//!    With `--since`, only commits made at or after the date are diffed.
//! 4. **Scan** each distinct blob once, in parallel, named by the first path it
//!    appeared under. A blob that replaced another at the same path (its **base**: the
//!    blob there in the first parent of the commit that introduced it) is scanned only
//!    around the lines that changed ([`delta`]); what the base held on the lines it
//!    keeps is carried over.
//! 5. **Group** findings by fingerprint: one finding per distinct secret, located in
//!    the blob of the commit that introduced it, with every path it appeared under
//!    (`paths`) and whether `HEAD`'s tree still holds it (`present_at_head`). Blobs
//!    are visited bases first, so a secret on unchanged lines counts as held by every
//!    later version that kept it.

use std::collections::{BTreeSet, BinaryHeap, HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};

use gix::ObjectId;
use gix::bstr::{BStr, BString, ByteSlice};
use gix::objs::tree::EntryRef;
use gix::prelude::FindExt;

mod commits;
pub mod delta;

use super::{err, path_names, thread_repo};
use crate::error::Error;
use crate::finding::{CommitInfo, Finding, HistorySeen, IssueKind, ScanIssue, Suppressed};
use crate::outcome::ItemOutput;
use commits::{tips, topo_order, walk};

/// What to walk.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Only diff commits whose committer time is at or after this (seconds since the epoch).
    pub since: Option<i64>,
    /// Start from these revisions instead of every ref.
    pub branches: Vec<String>,
}

/// Counters for a progress display; updated while [`scan`] runs.
#[derive(Debug, Default)]
pub struct Progress {
    pub commits_total: AtomicU64,
    pub commits_done: AtomicU64,
    pub blobs_total: AtomicU64,
    pub blobs_done: AtomicU64,
    pub bytes_done: AtomicU64,
}

/// Parse a `--since` value: `2024-01-31`, RFC 3339, `2 weeks ago`, a Unix time….
pub fn parse_since(text: &str) -> Result<i64, Error> {
    gix::date::parse(text, Some(gix::date::Zoned::now()))
        .map(|t| t.seconds)
        .map_err(|e| Error::Usage {
            what: "--since".into(),
            message: format!(
                "`{text}` is not a date ({e}); use e.g. 2024-01-31 or \"2 weeks ago\""
            ),
        })
}

struct Commit {
    id: ObjectId,
    tree: ObjectId,
    /// Indices of parents that were read (absent: not in the repository).
    parents: Vec<u32>,
    time: i64,
    /// A shallow-clone boundary: its parents are not in this repository.
    boundary: bool,
}

/// Commits per batch when diffing: runs of consecutive commits share tree caches.
const COMMIT_BATCH: usize = 64;

/// The (path, blob, blob it replaced at that path) triples one commit introduces, or
/// why its trees could not be read.
type Changes = Result<Vec<Change>, String>;

/// A blob a commit introduces at a path, and the blob it replaced there.
struct Change {
    path: BString,
    id: ObjectId,
    replaced: Option<ObjectId>,
}

/// The history source's output: every distinct blob to scan ([`History::items`],
/// named by the first path it appeared under), and what git knows about each — the
/// commits and paths that introduced it — which [`History::attribute`] turns into
/// each finding's commit and [`Finding::history`].
pub struct History {
    repo: gix::Repository,
    shared: gix::ThreadSafeRepository,
    commits: Vec<Commit>,
    /// Topological rank of each commit (parents first).
    rank: Vec<u32>,
    blobs: Blobs,
    /// What to scan, each file's versions together (packs delta them against each other).
    pub items: Vec<Item>,
    /// Commits diffed (those in the `--since` window).
    pub commits_scanned: u64,
    /// Objects that could not be read: the history scan is incomplete.
    pub issues: Vec<ScanIssue>,
}

/// One blob to scan.
pub struct Item {
    blob: u32,
    pub id: ObjectId,
    /// The item this blob replaced at the same path when it was introduced: scan only
    /// what changed since.
    pub base: Option<usize>,
    /// The first path it appeared under, as shown.
    pub shown: String,
    /// That path's bytes when it is not UTF-8.
    pub raw: Option<Vec<u8>>,
}

/// Read the history of `repo`: walk, order and diff the commits (on `threads`
/// threads) and list every distinct blob outside `skip`ped paths.
pub fn read(
    repo: gix::Repository,
    opts: &Options,
    threads: usize,
    skip: impl Fn(&str) -> bool,
    progress: &Progress,
) -> Result<History, Error> {
    let mut issues = Vec::new();
    let tips = tips(&repo, opts, &mut issues)?;
    let commits = walk(&repo, tips, &mut issues)?;
    let order = topo_order(&commits);
    let mut rank = vec![u32::MAX; commits.len()];
    for (r, &c) in order.iter().enumerate() {
        if let Some(slot) = rank.get_mut(c as usize) {
            *slot = u32::try_from(r).unwrap_or(u32::MAX);
        }
    }
    let window: Vec<u32> = order
        .into_iter()
        .filter(|&c| {
            opts.since
                .is_none_or(|s| commits.get(c as usize).is_some_and(|k| k.time >= s))
        })
        .collect();
    progress
        .commits_total
        .store(window.len() as u64, Ordering::Relaxed);

    let shared = repo.clone().into_sync();
    let diffs = diff_commits(&shared, &commits, &window, threads, progress);
    let blobs = Blobs::collect(&commits, diffs, &mut issues);
    let items = blobs.items(skip);
    progress
        .blobs_total
        .store(items.len() as u64, Ordering::Relaxed);
    Ok(History {
        repo,
        shared,
        commits,
        rank,
        blobs,
        items,
        commits_scanned: window.len() as u64,
        issues,
    })
}

impl History {
    /// The repository, to open a handle per reading thread ([`super::thread_repo`]).
    pub fn shared_repo(&self) -> &gix::ThreadSafeRepository {
        &self.shared
    }

    /// Attribute the scan output of [`History::items`] to the history: one finding
    /// per distinct secret, located in the blob of the commit that introduced it,
    /// with that commit and every path it appeared under (carried-over lines
    /// included); suppressions once per (fingerprint, marker); issues appended to
    /// `issues`.
    pub fn attribute(
        &self,
        scanned: Vec<Scanned>,
        issues: &mut Vec<ScanIssue>,
    ) -> (Vec<Finding>, Vec<Suppressed>) {
        let (secrets, suppressed) = group(&self.blobs, &self.items, &self.rank, scanned, issues);
        let head_tree = self.repo.head_tree_id().ok().map(|id| id.detach());
        let findings = secrets
            .into_values()
            .filter_map(|s| s.into_finding(&self.repo, &self.commits, &self.blobs.paths, head_tree))
            .collect();
        (findings, suppressed)
    }
}

/// Diff every commit of `window` against its first parent, in parallel; consecutive
/// commits stay on one thread, where a commit's tree is still cached as its child's
/// parent tree.
fn diff_commits(
    repo: &gix::ThreadSafeRepository,
    commits: &[Commit],
    window: &[u32],
    threads: usize,
    progress: &Progress,
) -> Vec<(u32, Changes)> {
    let states = crate::sources::for_each_batched(
        window.len(),
        threads,
        COMMIT_BATCH,
        || {
            (
                thread_repo(repo, super::TREE_CACHE_BYTES),
                TreeDiff::default(),
                Vec::new(),
            )
        },
        |(repo, differ, out), i| {
            let Some((c, commit)) = window
                .get(i)
                .and_then(|&c| commits.get(c as usize).map(|k| (c, k)))
            else {
                return;
            };
            let parent = commit
                .parents
                .first()
                .and_then(|&p| commits.get(p as usize))
                .map(|p| p.tree);
            out.push((i, c, differ.diff(repo, parent, commit.tree)));
            progress.commits_done.fetch_add(1, Ordering::Relaxed);
        },
    );
    let mut all: Vec<(usize, u32, Changes)> =
        states.into_iter().flat_map(|(_, _, out)| out).collect();
    all.sort_unstable_by_key(|(i, ..)| *i);
    all.into_iter()
        .map(|(_, c, changes)| (c, changes))
        .collect()
}

/// What scanning one item produced.
pub struct Scanned {
    /// Index into [`History::items`].
    pub item: usize,
    pub out: ItemOutput,
    /// For a blob scanned around its changes only: the lines of its base it kept,
    /// outside the lines the scan decided. Empty for a blob scanned whole.
    pub carried: Vec<delta::Run>,
}

/// Distinct blobs, and every (blob, commit, path) introduction in commit order.
#[derive(Default)]
struct Blobs {
    paths: Interner,
    list: Vec<Blob>,
    intros: Vec<(u32, u32, u32)>,
}

impl Blobs {
    fn collect(
        commits: &[Commit],
        diffs: Vec<(u32, Changes)>,
        issues: &mut Vec<ScanIssue>,
    ) -> Blobs {
        let mut blobs = Blobs::default();
        let mut index: HashMap<ObjectId, u32> = HashMap::new();
        for (c, changes) in diffs {
            let changes = match changes {
                Ok(changes) => changes,
                Err(message) => {
                    let id = commits
                        .get(c as usize)
                        .map(|k| k.id.to_string())
                        .unwrap_or_default();
                    issues.push(git_issue(&id, message));
                    continue;
                }
            };
            for Change { path, id, replaced } in changes {
                let p = blobs.paths.intern(path);
                // The replaced blob, if introduced earlier: it was diffed before this one.
                let base = replaced.and_then(|r| index.get(&r).copied());
                let b = *index.entry(id).or_insert_with(|| {
                    blobs.list.push(Blob { id, path: p, base });
                    u32::try_from(blobs.list.len() - 1).unwrap_or(u32::MAX)
                });
                blobs.intros.push((b, c, p));
            }
        }
        blobs
    }

    /// What to scan: every blob outside allowlisted paths, named by its first path,
    /// each file's versions together (packs delta them against each other).
    fn items(&self, skip: impl Fn(&str) -> bool) -> Vec<Item> {
        let mut items: Vec<Item> = self
            .list
            .iter()
            .enumerate()
            .filter(|(_, b)| !skip(self.paths.get(b.path).to_str_lossy().as_ref()))
            .map(|(i, b)| {
                let (shown, raw) = path_names(self.paths.get(b.path).as_bstr());
                Item {
                    blob: u32::try_from(i).unwrap_or(u32::MAX),
                    id: b.id,
                    base: None,
                    shown,
                    raw,
                }
            })
            .collect();
        // Stable: a path's versions stay in the order they were introduced.
        items.sort_by(|a, b| a.shown.cmp(&b.shown));
        let item_of: HashMap<u32, usize> = items
            .iter()
            .enumerate()
            .map(|(i, it)| (it.blob, i))
            .collect();
        for it in &mut items {
            it.base = self
                .list
                .get(it.blob as usize)
                .and_then(|b| b.base)
                .and_then(|b| item_of.get(&b).copied());
        }
        items
    }
}

/// Group scan output by secret: each fingerprint once, from its earliest
/// introduction, held by every blob it was found in or carried into; suppressions
/// once per (fingerprint, marker); issues appended.
fn group(
    blobs: &Blobs,
    items: &[Item],
    rank: &[u32],
    mut scanned: Vec<Scanned>,
    issues: &mut Vec<ScanIssue>,
) -> (HashMap<String, Secret>, Vec<Suppressed>) {
    // Issues in item order (the visit below is in history order).
    for s in &mut scanned {
        issues.append(&mut s.out.issues);
    }
    let with_output: HashSet<u32> = scanned
        .iter()
        .filter_map(|s| items.get(s.item).map(|it| it.blob))
        .collect();
    let mut intros: HashMap<u32, Vec<(u32, u32)>> = HashMap::new();
    for &(b, c, p) in &blobs.intros {
        if with_output.contains(&b) {
            intros.entry(b).or_default().push((c, p));
        }
    }
    let rank_of = |c: u32| rank.get(c as usize).copied().unwrap_or(u32::MAX);
    let first_rank = |item: usize| {
        items
            .get(item)
            .and_then(|it| intros.get(&it.blob))
            .and_then(|seen| seen.iter().map(|&(c, _)| rank_of(c)).min())
            .unwrap_or(u32::MAX)
    };
    // A base was introduced before the versions made from it: visit it first.
    scanned.sort_by_cached_key(|s| (first_rank(s.item), s.item));
    let mut secrets: HashMap<String, Secret> = HashMap::new();
    let mut suppressed: HashMap<(String, String), Suppressed> = HashMap::new();
    // What each item holds: (secret, first line, last line), 0-based, lines of that blob.
    let mut names: Vec<String> = Vec::new();
    let mut name_ids: HashMap<String, u32> = HashMap::new();
    let mut held: HashMap<usize, Vec<(u32, u32, u32)>> = HashMap::new();
    for Scanned {
        item: i,
        out,
        carried,
    } in scanned
    {
        let Some(item) = items.get(i) else { continue };
        let seen = intros
            .get(&item.blob)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let earliest = seen.iter().copied().min_by_key(|&(c, _)| rank_of(c));
        let mut here = Vec::new();
        for f in out.findings {
            let k = *name_ids.entry(f.fingerprint.clone()).or_insert_with(|| {
                names.push(f.fingerprint.clone());
                u32::try_from(names.len() - 1).unwrap_or(u32::MAX)
            });
            let line0 = |l: usize| u32::try_from(l.saturating_sub(1)).unwrap_or(u32::MAX);
            here.push((
                k,
                line0(f.location.line),
                line0(f.location.end_line.max(f.location.line)),
            ));
            let s = secrets.entry(f.fingerprint.clone()).or_default();
            s.blobs.insert(item.id);
            s.paths.extend(seen.iter().map(|&(_, p)| p));
            if let Some((c, p)) = earliest
                && s.best.as_ref().is_none_or(|(r, ..)| rank_of(c) < *r)
            {
                s.best = Some((rank_of(c), c, p, f));
            }
        }
        // What the base held on the lines this version kept, it holds too.
        let from_base = item
            .base
            .filter(|_| !carried.is_empty())
            .and_then(|b| held.get(&b));
        for &(k, first, last) in from_base.map(Vec::as_slice).unwrap_or_default() {
            let at = carried.partition_point(|r| r.old <= first);
            let Some((first, last)) = at
                .checked_sub(1)
                .and_then(|j| carried.get(j))
                .and_then(|r| r.map(first, last))
            else {
                continue;
            };
            here.push((k, first, last));
            if let Some(s) = names.get(k as usize).and_then(|n| secrets.get_mut(n)) {
                s.blobs.insert(item.id);
                s.paths.extend(seen.iter().map(|&(_, p)| p));
            }
        }
        if !here.is_empty() {
            here.sort_unstable();
            here.dedup();
            held.insert(i, here);
        }
        for sup in out.suppressed {
            let key = (sup.finding.fingerprint.clone(), sup.marker.clone());
            suppressed.entry(key).or_insert(sup);
        }
    }
    (secrets, suppressed.into_values().collect())
}

struct Blob {
    id: ObjectId,
    /// Path of its first introduction (in commit order).
    path: u32,
    /// The blob it replaced at that path then, if that one was introduced earlier.
    base: Option<u32>,
}

/// One distinct secret: the finding from its earliest introduction (rank, commit,
/// path, finding), the paths and blobs it appears in.
#[derive(Default)]
struct Secret {
    best: Option<(u32, u32, u32, Finding)>,
    paths: BTreeSet<u32>,
    blobs: HashSet<ObjectId>,
}

impl Secret {
    /// The finding to report: located where the secret was introduced, with the
    /// commit, every path and whether `HEAD` still holds it.
    fn into_finding(
        self,
        repo: &gix::Repository,
        commits: &[Commit],
        paths: &Interner,
        head_tree: Option<ObjectId>,
    ) -> Option<Finding> {
        let (_, c, p, mut f) = self.best?;
        let (shown, raw) = path_names(paths.get(p).as_bstr());
        f.location.path = shown;
        f.location.path_bytes = raw;
        let at_head = head_tree.is_some_and(|t| {
            self.paths.iter().any(|&p| {
                blob_at(repo, t, paths.get(p).as_bstr()).is_some_and(|id| self.blobs.contains(&id))
            })
        });
        f.commit = commits.get(c as usize).map(|k| commit_info(repo, k.id));
        let all: BTreeSet<String> = self
            .paths
            .iter()
            .map(|&p| paths.get(p).to_str_lossy().into_owned())
            .collect();
        f.history = Some(HistorySeen {
            paths: all.into_iter().collect(),
            present_at_head: at_head,
        });
        Some(f)
    }
}

#[derive(Default)]
struct Interner {
    ids: HashMap<BString, u32>,
    paths: Vec<BString>,
}

impl Interner {
    fn intern(&mut self, path: BString) -> u32 {
        if let Some(&i) = self.ids.get(&path) {
            return i;
        }
        let i = u32::try_from(self.paths.len()).unwrap_or(u32::MAX);
        self.paths.push(path.clone());
        self.ids.insert(path, i);
        i
    }

    fn get(&self, i: u32) -> &BString {
        static EMPTY: std::sync::OnceLock<BString> = std::sync::OnceLock::new();
        self.paths
            .get(i as usize)
            .unwrap_or_else(|| EMPTY.get_or_init(BString::default))
    }
}

fn git_issue(what: &str, message: String) -> ScanIssue {
    ScanIssue {
        path: what.to_string(),
        kind: IssueKind::Git,
        message,
    }
}

/// Tree-to-tree diff that reports added or changed blobs, reusing buffers per depth.
#[derive(Default)]
struct TreeDiff {
    bufs: Vec<(Vec<u8>, Vec<u8>)>,
    path: BString,
}

impl TreeDiff {
    /// The blobs in `new` that are not at the same path in `old`, with the blob they
    /// replaced there.
    fn diff(
        &mut self,
        repo: &gix::Repository,
        old: Option<ObjectId>,
        new: ObjectId,
    ) -> Result<Vec<Change>, String> {
        let mut out = Vec::new();
        self.path.clear();
        self.level(repo, old, new, 0, &mut out)?;
        Ok(out)
    }

    fn level(
        &mut self,
        repo: &gix::Repository,
        old: Option<ObjectId>,
        new: ObjectId,
        depth: usize,
        out: &mut Vec<Change>,
    ) -> Result<(), String> {
        if old == Some(new) {
            return Ok(());
        }
        if self.bufs.len() <= depth {
            self.bufs.resize_with(depth + 1, Default::default);
        }
        let (mut new_buf, mut old_buf) = std::mem::take(&mut self.bufs[depth]);
        let result = self.compare(repo, old, new, depth, &mut new_buf, &mut old_buf, out);
        self.bufs[depth] = (new_buf, old_buf);
        result
    }

    #[allow(clippy::too_many_arguments)]
    fn compare(
        &mut self,
        repo: &gix::Repository,
        old: Option<ObjectId>,
        new: ObjectId,
        depth: usize,
        new_buf: &mut Vec<u8>,
        old_buf: &mut Vec<u8>,
        out: &mut Vec<Change>,
    ) -> Result<(), String> {
        let new_entries = entries(repo, new, new_buf)?;
        let old_entries = match old {
            Some(id) => entries(repo, id, old_buf)?,
            None => Vec::new(),
        };
        let mut olds = old_entries.iter().peekable();
        for e in &new_entries {
            // Both lists are in git's tree order; advance the old side past smaller names.
            let mut same_name = None;
            while let Some(o) = olds.peek() {
                match (*o).cmp(e) {
                    std::cmp::Ordering::Less => {
                        olds.next();
                    }
                    std::cmp::Ordering::Equal => {
                        same_name = olds.next();
                        break;
                    }
                    std::cmp::Ordering::Greater => break,
                }
            }
            let keep = self.path.len();
            if e.mode.is_tree() {
                let old_sub = same_name
                    .filter(|o| o.mode.is_tree())
                    .map(|o| o.oid.to_owned());
                self.path.extend_from_slice(e.filename);
                self.path.push(b'/');
                let r = self.level(repo, old_sub, e.oid.to_owned(), depth + 1, out);
                self.path.truncate(keep);
                r?;
            } else if e.mode.is_blob()
                && same_name.is_none_or(|o| o.oid != e.oid || !o.mode.is_blob())
            {
                let mut path = self.path.clone();
                path.extend_from_slice(e.filename);
                out.push(Change {
                    path,
                    id: e.oid.to_owned(),
                    replaced: same_name
                        .filter(|o| o.mode.is_blob())
                        .map(|o| o.oid.to_owned()),
                });
            }
        }
        Ok(())
    }
}

fn entries<'b>(
    repo: &gix::Repository,
    id: ObjectId,
    buf: &'b mut Vec<u8>,
) -> Result<Vec<EntryRef<'b>>, String> {
    let tree = repo
        .objects
        .find_tree_iter(&id, buf)
        .map_err(|e| format!("tree {id} could not be read: {e}"))?;
    tree.collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("tree {id} is corrupt: {e}"))
}

/// The blob at `path` in `tree`, if any.
fn blob_at(repo: &gix::Repository, tree: ObjectId, path: &BStr) -> Option<ObjectId> {
    let tree = repo.find_tree(tree).ok()?;
    let entry = tree.lookup_entry(path.split(|&b| b == b'/')).ok()??;
    entry.mode().is_blob().then(|| entry.object_id())
}

/// Id, author and author date of a commit (best effort: unreadable parts stay empty).
fn commit_info(repo: &gix::Repository, id: ObjectId) -> CommitInfo {
    let mut buf = Vec::new();
    let (author, date) = match repo
        .objects
        .find_commit(&id, &mut buf)
        .and_then(|c| c.author())
    {
        Ok(sig) => {
            let sig = sig.trim();
            let date = sig
                .time()
                .map(|t| t.format_or_unix(gix::date::time::format::ISO8601_STRICT))
                .unwrap_or_default();
            (format!("{} <{}>", sig.name, sig.email), date)
        }
        Err(_) => (String::new(), String::new()),
    };
    CommitInfo {
        id: id.to_string(),
        author: crate::redact::sanitize_str(&author),
        date,
    }
}
