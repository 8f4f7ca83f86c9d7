//! Assignment rules, judged on bindings.
//!
//! ## What it does
//! A rule with an `assign` name pattern (and usually a `value` shape) is evaluated on
//! the bindings the lexical layer ([`super::bindings`]) finds around the words its
//! pattern needs: the name is matched against `assign` (as written and split into
//! lowercase words, `dbPass` → `db_pass`), the value must have the rule's `value`
//! shape, length and entropy, pass its validator, and be neither a placeholder, an
//! interpolation, an environment read, code, a rejected shape nor a published value.
//! So every `assign` rule works in every binding form the layer knows: `name = v`,
//! `"name": "v"`, `name: v`, `--name v`, `<name>v</name>`, `f("name", v)`, the
//! fallback of `getenv("NAME")`, a CSV column, a query parameter, a Basic header.
//!
//! Some forms name their value implicitly: a URL's userinfo and a Basic header bind a
//! password, a Bearer header a token, `mysql -pV` a password (`rules/bindings.toml`
//! lists such options), a positional argument takes its call's name (`.apiKey("v")`),
//! a generic name (`value`, `default`) takes the name of the structure around it.
//!
//! ## Why is this bad?
//! Whoever holds the value can act as the account it belongs to; see each rule.
//!
//! ## Example
//! `val creds = mapOf("apiSecret" to "<32 random characters>")` fires
//! `generic-secret`. Use instead: `System.getenv("API_SECRET")`.
//!
//! ## Known limitations
//! The layer scans the lines around the words the rules' name patterns need (one
//! before, two after), so structure opened further up (a YAML parent key, an INI
//! section) is not seen as a label there; provider context then falls back to keyword
//! distance. Comparisons are reported for password names only. A value longer than
//! 1 KiB (8 KiB for a PEM block) is not judged.
//!
//! ## Configuration
//! `assign`, `value`, `min_length`, `min_entropy`, `reject`, `exclude_names`,
//! `validator` on each rule; `rules/bindings.toml` (names, options, exchange words,
//! the language test) and `rules/placeholders.toml` (placeholders, shapes).

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};
use serde::Deserialize;

use super::bindings::{self, Binding, Bindings, Flags, Form, Scanner};
use super::prefilter::word_bounded;
use super::{Match, ScanContext, entropy, format};
use crate::finding::{Confidence, DetectorKind};
use crate::rules::{RuleKind, RuleSet, builtin};
use crate::source::{Source, overlaps_any};

/// Lines of context scanned before and after a line holding a name word.
const WINDOW_BEFORE: usize = 1;
const WINDOW_AFTER: usize = 2;
/// A longer line contributes this many bytes around the hit.
const WINDOW_LINE: usize = 1024;
/// In build output, a longer line contributes this many: a minified line is the
/// whole file, and what a bundler writes at a name is the value itself
/// (`privateKey:"0x…"`), never a block of lines.
const WINDOW_LINE_BUILD: usize = 512;

/// Longest value judged; a PEM block may run longer.
const MAX_VALUE: usize = 1024;
const MAX_PEM: usize = 8 * 1024;

/// Literal words shorter than this do not start a scan on their own.
const MIN_WORD: usize = 3;
/// How far before a value an environment lookup is looked for on its line.
const LOOK_BEHIND: usize = 512;
/// A sibling value this long at most can name an exchange (`name: binance`).
const MAX_SIBLING: usize = 40;

/// How much of a file the binding layer reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Lines around each name word ([`WINDOW_BEFORE`], [`WINDOW_AFTER`],
    /// [`WINDOW_LINE`]).
    Lines,
    /// The same in build output, with [`WINDOW_LINE_BUILD`] for long lines.
    BuildOutput,
    /// Everything (a credential store, a SQL file with its tables).
    Whole,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    generic_names: Vec<String>,
    setter_words: Vec<String>,
    getter_words: Vec<String>,
    client_words: Vec<String>,
    ctor_suffixes: Vec<String>,
    name_exclude_words: Vec<String>,
    exchange_words: Vec<String>,
    value_prefixes: Vec<String>,
    flag: Vec<FlagDef>,
    call: Vec<CallDef>,
    language: LanguageDef,
}

/// Whether the authority that starts `rest` (the text after `://`) holds userinfo:
/// an `@` before the path, query, fragment or the end of the URL, or a literal that
/// ends right after `user:` (the password is joined on).
fn has_userinfo(rest: &[u8]) -> bool {
    let run = rest
        .iter()
        .take(512)
        .position(|&c| {
            matches!(c, b'/' | b'?' | b'#' | b'"' | b'\'' | b'`' | b'<' | b'>')
                || c.is_ascii_whitespace()
        })
        .unwrap_or(rest.len().min(512));
    let authority = &rest[..run];
    // `"amqps://user:" + "pass" + "@host"`: a literal that stops after `user:`
    authority.contains(&b'@')
        || authority.len() > 1
            && authority.ends_with(b":")
            && matches!(rest.get(run), Some(b'"' | b'\'' | b'`'))
}

/// Suffixes of an SDK package's name after its exchange's (`krakenapi`, `bybitgo`).
const SDK_SUFFIXES: [&str; 7] = ["api", "client", "sdk", "rest", "go", "py", "js"];

/// A call that takes a credential at a fixed position, whatever its client.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CallDef {
    calls: Vec<String>,
    arg: u16,
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FlagDef {
    commands: Vec<String>,
    flags: Vec<String>,
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageDef {
    shapes: Vec<String>,
    min_length: usize,
    threshold: f64,
}

/// Letter-pair log-probabilities of English words (the BIP39 list): whether a value
/// reads like language or like chance.
#[derive(Debug)]
struct Bigrams {
    /// 28 × 28: `^`, `a`–`z`, `$`
    logp: Vec<f64>,
}

impl Bigrams {
    fn new(words: &str) -> Bigrams {
        let idx = |c: u8| match c {
            b'^' => 0,
            b'$' => 27,
            c => usize::from(c - b'a') + 1,
        };
        let mut pair = vec![0.0f64; 28 * 28];
        let mut first = [0.0f64; 28];
        for w in words.lines().map(str::trim).filter(|w| !w.is_empty()) {
            let w: Vec<u8> = std::iter::once(b'^')
                .chain(w.bytes().filter(u8::is_ascii_lowercase))
                .chain(std::iter::once(b'$'))
                .collect();
            for p in w.windows(2) {
                pair[idx(p[0]) * 28 + idx(p[1])] += 1.0;
                first[idx(p[0])] += 1.0;
            }
        }
        let logp = (0..28 * 28)
            .map(|k| ((pair[k] + 0.5) / (first[k / 28] + 0.5 * 28.0)).ln())
            .collect();
        Bigrams { logp }
    }

    /// Mean log-probability of the letter pairs of `v`'s letter runs (3+ letters,
    /// case folded); `None` without such a run.
    fn score(&self, v: &[u8]) -> Option<f64> {
        let idx = |c: u8| usize::from(c - b'a') + 1;
        let (mut total, mut n) = (0.0, 0usize);
        for run in v
            .split(|c| !c.is_ascii_alphabetic())
            .filter(|r| r.len() >= 3)
        {
            let mut prev = 0;
            for &c in run {
                let cur = idx(c.to_ascii_lowercase());
                total += self.logp[prev * 28 + cur];
                prev = cur;
                n += 1;
            }
            total += self.logp[prev * 28 + 27];
            n += 1;
        }
        (n > 0).then(|| total / n as f64)
    }
}

/// The `assign` rules of a rule set, compiled once per scan and shared read-only.
#[derive(Debug)]
pub struct AssignIndex {
    /// Indexes of the `assign` rules.
    rules: Vec<usize>,
    /// Per rule: comparisons are judged for it (generic rules, and rules whose pattern
    /// matches `password`).
    /// (Computed at the first comparison: it compiles the rule's name pattern.)
    compares: Vec<OnceLock<bool>>,
    /// Words the rules' name patterns need, lowercase: the prefilter watches them and
    /// the lines around each occurrence are scanned for bindings.
    words: Vec<String>,
    /// Per word: the rules that need it, and whether it is an implicit name (an
    /// option's command, a scheme, `://`) that every rule may use.
    word_rules: Vec<Vec<usize>>,
    implicit: Vec<bool>,
    /// Some candidate rule needs no word: scan the whole file.
    wordless: Vec<usize>,
    /// The same words, to skip bindings whose names hold none.
    name_words: Option<AhoCorasick>,
    /// Per rule: the watched words one of which a name must hold for the rule's
    /// name pattern to match it (each match starts or ends with one of the rule's
    /// literal words, and each of those holds a watched word); empty: no such words,
    /// every name is tried.
    name_gate: Vec<Vec<usize>>,
    generic_names: HashSet<String>,
    setter_words: HashSet<String>,
    getter_words: HashSet<String>,
    client_words: HashSet<String>,
    exclude_words: HashSet<String>,
    /// Type tags stripped from a value before it is judged (`p2wpkh:` in Electrum exports).
    value_prefixes: Vec<Vec<u8>>,
    exchange: AhoCorasick,
    /// (command, option) → the name its value is bound to.
    flags: Vec<(String, String, String)>,
    /// The index of `://` among the watched words.
    url_word: Option<usize>,
    /// Per word: it marks a form that names its value (`://`, a `[[call]]`), judged by
    /// the generic rules even in a file where no rule is a candidate.
    self_naming: Vec<bool>,
    /// (lowercase call suffix, argument) → the name that argument is judged under.
    calls: Vec<(String, u16, String)>,
    language_shapes: Vec<String>,
    language_min: usize,
    language_threshold: f64,
    bigrams: Bigrams,
}

/// Per-thread scratch space of the binding pass.
#[derive(Default)]
pub struct AssignScratch {
    scanner: Scanner,
    bindings: Bindings,
    hits: Vec<usize>,
    windows: Vec<Range<usize>>,
    exchange_groups: Vec<u32>,
    /// This file's candidate `assign` rules, and the candidate or generic ones (judged
    /// where the form names the value), in [`AssignIndex::rules`]' order.
    cands: Vec<usize>,
    cands_generic: Vec<usize>,
}

/// The literal words every match of `pattern` starts (or ends) with, lowercase; `None`
/// when some branch has no finite set of words ([`branch_words`]). Each branch of a
/// top-level alternation gives its own words (whole words like `session_secret`, not a
/// prefix like `sess` cut short by the extractor's budget).
fn literal_words(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&pattern.to_ascii_lowercase())
        .ok()?;
    let branches: Vec<Hir> = match hir.kind() {
        HirKind::Alternation(alts) => alts.clone(),
        _ => vec![hir],
    };
    let mut words: Vec<String> = Vec::new();
    for branch in &branches {
        words.extend(branch_words(branch)?);
    }
    Some(drop_contained(words))
}

/// The best literal words of one branch: its prefixes or its suffixes of at least
/// [`MIN_WORD`] bytes, whichever has the longer shortest word; failing that, the same
/// down to [`SHORT_WORD`] bytes, then the words of a part every match holds
/// (`[a-z0-9](?:PK|Pk)` holds `pk`). A short word is watched in more places, but a
/// rule without words has its files read whole.
fn branch_words(hir: &Hir) -> Option<Vec<String>> {
    let affixes = |min_len: usize| {
        [ExtractKind::Prefix, ExtractKind::Suffix]
            .into_iter()
            .filter_map(|kind| {
                let seq = Extractor::new().kind(kind).extract(hir);
                words_of(&seq, min_len)
            })
            .reduce(better)
    };
    affixes(MIN_WORD)
        .or_else(|| affixes(SHORT_WORD))
        .or_else(|| held_part_words(hir))
}

/// Words shorter than [`MIN_WORD`] are watched only for a rule that has no other.
const SHORT_WORD: usize = 2;

/// The literals of `seq` as words, if it is finite, not empty, and every literal is at
/// least `min_len` bytes long.
fn words_of(seq: &regex_syntax::hir::literal::Seq, min_len: usize) -> Option<Vec<String>> {
    let lits = seq.literals()?;
    let words: Vec<String> = lits
        .iter()
        .map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned())
        .collect();
    if words.is_empty() || words.iter().any(|w| w.len() < min_len) {
        return None;
    }
    Some(drop_contained(words))
}

/// The better of two word sets: the longer shortest word, then the fewer words
/// (`(?:binance|…)_?key` is watched as `key`, not as every exchange's name).
fn better(a: Vec<String>, b: Vec<String>) -> Vec<String> {
    let rank = |v: &[String]| {
        (
            v.iter().map(String::len).min().unwrap_or(0),
            std::cmp::Reverse(v.len()),
        )
    };
    if rank(&b) > rank(&a) { b } else { a }
}

/// The words of the best part of a concatenation that is a literal (or a finite set
/// of them) of at least [`SHORT_WORD`] bytes: every match of the whole holds one.
fn held_part_words(hir: &Hir) -> Option<Vec<String>> {
    match hir.kind() {
        HirKind::Capture(c) => held_part_words(&c.sub),
        HirKind::Concat(parts) => parts
            .iter()
            .filter_map(|part| {
                let seq = Extractor::new().kind(ExtractKind::Prefix).extract(part);
                seq.is_exact().then(|| words_of(&seq, SHORT_WORD)).flatten()
            })
            .reduce(better),
        _ => None,
    }
}

/// A word holding another word is found with it (`infura_api_key` with `key`).
fn drop_contained(mut words: Vec<String>) -> Vec<String> {
    words.sort_by_key(String::len);
    let mut kept: Vec<String> = Vec::with_capacity(words.len());
    for w in words {
        if !kept.iter().any(|k| w.contains(k.as_str())) {
            kept.push(w);
        }
    }
    kept
}

fn automaton(words: &[String]) -> Option<AhoCorasick> {
    (!words.is_empty()).then(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(words)
            .expect("literal words")
    })
}

/// A name split into lowercase words: camelCase, digits-to-letters and every
/// non-alphanumeric byte separate words (`X-MBX-APIKEY` → `x mbx apikey`,
/// `dbPass` → `db pass`).
pub fn name_words(name: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev: u8 = 0;
    for (i, &c) in name.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev = c;
            continue;
        }
        let next = name.get(i + 1).copied().unwrap_or(0);
        let boundary = (prev.is_ascii_lowercase() || prev.is_ascii_digit())
            && c.is_ascii_uppercase()
            || prev.is_ascii_uppercase() && c.is_ascii_uppercase() && next.is_ascii_lowercase();
        if boundary && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(char::from(c.to_ascii_lowercase()));
        prev = c;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// [`name_words`] joined by `_` (`dbPass` → `db_pass`), built in one string: the
/// form a name is matched in besides as written.
fn normal_name(name: &[u8]) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut in_word = false;
    let mut prev: u8 = 0;
    for (i, &c) in name.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            in_word = false;
            prev = c;
            continue;
        }
        let next = name.get(i + 1).copied().unwrap_or(0);
        let boundary = (prev.is_ascii_lowercase() || prev.is_ascii_digit())
            && c.is_ascii_uppercase()
            || prev.is_ascii_uppercase() && c.is_ascii_uppercase() && next.is_ascii_lowercase();
        if boundary {
            in_word = false;
        }
        if !in_word && !out.is_empty() {
            out.push('_');
        }
        in_word = true;
        out.push(char::from(c.to_ascii_lowercase()));
        prev = c;
    }
    out
}

/// A candidate name of a binding and whether it was written in the source.
struct Name {
    text: Vec<u8>,
    written: bool,
    /// Named by its position in a call's arguments, not written; `why` says how.
    positional: bool,
    why: &'static str,
    /// Judged only for rules whose values prove what they are (a validator): the
    /// argument of a conversion (`EthPrivateKey.fromHex("0x…")`), which may as well
    /// be a path or an identifier.
    validated: bool,
}

impl Name {
    /// A name the source wrote (or the file's name wrote for it).
    fn written(text: Vec<u8>) -> Name {
        Name {
            text,
            written: true,
            positional: false,
            why: "",
            validated: false,
        }
    }
}

impl AssignIndex {
    /// A secret compared with a literal (`if token == "v"`, `h["X-Token"] ~= "v"`) is
    /// hardcoded in the check: generic and password rules judge comparisons.
    fn compares(&self, i: usize, rules: &RuleSet) -> bool {
        *self.compares[i].get_or_init(|| {
            let rule = &rules.rules()[i];
            rule.kind == RuleKind::Generic
                || rule.names.as_ref().is_some_and(|n| n.is_match(b"password"))
        })
    }

    pub fn new(rules: &RuleSet) -> AssignIndex {
        let text = builtin::data_file("bindings.toml").expect("rules/bindings.toml is embedded");
        let data: Data = toml::from_str(text).expect("rules/bindings.toml parses (unit-tested)");
        let mut words: Vec<String> = Vec::new();
        let mut wordless = Vec::new();
        let mut indexes = Vec::new();
        let compares = (0..rules.len()).map(|_| OnceLock::new()).collect();
        // (rule, its words): a word is watched only while one of its rules can match
        let mut rule_words: Vec<(usize, Vec<String>)> = Vec::new();
        for (i, rule) in rules.rules().iter().enumerate() {
            let (Some(pattern), Some(_)) = (&rule.assign, &rule.names) else {
                continue;
            };
            indexes.push(i);
            match literal_words(pattern) {
                Some(ws) => {
                    add_new(&mut words, &ws);
                    rule_words.push((i, ws));
                }
                None => wordless.push(i),
            }
        }
        // implicit names: options, schemes and URL userinfo; the commands whose
        // options name their value (`curl -u user:pass`) name it in any file
        let command_words: Vec<String> = data
            .flag
            .iter()
            .flat_map(|f| f.commands.iter().cloned())
            .collect();
        add_new(&mut words, &command_words);
        for w in ["bearer", "basic", "://", "identified"] {
            if !words.iter().any(|x| x == w) {
                words.push(w.to_string());
            }
        }
        // calls that name their argument (`jwt.sign(p, "…")`), watched with their
        // parenthesis: `login(` is a call, `login_url` and `logins` are not
        let call_words: Vec<String> = data
            .call
            .iter()
            .flat_map(|c| &c.calls)
            .map(|c| format!("{}(", c.to_ascii_lowercase()))
            .collect();
        add_new(&mut words, &call_words);
        // a constructor named by an exchange or a client word, watched with its
        // parenthesis (`pybithumb.Bithumb(`, `BingxAPI(`, `Session(`, Ruby's
        // `Client.new(`, C++'s `make_unique<RestClient>(`; Rust's `Client::new(` is the
        // syntax pass's): its positional arguments are the key, secret and passphrase,
        // with no name on the line
        // (the template and class-name-ending forms for the client words only: each
        // word is one more pattern in the keyword automaton every file passes through)
        let exchange_ctors = data.exchange_words.iter().flat_map(|w| {
            let w = w.to_ascii_lowercase();
            [format!("{w}("), format!("{w}.new(")]
        });
        let client_ctors = data.client_words.iter().flat_map(|w| {
            let w = w.to_ascii_lowercase();
            let plain = [format!("{w}("), format!("{w}.new("), format!("{w}>(")];
            let suffixed = data.ctor_suffixes.iter().map(move |s| format!("{w}{s}("));
            plain.into_iter().chain(suffixed)
        });
        let ctor_words: Vec<String> = exchange_ctors.chain(client_ctors).collect();
        add_new(&mut words, &ctor_words);
        let words = drop_contained(words);
        // kept word → the rules one of whose words holds it; none: an implicit name
        // (option, scheme, userinfo), watched for every rule
        let word_rules: Vec<Vec<usize>> = words
            .iter()
            .map(|k| {
                rule_words
                    .iter()
                    .filter(|(_, ws)| ws.iter().any(|w| w.contains(k.as_str())))
                    .map(|(i, _)| *i)
                    .collect()
            })
            .collect();
        let implicit: Vec<bool> = words
            .iter()
            .map(|k| {
                !rule_words
                    .iter()
                    .any(|(_, ws)| ws.iter().any(|w| w.contains(k.as_str())))
            })
            .collect();
        let set = |v: &[String]| {
            v.iter()
                .map(|w| w.to_ascii_lowercase())
                .collect::<HashSet<_>>()
        };
        let exchange = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&data.exchange_words)
            .expect("literal words");
        let bip39 = builtin::data_file("bip39-english.txt").expect("the BIP39 list is embedded");
        let self_naming: Vec<bool> = words
            .iter()
            .map(|w| {
                w == "://"
                    || call_words.contains(w)
                    || ctor_words.contains(w)
                    || command_words.contains(w)
            })
            .collect();
        let mut name_gate: Vec<Vec<usize>> = vec![Vec::new(); rules.len()];
        for (k, rs) in word_rules.iter().enumerate() {
            for &i in rs {
                name_gate[i].push(k);
            }
        }
        AssignIndex {
            name_gate,
            url_word: words.iter().position(|w| w == "://"),
            self_naming,
            name_words: automaton(&words),
            word_rules,
            implicit,
            rules: indexes,
            compares,
            words,
            wordless,
            generic_names: set(&data.generic_names),
            setter_words: set(&data.setter_words),
            getter_words: set(&data.getter_words),
            client_words: set(&data.client_words),
            exclude_words: set(&data.name_exclude_words),
            value_prefixes: data
                .value_prefixes
                .iter()
                .map(|p| p.to_ascii_lowercase().into_bytes())
                .collect(),
            exchange,
            calls: data
                .call
                .iter()
                .flat_map(|c| {
                    c.calls.iter().map(|k| {
                        (
                            k.to_ascii_lowercase().replace("::", "."),
                            c.arg,
                            c.name.clone(),
                        )
                    })
                })
                .collect(),
            flags: data
                .flag
                .iter()
                .flat_map(|f| {
                    f.commands.iter().flat_map(move |c| {
                        f.flags
                            .iter()
                            .map(move |o| (c.clone(), o.clone(), f.name.clone()))
                    })
                })
                .collect(),
            language_shapes: data.language.shapes,
            language_min: data.language.min_length,
            language_threshold: data.language.threshold,
            bigrams: Bigrams::new(bip39),
        }
    }

    /// The words the prefilter should watch for this pass.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Whether `v` reads like language (a word, a dictionary-made identifier) rather
    /// than chance.
    pub fn reads_like_language(&self, v: &[u8]) -> bool {
        self.bigrams
            .score(v)
            .is_some_and(|s| s >= self.language_threshold)
    }

    /// Judge the bindings of `src` for every candidate `assign` rule. `word_hits` are
    /// the offsets of this pass's words in the file; `bare` the values of a bare key
    /// file ([`bindings::bare::values`]), bound under the file's name; `reach` says how
    /// much of the file is read ([`Reach`]).
    #[allow(clippy::too_many_arguments)]
    pub fn run(
        &self,
        src: &Source,
        cx: &ScanContext,
        word_hits: impl Iterator<Item = (usize, usize)>,
        bare: &[bindings::Span],
        reach: Reach,
        scratch: &mut AssignScratch,
        out: &mut Vec<Match>,
    ) {
        let candidate = |i: &usize| {
            cx.hits.candidate[*i]
                && (!cx.rules.rules()[*i].needs_anchored_keyword() || cx.hits.anchored[*i])
        };
        let any_candidate = self.rules.iter().any(candidate);
        let bytes = src.bytes();
        let AssignScratch {
            scanner,
            bindings: found,
            hits,
            windows,
            exchange_groups,
            cands,
            cands_generic,
        } = scratch;
        // only around the words of rules that can match in this file, and the implicit
        // names (a URL's userinfo, `Bearer`); a file with no candidate rule is read only
        // for the forms that name themselves (a URL's userinfo, a `[[call]]` argument)
        hits.clear();
        let mut implicit_hit = false;
        for (w, at) in word_hits {
            // a URL matters here only for its userinfo (`scheme://user:pass@host`)
            if Some(w) == self.url_word && !has_userinfo(&bytes[(at + 3).min(bytes.len())..]) {
                continue;
            }
            let implicit = self.implicit.get(w).copied().unwrap_or(true);
            if implicit
                || self
                    .word_rules
                    .get(w)
                    .is_some_and(|r| r.iter().any(candidate))
            {
                hits.push(at);
                implicit_hit |= self.self_naming.get(w).copied().unwrap_or(false);
            }
        }
        if !any_candidate && !implicit_hit {
            return;
        }
        // the rules a binding is judged for, once per file, not once per binding
        cands.clear();
        cands_generic.clear();
        for &i in &self.rules {
            let c = candidate(&i);
            if c {
                cands.push(i);
            }
            if c || cx.rules.rules()[i].kind == RuleKind::Generic {
                cands_generic.push(i);
            }
        }
        windows.clear();
        let wordless = self.wordless.iter().any(candidate);
        if wordless || reach == Reach::Whole {
            windows.push(0..bytes.len());
        } else {
            let long = if reach == Reach::BuildOutput {
                WINDOW_LINE_BUILD
            } else {
                WINDOW_LINE
            };
            windows.extend(bindings::windows(
                bytes,
                hits.iter().copied(),
                WINDOW_BEFORE,
                WINDOW_AFTER,
                long,
            ));
        }
        // A partial source is blank but for the lines around its changes (and a few
        // keyword witnesses): only those are walked.
        if let Some(readable) = src.partial().and_then(|p| p.readable) {
            bindings::clip(windows, readable);
        }
        // A derived source's decoded stretches are also read on their own: decoded in
        // place, `{"c": "<base64>"}` becomes `{"c": "{"k": "v"}"}`, whose quotes
        // would pair the wrong way. Only the stretches a window reaches: a binding
        // elsewhere has no name the rules look for.
        for pass in 0..2 {
            if pass == 1 {
                let reached: Vec<bindings::Span> = src
                    .decoded()
                    .iter()
                    .filter(|d| overlaps_any(windows, d.start, d.end))
                    .cloned()
                    .collect();
                if reached.is_empty() {
                    break;
                }
                *windows = reached;
            }
            scanner.scan_windows(bytes, windows, found);
            if pass == 0 {
                found.push_file_values(bare);
            }
            if found.is_empty() {
                continue;
            }
            // the groups that name an exchange, listed when a value first needs them
            let mut listed = false;
            for b in found.iter() {
                self.judge(
                    src,
                    cx,
                    found,
                    b,
                    (exchange_groups, &mut listed),
                    wordless,
                    (cands, cands_generic),
                    out,
                );
            }
        }
    }

    /// The watched words `name` or its split form `normal` holds (indexes, maybe
    /// repeated), when both are ASCII (see [`AssignIndex::name_gate`]).
    fn held_words(&self, name: &[u8], normal: &[u8]) -> Option<Vec<usize>> {
        if !name.is_ascii() || !normal.is_ascii() {
            return None;
        }
        let mut held = Vec::new();
        if let Some(ac) = &self.name_words {
            let split = (normal != name).then_some(normal);
            for text in std::iter::once(name).chain(split) {
                held.extend(
                    ac.find_overlapping_iter(text)
                        .map(|m| m.pattern().as_usize()),
                );
            }
        }
        Some(held)
    }

    fn names_exchange(&self, text: &[u8]) -> bool {
        self.exchange
            .find_overlapping_iter(text)
            .any(|m| word_bounded(text, m.start(), m.end()))
    }

    /// The names a binding is judged under: the name as written, or what its form says.
    fn names(&self, src: &Source, found: &Bindings, b: &Binding) -> Vec<Name> {
        let bytes = src.bytes();
        let written = found.name_text(b, bytes);
        let mut names = Vec::with_capacity(3);
        let synthetic = |s: &str| Name {
            text: s.as_bytes().to_vec(),
            written: false,
            positional: false,
            why: "",
            validated: false,
        };
        match b.form {
            Form::Userinfo => names.push(synthetic("password")),
            Form::Scheme if b.flags.contains(Flags::DECODED) => names.push(synthetic("password")),
            Form::Scheme => names.push(synthetic("bearer")),
            Form::File => {
                let count = found.iter().filter(|f| f.form == Form::File).count();
                names.push(Name::written(
                    bindings::bare::name(src.path(), b.arg as usize, count).into_bytes(),
                ));
            }
            Form::Positional => {
                let call = b.call.as_ref().map_or(written, |c| &bytes[c.clone()]);
                let last = call
                    .rsplit(|&c| c == b'.' || c == b':')
                    .next()
                    .unwrap_or(call);
                if let Some(name) = self.call_argument(call, b.arg) {
                    // `jwt.sign(payload, "…")`: the call says what its argument is
                    names.push(Name {
                        text: name.as_bytes().to_vec(),
                        written: true,
                        positional: true,
                        why: "the call takes a secret there",
                        validated: false,
                    });
                    return names;
                }
                let mut ws = name_words(last);
                if let Some(role) = self.client_role(call, last, &ws, u32::from(b.arg)) {
                    // `new ApiCredentials("…", "…")`, `binance.NewClient("…", "…")`: a
                    // client takes its key, secret and passphrase in that order
                    let mut text = call.to_vec();
                    text.push(b'_');
                    text.extend_from_slice(role.as_bytes());
                    names.push(Name {
                        text,
                        written: true,
                        positional: true,
                        why: "a client takes its key, secret and passphrase in that order",
                        validated: false,
                    });
                    return names;
                }
                if ws.first().is_some_and(|w| self.getter_words.contains(w)) {
                    // a call that reads or converts its argument: bound to the whole
                    // call's words, for the values that prove what they are
                    // (`EthPrivateKey.fromHex("0x…")`, `Wallet.fromPrivateKey("…")`)
                    names.push(Name {
                        text: name_words(call).join("_").into_bytes(),
                        written: true,
                        positional: true,
                        why: "the call makes a key of it, and the value has that key's format",
                        validated: true,
                    });
                    return names;
                }
                while ws.len() > 1 && ws.first().is_some_and(|w| self.setter_words.contains(w)) {
                    ws.remove(0);
                }
                names.push(Name::written(ws.join("_").into_bytes()));
            }
            Form::Flag => {
                let cmd = b
                    .call
                    .as_ref()
                    .map(|c| &bytes[c.clone()])
                    .unwrap_or_default();
                let cmd = cmd.rsplit(|&c| c == b'/').next().unwrap_or(cmd);
                // the command may follow a prefix (`sudo curl -u`, a crontab's schedule,
                // `xargs curl -u`): the nearest table command before the option on its line
                let lo = b.name.start.saturating_sub(LOOK_BEHIND);
                let line =
                    memchr::memrchr(b'\n', &bytes[lo..b.name.start]).map_or(lo, |i| lo + i + 1);
                let before = &bytes[line..b.name.start];
                let runs = |c: &str| {
                    before.split(|&x| x == b' ' || x == b'\t').any(|w| {
                        let w = w.rsplit(|&x| x == b'/').next().unwrap_or(w);
                        w.eq_ignore_ascii_case(c.as_bytes())
                    })
                };
                match self.flags.iter().find(|(c, f, _)| {
                    f.as_bytes() == written && (c.as_bytes().eq_ignore_ascii_case(cmd) || runs(c))
                }) {
                    Some((_, _, name)) => names.push(synthetic(name)),
                    None => names.push(Name::written(written.to_vec())),
                }
            }
            _ => {
                // its words joined by `_` (one string, no list of words)
                let normal = normal_name(written);
                if normal == "identified_by" {
                    names.push(synthetic("password"));
                } else if !normal.is_empty()
                    && !normal.contains('_')
                    && self.generic_names.contains(&normal)
                {
                    // `default = "…"` inside `variable "binance_key" {`
                    if let Some(label) = found.labels(b).first() {
                        names.push(Name::written(bytes[label.clone()].to_vec()));
                    }
                } else {
                    names.push(Name::written(written.to_vec()));
                }
            }
        }
        if b.flags.contains(Flags::AUTH) {
            names.push(synthetic(if b.flags.contains(Flags::DECODED) {
                "password"
            } else {
                "bearer"
            }));
        }
        if let Some(alias) = &b.alias
            && b.form != Form::Flag
        {
            names.push(Name::written(bytes[alias.clone()].to_vec()));
        }
        names
    }

    /// Whether `name` is one the `[[call]]` table gives an argument.
    fn is_call_name(&self, name: &[u8]) -> bool {
        self.calls.iter().any(|(_, _, n)| n.as_bytes() == name)
    }

    /// The name of argument `arg` of `call` when `rules/bindings.toml`'s `[[call]]`
    /// table lists the call (its text ends with a listed suffix at a segment start).
    fn call_argument(&self, call: &[u8], arg: u16) -> Option<&str> {
        let call = String::from_utf8_lossy(call)
            .to_ascii_lowercase()
            .replace("::", ".");
        self.calls
            .iter()
            .find(|(suffix, a, _)| {
                *a == arg
                    && call.ends_with(suffix.as_str())
                    && call[..call.len() - suffix.len()]
                        .chars()
                        .last()
                        .is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_')
            })
            .map(|(_, _, name)| name.as_str())
    }

    /// The credential a client constructor's argument `arg` is, by position: the
    /// call builds a client (its last segment a type, `New…`, `new…`, `create…`,
    /// `connect…`) of something that authenticates (a word of `client_words` or an
    /// exchange's name in the call).
    /// `last` is the call's last segment, `last_words` its words.
    fn client_role(
        &self,
        call: &[u8],
        last: &[u8],
        last_words: &[String],
        arg: u32,
    ) -> Option<&'static str> {
        const ROLES: [&str; 3] = ["api_key", "api_secret", "passphrase"];
        let role = ROLES.get(arg as usize)?;
        let ctor = last.first().is_some_and(u8::is_ascii_uppercase)
            || last_words
                .first()
                .is_some_and(|w| matches!(w.as_str(), "new" | "create" | "connect" | "login"));
        // `krakenapi.New`, `gateapi.NewAPIClient`: a package named by its exchange
        // and an SDK suffix
        let client = name_words(call).iter().any(|w| {
            self.client_words.contains(w)
                || SDK_SUFFIXES.iter().any(|s| {
                    w.strip_suffix(s).is_some_and(|head| {
                        !head.is_empty() && self.names_exchange(head.as_bytes())
                    })
                })
        }) || self.names_exchange(call);
        (ctor && client).then_some(role)
    }

    /// Whether the binding sits in an exchange's context: its name, labels or call
    /// name an exchange, or a sibling does.
    /// The groups whose members name an exchange (`{name: "binance", secret: …}`),
    /// sorted, into `out` (cleared first).
    fn exchange_groups(&self, bytes: &[u8], found: &Bindings, out: &mut Vec<u32>) {
        out.clear();
        for b in found.iter() {
            if b.group != 0
                && b.value.len() <= MAX_SIBLING
                && self.names_exchange(&bytes[b.value.clone()])
            {
                out.push(b.group);
            }
        }
        out.sort_unstable();
        out.dedup();
    }

    fn exchange_context(
        &self,
        src: &Source,
        found: &Bindings,
        b: &Binding,
        groups: &[u32],
    ) -> bool {
        let bytes = src.bytes();
        groups.binary_search(&b.group).is_ok()
            || self.names_exchange(found.name_text(b, bytes))
            || found
                .labels(b)
                .iter()
                .chain(b.call.iter())
                .any(|s| self.names_exchange(&bytes[s.clone()]))
    }

    #[allow(clippy::too_many_arguments)]
    fn judge(
        &self,
        src: &Source,
        cx: &ScanContext,
        found: &Bindings,
        b: &Binding,
        (groups, listed): (&mut Vec<u32>, &mut bool),
        wordless: bool,
        (cands, cands_generic): (&[usize], &[usize]),
        out: &mut Vec<Match>,
    ) {
        // no rule to judge for, whatever the names (`cands` is within `cands_generic`)
        if cands_generic.is_empty() {
            return;
        }
        let names = self.names(src, found, b);
        // a name holding none of the words cannot match a rule that needs one
        if !wordless
            && !self
                .name_words
                .as_ref()
                .is_some_and(|w| names.iter().any(|n| w.is_match(&n.text)))
        {
            return;
        }
        let bytes = src.bytes();
        let value = self.untagged(found.value_text(b, bytes));
        // a URL passed to a client is its endpoint, whatever its position
        if names.iter().any(|n| n.positional) && memchr::memmem::find(&value, b"://").is_some() {
            return;
        }
        if self.value_shape_ok(src, b, &value).is_none() {
            return;
        }
        // The form names the value (a URL's password, `Bearer v`, `Authorization: Basic
        // v`): generic rules judge it even where no keyword of theirs is in the file
        // (`smtp://bot:v@host` says no `password`).
        let implied = b.form == Form::Userinfo && b.call.is_some()
            || b.form == Form::Scheme
            || b.flags.contains(Flags::AUTH)
            // an option the `[[flag]]` table names (`curl -u user:v`, `mysql -pV`)
            || b.form == Form::Flag && names.iter().any(|n| !n.written)
            || names
                .iter()
                .any(|n| n.positional && n.written && self.is_call_name(&n.text));
        let ks = if implied { cands_generic } else { cands };
        if ks.is_empty() {
            return;
        }
        // each name split into words once, not once per rule
        let normals: Vec<String> = names.iter().map(|n| normal_name(&n.text)).collect();
        // a name is matched as written and split into words; a split form equal to the
        // name as written is not matched twice
        let differs = |n: &Name, normal: &String| normal.as_bytes() != n.text.as_slice();
        // per name, the watched words it holds in either form; `None` for a name that
        // is not ASCII, which a case-insensitive pattern may match with no such word
        let held: Vec<Option<Vec<usize>>> = names
            .iter()
            .zip(&normals)
            .map(|(n, normal)| self.held_words(&n.text, normal.as_bytes()))
            .collect();
        // (rule, the first of the names its pattern matches), in rule order
        let matched: Vec<(usize, usize)> = ks
            .iter()
            .filter(|&&i| b.form != Form::Compare || self.compares(i, cx.rules))
            .filter_map(|&i| {
                let pattern = cx.rules.rules()[i].names.as_ref()?;
                let gate = self.name_gate.get(i).filter(|g| !g.is_empty());
                let j = names
                    .iter()
                    .zip(&normals)
                    .zip(&held)
                    .position(|((n, normal), held)| {
                        if n.validated && cx.rules.rules()[i].validator.is_none() {
                            return false;
                        }
                        let may = match (gate, held) {
                            (Some(gate), Some(held)) => held.iter().any(|k| gate.contains(k)),
                            _ => true,
                        };
                        may && (pattern.is_match(&n.text)
                            || differs(n, normal) && pattern.is_match(normal.as_bytes()))
                    })?;
                Some((i, j))
            })
            .collect();
        // the placeholder and environment checks cost more than the name patterns:
        // only for a value some rule's name matched
        if matched.is_empty() || self.value_read_ok(src, b, &value, cx).is_none() {
            return;
        }
        let mut exchange: Option<bool> = None;
        for (i, j) in matched {
            let rule = &cx.rules.rules()[i];
            let (name, normal) = (&names[j], &normals[j]);
            if name.written {
                if rule.kind == RuleKind::Generic
                    && (cx.placeholders.is_excluded_name(&name.text)
                        || is_type_path(b.form, &name.text)
                        || normal
                            .split('_')
                            .any(|w| !w.is_empty() && self.exclude_words.contains(w)))
                {
                    continue;
                }
                if rule
                    .exclude_names
                    .as_ref()
                    .is_some_and(|re| re.is_match(&name.text))
                {
                    continue;
                }
            }
            if crate::source::count_chars(&value) < rule.min_length {
                continue;
            }
            if rule.value.as_ref().is_some_and(|re| !re.is_match(&value)) {
                continue;
            }
            let mut rejected = false;
            for shape in &rule.reject {
                if !shape.matches(&value) {
                    continue;
                }
                if shape.name == "uuid"
                    && *exchange.get_or_insert_with(|| {
                        if !*listed {
                            self.exchange_groups(src.bytes(), found, groups);
                            *listed = true;
                        }
                        self.exchange_context(src, found, b, groups)
                    })
                {
                    continue;
                }
                if self.language_shapes.contains(&shape.name)
                    && value.len() >= self.language_min
                    && !self.reads_like_language(&value)
                {
                    continue;
                }
                rejected = true;
                break;
            }
            if rejected {
                continue;
            }
            if let Some(floor) = rule.min_entropy
                && !entropy::passes(&value, floor)
            {
                continue;
            }
            let detector = match (rule.validator, rule.kind) {
                (Some(v), _) => match format::check(v, &value) {
                    Ok(()) => DetectorKind::Validated,
                    Err(_) => continue,
                },
                (None, RuleKind::Generic) => DetectorKind::Generic,
                (None, _) => DetectorKind::Pattern,
            };
            // a role guessed from the argument's position yields to any match that
            // knows the call (the syntax-aware pass's `*-argument` rules)
            let detector = if name.positional {
                DetectorKind::Generic
            } else {
                detector
            };
            out.push(Match {
                rule: i,
                span: b.value.clone(),
                region: None,
                detector,
                confidence: if rule.kind == RuleKind::Generic
                    && !rule.confidence_stated
                    && name.written
                    && strong_value(&value)
                {
                    rule.confidence.max(Confidence::Medium)
                } else {
                    rule.confidence
                },
                message: name
                    .positional
                    .then(|| {
                        let call = b
                            .call
                            .as_ref()
                            .map_or(&b""[..], |c| &src.bytes()[c.clone()]);
                        format!(
                            "hardcoded {} passed to `{}` as its argument {} ({})",
                            rule.name,
                            String::from_utf8_lossy(call),
                            u32::from(b.arg) + 1,
                            name.why
                        )
                    })
                    .or_else(|| {
                        (b.form == Form::Compare && name.written).then(|| {
                        format!(
                            "hardcoded {} compared with `{}` (the check holds the secret itself)",
                            rule.name,
                            String::from_utf8_lossy(&name.text)
                        )
                    })
                    }),
                name: name
                    .written
                    .then(|| String::from_utf8_lossy(&name.text).into_owned()),
                labels: self.labels(src, found, b),
                related: Vec::new(),
                context: Vec::new(),
                also_matched: Vec::new(),
            });
        }
    }

    /// The value without a format's type tag (`p2wpkh:<WIF>` → `<WIF>`).
    fn untagged<'v>(&self, value: Cow<'v, [u8]>) -> Cow<'v, [u8]> {
        match self
            .value_prefixes
            .iter()
            .find(|p| value.len() > p.len() && value[..p.len()].eq_ignore_ascii_case(p))
        {
            Some(p) => Cow::Owned(value[p.len()..].to_vec()),
            None => value,
        }
    }

    /// The binding's labels and call, joined, for provider context.
    fn labels(&self, src: &Source, found: &Bindings, b: &Binding) -> Option<String> {
        let bytes = src.bytes();
        let parts: Vec<String> = found
            .labels(b)
            .iter()
            .chain(b.call.iter())
            .map(|s| String::from_utf8_lossy(&bytes[s.clone()]).into_owned())
            .collect();
        (!parts.is_empty()).then(|| parts.join("/"))
    }

    /// The checks every rule shares, on the value itself: a literal of sane length, not
    /// code. Cheap; the rest ([`AssignIndex::value_read_ok`]) runs once a rule's name
    /// pattern matched.
    fn value_shape_ok(&self, src: &Source, b: &Binding, value: &[u8]) -> Option<()> {
        let pem = value.starts_with(b"-----BEGIN ");
        if value.is_empty() || value.len() > if pem { MAX_PEM } else { MAX_VALUE } {
            return None;
        }
        if b.flags.intersects(Flags::EXPR | Flags::INTERPOLATED) {
            return None;
        }
        if value
            .iter()
            .any(|&c| c >= 0x80 || c < 0x20 && c != b'\n' && c != b'\r' && c != b'\t')
        {
            return None;
        }
        if !pem && value.iter().any(u8::is_ascii_whitespace) && !b.flags.contains(Flags::BLOCK) {
            return None;
        }
        if !pem && is_code(value, b.flags.contains(Flags::QUOTED)) {
            return None;
        }
        if !b.flags.contains(Flags::QUOTED) {
            let literal_form = matches!(
                b.form,
                Form::Query
                    | Form::Userinfo
                    | Form::Table
                    | Form::Element
                    | Form::Scheme
                    | Form::Flag
                    | Form::Directive
                    | Form::File
            );
            if !(src.lang().bare_values_are_literals()
                || literal_form
                || hex_integer_literal(value)
                || shell_assignment(src.bytes(), b)
                || b.flags
                    .intersects(Flags::PROSE | Flags::COMMENT | Flags::NESTED | Flags::BLOCK))
            {
                return None;
            }
        }
        Some(())
    }

    /// The value is not a placeholder and is not read from the environment.
    fn value_read_ok(
        &self,
        src: &Source,
        b: &Binding,
        value: &[u8],
        cx: &ScanContext,
    ) -> Option<()> {
        if !b.flags.contains(Flags::DECODED)
            && (cx.placeholders.is_placeholder(value) || cx.placeholders.is_env_read(value))
        {
            return None;
        }
        // `os.getenv("K", "v")`: the text before is a lookup by construction, and the
        // literal is hardcoded all the same
        if !matches!(b.form, Form::Fallback | Form::CallPair) && !b.flags.contains(Flags::ENV) {
            let bytes = src.bytes();
            // the lookup is on the value's line, within a bounded look-behind (a
            // minified line would make this quadratic)
            let from =
                line_start(bytes, b.value.start, LOOK_BEHIND).max(b.name.end.min(b.value.start));
            if cx.placeholders.is_env_read(&bytes[from..b.value.start]) {
                return None;
            }
        }
        Some(())
    }
}

/// A map key that is a `::` path (`"AWS::ApiGateway::ApiKey": …`) names a type, not a
/// variable holding a credential (`Config::API_KEY = "…"` assigns one).
fn is_type_path(form: Form, name: &[u8]) -> bool {
    matches!(form, Form::Colon | Form::Arrow | Form::Pair)
        && memchr::memmem::find(name, b"::").is_some()
}

/// `0x` and at least 32 hex digits: an integer literal in every language that has one
/// (Solidity's `uint256 deployerKey = 0x…;`, a Python or C constant), bare but never code.
fn hex_integer_literal(v: &[u8]) -> bool {
    v.strip_prefix(b"0x")
        .is_some_and(|h| h.len() >= 32 && h.iter().all(u8::is_ascii_hexdigit))
}

/// Code rather than a literal: a call, an arrow, or paired brackets (`fn(x)`,
/// `a=>b`, `{x}`, `[0]`). Inside quotes parentheses are text (a Django key holds
/// `)(`); braces and brackets still say template or structure.
fn is_code(v: &[u8], quoted: bool) -> bool {
    let has = |c: u8| memchr::memchr(c, v).is_some();
    memchr::memmem::find(v, b"=>").is_some()
        || !quoted && has(b'(') && has(b')')
        || has(b'{') && has(b'}')
        || has(b'[') && has(b']')
}

/// Append the words of `new` that `words` does not hold yet, in order.
fn add_new(words: &mut Vec<String>, new: &[String]) {
    for w in new {
        if !words.contains(w) {
            words.push(w.clone());
        }
    }
}

/// Where the line holding offset `at` starts (after `\n` or `\r`), looking back at most
/// `max_back` bytes: a minified line must not make a per-binding look-behind quadratic.
fn line_start(bytes: &[u8], at: usize, max_back: usize) -> usize {
    let lo = at.saturating_sub(max_back);
    memchr::memrchr2(b'\n', b'\r', &bytes[lo..at]).map_or(lo, |i| lo + i + 1)
}

/// Words that make the rest of a line a shell assignment in any file: `export NAME=v`
/// (no other language has that statement), IPython's `%env NAME=v` and `%set_env`,
/// `env NAME=v cmd`, cmd's `set NAME=v` and `setx`.
const SHELL_LEADS: &[&[u8]] = &[b"export", b"env", b"set", b"setx", b"%env", b"%set_env"];

/// Whether the binding is a shell assignment `NAME=v` (`=` touching both sides) led by
/// one of [`SHELL_LEADS`], maybe after a prompt or notebook escape (`!`, `$ `) or the
/// quote of a notebook's JSON source line: its bare value is a literal whatever the
/// file's language (`%env KEY=v` in a notebook, `!export KEY=v`).
fn shell_assignment(bytes: &[u8], b: &Binding) -> bool {
    if b.form != Form::Assign
        || b.name.end + 1 != b.value.start
        || bytes.get(b.name.end) != Some(&b'=')
    {
        return false;
    }
    let lead = bytes[line_start(bytes, b.name.start, 64)..b.name.start].trim_ascii();
    let lead = lead.strip_prefix(b"\"").unwrap_or(lead).trim_ascii_start();
    let lead = lead.strip_prefix(b"!").unwrap_or(lead);
    let lead = lead.strip_prefix(b"$ ").unwrap_or(lead).trim_ascii_start();
    SHELL_LEADS.iter().any(|w| lead.eq_ignore_ascii_case(w))
}

/// A value random enough to be a key by itself, not a word or a short test password:
/// at least 16 characters drawing on three character classes (lower, upper, digit,
/// symbol), or 32 and more of one alphabet (hex, base64), with the entropy of chance.
/// A generic rule's match on such a value, bound to a credential name as written, is
/// medium confidence (it fails the build by default); a weaker one stays low.
fn strong_value(v: &[u8]) -> bool {
    let classes = [
        v.iter().any(u8::is_ascii_lowercase),
        v.iter().any(u8::is_ascii_uppercase),
        v.iter().any(u8::is_ascii_digit),
        v.iter().any(|c| c.is_ascii_punctuation()),
    ]
    .iter()
    .filter(|&&c| c)
    .count();
    (v.len() >= 32 || v.len() >= 16 && classes >= 3) && entropy::shannon(v) >= 3.5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strong_values_are_random_and_long() {
        // synthetic: mixed classes, long hex, long base62
        assert!(strong_value(b"14guGOtN0rfRgZzSQulx2Cg4EqfuLI9u"));
        assert!(strong_value(
            b"2b86933d1c7a64431a3f5dcf2d502e1d38953d0e68d55b82e0a4ae595c073d6e"
        ));
        assert!(strong_value(b"Tq8vN2m!K4pL7wR1"));
        // short passwords, words, one class, low entropy
        assert!(!strong_value(b"FSl4FE!6dA3ttL"));
        assert!(!strong_value(b"correcthorsebatterystaple"));
        assert!(!strong_value(b"/bin/bash -lc"));
        assert!(!strong_value(b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    }

    #[test]
    fn userinfo_is_seen_in_a_url_or_where_a_literal_stops_after_the_user() {
        assert!(has_userinfo(b"bot:pw@db.example.com/x"));
        assert!(has_userinfo(b"signals:' + 'pw' + '@mq.example.com"));
        assert!(!has_userinfo(b"db.example.com/x?u=a@b"));
        // (`"http://host:" + port` passes too: this only opens a window, and the
        // binding layer wants a literal password there)
        assert!(!has_userinfo(b"host\""));
    }

    #[test]
    fn shell_assignments_are_seen_in_any_language() {
        let one = |src: &str| {
            let found = bindings::scan(src.as_bytes());
            let b = found.iter().next().cloned().expect("a binding");
            shell_assignment(src.as_bytes(), &b)
        };
        assert!(one("%env BFX_API_KEY=v1\n"));
        assert!(one("    \"%env BFX_API_KEY=v1\\n\",\n"));
        assert!(one("!export API_KEY=v1\n"));
        assert!(one("export API_KEY=v1\n"));
        assert!(one("set API_KEY=v1\n"));
        // code: `=` with spaces, or no shell word before the name
        assert!(!one("export API_KEY = v1\n"));
        assert!(!one("API_KEY=v1\n"));
        assert!(!one("x = 1; API_KEY=v1\n"));
    }

    #[test]
    fn names_split_into_words() {
        let w = |s: &str| name_words(s.as_bytes()).join(" ");
        assert_eq!(w("dbPass"), "db pass");
        assert_eq!(w("X-MBX-APIKEY"), "x mbx apikey");
        assert_eq!(w("APIKey"), "api key");
        assert_eq!(w("binance_api_secret"), "binance api secret");
        assert_eq!(w("old bithumb_key"), "old bithumb key");
        assert_eq!(w("key2Value"), "key2 value");
    }

    #[test]
    fn normal_names_join_the_words() {
        for s in [
            "dbPass",
            "X-MBX-APIKEY",
            "APIKey",
            "binance_api_secret",
            "old bithumb_key",
            "key2Value",
            "__init__",
            "a--b..C",
            "",
            "-",
            "ABCDef",
            "é_key",
            "_Pk",
            "aPK",
        ] {
            assert_eq!(
                normal_name(s.as_bytes()),
                name_words(s.as_bytes()).join("_"),
                "{s}"
            );
        }
    }

    #[test]
    fn literal_words_of_name_patterns() {
        assert_eq!(
            literal_words("(?:api[_.-]?)?key"),
            Some(vec!["key".to_string()])
        );
        let mut w = literal_words("secret|private[_.-]?key|priv").unwrap();
        w.sort();
        assert_eq!(w, vec!["priv".to_string(), "secret".to_string()]);
        // an exchange-and-key name is watched by its key part, never by the exchange's
        // name alone (every file of a bot repository says `binance`)
        let w = literal_words("(?:binance|bybit|okx|exchange)[_.-]{0,2}(?:api[_.-]?)?key").unwrap();
        assert!(w.iter().all(|x| x.ends_with("key")), "{w:?}");
        assert_eq!(literal_words(".*"), None);
        assert_eq!(literal_words("[a-z]+"), None);
        // short words when there is nothing longer; a part every match holds
        assert_eq!(
            literal_words(r"(?:(?-u:\b)|[_.-])pk(?:(?-u:\b)|[_.-])"),
            Some(vec!["pk".to_string()])
        );
        assert_eq!(
            literal_words(r"(?-i:[a-z0-9](?:PK|Pk))(?:(?-u:\b)|[_.-]|(?-i:[A-Z]))"),
            Some(vec!["pk".to_string()])
        );
        assert_eq!(literal_words("[a-z]+x[a-z]+"), None);
    }

    #[test]
    fn language_versus_chance() {
        let b = Bigrams::new(builtin::data_file("bip39-english.txt").unwrap());
        let s = |v: &str| b.score(v.as_bytes()).unwrap();
        for word in [
            "hummingbot",
            "changeme",
            "postgres",
            "password",
            "tradingbot",
        ] {
            assert!(s(word) > -3.4, "{word}: {}", s(word));
        }
        for random in ["pzfbbmrnd", "uwprbkfiw", "xkqpwmvz", "rbavcinmv"] {
            assert!(s(random) < -3.4, "{random}: {}", s(random));
        }
        assert_eq!(b.score(b"1234-5678"), None);
    }

    #[test]
    fn the_data_file_parses() {
        let idx = AssignIndex::new(&RuleSet::builtin().unwrap());
        // a word is watched as itself or through a shorter word it holds
        let watched = |name: &str| idx.words().iter().any(|w| name.contains(w.as_str()));
        assert!(watched("secret"));
        assert!(watched("mysql"));
        assert!(!watched("qqqq"));
        assert!(!idx.rules.is_empty());
    }
}
