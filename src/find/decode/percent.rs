//! URL-encoding: a run of URL characters holding `%XX` escapes, decoded
//! (`password=p%40ss%21`, a form body or query string that carries JSON:
//! `data=%7B%22apiKey%22%3A%22…%22%7D`). `+` is left alone: base64 values use it.

use super::map::Builder;
use super::{Encoding, Region};

/// Longest run decoded.
const MAX_RUN: usize = 1 << 20;

fn is_run_byte(b: u8) -> bool {
    b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'`' | b'<' | b'>' | b'\\')
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Every run holding a `%XX` escape, decoded, when the result is UTF-8 without
/// control characters other than tab and newline.
pub fn find(bytes: &[u8], out: &mut Vec<Region>) {
    let mut at = 0;
    while let Some(i) = memchr::memchr(b'%', &bytes[at..]) {
        let pct = at + i;
        let escape = bytes
            .get(pct + 1..pct + 3)
            .is_some_and(|h| hex(h[0]).is_some() && hex(h[1]).is_some());
        if !escape {
            at = pct + 1;
            continue;
        }
        // Look back no further than the last run searched: linear in the input.
        let start = bytes[at..pct]
            .iter()
            .rposition(|&b| !is_run_byte(b))
            .map_or(at, |j| at + j + 1);
        let end = bytes[pct..]
            .iter()
            .position(|&b| !is_run_byte(b))
            .map_or(bytes.len(), |j| pct + j);
        if end - start <= MAX_RUN
            && let Some(r) = decode(bytes, start, end)
        {
            out.push(r);
        }
        at = end.max(pct + 1);
    }
}

fn decode(bytes: &[u8], start: usize, end: usize) -> Option<Region> {
    let enc = Some(Encoding::Percent);
    let mut b = Builder::default();
    let mut plain = start;
    let mut i = start;
    while i < end {
        let v = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3).filter(|_| i + 3 <= end))
            .flatten()
            .and_then(|h| Some(hex(h[0])? << 4 | hex(h[1])?));
        let Some(v) = v else {
            i += 1;
            continue;
        };
        b.copy(bytes, plain..i, enc);
        b.opaque(&[v], i..i + 3, enc);
        i += 3;
        plain = i;
    }
    b.copy(bytes, plain..end, enc);
    let text = std::str::from_utf8(&b.text).ok()?;
    if text
        .chars()
        .any(|c| c.is_control() && c != '\t' && c != '\n')
    {
        return None;
    }
    Some(Region {
        range: start..end,
        enc: Encoding::Percent,
        piece: b,
        always: false,
    })
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
    fn runs_with_escapes() {
        assert_eq!(
            decoded("curl -d 'data=%7B%22apiKey%22%3A%22a%2Bb%22%7D' x"),
            vec![r#"data={"apiKey":"a+b"}"#]
        );
        assert_eq!(decoded("pw=p%40ss+w%21"), vec!["pw=p@ss+w!"]);
        // Not escapes: format strings, percentages, a `%` at the end.
        assert!(decoded("printf(\"%s %d\") 100% %zz %").is_empty());
        // Control characters and invalid UTF-8 are not text.
        assert!(decoded("a=%00%01").is_empty());
        assert!(decoded("a=%ff%fe").is_empty());
    }

    #[test]
    fn escapes_map_back() {
        let text = b"x p%40ss y";
        let mut out = Vec::new();
        find(text, &mut out);
        let r = out.remove(0);
        assert_eq!(r.range, 2..8);
        let (t, map) = r.piece.finish();
        assert_eq!(t, b"p@ss");
        assert_eq!(map.map(&(0..4)), 2..8);
        assert_eq!(map.map(&(1..2)), 3..6);
    }
}
