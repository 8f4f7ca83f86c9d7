//! The placeholder filter shared by every detector.
//!
//! ## What it does
//! Drops candidate values that are templates, examples or reads from the environment:
//! interpolations (`${X}`, `$X`, `{{ x }}`, `%(x)s`), environment reads before the value
//! on its line (`os.environ[...]`, `process.env`, `std::env::var`), placeholder words
//! (`your_api_key`, `<secret>`, `changeme`, `xxxx`), runs of one character or a short
//! cycle (`aaaa…`, `abab…`, `0xdeadbeef…`), ascending sequences (`123456…`, `abcdef…`),
//! empty values, published test keys and vectors (Hardhat/Anvil accounts, the
//! `test test … junk` mnemonic, BIP39/BIP32 vectors) and encrypted values
//! (hummingbot's hex keystore JSON).
//!
//! ## Why is this bad?
//! A scanner that flags `api_key = "your_api_key_here"` teaches its users to ignore it.
//!
//! ## Example
//! `BINANCE_SECRET = "${BINANCE_SECRET}"` and `secret: <your-secret>` are not reported;
//! `BINANCE_SECRET = "q8Xv…"` is.
//!
//! ## Known limitations
//! Placeholder words are matched as substrings in values up to 100 characters, so a
//! real short key that happens to contain `test` or `demo` is missed; longer values
//! (PEM bodies, JWTs) are checked only for interpolation, repetition and the longer
//! `long_words` (`example`, `xxxxxxxx`) that do not occur in random text by chance.
//!
//! ## Configuration
//! The word lists live in `rules/placeholders.toml`, the public values in
//! `rules/public-values.toml`; `.keylint.toml`'s `allowlist.regexes` drops further values.

use std::collections::HashSet;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use super::format::is_phrase_separator;
use crate::rules::builtin;

/// Values longer than this are not checked for placeholder *words*.
const WORD_CHECK_MAX_LEN: usize = 100;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceholderData {
    words: Vec<String>,
    long_words: Vec<String>,
    exact: Vec<String>,
    env_reads: Vec<String>,
    interpolations: Vec<String>,
    name_excludes: Vec<String>,
    /// Named value shapes; compiled by `rules::shape`, listed by rules in `reject`.
    #[serde(default)]
    #[allow(dead_code)]
    shape: Vec<crate::rules::shape::ShapeDef>,
}

/// `rules/public-values.toml`: values with a secret's shape that are public.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PublicValuesData {
    evm_private_keys: Vec<String>,
    mnemonics: Vec<String>,
    extended_private_keys: Vec<String>,
    wif_keys: Vec<String>,
    test_vector_keys: Vec<String>,
    encrypted_prefixes: Vec<String>,
    public_shapes: Vec<String>,
}

/// Published values are all at least this long (a WIF key is 51 characters).
const PUBLIC_VALUE_MIN_LEN: usize = 40;
/// A value of at least this many lowercase words is judged as a phrase (a BIP39
/// mnemonic), not by placeholder words: `test`, `example` and `sample` are BIP39 words.
const PHRASE_MIN_WORDS: usize = 12;

/// Compiled placeholder lists.
#[derive(Debug)]
pub struct Placeholders {
    words: AhoCorasick,
    long_words: AhoCorasick,
    exact: Vec<String>,
    env_reads: AhoCorasick,
    interpolations: AhoCorasick,
    name_excludes: AhoCorasick,
    /// Published test keys and vectors, normalised by [`normalize_public`].
    public: HashSet<Vec<u8>>,
    /// Lowercase prefixes of encrypted values (hummingbot's hex keystore JSON).
    encrypted_prefixes: Vec<Vec<u8>>,
    /// Whole-value shapes that are public: addresses, CAIP ids.
    public_shapes: regex::bytes::RegexSet,
}

fn automaton(words: &[String]) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostFirst)
        .build(words)
        .expect("placeholder lists are small literal sets")
}

impl Placeholders {
    /// The built-in lists from `rules/placeholders.toml` (checked by a unit test).
    pub fn builtin() -> Placeholders {
        let text =
            builtin::data_file("placeholders.toml").expect("rules/placeholders.toml is embedded");
        let data: PlaceholderData =
            toml::from_str(text).expect("rules/placeholders.toml parses (unit-tested)");
        let text =
            builtin::data_file("public-values.toml").expect("rules/public-values.toml is embedded");
        let public: PublicValuesData =
            toml::from_str(text).expect("rules/public-values.toml parses (unit-tested)");
        Placeholders {
            public: public
                .evm_private_keys
                .iter()
                .chain(&public.mnemonics)
                .chain(&public.extended_private_keys)
                .chain(&public.wif_keys)
                .chain(&public.test_vector_keys)
                .map(|v| normalize_public(v.as_bytes()))
                .collect(),
            encrypted_prefixes: public
                .encrypted_prefixes
                .iter()
                .map(|p| p.to_ascii_lowercase().into_bytes())
                .collect(),
            public_shapes: regex::bytes::RegexSet::new(
                public.public_shapes.iter().map(|r| format!("^(?:{r})$")),
            )
            .expect("rules/public-values.toml public_shapes compile (unit-tested)"),
            words: automaton(&data.words),
            long_words: automaton(&data.long_words),
            exact: data.exact.iter().map(|s| s.to_ascii_lowercase()).collect(),
            env_reads: automaton(&data.env_reads),
            interpolations: automaton(&data.interpolations),
            name_excludes: automaton(&data.name_excludes),
        }
    }

    /// Whether a candidate value is a placeholder, template or trivially non-random.
    pub fn is_placeholder(&self, value: &[u8]) -> bool {
        if value.is_empty() {
            return true;
        }
        if self.is_interpolated(value) || is_shell_variable(value) {
            return true;
        }
        // A seed phrase is words; `example` and `sample` are BIP39 words, not markers.
        let phrase = is_word_phrase(value);
        if !phrase && self.long_words.is_match(value) {
            return true;
        }
        if self.is_public_or_encrypted(value) {
            return true;
        }
        if value.len() <= WORD_CHECK_MAX_LEN
            && !phrase
            && (self.words.is_match(value) || has_angle_template(value))
        {
            return true;
        }
        // published sample values at any length (jwt.io's sample token is 155 bytes),
        // and copies of the long ones with a few characters changed (documentation
        // mangled by extraction, an edited example): as far from a random key as the
        // sample itself
        if self
            .exact
            .iter()
            .any(|e| e.as_bytes().eq_ignore_ascii_case(value) || near_copy(e.as_bytes(), value))
        {
            return true;
        }
        // Judge a hex number without its `0x`: `0xdeadbeef…` repeats `deadbeef`.
        let core = value
            .strip_prefix(b"0x")
            .or_else(|| value.strip_prefix(b"0X"))
            .filter(|rest| !rest.is_empty())
            .unwrap_or(value);
        is_repetitive(core) || is_sequential(core) || is_masked(value)
    }

    /// Whether a value is a published test key or vector (Hardhat's accounts, BIP39
    /// and BIP32 test vectors, …) or starts like an encrypted blob.
    pub fn is_public_or_encrypted(&self, value: &[u8]) -> bool {
        if is_hex_keystore(value) {
            return true;
        }
        if value.len() < PUBLIC_VALUE_MIN_LEN {
            return self.public_shapes.is_match(value);
        }
        self.public_shapes.is_match(value)
            || self.encrypted_prefixes.iter().any(|p| {
                value
                    .get(..p.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(p))
            })
            || self.public.contains(&normalize_public(value))
    }

    /// Whether the text before a value on its line reads it from the environment.
    /// Writing a literal *into* the environment (`os.environ["K"] = "…"`,
    /// `process.env.K = "…"`, `os.environ.setdefault("K", "…")`, common in
    /// notebooks) is not a read: the literal is still in the file.
    pub fn is_env_read(&self, line_prefix: &[u8]) -> bool {
        let mut reads = self.env_reads.find_iter(line_prefix);
        let Some(first) = reads.next() else {
            return false;
        };
        let last = reads.last().unwrap_or(first);
        // `getenv("S") ? getenv("S") : "v"`: the fallback follows the first lookup
        !is_env_write(&line_prefix[last.end()..]) && !is_env_fallback(&line_prefix[first.end()..])
    }

    /// Whether a credential-like name is really something else (`token_url`,
    /// `apiKeyUrl`). An exclusion counts only where a word of the name starts (at its
    /// start, after a separator, or at a camel-case hump): `CURLOPT_USERPWD` holds `url`
    /// and `admin_password` holds `min_`, and both name a password.
    pub fn is_excluded_name(&self, name: &[u8]) -> bool {
        let mut from = 0;
        while let Some(m) = self
            .name_excludes
            .find(aho_corasick::Input::new(name).range(from..))
        {
            if starts_a_word(name, m.start()) {
                return true;
            }
            from = m.start() + 1;
        }
        false
    }

    /// Whether a value holds an interpolation: a marker from the list that opens a
    /// name and is closed (`${NAME}`, `%(name)s`, `{{ name }}`, `<%= name %>`, `$(cmd)`,
    /// `#{name}`) or an empty `{}` / `{0}`. Random salts and keys hold `<%`, `%(` or
    /// `${` among other punctuation and are not templates.
    fn is_interpolated(&self, value: &[u8]) -> bool {
        let mut from = 0;
        while let Some(m) = self
            .interpolations
            .find(aho_corasick::Input::new(value).range(from..))
        {
            if opens_a_name(value, m.start(), m.end()) {
                return true;
            }
            from = m.start() + 1;
        }
        false
    }
}

/// Whether the interpolation marker at `start..end` of `value` opens a name that is
/// closed as its syntax closes it (see [`Placeholders::is_interpolated`]).
fn opens_a_name(value: &[u8], start: usize, end: usize) -> bool {
    let marker = &value[start..end];
    if matches!(marker, b"{}" | b"{0}") {
        return true;
    }
    // `}}` closes a `{{` that came before it (matched as `{{` already when it did)
    if marker == b"}}" {
        return false;
    }
    let mut i = end;
    // `{{ .Values.key }}`, `{{ '%s' % x }}`, `<%= ENV['K'] %>`: anything, then the closer
    match marker {
        b"{{" => return memchr::memmem::find(&value[i..], b"}}").is_some(),
        b"<%" => return memchr::memmem::find(&value[i..], b"%>").is_some(),
        _ => {}
    }
    if !value
        .get(i)
        .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_')
    {
        return false;
    }
    while value
        .get(i)
        .is_some_and(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.'))
    {
        i += 1;
    }
    let rest = &value[i..];
    match marker {
        b"${" => rest.first().is_some_and(|b| b"}:-?=+[".contains(b)),
        b"$(" => rest.first().is_some_and(|&b| b == b')' || b == b' '),
        b"%(" => rest.first() == Some(&b')'),
        b"#{" => rest.first() == Some(&b'}'),
        _ => true,
    }
}

/// Whether an exclusion matched at `at` starts a word of `name`: at the start, at or
/// after a separator, or at a lowercase-to-uppercase hump (`apiKeyUrl`).
fn starts_a_word(name: &[u8], at: usize) -> bool {
    if at == 0 || !name[at].is_ascii_alphanumeric() {
        return true;
    }
    let before = name[at - 1];
    !before.is_ascii_alphanumeric()
        || (name[at].is_ascii_uppercase()
            && (before.is_ascii_lowercase() || before.is_ascii_digit()))
}

/// Longest name between angle brackets read as a template (`<your-binance-api-key>`).
const ANGLE_NAME_MAX: usize = 48;

/// Whether a value is, or holds, an angle-bracket template: it opens with `<` or closes
/// with `>` (`<secret>`, `<paste key here`), or holds `<` + a name + `>` (`key-<ID>`).
/// A name is letters, digits, `_`, `-`, `.` and spaces; random printable secrets hold
/// `<` and `>` around other punctuation (`8l<byU{EP+U1mK>j`) and stay secrets.
fn has_angle_template(value: &[u8]) -> bool {
    if value.first() == Some(&b'<') || value.last() == Some(&b'>') {
        return true;
    }
    let mut open: Option<usize> = None;
    for (i, &c) in value.iter().enumerate() {
        match c {
            b'<' => open = Some(i),
            b'>' => {
                if open.is_some_and(|o| i > o + 1 && i - o - 1 <= ANGLE_NAME_MAX) {
                    return true;
                }
                open = None;
            }
            c if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b' ') => {}
            _ => open = None,
        }
    }
    false
}

/// The comparable form of a public value: hex keys lowercase without `0x`, phrases
/// lowercase with single spaces, anything else as written.
fn normalize_public(value: &[u8]) -> Vec<u8> {
    let trimmed = value.trim_ascii();
    let hex = trimmed
        .strip_prefix(b"0x")
        .or_else(|| trimmed.strip_prefix(b"0X"))
        .unwrap_or(trimmed);
    if hex.len() == 64 && hex.iter().all(u8::is_ascii_hexdigit) {
        return hex.to_ascii_lowercase();
    }
    if trimmed.iter().any(|&b| is_phrase_separator(b)) {
        let words: Vec<Vec<u8>> = trimmed
            .split(|&b| is_phrase_separator(b))
            .filter(|w| !w.is_empty())
            .map(<[u8]>::to_ascii_lowercase)
            .collect();
        return words.join(&b' ');
    }
    trimmed.to_vec()
}

/// At least [`PHRASE_MIN_WORDS`] words of lowercase letters, separated by whitespace
/// (or the quotes and commas of a list of strings).
fn is_word_phrase(value: &[u8]) -> bool {
    let mut words = 0;
    for word in value
        .split(|&b| is_phrase_separator(b))
        .filter(|w| !w.is_empty())
    {
        if !word.iter().all(u8::is_ascii_lowercase) {
            return false;
        }
        words += 1;
    }
    words >= PHRASE_MIN_WORDS
}

/// The text after an environment reference assigns to it: a lone `=` (not `==`,
/// `!=`, `<=`, `>=`, `=>`) or `setdefault(`.
fn is_env_write(after: &[u8]) -> bool {
    if memchr::memmem::find(after, b"setdefault(").is_some() {
        return true;
    }
    after.iter().enumerate().any(|(i, &b)| {
        b == b'='
            && !matches!(
                i.checked_sub(1).map(|j| after[j]),
                Some(b'=' | b'!' | b'<' | b'>')
            )
            && !matches!(after.get(i + 1), Some(b'=' | b'>'))
    })
}

/// The text after an environment lookup leads to its hardcoded fallback: a second
/// argument (`os.getenv("K", `), or an operator that takes the right side when the
/// variable is unset (`||`, `//`, `??`, `?:`, `? … :`, `or`, `:-`, `orElse(`,
/// `unwrap_or(`, `else`). The literal there is in the file all the same.
fn is_env_fallback(after: &[u8]) -> bool {
    // `?` also covers `??`, `?:` and `? … :`
    const OPS: [&[u8]; 8] = [
        b"||",
        b"//",
        b"?",
        b" or ",
        b":-",
        b"orelse",
        b"unwrap_or",
        b"else",
    ];
    if after.contains(&b',') {
        return true;
    }
    let lower = after.to_ascii_lowercase();
    OPS.iter()
        .any(|op| memchr::memmem::find(&lower, op).is_some())
}

/// A value with parts blanked out: two or more runs of three or more `X`, `x`, `*` or
/// `#` (`2fFZuXXX_CXB5XXXDGMR`, `sk-***…***`), as API responses and docs print keys.
fn is_masked(value: &[u8]) -> bool {
    let mut runs = 0;
    let mut i = 0;
    while i < value.len() {
        let c = value[i];
        let mut j = i;
        while j < value.len() && value[j] == c {
            j += 1;
        }
        if j - i >= 3 && matches!(c, b'X' | b'x' | b'*' | b'#') {
            runs += 1;
        }
        i = j;
    }
    runs >= 2
}

/// `$VAR` or `$var` as a whole value.
fn is_shell_variable(value: &[u8]) -> bool {
    // PowerShell reads the environment as `$env:NAME`
    let name = match value.get(..5) {
        Some(head) if head.eq_ignore_ascii_case(b"$env:") => &value[5..],
        _ => value
            .get(1..)
            .filter(|_| value[0] == b'$')
            .unwrap_or_default(),
    };
    !name.is_empty() && name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

/// One character repeated, or a short cycle repeated (`abcabcabc`, `deadbeef` × 8),
/// or at most two distinct characters in a value of eight or more.
fn is_repetitive(value: &[u8]) -> bool {
    let mut seen = [false; 256];
    let mut distinct = 0;
    for &b in value {
        if !seen[b as usize] {
            seen[b as usize] = true;
            distinct += 1;
        }
    }
    if distinct <= 1 || (value.len() >= 8 && distinct <= 2) {
        return true;
    }
    (1..=16).any(|period| {
        value.len() >= period * 3
            && value
                .iter()
                .enumerate()
                .skip(period)
                .all(|(i, &b)| b == value[i - period])
    })
}

/// Hex-encoded JSON that holds an encrypted keystore (`{"crypto": …}`, `{"version": 3,
/// …, "crypto": {"ciphertext": …}}`): how hummingbot stores connector secrets, whatever
/// the order of the members. Only the first bytes are decoded.
fn is_hex_keystore(value: &[u8]) -> bool {
    const HEAD: usize = 512;
    if value.len() < 28
        || !value.len().is_multiple_of(2)
        || !value[..2].eq_ignore_ascii_case(b"7b")
        || !value.iter().all(u8::is_ascii_hexdigit)
    {
        return false;
    }
    let nibble = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
    let head: Vec<u8> = value[..value.len().min(HEAD)]
        .chunks_exact(2)
        .map(|p| nibble(p[0]) << 4 | nibble(p[1]))
        .collect();
    memchr::memmem::find(&head, b"\"crypto\"").is_some()
        || memchr::memmem::find(&head, b"\"ciphertext\"").is_some()
}

/// Mostly (three quarters) ascending or descending by one, ignoring case (`0123456789`,
/// `abcdef`, `987654`, `AB1C2defGHijk…`).
fn is_sequential(value: &[u8]) -> bool {
    if value.len() < 6 {
        return false;
    }
    // case-folded, so `AB1C2defGHijkLMNo…` counts as the alphabet it is, and
    // separators skipped (`abcd efgh ijkl mnop`, `abc-def-ghi`)
    let fold = |b: u8| b.to_ascii_lowercase();
    let joined: Vec<u8>;
    let value = if value.iter().any(|&c| matches!(c, b' ' | b'-' | b'_')) {
        joined = value
            .iter()
            .copied()
            .filter(|&c| !matches!(c, b' ' | b'-' | b'_'))
            .collect();
        if joined.len() < 6 {
            return false;
        }
        &joined[..]
    } else {
        value
    };
    let steps = value
        .windows(2)
        .filter(|w| fold(w[1]).wrapping_sub(fold(w[0])) == 1)
        .count();
    let back = value
        .windows(2)
        .filter(|w| fold(w[0]).wrapping_sub(fold(w[1])) == 1)
        .count();
    let pairs = value.len() - 1;
    steps * 4 >= pairs * 3 || back * 4 >= pairs * 3
}

/// Shortest published sample a changed copy of which still counts as the sample.
const NEAR_COPY_MIN_LEN: usize = 32;

/// Whether `value` is `sample` (lowercase, [`NEAR_COPY_MIN_LEN`] or longer) with at
/// most one character in eight changed in place. Two random keys of the same length
/// share about one character in sixty: such a copy is not chance.
fn near_copy(sample: &[u8], value: &[u8]) -> bool {
    if sample.len() < NEAR_COPY_MIN_LEN || sample.len() != value.len() {
        return false;
    }
    let changed = sample
        .iter()
        .zip(value)
        .filter(|(s, v)| **s != v.to_ascii_lowercase())
        .count();
    changed <= sample.len() / 8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(v: &str) -> bool {
        Placeholders::builtin().is_placeholder(v.as_bytes())
    }

    #[test]
    fn a_published_sample_with_a_few_characters_changed_is_still_the_sample() {
        // Binance's docs sample API key, as published and with 5 and 9 of its 64
        // characters changed
        let sample = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
        assert!(p(sample));
        let mut copy = sample.as_bytes().to_vec();
        for i in [3, 17, 30, 44, 60] {
            copy[i] = b'Q';
        }
        assert!(p(std::str::from_utf8(&copy).unwrap()));
        for i in [5, 9, 21, 50] {
            copy[i] = b'Q';
        }
        assert!(!p(std::str::from_utf8(&copy).unwrap()), "9 of 64 changed");
        assert!(!p(&sample[1..]), "a different length");
        // short samples count only as written
        assert!(p("hunter2") && !p("hunter3"));
    }

    #[test]
    fn hex_encoded_keystores_are_encrypted() {
        let hex = |s: &str| s.bytes().map(|b| format!("{b:02x}")).collect::<String>();
        let ph = Placeholders::builtin();
        for json in [
            r#"{"crypto": {}}"#,
            r#"{"version": 3, "id": "8eb14d32", "crypto": {"ciphertext": "8957aa"}}"#,
            r#"{"address": "e603", "crypto": {"cipher": "aes-128-ctr"}}"#,
        ] {
            assert!(ph.is_public_or_encrypted(hex(json).as_bytes()), "{json}");
        }
        // hex JSON without a keystore, and a random hex key starting with 7b
        assert!(!ph.is_public_or_encrypted(hex(r#"{"apiKey": "Kp4Zr8Xq2Vn7"}"#).as_bytes()));
        assert!(!ph.is_public_or_encrypted(b"7b3f9c2a41d8e6b05f7a1c3e9d2b4f6a"));
    }

    #[test]
    fn addresses_and_caip_ids_are_public_by_shape() {
        for v in [
            "0x55d398326f99059fF775485246999027B3197955",
            "0xdac17f958d2ee523a2206206994597c13d831ec7",
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
            "eip155:1/erc20:0x6b175474e89094c44da98b954eedeac495271d0f",
            "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp",
            // an age recipient (public key)
            "age1x4v5jc2ql474sn3jxx6gcg9y5uapewhssrdxa6alktl49ajqguuqvwnaxr",
        ] {
            assert!(p(v), "{v:?} is public by shape");
        }
        for v in [
            // a private key, a tx-hash-shaped value: 64 hex, not an address
            "0x8f2a559490c8f3c2e1b4d7a6c5e9f0b1a2d3c4e5f6a7b8c9d0e1f2a3b4c5d6e7",
            // user:password is not a CAIP id
            "admin:Kq7vX2pLm9zR4t",
            "0x55d398326f99059fF775485246999027B31979551",
        ] {
            assert!(!p(v), "{v:?} is not public by shape");
        }
    }

    #[test]
    fn placeholders_are_recognised() {
        for v in [
            "",
            "${BINANCE_SECRET}",
            "$BINANCE_SECRET",
            "$env:BINANCE_SECRET",
            "{{ .Values.secret }}",
            "%(secret)s",
            "${{ secrets.BINANCE_SECRET }}",
            "${SECRET:-changeit}",
            "<%= ENV['SECRET'] %>",
            "#{secret}",
            "$(cat /run/secrets/key)",
            "{}",
            "your_api_key",
            "<secret>",
            "<paste your key",
            "key-<ACCOUNT_ID>-live",
            "2fFZuXXX_CXB5XXXDGMRXXXDiCKTer",
            "changeme",
            "xxxxxxxxxxxx",
            "EXAMPLE-KEY-123",
            "aaaaaaaaaaaaaaaa",
            "abababababab",
            "0xdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef",
            "0123456789",
            "abcdefghij",
            "AB1C2defGHijkLMNo3PqQRstUvwxyzaBCDEfghh4ijklMN5opqrStuVWxyzAbCDEfghIJ",
            "AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT+FvwqnKwRcOIfrRh3c/LTo6UDdyJwOOvEVPvLXCrrrUtdnniCEXAMPLE/IvU1dYUg2RVAJBanLiHb4IgRmpRV3zrkuWJOgQs8IZZaIv2BXIa2R4Olgk",
            "true",
            "None",
        ] {
            assert!(p(v), "{v:?} should be a placeholder");
        }
    }

    #[test]
    fn random_values_are_not_placeholders() {
        for v in [
            "q8XvN2mK4pL7wR1tY6uZ3aB5cD9eF0gH",
            "2b86933d1c7a64431a3f5dcf2d502e1d38953d0e68d55b82e0a4ae595c073d6e",
            "Tr0ub4dor&3",
            // printable-alphabet salts hold `<` and `>` around punctuation
            "H:?i;J2T6,UX:=/Xd8l<byU{EP+U1mKIw6Pd~d.Zv6SXF>jLfMM:dp6DA!P[B|Ah",
            "Q;RH0ijxg&.7<ebd~i/;Wbu%?<C5|.H}b[a0GG8SEiIA3@w,vd)U%)Trg2lOQ*]F",
            // template openers among random punctuation open no name
            "k3<%9vQ!xZ2#mP7w%(4rT)",
            "Vb8${]n2Lq9*Rw4}}Xz",
            "a8$(9Xk2)mQ7vR",
        ] {
            assert!(!p(v), "{v:?} should not be a placeholder");
        }
    }

    #[test]
    fn published_test_keys_and_encrypted_values_are_not_secrets() {
        for v in [
            // Hardhat account #0, with and without 0x, any case.
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
            "AC0974BEC39A17E36BA4A6B4D238FF944BACB478CBED5EFCAE784D7BF4F2FF80",
            "test test test test test test test test test test test junk",
            "abandon abandon abandon abandon abandon  abandon abandon abandon abandon abandon abandon about",
            "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi",
            "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ",
            // RFC 8032's Ed25519 TEST 1 secret key
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "7b2263727970746f223a207b22636970686572223a20226165732d3132382d637472227d7d",
            // jwt.io's sample token: a published value longer than the word check
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", // keylint:allow
        ] {
            assert!(p(v), "{v:?} should be recognised as public");
        }
    }

    #[test]
    fn phrases_are_not_judged_by_placeholder_words() {
        // A (synthetic) mnemonic that contains the BIP39 words `test` and `example`.
        let phrase = "hover test unable pepper example oak silent grid vapor tiger rough dash";
        assert!(!p(phrase));
        assert!(p("test"));
        assert!(is_word_phrase(phrase.as_bytes()));
        assert!(!is_word_phrase(b"not a phrase"));
    }

    #[test]
    fn env_reads_and_name_excludes() {
        let ph = Placeholders::builtin();
        assert!(ph.is_env_read(b"api_key = os.environ.get(\"X\")"));
        assert!(ph.is_env_read(b"const k = process.env.KEY"));
        // the hardcoded fallback of a lookup is a literal in the file
        assert!(!ph.is_env_read(b"api_key = os.environ.get(\"X\", "));
        assert!(!ph.is_env_read(b"const k = process.env.KEY || "));
        assert!(!ph.is_env_read(b"my $s = $ENV{BFX_API_SECRET} // "));
        assert!(!ph.is_env_read(b"const char *s = getenv(\"S\") ? getenv(\"S\") : "));
        assert!(!ph.is_env_read(b"api_key = "));
        // Writes into the environment keep their literal.
        assert!(!ph.is_env_read(b"os.environ[\"BINANCE_API_KEY\"] = \""));
        assert!(!ph.is_env_read(b"process.env.API_KEY = '"));
        assert!(!ph.is_env_read(b"os.environ.setdefault(\"PRIVATE_KEY\", \""));
        assert!(ph.is_env_read(b"if os.environ[\"MODE\"] == \""));
        assert!(!ph.is_env_read(b"key = os.getenv(\"K\") or \""));
        assert!(ph.is_excluded_name(b"token_url"));
        assert!(ph.is_excluded_name(b"SECRET_NAME"));
        assert!(!ph.is_excluded_name(b"api_secret"));
        // a keystore's password is one (`keys` as a substring excluded it)
        assert!(!ph.is_excluded_name(b"KEYSTORE_PASSWORD"));
        // an exclusion counts where a word starts, not inside one
        assert!(!ph.is_excluded_name(b"CURLOPT_USERPWD"));
        assert!(!ph.is_excluded_name(b"admin_password"));
        assert!(ph.is_excluded_name(b"apiKeyUrl"));
        assert!(ph.is_excluded_name(b"SECRET_MAX_AGE"));
        // asset vocabulary: a coin's address or id is not a credential
        for n in [
            "USDT_TOKEN_ADDRESS",
            "baseTokenAddress",
            "tokenId",
            "token_mint",
            "tx_hash",
            "poolId",
            "wallet_address",
            "trading_pair",
        ] {
            assert!(ph.is_excluded_name(n.as_bytes()), "{n}");
        }
        for n in [
            "bot_token",
            "access_token",
            "keypair",
            "private_key",
            "COINMARKETCAP_API_KEY",
        ] {
            assert!(!ph.is_excluded_name(n.as_bytes()), "{n}");
        }
    }
}
