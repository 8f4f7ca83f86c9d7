#!/usr/bin/env python3
"""Blind-i corpus generator. Usage: python3 gen.py OUTDIR [--seed N]"""
import argparse, glob, json, os, shutil, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from core import Gen  # noqa: E402
import repos_a, repos_b, repos_c, repos_d  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=20261209)
    a = ap.parse_args()
    g = Gen(a.seed)
    for mod in (repos_a, repos_b, repos_c, repos_d):
        for fn in mod.REPOS:
            fn(g)
    missing = [e for e in g.entries if "path" not in e]
    assert not missing, missing[:3]
    out = a.outdir
    os.makedirs(out, exist_ok=True)
    for d in glob.glob(os.path.join(out, "r[0-9][0-9]-*")):
        shutil.rmtree(d)
    for p in (os.path.join(out, ".meta"),):
        if os.path.isdir(p):
            shutil.rmtree(p)
    if os.path.exists(os.path.join(out, "labels.jsonl")):
        os.remove(os.path.join(out, "labels.jsonl"))
    for path, text in sorted(g.files.items()):
        full = os.path.join(out, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", newline="") as fh:
            fh.write(text)
    ents = sorted(g.entries, key=lambda e: (e["path"], e["line"], e["cred"]))
    os.makedirs(os.path.join(out, ".meta"))
    with open(os.path.join(out, "labels.jsonl"), "w") as fl, \
            open(os.path.join(out, ".meta", "values.jsonl"), "w") as fv:
        for e in ents:
            lab = {k: e[k] for k in ("path", "line", "label", "provider", "cred", "form", "lang")}
            fl.write(json.dumps(lab) + "\n")
            fv.write(json.dumps({**lab, "kind": e["kind"], "value": e["value"], "shown": e["shown"]}) + "\n")
    ns = sum(e["label"] == "secret" for e in ents)
    print(f"repos={len({p.split('/')[0] for p in g.files})} files={len(g.files)} "
          f"labels={len(ents)} secrets={ns} traps={len(ents) - ns}")


if __name__ == "__main__":
    main()
