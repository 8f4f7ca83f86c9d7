//! `Source`: one file's bytes with its display path, its language, and a line index
//! that is built only when a finding needs a line number.

use std::cell::{Cell, OnceCell};
use std::path::Path;

/// The syntax a file is written in, as far as detectors care.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Python,
    JavaScript,
    TypeScript,
    Rust,
    Go,
    Json,
    Yaml,
    Toml,
    Ini,
    Env,
    Shell,
    Notebook,
    /// Any other programming language (C, C++, Java, PHP, Ruby, Solidity, …): an
    /// unquoted value after `=` is an expression, as in the languages above.
    Code,
    Other,
}

impl Lang {
    /// Guess from the file name; `.env`, `.env.local`, `prod.env` are all `Env`.
    pub fn from_path(path: &Path) -> Lang {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if name == ".env" || name.starts_with(".env.") || name.ends_with(".env") {
            return Lang::Env;
        }
        if name == "dockerfile" || name == "makefile" || name.starts_with("dockerfile.") {
            return Lang::Shell;
        }
        let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        match ext {
            "py" | "pyw" | "pyi" => Lang::Python,
            "js" | "mjs" | "cjs" | "jsx" => Lang::JavaScript,
            "ts" | "mts" | "cts" | "tsx" => Lang::TypeScript,
            "rs" => Lang::Rust,
            "go" => Lang::Go,
            "json" | "jsonc" | "json5" => Lang::Json,
            "yaml" | "yml" => Lang::Yaml,
            "toml" => Lang::Toml,
            "ini" | "cfg" | "conf" | "properties" => Lang::Ini,
            "sh" | "bash" | "zsh" | "ps1" => Lang::Shell,
            "ipynb" => Lang::Notebook,
            "c" | "h" | "cc" | "cpp" | "cxx" | "hh" | "hpp" | "hxx" | "inl" | "tcc" | "m"
            | "mm" | "java" | "kt" | "kts" | "scala" | "groovy" | "gradle" | "cs" | "fs" | "vb"
            | "php" | "rb" | "swift" | "dart" | "lua" | "pl" | "pm" | "r" | "jl" | "ex" | "exs"
            | "erl" | "hs" | "ml" | "clj" | "sol" | "vy" | "zig" | "nim" | "v" | "d" | "cr"
            | "elm" | "vue" | "svelte" | "sql" => Lang::Code,
            _ => Lang::Other,
        }
    }

    /// In these formats an unquoted value after `key:`/`key=` is a literal, not code.
    pub fn bare_values_are_literals(self) -> bool {
        matches!(
            self,
            Lang::Yaml | Lang::Ini | Lang::Env | Lang::Shell | Lang::Other
        )
    }

    pub fn name(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::JavaScript => "javascript",
            Lang::TypeScript => "typescript",
            Lang::Rust => "rust",
            Lang::Go => "go",
            Lang::Json => "json",
            Lang::Yaml => "yaml",
            Lang::Toml => "toml",
            Lang::Ini => "ini",
            Lang::Env => "env",
            Lang::Shell => "shell",
            Lang::Notebook => "notebook",
            Lang::Code => "code",
            Lang::Other => "other",
        }
    }
}

/// One unit of content to scan: a file, a git blob or standard input.
pub struct Source<'a> {
    path: &'a str,
    path_bytes: Option<&'a [u8]>,
    bytes: &'a [u8],
    lang: Lang,
    /// 0 for a file; n for text decoded n layers deep from one (`find::decode`).
    layer: u8,
    /// In a derived source: the stretches that are decoded text (the rest is context
    /// copied from the parent).
    decoded: Vec<std::ops::Range<usize>>,
    /// Decoded from build output: read as build output whatever its own lines look
    /// like (a window cut from a minified line is short).
    from_build_output: bool,
    /// Some lines are blanked (history scans a new version of a file only around what
    /// changed). A detector that needs the whole file to judge them says so instead of
    /// running.
    partial: Option<Partial<'a>>,
    lines: OnceCell<LineIndex>,
    /// The last position looked up: a finding's start, end and excerpt are looked up
    /// in turn, so the next lookup usually counts only the bytes in between.
    last_pos: Cell<Option<Pos>>,
    /// The last few line ranges looked up (an excerpt asks for the same lines again).
    recent_lines: Cell<[Option<(usize, usize, usize)>; 4]>,
}

/// A source with blanked lines: only findings in `decided` count.
#[derive(Clone, Debug)]
pub struct Partial<'a> {
    /// Byte ranges whose findings count, sorted.
    pub decided: Vec<std::ops::Range<usize>>,
    /// The file as written (same length; nothing blanked), for a detector that must
    /// read a whole file's structure to know what the decided ranges hold.
    pub original: &'a [u8],
    /// Every keyword occurrence in `original` (the prefilter's pattern index and byte
    /// range, in search order), when the caller listed them: the finder derives this
    /// source's keyword hits from them instead of searching again.
    pub keywords: Option<&'a [(u32, std::ops::Range<usize>)]>,
    /// The byte ranges left readable (whole lines, sorted, disjoint), when the caller
    /// knows them: everything else is blank, and a detector that walks the text may
    /// skip it. `None`: any byte may be readable.
    pub readable: Option<&'a [std::ops::Range<usize>]>,
}

/// A resolved position: byte offset, 0-based line, the line's start, 0-based column.
#[derive(Clone, Copy, Debug)]
struct Pos {
    offset: usize,
    line: usize,
    line_start: usize,
    column: usize,
}

impl<'a> Source<'a> {
    pub fn new(path: &'a str, bytes: &'a [u8], lang: Lang) -> Self {
        Source {
            path,
            path_bytes: None,
            bytes,
            lang,
            layer: 0,
            decoded: Vec::new(),
            from_build_output: false,
            partial: None,
            lines: OnceCell::new(),
            last_pos: Cell::new(None),
            recent_lines: Cell::new([None; 4]),
        }
    }

    /// Attach the raw bytes of a non-UTF-8 path (then `path` is its lossy form).
    pub fn with_path_bytes(mut self, raw: Option<&'a [u8]>) -> Self {
        self.path_bytes = raw;
        self
    }

    /// Mark the source as text decoded `layer` layers deep from a file.
    pub fn with_layer(mut self, layer: u8) -> Self {
        self.layer = layer;
        self
    }

    /// Mark the source as partial: lines outside what changed are blanked.
    pub fn with_partial(mut self, partial: Option<Partial<'a>>) -> Self {
        self.partial = partial;
        self
    }

    /// For a partial source (see [`Source::with_partial`]), what is blanked.
    pub fn partial(&self) -> Option<&Partial<'a>> {
        self.partial.as_ref()
    }

    /// 0 for a file; n for text decoded n layers deep from one.
    pub fn layer(&self) -> u8 {
        self.layer
    }

    /// Mark the stretches of a derived source that are decoded text, in order.
    pub fn with_decoded(mut self, decoded: Vec<std::ops::Range<usize>>) -> Self {
        self.decoded = decoded;
        self
    }

    /// Mark a derived source as decoded from build output (see
    /// `judge::sample::Samples::is_bundle_source`).
    pub fn with_build_output(mut self, from_build_output: bool) -> Self {
        self.from_build_output = from_build_output;
        self
    }

    /// Whether this derived source was decoded from build output.
    pub fn from_build_output(&self) -> bool {
        self.from_build_output
    }

    /// The stretches that are decoded text (empty for a file).
    pub fn decoded(&self) -> &[std::ops::Range<usize>] {
        &self.decoded
    }

    pub fn path(&self) -> &'a str {
        self.path
    }

    pub fn path_bytes(&self) -> Option<&'a [u8]> {
        self.path_bytes
    }

    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.bytes))
    }

    /// 1-based (line, column) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let bytes = self.bytes;
        let offset = offset.min(bytes.len());
        // Same line as the last lookup: count only the characters in between.
        let pos = match self.last_pos.get() {
            Some(p) if offset >= p.offset && !has_terminator(&bytes[p.offset..offset]) => Pos {
                offset,
                column: p.column + count_chars(&bytes[p.offset..offset]),
                ..p
            },
            Some(p)
                if offset < p.offset
                    && offset >= p.line_start
                    && !has_terminator(&bytes[offset..p.offset]) =>
            {
                Pos {
                    offset,
                    column: p.column - count_chars(&bytes[offset..p.offset]),
                    ..p
                }
            }
            _ => {
                let (line, line_start) = self.lines().locate(bytes, offset);
                Pos {
                    offset,
                    line,
                    line_start,
                    column: count_chars(&bytes[line_start..offset]),
                }
            }
        };
        self.last_pos.set(Some(pos));
        (pos.line + 1, pos.column + 1)
    }

    /// Byte range of 1-based line `line` without its terminator (empty past the end).
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let mut recent = self.recent_lines.get();
        if let Some((_, s, e)) = recent.iter().flatten().find(|(l, _, _)| *l == line) {
            return *s..*e;
        }
        let r = self.lines().line_range(self.bytes, line);
        recent.rotate_right(1);
        recent[0] = Some((line, r.start, r.end));
        self.recent_lines.set(recent);
        r
    }

    /// The bytes of 1-based line `line`, without its terminator.
    pub fn line_text(&self, line: usize) -> &'a [u8] {
        &self.bytes[self.line_range(line)]
    }
}

/// Lines are found by scanning from sampled line starts rather than by storing every
/// one: a file of short lines (a log, a dump, 200 MB of newlines) would otherwise need
/// 8 bytes of index per line, up to four times the file. A sample is taken at the
/// first line start at least this many bytes past the previous one, so a lookup scans
/// at most this far to reach a line's start (plus the line itself for its end).
const SAMPLE_EVERY: usize = 4096;

/// Line boundaries. `\n`, `\r\n` and a lone `\r` all end a line, so files with old
/// Mac line endings get right line numbers too.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// (byte offset, 0-based line) of sampled line starts, ascending; `(0, 0)` first.
    samples: Vec<(usize, usize)>,
    count: usize,
}

/// Where the line ending found at `at` ends (`\r\n` is one ending).
fn after_terminator(bytes: &[u8], at: usize) -> usize {
    if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
        at + 2
    } else {
        at + 1
    }
}

fn has_terminator(bytes: &[u8]) -> bool {
    memchr::memchr2(b'\n', b'\r', bytes).is_some()
}

impl LineIndex {
    pub fn new(bytes: &[u8]) -> Self {
        let mut samples = vec![(0, 0)];
        let mut count = 1;
        let mut last_sample = 0;
        let mut i = 0;
        while let Some(pos) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let next = after_terminator(bytes, i + pos);
            if next - last_sample >= SAMPLE_EVERY {
                samples.push((next, count));
                last_sample = next;
            }
            count += 1;
            i = next;
            if i >= bytes.len() {
                break;
            }
        }
        LineIndex { samples, count }
    }

    pub fn line_count(&self) -> usize {
        self.count
    }

    /// 0-based line holding `offset`, and that line's start.
    fn locate(&self, bytes: &[u8], offset: usize) -> (usize, usize) {
        let offset = offset.min(bytes.len());
        let k = self.samples.partition_point(|&(o, _)| o <= offset).max(1) - 1;
        let (mut start, mut line) = self.samples[k];
        while let Some(pos) = memchr::memchr2(b'\n', b'\r', &bytes[start..offset]) {
            let next = after_terminator(bytes, start + pos);
            if next > offset {
                break;
            }
            line += 1;
            start = next;
        }
        (line, start)
    }

    /// 1-based (line, column); the column counts characters, an invalid byte counts one.
    pub fn line_col(&self, bytes: &[u8], offset: usize) -> (usize, usize) {
        let offset = offset.min(bytes.len());
        let (line, start) = self.locate(bytes, offset);
        (line + 1, count_chars(&bytes[start..offset]) + 1)
    }

    /// Byte range of 1-based line `line` without its terminator (empty past the end).
    pub fn line_range(&self, bytes: &[u8], line: usize) -> std::ops::Range<usize> {
        let Some(want) = line.checked_sub(1).filter(|&l| l < self.count) else {
            return bytes.len()..bytes.len();
        };
        let k = self.samples.partition_point(|&(_, l)| l <= want).max(1) - 1;
        let (mut start, mut at) = self.samples[k];
        while at < want {
            match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
                Some(pos) => start = after_terminator(bytes, start + pos),
                None => return bytes.len()..bytes.len(),
            }
            at += 1;
        }
        let end = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(bytes.len(), |p| start + p);
        start..end
    }

    pub fn line<'b>(&self, bytes: &'b [u8], line: usize) -> &'b [u8] {
        &bytes[self.line_range(bytes, line)]
    }
}

/// Whether `start..end` shares a byte with one of `sorted` (byte ranges in order,
/// disjoint: a partial source's decided ranges, a derived source's decoded stretches).
pub fn overlaps_any(sorted: &[std::ops::Range<usize>], start: usize, end: usize) -> bool {
    let i = sorted.partition_point(|r| r.end <= start);
    sorted.get(i).is_some_and(|r| r.start < end)
}

/// Number of characters in possibly-invalid UTF-8: every byte that is not a UTF-8
/// continuation byte starts a character.
pub fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_overlaps_sorted_ranges_only_where_it_shares_a_byte() {
        let ranges = [2..4, 8..9];
        assert!(overlaps_any(&ranges, 3, 6));
        assert!(overlaps_any(&ranges, 0, 3));
        assert!(overlaps_any(&ranges, 8, 20));
        assert!(!overlaps_any(&ranges, 4, 8), "ends are exclusive");
        assert!(!overlaps_any(&ranges, 0, 2));
        assert!(!overlaps_any(&ranges, 9, 12));
        assert!(!overlaps_any(&[], 0, 12));
    }

    #[test]
    fn line_col_handles_all_line_endings() {
        let text = b"a\nbb\r\nccc\rdddd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 2), (2, 1));
        assert_eq!(idx.line_col(text, 3), (2, 2));
        assert_eq!(idx.line_col(text, 6), (3, 1));
        assert_eq!(idx.line_col(text, 10), (4, 1));
        assert_eq!(idx.line(text, 2), b"bb");
        assert_eq!(idx.line(text, 3), b"ccc");
        assert_eq!(idx.line(text, 4), b"dddd");
        assert_eq!(idx.line(text, 9), b"");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "é = \"x\"".as_bytes();
        let idx = LineIndex::new(text);
        // 'x' is at byte 6 but character 6 (é is two bytes).
        assert_eq!(idx.line_col(text, 6), (1, 6));
    }

    #[test]
    fn trailing_newline_adds_an_empty_line() {
        let text = b"one\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 4), (2, 1));
    }

    /// Every line start, the obvious way: what the sampled index must agree with.
    fn naive_starts(bytes: &[u8]) -> Vec<usize> {
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
                b'\n' | b'\r' => i += 1,
                _ => {
                    i += 1;
                    continue;
                }
            }
            starts.push(i);
        }
        starts
    }

    fn naive_line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
        let starts = naive_starts(bytes);
        let idx = starts.partition_point(|&s| s <= offset) - 1;
        (idx + 1, count_chars(&bytes[starts[idx]..offset]) + 1)
    }

    /// Lines of 0 to 3 times the sampling distance, any mix of endings, multi-byte and
    /// invalid UTF-8, looked up in any order (the caches must not change an answer).
    fn file_and_offsets() -> impl proptest::strategy::Strategy<Value = (Vec<u8>, Vec<usize>)> {
        use proptest::prelude::*;
        let line = (
            0..3 * SAMPLE_EVERY,
            0..4usize,
            prop::sample::select(vec![&b"\n"[..], b"\r\n", b"\r", b"\n\r", b"\r\r\n"]),
        )
            .prop_map(|(len, fill, end)| {
                let unit: &[u8] = [&b"x"[..], "é".as_bytes(), b"\xff", "€".as_bytes()][fill];
                let mut l: Vec<u8> = unit.iter().copied().cycle().take(len).collect();
                l.extend_from_slice(end);
                l
            });
        prop::collection::vec(line, 0..12)
            .prop_map(|ls| ls.concat())
            .prop_flat_map(|bytes| {
                let n = bytes.len();
                (Just(bytes), prop::collection::vec(0..=n, 1..40))
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 200,
            rng_seed: proptest::test_runner::RngSeed::Fixed(6),
            ..Default::default()
        })]
        #[test]
        fn sampled_index_and_caches_agree_with_a_full_index((bytes, offsets) in file_and_offsets()) {
            let starts = naive_starts(&bytes);
            let src = Source::new("f", &bytes, Lang::Other);
            proptest::prop_assert_eq!(src.lines().line_count(), starts.len());
            for &o in &offsets {
                proptest::prop_assert_eq!(src.line_col(o), naive_line_col(&bytes, o), "offset {}", o);
                let (line, _) = naive_line_col(&bytes, o);
                let start = starts[line - 1];
                let mut end = starts.get(line).copied().unwrap_or(bytes.len());
                while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
                    end -= 1;
                }
                proptest::prop_assert_eq!(src.line_range(line), start..end);
                proptest::prop_assert_eq!(src.lines().line_range(&bytes, line), start..end);
            }
            proptest::prop_assert_eq!(src.line_range(starts.len() + 1), bytes.len()..bytes.len());
        }
    }

    #[test]
    fn index_memory_does_not_grow_with_the_line_count() {
        // 1 MiB of empty lines: one sample per 4 KiB, not one entry per line.
        let bytes = vec![b'\n'; 1 << 20];
        let idx = LineIndex::new(&bytes);
        assert_eq!(idx.line_count(), (1 << 20) + 1);
        assert_eq!(idx.samples.len(), (1 << 20) / SAMPLE_EVERY + 1);
        assert_eq!(idx.line_col(&bytes, 700_000), (700_001, 1));
    }

    #[test]
    fn lang_from_path() {
        assert_eq!(Lang::from_path(Path::new("a/.env")), Lang::Env);
        assert_eq!(Lang::from_path(Path::new(".env.production")), Lang::Env);
        assert_eq!(Lang::from_path(Path::new("bot.py")), Lang::Python);
        assert_eq!(
            Lang::from_path(Path::new("x/docker-compose.yml")),
            Lang::Yaml
        );
        assert_eq!(Lang::from_path(Path::new("Dockerfile")), Lang::Shell);
        assert_eq!(Lang::from_path(Path::new("README")), Lang::Other);
        assert_eq!(Lang::from_path(Path::new("secerr.h")), Lang::Code);
        assert!(!Lang::Code.bare_values_are_literals());
    }
}

/// Bytes of the prefix checked for NUL when deciding a file is binary.
pub const BINARY_SNIFF_LEN: usize = 8 * 1024;

/// Why content is not scanned as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentSkip {
    Binary,
}

/// The UTF-8 byte-order mark.
const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// Whether `bytes` starts with a UTF-16 byte-order mark (little or big endian).
fn utf16_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
}

/// Whether `bytes` starts with a byte-order mark: content [`prepare_content`] rewrites
/// in place (a UTF-8 mark dropped, UTF-16 decoded when it is believed).
pub fn starts_with_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(UTF8_BOM) || utf16_bom(bytes)
}

/// Normalise raw content in place for scanning: a UTF-16 file with a BOM is decoded
/// to UTF-8 (so its keys are found and its lines counted), a UTF-8 BOM is dropped,
/// and content with a NUL byte in its first 8 KiB is reported as binary.
///
/// A UTF-16 BOM is believed only if a NUL byte follows in the first 8 KiB: any ASCII
/// character (a newline, a key) in UTF-16 has one. Otherwise `FF FE` in front of a
/// UTF-8 file would turn it into CJK-looking text and hide every key in it.
pub fn prepare_content(buf: &mut Vec<u8>) -> Result<(), ContentSkip> {
    let utf16_bom = utf16_bom(buf);
    if buf.starts_with(UTF8_BOM) {
        buf.drain(..3);
    } else if utf16_bom && memchr::memchr(0, &buf[2..buf.len().min(2 + BINARY_SNIFF_LEN)]).is_some()
    {
        let big_endian = buf[0] == 0xFE;
        let units = buf[2..].chunks_exact(2).map(|c| {
            if big_endian {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        });
        let text: String = char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        *buf = text.into_bytes();
    }
    let sniff = &buf[..buf.len().min(BINARY_SNIFF_LEN)];
    if memchr::memchr(0, sniff).is_some() {
        return Err(ContentSkip::Binary);
    }
    Ok(())
}

#[cfg(test)]
mod content_tests {
    use super::*;

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut le: Vec<u8> = vec![0xFF, 0xFE];
        for u in "key = 1\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(prepare_content(&mut le), Ok(()));
        assert_eq!(le, b"key = 1\n");
        let mut be: Vec<u8> = vec![0xFE, 0xFF];
        for u in "ok".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(prepare_content(&mut be), Ok(()));
        assert_eq!(be, b"ok");
    }

    #[test]
    fn a_utf16_bom_before_text_without_nul_is_not_utf16() {
        let mut fake = b"\xff\xfeTOKEN = \"x\"\n".to_vec();
        let before = fake.clone();
        assert_eq!(prepare_content(&mut fake), Ok(()));
        assert_eq!(fake, before);
    }

    #[test]
    fn nul_in_prefix_is_binary_and_utf8_bom_is_dropped() {
        let mut bin = b"ab\0cd".to_vec();
        assert_eq!(prepare_content(&mut bin), Err(ContentSkip::Binary));
        let mut late = vec![b'a'; BINARY_SNIFF_LEN];
        late.push(0);
        assert_eq!(prepare_content(&mut late), Ok(()));
        let mut bom = b"\xEF\xBB\xBFx".to_vec();
        assert_eq!(prepare_content(&mut bom), Ok(()));
        assert_eq!(bom, b"x");
    }
}
