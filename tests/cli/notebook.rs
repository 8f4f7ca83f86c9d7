//! Jupyter notebooks: findings point into the `.ipynb` file and name the cell.

use super::*;

#[test]
fn notebook_findings_name_the_cell_in_every_format() {
    let dir = copy_fixture("bots/notebooks/research");
    let nb = "wallet_tracker.ipynb";
    let report = json_report(dir.path(), &[nb]);
    assert_eq!(
        finding_triples(&report),
        vec![
            (nb.to_string(), 10, "evm-private-key".to_string()),
            (nb.to_string(), 42, "bip39-mnemonic".to_string()),
        ]
    );
    let first = &report["findings"][0];
    assert_eq!(first["column"], 22);
    assert_eq!(
        first["message"],
        "hardcoded EVM wallet private key assigned to `PRIVATE_KEY` (notebook cell 1, line 4)"
    );
    assert_eq!(first["properties"]["notebook_cell"], 1);
    assert_eq!(first["properties"]["notebook_cell_line"], 4);
    assert_eq!(first["properties"]["notebook_part"], "source");
    // The excerpt is the file's own line, masked.
    let snippet = first["snippet"].as_str().unwrap();
    assert!(snippet.contains("\"PRIVATE_KEY = \\\"0x"), "{snippet}");
    assert!(snippet.contains("…(66)"), "{snippet}");

    let out = run_in(dir.path(), &["scan", "--format", "sarif", nb]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = &sarif["runs"][0]["results"][1];
    assert_eq!(result["properties"]["notebook_cell"], 3);
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        42
    );
}

#[test]
fn printed_secrets_in_outputs_are_reported_as_outputs() {
    let dir = copy_fixture("bots/notebooks/research");
    let report = json_report(dir.path(), &["binance_backtest.ipynb"]);
    let outputs: Vec<(u64, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["notebook_part"] == "output")
        .map(|f| {
            (
                f["properties"]["notebook_cell"].as_u64().unwrap(),
                f["rule_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        outputs,
        vec![(3, "binance-api-key"), (4, "telegram-bot-token")]
    );
}

#[test]
fn a_broken_notebook_is_scanned_as_text_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cut.ipynb"),
        // keylint:allow (synthetic, truncated notebook)
        "{\"cells\": [{\"source\": [\"BINANCE_API_SECRET = 'ewi3ijAe9jIt4e4WJA5FN4S5sVlleBpW7UmbyIbeHdJIMmWEjrmXpOhrJ1x3vFyk'\"",
    )
    .unwrap();
    let report = json_report(dir.path(), &[]);
    assert_eq!(
        finding_triples(&report),
        vec![("cut.ipynb".to_string(), 1, "binance-api-secret".to_string())]
    );
    assert_eq!(report["summary"]["issues"]["parse-fallback"], 1);
    assert_eq!(report["summary"]["complete"], true);
}
