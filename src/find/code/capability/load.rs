//! Loading `rules/capabilities.toml`: the schema, and its validation into the
//! compiled [`Capabilities`] table, with errors that point at the field.

use super::*;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableDef {
    exchanges: Vec<Spanned<String>>,
    library: Vec<LibraryDef>,
    rest: Vec<RestDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LibraryDef {
    name: Spanned<String>,
    lang: Vec<Spanned<String>>,
    hints: Vec<Spanned<String>>,
    constructors: Vec<String>,
    provider: Spanned<String>,
    read: Vec<Spanned<String>>,
    trade: Vec<Spanned<String>>,
    withdraw: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RestDef {
    provider: Spanned<String>,
    hints: Vec<Spanned<String>>,
    read: Vec<Spanned<String>>,
    trade: Vec<Spanned<String>>,
    withdraw: Vec<Spanned<String>>,
}

fn lang_of(name: &str) -> Option<Vec<Lang>> {
    match name {
        "rust" => Some(vec![Lang::Rust]),
        "python" => Some(vec![Lang::Python]),
        "javascript" => Some(vec![Lang::JavaScript, Lang::TypeScript]),
        _ => None,
    }
}

/// A REST path must start with `/` and hold no empty `*` segment neighbours.
fn valid_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.contains("**")
        && p.bytes()
            .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\'')
}

impl Capabilities {
    /// The built-in table.
    pub fn builtin() -> Result<Capabilities, Box<TomlError>> {
        let text = crate::rules::builtin::data_file(FILE).unwrap_or_default();
        Capabilities::parse(text)
    }

    /// Parse a table; errors point at the TOML line and field.
    pub fn parse(text: &str) -> Result<Capabilities, Box<TomlError>> {
        let err = |span: Option<Range<usize>>, msg: String| {
            Box::new(TomlError::new(
                &format!("rules/{FILE}"),
                text,
                span,
                msg,
                None,
            ))
        };
        let def: TableDef =
            toml::from_str(text).map_err(|e| err(e.span(), e.message().to_string()))?;
        let exchanges: Vec<String> = def.exchanges.iter().map(|e| e.get_ref().clone()).collect();
        let known_provider = |p: &Spanned<String>| -> Result<String, Box<TomlError>> {
            if exchanges.contains(p.get_ref()) {
                Ok(p.get_ref().clone())
            } else {
                Err(err(
                    Some(p.span()),
                    format!("provider `{}` is not listed in `exchanges`", p.get_ref()),
                ))
            }
        };
        let mut hints: Vec<String> = Vec::new();
        let mut hint = |h: &Spanned<String>| -> Result<usize, Box<TomlError>> {
            let word = h.get_ref();
            if word.is_empty() || word.to_ascii_lowercase() != *word {
                return Err(err(
                    Some(h.span()),
                    format!("hint `{word}` must be a non-empty lowercase word"),
                ));
            }
            Ok(match hints.iter().position(|x| x == word) {
                Some(i) => i,
                None => {
                    hints.push(word.clone());
                    hints.len() - 1
                }
            })
        };
        let lists =
            |read: &[Spanned<String>], trade: &[Spanned<String>], withdraw: &[Spanned<String>]| {
                [
                    (Capability::Read, read.to_vec()),
                    (Capability::Trade, trade.to_vec()),
                    (Capability::Withdraw, withdraw.to_vec()),
                ]
            };
        let mut libraries = Vec::new();
        for l in &def.library {
            let mut langs = Vec::new();
            for lang in &l.lang {
                langs.extend(lang_of(lang.get_ref()).ok_or_else(|| {
                    err(
                        Some(lang.span()),
                        format!(
                            "unknown language `{}` (rust, python, javascript)",
                            lang.get_ref()
                        ),
                    )
                })?);
            }
            if l.hints.is_empty() || l.constructors.is_empty() {
                return Err(err(
                    Some(l.name.span()),
                    format!(
                        "library `{}` needs at least one hint and one constructor",
                        l.name.get_ref()
                    ),
                ));
            }
            let provider = if l.provider.get_ref() == "*" {
                LibProvider::FromCallee
            } else {
                LibProvider::Fixed(known_provider(&l.provider)?)
            };
            let mut methods = HashMap::new();
            let mut functions = Vec::new();
            for (capability, names) in lists(&l.read, &l.trade, &l.withdraw) {
                for name in names {
                    let is_ident = |s: &str| {
                        !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                    };
                    let text = name.get_ref();
                    let is_function = text.contains("::");
                    let valid = if is_function {
                        langs == [Lang::Rust] && text.split("::").all(is_ident)
                    } else {
                        is_ident(text)
                    };
                    if !valid {
                        return Err(err(
                            Some(name.span()),
                            format!(
                                "`{text}` is not a method name (or, in a Rust-only library, a `module::function` path)"
                            ),
                        ));
                    }
                    if is_function {
                        functions.push((Callee::parse(text), capability));
                    }
                    if methods.insert(name.get_ref().clone(), capability).is_some() {
                        return Err(err(
                            Some(name.span()),
                            format!(
                                "`{}` is listed twice in library `{}`",
                                name.get_ref(),
                                l.name.get_ref()
                            ),
                        ));
                    }
                }
            }
            libraries.push(Library {
                name: l.name.get_ref().clone(),
                langs,
                hints: l.hints.iter().map(&mut hint).collect::<Result<_, _>>()?,
                constructors: l.constructors.iter().map(|c| Callee::parse(c)).collect(),
                provider,
                methods: methods
                    .into_iter()
                    .filter(|(name, _)| !name.contains("::"))
                    .collect(),
                functions,
            });
        }
        let mut rest = Vec::new();
        for r in &def.rest {
            let provider = known_provider(&r.provider)?;
            let hints: Vec<usize> = r.hints.iter().map(&mut hint).collect::<Result<_, _>>()?;
            if hints.is_empty() {
                return Err(err(
                    Some(r.provider.span()),
                    format!("REST paths of `{provider}` need at least one hint"),
                ));
            }
            for (capability, paths) in lists(&r.read, &r.trade, &r.withdraw) {
                for p in paths {
                    if !valid_path(p.get_ref()) {
                        return Err(err(
                            Some(p.span()),
                            format!(
                                "`{}` is not a REST path (starts with `/`, no quotes or spaces)",
                                p.get_ref()
                            ),
                        ));
                    }
                    rest.push(RestPath {
                        provider: provider.clone(),
                        hints: hints.clone(),
                        capability,
                        parts: p
                            .get_ref()
                            .split('*')
                            .map(|s| s.as_bytes().to_vec())
                            .collect(),
                        len: p.get_ref().len(),
                    });
                }
            }
        }
        Ok(Capabilities {
            exchanges,
            libraries,
            rest,
            hints,
        })
    }
}
