//! The syn pass of the Rust rewriter: every string literal and every single-name
//! path expression, each with the role it plays in its parent expression and how
//! the enclosing function can fail; constant items; and the macros it could not
//! read.

use std::collections::HashMap;
use std::ops::Range;

use syn::punctuated::Punctuated;
use syn::visit::{self, Visit};
use syn::{Expr, Lit, ReturnType, Stmt};

/// How a value read at run time can fail where it is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fail {
    /// In a fn whose error type takes a `VarError`: `?`.
    Question,
    /// In a fn that cannot (or a closure, an async block): `.expect(…)`.
    Expect,
    /// In a const or static initializer: no run time at all.
    Const,
}

/// What the parent expression does with a literal or a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Role {
    /// The receiver of `.method(…)`; `call` is the whole method call.
    Receiver {
        method: String,
        call: Range<usize>,
    },
    /// The argument of `String::from(…)`; `call` is the whole call.
    StringFrom {
        call: Range<usize>,
    },
    Reference,
    Arg,
    /// `let name = …`.
    Let(Option<String>),
    Field,
    Tail,
    Element,
    Assign,
    Binary,
    Other,
}

/// A string literal or a path, where it is and what surrounds it.
#[derive(Clone, Debug)]
pub(super) struct Hit {
    pub range: Range<usize>,
    pub role: Role,
    pub fail: Fail,
    /// Inside a macro's arguments.
    pub in_macro: bool,
    /// For literals: the run-time value.
    pub value: Option<String>,
    /// For paths: the name.
    pub name: Option<String>,
}

/// A `const`/`static` item.
#[derive(Clone, Debug)]
pub(super) struct Constant {
    pub name: String,
    pub public: bool,
    /// The item, attributes and doc comments included.
    pub item: Range<usize>,
    /// The type as written.
    pub ty: String,
    /// The initializer's range when it is a string literal.
    pub lit: Option<Range<usize>>,
}

#[derive(Debug, Default)]
pub(super) struct Facts {
    pub lits: Vec<Hit>,
    pub paths: Vec<Hit>,
    pub consts: Vec<Constant>,
    /// Identifiers inside macros whose arguments are not expressions.
    pub opaque_idents: Vec<String>,
    /// Ranges of macro invocations.
    pub macros: Vec<Range<usize>>,
    /// Whether the file declares a module in another file (`mod x;`).
    pub outer_modules: bool,
}

pub(super) struct Collect<'a> {
    pub src: &'a str,
    pub facts: Facts,
    roles: HashMap<usize, Role>,
    fail: Vec<Fail>,
    in_macro: usize,
    /// Whether `Result<T>` names an alias whose error takes a `VarError`.
    result_alias_takes_var_error: bool,
}

impl<'a> Collect<'a> {
    pub fn new(src: &'a str, file: &syn::File) -> Self {
        let uses: Vec<String> = file
            .items
            .iter()
            .filter_map(|i| match i {
                syn::Item::Use(u) => {
                    let r = u.use_token.span.byte_range().start..u.semi_token.span.byte_range().end;
                    src.get(r).map(|t| t.split_whitespace().collect::<String>())
                }
                _ => None,
            })
            .collect();
        let alias = uses
            .iter()
            .any(|u| ["anyhow::", "eyre::"].iter().any(|c| u.contains(c)) && u.contains("Result"));
        Collect {
            src,
            facts: Facts::default(),
            roles: HashMap::new(),
            fail: vec![Fail::Const],
            in_macro: 0,
            result_alias_takes_var_error: alias,
        }
    }

    fn text(&self, r: Range<usize>) -> String {
        self.src.get(r).unwrap_or("").split_whitespace().collect()
    }

    /// How a fn with this return type (and body opening at `body`) can fail.
    fn fail_of(&self, output: &ReturnType, body: usize) -> Fail {
        let ReturnType::Type(arrow, _) = output else {
            return Fail::Expect;
        };
        let text = self.text(arrow.spans[1].byte_range().end..body);
        let text = text.split("where").next().unwrap_or("").to_string();
        let Some(open) = text.find('<') else {
            return Fail::Expect;
        };
        let (head, args) = (&text[..open], &text[open + 1..text.len().saturating_sub(1)]);
        if !head.ends_with("Result") {
            return Fail::Expect;
        }
        let params = split_generics(args);
        let takes = match params.as_slice() {
            [_] => {
                head.contains("anyhow")
                    || head.contains("eyre")
                    || (head == "Result" && self.result_alias_takes_var_error)
            }
            [_, err] => {
                (err.starts_with("Box<dyn") && err.contains("Error"))
                    || err.ends_with("anyhow::Error")
                    || err.ends_with("eyre::Report")
                    || err.ends_with("VarError")
            }
            _ => false,
        };
        if takes { Fail::Question } else { Fail::Expect }
    }

    fn role(&mut self, child: &Expr, role: Role) {
        if let Some(r) = simple_range(child) {
            self.roles.insert(r.start, role);
        }
    }

    fn hit(&mut self, range: Range<usize>) -> (Role, Fail, bool) {
        let role = self.roles.remove(&range.start).unwrap_or(Role::Other);
        let fail = *self.fail.last().unwrap_or(&Fail::Const);
        (role, fail, self.in_macro > 0)
    }

    fn in_fn(&mut self, fail: Fail, f: impl FnOnce(&mut Self)) {
        self.fail.push(fail);
        f(self);
        self.fail.pop();
    }
}

/// Top-level comma-separated parts of generic arguments.
fn split_generics(args: &str) -> Vec<String> {
    let (mut depth, mut parts, mut cur) = (0i32, Vec::new(), String::new());
    for c in args.chars() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    parts
}

/// The byte range of a literal or a single-name path.
pub(super) fn simple_range(e: &Expr) -> Option<Range<usize>> {
    match e {
        Expr::Lit(l) => Some(l.lit.span().byte_range()),
        Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            Some(p.path.segments[0].ident.span().byte_range())
        }
        _ => None,
    }
}

fn path_text(e: &Expr) -> Option<String> {
    let Expr::Path(p) = e else { return None };
    Some(
        p.path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect::<Vec<_>>()
            .join("::"),
    )
}

impl<'ast> Visit<'ast> for Collect<'_> {
    fn visit_expr(&mut self, e: &'ast Expr) {
        match e {
            Expr::MethodCall(m) => {
                if let Some(r) = simple_range(&m.receiver) {
                    let end = m.paren_token.span.close().byte_range().end;
                    self.role(
                        &m.receiver,
                        Role::Receiver {
                            method: m.method.to_string(),
                            call: r.start..end,
                        },
                    );
                }
                for a in &m.args {
                    self.role(a, Role::Arg);
                }
            }
            Expr::Call(c) => {
                let func = path_text(&c.func);
                let from = matches!(func.as_deref(), Some("String::from" | "str::to_string"));
                for a in &c.args {
                    match (from, simple_range(&c.func)) {
                        (true, _) if c.args.len() == 1 => {
                            let start = match &*c.func {
                                Expr::Path(p) => p.path.segments[0].ident.span().byte_range().start,
                                _ => 0,
                            };
                            let end = c.paren_token.span.close().byte_range().end;
                            self.role(a, Role::StringFrom { call: start..end });
                        }
                        _ => self.role(a, Role::Arg),
                    }
                }
            }
            Expr::Reference(r) => self.role(&r.expr, Role::Reference),
            Expr::Return(r) => {
                if let Some(x) = &r.expr {
                    self.role(x, Role::Tail);
                }
            }
            Expr::Array(a) => a.elems.iter().for_each(|x| self.role(x, Role::Element)),
            Expr::Tuple(t) => t.elems.iter().for_each(|x| self.role(x, Role::Element)),
            Expr::Assign(a) => self.role(&a.right, Role::Assign),
            Expr::Binary(b) => {
                self.role(&b.left, Role::Binary);
                self.role(&b.right, Role::Binary);
            }
            Expr::Struct(s) => s
                .fields
                .iter()
                .for_each(|f| self.role(&f.expr, Role::Field)),
            Expr::Lit(l) => {
                if let Lit::Str(s) = &l.lit {
                    let range = s.span().byte_range();
                    let (role, fail, in_macro) = self.hit(range.clone());
                    self.facts.lits.push(Hit {
                        range,
                        role,
                        fail,
                        in_macro,
                        value: Some(s.value()),
                        name: None,
                    });
                }
            }
            Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
                let ident = &p.path.segments[0].ident;
                let range = ident.span().byte_range();
                let (role, fail, in_macro) = self.hit(range.clone());
                self.facts.paths.push(Hit {
                    range,
                    role,
                    fail,
                    in_macro,
                    value: None,
                    name: Some(ident.to_string()),
                });
            }
            Expr::Closure(_) | Expr::Async(_) => {
                return self.in_fn(Fail::Expect, |v| visit::visit_expr(v, e));
            }
            _ => {}
        }
        visit::visit_expr(self, e);
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        if let Some(init) = &l.init {
            let name = match &l.pat {
                syn::Pat::Ident(i) => Some(i.ident.to_string()),
                syn::Pat::Type(t) => match &*t.pat {
                    syn::Pat::Ident(i) => Some(i.ident.to_string()),
                    _ => None,
                },
                _ => None,
            };
            self.role(&init.expr, Role::Let(name));
        }
        visit::visit_local(self, l);
    }

    fn visit_block(&mut self, b: &'ast syn::Block) {
        if let Some(Stmt::Expr(e, None)) = b.stmts.last() {
            self.role(e, Role::Tail);
        }
        visit::visit_block(self, b);
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        let fail = self.fail_of(
            &f.sig.output,
            f.block.brace_token.span.open().byte_range().start,
        );
        self.in_fn(fail, |v| visit::visit_item_fn(v, f));
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        let fail = self.fail_of(
            &f.sig.output,
            f.block.brace_token.span.open().byte_range().start,
        );
        self.in_fn(fail, |v| visit::visit_impl_item_fn(v, f));
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        let body = f
            .default
            .as_ref()
            .map(|b| b.brace_token.span.open().byte_range().start);
        let fail = body.map_or(Fail::Expect, |b| self.fail_of(&f.sig.output, b));
        self.in_fn(fail, |v| visit::visit_trait_item_fn(v, f));
    }

    fn visit_item_const(&mut self, c: &'ast syn::ItemConst) {
        let start = c.attrs.first().map_or_else(
            || vis_start(&c.vis).unwrap_or(c.const_token.span.byte_range().start),
            |a| a.pound_token.span.byte_range().start,
        );
        self.constant(
            &c.ident,
            !matches!(c.vis, syn::Visibility::Inherited),
            start..c.semi_token.span.byte_range().end,
            c.colon_token.span.byte_range().end..c.eq_token.span.byte_range().start,
            &c.expr,
        );
        self.in_fn(Fail::Const, |v| visit::visit_item_const(v, c));
    }

    fn visit_item_static(&mut self, c: &'ast syn::ItemStatic) {
        let start = c.attrs.first().map_or_else(
            || vis_start(&c.vis).unwrap_or(c.static_token.span.byte_range().start),
            |a| a.pound_token.span.byte_range().start,
        );
        self.constant(
            &c.ident,
            !matches!(c.vis, syn::Visibility::Inherited),
            start..c.semi_token.span.byte_range().end,
            c.colon_token.span.byte_range().end..c.eq_token.span.byte_range().start,
            &c.expr,
        );
        self.in_fn(Fail::Const, |v| visit::visit_item_static(v, c));
    }

    fn visit_impl_item_const(&mut self, c: &'ast syn::ImplItemConst) {
        self.in_fn(Fail::Const, |v| visit::visit_impl_item_const(v, c));
    }

    fn visit_expr_const(&mut self, c: &'ast syn::ExprConst) {
        self.in_fn(Fail::Const, |v| visit::visit_expr_const(v, c));
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if m.content.is_none() {
            self.facts.outer_modules = true;
        }
        visit::visit_item_mod(self, m);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        let start = m
            .path
            .segments
            .first()
            .map_or(0, |s| s.ident.span().byte_range().start);
        let end = match &m.delimiter {
            syn::MacroDelimiter::Paren(p) => p.span.close().byte_range().end,
            syn::MacroDelimiter::Brace(b) => b.span.close().byte_range().end,
            syn::MacroDelimiter::Bracket(b) => b.span.close().byte_range().end,
        };
        self.facts.macros.push(start..end);
        let parsed = m.parse_body_with(Punctuated::<Expr, syn::Token![,]>::parse_terminated);
        match parsed {
            Ok(args) => {
                self.in_macro += 1;
                for a in &args {
                    self.role(a, Role::Arg);
                    self.visit_expr(a);
                }
                self.in_macro -= 1;
            }
            Err(_) => collect_idents(m.tokens.clone(), &mut self.facts.opaque_idents),
        }
        visit::visit_macro(self, m);
    }
}

impl Collect<'_> {
    fn constant(
        &mut self,
        ident: &syn::Ident,
        public: bool,
        item: Range<usize>,
        ty: Range<usize>,
        expr: &Expr,
    ) {
        let lit = match expr {
            Expr::Lit(l) if matches!(l.lit, Lit::Str(_)) => Some(l.lit.span().byte_range()),
            _ => None,
        };
        self.facts.consts.push(Constant {
            name: ident.to_string(),
            public,
            item,
            ty: self.text(ty),
            lit,
        });
    }
}

fn vis_start(vis: &syn::Visibility) -> Option<usize> {
    match vis {
        syn::Visibility::Public(p) => Some(p.span.byte_range().start),
        syn::Visibility::Restricted(r) => Some(r.pub_token.span.byte_range().start),
        syn::Visibility::Inherited => None,
    }
}

fn collect_idents(tokens: proc_macro2::TokenStream, out: &mut Vec<String>) {
    for t in tokens {
        match t {
            proc_macro2::TokenTree::Ident(i) => out.push(i.to_string()),
            proc_macro2::TokenTree::Group(g) => collect_idents(g.stream(), out),
            _ => {}
        }
    }
}
