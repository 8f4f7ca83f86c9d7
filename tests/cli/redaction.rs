//! Canary: no planted secret appears in any output format, written file, warning,
//! error or panic message unless `--show-secrets` is given.

use std::fs;

use super::*;

/// Every invocation whose stdout, stderr and written files are grepped, with the files
/// it writes (relative to the scanned directory).
///
/// Files keylint writes besides reports go here too: the baseline, written and then read.
const INVOCATIONS: &[(&[&str], &[&str])] = &[
    (&["baseline", "create"], &[".keylint-baseline.json"]),
    (
        &["scan", "--baseline", ".keylint-baseline.json", "--verbose"],
        &[],
    ),
    (&["scan"], &[]),
    (&["scan", "--verbose", "--list-suppressed"], &[]),
    (&["scan", "--format", "json", "--list-suppressed"], &[]),
    (&["scan", "--format", "sarif"], &[]),
    (&["scan", "--format", "markdown", "--list-suppressed"], &[]),
    (&["scan", "--format", "gitlab", "--verbose"], &[]),
    (
        &["scan", "--format", "markdown", "--output", "summary.md"],
        &["summary.md"],
    ),
    (
        &["scan", "--format", "gitlab", "--output", "gl.json"],
        &["gl.json"],
    ),
    (
        &["scan", "--format", "human", "--output", "out.txt"],
        &["out.txt"],
    ),
    (
        &[
            "scan",
            "--format",
            "json",
            "--verbose",
            "--output",
            "out.json",
        ],
        &["out.json"],
    ),
    (
        &["scan", "--format", "sarif", "--output", "out.sarif"],
        &["out.sarif"],
    ),
    // Warnings and errors on stderr: an oversize file, a missing path.
    (&["scan", "--max-file-size", "300", ".", "no-such-dir"], &[]),
];

/// The fixture, plus the shapes the engine fuzz target found leaking (both fixed):
/// a found value repeated where no rule fires, and a value that is also the name of the
/// next assignment on its line; and source files that fail to parse at a secret.
fn canary_tree() -> tempfile::TempDir {
    let dir = copy_fixture("bot-repo");
    fs::write(
        dir.path().join("leaky.py"),
        "s3 = boto3.client(\"s3\", aws_access_key_id=\"AKIAVL6BFXY2BYZGDHTH\", note=\"idAKIAVL6BFXY2BYZGDHTH\")\n\
         print(\"xAKIAVL6BFXY2BYZGDHTH\")\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("chain.env"),
        "ISECRET=b91-43ret_access_key = awsS27Eb2cad7EYq9Lm2Xv7Rt4Wk8Zp3Nc6Hd1Qf\n",
    )
    .unwrap();
    // Syntax errors right at a secret: a parser's message (`expected `;`, found "…"`)
    // would quote it. No syntax-aware pass is registered yet; these guard the
    // parse-fallback notes of the ones to come (printed with --verbose).
    let gh = "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"; // keylint:allow
    fs::write(
        dir.path().join("broken.rs"),
        format!("fn main() {{\n    let t = \"{gh}\" \"{gh}\";\n"),
    )
    .unwrap();
    fs::write(
        dir.path().join("broken.py"),
        format!("token = (\"{gh}\" \"{gh}\"\nclient(token\n"),
    )
    .unwrap();
    fs::write(
        dir.path().join("broken.ts"),
        format!("const t = {{ auth: \"{gh}\" \"{gh}\" ;\n"),
    )
    .unwrap();
    dir
}

/// The raw values of every finding and of every other half of a key set (read from
/// the file at the related location's bytes), collected with `--show-secrets`.
fn planted_secrets(dir: &Path) -> Vec<String> {
    let report = json_report(dir, &["--show-secrets", "--list-suppressed"]);
    let mut all: Vec<String> = Vec::new();
    for key in ["findings", "suppressed"] {
        for f in report[key].as_array().unwrap() {
            if f["detector"] == "repository" {
                continue; // about the repository (a tracked `.env`): no value
            }
            all.push(f["secret"]["value"].as_str().unwrap().to_string());
            // other halves of a key set, not the call sites the code-aware pass names
            let halves = f["related"].as_array().unwrap().iter();
            for r in halves.filter(|r| !r["message"].as_str().unwrap().starts_with("passed")) {
                let bytes = std::fs::read(dir.join(r["path"].as_str().unwrap())).unwrap();
                let (s, e) = (
                    r["byte_start"].as_u64().unwrap() as usize,
                    r["byte_end"].as_u64().unwrap() as usize,
                );
                all.push(String::from_utf8(bytes[s..e].to_vec()).unwrap());
            }
        }
    }
    all.sort();
    all.dedup();
    all
}

/// `text` holds neither a secret nor a distinctive middle part of one.
fn assert_no_secret(what: &str, text: &str, secrets: &[String]) {
    for s in secrets {
        let chars: Vec<char> = s.chars().collect();
        // A distinctive middle part too, in case of partial leaks.
        let middle: String = chars[chars.len() / 4..(chars.len() / 4 + 8).min(chars.len())]
            .iter()
            .collect();
        assert!(!text.contains(s.as_str()), "{what} leaks a secret");
        assert!(
            !text.contains(&middle),
            "{what} leaks part of a secret: {middle}"
        );
    }
}

#[test]
fn no_output_format_contains_a_secret() {
    let dir = canary_tree();
    let secrets = planted_secrets(dir.path());
    assert_eq!(secrets.len(), 21, "{secrets:?}");
    for needle in [
        "AKIAVL6BFXY2BYZGDHTH",
        "b91-43ret_access_key",
        "awsS27Eb2cad7EYq9Lm2Xv7Rt4Wk8Zp3Nc6Hd1Qf",
    ] {
        assert!(secrets.iter().any(|s| s == needle), "{needle} not found");
    }
    for (args, written) in INVOCATIONS {
        let out = run_in(dir.path(), args);
        assert_no_secret(&format!("{args:?} stdout"), &stdout(&out), &secrets);
        assert_no_secret(&format!("{args:?} stderr"), &stderr(&out), &secrets);
        for file in *written {
            let text = fs::read_to_string(dir.path().join(file)).unwrap();
            assert_no_secret(&format!("{args:?} {file}"), &text, &secrets);
        }
    }
}

/// A panic while scanning a file (injected in debug builds, quoting the whole file in
/// its message, as a bad `str` slice would) prints no content, becomes an error issue
/// for that file, and the rest of the tree is still scanned.
#[test]
fn a_panic_while_scanning_prints_no_content_and_the_scan_goes_on() {
    if !cfg!(debug_assertions) {
        eprintln!("skipping: fault injection exists only in debug builds");
        return;
    }
    // Synthetic (seeded RNG), used nowhere else: it can only leak through the panic.
    let boom = "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"; // keylint:allow
    let dir = copy_fixture("bot-repo");
    fs::write(
        dir.path().join("boom.env"),
        format!("# canary-panic\nGITHUB_TOKEN={boom}\n"),
    )
    .unwrap();
    let out = keylint()
        .current_dir(dir.path())
        .env("KEYLINT_FAULT_INJECT_PANIC", "canary-panic")
        .args(["scan", "--format", "json"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(
        err.starts_with("keylint: internal error at src/guard.rs:"),
        "{err}"
    );
    assert!(
        err.contains("error: boom.env: internal error while scanning this file"),
        "{err}"
    );
    assert!(
        !err.contains(boom) && !err.contains("canary-panic"),
        "{err}"
    );
    assert_rest_of_bot_repo_scanned(&out, ("boom.env", "internal-error"));
    assert!(!stdout(&out).contains(boom));
}

#[test]
fn show_secrets_does_show_them() {
    let dir = copy_fixture("bot-repo");
    let out = run_in(dir.path(), &["scan", "--show-secrets"]);
    assert!(stdout(&out).contains("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"));
}
