//! Sample context: a value in a test tree, in documentation, or on a line whose
//! comment calls it a mock is most likely not a live key. Such a match is reported at
//! low confidence (the default fail policy does not fail on it), unless its rule's
//! format names the provider by itself (`keep_rules`). Build output (minified bundles,
//! source maps, `dist/`, `_nuxt/`) keeps only high-confidence matches.
//!
//! The paths, the marker and the kept rules are data: `rules/samples.toml`.
//! `.keylint.toml` `[samples]` turns the downgrade off or adds paths.

use std::collections::HashSet;

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::bytes::Regex;
use serde::Deserialize;

use crate::find::Match;
use crate::finding::Confidence;
use crate::rules::{RuleSet, builtin};
use crate::source::Source;

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
}

impl Context {
    pub fn as_str(self) -> &'static str {
        match self {
            Context::Test => "test",
            Context::Docs => "docs",
            Context::Marker => "marker",
            Context::Bundle => "bundle",
        }
    }

    /// Why the finding's confidence was lowered, for the report.
    pub fn reason(self) -> &'static str {
        match self {
            Context::Test => "in a test file: likely a fixture value",
            Context::Docs => "in documentation: likely a sample value",
            Context::Marker => "a comment on the line marks it as a mock or example",
            Context::Bundle => "in build output",
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
    #[serde(default)]
    #[allow(dead_code)]
    examples: Vec<Vec<String>>,
    #[serde(default)]
    #[allow(dead_code)]
    negative_examples: Vec<Vec<String>>,
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
}

impl Default for Samples {
    fn default() -> Self {
        Samples::builtin(&[]).expect("rules/samples.toml loads (a unit test checks it)")
    }
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
        })
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

    /// In build output, drop every match below high confidence.
    pub fn drop_in_bundles(&self, src: &Source, matches: &mut Vec<Match>) {
        if self.is_bundle(src.path()) {
            matches.retain(|m| m.confidence == Confidence::High);
        }
    }

    /// Lower `m` to low confidence when it sits in a sample context and its rule is
    /// not kept: the context, else `None`.
    pub fn downgrade(&self, rules: &RuleSet, src: &Source, m: &mut Match) -> Option<Context> {
        if !self.downgrade || m.confidence == Confidence::Low {
            return None;
        }
        if self.keep.contains(&rules.rules()[m.rule].id) {
            return None;
        }
        let at = m.region.as_ref().map_or(m.span.start, |r| r.start);
        let line = src.line_text(src.line_col(at).0);
        let cx = self.context(src.path(), line)?;
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
    fn kept_rules_exist() {
        let rules = RuleSet::builtin().unwrap();
        let s = Samples::default();
        for id in s.kept_rules() {
            assert!(rules.get(id).is_some(), "keep_rules names unknown rule {id}");
        }
    }

    #[test]
    fn extra_test_paths_are_added() {
        let s = Samples::builtin(&["**/qa/**".to_string()]).unwrap();
        assert_eq!(s.context("qa/a.py", b"k = 1"), Some(Context::Test));
        assert_eq!(Samples::default().context("qa/a.py", b"k = 1"), None);
    }
}
