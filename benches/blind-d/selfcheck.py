#!/usr/bin/env python3
"""Self-check for the blind-d corpus.  Usage: python3 selfcheck.py CORPUS_DIR

Checks: label schema; every labelled path/line exists; every needle of a label occurs on its line; no generated
secret (raw, JSON-escaped, URL-encoded, base64, concatenation fragments, PEM body lines) occurs on an unlabelled or
negative line (PEM/vault body lines inside the labelled value's own span are allowed); negative values only on
labelled lines; a heuristic scan of unlabelled lines for anything secret-looking.
"""
import base64, collections, json, math, os, re, sys, urllib.parse

KEYS_POS = {"path", "line", "label", "provider", "cred", "form", "lang"}
KEYS_NEG = KEYS_POS | {"trap"}

def entropy(s):
    c = collections.Counter(s); n = len(s)
    return -sum(v / n * math.log2(v / n) for v in c.values())

def variants(raw, extra):
    out = set()
    if raw:
        lines = raw.split("\n")
        if len(lines) > 1:
            out.add(json.dumps(raw)[1:-1]); out.add(raw.replace("\n", "\\n"))
            out.update(l.strip() for l in lines if len(l.strip()) >= 16 and not l.startswith("-----"))
        else:
            out.update({raw, json.dumps(raw)[1:-1], urllib.parse.quote(raw, safe=""), urllib.parse.quote(raw),
                        base64.b64encode(raw.encode()).decode().rstrip("=")})
    out.update(extra)
    return {v for v in out if len(v) >= 8}

SUSPECT = [re.compile(p) for p in (
    r"AKIA[A-Z2-7]{16}", r"gh[pousr]_[A-Za-z0-9]{30,}", r"github_pat_", r"sk-(proj|ant|svcacct|admin)-", r"xox[bpas]-",
    r"-----BEGIN [A-Z ]*PRIVATE KEY", r"hooks\.slack\.com/services/T", r"discord(app)?\.com/api/webhooks/\d",
    r"[a-z+]{3,12}://[^/\s:@'\"]+:[^/\s@'\"$<{]{6,}@", r"\b\d{8,10}:AA[A-Za-z0-9_-]{30,}", r"\bsk_live_", r"\bSG\.[\w-]{20,}\.",
    r"\bhf_[A-Za-z]{30,}", r"dckr_pat_", r"\bnpm_[A-Za-z0-9]{30,}", r"pypi-AgE", r"\bxprv[1-9A-HJ-NP-Za-km-z]{100,}",
    r"\b[5KL][1-9A-HJ-NP-Za-km-z]{50,51}\b")]
TOKEN = re.compile(r"[A-Za-z0-9+/_\-]{20,}")

def suspicious(line):
    for p in SUSPECT:
        if p.search(line): return p.pattern
    for t0 in TOKEN.findall(line):
      for t in (t0.split("/") if not re.search(r"[+=]", t0) else [t0]):
        t2 = t.strip("-_/+")
        if re.fullmatch(r"[0-9a-fA-F]{32,}", t2): return "hex:" + t2[:12]
        if len(t2) >= 20 and re.search(r"\d", t2) and re.search(r"[A-Za-z]", t2) and entropy(t2) >= 3.9 and not re.fullmatch(r"[a-z0-9_\-/]+", t2):
            return "entropy:" + t2[:16]
    return None

def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "/work/eval/blind-d"
    errors = []; err = errors.append
    labels = [json.loads(l) for l in open(os.path.join(root, "labels.jsonl"))]
    meta = {}
    for l in open(os.path.join(root, ".meta", "values.jsonl")):
        m = json.loads(l); meta[(m["path"], m["line"])] = m
    seen = set(); by_path = collections.defaultdict(dict)
    for i, L in enumerate(labels):
        keys = set(L)
        want = KEYS_NEG if L.get("label") == "negative" else KEYS_POS
        if keys != want: err("schema %d: keys %s" % (i, sorted(keys ^ want)))
        if L.get("label") not in ("positive", "negative"): err("schema %d: label" % i)
        for k in want - {"line"}:
            if not isinstance(L.get(k), str) or not L.get(k): err("schema %d: %s empty/not str" % (i, k))
        if not isinstance(L.get("line"), int) or L["line"] < 1: err("schema %d: line" % i)
        if not re.match(r"r\d\d-[^/]+/", L.get("path", "")): err("schema %d: path %s" % (i, L.get("path")))
        key = (L["path"], L["line"])
        if key in seen: err("duplicate %s:%d" % key)
        seen.add(key); by_path[L["path"]][L["line"]] = L
        if key not in meta: err("no meta for %s:%d" % key)
    files = {}
    for dp, dn, fn in os.walk(root):
        if "/.meta" in dp + "/" or dp.endswith(".meta"): continue
        for f in fn:
            p = os.path.join(dp, f); rel = os.path.relpath(p, root)
            if rel == "labels.jsonl": continue
            files[rel] = open(p, encoding="utf-8").read().split("\n")
    for (path, line), m in meta.items():
        if path not in files: err("missing file %s" % path); continue
        if line > len(files[path]): err("line out of range %s:%d" % (path, line)); continue
        text = files[path][line - 1]
        for nd in m["needles"]:
            if nd not in text: err("needle not on line %s:%d: %r" % (path, line, nd[:40]))
    # allowed lines
    pos_allowed = collections.defaultdict(set); any_allowed = collections.defaultdict(set); neg_lines = collections.defaultdict(set)
    pos_secrets = set(); neg_values = set()
    for (path, line), m in meta.items():
        L = by_path[path].get(line)
        if not L: continue
        rng = range(m["span"][0], m["span"][1] + 1)
        any_allowed[path].update(rng)
        if L["label"] == "positive": pos_allowed[path].update(rng)
        else: neg_lines[path].add(line)
        for v in m["values"]:
            if v["label"] == "positive": pos_secrets |= variants(v["raw"], v["secrets"])
            elif v["raw"]:
                first = v["raw"].split("\n")[0]
                # only secret-looking negatives (hashes, addresses, ids, blobs) must stay on labelled lines;
                # words such as variable names or placeholders may legitimately recur in prose/code
                if len(first) >= 16 and re.search(r"\d", first) and re.search(r"[A-Za-z]", first):
                    neg_values.add(first)
    neg_values -= pos_secrets
    nsus = 0
    for path, lines in sorted(files.items()):
        for i, text in enumerate(lines, 1):
            if i not in pos_allowed[path]:
                for s in pos_secrets:
                    if s in text:
                        err("secret on %s line %s:%d: %r" % ("negative" if i in neg_lines[path] else "unlabelled", path, i, s[:30]))
            if i not in any_allowed[path]:
                for s in neg_values:
                    if s in text: err("negative value on unlabelled line %s:%d: %r" % (path, i, s[:30]))
                why = suspicious(text)
                if why: err("suspicious unlabelled line %s:%d [%s]: %s" % (path, i, why, text.strip()[:90])); nsus += 1
    c = collections.Counter(l["label"] for l in labels)
    print("labels=%d positive=%d negative=%d files=%d repos=%d langs=%d forms=%d providers=%d" % (
        len(labels), c["positive"], c["negative"], len(files), len({p.split("/")[0] for p in files}),
        len({l["lang"] for l in labels}), len({l["form"] for l in labels}), len({l["provider"] for l in labels})))
    for e in errors[:300]: print("ERROR", e)
    print("errors=%d" % len(errors))
    sys.exit(1 if errors else 0)

if __name__ == "__main__":
    main()
