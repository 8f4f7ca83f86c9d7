#!/usr/bin/env python3
"""Print label counts for a generated corpus: python3 stats.py OUTDIR"""
import json
import os
import sys
from collections import Counter

labels = [json.loads(l) for l in open(os.path.join(sys.argv[1], "labels.jsonl"))]
pos = [l for l in labels if l["label"] == "positive"]
neg = [l for l in labels if l["label"] == "negative"]
print("labels=%d positive=%d negative=%d repos=%d files=%d" % (len(labels), len(pos), len(neg),
      len({l["path"].split("/")[0] for l in labels}), len({l["path"] for l in labels})))


def table(title, cnt):
    print("\n%s\n" % title)
    print("| key | n |\n|---|---|")
    for k, n in sorted(cnt.items(), key=lambda x: (-x[1], x[0])):
        print("| %s | %d |" % (k, n))


table("Positives per provider", Counter(l["provider"] for l in pos))
table("Negatives per provider", Counter(l["provider"] for l in neg))
table("Positives per cred", Counter(l["cred"] for l in pos))
table("Negatives per trap kind", Counter(l["trap"] for l in neg))
table("Labels per language/file syntax (positive/negative)",
      Counter("%s (%s)" % (l["lang"], l["label"][:3]) for l in labels))
table("Positive forms", Counter(l["form"] for l in pos))
table("Negative forms", Counter(l["form"] for l in neg))
