//! Capabilities in findings: a finding for an exchange key says what the scanned
//! code uses that key for (read, trade, withdraw), and a key the code withdraws with
//! becomes critical.

use crate::capability::{AdviceKind, Capability, ProviderCapabilities, summarize};
use crate::finding::{Finding, Severity};
use crate::outcome::ScanReport;
use crate::rules::RuleSet;

/// Whether any of `findings` is of an exchange provider's rule: only then do a
/// scan's capability facts change its report.
pub fn wanted<'f>(
    mut findings: impl Iterator<Item = &'f Finding>,
    rules: &RuleSet,
    exchanges: &[String],
) -> bool {
    findings.any(|f| {
        rules
            .rules()
            .iter()
            .find(|r| r.id == f.rule_id)
            .and_then(|r| r.provider.as_ref())
            .is_some_and(|p| exchanges.contains(p))
    })
}

/// Join the capability facts of a finished scan into its exchange findings: each
/// finding of an exchange provider's rule gets `properties.capabilities` (what this
/// repository's code does with that provider) and a help line saying so; where the
/// code withdraws, the finding becomes critical and says where.
pub fn annotate(report: &mut ScanReport, rules: &RuleSet, exchanges: &[String]) {
    let providers = summarize(&report.capabilities);
    let provider_of = |f: &Finding| -> Option<String> {
        rules
            .rules()
            .iter()
            .find(|r| r.id == f.rule_id)
            .and_then(|r| r.provider.clone())
            .filter(|p| exchanges.contains(p))
    };
    let all = report
        .findings
        .iter_mut()
        .chain(report.suppressed.iter_mut().map(|s| &mut s.finding));
    for f in all {
        let Some(provider) = provider_of(f) else {
            continue;
        };
        let caps = providers.iter().find(|p| p.provider == provider);
        let set: Vec<Capability> = caps.map(ProviderCapabilities::set).unwrap_or_default();
        f.properties.push((
            "capabilities".to_string(),
            serde_json::Value::Array(
                set.iter()
                    .map(|c| serde_json::Value::String(c.as_str().into()))
                    .collect(),
            ),
        ));
        let withdraw_site = caps
            .and_then(|p| p.sites.get(&Capability::Withdraw))
            .and_then(|s| s.first());
        let names: Vec<&str> = set.iter().map(|c| c.as_str()).collect();
        let uses = format!(
            "the code here uses this key for: {} (see `keylint permissions`)",
            names.join(", ")
        );
        match withdraw_site {
            Some(site) => {
                f.severity = Severity::Critical;
                f.message
                    .push_str(" (this key can move funds off the exchange)");
                f.remediation = format!(
                    "this key can move funds off the exchange: the code calls {} at {}:{}. {}\n{uses}\n{}",
                    site.call,
                    site.path,
                    site.line,
                    AdviceKind::Withdraws.advice(),
                    f.remediation
                );
            }
            None if !set.is_empty() => {
                f.remediation = format!("{}\n{uses}", f.remediation);
            }
            None => {}
        }
    }
}
