//! Small parsers over value text: URLs (userinfo, query), `%XX` and base64 decoding,
//! authentication schemes, `${NAME:-default}`, option-like strings.

use super::Span;

/// The parts of `scheme://user:pass@host/…?query#…` that bind credentials.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct UrlParts {
    pub scheme: Span,
    pub user: Option<Span>,
    pub pass: Option<Span>,
    pub query: Option<Span>,
}

/// Split the URL at `b[start..end]` (it contains `://`).
pub(super) fn url_parts(b: &[u8], start: usize, end: usize) -> Option<UrlParts> {
    let s = &b[start..end];
    let sep = memchr::memmem::find(s, b"://")?;
    let auth_from = start + sep + 3;
    let rest = &b[auth_from..end];
    let auth_len = memchr::memchr3(b'/', b'?', b'#', rest).unwrap_or(rest.len());
    let mut parts = UrlParts {
        scheme: start..start + sep,
        ..UrlParts::default()
    };
    if let Some(at) = memchr::memrchr(b'@', &rest[..auth_len]) {
        let info = &rest[..at];
        match memchr::memchr(b':', info) {
            Some(colon) => {
                parts.user = Some(auth_from..auth_from + colon);
                parts.pass = Some(auth_from + colon + 1..auth_from + at);
            }
            None => parts.user = Some(auth_from..auth_from + at),
        }
    }
    let after = &rest[auth_len..];
    if let Some(q) = memchr::memchr(b'?', after) {
        let qs = auth_from + auth_len + q + 1;
        let qe = memchr::memchr(b'#', &b[qs..end]).map_or(end, |h| qs + h);
        parts.query = Some(qs..qe);
    }
    Some(parts)
}

/// Each `name=value` of a query string (`&` or `;` separated).
pub(super) fn query_pairs(b: &[u8], q: Span, mut f: impl FnMut(Span, Span)) {
    let mut at = q.start;
    while at < q.end {
        let seg_end = memchr::memchr2(b'&', b';', &b[at..q.end]).map_or(q.end, |k| at + k);
        if let Some(eq) = memchr::memchr(b'=', &b[at..seg_end]) {
            let (name, value) = (at..at + eq, at + eq + 1..seg_end);
            if !name.is_empty() && !value.is_empty() {
                f(name, value);
            }
        }
        at = seg_end + 1;
    }
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Append `%XX`-decoded `src` to `dst`; false (and nothing appended) if `src` has no
/// valid escape.
pub(super) fn percent_decode_into(src: &[u8], dst: &mut Vec<u8>) -> bool {
    if !src
        .windows(3)
        .any(|w| w[0] == b'%' && hex(w[1]).is_some() && hex(w[2]).is_some())
    {
        return false;
    }
    let mut i = 0;
    while i < src.len() {
        if src[i] == b'%'
            && let (Some(h), Some(l)) = (
                src.get(i + 1).copied().and_then(hex),
                src.get(i + 2).copied().and_then(hex),
            )
        {
            dst.push(h << 4 | l);
            i += 3;
            continue;
        }
        dst.push(src[i]);
        i += 1;
    }
    true
}

fn b64(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    }
}

/// Standard or URL-safe base64, padding optional; `None` if `src` is not base64.
pub(super) fn base64_decode(src: &[u8]) -> Option<Vec<u8>> {
    let src = src
        .strip_suffix(b"==")
        .or(src.strip_suffix(b"="))
        .unwrap_or(src);
    if src.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(src.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &c in src {
        acc = acc << 6 | u32::from(b64(c)?);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

/// An HTTP authentication scheme at the start of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scheme {
    /// `Bearer`, `Token`, `Bot`: the rest is the credential.
    Token,
    /// `Basic`: the rest is base64 of `user:password`.
    Basic,
}

/// `Bearer v`, `token v`, `Bot v`, `Basic v`: the scheme and where `v` starts.
pub(super) fn auth_scheme(v: &[u8]) -> Option<(Scheme, usize)> {
    let word_end = v.iter().take(8).position(|&c| c == b' ' || c == b'\t')?;
    let scheme = match &v[..word_end] {
        w if w.eq_ignore_ascii_case(b"bearer")
            || w.eq_ignore_ascii_case(b"token")
            || w.eq_ignore_ascii_case(b"bot") =>
        {
            Scheme::Token
        }
        w if w.eq_ignore_ascii_case(b"basic") => Scheme::Basic,
        _ => return None,
    };
    let rest = v[word_end..]
        .iter()
        .position(|&c| c != b' ' && c != b'\t')
        .map(|k| word_end + k)?;
    // `python -m bot --flag=v`: an option after the word is no credential
    if v[rest] == b'-' {
        return None;
    }
    Some((scheme, rest))
}

/// The password of a decoded Basic credential `user:password`, if it is printable.
pub(super) fn basic_password(decoded: &[u8]) -> Option<&[u8]> {
    if decoded.iter().any(|&c| c < 0x20 || c == 0x7f) {
        return None;
    }
    let colon = memchr::memchr(b':', decoded)?;
    let pass = &decoded[colon + 1..];
    (!pass.is_empty()).then_some(pass)
}

/// `NAME:-default`, `NAME-default`, `NAME:=default`, `NAME=default` (shell) and
/// `NAME:default` (Spring, Quarkus, Micronaut placeholders) inside `${…}`: the name
/// and the default's span. `${NAME:+alt}` and `${NAME:?message}` have none.
pub(super) fn interp_default(b: &[u8], inner: Span) -> Option<(Span, Span)> {
    let s = &b[inner.clone()];
    // a name starts with a letter or `_` (`${_X:-v}`), not a digit (`${1:-v}`)
    if !s
        .first()
        .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_')
    {
        return None;
    }
    // A property name (`trading.binance.api-secret:v`): dots and dashes up to a plain
    // `:`; only then, as `${a-b}` is shell's default `b` of `a`.
    let prop_len = s
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-')))
        .unwrap_or(s.len());
    if s[..prop_len].iter().any(|&c| matches!(c, b'.' | b'-'))
        && s.get(prop_len) == Some(&b':')
        && !matches!(s.get(prop_len + 1), Some(b'+' | b'?' | b'-' | b'=') | None)
        && s[prop_len - 1].is_ascii_alphanumeric()
    {
        let from = inner.start + prop_len + 1;
        return Some((inner.start..inner.start + prop_len, from..inner.end));
    }
    let name_len = s
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_'))?;
    let rest = &s[name_len..];
    let skip = if rest.starts_with(b":-") || rest.starts_with(b":=") {
        2
    } else if rest.starts_with(b"-")
        || rest.starts_with(b"=")
        || rest.starts_with(b":") && !matches!(rest.get(1), Some(b'+' | b'?') | None)
    {
        1
    } else {
        return None;
    };
    let from = inner.start + name_len + skip;
    (from < inner.end).then(|| (inner.start..inner.start + name_len, from..inner.end))
}

/// `--name` or `-x` as a whole string (an option in an argument list): the name.
pub(super) fn option_name(b: &[u8], content: Span) -> Option<Span> {
    let s = &b[content.clone()];
    let dashes = if s.starts_with(b"--") {
        2
    } else if s.starts_with(b"-") {
        1
    } else {
        return None;
    };
    let name = &s[dashes..];
    let ok = !name.is_empty()
        && name[0].is_ascii_alphabetic()
        && (dashes == 2 || name.len() == 1)
        && name
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.');
    ok.then(|| content.start + dashes..content.end)
}

/// Whether `s` contains an interpolation marker.
pub(super) fn has_interpolation(s: &[u8]) -> bool {
    let mut i = 0;
    while let Some(k) = memchr::memchr3(b'{', b'(', b'%', &s[i..]) {
        let at = i + k;
        let prev = at.checked_sub(1).map(|p| s[p]);
        match s[at] {
            b'{' if matches!(prev, Some(b'$' | b'#' | b'{')) => return true,
            b'(' if prev == Some(b'$') => return true,
            b'%' if matches!(s.get(at + 1), Some(b'(' | b'{')) => return true,
            _ => {}
        }
        i = at + 1;
    }
    false
}

/// Most literals a joined list holds ([`joined_list`]).
const JOINED_PARTS: usize = 64;

/// Bytes a joined list may span ([`joined_list`]).
const JOINED_SPAN: usize = 4096;

/// Whitespace from `at` (line breaks included), up to `limit`.
pub(super) fn skip_space(b: &[u8], mut at: usize, limit: usize) -> usize {
    while at < limit && b[at].is_ascii_whitespace() {
        at += 1;
    }
    at
}

/// The content of a plain quoted literal (`"…"`, `'…'`, `` `…` ``; no escape, no line
/// break) at `at`, and the position after its closing quote.
pub(super) fn plain_literal(b: &[u8], at: usize, limit: usize) -> Option<(Span, usize)> {
    let q = *b.get(at).filter(|&&c| matches!(c, b'"' | b'\'' | b'`'))?;
    let end = at + 1 + memchr::memchr(q, b.get(at + 1..limit)?)?;
    let content = at + 1..end;
    if b[content.clone()]
        .iter()
        .any(|&c| matches!(c, b'\\' | b'\n' | b'\r'))
        || (q == b'`' && memchr::memmem::find(&b[content.clone()], b"${").is_some())
    {
        return None;
    }
    Some((content, end + 1))
}

/// `.join(`, an optional literal separator that must be empty, then what `inside`
/// reads, then `)`: the position after it.
fn join_call(
    b: &[u8],
    at: usize,
    limit: usize,
    inside: impl FnOnce(usize) -> Option<usize>,
) -> Option<usize> {
    let at = skip_space(b, at, limit);
    let rest = b.get(at..limit)?;
    if !rest.starts_with(b".join(") {
        return None;
    }
    let at = inside(skip_space(b, at + 6, limit))?;
    let at = skip_space(b, at, limit);
    (b.get(at) == Some(&b')')).then_some(at + 1)
}

/// A list of literals joined into one value, its `[` at `open`: JavaScript's
/// `["ab", "cd"].join("")` (or `.join()`), or, `open` at the separator `""`, Python's
/// `"".join(["ab", "cd"])` / `"".join(("ab", "cd"))`. The literals' contents, in order.
pub(super) fn joined_list(b: &[u8], open: usize, limit: usize) -> Option<Vec<Span>> {
    let limit = limit.min(open + JOINED_SPAN).min(b.len());
    let mut parts = Vec::new();
    // the literals of a list whose opener is at `at`, then the position after its closer
    let list = |at: usize, parts: &mut Vec<Span>| -> Option<usize> {
        let close = match b.get(at)? {
            b'[' => b']',
            b'(' => b')',
            _ => return None,
        };
        let mut at = at + 1;
        loop {
            at = skip_space(b, at, limit);
            let (content, next) = plain_literal(b, at, limit)?;
            if parts.len() == JOINED_PARTS {
                return None;
            }
            parts.push(content);
            at = skip_space(b, next, limit);
            match b.get(at)? {
                b',' => {
                    at = skip_space(b, at + 1, limit);
                    if b.get(at) == Some(&close) {
                        return Some(at + 1);
                    }
                }
                &c if c == close => return Some(at + 1),
                _ => return None,
            }
        }
    };
    if b.get(open) == Some(&b'[') {
        let after = list(open, &mut parts)?;
        join_call(b, after, limit, |at| match plain_literal(b, at, limit) {
            Some((sep, next)) if sep.is_empty() => Some(next),
            Some(_) => None,
            None => Some(at),
        })?;
    } else {
        let (sep, next) = plain_literal(b, open, limit)?;
        if !sep.is_empty() {
            return None;
        }
        join_call(b, next, limit, |at| list(at, &mut parts))?;
    }
    Some(parts)
}

/// The one literal of a braced initialiser whose `{` is at `open` (C++'s
/// `std::string{"v"}`, `Secret{"v"}`), and its quote.
pub(super) fn braced_literal(b: &[u8], open: usize, limit: usize) -> Option<(Span, u8)> {
    let limit = limit.min(open + JOINED_SPAN).min(b.len());
    let at = skip_space(b, open + 1, limit);
    let (content, next) = plain_literal(b, at, limit)?;
    let close = skip_space(b, next, limit);
    (b.get(close) == Some(&b'}')).then(|| (content, b[at]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_parts_split_userinfo_and_query() {
        // keylint:allow (a synthetic URL)
        let u = b"postgres://bob:s3cr%40t@db.local:5432/app?sslmode=require&token=abc#x";
        let p = url_parts(u, 0, u.len()).unwrap();
        assert_eq!(&u[p.scheme.clone()], b"postgres");
        assert_eq!(&u[p.user.clone().unwrap()], b"bob");
        assert_eq!(&u[p.pass.clone().unwrap()], b"s3cr%40t");
        let mut pairs = Vec::new();
        query_pairs(u, p.query.unwrap(), |n, v| {
            pairs.push((u[n].to_vec(), u[v].to_vec()))
        });
        assert_eq!(
            pairs,
            vec![
                (b"sslmode".to_vec(), b"require".to_vec()),
                (b"token".to_vec(), b"abc".to_vec())
            ]
        );
        let u = b"https://example.org/a@b";
        let p = url_parts(u, 0, u.len()).unwrap();
        assert_eq!(p.user, None, "an @ in the path is not userinfo");
        let u = b"redis://:pw@h"; // keylint:allow
        let p = url_parts(u, 0, u.len()).unwrap();
        assert_eq!(&u[p.pass.unwrap()], b"pw");
    }

    #[test]
    fn decoders() {
        let mut d = Vec::new();
        assert!(percent_decode_into(b"a%2Bb%3d", &mut d));
        assert_eq!(d, b"a+b=");
        let mut d = Vec::new();
        assert!(!percent_decode_into(b"100%", &mut d));
        assert!(d.is_empty());
        assert_eq!(base64_decode(b"dXNlcjpwYXNz").unwrap(), b"user:pass");
        assert_eq!(base64_decode(b"dXNlcjpwYXNzMQ==").unwrap(), b"user:pass1");
        assert_eq!(base64_decode(b"not base64!"), None);
        assert_eq!(basic_password(b"user:pass"), Some(&b"pass"[..]));
        assert_eq!(basic_password(b"\x01\x02:x"), None);
        assert_eq!(basic_password(b"nocolon"), None);
    }

    #[test]
    fn schemes_defaults_options() {
        assert_eq!(auth_scheme(b"Bearer abc"), Some((Scheme::Token, 7)));
        assert_eq!(auth_scheme(b"basic  abc"), Some((Scheme::Basic, 7)));
        assert_eq!(auth_scheme(b"Bearer"), None);
        assert_eq!(auth_scheme(b"Bearing abc"), None);
        assert_eq!(auth_scheme(b"bot --tx-hash=0x45f1"), None);
        let s = b"API_KEY:-q8Xv";
        let (n, v) = interp_default(s, 0..s.len()).unwrap();
        assert_eq!((&s[n], &s[v]), (&b"API_KEY"[..], &b"q8Xv"[..]));
        assert_eq!(interp_default(b"API_KEY", 0..7), None);
        assert_eq!(interp_default(b"X:?err", 0..6), None);
        assert_eq!(interp_default(b"X:+alt", 0..6), None);
        let s = b"trading.binance.api-secret:Kq4wOW835cr";
        let (n, v) = interp_default(s, 0..s.len()).unwrap();
        assert_eq!(&s[n], b"trading.binance.api-secret");
        assert_eq!(&s[v], b"Kq4wOW835cr");
        // shell: `${a-b}` is b when a is unset; a property name needs its `:`
        let s = b"API-default";
        let (n, v) = interp_default(s, 0..s.len()).unwrap();
        assert_eq!((&s[n], &s[v]), (&b"API"[..], &b"default"[..]));
        assert_eq!(interp_default(b"app.key:-x", 0..10), None);
        let s = b"_PRIVATE_KEY:-q8XvN2mK";
        let (n, v) = interp_default(s, 0..s.len()).unwrap();
        assert_eq!((&s[n], &s[v]), (&b"_PRIVATE_KEY"[..], &b"q8XvN2mK"[..]));
        assert_eq!(interp_default(b"1:-x", 0..4), None);
        let s = b"OKX_SECRET_KEY:928DCB11";
        let (n, v) = interp_default(s, 0..s.len()).unwrap();
        assert_eq!((&s[n], &s[v]), (&b"OKX_SECRET_KEY"[..], &b"928DCB11"[..]));
        let s = b"--api-key";
        assert_eq!(&s[option_name(s, 0..s.len()).unwrap()], b"api-key");
        assert_eq!(option_name(b"-p", 0..2), Some(1..2));
        assert_eq!(option_name(b"-rf", 0..3), None);
        assert_eq!(option_name(b"--a=b", 0..5), None);
        assert_eq!(option_name(b"-1", 0..2), None);
        assert!(has_interpolation(b"a${B}c"));
        assert!(has_interpolation(b"{{ x }}"));
        assert!(has_interpolation(b"%(x)s"));
        assert!(!has_interpolation(b"a{b}(c)%"));
    }
}
