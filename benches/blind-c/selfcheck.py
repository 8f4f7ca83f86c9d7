#!/usr/bin/env python3
"""Verify a corpus written by gen.py.

    python3 selfcheck.py OUTDIR

Checks
  1. labels.jsonl schema: required keys, label in {positive, negative}, `trap` iff negative,
     path exists, 1 <= line <= number of lines, one label per (path, line).
  2. every label's line holds the labelled value (or its encoded form): all needles recorded
     in OUTDIR/.meta/lines.jsonl must occur in that line.
  3. no generated secret value (OUTDIR/.meta/secrets.json: raw values and their encoded forms)
     occurs on an unlabelled line, or on a line labelled negative.  Lines inside a labelled
     multi-line value (PEM body) belong to that label.
Prints a summary by label / lang / form / trap / provider.  Exit status 1 on any error.
"""
import collections, json, os, re, sys

KEYS = ["path", "line", "label", "provider", "cred", "form", "lang"]


def main(out):
    errs = []
    labels = [json.loads(x) for x in open(os.path.join(out, "labels.jsonl")) if x.strip()]
    meta = {(m["path"], m["line"]): m for m in map(json.loads, open(os.path.join(out, ".meta", "lines.jsonl")))}
    secrets = json.load(open(os.path.join(out, ".meta", "secrets.json")))["secrets"]
    files = {}
    for root, dirs, fs in os.walk(out):
        dirs[:] = [d for d in dirs if not (root == out and d == ".meta")]
        for fn in fs:
            p = os.path.join(root, fn)
            rel = os.path.relpath(p, out)
            if rel == "labels.jsonl":
                continue
            files[rel] = open(p, encoding="utf-8").read().split("\n")
    # 1. schema
    seen = set()
    bylab = {}
    for i, l in enumerate(labels, 1):
        for k in KEYS:
            if k not in l:
                errs.append(f"labels.jsonl:{i}: missing {k}")
        extra = set(l) - set(KEYS) - {"trap"}
        if extra:
            errs.append(f"labels.jsonl:{i}: unexpected keys {sorted(extra)}")
        if l.get("label") not in ("positive", "negative"):
            errs.append(f"labels.jsonl:{i}: bad label {l.get('label')}")
        if (l.get("label") == "negative") != ("trap" in l):
            errs.append(f"labels.jsonl:{i}: trap must be present iff negative")
        key = (l.get("path"), l.get("line"))
        if key in seen:
            errs.append(f"labels.jsonl:{i}: duplicate label for {key}")
        seen.add(key)
        if l.get("path") not in files:
            errs.append(f"labels.jsonl:{i}: no such file {l.get('path')}")
            continue
        if not isinstance(l.get("line"), int) or not 1 <= l["line"] <= len(files[l["path"]]):
            errs.append(f"labels.jsonl:{i}: line out of range")
            continue
        bylab[key] = l
    # 2. needles
    covered = {}
    for key, l in bylab.items():
        m = meta.get(key)
        if not m:
            errs.append(f"{key}: no meta record")
            continue
        text = files[key[0]][key[1] - 1]
        if not m["needles"]:
            errs.append(f"{key}: label without needle")
        for n in m["needles"]:
            if n not in text:
                errs.append(f"{key[0]}:{key[1]}: labelled value not on line: {n[:24]}…")
        for ln in range(key[1], key[1] + m["span"]):
            covered[(key[0], ln)] = l
    if set(meta) != set(bylab):
        errs.append(f"meta/labels mismatch: {len(set(meta) ^ set(bylab))} records")
    # 3. secrets on unlabelled / negative lines
    pat = re.compile("|".join(re.escape(s) for s in sorted(secrets, key=len, reverse=True))) if secrets else None
    leaks = 0
    for rel, lines in files.items():
        for i, text in enumerate(lines, 1):
            if pat is None:
                break
            m = pat.search(text)
            if not m:
                continue
            l = covered.get((rel, i))
            if l is None or l["label"] != "positive":
                leaks += 1
                errs.append(f"{rel}:{i}: generated secret on {'unlabelled' if l is None else 'negative'} line: {m.group(0)[:12]}…")
    # summary
    repos = {p.split("/")[0] for p in files}
    pos = [l for l in labels if l["label"] == "positive"]
    neg = [l for l in labels if l["label"] == "negative"]
    print(f"repos {len(repos)}  files {len(files)}  lines {sum(len(v) for v in files.values())}")
    print(f"labels {len(labels)}  positive {len(pos)}  negative {len(neg)}  secrets-tracked {len(secrets)}")

    def show(title, c):
        print(f"\n{title} ({len(c)}):")
        print("  " + ", ".join(f"{k} {v}" for k, v in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))))

    cl = collections.Counter(l["lang"] for l in labels)
    print(f"\nby lang, positive/negative ({len(cl)}):")
    print("  " + ", ".join(f"{k} {sum(1 for l in pos if l['lang'] == k)}/{sum(1 for l in neg if l['lang'] == k)}"
                           for k, _ in sorted(cl.items(), key=lambda kv: (-kv[1], kv[0]))))
    print(f"\nlabelled files by lang: " + ", ".join(f"{k} {n}" for k, n in collections.Counter(
        l["lang"] for l in {(l["path"], l["lang"]) for l in labels} for l in [dict(path=l[0], lang=l[1])]).most_common()))
    show("by form", collections.Counter(l["form"] for l in labels))
    show("positive providers", collections.Counter(l["provider"] for l in pos))
    show("positive creds", collections.Counter(l["cred"] for l in pos))
    show("negative traps", collections.Counter(l["trap"] for l in neg))
    print()
    for e in errs[:50]:
        print("ERROR", e)
    print(f"selfcheck: {'OK' if not errs else 'FAILED'} ({len(errs)} errors)")
    return 1 if errs else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
