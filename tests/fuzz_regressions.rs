//! Replays every input a fuzz target once failed on (`fuzz/regressions/<target>/`)
//! through the targets' own harness and oracles (`fuzz/fuzz_targets/harness.rs`), so a
//! fixed crash stays fixed without running a fuzzer. Fuzzing itself is not part of
//! `cargo test` or CI; see the README.

#[path = "../fuzz/fuzz_targets/harness.rs"]
mod harness;

use std::path::Path;

use keylint::find::code::rust::nesting_cost;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut n = 0;
    for entry in entries {
        let path = entry.expect("dir entry").path();
        let data = std::fs::read(&path).expect("read a saved input");
        eprintln!("replaying {}", path.display());
        run(&data);
        n += 1;
    }
    n
}

#[test]
fn saved_fuzz_failures_stay_fixed() {
    let replayed = [
        replay("engine", harness::engine),
        replay("decode", harness::decode),
        replay("ast", harness::ast),
        replay("config", harness::config),
        replay("rules", harness::rules),
        replay("bindings", harness::bindings),
    ];
    assert_eq!(replayed, [6, 2, 3, 0, 0, 2], "saved inputs per target");
}

/// Synthetic 64-character Binance key and secret (`fixtures/code/python/bot.py`).
const KEY: &str = "ESwFG5YdzbC9ayQMVnpzSnNv2obWeXPSJ5mKhm2HKosFKrjemiNdnDPTkyIrUNba"; // keylint:allow
const SECRET: &str = "7S67xiDJmkIpv73p9lw0DRJxFS99cQ018TOV73MnKd93zEJuG8tKse87uMJhzUy9"; // keylint:allow

/// The `ast` target's input: `lang` indexes `AST_PATHS`, with the client-library line.
fn ast_input(lang: &str, text: &str) -> Vec<u8> {
    let i = harness::AST_PATHS
        .iter()
        .position(|p| p.ends_with(lang))
        .expect("a path for the language");
    let mut data = vec![0x80 | i as u8];
    data.extend_from_slice(text.as_bytes());
    data
}

/// The deepest shapes of the `ast` target's seeds, through the target's own harness
/// (a scan thread's 2 MiB stack) in this unoptimised build, which needs several times
/// the stack of the fuzz build: the deepest Rust file syn parses on the calling thread,
/// one the Rust front end refuses, and 100,000 levels for tree-sitter. Each keeps its
/// Binance key set, found at the bottom of the nesting.
#[test]
fn ast_target_survives_deep_nesting_on_a_scan_threads_stack() {
    let rs_call = format!("Binance::new(Some(\"{KEY}\".into()), Some(\"{SECRET}\".into()))");
    let rs = |levels: usize| {
        format!(
            "fn main() {}let c = {rs_call};{}\n",
            "{".repeat(levels),
            "}".repeat(levels)
        )
    };
    // The deepest block nesting that still parses inline (no parser thread).
    let inline = (1..)
        .take_while(|&n| nesting_cost(rs(n).as_bytes()) <= 256)
        .last()
        .expect("some depth parses inline");
    let deep = 100_000;
    // The secret reaches the client through a variable: only the syntax-aware pass,
    // which has to parse to the bottom of the nesting, can tell where it goes (the
    // binding layer sees `api_secret=str("…")` through the wrapper by itself).
    // A hundred brackets a line: all on one line, the file would be minified (not parsed).
    let open = |s: &str| (s.repeat(100) + "\n").repeat(deep / 100);
    let py = format!(
        "from binance.client import Client\ns = \"{SECRET}\"\nx = {}Client(api_key=\"{KEY}\", api_secret=s){}\n",
        open("("),
        ")".repeat(deep)
    );
    let js = format!(
        "const s = \"{SECRET}\";\nx = {}new ccxt.binance({{apiKey: \"{KEY}\", secret: s}}){};\n",
        open("["),
        "]".repeat(deep)
    );
    let cases = [
        ("rs", rs(inline)),
        ("rs", rs(1000)),
        ("py", py),
        ("js", js.clone()),
        ("ts", js.clone()),
        ("tsx", js),
    ];
    let outcomes: Vec<Vec<String>> = cases
        .iter()
        .map(|(lang, text)| harness::ast_outcome(&ast_input(lang, text)))
        .collect();
    let fallback = "note: nested too deeply to parse safely (estimated 5017, limit 4096); only the regex rules ran";
    assert_eq!(
        outcomes,
        vec![
            vec!["binance-api-secret-argument ast"],
            vec!["binance-api-secret-argument pattern", fallback],
            // the key, a thousand lines below its secret, is its own finding
            vec!["binance-api-secret ast", "binance-api-key pattern"],
            vec!["binance-api-secret ast", "binance-api-key ast"],
            vec!["binance-api-secret ast", "binance-api-key ast"],
            vec!["binance-api-secret ast", "binance-api-key ast"],
        ]
    );
}

/// The `ast` target's two failures, both tree-sitter error recovery running to the end
/// of a broken file: 8 GiB (out of memory) and 12 s. Recovery is now cut short and the
/// file left to the regex rules, with a note saying where the error is.
#[test]
fn runaway_error_recovery_is_cut_short() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/ast");
    let outcome =
        |name: &str| harness::ast_outcome(&std::fs::read(dir.join(name)).expect("a saved input"));
    assert_eq!(
        outcome("oom-error-recovery-after-an-operator-run"),
        vec![
            "okx-api-secret pattern",
            "kucoin-api-key pattern",
            "note: does not parse (near line 7; error recovery stopped early); only the regex rules ran"
        ]
    );
    assert_eq!(
        outcome("slow-error-recovery-on-an-arrow-chain"),
        vec![
            "note: does not parse (near line 2; error recovery stopped early); only the regex rules ran"
        ]
    );
}
