#!/usr/bin/env python3
"""selfcheck for the blind-g corpus: python3 selfcheck.py OUTDIR  -> prints errors=N"""
import base64
import json
import math
import os
import re
import sys
from collections import Counter, defaultdict
from urllib.parse import quote

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS_POS = ["path", "line", "label", "provider", "cred", "form", "lang"]
KEYS_NEG = KEYS_POS + ["trap"]

with open(os.path.join(HERE, "bip39_english.txt")) as fh:
    BIP39 = set(w.strip() for w in fh if w.strip())


def encodings(v):
    out = [v]
    q = quote(v, safe="")
    if q != v:
        out.append(q)
    if len(v) >= 8:
        out.append(base64.b64encode(v.encode()).decode().rstrip("="))
    j = json.dumps(v)[1:-1]
    if j != v:
        out.append(j)
    return out


def entropy(s):
    c = Counter(s)
    return -sum(n / len(s) * math.log2(n / len(s)) for n in c.values())


TOKEN = re.compile(r"[A-Za-z0-9+/_\-~]{20,}")
PATTERNS = [
    ("aws", re.compile(r"\b(AKIA|ASIA)[A-Z2-7]{16}\b")),
    ("pem", re.compile(r"-----BEGIN [A-Z ]*(PRIVATE KEY|ENCRYPTED|PUBLIC KEY)")),
    ("telegram", re.compile(r"\b\d{8,10}:A[A-Za-z0-9_-]{30,}")),
    ("webhook", re.compile(r"(hooks\.slack\.com/services/T|discord(app)?\.com/api/webhooks/\d)")),
    ("prefix", re.compile(r"\b(sk-(proj|ant)|sk_live_|rk_live_|ghp_|gho_|github_pat_|xox[bpa]-|npm_|SG\.|hf_|AC[0-9a-f]{32})")),
    ("userinfo", re.compile(r"[a-z+]+://[^/\s:@'\"]+:[^/\s@'\"]{6,}@")),
    ("hex32", re.compile(r"(?<![0-9a-fA-F])[0-9a-fA-F]{32,}(?![0-9a-fA-F])")),
    ("b58", re.compile(r"\b[1-9A-HJ-NP-Za-km-z]{40,}\b")),
    ("fernet", re.compile(r"gAAAAA[A-Za-z0-9_-]{20,}")),
]


def suspicious(line):
    hits = []
    for name, rx in PATTERNS:
        if rx.search(line):
            hits.append(name)
    for t in TOKEN.findall(line):
        core = t.strip("=:.-_~")
        if len(core) >= 20 and any(ch.isdigit() for ch in core) and any(ch.isalpha() for ch in core) \
                and entropy(core) >= 3.6 and not core.startswith(("http", "//")):
            # ignore slash paths and dotted module names / semver-y things
            if "/" in core and not re.search(r"[A-Za-z0-9]{20,}", core):
                continue
            hits.append("entropy:" + core[:12])
    words = re.findall(r"[a-z]+", line)
    run = best = 0
    for w in words:
        run = run + 1 if w in BIP39 else 0
        best = max(best, run)
    if best >= 12:
        hits.append("mnemonic")
    return hits


def main(out):
    errors = []
    lab_path = os.path.join(out, "labels.jsonl")
    labels = [json.loads(l) for l in open(lab_path)]
    by_file = defaultdict(dict)
    for r in labels:
        keys = KEYS_NEG if r.get("label") == "negative" else KEYS_POS
        if list(r.keys()) != keys and sorted(r.keys()) != sorted(keys):
            errors.append(f"schema keys {r}")
        if r["label"] not in ("positive", "negative"):
            errors.append(f"bad label {r}")
        if not isinstance(r["line"], int) or r["line"] < 1:
            errors.append(f"bad line {r}")
        for k in keys:
            if k != "line" and (not isinstance(r.get(k), str) or not r.get(k)):
                errors.append(f"empty field {k} in {r}")
        if not re.match(r"^r\d\d-[^/]+/", r["path"]):
            errors.append(f"bad path {r['path']}")
        if r["line"] in by_file[r["path"]]:
            errors.append(f"duplicate {r['path']}:{r['line']}")
        by_file[r["path"]][r["line"]] = r

    # read every corpus file
    texts = {}
    for d in sorted(os.listdir(out)):
        if not re.match(r"^r\d\d-", d):
            continue
        for root, _, files in os.walk(os.path.join(out, d)):
            for fn in files:
                full = os.path.join(root, fn)
                rel = os.path.relpath(full, out)
                with open(full, encoding="utf-8") as fh:
                    texts[rel] = fh.read().split("\n")
                if texts[rel] and texts[rel][-1] == "":
                    texts[rel].pop()
    for p, lines in by_file.items():
        if p not in texts:
            errors.append(f"labelled file missing {p}")
            continue
        for ln in lines:
            if ln > len(texts[p]):
                errors.append(f"labelled line beyond EOF {p}:{ln}")

    cont = defaultdict(set)
    cpath = os.path.join(out, ".meta", "continuation.jsonl")
    if os.path.exists(cpath):
        for l in open(cpath):
            r = json.loads(l)
            cont[r["path"]].update(r["lines"])

    # every value only on its labelled lines (raw + encodings)
    allowed = defaultdict(lambda: defaultdict(set))
    vals = [json.loads(l) for l in open(os.path.join(out, ".meta", "values.jsonl"))]
    for v in vals:
        allowed[v["value"]][v["path"]].update(v["allowed"])
        if v["line"] not in by_file.get(v["path"], {}):
            errors.append(f"value registered on unlabelled line {v['path']}:{v['line']}")
        elif by_file[v["path"]][v["line"]]["label"] == "negative" and v["label"] == "positive":
            errors.append(f"positive value on negative line {v['path']}:{v['line']}")
    for v in vals:
        if v["label"] == "positive":
            lab = by_file[v["path"]][v["line"]]
            if lab["label"] != "positive":
                errors.append(f"positive value on non-positive line {v}")
        # value must be present on its labelled line span
        span = " ".join(texts.get(v["path"], [""])[i - 1] for i in v["allowed"] if i <= len(texts.get(v["path"], [])))
        if not any(e in span for e in encodings(v["value"])):
            errors.append(f"value not found on its line {v['path']}:{v['line']} {v['value'][:16]}")
    checked = 0
    neg_values = set(v["value"] for v in vals if v["label"] == "negative")
    for value, paths in allowed.items():
        if len(value) < 8:
            continue
        encs = encodings(value)
        for p, lines in texts.items():
            blob = "\n".join(lines)
            if not any(e in blob for e in encs):
                continue
            for i, ln in enumerate(lines, 1):
                if any(e in ln for e in encs) and i not in paths.get(p, set()):
                    lab = by_file.get(p, {}).get(i)
                    if lab is not None and (lab["label"] == "positive" or value in neg_values):
                        continue  # another labelled line (e.g. an encoded copy) may carry it
                    errors.append(f"value {value[:16]}.. appears unlabelled at {p}:{i}")
                checked += 1

    # positive lines must not be negative-only; unlabelled lines must be clean
    swept = flagged = 0
    for p, lines in texts.items():
        for i, ln in enumerate(lines, 1):
            if i in by_file.get(p, {}) or i in cont.get(p, set()):
                continue
            swept += 1
            h = suspicious(ln)
            if h:
                flagged += 1
                errors.append(f"unlabelled suspicious {p}:{i} {h} :: {ln[:100]}")

    pos = sum(1 for r in labels if r["label"] == "positive")
    print(f"files={len(texts)} labels={len(labels)} positive={pos} negative={len(labels) - pos} "
          f"values={len(vals)} swept_lines={swept}")
    for e in errors[:60]:
        print("ERR", e)
    print(f"errors={len(errors)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
