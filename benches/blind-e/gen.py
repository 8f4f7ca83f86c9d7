#!/usr/bin/env python3
"""Generate the blind-e synthetic trading-bot corpus.

usage: python3 gen.py OUTDIR [--seed N]
"""
import argparse
import json
import os
import random
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from core import Ctx, write_all  # noqa: E402
import repos1, repos2, repos3  # noqa: E402
from extras import add_extras  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=20240607)
    a = ap.parse_args()
    out = a.outdir
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):
        p = os.path.join(out, name)
        if (name.startswith("r") and name[1:3].isdigit() and name[3:4] == "-" and os.path.isdir(p)) or name == ".meta":
            shutil.rmtree(p)
        elif name == "labels.jsonl":
            os.remove(p)
    ctx = Ctx(random.Random(a.seed), out)
    allrepos = repos1.REPOS + repos2.REPOS + repos3.REPOS
    for i, (name, fn) in enumerate(allrepos, 1):
        ctx.repo = f"r{i:02d}-{name}"
        fn(ctx)
        add_extras(ctx, i)
    labels, meta = write_all(ctx)
    with open(os.path.join(out, "labels.jsonl"), "w") as fh:
        for lab in labels:
            fh.write(json.dumps(lab, ensure_ascii=False) + "\n")
    os.makedirs(os.path.join(out, ".meta"), exist_ok=True)
    with open(os.path.join(out, ".meta", "values.jsonl"), "w") as fh:
        for m in meta:
            fh.write(json.dumps(m, ensure_ascii=False) + "\n")
    npos = sum(1 for x in labels if x["label"] == "positive")
    print(f"repos={len(allrepos)} files={len(ctx.files)} labels={len(labels)} positive={npos} negative={len(labels) - npos}")


if __name__ == "__main__":
    main()
