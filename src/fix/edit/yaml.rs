//! YAML: only docker compose interpolates environment variables in its files, so
//! only a compose file's `environment:` entries are rewritten — `KEY: value` and
//! `- KEY=value` become `${KEY}` (compose reads `${KEY}` from the `.env` file in its
//! project directory). A secret inside a longer value is replaced by `${NAME}` in
//! place unless the entry's key is in screaming case, whose whole value then moves.
//! Other YAML (hummingbot connector files, CI workflows, app configs) is skipped with
//! what to do instead.

use super::super::plan::{FileCtx, FilePlan, Hint, Site, SitePlan, hint_for, is_screaming};
use super::super::text::{Edit, NAME, line_start};

pub(crate) fn plan(cx: &FileCtx, sites: &[&Site]) -> FilePlan {
    if let Some(reason) = not_compose(cx) {
        return FilePlan::skip_all(sites.len(), &reason);
    }
    let b = &cx.text.bytes;
    let mut out = FilePlan::default();
    for (idx, site) in sites.iter().enumerate() {
        match entry(b, site, idx) {
            Ok((plan, edit)) => {
                out.results.push(Ok(plan));
                out.edits.push(edit);
            }
            Err(e) => out.results.push(Err(e)),
        }
    }
    out
}

/// Why a YAML file is not a compose file keylint rewrites, if it is not.
fn not_compose(cx: &FileCtx) -> Option<String> {
    let rel = cx.rel.to_ascii_lowercase();
    let file = rel.rsplit('/').next().unwrap_or("");
    if rel.contains("conf/connectors/") || file == "conf_client.yml" {
        return Some(
            "hummingbot reads connector keys only from its own config, encrypted with your password \
             (no environment override): delete the value and run `connect <exchange>` in hummingbot"
                .into(),
        );
    }
    if rel.contains(".github/workflows/") {
        return Some(
            "a GitHub Actions workflow: store the value as a repository secret and write `${{ secrets.NAME }}`"
                .into(),
        );
    }
    if file == ".gitlab-ci.yml" {
        return Some(
            "GitLab CI: store the value as a masked CI/CD variable and remove it here".into(),
        );
    }
    let named = file.starts_with("docker-compose")
        || file.starts_with("compose.")
        || file.starts_with("compose-");
    let services = cx
        .text
        .bytes
        .split(|c| *c == b'\n')
        .any(|l| l.starts_with(b"services:"));
    if named || services {
        None
    } else {
        Some(
            "keylint knows no environment interpolation for this YAML file (only docker compose \
             files interpolate ${VAR}); move the value out by hand"
                .into(),
        )
    }
}

fn indent(line: &[u8]) -> usize {
    line.iter().take_while(|c| **c == b' ').count()
}

/// The `environment:` entry holding `site`.
fn entry(b: &[u8], site: &Site, idx: usize) -> Result<(SitePlan, Edit), String> {
    let ls = line_start(b, site.span.start);
    let le = memchr::memchr(b'\n', &b[ls..]).map_or(b.len(), |i| ls + i);
    let line = &b[ls..le];
    let ind = indent(line);
    let body = &line[ind..];
    let list = body.starts_with(b"- ");
    // The parent: the nearest line above with less indentation (or, for a list
    // item, a key line with the same indentation).
    let mut parent = None;
    let mut at = ls;
    while at > 0 {
        let ps = line_start(b, at - 1);
        let pl = &b[ps..at - 1];
        let pl = pl.strip_suffix(b"\r").unwrap_or(pl);
        at = ps;
        let t = &pl[indent(pl)..];
        if t.is_empty() || t.starts_with(b"#") {
            continue;
        }
        if indent(pl) < ind || (list && indent(pl) == ind && !t.starts_with(b"-")) {
            parent = Some(t);
            break;
        }
    }
    let parent = parent.ok_or("not inside a compose `environment:` section")?;
    let parent_key = parent.split(|c| *c == b'#').next().unwrap_or(b"");
    if parent_key.trim_ascii() != b"environment:" {
        return Err("not inside a compose `environment:` section".into());
    }
    // Key and the value's range.
    let (key, value_range) = if list {
        let item = ls + ind + 2;
        let item_end = comment_start(b, item, le);
        let text = &b[item..item_end];
        let (q, start, end) = match text.first() {
            Some(&q @ (b'"' | b'\'')) if text.len() >= 2 && text.last() == Some(&q) => {
                (Some(q), item + 1, item_end - 1)
            }
            _ => (None, item, item_end),
        };
        let _ = q;
        let eq = memchr::memchr(b'=', &b[start..end]).ok_or("an environment item without `=`")?;
        (
            String::from_utf8_lossy(&b[start..start + eq])
                .trim()
                .to_string(),
            start + eq + 1..end,
        )
    } else {
        let colon = memchr::memchr(b':', body).ok_or("not a `KEY: value` entry")?;
        let key = String::from_utf8_lossy(&body[..colon])
            .trim()
            .trim_matches(['"', '\''])
            .to_string();
        let mut vs = ls + ind + colon + 1;
        while vs < le && b[vs] == b' ' {
            vs += 1;
        }
        (key, vs..comment_start(b, vs, le))
    };
    if !(value_range.start <= site.span.start && site.span.end <= value_range.end) {
        return Err("not the value of an environment entry".into());
    }
    let raw = &b[value_range.clone()];
    let (inner, quoted) = match raw.first() {
        Some(&q @ (b'"' | b'\'')) if !list && raw.len() >= 2 && raw.last() == Some(&q) => {
            (value_range.start + 1..value_range.end - 1, Some(q))
        }
        _ => (value_range.clone(), None),
    };
    let text = std::str::from_utf8(&b[inner.clone()]).map_err(|_| "the value is not UTF-8")?;
    if text.contains('$') {
        return Err("the value holds `$`, which compose already interpolates".into());
    }
    let value = match quoted {
        Some(b'\'') => text.replace("''", "'"),
        Some(_) if text.contains('\\') => return Err("a double-quoted value with escapes".into()),
        _ => text.to_string(),
    };
    let read = format!("${{{NAME}}}");
    let whole = site.span == inner || is_screaming(&key);
    if whole {
        return Ok((
            SitePlan {
                value,
                hint: hint_for(Some(&key)),
                read: read.clone(),
            },
            Edit::new(inner, read, Some(idx)),
        ));
    }
    let secret =
        std::str::from_utf8(&b[site.span.clone()]).map_err(|_| "the value is not UTF-8")?;
    Ok((
        SitePlan {
            value: secret.to_string(),
            hint: Hint::Convention,
            read: read.clone(),
        },
        Edit::new(site.span.clone(), read, Some(idx)),
    ))
}

/// Where a trailing ` # comment` starts in `b[from..to]` (outside quotes), or `to`.
fn comment_start(b: &[u8], from: usize, to: usize) -> usize {
    let mut quote = None;
    let mut end = to;
    for i in from..to {
        match (quote, b[i]) {
            (None, q @ (b'"' | b'\'')) if i == from || b[i - 1] == b' ' || b[i - 1] == b'=' => {
                quote = Some(q)
            }
            (Some(q), c) if c == q => quote = None,
            (None, b'#') if i > from && b[i - 1] == b' ' => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    let mut e = end;
    while e > from && matches!(b[e - 1], b' ' | b'\r' | b'\t') {
        e -= 1;
    }
    e
}
