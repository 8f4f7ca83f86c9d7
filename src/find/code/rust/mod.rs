//! Rust front end: a full `syn` parse into [`Facts`].
//!
//! syn and its visitor recurse once per level of nesting, and so does dropping the
//! tree, so a pathological file (a hundred thousand nested parentheses, a long run
//! of unary operators) would overflow the stack. Before parsing, a linear scan
//! estimates the deepest nesting ([`nesting_cost`]); a file over the limit is left
//! to the regex rules. A deeper-than-usual file parses on a worker thread with a
//! large stack, because scan threads have the platform default (2 MiB) and syn needs
//! about 20 KiB per level of braces in an unoptimised build.

use std::ops::Range;

use syn::punctuated::Punctuated;
use syn::visit::{self, Visit};
use syn::{Expr, Lit as SynLit, Member, Pat, Token};

use super::facts::{
    Binding, Call, Facts, Form, Instance, Lit, MODULE_SCOPE, Named, Value, clean_text, keeps_string,
};
use super::table::Wrappers;

mod nesting;
pub use nesting::nesting_cost;

/// Files estimated deeper than this are not parsed (about 16 MiB of stack in an
/// unoptimised build, a quarter of that optimised; real code stays under 500).
pub const MAX_NESTING_COST: usize = 4096;
/// Files estimated at most this deep parse on the calling thread (about 1 MiB of
/// stack in an unoptimised build; real code measured at most 248, 99.9% under 120);
/// deeper ones on a worker thread with [`WORKER_STACK`].
const INLINE_MAX_COST: usize = 256;
/// Stack of the parser thread.
const WORKER_STACK: usize = 64 << 20;
/// Most wrappers peeled off one value (`Some(String::from("…").into())`).
const MAX_UNWRAP: usize = 8;

/// The facts of one Rust file, or why it was not parsed.
pub fn facts(text: &str, wrappers: &Wrappers) -> Result<Facts, String> {
    let cost = nesting_cost(text.as_bytes());
    if cost > MAX_NESTING_COST {
        return Err(format!(
            "nested too deeply to parse safely (estimated {cost}, limit {MAX_NESTING_COST})"
        ));
    }
    // syn strips a shebang line and would shift every offset: blank it instead.
    let blanked;
    let text = if text.starts_with("#!") && !text.starts_with("#![") {
        let end = text.find('\n').unwrap_or(text.len());
        blanked = format!("{}{}", " ".repeat(end), &text[end..]);
        blanked.as_str()
    } else {
        text
    };
    if cost <= INLINE_MAX_COST {
        return parse(text, wrappers);
    }
    std::thread::scope(|s| {
        let worker = std::thread::Builder::new()
            .name("keylint-rust-ast".into())
            .stack_size(WORKER_STACK)
            .spawn_scoped(s, || parse(text, wrappers));
        match worker {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|_| Err("the parser failed on this file".into())),
            Err(e) => Err(format!("could not start the parser thread: {e}")),
        }
    })
}

fn parse(text: &str, wrappers: &Wrappers) -> Result<Facts, String> {
    let result = match syn::parse_str::<syn::File>(text) {
        Ok(file) => {
            let mut c = Collect {
                src: text.as_bytes(),
                wrappers,
                facts: Facts::default(),
                scope: MODULE_SCOPE,
                scopes: MODULE_SCOPE,
            };
            c.visit_file(&file);
            Ok(c.facts)
        }
        Err(e) => {
            // The message is not shown: it could quote source text.
            let at = e.span().start();
            Err(format!(
                "does not parse (line {}, column {})",
                at.line,
                at.column + 1
            ))
        }
    };
    proc_macro2::extra::invalidate_current_thread_spans();
    result
}

/// The content bytes of a string literal token: inside the quotes, after any
/// prefix (`b`, `r#`) and before any closing hashes.
fn content(src: &[u8], token: Range<usize>) -> Option<Range<usize>> {
    let text = src.get(token.clone())?;
    let open = memchr::memchr(b'"', text)?;
    let close = memchr::memrchr(b'"', text)?;
    (close > open).then(|| token.start + open + 1..token.start + close)
}

struct Collect<'a> {
    src: &'a [u8],
    wrappers: &'a Wrappers,
    facts: Facts,
    scope: usize,
    /// Last scope id handed out.
    scopes: usize,
}

fn path_segments(path: &syn::Path) -> Vec<String> {
    path.segments.iter().map(|s| s.ident.to_string()).collect()
}

impl Collect<'_> {
    fn lit(&self, span: proc_macro2::Span) -> Option<Lit> {
        content(self.src, span.byte_range()).map(|r| Lit::new(self.src, r))
    }

    fn is_wrapper_call(&self, func: &Expr) -> bool {
        let Expr::Path(p) = func else { return false };
        let segments = path_segments(&p.path);
        self.wrappers
            .calls
            .iter()
            .any(|w| w.matches(&segments, false).is_some())
    }

    /// What an expression amounts to, wrappers peeled off.
    fn value(&self, expr: &Expr) -> Value {
        let mut e = expr;
        for _ in 0..MAX_UNWRAP {
            match e {
                Expr::Lit(l) => {
                    let span = match &l.lit {
                        SynLit::Str(s) => s.span(),
                        SynLit::ByteStr(s) => s.span(),
                        _ => return Value::Other,
                    };
                    return self.lit(span).map_or(Value::Other, Value::Lit);
                }
                Expr::Reference(r) => e = &r.expr,
                Expr::Paren(p) => e = &p.expr,
                Expr::Group(g) => e = &g.expr,
                Expr::Call(c) if c.args.len() == 1 && self.is_wrapper_call(&c.func) => {
                    match c.args.first() {
                        Some(arg) => e = arg,
                        None => return Value::Other,
                    }
                }
                Expr::MethodCall(m)
                    if m.args.is_empty() && self.wrappers.methods.iter().any(|w| m.method == w) =>
                {
                    e = &m.receiver
                }
                Expr::Macro(m) if m.mac.path.is_ident("concat") => return self.concat(&m.mac),
                Expr::Path(p) if p.qself.is_none() => {
                    return match p.path.get_ident() {
                        Some(ident) => Value::Name {
                            name: ident.to_string(),
                            span: ident.span().byte_range(),
                        },
                        None => Value::Other,
                    };
                }
                _ => return Value::Other,
            }
        }
        Value::Other
    }

    /// `concat!("…", "…")` of string literals only.
    fn concat(&self, mac: &syn::Macro) -> Value {
        let Ok(parts) = mac.parse_body_with(Punctuated::<syn::LitStr, Token![,]>::parse_terminated)
        else {
            return Value::Other;
        };
        let mut joined: Option<Lit> = None;
        for part in &parts {
            let Some(lit) = self.lit(part.span()) else {
                return Value::Other;
            };
            joined = match joined {
                None => Some(lit),
                Some(j) => match j.join(lit) {
                    Some(j) => Some(j),
                    None => return Value::Other,
                },
            };
        }
        joined.map_or(Value::Other, Value::Lit)
    }

    fn named(&mut self, form: Form, name: String, owner: Option<String>, lit: Lit) {
        self.facts.named.push(Named {
            form,
            name,
            owner,
            lit,
        });
    }

    fn bind(&mut self, name: &syn::Ident, expr: &Expr, form: Form, at: usize) {
        if let Value::Lit(lit) = self.value(expr) {
            self.facts.bindings.push(Binding {
                scope: if matches!(form, Form::Const | Form::Static) && self.scope == MODULE_SCOPE {
                    MODULE_SCOPE
                } else {
                    self.scope
                },
                name: name.to_string(),
                lit: lit.clone(),
                at,
            });
            self.named(form, name.to_string(), None, lit);
        }
    }

    fn in_new_scope(&mut self, f: impl FnOnce(&mut Self)) {
        let saved = self.scope;
        self.scopes += 1;
        self.scope = self.scopes;
        f(self);
        self.scope = saved;
    }

    fn call(&mut self, callee: Callee, text: String, args: Vec<Value>) {
        self.facts.calls.push(Call {
            path: callee.path,
            method: callee.method,
            text: clean_text(&text),
            args,
            kwargs: Vec::new(),
            scope: self.scope,
            span: callee.span,
            receiver: callee.receiver,
        });
    }

    fn instance(&mut self, name: String, path: Vec<String>, at: usize) {
        if !path.is_empty() {
            self.facts.instances.push(Instance {
                scope: self.scope,
                name,
                path,
                at,
            });
        }
    }

    fn string(&mut self, span: Range<usize>) {
        if keeps_string(self.src.get(span.clone()).unwrap_or_default()) {
            self.facts.strings.push(span);
        }
    }
}

/// A call's callee, as [`Collect::call`] records it.
struct Callee {
    path: Vec<String>,
    method: bool,
    span: Range<usize>,
    receiver: Vec<String>,
}

/// `account`, `self.account`, `&mut self.account`: the segments of a receiver that
/// is a name or a chain of named fields; empty for anything else.
fn receiver_path(expr: &Expr) -> Vec<String> {
    let mut segments = Vec::new();
    let mut e = expr;
    loop {
        match e {
            Expr::Path(p) if p.qself.is_none() => {
                segments.extend(path_segments(&p.path).into_iter().rev());
                break;
            }
            Expr::Field(f) => match &f.member {
                Member::Named(name) => {
                    segments.push(name.to_string());
                    e = &f.base;
                }
                Member::Unnamed(_) => return Vec::new(),
            },
            Expr::Reference(r) => e = &r.expr,
            Expr::Paren(p) => e = &p.expr,
            Expr::Group(g) => e = &g.expr,
            _ => return Vec::new(),
        }
    }
    segments.reverse();
    segments
}

/// The path of a type, references and groups peeled off (`&mut Account` → `Account`).
fn type_path(ty: &syn::Type) -> Vec<String> {
    let mut t = ty;
    loop {
        match t {
            syn::Type::Reference(r) => t = &r.elem,
            syn::Type::Paren(p) => t = &p.elem,
            syn::Type::Group(g) => t = &g.elem,
            syn::Type::Path(p) if p.qself.is_none() => return path_segments(&p.path),
            _ => return Vec::new(),
        }
    }
}

/// The span of a path as written, first segment to last.
fn path_span(path: &syn::Path) -> Range<usize> {
    let first = path.segments.first().map(|s| s.ident.span().byte_range());
    let last = path.segments.last().map(|s| s.ident.span().byte_range());
    match (first, last) {
        (Some(a), Some(b)) => a.start..b.end.max(a.start),
        _ => 0..0,
    }
}

/// Whether a literal token is a string (`"…"`, `r#"…"#`), not a byte string or char.
fn is_string_token(text: &str) -> bool {
    text.starts_with('"') || text.starts_with("r\"") || text.starts_with("r#")
}

impl<'ast> Visit<'ast> for Collect<'_> {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.in_new_scope(|s| visit::visit_item_fn(s, f));
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.in_new_scope(|s| visit::visit_impl_item_fn(s, f));
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        self.in_new_scope(|s| visit::visit_trait_item_fn(s, f));
    }

    fn visit_item_const(&mut self, c: &'ast syn::ItemConst) {
        let at = c.const_token.span.byte_range().start;
        self.bind(&c.ident, &c.expr, Form::Const, at);
        visit::visit_item_const(self, c);
    }

    fn visit_item_static(&mut self, s: &'ast syn::ItemStatic) {
        let at = s.static_token.span.byte_range().start;
        self.bind(&s.ident, &s.expr, Form::Static, at);
        visit::visit_item_static(self, s);
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        let ident = match &l.pat {
            Pat::Ident(p) => Some(&p.ident),
            Pat::Type(t) => match &*t.pat {
                Pat::Ident(p) => Some(&p.ident),
                _ => None,
            },
            _ => None,
        };
        if let Some(ident) = ident {
            let at = l.let_token.span.byte_range().start;
            // `let account: Account = Binance::new(…)`: the type says what it is.
            let made = match (&l.pat, &l.init) {
                (Pat::Type(t), _) => type_path(&t.ty),
                (_, Some(init)) => match &*init.expr {
                    Expr::Call(c) => match &*c.func {
                        Expr::Path(p) => path_segments(&p.path),
                        _ => Vec::new(),
                    },
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            self.instance(ident.to_string(), made, at);
            if let Some(init) = &l.init {
                self.bind(ident, &init.expr, Form::Local, at);
            }
        }
        visit::visit_local(self, l);
    }

    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        if let Expr::Path(p) = &*c.func {
            let path = path_segments(&p.path);
            let text = path.join("::");
            let args = c.args.iter().map(|a| self.value(a)).collect();
            let callee = Callee {
                span: path_span(&p.path),
                path,
                method: false,
                receiver: Vec::new(),
            };
            self.call(callee, text, args);
        }
        visit::visit_expr_call(self, c);
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        let name = m.method.to_string();
        let args = m.args.iter().map(|a| self.value(a)).collect();
        let callee = Callee {
            path: vec![name.clone()],
            method: true,
            span: m.method.span().byte_range(),
            receiver: receiver_path(&m.receiver),
        };
        self.call(callee, name, args);
        visit::visit_expr_method_call(self, m);
    }

    fn visit_fn_arg(&mut self, arg: &'ast syn::FnArg) {
        if let syn::FnArg::Typed(t) = arg
            && let Pat::Ident(p) = &*t.pat
        {
            let at = p.ident.span().byte_range().start;
            self.instance(p.ident.to_string(), type_path(&t.ty), at);
        }
        visit::visit_fn_arg(self, arg);
    }

    fn visit_field(&mut self, f: &'ast syn::Field) {
        // A struct field is reached as `self.field` from its methods.
        if let Some(ident) = &f.ident {
            let at = ident.span().byte_range().start;
            self.instance(format!("self.{ident}"), type_path(&f.ty), at);
        }
        visit::visit_field(self, f);
    }

    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {
        // Doc comments are `#[doc = "…"]` attributes: prose, not code.
    }

    fn visit_lit_str(&mut self, l: &'ast syn::LitStr) {
        self.string(l.span().byte_range());
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        // `format!("{}/api/v3/order", base)`: the string tokens of a macro's body,
        // with an explicit stack (a body nests as deep as its brackets).
        let mut stack = vec![m.tokens.clone().into_iter()];
        while let Some(top) = stack.last_mut() {
            match top.next() {
                Some(proc_macro2::TokenTree::Group(g)) => stack.push(g.stream().into_iter()),
                Some(proc_macro2::TokenTree::Literal(l)) => {
                    if is_string_token(&l.to_string()) {
                        self.string(l.span().byte_range());
                    }
                }
                Some(_) => {}
                None => {
                    stack.pop();
                }
            }
        }
        visit::visit_macro(self, m);
    }

    fn visit_expr_struct(&mut self, s: &'ast syn::ExprStruct) {
        let owner = path_segments(&s.path).join("::");
        for field in &s.fields {
            if let (Member::Named(name), Value::Lit(lit)) = (&field.member, self.value(&field.expr))
            {
                self.named(Form::Field, name.to_string(), Some(owner.clone()), lit);
            }
        }
        visit::visit_expr_struct(self, s);
    }

    fn visit_expr_assign(&mut self, a: &'ast syn::ExprAssign) {
        if let (Expr::Field(f), Value::Lit(lit)) = (&*a.left, self.value(&a.right))
            && let Member::Named(name) = &f.member
        {
            let owner = match &*f.base {
                Expr::Path(p) => Some(path_segments(&p.path).join("::")),
                _ => None,
            };
            self.named(Form::Attribute, name.to_string(), owner, lit);
        }
        visit::visit_expr_assign(self, a);
    }
}

#[cfg(test)]
mod tests {
    use super::super::facts::test_text::{instances, lit as lit_text, named, strings, values};
    use super::*;

    fn wrappers() -> Wrappers {
        let rules = crate::rules::RuleSet::builtin().unwrap();
        super::super::table::Table::builtin(&rules)
            .unwrap()
            .rust_wrappers
    }

    #[test]
    fn nesting_cost_counts_brackets_and_pending_operators() {
        assert_eq!(nesting_cost(b"fn main() {}"), 5);
        assert_eq!(nesting_cost(b"((((x))))"), 20);
        assert_eq!(nesting_cost(b"a + b + c;"), 2);
        assert_eq!(nesting_cost(b"a + b; c + d + e;"), 2);
        // Brackets and operators inside strings, chars and comments do not count.
        assert_eq!(
            nesting_cost(b"\"((((\" // ((((\n/* (( /* ( */ */ '(' r#\"((\"#"),
            0
        );
        // A lifetime is not a character literal.
        assert_eq!(nesting_cost(b"fn f<'a>(x: &'a str) {}"), 8);
        let deep = format!("{}1{}", "(".repeat(1000), ")".repeat(1000));
        assert_eq!(nesting_cost(deep.as_bytes()), 5000);
        let items = "fn f() -> Result<(), E> { a.b().c()?; }\n".repeat(10_000);
        assert!(nesting_cost(items.as_bytes()) < 100);
    }

    #[test]
    fn calls_literals_and_wrappers() {
        let src = r#"
const API_SECRET: &str = "abc";
fn main() {
    let key = "k1";
    let c = binance::api::Binance::new(Some("k2".into()), Some(String::from("s2")));
    let r = client.get(u).bearer_auth(&"t1".to_string());
    let cfg = Config { api_key: "k3".to_owned(), other: 1 };
    let x = concat!("ab", "cd");
}
"#;
        let f = facts(src, &wrappers()).unwrap();
        let s = String::from;
        assert_eq!(
            named(src, &f),
            [
                (Form::Const, s("API_SECRET"), s("abc")),
                (Form::Local, s("key"), s("k1")),
                (Form::Field, s("api_key"), s("k3")),
                (Form::Local, s("x"), s("ab\", \"cd")),
            ]
        );
        let call = f
            .calls
            .iter()
            .find(|c| c.text == "binance::api::Binance::new")
            .unwrap();
        assert_eq!(values(src, &call.args), ["k2", "s2"]);
        let bearer = f.calls.iter().find(|c| c.text == "bearer_auth").unwrap();
        assert!(bearer.method);
        assert!(matches!(&bearer.args[..], [Value::Lit(l)] if lit_text(src, l) == "t1"));
        let concat = &f.named[3].lit;
        assert_eq!(concat.value, b"abcd");
        assert_eq!(concat.parts, 2);
    }

    #[test]
    fn receivers_instances_and_path_strings() {
        let src = "/// \"/api/v3/order\" in a doc comment\nstruct Bot { account: binance::account::Account }\nfn f(m: &Market, n: u8) {\n    let a: Account = Binance::new(None, None);\n    let c = Client::new();\n    self.account.market_buy(\"X\", 1);\n    let u = format!(\"{}/sapi/v1/asset/transfer\", b);\n    let v = r#\"/api/v3/account\"#;\n}\n";
        let f = facts(src, &wrappers()).unwrap();
        let inst = instances(&f, "::");
        let p = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            inst,
            [
                p("self.account", "binance::account::Account"),
                p("m", "Market"),
                p("n", "u8"),
                p("a", "Account"),
                p("c", "Client::new"),
            ]
        );
        let call = f.calls.iter().find(|c| c.text == "market_buy").unwrap();
        assert_eq!(call.receiver, ["self", "account"]);
        assert_eq!(&src[call.span.clone()], "market_buy");
        let lits = strings(src, &f);
        assert_eq!(
            lits,
            ["\"{}/sapi/v1/asset/transfer\"", "r#\"/api/v3/account\"#"]
        );
    }

    #[test]
    fn bindings_are_scoped_to_their_function() {
        let src =
            "fn a() { let s = \"one\"; }\nfn b() { let s = \"two\"; }\nstatic S: &str = \"m\";";
        let f = facts(src, &wrappers()).unwrap();
        let scopes: Vec<_> = f
            .bindings
            .iter()
            .map(|b| (b.scope, b.name.as_str()))
            .collect();
        assert_eq!(scopes, vec![(1, "s"), (2, "s"), (MODULE_SCOPE, "S")]);
    }

    #[test]
    fn raw_strings_shebangs_and_unicode_keep_byte_offsets() {
        let src = "#!/usr/bin/env run-cargo-script\n// é\nconst K: &str = r#\"ra\"w\"#;\nconst L: &[u8] = b\"by\";";
        let f = facts(src, &wrappers()).unwrap();
        let texts: Vec<_> = f.named.iter().map(|n| lit_text(src, &n.lit)).collect();
        assert_eq!(texts, vec!["ra\"w", "by"]);
    }

    #[test]
    fn broken_and_pathological_files_are_refused_not_crashed() {
        let e = facts("fn main( {", &wrappers()).unwrap_err();
        assert!(e.starts_with("does not parse (line 1"), "{e}");
        let deep = format!(
            "fn main() {{ let x = {}1{}; }}",
            "(".repeat(100_000),
            ")".repeat(100_000)
        );
        let e = facts(&deep, &wrappers()).unwrap_err();
        assert!(e.starts_with("nested too deeply"), "{e}");
        let unary = format!("fn main() {{ let x = {}y; }}", "!".repeat(100_000));
        assert!(
            facts(&unary, &wrappers())
                .unwrap_err()
                .starts_with("nested too deeply")
        );
        let chain = format!("fn main() {{ let x = y{}; }}", ".f()".repeat(100_000));
        assert!(
            facts(&chain, &wrappers())
                .unwrap_err()
                .starts_with("nested too deeply")
        );
    }

    #[test]
    fn the_deepest_accepted_file_parses() {
        // Just under the limit in each shape the estimate guards against.
        let levels = MAX_NESTING_COST / nesting::BRACKET_COST - 2;
        let blocks = format!("fn main() {}{}", "{".repeat(levels), "}".repeat(levels));
        assert!(nesting_cost(blocks.as_bytes()) <= MAX_NESTING_COST);
        facts(&blocks, &wrappers()).unwrap();
        let unary = format!(
            "fn main() {{ let x = {}y; }}",
            "!".repeat(MAX_NESTING_COST - 20)
        );
        facts(&unary, &wrappers()).unwrap();
        let closures = format!(
            "fn main() {{ let x = {}y; }}",
            "|a| ".repeat(MAX_NESTING_COST / 2 - 20)
        );
        facts(&closures, &wrappers()).unwrap();
    }
}
