//! The notebook's JSON: a small parser that keeps every value's byte span (so a
//! finding in a cell can be moved back to its exact place in the `.ipynb` file), and
//! the decoding of JSON strings into text with a map from each decoded byte back to
//! the file.

use std::ops::Range;

/// Deeper JSON than this is not a notebook (and would risk the stack).
const MAX_DEPTH: usize = 64;

/// A parsed JSON value; strings keep the byte range of their raw content.
pub(super) enum Json {
    Object(Vec<(String, Json)>),
    Array(Vec<Json>),
    String(Range<usize>),
    Other,
}

impl Json {
    pub(super) fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(super) fn items(&self) -> &[Json] {
        match self {
            Json::Array(items) => items,
            _ => &[],
        }
    }
}

pub(super) struct Parser<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
}

impl Parser<'_> {
    pub(super) fn ws(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    pub(super) fn expect(&mut self, b: u8) -> Result<(), &'static str> {
        self.ws();
        if self.bytes.get(self.at) == Some(&b) {
            self.at += 1;
            Ok(())
        } else {
            Err("malformed JSON")
        }
    }

    pub(super) fn value(&mut self, depth: usize) -> Result<Json, &'static str> {
        if depth > MAX_DEPTH {
            return Err("nested too deeply");
        }
        self.ws();
        match self.bytes.get(self.at) {
            Some(b'{') => {
                self.at += 1;
                let mut fields = Vec::new();
                self.ws();
                if self.bytes.get(self.at) == Some(&b'}') {
                    self.at += 1;
                    return Ok(Json::Object(fields));
                }
                loop {
                    self.ws();
                    let key = self.string()?;
                    let key = decode(self.bytes, key).text;
                    self.expect(b':')?;
                    let v = self.value(depth + 1)?;
                    fields.push((String::from_utf8_lossy(&key).into_owned(), v));
                    self.ws();
                    match self.bytes.get(self.at) {
                        Some(b',') => self.at += 1,
                        Some(b'}') => {
                            self.at += 1;
                            return Ok(Json::Object(fields));
                        }
                        _ => return Err("malformed JSON object"),
                    }
                }
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                self.ws();
                if self.bytes.get(self.at) == Some(&b']') {
                    self.at += 1;
                    return Ok(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.bytes.get(self.at) {
                        Some(b',') => self.at += 1,
                        Some(b']') => {
                            self.at += 1;
                            return Ok(Json::Array(items));
                        }
                        _ => return Err("malformed JSON array"),
                    }
                }
            }
            Some(b'"') => Ok(Json::String(self.string()?)),
            Some(b) if b.is_ascii_alphanumeric() || *b == b'-' => {
                while self
                    .bytes
                    .get(self.at)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.'))
                {
                    self.at += 1;
                }
                Ok(Json::Other)
            }
            _ => Err("malformed JSON value"),
        }
    }

    /// A string token; returns the range between its quotes.
    pub(super) fn string(&mut self) -> Result<Range<usize>, &'static str> {
        if self.bytes.get(self.at) != Some(&b'"') {
            return Err("expected a JSON string");
        }
        let start = self.at + 1;
        let mut i = start;
        loop {
            match self.bytes.get(i) {
                Some(b'"') => {
                    self.at = i + 1;
                    return Ok(start..i);
                }
                Some(b'\\') => i += 2,
                Some(_) => i += 1,
                None => return Err("unterminated JSON string"),
            }
        }
    }
}

/// A run of decoded bytes and where it came from in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Seg {
    /// Offset in the decoded text.
    pub(super) virt: usize,
    /// Offset in the file.
    pub(super) orig: usize,
    /// Length in the file.
    pub(super) raw_len: usize,
    /// Copied byte for byte (else an escape sequence or an inserted separator).
    pub(super) literal: bool,
}

/// A decoded JSON string and its segments (offsets relative to the string).
pub(super) struct Decoded {
    pub(super) text: Vec<u8>,
    pub(super) segs: Vec<Seg>,
}

/// Decode the raw content of a JSON string (leniently: a bad escape is kept as is).
pub(super) fn decode(bytes: &[u8], raw: Range<usize>) -> Decoded {
    let mut text = Vec::with_capacity(raw.len());
    let mut segs: Vec<Seg> = Vec::new();
    let mut i = raw.start;
    while i < raw.end {
        if bytes[i] != b'\\' {
            match segs.last_mut() {
                Some(s) if s.literal && s.orig + s.raw_len == i => s.raw_len += 1,
                _ => segs.push(Seg {
                    virt: text.len(),
                    orig: i,
                    raw_len: 1,
                    literal: true,
                }),
            }
            text.push(bytes[i]);
            i += 1;
            continue;
        }
        let virt = text.len();
        let (raw_len, ch) = escape(bytes, i, raw.end);
        let mut buf = [0u8; 4];
        text.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        segs.push(Seg {
            virt,
            orig: i,
            raw_len,
            literal: false,
        });
        i += raw_len;
    }
    Decoded { text, segs }
}

/// The escape at `bytes[i]` (a backslash): its raw length and the character.
pub(super) fn escape(bytes: &[u8], i: usize, end: usize) -> (usize, char) {
    let hex4 = |at: usize| -> Option<u32> {
        let digits = bytes.get(at..at + 4).filter(|_| at + 4 <= end)?;
        u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    };
    match bytes.get(i + 1).filter(|_| i + 1 < end) {
        Some(b'n') => (2, '\n'),
        Some(b't') => (2, '\t'),
        Some(b'r') => (2, '\r'),
        Some(b'b') => (2, '\u{8}'),
        Some(b'f') => (2, '\u{c}'),
        Some(b'u') => match hex4(i + 2) {
            Some(hi @ 0xD800..=0xDBFF) if bytes.get(i + 6..i + 8) == Some(b"\\u") => {
                match hex4(i + 8) {
                    Some(lo @ 0xDC00..=0xDFFF) => {
                        let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                        (12, char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER))
                    }
                    _ => (6, char::REPLACEMENT_CHARACTER),
                }
            }
            Some(c) => (6, char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER)),
            None => (2, char::REPLACEMENT_CHARACTER),
        },
        Some(&c) => (2, char::from(c)),
        None => (1, '\\'),
    }
}
