#!/usr/bin/env python3
"""Verify the blind-e label contract. usage: python3 selfcheck.py OUTDIR ; prints errors=N"""
import base64
import json
import os
import sys
import urllib.parse
from collections import defaultdict

KEYS_POS = {"path", "line", "label", "provider", "cred", "form", "lang"}
KEYS_NEG = KEYS_POS | {"trap"}


def variants(v):
    out = {v, json.dumps(v)[1:-1], urllib.parse.quote(v, safe=""), urllib.parse.quote_plus(v)}
    b = v.encode()
    out.add(base64.b64encode(b).decode().rstrip("="))
    out.add(base64.urlsafe_b64encode(b).decode().rstrip("="))
    if "\n" in v:  # multi-line values (PEM): also every substantial body line
        for part in v.split("\n"):
            if len(part) >= 16 and not part.startswith("-----"):
                out.add(part)
    return {x for x in out if len(x) >= 6 and "\n" not in x}


def main(out):
    errs = []
    labels = [json.loads(l) for l in open(os.path.join(out, "labels.jsonl"), encoding="utf-8")]
    meta = {(m["path"], m["line"]): m for m in map(json.loads, open(os.path.join(out, ".meta", "values.jsonl"), encoding="utf-8"))}
    files = {}
    seen = set()
    pos_lines = defaultdict(set)
    for lab in labels:
        keys = set(lab)
        want = KEYS_NEG if lab.get("label") == "negative" else KEYS_POS
        if keys != want:
            errs.append(f"bad keys {sorted(keys)} at {lab.get('path')}:{lab.get('line')}")
        if lab.get("label") not in ("positive", "negative"):
            errs.append(f"bad label {lab}")
        for k in ("provider", "cred", "form", "lang") + (("trap",) if lab.get("label") == "negative" else ()):
            if not isinstance(lab.get(k), str) or not lab.get(k):
                errs.append(f"empty {k} at {lab.get('path')}:{lab.get('line')}")
        key = (lab["path"], lab["line"])
        if key in seen:
            errs.append(f"duplicate label {key}")
        seen.add(key)
        p = os.path.join(out, lab["path"])
        if not lab["path"].split("/")[0][:1] == "r" or not os.path.isfile(p):
            errs.append(f"missing file {lab['path']}")
            continue
        if lab["path"] not in files:
            files[lab["path"]] = open(p, encoding="utf-8").read().split("\n")
        lines = files[lab["path"]]
        if not (1 <= lab["line"] <= len(lines)):
            errs.append(f"line out of range {key}")
            continue
        m = meta.get(key)
        if not m:
            errs.append(f"no meta for {key}")
            continue
        for nd in m["needles"]:
            if nd not in lines[lab["line"] - 1]:
                errs.append(f"needle not on line {key}: {nd[:40]!r}")
        if lab["label"] == "positive":
            a, b = m["span"]
            pos_lines[lab["path"]].update(range(a, b + 1))
    if len(meta) != len(labels):
        errs.append(f"meta/labels count mismatch {len(meta)} != {len(labels)}")
    secrets = set()
    for m in meta.values():
        for v in m["values"]:
            if v["label"] == "positive":
                secrets |= variants(v["value"])
    # scan every file in every repo dir
    nfiles = 0
    for repo in sorted(os.listdir(out)):
        rp = os.path.join(out, repo)
        if not os.path.isdir(rp) or repo.startswith("."):
            continue
        for root, _, fns in os.walk(rp):
            for fn in fns:
                full = os.path.join(root, fn)
                rel = os.path.relpath(full, out).replace(os.sep, "/")
                text = open(full, encoding="utf-8").read()
                nfiles += 1
                starts = [0]
                for i, ch in enumerate(text):
                    if ch == "\n":
                        starts.append(i + 1)
                import bisect
                for sv in secrets:
                    i = text.find(sv)
                    while i != -1:
                        ln = bisect.bisect_right(starts, i)
                        if ln not in pos_lines.get(rel, ()):
                            errs.append(f"secret {sv[:24]!r} on unlabelled/negative line {rel}:{ln}")
                        i = text.find(sv, i + 1)
    for e in errs[:50]:
        print("ERROR", e)
    npos = sum(1 for l in labels if l["label"] == "positive")
    print(f"files={nfiles} labels={len(labels)} positive={npos} negative={len(labels) - npos}")
    print(f"errors={len(errs)}")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
