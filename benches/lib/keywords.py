#!/usr/bin/env python3
"""Print the keyword set of keylint's rules, lower-cased, one per line (the `rg` floor's -f file).

Usage: keylint rules --format json | python3 benches/lib/keywords.py
       python3 benches/lib/keywords.py --rules-dir rules/      (no binary: read rules/*.toml)

The keywords are the `keywords` of every rule: the words keylint's prefilter looks for before
any regex runs, so `rg -c -i -F -f` over them is the cost of finding the keywords alone, a floor
that any keyword-prefiltered scanner pays. Standard library only.
"""
import glob
import json
import os
import sys


def from_toml(rules_dir):
    import tomllib  # Python 3.11+
    words = set()
    for path in sorted(glob.glob(os.path.join(rules_dir, "*.toml"))):
        with open(path, "rb") as f:
            data = tomllib.load(f)
        stack = [data]
        while stack:  # every `keywords` array, at any depth ([[rule]] tables and the like)
            node = stack.pop()
            if isinstance(node, dict):
                for k, v in node.items():
                    if k == "keywords" and isinstance(v, list):
                        words.update(str(w).lower() for w in v)
                    else:
                        stack.append(v)
            elif isinstance(node, list):
                stack.extend(node)
    return words


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--rules-dir":
        words = from_toml(sys.argv[2])
    else:
        words = {k.lower() for r in json.load(sys.stdin) for k in r.get("keywords", [])}
    words.discard("")
    if not words:
        sys.exit("keywords.py: no keywords found")
    print("\n".join(sorted(words)))


if __name__ == "__main__":
    main()
