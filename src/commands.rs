//! The `rules`, `rules check` and `explain` subcommands.

use std::io::{self, Write};

use keylint::Config;
use keylint::redact::{sanitize_lines, sanitize_str};

use crate::cli::ListFormat;

/// Rules come from the built-ins plus any `.keylint.toml` in the current directory.
fn engine() -> Result<keylint::engine::Engine, keylint::Error> {
    let mut cfg = Config::default();
    if let Some(path) = Config::discover(&[]) {
        cfg.load_file(&path)?;
    }
    keylint::Engine::from_config(&cfg)
}

pub fn list_rules(format: ListFormat) -> Result<u8, keylint::Error> {
    let engine = engine()?;
    let mut out = io::stdout().lock();
    let rules = engine.rules().rules();
    let result = match format {
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "name": r.name, "severity": r.severity,
                        "provider": r.provider, "description": r.description,
                        "keywords": r.keywords,
                    })
                })
                .collect();
            keylint::report::safe_json::to_writer_pretty(&mut out, &list)
                .and_then(|()| writeln!(out))
        }
        ListFormat::Human => {
            let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
            rules.iter().try_for_each(|r| {
                writeln!(
                    out,
                    "{:<width$}  {:<8}  {}",
                    r.id,
                    r.severity.as_str(),
                    sanitize_str(&r.name)
                )
            })
        }
    };
    quiet_pipe(result)?;
    Ok(keylint::EXIT_CLEAN)
}

pub fn check_rules() -> Result<u8, keylint::Error> {
    let engine = engine()?;
    let problems = keylint::rulecheck::check(&engine);
    let mut out = io::stdout().lock();
    for p in &problems {
        quiet_pipe(writeln!(out, "{}", sanitize_str(p)))?;
    }
    quiet_pipe(writeln!(
        out,
        "{} rules checked, {} problem{}",
        engine.rules().len(),
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    ))?;
    Ok(if problems.is_empty() {
        keylint::EXIT_CLEAN
    } else {
        keylint::EXIT_FINDINGS
    })
}

pub fn explain(rule_id: &str) -> Result<u8, keylint::Error> {
    let engine = engine()?;
    let rule = engine
        .rules()
        .get(rule_id)
        .ok_or_else(|| keylint::Error::UnknownRule(rule_id.to_string()))?;
    let mut t = String::new();
    t.push_str(&format!("{} ({})\n\n", rule.name, rule.id));
    t.push_str(&format!("severity:   {}\n", rule.severity));
    t.push_str(&format!("confidence: {}\n", rule.confidence.as_str()));
    if let Some(p) = &rule.provider {
        t.push_str(&format!("provider:   {p}\n"));
    }
    if rule.kind == keylint::rules::RuleKind::Repository {
        t.push_str("found by:   keylint itself, from git facts (`scan` of a directory) or the change under review (`scan --diff`, `--staged`); it reads no file content\n");
    } else {
        t.push_str(&format!("keywords:   {}\n", rule.keywords.join(", ")));
    }
    if rule.context == keylint::rules::ContextReq::Near {
        t.push_str(&format!(
            "context:    a keyword within {} lines of the value, or the provider in its name\n",
            rule.context_lines
        ));
    }
    if let Some(p) = &rule.pair {
        t.push_str(&format!(
            "key set:    `{}` ({}): reported as one finding with the other halves found near it\n",
            p.group,
            p.role.as_str()
        ));
    }
    if let Some(v) = rule.validator {
        t.push_str(&format!("validator:  {v}\n"));
    }
    if let Some(e) = rule.min_entropy {
        t.push_str(&format!("entropy:    at least {e} bits per character\n"));
    }
    if rule.kind == keylint::rules::RuleKind::Code {
        t.push_str("found by:   the code-aware pass (calls listed in rules/clients.toml)\n");
    }
    t.push_str(&format!("defined in: {}\n\n", rule.origin));
    t.push_str(&format!("{}\n\n", rule.description));
    t.push_str(&format!("What to do: {}\n", rule.remediation));
    if let Some(url) = &rule.revoke_url {
        t.push_str(&format!("Revoke or rotate at: {url}\n"));
    }
    for r in &rule.references {
        t.push_str(&format!("See also: {r}\n"));
    }
    // Custom rules come from a `.keylint.toml`, perhaps a cloned repository's.
    let t = sanitize_lines(&t);
    quiet_pipe(io::stdout().lock().write_all(t.as_bytes()))?;
    Ok(keylint::EXIT_CLEAN)
}

fn quiet_pipe(r: io::Result<()>) -> Result<(), keylint::Error> {
    match r {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| keylint::Error::io("<stdout>", e)),
    }
}
