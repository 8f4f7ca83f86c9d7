//! Terminal-escape injection: file names, file content and a repository's own
//! `.keylint.toml` can hold ANSI/OSC sequences and bidi overrides; none may reach the
//! terminal raw (human output, warnings and errors on stderr, the rules commands).

use std::fs;

use super::*;

const GH: &str = "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"; // keylint:allow

/// OSC 0 (set the window title), OSC 8 (a hyperlink), CSI (clear screen, colour),
/// an 8-bit CSI (U+009B), BEL and a right-to-left override. No `/`: it is also a
/// file name.
const NASTY: &str = "\x1b]0;owned\x07\x1b]8;;mailto:evil\x07\x1b[2J\x1b[31m\u{9b}1m\u{202e}";

/// Terminal output holds no control character but newlines, and no bidi override.
fn assert_terminal_safe(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    assert!(bad.is_empty(), "{what}: raw {bad:?} in {text}");
}

#[cfg(unix)]
#[test]
fn file_names_with_escape_sequences_are_escaped_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join(format!("{NASTY}bot.py")),
        format!("TOKEN = \"{GH}\"\n"),
    )
    .unwrap();
    fs::write(d.join(format!("{NASTY}blob.bin")), b"\0\0\0").unwrap();
    fs::write(d.join(format!("{NASTY}big.txt")), vec![b'a'; 2048]).unwrap();
    for args in [
        &["scan", "--verbose", "--max-file-size", "1K"][..],
        &["scan", "--format", "json", "--max-file-size", "1K"][..],
        &["scan", "--format", "sarif"][..],
        &["scan", &format!("{NASTY}missing.py")][..],
    ] {
        let out = run_in(d, args);
        assert_terminal_safe(&format!("{args:?} stdout"), &out.stdout);
        assert_terminal_safe(&format!("{args:?} stderr"), &out.stderr);
    }
    let out = run_in(d, &["scan", "--verbose", "--max-file-size", "1K"]);
    let text = stdout(&out);
    assert!(
        text.contains("\\u{1b}]0;owned\\u{7}\\u{1b}]8;;mailto:evil\\u{7}\\u{1b}[2J\\u{1b}[31m\\u{9b}1m\\u{202e}bot.py:1:10"),
        "{text}"
    );
    assert!(text.contains("skipped \\u{1b}]0;owned"), "{text}");
    assert!(
        stderr(&out).starts_with("warning: \\u{1b}]0;owned"),
        "{}",
        stderr(&out)
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_directory_with_an_escape_sequence_in_its_name() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sealed = d.join(format!("{NASTY}sealed"));
    fs::create_dir(&sealed).unwrap();
    fs::write(sealed.join("k.env"), format!("GITHUB_TOKEN={GH}\n")).unwrap();
    open_to_all(d);
    let mut unprivileged = keylint_unprivileged();
    let cmd = &mut unprivileged.cmd;
    fs::set_permissions(&sealed, fs::Permissions::from_mode(0o000)).unwrap();
    cmd.current_dir(d).arg("scan");
    let m = run_measured(unprivileged.cmd, Duration::from_secs(120));
    fs::set_permissions(&sealed, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code(&m.output), 2, "{}", stderr(&m.output));
    // The walker's error message quotes the path: it is escaped as well.
    assert!(
        stderr(&m.output).contains("error: \\u{1b}]0;owned"),
        "{}",
        stderr(&m.output)
    );
    assert_terminal_safe("stderr", &m.output.stderr);
    assert_terminal_safe("stdout", &m.output.stdout);
}

#[test]
fn file_content_with_escape_sequences_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("bot.py"),
        format!("# {NASTY}\nGITHUB_TOKEN = \"{GH}\" # {NASTY}\n{NASTY}\n"),
    )
    .unwrap();
    fs::write(
        dir.path().join("app.env"),
        format!("API_{NASTY}KEY=Q8xvN2mK4pL7wR1tZ9yuM3nJ\n"),
    )
    .unwrap();
    for args in [&["scan"][..], &["scan", "--show-secrets"][..]] {
        let out = run_in(dir.path(), args);
        assert_eq!(code(&out), 1, "{}", stdout(&out));
        assert_terminal_safe("stdout", &out.stdout);
        assert_terminal_safe("stderr", &out.stderr);
        assert!(stdout(&out).contains("\\u{1b}[2J"), "{}", stdout(&out));
    }
}

/// A cloned repository's `.keylint.toml` controls custom rule text, which the human
/// report and the rules commands print.
#[test]
fn custom_rule_text_from_a_repository_config_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let esc = |s: &str| s.replace('\x1b', "\\u001b").replace('\x07', "\\u0007");
    fs::write(
        dir.path().join(".keylint.toml"),
        format!(
            "[[rule]]\nid = \"acme-token\"\nname = \"ACME {n}\"\ndescription = \"{n}\"\n\
             severity = \"high\"\nkeywords = [\"acme_\"]\nregex = '''acme_(?P<secret>[a-z0-9]{{32}})'''\n\
             remediation = \"{n}\"\nrevoke_url = \"https://x.example/{n}\"\nreferences = [\"{n}\"]\n",
            n = esc(NASTY)
        ),
    )
    .unwrap();
    fs::write(
        dir.path().join("acme.txt"),
        "t = acme_9f8e7d6c5b4a39281706f5e4d3c2b1a0\n",
    )
    .unwrap();
    for args in [
        &["scan"][..],
        &["rules"][..],
        &["rules", "check"][..],
        &["explain", "acme-token"][..],
    ] {
        let out = run_in(dir.path(), args);
        assert_terminal_safe(&format!("{args:?} stdout"), &out.stdout);
        assert_terminal_safe(&format!("{args:?} stderr"), &out.stderr);
        if args != ["rules", "check"] {
            assert!(
                stdout(&out).contains("\\u{1b}]0;owned"),
                "{args:?}: {}",
                stdout(&out)
            );
        }
    }
}
