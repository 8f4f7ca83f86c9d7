//! The placeholder filter shared by every detector.
//!
//! ## What it does
//! Drops candidate values that are templates, examples or reads from the environment:
//! interpolations (`${X}`, `$X`, `{{ x }}`, `%(x)s`), environment reads before the value
//! on its line (`os.environ[...]`, `process.env`, `std::env::var`), placeholder words
//! (`your_api_key`, `<secret>`, `changeme`, `xxxx`), runs of one character or a short
//! cycle (`aaaa…`, `abab…`), ascending sequences (`123456…`, `abcdef…`) and empty values.
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
//! The word lists live in `rules/placeholders.toml`; `.keylint.toml`'s
//! `allowlist.regexes` drops further values.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

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

/// Compiled placeholder lists.
#[derive(Debug)]
pub struct Placeholders {
    words: AhoCorasick,
    long_words: AhoCorasick,
    exact: Vec<String>,
    env_reads: AhoCorasick,
    interpolations: AhoCorasick,
    name_excludes: AhoCorasick,
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
        Placeholders {
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
        if self.interpolations.is_match(value)
            || is_shell_variable(value)
            || self.long_words.is_match(value)
        {
            return true;
        }
        if value.len() <= WORD_CHECK_MAX_LEN {
            if self.words.is_match(value) {
                return true;
            }
            if self
                .exact
                .iter()
                .any(|e| e.as_bytes().eq_ignore_ascii_case(value))
            {
                return true;
            }
        }
        is_repetitive(value) || is_sequential(value)
    }

    /// Whether the text before a value on its line reads it from the environment.
    pub fn is_env_read(&self, line_prefix: &[u8]) -> bool {
        self.env_reads.is_match(line_prefix)
    }

    /// Whether a credential-like name is really something else (`token_url`).
    pub fn is_excluded_name(&self, name: &[u8]) -> bool {
        self.name_excludes.is_match(name)
    }
}

/// `$VAR` or `$var` as a whole value.
fn is_shell_variable(value: &[u8]) -> bool {
    value.len() > 1
        && value[0] == b'$'
        && value[1..]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

/// One character repeated, or a short cycle repeated (`abcabcabc`), or at most two
/// distinct characters in a value of eight or more.
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
    (1..=4).any(|period| {
        value.len() >= period * 3
            && value
                .iter()
                .enumerate()
                .skip(period)
                .all(|(i, &b)| b == value[i - period])
    })
}

/// Mostly (three quarters) ascending or descending by one, ignoring case (`0123456789`,
/// `abcdef`, `987654`, `AB1C2defGHijk…`).
fn is_sequential(value: &[u8]) -> bool {
    if value.len() < 6 {
        return false;
    }
    // case-folded, so `AB1C2defGHijkLMNo…` counts as the alphabet it is
    let fold = |b: u8| b.to_ascii_lowercase();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn p(v: &str) -> bool {
        Placeholders::builtin().is_placeholder(v.as_bytes())
    }

    #[test]
    fn placeholders_are_recognised() {
        for v in [
            "",
            "${BINANCE_SECRET}",
            "$BINANCE_SECRET",
            "{{ .Values.secret }}",
            "%(secret)s",
            "your_api_key",
            "<secret>",
            "changeme",
            "xxxxxxxxxxxx",
            "EXAMPLE-KEY-123",
            "aaaaaaaaaaaaaaaa",
            "abababababab",
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
            "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318",
            "Tr0ub4dor&3",
        ] {
            assert!(!p(v), "{v:?} should not be a placeholder");
        }
    }

    #[test]
    fn env_reads_and_name_excludes() {
        let ph = Placeholders::builtin();
        assert!(ph.is_env_read(b"api_key = os.environ.get(\"X\", "));
        assert!(ph.is_env_read(b"const k = process.env.KEY || "));
        assert!(!ph.is_env_read(b"api_key = "));
        assert!(ph.is_excluded_name(b"token_url"));
        assert!(ph.is_excluded_name(b"SECRET_NAME"));
        assert!(!ph.is_excluded_name(b"api_secret"));
    }
}
