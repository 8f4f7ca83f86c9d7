#!/usr/bin/env python3
"""Verify the blind-f corpus label contract. usage: python3 selfcheck.py OUTDIR ; prints errors=N"""
import base64
import json
import os
import re
import sys
from urllib.parse import quote

KEYS = {"path", "line", "label", "provider", "cred", "form", "lang"}


def variants(v):
    out = {v, json.dumps(v)[1:-1], quote(v, safe="")}
    b = base64.b64encode(v.encode()).decode().rstrip("=")
    out.add(b)
    return {x for x in out if len(x) >= 6}


def main():
    out = sys.argv[1]
    errors = []
    err = errors.append
    labels = [json.loads(l) for l in open(os.path.join(out, "labels.jsonl"), encoding="utf-8")]
    metas = [json.loads(l) for l in open(os.path.join(out, ".meta", "values.jsonl"), encoding="utf-8")]
    files = {}
    for d in sorted(os.listdir(out)):
        if not re.match(r"^r\d\d-", d):
            continue
        for root, _, fs in os.walk(os.path.join(out, d)):
            for fn in fs:
                p = os.path.join(root, fn)
                rel = os.path.relpath(p, out).replace(os.sep, "/")
                files[rel] = open(p, encoding="utf-8").read().split("\n")
    seen = set()
    lab = {}
    for L in labels:
        ks = set(L)
        want = KEYS | ({"trap"} if L.get("label") == "negative" else set())
        if ks != want:
            err(f"bad keys {sorted(ks)} at {L.get('path')}:{L.get('line')}")
        if L.get("label") not in ("positive", "negative"):
            err(f"bad label {L}")
        for k in KEYS | ({"trap"} if L.get("label") == "negative" else set()):
            if k in L and not (isinstance(L[k], int) if k == "line" else (isinstance(L[k], str) and L[k])):
                err(f"empty/ill-typed {k} at {L.get('path')}:{L.get('line')}")
        key = (L["path"], L["line"])
        if key in seen:
            err(f"duplicate label {key}")
        seen.add(key)
        lab[key] = L
        if not re.match(r"^r\d\d-[^/]+/", L["path"]):
            err(f"path not starting with repo dir: {L['path']}")
        if L["path"] not in files:
            err(f"missing file {L['path']}")
        elif not 1 <= L["line"] <= len(files[L["path"]]):
            err(f"line out of range {key}")
    mkeys = {(m["path"], m["line"]) for m in metas}
    if mkeys != set(lab):
        err(f"meta/labels mismatch: {len(mkeys ^ set(lab))}")
    covered_pos = {}   # path -> set(lines) inside positive spans
    covered_any = {}
    pos_values, neg_values = {}, {}
    for m in metas:
        key = (m["path"], m["line"])
        L = lab.get(key)
        if not L or m["path"] not in files:
            continue
        line = files[m["path"]][m["line"] - 1]
        for n in m["needles"]:
            if n not in line:
                err(f"needle {n[:30]!r} not on {key}")
        a, b = m["span"]
        rng = set(range(a, b + 1))
        covered_any.setdefault(m["path"], set()).update(rng)
        if L["label"] == "positive":
            covered_pos.setdefault(m["path"], set()).update(rng)
            if not any(x["label"] == "positive" for x in m["values"]):
                err(f"positive label without positive value {key}")
        else:
            if any(x["label"] == "positive" for x in m["values"]):
                err(f"negative label with positive value {key}")
        for x in m["values"]:
            if not x.get("check"):
                continue
            tgt = pos_values if x["label"] == "positive" else neg_values
            parts = [x["value"]]
            if "\n" in x["value"]:
                parts = [p for p in x["value"].split("\n") if len(p) >= 16 and not p.startswith("-----")]
            for p in parts:
                for var in variants(p):
                    tgt.setdefault(var, set()).add(key)
    # offsets -> line numbers
    for path, lines in files.items():
        text = "\n".join(lines)
        starts = [0]
        for ln in lines:
            starts.append(starts[-1] + len(ln) + 1)
        import bisect

        def lineno(off):
            return bisect.bisect_right(starts, off)

        cp = covered_pos.get(path, set())
        ca = covered_any.get(path, set())
        for table, allowed, what in ((pos_values, cp, "positive secret"), (neg_values, ca, "look-alike")):
            for var, srcs in table.items():
                i = text.find(var)
                while i >= 0:
                    n = lineno(i)
                    if n not in allowed:
                        err(f"{what} {var[:24]!r}.. (from {sorted(srcs)[0]}) on unlabelled/negative line {path}:{n}")
                    i = text.find(var, i + 1)
    for e in errors[:200]:
        print("ERROR", e)
    pos = sum(1 for L in labels if L["label"] == "positive")
    print(f"labels={len(labels)} positive={pos} negative={len(labels) - pos} files={len(files)}")
    print(f"errors={len(errors)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
