//! One snapshot per output format on the same fixture, plus SARIF schema validation.

use super::*;

fn scan_bot_repo(format: &str) -> (tempfile::TempDir, std::process::Output) {
    let dir = copy_fixture("bot-repo");
    let out = run_in(dir.path(), &["scan", "--format", format]);
    (dir, out)
}

#[test]
fn human_report() {
    let (_dir, out) = scan_bot_repo("human");
    assert_eq!(code(&out), 1);
    insta::assert_snapshot!(stdout(&out));
}

/// Each finding reads once: one heading per finding (its key-set halves and call site
/// are labels under it), none of them `Error:`, and an overview closes the report.
#[test]
fn human_report_shows_each_finding_once() {
    let (_dir, out) = scan_bot_repo("human");
    let text = stdout(&out);
    assert!(!text.lines().any(|l| l.starts_with("Error:")), "{text}");
    let report = json_report(_dir.path(), &[]);
    let findings = report["findings"].as_array().unwrap();
    let headings = text
        .lines()
        .filter(|l| {
            findings
                .iter()
                .any(|f| l.starts_with(f["rule_id"].as_str().unwrap()))
        })
        .count();
    assert_eq!(headings, findings.len(), "{text}");
    // bot.py:8 (the key of the Binance pair) is a label of the bot.py:9 finding.
    assert_eq!(text.matches(" 8 │ BINANCE_API_KEY").count(), 1, "{text}");
    assert!(text.contains("── overview"), "{text}");
    assert!(
        text.contains("  keylint explain binance-api-secret"),
        "{text}"
    );
}

#[test]
fn markdown_report_snapshot() {
    let (_dir, out) = scan_bot_repo("markdown");
    assert_eq!(code(&out), 1);
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn json_report_snapshot() {
    let (_dir, out) = scan_bot_repo("json");
    assert_eq!(code(&out), 1);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    insta::assert_json_snapshot!(v);
}

#[test]
fn sarif_report_snapshot() {
    let (_dir, out) = scan_bot_repo("sarif");
    assert_eq!(code(&out), 1);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    insta::assert_json_snapshot!(v);
}

/// The fields GitHub code scanning relies on, read back through serde-sarif.
#[test]
fn sarif_has_what_code_scanning_needs() {
    let (_dir, out) = scan_bot_repo("sarif");
    let log: serde_sarif::sarif::Sarif =
        serde_json::from_slice(&out.stdout).expect("valid serde-sarif");
    assert_eq!(log.version, serde_json::json!("2.1.0"));
    let run = &log.runs[0];
    let rules = run.tool.driver.rules.as_ref().expect("rules");
    for r in rules {
        assert!(
            r.short_description.is_some() && r.full_description.is_some(),
            "{}",
            r.id
        );
        assert!(
            r.default_configuration
                .as_ref()
                .and_then(|c| c.level.as_ref())
                .is_some()
        );
        let props = r.properties.as_ref().expect("properties");
        assert!(
            props
                .additional_properties
                .contains_key("security-severity"),
            "{}",
            r.id
        );
    }
    let results = run.results.as_ref().expect("results");
    assert_eq!(results.len(), 14);
    for res in results {
        let id = res.rule_id.as_ref().expect("ruleId");
        let idx = res.rule_index.expect("ruleIndex") as usize;
        assert_eq!(&rules[idx].id, id);
        assert!(
            res.partial_fingerprints
                .as_ref()
                .expect("fingerprints")
                .contains_key("keylint/v1")
        );
        let loc = res.locations.as_ref().unwrap()[0]
            .physical_location
            .as_ref()
            .unwrap();
        let uri = loc
            .artifact_location
            .as_ref()
            .unwrap()
            .uri
            .as_ref()
            .unwrap();
        assert!(!uri.starts_with('/') && !uri.starts_with("./"), "{uri}");
        let region = loc.region.as_ref().unwrap();
        assert!(region.start_line.unwrap() >= 1 && region.start_column.unwrap() >= 1);
        assert!(region.end_line.is_some() && region.end_column.is_some());
    }
}

/// Validate against the official OASIS schema in ../shared/sarif when it is present.
#[test]
fn sarif_validates_against_the_official_schema() {
    for fixture in ["bot-repo", "clean-repo"] {
        let dir = copy_fixture(fixture);
        let out = run_in(dir.path(), &["scan", "--format", "sarif"]);
        let instance: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let Some(errors) = sarif_schema_errors(&instance) else {
            return;
        };
        assert!(errors.is_empty(), "{fixture}: {errors:#?}");
    }
}

#[test]
fn output_file_gets_the_report() {
    let dir = copy_fixture("bot-repo");
    let out = run_in(
        dir.path(),
        &["scan", "--format", "sarif", "--output", "report.sarif"],
    );
    assert_eq!(code(&out), 1);
    assert!(out.stdout.is_empty());
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.sarif")).unwrap()).unwrap();
    assert_eq!(written["runs"][0]["results"].as_array().unwrap().len(), 14);
}
