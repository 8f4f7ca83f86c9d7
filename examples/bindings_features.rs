//! Development aid for tuning the judging of bindings: one TSV row per binding with the
//! facts a judge would use — never the value itself.
//!
//!     cargo run --release --example bindings_features -- FILE... > features.tsv
//!
//! Columns: path, line, form, flags, quote, name, call, labels, lang, bare-literal
//! language, length, entropy, alphabet, has digit/upper/lower/other, placeholder,
//! env read, the effective entropy floors for 2.5/3.0/3.5/4.0, the shapes of
//! `rules/placeholders.toml` the value matches, has whitespace, has non-ASCII, looks like
//! a password hash, and the value's byte span (for offline analysis).
use keylint::find::bindings::{Bindings, Scanner};
use keylint::find::entropy;
use keylint::find::placeholder::Placeholders;
use keylint::source::Lang;

fn clean(b: &[u8]) -> String {
    String::from_utf8_lossy(b)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(80)
        .collect()
}

fn main() {
    let ph = Placeholders::builtin();
    let shapes = keylint::rules::shape::builtin();
    let pwhash = regex::bytes::Regex::new(
        r"^(?:\$2[abxy]?\$\d\d\$|\$argon2(?:id|i|d)\$|\$scrypt\$|\$7\$|\$pbkdf2|pbkdf2_sha\d+\$|\$[156]\$|\$y\$|\{S?SHA\d*\}|\{SSHA\d*\}|SCRAM-SHA-\d+\$|md5[0-9a-f]{32}$|sha1\$|bcrypt\$)",
    )
    .expect("pattern");
    let mut scanner = Scanner::new();
    let mut out = Bindings::default();
    for f in std::env::args().skip(1) {
        let Ok(b) = std::fs::read(&f) else { continue };
        let lang = Lang::from_path(std::path::Path::new(&f));
        scanner.scan(&b, &mut out);
        let starts: Vec<usize> = std::iter::once(0)
            .chain(
                b.iter()
                    .enumerate()
                    .filter(|(_, c)| **c == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        for x in &out {
            let v = out.value_text(x, &b);
            let v: &[u8] = &v;
            let line = starts.partition_point(|&s| s <= x.value.start);
            let labels: Vec<String> = out.labels(x).iter().map(|s| clean(&b[s.clone()])).collect();
            let shape_names: Vec<&str> = shapes
                .iter()
                .filter(|s| v.len() <= 1024 && s.matches(v))
                .map(|s| s.name.as_str())
                .collect();
            let alphabet = match entropy::Alphabet::of(v) {
                entropy::Alphabet::Digits => "digits",
                entropy::Alphabet::Hex => "hex",
                entropy::Alphabet::Base64 => "b64",
                entropy::Alphabet::Other => "other",
            };
            let line_start = starts[line - 1];
            let prefix = &b[line_start..x.value.start.max(line_start)];
            println!(
                "{f}\t{line}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.3}\t{alphabet}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.3}\t{:.3}\t{:.3}\t{:.3}\t{}\t{}\t{}\t{}\t{}\t{}",
                x.form.as_str(),
                x.flags.bits(),
                x.quote as char,
                clean(out.name_text(x, &b)),
                x.call
                    .as_ref()
                    .map(|c| clean(&b[c.clone()]))
                    .unwrap_or_default(),
                labels.join("/"),
                lang.name(),
                u8::from(lang.bare_values_are_literals()),
                v.len(),
                entropy::shannon(v),
                u8::from(v.iter().any(u8::is_ascii_digit)),
                u8::from(v.iter().any(u8::is_ascii_uppercase)),
                u8::from(v.iter().any(u8::is_ascii_lowercase)),
                u8::from(v.iter().any(|c| !c.is_ascii_alphanumeric())),
                u8::from(v.len() <= 1024 && ph.is_placeholder(v)),
                u8::from(ph.is_env_read(v) || ph.is_env_read(prefix)),
                entropy::effective_floor(v, 2.5),
                entropy::effective_floor(v, 3.0),
                entropy::effective_floor(v, 3.5),
                entropy::effective_floor(v, 4.0),
                shape_names.join(","),
                u8::from(v.iter().any(u8::is_ascii_whitespace)),
                u8::from(v.iter().any(|c| *c >= 0x80)),
                u8::from(pwhash.is_match(v)),
                x.value.start,
                x.value.end,
            );
        }
    }
}
