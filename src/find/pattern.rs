//! Regex rules: the workhorse detector.
//!
//! ## What it does
//! For every rule the prefilter marked, runs the rule's `regex::bytes` program over
//! the file (or, for `scope = "line"`, over the lines holding a keyword hit), takes
//! the `secret` capture, and keeps it if it survives, in order: the quote check of
//! assignment rules, the minimum length, the name exclusions of generic rules and the
//! rule's own `exclude_names`, the placeholder filter, the rule's rejected shapes
//! (`reject`), the entropy floor and the rule's validator. Provider context and
//! pairing are judged later, on all matches of the file at once (`context`, `pairing`).
//!
//! ## Why is this bad?
//! Each rule documents its own attack; in short, whoever holds the value can act as
//! the account that owns it.
//!
//! ## Example
//! `BINANCE_API_SECRET = "<64 random alphanumerics>"` fires `binance-api-secret`.
//! Use instead: `BINANCE_API_SECRET = os.environ["BINANCE_API_SECRET"]`.
//!
//! ## Known limitations
//! A secret split across string concatenations or lines is not seen by a regex; the
//! syntax-aware passes cover the common cases.
//!
//! ## Configuration
//! Rules in `rules/*.toml`, custom rules and `disabled_rules` in `.keylint.toml`.

use std::ops::Range;

use regex::bytes::CaptureLocations;

use super::{Match, ScanContext, entropy};
use crate::finding::DetectorKind;
use crate::rules::{Rule, RuleKind, Scope};
use crate::source::Source;

/// Longest value an assignment rule accepts; longer runs are data, not credentials.
const MAX_ASSIGNED_LEN: usize = 1024;
/// How far back from a value to look for an environment read on its line.
const ENV_READ_LOOKBACK: usize = 512;

/// Run one rule over `src`, pushing accepted matches.
pub fn run_rule(
    rule_index: usize,
    rule: &Rule,
    src: &Source,
    cx: &ScanContext,
    locs: &mut CaptureLocations,
    ranges: &mut Vec<Range<usize>>,
    out: &mut Vec<Match>,
) {
    let Some(regex) = &rule.regex else { return };
    let bytes = src.bytes();
    ranges.clear();
    if rule.scope == Scope::Line && !cx.hits.overflowed {
        line_ranges(bytes, rule_index, cx, ranges);
    } else if let Some(readable) = src.partial().and_then(|p| p.readable) {
        // a partial source is blank but for these lines (whatever is found must lie
        // within the lines around a change to count)
        ranges.extend(readable.iter().cloned());
    } else {
        ranges.push(0..bytes.len());
    }
    for range in ranges.iter() {
        let hay = &bytes[..range.end];
        let mut at = range.start;
        while at <= range.end {
            let Some(m) = regex.captures_read_at(locs, hay, at) else {
                break;
            };
            if let Some(found) = accept(rule_index, rule, src, cx, locs) {
                out.push(found);
            }
            at = if m.end() > m.start() {
                m.end()
            } else {
                m.end() + 1
            };
        }
    }
}

/// Merged line ranges holding the rule's keyword hits, in file order.
fn line_ranges(bytes: &[u8], rule_index: usize, cx: &ScanContext, out: &mut Vec<Range<usize>>) {
    let mut floor = 0;
    for (r, hit) in &cx.hits.positions {
        if *r as usize != rule_index || hit.start < floor {
            continue;
        }
        let start = memchr::memrchr2(b'\n', b'\r', &bytes[floor..hit.start])
            .map_or(floor, |i| floor + i + 1);
        let end =
            memchr::memchr2(b'\n', b'\r', &bytes[hit.end..]).map_or(bytes.len(), |i| hit.end + i);
        out.push(start..end);
        floor = end;
    }
}

fn accept(
    rule_index: usize,
    rule: &Rule,
    src: &Source,
    cx: &ScanContext,
    locs: &CaptureLocations,
) -> Option<Match> {
    let bytes = src.bytes();
    let (start, mut end) = locs.get(rule.secret_group)?;
    let query = rule.is_assignment && is_query_parameter(bytes, rule, locs);
    if query {
        // `?apikey=V&x=1` inside a URL: the value ends at the next parameter
        end = start + memchr::memchr2(b'&', b'#', &bytes[start..end]).map_or(end - start, |i| i);
        if end - start > MAX_ASSIGNED_LEN {
            return None;
        }
    } else if rule.is_assignment && !assignment_value_ok(rule, src, locs, end) {
        return None;
    }
    let value = &bytes[start..end];
    if crate::source::count_chars(value) < rule.min_length {
        return None;
    }
    if rule
        .value
        .as_ref()
        .is_some_and(|shape| !shape.is_match(value))
    {
        return None;
    }
    let name = rule
        .name_group
        .and_then(|g| locs.get(g))
        .map(|(s, e)| &bytes[s..e]);
    if rule.kind == RuleKind::Generic && name.is_some_and(|n| cx.placeholders.is_excluded_name(n)) {
        return None;
    }
    if let (Some(excluded), Some(n)) = (&rule.exclude_names, name)
        && excluded.is_match(n)
    {
        return None;
    }
    if rule.kind == RuleKind::Generic && name_is_qualified(bytes, rule, locs) {
        return None;
    }
    if cx.placeholders.is_placeholder(value) || cx.placeholders.is_env_read(value) {
        return None;
    }
    if rule.reject.iter().any(|shape| shape.matches(value)) {
        return None;
    }
    // An assignment's value is read from the environment if the text between its name
    // and the value says so; other rules look at the whole line before the value (a
    // literal inside `os.getenv("K", "…")` is a fallback, not the credential in use).
    let prefix_start = match rule.name_group.and_then(|g| locs.get(g)) {
        Some((_, name_end)) if name_end <= start => name_end,
        _ => memchr::memrchr2(
            b'\n',
            b'\r',
            &bytes[start.saturating_sub(ENV_READ_LOOKBACK)..start],
        )
        .map_or(start.saturating_sub(ENV_READ_LOOKBACK), |i| {
            start.saturating_sub(ENV_READ_LOOKBACK) + i + 1
        }),
    };
    if cx.placeholders.is_env_read(&bytes[prefix_start..start]) {
        return None;
    }
    if let Some(floor) = rule.min_entropy
        && !entropy::passes(value, floor)
    {
        return None;
    }
    let detector = match (rule.validator, rule.kind) {
        (Some(v), _) => {
            super::format::check(v, value).ok()?;
            DetectorKind::Validated
        }
        (None, RuleKind::Generic) => DetectorKind::Generic,
        (None, RuleKind::Provider | RuleKind::Code | RuleKind::Repository) => DetectorKind::Pattern,
    };
    // The reported region covers the secret; a capture that does not is ignored.
    let region = rule
        .region_group
        .and_then(|g| locs.get(g))
        .map(|(s, e)| s.min(start)..e.max(end))
        .filter(|r| *r != (start..end));
    Some(Match {
        rule: rule_index,
        span: start..end,
        region,
        detector,
        confidence: rule.confidence,
        message: None,
        name: name.map(|n| String::from_utf8_lossy(n).into_owned()),
        labels: None,
        related: Vec::new(),
        context: Vec::new(),
        also_matched: Vec::new(),
    })
}

/// In a notebook cell, `%env NAME=value`, `%set_env NAME=value` and shell escapes
/// (`!export NAME=value`) take unquoted literals, as a shell does.
fn is_notebook_shell_line(src: &Source, at: usize) -> bool {
    if src.lang() != crate::source::Lang::Notebook {
        return false;
    }
    let bytes = src.bytes();
    let line_start = memchr::memrchr2(b'\n', b'\r', &bytes[..at]).map_or(0, |i| i + 1);
    let line = bytes[line_start..at].trim_ascii_start();
    line.starts_with(b"%env") || line.starts_with(b"%set_env") || line.starts_with(b"!")
}

/// A name right after `?` or `&` is a URL query parameter (`…/api?apikey=V&…`).
fn is_query_parameter(bytes: &[u8], rule: &Rule, locs: &CaptureLocations) -> bool {
    rule.name_group
        .and_then(|g| locs.get(g))
        .is_some_and(|(s, _)| s >= 1 && matches!(bytes[s - 1], b'?' | b'&'))
}

/// A name that ends a `::` path (`"AWS::ApiGateway::ApiKey": …`) names a type, not a
/// variable holding a credential.
fn name_is_qualified(bytes: &[u8], rule: &Rule, locs: &CaptureLocations) -> bool {
    rule.name_group
        .and_then(|g| locs.get(g))
        .is_some_and(|(s, _)| s >= 2 && &bytes[s - 2..s] == b"::")
}

/// Assignment rules: a quoted value must close with its opening quote; an unquoted
/// value is a literal only in config formats (in code it is an expression such as
/// `os.environ["X"]` or `None`), and never a YAML block, anchor or flow collection.
fn assignment_value_ok(rule: &Rule, src: &Source, locs: &CaptureLocations, end: usize) -> bool {
    let bytes = src.bytes();
    let (start, _) = locs.get(rule.secret_group).unwrap_or((end, end));
    if end - start > MAX_ASSIGNED_LEN {
        return false;
    }
    match rule.quote_group.and_then(|g| locs.get(g)) {
        Some((q, _)) => bytes.get(end) == Some(&bytes[q]),
        None => {
            (src.lang().bare_values_are_literals() || is_notebook_shell_line(src, start))
                && !matches!(
                    bytes[start],
                    b'[' | b'{' | b'(' | b'|' | b'>' | b'&' | b'*' | b'!' | b'%' | b'@' | b'\\'
                )
                && !bytes[start..end].ends_with(b"(")
        }
    }
}
