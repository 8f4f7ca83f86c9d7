//! `.env` files: reading the names and values already there, and writing a value so
//! that every common reader gets it back unchanged — python-dotenv, Node's `dotenv`,
//! docker compose and `node --env-file` disagree on escapes inside quotes, so a value
//! is written bare when it is plain, single-quoted when it has spaces or shell
//! characters, double-quoted only for line breaks, and refused when no form reads the
//! same everywhere.

/// One `NAME=value` line of an env file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub name: String,
    pub value: String,
    /// Byte range of the value as written (quotes included), up to a comment.
    pub value_range: std::ops::Range<usize>,
}

/// Every `NAME=value` (or `export NAME=value`) line of `text`.
pub(crate) fn parse(text: &[u8]) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let end = memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |i| at + i);
        if let Some(e) = parse_line(text, at, end) {
            out.push(e);
        }
        at = end + 1;
    }
    out
}

fn parse_line(text: &[u8], start: usize, end: usize) -> Option<Entry> {
    let line = &text[start..end];
    let mut i = line.iter().take_while(|b| b.is_ascii_whitespace()).count();
    if line[i..].starts_with(b"export ") {
        i += 7;
        i += line[i..].iter().take_while(|b| **b == b' ').count();
    }
    let name_len = line[i..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        .count();
    if name_len == 0 || line[i].is_ascii_digit() {
        return None;
    }
    let name = String::from_utf8_lossy(&line[i..i + name_len]).into_owned();
    let mut j = i + name_len;
    j += line[j..].iter().take_while(|b| **b == b' ').count();
    if line.get(j) != Some(&b'=') {
        return None;
    }
    j += 1;
    j += line[j..].iter().take_while(|b| **b == b' ').count();
    let rest = &line[j..];
    let (value, len) = match rest.first() {
        Some(&q @ (b'\'' | b'"')) => {
            let close = rest[1..].iter().position(|b| *b == q)? + 1;
            let inner = String::from_utf8_lossy(&rest[1..close]).into_owned();
            let value = if q == b'"' {
                inner.replace("\\n", "\n")
            } else {
                inner
            };
            (value, close + 1)
        }
        _ => {
            let stop = rest
                .windows(2)
                .position(|w| w[0].is_ascii_whitespace() && w[1] == b'#')
                .unwrap_or(rest.len());
            let v = String::from_utf8_lossy(&rest[..stop]);
            let v = v.trim_end_matches(['\r', ' ', '\t']);
            (v.to_string(), v.len())
        }
    };
    Some(Entry {
        name,
        value,
        value_range: start + j..start + j + len,
    })
}

/// `value` as it must be written after `NAME=`, or why it cannot be.
pub(crate) fn encode(value: &str) -> Result<String, String> {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-.:/+=@,~%^".contains(c);
    if value.chars().all(plain) {
        return Ok(value.to_string());
    }
    if value.contains('\0') {
        return Err("the value holds a NUL character".into());
    }
    let single_ok = !value.contains('\'')
        && !value.contains('\n')
        && !value.contains('\r')
        && !value.contains("\\\\");
    if single_ok {
        return Ok(format!("'{value}'"));
    }
    // Double quotes: readers agree only on `\n`; `$`, backslashes and quotes differ.
    if value.contains(['"', '\\', '$']) {
        return Err(
            "the value mixes quotes, backslashes, `$` or line breaks, which .env readers read differently"
                .into(),
        );
    }
    let value = value.replace("\r\n", "\n");
    if value.contains('\r') {
        return Err("the value holds a carriage return".into());
    }
    Ok(format!("\"{}\"", value.replace('\n', "\\n")))
}

/// `text` with `lines` appended, each ending in `eol`, after a line break if the
/// text does not end with one.
pub(crate) fn append(text: &[u8], lines: &[String], eol: &str) -> Vec<u8> {
    let mut out = text.to_vec();
    if !out.is_empty() && !out.ends_with(b"\n") {
        out.extend_from_slice(eol.as_bytes());
    }
    for l in lines {
        out.extend_from_slice(l.as_bytes());
        out.extend_from_slice(eol.as_bytes());
    }
    out
}

/// Whether `name` is a file name of an env *template* (committed, values blank).
pub(crate) fn is_template(file_name: &str) -> bool {
    let n = file_name.to_ascii_lowercase();
    let words = ["example", "sample", "template", "dist", "defaults", "tmpl"];
    let stem = n
        .strip_prefix(".env.")
        .or_else(|| n.strip_suffix(".env"))
        .or_else(|| n.strip_prefix("env."));
    stem.is_some_and(|s| words.iter().any(|w| s.trim_matches(['.', '-', '_']) == *w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_values_and_ranges() {
        let text = b"# c\nexport A=1\nB = 'x y' # note\nC=\"l1\\nl2\"\nD=plain # c\n9X=no\n";
        let e = parse(text);
        let got: Vec<(&str, &str)> = e
            .iter()
            .map(|e| (e.name.as_str(), e.value.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![("A", "1"), ("B", "x y"), ("C", "l1\nl2"), ("D", "plain")]
        );
        assert_eq!(&text[e[1].value_range.clone()], b"'x y'");
        assert_eq!(&text[e[3].value_range.clone()], b"plain");
    }

    #[test]
    fn encodes_so_every_reader_agrees() {
        assert_eq!(encode("abc-123_/+=").unwrap(), "abc-123_/+=");
        assert_eq!(encode("a#b $c").unwrap(), "'a#b $c'");
        assert_eq!(encode("l1\nl2").unwrap(), "\"l1\\nl2\"");
        assert!(encode("it's\n$x").is_err());
        assert!(encode("a\\\\b'").is_err());
        for v in ["abc", "a#b $c", "l1\nl2", "p@ss word"] {
            let line = format!("K={}\n", encode(v).unwrap());
            assert_eq!(parse(line.as_bytes())[0].value, v, "{line}");
        }
    }

    #[test]
    fn appends_after_a_line_break() {
        assert_eq!(append(b"A=1", &["B=2".into()], "\r\n"), b"A=1\r\nB=2\r\n");
        assert_eq!(append(b"", &["B=2".into()], "\n"), b"B=2\n");
    }

    #[test]
    fn templates_are_told_apart() {
        for t in [
            ".env.example",
            ".env.sample",
            "example.env",
            ".env.template",
            "env.example",
        ] {
            assert!(is_template(t), "{t}");
        }
        for t in [".env", ".env.local", ".env.production", "prod.env"] {
            assert!(!is_template(t), "{t}");
        }
    }
}
