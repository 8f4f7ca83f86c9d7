//! The least-privilege advisor's facts: which capability (read, trade, withdraw) the
//! code exercises for which provider, where, and the advice that follows.
//!
//! A leaf of the crate (it imports nothing from it): the code-aware pass
//! ([`crate::find::code::capability`]) finds the call sites, this module names the
//! capabilities, groups call sites per provider ([`summarize`]) and words the advice;
//! [`crate::tell::capabilities`] joins the facts into a scan's exchange findings and
//! `keylint permissions` reports them.
//!
//! Attribution: a call's provider comes from the client it is called on when the pass
//! can see that client being made (`ex = ccxt.binance(…)` then `ex.create_order(…)`;
//! `let account: Account = Binance::new(…)` then `account.market_buy(…)`); a REST path
//! gives its own provider. A call on a receiver the pass cannot resolve (a parameter,
//! a global set elsewhere) goes to the providers whose clients of that library the
//! same file makes, else to the library's own provider when it has one (python-binance
//! → Binance), else to [`UNKNOWN_PROVIDER`].

use std::collections::BTreeMap;

use serde::Serialize;

/// Provider of a call whose client could not be attributed.
pub const UNKNOWN_PROVIDER: &str = "unknown";

/// What a key must be allowed to do for a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Capability {
    Read,
    Trade,
    Withdraw,
}

impl Capability {
    pub const ALL: [Capability; 3] = [Capability::Read, Capability::Trade, Capability::Withdraw];

    pub fn as_str(self) -> &'static str {
        match self {
            Capability::Read => "read",
            Capability::Trade => "trade",
            Capability::Withdraw => "withdraw",
        }
    }

    pub fn parse(s: &str) -> Option<Capability> {
        Capability::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// One call site that needs a capability.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct CapabilityUse {
    pub provider: String,
    pub capability: Capability,
    /// The file as walked.
    pub path: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    /// The call or literal as written, shortened and without control characters.
    pub call: String,
    /// The library table entry (`ccxt`, `python-binance`) or `rest`.
    pub library: String,
}

/// The capability facts one scanned file gave: the call sites read from it, and
/// whether it was left unparsed although it could hold some. A scan reads the
/// files it deferred only when it found keys whose findings carry capabilities
/// (`scan::scan`), so a tree without exchange keys is not parsed for them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CapabilityFacts {
    pub uses: Vec<CapabilityUse>,
    pub deferred: bool,
}

/// Which advice a provider's capability set earns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdviceKind {
    /// Only reads: a read-only key.
    ReadOnly,
    /// Trades but never withdraws: a key without withdrawal permission.
    NoWithdrawal,
    /// Withdraws: the riskiest setup.
    Withdraws,
}

impl AdviceKind {
    /// Stable id (SARIF rule id, JSON `advice_kind`).
    pub fn id(self) -> &'static str {
        match self {
            AdviceKind::ReadOnly => "permissions-read-only",
            AdviceKind::NoWithdrawal => "permissions-no-withdrawal",
            AdviceKind::Withdraws => "permissions-withdraws",
        }
    }

    /// One-line description (SARIF rule `shortDescription`).
    pub fn title(self) -> &'static str {
        match self {
            AdviceKind::ReadOnly => "the code only reads: a read-only key is enough",
            AdviceKind::NoWithdrawal => {
                "the code never withdraws: a key without withdrawal permission is enough"
            }
            AdviceKind::Withdraws => {
                "the code withdraws or transfers funds: the key can move funds off the exchange"
            }
        }
    }

    pub fn advice(self) -> &'static str {
        match self {
            AdviceKind::ReadOnly => {
                "this code only reads: create a read-only key (no trading, no withdrawal permission) and restrict it to your server's IP"
            }
            AdviceKind::NoWithdrawal => {
                "this code never withdraws: create the key without withdrawal permission and restrict it to your server's IP"
            }
            AdviceKind::Withdraws => {
                "this code withdraws or transfers funds, the riskiest setup: whoever holds the key can send the account's funds anywhere. Use a separate key for withdrawals only where they run, whitelist the withdrawal addresses at the exchange, and restrict every key to your server's IP"
            }
        }
    }
}

/// One provider's capabilities, each with its call sites in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderCapabilities {
    pub provider: String,
    pub sites: BTreeMap<Capability, Vec<CapabilityUse>>,
}

impl ProviderCapabilities {
    pub fn has(&self, c: Capability) -> bool {
        self.sites.get(&c).is_some_and(|s| !s.is_empty())
    }

    /// The capabilities used, in the order read, trade, withdraw.
    pub fn set(&self) -> Vec<Capability> {
        Capability::ALL
            .into_iter()
            .filter(|c| self.has(*c))
            .collect()
    }

    pub fn advice_kind(&self) -> AdviceKind {
        if self.has(Capability::Withdraw) {
            AdviceKind::Withdraws
        } else if self.has(Capability::Trade) {
            AdviceKind::NoWithdrawal
        } else {
            AdviceKind::ReadOnly
        }
    }
}

/// Group sorted uses per provider (sorted by name, [`UNKNOWN_PROVIDER`] last).
pub fn summarize(uses: &[CapabilityUse]) -> Vec<ProviderCapabilities> {
    let mut by: BTreeMap<(bool, &str), BTreeMap<Capability, Vec<CapabilityUse>>> = BTreeMap::new();
    for u in uses {
        by.entry((u.provider == UNKNOWN_PROVIDER, u.provider.as_str()))
            .or_default()
            .entry(u.capability)
            .or_default()
            .push(u.clone());
    }
    by.into_iter()
        .map(|((_, provider), sites)| ProviderCapabilities {
            provider: provider.to_string(),
            sites,
        })
        .collect()
}

/// Whether any provider's code withdraws (`keylint permissions` exits 1).
pub fn withdraws(providers: &[ProviderCapabilities]) -> bool {
    providers.iter().any(|p| p.has(Capability::Withdraw))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(provider: &str, capability: Capability, line: usize) -> CapabilityUse {
        CapabilityUse {
            provider: provider.into(),
            capability,
            path: "bot.py".into(),
            line,
            column: 1,
            call: "ex.withdraw".into(),
            library: "ccxt".into(),
        }
    }

    #[test]
    fn providers_group_in_name_order_with_unknown_last() {
        let uses = vec![
            site("unknown", Capability::Read, 1),
            site("Kraken", Capability::Trade, 2),
            site("Binance", Capability::Read, 3),
            site("Kraken", Capability::Read, 4),
        ];
        let p = summarize(&uses);
        let names: Vec<_> = p.iter().map(|p| p.provider.as_str()).collect();
        assert_eq!(names, ["Binance", "Kraken", "unknown"]);
        assert_eq!(p[1].set(), [Capability::Read, Capability::Trade]);
        assert_eq!(p[1].advice_kind(), AdviceKind::NoWithdrawal);
        assert_eq!(p[0].advice_kind(), AdviceKind::ReadOnly);
        assert!(!withdraws(&p));
        let p = summarize(&[site("OKX", Capability::Withdraw, 9)]);
        assert_eq!(p[0].advice_kind(), AdviceKind::Withdraws);
        assert!(withdraws(&p));
    }

    #[test]
    fn capability_names_round_trip() {
        for c in Capability::ALL {
            assert_eq!(Capability::parse(c.as_str()), Some(c));
        }
        assert_eq!(Capability::parse("transfer"), None);
    }
}
