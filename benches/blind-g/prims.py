"""Value primitives for the blind-g corpus generator (stdlib only).

All randomness comes from the random.Random instance passed in; nothing here
touches os.urandom, uuid4, time or hash()-ordered sets.
"""
import base64
import hashlib
import os
import string
import zlib

ALNUM = string.ascii_letters + string.digits
UPALNUM = string.ascii_uppercase + string.digits
LOALNUM = string.ascii_lowercase + string.digits
HEX = "0123456789abcdef"
B64 = string.ascii_uppercase + string.ascii_lowercase + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase

_HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(_HERE, "bip39_english.txt"), encoding="ascii") as _fh:
    BIP39 = [w.strip() for w in _fh if w.strip()]
assert len(BIP39) == 2048


# ---------------------------------------------------------------- encodings
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


def b62(n: int, width: int) -> str:
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(width, "0")


# ---------------------------------------------------------------- keccak-256
def _rol(a, n):
    n %= 64
    return ((a >> (64 - n)) | (a << n)) & 0xFFFFFFFFFFFFFFFF


def _keccak_f(A):
    R = 1
    for _ in range(24):
        C = [A[x] ^ A[x + 5] ^ A[x + 10] ^ A[x + 15] ^ A[x + 20] for x in range(5)]
        D = [C[(x + 4) % 5] ^ _rol(C[(x + 1) % 5], 1) for x in range(5)]
        A = [A[i] ^ D[i % 5] for i in range(25)]
        x, y = 1, 0
        cur = A[1]
        for t in range(24):
            x, y = y, (2 * x + 3 * y) % 5
            cur, A[x + 5 * y] = A[x + 5 * y], _rol(cur, (t + 1) * (t + 2) // 2)
        for yy in range(5):
            T = A[5 * yy:5 * yy + 5]
            for xx in range(5):
                A[xx + 5 * yy] = T[xx] ^ ((~T[(xx + 1) % 5]) & T[(xx + 2) % 5])
        for j in range(7):
            R = ((R << 1) ^ ((R >> 7) * 0x71)) % 256
            if R & 2:
                A[0] ^= 1 << ((1 << j) - 1)
    return A


def keccak256(data: bytes) -> bytes:
    rate = 136
    msg = bytearray(data) + b"\x01"
    while len(msg) % rate:
        msg += b"\x00"
    msg[-1] |= 0x80
    A = [0] * 25
    for off in range(0, len(msg), rate):
        blk = msg[off:off + rate]
        for i in range(rate // 8):
            A[i] ^= int.from_bytes(blk[8 * i:8 * i + 8], "little")
        A = _keccak_f(A)
    return b"".join(A[i].to_bytes(8, "little") for i in range(4))


# ---------------------------------------------------------------- secp256k1
_P = 2 ** 256 - 2 ** 32 - 977
_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
_G = (0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
      0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8)


def _ec_add(p, q):
    if p is None:
        return q
    if q is None:
        return p
    if p[0] == q[0] and (p[1] + q[1]) % _P == 0:
        return None
    if p == q:
        lam = 3 * p[0] * p[0] * pow(2 * p[1], -1, _P) % _P
    else:
        lam = (q[1] - p[1]) * pow(q[0] - p[0], -1, _P) % _P
    x = (lam * lam - p[0] - q[0]) % _P
    return (x, (lam * (p[0] - x) - p[1]) % _P)


def secp_pub(k: int):
    r, a = None, _G
    while k:
        if k & 1:
            r = _ec_add(r, a)
        a = _ec_add(a, a)
        k >>= 1
    return r


def eip55(addr_hex40: str) -> str:
    a = addr_hex40.lower()
    h = keccak256(a.encode()).hex()
    return "0x" + "".join(c.upper() if c.isalpha() and int(h[i], 16) >= 8 else c for i, c in enumerate(a))


def evm_address_of(priv_hex: str) -> str:
    k = int(priv_hex.removeprefix("0x"), 16)
    x, y = secp_pub(k)
    return eip55(keccak256(x.to_bytes(32, "big") + y.to_bytes(32, "big"))[-20:].hex())


# ---------------------------------------------------------------- ed25519 (public key only)
_q = 2 ** 255 - 19
_d = -121665 * pow(121666, _q - 2, _q) % _q
_I = pow(2, (_q - 1) // 4, _q)


def _xrecover(y):
    xx = (y * y - 1) * pow(_d * y * y + 1, _q - 2, _q)
    x = pow(xx, (_q + 3) // 8, _q)
    if (x * x - xx) % _q:
        x = x * _I % _q
    if x % 2:
        x = _q - x
    return x


_By = 4 * pow(5, _q - 2, _q) % _q
_B = (_xrecover(_By), _By)


def _ed_add(P, Q):
    x1, y1 = P
    x2, y2 = Q
    t = _d * x1 * x2 * y1 * y2
    x3 = (x1 * y2 + x2 * y1) * pow(1 + t, _q - 2, _q)
    y3 = (y1 * y2 + x1 * x2) * pow(1 - t, _q - 2, _q)
    return (x3 % _q, y3 % _q)


def ed25519_pub(seed: bytes) -> bytes:
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    R, A = (0, 1), _B
    while a:
        if a & 1:
            R = _ed_add(R, A)
        A = _ed_add(A, A)
        a >>= 1
    x, y = R
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


# ---------------------------------------------------------------- self tests
def selftest():
    assert keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    # Hardhat/Anvil account #0 (public, well known)
    assert evm_address_of("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80") == \
        "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
    # RFC 8032 test 1
    assert ed25519_pub(bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")).hex() == \
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    # WIF wiki example
    assert b58check(b"\x80" + bytes.fromhex("0C28FCA386C7A227600B2FE50B7CAE11EC86D3BF1FBE471BE89827E19D72AA1D")) == \
        "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"
    assert bip39_valid("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about")


def bip39_from_entropy(ent: bytes) -> str:
    bits = len(ent) * 8
    cs = bits // 32
    n = int.from_bytes(ent, "big") << cs | (hashlib.sha256(ent).digest()[0] >> (8 - cs))
    words = []
    for _ in range((bits + cs) // 11):
        words.append(BIP39[n & 2047])
        n >>= 11
    return " ".join(reversed(words))


def bip39_valid(phrase: str) -> bool:
    ws = phrase.split()
    if len(ws) not in (12, 15, 18, 21, 24) or any(w not in BIP39 for w in ws):
        return False
    n = 0
    for w in ws:
        n = n << 11 | BIP39.index(w)
    cs = len(ws) * 11 // 33
    ent = (n >> cs).to_bytes(len(ws) * 11 * 32 // 33 // 8, "big")
    return (n & ((1 << cs) - 1)) == hashlib.sha256(ent).digest()[0] >> (8 - cs)


def gh_token(prefix: str, body30: str) -> str:
    return prefix + body30 + b62(zlib.crc32(body30.encode()), 6)


if __name__ == "__main__":
    selftest()
    print("prims ok")
