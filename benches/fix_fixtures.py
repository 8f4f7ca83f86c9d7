#!/usr/bin/env python3
"""Measure `keylint fix` on the fixture bot repositories.

Usage: python3 benches/fix_fixtures.py [KEYLINT] [--details]

Each directory under fixtures/bots/<category>/ (and fixtures/bot-repo) is copied to a
temporary directory and committed to a fresh git repository, with the root `.env`
left out of the commit as a real checkout would have it (a committed root `.env`
makes `keylint fix` refuse; that is counted and then `git rm --cached .env` is done,
as the refusal says). Then `keylint fix` runs (not a dry run), and the repository is
scanned again. Per repository and in total it prints: findings before (and how many
were high confidence), sites moved to the environment, sites skipped, findings left
after, and two checks:
  * left ⊆ skipped: every finding of the re-scan is at a place `fix` listed as skipped;
  * env: `.env` holds every moved value (NOT-IN-ENV otherwise), and no other file
    holds one (VALUE-IN), except files `fix` listed as skipped (a skipped site may hold
    the same value). A binary file the scanner does not read shows up here.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEYLINT = next((a for a in sys.argv[1:] if not a.startswith("--")), os.path.join(ROOT, "target/debug/keylint"))
DETAILS = "--details" in sys.argv

GIT_ENV = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
               GIT_AUTHOR_NAME="a", GIT_AUTHOR_EMAIL="a@b", GIT_COMMITTER_NAME="a",
               GIT_COMMITTER_EMAIL="a@b", KEYLINT_DETERMINISTIC="1", NO_COLOR="1")


def git(d, *args):
    subprocess.run(["git", *args], cwd=d, env=GIT_ENV, check=True, capture_output=True)


def scan(d):
    out = subprocess.run([KEYLINT, "scan", "-f", "json", "--exit-zero", "."], cwd=d,
                         env=GIT_ENV, capture_output=True, text=True)
    return json.loads(out.stdout)["findings"]


LINE = re.compile(r"^  (?P<path>\S+):(?P<line>\d+):(?P<col>\d+)  (?P<rule>\S+)  (?P<rest>.*)$")


def parse_fix(text):
    fixed, skipped, section = [], [], None
    for l in text.splitlines():
        if re.match(r"^(Moved|Would move) ", l):
            section = fixed
        elif l.startswith("Skipped "):
            section = skipped
        elif not l.startswith("  "):
            section = None
        elif section is not None:
            m = LINE.match(l)
            if m:
                section.append((m["path"], int(m["line"]), m["rule"], m["rest"]))
    return fixed, skipped


def norm(p):
    return p[2:] if p.startswith("./") else p


def repos():
    yield "bot-repo", os.path.join(ROOT, "fixtures/bot-repo")
    base = os.path.join(ROOT, "fixtures/bots")
    for cat in sorted(os.listdir(base)):
        cdir = os.path.join(base, cat)
        for r in sorted(os.listdir(cdir)):
            if os.path.isdir(os.path.join(cdir, r)):
                yield f"{cat}/{r}", os.path.join(cdir, r)


def ext_of(path):
    name = os.path.basename(path)
    if name.startswith(".env") or name.endswith(".env"):
        return ".env"
    return os.path.splitext(name)[1] or name


def main():
    total = Counter()
    by_ext = Counter()
    reasons = Counter()
    global unfixed_high
    unfixed_high = []
    print(f"{'repository':34} {'before':>6} {'high':>5} {'moved':>5} {'skip':>5} {'left':>5}  checks")
    for name, src in repos():
        with tempfile.TemporaryDirectory() as tmp:
            d = os.path.join(tmp, "repo")
            shutil.copytree(src, d)
            git(d, "init", "-q", "-b", "main", ".")
            git(d, "add", "-A")
            git(d, "commit", "-q", "-m", "fixture")
            before = scan(d)
            before_bytes = {}
            for f in before:
                for s in [f] + f.get("related", []):
                    p = norm(s.get("path", f["path"]))
                    if p not in before_bytes and os.path.isfile(os.path.join(d, p)):
                        before_bytes[p] = open(os.path.join(d, p), "rb").read()
            fix = subprocess.run([KEYLINT, "fix", "."], cwd=d, env=GIT_ENV, capture_output=True, text=True)
            refused = "nothing changed" in fix.stdout
            if refused and "is tracked by git" in fix.stdout:
                total["refused: .env tracked"] += 1
                git(d, "rm", "-q", "--cached", ".env")
                git(d, "commit", "-q", "-m", "untrack .env")
                fix = subprocess.run([KEYLINT, "fix", "."], cwd=d, env=GIT_ENV, capture_output=True, text=True)
            fixed, skipped = parse_fix(fix.stdout)
            after = scan(d)
            skipped_at = {(norm(p), l) for p, l, _, _ in skipped}
            fixed_at = {(norm(p), l): r for p, l, _, r in fixed}
            # A finding is "kept" when any of its values (itself, a key set's halves) was skipped.
            kept = set()
            for f in before:
                places = [(norm(f["path"]), f["line"])] + [(norm(r["path"]), r["line"]) for r in f.get("related", [])]
                if any(pl in skipped_at for pl in places):
                    kept.add(f["fingerprint"])
            left_bad = [f for f in after if f["fingerprint"] not in kept]
            code_ext = (".py", ".js", ".ts", ".rs", ".go", ".json", ".yaml", ".yml")
            for f in before:
                if f["confidence"] != "high" or not f["path"].endswith(code_ext):
                    continue
                total["high in code/config"] += 1
                if (norm(f["path"]), f["line"]) in fixed_at:
                    total["high in code/config rewritten"] += 1
                else:
                    reason = next((r for p, l, _, r in skipped if (norm(p), l) == (norm(f["path"]), f["line"])), "?")
                    unfixed_high.append(f"{name}/{norm(f['path'])}:{f['line']} {f['rule_id']}: {reason}")
            # The raw values at the places `fix` moved (read before the fix), and where
            # each value still is afterwards: only .env, and files `fix` listed as skipped.
            moved_vals = set()
            for f in before:
                spots = [f] + [r for r in f.get("related", []) if "of the same key set" in r.get("message", "")]
                for s in spots:
                    p = norm(s.get("path", f["path"]))
                    if (p, s["line"]) in fixed_at:
                        v = before_bytes.get(p, b"")[s["byte_start"]:s["byte_end"]]
                        if len(v) >= 8:
                            moved_vals.add(v)
            skipped_files = {p for p, _ in skipped_at}
            env_bytes = b""
            stray = []
            for root, dirs, files in os.walk(d):
                dirs[:] = [x for x in dirs if x != ".git"]
                for fn in files:
                    rel = os.path.relpath(os.path.join(root, fn), d)
                    data = open(os.path.join(root, fn), "rb").read()
                    if rel == ".env":
                        env_bytes = data
                    elif rel not in skipped_files:
                        stray += [rel for v in moved_vals if v in data]
            # (A key's byte list or a mnemonic's word array is written differently in .env.)
            squash = lambda x: re.sub(rb"[\s\"',\[\]\\]", b"", x)
            missing = [v for v in moved_vals if squash(v) not in squash(env_bytes)]
            total["moved values"] += len(moved_vals)
            total["moved values missing from .env"] += len(missing)
            total["moved values left in other files"] += len(stray)
            checks = []
            if left_bad:
                checks.append(f"LEFT-NOT-SKIPPED {len(left_bad)}")
            if fix.returncode == 2:
                checks.append("EXIT-2")
            if missing:
                checks.append(f"NOT-IN-ENV {len(missing)}")
            if stray:
                checks.append("VALUE-IN " + ",".join(sorted(set(stray))))
            ok = "ok" if not checks else " ".join(checks)
            high = sum(1 for f in before if f["confidence"] == "high")
            print(f"{name:34} {len(before):6} {high:5} {len(fixed):5} {len(skipped):5} {len(after):5}  {ok}")
            total["repos"] += 1
            total["before"] += len(before)
            total["high"] += high
            total["moved"] += len(fixed)
            total["skipped"] += len(skipped)
            total["after"] += len(after)
            total["left-not-skipped"] += len(left_bad)
            for p, _, _, _ in fixed:
                by_ext[(ext_of(p), "moved")] += 1
            for p, _, rule, reason in skipped:
                by_ext[(ext_of(p), "skipped")] += 1
                reasons[re.sub(r"`[^`]*`|\S+:\d+", "…", reason)[:90]] += 1
            if DETAILS:
                for p, l, rule, reason in skipped:
                    print(f"    skip {p}:{l} {rule}: {reason}")
                for f in left_bad:
                    print(f"    LEFT {f['path']}:{f['line']} {f['rule_id']}")
                if fix.returncode == 2:
                    print("    " + fix.stdout.replace("\n", "\n    "))
    print()
    print(dict(total))
    exts = sorted({e for e, _ in by_ext})
    print("per file type: " + ", ".join(f"{e} {by_ext[(e, 'moved')]} moved/{by_ext[(e, 'skipped')]} skipped" for e in exts))
    print("high-confidence findings in code and JSON/YAML configs not rewritten:")
    for u in unfixed_high:
        print("  " + u)
    print("skip reasons:")
    for r, n in reasons.most_common():
        print(f"  {n:4}  {r}")


if __name__ == "__main__":
    main()
