//! What a scan finds and skips on the fake bot repository.

use super::*;

/// Every planted secret in fixtures/bot-repo, exactly; placeholders, environment
/// reads, the ignored file, the binary file and the allowed line are absent. Key sets
/// are one finding on the secret's line (their other halves: `BOT_REPO_KEY_SETS`).
/// The fixture has a `.gitignore` that does not cover `.env` or the key file: each is
/// a finding of its own on line 1 (`credential-file-unignored`).
const BOT_REPO_FINDINGS: &[(&str, u64, &str)] = &[
    (".env", 1, "credential-file-unignored"),
    (".env", 3, "kucoin-api-secret"),
    (".env", 6, "evm-private-key"),
    ("bot.py", 9, "binance-api-secret"),
    ("bot.py", 26, "bybit-api-secret"),
    ("config.json", 6, "kraken-private-key"),
    ("config.json", 16, "freqtrade-api-server-secret"),
    ("docker-compose.yml", 7, "aws-secret-access-key"),
    ("docker-compose.yml", 12, "generic-password"),
    ("keys/exchange_ed25519.pem", 1, "credential-file-unignored"),
    ("keys/exchange_ed25519.pem", 1, "private-key-pem"),
    ("rust-client/src/main.rs", 3, "binance-api-secret"),
    ("src/telegram.ts", 4, "telegram-bot-token"),
    ("src/telegram.ts", 10, "github-token"),
];

/// `(path, line of the secret, severity, lines of the other halves)` of every key set.
const BOT_REPO_KEY_SETS: &[(&str, u64, &str, &[u64])] = &[
    (".env", 3, "critical", &[2, 4]),
    // the related list also holds where the code-aware pass saw the value go (line 23)
    ("bot.py", 9, "critical", &[8, 23]),
    ("bot.py", 26, "critical", &[26]),
    ("config.json", 6, "critical", &[5]),
    ("docker-compose.yml", 7, "critical", &[6]),
    // no other half: the call it is passed to
    ("rust-client/src/main.rs", 3, "critical", &[8]),
];

fn expected() -> Vec<(String, u64, String)> {
    BOT_REPO_FINDINGS
        .iter()
        .map(|(p, l, r)| (p.to_string(), *l, r.to_string()))
        .collect()
}

#[test]
fn bot_repo_findings_are_exact() {
    let dir = copy_fixture("bot-repo");
    let report = json_report(dir.path(), &[]);
    assert_eq!(finding_triples(&report), expected());
    assert_eq!(report["summary"]["suppressed"]["keylint:allow"], 1);
    assert_eq!(report["summary"]["issues"]["binary"], 1);
    assert_eq!(report["summary"]["files_scanned"], 9);
}

#[test]
fn key_sets_are_one_finding_naming_every_half() {
    let dir = copy_fixture("bot-repo");
    let report = json_report(dir.path(), &[]);
    let sets: Vec<(String, u64, String, Vec<u64>)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["related"].as_array().unwrap().is_empty())
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["severity"].as_str().unwrap().to_string(),
                f["related"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r["line"].as_u64().unwrap())
                    .collect(),
            )
        })
        .collect();
    let want: Vec<(String, u64, String, Vec<u64>)> = BOT_REPO_KEY_SETS
        .iter()
        .map(|(p, l, s, r)| (p.to_string(), *l, s.to_string(), r.to_vec()))
        .collect();
    assert_eq!(sets, want);
    let kucoin = &report["findings"][1];
    assert_eq!(kucoin["confidence"], "high");
    assert_eq!(
        kucoin["message"],
        "hardcoded KuCoin API secret assigned to `KUCOIN_API_SECRET`, together with its KuCoin API key and KuCoin API passphrase"
    );
}

/// The fixture's `.gitignore` lists `secrets.local.env`; git would not commit it, so
/// tests create it (with a planted key) in their copy.
fn with_ignored_secret() -> tempfile::TempDir {
    let dir = copy_fixture("bot-repo");
    std::fs::write(
        dir.path().join("secrets.local.env"),
        "BINANCE_API_SECRET=5xrbw0aRFvKyQQbV4iOmSpnXJzjdO9KnUcOwcOBExM3tnY4WftHKrmUeUKjuZSib\n",
    )
    .unwrap();
    dir
}

/// In a git repository `.gitignore` is honoured: git would not commit the file.
#[test]
fn gitignored_files_are_skipped_by_default_in_a_repository() {
    let dir = with_ignored_secret();
    let init = gitrepo::git_cmd(dir.path())
        .args(["init", "-q", "."])
        .output();
    let Ok(init) = init else {
        eprintln!("skipping: the `git` CLI is not installed");
        return;
    };
    assert!(init.status.success(), "{init:?}");
    assert_eq!(finding_triples(&json_report(dir.path(), &[])), expected());
}

/// Outside a repository `.gitignore` decides nothing (a copied tree or an archive ships
/// what it lists): the listed file is read, and, being covered by the `.gitignore`, it is
/// not a `credential-file-unignored` finding.
#[test]
fn outside_git_gitignored_files_are_read() {
    let dir = with_ignored_secret();
    let found = finding_triples(&json_report(dir.path(), &[]));
    assert!(
        found.contains(&("secrets.local.env".into(), 1, "binance-api-secret".into())),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|(p, _, r)| p == "secrets.local.env" && r == "credential-file-unignored"),
        "{found:?}"
    );
    let mut rest: Vec<_> = found
        .into_iter()
        .filter(|(p, _, _)| p != "secrets.local.env")
        .collect();
    rest.sort();
    let mut want = expected();
    want.sort();
    assert_eq!(rest, want);
}

#[test]
fn gitignored_files_are_scanned_with_no_ignore() {
    let dir = with_ignored_secret();
    let report = json_report(dir.path(), &["--no-ignore"]);
    let found = finding_triples(&report);
    assert!(
        found.contains(&("secrets.local.env".into(), 1, "binance-api-secret".into())),
        "{found:?}"
    );
}

#[test]
fn keylintignore_is_honoured() {
    let dir = copy_fixture("bot-repo");
    std::fs::write(dir.path().join(".keylintignore"), "keys/\n*.yml\n").unwrap();
    let found = finding_triples(&json_report(dir.path(), &[]));
    assert!(
        !found
            .iter()
            .any(|(p, _, _)| p.starts_with("keys/") || p.ends_with(".yml")),
        "{found:?}"
    );
    assert_eq!(found.len(), BOT_REPO_FINDINGS.len() - 4);
}

#[test]
fn git_directory_is_never_entered() {
    let dir = copy_fixture("clean-repo");
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::write(
        dir.path().join(".git/config"),
        "token = \"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\"\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["scan", "--no-ignore"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
}

#[test]
fn explicit_files_are_scanned_even_if_ignored() {
    let dir = with_ignored_secret();
    let report = json_report(dir.path(), &["secrets.local.env", "src/telegram.ts"]);
    let found = finding_triples(&report);
    assert_eq!(
        found,
        vec![
            ("secrets.local.env".into(), 1, "binance-api-secret".into()),
            ("src/telegram.ts".into(), 4, "telegram-bot-token".into()),
            ("src/telegram.ts".into(), 10, "github-token".into()),
        ]
    );
}

#[test]
fn stdin_is_scanned_as_stdin() {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = keylint()
        .args(["scan", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"TELEGRAM_BOT_TOKEN=3833747758:AAyH8j1vwhIT-A7rP-eAmILknoqgR9M9Jx3\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        finding_triples(&report),
        vec![("<stdin>".into(), 1, "telegram-bot-token".into())]
    );
    assert_eq!(code(&out), 1);
}

#[test]
fn oversize_files_are_skipped_and_counted_not_failed() {
    let dir = copy_fixture("clean-repo");
    std::fs::write(dir.path().join("big.txt"), vec![b'a'; 2048]).unwrap();
    let out = run_in(dir.path(), &["scan", "--max-file-size", "1K", "--verbose"]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("skipped 1 too-large"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("skipped big.txt: skipped: 2048 bytes"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn list_suppressed_shows_the_marker() {
    let dir = copy_fixture("bot-repo");
    let report = json_report(dir.path(), &["--list-suppressed"]);
    let s = &report["suppressed"][0];
    assert_eq!(s["path"], "bot.py");
    assert_eq!(s["line"], 19);
    assert_eq!(s["marker"], "keylint:allow");
}

#[test]
fn foreign_markers_are_honoured_unless_disabled() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.env"),
        "GH=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 # gitleaks:allow\n",
    )
    .unwrap();
    let report = json_report(dir.path(), &[]);
    assert_eq!(report["summary"]["suppressed"]["gitleaks:allow"], 1);
    assert!(finding_triples(&report).is_empty());
    let report = json_report(dir.path(), &["--no-foreign-markers"]);
    assert_eq!(finding_triples(&report).len(), 1);
}

#[test]
fn dogfood_keylint_sources_are_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = keylint()
        .current_dir(root)
        .args(["scan", "src", "benches", "build.rs"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stdout(&out));
}

/// An encrypted keystore is reported only where its password sits beside it (same
/// directory); alone it is listed as suppressed, and fails nothing.
#[test]
fn an_encrypted_keystore_needs_its_password_beside_it() {
    let ks = fixture("bots").join("wallets/keystore");
    let name = std::fs::read_dir(&ks)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .find(|n| n.starts_with("UTC--"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    for sub in ["alone", "with-password"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::copy(ks.join(&name), dir.path().join(sub).join(&name)).unwrap();
    }
    // synthetic
    std::fs::write(
        dir.path().join("with-password/.env"),
        "WALLET_PASSWORD=Xk9#mQ2v!Lp7wR4zT\n", // keylint:allow
    )
    .unwrap();
    let report = json_report(dir.path(), &["--no-ignore", "--exit-zero"]);
    let rules: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["rule_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        rules.contains(&(format!("with-password/{name}"), "evm-keystore".to_string())),
        "{rules:?}"
    );
    assert!(
        !rules.iter().any(|(p, _)| p.starts_with("alone/")),
        "{rules:?}"
    );
    assert_eq!(
        report["summary"]["suppressed"]["alone (nothing it needs beside it)"], 1,
        "{}",
        report["summary"]
    );
}

/// A SQL dump's rows take their table's columns however far below the `CREATE TABLE`
/// they are (pg_dump writes every table first, the data after).
#[test]
fn sql_rows_far_below_their_table_are_judged_by_its_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut sql = String::from(
        "CREATE TABLE public.api_credentials (id serial, exchange text, api_key text, api_secret text);\n",
    );
    for i in 0..12 {
        sql.push_str(&format!(
            "CREATE TABLE public.t{i} (id serial, note text);\n"
        ));
    }
    sql.push_str("INSERT INTO public.api_credentials VALUES (1, 'gate', 'k', 'c34ac1d6edd402912f789c7f41d72e24397e14993d662f08b8ea1156ca8201e7');\n");
    sql.push_str("INSERT INTO public.api_credentials VALUES (2, 'bybit', 'k', '7OVprNWc0o8xBPWJwiqm28ux5ftMLbv9uU7C');\n");
    std::fs::write(dir.path().join("dump.sql"), &sql).unwrap();
    let found = finding_triples(&json_report(dir.path(), &["--no-config"]));
    let lines: Vec<u64> = found
        .iter()
        .filter(|(p, _, _)| p == "dump.sql")
        .map(|(_, l, _)| *l)
        .collect();
    assert_eq!(lines, [14, 15], "{found:?}");
}
