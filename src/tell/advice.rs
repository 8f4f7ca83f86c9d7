//! Remediation text fitted to the file: how to read the value in the file's own
//! language, that the exposed key must be revoked, and what the new one should allow.

use crate::rules::Rule;
use crate::source::Lang;

/// The environment variable to suggest: the rule's `env_var`, else the credential
/// name seen in the code upper-snake-cased, else a generic name.
pub fn env_var_name(rule: &Rule, seen_name: Option<&str>) -> String {
    if let Some(v) = &rule.env_var {
        return v.clone();
    }
    let from_name = seen_name.map(upper_snake).filter(|n| n.len() >= 3);
    from_name.unwrap_or_else(|| upper_snake(&rule.id))
}

/// `apiSecret` → `API_SECRET`, `exchange.secret` → `EXCHANGE_SECRET`.
fn upper_snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
    }
    out.trim_matches('_').to_string()
}

/// How to read `var` in `lang`.
pub fn read_from_env(lang: Lang, var: &str) -> String {
    match lang {
        Lang::Python | Lang::Notebook => format!("`os.environ[\"{var}\"]`"),
        Lang::JavaScript | Lang::TypeScript => format!("`process.env.{var}`"),
        Lang::Rust => format!("`std::env::var(\"{var}\")`"),
        Lang::Go => format!("`os.Getenv(\"{var}\")`"),
        Lang::Yaml => format!("`${{{var}}}` (compose interpolation) or a secret store reference"),
        Lang::Shell => format!("`\"${var}\"` set outside the repository"),
        Lang::Env => format!(
            "an untracked `.env` (listed in `.gitignore`) or your secret manager, as `{var}`"
        ),
        Lang::Json | Lang::Toml | Lang::Ini | Lang::Code | Lang::Other => {
            format!("an environment variable (`{var}`) or a secret manager, not this file")
        }
    }
}

/// How to read `var` in a language keylint groups under [`Lang::Code`] or
/// [`Lang::Other`], told apart by the file's extension.
pub fn read_from_env_by_ext(ext: &str, var: &str) -> Option<String> {
    let read = match ext {
        "java" | "kt" | "kts" | "scala" | "groovy" | "gradle" => {
            format!("`System.getenv(\"{var}\")`")
        }
        "cs" | "fs" | "vb" => format!("`Environment.GetEnvironmentVariable(\"{var}\")`"),
        "php" => format!("`getenv('{var}')`"),
        "rb" => format!("`ENV.fetch(\"{var}\")`"),
        "c" | "h" | "cc" | "cpp" | "cxx" | "hh" | "hpp" | "hxx" | "m" | "mm" => {
            format!("`getenv(\"{var}\")`")
        }
        "swift" => format!("`ProcessInfo.processInfo.environment[\"{var}\"]`"),
        "dart" => format!("`Platform.environment['{var}']`"),
        "ex" | "exs" => format!("`System.fetch_env!(\"{var}\")`"),
        "jl" => format!("`ENV[\"{var}\"]`"),
        "r" => format!("`Sys.getenv(\"{var}\")`"),
        "lua" => format!("`os.getenv(\"{var}\")`"),
        "pl" | "pm" => format!("`$ENV{{{var}}}`"),
        "hs" => format!("`getEnv \"{var}\"`"),
        "sol" | "vy" => format!(
            "a deployment script's environment (`vm.envUint(\"{var}\")` in Foundry, `process.env.{var}` in Hardhat)"
        ),
        "tf" | "tfvars" | "hcl" => format!(
            "a `sensitive` variable set from `TF_VAR_{var}` or a secret manager data source"
        ),
        "md" | "rst" | "txt" | "adoc" => format!(
            "a placeholder in the documentation (`<{var}>`), with the real value in an environment variable"
        ),
        _ => return None,
    };
    Some(read)
}

/// How the help says the key must be replaced; [`staged_help`] rewrites it.
const EXPOSED: &str = ". It is already exposed, so revoke or rotate it at ";

/// Help for a finding in staged content: the commit was blocked, so the key is not in
/// history yet; it needs revoking only if it was committed or shared before.
pub fn staged_help(help: &str) -> String {
    help.replacen(
        EXPOSED,
        ". Fix the file and `git add` it again to keep the key out of the commit; if it was ever committed, pushed or shared, revoke or rotate it at ",
        1,
    )
}

/// The full help text of a finding in the file at `path`.
pub fn help_for(rule: &Rule, path: &str, lang: Lang, seen_name: Option<&str>) -> String {
    let var = env_var_name(rule, seen_name);
    let ext = std::path::Path::new(path)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let file = std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let read = match lang {
        Lang::Shell if file == "dockerfile" || file.starts_with("dockerfile.") => format!(
            "the container's runtime environment (`docker run -e {var}`, compose `environment: - {var}`) or a build secret (`RUN --mount=type=secret,id={var}`), never `ENV`/`ARG`"
        ),
        Lang::Code | Lang::Other => {
            read_from_env_by_ext(&ext, &var).unwrap_or_else(|| read_from_env(lang, &var))
        }
        _ => read_from_env(lang, &var),
    };
    finish(
        rule,
        format!("move the value out of the file: read it from {read}"),
    )
}

/// The full help text of a finding.
pub fn help(rule: &Rule, lang: Lang, seen_name: Option<&str>) -> String {
    let var = env_var_name(rule, seen_name);
    finish(
        rule,
        format!(
            "move the value out of the file: read it from {}",
            read_from_env(lang, &var)
        ),
    )
}

/// Revoke link and the rule's least-privilege remediation after the env read.
fn finish(rule: &Rule, mut text: String) -> String {
    match &rule.revoke_url {
        Some(url) => text.push_str(&format!("{EXPOSED}{url}")),
        None => text.push_str(&format!("{EXPOSED}its issuer")),
    }
    if !rule.remediation.is_empty() {
        text.push_str(". ");
        text.push_str(rule.remediation.trim_end_matches('.'));
    }
    text
}

/// Help for a secret found in git history. `current` is the help for the file it was
/// found in; `present_at_head` says whether the tree at `HEAD` still holds it.
/// Rotation always comes first: a rewrite does not un-leak a pushed secret.
pub fn history_help(
    current: &str,
    revoke_url: Option<&str>,
    rule_remediation: &str,
    present_at_head: bool,
) -> String {
    const REWRITE: &str = "removing it from history needs a rewrite (`git filter-repo --replace-text` \
        or `--invert-paths --path <file>`) and a force-push, and clones and forks keep the old \
        commits, so rotate first and rewrite only if policy requires it";
    if present_at_head {
        return format!(
            "{current}. It is also in the git history, so deleting it from the file is not enough; {REWRITE}"
        );
    }
    let revoke = match revoke_url {
        Some(url) => format!("revoke or rotate it at {url}"),
        None => "revoke or rotate it at its issuer".to_string(),
    };
    let mut text = format!(
        "not in the tree at HEAD, but it is in the history, which every clone has: {revoke} now; {REWRITE}"
    );
    if !rule_remediation.is_empty() {
        text.push_str(". ");
        text.push_str(rule_remediation.trim_end_matches('.'));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_snake_cases() {
        assert_eq!(upper_snake("apiSecret"), "API_SECRET");
        assert_eq!(upper_snake("exchange.secret"), "EXCHANGE_SECRET");
        assert_eq!(upper_snake("X-MBX-APIKEY"), "X_MBX_APIKEY");
        assert_eq!(upper_snake("binance_api_key"), "BINANCE_API_KEY");
    }

    #[test]
    fn env_reads_for_other_code_languages() {
        assert_eq!(
            read_from_env_by_ext("java", "K").as_deref(),
            Some("`System.getenv(\"K\")`")
        );
        assert_eq!(
            read_from_env_by_ext("php", "K").as_deref(),
            Some("`getenv('K')`")
        );
        assert_eq!(
            read_from_env_by_ext("rb", "K").as_deref(),
            Some("`ENV.fetch(\"K\")`")
        );
        assert_eq!(
            read_from_env_by_ext("cs", "K").as_deref(),
            Some("`Environment.GetEnvironmentVariable(\"K\")`")
        );
        assert_eq!(read_from_env_by_ext("xyz", "K"), None);
    }

    #[test]
    fn env_reads_per_language() {
        assert_eq!(read_from_env(Lang::Python, "K"), "`os.environ[\"K\"]`");
        assert_eq!(read_from_env(Lang::TypeScript, "K"), "`process.env.K`");
        assert_eq!(read_from_env(Lang::Rust, "K"), "`std::env::var(\"K\")`");
        assert!(read_from_env(Lang::Yaml, "K").starts_with("`${K}`"));
    }

    #[test]
    fn staged_help_does_not_claim_the_key_is_exposed() {
        let rule_help = format!("move it{EXPOSED}https://x/keys. Use a read-only key");
        let staged = staged_help(&rule_help);
        assert_eq!(
            staged,
            "move it. Fix the file and `git add` it again to keep the key out of the commit; if it was ever committed, pushed or shared, revoke or rotate it at https://x/keys. Use a read-only key"
        );
    }

    #[test]
    fn history_help_puts_rotation_first_and_names_filter_repo() {
        let gone = history_help(
            "move it",
            Some("https://x/keys"),
            "Use a read-only key.",
            false,
        );
        assert!(gone.starts_with("not in the tree at HEAD"), "{gone}");
        assert!(
            gone.contains("revoke or rotate it at https://x/keys now"),
            "{gone}"
        );
        assert!(gone.contains("git filter-repo"), "{gone}");
        assert!(gone.ends_with("Use a read-only key"), "{gone}");
        assert!(!gone.contains("move it"), "{gone}");
        let here = history_help("move it", None, "", true);
        assert!(
            here.starts_with("move it. It is also in the git history"),
            "{here}"
        );
        assert!(here.contains("rotate first"), "{here}");
    }
}
