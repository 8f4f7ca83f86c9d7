//! `keylint fix`: one fixture repository per language and format (`fixtures/fix/`),
//! each copied into a fresh git repository, committed and fixed. A snapshot holds the
//! report and every file the fix wrote, with every value masked; the tests also check
//! that the rewritten code still parses, that `.env` holds exactly the moved values,
//! and the safety rules (dry run, dirty tree, tracked `.env`, no git, encodings).

use std::collections::BTreeMap;
use std::path::Path;

use super::gitrepo::GitRepo;
use super::{code, fixture, keylint, stdout};
use crate::require_git;

/// Every file under `dir` (not `.git/`), relative, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir") {
            let e = e.expect("entry");
            let p = e.path();
            if e.file_name() == ".git" {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .expect("under dir")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}

fn copy_into(repo: &GitRepo, name: &str) {
    for (rel, bytes) in tree(&fixture(&format!("fix/{name}"))) {
        let p = repo.path().join(&rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }
}

/// The raw value at every finding's span (and each key-set half's), read from the files.
fn values(dir: &Path) -> Vec<String> {
    let out = keylint()
        .current_dir(dir)
        .args(["scan", "-f", "json", "--exit-zero", "."])
        .output()
        .expect("run");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let mut values = Vec::new();
    for f in report["findings"].as_array().expect("findings") {
        // The finding's own value and its key set's other halves (not the calls).
        let halves = f["related"].as_array().into_iter().flatten();
        let halves = halves.filter(|r| {
            r["message"]
                .as_str()
                .is_some_and(|m| m.contains("of the same key set"))
        });
        let spans = std::iter::once(f).chain(halves);
        for s in spans {
            let path = dir.join(f["path"].as_str().expect("path"));
            let path = if s.get("path").is_some() {
                dir.join(s["path"].as_str().expect("path"))
            } else {
                path
            };
            let bytes = std::fs::read(&path).unwrap_or_default();
            let (a, b) = (
                s["byte_start"].as_u64().unwrap_or(0) as usize,
                s["byte_end"].as_u64().unwrap_or(0) as usize,
            );
            if let Some(v) = bytes.get(a..b).filter(|v| v.len() >= 8) {
                values.push(String::from_utf8_lossy(v).into_owned());
            }
        }
    }
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    values.dedup();
    values
}

fn mask_all(text: &str, values: &[String]) -> String {
    let mut t = text.to_string();
    for v in values {
        t = t.replace(v.as_str(), &keylint::redact::mask(v.as_bytes()));
    }
    t
}

/// Fix fixture `name` in a fresh repository; the snapshot text and the repository.
fn fix_fixture(name: &str, args: &[&str]) -> (String, GitRepo, i32) {
    let repo = require_git_repo();
    copy_into(&repo, name);
    repo.commit_all("the bot");
    let vals = values(repo.path());
    let before = tree(repo.path());
    let mut full = vec!["fix"];
    full.extend_from_slice(args);
    let out = keylint()
        .current_dir(repo.path())
        .args(&full)
        .output()
        .expect("run keylint fix");
    let after = tree(repo.path());
    // A value written differently in the code (a word array) is masked as .env holds it.
    let mut vals = vals;
    vals.extend(env_of(repo.path()).into_values().filter(|v| v.len() >= 8));
    vals.sort_by_key(|v| std::cmp::Reverse(v.len()));
    vals.dedup();
    let mut snap = format!("exit {}\n{}", code(&out), mask_all(&stdout(&out), &vals));
    for (path, bytes) in &after {
        if before.get(path) == Some(bytes) {
            continue;
        }
        let text = String::from_utf8_lossy(bytes).replace('\r', "\\r");
        snap.push_str(&format!("\n=== {path}\n{}", mask_all(&text, &vals)));
    }
    for (path, bytes) in after.iter().filter(|(p, _)| {
        p.ends_with(".py") || p.ends_with(".js") || p.ends_with(".ts") || p.ends_with(".rs")
    }) {
        if before.get(path) != Some(bytes) {
            assert_parses(path, bytes);
        }
    }
    (snap, repo, code(&out))
}

fn require_git_repo() -> GitRepo {
    super::gitrepo::repo().expect("these tests need the git CLI")
}

/// A rewritten file still parses: tree-sitter for Python and JS/TS, syn for Rust.
fn assert_parses(path: &str, bytes: &[u8]) {
    if path.ends_with(".rs") {
        let text = std::str::from_utf8(bytes).expect("UTF-8");
        if let Err(e) = syn::parse_file(text) {
            panic!("{path} does not parse after the fix: {e}\n{text}");
        }
        return;
    }
    let lang: tree_sitter::Language = if path.ends_with(".py") {
        tree_sitter_python::LANGUAGE.into()
    } else if path.ends_with(".ts") {
        tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into()
    } else {
        tree_sitter_javascript::LANGUAGE.into()
    };
    let mut p = tree_sitter::Parser::new();
    p.set_language(&lang).expect("grammar");
    let tree = p.parse(bytes, None).expect("parse");
    assert!(
        !tree.root_node().has_error(),
        "{path} does not parse after the fix:\n{}",
        String::from_utf8_lossy(bytes)
    );
}

/// `.env` as name → value.
fn env_of(dir: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(dir.join(".env")).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.split_once('='))
        .map(|(n, v)| {
            (
                n.to_string(),
                v.trim_matches('\'')
                    .replace("\\n", "\n")
                    .trim_matches('"')
                    .to_string(),
            )
        })
        .collect()
}

macro_rules! fixture_test {
    ($name:ident, $dir:literal) => {
        #[test]
        fn $name() {
            let _ = require_git!();
            let (snap, repo, _) = fix_fixture($dir, &[]);
            insta::assert_snapshot!(snap);
            // After the fix nothing the fix moved is found again.
            let rescan = keylint()
                .current_dir(repo.path())
                .args(["scan", "-f", "json", "--exit-zero", "."])
                .output()
                .expect("scan");
            let rescan = String::from_utf8_lossy(&rescan.stdout);
            for (name, value) in env_of(repo.path()) {
                assert!(
                    value.len() < 8 || !rescan.contains(&value),
                    "{name}'s value is still reported"
                );
                for (path, bytes) in tree(repo.path()) {
                    if path != ".env" {
                        assert!(
                            !String::from_utf8_lossy(&bytes).contains(&value),
                            "{path} still holds the value moved to {name}"
                        );
                    }
                }
            }
        }
    };
}

fixture_test!(python, "python-bot");
fixture_test!(javascript_and_typescript, "node-bot");
fixture_test!(rust, "rust-bot");
fixture_test!(go, "go-bot");
fixture_test!(freqtrade_json, "freqtrade-bot");
fixture_test!(compose_yaml, "compose-bot");
fixture_test!(env_template, "env-template");
fixture_test!(skipped_with_reasons, "skips");

#[test]
fn env_gets_mode_0600_and_gitignore_ignores_it() {
    let _ = require_git!();
    let (_, repo, exit) = fix_fixture("python-bot", &[]);
    assert_eq!(exit, 0, "everything in python-bot is rewritten");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(repo.path().join(".env"))
            .expect(".env")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert_eq!(repo.git(&["check-ignore", ".env"]), ".env");
    let status = repo.git(&["status", "--porcelain", "--untracked-files=all"]);
    assert!(
        !status.contains(".env\n") && !status.ends_with(" .env"),
        "{status}"
    );
}

#[test]
fn dry_run_changes_nothing_and_prints_no_value() {
    let _ = require_git!();
    let repo = require_git_repo();
    copy_into(&repo, "python-bot");
    repo.commit_all("the bot");
    let vals = values(repo.path());
    let before = tree(repo.path());
    let out = keylint()
        .current_dir(repo.path())
        .args(["fix", "--dry-run"])
        .output()
        .expect("run");
    assert_eq!(tree(repo.path()), before, "--dry-run wrote something");
    let text = stdout(&out);
    assert!(
        text.contains("+BINANCE_API_KEY = os.environ[\"BINANCE_API_KEY\"]"),
        "{text}"
    );
    assert!(text.contains("+BINANCE_API_KEY=5xrb…(64)"), "{text}");
    for v in &vals {
        assert!(
            !text.contains(v.as_str()),
            "--dry-run printed a value: {}\n{text}",
            keylint::redact::mask(v.as_bytes())
        );
    }
    assert_eq!(code(&out), 1, "changes are pending");
}

#[test]
fn refuses_a_dirty_tree_unless_allowed() {
    let _ = require_git!();
    let repo = require_git_repo();
    copy_into(&repo, "python-bot");
    repo.commit_all("the bot");
    repo.write("notes.txt", "wip\n");
    repo.git(&["add", "notes.txt"]);
    let out = keylint()
        .current_dir(repo.path())
        .args(["fix"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 2);
    assert!(
        stdout(&out).contains("uncommitted changes: notes.txt (staged)"),
        "{}",
        stdout(&out)
    );
    assert!(!repo.path().join(".env").exists());
    repo.commit_all("notes");
    let bot = repo.path().join("bot.py");
    let text = std::fs::read_to_string(&bot).expect("bot.py");
    std::fs::write(&bot, text.replace("Grid bot", "Grid bot v2")).expect("edit");
    let out = keylint()
        .current_dir(repo.path())
        .args(["fix"])
        .output()
        .expect("run");
    assert!(
        stdout(&out).contains("bot.py (modified)"),
        "{}",
        stdout(&out)
    );
    let out = keylint()
        .current_dir(repo.path())
        .args(["fix", "--allow-dirty"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(repo.path().join(".env").exists());
}

#[test]
fn a_tracked_env_stops_everything() {
    let _ = require_git!();
    let repo = require_git_repo();
    copy_into(&repo, "python-bot");
    repo.write(".env", "LOG_LEVEL=info\n");
    repo.commit_all("the bot");
    for args in [
        &["fix"][..],
        &["fix", "--dry-run"],
        &["fix", "--allow-dirty"],
    ] {
        let before = tree(repo.path());
        let out = keylint()
            .current_dir(repo.path())
            .args(args)
            .output()
            .expect("run");
        assert_eq!(code(&out), 2);
        assert!(
            stdout(&out).contains("git rm --cached .env"),
            "{}",
            stdout(&out)
        );
        assert_eq!(tree(repo.path()), before);
    }
}

#[test]
fn outside_git_it_needs_allow_dirty_and_leaves_gitignore_alone() {
    let dir = tempfile::tempdir().expect("temp");
    for (rel, bytes) in tree(&fixture("fix/python-bot")) {
        std::fs::write(dir.path().join(rel), bytes).expect("write");
    }
    let run = |args: &[&str]| {
        keylint()
            .current_dir(dir.path())
            .env(
                "GIT_CEILING_DIRECTORIES",
                dir.path().parent().expect("parent"),
            )
            .args(args)
            .output()
            .expect("run")
    };
    let out = run(&["fix"]);
    assert_eq!(code(&out), 2);
    assert!(
        stdout(&out).contains("not inside a git repository"),
        "{}",
        stdout(&out)
    );
    let out = run(&["fix", "--allow-dirty"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(dir.path().join(".env").exists());
    assert!(!dir.path().join(".gitignore").exists());
}

#[test]
fn utf16_and_crlf_survive() {
    let _ = require_git!();
    let repo = require_git_repo();
    let text =
        "import os\r\nTELEGRAM_TOKEN = \"7137511915:AAFdC2dsz6mcaVPV8QKsf4iqHKOdP44dUJ_\"\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(repo.path().join("bot.py"), &bytes).expect("write");
    repo.commit_all("utf-16 bot");
    let out = keylint()
        .current_dir(repo.path())
        .args(["fix"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let after = std::fs::read(repo.path().join("bot.py")).expect("read");
    assert_eq!(&after[..2], &[0xFF, 0xFE]);
    let units: Vec<u16> = after[2..]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let decoded = String::from_utf16(&units).expect("UTF-16");
    assert_eq!(
        decoded,
        "import os\r\nTELEGRAM_TOKEN = os.environ[\"TELEGRAM_TOKEN\"]\r\n"
    );
}

#[test]
fn rule_selection_and_low_confidence() {
    let _ = require_git!();
    let repo = require_git_repo();
    repo.write("notify.py", "import os\nhmac_secret = \"t2zCjp1Vxpf6eA\"\n");
    repo.commit_all("bot");
    let out = keylint()
        .current_dir(repo.path())
        .args(["fix"])
        .output()
        .expect("run");
    assert!(
        stdout(&out).contains("low confidence, below the fail policy"),
        "{}",
        stdout(&out)
    );
    assert_eq!(code(&out), 1);
    // a finding that fails the build is fixed without naming its rule
    let out = keylint()
        .current_dir(repo.path())
        .args(["fix", "--dry-run", "--fail-confidence", "low"])
        .output()
        .expect("run");
    assert!(
        !stdout(&out).contains("below the fail policy"),
        "{}",
        stdout(&out)
    );
    let out = keylint()
        .current_dir(repo.path())
        .args(["fix", "--rule", "generic-secret"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(
        env_of(repo.path()).keys().collect::<Vec<_>>(),
        vec!["HMAC_SECRET"]
    );
    let out = keylint()
        .current_dir(repo.path())
        .args(["fix", "--rule", "no-such-rule"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 2);
}

#[test]
fn two_values_never_share_a_name_and_a_second_run_changes_nothing() {
    let _ = require_git!();
    let repo = require_git_repo();
    repo.write(
        "a.py",
        "from binance.client import Client\nc = Client(api_key=\"5xrbw0aRFvKyQQbV4iOmSpnXJzjdO9KnUcOwcOBExM3tnY4WftHKrmUeUKjuZSib\", api_secret=\"xZKiGvbtcj7bsHXDYzEzVMGPBnu3mY2lhm12FPzmV4eAk5M7ByFgDcEW7AKW3gc3\")\n",
    );
    repo.write(
        "b.py",
        "from binance.client import Client\nc = Client(api_key=\"3nn2N2YnlTDZSBMFZsD5tSV8uzzLh94RaXMXEp8dEuNAtoXW647DfYzrU4OLWcIu\", api_secret=\"fsCiG7fkp6tg9WRHohs3ajKH8P5cikaGsKZZuAxdbfh0z3WdZ18FNFdK9omC43XS\")\n",
    );
    repo.commit_all("two bots");
    let out = keylint()
        .current_dir(repo.path())
        .args(["fix"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let env = env_of(repo.path());
    assert_eq!(
        env.keys().collect::<Vec<_>>(),
        vec![
            "BINANCE_API_KEY",
            "BINANCE_API_KEY_2",
            "BINANCE_API_SECRET",
            "BINANCE_API_SECRET_2"
        ]
    );
    assert_eq!(
        env["BINANCE_API_KEY_2"],
        "3nn2N2YnlTDZSBMFZsD5tSV8uzzLh94RaXMXEp8dEuNAtoXW647DfYzrU4OLWcIu"
    );
    repo.commit_all("fixed");
    let before = tree(repo.path());
    let out = keylint()
        .current_dir(repo.path())
        .args(["fix"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(tree(repo.path()), before);
}
