//! `keylint permissions` output: per provider, the capabilities the code uses with
//! their call sites, and the advice that follows.
//!
//! JSON (`keylint/permissions/v1`):
//! ```json
//! {
//!   "schema": "keylint/permissions/v1",
//!   "providers": [
//!     {
//!       "provider": "Binance",
//!       "capabilities": {
//!         "read": [{"path": "bot.py", "line": 12, "column": 5, "call": "ex.fetch_ticker", "library": "ccxt"}],
//!         "trade": [],
//!         "withdraw": []
//!       },
//!       "advice_kind": "read-only",
//!       "advice": "this code only reads: …"
//!     }
//!   ],
//!   "summary": {"files_scanned": 3, "providers": 1, "withdrawing_providers": [], "complete": true}
//! }
//! ```
//! Providers are sorted by name (`unknown` last); `capabilities` always has the three
//! keys `read`, `trade` and `withdraw`. `advice_kind` is `read-only`,
//! `no-withdrawal` or `withdraws`.
//!
//! SARIF: one rule per advice kind (`permissions-read-only`,
//! `permissions-no-withdrawal`, `permissions-withdraws`), one result per provider
//! located at the call sites of its riskiest capability, the other sites as related
//! locations.

use std::collections::BTreeMap;
use std::io::{self, Write};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, Severity as MSeverity};
use serde_json::{Value, json};
use serde_sarif::sarif::{ReportingConfiguration, ReportingDescriptor, Result as SarifResult};

use super::{ReportOptions, sarif};
use crate::capability::{AdviceKind, Capability, CapabilityUse, ProviderCapabilities, summarize};
use crate::outcome::ScanReport;
use crate::redact::sanitize_str;

/// JSON schema id.
pub const SCHEMA: &str = "keylint/permissions/v1";

/// Output formats of `keylint permissions --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PermissionsFormat {
    Human,
    Json,
    Sarif,
}

/// Render the permissions report of `report` in `format`.
pub fn write(
    format: PermissionsFormat,
    report: &ScanReport,
    opts: &ReportOptions,
    w: &mut dyn Write,
) -> io::Result<()> {
    let providers = summarize(&report.capabilities);
    match format {
        PermissionsFormat::Human => human(&providers, report, opts, w),
        PermissionsFormat::Json => {
            super::safe_json::to_writer_pretty(&mut *w, &json_document(&providers, report))?;
            writeln!(w)
        }
        PermissionsFormat::Sarif => {
            super::safe_json::to_writer_pretty(&mut *w, &sarif_document(&providers, report))?;
            writeln!(w)
        }
    }
}

fn site_json(u: &CapabilityUse) -> Value {
    json!({
        "path": u.path,
        "line": u.line,
        "column": u.column,
        "call": u.call,
        "library": u.library,
    })
}

pub fn json_document(providers: &[ProviderCapabilities], report: &ScanReport) -> Value {
    let list: Vec<Value> = providers
        .iter()
        .map(|p| {
            let caps: serde_json::Map<String, Value> = Capability::ALL
                .iter()
                .map(|c| {
                    let sites = p.sites.get(c).map(Vec::as_slice).unwrap_or_default();
                    (
                        c.as_str().to_string(),
                        Value::Array(sites.iter().map(site_json).collect()),
                    )
                })
                .collect();
            let kind = p.advice_kind();
            json!({
                "provider": p.provider,
                "capabilities": caps,
                "advice_kind": kind,
                "advice": kind.advice(),
            })
        })
        .collect();
    let withdrawing: Vec<&str> = providers
        .iter()
        .filter(|p| p.has(Capability::Withdraw))
        .map(|p| p.provider.as_str())
        .collect();
    json!({
        "schema": SCHEMA,
        "providers": list,
        "summary": {
            "files_scanned": report.summary.files_scanned,
            "providers": providers.len(),
            "withdrawing_providers": withdrawing,
            "complete": report.summary.complete(),
        },
    })
}

/// The capability set as words: `read, trade, withdraw`.
fn set_text(p: &ProviderCapabilities) -> String {
    p.set()
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// One provider's advice, as a miette diagnostic (a warning where the code
/// withdraws, advice otherwise).
#[derive(Debug)]
struct AdviceDiagnostic {
    kind: AdviceKind,
    message: String,
}

impl std::fmt::Display for AdviceDiagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AdviceDiagnostic {}

impl Diagnostic for AdviceDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.kind.id()))
    }

    fn severity(&self) -> Option<MSeverity> {
        Some(match self.kind {
            AdviceKind::Withdraws => MSeverity::Warning,
            _ => MSeverity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.kind.advice()))
    }
}

fn human(
    providers: &[ProviderCapabilities],
    report: &ScanReport,
    opts: &ReportOptions,
    w: &mut dyn Write,
) -> io::Result<()> {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width.unwrap_or(100))
        .with_links(false);
    for p in providers {
        let provider = sanitize_str(&p.provider);
        writeln!(w, "{provider}: {}", set_text(p))?;
        for (c, sites) in &p.sites {
            for s in sites {
                writeln!(
                    w,
                    "  {:<9} {}:{}:{}  {}",
                    c.as_str(),
                    sanitize_str(&s.path),
                    s.line,
                    s.column,
                    sanitize_str(&s.call)
                )?;
            }
        }
        let kind = p.advice_kind();
        let message = match kind {
            AdviceKind::Withdraws => {
                let first = p
                    .sites
                    .get(&Capability::Withdraw)
                    .and_then(|s| s.first())
                    .map(|s| format!(" ({}:{})", sanitize_str(&s.path), s.line))
                    .unwrap_or_default();
                format!("{provider}: the code moves funds off the exchange{first}")
            }
            AdviceKind::NoWithdrawal => format!("{provider}: the code trades but never withdraws"),
            AdviceKind::ReadOnly => format!("{provider}: the code only reads"),
        };
        let mut out = String::new();
        handler
            .render_report(&mut out, &AdviceDiagnostic { kind, message })
            .map_err(|_| io::Error::other("could not render a diagnostic"))?;
        w.write_all(out.as_bytes())?;
    }
    let withdrawing = providers
        .iter()
        .filter(|p| p.has(Capability::Withdraw))
        .count();
    let n = providers.len();
    writeln!(
        w,
        "{} · {} file{} scanned",
        if n == 0 {
            "no exchange calls found".to_string()
        } else {
            format!(
                "{n} provider{} ({withdrawing} withdraw{})",
                if n == 1 { "" } else { "s" },
                if withdrawing == 1 { "s" } else { "" }
            )
        },
        report.summary.files_scanned,
        if report.summary.files_scanned == 1 {
            ""
        } else {
            "s"
        }
    )
}

fn descriptor(kind: AdviceKind) -> ReportingDescriptor {
    let mut d = ReportingDescriptor::builder().id(kind.id()).build();
    d.name = Some(sarif::pascal_case(kind.id()));
    d.short_description = Some(sarif::mstring(kind.title()));
    d.full_description = Some(sarif::mstring(kind.title()));
    d.help = Some(sarif::mstring(kind.advice()));
    d.default_configuration = Some(ReportingConfiguration {
        level: Some(json!(level(kind))),
        ..Default::default()
    });
    let mut p = BTreeMap::new();
    p.insert("precision".into(), json!("medium"));
    d.properties = Some(sarif::props(p, Some(vec!["security".into()])));
    d
}

fn level(kind: AdviceKind) -> &'static str {
    match kind {
        AdviceKind::Withdraws => "warning",
        _ => "note",
    }
}

fn site_location(u: &CapabilityUse) -> serde_sarif::sarif::Location {
    let to_i = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let mut l = sarif::physical(
        &u.path,
        serde_sarif::sarif::Region {
            start_line: Some(to_i(u.line)),
            start_column: Some(to_i(u.column)),
            ..Default::default()
        },
    );
    l.message = Some(sarif::text(format!(
        "{}: {}",
        u.capability.as_str(),
        u.call
    )));
    l
}

pub fn sarif_document(
    providers: &[ProviderCapabilities],
    report: &ScanReport,
) -> serde_sarif::sarif::Sarif {
    let kinds = [
        AdviceKind::ReadOnly,
        AdviceKind::NoWithdrawal,
        AdviceKind::Withdraws,
    ];
    let results: Vec<SarifResult> = providers
        .iter()
        .map(|p| {
            let kind = p.advice_kind();
            let top = p.set().last().copied().unwrap_or(Capability::Read);
            let (main, other): (Vec<&CapabilityUse>, Vec<&CapabilityUse>) = p
                .sites
                .values()
                .flatten()
                .partition(|u| u.capability == top);
            let mut r = SarifResult::builder()
                .message(sarif::text(format!(
                    "{}: the code uses {} — {}",
                    p.provider,
                    set_text(p),
                    kind.advice()
                )))
                .build();
            r.rule_id = Some(kind.id().into());
            r.rule_index = kinds
                .iter()
                .position(|k| *k == kind)
                .and_then(|i| i64::try_from(i).ok());
            r.level = serde_json::from_value(json!(level(kind))).ok();
            r.locations = Some(main.into_iter().map(site_location).collect());
            r.related_locations =
                (!other.is_empty()).then(|| other.into_iter().map(site_location).collect());
            let mut props = BTreeMap::new();
            props.insert("provider".into(), json!(p.provider));
            props.insert(
                "capabilities".into(),
                json!(p.set().iter().map(|c| c.as_str()).collect::<Vec<_>>()),
            );
            r.properties = Some(sarif::props(props, None));
            r
        })
        .collect();
    sarif::log(report, kinds.into_iter().map(descriptor).collect(), results)
}
