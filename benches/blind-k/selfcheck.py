#!/usr/bin/env python3
"""Verify labels.jsonl against the generated files: every label line exists and every needle
occurs on exactly one line of its file, namely the labelled one. Prints labels=N errors=M."""
import sys, os, json

REQ = ["path", "line", "label", "provider", "cred", "form", "lang"]

def main():
    out = sys.argv[1]
    labs = [json.loads(l) for l in open(os.path.join(out, "labels.jsonl"), encoding="utf-8")]
    meta = [json.loads(l) for l in open(os.path.join(out, ".meta", "values.jsonl"), encoding="utf-8")]
    errs = []
    if len(labs) != len(meta):
        errs.append(f"labels ({len(labs)}) and values ({len(meta)}) differ in length")
    cache = {}
    seen = set()
    for i, (l, m) in enumerate(zip(labs, meta)):
        for k in REQ:
            if k not in l:
                errs.append(f"#{i} missing field {k}")
        if l["label"] not in ("positive", "negative"):
            errs.append(f"#{i} bad label {l['label']}")
        if (l["label"] == "negative") != ("trap" in l):
            errs.append(f"#{i} trap field must be present exactly on negatives")
        if (l["path"], l["line"]) != (m["path"], m["line"]):
            errs.append(f"#{i} labels/values mismatch")
        fp = os.path.join(out, l["path"])
        if fp not in cache:
            if not os.path.isfile(fp):
                errs.append(f"#{i} missing file {l['path']}"); continue
            cache[fp] = open(fp, encoding="utf-8").read().split("\n")
        lines = cache[fp]
        if not (1 <= l["line"] <= len(lines)):
            errs.append(f"#{i} line {l['line']} out of range in {l['path']}"); continue
        hits = [j + 1 for j, s in enumerate(lines) if m["needle"] in s]
        if hits != [l["line"]]:
            errs.append(f"#{i} needle {m['needle'][:40]!r} found on lines {hits[:5]}, label says {l['line']} ({l['path']})")
        key = (l["path"], l["line"], m["needle"])
        if key in seen:
            errs.append(f"#{i} duplicate label {key}")
        seen.add(key)
    for e in errs[:50]:
        print(e)
    print(f"labels={len(labs)} errors={len(errs)}")
    sys.exit(1 if errs else 0)

if __name__ == "__main__":
    main()
