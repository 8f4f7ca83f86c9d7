//! Sample context: a value in a test tree, in documentation, or on a line whose
//! comment calls it a mock is most likely not a live key. Such a match is reported at
//! low confidence (the default fail policy does not fail on it), unless its rule's
//! format names the provider by itself (`keep_rules`). Build output (minified bundles,
//! source maps, `dist/`, `_nuxt/`) keeps only high-confidence matches.
//!
//! The paths, the marker and the kept rules are data: `rules/samples.toml`.
//! `.keylint.toml` `[samples]` turns the downgrade off or adds paths.

use std::collections::HashSet;

use aho_corasick::AhoCorasick;
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::bytes::Regex;
use serde::Deserialize;

use crate::find::Match;
use crate::finding::{Confidence, Finding};
use crate::rules::{RuleKind, RuleSet, builtin};
use crate::source::{Lang, Source};

/// A script line longer than this is minified code (as `keylint fix` judges it).
pub const MINIFIED_LINE: usize = 5000;

/// Why a match is read as a sample.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// The file is in a test tree or is a test file.
    Test,
    /// The file is documentation.
    Docs,
    /// A comment on the line calls the value a mock, dummy, fake, example…
    Marker,
    /// The file is build output.
    Bundle,
    /// A generic rule's name is a word that names an asset as often as a credential.
    Ambiguous,
}

impl Context {
    pub fn as_str(self) -> &'static str {
        match self {
            Context::Test => "test",
            Context::Docs => "docs",
            Context::Marker => "marker",
            Context::Bundle => "bundle",
            Context::Ambiguous => "ambiguous-name",
        }
    }

    /// Why the finding's confidence was lowered, for the report.
    pub fn reason(self) -> &'static str {
        match self {
            Context::Test => "in a test file: likely a fixture value",
            Context::Docs => "in documentation: likely a sample value",
            Context::Marker => "a comment on the line marks it as a mock or example",
            Context::Bundle => "in build output",
            Context::Ambiguous => {
                "bound to a name such as `token` that names a coin as often as a credential"
            }
        }
    }
}

#[derive(Deserialize)]
struct SamplesFile {
    test_paths: Vec<String>,
    docs_paths: Vec<String>,
    bundle_paths: Vec<String>,
    marker: String,
    keep_rules: Vec<String>,
    ambiguous_names: Vec<String>,
    credential_qualifiers: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    examples: Vec<Vec<String>>,
    #[serde(default)]
    #[allow(dead_code)]
    negative_examples: Vec<Vec<String>>,
    #[serde(default)]
    #[allow(dead_code)]
    names: Vec<(String, bool)>,
}

/// The sample-context policy of one scan.
#[derive(Debug, Clone)]
pub struct Samples {
    /// Lower confidence in test/docs/marker contexts (`[samples] downgrade`).
    pub downgrade: bool,
    tests: GlobSet,
    docs: GlobSet,
    bundles: GlobSet,
    marker: Regex,
    keep: HashSet<String>,
    ambiguous: AhoCorasick,
    qualifiers: AhoCorasick,
}

impl Default for Samples {
    fn default() -> Self {
        Samples::builtin(&[]).expect("rules/samples.toml loads (a unit test checks it)")
    }
}

fn words(list: &[String]) -> Result<AhoCorasick, String> {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(list)
        .map_err(|e| e.to_string())
}

fn globs(list: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for g in list {
        b.add(Glob::new(g).map_err(|e| format!("`{g}`: {e}"))?);
    }
    b.build().map_err(|e| e.to_string())
}

impl Samples {
    /// The built-in policy, `extra_tests` added to the test paths.
    pub fn builtin(extra_tests: &[String]) -> Result<Samples, String> {
        let text = builtin::data_file("samples.toml").ok_or("rules/samples.toml is missing")?;
        let file: SamplesFile =
            toml::from_str(text).map_err(|e| format!("rules/samples.toml: {e}"))?;
        let mut tests = file.test_paths.clone();
        tests.extend(extra_tests.iter().cloned());
        Ok(Samples {
            downgrade: true,
            tests: globs(&tests)?,
            docs: globs(&file.docs_paths)?,
            bundles: globs(&file.bundle_paths)?,
            marker: Regex::new(&file.marker).map_err(|e| e.to_string())?,
            keep: file.keep_rules.into_iter().collect(),
            ambiguous: words(&file.ambiguous_names)?,
            qualifiers: words(&file.credential_qualifiers)?,
        })
    }

    /// Whether a credential name is ambiguous: an asset word (`token`) without a
    /// qualifier that makes it a credential (`bot_token`).
    pub fn is_ambiguous_name(&self, name: &str) -> bool {
        self.ambiguous.is_match(name) && !self.qualifiers.is_match(name)
    }

    /// Whether `path` is build output.
    pub fn is_bundle(&self, path: &str) -> bool {
        self.bundles.is_match(path)
    }

    /// The sample context of a value on `line` of the file at `path`, if any: the
    /// path first, then the line's comment.
    pub fn context(&self, path: &str, line: &[u8]) -> Option<Context> {
        if self.is_bundle(path) {
            Some(Context::Bundle)
        } else if self.tests.is_match(path) {
            Some(Context::Test)
        } else if self.docs.is_match(path) {
            Some(Context::Docs)
        } else if self.marker.is_match(line) {
            Some(Context::Marker)
        } else {
            None
        }
    }

    /// Lower a finding about a whole file (repository hygiene) to low confidence when
    /// the file is a test file: `true` when it did.
    pub fn downgrade_file(&self, f: &mut Finding) -> bool {
        if !self.downgrade || !self.tests.is_match(&f.location.path) {
            return false;
        }
        f.confidence = Confidence::Low;
        let cx = Context::Test;
        f.properties.push((
            "sample".into(),
            serde_json::json!({"context": cx.as_str(), "reason": cx.reason()}),
        ));
        true
    }

    /// Whether `src` is build output: by its path, or a script with a line longer than
    /// [`MINIFIED_LINE`] bytes (minified code, wherever the build put it), or text
    /// decoded from build output (its window of a minified line may be short).
    pub fn is_bundle_source(&self, src: &Source) -> bool {
        src.from_build_output()
            || self.is_bundle(src.path())
            || (matches!(src.lang(), Lang::JavaScript | Lang::TypeScript)
                && src
                    .bytes()
                    .split(|&c| c == b'\n')
                    .any(|l| l.len() > MINIFIED_LINE))
    }

    /// Whether a match at `confidence` of rule `id` stands in build output: it is high
    /// confidence, or its rule is kept.
    fn stands_in_bundle(&self, confidence: Confidence, id: &str) -> bool {
        confidence == Confidence::High || self.keep.contains(id)
    }

    /// In build output (`bundle`: [`Samples::is_bundle_source`]), drop every match below
    /// high confidence whose rule is not kept.
    pub fn drop_in_bundles(&self, rules: &RuleSet, bundle: bool, matches: &mut Vec<Match>) {
        if bundle {
            matches.retain(|m| self.stands_in_bundle(m.confidence, &rules.rules()[m.rule].id));
        }
    }

    /// For each rule, whether a match of it made at the rule's own confidence (a
    /// regex or binding match, before any judge) can stand in build output
    /// ([`Samples::drop_in_bundles`]).
    pub fn bundle_rules(&self, rules: &RuleSet) -> Vec<bool> {
        rules
            .rules()
            .iter()
            .map(|r| self.stands_in_bundle(r.confidence, &r.id))
            .collect()
    }

    /// Lower `m` to low confidence when it sits in a sample context and its rule is
    /// not kept: the context, else `None`.
    pub fn downgrade(&self, rules: &RuleSet, src: &Source, m: &mut Match) -> Option<Context> {
        if m.confidence == Confidence::Low {
            return None;
        }
        let rule = &rules.rules()[m.rule];
        if rule.kind == RuleKind::Generic
            && m.name.as_deref().is_some_and(|n| self.is_ambiguous_name(n))
        {
            m.confidence = Confidence::Low;
            return Some(Context::Ambiguous);
        }
        if !self.downgrade || self.keep.contains(&rule.id) {
            return None;
        }
        let at = m.region.as_ref().map_or(m.span.start, |r| r.start);
        let line = src.line_text(src.line_col(at).0);
        let cx = self.context(src.path(), line)?;
        if cx == Context::Bundle {
            // what is left in build output is high confidence or a kept format: it stands
            return None;
        }
        m.confidence = Confidence::Low;
        Some(cx)
    }

    #[cfg(test)]
    fn kept_rules(&self) -> impl Iterator<Item = &String> {
        self.keep.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> SamplesFile {
        toml::from_str(builtin::data_file("samples.toml").unwrap()).unwrap()
    }

    #[test]
    fn examples_and_negatives_hold() {
        let s = Samples::default();
        let f = file();
        assert!(!f.examples.is_empty() && !f.negative_examples.is_empty());
        let mut bad = Vec::new();
        for e in &f.examples {
            let got = s.context(&e[0], e[1].as_bytes()).map(Context::as_str);
            if got != Some(e[2].as_str()) {
                bad.push(format!("{e:?}: got {got:?}"));
            }
        }
        for e in &f.negative_examples {
            if let Some(c) = s.context(&e[0], e[1].as_bytes()) {
                bad.push(format!("negative {e:?}: got {c:?}"));
            }
        }
        assert!(bad.is_empty(), "{bad:#?}");
    }

    #[test]
    fn ambiguous_names_hold() {
        let s = Samples::default();
        let f = file();
        assert!(!f.names.is_empty());
        for (name, ambiguous) in &f.names {
            assert_eq!(s.is_ambiguous_name(name), *ambiguous, "{name}");
        }
    }

    #[test]
    fn addresses_markers_test_paths_and_kept_formats() {
        use crate::config::Config;
        use crate::engine::Engine;
        let e = Engine::from_config(&Config::default()).unwrap();
        let scan = |path: &str, text: &str| {
            crate::rulecheck::scan_text(&e, path, text)
                .findings
                .into_iter()
                .map(|f| (f.rule_id, f.confidence))
                .collect::<Vec<_>>()
        };
        // an EVM address is public by shape: nothing is reported
        assert_eq!(
            scan(
                "swap.py",
                "quote(token=\"0x55d398326f99059fF775485246999027B3197955\")\n"
            ),
            vec![]
        );
        // a mock marker lowers a wallet key; the same line without it stays high
        let key = "0x8f2a559490c8f3c2e1b4d7a6c5e9f0b1a2d3c4e5f6a7b8c9d0e1f2a3b4c5d6e7"; // keylint:allow (synthetic)
        let marked = scan(
            "bot/auth.py",
            &format!("private_key = \"{key}\"  # noqa: mock\n"),
        );
        assert!(
            !marked.is_empty() && marked.iter().all(|(_, c)| *c == Confidence::Low),
            "{marked:?}"
        );
        let plain = scan("bot/auth.py", &format!("private_key = \"{key}\"\n"));
        assert!(
            plain.iter().any(|(_, c)| *c == Confidence::High),
            "{plain:?}"
        );
        // in a test file the same key is lowered, a checksummed GitHub token is not
        let in_test = scan("tests/test_auth.py", &format!("private_key = \"{key}\"\n"));
        assert!(
            in_test.iter().all(|(_, c)| *c == Confidence::Low),
            "{in_test:?}"
        );
        let gh = scan(
            "tests/test_gh.py",
            "GITHUB_TOKEN = \"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\"  # fake\n", // keylint:allow
        );
        assert!(
            gh.contains(&("github-token".to_string(), Confidence::High)),
            "{gh:?}"
        );
    }

    #[test]
    fn an_sdk_doc_quoting_the_binance_docs_pair_is_public() {
        use crate::config::Config;
        use crate::engine::{Engine, FileOutput, Scratch};
        use crate::source::Lang;
        let e = Engine::from_config(&Config::default()).unwrap();
        // a generated SDK's example, outside any test or docs tree
        let text = concat!(
            "from binance.spot import Spot\n",
            "client = Spot(api_key=\"vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A\",\n", // keylint:allow
            "              api_secret=\"NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j\")\n", // keylint:allow
        );
        let src = Source::new("sdk/examples/order.py", text.as_bytes(), Lang::Python);
        let mut out = FileOutput::default();
        e.scan(&src, &mut Scratch::default(), &mut out);
        assert!(
            out.findings.is_empty(),
            "{:?}",
            out.findings.iter().map(|f| &f.rule_id).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_minified_script_is_build_output_wherever_it_is() {
        let s = Samples::default();
        let long = format!("var a={};\n", "1,".repeat(3000));
        let src = Source::new("public/app.3f2a1.js", long.as_bytes(), Lang::JavaScript);
        assert!(s.is_bundle_source(&src));
        let short = "var a = 1;\n".repeat(1000);
        let src = Source::new("public/app.js", short.as_bytes(), Lang::JavaScript);
        assert!(!s.is_bundle_source(&src));
        // a long line in a Python file is data, not a bundle
        let src = Source::new("bot/data.py", long.as_bytes(), Lang::Python);
        assert!(!s.is_bundle_source(&src));
        // text decoded from build output is build output, however short its lines
        let src = Source::new("public/app.js", b"var a = 1;\n", Lang::JavaScript)
            .with_layer(1)
            .with_build_output(true);
        assert!(s.is_bundle_source(&src));
    }

    #[test]
    fn kept_rules_exist() {
        let rules = RuleSet::builtin().unwrap();
        let s = Samples::default();
        for id in s.kept_rules() {
            assert!(
                rules.get(id).is_some(),
                "keep_rules names unknown rule {id}"
            );
        }
    }

    #[test]
    fn extra_test_paths_are_added() {
        let s = Samples::builtin(&["**/qa/**".to_string()]).unwrap();
        assert_eq!(s.context("qa/a.py", b"k = 1"), Some(Context::Test));
        assert_eq!(Samples::default().context("qa/a.py", b"k = 1"), None);
    }
}
