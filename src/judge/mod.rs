//! Judge: what happens to each match the find stage produced — kept, dropped or
//! held back, with the reason.
//!
//! Per file: provider context (`context`: a provider rule needs its provider's words
//! near the value) → dedup of overlapping spans (`dedup`) → allowlisted values →
//! key sets (`pairing`) → allowlisted fingerprints → inline suppression markers
//! (`suppress`). The result is a [`Verdict`] per kept match; [`crate::tell`] words
//! the findings.

pub mod context;
pub mod dedup;
pub mod pairing;
pub mod sample;
pub mod suppress;

use std::collections::HashSet;

use regex::bytes::Regex;

use crate::find::Match;
use crate::find::prefilter::Hits;
use crate::redact::{self, Secret};
use crate::rules::RuleSet;
use crate::source::Source;

/// Knobs from `.keylint.toml` and flags that the engine applies itself.
#[derive(Debug, Default)]
pub struct Options {
    /// Honour `gitleaks:allow`, `pragma: allowlist secret`, `trufflehog:ignore`.
    pub foreign_markers: bool,
    /// Values matching any of these are never reported.
    pub allow_values: Vec<Regex>,
    /// Fingerprints that are never reported.
    pub allow_fingerprints: HashSet<String>,
    /// Test, docs, marker and build-output contexts (`rules/samples.toml`).
    pub samples: sample::Samples,
}

/// What becomes of a match that survived dedup and pairing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Reported.
    Report,
    /// Hidden by an inline marker (listed with `--list-suppressed`, counted).
    Suppressed(&'static str),
    /// Dropped by an allowlisted fingerprint (counted). Its value is still masked
    /// wherever another finding's excerpt shows it.
    Allowlisted,
}

/// A match (merged into its key set) with its secret, fingerprint and verdict.
pub struct Judged {
    pub paired: pairing::Paired,
    pub secret: Secret,
    pub fingerprint: String,
    pub verdict: Verdict,
    /// Why its confidence was lowered to low (a test file, docs, a mock marker).
    pub sample: Option<sample::Context>,
}

/// The judge stage of an engine, built once per scan.
pub struct Judge {
    context: context::ContextIndex,
    options: Options,
}

impl Judge {
    pub fn new(rules: &RuleSet, options: Options) -> Judge {
        Judge {
            context: context::ContextIndex::new(rules),
            options,
        }
    }

    /// Whether `src` is build output, where only some matches stand
    /// ([`sample::Samples::bundle_rules`]).
    pub fn is_bundle_source(&self, src: &Source) -> bool {
        self.options.samples.is_bundle_source(src)
    }

    /// See [`sample::Samples::bundle_rules`].
    pub fn bundle_rules(&self, rules: &RuleSet) -> Vec<bool> {
        self.options.samples.bundle_rules(rules)
    }

    /// Judge `matches` (taken): `None` when none is left after provider context.
    /// `allowlisted` counts the matches dropped by an allowlisted value. `bundle`:
    /// `src` is build output ([`Judge::is_bundle_source`]).
    pub fn run(
        &self,
        rules: &RuleSet,
        src: &Source,
        bundle: bool,
        hits: &Hits,
        matches: &mut Vec<Match>,
        allowlisted: &mut usize,
    ) -> Option<Vec<Judged>> {
        context::apply(rules, &self.context, src, hits, matches);
        if matches.is_empty() {
            return None;
        }
        self.options.samples.drop_in_bundles(rules, bundle, matches);
        if matches.is_empty() {
            return None;
        }
        let mut kept = dedup::dedup(rules, std::mem::take(matches));
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
        *allowlisted += before - kept.len();
        let kept = pairing::pair(rules, src, kept, |m| self.held(rules, src, m));
        let mut markers = MarkerCache::new();
        let judged = kept
            .into_iter()
            .map(|mut paired| {
                let sample = self.options.samples.downgrade(rules, src, &mut paired.m);
                let rule = &rules.rules()[paired.m.rule];
                let secret = Secret::new(&src.bytes()[paired.m.span.clone()]);
                let fingerprint = redact::fingerprint(&rule.id, &secret);
                let verdict = if self.options.allow_fingerprints.contains(&fingerprint) {
                    Verdict::Allowlisted
                } else {
                    let line = src.line_col(reported_at(&paired.m)).0;
                    match self.suppression(src, paired.m.rule, &rule.id, line, &mut markers) {
                        Some(marker) => Verdict::Suppressed(marker),
                        None => Verdict::Report,
                    }
                };
                Judged {
                    paired,
                    secret,
                    fingerprint,
                    verdict,
                    sample,
                }
            })
            .collect();
        Some(judged)
    }

    /// The marker that suppresses rule `rule_id` reported at `line` of `src`: on the
    /// line, or alone in a comment on the line above (for findings moved into `src`
    /// from text decoded out of it).
    pub fn marker_at(&self, src: &Source, rule_id: &str, line: usize) -> Option<&'static str> {
        let foreign = self.options.foreign_markers;
        if line == 0 {
            return None;
        }
        suppress::marker_for(src.line_text(line), rule_id, foreign).or_else(|| {
            (line > 1)
                .then(|| suppress::marker_above(src.line_text(line - 1), rule_id, foreign))
                .flatten()
        })
    }

    /// A match with its own suppression marker is not merged into a key set.
    fn held(&self, rules: &RuleSet, src: &Source, m: &Match) -> bool {
        let line = src.line_col(reported_at(m)).0;
        let id = &rules.rules()[m.rule].id;
        [line, line.saturating_sub(1)]
            .into_iter()
            .filter(|&l| l >= 1)
            .any(|l| {
                suppress::marker_for(src.line_text(l), id, self.options.foreign_markers).is_some()
            })
    }

    /// A marker on the finding's first line, or alone in a comment on the line above.
    /// Each (line, rule, above) is searched once per file: a minified line with a
    /// thousand findings is searched once, not a thousand times.
    fn suppression(
        &self,
        src: &Source,
        rule: usize,
        rule_id: &str,
        line: usize,
        markers: &mut MarkerCache,
    ) -> Option<&'static str> {
        let foreign = self.options.foreign_markers;
        let mut at = |l: usize, above: bool| {
            *markers.entry((l, rule, above)).or_insert_with(|| {
                if above {
                    suppress::marker_above(src.line_text(l), rule_id, foreign)
                } else {
                    suppress::marker_for(src.line_text(l), rule_id, foreign)
                }
            })
        };
        at(line, false).or_else(|| (line > 1).then(|| at(line - 1, true)).flatten())
    }
}

/// Where a match is reported (its region's start, else its value's): markers are
/// looked for on that line and the one above.
fn reported_at(m: &Match) -> usize {
    m.region.as_ref().map_or(m.span.start, |r| r.start)
}

/// Suppression marker found per (1-based line, rule index, read as the line above) in
/// the file being scanned.
type MarkerCache = std::collections::HashMap<(usize, usize, bool), Option<&'static str>>;
