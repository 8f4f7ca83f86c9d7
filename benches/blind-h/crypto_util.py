"""Stdlib-only helpers: base58check, BIP39, ed25519 pubkey, GitHub CRC32 tokens."""
import hashlib, os, zlib

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

def sha256(b): return hashlib.sha256(b).digest()
def sha256d(b): return sha256(sha256(b))

def b58encode(b):
    n = int.from_bytes(b, "big"); s = ""
    while n:
        n, r = divmod(n, 58); s = B58[r] + s
    pad = len(b) - len(b.lstrip(b"\0"))
    return "1" * pad + s

def b58decode(s):
    n = 0
    for c in s: n = n * 58 + B58.index(c)
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    pad = len(s) - len(s.lstrip("1"))
    return b"\0" * pad + body

def b58check(payload): return b58encode(payload + sha256d(payload)[:4])
def b58check_ok(s):
    raw = b58decode(s); return sha256d(raw[:-4])[:4] == raw[-4:]

def wif(secret32, compressed=True, testnet=False):
    return b58check((b"\xef" if testnet else b"\x80") + secret32 + (b"\x01" if compressed else b""))

def xkey(version, depth, fpr, child, chain, keydata):
    return b58check(version + bytes([depth]) + fpr + child.to_bytes(4, "big") + chain + keydata)

def p2pkh(h160): return b58check(b"\x00" + h160)

_WL = None
def wordlist():
    global _WL
    if _WL is None:
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "bip39_english.txt")) as fh:
            _WL = [w.strip() for w in fh if w.strip()]
        assert len(_WL) == 2048
    return _WL

def bip39(entropy):
    ent = len(entropy) * 8; cs = ent // 32
    bits = int.from_bytes(entropy, "big") << cs | (sha256(entropy)[0] >> (8 - cs))
    n = (ent + cs) // 11; wl = wordlist()
    return " ".join(wl[(bits >> (11 * (n - 1 - i))) & 2047] for i in range(n))

def bip39_ok(phrase):
    wl = wordlist(); ws = phrase.split()
    if len(ws) not in (12, 15, 18, 21, 24) or any(w not in wl for w in ws): return False
    bits = 0
    for w in ws: bits = bits << 11 | wl.index(w)
    cs = len(ws) * 11 // 33; ent = bits >> cs
    e = ent.to_bytes(len(ws) * 11 * 32 // 33 // 8, "big")
    return bits & ((1 << cs) - 1) == sha256(e)[0] >> (8 - cs)

# --- ed25519 public key derivation (RFC 8032) ---
_p = 2**255 - 19
_d = -121665 * pow(121666, _p - 2, _p) % _p
_I = pow(2, (_p - 1) // 4, _p)
def _xrecover(y):
    xx = (y * y - 1) * pow(_d * y * y + 1, _p - 2, _p)
    x = pow(xx, (_p + 3) // 8, _p)
    if (x * x - xx) % _p: x = x * _I % _p
    if x % 2: x = _p - x
    return x
_By = 4 * pow(5, _p - 2, _p) % _p
_B = (_xrecover(_By), _By, 1, _xrecover(_By) * _By % _p)
def _add(P, Q):
    x1, y1, z1, t1 = P; x2, y2, z2, t2 = Q
    a = (y1 - x1) * (y2 - x2) % _p; b = (y1 + x1) * (y2 + x2) % _p
    c = t1 * 2 * _d * t2 % _p; dd = z1 * 2 * z2 % _p
    e, f, g, h = b - a, dd - c, dd + c, b + a
    return (e * f % _p, g * h % _p, f * g % _p, e * h % _p)
def _mul(s, P):
    Q = (0, 1, 1, 0)
    while s:
        if s & 1: Q = _add(Q, P)
        P = _add(P, P); s >>= 1
    return Q
def ed25519_pub(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8; a |= 1 << 254
    x, y, z, _ = _mul(a, _B)
    zi = pow(z, _p - 2, _p); x = x * zi % _p; y = y * zi % _p
    return (y | ((x & 1) << 255)).to_bytes(32, "little")

def b62(n, width):
    s = ""
    while n: n, r = divmod(n, 62); s = B62[r] + s
    return s.rjust(width, "0")

def github_token(prefix, body30):
    return prefix + body30 + b62(zlib.crc32(body30.encode()) & 0xffffffff, 6)

def github_ok(tok):
    body = tok[4:34]; return tok[34:] == b62(zlib.crc32(body.encode()) & 0xffffffff, 6)

if __name__ == "__main__":
    # self-tests against public vectors
    assert bip39(bytes(16)) == "abandon " * 11 + "about"
    assert ed25519_pub(bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")).hex() == \
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    assert wif(bytes.fromhex("0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d"), False) == \
        "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"
    print("ok")
