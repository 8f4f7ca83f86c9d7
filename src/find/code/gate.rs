//! The parse gate: whether a Python, JavaScript or TypeScript file holds a string
//! literal the code pass could report, found without parsing.
//!
//! The judge ([`super::judge`]) reports a literal (or several concatenated ones) only
//! when its value, as written, is long enough, not a placeholder or an environment
//! read, random enough and free of whitespace (except in passwords). This module runs
//! the same checks, with the loosest thresholds any rule of the table allows, on
//! every literal a small lexer sees, and on every run of literals joined by `+`,
//! `\`, parentheses, whitespace or comments. A file with none is not worth a syntax
//! tree: the judge could accept nothing in it.
//!
//! The lexer knows comments and string quotes (Python's triple quotes and prefixes,
//! JavaScript's template literals) and nothing else. Where it can be wrong (a
//! regular-expression literal holding a quote), a single-line string ends at the end
//! of its line, so it is back in step on the next one. It over-approximates: the
//! contents of f-strings and templates count as written, and a run of literals that
//! the parser would not join is tried whole and in every contiguous part.

use super::facts::MAX_PARTS;
use crate::find::entropy;
use crate::find::placeholder::Placeholders;
use crate::source::count_chars;

/// The loosest value checks of the judge.
#[derive(Clone, Copy, Debug)]
pub struct Floors {
    /// Fewest characters of a value (the table's default; rules only raise it).
    pub min_length: usize,
    /// Lowest entropy floor of the table's default and of every rule.
    pub min_entropy: f64,
}

/// What the gate needs to know about one file besides its bytes.
pub struct Check<'a> {
    pub floors: Floors,
    pub placeholders: &'a Placeholders,
    /// A value with whitespace can be a password here (the judge accepts spaces
    /// only in values stored under a password or passphrase name).
    pub spaces_allowed: bool,
    pub python: bool,
}

impl Check<'_> {
    /// Whether `bytes` holds a literal, or a run of joined literals, that passes.
    pub fn any_candidate(&self, bytes: &[u8]) -> bool {
        self.any_candidate_in(bytes, None)
    }

    /// [`Check::any_candidate`], counting only runs that touch `within` (sorted
    /// byte ranges) when given: the file is lexed from its start all the same, so
    /// a string that opened before a range is known to be one.
    pub fn any_candidate_in(
        &self,
        bytes: &[u8],
        within: Option<&[std::ops::Range<usize>]>,
    ) -> bool {
        let touches = |start: usize, end: usize| {
            within.is_none_or(|w| {
                let i = w.partition_point(|r| r.end <= start);
                w.get(i).is_some_and(|r| r.start < end)
            })
        };
        let mut run: Vec<&[u8]> = Vec::new();
        let mut run_span = (0, 0);
        let mut last_end = None;
        for lit in Lexer::new(bytes, self.python) {
            let joined = last_end.is_some_and(|end| joiners_only(bytes, end, lit.start));
            if !joined {
                if touches(run_span.0, run_span.1) && self.run_passes(&run) {
                    return true;
                }
                run.clear();
                run_span.0 = lit.start;
            }
            run.push(bytes.get(lit.content.clone()).unwrap_or_default());
            run_span.1 = lit.end;
            last_end = Some(lit.end);
        }
        touches(run_span.0, run_span.1) && self.run_passes(&run)
    }

    /// Each contiguous part of the run (up to [`MAX_PARTS`] literals), joined.
    fn run_passes(&self, run: &[&[u8]]) -> bool {
        if let [one] = run {
            return self.value_passes(one);
        }
        let mut joined = Vec::new();
        (0..run.len()).any(|start| {
            joined.clear();
            run[start..].iter().take(MAX_PARTS).any(|part| {
                joined.extend_from_slice(part);
                self.value_passes(&joined)
            })
        })
    }

    /// The judge's value checks, with the loosest thresholds.
    fn value_passes(&self, v: &[u8]) -> bool {
        if v.len() < self.floors.min_length || count_chars(v) < self.floors.min_length {
            return false;
        }
        let spaced = !self.spaces_allowed
            && !v.starts_with(b"-----BEGIN")
            && v.iter().any(u8::is_ascii_whitespace);
        !spaced
            && !self.placeholders.is_placeholder(v)
            && !self.placeholders.is_env_read(v)
            && entropy::passes(v, self.floors.min_entropy)
    }
}

/// Between two literals, only what joins them: whitespace, `+`, `\`, parentheses
/// and comments (the lexer skipped those, so the bytes left are code).
fn joiners_only(bytes: &[u8], from: usize, to: usize) -> bool {
    let mut i = from;
    while i < to {
        match bytes.get(i) {
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'+' | b'\\' | b'(' | b')') => i += 1,
            Some(b'#') => i = line_end(bytes, i),
            Some(b'/') if bytes.get(i + 1) == Some(&b'/') => i = line_end(bytes, i),
            Some(b'/') if bytes.get(i + 1) == Some(&b'*') => i = block_comment_end(bytes, i),
            _ => return false,
        }
    }
    true
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    let rest = bytes.get(from..).unwrap_or_default();
    from + memchr::memchr(b'\n', rest).unwrap_or(rest.len())
}

fn block_comment_end(bytes: &[u8], from: usize) -> usize {
    let rest = bytes.get(from + 2..).unwrap_or_default();
    match memchr::memmem::find(rest, b"*/") {
        Some(i) => from + 2 + i + 2,
        None => bytes.len(),
    }
}

/// One string literal: its quotes included (`start..end`) and its contents.
#[derive(Debug, PartialEq, Eq)]
struct Literal {
    start: usize,
    end: usize,
    content: std::ops::Range<usize>,
}

/// String literals of Python (`python`) or JavaScript/TypeScript source, in order.
struct Lexer<'b> {
    bytes: &'b [u8],
    at: usize,
    python: bool,
}

impl<'b> Lexer<'b> {
    fn new(bytes: &'b [u8], python: bool) -> Self {
        Lexer {
            bytes,
            at: 0,
            python,
        }
    }

    /// The literal opened by `quote` at `start`.
    fn literal(&mut self, start: usize, quote: u8) -> Literal {
        let b = self.bytes;
        let triple =
            self.python && b.get(start + 1) == Some(&quote) && b.get(start + 2) == Some(&quote);
        let open = if triple { 3 } else { 1 };
        let multiline = triple || quote == b'`';
        let mut i = start + open;
        while i < b.len() {
            match b[i] {
                b'\\' => i += 2,
                b'\n' if !multiline => {
                    // Unterminated on its line: not a literal the parser would keep.
                    return Literal {
                        start,
                        end: i,
                        content: i..i,
                    };
                }
                q if q == quote && (!triple || b[i..].starts_with(&[quote, quote, quote])) => {
                    let close = if triple { 3 } else { 1 };
                    return Literal {
                        start,
                        end: i + close,
                        content: start + open..i,
                    };
                }
                _ => i += 1,
            }
        }
        Literal {
            start,
            end: b.len(),
            content: (start + open).min(b.len())..b.len(),
        }
    }
}

impl Iterator for Lexer<'_> {
    type Item = Literal;

    fn next(&mut self) -> Option<Literal> {
        let b = self.bytes;
        while self.at < b.len() {
            let i = self.at;
            match b[i] {
                b'#' if self.python => self.at = line_end(b, i),
                b'/' if !self.python && b.get(i + 1) == Some(&b'/') => self.at = line_end(b, i),
                b'/' if !self.python && b.get(i + 1) == Some(&b'*') => {
                    self.at = block_comment_end(b, i);
                }
                q @ (b'\'' | b'"') => return Some(self.emit(i, q)),
                b'`' if !self.python => return Some(self.emit(i, b'`')),
                _ => self.at = i + 1,
            }
        }
        None
    }
}

impl Lexer<'_> {
    fn emit(&mut self, start: usize, quote: u8) -> Literal {
        let lit = self.literal(start, quote);
        self.at = lit.end.max(start + 1);
        lit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "q8Zk3vP1xR7mW2nT9bYc4LdF6hJ0sA5e";

    fn check(python: bool, spaces_allowed: bool, placeholders: &Placeholders) -> Check<'_> {
        Check {
            floors: Floors {
                min_length: 8,
                min_entropy: 3.0,
            },
            placeholders,
            spaces_allowed,
            python,
        }
    }

    fn contents(src: &str, python: bool) -> Vec<&str> {
        Lexer::new(src.as_bytes(), python)
            .map(|l| &src[l.content])
            .collect()
    }

    #[test]
    fn only_runs_touching_the_ranges_count_and_quotes_are_known_from_the_start() {
        let ph = Placeholders::builtin();
        let c = check(true, false, &ph);
        let text = format!("a = \"{KEY}\"\ndoc = \"\"\"\nb = 'x'\n\"\"\"\nc = 1\n");
        let line = |n: usize| {
            let start: usize = text.split_inclusive('\n').take(n).map(str::len).sum();
            start..start + text.split_inclusive('\n').nth(n).unwrap().len()
        };
        assert!(c.any_candidate_in(text.as_bytes(), None));
        assert!(c.any_candidate_in(text.as_bytes(), Some(&[line(0)])));
        // The key is on line 0 only; line 2 is inside a docstring opened on line 1,
        // and line 4 is code without a literal.
        assert!(!c.any_candidate_in(text.as_bytes(), Some(&[line(2), line(4)])));
    }

    #[test]
    fn the_lexer_skips_comments_and_knows_quotes() {
        let py = "# don't\nx = 'a\"b'  # it's\ny = \"\"\"t'r\"i\"\"\" + f\"{k}\"\n";
        assert_eq!(contents(py, true), ["a\"b", "t'r\"i", "{k}"]);
        let js = "// it's\nconst a = `x'${y}`; /* \"no\" */ b = 'c\\'d';\n";
        assert_eq!(contents(js, false), ["x'${y}", "c\\'d"]);
        // A quote in a regular expression opens a literal that ends with its line.
        let js = "s.replace(/'/g, \"\");\nconst k = 'v';\n";
        assert_eq!(contents(js, false), ["", "v"]);
    }

    #[test]
    fn a_credential_shaped_literal_is_a_candidate() {
        let p = Placeholders::builtin();
        let py = check(true, false, &p);
        assert!(py.any_candidate(format!("api_key = '{KEY}'\n").as_bytes()));
        assert!(!py.any_candidate(b"print('hello world, this is text')\n"));
        assert!(!py.any_candidate(b"x = 'short'\ny = 'aaaaaaaaaaaa'\n"));
        assert!(!py.any_candidate(b"k = 'your_api_key_here'\n"));
        assert!(!py.any_candidate(format!("# k = '{KEY}'\n").as_bytes()));
        // Spaces are allowed where a password may be stored.
        let spaced = b"pw = 'correct horse battery staple'\n";
        assert!(!py.any_candidate(spaced));
        assert!(check(true, true, &p).any_candidate(spaced));
    }

    #[test]
    fn joined_literals_are_tried_whole_and_in_parts() {
        let p = Placeholders::builtin();
        let py = check(true, false, &p);
        let (a, b) = KEY.split_at(4);
        assert!(py.any_candidate(format!("k = ('{a}'  # half\n    \"{b}\")\n").as_bytes()));
        assert!(py.any_candidate(format!("k = '{a}' + \\\n '{b}'\n").as_bytes()));
        // Not joined by a comma: each part alone is too short.
        assert!(!py.any_candidate(format!("k = ('{a}', '{}')\n", &b[..5]).as_bytes()));
        // A key next to text the parser would not join with it still counts.
        assert!(py.any_candidate(format!("f('a b c d e f g h' '{KEY}')\n").as_bytes()));
        let js = check(false, false, &p);
        assert!(js.any_candidate(format!("const k = '{a}' /* x */ + `{b}`;\n").as_bytes()));
    }
}
