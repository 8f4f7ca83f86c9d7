//! Print the bindings of a file (development aid): `cargo run --example bindings_dump -- FILE...`
//! Values are masked (`keylint::redact`); pass `--count` to print only counts and throughput.
use keylint::find::bindings::{self, Bindings, Scanner};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count = args.iter().any(|a| a == "--count");
    // `--lines`: one `path<TAB>line<TAB>form<TAB>name` per binding (no values)
    let lines = args.iter().any(|a| a == "--lines");
    // `--words`: scan only windows around credential words (as the engine would)
    let words = args.iter().any(|a| a == "--words");
    let ac = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build([
            "key",
            "secret",
            "token",
            "passw",
            "pwd",
            "passphrase",
            "auth",
            "bearer",
            "credential",
            "priv",
        ])
        .expect("literal words");
    let mut windowed = 0;
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let data: Vec<Vec<u8>> = files.iter().filter_map(|f| std::fs::read(f).ok()).collect();
    let mut scanner = Scanner::new();
    let mut out = Bindings::default();
    let reps = if count { 20 } else { 1 };
    let start = std::time::Instant::now();
    let mut n = 0;
    let mut bytes = 0;
    for _ in 0..reps {
        for (f, b) in files.iter().zip(&data) {
            if words {
                let ws = bindings::windows(b, ac.find_iter(b).map(|m| m.start()), 1, 2, 1024);
                windowed += ws.iter().map(|w| w.len()).sum::<usize>();
                scanner.scan_windows(b, &ws, &mut out);
            } else {
                scanner.scan(b, &mut out);
            }
            n += out.len();
            bytes += b.len();
            if lines {
                let starts: Vec<usize> = std::iter::once(0)
                    .chain(
                        b.iter()
                            .enumerate()
                            .filter(|(_, c)| **c == b'\n')
                            .map(|(i, _)| i + 1),
                    )
                    .collect();
                let line_of = |at: usize| starts.partition_point(|&s| s <= at);
                for x in &out {
                    println!(
                        "{f}\t{}\t{:?}\t{}",
                        line_of(x.value.start),
                        x.form,
                        String::from_utf8_lossy(out.name_text(x, b)).replace(['\t', '\n'], " ")
                    );
                }
            } else if !count {
                for x in &out {
                    // values are masked the way every keylint output masks secrets
                    let v = keylint::redact::Secret::new(&out.value_text(x, b));
                    println!(
                        "{f}:{}: {:?} {:?} = {v} {:?} labels={}",
                        x.value.start,
                        x.form,
                        String::from_utf8_lossy(out.name_text(x, b)),
                        x.flags,
                        out.labels(x).len()
                    );
                }
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "{n} bindings, {bytes} bytes ({:.0}% in windows), {:.1} MB/s, {:.1} bindings/KB",
        if words {
            100.0 * windowed as f64 / bytes as f64
        } else {
            100.0
        },
        bytes as f64 / secs / 1e6,
        n as f64 / (bytes as f64 / 1000.0)
    );
}
