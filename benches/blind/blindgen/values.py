"""Synthetic, format-correct credential values (positives) and their offline checks.

Each generator takes a seeded ``random.Random`` and returns a string. ``CHECKS`` maps a
check name to a predicate used by selfcheck.py. Shapes follow /work/shared/FORMATS.md.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import string
import uuid

from . import crypto as C

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DIG = string.digits
ALNUM = UP + LO + DIG
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def rs(rng, alphabet, n):
    """Random string that is not visibly patterned (has at least 3 classes when possible)."""
    while True:
        s = "".join(rng.choice(alphabet) for _ in range(n))
        classes = sum(any(c in cls for c in s) for cls in (UP, LO, DIG))
        want = sum(any(c in cls for c in alphabet) for cls in (UP, LO, DIG))
        if classes >= min(want, 3) and not re.search(r"(.)\1\1", s):
            return s


def rbytes(rng, n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def ruuid(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


# ------------------------------------------------------------------ exchanges
def binance_key(rng):
    return rs(rng, ALNUM, 64)


def kraken_key(rng):
    return base64.b64encode(rbytes(rng, 42)).decode()  # 56 chars


def kraken_secret(rng):
    return base64.b64encode(rbytes(rng, 64)).decode()  # 88 chars


def bybit_key(rng):
    return rs(rng, ALNUM, 18)


def bybit_secret(rng):
    return rs(rng, ALNUM, 36)


def okx_secret(rng):
    return rs(rng, "0123456789ABCDEF", 32)


def kucoin_key(rng):
    return rs(rng, HEX, 24)


def hex_n(n):
    return lambda rng: rs(rng, HEX, n)


def alnum_n(n, alphabet=ALNUM):
    return lambda rng: rs(rng, alphabet, n)


def bitfinex(rng):
    return rs(rng, B64URL, 43)


def gemini_key(rng):
    return rng.choice(["account-", "master-"]) + rs(rng, ALNUM, 20)


def htx_key(rng):
    return "-".join(rs(rng, ALNUM if i % 2 else HEX, k) for i, k in enumerate((8, 8, 8, 5)))


def mexc_key(rng):
    return "mx0" + rs(rng, LO + DIG, 15)


def bitget_key(rng):
    return "bg_" + rs(rng, HEX, 32)


def bitmex_key(rng):
    return rs(rng, B64URL, 24)


def bitmex_secret(rng):
    return rs(rng, B64URL, 48)


def deribit_id(rng):
    return rs(rng, ALNUM, 8)


def deribit_secret(rng):
    return rs(rng, B64URL, 43)


def coinbase_exchange_secret(rng):
    return base64.b64encode(rbytes(rng, 64)).decode()


def cdp_key_name(rng):
    return f"organizations/{ruuid(rng)}/apiKeys/{ruuid(rng)}"


def upbit_key(rng):
    return rs(rng, ALNUM, 40)


def whitebit_key(rng):
    return rs(rng, HEX, 32)


def bitvavo_key(rng):
    return rs(rng, HEX, 64)


def cryptocom_key(rng):
    return rs(rng, ALNUM, 22)


def cryptocom_secret(rng):
    return rs(rng, ALNUM, 22) + rs(rng, ALNUM, 6)


def passphrase(rng):
    words = ["Falcon", "Ridge", "Copper", "Lantern", "Harbor", "Nimbus", "Quartz", "Tundra", "Velvet",
             "Orbit", "Maple", "Cobalt", "Saffron", "Juniper", "Granite", "Pixel", "Mosaic", "Raven"]
    style = rng.randrange(3)
    if style == 0:
        return rng.choice(words) + rng.choice("-_.") + rng.choice(words) + str(rng.randrange(10, 9999))
    if style == 1:
        return rs(rng, ALNUM, rng.randrange(12, 20))
    return rs(rng, ALNUM, 6) + rng.choice("!*.-_~") + rs(rng, ALNUM, 7)


def password(rng):
    style = rng.randrange(4)
    if style == 0:
        return rs(rng, ALNUM, rng.randrange(14, 24))
    if style == 1:
        return passphrase(rng)
    if style == 2:
        return rs(rng, ALNUM, 5) + rng.choice("!*-_.~") + rs(rng, ALNUM, 5) + rng.choice("!*-_.~") + rs(rng, DIG, 3)
    return rs(rng, LO + DIG, 10) + rs(rng, UP, 2) + rs(rng, DIG, 3)


def evm_private(rng):
    while True:
        k = rng.getrandbits(256)
        if 0 < k < SECP256K1_N:
            return "0x" + format(k, "064x")


def evm_private_bare(rng):
    return evm_private(rng)[2:]


def solana_keypair_bytes(rng):
    seed = rbytes(rng, 32)
    return seed + C.ed25519_public(seed)


def solana_b58(rng):
    return C.b58encode(solana_keypair_bytes(rng))


def solana_json(rng):
    return json.dumps(list(solana_keypair_bytes(rng)), separators=(",", ":"))


def wif(rng):
    k = rng.getrandbits(256) % (SECP256K1_N - 1) + 1
    kind = rng.randrange(3)
    if kind == 0:
        return C.b58check_encode(b"\x80" + k.to_bytes(32, "big"))
    if kind == 1:
        return C.b58check_encode(b"\x80" + k.to_bytes(32, "big") + b"\x01")
    return C.b58check_encode(b"\xef" + k.to_bytes(32, "big") + b"\x01")


def xprv(rng):
    ver = bytes.fromhex(rng.choice(["0488ade4", "04b2430c", "04358394"]))  # xprv, zprv, tprv
    depth = bytes([rng.choice([0, 3])])
    fp = bytes(4) if depth == b"\0" else rbytes(rng, 4)
    child = bytes(4) if depth == b"\0" else (0x80000000 | rng.randrange(3)).to_bytes(4, "big")
    k = rng.getrandbits(256) % (SECP256K1_N - 1) + 1
    return C.b58check_encode(ver + depth + fp + child + rbytes(rng, 32) + b"\0" + k.to_bytes(32, "big"))


def bip39(rng, words=None):
    n = words or rng.choice([12, 12, 24, 24, 15, 18])
    return C.bip39_from_entropy(rbytes(rng, n * 11 * 32 // 33 // 8))


def bip39_12(rng):
    return bip39(rng, 12)


def bip39_24(rng):
    return bip39(rng, 24)


# ------------------------------------------------------------------ bots & messaging
def telegram(rng):
    return f"{rng.randrange(10**8, 10**10)}:AA" + rs(rng, B64URL, 33)


def discord_bot(rng):
    uid = str(rng.randrange(10**17, 10**19))
    p1 = base64.b64encode(uid.encode()).decode().rstrip("=")
    return f"{p1}.{rs(rng, B64URL, 6)}.{rs(rng, B64URL, rng.choice([27, 38]))}"


def discord_webhook(rng):
    return f"https://discord.com/api/webhooks/{rng.randrange(10**17, 10**19)}/{rs(rng, B64URL, 68)}"


def slack_webhook(rng):
    return f"https://hooks.slack.com/services/T{rs(rng, UP + DIG, 8)}/B{rs(rng, UP + DIG, 10)}/{rs(rng, ALNUM, 24)}"


def slack_bot(rng):
    return f"xoxb-{rng.randrange(10**10, 10**12)}-{rng.randrange(10**11, 10**13)}-{rs(rng, ALNUM, 24)}"


def twilio_sid(rng):
    return "AC" + rs(rng, HEX, 32)


def sendgrid(rng):
    return f"SG.{rs(rng, B64URL, 22)}.{rs(rng, B64URL, 43)}"


def threecommas_key(rng):
    return rs(rng, HEX, 64)


def threecommas_secret(rng):
    return rs(rng, HEX, 128)


# ------------------------------------------------------------------ brokers & data
def alpaca_key(rng):
    return rng.choice(["PK", "AK"]) + rs(rng, UP + DIG, 18)


def oanda(rng):
    return rs(rng, HEX, 32) + "-" + rs(rng, HEX, 32)


def schwab_key(rng):
    return rs(rng, ALNUM, 32)


def schwab_secret(rng):
    return rs(rng, ALNUM, 16)


def coingecko(rng):
    return "CG-" + rs(rng, ALNUM, 24)


def etherscan(rng):
    return rs(rng, UP + DIG, 34)


def alchemy(rng):
    return rs(rng, ALNUM + "_-", 32)


def tastytrade_token(rng):
    return rs(rng, B64URL, 40) + "+C"


def ib_password(rng):
    return password(rng)


# ------------------------------------------------------------------ cloud / dev platforms
def aws_key_id(rng):
    return rng.choice(["AKIA", "AKIA", "ASIA"]) + rs(rng, UP + "234567", 16)


def aws_secret(rng):
    return rs(rng, B64, 40)


def azure_storage_key(rng):
    return base64.b64encode(rbytes(rng, 64)).decode()


def azure_client_secret(rng):
    return rs(rng, ALNUM, 3) + str(rng.randrange(10)) + "Q~" + rs(rng, ALNUM + "_~.-", 34)


def openai_key(rng):
    if rng.random() < 0.3:
        return "sk-" + rs(rng, ALNUM, 20) + "T3BlbkFJ" + rs(rng, ALNUM, 20)
    pre = rng.choice(["sk-proj-", "sk-svcacct-"])
    return pre + rs(rng, B64URL, 74) + "T3BlbkFJ" + rs(rng, B64URL, 74)


def anthropic_key(rng):
    return "sk-ant-api03-" + rs(rng, B64URL, 93) + "AA"


def hf_token(rng):
    return "hf_" + rs(rng, UP + LO, 34)


def stripe_key(rng):
    return rng.choice(["sk_live_", "rk_live_", "sk_live_"]) + rs(rng, ALNUM, rng.choice([24, 99]))


def crc_token(prefix):
    def gen(rng):
        body = rs(rng, ALNUM, 30)
        return prefix + body + C.crc32_b62(body)
    return gen


def github_pat_fine(rng):
    return "github_pat_" + rs(rng, ALNUM, 22) + "_" + rs(rng, ALNUM, 59)


def gitlab(rng):
    return "glpat-" + rs(rng, B64URL, 20)


def dockerhub(rng):
    return "dckr_pat_" + rs(rng, B64URL, 27)


def pypi_token(rng):
    return "pypi-AgEIcHlwaS5vcmc" + rs(rng, B64URL, 150)


def mailgun(rng):
    return "key-" + rs(rng, HEX, 32)


# ------------------------------------------------------------------ framework & app secrets
def django_key(rng):
    return rs(rng, "abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)", 50)


def rails_master(rng):
    return rs(rng, HEX, 32)


def laravel_key(rng):
    return "base64:" + base64.b64encode(rbytes(rng, 32)).decode()


def wp_salt(rng):
    alpha = ALNUM + "!#%&()*+,-./:;<=>?@[]^_{|}~"
    return rs(rng, alpha, 64)


def machine_validation(rng):
    return rs(rng, "0123456789ABCDEF", 128)


def machine_decryption(rng):
    return rs(rng, "0123456789ABCDEF", 64)


def erlang_cookie(rng):
    return rs(rng, UP, 20)


def jwt_secret(rng):
    style = rng.randrange(3)
    if style == 0:
        return rs(rng, HEX, 64)
    if style == 1:
        return base64.urlsafe_b64encode(rbytes(rng, 48)).decode()
    return rs(rng, ALNUM, 40)


def _b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def jwt_token(rng):
    head = _b64u(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = _b64u(json.dumps({"sub": ruuid(rng), "scope": "trade read", "iat": 1700000000 + rng.randrange(10**7)},
                            separators=(",", ":")).encode())
    sig = _b64u(hmac.new(rbytes(rng, 32), f"{head}.{body}".encode(), hashlib.sha256).digest())
    return f"{head}.{body}.{sig}"


def nkey(rng):
    return C.nkey_seed(rbytes(rng, 32), rng.choice("UAN"))


def age_key(rng):
    return C.bech32_encode("age-secret-key-", rbytes(rng, 32)).upper()


def fernet_octobot(rng):
    raw = b"\x80" + (1700000000 + rng.randrange(10**7)).to_bytes(8, "big") + rbytes(rng, 16) + rbytes(rng, 64) + rbytes(rng, 32)
    return base64.urlsafe_b64encode(raw).decode()


def generic_api_key(rng):
    return rs(rng, ALNUM, rng.choice([32, 40]))


def jwk_private(rng):
    return {"kty": "EC", "crv": "P-256", "kid": f"bot-signer-{rng.randrange(100)}",
            "x": _b64u(rbytes(rng, 32)), "y": _b64u(rbytes(rng, 32)), "d": _b64u(rbytes(rng, 32))}


# ------------------------------------------------------------------ PEM
def wrap64(b64: str, width=64):
    return [b64[i:i + width] for i in range(0, len(b64), width)]


def _rsa_pkcs1(rng, bits=2048):
    nb = bits // 8
    ints = [0, rng.getrandbits(bits) | (1 << (bits - 1)) | 1, 65537, rng.getrandbits(bits - 2),
            rng.getrandbits(bits // 2) | (1 << (bits // 2 - 1)) | 1, rng.getrandbits(bits // 2) | (1 << (bits // 2 - 1)) | 1,
            rng.getrandbits(bits // 2 - 1), rng.getrandbits(bits // 2 - 1), rng.getrandbits(bits // 2 - 1)]
    del nb
    return C.der(0x30, b"".join(C.der_int(i) for i in ints))


def pem_lines(rng, kind=None):
    """Return (header_kind, list of lines) of a structurally valid private key PEM."""
    kind = kind or rng.choice(["RSA", "EC", "PKCS8-RSA", "PKCS8-ED25519", "OPENSSH"])
    if kind == "RSA":
        der, label = _rsa_pkcs1(rng, rng.choice([1024, 2048])), "RSA PRIVATE KEY"
    elif kind == "EC":
        body = (C.der_int(1) + C.der(0x04, rbytes(rng, 32)) +
                C.der(0xA0, bytes.fromhex("06082a8648ce3d030107")) +
                C.der(0xA1, C.der(0x03, b"\x00\x04" + rbytes(rng, 64))))
        der, label = C.der(0x30, body), "EC PRIVATE KEY"
    elif kind == "PKCS8-RSA":
        alg = C.der(0x30, bytes.fromhex("06092a864886f70d010101") + b"\x05\x00")
        der = C.der(0x30, C.der_int(0) + alg + C.der(0x04, _rsa_pkcs1(rng, 2048)))
        label = "PRIVATE KEY"
    elif kind == "PKCS8-ED25519":
        der, label = bytes.fromhex("302e020100300506032b657004220420") + rbytes(rng, 32), "PRIVATE KEY"
    else:
        seed = rbytes(rng, 32)
        pk = C.ed25519_public(seed)

        def s(b):
            return len(b).to_bytes(4, "big") + b
        pub = s(b"ssh-ed25519") + s(pk)
        chk = rbytes(rng, 4)
        priv = chk + chk + pub + s(seed + pk) + s(b"bot@trader")
        priv += bytes(range(1, 1 + (-len(priv) % 8)))
        raw = b"openssh-key-v1\0" + s(b"none") + s(b"none") + s(b"") + (1).to_bytes(4, "big") + s(pub) + s(priv)
        b64 = base64.b64encode(raw).decode()
        return "OPENSSH PRIVATE KEY", (["-----BEGIN OPENSSH PRIVATE KEY-----"] + wrap64(b64, 70) +
                                       ["-----END OPENSSH PRIVATE KEY-----"])
    b64 = base64.b64encode(der).decode()
    return label, [f"-----BEGIN {label}-----"] + wrap64(b64) + [f"-----END {label}-----"]


def pem(rng, kind=None):
    return "\n".join(pem_lines(rng, kind)[1])


def pem_ok(text: str) -> bool:
    m = re.search(r"-----BEGIN ([A-Z ]+)-----(.*?)-----END \1-----", text.replace("\\n", "\n"), re.S)
    if not m:
        return False
    body = re.sub(r"\s", "", m.group(2))
    try:
        raw = base64.b64decode(body, validate=True)
    except ValueError:
        return False
    if m.group(1) == "OPENSSH PRIVATE KEY":
        return raw.startswith(b"openssh-key-v1\0")
    return C.der_top_ok(raw)


# ------------------------------------------------------------------ checks used by selfcheck
def _re(p):
    rx = re.compile(p)
    return lambda v: bool(rx.fullmatch(v))


def _sol_b58(v):
    try:
        return C.solana_keypair_ok(C.b58decode(v))
    except ValueError:
        return False


def _sol_json(v):
    try:
        return C.solana_keypair_ok(bytes(json.loads(v)))
    except (ValueError, TypeError):
        return False


def _evm(v):
    h = v[2:] if v.startswith("0x") else v
    return bool(re.fullmatch(r"[0-9a-fA-F]{64}", h)) and 0 < int(h, 16) < SECP256K1_N


def _discord(v):
    p = v.split(".")
    if len(p) != 3:
        return False
    try:
        return base64.b64decode(p[0] + "=" * (-len(p[0]) % 4)).decode().isdigit()
    except ValueError:
        return False


def _laravel(v):
    return v.startswith("base64:") and len(base64.b64decode(v[7:])) == 32


def _fernet(v):
    raw = base64.urlsafe_b64decode(v)
    return raw[0] == 0x80 and (len(raw) - 57) % 16 == 0


def _jwt(v):
    try:
        return json.loads(base64.urlsafe_b64decode(v.split(".")[0] + "==")).get("alg") == "HS256"
    except ValueError:
        return False


CHECKS = {
    "ghp": lambda v: C.crc32_token_ok(v, v[:4]),
    "npm": lambda v: C.crc32_token_ok(v, "npm_"),
    "wif": lambda v: C.b58check_ok(v) and len(v) in (51, 52) and v[0] in "5KLc9",
    "xprv": lambda v: C.b58check_ok(v) and len(v) == 111,
    "bip39": C.bip39_ok,
    "solana-b58": _sol_b58,
    "solana-json": _sol_json,
    "evm": _evm,
    "nkey": C.nkey_ok,
    "age": lambda v: v.startswith("AGE-SECRET-KEY-1") and C.bech32_ok(v),
    "pem": pem_ok,
    "aws-id": _re(r"(AKIA|ASIA)[A-Z2-7]{16}"),
    "openai": lambda v: "T3BlbkFJ" in v and v.startswith("sk-"),
    "anthropic": _re(r"sk-ant-api03-[A-Za-z0-9_-]{93}AA"),
    "telegram": _re(r"\d{8,10}:[A-Za-z0-9_-]{35}"),
    "discord": _discord,
    "laravel": _laravel,
    "fernet": _fernet,
    "jwt": _jwt,
    "uuid": _re(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"),
    "alpaca": _re(r"(PK|AK)[A-Z0-9]{18}"),
    "oanda": _re(r"[0-9a-f]{32}-[0-9a-f]{32}"),
    "hex64": _re(r"[0-9a-f]{64}"),
    "alnum64": _re(r"[A-Za-z0-9]{64}"),
}
