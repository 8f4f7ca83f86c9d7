"""File/line builder that records labels while text is written."""
import re
import textwrap

_SUB = re.compile(r"«(\w+)»")


class Enc:
    """A value whose on-line needle differs from the raw secret (base64 blob, url-encoded...)."""

    def __init__(self, raw, shown):
        self.raw, self.shown = raw, shown

    def __str__(self):
        return self.shown


class Neg:
    """A look-alike value on a negative line that selfcheck should also keep off unlabelled lines."""

    def __init__(self, v):
        self.v = v

    def __str__(self):
        return self.v


def sub(s, kw):
    return _SUB.sub(lambda m: str(kw[m.group(1)]), s)


class File:
    def __init__(self, repo, path, lang):
        self.repo, self.path, self.lang = repo, path, lang
        self.lines = []

    # plain (unlabelled, must be clean) text; dedented block
    def t(self, text="", **kw):
        text = textwrap.dedent(text)
        if text.startswith("\n"):
            text = text[1:]
        if text.endswith("\n"):
            text = text[:-1]
        text = sub(text, kw)
        self.lines.extend(text.split("\n"))
        return self

    def _label(self, label, text, provider, cred, form, lang, trap, kw, block=False):
        text = sub(textwrap.dedent(text).strip("\n") if block else text, kw)
        lines = text.split("\n")
        start = len(self.lines) + 1
        self.lines.extend(lines)
        needles, values = [], []
        for k, v in kw.items():
            if isinstance(v, Enc):
                needles.append(v.shown)
                values.append({"value": v.raw, "label": label, "check": True})
            elif isinstance(v, Neg):
                needles.append(v.v)
                values.append({"value": v.v, "label": "negative", "check": True})
            else:
                v = str(v)
                if "\n" in v:
                    needles.append(v.split("\n")[0])
                else:
                    needles.append(v)
                values.append({"value": v, "label": label, "check": label == "positive"})
        if block:
            needles = [lines[0].strip()] if lines[0].strip() else needles
        for n in needles:
            if n not in lines[0]:
                raise AssertionError(f"needle {n!r} not on first line of {self.path}: {lines[0]!r}")
        rec = {"path": f"{self.repo.dir}/{self.path}", "line": start, "label": label, "provider": provider,
               "cred": cred, "form": form, "lang": lang or self.lang}
        if label == "negative":
            rec["trap"] = trap
        meta = {"path": rec["path"], "line": start, "span": [start, start + len(lines) - 1],
                "needles": needles, "values": values}
        self.repo.G.add_label(rec, meta)
        return self

    def P(self, text, provider, cred, form, lang=None, **kw):
        """Positive single line."""
        return self._label("positive", text, provider, cred, form, lang, None, kw)

    def N(self, text, trap, provider, cred, form, lang=None, **kw):
        """Negative single line."""
        return self._label("negative", text, provider, cred, form, lang, trap, kw)

    def PB(self, text, provider, cred, form, lang=None, **kw):
        """Positive multi-line block (labelled at its first line)."""
        return self._label("positive", text, provider, cred, form, lang, None, kw, block=True)

    def NB(self, text, trap, provider, cred, form, lang=None, **kw):
        return self._label("negative", text, provider, cred, form, lang, trap, kw, block=True)

    def text(self):
        return "\n".join(self.lines) + "\n"


class Repo:
    def __init__(self, G, idx, name):
        self.G, self.dir = G, f"r{idx:02d}-{name}"
        self.files = []

    def f(self, path, lang):
        fl = File(self, path, lang)
        self.files.append(fl)
        return fl
