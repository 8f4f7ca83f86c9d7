//! JavaScript and TypeScript: a string or template literal becomes
//! `process.env.NAME` (`process.env.NAME!` in TypeScript, whose strict null checks
//! would otherwise reject `string | undefined` where a `string` was); no import is
//! needed. A JSX attribute gets braces. A secret inside a longer string becomes a
//! template literal, unless the code names the string in screaming case, whose whole
//! value then moves. A key written as an array of numbers
//! (`Uint8Array.from([229, …])`) becomes `JSON.parse(process.env.NAME)`, and a
//! mnemonic written as an array of words becomes `process.env.NAME.split(" ")`.

use tree_sitter::Node;

use super::super::plan::{FileCtx, FilePlan, Hint, Site, SitePlan, hint_for, is_screaming};
use super::super::text::{Edit, NAME};
use super::escape;
use super::tree::{self, Grammar};

pub(crate) fn plan(cx: &FileCtx, sites: &[&Site], grammar: Grammar) -> FilePlan {
    let bytes = &cx.text.bytes;
    let tree = match tree::parse(grammar, bytes) {
        Ok(t) => t,
        Err(e) => return FilePlan::skip_all(sites.len(), &e),
    };
    let typed = matches!(grammar, Grammar::TypeScript | Grammar::Tsx);
    let mut out = FilePlan::default();
    for (i, site) in sites.iter().enumerate() {
        match site_plan(tree.root_node(), bytes, site, typed, i) {
            Ok((plan, edits)) => {
                out.results.push(Ok(plan));
                out.edits.extend(edits);
            }
            Err(e) => out.results.push(Err(e)),
        }
    }
    out
}

fn site_plan(
    root: Node,
    bytes: &[u8],
    site: &Site,
    typed: bool,
    idx: usize,
) -> Result<(SitePlan, Vec<Edit>), String> {
    let span = &site.span;
    if let Some(list) = super::python::int_list(root, span, "array", "number") {
        let binding = list.parent().and_then(|p| binding_name(p, list, bytes));
        let bang = if typed { "!" } else { "" };
        let read = format!("JSON.parse(process.env.{NAME}{bang})");
        return Ok((
            SitePlan {
                value: super::python::json_list(list, bytes),
                hint: hint_for(binding.as_deref()),
                read: read.clone(),
            },
            vec![Edit::new(list.byte_range(), read, Some(idx))],
        ));
    }
    if let Some((list, words)) = word_list(root, span, bytes) {
        let binding = list.parent().and_then(|p| binding_name(p, list, bytes));
        let bang = if typed { "!" } else { "" };
        let read = format!("process.env.{NAME}{bang}.split(\" \")");
        return Ok((
            SitePlan {
                value: words.join(" "),
                hint: hint_for(binding.as_deref()),
                read: read.clone(),
            },
            vec![Edit::new(list.byte_range(), read, Some(idx))],
        ));
    }
    let node = tree::enclosing(root, span, &["string", "template_string"])?;
    let kids = tree::children(node);
    let quoted = kids
        .first()
        .is_some_and(|q| matches!(tree::text(*q, bytes), "\"" | "'" | "`"));
    if !quoted {
        return Err("not a string literal keylint can rewrite".into());
    }
    if kids.iter().any(|k| {
        k.kind() == "template_substitution"
            && k.start_byte() < span.end
            && span.start < k.end_byte()
    }) {
        return Err("inside a template literal's expression".into());
    }
    let parent = node.parent().ok_or("a string outside any statement")?;
    let is_field = |f: &str| {
        parent
            .child_by_field_name(f)
            .is_some_and(|n| n.id() == node.id())
    };
    match parent.kind() {
        "binary_expression" => return Err("part of an expression (string concatenation)".into()),
        "pair" if is_field("key") => return Err("an object key".into()),
        "import_statement" | "export_statement" | "import_require_clause" => {
            return Err("a module path".into());
        }
        "subscript_expression" => return Err("a subscript index".into()),
        "call_expression" | "tagged_template_expression" if node.kind() == "template_string" => {
            return Err("a tagged template".into());
        }
        _ => {}
    }
    let content = node.start_byte() + 1..node.end_byte() - 1;
    let binding = binding_name(parent, node, bytes);
    let substitutions = kids.iter().any(|k| k.kind() == "template_substitution");
    let whole = (span.start == content.start && span.end == content.end)
        || (binding.as_deref().is_some_and(is_screaming) && !substitutions);
    let text_of = |r: std::ops::Range<usize>| {
        std::str::from_utf8(&bytes[r]).map_err(|_| "the literal is not UTF-8".to_string())
    };
    if whole {
        let value = escape::javascript(text_of(content)?)?;
        let bang = if typed { "!" } else { "" };
        let read = format!("process.env.{NAME}{bang}");
        let text = if parent.kind() == "jsx_attribute" {
            format!("{{{read}}}")
        } else {
            read.clone()
        };
        return Ok((
            SitePlan {
                value,
                hint: hint_for(binding.as_deref()),
                read,
            },
            vec![Edit::new(node.byte_range(), text, Some(idx))],
        ));
    }
    let secret = text_of(span.clone())?;
    if secret.contains('\\') {
        return Err("the secret inside the string holds escapes".into());
    }
    if parent.kind() == "jsx_attribute" {
        return Err("part of a JSX attribute string".into());
    }
    let read = format!("process.env.{NAME}");
    let mut edits = vec![Edit::new(span.clone(), format!("${{{read}}}"), Some(idx))];
    if node.kind() == "string" {
        edits.push(Edit::new(node.start_byte()..content.start, "`", Some(idx)));
        edits.push(Edit::new(content.end..node.end_byte(), "`", Some(idx)));
        let mut i = content.start;
        while i < content.end {
            if (span.start..span.end).contains(&i) {
                i = span.end;
                continue;
            }
            match bytes[i] {
                b'\\' => i += 1,
                b'`' => edits.push(Edit::insert(i, "\\", Some(idx))),
                b'$' if bytes.get(i + 1) == Some(&b'{') => {
                    edits.push(Edit::insert(i, "\\", Some(idx)))
                }
                _ => {}
            }
            i += 1;
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

/// The name a literal is directly bound to.
fn binding_name(parent: Node, node: Node, bytes: &[u8]) -> Option<String> {
    let field = |f: &str| parent.child_by_field_name(f);
    let is = |f: &str| field(f).is_some_and(|n| n.id() == node.id());
    let key_text = |k: Node| -> Option<String> {
        match k.kind() {
            "property_identifier" | "identifier" | "private_property_identifier" => {
                Some(tree::text(k, bytes).trim_start_matches('#').to_string())
            }
            "string" => Some(tree::text(k, bytes).trim_matches(['"', '\'']).to_string()),
            _ => None,
        }
    };
    match parent.kind() {
        "variable_declarator" if is("value") => key_text(field("name")?),
        "assignment_expression" if is("right") => {
            let left = field("left")?;
            match left.kind() {
                "identifier" => Some(tree::text(left, bytes).to_string()),
                "member_expression" => key_text(left.child_by_field_name("property")?),
                _ => None,
            }
        }
        "pair" if is("value") => key_text(field("key")?),
        "public_field_definition" | "field_definition" if is("value") => {
            key_text(field("name").or_else(|| field("property"))?)
        }
        "jsx_attribute" => tree::children(parent)
            .first()
            .map(|n| tree::text(*n, bytes).to_string()),
        _ => None,
    }
}

/// An array of plain words (a mnemonic: `["dwarf", "repair", …]`) that is the value,
/// and its words.
fn word_list<'t>(
    root: Node<'t>,
    span: &std::ops::Range<usize>,
    bytes: &[u8],
) -> Option<(Node<'t>, Vec<String>)> {
    let list = super::python::int_list(root, span, "array", "string")?;
    let words = tree::children(list)
        .into_iter()
        .filter(|c| c.is_named())
        .map(|s| {
            let text = tree::text(s, bytes);
            let word = text.get(1..text.len().checked_sub(1)?)?;
            let plain = !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphabetic());
            plain.then(|| word.to_string())
        })
        .collect::<Option<Vec<_>>>()?;
    Some((list, words))
}
