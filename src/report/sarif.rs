//! SARIF 2.1.0 output (serde-sarif), shaped for GitHub code scanning.
//!
//! - `tool.driver.rules`: one descriptor per rule that has a result, with
//!   `shortDescription`, `fullDescription`, `help`, `helpUri` (the revoke page),
//!   `defaultConfiguration.level` and `properties.security-severity` plus tags.
//! - results: `ruleId`, `ruleIndex`, `level`, `message`, one `physicalLocation` with a
//!   relative `artifactLocation.uri` (`uriBaseId` `%SRCROOT%`, the directory keylint ran
//!   in) and a 1-based `region` whose columns are Unicode code points (`columnKind`),
//!   a redacted `snippet`, `partialFingerprints` (`keylint/v1`), `relatedLocations` for
//!   paired halves, and properties (severity, confidence, masked preview, commit).
//! - `invocations[0].executionSuccessful` is false when the scan was incomplete, with
//!   one `toolExecutionNotifications` entry per error.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{Value, json};
use serde_sarif::sarif::{
    ArtifactContent, ArtifactLocation, Invocation, Location, Message, MultiformatMessageString,
    Notification, PhysicalLocation, PropertyBag, Region, ReportingConfiguration,
    ReportingDescriptor, Result as SarifResult, Run, Sarif, Tool, ToolComponent,
};

use super::ReportOptions;
use crate::finding::{Finding, Severity};
use crate::outcome::{RuleInfo, ScanReport};
use crate::redact::FINGERPRINT_VERSION;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";

pub fn write(report: &ScanReport, opts: &ReportOptions, w: &mut dyn Write) -> io::Result<()> {
    super::safe_json::to_writer_pretty(&mut *w, &document(report, opts))?;
    writeln!(w)
}

/// SARIF `level` for a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// SARIF `level` for one result: its severity's, or `note` when it does not fail
/// the build (code scanning then shows it without failing a check).
pub fn result_level(f: &Finding) -> &'static str {
    if f.failing { level(f.severity) } else { "note" }
}

pub(super) fn text(s: impl Into<String>) -> Message {
    Message {
        text: Some(s.into()),
        ..Default::default()
    }
}

pub(super) fn mstring(s: impl Into<String>) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(s.into()).build()
}

pub(super) fn props(map: BTreeMap<String, Value>, tags: Option<Vec<String>>) -> PropertyBag {
    PropertyBag {
        tags,
        additional_properties: map,
    }
}

fn descriptor(rule: &RuleInfo) -> ReportingDescriptor {
    let mut p = BTreeMap::new();
    p.insert(
        "security-severity".into(),
        json!(rule.severity.security_severity()),
    );
    p.insert("severity".into(), json!(rule.severity.as_str()));
    let help = if rule.remediation.is_empty() {
        rule.description.clone()
    } else {
        rule.remediation.clone()
    };
    let mut d = ReportingDescriptor::builder().id(rule.id.clone()).build();
    d.name = Some(pascal_case(&rule.id));
    d.short_description = Some(mstring(rule.name.clone()));
    d.full_description = Some(mstring(rule.description.clone()));
    d.help = Some(mstring(help));
    d.help_uri = rule.revoke_url.clone();
    d.default_configuration = Some(ReportingConfiguration {
        level: Some(json!(level(rule.severity))),
        ..Default::default()
    });
    d.properties = Some(props(
        p,
        Some(vec![
            "security".into(),
            "secret".into(),
            "credentials".into(),
        ]),
    ));
    d
}

/// `binance-api-secret` → `BinanceApiSecret` (SARIF `name` is an identifier).
pub(super) fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Percent-encode a path into a relative URI reference (RFC 3986 path characters kept).
pub fn path_to_uri(path: &str) -> (String, Option<String>) {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    if path.starts_with('/') {
        (format!("file://{out}"), None)
    } else {
        (out, Some(SRCROOT.to_string()))
    }
}

pub(super) fn physical(path: &str, region: Region) -> Location {
    let (uri, base) = path_to_uri(path);
    Location {
        physical_location: Some(PhysicalLocation {
            artifact_location: Some(ArtifactLocation {
                uri: Some(uri),
                uri_base_id: base,
                ..Default::default()
            }),
            region: Some(region),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn region(l: &crate::finding::Location, snippet: Option<&str>) -> Region {
    let to_i = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    Region {
        start_line: Some(to_i(l.line)),
        start_column: Some(to_i(l.column)),
        end_line: Some(to_i(l.end_line)),
        end_column: Some(to_i(l.end_column)),
        snippet: snippet.map(|s| ArtifactContent {
            text: Some(s.to_string()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn result(f: &Finding, rule_index: Option<usize>, show_secrets: bool) -> SarifResult {
    let mut fp = BTreeMap::new();
    fp.insert(FINGERPRINT_VERSION.to_string(), f.fingerprint.clone());
    let mut p = BTreeMap::new();
    p.insert("severity".into(), json!(f.severity.as_str()));
    p.insert("confidence".into(), json!(f.confidence.as_str()));
    p.insert("detector".into(), json!(f.detector.as_str()));
    p.insert("secretPreview".into(), json!(f.secret.redacted()));
    p.insert("secretLength".into(), json!(f.secret.char_len()));
    if show_secrets {
        p.insert(
            "secret".into(),
            json!(String::from_utf8_lossy(f.secret.expose_secret())),
        );
    }
    if !f.also_matched.is_empty() {
        p.insert("alsoMatched".into(), json!(f.also_matched));
    }
    if let Some(c) = &f.commit {
        p.insert("commit".into(), json!(c));
    }
    for (k, v) in f.report_properties() {
        p.insert(k, v);
    }
    let related: Vec<Location> = f
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut loc = physical(
                &r.location.path,
                region(&r.location, r.snippet.as_ref().map(|s| s.label_line())),
            );
            loc.id = Some(i64::try_from(i).unwrap_or(0));
            loc.message = Some(text(r.message.clone()));
            loc
        })
        .collect();
    let message = match &f.revoke_url {
        Some(url) => format!("{} — {}. Revoke at {url}", f.message, f.secret.redacted()),
        None => format!("{} — {}", f.message, f.secret.redacted()),
    };
    let mut r = SarifResult::builder().message(text(message)).build();
    r.rule_id = Some(f.rule_id.clone());
    r.rule_index = rule_index.and_then(|i| i64::try_from(i).ok());
    r.level = serde_json::from_value(json!(result_level(f))).ok();
    r.locations = Some(vec![physical(
        &f.location.path,
        region(&f.location, f.snippet.as_ref().map(|s| s.label_line())),
    )]);
    r.related_locations = (!related.is_empty()).then_some(related);
    r.partial_fingerprints = Some(fp);
    r.properties = Some(props(p, None));
    r
}

/// The whole SARIF log.
pub fn document(report: &ScanReport, opts: &ReportOptions) -> Sarif {
    let mut used: Vec<&RuleInfo> = report
        .rules
        .iter()
        .filter(|r| report.findings.iter().any(|f| f.rule_id == r.id))
        .collect();
    used.sort_by(|a, b| a.id.cmp(&b.id));
    let results: Vec<SarifResult> = report
        .findings
        .iter()
        .map(|f| {
            result(
                f,
                used.iter().position(|r| r.id == f.rule_id),
                opts.show_secrets,
            )
        })
        .collect();
    log(report, used.into_iter().map(descriptor).collect(), results)
}

/// The SARIF log of one keylint run: `rules` and `results`, with the invocation
/// (success and error notifications) taken from `report`.
pub(super) fn log(
    report: &ScanReport,
    rules: Vec<ReportingDescriptor>,
    results: Vec<SarifResult>,
) -> Sarif {
    let notifications: Vec<Notification> = report
        .issues
        .iter()
        .filter(|i| i.kind.is_error())
        .map(|i| {
            let mut n = Notification::builder()
                .message(text(format!("{}: {}", i.path, i.message)))
                .build();
            n.level = Some(json!("error"));
            n
        })
        .chain(report.baseline.iter().flat_map(|b| {
            b.stale.iter().map(move |e| {
                let mut n = Notification::builder()
                    .message(text(format!(
                        "stale baseline entry in {}: {} at {}:{} ({}) matches nothing",
                        b.file, e.rule_id, e.path, e.line, e.fingerprint
                    )))
                    .build();
                n.level = Some(json!("note"));
                n
            })
        }))
        .collect();
    let mut invocation = Invocation::builder()
        .execution_successful(report.summary.complete())
        .build();
    invocation.tool_execution_notifications = (!notifications.is_empty()).then_some(notifications);
    let mut driver = ToolComponent::builder().name("keylint").build();
    driver.semantic_version = Some(env!("CARGO_PKG_VERSION").into());
    driver.information_uri =
        Some(env!("CARGO_PKG_REPOSITORY").to_string()).filter(|s| !s.is_empty());
    driver.rules = Some(rules);
    let mut run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .build();
    run.results = Some(results);
    run.invocations = Some(vec![invocation]);
    run.column_kind = Some(json!("unicodeCodePoints"));
    let mut log = Sarif::builder()
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build();
    log.schema = Some(SCHEMA_URI.into());
    log
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_and_relative() {
        assert_eq!(
            path_to_uri("a b/c.py"),
            ("a%20b/c.py".to_string(), Some(SRCROOT.to_string()))
        );
        assert_eq!(path_to_uri("/abs/x").0, "file:///abs/x");
        assert_eq!(path_to_uri("é").0, "%C3%A9");
    }

    #[test]
    fn rule_names_are_identifiers() {
        assert_eq!(pascal_case("binance-api-secret"), "BinanceApiSecret");
    }
}
