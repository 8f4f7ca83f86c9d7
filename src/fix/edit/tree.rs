//! tree-sitter parsing for the Python and JS/TS rewriters and the after-check: a
//! parse that runs too long (error recovery is unbounded) is abandoned.

use std::time::{Duration, Instant};

use tree_sitter::{Node, ParseOptions, ParseState, Parser, Tree};

/// How long a file may take to parse before it is skipped.
const PARSE_BUDGET: Duration = Duration::from_secs(3);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Grammar {
    Python,
    JavaScript,
    TypeScript,
    Tsx,
}

impl Grammar {
    /// The grammar for a file name, if it has one of these.
    pub fn for_path(path: &str) -> Option<Grammar> {
        let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
        Some(match ext.as_str() {
            "py" | "pyw" | "pyi" => Grammar::Python,
            "js" | "mjs" | "cjs" | "jsx" => Grammar::JavaScript,
            "ts" | "mts" | "cts" => Grammar::TypeScript,
            "tsx" => Grammar::Tsx,
            _ => return None,
        })
    }

    fn language(self) -> tree_sitter::Language {
        match self {
            Grammar::Python => tree_sitter_python::LANGUAGE.into(),
            Grammar::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Grammar::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Grammar::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        }
    }
}

/// Parse `bytes`; `Err` says why there is no usable tree (a syntax error, or too slow).
pub(crate) fn parse(grammar: Grammar, bytes: &[u8]) -> Result<Tree, String> {
    let mut parser = Parser::new();
    parser
        .set_language(&grammar.language())
        .map_err(|e| format!("the parser could not be loaded: {e}"))?;
    let started = Instant::now();
    let mut cancel = |_: &ParseState| started.elapsed() > PARSE_BUDGET;
    let options = ParseOptions::new().progress_callback(&mut cancel);
    let len = bytes.len();
    let tree = parser
        .parse_with_options(
            &mut |i, _| if i < len { &bytes[i..] } else { &[] },
            None,
            Some(options),
        )
        .ok_or("parsing it took too long")?;
    if tree.root_node().has_error() {
        let at = first_error(tree.root_node()).map_or(0, |n| n.start_position().row + 1);
        return Err(format!(
            "it does not parse (near line {at}); keylint rewrites only files it can parse"
        ));
    }
    Ok(tree)
}

fn first_error(node: Node) -> Option<Node> {
    if node.is_error() || node.is_missing() {
        return Some(node);
    }
    let mut cursor = node.walk();
    let children: Vec<Node> = node.children(&mut cursor).collect();
    children
        .into_iter()
        .filter(|c| c.has_error())
        .find_map(first_error)
}

/// The text of `node`.
pub(crate) fn text<'a>(node: Node, bytes: &'a [u8]) -> &'a str {
    std::str::from_utf8(&bytes[node.byte_range()]).unwrap_or("")
}

/// The innermost node of one of `kinds` enclosing `span`, stopping at a comment.
pub(crate) fn enclosing<'t>(
    root: Node<'t>,
    span: &std::ops::Range<usize>,
    kinds: &[&str],
) -> Result<Node<'t>, String> {
    let mut node = root
        .descendant_for_byte_range(span.start, span.end)
        .ok_or("no syntax node holds the value")?;
    loop {
        if node.kind() == "comment" {
            return Err("in a comment: delete it by hand".into());
        }
        if kinds.contains(&node.kind())
            && node.start_byte() <= span.start
            && node.end_byte() >= span.end
        {
            return Ok(node);
        }
        node = node
            .parent()
            .ok_or("not a string literal keylint can rewrite")?;
    }
}

/// Named children of `node`.
pub(crate) fn children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.children(&mut cursor).collect()
}
