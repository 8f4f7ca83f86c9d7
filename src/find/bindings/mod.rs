//! The lexical binding layer: every place where a *name* is bound to a *value*, in any
//! language or data format, found without a parser.
//!
//! ## What it does
//! [`scan`] reads bytes and yields [`Binding`]s: the span of a name, the span (or
//! spans, for a joined concatenation or a YAML block scalar) of the value bound to it,
//! the [`Form`] of the binding, [`Flags`] about the value (quoted, interpolated, an
//! environment lookup's fallback, inside a comment or a string, decoded) and some
//! context: the enclosing section, the labels of the enclosing structures (YAML/JSON
//! parent keys, XML elements, a call's name) and the call the value is an argument of.
//!
//! The forms understood, language-agnostically:
//!
//! | form | examples |
//! |---|---|
//! | [`Form::Assign`] | `name = v`, `name := v`, `name <- v`, `name ?= v`, `const/let/var/val/final/static … = v`, `name: T = v`, `var name string = v`, `Const name As String = v`, `d["name"] = v`, XML attributes |
//! | [`Form::Colon`] | `name: v`, `"name": "v"`, `name:v` in tags, prose `API key: v`, HTTP headers |
//! | [`Form::Arrow`] | `name => v`, `"name" -> v`, `"name" to v` |
//! | [`Form::Argument`] | `f(name=v)`, `f(name: v)` |
//! | [`Form::Directive`] | `set name v`, `ENV NAME v`, `#define NAME v`, `@name v`, `proxy_set_header N v` |
//! | [`Form::Flag`] | `--name=v`, `--name v`, `-p v`, `-pSECRET`, `-u user:pass`, `["--name", "v"]` |
//! | [`Form::CallPair`] | `f("name", v)`: `define('NAME', v)`, `os.getenv("X", v)`, `env('X', v)`, `viper.SetDefault("k", v)`, `flag.String("k", v, …)`, `headers.set("N", v)` |
//! | [`Form::Positional`] | `Client("v1", "v2")`: a token-like string argument (named by the call) |
//! | [`Form::Fallback`] | `process.env.X \|\| v`, `?? v`, `?: v`, `or v`, `.unwrap_or(v)`, `ENV.fetch("X") { v }`, `${X:-v}`, `envDefault:"v"` |
//! | [`Form::Pair`] | `{"name": N, "value": V}`, `{"key": N, "value": V}`, `<add key=N value=V/>`, `- name: N` / `value: V` |
//! | [`Form::Juxtaposed`] | `PASSWORD 'v'`, `IDENTIFIED BY 'v'`, `requirepass v` alone on a line |
//! | [`Form::Element`] | `<ApiSecret>v</ApiSecret>` |
//! | [`Form::Table`] | CSV/TSV cells under a header, `INSERT … (cols) VALUES (…)`, `COPY … (cols) FROM stdin` rows |
//! | [`Form::Query`] | `?name=v&…`, `&name=v` (URL-decoded) |
//! | [`Form::Userinfo`] | `scheme://user:pass@host` (URL-decoded) |
//! | [`Form::Compare`] | `password == "v"`, `cfg['key'] != 'v'` (never taken for an assignment) |
//! | [`Form::Scheme`] | `"Basic v"`, `"Bearer v"` with no name: the scheme word is the name |
//! | [`Form::File`] | a small file holding only a value or two (`master.key`): the file's name is the name ([`bare`]) |
//!
//! Values of the form `Bearer v`, `Token v`, `Bot v` are bound without the scheme word
//! ([`Flags::AUTH`]); `Basic v` is base64-decoded and its password is the bound value
//! ([`Flags::DECODED`]). Every string literal's content is scanned again as text (one
//! level), so `"-H 'X-API-KEY: v'"`, `"password=v;host=h"` and embedded JSON are seen.
//!
//! ## Why is this bad?
//! Most credentials have no prefix: what makes `q8Xv…` a secret is the name it is
//! bound to. A scanner that knows ten assignment syntaxes misses the eleventh.
//!
//! ## Example
//! `mapOf("apiSecret" to "q8Xv…")` yields a binding `apiSecret` → `q8Xv…` ([`Form::Arrow`]).
//! Use instead: read the value from the environment.
//!
//! ## Known limitations
//! It is lexical: it does not know the language, so it reports bindings a parser
//! would not (a comparison written `a = b` in SQL, prose `Note: v`) and leaves the
//! judging to the caller. An unquoted value ends at whitespace, a quote, `;`, a closing
//! bracket, `&name=`/`;name=` and, inside brackets, `,`; a password with a space or
//! one of those characters is cut there unless it is quoted. `"` and `'` strings end
//! at their line (an escaped newline continues them); triple-quoted and backtick
//! strings may span lines. A string is re-scanned once, not recursively. Context labels
//! are the innermost four. CSV detection needs a header of name-like cells and the
//! same number of fields on the next lines.
//!
//! Every construct is recognised in time linear in the input: strings, unquoted runs
//! and interpolations remember where a search failed, look-behind is a fixed window of
//! tokens, and the structure stack is capped.
//!
//! ## Configuration
//! None: the layer reports what is bound; rules decide what is a credential.

pub mod bare;
mod lex;
mod scan;
mod table;
mod text;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::ops::Range;

pub use scan::Scanner;

/// A byte range of the scanned input.
pub type Span = Range<usize>;

/// The syntax a binding was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// `name = v`, `name := v`, `name <- v`, `name: T = v`, `d["name"] = v`, attributes.
    Assign,
    /// `name: v`, `"name": "v"`, headers, prose labels.
    Colon,
    /// `name => v`, `"name" -> v`, `"name" to v`.
    Arrow,
    /// A named argument: `f(name=v)`, `f(name: v)`.
    Argument,
    /// A keyword-led line: `set name v`, `ENV NAME v`, `#define NAME v`, `@name v`.
    Directive,
    /// A command-line option: `--name=v`, `--name v`, `-p v`, `-u user:pass`.
    Flag,
    /// A call whose first argument names the second: `f("name", v)`.
    CallPair,
    /// A token-like string passed positionally: the name is the call.
    Positional,
    /// The hardcoded fallback of a lookup: `process.env.X || v`, `${X:-v}`.
    Fallback,
    /// Two sibling entries `name`/`key` and `value` of one object, element or item.
    Pair,
    /// A name followed by a quoted value without an operator: `PASSWORD 'v'`.
    Juxtaposed,
    /// `<Name>v</Name>`.
    Element,
    /// A CSV/TSV or SQL cell under its column's name.
    Table,
    /// A query parameter `?name=v&…`.
    Query,
    /// The password of a URL's userinfo: `scheme://user:pass@host`.
    Userinfo,
    /// A name compared with a literal: `password == "v"`, `cfg['key'] != 'v'`. Not an
    /// assignment, but the literal is hardcoded all the same (a test's login).
    Compare,
    /// A string that names its own kind, with no name bound: `"Basic v"`, `"Bearer v"`.
    /// The name is the scheme word.
    Scheme,
    /// A lone value in a small file ([`bare`]): the name is the file's name.
    File,
}

impl Form {
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Assign => "assign",
            Form::Colon => "colon",
            Form::Arrow => "arrow",
            Form::Argument => "argument",
            Form::Directive => "directive",
            Form::Flag => "flag",
            Form::CallPair => "call-pair",
            Form::Positional => "positional",
            Form::Fallback => "fallback",
            Form::Pair => "pair",
            Form::Juxtaposed => "juxtaposed",
            Form::Element => "element",
            Form::Table => "table",
            Form::Query => "query",
            Form::Userinfo => "userinfo",
            Form::Compare => "compare",
            Form::Scheme => "scheme",
            Form::File => "file",
        }
    }
}

/// Facts about a binding's value, as a bit set.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Flags(u32);

impl Flags {
    /// The value was a quoted string (its span excludes the quotes).
    pub const QUOTED: Flags = Flags(1);
    /// Several literals joined: `"a" + "b"`, `"a" "b"`, `'a' . 'b'` ([`Bindings::parts`]).
    pub const CONCAT: Flags = Flags(1 << 1);
    /// The value holds an interpolation (`${X}`, `{{ x }}`, `#{x}`, `$(cmd)`, `%(x)s`).
    pub const INTERPOLATED: Flags = Flags(1 << 2);
    /// The value is code, not a literal: a call, or a literal joined with code.
    pub const EXPR: Flags = Flags(1 << 3);
    /// The name is (or the value is the default of) an environment variable.
    pub const ENV: Flags = Flags(1 << 4);
    /// Inside a comment.
    pub const COMMENT: Flags = Flags(1 << 5);
    /// Found inside another string literal's content.
    pub const NESTED: Flags = Flags(1 << 6);
    /// The judged text differs from the span ([`Bindings::decoded`]): URL or base64 decoded.
    pub const DECODED: Flags = Flags(1 << 7);
    /// The value followed an authentication scheme word (`Bearer`, `Basic`, `Token`, `Bot`).
    pub const AUTH: Flags = Flags(1 << 8);
    /// A YAML block scalar (`|`, `>`): the parts are its lines.
    pub const BLOCK: Flags = Flags(1 << 9);
    /// A type annotation sat between the name and the value (`name: str = v`).
    pub const TYPED: Flags = Flags(1 << 10);
    /// A string passed through a one-argument call: `String::from("v")`, `getenv("v")`
    /// ([`Binding::call`] names the call).
    pub const WRAPPED: Flags = Flags(1 << 11);
    /// `user:pass` split: the value is the password, [`Binding::alias`] the user.
    pub const USERPASS: Flags = Flags(1 << 12);
    /// A short option with its value attached: `-pSECRET`.
    pub const ATTACHED: Flags = Flags(1 << 13);
    /// The name came from a subscript: `d["name"] = v`, `os.environ["X"] = v`.
    pub const SUBSCRIPT: Flags = Flags(1 << 14);
    /// The value is not complete (too many parts).
    pub const TRUNCATED: Flags = Flags(1 << 15);
    /// Found in prose: a line of words ending in a token (`// key was V`, `using key V`).
    pub const PROSE: Flags = Flags(1 << 16);

    pub const fn empty() -> Flags {
        Flags(0)
    }

    pub const fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }

    pub const fn intersects(self, other: Flags) -> bool {
        self.0 & other.0 != 0
    }

    pub fn insert(&mut self, other: Flags) {
        self.0 |= other.0;
    }

    pub fn remove(&mut self, other: Flags) {
        self.0 &= !other.0;
    }

    pub const fn bits(self) -> u32 {
        self.0
    }
}

impl std::ops::BitOr for Flags {
    type Output = Flags;
    fn bitor(self, rhs: Flags) -> Flags {
        Flags(self.0 | rhs.0)
    }
}

impl std::ops::BitAnd for Flags {
    type Output = Flags;
    fn bitand(self, rhs: Flags) -> Flags {
        Flags(self.0 & rhs.0)
    }
}

impl std::ops::BitOrAssign for Flags {
    fn bitor_assign(&mut self, rhs: Flags) {
        self.0 |= rhs.0;
    }
}

impl std::fmt::Debug for Flags {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const NAMES: [&str; 17] = [
            "QUOTED",
            "CONCAT",
            "INTERPOLATED",
            "EXPR",
            "ENV",
            "COMMENT",
            "NESTED",
            "DECODED",
            "AUTH",
            "BLOCK",
            "TYPED",
            "WRAPPED",
            "USERPASS",
            "ATTACHED",
            "SUBSCRIPT",
            "TRUNCATED",
            "PROSE",
        ];
        let set: Vec<&str> = NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, n)| *n)
            .collect();
        write!(f, "Flags({})", set.join("|"))
    }
}

/// One name bound to one value. Spans index the scanned bytes; the parts, labels
/// and decoded text live in the [`Bindings`] that holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The name, without sigils (`$`, `@`), quotes or option dashes. Empty for a
    /// URL without a user name.
    pub name: Span,
    /// A second name: the variable a fallback is assigned to (`k = getenv("X") or v`:
    /// name `X`, alias `k`), the user of a `user:pass` pair.
    pub alias: Option<Span>,
    /// The value: from the first part's start to the last part's end, without quotes.
    pub value: Span,
    pub form: Form,
    pub flags: Flags,
    /// The opening quote of a quoted value (`"`, `'`, `` ` ``), else 0.
    pub quote: u8,
    /// The call the value is an argument of (`Client` in `Client(api_key="v")`), the
    /// command of an option, a wrapper call, a URL's scheme, a subscripted object.
    pub call: Option<Span>,
    /// Zero-based index of a positional argument or table column.
    pub arg: u16,
    /// Bindings with the same group are siblings in one object, element or item
    /// (0: top level).
    pub group: u32,
    parts: Range<u32>,
    labels: Range<u32>,
    decoded: Range<u32>,
}

/// The bindings of one input, in value order, with the storage their parts, labels
/// and decoded values point into. Reuse one across inputs to avoid allocating.
#[derive(Debug, Default, Clone)]
pub struct Bindings {
    list: Vec<Binding>,
    spans: Vec<Span>,
    bytes: Vec<u8>,
}

impl Bindings {
    pub fn clear(&mut self) {
        self.list.clear();
        self.spans.clear();
        self.bytes.clear();
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Binding> {
        self.list.iter()
    }

    pub fn as_slice(&self) -> &[Binding] {
        &self.list
    }

    /// The literal parts of a joined value (two or more), or empty for a single span.
    pub fn parts(&self, b: &Binding) -> &[Span] {
        &self.spans[b.parts.start as usize..b.parts.end as usize]
    }

    /// Labels of the enclosing structures, innermost first (at most four), then the
    /// section (`[COINONE]`), then, for a binding inside a string, the string's own.
    pub fn labels(&self, b: &Binding) -> &[Span] {
        &self.spans[b.labels.start as usize..b.labels.end as usize]
    }

    /// The decoded value (URL-decoded parameter, Basic-auth password), if it differs
    /// from the span.
    pub fn decoded(&self, b: &Binding) -> Option<&[u8]> {
        (b.flags.contains(Flags::DECODED))
            .then(|| &self.bytes[b.decoded.start as usize..b.decoded.end as usize])
    }

    /// The text to judge: decoded, joined (block scalars with newlines, folded ones
    /// with spaces, unless every line is one long token: a key wrapped over lines) or
    /// the value span as written.
    pub fn value_text<'s>(&'s self, b: &Binding, src: &'s [u8]) -> Cow<'s, [u8]> {
        if let Some(d) = self.decoded(b) {
            return Cow::Borrowed(d);
        }
        let parts = self.parts(b);
        if parts.is_empty() {
            return Cow::Borrowed(src.get(b.value.clone()).unwrap_or_default());
        }
        let wrapped_token = || {
            parts.iter().all(|p| {
                let t = src.get(p.clone()).unwrap_or_default();
                t.len() >= WRAPPED_LINE_MIN && !t.iter().any(u8::is_ascii_whitespace)
            })
        };
        let sep: &[u8] = if b.flags.contains(Flags::BLOCK) && b.quote == b'|' {
            b"\n"
        } else if b.flags.contains(Flags::BLOCK) && !wrapped_token() {
            b" "
        } else {
            b""
        };
        let mut out = Vec::new();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(sep);
            }
            out.extend_from_slice(src.get(p.clone()).unwrap_or_default());
        }
        Cow::Owned(out)
    }

    /// Bind the values of a bare value file ([`bare::values`]): value `arg` of the
    /// file, named after the file by the caller ([`bare::name`]).
    pub fn push_file_values(&mut self, values: &[Span]) {
        for (i, v) in values.iter().enumerate() {
            self.list.push(Binding {
                name: 0..0,
                alias: None,
                value: v.clone(),
                form: Form::File,
                flags: Flags::empty(),
                quote: 0,
                call: None,
                arg: u16::try_from(i).unwrap_or(u16::MAX),
                group: 0,
                parts: 0..0,
                labels: 0..0,
                decoded: 0..0,
            });
        }
    }

    /// The name as written.
    pub fn name_text<'s>(&self, b: &Binding, src: &'s [u8]) -> &'s [u8] {
        src.get(b.name.clone()).unwrap_or_default()
    }

    fn push_spans(&mut self, spans: impl IntoIterator<Item = Span>) -> Range<u32> {
        let start = index(self.spans.len());
        self.spans.extend(spans);
        start..index(self.spans.len())
    }

    fn push_bytes(&mut self, bytes: &[u8]) -> Range<u32> {
        let start = index(self.bytes.len());
        self.bytes.extend_from_slice(bytes);
        start..index(self.bytes.len())
    }

    /// Value order (then name order); a binding found twice is kept once.
    fn finish(&mut self) {
        self.list.sort_by(|a, b| {
            (
                a.value.start,
                a.value.end,
                a.name.start,
                a.name.end,
                a.form as u8,
            )
                .cmp(&(
                    b.value.start,
                    b.value.end,
                    b.name.start,
                    b.name.end,
                    b.form as u8,
                ))
        });
        self.list.dedup_by(|later, kept| {
            later.value == kept.value && later.name == kept.name && later.form == kept.form
        });
    }
}

impl<'a> IntoIterator for &'a Bindings {
    type Item = &'a Binding;
    type IntoIter = std::slice::Iter<'a, Binding>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

/// `s` without the ASCII whitespace at either end.
fn trim_span(b: &[u8], mut s: Span) -> Span {
    while s.start < s.end && b[s.start].is_ascii_whitespace() {
        s.start += 1;
    }
    while s.end > s.start && b[s.end - 1].is_ascii_whitespace() {
        s.end -= 1;
    }
    s
}

/// Offsets into the side tables are `u32`: a side table never outgrows the input,
/// and inputs past 4 GiB are not scanned (see [`Scanner::scan`]).
fn index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The regions worth scanning around `hits` (byte offsets of credential words, in any
/// order): each hit's line and `before`/`after` lines around it, merged, in order. A
/// line longer than `max_line` bytes (minified code, a data blob) contributes only
/// `max_line / 2` bytes on each side of the hit, so a window never grows with the
/// line. Windows start at a line start unless clipped. A hit on a line that opens a
/// block (ends with `{`) is followed for [`BLOCK_AFTER`] lines instead: the block's
/// label names what a generic entry inside holds (`variable "okx_secret" {` …
/// `default = "v"`).
pub fn windows(
    bytes: &[u8],
    hits: impl IntoIterator<Item = usize>,
    before: usize,
    after: usize,
    max_line: usize,
) -> Vec<Span> {
    let mut hits: Vec<usize> = hits.into_iter().filter(|&h| h < bytes.len()).collect();
    hits.sort_unstable();
    hits.dedup();
    let mut out: Vec<Span> = Vec::new();
    let half = max_line / 2;
    for h in hits {
        // a hit inside the last window is covered when that window already reaches
        // `after` lines past it; otherwise its own lines after still count (`COPY t
        // (api_key, …) FROM stdin;` a line after an earlier hit: its rows follow)
        if out.last().is_some_and(|w| {
            h < w.end
                && memchr::memchr_iter(b'\n', &bytes[h..w.end])
                    .take(after + 1)
                    .count()
                    > after
        }) {
            continue;
        }
        let line_start = memchr::memrchr(b'\n', &bytes[h.saturating_sub(half + 1)..h])
            .map(|k| h.saturating_sub(half + 1) + k + 1);
        let line_end =
            memchr::memchr(b'\n', &bytes[h..bytes.len().min(h + half + 1)]).map(|k| h + k);
        let (mut start, mut end) = match (line_start, line_end) {
            (Some(s), Some(e)) => (s, e),
            (s, e) => (
                s.unwrap_or(h.saturating_sub(half)),
                e.unwrap_or(bytes.len().min(h + half)),
            ),
        };
        if line_start.is_some() || start == 0 {
            for _ in 0..before {
                if start == 0 {
                    break;
                }
                let lo = start.saturating_sub(half);
                match memchr::memrchr(b'\n', &bytes[lo..start - 1]) {
                    Some(k) => start = lo + k + 1,
                    None => {
                        start = lo;
                        break;
                    }
                }
            }
        }
        let opens_block = line_end.is_some() && bytes[start..end].trim_ascii_end().ends_with(b"{");
        let after = if opens_block {
            after.max(BLOCK_AFTER)
        } else {
            after
        };
        let mut extra = 0;
        let mut k = 0;
        while k < after + extra {
            k += 1;
            if line_end.is_none() || end >= bytes.len() {
                break;
            }
            let hi = bytes.len().min(end + 1 + half);
            match memchr::memchr(b'\n', &bytes[end + 1..hi]) {
                Some(k) => end = end + 1 + k,
                None => {
                    end = hi;
                    break;
                }
            }
            // a value continued below the last line taken (adjacent literals, `+`, a
            // builder's `.secret(…)`, the closing `;`) is read to its end
            if k == after + extra && extra < CONTINUED_LINES && continues(&bytes[end + 1..]) {
                extra += 1;
            }
        }
        let end = (end + 1).min(bytes.len());
        match out.last_mut() {
            Some(w) if start <= w.end => w.end = w.end.max(end),
            _ => out.push(start..end),
        }
    }
    out
}

/// Narrow `windows` (sorted, disjoint) to their parts inside `readable` (sorted,
/// disjoint): what lies outside is blank (a history scan's new version, read only
/// around its changes), and a window's blank stretch would be walked for nothing.
pub fn clip(windows: &mut Vec<Span>, readable: &[Span]) {
    let mut out = Vec::with_capacity(windows.len());
    let mut r = readable.iter().peekable();
    for w in windows.iter() {
        while r.peek().is_some_and(|x| x.end <= w.start) {
            r.next();
        }
        for x in r.clone() {
            if x.start >= w.end {
                break;
            }
            out.push(x.start.max(w.start)..x.end.min(w.end));
        }
    }
    *windows = out;
}

/// A folded block scalar whose every line is one token at least this long is a value
/// wrapped over lines (`secret: >-` / a base64 key in two halves): joined without the
/// spaces folding would put between them.
const WRAPPED_LINE_MIN: usize = 16;

/// Lines a window takes beyond its own while the statement goes on ([`continues`]).
const CONTINUED_LINES: usize = 8;

/// Whether a line (`rest` starts at it) continues the statement above: it starts,
/// after indentation, with a string, a joining `+`, a method call's `.` or the
/// closing `;` or `)`.
fn continues(rest: &[u8]) -> bool {
    let first = rest.iter().find(|&&c| c != b' ' && c != b'\t');
    matches!(first, Some(b'"' | b'\'' | b'`' | b'+' | b'.' | b';' | b')'))
}

/// Lines followed after a hit on a line that opens a block.
const BLOCK_AFTER: usize = 8;

/// Files whose every row is a credential by format, with nothing in the text to say
/// so: libpq's password file, pgbouncer's `auth_file`, git's credential store.
const CREDENTIAL_STORES: &[&str] = &[
    ".pgpass",
    "pgpass",
    "pgpass.conf",
    "userlist.txt",
    ".git-credentials",
];

/// Whether `path` names a credential store ([`CREDENTIAL_STORES`]), read whole.
pub fn is_credential_store(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    CREDENTIAL_STORES
        .iter()
        .any(|s| name.eq_ignore_ascii_case(s))
}

/// Scan `bytes` with a fresh [`Scanner`]. For many inputs, keep a `Scanner` and a
/// `Bindings` and call [`Scanner::scan`] to reuse their storage.
pub fn scan(bytes: &[u8]) -> Bindings {
    let mut out = Bindings::default();
    Scanner::default().scan(bytes, &mut out);
    out
}
