//! `rules/capabilities.toml`: which library calls and REST paths need which
//! capability (read, trade, withdraw), and the matcher that finds them in a file's
//! [`Facts`].
//!
//! ## What it does
//! For a parsed Python, JavaScript/TypeScript or Rust file, reports each method call
//! of a known exchange library (`ex.create_order(…)`, `client.withdraw(…)`,
//! `account.market_buy(…)`), each known Rust request function called by path
//! (`wallet::withdraw(…)`) and each known REST path in a string literal
//! (`"/sapi/v1/capital/withdraw/apply"`) with the capability it needs and the
//! provider it is attributed to (see [`crate::capability`] for the rule).
//!
//! ## Why is this bad?
//! A key that may withdraw lets whoever holds it empty the account. Most bots only
//! read prices or trade; knowing which calls the code makes says which permissions
//! the key really needs.
//!
//! ## Example
//! `ex = ccxt.binance(cfg)` then `ex.withdraw("USDT", amount, address)` is a Binance
//! withdraw; use instead a key without withdrawal permission and sweep profits by hand,
//! or a separate withdrawal-only key with an address whitelist.
//!
//! ## Known limitations
//! Only calls written as `receiver.method(…)` count. A receiver is resolved by name in
//! the same function, then anywhere in the file (`self.ex` set in `__init__`); a
//! receiver bound to some other call (`wallet = Wallet()`) is not a client and is not
//! counted, nor is a bare `self.method()`. Clients made by `getattr(ccxt, name)(…)`, by
//! a factory function or in another file are unresolved (attributed by the fallback
//! rule). REST paths built by concatenation (`"/v2/accounts/" + id + "/transactions"`)
//! are not seen; paths that both read (GET) and write (POST) count as the write.
//! Notebooks are not analysed. Files that do not parse contribute nothing (a note
//! under `--verbose`).
//!
//! ## Configuration
//! None: the table is `rules/capabilities.toml`. `keylint scan` reads capabilities
//! from the files it parses anyway, and from the others that mention a library or
//! provider of the table only when it found a key of an exchange (whose findings
//! carry capabilities); `keylint permissions` parses every file that mentions a
//! library or provider of the table.

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::facts::{Facts, clean_text};
use super::table::{Callee, Table};
use crate::capability::{Capability, CapabilityUse, UNKNOWN_PROVIDER};
use crate::error::TomlError;
use crate::source::{Lang, Source};

/// The embedded table's file name under `rules/`.
pub const FILE: &str = "capabilities.toml";

mod load;

/// Whose clients a library makes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum LibProvider {
    Fixed(String),
    /// The constructor segment matched by `*` is an exchange id.
    FromCallee,
}

#[derive(Debug)]
struct Library {
    name: String,
    langs: Vec<Lang>,
    /// Indices into [`Capabilities::hints`].
    hints: Vec<usize>,
    constructors: Vec<Callee>,
    provider: LibProvider,
    methods: HashMap<String, Capability>,
    /// Rust functions called by path (`wallet::withdraw(…)`), matched as a suffix.
    functions: Vec<(Callee, Capability)>,
}

#[derive(Debug)]
struct RestPath {
    provider: String,
    hints: Vec<usize>,
    capability: Capability,
    /// The path split at each `*` (one path segment).
    parts: Vec<Vec<u8>>,
    /// Length of the pattern as written: the longest match wins.
    len: usize,
}

/// The compiled capability table.
#[derive(Debug)]
pub struct Capabilities {
    /// Providers whose findings carry capabilities (exchange and broker keys).
    pub exchanges: Vec<String>,
    libraries: Vec<Library>,
    rest: Vec<RestPath>,
    /// Words (lowercase, unique) a file must contain for an entry to apply.
    pub hints: Vec<String>,
}

impl Capabilities {
    /// Whether any entry applies to a file in `lang` whose confirmed hint words are
    /// `words` (in [`Capabilities::hints`] order).
    pub fn any_applicable(&self, lang: Lang, words: &[bool]) -> bool {
        let seen = |hints: &[usize]| hints.iter().any(|&h| words.get(h) == Some(&true));
        self.libraries
            .iter()
            .any(|l| l.langs.contains(&lang) && seen(&l.hints))
            || self.rest.iter().any(|r| seen(&r.hints))
    }

    /// The capability uses in one parsed file. `clients` resolves exchange ids
    /// (`kraken` → Kraken).
    pub fn uses(
        &self,
        facts: &Facts,
        src: &Source,
        words: &[bool],
        clients: &Table,
    ) -> Vec<CapabilityUse> {
        let seen = |hints: &[usize]| hints.iter().any(|&h| words.get(h) == Some(&true));
        let libs: Vec<&Library> = self
            .libraries
            .iter()
            .filter(|l| l.langs.contains(&src.lang()) && seen(&l.hints))
            .collect();
        let mut out = Vec::new();
        let mut push = |provider: String,
                        capability: Capability,
                        span: &Range<usize>,
                        call: String,
                        library: &str| {
            let (line, column) = src.line_col(span.start);
            out.push(CapabilityUse {
                provider,
                capability,
                path: src.path().to_string(),
                line,
                column,
                call,
                library: library.to_string(),
            });
        };
        if !libs.is_empty() {
            let made = |l: &Library| -> Vec<String> {
                let mut providers: Vec<String> =
                    facts
                        .instances
                        .iter()
                        .filter_map(|i| l.made_by(&i.path, clients))
                        .chain(facts.calls.iter().filter_map(|c| {
                            (!c.method).then(|| l.made_by(&c.path, clients)).flatten()
                        }))
                        .collect();
                providers.sort();
                providers.dedup();
                providers
            };
            for call in &facts.calls {
                // `wallet::withdraw(…)`: a Rust library function called by path.
                if !call.method
                    && let Some((lib, capability)) = libs.iter().find_map(|l| {
                        l.functions
                            .iter()
                            .find(|(f, _)| f.matches(&call.path, false).is_some())
                            .map(|(_, c)| (*l, *c))
                    })
                {
                    let provider = fallback_provider(&[(lib, capability)]);
                    push(
                        provider,
                        capability,
                        &call.span,
                        call.text.clone(),
                        &lib.name,
                    );
                    continue;
                }
                let Some((method, receiver)) = split_call(call, src.lang()) else {
                    continue;
                };
                let candidates: Vec<(&Library, Capability)> = libs
                    .iter()
                    .filter_map(|l| l.methods.get(method).map(|c| (*l, *c)))
                    .collect();
                if candidates.is_empty() {
                    continue;
                }
                let text = if call.receiver.is_empty() {
                    call.text.clone()
                } else {
                    clean_text(&format!("{}.{method}", call.receiver.join(".")))
                };
                match resolve(facts, call, receiver, &candidates, clients) {
                    Resolved::Client(lib, provider, capability) => {
                        push(provider, capability, &call.span, text, &lib.name);
                    }
                    Resolved::NotAClient => {}
                    Resolved::Unknown => {
                        let Some(&(lib, capability)) = candidates
                            .iter()
                            .find(|(l, _)| !made(l).is_empty())
                            .or_else(|| candidates.first())
                        else {
                            continue;
                        };
                        let mut providers = made(lib);
                        if providers.is_empty() {
                            providers.push(fallback_provider(&candidates));
                        }
                        for p in providers {
                            push(p, capability, &call.span, text.clone(), &lib.name);
                        }
                    }
                }
            }
        }
        for span in &facts.strings {
            let text = src.bytes().get(span.clone()).unwrap_or_default();
            let best = self
                .rest
                .iter()
                .filter(|r| seen(&r.hints))
                .filter(|r| r.matches(text))
                .max_by_key(|r| r.len);
            if let Some(r) = best {
                let call = clean_text(&String::from_utf8_lossy(text));
                push(r.provider.clone(), r.capability, span, call, "rest");
            }
        }
        out
    }
}

impl Library {
    /// The provider of a client made by `path`, if `path` is one of this library's
    /// constructors.
    fn made_by(&self, path: &[String], clients: &Table) -> Option<String> {
        self.constructors.iter().find_map(|c| {
            let star = c.matches(path, false)?;
            Some(match &self.provider {
                LibProvider::Fixed(p) => p.clone(),
                LibProvider::FromCallee => {
                    let id = star.unwrap_or_default();
                    clients
                        .provider_by_id(id)
                        .map_or_else(|| clean_text(&id.to_ascii_lowercase()), |p| p.name.clone())
                }
            })
        })
    }
}

/// A method call's name and receiver path; `None` for a plain function call (in
/// Rust, any path call: `Account::new`) or a call on bare `self` / `this` (the
/// code's own methods).
fn split_call(call: &super::facts::Call, lang: Lang) -> Option<(&str, Vec<String>)> {
    let (method, receiver) = if call.method {
        (call.path.last()?, call.receiver.clone())
    } else if lang == Lang::Rust {
        return None;
    } else {
        let (last, rest) = call.path.split_last()?;
        (last, rest.to_vec())
    };
    let bare_self = matches!(receiver.as_slice(), [r] if r == "self" || r == "this");
    (!receiver.is_empty() && !bare_self && receiver.iter().all(|s| !s.is_empty() && s != "*"))
        .then_some((method.as_str(), receiver))
}

enum Resolved<'l> {
    Client(&'l Library, String, Capability),
    /// The receiver is bound to something that is not one of these libraries' clients.
    NotAClient,
    Unknown,
}

fn resolve<'l>(
    facts: &Facts,
    call: &super::facts::Call,
    receiver: Vec<String>,
    candidates: &[(&'l Library, Capability)],
    clients: &Table,
) -> Resolved<'l> {
    let made = |path: &[String]| {
        candidates
            .iter()
            .find_map(|(l, c)| l.made_by(path, clients).map(|p| (*l, p, *c)))
    };
    // `ccxt.binance(cfg).fetch_ticker(…)`: the receiver is the constructor call.
    if let Some((l, p, c)) = made(&receiver) {
        return Resolved::Client(l, p, c);
    }
    let name = receiver.join(".");
    let before = |i: &&super::facts::Instance| i.name == name && i.at <= call.span.start;
    let bound = facts
        .instances
        .iter()
        .filter(|i| i.scope == call.scope)
        .rfind(before)
        .or_else(|| facts.instances.iter().rfind(|i| i.name == name));
    match bound {
        Some(i) => match made(&i.path) {
            Some((l, p, c)) => Resolved::Client(l, p, c),
            None => Resolved::NotAClient,
        },
        None => Resolved::Unknown,
    }
}

/// The provider of an unresolved call in a file that makes no client of its
/// library: the candidates' fixed provider if they agree, else unknown.
fn fallback_provider(candidates: &[(&Library, Capability)]) -> String {
    let mut fixed = candidates.iter().map(|(l, _)| match &l.provider {
        LibProvider::Fixed(p) => Some(p.as_str()),
        LibProvider::FromCallee => None,
    });
    let first = fixed.next().flatten();
    match first {
        Some(p) if fixed.all(|q| q == Some(p)) => p.to_string(),
        _ => UNKNOWN_PROVIDER.to_string(),
    }
}

impl RestPath {
    /// Whether `text` (a literal as written) contains this path, `*` standing for one
    /// non-empty segment, followed by the end or a character that cannot continue a
    /// segment name.
    fn matches(&self, text: &[u8]) -> bool {
        let Some(first) = self.parts.first() else {
            return false;
        };
        let finder = memchr::memmem::Finder::new(first);
        finder.find_iter(text).any(|at| {
            let mut i = at + first.len();
            for part in self.parts.iter().skip(1) {
                let segment = text
                    .get(i..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|&&b| b != b'/' && b != b'"' && b != b'\'' && b != b'?')
                    .count();
                if segment == 0 || !text.get(i + segment..).is_some_and(|t| t.starts_with(part)) {
                    return false;
                }
                i += segment + part.len();
            }
            text.get(i)
                .is_none_or(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tree::Grammar;
    use super::*;
    use crate::rules::RuleSet;

    fn clients() -> Table {
        Table::builtin(&RuleSet::builtin().unwrap()).unwrap()
    }

    #[test]
    fn every_entry_of_the_builtin_table_is_valid() {
        let caps = Capabilities::builtin().unwrap();
        let table = clients();
        // Every exchange is a provider the clients table knows.
        for e in &caps.exchanges {
            assert!(
                table.providers.iter().any(|p| &p.name == e),
                "exchange `{e}` is not a provider in rules/clients.toml"
            );
        }
        for l in &caps.libraries {
            assert!(!l.langs.is_empty(), "{}", l.name);
            assert!(
                !(l.methods.is_empty() && l.functions.is_empty()),
                "{}",
                l.name
            );
            assert!(!l.constructors.is_empty(), "{}", l.name);
            // Snake-case and camelCase names are not mixed up across capabilities.
            for (name, c) in &l.methods {
                let snake = name.contains('_');
                let camel = name.chars().any(|ch| ch.is_ascii_uppercase());
                assert!(!(snake && camel), "{}: `{name}` ({c:?})", l.name);
            }
        }
        for r in &caps.rest {
            let path: Vec<u8> = r.parts.join(&b"*"[..]);
            let text = String::from_utf8(path).unwrap().replace('*', "{id}");
            // Each path matches itself, quoted as in code.
            assert!(r.matches(format!("\"{text}\"").as_bytes()), "{text}");
        }
        // A method name means one capability per library; the same REST path is not
        // listed twice for one provider.
        let mut seen = std::collections::HashSet::new();
        for r in &caps.rest {
            assert!(
                seen.insert((r.provider.clone(), r.parts.clone())),
                "{} {:?}",
                r.provider,
                r.parts
            );
        }
    }

    #[test]
    fn bad_tables_are_errors_pointing_at_the_field() {
        let text = crate::rules::builtin::data_file(FILE).unwrap();
        let broken = text.replacen("\"fetch_balance\"", "\"fetch balance\"", 1);
        let e = Capabilities::parse(&broken).unwrap_err();
        assert!(
            e.message
                .starts_with("`fetch balance` is not a method name"),
            "{}",
            e.message
        );
        let at = e.span.unwrap();
        assert_eq!(
            &broken[at.offset()..at.offset() + at.len()],
            "\"fetch balance\""
        );
        let e = Capabilities::parse(&text.replacen(
            "provider = \"Kraken\"",
            "provider = \"Kraken2\"",
            1,
        ))
        .unwrap_err();
        assert_eq!(e.message, "provider `Kraken2` is not listed in `exchanges`");
        let e = Capabilities::parse(&text.replacen(
            "\"/0/private/Withdraw\"",
            "\"0/private/Withdraw\"",
            1,
        ))
        .unwrap_err();
        assert!(
            e.message
                .starts_with("`0/private/Withdraw` is not a REST path"),
            "{}",
            e.message
        );
        let e = Capabilities::parse(&text.replacen(
            "withdraw = [\"withdraw\", \"transfer\"]",
            "withdraw = [\"withdraw\", \"transfer\", \"withdraw\"]",
            1,
        ))
        .unwrap_err();
        assert_eq!(e.message, "`withdraw` is listed twice in library `ccxt`");
        let e = Capabilities::parse("exchanges = 1").unwrap_err();
        assert!(e.span.is_some());
    }

    /// `(provider, capability, line, call)` of every use in `src`, read as `path`.
    fn uses_in(path: &str, src: &str) -> Vec<(String, &'static str, usize, String)> {
        let caps = Capabilities::builtin().unwrap();
        let table = clients();
        let lang = Lang::from_path(std::path::Path::new(path));
        let facts = match lang {
            Lang::Rust => super::super::rust::facts(src, &table.rust_wrappers).unwrap(),
            Lang::Python => {
                super::super::tree::facts(Grammar::Python, src.as_bytes(), &table.python_wrappers)
                    .unwrap()
            }
            _ => super::super::tree::facts(Grammar::TypeScript, src.as_bytes(), &table.js_wrappers)
                .unwrap(),
        };
        let lower = src.to_ascii_lowercase();
        let words: Vec<bool> = caps
            .hints
            .iter()
            .map(|h| lower.contains(h.as_str()))
            .collect();
        let source = Source::new(path, src.as_bytes(), lang);
        caps.uses(&facts, &source, &words, &table)
            .into_iter()
            .map(|u| (u.provider, u.capability.as_str(), u.line, u.call))
            .collect()
    }

    fn u(
        p: &str,
        c: &'static str,
        line: usize,
        call: &str,
    ) -> (String, &'static str, usize, String) {
        (p.to_string(), c, line, call.to_string())
    }

    #[test]
    fn calls_are_attributed_to_the_client_they_are_made_on() {
        let src = "import ccxt\nimport time\nk = ccxt.kraken()\nb = ccxt.binanceusdm()\nx = ccxt.phemex()\ndef f():\n    b = ccxt.okx()\n    b.create_order('X', 'limit', 'buy', 1, 2)\n    time.time()\nb.fetchOHLCV('X')\nk.transfer('USDT', 1, 'spot', 'future')\nx.cancel_all_orders()\nccxt.bybit().fetch_ticker('X')\n";
        assert_eq!(
            uses_in("bot.py", src),
            [
                u("OKX", "trade", 8, "b.create_order"),
                u("Binance", "read", 10, "b.fetchOHLCV"),
                u("Kraken", "withdraw", 11, "k.transfer"),
                u("Phemex", "trade", 12, "x.cancel_all_orders"),
                u("Bybit", "read", 13, "ccxt.bybit().fetch_ticker"),
            ]
        );
    }

    #[test]
    fn unresolved_receivers_follow_the_clients_the_file_makes() {
        // A parameter: the file makes Kraken and Bybit clients of the same library.
        let src = "import ccxt\na = ccxt.kraken()\nb = ccxt.bybit()\ndef sweep(ex):\n    ex.withdraw('BTC', 1, 'addr')\n";
        assert_eq!(
            uses_in("bot.py", src),
            [
                u("Bybit", "withdraw", 5, "ex.withdraw"),
                u("Kraken", "withdraw", 5, "ex.withdraw"),
            ]
        );
        // No client made here: ccxt's provider is unknown, python-binance's is Binance.
        let src = "import ccxt\ndef sweep(ex):\n    ex.withdraw('BTC', 1, 'addr')\n";
        assert_eq!(
            uses_in("bot.py", src),
            [u("unknown", "withdraw", 3, "ex.withdraw")]
        );
        let src = "from binance.client import Client\ndef buy(client):\n    client.order_market_buy(symbol='X', quantity=1)\n";
        assert_eq!(
            uses_in("bot.py", src),
            [u("Binance", "trade", 3, "client.order_market_buy")]
        );
    }

    #[test]
    fn non_clients_and_own_methods_do_not_count() {
        let src = "import ccxt\nfrom vault import Wallet\nex = ccxt.binance()\nclass Bot:\n    def withdraw(self, n):\n        return n\n    def run(self):\n        self.withdraw(1)\n        w = Wallet()\n        w.withdraw(2)\n        Wallet.withdraw(3)\n        # ex.withdraw('BTC', 1, 'a')\n        print('ex.withdraw(1)')\n";
        assert_eq!(uses_in("bot.py", src), Vec::new());
    }

    #[test]
    fn javascript_and_rust_clients() {
        let src = "import ccxt from 'ccxt';\nclass T {\n  ex = new ccxt.kucoin();\n  async go() { await this.ex.createOrder('X', 'market', 'buy', 1); }\n}\nconst c = new Spot(key, secret); // binance\nc.newOrder('BTCUSDT', 'BUY', 'MARKET');\n";
        assert_eq!(
            uses_in("bot.ts", src),
            [
                u("KuCoin", "trade", 4, "this.ex.createOrder"),
                u("Binance", "trade", 7, "c.newOrder"),
            ]
        );
        let src = "use binance_spot_connector_rust::{market, trade, wallet};\nasync fn f(c: &BinanceHttpClient) {\n    c.send(market::klines(\"X\", I::Minutes1)).await;\n    c.send(trade::new_order(\"X\", Side::Buy, \"MARKET\")).await;\n    c.send(binance_spot_connector_rust::wallet::withdraw(\"USDT\", \"addr\", d)).await;\n    c.send(other::withdraw(1)).await;\n}\n";
        assert_eq!(
            uses_in("main.rs", src),
            [
                u("Binance", "read", 3, "market::klines"),
                u("Binance", "trade", 4, "trade::new_order"),
                u(
                    "Binance",
                    "withdraw",
                    5,
                    "binance_spot_connector_rust::wallet::withdraw"
                ),
            ]
        );
        let src = "use binance::account::Account;\nstruct S { acc: Account }\nimpl S { fn go(&self, m: &binance::market::Market) { let _ = self.acc.limit_buy(\"X\", 1, 2.0); let _ = m.get_price(\"X\"); } }\nfn other(acc: Jar) { acc.market_buy(1); }\n";
        assert_eq!(
            uses_in("main.rs", src),
            [
                u("Binance", "trade", 3, "self.acc.limit_buy"),
                u("Binance", "read", 3, "m.get_price"),
            ]
        );
    }

    #[test]
    fn rest_paths_count_in_code_strings_only() {
        let src = "\"\"\"Calls /api/v3/order on api.binance.com.\"\"\"\nBASE = 'https://api.binance.com'\n# requests.post(BASE + '/sapi/v1/capital/withdraw/apply')\nr = requests.post(f'{BASE}/api/v3/order', data=q)\nnote = 'see /sapi/v1/capital/withdraw/apply for details'\n";
        assert_eq!(
            uses_in("bot.py", src),
            [u("Binance", "trade", 4, "f'{BASE}/api/v3/order'")]
        );
        // Without a word naming the provider, a path is not attributed.
        assert_eq!(uses_in("x.py", "r = post('/api/v3/order')\n"), Vec::new());
        let src = "// https://api.kraken.com\nfn main() { let u = format!(\"{}/0/private/AddOrder\", base); }\n/// \"/0/private/Withdraw\" in a doc comment\nfn f() {}\n";
        assert_eq!(
            uses_in("main.rs", src),
            [u("Kraken", "trade", 2, "\"{}/0/private/AddOrder\"")]
        );
    }

    #[test]
    fn rest_paths_match_whole_segments() {
        let caps = Capabilities::builtin().unwrap();
        let find = |provider: &str, text: &str| -> Option<Capability> {
            caps.rest
                .iter()
                .filter(|r| r.provider == provider && r.matches(text.as_bytes()))
                .max_by_key(|r| r.len)
                .map(|r| r.capability)
        };
        assert_eq!(
            find("Binance", "\"/api/v3/order\""),
            Some(Capability::Trade)
        );
        assert_eq!(
            find("Binance", "f\"{BASE}/api/v3/order?{query}\""),
            Some(Capability::Trade)
        );
        assert_eq!(
            find("Binance", "\"/api/v3/openOrders\""),
            Some(Capability::Read)
        );
        assert_eq!(find("Binance", "'/api/v3/orders'"), None);
        assert_eq!(
            find(
                "Binance",
                "\"https://api.binance.com/sapi/v1/capital/withdraw/apply\""
            ),
            Some(Capability::Withdraw)
        );
        assert_eq!(
            find("Coinbase", "f\"/v2/accounts/{account_id}/transactions\""),
            Some(Capability::Withdraw)
        );
        assert_eq!(
            find("Coinbase", "\"/v2/accounts/\""),
            Some(Capability::Read)
        );
        assert_eq!(
            find("Coinbase", "\"/v2/accounts//transactions\""),
            Some(Capability::Read)
        );
        assert_eq!(
            find("Coinbase", "\"/api/v3/brokerage/orders/historical/batch\""),
            Some(Capability::Read)
        );
        assert_eq!(
            find("OKX", "\"/api/v5/trade/orders-pending\""),
            Some(Capability::Read)
        );
        assert_eq!(
            find("OKX", "\"/api/v5/trade/order\""),
            Some(Capability::Trade)
        );
        assert_eq!(find("Kraken", "'/0/private/WithdrawInfo'"), None);
    }
}
