//! Connection strings: `Key=Value;Key=Value` chains (.NET/ADO.NET, ODBC, Azure
//! Storage, Service Bus and Event Hubs, JDBC SQL Server), rewritten one pair per
//! line (`Password=…`, `AccountKey=…`, `SharedAccessKey=…`) as a `.env`-like
//! document, so the value ends where the connection string says it does (at `;`)
//! and the pair is read as the assignment it is, whatever file holds it.

use std::ops::Range;

use super::map::Builder;
use super::{Encoding, Region};

/// Longest line searched.
const MAX_LINE: usize = 1 << 20;
/// Keys (lowercase, spaces removed) that hold a secret: a chain without one is not
/// decoded.
const SECRET_KEYS: &[&str] = &[
    "password",
    "pwd",
    "accountkey",
    "sharedaccesskey",
    "clientsecret",
    "secret",
    "apikey",
    "accesskey",
    "token",
];

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b' ')
}

struct Pair {
    key: Range<usize>,
    value: Range<usize>,
    /// Where the pair's text ends (after a closing quote or brace).
    end: usize,
}

/// Every chain of two or more `;`-separated pairs with a secret-holding key.
pub fn find(bytes: &[u8], out: &mut Vec<Region>) {
    let mut at = 0;
    while let Some(i) = memchr::memchr(b';', &bytes[at..]) {
        let hit = at + i;
        let line_start = memchr::memrchr(b'\n', &bytes[at..hit]).map_or(at, |j| at + j + 1);
        let line_end = memchr::memchr(b'\n', &bytes[hit..]).map_or(bytes.len(), |j| hit + j);
        if line_end - line_start <= MAX_LINE {
            chains_in_line(bytes, line_start..line_end, out);
        }
        at = line_end + 1;
        if at >= bytes.len() {
            break;
        }
    }
}

fn chains_in_line(bytes: &[u8], line: Range<usize>, out: &mut Vec<Region>) {
    let mut chain: Vec<Pair> = Vec::new();
    let mut i = line.start;
    while i < line.end {
        let Some(eq) = memchr::memchr(b'=', &bytes[i..line.end]).map(|j| i + j) else {
            break;
        };
        let Some(pair) = pair_at(bytes, i, eq, line.end) else {
            flush(bytes, &mut chain, out);
            i = eq + 1;
            continue;
        };
        // Chained when only `;` (and spaces) separate it from the previous pair.
        let joined = chain
            .last()
            .is_some_and(|prev| bytes[prev.end..pair.key.start].trim_ascii() == b";");
        if !joined {
            flush(bytes, &mut chain, out);
        }
        i = pair.end.max(eq + 1);
        chain.push(pair);
    }
    flush(bytes, &mut chain, out);
}

/// The pair whose `=` is at `eq`: a key right before it (letters, digits, `_`, `.`,
/// inner spaces: `User Id`), a value right after it (quoted, `{…}`, or up to `;`).
fn pair_at(bytes: &[u8], floor: usize, eq: usize, end: usize) -> Option<Pair> {
    if eq == floor || bytes[eq - 1] == b' ' {
        return None;
    }
    let mut k = eq;
    while k > floor && is_key_byte(bytes[k - 1]) {
        k -= 1;
    }
    while k < eq && bytes[k] == b' ' {
        k += 1;
    }
    if k == eq || !bytes[k].is_ascii_alphabetic() {
        return None;
    }
    let v = eq + 1;
    let first = *bytes.get(v).filter(|_| v < end)?;
    let (value, after) = match first {
        b'\'' | b'"' | b'{' => {
            let close = if first == b'{' { b'}' } else { first };
            let c = memchr::memchr(close, &bytes[v + 1..end])? + v + 1;
            // `{f(x)}`, `{ctx.value}`: an interpolation in the code that builds the
            // string, not an ODBC braced value.
            if first == b'{'
                && bytes[v + 1..c]
                    .iter()
                    .any(|b| matches!(b, b'(' | b'{' | b'$'))
            {
                return None;
            }
            (v + 1..c, c + 1)
        }
        b' ' | b';' => return None,
        _ => {
            let stop = bytes[v..end]
                .iter()
                .position(|&b| matches!(b, b';' | b'"' | b'\'' | b'`' | b'<' | b'>'))
                .map_or(end, |j| v + j);
            let mut e = stop;
            while e > v && bytes[e - 1] == b' ' {
                e -= 1;
            }
            (v..e, stop)
        }
    };
    Some(Pair {
        key: k..eq,
        value,
        end: after,
    })
}

fn is_secret_key(key: &[u8]) -> bool {
    let k: Vec<u8> = key
        .iter()
        .filter(|b| **b != b' ')
        .map(u8::to_ascii_lowercase)
        .collect();
    SECRET_KEYS.iter().any(|s| k == s.as_bytes())
}

/// Emit `chain` as a region when it qualifies; empty it either way.
fn flush(bytes: &[u8], chain: &mut Vec<Pair>, out: &mut Vec<Region>) {
    let pairs = std::mem::take(chain);
    if pairs.len() < 2 || !pairs.iter().any(|p| is_secret_key(&bytes[p.key.clone()])) {
        return;
    }
    let enc = Some(Encoding::ConnString);
    let mut b = Builder::default();
    for p in &pairs {
        b.copy(bytes, p.key.clone(), enc);
        b.opaque(b"=", p.key.end..p.value.start, enc);
        b.copy(bytes, p.value.clone(), enc);
        b.opaque(b"\n", p.value.end..p.end, enc);
    }
    let (Some(first), Some(last)) = (pairs.first(), pairs.last()) else {
        return;
    };
    out.push(Region {
        range: first.key.start..last.end,
        enc: Encoding::ConnString,
        piece: b,
        always: false,
    });
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
    fn ado_azure_servicebus_jdbc() {
        assert_eq!(
            decoded(r#"var c = "Server=db1;Database=x;User Id=sa;Password='p;w d';";"#),
            vec!["Server=db1\nDatabase=x\nUser Id=sa\nPassword=p;w d\n"]
        );
        assert_eq!(
            decoded(
                "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=ab+c/d==;EndpointSuffix=core.windows.net"
            ),
            vec![
                "DefaultEndpointsProtocol=https\nAccountName=acct\nAccountKey=ab+c/d==\nEndpointSuffix=core.windows.net\n"
            ]
        );
        assert_eq!(
            decoded(
                "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=Zx9+a="
            ),
            vec![
                "Endpoint=sb://ns.servicebus.windows.net/\nSharedAccessKeyName=Root\nSharedAccessKey=Zx9+a=\n"
            ]
        );
        assert_eq!(
            decoded("url = jdbc:sqlserver://h:1433;databaseName=d;user=sa;password={x;y}"),
            vec!["databaseName=d\nuser=sa\npassword=x;y\n"]
        );
    }

    #[test]
    fn not_connection_strings() {
        // No secret key, one pair, code, a comparison.
        assert!(decoded("Server=db1;Database=x;Trusted_Connection=True;").is_empty());
        assert!(decoded("password=abc;").is_empty());
        assert!(decoded("for (i=0; i<n; i++) { x = 1; password = 2; }").is_empty());
        assert!(decoded("a=1; b = 2;").is_empty());
    }

    #[test]
    fn pairs_map_back() {
        let text = b"Server=s;Pwd=abc";
        let mut out = Vec::new();
        find(text, &mut out);
        let r = out.remove(0);
        let (t, map) = r.piece.finish();
        assert_eq!(t, b"Server=s\nPwd=abc\n");
        assert_eq!(map.map(&(13..16)), 13..16);
        assert_eq!(map.map(&(9..12)), 9..12);
    }
}
