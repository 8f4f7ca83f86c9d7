//! The library's error type. Every variant carries the thing it is about (a path,
//! a rule id, a file and span) so the message is useful without a backtrace.
//!
//! Errors are printed to a terminal, and much of what they quote can come from the
//! repository being scanned (its `.keylint.toml`, a rule id, a path), so every such
//! part is escaped with [`crate::redact`]'s sanitizers when the error is built or shown.

use std::ops::Range;
use std::path::PathBuf;

use miette::{Diagnostic, NamedSource, SourceSpan};

use crate::redact::{sanitize_lines, sanitize_same_len, sanitize_str};

/// A problem in a TOML file (a rules file or a `.keylint.toml`), pointing at the line.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{file}: {message}")]
#[diagnostic(code(keylint::toml))]
pub struct TomlError {
    pub file: String,
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("here")]
    pub span: Option<SourceSpan>,
    #[help]
    pub help: Option<String>,
}

impl TomlError {
    pub fn new(
        file: &str,
        text: &str,
        span: Option<Range<usize>>,
        message: String,
        help: Option<String>,
    ) -> Self {
        // The file may come from the repository being scanned: nothing from it reaches
        // the terminal unescaped. The excerpt keeps its length so the span stays right.
        let file = sanitize_str(file);
        TomlError {
            message: sanitize_lines(&message),
            src: NamedSource::new(&file, sanitize_same_len(text)),
            file,
            span: span.map(|r| SourceSpan::from(r.start..r.end.max(r.start))),
            help: help.map(|h| sanitize_lines(&h)),
        }
    }
}

#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum Error {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Toml(#[from] Box<TomlError>),

    #[error("unknown rule id `{}`", sanitize_str(.0))]
    #[diagnostic(
        code(keylint::unknown_rule),
        help("run `keylint rules` to list rule ids")
    )]
    UnknownRule(String),

    #[error("{}: {}", sanitize_str(&path.display().to_string()), sanitize_str(&source.to_string()))]
    #[diagnostic(code(keylint::io))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("invalid {}: {}", sanitize_str(what), sanitize_lines(message))]
    #[diagnostic(code(keylint::usage))]
    Usage { what: String, message: String },

    #[error("git: {}", sanitize_lines(.0))]
    #[diagnostic(code(keylint::sources::git))]
    Git(String),
}

impl From<TomlError> for Error {
    fn from(e: TomlError) -> Self {
        Error::Toml(Box::new(e))
    }
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
