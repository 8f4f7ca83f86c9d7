//! What a fix works on: every secret value of every selected finding is a [`Site`]
//! (a key set's other halves are sites of the same finding), and what a rewriter
//! decides for it is a [`SitePlan`] or the reason it is skipped.

use std::ops::Range;

use crate::source::Lang;

use super::text::{Edit, Text};

/// One secret value in one file.
#[derive(Debug, Clone)]
pub(crate) struct Site {
    /// Index of the finding in the scan report (a key set's halves share it).
    pub finding: usize,
    pub rule: String,
    /// The path as walked (what reports show and what is opened).
    pub path: String,
    /// Byte span of the value in the decoded text.
    pub span: Range<usize>,
    /// The credential name the scanner saw, for the finding's own value.
    pub name: Option<String>,
    pub line: usize,
    pub column: usize,
}

/// Which environment variable name a site wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Hint {
    /// The rule's conventional variable (`BINANCE_API_KEY`).
    Convention,
    /// The code already names the binding in screaming case: use that name.
    Binding(String),
    /// A name the program reads, which must not change (`FREQTRADE__EXCHANGE__KEY`,
    /// the key of `os.environ["X"] = …`): never suffixed.
    Exact(String),
}

/// What a rewriter will do with one site.
#[derive(Debug, Clone)]
pub(crate) struct SitePlan {
    /// The value the program reads at run time (escapes decoded): what `.env` gets.
    pub value: String,
    pub hint: Hint,
    /// How the code reads it afterwards, with [`super::text::NAME`] for the name.
    pub read: String,
}

/// A rewriter's answer for one file: per site (in the order given) a plan or the
/// reason it is skipped, and the edits for the planned sites (imports included).
#[derive(Debug, Default)]
pub(crate) struct FilePlan {
    pub results: Vec<Result<SitePlan, String>>,
    pub edits: Vec<Edit>,
}

impl FilePlan {
    /// Every site skipped for `reason`.
    pub fn skip_all(n: usize, reason: &str) -> FilePlan {
        FilePlan {
            results: (0..n).map(|_| Err(reason.to_string())).collect(),
            edits: Vec::new(),
        }
    }
}

/// What a rewriter knows about the file.
pub(crate) struct FileCtx<'a> {
    pub path: &'a str,
    /// Repository-relative, `/`-separated.
    pub rel: &'a str,
    pub lang: Lang,
    pub text: &'a Text,
    /// Whether git tracks the file.
    pub tracked: bool,
    /// Whether the repository root's `.env` is this file.
    pub is_root_env: bool,
}

/// `NAME` in screaming snake case, long enough to be a variable of its own.
pub(crate) fn is_screaming(name: &str) -> bool {
    name.len() >= 3
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The hint for a value bound directly to `name`.
pub(crate) fn hint_for(name: Option<&str>) -> Hint {
    match name {
        Some(n) if is_screaming(n) => Hint::Binding(n.to_string()),
        _ => Hint::Convention,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screaming_names() {
        for n in ["BINANCE_API_KEY", "WIF", "FREQTRADE__EXCHANGE__KEY", "KEY2"] {
            assert!(is_screaming(n), "{n}");
        }
        for n in ["PK", "apiKey", "Api_KEY", "_KEY", "api_key", "API-KEY"] {
            assert!(!is_screaming(n), "{n}");
        }
    }
}
