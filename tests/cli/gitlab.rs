//! `--format gitlab`: GitLab's secret-detection report, validated against GitLab's
//! published schema (vendored in tests/schemas/gitlab/) for complete and incomplete
//! scans, with the fields GitLab's documentation requires checked one by one too.

use super::*;

pub fn schema_errors(instance: &serde_json::Value) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas/gitlab/secret-detection-report-format-15.2.1.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("vendored schema"))
            .expect("schema is JSON");
    assert_eq!(schema["self"]["version"], "15.2.1");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

fn gitlab_report(dir: &Path, extra: &[&str]) -> (serde_json::Value, i32) {
    let mut args = vec!["scan", "--format", "gitlab"];
    args.extend_from_slice(extra);
    let out = run_in(dir, &args);
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}{}", stdout(&out), stderr(&out)));
    (v, code(&out))
}

/// The fields GitLab's documentation lists as required, checked without the schema:
/// a report GitLab accepts has them all, whatever the validator says.
pub fn assert_required_fields(v: &serde_json::Value) {
    assert_eq!(v["version"], "15.2.1");
    let scan = &v["scan"];
    assert_eq!(scan["type"], "secret_detection");
    for tool in ["analyzer", "scanner"] {
        for field in ["id", "name", "version"] {
            assert!(
                scan[tool][field].as_str().is_some_and(|s| !s.is_empty()),
                "{tool}.{field}"
            );
        }
        assert!(
            scan[tool]["vendor"]["name"]
                .as_str()
                .is_some_and(|s| !s.is_empty())
        );
    }
    let time = regex::Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$").unwrap();
    assert!(time.is_match(scan["start_time"].as_str().unwrap()));
    assert!(time.is_match(scan["end_time"].as_str().unwrap()));
    assert!(["success", "failure"].contains(&scan["status"].as_str().unwrap()));
    let mut ids = std::collections::HashSet::new();
    for vuln in v["vulnerabilities"].as_array().unwrap() {
        let id = vuln["id"].as_str().unwrap();
        assert!(ids.insert(id.to_string()), "duplicate id {id}");
        assert!(
            // `Info`: a finding below the fail policy (informational)
            ["Critical", "High", "Medium", "Low", "Info"]
                .contains(&vuln["severity"].as_str().unwrap())
        );
        let ident = &vuln["identifiers"][0];
        assert_eq!(ident["type"], "keylint_rule_id");
        assert!(ident["value"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(
            vuln["location"]["file"]
                .as_str()
                .is_some_and(|s| !s.is_empty())
        );
        assert!(vuln["location"]["start_line"].as_u64().unwrap() >= 1);
        assert!(
            vuln["location"]["commit"]["sha"]
                .as_str()
                .is_some_and(|s| !s.is_empty())
        );
    }
}

#[test]
fn complete_scan_validates_against_gitlabs_schema() {
    for fixture in ["bot-repo", "clean-repo"] {
        let dir = copy_fixture(fixture);
        let (v, code) = gitlab_report(dir.path(), &[]);
        assert_eq!(schema_errors(&v), Vec::<String>::new(), "{fixture}");
        assert_required_fields(&v);
        assert_eq!(v["scan"]["status"], "success");
        let expected = if fixture == "bot-repo" { 1 } else { 0 };
        assert_eq!(code, expected, "{fixture}");
    }
}

/// The validator does reject what GitLab would: a wrong scan type, a vulnerability
/// without its commit, a severity GitLab does not know, a time with a zone.
#[test]
fn the_schema_rejects_what_gitlab_rejects() {
    let dir = copy_fixture("bot-repo");
    let (v, _) = gitlab_report(dir.path(), &[]);
    type Break = fn(&mut serde_json::Value);
    let broken: [(&str, Break); 4] = [
        ("scan type", |v| v["scan"]["type"] = "sast".into()),
        ("commit", |v| {
            v["vulnerabilities"][0]["location"]
                .as_object_mut()
                .unwrap()
                .remove("commit");
        }),
        ("severity", |v| {
            v["vulnerabilities"][0]["severity"] = "critical".into()
        }),
        ("time", |v| {
            v["scan"]["start_time"] = "2024-03-01T10:00:00Z".into()
        }),
    ];
    for (what, breaks) in broken {
        let mut bad = v.clone();
        breaks(&mut bad);
        assert!(!schema_errors(&bad).is_empty(), "{what} not rejected");
    }
}

#[test]
fn incomplete_scan_is_a_failure_that_keeps_its_findings() {
    let dir = copy_fixture("bot-repo");
    let (v, code) = gitlab_report(dir.path(), &[".", "no-such-dir"]);
    assert_eq!(code, 2);
    assert_eq!(schema_errors(&v), Vec::<String>::new());
    assert_required_fields(&v);
    assert_eq!(v["scan"]["status"], "failure");
    let json = json_report(dir.path(), &[]);
    assert_eq!(
        v["vulnerabilities"].as_array().unwrap().len(),
        json["findings"].as_array().unwrap().len()
    );
    let messages = v["scan"]["messages"].as_array().unwrap();
    assert!(
        messages
            .iter()
            .any(|m| m["level"] == "warn"
                && m["value"].as_str().unwrap().starts_with("no-such-dir:")),
        "{messages:?}"
    );
}

#[test]
fn ids_are_stable_and_values_are_masked() {
    let dir = copy_fixture("bot-repo");
    let (a, _) = gitlab_report(dir.path(), &[]);
    // Code moves within a file: same ids.
    let bot = dir.path().join("bot.py");
    let text = std::fs::read_to_string(&bot).unwrap();
    std::fs::write(&bot, format!("\n\n# moved\n{text}")).unwrap();
    let (b, _) = gitlab_report(dir.path(), &[]);
    let ids = |v: &serde_json::Value| {
        let mut ids: Vec<String> = v["vulnerabilities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&a), ids(&b));
    let binance = a["vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["location"]["file"] == "bot.py" && x["location"]["start_line"] == 9)
        .expect("the Binance secret");
    assert_eq!(
        binance["raw_source_code_extract"],
        "BINANCE_API_SECRET = \"xZKi…(64)\""
    );
    assert_eq!(binance["severity"], "Critical");
    assert_eq!(binance["identifiers"][0]["value"], "binance-api-secret");
    assert_eq!(binance["location"]["commit"]["sha"], "0000000");
}

#[test]
fn gitlab_report_snapshot() {
    let dir = copy_fixture("bot-repo");
    let (mut v, _) = gitlab_report(dir.path(), &[]);
    // One identifier per enabled rule: counted here, listed by `keylint rules`.
    let n = v["scan"]["primary_identifiers"].as_array().unwrap().len();
    let rules = stdout(&run_in(dir.path(), &["rules"])).lines().count();
    assert_eq!(n, rules);
    v["scan"]["primary_identifiers"] = serde_json::json!(format!("{n} identifiers"));
    insta::assert_json_snapshot!(v);
}
