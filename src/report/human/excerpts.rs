//! The excerpts of one finding as one miette source: one block per file region, each
//! with its own file name and line numbers.

use std::ops::Range;

use miette::{LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::finding::Snippet;

/// Every excerpt of one finding (its value, the other halves of its key set, the call
/// it flows into) as one source for miette: excerpts of the same file that share or
/// touch lines are joined into one block, the others follow it, the finding's own
/// block first, then the rest of its file, then other files. Each block reports its
/// own file name and the file's line numbers, and a span never reads across two
/// blocks, so miette renders one block per region under the finding's one heading.
pub(super) struct Excerpts {
    text: String,
    parts: Vec<Part>,
}

pub(super) struct Part {
    /// The block's text within [`Excerpts::text`].
    range: Range<usize>,
    name: String,
    first_line: usize,
    /// (label span in `text`, 0-based column of that location in its file).
    columns: Vec<(Range<usize>, usize)>,
}

/// One location of a finding before its excerpt is placed.
pub(super) struct Mark {
    pub(super) name: String,
    pub(super) snippet: Snippet,
    pub(super) label: String,
    /// 0-based column in the file (the excerpt may be cut on the left).
    pub(super) column: usize,
    pub(super) primary: bool,
}

/// A block of contiguous lines of one file, with the labels on them.
pub(super) struct Block {
    name: String,
    first_line: usize,
    lines: Vec<String>,
    /// (line index, byte range within that line, text, column, primary)
    labels: Vec<(usize, Range<usize>, String, usize, bool)>,
}

impl Block {
    fn new(m: Mark) -> Block {
        let text = &m.snippet.text;
        let label = m.snippet.label.clone();
        let line_index = text[..label.start.min(text.len())].matches('\n').count();
        let line_start = text[..label.start.min(text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let line_len = lines.get(line_index).map_or(0, String::len);
        let start = label.start - line_start;
        let end = (label.end - line_start).min(line_len).max(start);
        Block {
            name: m.name,
            first_line: m.snippet.first_line,
            lines,
            labels: vec![(line_index, start..end, m.label, m.column, m.primary)],
        }
    }

    fn last_line(&self) -> usize {
        self.first_line + self.lines.len().saturating_sub(1)
    }

    /// Join `other` into this block if it is of the same file, its lines overlap or
    /// touch these, and the lines they share read the same.
    fn join(&mut self, other: Block) -> Result<(), Block> {
        let touches =
            other.first_line <= self.last_line() + 1 && self.first_line <= other.last_line() + 1;
        if other.name != self.name || !touches {
            return Err(other);
        }
        let first = self.first_line.min(other.first_line);
        let last = self.last_line().max(other.last_line());
        let line = |b: &Block, n: usize| {
            n.checked_sub(b.first_line)
                .and_then(|i| b.lines.get(i))
                .cloned()
        };
        let mut lines = Vec::with_capacity(last + 1 - first);
        for n in first..=last {
            match (line(self, n), line(&other, n)) {
                (Some(a), Some(b)) if a != b => return Err(other),
                (Some(a), _) | (None, Some(a)) => lines.push(a),
                (None, None) => return Err(other),
            }
        }
        let (shift_self, shift_other) = (self.first_line - first, other.first_line - first);
        for l in &mut self.labels {
            l.0 += shift_self;
        }
        self.labels.extend(other.labels.into_iter().map(|mut l| {
            l.0 += shift_other;
            l
        }));
        self.first_line = first;
        self.lines = lines;
        Ok(())
    }
}

impl Excerpts {
    /// The source and its labels; `None` when no location has an excerpt.
    pub(super) fn build(marks: Vec<Mark>) -> Option<(Excerpts, Vec<LabeledSpan>)> {
        let mut blocks: Vec<Block> = Vec::new();
        for m in marks {
            let mut b = Block::new(m);
            for existing in &mut blocks {
                match existing.join(b) {
                    Ok(()) => {
                        b = Block {
                            name: String::new(),
                            first_line: 0,
                            lines: Vec::new(),
                            labels: Vec::new(),
                        };
                        break;
                    }
                    Err(back) => b = back,
                }
            }
            if !b.labels.is_empty() {
                blocks.push(b);
            }
        }
        let own = blocks.first()?.name.clone();
        // The finding's block first, then the rest of its file by line, then other files.
        let rest = blocks.split_off(1);
        let (mut same, mut other): (Vec<Block>, Vec<Block>) =
            rest.into_iter().partition(|b| b.name == own);
        same.sort_by_key(|b| b.first_line);
        other.sort_by(|a, b| (&a.name, a.first_line).cmp(&(&b.name, b.first_line)));
        blocks.extend(same);
        blocks.extend(other);

        let mut text = String::new();
        let mut parts = Vec::new();
        let mut labels = Vec::new();
        for b in blocks {
            if !text.is_empty() {
                text.push('\n');
            }
            let start = text.len();
            let mut line_starts = Vec::with_capacity(b.lines.len());
            for (i, l) in b.lines.iter().enumerate() {
                if i > 0 {
                    text.push('\n');
                }
                line_starts.push(text.len());
                text.push_str(l);
            }
            let mut columns = Vec::new();
            for (line, range, label, column, primary) in b.labels {
                let at = line_starts.get(line).copied().unwrap_or(start);
                let span = at + range.start..at + range.end;
                columns.push((span.clone(), column));
                let source_span = SourceSpan::from(span);
                labels.push(if primary {
                    LabeledSpan::new_primary_with_span(Some(label), source_span)
                } else {
                    LabeledSpan::new_with_span(Some(label), source_span)
                });
            }
            parts.push(Part {
                range: start..text.len(),
                name: b.name,
                first_line: b.first_line,
                columns,
            });
        }
        Some((Excerpts { text, parts }, labels))
    }
}

impl SourceCode for Excerpts {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (start, end) = (span.offset(), span.offset() + span.len());
        // A span across two blocks is refused, so miette never merges them.
        let part = self
            .parts
            .iter()
            .find(|p| p.range.start <= start && end <= p.range.end)
            .ok_or(MietteError::OutOfBounds)?;
        let local = self
            .text
            .get(part.range.clone())
            .ok_or(MietteError::OutOfBounds)?;
        let local_span = SourceSpan::new((start - part.range.start).into(), span.len());
        let inner = local.read_span(&local_span, before, after)?;
        let column = part
            .columns
            .iter()
            .find(|(s, _)| s.start == start && s.end == end)
            .map_or_else(|| inner.column(), |(_, c)| *c);
        let shown = SourceSpan::new(
            (inner.span().offset() + part.range.start).into(),
            inner.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new_named(
            part.name.clone(),
            inner.data(),
            shown,
            inner.line() + part.first_line - 1,
            column,
            inner.line_count(),
        )))
    }
}
