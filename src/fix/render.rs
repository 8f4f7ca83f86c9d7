//! The human report of a fix. Paths, names and reasons can come from the repository:
//! everything is escaped for the terminal, and no value is ever printed.

use std::io::{self, Write};

use super::Outcome;
use crate::redact::{sanitize_lines, sanitize_str};

/// Write `o` for people: the diff (dry run), what was fixed, skipped, written, left,
/// and the keys to rotate.
pub fn human(o: &Outcome, w: &mut dyn Write) -> io::Result<()> {
    if let Some(why) = &o.refused {
        return writeln!(w, "keylint fix: nothing changed: {}", sanitize_lines(why));
    }
    for d in &o.diffs {
        w.write_all(d.as_bytes())?;
    }
    let would = if o.dry_run { "would move" } else { "moved" };
    let summary_verb = if o.dry_run { "to move" } else { "moved" };
    if !o.fixed.is_empty() {
        writeln!(
            w,
            "{} {} secret{} to the environment:",
            cap(would),
            o.fixed.len(),
            plural(o.fixed.len())
        )?;
        for f in &o.fixed {
            writeln!(
                w,
                "  {}:{}:{}  {}  → {}",
                sanitize_str(&f.path),
                f.line,
                f.column,
                f.rule_id,
                sanitize_str(&f.read)
            )?;
        }
    }
    if !o.skipped.is_empty() {
        writeln!(w, "Skipped {} (left as they are):", o.skipped.len())?;
        for s in &o.skipped {
            writeln!(
                w,
                "  {}:{}:{}  {}  {}",
                sanitize_str(&s.path),
                s.line,
                s.column,
                s.rule_id,
                sanitize_str(&s.reason)
            )?;
        }
    }
    let e = &o.env;
    let verb = if o.dry_run { "would add" } else { "added" };
    if !e.env_added.is_empty() {
        writeln!(
            w,
            "{}: {verb} {}{}",
            sanitize_str(&e.env_path),
            e.env_added.join(", "),
            if e.env_created {
                " (new file, mode 0600)"
            } else {
                ""
            }
        )?;
    }
    if !e.env_reused.is_empty() {
        writeln!(
            w,
            "{}: already holds {}",
            sanitize_str(&e.env_path),
            e.env_reused.join(", ")
        )?;
    }
    if !e.example_added.is_empty() {
        let blanks: Vec<String> = e.example_added.iter().map(|n| format!("{n}=")).collect();
        writeln!(
            w,
            "{}: {verb} {}{}",
            sanitize_str(&e.example_path),
            blanks.join(", "),
            if e.example_created { " (new file)" } else { "" }
        )?;
    }
    if e.gitignore_added {
        writeln!(w, ".gitignore: {verb} .env")?;
    }
    for n in &o.notes {
        writeln!(w, "note: {}", sanitize_lines(n))?;
    }
    if !o.rotate.is_empty() {
        writeln!(
            w,
            "Rotate {}: the old value{} stay{} in git history (keylint fix never rewrites it), so \
             revoke {} and put the new one{} in .env:",
            if o.rotate.len() == 1 {
                "this key"
            } else {
                "these keys"
            },
            plural(o.rotate.len()),
            if o.rotate.len() == 1 { "s" } else { "" },
            if o.rotate.len() == 1 { "it" } else { "them" },
            plural(o.rotate.len()),
        )?;
        for r in &o.rotate {
            writeln!(
                w,
                "  {} ({}): {}",
                sanitize_str(&r.rule_name),
                r.names.join(", "),
                r.revoke_url
                    .as_deref()
                    .map_or_else(|| "at its issuer".to_string(), sanitize_str)
            )?;
        }
    }
    let claimed = o.left.iter().filter(|l| l.claimed).count();
    for l in &o.left {
        writeln!(
            w,
            "{}: {}:{}:{}  {}{}",
            if l.claimed {
                "error: still found"
            } else {
                "left"
            },
            sanitize_str(&l.path),
            l.line,
            l.column,
            l.rule_id,
            if l.claimed {
                " (keylint claimed to move it: a bug)"
            } else {
                ""
            }
        )?;
    }
    for i in &o.issues {
        writeln!(w, "error: {}", sanitize_str(i))?;
    }
    let scanned = if o.dry_run {
        "re-scan of the rewritten text"
    } else {
        "re-scan of the changed files"
    };
    writeln!(
        w,
        "keylint fix: {} {summary_verb}, {} skipped; {scanned}: {} finding{} left{}",
        o.fixed.len(),
        o.skipped.len(),
        o.left.len(),
        plural(o.left.len()),
        if claimed > 0 {
            format!(" ({claimed} that fix claimed)")
        } else {
            String::new()
        }
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}
