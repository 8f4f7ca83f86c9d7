//! Redacted, terminal-safe excerpts of the lines around a finding.
//!
//! Reporters never see file content: the engine hands them this excerpt, in which
//! every secret found in the file is replaced by its mask, control characters and
//! bidirectional overrides are escaped (no ANSI/OSC injection through a scanned file),
//! and long lines (minified bundles) are cut to a window around the finding.

use std::ops::Range;

use crate::redact;
use crate::source::Source;

/// Context lines shown before and after the finding.
pub const CONTEXT_LINES: usize = 1;
/// Characters kept either side of a finding on its own line.
const LABEL_WINDOW: usize = 48;
/// Longest context line shown before it is cut.
const CONTEXT_WIDTH: usize = 100;

/// An excerpt ready to render: `text` holds lines `first_line..` (1-based) and
/// `label` is the byte range of the masked secret within `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub first_line: usize,
    pub text: String,
    pub label: Range<usize>,
}

impl Snippet {
    /// The excerpt line holding the label (for SARIF's `region.snippet`).
    pub fn label_line(&self) -> &str {
        let start = self.text[..self.label.start]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let end = self.text[self.label.end..]
            .find('\n')
            .map_or(self.text.len(), |i| self.label.end + i);
        &self.text[start..end]
    }
}

/// Build the excerpt for `span`, masking every range in `secrets`. `span` is the
/// label: masked when it is one of `secrets` (a finding), shown as written when it is
/// not (code a finding points to, such as the call a literal flows into).
pub fn build(src: &Source, span: &Range<usize>, secrets: &[Range<usize>]) -> Snippet {
    let bytes = src.bytes();
    let lines = src.lines();
    let (first, _) = src.line_col(span.start);
    let (last, _) = src.line_col(span.end.saturating_sub(1).max(span.start));
    let from = first.saturating_sub(CONTEXT_LINES).max(1);
    let to = (last + CONTEXT_LINES).min(lines.line_count());
    let mut text = String::new();
    let mut label = 0..0;
    for n in from..=to {
        let range = lines.line_range(bytes, n);
        if n > from {
            text.push('\n');
        }
        let (line, lab) = render_line(bytes, range, span, secrets);
        if let Some(l) = lab {
            label = text.len() + l.start..text.len() + l.end;
        }
        text.push_str(&line);
    }
    Snippet {
        first_line: from,
        text,
        label,
    }
}

/// One line with secrets masked; returns the label's range within it if `span` starts here.
fn render_line(
    bytes: &[u8],
    line: Range<usize>,
    span: &Range<usize>,
    secrets: &[Range<usize>],
) -> (String, Option<Range<usize>>) {
    let mut out = String::new();
    let mut label = None;
    let mut at = line.start;
    let on_line = |s: &Range<usize>| s.start < line.end.max(line.start + 1) && s.end > line.start;
    // (range, is a secret)
    let mut overlapping: Vec<(&Range<usize>, bool)> = secrets
        .iter()
        .filter(|s| on_line(s))
        .map(|s| (s, true))
        .collect();
    if on_line(span)
        && span.start >= line.start
        && !overlapping
            .iter()
            .any(|(s, _)| s.start < span.end && span.start < s.end)
    {
        overlapping.push((span, false));
    }
    overlapping.sort_by_key(|(s, _)| s.start);
    for (s, secret) in overlapping {
        if s.start >= at {
            out.push_str(&sanitize(&bytes[at..s.start]));
        }
        if s.start >= line.start {
            let shown = if secret {
                redact::mask(&bytes[s.clone()])
            } else {
                sanitize(&bytes[s.start..s.end.min(line.end)])
            };
            if s == span {
                label = Some(out.len()..out.len() + shown.len());
            }
            out.push_str(&shown);
        }
        at = at.max(s.end.min(line.end));
    }
    if at < line.end {
        out.push_str(&sanitize(&bytes[at..line.end]));
    }
    match label {
        Some(l) => cut_around(out, l),
        None => (cut_end(out, CONTEXT_WIDTH), None),
    }
}

/// Keep `LABEL_WINDOW` characters either side of the label.
fn cut_around(line: String, label: Range<usize>) -> (String, Option<Range<usize>>) {
    let before = &line[..label.start];
    let after = &line[label.end..];
    let kept_before: String = {
        let n = before.chars().count();
        if n > LABEL_WINDOW {
            let skip = n - LABEL_WINDOW;
            format!("…{}", before.chars().skip(skip).collect::<String>())
        } else {
            before.to_string()
        }
    };
    let kept_after = cut_end(after.to_string(), LABEL_WINDOW);
    let start = kept_before.len();
    let end = start + label.len();
    (
        format!("{kept_before}{}{kept_after}", &line[label]),
        Some(start..end),
    )
}

fn cut_end(line: String, width: usize) -> String {
    if line.chars().count() <= width {
        return line;
    }
    let mut s: String = line.chars().take(width).collect();
    s.push('…');
    s
}

/// Make bytes from a scanned file safe to print: invalid UTF-8 becomes U+FFFD, and
/// control characters (ESC, BEL, C1 controls) and bidi overrides become visible
/// `\u{…}` escapes. Tabs are kept.
pub fn sanitize(bytes: &[u8]) -> String {
    sanitize_str(&String::from_utf8_lossy(bytes))
}

/// [`sanitize`] for text that is already a string (paths, names, messages).
pub fn sanitize_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if (c.is_control() && c != '\t') || is_bidi_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Lang;

    #[test]
    fn masks_every_secret_and_labels_the_finding() {
        let text = b"a = 1\nkey = \"SECRETSECRETSECRET\"\nother = \"TOPTOPTOPTOPTOP\"\nz";
        let src = Source::new("f", text, Lang::Other);
        let s1 = 13..31;
        let s2 = 42..57;
        let snip = build(&src, &s1, &[s1.clone(), s2.clone()]);
        assert_eq!(snip.first_line, 1);
        assert_eq!(
            snip.text,
            "a = 1\nkey = \"SECR…(18)\"\nother = \"TOP…(15)\""
        );
        assert_eq!(&snip.text[snip.label.clone()], "SECR…(18)");
        assert_eq!(snip.label_line(), "key = \"SECR…(18)\"");
    }

    #[test]
    fn a_label_that_is_not_a_secret_is_shown_as_written() {
        let text = b"KEY = \"SECRETSECRETSECRET\"\nclient = Client(KEY, \"\x1b\")";
        let src = Source::new("f", text, Lang::Other);
        let secret = 7..25;
        let call_arg = 43..46;
        let snip = build(&src, &call_arg, std::slice::from_ref(&secret));
        assert_eq!(
            snip.text,
            "KEY = \"SECR…(18)\"\nclient = Client(KEY, \"\\u{1b}\")"
        );
        assert_eq!(&snip.text[snip.label.clone()], "KEY");
    }

    #[test]
    fn long_lines_are_cut_around_the_label() {
        let mut text = "x".repeat(5000);
        let start = text.len();
        text.push_str("ABCDEFGHIJKLMNOP");
        let end = text.len();
        text.push_str(&"y".repeat(5000));
        let src = Source::new("f", text.as_bytes(), Lang::Other);
        let span = start..end;
        let snip = build(&src, &span, std::slice::from_ref(&span));
        assert!(snip.text.chars().count() < 150, "{}", snip.text.len());
        assert_eq!(&snip.text[snip.label.clone()], "ABCD…(16)");
        assert!(!snip.text.contains("EFGH"));
    }

    #[test]
    fn escapes_terminal_controls() {
        assert_eq!(sanitize(b"a\x1b[31mb\x07\tc"), "a\\u{1b}[31mb\\u{7}\tc");
        assert_eq!(sanitize_str("x\u{202E}y"), "x\\u{202e}y");
    }

    #[test]
    fn multi_line_secrets_keep_line_numbers() {
        let text = b"k = \"\"\"\nAAAA\nBBBB\nCCCC\"\"\"\nnext";
        let src = Source::new("f", text, Lang::Other);
        let span = 8..22;
        let snip = build(&src, &span, std::slice::from_ref(&span));
        assert_eq!(snip.text.lines().count(), 5);
        assert!(!snip.text.contains("BBBB"));
    }
}
