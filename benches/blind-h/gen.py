#!/usr/bin/env python3
"""Blind labelled corpus generator (set h). Usage: gen.py OUTDIR [--seed N]"""
import argparse, json, os, random, shutil, sys
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from values import Gen
from core import Ctx, Repo
import tpl_a as A, tpl_b as B, tpl_c as C, tpl_d as D

REPOS = [
    ("binance-grid-bot", [A.py_ccxt_bot, C.dotenv, A.py_conftest]),
    ("freqtrade-strategies", [C.freqtrade, C.crontab]),
    ("octobot-profile", [C.octobot, C.logs]),
    ("hardhat-arb", [A.ts_hardhat, C.shell_deploy, C.mnemonic_files, D.anvil_log]),
    ("mev-sandwich", [A.py_split, C.keystore, D.token_list]),
    ("go-binance-trader", [A.go_main, C.compose, D.lockfile]),
    ("go-multi-exchange", [A.go_struct, C.k8s]),
    ("rust-hl-bot", [A.rust_bot, A.rust_toml]),
    ("java-spot-gateway", [A.java_builder, A.groovy_jenkins]),
    ("spring-quotes", [A.spring_props, C.helm]),
    ("android-pocketquant", [A.kotlin_android]),
    ("scala-feeds", [A.scala_hocon, C.gitlab]),
    ("dotnet-bybit", [B.csharp, B.dotnet_appconfig]),
    ("laravel-arb-dashboard", [B.php_laravel, C.sql_seed]),
    ("rails-portfolio", [B.ruby_rails, C.systemd]),
    ("elixir-mm", [B.elixir_cfg, C.ansible]),
    ("cpp-hft-feed", [B.c_header, C.ini_cfg]),
    ("ios-pocketdesk", [B.swift_ios]),
    ("flutter-wallet", [B.dart_flutter, C.solana_id]),
    ("r-research", [B.r_script, C.notebook]),
    ("julia-backtest", [B.julia_nb, C.csv_accounts, D.test_vectors]),
    ("quik-lua", [B.lua_quik, C.powershell]),
    ("perl-rebalancer", [B.perl_script, C.http_trace, D.exchange_response]),
    ("mt5-grid-ea", [B.mql5, C.readme]),
    ("infra-terraform", [C.terraform, C.sops_yaml]),
    ("ci-backtests", [C.gha, C.har]),
    ("discord-signal", [C.discord_py, C.changelog, D.exchange_response]),
    ("kite-zerodha", [C.zerodha_py, C.dotenv]),
    ("threecommas-dca", [C.threecommas, A.py_settings, D.hb_conf]),
    ("django-dashboard", [C.django_settings, A.py_base64]),
    ("btc-cold-storage", [C.btc_keys, C.keystore]),
    ("nest-exchange-api", [A.ts_nest_di, A.js_jest, A.js_node_bot, D.lockfile]),
    ("cdp-coinbase", [C.cdp_json, C.gcp_sa]),
    ("ed25519-signer", [A.py_multiline_pem, C.readme, D.test_vectors]),
    ("telegram-alerts", [A.js_node_bot, C.ini_cfg]),
    ("data-pipeline", [C.csv_accounts, C.sql_seed, C.gcp_sa]),
    ("vps-ops", [C.powershell, C.shell_deploy, C.ansible]),
    ("quant-notebooks", [C.notebook, B.r_script]),
    ("wallet-tools", [C.mnemonic_files, C.solana_id, C.btc_keys, D.anvil_log, D.token_list]),
    ("bot-configs-mirror", [C.freqtrade, C.octobot, C.http_trace, D.hb_conf]),
]

FILLERS = [
    (".gitignore", "text", [".env", "*.pyc", "__pycache__/", "node_modules/", "user_data/data/", "*.log"]),
    ("requirements.txt", "text", ["ccxt==4.4.35", "python-dotenv==1.0.1", "pandas==2.2.3", "web3==7.6.0"]),
    ("LICENSE", "text", ["MIT License", "", "Copyright (c) 2025 the authors", "",
                         "Permission is hereby granted, free of charge, to any person obtaining a copy"]),
    ("Makefile", "makefile", ["run:", "\tpython -m bot --config config.json", "", "test:", "\tpytest -q",
                              "", "lint:", "\truff check ."]),
    ("docs/ARCHITECTURE.md", "markdown", ["# Architecture", "", "Signals -> risk -> order router -> exchange adapter.",
                                          "Keys are read from the environment (`API_KEY`, `API_SECRET`).",
                                          "The `secret` field is never logged; we print `key[:4]` only."]),
    ("package.json", "json", ["{", '  "name": "bot",', '  "version": "0.3.0",', '  "scripts": { "start": "node src/index.js" },',
                              '  "dependencies": { "ccxt": "^4.4.0", "dotenv": "^16.4.5" }', "}"]),
]

def build(seed):
    rng = random.Random(seed)
    g = Gen(rng); c = Ctx(g)
    repos = []
    for i, (name, tpls) in enumerate(REPOS, 1):
        R = Repo(f"r{i:02d}-{name}")
        for t in tpls:
            t(c, R)
        for fp, lang, lines in rng.sample(FILLERS, 2):
            if any(x.path == fp for x in R.files): continue
            f = R.f(fp, lang)
            for ln in lines: f.l(ln)
        repos.append(R)
    return g, repos

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir"); ap.add_argument("--seed", type=int, default=20261208)
    a = ap.parse_args()
    out = a.outdir
    os.makedirs(out, exist_ok=True)
    for d in os.listdir(out):
        p = os.path.join(out, d)
        if d.startswith("r") and len(d) > 3 and d[1:3].isdigit() and d[3] == "-" and os.path.isdir(p):
            shutil.rmtree(p)
    if os.path.isdir(os.path.join(out, ".meta")): shutil.rmtree(os.path.join(out, ".meta"))
    if os.path.exists(os.path.join(out, "labels.jsonl")): os.remove(os.path.join(out, "labels.jsonl"))
    g, repos = build(a.seed)
    labels = []; locs = {}
    for R in repos:
        for f in R.files:
            p = os.path.join(out, R.name, f.path)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w", newline="\n") as fh: fh.write(f.text())
            for lab, span, vals in f.labs:
                labels.append(lab)
                for v in vals:
                    locs.setdefault(id(v), (v, []))[1].append([lab["path"], lab["line"], span])
    labels.sort(key=lambda x: (x["path"], x["line"]))
    with open(os.path.join(out, "labels.jsonl"), "w") as fh:
        for l in labels: fh.write(json.dumps(l, sort_keys=False) + "\n")
    os.makedirs(os.path.join(out, ".meta"))
    recs = []
    for v, ls in locs.values():
        recs.append({"value": v.value, "label": v.label, "provider": v.provider, "cred": v.cred, "trap": v.trap,
                     "enc": v.enc, "parts": v.parts, "registered": any(x is v for x in ()) or None, "locations": ls})
    reg = {id(v) for v in g.vals}
    for r_, (v, _) in zip(recs, locs.values()): r_["registered"] = id(v) in reg
    recs.sort(key=lambda r: (r["locations"][0][0], r["locations"][0][1], r["value"]))
    with open(os.path.join(out, ".meta", "values.jsonl"), "w") as fh:
        for r in recs: fh.write(json.dumps(r) + "\n")
    unused = [v for v in g.vals if id(v) not in locs]
    assert not unused, [(v.provider, v.cred) for v in unused]
    nf = sum(len(R.files) for R in repos)
    npos = sum(l["label"] == "positive" for l in labels)
    print(f"repos={len(repos)} files={nf} labels={len(labels)} positive={npos} negative={len(labels) - npos}")

if __name__ == "__main__":
    main()
