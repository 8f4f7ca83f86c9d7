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
//!
//! A value that passes must also sit where the judge looks ([`Places`]): stored under
//! a name (`name = …`, `name: …`, `name=…`) that is a credential's, a client parameter
//! or a header, or bound to a name that is used so (each use read as the whole value,
//! not `name.split(…)` or `f(name=…)`); or passed by position to a call that takes
//! credentials by position (an applicable client, a header call, a credential setter),
//! through wrappers such as `str(…)`. Literals in lists, in tuples, in comparisons,
//! returned or passed to other calls cannot become findings. Where the
//! brackets the lexer counts do not balance (a JavaScript regular expression holding
//! one), every passing literal counts, as if no place were known.
//!
//! A large file (64 KiB or more) is lexed with a mark of the lexer's state every
//! 4 KiB and kept per thread ([`Lexed`]): a later file that starts with the same bytes
//! — in history, the next version of a file rewritten many times — is lexed again
//! only from the last mark before the first byte that differs.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use super::facts::MAX_PARTS;
use crate::find::entropy;
use crate::find::placeholder::Placeholders;
use crate::source::{count_chars, overlaps_any};

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
    /// Where the judge could accept a literal; `None`: anywhere.
    pub places: Option<&'a Places<'a>>,
}

/// Where a literal can become a finding in one file (see the module docs).
#[derive(Debug, Default)]
pub struct Places<'a> {
    /// Normalised words that make a name a credential's when it contains one: role
    /// words and header names.
    pub name_words: &'a [String],
    /// Normalised client parameter names: a name that is one is a credential's.
    pub params: &'a [String],
    /// Normalised role words: a value containing one reads as text, not a key.
    pub role_words: &'a [String],
    /// Last segments of the callees that take credentials by position here
    /// (applicable clients with positional parameters, header calls when a header
    /// applies); `*` stands for any.
    pub callees: Vec<&'a str>,
    /// Last segments of the calls that pass their first argument through (`str`).
    pub wrappers: Vec<&'a str>,
    /// Whether a client or header applies, so that a literal bound to a local can
    /// reach it.
    pub flow: bool,
}

/// Uses of bound names looked at in one file before giving up and counting every
/// literal bound to a local not yet decided (each name is decided once, so this
/// bounds the work to a linear pass over a file's names).
const MAX_USES: usize = 1 << 14;
/// Wrapper calls and parentheses looked through around one value.
const MAX_HOPS: u8 = 4;

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
        let lexed = Lexed::of(bytes, self.python);
        let found = self.candidate_in(bytes, &lexed, within);
        lexed.keep(bytes);
        found
    }

    /// [`Check::any_candidate_in`] on `bytes` as [`Lexed::of`] read them.
    fn candidate_in(
        &self,
        bytes: &[u8],
        lexed: &Lexed,
        within: Option<&[std::ops::Range<usize>]>,
    ) -> bool {
        let touches = |start: usize, end: usize| within.is_none_or(|w| overlaps_any(w, start, end));
        let literals = &lexed.literals;
        let places = self
            .places
            .filter(|_| !lexed.unbalanced)
            .map(|places| Placer {
                places,
                bytes,
                brackets: &lexed.brackets,
                python: self.python,
                reaches: RefCell::default(),
                uses_left: Cell::new(MAX_USES),
            });
        let mut run: Vec<&[u8]> = Vec::new();
        let mut run_span = (0, 0);
        let mut first: Option<&Literal> = None;
        let mut last_end = None;
        let passes = |run: &[&[u8]], span: (usize, usize), first: Option<&Literal>| {
            touches(span.0, span.1)
                && match (&places, first) {
                    (Some(p), Some(lit)) => p.credential_place(lit.start, lit.inner, true, 0),
                    _ => true,
                }
                && self.run_passes(run)
        };
        for lit in literals {
            // the syntax pass takes no value from a string with a field
            // (`f"{a}&sig={b}"`, `${a}`): it ends a run, and is no part of one
            if interpolated(bytes, lit, self.python) {
                if passes(&run, run_span, first) {
                    return true;
                }
                run.clear();
                first = None;
                last_end = None;
                continue;
            }
            let joined = last_end.is_some_and(|end| joiners_only(bytes, end, lit.start));
            if !joined {
                if passes(&run, run_span, first) {
                    return true;
                }
                run.clear();
                run_span.0 = lit.start;
                first = Some(lit);
            }
            run.push(bytes.get(lit.content.clone()).unwrap_or_default());
            run_span.1 = lit.end;
            last_end = Some(lit.end);
        }
        passes(&run, run_span, first)
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
        // cheapest first
        !spaced
            && entropy::passes(v, self.floors.min_entropy)
            && !self.reads_as_text(v)
            && !self.placeholders.is_env_read(v)
            && !self.placeholders.is_placeholder(v)
    }
}

impl Check<'_> {
    /// The judge's test for a value holding a credential word (`CapTokenData`):
    /// text, not a key.
    fn reads_as_text(&self, v: &[u8]) -> bool {
        let Some(places) = self.places else {
            return false;
        };
        contains_any(&normalized(v), places.role_words)
    }
}

/// [`Places`] applied to one file's bytes and brackets.
struct Placer<'p> {
    places: &'p Places<'p>,
    bytes: &'p [u8],
    brackets: &'p [Bracket],
    python: bool,
    /// Bound names already decided: whether one of their uses is a credential's.
    reaches: RefCell<HashMap<&'p [u8], bool>>,
    /// Uses still to look at in this file (see [`MAX_USES`]).
    uses_left: Cell<usize>,
}

/// What comes before a value, read backwards.
enum Before {
    /// `name = …`, `name: …`: the name part (from the start of its statement,
    /// argument or entry) ends at this offset (the operator).
    Named(usize),
    /// An argument by position of the call whose `(` is at this bracket index.
    Argument(Option<usize>),
    /// Anything else: a list element, an operand, a returned value.
    Other,
    /// A Python statement of its own after a block's `:` (a docstring).
    Statement,
}

impl<'p> Placer<'p> {
    /// Whether the value starting at `start` (inside bracket `inner`) is in a place
    /// where the judge could accept it; `flow`: follow a local it is bound to.
    fn credential_place(&self, start: usize, inner: Option<usize>, flow: bool, hops: u8) -> bool {
        if hops > MAX_HOPS {
            return true;
        }
        match self.before(start, inner) {
            Before::Named(op) => {
                let name = self.name_before(op);
                self.names_a_credential(name)
                    || (flow
                        && self.places.flow
                        && self.bytes.get(op) == Some(&b'=')
                        && self
                            .enclosing(op)
                            .is_none_or(|i| self.brackets.get(i).is_some_and(|b| b.kind == b'{'))
                        && self.bound_name_reaches(name))
            }
            Before::Statement => false,
            Before::Argument(Some(open)) => {
                let Some(callee) = self.brackets.get(open).and_then(|b| b.callee.clone()) else {
                    // A tuple (`("signature", sig)`): the judge takes no value from one.
                    if self.brackets.get(open).is_some_and(|b| b.comma) {
                        return false;
                    }
                    // A parenthesised value: what comes before the parenthesis decides.
                    let at = self.brackets.get(open).map_or(0, |b| b.open);
                    return self.credential_place(at, self.enclosing(at), flow, hops + 1);
                };
                let text = self.bytes.get(callee.clone()).unwrap_or_default();
                let last = text
                    .rsplit(|b| *b == b'.' || *b == b':')
                    .next()
                    .unwrap_or_default();
                if self.places.wrappers.iter().any(|w| w.as_bytes() == last) {
                    return self.credential_place(
                        callee.start,
                        self.enclosing(callee.start),
                        flow,
                        hops + 1,
                    );
                }
                // A credential setter (`.api_key("…")`) has a role word in its name.
                self.places
                    .callees
                    .iter()
                    .any(|c| *c == "*" || c.as_bytes() == last)
                    || contains_any(&normalized(last), self.places.role_words)
            }
            Before::Argument(None) | Before::Other => false,
        }
    }

    /// The innermost bracket open at `at`: the last one opened before it, or the
    /// nearest of its enclosing ones still open (a walk as deep as the nesting).
    fn enclosing(&self, at: usize) -> Option<usize> {
        let mut i = self
            .brackets
            .partition_point(|b| b.open < at)
            .checked_sub(1);
        while let Some(b) = i.and_then(|i| self.brackets.get(i)) {
            if b.close > at {
                break;
            }
            i = b.parent;
        }
        i
    }

    fn before(&self, start: usize, inner: Option<usize>) -> Before {
        let b = self.bytes;
        let mut i = start;
        // Python's string prefixes (`f"…"`, `rb'…'`).
        if self.python {
            i -= python_prefix(b, i).len();
        }
        let mut lines = false;
        while i > 0 && matches!(b[i - 1], b' ' | b'\t' | b'\r' | b'\n' | b'\\') {
            lines |= b[i - 1] == b'\n';
            i -= 1;
        }
        let Some(&c) = i.checked_sub(1).and_then(|j| b.get(j)) else {
            return Before::Other;
        };
        let prev = i.checked_sub(2).and_then(|j| b.get(j)).copied();
        match c {
            b'(' => Before::Argument(self.enclosing(i)),
            b',' => match inner.or_else(|| self.enclosing(start)) {
                Some(open) if self.brackets.get(open).is_some_and(|b| b.kind == b'(') => {
                    Before::Argument(Some(open))
                }
                _ => Before::Other,
            },
            b'=' if !matches!(prev, Some(b'=' | b'!' | b'<' | b'>')) => Before::Named(i - 1),
            b':' if self.python && lines && inner.is_none() && self.enclosing(start).is_none() => {
                Before::Statement
            }
            b':' => Before::Named(i - 1),
            _ => Before::Other,
        }
    }

    /// The text before the operator at `op`, back to the start of its statement,
    /// argument or entry.
    fn name_before(&self, op: usize) -> &'p [u8] {
        let head = self.bytes.get(..op).unwrap_or_default();
        let from = head
            .iter()
            .rposition(|c| matches!(c, b'\n' | b';' | b'{' | b'(' | b','))
            .map_or(0, |p| p + 1);
        &head[from..]
    }

    /// A name part holds a credential word or header name, or one of its words is a
    /// client parameter's name.
    fn names_a_credential(&self, name: &[u8]) -> bool {
        contains_any(&normalized(name), self.places.name_words)
            || words(name).any(|(_, w)| {
                let w = normalized(w);
                self.places.params.iter().any(|p| p.as_bytes() == w)
            })
    }

    /// Whether `text` (before an `=`) binds a plain name (`k`, `k: str`, `const k`)
    /// that is used where the judge follows a local to its literal.
    fn bound_name_reaches(&self, text: &'p [u8]) -> bool {
        const KEYWORDS: &[&[u8]] = &[b"const", b"let", b"var", b"export"];
        let head = text.split(|c| *c == b':').next().unwrap_or_default();
        let mut names = words(head).filter(|(_, w)| !KEYWORDS.contains(w));
        let (Some((at, name)), None) = (names.next(), names.next()) else {
            return false;
        };
        // A dotted or subscripted target is no local.
        let tail = &head[at + name.len()..];
        tail.iter().all(u8::is_ascii_whitespace)
            && head[..at]
                .iter()
                .all(|c| c.is_ascii_whitespace() || is_ident(*c))
            && self.used_as_credential(name)
    }

    /// Whether a name ending at `end` is read as a whole value there: not a
    /// keyword argument's or a binding's name (`f(pair=…)`, `pair = …`), not the
    /// object of an attribute, subscript or call (`pair.split("/")`, `pair[0]`),
    /// except an argument-less method the judge looks through (`k.strip()`).
    fn stands_as_value(&self, end: usize) -> bool {
        let b = self.bytes;
        let next = |from: usize| {
            (from..b.len())
                .find(|&i| !matches!(b[i], b' ' | b'\t'))
                .map(|i| (i, b[i]))
        };
        match next(end) {
            Some((i, b'=')) => b.get(i + 1) == Some(&b'='),
            Some((_, b'(' | b'[')) => false,
            Some((i, b'.')) => {
                let method = b[i + 1..].iter().take_while(|c| is_ident(**c)).count();
                method > 0
                    && matches!(next(i + 1 + method), Some((j, b'(')) if b.get(j + 1) == Some(&b')'))
            }
            _ => true,
        }
    }

    /// Whether some use of the local `name` is a credential's place (where it is
    /// bound is one only when that binding is itself a credential's). Decided once
    /// per name and file; past the file's budget of uses, a name not yet decided
    /// counts.
    fn used_as_credential(&self, name: &'p [u8]) -> bool {
        if name.first().is_none_or(u8::is_ascii_digit) {
            return false;
        }
        if let Some(&known) = self.reaches.borrow().get(name) {
            return known;
        }
        let b = self.bytes;
        let reaches = memchr::memmem::find_iter(b, name)
            .filter(|&at| {
                at.checked_sub(1)
                    .and_then(|j| b.get(j))
                    .is_none_or(|c| !is_ident(*c) && *c != b'.')
                    && b.get(at + name.len()).is_none_or(|c| !is_ident(*c))
                    && self.stands_as_value(at + name.len())
            })
            .any(|at| {
                let Some(left) = self.uses_left.get().checked_sub(1) else {
                    return true;
                };
                self.uses_left.set(left);
                self.credential_place(at, self.enclosing(at), false, 0)
            });
        self.reaches.borrow_mut().insert(name, reaches);
        reaches
    }
}

/// The identifier-like words of `text`, with their offsets.
fn words(text: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < text.len() && !is_ident(text[at]) {
            at += 1;
        }
        let len = text[at..].iter().take_while(|c| is_ident(**c)).count();
        let word = (len > 0).then(|| (at, &text[at..at + len]));
        at += len;
        word
    })
}

/// Lowercase ASCII letters and digits only, as names are compared.
fn normalized(text: &[u8]) -> Vec<u8> {
    text.iter()
        .filter(|b| b.is_ascii_alphanumeric())
        .map(u8::to_ascii_lowercase)
        .collect()
}

fn contains_any(text: &[u8], words: &[String]) -> bool {
    words
        .iter()
        .any(|w| memchr::memmem::find(text, w.as_bytes()).is_some())
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$'
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
#[derive(Clone, Debug, PartialEq, Eq)]
struct Literal {
    start: usize,
    end: usize,
    content: std::ops::Range<usize>,
    /// The innermost bracket open around it (an index into [`Lexer::brackets`]).
    inner: Option<usize>,
}

/// The prefix letters of a Python string whose quote is at `start` (`f`, `rb`, …): at
/// most two of `r`, `b`, `u`, `f` (three or more such letters are a word, not a prefix).
fn python_prefix(b: &[u8], start: usize) -> &[u8] {
    let letters = b[..start]
        .iter()
        .rev()
        .take(3)
        .take_while(|c| matches!(c.to_ascii_lowercase(), b'r' | b'b' | b'u' | b'f'))
        .count();
    if letters <= 2 {
        &b[start - letters..start]
    } else {
        &[]
    }
}

/// Whether `lit` has a field the language fills in: a Python f-string's `{…}` (not an
/// escaped `{{`), a JavaScript template's `${…}`.
fn interpolated(bytes: &[u8], lit: &Literal, python: bool) -> bool {
    let content = bytes.get(lit.content.clone()).unwrap_or_default();
    if python {
        let f = python_prefix(bytes, lit.start)
            .iter()
            .any(|c| c.eq_ignore_ascii_case(&b'f'));
        let mut i = 0;
        while f && i < content.len() {
            match (content[i], content.get(i + 1)) {
                (b'{', Some(b'{')) | (b'}', Some(b'}')) => i += 2,
                (b'{', _) => return true,
                _ => i += 1,
            }
        }
        false
    } else {
        bytes.get(lit.start) == Some(&b'`') && memchr::memmem::find(content, b"${").is_some()
    }
}

/// Bytes the lexer acts on (comments, quotes, brackets); it skips the others.
const LEXED: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = matches!(
            i as u8,
            b'#' | b'/' | b'\'' | b'"' | b'`' | b'(' | b'[' | b'{' | b')' | b']' | b'}' | b','
        );
        i += 1;
    }
    t
};

/// A bracket pair the lexer saw, in the order of the opening ones.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Bracket {
    kind: u8,
    open: usize,
    /// The closing bracket's offset (the end of the file if none).
    close: usize,
    /// For `(`: the name called, when one is written right before it (`a.b (`).
    callee: Option<std::ops::Range<usize>>,
    /// The bracket open around this one.
    parent: Option<usize>,
    /// A comma stands directly inside (for a `(` without a callee: a tuple).
    comma: bool,
}

/// String literals of Python (`python`) or JavaScript/TypeScript source, in order.
struct Lexer<'b> {
    bytes: &'b [u8],
    at: usize,
    python: bool,
    brackets: Vec<Bracket>,
    open: Vec<usize>,
    mismatched: bool,
    /// Literals returned so far.
    emitted: usize,
    /// Where the lexer could be resumed from ([`Lexed::of`]); recorded every
    /// [`MARK_EVERY`] bytes when asked for.
    marks: Vec<Mark>,
    next_mark: usize,
}

impl<'b> Lexer<'b> {
    fn new(bytes: &'b [u8], python: bool) -> Self {
        Lexer {
            bytes,
            at: 0,
            python,
            brackets: Vec::new(),
            open: Vec::new(),
            mismatched: false,
            emitted: 0,
            marks: Vec::new(),
            next_mark: usize::MAX,
        }
    }

    /// Record the lexer's state every [`MARK_EVERY`] bytes from `from` on.
    fn marking(mut self, from: usize) -> Self {
        self.next_mark = from;
        self
    }

    fn mark(&mut self) {
        self.marks.push(Mark {
            at: self.at,
            literals: self.emitted,
            brackets: self.brackets.len(),
            open: self
                .open
                .iter()
                .map(|&i| (i, self.brackets[i].comma))
                .collect(),
            mismatched: self.mismatched,
        });
        self.next_mark = self.at.saturating_add(MARK_EVERY);
    }

    /// Whether a bracket closed another kind or stayed open (after the last literal).
    fn unbalanced(&self) -> bool {
        self.mismatched || !self.open.is_empty()
    }

    fn open_bracket(&mut self, at: usize, kind: u8) {
        let callee = (kind == b'(')
            .then(|| {
                let b = self.bytes;
                let mut end = at;
                while end > 0 && matches!(b[end - 1], b' ' | b'\t') {
                    end -= 1;
                }
                let start = end
                    - b[..end]
                        .iter()
                        .rev()
                        .take_while(|c| is_ident(**c) || matches!(c, b'.' | b'?' | b':'))
                        .count();
                (start < end && b.get(end - 1).is_some_and(|c| is_ident(*c))).then_some(start..end)
            })
            .flatten();
        let parent = self.open.last().copied();
        self.open.push(self.brackets.len());
        self.brackets.push(Bracket {
            kind,
            open: at,
            close: self.bytes.len(),
            callee,
            parent,
            comma: false,
        });
    }

    fn close_bracket(&mut self, at: usize, kind: u8) {
        let Some(i) = self.open.pop() else {
            self.mismatched = true;
            return;
        };
        if let Some(b) = self.brackets.get_mut(i) {
            b.close = at;
            self.mismatched |= b.kind != kind;
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
            // jump to the next byte that can end the literal
            let stop = if multiline {
                memchr::memchr2(b'\\', quote, &b[i..])
            } else {
                memchr::memchr3(b'\\', quote, b'\n', &b[i..])
            };
            let Some(n) = stop else { break };
            i += n;
            match b[i] {
                b'\\' => i += 2,
                b'\n' if !multiline => {
                    // Unterminated on its line: not a literal the parser would keep.
                    return Literal {
                        start,
                        end: i,
                        content: i..i,
                        inner: self.open.last().copied(),
                    };
                }
                q if q == quote && (!triple || b[i..].starts_with(&[quote, quote, quote])) => {
                    let close = if triple { 3 } else { 1 };
                    return Literal {
                        start,
                        end: i + close,
                        content: start + open..i,
                        inner: self.open.last().copied(),
                    };
                }
                _ => i += 1,
            }
        }
        Literal {
            start,
            end: b.len(),
            content: (start + open).min(b.len())..b.len(),
            inner: self.open.last().copied(),
        }
    }
}

impl Iterator for Lexer<'_> {
    type Item = Literal;

    fn next(&mut self) -> Option<Literal> {
        let b = self.bytes;
        while self.at < b.len() {
            if self.at >= self.next_mark {
                self.mark();
            }
            // most bytes are none of the lexer's
            let i = match b[self.at..].iter().position(|&c| LEXED[usize::from(c)]) {
                Some(n) => self.at + n,
                None => {
                    self.at = b.len();
                    break;
                }
            };
            match b[i] {
                b'#' if self.python => self.at = line_end(b, i),
                b'/' if !self.python && b.get(i + 1) == Some(&b'/') => self.at = line_end(b, i),
                b'/' if !self.python && b.get(i + 1) == Some(&b'*') => {
                    self.at = block_comment_end(b, i);
                }
                q @ (b'\'' | b'"') => return Some(self.emit(i, q)),
                b'`' if !self.python => return Some(self.emit(i, b'`')),
                c @ (b'(' | b'[' | b'{') => {
                    self.open_bracket(i, c);
                    self.at = i + 1;
                }
                b',' => {
                    if let Some(&open) = self.open.last() {
                        self.brackets[open].comma = true;
                    }
                    self.at = i + 1;
                }
                c @ (b')' | b']' | b'}') => {
                    let kind = match c {
                        b')' => b'(',
                        b']' => b'[',
                        _ => b'{',
                    };
                    self.close_bracket(i, kind);
                    self.at = i + 1;
                }
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
        self.emitted += 1;
        lit
    }
}

/// Files this large are lexed with [`Mark`]s and kept per thread, so that the next
/// version of the same file (history) is lexed again only from where it changed.
const RESUMABLE: usize = 1 << 16;
/// Bytes between two [`Mark`]s.
const MARK_EVERY: usize = 1 << 12;
/// The lexer reads at most this many bytes past where it stops (the byte that
/// ends an unterminated literal's line).
const LOOKAHEAD: usize = 4;

/// The lexer's state before the byte at `at`: it had returned `literals` literals
/// and seen `brackets` brackets, of which `open` (with their comma flags) were open.
#[derive(Clone, Debug)]
struct Mark {
    at: usize,
    literals: usize,
    brackets: usize,
    open: Vec<(usize, bool)>,
    mismatched: bool,
}

/// A file as the lexer read it.
struct Lexed {
    literals: Vec<Literal>,
    brackets: Vec<Bracket>,
    unbalanced: bool,
    marks: Vec<Mark>,
    python: bool,
    /// Where lexing started (past 0: resumed from a mark); read by the tests.
    #[cfg_attr(not(test), expect(dead_code))]
    from: usize,
}

/// Large files kept per thread (history interleaves the versions of a few).
const KEPT: usize = 4;
/// Largest file kept.
const KEPT_MAX: usize = 4 << 20;

thread_local! {
    /// The last large files lexed on this thread, with their bytes, newest first.
    static LAST: RefCell<Vec<(Vec<u8>, Lexed)>> = const { RefCell::new(Vec::new()) };
}

impl Lexed {
    /// Lex `bytes`, from the last [`Mark`] of the thread's last large file that
    /// `bytes` shares everything before (a new version of a file differs from the
    /// last one only where it changed): the same bytes give the same state.
    fn of(bytes: &[u8], python: bool) -> Lexed {
        let mut lexer = Lexer::new(bytes, python);
        let mut literals = Vec::new();
        if bytes.len() >= RESUMABLE {
            lexer = lexer.marking(0);
            if let Some((same, was)) = take_kept(bytes, python) {
                literals = lexer.resume(was, same);
            }
        }
        let from = lexer.at;
        literals.extend(lexer.by_ref());
        Lexed {
            literals,
            unbalanced: lexer.unbalanced(),
            brackets: lexer.brackets,
            marks: lexer.marks,
            python,
            from,
        }
    }

    /// Keep a large file's reading for [`Lexed::of`] on this thread (up to
    /// [`KEPT_MAX`] bytes: the copies stay small beside the files scanned).
    fn keep(self, bytes: &[u8]) {
        if !(RESUMABLE..=KEPT_MAX).contains(&bytes.len()) {
            return;
        }
        LAST.with(|l| {
            let mut l = l.borrow_mut();
            let mut copy = if l.len() >= KEPT {
                l.pop().map(|(b, _)| b).unwrap_or_default()
            } else {
                Vec::new()
            };
            copy.clear();
            copy.extend_from_slice(bytes);
            l.insert(0, (copy, self));
        });
    }
}

/// The kept file of the thread (same language) that shares the longest start with
/// `bytes`, taken out, with the length of that start; none when it is shorter than
/// the first mark past 0.
fn take_kept(bytes: &[u8], python: bool) -> Option<(usize, Lexed)> {
    LAST.with(|l| {
        let mut l = l.borrow_mut();
        let (same, i) = l
            .iter()
            .enumerate()
            .filter(|(_, (_, was))| was.python == python)
            .map(|(i, (old, _))| (common_prefix(old, bytes), i))
            .max()
            .filter(|&(same, _)| same >= MARK_EVERY + LOOKAHEAD)?;
        Some((same, l.remove(i).1))
    })
}

impl Lexer<'_> {
    /// Take up `was` (a reading of a file whose first `same` bytes are this one's) at
    /// its last mark those bytes decide: the literals read before it are returned, the
    /// brackets, open ones and marks become the lexer's own.
    fn resume(&mut self, mut was: Lexed, same: usize) -> Vec<Literal> {
        let k = was
            .marks
            .partition_point(|m| m.at.saturating_add(LOOKAHEAD) <= same);
        let Some(m) = k.checked_sub(1).and_then(|k| was.marks.get(k)).cloned() else {
            return Vec::new();
        };
        was.literals.truncate(m.literals);
        was.brackets.truncate(m.brackets);
        for &(i, comma) in &m.open {
            if let Some(b) = was.brackets.get_mut(i) {
                b.close = self.bytes.len();
                b.comma = comma;
            }
        }
        was.marks.truncate(k);
        self.at = m.at;
        self.emitted = m.literals;
        self.brackets = was.brackets;
        self.open = m.open.iter().map(|&(i, _)| i).collect();
        self.mismatched = m.mismatched;
        self.marks = was.marks;
        self.next_mark = m.at.saturating_add(MARK_EVERY);
        was.literals
    }
}

/// How many bytes `a` and `b` share at their start.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 256;
    let chunks = a
        .chunks(CHUNK)
        .zip(b.chunks(CHUNK))
        .take_while(|(x, y)| x == y)
        .count();
    let at = chunks * CHUNK;
    let rest = a
        .get(at..)
        .unwrap_or_default()
        .iter()
        .zip(b.get(at..).unwrap_or_default())
        .take_while(|(x, y)| x == y)
        .count();
    (at + rest).min(a.len()).min(b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "q8Zk3vP1xR7mW2nT9bYc4LdF6hJ0sA5e"; // keylint:allow (synthetic)

    fn check(python: bool, spaces_allowed: bool, placeholders: &Placeholders) -> Check<'_> {
        Check {
            floors: Floors {
                min_length: 8,
                min_entropy: 3.0,
            },
            placeholders,
            spaces_allowed,
            python,
            places: None,
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
        // A string with a field is no value of the syntax pass's, nor part of one; an
        // f-string without one is a literal.
        assert!(!py.any_candidate(format!("k = f\"{{q}}&sig={KEY}\"\n").as_bytes()));
        assert!(py.any_candidate(format!("k = f\"{KEY}\"\n").as_bytes()));
        assert!(!js.any_candidate(format!("const k = `${{q}}{KEY}`;\n").as_bytes()));
        assert!(js.any_candidate(format!("const k = `{KEY}`;\n").as_bytes()));
    }
    #[test]
    fn only_literals_where_the_judge_looks_are_candidates() {
        let p = Placeholders::builtin();
        let names = ["secret".to_string(), "apikey".to_string()];
        let params = ["key".to_string()];
        let places = Places {
            name_words: &names,
            role_words: &names,
            params: &params,
            callees: vec!["Client"],
            wrappers: vec!["str"],
            flow: true,
        };
        let py = Check {
            places: Some(&places),
            ..check(true, true, &p)
        };
        let yes = |t: String| assert!(py.any_candidate(t.as_bytes()), "{t}");
        let no = |t: String| assert!(!py.any_candidate(t.as_bytes()), "{t}");
        yes(format!("API_SECRET = '{KEY}'\n"));
        yes(format!("f(api_key=str('{KEY}'))\n"));
        yes(format!("d = {{'key': '{KEY}'}}\n"));
        yes(format!("c = Client(x, '{KEY}')\n"));
        yes(format!("k = '{KEY}'\nc = Client(k)\n"));
        yes(format!("k = '{KEY}'\nf(api_key=k)\n"));
        no(format!("pair = '{KEY}'\nprint(pair)\n"));
        no(format!("f(pair='{KEY}')\n"));
        no(format!("xs = ['{KEY}', '{KEY}']\n"));
        no(format!("if x == '{KEY}':\n    pass\n"));
        no(format!("def f():\n    \"\"\"{KEY}\"\"\"\n"));
        no(format!("self.key_of[k] = '{KEY}'\n"));
        // Values holding a credential word read as text.
        no("API_SECRET = 'the_secret_of_q8Zk3vP1'\n".to_string());
        // Unbalanced brackets: every passing literal counts.
        yes(format!("f(x]\npair = '{KEY}'\n"));
        // A local used many times is followed through all its uses, not counted
        // after a few: only a use where a credential goes makes it one.
        let many = "print(pair)\nf(g(h(pair)), [pair])\n".repeat(200);
        no(format!("pair = '{KEY}'\n{many}"));
        yes(format!("pair = '{KEY}'\n{many}c = Client(pair)\n"));
        // Each name is decided once, whatever its bindings.
        no(format!("pair = '{KEY}'\n{many}pair = '{KEY}'\n"));
        yes(format!(
            "k = '{KEY}'\npair = '{KEY}'\n{many}c = Client(k)\n"
        ));
        // Uses that are no value of the name's own: a keyword's or a binding's
        // name, the object of an attribute, subscript or call.
        no(format!(
            "pair = '{KEY}'\nClient(pair=1)\nf(pair = 2)\npair = 3\n"
        ));
        no(format!(
            "pair = '{KEY}'\nClient(pair.split('/'))\nClient(pair[0])\n"
        ));
        no(format!("pair = '{KEY}'\nClient(pair ('x'))\n"));
        yes(format!("pair = '{KEY}'\nClient(pair.strip())\n"));
        // A parenthesised value counts as the value; a tuple's members do not.
        yes(format!("c = Client(('{KEY}'))\n"));
        no(format!("c = Client(('{KEY}', 1))\n"));
        no(format!("params.append(('{KEY}', data['x']))\n"));
        no(format!("c = Client((1, '{KEY}'))\n"));
        // Past the file's budget of uses, a name not yet decided counts.
        let past = "print(pair)\n".repeat(MAX_USES + 1);
        yes(format!("pair = '{KEY}'\n{past}"));
    }

    #[test]
    fn a_new_version_lexed_from_a_mark_reads_as_lexed_from_its_start() {
        fn fresh(bytes: &[u8], python: bool) -> (Vec<Literal>, Vec<Bracket>, bool) {
            let mut lexer = Lexer::new(bytes, python);
            let literals = lexer.by_ref().collect();
            let unbalanced = lexer.unbalanced();
            (literals, lexer.brackets, unbalanced)
        }
        let unit = |i: usize| {
            format!(
                "def f{i}(a, b=('x', \"y{i}\")):\n    s = '''doc\n{i}'''  # c'\n    return g([a, {{'k': \"v\"}}], `t`)\n"
            )
        };
        let base: String = (0..1200).map(unit).collect();
        assert!(base.len() > RESUMABLE);
        // edits at the start, inside, near the end, and ones that open a string,
        // close a bracket or start a comment that runs on
        let edits: [(usize, &str, usize); 8] = [
            (0, "x = 1\n", 0),
            (base.len() / 2, "\"", 0),
            (base.len() / 2, "", 5),
            (base.len() / 3, ")", 0),
            (base.len() / 3, "'''", 0),
            (base.len() - 10, "# ", 0),
            (base.len(), "\nz = '", 0),
            (RESUMABLE + 3, "[", 0),
        ];
        for python in [true, false] {
            // nothing kept from another test on this thread
            LAST.with(|l| l.borrow_mut().clear());
            let first = Lexed::of(base.as_bytes(), python);
            first.keep(base.as_bytes());
            let mut last = base.clone().into_bytes();
            for (at, insert, delete) in edits {
                let mut new = last.clone();
                let at = at.min(new.len());
                new.splice(at..(at + delete).min(new.len()), insert.bytes());
                let lexed = Lexed::of(&new, python);
                let (literals, brackets, unbalanced) = fresh(&new, python);
                assert_eq!(lexed.literals, literals, "edit at {at}");
                assert_eq!(lexed.brackets, brackets, "edit at {at}");
                assert_eq!(lexed.unbalanced, unbalanced, "edit at {at}");
                // resumed from the last mark before the edit
                assert!(lexed.from <= at && at < lexed.from + MARK_EVERY + LOOKAHEAD);
                lexed.keep(&new);
                last = new;
            }
            // a file of another language is not resumed from
            let other = Lexed::of(&last, !python);
            assert_eq!(other.literals, fresh(&last, !python).0);
            assert_eq!(other.from, 0);
            LAST.with(|l| l.borrow_mut().clear());
        }
        assert_eq!(common_prefix(b"abc", b"abd"), 2);
        assert_eq!(common_prefix(&[7; 600], &[7; 300]), 300);
    }

    #[test]
    fn the_innermost_open_bracket_is_found_through_closed_siblings() {
        let src = b"f(a, g(b), [c, (d)], e)\nz";
        let mut lexer = Lexer::new(src, true);
        lexer.by_ref().for_each(drop);
        let places = Places::default();
        let placer = Placer {
            places: &places,
            bytes: src,
            brackets: &lexer.brackets,
            python: true,
            reaches: RefCell::default(),
            uses_left: Cell::new(MAX_USES),
        };
        let at = |s: &str| {
            src.windows(s.len())
                .position(|w| w == s.as_bytes())
                .unwrap()
        };
        let open = |i: Option<usize>| i.map(|i| src[lexer.brackets[i].open] as char);
        assert_eq!(open(placer.enclosing(at("a"))), Some('('));
        assert_eq!(
            placer.enclosing(at("e")),
            Some(0),
            "the call's own parenthesis"
        );
        assert_eq!(open(placer.enclosing(at("d"))), Some('('));
        assert_eq!(open(placer.enclosing(at("c"))), Some('['));
        assert_eq!(placer.enclosing(at("z")), None);
    }
}
