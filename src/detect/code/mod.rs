//! The code-aware pass: string literals that go where credentials go, in Rust (syn),
//! Python, JavaScript and TypeScript (tree-sitter).
//!
//! ## What it does
//! Parses a source file and reports a string literal when it is passed to a known
//! client constructor or credential setter (`binance.Client("…", "…")`,
//! `new ccxt.kraken({ apiKey: "…" })`, `Binance::new(Some("…".into()), …)`,
//! `.bearer_auth("…")`), sent as a known API-key header, or stored under a credential
//! name (a `const`/`static`, struct field, class attribute, module constant, dict key
//! or keyword argument). Wrapped literals (`Some("…")`, `"…".to_string()`,
//! `String::from("…")`, `str("…")`), concatenations of literals (`"a" "b"`,
//! `"a" + "b"`, `concat!`) and locals bound to a literal and then passed to a client
//! in the same function are followed. The calls, parameters and providers are data:
//! `rules/clients.toml`. Each finding's message names the call (`string literal
//! passed as `api_secret` to `binance.Client``); when a regex rule matched the same
//! value, the two merge and the regex rule keeps its id.
//!
//! ## Why is this bad?
//! Most exchange secrets are 64 random characters with no prefix: a regex cannot
//! tell one from a hash. Where the literal goes says what it is, so this pass finds
//! keys the regex rules cannot, with higher confidence.
//!
//! ## Example
//! `client = Client("<64 chars>", "<64 chars>")` in a file that imports `binance`
//! fires `binance-api-key` and `binance-api-secret`.
//! Use instead: `client = Client(os.environ["BINANCE_API_KEY"], os.environ["BINANCE_API_SECRET"])`.
//!
//! ## Known limitations
//! Flow is followed only from a literal bound to a local (or module-level) name to a
//! client call in the same function; values built at run time, read from files or
//! passed between functions are not. Callees are matched by name as written, not by
//! import resolution, so an entry applies only in files that mention its library
//! (its `hints`). A file runs through the parser only when one of those words
//! occurs, or when a credential-named line holds a literal the regex rules cannot
//! see whole (concatenated, wrapped, or continued on the next line); other files keep
//! their regex findings. A file that does not parse, is not UTF-8 (Rust), or is
//! nested too deeply is left to the regex rules, with a `parse-fallback` note
//! (shown with `--verbose`). Python 2 and Flow-typed JavaScript do not parse.
//!
//! ## Configuration
//! `disabled_rules` in `.keylint.toml` turns off any rule this pass reports; the
//! table is `rules/clients.toml`, the placeholder filter `rules/placeholders.toml`.

pub mod facts;
pub mod judge;
pub mod rust;
pub mod table;
pub mod tree;

use std::path::Path;

use super::{Detector, DetectorNote, Match, ScanContext};
use crate::rules::{RuleKind, RuleSet};
use crate::source::{Lang, Source};
use judge::Judge;
use table::{Table, Wrappers};
use tree::Grammar;

/// The code-aware detector (one for every supported language).
pub struct CodeDetector {
    table: Table,
    /// Rules whose keyword hits mark credential names (the generic assignment rules).
    name_rules: Vec<usize>,
}

impl CodeDetector {
    /// The built-in table, resolved against the engine's rules.
    pub fn new(rules: &RuleSet) -> Result<CodeDetector, String> {
        let table = Table::builtin(rules)?;
        let mut name_rules: Vec<usize> = table
            .roles
            .iter()
            .filter_map(|r| r.names)
            .filter(|&i| {
                rules
                    .rules()
                    .get(i)
                    .is_some_and(|r| r.kind == RuleKind::Generic)
            })
            .collect();
        name_rules.sort_unstable();
        name_rules.dedup();
        Ok(CodeDetector { table, name_rules })
    }

    /// Whether a credential-named line holds a literal the regex rules cannot see
    /// whole: the cheap check that decides whether a file without client hints is
    /// worth parsing.
    fn hidden_literal_line(&self, src: &Source, cx: &ScanContext) -> bool {
        if cx.hits.overflowed {
            return self
                .name_rules
                .iter()
                .any(|&r| cx.hits.candidate.get(r) == Some(&true));
        }
        let bytes = src.bytes();
        let wrappers = self.table.wrappers(src.lang());
        cx.hits
            .positions
            .iter()
            .filter(|(r, _)| self.name_rules.binary_search(&(*r as usize)).is_ok())
            .any(|(_, hit)| {
                let rest = bytes.get(hit.end..).unwrap_or_default();
                let end = memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len());
                hides_literal(&rest[..end], wrappers)
            })
    }
}

/// After a credential name: does the rest of its line assign a literal that is
/// concatenated (`"a" + "b"`, `"a" "b"`), wrapped (`Some("…")`, `String::from("…")`,
/// `&"…"`), or continued on the next line (`= (`, `= \`, nothing)?
pub fn hides_literal(line: &[u8], wrappers: &Wrappers) -> bool {
    let mut i = 0;
    let at = |i: usize| line.get(i).copied().unwrap_or(0);
    while at(i).is_ascii_alphanumeric() || at(i) == b'_' {
        i += 1;
    }
    while matches!(at(i), b'"' | b'\'' | b']' | b' ' | b'\t') {
        i += 1;
    }
    // `=`, `:=`, `=>`, `:` or a typed `: T =`.
    let value_start = match at(i) {
        b'=' if at(i + 1) != b'=' => i + 1 + usize::from(at(i + 1) == b'>'),
        b':' if at(i + 1) == b'=' => i + 2,
        b':' => {
            let after = i + 1 + line[i + 1..].iter().take_while(|b| **b == b' ').count();
            let lead = usize::from(at(after) == b'&');
            if is_quote(at(after + lead)) || starts_wrapper(&line[after..], wrappers) {
                after
            } else {
                match assignment_in(&line[after..]) {
                    Some(eq) => after + eq + 1,
                    None => return false,
                }
            }
        }
        _ => return false,
    };
    let value = trim(&line[value_start.min(line.len())..]);
    if value.is_empty() || value == b"(" || value.ends_with(b"\\") {
        return true;
    }
    let referenced = value.starts_with(b"&");
    let value = value.strip_prefix(b"&").unwrap_or(value);
    let parenthesized = value.starts_with(b"(");
    let value = trim(value.strip_prefix(b"(").unwrap_or(value));
    if starts_wrapper(value, wrappers) || value.starts_with(b"concat!(") {
        return true;
    }
    let Some(after) = after_string(value) else {
        return false;
    };
    let after = trim(after);
    let after = if after.starts_with(b"#") || after.starts_with(b"//") {
        &[][..]
    } else {
        after
    };
    referenced
        || after.starts_with(b"+")
        || after_string(after).is_some()
        || (parenthesized && after.is_empty())
}

fn trim(b: &[u8]) -> &[u8] {
    let start = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    let end = b.len()
        - b.iter()
            .rev()
            .take_while(|c| c.is_ascii_whitespace())
            .count();
    b.get(start..end.max(start)).unwrap_or_default()
}

fn is_quote(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | b'`')
}

/// The first `=` that is an assignment (not `==`, `=>`, `<=`, `>=`, `!=`).
fn assignment_in(b: &[u8]) -> Option<usize> {
    (0..b.len()).find(|&i| {
        b[i] == b'='
            && b.get(i + 1).is_none_or(|n| !matches!(n, b'=' | b'>'))
            && (i == 0 || !matches!(b[i - 1], b'=' | b'<' | b'>' | b'!'))
    })
}

/// `Some(`, `String::from(`, `str(` … followed by a string literal.
fn starts_wrapper(value: &[u8], wrappers: &Wrappers) -> bool {
    wrappers.calls.iter().any(|w| {
        let name = w.segments.join("::");
        let dotted = w.segments.join(".");
        [name, dotted].iter().any(|n| {
            value
                .strip_prefix(n.as_bytes())
                .and_then(|r| r.strip_prefix(b"("))
                .is_some_and(|r| {
                    let r = trim(r);
                    is_quote(
                        r.strip_prefix(b"&")
                            .unwrap_or(r)
                            .first()
                            .copied()
                            .unwrap_or(0),
                    )
                })
        })
    })
}

/// The text after a string literal at the start of `value` (prefixes such as `r`,
/// `b`, `f` and Python's triple quotes included); `None` if it does not start with one.
fn after_string(value: &[u8]) -> Option<&[u8]> {
    let prefix = value
        .iter()
        .take(2)
        .take_while(|c| matches!(c.to_ascii_lowercase(), b'r' | b'b' | b'u' | b'f' | b'c'))
        .count();
    let rest = &value[prefix..];
    let quote = *rest.first().filter(|q| is_quote(**q))?;
    let triple = rest.len() >= 3 && rest[1] == quote && rest[2] == quote;
    let body_start = if triple { 3 } else { 1 };
    let mut i = body_start;
    while i < rest.len() {
        match rest[i] {
            b'\\' => i += 2,
            q if q == quote => {
                if !triple {
                    return Some(&rest[i + 1..]);
                }
                if rest.get(i + 1) == Some(&quote) && rest.get(i + 2) == Some(&quote) {
                    return Some(&rest[i + 3..]);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

impl Detector for CodeDetector {
    fn id(&self) -> &'static str {
        "code"
    }

    fn keywords(&self) -> Vec<String> {
        self.table.hints.clone()
    }

    fn detect(
        &self,
        src: &Source,
        cx: &ScanContext,
        out: &mut Vec<Match>,
        notes: &mut Vec<DetectorNote>,
    ) {
        let (id, grammar) = match src.lang() {
            Lang::Rust => ("rust-ast", None),
            Lang::Python => ("python-ast", Some(Grammar::Python)),
            Lang::JavaScript => ("javascript-ast", Some(Grammar::JavaScript)),
            Lang::TypeScript if is_tsx(src.path()) => ("typescript-ast", Some(Grammar::Tsx)),
            Lang::TypeScript => ("typescript-ast", Some(Grammar::TypeScript)),
            _ => return,
        };
        let judge = Judge {
            table: &self.table,
            rules: cx.rules,
            placeholders: cx.placeholders,
            words: cx.words,
            lang: src.lang(),
        };
        if !judge.any_applicable() && !self.hidden_literal_line(src, cx) {
            return;
        }
        let wrappers = self.table.wrappers(src.lang());
        let facts = match grammar {
            None => std::str::from_utf8(src.bytes())
                .map_err(|e| {
                    format!(
                        "is not valid UTF-8 (byte {}); only the regex rules ran",
                        e.valid_up_to()
                    )
                })
                .and_then(|text| rust::facts(text, wrappers)),
            Some(g) => tree::facts(g, src.bytes(), wrappers),
        };
        match facts {
            Ok(facts) => judge.run(&facts, out),
            Err(message) => notes.push(DetectorNote {
                detector: id,
                message: if message.contains("regex rules") {
                    message
                } else {
                    format!("{message}; only the regex rules ran")
                },
            }),
        }
    }
}

fn is_tsx(path: &str) -> bool {
    Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsx"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrappers(lang: Lang) -> Wrappers {
        let rules = RuleSet::builtin().unwrap();
        let t = Table::builtin(&rules).unwrap();
        match lang {
            Lang::Rust => t.rust_wrappers,
            Lang::Python => t.python_wrappers,
            _ => t.js_wrappers,
        }
    }

    #[test]
    fn hidden_literals_are_recognised_after_a_name() {
        let py = wrappers(Lang::Python);
        let rs = wrappers(Lang::Rust);
        for (line, w, want) in [
            (&b" = \"abc\" + \"def\""[..], &py, true),
            (b"_KEY = 'abc' 'def'", &py, true),
            (b" = (", &py, true),
            (b" = \\", &py, true),
            (b" =", &py, true),
            (b": str = (\"abc\"", &py, true),
            (b" = str(\"abc\")", &py, true),
            (b": Some(\"abc\".into()),", &rs, true),
            (b": String::from(\"abc\"),", &rs, true),
            (b": &str = concat!(\"ab\", \"cd\");", &rs, true),
            (b": &\"abc\",", &rs, true),
            (b"\": \"abc\" +", &py, true),
            (b" = \"abc\"", &py, false),
            (b" = \"abc\".to_string();", &rs, false),
            (b" = os.environ[\"X\"]", &py, false),
            (b" == \"abc\" + x", &py, false),
            (b"s.append(x)", &py, false),
            (b" = '''a''' 'b'", &py, true),
            (b" = (\"abc\"  # the first half", &py, true),
            (b" = \"abc\"  # a comment", &py, false),
        ] {
            assert_eq!(
                hides_literal(line, w),
                want,
                "{}",
                String::from_utf8_lossy(line)
            );
        }
    }
}
