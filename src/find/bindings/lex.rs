//! Tokens for the binding layer: words, strings, URLs, interpolations, operators and
//! line ends. One pass, no backtracking: a string, interpolation or escaped string
//! whose close is not found remembers how far it looked, so the next opener of the
//! same kind before that point fails at once (an unterminated quote repeated on a
//! line is linear, not quadratic).

/// Operators and punctuation the recognizer distinguishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Op {
    /// `=`, `?=`, `??=`
    Assign,
    /// `:=`
    Walrus,
    Colon,
    ColonColon,
    /// `=>`
    FatArrow,
    /// `<-`
    LArrow,
    /// `->`
    Arrow,
    /// `==`, `===`, `!=`, `!==`
    Eq,
    /// `<=`, `>=`, `=~`, `<=>`
    Cmp,
    /// `+=`
    Append,
    OrOr,
    /// `??`
    Nullish,
    /// `?:`
    Elvis,
    Plus,
    Dot,
    DotDot,
    Amp,
    AmpAmp,
    Pipe,
    Comma,
    Semi,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Lt,
    Gt,
    /// `</`
    LtSlash,
    /// `/>`
    SlashGt,
    /// A line comment: `#`, `//`, `--`, `;` at line start.
    Comment,
    /// `/*`, `<!--`
    BlockOpen,
    /// `*/`, `-->`
    BlockClose,
    /// `--` before a letter: a long option
    DashDash,
    Dash,
    Question,
    Star,
    Bang,
    Tilde,
    /// A Markdown code fence at line start.
    Fence,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Word,
    /// A quoted string; `cs..ce` is its content.
    Str,
    /// `scheme://…` as one token.
    Url,
    /// `${…}` or `$(…)`; `cs..ce` is the inside.
    Interp,
    Op(Op),
    /// A line end; `indent`, `blank` and `next` describe the next line.
    Newline,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// Content of a string or interpolation.
    pub cs: usize,
    pub ce: usize,
    /// The quote byte of a string.
    pub quote: u8,
    /// A string's prefix letter (`f`, `r`, `b`, `$`, `@`), else 0.
    pub prefix: u8,
    /// Whitespace before the token.
    pub space: bool,
    /// First token of its line.
    pub bol: bool,
    /// Column of the token (bytes from its line's start); for a line end, the indent
    /// of the next line.
    pub col: u32,
    /// Indent of the token's line; for a line end, whether the next line is blank.
    pub indent: u32,
    pub blank: bool,
    /// For a line end: the first non-blank byte of the next line (0 if none).
    pub next: u8,
}

impl Default for Tok {
    fn default() -> Tok {
        Tok::NONE
    }
}

impl Tok {
    pub const NONE: Tok = Tok {
        kind: Kind::Newline,
        start: 0,
        end: 0,
        cs: 0,
        ce: 0,
        quote: 0,
        prefix: 0,
        space: false,
        bol: true,
        col: 0,
        indent: 0,
        blank: true,
        next: 0,
    };

    pub fn is(&self, op: Op) -> bool {
        self.kind == Kind::Op(op)
    }
}

/// Index of the failure memo per opener kind.
const FAIL_DQ: usize = 0;
const FAIL_SQ: usize = 1;
const FAIL_BT: usize = 2;
const FAIL_TRIPLE_DQ: usize = 3;
const FAIL_TRIPLE_SQ: usize = 4;
const FAIL_INTERP_BRACE: usize = 5;
const FAIL_INTERP_PAREN: usize = 6;
const FAIL_ESCAPED: usize = 7;
const FAIL_TRIPLE_BT: usize = 8;
const FAIL_LONG_BRACKET: usize = 9;
const FAIL_PEM: usize = 10;
const FAIL_RAW: usize = 11;
const FAIL_FIELD: usize = 12;
/// How far a quoted PEM block may run.
const PEM_MAX: usize = 64 * 1024;

pub(super) struct Lexer<'a> {
    b: &'a [u8],
    pos: usize,
    end: usize,
    /// Inside a string quoted with this byte, `\` + it delimits strings (embedded JSON).
    esc_quote: u8,
    space: bool,
    bol: bool,
    line_start: usize,
    indent: u32,
    /// The content of an f-string (`f"…"`, C# `$"…"`): `{…}` is a field, code.
    fields: bool,
    /// Per opener kind: openers before this position cannot close.
    fail: [usize; 13],
    /// A heredoc's terminator was not found: no more heredocs in this input.
    no_heredoc: bool,
    /// Bytes examined (the linear-time tests bound it).
    pub steps: u64,
}

/// Bytes that make up words: ASCII letters and digits, `_`, `$` and every non-ASCII
/// byte (UTF-8 identifiers and values).
static WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80;
        i += 1;
    }
    t
};

pub(super) fn is_word(c: u8) -> bool {
    WORD[usize::from(c)]
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | 0x0b | 0x0c)
}

impl<'a> Lexer<'a> {
    pub fn new(b: &'a [u8], start: usize, end: usize, esc_quote: u8) -> Lexer<'a> {
        let end = end.min(b.len());
        let mut lx = Lexer {
            b,
            pos: start.min(end),
            end,
            esc_quote,
            space: false,
            bol: true,
            line_start: start,
            indent: 0,
            fields: false,
            fail: [0; 13],
            no_heredoc: false,
            steps: 0,
        };
        lx.indent = lx.indent_at(lx.pos);
        lx
    }

    /// Lex the content of a string with `{…}` fields (`f"…"`, `$"…"`): each field is
    /// one [`Kind::Interp`] token, `{{` a literal brace.
    pub fn with_fields(mut self) -> Lexer<'a> {
        self.fields = true;
        self
    }

    /// Continue at `pos` (a line start), after a region handled elsewhere.
    pub fn seek(&mut self, pos: usize) {
        self.pos = pos.clamp(self.pos, self.end);
        self.bol = true;
        self.space = false;
        self.line_start = self.pos;
        self.indent = self.indent_at(self.pos);
    }

    fn indent_at(&mut self, at: usize) -> u32 {
        let mut i = at;
        while i < self.end && matches!(self.b[i], b' ' | b'\t') {
            i += 1;
        }
        self.steps += (i - at) as u64;
        u32::try_from(i - at).unwrap_or(u32::MAX)
    }

    fn peek(&self, at: usize) -> u8 {
        if at < self.end { self.b[at] } else { 0 }
    }

    fn col(&self, at: usize) -> u32 {
        u32::try_from(at.saturating_sub(self.line_start)).unwrap_or(u32::MAX)
    }

    fn mk(&mut self, kind: Kind, start: usize, end: usize) -> Tok {
        let t = Tok {
            kind,
            start,
            end,
            cs: start,
            ce: end,
            quote: 0,
            prefix: 0,
            space: self.space,
            bol: self.bol,
            col: self.col(start),
            indent: self.indent,
            blank: false,
            next: 0,
        };
        self.space = false;
        self.bol = false;
        self.pos = end;
        t
    }

    fn op(&mut self, op: Op, len: usize) -> Tok {
        let start = self.pos;
        self.steps += len as u64;
        self.mk(Kind::Op(op), start, start + len)
    }

    /// Lex the next token into `t`, the caller's slot; false at the end of input.
    ///
    /// An out-parameter rather than `Option<Tok>`: a returned token was written
    /// field by field and then copied whole, in wide loads, by the caller right away,
    /// and those loads waited on the narrow stores (a store-forwarding stall that
    /// was a third of `State::run`'s own time).
    pub fn next_into(&mut self, t: &mut Tok) -> bool {
        loop {
            if self.pos >= self.end {
                return false;
            }
            let c = self.b[self.pos];
            self.steps += 1;
            if is_space(c) {
                self.pos += 1;
                self.space = true;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                *t = self.newline();
                return true;
            }
            if c == b'\\'
                && matches!(self.peek(self.pos + 1), b'n' | b'r' | b't')
                && is_word(self.peek(self.pos + 2))
                && !matches!(self.peek(self.pos + 2), b'@')
            {
                // an escaped line break in logged text (`…\r\nX-MBX-APIKEY: v`)
                // separates words; the escape's letter is not part of the next one
                self.pos += 2;
                self.space = true;
                continue;
            }
            if c == b'\\' && matches!(self.peek(self.pos + 1), b'\n' | b'\r') {
                // a line continuation joins the lines
                self.pos += 2;
                if self.b[self.pos - 1] == b'\r' && self.peek(self.pos) == b'\n' {
                    self.pos += 1;
                }
                self.space = true;
                continue;
            }
            *t = self.token(c);
            return true;
        }
    }

    fn newline(&mut self) -> Tok {
        let start = self.pos;
        let mut end = start + 1;
        if self.b[start] == b'\r' && self.peek(end) == b'\n' {
            end += 1;
        }
        self.line_start = end;
        let indent = self.indent_at(end);
        let first = end + indent as usize;
        let next = self.peek(first);
        let mut t = self.mk(Kind::Newline, start, end);
        t.col = indent;
        t.indent = indent;
        t.blank = matches!(next, 0 | b'\n' | b'\r');
        t.next = if t.blank { 0 } else { next };
        self.bol = true;
        self.indent = indent;
        t
    }

    fn token(&mut self, c: u8) -> Tok {
        let p = self.pos;
        match c {
            b'"' | b'\'' | b'`' => self.string(p, p, 0),
            b'\\' if self.esc_quote != 0 && self.peek(p + 1) == self.esc_quote => {
                self.escaped_string(p)
            }
            b'$' if self.peek(p + 1) == b'{' => self.interp(p, b'}', FAIL_INTERP_BRACE),
            b'$' if self.peek(p + 1) == b'(' => self.interp(p, b')', FAIL_INTERP_PAREN),
            b'{' if self.fields && self.peek(p + 1) == b'{' => self.op(Op::Other, 2),
            b'{' if self.fields => self.field(p),
            b'@' if matches!(self.peek(p + 1), b'"' | b'\'') => self.string(p, p + 1, b'@'),
            b'@' if is_word(self.peek(p + 1)) => self.word(p),
            _ if is_word(c) => self.word(p),
            _ => self.punct(c),
        }
    }

    fn word(&mut self, start: usize) -> Tok {
        let mut i = start + 1;
        while i < self.end {
            let c = self.b[i];
            if is_word(c) {
                i += 1;
            } else if (c == b'.' || c == b'-') && i + 1 < self.end && is_word(self.b[i + 1]) {
                i += 2;
            } else {
                break;
            }
        }
        // PowerShell's `$env:NAME` is one lookup
        if self.b[start..i].eq_ignore_ascii_case(b"$env")
            && self.peek(i) == b':'
            && is_word(self.peek(i + 1))
        {
            i += 1;
            while i < self.end && is_word(self.b[i]) {
                i += 1;
            }
        }
        self.steps += (i - start) as u64;
        if self.b[i..self.end].starts_with(b"://") && is_scheme(&self.b[start..i]) {
            return self.url(start, i + 3);
        }
        if matches!(&self.b[start..i], b"r" | b"br")
            && self.peek(i) == b'#'
            && let Some(t) = self.raw_string(start, i)
        {
            return t;
        }
        if i - start <= 2
            && matches!(self.peek(i), b'"' | b'\'' | b'`')
            && is_string_prefix(&self.b[start..i])
        {
            return self.string(start, i, self.b[start].to_ascii_lowercase());
        }
        self.mk(Kind::Word, start, i)
    }

    fn url(&mut self, start: usize, from: usize) -> Tok {
        let mut i = from;
        while i < self.end {
            let c = self.b[i];
            if c.is_ascii_whitespace()
                || matches!(
                    c,
                    b'"' | b'\'' | b'`' | b'<' | b'>' | b')' | b']' | b'}' | b'|' | b'\\' | b'^'
                )
            {
                break;
            }
            i += 1;
        }
        self.steps += (i - from) as u64;
        // prose punctuation after a URL is not part of it
        while i > from && matches!(self.b[i - 1], b'.' | b',' | b';' | b':' | b'!' | b'?') {
            i -= 1;
        }
        self.mk(Kind::Url, start, i)
    }

    /// A string opened at `open` (`start` is its prefix's start).
    fn string(&mut self, start: usize, open: usize, prefix: u8) -> Tok {
        let q = self.b[open];
        if q == b'\'' && prefix == 0 && open > 0 && self.b[open - 1].is_ascii_alphanumeric() {
            // an apostrophe in prose (`don't`), not a quote
            return self.op(Op::Other, 1);
        }
        if self.peek(open + 1) == q && self.peek(open + 2) == q {
            if q == b'`' && self.bol && prefix == 0 {
                let mut n = 3;
                while self.peek(open + n) == b'`' {
                    n += 1;
                }
                return self.op(Op::Fence, n);
            }
            let memo = match q {
                b'"' => FAIL_TRIPLE_DQ,
                b'\'' => FAIL_TRIPLE_SQ,
                _ => FAIL_TRIPLE_BT,
            };
            if open >= self.fail[memo] {
                let from = open + 3;
                let found = memchr::memmem::find(&self.b[from..self.end], &[q, q, q]);
                match found {
                    Some(k) => {
                        self.steps += (k + 3) as u64;
                        let close = from + k;
                        return self.str_tok(start, close + 3, from, close, q, prefix);
                    }
                    None => {
                        self.steps += (self.end - from) as u64;
                        self.fail[memo] = self.end;
                    }
                }
            }
            // unterminated: an empty string, then the third quote on its own
            return self.str_tok(start, open + 2, open + 1, open + 1, q, prefix);
        }
        let memo = match q {
            b'"' => FAIL_DQ,
            b'\'' => FAIL_SQ,
            _ => FAIL_BT,
        };
        if open < self.fail[memo] {
            return self.unterminated(start, open);
        }
        let mut i = open + 1;
        loop {
            let hay = &self.b[i..self.end];
            let found = if q == b'`' {
                memchr::memchr2(q, b'\\', hay)
            } else {
                memchr::memchr3(q, b'\\', b'\n', hay)
            };
            let Some(k) = found else {
                self.steps += hay.len() as u64;
                self.fail[memo] = self.end;
                return self.unterminated(start, open);
            };
            self.steps += (k + 1) as u64;
            let at = i + k;
            match self.b[at] {
                b'\\' => i = at + 2,
                b'\n' => {
                    if let Some(t) = self.pem_string(start, open, prefix) {
                        return t;
                    }
                    self.fail[memo] = at;
                    return self.unterminated(start, open);
                }
                _ if q != b'`' && self.peek(at + 1) == q => i = at + 2,
                _ => return self.str_tok(start, at + 1, open + 1, at, q, prefix),
            }
            if i >= self.end {
                self.fail[memo] = self.end;
                return self.unterminated(start, open);
            }
        }
    }

    fn unterminated(&mut self, start: usize, open: usize) -> Tok {
        if start < open {
            // the prefix is a word of its own; the quote fails again at once
            return self.mk(Kind::Word, start, open);
        }
        self.op(Op::Other, 1)
    }

    fn str_tok(&mut self, start: usize, end: usize, cs: usize, ce: usize, q: u8, p: u8) -> Tok {
        let mut t = self.mk(Kind::Str, start, end);
        t.cs = cs;
        t.ce = ce;
        t.quote = q;
        t.prefix = p;
        t
    }

    /// `\"…\"` inside a `"`-quoted string's content: a string of the embedded text.
    fn escaped_string(&mut self, open: usize) -> Tok {
        let q = self.esc_quote;
        if open >= self.fail[FAIL_ESCAPED] {
            let from = open + 2;
            let hay = &self.b[from..self.end];
            let line = memchr::memchr(b'\n', hay).unwrap_or(hay.len());
            match memchr::memmem::find(&hay[..line], &[b'\\', q]) {
                Some(k) => {
                    self.steps += (k + 2) as u64;
                    return self.str_tok(open, from + k + 2, from, from + k, q, 0);
                }
                None => {
                    self.steps += line as u64;
                    self.fail[FAIL_ESCAPED] = from + line;
                }
            }
        }
        self.op(Op::Other, 1)
    }

    fn interp(&mut self, start: usize, close: u8, memo: usize) -> Tok {
        if start >= self.fail[memo] {
            let from = start + 2;
            let hay = &self.b[from..self.end];
            match memchr::memchr2(close, b'\n', hay) {
                Some(k) if hay[k] == close => {
                    self.steps += (k + 1) as u64;
                    let mut t = self.mk(Kind::Interp, start, from + k + 1);
                    t.cs = from;
                    t.ce = from + k;
                    return t;
                }
                Some(k) => {
                    self.steps += k as u64;
                    self.fail[memo] = from + k;
                }
                None => {
                    self.steps += hay.len() as u64;
                    self.fail[memo] = self.end;
                }
            }
        }
        self.word(start)
    }

    /// An f-string field `{…}` up to the first `}` on its line, else a brace.
    fn field(&mut self, start: usize) -> Tok {
        if start >= self.fail[FAIL_FIELD] {
            let from = start + 1;
            let hay = &self.b[from..self.end];
            match memchr::memchr2(b'}', b'\n', hay) {
                Some(k) if hay[k] == b'}' => {
                    self.steps += (k + 1) as u64;
                    let mut t = self.mk(Kind::Interp, start, from + k + 1);
                    t.cs = from;
                    t.ce = from + k;
                    return t;
                }
                Some(k) => {
                    self.steps += k as u64;
                    self.fail[FAIL_FIELD] = from + k;
                }
                None => {
                    self.steps += hay.len() as u64;
                    self.fail[FAIL_FIELD] = self.end;
                }
            }
        }
        self.op(Op::LBrace, 1)
    }

    fn punct(&mut self, c: u8) -> Tok {
        let p = self.pos;
        let n1 = self.peek(p + 1);
        let n2 = self.peek(p + 2);
        let free = self.bol || self.space;
        match c {
            b'=' => match n1 {
                b'=' if n2 == b'=' => self.op(Op::Eq, 3),
                b'=' => self.op(Op::Eq, 2),
                b'~' => self.op(Op::Cmp, 2),
                b'>' => self.op(Op::FatArrow, 2),
                _ => self.op(Op::Assign, 1),
            },
            b':' => match n1 {
                b'=' => self.op(Op::Walrus, 2),
                b':' if n2 == b'=' => self.op(Op::Walrus, 3),
                b':' => self.op(Op::ColonColon, 2),
                _ => self.op(Op::Colon, 1),
            },
            b'<' => match n1 {
                b'-' if n2 != b'-' => self.op(Op::LArrow, 2),
                b'=' => self.op(Op::Cmp, if n2 == b'>' { 3 } else { 2 }),
                b'/' => self.op(Op::LtSlash, 2),
                b'!' if n2 == b'-' && self.peek(p + 3) == b'-' => self.op(Op::BlockOpen, 4),
                b'<' => match self.heredoc(p) {
                    Some(t) => t,
                    None => self.op(Op::Other, 2),
                },
                b'%' => self.op(Op::Other, 2),
                _ => self.op(Op::Lt, 1),
            },
            b'>' => match n1 {
                b'=' => self.op(Op::Cmp, 2),
                b'>' => self.op(Op::Other, 2),
                _ => self.op(Op::Gt, 1),
            },
            b'!' => match n1 {
                b'=' if n2 == b'=' => self.op(Op::Eq, 3),
                b'=' => self.op(Op::Eq, 2),
                _ => self.op(Op::Bang, 1),
            },
            b'?' => match n1 {
                b'?' if n2 == b'=' => self.op(Op::Assign, 3),
                b'?' => self.op(Op::Nullish, 2),
                b':' => self.op(Op::Elvis, 2),
                b'=' => self.op(Op::Assign, 2),
                b'.' => self.op(Op::Other, 2),
                _ => self.op(Op::Question, 1),
            },
            b'|' => match n1 {
                b'|' => self.op(Op::OrOr, 2),
                b'=' => self.op(Op::Other, 2),
                _ => self.op(Op::Pipe, 1),
            },
            b'&' => match n1 {
                b'&' => self.op(Op::AmpAmp, 2),
                b'=' => self.op(Op::Other, 2),
                _ => self.op(Op::Amp, 1),
            },
            b'+' => match n1 {
                b'=' => self.op(Op::Append, 2),
                b'+' => self.op(Op::Other, 2),
                _ => self.op(Op::Plus, 1),
            },
            b'-' => match n1 {
                b'>' => self.op(Op::Arrow, 2),
                b'-' if n2 == b'>' => self.op(Op::BlockClose, 3),
                b'-' if n2.is_ascii_alphabetic() => self.op(Op::DashDash, 2),
                b'-' => {
                    let mut n = 2;
                    while self.peek(p + n) == b'-' {
                        n += 1;
                    }
                    self.op(Op::Comment, n)
                }
                b'=' => self.op(Op::Other, 2),
                _ => self.op(Op::Dash, 1),
            },
            b'/' => match n1 {
                b'/' if free
                    || p == 0
                    || matches!(self.b[p - 1], b';' | b',' | b'{' | b'}' | b'(' | b')') =>
                {
                    // `//`, `///`, `//!`
                    let n = self.run_of(p, b'/');
                    let n = if self.peek(p + n) == b'!' { n + 1 } else { n };
                    self.op(Op::Comment, n)
                }
                b'*' if free => self.op(Op::BlockOpen, 2),
                b'>' => self.op(Op::SlashGt, 2),
                _ => self.op(Op::Other, 1),
            },
            b'*' => match n1 {
                b'/' => self.op(Op::BlockClose, 2),
                _ => self.op(Op::Star, 1),
            },
            b'.' => match n1 {
                b'.' if n2 == b'.' => self.op(Op::Other, 3),
                b'.' => self.op(Op::DotDot, 2),
                b'=' => self.op(Op::Other, 2),
                _ => self.op(Op::Dot, 1),
            },
            b'#' if free => self.op(Op::Comment, self.run_of(p, b'#')),
            b';' if self.bol => self.op(Op::Comment, self.run_of(p, b';')),
            b';' => self.op(Op::Semi, 1),
            b',' => self.op(Op::Comma, 1),
            b'(' => self.op(Op::LParen, 1),
            b')' => self.op(Op::RParen, 1),
            b'[' if !self.bol && matches!(n1, b'[' | b'=') && self.after_assign(p) => {
                match self.long_bracket(p) {
                    Some(t) => t,
                    None => self.op(Op::LBracket, 1),
                }
            }
            b'[' => self.op(Op::LBracket, 1),
            b']' => self.op(Op::RBracket, 1),
            b'{' => self.op(Op::LBrace, 1),
            b'}' => self.op(Op::RBrace, 1),
            // Lua's `~=` (not equal) compares like `!=`
            b'~' if n1 == b'=' => self.op(Op::Eq, 2),
            b'~' => self.op(Op::Tilde, 1),
            _ => self.op(Op::Other, 1),
        }
    }
}

impl Lexer<'_> {
    /// Rust `r#"…"#` (any number of `#`), from the prefix at `start`; `hashes` is the
    /// first `#`.
    fn raw_string(&mut self, start: usize, hashes: usize) -> Option<Tok> {
        let mut n = 0;
        while self.peek(hashes + n) == b'#' {
            n += 1;
        }
        let open = hashes + n;
        if self.peek(open) != b'"' || open < self.fail[FAIL_RAW] {
            return None;
        }
        let mut close = Vec::with_capacity(n + 1);
        close.push(b'"');
        close.extend(std::iter::repeat_n(b'#', n));
        match memchr::memmem::find(&self.b[open + 1..self.end], &close) {
            Some(k) => {
                self.steps += (k + close.len()) as u64;
                let ce = open + 1 + k;
                Some(self.str_tok(start, ce + close.len(), open + 1, ce, b'"', b'r'))
            }
            None => {
                self.steps += (self.end - open) as u64;
                self.fail[FAIL_RAW] = self.end;
                None
            }
        }
    }

    /// `"-----BEGIN …` spanning lines (`.env`, Rust, YAML): the string runs to its
    /// closing quote, within 64 KiB.
    fn pem_string(&mut self, start: usize, open: usize, prefix: u8) -> Option<Tok> {
        if !self.b[open + 1..self.end].starts_with(b"-----BEGIN ") || open < self.fail[FAIL_PEM] {
            return None;
        }
        let q = self.b[open];
        let limit = self.end.min(open + PEM_MAX);
        match memchr::memchr(q, &self.b[open + 1..limit]) {
            Some(k) => {
                self.steps += (k + 1) as u64;
                let close = open + 1 + k;
                Some(self.str_tok(start, close + 1, open + 1, close, q, prefix))
            }
            None => {
                self.steps += (limit - open) as u64;
                self.fail[FAIL_PEM] = limit;
                None
            }
        }
    }

    /// How many times `c` repeats from `at`.
    fn run_of(&self, at: usize, c: u8) -> usize {
        let mut n = 1;
        while self.peek(at + n) == c {
            n += 1;
        }
        n
    }

    /// The last non-blank byte before `at` on its line is `=`, `(` or `,`.
    fn after_assign(&self, at: usize) -> bool {
        let mut i = at;
        while i > 0 && matches!(self.b[i - 1], b' ' | b'\t') {
            i -= 1;
        }
        i > 0 && matches!(self.b[i - 1], b'=' | b'(' | b',')
    }

    /// A Lua long string `[[…]]` / `[==[…]==]` as a string token.
    fn long_bracket(&mut self, open: usize) -> Option<Tok> {
        if open < self.fail[FAIL_LONG_BRACKET] {
            return None;
        }
        let mut level = 0;
        while self.peek(open + 1 + level) == b'=' {
            level += 1;
        }
        if self.peek(open + 1 + level) != b'[' {
            return None;
        }
        let from = open + level + 2;
        let mut close = Vec::with_capacity(level + 2);
        close.push(b']');
        close.extend(std::iter::repeat_n(b'=', level));
        close.push(b']');
        match memchr::memmem::find(&self.b[from..self.end], &close) {
            Some(k) => {
                self.steps += (k + close.len()) as u64;
                Some(self.str_tok(open, from + k + close.len(), from, from + k, b'[', 0))
            }
            None => {
                self.steps += (self.end - from) as u64;
                self.fail[FAIL_LONG_BRACKET] = self.end;
                None
            }
        }
    }

    /// `<<EOF`, `<<-EOF`, `<<~EOF`, `<<'EOF'`, `<<<EOF` (PHP): the body, from the next
    /// line to the terminator line, as one string token (the rest of the opening line
    /// is skipped). A terminator never found turns heredocs off for the input, so a
    /// shift operator (`a << b`) costs one search at most.
    fn heredoc(&mut self, at: usize) -> Option<Tok> {
        if self.no_heredoc || self.esc_quote != 0 {
            return None;
        }
        let mut i = at + 2;
        if self.peek(i) == b'<' {
            i += 1;
        }
        if matches!(self.peek(i), b'-' | b'~') {
            i += 1;
        }
        let spaced = self.peek(i) == b' ';
        while self.peek(i) == b' ' {
            i += 1;
        }
        let quote = matches!(self.peek(i), b'\'' | b'"');
        if quote {
            i += 1;
        }
        let tag_start = i;
        while i < self.end && (self.b[i].is_ascii_alphanumeric() || self.b[i] == b'_') {
            i += 1;
        }
        let tag = &self.b[tag_start..i];
        if tag.is_empty()
            || !tag[0].is_ascii_alphabetic()
            || (spaced && !quote && !tag.iter().all(|c| !c.is_ascii_lowercase()))
        {
            return None;
        }
        let line_end = memchr::memchr(b'\n', &self.b[i..self.end]).map(|k| i + k)?;
        self.steps += (line_end - at) as u64;
        let body = line_end + 1;
        let mut line = body;
        while line < self.end {
            let eol = memchr::memchr(b'\n', &self.b[line..self.end]).map_or(self.end, |k| line + k);
            self.steps += (eol - line + 1) as u64;
            let text = self.b[line..eol].trim_ascii();
            let text = text
                .strip_suffix(b";")
                .or_else(|| text.strip_suffix(b")"))
                .or_else(|| text.strip_suffix(b","))
                .unwrap_or(text)
                .trim_ascii_end();
            if text == tag {
                let ce = line.saturating_sub(1).max(body);
                let t = self.str_tok(at, eol, body, ce, b'<', 0);
                self.line_start = eol;
                return Some(t);
            }
            line = eol + 1;
        }
        self.no_heredoc = true;
        None
    }
}

/// `https`, `postgres`, `mongodb+srv`, `git+ssh`: letters first, at most 32 bytes.
fn is_scheme(w: &[u8]) -> bool {
    w.len() <= 32
        && w.first().is_some_and(u8::is_ascii_alphabetic)
        && w.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-'))
}

/// Letters that prefix a string literal: `r"…"`, `b'…'`, `f"…"`, `u8"…"`, `L"…"`,
/// `rb"…"`, `$"…"` (C#, interpolated).
fn is_string_prefix(w: &[u8]) -> bool {
    let mut lower = [0u8; 2];
    for (d, s) in lower.iter_mut().zip(w) {
        *d = s.to_ascii_lowercase();
    }
    matches!(
        &lower[..w.len().min(2)],
        b"r" | b"b" | b"u" | b"f" | b"l" | b"rb" | b"br" | b"fr" | b"rf" | b"u8" | b"$"
    )
}
