//! Provider context: which provider a matched value belongs to.
//!
//! ## What it does
//! Many exchange credentials have no prefix or checksum (Binance's are 64 random
//! alphanumerics), so a provider rule's match is judged by the provider context
//! around it, in this order:
//!
//! 1. **The credential's name.** A name holding a provider's `names` word
//!    (`KUCOIN_API_PASSPHRASE`) belongs to that provider: any other provider's rule
//!    on the same value is ruled out, whatever the file order.
//! 2. **`near` words.** A rule with `near = { words, names, lines }` (testnet,
//!    paper trading, Binance US) fires only when one of its `words` is within `lines`
//!    lines of the value (`testnet=True`, `testnet.binance.vision`) or one of its
//!    `names` is in the credential's name (`BINANCE_TESTNET_API_KEY`), and no `unless`
//!    word is in the window; it then beats the rule without `near`.
//! 3. **Keywords near the value.** The nearest of the rule's keywords (name, client
//!    library, REST host, header), preceding the value within `context_lines`, then
//!    following it; the closer wins between two providers.
//! 4. **Keywords elsewhere in the file.** Still reported, one confidence level lower.
//!    Rules with `context = "near"` (shapeless values such as passphrases) drop it.
//!
//! Overlapping matches of different provider rules keep only the best-placed one;
//! the others are recorded in its `also_matched`.
//!
//! ## Why is this bad?
//! Without it, a `.env` mentioning OKX and KuCoin reports `KUCOIN_API_PASSPHRASE`
//! as an OKX passphrase, and the user revokes the wrong key.
//!
//! ## Example
//! ```text
//! OKX_PASSPHRASE=Tr4d3r#2024!      → okx-api-passphrase     (keylint:allow)
//! KUCOIN_API_PASSPHRASE=k8#Lq2!vZ  → kucoin-api-passphrase  (keylint:allow; the name rules OKX out)
//! ```
//! Use instead: read all three halves from the environment.
//!
//! ## Known limitations
//! Distance is counted in lines, not syntax: in a multi-exchange dict whose blocks
//! are not separated by the exchange name, the nearest preceding name wins. Names
//! and keywords count only as words of their own (`CRYPTOCOM_KEY`, `cryptoCom`, not
//! the `cryptocom` inside `CRYPTOCOMPARE_KEY`).
//!
//! ## Configuration
//! `[[provider]]` tables (`names`), and per rule `keywords`, `context`,
//! `context_lines` and `near` in `rules/*.toml`.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::find::Match;
use crate::find::prefilter::{Hits, word_bounded};
use crate::finding::{Confidence, DetectorKind};
use crate::rules::{ContextReq, RuleKind, RuleSet};
use crate::source::Source;

/// Past this many keyword positions after the window's end, stop looking (hits are
/// ordered by end offset; keywords are short).
const KEYWORD_SLACK: usize = 256;

/// Provider names, compiled once per engine.
#[derive(Debug)]
pub struct ContextIndex {
    names: Option<AhoCorasick>,
    /// name-word pattern → provider index
    word_provider: Vec<u32>,
    /// rule index → provider index, when the rule's provider has `names`
    rule_provider: Vec<Option<u32>>,
}

impl ContextIndex {
    pub fn new(rules: &RuleSet) -> ContextIndex {
        let mut words = Vec::new();
        let mut word_provider = Vec::new();
        for (i, p) in rules.providers().iter().enumerate() {
            let id = u32::try_from(i).expect("fewer than 4 billion providers");
            for w in &p.names {
                words.push(w.clone());
                word_provider.push(id);
            }
        }
        let names = (!words.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&words)
                .expect("provider names are literal strings")
        });
        let rule_provider = rules
            .rules()
            .iter()
            .map(|r| {
                let name = r.provider.as_deref()?;
                let i = rules.providers().iter().position(|p| p.name == name)?;
                u32::try_from(i).ok()
            })
            .collect();
        ContextIndex {
            names,
            word_provider,
            rule_provider,
        }
    }

    /// Length of the longest `names` word of `provider` in `name` (0: none), and
    /// whether any other provider is named.
    fn named(&self, name: &[u8], provider: u32) -> (usize, bool) {
        let Some(ac) = &self.names else {
            return (0, false);
        };
        let mut own = 0;
        let mut other = false;
        for m in ac.find_overlapping_iter(name) {
            if !word_bounded(name, m.start(), m.end()) {
                continue;
            }
            if self.word_provider[m.pattern().as_usize()] == provider {
                own = own.max(m.len());
            } else {
                other = true;
            }
        }
        (own, other)
    }
}

/// How well a match is placed; higher is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    /// A satisfied `near` requirement (testnet, paper, regional variant).
    specific: bool,
    /// 3 named, 2 keyword before, 1 keyword after, 0 only elsewhere in the file.
    tier: u8,
    /// Longer name word, or fewer lines away.
    closeness: usize,
}

/// Judge every provider match of one file by its context; drop the ruled-out ones
/// and, where provider rules overlap, all but the best-placed.
pub fn apply(
    rules: &RuleSet,
    index: &ContextIndex,
    src: &Source,
    hits: &Hits,
    matches: &mut Vec<Match>,
) {
    if matches.is_empty() {
        return;
    }
    let mut judged: Vec<(Match, Score)> = Vec::with_capacity(matches.len());
    let mut others: Vec<Match> = Vec::new();
    let mut whole_file = WholeFile::new();
    for mut m in matches.drain(..) {
        let rule = &rules.rules()[m.rule];
        if rule.kind != RuleKind::Provider
            || rule.keywords.is_empty()
            || m.detector == DetectorKind::Ast
        {
            others.push(m);
            continue;
        }
        if let Some(score) = judge(rules, index, src, hits, &mut m, &mut whole_file) {
            judged.push((m, score));
        }
    }
    judged.sort_by_key(|(m, _)| (m.span.start, m.span.end));
    let mut keep = vec![true; judged.len()];
    for i in 0..judged.len() {
        for j in i + 1..judged.len() {
            if judged[j].0.span.start >= judged[i].0.span.end {
                break;
            }
            if !competes(rules, &judged[i].0, &judged[j].0) {
                continue;
            }
            let (a, b) = (judged[i].1, judged[j].1);
            // a provider rule reached by a role guessed from an argument's position
            // (detector `generic`) yields to one that matched the text itself
            let guessed = |k: usize| judged[k].0.detector == DetectorKind::Generic;
            let (loser, winner) = match (guessed(i), guessed(j)) {
                (true, false) => (i, j),
                (false, true) => (j, i),
                _ => match a.cmp(&b) {
                    std::cmp::Ordering::Less => (i, j),
                    std::cmp::Ordering::Greater => (j, i),
                    std::cmp::Ordering::Equal => continue,
                },
            };
            keep[loser] = false;
            let lost = judged[loser].0.rule;
            let w = &mut judged[winner].0;
            if lost != w.rule && !w.also_matched.contains(&lost) {
                w.also_matched.push(lost);
            }
        }
    }
    matches.extend(
        judged
            .into_iter()
            .zip(keep)
            .filter_map(|((m, _), k)| k.then_some(m)),
    );
    matches.append(&mut others);
}

/// Two overlapping matches compete on context when both rules name a provider and
/// play the same part (or either has no part): a testnet secret displaces the live
/// secret rule, but not the live key rule (dedup settles key against secret).
fn competes(rules: &RuleSet, a: &Match, b: &Match) -> bool {
    let (ra, rb) = (&rules.rules()[a.rule], &rules.rules()[b.rule]);
    if ra.provider.is_none() || rb.provider.is_none() {
        return false;
    }
    match (&ra.pair, &rb.pair) {
        (Some(pa), Some(pb)) => pa.role == pb.role,
        _ => true,
    }
}

/// Per rule, whether its `near` words (and its `unless` pattern) occur anywhere in the
/// file: with `lines = 0` the window is the whole file, the same for every match of
/// the rule, so it is searched once per file, not once per match (a file of a
/// thousand keys would otherwise be searched a thousand times).
type WholeFile = std::collections::HashMap<usize, (bool, bool)>;

fn judge(
    rules: &RuleSet,
    index: &ContextIndex,
    src: &Source,
    hits: &Hits,
    m: &mut Match,
    whole_file: &mut WholeFile,
) -> Option<Score> {
    let rule = &rules.rules()[m.rule];
    let bytes = src.bytes();
    let mut own_name = 0;
    if let (Some(name), Some(provider)) = (&m.name, index.rule_provider[m.rule]) {
        let (own, other) = index.named(name.as_bytes(), provider);
        if own == 0 && other {
            return None;
        }
        own_name = own;
    }
    let specific = match &rule.near {
        Some(near) => {
            let search = |w: Range<usize>| {
                let around = near
                    .words
                    .as_ref()
                    .is_some_and(|ac| ac.is_match(&bytes[w.clone()]));
                let unless = near.unless.as_ref().is_some_and(|u| u.is_match(&bytes[w]));
                (around, unless)
            };
            let (around, unless) = if near.lines == 0 {
                *whole_file
                    .entry(m.rule)
                    .or_insert_with(|| search(0..bytes.len()))
            } else {
                search(window(bytes, &m.span, near.lines))
            };
            let in_name = m.name.as_ref().is_some_and(|n| {
                near.names
                    .as_ref()
                    .is_some_and(|ac| ac.is_match(n.as_bytes()))
            });
            if (!in_name && !around) || unless {
                return None;
            }
            true
        }
        None => false,
    };
    let (tier, closeness) = if own_name > 0 {
        (3, own_name)
    } else if hits.overflowed {
        (2, usize::MAX)
    } else {
        match nearest_keyword(bytes, hits, m.rule, &m.span, rule.context_lines) {
            (Some(d), _) => (2, usize::MAX - d),
            (None, Some(d)) => (1, usize::MAX - d),
            (None, None) => (0, 0),
        }
    };
    if tier == 0 {
        if rule.context == ContextReq::Near {
            return None;
        }
        m.confidence = match m.confidence {
            Confidence::High => Confidence::Medium,
            Confidence::Medium | Confidence::Low => Confidence::Low,
        };
    }
    Some(Score {
        specific,
        tier,
        closeness,
    })
}

/// The byte range of the `lines` lines before and after the span's lines, inclusive.
fn window(bytes: &[u8], span: &Range<usize>, lines: usize) -> Range<usize> {
    let mut lo = span.start.min(bytes.len());
    let mut start = 0;
    for _ in 0..=lines {
        match memchr::memrchr(b'\n', &bytes[..lo]) {
            Some(i) => {
                lo = i;
                start = i + 1;
            }
            None => {
                start = 0;
                break;
            }
        }
    }
    let mut hi = span.end.min(bytes.len());
    for _ in 0..=lines {
        match memchr::memchr(b'\n', &bytes[hi..]) {
            Some(i) => hi += i + 1,
            None => {
                hi = bytes.len();
                break;
            }
        }
    }
    start..hi
}

/// Lines to the nearest keyword of `rule` before the value (or inside it) and after
/// it, within `lines` lines.
fn nearest_keyword(
    bytes: &[u8],
    hits: &Hits,
    rule: usize,
    span: &Range<usize>,
    lines: usize,
) -> (Option<usize>, Option<usize>) {
    let w = window(bytes, span, lines);
    let lines_in = |r: Range<usize>| memchr::memchr_iter(b'\n', &bytes[r]).count();
    let first = hits.positions.partition_point(|(_, r)| r.end <= w.start);
    let (mut before, mut after): (Option<usize>, Option<usize>) = (None, None);
    for (r, hit) in &hits.positions[first..] {
        if hit.end > w.end.saturating_add(KEYWORD_SLACK) {
            break;
        }
        if *r as usize != rule
            || hit.start < w.start
            || hit.end > w.end
            || !word_bounded(bytes, hit.start, hit.end)
        {
            continue;
        }
        if hit.start < span.end {
            let d = lines_in(hit.end.min(span.start)..span.start);
            before = Some(before.map_or(d, |b| b.min(d)));
        } else {
            let d = lines_in(span.end..hit.start);
            after = Some(after.map_or(d, |a| a.min(d)));
        }
    }
    (before, after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_spans_neighbouring_lines() {
        let text = b"a\nb\nc KEY d\ne\nf\n";
        let at = 6..9;
        assert_eq!(&text[window(text, &at, 0)], b"c KEY d\n");
        assert_eq!(&text[window(text, &at, 1)], b"b\nc KEY d\ne\n");
        assert_eq!(&text[window(text, &at, 9)], &text[..]);
    }
}
