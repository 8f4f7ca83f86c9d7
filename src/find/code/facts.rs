//! What a language front end extracts from a syntax tree: calls with their
//! arguments, literals stored under names, and local bindings. The judge
//! ([`super::judge`]) applies the clients table to these; the front ends know
//! syntax, not credentials.

use std::ops::Range;

/// Longest name or callee text kept (file content: keep messages short).
pub const MAX_TEXT: usize = 64;
/// Most literal parts joined into one value (`"a" "b" + "c"`).
pub const MAX_PARTS: usize = 16;

/// A string literal, or several concatenated ones, as written in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lit {
    /// From the first part's first content byte to the last part's last one.
    pub span: Range<usize>,
    /// The parts' contents joined (source text, escapes as written).
    pub value: Vec<u8>,
    pub parts: usize,
}

impl Lit {
    pub fn new(bytes: &[u8], content: Range<usize>) -> Lit {
        Lit {
            value: bytes.get(content.clone()).unwrap_or_default().to_vec(),
            span: content,
            parts: 1,
        }
    }

    /// `self` followed by `next` (`"a" + "b"`); `None` past [`MAX_PARTS`].
    pub fn join(mut self, next: Lit) -> Option<Lit> {
        if self.parts + next.parts > MAX_PARTS {
            return None;
        }
        self.span = self.span.start.min(next.span.start)..self.span.end.max(next.span.end);
        self.value.extend_from_slice(&next.value);
        self.parts += next.parts;
        Some(self)
    }
}

/// An argument or stored value, as far as the pass cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Lit(Lit),
    /// A plain identifier, resolved through [`Binding`]s (`span` is this use of it).
    Name {
        name: String,
        span: Range<usize>,
    },
    /// A dict / object literal: keys with their (literal or name) values.
    Object(Vec<(String, Value)>),
    Other,
}

/// A call or constructor (`Client(…)`, `new ccxt.kraken({…})`, `Binance::new(…)`,
/// `.bearer_auth(…)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The callee's path segments as written (`ccxt`, `kraken`); a segment that is
    /// not a name (a subscript) is `*`.
    pub path: Vec<String>,
    /// A Rust method call on some receiver (`x.bearer_auth(…)`).
    pub method: bool,
    /// The callee as written, for messages.
    pub text: String,
    pub args: Vec<Value>,
    pub kwargs: Vec<(String, Value)>,
    pub scope: usize,
    /// The callee as written (`ex.create_order`, a Rust method's name), in bytes.
    pub span: Range<usize>,
    /// A Rust method call's receiver, as path segments (`self`, `account`) when it
    /// is a name or a field chain; empty otherwise (in Python and JS/TS the
    /// receiver is the start of `path`).
    pub receiver: Vec<String>,
}

/// `name` (`ex`, `self.ex`) holds what `path` (a callee or a declared type,
/// `ccxt.binance`, `binance::account::Account`) made, in `scope` from offset `at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    pub scope: usize,
    pub name: String,
    pub path: Vec<String>,
    pub at: usize,
}

/// How a literal came to be stored under a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Rust `const`
    Const,
    /// Rust `static`
    Static,
    /// A top-level assignment in Python or JS/TS.
    ModuleConst,
    /// An assignment in a class body or a class field.
    ClassAttr,
    /// A field of a Rust struct literal.
    Field,
    /// A local binding (`let x = …`, `x = …` in a function).
    Local,
    /// `obj.name = …`, `self.name = …`
    Attribute,
    /// A dict / object key (`{"api_secret": …}`, `cfg["secret"] = …`).
    Key,
}

/// A literal stored under a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub form: Form,
    pub name: String,
    /// The struct, class or object the name belongs to, for messages.
    pub owner: Option<String>,
    pub lit: Lit,
}

/// `name` holds `lit` in `scope` from byte offset `at` (for intra-function flow).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub scope: usize,
    pub name: String,
    pub lit: Lit,
    pub at: usize,
}

/// Everything a front end found in one file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Facts {
    pub calls: Vec<Call>,
    pub named: Vec<Named>,
    pub bindings: Vec<Binding>,
    /// Names bound to a call's result or declared with a type (receivers of calls).
    pub instances: Vec<Instance>,
    /// Byte spans of string literals in code (not comments or docstrings) that look
    /// like a URL or path (a `/`, no whitespace: not prose), as written (f-strings and
    /// templates included): where REST paths are.
    pub strings: Vec<Range<usize>>,
}

/// Longest string literal kept in [`Facts::strings`] (a URL, not a blob).
pub const MAX_PATH_LITERAL: usize = 512;

/// Whether a literal's source text is kept in [`Facts::strings`].
pub fn keeps_string(text: &[u8]) -> bool {
    text.len() <= MAX_PATH_LITERAL
        && memchr::memchr(b'/', text).is_some()
        && !text.iter().any(u8::is_ascii_whitespace)
}

/// Scope id of module-level code.
pub const MODULE_SCOPE: usize = 0;

/// Text from the file made safe and short for a message: no control characters,
/// no backticks, at most [`MAX_TEXT`] characters.
pub fn clean_text(text: &str) -> String {
    let mut out: String = text
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '`' { '\'' } else { c })
        .take(MAX_TEXT + 1)
        .collect();
    if out.chars().count() > MAX_TEXT {
        out = out.chars().take(MAX_TEXT - 1).collect();
        out.push('…');
    }
    out
}

/// Test helpers shared by the front ends' tests: values as readable text.
#[cfg(test)]
pub mod test_text {
    use super::*;

    /// The source text of a literal.
    pub fn lit(src: &str, lit: &Lit) -> String {
        src[lit.span.clone()].to_string()
    }

    /// Each value: a literal's source text, `name NAME TEXT`, `object N` or `other`.
    pub fn values(src: &str, values: &[Value]) -> Vec<String> {
        values
            .iter()
            .map(|v| match v {
                Value::Lit(l) => lit(src, l),
                Value::Name { name, span } => format!("name {name} {}", &src[span.clone()]),
                Value::Object(e) => format!("object {}", e.len()),
                Value::Other => "other".into(),
            })
            .collect()
    }

    /// A dict/object value's keys, each with its value as text.
    pub fn object(src: &str, value: &Value) -> Vec<(String, String)> {
        let Value::Object(entries) = value else {
            panic!("not an object: {value:?}")
        };
        entries
            .iter()
            .map(|(k, v)| (k.clone(), values(src, std::slice::from_ref(v)).concat()))
            .collect()
    }

    /// Every instance as (name, path joined with `sep`).
    pub fn instances(facts: &Facts, sep: &str) -> Vec<(String, String)> {
        facts
            .instances
            .iter()
            .map(|i| (i.name.clone(), i.path.join(sep)))
            .collect()
    }

    /// The source text of every path-like string.
    pub fn strings<'s>(src: &'s str, facts: &Facts) -> Vec<&'s str> {
        facts.strings.iter().map(|r| &src[r.clone()]).collect()
    }

    /// Every named literal as (form, name, literal text).
    pub fn named(src: &str, facts: &Facts) -> Vec<(Form, String, String)> {
        facts
            .named
            .iter()
            .map(|n| (n.form, n.name.clone(), lit(src, &n.lit)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_literals_span_all_parts() {
        let src = b"x = \"abc\" + \"def\"";
        let a = Lit::new(src, 5..8);
        let b = Lit::new(src, 13..16);
        let j = a.join(b).unwrap();
        assert_eq!(j.span, 5..16);
        assert_eq!(j.value, b"abcdef");
        assert_eq!(j.parts, 2);
    }

    #[test]
    fn joining_stops_at_the_part_limit() {
        let src = b"\"a\"";
        let mut lit = Lit::new(src, 1..2);
        for _ in 1..MAX_PARTS {
            lit = lit.join(Lit::new(src, 1..2)).unwrap();
        }
        assert!(lit.join(Lit::new(src, 1..2)).is_none());
    }

    #[test]
    fn text_is_cleaned_for_messages() {
        assert_eq!(clean_text("api\u{1b}[31m_key`"), "api[31m_key'");
        let long = "k".repeat(100);
        assert_eq!(clean_text(&long).chars().count(), MAX_TEXT);
        assert!(clean_text(&long).ends_with('…'));
    }
}
