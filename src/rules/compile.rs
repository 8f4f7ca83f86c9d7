//! Compiling one `[[rule]]` definition: every field validated against the schema
//! (ids, severities, key-set groups, validator names, entropy and length floors) and
//! every pattern compiled under the size limits, with errors that name the rule and
//! point at the field.

use super::lazy::Options;
use super::*;

/// Validate one rule definition and compile its patterns; errors point at the field.
pub(super) fn compile(origin: &str, text: &str, def: RuleDef, when: When) -> Result<Rule, Error> {
    let id = def.id.get_ref().clone();
    // parse now; compile now too for a user's rule (`When::Load`), on first use for
    // a built-in one
    let lazy = |pattern: String, options: Options| {
        let (re, captures) = LazyRegex::parse(pattern, options)?;
        if when == When::Load {
            re.compile_now()?;
        }
        Ok::<_, String>((re, captures))
    };
    let err = |span: Range<usize>, field: &str, msg: String| {
        field_error(origin, text, span, &id, field, msg)
    };
    if !is_kebab_case(&id) {
        return Err(err(
            def.id.span(),
            "id",
            "ids are kebab-case: lowercase letters, digits and single dashes".into(),
        ));
    }
    if def.kind == RuleKind::Repository
        && let Some(k) = def.keywords.first()
    {
        return Err(err(
            k.span(),
            "keywords",
            "a `kind = \"repository\"` rule is reported by keylint about the repository and reads no content: no keywords".into(),
        ));
    }
    let source = match (&def.regex, &def.assign) {
        (Some(r), _) | (_, Some(r)) if def.kind == RuleKind::Code => {
            return Err(err(
                r.span(),
                "regex",
                "a `kind = \"code\"` rule is reported by the code-aware pass and has no `regex` or `assign`"
                    .into(),
            ));
        }
        (Some(r), _) | (_, Some(r)) if def.kind == RuleKind::Repository => {
            return Err(err(
                r.span(),
                "regex",
                "a `kind = \"repository\"` rule is reported by keylint about the repository and has no `regex` or `assign`"
                    .into(),
            ));
        }
        (None, None) if matches!(def.kind, RuleKind::Code | RuleKind::Repository) => None,
        (Some(r), None) => Some((r.get_ref().clone(), r.span(), false)),
        (None, Some(_)) => None,
        (Some(r), Some(_)) => {
            return Err(err(
                r.span(),
                "regex",
                "set either `regex` or `assign`, not both".into(),
            ));
        }
        (None, None) => {
            return Err(err(
                def.id.span(),
                "regex",
                "a rule needs a `regex` (with a `secret` capture) or an `assign` name pattern"
                    .into(),
            ));
        }
    };
    let is_assignment = def.assign.is_some() && def.regex.is_none();
    // An `assign` rule is judged on bindings (`find::assign`): its pattern is matched
    // against the credential's name, case-insensitively, anywhere in it.
    let names = match (&def.assign, is_assignment) {
        (Some(a), true) => Some(
            lazy(
                format!("(?i:{})", a.get_ref()),
                Options {
                    dfa_limit: true,
                    ..Options::default()
                },
            )
            .map_err(|e| err(a.span(), "assign", format!("does not compile: {e}")))?
            .0,
        ),
        _ => None,
    };
    let (regex, captures) = match source {
        Some((pattern, span, is_assignment)) => {
            let field = if is_assignment { "assign" } else { "regex" };
            let options = Options {
                multi_line: true,
                dfa_limit: true,
                ..Options::default()
            };
            let (regex, captures) = lazy(pattern, options)
                .map_err(|e| err(span.clone(), field, format!("does not compile: {e}")))?;
            if !captures.iter().any(|n| n.as_deref() == Some("secret")) {
                return Err(err(
                    span,
                    field,
                    "has no named capture `secret` (write `(?P<secret>…)`)".into(),
                ));
            }
            (Some(regex), captures)
        }
        None => (None, Vec::new()),
    };
    let group = |name: &str| captures.iter().position(|n| n.as_deref() == Some(name));
    let value = match &def.value {
        Some(v) => Some(
            lazy(format!("^(?:{})$", v.get_ref()), Options::default())
                .map_err(|e| err(v.span(), "value", format!("does not compile: {e}")))?
                .0,
        ),
        None => None,
    };
    let exclude_names = match &def.exclude_names {
        Some(v) => {
            if group("name").is_none() && names.is_none() {
                return Err(err(
                    v.span(),
                    "exclude_names",
                    "needs a `name` capture (use `assign`, or `(?P<name>…)` in `regex`)".into(),
                ));
            }
            let options = Options {
                case_insensitive: true,
                ..Options::default()
            };
            Some(
                lazy(v.get_ref().clone(), options)
                    .map_err(|e| err(v.span(), "exclude_names", format!("does not compile: {e}")))?
                    .0,
            )
        }
        None => None,
    };
    let validator = match &def.validator {
        Some(v) => Some(
            VALIDATORS
                .iter()
                .copied()
                .find(|n| n == v.get_ref())
                .ok_or_else(|| {
                    err(
                        v.span(),
                        "validator",
                        format!(
                            "unknown validator `{}` (known: {})",
                            v.get_ref(),
                            VALIDATORS.join(", ")
                        ),
                    )
                })?,
        ),
        None => None,
    };
    if let Some(e) = def.min_entropy
        && !(0.0..=8.0).contains(&e)
    {
        return Err(err(
            def.id.span(),
            "min_entropy",
            format!("{e} is outside 0.0–8.0 bits per character"),
        ));
    }
    let mut keywords = Vec::with_capacity(def.keywords.len());
    for k in &def.keywords {
        if k.get_ref().trim().is_empty() {
            return Err(err(
                k.span(),
                "keywords",
                "keywords must not be empty".into(),
            ));
        }
        keywords.push(k.get_ref().to_ascii_lowercase());
    }
    let near = match &def.near {
        Some(n) => {
            let lower = |list: &[String]| -> Vec<String> {
                list.iter().map(|w| w.to_ascii_lowercase()).collect()
            };
            let (words, names) = (lower(&n.get_ref().words), lower(&n.get_ref().names));
            if words.is_empty() && names.is_empty()
                || words.iter().chain(&names).any(|w| w.trim().is_empty())
            {
                return Err(err(
                    n.span(),
                    "near",
                    "`near` needs at least one non-empty word in `words` or `names`".into(),
                ));
            }
            let build = |list: &[String]| {
                if list.is_empty() {
                    return Ok(None);
                }
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostFirst)
                    .build(list)
                    .map(Some)
                    .map_err(|e| err(n.span(), "near", format!("bad word list: {e}")))
            };
            let unless = lower(&n.get_ref().unless);
            Some(Near {
                words: build(&words)?,
                names: build(&names)?,
                unless: build(&unless)?,
                lines: n.get_ref().lines.unwrap_or(3),
                word_list: words,
                unless_list: unless,
            })
        }
        None => None,
    };
    let pair = match &def.pair {
        Some(p) => {
            let p = p.get_ref();
            if !is_kebab_case(&p.group) {
                return Err(err(
                    def.pair.as_ref().map_or(def.id.span(), Spanned::span),
                    "pair",
                    "`pair.group` is kebab-case, like rule ids".into(),
                ));
            }
            Some(Pair {
                group: p.group.clone(),
                role: p.role,
                severity: p.severity,
                within_lines: p.within_lines.unwrap_or(DEFAULT_PAIR_LINES),
            })
        }
        None => None,
    };
    let mut reject = Vec::with_capacity(def.reject.len());
    for r in &def.reject {
        reject.push(shape::lookup(r.get_ref()).ok_or_else(|| {
            err(
                r.span(),
                "reject",
                format!(
                    "unknown shape `{}` (known: {})",
                    r.get_ref(),
                    shape::names().join(", ")
                ),
            )
        })?);
    }
    for s in shape::always() {
        if !reject.iter().any(|r| std::ptr::eq(*r, s)) {
            reject.push(s);
        }
    }
    let default_confidence = match (def.kind, &validator) {
        (RuleKind::Generic, _) => Confidence::Low,
        (RuleKind::Code | RuleKind::Repository, _) => Confidence::High,
        (_, Some(_)) => Confidence::High,
        _ => Confidence::Medium,
    };
    Ok(Rule {
        name: def.name.clone().unwrap_or_else(|| id.clone()),
        description: def.description,
        severity: def.severity,
        confidence_stated: def.confidence.is_some(),
        confidence: def.confidence.unwrap_or(default_confidence),
        kind: def.kind,
        scope: def.scope,
        keywords,
        quote_group: group("q"),
        name_group: group("name"),
        region_group: group("region"),
        secret_group: group("secret").unwrap_or(0),
        regex,
        is_assignment,
        value,
        exclude_names,
        beside: def.beside.clone(),
        names,
        assign: def.assign.as_ref().map(|a| a.get_ref().clone()),
        min_entropy: def.min_entropy,
        min_length: def.min_length.unwrap_or(1),
        validator,
        provider: def.provider,
        env_var: def.env_var,
        remediation: def.remediation.unwrap_or_default(),
        revoke_url: def.revoke_url,
        references: def.references,
        examples: def.examples,
        negative_examples: def.negative_examples,
        context: def.context.unwrap_or_default(),
        context_lines: def.context_lines.unwrap_or(DEFAULT_CONTEXT_LINES),
        near,
        pair,
        reject,
        origin: origin.to_string(),
        id,
    })
}

pub(super) fn field_error(
    origin: &str,
    text: &str,
    span: Range<usize>,
    rule_id: &str,
    field: &str,
    message: impl Into<String>,
) -> Error {
    TomlError::new(
        origin,
        text,
        Some(span),
        format!("rule `{rule_id}`, field `{field}`: {}", message.into()),
        None,
    )
    .into()
}

pub(super) fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}
