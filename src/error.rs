//! The library's error type. Every variant carries the thing it is about (a path,
//! a rule id, a file and span) so the message is useful without a backtrace.

use std::ops::Range;
use std::path::PathBuf;

use miette::{Diagnostic, NamedSource, SourceSpan};

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
        TomlError {
            file: file.to_string(),
            message,
            src: NamedSource::new(file, text.to_string()),
            span: span.map(|r| SourceSpan::from(r.start..r.end.max(r.start))),
            help,
        }
    }
}

#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum Error {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Toml(#[from] Box<TomlError>),

    #[error("unknown rule id `{0}`")]
    #[diagnostic(
        code(keylint::unknown_rule),
        help("run `keylint rules` to list rule ids")
    )]
    UnknownRule(String),

    #[error("{path}: {source}")]
    #[diagnostic(code(keylint::io))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("invalid {what}: {message}")]
    #[diagnostic(code(keylint::usage))]
    Usage { what: String, message: String },

    #[error("git: {0}")]
    #[diagnostic(code(keylint::git))]
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
