//! `.keylint.toml` and command-line flags, merged into one validated [`Config`]: data
//! only. The engine is built from it by [`crate::Engine::from_config`].
//!
//! ```toml
//! min_severity = "medium"                   # drop findings below this
//! disabled_rules = ["generic-password"]     # rule ids; an unknown id is an error
//!
//! [fail]                                    # which reported findings fail the build (exit 1)
//! confidence = "medium"                     # floor: low | medium (default) | high
//! severity = "low"                          # floor: low (default) | medium | high | critical
//!
//! [samples]                                # tests, docs, `# mock` comments: reported, low confidence
//! downgrade = true                          # false: they keep the rule's confidence
//! test_paths = ["qa/**"]                    # more test trees (globs), added to rules/samples.toml
//!
//! [allowlist]
//! paths = ["tests/fixtures/**"]             # globs, matched against paths relative to the scan root
//! fingerprints = ["3f1c…"]                  # from the JSON report or a baseline
//! regexes = ['^sk_test_']                   # values matching any of these are not reported
//!
//! [[rule]]                                  # custom rules, same schema as rules/*.toml
//! id = "acme-token"
//! description = "ACME internal token"
//! severity = "high"
//! keywords = ["acme_"]
//! regex = '''acme_(?P<secret>[a-z0-9]{32})'''
//! ```
//! Unknown keys are an error naming the key.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::bytes::Regex;
use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, TomlError};
use crate::finding::{FailPolicy, Severity};
use crate::rules::{RuleDef, RuleSet};

/// The config file looked for when `--config` is not given.
pub const CONFIG_FILE_NAME: &str = ".keylint.toml";
/// Default `--max-file-size`: 10 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    min_severity: Option<Severity>,
    #[serde(default)]
    disabled_rules: Vec<Spanned<String>>,
    #[serde(default)]
    allowlist: AllowlistDef,
    #[serde(default)]
    rule: Vec<RuleDef>,
    #[serde(default)]
    fail: Option<FailPolicy>,
    #[serde(default)]
    samples: Option<SamplesDef>,
}

/// `[samples]`: the sample context of `judge::sample` (tests, docs, mock markers).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SamplesDef {
    /// `false`: a test file, docs or a mock marker does not lower confidence.
    #[serde(default)]
    downgrade: Option<bool>,
    /// More test trees (globs), added to the built-in ones.
    #[serde(default)]
    test_paths: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowlistDef {
    #[serde(default)]
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    fingerprints: Vec<String>,
    #[serde(default)]
    regexes: Vec<Spanned<String>>,
}

/// Everything a scan needs, validated.
#[derive(Debug, Clone)]
pub struct Config {
    pub paths: Vec<PathBuf>,
    pub threads: usize,
    pub max_file_size: u64,
    pub no_ignore: bool,
    pub foreign_markers: bool,
    pub min_severity: Severity,
    /// Which reported findings fail the build (`[fail]`, `--fail-confidence`, `--fail-severity`).
    pub fail: FailPolicy,
    /// Whether tests, docs and mock markers lower confidence (`[samples] downgrade`).
    pub samples_downgrade: bool,
    /// Test trees added to the built-in ones (`[samples] test_paths`).
    pub sample_test_paths: Vec<String>,
    pub disabled_rules: Vec<String>,
    pub allow_paths: Option<GlobSet>,
    pub allow_fingerprints: HashSet<String>,
    pub allow_regexes: Vec<Regex>,
    /// Display name (and language) for content read from standard input.
    pub stdin_filename: Option<String>,
    /// Run the code-aware pass (off only to measure what the regex rules find alone).
    pub code_aware: bool,
    /// Parse every file that calls an exchange library or REST path, for its
    /// capabilities (`keylint permissions`).
    pub permissions: bool,
    /// Check the credential files of scanned directories against git (tracked? ignored?).
    pub hygiene: Hygiene,
    /// Custom rules from the config file: (origin, source text, tables).
    custom_rules: Option<(String, String, Vec<RuleDef>)>,
}

/// The credential-file checks of `keylint scan` of a directory (`scan::hygiene`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Hygiene {
    /// Not checked (the library default; `keylint scan` turns it on).
    #[default]
    Off,
    /// Report credential files git tracks or does not ignore.
    Report,
    /// Also count the ignored ones (`--verbose`): safe, and confirmed as such.
    ReportAndCount,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            paths: vec![PathBuf::from(".")],
            threads: 0,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            no_ignore: false,
            foreign_markers: true,
            min_severity: Severity::Low,
            fail: FailPolicy::default(),
            samples_downgrade: true,
            sample_test_paths: Vec::new(),
            disabled_rules: Vec::new(),
            allow_paths: None,
            allow_fingerprints: HashSet::new(),
            allow_regexes: Vec::new(),
            stdin_filename: None,
            code_aware: true,
            permissions: false,
            hygiene: Hygiene::Off,
            custom_rules: None,
        }
    }
}

impl Config {
    /// Read `path` (a `.keylint.toml`) into this config. Flags given later override it.
    pub fn load_file(&mut self, path: &Path) -> Result<(), Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        self.apply_toml(&path.display().to_string(), &text)
    }

    /// Apply a config document; `origin` names it in errors.
    pub fn apply_toml(&mut self, origin: &str, text: &str) -> Result<(), Error> {
        let err = |span: Option<std::ops::Range<usize>>, msg: String| -> Error {
            TomlError::new(origin, text, span, msg, None).into()
        };
        let file: FileConfig =
            toml::from_str(text).map_err(|e| err(e.span(), e.message().to_string()))?;
        if let Some(s) = file.min_severity {
            self.min_severity = s;
        }
        if let Some(fail) = file.fail {
            self.fail = fail;
        }
        if let Some(samples) = file.samples {
            if let Some(d) = samples.downgrade {
                self.samples_downgrade = d;
            }
            for g in &samples.test_paths {
                Glob::new(g.get_ref())
                    .map_err(|e| err(Some(g.span()), format!("samples.test_paths: {e}")))?;
                self.sample_test_paths.push(g.get_ref().clone());
            }
        }
        self.disabled_rules
            .extend(file.disabled_rules.iter().map(|s| s.get_ref().clone()));
        if !file.allowlist.paths.is_empty() {
            let mut b = GlobSetBuilder::new();
            for g in &file.allowlist.paths {
                let glob = Glob::new(g.get_ref())
                    .map_err(|e| err(Some(g.span()), format!("allowlist.paths: {e}")))?;
                b.add(glob);
            }
            self.allow_paths = Some(
                b.build()
                    .map_err(|e| err(None, format!("allowlist.paths: {e}")))?,
            );
        }
        self.allow_fingerprints.extend(
            file.allowlist
                .fingerprints
                .iter()
                .map(|f| f.to_ascii_lowercase()),
        );
        for r in &file.allowlist.regexes {
            let re = regex::bytes::RegexBuilder::new(r.get_ref())
                .size_limit(crate::rules::REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| err(Some(r.span()), format!("allowlist.regexes: {e}")))?;
            self.allow_regexes.push(re);
        }
        if !file.rule.is_empty() {
            self.custom_rules = Some((origin.to_string(), text.to_string(), file.rule));
        }
        Ok(())
    }

    /// The config file to read when none is named: `.keylint.toml` in the first
    /// directory being scanned, else in the current directory. Only a regular file is
    /// read, never a symlink: the scanned tree may be someone else's repository, and a
    /// link out of it would have keylint read (and quote in an error) any file.
    pub fn discover(paths: &[PathBuf]) -> Option<PathBuf> {
        let first_dir = paths.iter().find(|p| p.is_dir()).cloned();
        [first_dir, Some(PathBuf::from("."))]
            .into_iter()
            .flatten()
            .map(|d| d.join(CONFIG_FILE_NAME))
            .find(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file()))
    }

    /// The rule set this config selects: built-ins, plus custom rules, minus disabled
    /// ones, at or above `min_severity`.
    pub fn rule_set(&self) -> Result<RuleSet, Error> {
        let mut rules = RuleSet::builtin()?;
        if let Some((origin, text, defs)) = &self.custom_rules {
            rules.add_custom_defs(origin, text, defs.clone())?;
        }
        rules.disable(&self.disabled_rules)?;
        rules.retain_min_severity(self.min_severity);
        Ok(rules)
    }
}

/// Parse a size such as `10485760`, `512K`, `10M`, `10MiB`, `1G` (binary units).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("`{text}` is not a size (e.g. 10M, 512K, 1048576)"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        other => return Err(format!("unknown size unit `{other}` (use K, M or G)")),
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("`{text}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10M"), Ok(10 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("42"), Ok(42));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("10T").is_err());
    }

    #[test]
    fn unknown_keys_are_named() {
        let mut c = Config::default();
        let e = c
            .apply_toml(".keylint.toml", "min_severity = \"low\"\nallow_list = []\n")
            .unwrap_err();
        assert!(e.to_string().contains("allow_list"), "{e}");
        let e = c
            .apply_toml(".keylint.toml", "[allowlist]\npath = []\n")
            .unwrap_err();
        assert!(e.to_string().contains("path"), "{e}");
    }

    #[test]
    fn the_fail_section_sets_the_policy() {
        let mut c = Config::default();
        assert_eq!(c.fail, FailPolicy::default());
        c.apply_toml("k.toml", "[fail]\nconfidence = \"low\"\n")
            .unwrap();
        assert_eq!(c.fail.confidence, crate::finding::Confidence::Low);
        assert_eq!(c.fail.severity, Severity::Low);
        let e = c
            .apply_toml("k.toml", "[fail]\nlevel = \"low\"\n")
            .unwrap_err();
        assert!(e.to_string().contains("level"), "{e}");
    }

    #[test]
    fn bad_regex_and_unknown_rule_are_errors() {
        let mut c = Config::default();
        let e = c
            .apply_toml("k.toml", "[allowlist]\nregexes = ['(']\n")
            .unwrap_err();
        assert!(e.to_string().contains("allowlist.regexes"), "{e}");
        let mut c = Config::default();
        c.apply_toml("k.toml", "disabled_rules = [\"no-such-rule\"]\n")
            .unwrap();
        assert!(matches!(c.rule_set(), Err(Error::UnknownRule(id)) if id == "no-such-rule"));
    }
}
