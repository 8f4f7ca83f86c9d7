//! One fix from the scan report to the outcome: sites are planned per file in
//! rounds — each round drops sites whose value is also left somewhere else, whose
//! name cannot be had, or whose file would not parse afterwards, and plans again
//! until nothing changes — then the files are written (or diffed) and re-scanned.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::config::Config;
use crate::engine::{Engine, FileOutput, Scratch};
use crate::error::Error;
use crate::outcome::ScanReport;
use crate::source::{Lang, Source};

use super::envfiles::{self, Write};
use super::naming::{self, Names};
use super::plan::{FileCtx, Hint, Site, SitePlan};
use super::repo::Repo;
use super::text::{self, Edit, NAME, Text};
use super::{Fixed, Left, Options, Outcome, Rotation, Skipped, apply, diff, dotenv, edit};

/// Rounds of planning before giving up on convergence (each round only drops sites).
const MAX_ROUNDS: usize = 16;

struct FileState {
    text: Result<Text, String>,
    raw: Vec<u8>,
    rel: String,
    lang: Lang,
    tracked: bool,
    is_root_env: bool,
    sites: Vec<usize>,
}

pub(super) fn run(
    cfg: &Config,
    engine: &Engine,
    opts: &Options,
    repo: &Repo,
    report: &ScanReport,
) -> Result<Outcome, Error> {
    let _ = cfg;
    let rules = engine.rules();
    let mut out = Outcome {
        dry_run: opts.dry_run,
        incomplete: !report.summary.complete(),
        issues: report
            .issues
            .iter()
            .filter(|i| i.kind.is_error())
            .map(|i| format!("{}: {}", i.path, i.message))
            .collect(),
        ..Outcome::default()
    };
    let (sites, mut excluded) = collect_sites(report, opts);
    let mut files: BTreeMap<String, FileState> = BTreeMap::new();
    for (i, s) in sites.iter().enumerate() {
        if let Some(f) = files.get_mut(&s.path) {
            f.sites.push(i);
            continue;
        }
        let path = Path::new(&s.path);
        let raw = std::fs::read(path).unwrap_or_default();
        let rel = repo.rel(path).unwrap_or_else(|| s.path.clone());
        files.insert(
            s.path.clone(),
            FileState {
                text: Text::decode(&raw),
                raw,
                tracked: repo.tracked(&rel),
                is_root_env: rel == ".env",
                lang: Lang::from_path(path),
                rel,
                sites: vec![i],
            },
        );
    }
    let existing_env: Vec<(String, String)> = std::fs::read(repo.root.join(".env"))
        .map(|b| {
            dotenv::parse(&b)
                .into_iter()
                .map(|e| (e.name, e.value))
                .collect()
        })
        .unwrap_or_default();
    let raw_of = |s: usize| -> Vec<u8> {
        let site = &sites[s];
        match files.get(&site.path).map(|f| &f.text) {
            Some(Ok(t)) => t.bytes.get(site.span.clone()).unwrap_or_default().to_vec(),
            _ => Vec::new(),
        }
    };
    let mut plans: HashMap<usize, SitePlan> = HashMap::new();
    let mut edits: BTreeMap<String, Vec<(Edit, Option<usize>)>> = BTreeMap::new();
    let mut names: HashMap<usize, String> = HashMap::new();
    for _ in 0..MAX_ROUNDS {
        plans.clear();
        edits.clear();
        for (path, f) in &files {
            let req: Vec<usize> = f
                .sites
                .iter()
                .copied()
                .filter(|s| !excluded.contains_key(s))
                .collect();
            if req.is_empty() {
                continue;
            }
            let text = match &f.text {
                Ok(t) => t,
                Err(e) => {
                    for s in req {
                        excluded.insert(s, format!("the file cannot be rewritten: {e}"));
                    }
                    continue;
                }
            };
            let cx = FileCtx {
                path,
                rel: &f.rel,
                lang: f.lang,
                text,
                tracked: f.tracked,
                is_root_env: f.is_root_env,
            };
            let refs: Vec<&Site> = req.iter().map(|&s| &sites[s]).collect();
            let fp = edit::plan(&cx, &refs);
            for (k, r) in fp.results.into_iter().enumerate() {
                match r {
                    Ok(p) => {
                        plans.insert(req[k], p);
                    }
                    Err(e) => {
                        excluded.insert(req[k], e);
                    }
                }
            }
            let list = fp.edits.into_iter().map(|e| {
                let site = e.site.map(|k| req[k]);
                (e, site)
            });
            edits.insert(path.clone(), list.collect());
        }
        let mut dropped: Vec<(usize, String)> = Vec::new();
        // Names, in a fixed order: names programs read as they are first.
        let mut order: Vec<usize> = plans.keys().copied().collect();
        order.sort_by_key(|s| {
            (
                !matches!(plans[s].hint, Hint::Exact(_)),
                sites[*s].path.clone(),
                sites[*s].span.start,
            )
        });
        let mut registry = Names::new(existing_env.clone());
        names.clear();
        for s in order {
            let p = &plans[&s];
            let wanted = naming::wanted(&p.hint, &sites[s], &p.value, rules);
            match registry.assign(&wanted, &p.value, matches!(p.hint, Hint::Exact(_))) {
                Ok((name, in_env)) => {
                    if !in_env && let Err(e) = dotenv::encode(&p.value) {
                        dropped.push((s, format!("cannot be written to .env: {e}")));
                    }
                    names.insert(s, name);
                }
                Err(e) => dropped.push((s, e)),
            }
        }
        // A value left anywhere is left everywhere.
        let left_values: Vec<(Vec<u8>, usize)> = excluded
            .keys()
            .filter(|s| !files[&sites[**s].path].is_root_env)
            .map(|&s| (raw_of(s), s))
            .filter(|(v, _)| !v.is_empty())
            .collect();
        for &s in plans.keys() {
            let v = raw_of(s);
            if let Some((_, t)) = left_values.iter().find(|(lv, t)| *lv == v && *t != s) {
                dropped.push((
                    s,
                    format!(
                        "the same value is also at {}:{}, which is not fixed ({})",
                        sites[*t].path, sites[*t].line, excluded[t]
                    ),
                ));
                continue;
            }
            if v.len() >= 8
                && let Some((path, line)) = stray_copy(&files, &sites, &v)
            {
                dropped.push((
                    s,
                    format!(
                        "the value also occurs at {path}:{line}, outside anything keylint rewrites"
                    ),
                ));
            }
        }
        // Every rewritten file must still parse.
        if dropped.is_empty() {
            for (path, list) in &edits {
                let f = &files[path];
                let Ok(t) = &f.text else { continue };
                let new = render(&t.bytes, list, &names);
                let failed = match new {
                    Ok(new) => edit::verify(f.lang, path, &new).err(),
                    Err(e) => Some(e),
                };
                if let Some(e) = failed {
                    for s in list.iter().filter_map(|(_, s)| *s) {
                        dropped.push((
                            s,
                            format!("the rewritten file would not parse ({e}), so it was left alone; please report this keylint bug"),
                        ));
                    }
                }
            }
        }
        if dropped.is_empty() {
            break;
        }
        for (s, e) in dropped {
            excluded.entry(s).or_insert(e);
            plans.remove(&s);
        }
    }
    finish(
        opts, engine, repo, report, &sites, &files, &plans, &edits, &names, &excluded, &mut out,
    )?;
    Ok(out)
}

/// Sites of every finding, and the ones left out by the selection.
fn collect_sites(report: &ScanReport, opts: &Options) -> (Vec<Site>, HashMap<usize, String>) {
    let mut sites: Vec<Site> = Vec::new();
    let mut excluded = HashMap::new();
    for (i, f) in report.findings.iter().enumerate() {
        let mut rules = vec![f.rule_id.clone()];
        let mut spans = vec![(f.rule_id.clone(), &f.location, f.name.clone())];
        for r in f.related.iter().filter(|r| r.is_secret) {
            let rule = r.rule_id.clone().unwrap_or_else(|| f.rule_id.clone());
            rules.push(rule.clone());
            spans.push((rule, &r.location, None));
        }
        let selected = opts.rules.is_empty() || rules.iter().any(|r| opts.rules.contains(r));
        let reason = if !selected {
            Some("not selected by --rule".to_string())
        } else if !f.failing && opts.rules.is_empty() {
            Some(format!(
                "{} confidence, below the fail policy (it may not be a secret): fix it with --rule {}",
                f.confidence.as_str(),
                f.rule_id
            ))
        } else {
            None
        };
        for (rule, loc, name) in spans {
            let span = loc.byte_start..loc.byte_end;
            if sites.iter().any(|s| s.path == loc.path && s.span == span) {
                continue;
            }
            if let Some(r) = &reason {
                excluded.insert(sites.len(), r.clone());
            }
            sites.push(Site {
                finding: i,
                rule,
                path: loc.path.clone(),
                span,
                name,
                line: loc.line,
                column: loc.column,
            });
        }
    }
    (sites, excluded)
}

/// A copy of `value` in a file with sites, outside every site: `(path, line)`.
fn stray_copy(
    files: &BTreeMap<String, FileState>,
    sites: &[Site],
    value: &[u8],
) -> Option<(String, usize)> {
    for (path, f) in files {
        if f.is_root_env {
            continue;
        }
        let Ok(t) = &f.text else { continue };
        for at in memchr::memmem::find_iter(&t.bytes, value) {
            let covered = f
                .sites
                .iter()
                .any(|&s| sites[s].span.start <= at && at + value.len() <= sites[s].span.end);
            if !covered {
                return Some((path.clone(), text::line_col(&t.bytes, at).0));
            }
        }
    }
    None
}

/// `bytes` with `edits` applied and their names filled in.
fn render(
    bytes: &[u8],
    edits: &[(Edit, Option<usize>)],
    names: &HashMap<usize, String>,
) -> Result<Vec<u8>, String> {
    let filled: Vec<(std::ops::Range<usize>, String)> = edits
        .iter()
        .map(|(e, s)| {
            let name = s
                .and_then(|s| names.get(&s))
                .map_or("KEYLINT_UNNAMED", String::as_str);
            (e.range.clone(), e.text.replace(NAME, name))
        })
        .collect();
    text::apply(bytes, &filled)
}

#[allow(clippy::too_many_arguments)]
fn finish(
    opts: &Options,
    engine: &Engine,
    repo: &Repo,
    report: &ScanReport,
    sites: &[Site],
    files: &BTreeMap<String, FileState>,
    plans: &HashMap<usize, SitePlan>,
    edits: &BTreeMap<String, Vec<(Edit, Option<usize>)>>,
    names: &HashMap<usize, String>,
    excluded: &HashMap<usize, String>,
    out: &mut Outcome,
) -> Result<(), Error> {
    let rules = engine.rules();
    for (i, s) in sites.iter().enumerate() {
        if let Some(p) = plans.get(&i) {
            let name = names.get(&i).cloned().unwrap_or_default();
            out.fixed.push(Fixed {
                path: s.path.clone(),
                line: s.line,
                column: s.column,
                rule_id: s.rule.clone(),
                read: p.read.replace(NAME, &name),
                name,
            });
        } else {
            out.skipped.push(Skipped {
                path: s.path.clone(),
                line: s.line,
                column: s.column,
                rule_id: s.rule.clone(),
                reason: excluded
                    .get(&i)
                    .cloned()
                    .unwrap_or_else(|| "not rewritten".into()),
            });
        }
    }
    let key = |p: &str, l: usize, c: usize| (p.to_string(), l, c);
    out.fixed.sort_by_key(|f| key(&f.path, f.line, f.column));
    out.skipped.sort_by_key(|f| key(&f.path, f.line, f.column));
    // New contents of the rewritten files.
    let mut code: Vec<Write> = Vec::new();
    let mut example_text = None;
    for (path, list) in edits {
        let f = &files[path];
        let Ok(t) = &f.text else { continue };
        if list
            .iter()
            .all(|(_, s)| s.is_none_or(|s| !plans.contains_key(&s)))
        {
            continue;
        }
        let new = render(&t.bytes, list, names).map_err(|e| Error::Usage {
            what: "fix".into(),
            message: e,
        })?;
        if f.rel == ".env.example" {
            example_text = Some(new.clone());
        }
        code.push(Write {
            path: Path::new(path).to_path_buf(),
            shown: path.clone(),
            old: Some(f.raw.clone()),
            new: t.encode(&new),
            new_mode: None,
            env_file: f.lang == Lang::Env,
        });
    }
    // One `.env` line per name.
    let mut moves: Vec<(String, String)> = Vec::new();
    let mut order: Vec<usize> = plans.keys().copied().collect();
    order.sort_by_key(|s| (sites[*s].path.clone(), sites[*s].span.start));
    for s in order {
        let name = names[&s].clone();
        if !moves.iter().any(|(n, _)| *n == name) {
            moves.push((name, plans[&s].value.clone()));
        }
    }
    let (env_writes, changes) =
        envfiles::compute(repo, &moves, example_text.as_deref()).map_err(|e| Error::Usage {
            what: "fix".into(),
            message: e,
        })?;
    out.env = changes;
    // `.env.example` may be both a rewritten template and the file that gets `NAME=`.
    let code: Vec<Write> = code
        .into_iter()
        .filter(|w| !env_writes.iter().any(|e| same_file(&e.path, &w.path)))
        .collect();
    let all: Vec<&Write> = env_writes.iter().chain(code.iter()).collect();
    out.changed = all.iter().map(|w| w.shown.clone()).collect();
    if opts.dry_run {
        let mut secrets: Vec<Vec<u8>> = (0..sites.len()).map(|s| raw_of(files, sites, s)).collect();
        secrets.extend(plans.values().map(|p| p.value.as_bytes().to_vec()));
        for sup in &report.suppressed {
            if let Some(Ok(t)) = files.get(&sup.finding.location.path).map(|f| &f.text) {
                let l = &sup.finding.location;
                secrets.push(
                    t.bytes
                        .get(l.byte_start..l.byte_end)
                        .unwrap_or_default()
                        .to_vec(),
                );
            }
        }
        for w in &all {
            let old = w
                .old
                .as_deref()
                .map(|o| {
                    Text::decode(o)
                        .map(|t| t.bytes)
                        .unwrap_or_else(|_| o.to_vec())
                })
                .unwrap_or_default();
            let new = Text::decode(&w.new)
                .map(|t| t.bytes)
                .unwrap_or_else(|_| w.new.clone());
            out.diffs
                .push(diff::unified(&w.shown, &old, &new, &secrets, w.env_file));
        }
    } else {
        for w in &all {
            apply::write_atomic(&w.path, &w.new, w.new_mode).map_err(|e| Error::io(&w.path, e))?;
        }
    }
    // Re-scan the rewritten files: from disk, or (dry run) their new text.
    let fixed_hashes: Vec<String> = plans
        .keys()
        .map(|&s| crate::redact::Secret::new(&raw_of(files, sites, s)).sha256_hex())
        .collect();
    for w in &code {
        let bytes = if opts.dry_run {
            w.new.clone()
        } else {
            std::fs::read(&w.path).map_err(|e| Error::io(&w.path, e))?
        };
        let mut buf = bytes;
        if crate::source::prepare_content(&mut buf).is_err() {
            continue;
        }
        let src = Source::new(&w.shown, &buf, Lang::from_path(&w.path));
        let mut fo = FileOutput::default();
        crate::engine::notebook::scan_source(engine, &src, &mut Scratch::default(), &mut fo);
        for f in fo.findings {
            out.left.push(Left {
                claimed: fixed_hashes.contains(&f.secret.sha256_hex()),
                path: f.location.path,
                line: f.location.line,
                column: f.location.column,
                rule_id: f.rule_id,
            });
        }
    }
    // Rotation, per finding (a key set is one finding).
    let mut by_finding: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut fixed_sites: Vec<usize> = plans.keys().copied().collect();
    fixed_sites.sort_by_key(|s| (sites[*s].path.clone(), sites[*s].span.start));
    for s in fixed_sites {
        let list = by_finding.entry(sites[s].finding).or_default();
        if !list.contains(&names[&s]) {
            list.push(names[&s].clone());
        }
    }
    for (f, names) in by_finding {
        let finding = &report.findings[f];
        out.rotate.push(Rotation {
            rule_id: finding.rule_id.clone(),
            rule_name: rules
                .get(&finding.rule_id)
                .map_or(finding.rule_name.clone(), |r| r.name.clone()),
            names,
            revoke_url: finding.revoke_url.clone(),
        });
    }
    notes(out, sites, plans, files, names);
    Ok(())
}

fn raw_of(files: &BTreeMap<String, FileState>, sites: &[Site], s: usize) -> Vec<u8> {
    let site = &sites[s];
    match files.get(&site.path).map(|f| &f.text) {
        Some(Ok(t)) => t.bytes.get(site.span.clone()).unwrap_or_default().to_vec(),
        _ => Vec::new(),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// What the user must know to keep the bot running.
fn notes(
    out: &mut Outcome,
    sites: &[Site],
    plans: &HashMap<usize, SitePlan>,
    files: &BTreeMap<String, FileState>,
    names: &HashMap<usize, String>,
) {
    if out.env.env_added.is_empty() && out.env.env_reused.is_empty() {
        return;
    }
    let loads_dotenv = files.values().any(|f| {
        let b = &f.raw;
        ["dotenv", "env_file", "--env-file", "godotenv"]
            .iter()
            .any(|w| memchr::memmem::find(b, w.as_bytes()).is_some())
    });
    if !loads_dotenv {
        out.notes.push(
            "the program must now find these variables in its environment: load .env at start-up \
             (python-dotenv's load_dotenv(), `node --env-file=.env` or dotenv, Rust's dotenvy, Go's \
             godotenv, compose's `env_file: .env`) or export them before it starts"
                .into(),
        );
    }
    let mut compose_dirs: Vec<String> = plans
        .keys()
        .filter(|s| files[&sites[**s].path].lang == Lang::Yaml)
        .filter_map(|s| {
            let rel = &files[&sites[*s].path].rel;
            rel.rsplit_once('/').map(|(d, _)| d.to_string())
        })
        .collect();
    compose_dirs.sort();
    compose_dirs.dedup();
    for d in compose_dirs {
        out.notes.push(format!(
            "compose reads ${{…}} from the .env in its project directory ({d}/), not the repository's: \
             run it with `--env-file` pointing at the repository's .env"
        ));
    }
    if names.values().any(|n| n.starts_with("FREQTRADE__")) {
        out.notes.push(
            "freqtrade reads FREQTRADE__… from its process environment (it does not read .env \
             itself): export them, or give its compose service `env_file: .env`"
                .into(),
        );
    }
    if out.env.env_loose_mode.is_some() {
        out.notes
            .push("`.env` is readable by other users: run `chmod 600 .env`".into());
    }
}
