//! The recognizer: one pass over the tokens, a fixed window of the last tokens for
//! look-behind, a capped stack of enclosing structures, and at most one binding in
//! progress (a *draft*) that watches the tokens after its operator until its value
//! is complete.

use super::lex::{Kind, Lexer, Op, Tok};
use super::text::{self, Scheme};
use super::{Binding, Bindings, Flags, Form, Span, index, table, trim_span};

/// Tokens of look-behind.
const RING: usize = 8;
/// Structures deeper than this are counted, not kept.
const MAX_FRAMES: usize = 512;
/// Labels copied into a binding (innermost first).
const MAX_LABELS: usize = 4;
/// Frames searched for labels, the enclosing call, or a closer's opener.
const FRAME_SCAN: usize = 32;
/// Literal parts of one joined value.
const MAX_PARTS: usize = 64;
/// Columns of an SQL column list.
const MAX_COLS: usize = 64;
/// Tokens of a type annotation between `name:` and `=`.
const TYPE_TOKENS: u8 = 8;
/// A positional string argument is reported from this many bytes, without spaces.
const POSITIONAL_MIN: usize = 8;
/// Look-ahead for `&name=` / `;name=` inside an unquoted value.
const PARAM_LOOKAHEAD: usize = 64;
/// Longest name taken from a quoted string.
const MAX_NAME: usize = 256;
/// Longest unquoted value reported: a longer run is data (a minified line, a blob),
/// and judging every binding that starts inside it would be quadratic.
const MAX_BARE: usize = 4096;
/// Values reported from one unquoted run (`a=b=c` reports `b=c` and `c`).
const MAX_RUN_VALUES: u8 = 4;

/// Keyword-led lines whose next two words are a name and a value.
const DIRECTIVES: &[&[u8]] = &[
    b"set",
    b"setenv",
    b"setx",
    b"env",
    b"define",
    b"proxy_set_header",
    b"add_header",
    b"more_set_headers",
    b"fastcgi_param",
    b"uwsgi_param",
    b"scgi_param",
    b"grpc_set_header",
];
/// Types written after a name (`var key string = …`): the name is the word before.
const TYPE_WORDS: &[&[u8]] = &[
    b"string", b"str", b"int", b"int32", b"int64", b"uint", b"uint64", b"bool", b"byte", b"rune",
    b"float", b"float64", b"double", b"char", b"any", b"object",
];
/// Declaration keywords that are never the name.
const DECL_WORDS: &[&[u8]] = &[
    b"var",
    b"const",
    b"let",
    b"val",
    b"final",
    b"static",
    b"public",
    b"private",
    b"protected",
    b"readonly",
    b"export",
    b"local",
    b"my",
    b"our",
    b"dim",
    b"auto",
    b"mut",
    b"pub",
    b"def",
    b"declare",
    b"typeset",
];
/// Methods whose argument is the fallback of the lookup before them.
const FALLBACK_METHODS: &[&[u8]] = &[
    b"unwrap_or",
    b"unwrap_or_else",
    b"or_else",
    b"orElse",
    b"orElseGet",
    b"getOrElse",
    b"or",
];
/// `.netrc` keywords that take the next word as their value.
const NETRC_WORDS: &[&[u8]] = &[b"login", b"password", b"account"];
/// Lines an unquoted value continues over with a trailing backslash.
const MAX_CONTINUED: usize = 8;
/// Words that take a fallback without parentheses (`|> Option.defaultValue "v"`).
const FALLBACK_WORDS: &[&[u8]] = &[b"defaultValue", b"getOrElse", b"fromMaybe", b"orDefault"];
/// Sibling entries that name the entry holding the value (`{"name": N, "value": V}`).
const PAIR_NAMES: &[&[u8]] = &[
    b"name",
    b"key",
    b"header",
    b"param",
    b"parameter",
    b"field",
    b"variable",
];
const PAIR_VALUES: &[&[u8]] = &[b"value"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FrameKind {
    Paren,
    Bracket,
    Brace,
    /// A YAML-style key whose value is the more indented lines below it.
    Indent,
    /// A `- ` list item.
    Item,
    /// Inside `<tag …`.
    Tag,
    /// Between `<tag>` and `</tag>`.
    Element,
}

impl FrameKind {
    fn is_bracket(self) -> bool {
        matches!(
            self,
            FrameKind::Paren | FrameKind::Bracket | FrameKind::Brace
        )
    }
    fn is_indent(self) -> bool {
        matches!(self, FrameKind::Indent | FrameKind::Item)
    }
}

/// An expression a fallback applies to: `process.env.X`, `getenv("X")`, `ENV['X']`.
#[derive(Clone, Debug)]
struct Operand {
    name: Span,
    env: bool,
    /// A word operand: its name is its last segment, and it is an environment lookup
    /// if it says `env` (resolved only when a fallback follows).
    word: bool,
    /// It was a call or subscript with a single string argument.
    call: bool,
    at: u64,
}

#[derive(Clone, Debug)]
struct PairValue {
    value: Span,
    quote: u8,
    flags: Flags,
}

#[derive(Clone, Debug)]
struct Frame {
    kind: FrameKind,
    id: u32,
    label: Option<Span>,
    /// Indent/Item: a line indented less than this leaves the frame.
    min_indent: u32,
    /// Popped at the end of its line (tags outside markup files).
    line_bound: bool,
    env: bool,
    arg: u16,
    arg_toks: u16,
    arg_first: Tok,
    fallback: Option<Operand>,
    pair_name: Option<Span>,
    pair_value: Option<PairValue>,
    sql_row: bool,
    list_flag: Option<Span>,
    section: bool,
    /// Content of the first argument, if it was a single string.
    first_str: Option<Span>,
    /// A `(` written right after its label (`f(`): a call, not prose (`password (x)`).
    adjacent: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// Waiting for the first value token.
    AfterOp,
    /// Skipping a YAML tag or anchor.
    SkipTag,
    /// A word: a literal, a type annotation, or the start of a call.
    Word,
    /// `a::` or `a.`: a path continues.
    PathSep,
    /// `w(`: a call; one string argument makes it a wrapper.
    Call,
    /// `w("v"`: waiting for the close.
    CallStr,
    /// After a string: a joining operator or another string may follow.
    Quoted,
    /// After `+`: the next string joins.
    AfterJoin,
    /// `(` … strings … `)`
    Group,
    /// Go's `[]byte(` / `[]rune(`: the `]` and the type word follow, then the call.
    Slice,
    /// `w "v"`: a function applied by juxtaposition (Haskell `Just "v"`, `T.pack "v"`,
    /// OCaml/F# `Some "v"`); the value must end right after the string.
    Apply,
}

#[derive(Clone, Debug)]
struct Draft {
    name: Span,
    alias: Option<Span>,
    form: Form,
    flags: Flags,
    call: Option<Span>,
    stage: Stage,
    colon: bool,
    /// The value is a list item of a key (`key:` / `- v`).
    seq: bool,
    value_start: usize,
    quote: u8,
    parts_from: usize,
    wrap: Option<Span>,
    wrap_inner: Option<(Span, u8)>,
    /// Column of the name (YAML: the key's indent).
    col: u32,
    count: u8,
    /// The value starts on the line after the operator (`key =` / `  "v"`): strings
    /// on the following lines join it.
    next_line: bool,
}

impl Draft {
    fn new(name: Span, form: Form, col: u32, parts_from: usize) -> Draft {
        Draft {
            name,
            alias: None,
            form,
            flags: Flags::empty(),
            call: None,
            stage: Stage::AfterOp,
            colon: false,
            seq: false,
            value_start: 0,
            quote: 0,
            parts_from,
            wrap: None,
            wrap_inner: None,
            col,
            count: 0,
            next_line: false,
        }
    }
}

/// A YAML block scalar being collected line by line.
#[derive(Clone, Debug)]
struct Block {
    name: Span,
    col: u32,
    style: u8,
    cur: Option<usize>,
    flags: Flags,
    group: u32,
}

#[derive(Clone, Debug)]
struct Pending {
    name: Span,
    cmd: Option<Span>,
    at: u64,
}

#[derive(Clone, Debug)]
struct SeqKey {
    name: Span,
    col: u32,
    at: u64,
}

/// What the current line holds so far (for line-shaped bindings).
#[derive(Clone, Copy, Debug, Default)]
struct Line {
    first: Option<Tok>,
    /// Start of the first token after a space.
    second: Option<usize>,
    /// An assignment operator or bracket occurred.
    ops: bool,
    tokens: u8,
    strs: u8,
    /// Only words so far (after an optional comment marker).
    prose: bool,
    comment: bool,
    words: u8,
    name_start: usize,
    prev: Option<Tok>,
    last: Option<Tok>,
}

/// What a finished binding carries into [`State::emit`].
struct Emit {
    name: Span,
    alias: Option<Span>,
    value: Span,
    parts: std::ops::Range<u32>,
    form: Form,
    flags: Flags,
    quote: u8,
    call: Option<Span>,
    arg: u16,
}

impl Emit {
    fn new(name: Span, value: Span, form: Form) -> Emit {
        Emit {
            name,
            alias: None,
            value,
            parts: 0..0,
            form,
            flags: Flags::empty(),
            quote: 0,
            call: None,
            arg: 0,
        }
    }
}

/// Recognizer state for one run over a region (the input, or one string's content).
#[derive(Default)]
pub(super) struct State {
    start: usize,
    limit: usize,
    nested: bool,
    markup: bool,
    ring: [Tok; RING],
    head: usize,
    idx: u64,
    frames: Vec<Frame>,
    overflow: usize,
    next_id: u32,
    bracket_depth: usize,
    section: Option<Span>,
    section_pending: Option<Span>,
    stmt_count: u32,
    stmt_first: Option<Span>,
    line_comment: bool,
    block_comment: bool,
    line: Line,
    /// A `.netrc`: `login`, `password`, `account` take the next word.
    netrc: bool,
    /// The environment variable read by the last lookup in this statement.
    stmt_env: Option<Operand>,
    /// A literal after `stmt_env`'s lookup, bound to it unless the next token shows
    /// it is a key.
    stmt_fallback: Option<Emit>,
    /// A literal after a fallback word (`fromMaybe "v"`) waiting for its lookup.
    stmt_default: Option<Tok>,
    draft: Option<Draft>,
    parts: Vec<Span>,
    block: Option<Block>,
    block_parts: Vec<Span>,
    seq_key: Option<SeqKey>,
    flag: Option<Pending>,
    directive: bool,
    directive_name: Option<Pending>,
    label_next: Option<Span>,
    last_operand: Option<Operand>,
    fallback_frame: Option<Operand>,
    assign_ctx: Option<(Span, usize)>,
    elem: Option<(Span, usize, u32)>,
    /// A property list's `<key>NAME</key>`: the next `<string>` element is its value.
    plist_key: Option<Span>,
    cols_frame: u32,
    cols: Vec<Span>,
    last_cols: Vec<Span>,
    last_cols_at: u64,
    sql: Option<usize>,
    sql_cols: Vec<Span>,
    /// `CREATE TABLE name`: the table's name, until its column list opens.
    ddl_name: Option<Span>,
    /// The frame of a `CREATE TABLE` column list, its table and its columns so far.
    ddl_frame: u32,
    ddl_cols: (Span, Vec<Span>),
    /// Tables created in this input: an `INSERT INTO name VALUES (…)` without a
    /// column list takes their columns (SQLite's `.dump`).
    tables: Vec<(Span, Vec<Span>)>,
    copy_stmt: bool,
    copy_pending: bool,
    copy_buf: Vec<(usize, Span)>,
    tag_env: Option<Span>,
    /// Index of a token a draft took as its own operator.
    consumed: u64,
    memo: [(usize, usize); 2],
    /// Bindings whose unquoted value started inside the remembered run, per class.
    memo_uses: [u8; 2],
    parent_labels: Vec<Span>,
    decoded: Vec<u8>,
    steps: u64,
}

/// Where the scheme ending at `sep` (the `://`) starts, not before `lo`: RFC 3986's
/// scheme characters (`mongodb+srv`, `git+ssh`).
fn scheme_start(b: &[u8], lo: usize, sep: usize) -> usize {
    let mut start = sep;
    while start > lo
        && (b[start - 1].is_ascii_alphanumeric() || matches!(b[start - 1], b'+' | b'.' | b'-'))
    {
        start -= 1;
    }
    start
}

/// Go's slice conversions of a string literal: `[]byte("v")`, after the `[`.
fn go_conversion(after: &[u8]) -> bool {
    [&b"]byte("[..], b"]rune(", b"]uint8("]
        .iter()
        .any(|p| after.starts_with(p))
}

/// Whether a string's content can hold a binding (`=`, `:`, `<`, `$`, ` -`): only
/// such strings are scanned again.
fn has_syntax(s: &[u8]) -> bool {
    let mut prev = b' ';
    for &c in s {
        if matches!(c, b'=' | b':' | b'<' | b'$') || (c == b'-' && prev == b' ') {
            return true;
        }
        prev = c;
    }
    false
}

/// A string that can be a name: an identifier, `X-API-KEY`, `exchange.secret`.
fn name_like(s: &[u8]) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && s[0].is_ascii_alphabetic()
        && s.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
}

/// `API_KEY`, `CURLOPT_USERPWD`: upper case, digits and underscores, a letter first.
fn constant_like(s: &[u8]) -> bool {
    s.first().is_some_and(u8::is_ascii_uppercase)
        && s.iter()
            .all(|&c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_')
}

/// How many of the latest bindings are searched for a constant's own assignment.
const RECENT_BINDINGS: usize = 256;

/// Words that open a table constraint, not a column, in `CREATE TABLE (…)`.
const SQL_CONSTRAINTS: &[&[u8]] = &[
    b"primary",
    b"foreign",
    b"unique",
    b"constraint",
    b"check",
    b"key",
    b"index",
];
/// Tables remembered per input ([`State::tables`]).
const MAX_TABLES: usize = 32;

/// A SQL identifier token's text: a word, or a quoted name's content.
fn sql_ident(t: &Tok) -> Span {
    if t.kind == Kind::Str {
        t.cs..t.ce
    } else {
        t.start..t.end
    }
}

/// Shortest token taken from the middle of a sentence ([`State::prose_mention`]).
const PROSE_VALUE_MIN: usize = 24;
/// Words that name a credential in a sentence (`the old key was V`).
const PROSE_CRED_WORDS: &[&[u8]] = &[
    b"key",
    b"keys",
    b"secret",
    b"token",
    b"password",
    b"passphrase",
    b"apikey",
];
/// Words between a credential word and its value in a sentence.
const PROSE_LINKS: &[&[u8]] = &[b"was", b"is", b"were", b"are"];

/// A token that only a machine makes: 24+ bytes with upper- and lowercase letters and
/// digits (not a word, a hex digest or a constant's name).
fn strong_token(v: &[u8]) -> bool {
    v.iter().any(u8::is_ascii_digit)
        && v.iter().any(u8::is_ascii_lowercase)
        && v.iter().any(u8::is_ascii_uppercase)
}

/// A value that looks machine-made: 12+ bytes with a letter and a digit.
fn token_like(v: &[u8]) -> bool {
    let digit = v.iter().any(u8::is_ascii_digit);
    let lower = v.iter().any(u8::is_ascii_lowercase);
    let upper = v.iter().any(u8::is_ascii_uppercase);
    v.len() >= 12 && digit && (lower || upper) || v.len() >= 16 && lower && upper
}

fn eq_ic(a: &[u8], b: &[u8]) -> bool {
    a.eq_ignore_ascii_case(b)
}

fn contains_ic(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

fn in_list(list: &[&[u8]], w: &[u8]) -> bool {
    list.iter().any(|x| eq_ic(x, w))
}

/// A name without its sigils (`$password`, `@token`, `&key`).
fn strip_sigils(b: &[u8], mut s: Span) -> Span {
    while s.end - s.start > 1 && matches!(b[s.start], b'$' | b'@' | b'&' | b'*' | b'%') {
        s.start += 1;
    }
    s
}

/// The variable a word reads from the environment as a member: PowerShell's
/// `$env:NAME`, `process.env.NAME`, `import.meta.env.NAME`, `Deno.env.NAME`.
fn env_member(b: &[u8], t: &Tok) -> Option<Span> {
    let w = &b[t.start..t.end];
    if w.len() > 5 && w[..5].eq_ignore_ascii_case(b"$env:") {
        return Some(t.start + 5..t.end);
    }
    let dot = memchr::memmem::rfind(w, b".env.")?;
    let name = t.start + dot + 5..t.end;
    (!name.is_empty() && !b[name.clone()].contains(&b'.')).then_some(name)
}

/// The last `.`/`-` separated segment of a word (`process.env.API_KEY` → `API_KEY`).
fn last_segment(b: &[u8], s: &Span) -> Span {
    match memchr::memrchr(b'.', &b[s.clone()]) {
        Some(k) if s.start + k + 1 < s.end => s.start + k + 1..s.end,
        _ => s.clone(),
    }
}

impl Operand {
    /// The name a fallback binds to, and whether it is an environment lookup.
    fn resolve(mut self, b: &[u8]) -> Operand {
        if self.word {
            self.env = contains_ic(&b[self.name.clone()], b"env");
            self.name = last_segment(b, &self.name);
            self.word = false;
        }
        self
    }
}

/// The first frame id of string contents' scans (the outer scan's count from 1).
const INNER_IDS: u32 = 1 << 31;

impl State {
    fn reset(&mut self, b: &[u8], start: usize, end: usize, nested: bool) {
        self.start = start;
        self.limit = end;
        self.nested = nested;
        let first = b[start..end].iter().position(|c| !c.is_ascii_whitespace());
        self.markup = first.is_some_and(|k| {
            b[start + k] == b'<'
                && b.get(start + k + 1)
                    .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, b'?' | b'!'))
        });
        self.ring = [Tok::NONE; RING];
        self.head = 0;
        self.idx = 0;
        self.frames.clear();
        self.overflow = 0;
        self.bracket_depth = 0;
        self.section = None;
        self.section_pending = None;
        self.stmt_count = 0;
        self.stmt_first = None;
        self.line_comment = false;
        self.block_comment = false;
        self.line = Line::default();
        self.netrc = false;
        self.stmt_env = None;
        self.stmt_fallback = None;
        self.stmt_default = None;
        self.draft = None;
        self.parts.clear();
        self.block = None;
        self.block_parts.clear();
        self.seq_key = None;
        self.flag = None;
        self.directive = false;
        self.directive_name = None;
        self.label_next = None;
        self.last_operand = None;
        self.fallback_frame = None;
        self.assign_ctx = None;
        self.elem = None;
        self.plist_key = None;
        self.cols_frame = 0;
        self.cols.clear();
        self.last_cols.clear();
        self.last_cols_at = 0;
        self.sql = None;
        self.sql_cols.clear();
        self.ddl_name = None;
        self.ddl_frame = 0;
        self.ddl_cols.1.clear();
        self.tables.clear();
        self.copy_stmt = false;
        self.copy_pending = false;
        self.tag_env = None;
        self.consumed = 0;
        self.memo = [(usize::MAX, 0); 2];
        self.memo_uses = [0; 2];
        self.steps = 0;
    }

    /// Scan `b[start..end]`. `esc` is the quote of the string whose content this is
    /// (0 at top level); `inner` re-scans string contents (one level).
    /// `fields`: the content of an f-string, whose `{…}` are code.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn run(
        &mut self,
        b: &[u8],
        start: usize,
        end: usize,
        esc: u8,
        fields: bool,
        mut inner: Option<&mut State>,
        out: &mut Bindings,
    ) {
        let nested = inner.is_none();
        self.reset(b, start, end, nested);
        let mut lx = Lexer::new(b, start, end, esc);
        if fields {
            lx = lx.with_fields();
        }
        let mut t = Tok::NONE;
        while lx.next_into(&mut t) {
            self.feed(b, &t, &mut lx, inner.as_deref_mut(), out);
        }
        if let Some(e) = self.stmt_fallback.take() {
            self.emit(b, e, out);
        }
        self.flush_draft(b, out);
        self.finish_block(b, out);
        self.steps += lx.steps;
    }

    fn back(&self, k: usize) -> Tok {
        if k == 0 || k > RING {
            return Tok::NONE;
        }
        self.ring[(self.head + RING - k) % RING]
    }

    fn push_ring(&mut self, t: Tok) {
        self.ring[self.head] = t;
        self.head = (self.head + 1) % RING;
    }

    fn top(&self) -> Option<&Frame> {
        self.frames.last()
    }

    fn in_parens(&self) -> bool {
        self.top()
            .is_some_and(|f| matches!(f.kind, FrameKind::Paren | FrameKind::Bracket))
    }

    fn feed(
        &mut self,
        b: &[u8],
        t: &Tok,
        lx: &mut Lexer,
        inner: Option<&mut State>,
        out: &mut Bindings,
    ) {
        self.idx += 1;
        if let Some(e) = self.stmt_fallback.take()
            && !matches!(
                t.kind,
                Kind::Op(Op::Colon | Op::Assign | Op::FatArrow | Op::Arrow | Op::Walrus)
            )
        {
            self.emit(b, e, out);
        }
        if t.kind == Kind::Str
            && t.ce > t.cs + 2
            && has_syntax(&b[t.cs..t.ce])
            && let Some(inner) = inner
        {
            self.nest(b, t, inner, out);
        }
        if self.section_pending.is_some()
            && !matches!(t.kind, Kind::Newline | Kind::Op(Op::RBracket | Op::Comment))
        {
            self.section_pending = None;
        }
        self.track_line(t);
        // Markdown's inline code in a sentence: "Your API key is `V`."
        if t.kind == Kind::Str
            && t.quote == b'`'
            && (t.space || self.back(1).is(Op::LParen))
            && self.draft.is_none()
            && t.ce - t.cs >= PROSE_VALUE_MIN
            && strong_token(&b[t.cs..t.ce])
        {
            self.prose_mention(b, t, out);
        }
        self.start_pending(b, t, out);
        if self.draft.is_some() {
            self.step_draft(b, t, out);
        }
        match t.kind {
            Kind::Newline => self.newline(b, t, lx, out),
            Kind::Word => self.word(b, t, out),
            Kind::Str => self.string(b, t, out),
            Kind::Url => self.url(b, t, out),
            Kind::Interp => self.interp(b, t, out),
            Kind::Op(op) => self.op(b, t, op, out),
        }
        self.push_ring(*t);
    }

    fn track_line(&mut self, t: &Tok) {
        let l = &mut self.line;
        if t.kind == Kind::Newline {
            return;
        }
        if t.bol {
            *l = Line {
                first: Some(*t),
                tokens: 1,
                ..Line::default()
            };
            match t.kind {
                Kind::Op(Op::Comment) => {
                    l.prose = true;
                    l.comment = true;
                }
                Kind::Word => {
                    l.prose = true;
                    l.words = 1;
                    l.name_start = t.start;
                    l.last = Some(*t);
                }
                Kind::Str => l.strs = 1,
                _ => {}
            }
            return;
        }
        l.tokens = l.tokens.saturating_add(1);
        if l.second.is_none() && t.space {
            l.second = Some(t.start);
        }
        match t.kind {
            Kind::Word | Kind::Url if l.prose => {
                if l.words == 0 {
                    l.name_start = t.start;
                }
                l.prev = l.last;
                l.last = Some(*t);
                l.words = l.words.saturating_add(1);
            }
            Kind::Str => {
                l.strs = l.strs.saturating_add(1);
                l.prose = false;
            }
            Kind::Op(Op::Star) => {}
            Kind::Op(op) => {
                // punctuation inside the last word's run (`a+b`, `x~1`) keeps it one value
                let inside = !t.space && l.last.is_some_and(|w| w.end == t.start);
                if !inside {
                    l.prose = false;
                }
                if matches!(
                    op,
                    Op::Assign
                        | Op::Walrus
                        | Op::Colon
                        | Op::FatArrow
                        | Op::LArrow
                        | Op::Comment
                        | Op::LParen
                        | Op::LBracket
                        | Op::LBrace
                ) {
                    l.ops = true;
                }
            }
            _ => l.prose = false,
        }
    }

    // ---- string contents -------------------------------------------------------

    fn nest(&mut self, b: &[u8], t: &Tok, inner: &mut State, out: &mut Bindings) {
        inner.parent_labels.clear();
        if let Some(d) = &self.draft {
            inner.parent_labels.push(d.name.clone());
        }
        let mut n = 0;
        for f in self.frames.iter().rev().take(FRAME_SCAN) {
            if let Some(l) = &f.label {
                inner.parent_labels.push(l.clone());
                n += 1;
                if n == MAX_LABELS {
                    break;
                }
            }
        }
        if let Some(s) = &self.section {
            inner.parent_labels.push(s.clone());
        }
        let esc = if matches!(t.quote, b'"' | b'\'') {
            t.quote
        } else {
            0
        };
        // `f"…"`, `rf"…"`, `$"…"`, `$@"…"`: the prefix letters before the quote
        let fields = b[t.start..t.cs.saturating_sub(1).max(t.start)]
            .iter()
            .any(|&c| matches!(c, b'f' | b'F' | b'$'));
        inner.run(b, t.cs, t.ce, esc, fields, None, out);
        self.steps += inner.steps;
    }

    // ---- drafts ----------------------------------------------------------------

    fn start_draft(&mut self, b: &[u8], d: Draft, out: &mut Bindings) {
        self.flush_draft(b, out);
        if matches!(d.form, Form::Assign | Form::Colon | Form::Argument) {
            self.assign_ctx = Some((d.name.clone(), self.frames.len()));
        }
        self.draft = Some(Draft {
            parts_from: self.parts.len(),
            ..d
        });
    }

    /// The string a call (`w("v")`) or an application (`w "v"`) wraps, named by `w`.
    fn emit_wrapped(&mut self, b: &[u8], d: &Draft, out: &mut Bindings) {
        if let Some((inner, quote)) = d.wrap_inner.clone() {
            let mut e = self.emit_of(d, inner);
            e.flags |= Flags::QUOTED | Flags::WRAPPED;
            e.quote = quote;
            e.call = d.wrap.clone();
            self.emit(b, e, out);
        }
    }

    /// End the draft in progress with what it has.
    fn flush_draft(&mut self, b: &[u8], out: &mut Bindings) {
        let Some(mut d) = self.draft.take() else {
            return;
        };
        match d.stage {
            Stage::AfterOp | Stage::SkipTag | Stage::Slice => {}
            Stage::Word | Stage::PathSep => self.emit_bare(b, &d, d.value_start, out),
            Stage::Call | Stage::CallStr => {
                d.flags |= Flags::EXPR;
                self.emit_bare(b, &d, d.value_start, out);
            }
            Stage::Apply => self.emit_wrapped(b, &d, out),
            Stage::Quoted | Stage::AfterJoin | Stage::Group => self.emit_quoted(b, &d, out),
        }
        self.parts.truncate(d.parts_from);
    }

    /// The name, form and value start of an option, directive or juxtaposition whose
    /// value is the token `t`.
    fn start_pending(&mut self, b: &[u8], t: &Tok, out: &mut Bindings) {
        let value_like = matches!(t.kind, Kind::Str | Kind::Word | Kind::Url | Kind::Interp)
            && t.space
            && !t.bol;
        if let Some(f) = self.flag.take()
            && value_like
            && f.at + 1 == self.idx
        {
            let mut d = Draft::new(f.name, Form::Flag, t.col, 0);
            d.call = f.cmd;
            self.start_draft(b, d, out);
            return;
        }
        if let Some(n) = self.directive_name.take()
            && value_like
            && n.at + 1 == self.idx
        {
            let d = Draft::new(n.name, Form::Directive, t.col, 0);
            self.start_draft(b, d, out);
            return;
        }
        if t.kind == Kind::Str && t.space && !t.bol {
            let p = self.back(1);
            let joining = self.draft.as_ref().is_some_and(|d| {
                matches!(d.stage, Stage::Quoted | Stage::AfterJoin | Stage::Group)
            });
            if p.kind == Kind::Str && !joining && self.in_parens() && name_like(&b[p.cs..p.ce]) {
                // `(get env "NAME" "v")`
                let mut d = Draft::new(p.cs..p.ce, Form::CallPair, p.col, 0);
                d.call = self.top().and_then(|f| f.label.clone());
                self.start_draft(b, d, out);
                return;
            }
            if p.kind == Kind::Word
                && in_list(FALLBACK_WORDS, &b[last_segment(b, &(p.start..p.end))])
                && let Some(op) = self.stmt_env.clone()
            {
                // `… |> Option.defaultValue "v"`
                let mut d = Draft::new(op.name, Form::Fallback, p.col, 0);
                d.flags = Flags::ENV;
                self.start_draft(b, d, out);
                return;
            }
            if p.kind == Kind::Word
                && in_list(FALLBACK_WORDS, &b[last_segment(b, &(p.start..p.end))])
            {
                // `fromMaybe "v" <$> lookupEnv "X"`: the lookup comes after
                self.stmt_default = Some(*t);
            }
            if p.kind == Kind::Word && self.juxtaposable(b, &p) {
                let p2 = self.back(2);
                let name = if eq_ic(&b[p.start..p.end], b"by")
                    && p2.kind == Kind::Word
                    && eq_ic(&b[p2.start..p2.end], b"identified")
                {
                    p2.start..p.end
                } else {
                    strip_sigils(b, p.start..p.end)
                };
                if contains_ic(&b[p.start..p.end], b"env") {
                    // `GetEnvironmentVariable "X"`, `(getenv "X")`: a lookup by application
                    self.stmt_env = Some(Operand {
                        name: t.cs..t.ce,
                        env: true,
                        word: false,
                        call: true,
                        at: self.idx,
                    });
                    self.default_before(b, out);
                }
                let d = Draft::new(name, Form::Juxtaposed, p.col, 0);
                self.start_draft(b, d, out);
            }
        }
    }

    /// A default written before the lookup it stands in for (`fromMaybe "v" <$>
    /// lookupEnv "X"`) binds to the variable once the lookup shows.
    fn default_before(&mut self, b: &[u8], out: &mut Bindings) {
        let (Some(t), Some(op)) = (self.stmt_default.take(), self.stmt_env.as_ref()) else {
            return;
        };
        let e = self.fallback_literal(op.name.clone(), &t, true);
        self.emit(b, e, out);
    }

    /// The string `t` as the hardcoded fallback of the lookup of `name` (an
    /// environment variable when `env`), aliased to the assignment it sits in.
    fn fallback_literal(&self, name: Span, t: &Tok, env: bool) -> Emit {
        let mut e = Emit::new(name, t.cs..t.ce, Form::Fallback);
        e.alias = self.assign_ctx.as_ref().map(|(n, _)| n.clone());
        e.flags = Flags::QUOTED;
        if env {
            e.flags |= Flags::ENV;
        }
        e.quote = t.quote;
        e
    }

    /// `word "v"` binds unless the word is an option, a directive keyword or the
    /// name of a binding already in progress.
    fn juxtaposable(&self, b: &[u8], p: &Tok) -> bool {
        let p2 = self.back(2);
        let option = p2.end == p.start && (p2.is(Op::Dash) || p2.is(Op::DashDash));
        let keyword = self.stmt_count == 1 && in_list(DIRECTIVES, &b[p.start..p.end]);
        let to = &b[p.start..p.end] == b"to";
        // `name = Just "v"`: the word is the value's function, not a name (a lookup
        // by application, `getEnv "X"`, stays one)
        let applied = |d: &Draft| {
            d.stage == Stage::Word && !d.colon && !contains_ic(&b[p.start..p.end], b"env")
        };
        !option
            && !keyword
            && !to
            && self
                .draft
                .as_ref()
                .is_none_or(|d| d.stage != Stage::AfterOp && !applied(d))
    }

    fn step_draft(&mut self, b: &[u8], t: &Tok, out: &mut Bindings) {
        let Some(mut d) = self.draft.take() else {
            return;
        };
        if self.advance(b, &mut d, t, out) {
            self.draft = Some(d);
        } else {
            self.parts.truncate(d.parts_from);
        }
    }

    /// A string's part of a value: f-strings and C# `$"…"` with a `{…}` field are
    /// interpolations.
    fn push_str(&mut self, b: &[u8], d: &mut Draft, t: &Tok) {
        if matches!(t.prefix, b'f' | b'$') && memchr::memchr(b'{', &b[t.cs..t.ce]).is_some() {
            d.flags |= Flags::INTERPOLATED;
        }
        self.push_part(d, t.cs..t.ce);
    }

    fn push_part(&mut self, d: &mut Draft, span: Span) {
        if self.parts.len() - d.parts_from < MAX_PARTS {
            self.parts.push(span);
        } else {
            d.flags |= Flags::TRUNCATED;
        }
    }

    /// Feed one token to the draft; false when it is finished (emitted or dropped).
    fn advance(&mut self, b: &[u8], d: &mut Draft, t: &Tok, out: &mut Bindings) -> bool {
        match d.stage {
            Stage::AfterOp => match t.kind {
                Kind::Newline if !d.colon && !d.next_line && !t.blank && t.next != 0 => {
                    d.next_line = true;
                    true
                }
                // on the next line only a string (or a group of strings) continues
                Kind::Word | Kind::Url | Kind::Interp if d.next_line => false,
                Kind::Op(op) if d.next_line && op != Op::LParen => false,
                Kind::Newline => {
                    if d.colon {
                        self.colon_eol(d);
                    }
                    false
                }
                // Python's `"".join(["ab", "cd"])`: emitted whole
                Kind::Str if t.ce == t.cs && self.joined_list(b, d, t.cs - 1, out) => false,
                Kind::Str => {
                    d.value_start = t.cs;
                    d.quote = t.quote;
                    d.flags |= Flags::QUOTED;
                    self.push_str(b, d, t);
                    d.stage = Stage::Quoted;
                    true
                }
                Kind::Url => {
                    let e = self.emit_of(d, t.start..t.end);
                    self.emit(b, e, out);
                    false
                }
                Kind::Interp => {
                    let end = self.bare_end(b, t.start).max(t.end).min(t.end + MAX_BARE);
                    let mut e = self.emit_of(d, t.start..end);
                    e.flags |= Flags::INTERPOLATED;
                    self.emit(b, e, out);
                    false
                }
                Kind::Word => {
                    if &b[t.start..t.end] == b"new" && d.count < 2 {
                        d.count += 1;
                        return true;
                    }
                    d.value_start = t.start;
                    d.wrap = Some(t.start..t.end);
                    d.stage = Stage::Word;
                    d.count = 0;
                    true
                }
                Kind::Op(op) => match op {
                    // Go `[]byte("v")`: a conversion wraps the literal like a call
                    Op::LBracket if go_conversion(&b[t.end..]) => {
                        d.value_start = t.start;
                        d.stage = Stage::Slice;
                        true
                    }
                    // a slice type (Zig's `name: []const u8 = "v"`): an annotation
                    Op::LBracket
                        if d.colon && b.get(t.end) == Some(&b']') && self.typed_follows(b, t) =>
                    {
                        d.value_start = t.start;
                        d.stage = Stage::Word;
                        d.count = 0;
                        true
                    }
                    // JavaScript's `["ab", "cd"].join("")`: emitted whole
                    Op::LBracket if self.joined_list(b, d, t.start, out) => false,
                    Op::LBrace | Op::LBracket => {
                        self.label_next = Some(d.name.clone());
                        false
                    }
                    Op::LParen => {
                        d.value_start = t.start;
                        d.stage = Stage::Group;
                        true
                    }
                    Op::Pipe | Op::Gt if d.colon && self.block_header(b, t) => {
                        self.start_block(b, d, t, out);
                        false
                    }
                    Op::Amp
                        if d.colon
                            && b.get(t.end).is_some_and(|c| c.is_ascii_alphabetic())
                            && self.typed_follows(b, t) =>
                    {
                        d.value_start = t.start;
                        d.stage = Stage::Word;
                        d.count = 0;
                        true
                    }
                    Op::Bang | Op::Amp if d.colon && d.count < 3 => {
                        d.count += 1;
                        d.stage = Stage::SkipTag;
                        true
                    }
                    Op::Star if d.colon => false,
                    // Erlang `<<"v">>`
                    Op::Other if &b[t.start..t.end] == b"<<" && d.count < 2 => {
                        d.count += 1;
                        true
                    }
                    Op::Comma
                    | Op::Semi
                    | Op::RParen
                    | Op::RBracket
                    | Op::RBrace
                    | Op::Assign
                    | Op::Cmp
                    | Op::Eq
                    | Op::Append
                    | Op::Colon
                    | Op::Walrus
                    | Op::FatArrow
                    | Op::Comment
                    | Op::BlockOpen
                    | Op::BlockClose
                    | Op::Fence
                    | Op::LtSlash
                    | Op::OrOr
                    | Op::AmpAmp
                    | Op::Nullish
                    | Op::Elvis
                    | Op::ColonColon
                    | Op::Arrow
                    | Op::LArrow
                    | Op::Dot => false,
                    _ => {
                        self.emit_bare(b, d, t.start, out);
                        false
                    }
                },
            },
            Stage::Slice => match t.kind {
                Kind::Op(Op::RBracket) if !t.space => true,
                Kind::Word if !t.space => {
                    d.wrap = Some(t.start..t.end);
                    d.stage = Stage::Word;
                    true
                }
                _ => false,
            },
            Stage::SkipTag => match t.kind {
                Kind::Word | Kind::Op(Op::Bang) if !t.space => true,
                _ => {
                    d.stage = Stage::AfterOp;
                    self.advance(b, d, t, out)
                }
            },
            Stage::Word => match t.kind {
                Kind::Op(Op::LParen) if !t.space => {
                    d.stage = Stage::Call;
                    true
                }
                // a braced initialiser of one literal wraps it like a call
                // (`std::string{"v"}`)
                Kind::Op(Op::LBrace) if !t.space => {
                    match text::braced_literal(b, t.start, self.limit) {
                        Some(inner) => {
                            d.wrap_inner = Some(inner);
                            self.emit_wrapped(b, d, out);
                        }
                        None => self.emit_bare(b, d, d.value_start, out),
                    }
                    false
                }
                Kind::Op(Op::ColonColon | Op::Dot) if !t.space => {
                    d.stage = Stage::PathSep;
                    true
                }
                Kind::Op(Op::Assign) if d.colon && t.space => {
                    // `name: Type = value`: this `=` is the draft's own
                    self.consumed = self.idx;
                    d.flags |= Flags::TYPED;
                    if d.form == Form::Colon {
                        d.form = Form::Assign;
                    }
                    d.stage = Stage::AfterOp;
                    d.wrap = None;
                    d.count = 0;
                    true
                }
                // the word was a key (`- name: x`)
                Kind::Op(Op::Colon) if d.seq => false,
                // `Just "v"`, `T.pack "v"`: application by juxtaposition
                Kind::Str if t.space && !t.bol && !d.colon => {
                    d.wrap_inner = Some((t.cs..t.ce, t.quote));
                    d.stage = Stage::Apply;
                    true
                }
                Kind::Word
                | Kind::Op(
                    Op::Lt
                    | Op::Gt
                    | Op::LBracket
                    | Op::RBracket
                    | Op::Pipe
                    | Op::Question
                    | Op::Amp
                    | Op::Star,
                ) if d.colon && d.count < TYPE_TOKENS => {
                    d.count += 1;
                    true
                }
                _ => {
                    self.emit_bare(b, d, d.value_start, out);
                    false
                }
            },
            Stage::PathSep => {
                if t.kind == Kind::Word && !t.space {
                    if let Some(w) = &mut d.wrap {
                        w.end = t.end;
                    }
                    d.stage = Stage::Word;
                    true
                } else {
                    self.emit_bare(b, d, d.value_start, out);
                    false
                }
            }
            Stage::Call => {
                if t.kind == Kind::Str {
                    d.wrap_inner = Some((t.cs..t.ce, t.quote));
                    d.stage = Stage::CallStr;
                    d.count = 0;
                    true
                } else {
                    d.flags |= Flags::EXPR;
                    self.emit_bare(b, d, d.value_start, out);
                    false
                }
            }
            Stage::Apply => {
                // OCaml's `let x = Some "v" in`
                let ends = t.kind == Kind::Word && &b[t.start..t.end] == b"in";
                if ends
                    || matches!(
                        t.kind,
                        Kind::Newline
                            | Kind::Op(
                                Op::Comma
                                    | Op::Semi
                                    | Op::RParen
                                    | Op::RBrace
                                    | Op::RBracket
                                    | Op::Comment
                            )
                    )
                {
                    self.emit_wrapped(b, d, out);
                } else {
                    d.flags |= Flags::EXPR;
                    self.emit_bare(b, d, d.value_start, out);
                }
                false
            }
            Stage::CallStr => match t.kind {
                Kind::Op(Op::RParen) if d.count == 0 => {
                    self.emit_wrapped(b, d, out);
                    false
                }
                Kind::Op(Op::RParen) => {
                    d.count -= 1;
                    true
                }
                Kind::Op(Op::LParen) if d.count < 4 => {
                    d.count += 1;
                    true
                }
                Kind::Op(Op::Dot) | Kind::Word if !t.space => true,
                _ => {
                    d.flags |= Flags::EXPR;
                    self.emit_bare(b, d, d.value_start, out);
                    false
                }
            },
            Stage::Quoted => match t.kind {
                Kind::Str if !t.bol || d.next_line => {
                    d.flags |= Flags::CONCAT;
                    self.joined_url_value(b, d, t, out);
                    self.push_str(b, d, t);
                    true
                }
                Kind::Op(Op::Plus | Op::DotDot | Op::Tilde) => {
                    d.stage = Stage::AfterJoin;
                    true
                }
                Kind::Op(Op::Amp | Op::Dot) if t.space => {
                    d.stage = Stage::AfterJoin;
                    true
                }
                Kind::Op(Op::Colon) if d.seq => false,
                Kind::Newline if d.next_line => true,
                _ => {
                    self.emit_quoted(b, d, out);
                    false
                }
            },
            Stage::AfterJoin => match t.kind {
                // VB's `"a" & _` / `"b"`: `_` ends the line and the expression goes on
                Kind::Word
                    if &b[t.start..t.end] == b"_"
                        && b.get(t.end).is_none_or(|&c| c == b'\n' || c == b'\r') =>
                {
                    true
                }
                Kind::Str => {
                    d.flags |= Flags::CONCAT;
                    self.joined_url_value(b, d, t, out);
                    self.push_str(b, d, t);
                    d.stage = Stage::Quoted;
                    true
                }
                Kind::Newline => true,
                _ => {
                    d.flags |= Flags::EXPR | Flags::CONCAT;
                    self.emit_quoted(b, d, out);
                    false
                }
            },
            Stage::Group => match t.kind {
                Kind::Str => {
                    if self.parts.len() > d.parts_from {
                        d.flags |= Flags::CONCAT;
                        self.joined_url_value(b, d, t, out);
                    }
                    d.flags |= Flags::QUOTED;
                    d.quote = t.quote;
                    self.push_str(b, d, t);
                    true
                }
                Kind::Newline | Kind::Op(Op::Plus) => true,
                Kind::Op(Op::RParen) if self.parts.len() > d.parts_from => {
                    self.emit_quoted(b, d, out);
                    false
                }
                _ => false,
            },
        }
    }

    /// A joined literal that ends where a URL expects a value binds the next literal
    /// as that value: `"…?apikey=" + "v"` (a query parameter), `"amqps://user:" + "v"
    /// + "@host"` (the userinfo's password). The joined value is judged too.
    fn joined_url_value(&mut self, b: &[u8], d: &Draft, t: &Tok, out: &mut Bindings) {
        let Some(prev) = self.parts[d.parts_from..].last().cloned() else {
            return;
        };
        let p = &b[prev.clone()];
        let Some(sep) = memchr::memmem::find(p, b"://") else {
            return;
        };
        let scheme = scheme_start(b, prev.start, prev.start + sep);
        if scheme == prev.start + sep {
            return;
        }
        let value = t.cs..t.ce;
        let mut e = match p.last() {
            Some(b'=') => {
                let eq = prev.end - 1;
                let mut n = eq;
                while n > prev.start
                    && (b[n - 1].is_ascii_alphanumeric() || matches!(b[n - 1], b'_' | b'-' | b'.'))
                {
                    n -= 1;
                }
                if n == eq || n == prev.start || !matches!(b[n - 1], b'?' | b'&' | b';') {
                    return;
                }
                Emit::new(n..eq, value, Form::Query)
            }
            Some(b':') => {
                let user = prev.start + sep + 3..prev.end - 1;
                let v = &b[value.clone()];
                if user.is_empty()
                    || b[user.clone()]
                        .iter()
                        .any(|c| matches!(c, b'/' | b'@' | b':' | b'?' | b'#'))
                    || v.iter().all(u8::is_ascii_digit)
                    || v.contains(&b'/')
                {
                    return;
                }
                Emit::new(user, value, Form::Userinfo)
            }
            _ => return,
        };
        e.flags = Flags::QUOTED;
        e.quote = t.quote;
        e.call = Some(scheme..prev.start + sep);
        self.emit(b, e, out);
    }

    fn emit_of(&self, d: &Draft, value: Span) -> Emit {
        Emit {
            alias: d.alias.clone(),
            flags: d.flags,
            call: d.call.clone(),
            ..Emit::new(d.name.clone(), value, d.form)
        }
    }

    /// A list of literals joined into the value ([`text::joined_list`], opened at
    /// `open`): emitted as one value of its parts; `false` when there is none.
    fn joined_list(&mut self, b: &[u8], d: &Draft, open: usize, out: &mut Bindings) -> bool {
        let Some(parts) = text::joined_list(b, open, self.limit) else {
            return false;
        };
        let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
            return false;
        };
        self.steps += (last.end - open) as u64;
        let mut e = self.emit_of(d, first.start..last.end);
        e.quote = b[first.start - 1];
        e.flags |= Flags::QUOTED | Flags::CONCAT;
        if parts.len() > 1 {
            e.parts = out.push_spans(parts.iter().cloned());
        }
        self.emit(b, e, out);
        true
    }

    fn emit_quoted(&mut self, b: &[u8], d: &Draft, out: &mut Bindings) {
        let parts = &self.parts[d.parts_from.min(self.parts.len())..];
        let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
            return;
        };
        let mut e = self.emit_of(d, first.start..last.end);
        e.quote = d.quote;
        if parts.len() > 1 {
            e.parts = out.push_spans(parts.iter().cloned());
        }
        self.emit(b, e, out);
    }

    /// An unquoted value starting at `from`.
    fn emit_bare(&mut self, b: &[u8], d: &Draft, from: usize, out: &mut Bindings) {
        let (mut end, uses) = self.bare_run(b, from);
        if end <= from || end - from > MAX_BARE || uses >= MAX_RUN_VALUES {
            return;
        }
        self.steps += (end - from) as u64;
        let mut flags = d.flags;
        let joined = self.continued(b, from, &mut end);
        if !joined.is_empty() {
            flags |= Flags::CONCAT;
        }
        let v = &b[from..end];
        if memchr::memchr(b'(', v).is_some() || (end < self.limit && b[end] == b'(') {
            flags |= Flags::EXPR;
        }
        if text::has_interpolation(v) {
            flags |= Flags::INTERPOLATED;
        }
        // `Authorization: Bearer v`: the credential is the next run
        if (eq_ic(v, b"bearer") || eq_ic(v, b"basic") || eq_ic(v, b"token") || eq_ic(v, b"bot"))
            && end < self.limit
            && b[end] == b' '
        {
            let mut next = end;
            while next < self.limit && b[next] == b' ' {
                next += 1;
            }
            let e2 = self.bare_end_aside(b, next);
            if e2 > next && e2 - next <= MAX_BARE {
                end = e2;
            }
        }
        let mut e = self.emit_of(d, from..end);
        e.flags = flags;
        if !joined.is_empty() {
            e.parts = out.push_spans(joined);
        }
        self.emit(b, e, out);
    }

    /// `key=c435\` / `    49aa`: a backslash that ends the line continues an unquoted
    /// value on the next, whose leading blanks do not count (`.properties`, shell). The
    /// parts of the value, or nothing when it does not continue; `end` moves to the
    /// end of the last part.
    fn continued(&mut self, b: &[u8], from: usize, end: &mut usize) -> Vec<Span> {
        let mut parts = Vec::new();
        let mut start = from;
        while parts.len() < MAX_CONTINUED
            && *end > start
            && b[*end - 1] == b'\\'
            && *end < self.limit
        {
            let mut next = *end;
            if b[next] == b'\r' && b.get(next + 1) == Some(&b'\n') {
                next += 1;
            }
            if b[next] != b'\n' {
                break;
            }
            next += 1;
            while next < self.limit && matches!(b[next], b' ' | b'\t') {
                next += 1;
            }
            let e2 = self.bare_end_aside(b, next);
            if e2 <= next || e2 - from > MAX_BARE {
                break;
            }
            parts.push(start..*end - 1);
            start = next;
            *end = e2;
        }
        if !parts.is_empty() {
            parts.push(start..*end);
        }
        parts
    }

    /// `key:` ends its line: the value is the indented block below (a mapping, a
    /// list, or a block scalar), so the key labels what follows.
    fn colon_eol(&mut self, d: &Draft) {
        self.push_frame(FrameKind::Indent, Some(d.name.clone()), d.col + 1, false);
        self.seq_key = Some(SeqKey {
            name: d.name.clone(),
            col: d.col,
            at: self.idx,
        });
    }

    /// `&str = …`: a reference type, then `=`, on this line (not a YAML anchor).
    fn typed_follows(&mut self, b: &[u8], t: &Tok) -> bool {
        let end = self.limit.min(t.end + 64);
        let line = &b[t.end..end];
        let stop = memchr::memchr(b'\n', line).unwrap_or(line.len());
        self.steps += stop as u64;
        memchr::memmem::find(&line[..stop], b" = ").is_some()
    }

    /// `|`, `|-`, `>+`, `|2` then the line end (or a comment).
    fn block_header(&self, b: &[u8], t: &Tok) -> bool {
        let mut i = t.end;
        while i < self.limit && matches!(b[i], b'-' | b'+' | b'0'..=b'9') {
            i += 1;
        }
        while i < self.limit && matches!(b[i], b' ' | b'\t') {
            i += 1;
        }
        i >= self.limit || matches!(b[i], b'\n' | b'\r' | b'#')
    }

    fn start_block(&mut self, b: &[u8], d: &Draft, t: &Tok, out: &mut Bindings) {
        self.finish_block(b, out);
        self.block_parts.clear();
        self.block = Some(Block {
            name: d.name.clone(),
            col: d.col,
            style: b[t.start],
            cur: None,
            flags: d.flags | Flags::BLOCK,
            group: self.top().map_or(0, |f| f.id),
        });
    }

    fn block_line(&mut self, b: &[u8], t: &Tok, out: &mut Bindings) {
        let Some(block) = &mut self.block else {
            return;
        };
        if let Some(cur) = block.cur.take() {
            let part = trim_span(b, cur..t.start);
            if !part.is_empty() && self.block_parts.len() < MAX_PARTS {
                self.block_parts.push(part);
            }
        }
        if t.blank {
            return;
        }
        if t.indent <= block.col {
            self.finish_block(b, out);
        } else {
            block.cur = Some(t.end + t.indent as usize);
        }
    }

    fn finish_block(&mut self, b: &[u8], out: &mut Bindings) {
        let Some(mut block) = self.block.take() else {
            return;
        };
        if let Some(cur) = block.cur.take() {
            let part = trim_span(b, cur..self.limit);
            if !part.is_empty() && self.block_parts.len() < MAX_PARTS {
                self.block_parts.push(part);
            }
        }
        let (Some(first), Some(last)) = (self.block_parts.first(), self.block_parts.last()) else {
            return;
        };
        let mut e = Emit::new(block.name.clone(), first.start..last.end, Form::Colon);
        e.flags = block.flags;
        e.quote = block.style;
        if self.block_parts.len() > 1 {
            e.parts = out.push_spans(self.block_parts.drain(..));
        }
        self.block_parts.clear();
        let group = block.group;
        self.emit_grouped(b, e, Some(group), out);
    }

    // ---- main loop handlers ----------------------------------------------------

    fn boundary(&mut self) {
        self.stmt_count = 0;
        self.stmt_first = None;
        self.directive = false;
    }

    fn count_stmt(&mut self, t: &Tok) {
        if t.is(Op::Star) {
            return;
        }
        if self.stmt_count == 0 && t.kind == Kind::Word {
            self.stmt_first = Some(t.start..t.end);
        }
        self.stmt_count += 1;
    }

    /// Count `t` as part of the current argument of the innermost call or list.
    fn arg_token(&mut self, t: &Tok) {
        if let Some(f) = self.frames.last_mut()
            && f.kind.is_bracket()
        {
            f.arg_toks = f.arg_toks.saturating_add(1);
            if f.arg_toks == 1 {
                f.arg_first = *t;
            }
        }
    }

    fn newline(&mut self, b: &[u8], t: &Tok, lx: &mut Lexer, out: &mut Bindings) {
        self.line_shapes(b, t, out);
        self.block_line(b, t, out);
        if self.seq_key.as_ref().is_some_and(|s| s.at != self.idx) {
            self.seq_key = None;
        }
        self.line_comment = false;
        while self.top().is_some_and(|f| f.line_bound) {
            self.pop_frame();
        }
        if let Some((_, _, id)) = &self.elem
            && !self
                .frames
                .iter()
                .rev()
                .take(FRAME_SCAN)
                .any(|f| f.id == *id)
        {
            self.elem = None;
        }
        if let Some(s) = self.section_pending.take() {
            self.section = Some(s);
            while self.top().is_some_and(|f| f.kind.is_indent()) {
                self.pop_frame();
            }
        }
        if self.copy_pending {
            self.copy_pending = false;
            self.copy_rows(b, t, lx, out);
            return;
        }
        if !t.blank && t.next != b'#' {
            while self
                .top()
                .is_some_and(|f| f.kind.is_indent() && t.indent < f.min_indent)
            {
                self.pop_frame();
            }
        }
        if !self.in_parens() {
            self.boundary();
            self.assign_ctx = None;
            self.ddl_name = None;
            self.copy_stmt = false;
            self.stmt_env = None;
            self.stmt_default = None;
        }
    }

    /// A random token named mid-sentence by the words before it: `the old key was V
    /// (now revoked)`, `hardcode key V until …`, `secret: rotated, token is V`. The name
    /// is the credential word with the word before it (`old key`, `hardcode key`); the
    /// value must be strongly random ([`strong_token`]), since prose has no quotes to
    /// say where a literal is.
    fn prose_mention(&mut self, b: &[u8], t: &Tok, out: &mut Bindings) {
        let word = |k: usize| {
            let w = self.back(k);
            (w.kind == Kind::Word).then_some(w)
        };
        // `API key (prod): V`, `old key (rotated?): V`: a parenthetical and a colon
        // between the word and its token
        let mut skip = 0;
        if self.back(1).is(Op::Colon) && self.back(2).is(Op::RParen) {
            skip = (3..RING)
                .find(|&j| self.back(j).is(Op::LParen))
                .unwrap_or(0);
            if skip == 0 {
                return;
            }
        } else if t.kind == Kind::Str {
            // ``key (`V`)``, ``the key (mine is `V`)``: inline code opening a
            // parenthetical of at most three words after the credential word
            if let Some(j) = (1..=4).find(|&j| self.back(j).is(Op::LParen))
                && (1..j).all(|i| self.back(i).kind == Kind::Word)
            {
                skip = j;
            }
        }
        let Some(mut cred) = word(skip + 1) else {
            return;
        };
        let mut k = skip + 1;
        if skip == 0 && in_list(PROSE_LINKS, &b[cred.start..cred.end]) {
            let Some(w) = word(2) else { return };
            cred = w;
            k = 2;
        }
        if !in_list(PROSE_CRED_WORDS, &b[cred.start..cred.end]) {
            return;
        }
        let from = match word(k + 1) {
            Some(q) if !cred.bol && q.end + 1 == cred.start => q.start,
            _ => cred.start,
        };
        let value = if t.kind == Kind::Str {
            t.cs..t.ce
        } else {
            let mut end = self.bare_end(b, t.start).min(t.start + MAX_BARE);
            while end > t.end && matches!(b[end - 1], b'.' | b',' | b';' | b')' | b'!' | b'?') {
                end -= 1;
            }
            t.start..end
        };
        let mut e = Emit::new(from..cred.end, value, Form::Juxtaposed);
        e.flags = Flags::PROSE;
        if t.kind == Kind::Str {
            e.flags |= Flags::QUOTED;
            e.quote = t.quote;
        }
        self.emit(b, e, out);
    }

    /// Bindings that only the whole line shows: `word value` (`requirepass v`), prose
    /// ending in a token (`// key was V`, `using key V`), two quoted strings (a
    /// pgbouncer userlist), `host:port:db:user:password` (`.pgpass`).
    fn line_shapes(&mut self, b: &[u8], t: &Tok, out: &mut Bindings) {
        let l = std::mem::take(&mut self.line);
        let Some(first) = l.first else {
            return;
        };
        if self.bracket_depth > 0 || self.draft.is_some() {
            return;
        }
        let line_end = trim_span(b, first.start..t.start).end;
        if l.prose && !l.ops && l.words >= 2 && l.words <= 6 {
            let (Some(last), Some(prev)) = (l.last, l.prev) else {
                return;
            };
            let end = if last.kind == Kind::Url {
                last.end
            } else {
                self.bare_end(b, last.start)
            };
            let first_word = !l.comment && l.words == 2;
            if end == line_end
                && end - last.start <= MAX_BARE
                && (first_word && !in_list(DIRECTIVES, &b[first.start..first.end])
                    || last.kind == Kind::Url
                    || token_like(&b[last.start..end]))
            {
                let mut e = Emit::new(
                    strip_sigils(b, l.name_start..prev.end),
                    last.start..end,
                    Form::Juxtaposed,
                );
                if !first_word {
                    e.flags = Flags::PROSE;
                }
                self.emit(b, e, out);
            }
            return;
        }
        if first.kind == Kind::Word
            && !l.ops
            && !l.comment
            && let Some(second) = l.second
            && second > first.end
            && b[first.end..second].iter().all(u8::is_ascii_whitespace)
            && !in_list(DIRECTIVES, &b[first.start..first.end])
        {
            // `password g4mRG.o6uEK~156`
            let end = self.bare_end(b, second);
            if end == line_end && end - second <= MAX_BARE && end > second {
                let e = Emit::new(
                    strip_sigils(b, first.start..first.end),
                    second..end,
                    Form::Juxtaposed,
                );
                self.emit(b, e, out);
            }
            return;
        }
        if first.kind == Kind::Str && l.tokens == 2 && l.strs == 2 && first.bol {
            let p = self.back(1);
            if p.kind == Kind::Str && p.start > first.start && first.ce > first.cs {
                let mut e = Emit::new(first.cs..first.ce, p.cs..p.ce, Form::Userinfo);
                e.flags = Flags::QUOTED;
                e.quote = p.quote;
                self.emit(b, e, out);
            }
            return;
        }
        // `.pgpass`: any field may be `*`
        if (first.kind == Kind::Word || b[first.start] == b'*') && line_end - first.start <= 512 {
            let text = &b[first.start..line_end];
            if !text.iter().any(u8::is_ascii_whitespace)
                && memchr::memchr_iter(b':', text).count() == 4
            {
                let mut cuts = memchr::memchr_iter(b':', text).map(|k| first.start + k);
                let (Some(c1), Some(c2), Some(_), Some(c4)) =
                    (cuts.next(), cuts.next(), cuts.next(), cuts.next())
                else {
                    return;
                };
                let port = &b[c1 + 1..c2];
                if !port.is_empty() && (port == b"*" || port.iter().all(u8::is_ascii_digit)) {
                    let user_start = memchr::memrchr(b':', &b[first.start..c4])
                        .map_or(first.start, |k| first.start + k + 1);
                    let e = Emit::new(user_start..c4, c4 + 1..line_end, Form::Userinfo);
                    self.emit(b, e, out);
                }
            }
        }
    }

    fn copy_rows(&mut self, b: &[u8], t: &Tok, lx: &mut Lexer, out: &mut Bindings) {
        let mut cells = std::mem::take(&mut self.copy_buf);
        cells.clear();
        let resume = table::copy_rows(b, t.end, self.limit, &mut self.steps, |col, span| {
            cells.push((col, span));
        });
        let cols = std::mem::take(&mut self.sql_cols);
        for (col, span) in cells.drain(..) {
            if let Some(name) = cols.get(col) {
                let mut e = Emit::new(name.clone(), span, Form::Table);
                e.arg = u16::try_from(col).unwrap_or(u16::MAX);
                self.emit(b, e, out);
            }
        }
        self.sql_cols = cols;
        self.copy_buf = cells;
        lx.seek(resume);
        self.boundary();
    }

    fn word(&mut self, b: &[u8], t: &Tok, out: &mut Bindings) {
        self.arg_token(t);
        let text = &b[t.start..t.end];
        if t.space && text.len() >= PROSE_VALUE_MIN && self.draft.is_none() && strong_token(text) {
            self.prose_mention(b, t, out);
        }
        let p = self.back(1);
        let adjacent = p.end == t.start && p.kind != Kind::Newline && self.idx > 1;
        let free = p.space || p.bol || p.start == self.start;
        // options: `--name v`, `-p v`, `-pSECRET`
        if adjacent && p.is(Op::DashDash) && free {
            self.flag = Some(Pending {
                name: t.start..t.end,
                cmd: self.stmt_first.clone(),
                at: self.idx,
            });
        } else if adjacent && p.is(Op::Dash) && free {
            if text.len() == 1 && text[0].is_ascii_alphabetic() {
                self.flag = Some(Pending {
                    name: t.start..t.end,
                    cmd: self.stmt_first.clone(),
                    at: self.idx,
                });
            } else if text.len() > 1 {
                // `-setcookie v`, `-Dname` is an assignment
                self.flag = Some(Pending {
                    name: t.start..t.end,
                    cmd: self.stmt_first.clone(),
                    at: self.idx,
                });
            }
            if text.len() > 1 && text[0] == b'p' && self.stmt_count > 0 {
                let from = t.start + 1;
                let end = self.bare_end(b, from).min(from + MAX_BARE);
                let mut e = Emit::new(t.start..from, from..end, Form::Flag);
                e.flags = Flags::ATTACHED;
                e.call = self.stmt_first.clone();
                self.emit(b, e, out);
            }
        }
        // directives: `set name v`, `ENV NAME v`, `#define NAME v`, `@name v`
        if self.netrc && in_list(NETRC_WORDS, text) {
            self.directive_name = Some(Pending {
                name: t.start..t.end,
                cmd: None,
                at: self.idx,
            });
        }
        if eq_ic(text, b"set") && self.stmt_count > 0 {
            // `aws configure set NAME v`, `npm config set NAME v`
            self.directive = true;
        } else if self.stmt_count == 0 {
            if t.bol && (text == b"machine" || text == b"default") {
                self.netrc = true;
            }
            if in_list(DIRECTIVES, text) {
                self.directive = true;
            } else if text.len() > 1 && text[0] == b'@' {
                self.directive_name = Some(Pending {
                    name: t.start + 1..t.end,
                    cmd: None,
                    at: self.idx,
                });
            }
            if eq_ic(text, b"copy") {
                self.copy_stmt = true;
            }
        } else if self.directive && !(adjacent && (p.is(Op::Dash) || p.is(Op::DashDash))) {
            self.directive = false;
            self.directive_name = Some(Pending {
                name: strip_sigils(b, t.start..t.end),
                cmd: None,
                at: self.idx,
            });
        }
        if adjacent && p.is(Op::Lt) {
            self.push_frame(FrameKind::Tag, Some(t.start..t.end), 0, !self.markup);
            self.elem = None;
        } else if adjacent && p.is(Op::LtSlash) {
            self.close_tag(b, t, &p, out);
        }
        if text == b"or" {
            self.fallback_op(b, out);
        }
        if let Some(name) = env_member(b, t) {
            // `$env:X`, `process.env.X`, `import.meta.env.X`: the statement's next
            // literal is its fallback (`if ($env:X) { $env:X } else { "v" }`)
            self.stmt_env = Some(Operand {
                name,
                env: true,
                word: false,
                call: false,
                at: self.idx,
            });
        }
        if self.ddl_name.as_ref().is_some_and(|n| n.is_empty())
            && !in_list(&[b"table", b"if", b"not", b"exists"], text)
        {
            // the name after `CREATE TABLE [IF NOT EXISTS]`
            self.ddl_name = Some(t.start..t.end);
        }
        if text.len() == 2 || text.len() == 5 || text.len() == 6 || text.len() > 6 && adjacent {
            self.rare_words(b, t, &p, adjacent, out);
        }
        self.last_operand = Some(Operand {
            name: t.start..t.end,
            env: false,
            word: true,
            call: false,
            at: self.idx,
        });
        self.count_stmt(t);
    }

    /// Words that matter only in a few places: `.unwrap_or(`, `VALUES`, `stdin`, `to`.
    fn rare_words(&mut self, b: &[u8], t: &Tok, p: &Tok, adjacent: bool, out: &mut Bindings) {
        let text = &b[t.start..t.end];
        if adjacent
            && p.is(Op::Dot)
            && in_list(FALLBACK_METHODS, text)
            && self
                .last_operand
                .as_ref()
                .is_some_and(|o| o.at + 2 == self.idx)
        {
            self.fallback_frame = self.last_operand.clone();
        }
        // SQL: `INSERT … (cols) VALUES (…)`, `COPY … (cols) FROM stdin;`
        if eq_ic(text, b"values") && self.last_cols_at + 1 == self.idx && !self.last_cols.is_empty()
        {
            std::mem::swap(&mut self.sql_cols, &mut self.last_cols);
            self.sql = Some(self.frames.len());
        } else if eq_ic(text, b"values")
            && matches!(p.kind, Kind::Word | Kind::Str)
            && self.back(2).kind == Kind::Word
            && eq_ic(&b[self.back(2).start..self.back(2).end], b"into")
        {
            // `INSERT INTO name VALUES (…)`: the columns of `CREATE TABLE name`
            let name = sql_ident(p);
            if let Some((_, cols)) = self
                .tables
                .iter()
                .find(|(n, _)| b[n.clone()].eq_ignore_ascii_case(&b[name.clone()]))
            {
                self.sql_cols.clone_from(cols);
                self.sql = Some(self.frames.len());
            }
        }
        // `CREATE [TEMP] TABLE [IF NOT EXISTS] name (`
        if eq_ic(text, b"table") {
            let q = if p.kind == Kind::Word && in_list(&[b"temp", b"temporary"], &b[p.start..p.end])
            {
                self.back(2)
            } else {
                *p
            };
            if q.kind == Kind::Word && eq_ic(&b[q.start..q.end], b"create") {
                self.ddl_name = Some(0..0);
            }
        }
        if eq_ic(text, b"stdin")
            && p.kind == Kind::Word
            && eq_ic(&b[p.start..p.end], b"from")
            && self.copy_stmt
            && !self.last_cols.is_empty()
        {
            std::mem::swap(&mut self.sql_cols, &mut self.last_cols);
            self.copy_pending = true;
        }
        // Kotlin `"name" to v` (Kotlin strings are double-quoted: a backtick span in
        // prose, "enter your `API Password` to OctoBot", is not a pair)
        if text == b"to"
            && p.kind == Kind::Str
            && p.quote == b'"'
            && t.space
            && !t.bol
            && p.ce > p.cs
        {
            let d = Draft::new(p.cs..p.ce, Form::Arrow, p.col, 0);
            self.start_draft(b, d, out);
        }
        // markup
    }

    fn string(&mut self, _b: &[u8], t: &Tok, out: &mut Bindings) {
        self.arg_token(t);
        if self.ddl_name.as_ref().is_some_and(|n| n.is_empty()) {
            // `CREATE TABLE "name" (`
            self.ddl_name = Some(sql_ident(t));
        }
        self.string_contents(_b, t, out);
        // the first string inside `.unwrap_or(…)` or a `{ … }` block after a lookup
        let n = self.frames.len();
        let mut bound = false;
        for i in (n.saturating_sub(2)..n).rev() {
            if let Some(op) = self.frames[i].fallback.take().map(|o| o.resolve(_b)) {
                let e = self.fallback_literal(op.name, t, op.env);
                self.emit(_b, e, out);
                bound = true;
                break;
            }
        }
        // The first literal after an environment lookup in the same statement is its
        // fallback, whatever the language spells the choice with: `If(GetEnvironment
        // Variable("X"), "v")`, `getenv("X") ? getenv("X") : "v"`, `(or (System/getenv
        // "X") "v")`, `Optional.ofNullable(System.getenv("X")).orElse("v")`.
        // A literal followed by `:` or `=` is the next entry's key, not a fallback
        // (`{"k": getenv("K"), "type": "spot"}`): the next token decides.
        if !bound
            && !self.frames.last().is_some_and(|f| f.env)
            && let Some(op) = self.stmt_env.take_if(|op| op.name.end < t.start)
        {
            self.stmt_fallback = Some(self.fallback_literal(op.name, t, true));
        }
        self.last_operand = None;
        self.count_stmt(t);
    }

    /// What a string says about itself: `"Basic v"` / `"Bearer v"` (the scheme names
    /// it), and URLs anywhere in it, however deep the quoting.
    fn string_contents(&mut self, b: &[u8], t: &Tok, out: &mut Bindings) {
        let content = &b[t.cs..t.ce];
        if let Some((_, off)) = text::auth_scheme(content) {
            let word_end = content
                .iter()
                .position(|&c| c == b' ' || c == b'\t')
                .unwrap_or(0);
            let mut e = Emit::new(t.cs..t.cs + word_end, t.cs..t.ce, Form::Scheme);
            e.flags = Flags::QUOTED;
            e.quote = t.quote;
            if off < content.len() {
                self.emit(b, e, out);
            }
        }
        if !self.nested {
            // the outer scan's re-scan of the content finds its URLs
            return;
        }
        let mut at = t.cs;
        while let Some(k) = memchr::memmem::find(&b[at..t.ce], b"://") {
            let sep = at + k;
            let start = scheme_start(b, t.cs, sep);
            let mut end = sep + 3;
            while end < t.ce
                && !b[end].is_ascii_whitespace()
                && !matches!(b[end], b'"' | b'\'' | b'`' | b'<' | b'>')
            {
                end += 1;
            }
            self.steps += (end - at) as u64;
            if start < sep {
                self.url_bindings(b, start, end, out);
            }
            at = end.max(sep + 3);
        }
    }

    fn url(&mut self, b: &[u8], t: &Tok, out: &mut Bindings) {
        self.arg_token(t);
        self.url_bindings(b, t.start, t.end, out);
        self.last_operand = None;
        self.count_stmt(t);
    }

    fn url_bindings(&mut self, b: &[u8], start: usize, end: usize, out: &mut Bindings) {
        if let Some(parts) = text::url_parts(b, start, end) {
            if let Some(pass) = parts.pass.clone().filter(|p| !p.is_empty()) {
                let user = parts.user.clone().unwrap_or(pass.start..pass.start);
                let mut e = Emit::new(user, pass, Form::Userinfo);
                e.call = Some(parts.scheme.clone());
                self.emit(b, e, out);
            }
            if let Some(q) = parts.query {
                let mut pairs = Vec::new();
                text::query_pairs(b, q, |n, v| pairs.push((n, v)));
                for (n, v) in pairs {
                    let mut e = Emit::new(n, v, Form::Query);
                    e.call = Some(parts.scheme.clone());
                    self.emit(b, e, out);
                }
            }
        }
    }

    fn interp(&mut self, b: &[u8], t: &Tok, out: &mut Bindings) {
        self.arg_token(t);
        if b.get(t.start + 1) == Some(&b'{')
            && let Some((name, value)) = text::interp_default(b, t.cs..t.ce)
        {
            let mut e = Emit::new(name, value, Form::Fallback);
            e.flags = Flags::ENV;
            self.emit(b, e, out);
        }
        self.last_operand = None;
        self.count_stmt(t);
    }

    fn op(&mut self, b: &[u8], t: &Tok, op: Op, out: &mut Bindings) {
        match op {
            Op::Comma | Op::RParen | Op::RBracket | Op::RBrace => {}
            Op::Comment | Op::BlockOpen | Op::BlockClose => {}
            _ => self.arg_token(t),
        }
        match op {
            Op::Assign | Op::Walrus | Op::LArrow | Op::FatArrow | Op::Append | Op::Eq => {
                self.assign_op(b, op, out)
            }
            Op::Colon if self.colon_binds(b, t) => self.assign_op(b, op, out),
            // `"name" -> v` (Scala), and `key -> v` in a comment
            Op::Arrow
                if self.back(1).kind == Kind::Str
                    || (self.back(1).kind == Kind::Word
                        && (self.line_comment || self.block_comment)) =>
            {
                self.assign_op(b, op, out)
            }
            Op::OrOr | Op::Nullish | Op::Elvis => {
                self.fallback_op(b, out);
                return;
            }
            Op::Comma => {
                // `[process.env.A!, "v"]`: a list's next item is no fallback (a call's
                // next argument may be: `If(GetEnvironmentVariable("X"), "v")`)
                if self.stmt_env.as_ref().is_some_and(|op| !op.call) {
                    self.stmt_env = None;
                }
                self.finish_arg(b, false, out);
                if self
                    .assign_ctx
                    .as_ref()
                    .is_some_and(|(_, d)| *d >= self.frames.len())
                {
                    self.assign_ctx = None;
                }
                self.boundary();
            }
            Op::Semi => {
                if self.sql.is_some_and(|d| d >= self.frames.len()) {
                    self.sql = None;
                }
                self.assign_ctx = None;
                self.boundary();
            }
            Op::LParen => {
                self.open_paren(b, t);
                self.boundary();
            }
            Op::LBracket => {
                self.open_bracket(b, t);
                self.boundary();
            }
            Op::LBrace => {
                self.open_brace(b, t);
                self.boundary();
            }
            Op::RParen => {
                self.close(b, FrameKind::Paren, out);
                self.boundary();
                return;
            }
            Op::RBracket => {
                self.close(b, FrameKind::Bracket, out);
                self.boundary();
                return;
            }
            Op::RBrace => {
                self.close(b, FrameKind::Brace, out);
                self.boundary();
            }
            Op::Gt => {
                if let Some(f) = self.frames.last_mut()
                    && f.kind == FrameKind::Tag
                {
                    f.kind = FrameKind::Element;
                    self.elem = f.label.clone().map(|l| (l, t.end, f.id));
                }
            }
            Op::SlashGt if self.top().is_some_and(|f| f.kind == FrameKind::Tag) => {
                self.pop_frame();
            }
            Op::Comment => {
                self.line_comment = true;
                self.boundary();
            }
            Op::BlockOpen => {
                self.block_comment = true;
                self.boundary();
            }
            Op::BlockClose => {
                self.block_comment = false;
                self.boundary();
            }
            Op::Fence | Op::AmpAmp | Op::Pipe => self.boundary(),
            Op::Dash if t.bol && self.list_item_dash(b, t) => self.list_item(b, t, out),
            _ => {}
        }
        if !matches!(op, Op::Dot | Op::ColonColon) {
            self.last_operand = None;
        }
        let boundary = matches!(
            op,
            Op::Comma
                | Op::Semi
                | Op::LParen
                | Op::LBracket
                | Op::LBrace
                | Op::RBrace
                | Op::Comment
                | Op::BlockOpen
                | Op::BlockClose
                | Op::Fence
                | Op::AmpAmp
                | Op::Pipe
        ) || (op == Op::Dash && t.bol);
        if !boundary {
            self.count_stmt(t);
        }
    }

    /// `- ` at a line start: a YAML sequence item or a list bullet.
    fn list_item_dash(&self, b: &[u8], t: &Tok) -> bool {
        t.end >= self.limit || matches!(b[t.end], b' ' | b'\t' | b'\n' | b'\r')
    }

    fn list_item(&mut self, b: &[u8], t: &Tok, out: &mut Bindings) {
        let mut k = t.end;
        while k < self.limit && matches!(b[k], b' ' | b'\t') {
            k += 1;
        }
        let content = t.col + u32::try_from(k - t.start).unwrap_or(u32::MAX);
        self.push_frame(FrameKind::Item, None, content, false);
        self.boundary();
        if let Some(s) = self.seq_key.take()
            && t.col >= s.col
        {
            let mut d = Draft::new(s.name, Form::Colon, content, 0);
            d.colon = true;
            d.seq = true;
            self.start_draft(b, d, out);
        }
    }

    /// `:` binds when followed by a space, a line end, a quote or a bracket, or when
    /// the name is a string (`"k":"v"`): not `http:`, `12:30`, `a[1:2]`, `std::`.
    fn colon_binds(&self, b: &[u8], t: &Tok) -> bool {
        if self.back(1).kind == Kind::Str {
            return true;
        }
        t.end >= self.limit
            || matches!(
                b[t.end],
                b' ' | b'\t' | b'\n' | b'\r' | b'"' | b'\'' | b'`' | b'{' | b'['
            )
            // `{key:value}` (YAML flow, minified JS)
            || (self.top().is_some_and(|f| f.kind == FrameKind::Brace)
                && self.back(1).kind == Kind::Word
                && b[t.end].is_ascii_alphanumeric())
    }

    fn assign_op(&mut self, b: &[u8], op: Op, out: &mut Bindings) {
        if self.consumed == self.idx {
            return;
        }
        let Some(found) = self.lookback(b, op) else {
            return;
        };
        let paren = self
            .top()
            .filter(|f| f.kind == FrameKind::Paren)
            .and_then(|f| f.label.clone());
        let form = found.form.unwrap_or(match op {
            Op::Eq => Form::Compare,
            Op::FatArrow | Op::Arrow => Form::Arrow,
            _ if paren.is_some() => Form::Argument,
            Op::Colon => Form::Colon,
            _ => Form::Assign,
        });
        let mut d = Draft::new(found.name, form, found.col, 0);
        d.colon = op == Op::Colon;
        d.flags = found.flags;
        d.call = found.call.or(paren);
        if form == Form::Flag {
            d.call = self.stmt_first.clone();
        }
        if op == Op::Eq {
            // a comparison is not an assignment: its form stays, whatever the context
            d.form = Form::Compare;
        }
        self.start_draft(b, d, out);
    }

    /// The name before an assignment operator, from the last tokens.
    fn lookback(&self, b: &[u8], op: Op) -> Option<Found> {
        let mut skip = 0;
        if op == Op::Colon {
            // `**API key**: v`
            while skip < 2 && self.back(skip + 1).is(Op::Star) {
                skip += 1;
            }
        }
        let back = |k: usize| self.back(k + skip);
        let p = back(1);
        let word = |t: &Tok| &b[t.start..t.end];
        match p.kind {
            Kind::Str => {
                let content = &b[p.cs..p.ce];
                (p.ce > p.cs
                    && content.len() <= MAX_NAME
                    && memchr::memchr(b'\n', content).is_none())
                .then(|| Found::new(p.cs..p.ce, p.col))
            }
            Kind::Word => {
                let (p2, p3) = (back(2), back(3));
                let mut w = p;
                let mut k = 1;
                if matches!(op, Op::Assign | Op::Walrus) && !p.bol {
                    if p2.kind == Kind::Word && eq_ic(word(&p2), b"as") && p3.kind == Kind::Word {
                        // VB: `Const Name As String = v`
                        w = p3;
                        k = 3;
                    } else if in_list(TYPE_WORDS, word(&p))
                        && p2.kind == Kind::Word
                        && !in_list(DECL_WORDS, word(&p2))
                    {
                        // Go: `var name string = v`
                        w = p2;
                        k = 2;
                    }
                }
                let before = back(k + 1);
                let touching = before.end == w.start && before.kind != Kind::Newline;
                let mut found = Found::new(strip_sigils(b, w.start..w.end), w.col);
                if touching && (before.is(Op::DashDash) || before.is(Op::Dash)) {
                    found.form = Some(Form::Flag);
                } else if touching && (before.is(Op::Question) || before.is(Op::Amp)) {
                    found.form = Some(Form::Query);
                } else if op == Op::Colon && k == 1 {
                    // prose labels: `API key: v`, `# old secret token: v`
                    let mut first = p;
                    let mut n = 1;
                    while n < 3 {
                        let q = back(n + 1);
                        if q.kind == Kind::Word
                            && !first.bol
                            && q.end + 1 == first.start
                            && !in_list(DECL_WORDS, word(&q))
                        {
                            first = q;
                            n += 1;
                        } else {
                            break;
                        }
                    }
                    if n > 1 && self.stmt_count == u32::try_from(n).unwrap_or(0) {
                        found.name = first.start..p.end;
                        found.col = first.col;
                    }
                }
                Some(found)
            }
            Kind::Op(Op::RBracket) => {
                let (p2, p3, p4) = (back(2), back(3), back(4));
                if p2.kind == Kind::Str && p3.is(Op::LBracket) && p2.ce > p2.cs {
                    let mut found = Found::new(p2.cs..p2.ce, p3.col);
                    found.flags = Flags::SUBSCRIPT;
                    if p4.kind == Kind::Word && p4.end == p3.start {
                        found.call = Some(p4.start..p4.end);
                        found.col = p4.col;
                    }
                    Some(found)
                } else if p2.is(Op::LBracket) && p3.kind == Kind::Word {
                    // C: `char name[] = "v"`
                    Some(Found::new(p3.start..p3.end, p3.col))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    fn fallback_op(&mut self, b: &[u8], out: &mut Bindings) {
        let Some(op) = self.last_operand.clone() else {
            return;
        };
        if op.at + 1 != self.idx {
            return;
        }
        let op = op.resolve(b);
        let mut d = Draft::new(op.name, Form::Fallback, 0, 0);
        d.alias = self
            .assign_ctx
            .as_ref()
            .filter(|(_, depth)| *depth <= self.frames.len())
            .map(|(n, _)| n.clone());
        if op.env {
            d.flags |= Flags::ENV;
        }
        self.start_draft(b, d, out);
    }

    // ---- structure -------------------------------------------------------------

    fn push_frame(
        &mut self,
        kind: FrameKind,
        label: Option<Span>,
        min_indent: u32,
        line_bound: bool,
    ) {
        if self.frames.len() >= MAX_FRAMES {
            if kind.is_bracket() {
                self.overflow += 1;
            }
            return;
        }
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1).max(1);
        if kind.is_bracket() {
            self.bracket_depth += 1;
        }
        self.frames.push(Frame {
            kind,
            id,
            label,
            min_indent,
            line_bound,
            env: false,
            arg: 0,
            arg_toks: 0,
            arg_first: Tok::NONE,
            fallback: None,
            pair_name: None,
            pair_value: None,
            sql_row: false,
            list_flag: None,
            section: false,
            first_str: None,
            adjacent: false,
        });
    }

    fn pop_frame(&mut self) -> Option<Frame> {
        let f = self.frames.pop()?;
        if f.kind.is_bracket() {
            self.bracket_depth -= 1;
        }
        if self.cols_frame == f.id {
            self.cols_frame = 0;
        }
        Some(f)
    }

    /// The label a bracket gets: a key waiting for its value, or the word before it
    /// (a call's or struct literal's name, a subscripted object).
    fn bracket_label(&mut self, b: &[u8]) -> Option<Span> {
        if let Some(l) = self.label_next.take() {
            return Some(l);
        }
        let p = self.back(1);
        if p.kind == Kind::Str && name_like(&b[p.cs..p.ce]) {
            // HCL `variable "binance_key" {`
            return Some(p.cs..p.ce);
        }
        if p.is(Op::Gt) {
            // `std::make_unique<RestClient>(`, `Foo<T>(`: the type argument names it
            let t = self.back(2);
            if t.kind == Kind::Word && self.back(3).is(Op::Lt) {
                return Some(t.start..t.end);
            }
        }
        (p.kind == Kind::Word && !b[p.start..p.end].eq_ignore_ascii_case(b"values"))
            .then(|| strip_sigils(b, p.start..p.end))
    }

    fn open_paren(&mut self, b: &[u8], t: &Tok) {
        let label = self.bracket_label(b);
        let env = label
            .as_ref()
            .is_some_and(|l| contains_ic(&b[l.clone()], b"env"));
        let sql_row = self.sql == Some(self.frames.len());
        let fallback = self.fallback_frame.take();
        self.push_frame(FrameKind::Paren, label, 0, false);
        if let Some(f) = self.frames.last_mut() {
            f.env = env;
            f.sql_row = sql_row;
            f.fallback = fallback;
            f.adjacent = !t.space;
            self.cols_frame = f.id;
            self.cols.clear();
            if let Some(name) = self.ddl_name.take().filter(|n| !n.is_empty()) {
                self.ddl_frame = f.id;
                self.ddl_cols.0 = name;
                self.ddl_cols.1.clear();
            }
        }
    }

    fn open_bracket(&mut self, b: &[u8], t: &Tok) {
        let p = self.back(1);
        let section = !self.nested
            && ((t.bol && self.bracket_depth == 0)
                || (p.is(Op::LBracket)
                    && p.end == t.start
                    && self.top().is_some_and(|f| f.section)));
        let label = self.bracket_label(b);
        let env = label
            .as_ref()
            .is_some_and(|l| contains_ic(&b[l.clone()], b"env"));
        self.push_frame(FrameKind::Bracket, label, 0, false);
        if let Some(f) = self.frames.last_mut() {
            f.section = section;
            f.env = env;
        }
    }

    fn open_brace(&mut self, b: &[u8], _t: &Tok) {
        let op = self.last_operand.clone();
        let label = self.bracket_label(b);
        // Perl's `$ENV{X}`
        let env = label.as_ref().is_some_and(|l| eq_ic(&b[l.clone()], b"ENV"));
        self.push_frame(FrameKind::Brace, label, 0, false);
        if env && let Some(f) = self.frames.last_mut() {
            f.env = true;
        }
        if let Some(op) = op
            && op.call
            && op.at + 1 == self.idx
            && let Some(f) = self.frames.last_mut()
        {
            // `ENV.fetch("X") { "v" }`, `getOrElse("X") { "v" }`
            f.fallback = Some(op);
        }
    }

    /// A closing bracket: finish the innermost frame of its kind (within reach) and
    /// everything opened inside it. A stray closer is ignored.
    fn close(&mut self, b: &[u8], kind: FrameKind, out: &mut Bindings) {
        let Some(depth) = self
            .frames
            .iter()
            .rev()
            .take(FRAME_SCAN)
            .position(|f| f.kind == kind)
        else {
            if self.overflow > 0 {
                self.overflow -= 1;
            }
            return;
        };
        for _ in 0..depth {
            self.pop_frame();
        }
        let (arg, arg_toks) = self.top().map_or((0, 0), |f| (f.arg, f.arg_toks));
        self.finish_arg(b, true, out);
        let Some(f) = self.pop_frame() else {
            return;
        };
        let single = arg_toks == 1 && arg == 0 && f.arg_first.kind == Kind::Str;
        let env_word = arg_toks == 1
            && arg == 0
            && kind == FrameKind::Brace
            && f.env
            && f.arg_first.kind == Kind::Word;
        if single && matches!(kind, FrameKind::Paren | FrameKind::Bracket) || env_word {
            let first = f.arg_first;
            let op = Operand {
                name: if env_word {
                    first.start..first.end
                } else {
                    first.cs..first.ce
                },
                env: f.env,
                word: false,
                call: kind == FrameKind::Paren && f.label.is_some(),
                at: self.idx,
            };
            if op.env {
                self.stmt_env = Some(op.clone());
                self.default_before(b, out);
            }
            self.last_operand = Some(op);
        } else if let Some(op) = &mut self.last_operand
            && op.at + 1 == self.idx
            && kind != FrameKind::Brace
        {
            // `Option(getenv("X"))`: the lookup is still the operand
            op.at = self.idx;
        }
        if single
            && kind == FrameKind::Brace
            && let Some(label) = f.label.clone()
        {
            // `std::string key{"v"}`
            let first = f.arg_first;
            let mut e = Emit::new(label, first.cs..first.ce, Form::Assign);
            e.flags = Flags::QUOTED;
            e.quote = first.quote;
            self.emit(b, e, out);
        }
        if f.section
            && arg == 0
            && arg_toks == 1
            && f.arg_first.kind == Kind::Word
            && !self
                .frames
                .last()
                .is_some_and(|p| p.section && p.arg_toks > 1)
        {
            self.section_pending = Some(f.arg_first.start..f.arg_first.end);
        }
    }

    /// The current argument of the innermost call or list is complete.
    fn finish_arg(&mut self, b: &[u8], closing: bool, out: &mut Bindings) {
        let Some(f) = self.frames.last() else {
            return;
        };
        if !f.kind.is_bracket() {
            return;
        }
        let (kind, id, arg, first) = (f.kind, f.id, f.arg, f.arg_first);
        let label = f.label.clone();
        let single = f.arg_toks == 1;
        let sql_row = f.sql_row;
        let env = f.env;
        let adjacent = f.adjacent;
        let mut list_flag = f.list_flag.clone();
        let mut next_flag = None;
        let cell: Option<(Span, u8)> = match (single, first.kind) {
            (true, Kind::Str) => Some((first.cs..first.ce, first.quote)),
            (true, Kind::Word | Kind::Url) => Some((first.start..first.end, 0)),
            _ => None,
        };
        if let Some((span, quote)) = &cell {
            if let Some(name) = list_flag.take() {
                let mut e = Emit::new(name, span.clone(), Form::Flag);
                e.quote = *quote;
                if *quote != 0 {
                    e.flags = Flags::QUOTED;
                }
                self.emit(b, e, out);
            } else if *quote != 0 {
                next_flag = text::option_name(b, span.clone());
            }
            if *quote != 0
                && kind == FrameKind::Paren
                && adjacent
                && label.is_some()
                && span.len() >= POSITIONAL_MIN
                && !b[span.clone()].iter().any(u8::is_ascii_whitespace)
            {
                let mut e = Emit::new(
                    label.clone().unwrap_or_default(),
                    span.clone(),
                    Form::Positional,
                );
                e.flags = Flags::QUOTED;
                e.quote = *quote;
                e.call = label.clone();
                e.arg = arg;
                self.emit(b, e, out);
            }
            if sql_row && let Some(name) = self.sql_cols.get(usize::from(arg)).cloned() {
                let mut e = Emit::new(name, span.clone(), Form::Table);
                e.quote = *quote;
                if *quote != 0 {
                    e.flags = Flags::QUOTED;
                }
                e.arg = arg;
                self.emit(b, e, out);
            }
        }
        // `CREATE TABLE t (id INTEGER PRIMARY KEY, api_key TEXT, …)`: each entry's
        // first word is a column, constraints aside
        if id == self.ddl_frame {
            let col = match first.kind {
                Kind::Word if !in_list(SQL_CONSTRAINTS, &b[first.start..first.end]) => {
                    Some(first.start..first.end)
                }
                Kind::Str if matches!(first.quote, b'"' | b'`') => Some(first.cs..first.ce),
                _ => None,
            };
            if let Some(col) = col
                && self.ddl_cols.1.len() < MAX_COLS
            {
                self.ddl_cols.1.push(col);
            }
            if closing {
                self.ddl_frame = 0;
                if self.tables.len() < MAX_TABLES {
                    let table = std::mem::replace(&mut self.ddl_cols, (0..0, Vec::new()));
                    self.tables.push(table);
                }
            }
        }
        // SQL column lists: `(a, "b", `c`)`
        if id == self.cols_frame {
            match &cell {
                Some((span, q)) if matches!(q, 0 | b'"' | b'`') && self.cols.len() < MAX_COLS => {
                    self.cols.push(span.clone());
                }
                _ => self.cols_frame = 0,
            }
            if closing && self.cols_frame == id {
                std::mem::swap(&mut self.cols, &mut self.last_cols);
                self.cols.clear();
                self.last_cols_at = self.idx;
                self.cols_frame = 0;
            }
        }
        // `f("name", v)`: the first argument names the second
        // …at any position (`Map.of("a", x, "b", y)`, `setopt(c, CURLOPT_USERPWD, "u:p")`,
        // `-define(NAME, "v")`), and `{"name", v}`, `{name, "v"}` (initializers, tuples)
        let callpair = !closing
            && single
            && (kind == FrameKind::Paren && adjacent || kind == FrameKind::Brace)
            && match first.kind {
                Kind::Str => arg == 0 || name_like(&b[first.cs..first.ce]),
                // a word names the next argument only if it is a constant: `CURLOPT_USERPWD`,
                // `-define(API_KEY, …)`, Erlang `{api_key, "v"}`; not a variable
                Kind::Word => {
                    let w = &b[first.start..first.end];
                    kind == FrameKind::Brace && arg == 0
                        || kind == FrameKind::Paren
                            && w.len() >= 3
                            && constant_like(w)
                            // …and not one the file bound just before: then it is a value
                            // (`SECRET = "…"` then `hmac(SECRET, "message")`); bounded, as a
                            // minified bundle passes constants everywhere
                            && !out
                                .iter()
                                .rev()
                                .take(RECENT_BINDINGS)
                                .any(|o| b.get(o.name.clone()) == Some(w))
                }
                _ => false,
            };
        if let Some(f) = self.frames.last_mut() {
            if arg == 0 && single && first.kind == Kind::Str {
                f.first_str = Some(first.cs..first.ce);
            }
            f.list_flag = next_flag;
            f.arg = f.arg.saturating_add(1);
            f.arg_toks = 0;
        }
        if callpair && first.ce > first.cs && first.ce - first.cs <= MAX_NAME {
            let name = if first.kind == Kind::Str {
                first.cs..first.ce
            } else {
                strip_sigils(b, first.start..first.end)
            };
            let mut d = Draft::new(name, Form::CallPair, first.col, 0);
            d.call = label;
            if env {
                d.flags |= Flags::ENV;
            }
            d.alias = self
                .assign_ctx
                .as_ref()
                .filter(|(_, depth)| *depth < self.frames.len())
                .map(|(n, _)| n.clone());
            self.start_draft(b, d, out);
        }
    }

    fn close_tag(&mut self, b: &[u8], t: &Tok, lt: &Tok, out: &mut Bindings) {
        let name = &b[t.start..t.end];
        if let Some((label, content, id)) = self.elem.take()
            && &b[label.clone()] == name
        {
            let mut named = None;
            if let Some(depth) = self
                .frames
                .iter()
                .rev()
                .take(FRAME_SCAN)
                .position(|f| f.id == id)
            {
                for _ in 0..=depth {
                    if let Some(f) = self.pop_frame()
                        && f.id == id
                    {
                        named = f.pair_name;
                    }
                }
            }
            let mut value = trim_span(b, content..lt.start.max(content));
            // `<apiKey><![CDATA[v]]></apiKey>`: the section is the text
            const CDATA_OPEN: &[u8] = b"<![CDATA[";
            if let Some(inner) = b[value.clone()]
                .strip_prefix(CDATA_OPEN)
                .and_then(|v| v.strip_suffix(b"]]>"))
            {
                let start = value.start + CDATA_OPEN.len();
                value = trim_span(b, start..start + inner.len());
            }
            let key = self.plist_key.take();
            if !value.is_empty() && memchr::memchr(b'<', &b[value.clone()]).is_none() {
                if name == b"key" {
                    self.plist_key = Some(value.clone());
                } else if name == b"string"
                    && let Some(key) = key
                {
                    // `<key>ApiSecret</key> <string>v</string>` (a property list)
                    self.emit(b, Emit::new(key, value.clone(), Form::Pair), out);
                }
                let e = Emit::new(label, value.clone(), Form::Element);
                self.emit(b, e, out);
                if let Some(name) = named {
                    // `<string name="api_key">v</string>`
                    self.emit(b, Emit::new(name, value, Form::Pair), out);
                }
            }
            return;
        }
        if let Some(depth) = self.frames.iter().rev().take(FRAME_SCAN).position(|f| {
            f.kind == FrameKind::Element && f.label.as_ref().is_some_and(|l| &b[l.clone()] == name)
        }) {
            for _ in 0..=depth {
                self.pop_frame();
            }
        }
    }

    // ---- unquoted values -------------------------------------------------------

    /// Where an unquoted value starting at `from` ends. Remembered per class (inside
    /// brackets or not): every start inside the last run ends where it ended.
    fn bare_end(&mut self, b: &[u8], from: usize) -> usize {
        self.bare_run(b, from).0
    }

    /// `bare_end` of a run other than the one being judged (a continuation line, the
    /// token after `Bearer`), leaving the memo of the judged run in place: replacing it
    /// would make every later value of that run (`a=a=a=…\`) read it whole again.
    fn bare_end_aside(&mut self, b: &[u8], from: usize) -> usize {
        let saved = (self.memo, self.memo_uses);
        let end = self.bare_end(b, from);
        (self.memo, self.memo_uses) = saved;
        end
    }

    /// `bare_end`, and how many values have started inside this run before (`a=a=a=…`
    /// is one run: judging each of its values would re-read it, so only the first few
    /// are reported).
    fn bare_run(&mut self, b: &[u8], from: usize) -> (usize, u8) {
        let class = usize::from(self.bracket_depth > 0);
        let (ms, me) = self.memo[class];
        if from >= ms && from <= me {
            let uses = self.memo_uses[class];
            self.memo_uses[class] = uses.saturating_add(1);
            return (me, uses);
        }
        let mut i = from;
        while i < self.limit && !self.is_term(b, i, class) {
            i += 1;
        }
        self.steps += (i - from + 1) as u64;
        self.memo[class] = (from, i);
        self.memo_uses[class] = 1;
        (i, 0)
    }

    fn is_term(&mut self, b: &[u8], i: usize, class: usize) -> bool {
        match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0 => true,
            b'"' | b'\'' | b'`' => true,
            b')' | b']' | b'}' | b';' => true,
            // `a: v, b: w` and a line-ending `v,`: list punctuation, not the value's
            b',' => {
                class == 1
                    || i + 1 >= self.limit
                    || matches!(b[i + 1], b' ' | b'\t' | b'\n' | b'\r')
            }
            b'<' => b.get(i + 1) == Some(&b'/') && i + 1 < self.limit,
            // an escaped quote, or (inside a string) any escape: `\n`, `\t`
            b'\\' => i + 1 < self.limit && (self.nested || matches!(b[i + 1], b'"' | b'\'')),
            b'&' => self.param_follows(b, i + 1),
            _ => false,
        }
    }

    /// `name=` follows (a query or connection-string parameter).
    fn param_follows(&mut self, b: &[u8], from: usize) -> bool {
        let end = self.limit.min(from + PARAM_LOOKAHEAD);
        let mut i = from;
        while i < end
            && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b'.' | b'-' | b'[' | b']'))
        {
            i += 1;
        }
        self.steps += (i - from) as u64;
        i > from && i < self.limit && b[i] == b'='
    }

    // ---- output ----------------------------------------------------------------

    fn emit(&mut self, b: &[u8], e: Emit, out: &mut Bindings) {
        self.emit_grouped(b, e, None, out);
    }

    fn emit_grouped(&mut self, b: &[u8], mut e: Emit, group: Option<u32>, out: &mut Bindings) {
        if e.value.is_empty() || e.value.end > self.limit || e.name.end > b.len() {
            return;
        }
        if e.form == Form::Compare && !e.flags.contains(Flags::QUOTED) {
            return;
        }
        if e.flags.contains(Flags::QUOTED) && e.parts.is_empty() {
            // a literal holding a quoted literal: Gradle's `buildConfigField("String",
            // "KEY", "\"v\"")`, a shell's `'"v"'`; the value is inside the inner quotes
            let v = &b[e.value.clone()];
            let inner = if v.len() > 4 && v.starts_with(b"\\\"") && v.ends_with(b"\\\"") {
                2
            } else if v.len() > 2 && e.quote == b'\'' && v[0] == b'"' && v[v.len() - 1] == b'"' {
                1
            } else {
                0
            };
            e.value = e.value.start + inner..e.value.end - inner;
        }
        if e.parts.is_empty()
            && e.flags.contains(Flags::QUOTED)
            && memchr::memchr(b'\n', &b[e.value.clone()]).is_some()
        {
            // a heredoc or a triple-quoted string starting on its own line
            e.value = trim_span(b, e.value.clone());
            if e.value.is_empty() {
                return;
            }
        }
        let mut decoded: Option<std::ops::Range<u32>> = None;
        self.decoded.clear();
        if e.parts.is_empty()
            && let Some((scheme, off)) = text::auth_scheme(&b[e.value.clone()])
        {
            let v = trim_span(b, e.value.start + off..e.value.end);
            if v.is_empty() {
                return;
            }
            e.value = v;
            e.flags |= Flags::AUTH;
            e.flags.remove(Flags::EXPR);
            if scheme == Scheme::Basic
                && let Some(dec) = text::base64_decode(&b[e.value.clone()])
                && let Some(pass) = text::basic_password(&dec)
            {
                decoded = Some(out.push_bytes(pass));
                e.flags |= Flags::DECODED;
            }
        }
        let name = &b[e.name.clone()];
        if e.form == Form::Flag
            && (name == b"u" || eq_ic(name, b"user"))
            && e.parts.is_empty()
            && let Some(c) = memchr::memchr(b':', &b[e.value.clone()])
        {
            e.alias = Some(e.value.start..e.value.start + c);
            e.value.start += c + 1;
            e.flags |= Flags::USERPASS;
            if e.value.is_empty() {
                return;
            }
        }
        // URL-encoded: query parameters and a URL's userinfo; a `.pgpass` row or a
        // pgbouncer userlist (userinfo without a scheme) is written as it is
        if (e.form == Form::Query || e.form == Form::Userinfo && e.call.is_some())
            && decoded.is_none()
            && text::percent_decode_into(&b[e.value.clone()], &mut self.decoded)
        {
            decoded = Some(out.push_bytes(&self.decoded));
            e.flags |= Flags::DECODED;
        }
        if self.nested {
            // Go struct tags: `env:"API_KEY" envDefault:"v"`
            if eq_ic(name, b"env") && e.flags.contains(Flags::QUOTED) {
                self.tag_env = Some(e.value.clone());
            } else if (eq_ic(name, b"envDefault") || eq_ic(name, b"default"))
                && let Some(env) = self.tag_env.clone()
            {
                e.alias = Some(e.name.clone());
                e.name = env;
                e.form = Form::Fallback;
                e.flags |= Flags::ENV;
            }
            e.flags |= Flags::NESTED;
        }
        if e.form == Form::Argument
            && let Some(first) = self
                .top()
                .filter(|f| f.kind == FrameKind::Paren)
                .and_then(|f| f.first_str.clone())
            && first != e.value
        {
            let n = &b[e.name.clone()];
            if (n.starts_with(b"for") && n.len() > 3 && n[3].is_ascii_uppercase())
                && e.flags.contains(Flags::QUOTED)
            {
                // `setValue("v", forHTTPHeaderField: "X-API-KEY")`, `set("v", forKey: "k")`
                let mut pair = Emit::new(e.value.clone(), first, Form::Pair);
                pair.flags = Flags::QUOTED;
                pair.quote = e.quote;
                self.emit(b, pair, out);
            } else if eq_ic(n, b"default")
                || eq_ic(n, b"defaultValue")
                || eq_ic(n, b"default_value")
                || eq_ic(n, b"unset")
            {
                // `add_argument("--api-key", default="v")`: the option names the default
                // (R's `Sys.getenv("X", unset = "v")`)
                let mut name = first;
                while name.start < name.end && b[name.start] == b'-' {
                    name.start += 1;
                }
                if !name.is_empty() {
                    e.alias = Some(e.name.clone());
                    e.name = name;
                }
            }
        }
        if self.line_comment || self.block_comment {
            e.flags |= Flags::COMMENT;
        }
        if e.call.is_none() {
            e.call = self
                .frames
                .iter()
                .rev()
                .take(FRAME_SCAN)
                .find(|f| f.kind == FrameKind::Paren && f.label.is_some())
                .and_then(|f| f.label.clone());
        }
        let labels = self.labels(out);
        let group = group.unwrap_or_else(|| self.top().map_or(0, |f| f.id));
        let binding = Binding {
            name: e.name.clone(),
            alias: e.alias,
            value: e.value.clone(),
            form: e.form,
            flags: e.flags,
            quote: e.quote,
            call: e.call,
            arg: e.arg,
            group,
            parts: e.parts,
            labels,
            decoded: decoded.unwrap_or(0..0),
        };
        out.list.push(binding);
        if !matches!(
            e.form,
            Form::Pair
                | Form::Table
                | Form::Positional
                | Form::Userinfo
                | Form::Query
                | Form::Compare
                | Form::Scheme
        ) {
            self.note_pair(b, &e.name, &e.value, e.quote, e.flags, out);
        }
    }

    fn labels(&self, out: &mut Bindings) -> std::ops::Range<u32> {
        let start = index(out.spans.len());
        let mut n = 0;
        for f in self.frames.iter().rev().take(FRAME_SCAN) {
            if let Some(l) = &f.label {
                out.spans.push(l.clone());
                n += 1;
                if n == MAX_LABELS {
                    break;
                }
            }
        }
        if let Some(s) = &self.section {
            out.spans.push(s.clone());
        }
        out.spans.extend(self.parent_labels.iter().cloned());
        start..index(out.spans.len())
    }

    /// `{"name": N, "value": V}` and its kin: the sibling entries become one binding.
    fn note_pair(
        &mut self,
        b: &[u8],
        name: &Span,
        value: &Span,
        quote: u8,
        flags: Flags,
        out: &mut Bindings,
    ) {
        let n = &b[name.clone()];
        let is_name = in_list(PAIR_NAMES, n);
        let is_value = in_list(PAIR_VALUES, n);
        if !is_name && !is_value {
            return;
        }
        let Some(f) = self.frames.last_mut() else {
            return;
        };
        if is_name && !flags.contains(Flags::EXPR) {
            f.pair_name = Some(value.clone());
        } else if is_value {
            f.pair_value = Some(PairValue {
                value: value.clone(),
                quote,
                flags,
            });
        }
        if f.pair_name.is_some() && f.pair_value.is_some() {
            let (Some(pn), Some(pv)) = (f.pair_name.take(), f.pair_value.take()) else {
                return;
            };
            let mut e = Emit::new(pn, pv.value, Form::Pair);
            e.quote = pv.quote;
            e.flags = pv.flags & (Flags::QUOTED | Flags::INTERPOLATED | Flags::EXPR | Flags::AUTH);
            self.emit(b, e, out);
        }
    }
}

/// The result of a look-behind for a name.
struct Found {
    name: Span,
    col: u32,
    form: Option<Form>,
    flags: Flags,
    call: Option<Span>,
}

impl Found {
    fn new(name: Span, col: u32) -> Found {
        Found {
            name,
            col,
            form: None,
            flags: Flags::empty(),
            call: None,
        }
    }
}

/// Scans inputs for bindings; holds the scratch space reused from one input to the
/// next.
#[derive(Default)]
pub struct Scanner {
    outer: State,
    inner: State,
    steps: u64,
}

impl Scanner {
    pub fn new() -> Scanner {
        Scanner::default()
    }

    /// Scan `bytes` into `out` (cleared first). Inputs past 4 GiB are scanned up to
    /// 4 GiB.
    pub fn scan(&mut self, bytes: &[u8], out: &mut Bindings) {
        self.scan_windows(bytes, std::slice::from_ref(&(0..bytes.len())), out);
    }

    /// Scan only `windows` of `bytes` (sorted, disjoint; see [`super::windows`]). Each
    /// is read as text of its own: structure opened before a window (a section, a parent
    /// key, a string) is not seen in it. A CSV/TSV table is read whole.
    pub fn scan_windows(&mut self, bytes: &[u8], windows: &[Span], out: &mut Bindings) {
        out.clear();
        let b = &bytes[..bytes.len().min(u32::MAX as usize)];
        self.steps = 0;
        // Frame ids name a binding's group (its siblings): unique in the whole scan,
        // across windows and string contents, so that two windows' frames are never
        // taken for one.
        self.outer.next_id = 1;
        self.inner.next_id = INNER_IDS;
        self.tables(b, out);
        let mut from = 0;
        for w in windows {
            let (start, end) = (w.start.max(from), w.end.min(b.len()));
            if start >= end {
                continue;
            }
            self.outer
                .run(b, start, end, 0, false, Some(&mut self.inner), out);
            self.steps += self.outer.steps;
            from = end;
        }
        out.finish();
    }

    fn tables(&mut self, b: &[u8], out: &mut Bindings) {
        if let Some(csv) = table::sniff(b, &mut self.steps) {
            let mut cells = Vec::new();
            table::cells(b, &csv, &mut self.steps, |col, name, cell| {
                cells.push((col, name.clone(), cell.clone()));
            });
            for (col, name, cell) in cells {
                let quoted = cell.quoted;
                out.list.push(Binding {
                    name,
                    alias: None,
                    value: cell.span,
                    form: Form::Table,
                    flags: if quoted {
                        Flags::QUOTED
                    } else {
                        Flags::empty()
                    },
                    quote: if quoted { b'"' } else { 0 },
                    call: None,
                    arg: u16::try_from(col).unwrap_or(u16::MAX),
                    group: 0,
                    parts: 0..0,
                    labels: 0..0,
                    decoded: 0..0,
                });
            }
        }
    }

    /// Bytes examined by the last [`Scanner::scan`]: linear in the input's length.
    pub fn steps(&self) -> u64 {
        self.steps
    }
}
