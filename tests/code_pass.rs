//! The code-aware pass on its fixtures (`fixtures/code/`): the findings are exactly
//! the labelled ones, the files that do not parse fall back with a note, the findings
//! are snapshotted, and the regex rules alone are measured against the same secrets
//! (with an engine built without the pass).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use keylint::finding::{Finding, IssueKind};

mod common;

use common::{Manifest, other_halves};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/code")
}

fn manifest() -> Manifest {
    let text = std::fs::read_to_string(root().join("manifest.toml")).expect("manifest.toml");
    toml::from_str(&text).expect("manifest parses")
}

fn scan(code_aware: bool) -> keylint::ScanReport {
    let mut cfg = keylint::Config::default();
    cfg.paths = vec![root()];
    cfg.no_ignore = true;
    cfg.code_aware = code_aware;
    let engine = keylint::Engine::from_config(&cfg).expect("rules load");
    keylint::scan(&cfg, &engine)
}

fn rel(path: &str) -> String {
    Path::new(path)
        .strip_prefix(root())
        .expect("finding under the fixtures")
        .to_string_lossy()
        .replace('\\', "/")
}

/// (path, line, rule) of every finding and of each other half of a key set (a
/// finding's `key_set` property), which counts on its own line.
fn triples(findings: &[Finding]) -> BTreeSet<(String, usize, String)> {
    let mut out = BTreeSet::new();
    for f in findings {
        let path = rel(&f.location.path);
        for (rule, line) in other_halves(f) {
            out.insert((path.clone(), line, rule));
        }
        out.insert((path, f.location.line, f.rule_id.clone()));
    }
    out
}

#[test]
fn findings_are_exactly_the_labelled_ones() {
    let m = manifest();
    let report = scan(true);
    let want: BTreeSet<(String, usize, String)> = m
        .expect
        .iter()
        .map(|e| (e.path.clone(), e.line, e.rule.clone()))
        .collect();
    assert_eq!(want.len(), 80);
    let got = triples(&report.findings);
    let missed: Vec<_> = want.difference(&got).collect();
    let extra: Vec<_> = got.difference(&want).collect();
    assert!(
        missed.is_empty() && extra.is_empty(),
        "missed {missed:#?}\nextra {extra:#?}"
    );
    for n in &m.negative {
        assert!(
            !got.iter().any(|(p, l, _)| *p == n.path && *l == n.line),
            "{}:{} must not be reported",
            n.path,
            n.line
        );
    }
}

#[test]
fn files_that_do_not_parse_fall_back_with_a_note() {
    let report = scan(true);
    let notes: Vec<(String, String)> = report
        .issues
        .iter()
        .map(|i| (rel(&i.path), format!("{} {}", i.kind.as_str(), i.message)))
        .collect();
    assert_eq!(
        notes,
        vec![
            (
                "javascript/broken.js".into(),
                "parse-fallback javascript-ast: does not parse (line 4, column 18); only the regex rules ran".into()
            ),
            (
                "python/broken.py".into(),
                "parse-fallback python-ast: does not parse (line 5, column 1); only the regex rules ran".into()
            ),
            (
                "rust/src/broken.rs".into(),
                "parse-fallback rust-ast: does not parse (line 5, column 13); only the regex rules ran".into()
            ),
        ]
    );
    assert!(
        report
            .issues
            .iter()
            .all(|i| i.kind == IssueKind::ParseFallback)
    );
    assert!(
        report.summary.complete(),
        "a fallback is a warning, not an error"
    );
}

#[test]
fn findings_snapshot() {
    let report = scan(true);
    let mut text = String::new();
    for f in &report.findings {
        text.push_str(&format!(
            "{}:{}:{} {} ({}, {}) {}\n",
            rel(&f.location.path),
            f.location.line,
            f.location.column,
            f.rule_id,
            f.detector.as_str(),
            f.confidence.as_str(),
            f.message
        ));
        for r in &f.related {
            text.push_str(&format!(
                "    related {}:{}:{} {}\n",
                rel(&r.location.path),
                r.location.line,
                r.location.column,
                r.message
            ));
        }
        if !f.also_matched.is_empty() {
            text.push_str(&format!("    also {}\n", f.also_matched.join(", ")));
        }
    }
    insta::assert_snapshot!(text);
}

/// How the regex rules alone fare on the secrets the pass finds: the same value
/// under the same rule, a part of it or under another rule, or nothing at all.
#[test]
fn regex_rules_alone_miss_what_the_pass_finds() {
    let with_pass = scan(true);
    let regex_only = scan(false);
    assert!(regex_only.issues.is_empty(), "no parse is attempted");
    // Per secret: each finding and each other half of a key set, by (path, line, rule).
    let pass = triples(&with_pass.findings);
    let regex = triples(&regex_only.findings);
    let (mut same, mut partly, mut missed) = (0, 0, 0);
    let mut table = Vec::new();
    for (path, line, rule) in &pass {
        let verdict = if regex.contains(&(path.clone(), *line, rule.clone())) {
            same += 1;
            "regex: same"
        } else if regex.iter().any(|(p, l, _)| p == path && l == line) {
            partly += 1;
            "regex: other rule or half"
        } else {
            missed += 1;
            "regex: missed"
        };
        table.push(format!("{verdict:<26} {path}:{line} {rule}"));
    }
    println!("{}", table.join("\n"));
    println!(
        "{} secrets: regex alone finds {same} as the pass does, {partly} on the line under another rule, misses {missed}",
        pass.len()
    );
    assert_eq!((pass.len(), same, partly, missed), (80, 53, 5, 22));
}

/// Generated at test time (the sizes are the point, not the content): 100 000 levels
/// of nesting in each language, each file also holding one planted literal that the
/// regex rules find. Nothing may overflow the stack or abort; Rust is refused with a
/// note, the tree-sitter languages are parsed.
#[test]
fn pathological_nesting_is_survived() {
    const DEPTH: usize = 100_000;
    let dir = tempfile::tempdir().expect("temp dir");
    let secret = "ESwFG5YdzbC9ayQMVnpzSnNv2obWeXPSJ5mKhm2HKosFKrjemiNdnDPTkyIrUNba";
    // a hundred a line: all on one line, a JavaScript file is build output (not parsed,
    // and only high-confidence matches kept)
    let open = |s: &str| (s.repeat(100) + "\n").repeat(DEPTH / 100);
    let files = [
        (
            "deep.rs",
            format!(
                "const BINANCE_API_SECRET: &str = \"{secret}\";\nfn main() {{ let c = binance::Binance::new(None, None); let x = {}1{}; }}\n",
                open("("),
                open(")")
            ),
        ),
        (
            "unary.rs",
            format!(
                "const BINANCE_API_SECRET: &str = \"{secret}\";\nfn main() {{ let c = binance::Binance::new(None, None); let x = {}y; }}\n",
                open("!")
            ),
        ),
        (
            "deep.py",
            format!(
                "import ccxt\nBINANCE_API_SECRET = \"{secret}\"\nx = {}1{}\n",
                open("("),
                open(")")
            ),
        ),
        (
            "deep.js",
            format!(
                "const ccxt = require('ccxt');\nconst BINANCE_API_SECRET = '{secret}';\nconst x = {}1{};\n",
                open("["),
                open("]")
            ),
        ),
        (
            "deep.ts",
            format!(
                "import ccxt from 'ccxt';\nconst BINANCE_API_SECRET: string = '{secret}';\nf({}'v'{});\n",
                open("g("),
                open(")")
            ),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let mut cfg = keylint::Config::default();
    cfg.paths = vec![dir.path().to_path_buf()];
    let engine = keylint::Engine::from_config(&cfg).expect("rules load");
    let report = keylint::scan(&cfg, &engine);
    let name = |p: &str| {
        Path::new(p)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let found: Vec<(String, String)> = report
        .findings
        .iter()
        .map(|f| (name(&f.location.path), f.rule_id.clone()))
        .collect();
    let want: Vec<(String, String)> = ["deep.js", "deep.py", "deep.rs", "deep.ts", "unary.rs"]
        .iter()
        .map(|n| (n.to_string(), "binance-api-secret".to_string()))
        .collect();
    assert_eq!(found, want);
    let notes: Vec<(String, String)> = report
        .issues
        .iter()
        .map(|i| (name(&i.path), i.message.clone()))
        .collect();
    assert_eq!(
        notes,
        vec![
            (
                "deep.rs".to_string(),
                "rust-ast: nested too deeply to parse safely (estimated 500006, limit 4096); only the regex rules ran".to_string()
            ),
            (
                "unary.rs".to_string(),
                "rust-ast: nested too deeply to parse safely (estimated 100006, limit 4096); only the regex rules ran".to_string()
            ),
        ]
    );
}

/// A file over the parse size limit keeps its regex findings and says why it was
/// not parsed (the size is the point: one byte over 1 MiB).
#[test]
fn files_over_the_size_limit_are_not_parsed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let head = "import ccxt\nBINANCE_API_SECRET = \"ESwFG5YdzbC9ayQMVnpzSnNv2obWeXPSJ5mKhm2HKosFKrjemiNdnDPTkyIrUNba\"\n";
    let pad = keylint::find::code::MAX_PARSE_BYTES + 1 - head.len();
    // comment lines of 80 bytes (one long line would be a minified file)
    let line = format!("{}\n", "#".repeat(79));
    let text = format!("{head}{}{}", line.repeat(pad / 80), "#".repeat(pad % 80));
    std::fs::write(dir.path().join("big.py"), text).unwrap();
    let mut cfg = keylint::Config::default();
    cfg.paths = vec![dir.path().to_path_buf()];
    let engine = keylint::Engine::from_config(&cfg).expect("rules load");
    let report = keylint::scan(&cfg, &engine);
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(rules, vec!["binance-api-secret"]);
    let notes: Vec<&str> = report.issues.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(
        notes,
        vec!["python-ast: larger than 1024 KiB, not parsed; only the regex rules ran"]
    );
}

/// The names of the files a scan of `files` notes an issue for.
fn noted_files(files: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let mut cfg = keylint::Config::default();
    cfg.paths = vec![dir.path().to_path_buf()];
    let engine = keylint::Engine::from_config(&cfg).expect("rules load");
    let report = keylint::scan(&cfg, &engine);
    report
        .issues
        .iter()
        .map(|i| {
            Path::new(&i.path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// The parser runs only where the table's words (or a hidden literal) make a
/// finding possible: the same broken file is left alone without them. A file that
/// only calls a client library is parsed for its capabilities only when the scan
/// found a key of an exchange.
#[test]
fn files_without_client_words_are_not_parsed() {
    let broken = "def f(:\n    return 1\n";
    let client =
        format!("import ccxt\nMY_TOKEN = 'q8Zk3vP1xR7mW2nT9bYc4LdF6hJ0sA5e' + x\n{broken}");
    let calls = format!("import ccxt\n{broken}");
    assert_eq!(
        noted_files(&[
            ("plain.py", broken),
            ("client.py", &client),
            ("calls.py", &calls)
        ]),
        vec!["client.py"]
    );
    let key = "BINANCE_API_SECRET = \"ESwFG5YdzbC9ayQMVnpzSnNv2obWeXPSJ5mKhm2HKosFKrjemiNdnDPTkyIrUNba\"\n";
    assert_eq!(
        noted_files(&[
            ("plain.py", broken),
            ("calls.py", &calls),
            ("keys.env", key)
        ]),
        vec!["calls.py"]
    );
}
