//! The fuzz targets' bodies and the oracles they check: what must hold for *any*
//! input besides "no panic". A violated oracle panics like a crash, so libFuzzer saves
//! and minimises it.
//!
//! `fuzz_targets/{engine,ast,config,rules}.rs` call [`engine`], [`ast`], [`config`]
//! and [`rules`]; `tests/fuzz_regressions.rs` in the main crate includes this file
//! too and replays every input saved under `fuzz/regressions/<target>/` through the
//! same functions, so each crash the fuzzers found stays fixed under `cargo test`.

#![allow(dead_code)]

use std::path::Path;
use std::sync::OnceLock;

use keylint::engine::{Engine, EngineOptions, FileOutput, Scratch};
use keylint::finding::Finding;
use keylint::outcome::{RuleInfo, ScanReport};
use keylint::report::{self, Format, ReportOptions};
use keylint::rules::RuleSet;
use keylint::source::{Lang, Source, prepare_content};

/// One name per `Lang`, plus shapes `Lang::from_path` treats specially. The engine
/// target's first input byte picks one (keep `fuzz/seeds.py` in step).
pub const PATHS: &[&str] = &[
    "bot.py",
    "app.js",
    "client.ts",
    "main.rs",
    "main.go",
    "config.json",
    "compose.yml",
    "Cargo.toml",
    "settings.ini",
    ".env",
    "deploy.sh",
    "analysis.ipynb",
    "Client.java",
    "notes.txt",
    "Dockerfile",
    "prod.env",
    "component.tsx",
];

fn builtin_engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        keylint::Engine::from_config(&keylint::Config::default()).expect("built-in rules load")
    })
}

/// The whole engine on arbitrary bytes: content preparation (UTF-16/BOM decoding,
/// binary sniff), the prefilter, every rule, every detector `Config::engine()`
/// registers, dedup, suppression, snippets, and all three reporters. Binary-looking
/// input is scanned anyway: the engine must cope with NUL bytes past the sniffed prefix.
pub fn engine(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let path = PATHS[usize::from(pick) % PATHS.len()];
    scan_and_check(path, rest.to_vec());
}

/// The decoding layers (`find::decode`): the first byte picks the file type, the
/// rest is the text. First the decoders alone, decoding every stretch they can (no
/// keyword needed), with their bounds as oracles: no panic, the derived text of a
/// layer no larger than the input, every derived span mapping inside the input.
/// Then the whole engine, which decodes up to three layers deep, with the `engine`
/// target's checks (a decoded finding's span is the encoded text, its secret the
/// decoded value).
pub fn decode(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let path = PATHS[usize::from(pick) % PATHS.len()];
    let lang = Lang::from_path(Path::new(path));
    let mut derived = Vec::new();
    let mut budget = rest.len();
    keylint::find::decode::derive(rest, lang, &|_| true, &mut budget, &mut derived);
    let made: usize = derived.iter().map(|d| d.text.len()).sum();
    assert!(
        made <= rest.len(),
        "derived {made} bytes from {}",
        rest.len()
    );
    assert_eq!(
        budget,
        rest.len() - made,
        "budget not charged for what was made"
    );
    for d in &derived {
        let all = d.map.map(&(0..d.text.len()));
        assert!(
            all.start <= all.end && all.end <= rest.len(),
            "map out of range"
        );
        for v in (0..d.text.len()).step_by(7) {
            let m = d.map.map(&(v..v + 1));
            assert!(m.end <= rest.len(), "byte {v} maps out of range");
        }
    }
    scan_and_check(path, rest.to_vec());
}

/// The file types the code-aware pass parses (syn for Rust, tree-sitter for the
/// rest). The `ast` target's first input byte picks one (keep `fuzz/seeds.py` in step).
pub const AST_PATHS: &[&str] = &["bot.py", "app.js", "client.ts", "main.rs", "component.tsx"];

/// A line naming a client library, per entry of [`AST_PATHS`]: with it, the
/// code-aware pass's gate (a client word or a credential name must occur) passes and
/// the file is parsed whatever else it holds.
const AST_PRELUDES: &[&str] = &[
    "import ccxt\n",
    "const ccxt = require('ccxt');\n",
    "import ccxt from 'ccxt';\n",
    "use binance::api::Binance;\n",
    "import ccxt from 'ccxt';\n",
];

/// Stack of the threads the `ast` target scans on: Rust's default for spawned
/// threads (2 MiB), which is what every scan thread of the binary gets (the walker's,
/// rayon's and `for_each_batched`'s threads set no size). libFuzzer calls the target
/// on the main thread, whose stack is `ulimit -s` (8 MiB here): four times more room
/// than a real scan has, which would hide an overflow.
pub const SCAN_THREAD_STACK: usize = 2 << 20;

/// The code-aware pass (syn over Rust, tree-sitter over Python, JavaScript and
/// TypeScript) on arbitrary text, through the engine built by `Config::engine()`, on a
/// thread with a scan thread's stack. The first byte picks the file type (low bits)
/// and whether a line naming a client library goes first (bit 7), so most inputs are
/// parsed rather than stopped by the pass's gate; the rest is the file. Checks are
/// the `engine` target's, plus: a parse-fallback note is terminal safe and holds
/// neither source text nor a found secret.
pub fn ast(data: &[u8]) {
    ast_outcome(data);
}

/// [`ast`], returning what the scan reported: `rule detector` per finding and
/// `note: message` per detector note (for tests that replay chosen inputs).
pub fn ast_outcome(data: &[u8]) -> Vec<String> {
    let Some((&pick, rest)) = data.split_first() else {
        return Vec::new();
    };
    let lang = usize::from(pick & 0x7f) % AST_PATHS.len();
    let path = AST_PATHS[lang];
    let mut buf = Vec::with_capacity(rest.len() + 32);
    if pick & 0x80 != 0 {
        buf.extend_from_slice(AST_PRELUDES[lang].as_bytes());
    }
    buf.extend_from_slice(rest);
    let worker = std::thread::Builder::new()
        .name("keylint-fuzz-scan".into())
        .stack_size(SCAN_THREAD_STACK)
        .spawn(move || scan_and_check(path, buf))
        .expect("spawn a scan thread");
    match worker.join() {
        Ok(outcome) => outcome,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Scan `buf` as `path` with the built-in engine and check every finding, note and
/// report (shared by the `engine` and `ast` targets). Returns `rule detector` per
/// finding and `note: message` per detector note.
fn scan_and_check(path: &str, mut buf: Vec<u8>) -> Vec<String> {
    let _ = prepare_content(&mut buf);
    let src = Source::new(path, &buf, Lang::from_path(Path::new(path)));
    let mut out = FileOutput::default();
    builtin_engine().scan(&src, &mut Scratch::default(), &mut out);
    for f in out
        .findings
        .iter()
        .chain(out.suppressed.iter().map(|s| &s.finding))
    {
        check_finding(&buf, f);
    }
    for note in &out.notes {
        assert_terminal_safe("detector note", &note.message);
        for f in &out.findings {
            if f.secret.char_len() >= 12 {
                let raw = String::from_utf8_lossy(f.secret.expose_secret());
                assert!(
                    !note.message.contains(&*raw),
                    "a {} note holds the secret {raw:?}",
                    note.detector
                );
            }
        }
    }
    let outcome: Vec<String> = out
        .findings
        .iter()
        .map(|f| format!("{} {}", f.rule_id, f.detector.as_str()))
        .chain(out.notes.iter().map(|n| format!("note: {}", n.message)))
        .collect();
    let mut report = ScanReport {
        findings: out.findings,
        suppressed: out.suppressed,
        rules: builtin_engine()
            .rules()
            .rules()
            .iter()
            .map(RuleInfo::from)
            .collect(),
        ..Default::default()
    };
    report.finish(
        &keylint::finding::FailPolicy::default(),
        builtin_engine().rules(),
    );
    check_reports(&report, &buf);
    outcome
}

/// `.keylint.toml` on arbitrary text: parsing with `deny_unknown_fields`, glob and
/// regex validation, custom-rule compilation and `disabled_rules` resolution against
/// the built-ins, and the rendering of every error (terminal safe: a scanned
/// repository can ship its own `.keylint.toml`).
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut cfg = keylint::Config::default();
    let result = cfg.apply_toml(".keylint.toml", text).and_then(|()| {
        // Building the rule set compiles every built-in rule (milliseconds); only do it
        // when the document can change it (custom rules, disabled rules).
        if text.contains("rule") {
            cfg.rule_set().map(drop)
        } else {
            Ok(())
        }
    });
    if let Err(e) = result {
        render_error(e);
    }
}

/// A rule file (`rules/*.toml` schema) on arbitrary text: parsing, every validation,
/// regex compilation under the size limits, and, when the file loads, the rule checks,
/// which run each rule's examples and negative examples through an engine built from
/// the fuzzed rules (so fuzzed regexes meet fuzzed text).
pub fn rules(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut set = RuleSet::default();
    match set.add_file("fuzz.toml", text) {
        Err(e) => render_error(e),
        Ok(()) => {
            let engine = Engine::new(set, EngineOptions::default());
            for problem in keylint::rulecheck::check(&engine) {
                assert_terminal_safe("rule check", &keylint::redact::sanitize_str(&problem));
            }
        }
    }
}

/// True for characters that must never reach a terminal raw: C0/C1 controls other
/// than newline and tab (ESC starts ANSI/OSC sequences), DEL, and bidi overrides.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Terminal-facing text holds no unsafe character.
pub fn assert_terminal_safe(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|&c| is_unsafe_char(c)) {
        panic!(
            "{what} holds an unescaped control character U+{:04X}",
            c as u32
        );
    }
}

/// Render a library error the way `keylint` prints it (graphical, no colour) and
/// check that it is terminal-safe.
pub fn render_error(err: keylint::Error) {
    let report = miette::Report::new(err);
    let mut out = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .render_report(&mut out, report.as_ref())
        .expect("render to a String");
    assert_terminal_safe("error report", &out);
    assert_terminal_safe("error message", &report.to_string());
}

/// 1-based (line, column) of `offset`, computed independently of `LineIndex`:
/// `\n`, `\r\n` and a lone `\r` end a line; a column counts characters (an invalid
/// UTF-8 byte counts one).
pub fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let (mut line, mut start, mut i) = (1, 0, 0);
    while i < offset {
        let term_end = match bytes[i] {
            b'\n' => i + 1,
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => i + 2,
            b'\r' => i + 1,
            _ => {
                i += 1;
                continue;
            }
        };
        if term_end > offset {
            break;
        }
        line += 1;
        start = term_end;
        i = term_end;
    }
    let chars = bytes[start..offset]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count();
    (line, chars + 1)
}

/// Everything a finding promises about the bytes it was found in.
pub fn check_finding(bytes: &[u8], f: &Finding) {
    let l = &f.location;
    assert!(
        l.byte_start <= l.byte_end && l.byte_end <= bytes.len(),
        "span out of range"
    );
    // A finding in decoded text (base64, escapes, URL-encoding, a connection string)
    // has the decoded value as its secret and the encoded text as its span.
    let decoded = f.properties.iter().any(|(k, _)| k == "decoded");
    let span_text = &bytes[l.byte_start..l.byte_end];
    // A rule's `region` (a PEM block from its BEGIN line) is reported around the secret.
    if !decoded {
        let secret = f.secret.expose_secret();
        assert!(
            span_text == secret || memchr::memmem::find(span_text, secret).is_some(),
            "secret is not in its span"
        );
    }
    assert_eq!(
        (l.line, l.column),
        line_col(bytes, l.byte_start),
        "start line/column"
    );
    assert_eq!(
        (l.end_line, l.end_column),
        line_col(bytes, l.byte_end),
        "end line/column"
    );
    assert_eq!(
        f.fingerprint,
        keylint::redact::fingerprint(&f.rule_id, &f.secret)
    );
    let masked = f.secret.redacted();
    let shown = masked.split('…').next().unwrap_or_default();
    assert!(
        shown.chars().count() <= keylint::redact::MAX_SHOWN,
        "mask shows too much"
    );
    assert_terminal_safe("message", &keylint::redact::sanitize_str(&f.message));
    if let Some(s) = &f.snippet {
        assert_terminal_safe("snippet", &s.text);
        // The label masks the secret's own bytes: for a decoded finding, the encoded
        // text that stands for it.
        let label = &s.text[s.label.clone()];
        let label_mask = if decoded {
            label.to_string()
        } else {
            masked.clone()
        };
        // A region on the secret's own line (an escaped PEM in one string) is masked
        // whole, the secret with it.
        let region_mask = keylint::redact::mask(span_text);
        if decoded || label != region_mask {
            assert_eq!(label, label_mask, "label is not the mask");
        }
        assert!(label.contains('…'), "label is not a mask: {label:?}");
        for line in s.text.lines() {
            // 48 characters either side of the mask, or 100 for a context line, plus
            // ellipses; or 48 either side of several locations of the finding on one
            // line, shown together when they span at most 96 characters.
            let limit = (2 * 48 + label_mask.chars().count() + 2).max(48 + 96 + 48 + 2);
            assert!(
                line.chars().count() <= limit.max(101),
                "snippet line not cut: {}",
                line.len()
            );
        }
    }
}

/// Render `report` in every format and check: JSON parses, human output is terminal
/// safe, and no output holds a secret of 12 characters or more in any encoding.
/// `input` is the scanned text: an escaped form of a secret that the input holds
/// literally (`;9c\u{0}…` next to `;9c<NUL>…`) is legitimate context, not a leak.
pub fn check_reports(report: &ScanReport, input: &[u8]) {
    let opts = ReportOptions {
        list_suppressed: true,
        verbose: true,
        width: Some(100),
        deterministic: true,
        ..Default::default()
    };
    // What keylint itself writes (marker names, rule text) is not a leak even when a
    // "secret" happens to equal it (`pwd=gitleaks:allow` finds `gitleaks:allow`).
    let mut vocabulary = vec![keylint::judge::suppress::NATIVE.to_string()];
    vocabulary.extend(
        keylint::judge::suppress::FOREIGN
            .iter()
            .map(|m| m.to_string()),
    );
    for r in &report.rules {
        vocabulary.extend([&r.id, &r.name, &r.description, &r.remediation].map(String::clone));
        vocabulary.extend(r.revoke_url.iter().chain(&r.references).cloned());
    }
    let vocabulary = vocabulary.join("\n");
    let secrets: Vec<&Finding> = report
        .findings
        .iter()
        .chain(report.suppressed.iter().map(|s| &s.finding))
        .filter(|f| f.secret.char_len() >= 12)
        .filter(|f| !vocabulary.contains(&*String::from_utf8_lossy(f.secret.expose_secret())))
        .collect();
    for format in [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Markdown,
        Format::Gitlab,
    ] {
        let mut w = Vec::new();
        report::write(format, report, &opts, &mut w).expect("write to a Vec");
        let text = String::from_utf8(w).expect("reports are UTF-8");
        match format {
            Format::Human => assert_terminal_safe("human report", &text),
            Format::Markdown => assert_terminal_safe("markdown report", &text),
            _ => {
                serde_json::from_str::<serde_json::Value>(&text).expect("valid JSON");
            }
        }
        for f in &secrets {
            let raw = String::from_utf8_lossy(f.secret.expose_secret());
            let json = serde_json::to_string(&raw).expect("string to JSON");
            let escaped = keylint::redact::sanitize(f.secret.expose_secret());
            let in_input = |form: &str| memchr::memmem::find(input, form.as_bytes()).is_some();
            let forms = [raw.as_ref(), &json[1..json.len() - 1], escaped.as_str()];
            for form in forms.into_iter().filter(|&f| f == raw || !in_input(f)) {
                if let Some(at) = text.find(form) {
                    // Inputs are synthetic: quoting the secret here helps triage.
                    let around = String::from_utf8_lossy(
                        &text.as_bytes()
                            [at.saturating_sub(80)..(at + form.len() + 80).min(text.len())],
                    );
                    panic!(
                        "{format:?} report holds the secret {form:?} of a {} finding: {around:?}",
                        f.rule_id,
                    );
                }
            }
        }
    }
}

/// Steps per input byte the binding layer may take (its linear-time bound; the unit
/// tests measure about 2–12 on adversarial inputs).
const BINDING_STEPS_PER_BYTE: u64 = 64;

/// The binding layer (`keylint::find::bindings`) on arbitrary bytes. Oracles: every
/// span lies in the input and is ordered, joined parts lie inside their value, no value
/// is empty, the work is linear (a step budget per byte), and a reused `Scanner` gives
/// exactly what a fresh one gives.
pub fn bindings(data: &[u8]) {
    use keylint::find::bindings::{self, Bindings, Scanner};
    thread_local! {
        static SCANNER: std::cell::RefCell<(Scanner, Bindings)> = Default::default();
    }
    let fresh = bindings::scan(data);
    let inside = |s: &std::ops::Range<usize>, what: &str| {
        assert!(
            s.start <= s.end && s.end <= data.len(),
            "{what} span {s:?} outside {} bytes",
            data.len()
        );
    };
    for b in &fresh {
        inside(&b.name, "name");
        inside(&b.value, "value");
        assert!(!b.value.is_empty(), "empty value for {b:?}");
        if let Some(a) = &b.alias {
            inside(a, "alias");
        }
        if let Some(c) = &b.call {
            inside(c, "call");
        }
        for p in fresh.parts(b) {
            inside(p, "part");
            assert!(
                p.start >= b.value.start && p.end <= b.value.end,
                "part {p:?} outside value {:?}",
                b.value
            );
        }
        for l in fresh.labels(b) {
            inside(l, "label");
        }
        let _ = fresh.value_text(b, data);
    }
    SCANNER.with(|cell| {
        let (scanner, out) = &mut *cell.borrow_mut();
        scanner.scan(data, out);
        assert_eq!(
            out.as_slice(),
            fresh.as_slice(),
            "a reused scanner differs from a fresh one"
        );
        assert!(
            scanner.steps() <= BINDING_STEPS_PER_BYTE * (data.len() as u64 + 16),
            "{} steps for {} bytes",
            scanner.steps(),
            data.len()
        );
    });
}
