//! Dedup: one span matched by several rules or detectors gives one match; the most
//! specific claims it and the others are recorded in `also_matched`.

use std::ops::Range;

use crate::find::Match;
use crate::finding::{Confidence, DetectorKind, Severity};
use crate::rules::{PairRole, RuleKind, RuleSet};

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
        // Repository findings are made by keylint about the repository, never matched.
        (DetectorKind::Generic | DetectorKind::Repository, _) => 0,
    };
    let kind = u8::from(rule.kind == RuleKind::Provider);
    // a name like `SECRET_KEY` matches both the key and the secret rule of a provider
    let role = match rule.pair.as_ref().map(|p| p.role) {
        Some(PairRole::Secret) => 2,
        Some(PairRole::Passphrase) => 1,
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
    // Syntax-aware matches carry messages (one may reach `w` through a regex match
    // that absorbed it first), and so does a binding named by its position in a
    // client's arguments (a generic guess): the syntax-aware one, which knows the
    // parameter, replaces that guess.
    let guessed = w.detector == DetectorKind::Generic && w.message.is_some();
    if w.message.is_none() || guessed && m.detector == DetectorKind::Ast && m.message.is_some() {
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
pub(crate) mod tests {
    use super::*;

    pub(crate) const RULES: &str = r#"
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

    fn rules() -> RuleSet {
        let mut set = RuleSet::default();
        set.add_file("t.toml", RULES).unwrap();
        set
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
            region: None,
            detector,
            confidence,
            message: message.map(str::to_string),
            name: None,
            labels: None,
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
        let rules = rules();
        let (regex, ast) = (DetectorKind::Pattern, DetectorKind::Ast);
        let (med, high) = (Confidence::Medium, Confidence::High);
        // Same rule, same span: one match; the regex match keeps it, the AST one
        // lends its message, its context and its higher confidence.
        let out = dedup(
            &rules,
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
            &rules,
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
            &rules,
            vec![
                found(0, 5..9, regex, med, None),
                found(1, 5..9, ast, med, Some("named")),
            ],
        );
        assert_eq!((out[0].rule, out[0].detector), (0, regex));
        assert_eq!(out[0].message.as_deref(), Some("named"));
        assert_eq!(out[0].also_matched, vec![1]);
        let out = dedup(
            &rules,
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
            &rules,
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
            &rules,
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
            &rules,
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
        let rules = rules();
        let m = |rule, span: Range<usize>, detector| Match {
            rule,
            span,
            region: None,
            detector,
            confidence: Confidence::Medium,
            message: None,
            name: None,
            labels: None,
            related: vec![],
            context: vec![],
            also_matched: vec![],
        };
        let out = dedup(
            &rules,
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
