"""File builder, label bookkeeping and generation context."""
import base64
import json
import os
import textwrap
import urllib.parse

import creds
from filler import filler


class S:
    """A generated positive secret."""

    def __init__(self, provider, cred, v):
        self.provider, self.cred, self.v = provider, cred, v

    def __str__(self):
        return self.v

    # handy encodings
    @property
    def b64(self):
        return base64.b64encode(self.v.encode()).decode()

    @property
    def json(self):
        return json.dumps(self.v)[1:-1]

    @property
    def url(self):
        return urllib.parse.quote(self.v, safe="")

    @property
    def last4(self):
        return self.v[-4:]


class Ctx:
    def __init__(self, rng, outdir):
        self.rng = rng
        self.outdir = outdir
        self.files = {}
        self.repo = None
        self.cache = {}

    def s(self, provider, cred, share=None):
        """New secret; `share` key reuses the same value within a repo (e.g. .env and compose)."""
        if share is not None:
            k = (self.repo, share, provider, cred)
            if k not in self.cache:
                self.cache[k] = S(provider, cred, creds.gen(self.rng, provider, cred))
            return self.cache[k]
        return S(provider, cred, creds.gen(self.rng, provider, cred))

    def f(self, rel, lang):
        path = f"{self.repo}/{rel}"
        assert path not in self.files, path
        fb = FB(self, path, lang)
        self.files[path] = fb
        return fb

    def pick(self, seq):
        return self.rng.choice(seq)


class FB:
    def __init__(self, ctx, path, lang):
        self.ctx, self.path, self.lang = ctx, path, lang
        self.rng = ctx.rng
        self.lines = []
        self.labels = []
        self.meta = []

    # ---- plain content
    def add(self, text):
        if text.startswith("\n"):
            text = textwrap.dedent(text[1:])
            if text.endswith("\n"):
                text = text[:-1]
        for ln in text.split("\n"):
            self.lines.append(ln)
        return self

    def fill(self, n, lang=None, **kw):
        # haystack scale: source files should land in the 50-400 line range typical of real repos
        self.lines.extend(filler(lang or self.lang, self.rng, int(n * 2.2), **kw))
        return self

    def _no(self):
        return len(self.lines) + 1

    # ---- labelled content
    def pos(self, line, *secrets, form, needles=None, lang=None):
        assert secrets, line
        needles = needles if needles is not None else [s.v for s in secrets]
        for nd in needles:
            assert nd in line, (self.path, nd, line)
        assert "\n" not in line
        no = self._no()
        self.lines.append(line)
        self._label(no, no, "positive", secrets[0].provider, secrets[0].cred, form, None, needles,
                    [{"value": s.v, "label": "positive"} for s in secrets], lang)
        return no

    def posblock(self, text, secret, form, needles, lang=None):
        lines = text.split("\n")
        for nd in needles:
            assert nd in lines[0], (nd, lines[0])
        no = self._no()
        self.lines.extend(lines)
        self._label(no, no + len(lines) - 1, "positive", secret.provider, secret.cred, form, None, needles,
                    [{"value": secret.v, "label": "positive"}], lang)
        return no

    def neg(self, line, needle, provider, cred, form, trap, lang=None, span=1):
        needles = needle if isinstance(needle, list) else [needle]
        lines = line.split("\n")
        for nd in needles:
            assert nd in lines[0], (self.path, nd, lines[0])
        no = self._no()
        self.lines.extend(lines)
        self._label(no, no + len(lines) - 1, "negative", provider, cred, form, trap, needles,
                    [{"value": nd, "label": "negative"} for nd in needles], lang)
        return no

    def _label(self, a, b, label, provider, cred, form, trap, needles, values, lang):
        lab = {"path": self.path, "line": a, "label": label, "provider": provider, "cred": cred,
               "form": form, "lang": lang or self.lang}
        if trap:
            lab["trap"] = trap
        self.labels.append(lab)
        self.meta.append({"path": self.path, "line": a, "span": [a, b], "needles": needles, "values": values})

    def text(self):
        return "\n".join(self.lines) + "\n"


def write_all(ctx):
    labels, meta = [], []
    for path, fb in sorted(ctx.files.items()):
        full = os.path.join(ctx.outdir, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(fb.text())
        seen = set()
        for lab, m in sorted(zip(fb.labels, fb.meta), key=lambda t: t[0]["line"]):
            assert lab["line"] not in seen, (path, lab["line"])
            seen.add(lab["line"])
            labels.append(lab)
            meta.append(m)
    return labels, meta
