#!/usr/bin/env python3
"""Score a scanner's findings against a blind corpus.

Usage: score.py LABELS FINDINGS.jsonl [--by KEY[,KEY...]] [--list-misses] [--list-fp]

LABELS is OUTDIR/labels.jsonl from gen.py. FINDINGS is JSON lines
{"tool": .., "path": .., "line": .., "rule": ..} with paths relative to OUTDIR (a leading
"./" or the OUTDIR prefix is tolerated). KEY is one of provider, cred, form, lang, trap, label,
repo; several keys separated by commas group by their combination. A label is "positive" or
"negative"; "secret" and "trap" are read as those.

A positive line counts as found when any finding is on that line. False positives are
findings on negative lines plus findings on unlabelled lines (both counts are printed; a
finding inside a labelled multi-line value, e.g. a PEM body line, is counted as unlabelled but
shown separately). Several findings on one line count once. Findings on files outside the
corpus repositories (labels.jsonl, .meta/) are ignored and counted.

Listings never print raw values: the first 4 characters of the labelled line's value and its
length are shown when OUTDIR/.meta/values.jsonl is next to LABELS.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import signal
import sys


def norm(path, outdir):
    p = path.replace("\\", "/")
    if p.startswith("./"):
        p = p[2:]
    od = os.path.abspath(outdir).replace("\\", "/").rstrip("/") + "/"
    if p.startswith(od):
        p = p[len(od):]
    return p


def prf(tp, fn, fp):
    r = tp / (tp + fn) if tp + fn else 0.0
    p = tp / (tp + fp) if tp + fp else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return r, p, f


def main(argv=None):
    ap = argparse.ArgumentParser(description="score findings against blind labels")
    ap.add_argument("labels")
    ap.add_argument("findings")
    ap.add_argument("--by", default=None)
    ap.add_argument("--list-misses", action="store_true")
    ap.add_argument("--list-fp", action="store_true")
    a = ap.parse_args(argv)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)

    outdir = os.path.dirname(os.path.abspath(a.labels))
    labels = [json.loads(x) for x in open(a.labels, encoding="utf-8") if x.strip()]
    # Generators name the two classes positive/negative or secret/trap.
    for lab in labels:
        lab["label"] = {"secret": "positive", "trap": "negative"}.get(lab["label"], lab["label"])
    repos = {lab["path"].split("/")[0] for lab in labels}
    by_line = {(lab["path"], lab["line"]): lab for lab in labels}
    spans = collections.defaultdict(list)
    for lab in labels:
        if lab.get("end_line", lab["line"]) > lab["line"]:
            spans[lab["path"]].append((lab["line"], lab["end_line"], lab))
    peek = {}
    meta_path = os.path.join(outdir, ".meta", "values.jsonl")
    if os.path.exists(meta_path):
        for x in open(meta_path, encoding="utf-8"):
            m = json.loads(x)
            # .meta/ is each generator's own debugging aid: use it only in the shape
            # this scorer knows (path, line, needle or value)
            if isinstance(m, dict) and "path" in m and "line" in m:
                peek.setdefault((m["path"], m["line"]), m.get("needle") or m.get("value") or "")

    hit_lines = {}
    ignored = 0
    tools = collections.Counter()
    for x in open(a.findings, encoding="utf-8"):
        if not x.strip():
            continue
        f = json.loads(x)
        tools[f.get("tool", "?")] += 1
        p = norm(f["path"], outdir)
        if p.split("/")[0] not in repos:
            ignored += 1
            continue
        hit_lines.setdefault((p, int(f["line"])), f.get("rule", ""))

    found = {k for k in by_line if k in hit_lines}
    fp_neg = [k for k in hit_lines if k in by_line and by_line[k]["label"] == "negative"]
    fp_unl = [k for k in hit_lines if k not in by_line]
    in_span = [k for k in fp_unl if any(s <= k[1] <= e for s, e, _ in spans.get(k[0], []))]
    pos = [lab for lab in labels if lab["label"] == "positive"]
    tp = sum(1 for lab in pos if (lab["path"], lab["line"]) in found)
    fn = len(pos) - tp
    fp = len(fp_neg) + len(fp_unl)
    r, p, f1 = prf(tp, fn, fp)
    print(f"tools: {dict(tools)}  findings on distinct lines: {len(hit_lines)}  ignored (outside repos): {ignored}")
    print(f"positives {len(pos)}  found {tp}  missed {fn}")
    print(f"false positives {fp} = {len(fp_neg)} on negative (trap) lines + {len(fp_unl)} on unlabelled lines"
          f" (of which {len(in_span)} inside a labelled multi-line value)")
    print(f"recall {r:.3f}  precision {p:.3f}  F1 {f1:.3f}")

    if a.by:
        keys = a.by.split(",")

        def gk(lab):
            return "/".join(str(lab.get(k) if k != "repo" else lab["path"].split("/")[0]) for k in keys)
        groups = collections.defaultdict(lambda: [0, 0, 0, 0])  # tp fn fp_neg negatives
        for lab in labels:
            g = groups[gk(lab)]
            hit = (lab["path"], lab["line"]) in hit_lines
            if lab["label"] == "positive":
                g[0 if hit else 1] += 1
            else:
                g[3] += 1
                g[2] += hit
        w = max(len(k) for k in groups) if groups else 10
        print(f"\n{'/'.join(keys):<{w}}  {'pos':>5} {'found':>5} {'recall':>6}  {'neg':>5} {'fp':>4} {'fp-rate':>7}")
        for k in sorted(groups, key=lambda k: (-(groups[k][0] + groups[k][1]), k)):
            t, m, fpn, neg = groups[k]
            rec = f"{t / (t + m):.3f}" if t + m else "-"
            rate = f"{fpn / neg:.3f}" if neg else "-"
            print(f"{k:<{w}}  {t + m:>5} {t:>5} {rec:>6}  {neg:>5} {fpn:>4} {rate:>7}")
        if "trap" not in keys and "label" not in keys:
            print(f"{'(unlabelled lines)':<{w}}  {'':>5} {'':>5} {'':>6}  {'':>5} {len(fp_unl):>4}")

    def show(k):
        v = peek.get(k, "")
        return f"{v[:4]}… len {len(v)}" if v else "-"
    if a.list_misses:
        print("\nmisses:")
        for lab in pos:
            k = (lab["path"], lab["line"])
            if k not in found:
                print(f"  {lab['path']}:{lab['line']}  {lab['form']}  {lab['provider']}/{lab['cred']}  {lab['lang']}  [{show(k)}]")
    if a.list_fp:
        print("\nfalse positives:")
        for k in sorted(fp_neg):
            lab = by_line[k]
            print(f"  {k[0]}:{k[1]}  trap={lab.get('trap', '-')}  {lab['form']}  {lab['provider']}  rule={hit_lines[k]}  [{show(k)}]")
        for k in sorted(fp_unl):
            inside = next((s for s in spans.get(k[0], []) if s[0] <= k[1] <= s[1]), None)
            where = f"inside {inside[2]['form']} value from line {inside[0]}" if inside else "unlabelled"
            print(f"  {k[0]}:{k[1]}  {where}  rule={hit_lines[k]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
