//! Properties (proptest, fixed seed so every run explores the same cases):
//!
//! - redaction never shows more than the first 4 characters of a secret;
//! - fingerprints are stable (a pinned value, and equal wherever the secret sits) and
//!   differ for different secrets or rules;
//! - scanning a file, and scanning it split at a line boundary into two files, find
//!   the same secrets: the same rule ids and secret values, with the second part's
//!   lines and byte offsets mapped back (its columns are unchanged).
//!
//! The split property is defined for boundaries between *items*: a line, or a group
//! of lines that belong together (a PEM block; a `keylint:allow` marker and the line it
//! allows). Splitting inside a PEM block cuts the secret itself, and splitting between
//! a marker and its line separates them, so neither is the same scan. A boundary
//! between the `\r` and `\n` of a CRLF is not a line boundary and is never chosen.
//! Planted values are the committed synthetic examples of `fixtures/bot-repo`; the
//! random part is which items appear, in what order, with which line endings, in
//! which file type, and where the split falls.

use std::sync::OnceLock;

use common::other_halves;
use keylint::engine::Engine;
use keylint::redact::{self, Secret};
use keylint::rulecheck::scan_text;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

mod common;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_seed: RngSeed::Fixed(20261124),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        keylint::Engine::from_config(&keylint::Config::default()).expect("built-in rules load")
    })
}

// ---- redaction ---------------------------------------------------------------

/// Text with multi-byte characters, controls and invalid UTF-8 as well as ASCII.
fn secret_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..80),
        ".{0,80}".prop_map(String::into_bytes),
        // Controls and bidi marks, where the shown prefix must not carry them.
        "[\\x00-\\x1f\\x7f-\\u{9f}\\u{200e}\\u{202e}\\u{2066}a-z]{0,40}"
            .prop_map(String::into_bytes),
        "[A-Za-z0-9+/=_-]{0,80}".prop_map(String::into_bytes),
    ]
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn redaction_shows_at_most_the_first_four_characters(bytes in secret_bytes()) {
        let secret = Secret::new(&bytes);
        let masked = secret.redacted();
        let text = String::from_utf8_lossy(&bytes);
        let chars: Vec<char> = text.chars().collect();
        let (shown, rest) = masked.split_once('…').expect("mask has an ellipsis");
        // The length, and nothing else, after the ellipsis.
        prop_assert_eq!(rest, format!("({})", chars.len()));
        let shown: Vec<char> = shown.chars().collect();
        prop_assert!(shown.len() <= 4);
        prop_assert_eq!(shown.len(), (chars.len() / 4).min(4));
        for (s, c) in shown.iter().zip(&chars) {
            // A control or bidi character is never shown, not even in the prefix.
            prop_assert_eq!(*s, if c.is_control() || redact::is_bidi_control(*c) { '?' } else { *c });
        }
        prop_assert_eq!(format!("{secret}"), masked.clone());
        prop_assert_eq!(format!("{secret:?}"), format!("Secret({masked})"));
    }
}

// ---- fingerprints ------------------------------------------------------------

const GH: &str = "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"; // keylint:allow

/// Baselines and allowlists store fingerprints: a change here breaks every one of
/// them, so it needs a new version tag, not a silent edit. The value is the SHA-256 of
/// `keylint/v1 \0 github-token \0 <secret>` (checked with Python's hashlib).
#[test]
fn a_fingerprint_is_pinned() {
    assert_eq!(
        redact::fingerprint("github-token", &Secret::new(GH.as_bytes())),
        "f79f47076a8dc619635986cdc9e2d33e590938b2a71a5f201656e738aa7cdc14"
    );
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn fingerprints_are_stable_and_differ_for_different_secrets_or_rules(
        a in secret_bytes(),
        b in secret_bytes(),
        rule in "[a-z]{1,8}(-[a-z0-9]{1,8}){1,3}",
        other_rule in "[a-z]{1,8}(-[a-z0-9]{1,8}){1,3}",
    ) {
        let fa = redact::fingerprint(&rule, &Secret::new(&a));
        prop_assert_eq!(&fa, &redact::fingerprint(&rule, &Secret::new(&a.clone())));
        prop_assert_eq!(fa.len(), 64);
        prop_assert!(fa.bytes().all(|c| c.is_ascii_hexdigit()));
        if a != b {
            prop_assert_ne!(&fa, &redact::fingerprint(&rule, &Secret::new(&b)));
        }
        if rule != other_rule {
            prop_assert_ne!(&fa, &redact::fingerprint(&other_rule, &Secret::new(&a)));
        }
    }
}

// ---- scanning split at a line boundary ---------------------------------------

/// Lines that hold a planted secret (committed synthetic values).
const PLANTED: &[&[&str]] = &[
    &["KUCOIN_API_KEY=22e495af16e2b152aa3abcd9"],
    &["KUCOIN_API_SECRET=b0f5a239-1491-4383-a637-dde7e6fd05ec"],
    &["PRIVATE_KEY=0xacf8281344fe350ce487ff0073b3f371ff2b2cad7880319374ade1fe26a41706"],
    &["AWS_ACCESS_KEY_ID=AKIAVL6BFXY2BYZGDHTH"],
    &["AWS_SECRET_ACCESS_KEY=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"],
    &["GITHUB_TOKEN = \"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\""],
    &["bot = Telegraf(\"3833747758:AAyH8j1vwhIT-A7rP-eAmILknoqgR9M9Jx3\")"],
    &["BINANCE_API_SECRET = \"xZKiGvbtcj7bsHXDYzEzVMGPBnu3mY2lhm12FPzmV4eAk5M7ByFgDcEW7AKW3gc3\""],
    &[
        "-----BEGIN PRIVATE KEY-----",
        "MC4CAQAwBQYDK2VwBCIEIK9nQ2vTx7pLm3RfY8sWc1ZbHj6uD0aGkE5oN4iJtPqV",
        "-----END PRIVATE KEY-----",
    ],
    &[
        "# keylint:allow",
        "GITHUB_TOKEN = \"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\"",
    ],
];

/// Lines with keywords and no secret, and plain filler.
const FILLER: &[&str] = &[
    "# the api_key and the secret come from the environment",
    "API_KEY = os.environ[\"API_KEY\"]",
    "OKX_SECRET_KEY=${OKX_SECRET_KEY}",
    "binance_secret = get_secret(\"binance\")",
    "x = 1",
    "",
    "    name: kraken",
];

const PATHS: &[&str] = &[".env", "bot.py", "compose.yml", "client.ts"];
const ENDINGS: &[&str] = &["\n", "\r\n", "\r"];

/// One item: its lines, each with a line ending.
fn item() -> impl Strategy<Value = String> {
    let lines = prop_oneof![
        3 => prop::sample::select(FILLER).prop_map(|l| vec![l]),
        2 => prop::sample::select(PLANTED).prop_map(|ls| ls.to_vec()),
    ];
    (lines, prop::sample::select(ENDINGS))
        .prop_map(|(lines, eol)| lines.iter().map(|l| format!("{l}{eol}")).collect())
}

/// What a finding says about a secret, minus the file name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Seen {
    line: usize,
    column: usize,
    byte_start: usize,
    rule: String,
    secret: Vec<u8>,
    fingerprint: String,
    marker: Option<String>,
}

fn scan(path: &str, text: &str) -> Vec<Seen> {
    let out = scan_text(engine(), path, text);
    let seen = |f: &keylint::finding::Finding, marker: Option<&String>| Seen {
        line: f.location.line,
        column: f.location.column,
        byte_start: f.location.byte_start,
        rule: f.rule_id.clone(),
        secret: f.secret.expose_secret().to_vec(),
        fingerprint: f.fingerprint.clone(),
        marker: marker.cloned(),
    };
    // A key set is one finding; each other half is a secret of its own here, so a
    // split that parts the halves finds the same secrets.
    let halves = |f: &keylint::finding::Finding| -> Vec<Seen> {
        f.related
            .iter()
            .filter(|r| r.is_secret)
            .zip(other_halves(f).into_iter().map(|(rule, _)| rule))
            .map(|(r, rule)| {
                let value = &text.as_bytes()[r.location.byte_start..r.location.byte_end];
                Seen {
                    line: r.location.line,
                    column: r.location.column,
                    byte_start: r.location.byte_start,
                    fingerprint: redact::fingerprint(&rule, &Secret::new(value)),
                    rule,
                    secret: value.to_vec(),
                    marker: None,
                }
            })
            .collect()
    };
    let mut v: Vec<Seen> = Vec::new();
    for f in &out.findings {
        v.push(seen(f, None));
        v.extend(halves(f));
    }
    for s in &out.suppressed {
        v.push(seen(&s.finding, Some(&s.marker)));
        v.extend(halves(&s.finding));
    }
    v.sort();
    v.dedup();
    v
}

/// Line endings in `text` (`\r\n` counts once).
fn line_endings(text: &str) -> usize {
    text.matches("\r\n").count() + text.matches(['\n', '\r']).count()
        - 2 * text.matches("\r\n").count()
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn a_file_split_at_a_line_boundary_yields_the_same_secrets(
        items in prop::collection::vec(item(), 0..24),
        path in prop::sample::select(PATHS),
        split in any::<prop::sample::Index>(),
    ) {
        let whole: String = items.concat();
        // Item boundaries that are line boundaries (not inside a `\r` + `\n`).
        let mut bounds = vec![0];
        let mut at = 0;
        for it in &items {
            at += it.len();
            bounds.push(at);
        }
        bounds.retain(|&b| !(whole[..b].ends_with('\r') && whole[b..].starts_with('\n')));
        let cut = bounds[split.index(bounds.len())];
        let (a, b) = whole.split_at(cut);
        let lines_in_a = line_endings(a);
        let mut parts = scan(path, a);
        parts.extend(scan(path, b).into_iter().map(|s| Seen {
            line: s.line + lines_in_a,
            byte_start: s.byte_start + cut,
            ..s
        }));
        parts.sort();
        prop_assert_eq!(scan(path, &whole), parts);
    }
}

/// The generator's planted items really are found (the property above is not vacuous):
/// every planted item once, in a `.env` file, with mixed line endings.
#[test]
fn every_planted_item_is_found_in_a_dot_env_file() {
    let mut text = String::new();
    for (i, lines) in PLANTED.iter().enumerate() {
        for l in *lines {
            text.push_str(l);
            text.push_str(ENDINGS[i % ENDINGS.len()]);
        }
    }
    let found = scan(".env", &text);
    let rules: Vec<(&str, bool)> = found
        .iter()
        .map(|s| (s.rule.as_str(), s.marker.is_some()))
        .collect();
    assert_eq!(
        rules,
        vec![
            ("kucoin-api-key", false),
            ("kucoin-api-secret", false),
            ("evm-private-key", false),
            ("aws-access-key-id", false),
            ("aws-secret-access-key", false),
            ("github-token", false),
            ("telegram-bot-token", false),
            ("binance-api-secret", false),
            ("private-key-pem", false),
            ("github-token", true),
        ]
    );
}
