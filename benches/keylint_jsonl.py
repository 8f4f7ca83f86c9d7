#!/usr/bin/env python3
"""Convert a keylint JSON report into the peers' normalised JSON lines.

Usage:
  keylint scan --format json --exit-zero --output report.json DIR
  python3 benches/keylint_jsonl.py [--root DIR] [--failing-only] [--details] report.json > out.jsonl
  (REPORT may be `-` for standard input.)

Writes one object per finding, `{"tool": "keylint", "path": .., "line": .., "rule": ..}`, the
format of shared/peers/run_peer.sh, so that shared/creddata/score.py and benches/noise.sh can
put keylint and the peers side by side:
  * path: relative to DIR (`--root`, the directory as it was given to `keylint scan`); a path
    that is not under DIR is kept as keylint wrote it, minus a leading `./`. A path that is not
    UTF-8 (`path_bytes` in the report) is decoded with replacement characters.
  * line: keylint's 1-based `line`; rule: its `rule_id`.
  * Exact duplicates are dropped and the output is sorted, as the peers' normaliser does.
--failing-only keeps only findings that would fail a build. A finding carrying a boolean
`failing` field is kept when it is true; a finding without the field counts as failing
(today every reported finding makes `keylint scan` exit 1). Suppressed findings
(`--list-suppressed`) live in the report's `suppressed` list and are never converted.
--key-sets also writes, for each finding, the other members of its key set (the related
locations whose message says "of the same key set": the API key beside a reported secret),
each as a finding of the same rule on its own line: keylint reports a key set as one finding
with its members as labelled locations, where line-based scorers expect one finding per line.
The benches use it for recall and for noise alike, so both count the same lines.
--details adds "severity", "confidence", "detector" and "preview" (keylint's redacted
preview, cut again here to at most 4 characters plus the length, so no raw value can leak
into the output even from a report written with --show-secrets).
Standard library only; reads nothing but the report.
"""
import argparse
import base64
import json
import os
import sys


def redact(secret):
    """At most the first 4 characters of keylint's preview, plus the secret's length."""
    if not isinstance(secret, dict):
        return ""
    length = secret.get("length")
    head = str(secret.get("preview", "")).split("\u2026", 1)[0][:4]
    return "%s\u2026(%s)" % (head, length if length is not None else "?")


def rel_path(path, root):
    p = path.replace("\\", "/")
    if root:
        r = os.path.normpath(root).replace("\\", "/")
        if r == ".":
            pass
        elif p == r:
            p = os.path.basename(p)
        elif p.startswith(r.rstrip("/") + "/"):
            p = p[len(r.rstrip("/")) + 1:]
        elif os.path.isabs(p) != os.path.isabs(r):
            # one absolute, one relative: compare them as absolute paths
            ap, ar = os.path.abspath(p), os.path.abspath(r)
            if ap.startswith(ar.rstrip("/") + "/"):
                p = ap[len(ar.rstrip("/")) + 1:]
    while p.startswith("./"):
        p = p[2:]
    return p


def path_of(finding):
    raw = finding.get("path_bytes")
    if raw:
        try:
            return base64.b64decode(raw).decode("utf-8", "replace")
        except (ValueError, TypeError):
            pass
    return str(finding.get("path", ""))


def is_failing(finding):
    flag = finding.get("failing")
    return True if flag is None else bool(flag)


KEY_SET_MARK = "of the same key set"


def key_set_members(finding):
    """The related locations of a finding that are other members of its key set."""
    for r in finding.get("related") or []:
        if isinstance(r, dict) and KEY_SET_MARK in str(r.get("message", "")):
            yield r


def convert(report, root=None, failing_only=False, details=False, key_sets=False):
    findings = report.get("findings") if isinstance(report, dict) else None
    if not isinstance(findings, list):
        raise ValueError("not a keylint report: no 'findings' list")
    out = set()
    for f in findings:
        if failing_only and not is_failing(f):
            continue
        rec = {"tool": "keylint", "path": rel_path(path_of(f), root),
               "line": int(f.get("line", 0)), "rule": str(f.get("rule_id", "?"))}
        if details:
            rec["severity"] = f.get("severity")
            rec["confidence"] = f.get("confidence")
            rec["detector"] = f.get("detector")
            rec["preview"] = redact(f.get("secret"))
        out.add((rec["path"], rec["line"], json.dumps(rec, ensure_ascii=False)))
        if not key_sets:
            continue
        for r in key_set_members(f):
            member = dict(rec, path=rel_path(str(r.get("path", "")), root), line=int(r.get("line", 0)))
            if details:
                member["preview"] = ""
            out.add((member["path"], member["line"], json.dumps(member, ensure_ascii=False)))
    return [text for _, _, text in sorted(out)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("report", help="keylint JSON report, or - for standard input")
    ap.add_argument("--root", help="the directory given to `keylint scan`; paths are made relative to it")
    ap.add_argument("--failing-only", action="store_true", help="keep only findings that fail a build")
    ap.add_argument("--details", action="store_true", help="add severity, confidence, detector, redacted preview")
    ap.add_argument("--key-sets", action="store_true", help="also write the other members of each finding's key set")
    args = ap.parse_args()
    try:
        if args.report == "-":
            report = json.load(sys.stdin)
        else:
            with open(args.report, encoding="utf-8") as fh:
                report = json.load(fh)
        lines = convert(report, args.root, args.failing_only, args.details, args.key_sets)
    except (OSError, ValueError) as e:
        sys.exit("keylint_jsonl.py: %s: %s" % (args.report, e))
    for ln in lines:
        sys.stdout.write(ln + "\n")


if __name__ == "__main__":
    main()
