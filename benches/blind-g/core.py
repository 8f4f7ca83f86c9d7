"""Corpus framework: value generator (one seeded Random) + labelled file builder."""
import base64
import hashlib
import json
import os

import prims as X


class Gen:
    def __init__(self, seed):
        import random
        self.R = random.Random(seed)
        self.used = set()

    # ---- low level -------------------------------------------------
    def s(self, alphabet, n):
        return "".join(self.R.choice(alphabet) for _ in range(n))

    def u(self, fn):
        """draw until unique across the whole corpus"""
        for _ in range(1000):
            v = fn()
            if v not in self.used:
                self.used.add(v)
                return v
        raise RuntimeError("no unique value")

    def alnum(self, n):
        # guarantee mixed classes so values look like real keys
        def f():
            while True:
                v = self.s(X.ALNUM, n)
                if n < 12 or (any(c.isdigit() for c in v) and any(c.isupper() for c in v) and any(c.islower() for c in v)):
                    return v
        return self.u(f)

    def upalnum(self, n):
        def f():
            while True:
                v = self.s(X.UPALNUM, n)
                if any(c.isdigit() for c in v) and any(c.isalpha() for c in v):
                    return v
        return self.u(f)

    def loalnum(self, n):
        def f():
            while True:
                v = self.s(X.LOALNUM, n)
                if any(c.isdigit() for c in v) and any(c.isalpha() for c in v):
                    return v
        return self.u(f)

    def hex(self, n, upper=False):
        v = self.u(lambda: self.s(X.HEX, n))
        return v.upper() if upper else v

    def b64bytes(self, nbytes, url=False, pad=True):
        def f():
            b = bytes(self.R.getrandbits(8) for _ in range(nbytes))
            e = base64.urlsafe_b64encode(b) if url else base64.b64encode(b)
            e = e.decode()
            return e if pad else e.rstrip("=")
        return self.u(f)

    def b64url(self, n):
        return self.u(lambda: self.s(X.B64URL, n))

    def b64chars(self, n):
        return self.u(lambda: self.s(X.ALNUM + "+/", n))

    def digits(self, n, first="123456789"):
        return self.u(lambda: self.R.choice(first) + self.s("0123456789", n - 1))

    def uuid(self):
        def f():
            h = self.s(X.HEX, 32)
            h = h[:12] + "4" + h[13:16] + self.R.choice("89ab") + h[17:]
            return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
        return self.u(f)

    def rbytes(self, n):
        return bytes(self.R.getrandbits(8) for _ in range(n))

    def pick(self, seq):
        return self.R.choice(seq)

    def chance(self, p):
        return self.R.random() < p

    # ---- credentials ---------------------------------------------------
    def passphrase(self):
        words = ["Moon", "Grid", "Lambo", "Hodl", "Delta", "Vega", "Theta", "Kraken", "Tiger", "Falcon",
                 "Orbit", "Candle", "Whale", "Satoshi", "Zephyr", "Quartz", "Nimbus", "Rocket", "Pepper", "Onyx"]
        syms = "!#%*?_.-"

        def f():
            return (self.pick(words) + self.s("0123456789", self.R.randint(2, 4)) + self.pick(syms)
                    + self.pick(words).lower() + self.s(X.ALNUM, self.R.randint(2, 5)))
        return self.u(f)

    def password(self, n=None):
        n = n or self.R.randint(14, 22)
        return self.u(lambda: self.s(X.ALNUM, n - 2) + self.s("!%^*_-", 1) + self.s(X.ALNUM, 1))

    def evm_key(self):
        def f():
            while True:
                k = self.s(X.HEX, 64)
                if 0 < int(k, 16) < X._N:
                    return k
        return self.u(f)

    def evm_addr(self):
        return self.u(lambda: X.eip55(self.s(X.HEX, 40)))

    def tx_hash(self):
        return "0x" + self.hex(64)

    def wif(self, testnet=False):
        def f():
            k = self.rbytes(32)
            return X.b58check((b"\xef" if testnet else b"\x80") + k + b"\x01")
        return self.u(f)

    def xprv(self, ver="0488ade4"):
        def f():
            payload = bytes.fromhex(ver) + b"\x00" + b"\x00" * 4 + b"\x00" * 4 + self.rbytes(32) + b"\x00" + self.rbytes(32)
            return X.b58check(payload)
        return self.u(f)

    def xpub(self):
        def f():
            payload = bytes.fromhex("0488b21e") + bytes([3]) + self.rbytes(4) + bytes.fromhex("80000000") + self.rbytes(32) \
                + bytes([self.pick([2, 3])]) + self.rbytes(32)
            return X.b58check(payload)
        return self.u(f)

    def btc_addr(self):
        return self.u(lambda: X.b58check(b"\x00" + self.rbytes(20)))

    def sol_keypair(self):
        seed = self.rbytes(32)
        pub = X.ed25519_pub(seed)
        kp = seed + pub
        b58 = X.b58encode(kp)
        self.used.add(b58)
        return kp, b58, X.b58encode(pub)

    def sol_sig(self):
        return self.u(lambda: X.b58encode(self.rbytes(64)))

    def sol_pub(self):
        return self.u(lambda: X.b58encode(self.rbytes(32)))

    def mnemonic(self, words=12):
        return self.u(lambda: X.bip39_from_entropy(self.rbytes(words * 4 // 3)))

    def telegram(self):
        return self.u(lambda: self.digits(self.R.randint(9, 10), "1234567") + ":AA" + self.s(X.B64URL, 33))

    def discord_token(self):
        def f():
            uid = self.digits(18, "1")
            p1 = base64.b64encode(uid.encode()).decode().rstrip("=")
            return f"{p1}.{self.s(X.B64URL, 6)}.{self.s(X.B64URL, 38)}"
        return self.u(f)

    def discord_webhook(self):
        host = self.pick(["discord.com", "discord.com", "discordapp.com"])
        return self.u(lambda: f"https://{host}/api/webhooks/{self.digits(19, '1')}/{self.s(X.B64URL, 68)}")

    def slack_webhook(self):
        return self.u(lambda: f"https://hooks.slack.com/services/T{self.s(X.UPALNUM, 8)}/B{self.s(X.UPALNUM, 10)}/{self.s(X.ALNUM, 24)}")

    def slack_bot(self):
        return self.u(lambda: f"xoxb-{self.digits(12)}-{self.digits(13)}-{self.s(X.ALNUM, 24)}")

    def aws(self):
        return (self.u(lambda: "AKIA" + self.s("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)),
                self.u(lambda: self.s(X.ALNUM + "/+", 40)))

    def openai(self):
        return self.u(lambda: "sk-proj-" + self.s(X.B64URL, 56) + "T3BlbkFJ" + self.s(X.B64URL, 56))

    def anthropic(self):
        return self.u(lambda: "sk-ant-api03-" + self.s(X.B64URL, 93) + "AA")

    def github(self):
        return self.u(lambda: X.gh_token(self.pick(["ghp_", "ghp_", "gho_"]), self.s(X.ALNUM, 30)))

    def stripe(self):
        return self.u(lambda: self.pick(["sk_live_", "rk_live_"]) + self.s(X.ALNUM, 99 if self.chance(.5) else 24))

    def npm_token(self):
        return self.u(lambda: X.gh_token("npm_", self.s(X.ALNUM, 30)))

    def sendgrid(self):
        return self.u(lambda: "SG." + self.s(X.B64URL, 22) + "." + self.s(X.B64URL, 43))

    def hf(self):
        return self.u(lambda: "hf_" + self.s(X.string.ascii_letters, 34))

    def gcp_key_id(self):
        return self.hex(40)

    # ---- PEM bodies ------------------------------------------------------
    def pem_ed25519(self):
        der = bytes.fromhex("302e020100300506032b657004220420") + self.rbytes(32)
        b = base64.b64encode(der).decode()
        self.used.add(b)
        return ["-----BEGIN PRIVATE KEY-----", b, "-----END PRIVATE KEY-----"], b

    def pem_ec(self):
        der = bytes.fromhex("30770201010420") + self.rbytes(32) + bytes.fromhex("a00a06082a8648ce3d030107a144034200") \
            + b"\x04" + self.rbytes(64)
        b = base64.b64encode(der).decode()
        self.used.add(b)
        body = [b[i:i + 64] for i in range(0, len(b), 64)]
        return ["-----BEGIN EC PRIVATE KEY-----"] + body + ["-----END EC PRIVATE KEY-----"], body[0]

    def pem_rsa(self, nlines=25, header="RSA PRIVATE KEY", start=None):
        start = start or bytes.fromhex("308204a40201000282010100")
        der = start + self.rbytes(nlines * 48 - len(start))
        b = base64.b64encode(der).decode()
        self.used.add(b[:64])
        w = 70 if header.startswith("OPENSSH") else 64
        body = [b[i:i + w] for i in range(0, len(b), w)]
        self.used.add(body[0])
        return [f"-----BEGIN {header}-----"] + body + [f"-----END {header}-----"], body[0]

    def pem_pub(self):
        der = bytes.fromhex("302a300506032b6570032100") + self.rbytes(32)
        b = base64.b64encode(der).decode()
        self.used.add(b)
        return ["-----BEGIN PUBLIC KEY-----", b, "-----END PUBLIC KEY-----"], b

    def fernet(self):
        def f():
            body = b"\x80" + (1700000000 + self.R.randint(0, 40000000)).to_bytes(8, "big") + self.rbytes(16) \
                + self.rbytes(16 * self.R.randint(3, 5)) + self.rbytes(32)
            return base64.urlsafe_b64encode(body).decode()
        return self.u(f)

    def hb_encrypted(self):
        """hummingbot-style hex of a keystore-v3 JSON (negative: encrypted)"""
        ks = {"crypto": {"cipher": "aes-128-ctr", "cipherparams": {"iv": self.hex(32)}, "ciphertext": self.hex(128),
                         "kdf": "pbkdf2", "kdfparams": {"c": 1000000, "dklen": 32, "prf": "hmac-sha256", "salt": self.hex(32)},
                         "mac": self.hex(64)}, "version": 3, "alias": ""}
        return self.u(lambda: json.dumps(ks, separators=(", ", ": ")).encode().hex())

    def bcrypt(self):
        return self.u(lambda: "$2b$12$" + self.s(X.ALNUM + "./", 53))

    def sha256(self):
        return self.hex(64)

    def sha1(self):
        return self.hex(40)

    def integrity(self):
        return "sha512-" + self.b64bytes(64)


def encodings(v):
    """the forms in which a raw value could show up in files we write"""
    from urllib.parse import quote
    out = [v]
    q = quote(v, safe="")
    if q != v:
        out.append(q)
    if len(v) >= 8:
        out.append(base64.b64encode(v.encode()).decode().rstrip("="))
    j = json.dumps(v)[1:-1]
    if j != v:
        out.append(j)
    return out


class File:
    def __init__(self, corpus, path, lang):
        self.c = corpus
        self.path = path
        self.lang = lang
        self.lines = []
        self.labels = []
        self.vals = []      # (value, label_line, allowed_lines)
        self.cont = set()   # continuation lines of multi-line values

    def add(self, *chunks):
        for ch in chunks:
            for ln in ch.split("\n"):
                self.lines.append(ln)
        return self

    def blank(self):
        self.lines.append("")

    def _lab(self, line, label, provider, cred, form, trap, vals, extra=0, lang=None):
        first = len(self.lines) + 1
        lines = line if isinstance(line, list) else line.split("\n")
        assert len(lines) >= 1
        for ln in lines:
            self.lines.append(ln)
        rec = {"path": self.path, "line": first, "label": label, "provider": provider, "cred": cred,
               "form": form, "lang": lang or self.lang}
        if label == "negative":
            rec["trap"] = trap
        allowed = list(range(first, first + len(lines)))
        # multi-line text: label the first line; other lines are continuation
        for k in allowed[1:]:
            self.cont.add(k)
        self.labels.append(rec)
        for v in vals:
            if v:
                self.vals.append((v, first, allowed, label))
        return first

    def P(self, line, provider, cred, form, *vals, lang=None):
        return self._lab(line, "positive", provider, cred, form, None, vals, lang=lang)

    def N(self, line, provider, cred, form, trap, *vals, lang=None):
        return self._lab(line, "negative", provider, cred, form, trap, vals, lang=lang)

    def text(self):
        return "\n".join(self.lines) + "\n"


class Corpus:
    def __init__(self, seed, outdir):
        self.g = Gen(seed)
        self.out = outdir
        self.files = []
        self.repo = None
        self.repo_n = 0

    def new_repo(self, name):
        self.repo_n += 1
        self.repo = f"r{self.repo_n:02d}-{name}"
        return self.repo

    def f(self, rel, lang):
        fl = File(self, f"{self.repo}/{rel}", lang)
        self.files.append(fl)
        return fl

    def write(self):
        import shutil
        os.makedirs(self.out, exist_ok=True)
        for d in sorted(os.listdir(self.out)):
            p = os.path.join(self.out, d)
            if os.path.isdir(p) and len(d) > 3 and d[0] == "r" and d[1:3].isdigit() and d[3] == "-":
                shutil.rmtree(p)
        if os.path.isdir(os.path.join(self.out, ".meta")):
            shutil.rmtree(os.path.join(self.out, ".meta"))
        if os.path.exists(os.path.join(self.out, "labels.jsonl")):
            os.remove(os.path.join(self.out, "labels.jsonl"))
        seen_paths = set()
        labels, values, conts = [], [], []
        for fl in self.files:
            assert fl.path not in seen_paths, fl.path
            seen_paths.add(fl.path)
            full = os.path.join(self.out, fl.path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(fl.text())
            lines_seen = {}
            for rec in fl.labels:
                key = rec["line"]
                if key in lines_seen:
                    raise AssertionError(f"duplicate label {fl.path}:{key}")
                lines_seen[key] = rec
                labels.append(rec)
            for v, first, allowed, label in fl.vals:
                values.append({"path": fl.path, "line": first, "allowed": allowed, "label": label, "value": v})
            if fl.cont:
                conts.append({"path": fl.path, "lines": sorted(fl.cont)})
        with open(os.path.join(self.out, "labels.jsonl"), "w") as fh:
            for r in labels:
                fh.write(json.dumps(r, sort_keys=False) + "\n")
        os.makedirs(os.path.join(self.out, ".meta"))
        with open(os.path.join(self.out, ".meta", "values.jsonl"), "w") as fh:
            for r in values:
                fh.write(json.dumps(r) + "\n")
        with open(os.path.join(self.out, ".meta", "continuation.jsonl"), "w") as fh:
            for r in conts:
                fh.write(json.dumps(r) + "\n")
        return labels
