//! `--dry-run`'s unified diff, with every secret masked: each value keylint knows
//! of in the file (moved, skipped or suppressed) is replaced by its masked form in
//! both versions before diffing, every value of a `.env` line is masked whatever it
//! is, and each line is escaped for the terminal.

use similar::TextDiff;

use crate::redact::{mask, sanitize_str};

/// A unified diff of `old` → `new` for `path`, masking `secrets` (and, for `.env`
/// files, every value).
pub(crate) fn unified(
    path: &str,
    old: &[u8],
    new: &[u8],
    secrets: &[Vec<u8>],
    env_file: bool,
) -> String {
    let redact = |b: &[u8]| {
        let mut text = String::from_utf8_lossy(b).into_owned();
        let mut sorted: Vec<&Vec<u8>> = secrets.iter().filter(|s| s.len() >= 4).collect();
        sorted.sort_by_key(|s| std::cmp::Reverse(s.len()));
        for s in sorted {
            let s = String::from_utf8_lossy(s);
            if text.contains(s.as_ref()) {
                text = text.replace(s.as_ref(), &mask(s.as_bytes()));
            }
        }
        if env_file {
            text = text.split_inclusive('\n').map(mask_env_line).collect();
        }
        text
    };
    let (old, new) = (redact(old), redact(new));
    let diff = TextDiff::from_lines(&old, &new);
    let mut out = String::new();
    for (i, hunk) in diff
        .unified_diff()
        .context_radius(2)
        .iter_hunks()
        .enumerate()
    {
        if i == 0 {
            out.push_str(&format!("--- a/{0}\n+++ b/{0}\n", sanitize_str(path)));
        }
        out.push_str(&format!("{}\n", hunk.header()));
        for change in hunk.iter_changes() {
            let sign = match change.tag() {
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
                similar::ChangeTag::Equal => ' ',
            };
            let line = change.value();
            let line = line.strip_suffix('\n').unwrap_or(line);
            let line = line.strip_suffix('\r').unwrap_or(line);
            out.push(sign);
            out.push_str(&sanitize_str(line));
            out.push('\n');
            if change.missing_newline() {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
    out
}

/// `NAME=value` → `NAME=<masked value>`; other lines as they are.
fn mask_env_line(line: &str) -> String {
    let body = line.trim_end_matches(['\n', '\r']);
    let ending = &line[body.len()..];
    let trimmed = body.trim_start();
    if trimmed.starts_with('#') {
        return line.to_string();
    }
    match body.split_once('=') {
        Some((name, value)) if !value.trim().is_empty() && !value.contains('…') => {
            format!("{name}={}{ending}", mask(value.trim().as_bytes()))
        }
        _ => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_secret_survives_the_diff() {
        let secret = b"xZKiGvbtcj7bsHXDYzEzVMGPBnu3mY2l".to_vec(); // keylint:allow
        let old = b"import x\nKEY = \"xZKiGvbtcj7bsHXDYzEzVMGPBnu3mY2l\"\nprint(1)\n"; // keylint:allow (synthetic)
        let new = b"import x\nKEY = os.environ[\"KEY\"]\nprint(1)\n";
        let d = unified("bot.py", old, new, std::slice::from_ref(&secret), false);
        assert!(!d.contains("xZKiGvbt"), "{d}");
        assert!(d.contains("-KEY = \"xZKi…(32)\""), "{d}");
        assert!(d.contains("+KEY = os.environ[\"KEY\"]"), "{d}");
        let env = unified(
            ".env",
            b"A=other-secret-value\n",
            b"A=other-secret-value\nKEY=xZKiGvbtcj7bsHXDYzEzVMGPBnu3mY2l\n", // keylint:allow (synthetic)
            &[],
            true,
        );
        assert!(
            !env.contains("other-secret") && !env.contains("xZKiGvbt"),
            "{env}"
        );
        assert!(env.contains("+KEY=xZKi…(32)"), "{env}");
    }
}
