//! Decoding layers: text hidden under an encoding, turned into *derived sources*
//! that the whole find stage searches, each with a map back to the text it came from.
//!
//! ## What it does
//! [`derive`] looks through a text for four encodings and decodes what it finds:
//!
//! | encoding | what is decoded | example |
//! |---|---|---|
//! | [`Encoding::Escape`] | a quoted string with backslash escapes | `"-----BEGIN …\nMIIE…"`, `"{\"apiKey\": \"…\"}"` |
//! | [`Encoding::Percent`] | a run of URL characters with `%XX` escapes | `password=p%40ss`, `data=%7B%22secret%22…` |
//! | [`Encoding::Base64`] | base64 that decodes to JSON, `user:pass`, a PEM block or `key=value` lines | docker `auth`, `.dockerconfigjson`, Basic auth, Kubernetes `tls.key` |
//! | [`Encoding::ConnString`] | `Key=Value;Key=Value` chains with a secret key | `Server=…;Password=…`, `AccountKey=…`, `SharedAccessKey=…` |
//!
//! The first three are *spliced*: the derived source is the lines around each
//! decoded stretch (up to [`CONTEXT_LINES`] either side) with the stretch replaced by
//! its decoding, read as the same language, so the credential's name, the provider's
//! words and suppression markers around it still count. Connection strings become a
//! document of their own, one `Key=Value` pair per line, read as a `.env` file.
//! Every derived byte maps back to the bytes it came from ([`map::OffsetMap`]); the
//! engine scans the derived source with every rule and reports what it finds at the
//! encoded text's line, with the decoded value as the secret (masked and
//! fingerprinted like any other).
//!
//! A stretch is decoded only when the result is text of the right kind (UTF-8, no
//! control characters; for base64, one of the kinds above) and when it, or the line
//! before it, holds one of the rules' keywords (in build output, where only rules that
//! know a credential by its value report, only a keyword in the decoded text counts).
//! Anything else — malformed base64 or JSON, binary, a word that happens to be
//! base64 — stays as written and is scanned as plain text, with no error.
//!
//! ## Why is this bad?
//! Encoding is not protection: `docker login` writes base64 of `user:password`,
//! Kubernetes secrets are base64, a service-account key pasted into `.env` carries
//! `\n` escapes. A scanner that reads only the surface misses all of them.
//!
//! ## Example
//! `{"auths": {"registry.example.com": {"auth": "Ym90OjxwYXNzd29yZD4="}}}` decodes to
//! `"auth": "bot:<password>"`, and a real password there is reported at the `auth`
//! line. Use instead: a
//! credential helper (`credsStore`), a secret manager, or the environment.
//!
//! ## Known limitations
//! Decoding is bounded: at most [`MAX_DEPTH`] layers (base64 holding JSON holding
//! base64), and the derived text of each layer, all of it together, no larger than
//! the file.
//! Strings spanning lines (triple quotes, heredocs) are not unescaped; base64 split
//! across lines is not joined; a value split across encodings is not seen.
//!
//! ## Configuration
//! None: every file is read this way.

pub mod base64;
pub mod connstr;
pub mod escape;
pub mod map;
pub mod percent;

use std::ops::Range;

use crate::source::{Lang, overlaps_any};
use map::{Builder, OffsetMap};

/// Most layers decoded: base64 holding JSON holding an escaped string.
pub const MAX_DEPTH: u8 = 3;
/// Lines of context kept either side of a decoded stretch (the provider-context
/// window of rules, `context_lines`, defaults to 8).
pub const CONTEXT_LINES: usize = 8;
/// Bytes of context kept at most either side of a decoded stretch.
const CONTEXT_BYTES: usize = 2048;
/// How far before a stretch, on its line, a keyword still makes it worth decoding.
const LOOKBEHIND: usize = 256;

/// The encodings decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    Escape,
    Percent,
    Base64,
    ConnString,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Escape => "string-escape",
            Encoding::Percent => "url-encoding",
            Encoding::Base64 => "base64",
            Encoding::ConnString => "connection-string",
        }
    }

    pub fn from_name(name: &str) -> Option<Encoding> {
        [
            Encoding::Escape,
            Encoding::Percent,
            Encoding::Base64,
            Encoding::ConnString,
        ]
        .into_iter()
        .find(|e| e.name() == name)
    }

    /// How a message names it: "(decoded from …)".
    pub fn describe(self) -> &'static str {
        match self {
            Encoding::Escape => "an escaped string",
            Encoding::Percent => "URL-encoding",
            Encoding::Base64 => "base64",
            Encoding::ConnString => "a connection string",
        }
    }
}

/// One decoded stretch of the parent text: `range` is what was decoded, `piece` the
/// decoded text with its map (offsets into the parent).
#[derive(Debug, Clone)]
pub struct Region {
    pub range: Range<usize>,
    pub enc: Encoding,
    pub piece: Builder,
    /// Worth scanning whatever words it holds (base64 that decodes to JSON, a PEM
    /// block or config lines is never there by chance).
    pub always: bool,
}

/// A derived source: text to search, the language to read it as, and its map back
/// to the parent text.
#[derive(Debug)]
pub struct Derived {
    pub text: Vec<u8>,
    pub lang: Lang,
    pub map: OffsetMap,
}

/// Decode what is worth decoding in `bytes` (read as `lang`). `relevant` says
/// whether a text holds one of the rules' keywords. `budget` is how many derived
/// bytes may still be made for this file; it is reduced by what is made.
pub fn derive(
    bytes: &[u8],
    lang: Lang,
    relevant: &dyn Fn(&[u8]) -> bool,
    budget: &mut usize,
    out: &mut Vec<Derived>,
) {
    derive_within(bytes, lang, &[], relevant, true, budget, out);
}

/// [`derive`], keeping only the stretches that overlap `within` (sorted byte
/// ranges; empty: anywhere): in decoded text, what was decoded, not the context
/// copied around it (that context was read, and decoded, as it stands in the file).
/// `read_before`: a keyword before a stretch on its line makes it worth decoding too
/// (`secret: "…\/…"`); without it only a keyword in the decoded text does.
pub fn derive_within(
    bytes: &[u8],
    lang: Lang,
    within: &[Range<usize>],
    relevant: &dyn Fn(&[u8]) -> bool,
    read_before: bool,
    budget: &mut usize,
    out: &mut Vec<Derived>,
) {
    if *budget == 0 || bytes.is_empty() {
        return;
    }
    let mut regions = Vec::new();
    escape::find(bytes, &mut regions);
    percent::find(bytes, &mut regions);
    base64::find(bytes, &mut regions);
    let mut chains = Vec::new();
    connstr::find(bytes, &mut chains);
    if !within.is_empty() {
        let touches = |r: &Region| overlaps_any(within, r.range.start, r.range.end);
        regions.retain(touches);
        chains.retain(touches);
    }
    if regions.is_empty() && chains.is_empty() {
        return;
    }
    let worth = |r: &Region| {
        let named = || {
            let line_start = memchr::memrchr(b'\n', &bytes[..r.range.start]).map_or(0, |i| i + 1);
            let before = line_start.max(r.range.start.saturating_sub(LOOKBEHIND));
            relevant(&bytes[before..r.range.start])
        };
        r.always || relevant(&r.piece.text) || (read_before && named())
    };
    regions.retain(worth);
    // Overlapping stretches: the first (then the longest) wins; what it holds is
    // decoded again one layer down.
    regions.sort_by_key(|r| (r.range.start, std::cmp::Reverse(r.range.end)));
    let mut kept: Vec<Region> = Vec::with_capacity(regions.len());
    for r in regions {
        if kept.last().is_none_or(|k| k.range.end <= r.range.start) {
            kept.push(r);
        }
    }
    if !kept.is_empty() {
        splice(bytes, lang, &kept, budget, out);
    }
    if !chains.is_empty() {
        standalone(&chains, budget, out);
    }
}

/// The line-aligned window of context around `range`: [`CONTEXT_LINES`] lines
/// either side, at most [`CONTEXT_BYTES`] bytes either side.
fn window(bytes: &[u8], range: &Range<usize>) -> Range<usize> {
    let floor = range.start.saturating_sub(CONTEXT_BYTES);
    let mut start = range.start;
    let mut lines = 0;
    loop {
        let Some(i) = memchr::memrchr(b'\n', &bytes[floor..start]) else {
            // Cut by the byte cap: start at the first whole line after it.
            start = if floor == 0 {
                0
            } else {
                memchr::memchr(b'\n', &bytes[floor..range.start])
                    .map_or(range.start, |i| floor + i + 1)
            };
            break;
        };
        if lines == CONTEXT_LINES {
            start = floor + i + 1;
            break;
        }
        lines += 1;
        start = floor + i;
    }
    let ceil = range.end.saturating_add(CONTEXT_BYTES).min(bytes.len());
    let mut end = range.end;
    for _ in 0..=CONTEXT_LINES {
        match memchr::memchr(b'\n', &bytes[end..ceil]) {
            Some(i) => end += i + 1,
            None => {
                end = ceil;
                break;
            }
        }
    }
    start.min(range.start)..end.max(range.end)
}

/// One derived source: the windows around `regions` (sorted, disjoint), windows
/// that touch merged, with each region replaced by its decoding.
fn splice(
    bytes: &[u8],
    lang: Lang,
    regions: &[Region],
    budget: &mut usize,
    out: &mut Vec<Derived>,
) {
    // (window, regions in it)
    let mut groups: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    for (i, r) in regions.iter().enumerate() {
        let w = window(bytes, &r.range);
        match groups.last_mut() {
            Some((gw, members)) if w.start <= gw.end => {
                gw.end = gw.end.max(w.end);
                members.end = i + 1;
            }
            _ => groups.push((w, i..i + 1)),
        }
    }
    let mut b = Builder::default();
    for (w, members) in groups {
        let members = &regions[members];
        let encoded: usize = members.iter().map(|r| r.range.len()).sum();
        let decoded: usize = members.iter().map(|r| r.piece.text.len()).sum();
        let size = (w.len() - encoded + decoded).max(1);
        if size > *budget {
            break;
        }
        *budget -= size;
        if !b.text.is_empty() && !b.text.ends_with(b"\n") {
            let end = b.segs.last().map_or(0, |s| s.orig + s.raw_len);
            b.opaque(b"\n", end..end, None);
        }
        let mut at = w.start;
        for r in members {
            b.copy(bytes, at..r.range.start, None);
            b.append(&r.piece);
            at = r.range.end;
        }
        b.copy(bytes, at..w.end, None);
    }
    if b.text.is_empty() {
        return;
    }
    let (text, map) = b.finish();
    out.push(Derived { text, lang, map });
}

/// Connection strings: one document of `Key=Value` lines, read as `.env`.
fn standalone(chains: &[Region], budget: &mut usize, out: &mut Vec<Derived>) {
    let mut b = Builder::default();
    for c in chains {
        if c.piece.text.len() > *budget {
            break;
        }
        *budget -= c.piece.text.len();
        b.append(&c.piece);
    }
    if b.text.is_empty() {
        return;
    }
    let (text, map) = b.finish();
    out.push(Derived {
        text,
        lang: Lang::Env,
        map,
    });
}

#[cfg(test)]
mod tests;
