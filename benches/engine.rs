//! Criterion benchmarks of the scanning engine, each with `Throughput::Bytes`:
//!
//! - `prefilter`: the keyword automaton alone (one Aho-Corasick pass per file), on
//!   clean code and on keyword-dense text;
//! - `engine`: the whole per-file engine (prefilter, the regex rules it selects, the
//!   wallet and code-aware passes, dedup, findings) on the same two inputs;
//! - `bindings`: the binding layer alone (`keylint::find::bindings`) on the same
//!   inputs, once reusing one `Scanner` and `Bindings` across files (`*-reuse`, how
//!   the engine runs it) and once allocating both per file (`*-fresh`);
//! - `load`: building the engine (parsing and compiling every rule), which a
//!   pre-commit hook pays on every run.
//!
//! Inputs are read from disk, never downloaded: *clean code* is real Rust source from
//! the cargo registry (crates this project depends on, so every machine that builds
//! keylint has them; not keylint's own `src/`, which names every exchange and client
//! the code-aware pass looks for); *keyword-dense* text is every
//! file of `fixtures/bots/` (trading bots with planted synthetic keys and traps) and
//! `fixtures/code/`, repeated to the same size. The AST pass has its own group in
//! `benches/ast.rs`.
//!
//!     cargo bench --bench engine

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use keylint::engine::{Engine, FileOutput, Scratch};
use keylint::find::prefilter::{Hits, Prefilter};
use keylint::source::{Lang, Source};

/// Bytes of input per benchmark.
const SIZE: usize = 4 * 1024 * 1024;

/// One file of an input set: its name (for the language) and content.
struct Input {
    path: String,
    lang: Lang,
    bytes: Vec<u8>,
}

/// Text files under `dir`, sorted by path so every run reads the same ones.
fn files_under(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let path = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            files_under(&path, exts, out);
        } else if ft.is_file()
            && (exts.is_empty()
                || path
                    .extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| exts.contains(&x)))
        {
            out.push(path);
        }
    }
}

/// Read `paths` in order, cycling through them, until `SIZE` bytes are held.
fn load(paths: &[PathBuf]) -> Vec<Input> {
    assert!(!paths.is_empty(), "no input files found");
    let mut inputs = Vec::new();
    let mut total = 0;
    for path in paths.iter().cycle() {
        if total >= SIZE {
            break;
        }
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        if bytes.is_empty() || bytes.len() > SIZE || bytes.contains(&0) {
            continue;
        }
        total += bytes.len();
        inputs.push(Input {
            path: path.to_string_lossy().into_owned(),
            lang: Lang::from_path(path),
            bytes,
        });
    }
    inputs
}

/// Real Rust source: the registry crates of `regex-automata`, `aho-corasick`, `syn`,
/// `gix-odb` and `gix-pack`.
fn clean_code() -> Vec<Input> {
    let mut paths = Vec::new();
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    if let Some(registry) = home.map(|h| h.join("registry/src")) {
        let mut crates: Vec<PathBuf> = std::fs::read_dir(&registry)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .flat_map(|index| std::fs::read_dir(index.path()).into_iter().flatten())
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                [
                    "regex-automata-",
                    "aho-corasick-",
                    "syn-2",
                    "gix-odb-",
                    "gix-pack-",
                ]
                .iter()
                .any(|c| name.starts_with(c))
            })
            .collect();
        crates.sort();
        for c in crates {
            files_under(&c.join("src"), &["rs"], &mut paths);
        }
    }
    load(&paths)
}

/// Trading-bot fixtures: keys, traps and credential names on most lines.
fn keyword_dense() -> Vec<Input> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut paths = Vec::new();
    files_under(&root.join("bots"), &[], &mut paths);
    files_under(&root.join("code"), &[], &mut paths);
    paths.retain(|p| p.file_name().is_some_and(|n| n != "manifest.toml"));
    load(&paths)
}

fn bytes_of(inputs: &[Input]) -> u64 {
    inputs.iter().map(|i| i.bytes.len() as u64).sum()
}

fn engine() -> Engine {
    keylint::Engine::from_config(&keylint::Config::default()).expect("built-in rules load")
}

fn bench_prefilter(c: &mut Criterion) {
    let engine = engine();
    let prefilter = Prefilter::new(engine.rules());
    let mut group = c.benchmark_group("prefilter");
    for (name, inputs) in [("clean", clean_code()), ("dense", keyword_dense())] {
        group.throughput(Throughput::Bytes(bytes_of(&inputs)));
        group.bench_function(name, |b| {
            let mut hits = Hits::default();
            b.iter(|| {
                let mut n = 0;
                for input in &inputs {
                    prefilter.run(&input.bytes, &mut hits);
                    n += hits.positions.len();
                }
                black_box(n)
            })
        });
    }
    group.finish();
}

fn bench_engine(c: &mut Criterion) {
    let engine = engine();
    let mut group = c.benchmark_group("engine");
    group.sample_size(20);
    for (name, inputs) in [("clean", clean_code()), ("dense", keyword_dense())] {
        group.throughput(Throughput::Bytes(bytes_of(&inputs)));
        group.bench_function(name, |b| {
            let mut scratch = Scratch::default();
            let mut out = FileOutput::default();
            b.iter(|| {
                let mut n = 0;
                for input in &inputs {
                    out.findings.clear();
                    out.suppressed.clear();
                    out.notes.clear();
                    let src = Source::new(&input.path, &input.bytes, input.lang);
                    engine.scan(&src, &mut scratch, &mut out);
                    n += out.findings.len();
                }
                black_box(n)
            })
        });
    }
    group.finish();
}

fn bench_bindings(c: &mut Criterion) {
    use keylint::find::bindings::{self, Bindings, Scanner};
    let mut group = c.benchmark_group("bindings");
    group.sample_size(20);
    for (name, inputs) in [("clean", clean_code()), ("dense", keyword_dense())] {
        group.throughput(Throughput::Bytes(bytes_of(&inputs)));
        group.bench_function(format!("{name}-reuse"), |b| {
            let mut scanner = Scanner::new();
            let mut out = Bindings::default();
            b.iter(|| {
                let mut n = 0;
                for input in &inputs {
                    scanner.scan(&input.bytes, &mut out);
                    n += out.len();
                }
                black_box(n)
            })
        });
        group.bench_function(format!("{name}-fresh"), |b| {
            b.iter(|| {
                let mut n = 0;
                for input in &inputs {
                    n += bindings::scan(&input.bytes).len();
                }
                black_box(n)
            })
        });
    }
    group.finish();
}

fn bench_load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(20);
    group.bench_function("rules", |b| b.iter(|| black_box(engine().rules().len())));
    group.finish();
}

criterion_group!(
    benches,
    bench_prefilter,
    bench_engine,
    bench_bindings,
    bench_load
);
criterion_main!(benches);
