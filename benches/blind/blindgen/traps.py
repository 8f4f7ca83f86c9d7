"""Negative values (traps): things that look like credentials but are not secrets.

Each ``make_<kind>`` returns an Item(label="negative", trap=<kind>). Values are literal texts
that a template binds to a (usually credential-looking) name.
"""

from __future__ import annotations

import base64
import hashlib
import json

from . import crypto as C
from . import values as V
from .core import Item

PLACEHOLDERS = [
    "your_api_key_here", "YOUR_API_KEY", "<API_KEY>", "<your-api-secret>", "xxxxxxxxxxxxxxxxxxxxxxxx",
    "changeme", "CHANGEME", "TODO", "REPLACE_ME", "replace-with-your-key", "your-api-key-here",
    "your_exchange_key", "your_exchange_secret", "<insert secret here>", "INSERT_KEY_HERE", "put-your-token-here",
    "YOUR_SECRET_KEY", "your-passphrase", "<PASSPHRASE>", "api-key-goes-here", "<redacted>", "REDACTED",
    "dummy", "fill_me_in", "set-me", "TBD", "<YOUR_TELEGRAM_TOKEN>", "123456789:ABCdefGhIJKlmNoPQRsTUVwxyZ",
    "sk-...", "0xYOUR_PRIVATE_KEY", "YOUR_PRIVATE_KEY_HERE", "example", "none", "****", "********", "<hidden>",
]
PLACEHOLDERS_I18N = [
    "ключ", "ваш_api_ключ", "секретный_ключ", "你的API密钥", "请填写密钥", "votre_cle_api", "votre-secret",
    "tu_clave_api", "tu-clave-secreta", "dein_api_schluessel", "geheimer-schluessel", "あなたのAPIキー",
    "APIキーをここに", "sua_chave_api", "la_tua_chiave", "API키를_입력하세요", "مفتاح_API",
]
FAKE_NOTES = ["dummy", "fake", "noqa: mock", "not a real key", "test fixture only", "mock value",
              "fake key for unit tests", "example only, revoked", "dummy secret, CI only"]

HARDHAT_KEYS = [
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
]
HARDHAT_MNEMONIC = "test test test test test test test test test test test junk"
TEST_VECTORS = [
    ("bip39", "seed", ("test", "mnemonic"),
     "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"),
    ("bip32", "private_key", ("bip32", "test", "xprv"),
     "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"),
    ("bitcoin", "private_key", ("example", "wif"), "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"),
    ("aws", "api_key", ("aws", "access", "key", "id"), "AKIAIOSFODNN7EXAMPLE"),
    ("aws", "api_secret", ("aws", "secret", "access", "key"), "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    ("binance", "api_key", ("api", "key"), "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"),
    ("binance", "api_secret", ("secret", "key"),
     "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"),
    ("ed25519", "private_key", ("rfc8032", "secret", "key"),
     "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"),
    ("jwt", "token", ("sample", "jwt"),
     "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
     ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"),
    ("stripe", "api_key", ("stripe", "test", "key"), "sk_test_4eC39HqLyjWDarjtT1zdp7dc"),
]
TOKENS = [("usdt", "0xdAC17F958D2ee523a2206206994597C13D831ec7"), ("weth", "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2"),
          ("usdc", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48")]
SOL_MINTS = [("usdc", "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"),
             ("wsol", "So11111111111111111111111111111111111111112")]


def _neg(provider, cred, value, words, trap, shared=False, **extra):
    return Item("negative", provider, cred, value, tuple(words), None, trap, shared, extra)


def cred_words(rng, provider=None):
    """A credential-looking name for a trap: (provider, cred, words)."""
    from .providers import PROVIDERS
    p = provider or rng.choice(PROVIDERS)
    c = rng.choice(p.creds)
    return p.name, c.cred, c.words


def make_placeholder(rng):
    prov, cred, words = cred_words(rng)
    return _neg(prov, cred, rng.choice(PLACEHOLDERS), words, "placeholder", True)


def make_placeholder_i18n(rng):
    prov, cred, words = cred_words(rng)
    return _neg(prov, cred, rng.choice(PLACEHOLDERS_I18N), words, "placeholder-i18n", True)


def make_masked(rng):
    from .providers import PROVIDERS
    p = rng.choice([p for p in PROVIDERS if p.kind in ("exchange", "broker", "data", "ai", "dev")])
    c = rng.choice(p.creds)
    v = c.gen(rng)
    if "\n" in v or len(v) < 12:
        v = V.binance_key(rng)
    style = rng.randrange(4)
    if style == 0:
        m = v[:4] + "*" * (len(v) - 8) + v[-4:]
    elif style == 1:
        m = v[:6] + "..." + v[-4:]
    elif style == 2:
        m = "*" * 12 + v[-4:]
    else:
        m = v[:3] + "•" * 10 + v[-3:]
    return _neg(p.name, c.cred, m, c.words, "masked")


def make_repeated(rng):
    prov, cred, words = cred_words(rng)
    ch = rng.choice("x0X*a#9-")
    return _neg(prov, cred, ch * rng.choice([16, 24, 32, 40, 64]), words, "repeated", True)


def make_password_hash(rng):
    kind = rng.randrange(4)
    if kind == 0:
        v = "$2b$12$" + V.rs(rng, "./" + V.ALNUM, 53)
    elif kind == 1:
        salt = base64.b64encode(V.rbytes(rng, 16)).decode().rstrip("=")
        h = base64.b64encode(V.rbytes(rng, 32)).decode().rstrip("=")
        v = f"$argon2id$v=19$m=65536,t=3,p=4${salt}${h}"
    elif kind == 2:
        salt = base64.b64encode(V.rbytes(rng, 16)).decode().rstrip("=")
        h = base64.b64encode(V.rbytes(rng, 32)).decode().rstrip("=")
        v = f"$scrypt$ln=16,r=8,p=1${salt}${h}"
    else:
        v = f"pbkdf2_sha256$600000${V.rs(rng, V.ALNUM, 22)}${base64.b64encode(V.rbytes(rng, 32)).decode()}"
    words = rng.choice([("password", "hash"), ("hashed", "password"), ("admin", "password", "hash"), ("password",)])
    return _neg("none", "password", v, words, "password-hash")


def make_sops(rng):
    prov, cred, words = cred_words(rng)
    data = base64.b64encode(V.rbytes(rng, rng.randrange(20, 60))).decode()
    iv = base64.b64encode(V.rbytes(rng, 32)).decode()
    tag = base64.b64encode(V.rbytes(rng, 16)).decode()
    return _neg(prov, cred, f"ENC[AES256_GCM,data:{data},iv:{iv},tag:{tag},type:str]", words, "sops")


def make_oauth_client_id(rng):
    if rng.random() < 0.5:
        v = f"{rng.randrange(10**11, 10**12)}-{V.rs(rng, V.LO + V.DIG, 32)}.apps.googleusercontent.com"
        return _neg("google", "client_id", v, ("google", "client", "id"), "public-oauth-client-id")
    return _neg("github", "client_id", "Iv1." + V.rs(rng, V.HEX, 16), ("github", "client", "id"), "public-oauth-client-id")


def evm_address(rng):
    return C.eip55(V.rs(rng, V.HEX, 40))


def make_evm_address(rng):
    words = rng.choice([("wallet", "address"), ("account", "address"), ("public", "key"), ("router", "address"),
                        ("owner",), ("hl", "account", "address")])
    return _neg("evm", "address", evm_address(rng), words, "evm-address")


def make_tx_hash(rng):
    words = rng.choice([("tx", "hash"), ("block", "hash"), ("deposit", "tx"), ("last", "tx", "hash"), ("storage", "slot")])
    return _neg("evm", "hash", "0x" + V.rs(rng, V.HEX, 64), words, "tx-hash")


def make_token_contract(rng):
    sym, addr = rng.choice(TOKENS)
    words = rng.choice([(sym, "token"), (sym, "token", "address"), ("quote", "token"), (sym, "contract")])
    return _neg("evm", "address", addr, words, "token-contract", True)


def make_solana_public(rng):
    if rng.random() < 0.4:
        sym, addr = rng.choice(SOL_MINTS)
        return _neg("solana", "address", addr, (sym, "mint"), "solana-mint", True)
    v = C.b58encode(V.rbytes(rng, 32))
    words = rng.choice([("pool", "id"), ("amm", "pool", "key"), ("market", "key"), ("pool", "key"), ("mint", "pubkey")])
    return _neg("solana", "address", v, words, "pool-id")


def make_uuid_id(rng):
    words = rng.choice([("order", "id"), ("client", "order", "id"), ("request", "id"), ("idempotency", "key"),
                        ("correlation", "id"), ("session", "id")])
    return _neg("none", "id", V.ruuid(rng), words, "uuid-request-id")


def make_checksum(rng):
    kind = rng.randrange(4)
    if kind == 0:
        return _neg("none", "hash", hashlib.sha256(V.rbytes(rng, 40)).hexdigest(), ("sha256",), "checksum")
    if kind == 1:
        return _neg("none", "hash", hashlib.sha1(V.rbytes(rng, 40)).hexdigest(), ("commit", "sha"), "checksum")
    if kind == 2:
        v = "sha512-" + base64.b64encode(hashlib.sha512(V.rbytes(rng, 40)).digest()).decode()
        return _neg("none", "hash", v, ("integrity",), "checksum")
    return _neg("none", "hash", hashlib.md5(V.rbytes(rng, 40)).hexdigest(), ("model", "checksum"), "checksum")


def make_test_vector(rng):
    prov, cred, words, value = rng.choice(TEST_VECTORS)
    return _neg(prov, cred, value, words, "test-vector", True)


def make_public_dev_account(rng):
    if rng.random() < 0.3:
        return _neg("hardhat", "seed", HARDHAT_MNEMONIC, ("mnemonic",), "public-dev-account", True)
    words = rng.choice([("private", "key"), ("deployer", "private", "key"), ("anvil", "key"), ("pk",)])
    return _neg("hardhat", "private_key", rng.choice(HARDHAT_KEYS), words, "public-dev-account", True)


def make_marked_fake(rng):
    from .providers import PROVIDERS
    while True:
        p = rng.choice(PROVIDERS)
        c = rng.choice(p.creds)
        v = c.gen(rng)
        if "\n" not in v and len(v) >= 16:
            break
    return _neg(p.name, c.cred, v, c.words, "marked-fake", note=rng.choice(FAKE_NOTES))


def make_max_tokens(rng):
    words = rng.choice([("max", "tokens"), ("max", "new", "tokens"), ("token", "limit"), ("tokens", "per", "minute")])
    return _neg("openai", "setting", str(rng.choice([256, 1024, 2048, 4096, 8192, 32000])), words, "max-tokens")


def make_ssh_pubkey(rng):
    seed = V.rbytes(rng, 32)
    pk = C.ed25519_public(seed)

    def s(b):
        return len(b).to_bytes(4, "big") + b
    if rng.random() < 0.5:
        v = "ssh-ed25519 " + base64.b64encode(s(b"ssh-ed25519") + s(pk)).decode() + " deploy@bot"
    else:
        n = (rng.getrandbits(2048) | (1 << 2047) | 1).to_bytes(256, "big")
        v = "ssh-rsa " + base64.b64encode(s(b"ssh-rsa") + s(b"\x01\x00\x01") + s(b"\x00" + n)).decode() + " ops@bot"
    return _neg("ssh", "public_key", v, ("deploy", "public", "key"), "public-key")


def make_hummingbot_encrypted(rng):
    ks = keystore(rng)
    return _neg("hummingbot", "api_key", json.dumps(ks, separators=(",", ":")).encode().hex(),
                rng.choice([("binance", "api", "key"), ("kucoin", "api", "secret"), ("gate", "io", "api", "key")]),
                "encrypted-keystore")


def keystore(rng):
    return {"crypto": {"cipher": "aes-128-ctr", "cipherparams": {"iv": V.rs(rng, V.HEX, 32)},
                       "ciphertext": V.rs(rng, V.HEX, 64),
                       "kdf": "pbkdf2", "kdfparams": {"c": 1000000, "dklen": 32, "prf": "hmac-sha256",
                                                      "salt": V.rs(rng, V.HEX, 64)},
                       "mac": V.rs(rng, V.HEX, 64)}, "version": 3}


VALUE_TRAPS = {
    "placeholder": (make_placeholder, 5),
    "placeholder-i18n": (make_placeholder_i18n, 2),
    "masked": (make_masked, 2),
    "repeated": (make_repeated, 2),
    "password-hash": (make_password_hash, 2),
    "sops": (make_sops, 1),
    "public-oauth-client-id": (make_oauth_client_id, 1),
    "evm-address": (make_evm_address, 2),
    "tx-hash": (make_tx_hash, 2),
    "token-contract": (make_token_contract, 1),
    "solana-public": (make_solana_public, 2),
    "uuid-request-id": (make_uuid_id, 2),
    "checksum": (make_checksum, 2),
    "test-vector": (make_test_vector, 2),
    "public-dev-account": (make_public_dev_account, 2),
    "marked-fake": (make_marked_fake, 3),
    "max-tokens": (make_max_tokens, 1),
    "public-key": (make_ssh_pubkey, 1),
    "encrypted-keystore": (make_hummingbot_encrypted, 1),
}
