//! `scan --diff` and `--staged` review what the change does to keylint itself: a pull
//! request or commit can silence the scanner without touching a key's line. Each way
//! is a finding of its own rule (`rules/repository.toml`), with the findings it hides
//! as related locations (masked):
//!
//! - `suppression-marker-added`: a marker keylint honours (`keylint:allow`,
//!   `gitleaks:allow`, …) on a line the change adds, that hides a finding — on that
//!   line, or the line below for a comment-only line. Whether the hidden key is new or
//!   old, the marker is the change's.
//! - `ignore-file-hides-finding`: a `.keylintignore` (any tracked one, and the one at
//!   the repository root) whose new version excludes a file the previous version did
//!   not, and that file holds findings.
//! - `config-hides-finding`: the config file the scan read (`.keylint.toml` or
//!   `--config`) changed, and the scan with its previous version reports findings this
//!   one does not (an allowlist, a disabled rule, a higher minimum severity), or turns
//!   off one of these checks.
//! - `baseline-hides-finding`: the `--baseline` file gained entries that hide findings.
//!
//! "Previous" is the merge base for `--diff` and `HEAD` for `--staged`. A change to the
//! config file costs a second scan with the previous config; the other checks read
//! only the files involved. `--trust-suppressions` turns all of this off, for teams that
//! review these files anyway (a flag, not a config key: the change under review could
//! set a config key).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::baseline::Baseline;
use crate::config::{Config, Hygiene};
use crate::engine::Engine;
use crate::error::Error;
use crate::finding::{Finding, Snippet, Suppressed};
use crate::outcome::ScanReport;
use crate::source::{Lang, LineIndex, Source};
use crate::sources::git::diff::DiffBase;
use crate::sources::git::staged::StagedBase;
use crate::sources::walk::IGNORE_FILE_NAME;
use crate::tell::{repository, snippet};

use crate::tell::repository::{
    BASELINE_HIDES as BASELINE, CHANGE_RULES as RULES, CONFIG_HIDES as CONFIG,
    IGNORE_FILE_HIDES as IGNORE, MARKER_ADDED as MARKER,
};

/// A change under review: its previous and new versions of files, and the scans that
/// tell what a change to an ignore file or config hides.
pub trait Change {
    /// The lines of the file reports show as `shown` that the change adds; `None`
    /// when the whole file is new.
    fn added(&mut self, shown: &str) -> Result<Option<HashSet<usize>>, Error>;
    /// The repository-relative path of a path as reports show it.
    fn relative(&self, shown: &str) -> Option<String>;
    /// The repository-relative path of a file on disk (a config or baseline file).
    fn file_relative(&self, path: &Path) -> Option<String>;
    /// How reports show repository-relative `rel`.
    fn shown(&self, rel: &str) -> String;
    /// The previous version of `rel`, if it was a file.
    fn before(&self, rel: &str) -> Result<Option<Vec<u8>>, Error>;
    /// The new version of `rel`, if it is a file.
    fn after(&self, rel: &str) -> Result<Option<Vec<u8>>, Error>;
    /// Every file named `name` the new version tracks (repository-relative).
    fn named(&self, name: &str) -> Result<Vec<String>, Error>;
    /// Files of the new version under repository-relative directory `dir` ("" for
    /// the root) that an ignore file could hide from this scan.
    fn files_under(&self, dir: &str) -> Result<Vec<String>, Error>;
    /// Scan the files at `rels`, whatever `.keylintignore` says.
    fn scan_files(
        &self,
        rels: &[String],
        cfg: &Config,
        engine: &Engine,
    ) -> Result<ScanReport, Error>;
    /// The whole scan again, with `cfg` and `engine`.
    fn rescan(&self, cfg: &Config, engine: &Engine) -> Result<ScanReport, Error>;
}

/// The config a scan would use with this config-file `(origin, text)` (`None`: no file).
pub type ConfigFor<'a> = dyn Fn(Option<(&str, &str)>) -> Result<Config, Error> + 'a;

/// A suppression marker the change adds: (shown path, line, marker text).
type MarkerAt = (String, usize, String);

/// What the review needs besides the change: the scan's config and engine, the config
/// file it read and how to build a config from another version of it, and the baseline.
pub struct Review<'a> {
    pub cfg: &'a Config,
    pub engine: &'a Engine,
    /// The config file the scan read, if any (a path on disk).
    pub config_file: Option<PathBuf>,
    /// The config the scan would have used with this config-file text (`None`: no file).
    pub config_for: &'a ConfigFor<'a>,
    /// `--baseline FILE`, loaded.
    pub baseline: Option<(&'a Path, &'a Baseline)>,
}

/// Every way the change silences keylint, as findings. `findings` are the scan's
/// before the baseline and the diff are applied; `suppressed` its suppressed ones.
pub fn review(
    r: &Review,
    change: &mut dyn Change,
    findings: &[Finding],
    suppressed: &[Suppressed],
) -> Result<Vec<Finding>, Error> {
    let mut out = Vec::new();
    markers(r, change, suppressed, &mut out)?;
    ignore_files(r, change, &mut out)?;
    config(r, change, findings, &mut out)?;
    baseline(r, change, findings, &mut out)?;
    Ok(out)
}

/// 1-based line `n` of `bytes`, without its terminator.
fn line_of(bytes: &[u8], n: usize) -> &[u8] {
    let index = LineIndex::new(bytes);
    if n == 0 || n > index.line_count() {
        return &[];
    }
    index.line(bytes, n)
}

/// The 1-based column (in characters) of byte offset `at` in `line`.
fn column(line: &[u8], at: usize) -> usize {
    String::from_utf8_lossy(line.get(..at).unwrap_or(line))
        .chars()
        .count()
        + 1
}

fn location(path: String, line: usize, col: usize, len: usize) -> crate::finding::Location {
    crate::finding::Location {
        path,
        path_bytes: None,
        line,
        column: col,
        end_line: line,
        end_column: col + len,
        byte_start: 0,
        byte_end: 0,
    }
}

/// The excerpt of a hidden finding with its label moved to `needle` on file line `line`.
fn relabel(snippet: &Snippet, line: usize, needle: &str) -> Option<Snippet> {
    let index = line.checked_sub(snippet.first_line)?;
    let start: usize = snippet
        .text
        .split('\n')
        .take(index)
        .map(|l| l.len() + 1)
        .sum();
    let text = snippet.text.split('\n').nth(index)?;
    let at = text.find(needle)?;
    Some(Snippet {
        first_line: snippet.first_line,
        text: snippet.text.clone(),
        label: start + at..start + at + needle.len(),
    })
}

fn markers(
    r: &Review,
    change: &mut dyn Change,
    suppressed: &[Suppressed],
    out: &mut Vec<Finding>,
) -> Result<(), Error> {
    let Some(rule) = r.engine.rules().get(MARKER) else {
        return Ok(());
    };
    // (path, marker line, marker) → what it hides, in report order.
    let mut by_marker: Vec<(MarkerAt, Vec<&Finding>)> = Vec::new();
    let mut texts: HashMap<String, Option<Vec<u8>>> = HashMap::new();
    for s in suppressed {
        let f = &s.finding;
        let path = f.location.path.clone();
        let Some(rel) = change.relative(&path) else {
            continue;
        };
        if !texts.contains_key(&rel) {
            texts.insert(rel.clone(), change.after(&rel)?);
        }
        let Some(Some(text)) = texts.get(&rel) else {
            continue;
        };
        let line = f.location.line;
        let foreign = r.cfg.foreign_markers;
        let on_line =
            crate::judge::suppress::marker_for(line_of(text, line), &f.rule_id, foreign).is_some();
        let marker_line = if on_line {
            line
        } else {
            line.saturating_sub(1)
        };
        let added = match change.added(&path)? {
            None => true,
            Some(lines) => lines.contains(&marker_line),
        };
        if !added || marker_line == 0 {
            continue;
        }
        let key = (path, marker_line, s.marker.clone());
        match by_marker.iter_mut().find(|(k, _)| *k == key) {
            Some((_, hidden)) => hidden.push(f),
            None => by_marker.push((key, vec![f])),
        }
    }
    for ((path, line, marker), hidden) in by_marker {
        let rel = change.relative(&path).unwrap_or_default();
        let text = texts.get(&rel).and_then(Option::as_ref);
        let line_text = text.map_or(&[][..], |t| line_of(t, line));
        let at = memchr::memmem::find(line_text, marker.as_bytes()).unwrap_or(0);
        let col = column(line_text, at);
        let snippet = hidden
            .iter()
            .find_map(|f| f.snippet.as_ref().and_then(|s| relabel(s, line, &marker)));
        let loc = location(path, line, col, marker.chars().count());
        out.push(repository::marker_added(
            rule, loc, snippet, &marker, &hidden,
        ));
    }
    Ok(())
}

/// A gitignore-syntax matcher for `text`, rooted at `dir` (on disk).
fn matcher(dir: &Path, text: &[u8]) -> ignore::gitignore::Gitignore {
    let mut b = ignore::gitignore::GitignoreBuilder::new(dir);
    for line in String::from_utf8_lossy(text).lines() {
        let _ = b.add_line(None, line);
    }
    b.build()
        .unwrap_or_else(|_| ignore::gitignore::Gitignore::empty())
}

/// A one-line excerpt of line `line` of a file with no secrets (an ignore file, a
/// baseline), labelled at `needle` if it occurs there, else the whole line.
fn file_line_snippet(shown: &str, bytes: &[u8], line: usize, needle: &str) -> Option<Snippet> {
    let src = Source::new(shown, bytes, Lang::Other);
    if line == 0 || line > src.lines().line_count() {
        return None;
    }
    let range = src.line_range(line);
    let text = src.line_text(line);
    let span = match memchr::memmem::find(text, needle.as_bytes()) {
        Some(at) => range.start + at..range.start + at + needle.len(),
        None => range,
    };
    Some(snippet::build(
        &src,
        &span,
        &snippet::Secrets::new(bytes, &[]),
    ))
}

fn ignore_files(r: &Review, change: &mut dyn Change, out: &mut Vec<Finding>) -> Result<(), Error> {
    let Some(rule) = r.engine.rules().get(IGNORE) else {
        return Ok(());
    };
    if r.cfg.no_ignore {
        return Ok(());
    }
    for rel in change.named(IGNORE_FILE_NAME)? {
        let Some(new) = change.after(&rel)? else {
            continue;
        };
        let old = change.before(&rel)?.unwrap_or_default();
        if old == new {
            continue;
        }
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        let root = PathBuf::from("/keylint-ignore-root").join(dir);
        let (old_m, new_m) = (matcher(&root, &old), matcher(&root, &new));
        let mut hidden_files: Vec<(String, String)> = Vec::new();
        for file in change.files_under(dir)? {
            let sub = match dir {
                "" => file.as_str(),
                d => file
                    .strip_prefix(d)
                    .and_then(|s| s.strip_prefix('/'))
                    .unwrap_or(&file),
            };
            let now = new_m.matched_path_or_any_parents(sub, false);
            if now.is_ignore() && !old_m.matched_path_or_any_parents(sub, false).is_ignore() {
                let pattern = now
                    .inner()
                    .map(|g| g.original().to_string())
                    .unwrap_or_default();
                hidden_files.push((file, pattern));
            }
        }
        if hidden_files.is_empty() {
            continue;
        }
        let rels: Vec<String> = hidden_files.iter().map(|(f, _)| f.clone()).collect();
        let scanned = change.scan_files(&rels, r.cfg, r.engine)?;
        let shown_ignore = change.shown(&rel);
        for (file, pattern) in &hidden_files {
            let shown = change.shown(file);
            let hidden: Vec<&Finding> = scanned
                .findings
                .iter()
                .filter(|f| f.location.path == shown)
                .collect();
            if hidden.is_empty() {
                continue;
            }
            let line = String::from_utf8_lossy(&new)
                .lines()
                .position(|l| l.trim() == pattern)
                .map_or(1, |i| i + 1);
            let col = column(line_of(&new, line), 0);
            let loc = location(shown_ignore.clone(), line, col, pattern.chars().count());
            let snippet = file_line_snippet(&shown_ignore, &new, line, pattern);
            out.push(repository::ignore_hides(
                rule, loc, snippet, pattern, &shown, &hidden,
            ));
        }
    }
    Ok(())
}

/// Findings keyed as a baseline would: same rule, same secret, same path.
fn key(f: &Finding) -> (&str, &str, &str) {
    (&f.rule_id, &f.fingerprint, &f.location.path)
}

fn config(
    r: &Review,
    change: &mut dyn Change,
    findings: &[Finding],
    out: &mut Vec<Finding>,
) -> Result<(), Error> {
    let Some(rule) = r.engine.rules().get(CONFIG) else {
        return Ok(());
    };
    let Some(file) = &r.config_file else {
        return Ok(());
    };
    let Some(rel) = change.file_relative(file) else {
        return Ok(()); // a config from outside the repository is not the change's
    };
    let new = std::fs::read(file).map_err(|e| Error::io(file, e))?;
    let old = change.before(&rel)?;
    if old.as_deref() == Some(new.as_slice()) {
        return Ok(());
    }
    let old_text = old
        .as_ref()
        .map(|t| String::from_utf8_lossy(t).into_owned());
    let origin = format!("{rel} (previous version)");
    let Ok(mut old_cfg) = (r.config_for)(old_text.as_deref().map(|t| (origin.as_str(), t))) else {
        return Ok(()); // the previous version did not load: nothing it reported
    };
    old_cfg.paths = r.cfg.paths.clone();
    old_cfg.no_ignore = r.cfg.no_ignore;
    old_cfg.stdin_filename = r.cfg.stdin_filename.clone();
    old_cfg.hygiene = match r.cfg.hygiene {
        Hygiene::Off => Hygiene::Off,
        _ => Hygiene::Report,
    };
    let Ok(old_engine) = Engine::from_config(&old_cfg) else {
        return Ok(());
    };
    let disabled: Vec<String> = RULES
        .iter()
        .filter(|id| old_engine.rules().get(id).is_some() && r.engine.rules().get(id).is_none())
        .map(|id| id.to_string())
        .collect();
    let before = change.rescan(&old_cfg, &old_engine)?;
    let now: HashSet<(&str, &str, &str)> = findings.iter().map(key).collect();
    let hidden: Vec<&Finding> = before
        .findings
        .iter()
        .filter(|f| !now.contains(&key(f)))
        .collect();
    if hidden.is_empty() && disabled.is_empty() {
        return Ok(());
    }
    let shown = change.shown(&rel);
    let line = match change.added(&shown)? {
        Some(lines) => lines.iter().min().copied().unwrap_or(1),
        None => 1,
    };
    // No excerpt: a config line can hold an allowlisted value itself.
    let loc = location(shown, line, 1, 0);
    out.push(repository::config_hides(rule, loc, &hidden, &disabled));
    Ok(())
}

fn baseline(
    r: &Review,
    change: &mut dyn Change,
    findings: &[Finding],
    out: &mut Vec<Finding>,
) -> Result<(), Error> {
    let Some(rule) = r.engine.rules().get(BASELINE) else {
        return Ok(());
    };
    let Some((file, current)) = r.baseline else {
        return Ok(());
    };
    let Some(rel) = change.file_relative(file) else {
        return Ok(());
    };
    let old: HashSet<(String, String)> = change
        .before(&rel)?
        .and_then(|t| Baseline::parse(&String::from_utf8_lossy(&t)).ok())
        .map(|b| {
            b.entries
                .into_iter()
                .map(|e| (e.fingerprint, e.path))
                .collect()
        })
        .unwrap_or_default();
    let text = std::fs::read(file).map_err(|e| Error::io(file, e))?;
    let shown = change.shown(&rel);
    for e in &current.entries {
        if old.contains(&(e.fingerprint.clone(), e.path.clone())) {
            continue;
        }
        let Some(hidden) = findings
            .iter()
            .find(|f| f.fingerprint == e.fingerprint && f.location.path == e.path)
        else {
            continue;
        };
        let needle = e.fingerprint.as_str();
        let line = String::from_utf8_lossy(&text)
            .lines()
            .position(|l| l.contains(needle))
            .map_or(1, |i| i + 1);
        let at = memchr::memmem::find(line_of(&text, line), needle.as_bytes()).unwrap_or(0);
        let loc = location(
            shown.clone(),
            line,
            column(line_of(&text, line), at),
            needle.len(),
        );
        let snippet = file_line_snippet(&shown, &text, line, needle);
        out.push(repository::baseline_hides(rule, loc, snippet, hidden));
    }
    Ok(())
}

/// A pull request: the merge base against the working tree (`scan --diff`).
pub struct WorkingTree<'a> {
    pub base: &'a mut DiffBase,
}

impl Change for WorkingTree<'_> {
    fn added(&mut self, shown: &str) -> Result<Option<HashSet<usize>>, Error> {
        Ok(self.base.added_lines(shown)?.cloned())
    }
    fn relative(&self, shown: &str) -> Option<String> {
        self.base.relative(shown)
    }
    fn file_relative(&self, path: &Path) -> Option<String> {
        self.base.relative(path.to_str()?)
    }
    fn shown(&self, rel: &str) -> String {
        self.base.shown(rel)
    }
    fn before(&self, rel: &str) -> Result<Option<Vec<u8>>, Error> {
        self.base.before(rel)
    }
    fn after(&self, rel: &str) -> Result<Option<Vec<u8>>, Error> {
        Ok(self.base.after(rel))
    }
    fn named(&self, name: &str) -> Result<Vec<String>, Error> {
        self.base.tracked_named(name)
    }
    fn files_under(&self, dir: &str) -> Result<Vec<String>, Error> {
        let root = self.base.path(dir);
        let mut b = ignore::WalkBuilder::new(&root);
        b.hidden(false)
            .follow_links(false)
            .require_git(false)
            .filter_entry(|e| e.file_name() != ".git");
        let mut out = Vec::new();
        for entry in b.build().flatten() {
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            if let Some(rel) = entry
                .path()
                .strip_prefix(self.base.path(""))
                .ok()
                .and_then(|p| p.to_str())
            {
                out.push(rel.replace('\\', "/"));
            }
        }
        Ok(out)
    }
    fn scan_files(
        &self,
        rels: &[String],
        cfg: &Config,
        engine: &Engine,
    ) -> Result<ScanReport, Error> {
        let mut cfg = cfg.clone();
        cfg.paths = rels.iter().map(|r| PathBuf::from(self.shown(r))).collect();
        cfg.hygiene = Hygiene::Off;
        Ok(crate::scan::scan(&cfg, engine))
    }
    fn rescan(&self, cfg: &Config, engine: &Engine) -> Result<ScanReport, Error> {
        Ok(crate::scan::scan(cfg, engine))
    }
}

/// A commit about to be made: `HEAD` against the index (`scan --staged`).
pub struct Index<'a> {
    pub base: &'a mut StagedBase,
    /// Staged files the scan left out because `.keylintignore` lists them.
    pub ignored: &'a [String],
}

impl Change for Index<'_> {
    fn added(&mut self, shown: &str) -> Result<Option<HashSet<usize>>, Error> {
        Ok(self.base.added_lines(shown)?.cloned())
    }
    fn relative(&self, shown: &str) -> Option<String> {
        Some(shown.to_string())
    }
    fn file_relative(&self, path: &Path) -> Option<String> {
        self.base.file_relative(path)
    }
    fn shown(&self, rel: &str) -> String {
        rel.to_string()
    }
    fn before(&self, rel: &str) -> Result<Option<Vec<u8>>, Error> {
        self.base.before(rel)
    }
    fn after(&self, rel: &str) -> Result<Option<Vec<u8>>, Error> {
        self.base.after(rel)
    }
    fn named(&self, name: &str) -> Result<Vec<String>, Error> {
        self.base.tracked_named(name)
    }
    fn files_under(&self, dir: &str) -> Result<Vec<String>, Error> {
        Ok(self
            .ignored
            .iter()
            .filter(|f| dir.is_empty() || f.starts_with(&format!("{dir}/")))
            .cloned()
            .collect())
    }
    fn scan_files(
        &self,
        rels: &[String],
        cfg: &Config,
        engine: &Engine,
    ) -> Result<ScanReport, Error> {
        crate::scan::staged::scan_only(cfg, engine, rels)
    }
    fn rescan(&self, cfg: &Config, engine: &Engine) -> Result<ScanReport, Error> {
        Ok(crate::scan::staged::scan(cfg, engine)?.report)
    }
}
