"""Corpus plumbing: items (labelled values), sentinels, files, repositories.

A template writes text that contains the value it labels, preceded by a sentinel
``@@L<n>@@`` on the line where the value starts. When the file is finalised the sentinels
are stripped and the label gets the (1-based) line number of the line it sat on. Several
sentinels on one line collapse into one label (positive wins), per the label contract.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field

SENT = re.compile(r"@@L(\d+)@@")


@dataclass
class Item:
    label: str                  # positive | negative
    provider: str
    cred: str
    value: str                  # the literal value text (may be multi-line, may be '' for lookups)
    words: tuple = ()           # words of the variable name it is usually bound to
    check: str | None = None    # values.CHECKS key for positives
    trap: str | None = None     # trap kind for negatives
    shared: bool = False        # value may legitimately repeat across repos
    extra: dict = field(default_factory=dict)

    @property
    def pos(self):
        return self.label == "positive"

    def name(self, style="snake", words=None):
        return make_name(words or self.words, style)


def make_name(words, style):
    words = [w for w in words if w]
    if style == "snake":
        return "_".join(w.lower() for w in words)
    if style == "screaming":
        return "_".join(w.upper() for w in words)
    if style == "camel":
        return words[0].lower() + "".join(w[:1].upper() + w[1:].lower() for w in words[1:])
    if style == "pascal":
        return "".join(w[:1].upper() + w[1:].lower() for w in words)
    if style == "kebab":
        return "-".join(w.lower() for w in words)
    if style == "dotted":
        return ".".join(w.lower() for w in words)
    if style == "flat":
        return "".join(w.lower() for w in words)
    raise ValueError(style)


class Repo:
    """Collects files and label metadata for one generated repository."""

    def __init__(self, name, rng):
        self.name = name
        self.rng = rng
        self.files: dict[str, str] = {}
        self.pending: dict[int, dict] = {}
        self.labels: list[dict] = []
        self.meta: list[dict] = []
        self.next_id = 0

    # ---------------------------------------------------------------- marking
    def mark(self, item: Item, form: str, lang: str, needle: str | None = None, span: int = 1):
        """Return a sentinel to put right before the value text on its line."""
        self.next_id += 1
        if needle is None:
            needle = item.value.split("\n")[0] if item.value else ""
            needle = needle[:60]
        self.pending[self.next_id] = {
            "label": item.label, "provider": item.provider, "cred": item.cred, "form": form,
            "lang": lang, "trap": item.trap, "needle": needle, "value": item.value,
            "check": item.check, "shared": item.shared, "span": span,
        }
        return f"@@L{self.next_id}@@"

    def add(self, relpath: str, text: str):
        assert relpath not in self.files, relpath
        if not text.endswith("\n"):
            text += "\n"
        out = []
        for i, line in enumerate(text.split("\n"), start=1):
            ids = [int(x) for x in SENT.findall(line)]
            clean = SENT.sub("", line)
            if ids:
                metas = [self.pending.pop(x) for x in ids]
                pos = [m for m in metas if m["label"] == "positive"]
                head = pos[0] if pos else metas[0]
                lab = {"path": f"{self.name}/{relpath}", "line": i, "label": head["label"],
                       "provider": head["provider"], "cred": head["cred"], "form": head["form"],
                       "lang": head["lang"]}
                if head["label"] == "negative":
                    lab["trap"] = head["trap"]
                if head["span"] > 1:
                    lab["end_line"] = i + head["span"] - 1
                self.labels.append(lab)
                for m in (pos or metas):
                    if m["label"] != head["label"]:
                        continue
                    self.meta.append({"path": lab["path"], "line": i, "label": m["label"],
                                      "needle": m["needle"], "value": m["value"], "check": m["check"],
                                      "shared": m["shared"], "provider": m["provider"]})
            out.append(clean)
        self.files[relpath] = "\n".join(out)

    def write(self, outdir):
        assert not self.pending, f"unplaced sentinels in {self.name}: {[(m['form'], m['lang']) for m in self.pending.values()][:5]}"
        for rel, text in self.files.items():
            p = os.path.join(outdir, self.name, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)


def jdump(obj, indent=2):
    return json.dumps(obj, indent=indent, ensure_ascii=False)
