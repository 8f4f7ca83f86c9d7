//! JSON output, schema `keylint/report/v1` (documented in the README).
//!
//! ```json
//! {
//!   "schema": "keylint/report/v1",
//!   "tool": {"name": "keylint", "version": "0.1.0"},
//!   "findings": [{
//!     "rule_id": "binance-api-secret", "rule_name": "Binance API secret",
//!     "severity": "critical", "confidence": "high", "failing": true, "detector": "pattern",
//!     "message": "…", "path": "bot/config.json", "line": 3, "column": 14,
//!     "end_line": 3, "end_column": 78, "byte_start": 40, "byte_end": 104,
//!     "secret": {"preview": "Xq3v…(64)", "length": 64},
//!     "fingerprint": "<64 hex>", "remediation": "…", "revoke_url": "https://…",
//!     "snippet": "  \"secret\": \"Xq3v…(64)\"", "related": [], "also_matched": []
//!   }],
//!   "issues": [{"path": "big.min.js", "kind": "too-large", "message": "…"}],
//!   "summary": {"findings": 1, "by_severity": {…}, "files_scanned": 12, …, "complete": true}
//! }
//! ```
//! A path that is not valid UTF-8 is given lossily in `path` and exactly, base64
//! encoded, in `path_bytes`. `secret.value` appears only with `--show-secrets`.
//! `suppressed` (with each finding's `marker`) appears only with `--list-suppressed`.
//! History findings carry `commit` and `properties.paths` / `properties.present_at_head`;
//! `summary.commits_scanned` (history) and `summary.outside_diff` (`--diff`) appear when
//! non-zero, and `baseline` (`{"file", "stale": [entries]}`) only with `--baseline`.

use std::io::{self, Write};

use base64::Engine as _;
use serde_json::{Map, Value, json};

use super::ReportOptions;
use crate::finding::{Finding, Location, Severity};
use crate::outcome::ScanReport;

pub const SCHEMA: &str = "keylint/report/v1";

pub fn write(report: &ScanReport, opts: &ReportOptions, w: &mut dyn Write) -> io::Result<()> {
    let doc = document(report, opts);
    super::safe_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)
}

/// The whole report as a JSON value.
pub fn document(report: &ScanReport, opts: &ReportOptions) -> Value {
    let mut doc = Map::new();
    doc.insert("schema".into(), json!(SCHEMA));
    doc.insert(
        "tool".into(),
        json!({"name": "keylint", "version": env!("CARGO_PKG_VERSION")}),
    );
    doc.insert(
        "findings".into(),
        Value::Array(
            report
                .findings
                .iter()
                .map(|f| finding(f, opts.show_secrets))
                .collect(),
        ),
    );
    if opts.list_suppressed {
        let list = report
            .suppressed
            .iter()
            .map(|s| {
                let mut v = finding(&s.finding, opts.show_secrets);
                v["marker"] = json!(s.marker);
                v
            })
            .collect();
        doc.insert("suppressed".into(), Value::Array(list));
    }
    doc.insert(
        "issues".into(),
        Value::Array(
            report
                .issues
                .iter()
                .map(|i| json!({"path": i.path, "kind": i.kind.as_str(), "message": i.message}))
                .collect(),
        ),
    );
    if let Some(b) = &report.baseline {
        doc.insert("baseline".into(), json!({"file": b.file, "stale": b.stale}));
    }
    doc.insert("summary".into(), summary(report, opts));
    Value::Object(doc)
}

fn summary(report: &ScanReport, opts: &ReportOptions) -> Value {
    let s = &report.summary;
    let by_severity: Map<String, Value> = Severity::ALL
        .iter()
        .map(|sev| {
            let n = report
                .findings
                .iter()
                .filter(|f| f.severity == *sev)
                .count();
            (sev.as_str().to_string(), json!(n))
        })
        .collect();
    let mut issues = Map::new();
    for (k, n) in &s.issues {
        issues.insert(k.as_str().to_string(), json!(n));
    }
    let mut v = json!({
        "findings": report.findings.len(),
        "by_severity": by_severity,
        "files_scanned": s.files_scanned,
        "bytes_scanned": s.bytes_scanned,
        "issues": issues,
        "suppressed": s.suppressed,
        "allowlisted": s.allowlisted,
        "baselined": s.baselined,
        "complete": s.complete(),
    });
    if s.commits_scanned > 0 {
        v["commits_scanned"] = json!(s.commits_scanned);
    }
    if s.outside_diff > 0 {
        v["outside_diff"] = json!(s.outside_diff);
    }
    if s.credential_files_ignored > 0 {
        v["credential_files_ignored"] = json!(s.credential_files_ignored);
    }
    if !opts.deterministic {
        v["duration_ms"] = json!(s.duration.as_millis() as u64);
    }
    v
}

fn location_fields(map: &mut Map<String, Value>, l: &Location) {
    map.insert("path".into(), json!(l.path));
    if let Some(raw) = &l.path_bytes {
        map.insert(
            "path_bytes".into(),
            json!(base64::engine::general_purpose::STANDARD.encode(raw)),
        );
    }
    map.insert("line".into(), json!(l.line));
    map.insert("column".into(), json!(l.column));
    map.insert("end_line".into(), json!(l.end_line));
    map.insert("end_column".into(), json!(l.end_column));
    map.insert("byte_start".into(), json!(l.byte_start));
    map.insert("byte_end".into(), json!(l.byte_end));
}

/// One finding as a JSON object.
pub fn finding(f: &Finding, show_secrets: bool) -> Value {
    let mut m = Map::new();
    m.insert("rule_id".into(), json!(f.rule_id));
    m.insert("rule_name".into(), json!(f.rule_name));
    m.insert("severity".into(), json!(f.severity));
    m.insert("confidence".into(), json!(f.confidence));
    m.insert("failing".into(), json!(f.failing));
    m.insert("detector".into(), json!(f.detector));
    m.insert("message".into(), json!(f.message));
    location_fields(&mut m, &f.location);
    let mut secret = json!({"preview": f.secret.redacted(), "length": f.secret.char_len()});
    if show_secrets {
        secret["value"] = json!(String::from_utf8_lossy(f.secret.expose_secret()));
    }
    m.insert("secret".into(), secret);
    m.insert("fingerprint".into(), json!(f.fingerprint));
    m.insert("remediation".into(), json!(f.remediation));
    m.insert("revoke_url".into(), json!(f.revoke_url));
    m.insert(
        "snippet".into(),
        json!(f.snippet.as_ref().map(|s| s.label_line())),
    );
    let related: Vec<Value> = f
        .related
        .iter()
        .map(|r| {
            let mut rm = Map::new();
            location_fields(&mut rm, &r.location);
            rm.insert("message".into(), json!(r.message));
            Value::Object(rm)
        })
        .collect();
    m.insert("related".into(), Value::Array(related));
    m.insert("also_matched".into(), json!(f.also_matched));
    if let Some(c) = &f.commit {
        m.insert("commit".into(), json!(c));
    }
    let props = f.report_properties();
    if !props.is_empty() {
        let props: Map<String, Value> = props.into_iter().collect();
        m.insert("properties".into(), Value::Object(props));
    }
    Value::Object(m)
}
