//! `keylint permissions` on `fixtures/permissions/`: every bot's capabilities per
//! provider are exactly those in its manifest, the reports are snapshotted, SARIF is
//! valid, exit codes gate on withdrawals, and `keylint scan` joins the facts into
//! exchange findings.

use std::collections::BTreeMap;

use super::*;

#[derive(serde::Deserialize)]
struct Manifest {
    bot: Vec<Bot>,
}

#[derive(serde::Deserialize)]
struct Bot {
    dir: String,
    providers: BTreeMap<String, Vec<String>>,
}

fn permissions_json(dir: &Path, target: &str) -> (serde_json::Value, i32) {
    let out = run_in(dir, &["permissions", "--format", "json", target]);
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}{}", stdout(&out), stderr(&out)));
    (v, code(&out))
}

/// provider → capabilities with at least one site, from a JSON report.
fn capability_sets(v: &serde_json::Value) -> BTreeMap<String, Vec<String>> {
    v["providers"]
        .as_array()
        .expect("providers")
        .iter()
        .map(|p| {
            let caps = p["capabilities"].as_object().expect("capabilities");
            assert_eq!(
                caps.keys().collect::<Vec<_>>(),
                ["read", "trade", "withdraw"],
                "every provider has exactly the three capability keys"
            );
            let used = ["read", "trade", "withdraw"]
                .into_iter()
                .filter(|c| caps[*c].as_array().is_some_and(|s| !s.is_empty()))
                .map(String::from)
                .collect();
            (p["provider"].as_str().expect("name").to_string(), used)
        })
        .collect()
}

#[test]
fn every_bot_has_exactly_the_capabilities_of_its_manifest() {
    let text = std::fs::read_to_string(fixture("permissions/manifest.toml")).unwrap();
    let manifest: Manifest = toml::from_str(&text).unwrap();
    let dir = copy_fixture("permissions");
    let mut failures = Vec::new();
    for bot in &manifest.bot {
        let (v, code) = permissions_json(dir.path(), &bot.dir);
        assert_eq!(v["schema"], "keylint/permissions/v1");
        let got = capability_sets(&v);
        if got != bot.providers {
            failures.push(format!(
                "{}: expected {:?}, got {:?}",
                bot.dir, bot.providers, got
            ));
        }
        let withdraws = bot.providers.values().flatten().any(|c| c == "withdraw");
        assert_eq!(code, i32::from(withdraws), "{}: exit code", bot.dir);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every fixture directory is in the manifest.
    let mut dirs: Vec<String> = std::fs::read_dir(fixture("permissions"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut listed: Vec<String> = manifest.bot.iter().map(|b| b.dir.clone()).collect();
    listed.sort();
    assert_eq!(dirs, listed);
}

#[test]
fn comments_strings_and_other_objects_do_not_count() {
    let dir = copy_fixture("permissions");
    let (v, code) = permissions_json(dir.path(), "negatives");
    assert_eq!(code, 0);
    let calls: Vec<(String, String)> = v["providers"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| {
            let provider = p["provider"].as_str().unwrap().to_string();
            ["read", "trade", "withdraw"]
                .into_iter()
                .flat_map(move |c| {
                    let provider = provider.clone();
                    p["capabilities"][c]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(move |s| {
                            (
                                format!("{provider} {c}"),
                                format!(
                                    "{}:{} {}",
                                    s["path"].as_str().unwrap(),
                                    s["line"],
                                    s["call"].as_str().unwrap()
                                ),
                            )
                        })
                        .collect::<Vec<_>>()
                })
        })
        .collect();
    let expect = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        calls,
        [
            expect(
                "Binance read",
                "negatives/not_calls.py:22 exchange.fetch_balance"
            ),
            expect("Binance read", "negatives/not_calls.rs:20 market.get_depth"),
            expect("OKX read", "negatives/not_calls.ts:19 okx.fetchTicker"),
        ]
    );
}

#[test]
fn human_report_snapshot() {
    let dir = copy_fixture("permissions");
    let out = run_in(
        dir.path(),
        &["permissions", "python-sweeper", "rust-trader"],
    );
    assert_eq!(code(&out), 1);
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn json_report_snapshot() {
    let dir = copy_fixture("permissions");
    let (v, code) = permissions_json(dir.path(), "ts-sweeper");
    assert_eq!(code, 1);
    insta::assert_json_snapshot!(v);
}

#[test]
fn sarif_is_valid_with_a_rule_per_advice_kind() {
    let dir = copy_fixture("permissions");
    let out = run_in(dir.path(), &["permissions", "--format", "sarif", "."]);
    assert_eq!(code(&out), 1);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    if let Some(errors) = sarif_schema_errors(&v) {
        assert_eq!(errors, Vec::<String>::new());
    }
    let run = &v["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "permissions-read-only",
            "permissions-no-withdrawal",
            "permissions-withdraws"
        ]
    );
    let results: Vec<(String, String, String)> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["properties"]["provider"].as_str().unwrap().to_string(),
                r["ruleId"].as_str().unwrap().to_string(),
                r["level"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let r = |p: &str, id: &str, level: &str| (p.to_string(), id.to_string(), level.to_string());
    assert_eq!(
        results,
        [
            r("Binance", "permissions-withdraws", "warning"),
            r("Bybit", "permissions-no-withdrawal", "note"),
            r("Coinbase", "permissions-read-only", "note"),
            r("Kraken", "permissions-withdraws", "warning"),
            r("KuCoin", "permissions-withdraws", "warning"),
            r("OKX", "permissions-no-withdrawal", "note"),
        ]
    );
}

#[test]
fn exit_codes_gate_on_withdrawals() {
    let dir = copy_fixture("permissions");
    assert_eq!(
        code(&run_in(dir.path(), &["permissions", "python-trader"])),
        0
    );
    assert_eq!(
        code(&run_in(dir.path(), &["permissions", "rust-sweeper"])),
        1
    );
    assert_eq!(
        code(&run_in(
            dir.path(),
            &["permissions", "--exit-zero", "rust-sweeper"]
        )),
        0
    );
    let to_file = run_in(
        dir.path(),
        &[
            "permissions",
            "-f",
            "json",
            "-o",
            "out.json",
            "rust-watcher",
        ],
    );
    assert_eq!((code(&to_file), stdout(&to_file)), (0, String::new()));
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out.json")).unwrap()).unwrap();
    assert_eq!(
        capability_sets(&written),
        BTreeMap::from([("Binance".to_string(), vec!["read".to_string()])])
    );
    let missing = run_in(dir.path(), &["permissions", "no-such-dir"]);
    assert_eq!(code(&missing), 2);
    assert_eq!(code(&run_in(dir.path(), &["permissions", "--bogus"])), 2);
}

#[test]
fn unparsable_files_are_a_verbose_note_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.py"),
        "import ccxt\nex = ccxt.binance()\nex.withdraw('BTC', 1, addr\n",
    )
    .unwrap();
    // 50 000 nested parentheses around a withdrawal, a hundred a line (one line of them
    // all would be a minified file, not parsed): parsed without overflowing.
    let deep = format!(
        "import ccxt\nex = ccxt.kraken()\nx = {}ex.withdraw('BTC', 1, a){}\n",
        ("(".repeat(100) + "\n").repeat(500),
        ")".repeat(50_000)
    );
    std::fs::write(dir.path().join("deep.py"), deep).unwrap();
    let deep_rs = format!(
        "use binance::account::*;\nfn f(a: &Account) {{ let x = {}a.market_buy(\"X\", 1){}; }}\n",
        ("(".repeat(100) + "\n").repeat(500),
        ")".repeat(50_000)
    );
    std::fs::write(dir.path().join("deep.rs"), deep_rs).unwrap();
    let out = run_in(dir.path(), &["permissions", "-v", "--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        capability_sets(&v),
        BTreeMap::from([("Kraken".to_string(), vec!["withdraw".to_string()])])
    );
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains("note: broken.py: python-ast: does not parse (line 3, column 1); no capabilities read from it"),
        "{err}"
    );
    assert!(
        err.contains("note: deep.rs: rust-ast: nested too deeply"),
        "{err}"
    );
    let quiet = run_in(dir.path(), &["permissions", "."]);
    assert!(!stderr(&quiet).contains("broken.py"), "{}", stderr(&quiet));
}

#[test]
fn scan_raises_a_key_to_critical_where_the_code_withdraws() {
    let dir = copy_fixture("permissions");
    let findings = |target: &str| -> Vec<(String, String, serde_json::Value)> {
        json_report(dir.path(), &[target])["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule_id"].as_str().unwrap().to_string(),
                    f["severity"].as_str().unwrap().to_string(),
                    f["properties"]["capabilities"].clone(),
                )
            })
            .collect()
    };
    assert_eq!(
        findings("python-sweeper"),
        [(
            "binance-api-key".to_string(),
            "critical".to_string(),
            serde_json::json!(["read", "trade", "withdraw"])
        )]
    );
    let sweeper = json_report(dir.path(), &["python-sweeper"]);
    let f = &sweeper["findings"][0];
    assert!(
        f["remediation"].as_str().unwrap().starts_with(
            "this key can move funds off the exchange: the code calls self.exchange.withdraw at python-sweeper/sweeper.py:26"
        ),
        "{}",
        f["remediation"]
    );
    // The trader never withdraws: its key keeps the rule's severity.
    assert_eq!(
        findings("python-trader"),
        [(
            "binance-api-key".to_string(),
            "high".to_string(),
            serde_json::json!(["read", "trade"])
        )]
    );
    let trader = json_report(dir.path(), &["python-trader"]);
    assert!(
        !trader["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("move funds"),
    );
    let human = stdout(&run_in(dir.path(), &["scan", "python-trader"]));
    assert!(
        human.contains("the code here uses this key for: read, trade (see"),
        "{human}"
    );
    let human = stdout(&run_in(dir.path(), &["scan", "python-sweeper"]));
    assert!(
        human.contains("the code here uses this key for: read, trade, withdraw (see"),
        "{human}"
    );
    let sarif = run_in(dir.path(), &["scan", "--format", "sarif", "python-sweeper"]);
    let v: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_eq!(
        v["runs"][0]["results"][0]["properties"]["capabilities"],
        serde_json::json!(["read", "trade", "withdraw"])
    );
}
