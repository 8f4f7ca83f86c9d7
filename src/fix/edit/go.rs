//! Go, read lexically (no Go parser is linked): a string literal becomes
//! `os.Getenv("NAME")` and `"os"` joins the imports (in order, in the first group of
//! an import block). A `const` cannot call a function: a single
//! `const name = "…"` becomes `var name = os.Getenv(…)`, and a spec of a
//! `const ( … )` block moves to a `var ( … )` block after it (the const block goes
//! when nothing is left in it), unless another constant's value uses the name or the
//! block repeats values implicitly (`iota` style). A secret inside a longer string
//! becomes `"…" + os.Getenv("NAME") + "…"`.

use std::ops::Range;

use super::super::plan::{FileCtx, FilePlan, Hint, Site, SitePlan, hint_for, is_screaming};
use super::super::text::{Edit, NAME, line_end_incl, line_start};
use super::escape;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Ident,
    Str,
    RawStr,
    Rune,
    Num,
    Punct,
    Comment,
    Newline,
}

#[derive(Clone, Debug)]
struct Tok {
    kind: Kind,
    range: Range<usize>,
}

/// Tokens of `b`, or where lexing failed.
fn lex(b: &[u8]) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut i = 0;
    let push = |out: &mut Vec<Tok>, kind, range| out.push(Tok { kind, range });
    while i < b.len() {
        let c = b[i];
        let start = i;
        match c {
            b'\n' => {
                i += 1;
                push(&mut out, Kind::Newline, start..i);
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                push(&mut out, Kind::Comment, start..i);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end =
                    memchr::memmem::find(&b[i + 2..], b"*/").ok_or("an unterminated comment")?;
                i += end + 4;
                push(&mut out, Kind::Comment, start..i);
            }
            b'"' | b'\'' => {
                i += 1;
                loop {
                    match b.get(i) {
                        None | Some(b'\n') => return Err("an unterminated string".into()),
                        Some(b'\\') => i += 2,
                        Some(&q) if q == c => {
                            i += 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                push(
                    &mut out,
                    if c == b'"' { Kind::Str } else { Kind::Rune },
                    start..i,
                );
            }
            b'`' => {
                let end = memchr::memchr(b'`', &b[i + 1..]).ok_or("an unterminated raw string")?;
                i += end + 2;
                push(&mut out, Kind::RawStr, start..i);
            }
            b'0'..=b'9' => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'_')
                {
                    i += 1;
                }
                push(&mut out, Kind::Num, start..i);
            }
            _ if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80)
                {
                    i += 1;
                }
                push(&mut out, Kind::Ident, start..i);
            }
            _ => {
                i += if b[i..].starts_with(b":=") { 2 } else { 1 };
                push(&mut out, Kind::Punct, start..i);
            }
        }
    }
    Ok(out)
}

/// The lexical after-check: every string and comment closes and brackets balance.
pub(crate) fn checks(b: &[u8]) -> Result<(), String> {
    let toks = lex(b)?;
    let mut stack = Vec::new();
    for t in &toks {
        if t.kind != Kind::Punct {
            continue;
        }
        match b[t.range.start] {
            c @ (b'(' | b'[' | b'{') => stack.push(c),
            c @ (b')' | b']' | b'}') => {
                let open = stack.pop().ok_or("an unbalanced bracket")?;
                if (open, c) != (b'(', b')')
                    && (open, c) != (b'[', b']')
                    && (open, c) != (b'{', b'}')
                {
                    return Err("mismatched brackets".into());
                }
            }
            _ => {}
        }
    }
    if stack.is_empty() {
        Ok(())
    } else {
        Err("an unclosed bracket".into())
    }
}

/// Where a token sits: in a single `const` spec (the keyword's index), in a
/// `const ( … )` block (the indices of `const` and `)`), or neither.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Decl {
    None,
    Const(usize),
    ConstBlock(usize, usize),
}

struct File<'a> {
    b: &'a [u8],
    toks: Vec<Tok>,
    decl: Vec<Decl>,
}

impl<'a> File<'a> {
    fn new(b: &'a [u8]) -> Result<File<'a>, String> {
        let toks = lex(b)?;
        let mut decl = vec![Decl::None; toks.len()];
        let mut i = 0;
        while i < toks.len() {
            if toks[i].kind == Kind::Ident && &b[toks[i].range.clone()] == b"const" {
                let next = (i + 1..toks.len()).find(|&j| toks[j].kind != Kind::Comment);
                if let Some(j) = next.filter(|&j| &b[toks[j].range.clone()] == b"(") {
                    let close = matching(b, &toks, j).ok_or("an unclosed const block")?;
                    for d in &mut decl[i..=close] {
                        *d = Decl::ConstBlock(i, close);
                    }
                    i = close + 1;
                    continue;
                }
                let end = (i..toks.len())
                    .find(|&j| toks[j].kind == Kind::Newline)
                    .unwrap_or(toks.len());
                for d in &mut decl[i..end] {
                    *d = Decl::Const(i);
                }
                i = end;
                continue;
            }
            i += 1;
        }
        Ok(File { b, toks, decl })
    }

    fn text(&self, i: usize) -> &'a [u8] {
        &self.b[self.toks[i].range.clone()]
    }

    fn is(&self, i: Option<usize>, s: &str) -> bool {
        i.is_some_and(|i| self.text(i) == s.as_bytes())
    }

    fn prev(&self, i: usize) -> Option<usize> {
        (0..i).rev().find(|&j| self.toks[j].kind != Kind::Comment)
    }

    fn next(&self, i: usize) -> Option<usize> {
        (i + 1..self.toks.len()).find(|&j| self.toks[j].kind != Kind::Comment)
    }

    /// Token indices of the line holding token `i` (comments included).
    fn line(&self, i: usize) -> Range<usize> {
        let start = (0..i)
            .rev()
            .find(|&j| self.toks[j].kind == Kind::Newline)
            .map_or(0, |j| j + 1);
        let end = (i..self.toks.len())
            .find(|&j| self.toks[j].kind == Kind::Newline)
            .unwrap_or(self.toks.len());
        start..end
    }
}

fn matching(b: &[u8], toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (j, t) in toks.iter().enumerate().skip(open) {
        if t.kind != Kind::Punct {
            continue;
        }
        match b[t.range.start] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

/// One planned site, before the file-level edits are put together.
struct Planned {
    idx: usize,
    lit: usize,
    /// The literal's replacement.
    with: String,
}

pub(crate) fn plan(cx: &FileCtx, sites: &[&Site]) -> FilePlan {
    let b = &cx.text.bytes;
    let file = match File::new(b) {
        Ok(f) => f,
        Err(e) => return FilePlan::skip_all(sites.len(), &format!("it does not lex as Go ({e})")),
    };
    let eol = cx.text.eol;
    let (alias, import_edit) = imports(&file, eol);
    let read = format!("{alias}.Getenv(\"{NAME}\")");
    let mut out = FilePlan::default();
    let mut planned = Vec::new();
    for (idx, site) in sites.iter().enumerate() {
        match site_plan(&file, site, &read) {
            Ok((lit, plan, with)) => {
                out.results.push(Ok(plan));
                planned.push(Planned { idx, lit, with });
            }
            Err(e) => out.results.push(Err(e)),
        }
    }
    // Const blocks whose specs move: each block's moved lines go to a var block after it.
    let mut blocks: Vec<(usize, usize, Vec<&Planned>)> = Vec::new();
    for p in &planned {
        let lit_range = file.toks[p.lit].range.clone();
        match file.decl[p.lit] {
            Decl::ConstBlock(kw, close) => match blocks.iter_mut().find(|(k, _, _)| *k == kw) {
                Some(entry) => entry.2.push(p),
                None => blocks.push((kw, close, vec![p])),
            },
            Decl::Const(kw) => {
                out.edits
                    .push(Edit::new(file.toks[kw].range.clone(), "var", Some(p.idx)));
                out.edits
                    .push(Edit::new(lit_range, p.with.clone(), Some(p.idx)));
            }
            Decl::None => out
                .edits
                .push(Edit::new(lit_range, p.with.clone(), Some(p.idx))),
        }
    }
    for (kw, close, mut moved) in blocks {
        moved.sort_by_key(|p| p.lit);
        let block_start = line_start(b, file.toks[kw].range.start);
        let block_end = line_end_incl(b, file.toks[close].range.start);
        let specs = (kw + 2..close)
            .filter(|&j| {
                file.toks[j].kind == Kind::Ident
                    && file
                        .prev(j)
                        .is_none_or(|p| file.toks[p].kind == Kind::Newline || file.text(p) == b"(")
            })
            .count();
        let all = specs == moved.len();
        if all {
            out.edits.push(Edit::new(
                block_start..block_end,
                format!("var ({eol}"),
                None,
            ));
        } else {
            out.edits
                .push(Edit::insert(block_end, format!("{eol}var ({eol}"), None));
        }
        for p in &moved {
            let line = file.line(p.lit);
            let (ls, le) = (
                line_start(b, file.toks[p.lit].range.start),
                line_end_incl(b, file.toks[p.lit].range.start),
            );
            if !all {
                out.edits.push(Edit::new(ls..le, "", Some(p.idx)));
            }
            let lit_range = file.toks[p.lit].range.clone();
            let mut moved_line = String::from_utf8_lossy(&b[ls..lit_range.start]).into_owned();
            moved_line.push_str(&p.with);
            let end = file.toks[line.end - 1].range.end.max(lit_range.end);
            moved_line.push_str(&String::from_utf8_lossy(&b[lit_range.end..end]));
            moved_line.push_str(eol);
            out.edits
                .push(Edit::insert(block_end, moved_line, Some(p.idx)));
        }
        out.edits
            .push(Edit::insert(block_end, format!("){eol}"), None));
    }
    if !planned.is_empty() {
        out.edits.extend(import_edit);
    }
    out
}

fn site_plan(f: &File, site: &Site, read: &str) -> Result<(usize, SitePlan, String), String> {
    let span = &site.span;
    let lit = f
        .toks
        .iter()
        .position(|t| t.range.start <= span.start && span.end <= t.range.end)
        .ok_or("not a string literal keylint can rewrite")?;
    let kind = f.toks[lit].kind;
    match kind {
        Kind::Comment => return Err("in a comment: delete it by hand".into()),
        Kind::Str | Kind::RawStr => {}
        _ => return Err("not a string literal keylint can rewrite".into()),
    }
    let (prev, next) = (f.prev(lit), f.next(lit));
    if f.is(prev, "+") || f.is(next, "+") {
        return Err("part of a string concatenation".into());
    }
    if f.is(next, ":") {
        return Err("a map key".into());
    }
    if f.is(prev, "case") {
        return Err("a case label".into());
    }
    let ends_value = next.is_none_or(|n| {
        f.toks[n].kind == Kind::Newline || matches!(f.text(n), b"," | b")" | b"}" | b";")
    });
    if !ends_value {
        return Err("part of a longer expression".into());
    }
    let name = binding(f, lit, prev);
    if let Decl::Const(_) | Decl::ConstBlock(..) = f.decl[lit] {
        const_checks(f, lit, name.as_deref())?;
    }
    let range = &f.toks[lit].range;
    let raw = kind == Kind::RawStr;
    let content = range.start + 1..range.end - 1;
    let text =
        std::str::from_utf8(&f.b[content.clone()]).map_err(|_| "the literal is not UTF-8")?;
    let whole = *span == content || name.as_deref().is_some_and(is_screaming);
    if whole {
        let value = escape::go(text, raw)?;
        let plan = SitePlan {
            value,
            hint: hint_for(name.as_deref()),
            read: read.to_string(),
        };
        return Ok((lit, plan, read.to_string()));
    }
    let secret = std::str::from_utf8(&f.b[span.clone()]).map_err(|_| "the literal is not UTF-8")?;
    if secret.contains('\\') {
        return Err("the secret inside the string holds escapes".into());
    }
    let q = if raw { "`" } else { "\"" };
    let before = &f.b[content.start..span.start];
    let after = &f.b[span.end..content.end];
    let mut parts = Vec::new();
    if !before.is_empty() {
        parts.push(format!("{q}{}{q}", String::from_utf8_lossy(before)));
    }
    parts.push(read.to_string());
    if !after.is_empty() {
        parts.push(format!("{q}{}{q}", String::from_utf8_lossy(after)));
    }
    let plan = SitePlan {
        value: secret.to_string(),
        hint: Hint::Convention,
        read: read.to_string(),
    };
    Ok((lit, plan, parts.join(" + ")))
}

/// The name a literal is bound to: a spec's or assignment's left side, a field key.
fn binding(f: &File, lit: usize, prev: Option<usize>) -> Option<String> {
    let prev = prev?;
    let name_at = |i: usize| {
        (f.toks[i].kind == Kind::Ident).then(|| String::from_utf8_lossy(f.text(i)).into_owned())
    };
    match f.text(prev) {
        b":" => name_at(f.prev(prev)?),
        b"=" | b":=" => {
            let line = f.line(lit);
            let first = (line.start..prev).find(|&j| {
                f.toks[j].kind == Kind::Ident && !matches!(f.text(j), b"const" | b"var")
            })?;
            // `a.b.Key = …`: the last name before the operator.
            if f.is(Some(first + 1), ".") {
                name_at(f.prev(prev)?)
            } else {
                name_at(first)
            }
        }
        _ => None,
    }
}

/// A constant that becomes a variable must not be needed as a constant.
fn const_checks(f: &File, lit: usize, name: Option<&str>) -> Result<(), String> {
    let name = name.ok_or("a constant keylint cannot name")?;
    let line = f.line(lit);
    let commas = line.clone().filter(|&j| f.text(j) == b",").count();
    if commas > 0 {
        return Err("a constant declared together with others".into());
    }
    for (j, t) in f.toks.iter().enumerate() {
        if t.kind == Kind::Ident
            && f.text(j) == name.as_bytes()
            && !line.contains(&j)
            && f.decl[j] != Decl::None
        {
            return Err(format!("`{name}` is used in another constant's value"));
        }
    }
    if let Decl::ConstBlock(_, close) = f.decl[lit] {
        let next_line = line.end + 1..close;
        let next_spec = next_line
            .clone()
            .take_while(|&j| f.toks[j].kind != Kind::Newline)
            .collect::<Vec<_>>();
        let implicit = !next_spec.is_empty()
            && !next_spec.iter().any(|&j| f.text(j) == b"=")
            && f.toks[next_spec[0]].kind == Kind::Ident;
        if implicit {
            return Err("in a const block that repeats values implicitly".into());
        }
    }
    Ok(())
}

/// How the file names package `os`, and the edit that imports it when it does not.
fn imports(f: &File, eol: &str) -> (String, Option<Edit>) {
    let b = f.b;
    let mut block = None;
    let mut last_single = None;
    let mut package_line_end = None;
    for (i, t) in f.toks.iter().enumerate() {
        if t.kind != Kind::Ident {
            continue;
        }
        match f.text(i) {
            b"package" if package_line_end.is_none() => {
                package_line_end = Some(line_end_incl(b, t.range.end))
            }
            b"import" => {
                let n = f.next(i);
                if f.is(n, "(") {
                    let close = n.and_then(|n| matching(b, &f.toks, n));
                    if let (Some(open), Some(close)) = (n, close) {
                        for j in open + 1..close {
                            if let Some(a) = os_import(f, j) {
                                return (a, None);
                            }
                        }
                        block.get_or_insert((open, close));
                    }
                } else {
                    let line = f.line(i);
                    for j in line.clone() {
                        if let Some(a) = os_import(f, j) {
                            return (a, None);
                        }
                    }
                    last_single = Some(line_end_incl(b, t.range.end));
                }
            }
            b"func" | b"var" | b"const" | b"type" => break,
            _ => {}
        }
    }
    let edit = if let Some((open, close)) = block {
        // The first group: lines up to a blank line.
        let mut at = None;
        let mut indent = "\t".to_string();
        for j in open + 1..close {
            if f.toks[j].kind != Kind::Str {
                continue;
            }
            let ls = line_start(b, f.toks[j].range.start);
            indent = String::from_utf8_lossy(&b[ls..])
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let path = &b[f.toks[j].range.start + 1..f.toks[j].range.end - 1];
            let blank_before =
                ls >= 2 && b[..ls].ends_with(b"\n\n") || b[..ls].ends_with(b"\n\r\n");
            if blank_before && at.is_some() {
                break;
            }
            if path > b"os".as_slice() {
                at = Some(ls);
                break;
            }
            at = Some(line_end_incl(b, f.toks[j].range.end));
        }
        let at = at.unwrap_or_else(|| line_end_incl(b, f.toks[open].range.end));
        Edit::insert(at, format!("{indent}\"os\"{eol}"), None)
    } else if let Some(at) = last_single {
        Edit::insert(at, format!("import \"os\"{eol}"), None)
    } else {
        Edit::insert(
            package_line_end.unwrap_or(0),
            format!("{eol}import \"os\"{eol}"),
            None,
        )
    };
    ("os".to_string(), Some(edit))
}

/// The name package `os` has when token `j` is its import path.
fn os_import(f: &File, j: usize) -> Option<String> {
    if f.toks[j].kind != Kind::Str || f.text(j) != b"\"os\"" {
        return None;
    }
    match f.prev(j) {
        Some(p) if f.toks[p].kind == Kind::Ident && f.text(p) != b"import" => {
            let alias = String::from_utf8_lossy(f.text(p)).into_owned();
            (alias != "_").then_some(alias)
        }
        Some(p) if f.text(p) == b"." => None,
        _ => Some("os".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexes_and_checks() {
        assert!(checks(b"package a\nvar x = `a\nb` // c\nfunc f() { g(\"s\\\"\") }\n").is_ok());
        assert!(checks(b"var x = \"a\n").is_err());
        assert!(checks(b"func f() {\n").is_err());
    }
}
