//! Rules as data: the `rules/*.toml` schema, loading with errors that point at the
//! file, line and field, and compilation into a [`RuleSet`] shared by every thread.
//!
//! A rule matches either a `regex` with a named capture `secret`, or an `assign`
//! fragment: a regex over credential *names* which keylint wraps in its assignment
//! template (`name = "value"`, `name: value`, `"name": "value"`, `name := "value"`, …)
//! so one rule covers Python, JS/TS, Rust, Go, YAML, JSON, TOML, INI and `.env`.

pub mod builtin;
mod compile;
pub mod lazy;
pub mod shape;
mod template;

use std::collections::HashSet;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::error::{Error, TomlError};
use crate::finding::{Confidence, Severity};
use compile::compile;
use lazy::{LazyRegex, When};
use shape::Shape;

pub use template::assignment_regex;

/// Compiled-program size cap for any rule regex (built-in or custom): a pattern
/// that needs more is rejected with an error instead of eating memory.
pub const REGEX_SIZE_LIMIT: usize = 4 * 1024 * 1024;

/// The offline validators a rule may name (`validator = "…"`), implemented by
/// `find::format` (a test there checks that both lists agree). Rule data names them;
/// only the find stage runs them.
pub const VALIDATORS: &[&str] = &[
    "evm_private_key",
    "telegram_bot_token",
    "aws_access_key_id",
    "pem_private_key",
    "solana_keypair",
    "solana_keypair_json",
    "bitcoin_wif",
    "bip32_extended_private_key",
    "bip39_mnemonic",
    "github_token_checksum",
    "fernet_token",
    "base64_64_bytes",
    "discord_bot_token",
    "jwt",
];
/// Lazy-DFA cache per regex and thread.
pub const REGEX_DFA_LIMIT: usize = 2 * 1024 * 1024;

/// Provider rules beat generic ones when both match the same span. Code rules have
/// no regex: only the code-aware pass ([`crate::find::code`]) reports them.
/// Repository rules have neither regex nor keywords: keylint reports them about the
/// repository itself (credential files git tracks, suppressions a change adds), from
/// `scan` and `scan --diff`/`--staged`, never from file content.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    #[default]
    Provider,
    Generic,
    Code,
    Repository,
}

/// Where a rule's regex runs: the whole file, or only the lines holding one of its
/// keywords (cheap, and right for rules whose match contains the keyword).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    #[default]
    File,
    Line,
}

/// Where a provider rule's keywords (its provider context: the provider's name, client
/// library, REST host or header) must occur for the rule to report a value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContextReq {
    /// Anywhere in the file; context only in the file lowers the finding's confidence.
    #[default]
    File,
    /// Within `context_lines` lines of the value, or in the credential's name.
    Near,
}

/// Default for `context_lines`: how far from the value a keyword counts as near.
pub const DEFAULT_CONTEXT_LINES: usize = 8;
/// Default for `pair.within_lines`.
pub const DEFAULT_PAIR_LINES: usize = 6;

/// The part a credential plays in a key set (pairing).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PairRole {
    /// The public half: API key, key id, client id, account SID.
    Key,
    /// The signing half: secret, private key, auth token. Anchors the pair.
    Secret,
    /// The user-chosen third factor (OKX, KuCoin, Bitget, Coinbase Exchange).
    Passphrase,
    /// An identifier that names the key without authenticating anything (a service
    /// account's `private_key_id`, a Twilio account SID): it joins the set to say which
    /// key to revoke, and is not itself reported as part of the credential.
    Id,
}

impl PairRole {
    pub fn as_str(self) -> &'static str {
        match self {
            PairRole::Key => "key",
            PairRole::Secret => "secret",
            PairRole::Passphrase => "passphrase",
            PairRole::Id => "id",
        }
    }
}

/// `near = { words = [...], lines = 3 }` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NearDef {
    /// Words to find within `lines` lines of the value (`testnet=True`, a testnet host).
    #[serde(default)]
    pub words: Vec<String>,
    /// Words that satisfy the requirement inside the credential's name (`TESTNET`).
    #[serde(default)]
    pub names: Vec<String>,
    /// Lines before and after the value to look in (default 3; 0 = the whole file).
    #[serde(default)]
    pub lines: Option<usize>,
    /// Words that cancel the requirement when they are in the same window
    /// (`testnet=False` next to `testnet`).
    #[serde(default)]
    pub unless: Vec<String>,
}

/// `pair = { group = "okx", role = "secret" }` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairDef {
    pub group: String,
    pub role: PairRole,
    /// The severity of any key set this half belongs to (paper/testnet halves: `low`).
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub within_lines: Option<usize>,
}

/// One `[[provider]]` table: how to recognise a provider in credential names.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderDef {
    /// Matches the `provider` field of rules.
    pub name: String,
    /// Words that, inside a credential name (`KUCOIN_API_PASSPHRASE`), attribute the
    /// name to this provider; a name holding another provider's words and none of a
    /// rule's own provider rules that rule out.
    pub names: Vec<String>,
}

/// A compiled `near` requirement.
#[derive(Debug)]
pub struct Near {
    pub words: Option<AhoCorasick>,
    pub names: Option<AhoCorasick>,
    pub unless: Option<AhoCorasick>,
    pub lines: usize,
    /// The lowercased lists `words` and `unless` were built from (the keyword
    /// search lists them too, for history's file-wide witnesses).
    pub word_list: Vec<String>,
    pub unless_list: Vec<String>,
}

/// A compiled `pair` entry.
#[derive(Debug, Clone)]
pub struct Pair {
    pub group: String,
    pub role: PairRole,
    pub severity: Option<Severity>,
    pub within_lines: usize,
}

/// A provider and its lowercase name words.
#[derive(Debug, Clone)]
pub struct Provider {
    pub name: String,
    pub names: Vec<String>,
}

/// One `[[rule]]` table exactly as written in TOML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: Spanned<String>,
    #[serde(default)]
    pub name: Option<String>,
    pub description: String,
    pub severity: Severity,
    #[serde(default)]
    pub confidence: Option<Confidence>,
    #[serde(default)]
    pub kind: RuleKind,
    #[serde(default)]
    pub scope: Scope,
    #[serde(default)]
    pub keywords: Vec<Spanned<String>>,
    #[serde(default)]
    pub regex: Option<Spanned<String>>,
    #[serde(default)]
    pub assign: Option<Spanned<String>>,
    /// Shape the whole `secret` must have (anchored), e.g. `[A-Za-z0-9]{64}`.
    #[serde(default)]
    pub value: Option<Spanned<String>>,
    /// Credential names (the `name` capture) that disqualify a match: a regex,
    /// case-insensitive, searched anywhere in the name (`hash|salt|slot`).
    #[serde(default)]
    pub exclude_names: Option<Spanned<String>>,
    /// Reported only beside a finding whose rule id holds one of these words, in the
    /// same directory (an encrypted keystore and its password); alone it is listed
    /// as suppressed ([`crate::outcome::ScanReport::keep_companions`]).
    #[serde(default)]
    pub beside: Vec<String>,
    #[serde(default)]
    pub min_entropy: Option<f64>,
    #[serde(default)]
    pub min_length: Option<usize>,
    #[serde(default)]
    pub validator: Option<Spanned<String>>,
    #[serde(default)]
    pub provider: Option<String>,
    /// The environment variable the remediation suggests (`BINANCE_API_SECRET`).
    #[serde(default)]
    pub env_var: Option<String>,
    #[serde(default)]
    pub remediation: Option<String>,
    #[serde(default)]
    pub revoke_url: Option<String>,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub negative_examples: Vec<String>,
    /// Where the provider context (the keywords) must be: `file` (default) or `near`.
    #[serde(default)]
    pub context: Option<ContextReq>,
    /// How many lines from the value a keyword counts as near (default 8).
    #[serde(default)]
    pub context_lines: Option<usize>,
    /// Fire only when one of these words is within `lines` lines of the value
    /// (testnet, paper trading); such a rule beats one without `near` on the same value.
    #[serde(default)]
    pub near: Option<Spanned<NearDef>>,
    /// The key set this credential belongs to; halves found together become one finding.
    #[serde(default)]
    pub pair: Option<Spanned<PairDef>>,
    /// Named shapes from `rules/placeholders.toml` this rule never reports.
    #[serde(default)]
    pub reject: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFileDef {
    #[serde(default)]
    provider: Vec<ProviderDef>,
    #[serde(default)]
    rule: Vec<RuleDef>,
}

/// A compiled rule, immutable and shared read-only across scan threads.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub description: String,
    pub severity: Severity,
    pub confidence: Confidence,
    /// The rule states its confidence (`confidence = "low"`): a generic rule's strong
    /// value does not raise it.
    pub confidence_stated: bool,
    pub kind: RuleKind,
    pub scope: Scope,
    /// Lowercase prefilter keywords; empty means the rule runs on every file.
    pub keywords: Vec<String>,
    /// `None` for code rules, which only the code-aware pass reports.
    pub regex: Option<LazyRegex>,
    pub secret_group: usize,
    /// An optional `q` capture: the opening quote (the value must close with it).
    pub quote_group: Option<usize>,
    /// An optional `name` capture: the credential name, quoted in messages.
    pub name_group: Option<usize>,
    /// An optional `region` capture: where the finding is reported when that is not
    /// the secret itself (a PEM key from its `-----BEGIN` line, where people and
    /// other tools look for it). It should contain the `secret` capture.
    pub region_group: Option<usize>,
    /// True for `assign` rules, which are judged on bindings (`find::assign`), not by a
    /// regex over the text.
    pub is_assignment: bool,
    /// An `assign` rule's name pattern, case-insensitive, searched in a binding's name.
    pub names: Option<LazyRegex>,
    /// The `assign` pattern as written (its literal words start the binding scan).
    pub assign: Option<String>,
    /// Anchored shape the secret must match in full.
    pub value: Option<LazyRegex>,
    /// Names that disqualify a match (searched in the `name` capture).
    pub exclude_names: Option<LazyRegex>,
    /// Words of the rule ids of the findings this one needs beside it.
    pub beside: Vec<String>,
    pub min_entropy: Option<f64>,
    pub min_length: usize,
    /// One of [`VALIDATORS`], implemented in `find::format`.
    pub validator: Option<&'static str>,
    pub provider: Option<String>,
    pub env_var: Option<String>,
    pub remediation: String,
    pub revoke_url: Option<String>,
    pub references: Vec<String>,
    pub examples: Vec<String>,
    pub negative_examples: Vec<String>,
    pub context: ContextReq,
    pub context_lines: usize,
    pub near: Option<Near>,
    pub pair: Option<Pair>,
    pub reject: Vec<&'static Shape>,
    /// File the rule came from (`binance.toml`, or the user's config path).
    pub origin: String,
}

impl Rule {
    /// Provider assignment rules match a name and a value anywhere in the file, so a
    /// keyword that occurs only by chance (inside a base64 hash) must not start them.
    pub fn needs_anchored_keyword(&self) -> bool {
        self.is_assignment && self.kind == RuleKind::Provider && self.scope == Scope::File
    }
}

/// All enabled rules, in load order, and the providers they name.
#[derive(Debug, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    providers: Vec<Provider>,
}

impl RuleSet {
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Providers declared with `[[provider]]` tables, in load order.
    pub fn providers(&self) -> &[Provider] {
        &self.providers
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The built-in rules embedded from `rules/*.toml`.
    ///
    /// Files are parsed in parallel (their patterns are compiled by the first scan
    /// thread that searches with them: `lazy`), then merged in file order, so the result and the first error
    /// are the same as one file after another.
    pub fn builtin() -> Result<RuleSet, Error> {
        use rayon::prelude::*;
        let files: Vec<(&str, &str)> = builtin::rule_files().collect();
        let parsed: Vec<Result<RuleSet, Error>> = files
            .par_iter()
            .map(|(name, text)| {
                let mut one = RuleSet::default();
                one.add_file_compiled(name, text, When::FirstUse)
                    .map(|()| one)
            })
            .collect();
        let mut set = RuleSet::default();
        for one in parsed {
            set.merge(one?)?;
        }
        Ok(set)
    }

    /// Append `other`'s providers and rules (ids must stay unique).
    fn merge(&mut self, other: RuleSet) -> Result<(), Error> {
        for p in other.providers {
            self.add_provider(p);
        }
        let mut seen: HashSet<String> = self.rules.iter().map(|r| r.id.clone()).collect();
        for rule in other.rules {
            if !seen.insert(rule.id.clone()) {
                return Err(duplicate_id(&rule.origin, "", &rule.id));
            }
            self.rules.push(rule);
        }
        Ok(())
    }

    /// A `[[provider]]`'s names join those of an earlier table with the same name.
    fn add_provider(&mut self, p: Provider) {
        match self.providers.iter_mut().find(|q| q.name == p.name) {
            Some(q) => q.names.extend(p.names),
            None => self.providers.push(p),
        }
    }

    /// Parse and add every `[[rule]]` of one TOML document.
    pub fn add_file(&mut self, origin: &str, text: &str) -> Result<(), Error> {
        self.add_file_compiled(origin, text, When::Load)
    }

    fn add_file_compiled(&mut self, origin: &str, text: &str, when: When) -> Result<(), Error> {
        let parsed: RuleFileDef = toml::from_str(text)
            .map_err(|e| TomlError::new(origin, text, e.span(), e.message().to_string(), None))?;
        for p in parsed.provider {
            let names = p.names.iter().map(|n| n.to_ascii_lowercase()).collect();
            self.add_provider(Provider {
                name: p.name,
                names,
            });
        }
        self.add_defs_compiled(origin, text, parsed.rule, when)
    }

    /// Add a user's custom rules (from `.keylint.toml`): as [`Self::add_defs`], but
    /// repository rules are keylint's own (rules/repository.toml), never custom.
    pub fn add_custom_defs(
        &mut self,
        origin: &str,
        text: &str,
        defs: Vec<RuleDef>,
    ) -> Result<(), Error> {
        if let Some(def) = defs.iter().find(|d| d.kind == RuleKind::Repository) {
            return Err(compile::field_error(
                origin,
                text,
                def.id.span(),
                def.id.get_ref(),
                "kind",
                "`kind = \"repository\"` is reserved for keylint's built-in rules",
            ));
        }
        self.add_defs(origin, text, defs)
    }

    /// Add already-parsed rule tables (from a rules file or a user's `.keylint.toml`).
    pub fn add_defs(&mut self, origin: &str, text: &str, defs: Vec<RuleDef>) -> Result<(), Error> {
        self.add_defs_compiled(origin, text, defs, When::Load)
    }

    fn add_defs_compiled(
        &mut self,
        origin: &str,
        text: &str,
        defs: Vec<RuleDef>,
        when: When,
    ) -> Result<(), Error> {
        let mut seen: HashSet<String> = self.rules.iter().map(|r| r.id.clone()).collect();
        for def in defs {
            let rule = compile(origin, text, def, when)?;
            if !seen.insert(rule.id.clone()) {
                return Err(duplicate_id(origin, text, &rule.id));
            }
            self.rules.push(rule);
        }
        Ok(())
    }

    /// Remove rules by id; an unknown id is an error (it is usually a typo).
    pub fn disable(&mut self, ids: &[String]) -> Result<(), Error> {
        for id in ids {
            if !self.rules.iter().any(|r| &r.id == id) {
                return Err(Error::UnknownRule(id.clone()));
            }
        }
        self.rules.retain(|r| !ids.contains(&r.id));
        Ok(())
    }

    /// Keep only rules at or above `min`.
    pub fn retain_min_severity(&mut self, min: Severity) {
        self.rules.retain(|r| r.severity >= min);
    }
}

fn duplicate_id(origin: &str, text: &str, id: &str) -> Error {
    TomlError::new(
        origin,
        text,
        None,
        format!("duplicate rule id `{id}`"),
        Some("rule ids are unique across all rule files; pick another id".into()),
    )
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<RuleSet, Error> {
        let mut set = RuleSet::default();
        set.add_file("test.toml", text)?;
        Ok(set)
    }

    fn message(e: Error) -> String {
        match e {
            Error::Toml(f) => f.message.clone(),
            other => other.to_string(),
        }
    }

    #[test]
    fn loads_a_minimal_rule() {
        let set = load("[[rule]]\nid = \"a-b\"\ndescription = \"d\"\nseverity = \"high\"\nregex = '(?P<secret>x+)'\n").unwrap();
        let r = set.get("a-b").unwrap();
        assert_eq!(r.name, "a-b");
        assert_eq!(r.confidence, Confidence::Medium);
    }

    /// Built-in patterns are compiled on first use (`lazy`): every one must compile,
    /// and the capture groups read from its syntax must be the compiled regex's.
    #[test]
    fn every_builtin_pattern_compiles() {
        let set = RuleSet::builtin().unwrap();
        for r in set.rules() {
            for re in [&r.regex, &r.names, &r.value, &r.exclude_names]
                .into_iter()
                .flatten()
            {
                re.compile_now()
                    .unwrap_or_else(|e| panic!("{}: `{}`: {e}", r.id, re.as_str()));
            }
            if let Some(re) = &r.regex {
                let position = |name| re.capture_names().position(|n| n == Some(name));
                assert_eq!(position("secret").unwrap_or(0), r.secret_group, "{}", r.id);
                assert_eq!(position("name"), r.name_group, "{}", r.id);
                assert_eq!(position("q"), r.quote_group, "{}", r.id);
                assert_eq!(position("region"), r.region_group, "{}", r.id);
            }
        }
    }

    #[test]
    fn a_user_pattern_over_the_size_limit_fails_to_load() {
        let e = load("[[rule]]\nid = \"a\"\ndescription = \"d\"\nseverity = \"low\"\nregex = '(?P<secret>\\w{1000}\\w{1000}\\w{1000})'\n").unwrap_err();
        let m = message(e);
        assert!(m.contains("field `regex`: does not compile"), "{m}");
    }

    #[test]
    fn errors_name_the_field() {
        let e =
            load("[[rule]]\nid = \"a\"\ndescription = \"d\"\nseverity = \"high\"\nregex = '(x'\n")
                .unwrap_err();
        let m = message(e);
        assert!(m.contains("rule `a`, field `regex`"), "{m}");
        let e =
            load("[[rule]]\nid = \"a\"\ndescription = \"d\"\nseverity = \"high\"\nregex = 'x'\n")
                .unwrap_err();
        assert!(message(e).contains("no named capture `secret`"));
        let e = load("[[rule]]\nid = \"a\"\ndescription = \"d\"\nseverity = \"severe\"\nregex = '(?P<secret>x)'\n").unwrap_err();
        assert!(message(e).contains("severe"));
        let e = load("[[rule]]\nid = \"a\"\ndescription = \"d\"\nseverity = \"low\"\nregex = '(?P<secret>x)'\nbogus = 1\n").unwrap_err();
        assert!(message(e).contains("bogus"));
        let e = load("[[rule]]\nid = \"Bad_Id\"\ndescription = \"d\"\nseverity = \"low\"\nregex = '(?P<secret>x)'\n").unwrap_err();
        assert!(message(e).contains("kebab-case"));
        let e = load("[[rule]]\nid = \"a\"\ndescription = \"d\"\nseverity = \"low\"\nregex = '(?P<secret>x)'\nvalidator = \"nope\"\n").unwrap_err();
        assert!(message(e).contains("unknown validator `nope`"));
        let e = load("[[rule]]\nid = \"a\"\ndescription = \"d\"\nseverity = \"low\"\nregex = '(?P<secret>x)'\nexclude_names = 'hash'\n").unwrap_err();
        let m = message(e);
        assert!(m.contains("needs a `name` capture"), "{m}");
    }

    #[test]
    fn oversized_regex_is_an_error_not_a_panic() {
        let text = "[[rule]]\nid = \"big\"\ndescription = \"d\"\nseverity = \"low\"\nregex = '(?P<secret>\\w{1000}\\w{1000}\\w{1000})'\n";
        let m = message(load(text).unwrap_err());
        assert!(m.contains("does not compile"), "{m}");
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let one = "[[rule]]\nid = \"a\"\ndescription = \"d\"\nseverity = \"low\"\nregex = '(?P<secret>x)'\n";
        let e = load(&format!("{one}{one}")).unwrap_err();
        assert!(message(e).contains("duplicate rule id `a`"));
    }

    #[test]
    fn kebab_case() {
        assert!(compile::is_kebab_case("binance-api-secret"));
        assert!(compile::is_kebab_case("aws2"));
        assert!(!compile::is_kebab_case("a--b"));
        assert!(!compile::is_kebab_case("-a"));
        assert!(!compile::is_kebab_case("A"));
    }
}
