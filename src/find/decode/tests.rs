use super::*;

fn any_word(words: &'static [&'static str]) -> impl Fn(&[u8]) -> bool {
    move |t: &[u8]| {
        let t = String::from_utf8_lossy(t).to_ascii_lowercase();
        words.iter().any(|w| t.contains(w))
    }
}

fn derived(text: &str, words: &'static [&'static str]) -> Vec<Derived> {
    let mut out = Vec::new();
    let mut budget = text.len();
    derive(
        text.as_bytes(),
        Lang::Json,
        &any_word(words),
        &mut budget,
        &mut out,
    );
    out
}

#[test]
fn spliced_text_keeps_context_and_maps_back() {
    let text = "{\n  \"name\": \"bot\",\n  \"cfg\": \"{\\\"apiKey\\\": \\\"Q8xv\\\"}\"\n}\n";
    let docs = derived(text, &["apikey"]);
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(
        String::from_utf8_lossy(&d.text),
        "{\n  \"name\": \"bot\",\n  \"cfg\": \"{\"apiKey\": \"Q8xv\"}\"\n}\n"
    );
    assert_eq!(d.lang, Lang::Json);
    // `Q8xv` in the derived text stands for `Q8xv` in the file.
    let v = d.text.windows(4).position(|w| w == b"Q8xv").unwrap();
    let at = text.find("Q8xv").unwrap();
    assert_eq!(d.map.map(&(v..v + 4)), at..at + 4);
    assert_eq!(d.map.encodings(&(v..v + 4)), vec![Encoding::Escape]);
    // Context is not decoded text.
    assert!(d.map.encodings(&(0..5)).is_empty());
}

#[test]
fn irrelevant_stretches_are_not_decoded() {
    assert!(derived("print(\"hello\\nworld\")\n", &["apikey"]).is_empty());
    // A keyword just before the stretch on its line makes it relevant.
    assert_eq!(derived("password = \"p\\\"ss\"\n", &["password"]).len(), 1);
}

#[test]
fn windows_are_bounded_and_merged() {
    let mut text = String::new();
    for i in 0..40 {
        text.push_str(&format!("line {i}\n"));
        if i == 20 || i == 22 {
            text.push_str("k = \"secret\\\"x\"\n");
        }
    }
    let docs = derived(&text, &["secret"]);
    assert_eq!(docs.len(), 1);
    let t = String::from_utf8_lossy(&docs[0].text).into_owned();
    // Eight lines either side of each stretch, the two windows merged into one.
    assert!(t.starts_with("line 13\n"), "{t}");
    assert!(t.ends_with("line 30\n"), "{t}");
    assert_eq!(t.matches("secret\"x").count(), 2);
}

#[test]
fn connection_strings_are_a_document_of_their_own() {
    let text = "conn = \"Server=db;User Id=sa;Password=Xq8vN2mK4p;\"\n"; // keylint:allow
    let docs = derived(text, &[]);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].lang, Lang::Env);
    assert_eq!(
        String::from_utf8_lossy(&docs[0].text),
        "Server=db\nUser Id=sa\nPassword=Xq8vN2mK4p\n" // keylint:allow
    );
}

#[test]
fn only_stretches_overlapping_the_decoded_ones_are_decoded_again() {
    // two escaped stretches twenty lines apart; only the second was decoded text
    let first = "a = \"{\\\"secret\\\": \\\"Q8xv\\\"}\"\n";
    let text = format!("{first}{}{first}", "x = 1\n".repeat(20));
    let second = text.rfind("{\\").unwrap();
    let decoded = |within: &[Range<usize>]| {
        let mut out = Vec::new();
        let mut budget = text.len();
        derive_within(
            text.as_bytes(),
            Lang::Json,
            within,
            &any_word(&["secret"]),
            true,
            &mut budget,
            &mut out,
        );
        let stretches: Vec<usize> = out
            .iter()
            .flat_map(|d| {
                (0..d.text.len())
                    .filter(|&i| !d.map.encodings(&(i..i + 1)).is_empty())
                    .map(|i| d.map.map(&(i..i + 1)).start)
                    .collect::<Vec<_>>()
            })
            .collect();
        (
            stretches.iter().any(|&at| at < second),
            stretches.iter().any(|&at| at >= second),
        )
    };
    assert_eq!(decoded(&[]), (true, true));
    assert_eq!(
        decoded(std::slice::from_ref(&(second..second + 4))),
        (false, true)
    );
    assert_eq!(
        decoded(std::slice::from_ref(&(0..3))),
        (false, false),
        "the first stretch starts after 0..3"
    );
}

#[test]
fn the_budget_bounds_derived_text() {
    let line = "k = \"secret\\\"x\"\n";
    let text = line.repeat(100);
    let mut out = Vec::new();
    let mut budget = 20;
    derive(
        text.as_bytes(),
        Lang::Json,
        &any_word(&["secret"]),
        &mut budget,
        &mut out,
    );
    assert!(out.iter().map(|d| d.text.len()).sum::<usize>() <= 20);
    let mut out = Vec::new();
    let mut budget = text.len();
    derive(
        text.as_bytes(),
        Lang::Json,
        &any_word(&["secret"]),
        &mut budget,
        &mut out,
    );
    let made: usize = out.iter().map(|d| d.text.len()).sum();
    assert!(made <= text.len());
}

proptest::proptest! {
    /// Any bytes: no panic, derived text no larger than the input, every mapped span
    /// inside the input.
    #[test]
    fn arbitrary_input(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
        let mut out = Vec::new();
        let mut budget = bytes.len();
        derive(&bytes, Lang::Other, &|_| true, &mut budget, &mut out);
        let made: usize = out.iter().map(|d| d.text.len()).sum();
        proptest::prop_assert!(made <= bytes.len());
        for d in &out {
            for a in 0..=d.text.len() {
                let m = d.map.map(&(a..d.text.len()));
                proptest::prop_assert!(m.start <= m.end && m.end <= bytes.len());
            }
        }
    }

    /// Encoded-looking input: escapes, percent runs and base64 of text.
    #[test]
    fn encoded_shapes(parts in proptest::collection::vec("[a-z:=;{}\"\\\\%0-9A-F /+]{0,24}", 1..8)) {
        let text = parts.join("\n");
        let mut out = Vec::new();
        let mut budget = text.len();
        derive(text.as_bytes(), Lang::Json, &|_| true, &mut budget, &mut out);
        for d in &out {
            let m = d.map.map(&(0..d.text.len()));
            proptest::prop_assert!(m.end <= text.len());
        }
    }
}

/// How many documents `text` (JavaScript) derives with `secret` as the keyword.
fn documents(text: &str, read_before: bool) -> usize {
    let mut out = Vec::new();
    let mut budget = text.len();
    derive_within(
        text.as_bytes(),
        Lang::JavaScript,
        &[],
        &any_word(&["secret"]),
        read_before,
        &mut budget,
        &mut out,
    );
    out.len()
}

#[test]
fn a_keyword_before_a_stretch_counts_only_when_asked() {
    // `secret` stands before the string on its line, not in what it decodes to
    let text = "cfg = {secret: \"Q8xv\\/Zt3k\\/Lw\"}\n";
    assert_eq!(documents(text, true), 1);
    assert_eq!(documents(text, false), 0);
    // a keyword in the decoded text counts either way
    let text = "cfg = \"{\\\"secret\\\": \\\"Q8xv\\\"}\"\n";
    assert_eq!(documents(text, false), 1);
}
