#!/usr/bin/env python3
"""Generate the blind labelled corpus of synthetic trading-bot repositories.

usage: gen.py OUTDIR [--seed N]
Deletes only OUTDIR/rNN-*, OUTDIR/.meta and OUTDIR/labels.jsonl, then writes fresh ones.
"""
import sys, os, json, random, shutil, glob
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vals import V
from core import Repo, Traps, write_repo
import repos_a, repos_b, extras

DEFAULT_SEED = 20261212

class G:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.v = V(self.r)
        self.t = Traps(self)

def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    out = args[0]
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else DEFAULT_SEED
    os.makedirs(out, exist_ok=True)
    for d in glob.glob(os.path.join(out, "r[0-9][0-9]-*")):
        shutil.rmtree(d)
    shutil.rmtree(os.path.join(out, ".meta"), ignore_errors=True)
    if os.path.exists(os.path.join(out, "labels.jsonl")):
        os.remove(os.path.join(out, "labels.jsonl"))
    g = G(seed)
    labs, meta = [], []
    allrepos = repos_a.REPOS + repos_b.REPOS
    for i, (name, fn) in enumerate(allrepos, 1):
        R = Repo(g, i, name)
        fn(g, R)
        extras.add(g, R)
        write_repo(out, R, labs, meta)
    with open(os.path.join(out, "labels.jsonl"), "w") as fh:
        for l in labs:
            fh.write(json.dumps(l, ensure_ascii=False) + "\n")
    os.makedirs(os.path.join(out, ".meta"))
    with open(os.path.join(out, ".meta", "values.jsonl"), "w") as fh:
        for m in meta:
            fh.write(json.dumps(m, ensure_ascii=False) + "\n")
    pos = sum(l["label"] == "positive" for l in labs)
    print(f"repos={len(allrepos)} labels={len(labs)} positive={pos} negative={len(labs)-pos}")

if __name__ == "__main__":
    main()
