//! The engine: one [`Source`] through find → judge → tell.
//!
//! Per file: [`crate::find`] (prefilter → regex rules → registered detectors: matches
//! with spans) → [`crate::judge`] (provider context → dedup → allowlisted values → key
//! sets → allowlisted fingerprints → suppression markers) → [`crate::tell`] (findings
//! with line/column, message, excerpt and help; the line index is built only when
//! something was found). Text under an encoding (string escapes, URL-encoding,
//! base64, connection strings: [`crate::find::decode`]) is decoded into derived
//! sources that go through the same stages, their findings moved back to the encoded
//! text (`derived`). Notebooks are decoded first and their findings moved back to the
//! `.ipynb` file (`notebook`). An engine is built from a [`crate::Config`] by
//! [`Engine::from_config`].

mod build;
mod derived;
pub(crate) mod notebook;

use crate::capability::CapabilityFacts;
use crate::find::{Detector, DetectorNote, Finder};
use crate::finding::{Finding, Suppressed};
use crate::judge::Judge;
use crate::rules::RuleSet;
use crate::source::Source;

pub use crate::find::Scratch;
pub use crate::find::placeholder::Placeholders;
/// Knobs from `.keylint.toml` and flags that the engine applies (in the judge stage).
pub use crate::judge::Options as EngineOptions;

/// Everything one source produced.
#[derive(Debug, Default)]
pub struct FileOutput {
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Suppressed>,
    pub allowlisted: usize,
    pub notes: Vec<DetectorNote>,
    /// Capability call sites (see [`crate::capability`]), and whether reading
    /// them was deferred ([`Engine::deferred_capabilities`]).
    pub capabilities: CapabilityFacts,
}

pub struct Engine {
    rules: RuleSet,
    finder: Finder,
    judge: Judge,
    /// Providers whose findings carry capabilities (`rules/capabilities.toml`).
    exchanges: Vec<String>,
    /// The rules whose regex and binding matches can stand in build output.
    bundle_rules: Vec<bool>,
}

impl Engine {
    pub fn new(rules: RuleSet, options: EngineOptions) -> Engine {
        Engine::with_detectors(rules, options, Vec::new())
    }

    /// `new` plus `detectors` (run after the regex rules on every file).
    pub fn with_detectors(
        rules: RuleSet,
        options: EngineOptions,
        detectors: Vec<Box<dyn Detector>>,
    ) -> Engine {
        let judge = Judge::new(&rules, options);
        Engine {
            finder: Finder::new(&rules, detectors),
            bundle_rules: judge.bundle_rules(&rules),
            judge,
            rules,
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
        self.finder.placeholders()
    }

    /// How many lines around a value the judge looks at: the widest pairing window,
    /// provider-context and `near` window of the rules, and the marker line above.
    /// History rescans this far around what changed (`scan::history`).
    pub fn reach(&self) -> u32 {
        let widest = self
            .rules
            .rules()
            .iter()
            .flat_map(|r| {
                [
                    r.context_lines,
                    r.pair.as_ref().map_or(0, |p| p.within_lines),
                    r.near.as_ref().map_or(0, |n| n.lines),
                ]
            })
            .chain([
                crate::rules::DEFAULT_CONTEXT_LINES,
                crate::rules::DEFAULT_PAIR_LINES,
            ])
            .max()
            .unwrap_or(0);
        u32::try_from(widest.saturating_add(1)).unwrap_or(u32::MAX)
    }

    /// Where each keyword first occurs in `text` (see [`Finder::keyword_witnesses`]),
    /// and the first occurrence of the words a rule looks for anywhere in the file
    /// (`near` with `lines = 0`): the lines a file-wide check needs to see.
    pub fn keyword_witnesses(&self, text: &[u8], out: &mut Vec<usize>) {
        self.finder.keyword_witnesses(text, out);
        self.file_wide_witnesses(text, out);
    }

    /// [`Engine::keyword_witnesses`], with every keyword occurrence in `text` listed
    /// into `found` on the way, for the partial source made of it
    /// ([`crate::source::Partial::keywords`]): one keyword search for both. `false`
    /// (and `found` empty) when there were too many to list.
    pub fn keyword_witnesses_listed(
        &self,
        text: &[u8],
        found: &mut Vec<(u32, std::ops::Range<usize>)>,
        out: &mut Vec<usize>,
    ) -> bool {
        let listed = self.finder.list_keywords(text, found);
        if listed {
            // The file-wide `near` words are in the list too.
            self.finder.keyword_witnesses_from(text, found, out);
        } else {
            self.finder.keyword_witnesses(text, out);
            self.file_wide_witnesses(text, out);
        }
        listed
    }

    /// Whether no keyword holds a line break: the occurrences on some lines of a text
    /// can be listed apart from the others ([`Engine::list_keywords_in`]).
    pub fn keywords_line_bound(&self) -> bool {
        self.finder.keywords_line_bound()
    }

    /// Every keyword occurrence in `text[within]`, appended to `found` (see
    /// [`Engine::keyword_witnesses_listed`]); `false` (nothing done) when a keyword may
    /// hold a line break, so that whole lines cannot be listed apart.
    pub fn list_keywords_in(
        &self,
        text: &[u8],
        within: std::ops::Range<usize>,
        found: &mut Vec<(u32, std::ops::Range<usize>)>,
    ) -> bool {
        self.finder.list_keywords_in(text, within, found)
    }

    /// [`Engine::keyword_witnesses_listed`] from `found`, every keyword occurrence in
    /// `text` listed already (in search order). `false` (nothing done) when there are
    /// more than that search would list.
    pub fn keyword_witnesses_of_listed(
        &self,
        text: &[u8],
        found: &[(u32, std::ops::Range<usize>)],
        out: &mut Vec<usize>,
    ) -> bool {
        if !self.finder.listable(found.len()) {
            return false;
        }
        self.finder.keyword_witnesses_from(text, found, out);
        true
    }

    fn file_wide_witnesses(&self, text: &[u8], out: &mut Vec<usize>) {
        let file_wide = self
            .rules
            .rules()
            .iter()
            .filter_map(|r| r.near.as_ref().filter(|n| n.lines == 0))
            .flat_map(|n| [&n.words, &n.unless].into_iter().flatten());
        out.extend(file_wide.filter_map(|ac| ac.find(text).map(|m| m.start())));
    }

    /// Scan one source, and the text decoded from it; results are appended to `out`.
    pub fn scan(&self, src: &Source, scratch: &mut Scratch, out: &mut FileOutput) {
        let first = (out.findings.len(), out.suppressed.len());
        self.scan_surface(src, scratch, out);
        // The derived text of each layer, all of it together, is no larger than the file.
        let mut budget = [src.bytes().len(); crate::find::decode::MAX_DEPTH as usize];
        derived::scan_decoded(self, src, scratch, out, first, &mut budget);
        crate::tell::mask_values_across(
            &mut out.findings[first.0..],
            &mut out.suppressed[first.1..],
        );
    }

    /// The capability uses of a file whose scan deferred reading them (it held no
    /// literal worth a syntax tree): appended to `out`, with any parse note.
    pub fn deferred_capabilities(&self, src: &Source, out: &mut FileOutput) {
        self.finder
            .deferred_capabilities(src, &mut out.capabilities.uses, &mut out.notes);
    }

    /// Scan one source as it is written (find → judge → tell).
    fn scan_surface(&self, src: &Source, scratch: &mut Scratch, out: &mut FileOutput) {
        let rules = &self.rules;
        // In build output the judge keeps only high-confidence matches: the rules whose
        // regex and binding matches it would drop are not run there.
        let bundle = self.judge.is_bundle_source(src);
        let only = bundle.then_some(&self.bundle_rules[..]);
        if !self.finder.run(
            rules,
            src,
            only,
            scratch,
            &mut out.notes,
            &mut out.capabilities,
        ) {
            return;
        }
        let Some(judged) = self.judge.run(
            rules,
            src,
            bundle,
            &scratch.hits,
            &mut scratch.matches,
            &mut out.allowlisted,
        ) else {
            return;
        };
        out.allowlisted += judged
            .iter()
            .filter(|j| j.verdict == crate::judge::Verdict::Allowlisted)
            .count();
        crate::tell::tell(rules, src, judged, &mut out.findings, &mut out.suppressed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::judge::dedup::tests::RULES;
    use crate::source::Lang;
    use regex::bytes::Regex;

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
    fn a_key_at_its_name_in_build_output_is_found_mid_line() {
        // a minified bundle: one line of 40 KB, a wallet key bound to its name halfway
        let e = Engine::new(RuleSet::builtin().unwrap(), EngineOptions::default());
        let key = "4c0883a69102937d6231471b5dbb6204fe512961708279f3a3c1f8b2c7d1e5a9"; // keylint:allow (synthetic)
        let filler = "function a(e,t){return e.key+t.keys[e.id]}var b={key:1,secret:2};";
        let half = filler.repeat(300);
        let line = format!("{half}const w={{signerPrivateKey:\"0x{key}\"}};{half}\n");
        let out = scan(&e, "static/js/main.3f2a1b.js", &line);
        assert!(
            out.findings.iter().any(|f| f.rule_id == "evm-private-key"),
            "{:?}",
            out.findings.iter().map(|f| &f.rule_id).collect::<Vec<_>>()
        );
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
        // a hardcoded fallback of an environment lookup is in the repository all the same
        assert_eq!(
            scan(&e, "a.py", "key = os.getenv(\"K\", \"Q8xvN2mK4pL7wR1t\")\n")
                .findings
                .len(),
            1
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
    fn findings_carry_the_binding_name_and_each_key_set_half_its_rule() {
        let e = Engine::from_config(&crate::Config::default()).unwrap();
        let out = scan(
            &e,
            "bot.py",
            concat!(
                "BINANCE_API_KEY = \"5xrbw0aRFvKyQQbV4iOmSpnXJzjdO9KnUcOwcOBExM3tnY4WftHKrmUeUKjuZSib\"\n", // keylint:allow (a test key set)
                "BINANCE_API_SECRET = \"xZKiGvbtcj7bsHXDYzEzVMGPBnu3mY2lhm12FPzmV4eAk5M7ByFgDcEW7AKW3gc3\"\n", // keylint:allow
            ),
        );
        assert_eq!(out.findings.len(), 1, "{:?}", out.findings);
        let f = &out.findings[0];
        assert_eq!(f.rule_id, "binance-api-secret");
        assert_eq!(f.name.as_deref(), Some("BINANCE_API_SECRET"));
        let halves: Vec<_> = f
            .related
            .iter()
            .map(|r| (r.is_secret, r.rule_id.as_deref(), r.location.line))
            .collect();
        assert_eq!(halves, vec![(true, Some("binance-api-key"), 1)]);
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
    fn listed_witnesses_are_the_searched_ones() {
        let e = Engine::new(RuleSet::builtin().unwrap(), EngineOptions::default());
        let text = b"x = 1\nclient = Client(key, secret, tld='us')\nbinance_key = k\n\
            TLD: \"US\"\nbinance.us and BinanceUS\nokx\nimport ccxt\n";
        for cut in 0..text.len() {
            let text = &text[cut..];
            let mut searched = Vec::new();
            e.keyword_witnesses(text, &mut searched);
            let (mut found, mut listed) = (Vec::new(), Vec::new());
            assert!(e.keyword_witnesses_listed(text, &mut found, &mut listed));
            searched.sort_unstable();
            listed.sort_unstable();
            assert_eq!(searched, listed, "from byte {cut}");
        }
    }

    #[test]
    fn a_new_version_lists_what_a_search_lists() {
        use crate::sources::git::history::delta;
        let e = Engine::new(RuleSet::builtin().unwrap(), EngineOptions::default());
        assert!(e.keywords_line_bound());
        let old = b"import ccxt\nclient = Client(key, secret)\r\nbinance_key = k\n\
            x = 1\nTLD: \"US\"\rokx token\npassword = p\nlast api_key";
        let news: [&[u8]; 4] = [
            b"import ccxt\nclient = Client(key, secret)\r\nsecret_key = s\nbinance_key = k\n\
              x = 1\nTLD: \"US\"\rokx token\npassword = p\nlast api_key\n",
            b"client = Client(key, secret)\r\nbinance_key = k\nokx token\npassword = p\n",
            b"binance_key = k\nx = 1\n",
            b"",
        ];
        let (mut old_found, mut witnesses) = (Vec::new(), Vec::new());
        assert!(e.keyword_witnesses_listed(old, &mut old_found, &mut witnesses));
        let old_starts = delta::line_starts(old);
        for new in news {
            let starts = delta::line_starts(new);
            let plan = delta::plan(old, None, new, &starts, 1);
            let mut carried = Vec::new();
            delta::carry_occurrences(
                &old_found,
                &old_starts,
                &starts,
                &plan.same,
                |within, out| assert!(e.list_keywords_in(new, within, out)),
                &mut carried,
            );
            let (mut searched, mut searched_witnesses) = (Vec::new(), Vec::new());
            assert!(e.keyword_witnesses_listed(new, &mut searched, &mut searched_witnesses));
            assert_eq!(carried, searched, "{:?}", String::from_utf8_lossy(new));
            let mut carried_witnesses = Vec::new();
            assert!(e.keyword_witnesses_of_listed(new, &carried, &mut carried_witnesses));
            assert_eq!(carried_witnesses, searched_witnesses);
        }
    }
}
