//! Redacted, terminal-safe excerpts of the lines around a finding.
//!
//! Reporters never see file content: the engine hands them this excerpt, in which
//! every secret found in the file is replaced by its mask, control characters and
//! bidirectional overrides are escaped (no ANSI/OSC injection through a scanned file),
//! and long lines (minified bundles) are cut to a window around the finding.
//!
//! A secret's *value* is masked wherever it appears in an excerpt, not only at the
//! spans a rule matched: a key repeated on a context line, or a second time on its own
//! line where no rule fires (`f("AKIA…", AKIA…)`), is never printed raw.
//!
//! Building an excerpt costs O(window), not O(line): only the bytes that can be shown
//! are decoded and searched, so a multi-megabyte minified line with many findings stays
//! linear.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::finding::{CONTEXT_LINES, Snippet};
use crate::redact::{self, sanitize};
use crate::source::Source;

/// Characters kept either side of a finding on its own line.
const LABEL_WINDOW: usize = 48;
/// Longest context line shown before it is cut.
const CONTEXT_WIDTH: usize = 100;
/// A character is at most 4 bytes: this many bytes hold `LABEL_WINDOW` characters.
const LABEL_WINDOW_BYTES: usize = 4 * LABEL_WINDOW + 4;
/// Bytes of a context line decoded before it is cut.
const CONTEXT_BYTES: usize = 4 * CONTEXT_WIDTH + 4;

/// The secrets of one file: the spans found, and their distinct values so an excerpt
/// can mask every other occurrence. Built once per file, shared by its excerpts.
pub struct Secrets {
    /// Found spans, sorted by start.
    spans: Vec<Range<usize>>,
    values: Values,
    /// Length of the longest span.
    longest: usize,
}

/// The distinct found values, searched for in excerpt windows. Most files have a
/// few: one substring search each, with nothing to build. Past `FEW` values an
/// Aho-Corasick NFA (built in microseconds; a DFA's build cost, paid per file with
/// findings, was a fifth of a dense scan) finds them all in one pass.
enum Values {
    Few(Vec<memchr::memmem::Finder<'static>>),
    Many(AhoCorasick),
}

impl Values {
    const FEW: usize = 8;

    fn new(values: &[&[u8]]) -> Values {
        let few = || {
            Values::Few(
                values
                    .iter()
                    .map(|v| memchr::memmem::Finder::new(v).into_owned())
                    .collect(),
            )
        };
        if values.len() <= Self::FEW {
            return few();
        }
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .build(values)
            .map_or_else(|_| few(), Values::Many)
    }
}

impl Secrets {
    pub fn new(bytes: &[u8], spans: &[Range<usize>]) -> Self {
        let mut sorted = spans.to_vec();
        sorted.sort_by_key(|s| (s.start, s.end));
        let mut values: Vec<&[u8]> = spans
            .iter()
            .filter_map(|s| bytes.get(s.clone()))
            .filter(|v| !v.is_empty())
            .collect();
        values.sort_unstable();
        values.dedup();
        let longest = spans.iter().map(|s| s.len()).max().unwrap_or(0);
        let values = Values::new(&values);
        Secrets {
            spans: sorted,
            values,
            longest,
        }
    }

    /// Whether any found value occurs in `text` (a credential name, say).
    pub fn occurs_in(&self, text: &[u8]) -> bool {
        match &self.values {
            Values::Few(finders) => finders.iter().any(|f| f.find(text).is_some()),
            Values::Many(ac) => ac.is_match(text),
        }
    }

    /// Every range to mask that overlaps `window`: found spans, and occurrences of a
    /// found value (searched a value's length beyond the window, so one cut by the
    /// window's edge is still recognised and hidden).
    fn overlapping(&self, bytes: &[u8], window: &Range<usize>) -> Vec<Range<usize>> {
        let touches =
            |s: &Range<usize>| s.start < window.end.max(window.start + 1) && s.end > window.start;
        // Only spans starting at most `longest` before the window can reach into it: a
        // binary search, not a pass over every span of the file (a file of half a
        // million keys has half a million spans, and three excerpt lines per finding).
        let first = self
            .spans
            .partition_point(|s| s.start < window.start.saturating_sub(self.longest));
        let mut out: Vec<Range<usize>> = self.spans[first..]
            .iter()
            .take_while(|s| s.start < window.end.max(window.start + 1))
            .filter(|s| touches(s))
            .cloned()
            .collect();
        let from = window.start.saturating_sub(self.longest);
        let to = window.end.saturating_add(self.longest).min(bytes.len());
        if let Some(hay) = bytes.get(from..to) {
            match &self.values {
                Values::Few(finders) => {
                    // Overlapping occurrences too, as the automaton reports them.
                    for f in finders {
                        let mut at = 0;
                        while let Some(i) = hay.get(at..).and_then(|h| f.find(h)) {
                            let start = from + at + i;
                            let found = start..start + f.needle().len();
                            if touches(&found) {
                                out.push(found);
                            }
                            at += i + 1;
                        }
                    }
                }
                Values::Many(ac) => out.extend(
                    ac.find_overlapping_iter(hay)
                        .map(|m| from + m.start()..from + m.end())
                        .filter(|s| touches(s)),
                ),
            }
        }
        out.sort_by_key(|s| (s.start, s.end));
        out.dedup();
        out
    }
}

/// Build the excerpt for `span`, masking every secret in `secrets`. `span` is the
/// label: masked when it is a secret (a finding), shown as written when it is not
/// (code a finding points to, such as the call a literal flows into).
pub fn build(src: &Source, span: &Range<usize>, secrets: &Secrets) -> Snippet {
    build_among(src, span, &[], secrets)
}

/// [`build`] for one of the locations `view` of a finding (the value, the other halves
/// of its key set, the call it flows into): a line holding any of them is cut to the
/// same window whichever location the excerpt is for (`LABEL_WINDOW` characters either
/// side of them all, when they span at most twice that), so the excerpts of one
/// finding agree line for line and the human report can join them into one.
pub fn build_among(
    src: &Source,
    span: &Range<usize>,
    view: &[Range<usize>],
    secrets: &Secrets,
) -> Snippet {
    let bytes = src.bytes();
    let (first, _) = src.line_col(span.start);
    let (last, _) = src.line_col(span.end.saturating_sub(1).max(span.start));
    let from = first.saturating_sub(CONTEXT_LINES).max(1);
    let to = (last + CONTEXT_LINES).min(src.lines().line_count());
    let mut text = String::new();
    let mut label = 0..0;
    for n in from..=to {
        let range = src.line_range(n);
        if n > from {
            text.push('\n');
        }
        let own = (n == first).then_some(span);
        let mut on_line: Vec<&Range<usize>> = view
            .iter()
            .chain(own)
            .filter(|s| s.start >= range.start && s.start <= range.end)
            .collect();
        on_line.sort_by_key(|s| (s.start, s.end));
        on_line.dedup();
        let (line, lab) = render_line(bytes, range, own, &on_line, secrets);
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

/// The part of `line` worth decoding: `LABEL_WINDOW_BYTES` either side of the label on
/// its line, the start of any other line; edges moved off UTF-8 continuation bytes.
fn window(bytes: &[u8], line: &Range<usize>, label: Option<&Range<usize>>) -> Range<usize> {
    let is_cont = |i: usize| bytes.get(i).is_some_and(|b| b & 0xC0 == 0x80);
    let (mut lo, mut hi) = match label {
        Some(s) => (
            line.start.max(s.start.saturating_sub(LABEL_WINDOW_BYTES)),
            line.end
                .min(s.end.max(s.start).saturating_add(LABEL_WINDOW_BYTES)),
        ),
        None => (
            line.start,
            line.end.min(line.start.saturating_add(CONTEXT_BYTES)),
        ),
    };
    let keep_from = label.map_or(lo, |s| s.start.max(lo));
    while lo > line.start && lo < keep_from && is_cont(lo) {
        lo += 1;
    }
    while hi < line.end && hi > lo && is_cont(hi) {
        hi -= 1;
    }
    lo..hi.max(lo)
}

/// One line with secrets masked; `label` is the finding's span when it starts on this
/// line, and then its range within the returned text is returned too. `view` holds the
/// locations of the finding that start on this line (the label among them): the line
/// is cut around all of them.
fn render_line(
    bytes: &[u8],
    line: Range<usize>,
    label: Option<&Range<usize>>,
    view: &[&Range<usize>],
    secrets: &Secrets,
) -> (String, Option<Range<usize>>) {
    let hull = match (
        view.iter().map(|s| s.start).min(),
        view.iter().map(|s| s.end).max(),
    ) {
        (Some(start), Some(end)) => Some(start..end.max(start)),
        _ => label.cloned(),
    };
    let shown = window(bytes, &line, hull.as_ref());
    let cut_left = shown.start > line.start;
    let cut_right = shown.end < line.end;
    let mut out = String::new();
    let mut label_at = None;
    let mut hull_at: Option<Range<usize>> = None;
    let mut at = shown.start;
    // (range, is a secret): a location that is not a secret is shown as written (code
    // a finding points to, such as the call a literal flows into).
    let mut parts: Vec<(Range<usize>, bool)> = secrets
        .overlapping(bytes, &shown)
        .into_iter()
        .map(|s| (s, true))
        .collect();
    for l in view.iter().copied().chain(label) {
        if l.start >= shown.start
            && !parts
                .iter()
                .any(|(s, _)| s.start < l.end && l.start < s.end)
        {
            parts.push((l.clone(), false));
        }
    }
    parts.sort_by_key(|(s, _)| (s.start, s.end));
    for (s, secret) in parts {
        if s.start >= at {
            out.push_str(&sanitize(&bytes[at..s.start]));
        }
        if s.start >= shown.start {
            let text = if secret {
                redact::mask(&bytes[s.clone()])
            } else {
                sanitize(&bytes[s.start..s.end.min(shown.end)])
            };
            let here = out.len()..out.len() + text.len();
            if label == Some(&s) {
                label_at = Some(here.clone());
            }
            if label == Some(&s) || view.contains(&&s) {
                hull_at = Some(match hull_at {
                    Some(h) => h.start.min(here.start)..h.end.max(here.end),
                    None => here,
                });
            }
            out.push_str(&text);
        }
        at = at.max(s.end.min(shown.end));
    }
    if at < shown.end {
        out.push_str(&sanitize(&bytes[at..shown.end]));
    }
    // Locations further apart than two windows are not shown together: the line is
    // cut around this excerpt's own location, as if it were alone.
    let hull_at = match (hull_at, &label_at) {
        (Some(h), Some(own)) if out[h.clone()].chars().count() > 2 * LABEL_WINDOW => {
            Some(own.clone())
        }
        (Some(h), None) if out[h.clone()].chars().count() > 2 * LABEL_WINDOW => None,
        (h, _) => h,
    };
    match hull_at {
        Some(h) => {
            let (text, kept) = cut_around(out, h.clone(), cut_left, cut_right);
            let label_at = label_at.map(|l| {
                let shift = kept.start;
                l.start - h.start + shift..l.end - h.start + shift
            });
            (text, label_at)
        }
        None => (cut_end(out, CONTEXT_WIDTH, cut_right), None),
    }
}

/// Keep `LABEL_WINDOW` characters either side of the label; `…` marks a cut, including
/// one made earlier by the byte window.
fn cut_around(
    line: String,
    label: Range<usize>,
    cut_left: bool,
    cut_right: bool,
) -> (String, Range<usize>) {
    let before = &line[..label.start];
    let after = &line[label.end..];
    let kept_before: String = {
        let n = before.chars().count();
        if n > LABEL_WINDOW || cut_left {
            let skip = n.saturating_sub(LABEL_WINDOW);
            format!("…{}", before.chars().skip(skip).collect::<String>())
        } else {
            before.to_string()
        }
    };
    let kept_after = cut_end(after.to_string(), LABEL_WINDOW, cut_right);
    let start = kept_before.len();
    let end = start + label.len();
    (
        format!("{kept_before}{}{kept_after}", &line[label]),
        start..end,
    )
}

fn cut_end(line: String, width: usize, already_cut: bool) -> String {
    if line.chars().count() <= width {
        if already_cut {
            return line + "…";
        }
        return line;
    }
    let mut s: String = line.chars().take(width).collect();
    s.push('…');
    s
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
        let spans = [s1.clone(), s2.clone()];
        let snip = build(&src, &s1, &Secrets::new(text, &spans));
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
        let snip = build(&src, &call_arg, &Secrets::new(text, &[secret]));
        assert_eq!(
            snip.text,
            "KEY = \"SECR…(18)\"\nclient = Client(KEY, \"\\u{1b}\")"
        );
        assert_eq!(&snip.text[snip.label.clone()], "KEY");
    }

    /// Excerpts of two locations on one long line cut it alike, around both.
    #[test]
    fn locations_of_one_finding_share_a_window() {
        let mut text = "x".repeat(300);
        let key = text.len()..text.len() + 16;
        text.push_str("KKKKKKKKKKKKKKKK, ");
        text.push_str(&"m".repeat(60));
        let secret = text.len()..text.len() + 20;
        text.push_str("SSSSSSSSSSSSSSSSSSSS");
        text.push_str(&"y".repeat(300));
        let src = Source::new("f", text.as_bytes(), Lang::Other);
        let spans = [key.clone(), secret.clone()];
        let secrets = Secrets::new(src.bytes(), &spans);
        let a = build_among(&src, &secret, &spans, &secrets);
        let b = build_among(&src, &key, &spans, &secrets);
        assert_eq!(a.text, b.text);
        assert_eq!(&a.text[a.label.clone()], "SSSS…(20)");
        assert_eq!(&b.text[b.label.clone()], "KKKK…(16)");
        assert!(
            a.text.starts_with('…') && a.text.ends_with('…'),
            "{}",
            a.text
        );
        // Alone, the secret's excerpt is cut closer to it.
        let alone = build(&src, &secret, &secrets);
        assert!(!alone.text.contains("KKKK"), "{}", alone.text);
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
        let spans = [span.clone()];
        let snip = build(&src, &span, &Secrets::new(src.bytes(), &spans));
        assert!(snip.text.chars().count() < 150, "{}", snip.text.len());
        assert_eq!(&snip.text[snip.label.clone()], "ABCD…(16)");
        assert!(!snip.text.contains("EFGH"));
    }

    /// A found value is masked wherever the excerpt shows it again: on its own line
    /// where no rule matched, and on a context line. (Found by the `engine` fuzz target:
    /// `client("s3", key_id="AKIA…", other AKIA…)` printed the second copy raw.)
    #[test]
    fn every_occurrence_of_a_found_value_is_masked() {
        let text = b"id = \"AKIAVL7BFXY2BYZGDHTH\", f(AKIAVL7BFXY2BYZGDHTH)\nprint('AKIAVL7BFXY2BYZGDHTH')"; // keylint:allow
        let src = Source::new("f", text, Lang::Other);
        let span = 6..26;
        let spans = [span.clone()];
        let snip = build(&src, &span, &Secrets::new(text, &spans));
        assert_eq!(
            snip.text,
            "id = \"AKIA…(20)\", f(AKIA…(20))\nprint('AKIA…(20)')"
        );
        assert_eq!(&snip.text[snip.label.clone()], "AKIA…(20)");
        assert_eq!(snip.label.start, 6);
    }

    /// Past `Values::FEW` distinct values the automaton searches; overlapping
    /// occurrences are masked either way.
    #[test]
    fn many_values_and_overlapping_occurrences_are_masked() {
        let mut text = String::new();
        let mut spans = Vec::new();
        for i in 0..12 {
            let v = format!("Q{i:02}xZ7kPw9rTq");
            spans.push(text.len() + 4..text.len() + 4 + v.len());
            text.push_str(&format!("k = {v}\n"));
        }
        text.push_str("again Q05xZ7kPw9rTq\n");
        let src = Source::new("f", text.as_bytes(), Lang::Other);
        let secrets = Secrets::new(text.as_bytes(), &spans);
        assert!(matches!(secrets.values, Values::Many(_)));
        let snip = build(&src, &spans[11], &secrets);
        assert_eq!(snip.text, "k = Q10…(13)\nk = Q11…(13)\nagain Q05…(13)");
        // "abab" twice, overlapping, in "ababab": the few-values search finds both.
        let text = b"x = abab\nababab";
        let src = Source::new("f", text, Lang::Other);
        let span = 4..8;
        let snip = build(
            &src,
            &span,
            &Secrets::new(text, std::slice::from_ref(&span)),
        );
        assert_eq!(
            snip.text, "x = a…(4)\na…(4)a…(4)",
            "no byte of either shown raw"
        );
    }

    /// An occurrence cut in two by the window edge is hidden, not shown in part.
    #[test]
    fn an_occurrence_cut_by_the_window_is_not_shown_in_part() {
        let secret = "Q8xvN2mK4pL7wR1tZ9yuM3nJ"; // keylint:allow
        let mut text = String::from(secret);
        // Pad so the window's left edge (196 bytes before the finding) falls inside
        // the first copy of the value.
        text.push_str(&"x".repeat(LABEL_WINDOW_BYTES - 10));
        let start = text.len();
        text.push_str(secret);
        let span = start..text.len();
        let spans = [span.clone()];
        let src = Source::new("f", text.as_bytes(), Lang::Other);
        let snip = build(&src, &span, &Secrets::new(text.as_bytes(), &spans));
        assert!(!snip.text.contains("tZ9yu"), "{}", snip.text);
        assert!(snip.text.starts_with('…'), "{}", snip.text);
        assert_eq!(&snip.text[snip.label.clone()], "Q8xv…(24)");
    }

    #[test]
    fn multi_megabyte_lines_are_windowed_and_marked_cut() {
        let mut text = "é".repeat(2_000_000);
        let start = text.len();
        text.push_str("ABCDEFGHIJKLMNOP");
        let span = start..text.len();
        text.push_str(&"ü".repeat(2_000_000));
        text.push('\n');
        text.push_str(&"ß".repeat(1_000_000));
        let spans = [span.clone()];
        let src = Source::new("f", text.as_bytes(), Lang::Other);
        let snip = build(&src, &span, &Secrets::new(text.as_bytes(), &spans));
        let lines: Vec<&str> = snip.text.lines().collect();
        assert_eq!(
            lines[0],
            format!("…{}ABCD…(16){}…", "é".repeat(48), "ü".repeat(48))
        );
        assert_eq!(lines[1], format!("{}…", "ß".repeat(100)));
    }

    #[test]
    fn spans_reaching_into_a_window_are_found_from_either_side() {
        let bytes = vec![b'x'; 400];
        let spans = [300..310, 0..100, 150..160, 95..96, 199..200, 200..260];
        let secrets = Secrets::new(&bytes, &spans);
        // The value search finds every `x` run too; compare spans only.
        let mut found = secrets.overlapping(&bytes, &(90..200));
        found.retain(|s| spans.contains(s));
        assert_eq!(found, vec![0..100, 95..96, 150..160, 199..200]);
        let mut found = secrets.overlapping(&bytes, &(260..300));
        found.retain(|s| spans.contains(s));
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn multi_line_secrets_keep_line_numbers() {
        let text = b"k = \"\"\"\nAAAA\nBBBB\nCCCC\"\"\"\nnext";
        let src = Source::new("f", text, Lang::Other);
        let span = 8..22;
        let spans = [span.clone()];
        let snip = build(&src, &span, &Secrets::new(src.bytes(), &spans));
        assert_eq!(snip.text.lines().count(), 5);
        assert!(!snip.text.contains("BBBB"));
    }
}
