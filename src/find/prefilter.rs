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

/// Past this many keyword occurrences in one file, [`Prefilter::matches`] gives up:
/// the caller searches each text it needs on its own, as without the list.
const MAX_LISTED_MATCHES: usize = 1_000_000;

/// One keyword occurrence: the automaton's pattern index and its byte range.
pub type KeywordMatch = (u32, Range<usize>);

#[derive(Debug)]
pub struct Prefilter {
    automaton: Option<AhoCorasick>,
    /// keyword index → owners: a rule index, or `rule_count + i` for extra word `i`
    owners: Vec<Vec<u32>>,
    /// rules without keywords: always candidates
    always: Vec<u32>,
    rule_count: usize,
    /// extra words reported in [`Hits`]; those past them are only listed
    extra_count: usize,
    /// keyword index → whether it is a witness (not only a listed word)
    witnessed: Vec<bool>,
    /// No keyword holds a line break or is all spaces: blanking whole lines to spaces
    /// (line breaks kept) cannot create an occurrence, so a blanked text's occurrences
    /// are the original's that kept their bytes.
    blank_safe: bool,
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
        Prefilter::with_listed_words(rules, words, &[])
    }

    /// [`Prefilter::with_words`], and also search for `listed` (lowercase): words
    /// that appear only in [`Prefilter::matches`]' list, as extra words numbered after
    /// `words`, never in [`Hits`] and never witnesses.
    pub fn with_listed_words(rules: &RuleSet, words: &[String], listed: &[String]) -> Prefilter {
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
        for (w, word) in words.iter().chain(listed).enumerate() {
            let owner = u32::try_from(rules.len() + w).expect("fewer than 4 billion keywords");
            add(&word.to_ascii_lowercase(), owner);
        }
        let reported = rules.len() + words.len();
        let witnessed = owners
            .iter()
            .map(|o| o.iter().any(|&r| (r as usize) < reported))
            .collect();
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
        let blank_safe = keywords
            .iter()
            .all(|k| !k.contains(['\n', '\r']) && k.bytes().any(|b| b != b' '));
        Prefilter {
            automaton,
            owners,
            always,
            rule_count: rules.len(),
            extra_count: words.len(),
            witnessed,
            blank_safe,
        }
    }

    /// How many rules the keywords' owners count before the extra words.
    pub fn rule_count(&self) -> usize {
        self.rule_count
    }

    /// Whether `text` holds a keyword one of whose owners (a rule index, or
    /// `rule_count + i` for extra word `i`) `wanted` accepts.
    pub fn mentions_keyword_of(&self, text: &[u8], wanted: &dyn Fn(usize) -> bool) -> bool {
        let Some(ac) = &self.automaton else {
            return false;
        };
        ac.find_overlapping_iter(text).any(|m| {
            self.owners[m.pattern().as_usize()]
                .iter()
                .any(|&o| wanted(o as usize))
        })
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
                    Some(w) if w >= self.extra_count => {}
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
        let found = ac
            .find_overlapping_iter(bytes)
            .map(|m| (m.pattern().as_u32(), m.range()));
        self.witnesses_of(bytes, found, out);
    }

    /// [`Prefilter::witnesses`] from the occurrences [`Prefilter::matches`] listed in `bytes`.
    pub fn witnesses_from(&self, bytes: &[u8], found: &[KeywordMatch], out: &mut Vec<usize>) {
        out.clear();
        self.witnesses_of(bytes, found.iter().cloned(), out);
    }

    fn witnesses_of(
        &self,
        bytes: &[u8],
        found: impl Iterator<Item = KeywordMatch>,
        out: &mut Vec<usize>,
    ) {
        let mut seen = vec![(false, false); self.owners.len()];
        for (p, m) in found {
            if self.witnessed.get(p as usize) != Some(&true) {
                continue;
            }
            let Some(s) = seen.get_mut(p as usize) else {
                continue;
            };
            if s.0 && s.1 {
                continue;
            }
            let word = word_bounded(bytes, m.start, m.end);
            if !s.0 || (word && !s.1) {
                out.push(m.start);
            }
            s.0 = true;
            s.1 |= word;
        }
    }

    /// Every keyword occurrence in `bytes`, in search order, into `out` (cleared first):
    /// one search whose list stands in for several ([`Prefilter::run_blanked`],
    /// [`Prefilter::witnesses_from`], [`Prefilter::word_sites`]). `false` (and `out`
    /// empty) when there are too many to list.
    pub fn matches(&self, bytes: &[u8], out: &mut Vec<KeywordMatch>) -> bool {
        out.clear();
        let Some(ac) = &self.automaton else {
            return true;
        };
        for m in ac.find_overlapping_iter(bytes) {
            if out.len() >= MAX_LISTED_MATCHES {
                out.clear();
                return false;
            }
            out.push((m.pattern().as_u32(), m.range()));
        }
        true
    }

    /// Whether [`Prefilter::matches`] lists `n` occurrences (past a bound it gives up).
    pub fn listable(n: usize) -> bool {
        n <= MAX_LISTED_MATCHES
    }

    /// Whether no keyword holds a line break (nor is all spaces): every occurrence lies
    /// within one line, so the occurrences on some lines can be listed apart from the
    /// others ([`Prefilter::matches_in`]).
    pub fn line_bound(&self) -> bool {
        self.blank_safe
    }

    /// [`Prefilter::matches`] of `bytes[within]`, at their offsets in `bytes`, appended
    /// to `out`, with no bound on their number.
    pub fn matches_in(&self, bytes: &[u8], within: Range<usize>, out: &mut Vec<KeywordMatch>) {
        let (Some(ac), Some(text)) = (&self.automaton, bytes.get(within.clone())) else {
            return;
        };
        let at = within.start;
        out.extend(
            ac.find_overlapping_iter(text)
                .map(|m| (m.pattern().as_u32(), m.start() + at..m.end() + at)),
        );
    }

    /// [`Prefilter::run`] on `blanked`, a copy of `original` with some lines blanked
    /// (every byte but `\n` and `\r` turned to a space), from the occurrences `found`
    /// in `original` ([`Prefilter::matches`]): the same hits, without a second search.
    /// `false` (nothing done) when the list cannot stand in: a keyword holds a line
    /// break or is all spaces, or the lengths differ.
    pub fn run_blanked(
        &self,
        blanked: &[u8],
        original: &[u8],
        found: &[KeywordMatch],
        hits: &mut Hits,
    ) -> bool {
        if !self.blank_safe || blanked.len() != original.len() {
            return false;
        }
        // An occurrence survives blanking iff its bytes did. One blanking made would
        // hold a blanked byte, and so (lines end at `\n` or `\r`) lie within a blanked
        // line and be all spaces, or cross a line break: no keyword is either. Both searches report occurrences by end offset, and
        // at one offset longest first, so the kept ones are in the blanked search's order.
        let kept = found
            .iter()
            .filter(|(_, r)| blanked.get(r.clone()) == original.get(r.clone()))
            .cloned();
        self.fill(blanked, kept, hits);
        true
    }

    /// Where each extra word occurs in the text `found` was listed from, in search
    /// order, into `out` (cleared first): (extra word index, byte range).
    pub fn word_sites(&self, found: &[KeywordMatch], out: &mut Vec<(u32, Range<usize>)>) {
        out.clear();
        for (p, r) in found {
            for &o in self.owners.get(*p as usize).into_iter().flatten() {
                if let Some(w) = (o as usize).checked_sub(self.rule_count)
                    && w < self.extra_count
                {
                    out.push((u32::try_from(w).unwrap_or(u32::MAX), r.clone()));
                }
            }
        }
    }

    /// For each group of listed words (ranges of their indexes, counted from the first
    /// listed word), the start of the leftmost occurrence of any of them in the text
    /// `found` was listed from, if any, appended to `out`: what a leftmost-first
    /// search for the group would find first.
    pub fn first_listed(
        &self,
        found: &[KeywordMatch],
        groups: &[Range<usize>],
        out: &mut Vec<usize>,
    ) {
        let mut first: Vec<Option<usize>> = vec![None; groups.len()];
        let listed_from = self.rule_count + self.extra_count;
        for (p, r) in found {
            for &o in self.owners.get(*p as usize).into_iter().flatten() {
                let Some(l) = (o as usize).checked_sub(listed_from) else {
                    continue;
                };
                for (g, f) in groups.iter().zip(first.iter_mut()) {
                    if g.contains(&l) {
                        *f = Some(f.map_or(r.start, |s| s.min(r.start)));
                    }
                }
            }
        }
        out.extend(first.into_iter().flatten());
    }

    /// Whether [`Hits::word_positions`] of the last [`Prefilter::run`] holds every
    /// extra word occurrence (it stops at a cap).
    pub fn word_positions_complete(hits: &Hits) -> bool {
        hits.word_positions.len() < MAX_RECORDED_HITS
    }

    /// Mark candidate rules for `bytes` into `hits` (cleared first).
    pub fn run(&self, bytes: &[u8], hits: &mut Hits) {
        match &self.automaton {
            Some(ac) => {
                let found = ac
                    .find_overlapping_iter(bytes)
                    .map(|m| (m.pattern().as_u32(), m.range()));
                self.fill(bytes, found, hits);
            }
            None => self.fill(bytes, std::iter::empty(), hits),
        }
    }

    /// `hits` (cleared first) from the keyword occurrences `found` in `bytes`.
    fn fill(&self, bytes: &[u8], found: impl Iterator<Item = KeywordMatch>, hits: &mut Hits) {
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
        for (p, range) in found {
            let anchored = word_bounded(bytes, range.start, range.end);
            for &r in &self.owners[p as usize] {
                if let Some(w) = (r as usize).checked_sub(self.rule_count) {
                    if w >= self.extra_count {
                        continue;
                    }
                    hits.words[w] = true;
                    if hits.word_positions.len() < MAX_RECORDED_HITS {
                        hits.word_positions
                            .push((r - self.rule_count as u32, range.clone()));
                    }
                    continue;
                }
                hits.candidate[r as usize] = true;
                hits.anchored[r as usize] |= anchored;
                if !hits.overflowed {
                    if hits.positions.len() >= MAX_RECORDED_HITS {
                        hits.overflowed = true;
                    } else {
                        hits.positions.push((r, range.clone()));
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
    fn a_keyword_counts_only_for_the_owners_asked_about() {
        let words = vec!["ccxt".to_string()];
        let pf = Prefilter::with_words(&rules(), &words);
        // "key" belongs to rule 1, "apikey" to rules 0 and 1, "ccxt" to extra word 0 (owner 3)
        let only_rule_0 = |o: usize| o == 0;
        assert!(!pf.mentions_keyword_of(b"monkey", &only_rule_0));
        assert!(pf.mentions_keyword_of(b"the apikey", &only_rule_0));
        let only_word = |o: usize| o == 3;
        assert!(!pf.mentions_keyword_of(b"the apikey", &only_word));
        assert!(pf.mentions_keyword_of(b"import ccxt", &only_word));
        assert!(!pf.mentions_keyword_of(b"nothing", &|_| true));
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

    /// Blank every line whose number is in `blank` as history does (`\n`, `\r` kept).
    fn blank_lines(text: &[u8], blank: impl Fn(usize) -> bool) -> Vec<u8> {
        let mut line = 0;
        text.iter()
            .map(|&b| {
                let out = if b == b'\n' || b == b'\r' || !blank(line) {
                    b
                } else {
                    b' '
                };
                if b == b'\n' || b == b'\r' {
                    line += 1;
                }
                out
            })
            .collect()
    }

    #[test]
    fn a_blanked_copy_gets_the_hits_of_its_own_search() {
        let rules = RuleSet::builtin().unwrap();
        let words = vec!["ccxt".to_string(), "binance".to_string()];
        let pf = Prefilter::with_words(&rules, &words);
        assert!(
            pf.blank_safe,
            "the built-in keywords may stand in for a blanked search"
        );
        let text = b"import ccxt\nBINANCE_API_KEY = 'k'\r\npassword 'x' key = 1\rkey =\n\
            identified by 'pw'\nexchange = ccxt.binance({'apiKey': k})\n-----BEGIN private key-----\n\
            okx_secret=1 apikey=2 monkey\n";
        let mut found = Vec::new();
        assert!(pf.matches(text, &mut found));
        let (mut direct, mut derived) = (Hits::default(), Hits::default());
        for pattern in 0..64u32 {
            let blanked = blank_lines(text, |l| pattern >> (l % 6) & 1 == 1);
            pf.run(&blanked, &mut direct);
            assert!(pf.run_blanked(&blanked, text, &found, &mut derived));
            assert_eq!(direct.candidate, derived.candidate, "{pattern}");
            assert_eq!(direct.anchored, derived.anchored, "{pattern}");
            assert_eq!(direct.positions, derived.positions, "{pattern}");
            assert_eq!(direct.words, derived.words, "{pattern}");
            assert_eq!(direct.word_positions, derived.word_positions, "{pattern}");
        }
        let (mut from_list, mut searched) = (Vec::new(), Vec::new());
        pf.witnesses_from(text, &found, &mut from_list);
        pf.witnesses(text, &mut searched);
        assert_eq!(from_list, searched);
        let mut sites = Vec::new();
        pf.word_sites(&found, &mut sites);
        pf.run(text, &mut direct);
        assert_eq!(sites, direct.word_positions);
    }
}
