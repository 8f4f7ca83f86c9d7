//! Rule patterns compiled on first use.
//!
//! Compiling every built-in pattern was most of keylint's start-up (≈ 45 ms of CPU of
//! ≈ 85 ms): a pre-commit scan of ten staged files needs a handful of them. A built-in
//! pattern is parsed when its rule loads (syntax errors and capture names are known
//! then; tests compile every one) and compiled by the first scan thread that searches
//! with it. A user's pattern is compiled when it loads, so its size-limit errors point
//! at the rule file like any other.

use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use regex::bytes::{Regex, RegexBuilder};

use super::{REGEX_DFA_LIMIT, REGEX_SIZE_LIMIT};

/// When a rule's patterns are compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// As the rule loads: a user's rule file, whose errors belong to loading.
    Load,
    /// By the first search: built-in rules, every one compiled by the tests.
    FirstUse,
}

/// How a pattern is built: the options differ per field (`regex` is multi-line,
/// `assign` names case-insensitive, …).
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub multi_line: bool,
    pub case_insensitive: bool,
    /// Cap the lazy DFA's cache (`regex`, `assign`: searched over whole files).
    pub dfa_limit: bool,
}

/// A compiled-on-first-use [`Regex`]; dereferences to it.
pub struct LazyRegex {
    pattern: String,
    options: Options,
    compiled: OnceLock<Regex>,
}

impl LazyRegex {
    /// Check `pattern`'s syntax now and compile it later. Returns the parse error, or
    /// the capture names in group order (group 0, the whole match, unnamed).
    pub fn parse(
        pattern: String,
        options: Options,
    ) -> Result<(LazyRegex, Vec<Option<String>>), String> {
        let hir = regex_syntax::ParserBuilder::new()
            .utf8(false)
            .multi_line(options.multi_line)
            .crlf(options.multi_line)
            .case_insensitive(options.case_insensitive)
            .build()
            .parse(&pattern)
            .map_err(|e| e.to_string())?;
        let mut names = vec![None];
        capture_names(&hir, &mut names);
        let lazy = LazyRegex {
            pattern,
            options,
            compiled: OnceLock::new(),
        };
        Ok((lazy, names))
    }

    /// Compile now (a user's rule: errors belong to loading, not to a scan).
    pub fn compile_now(&self) -> Result<&Regex, String> {
        if let Some(r) = self.compiled.get() {
            return Ok(r);
        }
        let r = self.build().map_err(|e| e.to_string())?;
        Ok(self.compiled.get_or_init(|| r))
    }

    fn build(&self) -> Result<Regex, regex::Error> {
        let mut b = RegexBuilder::new(&self.pattern);
        b.size_limit(REGEX_SIZE_LIMIT)
            .multi_line(self.options.multi_line)
            // `^`/`$` also at a lone `\r` (classic Mac line endings), never inside `\r\n`
            .crlf(self.options.multi_line)
            .case_insensitive(self.options.case_insensitive);
        if self.options.dfa_limit {
            b.dfa_size_limit(REGEX_DFA_LIMIT);
        }
        b.build()
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }
}

impl Deref for LazyRegex {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            // parsed when the rule loaded; only a built-in pattern over the size
            // limit could fail here, and `tests::every_builtin_pattern_compiles`
            // compiles them all
            self.build()
                .unwrap_or_else(|e| panic!("built-in pattern `{}`: {e}", self.pattern))
        })
    }
}

impl fmt::Debug for LazyRegex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LazyRegex")
            .field("pattern", &self.pattern)
            .field("compiled", &self.compiled.get().is_some())
            .finish()
    }
}

/// Capture names by group index, as `Regex::capture_names` lists them.
fn capture_names(hir: &regex_syntax::hir::Hir, names: &mut Vec<Option<String>>) {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Capture(c) => {
            let i = c.index as usize;
            if names.len() <= i {
                names.resize(i + 1, None);
            }
            names[i] = c.name.as_deref().map(str::to_string);
            capture_names(&c.sub, names);
        }
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            for s in subs {
                capture_names(s, names);
            }
        }
        HirKind::Repetition(r) => capture_names(&r.sub, names),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capture_names_agree_with_the_compiled_regex() {
        for p in [
            r"(?P<name>api_?key)\s*=\s*(?P<q>['\x22])(?P<secret>[a-z0-9]{8,})",
            r"a(b)(?:c(?P<secret>d)|(e))*",
            r"(?-u:\xff)(?P<region>-----BEGIN(?P<secret>[^-]+))",
            r"plain",
        ] {
            let (lazy, names) = LazyRegex::parse(p.to_string(), Options::default()).unwrap();
            let compiled: Vec<Option<String>> = lazy
                .capture_names()
                .map(|n| n.map(str::to_string))
                .collect();
            assert_eq!(names, compiled, "{p}");
        }
    }

    #[test]
    fn syntax_errors_are_found_before_compiling() {
        assert!(LazyRegex::parse("(?P<secret>a".into(), Options::default()).is_err());
    }

    #[test]
    fn compile_now_reports_a_pattern_over_the_size_limit() {
        let (lazy, _) =
            LazyRegex::parse(r"\w{1000}\w{1000}\w{1000}".into(), Options::default()).unwrap();
        assert!(lazy.compile_now().is_err());
    }
}
