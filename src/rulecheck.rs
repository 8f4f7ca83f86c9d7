//! `keylint rules check`: the rule-lint checks and every rule's examples, run through
//! the real engine with all rules loaded (prefilter included), so a missing keyword,
//! a too-high entropy floor or a validator that rejects the example all fail. Key-set
//! rules (`pair`) are also checked: each group has a `secret` half and one provider,
//! and the remediation says how to limit the replacement key (least privilege).

use std::collections::HashSet;
use std::path::Path;

use crate::engine::{Engine, FileOutput, Scratch};
use crate::rules::RuleSet;
use crate::source::{Lang, Source};

/// Path given to an example written as a plain string (a format where `key: value`
/// and `KEY=value` are literals, as in `.env`, YAML and INI).
pub const EXAMPLE_PATH: &str = "example.txt";

/// Scan one example text as if it were the file `path`.
pub fn scan_text(engine: &Engine, path: &str, text: &str) -> FileOutput {
    let src = Source::new(path, text.as_bytes(), Lang::from_path(Path::new(path)));
    let mut out = FileOutput::default();
    crate::engine::notebook::scan_source(engine, &src, &mut Scratch::default(), &mut out);
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

/// Words that show a remediation tells the user to cut the new key's reach.
const LEAST_PRIVILEGE: &[&str] = &[
    "withdraw",
    "least",
    "permission",
    "scope",
    "allow-list",
    "allowlist",
    "restrict",
    "only the",
];

/// Key-set lints: a group needs a `secret` half (pairing anchors on it), and all its
/// halves name one provider.
fn check_pairs(rules: &RuleSet, problems: &mut Vec<String>) {
    let mut groups: Vec<(&str, Vec<&crate::rules::Rule>)> = Vec::new();
    for r in rules.rules() {
        if let Some(p) = &r.pair {
            match groups.iter_mut().find(|(g, _)| *g == p.group) {
                Some((_, members)) => members.push(r),
                None => groups.push((p.group.as_str(), vec![r])),
            }
        }
    }
    for (group, members) in groups {
        let has_secret = members.iter().any(|r| {
            r.pair
                .as_ref()
                .is_some_and(|p| p.role == crate::rules::PairRole::Secret)
        });
        if !has_secret {
            problems.push(format!(
                "{}: pair group `{group}` has no rule with role `secret`",
                members[0].id
            ));
        }
        let provider = &members[0].provider;
        for r in &members[1..] {
            if &r.provider != provider {
                problems.push(format!(
                    "{}: pair group `{group}` mixes providers {:?} and {:?}",
                    r.id, provider, r.provider
                ));
            }
        }
    }
}

/// Every problem with the rule set, as `rule-id: problem` lines. Empty means clean.
pub fn check(engine: &Engine) -> Vec<String> {
    let rules: &RuleSet = engine.rules();
    let mut problems = Vec::new();
    check_pairs(rules, &mut problems);
    let mut names = HashSet::new();
    for rule in rules.rules() {
        let mut p = |msg: String| problems.push(format!("{}: {msg}", rule.id));
        if !rule.id.contains('-') {
            p("id has no dash (ids are provider-kind, e.g. `binance-api-secret`)".into());
        }
        if !names.insert(rule.name.clone()) {
            p(format!("name `{}` is used by another rule", rule.name));
        }
        if rule.kind == crate::rules::RuleKind::Repository {
            // Reported from git facts and changes, not content: no examples to run
            // here (tests/cli/repository.rs makes each of them fire).
            if rule.remediation.trim().is_empty() {
                p("has no remediation".into());
            }
            continue;
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
        let remediation = rule.remediation.to_ascii_lowercase();
        if rule.pair.is_some() && !LEAST_PRIVILEGE.iter().any(|w| remediation.contains(w)) {
            p("remediation of a key-set rule does not say how to limit the new key (least privilege: no withdrawals, IP allow-list, scopes)".into());
        }
        for (i, ex) in rule.examples.iter().enumerate() {
            let (path, text) = split_example(ex);
            // a bare key file's name is keyword context too (`find::bindings::bare`)
            let lower = if crate::find::bindings::bare::values(text.as_bytes()).is_empty() {
                text.to_ascii_lowercase()
            } else {
                format!("{path}\n{text}").to_ascii_lowercase()
            };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::EngineOptions;

    #[test]
    fn key_set_lints_name_the_problem() {
        let mut set = RuleSet::default();
        set.add_file(
            "t.toml",
            r#"
[[rule]]
id = "acme-api-key"
provider = "Acme"
description = "d"
severity = "high"
keywords = ["acme"]
regex = '''acme_key=(?P<secret>\w+)'''
pair = { group = "acme", role = "key" }
remediation = "Rotate it."
revoke_url = "https://acme.example/keys"
examples = ["acme_key=Zq8vN2mK4pL7wR1t"]
negative_examples = ["acme_key="]
[[rule]]
id = "acme-api-passphrase"
provider = "Other"
description = "d"
severity = "high"
keywords = ["acme"]
regex = '''acme_pass=(?P<secret>\w+)'''
pair = { group = "acme", role = "passphrase" }
remediation = "Rotate it and give the new key no withdrawal rights."
revoke_url = "https://acme.example/keys"
examples = ["acme_pass=Zq8vN2mK4pL7wR1t"]
negative_examples = ["acme_pass="]
"#,
        )
        .unwrap();
        let problems = check(&Engine::new(set, EngineOptions::default()));
        assert_eq!(
            problems,
            vec![
                "acme-api-key: pair group `acme` has no rule with role `secret`".to_string(),
                "acme-api-passphrase: pair group `acme` mixes providers Some(\"Acme\") and Some(\"Other\")".to_string(),
                "acme-api-key: remediation of a key-set rule does not say how to limit the new key (least privilege: no withdrawals, IP allow-list, scopes)".to_string(),
            ]
        );
    }
}
