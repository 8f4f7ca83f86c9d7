#!/usr/bin/env python3
"""Self-check a generated corpus: python3 selfcheck.py OUTDIR  -> prints errors=N"""
import base64
import json
import os
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cryptoutil as cu  # noqa: E402


def check_value(m):
    chk, val = m["check"], m["value"]
    if chk == "wif":
        raw = cu.b58decode(val)
        return cu.b58check_valid(val) and raw[0] in (0x80, 0xEF) and len(raw) in (37, 38)
    if chk in ("xprv", "xpub"):
        raw = cu.b58decode(val)
        return cu.b58check_valid(val) and len(raw) == 82 and val[:4] == chk
    if chk == "bip39":
        return cu.bip39_valid(val)
    if chk in ("solana_json", "solana_b58"):
        b = bytes(val) if chk == "solana_json" else cu.b58decode(val)
        return len(b) == 64 and cu.ed25519_pub(b[:32]) == b[32:]
    if chk == "pem":
        lines = val.split("\n")
        body = "".join(lines[1:-1])
        base64.b64decode(body, validate=True)
        return lines[0].startswith("-----BEGIN ") and lines[-1].startswith("-----END ")
    return True


def main():
    out = sys.argv[1]
    errs = []
    metas = [json.loads(l) for l in open(os.path.join(out, ".meta", "values.jsonl"))]
    labels = [json.loads(l) for l in open(os.path.join(out, "labels.jsonl"))]
    if len(metas) != len(labels):
        errs.append("labels/meta count mismatch")
    vals = Counter(json.dumps(m["value"]) for m in metas)
    for v, n in vals.items():
        if n > 1:
            errs.append("duplicate value %s" % v[:60])
    cache = {}
    for lab, m in zip(labels, metas):
        for k in ("path", "line", "label", "provider", "cred", "form", "lang"):
            if lab.get(k) != m.get(k):
                errs.append("label/meta mismatch %s %s" % (lab["path"], k))
        if lab["label"] not in ("positive", "negative") or (lab["label"] == "negative") != ("trap" in lab):
            errs.append("bad label/trap %s:%d" % (lab["path"], lab["line"]))
        if lab["path"] not in cache:
            cache[lab["path"]] = open(os.path.join(out, lab["path"]), encoding="utf-8").read().split("\n")
        lines = cache[lab["path"]]
        ln = lines[lab["line"] - 1]
        if m["check"] == "pem":
            if "-----BEGIN" not in ln:
                errs.append("PEM label not on BEGIN line %s:%d" % (lab["path"], lab["line"]))
            if not any(m["needle"] in x for x in lines[lab["line"] - 1:lab["line"] + 2]):
                errs.append("PEM body not after BEGIN %s:%d" % (lab["path"], lab["line"]))
        else:
            if m["needle"] not in ln:
                errs.append("needle missing %s:%d" % (lab["path"], lab["line"]))
            if isinstance(m["value"], str) and m["needle"] != m["value"]:
                if base64.b64decode(m["needle"]).decode() != m["value"]:
                    errs.append("encoded form mismatch %s:%d" % (lab["path"], lab["line"]))
        try:
            if not check_value(m):
                errs.append("checksum/structure invalid %s:%d (%s)" % (lab["path"], lab["line"], m["check"]))
        except Exception as e:  # noqa: BLE001
            errs.append("check error %s:%d %s" % (lab["path"], lab["line"], e))
        if lab["label"] == "positive" and m["provider"] == "github" and m["cred"] == "token" and not cu.gh_token_valid(m["value"]):
            errs.append("github checksum invalid %s:%d" % (lab["path"], lab["line"]))
    pl = Counter((l["path"], l["line"]) for l in labels)
    for k, n in pl.items():
        if n > 1:
            vs = [json.dumps(m["value"]) for m in metas if (m["path"], m["line"]) == k]
            if len(set(vs)) != n:
                errs.append("duplicate label on %s:%d" % k)
    for e in errs:
        print(e)
    print("labels=%d errors=%d" % (len(labels), len(errs)))
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
