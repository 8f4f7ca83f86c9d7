//! Per language and format: what a secret's literal becomes, and whether the
//! rewritten file still parses. Each rewriter takes one file and the sites in it and
//! answers a [`FilePlan`]: per site a plan or the reason it is skipped, and the edits.

mod escape;
mod go;
mod js;
mod json;
mod python;
mod rust;
mod tree;
mod yaml;

use crate::source::Lang;

use super::dotenv;
use super::plan::{FileCtx, FilePlan, Hint, Site, SitePlan};
use super::text::Edit;
use tree::Grammar;

/// Plan the sites of one file.
pub(crate) fn plan(cx: &FileCtx, sites: &[&Site]) -> FilePlan {
    let n = sites.len();
    if let Some(reason) = minified(cx) {
        return FilePlan::skip_all(n, &reason);
    }
    match cx.lang {
        Lang::Python => python::plan(cx, sites),
        Lang::JavaScript | Lang::TypeScript => match Grammar::for_path(cx.path) {
            Some(g) => js::plan(cx, sites, g),
            None => FilePlan::skip_all(n, "a script keylint cannot parse"),
        },
        Lang::Rust => rust::plan(cx, sites),
        Lang::Go => go::plan(cx, sites),
        Lang::Json => json::plan(cx, sites),
        Lang::Yaml => yaml::plan(cx, sites),
        Lang::Env => env_file(cx, sites),
        Lang::Notebook => FilePlan::skip_all(
            n,
            "notebooks are not rewritten: delete the value from the cell (and its saved output) \
             and read it with os.environ",
        ),
        Lang::Toml | Lang::Ini => FilePlan::skip_all(
            n,
            "this config format has no environment lookup keylint can write; have the program \
             read the value from the environment instead",
        ),
        Lang::Shell => FilePlan::skip_all(
            n,
            "a shell script or Dockerfile: pass the value in from the environment (\"$NAME\", \
             `docker run -e NAME`) by hand",
        ),
        Lang::Code | Lang::Other => FilePlan::skip_all(
            n,
            "keylint rewrites Python, JavaScript/TypeScript, Rust, Go, compose files, freqtrade \
             configs and .env templates; not this file",
        ),
    }
}

/// Whether the rewritten text still parses (`Err`: why not).
pub(crate) fn verify(lang: Lang, path: &str, new: &[u8]) -> Result<(), String> {
    match lang {
        Lang::Python | Lang::JavaScript | Lang::TypeScript => match Grammar::for_path(path) {
            Some(g) => tree::parse(g, new).map(|_| ()),
            None => Ok(()),
        },
        Lang::Rust => std::str::from_utf8(new)
            .map_err(|_| "not UTF-8".to_string())
            .and_then(rust::parses),
        Lang::Go => go::checks(new),
        Lang::Json => serde_json_lenient(new),
        _ => Ok(()),
    }
}

/// JSON with comments and trailing commas: the value blanked must leave it readable.
fn serde_json_lenient(new: &[u8]) -> Result<(), String> {
    let plain = strip_comments(new);
    match serde_json::from_slice::<serde_json::Value>(&plain) {
        Ok(_) => Ok(()),
        // Trailing commas are allowed by freqtrade's reader; accept what the original had.
        Err(e) if e.to_string().contains("trailing comma") => Ok(()),
        Err(e) => Err(format!("it no longer reads as JSON ({e})")),
    }
}

fn strip_comments(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let mut in_str = false;
    while i < b.len() {
        let c = b[i];
        if in_str {
            out.push(c);
            if c == b'\\' && i + 1 < b.len() {
                out.push(b[i + 1]);
                i += 1;
            } else if c == b'"' {
                in_str = false;
            }
        } else if c == b'"' {
            in_str = true;
            out.push(c);
        } else if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        } else if b[i..].starts_with(b"/*") {
            i = memchr::memmem::find(&b[i + 2..], b"*/").map_or(b.len(), |n| i + n + 4);
            continue;
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// A minified script: rewriting it is pointless (it is built from a source).
fn minified(cx: &FileCtx) -> Option<String> {
    let name = cx.rel.to_ascii_lowercase();
    let script = matches!(cx.lang, Lang::JavaScript | Lang::TypeScript);
    let long_line = cx.text.bytes.split(|c| *c == b'\n').any(|l| l.len() > 5000);
    (name.contains(".min.") || (script && long_line))
        .then(|| "a minified or generated file: fix the source it is built from".to_string())
}

/// `.env` files: a template's value moves to `.env` and is blanked; the root `.env`
/// is where values belong; other env files are skipped.
fn env_file(cx: &FileCtx, sites: &[&Site]) -> FilePlan {
    let file = cx.rel.rsplit('/').next().unwrap_or(cx.rel);
    if cx.is_root_env {
        return FilePlan::skip_all(
            sites.len(),
            "already in the untracked .env, where it belongs",
        );
    }
    if !dotenv::is_template(file) {
        let reason = if cx.tracked {
            format!(
                "an environment file committed to git: run `git rm --cached {}`, list it in \
                 .gitignore, and keep it only on the machines that run the bot",
                cx.rel
            )
        } else {
            "an environment file git does not track: keep it out of the repository".to_string()
        };
        return FilePlan::skip_all(sites.len(), &reason);
    }
    let entries = dotenv::parse(&cx.text.bytes);
    let mut out = FilePlan::default();
    for (idx, site) in sites.iter().enumerate() {
        let Some(e) = entries
            .iter()
            .find(|e| e.value_range.start <= site.span.start && site.span.end <= e.value_range.end)
        else {
            out.results
                .push(Err("not the value of a NAME=value line".into()));
            continue;
        };
        out.results.push(Ok(SitePlan {
            value: e.value.clone(),
            hint: Hint::Exact(e.name.clone()),
            read: "an empty template value".into(),
        }));
        out.edits
            .push(Edit::new(e.value_range.clone(), "", Some(idx)));
    }
    out
}
