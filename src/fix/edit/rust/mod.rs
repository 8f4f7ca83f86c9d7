//! Rust: a string literal becomes a run-time read of the environment,
//! `std::env::var("NAME")?` where the enclosing fn returns a `Result` whose error
//! takes a `std::env::VarError` (`anyhow::Result`, `eyre::Result`,
//! `Result<_, Box<dyn Error>>`, `Result<_, VarError>`), and
//! `std::env::var("NAME").expect("NAME is not set")` everywhere else (other
//! `Result`s, closures, async blocks, fns returning `()`).
//!
//! The read is a `String` where the literal was a `&'static str`, so it is placed
//! where that type change is harmless: `"…".to_string()`, `.to_owned()` and
//! `String::from("…")` become the read itself; a method receiver (`"…".into()`,
//! `.parse()`, `.len()`) and `&"…"` take it as is; an argument or a `let` initializer
//! borrows it (`&std::env::var(…)?`). A literal returned from a block, stored in a
//! struct field, an array or tuple, assigned to an existing variable or compared is
//! skipped: a borrow of a value read at run time could not live long enough there.
//!
//! A `const`/`static` cannot read the environment. A private `&str` constant used
//! once in its file is inlined: the item is removed and its one use rewritten as
//! above; one used nowhere is removed. Public constants, constants used more than
//! once, and literals inside other initializers are skipped.

mod collect;

use std::ops::Range;

use syn::visit::Visit;

use super::super::plan::{FileCtx, FilePlan, Hint, Site, SitePlan, is_screaming};
use super::super::text::{Edit, NAME, line_end_incl, line_start};
use collect::{Collect, Constant, Facts, Fail, Hit, Role};

/// Stack for the parser thread: syn recurses once per level of nesting.
const WORKER_STACK: usize = 64 << 20;
/// Deeper bracket nesting than this is not parsed.
const MAX_DEPTH: usize = 512;

pub(crate) fn plan(cx: &FileCtx, sites: &[&Site]) -> FilePlan {
    let Ok(src) = std::str::from_utf8(&cx.text.bytes) else {
        return FilePlan::skip_all(sites.len(), "not UTF-8");
    };
    let facts = match parse(src) {
        Ok(f) => f,
        Err(e) => return FilePlan::skip_all(sites.len(), &e),
    };
    let mut out = FilePlan::default();
    for (i, site) in sites.iter().enumerate() {
        match site_plan(src, &facts, site, i) {
            Ok((plan, edits)) => {
                out.results.push(Ok(plan));
                out.edits.extend(edits);
            }
            Err(e) => out.results.push(Err(e)),
        }
    }
    out
}

/// Whether `src` parses as a Rust file (the after-check).
pub(crate) fn parses(src: &str) -> Result<(), String> {
    parse(src).map(|_| ())
}

fn parse(src: &str) -> Result<Facts, String> {
    if max_depth(src.as_bytes()) > MAX_DEPTH {
        return Err("nested too deeply to parse safely".into());
    }
    std::thread::scope(|s| {
        let worker = std::thread::Builder::new()
            .stack_size(WORKER_STACK)
            .spawn_scoped(s, || {
                let result = match syn::parse_file(src) {
                    Ok(file) => {
                        let mut c = Collect::new(src, &file);
                        c.visit_file(&file);
                        Ok(c.facts)
                    }
                    Err(e) => Err(format!(
                        "it does not parse (line {}); keylint rewrites only files it can parse",
                        e.span().start().line
                    )),
                };
                proc_macro2::extra::invalidate_current_thread_spans();
                result
            });
        match worker {
            Ok(h) => h
                .join()
                .unwrap_or_else(|_| Err("the parser failed on this file".into())),
            Err(e) => Err(format!("could not start the parser thread: {e}")),
        }
    })
}

fn max_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for b in bytes {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

fn site_plan(
    src: &str,
    facts: &Facts,
    site: &Site,
    idx: usize,
) -> Result<(SitePlan, Vec<Edit>), String> {
    let span = &site.span;
    let Some(lit) = facts
        .lits
        .iter()
        .find(|h| h.range.start <= span.start && span.end <= h.range.end)
    else {
        if facts
            .macros
            .iter()
            .any(|m| m.start <= span.start && span.end <= m.end)
        {
            return Err("inside a macro call".into());
        }
        return Err("not a string literal keylint can rewrite".into());
    };
    let value = lit.value.clone().unwrap_or_default();
    let token = &src[lit.range.clone()];
    let content = content_range(token).map(|r| lit.range.start + r.start..lit.range.start + r.end);
    let whole = content.as_ref().is_some_and(|c| c == span);
    if let Some(c) = facts
        .consts
        .iter()
        .find(|c| c.lit.as_ref() == Some(&lit.range))
    {
        return inline_constant(facts, src, c, &value, idx);
    }
    if lit.in_macro {
        return Err("inside a macro call".into());
    }
    let name = match &lit.role {
        Role::Let(n) => n.clone(),
        _ => None,
    };
    let moves_whole = whole || name.as_deref().is_some_and(is_screaming);
    let (replacement, value, hint) = if moves_whole {
        (
            Replacement::Read,
            value,
            super::super::plan::hint_for(name.as_deref()),
        )
    } else {
        let content = content.ok_or("a string literal keylint cannot read")?;
        let secret = &src[span.clone()];
        if secret.contains(['\\', '{', '}']) {
            return Err("the secret inside the string holds escapes or braces".into());
        }
        let mut fmt = String::new();
        for (i, c) in src[lit.range.clone()].char_indices() {
            let at = lit.range.start + i;
            if at == span.start {
                fmt.push_str("{}");
            }
            if (span.start..span.end).contains(&at) {
                continue;
            }
            if content.contains(&at) && (c == '{' || c == '}') {
                fmt.push(c);
            }
            fmt.push(c);
        }
        (
            Replacement::Format(fmt),
            secret.to_string(),
            Hint::Convention,
        )
    };
    let (edits, read) = rewrite(lit, &replacement, idx)?;
    Ok((SitePlan { value, hint, read }, edits))
}

/// What takes the literal's place.
enum Replacement {
    /// The read itself.
    Read,
    /// `format!(<this>, <read>)`.
    Format(String),
}

/// The edits that put a read of the environment where `hit` is.
fn rewrite(hit: &Hit, with: &Replacement, idx: usize) -> Result<(Vec<Edit>, String), String> {
    let read = match hit.fail {
        Fail::Question => format!("std::env::var(\"{NAME}\")?"),
        Fail::Expect => format!("std::env::var(\"{NAME}\").expect(\"{NAME} is not set\")"),
        Fail::Const => {
            return Err(
                "in a const or static initializer, which cannot read the environment".into(),
            );
        }
    };
    let owned = match with {
        Replacement::Read => read.clone(),
        Replacement::Format(fmt) => format!("format!({fmt}, {read})"),
    };
    let (range, text) = match &hit.role {
        Role::Receiver { method, call } if matches!(method.as_str(), "to_string" | "to_owned") => {
            (call.clone(), owned)
        }
        Role::StringFrom { call } => (call.clone(), owned),
        Role::Receiver { .. } | Role::Reference => (hit.range.clone(), owned),
        Role::Arg | Role::Let(_) => (hit.range.clone(), format!("&{owned}")),
        Role::Field => {
            return Err(
                "a struct field: keylint cannot tell whether it must be a `&'static str`".into(),
            );
        }
        Role::Tail => {
            return Err(
                "returned from a block: a `&str` cannot borrow a value read at run time".into(),
            );
        }
        Role::Element => return Err("an element of an array or tuple".into()),
        Role::Assign => return Err("assigned to an existing variable".into()),
        Role::Binary => return Err("compared or combined with another value".into()),
        Role::Other => return Err("in an expression keylint does not rewrite".into()),
    };
    Ok((vec![Edit::new(range, text, Some(idx))], read))
}

/// A constant holding the secret: removed, and its one use (if any) reads the
/// environment instead.
fn inline_constant(
    facts: &Facts,
    src: &str,
    c: &Constant,
    value: &str,
    idx: usize,
) -> Result<(SitePlan, Vec<Edit>), String> {
    // The constant's name names the whole string: it moves whole, under that name.
    if c.public {
        return Err(format!(
            "`{}` is public: code outside this file may use it",
            c.name
        ));
    }
    if !(c.ty.starts_with('&') && c.ty.ends_with("str")) {
        return Err(format!("`{}` is not a `&str` constant", c.name));
    }
    if facts.outer_modules {
        return Err("the file has modules in other files, which may use the constant".into());
    }
    if facts.opaque_idents.contains(&c.name) {
        return Err(format!(
            "`{}` is used inside a macro keylint cannot read",
            c.name
        ));
    }
    let uses: Vec<&Hit> = facts
        .paths
        .iter()
        .filter(|p| p.name.as_deref() == Some(c.name.as_str()))
        .collect();
    let removal = Edit::new(item_lines(src, &c.item), "", Some(idx));
    let hint = Hint::Binding(c.name.clone());
    match uses.as_slice() {
        [] => Ok((
            SitePlan {
                value: value.to_string(),
                hint,
                read: "nothing (the unused constant is removed)".into(),
            },
            vec![removal],
        )),
        [one] => {
            let (mut edits, read) = rewrite(one, &Replacement::Read, idx)
                .map_err(|e| format!("where `{}` is used: {e}", c.name))?;
            edits.push(removal);
            Ok((
                SitePlan {
                    value: value.to_string(),
                    hint,
                    read,
                },
                edits,
            ))
        }
        many => Err(format!(
            "`{}` is used {} times; keylint inlines a constant only where it is used once",
            c.name,
            many.len()
        )),
    }
}

/// `item`, widened to its whole lines when nothing else shares them.
fn item_lines(src: &str, item: &Range<usize>) -> Range<usize> {
    let b = src.as_bytes();
    let (ls, le) = (line_start(b, item.start), line_end_incl(b, item.end));
    let alone = b[ls..item.start].iter().all(|c| *c == b' ' || *c == b'\t')
        && b[item.end..le].iter().all(u8::is_ascii_whitespace);
    if !alone {
        return item.clone();
    }
    // Between two blank lines (or at the top before one), take one of them too.
    let blank = |r: Range<usize>| b[r].iter().all(u8::is_ascii_whitespace);
    let next_end = line_end_incl(b, le);
    let prev_blank = ls == 0 || blank(line_start(b, ls - 1)..ls);
    if le < b.len() && blank(le..next_end) && prev_blank {
        ls..next_end
    } else {
        ls..le
    }
}

/// The content of a string literal token (`"…"`, `r#"…"#`), relative to the token.
fn content_range(token: &str) -> Option<Range<usize>> {
    let open = token.find('"')?;
    let close = token.rfind('"')?;
    (close > open).then_some(open + 1..close)
}
