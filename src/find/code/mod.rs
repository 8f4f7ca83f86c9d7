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
//! their regex findings. A Python, JavaScript or TypeScript file is then parsed only
//! if it holds a literal the judge could accept ([`gate`]: long, random enough, not a
//! placeholder, and where the judge looks: under a credential name, passed to a
//! client, or bound to a local that is). A file that only calls what capabilities
//! are read from is parsed by `keylint permissions`; a scan defers it and parses it
//! only if it found a key whose findings carry capabilities
//! ([`crate::capability::CapabilityFacts`]). A file that does not parse, is not UTF-8 (Rust), is nested
//! too deeply or is larger than 1 MiB is left to the regex rules, with a
//! `parse-fallback` note (shown with `--verbose`). Flow-typed JavaScript and
//! Python 2 code that is not also Python 3 do not parse.
//!
//! ## Configuration
//! `disabled_rules` in `.keylint.toml` turns off any rule this pass reports; the
//! table is `rules/clients.toml`, the placeholder filter `rules/placeholders.toml`.

pub mod capability;
pub mod facts;
pub mod gate;
pub mod judge;
pub mod rust;
pub mod table;
pub mod tree;

use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::{Detector, DetectorNote, Match, ScanContext, WordSites};
use crate::capability::{CapabilityFacts, CapabilityUse};
use crate::rules::{RuleKind, RuleSet};
use crate::source::{Lang, Source};
use capability::Capabilities;
use judge::Judge;
use table::{Table, Wrappers};
use tree::Grammar;

/// Larger files are left to the regex rules: parse time and memory grow with size
/// (a syntax tree takes tens of bytes per source byte), and hand-written client code
/// is far smaller.
pub const MAX_PARSE_BYTES: usize = 1 << 20;

/// Files at least this large (64 KiB) whose lines average more than [`MINIFIED_LINE`] bytes
/// are minified or generated (a bundler's output, `*.min.js`): left to the lexical
/// layers, which read them as text. Their names are mangled, so the data flow the
/// syntax tree shows (a literal bound to a local, passed to a client) is not there
/// to see, and parsing them was the largest cost of auditing a history that
/// commits its bundles (jesse: 41% of CPU).
const MINIFIED_MIN_BYTES: usize = 64 << 10;
/// See [`MINIFIED_MIN_BYTES`]; hand-written code averages 30 to 60 bytes a line.
const MINIFIED_LINE: usize = 400;

/// The note of a file [`minified`] judges minified.
fn minified_note() -> String {
    format!(
        "minified (lines average over {MINIFIED_LINE} bytes), not parsed; only the regex rules ran"
    )
}

/// Whether `bytes` looks minified (see [`MINIFIED_MIN_BYTES`]).
fn minified(bytes: &[u8]) -> bool {
    bytes.len() >= MINIFIED_MIN_BYTES
        && memchr::memchr_iter(b'\n', bytes).count() < bytes.len() / MINIFIED_LINE
}

/// The code-aware detector (one for every supported language).
pub struct CodeDetector {
    table: Table,
    /// What calls and REST paths need which capability.
    caps: Capabilities,
    /// Parse files for their capabilities alone (`keylint permissions`); otherwise
    /// capabilities are read only from files parsed for credentials.
    caps_gate: bool,
    /// The table's hint words, then the capability table's, to confirm a prefilter
    /// hit starts a word.
    hints: AhoCorasick,
    /// Rules whose keyword hits mark credential names (the generic assignment rules).
    name_rules: Vec<usize>,
    /// The loosest value checks of the judge, for the parse gate.
    floors: gate::Floors,
    /// Normalised words of credential names, client parameters and headers, and the
    /// role words alone, for the parse gate's [`gate::Places`].
    name_words: Vec<String>,
    role_words: Vec<String>,
    params: Vec<String>,
    /// Off only in tests, which compare gated and ungated scans.
    parse_gate: bool,
}

impl CodeDetector {
    /// The built-in tables, resolved against the engine's rules.
    pub fn new(rules: &RuleSet) -> Result<CodeDetector, String> {
        let caps = Capabilities::builtin().map_err(|e| e.to_string())?;
        CodeDetector::with_capabilities(rules, caps)
    }

    /// The built-in clients table and `caps`.
    pub fn with_capabilities(rules: &RuleSet, caps: Capabilities) -> Result<CodeDetector, String> {
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
        let hints = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(table.hints.iter().chain(&caps.hints))
            .map_err(|e| format!("rules/{}: hints: {e}", table::FILE))?;
        let floors = gate::Floors {
            min_length: table.defaults.min_length,
            min_entropy: rules
                .rules()
                .iter()
                .filter_map(|r| r.min_entropy)
                .fold(table.defaults.min_entropy, f64::min),
        };
        let role_words: Vec<String> = table
            .roles
            .iter()
            .flat_map(|r| r.words.iter().cloned())
            .collect();
        let mut name_words: Vec<String> = role_words
            .iter()
            .cloned()
            .chain(table.headers.iter().map(|h| table::normalize(&h.name)))
            .filter(|w| !w.is_empty())
            .collect();
        name_words.sort_unstable();
        name_words.dedup();
        let mut params: Vec<String> = table
            .clients
            .iter()
            .flat_map(|c| {
                c.args
                    .iter()
                    .chain(&c.keywords)
                    .chain(&c.object_keyword)
                    .chain(c.roles.keys())
                    .map(|a| table::normalize(a))
            })
            .filter(|w| !w.is_empty())
            .collect();
        params.sort_unstable();
        params.dedup();
        Ok(CodeDetector {
            table,
            caps,
            caps_gate: false,
            hints,
            name_rules,
            floors,
            name_words,
            role_words,
            params,
            parse_gate: true,
        })
    }

    /// Also parse files that only call exchange libraries or REST paths, for their
    /// capabilities (`keylint permissions`).
    pub fn parse_for_capabilities(mut self, on: bool) -> CodeDetector {
        self.caps_gate = on;
        self
    }

    /// Which hint words occur at the start of a word (`apca` in `apca::ApiInfo` but
    /// not in `PROC_TRAPCAP`, `bybit` in `pybit` but not in `ByBitFlags`). Runs only
    /// when the prefilter saw one of them somewhere in the file; reads the prefilter's
    /// list of where they occur in `bytes` when it has one (`sites`), else searches.
    fn confirmed_hints(&self, bytes: &[u8], seen: &[bool], sites: WordSites) -> Vec<bool> {
        let mut words = vec![false; self.table.hints.len() + self.caps.hints.len()];
        if !seen.iter().any(|&s| s) {
            return words;
        }
        let starts_word = |start: usize| {
            start
                .checked_sub(1)
                .and_then(|i| bytes.get(i))
                .is_none_or(|b| !b.is_ascii_alphanumeric())
        };
        if let Some(found) = sites.get() {
            for (w, r) in found {
                if starts_word(r.start)
                    && let Some(w) = words.get_mut(w)
                {
                    *w = true;
                }
            }
            return words;
        }
        for m in self.hints.find_overlapping_iter(bytes) {
            if starts_word(m.start())
                && let Some(w) = words.get_mut(m.pattern().as_usize())
            {
                *w = true;
            }
        }
        words
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
                let is_ident = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
                let start = hit.start
                    - bytes[..hit.start]
                        .iter()
                        .rev()
                        .take_while(|b| is_ident(b))
                        .count();
                let end = hit.end + bytes[hit.end..].iter().take_while(|b| is_ident(b)).count();
                if cx.placeholders.is_excluded_name(&bytes[start..end]) {
                    return false;
                }
                let rest = bytes.get(hit.end..).unwrap_or_default();
                let end = memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len());
                let next = &rest[end..];
                let next = &next[next
                    .iter()
                    .take_while(|b| matches!(b, b'\n' | b'\r'))
                    .count()..];
                let next_end = memchr::memchr2(b'\n', b'\r', next).unwrap_or(next.len());
                hides_literal(&rest[..end], &next[..next_end], src.lang(), wrappers)
            })
    }
}

impl CodeDetector {
    /// Whether a Python, JavaScript or TypeScript file holds a literal the judge
    /// could accept ([`gate`]) in `bytes` (its text; a partial source's text as
    /// written), counting only the runs that touch `within` when given.
    fn candidate_literal(
        &self,
        src: &Source,
        cx: &ScanContext,
        judge: &Judge,
        bytes: &[u8],
        within: Option<&[std::ops::Range<usize>]>,
    ) -> bool {
        let places = self.places(src.lang(), judge);
        gate::Check {
            floors: self.floors,
            placeholders: cx.placeholders,
            spaces_allowed: self.spaces_allowed(src.bytes(), judge),
            python: src.lang() == Lang::Python,
            places: Some(&places),
        }
        .any_candidate_in(bytes, within)
    }

    /// Where the judge could accept a literal in a file in `lang` (see [`gate`]).
    fn places<'s>(&'s self, lang: Lang, judge: &'s Judge<'s>) -> gate::Places<'s> {
        let last = |c: &'s table::Callee| c.segments.last().map_or("*", String::as_str);
        let mut callees: Vec<&str> = judge
            .applicable()
            .filter(|c| c.args.iter().any(|a| a != "_"))
            .flat_map(|c| c.callees.iter().map(last))
            .collect();
        let headers = judge.any_header();
        if headers {
            callees.extend(self.table.header_calls.iter().map(String::as_str));
        }
        gate::Places {
            name_words: &self.name_words,
            role_words: &self.role_words,
            params: &self.params,
            callees,
            wrappers: self.table.wrappers(lang).calls.iter().map(last).collect(),
            flow: headers || judge.applicable().next().is_some(),
        }
    }

    /// Whether a value with spaces could be judged a password here: the file names a
    /// password (`pass…`, `pwd`), or an applicable client takes one by position.
    fn spaces_allowed(&self, bytes: &[u8], judge: &Judge) -> bool {
        let spaced_role = |name: &str| {
            self.table
                .role_of(&table::normalize(name))
                .is_some_and(|r| matches!(r.role.as_str(), "password" | "passphrase"))
        };
        let positional = judge.applicable().any(|c| {
            c.args.iter().any(|a| {
                spaced_role(a)
                    || c.roles
                        .get(&table::normalize(a))
                        .is_some_and(|r| matches!(r.as_str(), "password" | "passphrase"))
            })
        });
        positional || PASSWORD_WORDS.find(bytes).is_some()
    }
}

/// Words in every name the judge reads as a password or passphrase.
static PASSWORD_WORDS: std::sync::LazyLock<AhoCorasick> = std::sync::LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build(["pass", "pwd"])
        .expect("two literal words build")
});

/// After a credential name: does the rest of its `line` assign a literal that is
/// concatenated (`"a" + "b"`, `"a" "b"`), wrapped (`Some("…")`, `String::from("…")`,
/// `&"…"`), or continued on the `next` line (`= (`, `= \\`, `=` then a literal)?
/// Tuples and lists of literals (`("a",`) do not count; in Rust only `"` quotes.
pub fn hides_literal(line: &[u8], next: &[u8], lang: Lang, wrappers: &Wrappers) -> bool {
    let c = LineCheck {
        rust: lang == Lang::Rust,
        wrappers,
    };
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
            let rest = &line[after..];
            if c.starts_string(rest.strip_prefix(b"&").unwrap_or(rest)) || c.starts_wrapper(rest) {
                after
            } else {
                match assignment_in(rest) {
                    Some(eq) => after + eq + 1,
                    None => return false,
                }
            }
        }
        _ => return false,
    };
    c.hidden_value(trim(&line[value_start.min(line.len())..]), next)
}

/// The language-specific parts of [`hides_literal`].
struct LineCheck<'w> {
    rust: bool,
    wrappers: &'w Wrappers,
}

impl LineCheck<'_> {
    fn hidden_value(&self, value: &[u8], next: &[u8]) -> bool {
        if let Some(head) = value.strip_suffix(b"\\") {
            return self.starts_literal(head) || self.starts_literal(next);
        }
        if value.is_empty() || value == b"(" {
            return self.starts_literal(next);
        }
        let referenced = value.starts_with(b"&");
        let value = value.strip_prefix(b"&").unwrap_or(value);
        let parenthesized = value.starts_with(b"(");
        let value = trim(value.strip_prefix(b"(").unwrap_or(value));
        if self.starts_wrapper(value) || value.starts_with(b"concat!(") {
            return true;
        }
        let Some(after) = self.after_string(value) else {
            return false;
        };
        let after = without_comment(trim(after));
        if let Some(rest) = after.strip_prefix(b"+") {
            let rest = without_comment(trim(rest));
            return if rest.is_empty() {
                self.starts_literal(next)
            } else {
                self.starts_string(rest)
            };
        }
        referenced || self.starts_string(after) || (parenthesized && after.is_empty())
    }

    /// `text` starts with a literal that is not an element of a tuple or list,
    /// possibly in `(`, after `&`, or wrapped.
    fn starts_literal(&self, text: &[u8]) -> bool {
        let t = trim(text);
        let t = trim(t.strip_prefix(b"(").unwrap_or(t));
        let t = t.strip_prefix(b"&").unwrap_or(t);
        match self.after_string(t) {
            Some(after) => !trim(after).starts_with(b","),
            None => self.starts_wrapper(t),
        }
    }

    fn starts_string(&self, text: &[u8]) -> bool {
        self.after_string(text).is_some()
    }

    fn is_quote(&self, b: u8) -> bool {
        if self.rust {
            b == b'"'
        } else {
            matches!(b, b'"' | b'\'' | b'`')
        }
    }

    /// `Some(`, `String::from(`, `str(` … followed by a string literal.
    fn starts_wrapper(&self, value: &[u8]) -> bool {
        self.wrappers.call_texts.iter().any(|name| {
            value
                .strip_prefix(name.as_bytes())
                .and_then(|r| r.strip_prefix(b"("))
                .is_some_and(|r| {
                    let r = trim(r);
                    self.starts_string(r.strip_prefix(b"&").unwrap_or(r))
                })
        })
    }

    /// The text after a string literal at the start of `value` (prefixes such as
    /// `r`, `b`, `f` and Python's triple quotes included); `None` if it does not
    /// start with one.
    fn after_string<'v>(&self, value: &'v [u8]) -> Option<&'v [u8]> {
        let prefix = value
            .iter()
            .take(2)
            .take_while(|c| matches!(c.to_ascii_lowercase(), b'r' | b'b' | b'u' | b'f' | b'c'))
            .count();
        let rest = &value[prefix..];
        let quote = *rest.first().filter(|q| self.is_quote(**q))?;
        let triple = rest.len() >= 3 && rest[1] == quote && rest[2] == quote;
        let mut i = if triple { 3 } else { 1 };
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
}

/// `text` up to a trailing `#` or `//` comment (empty if it is one).
fn without_comment(text: &[u8]) -> &[u8] {
    if text.starts_with(b"#") || text.starts_with(b"//") {
        &[]
    } else {
        text
    }
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

/// The first `=` that is an assignment (not `==`, `=>`, `<=`, `>=`, `!=`).
fn assignment_in(b: &[u8]) -> Option<usize> {
    (0..b.len()).find(|&i| {
        b[i] == b'='
            && b.get(i + 1).is_none_or(|n| !matches!(n, b'=' | b'>'))
            && (i == 0 || !matches!(b[i - 1], b'=' | b'<' | b'>' | b'!'))
    })
}

impl Detector for CodeDetector {
    fn id(&self) -> &'static str {
        "code"
    }

    fn keywords(&self) -> Vec<String> {
        self.table
            .hints
            .iter()
            .chain(&self.caps.hints)
            .cloned()
            .collect()
    }

    fn detect(
        &self,
        src: &Source,
        cx: &ScanContext,
        out: &mut Vec<Match>,
        notes: &mut Vec<DetectorNote>,
        caps: &mut CapabilityFacts,
    ) {
        let Some((id, grammar)) = parser_of(src) else {
            return;
        };
        // Most files hold neither a client's word nor a credential name: done.
        let name_seen = self
            .name_rules
            .iter()
            .any(|&r| cx.hits.candidate.get(r) == Some(&true));
        let n = self.table.hints.len();
        let (client_seen, caps_seen) = cx.words.split_at(n.min(cx.words.len()));
        let caps_seen = self.caps_gate && caps_seen.iter().any(|&w| w);
        if !(name_seen || client_seen.iter().any(|&w| w) || caps_seen) {
            return;
        }
        let text = src.partial().map_or(src.bytes(), |p| p.original);
        let words = self.confirmed_hints(text, cx.words, cx.sites);
        let (client_words, caps_words) = words.split_at(n.min(words.len()));
        let judge = Judge {
            table: &self.table,
            rules: cx.rules,
            placeholders: cx.placeholders,
            words: client_words,
            lang: src.lang(),
        };
        let for_caps = self.caps_gate && self.caps.any_applicable(src.lang(), caps_words);
        if !for_caps && !judge.any_applicable() && !self.hidden_literal_line(src, cx) {
            return;
        }
        // not even the parse gate's lexer: a bundle is read by the lexical layers
        if minified(text) {
            notes.push(DetectorNote {
                detector: id,
                message: minified_note(),
            });
            return;
        }
        // A partial source (history: a new version with the lines far from its
        // changes blanked) is parsed as the file was written, and only if the decided
        // lines hold a candidate: only findings there count, and capability uses are
        // not read from it (history does not report them).
        if let Some(p) = src.partial() {
            if grammar.is_some()
                && !self.candidate_literal(src, cx, &judge, p.original, Some(&p.decided))
            {
                return;
            }
            match self.parse(id, grammar, src.lang(), p.original) {
                Ok(facts) => judge.run(&facts, out),
                Err(note) => notes.push(note),
            }
            return;
        }
        // Without a candidate literal, a file that could yield capability uses is
        // parsed for them only by `keylint permissions`; a scan defers it, and reads
        // it only if some key's findings carry capabilities.
        let could_use = !for_caps && self.caps.any_applicable(src.lang(), caps_words);
        if self.parse_gate
            && grammar.is_some()
            && !for_caps
            && !self.candidate_literal(src, cx, &judge, src.bytes(), None)
        {
            if could_use && src.bytes().len() <= MAX_PARSE_BYTES {
                caps.deferred = true;
                return;
            }
            if !could_use {
                return;
            }
        }
        match self.parse(id, grammar, src.lang(), src.bytes()) {
            Ok(facts) => {
                judge.run(&facts, out);
                caps.uses
                    .extend(self.caps.uses(&facts, src, caps_words, &self.table));
            }
            Err(note) => notes.push(note),
        }
    }

    fn deferred_capabilities(
        &self,
        src: &Source,
        uses: &mut Vec<CapabilityUse>,
        notes: &mut Vec<DetectorNote>,
    ) {
        let Some((id, grammar)) = parser_of(src) else {
            return;
        };
        let all = vec![true; self.table.hints.len() + self.caps.hints.len()];
        let words = self.confirmed_hints(src.bytes(), &all, WordSites::default());
        let caps_words = words.get(self.table.hints.len()..).unwrap_or_default();
        if !self.caps.any_applicable(src.lang(), caps_words) {
            return;
        }
        match self.parse(id, grammar, src.lang(), src.bytes()) {
            Ok(facts) => uses.extend(self.caps.uses(&facts, src, caps_words, &self.table)),
            Err(note) => notes.push(note),
        }
    }
}

impl CodeDetector {
    /// The facts of one file's `bytes` (a partial source's original text), or the
    /// note that says why there are none.
    fn parse(
        &self,
        id: &'static str,
        grammar: Option<Grammar>,
        lang: Lang,
        bytes: &[u8],
    ) -> Result<facts::Facts, DetectorNote> {
        let note = |message: String| DetectorNote {
            detector: id,
            message: if message.contains("regex rules") {
                message
            } else {
                format!("{message}; only the regex rules ran")
            },
        };
        if bytes.len() > MAX_PARSE_BYTES {
            return Err(note(format!(
                "larger than {} KiB, not parsed; only the regex rules ran",
                MAX_PARSE_BYTES >> 10
            )));
        }
        if minified(bytes) {
            return Err(note(minified_note()));
        }
        let wrappers = self.table.wrappers(lang);
        // Each thread parses with its own parser: peak memory is one syntax tree
        // (tens of bytes per source byte, at most 1 MiB of source) per thread.
        match grammar {
            None => std::str::from_utf8(bytes)
                .map_err(|e| {
                    format!(
                        "is not valid UTF-8 (byte {}); only the regex rules ran",
                        e.valid_up_to()
                    )
                })
                .and_then(|text| rust::facts(text, wrappers)),
            Some(g) => tree::facts(g, bytes, wrappers),
        }
        .map_err(note)
    }
}

/// The detector id and tree-sitter grammar (none: syn) for a file's language.
fn parser_of(src: &Source) -> Option<(&'static str, Option<Grammar>)> {
    Some(match src.lang() {
        Lang::Rust => ("rust-ast", None),
        Lang::Python => ("python-ast", Some(Grammar::Python)),
        Lang::JavaScript => ("javascript-ast", Some(Grammar::JavaScript)),
        Lang::TypeScript if is_tsx(src.path()) => ("typescript-ast", Some(Grammar::Tsx)),
        Lang::TypeScript => ("typescript-ast", Some(Grammar::TypeScript)),
        _ => return None,
    })
}

fn is_tsx(path: &str) -> bool {
    Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsx"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn minified_text_is_recognised() {
        let line = "a".repeat(60) + "\n";
        let code = line.repeat(400);
        assert!(!super::minified(code.as_bytes()));
        let bundle = "var a=1;".repeat(10_000);
        assert!(super::minified(bundle.as_bytes()));
        // small files are never judged minified
        assert!(!super::minified("x".repeat(4000).as_bytes()));
        assert!(super::minified_note().contains(&super::MINIFIED_LINE.to_string()));
    }

    use super::*;
    use crate::engine::{Engine, EngineOptions, FileOutput};
    use crate::rulecheck::scan_text;

    /// An engine with the code pass, its parse gate on or off.
    fn code_engine(gate: bool) -> Engine {
        let rules = RuleSet::builtin().unwrap();
        let mut code = CodeDetector::new(&rules).unwrap();
        code.parse_gate = gate;
        Engine::with_detectors(rules, EngineOptions::default(), vec![Box::new(code)])
    }

    fn sources_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources_under(&path, out);
            } else if matches!(
                Lang::from_path(&path),
                Lang::Python | Lang::JavaScript | Lang::TypeScript
            ) {
                out.push(path);
            }
        }
    }

    /// Gated and ungated scans of `text` find the same, and the capability uses a
    /// gated scan deferred are the ones an ungated scan reads.
    fn gate_changes_nothing(gated: &Engine, ungated: &Engine, path: &str, text: &str) {
        let with = scan_text(gated, path, text);
        let without = scan_text(ungated, path, text);
        let show = |o: &FileOutput| {
            o.findings
                .iter()
                .map(|f| format!("{} {:?} {}", f.rule_id, f.location, f.message))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            show(&with),
            show(&without),
            "{path}: the gate changed the findings"
        );
        let mut uses = with.capabilities.uses.clone();
        if with.capabilities.deferred {
            let src = Source::new(path, text.as_bytes(), Lang::from_path(Path::new(path)));
            let mut later = FileOutput::default();
            gated.deferred_capabilities(&src, &mut later);
            uses.extend(later.capabilities.uses);
        }
        assert_eq!(
            uses, without.capabilities.uses,
            "{path}: capability uses differ"
        );
    }

    #[test]
    fn the_parse_gate_skips_no_file_with_a_code_pass_finding() {
        let (gated, ungated) = (code_engine(true), code_engine(false));
        let mut files = Vec::new();
        sources_under(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
            &mut files,
        );
        assert!(
            files.len() > 20,
            "fixtures/ holds the code pass's scenarios"
        );
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            gate_changes_nothing(&gated, &ungated, &path.display().to_string(), &text);
        }
        // Each place the gate knows, with a value only the code pass can see whole
        // (split in two) or that no regex rule names.
        const K: &str = "q8Zk3vP1xR7mW2nT9bYc4LdF6hJ0sA5e";
        let (a, b) = K.split_at(16);
        for (path, text) in [
            (
                "a.py",
                format!("import binance\nc = Client('{a}' '{b}', '{b}' '{a}')\n"),
            ),
            (
                "a.py",
                format!("import binance\nk = '{a}' + '{b}'\nc = Client(k, s)\n"),
            ),
            (
                "a.py",
                format!("import binance\nk = str('{a}' '{b}')\nc = Client(api_key=k)\n"),
            ),
            (
                "a.py",
                format!("import ccxt\nx = ccxt.kraken({{'key': '{a}' '{b}'}})\n"),
            ),
            ("a.py", format!("MY_SECRET = ('{a}'\n    '{b}')\n")),
            (
                "a.py",
                format!("import requests\nh = {{'X-MBX-APIKEY': '{a}' '{b}'}}\n"),
            ),
            (
                "a.py",
                format!("def f():\n    \"\"\"{a} {b}\"\"\"\n    return '{a}' '{b}'\n"),
            ),
            (
                "a.js",
                format!(
                    "const ccxt = require('ccxt');\nconst k = '{a}' + '{b}';\nnew ccxt.binance({{ apiKey: k }});\n"
                ),
            ),
            (
                "a.ts",
                format!(
                    "import {{ Spot }} from '@binance/connector';\nconst c = new Spot('{a}' + '{b}', s);\n"
                ),
            ),
            (
                "a.js",
                format!("const x = s.replace(/[(]/g, '');\nconst apiSecret = '{a}' + '{b}';\n"),
            ),
        ] {
            gate_changes_nothing(&gated, &ungated, path, &text);
        }
    }

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
    fn hints_count_only_at_the_start_of_a_word() {
        let d = CodeDetector::new(&RuleSet::builtin().unwrap()).unwrap();
        let all = vec![true; d.table.hints.len()];
        let seen = |text: &[u8]| -> Vec<&str> {
            let words = d.confirmed_hints(text, &all, WordSites::default());
            d.table
                .hints
                .iter()
                .zip(words)
                .filter(|(_, w)| *w)
                .map(|(h, _)| h.as_str())
                .collect()
        };
        assert_eq!(
            seen(b"const PROC_TRAPCAP: i32 = 1; // ImplementedByBitFlags NumpyBits NoKxGroups"),
            Vec::<&str>::new()
        );
        assert_eq!(
            seen(b"let info = apca::ApiInfo::from_parts(u, k, s);"),
            vec!["apca"]
        );
        assert_eq!(
            seen(b"from pybit.unified_trading import HTTP"),
            vec!["pybit"]
        );
        assert_eq!(seen(b"import ccxtpro"), vec!["ccxt"]);
        assert!(seen(b"import ccxt").len() == 1);
        let total = all.len() + d.caps.hints.len();
        assert_eq!(
            d.confirmed_hints(b"import ccxt", &vec![false; total], WordSites::default()),
            vec![false; total]
        );
    }

    #[test]
    fn password_words_cover_every_name_that_allows_spaces() {
        let d = CodeDetector::new(&RuleSet::builtin().unwrap()).unwrap();
        for role in &d.table.roles {
            if matches!(role.role.as_str(), "password" | "passphrase") {
                for w in &role.words {
                    assert!(
                        PASSWORD_WORDS.find(w.as_bytes()).is_some(),
                        "{w} allows spaces but the gate does not look for it"
                    );
                }
            }
        }
    }

    #[test]
    fn a_continued_assignment_counts_only_when_a_literal_follows() {
        let py = wrappers(Lang::Python);
        let rs = wrappers(Lang::Rust);
        let check = |line: &[u8], next: &[u8], lang| {
            hides_literal(line, next, lang, if lang == Lang::Rust { &rs } else { &py })
        };
        assert!(check(b" = (", b"    \"abc\"", Lang::Python));
        assert!(check(b" = \\", b"    'abc' 'def'", Lang::Python));
        assert!(check(b" =", b"    Some(\"abc\".into());", Lang::Rust));
        assert!(check(b" = \"abc\" +", b"    \"def\"", Lang::Python));
        assert!(!check(b" =", b"    unsafe { free_fn(ptr) };", Lang::Rust));
        assert!(!check(b" = (", b"    os.environ[\"X\"]", Lang::Python));
        // A tuple of names is not a split value.
        assert!(!check(
            b"_FIELDS = (",
            b"    'access_key', 'secret_key',",
            Lang::Python
        ));
    }

    #[test]
    fn hidden_literals_are_recognised_after_a_name() {
        let py = wrappers(Lang::Python);
        let rs = wrappers(Lang::Rust);
        for (line, lang, want) in [
            (&b" = \"abc\" + \"def\""[..], Lang::Python, true),
            (b"_KEY = 'abc' 'def'", Lang::Python, true),
            (b" = (", Lang::Python, false),
            (b" = \\", Lang::Python, false),
            (b" = \"abc\" \\", Lang::Python, true),
            (b" =", Lang::Python, false),
            (b": str = (\"abc\"", Lang::Python, true),
            (b" = str(\"abc\")", Lang::Python, true),
            (b": Some(\"abc\".into()),", Lang::Rust, true),
            (b": String::from(\"abc\"),", Lang::Rust, true),
            (b": &str = concat!(\"ab\", \"cd\");", Lang::Rust, true),
            (b": &\"abc\",", Lang::Rust, true),
            (b"\": \"abc\" + \"def\"", Lang::Python, true),
            (b" = \"abc\"", Lang::Python, false),
            (b" = \"abc\".to_string();", Lang::Rust, false),
            (b" = os.environ[\"X\"]", Lang::Python, false),
            (b" == \"abc\" + x", Lang::Python, false),
            (b"s.append(x)", Lang::Python, false),
            (b" = '''a''' 'b'", Lang::Python, true),
            (b" = (\"abc\"  # the first half", Lang::Python, true),
            (b" = \"abc\"  # a comment", Lang::Python, false),
            (b" = \"<missing \" + str(name) + \">\"", Lang::Python, false),
            (b": &'_ Token<'_>) -> bool {", Lang::Rust, false),
            (b" = ('abc', 'def')", Lang::Python, false),
        ] {
            let w = if lang == Lang::Rust { &rs } else { &py };
            assert_eq!(
                hides_literal(line, b"", lang, w),
                want,
                "{}",
                String::from_utf8_lossy(line)
            );
        }
    }
}
