//! Baselines (`baseline create`, `scan --baseline`), and the suppression features a team
//! migrating from another scanner relies on: foreign markers and `--list-suppressed`.

use super::*;

fn create_baseline(dir: &Path) -> serde_json::Value {
    let out = run_in(dir, &["baseline", "create"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "keylint: wrote 12 baseline entries to .keylint-baseline.json\n"
    );
    serde_json::from_slice(&std::fs::read(dir.join(".keylint-baseline.json")).unwrap()).unwrap()
}

#[test]
fn baseline_holds_fingerprints_and_locations_but_no_secret() {
    let dir = copy_fixture("bot-repo");
    let baseline = create_baseline(dir.path());
    assert_eq!(baseline["schema"], "keylint/baseline/v1");
    let entries = baseline["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 12);
    assert_eq!(
        entries[0],
        serde_json::json!({
            "fingerprint": entries[0]["fingerprint"],
            "rule_id": "kucoin-api-secret",
            "path": ".env",
            "line": 3,
            "preview": "b0f5…(36)"
        })
    );
    assert_eq!(entries[0]["fingerprint"].as_str().unwrap().len(), 64);
    // Canary: no secret, and no part of one beyond the masked preview.
    let text = std::fs::read_to_string(dir.path().join(".keylint-baseline.json")).unwrap();
    let report = json_report(dir.path(), &["--show-secrets", "--no-config"]);
    for f in report["findings"].as_array().unwrap() {
        let s = f["secret"]["value"].as_str().unwrap();
        let middle = &s[s.len() / 4..s.len() / 4 + 8];
        assert!(
            !text.contains(s) && !text.contains(middle),
            "baseline leaks {middle}"
        );
    }
}

#[test]
fn baseline_hides_old_findings_but_not_new_ones() {
    let dir = copy_fixture("bot-repo");
    create_baseline(dir.path());
    let out = run_in(
        dir.path(),
        &["scan", "--baseline", ".keylint-baseline.json"],
    );
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("keylint: no findings · 10 files, "),
        "the baseline file itself is scanned and clean: {}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("in baseline 12"), "{}", stdout(&out));

    // Code moving around keeps old findings hidden; a new secret is reported.
    let bot = std::fs::read_to_string(dir.path().join("bot.py")).unwrap();
    std::fs::write(
        dir.path().join("bot.py"),
        format!("# new header\n\n{bot}GH_TOKEN = \"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\"\n"),
    )
    .unwrap();
    let report = json_report(dir.path(), &["--baseline", ".keylint-baseline.json"]);
    let new_line = bot.lines().count() as u64 + 3;
    assert_eq!(
        finding_triples(&report),
        vec![("bot.py".into(), new_line, "github-token".into())]
    );
    assert_eq!(report["summary"]["baselined"], 12);
    assert_eq!(report["baseline"]["stale"], serde_json::json!([]));
}

#[test]
fn the_same_secret_in_another_file_is_new() {
    let dir = copy_fixture("bot-repo");
    create_baseline(dir.path());
    std::fs::copy(dir.path().join(".env"), dir.path().join("copy.env")).unwrap();
    let report = json_report(dir.path(), &["--baseline", ".keylint-baseline.json"]);
    let paths: Vec<String> = finding_triples(&report).into_iter().map(|t| t.0).collect();
    assert_eq!(paths, vec!["copy.env"; 2]);
}

#[test]
fn stale_entries_are_listed_only_for_scanned_paths() {
    let dir = copy_fixture("bot-repo");
    create_baseline(dir.path());
    std::fs::remove_file(dir.path().join("keys/exchange_ed25519.pem")).unwrap();
    let report = json_report(dir.path(), &["--baseline", ".keylint-baseline.json"]);
    assert!(finding_triples(&report).is_empty());
    let stale = report["baseline"]["stale"].as_array().unwrap();
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0]["path"], "keys/exchange_ed25519.pem");
    assert_eq!(stale[0]["rule_id"], "private-key-pem");
    assert_eq!(report["baseline"]["file"], ".keylint-baseline.json");

    let human = run_in(
        dir.path(),
        &["scan", "--baseline", ".keylint-baseline.json"],
    );
    let text = stdout(&human);
    assert_eq!(code(&human), 0, "stale entries do not fail a scan");
    assert!(
        text.contains("stale baseline entries in .keylint-baseline.json"),
        "{text}"
    );
    assert!(
        text.contains("  keys/exchange_ed25519.pem:1 private-key-pem "),
        "{text}"
    );
    assert!(text.contains("1 stale baseline entry"), "{text}");

    // Scanning only src/ cannot tell whether keys/ entries are stale.
    let report = json_report(dir.path(), &["--baseline", ".keylint-baseline.json", "src"]);
    assert_eq!(report["baseline"]["stale"], serde_json::json!([]));
}

#[test]
fn bad_baseline_files_are_usage_errors() {
    let dir = copy_fixture("clean-repo");
    for (text, needle) in [
        ("not json", "expected ident"),
        (
            "{\"schema\":\"keylint/baseline/v0\",\"entries\":[]}",
            "keylint/baseline/v0",
        ),
        (
            "{\"schema\":\"keylint/baseline/v1\",\"entries\":[{\"fingerprint\":\"x\",\"rule_id\":\"a-b\",\"path\":\"p\",\"line\":1}]}",
            "malformed fingerprint",
        ),
    ] {
        std::fs::write(dir.path().join("b.json"), text).unwrap();
        let out = run_in(dir.path(), &["scan", "--baseline", "b.json"]);
        assert_eq!(code(&out), 2, "{text}");
        assert!(stderr(&out).contains(needle), "{text}: {}", stderr(&out));
    }
    let out = run_in(dir.path(), &["scan", "--baseline", "missing.json"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("missing.json"), "{}", stderr(&out));
}

/// One line per foreign marker (detect-secrets' on the line above), one `keylint:allow`
/// and one unmarked, all GitHub tokens (synthetic: base62 from Python's `random`
/// seeded with 20240305, generated once).
const MARKED: &str = "\
A=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 # gitleaks:allow
# pragma: allowlist secret
B=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
C=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 # trufflehog:ignore
D=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 # keylint:allow
E=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
";

#[test]
fn foreign_markers_are_honoured_and_counted_per_marker() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tokens.env"), MARKED).unwrap();
    let report = json_report(dir.path(), &["--list-suppressed"]);
    assert_eq!(
        finding_triples(&report),
        vec![("tokens.env".into(), 6, "github-token".into())]
    );
    assert_eq!(
        report["summary"]["suppressed"],
        serde_json::json!({
            "gitleaks:allow": 1,
            "keylint:allow": 1,
            "pragma: allowlist secret": 1,
            "trufflehog:ignore": 1
        })
    );
    let listed: Vec<(u64, String)> = report["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["line"].as_u64().unwrap(),
                s["marker"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        vec![
            (1, "gitleaks:allow".into()),
            (3, "pragma: allowlist secret".into()),
            (4, "trufflehog:ignore".into()),
            (5, "keylint:allow".into()),
        ]
    );
    let human = run_in(dir.path(), &["scan", "--list-suppressed"]);
    let text = stdout(&human);
    assert!(
        text.contains("hardcoded GitHub token (suppressed by `trufflehog:ignore`)"),
        "{text}"
    );
    assert!(
        text.contains("suppressed 1 by gitleaks:allow, 1 by keylint:allow, 1 by pragma: allowlist secret, 1 by trufflehog:ignore"),
        "{text}"
    );
}

#[test]
fn no_foreign_markers_keeps_only_keylint_allow() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tokens.env"), MARKED).unwrap();
    let report = json_report(dir.path(), &["--no-foreign-markers"]);
    let lines: Vec<u64> = finding_triples(&report).into_iter().map(|t| t.1).collect();
    assert_eq!(lines, vec![1, 3, 4, 6]);
    assert_eq!(
        report["summary"]["suppressed"],
        serde_json::json!({"keylint:allow": 1})
    );
}
