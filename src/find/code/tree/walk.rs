//! The walk over a tree-sitter tree: one pass with a [`TreeCursor`], collecting
//! calls, credential-named values, bindings and client instances into [`Facts`],
//! looking at most a few fixed levels below a node.

use super::*;

/// Most wrappers peeled off one value.
const MAX_UNWRAP: usize = 8;
/// Most segments of a callee path (`a.b.c.d(…)`).
const MAX_PATH: usize = 16;

#[derive(Debug)]
enum FrameKind {
    Function(usize),
    Class(String),
}

struct Frame {
    depth: usize,
    kind: FrameKind,
}

pub(super) struct Walk<'a> {
    grammar: Grammar,
    src: &'a [u8],
    wrappers: &'a Wrappers,
    facts: Facts,
    /// Dict/object nodes already read as a call argument.
    consumed: HashSet<usize>,
    /// String nodes that are a statement of their own (docstrings, `'use strict'`).
    statements: HashSet<usize>,
    frames: Vec<Frame>,
    scopes: usize,
}

fn child<'t>(node: Node<'t>, field: &str) -> Option<Node<'t>> {
    node.child_by_field_name(field)
}

/// Named children without comments (tree-sitter attaches comments anywhere).
fn named_children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .collect()
}

fn first_named(node: Node) -> Option<Node> {
    named_children(node).into_iter().next()
}

impl<'a> Walk<'a> {
    pub(super) fn new(grammar: Grammar, src: &'a [u8], wrappers: &'a Wrappers) -> Walk<'a> {
        Walk {
            grammar,
            src,
            wrappers,
            facts: Facts::default(),
            consumed: HashSet::new(),
            statements: HashSet::new(),
            frames: Vec::new(),
            scopes: MODULE_SCOPE,
        }
    }

    pub(super) fn into_facts(self) -> Facts {
        self.facts
    }

    pub(super) fn run(&mut self, mut cursor: TreeCursor) {
        // Depth is counted here: `TreeCursor::depth` walks the cursor's stack, which
        // makes a walk over a deep tree quadratic.
        let mut depth = 0usize;
        loop {
            let node = cursor.node();
            while self.frames.last().is_some_and(|f| f.depth >= depth) {
                self.frames.pop();
            }
            self.visit(node);
            if let Some(kind) = self.frame_for(node) {
                self.frames.push(Frame { depth, kind });
            }
            if cursor.goto_first_child() {
                depth += 1;
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return;
                }
                depth -= 1;
            }
        }
    }

    fn text(&self, node: Node) -> String {
        String::from_utf8_lossy(self.src.get(node.byte_range()).unwrap_or_default()).into_owned()
    }

    fn frame_for(&mut self, node: Node) -> Option<FrameKind> {
        match node.kind() {
            "function_definition"
            | "lambda"
            | "function_declaration"
            | "function_expression"
            | "arrow_function"
            | "method_definition"
            | "generator_function_declaration"
            | "generator_function" => {
                self.scopes += 1;
                Some(FrameKind::Function(self.scopes))
            }
            "class_definition" | "class_declaration" | "class" => Some(FrameKind::Class(
                child(node, "name").map_or_else(String::new, |n| self.text(n)),
            )),
            _ => None,
        }
    }

    /// The innermost function scope (module scope outside functions).
    fn scope(&self) -> usize {
        self.frames
            .iter()
            .rev()
            .find_map(|f| match f.kind {
                FrameKind::Function(id) => Some(id),
                FrameKind::Class(_) => None,
            })
            .unwrap_or(MODULE_SCOPE)
    }

    /// The form of a plain `name = …` here: module constant, class attribute or local.
    fn form_here(&self) -> (Form, Option<String>) {
        match self.frames.last().map(|f| &f.kind) {
            None => (Form::ModuleConst, None),
            Some(FrameKind::Class(name)) => (Form::ClassAttr, Some(name.clone())),
            Some(FrameKind::Function(_)) => (Form::Local, None),
        }
    }

    fn visit(&mut self, node: Node) {
        match node.kind() {
            "call" | "call_expression" | "new_expression" => self.call(node),
            "assignment" | "assignment_expression" => {
                if let (Some(left), Some(right)) = (child(node, "left"), child(node, "right")) {
                    self.assign(left, right);
                }
            }
            "variable_declarator" => {
                if let (Some(name), Some(value)) = (child(node, "name"), child(node, "value")) {
                    self.assign(name, value);
                }
            }
            "field_definition" | "public_field_definition" => {
                let name = child(node, "property").or_else(|| child(node, "name"));
                if let (Some(name), Some(value)) = (name, child(node, "value")) {
                    self.instance(name, value);
                }
                if let (Some(name), Some(Value::Lit(lit))) =
                    (name, child(node, "value").map(|v| self.value(v, false)))
                {
                    let owner = self.frames.iter().rev().find_map(|f| match &f.kind {
                        FrameKind::Class(n) => Some(n.clone()),
                        FrameKind::Function(_) => None,
                    });
                    let name = self.key_text(name).unwrap_or_else(|| self.text(name));
                    self.named(Form::ClassAttr, name, owner, lit);
                }
            }
            "import_statement" | "import_from_statement" | "import_clause" => self.imports(node),
            "expression_statement" => {
                if let [only] = named_children(node).as_slice()
                    && matches!(only.kind(), "string" | "template_string")
                {
                    self.statements.insert(only.id());
                }
            }
            "string" | "template_string" if !self.statements.contains(&node.id()) => {
                let range = node.byte_range();
                if keeps_string(self.src.get(range.clone()).unwrap_or_default()) {
                    self.facts.strings.push(range);
                }
            }
            "dictionary" | "object" if !self.consumed.contains(&node.id()) => {
                if let Value::Object(entries) = self.object(node) {
                    for (key, value) in entries {
                        if let Value::Lit(lit) = value {
                            self.named(Form::Key, key, None, lit);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn named(&mut self, form: Form, name: String, owner: Option<String>, lit: Lit) {
        self.facts.named.push(Named {
            form,
            name,
            owner,
            lit,
        });
    }

    fn assign(&mut self, left: Node, right: Node) {
        self.instance(left, right);
        let Value::Lit(lit) = self.value(right, false) else {
            return;
        };
        match left.kind() {
            "identifier" => {
                let name = self.text(left);
                let (form, owner) = self.form_here();
                if form != Form::ClassAttr {
                    self.facts.bindings.push(Binding {
                        scope: self.scope(),
                        name: name.clone(),
                        lit: lit.clone(),
                        at: left.start_byte(),
                    });
                }
                self.named(form, name, owner, lit);
            }
            "attribute" | "member_expression" => {
                let object = child(left, "object").map(|o| self.text(o));
                let name = child(left, "attribute").or_else(|| child(left, "property"));
                if let Some(name) = name {
                    let name = self.text(name);
                    self.named(Form::Attribute, name, object, lit);
                }
            }
            "subscript" | "subscript_expression" => {
                let key = child(left, "subscript").or_else(|| child(left, "index"));
                if let Some(key) = key.and_then(|k| self.string(k)) {
                    let key = String::from_utf8_lossy(&key.value).into_owned();
                    self.named(Form::Key, key, None, lit);
                }
            }
            _ => {}
        }
    }

    /// Names an import binds (`import time`, `from x import y as z`,
    /// `import ccxt, * as fs, { a as b } from …`): modules and classes, not clients.
    fn imports(&mut self, node: Node) {
        let mut names = Vec::new();
        for c in named_children(node) {
            let bound = match c.kind() {
                "dotted_name" => {
                    // `import a.b` binds `a`; `from m import a` binds `a`.
                    if child(node, "module_name").is_some_and(|m| m.id() == c.id()) {
                        None
                    } else {
                        first_named(c)
                    }
                }
                "aliased_import" | "import_specifier" => {
                    child(c, "alias").or_else(|| child(c, "name"))
                }
                "identifier" => Some(c),
                "namespace_import" => first_named(c),
                "named_imports" => {
                    for spec in named_children(c) {
                        if let Some(n) = child(spec, "alias").or_else(|| child(spec, "name")) {
                            names.push(n);
                        }
                    }
                    None
                }
                _ => None,
            };
            names.extend(bound);
        }
        for n in names {
            self.facts.instances.push(Instance {
                scope: self.scope(),
                name: self.text(n),
                path: vec!["import".into()],
                at: n.start_byte(),
            });
        }
    }

    /// `ex = ccxt.binance(…)`, `this.client = new Spot(…)`,
    /// `client = await AsyncClient.create(…)`: the name and what made it.
    fn instance(&mut self, left: Node, right: Node) {
        let mut value = self.unparen(right);
        if matches!(value.kind(), "await" | "await_expression")
            && let Some(inner) = first_named(value)
        {
            value = self.unparen(inner);
        }
        if !matches!(value.kind(), "call" | "call_expression" | "new_expression")
            || !matches!(
                left.kind(),
                "identifier" | "attribute" | "member_expression" | "property_identifier"
            )
        {
            return;
        }
        let Some(callee) = child(value, "function").or_else(|| child(value, "constructor")) else {
            return;
        };
        let path = self.path(callee);
        let mut name = self.path(left).join(".");
        // A class attribute or field is reached as `self.name` / `this.name`.
        if let Some(FrameKind::Class(_)) = self.frames.last().map(|f| &f.kind) {
            let this = if self.grammar.is_python() {
                "self"
            } else {
                "this"
            };
            name = format!("{this}.{name}");
        }
        self.facts.instances.push(Instance {
            scope: self.scope(),
            name,
            path,
            at: left.start_byte(),
        });
    }

    fn call(&mut self, node: Node) {
        let callee = child(node, "function").or_else(|| child(node, "constructor"));
        let (Some(callee), Some(arguments)) = (callee, child(node, "arguments")) else {
            return;
        };
        let path = self.path(callee);
        let mut args = Vec::new();
        let mut kwargs = Vec::new();
        let mut positional = true;
        for arg in named_children(arguments) {
            match arg.kind() {
                "keyword_argument" => {
                    if let (Some(name), Some(value)) = (child(arg, "name"), child(arg, "value")) {
                        let v = self.argument(value);
                        kwargs.push((self.text(name), v));
                    }
                }
                "list_splat" | "dictionary_splat" | "spread_element" => positional = false,
                "comment" => {}
                _ if positional => {
                    let v = self.argument(arg);
                    args.push(v);
                }
                _ => {}
            }
        }
        self.facts.calls.push(Call {
            path,
            method: false,
            text: clean_text(&self.text(callee)),
            args,
            kwargs,
            scope: self.scope(),
            span: callee.byte_range(),
            receiver: Vec::new(),
        });
    }

    /// A call argument: a dict/object literal here is read as the call's options.
    fn argument(&mut self, node: Node) -> Value {
        let v = self.value(node, true);
        if matches!(v, Value::Object(_)) {
            self.consumed.insert(self.unparen(node).id());
        }
        v
    }

    fn unparen<'t>(&self, mut node: Node<'t>) -> Node<'t> {
        for _ in 0..MAX_UNWRAP {
            match node.kind() {
                "parenthesized_expression"
                | "non_null_expression"
                | "as_expression"
                | "satisfies_expression" => match first_named(node) {
                    Some(inner) => node = inner,
                    None => return node,
                },
                _ => return node,
            }
        }
        node
    }

    /// The callee's path segments (`ccxt.pro.kraken` → `ccxt`, `pro`, `kraken`).
    fn path(&self, node: Node) -> Vec<String> {
        let mut segments = Vec::new();
        let mut n = node;
        for _ in 0..MAX_PATH {
            match n.kind() {
                "identifier" | "property_identifier" | "type_identifier" | "this" => {
                    segments.push(self.text(n));
                    break;
                }
                "attribute" | "member_expression" => {
                    let property = child(n, "attribute").or_else(|| child(n, "property"));
                    segments.push(property.map_or_else(String::new, |p| self.text(p)));
                    match child(n, "object") {
                        Some(o) => n = o,
                        None => break,
                    }
                }
                "call" | "call_expression" => match child(n, "function") {
                    Some(f) => n = f,
                    None => break,
                },
                "new_expression" => match child(n, "constructor") {
                    Some(c) => n = c,
                    None => break,
                },
                "subscript" | "subscript_expression" => {
                    segments.push("*".into());
                    match child(n, "value").or_else(|| child(n, "object")) {
                        Some(o) => n = o,
                        None => break,
                    }
                }
                "parenthesized_expression"
                | "non_null_expression"
                | "await"
                | "await_expression" => match first_named(n) {
                    Some(inner) => n = inner,
                    None => break,
                },
                _ => {
                    segments.push(String::new());
                    break;
                }
            }
        }
        segments.reverse();
        segments
    }

    /// The literal of a string node without interpolation, as its content span.
    fn string(&self, node: Node) -> Option<Lit> {
        let node = self.unparen(node);
        match node.kind() {
            "string" if self.grammar.is_python() => {
                let mut start = None;
                let mut end = None;
                for c in named_children(node) {
                    match c.kind() {
                        "string_start" => start = Some(c.end_byte()),
                        "string_end" => end = Some(c.start_byte()),
                        "interpolation" => return None,
                        _ => {}
                    }
                }
                let (start, end) = (start?, end?);
                (start <= end).then(|| Lit::new(self.src, start..end))
            }
            "concatenated_string" => {
                let mut joined: Option<Lit> = None;
                for part in named_children(node) {
                    let lit = self.string(part)?;
                    joined = Some(match joined {
                        None => lit,
                        Some(j) => j.join(lit)?,
                    });
                }
                joined
            }
            "string" => self.quoted(node),
            "template_string" => {
                let mut cursor = node.walk();
                let substituted = node
                    .named_children(&mut cursor)
                    .any(|c| c.kind() == "template_substitution");
                if substituted { None } else { self.quoted(node) }
            }
            _ => None,
        }
    }

    fn quoted(&self, node: Node) -> Option<Lit> {
        let r = node.byte_range();
        (r.end >= r.start + 2).then(|| Lit::new(self.src, r.start + 1..r.end - 1))
    }

    /// `"a" + "b" + "c"`: the literal parts of a left-nested `+` chain, joined.
    fn concatenation(&self, node: Node) -> Option<Lit> {
        let mut rights = Vec::new();
        let mut n = node;
        while matches!(n.kind(), "binary_operator" | "binary_expression") {
            let op = child(n, "operator").map(|o| self.text(o));
            if op.as_deref() != Some("+") || rights.len() >= MAX_PARTS {
                return None;
            }
            rights.push(child(n, "right")?);
            n = child(n, "left")?;
        }
        let mut joined = self.string(n)?;
        for right in rights.into_iter().rev() {
            joined = joined.join(self.string(right)?)?;
        }
        Some(joined)
    }

    fn key_text(&self, key: Node) -> Option<String> {
        match key.kind() {
            "property_identifier" | "identifier" if !self.grammar.is_python() => {
                Some(self.text(key))
            }
            "string" => self
                .string(key)
                .map(|l| String::from_utf8_lossy(&l.value).into_owned()),
            _ => None,
        }
    }

    /// A dict/object literal's literal-keyed entries.
    fn object(&self, node: Node) -> Value {
        let mut entries = Vec::new();
        for entry in named_children(node) {
            match entry.kind() {
                "pair" => {
                    let (Some(key), Some(value)) = (child(entry, "key"), child(entry, "value"))
                    else {
                        continue;
                    };
                    if let Some(key) = self.key_text(key) {
                        entries.push((key, self.value(value, false)));
                    }
                }
                "shorthand_property_identifier" => {
                    let name = self.text(entry);
                    entries.push((
                        name.clone(),
                        Value::Name {
                            name,
                            span: entry.byte_range(),
                        },
                    ));
                }
                _ => {}
            }
        }
        Value::Object(entries)
    }

    fn is_wrapper_call(&self, callee: Node) -> bool {
        let path = self.path(callee);
        self.wrappers
            .calls
            .iter()
            .any(|w| w.matches(&path, false).is_some())
    }

    /// What an expression amounts to, wrappers peeled off; dict/object literals
    /// only when `objects` is set (call arguments).
    fn value(&self, node: Node, objects: bool) -> Value {
        let mut n = node;
        for _ in 0..MAX_UNWRAP {
            if let Some(lit) = self.string(n) {
                return Value::Lit(lit);
            }
            match n.kind() {
                "binary_operator" | "binary_expression" => {
                    return self.concatenation(n).map_or(Value::Other, Value::Lit);
                }
                "parenthesized_expression"
                | "non_null_expression"
                | "as_expression"
                | "satisfies_expression" => match first_named(n) {
                    Some(inner) => n = inner,
                    None => return Value::Other,
                },
                "identifier" => {
                    return Value::Name {
                        name: self.text(n),
                        span: n.byte_range(),
                    };
                }
                "dictionary" | "object" if objects => return self.object(n),
                "call" | "call_expression" | "new_expression" => {
                    match self.unwrap_call(n, objects) {
                        Unwrapped::Inner(inner) => n = inner,
                        Unwrapped::Done(v) => return v,
                    }
                }
                _ => return Value::Other,
            }
        }
        Value::Other
    }

    fn unwrap_call<'t>(&self, call: Node<'t>, objects: bool) -> Unwrapped<'t> {
        let callee = child(call, "function").or_else(|| child(call, "constructor"));
        let (Some(callee), Some(arguments)) = (callee, child(call, "arguments")) else {
            return Unwrapped::Done(Value::Other);
        };
        let args = named_children(arguments);
        // `"…".strip()`, `'…'.trim()`
        if args.is_empty()
            && let Some(object) = child(callee, "object")
            && let Some(method) = child(callee, "attribute").or_else(|| child(callee, "property"))
            && self.wrappers.methods.contains(&self.text(method))
        {
            return Unwrapped::Inner(object);
        }
        // `str("…")`, `String("…")`
        if let [only] = args.as_slice()
            && only.kind() != "keyword_argument"
            && self.is_wrapper_call(callee)
        {
            return Unwrapped::Inner(*only);
        }
        // `dict(apiKey="…", secret="…")`
        if objects && self.grammar.is_python() && self.text(callee) == "dict" {
            let entries = args
                .iter()
                .filter(|a| a.kind() == "keyword_argument")
                .filter_map(|a| {
                    Some((
                        self.text(child(*a, "name")?),
                        self.value(child(*a, "value")?, false),
                    ))
                })
                .collect();
            return Unwrapped::Done(Value::Object(entries));
        }
        Unwrapped::Done(Value::Other)
    }
}

enum Unwrapped<'t> {
    Inner(Node<'t>),
    Done(Value),
}
