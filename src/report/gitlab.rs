//! GitLab secret-detection report (`--format gitlab`): the `gl-secret-detection-report.json`
//! that GitLab's security dashboard, merge-request widget and vulnerability report read
//! from a job's `artifacts: reports: secret_detection`. The document follows GitLab's
//! published schema, version [`SCHEMA_VERSION`] (`secret-detection-report-format.json`);
//! the tests validate it against a vendored copy.
//!
//! ```json
//! {
//!   "version": "15.2.1",
//!   "schema": "https://gitlab.com/…/v15.2.1/dist/secret-detection-report-format.json",
//!   "scan": {
//!     "type": "secret_detection", "status": "success",
//!     "start_time": "2024-05-01T10:00:00", "end_time": "2024-05-01T10:00:01",
//!     "analyzer": {"id": "keylint", "name": "keylint", "version": "0.1.0", "vendor": {"name": "keylint"}},
//!     "scanner":  {"id": "keylint", "name": "keylint", "version": "0.1.0", "vendor": {"name": "keylint"}},
//!     "messages": [{"level": "warn", "value": "could not read secrets/prod.env: …"}],
//!     "primary_identifiers": [{"type": "keylint_rule_id", "name": "keylint rule binance-api-secret", "value": "binance-api-secret"}]
//!   },
//!   "vulnerabilities": [{
//!     "id": "<UUID derived from fingerprint and path>",
//!     "name": "Binance API secret key", "severity": "Critical",
//!     "description": "…", "solution": "…",
//!     "identifiers": [{"type": "keylint_rule_id", "name": "keylint rule binance-api-secret", "value": "binance-api-secret"}],
//!     "links": [{"name": "Revoke or rotate the key", "url": "https://…"}],
//!     "location": {"file": "bot.py", "start_line": 9, "end_line": 9, "commit": {"sha": "0000000"}},
//!     "raw_source_code_extract": "BINANCE_API_SECRET = \"xZKi…(64)\"",
//!     "details": {"confidence": {…}, "fingerprint": {…}}
//!   }]
//! }
//! ```
//! - `id` is stable across runs: a UUID made from the finding's fingerprint and path
//!   (and, for the same secret twice in one file, its occurrence number).
//! - `location.commit.sha` is the introducing commit for `keylint history`, else
//!   `0000000` (a working tree or index has no commit), as GitLab's own analyzer does.
//! - `raw_source_code_extract` holds the redacted line, never the secret, unless
//!   `--show-secrets` is given (then it is the value, as GitLab's analyzer writes it).
//! - `scan.status` is `failure` when the scan was incomplete (exit code 2), with a
//!   `warn` message for each path that could not be read; the findings it made are
//!   still listed. Skipped files are counted in `info` messages.

use std::collections::HashMap;
use std::io::{self, Write};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::ReportOptions;
use crate::finding::{Finding, Severity};
use crate::outcome::ScanReport;

/// The schema version the report declares (`self.version` of the schema it follows).
pub const SCHEMA_VERSION: &str = "15.2.1";
/// Where GitLab publishes that schema.
pub const SCHEMA_URL: &str = "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v15.2.1/dist/secret-detection-report-format.json";
/// Identifier type of keylint's rule ids.
pub const IDENTIFIER_TYPE: &str = "keylint_rule_id";
/// `solution` may hold at most this many characters.
const MAX_SOLUTION: usize = 7000;
/// `name` may hold at most this many characters.
const MAX_NAME: usize = 255;
/// The commit GitLab's analyzer gives findings outside history.
const NO_COMMIT: &str = "0000000";

pub fn write(report: &ScanReport, opts: &ReportOptions, w: &mut dyn Write) -> io::Result<()> {
    super::safe_json::to_writer_pretty(&mut *w, &document(report, opts))?;
    writeln!(w)
}

/// The whole report as a JSON value.
pub fn document(report: &ScanReport, opts: &ReportOptions) -> Value {
    let tool = json!({
        "id": "keylint",
        "name": "keylint",
        "version": env!("CARGO_PKG_VERSION"),
        "vendor": {"name": "keylint"},
    });
    let (start, end) = if opts.deterministic {
        (UNIX_EPOCH, UNIX_EPOCH)
    } else {
        let start = report.summary.started_at.unwrap_or_else(SystemTime::now);
        (start, start + report.summary.duration)
    };
    let mut scan = json!({
        "analyzer": tool,
        "scanner": tool,
        "type": "secret_detection",
        "start_time": utc(start),
        "end_time": utc(end),
        "status": if report.summary.complete() { "success" } else { "failure" },
    });
    let messages = messages(report);
    if !messages.is_empty() {
        scan["messages"] = Value::Array(messages);
    }
    let mut rule_ids: Vec<&str> = report.rules.iter().map(|r| r.id.as_str()).collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    if !rule_ids.is_empty() {
        scan["primary_identifiers"] = rule_ids.iter().map(|id| identifier(id)).collect();
    }
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    let vulnerabilities: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let n = seen
                .entry((f.fingerprint.as_str(), f.location.path.as_str()))
                .or_default();
            *n += 1;
            vulnerability(report, f, *n, opts.show_secrets)
        })
        .collect();
    json!({
        "version": SCHEMA_VERSION,
        "schema": SCHEMA_URL,
        "scan": scan,
        "vulnerabilities": vulnerabilities,
    })
}

fn identifier(rule_id: &str) -> Value {
    json!({
        "type": IDENTIFIER_TYPE,
        "name": format!("keylint rule {rule_id}"),
        "value": rule_id,
    })
}

/// Errors one by one (`warn`: the scan went on without that path); skips and warnings
/// counted per kind (`info`).
fn messages(report: &ScanReport) -> Vec<Value> {
    let mut out: Vec<Value> = report
        .issues
        .iter()
        .filter(|i| i.kind.is_error())
        .map(|i| {
            json!({
                "level": "warn",
                "value": format!("{}: {} ({})", i.path, i.message, i.kind.as_str()),
            })
        })
        .collect();
    for (kind, n) in report.summary.issues.iter().filter(|(k, _)| !k.is_error()) {
        out.push(json!({
            "level": "info",
            "value": format!("{n} path{} not scanned in full: {}", if *n == 1 { "" } else { "s" }, kind.as_str()),
        }));
    }
    out
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
    }
}

/// A UUID (version 8: application-defined) from the finding's fingerprint, path and
/// occurrence: the same finding gets the same id in every run.
fn stable_id(f: &Finding, occurrence: usize) -> String {
    let mut h = Sha256::new();
    h.update(b"keylint/gitlab/v1\0");
    h.update(f.fingerprint.as_bytes());
    h.update([0]);
    h.update(f.location.path.as_bytes());
    h.update([0]);
    h.update(occurrence.to_string().as_bytes());
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x80; // version 8
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 9562 variant
    let x = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &x[..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..]
    )
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max - 1).collect();
    t.push('…');
    t
}

fn is_link(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://")) && url.len() > 8
}

fn vulnerability(report: &ScanReport, f: &Finding, occurrence: usize, show_secrets: bool) -> Value {
    let rule = report.rules.iter().find(|r| r.id == f.rule_id);
    let mut description = f.message.clone();
    if let Some(r) = rule.filter(|r| !r.description.is_empty()) {
        description.push_str("\n\n");
        description.push_str(&r.description);
    }
    let mut links: Vec<Value> = Vec::new();
    if let Some(u) = f.revoke_url.as_deref().filter(|u| is_link(u)) {
        links.push(json!({"name": "Revoke or rotate the key", "url": u}));
    }
    for u in rule
        .map(|r| r.references.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|u| is_link(u))
    {
        links.push(json!({"url": u}));
    }
    let mut commit = Map::new();
    match &f.commit {
        Some(c) => {
            commit.insert("sha".into(), json!(c.id));
            if !c.author.is_empty() {
                commit.insert("author".into(), json!(c.author));
            }
            if !c.date.is_empty() {
                commit.insert("date".into(), json!(c.date));
            }
        }
        None => {
            commit.insert("sha".into(), json!(NO_COMMIT));
        }
    }
    let mut v = json!({
        "id": stable_id(f, occurrence),
        "name": truncate(&f.rule_name, MAX_NAME),
        "description": description,
        "severity": if f.failing { severity(f.severity) } else { "Info" },
        "solution": truncate(&f.remediation, MAX_SOLUTION),
        "identifiers": [identifier(&f.rule_id)],
        "location": {
            "file": f.location.path,
            "start_line": f.location.line,
            "end_line": f.location.end_line.max(f.location.line),
            "commit": commit,
        },
    });
    if !links.is_empty() {
        v["links"] = Value::Array(links);
    }
    let extract = if show_secrets && !f.secret.expose_secret().is_empty() {
        Some(String::from_utf8_lossy(f.secret.expose_secret()).into_owned())
    } else {
        f.snippet.as_ref().map(|s| s.label_line().to_string())
    };
    if let Some(e) = extract {
        v["raw_source_code_extract"] = json!(e);
    }
    let text = |name: &str, value: &str| json!({"name": name, "type": "text", "value": value});
    let mut details = Map::new();
    details.insert(
        "confidence".into(),
        text("Confidence", f.confidence.as_str()),
    );
    details.insert(
        "fingerprint".into(),
        text("keylint fingerprint", &f.fingerprint),
    );
    if !f.related.is_empty() {
        let items: Vec<Value> = f
            .related
            .iter()
            .map(|r| {
                json!({
                    "type": "file-location",
                    "file_name": r.location.path,
                    "line_start": r.location.line,
                    "line_end": r.location.end_line.max(r.location.line),
                })
            })
            .collect();
        details.insert(
            "related".into(),
            json!({"name": "Related locations", "type": "list", "items": items}),
        );
    }
    v["details"] = Value::Object(details);
    v
}

/// `yyyy-mm-ddThh:mm:ss` in UTC, the form GitLab's schema asks for.
pub fn utc(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Year, month and day of a day count since 1970-01-01 (proleptic Gregorian).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(utc(UNIX_EPOCH), "1970-01-01T00:00:00");
        let t = UNIX_EPOCH + Duration::from_secs(1_709_287_200); // 2024-03-01T10:00:00Z
        assert_eq!(utc(t), "2024-03-01T10:00:00");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400 + 86_399); // 2000-02-29T23:59:59Z
        assert_eq!(utc(leap), "2000-02-29T23:59:59");
    }

    #[test]
    fn truncation_counts_characters() {
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcdé", 4), "abc…");
    }
}
