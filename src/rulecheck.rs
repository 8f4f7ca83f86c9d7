//! `keylint rules check`: the rule-lint checks and every rule's examples, run through
//! the real engine with all rules loaded (prefilter included), so a missing keyword,
//! a too-high entropy floor or a validator that rejects the example all fail.

use std::collections::HashSet;
use std::path::Path;

use crate::detect::{Engine, FileOutput, Scratch};
use crate::rules::RuleSet;
use crate::source::{Lang, Source};

/// Path given to an example written as a plain string (a format where `key: value`
/// and `KEY=value` are literals, as in `.env`, YAML and INI).
pub const EXAMPLE_PATH: &str = "example.txt";

/// Scan one example text as if it were the file `path`.
pub fn scan_text(engine: &Engine, path: &str, text: &str) -> FileOutput {
    let src = Source::new(path, text.as_bytes(), Lang::from_path(Path::new(path)));
    let mut out = FileOutput::default();
    crate::notebook::scan_source(engine, &src, &mut Scratch::default(), &mut out);
    out
}

/// An example is `text`, or `path: text` when it starts with a file name and `::`
/// (`bot.py::api_key = "…"`), which selects the language it is read in.
pub fn split_example(example: &str) -> (&str, &str) {
    match example.split_once("::") {
        Some((path, text)) if !path.contains(char::is_whitespace) && path.contains('.') => {
            (path, text)
        }
        _ => (EXAMPLE_PATH, example),
    }
}

/// Every problem with the rule set, as `rule-id: problem` lines. Empty means clean.
pub fn check(engine: &Engine) -> Vec<String> {
    let rules: &RuleSet = engine.rules();
    let mut problems = Vec::new();
    let mut names = HashSet::new();
    for rule in rules.rules() {
        let mut p = |msg: String| problems.push(format!("{}: {msg}", rule.id));
        if !rule.id.contains('-') {
            p("id has no dash (ids are provider-kind, e.g. `binance-api-secret`)".into());
        }
        if !names.insert(rule.name.clone()) {
            p(format!("name `{}` is used by another rule", rule.name));
        }
        if rule.examples.is_empty() {
            p("has no examples".into());
        }
        if rule.negative_examples.is_empty() {
            p("has no negative_examples".into());
        }
        if rule.remediation.trim().is_empty() {
            p("has no remediation".into());
        }
        if rule.revoke_url.is_none() && rule.kind == crate::rules::RuleKind::Provider {
            p("has no revoke_url (only generic rules may omit it)".into());
        }
        if rule.keywords.is_empty() {
            p("has no keywords (it would run on every file)".into());
        }
        for (i, ex) in rule.examples.iter().enumerate() {
            let (path, text) = split_example(ex);
            let lower = text.to_ascii_lowercase();
            if !rule.keywords.is_empty()
                && !rule.keywords.iter().any(|k| lower.contains(k.as_str()))
            {
                p(format!("example {} contains none of the keywords", i + 1));
            }
            let out = scan_text(engine, path, text);
            if !out.findings.iter().any(|f| f.rule_id == rule.id) {
                let got: Vec<&str> = out.findings.iter().map(|f| f.rule_id.as_str()).collect();
                p(format!(
                    "example {} does not fire this rule (fired: {got:?})",
                    i + 1
                ));
            }
        }
        for (i, ex) in rule.negative_examples.iter().enumerate() {
            let (path, text) = split_example(ex);
            let out = scan_text(engine, path, text);
            if out
                .findings
                .iter()
                .any(|f| f.rule_id == rule.id || f.also_matched.contains(&rule.id))
            {
                p(format!("negative example {} fires this rule", i + 1));
            }
        }
    }
    problems
}
