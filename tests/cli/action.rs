//! The composite action's scan step (action.yml), run as GitHub would run it: one
//! scan, the human report in the log, SARIF and markdown written, the markdown
//! appended to the job summary, and the outputs set.

use super::*;

/// The `run:` script of the step named `name` in action.yml.
fn step_script(name: &str) -> String {
    let yml = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml"))
        .expect("action.yml");
    let start = yml
        .find(&format!("    - name: {name}\n"))
        .expect("the step exists");
    let run = start + yml[start..].find("      run: |\n").expect("a run block") + 13;
    yml[run..]
        .lines()
        .take_while(|l| l.is_empty() || l.starts_with("        "))
        .map(|l| l.strip_prefix("        ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(unix)]
#[test]
fn scan_step_writes_sarif_markdown_and_the_job_summary() {
    let dir = copy_fixture("bot-repo");
    let temp = tempfile::tempdir().unwrap();
    let summary = temp.path().join("step_summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let outputs = temp.path().join("outputs");
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
        .arg(step_script("Scan"))
        .current_dir(dir.path())
        .env("KEYLINT", env!("CARGO_BIN_EXE_keylint"))
        .env("KEYLINT_DETERMINISTIC", "1")
        .env("SCAN_PATH", ".")
        .env("DIFF_BASE", "")
        .env("BASELINE", "")
        .env("SARIF", "keylint.sarif")
        .env("SUMMARY", "true")
        .env("EXTRA_ARGS", "")
        .env("RUNNER_TEMP", temp.path())
        .env("GITHUB_OUTPUT", &outputs)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("binance-api-secret"),
        "human report in the log"
    );
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("keylint.sarif")).unwrap()).unwrap();
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
    let summary = std::fs::read_to_string(&summary).unwrap();
    assert!(
        summary.starts_with("earlier step\n### keylint: "),
        "{summary}"
    );
    assert!(summary.contains("| severity | rule | location | secret | finding |"));
    let outputs = std::fs::read_to_string(&outputs).unwrap();
    assert!(outputs.contains("sarif=keylint.sarif\n"), "{outputs}");
    assert!(outputs.contains("exit-code=1\n"), "{outputs}");
    assert!(outputs.contains("markdown="), "{outputs}");
}
