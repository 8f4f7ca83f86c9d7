#!/usr/bin/env python3
"""Generate the blind-f synthetic trading-bot secret corpus.

usage: python3 gen.py OUTDIR [--seed N]
"""
import argparse
import collections
import json
import os
import random
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from corpus import Repo  # noqa: E402
from values import V  # noqa: E402
import repos_a, repos_b, repos_c, repos_d  # noqa: E402


class G:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.v = V(self.rng)
        self.labels, self.meta = [], []

    def add_label(self, rec, meta):
        self.labels.append(rec)
        self.meta.append(meta)


def clean(out):
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):
        p = os.path.join(out, name)
        if re.match(r"^r\d\d-", name) and os.path.isdir(p):
            shutil.rmtree(p)
    if os.path.isdir(os.path.join(out, ".meta")):
        shutil.rmtree(os.path.join(out, ".meta"))
    if os.path.exists(os.path.join(out, "labels.jsonl")):
        os.remove(os.path.join(out, "labels.jsonl"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=20240611)
    a = ap.parse_args()
    g = G(a.seed)
    repos = []
    idx = 1
    for mod in (repos_a, repos_b, repos_c, repos_d):
        for name, fn in mod.REPOS:
            R = Repo(g, idx, name)
            fn(R, g.v, g.rng)
            repos.append(R)
            idx += 1
    clean(a.outdir)
    for R in repos:
        seen = set()
        for f in R.files:
            assert f.path not in seen, (R.dir, f.path)
            seen.add(f.path)
            p = os.path.join(a.outdir, R.dir, f.path)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(f.text())
    order = sorted(range(len(g.labels)), key=lambda i: (g.labels[i]["path"], g.labels[i]["line"]))
    with open(os.path.join(a.outdir, "labels.jsonl"), "w") as fh:
        for i in order:
            fh.write(json.dumps(g.labels[i], ensure_ascii=False) + "\n")
    os.makedirs(os.path.join(a.outdir, ".meta"), exist_ok=True)
    with open(os.path.join(a.outdir, ".meta", "values.jsonl"), "w") as fh:
        for i in order:
            fh.write(json.dumps(g.meta[i], ensure_ascii=False) + "\n")
    c = collections.Counter(l["label"] for l in g.labels)
    stats = {"repos": len(repos), "labels": len(g.labels), "by_label": dict(c)}
    for k in ("lang", "form", "provider", "trap"):
        stats["by_" + k] = dict(collections.Counter(l.get(k) for l in g.labels if k != "trap" or l["label"] == "negative").most_common())
    with open(os.path.join(a.outdir, ".meta", "stats.json"), "w") as fh:
        json.dump(stats, fh, indent=1, ensure_ascii=False)
    print(f"repos={len(repos)} labels={len(g.labels)} positive={c['positive']} negative={c['negative']}")


if __name__ == "__main__":
    main()
