#!/usr/bin/env python3
"""Print label counts by label, provider, lang, cred, trap and form."""
import sys, os, json
from collections import Counter

def main():
    out = sys.argv[1]
    labs = [json.loads(l) for l in open(os.path.join(out, "labels.jsonl"), encoding="utf-8")]
    repos = {l["path"].split("/")[0] for l in labs}
    files = {l["path"] for l in labs}
    print(f"labels={len(labs)} repos={len(repos)} files_with_labels={len(files)}")
    for key in ["label", "provider", "lang", "cred", "trap", "form"]:
        c = Counter(l.get(key, "-") for l in labs)
        print(f"\n== by {key} ({len(c)} distinct) ==")
        for k, n in c.most_common():
            pos = sum(1 for l in labs if l.get(key, "-") == k and l["label"] == "positive")
            print(f"  {n:4d}  (+{pos:<3d} -{n-pos:<3d})  {k}")

if __name__ == "__main__":
    main()
