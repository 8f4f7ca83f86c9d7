//! Jupyter notebooks (`.ipynb`): scan what the notebook *says*, report where the
//! file *holds* it.
//!
//! ## What it does
//! A notebook is JSON; a cell's code is a list of JSON strings, so
//! `api_key = "…"` is stored as `"api_key = \"…\"\n"`, which the rules cannot read.
//! This module parses the notebook, decodes the strings and joins them into two
//! virtual documents — every cell's source (read as the kernel's language), and every
//! cell's text output — keeping a map from each decoded byte back to its byte in the
//! file. The engine scans the documents; each finding is moved back to its exact
//! line and column in the `.ipynb` file, its excerpt is taken from the file, and it
//! names the cell and the line within the cell (in the message and in
//! `Finding.properties`: `notebook_cell`, `notebook_cell_line`, `notebook_part`).
//!
//! Outputs are scanned because they are saved in the file: `print(os.environ)`,
//! `!cat .env` or a client's `repr` shows the secret to everyone who opens the
//! notebook, even when the code read it from the environment. Only text outputs
//! are read (`stream` text, `text/plain` data, and an error's `evalue` and
//! `traceback` lines, ANSI colour codes and all); images, HTML and widget state are not.
//!
//! ## Why is this bad?
//! Notebooks are shared and committed as they were last run, with keys pasted
//! into cells "just to try it" and with their printed output.
//!
//! ## Example
//! A cell `client = Client(api_key="…")` is reported at the line of the `.ipynb`
//! file that holds it, as "… (notebook cell 3, line 2)". Use instead:
//! `os.environ["BINANCE_API_KEY"]`, and clear outputs before committing
//! (`jupyter nbconvert --clear-output`).
//!
//! ## Known limitations
//! Notebook metadata and attachments are not scanned. A file that is not valid
//! notebook JSON is scanned as plain text instead, with a warning.
//!
//! ## Configuration
//! None: every `.ipynb` file is read this way.

use std::ops::Range;

mod json;

use super::{Engine, FileOutput, Scratch};
use crate::find::DetectorNote;
use crate::finding::{Finding, Related};
use crate::source::{Lang, Source};
use crate::tell::location;
use crate::tell::snippet;
use json::{Json, Parser, Seg, decode};

/// Scan `src`: through the notebook transformation when it is a notebook, directly
/// otherwise. This is what the scan loop calls for every file.
pub fn scan_source(engine: &Engine, src: &Source, scratch: &mut Scratch, out: &mut FileOutput) {
    if src.lang() != Lang::Notebook {
        engine.scan(src, scratch, out);
        return;
    }
    match Notebook::parse(src.bytes()) {
        Ok(nb) => nb.scan(engine, src, scratch, out),
        Err(why) => {
            out.notes.push(DetectorNote {
                detector: "notebook",
                message: format!("not a notebook ({why}); scanned as plain text"),
            });
            engine.scan(src, scratch, out);
        }
    }
}

/// Which part of a cell a virtual document holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Source,
    Output,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Source => "source",
            Part::Output => "output",
        }
    }
}

/// The decoded text of one part of every cell, with its map back to the file.
struct Document {
    part: Part,
    text: Vec<u8>,
    segs: Vec<Seg>,
    /// (1-based cell number, start of its text in `text`), in order.
    cells: Vec<(usize, usize)>,
}

impl Document {
    fn new(part: Part) -> Self {
        Document {
            part,
            text: Vec::new(),
            segs: Vec::new(),
            cells: Vec::new(),
        }
    }

    fn start_cell(&mut self, cell: usize) {
        if self.cells.last().is_some_and(|&(c, _)| c == cell) {
            return;
        }
        self.separate();
        self.cells.push((cell, self.text.len()));
    }

    /// End the text so far with a newline (mapped to where the last string ended).
    fn separate(&mut self) {
        if self.text.is_empty() || self.text.ends_with(b"\n") {
            return;
        }
        let orig = self.segs.last().map_or(0, |s| s.orig + s.raw_len);
        self.segs.push(Seg {
            virt: self.text.len(),
            orig,
            raw_len: 0,
            literal: false,
        });
        self.text.push(b'\n');
    }

    /// Append a JSON string value, or the strings of a JSON array (nbformat splits
    /// multi-line text into a list of lines).
    fn append(&mut self, bytes: &[u8], value: &Json) {
        match value {
            Json::String(raw) => {
                let d = decode(bytes, raw.clone());
                let base = self.text.len();
                self.segs.extend(d.segs.iter().map(|s| Seg {
                    virt: s.virt + base,
                    ..*s
                }));
                self.text.extend_from_slice(&d.text);
            }
            Json::Array(items) => {
                for item in items {
                    self.append(bytes, item);
                }
            }
            _ => {}
        }
    }

    /// The segment holding decoded byte `v`.
    fn seg(&self, v: usize) -> Option<&Seg> {
        let i = self.segs.partition_point(|s| s.virt <= v);
        self.segs.get(i.checked_sub(1)?)
    }

    /// File offset of decoded byte `v`.
    fn map_start(&self, v: usize) -> usize {
        match self.seg(v) {
            Some(s) if s.literal => s.orig + (v - s.virt),
            Some(s) => s.orig,
            None => 0,
        }
    }

    /// File offset just past decoded byte `v - 1` (an exclusive end).
    fn map_end(&self, v: usize) -> usize {
        let Some(last) = v.checked_sub(1) else {
            return self.map_start(0);
        };
        match self.seg(last) {
            Some(s) if s.literal => s.orig + (last - s.virt) + 1,
            Some(s) => s.orig + s.raw_len,
            None => 0,
        }
    }

    fn map(&self, span: &Range<usize>) -> Range<usize> {
        let start = self.map_start(span.start);
        start..self.map_end(span.end).max(start)
    }

    /// (cell number, 1-based line within the cell) of decoded byte `v`.
    fn cell_line(&self, v: usize) -> (usize, usize) {
        let i = self.cells.partition_point(|&(_, start)| start <= v);
        let Some(&(cell, start)) = i.checked_sub(1).and_then(|i| self.cells.get(i)) else {
            return (0, 0);
        };
        let end = v.min(self.text.len());
        let line = 1 + self.text[start..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        (cell, line)
    }
}

/// A parsed notebook: its cell sources and text outputs, decoded.
struct Notebook {
    sources: Document,
    outputs: Document,
    lang: Lang,
}

impl Notebook {
    fn parse(bytes: &[u8]) -> Result<Notebook, &'static str> {
        let mut p = Parser { bytes, at: 0 };
        let root = p.value(0)?;
        p.ws();
        if p.at != bytes.len() {
            return Err("trailing data after the JSON");
        }
        // nbformat 4 keeps `cells` at the top; nbformat 3 inside `worksheets`.
        let cells: Vec<&Json> = match (root.get("cells"), root.get("worksheets")) {
            (Some(cells), _) => cells.items().iter().collect(),
            (None, Some(ws)) => ws
                .items()
                .iter()
                .flat_map(|w| w.get("cells").map_or(&[][..], Json::items))
                .collect(),
            (None, None) => return Err("no `cells`"),
        };
        let mut nb = Notebook {
            sources: Document::new(Part::Source),
            outputs: Document::new(Part::Output),
            lang: kernel_lang(bytes, &root),
        };
        for (i, cell) in cells.into_iter().enumerate() {
            let n = i + 1;
            if let Some(src) = cell.get("source").or_else(|| cell.get("input")) {
                nb.sources.start_cell(n);
                nb.sources.append(bytes, src);
            }
            for output in cell.get("outputs").map_or(&[][..], Json::items) {
                let text = output
                    .get("text")
                    .or_else(|| output.get("data").and_then(|d| d.get("text/plain")));
                if let Some(text) = text {
                    nb.outputs.start_cell(n);
                    nb.outputs.append(bytes, text);
                    nb.outputs.separate();
                }
                // an error output: the exception's message and its traceback, one
                // entry per line (a client's error quoting the key it was given)
                if let Some(evalue) = output.get("evalue") {
                    nb.outputs.start_cell(n);
                    nb.outputs.append(bytes, evalue);
                    nb.outputs.separate();
                }
                for entry in output.get("traceback").map_or(&[][..], Json::items) {
                    nb.outputs.start_cell(n);
                    nb.outputs.append(bytes, entry);
                    nb.outputs.separate();
                }
            }
        }
        Ok(nb)
    }

    fn scan(&self, engine: &Engine, src: &Source, scratch: &mut Scratch, out: &mut FileOutput) {
        for (doc, lang) in [(&self.sources, self.lang), (&self.outputs, Lang::Other)] {
            if doc.text.is_empty() {
                continue;
            }
            let virt = Source::new(src.path(), &doc.text, lang).with_path_bytes(src.path_bytes());
            let mut found = FileOutput::default();
            engine.scan(&virt, scratch, &mut found);
            let secrets: Vec<Range<usize>> = found
                .findings
                .iter()
                .chain(found.suppressed.iter().map(|s| &s.finding))
                .flat_map(|f| {
                    std::iter::once(f.location.byte_start..f.location.byte_end).chain(
                        f.related
                            .iter()
                            .filter(|r| r.is_secret)
                            .map(|r| r.location.byte_start..r.location.byte_end),
                    )
                })
                .map(|span| doc.map(&span))
                .collect();
            let secrets = snippet::Secrets::new(src.bytes(), &secrets);
            let remap = |f: Finding| relocate(f, doc, src, &secrets);
            out.findings.extend(found.findings.into_iter().map(remap));
            out.suppressed
                .extend(found.suppressed.into_iter().map(|mut s| {
                    s.finding = relocate(s.finding, doc, src, &secrets);
                    s
                }));
            out.allowlisted += found.allowlisted;
            out.notes.extend(found.notes);
        }
    }
}

/// `metadata.kernelspec.language` or `metadata.language_info.name`: Python (or
/// unknown) reads as Python; any other kernel as code of another language.
fn kernel_lang(bytes: &[u8], root: &Json) -> Lang {
    let meta = root.get("metadata");
    let name = meta
        .and_then(|m| m.get("kernelspec"))
        .and_then(|k| k.get("language"))
        .or_else(|| {
            meta.and_then(|m| m.get("language_info"))
                .and_then(|l| l.get("name"))
        });
    match name {
        Some(Json::String(raw)) => {
            let lang = decode(bytes, raw.clone()).text.to_ascii_lowercase();
            if lang.is_empty() || lang.starts_with(b"python") {
                Lang::Notebook
            } else {
                Lang::Code
            }
        }
        _ => Lang::Notebook,
    }
}

/// The pairing pass names each half of a key set by line (`key_set[].line`); move
/// those lines from the decoded document to the file too.
pub(super) fn remap_key_set_lines(
    properties: &mut [(String, serde_json::Value)],
    lines: &[(usize, usize)],
) {
    for (_, value) in properties.iter_mut().filter(|(k, _)| k == "key_set") {
        let Some(halves) = value.as_array_mut() else {
            continue;
        };
        for half in halves {
            let Some(old) = half.get("line").and_then(serde_json::Value::as_u64) else {
                continue;
            };
            if let Some((_, new)) = lines.iter().find(|(v, _)| *v as u64 == old) {
                half["line"] = serde_json::json!(new);
            }
        }
    }
}

/// Move a finding from the decoded document to the file.
fn relocate(mut f: Finding, doc: &Document, src: &Source, secrets: &snippet::Secrets) -> Finding {
    let virt_span = f.location.byte_start..f.location.byte_end;
    let (cell, line) = doc.cell_line(virt_span.start);
    let span = doc.map(&virt_span);
    // Lines in the decoded document → lines in the file, for properties that name lines.
    let mut lines = vec![(f.location.line, 0)];
    f.location = location(src, span.clone());
    lines[0].1 = f.location.line;
    f.snippet = Some(snippet::build(src, &span, secrets));
    for r in &mut f.related {
        let span = doc.map(&(r.location.byte_start..r.location.byte_end));
        let virt_line = r.location.line;
        *r = Related {
            location: location(src, span.clone()),
            message: std::mem::take(&mut r.message),
            snippet: Some(snippet::build(src, &span, secrets)),
            is_secret: r.is_secret,
            rule_id: r.rule_id.take(),
        };
        lines.push((virt_line, r.location.line));
    }
    remap_key_set_lines(&mut f.properties, &lines);
    let part = match doc.part {
        Part::Source => "",
        Part::Output => " output",
    };
    f.message = format!("{} (notebook cell {cell}{part}, line {line})", f.message);
    f.properties.extend([
        ("notebook_cell".to_string(), serde_json::json!(cell)),
        ("notebook_cell_line".to_string(), serde_json::json!(line)),
        (
            "notebook_part".to_string(),
            serde_json::json!(doc.part.name()),
        ),
    ]);
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    fn scan(text: &str) -> FileOutput {
        static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
        let engine = ENGINE.get_or_init(|| crate::Engine::from_config(&Config::default()).unwrap());
        let src = Source::new("nb.ipynb", text.as_bytes(), Lang::Notebook);
        let mut out = FileOutput::default();
        scan_source(engine, &src, &mut Scratch::default(), &mut out);
        out
    }

    fn prop<'a>(f: &'a Finding, key: &str) -> &'a serde_json::Value {
        &f.properties.iter().find(|(k, _)| k == key).unwrap().1
    }

    // Synthetic values (fixed seed). keylint:allow
    /// The secret of the notebook's second cell, filled in by [`nb`] (the raw text
    /// of the notebook, escapes and all, is not in this file).
    const SECRET: &str = "AKW6M7V5nAuDwzG5QXQW1dplXFZvA1idZIWYTFprTEc2oCfW70XaznZsdxJVMriW"; // keylint:allow
    /// The secret printed by the second cell's output.
    const OUT_SECRET: &str = "ewi3ijAe9jIt4e4WJA5FN4S5sVlleBpW7UmbyIbeHdJIMmWEjrmXpOhrJ1x3vFyk"; // keylint:allow
    /// The API key passed positionally in the second cell.
    const KEY: &str = "TTEbmoXjm1tFSZm8o1pEwdmZjXxpJCvwL4FcimYvfrlKru15IxuVsdUKJ9oQooGT"; // keylint:allow

    fn nb() -> String {
        NB.replace("@SECRET@", SECRET)
            .replace("@OUT_SECRET@", OUT_SECRET)
            .replace("@KEY@", KEY)
    }

    const NB: &str = r##"{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": ["# Binance \"spot\" bot\n", "Keys go in `.env`."]
  },
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {},
   "outputs": [
    {"name": "stdout", "output_type": "stream", "text": ["BINANCE_API_SECRET=@OUT_SECRET@\n"]}
   ],
   "source": [
    "from binance.client import Client\n",
    "# \u00e9t\u00e9 \ud83d\ude80 note\n",
    "client = Client(\"@KEY@\",\n",
    "                api_secret=\"@SECRET@\")"
   ]
  }
 ],
 "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
 "nbformat": 4,
 "nbformat_minor": 5
}
"##;

    #[test]
    fn findings_point_into_the_file_and_name_the_cell() {
        let nb = nb();
        let mut out = scan(&nb);
        out.findings.sort_by_key(|f| f.location.line);
        let got: Vec<(usize, usize, &str, String)> = out
            .findings
            .iter()
            .map(|f| {
                (
                    f.location.line,
                    f.location.column,
                    f.rule_id.as_str(),
                    f.message.clone(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    13,
                    78,
                    "binance-api-secret",
                    "hardcoded Binance API secret key assigned to `BINANCE_API_SECRET` (notebook cell 2 output, line 1)".to_string()
                ),
                (
                    19,
                    35,
                    "binance-api-secret",
                    "hardcoded Binance API secret key assigned to `api_secret`, together with its Binance API key passed positionally (notebook cell 2, line 4)".to_string()
                ),
            ]
        );
        let f = &out.findings[1];
        // The span covers exactly the secret in the file.
        assert_eq!(
            &nb.as_bytes()[f.location.byte_start..f.location.byte_end],
            SECRET.as_bytes()
        );
        assert_eq!(prop(f, "notebook_cell"), &serde_json::json!(2));
        assert_eq!(prop(f, "notebook_cell_line"), &serde_json::json!(4));
        assert_eq!(prop(f, "notebook_part"), &serde_json::json!("source"));
        assert_eq!(f.snippet.as_ref().unwrap().first_line, 18);
        assert!(
            f.snippet
                .as_ref()
                .unwrap()
                .text
                .contains("api_secret=\\\"AKW6…(64)\\\")\"")
        );
    }

    #[test]
    fn error_outputs_are_read_message_and_traceback() {
        // The exception's message and a traceback line, each quoting the secret.
        // (Colour codes between a name and its value hide the binding; a value with
        // its own format is found wherever it sits.)
        let nb = r##"{"cells": [{"cell_type": "code", "execution_count": 3, "metadata": {},
 "source": ["client.ping()\n"],
 "outputs": [{"output_type": "error", "ename": "APIError", "evalue": "rejected BINANCE_API_SECRET=@OUT_SECRET@",
  "traceback": ["\u001b[0;31mAPIError\u001b[0m  Traceback (most recent call last)",
   "\u001b[0;31mAPIError\u001b[0m: bad signature for api_secret=\"@SECRET@\""]}]}],
 "metadata": {"kernelspec": {"language": "python"}}, "nbformat": 4, "nbformat_minor": 5}
"##
        .replace("@SECRET@", SECRET)
        .replace("@OUT_SECRET@", OUT_SECRET);
        let out = scan(&nb);
        let mut lines: Vec<(usize, &str)> = out
            .findings
            .iter()
            .map(|f| (f.location.line, f.rule_id.as_str()))
            .collect();
        lines.sort();
        assert_eq!(
            lines,
            vec![(3, "binance-api-secret"), (5, "binance-api-secret")],
            "{:?}",
            out.findings
        );
    }

    #[test]
    fn escapes_map_back_to_their_raw_bytes() {
        let text = br#""a\"b\u00e9c\n\ud83d\ude80d""#;
        let d = decode(text, 1..text.len() - 1);
        assert_eq!(d.text, "a\"b\u{e9}c\n\u{1f680}d".as_bytes());
        let mut doc = Document::new(Part::Source);
        doc.start_cell(1);
        doc.append(text, &Json::String(1..text.len() - 1));
        // `b` is decoded byte 2, raw byte 4; `d` (after the surrogate pair) is raw 26.
        assert_eq!(doc.map_start(2), 4);
        assert_eq!(doc.map(&(2..3)), 4..5);
        assert_eq!(doc.map(&(1..2)), 2..4);
        assert_eq!(doc.map_start(d.text.len() - 1), 26);
        assert_eq!(doc.cell_line(d.text.len() - 1), (1, 2));
    }

    #[test]
    fn broken_notebooks_fall_back_to_plain_text() {
        let out = scan(
            // keylint:allow
            "{\"cells\": [ {\"source\": \"BINANCE_API_SECRET = 'ewi3ijAe9jIt4e4WJA5FN4S5sVlleBpW7UmbyIbeHdJIMmWEjrmXpOhrJ1x3vFyk'\"",
        );
        assert_eq!(out.notes.len(), 1);
        assert!(out.notes[0].message.contains("scanned as plain text"));
        assert_eq!(out.findings.len(), 1);
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(Notebook::parse(deep.as_bytes()).is_err());
        assert!(scan("{\"cells\": []}").findings.is_empty());
    }

    proptest::proptest! {
        /// Any bytes: no panic, and every finding lies inside the file.
        #[test]
        fn arbitrary_input_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let text = String::from_utf8_lossy(&bytes);
            let out = scan(&text);
            for f in &out.findings {
                proptest::prop_assert!(f.location.byte_start <= f.location.byte_end);
                proptest::prop_assert!(f.location.byte_end <= text.len());
            }
        }

        /// Notebook-shaped input with arbitrary string content maps back exactly.
        #[test]
        fn cell_text_maps_back_exactly(lines in proptest::collection::vec("[ -~\u{e9}\u{1f680}\\\"\n\t]{0,40}", 1..6)) {
            let source: Vec<String> = lines.iter().map(|l| serde_json::to_string(l).unwrap()).collect();
            let nb = format!("{{\"cells\": [{{\"cell_type\": \"code\", \"source\": [{}]}}]}}", source.join(", "));
            let parsed = Notebook::parse(nb.as_bytes()).unwrap();
            let decoded = lines.concat();
            proptest::prop_assert_eq!(&parsed.sources.text, &decoded.as_bytes().to_vec());
            // Every decoded character starts at its own byte in the file, or at the
            // backslash of the escape that encodes it.
            for (v, _) in decoded.char_indices() {
                let at = parsed.sources.map_start(v);
                let raw = nb.as_bytes()[at];
                proptest::prop_assert!(raw == decoded.as_bytes()[v] || raw == b'\\', "{v} -> {at}");
            }
        }
    }

    #[test]
    fn nbformat3_worksheets_and_other_kernels() {
        let nb3 = r#"{"worksheets": [{"cells": [{"cell_type": "code", "input": ["x = 1\n", "BINANCE_API_SECRET = \"ewi3ijAe9jIt4e4WJA5FN4S5sVlleBpW7UmbyIbeHdJIMmWEjrmXpOhrJ1x3vFyk\""], "outputs": []}]}], "nbformat": 3}"#;
        let out = scan(nb3);
        assert_eq!(out.findings.len(), 1);
        assert_eq!(
            prop(&out.findings[0], "notebook_cell_line"),
            &serde_json::json!(2)
        );
        let r = r#"{"cells": [], "metadata": {"kernelspec": {"language": "R"}}}"#;
        let mut p = Parser {
            bytes: r.as_bytes(),
            at: 0,
        };
        let root = p.value(0).unwrap();
        assert_eq!(kernel_lang(r.as_bytes(), &root), Lang::Code);
    }
}
