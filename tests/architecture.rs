//! The library's module graph points one way: sources → find → judge → tell →
//! engine → scan → reports, with leaf types below them all (ARCHITECTURE.md).
//!
//! This test reads every file of the library crate (from `src/lib.rs`, following
//! `mod` items), collects each `crate::…` path it uses (`use` items, and paths in
//! types and expressions; `super::…` resolved), and checks the graph of top-level
//! modules: no cycle, and every edge points down the layer list below. Code under
//! `#[cfg(test)]` is left out: a unit test may drive the whole engine, as
//! dev-dependencies may. Paths inside macro invocations are not seen.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// Top-level modules from the bottom up: a module may import from its own layer's
/// other modules only if that adds no cycle, and from any layer below it.
const LAYERS: &[&[&str]] = &[
    // Leaf types: no crate imports except each other.
    &["source", "redact", "capability", "guard"],
    &["finding", "error"],
    // Rule data: loading, validation, RuleSet (consumed by find, judge and tell).
    &["rules", "outcome"],
    // Configuration is data: `.keylint.toml` and flags into a validated Config.
    &["config"],
    // Where bytes come from.
    &["sources"],
    // The three stages.
    &["find"],
    &["judge"],
    &["tell"],
    // Per-source pipeline, built from a Config.
    &["engine"],
    // Sources through the engine into a ScanReport; what reads a ScanReport.
    &["scan", "report", "baseline", "rulecheck"],
    // Commands that act on a ScanReport's findings (they run `scan`).
    &["fix"],
];

/// Edge (from, to) between top-level modules, with where it was seen.
type Edges = BTreeMap<(String, String), Vec<String>>;

#[test]
fn top_level_modules_form_no_cycle_and_point_down_the_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = crate_edges(&root);
    if std::env::var_os("KEYLINT_PRINT_GRAPH").is_some() {
        for ((a, b), at) in &edges {
            eprintln!("{a} -> {b}  ({})", at[0]);
        }
    }
    assert!(
        edges.len() > 20,
        "the graph reader found only {} edges: it is not reading the crate",
        edges.len()
    );
    let mut problems = Vec::new();
    let cycles = cycles(&edges.keys().cloned().collect::<Vec<_>>());
    for c in &cycles {
        let mut text = format!("cycle: {}", c.join(" → "));
        for pair in c.windows(2) {
            if let Some(at) = edges.get(&(pair[0].clone(), pair[1].clone())) {
                text.push_str(&format!("\n    {} → {}: {}", pair[0], pair[1], at[0]));
            }
        }
        problems.push(text);
    }
    let layer = |m: &str| LAYERS.iter().position(|l| l.contains(&m));
    let modules: BTreeSet<&String> = edges.keys().flat_map(|(a, b)| [a, b]).collect();
    for m in modules {
        if layer(m).is_none() {
            problems.push(format!(
                "module `{m}` is in no layer: add it to LAYERS in tests/architecture.rs and to ARCHITECTURE.md"
            ));
        }
    }
    for ((from, to), at) in &edges {
        if let (Some(a), Some(b)) = (layer(from), layer(to))
            && b > a
        {
            problems.push(format!(
                "`{from}` (layer {a}) imports `{to}` (layer {b}), which is above it: {}",
                at[0]
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every edge between distinct top-level modules of the crate rooted at `src`.
fn crate_edges(src: &Path) -> Edges {
    let mut edges = Edges::new();
    let mut roots = BTreeSet::new();
    let mut files = vec![(src.join("lib.rs"), Vec::<String>::new(), src.to_path_buf())];
    while let Some((file, module, dir)) = files.pop() {
        if let [root] = module.as_slice() {
            roots.insert(root.clone());
        }
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut v = Visitor {
            file: file.strip_prefix(src).unwrap_or(&file).to_path_buf(),
            module: module.clone(),
            dir: dir.clone(),
            edges: &mut edges,
            children: Vec::new(),
        };
        v.visit_file(&ast);
        files.extend(v.children);
    }
    // Names at the root that are not modules (re-exports, functions) are no edge.
    edges.retain(|(_, to), _| roots.contains(to));
    edges
}

struct Visitor<'a> {
    file: PathBuf,
    /// Module path of the code being visited (empty: the crate root).
    module: Vec<String>,
    /// Directory holding the files of this module's child modules.
    dir: PathBuf,
    edges: &'a mut Edges,
    children: Vec<(PathBuf, Vec<String>, PathBuf)>,
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| m.path().is_ident("test"))
    })
}

impl Visitor<'_> {
    /// Record a path of segments as written (`crate`, `super`, `self`, names).
    fn path(&mut self, segments: &[String], line: usize) {
        let abs: Vec<String> = match segments.first().map(String::as_str) {
            Some("crate") => segments[1..].to_vec(),
            Some("super") => {
                let ups = segments.iter().take_while(|s| *s == "super").count();
                let keep = self.module.len().saturating_sub(ups);
                let mut p = self.module[..keep].to_vec();
                p.extend_from_slice(&segments[ups..]);
                p
            }
            Some("self") => {
                let mut p = self.module.clone();
                p.extend_from_slice(&segments[1..]);
                p
            }
            _ => return,
        };
        let Some(to) = abs.into_iter().next() else {
            return;
        };
        let Some(from) = self.module.first() else {
            return;
        };
        if to == *from {
            return;
        }
        self.edges
            .entry((from.clone(), to))
            .or_default()
            .push(format!("src/{}:{line}", self.file.display()));
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree, line: usize) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree, line);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                prefix.push(n.ident.to_string());
                self.path(&prefix.clone(), line);
                prefix.pop();
            }
            syn::UseTree::Rename(r) => {
                prefix.push(r.ident.to_string());
                self.path(&prefix.clone(), line);
                prefix.pop();
            }
            syn::UseTree::Glob(_) => {
                prefix.push("*".into());
                self.path(&prefix.clone(), line);
                prefix.pop();
            }
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t, line);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Visitor<'_> {
    fn visit_item(&mut self, i: &'ast syn::Item) {
        let attrs = match i {
            syn::Item::Fn(x) => &x.attrs,
            syn::Item::Mod(x) => &x.attrs,
            syn::Item::Use(x) => &x.attrs,
            syn::Item::Impl(x) => &x.attrs,
            syn::Item::Struct(x) => &x.attrs,
            syn::Item::Enum(x) => &x.attrs,
            syn::Item::Const(x) => &x.attrs,
            syn::Item::Static(x) => &x.attrs,
            syn::Item::Macro(x) => &x.attrs,
            _ => return syn::visit::visit_item(self, i),
        };
        if !is_cfg_test(attrs) {
            syn::visit::visit_item(self, i);
        }
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        let name = m.ident.to_string();
        let mut module = self.module.clone();
        module.push(name.clone());
        match &m.content {
            // `mod x { … }`: same file, one module deeper.
            Some(_) => {
                let outer = std::mem::replace(&mut self.module, module);
                let inner = self.dir.join(&name);
                let dir = std::mem::replace(&mut self.dir, inner);
                syn::visit::visit_item_mod(self, m);
                self.module = outer;
                self.dir = dir;
            }
            // `mod x;`: `x.rs` (children in `x/`) or `x/mod.rs`.
            None => {
                let flat = self.dir.join(format!("{name}.rs"));
                let file = if flat.exists() {
                    flat
                } else {
                    self.dir.join(&name).join("mod.rs")
                };
                self.children.push((file, module, self.dir.join(&name)));
            }
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        let line = u.use_token.span.start().line;
        self.use_tree(&mut Vec::new(), &u.tree, line);
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        let segments: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
        let line = p
            .segments
            .first()
            .map_or(0, |s| s.ident.span().start().line);
        if segments.len() > 1 {
            self.path(&segments, line);
        }
        syn::visit::visit_path(self, p);
    }
}

/// Every elementary cycle through the graph's strongly connected components, one per
/// component (the shortest found from its first node), as `a → b → … → a`.
fn cycles(edges: &[(String, String)]) -> Vec<Vec<String>> {
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (a, b) in edges {
        graph.entry(a).or_default().insert(b);
        graph.entry(b).or_default();
    }
    let mut out = Vec::new();
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    for &start in graph.keys() {
        if reported.contains(start) {
            continue;
        }
        // Breadth-first search back to `start`: the shortest cycle through it.
        let mut prev: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        let mut closed = None;
        'search: while let Some(n) = queue.pop_front() {
            for &next in &graph[n] {
                if next == start {
                    closed = Some(n);
                    break 'search;
                }
                if !prev.contains_key(next) {
                    prev.insert(next, n);
                    queue.push_back(next);
                }
            }
        }
        if let Some(mut n) = closed {
            let mut cycle = vec![start.to_string()];
            let mut back = vec![n];
            while n != start {
                n = prev[n];
                back.push(n);
            }
            back.pop();
            cycle.extend(back.iter().rev().map(|s| s.to_string()));
            cycle.push(start.to_string());
            reported.extend(back.iter().copied());
            reported.insert(start);
            out.push(cycle);
        }
    }
    out
}

#[test]
fn the_cycle_finder_finds_cycles_and_only_cycles() {
    let e = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    // A chain and a diamond: no cycle.
    assert!(cycles(&e(&[("a", "b"), ("b", "c"), ("a", "d"), ("d", "c")])).is_empty());
    // A two-node cycle.
    assert_eq!(
        cycles(&e(&[("a", "b"), ("b", "a")])),
        vec![vec!["a", "b", "a"]]
    );
    // A long cycle hanging off a chain, reported once.
    let found = cycles(&e(&[
        ("x", "a"),
        ("a", "b"),
        ("b", "c"),
        ("c", "a"),
        ("c", "y"),
    ]));
    assert_eq!(found, vec![vec!["a", "b", "c", "a"]]);
    // Two separate cycles.
    let found = cycles(&e(&[
        ("a", "b"),
        ("b", "a"),
        ("c", "d"),
        ("d", "c"),
        ("b", "c"),
    ]));
    assert_eq!(found.len(), 2, "{found:?}");
}

#[test]
fn the_graph_reader_sees_uses_paths_and_super_and_skips_tests() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path();
    std::fs::write(
        src.join("lib.rs"),
        "mod a;\nmod b;\nmod c;\n#[cfg(test)]\nmod t { use crate::c::X; }\n",
    )
    .expect("write");
    std::fs::create_dir(src.join("a")).expect("mkdir");
    std::fs::write(src.join("a.rs"), "mod inner;\nuse crate::b::{self, Y};\n").expect("write");
    std::fs::write(
        src.join("a/inner.rs"),
        "fn f() { super::super::c::g(); }\n#[cfg(test)]\nmod tests { use crate::b::Z; }\n",
    )
    .expect("write");
    std::fs::write(
        src.join("b.rs"),
        "pub struct Y;\n#[cfg(test)]\nuse crate::a::Q;\n",
    )
    .expect("write");
    std::fs::write(src.join("c.rs"), "fn g() -> crate::a::T { todo!() }\n").expect("write");
    let edges: Vec<(String, String)> = crate_edges(src).into_keys().collect();
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(edges, vec![pair("a", "b"), pair("a", "c"), pair("c", "a")]);
    assert_eq!(cycles(&edges), vec![vec!["a", "c", "a"]]);
}
