//! History in proportion to what changed: which lines of a blob to scan when it is a
//! new version of a blob already scanned (its parent commit's blob at the same path).
//!
//! A line diff of the two versions (imara-diff's histogram algorithm: near-linear on
//! source files, the algorithm git and gix use) gives the changed lines of the new
//! version; a deletion counts as a change at the line after it. The scan decides
//! every line within `reach` lines of a change (what a detector looks at around a
//! value: pairing windows, provider context, `near` words, markers), and sees every
//! line within `2 × reach`, so each decided line has its whole reach around it. Lines
//! further away are blanked (every byte but line terminators becomes a space, so
//! offsets, lines and columns stay those of the new version) unless they hold the
//! first occurrence of a keyword, which file-wide context needs. What the old version
//! held on unchanged lines outside the decided ones is carried over ([`Partial::carried`]).
//!
//! Lines end as [`crate::source::Source`] counts them: at `\n`, `\r\n` or a lone `\r`.

use std::ops::Range;

use imara_diff::intern::InternedInput;
use imara_diff::{Algorithm, diff};

/// Unchanged lines: `len` lines from line `old` of the old version are lines from
/// `new` of the new one (0-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    pub old: u32,
    pub new: u32,
    pub len: u32,
}

impl Run {
    /// Where old lines `first..=last` are in the new version, if the run holds them all.
    pub fn map(&self, first: u32, last: u32) -> Option<(u32, u32)> {
        (first >= self.old && last < self.old.saturating_add(self.len))
            .then(|| (first - self.old + self.new, last - self.old + self.new))
    }
}

/// How to scan a new version of a file.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Partial {
    /// Lines to leave readable (0-based, sorted, disjoint): the changes with `2 × reach`
    /// lines around them.
    pub scan: Vec<Range<u32>>,
    /// Lines whose findings the scan decides: the changes with `reach` lines around them.
    pub decide: Vec<Range<u32>>,
    /// Unchanged lines outside `decide`: what the old version held there, the new one holds.
    pub carried: Vec<Run>,
    /// Every run of unchanged lines, in order (`carried` is these minus `decide`).
    pub same: Vec<Run>,
    /// Lines of the new version.
    pub lines: u32,
}

impl Partial {
    /// Whether 0-based line `line` is decided by the scan.
    pub fn decides(&self, line: u32) -> bool {
        let i = self.decide.partition_point(|r| r.end <= line);
        self.decide.get(i).is_some_and(|r| r.start <= line)
    }

    /// Whether the new version equals the old one line for line.
    pub fn unchanged(&self) -> bool {
        self.decide.is_empty()
    }
}

/// Byte offset where each line starts, and the end of the text.
pub fn line_starts(bytes: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    let mut i = 0;
    while let Some(pos) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
        let at = i + pos;
        i = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
            at + 2
        } else {
            at + 1
        };
        starts.push(i);
    }
    if starts.last() != Some(&bytes.len()) {
        starts.push(bytes.len());
    }
    starts
}

/// The lines of `bytes` (terminators included) given its [`line_starts`].
fn lines<'b>(bytes: &'b [u8], starts: &'b [usize]) -> impl Iterator<Item = &'b [u8]> + 'b {
    starts
        .windows(2)
        .map(move |w| bytes.get(w[0]..w[1]).unwrap_or_default())
}

/// Plan the scan of `new`, a new version of `old`, for detectors that look `reach`
/// lines around a value. `new_starts` is [`line_starts`] of `new`; `old_starts` is
/// `old`'s when it is known already (the old version was the last one planned).
pub fn plan(
    old: &[u8],
    old_starts: Option<&[usize]>,
    new: &[u8],
    new_starts: &[usize],
    reach: u32,
) -> Partial {
    let counted;
    let old_starts = match old_starts {
        Some(s) => s,
        None => {
            counted = line_starts(old);
            &counted[..]
        }
    };
    let old_lines: Vec<&[u8]> = lines(old, old_starts).collect();
    let new_lines: Vec<&[u8]> = lines(new, new_starts).collect();
    let n_new = u32::try_from(new_lines.len()).unwrap_or(u32::MAX);
    let n_old = u32::try_from(old_lines.len()).unwrap_or(u32::MAX);
    let changes = line_changes(&old_lines, &new_lines);
    let around = |k: u32| {
        let mut out: Vec<Range<u32>> = Vec::new();
        for (_, after) in &changes {
            let r = after.start.saturating_sub(k)..after.end.saturating_add(k).min(n_new);
            match out.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => out.push(r),
            }
        }
        out.retain(|r| r.start < r.end);
        out
    };
    let decide = around(reach);
    let scan = around(reach.saturating_mul(2));
    // Unchanged runs between the changes, then minus the decided lines.
    let mut runs = Vec::new();
    let (mut o, mut n) = (0u32, 0u32);
    for (before, after) in changes
        .iter()
        .chain(std::iter::once(&(n_old..n_old, n_new..n_new)))
    {
        let len = after.start.saturating_sub(n);
        if len > 0 {
            runs.push(Run {
                old: o,
                new: n,
                len,
            });
        }
        o = before.end;
        n = after.end;
    }
    let mut carried = Vec::new();
    for run in runs.iter().copied() {
        let mut start = run.new;
        let end = run.new + run.len;
        for d in &decide {
            if d.end <= start || d.start >= end {
                continue;
            }
            if d.start > start {
                carried.push(Run {
                    old: run.old + (start - run.new),
                    new: start,
                    len: d.start - start,
                });
            }
            start = start.max(d.end);
        }
        if start < end {
            carried.push(Run {
                old: run.old + (start - run.new),
                new: start,
                len: end - start,
            });
        }
    }
    Partial {
        scan,
        decide,
        carried,
        same: runs,
        lines: n_new,
    }
}

/// The changed lines (old range, new range; 0-based) of the histogram diff of two
/// versions' lines. The histogram diff strips the lines the versions share at their
/// start and end before it looks at the rest, and reads lines only as equal or not:
/// stripping them here, comparing bytes, gives the same changes without interning
/// (hashing) every line of a large file for a change of a few.
fn line_changes(old: &[&[u8]], new: &[&[u8]]) -> Vec<(Range<u32>, Range<u32>)> {
    let (pre, post) = common_edges(old, new);
    let mut input: InternedInput<&[u8]> = InternedInput::default();
    input.update_before(
        old.get(pre..old.len() - post)
            .unwrap_or_default()
            .iter()
            .copied(),
    );
    input.update_after(
        new.get(pre..new.len() - post)
            .unwrap_or_default()
            .iter()
            .copied(),
    );
    let skip = u32::try_from(pre).unwrap_or(u32::MAX);
    let mut changes = Vec::new();
    diff(
        Algorithm::Histogram,
        &input,
        |before: Range<u32>, after: Range<u32>| {
            changes.push((
                before.start + skip..before.end + skip,
                after.start + skip..after.end + skip,
            ));
        },
    );
    changes
}

/// How many lines `old` and `new` share at their start, then at their end (not
/// counting those again), as imara-diff's `common_edges` counts them.
fn common_edges(old: &[&[u8]], new: &[&[u8]]) -> (usize, usize) {
    let pre = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let post = old[pre..]
        .iter()
        .rev()
        .zip(new[pre..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    (pre, post)
}

/// The occurrences in `new` of strings that hold no line break, in the order a search
/// of `new` reports them (by end offset), from `old_found`: their occurrences in
/// `old` (same order), of which `new` is a new version with the unchanged lines
/// `same` ([`Partial::same`]). On unchanged lines they are the old lines' occurrences,
/// moved; `search` appends those in each stretch of other lines (a byte range of
/// `new` made of whole lines). A search meets a line break in the same state as at
/// the start of the text (no string holds one), so what it reports on a line, and in
/// what order, depends on that line alone.
pub fn carry_occurrences<T: Clone>(
    old_found: &[(T, Range<usize>)],
    old_starts: &[usize],
    new_starts: &[usize],
    same: &[Run],
    mut search: impl FnMut(Range<usize>, &mut Vec<(T, Range<usize>)>),
    out: &mut Vec<(T, Range<usize>)>,
) {
    out.clear();
    let at = |starts: &[usize], line: u32| starts.get(line as usize).copied().unwrap_or(0);
    let n_new = u32::try_from(new_starts.len().saturating_sub(1)).unwrap_or(u32::MAX);
    let end = Run {
        old: 0,
        new: n_new,
        len: 0,
    };
    let mut line = 0u32;
    for run in same.iter().chain(std::iter::once(&end)) {
        if run.new > line {
            search(at(new_starts, line)..at(new_starts, run.new), out);
        }
        if run.len > 0 {
            let (lo, hi) = (at(old_starts, run.old), at(old_starts, run.old + run.len));
            let to = at(new_starts, run.new);
            let first = old_found.partition_point(|(_, r)| r.end <= lo);
            let last = old_found.partition_point(|(_, r)| r.end <= hi);
            let moved = old_found.get(first..last).unwrap_or_default();
            out.extend(
                moved
                    .iter()
                    .map(|(t, r)| (t.clone(), r.start - lo + to..r.end - lo + to)),
            );
        }
        line = run.new + run.len;
    }
}

/// Blank every line of `bytes` (`starts`: its [`line_starts`]) outside `keep` (0-based
/// line ranges, sorted) except the lines holding a byte offset of `witnesses`: each
/// byte but `\n` and `\r` becomes a space.
/// The lines left as they are go to `readable` (byte ranges, adjacent lines joined).
pub fn mask(
    bytes: &mut [u8],
    starts: &[usize],
    keep: &[Range<u32>],
    witnesses: &[usize],
    readable: &mut Vec<Range<usize>>,
) {
    readable.clear();
    let mut read = |line: &[usize]| match readable.last_mut() {
        Some(last) if last.end == line[0] => last.end = line[1],
        _ => readable.push(line[0]..line[1]),
    };
    let mut witness_lines: Vec<usize> = witnesses
        .iter()
        .map(|&at| starts.partition_point(|&s| s <= at).saturating_sub(1))
        .collect();
    witness_lines.sort_unstable();
    witness_lines.dedup();
    let mut keep = keep.iter().peekable();
    let mut wit = witness_lines.into_iter().peekable();
    for (line, w) in starts.windows(2).enumerate() {
        let l = u32::try_from(line).unwrap_or(u32::MAX);
        while keep.peek().is_some_and(|r| r.end <= l) {
            keep.next();
        }
        if keep.peek().is_some_and(|r| r.start <= l) {
            read(w);
            continue;
        }
        while wit.peek().is_some_and(|&x| x < line) {
            wit.next();
        }
        if wit.peek() == Some(&line) {
            read(w);
            continue;
        }
        // A line of `line_starts` holds one terminator, at its end (`\r\n`, `\n` or
        // `\r`; none on a last line without one): fill what stands before it.
        let line = bytes.get_mut(w[0]..w[1]).unwrap_or_default();
        let body = match line {
            [.., b'\r', b'\n'] => line.len() - 2,
            [.., b'\n' | b'\r'] => line.len() - 1,
            _ => line.len(),
        };
        line[..body].fill(b' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(n: u32) -> String {
        (0..n).map(|i| format!("line {i}\n")).collect()
    }

    fn plan_of(old: &str, new: &str, reach: u32) -> Partial {
        plan(
            old.as_bytes(),
            None,
            new.as_bytes(),
            &line_starts(new.as_bytes()),
            reach,
        )
    }

    #[test]
    fn line_starts_follow_the_source_line_index() {
        assert_eq!(line_starts(b""), vec![0]);
        assert_eq!(line_starts(b"a\nb"), vec![0, 2, 3]);
        assert_eq!(line_starts(b"a\r\nb\rc\n"), vec![0, 3, 5, 7]);
    }

    #[test]
    fn identical_versions_carry_everything() {
        let text = numbered(50);
        let p = plan_of(&text, &text, 3);
        assert!(p.unchanged());
        assert_eq!(
            p.carried,
            vec![Run {
                old: 0,
                new: 0,
                len: 50
            }]
        );
    }

    #[test]
    fn an_inserted_line_is_decided_with_its_reach_and_the_rest_carried() {
        let old = numbered(100);
        let mut new: Vec<String> = old.lines().map(|l| format!("{l}\n")).collect();
        new.insert(50, "inserted\n".into());
        let new: String = new.concat();
        let p = plan_of(&old, &new, 3);
        assert_eq!(p.decide, vec![47..54]);
        assert_eq!(p.scan, vec![44..57]);
        assert_eq!(
            p.carried,
            vec![
                Run {
                    old: 0,
                    new: 0,
                    len: 47
                },
                Run {
                    old: 53,
                    new: 54,
                    len: 47
                },
            ]
        );
        assert!(p.decides(50) && p.decides(47) && !p.decides(46) && !p.decides(54));
        // Old line 60 is new line 61.
        assert_eq!(p.carried[1].map(60, 60), Some((61, 61)));
        assert_eq!(p.carried[1].map(99, 100), None);
    }

    #[test]
    fn a_deletion_is_a_change_where_it_was() {
        let old = numbered(20);
        let new: String = old
            .lines()
            .filter(|l| *l != "line 10")
            .map(|l| format!("{l}\n"))
            .collect();
        let p = plan_of(&old, &new, 2);
        assert_eq!(p.decide, vec![8..12]);
        assert_eq!(
            p.carried,
            vec![
                Run {
                    old: 0,
                    new: 0,
                    len: 8
                },
                Run {
                    old: 13,
                    new: 12,
                    len: 7
                }
            ]
        );
    }

    /// The changes imara-diff finds interning every line of both versions.
    fn changes_untrimmed(old: &[u8], new: &[u8]) -> Vec<(Range<u32>, Range<u32>)> {
        let (os, ns) = (line_starts(old), line_starts(new));
        let mut input: InternedInput<&[u8]> = InternedInput::default();
        input.update_before(lines(old, &os));
        input.update_after(lines(new, &ns));
        let mut out = Vec::new();
        diff(
            Algorithm::Histogram,
            &input,
            |b: Range<u32>, a: Range<u32>| {
                out.push((b, a));
            },
        );
        out
    }

    #[test]
    fn stripping_common_lines_changes_nothing() {
        let base = numbered(60);
        let base: Vec<&str> = base.split_inclusive('\n').collect();
        // Edits at the start, the middle, the end, repeated lines, no final newline.
        let mut cases: Vec<(String, String)> = Vec::new();
        for at in [0usize, 1, 30, 58, 59, 60] {
            let mut v = base.clone();
            v.insert(at.min(v.len()), "new line\n");
            cases.push((base.concat(), v.concat()));
            let mut v = base.clone();
            if at < v.len() {
                v.remove(at);
            }
            cases.push((base.concat(), v.concat()));
        }
        cases.push(("a\nb\na\nb\n".into(), "a\nb\nx\na\nb\n".into()));
        cases.push(("a\nb\nc".into(), "a\nb\nc\n".into()));
        cases.push(("x\nx\nx\n".into(), "x\nx\n".into()));
        cases.push((String::new(), "a\n".into()));
        cases.push(("same\n".into(), "same\n".into()));
        for (old, new) in &cases {
            let (os, ns) = (line_starts(old.as_bytes()), line_starts(new.as_bytes()));
            let got = line_changes(
                &lines(old.as_bytes(), &os).collect::<Vec<_>>(),
                &lines(new.as_bytes(), &ns).collect::<Vec<_>>(),
            );
            assert_eq!(
                got,
                changes_untrimmed(old.as_bytes(), new.as_bytes()),
                "{old:?} -> {new:?}"
            );
        }
    }

    /// Every occurrence of each word (its index) in `text`, by end offset.
    fn occurrences(text: &[u8], words: &[&str]) -> Vec<(usize, Range<usize>)> {
        let mut out = Vec::new();
        for end in 1..=text.len() {
            for (i, w) in words.iter().enumerate() {
                if end >= w.len() && text[end - w.len()..end] == *w.as_bytes() {
                    out.push((i, end - w.len()..end));
                }
            }
        }
        out
    }

    #[test]
    fn occurrences_carry_over_unchanged_lines() {
        let words = ["key", "ey", "secret"];
        let old = "a key\nsecret key\r\nplain\nkey\rlast secret";
        let news = [
            "a key\nsecret key\r\nnew key here\nplain\nkey\rlast secret",
            "secret key\r\nplain\nkey\rlast secret\n",
            "a key\nsecret key\r\nplain\nkey\rlast secret",
            "",
            "keykey\nplain\n",
        ];
        let old_found = occurrences(old.as_bytes(), &words);
        let old_starts = line_starts(old.as_bytes());
        for new in news {
            let new = new.as_bytes();
            let starts = line_starts(new);
            let p = plan(old.as_bytes(), None, new, &starts, 1);
            let mut got = Vec::new();
            carry_occurrences(
                &old_found,
                &old_starts,
                &starts,
                &p.same,
                |r, out| {
                    let base = r.start;
                    let found = occurrences(&new[r], &words);
                    out.extend(
                        found
                            .into_iter()
                            .map(|(w, o)| (w, o.start + base..o.end + base)),
                    );
                },
                &mut got,
            );
            assert_eq!(
                got,
                occurrences(new, &words),
                "{:?}",
                String::from_utf8_lossy(new)
            );
        }
    }

    #[test]
    fn masking_keeps_offsets_and_terminators() {
        let mut text = b"keep\r\nblank me\nwitness\nblank\rkeep2\n".to_vec();
        let starts = line_starts(&text);
        let witness = text.windows(3).position(|w| w == b"wit").unwrap() + 2;
        let mut readable = Vec::new();
        mask(&mut text, &starts, &[0..1, 4..5], &[witness], &mut readable);
        assert_eq!(&text[..], b"keep\r\n        \nwitness\n     \rkeep2\n");
        let read: Vec<&[u8]> = readable.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(read, [&b"keep\r\n"[..], b"witness\n", b"keep2\n"]);
        // a last line without a terminator, lone `\r`s and an empty line
        let mut text = b"a\r\rb\n\nlast".to_vec();
        let starts = line_starts(&text);
        mask(&mut text, &starts, &[], &[], &mut readable);
        assert_eq!(&text[..], b" \r\r \n\n    ");
        assert!(readable.is_empty());
    }
}
