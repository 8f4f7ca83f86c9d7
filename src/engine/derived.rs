//! Derived sources: text decoded by [`crate::find::decode`] (string escapes,
//! URL-encoding, base64, connection strings) is scanned by the whole engine — every
//! rule, and every layer of the find stage that reads text — and what it finds is
//! moved back to the text it was decoded from.
//!
//! A finding in decoded text keeps its decoded value as its secret (masked and
//! fingerprinted like any other), is reported at the encoded text's line and column
//! (the span is the encoded bytes that stand for the value), says how it was decoded
//! (`… (decoded from base64)`, property `decoded`), and is checked for suppression
//! markers on that line of the file. A finding the plain scan already reported on
//! the same bytes is not reported twice; a provider rule's finding replaces a generic
//! rule's there. Only findings inside decoded text count: the context copied around
//! it was scanned as it is.

use std::ops::Range;

use super::notebook::remap_key_set_lines;
use super::{Engine, FileOutput, Scratch};
use crate::find::decode::{self, Derived, Encoding, MAX_DEPTH};
use crate::finding::{Finding, Related, Suppressed};
use crate::rules::RuleKind;
use crate::source::Source;
use crate::tell::{location, snippet};

/// Decode `src` and scan what comes out, `depth` layers deep so far, appending to
/// `out` (whose findings from `first`/`first_suppressed` on are `src`'s own).
/// `budget[n]` bounds the bytes derived at layer `n + 1` of the whole file.
pub(super) fn scan_decoded(
    engine: &Engine,
    src: &Source,
    scratch: &mut Scratch,
    out: &mut FileOutput,
    first: (usize, usize),
    budget: &mut [usize; MAX_DEPTH as usize],
) {
    let Some(left) = budget.get_mut(usize::from(src.layer())) else {
        return;
    };
    let mut docs = Vec::new();
    // In build output only what the rules that can report there look for, and only in
    // the decoded text: those rules know a credential by its value (a prefix, a
    // header, a checksum), and a value that needs no decoding is already read as
    // written; what stands before a string on a minified line is other code.
    let bundle = engine.judge.is_bundle_source(src);
    let only = bundle.then_some(&engine.bundle_rules[..]);
    let relevant = |text: &[u8]| engine.finder.mentions_decoded_keyword(text, only);
    decode::derive_within(
        src.bytes(),
        src.lang(),
        src.decoded(),
        &relevant,
        !bundle,
        left,
        &mut docs,
    );
    for d in docs {
        let virt = Source::new(src.path(), &d.text, d.lang)
            .with_path_bytes(src.path_bytes())
            .with_layer(src.layer() + 1)
            .with_partial(src.partial().map(|_| crate::source::Partial {
                decided: std::iter::once(0..d.text.len()).collect(),
                original: &d.text,
                keywords: None,
                readable: None,
            }))
            .with_decoded(decoded_stretches(&d))
            .with_build_output(bundle);
        let mut found = FileOutput::default();
        engine.scan_surface(&virt, scratch, &mut found);
        scan_decoded(engine, &virt, scratch, &mut found, (0, 0), budget);
        merge(engine, src, &d, found, out, first);
    }
}

/// The stretches of `d`'s text that are decoded (adjacent segments joined), not
/// context copied around them.
fn decoded_stretches(d: &Derived) -> Vec<Range<usize>> {
    let segs = d.map.segs();
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, s) in segs.iter().enumerate() {
        if s.enc.is_none() {
            continue;
        }
        let end = segs.get(i + 1).map_or(d.text.len(), |n| n.virt);
        match out.last_mut() {
            Some(last) if last.end == s.virt => last.end = end,
            _ => out.push(s.virt..end),
        }
    }
    out
}

/// Secret spans (the finding's and its related halves'), in the finding's own text.
fn secret_spans(f: &Finding) -> impl Iterator<Item = Range<usize>> + '_ {
    std::iter::once(f.location.byte_start..f.location.byte_end).chain(
        f.related
            .iter()
            .filter(|r| r.is_secret)
            .map(|r| r.location.byte_start..r.location.byte_end),
    )
}

fn span(f: &Finding) -> Range<usize> {
    f.location.byte_start..f.location.byte_end
}

/// Whether two spans share a byte (an empty span counts as its first byte).
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end.max(b.start + 1) && b.start < a.end.max(a.start + 1)
}

/// Move `found` (findings in `d`) into `out` (findings in `src`).
fn merge(
    engine: &Engine,
    src: &Source,
    d: &Derived,
    found: FileOutput,
    out: &mut FileOutput,
    first: (usize, usize),
) {
    out.allowlisted += found.allowlisted;
    // Notes and capability uses describe the derived text, not the file: dropped.
    let in_decoded = |f: &Finding| !d.map.encodings(&span(f)).is_empty();
    let findings: Vec<Finding> = found.findings.into_iter().filter(in_decoded).collect();
    let suppressed: Vec<Suppressed> = found
        .suppressed
        .into_iter()
        .filter(|s| in_decoded(&s.finding))
        .collect();
    if findings.is_empty() && suppressed.is_empty() {
        return;
    }
    // Every secret of the file so far, and the new ones, masked in every excerpt.
    let new_spans: Vec<Range<usize>> = findings
        .iter()
        .chain(suppressed.iter().map(|s| &s.finding))
        .flat_map(secret_spans)
        .map(|s| d.map.map(&s))
        .collect();
    let mut spans = new_spans.clone();
    spans.extend(
        out.findings[first.0..]
            .iter()
            .chain(out.suppressed[first.1..].iter().map(|s| &s.finding))
            .flat_map(secret_spans),
    );
    let secrets = snippet::Secrets::new(src.bytes(), &spans);
    let rules = engine.rules();
    let generic = |id: &str| rules.get(id).is_some_and(|r| r.kind == RuleKind::Generic);
    let mut added = false;
    let candidates = findings
        .into_iter()
        .map(|f| (f, None))
        .chain(suppressed.into_iter().map(|s| (s.finding, Some(s.marker))));
    for (f, marker) in candidates {
        let f = relocate(f, d, src, &secrets);
        let here = span(&f);
        // The plain scan (or an earlier layer) found something on these bytes.
        let taken = out.findings[first.0..]
            .iter()
            .position(|o| overlaps(&span(o), &here));
        if let Some(i) = taken {
            let o = &out.findings[first.0 + i];
            // Kept, unless a provider rule found what a generic one had.
            if !generic(&o.rule_id) || generic(&f.rule_id) {
                continue;
            }
            out.findings.remove(first.0 + i);
        }
        if out.suppressed[first.1..]
            .iter()
            .any(|o| overlaps(&span(&o.finding), &here))
        {
            continue;
        }
        let marker = marker.or_else(|| {
            engine
                .judge
                .marker_at(src, &f.rule_id, f.location.line)
                .map(str::to_string)
        });
        match marker {
            Some(marker) => out.suppressed.push(Suppressed { finding: f, marker }),
            None => out.findings.push(f),
        }
        added = true;
    }
    if added {
        // The file's own excerpts may show the encoded form of a decoded secret.
        remask(src, &new_spans, &secrets, out, first);
    }
}

/// Rebuild the excerpts of `src`'s findings that show any of `spans`.
fn remask(
    src: &Source,
    spans: &[Range<usize>],
    secrets: &snippet::Secrets,
    out: &mut FileOutput,
    first: (usize, usize),
) {
    let lines: Vec<(usize, usize)> = spans
        .iter()
        .map(|s| (src.line_col(s.start).0, src.line_col(s.end).0))
        .collect();
    let shows = |f: &Finding| {
        f.snippet.as_ref().is_some_and(|sn| {
            let last = sn.first_line + sn.text.matches('\n').count();
            lines.iter().any(|&(a, b)| a <= last && b >= sn.first_line)
        })
    };
    let redo = |f: &mut Finding| {
        if shows(f) {
            f.snippet = Some(snippet::build(src, &span(f), secrets));
        }
        for r in &mut f.related {
            let s = r.location.byte_start..r.location.byte_end;
            r.snippet = Some(snippet::build(src, &s, secrets));
        }
    };
    let (a, b) = first;
    for f in &mut out.findings[a..] {
        redo(f);
    }
    for s in &mut out.suppressed[b..] {
        redo(&mut s.finding);
    }
}

/// The suffix a message gets for the encodings it was decoded from.
fn suffix(encs: &[Encoding]) -> String {
    let names: Vec<&str> = encs.iter().map(|e| e.describe()).collect();
    format!(" (decoded from {})", names.join(" in "))
}

/// Move a finding from derived text `d` to its parent `src`.
fn relocate(mut f: Finding, d: &Derived, src: &Source, secrets: &snippet::Secrets) -> Finding {
    let virt = span(&f);
    let mut encs = d.map.encodings(&virt);
    let mapped = d.map.map(&virt);
    let mut lines = vec![(f.location.line, 0)];
    f.location = location(src, mapped);
    lines[0].1 = f.location.line;
    // The excerpt is labelled at the secret, which a rule's region (a PEM block)
    // surrounds.
    let secret = f.secret.expose_secret();
    let secret_virt = d
        .text
        .get(virt.clone())
        .and_then(|t| memchr::memmem::find(t, secret))
        .map_or(virt.clone(), |i| {
            virt.start + i..virt.start + i + secret.len()
        });
    f.snippet = Some(snippet::build(src, &d.map.map(&secret_virt), secrets));
    for r in &mut f.related {
        let s = d.map.map(&(r.location.byte_start..r.location.byte_end));
        let virt_line = r.location.line;
        *r = Related {
            location: location(src, s.clone()),
            message: std::mem::take(&mut r.message),
            snippet: Some(snippet::build(src, &s, secrets)),
            is_secret: r.is_secret,
            rule_id: r.rule_id.take(),
        };
        lines.push((virt_line, r.location.line));
    }
    remap_key_set_lines(&mut f.properties, &lines);
    // Decoded in a deeper layer too: its encodings come after this layer's.
    if let Some(i) = f.properties.iter().position(|(k, _)| k == "decoded") {
        let (_, inner) = f.properties.remove(i);
        let inner: Vec<Encoding> = inner
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str())
            .filter_map(Encoding::from_name)
            .collect();
        if let Some(base) = f.message.strip_suffix(&suffix(&inner)) {
            f.message = base.to_string();
        }
        for e in inner {
            if !encs.contains(&e) {
                encs.push(e);
            }
        }
    }
    f.message.push_str(&suffix(&encs));
    f.properties.push((
        "decoded".to_string(),
        serde_json::json!(encs.iter().map(|e| e.name()).collect::<Vec<_>>()),
    ));
    f
}

#[cfg(test)]
mod tests;
