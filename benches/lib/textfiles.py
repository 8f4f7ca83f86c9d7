#!/usr/bin/env python3
"""Count the files, bytes and lines that the benches/ measuring scripts divide by.

Usage: python3 benches/lib/textfiles.py DIR [DIR ...]   -> one JSON object on stdout

The file set is the same for every tool measured, whatever each tool itself skips:
  * every regular file under DIR, symbolic links not followed, any `.git/` directory skipped;
  * "text" = no NUL byte in the first 8 KiB (the test git, ripgrep and keylint's binary
    check use); everything else is "binary";
  * lines of a text file = number of LF bytes, plus one when the file is not empty and does
    not end with LF (what an editor shows; `wc -l` alone misses that last line).
Binary files are counted separately and never add lines: `wc -l` over every file would count
the LF bytes inside images and archives as lines (on the four bot repositories that adds
about 250,000 lines, a fifth of the total).
Output: {"dirs": {DIR: {...}}, "total": {...}} with text_files, text_bytes, text_lines,
binary_files, binary_bytes, all_files, all_bytes for each. Standard library only.
"""
import json
import os
import sys

CHUNK = 1 << 20


def count(root):
    c = dict(text_files=0, text_bytes=0, text_lines=0, binary_files=0, binary_bytes=0)
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x != ".git")
        for name in files:
            p = os.path.join(d, name)
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            try:
                with open(p, "rb") as f:
                    head = f.read(8192)
                    if b"\0" in head:
                        c["binary_files"] += 1
                        c["binary_bytes"] += os.fstat(f.fileno()).st_size
                        continue
                    size, lines, last = len(head), head.count(b"\n"), head[-1:]
                    while True:
                        buf = f.read(CHUNK)
                        if not buf:
                            break
                        size += len(buf)
                        lines += buf.count(b"\n")
                        last = buf[-1:]
            except OSError:
                continue
            if size and last != b"\n":
                lines += 1
            c["text_files"] += 1
            c["text_bytes"] += size
            c["text_lines"] += lines
    c["all_files"] = c["text_files"] + c["binary_files"]
    c["all_bytes"] = c["text_bytes"] + c["binary_bytes"]
    return c


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = {"dirs": {}, "total": {}}
    for root in sys.argv[1:]:
        if not os.path.isdir(root):
            sys.exit("textfiles.py: not a directory: %s" % root)
        out["dirs"][root] = count(root)
        for k, v in out["dirs"][root].items():
            out["total"][k] = out["total"].get(k, 0) + v
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
