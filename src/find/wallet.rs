//! Wallet key material the regex rules cannot see on their own.
//!
//! ## What it does
//! Two structural checks, each reported under an existing wallet rule:
//! - **Whole-file exports**: a small file whose entire content is one key — the
//!   Solana CLI's `id.json` (`[12,34,…]`), a seed phrase saved as `.secret` or
//!   `seed.txt`, a Base58 Solana keypair, a WIF key or an `xprv`. Such files have no
//!   keyword for the prefilter, so the regex rules never run on them.
//! - **`accounts: [...]` lists** in Hardhat/Truffle network configs: every 64-hex
//!   string literal in the list, not only the first one the regex rule finds.
//! - **A seed phrase below its label**: a line holding only 12–24 words, within
//!   the three lines after a line with a `bip39-mnemonic` keyword ("Recovery
//!   phrase:" in a note, `mnemonic: |` in YAML, a call split over lines).
//! - **Self-proving keys anywhere**: a run of exactly a WIF key's length (51–52
//!   Base58 characters) or a Solana keypair's (86–88) is validated wherever it
//!   stands, with no keyword: a README code block, a log line, a comment. The
//!   validators prove the value (a double-SHA-256 checksum; the second half being
//!   the ed25519 public key of the first), so no name is needed to trust it. The
//!   runs are found by probing one byte per run length ([`base58_runs`]), so the
//!   pass costs little on text that holds none.
//!
//! Every candidate must pass the rule's validator (checksum, ed25519 public key,
//! BIP39 checksum, secp256k1 range) and the shared placeholder filter, which knows
//! the published test keys.
//!
//! ## Why is this bad?
//! These are the keys of wallets: whoever copies them moves the funds, and a key
//! cannot be revoked. `id.json` and `.secret` files are committed by accident more
//! often than any other wallet file.
//!
//! ## Example
//! A committed `id.json` holding `[174,47,154,…]` (64 numbers) is reported as
//! `solana-keypair-json`. Use instead: keep it outside the repository and pass its
//! path (`solana config set --keypair ~/.config/solana/id.json`).
//!
//! ## Known limitations
//! Whole-file detection only looks at files up to 2 KiB holding nothing but the key
//! (surrounding whitespace aside). A 64-hex value alone in a file is not reported:
//! it is as likely a checksum file as a key.
//!
//! ## Configuration
//! Disabling a rule (`disabled_rules`) disables its part of this pass too.

use std::ops::Range;

use super::format::{self, Validator};
use super::{Detector, DetectorNote, Match, ScanContext};
use crate::finding::{Confidence, DetectorKind};
use crate::rules::RuleSet;
use crate::source::Source;

/// Files larger than this are not whole-file key exports.
const WHOLE_FILE_MAX: usize = 2048;
/// How far after `accounts: [` to look for the closing bracket.
const ACCOUNTS_WINDOW: usize = 8192;
/// Lines after a keyword line searched for a phrase on its own.
const PHRASE_LINES_AFTER: usize = 3;
/// Shortest Base58 run validated without a keyword: a WIF key (51–52 characters).
const BARE_RUN_MIN: usize = 51;

/// A rule this pass reports under, with the validator its values must pass.
#[derive(Debug, Clone, Copy)]
struct Target {
    rule: usize,
    validator: &'static Validator,
}

impl Target {
    fn find(rules: &RuleSet, id: &str, validator: &str) -> Option<Target> {
        Some(Target {
            rule: rules.rules().iter().position(|r| r.id == id)?,
            validator: format::lookup(validator)?,
        })
    }

    fn accepts(&self, value: &[u8], cx: &ScanContext) -> bool {
        (self.validator.check)(value).is_ok() && !cx.placeholders.is_placeholder(value)
    }

    fn push(&self, span: Range<usize>, out: &mut Vec<Match>) {
        out.push(Match {
            rule: self.rule,
            span,
            region: None,
            detector: DetectorKind::Validated,
            confidence: Confidence::High,
            message: None,
            name: None,
            labels: None,
            related: Vec::new(),
            context: Vec::new(),
            also_matched: Vec::new(),
        });
    }
}

/// The wallet pass; built from the enabled rules (missing rules switch parts off).
#[derive(Debug)]
pub struct WalletDetector {
    solana_json: Option<Target>,
    solana_base58: Option<Target>,
    mnemonic: Option<Target>,
    wif: Option<Target>,
    xprv: Option<Target>,
    accounts: Option<Target>,
}

impl WalletDetector {
    pub fn new(rules: &RuleSet) -> WalletDetector {
        WalletDetector {
            solana_json: Target::find(rules, "solana-keypair-json", "solana_keypair_json"),
            solana_base58: Target::find(rules, "solana-keypair", "solana_keypair"),
            mnemonic: Target::find(rules, "bip39-mnemonic", "bip39_mnemonic"),
            wif: Target::find(rules, "bitcoin-wif-private-key", "bitcoin_wif"),
            xprv: Target::find(
                rules,
                "bitcoin-extended-private-key",
                "bip32_extended_private_key",
            ),
            accounts: Target::find(rules, "evm-private-key-accounts", "evm_private_key"),
        }
    }

    /// A file that is nothing but one key.
    fn whole_file(&self, bytes: &[u8], cx: &ScanContext, out: &mut Vec<Match>) {
        if bytes.len() > WHOLE_FILE_MAX {
            return;
        }
        let start = bytes
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(bytes.len());
        let end = bytes
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .map_or(start, |i| i + 1);
        let Some(value) = bytes.get(start..end).filter(|v| !v.is_empty()) else {
            return;
        };
        // (A lone WIF key or Base58 keypair is found by `bare_keys`, anywhere.)
        let candidates: &[Option<Target>] = if value[0] == b'[' {
            &[self.solana_json]
        } else if value.iter().any(u8::is_ascii_whitespace) {
            &[self.mnemonic]
        } else {
            &[self.xprv]
        };
        if let Some(t) = candidates.iter().flatten().find(|t| t.accepts(value, cx)) {
            t.push(start..end, out);
        }
    }

    /// Every 64-hex string literal inside each `accounts: [ … ]` list.
    fn accounts_lists(&self, bytes: &[u8], cx: &ScanContext, out: &mut Vec<Match>) {
        let Some(target) = self.accounts else { return };
        if !cx.hits.candidate.get(target.rule).copied().unwrap_or(false) || cx.hits.overflowed {
            return;
        }
        let rule = target.rule as u32;
        for (_, hit) in cx.hits.positions.iter().filter(|(r, _)| *r == rule) {
            let Some(list) = list_after(bytes, hit.end) else {
                continue;
            };
            for span in string_literals(bytes, list) {
                let raw = &bytes[span.clone()];
                let hex = raw.strip_prefix(b"0x").unwrap_or(raw);
                if hex.len() == 64 && target.accepts(raw, cx) {
                    target.push(span, out);
                }
            }
        }
    }
}

impl WalletDetector {
    /// Every Base58 run of a WIF key's or a Solana keypair's length that its
    /// validator accepts, wherever it stands.
    fn bare_keys(&self, bytes: &[u8], cx: &ScanContext, out: &mut Vec<Match>) {
        if self.wif.is_none() && self.solana_base58.is_none() {
            return;
        }
        for run in base58_runs(bytes, BARE_RUN_MIN) {
            let target = match run.len() {
                51 | 52 => self.wif,
                86..=88 => self.solana_base58,
                _ => None,
            };
            if let Some(t) = target
                && t.accepts(&bytes[run.clone()], cx)
            {
                t.push(run, out);
            }
        }
    }
}

/// The Bitcoin Base58 alphabet as a lookup table.
const BASE58: [bool; 256] = {
    let mut t = [false; 256];
    let alphabet = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut i = 0;
    while i < alphabet.len() {
        t[alphabet[i] as usize] = true;
        i += 1;
    }
    t
};

/// Maximal runs of Base58 characters at least `min` long, in order. Linear and
/// mostly sublinear: from a position where a run may start (the byte before is not
/// Base58), only the byte `min - 1` ahead is probed; when it is not Base58 no run of
/// `min` fits before it, and the search jumps past it. When it is, the run around it
/// is measured.
fn base58_runs(bytes: &[u8], min: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let is58 = |b: u8| BASE58[b as usize];
    // Invariant: `at == 0` or `bytes[at - 1]` is not Base58.
    let mut at = 0;
    std::iter::from_fn(move || {
        while min > 0 && at + min <= bytes.len() {
            let probe = at + min - 1;
            if !is58(bytes[probe]) {
                at = probe + 1;
                continue;
            }
            let mut start = probe;
            while start > at && is58(bytes[start - 1]) {
                start -= 1;
            }
            if start > at {
                // The run starts after `at`: probe again from its start.
                at = start;
                continue;
            }
            let end = bytes[probe..]
                .iter()
                .position(|&b| !is58(b))
                .map_or(bytes.len(), |i| probe + i);
            at = (end + 1).min(bytes.len());
            return Some(start..end);
        }
        None
    })
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// The byte range inside the list assigned right after a name ending at `from`:
/// `name: [ … ]`, `"name": [ … ]`, `NAME = [ … ]`, `name: list[str] = [ … ]`,
/// `name := []string{ … }`, `NAME: [&str; 2] = [ … ]`.
fn list_after(bytes: &[u8], from: usize) -> Option<Range<usize>> {
    let mut i = from;
    if matches!(bytes.get(i), Some(b'"' | b'\'')) {
        i += 1;
    }
    i = skip_ws(bytes, i);
    let colon = bytes.get(i) == Some(&b':');
    match bytes.get(i) {
        Some(b':') if bytes.get(i + 1) == Some(&b'=') => i += 2,
        Some(b':' | b'=') => i += 1,
        _ => return None,
    }
    i = skip_ws(bytes, i);
    if colon && !matches!(bytes.get(i), Some(b'[' | b'{')) {
        // A type annotation: `name: list[str] = [`.
        let line_end = line_end(bytes, i).min(i + 64);
        let eq = bytes.get(i..line_end)?.iter().position(|&b| b == b'=')?;
        i = skip_ws(bytes, i + eq + 1);
    }
    if bytes.get(i..i + 2) == Some(b"[]") {
        // Go: `[]string{`.
        i += 2;
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'.')
        {
            i += 1;
        }
    }
    let (open, close) = match bytes.get(i)? {
        b'[' => (i + 1, b']'),
        b'{' => (i + 1, b'}'),
        _ => return None,
    };
    let end = closing(bytes, open, close)?;
    let body = &bytes[open..end];
    if !body.iter().any(|b| matches!(b, b'"' | b'\'' | b'`')) {
        // `KEYS: [&str; 2] = [ … ]`: that was the type; the list follows `=`.
        let j = skip_ws(bytes, end + 1);
        if bytes.get(j) == Some(&b'=') {
            let k = skip_ws(bytes, j + 1);
            if bytes.get(k) == Some(&b'[') {
                return closing(bytes, k + 1, b']').map(|e| k + 1..e);
            }
        }
    }
    Some(open..end)
}

/// Offset of the bracket closing the list that starts at `open` (quotes and nesting
/// respected), within [`ACCOUNTS_WINDOW`].
fn closing(bytes: &[u8], open: usize, close: u8) -> Option<usize> {
    let limit = bytes.len().min(open + ACCOUNTS_WINDOW);
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    for (j, &b) in bytes.get(open..limit)?.iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'' | b'`') => quote = Some(b),
            (None, b'[' | b'{' | b'(') => depth += 1,
            (None, _) if b == close && depth == 0 => return Some(open + j),
            (None, b']' | b'}' | b')') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Contents of the quoted string literals in `range` (no escapes inside: hex keys
/// never need them).
fn string_literals(bytes: &[u8], range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = range.start;
    while i < range.end {
        let q = bytes[i];
        if matches!(q, b'"' | b'\'' | b'`') {
            let close = bytes[i + 1..range.end].iter().position(|&b| b == q);
            match close {
                Some(len) => {
                    out.push(i + 1..i + 1 + len);
                    i += len + 2;
                }
                None => break,
            }
        } else {
            i += 1;
        }
    }
    out
}

impl WalletDetector {
    /// A line that is only a phrase, within a few lines below a mnemonic keyword.
    fn phrases_below_keywords(&self, bytes: &[u8], cx: &ScanContext, out: &mut Vec<Match>) {
        let Some(target) = self.mnemonic else { return };
        let rule = target.rule as u32;
        // Lines before this offset were checked already (keyword hits cluster).
        let mut checked = 0;
        for (r, hit) in &cx.hits.positions {
            if *r != rule {
                continue;
            }
            let mut at = line_end(bytes, hit.end);
            // consecutive lines of words, one phrase split over them (a literal
            // continued on the next line): where the first starts, and the words so far
            let mut run: Option<(usize, usize)> = None;
            for _ in 0..PHRASE_LINES_AFTER {
                let Some(start) = next_line(bytes, at) else {
                    break;
                };
                at = line_end(bytes, start);
                // a line an earlier hit's lines held was judged alone already, but it
                // may still start a phrase that this hit's lines end
                let seen = start < checked;
                checked = checked.max(at);
                let Some((span, n)) = phrase_in_line(bytes, start..at) else {
                    run = None;
                    continue;
                };
                if !seen && (12..=24).contains(&n) && target.accepts(&bytes[span.clone()], cx) {
                    target.push(span, out);
                    run = None;
                    continue;
                }
                let (from, total) = match run {
                    Some((from, words)) if words + n <= 24 => (from, words + n),
                    _ => (span.start, n),
                };
                let joined = from..span.end;
                if total >= 12 && from < span.start && target.accepts(&bytes[joined.clone()], cx) {
                    if !out
                        .iter()
                        .any(|m| m.rule == target.rule && m.span == joined)
                    {
                        target.push(joined, out);
                    }
                    run = None;
                } else {
                    run = Some((from, total));
                }
            }
        }
    }
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &bytes[from..]).map_or(bytes.len(), |i| from + i)
}

/// Start of the line after the terminator at `end`.
fn next_line(bytes: &[u8], end: usize) -> Option<usize> {
    match bytes.get(end)? {
        b'\r' if bytes.get(end + 1) == Some(&b'\n') => Some(end + 2),
        _ => Some(end + 1),
    }
}

/// The words of `line` and their count when, apart from indentation, quotes, list
/// markers and a trailing comma, it holds nothing but 3 to 24 lowercase words.
fn phrase_in_line(bytes: &[u8], line: Range<usize>) -> Option<(Range<usize>, usize)> {
    let text = &bytes[line.clone()];
    let is_frame = |b: &u8| {
        b.is_ascii_whitespace()
            || matches!(
                b,
                b'"' | b'\'' | b'`' | b',' | b';' | b'-' | b'>' | b'|' | b'(' | b')' | b'+'
            )
    };
    let start = text.iter().position(|b| !is_frame(b))?;
    let end = text.iter().rposition(|b| !is_frame(b))? + 1;
    let words = &text[start..end];
    if !words
        .iter()
        .all(|&b| b.is_ascii_lowercase() || b == b' ' || b == b'\t')
    {
        return None;
    }
    let count = words
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .count();
    (3..=24)
        .contains(&count)
        .then(|| (line.start + start..line.start + end, count))
}

impl Detector for WalletDetector {
    fn id(&self) -> &'static str {
        "wallet"
    }

    fn detect(
        &self,
        src: &Source,
        cx: &ScanContext,
        out: &mut Vec<Match>,
        _notes: &mut Vec<DetectorNote>,
        _caps: &mut crate::capability::CapabilityFacts,
    ) {
        let bytes = src.bytes();
        self.whole_file(bytes, cx, out);
        self.bare_keys(bytes, cx, out);
        self.accounts_lists(bytes, cx, out);
        if !cx.hits.overflowed {
            self.phrases_below_keywords(bytes, cx, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;
    use crate::engine::Engine;

    fn engine() -> Engine {
        crate::Engine::from_config(&Config::default()).unwrap()
    }

    fn found(e: &Engine, path: &str, text: &str) -> Vec<(String, usize)> {
        crate::rulecheck::scan_text(e, path, text)
            .findings
            .iter()
            .map(|f| (f.rule_id.clone(), f.location.line))
            .collect()
    }

    // Synthetic values generated once from a fixed seed. keylint:allow
    const ID_JSON: &str = "[119,79,199,28,81,41,47,54,125,146,12,196,72,123,81,227,4,175,130,136,120,187,216,88,120,201,213,91,207,94,112,74,209,89,57,122,51,69,102,52,60,85,46,254,35,50,247,187,55,217,174,27,110,243,192,254,95,137,27,128,180,112,42,195]\n";

    const PHRASE: &str =
        "clap please vault suffer obvious empty fence idle wave limit soccer fence\n"; // keylint:allow

    #[test]
    fn bare_key_files_are_found() {
        let e = engine();
        assert_eq!(
            found(&e, "id.json", ID_JSON),
            vec![("solana-keypair-json".to_string(), 1)]
        );
        assert_eq!(
            found(&e, ".secret", PHRASE),
            vec![("bip39-mnemonic".to_string(), 1)]
        );
        assert_eq!(
            found(
                &e,
                "key.txt",
                "\nKzL2x7cHFtf3skqxfizUrEJipCAHqvmZ56F4LaE8FJLVMA6wL3q8\n"
            ),
            vec![("bitcoin-wif-private-key".to_string(), 2)]
        );
    }

    #[test]
    fn bare_files_that_are_not_keys_are_not_found() {
        let e = engine();
        // Bad checksum, the Hardhat test phrase, a tampered keypair, plain numbers.
        for (path, text) in [
            (
                ".secret",
                "auction defense recall car crouch win ivory length proud shield nut rigid",
            ),
            (
                ".secret",
                "test test test test test test test test test test test junk",
            ),
            ("id.json", &ID_JSON.replace("42,195]", "42,196]")),
            ("data.json", "[1, 2, 3, 4]"),
        ] {
            assert!(found(&e, path, text).is_empty(), "{path}: {text}");
        }
    }

    // The rule examples' synthetic keys: a Solana keypair (its second half is the
    // ed25519 public key of the first) and a compressed mainnet WIF. keylint:allow
    const KEYPAIR: &str =
        "5mJULatg1pSzPWPakjpLsDMGtKQEGnjuFuTBA9KPXRNmugXACK4dPVar6W3iX5UyGh7ypZgJ1VyhyVwuPhbQ2ncj"; // keylint:allow
    const WIF: &str = "L47SQqcfWF23nx7taB6xHuZs8APojPpSD3hxPxRGeaw3oppStmot"; // keylint:allow

    #[test]
    fn self_proving_keys_need_no_keyword() {
        let e = engine();
        let readme =
            format!("# Setup\n\nExport of the sniper:\n\n    {KEYPAIR}\n\nthen run `make`.\n");
        assert_eq!(
            found(&e, "README.md", &readme),
            vec![("solana-keypair".to_string(), 5)]
        );
        let log = format!("2024-01-02 12:00:01 INFO loaded ({WIF}) ok\n");
        assert_eq!(
            found(&e, "run.log", &log),
            vec![("bitcoin-wif-private-key".to_string(), 1)]
        );
        // One wrong character: the checksum, or the public half, no longer matches.
        let tampered_pair = KEYPAIR.replace("ncj", "ncz");
        let tampered_wif = WIF.replace("Stmot", "Stmou");
        for text in [&tampered_pair, &tampered_wif] {
            assert!(found(&e, "README.md", text).is_empty(), "{text}");
        }
        // A run longer than a key is not cut into one.
        let longer = format!("{KEYPAIR}x");
        assert!(found(&e, "README.md", &longer).is_empty());
    }

    #[test]
    fn base58_runs_are_maximal_and_long_enough() {
        fn runs(text: &str, min: usize) -> Vec<&str> {
            base58_runs(text.as_bytes(), min)
                .map(|r| &text[r])
                .collect()
        }
        assert_eq!(
            runs("abc def0ghij kmnopq", 3),
            vec!["abc", "def", "ghij", "kmnopq"]
        );
        assert_eq!(runs("abc def0ghij kmnopq", 4), vec!["ghij", "kmnopq"]);
        assert_eq!(runs("ab lI Oa", 3), Vec::<&str>::new());
        assert_eq!(runs("abcd", 4), vec!["abcd"]);
        assert_eq!(runs("abc", 4), Vec::<&str>::new());
        assert_eq!(runs("", 1), Vec::<&str>::new());
        // Every maximal run, checked against a plain scan.
        let text = "x1 abcdefgh0IIIzzzzzzzz_9999999999 l qqqqqqq 1234567";
        for min in 1..12 {
            let plain: Vec<&str> = text
                .split(|c: char| !BASE58[c as usize])
                .filter(|w| w.len() >= min)
                .collect();
            assert_eq!(runs(text, min), plain, "min {min}");
        }
    }

    #[test]
    fn every_literal_of_an_accounts_list() {
        let e = engine();
        let cfg = "module.exports = {\n  networks: {\n    mainnet: {\n      url: RPC,\n      accounts: [\n        process.env.PK,\n        \"0xcb27a61775edf8fce7edac942b458b37ef24726f3fb80e9a1714068a155d6c7f\",\n        '383a9a3874c6449cb9b5971cf1b604966ceef8145c859560648973f242db66f3',\n        \"0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80\",\n      ],\n    },\n  },\n};\n"; // keylint:allow
        assert_eq!(
            found(&e, "hardhat.config.js", cfg),
            vec![
                ("evm-private-key-accounts".to_string(), 7),
                ("evm-private-key-accounts".to_string(), 8),
            ]
        );
    }

    #[test]
    fn phrase_lines_below_a_keyword() {
        let e = engine();
        let note = format!("# Ops wallet\nRecovery phrase:\n\n    {}", PHRASE);
        assert_eq!(
            found(&e, "notes.md", &note),
            vec![("bip39-mnemonic".to_string(), 4)]
        );
        // Too far below the keyword, or not alone on its line.
        let far = format!("Recovery phrase:\n\n\n\n{PHRASE}");
        assert!(found(&e, "notes.md", &far).is_empty());
        let yaml = format!("wallet:\n  mnemonic: >\n    {}", PHRASE.trim());
        assert_eq!(
            found(&e, "w.yaml", &yaml),
            vec![("bip39-mnemonic".to_string(), 3)]
        );
        // A fallback continued on the next line, ended by a semicolon.
        let js = format!(
            "const MNEMONIC = process.env.MNEMONIC ||\n  '{}';\n",
            PHRASE.trim()
        );
        assert_eq!(
            found(&e, "wallet.js", &js),
            vec![("bip39-mnemonic".to_string(), 2)]
        );
        // A phrase split over lines (adjacent literals in parentheses); one half alone
        // is no phrase.
        let words: Vec<&str> = PHRASE.split_whitespace().collect();
        let py = format!(
            "MNEMONIC = (\n    \"{} \"\n    \"{}\"\n)\n",
            words[..6].join(" "),
            words[6..].join(" ")
        );
        assert_eq!(
            found(&e, "wallet.py", &py),
            vec![("bip39-mnemonic".to_string(), 2)]
        );
        // its first half also below an earlier keyword (`wallet` in an import)
        let below = format!("from dydx.wallet import Wallet\n\n{py}");
        assert_eq!(
            found(&e, "wallet.py", &below),
            vec![("bip39-mnemonic".to_string(), 4)]
        );
        let half = format!("MNEMONIC = (\n    \"{}\"\n)\n", words[..6].join(" "));
        assert!(found(&e, "wallet.py", &half).is_empty());
        assert_eq!(
            phrase_in_line(b"  - 'a b c d e f g h i j k l',", 0..30),
            Some((5..28, 12))
        );
        assert_eq!(phrase_in_line(b"Some Words here", 0..15), None);
    }

    #[test]
    fn list_parsing() {
        let b = b"accounts : [ 'a', [\"b\"], {c: ']'} ] tail";
        let r = list_after(b, 8).unwrap();
        assert_eq!(&b[r.clone()], b" 'a', [\"b\"], {c: ']'} ");
        let lits: Vec<&[u8]> = string_literals(b, r).into_iter().map(|s| &b[s]).collect();
        assert_eq!(lits, vec![&b"a"[..], b"b", b"]"]);
        assert!(list_after(b"accounts.length", 8).is_none());
        assert!(list_after(b"accounts: [unclosed", 8).is_none());
        let body = |b: &'static [u8], at: usize| list_after(b, at).map(|r| &b[r]);
        assert_eq!(body(b"KEYS: list[str] = ['a']", 4), Some(&b"'a'"[..]));
        assert_eq!(
            body(b"keys := []string{\"a\", \"b\"}", 4),
            Some(&b"\"a\", \"b\""[..])
        );
        assert_eq!(body(b"KEYS: [&str; 1] = [\"a\"];", 4), Some(&b"\"a\""[..]));
    }
}
