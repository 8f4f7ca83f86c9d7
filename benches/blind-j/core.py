"""Corpus bookkeeping and synthetic value generation (deterministic from a seed)."""
import base64
import json
import os
import random
import string
import struct
import uuid

import cryptoutil as cu

ALNUM = string.ascii_letters + string.digits
UPALNUM = string.ascii_uppercase + string.digits
LOALNUM = string.ascii_lowercase + string.digits
B64URL = ALNUM + "-_"
B64 = ALNUM + "+/"


class Vals:
    def __init__(self, rng):
        self.r = rng

    # primitive shapes
    def s(self, alphabet, n):
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def mixed(self, alphabet, n):
        """random string guaranteed to contain upper, lower and digit when alphabet allows"""
        while True:
            v = self.s(alphabet, n)
            need = [set(string.ascii_uppercase), set(string.ascii_lowercase), set(string.digits)]
            need = [c for c in need if c & set(alphabet)]
            if all(set(v) & c for c in need):
                return v

    def hexl(self, n):
        return self.s("0123456789abcdef", n)

    def hexu(self, n):
        return self.s("0123456789ABCDEF", n)

    def raw(self, n):
        return bytes(self.r.getrandbits(8) for _ in range(n))

    def b64(self, nbytes):
        return base64.b64encode(self.raw(nbytes)).decode()

    def uuid(self):
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))

    def digits(self, n):
        return str(self.r.randint(1, 9)) + self.s(string.digits, n - 1)

    # providers
    def binance(self): return self.mixed(ALNUM, 64)
    def kraken_key(self): return self.mixed(B64, 56)
    def kraken_secret(self): return self.b64(64)
    def bybit_key(self): return self.mixed(ALNUM, 18)
    def bybit_secret(self): return self.mixed(ALNUM, 36)
    def okx_secret(self): return self.hexu(32)
    def kucoin_key(self): return self.hexl(24)
    def bitfinex(self): return self.mixed(B64URL, 43)
    def gemini_key(self): return "account-" + self.mixed(ALNUM, 20)
    def gemini_secret(self): return self.mixed(ALNUM, 28)
    def bitstamp(self): return self.mixed(ALNUM, 32)
    def gate_key(self): return self.hexl(32)
    def gate_secret(self): return self.hexl(64)
    def bitget_key(self): return "bg_" + self.hexl(32)
    def bitmex_key(self): return self.mixed(B64URL, 24)
    def bitmex_secret(self): return self.mixed(B64URL, 48)
    def mexc_key(self): return "mx0vgl" + self.mixed(ALNUM, 12)
    def deribit_id(self): return self.mixed(ALNUM, 8)
    def deribit_secret(self): return self.mixed(B64URL, 43)
    def huobi(self): return "-".join(self.mixed(ALNUM, n) for n in (8, 8, 8, 5))
    def evm_key(self, prefix=True): return ("0x" if prefix else "") + self.hexl(64)
    def evm_addr(self):
        h = self.hexl(40)
        return "0x" + "".join(c.upper() if c.isalpha() and self.r.random() < .5 else c for c in h)
    def alpaca_key(self, live=False): return ("AK" if live else "PK") + self.mixed(UPALNUM, 18)
    def alpaca_secret(self): return self.mixed(ALNUM, 40)
    def oanda(self): return self.hexl(32) + "-" + self.hexl(32)
    def oanda_acct(self): return "%03d-%03d-%s-%03d" % (self.r.randint(100, 199), self.r.randint(1, 9), self.digits(8), self.r.randint(1, 9))
    def tradier(self): return self.mixed(ALNUM, 28)
    def polygon(self): return self.mixed(ALNUM, 32)
    def alphavantage(self): return self.mixed(UPALNUM, 16)
    def finnhub(self): return self.mixed(LOALNUM, 20)
    def coingecko(self): return "CG-" + self.mixed(ALNUM, 24)
    def etherscan(self): return self.mixed(UPALNUM, 34)
    def infura(self): return self.hexl(32)
    def alchemy(self): return self.mixed(B64URL, 32)
    def tiingo(self): return self.mixed(LOALNUM, 40)
    def twelvedata(self): return self.mixed(LOALNUM, 32)
    def kite_key(self): return self.mixed(LOALNUM, 16)
    def kite_secret(self): return self.mixed(LOALNUM, 32)
    def schwab_key(self): return self.mixed(ALNUM, 32)
    def schwab_secret(self): return self.mixed(ALNUM, 16)
    def threecommas_key(self): return self.hexl(64)
    def telegram(self): return self.digits(10) + ":AA" + self.mixed(B64URL, 33)
    def discord_token(self):
        uid = self.digits(18).encode()
        p1 = base64.b64encode(uid).decode().rstrip("=")
        return p1 + "." + self.mixed(B64URL, 6) + "." + self.mixed(B64URL, 38)
    def discord_webhook(self):
        return "https://discord.com/api/webhooks/%s/%s" % (self.digits(19), self.mixed(B64URL, 68))
    def slack_webhook(self):
        return "https://hooks.slack.com/services/T%s/B%s/%s" % (self.mixed(UPALNUM, 8), self.mixed(UPALNUM, 10), self.mixed(ALNUM, 24))
    def twilio_sid(self): return "AC" + self.hexl(32)
    def twilio_token(self): return self.hexl(32)
    def aws_key(self): return "AKIA" + self.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
    def aws_secret(self): return self.mixed(B64, 40)
    def openai(self): return "sk-proj-" + self.mixed(B64URL, 74) + "T3BlbkFJ" + self.mixed(B64URL, 74)
    def anthropic(self): return "sk-ant-api03-" + self.mixed(B64URL, 93) + "AA"
    def github(self, prefix="ghp_"): return cu.gh_token(prefix, self.mixed(ALNUM, 30))
    def stripe(self): return "sk_live_" + self.mixed(ALNUM, 99)
    def password(self):
        words = ["Tr4d3r", "M00n", "Lambo", "Hodl", "Sats", "Bull", "Bear", "Whale", "Gr1d", "Scalp"]
        return self.r.choice(words) + self.r.choice("!#%&*@") + self.mixed(ALNUM, 10) + self.r.choice("!#%&*")
    def passphrase(self):
        return self.mixed(ALNUM, 12) + self.r.choice("!@#$%^&*") + self.mixed(ALNUM, 5)
    def jwt_secret(self): return self.b64(48).rstrip("=")
    def mnemonic(self, words=24): return cu.bip39_from_entropy(self.raw(32 if words == 24 else 16))
    def wif(self): return cu.wif(self.raw(32))
    def xprv(self): return cu.xprv(self.raw(32), self.raw(32))
    def xpub(self): return cu.xpub_like(self.raw(32), bytes([2 + self.r.getrandbits(1)]) + self.raw(32))
    def solana(self):
        seed = self.raw(32)
        return list(seed + cu.ed25519_pub(seed))
    def solana_b58(self): return cu.b58encode(bytes(self.solana()))
    def solana_pub(self): return cu.b58encode(cu.ed25519_pub(self.raw(32)))
    def fernet(self):
        ts = struct.pack(">Q", 1733000000 + self.r.randint(0, 10 ** 7))
        body = b"\x80" + ts + self.raw(16) + self.raw(16 * self.r.randint(3, 5)) + self.raw(32)
        return base64.urlsafe_b64encode(body).decode()
    def cdp_name(self): return "organizations/%s/apiKeys/%s" % (self.uuid(), self.uuid())

    def pem(self, kind):
        """returns (full PEM text with real newlines, first body line used as needle)"""
        if kind == "EC":
            der = bytes.fromhex("30770201010420") + self.raw(32) + bytes.fromhex("a00a06082a8648ce3d030107a144034200") + b"\x04" + self.raw(64)
            hdr = "EC PRIVATE KEY"
        elif kind == "ED25519":
            der = bytes.fromhex("302e020100300506032b657004220420") + self.raw(32)
            hdr = "PRIVATE KEY"
        elif kind == "RSA":
            der = bytes.fromhex("308204a40201000282010100") + self.raw(1180)
            hdr = "RSA PRIVATE KEY"
        elif kind == "PKCS8":
            der = bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100") + self.raw(1150)
            hdr = "PRIVATE KEY"
        elif kind == "OPENSSH":
            der = b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x003\x00\x00\x00\x0bssh-ed25519\x00\x00\x00 " + self.raw(32) + self.raw(150)
            hdr = "OPENSSH PRIVATE KEY"
        elif kind == "ENCRYPTED":
            der = bytes.fromhex("3082051c304e06092a864886f70d01050d3041302906092a864886f70d01050c301c0408") + self.raw(8) + bytes.fromhex("020208003011") + self.raw(1230)
            hdr = "ENCRYPTED PRIVATE KEY"
        elif kind == "PUBLIC":
            der = bytes.fromhex("30820122300d06092a864886f70d01010105000382010f003082010a0282010100") + self.raw(270)
            hdr = "PUBLIC KEY"
        b = base64.b64encode(der).decode()
        lines = [b[i:i + 64] for i in range(0, len(b), 64)]
        return "-----BEGIN %s-----\n%s\n-----END %s-----" % (hdr, "\n".join(lines), hdr), lines[0]


class File:
    def __init__(self, corpus, repo, path, lang):
        self.c, self.repo, self.path, self.lang = corpus, repo, path, lang
        self.pending = []
        self.text = None

    def _add(self, label, provider, cred, value, form, trap=None, needle=None, pem=False, check="none", lang=None):
        needle = value if needle is None else needle
        self.c.register(value)
        self.pending.append(dict(label=label, provider=provider, cred=cred, value=value, needle=needle,
                                 form=form, trap=trap, pem=pem, check=check, lang=lang or self.lang))
        return needle

    def pos(self, provider, cred, value, form, **kw):
        return self._add("positive", provider, cred, value, form, **kw)

    def neg(self, provider, cred, value, form, trap, **kw):
        return self._add("negative", provider, cred, value, form, trap=trap, **kw)

    def b64pos(self, provider, cred, value, form, **kw):
        return self._add("positive", provider, cred, value, form, needle=base64.b64encode(value.encode()).decode(), **kw)

    def pempos(self, provider, cred, kind, form, escape=False, **kw):
        text, first = self.c.v.pem(kind)
        self._add("positive", provider, cred, text, form, needle=first, pem=True, check="pem", **kw)
        return text.replace("\n", "\\n") if escape else text


class Corpus:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.v = Vals(self.rng)
        self.values = set()
        self.files = []
        self.repos = []

    def register(self, value):
        key = json.dumps(value) if not isinstance(value, str) else value
        if key in self.values:
            raise ValueError("duplicate value: %r" % (key[:80],))
        self.values.add(key)

    def file(self, repo, path, lang):
        f = File(self, repo, path, lang)
        self.files.append(f)
        return f

    def write(self, outdir):
        labels, metas = [], []
        for f in self.files:
            assert f.text is not None, f.path
            full = os.path.join(outdir, f.repo, f.path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(f.text)
            lines = f.text.split("\n")
            for p in f.pending:
                hits = [i for i, ln in enumerate(lines) if p["needle"] in ln]
                if len(hits) != 1:
                    raise AssertionError("needle %r found %d times in %s/%s" % (p["needle"][:60], len(hits), f.repo, f.path))
                ln = hits[0]
                if p["pem"]:
                    while "-----BEGIN" not in lines[ln]:
                        ln -= 1
                rec = {"path": f.repo + "/" + f.path, "line": ln + 1, "label": p["label"], "provider": p["provider"],
                       "cred": p["cred"], "form": p["form"], "lang": p["lang"]}
                if p["trap"]:
                    rec["trap"] = p["trap"]
                labels.append(rec)
                metas.append(dict(rec, value=p["value"], needle=p["needle"], check=p["check"]))
        seen = {}
        for r in labels:
            k = (r["path"], r["line"])
            seen[k] = seen.get(k, 0) + 1
        os.makedirs(os.path.join(outdir, ".meta"), exist_ok=True)
        with open(os.path.join(outdir, "labels.jsonl"), "w") as fh:
            for r in labels:
                fh.write(json.dumps(r) + "\n")
        with open(os.path.join(outdir, ".meta", "values.jsonl"), "w") as fh:
            for r in metas:
                fh.write(json.dumps(r) + "\n")
        return labels
