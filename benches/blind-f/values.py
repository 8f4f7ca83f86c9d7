"""Synthetic credential value factory (stdlib only, deterministic per RNG)."""
import base64
import hashlib
import json
import os
import string
import zlib

ALNUM = string.ascii_letters + string.digits
UPALNUM = string.ascii_uppercase + string.digits
LOWALNUM = string.ascii_lowercase + string.digits
HEX = "0123456789abcdef"
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
B64URL = ALNUM + "-_"
SECP_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

_HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(_HERE, "bip39_english.txt")) as _fh:
    BIP39 = [w.strip() for w in _fh if w.strip()]
assert len(BIP39) == 2048


def b58encode(b: bytes) -> str:
    n = int.from_bytes(b, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(b) - len(b.lstrip(b"\0"))
    return "1" * pad + out


def b58check(payload: bytes) -> str:
    chk = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return b58encode(payload + chk)


def b62(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s or "0"


# ---- pure-python ed25519 public key derivation (for Solana keypairs) ----
_P = 2 ** 255 - 19
_D = -121665 * pow(121666, _P - 2, _P) % _P
_I = pow(2, (_P - 1) // 4, _P)


def _xrecover(y):
    xx = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P)
    x = pow(xx, (_P + 3) // 8, _P)
    if (x * x - xx) % _P != 0:
        x = (x * _I) % _P
    if x % 2 != 0:
        x = _P - x
    return x


_BY = 4 * pow(5, _P - 2, _P) % _P
_B = (_xrecover(_BY) % _P, _BY % _P, 1, _xrecover(_BY) * _BY % _P)


def _add(p, q):
    x1, y1, z1, t1 = p
    x2, y2, z2, t2 = q
    a = (y1 - x1) * (y2 - x2) % _P
    b = (y1 + x1) * (y2 + x2) % _P
    c = t1 * 2 * _D * t2 % _P
    dd = z1 * 2 * z2 % _P
    e, f, g, h = b - a, dd - c, dd + c, b + a
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _mul(p, e):
    q = (0, 1, 1, 0)
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
    x, y, z, _ = _mul(_B, a)
    zi = pow(z, _P - 2, _P)
    x, y = x * zi % _P, y * zi % _P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


class V:
    """Value generators. Every call draws from the seeded RNG."""

    def __init__(self, rng):
        self.r = rng
        self.seen = set()

    def _u(self, s):
        # guarantee uniqueness of generated values across the corpus
        if s in self.seen:
            raise RuntimeError("dup")
        self.seen.add(s)
        return s

    def chars(self, n, alpha=ALNUM):
        while True:
            s = "".join(self.r.choice(alpha) for _ in range(n))
            # make sure mixed alphabets really look random (has digit and letter)
            if alpha in (ALNUM, UPALNUM, LOWALNUM, B64URL) and not (any(c.isdigit() for c in s) and any(c.isalpha() for c in s)):
                continue
            if s not in self.seen:
                self.seen.add(s)
                return s

    def alnum(self, n): return self.chars(n, ALNUM)
    def upper(self, n): return self.chars(n, UPALNUM)
    def lower(self, n): return self.chars(n, LOWALNUM)
    def hex(self, n): return self.chars(n, HEX)
    def HEX(self, n): return self.chars(n, HEX.upper())
    def b64url(self, n): return self.chars(n, B64URL)
    def digits(self, n): return str(self.r.randint(1, 9)) + "".join(self.r.choice(string.digits) for _ in range(n - 1))

    def rbytes(self, n): return bytes(self.r.getrandbits(8) for _ in range(n))

    def b64(self, nbytes):
        return self._u(base64.b64encode(self.rbytes(nbytes)).decode())

    def uuid(self):
        h = self.hex(32)
        h = h[:12] + "4" + h[13:16] + self.r.choice("89ab") + h[17:]
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def passphrase(self):
        words = ["Moon", "Lambo", "Hodl", "Satoshi", "Trader", "Whale", "Degen", "Pump", "Alpha", "Delta", "Gamma", "Kappa", "Tiger", "Falcon", "Orbit"]
        sym = "!@#$%&*?"
        s = self.r.choice(words) + self.r.choice(words) + str(self.r.randint(10, 9999)) + self.r.choice(sym)
        if s in self.seen:
            return self.passphrase()
        return self._u(s)

    def password(self):
        while True:
            s = self.chars(self.r.randint(12, 18), ALNUM + "!#%^*-_+")
            if any(c.isdigit() for c in s) and any(c.isalpha() for c in s):
                return s

    # ---- exchanges ----
    def binance(self): return self.alnum(64)
    def bybit_key(self): return self.alnum(18)
    def bybit_secret(self): return self.alnum(36)
    def okx_secret(self): return self.HEX(32)
    def kucoin_key(self): return self.hex(24)
    def kraken_key(self): return self.b64(42)      # 56 chars
    def kraken_secret(self): return self.b64(64)   # 88 chars
    def cdp_name(self): return f"organizations/{self.uuid()}/apiKeys/{self.uuid()}"
    def cb_legacy_key(self): return self.hex(32)
    def cb_v2_key(self): return self.alnum(16)
    def bitget_key(self): return "bg_" + self.hex(32)
    def gate_key(self): return self.hex(32)
    def mexc_key(self): return "mx0vgl" + self.alnum(12)
    def htx_key(self): return f"{self.lower(8)}-{self.lower(8)}-{self.lower(8)}-{self.lower(5)}"
    def bitfinex(self): return self.alnum(43)
    def gemini_key(self): return "account-" + self.alnum(20)
    def gemini_secret(self): return self.alnum(28)
    def deribit_id(self): return self.b64url(8)
    def deribit_secret(self): return self.b64url(43)
    def bitvavo_key(self): return self.hex(64)
    def bitvavo_secret(self): return self.hex(128)
    def phemex_secret(self): return self.b64url(86)
    def upbit(self): return self.alnum(40)

    # ---- brokers / data ----
    def alpaca_key(self, live=False): return ("AK" if live else "PK") + self.upper(18)
    def oanda(self): return self.hex(32) + "-" + self.hex(32)
    def oanda_account(self): return f"{self.r.randint(100, 102)}-{self.r.randint(1, 9):03d}-{self.digits(8)}-{self.r.randint(1, 9):03d}"
    def cg_key(self): return "CG-" + self.alnum(24)

    # ---- wallets ----
    def evm_pk(self):
        while True:
            k = self.r.getrandbits(256)
            if 1 <= k < SECP_N:
                return self._u(f"{k:064x}")

    def evm_addr(self):
        h = self.hex(40)
        return "0x" + "".join(c.upper() if c.isalpha() and self.r.random() < 0.5 else c for c in h)

    def mnemonic(self, words=12):
        ent = self.rbytes(16 if words == 12 else 32)
        bits = bin(int.from_bytes(ent, "big"))[2:].zfill(len(ent) * 8)
        cs = len(ent) * 8 // 32
        bits += bin(hashlib.sha256(ent).digest()[0])[2:].zfill(8)[:cs]
        return self._u(" ".join(BIP39[int(bits[i:i + 11], 2)] for i in range(0, len(bits), 11)))

    def wif(self, compressed=True, testnet=False):
        while True:
            k = self.r.getrandbits(256)
            if 1 <= k < SECP_N:
                break
        payload = (b"\xef" if testnet else b"\x80") + k.to_bytes(32, "big") + (b"\x01" if compressed else b"")
        return self._u(b58check(payload))

    def xprv(self, testnet=False):
        ver = bytes.fromhex("04358394" if testnet else "0488ade4")
        k = self.r.getrandbits(256) % (SECP_N - 1) + 1
        payload = ver + b"\x00" + b"\x00" * 4 + b"\x00" * 4 + self.rbytes(32) + b"\x00" + k.to_bytes(32, "big")
        return self._u(b58check(payload))

    def xpub_like(self):
        ver = bytes.fromhex("0488b21e")
        payload = ver + b"\x00" * 9 + self.rbytes(32) + bytes([2 + self.r.getrandbits(1)]) + self.rbytes(32)
        return self._u(b58check(payload))

    def solana_keypair(self):
        seed = self.rbytes(32)
        kp = seed + ed25519_pub(seed)
        return list(kp), self._u(b58encode(kp)), b58encode(kp[32:])

    def sol_pubkey(self): return self._u(b58encode(self.rbytes(32)))

    def btc_addr(self): return "bc1q" + self.chars(38, "023456789acdefghjklmnpqrstuvwxyz")

    # ---- bots ----
    def telegram(self): return f"{self.digits(10)}:AA{self.b64url(33)}"

    def discord(self):
        uid = self.digits(19)
        p1 = base64.b64encode(uid.encode()).decode().rstrip("=")
        return self._u(f"{p1}.{self.b64url(6)}.{self.b64url(38)}")

    def discord_webhook(self): return f"https://discord.com/api/webhooks/{self.digits(19)}/{self.b64url(68)}"
    def slack_webhook(self): return f"https://hooks.slack.com/services/T{self.upper(8)}/B{self.upper(10)}/{self.alnum(24)}"
    def slack_bot(self): return f"xoxb-{self.digits(12)}-{self.digits(13)}-{self.alnum(24)}"

    # ---- cloud / AI / payments ----
    def aws_id(self): return "AKIA" + self.chars(16, string.ascii_uppercase + "234567")
    def aws_secret(self): return self.chars(40, ALNUM + "/+")
    def azure_storage_key(self): return self.b64(64)
    def azure_client_secret(self): return self.chars(3, ALNUM) + "8Q~" + self.chars(34, ALNUM + "~_.-")
    def openai(self): return "sk-proj-" + self.b64url(74) + "T3BlbkFJ" + self.b64url(74)
    def openai_legacy(self): return "sk-" + self.alnum(20) + "T3BlbkFJ" + self.alnum(20)
    def anthropic(self): return "sk-ant-api03-" + self.b64url(93) + "AA"
    def stripe(self, kind="sk", mode="live"): return f"{kind}_{mode}_" + self.alnum(99 if kind == "sk" and self.r.random() < 0.5 else 24)
    def stripe_whsec(self): return "whsec_" + self.alnum(32)
    def sendgrid(self): return "SG." + self.b64url(22) + "." + self.b64url(43)
    def twilio_sid(self): return "AC" + self.hex(32)
    def twilio_key(self): return "SK" + self.hex(32)

    def github(self, prefix="ghp"):
        body = self.alnum(30)
        chk = b62(zlib.crc32(body.encode()) & 0xFFFFFFFF).rjust(6, "0")
        return self._u(f"{prefix}_{body}{chk}")

    def github_fine(self): return "github_pat_11" + self.upper(20) + "_" + self.alnum(59)
    def gitlab(self): return "glpat-" + self.b64url(20)

    def npm(self):
        body = self.alnum(30)
        chk = b62(zlib.crc32(body.encode()) & 0xFFFFFFFF).rjust(6, "0")
        return self._u(f"npm_{body}{chk}")

    def pypi(self): return "pypi-AgEIcHlwaS5vcmc" + self.b64url(130)
    def django(self): return "django-insecure-" + self.chars(50, string.ascii_lowercase + string.digits + "!@#%^&*(-_=+)")
    def django_plain(self): return self.chars(50, string.ascii_lowercase + string.digits + "!@#%^&*(-_=+)")
    def laravel(self): return "base64:" + self.b64(32)
    def jwt_secret(self): return self.alnum(48)

    # ---- PEM / key material ----
    def _pem(self, header, prefix_b64, nbytes, width=64):
        body = prefix_b64 + base64.b64encode(self.rbytes(nbytes)).decode()
        self._u(body)
        lines = [body[i:i + width] for i in range(0, len(body), width)]
        return "\n".join([f"-----BEGIN {header}-----"] + lines + [f"-----END {header}-----"])

    def pem_rsa(self): return self._pem("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA", 1170)
    def pem_pkcs8(self): return self._pem("PRIVATE KEY", "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQ", 1155)
    def pem_ec(self): return self._pem("EC PRIVATE KEY", "MHcCAQEEI", 108)
    def pem_ed25519(self): return self._pem("PRIVATE KEY", "MC4CAQAwBQYDK2VwBCIEI", 33)
    def pem_openssh(self): return self._pem("OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW", 330, 70)
    def pem_pgp(self):
        body = "lQdGBF" + base64.b64encode(self.rbytes(600)).decode()
        self._u(body)
        lines = [body[i:i + 64] for i in range(0, len(body), 64)]
        crc = "=" + base64.b64encode(self.rbytes(3)).decode()
        return "\n".join(["-----BEGIN PGP PRIVATE KEY BLOCK-----", ""] + lines + [crc, "-----END PGP PRIVATE KEY BLOCK-----"])

    def pem_public(self): return self._pem("PUBLIC KEY", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", 270)
    def pem_cert(self): return self._pem("CERTIFICATE", "MIIDdzCCAl+gAwIBAgIE", 860)

    def gcp_sa(self, project):
        pem = self.pem_pkcs8()
        return {
            "type": "service_account",
            "project_id": project,
            "private_key_id": self.hex(40),
            "private_key": pem + "\n",
            "client_email": f"trader-bot@{project}.iam.gserviceaccount.com",
            "client_id": self.digits(21),
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": "https://oauth2.googleapis.com/token",
        }, pem

    # ---- non-secret look-alikes ----
    def sha1(self): return self.hex(40)
    def sha256(self): return self.hex(64)
    def tx_hash(self): return "0x" + self.hex(64)

    def bcrypt(self): return "$2b$12$" + self.chars(53, ALNUM + "./")
    def argon2(self): return f"$argon2id$v=19$m=65536,t=3,p=4${self.b64(16).rstrip('=')}${self.b64(32).rstrip('=')}"
    def pbkdf2_django(self): return f"pbkdf2_sha256$600000${self.alnum(22)}${self.b64(32)}"

    def sops(self): return f"ENC[AES256_GCM,data:{self.b64(30)},iv:{self.b64(32)},tag:{self.b64(16)},type:str]"

    def vault_block(self):
        lines = ["$ANSIBLE_VAULT;1.1;AES256"] + [self.hex(80) for _ in range(5)]
        return "\n".join(lines)

    def keystore(self):
        return {"version": 3, "id": self.uuid(), "address": self.evm_addr()[2:].lower(),
                "crypto": {"ciphertext": self.hex(64), "cipherparams": {"iv": self.hex(32)}, "cipher": "aes-128-ctr",
                           "kdf": "scrypt", "kdfparams": {"dklen": 32, "salt": self.hex(64), "n": 262144, "r": 8, "p": 1},
                           "mac": self.hex(64)}}

    def png_b64(self):
        return "iVBORw0KGgoAAAANSUhEUgAAA" + base64.b64encode(self.rbytes(180)).decode()

    def woff_b64(self):
        return "d09GMgABAAAAA" + base64.b64encode(self.rbytes(240)).decode()


def enc_variants(v: str):
    out = {v}
    out.add(json.dumps(v)[1:-1])
    from urllib.parse import quote
    out.add(quote(v, safe=""))
    out.add(base64.b64encode(v.encode()).decode().rstrip("="))
    return out
