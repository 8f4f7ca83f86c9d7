//! `.keylint.toml`: allowlists, disabled rules, min_severity, custom rules and errors.

use super::*;

fn with_config(toml: &str) -> tempfile::TempDir {
    let dir = copy_fixture("bot-repo");
    std::fs::write(dir.path().join(".keylint.toml"), toml).unwrap();
    dir
}

#[test]
fn disabled_rules_and_min_severity() {
    let dir = with_config(
        "disabled_rules = [\"generic-secret\", \"generic-password\"]\nmin_severity = \"high\"\n",
    );
    let found = finding_triples(&json_report(dir.path(), &[]));
    assert!(
        !found.iter().any(|(_, _, r)| r.starts_with("generic-")),
        "{found:?}"
    );
    assert_eq!(found.len(), 11);
}

#[test]
fn allowlisted_paths_values_and_fingerprints() {
    let first = json_report(copy_fixture("bot-repo").path(), &[]);
    let fp = first["findings"][1]["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    let dir = with_config(&format!(
        "[allowlist]\npaths = [\"keys/**\", \"rust-client/**\"]\nregexes = ['^AKIA']\nfingerprints = [\"{fp}\"]\n"
    ));
    let report = json_report(dir.path(), &[]);
    let found = finding_triples(&report);
    assert!(
        !found
            .iter()
            .any(|(p, _, _)| p.starts_with("keys/") || p.starts_with("rust-client/"))
    );
    assert!(!found.iter().any(|(_, _, r)| r == "aws-access-key-id"));
    assert!(!found.contains(&(".env".into(), 3, "kucoin-api-secret".into())));
    assert!(
        found.contains(&(
            "docker-compose.yml".into(),
            7,
            "aws-secret-access-key".into()
        )),
        "the secret stays when its allowlisted key id is dropped: {found:?}"
    );
    // 12 secrets less the allowlisted ones, and `.env` not covered by .gitignore (the
    // allowlisted key file is not checked either).
    assert_eq!(found.len(), 10);
    assert_eq!(report["summary"]["allowlisted"], 2);
}

#[test]
fn custom_rules_are_added() {
    let dir = with_config(
        "[[rule]]\nid = \"acme-token\"\ndescription = \"ACME internal token\"\nseverity = \"high\"\nkeywords = [\"acme_\"]\nregex = '''acme_(?P<secret>[a-z0-9]{32})'''\n",
    );
    std::fs::write(
        dir.path().join("acme.txt"),
        "t = acme_9f8e7d6c5b4a39281706f5e4d3c2b1a0\n",
    )
    .unwrap();
    let found = finding_triples(&json_report(dir.path(), &[]));
    assert!(
        found.contains(&("acme.txt".into(), 1, "acme-token".into())),
        "{found:?}"
    );
}

#[test]
fn config_errors_name_the_file_and_key_and_exit_2() {
    for (toml, needle) in [
        ("allow_list = []\n", "allow_list"),
        ("[allowlist]\npath = []\n", "unknown field `path`"),
        (
            "[[rule]]\nid = \"x-y\"\ndescription = \"d\"\nseverity = \"high\"\nregex = '(?P<secret>x)'\nkeywrds = [\"x\"]\n",
            "unknown field `keywrds`",
        ),
        ("[allowlist]\nregexes = ['(']\n", "allowlist.regexes"),
        ("disabled_rules = [\"no-such-rule\"]\n", "no-such-rule"),
        (
            "[[rule]]\nid = \"x-y\"\ndescription = \"d\"\nseverity = \"high\"\nregex = 'no capture'\n",
            "secret",
        ),
        (
            "[[rule]]\nid = \"x-y\"\ndescription = \"d\"\nseverity = \"high\"\nregex = '(?P<secret>\\w{5000}\\w{5000})'\n",
            "does not compile",
        ),
    ] {
        let dir = with_config(toml);
        let out = run_in(dir.path(), &["scan"]);
        assert_eq!(code(&out), 2, "{toml}");
        let err = stderr(&out);
        assert!(err.contains(needle), "{toml}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn explicit_config_flag_and_no_config() {
    let dir = with_config("min_severity = \"critical\"\n");
    std::fs::write(dir.path().join("other.toml"), "min_severity = \"low\"\n").unwrap();
    assert_eq!(finding_triples(&json_report(dir.path(), &[])).len(), 8);
    assert_eq!(
        finding_triples(&json_report(dir.path(), &["--config", "other.toml"])).len(),
        14
    );
    assert_eq!(
        finding_triples(&json_report(dir.path(), &["--no-config"])).len(),
        14
    );
}
