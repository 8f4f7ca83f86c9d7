//! The nesting estimate taken before parsing: a linear scan over the bytes that
//! counts brackets and the operators pending at each open level, skipping strings,
//! character literals and comments, so a file too deep for syn's recursion is left
//! to the regex rules instead of overflowing the stack.

/// Cost of one level of brackets, in units of roughly 4 KiB of parser stack in an
/// unoptimised build (measured: ~20 KiB per `{`, ~4 KiB per unary `!` or closure bar).
pub(super) const BRACKET_COST: usize = 5;
/// Cost of one operator character pending in a statement (chains nest the tree).
const OPERATOR_COST: usize = 1;
/// An upper estimate of how deeply syn will recurse on `src`: brackets, plus the
/// operators pending at each open level (they build nested expressions too).
/// Strings, character literals and comments are skipped.
pub fn nesting_cost(src: &[u8]) -> usize {
    let mut pending: Vec<usize> = vec![0];
    let mut cost = 0usize;
    let mut max = 0usize;
    let mut i = 0;
    while i < src.len() {
        let b = src[i];
        match b {
            b'/' if src.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &src[i..]).map_or(src.len(), |n| i + n);
                continue;
            }
            b'/' if src.get(i + 1) == Some(&b'*') => {
                i = skip_block_comment(src, i);
                continue;
            }
            b'"' => {
                i = skip_string(src, i + 1);
                continue;
            }
            b'r' | b'b' | b'c' if is_raw_string_start(src, i) => {
                i = skip_raw_string(src, i);
                continue;
            }
            b'\'' => {
                i = skip_char_literal(src, i);
                continue;
            }
            b'(' | b'[' | b'{' => {
                pending.push(0);
                cost += BRACKET_COST;
            }
            b')' | b']' | b'}' => {
                if pending.len() > 1 {
                    let inner = pending.pop().unwrap_or(0);
                    cost = cost.saturating_sub(BRACKET_COST + inner * OPERATOR_COST);
                }
                if b == b'}' {
                    reset_level(&mut pending, &mut cost);
                }
            }
            b';' | b',' => reset_level(&mut pending, &mut cost),
            b'+' | b'-' | b'*' | b'/' | b'%' | b'^' | b'!' | b'&' | b'|' | b'<' | b'>' | b'='
            | b'.' | b'?' | b'@' => {
                if let Some(top) = pending.last_mut() {
                    *top += 1;
                    cost += OPERATOR_COST;
                }
            }
            _ => {}
        }
        max = max.max(cost);
        i += 1;
    }
    max
}

fn reset_level(pending: &mut [usize], cost: &mut usize) {
    if let Some(top) = pending.last_mut() {
        *cost = cost.saturating_sub(*top * OPERATOR_COST);
        *top = 0;
    }
}

fn skip_block_comment(src: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < src.len() {
        match (src[i], src[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    src.len()
}

/// Past the closing quote of a string whose content starts at `i`.
fn skip_string(src: &[u8], mut i: usize) -> usize {
    while i < src.len() {
        match src[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    src.len()
}

/// `r"`, `r#"`, `br"`, `cr#"` (not the identifier `r`, nor `b"`, which is a plain string).
fn is_raw_string_start(src: &[u8], i: usize) -> bool {
    if i > 0 && (src[i - 1].is_ascii_alphanumeric() || src[i - 1] == b'_') {
        return false;
    }
    let mut j = i;
    if matches!(src[j], b'b' | b'c') {
        j += 1;
    }
    if src.get(j) != Some(&b'r') {
        return false;
    }
    j += 1;
    while src.get(j) == Some(&b'#') {
        j += 1;
    }
    src.get(j) == Some(&b'"')
}

fn skip_raw_string(src: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < src.len() && src[i] != b'#' && src[i] != b'"' {
        i += 1;
    }
    let mut hashes = 0;
    while src.get(i) == Some(&b'#') {
        hashes += 1;
        i += 1;
    }
    i += 1;
    while i < src.len() {
        if src[i] == b'"'
            && src[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&h| h == b'#')
                .count()
                == hashes
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    src.len()
}

/// A character literal (`'a'`, `'\n'`, `'\u{1F600}'`, `'é'`) or a lifetime (`'a`).
fn skip_char_literal(src: &[u8], start: usize) -> usize {
    let i = start + 1;
    if src.get(i) == Some(&b'\\') {
        return memchr::memchr(b'\'', src.get(i + 2..).unwrap_or_default())
            .map_or(src.len(), |n| i + 2 + n + 1);
    }
    // One character (1–4 bytes of UTF-8) then a quote is a literal; else a lifetime.
    let width = match src.get(i) {
        Some(b) if *b >= 0xF0 => 4,
        Some(b) if *b >= 0xE0 => 3,
        Some(b) if *b >= 0xC0 => 2,
        _ => 1,
    };
    if src.get(i + width) == Some(&b'\'') {
        i + width + 1
    } else {
        i
    }
}
