#!/usr/bin/env python3
"""Print label counts (markdown) for a blind-i corpus: python3 stats.py OUTDIR"""
import json, os, sys
from collections import Counter

out = sys.argv[1]
vals = [json.loads(l) for l in open(os.path.join(out, ".meta", "values.jsonl"))]
sec = [v for v in vals if v["label"] == "secret"]
trp = [v for v in vals if v["label"] == "trap"]
print(f"- repos: {len({v['path'].split('/')[0] for v in vals})}, labels: {len(vals)}, secrets: {len(sec)}, traps: {len(trp)}\n")


def table(title, c):
    print(f"**{title}**\n")
    print(" | ".join(f"{k}: {n}" for k, n in sorted(c.items(), key=lambda x: (-x[1], x[0]))))
    print()


table("Positives per provider", Counter(v["provider"] for v in sec))
table("Positives per cred", Counter(v["cred"] for v in sec))
table("Positives per language/format", Counter(v["lang"] for v in sec))
table("Positives per form", Counter(v["form"] for v in sec))
table("Negatives per trap kind", Counter(v["kind"] for v in trp))
table("Negatives per language/format", Counter(v["lang"] for v in trp))
