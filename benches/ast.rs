//! Criterion benchmarks of the code-aware pass: the whole engine on one generated
//! source file per language, with the pass and without it (the difference is the
//! pass's cost on a file it parses). Inputs are generated from a fixed seed at start;
//! nothing is downloaded.
//!
//!     cargo bench --bench ast

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use keylint::engine::{Engine, FileOutput, Scratch};
use keylint::source::{Lang, Source};

/// Target size of each generated file.
const SIZE: usize = 256 * 1024;

/// A small deterministic generator (64-bit LCG) for key-shaped strings.
struct Lcg(u64);

impl Lcg {
    fn alnum(&mut self, n: usize) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..n)
            .map(|_| {
                self.0 = self
                    .0
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ALPHABET[(self.0 >> 33) as usize % ALPHABET.len()] as char
            })
            .collect()
    }
}

/// One unit of a bot in `lang`: a client built from literals, one from the
/// environment, and ordinary code around them.
fn unit(lang: Lang, i: usize, rng: &mut Lcg) -> String {
    let (k, s) = (rng.alnum(64), rng.alnum(64));
    match lang {
        Lang::Python => format!(
            "def make_{i}(symbol, amount):\n    client = Client(\"{k}\", \"{s}\")\n    env = ccxt.binance({{\"apiKey\": os.environ[\"K\"], \"secret\": os.getenv(\"S\")}})\n    price = client.get_symbol_ticker(symbol=symbol)[\"price\"]\n    return [float(price) * amount + n for n in range({i} % 7)]\n\n"
        ),
        Lang::Rust => format!(
            "pub fn make_{i}(symbol: &str, amount: f64) -> Vec<f64> {{\n    let account: Account = Binance::new(Some(\"{k}\".into()), Some(\"{s}\".to_string()));\n    let key = std::env::var(\"BINANCE_API_KEY\").ok();\n    let price = account.get_price(symbol).unwrap_or(0.0);\n    (0..{i} % 7).map(|n| price * amount + n as f64).collect()\n}}\n\n"
        ),
        _ => format!(
            "export function make{i}(symbol: string, amount: number): number[] {{\n  const ex = new ccxt.binance({{ apiKey: '{k}', secret: '{s}' }});\n  const env = new ccxt.binance({{ apiKey: process.env.K!, secret: process.env.S }});\n  return [...Array({i} % 7).keys()].map((n) => amount * n + symbol.length);\n}}\n\n"
        ),
    }
}

fn generate(lang: Lang) -> Vec<u8> {
    let header = match lang {
        Lang::Python => "import os\n\nimport ccxt\nfrom binance.client import Client\n\n",
        Lang::Rust => "use binance::account::Account;\nuse binance::api::Binance;\n\n",
        _ => "import ccxt from 'ccxt';\n\n",
    };
    let mut rng = Lcg(0x6b65_796c_696e_7434);
    let mut text = String::from(header);
    let mut i = 0;
    while text.len() < SIZE {
        text.push_str(&unit(lang, i, &mut rng));
        i += 1;
    }
    text.into_bytes()
}

fn engine(code_aware: bool) -> Engine {
    let mut cfg = keylint::Config::default();
    cfg.code_aware = code_aware;
    keylint::Engine::from_config(&cfg).expect("built-in rules load")
}

fn bench_ast(c: &mut Criterion) {
    let with_pass = engine(true);
    let regex_only = engine(false);
    let mut group = c.benchmark_group("ast");
    for (name, lang) in [
        ("python", Lang::Python),
        ("rust", Lang::Rust),
        ("typescript", Lang::TypeScript),
    ] {
        let bytes = generate(lang);
        let path = format!(
            "bench.{}",
            match lang {
                Lang::Python => "py",
                Lang::Rust => "rs",
                _ => "ts",
            }
        );
        assert_eq!(Lang::from_path(Path::new(&path)), lang);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        for (variant, engine) in [("with-pass", &with_pass), ("regex-only", &regex_only)] {
            group.bench_function(format!("{name}/{variant}"), |b| {
                let mut scratch = Scratch::default();
                b.iter(|| {
                    let src = Source::new(&path, &bytes, lang);
                    let mut out = FileOutput::default();
                    engine.scan(&src, &mut scratch, &mut out);
                    black_box(out.findings.len())
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_ast);
criterion_main!(benches);
