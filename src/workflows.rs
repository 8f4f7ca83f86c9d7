//! The git workflow subcommands: `history`, `baseline create` and `install-hook`.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use keylint::baseline::Baseline;
use keylint::sources::git::{self, history};

use crate::cli::{BaselineCreateArgs, HistoryArgs};

pub fn history(args: &HistoryArgs) -> Result<u8, keylint::Error> {
    let started = std::time::SystemTime::now();
    let repo = git::open_at(&args.repo)?;
    // `.keylint.toml` at the repository's root (or --config).
    let root = repo
        .workdir()
        .unwrap_or_else(|| repo.git_dir())
        .to_path_buf();
    let cfg = args.engine.config(&[root])?;
    let engine = keylint::Engine::from_config(&cfg)?;
    let opts = history::Options {
        since: args
            .since
            .as_deref()
            .map(history::parse_since)
            .transpose()?,
        branches: args.branch.clone(),
    };
    let progress = history::Progress::default();
    let mut report = with_progress(&progress, || {
        keylint::scan::history::scan(repo, &opts, &cfg, &engine, &progress)
    })?;
    if let Some(file) = &args.baseline {
        Baseline::load(file)?.apply(file, &mut report, |_| true);
    }
    report.summary.started_at = Some(started);
    crate::emit(&report, &args.output)
}

/// Run `f`, showing `progress` on stderr meanwhile if stderr is a terminal.
fn with_progress<R>(progress: &history::Progress, f: impl FnOnce() -> R) -> R {
    if !io::stderr().is_terminal() {
        return f();
    }
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            let started = Instant::now();
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(150));
                let line = progress_line(progress, started.elapsed());
                let _ = write!(io::stderr().lock(), "\r\x1b[2K{line}");
            }
            let _ = write!(io::stderr().lock(), "\r\x1b[2K");
        });
        let r = f();
        done.store(true, Ordering::Relaxed);
        r
    })
}

fn progress_line(p: &history::Progress, elapsed: Duration) -> String {
    let get = |a: &std::sync::atomic::AtomicU64| a.load(Ordering::Relaxed);
    let mb = get(&p.bytes_done) as f64 / 1e6;
    let secs = elapsed.as_secs_f64().max(0.001);
    format!(
        "history: {}/{} commits · {}/{} blobs · {:.1} MB, {:.1} MB/s",
        get(&p.commits_done),
        get(&p.commits_total),
        get(&p.blobs_done),
        get(&p.blobs_total),
        mb,
        mb / secs
    )
}

pub fn baseline_create(args: &BaselineCreateArgs) -> Result<u8, keylint::Error> {
    let mut cfg = args.engine.config(&args.paths)?;
    cfg.paths = args.paths.clone();
    cfg.no_ignore = args.no_ignore;
    // Accept what `keylint scan` reports, credential-file findings included.
    cfg.hygiene = keylint::config::Hygiene::Report;
    let engine = keylint::Engine::from_config(&cfg)?;
    let report = keylint::scan(&cfg, &engine);
    crate::print_issues(&report, false);
    let baseline = Baseline::from_report(&report);
    write_file(&args.output, |w| baseline.write(w))?;
    eprintln!(
        "keylint: wrote {} baseline entr{} to {}",
        baseline.entries.len(),
        if baseline.entries.len() == 1 {
            "y"
        } else {
            "ies"
        },
        args.output.display()
    );
    Ok(if report.summary.complete() {
        keylint::EXIT_CLEAN
    } else {
        keylint::EXIT_ERROR
    })
}

fn write_file(
    path: &Path,
    body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), keylint::Error> {
    std::fs::File::create(path)
        .and_then(|f| {
            let mut w = io::BufWriter::new(f);
            body(&mut w)?;
            w.flush()
        })
        .map_err(|e| keylint::Error::io(path, e))
}

pub fn install_hook(force: bool) -> Result<u8, keylint::Error> {
    let exe = std::env::current_exe().map_err(|e| keylint::Error::io("<keylint executable>", e))?;
    match git::hook::install(&exe, force)? {
        git::hook::Installed::Written(path) => eprintln!(
            "keylint: installed the pre-commit hook at {}; commits now run `keylint scan --staged`",
            path.display()
        ),
        git::hook::Installed::Unchanged(path) => eprintln!(
            "keylint: the pre-commit hook at {} is already installed",
            path.display()
        ),
    }
    Ok(keylint::EXIT_CLEAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_line_shows_commits_blobs_and_throughput() {
        let p = history::Progress::default();
        p.commits_total.store(20_000, Ordering::Relaxed);
        p.commits_done.store(20_000, Ordering::Relaxed);
        p.blobs_total.store(400, Ordering::Relaxed);
        p.blobs_done.store(100, Ordering::Relaxed);
        p.bytes_done.store(50_000_000, Ordering::Relaxed);
        assert_eq!(
            progress_line(&p, Duration::from_secs(2)),
            "history: 20000/20000 commits · 100/400 blobs · 50.0 MB, 25.0 MB/s"
        );
    }
}
