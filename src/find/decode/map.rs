//! The offset map of a derived text: which bytes of the text it was derived from
//! (its *parent*) each of its bytes stands for.

use std::ops::Range;

use super::Encoding;

/// One stretch of derived text and where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seg {
    /// Start of the stretch in the derived text.
    pub virt: usize,
    /// Start of its source in the parent.
    pub orig: usize,
    /// Length of its source in the parent (0 for an inserted separator).
    pub raw_len: usize,
    /// A byte-for-byte copy: derived byte `virt + i` is parent byte `orig + i`.
    /// Otherwise the whole stretch stands for the whole source (an escape sequence,
    /// a base64 quad).
    pub literal: bool,
    /// The decoding that produced the stretch; `None` for context copied around
    /// decoded text.
    pub enc: Option<Encoding>,
}

/// A derived text under construction and its map. Segments are in text order.
#[derive(Debug, Default, Clone)]
pub struct Builder {
    pub text: Vec<u8>,
    pub segs: Vec<Seg>,
}

impl Builder {
    /// Copy `parent[range]` as it is.
    pub fn copy(&mut self, parent: &[u8], range: Range<usize>, enc: Option<Encoding>) {
        let Some(bytes) = parent.get(range.clone()) else {
            return;
        };
        if bytes.is_empty() {
            return;
        }
        let virt = self.text.len();
        self.text.extend_from_slice(bytes);
        // Extend the previous literal stretch when this one continues it.
        if let Some(last) = self.segs.last_mut()
            && last.literal
            && last.enc == enc
            && last.virt + last.raw_len == virt
            && last.orig + last.raw_len == range.start
        {
            last.raw_len += bytes.len();
            return;
        }
        self.segs.push(Seg {
            virt,
            orig: range.start,
            raw_len: bytes.len(),
            literal: true,
            enc,
        });
    }

    /// Append `decoded`, which stands for `parent[orig]` as a whole.
    pub fn opaque(&mut self, decoded: &[u8], orig: Range<usize>, enc: Option<Encoding>) {
        if decoded.is_empty() {
            return;
        }
        self.segs.push(Seg {
            virt: self.text.len(),
            orig: orig.start,
            raw_len: orig.len(),
            literal: false,
            enc,
        });
        self.text.extend_from_slice(decoded);
    }

    /// Append the text and map of `other` (built over the same parent).
    pub fn append(&mut self, other: &Builder) {
        let base = self.text.len();
        self.segs.extend(other.segs.iter().map(|s| Seg {
            virt: s.virt + base,
            ..*s
        }));
        self.text.extend_from_slice(&other.text);
    }

    pub fn finish(self) -> (Vec<u8>, OffsetMap) {
        let len = self.text.len();
        (
            self.text,
            OffsetMap {
                segs: self.segs,
                len,
            },
        )
    }
}

/// Derived offsets → parent offsets.
#[derive(Debug, Default, Clone)]
pub struct OffsetMap {
    segs: Vec<Seg>,
    len: usize,
}

impl OffsetMap {
    pub fn segs(&self) -> &[Seg] {
        &self.segs
    }

    /// The segment holding derived byte `v`.
    fn seg(&self, v: usize) -> Option<&Seg> {
        let i = self.segs.partition_point(|s| s.virt <= v);
        self.segs.get(i.checked_sub(1)?)
    }

    /// Length of a segment in the derived text.
    fn virt_len(&self, i: usize) -> usize {
        let end = self.segs.get(i + 1).map_or(self.len, |n| n.virt);
        end.saturating_sub(self.segs[i].virt)
    }

    /// Parent offset of derived byte `v`.
    fn map_start(&self, v: usize) -> usize {
        match self.seg(v) {
            Some(s) if s.literal => s.orig + (v - s.virt).min(s.raw_len),
            Some(s) => s.orig,
            None => 0,
        }
    }

    /// Parent offset just past derived byte `v - 1` (an exclusive end).
    fn map_end(&self, v: usize) -> usize {
        let Some(last) = v.checked_sub(1) else {
            return self.map_start(0);
        };
        match self.seg(last) {
            Some(s) if s.literal => s.orig + (last - s.virt + 1).min(s.raw_len),
            Some(s) => s.orig + s.raw_len,
            None => 0,
        }
    }

    /// The parent span a derived span stands for.
    pub fn map(&self, span: &Range<usize>) -> Range<usize> {
        let start = self.map_start(span.start);
        start..self.map_end(span.end).max(start)
    }

    /// The decodings a derived span touches, outermost first (in the order met).
    pub fn encodings(&self, span: &Range<usize>) -> Vec<Encoding> {
        let first = self.segs.partition_point(|s| s.virt <= span.start);
        let first = first.saturating_sub(1);
        let mut out = Vec::new();
        for (i, s) in self.segs.iter().enumerate().skip(first) {
            if s.virt >= span.end.max(span.start + 1) {
                break;
            }
            if s.virt + self.virt_len(i) <= span.start {
                continue;
            }
            if let Some(e) = s.enc
                && !out.contains(&e)
            {
                out.push(e);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_and_opaque_stretches_map_back() {
        let parent = b"k = \"a\\nb\" tail";
        let mut b = Builder::default();
        b.copy(parent, 0..5, None); // `k = "`
        b.copy(parent, 5..6, Some(Encoding::Escape)); // a
        b.opaque(b"\n", 6..8, Some(Encoding::Escape)); // \n
        b.copy(parent, 8..9, Some(Encoding::Escape)); // b
        b.copy(parent, 9..15, None);
        let (text, map) = b.finish();
        assert_eq!(text, b"k = \"a\nb\" tail");
        assert_eq!(map.map(&(5..6)), 5..6);
        assert_eq!(map.map(&(6..7)), 6..8);
        assert_eq!(map.map(&(5..8)), 5..9);
        assert_eq!(map.map(&(0..3)), 0..3);
        assert_eq!(map.encodings(&(0..3)), vec![]);
        assert_eq!(map.encodings(&(4..7)), vec![Encoding::Escape]);
        assert_eq!(map.map(&(text.len()..text.len())), 15..15);
    }

    #[test]
    fn adjacent_copies_merge() {
        let parent = b"abcdef";
        let mut b = Builder::default();
        b.copy(parent, 0..2, None);
        b.copy(parent, 2..4, None);
        b.copy(parent, 4..6, Some(Encoding::Percent));
        assert_eq!(b.segs.len(), 2);
    }
}
