"""Value makers. Every random value comes from the single seeded Random passed in."""
import base64, json, string, uuid
import crypto_util as cu

AL = string.ascii_letters + string.digits
UP = string.ascii_uppercase + string.digits
LO = string.ascii_lowercase + string.digits
HX = "0123456789abcdef"
B64 = AL + "+/"
B64U = AL + "-_"

class Val:
    __slots__ = ("value", "label", "provider", "cred", "trap", "enc", "parts")
    def __init__(self, value, label, provider, cred, trap=None):
        self.value, self.label, self.provider, self.cred, self.trap = value, label, provider, cred, trap
        self.enc = []      # alternative encodings written to files
        self.parts = []    # fragments, when the value is split across lines

class Gen:
    def __init__(self, rng):
        self.r = rng; self.used = set(); self.vals = []

    # ---- primitives
    def s(self, alpha, n): return "".join(self.r.choice(alpha) for _ in range(n))
    def b(self, n): return bytes(self.r.getrandbits(8) for _ in range(n))
    def uuid(self): return str(uuid.UUID(bytes=self.b(16), version=4))
    def hx(self, n): return self.s(HX, n)
    def uniq(self, fn):
        for _ in range(1000):
            v = fn()
            if v not in self.used:
                self.used.add(v); return v
        raise RuntimeError("uniq")
    def _mix(self, alpha, n):
        # ensure mixed classes so values look like real keys
        while True:
            v = self.s(alpha, n)
            if any(c.isdigit() for c in v) and any(c.isalpha() for c in v):
                return v
    def passphrase(self):
        w = self.r.choice(["Moon", "Hodl", "Sats", "Wick", "Candle", "Pivot", "Delta", "Gamma", "Fomo", "Degen", "Scalp", "Bagz"])
        w2 = self.r.choice(["Tiger", "Falcon", "River", "Comet", "Maple", "Cobalt", "Ember", "Quartz", "Nimbus", "Onyx"])
        return f"{w}{self.r.choice('!#$%&*@')}{w2}{self.r.randint(100, 99999)}{self.s(AL, 3)}"
    def password(self):
        return self._mix(AL, self.r.randint(14, 22)) + self.r.choice("!#%*@") + self.s(AL, 3)

    def pem(self, kind):
        if kind == "EC":
            der = bytes.fromhex("30770201010420") + self.b(32) + bytes.fromhex("a00a06082a8648ce3d030107a144034200") + b"\x04" + self.b(64)
            head = "EC PRIVATE KEY"
        elif kind == "ED25519":
            der = bytes.fromhex("302e020100300506032b657004220420") + self.b(32); head = "PRIVATE KEY"
        elif kind == "RSA":
            der = bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7") + self.b(1191); head = "PRIVATE KEY"
        elif kind == "OPENSSH":
            der = b"openssh-key-v1\x00" + self.b(380); head = "OPENSSH PRIVATE KEY"
        body = base64.b64encode(der).decode()
        lines = [body[i:i + 64] for i in range(0, len(body), 64)]
        if kind == "OPENSSH":
            lines = [body[i:i + 70] for i in range(0, len(body), 70)]
        return "\n".join([f"-----BEGIN {head}-----"] + lines + [f"-----END {head}-----"])

    def evm(self):
        while True:
            v = self.hx(64)
            if v[0] != "0" and sum(c.isdigit() for c in v) > 20: return v
    def sol_keypair_bytes(self):
        seed = self.b(32); return seed + cu.ed25519_pub(seed)
    def discord_token(self):
        uid = str(self.r.randint(10**17, 10**18 * 1.2 // 1 - 1))
        p1 = base64.b64encode(uid.encode()).decode().rstrip("=")
        return f"{p1}.{self.s(B64U, 6)}.{self._mix(B64U, 38)}"

    # ---- positive generators keyed (provider, cred)
    def make(self, provider, cred):
        r = self.r; s = self.s; m = self._mix
        f = {
            ("binance", "api_key"): lambda: m(AL, 64),
            ("binance", "api_secret"): lambda: m(AL, 64),
            ("binance", "ed25519_private_key"): lambda: self.pem("ED25519"),
            ("bybit", "api_key"): lambda: m(AL, 18),
            ("bybit", "api_secret"): lambda: m(AL, 36),
            ("okx", "api_key"): self.uuid,
            ("okx", "api_secret"): lambda: self.hx(32).upper(),
            ("okx", "passphrase"): self.passphrase,
            ("kucoin", "api_key"): lambda: self.hx(24),
            ("kucoin", "api_secret"): self.uuid,
            ("kucoin", "passphrase"): self.passphrase,
            ("kraken", "api_key"): lambda: m(B64, 56),
            ("kraken", "private_key"): lambda: base64.b64encode(self.b(64)).decode(),
            ("coinbase", "api_key_name"): lambda: f"organizations/{self.uuid()}/apiKeys/{self.uuid()}",
            ("coinbase", "ec_private_key"): lambda: self.pem("EC"),
            ("coinbase", "cdp_key_id"): self.uuid,
            ("coinbase", "cdp_private_key"): lambda: base64.b64encode(self.b(64)).decode(),
            ("coinbase-exchange", "api_key"): lambda: self.hx(32),
            ("coinbase-exchange", "api_secret"): lambda: base64.b64encode(self.b(64)).decode(),
            ("coinbase-exchange", "passphrase"): lambda: s(LO, 11),
            ("bitget", "api_key"): lambda: "bg_" + self.hx(32),
            ("bitget", "api_secret"): lambda: self.hx(64),
            ("bitget", "passphrase"): self.passphrase,
            ("gate", "api_key"): lambda: self.hx(32),
            ("gate", "api_secret"): lambda: self.hx(64),
            ("mexc", "api_key"): lambda: "mx0vgl" + m(AL, 12),
            ("mexc", "api_secret"): lambda: self.hx(32),
            ("htx", "access_key"): lambda: f"{m(LO,8)}-{m(LO,8)}-{m(LO,8)}-{m(LO,5)}",
            ("htx", "secret_key"): lambda: f"{m(LO,8)}-{m(LO,8)}-{m(LO,8)}-{m(LO,5)}",
            ("bitfinex", "api_key"): lambda: m(B64U, 43),
            ("bitfinex", "api_secret"): lambda: m(B64U, 43),
            ("gemini", "api_key"): lambda: r.choice(["account-", "master-"]) + m(AL, 20),
            ("gemini", "api_secret"): lambda: m(AL, 28),
            ("bitstamp", "api_key"): lambda: m(AL, 32),
            ("bitstamp", "api_secret"): lambda: m(AL, 32),
            ("deribit", "client_id"): lambda: m(AL, 8),
            ("deribit", "client_secret"): lambda: m(B64U, 43),
            ("bitmex", "api_key"): lambda: m(B64U, 24),
            ("bitmex", "api_secret"): lambda: m(B64U, 48),
            ("bitvavo", "api_key"): lambda: self.hx(64),
            ("bitvavo", "api_secret"): lambda: self.hx(128),
            ("phemex", "api_key"): self.uuid,
            ("phemex", "api_secret"): lambda: base64.urlsafe_b64encode(self.b(66)).decode(),
            ("bingx", "api_key"): lambda: m(AL, 64),
            ("bingx", "api_secret"): lambda: m(AL, 64),
            ("upbit", "access_key"): lambda: m(AL, 40),
            ("upbit", "secret_key"): lambda: m(AL, 40),
            ("bithumb", "api_key"): lambda: self.hx(32),
            ("bithumb", "api_secret"): lambda: self.hx(32),
            ("hyperliquid", "private_key"): lambda: "0x" + self.evm(),
            ("threecommas", "api_key"): lambda: self.hx(64),
            ("threecommas", "api_secret"): lambda: self.hx(192),
            ("alpaca", "key_id"): lambda: r.choice(["PK", "AK"]) + m(UP, 18),
            ("alpaca", "secret_key"): lambda: m(AL, 40),
            ("oanda", "access_token"): lambda: self.hx(32) + "-" + self.hx(32),
            ("tradier", "access_token"): lambda: m(AL, 28),
            ("zerodha", "api_key"): lambda: m(LO, 16),
            ("zerodha", "api_secret"): lambda: m(LO, 32),
            ("zerodha", "access_token"): lambda: m(AL, 32),
            ("schwab", "app_key"): lambda: m(AL, 32),
            ("schwab", "app_secret"): lambda: m(AL, 16),
            ("polygon", "api_key"): lambda: m(AL, 32),
            ("alphavantage", "api_key"): lambda: m(UP, 16),
            ("finnhub", "api_key"): lambda: m(LO, 20),
            ("coinmarketcap", "api_key"): self.uuid,
            ("coingecko", "api_key"): lambda: "CG-" + m(AL, 24),
            ("etherscan", "api_key"): lambda: m(UP, 34),
            ("infura", "project_id"): lambda: self.hx(32),
            ("alchemy", "api_key"): lambda: m(B64U, 32),
            ("tiingo", "api_key"): lambda: self.hx(40),
            ("twelvedata", "api_key"): lambda: m(LO, 32),
            ("quicknode", "token"): lambda: self.hx(40),
            ("helius", "api_key"): self.uuid,
            ("evm", "private_key"): lambda: r.choice(["0x", ""]) + self.evm(),
            ("bitcoin", "wif"): lambda: cu.wif(self.b(32), r.random() < 0.7),
            ("bitcoin", "xprv"): lambda: cu.xkey(bytes.fromhex("0488ade4"), r.choice([0, 3]), self.b(4), r.choice([0, 2**31, 2**31 + 44]), self.b(32), b"\0" + self.b(32)),
            ("solana", "keypair_base58"): lambda: cu.b58encode(self.sol_keypair_bytes()),
            ("solana", "keypair_json"): lambda: json.dumps(list(self.sol_keypair_bytes()), separators=(",", ":")),
            ("bip39", "mnemonic12"): lambda: cu.bip39(self.b(16)),
            ("bip39", "mnemonic24"): lambda: cu.bip39(self.b(32)),
            ("telegram", "bot_token"): lambda: f"{r.randint(5000000000, 7999999999)}:AA{m(B64U, 33)}",
            ("discord", "bot_token"): self.discord_token,
            ("discord", "webhook_url"): lambda: f"https://discord.com/api/webhooks/{r.randint(10**17, 10**19)}/{m(B64U, 68)}",
            ("slack", "webhook_url"): lambda: f"https://hooks.slack.com/services/T{s(UP, 8)}/B{s(UP, 10)}/{m(AL, 24)}",
            ("slack", "bot_token"): lambda: f"xoxb-{r.randint(10**10, 10**11)}-{r.randint(10**12, 10**13)}-{m(AL, 24)}",
            ("twilio", "account_sid"): lambda: "AC" + self.hx(32),
            ("twilio", "auth_token"): lambda: self.hx(32),
            ("aws", "access_key_id"): lambda: "AKIA" + m("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
            ("aws", "secret_access_key"): lambda: m(B64, 40),
            ("gcp", "private_key"): lambda: self.pem("RSA"),
            ("gcp", "private_key_id"): lambda: self.hx(40),
            ("openai", "api_key"): lambda: "sk-proj-" + m(B64U, 64) + "T3BlbkFJ" + m(B64U, 64),
            ("anthropic", "api_key"): lambda: "sk-ant-api03-" + m(B64U, 93) + "AA",
            ("github", "pat"): lambda: cu.github_token(r.choice(["ghp_", "gho_", "ghs_"]), m(AL, 30)),
            ("stripe", "secret_key"): lambda: r.choice(["sk_live_51", "rk_live_51"]) + m(AL, 97),
            ("sendgrid", "api_key"): lambda: "SG." + m(B64U, 22) + "." + m(B64U, 43),
            ("postgres", "password"): self.password,
            ("mysql", "password"): self.password,
            ("redis", "password"): self.password,
            ("mongodb", "password"): self.password,
            ("rabbitmq", "password"): self.password,
            ("ibkr", "password"): self.password,
            ("freqtrade", "jwt_secret"): lambda: self.hx(64),
            ("freqtrade", "ws_token"): lambda: m(B64U, 32),
            ("freqtrade", "api_password"): self.password,
            ("octobot", "fernet_secret"): lambda: base64.urlsafe_b64encode(b"\x80" + self.b(8) + self.b(16) + self.b(r.choice([48, 64, 80])) + self.b(32)).decode(),
            ("ssh", "private_key"): lambda: self.pem("OPENSSH"),
            ("generic", "jwt_secret"): lambda: m(AL, 48),
            ("generic", "django_secret"): lambda: m(AL + "!@#%^&*(-_=+)", 50),
            ("polymarket", "api_secret"): lambda: base64.urlsafe_b64encode(self.b(32)).decode(),
            ("polymarket", "api_key"): self.uuid,
            ("polymarket", "passphrase"): lambda: self.hx(64),
        }[(provider, cred)]
        return self.uniq(f)

    def P(self, provider, cred):
        v = Val(self.make(provider, cred), "positive", provider, cred)
        self.vals.append(v); return v

    def N(self, trap, provider, cred, value, register=True):
        v = Val(value, "negative", provider, cred, trap)
        if register:
            self.vals.append(v)
        return v
