//! Command-line interface definitions (clap) and their translation into a [`Config`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use keylint::config::{self, Config};
use keylint::finding::{Confidence, Severity};
use keylint::report::Format;
use keylint::report::permissions::PermissionsFormat;

#[derive(Debug, Parser)]
#[command(
    name = "keylint",
    version,
    about = "Find hardcoded credentials in trading-bot repositories"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan directories, files, or standard input (`-`) for hardcoded credentials.
    Scan(ScanArgs),
    /// Audit a repository's whole git history: every commit reachable from every ref.
    History(HistoryArgs),
    /// Move hardcoded secrets to the environment: rewrite each literal as an environment
    /// lookup, append the value to .env (mode 0600), NAME= to .env.example and .env to
    /// .gitignore, then re-scan. Exits 0 when nothing is left, 1 when findings remain.
    Fix(FixArgs),
    /// Least-privilege advisor: which permissions (read, trade, withdraw) each exchange
    /// key needs, from the calls the code makes. Exits 1 when some code withdraws.
    Permissions(PermissionsArgs),
    /// Accept the current findings so that `scan --baseline FILE` reports only new ones.
    Baseline {
        #[command(subcommand)]
        action: BaselineAction,
    },
    /// Install a git pre-commit hook that runs `keylint scan --staged`.
    InstallHook {
        /// Replace an existing pre-commit hook.
        #[arg(long)]
        force: bool,
    },
    /// List the rules (id, severity, description); `rules check` lints them.
    Rules {
        #[command(subcommand)]
        action: Option<RulesAction>,
        /// Output format of the list.
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Print a rule's documentation, remediation and revoke link.
    Explain {
        /// Rule id, as listed by `keylint rules`.
        rule_id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Lint every rule and run its examples and negative examples.
    Check,
    /// Same as `keylint explain RULE_ID`.
    Explain { rule_id: String },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Directories or files to scan; `-` reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Scan the staged content (the index) of files added or modified since HEAD, as a
    /// pre-commit hook should; paths are repository-relative.
    #[arg(long, conflicts_with_all = ["paths", "stdin_filename", "diff"])]
    pub staged: bool,
    /// Report only findings on lines added since the merge base of BASE and HEAD (for
    /// pull requests), e.g. `--diff origin/main`.
    #[arg(long, value_name = "BASE")]
    pub diff: Option<String>,
    /// Hide the findings recorded in FILE (see `keylint baseline create`) and list
    /// its entries that no longer match anything.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Ignore .gitignore, .ignore and .keylintignore: scan everything (but never .git/).
    #[arg(long)]
    pub no_ignore: bool,
    /// Name (and language) to give standard input, e.g. `config.py`.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// With --diff or --staged, do not report suppression markers the change adds, nor
    /// changes to .keylintignore, the config or the baseline that hide findings (for
    /// teams that review those files anyway).
    #[arg(long)]
    pub trust_suppressions: bool,
    #[command(flatten)]
    pub engine: EngineArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Flags that choose what is read and how, shared by every command that reads files.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// Skip files larger than this (e.g. 10M, 512K, 1048576).
    #[arg(long, value_name = "SIZE", default_value = "10M", value_parser = config::parse_size)]
    pub max_file_size: u64,
    /// Config file (default: .keylint.toml in the scanned directory or the current one).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not read any .keylint.toml.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
}

/// Flags that choose rules and limits, shared by every scanning command.
#[derive(Debug, Args)]
pub struct EngineArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    /// Honour only `keylint:allow`, not gitleaks/detect-secrets/trufflehog markers.
    #[arg(long)]
    pub no_foreign_markers: bool,
    /// Report only findings at or above this severity.
    #[arg(long, value_name = "LEVEL", value_parser = parse_severity)]
    pub min_severity: Option<Severity>,
    /// Findings at or above this confidence fail the build (default medium; `low` makes
    /// every reported finding fail).
    #[arg(long, value_name = "LEVEL", value_parser = parse_confidence)]
    pub fail_confidence: Option<Confidence>,
    /// Findings at or above this severity fail the build (default low).
    #[arg(long, value_name = "LEVEL", value_parser = parse_severity)]
    pub fail_severity: Option<Severity>,
}

/// Flags that shape the report, shared by `scan`, `history` and `permissions`.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the report in FORMAT to FILE, from the same scan (repeatable), e.g.
    /// `--report sarif=keylint.sarif --report markdown=summary.md`.
    #[arg(long, value_name = "FORMAT=FILE", value_parser = parse_report)]
    pub report: Vec<(Format, PathBuf)>,
    /// Exit 0 even when there are findings (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// List skipped files and parse fallbacks.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Print raw secret values. Never use this where output is stored or shared.
    #[arg(long)]
    pub show_secrets: bool,
    /// Also report suppressed findings with the marker that suppressed them.
    #[arg(long)]
    pub list_suppressed: bool,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// `keylint permissions` reads code, not secrets: it takes only the flags that change
/// what it reads and how it reports (no `--show-secrets`, `--min-severity`, …).
#[derive(Debug, Args)]
pub struct FixArgs {
    /// Directories or files to fix (one repository).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Print a unified diff (values masked) and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Fix only findings of this rule (repeatable); low-confidence findings of a rule
    /// named here are fixed too.
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,
    /// Run on a work tree with uncommitted changes, or outside a git repository.
    #[arg(long)]
    pub allow_dirty: bool,
    /// Ignore .gitignore, .ignore and .keylintignore when looking for secrets.
    #[arg(long)]
    pub no_ignore: bool,
    #[command(flatten)]
    pub engine: EngineArgs,
}

impl FixArgs {
    pub fn config(&self) -> Result<Config, keylint::Error> {
        let mut cfg = self.engine.config(&self.paths)?;
        cfg.paths = self.paths.clone();
        cfg.no_ignore = self.no_ignore;
        Ok(cfg)
    }
}

#[derive(Debug, Args)]
pub struct PermissionsArgs {
    /// Directories or files to read.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Ignore .gitignore, .ignore and .keylintignore: read everything (but never .git/).
    #[arg(long)]
    pub no_ignore: bool,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = PermissionsFormat::Human)]
    pub format: PermissionsFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 0 even when some code withdraws (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// List skipped files and files that did not parse.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

impl PermissionsArgs {
    /// The config: the config file first, then flags on top; the code-aware pass
    /// parses every file that calls an exchange library or REST path.
    pub fn config(&self) -> Result<Config, keylint::Error> {
        let mut cfg = self.read.config(&self.paths)?;
        cfg.paths = self.paths.clone();
        cfg.no_ignore = self.no_ignore;
        cfg.permissions = true;
        Ok(cfg)
    }
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The repository to audit (default: the one containing the current directory).
    #[arg(default_value = ".")]
    pub repo: PathBuf,
    /// Only commits made at or after DATE (2024-01-31, 2024-01-31T12:00:00Z, "2 weeks ago").
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only commits reachable from REF (repeatable; default: every ref and HEAD).
    #[arg(long, value_name = "REF")]
    pub branch: Vec<String>,
    /// Hide the secrets recorded in FILE (matched by fingerprint and any path they appear under).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    #[command(flatten)]
    pub engine: EngineArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Subcommand)]
pub enum BaselineAction {
    /// Scan like `keylint scan` and write every finding to FILE, to accept them.
    Create(BaselineCreateArgs),
}

#[derive(Debug, Args)]
pub struct BaselineCreateArgs {
    /// Directories or files to scan.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Where to write the baseline.
    #[arg(long, short = 'o', value_name = "FILE", default_value = keylint::baseline::DEFAULT_FILE)]
    pub output: PathBuf,
    /// Ignore .gitignore, .ignore and .keylintignore.
    #[arg(long)]
    pub no_ignore: bool,
    #[command(flatten)]
    pub engine: EngineArgs,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
}

fn parse_confidence(s: &str) -> Result<Confidence, String> {
    s.parse()
}

/// `FORMAT=FILE` of `--report`.
fn parse_report(s: &str) -> Result<(Format, PathBuf), String> {
    let (format, file) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not FORMAT=FILE (e.g. sarif=keylint.sarif)"))?;
    let format = Format::from_str(format, true).map_err(|_| {
        format!("unknown format `{format}` (human, json, sarif, markdown or gitlab)")
    })?;
    if file.is_empty() {
        return Err(format!("`{s}` names no file"));
    }
    Ok((format, PathBuf::from(file)))
}

impl ReadArgs {
    /// The config file this command reads: `--config`, or `.keylint.toml` in the first
    /// directory of `roots`, or none.
    pub fn config_file(&self, roots: &[PathBuf]) -> Option<PathBuf> {
        match (&self.config, self.no_config) {
            (Some(path), _) => Some(path.clone()),
            (None, false) => Config::discover(roots),
            (None, true) => None,
        }
    }

    /// The config file (or `--config`) first, then these flags on top.
    pub fn config(&self, roots: &[PathBuf]) -> Result<Config, keylint::Error> {
        let mut cfg = Config::default();
        if let Some(path) = self.config_file(roots) {
            cfg.load_file(&path)?;
        }
        self.apply(&mut cfg);
        Ok(cfg)
    }

    fn apply(&self, cfg: &mut Config) {
        cfg.threads = self.threads;
        cfg.max_file_size = self.max_file_size;
    }
}

impl EngineArgs {
    /// The config a config file with this `(origin, text)` would give (`None`: no
    /// file), these flags on top: what a scan would use with another version of it.
    pub fn config_with_text(&self, file: Option<(&str, &str)>) -> Result<Config, keylint::Error> {
        let mut cfg = Config::default();
        if let Some((origin, text)) = file {
            cfg.apply_toml(origin, text)?;
        }
        self.apply(&mut cfg);
        Ok(cfg)
    }

    /// The config file (or `--config`) first, then these flags on top. Without
    /// `--config`, `.keylint.toml` is looked for in the first directory of `roots`.
    pub fn config(&self, roots: &[PathBuf]) -> Result<Config, keylint::Error> {
        let mut cfg = Config::default();
        if let Some(path) = self.read.config_file(roots) {
            cfg.load_file(&path)?;
        }
        self.apply(&mut cfg);
        Ok(cfg)
    }

    fn apply(&self, cfg: &mut Config) {
        self.read.apply(cfg);
        cfg.foreign_markers = !self.no_foreign_markers;
        if let Some(s) = self.min_severity {
            cfg.min_severity = s;
        }
        if let Some(c) = self.fail_confidence {
            cfg.fail.confidence = c;
        }
        if let Some(s) = self.fail_severity {
            cfg.fail.severity = s;
        }
    }
}

impl ScanArgs {
    /// Where the config file is looked for: the repository root for `--staged` (staged
    /// paths are repository-relative, so is the config that applies to them), else the
    /// scanned paths.
    fn config_roots(&self) -> Result<Vec<PathBuf>, keylint::Error> {
        Ok(if self.staged {
            let repo = keylint::sources::git::open_from_env()?;
            vec![
                repo.workdir()
                    .unwrap_or_else(|| repo.git_dir())
                    .to_path_buf(),
            ]
        } else {
            self.paths.clone()
        })
    }

    /// The config file this scan reads, if any.
    pub fn config_file(&self) -> Result<Option<PathBuf>, keylint::Error> {
        Ok(self.engine.read.config_file(&self.config_roots()?))
    }

    /// Build the scan config: the config file first, then flags on top.
    pub fn config(&self) -> Result<Config, keylint::Error> {
        let roots = self.config_roots()?;
        let mut cfg = self.engine.config(&roots)?;
        cfg.paths = self.paths.clone();
        cfg.no_ignore = self.no_ignore;
        cfg.stdin_filename = self.stdin_filename.clone();
        // Credential files of scanned directories, checked against git; the staged
        // scan reads the index, not directories.
        cfg.hygiene = match (self.staged, self.output.verbose) {
            (true, _) => config::Hygiene::Off,
            (false, false) => config::Hygiene::Report,
            (false, true) => config::Hygiene::ReportAndCount,
        };
        Ok(cfg)
    }
}
