//! Tables: CSV/TSV files whose header names the columns, and the rows of a pg_dump
//! `COPY … (cols) FROM stdin;` block. Each cell is bound to its column's name.

use super::Span;

/// How far into a file the CSV sniff reads.
const SNIFF_LIMIT: usize = 64 * 1024;
/// Data records the sniff checks after the header.
const SNIFF_RECORDS: usize = 3;
/// Longest header cell taken as a column name.
const MAX_HEADER_CELL: usize = 64;

/// A sniffed CSV file.
pub(super) struct Csv {
    pub delim: u8,
    pub header: Vec<Span>,
    pub body: usize,
}

/// One cell: its content span (quotes excluded) and whether it was quoted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Cell {
    pub span: Span,
    pub quoted: bool,
}

/// Parse one RFC 4180 record starting at `at`; cells go to `cells`. Returns where the
/// next record starts. A quoted cell may span lines; `""` inside it is a quote.
pub(super) fn record(
    b: &[u8],
    at: usize,
    end: usize,
    delim: u8,
    cells: &mut Vec<Cell>,
    steps: &mut u64,
) -> usize {
    cells.clear();
    let mut i = at;
    loop {
        // one cell
        while i < end && b[i] == b' ' {
            i += 1;
        }
        if i < end && b[i] == b'"' {
            let start = i + 1;
            let mut j = start;
            loop {
                match memchr::memchr(b'"', &b[j..end]) {
                    Some(k) if b.get(j + k + 1) == Some(&b'"') && j + k + 1 < end => j += k + 2,
                    Some(k) => {
                        j += k;
                        break;
                    }
                    None => {
                        j = end;
                        break;
                    }
                }
            }
            *steps += (j - i) as u64;
            cells.push(Cell {
                span: start..j,
                quoted: true,
            });
            i = (j + 1).min(end);
            // anything between the closing quote and the delimiter is dropped
            while i < end && !matches!(b[i], b'\n' | b'\r') && b[i] != delim {
                i += 1;
            }
        } else {
            let start = i;
            while i < end && !matches!(b[i], b'\n' | b'\r') && b[i] != delim {
                i += 1;
            }
            *steps += (i - start) as u64;
            let mut e = i;
            while e > start && matches!(b[e - 1], b' ' | b'\t') && delim != b'\t' {
                e -= 1;
            }
            cells.push(Cell {
                span: start..e,
                quoted: false,
            });
        }
        if i < end && b[i] == delim {
            i += 1;
            continue;
        }
        // line end
        if i < end && b[i] == b'\r' {
            i += 1;
        }
        if i < end && b[i] == b'\n' {
            i += 1;
        }
        return i;
    }
}

fn name_like(b: &[u8], c: &Cell) -> bool {
    let s = &b[c.span.clone()];
    !s.is_empty()
        && s.len() <= MAX_HEADER_CELL
        && s.iter().any(u8::is_ascii_alphabetic)
        && s.iter().all(|&ch| {
            ch.is_ascii_alphanumeric()
                || matches!(ch, b'_' | b' ' | b'-' | b'.' | b'#' | b'/' | b'(' | b')')
        })
}

/// A header of two or more name-like cells, and the next records (up to three, at
/// least one) with as many cells.
pub(super) fn sniff(b: &[u8], steps: &mut u64) -> Option<Csv> {
    let start = if b.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let end = b.len().min(start + SNIFF_LIMIT);
    let line_end = memchr::memchr(b'\n', &b[start..end]).map_or(end, |k| start + k);
    let mut cells = Vec::new();
    for delim in [b',', b'\t', b';', b'|'] {
        if memchr::memchr(delim, &b[start..line_end]).is_none() {
            continue;
        }
        let body = record(b, start, end, delim, &mut cells, steps);
        if cells.len() < 2 || !cells.iter().all(|c| name_like(b, c)) {
            continue;
        }
        let header: Vec<Span> = cells.iter().map(|c| c.span.clone()).collect();
        let mut at = body;
        let mut seen = 0;
        let mut ok = true;
        while seen < SNIFF_RECORDS && at < end {
            if matches!(b[at], b'\n' | b'\r') {
                at += 1;
                continue;
            }
            let next = record(b, at, end, delim, &mut cells, steps);
            if cells.len() != header.len() {
                ok = false;
                break;
            }
            seen += 1;
            at = next;
        }
        if ok && seen > 0 {
            return Some(Csv {
                delim,
                header,
                body,
            });
        }
    }
    None
}

/// Header words of a name/value table's first column (`setting,value`, `key,value`).
const KV_NAME_HEADERS: &[&[u8]] = &[
    b"key",
    b"name",
    b"setting",
    b"param",
    b"parameter",
    b"variable",
    b"var",
    b"field",
    b"option",
    b"property",
    b"config",
    b"env",
];
/// Header words of its second column.
const KV_VALUE_HEADERS: &[&[u8]] = &[b"value", b"val", b"setting_value", b"data"];

/// A two-column name/value table: each row's first cell names its second.
fn key_value(b: &[u8], header: &[Span]) -> bool {
    let is =
        |span: &Span, list: &[&[u8]]| list.iter().any(|w| b[span.clone()].eq_ignore_ascii_case(w));
    header.len() == 2 && is(&header[0], KV_NAME_HEADERS) && is(&header[1], KV_VALUE_HEADERS)
}

/// Every non-empty cell of the sniffed file's body, with its column and the name it is
/// bound to: the column's header, or in a name/value table (`setting,value`) the
/// row's first cell.
pub(super) fn cells(b: &[u8], csv: &Csv, steps: &mut u64, mut f: impl FnMut(usize, &Span, &Cell)) {
    let kv = key_value(b, &csv.header);
    let mut cells = Vec::new();
    let mut at = csv.body;
    while at < b.len() {
        if matches!(b[at], b'\n' | b'\r') {
            at += 1;
            continue;
        }
        let next = record(b, at, b.len(), csv.delim, &mut cells, steps);
        if kv {
            if let [name, value] = &cells[..]
                && name_like(b, name)
                && !value.span.is_empty()
            {
                f(1, &name.span, value);
            }
        } else {
            for (col, (cell, name)) in cells.iter().zip(&csv.header).enumerate() {
                if !cell.span.is_empty() {
                    f(col, name, cell);
                }
            }
        }
        at = next.max(at + 1);
    }
}

/// The tab-separated rows of a `COPY … FROM stdin;` block from `at` to its `\.` line;
/// `\N` (NULL) cells are skipped. Returns where scanning resumes.
pub(super) fn copy_rows(
    b: &[u8],
    at: usize,
    end: usize,
    steps: &mut u64,
    mut f: impl FnMut(usize, Span),
) -> usize {
    let mut line = at;
    while line < end {
        let eol = memchr::memchr(b'\n', &b[line..end]).map_or(end, |k| line + k);
        *steps += (eol - line + 1) as u64;
        let text_end = if eol > line && b[eol - 1] == b'\r' {
            eol - 1
        } else {
            eol
        };
        let row = &b[line..text_end];
        if row == b"\\." {
            return (eol + 1).min(end);
        }
        let mut col = 0;
        let mut cell = line;
        for (k, &c) in row
            .iter()
            .enumerate()
            .chain(std::iter::once((row.len(), &b'\t')))
        {
            if c == b'\t' {
                let span = cell..line + k;
                if !span.is_empty() && &b[span.clone()] != b"\\N" {
                    f(col, span);
                }
                col += 1;
                cell = line + k + 1;
            }
        }
        line = eol + 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_follow_rfc4180() {
        let b = b"a,\"b,\"\"c\"\"\",  d \n\"multi\nline\",x,y\n";
        let mut cells = Vec::new();
        let mut steps = 0;
        let next = record(b, 0, b.len(), b',', &mut cells, &mut steps);
        let texts: Vec<&[u8]> = cells.iter().map(|c| &b[c.span.clone()]).collect();
        assert_eq!(texts, vec![&b"a"[..], b"b,\"\"c\"\"", b"d"]);
        record(b, next, b.len(), b',', &mut cells, &mut steps);
        assert_eq!(&b[cells[0].span.clone()], b"multi\nline");
    }

    #[test]
    fn sniff_needs_a_named_header_and_matching_rows() {
        let mut steps = 0;
        assert!(sniff(b"user,password\nbob,x1\nann,y2\n", &mut steps).is_some());
        assert!(sniff(b"id\tapi_key\n1\tabc\n", &mut steps).is_some());
        assert!(sniff(b"import a, b\nprint(x)\n", &mut steps).is_none());
        assert!(sniff(b"1,2,3\n4,5,6\n", &mut steps).is_none());
        assert!(sniff(b"user,password\n", &mut steps).is_none());
    }

    #[test]
    fn name_value_tables_bind_each_row() {
        let b = b"setting,value\nkraken_api_key,Kp4Zr8Xq2Vn7/Lt3Wm9\nkraken_api_secret,\"Q2Vn9+Kc4T==\"\nempty,\n";
        let mut steps = 0;
        let csv = sniff(b, &mut steps).unwrap();
        let mut got = Vec::new();
        cells(b, &csv, &mut steps, |col, name, cell| {
            got.push((col, b[name.clone()].to_vec(), b[cell.span.clone()].to_vec()));
        });
        assert_eq!(
            got,
            vec![
                (
                    1,
                    b"kraken_api_key".to_vec(),
                    b"Kp4Zr8Xq2Vn7/Lt3Wm9".to_vec()
                ),
                (1, b"kraken_api_secret".to_vec(), b"Q2Vn9+Kc4T==".to_vec()),
            ]
        );
    }

    #[test]
    fn copy_rows_stop_at_the_terminator() {
        let b = b"1\tbob\tpw1\n2\t\\N\tpw2\n\\.\nSELECT 1;\n";
        let mut got = Vec::new();
        let mut steps = 0;
        let next = copy_rows(b, 0, b.len(), &mut steps, |c, s| {
            got.push((c, b[s].to_vec()))
        });
        assert_eq!(&b[next..], b"SELECT 1;\n");
        assert_eq!(got.len(), 5);
        assert_eq!(got[2], (2, b"pw1".to_vec()));
    }
}
