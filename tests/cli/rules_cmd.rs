//! `keylint rules`, `rules check` and `explain`.

use super::*;

#[test]
fn rules_lists_every_rule() {
    let out = run_in(&fixture("clean-repo"), &["rules"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| l.starts_with("binance-api-secret") && l.contains("critical"))
    );
    let out = run_in(&fixture("clean-repo"), &["rules", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), text.lines().count());
}

#[test]
fn rules_check_passes() {
    let out = run_in(&fixture("clean-repo"), &["rules", "check"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).contains(", 0 problems"));
}

#[test]
fn explain_prints_docs_and_revoke_link() {
    let out = run_in(&fixture("clean-repo"), &["explain", "binance-api-secret"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(text.contains("Binance API secret key (binance-api-secret)"));
    assert!(
        text.contains("Revoke or rotate at: https://www.binance.com/en/my/settings/api-management")
    );
    assert!(text.contains(
        "key set:    `binance` (secret): reported as one finding with the other halves found near it"
    ));
    let out = run_in(
        &fixture("clean-repo"),
        &["rules", "explain", "binance-api-secret"],
    );
    assert_eq!(stdout(&out), text);
}

#[test]
fn explain_unknown_rule_is_2() {
    let out = run_in(&fixture("clean-repo"), &["explain", "no-such-rule"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("unknown rule id `no-such-rule`"));
}
