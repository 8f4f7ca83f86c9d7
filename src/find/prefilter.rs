//! The keyword prefilter: one Aho-Corasick automaton over every rule's keywords.
//!
//! ## What it does
//! One pass over a file finds every keyword occurrence (ASCII case-insensitive,
//! overlapping, so `apikey` and `key` are both seen) and marks the rules that own
//! them. Only marked rules run their regex, and line-scoped rules run it only on
//! the lines that hold a hit.
//!
//! ## Why is this bad?
//! Running a hundred regexes over every byte of a tree is what makes scanners too slow
//! for a pre-commit hook; most files contain none of the keywords.
//!
//! ## Example
//! A file without `binance` or `x-mbx-apikey` never runs the Binance rules.
//!
//! ## Known limitations
//! A rule whose keyword is missing from a file cannot fire there even if its regex
//! would match; the rule-examples test checks every example contains a keyword.
//! A keyword found only glued inside a longer word (`kite` in `workitem`, `okx` in a
//! base64 hash or a generated label) does not start provider assignment rules: it is
//! chance, not provider context (`Hits::anchored`). A provider name glued to other
//! capitals (`OKXSECRET`) is missed by the same check.
//!
//! ## Configuration
//! `keywords` on each rule. Rules without keywords run on every file, so keep them few.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind, StartKind};

use crate::rules::RuleSet;

/// Past this many keyword hits in one file, stop recording positions and let
/// line-scoped rules scan the whole file (bounded memory on keyword-dense input).
const MAX_RECORDED_HITS: usize = 100_000;

#[derive(Debug)]
pub struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// keyword index → owners: a rule index, or `rule_count + i` for extra word `i`
    owners: Vec<Vec<u32>>,
    /// rules without keywords: always candidates
    always: Vec<u32>,
    rule_count: usize,
    extra_count: usize,
}

/// Per-file prefilter result, reused across files by one thread.
#[derive(Debug, Default)]
pub struct Hits {
    /// rule index → candidate?
    pub candidate: Vec<bool>,
    /// (rule index, keyword byte range), in file order
    pub positions: Vec<(u32, Range<usize>)>,
    /// positions were cut at the cap: treat every candidate as file-scoped
    pub overflowed: bool,
    /// rule index → a keyword hit that stands as a word (`OKX_API_KEY`, `ccxt.okx(`),
    /// not a chance substring (`kite` in `workitem`, `okx` inside a base64 hash)
    pub anchored: Vec<bool>,
    /// extra word index → seen? (words detectors asked the prefilter to watch)
    pub words: Vec<bool>,
    /// (extra word index, byte range), in file order, up to the same cap
    pub word_positions: Vec<(u32, Range<usize>)>,
}

impl Hits {
    pub fn any(&self) -> bool {
        self.candidate.iter().any(|&c| c)
    }
}

impl Prefilter {
    pub fn new(rules: &RuleSet) -> Prefilter {
        Prefilter::with_words(rules, &[])
    }

    /// Also watch `words` (lowercase), reported in [`Hits::words`] in this order.
    pub fn with_words(rules: &RuleSet, words: &[String]) -> Prefilter {
        let mut keywords: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<u32>> = Vec::new();
        let mut always = Vec::new();
        let mut add = |kw: &str, owner: u32| match keywords.iter().position(|k| k == kw) {
            Some(k) => owners[k].push(owner),
            None => {
                keywords.push(kw.to_string());
                owners.push(vec![owner]);
            }
        };
        for (i, rule) in rules.rules().iter().enumerate() {
            let i = u32::try_from(i).expect("fewer than 4 billion rules");
            // A rule with no regex (repository rules) has nothing to run on a file.
            if rule.keywords.is_empty() && rule.regex.is_some() {
                always.push(i);
            }
            for kw in &rule.keywords {
                add(kw, i);
            }
        }
        for (w, word) in words.iter().enumerate() {
            let owner = u32::try_from(rules.len() + w).expect("fewer than 4 billion keywords");
            add(&word.to_ascii_lowercase(), owner);
        }
        let automaton = (!keywords.is_empty()).then(|| {
            // Always a DFA: left to itself the crate switches to a (several times
            // slower) NFA past 100 patterns, and the rule set has more keywords than
            // that. Only unanchored searches are run, so only that start state is built.
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .start_kind(StartKind::Unanchored)
                .build(&keywords)
                .or_else(|_| {
                    AhoCorasickBuilder::new()
                        .ascii_case_insensitive(true)
                        .match_kind(MatchKind::Standard)
                        .build(&keywords)
                })
                .expect("keyword automaton builds from literal strings")
        });
        Prefilter {
            automaton,
            owners,
            always,
            rule_count: rules.len(),
            extra_count: words.len(),
        }
    }

    /// Whether `text` holds any keyword at all.
    pub fn mentions_keyword(&self, text: &[u8]) -> bool {
        self.automaton.as_ref().is_some_and(|a| a.is_match(text))
    }

    /// Also mark the rules (and extra words) whose keywords occur in `text`, which is
    /// not the file's content (a bare key file's name): candidates and anchors only,
    /// no positions. Call after [`Prefilter::run`].
    pub fn mark(&self, text: &[u8], hits: &mut Hits) {
        let Some(ac) = &self.automaton else { return };
        for m in ac.find_overlapping_iter(text) {
            let anchored = word_bounded(text, m.start(), m.end());
            for &r in &self.owners[m.pattern().as_usize()] {
                match (r as usize).checked_sub(self.rule_count) {
                    Some(w) => hits.words[w] = true,
                    None => {
                        hits.candidate[r as usize] = true;
                        hits.anchored[r as usize] |= anchored;
                    }
                }
            }
        }
    }

    /// The byte offset of the first occurrence of each keyword in `bytes`, and of its
    /// first occurrence as a word: the places a file-wide keyword check looks at
    /// (history keeps those lines readable when it blanks unchanged ones).
    pub fn witnesses(&self, bytes: &[u8], out: &mut Vec<usize>) {
        out.clear();
        let Some(ac) = &self.automaton else { return };
        let mut seen = vec![(false, false); self.owners.len()];
        for m in ac.find_overlapping_iter(bytes) {
            let Some(s) = seen.get_mut(m.pattern().as_usize()) else {
                continue;
            };
            if s.0 && s.1 {
                continue;
            }
            let word = word_bounded(bytes, m.start(), m.end());
            if !s.0 || (word && !s.1) {
                out.push(m.start());
            }
            s.0 = true;
            s.1 |= word;
        }
    }

    /// Mark candidate rules for `bytes` into `hits` (cleared first).
    pub fn run(&self, bytes: &[u8], hits: &mut Hits) {
        hits.candidate.clear();
        hits.candidate.resize(self.rule_count, false);
        hits.anchored.clear();
        hits.anchored.resize(self.rule_count, false);
        hits.positions.clear();
        hits.overflowed = false;
        hits.words.clear();
        hits.words.resize(self.extra_count, false);
        hits.word_positions.clear();
        for &r in &self.always {
            hits.candidate[r as usize] = true;
            hits.anchored[r as usize] = true;
        }
        let Some(ac) = &self.automaton else { return };
        for m in ac.find_overlapping_iter(bytes) {
            let anchored = word_bounded(bytes, m.start(), m.end());
            for &r in &self.owners[m.pattern().as_usize()] {
                if let Some(w) = (r as usize).checked_sub(self.rule_count) {
                    hits.words[w] = true;
                    if hits.word_positions.len() < MAX_RECORDED_HITS {
                        hits.word_positions
                            .push((r - self.rule_count as u32, m.range()));
                    }
                    continue;
                }
                hits.candidate[r as usize] = true;
                hits.anchored[r as usize] |= anchored;
                if !hits.overflowed {
                    if hits.positions.len() >= MAX_RECORDED_HITS {
                        hits.overflowed = true;
                    } else {
                        hits.positions.push((r, m.range()));
                    }
                }
            }
        }
    }
}

/// Whether a keyword hit stands as a word of its own on both sides: at a non-alphanumeric
/// byte, the text's edge, or a camelCase boundary (`binanceApiKey`). `OKX_API_KEY`,
/// `ccxt.okx(` and `api.binance.com` do; `kite` in `workitem` and `okx` inside a
/// base64 hash or a generated label do not.
pub(crate) fn word_bounded(bytes: &[u8], start: usize, end: usize) -> bool {
    let (Some(&first), Some(&last)) = (bytes.get(start), bytes.get(end.wrapping_sub(1))) else {
        return true;
    };
    let left = !first.is_ascii_alphanumeric()
        || start == 0
        || bytes.get(start - 1).is_none_or(|&p| {
            !p.is_ascii_alphanumeric() || (p.is_ascii_lowercase() && first.is_ascii_uppercase())
        });
    let right = !last.is_ascii_alphanumeric()
        || bytes.get(end).is_none_or(|&n| {
            !n.is_ascii_alphanumeric()
                || n.is_ascii_digit()
                || (last.is_ascii_lowercase() && n.is_ascii_uppercase())
        });
    left && right
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> RuleSet {
        let mut set = RuleSet::default();
        set.add_file(
            "t.toml",
            r#"
[[rule]]
id = "a"
description = "d"
severity = "low"
keywords = ["apikey"]
regex = '(?P<secret>x)'
[[rule]]
id = "b"
description = "d"
severity = "low"
keywords = ["key"]
regex = '(?P<secret>y)'
[[rule]]
id = "c"
description = "d"
severity = "low"
regex = '(?P<secret>z)'
"#,
        )
        .unwrap();
        set
    }

    #[test]
    fn overlapping_keywords_mark_every_owner() {
        let pf = Prefilter::new(&rules());
        let mut hits = Hits::default();
        pf.run(b"the APIKEY is here", &mut hits);
        assert_eq!(hits.candidate, vec![true, true, true]);
        pf.run(b"nothing relevant", &mut hits);
        assert_eq!(hits.candidate, vec![false, false, true]);
        assert!(hits.positions.is_empty());
    }

    #[test]
    fn keywords_glued_inside_words_are_not_anchored() {
        let pf = Prefilter::new(&rules());
        let mut hits = Hits::default();
        pf.run(b"sha256=Xq8v2Lmapikeyz7Rt1Wn5Pb3Kd9Yc6Hs0Gj", &mut hits);
        assert_eq!(hits.candidate, vec![true, true, true]);
        assert_eq!(hits.anchored, vec![false, false, true]);
        pf.run(b"APIKEY=Xq8v2Lm4z7Rt1Wn5Pb3Kd9Yc6Hs0Gj", &mut hits); // keylint:allow
        assert_eq!(
            hits.anchored,
            vec![true, false, true],
            "key inside APIKEY is glued"
        );
        pf.run(b"const myApiKey = 1", &mut hits);
        assert_eq!(
            hits.anchored,
            vec![true, true, true],
            "camelCase words stand alone"
        );
        assert!(word_bounded(b"binanceApiKey", 0, 7));
        assert!(word_bounded(b"ccxt.okx(", 5, 8));
        assert!(!word_bounded(b"workitem", 2, 6));
        assert!(word_bounded(b"X-MBX-APIKEY: v", 0, 12));
    }

    #[test]
    fn extra_words_are_reported_apart_from_rules() {
        let words = vec!["ccxt".to_string(), "key".to_string()];
        let pf = Prefilter::with_words(&rules(), &words);
        let mut hits = Hits::default();
        pf.run(b"import CCXT", &mut hits);
        assert_eq!(hits.words, vec![true, false]);
        assert_eq!(hits.candidate, vec![false, false, true]);
        pf.run(b"monkey", &mut hits);
        assert_eq!(hits.words, vec![false, true]);
        assert_eq!(hits.candidate, vec![false, true, true]);
        let pos: Vec<_> = hits.positions.iter().map(|(r, _)| *r).collect();
        assert_eq!(pos, vec![1], "extra words record no rule positions");
    }

    #[test]
    fn names_mark_candidates_without_positions() {
        let rules = rules();
        let pf = Prefilter::new(&rules);
        let mut hits = Hits::default();
        pf.run(b"nothing here", &mut hits);
        assert!(!hits.candidate[1]);
        pf.mark(b"deploy/okx.key", &mut hits);
        assert!(hits.candidate[1] && hits.anchored[1]);
        assert!(!hits.candidate[0]);
        assert!(hits.positions.is_empty());
    }

    #[test]
    fn positions_are_recorded() {
        let pf = Prefilter::new(&rules());
        let mut hits = Hits::default();
        pf.run(b"key\nmonkey", &mut hits);
        let pos: Vec<_> = hits
            .positions
            .iter()
            .map(|(r, range)| (*r, range.clone()))
            .collect();
        assert_eq!(pos, vec![(1, 0..3), (1, 7..10)]);
    }
}
