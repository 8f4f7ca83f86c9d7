"""Small pure-Python encoders and checksums used to make format-correct values.

Everything here is written from the public specifications (Base58Check, BIP-173 bech32,
BIP-39, RFC 8032 Ed25519, Keccak, DER) so that the generator needs nothing beyond the
Python standard library. Nothing here is security-grade; it only has to produce and verify
*shapes* (alphabet, length, checksum) deterministically.
"""

from __future__ import annotations

import base64
import hashlib
import os
import zlib

# ---------------------------------------------------------------- base58 / base58check
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58encode(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + out


def b58decode(text: str) -> bytes:
    n = 0
    for ch in text:
        n = n * 58 + B58.index(ch)
    pad = len(text) - len(text.lstrip("1"))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * pad + body


def dsha256(data: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


def b58check_encode(payload: bytes) -> str:
    return b58encode(payload + dsha256(payload)[:4])


def b58check_ok(text: str) -> bool:
    try:
        raw = b58decode(text)
    except ValueError:
        return False
    return len(raw) > 4 and dsha256(raw[:-4])[:4] == raw[-4:]


# ---------------------------------------------------------------- base62 + CRC32 tokens
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def b62(n: int, width: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(width, "0")


def crc32_b62(body: str) -> str:
    return b62(zlib.crc32(body.encode()) & 0xFFFFFFFF, 6)


def crc32_token_ok(token: str, prefix: str) -> bool:
    if not token.startswith(prefix):
        return False
    rest = token[len(prefix):]
    return len(rest) == 36 and crc32_b62(rest[:30]) == rest[30:]


# ---------------------------------------------------------------- bech32 (BIP-173)
BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _polymod(values):
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((top >> i) & 1) else 0
    return chk


def _hrp_expand(hrp):
    return [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]


def _convertbits(data, frombits, tobits):
    acc = bits = 0
    out = []
    maxv = (1 << tobits) - 1
    for b in data:
        acc = (acc << frombits) | b
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            out.append((acc >> bits) & maxv)
    if bits:
        out.append((acc << (tobits - bits)) & maxv)
    return out


def bech32_encode(hrp: str, data: bytes) -> str:
    d5 = _convertbits(data, 8, 5)
    poly = _polymod(_hrp_expand(hrp) + d5 + [0] * 6) ^ 1
    chk = [(poly >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH[x] for x in d5 + chk)


def bech32_ok(text: str) -> bool:
    text = text.lower()
    pos = text.rfind("1")
    hrp, data = text[:pos], text[pos + 1:]
    try:
        vals = [BECH.index(c) for c in data]
    except ValueError:
        return False
    return _polymod(_hrp_expand(hrp) + vals) == 1


# ---------------------------------------------------------------- CRC16 (XMODEM) for NATS nkeys
def crc16_xmodem(data: bytes) -> int:
    crc = 0
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def nkey_seed(seed32: bytes, kind: str = "U") -> str:
    prefixes = {"U": 20 << 3, "A": 0, "O": 14 << 3, "N": 13 << 3}
    pre = prefixes[kind]
    b1 = (18 << 3) | (pre >> 5)
    b2 = (pre & 31) << 3
    raw = bytes([b1, b2]) + seed32
    raw += crc16_xmodem(raw).to_bytes(2, "little")
    return base64.b32encode(raw).decode().rstrip("=")


def nkey_ok(text: str) -> bool:
    pad = "=" * (-len(text) % 8)
    try:
        raw = base64.b32decode(text + pad)
    except ValueError:
        return False
    return crc16_xmodem(raw[:-2]).to_bytes(2, "little") == raw[-2:]


# ---------------------------------------------------------------- BIP-39
_WORDS: list[str] | None = None


def bip39_words() -> list[str]:
    global _WORDS
    if _WORDS is None:
        path = os.path.join(os.path.dirname(__file__), "bip39_english.txt")
        with open(path, encoding="utf-8") as fh:
            _WORDS = fh.read().split()
        assert len(_WORDS) == 2048
    return _WORDS


def bip39_from_entropy(entropy: bytes) -> str:
    words = bip39_words()
    bits = int.from_bytes(entropy, "big")
    ent = len(entropy) * 8
    cs = ent // 32
    chk = hashlib.sha256(entropy).digest()[0] >> (8 - cs)
    full = (bits << cs) | chk
    n = (ent + cs) // 11
    return " ".join(words[(full >> (11 * (n - 1 - i))) & 2047] for i in range(n))


def bip39_ok(phrase: str) -> bool:
    words = bip39_words()
    ws = phrase.split()
    if len(ws) not in (12, 15, 18, 21, 24):
        return False
    try:
        idx = [words.index(w) for w in ws]
    except ValueError:
        return False
    full = 0
    for i in idx:
        full = (full << 11) | i
    total = len(ws) * 11
    cs = total // 33
    ent = total - cs
    entropy = (full >> cs).to_bytes(ent // 8, "big")
    return (full & ((1 << cs) - 1)) == hashlib.sha256(entropy).digest()[0] >> (8 - cs)


# ---------------------------------------------------------------- Ed25519 public key (RFC 8032)
_P = 2**255 - 19
_D = -121665 * pow(121666, _P - 2, _P) % _P
_L = 2**252 + 27742317777372353535851937790883648493


def _recover_x(y, sign):
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P) % _P
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P:
        x = x * pow(2, (_P - 1) // 4, _P) % _P
    if x & 1 != sign:
        x = _P - x
    return x


_GY = 4 * pow(5, _P - 2, _P) % _P
_GX = _recover_x(_GY, 0)
_G = (_GX, _GY, 1, _GX * _GY % _P)


def _padd(a, b):
    A = (a[1] - a[0]) * (b[1] - b[0]) % _P
    B = (a[1] + a[0]) * (b[1] + b[0]) % _P
    C = 2 * a[3] * b[3] * _D % _P
    D = 2 * a[2] * b[2] % _P
    E, F, G, H = B - A, D - C, D + C, B + A
    return (E * F % _P, G * H % _P, F * G % _P, E * H % _P)


def _pmul(s, pt):
    q = (0, 1, 1, 0)
    while s:
        if s & 1:
            q = _padd(q, pt)
        pt = _padd(pt, pt)
        s >>= 1
    return q


def ed25519_public(seed: bytes) -> bytes:
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    pt = _pmul(a, _G)
    zi = pow(pt[2], _P - 2, _P)
    x, y = pt[0] * zi % _P, pt[1] * zi % _P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def solana_keypair_ok(raw: bytes) -> bool:
    return len(raw) == 64 and ed25519_public(raw[:32]) == raw[32:]


# ---------------------------------------------------------------- Keccak-256 (for EIP-55)
_ROT = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14]
_M64 = (1 << 64) - 1


def _rc():
    out = []
    r = 1
    for _ in range(24):
        rc = 0
        for j in range(7):
            r = ((r << 1) ^ ((r >> 7) * 0x71)) % 256
            if r & 2:
                rc ^= 1 << ((1 << j) - 1)
        out.append(rc)
    return out


_RC = _rc()


def _rol(v, n):
    return ((v << n) | (v >> (64 - n))) & _M64 if n else v


def _keccak_f(a):
    for rnd in range(24):
        c = [a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rol(c[(x + 1) % 5], 1) for x in range(5)]
        a = [a[i] ^ d[i % 5] for i in range(25)]
        b = [0] * 25
        for x in range(5):
            for y in range(5):
                b[y + 5 * ((2 * x + 3 * y) % 5)] = _rol(a[x + 5 * y], _ROT[x + 5 * y])
        a = [b[i] ^ ((~b[(i % 5 + 1) % 5 + 5 * (i // 5)]) & b[(i % 5 + 2) % 5 + 5 * (i // 5)]) for i in range(25)]
        a[0] ^= _RC[rnd]
    return a


def _sponge(data: bytes, pad: int) -> bytes:
    rate = 136
    msg = bytearray(data)
    msg.append(pad)
    while len(msg) % rate:
        msg.append(0)
    msg[-1] |= 0x80
    st = [0] * 25
    for off in range(0, len(msg), rate):
        blk = msg[off:off + rate]
        for i in range(rate // 8):
            st[i] ^= int.from_bytes(blk[8 * i:8 * i + 8], "little")
        st = _keccak_f(st)
    return b"".join(st[i].to_bytes(8, "little") for i in range(4))


def keccak256(data: bytes) -> bytes:
    return _sponge(data, 0x01)


def eip55(addr_hex40: str) -> str:
    low = addr_hex40.lower()
    h = keccak256(low.encode()).hex()
    return "0x" + "".join(c.upper() if c.isalpha() and int(h[i], 16) >= 8 else c for i, c in enumerate(low))


# ---------------------------------------------------------------- DER helpers
def der_len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + der_len(len(body)) + body


def der_int(n: int) -> bytes:
    b = n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big")
    return der(0x02, b)


def der_top_ok(data: bytes) -> bool:
    """True when data is exactly one DER SEQUENCE whose length field matches."""
    if len(data) < 2 or data[0] != 0x30:
        return False
    ln = data[1]
    if ln < 0x80:
        return ln + 2 == len(data)
    k = ln & 0x7F
    return int.from_bytes(data[2:2 + k], "big") + 2 + k == len(data)


def selftest() -> None:
    assert keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    assert _sponge(b"abc", 0x06) == hashlib.sha3_256(b"abc").digest()
    assert bip39_from_entropy(bytes(16)).endswith("abandon about")
    # RFC 8032 test 1
    sk = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    assert ed25519_public(sk).hex() == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    assert eip55("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed") == "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
    assert b58check_ok("5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ")


if __name__ == "__main__":
    selftest()
    print("crypto selftest ok")
