//! Python: a string literal becomes `os.environ["NAME"]` (or `environ[…]` /
//! `getenv(…)` when the module already imports those from `os`), and `import os` is
//! added once, before the first import (after the docstring and `__future__`
//! imports). A secret inside a longer string is read into an f-string, unless the
//! code names the string in screaming case (`DATABASE_URL = "postgres://user:…@host"`),
//! whose whole value then moves. `os.environ["X"] = "…"` on a line of its own is
//! removed: the value moves to `.env` as `X`, which the code already reads. A key
//! written as a list of integers (`bytes([23, 243, …])`) becomes
//! `json.loads(os.environ["NAME"])` (and `import json`), `.env` holding `[23,243,…]`.

use tree_sitter::Node;

use super::super::plan::{FileCtx, FilePlan, Hint, Site, SitePlan, hint_for, is_screaming};
use super::super::text::{Edit, NAME, line_end_incl, line_start};
use super::escape;
use super::tree::{self, Grammar};

/// How the module reads the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Style {
    /// `import os` (or `import os as o`): `o.environ["X"]`.
    Module(String),
    /// `from os import environ [as e]`: `e["X"]`.
    Environ(String),
    /// `from os import getenv [as g]`: `g("X")`.
    Getenv(String),
}

impl Style {
    fn read(&self, q: char) -> String {
        match self {
            Style::Module(m) => format!("{m}.environ[{q}{NAME}{q}]"),
            Style::Environ(e) => format!("{e}[{q}{NAME}{q}]"),
            Style::Getenv(g) => format!("{g}({q}{NAME}{q})"),
        }
    }
}

pub(crate) fn plan(cx: &FileCtx, sites: &[&Site]) -> FilePlan {
    let bytes = &cx.text.bytes;
    let tree = match tree::parse(Grammar::Python, bytes) {
        Ok(t) => t,
        Err(e) => return FilePlan::skip_all(sites.len(), &e),
    };
    let root = tree.root_node();
    let (style, has_json, import_at) = import_style(root, bytes);
    let read_style = style.clone().unwrap_or(Style::Module("os".into()));
    let mut out = FilePlan::default();
    for (i, site) in sites.iter().enumerate() {
        match site_plan(root, bytes, site, &read_style, i) {
            Ok((plan, edits)) => {
                out.results.push(Ok(plan));
                out.edits.extend(edits);
            }
            Err(e) => out.results.push(Err(e)),
        }
    }
    let needs_os = out.results.iter().any(|r| {
        r.as_ref()
            .is_ok_and(|p| p.read.contains("environ[") || p.read.contains("getenv("))
    });
    let needs_json = out
        .results
        .iter()
        .any(|r| r.as_ref().is_ok_and(|p| p.read.starts_with("json.loads(")));
    let mut imports = Vec::new();
    if needs_json && !has_json {
        imports.push("json");
    }
    if style.is_none() && needs_os {
        imports.push("os");
    }
    if !imports.is_empty() {
        let eol = cx.text.eol;
        let mut text: String = imports.iter().map(|m| format!("import {m}{eol}")).collect();
        if import_at.1 {
            text.push_str(eol);
        }
        out.edits.push(Edit::insert(import_at.0, text, None));
    }
    out
}

/// The module's existing way to read the environment, whether it imports `json`, and
/// where new imports go (with a blank line after them when no import follows).
fn import_style(root: Node, bytes: &[u8]) -> (Option<Style>, bool, (usize, bool)) {
    let mut json = false;
    let mut module = None;
    let mut environ = None;
    let mut getenv = None;
    let mut first_import = None;
    let mut after_header = 0;
    let mut header = true;
    for child in tree::children(root) {
        let kind = child.kind();
        let is_docstring = kind == "expression_statement"
            && child.named_child_count() == 1
            && child.named_child(0).is_some_and(|s| s.kind() == "string");
        if header && (kind == "comment" || is_docstring || kind == "future_import_statement") {
            after_header = line_end_incl(bytes, child.end_byte().saturating_sub(1));
            continue;
        }
        header = false;
        match kind {
            "import_statement" => {
                first_import.get_or_insert(child.start_byte());
                for name in tree::children(child) {
                    let (dotted, alias) = aliased(name, bytes);
                    if dotted == "os" || (dotted.starts_with("os.") && alias.is_none()) {
                        module.get_or_insert(alias.unwrap_or("os").to_string());
                    }
                    json |= dotted == "json" && alias.is_none();
                }
            }
            "import_from_statement" => {
                first_import.get_or_insert(child.start_byte());
                let from = child
                    .child_by_field_name("module_name")
                    .map(|n| tree::text(n, bytes));
                if from == Some("os") {
                    for name in tree::children(child).into_iter().skip(3) {
                        match aliased(name, bytes) {
                            ("environ", a) => {
                                environ.get_or_insert(a.unwrap_or("environ").to_string());
                            }
                            ("getenv", a) => {
                                getenv.get_or_insert(a.unwrap_or("getenv").to_string());
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let style = module
        .map(Style::Module)
        .or(environ.map(Style::Environ))
        .or(getenv.map(Style::Getenv));
    let at = match first_import {
        Some(at) => (line_start(bytes, at), false),
        None => (after_header, true),
    };
    (style, json, at)
}

/// `(dotted name, alias)` of an import's name node.
fn aliased<'a>(node: Node, bytes: &'a [u8]) -> (&'a str, Option<&'a str>) {
    match node.kind() {
        "dotted_name" => (tree::text(node, bytes), None),
        "aliased_import" => (
            node.child_by_field_name("name")
                .map_or("", |n| tree::text(n, bytes)),
            node.child_by_field_name("alias")
                .map(|n| tree::text(n, bytes)),
        ),
        _ => ("", None),
    }
}

fn site_plan(
    root: Node,
    bytes: &[u8],
    site: &Site,
    style: &Style,
    idx: usize,
) -> Result<(SitePlan, Vec<Edit>), String> {
    let span = &site.span;
    if let Some(list) = int_list(root, span, "list", "integer") {
        let binding = list.parent().and_then(|p| binding_name(p, list, bytes));
        let read = format!("json.loads({})", style.read('"'));
        return Ok((
            SitePlan {
                value: json_list(list, bytes),
                hint: hint_for(binding.as_deref()),
                read: read.clone(),
            },
            vec![Edit::new(list.byte_range(), read, Some(idx))],
        ));
    }
    let node = tree::enclosing(root, span, &["string"])?;
    let kids = tree::children(node);
    let (Some(start), Some(end)) = (kids.first(), kids.last()) else {
        return Err("not a string literal keylint can rewrite".into());
    };
    let opener = tree::text(*start, bytes);
    let quote_len = if opener.ends_with("\"\"\"") || opener.ends_with("'''") {
        3
    } else {
        1
    };
    let prefix = opener[..opener.len().saturating_sub(quote_len)].to_ascii_lowercase();
    let quote = opener.chars().last().unwrap_or('"');
    if prefix.contains('b') {
        return Err("a bytes literal".into());
    }
    let (raw, fstring) = (prefix.contains('r'), prefix.contains('f'));
    let content = start.end_byte()..end.start_byte();
    if kids.iter().any(|k| {
        k.kind() == "interpolation" && k.start_byte() < span.end && span.start < k.end_byte()
    }) {
        return Err("inside an f-string expression".into());
    }
    let parent = node.parent().ok_or("a string outside any statement")?;
    let is_field = |field: &str| {
        parent
            .child_by_field_name(field)
            .is_some_and(|n| n.id() == node.id())
    };
    match parent.kind() {
        "concatenated_string" => return Err("part of an implicit string concatenation".into()),
        "binary_operator" => {
            return Err("part of an expression (string concatenation or formatting)".into());
        }
        "expression_statement" => return Err("a bare string (a docstring)".into()),
        "pair" if is_field("key") => return Err("a dict key".into()),
        "subscript" => return Err("a subscript index".into()),
        _ => {}
    }
    if let Some(plan) = environ_write(parent, node, bytes, site, idx)? {
        return Ok(plan);
    }
    let binding = binding_name(parent, node, bytes);
    let whole_span = span.start == content.start && span.end == content.end;
    let screaming = binding.as_deref().is_some_and(is_screaming);
    let text_of = |r: std::ops::Range<usize>| {
        std::str::from_utf8(&bytes[r]).map_err(|_| "the literal is not UTF-8".to_string())
    };
    let has_interpolation = kids.iter().any(|k| k.kind() == "interpolation");
    if whole_span || (screaming && !has_interpolation) {
        let value = escape::python(text_of(content)?, raw, fstring)?;
        let read = style.read(quote);
        return Ok((
            SitePlan {
                value,
                hint: hint_for(binding.as_deref()),
                read: read.clone(),
            },
            vec![Edit::new(node.byte_range(), read, Some(idx))],
        ));
    }
    // A secret inside a longer string: read it into an f-string.
    let secret = text_of(span.clone())?;
    if secret.contains('\\') || secret.contains(['{', '}']) {
        return Err("the secret inside the string holds escapes or braces".into());
    }
    let other = if quote == '"' { '\'' } else { '"' };
    let read = style.read(other);
    let mut edits = vec![Edit::new(span.clone(), format!("{{{read}}}"), Some(idx))];
    if !fstring {
        edits.push(Edit::insert(start.start_byte(), "f", Some(idx)));
        for (i, b) in bytes[content.clone()].iter().enumerate() {
            let at = content.start + i;
            if matches!(b, b'{' | b'}') && !(span.start..span.end).contains(&at) {
                edits.push(Edit::insert(at, (*b as char).to_string(), Some(idx)));
            }
        }
    }
    Ok((
        SitePlan {
            value: secret.to_string(),
            hint: Hint::Convention,
            read,
        },
        edits,
    ))
}

/// `os.environ["X"] = "…"` alone on its line(s): remove the statement; the program
/// reads `X` already.
fn environ_write(
    parent: Node,
    node: Node,
    bytes: &[u8],
    site: &Site,
    idx: usize,
) -> Result<Option<(SitePlan, Vec<Edit>)>, String> {
    if parent.kind() != "assignment"
        || parent
            .child_by_field_name("right")
            .is_none_or(|r| r.id() != node.id())
    {
        return Ok(None);
    }
    let Some(left) = parent.child_by_field_name("left") else {
        return Ok(None);
    };
    if left.kind() != "subscript" {
        return Ok(None);
    }
    let target = left
        .child_by_field_name("value")
        .map_or("", |v| tree::text(v, bytes));
    if !matches!(target, "os.environ" | "environ") {
        return Ok(None);
    }
    let key = left
        .child_by_field_name("subscript")
        .filter(|k| k.kind() == "string")
        .map(|k| tree::text(k, bytes).trim_matches(['"', '\'']).to_string())
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .ok_or("sets the environment from a computed name")?;
    let stmt = parent
        .parent()
        .filter(|s| s.kind() == "expression_statement");
    let Some(stmt) = stmt else {
        return Err("sets the environment inside an expression".into());
    };
    let (ls, le) = (
        line_start(bytes, stmt.start_byte()),
        line_end_incl(bytes, stmt.end_byte().saturating_sub(1)),
    );
    let own_line = bytes[ls..stmt.start_byte()]
        .iter()
        .all(|b| *b == b' ' || *b == b'\t')
        && bytes[stmt.end_byte()..le]
            .iter()
            .all(u8::is_ascii_whitespace);
    let parent_block = stmt.parent().map_or("", |p| p.kind());
    if !own_line || !matches!(parent_block, "module" | "block") {
        return Err("sets the environment on a line shared with other code".into());
    }
    if parent_block == "block" && stmt.parent().is_some_and(|b| b.named_child_count() == 1) {
        return Err("the only statement of its block".into());
    }
    let kids = tree::children(node);
    let content =
        kids.first().map_or(0, |k| k.end_byte())..kids.last().map_or(0, |k| k.start_byte());
    if site.span != content {
        return Err("part of a longer string".into());
    }
    let raw = std::str::from_utf8(&bytes[content]).map_err(|_| "the literal is not UTF-8")?;
    let opener = kids
        .first()
        .map_or("", |k| tree::text(*k, bytes))
        .to_ascii_lowercase();
    if opener.contains('f') || opener.contains('b') {
        return Err("an f-string or bytes literal".into());
    }
    let value = escape::python(raw, opener.contains('r'), false)?;
    Ok(Some((
        SitePlan {
            value,
            hint: Hint::Exact(key.clone()),
            read: format!("os.environ[\"{NAME}\"] (the line is removed)"),
        },
        vec![Edit::new(ls..le, "", Some(idx))],
    )))
}

/// The name a literal is directly bound to.
fn binding_name(parent: Node, node: Node, bytes: &[u8]) -> Option<String> {
    let field = |f: &str| parent.child_by_field_name(f);
    let is = |f: &str| field(f).is_some_and(|n| n.id() == node.id());
    let name = match parent.kind() {
        "assignment" if is("right") => {
            let left = field("left")?;
            match left.kind() {
                "identifier" => tree::text(left, bytes).to_string(),
                "attribute" => {
                    tree::text(left.child_by_field_name("attribute")?, bytes).to_string()
                }
                "subscript" => {
                    let k = left.child_by_field_name("subscript")?;
                    (k.kind() == "string").then(|| string_content(k, bytes))??
                }
                _ => return None,
            }
        }
        "keyword_argument" if is("value") => tree::text(field("name")?, bytes).to_string(),
        "pair" if is("value") => {
            let k = field("key")?;
            match k.kind() {
                "string" => string_content(k, bytes)?,
                "identifier" => tree::text(k, bytes).to_string(),
                _ => return None,
            }
        }
        "default_parameter" | "typed_default_parameter" if is("value") => {
            tree::text(field("name")?, bytes).to_string()
        }
        _ => return None,
    };
    Some(name)
}

/// The list of integers (a key's bytes: `bytes([23, 243, …])`) that is the value.
pub(super) fn int_list<'t>(
    root: Node<'t>,
    span: &std::ops::Range<usize>,
    list: &str,
    int: &str,
) -> Option<Node<'t>> {
    let mut node = root.descendant_for_byte_range(span.start, span.end)?;
    while node.kind() != list {
        node = node.parent()?;
    }
    let r = node.byte_range();
    let covers =
        r.start <= span.start && span.end <= r.end && span.end - span.start + 2 >= r.len() / 2;
    let ints = node.named_child_count() > 0
        && tree::children(node)
            .iter()
            .filter(|c| c.is_named())
            .all(|c| c.kind() == int);
    (covers && ints).then_some(node)
}

/// `[1,2,3]`: the list's integers as JSON.
pub(super) fn json_list(list: Node, bytes: &[u8]) -> String {
    let items: Vec<&str> = tree::children(list)
        .into_iter()
        .filter(|c| c.is_named())
        .map(|c| tree::text(c, bytes))
        .collect();
    format!("[{}]", items.join(","))
}

fn string_content(node: Node, bytes: &[u8]) -> Option<String> {
    let kids = tree::children(node);
    let (s, e) = (kids.first()?, kids.last()?);
    std::str::from_utf8(&bytes[s.end_byte()..e.start_byte()])
        .ok()
        .map(str::to_string)
}
