//! Bare value files: a small file that holds nothing but one to three values, one per
//! line (`config/master.key`, `.erlang.cookie`, `kraken.key`, `bot.nk`, `token.txt`).
//!
//! ## What it does
//! [`values`] finds the values of such a file; [`name`] names each one after the
//! file, the way the program that reads it does: `config/master.key` binds
//! `master_key`, `.erlang.cookie` binds `erlang_cookie`. A file of two values is a key
//! and its secret, in that order (the convention of `kraken.key` and of most exchange
//! key files), so `kraken.key` binds `kraken_key` and `kraken_secret`. The bindings
//! have [`Form::File`](super::Form::File) and are judged by the same rules as any
//! other binding; the file's name also counts as keyword context for the rules.
//!
//! ## Why is this bad?
//! A key file committed next to the code is the key itself: nothing in it says what
//! it is, so a scanner that reads only content sees a random string and moves on.
//!
//! ## Example
//! `config/master.key` holding 32 hex digits is reported as a Rails master key.
//! Use instead: keep the file out of the repository (`.gitignore`) and pass the key
//! through the environment (`RAILS_MASTER_KEY`).
//!
//! ## Known limitations
//! Only files up to [`MAX_FILE`] bytes whose every non-comment line is one token of
//! key characters (letters, digits, `+/=_-.~`); a value with spaces or quotes, or a
//! file with prose, is left to the other layers. A key file whose name says nothing
//! (`data.txt`) binds a name that no rule matches.
//!
//! ## Configuration
//! None: the rules decide which names are credentials.

use super::{Span, trim_span};

/// Largest file read as a bare value file.
pub const MAX_FILE: usize = 2048;
/// At most this many values: a key, a secret and a passphrase.
const MAX_VALUES: usize = 3;
/// Shortest value worth binding.
const MIN_VALUE: usize = 8;

/// The value lines of a bare value file, or nothing when `bytes` is not one.
pub fn values(bytes: &[u8]) -> Vec<Span> {
    let mut out = Vec::new();
    if bytes.len() > MAX_FILE {
        return out;
    }
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line = trim_span(bytes, start..end);
        start = end + 1;
        let text = &bytes[line.clone()];
        if text.is_empty() || is_comment(text) {
            continue;
        }
        if text.len() < MIN_VALUE || !text.iter().all(|&c| is_key_char(c)) || assignment(text) {
            return Vec::new();
        }
        if out.len() == MAX_VALUES {
            return Vec::new();
        }
        out.push(line);
    }
    out
}

/// The name a value of a bare file binds: the file's name without leading dots, its
/// `.`/`-` as `_`, lowercase; value `index` of `count`. Two values are a key and its
/// secret: `kraken.key` → `kraken_key`, `kraken_secret`.
pub fn name(path: &str, index: usize, count: usize) -> String {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem: String = file
        .trim_start_matches('.')
        .chars()
        .map(|c| match c {
            '.' | '-' | ' ' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    if count != 2 {
        return stem;
    }
    let base = ["_key", "_keys", "_creds", "_credentials", "_api"]
        .iter()
        .find_map(|s| stem.strip_suffix(s))
        .unwrap_or(&stem);
    match index {
        0 => format!("{base}_key"),
        _ => format!("{base}_secret"),
    }
}

fn is_comment(line: &[u8]) -> bool {
    line.starts_with(b"#") || line.starts_with(b"//") || line.starts_with(b";")
}

/// `NAME=value` (an environment file's line), not a value: `=` before the end, where
/// base64 puts its padding.
fn assignment(text: &[u8]) -> bool {
    let body = text
        .strip_suffix(b"==")
        .or_else(|| text.strip_suffix(b"="))
        .unwrap_or(text);
    memchr::memchr(b'=', body).is_some()
}

fn is_key_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b'_' | b'-' | b'.' | b'~')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(b: &[u8]) -> Vec<&[u8]> {
        values(b).into_iter().map(|s| &b[s]).collect()
    }

    #[test]
    fn lone_values_and_key_secret_pairs_are_read() {
        assert_eq!(
            texts(b"755d10d6cc05eb1917b5f396b6fb8763\n"),
            vec![&b"755d10d6cc05eb1917b5f396b6fb8763"[..]]
        );
        assert_eq!(
            texts(b"# created: today\nq8XvN2mK4pL7wR1t\r\nZ9yu/Q8xvN2mK4pL7wR1tZ9yu==\n"),
            vec![
                &b"q8XvN2mK4pL7wR1t"[..],
                &b"Z9yu/Q8xvN2mK4pL7wR1tZ9yu=="[..]
            ]
        );
    }

    #[test]
    fn prose_code_and_big_files_are_not_bare() {
        assert!(values(b"api_key = q8XvN2mK4pL7wR1t\n").is_empty()); // keylint:allow
        // an environment file's line is an assignment, not a value
        assert!(values(b"PRIVATE_KEY=0xq8XvN2mK4pL7wR1t\n").is_empty()); // keylint:allow
        assert!(values(b"hello world this is a readme\n").is_empty());
        assert!(values(b"3.11\n").is_empty());
        assert!(values(b"a1b2c3d4e5\nb1\nc1c2c3c4c5\nd1d2d3d4d5\ne1e2e3e4e5\n").is_empty());
        assert!(values(&[b'a'; MAX_FILE + 1]).is_empty());
        assert!(values(b"").is_empty());
    }

    #[test]
    fn names_follow_the_file() {
        assert_eq!(name("config/master.key", 0, 1), "master_key");
        assert_eq!(name("app/.erlang.cookie", 0, 1), "erlang_cookie");
        assert_eq!(name("kraken.key", 0, 2), "kraken_key");
        assert_eq!(name("kraken.key", 1, 2), "kraken_secret");
        assert_eq!(
            name("secrets\\binance-api.txt", 1, 2),
            "binance_api_txt_secret"
        );
        assert_eq!(name("deploy/nats/bot.nk", 0, 1), "bot_nk");
    }
}
