//! `rules/clients.toml`: where credentials go in code, as data.
//!
//! The table names, per language, the calls that take credentials (client
//! constructors, credential setters), which of their parameters hold which
//! credential, the provider they belong to, and the HTTP headers that carry keys. A
//! credential's *role* (key, secret, passphrase, …) comes from its name through the
//! `[[role]]` list; a role resolves to a rule through the provider, the entry, or the
//! role's fallbacks. Rule ids are resolved against the enabled rules when the engine
//! is built: a disabled rule simply never fires from here.

use std::collections::HashMap;

use serde::Deserialize;

use crate::rules::RuleSet;
use crate::source::Lang;

/// The embedded table's file name under `rules/`.
pub const FILE: &str = "clients.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableDef {
    header_calls: Vec<String>,
    defaults: Defaults,
    role: Vec<RoleDef>,
    provider: Vec<ProviderDef>,
    header: Vec<HeaderDef>,
    wrappers: WrappersDef,
    client: Vec<ClientDef>,
}

/// Value checks for literals found by the pass.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// Shortest literal (in characters, after joining concatenated parts) reported.
    pub min_length: usize,
    /// Entropy floor for literals passed to a client (scaled like rule floors).
    pub min_entropy: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleDef {
    role: String,
    words: Vec<String>,
    names: String,
    calls: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProviderDef {
    name: String,
    ids: Vec<String>,
    /// Substrings of credential names that mean this provider; default `ids`.
    #[serde(default)]
    names: Option<Vec<String>>,
    rules: HashMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderDef {
    name: String,
    rule: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WrappersDef {
    rust: Vec<String>,
    python: Vec<String>,
    javascript: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientDef {
    lang: Vec<String>,
    callees: Vec<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    provider: Option<String>,
    hints: Vec<String>,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    object: Option<usize>,
    #[serde(default)]
    object_keyword: Option<String>,
    #[serde(default)]
    roles: HashMap<String, String>,
    #[serde(default)]
    rule: Option<String>,
}

/// A credential role, with the rules it falls back to.
#[derive(Debug)]
pub struct Role {
    pub role: String,
    /// Normalised words (lowercase, no separators) a name must contain.
    pub words: Vec<String>,
    /// Rule for a literal known only by its name (constant, field, key, …).
    pub names: Option<usize>,
    /// Rule for a client argument whose provider has no rule for this role.
    pub calls: Option<usize>,
}

#[derive(Debug)]
pub struct Provider {
    pub name: String,
    /// Lowercase ids (ccxt exchange ids), matched exactly.
    pub ids: Vec<String>,
    /// Lowercase words; a credential name containing one belongs here.
    pub names: Vec<String>,
    /// role → rule index
    pub rules: HashMap<String, usize>,
}

/// Which provider an entry's credentials belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderRef {
    None,
    Fixed(usize),
    /// The callee segment matched by `*` is a provider id (`ccxt.kraken`).
    FromCallee,
}

/// One callee pattern: path segments, `*` matching any one segment. A leading `.`
/// in the written form means a method call on any receiver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callee {
    pub segments: Vec<String>,
    pub method: bool,
}

impl Callee {
    pub fn parse(text: &str) -> Callee {
        let method = text.starts_with('.');
        let segments = text
            .trim_start_matches('.')
            .split("::")
            .flat_map(|s| s.split('.'))
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        Callee { segments, method }
    }

    /// Whether `path` (segments as written) ends with this pattern; the segment
    /// matched by `*`, if any, is returned.
    pub fn matches<'p>(&self, path: &'p [String], is_method: bool) -> Option<Option<&'p str>> {
        if self.method != is_method || path.len() < self.segments.len() {
            return None;
        }
        let tail = &path[path.len() - self.segments.len()..];
        let mut star = None;
        for (pat, seg) in self.segments.iter().zip(tail) {
            if pat == "*" {
                star = Some(seg.as_str());
            } else if pat != seg {
                return None;
            }
        }
        Some(star)
    }
}

#[derive(Debug)]
pub struct Client {
    pub langs: Vec<Lang>,
    pub callees: Vec<Callee>,
    pub name: Option<String>,
    pub provider: ProviderRef,
    /// Indices into [`Table::hints`].
    pub hints: Vec<usize>,
    /// Positional parameter names; `_` marks a non-credential position.
    pub args: Vec<String>,
    /// Keyword parameter names (besides `args`).
    pub keywords: Vec<String>,
    pub object: Option<usize>,
    pub object_keyword: Option<String>,
    /// Normalised name → role overrides.
    pub roles: HashMap<String, String>,
    /// Every credential of this entry reports this rule.
    pub rule: Option<usize>,
}

#[derive(Debug)]
pub struct Header {
    /// Lowercase header name.
    pub name: String,
    pub rule: Option<usize>,
    /// Index into [`Table::hints`] (the header name itself).
    pub hint: usize,
}

/// Calls and methods that pass a literal through (`Some("…")`, `"…".into()`).
#[derive(Debug, Default)]
pub struct Wrappers {
    /// Calls whose first argument is the value, as path patterns.
    pub calls: Vec<Callee>,
    /// The same calls as written, with `::` and with `.` (`String::from`, `str`).
    pub call_texts: Vec<String>,
    /// Methods whose receiver is the value.
    pub methods: Vec<String>,
}

/// The compiled table.
#[derive(Debug)]
pub struct Table {
    pub defaults: Defaults,
    pub roles: Vec<Role>,
    pub providers: Vec<Provider>,
    pub headers: Vec<Header>,
    /// Method or function names that set a header from (name, value).
    pub header_calls: Vec<String>,
    pub clients: Vec<Client>,
    pub rust_wrappers: Wrappers,
    pub python_wrappers: Wrappers,
    pub js_wrappers: Wrappers,
    /// Every word a client entry or header needs in a file (lowercase, unique); the
    /// prefilter watches them.
    pub hints: Vec<String>,
    /// Rule ids named in the table that are not enabled (unknown ids are a test failure).
    pub missing: Vec<String>,
}

/// A name with case and separators removed: `API_SECRET`, `apiSecret`, `api-secret`
/// all become `apisecret`.
pub fn normalize(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn lang_of(name: &str) -> Result<Vec<Lang>, String> {
    match name {
        "rust" => Ok(vec![Lang::Rust]),
        "python" => Ok(vec![Lang::Python]),
        "javascript" => Ok(vec![Lang::JavaScript, Lang::TypeScript]),
        "typescript" => Ok(vec![Lang::TypeScript]),
        other => Err(format!(
            "unknown language `{other}` (rust, python, javascript, typescript)"
        )),
    }
}

fn wrappers(list: &[String]) -> Wrappers {
    let mut w = Wrappers::default();
    for item in list {
        match item.strip_prefix('.') {
            Some(method) => w.methods.push(method.to_string()),
            None => {
                let callee = Callee::parse(item);
                for sep in ["::", "."] {
                    let text = callee.segments.join(sep);
                    if !w.call_texts.contains(&text) {
                        w.call_texts.push(text);
                    }
                }
                w.calls.push(callee);
            }
        }
    }
    w
}

impl Table {
    /// The built-in table, resolved against `rules`.
    pub fn builtin(rules: &RuleSet) -> Result<Table, String> {
        let text = crate::rules::builtin::data_file(FILE)
            .ok_or_else(|| format!("rules/{FILE} is not embedded"))?;
        Table::parse(text, rules)
    }

    pub fn parse(text: &str, rules: &RuleSet) -> Result<Table, String> {
        let def: TableDef = toml::from_str(text).map_err(|e| format!("rules/{FILE}: {e}"))?;
        let mut missing = Vec::new();
        let mut rule = |id: &str| -> Option<usize> {
            let found = rules.rules().iter().position(|r| r.id == id);
            if found.is_none() && !missing.iter().any(|m| m == id) {
                missing.push(id.to_string());
            }
            found
        };
        let roles: Vec<Role> = def
            .role
            .iter()
            .map(|r| Role {
                role: r.role.clone(),
                words: r.words.iter().map(|w| normalize(w)).collect(),
                names: rule(&r.names),
                calls: rule(&r.calls),
            })
            .collect();
        let known_role = |role: &str| roles.iter().any(|r| r.role == role);
        let mut providers = Vec::new();
        for p in &def.provider {
            let mut map = HashMap::new();
            for (role, id) in &p.rules {
                if !known_role(role) {
                    return Err(format!("provider {}: unknown role `{role}`", p.name));
                }
                if let Some(i) = rule(id) {
                    map.insert(role.clone(), i);
                }
            }
            providers.push(Provider {
                name: p.name.clone(),
                ids: p.ids.iter().map(|i| i.to_ascii_lowercase()).collect(),
                names: p
                    .names
                    .as_ref()
                    .unwrap_or(&p.ids)
                    .iter()
                    .map(|i| i.to_ascii_lowercase())
                    .collect(),
                rules: map,
            });
        }
        let mut hints: Vec<String> = Vec::new();
        let mut hint = |word: &str| -> usize {
            let word = word.to_ascii_lowercase();
            match hints.iter().position(|h| *h == word) {
                Some(i) => i,
                None => {
                    hints.push(word);
                    hints.len() - 1
                }
            }
        };
        let headers = def
            .header
            .iter()
            .map(|h| Header {
                hint: hint(&h.name),
                name: h.name.to_ascii_lowercase(),
                rule: rule(&h.rule),
            })
            .collect();
        let mut clients = Vec::new();
        for c in &def.client {
            let what = c.callees.first().map_or("?", String::as_str);
            let mut langs = Vec::new();
            for l in &c.lang {
                langs.extend(lang_of(l).map_err(|e| format!("client {what}: {e}"))?);
            }
            let provider = match c.provider.as_deref() {
                None => ProviderRef::None,
                Some("*") => ProviderRef::FromCallee,
                Some(name) => ProviderRef::Fixed(
                    providers
                        .iter()
                        .position(|p| p.name == name)
                        .ok_or_else(|| format!("client {what}: unknown provider `{name}`"))?,
                ),
            };
            for (name, role) in &c.roles {
                if !known_role(role) {
                    return Err(format!("client {what}: `{name}` has unknown role `{role}`"));
                }
            }
            if c.hints.is_empty() {
                return Err(format!("client {what}: needs at least one hint"));
            }
            clients.push(Client {
                langs,
                callees: c.callees.iter().map(|t| Callee::parse(t)).collect(),
                name: c.name.clone(),
                provider,
                hints: c.hints.iter().map(|h| hint(h)).collect(),
                args: c.args.clone(),
                keywords: c.keywords.clone(),
                object: c.object,
                object_keyword: c.object_keyword.clone(),
                roles: c
                    .roles
                    .iter()
                    .map(|(n, r)| (normalize(n), r.clone()))
                    .collect(),
                rule: c.rule.as_deref().and_then(&mut rule),
            });
        }
        Ok(Table {
            defaults: def.defaults,
            roles,
            providers,
            headers,
            header_calls: def.header_calls,
            clients,
            rust_wrappers: wrappers(&def.wrappers.rust),
            python_wrappers: wrappers(&def.wrappers.python),
            js_wrappers: wrappers(&def.wrappers.javascript),
            hints,
            missing,
        })
    }

    /// The role a credential name plays, if any (`apiSecret` → `secret`).
    pub fn role_of(&self, normalized: &str) -> Option<&Role> {
        self.roles
            .iter()
            .find(|r| r.words.iter().any(|w| normalized.contains(w.as_str())))
    }

    pub fn role(&self, role: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.role == role)
    }

    /// The provider whose id is `id` exactly (`kraken`).
    pub fn provider_by_id(&self, id: &str) -> Option<&Provider> {
        let id = id.to_ascii_lowercase();
        self.providers.iter().find(|p| p.ids.contains(&id))
    }

    /// The provider one of whose `names` a normalized credential name contains.
    pub fn provider_in_name(&self, normalized: &str) -> Option<&Provider> {
        self.providers
            .iter()
            .find(|p| p.names.iter().any(|n| normalized.contains(n.as_str())))
    }

    pub fn wrappers(&self, lang: Lang) -> &Wrappers {
        match lang {
            Lang::Rust => &self.rust_wrappers,
            Lang::Python => &self.python_wrappers,
            _ => &self.js_wrappers,
        }
    }

    pub fn header(&self, name: &str) -> Option<&Header> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Table {
        Table::builtin(&RuleSet::builtin().unwrap()).unwrap()
    }

    #[test]
    fn the_builtin_table_names_only_existing_rules() {
        assert_eq!(builtin().missing, Vec::<String>::new());
    }

    #[test]
    fn names_normalise_and_map_to_roles() {
        let t = builtin();
        assert_eq!(normalize("API_SECRET"), "apisecret");
        assert_eq!(normalize("apiSecret"), "apisecret");
        let role = |n: &str| t.role_of(&normalize(n)).map(|r| r.role.as_str());
        assert_eq!(role("BINANCE_API_SECRET"), Some("secret"));
        assert_eq!(role("secret_key"), Some("secret"));
        assert_eq!(role("apiKey"), Some("key"));
        assert_eq!(role("KEY_ID"), Some("key"));
        assert_eq!(role("api_passphrase"), Some("passphrase"));
        assert_eq!(role("private_key"), Some("private-key"));
        assert_eq!(role("access_token"), Some("token"));
        assert_eq!(role("db_password"), Some("password"));
        assert_eq!(role("base_url"), None);
        assert_eq!(
            t.provider_in_name(&normalize("BINANCE_API_SECRET"))
                .map(|p| p.name.as_str()),
            Some("Binance")
        );
        assert_eq!(
            t.provider_by_id("KRAKEN").map(|p| p.name.as_str()),
            Some("Kraken")
        );
    }

    #[test]
    fn callee_patterns_match_path_suffixes() {
        let path = |s: &str| -> Vec<String> { s.split('.').map(str::to_string).collect() };
        let p = Callee::parse("ccxt.*");
        assert_eq!(p.matches(&path("ccxt.kraken"), false), Some(Some("kraken")));
        assert_eq!(p.matches(&path("kraken"), false), None);
        let p = Callee::parse("Binance::new");
        assert_eq!(
            p.matches(&path("binance.api.Binance.new"), false),
            Some(None)
        );
        assert_eq!(p.matches(&path("Binance.new"), true), None);
        let p = Callee::parse(".bearer_auth");
        assert_eq!(p.matches(&path("bearer_auth"), true), Some(None));
        assert_eq!(p.matches(&path("bearer_auth"), false), None);
    }

    #[test]
    fn bad_tables_are_errors_naming_the_entry() {
        let rules = RuleSet::builtin().unwrap();
        let text = crate::rules::builtin::data_file(FILE).unwrap();
        let broken = text.replacen("provider = \"Binance\"", "provider = \"Nope\"", 1);
        let e = Table::parse(&broken, &rules).unwrap_err();
        assert!(e.contains("unknown provider `Nope`"), "{e}");
        let e = Table::parse("defaults = 1", &rules).unwrap_err();
        assert!(e.starts_with("rules/clients.toml"), "{e}");
    }
}
