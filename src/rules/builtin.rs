//! The files under `rules/`, embedded at build time by `build.rs`.
//!
//! Every `rules/*.toml` is a rule file (`[[rule]]` tables) except the data files
//! named in [`DATA_FILES`], which other passes read by name.

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// Files under `rules/` that hold data for a pass rather than `[[rule]]` tables.
pub const DATA_FILES: &[&str] = &[
    "placeholders.toml",
    "clients.toml",
    "capabilities.toml",
    "public-values.toml",
    "bip39-english.txt",
    "bindings.toml",
    "samples.toml",
];

/// `(file name, contents)` of every built-in rule file, sorted by name.
pub fn rule_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    EMBEDDED
        .iter()
        .copied()
        .filter(|(name, _)| name.ends_with(".toml") && !DATA_FILES.contains(name))
}

/// The contents of a data file under `rules/`, if it exists.
pub fn data_file(name: &str) -> Option<&'static str> {
    EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}
