//! The exit-code contract: 0 clean, 1 findings, 2 usage/I-O error or incomplete scan.

use super::*;

#[test]
fn clean_is_0() {
    let out = run_in(&fixture("clean-repo"), &["scan"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).contains("keylint: no findings"));
}

#[test]
fn findings_are_1_and_exit_zero_is_0() {
    let dir = copy_fixture("bot-repo");
    assert_eq!(code(&run_in(dir.path(), &["scan"])), 1);
    assert_eq!(code(&run_in(dir.path(), &["scan", "--exit-zero"])), 0);
}

#[test]
fn missing_path_is_2_and_findings_are_still_reported() {
    let dir = copy_fixture("bot-repo");
    let out = run_in(
        dir.path(),
        &["scan", "--format", "json", ".", "no-such-dir"],
    );
    assert_eq!(code(&out), 2);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["findings"].as_array().unwrap().len(), 14);
    assert_eq!(report["summary"]["complete"], false);
    assert!(
        stderr(&out).contains("error: no-such-dir: no such file or directory"),
        "{}",
        stderr(&out)
    );
    let out = run_in(dir.path(), &["scan", "--exit-zero", "no-such-dir"]);
    assert_eq!(
        code(&out),
        2,
        "--exit-zero does not hide an incomplete scan"
    );
}

#[test]
fn usage_errors_are_2() {
    assert_eq!(
        code(&run_in(&fixture("clean-repo"), &["scan", "--no-such-flag"])),
        2
    );
    assert_eq!(
        code(&run_in(
            &fixture("clean-repo"),
            &["scan", "--max-file-size", "ten"]
        )),
        2
    );
    assert_eq!(code(&run_in(&fixture("clean-repo"), &["frobnicate"])), 2);
}

/// Real even as root: the binary then runs as `nobody` (see `keylint_unprivileged`).
#[cfg(unix)]
#[test]
fn unreadable_file_is_2_and_the_rest_is_scanned() {
    use std::os::unix::fs::PermissionsExt;
    let dir = copy_fixture("bot-repo");
    let locked = dir.path().join("locked.env");
    std::fs::write(&locked, "X=1\n").unwrap();
    open_to_all(dir.path());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let mut unprivileged = keylint_unprivileged();
    let out = unprivileged
        .cmd
        .current_dir(dir.path())
        .args(["scan", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_rest_of_bot_repo_scanned(&out, ("locked.env", "unreadable"));
}

#[test]
fn policy_skips_do_not_fail_a_clean_scan() {
    let dir = copy_fixture("clean-repo");
    std::fs::write(
        dir.path().join("blob.bin"),
        b"\0\0\0GH=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",
    )
    .unwrap();
    let out = run_in(dir.path(), &["scan"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("skipped 1 binary"),
        "{}",
        stdout(&out)
    );
}

/// Only failing findings make exit code 1: a low-confidence guess is reported without
/// failing, until `--fail-confidence low` or `[fail] confidence = "low"` asks for it.
#[test]
fn low_confidence_findings_do_not_fail_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    // a value judged by its name and entropy alone (generic-password: low confidence)
    std::fs::write(
        dir.path().join("compose.yml"),
        b"services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: v9cTGx2jPLj0Jq\n", // keylint:allow
    )
    .unwrap();
    let out = run_in(dir.path(), &["scan", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &report["findings"].as_array().unwrap()[0];
    assert_eq!(
        (f["confidence"].as_str(), f["failing"].as_bool()),
        (Some("low"), Some(false))
    );
    assert_eq!(
        code(&run_in(dir.path(), &["scan", "--fail-confidence", "low"])),
        1
    );
    std::fs::write(
        dir.path().join(".keylint.toml"),
        "[fail]\nconfidence = \"low\"\n",
    )
    .unwrap();
    assert_eq!(code(&run_in(dir.path(), &["scan"])), 1);
    std::fs::write(
        dir.path().join(".keylint.toml"),
        "[fail]\nconfidence = \"low\"\nseverity = \"high\"\n",
    )
    .unwrap();
    assert_eq!(code(&run_in(dir.path(), &["scan"])), 0);
}

/// A wallet key its author marked as a mock is reported at low confidence, with the
/// reason; the same key without the marker fails.
#[test]
fn a_mock_marker_lowers_confidence_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let key = "0x8f2a559490c8f3c2e1b4d7a6c5e9f0b1a2d3c4e5f6a7b8c9d0e1f2a3b4c5d6e7"; // keylint:allow
    let file = dir.path().join("auth.py");
    std::fs::write(&file, format!("private_key = \"{key}\"  # noqa: mock\n")).unwrap();
    let out = run_in(dir.path(), &["scan", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &report["findings"].as_array().unwrap()[0];
    assert_eq!(f["properties"]["sample"]["context"], "marker");
    std::fs::write(&file, format!("private_key = \"{key}\"\n")).unwrap();
    assert_eq!(code(&run_in(dir.path(), &["scan"])), 1);
}
