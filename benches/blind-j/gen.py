#!/usr/bin/env python3
"""Generate the blind-j synthetic trading-bot secret corpus. Usage: gen.py OUTDIR [--seed N]"""
import argparse
import glob
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from core import Corpus  # noqa: E402
import repos_a as A  # noqa: E402
import repos_b as B  # noqa: E402
import repos_c as C  # noqa: E402
import repos_d as D  # noqa: E402

REPOS = [
    ("grid-bot", A.r_grid_bot), ("freqtrade-okx", A.r_freqtrade), ("kraken-notebooks", A.r_notebook),
    ("hummingbot-conf", A.r_hummingbot), ("octobot-profile", A.r_octobot), ("hl-agent", A.r_hyperliquid),
    ("alpaca-momentum", A.r_alpaca_ide), ("bot-db-exports", A.r_data_exports),
    ("jesse-stack", B.r_compose_stack), ("tradebot-helm", B.r_helm), ("ci-pipelines", B.r_ci),
    ("ops-box", B.r_ops), ("iac-tokyo", B.r_iac), ("dev-dotfiles", B.r_dotfiles), ("support-logs", B.r_debug_logs),
    ("config-zoo", B.r_config_syntax), ("release-meta", B.r_changelog),
    ("ts-arb", C.r_ts_arb), ("go-binance-bot", C.r_go), ("rust-mm", C.r_rust), ("jvm-brokers", C.r_jvm),
    ("dotnet-kraken", C.r_dotnet), ("cpp-hft", C.r_cpp), ("scripting-glue", C.r_scripting), ("mobile-ticker", C.r_mobile),
    ("functional-quant", C.r_functional), ("systems-misc", C.r_systems_misc), ("defi-deploy", C.r_solidity),
    ("wallet-vault", C.r_wallets), ("ai-notify", C.r_ai_notify), ("web-dashboard", C.r_web_assets),
    ("coinbase-advanced", D.r_coinbase), ("starter-templates", D.r_placeholder_zoo), ("rpc-endpoints", D.r_rpc_urls),
    ("kc-docker", D.r_docker_build), ("key-material", D.r_keyfiles), ("broker-tokens", D.r_broker_tokens),
    ("vault-contracts", D.r_contract_artifacts), ("bot-jsonlogs", D.r_json_logs), ("aptos-sui-cli", D.r_move_cli),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=20261210)
    a = ap.parse_args()
    out = os.path.abspath(a.outdir)
    os.makedirs(out, exist_ok=True)
    for d in glob.glob(os.path.join(out, "r[0-9][0-9]-*")):
        shutil.rmtree(d)
    shutil.rmtree(os.path.join(out, ".meta"), ignore_errors=True)
    if os.path.exists(os.path.join(out, "labels.jsonl")):
        os.remove(os.path.join(out, "labels.jsonl"))
    c = Corpus(a.seed)
    for i, (name, fn) in enumerate(REPOS, 1):
        fn(c, "r%02d-%s" % (i, name))
    labels = c.write(out)
    pos = sum(1 for l in labels if l["label"] == "positive")
    print("repos=%d files=%d labels=%d positive=%d negative=%d" % (len(REPOS), len(c.files), len(labels), pos, len(labels) - pos))


if __name__ == "__main__":
    main()
