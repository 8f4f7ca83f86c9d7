//! Canary: no planted secret appears in any output format, baseline or log unless
//! `--show-secrets` is given.

use super::*;

/// The raw values of every finding and of every other half of a key set (read from
/// the file at the related location's bytes), collected with `--show-secrets`.
fn planted_secrets(dir: &Path) -> Vec<String> {
    let report = json_report(dir, &["--show-secrets", "--list-suppressed"]);
    let mut all: Vec<String> = Vec::new();
    for key in ["findings", "suppressed"] {
        for f in report[key].as_array().unwrap() {
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
    assert_eq!(
        all.len(),
        19,
        "13 findings (one suppressed) and 6 other halves"
    );
    all
}

#[test]
fn no_output_format_contains_a_secret() {
    let dir = copy_fixture("bot-repo");
    let secrets = planted_secrets(dir.path());
    for format in ["human", "json", "sarif"] {
        for extra in [&[][..], &["--verbose", "--list-suppressed"][..]] {
            let mut args = vec!["scan", "--format", format, "--output", "out.txt"];
            args.extend_from_slice(extra);
            let out = run_in(dir.path(), &args);
            let written = std::fs::read_to_string(dir.path().join("out.txt")).unwrap();
            for s in &secrets {
                // Check a distinctive middle part too, in case of partial leaks.
                let middle = &s[s.len() / 4..s.len() / 4 + 8];
                for (what, text) in [
                    ("stdout", stdout(&out)),
                    ("stderr", stderr(&out)),
                    ("file", written.clone()),
                ] {
                    assert!(!text.contains(s.as_str()), "{format} {what} leaks a secret");
                    assert!(
                        !text.contains(middle),
                        "{format} {what} leaks part of a secret: {middle}"
                    );
                }
            }
        }
    }
}

#[test]
fn show_secrets_does_show_them() {
    let dir = copy_fixture("bot-repo");
    let out = run_in(dir.path(), &["scan", "--show-secrets"]);
    assert!(stdout(&out).contains("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"));
}
