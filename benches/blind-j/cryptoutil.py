"""Small, stdlib-only helpers: base58(check), BIP-39, BIP-32 serialisation, WIF,
GitHub token checksum, Ed25519 public-key derivation (RFC 8032 arithmetic)."""
import hashlib
import os
import zlib

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def b58encode(b: bytes) -> str:
    n = int.from_bytes(b, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(b) - len(b.lstrip(b"\0"))
    return "1" * pad + out


def b58decode(s: str) -> bytes:
    n = 0
    for c in s:
        n = n * 58 + B58.index(c)
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    pad = len(s) - len(s.lstrip("1"))
    return b"\0" * pad + body


def dsha(b: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(b).digest()).digest()


def b58check_encode(payload: bytes) -> str:
    return b58encode(payload + dsha(payload)[:4])


def b58check_valid(s: str) -> bool:
    try:
        raw = b58decode(s)
    except ValueError:
        return False
    return len(raw) > 4 and dsha(raw[:-4])[:4] == raw[-4:]


# ---------------- BIP-39 ----------------
_WL = None


def wordlist():
    global _WL
    if _WL is None:
        p = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "english.txt")
        data = open(p, "rb").read()
        assert hashlib.sha256(data).hexdigest() == \
            "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda"
        _WL = data.decode().split()
        assert len(_WL) == 2048
    return _WL


def bip39_from_entropy(ent: bytes) -> str:
    wl = wordlist()
    bits = len(ent) * 8
    cs = bits // 32
    h = hashlib.sha256(ent).digest()
    n = (int.from_bytes(ent, "big") << cs) | (h[0] >> (8 - cs))
    words = []
    for i in range((bits + cs) // 11):
        words.append(wl[(n >> ((bits + cs) // 11 - 1 - i) * 11) & 2047])
    return " ".join(words)


def bip39_valid(phrase: str) -> bool:
    wl = wordlist()
    idx = {w: i for i, w in enumerate(wl)}
    ws = phrase.split()
    if len(ws) not in (12, 15, 18, 21, 24) or any(w not in idx for w in ws):
        return False
    n = 0
    for w in ws:
        n = (n << 11) | idx[w]
    total = len(ws) * 11
    cs = total // 33
    bits = total - cs
    ent = (n >> cs).to_bytes(bits // 8, "big")
    return (n & ((1 << cs) - 1)) == (hashlib.sha256(ent).digest()[0] >> (8 - cs))


# ---------------- WIF / BIP-32 ----------------
SECP_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def wif(key32: bytes, compressed=True, testnet=False) -> str:
    return b58check_encode(bytes([0xEF if testnet else 0x80]) + key32 + (b"\x01" if compressed else b""))


def xprv(chain: bytes, key32: bytes, version=bytes.fromhex("0488ADE4"), depth=0,
         fpr=b"\0\0\0\0", child=b"\0\0\0\0") -> str:
    return b58check_encode(version + bytes([depth]) + fpr + child + chain + b"\0" + key32)


def xpub_like(chain: bytes, pubkey33: bytes, depth=3, fpr=b"\x12\x34\x56\x78", child=b"\x80\0\0\0") -> str:
    return b58check_encode(bytes.fromhex("0488B21E") + bytes([depth]) + fpr + child + chain + pubkey33)


# ---------------- GitHub token checksum ----------------
def b62(n: int, width: int) -> str:
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(width, "0")


def gh_token(prefix: str, body30: str) -> str:
    return prefix + body30 + b62(zlib.crc32(body30.encode()) & 0xFFFFFFFF, 6)


def gh_token_valid(tok: str) -> bool:
    pre, rest = tok.split("_", 1)
    if len(rest) != 36:
        return False
    return b62(zlib.crc32(rest[:30].encode()) & 0xFFFFFFFF, 6) == rest[30:]


# ---------------- Ed25519 (pubkey derivation only) ----------------
_P = 2 ** 255 - 19
_L = 2 ** 252 + 27742317777372353535851937790883648493
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
_B = (_xrecover(_BY) % _P, _BY)


def _ext(P):
    return (P[0], P[1], 1, P[0] * P[1] % _P)


def _add(P, Q):
    A = (P[1] - P[0]) * (Q[1] - Q[0]) % _P
    B = (P[1] + P[0]) * (Q[1] + Q[0]) % _P
    C = 2 * P[3] * Q[3] * _D % _P
    Dd = 2 * P[2] * Q[2] % _P
    E, F, G, H = B - A, Dd - C, Dd + C, B + A
    return (E * F % _P, G * H % _P, F * G % _P, E * H % _P)


def _mul(s, P):
    Q = (0, 1, 1, 0)
    while s:
        if s & 1:
            Q = _add(Q, P)
        P = _add(P, P)
        s >>= 1
    return Q


def ed25519_pub(seed: bytes) -> bytes:
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    X, Y, Z, _ = _mul(a, _ext(_B))
    zi = pow(Z, _P - 2, _P)
    x, y = X * zi % _P, Y * zi % _P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")
