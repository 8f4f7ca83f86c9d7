"""Core machinery: value factories, label registry, file writer. Stdlib only."""
import base64, hashlib, json, os, random, re, string, textwrap, uuid as _uuid

HERE = os.path.dirname(os.path.abspath(__file__))
WORDS = open(os.path.join(HERE, "bip39_english.txt")).read().split()
assert len(WORDS) == 2048 and WORDS[0] == "abandon" and WORDS[-1] == "zoo"

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58(b: bytes) -> str:
    n = int.from_bytes(b, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(b) - len(b.lstrip(b"\0"))
    return "1" * pad + out


def dsha(b):
    return hashlib.sha256(hashlib.sha256(b).digest()).digest()


def b58check(payload: bytes) -> str:
    return b58(payload + dsha(payload)[:4])


# ---- ed25519 public key derivation (pure python, for Solana keypairs) ----
_P = 2**255 - 19
_D = -121665 * pow(121666, _P - 2, _P) % _P
_I = pow(2, (_P - 1) // 4, _P)


def _xrec(y):
    xx = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P)
    x = pow(xx, (_P + 3) // 8, _P)
    if (x * x - xx) % _P:
        x = x * _I % _P
    if x % 2:
        x = _P - x
    return x


_BY = 4 * pow(5, _P - 2, _P) % _P
_B = (_xrec(_BY), _BY)


def _add(p, q):
    x1, y1 = p
    x2, y2 = q
    t = _D * x1 * x2 * y1 * y2
    x3 = (x1 * y2 + x2 * y1) * pow(1 + t, _P - 2, _P)
    y3 = (y1 * y2 + x1 * x2) * pow(1 - t, _P - 2, _P)
    return x3 % _P, y3 % _P


def _mul(p, e):
    q = (0, 1)
    while e:
        if e & 1:
            q = _add(q, p)
        p = _add(p, p)
        e >>= 1
    return q


def ed25519_pub(seed: bytes) -> bytes:
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    x, y = _mul(_B, a)
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def _der_len(n):
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def _der(tag, body):
    return bytes([tag]) + _der_len(len(body)) + body


def _der_int(b: bytes):
    b = b.lstrip(b"\0") or b"\0"
    if b[0] & 0x80:
        b = b"\0" + b
    return _der(0x02, b)


def pem(label, der, width=64):
    s = base64.b64encode(der).decode()
    body = "\n".join(s[i:i + width] for i in range(0, len(s), width))
    return f"-----BEGIN {label}-----\n{body}\n-----END {label}-----"


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.used = set()
        self.entries = []
        self.files = {}  # path -> text

    # ---------- primitive random ----------
    def rb(self, n):
        return bytes(self.rng.getrandbits(8) for _ in range(n))

    def pick(self, alphabet, n):
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def an(self, n):  # mixed-case alnum with at least one digit/upper/lower
        while True:
            s = self.pick(string.ascii_letters + string.digits, n)
            if any(c.isdigit() for c in s) and any(c.isupper() for c in s) and any(c.islower() for c in s):
                return s

    def lan(self, n):
        while True:
            s = self.pick(string.ascii_lowercase + string.digits, n)
            if sum(c.isdigit() for c in s) >= 2 and any(c.isalpha() for c in s):
                return s

    def uan(self, n):
        while True:
            s = self.pick(string.ascii_uppercase + string.digits, n)
            if sum(c.isdigit() for c in s) >= 2 and any(c.isalpha() for c in s):
                return s

    def hx(self, n):
        return self.rb((n + 1) // 2).hex()[:n]

    def HX(self, n):
        return self.hx(n).upper()

    def b64(self, nbytes):
        return base64.b64encode(self.rb(nbytes)).decode()

    def b64u(self, n):
        while True:
            s = self.pick(string.ascii_letters + string.digits + "-_", n)
            if any(c.isdigit() for c in s):
                return s

    def dig(self, n):
        return str(self.rng.randint(1, 9)) + self.pick(string.digits, n - 1)

    def uuid(self):
        return str(_uuid.UUID(bytes=self.rb(16), version=4))

    def pw(self):
        w1 = self.rng.choice(WORDS).capitalize()
        w2 = self.rng.choice(WORDS).capitalize()
        return f"{w1}{self.rng.choice('-_.!')}{w2}{self.dig(4)}{self.rng.choice('!#%*?')}"

    # ---------- provider formats ----------
    def eth_pk(self, prefix=True):
        return ("0x" if prefix else "") + self.hx(64)

    def eth_addr(self):
        return "0x" + self.hx(40)

    def tg_token(self):
        return f"{self.dig(10)}:AA{self.b64u(33)}"

    def discord_token(self):
        uid = self.dig(18)
        p1 = base64.b64encode(uid.encode()).decode().rstrip("=")
        return f"{p1}.{self.b64u(6)}.{self.b64u(38)}"

    def discord_hook(self):
        return f"https://discord.com/api/webhooks/{self.dig(19)}/{self.b64u(68)}"

    def slack_hook(self):
        return f"https://hooks.slack.com/services/T{self.uan(8)}/B{self.uan(10)}/{self.an(24)}"

    def aws_id(self):
        return "AKIA" + self.pick(string.ascii_uppercase + "234567", 16)

    def aws_secret(self):
        while True:
            s = self.pick(string.ascii_letters + string.digits + "/+", 40)
            if "/" in s or "+" in s:
                return s

    def openai(self):
        return f"sk-proj-{self.b64u(58)}T3BlbkFJ{self.b64u(58)}"

    def anthropic(self):
        return f"sk-ant-api03-{self.b64u(93)}AA"

    def gemini_key(self):
        return "account-" + self.an(20)

    def htx(self):
        return f"{self.lan(8)}-{self.lan(8)}-{self.lan(8)}-{self.lan(5)}"

    def mexc_key(self):
        return "mx0vgl" + self.an(30)

    def alpaca_id(self, live=False):
        return ("AK" if live else "PK") + self.uan(18)

    def oanda(self):
        return f"{self.hx(32)}-{self.hx(32)}"

    def wif(self):
        return b58check(b"\x80" + self.rb(32) + b"\x01")

    def xprv(self):
        return b58check(bytes.fromhex("0488ade4") + b"\0" * 9 + self.rb(32) + b"\0" + self.rb(32))

    def xpub(self):
        return b58check(bytes.fromhex("0488b21e") + bytes([3]) + self.rb(4) + b"\0\0\0\0" + self.rb(32)
                        + bytes([2 + self.rng.getrandbits(1)]) + self.rb(32))

    def btc_addr(self):
        return b58check(b"\0" + self.rb(20))

    def mnemonic(self, nwords=12):
        ent = self.rb(nwords * 4 // 3)
        cs_bits = len(ent) * 8 // 32
        bits = bin(int.from_bytes(ent, "big"))[2:].zfill(len(ent) * 8)
        bits += bin(hashlib.sha256(ent).digest()[0])[2:].zfill(8)[:cs_bits]
        return " ".join(WORDS[int(bits[i:i + 11], 2)] for i in range(0, len(bits), 11))

    def sol_keypair_bytes(self):
        seed = self.rb(32)
        return seed + ed25519_pub(seed)

    def sol_pub(self):
        return b58(ed25519_pub(self.rb(32)))

    def ec_pem(self):
        der = bytes.fromhex("30770201010420") + self.rb(32) + bytes.fromhex(
            "a00a06082a8648ce3d030107a144034200") + b"\x04" + self.rb(64)
        return pem("EC PRIVATE KEY", der)

    def ed_pem(self):
        der = bytes.fromhex("302e020100300506032b657004220420") + self.rb(32)
        return pem("PRIVATE KEY", der)

    def rsa_der(self, bits=2048):
        nb = bits // 8
        ints = [b"\0", b"\x80" + self.rb(nb - 1), b"\x01\x00\x01", self.rb(nb), b"\xc0" + self.rb(nb // 2 - 1),
                b"\xc0" + self.rb(nb // 2 - 1), self.rb(nb // 2), self.rb(nb // 2), self.rb(nb // 2)]
        return _der(0x30, b"".join(_der_int(i) for i in ints))

    def rsa_pem(self, bits=2048):
        return pem("RSA PRIVATE KEY", self.rsa_der(bits))

    def pkcs8_rsa_pem(self, bits=2048):
        inner = self.rsa_der(bits)
        algo = bytes.fromhex("300d06092a864886f70d0101010500")
        der = _der(0x30, _der_int(b"\0") + algo + _der(0x04, inner))
        return pem("PRIVATE KEY", der)

    def bcrypt(self):
        return "$2b$12$" + self.pick("./" + string.ascii_letters + string.digits, 53)

    def sha256(self):
        return hashlib.sha256(self.rb(40)).hexdigest()

    # ---------- registry ----------
    def repo(self, name):
        def f(path, lang, template, **kw):
            return self.file(f"{name}/{path}", lang, template, **kw)
        return f

    def _mark(self, label, provider, cred, value, form, shown=None, kind=None, emit=True):
        if value in self.used:
            raise ValueError(f"duplicate value {value!r}")
        self.used.add(value)
        i = len(self.entries)
        self.entries.append(dict(label=label, provider=provider, cred=cred, value=value,
                                 shown=value if shown is None else shown, form=form, kind=kind, emit=emit))
        return f"\x01{i}\x02"

    def S(self, provider, cred, value, form, shown=None, emit=True):
        return self._mark("secret", provider, cred, value, form, shown, emit=emit)

    def T(self, kind, value, form, provider="generic", cred="none", shown=None, emit=True):
        return self._mark("trap", provider, cred, value, form, shown, kind, emit)

    def file(self, path, lang, template, **kw):
        text = textwrap.dedent(template).lstrip("\n")
        usedk = set()

        def sub(m):
            usedk.add(m.group(1))
            return kw[m.group(1)]
        text = re.sub(r"@@(\w+)@@", sub, text)
        extra = set(kw) - usedk
        assert not extra, (path, extra)
        out = []
        line = 1
        pos = 0
        for m in re.finditer(r"\x01(\d+)\x02", text):
            seg = text[pos:m.start()]
            line += seg.count("\n")
            out.append(seg)
            e = self.entries[int(m.group(1))]
            assert "path" not in e, ("marker used twice", e)
            e["path"], e["line"], e["lang"] = path, line, lang
            if e["emit"]:
                out.append(e["shown"])
                line += e["shown"].count("\n")
            pos = m.end()
        out.append(text[pos:])
        assert path not in self.files, path
        self.files[path] = "".join(out)
