"""Provider catalogue: which credentials each provider has, their generators and usual names.

``role`` is the ccxt-style property a credential usually lands in (apiKey, secret, password,
uid, privateKey) so templates can build constructor option maps.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import values as V


@dataclass(frozen=True)
class Cred:
    cred: str           # api_key | api_secret | passphrase | private_key | seed | token | password | ...
    gen: object
    check: str | None
    words: tuple
    role: str = "apiKey"


@dataclass(frozen=True)
class Provider:
    name: str
    kind: str           # exchange | broker | data | rpc | wallet | bot | cloud | ai | payment | dev | db | framework
    creds: tuple
    ctor: str = ""      # a typical client constructor name (informational, used by templates)


def _p(name, kind, creds, ctor=""):
    return Provider(name, kind, tuple(Cred(*c) for c in creds), ctor)


def _ks(prefix):
    """Usual (key, secret) words for an exchange."""
    return (prefix, "api", "key"), (prefix, "api", "secret")


PROVIDERS = [
    # ---------------------------------------------------------------- crypto exchanges
    _p("binance", "exchange", [("api_key", V.binance_key, "alnum64", _ks("binance")[0], "apiKey"),
                               ("api_secret", V.binance_key, "alnum64", ("binance", "secret", "key"), "secret")], "Client"),
    _p("binance-ed25519", "exchange", [("api_key", V.binance_key, "alnum64", ("binance", "api", "key"), "apiKey"),
                                       ("private_key", lambda r: V.pem(r, "PKCS8-ED25519"), "pem",
                                        ("binance", "private", "key"), "secret")], "Spot"),
    _p("coinbase", "exchange", [("api_key", V.cdp_key_name, None, ("coinbase", "api", "key"), "apiKey"),
                                ("private_key", lambda r: V.pem(r, "EC"), "pem", ("coinbase", "api", "secret"), "secret")],
       "RESTClient"),
    _p("coinbase-exchange", "exchange", [("api_key", V.hex_n(32), None, ("cbpro", "key"), "apiKey"),
                                         ("api_secret", V.coinbase_exchange_secret, None, ("cbpro", "b64secret"), "secret"),
                                         ("passphrase", V.passphrase, None, ("cbpro", "passphrase"), "password")],
       "AuthenticatedClient"),
    _p("kraken", "exchange", [("api_key", V.kraken_key, None, _ks("kraken")[0], "apiKey"),
                              ("api_secret", V.kraken_secret, None, ("kraken", "private", "key"), "secret")], "API"),
    _p("bybit", "exchange", [("api_key", V.bybit_key, None, _ks("bybit")[0], "apiKey"),
                             ("api_secret", V.bybit_secret, None, _ks("bybit")[1], "secret")], "HTTP"),
    _p("okx", "exchange", [("api_key", V.ruuid, "uuid", _ks("okx")[0], "apiKey"),
                           ("api_secret", V.okx_secret, None, ("okx", "secret", "key"), "secret"),
                           ("passphrase", V.passphrase, None, ("okx", "passphrase"), "password")], "TradeAPI"),
    _p("kucoin", "exchange", [("api_key", V.kucoin_key, None, _ks("kucoin")[0], "apiKey"),
                              ("api_secret", V.ruuid, "uuid", _ks("kucoin")[1], "secret"),
                              ("passphrase", V.passphrase, None, ("kucoin", "api", "passphrase"), "password")], "Client"),
    _p("bitget", "exchange", [("api_key", V.bitget_key, None, _ks("bitget")[0], "apiKey"),
                              ("api_secret", V.hex_n(64), "hex64", ("bitget", "secret", "key"), "secret"),
                              ("passphrase", V.passphrase, None, ("bitget", "passphrase"), "password")]),
    _p("gateio", "exchange", [("api_key", V.hex_n(32), None, ("gate", "api", "key"), "apiKey"),
                              ("api_secret", V.hex_n(64), "hex64", ("gate", "api", "secret"), "secret")], "Configuration"),
    _p("htx", "exchange", [("api_key", V.htx_key, None, ("huobi", "access", "key"), "apiKey"),
                           ("api_secret", V.htx_key, None, ("huobi", "secret", "key"), "secret")], "TradeClient"),
    _p("mexc", "exchange", [("api_key", V.mexc_key, None, _ks("mexc")[0], "apiKey"),
                            ("api_secret", V.hex_n(32), None, ("mexc", "secret", "key"), "secret")]),
    _p("phemex", "exchange", [("api_key", V.ruuid, "uuid", ("phemex", "api", "id"), "apiKey"),
                              ("api_secret", V.kraken_secret, None, ("phemex", "api", "secret"), "secret")]),
    _p("bingx", "exchange", [("api_key", V.binance_key, "alnum64", _ks("bingx")[0], "apiKey"),
                             ("api_secret", V.binance_key, "alnum64", _ks("bingx")[1], "secret")]),
    _p("whitebit", "exchange", [("api_key", V.whitebit_key, None, ("whitebit", "public", "key"), "apiKey"),
                                ("api_secret", V.alnum_n(32), None, ("whitebit", "secret", "key"), "secret")]),
    _p("upbit", "exchange", [("api_key", V.upbit_key, None, ("upbit", "access", "key"), "apiKey"),
                             ("api_secret", V.upbit_key, None, ("upbit", "secret", "key"), "secret")], "Upbit"),
    _p("bithumb", "exchange", [("api_key", V.hex_n(32), None, ("bithumb", "con", "key"), "apiKey"),
                               ("api_secret", V.hex_n(32), None, ("bithumb", "sec", "key"), "secret")], "Bithumb"),
    _p("coinone", "exchange", [("api_key", V.ruuid, "uuid", ("coinone", "access", "token"), "apiKey"),
                               ("api_secret", V.ruuid, "uuid", ("coinone", "secret", "key"), "secret")]),
    _p("korbit", "exchange", [("api_key", V.alnum_n(60), None, ("korbit", "client", "id"), "apiKey"),
                              ("api_secret", V.alnum_n(60), None, ("korbit", "client", "secret"), "secret")]),
    _p("bitfinex", "exchange", [("api_key", V.bitfinex, None, ("bfx", "api", "key"), "apiKey"),
                                ("api_secret", V.bitfinex, None, ("bfx", "api", "secret"), "secret")], "Client"),
    _p("gemini", "exchange", [("api_key", V.gemini_key, None, _ks("gemini")[0], "apiKey"),
                              ("api_secret", V.alnum_n(28), None, _ks("gemini")[1], "secret")]),
    _p("bitstamp", "exchange", [("api_key", V.alnum_n(32), None, ("bitstamp", "key"), "apiKey"),
                                ("api_secret", V.alnum_n(32), None, ("bitstamp", "secret"), "secret")]),
    _p("deribit", "exchange", [("api_key", V.deribit_id, None, ("deribit", "client", "id"), "apiKey"),
                               ("api_secret", V.deribit_secret, None, ("deribit", "client", "secret"), "secret")]),
    _p("bitmex", "exchange", [("api_key", V.bitmex_key, None, _ks("bitmex")[0], "apiKey"),
                              ("api_secret", V.bitmex_secret, None, _ks("bitmex")[1], "secret")], "bitmex"),
    _p("cryptocom", "exchange", [("api_key", V.cryptocom_key, None, ("cdc", "api", "key"), "apiKey"),
                                 ("api_secret", V.cryptocom_secret, None, ("cdc", "api", "secret"), "secret")]),
    _p("bitvavo", "exchange", [("api_key", V.bitvavo_key, "hex64", ("bitvavo", "apikey"), "apiKey"),
                               ("api_secret", V.hex_n(128), None, ("bitvavo", "apisecret"), "secret")], "Bitvavo"),
    _p("hyperliquid", "exchange", [("private_key", V.evm_private, "evm", ("hl", "secret", "key"), "privateKey")], "Exchange"),
    _p("dydx", "exchange", [("seed", V.bip39_24, "bip39", ("dydx", "mnemonic"), "mnemonic")], "Wallet"),
    # ---------------------------------------------------------------- brokers
    _p("alpaca", "broker", [("api_key", V.alpaca_key, "alpaca", ("apca", "api", "key", "id"), "apiKey"),
                            ("api_secret", V.alnum_n(40), None, ("apca", "api", "secret", "key"), "secret")], "TradingClient"),
    _p("oanda", "broker", [("token", V.oanda, "oanda", ("oanda", "access", "token"), "apiKey")], "API"),
    _p("tradier", "broker", [("token", V.alnum_n(28), None, ("tradier", "access", "token"), "apiKey")]),
    _p("schwab", "broker", [("api_key", V.schwab_key, None, ("schwab", "app", "key"), "apiKey"),
                            ("api_secret", V.schwab_secret, None, ("schwab", "app", "secret"), "secret")], "easy_client"),
    _p("ibkr", "broker", [("password", V.password, None, ("tws", "password"), "password")]),
    _p("tastytrade", "broker", [("password", V.password, None, ("tasty", "password"), "password")], "Session"),
    _p("zerodha", "broker", [("api_key", V.alnum_n(16, V.LO + V.DIG), None, ("kite", "api", "key"), "apiKey"),
                             ("api_secret", V.alnum_n(32, V.LO + V.DIG), None, ("kite", "api", "secret"), "secret")],
       "KiteConnect"),
    _p("3commas", "bot", [("api_key", V.threecommas_key, "hex64", ("threecommas", "api", "key"), "apiKey"),
                          ("api_secret", V.threecommas_secret, None, ("threecommas", "api", "secret"), "secret")], "Py3CW"),
    # ---------------------------------------------------------------- market data & rpc
    _p("polygon", "data", [("api_key", V.alnum_n(32), None, ("polygon", "api", "key"), "apiKey")], "RESTClient"),
    _p("finnhub", "data", [("api_key", V.alnum_n(20, V.LO + V.DIG), None, ("finnhub", "api", "key"), "apiKey")], "Client"),
    _p("coinmarketcap", "data", [("api_key", V.ruuid, "uuid", ("cmc", "api", "key"), "apiKey")]),
    _p("coingecko", "data", [("api_key", V.coingecko, None, ("coingecko", "api", "key"), "apiKey")], "CoinGeckoAPI"),
    _p("alphavantage", "data", [("api_key", V.alnum_n(16, V.UP + V.DIG), None, ("alphavantage", "api", "key"), "apiKey")]),
    _p("tiingo", "data", [("api_key", V.alnum_n(40, V.LO + V.DIG), None, ("tiingo", "api", "key"), "apiKey")]),
    _p("twelvedata", "data", [("api_key", V.alnum_n(32, V.LO + V.DIG), None, ("twelvedata", "api", "key"), "apiKey")]),
    _p("infura", "rpc", [("api_key", V.hex_n(32), None, ("infura", "project", "id"), "apiKey")]),
    _p("alchemy", "rpc", [("api_key", V.alchemy, None, ("alchemy", "api", "key"), "apiKey")]),
    _p("etherscan", "rpc", [("api_key", V.etherscan, None, ("etherscan", "api", "key"), "apiKey")]),
    _p("helius", "rpc", [("api_key", V.ruuid, "uuid", ("helius", "api", "key"), "apiKey")]),
    # ---------------------------------------------------------------- wallets
    _p("evm-wallet", "wallet", [("private_key", V.evm_private, "evm", ("wallet", "private", "key"), "privateKey")]),
    _p("evm-wallet-bare", "wallet", [("private_key", V.evm_private_bare, "evm", ("private", "key"), "privateKey")]),
    _p("solana", "wallet", [("private_key", V.solana_b58, "solana-b58", ("solana", "private", "key"), "privateKey")]),
    _p("bitcoin", "wallet", [("private_key", V.wif, "wif", ("btc", "wif"), "privateKey")]),
    _p("bitcoin-hd", "wallet", [("private_key", V.xprv, "xprv", ("master", "xprv"), "privateKey")]),
    _p("bip39", "wallet", [("seed", V.bip39, "bip39", ("seed", "phrase"), "mnemonic")]),
    # ---------------------------------------------------------------- notification bots
    _p("telegram", "bot", [("token", V.telegram, "telegram", ("telegram", "bot", "token"), "token")], "Bot"),
    _p("discord", "bot", [("token", V.discord_bot, "discord", ("discord", "token"), "token")]),
    _p("discord-webhook", "bot", [("webhook", V.discord_webhook, None, ("discord", "webhook", "url"), "url")]),
    _p("slack-webhook", "bot", [("webhook", V.slack_webhook, None, ("slack", "webhook", "url"), "url")]),
    _p("slack", "bot", [("token", V.slack_bot, None, ("slack", "bot", "token"), "token")]),
    _p("twilio", "bot", [("api_key", V.twilio_sid, None, ("twilio", "account", "sid"), "apiKey"),
                         ("token", V.hex_n(32), None, ("twilio", "auth", "token"), "secret")], "Client"),
    _p("sendgrid", "bot", [("api_key", V.sendgrid, None, ("sendgrid", "api", "key"), "apiKey")]),
    # ---------------------------------------------------------------- cloud / ai / payment / dev
    _p("aws", "cloud", [("api_key", V.aws_key_id, "aws-id", ("aws", "access", "key", "id"), "apiKey"),
                        ("api_secret", V.aws_secret, None, ("aws", "secret", "access", "key"), "secret")]),
    _p("azure", "cloud", [("api_secret", V.azure_client_secret, None, ("azure", "client", "secret"), "secret")]),
    _p("azure-storage", "cloud", [("api_key", V.azure_storage_key, None, ("azure", "storage", "key"), "apiKey")]),
    _p("openai", "ai", [("api_key", V.openai_key, "openai", ("openai", "api", "key"), "apiKey")], "OpenAI"),
    _p("anthropic", "ai", [("api_key", V.anthropic_key, "anthropic", ("anthropic", "api", "key"), "apiKey")], "Anthropic"),
    _p("huggingface", "ai", [("token", V.hf_token, None, ("hf", "token"), "token")]),
    _p("stripe", "payment", [("api_key", V.stripe_key, None, ("stripe", "secret", "key"), "apiKey")]),
    _p("github", "dev", [("token", V.crc_token("ghp_"), "ghp", ("github", "token"), "token")]),
    _p("github-oauth", "dev", [("token", V.crc_token("gho_"), "ghp", ("gh", "oauth", "token"), "token")]),
    _p("github-fine", "dev", [("token", V.github_pat_fine, None, ("gh", "pat"), "token")]),
    _p("gitlab", "dev", [("token", V.gitlab, None, ("gitlab", "token"), "token")]),
    _p("dockerhub", "dev", [("token", V.dockerhub, None, ("docker", "hub", "token"), "token")]),
    _p("npm", "dev", [("token", V.crc_token("npm_"), "npm", ("npm", "token"), "token")]),
    _p("pypi", "dev", [("token", V.pypi_token, None, ("pypi", "token"), "token")]),
    # ---------------------------------------------------------------- databases & services
    _p("postgres", "db", [("password", V.password, None, ("postgres", "password"), "password")]),
    _p("mysql", "db", [("password", V.password, None, ("mysql", "password"), "password")]),
    _p("mssql", "db", [("password", V.password, None, ("mssql", "sa", "password"), "password")]),
    _p("redis", "db", [("password", V.password, None, ("redis", "password"), "password")]),
    _p("rabbitmq", "db", [("password", V.password, None, ("rabbitmq", "password"), "password")]),
    _p("mongodb", "db", [("password", V.password, None, ("mongo", "password"), "password")]),
    _p("smtp", "db", [("password", V.password, None, ("smtp", "password"), "password")]),
    # ---------------------------------------------------------------- framework secrets
    _p("django", "framework", [("secret_key", V.django_key, None, ("secret", "key"), "secret")]),
    _p("rails", "framework", [("master_key", V.rails_master, None, ("rails", "master", "key"), "secret")]),
    _p("laravel", "framework", [("app_key", V.laravel_key, "laravel", ("app", "key"), "secret")]),
    _p("jwt", "framework", [("jwt_secret", V.jwt_secret, None, ("jwt", "secret", "key"), "secret")]),
    _p("jwt-token", "framework", [("token", V.jwt_token, "jwt", ("access", "token"), "token")]),
    _p("erlang", "framework", [("cookie", V.erlang_cookie, None, ("erlang", "cookie"), "secret")]),
    _p("nats", "framework", [("seed", V.nkey, "nkey", ("nkey", "seed"), "secret")]),
    _p("age", "framework", [("private_key", V.age_key, "age", ("age", "key"), "secret")]),
    _p("octobot", "bot", [("api_key", V.fernet_octobot, "fernet", ("api", "key"), "apiKey")]),
    _p("ssh", "dev", [("private_key", lambda r: V.pem(r, "OPENSSH"), "pem", ("deploy", "key"), "secret")]),
    _p("rsa", "dev", [("private_key", lambda r: V.pem(r, "RSA"), "pem", ("signing", "key"), "secret")]),
]

BY_NAME = {p.name: p for p in PROVIDERS}

# Providers usable in "plain value" templates (single-line values that fit in any quoted string).
MULTILINE = {"binance-ed25519:private_key", "coinbase:private_key", "ssh:private_key", "rsa:private_key"}
