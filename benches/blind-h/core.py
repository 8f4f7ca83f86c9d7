import base64, json, urllib.parse
from values import Val, AL, UP, LO, HX, B64, B64U
import crypto_util as cu

class F:
    def __init__(self, repo, path, lang):
        self.repo, self.path, self.lang = repo, path, lang
        self.lines, self.labs = [], []
    def l(self, text="", *vals, form=None):
        parts = text.split("\n")
        if vals:
            assert form, text
            n0 = len(self.lines) + 1
            pos = [v for v in vals if v.label == "positive"]
            lead = pos[0] if pos else vals[0]
            lab = {"path": f"{self.repo.name}/{self.path}", "line": n0,
                   "label": "positive" if pos else "negative",
                   "provider": lead.provider, "cred": lead.cred, "form": form, "lang": self.lang}
            if not pos: lab["trap"] = lead.trap
            self.labs.append((lab, len(parts), vals))
        self.lines.extend(parts)
        return self
    def text(self):
        return "\n".join(self.lines) + "\n"

class Repo:
    def __init__(self, name):
        self.name, self.files = name, []
    def f(self, path, lang):
        assert all(x.path != path for x in self.files), (self.name, path)
        x = F(self, path, lang); self.files.append(x); return x

EXS = [
    ("binance", "binance", [("apiKey", "api_key"), ("secret", "api_secret")]),
    ("bybit", "bybit", [("apiKey", "api_key"), ("secret", "api_secret")]),
    ("okx", "okx", [("apiKey", "api_key"), ("secret", "api_secret"), ("password", "passphrase")]),
    ("kucoin", "kucoin", [("apiKey", "api_key"), ("secret", "api_secret"), ("password", "passphrase")]),
    ("kraken", "kraken", [("apiKey", "api_key"), ("secret", "private_key")]),
    ("coinbase-exchange", "coinbaseexchange", [("apiKey", "api_key"), ("secret", "api_secret"), ("password", "passphrase")]),
    ("bitget", "bitget", [("apiKey", "api_key"), ("secret", "api_secret"), ("password", "passphrase")]),
    ("gate", "gate", [("apiKey", "api_key"), ("secret", "api_secret")]),
    ("mexc", "mexc", [("apiKey", "api_key"), ("secret", "api_secret")]),
    ("htx", "htx", [("apiKey", "access_key"), ("secret", "secret_key")]),
    ("bitfinex", "bitfinex", [("apiKey", "api_key"), ("secret", "api_secret")]),
    ("gemini", "gemini", [("apiKey", "api_key"), ("secret", "api_secret")]),
    ("bitstamp", "bitstamp", [("apiKey", "api_key"), ("secret", "api_secret")]),
    ("deribit", "deribit", [("apiKey", "client_id"), ("secret", "client_secret")]),
    ("bitmex", "bitmex", [("apiKey", "api_key"), ("secret", "api_secret")]),
    ("bitvavo", "bitvavo", [("apiKey", "api_key"), ("secret", "api_secret")]),
    ("phemex", "phemex", [("apiKey", "api_key"), ("secret", "api_secret")]),
    ("bingx", "bingx", [("apiKey", "api_key"), ("secret", "api_secret")]),
    ("upbit", "upbit", [("apiKey", "access_key"), ("secret", "secret_key")]),
    ("bithumb", "bithumb", [("apiKey", "api_key"), ("secret", "api_secret")]),
]

ENV = {
    "python": 'os.environ["{n}"]', "python2": 'os.getenv("{n}")', "javascript": "process.env.{n}",
    "typescript": "process.env.{n}!", "go": 'os.Getenv("{n}")', "rust": 'std::env::var("{n}")?',
    "java": 'System.getenv("{n}")', "kotlin": 'System.getenv("{n}")', "csharp": 'Environment.GetEnvironmentVariable("{n}")',
    "php": "getenv('{n}')", "ruby": "ENV.fetch('{n}')", "elixir": 'System.fetch_env!("{n}")',
    "shell": '"${{{n}:?missing}}"', "yaml": "${{{n}}}", "r": 'Sys.getenv("{n}")', "julia": 'ENV["{n}"]',
    "lua": 'os.getenv("{n}")', "perl": "$ENV{{{n}}}", "powershell": "$env:{n}", "scala": 'sys.env("{n}")',
    "dart": "Platform.environment['{n}']", "swift": 'ProcessInfo.processInfo.environment["{n}"]',
    "c": 'getenv("{n}")', "cpp": 'std::getenv("{n}")',
}

DOCS = {
    ("aws", "access_key_id"): "AKIAIOSFODNN7EXAMPLE",
    ("aws", "secret_access_key"): "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ("binance", "api_key"): "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
    ("binance", "api_secret"): "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
    ("stripe", "secret_key"): "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
    ("telegram", "bot_token"): "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11",
}
HARDHAT = ["0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
           "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
           "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"]
HARDHAT_ADDR0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
JUNK = "test test test test test test test test test test test junk"
BIP32_TV1 = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"
assert cu.b58check_ok(BIP32_TV1)
RFC8032_SK = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
WIF_WIKI = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"
BIP39_TV = [cu.bip39(bytes(16)), cu.bip39(bytes([0x7f] * 16)), cu.bip39(bytes([0x80] * 16))]

class Ctx:
    """Wraps the value generator with negative makers and exchange rotation."""
    def __init__(self, g):
        self.g = g; self.r = g.r; self._deck = []; self._nn = 0
    def P(self, p, c): return self.g.P(p, c)
    def ex(self):
        if not self._deck:
            self._deck = list(EXS); self.r.shuffle(self._deck)
        return self._deck.pop()
    def exset(self, mode="pos"):
        prov, cid, creds = self.ex()
        out = []
        for field, cred in creds:
            if mode == "pos": out.append((field, cred, self.P(prov, cred)))
            else: out.append((field, cred, self.ph(prov, cred)))
        return prov, cid, out
    # ---- negatives
    def neg(self, trap, p, c, value): return self.g.N(trap, p, c, value)
    def ph(self, p, c):
        P_, C_ = p.upper().replace("-", "_"), c.upper()
        opts = [f"your_{p}_{c}", f"<{P_}_{C_}>", f"YOUR_{P_}_{C_}_HERE", f"{p}-{c}-goes-here",
                f"REPLACE_ME_{P_}_{C_}", f"changeme-{p}-{c}", f"<insert {p} {c}>", f"xxxxxxxx-{p}-{c}-xxxxxxxx",
                f"{{{{ {p}_{c} }}}}", f"PUT_{C_}_HERE_{P_}", f"your-{c.replace('_', '-')}-from-{p}"]
        for _ in range(50):
            v = self.r.choice(opts)
            if v not in self.g.used:
                self.g.used.add(v); return self.neg("placeholder", p, c, v)
        self._nn += 1
        v = f"your_{p}_{c}_{self._nn}"; self.g.used.add(v)
        return self.neg("placeholder", p, c, v)
    def envref(self, lang, name, p, c):
        v = ENV[lang].format(n=name)
        return self.g.N("env-reference", p, c, v, register=False)
    def mask(self, p, c):
        raw = self.g.make(p, c); k = self.r.choice([0, 1, 2])
        v = raw[:4] + "*" * 12 + raw[-4:] if k == 0 else ("****" + raw[-4:] if k == 1 else raw[:6] + "..." + raw[-3:])
        return self.neg("masked", p, c, v)
    def addr(self): return self.neg("public-address", "evm", "address", "0x" + self.g.uniq(lambda: self.g.hx(40)))
    def btc_addr(self): return self.neg("public-address", "bitcoin", "address", self.g.uniq(lambda: cu.p2pkh(self.g.b(20))))
    def sol_pub(self): return self.neg("public-key", "solana", "pubkey", self.g.uniq(lambda: cu.b58encode(cu.ed25519_pub(self.g.b(32)))))
    def txh(self): return self.neg("tx-hash", "evm", "tx_hash", "0x" + self.g.uniq(lambda: self.g.hx(64)))
    def uid(self, c="order_id"): return self.neg("uuid-id", "generic", c, self.g.uniq(self.g.uuid))
    def digest(self, c="sha256"): return self.neg("digest", "generic", c, self.g.uniq(lambda: self.g.hx(64)))
    def gitsha(self): return self.neg("digest", "git", "commit_sha", self.g.uniq(lambda: self.g.hx(40)))
    def sig(self, p): return self.neg("signature", p, "request_signature", self.g.uniq(lambda: self.g.hx(64)))
    def docs(self, p, c): return self.g.N("docs-sample", p, c, DOCS[(p, c)], register=False)
    def hardhat(self, i=0): return self.g.N("hardhat-default", "evm", "private_key", HARDHAT[i], register=False)
    def junk(self): return self.g.N("hardhat-default", "bip39", "mnemonic12", JUNK, register=False)
    def fake(self, p, c):
        v = self.g.uniq(lambda: f"fake-{p}-{c}-" + self.g.s(LO, 6))
        return self.neg("marked-fake", p, c, v)
    def secref(self, p, c, kind=None):
        k = kind or self.r.choice(["aws", "vault", "gcp", "op", "azure"])
        name = f"{p}-{c.replace('_', '-')}"
        v = {"aws": f"arn:aws:secretsmanager:eu-west-1:{self.r.randint(10**11, 10**12 - 1)}:secret:trading/{name}",
             "vault": f"vault:secret/data/trading/{p}#{c}",
             "gcp": f"projects/trading-prod/secrets/{name}/versions/latest",
             "op": f"op://Trading/{p.capitalize()}/{c}",
             "azure": f"@Microsoft.KeyVault(SecretUri=https://trading-kv.vault.azure.net/secrets/{name}/)"}[k]
        self.g.used.add(v)
        return self.neg("secret-manager-ref", p, c, v)
    def varname(self, p, c):
        return self.g.N("variable-name", p, c, f"{p.upper().replace('-', '_')}_{c.upper()}", register=False)
    def vault_blob(self):
        body = self.g.hx(64 * 5)
        lines = ["$ANSIBLE_VAULT;1.1;AES256"] + [body[i:i + 80] for i in range(0, len(body), 80)]
        return self.neg("encrypted", "ansible", "vault_blob", "\n".join(lines))
    def sops(self, p, c):
        v = f"ENC[AES256_GCM,data:{base64.b64encode(self.g.b(self.r.randint(30, 60))).decode()},iv:{base64.b64encode(self.g.b(32)).decode()},tag:{base64.b64encode(self.g.b(16)).decode()},type:str]"
        return self.neg("encrypted", p, c, v)
    def ssh_pub(self):
        v = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + base64.b64encode(b"\x00" + self.g.b(32)).decode()[1:] + " deploy@trading-vps"
        return self.neg("public-key", "ssh", "public_key", v)
    def xpub(self):
        v = cu.xkey(bytes.fromhex("0488b21e"), 3, self.g.b(4), 2**31, self.g.b(32), bytes([self.r.choice([2, 3])]) + self.g.b(32))
        return self.neg("public-key", "bitcoin", "xpub", v)
    def pem_pub(self):
        der = bytes.fromhex("3059301306072a8648ce3d020106082a8648ce3d03010703420004") + self.g.b(64)
        b = base64.b64encode(der).decode()
        return self.neg("public-key", "generic", "ec_public_key", "-----BEGIN PUBLIC KEY-----\n" + b[:64] + "\n" + b[64:] + "\n-----END PUBLIC KEY-----")

def b64(v, s=None):
    e = base64.b64encode((s or v.value).encode()).decode(); v.enc.append(e); return e
def q(v):
    e = urllib.parse.quote(v.value, safe=""); 
    if e != v.value: v.enc.append(e)
    return e
def jesc(v):
    e = json.dumps(v.value)[1:-1]
    if e != v.value: v.enc.append(e)
    return e
