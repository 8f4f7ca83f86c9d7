//! String escapes: the content of a quoted string with backslash escapes (JSON, C,
//! Python, JS, YAML double-quoted), decoded. A PEM key stored as
//! `"-----BEGIN …\nMIIE…\n-----END …"` becomes a block of lines; JSON stored inside
//! a JSON string (`"{\"apiKey\": \"…\"}"`) becomes JSON the rules can read.

use std::ops::Range;

use super::map::Builder;
use super::{Encoding, Region};

/// Longest string literal decoded.
const MAX_STRING: usize = 1 << 20;

/// Every single-line string literal holding an escape, decoded. Strings are found
/// line by line: `"` always opens one, `'` only after a byte that is not a letter
/// or digit (an apostrophe inside a word is not a quote).
pub fn find(bytes: &[u8], out: &mut Vec<Region>) {
    let mut at = 0;
    while let Some(i) = memchr::memchr(b'\\', &bytes[at..]) {
        let hit = at + i;
        let line_start = memchr::memrchr(b'\n', &bytes[..hit]).map_or(0, |j| j + 1);
        let line_end = memchr::memchr(b'\n', &bytes[hit..]).map_or(bytes.len(), |j| hit + j);
        strings_in_line(bytes, line_start..line_end, out);
        at = line_end + 1;
        if at >= bytes.len() {
            break;
        }
    }
}

fn strings_in_line(bytes: &[u8], line: Range<usize>, out: &mut Vec<Region>) {
    let mut i = line.start;
    while i < line.end {
        let b = bytes[i];
        let opens =
            b == b'"' || (b == b'\'' && (i == line.start || !bytes[i - 1].is_ascii_alphanumeric()));
        if !opens {
            i += 1;
            continue;
        }
        let quote = b;
        let start = i + 1;
        let mut j = start;
        let mut escaped = false;
        let mut closed = None;
        while j < line.end {
            match bytes[j] {
                b'\\' => {
                    escaped = true;
                    j += 2;
                }
                c if c == quote => {
                    closed = Some(j);
                    break;
                }
                _ => j += 1,
            }
        }
        let Some(end) = closed else {
            // An unclosed quote (an apostrophe in prose): look for strings after it.
            i = start;
            continue;
        };
        if escaped
            && end - start <= MAX_STRING
            && let Some(region) = decode(bytes, start..end)
        {
            out.push(region);
        }
        i = end + 1;
    }
}

/// Decode the escapes of `bytes[range]`; `None` when nothing changes or the result
/// would not be UTF-8.
pub fn decode(bytes: &[u8], range: Range<usize>) -> Option<Region> {
    let enc = Some(Encoding::Escape);
    let mut b = Builder::default();
    let mut plain = range.start;
    let mut i = range.start;
    let mut changed = false;
    let mut buf = [0u8; 4];
    while i < range.end {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let Some(&c) = bytes.get(i + 1).filter(|_| i + 1 < range.end) else {
            break;
        };
        let (decoded, len): (&[u8], usize) = match c {
            b'n' => (b"\n", 2),
            b'r' => (b"\r", 2),
            b't' => (b"\t", 2),
            b'"' => (b"\"", 2),
            b'\'' => (b"'", 2),
            b'\\' => (b"\\", 2),
            b'/' => (b"/", 2),
            b'`' => (b"`", 2),
            b'u' => match unicode_escape(&bytes[i..range.end]) {
                Some((ch, len)) => (ch.encode_utf8(&mut buf).as_bytes(), len),
                None => {
                    i += 2;
                    continue;
                }
            },
            b'x' => match hex_byte(bytes.get(i + 2..i + 4).filter(|_| i + 4 <= range.end)) {
                Some(v) if v.is_ascii() => {
                    buf[0] = v;
                    (&buf[..1], 4)
                }
                _ => {
                    i += 2;
                    continue;
                }
            },
            _ => {
                // Unknown escape: kept as written.
                i += 2;
                continue;
            }
        };
        b.copy(bytes, plain..i, enc);
        b.opaque(decoded, i..i + len, enc);
        changed = true;
        i += len;
        plain = i;
    }
    if !changed {
        return None;
    }
    b.copy(bytes, plain..range.end, enc);
    std::str::from_utf8(&b.text).ok()?;
    Some(Region {
        range,
        enc: Encoding::Escape,
        piece: b,
        always: false,
    })
}

fn hex_byte(two: Option<&[u8]>) -> Option<u8> {
    let two = two?;
    let s = std::str::from_utf8(two).ok()?;
    u8::from_str_radix(s, 16).ok()
}

/// `\uXXXX`, or a surrogate pair `\uD83D\uDE80`: the character and the bytes used.
fn unicode_escape(s: &[u8]) -> Option<(char, usize)> {
    let unit = |at: usize| -> Option<u32> {
        if s.get(at..at + 2)? != b"\\u" {
            return None;
        }
        let hex = std::str::from_utf8(s.get(at + 2..at + 6)?).ok()?;
        u32::from_str_radix(hex, 16).ok()
    };
    let hi = unit(0)?;
    if (0xD800..0xDC00).contains(&hi) {
        let lo = unit(6).filter(|lo| (0xDC00..0xE000).contains(lo))?;
        let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
        return char::from_u32(c).map(|c| (c, 12));
    }
    char::from_u32(hi).map(|c| (c, 6))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        find(text.as_bytes(), &mut out);
        out.iter()
            .map(|r| String::from_utf8(r.piece.text.clone()).unwrap())
            .collect()
    }

    #[test]
    fn json_in_json_and_pem_newlines() {
        assert_eq!(
            decoded(r#"{"cfg": "{\"apiKey\": \"abc\"}", "x": "plain"}"#),
            vec![r#"{"apiKey": "abc"}"#]
        );
        assert_eq!(
            decoded(r#"KEY="-----BEGIN X-----\nAB\n-----END X-----\n""#),
            vec!["-----BEGIN X-----\nAB\n-----END X-----\n"]
        );
        assert_eq!(
            decoded(r#"s = 'caf\u00e9 \ud83d\ude80 \x41'"#),
            vec!["café 🚀 A"]
        );
    }

    #[test]
    fn apostrophes_unknown_escapes_and_unclosed_strings() {
        // `don't` does not open a string; the one after it is found.
        assert_eq!(decoded(r#"don't "a\"b""#), vec!["a\"b"]);
        // Only unknown escapes: nothing changes.
        assert!(decoded(r#"re = "\d+\w""#).is_empty());
        assert!(decoded(r#"x = "a\"b"#).is_empty());
        // A backslash at the end of the content does not read past the string.
        assert_eq!(decoded(r#"x = "a\nb\\""#), vec!["a\nb\\"]);
    }

    #[test]
    fn escapes_map_to_their_raw_bytes() {
        let text = br#"p = "x\"y\nz""#;
        let mut out = Vec::new();
        find(text, &mut out);
        let (t, map) = out.remove(0).piece.finish();
        assert_eq!(t, b"x\"y\nz");
        // `y` is decoded byte 2, raw byte 8; the `\n` is raw 9..11.
        assert_eq!(map.map(&(2..3)), 8..9);
        assert_eq!(map.map(&(3..4)), 9..11);
        assert_eq!(map.map(&(0..5)), 5..12);
    }
}
