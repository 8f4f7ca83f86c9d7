"""Value factories: random, unique, correctly shaped synthetic credentials (never real keys)."""
import base64, hashlib, struct, zlib, uuid, os

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
UPALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
LOWALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
B64 = ALNUM + "+/"
B64URL = ALNUM + "_-"
HEX = "0123456789abcdef"
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

_WORDS = None
def words():
    global _WORDS
    if _WORDS is None:
        p = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bip39_english.txt")
        _WORDS = open(p).read().split()
        assert len(_WORDS) == 2048
    return _WORDS

def b58enc(b):
    n = int.from_bytes(b, "big"); s = ""
    while n:
        n, r = divmod(n, 58); s = B58[r] + s
    pad = len(b) - len(b.lstrip(b"\0"))
    return "1" * pad + s

def b58check(payload):
    c = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return b58enc(payload + c)

# --- Ed25519 (RFC 8032 math, written for this corpus) for Solana public halves ---
_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = (-121665 * pow(121666, _P - 2, _P)) % _P
def _inv(x): return pow(x, _P - 2, _P)
def _xrecover(y):
    xx = (y * y - 1) * _inv(_D * y * y + 1)
    x = pow(xx, (_P + 3) // 8, _P)
    if (x * x - xx) % _P: x = (x * pow(2, (_P - 1) // 4, _P)) % _P
    if x % 2: x = _P - x
    return x
_BY = 4 * _inv(5) % _P
_B = (_xrecover(_BY), _BY, 1, _xrecover(_BY) * _BY % _P)
def _add(p, q):
    x1, y1, z1, t1 = p; x2, y2, z2, t2 = q
    a = (y1 - x1) * (y2 - x2) % _P; b = (y1 + x1) * (y2 + x2) % _P
    c = 2 * t1 * t2 * _D % _P; d = 2 * z1 * z2 % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)
def _mul(s, p):
    q = (0, 1, 1, 0)
    while s:
        if s & 1: q = _add(q, p)
        p = _add(p, p); s >>= 1
    return q
def ed25519_pub(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8; a |= 1 << 254
    x, y, z, _ = _mul(a, _B)
    zi = _inv(z); x = x * zi % _P; y = y * zi % _P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")

def wrap64(s, n=64): return [s[i:i + n] for i in range(0, len(s), n)]

class V:
    def __init__(self, rng):
        self.r = rng; self.seen = set()
    def uniq(self, f):
        for _ in range(100):
            v = f()
            if v not in self.seen:
                self.seen.add(v); return v
        raise RuntimeError("no unique value")
    def s(self, n, alpha=ALNUM):
        return self.uniq(lambda: "".join(self.r.choice(alpha) for _ in range(n)))
    def mixed(self, n, alpha=ALNUM):
        # ensure upper+lower+digit present for realism
        def f():
            while True:
                x = "".join(self.r.choice(alpha) for _ in range(n))
                if any(c.isupper() for c in x) + any(c.islower() for c in x) + any(c.isdigit() for c in x) >= min(3, len(set(map(lambda c: c.isupper()*1+c.islower()*2, alpha)))):
                    return x
        return self.uniq(f)
    def rb(self, n): return bytes(self.r.getrandbits(8) for _ in range(n))
    def hex(self, n): return self.s(n, HEX)
    def uuid(self): return self.uniq(lambda: str(uuid.UUID(bytes=self.rb(16), version=4)))
    def b64(self, nbytes): return self.uniq(lambda: base64.b64encode(self.rb(nbytes)).decode())
    def b64url(self, nbytes): return self.uniq(lambda: base64.urlsafe_b64encode(self.rb(nbytes)).decode().rstrip("="))
    def password(self, n=None):
        n = n or self.r.randint(12, 22)
        a = ALNUM + "!#%^*_-+=.~"
        def f():
            w = self.r.choice(["", self.r.choice(["Tr4d3", "Moon", "Hodl", "Bull", "Pump", "Sats", "Kr4k", "Qnt"])])
            return w + "".join(self.r.choice(a) for _ in range(n - len(w)))
        return self.uniq(f)
    def passphrase(self):
        return self.uniq(lambda: self.r.choice(["Grid", "bot", "Okx", "kc", "Alpha", "delta", "Sigma"]) + "".join(self.r.choice(ALNUM + "!@$%_") for _ in range(self.r.randint(8, 16))))
    # exchanges
    def binance(self): return self.mixed(64)
    def kraken_key(self): return self.uniq(lambda: base64.b64encode(self.rb(42)).decode())  # 56 chars
    def kraken_secret(self): return self.b64(64)  # 88 chars
    def bybit_key(self): return self.mixed(18)
    def bybit_secret(self): return self.mixed(36)
    def okx_secret(self): return self.s(32, "0123456789ABCDEF")
    def kucoin_key(self): return self.hex(24)
    def bitfinex(self): return self.s(43, B64URL)
    def gemini_key(self): return self.r.choice(["account-", "master-"]) + self.mixed(20)
    def gemini_secret(self): return self.mixed(28)
    def htx(self):
        return self.uniq(lambda: "-".join("".join(self.r.choice(ALNUM) for _ in range(k)) for k in (8, 8, 8, 5)))
    def mexc_key(self): return "mx0" + self.s(15, LOWALNUM)
    def bitget_key(self): return "bg_" + self.hex(32)
    def bitmex_key(self): return self.s(24, B64URL)
    def bitmex_secret(self): return self.s(48, B64URL)
    def deribit_id(self): return self.s(8, ALNUM)
    def deribit_secret(self): return self.s(43, B64URL)
    def evm(self, prefix=True): return ("0x" if prefix else "") + self.hex(64)
    def addr(self): return "0x" + self.hex(40)
    def cdp_name(self): return f"organizations/{self.uuid()}/apiKeys/{self.uuid()}"
    def cb_b64secret(self): return self.b64(64)
    def cdp_ed(self): return self.b64(64)
    # brokers / data
    def alpaca_key(self, live=False): return ("AK" if live else "PK") + self.s(18, UPALNUM)
    def alpaca_secret(self): return self.mixed(40)
    def oanda(self): return self.uniq(lambda: "".join(self.r.choice(HEX) for _ in range(32)) + "-" + "".join(self.r.choice(HEX) for _ in range(32)))
    def oanda_acct(self): return self.uniq(lambda: f"{self.r.randint(100,999)}-{self.r.randint(100,999):03d}-{self.r.randint(1000000,99999999)}-{self.r.randint(1,9):03d}")
    def tradier(self): return self.mixed(28)
    def schwab_key(self): return self.mixed(32)
    def schwab_secret(self): return self.mixed(16)
    def kite_key(self): return self.s(16, LOWALNUM)
    def kite_secret(self): return self.s(32, LOWALNUM)
    def polygon(self): return self.mixed(32)
    def alphavantage(self): return self.s(16, UPALNUM)
    def finnhub(self): return self.s(20, LOWALNUM)
    def coingecko(self): return "CG-" + self.mixed(24)
    def etherscan(self): return self.s(34, UPALNUM)
    def infura(self): return self.hex(32)
    def alchemy(self): return self.s(32, ALNUM + "_-")
    def tiingo(self): return self.s(40, LOWALNUM)
    def twelvedata(self): return self.s(32, LOWALNUM)
    def threecommas(self): return self.hex(64)
    # wallets
    def mnemonic(self, n=None):
        n = n or self.r.choice([12, 24])
        ent = self.rb(n * 4 // 3)
        bits = int.from_bytes(ent, "big")
        cs = n // 3
        h = hashlib.sha256(ent).digest()[0] >> (8 - cs)
        total = (bits << cs) | h
        w = words()
        out = [w[(total >> (11 * (n - 1 - i))) & 2047] for i in range(n)]
        return self.uniq(lambda: " ".join(out))
    def wif(self, compressed=None, testnet=False):
        comp = self.r.random() < 0.6 if compressed is None else compressed
        def f():
            k = self.rb(32)
            return b58check(bytes([0xEF if testnet else 0x80]) + k + (b"\x01" if comp else b""))
        return self.uniq(f)
    def xprv(self, ver="xprv"):
        vb = {"xprv": "0488ade4", "tprv": "04358394", "zprv": "04b2430c", "yprv": "049d7878"}[ver]
        def f():
            depth = self.r.choice([0, 3, 4])
            fp = b"\0" * 4 if depth == 0 else self.rb(4)
            child = b"\0" * 4 if depth == 0 else struct.pack(">I", 0x80000000 | self.r.randint(0, 3))
            return b58check(bytes.fromhex(vb) + bytes([depth]) + fp + child + self.rb(32) + b"\0" + self.rb(32))
        return self.uniq(f)
    def xpub(self):
        return self.uniq(lambda: b58check(bytes.fromhex("0488b21e") + b"\x03" + self.rb(4) + struct.pack(">I", 0x80000000) + self.rb(32) + b"\x02" + self.rb(32)))
    def solana(self):
        seed = self.rb(32)
        kp = seed + ed25519_pub(seed)
        return list(kp), b58enc(kp), b58enc(kp[32:])
    def sol_pub(self): return self.uniq(lambda: b58enc(self.rb(32)))
    # PEM
    def pem(self, kind):
        if kind == "ed25519":
            der = bytes.fromhex("302e020100300506032b657004220420") + self.rb(32); tag = "PRIVATE KEY"
        elif kind == "ec":
            der = bytes.fromhex("30770201010420") + self.rb(32) + bytes.fromhex("a00a06082a8648ce3d030107a14403420004") + self.rb(64); tag = "EC PRIVATE KEY"
        elif kind == "rsa":
            der = bytes.fromhex("308204a40201000282010100") + self.rb(1180); tag = "RSA PRIVATE KEY"
        elif kind == "pkcs8":
            der = bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100") + self.rb(1180); tag = "PRIVATE KEY"
        elif kind == "openssh":
            der = b"openssh-key-v1\0" + self.rb(380); tag = "OPENSSH PRIVATE KEY"
        body = base64.b64encode(der).decode()
        self.seen.add(body)
        return tag, body
    def pem_text(self, kind, nl="\n"):
        tag, body = self.pem(kind)
        return nl.join([f"-----BEGIN {tag}-----"] + wrap64(body, 70 if kind == "openssh" else 64) + [f"-----END {tag}-----"]), tag, body
    # chat / saas
    def telegram(self): return self.uniq(lambda: f"{self.r.randint(10**8, 10**10-1)}:AA" + "".join(self.r.choice(B64URL) for _ in range(33)))
    def discord(self):
        def f():
            uid = str(self.r.randint(10**17, 10**19 - 1)).encode()
            a = base64.b64encode(uid).decode().rstrip("=")
            return a + "." + "".join(self.r.choice(B64URL) for _ in range(6)) + "." + "".join(self.r.choice(B64URL) for _ in range(self.r.choice([27, 38])))
        return self.uniq(f)
    def discord_webhook(self):
        return self.uniq(lambda: f"https://{self.r.choice(['discord','discordapp'])}.com/api/webhooks/{self.r.randint(10**17, 10**19-1)}/" + "".join(self.r.choice(B64URL) for _ in range(68)))
    def slack_webhook(self):
        return self.uniq(lambda: "https://hooks.slack.com/services/T" + "".join(self.r.choice(UPALNUM) for _ in range(8)) + "/B" + "".join(self.r.choice(UPALNUM) for _ in range(10)) + "/" + "".join(self.r.choice(ALNUM) for _ in range(24)))
    def twilio_sid(self): return "AC" + self.hex(32)
    def twilio_tok(self): return self.hex(32)
    def aws_key(self): return self.r.choice(["AKIA", "AKIA", "ASIA"]) + self.s(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    def aws_secret(self): return self.s(40, ALNUM + "/+")
    def openai(self):
        return self.uniq(lambda: self.r.choice(["sk-proj-", "sk-svcacct-", "sk-"]) + "".join(self.r.choice(B64URL) for _ in range(self.r.choice([20, 48]))) + "T3BlbkFJ" + "".join(self.r.choice(B64URL) for _ in range(self.r.choice([20, 48]))))
    def anthropic(self): return "sk-ant-api03-" + self.s(93, B64URL) + "AA"
    def github(self, pfx="ghp_"):
        def f():
            body = "".join(self.r.choice(ALNUM) for _ in range(30))
            c = zlib.crc32(body.encode()) & 0xffffffff
            b62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"; t = ""
            while c: c, r = divmod(c, 62); t = b62[r] + t
            return pfx + body + t.rjust(6, "0")
        return self.uniq(f)
    def stripe(self, live=True): return ("sk_live_" if live else "rk_live_") + self.mixed(self.r.choice([24, 99]))
    def jwt_secret(self): return self.uniq(lambda: self.r.choice([lambda: self.rb(32).hex(), lambda: base64.b64encode(self.rb(48)).decode(), lambda: "".join(self.r.choice(ALNUM) for _ in range(40))])())
    def bearer(self): return self.b64url(self.r.choice([30, 40]))
    def jwt_token(self):
        h = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=")
        p = base64.urlsafe_b64encode(('{"sub":"%d","role":"trader","iat":%d}' % (self.r.randint(1, 99999), 1760000000 + self.r.randint(0, 10**7))).encode()).decode().rstrip("=")
        return self.uniq(lambda: h + "." + p + "." + base64.urlsafe_b64encode(self.rb(32)).decode().rstrip("="))
    def sha(self, n=40): return self.hex(n)
    def fernet(self):
        return self.uniq(lambda: base64.urlsafe_b64encode(b"\x80" + struct.pack(">Q", 1760000000 + self.r.randint(0, 10**7)) + self.rb(16) + self.rb(self.r.choice([80, 96])) + self.rb(32)).decode())
    def keystore_hex(self):
        import json
        d = {"crypto": {"cipher": "aes-128-ctr", "cipherparams": {"iv": self.rb(16).hex()}, "ciphertext": self.rb(64).hex(), "kdf": "pbkdf2", "kdfparams": {"c": 1000000, "dklen": 32, "prf": "hmac-sha256", "salt": self.rb(16).hex()}, "mac": self.rb(32).hex()}, "version": 3}
        return self.uniq(lambda: json.dumps(d).encode().hex())
