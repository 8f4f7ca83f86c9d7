//! The engine: runs every detector on one [`Source`] and turns what survives into
//! [`Finding`]s.
//!
//! Per file: prefilter → regex rules (and any registered syntax-aware detector) →
//! provider context (`context`) → dedup of overlapping spans → key sets (`pairing`)
//! → inline suppression → allowlists → findings with line/column (the line index is
//! built only when something was found).

pub mod code;
pub mod entropy;
pub mod format;
pub mod pattern;
pub mod placeholder;
pub mod prefilter;
pub mod wallet;

use std::collections::HashSet;
use std::ops::Range;

use regex::bytes::{CaptureLocations, Regex};

use crate::capability::CapabilityUse;
use crate::finding::{Confidence, DetectorKind, Finding, Location, Related, Severity, Suppressed};
use crate::judge::{context, pairing, suppress};
use crate::redact::{self, Secret};
use crate::rules::{RuleKind, RuleSet};
use crate::source::Source;
use crate::tell::advice;
use crate::tell::snippet;
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
    /// Related spans in the same source, with a note each (masked in excerpts).
    pub related: Vec<(Range<usize>, String)>,
    /// Related spans that are code, not secrets (the call a literal flows into):
    /// reported like `related`, shown as written.
    pub context: Vec<(Range<usize>, String)>,
    /// Rules that matched an overlapping span and lost to this one.
    pub also_matched: Vec<usize>,
}

/// What a detector sees besides the source.
#[derive(Clone, Copy)]
pub struct ScanContext<'a> {
    pub rules: &'a RuleSet,
    pub hits: &'a Hits,
    pub placeholders: &'a Placeholders,
    /// Which of the detector's own [`Detector::keywords`] occur in the file.
    pub words: &'a [bool],
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
    /// Words (lowercase) the prefilter should watch for this detector; which of them
    /// occur in a file is passed in [`ScanContext::words`], in this order.
    fn keywords(&self) -> Vec<String> {
        Vec::new()
    }
    /// Push candidates into `out`; notes go to `notes`, and what the code does with
    /// exchange keys to `uses`. No I/O, no global state.
    fn detect(
        &self,
        src: &Source,
        cx: &ScanContext,
        out: &mut Vec<Match>,
        notes: &mut Vec<DetectorNote>,
        uses: &mut Vec<CapabilityUse>,
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
    /// Capability call sites (see [`crate::capability`]).
    pub capabilities: Vec<CapabilityUse>,
}

pub struct Engine {
    rules: RuleSet,
    prefilter: Prefilter,
    context: context::ContextIndex,
    placeholders: Placeholders,
    detectors: Vec<Box<dyn Detector>>,
    /// Each detector's slice of the prefilter's extra words.
    detector_words: Vec<Range<usize>>,
    options: EngineOptions,
    /// Providers whose findings carry capabilities (`rules/capabilities.toml`).
    exchanges: Vec<String>,
}

impl Engine {
    pub fn new(rules: RuleSet, options: EngineOptions) -> Engine {
        Engine::with_detectors(rules, options, Vec::new())
    }

    /// `new` plus `detectors` (run after the regex rules on every file); the keyword
    /// automaton is built once, over the rules' keywords and every detector's words.
    pub fn with_detectors(
        rules: RuleSet,
        options: EngineOptions,
        detectors: Vec<Box<dyn Detector>>,
    ) -> Engine {
        let mut words: Vec<String> = Vec::new();
        let mut detector_words = Vec::with_capacity(detectors.len());
        for d in &detectors {
            let start = words.len();
            words.extend(d.keywords());
            detector_words.push(start..words.len());
        }
        Engine {
            prefilter: Prefilter::with_words(&rules, &words),
            context: context::ContextIndex::new(&rules),
            placeholders: Placeholders::builtin(),
            detectors,
            detector_words,
            rules,
            options,
            exchanges: Vec::new(),
        }
    }

    /// Name the providers whose findings carry capabilities.
    pub fn with_exchanges(mut self, exchanges: Vec<String>) -> Engine {
        self.exchanges = exchanges;
        self
    }

    pub fn exchanges(&self) -> &[String] {
        &self.exchanges
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
            words: &[],
        };
        locs.resize_with(self.rules.len(), || None);
        for (i, rule) in self.rules.rules().iter().enumerate() {
            let Some(regex) = rule
                .regex
                .as_ref()
                .filter(|_| hits.candidate[i])
                .filter(|_| !rule.needs_anchored_keyword() || hits.anchored[i])
            else {
                continue;
            };
            let loc = locs[i].get_or_insert_with(|| regex.capture_locations());
            pattern::run_rule(i, rule, src, &cx, loc, ranges, matches);
        }
        for (d, words) in self.detectors.iter().zip(&self.detector_words) {
            let words = hits.words.get(words.clone()).unwrap_or_default();
            let cx = ScanContext { words, ..cx };
            d.detect(src, &cx, matches, &mut out.notes, &mut out.capabilities);
        }
        context::apply(&self.rules, &self.context, src, hits, matches);
        if matches.is_empty() {
            return;
        }
        let mut kept = dedup(&self.rules, std::mem::take(matches));
        // An allowlisted value is never reported, not even as half of a key set.
        let before = kept.len();
        kept.retain(|m| {
            let value = &src.bytes()[m.span.clone()];
            !self
                .options
                .allow_values
                .iter()
                .any(|re| re.is_match(value))
        });
        out.allowlisted += before - kept.len();
        let kept = pairing::pair(&self.rules, src, kept, |m| self.held(src, m));
        let spans: Vec<Range<usize>> = kept.iter().flat_map(|p| pairing::spans(&p.m)).collect();
        let secrets = snippet::Secrets::new(src.bytes(), &spans);
        let mut markers = MarkerCache::new();
        for p in kept {
            self.emit(src, p, &secrets, &mut markers, out);
        }
    }

    /// A match with its own suppression marker is not merged into a key set.
    fn held(&self, src: &Source, m: &Match) -> bool {
        let line = src.line_col(m.span.start).0;
        let id = &self.rules.rules()[m.rule].id;
        [line, line.saturating_sub(1)]
            .into_iter()
            .filter(|&l| l >= 1)
            .any(|l| {
                suppress::marker_for(src.line_text(l), id, self.options.foreign_markers).is_some()
            })
    }

    fn emit(
        &self,
        src: &Source,
        paired: pairing::Paired,
        secrets: &snippet::Secrets,
        markers: &mut MarkerCache,
        out: &mut FileOutput,
    ) {
        let pairing::Paired {
            m,
            severity,
            halves,
        } = paired;
        let rule = &self.rules.rules()[m.rule];
        let value = &src.bytes()[m.span.clone()];
        let secret = Secret::new(value);
        let fingerprint = redact::fingerprint(&rule.id, &secret);
        if self.options.allow_fingerprints.contains(&fingerprint) {
            out.allowlisted += 1;
            return;
        }
        let here = location(src, m.span.clone());
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
        // Messages built before the file's values were all known (a key set's, a
        // syntax-aware pass's) can quote such a name too.
        let message = without_found_values(message, secrets)
            .unwrap_or_else(|| format!("hardcoded {}", rule.name));
        let finding = Finding {
            rule_id: rule.id.clone(),
            rule_name: rule.name.clone(),
            detector: m.detector,
            severity,
            confidence: m.confidence,
            secret,
            fingerprint,
            message,
            remediation: advice::help_for(rule, src.path(), src.lang(), name),
            revoke_url: rule.revoke_url.clone(),
            related: m
                .related
                .iter()
                .map(|r| (r, true))
                .chain(m.context.iter().map(|c| (c, false)))
                .map(|((span, note), is_secret)| Related {
                    location: location(src, span.clone()),
                    message: without_found_values(note.clone(), secrets)
                        .unwrap_or_else(|| "related location".to_string()),
                    snippet: Some(snippet::build(src, span, secrets)),
                    is_secret,
                })
                .collect(),
            also_matched: m
                .also_matched
                .iter()
                .map(|&i| self.rules.rules()[i].id.clone())
                .collect(),
            commit: None,
            history: None,
            properties: self.key_set_property(src, &m, &halves),
            snippet: Some(snippet::build(src, &m.span, secrets)),
            location: here,
        };
        match self.suppression(src, m.rule, &finding, markers) {
            Some(marker) => out.suppressed.push(Suppressed {
                finding,
                marker: marker.to_string(),
            }),
            None => out.findings.push(finding),
        }
    }

    /// `key_set`: every half of a merged key set, the finding's own first, as
    /// `{rule, role, line}` (the related locations say where; this says what).
    fn key_set_property(
        &self,
        src: &Source,
        m: &Match,
        halves: &[(usize, Range<usize>)],
    ) -> Vec<(String, serde_json::Value)> {
        if halves.is_empty() {
            return Vec::new();
        }
        let half = |rule: usize, span: &Range<usize>| {
            let r = &self.rules.rules()[rule];
            serde_json::json!({
                "rule": r.id,
                "role": r.pair.as_ref().map(|p| p.role.as_str()),
                "line": src.line_col(span.start).0,
            })
        };
        let list = std::iter::once(half(m.rule, &m.span))
            .chain(halves.iter().map(|(r, s)| half(*r, s)))
            .collect();
        vec![("key_set".to_string(), serde_json::Value::Array(list))]
    }

    /// A marker on the finding's first line, or alone in a comment on the line above.
    /// Each (line, rule, above) is searched once per file: a minified line with a
    /// thousand findings is searched once, not a thousand times.
    fn suppression(
        &self,
        src: &Source,
        rule: usize,
        f: &Finding,
        markers: &mut MarkerCache,
    ) -> Option<&'static str> {
        let line = f.location.line;
        let foreign = self.options.foreign_markers;
        let mut at = |l: usize, above: bool| {
            *markers.entry((l, rule, above)).or_insert_with(|| {
                if above {
                    suppress::marker_above(src.line_text(l), &f.rule_id, foreign)
                } else {
                    suppress::marker_for(src.line_text(l), &f.rule_id, foreign)
                }
            })
        };
        at(line, false).or_else(|| (line > 1).then(|| at(line - 1, true)).flatten())
    }
}

/// The location of a byte span of `src`.
pub(crate) fn location(src: &Source, span: Range<usize>) -> Location {
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

/// Suppression marker found per (1-based line, rule index, read as the line above) in
/// the file being scanned.
type MarkerCache = std::collections::HashMap<(usize, usize, bool), Option<&'static str>>;

/// Credential names come from file content: keep them printable and short.
/// `text` (a message or a related note) without any backtick-quoted name that holds
/// a value found in the file: ` (`name`)` and ` assigned to `name`` are dropped, any
/// other quote becomes `` `…` ``. Names are quoted from the source, and broken code can
/// make a name of a value (`secret: 'AB…CDKey: 'v'` names `AB…CDKey`). `None` if a
/// found value is still in the text.
fn without_found_values(text: String, secrets: &snippet::Secrets) -> Option<String> {
    if !secrets.occurs_in(text.as_bytes()) {
        return Some(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else {
            break;
        };
        let close = open + len + 2;
        let (before, quoted, after) = (&rest[..open], &rest[open + 1..close - 1], &rest[close..]);
        if !secrets.occurs_in(quoted.as_bytes()) {
            out.push_str(&rest[..close]);
            rest = after;
        } else if let (Some(head), Some(tail)) =
            (before.strip_suffix(" ("), after.strip_prefix(')'))
        {
            out.push_str(head);
            rest = tail;
        } else if let Some(head) = before.strip_suffix(" assigned to ") {
            out.push_str(head);
            rest = after;
        } else {
            out.push_str(before);
            out.push_str("`…`");
            rest = after;
        }
    }
    out.push_str(rest);
    (!secrets.occurs_in(out.as_bytes())).then_some(out)
}

fn sanitize_name(name: &str) -> String {
    name.chars().filter(|c| !c.is_control()).take(64).collect()
}

/// How strongly a match claims its span: validated provider rule, a literal the
/// syntax-aware pass saw reach a client (high confidence), provider rule, other
/// syntax-aware match, generic assignment; then a named provider over none (Coinbase's
/// EC key over the plain PEM rule), then confidence and severity, then the secret
/// half of a key set over the key half.
fn rank(rules: &RuleSet, m: &Match) -> (u8, u8, bool, Confidence, Severity, u8) {
    let rule = &rules.rules()[m.rule];
    let detector = match (m.detector, m.confidence) {
        (DetectorKind::Validated, _) => 4,
        // A literal seen passed to a client: where it goes beats a file-wide keyword.
        // …when the pass knows whose client it is, or the rule is its own (`client-*`)
        (DetectorKind::Ast, Confidence::High)
            if rule.provider.is_some() || rule.kind == RuleKind::Code =>
        {
            3
        }
        (DetectorKind::Pattern, _) => 2,
        (DetectorKind::Ast, _) => 1,
        (DetectorKind::Generic, _) => 0,
    };
    let kind = u8::from(rule.kind == RuleKind::Provider);
    // a name like `SECRET_KEY` matches both the key and the secret rule of a provider
    let role = match rule.pair.as_ref().map(|p| p.role) {
        Some(crate::rules::PairRole::Secret) => 2,
        Some(crate::rules::PairRole::Passphrase) => 1,
        _ => 0,
    };
    (
        detector,
        kind,
        rule.provider.is_some(),
        m.confidence,
        rule.severity,
        role,
    )
}

/// `m` lost its span to `w`: a syntax-aware match lends its message (the first one
/// to do so wins), code context, related locations and credential name; the higher
/// confidence is kept.
fn absorb(w: &mut Match, m: &Match) {
    // Only syntax-aware matches carry messages; one may reach `w` through a regex
    // match that absorbed it first.
    if w.message.is_none() {
        w.message.clone_from(&m.message);
    }
    for c in &m.context {
        if !w.context.contains(c) {
            w.context.push(c.clone());
        }
    }
    if m.detector == DetectorKind::Ast && w.detector != DetectorKind::Ast {
        w.related.extend(m.related.iter().cloned());
        if w.name.is_none() {
            w.name.clone_from(&m.name);
        }
    }
    w.confidence = w.confidence.max(m.confidence);
    if m.rule != w.rule && !w.also_matched.contains(&m.rule) {
        w.also_matched.push(m.rule);
    }
}

/// A literal seen reaching a client of provider P claims its span over a file-wide
/// keyword rule; but a regex rule of the *same* provider on that span is the more
/// specific name for it (`binance-testnet-api-secret` over `binance-api-secret`, the
/// positional `…-argument` rule, `Binance US` for a `Binance` client), so the winner
/// takes that rule and keeps its message.
fn refine(rules: &RuleSet, w: &mut Match, m: &Match) {
    let provider = |r: usize| rules.rules()[r].provider.as_ref();
    let role = |r: usize| rules.rules()[r].pair.as_ref().map(|p| p.role);
    if w.detector == DetectorKind::Ast
        && matches!(m.detector, DetectorKind::Pattern | DetectorKind::Validated)
        && m.rule != w.rule
        && provider(w.rule)
            .zip(provider(m.rule))
            .is_some_and(|(a, b)| is_variant(a, b))
        && role(w.rule) == role(m.rule)
    {
        let ast_rule = std::mem::replace(&mut w.rule, m.rule);
        if !w.also_matched.contains(&ast_rule) {
            w.also_matched.push(ast_rule);
        }
    }
}

/// `variant` is `provider` or a named variant of it (`Binance US` of `Binance`).
fn is_variant(provider: &str, variant: &str) -> bool {
    variant
        .strip_prefix(provider)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
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
    // Two detectors that report the same rule on the same span give one match.
    matches.dedup_by(|later, kept| {
        if later.span != kept.span || later.rule != kept.rule {
            return false;
        }
        // The regex match keeps the finding (and its detector); the AST one lends.
        if kept.detector == DetectorKind::Ast && later.detector != DetectorKind::Ast {
            std::mem::swap(later, kept);
        }
        absorb(kept, later);
        true
    });
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
                refine(rules, w, &m);
                absorb(w, &m);
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
[[rule]]
id = "q-key"
description = "d"
severity = "high"
provider = "Q"
keywords = ["qq"]
regex = '''qq=(?P<secret>[a-z]{4})'''
[[rule]]
id = "q-us-key"
description = "d"
severity = "high"
provider = "Q US"
keywords = ["qq"]
regex = '''qq=(?P<secret>[a-z]{4})'''
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

    fn found(
        rule: usize,
        span: Range<usize>,
        detector: DetectorKind,
        confidence: Confidence,
        message: Option<&str>,
    ) -> Match {
        Match {
            rule,
            span,
            detector,
            confidence,
            message: message.map(str::to_string),
            name: None,
            related: vec![],
            context: if detector == DetectorKind::Ast {
                vec![(40..43, "passed here".into())]
            } else {
                vec![]
            },
            also_matched: vec![],
        }
    }

    #[test]
    fn an_ast_match_on_a_regex_span_merges_into_it() {
        let e = engine(RULES);
        let (regex, ast) = (DetectorKind::Pattern, DetectorKind::Ast);
        let (med, high) = (Confidence::Medium, Confidence::High);
        // Same rule, same span: one match; the regex match keeps it, the AST one
        // lends its message, its context and its higher confidence.
        let out = dedup(
            e.rules(),
            vec![
                found(0, 5..9, ast, high, Some("passed to `c`")),
                found(0, 5..9, regex, med, None),
            ],
        );
        assert_eq!(out.len(), 1);
        let m = &out[0];
        assert_eq!((m.rule, m.detector, m.confidence), (0, regex, high));
        assert_eq!(m.message.as_deref(), Some("passed to `c`"));
        assert_eq!(m.context, vec![(40..43, "passed here".to_string())]);
        // Two AST matches: the first one's message stays.
        let out = dedup(
            e.rules(),
            vec![
                found(0, 5..9, regex, med, None),
                found(0, 5..9, ast, high, Some("first")),
                found(0, 5..9, ast, med, Some("second")),
            ],
        );
        assert_eq!(out[0].message.as_deref(), Some("first"));
        // Different rules: a medium-confidence AST match loses to the provider rule
        // and lends it its message; so does a high-confidence one for no provider.
        let out = dedup(
            e.rules(),
            vec![
                found(0, 5..9, regex, med, None),
                found(1, 5..9, ast, med, Some("named")),
            ],
        );
        assert_eq!((out[0].rule, out[0].detector), (0, regex));
        assert_eq!(out[0].message.as_deref(), Some("named"));
        assert_eq!(out[0].also_matched, vec![1]);
        let out = dedup(
            e.rules(),
            vec![
                found(0, 5..9, regex, med, None),
                found(1, 5..9, ast, high, Some("call")),
            ],
        );
        assert_eq!((out[0].rule, out[0].detector), (0, regex));
        assert_eq!(out[0].message.as_deref(), Some("call"));
        // A high-confidence AST match for provider Q (it saw Q's client) beats a
        // file-wide regex rule of another provider…
        let out = dedup(
            e.rules(),
            vec![
                found(0, 5..9, regex, med, None),
                found(2, 5..9, ast, high, Some("call")),
            ],
        );
        assert_eq!((out[0].rule, out[0].detector), (2, ast));
        assert_eq!(out[0].also_matched, vec![0]);
        // …but a regex rule for a variant of Q names the value better: the match
        // takes that rule and keeps the call's message.
        let out = dedup(
            e.rules(),
            vec![
                found(3, 5..9, regex, med, None),
                found(2, 5..9, ast, high, Some("call")),
            ],
        );
        assert_eq!((out[0].rule, out[0].detector), (3, ast));
        assert_eq!(out[0].message.as_deref(), Some("call"));
        assert_eq!(out[0].also_matched, vec![2]);
        assert!(is_variant("Q", "Q US") && is_variant("Q", "Q") && !is_variant("Q", "QX"));
        // A validated match beats everything.
        let out = dedup(
            e.rules(),
            vec![
                found(1, 5..9, DetectorKind::Validated, med, None),
                found(0, 5..9, ast, high, Some("call")),
            ],
        );
        assert_eq!((out[0].rule, out[0].detector), (1, DetectorKind::Validated));
        assert_eq!(out[0].message.as_deref(), Some("call"));
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
            context: vec![],
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
