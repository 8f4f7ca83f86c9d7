//! Base64 that decodes to text worth reading: JSON (a docker `config.json` or a
//! Kubernetes `.dockerconfigjson`, a service-account or exchange credential file
//! wrapped in base64), `user:pass` (docker `auth`, HTTP Basic), a PEM block
//! (Kubernetes `tls.key`) or lines of `key=value` (an `.env` wrapped in base64).
//! Anything else — binary, a word that happens to be base64, a JWT's parts — is left
//! as written.

use base64::Engine as _;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};

use super::map::Builder;
use super::{Encoding, Region};

/// Shortest run decoded: 12 characters are 9 bytes (`user:pass`).
const MIN_RUN: usize = 12;
/// Longest run decoded.
const MAX_RUN: usize = 1 << 20;
/// Longest `user:pass`.
const MAX_USERPASS: usize = 256;

const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_allow_trailing_bits(true)
    .with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT);
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT);

/// Bytes of the base64 alphabets (standard and URL-safe).
const B64: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'-' || b == b'_';
        i += 1;
    }
    t
};

fn is_b64(b: u8) -> bool {
    B64[usize::from(b)]
}

/// The 6-bit value of a base64 character, in either alphabet (`+` and `-` are 62,
/// `/` and `_` 63; a run mixing the two is refused later).
const SEXTET: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            _ => 63,
        };
        i += 1;
    }
    t
};

/// Whether the six bytes that `head`'s first eight characters decode to hold an
/// ASCII control character other than a tab or a line break: then the run is not
/// text ([`starts_as_text`] would say so too, at a higher price). A byte of 0x80 or
/// more is left to the full test (it may start a UTF-8 character).
fn starts_with_control(head: &[u8; 8]) -> bool {
    let v = |i: usize| u32::from(SEXTET[usize::from(head[i])]);
    let quad = |q: usize| v(q) << 18 | v(q + 1) << 12 | v(q + 2) << 6 | v(q + 3);
    let (a, b) = (quad(0), quad(4));
    [a >> 16, a >> 8, a, b >> 16, b >> 8, b]
        .into_iter()
        .any(|x| {
            let x = (x & 0xff) as u8;
            (x < 0x20 && !matches!(x, b'\t' | b'\n' | b'\r')) || x == 0x7f
        })
}

/// What decoded text is, when it is worth scanning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Json,
    UserPass,
    Pem,
    Lines,
}

/// Every base64 run of at least [`MIN_RUN`] characters that decodes to a [`Kind`].
pub fn find(bytes: &[u8], out: &mut Vec<Region>) {
    // A run of MIN_RUN or more holds the byte MIN_RUN - 1 past any position before
    // it: probe there, and skip MIN_RUN bytes when it is not base64. `i` is always
    // just past a byte that is not base64, so no run starts before it.
    let mut i = 0;
    while i + MIN_RUN <= bytes.len() {
        let probe = i + MIN_RUN - 1;
        if !is_b64(bytes[probe]) {
            i = probe + 1;
            continue;
        }
        let mut start = probe;
        while start > i && is_b64(bytes[start - 1]) {
            start -= 1;
        }
        let mut body_end = probe + 1;
        while body_end < bytes.len() && is_b64(bytes[body_end]) {
            body_end += 1;
        }
        let mut end = body_end;
        while end < bytes.len() && end - body_end < 2 && bytes[end] == b'=' {
            end += 1;
        }
        i = end + 1;
        let len = body_end - start;
        if !(MIN_RUN..=MAX_RUN).contains(&len) || len % 4 == 1 {
            continue;
        }
        // A dot-separated part of a JWT is not a value of its own.
        let dotted = |at: Option<&u8>, next: Option<&u8>| {
            at == Some(&b'.') && next.is_some_and(|&b| is_b64(b))
        };
        let jwt_part = dotted(
            start.checked_sub(1).and_then(|j| bytes.get(j)),
            start.checked_sub(2).and_then(|j| bytes.get(j)),
        ) || dotted(bytes.get(end), bytes.get(end + 1));
        if !jwt_part && let Some(r) = decode(bytes, start, body_end, end) {
            out.push(r);
        }
    }
}

/// Cheap first look, the test [`decode`] applies to the whole run, on its first
/// [`MIN_RUN`] characters: they must decode to UTF-8 (a character may be cut at the
/// end) without control characters other than tabs and line breaks.
fn starts_as_text(engine: &GeneralPurpose, head: &[u8]) -> bool {
    let mut buf = [0u8; MIN_RUN / 4 * 3];
    let Ok(n) = engine.decode_slice(head, &mut buf) else {
        return false;
    };
    let (text, invalid) = match std::str::from_utf8(&buf[..n]) {
        Ok(text) => (text, false),
        Err(e) => (
            std::str::from_utf8(&buf[..e.valid_up_to()]).unwrap_or_default(),
            e.error_len().is_some(),
        ),
    };
    !invalid && !text.chars().any(is_bad_control)
}

fn is_bad_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

fn decode(bytes: &[u8], start: usize, body_end: usize, end: usize) -> Option<Region> {
    let body = &bytes[start..body_end];
    if body.first_chunk::<8>().is_some_and(starts_with_control) {
        return None;
    }
    let url = body.iter().any(|&b| b == b'-' || b == b'_');
    if url && body.iter().any(|&b| b == b'+' || b == b'/') {
        return None;
    }
    let engine = if url { &URL_SAFE } else { &STANDARD };
    if !starts_as_text(engine, &body[..MIN_RUN]) {
        return None;
    }
    let decoded = engine.decode(body).ok()?;
    let text = std::str::from_utf8(&decoded).ok()?;
    if text.chars().any(is_bad_control) {
        return None;
    }
    let kind = classify(text)?;
    // Each group of three decoded bytes stands for its four characters (the last
    // group also for the padding).
    let enc = Some(Encoding::Base64);
    let mut b = Builder::default();
    for (k, group) in decoded.chunks(3).enumerate() {
        let from = start + 4 * k;
        let to = if (k + 1) * 3 >= decoded.len() {
            end
        } else {
            from + 4
        };
        b.opaque(group, from..to.min(end), enc);
    }
    Some(Region {
        range: start..end,
        enc: Encoding::Base64,
        piece: b,
        always: kind != Kind::UserPass,
    })
}

/// What `text` is, if it is one of the kinds worth scanning.
pub fn classify(text: &str) -> Option<Kind> {
    let t = text.trim();
    if t.contains("-----BEGIN ") {
        return Some(Kind::Pem);
    }
    let bracketed = |open: char, close: char| t.starts_with(open) && t.ends_with(close);
    if (bracketed('{', '}') || bracketed('[', ']')) && t.contains('"') {
        return Some(Kind::Json);
    }
    // `user:pass`: no space in the user, none around the password (which may hold
    // one: `Aladdin:open sesame`), one line.
    if t.len() <= MAX_USERPASS
        && !t.contains(['\n', '\r', '\t'])
        && let Some((user, pass)) = t.split_once(':')
        && !user.is_empty()
        && !user.contains(' ')
        && !pass.is_empty()
        && !pass.starts_with(' ')
        && !pass.starts_with("//")
        && !user.contains('/')
    {
        return Some(Kind::UserPass);
    }
    let lines: Vec<&str> = t.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.len() >= 2
        && lines
            .iter()
            .all(|l| l.contains('=') || l.contains(": ") || l.trim_start().starts_with('#'))
    {
        return Some(Kind::Lines);
    }
    None
}

/// Standard base64 of `text` (for tests and fixtures).
#[cfg(test)]
pub fn encode(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
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
    fn the_first_look_lets_a_character_cut_at_its_end_through() {
        // `é` takes the 9th and 10th decoded bytes: the first twelve characters end
        // inside it
        let text = "abcdefghé:pässwörd1"; // keylint:allow (synthetic)
        assert_eq!(text.as_bytes()[8..10], [0xC3, 0xA9]);
        assert_eq!(decoded(&format!("auth = {}", encode(text))), vec![text]);
        // a control character among the first nine bytes: not text
        let ctl = "abc\u{1}defgh:password1";
        assert!(decoded(&format!("auth = {}", encode(ctl))).is_empty());
    }

    #[test]
    fn the_control_check_only_refuses_what_the_first_look_refuses() {
        // every run it refuses, the first look refuses too (it is a cheaper part of it)
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let (mut refused, mut checked) = (0, 0);
        for _ in 0..20_000 {
            let mut head = [0u8; MIN_RUN];
            for c in &mut head {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                *c = alphabet[(seed % 64) as usize];
            }
            let first: &[u8; 8] = head.first_chunk().unwrap();
            if starts_with_control(first) {
                refused += 1;
                assert!(!starts_as_text(&STANDARD, &head), "{head:?}");
            }
            checked += 1;
        }
        assert!(
            refused > checked / 4,
            "the check refuses something: {refused}"
        );
        // text passes it
        let b64 = encode("user:password1");
        assert!(!starts_with_control(b64.as_bytes().first_chunk().unwrap()));
        let b64 = encode("\u{1}user:password1");
        assert!(starts_with_control(b64.as_bytes().first_chunk().unwrap()));
    }

    #[test]
    fn decodes_json_userpass_pem_and_config_lines() {
        let json = r#"{"auths":{"r.example":{"auth":"x"}}}"#;
        assert_eq!(decoded(&format!("a: {}", encode(json))), vec![json]);
        assert_eq!(
            decoded(&format!(
                "Authorization: Basic {}",
                encode("bot:Xq8vN2mK4p")
            )),
            vec!["bot:Xq8vN2mK4p"]
        );
        let pem = "-----BEGIN EC PRIVATE KEY-----\nAB\n-----END EC PRIVATE KEY-----\n";
        assert_eq!(decoded(&format!("tls.key: {}", encode(pem))), vec![pem]);
        let env = "API_KEY=abc\nAPI_SECRET=def\n";
        assert_eq!(decoded(&encode(env)), vec![env]);
        // URL-safe alphabet, no padding.
        let url =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("{\"k\": \"\u{ff}\u{fe}?>\"}");
        assert_eq!(decoded(&url).len(), 1);
    }

    #[test]
    fn leaves_other_runs_alone() {
        // Binary, prose, paths, identifiers, URLs, JWT parts, mixed alphabets.
        assert!(decoded("Kr4kenSecretKeyValue1234567890abcdefghABCDEFGH==").is_empty());
        assert!(decoded(&encode("just a sentence of text")).is_empty());
        assert!(decoded("/usr/local/bin/python3 getAccountBalanceForUser").is_empty());
        assert!(decoded(&encode("https://example.com")).is_empty());
        let part = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(r#"{"alg":"HS256","typ":"JWT"}"#);
        assert!(decoded(&format!("{part}.eyJzdWIiOiIxIn0.sig")).is_empty());
        assert!(decoded("ab+cd_efghijklmnop").is_empty());
        assert!(decoded("").is_empty());
    }

    #[test]
    fn groups_map_to_their_characters() {
        let text = format!("x {} y", encode("user:password"));
        let mut out = Vec::new();
        find(text.as_bytes(), &mut out);
        let r = out.remove(0);
        let (t, map) = r.piece.finish();
        assert_eq!(t, b"user:password");
        // `password` is bytes 5..13: groups 1..4, characters 4..20 of the run (+2).
        assert_eq!(map.map(&(5..13)), 6..22);
        assert_eq!(map.map(&(0..13)), r.range);
    }
}
