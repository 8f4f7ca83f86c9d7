#!/usr/bin/env python3
"""Blind benchmark corpus generator for keylint.

Usage: gen.py OUTDIR [--seed N] [--repos K]

Writes K labelled, synthetic trading-bot repositories into OUTDIR plus OUTDIR/labels.jsonl.
OUTDIR/.meta/values.jsonl carries the raw values for selfcheck.py (never read by score.py).
Written without reading keylint's rules, sources, fixtures or tests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from blindgen.core import Repo  # noqa: E402
from blindgen.ctx import Ctx, Shared  # noqa: E402
from blindgen.registry import ALWAYS, EMITTERS, THEMES  # noqa: E402


def repo_name(i, rng):
    venue = ["binance", "kraken", "okx", "bybit", "kucoin", "alpaca", "oanda", "coinbase", "gate", "bitget",
             "hyperliquid", "deribit", "solana", "uniswap", "ibkr", "bitmex", "upbit", "mexc", "bitfinex", "gemini"]
    kind = ["grid-bot", "dca-bot", "arb-engine", "market-maker", "signal-bot", "trend-follower", "sniper",
            "rebalancer", "copy-trader", "funding-farmer", "scalper", "backtester"]
    return f"r{i:02d}-{venue[i % len(venue)]}-{kind[(i * 5 + rng.randrange(3)) % len(kind)]}"


def build_repo(i, seed, shared):
    rng = random.Random(f"{seed}:{i}")
    name = repo_name(i, rng)
    repo = Repo(name, rng)
    theme = THEMES[i % len(THEMES)]
    ctx = Ctx(repo, rng, shared, theme)
    chosen = [e for j, e in enumerate(EMITTERS) if (i * 7 + j) % 3 == 0 or e[0] in theme["langs"]]
    for key, fn in ALWAYS + chosen:
        for rel, text in fn(ctx):
            base, dot, ext = rel.rpartition(".")
            n = 2
            while rel in repo.files:
                rel = f"{base}_{n}.{ext}" if dot else f"{rel}_{n}"
                n += 1
            repo.add(rel, text)
    return repo


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repos", type=int, default=30)
    a = ap.parse_args(argv)
    if os.path.exists(a.outdir) and os.listdir(a.outdir):
        if not os.path.exists(os.path.join(a.outdir, "labels.jsonl")):
            sys.exit(f"{a.outdir} is not empty and is not a previous corpus; refusing to overwrite")
        shutil.rmtree(a.outdir)
    os.makedirs(os.path.join(a.outdir, ".meta"), exist_ok=True)
    shared = Shared(random.Random(f"{a.seed}:shared"))
    labels, meta = [], []
    for i in range(a.repos):
        repo = build_repo(i, a.seed, shared)
        repo.write(a.outdir)
        labels += repo.labels
        meta += repo.meta
    labels.sort(key=lambda x: (x["path"], x["line"]))
    with open(os.path.join(a.outdir, "labels.jsonl"), "w", encoding="utf-8") as fh:
        for lab in labels:
            fh.write(json.dumps(lab, ensure_ascii=False) + "\n")
    with open(os.path.join(a.outdir, ".meta", "values.jsonl"), "w", encoding="utf-8") as fh:
        for m in meta:
            fh.write(json.dumps(m, ensure_ascii=False) + "\n")
    with open(os.path.join(a.outdir, ".meta", "manifest.json"), "w", encoding="utf-8") as fh:
        json.dump({"seed": a.seed, "repos": sorted({lab["path"].split("/")[0] for lab in labels})}, fh, indent=1)
    npos = sum(1 for x in labels if x["label"] == "positive")
    print(f"wrote {a.repos} repos, {len(labels)} labels ({npos} positive, {len(labels) - npos} negative) to {a.outdir}")


if __name__ == "__main__":
    main()
