//! A file as `fix` edits it: the text the scanner saw (UTF-8, UTF-8 with a BOM, or
//! UTF-16 with a BOM, decoded the same way), written back in the same encoding, with
//! the line ending the file already uses for any line `fix` adds.

use std::ops::Range;

use crate::source::{self, ContentSkip};

/// How a file's bytes map to the text the scanner saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

/// A file's decoded text, its encoding and its line ending.
#[derive(Debug, Clone)]
pub(crate) struct Text {
    /// What the scanner saw: finding spans index into this.
    pub bytes: Vec<u8>,
    pub encoding: Encoding,
    /// `"\r\n"` when most lines end so, else `"\n"`.
    pub eol: &'static str,
}

impl Text {
    /// Decode `raw` as the scanner does. An error says why the file cannot be
    /// written back exactly (binary, or UTF-16 that does not survive a round trip).
    pub fn decode(raw: &[u8]) -> Result<Text, String> {
        let encoding = if raw.starts_with(&[0xEF, 0xBB, 0xBF]) {
            Encoding::Utf8Bom
        } else if raw.starts_with(&[0xFF, 0xFE]) {
            Encoding::Utf16Le
        } else if raw.starts_with(&[0xFE, 0xFF]) {
            Encoding::Utf16Be
        } else {
            Encoding::Utf8
        };
        let mut bytes = raw.to_vec();
        if let Err(ContentSkip::Binary) = source::prepare_content(&mut bytes) {
            return Err("a binary file".into());
        }
        // A UTF-16 BOM before text without NUL bytes is not decoded by the scanner.
        let encoding = match encoding {
            Encoding::Utf16Le | Encoding::Utf16Be if bytes.len() == raw.len() => Encoding::Utf8,
            e => e,
        };
        let text = Text {
            eol: eol_of(&bytes),
            bytes,
            encoding,
        };
        if text.encode(&text.bytes) != raw {
            return Err("its encoding cannot be written back exactly".into());
        }
        Ok(text)
    }

    /// `bytes` (edited text) in this file's encoding.
    pub fn encode(&self, bytes: &[u8]) -> Vec<u8> {
        match self.encoding {
            Encoding::Utf8 => bytes.to_vec(),
            Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], bytes].concat(),
            Encoding::Utf16Le | Encoding::Utf16Be => {
                let le = self.encoding == Encoding::Utf16Le;
                let mut out = if le {
                    vec![0xFF, 0xFE]
                } else {
                    vec![0xFE, 0xFF]
                };
                for u in String::from_utf8_lossy(bytes).encode_utf16() {
                    out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
                }
                out
            }
        }
    }
}

/// The line ending most lines of `bytes` use.
pub(crate) fn eol_of(bytes: &[u8]) -> &'static str {
    let lf = memchr::memchr_iter(b'\n', bytes).count();
    let crlf = memchr::memmem::find_iter(bytes, b"\r\n").count();
    if crlf > 0 && crlf * 2 >= lf {
        "\r\n"
    } else {
        "\n"
    }
}

/// One replacement in a file. `text` may hold [`NAME`] where the site's variable
/// name goes once names are chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    pub range: Range<usize>,
    pub text: String,
    /// The site (index into the file's sites) whose name fills [`NAME`]; `None` for
    /// edits of the file as a whole (an import).
    pub site: Option<usize>,
}

/// Placeholder for a site's variable name in an [`Edit`]'s text.
pub(crate) const NAME: &str = "\u{1}NAME\u{1}";

impl Edit {
    pub fn new(range: Range<usize>, text: impl Into<String>, site: Option<usize>) -> Edit {
        Edit {
            range,
            text: text.into(),
            site,
        }
    }

    pub fn insert(at: usize, text: impl Into<String>, site: Option<usize>) -> Edit {
        Edit::new(at..at, text, site)
    }
}

/// Apply `edits` (with their names filled) to `bytes`. Insertions at one offset keep
/// their order; overlapping replacements are a bug in the caller and an error.
pub(crate) fn apply(bytes: &[u8], edits: &[(Range<usize>, String)]) -> Result<Vec<u8>, String> {
    let mut order: Vec<usize> = (0..edits.len()).collect();
    order.sort_by_key(|&i| (edits[i].0.start, edits[i].0.end > edits[i].0.start, i));
    let mut out = Vec::with_capacity(bytes.len() + 64);
    let mut at = 0;
    for i in order {
        let (range, text) = &edits[i];
        if range.start < at || range.end > bytes.len() || range.start > range.end {
            return Err(format!("overlapping edits at byte {}", range.start));
        }
        out.extend_from_slice(&bytes[at..range.start]);
        out.extend_from_slice(text.as_bytes());
        at = range.end;
    }
    out.extend_from_slice(&bytes[at..]);
    Ok(out)
}

/// Byte offset where the line holding `pos` starts.
pub(crate) fn line_start(bytes: &[u8], pos: usize) -> usize {
    memchr::memrchr(b'\n', &bytes[..pos.min(bytes.len())]).map_or(0, |i| i + 1)
}

/// Byte offset just past the line ending of the line holding `pos` (or the end).
pub(crate) fn line_end_incl(bytes: &[u8], pos: usize) -> usize {
    memchr::memchr(b'\n', &bytes[pos.min(bytes.len())..]).map_or(bytes.len(), |i| pos + i + 1)
}

/// 1-based line and column (in characters) of `pos`.
pub(crate) fn line_col(bytes: &[u8], pos: usize) -> (usize, usize) {
    let pos = pos.min(bytes.len());
    let line = memchr::memchr_iter(b'\n', &bytes[..pos]).count() + 1;
    let start = line_start(bytes, pos);
    let col = String::from_utf8_lossy(&bytes[start..pos]).chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_round_trip() {
        let mut le = vec![0xFF, 0xFE];
        for u in "k = \"v\"\r\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let t = Text::decode(&le).unwrap();
        assert_eq!(t.encoding, Encoding::Utf16Le);
        assert_eq!(t.bytes, b"k = \"v\"\r\n");
        assert_eq!(t.eol, "\r\n");
        assert_eq!(t.encode(&t.bytes), le);
        let bom = b"\xef\xbb\xbfa\n".to_vec();
        let t = Text::decode(&bom).unwrap();
        assert_eq!(
            (t.encoding, t.bytes.as_slice()),
            (Encoding::Utf8Bom, &b"a\n"[..])
        );
        assert_eq!(t.encode(b"b\n"), b"\xef\xbb\xbfb\n");
        let latin1 = b"# caf\xe9\nk = 1\n".to_vec();
        assert_eq!(Text::decode(&latin1).unwrap().encode(&latin1), latin1);
        assert!(Text::decode(b"a\0b").is_err());
    }

    #[test]
    fn edits_apply_in_order_and_refuse_overlaps() {
        let e = |r: Range<usize>, t: &str| (r, t.to_string());
        let out = apply(
            b"abcdef",
            &[e(3..3, "X"), e(1..2, "B"), e(3..3, "Y"), e(4..6, "")],
        )
        .unwrap();
        assert_eq!(out, b"aBcXYd");
        assert!(apply(b"abcdef", &[e(1..3, "x"), e(2..4, "y")]).is_err());
    }

    #[test]
    fn lines_and_columns() {
        let b = "a\nbé c\n".as_bytes();
        assert_eq!(line_col(b, 6), (2, 4));
        assert_eq!(line_start(b, 4), 2);
        assert_eq!(line_end_incl(b, 4), b.len());
        assert_eq!(eol_of(b"a\r\nb\r\nc\n"), "\r\n");
    }
}
