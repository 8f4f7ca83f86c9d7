"""Value generators for synthetic credentials and non-secret look-alikes.

All randomness comes from the random.Random passed in, so output is deterministic per seed.
Checksummed formats (BIP-39, WIF, xprv, GitHub/npm tokens) are computed for real.
"""
import base64
import hashlib
import string
import zlib

from bip39_english import WORDS

ALNUM = string.ascii_letters + string.digits
UPPER_ALNUM = string.ascii_uppercase + string.digits
LOWER_ALNUM = string.ascii_lowercase + string.digits
HEX = "0123456789abcdef"
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
BASE32 = string.ascii_uppercase + "234567"


def rs(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def rbytes(rng, n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def b64(b):
    return base64.b64encode(b).decode()


def uuid4(rng):
    h = rs(rng, HEX, 32)
    h = h[:12] + "4" + h[13:16] + rng.choice("89ab") + h[17:]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


# ---------------------------------------------------------------- base58 / checksums
def b58encode(b):
    n = int.from_bytes(b, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(b) - len(b.lstrip(b"\0"))
    return "1" * pad + out


def b58check(payload):
    chk = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return b58encode(payload + chk)


def base62(n, width):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(width, "0")


def gh_token(rng, prefix="ghp_"):
    body = rs(rng, ALNUM, 30)
    return prefix + body + base62(zlib.crc32(body.encode()) & 0xFFFFFFFF, 6)


SECP_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def privkey32(rng):
    while True:
        k = rbytes(rng, 32)
        if 0 < int.from_bytes(k, "big") < SECP_N:
            return k


def wif(rng, compressed=True, testnet=False):
    k = privkey32(rng)
    payload = (b"\xef" if testnet else b"\x80") + k + (b"\x01" if compressed else b"")
    return b58check(payload)


def xprv(rng, testnet=False):
    ver = bytes.fromhex("04358394" if testnet else "0488ade4")
    depth = rng.choice([0, 3])
    fp = b"\0\0\0\0" if depth == 0 else rbytes(rng, 4)
    child = b"\0\0\0\0" if depth == 0 else (0x80000000 + rng.randint(0, 2)).to_bytes(4, "big")
    payload = ver + bytes([depth]) + fp + child + rbytes(rng, 32) + b"\0" + privkey32(rng)
    return b58check(payload)


def mnemonic(rng, words=12):
    ent_bits = {12: 128, 15: 160, 18: 192, 21: 224, 24: 256}[words]
    ent = rbytes(rng, ent_bits // 8)
    cs_bits = ent_bits // 32
    h = hashlib.sha256(ent).digest()
    bits = bin(int.from_bytes(ent, "big"))[2:].zfill(ent_bits) + bin(h[0])[2:].zfill(8)[:cs_bits]
    return " ".join(WORDS[int(bits[i:i + 11], 2)] for i in range(0, len(bits), 11))


# ---------------------------------------------------------------- ed25519 (Solana keypairs)
_Q = 2 ** 255 - 19
_D = -121665 * pow(121666, _Q - 2, _Q) % _Q
_I = pow(2, (_Q - 1) // 4, _Q)


def _xrecover(y):
    xx = (y * y - 1) * pow(_D * y * y + 1, _Q - 2, _Q)
    x = pow(xx, (_Q + 3) // 8, _Q)
    if (x * x - xx) % _Q:
        x = x * _I % _Q
    if x % 2:
        x = _Q - x
    return x


_BY = 4 * pow(5, _Q - 2, _Q) % _Q
_B = (_xrecover(_BY), _BY)


def _add(P, Q):
    x1, y1 = P
    x2, y2 = Q
    t = _D * x1 * x2 * y1 * y2
    x3 = (x1 * y2 + x2 * y1) * pow(1 + t, _Q - 2, _Q)
    y3 = (y1 * y2 + x1 * x2) * pow(1 - t, _Q - 2, _Q)
    return x3 % _Q, y3 % _Q


def _mul(P, e):
    R = (0, 1)
    while e:
        if e & 1:
            R = _add(R, P)
        P = _add(P, P)
        e >>= 1
    return R


def ed25519_pub(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    x, y = _mul(_B, a)
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def solana_keypair(rng):
    seed = rbytes(rng, 32)
    return seed + ed25519_pub(seed)


# ---------------------------------------------------------------- PEM
def pem(kind, der):
    body = b64(der)
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return "\n".join([f"-----BEGIN {kind}-----"] + lines + [f"-----END {kind}-----"])


def ec_pem(rng):
    der = (bytes.fromhex("30770201010420") + privkey32(rng) + bytes.fromhex("a00a06082a8648ce3d030107a144034200")
           + b"\x04" + rbytes(rng, 64))
    return pem("EC PRIVATE KEY", der)


def rsa_pem(rng, pkcs8=True):
    if pkcs8:
        der = bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100") + rbytes(rng, 1185)
        return pem("PRIVATE KEY", der)
    der = bytes.fromhex("308204a40201000282010100") + rbytes(rng, 1180)
    return pem("RSA PRIVATE KEY", der)


def ed25519_pem(rng):
    return pem("PRIVATE KEY", bytes.fromhex("302e020100300506032b657004220420") + rbytes(rng, 32))


def openssh_pem(rng):
    der = b"openssh-key-v1\0" + rbytes(rng, 380)
    return pem("OPENSSH PRIVATE KEY", der)


def pub_pem(rng):
    der = bytes.fromhex("30820122300d06092a864886f70d01010105000382010f003082010a0282010100") + rbytes(rng, 261)
    return pem("PUBLIC KEY", der)


# ---------------------------------------------------------------- human-ish secrets
_W1 = ["Silver", "Moon", "Tiger", "Quantum", "Rocket", "Falcon", "Amber", "Cobalt", "Delta", "Nova", "Orbit",
       "Pepper", "Raven", "Sable", "Thunder", "Viking", "Willow", "Zephyr", "Maple", "Lunar", "Copper", "Indigo"]
_W2 = ["Bag", "Fox", "Harbor", "Ledger", "Pilot", "Storm", "Trader", "Wolf", "Bridge", "Candle", "Engine",
       "Garden", "Kite", "Lantern", "Meadow", "Pixel", "Summit", "Voyage", "Anchor", "Badger"]


def passphrase(rng):
    return rng.choice(_W1) + rng.choice(_W2) + rng.choice("#!_.*@-") + rs(rng, string.digits, rng.randint(3, 5))


def password(rng, n=None):
    n = n or rng.randint(14, 22)
    s = rs(rng, ALNUM, n - 2)
    i = rng.randint(2, n - 4)
    return s[:i] + rng.choice("-_.!~") + s[i:] + rs(rng, string.digits, 1)


def django_key(rng):
    k = rs(rng, "abcdefghijklmnopqrstuvwxyz0123456789!@#^&*(-_=+)", 50)
    return ("django-insecure-" + k) if rng.random() < 0.3 else k


# ---------------------------------------------------------------- catalog
def gen(rng, provider, cred):
    """Return a secret value for (provider, cred)."""
    p, c = provider, cred
    key = (p, c)
    simple = {
        ("binance", "api_key"): lambda: rs(rng, ALNUM, 64),
        ("binance", "api_secret"): lambda: rs(rng, ALNUM, 64),
        ("binance", "private_key"): lambda: ed25519_pem(rng),
        ("bybit", "api_key"): lambda: rs(rng, ALNUM, 18),
        ("bybit", "api_secret"): lambda: rs(rng, ALNUM, 36),
        ("okx", "api_key"): lambda: uuid4(rng),
        ("okx", "api_secret"): lambda: rs(rng, "0123456789ABCDEF", 32),
        ("okx", "passphrase"): lambda: passphrase(rng),
        ("kucoin", "api_key"): lambda: rs(rng, HEX, 24),
        ("kucoin", "api_secret"): lambda: uuid4(rng),
        ("kucoin", "passphrase"): lambda: passphrase(rng),
        ("kraken", "api_key"): lambda: rs(rng, B64, 56),
        ("kraken", "api_secret"): lambda: b64(rbytes(rng, 64)),
        ("coinbase", "api_key_name"): lambda: f"organizations/{uuid4(rng)}/apiKeys/{uuid4(rng)}",
        ("coinbase", "private_key"): lambda: ec_pem(rng),
        ("coinbase", "api_key"): lambda: rs(rng, HEX, 32),
        ("coinbase", "api_secret"): lambda: b64(rbytes(rng, 64)),
        ("coinbase", "passphrase"): lambda: rs(rng, LOWER_ALNUM, 11),
        ("bitget", "api_key"): lambda: "bg_" + rs(rng, HEX, 32),
        ("bitget", "api_secret"): lambda: rs(rng, HEX, 64),
        ("bitget", "passphrase"): lambda: passphrase(rng),
        ("gate", "api_key"): lambda: rs(rng, HEX, 32),
        ("gate", "api_secret"): lambda: rs(rng, HEX, 64),
        ("mexc", "api_key"): lambda: "mx0vgl" + rs(rng, ALNUM, 24),
        ("mexc", "api_secret"): lambda: rs(rng, HEX, 32),
        ("htx", "api_key"): lambda: "-".join(rs(rng, LOWER_ALNUM, n) for n in (8, 8, 8, 5)),
        ("htx", "api_secret"): lambda: "-".join(rs(rng, LOWER_ALNUM, n) for n in (8, 8, 8, 5)),
        ("bitfinex", "api_key"): lambda: rs(rng, ALNUM, 43),
        ("bitfinex", "api_secret"): lambda: rs(rng, ALNUM, 43),
        ("bitstamp", "api_key"): lambda: rs(rng, ALNUM, 32),
        ("bitstamp", "api_secret"): lambda: rs(rng, ALNUM, 32),
        ("gemini", "api_key"): lambda: rng.choice(["account-", "master-"]) + rs(rng, ALNUM, 20),
        ("gemini", "api_secret"): lambda: rs(rng, ALNUM, 28),
        ("deribit", "client_id"): lambda: rs(rng, ALNUM, 8),
        ("deribit", "client_secret"): lambda: rs(rng, B64URL, 43),
        ("bitvavo", "api_key"): lambda: rs(rng, HEX, 64),
        ("bitvavo", "api_secret"): lambda: rs(rng, HEX, 128),
        ("bingx", "api_key"): lambda: rs(rng, ALNUM, 64),
        ("bingx", "api_secret"): lambda: rs(rng, ALNUM, 64),
        ("phemex", "api_key"): lambda: uuid4(rng),
        ("phemex", "api_secret"): lambda: rs(rng, B64URL, 64),
        ("whitebit", "api_key"): lambda: rs(rng, HEX, 32),
        ("whitebit", "api_secret"): lambda: rs(rng, HEX, 32),
        ("upbit", "access_key"): lambda: rs(rng, ALNUM, 40),
        ("upbit", "secret_key"): lambda: rs(rng, ALNUM, 40),
        ("bithumb", "api_key"): lambda: rs(rng, HEX, 32),
        ("bithumb", "api_secret"): lambda: rs(rng, HEX, 32),
        ("coinone", "access_token"): lambda: uuid4(rng),
        ("coinone", "secret_key"): lambda: uuid4(rng).upper(),
        ("korbit", "api_key"): lambda: rs(rng, ALNUM, 60),
        ("korbit", "api_secret"): lambda: rs(rng, ALNUM, 60),
        ("bitmex", "api_key"): lambda: rs(rng, B64URL, 24),
        ("bitmex", "api_secret"): lambda: rs(rng, B64URL, 48),
        ("hyperliquid", "agent_private_key"): lambda: "0x" + privkey32(rng).hex(),
        ("alpaca", "api_key_id"): lambda: rng.choice(["PK", "AK"]) + rs(rng, UPPER_ALNUM, 18),
        ("alpaca", "api_secret"): lambda: rs(rng, ALNUM, 40),
        ("oanda", "access_token"): lambda: rs(rng, HEX, 32) + "-" + rs(rng, HEX, 32),
        ("tradier", "access_token"): lambda: rs(rng, ALNUM, 28),
        ("ibkr", "password"): lambda: password(rng, 12),
        ("zerodha", "api_key"): lambda: rs(rng, LOWER_ALNUM, 16),
        ("zerodha", "api_secret"): lambda: rs(rng, LOWER_ALNUM, 32),
        ("zerodha", "access_token"): lambda: rs(rng, ALNUM, 32),
        ("tastytrade", "password"): lambda: passphrase(rng),
        ("tastytrade", "client_secret"): lambda: rs(rng, HEX, 40),
        ("polygon", "api_key"): lambda: rs(rng, ALNUM, 32),
        ("etherscan", "api_key"): lambda: rs(rng, UPPER_ALNUM, 34),
        ("infura", "project_id"): lambda: rs(rng, HEX, 32),
        ("alchemy", "api_key"): lambda: rs(rng, B64URL, 32),
        ("evm", "private_key"): lambda: privkey32(rng).hex(),
        ("bip39", "mnemonic"): lambda: mnemonic(rng, rng.choice([12, 12, 24])),
        ("bitcoin", "wif"): lambda: wif(rng, compressed=rng.random() < 0.7, testnet=rng.random() < 0.2),
        ("bitcoin", "xprv"): lambda: xprv(rng, testnet=rng.random() < 0.2),
        ("telegram", "bot_token"): lambda: f"{rng.randint(10**8, 8 * 10**9)}:AA" + rs(rng, B64URL, 33),
        ("discord", "bot_token"): lambda: (base64.b64encode(str(rng.randint(10**17, 10**18 - 1)).encode()).decode().rstrip("=")
                                           + "." + rs(rng, B64URL, 6) + "." + rs(rng, B64URL, rng.choice([27, 38]))),
        ("discord", "webhook_url"): lambda: (f"https://discord.com/api/webhooks/{rng.randint(10**17, 10**18 - 1)}/"
                                             + rs(rng, B64URL, 68)),
        ("slack", "webhook_url"): lambda: (f"https://hooks.slack.com/services/T{rs(rng, UPPER_ALNUM, 8)}/"
                                           f"B{rs(rng, UPPER_ALNUM, 10)}/{rs(rng, ALNUM, 24)}"),
        ("slack", "bot_token"): lambda: f"xoxb-{rs(rng, string.digits, 12)}-{rs(rng, string.digits, 13)}-{rs(rng, ALNUM, 24)}",
        ("aws", "access_key_id"): lambda: rng.choice(["AKIA", "AKIA", "ASIA"]) + rs(rng, BASE32, 16),
        ("aws", "secret_access_key"): lambda: rs(rng, ALNUM + "/+", 40),
        ("gcp", "private_key"): lambda: rsa_pem(rng, True),
        ("gcp", "private_key_id"): lambda: rs(rng, HEX, 40),
        ("azure", "storage_account_key"): lambda: b64(rbytes(rng, 64)),
        ("azure", "servicebus_key"): lambda: b64(rbytes(rng, 32)),
        ("openai", "api_key"): lambda: ("sk-proj-" + rs(rng, B64URL, 74) + "T3BlbkFJ" + rs(rng, B64URL, 74)
                                        if rng.random() < 0.7 else "sk-" + rs(rng, ALNUM, 20) + "T3BlbkFJ" + rs(rng, ALNUM, 20)),
        ("anthropic", "api_key"): lambda: "sk-ant-api03-" + rs(rng, B64URL, 93) + "AA",
        ("stripe", "secret_key"): lambda: rng.choice(["sk_live_", "rk_live_"]) + rs(rng, ALNUM, rng.choice([24, 99])),
        ("stripe", "webhook_secret"): lambda: "whsec_" + rs(rng, ALNUM, 32),
        ("sendgrid", "api_key"): lambda: "SG." + rs(rng, B64URL, 22) + "." + rs(rng, B64URL, 43),
        ("twilio", "account_sid"): lambda: "AC" + rs(rng, HEX, 32),
        ("twilio", "auth_token"): lambda: rs(rng, HEX, 32),
        ("github", "token"): lambda: gh_token(rng, rng.choice(["ghp_", "ghp_", "gho_", "ghs_"])),
        ("npm", "token"): lambda: gh_token(rng, "npm_"),
        ("pypi", "token"): lambda: "pypi-AgEIcHlwaS5vcmc" + rs(rng, B64URL, 120),
        ("postgres", "password"): lambda: password(rng),
        ("mysql", "password"): lambda: password(rng),
        ("redis", "password"): lambda: password(rng, 24),
        ("mongodb", "password"): lambda: password(rng),
        ("rabbitmq", "password"): lambda: password(rng),
        ("smtp", "password"): lambda: " ".join(rs(rng, string.ascii_lowercase, 4) for _ in range(4)),
        ("django", "secret_key"): lambda: django_key(rng),
        ("rails", "secret_key_base"): lambda: rs(rng, HEX, 128),
        ("laravel", "app_key"): lambda: "base64:" + b64(rbytes(rng, 32)),
        ("jwt", "signing_secret"): lambda: rs(rng, ALNUM, rng.choice([32, 48, 64])),
        ("webhook", "secret"): lambda: rs(rng, ALNUM, rng.choice([24, 32])),
        ("generic", "password"): lambda: password(rng),
        ("threecommas", "api_key"): lambda: rs(rng, HEX, 64),
        ("threecommas", "api_secret"): lambda: rs(rng, HEX, 128),
        ("coingecko", "api_key"): lambda: "CG-" + rs(rng, ALNUM, 24),
        ("finnhub", "api_key"): lambda: rs(rng, LOWER_ALNUM, 20),
        ("solana", "keypair"): lambda: solana_keypair(rng),
    }
    if key not in simple:
        raise KeyError(key)
    return simple[key]()


# ---------------------------------------------------------------- look-alikes (negatives)
def order_id(rng):
    return str(rng.randint(10**9, 10**11))


def client_order_id(rng):
    return rng.choice(["x-", "web_", "bot-", "cli_"]) + rs(rng, LOWER_ALNUM + string.ascii_uppercase, rng.choice([16, 24, 32]))


def tx_hash(rng):
    return "0x" + rs(rng, HEX, 64)


def evm_address(rng):
    return "0x" + rs(rng, HEX, 40)


def btc_address(rng):
    return "bc1q" + rs(rng, "023456789acdefghjklmnpqrstuvwxyz", 38)


def sol_pubkey(rng):
    return b58encode(rbytes(rng, 32))


def git_sha(rng):
    return rs(rng, HEX, 40)


def sri(rng):
    return "sha512-" + b64(rbytes(rng, 64))


def bcrypt_hash(rng):
    return "$2b$12$" + rs(rng, "./" + ALNUM, 53)


def argon2_hash(rng):
    return "$argon2id$v=19$m=65536,t=3,p=4$" + b64(rbytes(rng, 16)).rstrip("=") + "$" + b64(rbytes(rng, 32)).rstrip("=")


def ssh_pub(rng):
    return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + b64(rbytes(rng, 32))[:43]


def png_data_uri(rng):
    return "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAA" + b64(rbytes(rng, 120))


def hmac_sig(rng):
    return rs(rng, HEX, 64)


def trace_id(rng):
    return rs(rng, HEX, 32)


# Public, well-known documentation / test-vector values (only ones we are sure of).
DOCS = {
    "aws_key_id": "AKIAIOSFODNN7EXAMPLE",
    "aws_secret": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "binance_doc_key": "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
    "binance_doc_secret": "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
    "stripe_doc_test": "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
    "hardhat_pk0": "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "hardhat_addr0": "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    "hardhat_mnemonic": "test test test test test test test test test test test junk",
    "bip39_vector": "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
    "wif_wiki": "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ",
    "bip32_tv1": "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi",
    "jwt_io": ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
               ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"),
}
