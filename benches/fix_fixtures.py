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
  * env: `.env` holds exactly the moved values (by name) and no other tracked file
    holds a moved value.
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
            fix = subprocess.run([KEYLINT, "fix", "."], cwd=d, env=GIT_ENV, capture_output=True, text=True)
            refused = "nothing changed" in fix.stdout
            if refused and "is tracked by git" in fix.stdout:
                total["refused: .env tracked"] += 1
                git(d, "rm", "-q", "--cached", ".env")
                git(d, "commit", "-q", "-m", "untrack .env")
                fix = subprocess.run([KEYLINT, "fix", "."], cwd=d, env=GIT_ENV, capture_output=True, text=True)
            fixed, skipped = parse_fix(fix.stdout)
            after = scan(d)
            norm = lambda p: p[2:] if p.startswith("./") else p
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
            env_path = os.path.join(d, ".env")
            env = open(env_path, encoding="utf-8", errors="replace").read() if os.path.exists(env_path) else ""
            names = {n for n in re.findall(r"^([A-Za-z_][A-Za-z0-9_]*)=", env, re.M)}
            moved_names = {re.search(r'([A-Z][A-Z0-9_]+)', r).group(1) for _, _, _, r in fixed if re.search(r'([A-Z][A-Z0-9_]+)', r)}
            checks = []
            if left_bad:
                checks.append(f"LEFT-NOT-SKIPPED {len(left_bad)}")
            if fix.returncode == 2:
                checks.append("EXIT-2")
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
