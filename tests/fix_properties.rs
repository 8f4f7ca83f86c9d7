//! Properties of `keylint fix` (proptest, fixed seed): on a repository built from
//! random items — which lines, in which files and languages, with which of a small
//! pool of values (so values repeat and names collide) — after the fix
//!
//! - a scan finds none of the values the fix claimed to move;
//! - `.env` holds exactly the moved values, under the names the fix reported, one
//!   line per name, and no other file holds any of them;
//! - every rewritten Python, JavaScript and Rust file still parses.
//!
//! Values are the committed synthetic ones of `fixtures/` (Telegram tokens, which
//! every language's rules find in the forms below); the random part is the layout.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use keylint::engine::Engine;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

const TOKENS: [&str; 5] = [
    "5993150843:AAyP4nEYDJKP41CvyDxeVUGQ4kK2u2JJQ29",
    "6793850367:AAOSQlyDvlHkMHvU8t7tjKcvLaLLZi8dbX_",
    "7137511915:AAFdC2dsz6mcaVPV8QKsf4iqHKOdP44dUJ_",
    "7988924490:AAeA_0lCtpQHSimeXBLgLUhyuRnGi7eoX56",
    "8607281657:AAmGFm2i7aFN_9IbdF2Yjc0RFLzbVeYONJW",
];

/// Files, each with a header, a per-line template (`{v}` is the value, `{i}` the
/// line's number) and a footer.
const FILES: [(&str, &str, &str, &str); 5] = [
    (
        "bot.py",
        "from telegram import Bot\n",
        "bot_{i} = Bot(token=\"{v}\")\n",
        "",
    ),
    (
        "alerts.js",
        "const { Telegraf } = require('telegraf');\n",
        "const bot{i} = new Telegraf('{v}');\n",
        "",
    ),
    (
        "src/main.rs",
        "fn main() -> anyhow::Result<()> {\n",
        "    let bot{i} = teloxide::Bot::new(\"{v}\");\n",
        "    Ok(())\n}\n",
    ),
    (
        "notify.go",
        "package main\n\nimport \"fmt\"\n\nfunc main() {\n",
        "\tfmt.Println(tgbotapi.NewBotAPI(\"{v}\"))\n",
        "}\n",
    ),
    (
        "docker-compose.yml",
        "services:\n  bot:\n    image: bot\n    environment:\n",
        "      - TELEGRAM_BOT_TOKEN_{i}={v}\n",
        "",
    ),
];

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::from_config(&keylint::Config::default()).expect("rules"))
}

/// A repository: per file (index into FILES), its lines' values (indices into TOKENS),
/// and whether it uses CRLF.
fn layout() -> impl Strategy<Value = Vec<(usize, Vec<usize>, bool)>> {
    prop::collection::vec(
        (
            0..FILES.len(),
            prop::collection::vec(0..TOKENS.len(), 1..4),
            any::<bool>(),
        ),
        1..5,
    )
}

/// Write the repository; returns (path, line) → value.
fn build(dir: &Path, layout: &[(usize, Vec<usize>, bool)]) -> BTreeMap<(String, usize), String> {
    let mut planted = BTreeMap::new();
    let mut bodies: BTreeMap<usize, (Vec<usize>, bool)> = BTreeMap::new();
    for (f, vals, crlf) in layout {
        let e = bodies.entry(*f).or_insert_with(|| (Vec::new(), *crlf));
        e.0.extend(vals);
    }
    for (f, (vals, crlf)) in bodies {
        let (path, head, line, foot) = FILES[f];
        let mut text = head.to_string();
        let mut n = head.lines().count();
        for (i, v) in vals.iter().enumerate() {
            n += 1;
            text.push_str(
                &line
                    .replace("{i}", &i.to_string())
                    .replace("{v}", TOKENS[*v]),
            );
            planted.insert((path.to_string(), n), TOKENS[*v].to_string());
        }
        text.push_str(foot);
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    planted
}

fn parses(path: &str, bytes: &[u8]) -> bool {
    let lang: tree_sitter::Language = if path.ends_with(".py") {
        tree_sitter_python::LANGUAGE.into()
    } else if path.ends_with(".js") {
        tree_sitter_javascript::LANGUAGE.into()
    } else if path.ends_with(".rs") {
        return syn::parse_file(&String::from_utf8_lossy(bytes)).is_ok();
    } else {
        return true;
    };
    let mut p = tree_sitter::Parser::new();
    p.set_language(&lang).expect("grammar");
    p.parse(bytes, None)
        .is_some_and(|t| !t.root_node().has_error())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        rng_seed: RngSeed::Fixed(20261205),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn fix_then_scan_finds_nothing_it_moved_and_env_holds_exactly_the_moved_values(layout in layout()) {
        let dir = tempfile::tempdir().expect("temp");
        let planted = build(dir.path(), &layout);
        let mut cfg = keylint::Config::default();
        cfg.paths = vec![dir.path().to_path_buf()];
        let opts = keylint::fix::Options { allow_dirty: true, ..Default::default() };
        let outcome = keylint::fix::run(&cfg, engine(), &opts).expect("fix runs");
        prop_assert!(outcome.refused.is_none(), "{:?}", outcome.refused);
        prop_assert!(outcome.left.iter().all(|l| !l.claimed), "{:?}", outcome.left);
        // Every form above is one the fix rewrites.
        prop_assert!(outcome.skipped.is_empty(), "{:?}", outcome.skipped);
        // What the fix claimed: name → value, from the planted layout.
        let mut claimed: BTreeMap<String, String> = BTreeMap::new();
        for f in &outcome.fixed {
            let rel = Path::new(&f.path).strip_prefix(dir.path()).expect("under dir").to_string_lossy().into_owned();
            let value = planted.get(&(rel.clone(), f.line)).expect("a planted line");
            if let Some(old) = claimed.insert(f.name.clone(), value.clone()) {
                prop_assert_eq!(&old, value, "one name, two values");
            }
        }
        let env = std::fs::read_to_string(dir.path().join(".env")).unwrap_or_default();
        let mut in_env: BTreeMap<String, String> = BTreeMap::new();
        for line in env.lines() {
            let (n, v) = line.split_once('=').expect("NAME=value");
            prop_assert!(in_env.insert(n.to_string(), v.to_string()).is_none(), "{} twice in .env", n);
        }
        prop_assert_eq!(&in_env, &claimed);
        // Nothing moved is found again, nor left in any other file.
        let report = keylint::scan(&cfg, engine());
        let moved: Vec<String> = claimed.values().map(|v| keylint::redact::Secret::new(v.as_bytes()).sha256_hex()).collect();
        // (Outside git nothing ignores `.env`, where the values now belong.)
        for f in report.findings.iter().filter(|f| !f.location.path.ends_with(".env")) {
            prop_assert!(!moved.contains(&f.secret.sha256_hex()), "{}:{} still holds a moved value", f.location.path, f.location.line);
        }
        for (path, _, _, _) in FILES {
            let Ok(bytes) = std::fs::read(dir.path().join(path)) else { continue };
            let text = String::from_utf8_lossy(&bytes);
            for v in claimed.values() {
                prop_assert!(!text.contains(v.as_str()), "{} still holds a moved value", path);
            }
            prop_assert!(parses(path, &bytes), "{} does not parse:\n{}", path, text);
        }
        // Every planted value was either moved or reported skipped.
        let skipped: Vec<(String, usize)> = outcome.skipped.iter()
            .map(|s| (Path::new(&s.path).strip_prefix(dir.path()).expect("under dir").to_string_lossy().into_owned(), s.line))
            .collect();
        for key in planted.keys() {
            let fixed = outcome.fixed.iter().any(|f| f.path.ends_with(&key.0) && f.line == key.1);
            prop_assert!(fixed || skipped.contains(key), "{:?} neither fixed nor skipped", key);
        }
    }
}
