//! The judge: applies the clients table to a file's [`Facts`] and turns what passes
//! the shared value checks into [`Match`]es.
//!
//! Evidence comes in two strengths. A literal that reaches a client parameter, a
//! known header or a credential setter of a listed client ("call" evidence) is
//! checked against the table's looser defaults and reported with high confidence.
//! A literal known only by the name it is stored under ("name" evidence) must pass
//! the same gates as the regex rule it reports, and is reported with medium
//! confidence unless its value also has the provider's shape.

use std::ops::Range;

use super::facts::{Binding, Call, Facts, Form, Lit, MODULE_SCOPE, Named, Value, clean_text};
use super::table::{Client, Provider, ProviderRef, Table, normalize};
use crate::find::placeholder::Placeholders;
use crate::find::{Match, entropy};
use crate::finding::{Confidence, DetectorKind};
use crate::rules::RuleSet;
use crate::source::{Lang, count_chars};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Evidence {
    Call,
    Name,
}

enum Verdict {
    Accept(Match),
    /// The value passed every check but does not have the rule's shape.
    WrongShape,
    Reject,
}

/// A literal on its way to becoming a match.
struct Candidate {
    lit: Lit,
    rule: usize,
    /// Tried when the value lacks `rule`'s shape (name evidence only).
    fallback: Option<usize>,
    evidence: Evidence,
    message: String,
    name: String,
    context: Vec<(Range<usize>, String)>,
}

/// Where a literal reached a parameter from: directly, or through a local name.
struct Reached {
    lit: Lit,
    via: Option<(String, Range<usize>)>,
}

pub struct Judge<'a> {
    pub table: &'a Table,
    pub rules: &'a RuleSet,
    pub placeholders: &'a Placeholders,
    /// Which of the table's hints occur in the file.
    pub words: &'a [bool],
    pub lang: Lang,
}

fn phrase(lit: &Lit) -> &'static str {
    if lit.parts > 1 {
        "concatenated string literals"
    } else {
        "string literal"
    }
}

impl Judge<'_> {
    fn hint(&self, i: usize) -> bool {
        self.words.get(i).copied().unwrap_or(false)
    }

    /// Client entries for this language whose hints occur in the file.
    pub fn applicable(&self) -> impl Iterator<Item = &Client> + '_ {
        self.table
            .clients
            .iter()
            .filter(|c| c.langs.contains(&self.lang) && c.hints.iter().any(|&h| self.hint(h)))
    }

    /// Whether anything in the table can apply to this file.
    pub fn any_applicable(&self) -> bool {
        self.applicable().next().is_some() || self.any_header()
    }

    /// Whether a header of the table is named in this file.
    pub fn any_header(&self) -> bool {
        self.table.headers.iter().any(|h| self.hint(h.hint))
    }

    pub fn run(&self, facts: &Facts, out: &mut Vec<Match>) {
        let mut cands = Vec::new();
        for call in &facts.calls {
            self.call(call, facts, &mut cands);
        }
        for named in &facts.named {
            self.named(named, &mut cands);
        }
        out.extend(cands.into_iter().filter_map(|c| self.finish(c)));
    }

    /// A literal, or a local bound to one, for an argument value.
    fn reach(&self, value: &Value, scope: usize, facts: &Facts) -> Option<Reached> {
        match value {
            Value::Lit(lit) => Some(Reached {
                lit: lit.clone(),
                via: None,
            }),
            Value::Name { name, span } => {
                let b = binding(&facts.bindings, name, scope, span.start)?;
                Some(Reached {
                    lit: b.lit.clone(),
                    via: Some((name.clone(), span.clone())),
                })
            }
            Value::Object(_) | Value::Other => None,
        }
    }

    fn call(&self, call: &Call, facts: &Facts, cands: &mut Vec<Candidate>) {
        if self.header_call(call, facts, cands) {
            return;
        }
        let mut matched = false;
        for client in self.applicable() {
            for callee in &client.callees {
                let Some(star) = callee.matches(&call.path, call.method) else {
                    continue;
                };
                matched = true;
                let provider = match &client.provider {
                    ProviderRef::None => None,
                    ProviderRef::Fixed(p) => self.table.providers.get(*p),
                    ProviderRef::FromCallee => star.and_then(|id| self.table.provider_by_id(id)),
                };
                let shown = match (&client.name, &client.provider) {
                    (Some(n), _) => n.clone(),
                    (None, _) => clean_text(&call.text),
                };
                self.client_args(call, client, provider, &shown, facts, cands);
                break;
            }
        }
        if !matched {
            self.unknown_call(call, cands);
        }
    }

    /// Credentials of a call to a listed client.
    fn client_args(
        &self,
        call: &Call,
        client: &Client,
        provider: Option<&Provider>,
        shown: &str,
        facts: &Facts,
        cands: &mut Vec<Candidate>,
    ) {
        let mut params: Vec<(&str, &Value)> = Vec::new();
        for (i, param) in client.args.iter().enumerate() {
            if let Some(v) = call.args.get(i).filter(|_| param != "_") {
                params.push((param, v));
            }
        }
        for (kw, v) in &call.kwargs {
            if client.args.contains(kw) || client.keywords.contains(kw) {
                params.push((kw, v));
            }
        }
        let object = client
            .object
            .and_then(|i| call.args.get(i))
            .into_iter()
            .chain(
                call.kwargs
                    .iter()
                    .filter(|(k, _)| Some(k) == client.object_keyword.as_ref())
                    .map(|(_, v)| v),
            );
        for v in object {
            if let Value::Object(entries) = v {
                params.extend(entries.iter().map(|(k, v)| (k.as_str(), v)));
            }
        }
        for (param, value) in params {
            let Some(reached) = self.reach(value, call.scope, facts) else {
                continue;
            };
            let norm = normalize(param);
            let role = match client.roles.get(&norm) {
                Some(r) => self.table.role(r),
                None => self.table.role_of(&norm),
            };
            let Some(role) = role else { continue };
            let rule = client
                .rule
                .or_else(|| provider.and_then(|p| p.rules.get(&role.role).copied()))
                .or(role.calls);
            let Some(rule) = rule else { continue };
            let param = clean_text(param);
            cands.push(self.reached(reached, rule, &param, shown));
        }
    }

    /// A call-evidence candidate, with the flow through a local when there was one.
    fn reached(&self, r: Reached, rule: usize, param: &str, callee: &str) -> Candidate {
        let target = format!("passed as `{param}` to `{callee}`");
        let (message, context) = match &r.via {
            None => (format!("{} {target}", phrase(&r.lit)), Vec::new()),
            Some((name, use_span)) => (
                format!(
                    "{} bound to `{}` is {target}",
                    phrase(&r.lit),
                    clean_text(name)
                ),
                vec![(use_span.clone(), format!("{target} here"))],
            ),
        };
        Candidate {
            lit: r.lit,
            rule,
            fallback: None,
            evidence: Evidence::Call,
            message,
            name: param.to_string(),
            context,
        }
    }

    /// `.header("X-MBX-APIKEY", "…")` and the like; true when the call set a header.
    fn header_call(&self, call: &Call, facts: &Facts, cands: &mut Vec<Candidate>) -> bool {
        let Some(last) = call.path.last() else {
            return false;
        };
        if !self.table.header_calls.contains(last) {
            return false;
        }
        let (Some(Value::Lit(name)), Some(value)) = (call.args.first(), call.args.get(1)) else {
            return false;
        };
        let Some(header) = std::str::from_utf8(&name.value)
            .ok()
            .and_then(|n| self.table.header(n))
            .filter(|h| self.hint(h.hint))
        else {
            return false;
        };
        let (Some(rule), Some(r)) = (header.rule, self.reach(value, call.scope, facts)) else {
            return true;
        };
        let shown = clean_text(std::str::from_utf8(&name.value).unwrap_or_default());
        let mut c = self.reached(r, rule, &shown, &clean_text(&call.text));
        c.message = c.message.replace(
            &format!("passed as `{shown}` to"),
            &format!("sent as header `{shown}` by"),
        );
        cands.push(c);
        true
    }

    /// A call no entry lists: credential-named keyword arguments, dict keys and
    /// setters (`.api_key("…")`, `set_access_token("…")`) still count, by name.
    fn unknown_call(&self, call: &Call, cands: &mut Vec<Candidate>) {
        let callee = clean_text(&call.text);
        for (kw, value) in &call.kwargs {
            match value {
                Value::Object(entries) => self.object_entries(entries, cands),
                Value::Lit(lit) => {
                    let message = format!(
                        "{} passed as `{}` to `{callee}`",
                        phrase(lit),
                        clean_text(kw)
                    );
                    self.by_name(kw, lit, message, cands);
                }
                _ => {}
            }
        }
        for value in &call.args {
            if let Value::Object(entries) = value {
                self.object_entries(entries, cands);
            }
        }
        if let (Some(setter), [Value::Lit(lit)]) = (call.path.last(), call.args.as_slice())
            && self.is_setter(setter)
        {
            let message = format!("{} passed to `{callee}`", phrase(lit));
            self.by_name(setter, lit, message, cands);
        }
    }

    /// `api_key`, `with_api_secret`, `set_access_token`, `secret`: a method that
    /// stores a credential, as opposed to `get_secret` or `verify_token`.
    fn is_setter(&self, method: &str) -> bool {
        const AFFIXES: &[&str] = &[
            "", "api", "access", "client", "app", "auth", "bot", "key", "private", "secret", "id",
        ];
        let norm = normalize(method);
        let bare = norm
            .strip_prefix("with")
            .or_else(|| norm.strip_prefix("set"))
            .unwrap_or(&norm);
        let Some(role) = self.table.role_of(bare) else {
            return false;
        };
        role.words
            .iter()
            .filter_map(|w| bare.find(w.as_str()).map(|at| (at, w.len())))
            .any(|(at, len)| {
                let rest = format!("{}{}", &bare[..at], &bare[at + len..]);
                AFFIXES.contains(&rest.as_str())
            })
    }

    fn object_entries(&self, entries: &[(String, Value)], cands: &mut Vec<Candidate>) {
        for (key, value) in entries {
            if let Value::Lit(lit) = value {
                let named = Named {
                    form: Form::Key,
                    name: key.clone(),
                    owner: None,
                    lit: lit.clone(),
                };
                self.named(&named, cands);
            }
        }
    }

    fn named(&self, n: &Named, cands: &mut Vec<Candidate>) {
        let name = clean_text(&n.name);
        if let Some(header) = self.table.header(&n.name).filter(|h| self.hint(h.hint)) {
            if let Some(rule) = header.rule {
                cands.push(Candidate {
                    message: format!("{} sent as header `{name}`", phrase(&n.lit)),
                    lit: n.lit.clone(),
                    rule,
                    fallback: None,
                    evidence: Evidence::Call,
                    name,
                    context: Vec::new(),
                });
            }
            return;
        }
        let owner = n.owner.as_deref().map(clean_text);
        let p = phrase(&n.lit);
        let message = match (n.form, owner) {
            (Form::Const, _) => format!("{p} assigned to constant `{name}`"),
            (Form::Static, _) => format!("{p} assigned to static `{name}`"),
            (Form::ModuleConst, _) => format!("{p} assigned to module constant `{name}`"),
            (Form::ClassAttr, Some(o)) => format!("{p} assigned to class attribute `{o}.{name}`"),
            (Form::ClassAttr, None) => format!("{p} assigned to class attribute `{name}`"),
            (Form::Field, Some(o)) => format!("{p} assigned to field `{name}` of `{o}`"),
            (Form::Attribute, Some(o)) => format!("{p} assigned to `{o}.{name}`"),
            (Form::Key, _) => format!("{p} stored under key `{name}`"),
            (Form::Field | Form::Local | Form::Attribute, _) => {
                format!("{p} assigned to `{name}`")
            }
        };
        self.by_name(&n.name, &n.lit, message, cands);
    }

    /// A name-evidence candidate: the rule comes from the provider named in the
    /// name (`BINANCE_API_SECRET`) if any, else the role's generic rule.
    fn by_name(&self, name: &str, lit: &Lit, message: String, cands: &mut Vec<Candidate>) {
        if self.placeholders.is_excluded_name(name.as_bytes()) {
            return;
        }
        let norm = normalize(name);
        let Some(role) = self.table.role_of(&norm) else {
            return;
        };
        let provider_rule = self
            .table
            .provider_in_name(&norm)
            .and_then(|p| p.rules.get(&role.role).copied());
        let (rule, fallback) = match provider_rule {
            Some(p) => (p, role.names),
            None => match role.names {
                Some(r) => (r, None),
                None => return,
            },
        };
        cands.push(Candidate {
            lit: lit.clone(),
            rule,
            fallback,
            evidence: Evidence::Name,
            message,
            name: clean_text(name),
            context: Vec::new(),
        });
    }

    /// Apply the value checks; a name-evidence candidate whose provider rule wants
    /// another shape gives way to the role's generic rule (the next candidate).
    fn finish(&self, c: Candidate) -> Option<Match> {
        match self.verdict(&c, c.rule) {
            Verdict::Accept(m) => Some(m),
            Verdict::WrongShape => match self.verdict(&c, c.fallback?) {
                Verdict::Accept(m) => Some(m),
                Verdict::WrongShape | Verdict::Reject => None,
            },
            Verdict::Reject => None,
        }
    }

    fn verdict(&self, c: &Candidate, rule_index: usize) -> Verdict {
        let Some(rule) = self.rules.rules().get(rule_index) else {
            return Verdict::Reject;
        };
        let d = self.table.defaults;
        let v = c.lit.value.as_slice();
        let (min_length, min_entropy) = match c.evidence {
            Evidence::Call => (d.min_length, d.min_entropy),
            Evidence::Name => (
                rule.min_length.max(d.min_length),
                rule.min_entropy.unwrap_or(d.min_entropy),
            ),
        };
        if count_chars(v) < min_length
            || self.placeholders.is_placeholder(v)
            || self.placeholders.is_env_read(v)
            || !entropy::passes(v, min_entropy)
            || self.not_a_credential(v, &c.name)
        {
            return Verdict::Reject;
        }
        if let Some(validator) = rule.validator
            && crate::find::format::check(validator, v).is_err()
        {
            return Verdict::Reject;
        }
        let shaped = rule.value.as_ref().map(|re| re.is_match(v));
        let confidence = match (c.evidence, shaped) {
            (_, Some(true)) => Confidence::High,
            (Evidence::Call, None) => Confidence::High,
            (Evidence::Call, Some(false)) => Confidence::Medium,
            (Evidence::Name, None) => Confidence::Medium,
            (Evidence::Name, Some(false)) => return Verdict::WrongShape,
        };
        Verdict::Accept(Match {
            rule: rule_index,
            span: c.lit.span.clone(),
            region: None,
            detector: DetectorKind::Ast,
            confidence,
            message: Some(c.message.clone()),
            name: Some(c.name.clone()),
            labels: None,
            related: Vec::new(),
            context: c.context.clone(),
            also_matched: Vec::new(),
        })
    }
}

impl Judge<'_> {
    /// Values that read as text rather than a credential: spaces (except in
    /// passwords and PEM blocks), a credential word (`CapTokenData`,
    /// `userPassword`), or the name they are stored under (`SN_foo = "foo"`).
    fn not_a_credential(&self, value: &[u8], name: &str) -> bool {
        if value.starts_with(b"-----BEGIN") {
            return false;
        }
        let name = normalize(name);
        let spaces_allowed = matches!(
            self.table.role_of(&name).map(|r| r.role.as_str()),
            Some("password" | "passphrase")
        );
        if !spaces_allowed && value.iter().any(u8::is_ascii_whitespace) {
            return true;
        }
        let text = normalize(&String::from_utf8_lossy(value));
        self.table
            .roles
            .iter()
            .flat_map(|r| &r.words)
            .any(|w| text.contains(w.as_str()))
            || (name.len() >= 6
                && text.len() >= 6
                && (text.contains(&name) || name.contains(&text)))
    }
}

/// The binding `name` has at byte `at` in `scope`: the latest one before `at` in
/// that scope, else a module-level one (before `at` if there is one).
fn binding<'f>(
    bindings: &'f [Binding],
    name: &str,
    scope: usize,
    at: usize,
) -> Option<&'f Binding> {
    let latest = |s: usize| {
        bindings
            .iter()
            .filter(|b| b.scope == s && b.name == name && b.at <= at)
            .max_by_key(|b| b.at)
    };
    latest(scope).or_else(|| latest(MODULE_SCOPE)).or_else(|| {
        bindings
            .iter()
            .find(|b| b.scope == MODULE_SCOPE && b.name == name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::find::code::table::Table;

    fn with_judge(lang: Lang, words: &[&str], f: impl FnOnce(&Judge)) {
        let rules = RuleSet::builtin().unwrap();
        let table = Table::builtin(&rules).unwrap();
        let placeholders = Placeholders::builtin();
        let present: Vec<bool> = table
            .hints
            .iter()
            .map(|h| words.contains(&h.as_str()))
            .collect();
        let judge = Judge {
            table: &table,
            rules: &rules,
            placeholders: &placeholders,
            words: &present,
            lang,
        };
        f(&judge);
    }

    #[test]
    fn setters_store_credentials_getters_do_not() {
        with_judge(Lang::Rust, &[], |j| {
            for m in [
                "api_key",
                "with_api_secret",
                "set_access_token",
                "secret",
                "secret_key",
                "setPassword",
            ] {
                assert!(j.is_setter(m), "{m}");
            }
            for m in [
                "get_secret",
                "verify_token",
                "load_api_key",
                "tokenize",
                "base_url",
            ] {
                assert!(!j.is_setter(m), "{m}");
            }
        });
    }

    #[test]
    fn text_is_not_a_credential() {
        with_judge(Lang::Rust, &[], |j| {
            assert!(j.not_a_credential(b"setct-CapTokenData\\0", "SN_setct_CapTokenData"));
            assert!(j.not_a_credential(b"Hold my bear", "token"));
            assert!(j.not_a_credential(b"subjectKeyIdentifier", "subject_key_identifier"));
            assert!(!j.not_a_credential(b"correct horse battery", "password"));
            assert!(!j.not_a_credential(b"ESwFG5YdzbC9ayQMVnpzSnNv", "api_secret"));
            assert!(!j.not_a_credential(b"-----BEGIN EC PRIVATE KEY-----\\nMHc", "api_secret"));
        });
    }

    #[test]
    fn entries_apply_only_where_their_hints_occur() {
        with_judge(Lang::Python, &[], |j| assert!(!j.any_applicable()));
        with_judge(Lang::Python, &["ccxt"], |j| assert!(j.any_applicable()));
        // A Rust-only hint does not make a Python entry apply; a header does everywhere.
        with_judge(Lang::Python, &["bearer_auth"], |j| {
            assert!(!j.any_applicable())
        });
        with_judge(Lang::Python, &["x-mbx-apikey"], |j| {
            assert!(j.any_applicable())
        });
    }

    #[test]
    fn bindings_resolve_to_the_latest_one_in_scope_then_the_module() {
        let lit = |n: usize| Lit {
            span: n..n + 1,
            value: vec![b'x'],
            parts: 1,
        };
        let b = |scope, name: &str, at| Binding {
            scope,
            name: name.into(),
            lit: lit(at),
            at,
        };
        let all = vec![
            b(0, "k", 1),
            b(1, "k", 10),
            b(1, "k", 20),
            b(2, "s", 30),
            b(0, "late", 90),
        ];
        assert_eq!(binding(&all, "k", 1, 25).map(|b| b.at), Some(20));
        assert_eq!(binding(&all, "k", 1, 15).map(|b| b.at), Some(10));
        assert_eq!(binding(&all, "k", 3, 50).map(|b| b.at), Some(1));
        assert_eq!(binding(&all, "s", 1, 50).map(|b| b.at), None);
        // A module constant defined below the function that uses it still counts.
        assert_eq!(binding(&all, "late", 1, 40).map(|b| b.at), Some(90));
    }
}
