//! Hostile input. Each test builds its input in a temp dir at test time (nothing
//! hostile is committed), plants the control secrets beside it, and checks that the
//! scan completes, that every control secret is still found (the exact set), and that
//! the skip or problem is reported.

use std::fs;
use std::io::Write;

use super::*;

/// Synthetic tokens, the committed examples of `rules/github.toml`, `rules/telegram.toml`
/// and `fixtures/bot-repo/docker-compose.yml`.
const GH: &str = "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"; // keylint:allow
const TG: &str = "3833747758:AAyH8j1vwhIT-A7rP-eAmILknoqgR9M9Jx3"; // keylint:allow
const AWS_ID: &str = "AKIAVL6BFXY2BYZGDHTH"; // keylint:allow

/// Secrets planted beside every hostile input.
const CONTROL: &[(&str, u64, &str)] = &[
    ("ok/.env", 1, "telegram-bot-token"),
    ("ok/bot.py", 1, "github-token"),
];

/// A temp dir holding only the control secrets.
fn control_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join("ok")).unwrap();
    fs::write(
        dir.path().join("ok/bot.py"),
        format!("GITHUB_TOKEN = \"{GH}\"\n"),
    )
    .unwrap();
    fs::write(
        dir.path().join("ok/.env"),
        format!("TELEGRAM_BOT_TOKEN={TG}\n"),
    )
    .unwrap();
    dir
}

/// The control findings plus `extra`, sorted.
fn control_and(extra: &[(&str, u64, &str)]) -> Vec<(String, u64, String)> {
    let mut v = triples(CONTROL);
    v.extend(triples(extra));
    v.sort();
    v
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

/// Generous: only a hang (a FIFO or device read) should come near it.
const LIMIT: Duration = Duration::from_secs(300);

/// `keylint scan --format json <extra>` in `dir`, with its report and peak RSS.
fn scan(dir: &Path, extra: &[&str]) -> (Measured, serde_json::Value) {
    let mut cmd = keylint();
    cmd.current_dir(dir)
        .args(["scan", "--format", "json"])
        .args(extra);
    parse(run_measured(cmd, LIMIT))
}

fn parse(m: Measured) -> (Measured, serde_json::Value) {
    let v = serde_json::from_slice(&m.output.stdout).unwrap_or_else(|e| {
        panic!(
            "bad JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&m.output.stderr)
        )
    });
    (m, v)
}

/// `(line, column)` of every finding in `path`.
fn positions(report: &serde_json::Value, path: &str) -> Vec<(u64, u64)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == path)
        .map(|f| (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap()))
        .collect()
}

fn write_tree_file(dir: &Path, name: &str, bytes: &[u8]) {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(p, bytes).unwrap();
}

/// Append `s` to `buf`, returning the 1-based column (in characters) where it starts.
fn push_at(buf: &mut String, chars: &mut usize, s: &str) -> usize {
    let col = *chars + 1;
    buf.push_str(s);
    *chars += s.chars().count();
    col
}

/// The secret's column inside a `var tN="…";` statement that starts at `col`.
fn secret_col(stmt_col: usize, n: usize) -> u64 {
    (stmt_col + format!("var t{n}=\"").len()) as u64
}

/// 64 MiB on one line: over six times the default cap, and large enough that any cost
/// proportional to the line *per finding* (decoding it, searching it for suppression
/// markers), or a second copy of the file, would show in time or memory.
const ONE_LINE_BYTES: usize = 64 << 20;

/// 200 MiB of 12-byte lines (over 17 million of them): storing every line start would
/// add 140 MB of index to the file's own 200 MiB.
const SHORT_LINES_BYTES: usize = 200 << 20;

/// Peak RSS allowed above the largest file: the process itself (mostly the compiled
/// rules, ~40 MiB at start-up in this debug build and growing with every rule), the
/// other thread's small files and the report. The file is read whole (see README,
/// "Hostile input"). So the bound is measured, not written down: the peak of a scan of
/// the control tree alone, plus [`RSS_ABOVE_START_KIB`].
fn rss_headroom_kib() -> u64 {
    static START: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let start = *START.get_or_init(|| {
        let dir = control_tree();
        let (m, _) = scan(dir.path(), &[]);
        m.max_rss_kib
    });
    start + RSS_ABOVE_START_KIB
}

/// What a large file may cost beyond its own bytes and the start-up peak: buffers, the
/// line index of a file of short lines, the report.
const RSS_ABOVE_START_KIB: u64 = 8 << 10;

#[test]
fn a_64_mib_one_line_file_is_scanned_with_the_cap_raised_and_skipped_without() {
    let dir = control_tree();
    // Minified JS: `var é=1;` filler (é is two bytes, so characters and bytes differ),
    // a token at the very start, in the middle and at the very end.
    let filler = "var é=1;";
    let mut line = String::with_capacity(ONE_LINE_BYTES + 64);
    let mut chars = 0;
    let stmt = |n: usize| format!("var t{n}=\"{GH}\";");
    let c0 = push_at(&mut line, &mut chars, &stmt(0));
    while line.len() < ONE_LINE_BYTES / 2 {
        push_at(&mut line, &mut chars, filler);
    }
    let c1 = push_at(&mut line, &mut chars, &stmt(1));
    let tail = stmt(2);
    while line.len() + filler.len() + tail.len() <= ONE_LINE_BYTES {
        push_at(&mut line, &mut chars, filler);
    }
    while line.len() + tail.len() < ONE_LINE_BYTES {
        push_at(&mut line, &mut chars, ";");
    }
    let c2 = push_at(&mut line, &mut chars, &tail);
    assert_eq!(line.len(), ONE_LINE_BYTES);
    write_tree_file(dir.path(), "min.js", line.as_bytes());
    drop(line);

    let (m, report) = scan(dir.path(), &["--max-file-size", "100M"]);
    eprintln!("64 MiB one-line file: peak RSS {} KiB", m.max_rss_kib);
    assert_eq!(code(&m.output), 1);
    assert_eq!(
        sorted(finding_triples(&report)),
        control_and(&[
            ("min.js", 1, "github-token"),
            ("min.js", 1, "github-token"),
            ("min.js", 1, "github-token"),
        ])
    );
    assert_eq!(
        positions(&report, "min.js"),
        vec![
            (1, secret_col(c0, 0)),
            (1, secret_col(c1, 1)),
            (1, secret_col(c2, 2))
        ]
    );
    for f in report["findings"].as_array().unwrap() {
        let snippet = f["snippet"].as_str().unwrap();
        // 48 characters either side of the mask, ellipses where cut.
        assert!(snippet.chars().count() <= 2 * 48 + 9 + 2, "{snippet}");
        assert!(
            snippet.contains("ghp_…(40)") || snippet.contains("3833…(46)"),
            "{snippet}"
        );
    }
    assert!(issue_pairs(&report).is_empty());
    assert!(
        m.max_rss_kib < (ONE_LINE_BYTES as u64 >> 10) + rss_headroom_kib(),
        "peak RSS {} KiB",
        m.max_rss_kib
    );

    // Human output: every line cut to a readable width, the header at the real column.
    let out = run_in(dir.path(), &["scan", "--max-file-size", "100M"]);
    let text = stdout(&out);
    assert!(
        text.contains(&format!("╭─[min.js:1:{}]", secret_col(c2, 2))),
        "{text}"
    );
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest <= 130, "a line of {widest} characters");

    // The default cap skips it, with a warning even without --verbose.
    let (m, report) = scan(dir.path(), &[]);
    assert_eq!(code(&m.output), 1);
    assert_eq!(sorted(finding_triples(&report)), control_and(&[]));
    assert_eq!(
        issue_pairs(&report),
        vec![("min.js".into(), "too-large".into())]
    );
    assert_eq!(
        String::from_utf8_lossy(&m.output.stderr),
        "warning: min.js: skipped: 67108864 bytes is over the 10485760-byte limit \
         (raise it with --max-file-size)\n"
    );
}

#[test]
fn a_200_mib_file_of_short_lines_keeps_memory_near_the_file_size() {
    let dir = control_tree();
    let filler = b"v = 1234567\n";
    let secret_line = format!("GITHUB_TOKEN=\"{GH}\"\n");
    let total_lines = SHORT_LINES_BYTES / filler.len();
    let middle = total_lines / 2;
    let mut f = std::io::BufWriter::new(fs::File::create(dir.path().join("dump.log")).unwrap());
    for n in 1..=total_lines {
        if n == 1 || n == middle || n == total_lines {
            f.write_all(secret_line.as_bytes()).unwrap();
        } else {
            f.write_all(filler).unwrap();
        }
    }
    f.into_inner().unwrap().sync_all().unwrap();
    let size = fs::metadata(dir.path().join("dump.log")).unwrap().len();

    let (m, report) = scan(dir.path(), &["--max-file-size", "1G"]);
    eprintln!(
        "200 MiB of short lines ({size} bytes, {total_lines} lines): peak RSS {} KiB",
        m.max_rss_kib
    );
    assert_eq!(code(&m.output), 1);
    let n = |l: usize| l as u64;
    assert_eq!(
        sorted(finding_triples(&report)),
        control_and(&[
            ("dump.log", 1, "github-token"),
            ("dump.log", n(middle), "github-token"),
            ("dump.log", n(total_lines), "github-token"),
        ])
    );
    assert_eq!(report["summary"]["bytes_scanned"], size + ok_bytes());
    assert!(
        m.max_rss_kib < (size >> 10) + rss_headroom_kib(),
        "peak RSS {} KiB for a {size}-byte file",
        m.max_rss_kib
    );

    let (m, report) = scan(dir.path(), &[]);
    assert_eq!(code(&m.output), 1);
    assert_eq!(sorted(finding_triples(&report)), control_and(&[]));
    assert_eq!(
        issue_pairs(&report),
        vec![("dump.log".into(), "too-large".into())]
    );
    assert!(
        stderr(&m.output).starts_with("warning: dump.log: skipped: "),
        "{}",
        stderr(&m.output)
    );
}

/// Bytes of the control files.
fn ok_bytes() -> u64 {
    (format!("GITHUB_TOKEN = \"{GH}\"\n").len() + format!("TELEGRAM_BOT_TOKEN={TG}\n").len()) as u64
}

#[test]
fn minified_js_with_multi_megabyte_lines() {
    let dir = control_tree();
    // Three 3 MiB lines of minified JS with CJK text (3 bytes a character) around
    // an AWS key id in the middle of line 1, a GitHub token near the start of line 2
    // and a Telegram token at the end of line 3.
    const LINE: usize = 3 << 20;
    let filler = "a.b=\"中文\";";
    let mut text = String::new();
    let mut expected = Vec::new();
    for (n, (secret, at_fraction)) in [(AWS_ID, 2), (GH, 100), (TG, 1)].into_iter().enumerate() {
        let mut line = String::new();
        let mut chars = 0;
        while line.len() < LINE - LINE / at_fraction {
            push_at(&mut line, &mut chars, filler);
        }
        let stmt = format!("var t{n}=\"{secret}\";");
        let col = push_at(&mut line, &mut chars, &stmt);
        expected.push(((n + 1) as u64, secret_col(col, n)));
        while line.len() < LINE {
            push_at(&mut line, &mut chars, filler);
        }
        text.push_str(&line);
        text.push('\n');
    }
    write_tree_file(dir.path(), "dist/app.min.js", text.as_bytes());

    let (m, report) = scan(dir.path(), &[]);
    assert_eq!(code(&m.output), 1);
    assert_eq!(
        sorted(finding_triples(&report)),
        control_and(&[
            ("dist/app.min.js", 1, "aws-access-key-id"),
            ("dist/app.min.js", 2, "github-token"),
            ("dist/app.min.js", 3, "telegram-bot-token"),
        ])
    );
    assert_eq!(positions(&report, "dist/app.min.js"), expected);
    for f in report["findings"].as_array().unwrap() {
        let snippet = f["snippet"].as_str().unwrap();
        assert!(snippet.chars().count() <= 2 * 48 + 9 + 2, "{snippet}");
        assert!(!snippet.contains(&AWS_ID[4..]) && !snippet.contains(&GH[4..]));
    }
    let out = run_in(dir.path(), &["scan"]);
    let text = stdout(&out);
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest <= 130, "a line of {widest} characters:\n{text}");
    for secret in [AWS_ID, GH, TG] {
        assert!(!text.contains(&secret[4..]), "raw secret in human output");
    }
}

#[test]
fn invalid_utf8_and_nul_bytes() {
    let dir = control_tree();
    let mut bad = b"\xff\xfe\x80 = 1\n# \xc3\x28 broken \xe2\x82\n\xff\xfe = \"".to_vec();
    bad.extend_from_slice(GH.as_bytes());
    bad.extend_from_slice(b"\"  # \xf0\x9f\n");
    write_tree_file(dir.path(), "bad.py", &bad);
    // A NUL in the first 8 KiB: binary, a policy skip (its key is not looked for).
    write_tree_file(
        dir.path(),
        "early.env",
        format!("A=1\0\nTELEGRAM_BOT_TOKEN={TG}\n").as_bytes(),
    );
    // A NUL after the 8 KiB that are sniffed: text, scanned; 1366 six-byte lines are
    // 8196 bytes, just past the sniffed prefix.
    let mut late = "# pad\n".repeat(1366).into_bytes();
    late.extend_from_slice(b"\0\0\0\n");
    late.extend_from_slice(format!("TELEGRAM_BOT_TOKEN={TG}\n").as_bytes());
    write_tree_file(dir.path(), "late.env", &late);

    let (m, report) = scan(dir.path(), &[]);
    assert_eq!(code(&m.output), 1);
    assert_eq!(
        sorted(finding_triples(&report)),
        control_and(&[
            ("bad.py", 3, "github-token"),
            ("late.env", 1368, "telegram-bot-token"),
        ])
    );
    // Each invalid byte counts one column: `\xff\xfe = "` puts the token at column 7.
    assert_eq!(positions(&report, "bad.py"), vec![(3, 7)]);
    assert_eq!(
        issue_pairs(&report),
        vec![("early.env".into(), "binary".into())]
    );
    assert_eq!(report["summary"]["complete"], true);
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        out.extend_from_slice(&if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

#[test]
fn utf16_files_with_a_bom_are_decoded_and_scanned() {
    let dir = control_tree();
    let text = format!("# Réglages\r\nGITHUB_TOKEN = \"{GH}\"\r\n");
    write_tree_file(dir.path(), "le.py", &utf16(&text, false));
    write_tree_file(dir.path(), "be.py", &utf16(&text, true));
    // A lone surrogate and an odd trailing byte: decoded with U+FFFD, still scanned.
    let mut broken = utf16(&format!("x = 1\nTELEGRAM_BOT_TOKEN={TG}\n"), false);
    broken.splice(2..2, [0x00, 0xD8]);
    broken.push(0x41);
    write_tree_file(dir.path(), "broken.env", &broken);

    let (m, report) = scan(dir.path(), &[]);
    assert_eq!(code(&m.output), 1);
    assert_eq!(
        sorted(finding_triples(&report)),
        control_and(&[
            ("be.py", 2, "github-token"),
            ("broken.env", 2, "telegram-bot-token"),
            ("le.py", 2, "github-token"),
        ])
    );
    assert_eq!(positions(&report, "le.py"), vec![(2, 17)]);
    assert_eq!(positions(&report, "be.py"), vec![(2, 17)]);
    // Byte offsets are into the decoded (UTF-8) text: "# Réglages\r\n" is 13 bytes.
    let le = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "le.py")
        .unwrap();
    assert_eq!(le["byte_start"], 13 + 16);
    assert!(issue_pairs(&report).is_empty());
}

#[test]
fn crlf_and_cr_only_line_endings_give_the_right_lines() {
    let dir = control_tree();
    for (name, eol) in [("crlf.env", "\r\n"), ("cr.env", "\r"), ("lf.env", "\n")] {
        let text = ["A=1", "B=2", "", &format!("GITHUB_TOKEN={GH}"), "C=3", ""].join(eol);
        write_tree_file(dir.path(), name, text.as_bytes());
    }
    // Mixed: \n, \r\n, \r, then \n\r (two endings, an empty line between).
    write_tree_file(
        dir.path(),
        "mixed.env",
        format!("A=1\nB=2\r\nC=3\rD=4\n\rGITHUB_TOKEN={GH}\r\n").as_bytes(),
    );
    let (_, report) = scan(dir.path(), &[]);
    assert_eq!(
        sorted(finding_triples(&report)),
        control_and(&[
            ("cr.env", 4, "github-token"),
            ("crlf.env", 4, "github-token"),
            ("lf.env", 4, "github-token"),
            ("mixed.env", 6, "github-token"),
        ])
    );
    for name in ["cr.env", "crlf.env", "lf.env"] {
        assert_eq!(positions(&report, name), vec![(4, 14)], "{name}");
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_a_link_to_root_are_skipped() {
    use std::os::unix::fs::symlink;
    let dir = control_tree();
    let d = dir.path();
    symlink("loop_b", d.join("loop_a")).unwrap();
    symlink("loop_a", d.join("loop_b")).unwrap();
    symlink(".", d.join("self")).unwrap();
    symlink("..", d.join("ok/up")).unwrap();
    symlink("/", d.join("root")).unwrap();
    symlink("nowhere", d.join("dangling")).unwrap();
    symlink("ok/bot.py", d.join("alias.py")).unwrap();

    let (m, report) = scan(d, &[]);
    assert_eq!(code(&m.output), 1, "{}", stderr(&m.output));
    assert_eq!(sorted(finding_triples(&report)), control_and(&[]));
    let symlinks: Vec<(String, String)> = [
        "alias.py", "dangling", "loop_a", "loop_b", "ok/up", "root", "self",
    ]
    .iter()
    .map(|p| (p.to_string(), "symlink".to_string()))
    .collect();
    assert_eq!(issue_pairs(&report), symlinks);
    assert_eq!(report["summary"]["files_scanned"], 2);

    let out = run_in(d, &["scan", "--verbose"]);
    assert!(
        stdout(&out).contains("skipped root: skipped: symlinks are not followed"),
        "{}",
        stdout(&out)
    );
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

#[cfg(unix)]
#[test]
fn fifos_sockets_and_devices_are_never_opened_for_reading() {
    let dir = control_tree();
    let d = dir.path();
    // A FIFO nobody writes to: reading it would block forever.
    mkfifo(&d.join("pipe.env"));
    let _socket = std::os::unix::net::UnixListener::bind(d.join("agent.sock")).unwrap();
    // A character device inside the tree: /dev/zero's numbers (endless reads). Needs
    // CAP_MKNOD; the explicitly named /dev/zero below covers devices either way.
    let c = std::ffi::CString::new(d.join("zero.env").to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; makedev is a pure computation.
    let made = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o644, libc::makedev(1, 5)) } == 0;
    if !made {
        eprintln!(
            "note: mknod not permitted here ({}); the in-tree device case is skipped, \
             /dev/zero named on the command line is still tested",
            std::io::Error::last_os_error()
        );
    }
    // Named explicitly too: an explicit path is opened, so the open-and-fstat check
    // (not the walker's file type) is what must refuse them.
    let (m, report) = scan(d, &[".", "pipe.env", "/dev/zero", "/dev/null"]);
    assert_eq!(code(&m.output), 1, "{}", stderr(&m.output));
    assert_eq!(sorted(finding_triples(&report)), control_and(&[]));
    let mut expected: Vec<(String, String)> = vec![
        ("/dev/null".into(), "special-file".into()),
        ("/dev/zero".into(), "special-file".into()),
        ("agent.sock".into(), "special-file".into()),
        ("pipe.env".into(), "special-file".into()),
        ("pipe.env".into(), "special-file".into()),
    ];
    if made {
        expected.push(("zero.env".into(), "special-file".into()));
    }
    assert_eq!(issue_pairs(&report), expected);
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_directories_are_errors_and_the_rest_is_scanned() {
    use std::os::unix::fs::PermissionsExt;
    let dir = control_tree();
    let d = dir.path();
    write_tree_file(d, "locked.env", format!("GITHUB_TOKEN={GH}\n").as_bytes());
    write_tree_file(
        d,
        "sealed/inner.env",
        format!("GITHUB_TOKEN={GH}\n").as_bytes(),
    );
    open_to_all(d);
    let mut unprivileged = keylint_unprivileged();
    let cmd = &mut unprivileged.cmd;
    fs::set_permissions(d.join("locked.env"), fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(d.join("sealed"), fs::Permissions::from_mode(0o000)).unwrap();
    cmd.current_dir(d).args(["scan", "--format", "json"]);
    let (m, report) = parse(run_measured(unprivileged.cmd, LIMIT));
    // Restore, so the temp dir can be removed.
    fs::set_permissions(d.join("sealed"), fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code(&m.output), 2, "{}", stderr(&m.output));
    assert_eq!(sorted(finding_triples(&report)), control_and(&[]));
    assert_eq!(
        issue_pairs(&report),
        vec![
            ("locked.env".into(), "unreadable".into()),
            ("sealed".into(), "walk".into()),
        ]
    );
    assert_eq!(report["summary"]["complete"], false);
    let err = stderr(&m.output);
    assert!(
        err.contains("error: locked.env: could not read: Permission denied"),
        "{err}"
    );
    assert!(err.contains("error: sealed: "), "{err}");
}

/// Deletes a file after keylint has listed it and before it reads it. Paths are taken
/// in order and explicit files are read last, so `keylint scan gone.env ok -` has
/// checked `gone.env` and is blocked reading standard input (watched through
/// `/proc/<pid>/syscall`) when the file is deleted.
#[cfg(target_os = "linux")]
#[test]
fn a_file_removed_during_the_scan_is_reported_and_the_rest_is_found() {
    let dir = control_tree();
    let d = dir.path();
    write_tree_file(d, "gone.env", format!("GITHUB_TOKEN={GH}\n").as_bytes());
    let mut child = keylint()
        .current_dir(d)
        .args(["scan", "--format", "json", "gone.env", "ok", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !blocked_reading_stdin(child.id()) {
        assert!(
            started.elapsed() < LIMIT,
            "keylint never read standard input"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    fs::remove_file(d.join("gone.env")).unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("TELEGRAM_BOT_TOKEN={TG}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(
        sorted(finding_triples(&report)),
        control_and(&[("<stdin>", 1, "telegram-bot-token")])
    );
    assert_eq!(
        issue_pairs(&report),
        vec![("gone.env".into(), "vanished".into())]
    );
    assert_eq!(
        stderr(&out),
        "warning: gone.env: skipped: the file disappeared during the scan\n"
    );
}

/// Whether process `pid` is in a system call reading fd 0 (`/proc/<pid>/syscall` holds
/// the number and arguments of the call it is blocked in).
#[cfg(target_os = "linux")]
fn blocked_reading_stdin(pid: u32) -> bool {
    let now = fs::read_to_string(format!("/proc/{pid}/syscall")).unwrap_or_default();
    let mut fields = now.split(' ');
    let (number, fd) = (fields.next(), fields.next());
    // read(2) is 0 on x86_64; elsewhere the number differs, so trust the fd alone.
    let is_read = !cfg!(target_arch = "x86_64") || number == Some("0");
    is_read && fd == Some("0x0")
}

/// 200,000 files in one directory: memory must not grow with the number of files.
#[test]
fn a_directory_of_200_000_small_files() {
    const FILES: usize = 200_000;
    let dir = control_tree();
    let many = dir.path().join("many");
    fs::create_dir(&many).unwrap();
    let planted = [0, 123_456, FILES - 1];
    for i in 0..FILES {
        let body = if planted.contains(&i) {
            format!("x = {i}\nGITHUB_TOKEN={GH}\n")
        } else {
            format!("x = {i}\n")
        };
        fs::write(many.join(format!("f{i:06}.env")), body).unwrap();
    }
    let (m, report) = scan(dir.path(), &[]);
    eprintln!("200,000 small files: peak RSS {} KiB", m.max_rss_kib);
    assert_eq!(code(&m.output), 1);
    assert_eq!(
        sorted(finding_triples(&report)),
        control_and(&[
            ("many/f000000.env", 2, "github-token"),
            ("many/f123456.env", 2, "github-token"),
            ("many/f199999.env", 2, "github-token"),
        ])
    );
    assert_eq!(report["summary"]["files_scanned"], FILES as u64 + 2);
    assert!(issue_pairs(&report).is_empty());
    // Only findings and issues are kept per file, but the walker (the `ignore` crate)
    // lists a directory whole and queues an entry per file, about 0.5 KiB each: the
    // same 200,000 files in 200 directories peak at 13 MiB, in one directory at
    // 80-125 MiB alone, 264 MiB seen while the rest of the suite loads both cores (the
    // walker queues entries faster than busy workers drain them). The bound catches
    // anything per file beyond that (an 8 KiB buffer kept per file would be 1.6 GB).
    assert!(m.max_rss_kib < 512 << 10, "peak RSS {} KiB", m.max_rss_kib);
}

/// A dump of keys: every one is a finding (none dropped, no per-file cap), and the
/// per-finding cost does not grow with the number of findings in the file (an excerpt
/// used to look at every span of the file: 500,000 keys took over 15 minutes).
#[test]
fn a_file_of_20_000_keys_reports_every_one() {
    const KEYS: usize = 20_000;
    let dir = control_tree();
    write_tree_file(
        dir.path(),
        "dump/keys.txt",
        format!("{AWS_ID}\n").repeat(KEYS).as_bytes(),
    );
    let (m, report) = scan(dir.path(), &[]);
    assert_eq!(code(&m.output), 1);
    let found = finding_triples(&report);
    let dump: Vec<&(String, u64, String)> = found
        .iter()
        .filter(|(p, _, _)| p == "dump/keys.txt")
        .collect();
    assert_eq!(dump.len(), KEYS);
    assert!(
        dump.iter()
            .enumerate()
            .all(|(i, (_, line, rule))| *line == i as u64 + 1 && rule == "aws-access-key-id")
    );
    assert_eq!(found.len(), KEYS + CONTROL.len());
}

#[cfg(unix)]
#[test]
fn non_utf8_file_names() {
    use base64::Engine as _;
    use std::os::unix::ffi::OsStrExt;
    let dir = control_tree();
    let file = std::ffi::OsStr::from_bytes(b"k\xff.env");
    fs::write(dir.path().join(file), format!("GITHUB_TOKEN={GH}\n")).unwrap();
    let sub = dir.path().join(std::ffi::OsStr::from_bytes(b"d\xfe\xfd"));
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("s.env"), format!("TELEGRAM_BOT_TOKEN={TG}\n")).unwrap();

    let (m, report) = scan(dir.path(), &[]);
    assert_eq!(code(&m.output), 1);
    assert_eq!(
        sorted(finding_triples(&report)),
        control_and(&[
            ("d\u{FFFD}\u{FFFD}/s.env", 1, "telegram-bot-token"),
            ("k\u{FFFD}.env", 1, "github-token"),
        ])
    );
    let raw: Vec<Vec<u8>> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["path_bytes"].as_str())
        .map(|b| base64::engine::general_purpose::STANDARD.decode(b).unwrap())
        .collect();
    assert_eq!(
        raw,
        vec![b"d\xfe\xfd/s.env".to_vec(), b"k\xff.env".to_vec()]
    );
    let human = stdout(&run_in(dir.path(), &["scan"]));
    assert!(human.contains("╭─[k\u{FFFD}.env:1:14]"), "{human}");
}

/// Synthetic 64-character Binance key and secret (`fixtures/code/python/bot.py`).
const BINANCE_KEY: &str = "ESwFG5YdzbC9ayQMVnpzSnNv2obWeXPSJ5mKhm2HKosFKrjemiNdnDPTkyIrUNba"; // keylint:allow
const BINANCE_SECRET: &str = "7S67xiDJmkIpv73p9lw0DRJxFS99cQ018TOV73MnKd93zEJuG8tKse87uMJhzUy9"; // keylint:allow

/// Each file names a client library, so the code-aware pass parses it, and holds its
/// secrets at the bottom of 100,000 levels of nesting, a hundred opening brackets a line
/// (one line of them all would be a minified file, which is not parsed): deep enough to
/// overflow any recursive parser on an 8 MiB stack. tree-sitter (Python, JavaScript) parses and
/// walks it without recursion, and its pass finds the wrapped Binance secret that only
/// it can see; the Rust front end estimates syn's recursion first and refuses the
/// file with a `parse-fallback` note, and the regex rules still find everything.
#[test]
fn rust_python_and_js_nested_100_000_levels_deep() {
    const DEPTH: usize = 100_000;
    const PER_LINE: usize = 100;
    // the lines the brackets take before the secrets
    const SHIFT: u64 = (DEPTH / PER_LINE) as u64;
    let dir = control_tree();
    let open = |s: &str| (s.repeat(PER_LINE) + "\n").repeat(DEPTH / PER_LINE);
    let (key, secret) = (BINANCE_KEY, BINANCE_SECRET);
    write_tree_file(
        dir.path(),
        "deep.rs",
        format!(
            "use binance::api::Binance;\nfn main() {{\n{}let k = \"{GH}\";\nlet c = Binance::new(Some(\"{key}\".into()), Some(\"{secret}\".into()));\n{}\n}}\n",
            open("{"),
            open("}")
        )
        .as_bytes(),
    );
    write_tree_file(
        dir.path(),
        "deep.py",
        format!(
            "s = \"{secret}\"\nfrom binance.client import Client\nx = {}\n\"{GH}\",\nClient(api_key=\"{key}\", api_secret=s)\n{}\n",
            open("["),
            open("]")
        )
        .as_bytes(),
    );
    write_tree_file(
        dir.path(),
        "deep.js",
        format!(
            "const s = \"{secret}\";\nconst ccxt = require('ccxt');\nf{}\n\"{GH}\",\nnew ccxt.binance({{apiKey: \"{key}\", secret: s}})\n{};\n",
            open("(("),
            open("))")
        )
        .as_bytes(),
    );
    let (m, report) = scan(dir.path(), &[]);
    assert_eq!(code(&m.output), 1, "{}", stderr(&m.output));
    assert_eq!(
        sorted(finding_triples(&report)),
        control_and(&[
            ("deep.js", 1, "binance-api-secret"),
            ("deep.js", 4 + SHIFT, "github-token"),
            // a thousand lines from the secret, the key is not paired with it
            ("deep.js", 5 + SHIFT, "binance-api-key"),
            ("deep.py", 1, "binance-api-secret"),
            ("deep.py", 4 + SHIFT, "github-token"),
            ("deep.py", 5 + SHIFT, "binance-api-key"),
            ("deep.rs", 3 + SHIFT, "github-token"),
            ("deep.rs", 4 + SHIFT, "binance-api-secret-argument"),
        ])
    );
    let binance: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["rule_id"]
                .as_str()
                .is_some_and(|r| r.starts_with("binance"))
        })
        .map(|f| (f["path"].as_str().unwrap(), f["detector"].as_str().unwrap()))
        .collect();
    assert_eq!(
        sorted(binance),
        vec![
            // the secret by the syntax-aware pass, the key below the nesting by its rule
            ("deep.js", "ast"),
            ("deep.js", "pattern"),
            ("deep.py", "ast"),
            ("deep.py", "pattern"),
            ("deep.rs", "pattern")
        ]
    );
    assert_eq!(
        report["issues"],
        serde_json::json!([{
            "path": "deep.rs",
            "kind": "parse-fallback",
            "message": "rust-ast: nested too deeply to parse safely (estimated 500022, limit 4096); only the regex rules ran"
        }])
    );
}

/// A malformed or oversized `.keylint.toml` (a scanned repository can ship one): a
/// clear error naming the file, exit 2, no panic, nothing unescaped on the terminal.
#[test]
fn hostile_configs_are_clear_errors() {
    let rule = |body: &str| {
        format!("[[rule]]\nid = \"acme-token\"\ndescription = \"d\"\nseverity = \"high\"\n{body}\n")
    };
    let deep_array = format!("a = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let deep_table = format!("a = {}1{}\n", "{b=".repeat(100_000), "}".repeat(100_000));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "unterminated string",
            b"min_severity = \"high\n".to_vec(),
            "min_severity",
        ),
        (
            "wrong type",
            b"disabled_rules = \"generic-secret\"\n".to_vec(),
            "invalid type",
        ),
        (
            "invalid UTF-8",
            b"min_severity = \"\xff\xfe\"\n".to_vec(),
            "valid UTF-8",
        ),
        (
            "NUL byte",
            b"min_severity = \"lo\0w\"\n".to_vec(),
            ".keylint.toml",
        ),
        ("deep array", deep_array.into_bytes(), "recurs"),
        ("deep inline table", deep_table.into_bytes(), "recurs"),
        (
            "regex too big",
            rule("regex = '''(?P<secret>\\w{1000}){1000}'''").into_bytes(),
            "does not compile",
        ),
        (
            "value too big",
            rule("regex = '(?P<secret>x+)'\nvalue = '''(\\w{1000}){1000}'''").into_bytes(),
            "rule `acme-token`, field `value`",
        ),
        (
            "assign too big",
            rule("assign = '''(\\w{1000}){1000}'''").into_bytes(),
            "rule `acme-token`, field `assign`",
        ),
        (
            "bad regex syntax",
            rule("regex = '(?P<secret>[a-'").into_bytes(),
            "rule `acme-token`, field `regex`",
        ),
        (
            "duplicate of a built-in id",
            rule("regex = '(?P<secret>x+)'")
                .replace("acme-token", "github-token")
                .into_bytes(),
            "duplicate rule id `github-token`",
        ),
        (
            "escape sequences in a bad line",
            b"min_severity = \"\x1b]0;owned\x07\x1b[2J\xc2\x9b31m\"\n".to_vec(),
            "invalid basic string",
        ),
        (
            // TOML strings cannot hold raw controls, but `\u001b` escapes make them.
            "escape sequences in an unknown rule id",
            b"disabled_rules = [\"\\u001b]8;;https://evil.example\\u0007x\"]\n".to_vec(),
            "unknown rule id",
        ),
        (
            "escape sequences in an unknown severity",
            b"min_severity = \"\\u001b]0;owned\\u0007\\u009b31m\\u202e\"\n".to_vec(),
            "unknown variant",
        ),
    ];
    for (what, toml, needle) in cases {
        let dir = control_tree();
        fs::write(dir.path().join(".keylint.toml"), &toml).unwrap();
        let mut cmd = keylint();
        cmd.current_dir(dir.path()).arg("scan");
        let m = run_measured(cmd, LIMIT);
        let err = stderr(&m.output);
        assert_eq!(code(&m.output), 2, "{what}: {err}");
        assert!(err.contains(needle), "{what}: {err}");
        // An unknown id in `disabled_rules` is named (with a hint) but not located:
        // ids are checked once the whole rule set is built.
        if needle != "unknown rule id" {
            assert!(err.contains(".keylint.toml"), "{what}: {err}");
        }
        assert!(
            !err.contains("panicked") && !err.contains("internal error"),
            "{what}: {err}"
        );
        assert!(
            !err.chars().any(|c| c.is_control() && c != '\n'),
            "{what}: control character on stderr: {err:?}"
        );
        assert!(m.output.stdout.is_empty(), "{what}");
    }
}

/// A `.keylint.toml` that is a symlink is not read: a cloned repository could point it
/// at a file outside the tree, whose lines the error excerpt would then print.
#[cfg(unix)]
#[test]
fn a_symlinked_config_in_the_scanned_tree_is_not_read() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("private.txt"),
        "root:$6$not-a-config-line$\n",
    )
    .unwrap();
    let dir = control_tree();
    std::os::unix::fs::symlink(
        outside.path().join("private.txt"),
        dir.path().join(".keylint.toml"),
    )
    .unwrap();
    let out = keylint()
        .arg("scan")
        .arg(dir.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("not-a-config-line"),
        "{}",
        stderr(&out)
    );
}
