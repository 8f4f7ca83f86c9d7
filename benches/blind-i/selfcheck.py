#!/usr/bin/env python3
"""Selfcheck for a blind-i corpus: python3 selfcheck.py OUTDIR"""
import hashlib, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from core import WORDS, B58, ed25519_pub  # noqa: E402


def b58dec(s):
    n = 0
    for c in s:
        n = n * 58 + B58.index(c)
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return b"\0" * (len(s) - len(s.lstrip("1"))) + raw


def dsha(b):
    return hashlib.sha256(hashlib.sha256(b).digest()).digest()


def bip39_ok(m):
    w = m.split()
    if len(w) not in (12, 15, 18, 21, 24) or any(x not in WORDS for x in w):
        return False
    bits = "".join(bin(WORDS.index(x))[2:].zfill(11) for x in w)
    cs = len(w) * 11 // 33
    ent = int(bits[:-cs], 2).to_bytes(len(bits[:-cs]) // 8, "big")
    return bin(hashlib.sha256(ent).digest()[0])[2:].zfill(8)[:cs] == bits[-cs:]


def main():
    out = sys.argv[1]
    errors = []
    labels = [json.loads(l) for l in open(os.path.join(out, "labels.jsonl"))]
    vals = [json.loads(l) for l in open(os.path.join(out, ".meta", "values.jsonl"))]
    if len(labels) != len(vals):
        errors.append("labels/values length mismatch")
    texts = {}
    for root, _, files in os.walk(out):
        if "/.meta" in root or root.endswith(".meta"):
            continue
        for fn in files:
            p = os.path.join(root, fn)
            rel = os.path.relpath(p, out)
            if rel == "labels.jsonl":
                continue
            texts[rel] = open(p, encoding="utf-8").read()
    req = {"path", "line", "label", "provider", "cred", "form", "lang"}
    seen_vals = Counter(v["value"] for v in vals)
    for v, v2 in ((k, c) for k, c in seen_vals.items() if c > 1):
        errors.append(f"duplicate value {v!r} x{v2}")
    keyset = Counter((l["path"], l["line"], l["cred"], l["label"]) for l in labels)
    for k, c in keyset.items():
        if c > 1 and k[3] == "secret":
            errors.append(f"two secrets with same cred on one line {k}")
    for lab, v in zip(labels, vals):
        if set(lab) != req:
            errors.append(f"bad keys {lab}")
        if lab["label"] not in ("secret", "trap"):
            errors.append(f"bad label {lab}")
        if {k: v[k] for k in req} != lab:
            errors.append(f"labels/values disagree {lab}")
        t = texts.get(lab["path"])
        if t is None:
            errors.append(f"missing file {lab['path']}")
            continue
        lines = t.split("\n")
        n = lab["line"]
        if not 1 <= n <= len(lines):
            errors.append(f"line out of range {lab}")
            continue
        shown = v["shown"]
        rest = "\n".join(lines[n - 1:])
        first = shown.split("\n")[0]
        if first not in lines[n - 1] or shown not in rest:
            errors.append(f"value not at labelled line {lab['path']}:{n} {shown[:40]!r}")
        if v["value"] != shown and v["value"] not in shown:
            # encoded / partial forms: check the decoding relation loosely
            pass
        occ = sum(tx.count(shown) for tx in texts.values())
        if occ != 1:
            errors.append(f"shown value occurs {occ}x: {shown[:50]!r}")
        # format validations for checksummed secrets
        val = v["value"]
        if lab["label"] == "secret" and lab["cred"] == "mnemonic" and not bip39_ok(val):
            errors.append(f"bad bip39 checksum {lab}")
        if lab["label"] == "secret" and lab["cred"] in ("xprv",) or (lab["provider"] == "bitcoin" and lab["cred"] == "private_key"):
            raw = b58dec(val)
            if dsha(raw[:-4])[:4] != raw[-4:]:
                errors.append(f"bad base58check {lab}")
        if lab["label"] == "secret" and lab["provider"] == "solana":
            kp = bytes(json.loads(val)) if val.startswith("[") else b58dec(val)
            if len(kp) != 64 or ed25519_pub(kp[:32]) != kp[32:]:
                errors.append(f"bad solana keypair {lab}")
    ns = sum(l["label"] == "secret" for l in labels)
    print(f"labels={len(labels)} secrets={ns} traps={len(labels) - ns} files={len(texts)}")
    for e in errors[:50]:
        print("ERROR", e)
    print(f"errors={len(errors)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
