//! Python, JavaScript and TypeScript front end: a tree-sitter parse into [`Facts`].
//!
//! tree-sitter parses without recursion and frees trees without recursion, and this
//! module walks the tree with a [`TreeCursor`] and looks at most a few fixed levels
//! below a node, so no input depth can overflow the stack.
//!
//! tree-sitter's error recovery is not bounded in memory: on a 40 KB Python file the
//! fuzzer made (a long run of `/*/*…` after an error), recovering to the end of the
//! file and then accepting the result took 8 GiB. A file with a syntax error is left
//! to the regex rules anyway, so a parse stops once recovery has run for
//! [`MAX_RECOVERY_CHECKS`] progress checks: small errors keep their exact position,
//! pathological ones are cut short before the stack grows. The progress callback
//! sees that recovery has started in [`ParseState::has_error`] (every stack version
//! is in error); no logger is installed, since formatting its messages cost more
//! than the parse.
//!
//! Each thread keeps one parser per grammar and reuses it for every file.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::Rc;

use tree_sitter::{Language, LogType, Node, ParseOptions, ParseState, Parser, Tree, TreeCursor};

use super::facts::{
    Binding, Call, Facts, Form, Instance, Lit, MAX_PARTS, MODULE_SCOPE, Named, Value, clean_text,
    keeps_string,
};
use super::table::Wrappers;

mod pace;
mod walk;
use pace::Pace;
use walk::Walk;

/// Progress checks (one per about 100 parser operations) allowed once error recovery
/// has started; the parse is cancelled after that. The broken fixtures
/// (`tests/code_pass.rs`) finish recovering within it and keep their exact positions.
pub const MAX_RECOVERY_CHECKS: usize = 10;

thread_local! {
    /// This thread's parsers, one per grammar, made on first use.
    static PARSERS: RefCell<Vec<(Grammar, Parser)>> = const { RefCell::new(Vec::new()) };
}

/// The grammar families this module reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grammar {
    Python,
    JavaScript,
    TypeScript,
    Tsx,
}

impl Grammar {
    fn language(self) -> Language {
        match self {
            Grammar::Python => tree_sitter_python::LANGUAGE.into(),
            Grammar::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Grammar::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Grammar::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        }
    }

    fn is_python(self) -> bool {
        self == Grammar::Python
    }
}

/// The facts of one file, or why it was not parsed.
pub fn facts(grammar: Grammar, src: &[u8], wrappers: &Wrappers) -> Result<Facts, String> {
    let tree = with_parser(grammar, |parser| parse(parser, src))?;
    if let Some((line, column)) = first_error(&tree) {
        return Err(format!(
            "does not parse (line {}, column {})",
            line + 1,
            column + 1
        ));
    }
    let mut walk = Walk::new(grammar, src, wrappers);
    walk.run(tree.walk());
    Ok(walk.into_facts())
}

/// Run `f` with this thread's parser for `grammar`.
fn with_parser<T>(
    grammar: Grammar,
    f: impl FnOnce(&mut Parser) -> Result<T, String>,
) -> Result<T, String> {
    PARSERS.with_borrow_mut(|parsers| {
        let at = match parsers.iter().position(|(g, _)| *g == grammar) {
            Some(at) => at,
            None => {
                let mut parser = Parser::new();
                parser
                    .set_language(&grammar.language())
                    .map_err(|e| format!("grammar not usable: {e}"))?;
                parsers.push((grammar, parser));
                parsers.len() - 1
            }
        };
        let (_, parser) = parsers
            .get_mut(at)
            .expect("the parser was found or just added");
        f(parser)
    })
}

/// Parse `src`, bounding error recovery.
///
/// The first attempt runs without a logger (formatting tree-sitter's log messages
/// costs more than the parse) and is cancelled when every stack version has been in
/// error for [`MAX_RECOVERY_CHECKS`] progress checks, or when it slows down the way
/// runaway recovery does ([`Pace`]). A parse cancelled for its pace is done again
/// with the logger, which sees recovery start and stops it early, as the fuzzer's
/// inputs need: a file that parses is never lost to a slow moment of the machine.
fn parse(parser: &mut Parser, src: &[u8]) -> Result<Tree, String> {
    let mut checks = 0usize;
    let mut near = None;
    let mut pace = Pace::new(src.len());
    let mut progress = |state: &ParseState| {
        if pace.too_slow() {
            return true;
        }
        if near.is_none() && !state.has_error() {
            return false;
        }
        near.get_or_insert(state.current_byte_offset());
        checks += 1;
        checks > MAX_RECOVERY_CHECKS
    };
    let tree = parse_with_progress(parser, src, &mut progress);
    match (tree, near) {
        (Some(tree), _) => Ok(tree),
        // From the start: resuming the cancelled parse with the logger cuts valid
        // files short (it sees `resume` where a fresh parse does not).
        (None, _) if pace.was_slow() => parse_logged(parser, src),
        (None, Some(at)) => Err(stopped_near(src, at)),
        (None, None) => Err("the parser gave up".to_string()),
    }
}

/// One parse of `src` that `progress` may cancel (by returning `true`). A cancelled
/// parse is reset, or it would resume on the next file.
fn parse_with_progress<F: FnMut(&ParseState) -> bool>(
    parser: &mut Parser,
    src: &[u8],
    progress: &mut F,
) -> Option<Tree> {
    let mut read = |at: usize, _| src.get(at..).unwrap_or_default();
    let tree = parser.parse_with_options(
        &mut read,
        None,
        Some(ParseOptions::new().progress_callback(progress)),
    );
    if tree.is_none() {
        parser.reset();
    }
    tree
}

fn stopped_near(src: &[u8], at: usize) -> String {
    let line = 1 + memchr::memchr_iter(b'\n', src.get(..at).unwrap_or(src)).count();
    format!("does not parse (near line {line}; error recovery stopped early)")
}

/// The second attempt: the parser logs `resume` when it starts recovering (every
/// stack version has failed, so the tree will hold an error), and the progress
/// callback allows [`MAX_RECOVERY_CHECKS`] checks from there.
fn parse_logged(parser: &mut Parser, src: &[u8]) -> Result<Tree, String> {
    let recovering = Rc::new(Cell::new(false));
    let seen = Rc::clone(&recovering);
    parser.set_logger(Some(Box::new(move |kind, message: &str| {
        if kind == LogType::Parse && message.starts_with("resume") {
            seen.set(true);
        }
    })));
    let mut checks = 0usize;
    let mut near = None;
    let mut progress = |state: &ParseState| {
        if !recovering.get() {
            return false;
        }
        near.get_or_insert(state.current_byte_offset());
        checks += 1;
        checks > MAX_RECOVERY_CHECKS
    };
    let tree = parse_with_progress(parser, src, &mut progress);
    parser.set_logger(None);
    match (tree, near) {
        (Some(tree), _) => Ok(tree),
        (None, Some(at)) => Err(stopped_near(src, at)),
        (None, None) => Err("the parser gave up".to_string()),
    }
}

/// Row and column (0-based, in bytes) of the first syntax error, if any.
fn first_error(tree: &Tree) -> Option<(usize, usize)> {
    let root = tree.root_node();
    if !root.has_error() {
        return None;
    }
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            let p = node.start_position();
            return Some((p.row, p.column));
        }
        // Descend only towards the error.
        if node.has_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                if cursor.node().has_error() {
                    break;
                }
                continue;
            }
            if !cursor.goto_parent() {
                let p = root.start_position();
                return Some((p.row, p.column));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::facts::test_text::{instances, named, object, strings, values};
    use super::*;

    fn wrappers(python: bool) -> Wrappers {
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let t = super::super::table::Table::builtin(&rules).unwrap();
        if python {
            t.python_wrappers
        } else {
            t.js_wrappers
        }
    }

    fn py(src: &str) -> Facts {
        facts(Grammar::Python, src.as_bytes(), &wrappers(true)).unwrap()
    }

    fn js(grammar: Grammar, src: &str) -> Facts {
        facts(grammar, src.as_bytes(), &wrappers(false)).unwrap()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn paths(f: &Facts) -> Vec<String> {
        f.calls.iter().map(|c| c.path.join(".")).collect()
    }

    #[test]
    fn python_calls_keywords_and_dicts() {
        let src = "import ccxt\nx = ccxt.binance({'apiKey': 'k1', 'secret': 's' 'ec'})\nc = Client(api_key='k2', api_secret=SECRET)\nb = Application.builder().token(str('t1').strip())\n";
        let f = py(src);
        assert_eq!(
            paths(&f),
            [
                "ccxt.binance",
                "Client",
                "Application.builder.token",
                "Application.builder",
                "str.strip",
                "str"
            ]
        );
        assert_eq!(
            object(src, &f.calls[0].args[0]),
            pairs(&[("apiKey", "k1"), ("secret", "s' 'ec")])
        );
        let kwargs = Value::Object(f.calls[1].kwargs.clone());
        assert_eq!(
            object(src, &kwargs),
            pairs(&[("api_key", "k2"), ("api_secret", "name SECRET SECRET")])
        );
        assert_eq!(values(src, &f.calls[2].args), ["t1"]);
        // The dict read as ccxt's options is not also a free-standing dict.
        assert!(f.named.iter().all(|n| n.form != Form::Key));
    }

    #[test]
    fn python_assignments_by_scope() {
        let src = "API_SECRET = 'a' + 'b'\nclass Cfg:\n    token = 'c'\n    def f(self):\n        self.api_key = 'd'\n        secret = f'e{x}'\n        pw = 'g'\nheaders['X-MBX-APIKEY'] = 'h'\n";
        let f = py(src);
        let named_: Vec<_> = named(src, &f)
            .into_iter()
            .zip(f.named.iter().map(|n| n.owner.clone()))
            .map(|((form, name, text), owner)| (form, name, owner, text))
            .collect();
        let s = String::from;
        assert_eq!(
            named_,
            [
                (Form::ModuleConst, s("API_SECRET"), None, s("a' + 'b")),
                (Form::ClassAttr, s("token"), Some(s("Cfg")), s("c")),
                (Form::Attribute, s("api_key"), Some(s("self")), s("d")),
                (Form::Local, s("pw"), None, s("g")),
                (Form::Key, s("X-MBX-APIKEY"), None, s("h")),
            ]
        );
        assert_eq!(f.named[0].lit.value, b"ab");
        let scopes: Vec<_> = f
            .bindings
            .iter()
            .map(|b| (b.name.as_str(), b.scope))
            .collect();
        assert_eq!(scopes, [("API_SECRET", MODULE_SCOPE), ("pw", 1)]);
    }

    #[test]
    fn javascript_and_typescript_forms() {
        let src = "const ex = new ccxt.kraken({ apiKey: 'k1', secret: `s1`, password });\nconst API_SECRET: string = 'a' + \"b\";\nclass C { static token = 'c'; }\nthis.apiKey = 'd';\nconst t = `x${y}`;\nconst b = new Binance().options({ APIKEY: String('e').trim() });\n";
        for g in [Grammar::TypeScript, Grammar::Tsx] {
            let f = js(g, src);
            assert_eq!(
                paths(&f),
                [
                    "ccxt.kraken",
                    "Binance.options",
                    "Binance",
                    "String.trim",
                    "String"
                ]
            );
            assert_eq!(
                object(src, &f.calls[0].args[0]),
                pairs(&[
                    ("apiKey", "k1"),
                    ("secret", "s1"),
                    ("password", "name password password")
                ])
            );
            let s = String::from;
            assert_eq!(
                named(src, &f),
                [
                    (Form::ModuleConst, s("API_SECRET"), s("a' + \"b")),
                    (Form::ClassAttr, s("token"), s("c")),
                    (Form::Attribute, s("apiKey"), s("d")),
                ]
            );
            assert_eq!(object(src, &f.calls[1].args[0]), pairs(&[("APIKEY", "e")]));
        }
        let src = "new Telegraf('t');\n";
        assert_eq!(
            values(src, &js(Grammar::JavaScript, src).calls[0].args),
            ["t"]
        );
    }

    #[test]
    fn instances_imports_and_path_strings() {
        let src = "import time, numpy as np\nfrom binance.client import Client as C\nex = ccxt.binance()\nclass B:\n    w = Wallet()\n    def __init__(self):\n        self.c = await AsyncClient.create(k)\n\"\"\"doc /api/v3/order\"\"\"\nu = f'{BASE}/api/v3/order'\nv = 'two words/here'\n";
        let f = py(src);
        let inst = instances(&f, ".");
        let p = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            inst,
            [
                p("time", "import"),
                p("np", "import"),
                p("C", "import"),
                p("ex", "ccxt.binance"),
                p("self.w", "Wallet"),
                p("self.c", "AsyncClient.create"),
            ]
        );
        let lits = strings(src, &f);
        assert_eq!(lits, ["f'{BASE}/api/v3/order'"]);
        let src = "import ccxt, * as fs from 'x';\nimport { a as b, c } from 'y';\nclass K { private ex = new ccxt.okx(); }\nconst s = `${b}/v5/order/create`;\n'use strict/x';\n";
        let f = js(Grammar::TypeScript, src);
        let inst = instances(&f, ".");
        assert_eq!(
            inst,
            [
                p("ccxt", "import"),
                p("fs", "import"),
                p("b", "import"),
                p("c", "import"),
                p("this.ex", "ccxt.okx"),
            ]
        );
        let lits = strings(src, &f);
        assert_eq!(lits, ["`${b}/v5/order/create`"]);
        let call = f.calls.iter().find(|c| c.text == "ccxt.okx").unwrap();
        assert_eq!(&src[call.span.clone()], "ccxt.okx");
    }

    #[test]
    fn syntax_errors_are_reported_with_their_position() {
        let e = facts(Grammar::Python, b"x = 1\ndef f(:\n", &wrappers(true)).unwrap_err();
        assert!(e.starts_with("does not parse (line 2"), "{e}");
        let e = facts(Grammar::JavaScript, b"const x = {;\n", &wrappers(false)).unwrap_err();
        assert!(e.starts_with("does not parse (line 1"), "{e}");
    }

    #[test]
    fn deep_nesting_neither_overflows_nor_aborts() {
        // 100 000 levels: tree-sitter parses and frees iteratively, and the walk uses a cursor.
        let n = 100_000;
        let deep_py = format!("x = {}1{}\n", "(".repeat(n), ")".repeat(n));
        let f = facts(Grammar::Python, deep_py.as_bytes(), &wrappers(true)).unwrap();
        assert!(f.named.is_empty());
        let deep_js = format!("const x = {}'v'{};\n", "[".repeat(n), "]".repeat(n));
        facts(Grammar::JavaScript, deep_js.as_bytes(), &wrappers(false)).unwrap();
        let calls = format!("f({}'v'{});\n", "g(".repeat(n), ")".repeat(n));
        let f = facts(Grammar::TypeScript, calls.as_bytes(), &wrappers(false)).unwrap();
        assert_eq!(f.calls.len(), n + 1);
        let unclosed = "(".repeat(n);
        assert!(facts(Grammar::Python, unclosed.as_bytes(), &wrappers(true)).is_err());
    }

    #[test]
    fn a_cancelled_parse_leaves_the_reused_parser_clean() {
        // The fuzzer's runaway recovery (its first byte picks Python) is cut short;
        // the same thread's parser then parses the next file from its start.
        let saved = include_bytes!(
            "../../../../fuzz/regressions/ast/oom-error-recovery-after-an-operator-run"
        );
        let e = facts(Grammar::Python, &saved[1..], &wrappers(true)).unwrap_err();
        assert!(e.contains("error recovery stopped early"), "{e}");
        let f = py("API_SECRET = 'abc'\n");
        assert_eq!(f.named.len(), 1);
        assert_eq!(f.named[0].lit.value, b"abc");
    }
}
