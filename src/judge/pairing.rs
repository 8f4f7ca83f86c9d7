//! Key sets: a key, its secret and its passphrase found together become one finding.
//!
//! ## What it does
//! Runs after dedup on one file's matches. Rules that carry `pair = { group, role }`
//! take part: each `secret` of a group (in file order) takes the best unused `key`,
//! `id` and `passphrase` of the same group within `within_lines` lines (default 6), the
//! same object literal, config block or `.env` stanza in practice. Best means the
//! longest common name prefix (`BINANCE_SUB_API_SECRET` goes with
//! `BINANCE_SUB_API_KEY`, not `BINANCE_API_KEY`), then the fewest lines away, then
//! preceding the secret. The secret's match becomes the finding, with high
//! confidence; every other half is a related location on its own line (SARIF
//! `relatedLocations`, a miette related diagnostic), and its span is masked in every
//! snippet; the finding's `key_set` property lists each half's rule and line. An `id`
//! half (a key id, an account SID) is related as the name of the key, not as part of
//! the credential. A half found alone is reported on its own.
//!
//! Severity of a key set: the highest of its halves' severities (an exchange key set
//! is critical because its secret is), unless a half sets `pair.severity` (paper
//! and testnet halves set `low`), which then caps it.
//!
//! ## Why is this bad?
//! A key and its secret together are a working credential: one finding says so once,
//! names every leaked line, and the fingerprint (the secret's) stays stable.
//!
//! ## Example
//! ```text
//! exchange = ccxt.okx({"apiKey": "…", "secret": "…", "password": "…"})
//! ```
//! reports `okx-api-secret` (critical) with the API key and passphrase as related
//! locations. Use instead: `ccxt.okx({"apiKey": os.environ["OKX_API_KEY"], …})`.
//!
//! ## Known limitations
//! Proximity is in lines, not syntax; two key sets interleaved line by line with
//! identical names pair by distance. A half carrying its own `keylint:allow` marker
//! is not merged (it is suppressed on its own).
//!
//! ## Configuration
//! `pair = { group = "okx", role = "secret", within_lines = 6, severity = "low" }` on
//! rules in `rules/*.toml`.

use std::ops::Range;

use crate::find::Match;
use crate::finding::{Confidence, Severity};
use crate::rules::{PairRole, RuleSet};
use crate::source::Source;

/// A match to report, with the severity of its key set and the halves merged into it.
#[derive(Debug)]
pub struct Paired {
    pub m: Match,
    pub severity: Severity,
    /// `(rule index, span)` of every other half, in file order.
    pub halves: Vec<(usize, Range<usize>)>,
}

/// Merge key sets among `matches` (one file's, deduplicated). `held` marks matches
/// that must stay on their own (suppressed on their line). Returns every match with
/// the severity to report.
pub fn pair(
    rules: &RuleSet,
    src: &Source,
    matches: Vec<Match>,
    held: impl Fn(&Match) -> bool,
) -> Vec<Paired> {
    let severity_of = |m: &Match| rules.rules()[m.rule].severity;
    let candidates: Vec<usize> = matches
        .iter()
        .enumerate()
        .filter(|(_, m)| rules.rules()[m.rule].pair.is_some() && !held(m))
        .map(|(i, _)| i)
        .collect();
    let has_secret = candidates.iter().any(|&i| {
        rules.rules()[matches[i].rule]
            .pair
            .as_ref()
            .is_some_and(|p| p.role == PairRole::Secret)
    });
    if !has_secret {
        return matches
            .into_iter()
            .map(|m| Paired {
                severity: severity_of(&m),
                m,
                halves: Vec::new(),
            })
            .collect();
    }
    let line = |m: &Match| src.line_col(m.span.start).0;
    let mut used = vec![false; matches.len()];
    // secret index → the halves merged into it
    let mut sets: Vec<(usize, Vec<usize>)> = Vec::new();
    for &s in &candidates {
        let sp = rules.rules()[matches[s].rule]
            .pair
            .as_ref()
            .expect("candidates have pair data");
        if sp.role != PairRole::Secret {
            continue;
        }
        let s_line = line(&matches[s]);
        let mut halves = Vec::new();
        for role in [PairRole::Key, PairRole::Id, PairRole::Passphrase] {
            let best = candidates
                .iter()
                .copied()
                .filter(|&c| !used[c] && c != s)
                .filter(|&c| {
                    rules.rules()[matches[c].rule]
                        .pair
                        .as_ref()
                        .is_some_and(|p| p.role == role && p.group == sp.group)
                })
                .filter(|&c| line(&matches[c]).abs_diff(s_line) <= sp.within_lines)
                .max_by_key(|&c| {
                    let c_line = line(&matches[c]);
                    (
                        common_prefix(matches[s].name.as_deref(), matches[c].name.as_deref()),
                        std::cmp::Reverse(c_line.abs_diff(s_line)),
                        matches[c].span.start < matches[s].span.start,
                    )
                });
            if let Some(c) = best {
                used[c] = true;
                halves.push(c);
            }
        }
        if !halves.is_empty() {
            used[s] = true;
            sets.push((s, halves));
        }
    }
    let mut slots: Vec<Option<Match>> = matches.into_iter().map(Some).collect();
    let mut merged: Vec<(usize, Paired)> = Vec::new();
    for (s, halves) in sets {
        let Some(mut anchor) = slots[s].take() else {
            continue;
        };
        let mut members: Vec<Match> = halves.iter().filter_map(|&h| slots[h].take()).collect();
        members.sort_by_key(|m| m.span.start);
        let severity = set_severity(rules, &anchor, &members);
        let names: Vec<&str> = members
            .iter()
            .map(|h| rules.rules()[h.rule].name.as_str())
            .collect();
        let rule = &rules.rules()[anchor.rule];
        let head = match (anchor.message.take(), &anchor.name) {
            // a syntax-aware pass named the call; keep it
            (Some(m), _) => m,
            (None, Some(n)) => format!("hardcoded {} assigned to `{}`", rule.name, printable(n)),
            (None, None) => format!("hardcoded {}", rule.name),
        };
        anchor.message = Some(format!("{head}, together with its {}", names.join(" and ")));
        anchor.confidence = Confidence::High;
        let halves = members.iter().map(|h| (h.rule, h.span.clone())).collect();
        for h in members {
            let named = h
                .name
                .as_deref()
                .map_or(String::new(), |n| format!(" (`{}`)", printable(n)));
            let half = &rules.rules()[h.rule];
            let note = if half.pair.as_ref().is_some_and(|p| p.role == PairRole::Id) {
                format!("{}{named}, which names this key (not a secret)", half.name)
            } else {
                format!("{} of the same key set{named}", half.name)
            };
            anchor.related.push((h.span.clone(), note));
            for r in h.also_matched {
                if !anchor.also_matched.contains(&r) {
                    anchor.also_matched.push(r);
                }
            }
        }
        merged.push((
            s,
            Paired {
                m: anchor,
                severity,
                halves,
            },
        ));
    }
    let mut out: Vec<(usize, Paired)> = slots
        .into_iter()
        .enumerate()
        .filter_map(|(i, m)| {
            m.map(|m| {
                (
                    i,
                    Paired {
                        severity: severity_of(&m),
                        m,
                        halves: Vec::new(),
                    },
                )
            })
        })
        .chain(merged)
        .collect();
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, p)| p).collect()
}

/// The highest severity of the set, capped by any half's `pair.severity`.
fn set_severity(rules: &RuleSet, anchor: &Match, halves: &[Match]) -> Severity {
    let all = std::iter::once(anchor).chain(halves);
    let rule = |m: &Match| &rules.rules()[m.rule];
    let cap = all
        .clone()
        .filter_map(|m| rule(m).pair.as_ref().and_then(|p| p.severity))
        .min();
    let top = all
        .map(|m| rule(m).severity)
        .max()
        .unwrap_or(Severity::Critical);
    cap.map_or(top, |c| c.min(top))
}

/// Case-insensitive common prefix length of two credential names.
fn common_prefix(a: Option<&str>, b: Option<&str>) -> usize {
    match (a, b) {
        (Some(a), Some(b)) => a
            .bytes()
            .zip(b.bytes())
            .take_while(|(x, y)| x.eq_ignore_ascii_case(y))
            .count(),
        _ => 0,
    }
}

/// Names come from file content: keep them printable and short.
fn printable(name: &str) -> String {
    name.chars().filter(|c| !c.is_control()).take(64).collect()
}

/// Spans of every half of a reported match (the match itself and its related spans).
pub fn spans(m: &Match) -> impl Iterator<Item = Range<usize>> + '_ {
    std::iter::once(m.span.clone()).chain(m.related.iter().map(|(r, _)| r.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::DetectorKind;
    use crate::source::Lang;

    const RULES: &str = r#"
[[rule]]
id = "x-key"
description = "d"
severity = "high"
keywords = ["x"]
regex = '''key=(?P<secret>k\w+)'''
pair = { group = "x", role = "key" }
[[rule]]
id = "x-secret"
description = "d"
severity = "critical"
keywords = ["x"]
regex = '''secret=(?P<secret>s\w+)'''
pair = { group = "x", role = "secret" }
[[rule]]
id = "x-paper-key"
description = "d"
severity = "low"
keywords = ["x"]
regex = '''paper=(?P<secret>p\w+)'''
pair = { group = "x", role = "key", severity = "low" }
"#;

    fn rules() -> RuleSet {
        let mut set = RuleSet::default();
        set.add_file("t.toml", RULES).unwrap();
        set
    }

    fn m(rule: usize, span: Range<usize>, name: &str) -> Match {
        Match {
            rule,
            span,
            region: None,
            detector: DetectorKind::Pattern,
            confidence: Confidence::Medium,
            message: None,
            name: Some(name.to_string()),
            labels: None,
            related: vec![],
            context: vec![],
            also_matched: vec![],
        }
    }

    fn at(text: &str, needle: &str) -> Range<usize> {
        let s = text.find(needle).unwrap();
        s..s + needle.len()
    }

    #[test]
    fn a_key_and_its_secret_become_one_critical_finding() {
        let text = "key=kAAA\nsecret=sBBB\n\n\n\n\n\n\n\nkey=kCCC\n";
        let src = Source::new("a.env", text.as_bytes(), Lang::Env);
        let rules = rules();
        let out = pair(
            &rules,
            &src,
            vec![
                m(0, at(text, "kAAA"), "KEY"),
                m(1, at(text, "sBBB"), "SECRET"),
                m(0, at(text, "kCCC"), "KEY"),
            ],
            |_| false,
        );
        assert_eq!(out.len(), 2, "the far key stays on its own");
        let Paired {
            m: set,
            severity: sev,
            halves,
        } = &out[0];
        assert_eq!(set.rule, 1);
        assert_eq!(*sev, Severity::Critical);
        assert_eq!(halves, &vec![(0, at(text, "kAAA"))]);
        assert_eq!(set.confidence, Confidence::High);
        assert_eq!(set.related.len(), 1);
        assert_eq!(set.related[0].0, at(text, "kAAA"));
        assert_eq!(
            set.message.as_deref(),
            Some("hardcoded x-secret assigned to `SECRET`, together with its x-key")
        );
        assert_eq!((out[1].m.rule, out[1].severity), (0, Severity::High));
    }

    #[test]
    fn names_choose_between_two_sets_and_paper_caps_severity() {
        let text = "MAIN_KEY=kAAA\nSUB_KEY=kBBB\nSUB_SECRET=sCCC\nMAIN_SECRET=sDDD\nsecret=sEEE\npaper=pFFF\n";
        let src = Source::new("a.env", text.as_bytes(), Lang::Env);
        let rules = rules();
        let out = pair(
            &rules,
            &src,
            vec![
                m(0, at(text, "kAAA"), "MAIN_KEY"),
                m(0, at(text, "kBBB"), "SUB_KEY"),
                m(1, at(text, "sCCC"), "SUB_SECRET"),
                m(1, at(text, "sDDD"), "MAIN_SECRET"),
                m(1, at(text, "sEEE"), "secret"),
                m(2, at(text, "pFFF"), "paper"),
            ],
            |_| false,
        );
        let got: Vec<(Range<usize>, Vec<Range<usize>>, Severity)> = out
            .iter()
            .map(|p| {
                (
                    p.m.span.clone(),
                    p.m.related.iter().map(|r| r.0.clone()).collect(),
                    p.severity,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (at(text, "sCCC"), vec![at(text, "kBBB")], Severity::Critical),
                (at(text, "sDDD"), vec![at(text, "kAAA")], Severity::Critical),
                (at(text, "sEEE"), vec![at(text, "pFFF")], Severity::Low),
            ]
        );
    }

    #[test]
    fn held_halves_stay_alone() {
        let text = "key=kAAA\nsecret=sBBB\n";
        let src = Source::new("a.env", text.as_bytes(), Lang::Env);
        let rules = rules();
        let out = pair(
            &rules,
            &src,
            vec![
                m(0, at(text, "kAAA"), "KEY"),
                m(1, at(text, "sBBB"), "SECRET"),
            ],
            |m| m.rule == 0,
        );
        assert_eq!(out.len(), 2);
        assert!(
            out.iter()
                .all(|p| p.m.related.is_empty() && p.halves.is_empty())
        );
    }
}
