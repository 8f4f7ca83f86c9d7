//! The engine: runs every detector on one [`Source`] and turns what survives into
//! [`Finding`]s.
//!
//! Per file: prefilter → regex rules (and any registered syntax-aware detector) →
//! dedup of overlapping spans → inline suppression → allowlists → findings with
//! line/column (the line index is built only when something was found).

pub mod entropy;
pub mod format;
pub mod pattern;
pub mod placeholder;
pub mod prefilter;
pub mod suppress;

use std::collections::HashSet;
use std::ops::Range;

use regex::bytes::{CaptureLocations, Regex};

use crate::advice;
use crate::finding::{Confidence, DetectorKind, Finding, Location, Related, Suppressed};
use crate::redact::{self, Secret};
use crate::rules::{RuleKind, RuleSet};
use crate::snippet;
use crate::source::Source;
use placeholder::Placeholders;
use prefilter::{Hits, Prefilter};

/// A candidate secret before it becomes a [`Finding`].
#[derive(Debug, Clone)]
pub struct Match {
    /// Index into the engine's [`RuleSet`].
    pub rule: usize,
    /// Byte span of the secret value.
    pub span: Range<usize>,
    pub detector: DetectorKind,
    pub confidence: Confidence,
    /// Overrides the rule's default message (syntax-aware passes name the call).
    pub message: Option<String>,
    /// The credential name the value was assigned to, if known.
    pub name: Option<String>,
    /// Related spans in the same source, with a note each.
    pub related: Vec<(Range<usize>, String)>,
    /// Rules that matched an overlapping span and lost to this one.
    pub also_matched: Vec<usize>,
}

/// What a detector sees besides the source.
pub struct ScanContext<'a> {
    pub rules: &'a RuleSet,
    pub hits: &'a Hits,
    pub placeholders: &'a Placeholders,
}

/// A problem a detector wants reported (e.g. a parse it had to give up on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetectorNote {
    pub detector: &'static str,
    pub message: String,
}

/// A pass beyond the regex rules (syntax-aware detectors register here).
pub trait Detector: Send + Sync {
    fn id(&self) -> &'static str;
    /// Push candidates into `out`; notes go to `notes`. No I/O, no global state.
    fn detect(
        &self,
        src: &Source,
        cx: &ScanContext,
        out: &mut Vec<Match>,
        notes: &mut Vec<DetectorNote>,
    );
}

/// Knobs from `.keylint.toml` and flags that the engine applies itself.
#[derive(Debug, Default)]
pub struct EngineOptions {
    /// Honour `gitleaks:allow`, `pragma: allowlist secret`, `trufflehog:ignore`.
    pub foreign_markers: bool,
    /// Values matching any of these are never reported.
    pub allow_values: Vec<Regex>,
    /// Fingerprints that are never reported.
    pub allow_fingerprints: HashSet<String>,
}

/// Per-thread scratch space, reused across files so the hot loop does not allocate.
#[derive(Default)]
pub struct Scratch {
    hits: Hits,
    matches: Vec<Match>,
    ranges: Vec<Range<usize>>,
    locs: Vec<Option<CaptureLocations>>,
}

/// Everything one source produced.
#[derive(Debug, Default)]
pub struct FileOutput {
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Suppressed>,
    pub allowlisted: usize,
    pub notes: Vec<DetectorNote>,
}

pub struct Engine {
    rules: RuleSet,
    prefilter: Prefilter,
    placeholders: Placeholders,
    detectors: Vec<Box<dyn Detector>>,
    options: EngineOptions,
}

impl Engine {
    pub fn new(rules: RuleSet, options: EngineOptions) -> Engine {
        Engine {
            prefilter: Prefilter::new(&rules),
            placeholders: Placeholders::builtin(),
            detectors: Vec::new(),
            rules,
            options,
        }
    }

    /// Register a further detector (run after the regex rules on every file).
    pub fn with_detector(mut self, detector: Box<dyn Detector>) -> Engine {
        self.detectors.push(detector);
        self
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    pub fn placeholders(&self) -> &Placeholders {
        &self.placeholders
    }

    /// Scan one source; results are appended to `out`.
    pub fn scan(&self, src: &Source, scratch: &mut Scratch, out: &mut FileOutput) {
        let Scratch {
            hits,
            matches,
            ranges,
            locs,
        } = scratch;
        self.prefilter.run(src.bytes(), hits);
        matches.clear();
        if !hits.any() && self.detectors.is_empty() {
            return;
        }
        let cx = ScanContext {
            rules: &self.rules,
            hits,
            placeholders: &self.placeholders,
        };
        locs.resize_with(self.rules.len(), || None);
        for (i, rule) in self.rules.rules().iter().enumerate() {
            if !hits.candidate[i] {
                continue;
            }
            let loc = locs[i].get_or_insert_with(|| rule.regex.capture_locations());
            pattern::run_rule(i, rule, src, &cx, loc, ranges, matches);
        }
        for d in &self.detectors {
            d.detect(src, &cx, matches, &mut out.notes);
        }
        if matches.is_empty() {
            return;
        }
        let kept = dedup(&self.rules, std::mem::take(matches));
        let spans: Vec<Range<usize>> = kept
            .iter()
            .flat_map(|m| {
                std::iter::once(m.span.clone()).chain(m.related.iter().map(|(r, _)| r.clone()))
            })
            .collect();
        let secrets = snippet::Secrets::new(src.bytes(), &spans);
        let mut markers = MarkerCache::new();
        for m in kept {
            self.emit(src, m, &secrets, &mut markers, out);
        }
    }

    fn emit(
        &self,
        src: &Source,
        m: Match,
        secrets: &snippet::Secrets,
        markers: &mut MarkerCache,
        out: &mut FileOutput,
    ) {
        let rule = &self.rules.rules()[m.rule];
        let value = &src.bytes()[m.span.clone()];
        if self
            .options
            .allow_values
            .iter()
            .any(|re| re.is_match(value))
        {
            out.allowlisted += 1;
            return;
        }
        let secret = Secret::new(value);
        let fingerprint = redact::fingerprint(&rule.id, &secret);
        if self.options.allow_fingerprints.contains(&fingerprint) {
            out.allowlisted += 1;
            return;
        }
        let location = self.location(src, m.span.clone());
        // A name holding a secret found in this file (`AKIA…_ID = "AKIA…"`, or a value
        // that is also the name of the next assignment) would print it in the message
        // and the help; such a name is not used.
        let name = m
            .name
            .as_deref()
            .filter(|n| !secrets.occurs_in(n.as_bytes()));
        let message = m.message.clone().unwrap_or_else(|| match name {
            Some(name) => format!(
                "hardcoded {} assigned to `{}`",
                rule.name,
                sanitize_name(name)
            ),
            None => format!("hardcoded {}", rule.name),
        });
        let finding = Finding {
            rule_id: rule.id.clone(),
            rule_name: rule.name.clone(),
            detector: m.detector,
            severity: rule.severity,
            confidence: m.confidence,
            secret,
            fingerprint,
            message,
            remediation: advice::help(rule, src.lang(), name),
            revoke_url: rule.revoke_url.clone(),
            related: m
                .related
                .iter()
                .map(|(span, note)| Related {
                    location: self.location(src, span.clone()),
                    message: note.clone(),
                    snippet: Some(snippet::build(src, span, secrets)),
                })
                .collect(),
            also_matched: m
                .also_matched
                .iter()
                .map(|&i| self.rules.rules()[i].id.clone())
                .collect(),
            commit: None,
            properties: Vec::new(),
            snippet: Some(snippet::build(src, &m.span, secrets)),
            location,
        };
        match self.suppression(src, m.rule, &finding, markers) {
            Some(marker) => out.suppressed.push(Suppressed {
                finding,
                marker: marker.to_string(),
            }),
            None => out.findings.push(finding),
        }
    }

    fn location(&self, src: &Source, span: Range<usize>) -> Location {
        let (line, column) = src.line_col(span.start);
        let (end_line, end_column) = src.line_col(span.end);
        Location {
            path: src.path().to_string(),
            path_bytes: src.path_bytes().map(<[u8]>::to_vec),
            line,
            column,
            end_line,
            end_column,
            byte_start: span.start,
            byte_end: span.end,
        }
    }

    /// A marker on the finding's first line or the line above it. Each (line, rule) is
    /// searched once per file: a minified line with a thousand findings is searched
    /// once, not a thousand times.
    fn suppression(
        &self,
        src: &Source,
        rule: usize,
        f: &Finding,
        markers: &mut MarkerCache,
    ) -> Option<&'static str> {
        let line = f.location.line;
        [line, line.saturating_sub(1)]
            .into_iter()
            .filter(|&l| l >= 1)
            .find_map(|l| {
                *markers.entry((l, rule)).or_insert_with(|| {
                    suppress::marker_for(src.line_text(l), &f.rule_id, self.options.foreign_markers)
                })
            })
    }
}

/// Suppression marker found per (1-based line, rule index) in the file being scanned.
type MarkerCache = std::collections::HashMap<(usize, usize), Option<&'static str>>;

/// Credential names come from file content: keep them printable and short.
fn sanitize_name(name: &str) -> String {
    name.chars().filter(|c| !c.is_control()).take(64).collect()
}

/// How strongly a match claims its span: validated provider rule, provider rule,
/// syntax-aware pass, generic assignment; then a named provider over none (Coinbase's
/// EC key over the plain PEM rule), then confidence and severity.
fn rank(rules: &RuleSet, m: &Match) -> (u8, u8, bool, Confidence, crate::finding::Severity) {
    let rule = &rules.rules()[m.rule];
    let detector = match m.detector {
        DetectorKind::Validated => 3,
        DetectorKind::Pattern => 2,
        DetectorKind::Ast => 1,
        DetectorKind::Generic => 0,
    };
    let kind = u8::from(rule.kind == RuleKind::Provider);
    (
        detector,
        kind,
        rule.provider.is_some(),
        m.confidence,
        rule.severity,
    )
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// One span matched by several rules gives one finding. Matches are grouped into
/// runs of overlapping spans; within a run the strongest claims its span, weaker
/// overlapping ones are recorded in `also_matched` (a syntax-aware match lends its
/// message and confidence to the rule that wins), and disjoint ones survive.
pub fn dedup(rules: &RuleSet, mut matches: Vec<Match>) -> Vec<Match> {
    matches.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
    });
    matches.dedup_by(|a, b| a.span == b.span && a.rule == b.rule);
    let mut out = Vec::with_capacity(matches.len());
    let mut group: Vec<Match> = Vec::new();
    let mut group_end = 0;
    for m in matches {
        if !group.is_empty() && m.span.start >= group_end {
            resolve_group(rules, &mut group, &mut out);
        }
        group_end = if group.is_empty() {
            m.span.end
        } else {
            group_end.max(m.span.end)
        };
        group.push(m);
    }
    resolve_group(rules, &mut group, &mut out);
    out
}

fn resolve_group(rules: &RuleSet, group: &mut Vec<Match>, out: &mut Vec<Match>) {
    if group.len() == 1 {
        out.append(group);
        return;
    }
    group.sort_by(|a, b| {
        rank(rules, b)
            .cmp(&rank(rules, a))
            .then(a.span.start.cmp(&b.span.start))
    });
    let mut winners: Vec<Match> = Vec::new();
    for m in group.drain(..) {
        match winners.iter_mut().find(|w| overlaps(&w.span, &m.span)) {
            Some(w) => {
                if m.detector == DetectorKind::Ast && w.detector != DetectorKind::Ast {
                    if let Some(msg) = &m.message {
                        w.message = Some(msg.clone());
                    }
                    w.related.extend(m.related.iter().cloned());
                }
                w.confidence = w.confidence.max(m.confidence);
                if m.rule != w.rule && !w.also_matched.contains(&m.rule) {
                    w.also_matched.push(m.rule);
                }
            }
            None => winners.push(m),
        }
    }
    winners.sort_by_key(|w| w.span.start);
    out.extend(winners);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Lang;

    fn engine(text: &str) -> Engine {
        let mut set = RuleSet::default();
        set.add_file("t.toml", text).unwrap();
        Engine::new(
            set,
            EngineOptions {
                foreign_markers: true,
                ..Default::default()
            },
        )
    }

    const RULES: &str = r#"
[[rule]]
id = "p-key"
description = "d"
severity = "high"
keywords = ["prov"]
regex = '''prov_key\s*=\s*"(?P<secret>[A-Za-z0-9]{16})"'''
[[rule]]
id = "g-secret"
description = "d"
severity = "medium"
kind = "generic"
scope = "line"
keywords = ["key"]
assign = 'key'
min_entropy = 3.0
"#;

    fn scan(e: &Engine, path: &str, text: &str) -> FileOutput {
        let src = Source::new(
            path,
            text.as_bytes(),
            Lang::from_path(std::path::Path::new(path)),
        );
        let mut out = FileOutput::default();
        e.scan(&src, &mut Scratch::default(), &mut out);
        out
    }

    #[test]
    fn provider_rule_wins_over_generic_on_the_same_span() {
        let e = engine(RULES);
        let out = scan(&e, "a.py", "prov_key = \"Q8xvN2mK4pL7wR1t\"\n");
        assert_eq!(out.findings.len(), 1);
        let f = &out.findings[0];
        assert_eq!(f.rule_id, "p-key");
        assert_eq!(f.also_matched, vec!["g-secret".to_string()]);
        assert_eq!((f.location.line, f.location.column), (1, 13));
        assert_eq!(f.location.end_column, 29);
    }

    #[test]
    fn generic_rule_skips_code_expressions_and_placeholders() {
        let e = engine(RULES);
        assert!(
            scan(&e, "a.py", "key = os.environ['KEY']\n")
                .findings
                .is_empty()
        );
        assert!(scan(&e, "a.py", "key = get_key()\n").findings.is_empty());
        assert!(
            scan(&e, "a.py", "key = \"your_key_here\"\n")
                .findings
                .is_empty()
        );
        assert!(
            scan(&e, "a.py", "key = os.getenv(\"K\", \"Q8xvN2mK4pL7wR1t\")\n")
                .findings
                .is_empty()
        );
        assert_eq!(scan(&e, ".env", "KEY=Q8xvN2mK4pL7wR1t\n").findings.len(), 1);
        assert!(
            scan(&e, "a.py", "KEY=Q8xvN2mK4pL7wR1t\n")
                .findings
                .is_empty()
        );
    }

    #[test]
    fn inline_markers_suppress_and_are_counted() {
        let e = engine(RULES);
        let out = scan(
            &e,
            "a.py",
            "# keylint:allow\nkey = \"Q8xvN2mK4pL7wR1t\"\nkey2 = \"Z9yuM3nJ5oK8vS2u\"\n",
        );
        assert_eq!(out.suppressed.len(), 1);
        assert_eq!(out.suppressed[0].marker, "keylint:allow");
        assert_eq!(out.findings.len(), 1);
        assert_eq!(out.findings[0].location.line, 3);
        let out = scan(
            &e,
            "a.py",
            "key = \"Q8xvN2mK4pL7wR1t\"  # keylint:allow p-key\n",
        );
        assert_eq!(out.findings.len(), 1, "marker names another rule");
    }

    #[test]
    fn allowlists_drop_values_and_fingerprints() {
        let mut set = RuleSet::default();
        set.add_file("t.toml", RULES).unwrap();
        let e = Engine::new(
            set,
            EngineOptions {
                allow_values: vec![Regex::new("^Q8xv").unwrap()],
                ..Default::default()
            },
        );
        let out = scan(&e, "a.py", "key = \"Q8xvN2mK4pL7wR1t\"\n");
        assert!(out.findings.is_empty());
        assert_eq!(out.allowlisted, 1);
    }

    #[test]
    fn dedup_keeps_disjoint_matches_in_a_chain() {
        let e = engine(RULES);
        let m = |rule, span: Range<usize>, detector| Match {
            rule,
            span,
            detector,
            confidence: Confidence::Medium,
            message: None,
            name: None,
            related: vec![],
            also_matched: vec![],
        };
        let out = dedup(
            e.rules(),
            vec![
                m(1, 0..30, DetectorKind::Generic),
                m(0, 0..10, DetectorKind::Pattern),
                m(0, 20..30, DetectorKind::Pattern),
            ],
        );
        let spans: Vec<_> = out.iter().map(|m| m.span.clone()).collect();
        assert_eq!(spans, vec![0..10, 20..30]);
    }
}
