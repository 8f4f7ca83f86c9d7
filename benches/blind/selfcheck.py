#!/usr/bin/env python3
"""Self-check for a corpus written by gen.py.

Usage: selfcheck.py OUTDIR [--summary] [--table]

Checks, and exits non-zero on any failure:
  * labels.jsonl is well formed: required keys, known label values, negatives carry a trap,
    one label per (path, line), the file and line exist;
  * every labelled value's text (its "needle": the value, its first piece, or its encoded form)
    is on the labelled line; encoded needles decode back to the value;
  * positive values pass their format check (checksums: GitHub/npm CRC32, WIF/xprv Base58Check,
    BIP39, Solana keypair consistency, NKEY CRC16, age bech32, PEM DER structure, ...);
  * no positive value appears on an unlabelled line (outside a labelled multi-line span);
  * no positive value appears in two repositories (unless marked shared);
  * generated files parse: JSON/ipynb/HAR/Postman (json), TOML (tomllib), INI (configparser),
    CSV/TSV (csv, constant column count), XML (ElementTree), YAML (no tab indentation;
    Kubernetes Secret data values are base64).
"""

from __future__ import annotations

import base64
import bisect
import collections
import configparser
import csv
import io
import json
import os
import re
import sys
import tomllib
import urllib.parse
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from blindgen.values import CHECKS  # noqa: E402

REQUIRED = ("path", "line", "label", "provider", "cred", "form", "lang")


class Report:
    def __init__(self):
        self.errors = collections.Counter()
        self.samples = collections.defaultdict(list)

    def err(self, kind, msg):
        self.errors[kind] += 1
        if len(self.samples[kind]) < 5:
            self.samples[kind].append(msg)


def redact(v):
    return f"{v[:4]}…(len {len(v)})"


def load(outdir):
    labels = [json.loads(x) for x in open(os.path.join(outdir, "labels.jsonl"), encoding="utf-8")]
    meta = [json.loads(x) for x in open(os.path.join(outdir, ".meta", "values.jsonl"), encoding="utf-8")]
    files = {}
    repos = sorted({lab["path"].split("/")[0] for lab in labels})
    for repo in repos:
        for root, _, names in os.walk(os.path.join(outdir, repo)):
            for n in names:
                p = os.path.join(root, n)
                rel = os.path.relpath(p, outdir).replace(os.sep, "/")
                with open(p, encoding="utf-8") as fh:
                    files[rel] = fh.read()
    return labels, meta, files


def check_labels(labels, files, rep):
    seen = set()
    for lab in labels:
        for k in REQUIRED:
            if k not in lab:
                rep.err("label-missing-key", f"{lab.get('path')}:{lab.get('line')} lacks {k}")
        if lab.get("label") not in ("positive", "negative"):
            rep.err("label-value", str(lab))
        if lab.get("label") == "negative" and not lab.get("trap"):
            rep.err("negative-without-trap", f"{lab['path']}:{lab['line']}")
        key = (lab["path"], lab["line"])
        if key in seen:
            rep.err("duplicate-line-label", f"{lab['path']}:{lab['line']}")
        seen.add(key)
        text = files.get(lab["path"])
        if text is None:
            rep.err("label-file-missing", lab["path"])
        elif not 1 <= lab["line"] <= len(text.split("\n")):
            rep.err("label-line-out-of-range", f"{lab['path']}:{lab['line']}")


def check_values(meta, labels, files, rep):
    forms = {(lab["path"], lab["line"]): lab["form"] for lab in labels}
    for m in meta:
        text = files.get(m["path"])
        if text is None:
            continue
        line = text.split("\n")[m["line"] - 1]
        needle = m["needle"]
        if needle and needle not in line:
            rep.err("needle-not-on-line", f"{m['path']}:{m['line']} {forms.get((m['path'], m['line']))} needle {redact(needle)}")
        if m["label"] != "positive":
            continue
        v = m["value"]
        chk = m.get("check")
        if chk:
            try:
                ok = CHECKS[chk](v)
            except Exception:  # noqa: BLE001 - a crash is a failed check
                ok = False
            if not ok:
                rep.err("format-check-failed", f"{m['path']}:{m['line']} {chk} {redact(v)}")
        form = forms.get((m["path"], m["line"]), "")
        if needle and needle != v and not v.startswith(needle) and "\n" not in v:
            # encoded or escaped needle: it must decode back to something containing the value
            if not decodes_to(needle, v):
                rep.err("encoding-mismatch", f"{m['path']}:{m['line']} {form} {redact(needle)}")


def decodes_to(needle, v):
    cands = [needle, urllib.parse.unquote(needle)]
    try:
        d = base64.b64decode(needle + "=" * (-len(needle) % 4)).decode("utf-8", "replace")
        cands.append(d)
        for m in re.finditer(r'"auth":\s*"([A-Za-z0-9+/=]+)"', d):
            cands.append(base64.b64decode(m.group(1)).decode("utf-8", "replace"))
    except ValueError:
        pass
    try:
        cands.append(json.loads(f'"{needle}"'))
    except ValueError:
        pass
    return any(v in c for c in cands)


def check_leaks(meta, labels, files, rep):
    """Positive values must not appear on unlabelled lines, nor in two repositories."""
    spans = collections.defaultdict(list)
    for lab in labels:
        spans[lab["path"]].append((lab["line"], lab.get("end_line", lab["line"])))
    paths = sorted(files)
    starts, chunks, pos = [], [], 0
    for p in paths:
        starts.append(pos)
        chunks.append(files[p] + "\0")
        pos += len(files[p]) + 1
    big = "".join(chunks)
    line_starts = {}
    seen_repo = collections.defaultdict(set)
    for m in meta:
        if m["label"] != "positive":
            continue
        v = m["value"]
        if "\n" in v or len(v) < 8:
            continue
        i = big.find(v)
        while i != -1:
            fi = bisect.bisect_right(starts, i) - 1
            p = paths[fi]
            off = i - starts[fi]
            if p not in line_starts:
                ls = [0]
                for k, ch in enumerate(files[p]):
                    if ch == "\n":
                        ls.append(k + 1)
                line_starts[p] = ls
            ln = bisect.bisect_right(line_starts[p], off)
            if not any(a <= ln <= b for a, b in spans[p]):
                rep.err("value-on-unlabelled-line", f"{p}:{ln} ({m['provider']}) {redact(v)}")
            seen_repo[v].add(p.split("/")[0])
            i = big.find(v, i + 1)
        if len(seen_repo[v]) > 1 and not m.get("shared"):
            rep.err("value-in-two-repos", f"{m['provider']} {redact(v)} in {sorted(seen_repo[v])[:3]}")


def check_parse(files, rep):
    counts = collections.Counter()
    for p, text in files.items():
        name = p.rsplit("/", 1)[-1]
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        try:
            if ext in ("json", "ipynb", "har") or name.startswith("UTC--"):
                doc = json.loads(text)
                counts["json"] += 1
                if ext == "ipynb":
                    assert doc["nbformat"] == 4 and all("source" in c and "cell_type" in c for c in doc["cells"])
                    counts["ipynb"] += 1
                if ext == "har":
                    assert isinstance(doc["log"]["entries"], list)
                    counts["har"] += 1
                if "postman_collection" in name:
                    assert "schema" in doc["info"]
                    counts["postman"] += 1
            elif ext == "toml":
                tomllib.loads(text)
                counts["toml"] += 1
            elif ext in ("ini", "cfg") or name in (".pypirc", "credentials"):
                cp = configparser.ConfigParser(interpolation=None)
                cp.read_string(text)
                counts["ini"] += 1
            elif ext in ("csv", "tsv"):
                rows = list(csv.reader(io.StringIO(text), delimiter="\t" if ext == "tsv" else sniff(text)))
                widths = {len(r) for r in rows if r}
                assert len(widths) == 1, f"ragged rows {widths}"
                counts[ext] += 1
            elif ext in ("xml", "config") and text.lstrip().startswith("<"):
                ET.fromstring(text)
                counts["xml"] += 1
            elif ext in ("yaml", "yml"):
                check_yaml(text)
                counts["yaml"] += 1
        except Exception as exc:  # noqa: BLE001 - report any parse failure
            rep.err("parse-failed", f"{p}: {type(exc).__name__}: {str(exc)[:120]}")
    return counts


def sniff(text):
    head = text.split("\n", 1)[0]
    return ";" if head.count(";") > head.count(",") else ","


def check_yaml(text):
    in_secret = False
    for i, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            raise ValueError(f"tab indentation on line {i}")
        if line.startswith("kind: Secret"):
            in_secret = True
        if line == "---":
            in_secret = False
        if in_secret and line.startswith("data:"):
            in_secret = "data"
            continue
        if in_secret == "data":
            if not line.startswith("  "):
                in_secret = True
                continue
            val = line.split(":", 1)[1].strip()
            base64.b64decode(val, validate=True)


def summary(labels):
    out = []
    for key in ("label", "lang", "form", "provider", "trap"):
        c = collections.Counter(lab.get(key) for lab in labels if lab.get(key))
        out.append(f"{key} ({len(c)}): " + ", ".join(f"{k}={n}" for k, n in c.most_common()))
    return "\n".join(out)


def table(labels):
    """Markdown table: language/format x binding forms (positives) and trap kinds (negatives)."""
    by = collections.defaultdict(lambda: [collections.Counter(), collections.Counter(), 0, 0])
    for lab in labels:
        row = by[lab["lang"]]
        if lab["label"] == "positive":
            row[0][lab["form"]] += 1
            row[2] += 1
        else:
            row[1][lab["trap"]] += 1
            row[3] += 1
    out = ["| lang/format | pos | neg | binding forms (positives) | trap kinds (negatives) |", "|---|---|---|---|---|"]
    for lang in sorted(by, key=lambda k: -(by[k][2] + by[k][3])):
        f, t, p, n = by[lang]
        out.append(f"| {lang} | {p} | {n} | {', '.join(sorted(f))} | {', '.join(sorted(t))} |")
    return "\n".join(out)


def main(argv=None):
    argv = argv if argv is not None else sys.argv[1:]
    if not argv:
        sys.exit(__doc__)
    outdir = argv[0]
    rep = Report()
    labels, meta, files = load(outdir)
    check_labels(labels, files, rep)
    check_values(meta, labels, files, rep)
    check_leaks(meta, labels, files, rep)
    counts = check_parse(files, rep)
    for p, text in files.items():
        if re.search(r"@@L\d+@@", p + text):
            rep.err("sentinel-residue", p)
    npos = sum(lab["label"] == "positive" for lab in labels)
    print(f"{len(files)} files, {len(labels)} labels ({npos} positive, {len(labels) - npos} negative), "
          f"{sum(1 for m in meta if m['check'] and m['label'] == 'positive')} format checks")
    print("parsed: " + ", ".join(f"{k}={n}" for k, n in sorted(counts.items())))
    if "--summary" in argv:
        print(summary(labels))
    if "--table" in argv:
        print(table(labels))
    if rep.errors:
        for kind, n in rep.errors.most_common():
            print(f"FAIL {kind}: {n}")
            for s in rep.samples[kind]:
                print(f"    {s}")
        sys.exit(1)
    print("selfcheck OK")


if __name__ == "__main__":
    main()
