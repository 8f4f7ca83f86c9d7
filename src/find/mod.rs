//! Find: every way a secret is found in one [`Source`], and nothing about what a
//! person reads. The finder runs the keyword prefilter, the regex rules and every
//! registered [`Detector`] (wallet formats, the code-aware pass) and produces
//! [`Match`]es: rule, byte span, detector, confidence. What to keep is decided by
//! [`crate::judge`], the words people read by [`crate::tell`].

pub mod assign;
pub mod bindings;
pub mod code;
pub mod decode;
pub mod entropy;
pub mod format;
pub mod pattern;
pub mod placeholder;
pub mod prefilter;
pub mod wallet;

use std::ops::Range;

use regex::bytes::CaptureLocations;

use crate::capability::{CapabilityFacts, CapabilityUse};
use crate::finding::{Confidence, DetectorKind};
use crate::rules::RuleSet;
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
    /// Where the finding is reported, when not at `span` (a PEM block from its
    /// `-----BEGIN` line); it contains `span`.
    pub region: Option<Range<usize>>,
    pub detector: DetectorKind,
    pub confidence: Confidence,
    /// Overrides the rule's default message (syntax-aware passes name the call).
    pub message: Option<String>,
    /// The credential name the value was assigned to, if known.
    pub name: Option<String>,
    /// The names of the structures around the value (parent keys, section, element,
    /// call), `/`-joined, when the binding layer found it: provider context.
    pub labels: Option<String>,
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
    /// Where they occur in the text a detector reads whole, when already listed.
    pub sites: WordSites<'a>,
}

/// Where a detector's own [`Detector::keywords`] occur in the text it reads whole (a
/// partial source's text as written), as the keyword search listed them.
#[derive(Clone, Copy, Default)]
pub struct WordSites<'a> {
    /// (extra word index, byte range) of every detector's words, in search order
    all: Option<&'a [(u32, Range<usize>)]>,
    /// this detector's slice of the extra words
    own: (usize, usize),
}

impl<'a> WordSites<'a> {
    /// (own word index, byte range) in search order; `None` when not listed (search).
    pub fn get(&self) -> Option<impl Iterator<Item = (usize, Range<usize>)> + 'a> {
        let (start, end) = self.own;
        Some(self.all?.iter().filter_map(move |(w, r)| {
            let w = *w as usize;
            (start..end).contains(&w).then(|| (w - start, r.clone()))
        }))
    }
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
    /// exchange keys to `caps` (or that it was deferred). No I/O, no global state.
    fn detect(
        &self,
        src: &Source,
        cx: &ScanContext,
        out: &mut Vec<Match>,
        notes: &mut Vec<DetectorNote>,
        caps: &mut CapabilityFacts,
    );
    /// The capability uses of a file whose reading [`Detector::detect`] deferred.
    fn deferred_capabilities(
        &self,
        _src: &Source,
        _uses: &mut Vec<CapabilityUse>,
        _notes: &mut Vec<DetectorNote>,
    ) {
    }
}

/// The last two components of a path: a key file's name and its directory.
fn path_tail(path: &str) -> &[u8] {
    let b = path.as_bytes();
    let cut = |end: usize| b[..end].iter().rposition(|&c| c == b'/' || c == b'\\');
    match cut(b.len()).and_then(cut) {
        Some(i) => &b[i + 1..],
        None => b,
    }
}

/// Per-thread scratch space, reused across files so the hot loop does not allocate.
#[derive(Default)]
pub struct Scratch {
    pub(crate) hits: Hits,
    pub(crate) matches: Vec<Match>,
    ranges: Vec<Range<usize>>,
    locs: Vec<Option<CaptureLocations>>,
    assign: assign::AssignScratch,
    /// The extra words' occurrences in a partial source's text as written.
    sites: Vec<(u32, Range<usize>)>,
}

/// The find stage of an engine: the keyword automaton, the shared placeholder
/// filter and the registered detectors, built once per scan and shared read-only.
pub struct Finder {
    prefilter: Prefilter,
    placeholders: Placeholders,
    detectors: Vec<Box<dyn Detector>>,
    /// Each detector's slice of the prefilter's extra words.
    detector_words: Vec<Range<usize>>,
    /// The `assign` rules, judged on bindings, and their slice of the extra words.
    assign: assign::AssignIndex,
    assign_words: Range<usize>,
    /// The word lists of `near` requirements that look at the whole file (`lines =
    /// 0`), as ranges of the prefilter's listed words: history keeps the line of
    /// each list's first occurrence readable.
    file_wide: Vec<Range<usize>>,
}

impl Finder {
    /// The keyword automaton is built once, over the rules' keywords and every
    /// detector's words.
    pub fn new(rules: &RuleSet, detectors: Vec<Box<dyn Detector>>) -> Finder {
        let mut words: Vec<String> = Vec::new();
        let mut detector_words = Vec::with_capacity(detectors.len());
        for d in &detectors {
            let start = words.len();
            words.extend(d.keywords());
            detector_words.push(start..words.len());
        }
        let assign = assign::AssignIndex::new(rules);
        let start = words.len();
        words.extend(assign.words().iter().cloned());
        let mut listed: Vec<String> = Vec::new();
        let mut file_wide = Vec::new();
        for near in rules.rules().iter().filter_map(|r| r.near.as_ref()) {
            if near.lines == 0 {
                for list in [&near.word_list, &near.unless_list] {
                    let first = listed.len();
                    listed.extend(list.iter().cloned());
                    file_wide.push(first..listed.len());
                }
            }
        }
        Finder {
            prefilter: Prefilter::with_listed_words(rules, &words, &listed),
            placeholders: Placeholders::builtin(),
            detectors,
            detector_words,
            assign,
            assign_words: start..words.len(),
            file_wide,
        }
    }

    /// The context of one file's scan: its keyword hits, no detector's own words yet.
    fn context<'a>(&'a self, rules: &'a RuleSet, hits: &'a Hits) -> ScanContext<'a> {
        ScanContext {
            rules,
            hits,
            placeholders: &self.placeholders,
            words: &[],
            sites: WordSites::default(),
        }
    }

    pub fn placeholders(&self) -> &Placeholders {
        &self.placeholders
    }

    /// Where each keyword first occurs in `text` ([`Prefilter::witnesses`]).
    pub fn keyword_witnesses(&self, text: &[u8], out: &mut Vec<usize>) {
        self.prefilter.witnesses(text, out);
    }

    /// Every keyword occurrence in `text` ([`Prefilter::matches`]).
    pub fn list_keywords(&self, text: &[u8], out: &mut Vec<prefilter::KeywordMatch>) -> bool {
        self.prefilter.matches(text, out)
    }

    /// Every keyword occurrence in `text[within]` ([`Prefilter::matches_in`]), or
    /// `false` (nothing done) when a keyword may hold a line break
    /// ([`Prefilter::line_bound`]).
    pub fn list_keywords_in(
        &self,
        text: &[u8],
        within: std::ops::Range<usize>,
        out: &mut Vec<prefilter::KeywordMatch>,
    ) -> bool {
        if !self.prefilter.line_bound() {
            return false;
        }
        self.prefilter.matches_in(text, within, out);
        true
    }

    /// Whether every keyword occurrence lies within one line ([`Prefilter::line_bound`]).
    pub fn keywords_line_bound(&self) -> bool {
        self.prefilter.line_bound()
    }

    /// Whether [`Finder::list_keywords`] lists `n` occurrences (it gives up past a bound).
    pub fn listable(&self, n: usize) -> bool {
        prefilter::Prefilter::listable(n)
    }

    /// [`Finder::keyword_witnesses`] from the occurrences listed in `text`, and the
    /// first occurrence of each file-wide `near` word list (`lines = 0`).
    pub fn keyword_witnesses_from(
        &self,
        text: &[u8],
        found: &[prefilter::KeywordMatch],
        out: &mut Vec<usize>,
    ) {
        self.prefilter.witnesses_from(text, found, out);
        self.prefilter.first_listed(found, &self.file_wide, out);
    }

    /// Whether `text` holds a keyword of what reads decoded text: a rule's (of the
    /// rules `only` marks, when given) or, without `only`, a binding-layer word.
    /// Detectors read files, not decoded text, so their words do not count; in
    /// build output (`only`: the rules that can report there) neither do the
    /// binding layer's.
    pub fn mentions_decoded_keyword(&self, text: &[u8], only: Option<&[bool]>) -> bool {
        let rules = self.prefilter.rule_count();
        self.prefilter
            .mentions_keyword_of(text, &|o| match o.checked_sub(rules) {
                None => only.is_none_or(|only| only[o]),
                Some(w) => only.is_none() && self.assign_words.contains(&w),
            })
    }

    /// The capability uses of a file whose reading the detectors deferred.
    pub fn deferred_capabilities(
        &self,
        src: &Source,
        uses: &mut Vec<CapabilityUse>,
        notes: &mut Vec<DetectorNote>,
    ) {
        for d in &self.detectors {
            d.deferred_capabilities(src, uses, notes);
        }
    }

    /// Find candidates in `src`: `scratch.hits` holds the prefilter's hits and
    /// `scratch.matches` the matches. Notes and capability call sites are appended.
    /// `only` is given for build output: the rules that can report there.
    /// `false` when nothing can be found (no keyword and no detector).
    pub fn run(
        &self,
        rules: &RuleSet,
        src: &Source,
        only: Option<&[bool]>,
        scratch: &mut Scratch,
        notes: &mut Vec<DetectorNote>,
        caps: &mut CapabilityFacts,
    ) -> bool {
        let Scratch {
            hits,
            matches,
            ranges,
            locs,
            assign,
            sites,
        } = scratch;
        // A partial source whose original's keywords were listed: its hits, and the
        // words a detector confirms in the original, come from that list.
        let listed = src
            .partial()
            .filter(|_| src.layer() == 0)
            .and_then(|p| Some((p.original, p.keywords?)))
            .filter(|(original, found)| {
                self.prefilter
                    .run_blanked(src.bytes(), original, found, hits)
            })
            .map(|(_, found)| found);
        if listed.is_none() {
            self.prefilter.run(src.bytes(), hits);
        }
        // A bare key file says what it holds only in its name (`deploy/nats/bot.nk`,
        // `config/master.key`): the name's words are keyword context too.
        let bare = if src.layer() == 0 {
            bindings::bare::values(src.bytes())
        } else {
            Vec::new()
        };
        if !bare.is_empty() {
            self.prefilter.mark(path_tail(src.path()), hits);
        }
        // A credential store (`.pgpass`, pgbouncer's `userlist.txt`) says that its rows
        // hold passwords only by its name and format: it is read whole, as passwords.
        let store = src.layer() == 0 && bindings::is_credential_store(src.path());
        if store {
            self.prefilter.mark(b"password", hits);
        }
        let sites = match listed {
            Some(found) => {
                self.prefilter.word_sites(found, sites);
                Some(&sites[..])
            }
            // A partial source is read whole as written: the hits are of its blanked text.
            None if src.partial().is_some() => None,
            None => Prefilter::word_positions_complete(hits).then_some(&hits.word_positions[..]),
        };
        matches.clear();
        if !hits.any() && self.detectors.is_empty() {
            return false;
        }
        // `only`: the regex rules and the binding judge run for these rules alone; the
        // registered detectors still see every candidate.
        let all_candidates = only.map(|only| {
            let all = hits.candidate.clone();
            for (c, &keep) in hits.candidate.iter_mut().zip(only) {
                *c &= keep;
            }
            all
        });
        let cx = self.context(rules, hits);
        locs.resize_with(rules.len(), || None);
        for (i, rule) in rules.rules().iter().enumerate() {
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
        let own = self.assign_words.clone();
        let word_hits = hits
            .word_positions
            .iter()
            .filter(|(w, _)| own.contains(&(*w as usize)))
            .map(|(w, r)| (*w as usize - own.start, r.start));
        // A SQL file's `CREATE TABLE` names the cells of rows inserted far below it: read
        // whole, so each `INSERT` meets its table's columns.
        let reach = if store || src.layer() == 0 && sql_with_tables(src.path(), src.bytes()) {
            assign::Reach::Whole
        } else if only.is_some() {
            assign::Reach::BuildOutput
        } else {
            assign::Reach::Lines
        };
        self.assign
            .run(src, &cx, word_hits, &bare, reach, assign, matches);
        if let Some(all) = all_candidates {
            hits.candidate = all;
        }
        let cx = self.context(rules, hits);
        // Registered detectors read whole files (syntax trees, bare key files); a
        // derived source is decoded text with a window of context, not a file.
        let detectors = if src.layer() == 0 {
            &self.detectors[..]
        } else {
            &[]
        };
        for (d, words) in detectors.iter().zip(&self.detector_words) {
            let sites = WordSites {
                all: sites,
                own: (words.start, words.end),
            };
            let words = hits.words.get(words.clone()).unwrap_or_default();
            let cx = ScanContext { words, sites, ..cx };
            d.detect(src, &cx, matches, notes, caps);
        }
        true
    }
}

/// A `.sql` file that creates tables (and may insert rows into them).
fn sql_with_tables(path: &str, bytes: &[u8]) -> bool {
    let sql = path
        .rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("sql"));
    sql && (memchr::memmem::find(bytes, b"CREATE TABLE").is_some()
        || memchr::memmem::find(bytes, b"create table").is_some())
}
