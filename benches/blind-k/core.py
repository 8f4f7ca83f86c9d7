"""Corpus core: files with labelled lines, needle bookkeeping, shared trap factories."""
import json, os, hashlib, base64

class F:
    def __init__(self, repo, path, lang):
        self.repo, self.path, self.lang = repo, path, lang
        self.lines, self.labels = [], []
        self.used_ph = set()
    def t(self, *texts):
        for x in texts:
            self.lines.extend(x.split("\n"))
        return self
    def _lab(self, text, value, label, prov, cred, form, trap, needle, lang):
        self.t(text)
        nd = needle if needle is not None else value
        assert nd in text, (self.path, nd, text)
        d = {"label": label, "provider": prov, "cred": cred, "form": form, "lang": lang or self.lang}
        if trap: d["trap"] = trap
        self.labels.append((d, value, nd))
        return self
    def p(self, text, value, prov, cred, form, needle=None, lang=None):
        return self._lab(text, value, "positive", prov, cred, form, None, needle, lang)
    def n(self, text, value, prov, cred, form, trap, needle=None, lang=None):
        return self._lab(text, value, "negative", prov, cred, form, trap, needle, lang)

class Repo:
    def __init__(self, g, idx, name):
        self.g, self.name = g, f"r{idx:02d}-{name}"
        self.files = []
    def f(self, path, lang):
        x = F(self, path, lang); self.files.append(x); return x

PLACEHOLDERS = [
    "your_api_key_here", "YOUR_API_SECRET", "<YOUR_KEY>", "<paste-secret-here>", "CHANGEME", "changeme",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "REPLACE_ME", "TODO", "insert_key_here", "your-api-key-here",
    "your_exchange_key", "your_exchange_secret", "dein_api_schluessel", "votre_cle_secrete", "tu_clave_api",
    "sua_chave_secreta", "ваш_секретный_ключ", "你的API密钥", "あなたのAPIキー", "la_tua_chiave", "jouw_geheime_sleutel",
    "<<SECRET>>", "[REDACTED]", "***", "...", "XXXX-XXXX-XXXX-XXXX", "put-your-passphrase", "dummy", "example",
    "sk-...", "0000000000000000000000000000000000000000000000000000000000000000", "abc123", "ENTER_SECRET",
    "%API_KEY%", "@@BINANCE_SECRET@@", "__SECRET__", "none", "null", "secret", "password", "<api-key>",
    "PUT_YOUR_TOKEN_HERE", "1234567890:ABCdefGhIJKlmnOPQrstUVwxyz", "your_telegram_bot_token", "ТВОЙ_ТОКЕН",
    "API_KEY_GOES_HERE", "fill-me-in", "sample-secret", "test", "REDACTED_BY_CI", "<hex private key>",
]

class Traps:
    def __init__(self, g):
        self.g = g; self.r = g.r; self.v = g.v
    def ph(self, f):
        opts = [p for p in PLACEHOLDERS if p not in f.used_ph and not any(p in l for l in f.lines)]
        p = self.r.choice(opts); f.used_ph.add(p); return p
    def masked(self, v):
        return v[:4] + "*" * self.r.choice([4, 8, 12]) + v[-4:]
    def masked2(self, v):
        return v[:6] + "…" + v[-3:]
    def sha256(self): return self.v.hex(64)
    def bcrypt(self):
        return "$2b$12$" + self.v.s(53, "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    def integrity(self):
        return "sha512-" + self.v.b64(64)
    def commit(self): return self.v.hex(40)
    def b64img(self):
        return "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAA" + self.v.b64(60).rstrip("=")

def write_repo(out, repo, labs, meta):
    paths = [f.path for f in repo.files]
    assert len(paths) == len(set(paths)), (repo.name, paths)
    for f in repo.files:
        full = os.path.join(out, repo.name, f.path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        text = "\n".join(f.lines) + "\n"
        with open(full, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        for d, value, nd in f.labels:
            hits = [i for i, l in enumerate(f.lines) if nd in l]
            if len(hits) != 1:
                raise SystemExit(f"needle not unique ({len(hits)}): {repo.name}/{f.path}: {nd!r}")
            rec = {"path": f"{repo.name}/{f.path}", "line": hits[0] + 1}
            rec.update(d)
            labs.append(rec)
            meta.append({"path": rec["path"], "line": rec["line"], "label": d["label"], "value": value if isinstance(value, str) else json.dumps(value), "needle": nd})
