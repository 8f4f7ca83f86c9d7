//! Shared by the integration tests that check findings against labelled fixtures
//! (`tests/corpus.rs`, `tests/code_pass.rs`, `tests/properties.rs`): the manifest format
//! and the key-set rule.

#![allow(dead_code)] // each test crate uses its own part

use keylint::finding::Finding;
use serde::Deserialize;

/// A fixture directory's `manifest.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    #[serde(default)]
    pub expect: Vec<Expect>,
    #[serde(default)]
    pub negative: Vec<Negative>,
}

/// A planted secret: this rule must fire on this line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub path: String,
    pub line: usize,
    pub rule: String,
}

/// A trap: nothing may fire on this line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Negative {
    pub path: String,
    pub line: usize,
    pub note: String,
}

/// `(rule, line)` of each other half of a key set reported as `f` (its `key_set`
/// property lists the finding itself first).
pub fn other_halves(f: &Finding) -> Vec<(String, usize)> {
    f.properties
        .iter()
        .filter(|(k, _)| k == "key_set")
        .filter_map(|(_, v)| v.as_array())
        .flatten()
        .skip(1)
        .filter_map(|h| {
            Some((
                h["rule"].as_str()?.to_string(),
                usize::try_from(h["line"].as_u64()?).ok()?,
            ))
        })
        .collect()
}
