#!/usr/bin/env python3
"""blind-g corpus generator: synthetic trading-bot repositories with labelled credentials.

usage: python3 gen.py OUTDIR [--seed N]
"""
import argparse
import base64
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import prims as X  # noqa: E402
from core import Corpus  # noqa: E402

# ---------------------------------------------------------------- public, well-known NEGATIVE values
HARDHAT = [("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
           ("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
           ("5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")]
HARDHAT_MNEMONIC = "test test test test test test test test test test test junk"
BINANCE_DOC_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
BINANCE_DOC_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
AWS_DOC = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
STRIPE_DOC = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
TG_DOC = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
JWT_DOC = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
           ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
BIP39_TV = ["abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
            "legal winner thank year wave sausage worth useful legal winner thank yellow"]
BIP32_TV1 = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"
WIF_DOC = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"
SLACK_DOC = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"

EXCHANGES = ["binance", "bybit", "okx", "kucoin", "kraken", "bitget", "gate", "mexc", "htx", "bitfinex", "gemini",
             "bitstamp", "deribit", "bitvavo", "phemex", "bingx", "upbit", "bithumb", "bitmex", "coinbase"]
PASS_EX = ["okx", "kucoin", "bitget", "coinbase"]


class Cred(dict):
    __getattr__ = dict.get


def exch(g, p):
    """fresh credential set for an exchange"""
    up = p.upper()
    c = Cred(p=p, pw=None, ek=f"{up}_API_KEY", es=f"{up}_API_SECRET", ep=f"{up}_PASSPHRASE")
    if p == "binance":
        c.update(k=g.alnum(64), s=g.alnum(64))
    elif p == "bybit":
        c.update(k=g.alnum(18), s=g.alnum(36))
    elif p == "okx":
        c.update(k=g.uuid(), s=g.hex(32, upper=True), pw=g.passphrase(), es="OKX_SECRET_KEY")
    elif p == "kucoin":
        c.update(k=g.hex(24), s=g.uuid(), pw=g.passphrase(), ep="KUCOIN_API_PASSPHRASE")
    elif p == "kraken":
        c.update(k=g.b64chars(56), s=g.b64bytes(64), es="KRAKEN_PRIVATE_KEY")
    elif p == "bitget":
        c.update(k="bg_" + g.hex(32), s=g.hex(64), pw=g.passphrase(), es="BITGET_SECRET_KEY")
    elif p == "gate":
        c.update(k=g.hex(32), s=g.hex(64))
    elif p == "mexc":
        c.update(k="mx0v" + g.alnum(14), s=g.hex(32), es="MEXC_SECRET_KEY")
    elif p == "htx":
        grp = lambda: "-".join(g.s(X.LOALNUM, n) for n in (8, 8, 8, 5))  # noqa: E731
        c.update(k=g.u(grp), s=g.u(grp), ek="HUOBI_ACCESS_KEY", es="HUOBI_SECRET_KEY")
    elif p == "bitfinex":
        c.update(k=g.alnum(43), s=g.alnum(43), ek="BFX_API_KEY", es="BFX_API_SECRET")
    elif p == "gemini":
        c.update(k=g.pick(["account-", "master-"]) + g.alnum(20), s=g.alnum(28))
    elif p == "bitstamp":
        c.update(k=g.alnum(32), s=g.alnum(32), ek="BITSTAMP_KEY", es="BITSTAMP_SECRET")
    elif p == "deribit":
        c.update(k=g.alnum(8), s=g.b64url(43), ek="DERIBIT_CLIENT_ID", es="DERIBIT_CLIENT_SECRET")
    elif p == "bitvavo":
        c.update(k=g.hex(64), s=g.hex(128))
    elif p == "phemex":
        c.update(k=g.uuid(), s=g.b64url(86))
    elif p == "bingx":
        c.update(k=g.alnum(64), s=g.alnum(64))
    elif p == "upbit":
        c.update(k=g.alnum(40), s=g.alnum(40), ek="UPBIT_ACCESS_KEY", es="UPBIT_SECRET_KEY")
    elif p == "bithumb":
        c.update(k=g.hex(32), s=g.hex(32), ek="BITHUMB_CONNECT_KEY", es="BITHUMB_SECRET_KEY")
    elif p == "bitmex":
        c.update(k=g.b64url(24), s=g.b64url(48))
    elif p == "coinbase":
        c.update(k=g.hex(32), s=g.b64bytes(64), pw=g.s(X.LOALNUM, 11), ek="CB_EXCHANGE_KEY", es="CB_EXCHANGE_B64SECRET",
                 ep="CB_EXCHANGE_PASSPHRASE")
        g.used.add(c["pw"])
    else:
        raise KeyError(p)
    return c


def broker(g, p):
    c = Cred(p=p)
    if p == "alpaca":
        c.update(k=g.pick(["PK", "AK"]) + g.upalnum(18), s=g.alnum(40), ek="APCA_API_KEY_ID", es="APCA_API_SECRET_KEY")
    elif p == "oanda":
        c.update(k=g.hex(32) + "-" + g.hex(32), acct=f"101-004-{g.digits(8)}-001", ek="OANDA_TOKEN")
    elif p == "tradier":
        c.update(k=g.alnum(28), ek="TRADIER_ACCESS_TOKEN")
    elif p == "zerodha":
        c.update(k=g.loalnum(16), s=g.loalnum(32), t=g.alnum(32), ek="KITE_API_KEY", es="KITE_API_SECRET")
    elif p == "polygon":
        c.update(k=g.alnum(32), ek="POLYGON_API_KEY")
    elif p == "alphavantage":
        c.update(k=g.upalnum(16), ek="ALPHAVANTAGE_API_KEY")
    elif p == "finnhub":
        c.update(k=g.loalnum(20), ek="FINNHUB_API_KEY")
    elif p == "coinmarketcap":
        c.update(k=g.uuid(), ek="CMC_PRO_API_KEY")
    elif p == "coingecko":
        c.update(k="CG-" + g.alnum(24), ek="COINGECKO_API_KEY")
    elif p == "etherscan":
        c.update(k=g.upalnum(34), ek="ETHERSCAN_API_KEY")
    elif p == "infura":
        c.update(k=g.hex(32), ek="INFURA_PROJECT_ID")
    elif p == "alchemy":
        c.update(k=g.u(lambda: g.s(X.ALNUM, 28) + g.s("_-", 1) + g.s(X.ALNUM, 3)), ek="ALCHEMY_API_KEY")
    elif p == "tiingo":
        c.update(k=g.hex(40), ek="TIINGO_API_KEY")
    elif p == "twelvedata":
        c.update(k=g.loalnum(32), ek="TWELVEDATA_API_KEY")
    elif p == "schwab":
        c.update(k=g.alnum(32), s=g.alnum(16), ek="SCHWAB_APP_KEY", es="SCHWAB_APP_SECRET")
    elif p == "3commas":
        c.update(k=g.hex(64), s=g.hex(128), ek="THREECOMMAS_API_KEY", es="THREECOMMAS_API_SECRET")
    else:
        raise KeyError(p)
    return c


def mask(v):
    return v[:4] + "*" * 8 + v[-4:]


# ======================================================================== file templates
# Each template writes one file and labels its credential-bearing lines.

def py_ccxt(c, g, path="bot/exchange.py", p=None):
    e = exch(g, p or g.pick(["binance", "okx", "kucoin", "bitget", "bybit", "gate", "mexc", "htx", "bingx"]))
    f = c.f(path, "python")
    f.add("import os", "import ccxt", "", "from .risk import position_size", "")
    f.add(f"# read-only key for the {e.p} sub-account; withdrawals disabled")
    f.add(f"EXCHANGE_ID = \"{e.p}\"", "")
    f.add("", "def make_exchange(sandbox: bool = False):")
    f.add(f"    ex = ccxt.{e.p}({{")
    f.P(f"        'apiKey': '{e.k}',", e.p, "api_key", "dict-literal", e.k)
    f.P(f"        'secret': '{e.s}',", e.p, "api_secret", "dict-literal", e.s)
    if e.pw:
        f.P(f"        'password': '{e.pw}',", e.p, "passphrase", "dict-literal", e.pw)
    f.add("        'enableRateLimit': True,", "        'options': {'defaultType': 'spot'},", "    })")
    f.add("    ex.set_sandbox_mode(sandbox)", "    return ex", "")
    f.add("", "def make_readonly_exchange():")
    f.add(f"    return ccxt.{e.p}({{")
    f.N(f"        'apiKey': os.environ['{e.ek}'],", e.p, "api_key", "env-reference", "env-reference")
    f.N(f"        'secret': os.environ.get('{e.es}'),", e.p, "api_secret", "env-reference", "env-reference")
    f.add("    })")
    return e


def py_binance_client(c, g, path="trader.py"):
    e = exch(g, "binance")
    f = c.f(path, "python")
    f.add("import logging", "import os", "from binance.client import Client", "from binance.enums import SIDE_BUY, ORDER_TYPE_MARKET", "")
    f.add("log = logging.getLogger(__name__)", "")
    f.P(f"API_KEY = os.getenv(\"BINANCE_API_KEY\", \"{e.k}\")", "binance", "api_key", "env-fallback", e.k)
    f.P(f"API_SECRET = os.getenv(\"BINANCE_API_SECRET\") or \"{e.s}\"", "binance", "api_secret", "env-fallback", e.s)
    old = exch(g, "binance")
    f.P(f"# old key (rotated?): {old.k}", "binance", "api_key", "comment", old.k)
    f.add("", "client = Client(API_KEY, API_SECRET)", "", "def buy(symbol: str, qty: float):")
    f.add("    order = client.create_order(symbol=symbol, side=SIDE_BUY, type=ORDER_TYPE_MARKET, quantity=qty)")
    cid = g.uuid()
    f.N(f"    # sample response clientOrderId: {cid}", "binance", "order_id", "comment", "uuid-identifier", cid)
    f.add("    log.info('filled %s', order['orderId'])", "    return order")
    return e


def py_alpaca(c, g, path="alpaca_bot/main.py"):
    b = broker(g, "alpaca")
    f = c.f(path, "python")
    f.add("from alpaca.trading.client import TradingClient", "from alpaca.data.historical import StockHistoricalDataClient",
          "import requests", "")
    f.add("BASE = 'https://paper-api.alpaca.markets'")
    f.P(f"trading = TradingClient(\"{b.k}\", \"{b.s}\", paper=True)", "alpaca", "api_key+secret", "ctor-arg", b.k, b.s)
    b2 = broker(g, "alpaca")
    f.P(f"data = StockHistoricalDataClient(api_key=\"{b2.k}\",", "alpaca", "api_key", "kwarg", b2.k)
    f.P(f"                                 secret_key=\"{b2.s}\")", "alpaca", "api_secret", "kwarg", b2.s)
    f.add("", "HEADERS = {")
    f.P(f"    'APCA-API-KEY-ID': '{b.k}',", "alpaca", "api_key", "header", b.k)
    f.N("    'APCA-API-SECRET-KEY': os.environ['APCA_API_SECRET_KEY'],", "alpaca", "api_secret", "env-reference", "env-reference")
    f.add("}", "", "def positions():", "    return requests.get(f'{BASE}/v2/positions', headers=HEADERS).json()")
    return b


def py_web3(c, g, path="mev/searcher.py"):
    k = g.evm_key()
    addr = X.evm_address_of(k)
    inf = broker(g, "infura")
    f = c.f(path, "python")
    f.add("from web3 import Web3", "from eth_account import Account", "")
    f.P(f"w3 = Web3(Web3.HTTPProvider('https://mainnet.infura.io/v3/{inf.k}'))", "infura", "project_id", "url-path", inf.k)
    f.P(f"acct = Account.from_key('0x{k}')", "evm", "private_key", "ctor-arg", k)
    f.N(f"assert acct.address == '{addr}'", "evm", "address", "assign", "public-address", addr)
    router = g.evm_addr()
    f.N(f"UNISWAP_V2_ROUTER = Web3.to_checksum_address('{router}')", "evm", "address", "assign", "public-address", router)
    th = g.tx_hash()
    f.N(f"LAST_BUNDLE_TX = '{th}'  # see etherscan", "evm", "tx_hash", "assign", "tx-hash", th)
    slot = g.tx_hash()
    f.N(f"RESERVES_SLOT = '{slot}'", "evm", "storage_slot", "assign", "hash-digest", slot)
    f.add("", "def send(tx):", "    signed = acct.sign_transaction(tx)", "    return w3.eth.send_raw_transaction(signed.raw_transaction)")
    return k


def py_telegram(c, g, path="signals/tg_bot.py"):
    t = g.telegram()
    f = c.f(path, "python")
    f.add("from telegram.ext import Application, CommandHandler", "")
    chat = "-100" + g.digits(10)
    f.add(f"CHAT_ID = {chat}")
    f.add("", "async def start(update, ctx):", "    await update.message.reply_text('signal bot online')", "")
    f.add("def main():")
    f.P(f"    app = Application.builder().token(\"{t}\").build()", "telegram", "bot_token", "ctor-arg", t)
    f.add("    app.add_handler(CommandHandler('start', start))", "    app.run_polling()", "")
    f.N(f"# BotFather docs example token looks like {TG_DOC}", "telegram", "bot_token", "comment", "docs-sample", TG_DOC)
    f.add("if __name__ == '__main__':", "    main()")
    return t


def py_settings(c, g, path="app/settings.py"):
    e = exch(g, g.pick(["okx", "kucoin", "bitget"]))
    tg = g.telegram()
    f = c.f(path, "python")
    f.add("from pydantic import Field, SecretStr", "from pydantic_settings import BaseSettings", "", "", "class Settings(BaseSettings):")
    f.P(f"    {e.p}_api_key: str = \"{e.k}\"", e.p, "api_key", "class-default", e.k)
    f.P(f"    {e.p}_api_secret: SecretStr = SecretStr(\"{e.s}\")", e.p, "api_secret", "class-default", e.s)
    f.P(f"    {e.p}_passphrase: SecretStr = SecretStr('{e.pw}')", e.p, "passphrase", "class-default", e.pw)
    f.N(f"    telegram_token: SecretStr = Field(default=..., alias=\"TELEGRAM_BOT_TOKEN\")", "telegram", "bot_token",
        "class-default", "env-reference")
    f.P(f"    telegram_fallback_token: str = '{tg}'", "telegram", "bot_token", "class-default", tg)
    f.add("    dry_run: bool = True", "", "    class Config:", "        env_file = '.env'", "", "", "settings = Settings()")
    return e


def py_kraken(c, g, path="kraken_dca.py"):
    e = exch(g, "kraken")
    f = c.f(path, "python")
    f.add("import krakenex", "from pykrakenapi import KrakenAPI", "")
    f.P(f"api = krakenex.API(key='{e.k}',", "kraken", "api_key", "kwarg", e.k)
    f.P(f"                   secret='{e.s}')", "kraken", "api_secret", "kwarg", e.s)
    f.add("k = KrakenAPI(api)", "", "def dca(pair='XXBTZEUR', eur=25):", "    return k.add_standard_order(pair, 'buy', 'market', eur, validate=True)")
    f.N("# api.load_key('kraken.key')  # preferred: key file outside repo", "kraken", "api_key", "comment", "file-path")
    f2 = c.f("kraken.key", "text")
    e2 = exch(g, "kraken")
    f2.P(e2.k, "kraken", "api_key", "keyfile", e2.k)
    f2.P(e2.s, "kraken", "api_secret", "keyfile", e2.s)
    return e


def py_tests_fake(c, g, path="tests/test_exchange.py"):
    f = c.f(path, "python")
    f.add("import pytest", "from unittest import mock", "from bot.exchange import make_exchange", "")
    f.N("FAKE_API_KEY = 'fake-api-key-for-tests'", "generic", "api_key", "assign", "fake-marked")
    f.N("DUMMY_SECRET = 'dummy_secret_not_real_0000000000'", "generic", "api_secret", "assign", "fake-marked")
    f.add("", "@pytest.fixture", "def ex(monkeypatch):")
    f.N("    monkeypatch.setenv('BINANCE_API_KEY', 'test-key')", "binance", "api_key", "env-file", "fake-marked")
    f.N("    monkeypatch.setenv('BINANCE_API_SECRET', 'x' * 64)", "binance", "api_secret", "env-file", "fake-marked")
    f.add("    return make_exchange(sandbox=True)", "", "def test_signature_vector():",
          "    # HMAC vector from the public Binance API docs")
    f.N(f"    key = '{BINANCE_DOC_KEY}'", "binance", "api_key", "assign", "docs-sample", BINANCE_DOC_KEY)
    f.N(f"    secret = '{BINANCE_DOC_SECRET}'", "binance", "api_secret", "assign", "docs-sample", BINANCE_DOC_SECRET)
    sig = g.sha256()
    f.N(f"    assert sign(secret, QUERY) == '{sig}'", "binance", "signature", "assign", "signature", sig)
    f.add("", "def test_wallet_from_hardhat():")
    hk, ha = HARDHAT[0]
    f.N(f"    acct = Account.from_key('0x{hk}')  # hardhat account #0", "evm", "private_key", "ctor-arg", "well-known-test-key", hk)
    f.N(f"    assert acct.address == '{ha}'", "evm", "address", "assign", "public-address", ha)


def ipynb(c, g, path="notebooks/backtest.ipynb"):
    """notebook: secret in a source cell and one echoed in an output cell"""
    pb = broker(g, g.pick(["polygon", "tiingo", "alphavantage", "finnhub", "twelvedata"]))
    e = exch(g, g.pick(["binance", "bybit", "bitfinex", "gate"]))
    f = c.f(path, "ipynb")
    f.add("{", " \"cells\": [", "  {", "   \"cell_type\": \"code\",", "   \"execution_count\": 1,", "   \"metadata\": {},",
          "   \"outputs\": [],", "   \"source\": [")
    f.add("    \"import pandas as pd\\n\",")
    f.P(f"    \"{pb.p.upper()}_KEY = \\\"{pb.k}\\\"\\n\",", pb.p, "api_key", "notebook-source", pb.k)
    f.add("    \"df = load_bars('BTC-USD', key=" + pb.p.upper() + "_KEY)\"", "   ]", "  },", "  {", "   \"cell_type\": \"code\",",
          "   \"execution_count\": 2,", "   \"metadata\": {},", "   \"outputs\": [", "    {", "     \"name\": \"stdout\",",
          "     \"output_type\": \"stream\",", "     \"text\": [")
    f.P(f"      \"loaded creds: {{'apiKey': '{e.k}', 'secret': '{e.s}'}}\\n\",", e.p, "api_key+secret",
        "notebook-output", e.k, e.s)
    f.N(f"      \"masked: {mask(e.k)}\\n\",", e.p, "api_key", "notebook-output", "masked")
    oid = g.uuid()
    f.N(f"      \"order placed id={oid}\\n\"", e.p, "order_id", "notebook-output", "uuid-identifier", oid)
    f.add("     ]", "    }", "   ],", "   \"source\": [", "    \"import json\\n\",",
          "    \"creds = json.load(open('../creds.json'))\\n\",", "    \"print('loaded creds:', creds)\"", "   ]", "  }", " ],",
          " \"metadata\": {\"kernelspec\": {\"display_name\": \"Python 3\", \"language\": \"python\", \"name\": \"python3\"}},",
          " \"nbformat\": 4,", " \"nbformat_minor\": 5", "}")


def js_ccxt(c, g, path="src/exchange.js"):
    e = exch(g, g.pick(["kucoin", "okx", "bitget", "bybit", "binance", "phemex", "bingx", "mexc"]))
    f = c.f(path, "javascript")
    f.add("'use strict';", "const ccxt = require('ccxt');", "")
    f.add(f"const exchange = new ccxt.{e.p}({{")
    f.P(f"  apiKey: \"{e.k}\",", e.p, "api_key", "dict-literal", e.k)
    f.P(f"  secret: \"{e.s}\",", e.p, "api_secret", "dict-literal", e.s)
    if e.pw:
        f.P(f"  password: \"{e.pw}\",", e.p, "passphrase", "dict-literal", e.pw)
    f.add("  enableRateLimit: true,", "});", "")
    f.N(f"const backup = new ccxt.{e.p}({{ apiKey: process.env.{e.ek}, secret: process.env.{e.es} }});", e.p,
        "api_key", "env-reference", "env-reference")
    f.add("", "module.exports = { exchange, backup };")
    return e


def ts_config(c, g, path="src/config.ts"):
    e = exch(g, g.pick(["bybit", "gate", "bitfinex", "gemini", "bitvavo", "upbit"]))
    cmc = broker(g, "coinmarketcap")
    f = c.f(path, "typescript")
    f.add("import 'dotenv/config';", "", "export interface ExchangeCreds { key: string; secret: string }", "")
    f.add("export const config = {")
    f.add(f"  exchange: '{e.p}' as const,", "  creds: {")
    f.P(f"    key: process.env.{e.ek} ?? \"{e.k}\",", e.p, "api_key", "env-fallback", e.k)
    f.P(f"    secret: process.env.{e.es} || '{e.s}',", e.p, "api_secret", "env-fallback", e.s)
    f.add("  } satisfies ExchangeCreds,")
    f.P(f"  cmcKey: '{cmc.k}', // X-CMC_PRO_API_KEY", "coinmarketcap", "api_key", "dict-literal", cmc.k)
    rid = g.uuid()
    f.N(f"  strategyId: '{rid}',", "generic", "strategy_id", "dict-literal", "uuid-identifier", rid)
    f.N("  webhookSecret: process.env.WEBHOOK_SECRET!,", "generic", "webhook_secret", "env-reference", "env-reference")
    f.add("  pollMs: 1500,", "};")
    return e


def js_discord(c, g, path="bot/index.js"):
    t = g.discord_token()
    wh = g.discord_webhook()
    f = c.f(path, "javascript")
    f.add("const { Client, GatewayIntentBits } = require('discord.js');", "const axios = require('axios');", "")
    f.P(f"const ALERT_WEBHOOK = '{wh}';", "discord", "webhook_url", "url-path", wh)
    ch = g.digits(19, "1")
    f.add(f"const SIGNAL_CHANNEL = '{ch}';", "")
    f.add("const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });")
    f.add("client.on('messageCreate', async (msg) => {", "  if (msg.channelId !== SIGNAL_CHANNEL) return;",
          "  await axios.post(ALERT_WEBHOOK, { content: `signal: ${msg.content}` });", "});", "")
    f.P(f"client.login('{t}');", "discord", "bot_token", "ctor-arg", t)
    f.N("// client.login(process.env.DISCORD_TOKEN);", "discord", "bot_token", "comment", "env-reference")


def hardhat(c, g, path="hardhat.config.js"):
    k = g.evm_key()
    es = broker(g, "etherscan")
    al = broker(g, "alchemy")
    f = c.f(path, "javascript")
    f.add("require('@nomicfoundation/hardhat-toolbox');", "require('dotenv').config();", "",
          "/** @type import('hardhat/config').HardhatUserConfig */", "module.exports = {", "  solidity: '0.8.24',", "  networks: {",
          "    hardhat: {")
    f.N(f"      accounts: {{ mnemonic: '{HARDHAT_MNEMONIC}' }},", "evm", "mnemonic", "dict-literal", "well-known-test-key")
    f.add("    },", "    mainnet: {")
    f.P(f"      url: 'https://eth-mainnet.g.alchemy.com/v2/{al.k}',", "alchemy", "api_key", "url-path", al.k)
    f.P(f"      accounts: ['0x{k}'],", "evm", "private_key", "array-literal", k)
    f.add("    },", "    sepolia: {")
    f.N("      url: `https://eth-sepolia.g.alchemy.com/v2/${process.env.ALCHEMY_KEY}`,", "alchemy", "api_key", "url-path",
        "env-interpolation")
    f.N("      accounts: process.env.PK ? [`0x${process.env.PK}`] : [],", "evm", "private_key", "array-literal", "env-reference")
    f.add("    },", "  },", "  etherscan: {")
    f.P(f"    apiKey: '{es.k}',", "etherscan", "api_key", "dict-literal", es.k)
    f.add("  },", "};")
    return k


def pkg_lock(c, g, path="package-lock.json"):
    f = c.f(path, "json")
    f.add("{", "  \"name\": \"arb-bot\",", "  \"version\": \"0.3.1\",", "  \"lockfileVersion\": 3,", "  \"packages\": {")
    for i, (n, v) in enumerate([("ccxt", "4.3.11"), ("ethers", "6.13.1"), ("ws", "8.17.0")]):
        f.add(f"    \"node_modules/{n}\": {{", f"      \"version\": \"{v}\",",
              f"      \"resolved\": \"https://registry.npmjs.org/{n}/-/{n}-{v}.tgz\",")
        integ = g.integrity()
        f.N(f"      \"integrity\": \"{integ}\",", "npm", "integrity", "lockfile", "hash-digest", integ)
        f.add("      \"license\": \"MIT\"", "    }" + ("," if i < 2 else ""))
    f.add("  }", "}")


def ts_ethers(c, g, path="src/wallet.ts"):
    k = g.evm_key()
    k2 = g.evm_key()
    f = c.f(path, "typescript")
    f.add("import { JsonRpcProvider, Wallet } from 'ethers';", "import { privateKeyToAccount } from 'viem/accounts';", "")
    qn = g.alnum(40).lower()
    f.P(f"const provider = new JsonRpcProvider('https://warmest-fragrant-pond.quiknode.pro/{qn}/');", "quicknode", "rpc_token",
        "url-path", qn)
    f.P(f"export const signer = new Wallet('0x{k}', provider);", "evm", "private_key", "ctor-arg", k)
    f.P(f"export const relayer = privateKeyToAccount(`0x{k2}`);", "evm", "private_key", "ctor-arg", k2)
    ca = g.evm_addr()
    f.N(f"export const POOL = '{ca}'; // WETH/USDC 0.05%", "evm", "address", "assign", "public-address", ca)
    th = g.tx_hash()
    f.N(f"// first profitable backrun: https://etherscan.io/tx/{th}", "evm", "tx_hash", "comment", "tx-hash", th)
    return k


def go_binance(c, g, path="cmd/gridbot/main.go"):
    e = exch(g, "binance")
    tg = g.telegram()
    f = c.f(path, "go")
    f.add("package main", "", "import (", "\t\"context\"", "\t\"log\"", "\t\"os\"", "", "\t\"github.com/adshao/go-binance/v2\"", ")", "")
    f.add("const (")
    f.P(f"\tapiKey    = \"{e.k}\"", "binance", "api_key", "const", e.k)
    f.P(f"\tsecretKey = \"{e.s}\"", "binance", "api_secret", "const", e.s)
    f.add(")", "", "func getenv(k, def string) string {", "\tif v := os.Getenv(k); v != \"\" {", "\t\treturn v", "\t}", "\treturn def", "}", "")
    f.add("func main() {", "\tclient := binance.NewClient(apiKey, secretKey)")
    f.P(f"\ttgToken := getenv(\"TELEGRAM_TOKEN\", \"{tg}\")", "telegram", "bot_token", "env-fallback", tg)
    f.N("\tchatID := os.Getenv(\"TELEGRAM_CHAT_ID\")", "telegram", "chat_id", "env-reference", "env-reference")
    f.add("\tres, err := client.NewGetAccountService().Do(context.Background())", "\tif err != nil {", "\t\tlog.Fatal(err)", "\t}",
          "\tnotify(tgToken, chatID, res.Balances)", "}")
    return e


def go_struct(c, g, path="internal/config/config.go"):
    b = broker(g, "alpaca")
    e = exch(g, g.pick(["gate", "bitget", "okx", "kucoin"]))
    f = c.f(path, "go")
    f.add("package config", "", "import alpaca \"github.com/alpacahq/alpaca-trade-api-go/v3/alpaca\"", "",
          "func NewAlpaca() *alpaca.Client {", "\treturn alpaca.NewClient(alpaca.ClientOpts{")
    f.P(f"\t\tAPIKey:    \"{b.k}\",", "alpaca", "api_key", "struct-literal", b.k)
    f.P(f"\t\tAPISecret: \"{b.s}\",", "alpaca", "api_secret", "struct-literal", b.s)
    f.add("\t\tBaseURL:   \"https://paper-api.alpaca.markets\",", "\t})", "}", "")
    f.add("type Exchange struct {", "\tKey, Secret, Passphrase string", "}", "")
    line = f"var Hedge = Exchange{{Key: \"{e.k}\", Secret: \"{e.s}\""
    line += f", Passphrase: \"{e.pw}\"}}" if e.pw else "}"
    f.P(line, e.p, "api_key+secret", "struct-literal", e.k, e.s, e.pw)
    f.N("var Placeholder = Exchange{Key: \"<GATE_KEY>\", Secret: \"<GATE_SECRET>\"}", "gate", "api_key", "struct-literal",
        "placeholder")


def rust_bot(c, g, path="src/main.rs"):
    e = exch(g, "binance")
    tg = g.telegram()
    k = g.evm_key()
    f = c.f(path, "rust")
    f.add("use binance::api::Binance;", "use binance::account::Account;", "use teloxide::prelude::*;",
          "use alloy::signers::local::PrivateKeySigner;", "use std::str::FromStr;", "")
    f.P(f"const BINANCE_KEY: &str = \"{e.k}\";", "binance", "api_key", "const", e.k)
    f.add("", "#[tokio::main]", "async fn main() -> anyhow::Result<()> {")
    f.P(f"    let account: Account = Binance::new(Some(BINANCE_KEY.into()), Some(\"{e.s}\".into()));", "binance",
        "api_secret", "ctor-arg", e.s)
    f.P(f"    let bot = Bot::new(\"{tg}\");", "telegram", "bot_token", "ctor-arg", tg)
    f.P(f"    let signer = PrivateKeySigner::from_str(\"0x{k}\")?;", "evm", "private_key", "ctor-arg", k)
    f.N("    let fallback = std::env::var(\"BINANCE_SECRET\").unwrap_or_else(|_| String::from(\"changeme\"));", "binance",
        "api_secret", "env-fallback", "placeholder")
    f.add("    run(account, bot, signer).await", "}")


def rust_toml(c, g, path="config/default.toml"):
    e = exch(g, g.pick(["bybit", "kraken", "deribit", "bitmex", "bitfinex"]))
    f = c.f(path, "toml")
    f.add("[engine]", "tick_ms = 250", "symbols = [\"BTCUSDT\", \"ETHUSDT\"]", "", f"[exchange.{e.p}]")
    f.P(f"api_key = \"{e.k}\"", e.p, "api_key", "config-key", e.k)
    f.P(f"api_secret = '{e.s}'", e.p, "api_secret", "config-key", e.s)
    f.add("testnet = false", "", "[exchange.backup]")
    f.N("api_key = \"${BACKUP_API_KEY}\"", e.p, "api_key", "config-key", "env-interpolation")
    f.N("api_secret = \"\"  # set via BACKUP_API_SECRET", e.p, "api_secret", "config-key", "placeholder")
    f.add("", "[build]")
    gs = g.sha1()
    f.N(f"git_rev = \"{gs}\"", "git", "commit_sha", "config-key", "hash-digest", gs)
    return e


def java_spot(c, g, path="src/main/java/com/acme/bot/SpotTrader.java"):
    e = exch(g, "binance")
    f = c.f(path, "java")
    f.add("package com.acme.bot;", "", "import com.binance.connector.client.impl.SpotClientImpl;",
          "import org.springframework.beans.factory.annotation.Value;", "", "public class SpotTrader {")
    f.P(f"    private static final String API_KEY = \"{e.k}\";", "binance", "api_key", "const", e.k)
    f.P(f"    private static final String SECRET_KEY = \"{e.s}\";", "binance", "api_secret", "const", e.s)
    o = exch(g, "okx")
    f.P(f"    @Value(\"${{okx.api.secret:{o.s}}}\")", "okx", "api_secret", "annotation-default", o.s)
    f.add("    private String okxSecret;", "")
    f.N("    @Value(\"${okx.api.key}\")", "okx", "api_key", "annotation-default", "env-interpolation")
    f.add("    private String okxKey;", "", "    private final SpotClientImpl client = new SpotClientImpl(API_KEY, SECRET_KEY);", "}")
    return o


def java_props(c, g, path="src/main/resources/application.properties", okx=None):
    o = okx or exch(g, "okx")
    f = c.f(path, "properties")
    f.add("spring.application.name=spot-trader", "server.port=8081")
    f.P(f"okx.api.key={o.k}", "okx", "api_key", "config-key", o.k)
    f.P(f"okx.api.passphrase={o.pw}", "okx", "passphrase", "config-key", o.pw)
    pw = g.password()
    f.P(f"spring.datasource.url=jdbc:postgresql://trader:{pw}@db.internal:5432/trades", "postgres", "db_password",
        "url-userinfo", pw)
    f.N("spring.datasource.password=${DB_PASSWORD}", "postgres", "db_password", "config-key", "env-interpolation")
    f.N("okx.api.secret=${OKX_SECRET_KEY:}", "okx", "api_secret", "config-key", "env-interpolation")


def kotlin_bot(c, g, path="app/src/main/kotlin/bot/Config.kt"):
    e = exch(g, g.pick(["bybit", "kucoin", "bitget"]))
    f = c.f(path, "kotlin")
    f.add("package bot", "", "data class ExchangeConfig(")
    f.P(f"    val apiKey: String = System.getenv(\"{e.ek}\") ?: \"{e.k}\",", e.p, "api_key", "env-fallback", e.k)
    f.P(f"    val apiSecret: String = \"{e.s}\",", e.p, "api_secret", "class-default", e.s)
    if e.pw:
        f.P(f"    val passphrase: String = \"{e.pw}\",", e.p, "passphrase", "class-default", e.pw)
    f.add("    val testnet: Boolean = false,", ")", "")
    f.N("val redacted = ExchangeConfig(apiKey = \"****\", apiSecret = \"****\")", e.p, "api_key", "ctor-arg", "masked")


def csharp_bot(c, g, path="src/Trader/Program.cs"):
    e = exch(g, "binance")
    by = exch(g, "bybit")
    f = c.f(path, "csharp")
    f.add("using Binance.Net.Clients;", "using CryptoExchange.Net.Authentication;", "", "namespace Trader;", "",
          "public static class Program", "{", "    public static async Task Main(string[] args)", "    {",
          "        var client = new BinanceRestClient(options =>", "        {")
    f.P(f"            options.ApiCredentials = new ApiCredentials(\"{e.k}\", \"{e.s}\");", "binance", "api_key+secret",
        "ctor-arg", e.k, e.s)
    f.add("        });")
    f.P(f"        var bybitKey = Environment.GetEnvironmentVariable(\"BYBIT_API_KEY\") ?? \"{by.k}\";", "bybit", "api_key",
        "env-fallback", by.k)
    f.P(f"        const string BybitSecret = @\"{by.s}\";", "bybit", "api_secret", "const", by.s)
    f.N("        var secret = config[\"Binance:ApiSecret\"];", "binance", "api_secret", "config-lookup", "variable-name")
    f.add("        var balances = await client.SpotApi.Account.GetBalancesAsync();", "    }", "}")


def appsettings(c, g, path="src/Trader/appsettings.json"):
    e = exch(g, g.pick(["kraken", "bitstamp", "gemini", "coinbase"]))
    f = c.f(path, "json")
    f.add("{", "  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } },", f"  \"{e.p.capitalize()}\": {{")
    f.P(f"    \"ApiKey\": \"{e.k}\",", e.p, "api_key", "config-key", e.k)
    f.P(f"    \"ApiSecret\": \"{e.s}\",", e.p, "api_secret", "config-key", e.s)
    if e.pw:
        f.P(f"    \"Passphrase\": \"{e.pw}\",", e.p, "passphrase", "config-key", e.pw)
    f.add("    \"Sandbox\": false", "  },")
    kv = "@Microsoft.KeyVault(SecretUri=https://trader-kv.vault.azure.net/secrets/BinanceSecret/)"
    f.N(f"  \"BinanceSecret\": \"{kv}\",", "binance", "api_secret", "config-key", "secret-manager-ref")
    f.add("  \"AllowedHosts\": \"*\"", "}")


def php_bot(c, g, path="src/Bot.php"):
    e = exch(g, "kucoin")
    f = c.f(path, "php")
    f.add("<?php", "declare(strict_types=1);", "", "require __DIR__ . '/../vendor/autoload.php';", "")
    f.add("$exchange = new \\ccxt\\kucoin([")
    f.P(f"    'apiKey'   => '{e.k}',", "kucoin", "api_key", "dict-literal", e.k)
    f.P(f"    'secret'   => '{e.s}',", "kucoin", "api_secret", "dict-literal", e.s)
    f.P(f"    'password' => getenv('KUCOIN_API_PASSPHRASE') ?: '{e.pw}',", "kucoin", "passphrase", "env-fallback", e.pw)
    f.add("]);", "")
    tg = g.telegram()
    f.P(f"define('TG_TOKEN', '{tg}');", "telegram", "bot_token", "const", tg)
    f.N("$dbPass = $_ENV['DB_PASSWORD'] ?? '';", "mysql", "db_password", "env-reference", "env-reference")
    f.add("$ticker = $exchange->fetch_ticker('BTC/USDT');",
          "file_get_contents('https://api.telegram.org/bot' . TG_TOKEN . '/sendMessage?chat_id=42&text=' . $ticker['last']);")


def laravel_env(c, g, path=".env"):
    e = exch(g, "binance")
    f = c.f(path, "dotenv")
    f.add("APP_NAME=TradeDesk", "APP_ENV=production")
    ak = "base64:" + g.b64bytes(32)
    f.P(f"APP_KEY={ak}", "laravel", "app_key", "env-file", ak)
    f.add("DB_CONNECTION=mysql", "DB_HOST=127.0.0.1", "DB_USERNAME=tradedesk")
    pw = g.password()
    f.P(f"DB_PASSWORD={pw}", "mysql", "db_password", "env-file", pw)
    f.P(f"BINANCE_API_KEY={e.k}", "binance", "api_key", "env-file", e.k)
    f.P(f"BINANCE_API_SECRET=\"{e.s}\"", "binance", "api_secret", "env-file", e.s)
    f.N("MAIL_PASSWORD=null", "smtp", "password", "env-file", "placeholder")
    sk = g.stripe()
    f.P(f"STRIPE_SECRET={sk}", "stripe", "secret_key", "env-file", sk)
    f.N(f"STRIPE_TEST_SECRET={STRIPE_DOC}", "stripe", "secret_key", "env-file", "docs-sample", STRIPE_DOC)


def ruby_bot(c, g, path="lib/trader.rb"):
    e = exch(g, g.pick(["bitstamp", "kraken", "gemini", "bitfinex"]))
    sw = g.slack_webhook()
    f = c.f(path, "ruby")
    f.add("require 'ccxt'", "require 'slack-notifier'", "", "module Trader", "  CREDS = {")
    f.P(f"    api_key: ENV.fetch('{e.ek}', '{e.k}'),", e.p, "api_key", "env-fallback", e.k)
    f.P(f"    'secret' => \"{e.s}\",", e.p, "api_secret", "dict-literal", e.s)
    f.add("  }.freeze", "")
    f.P(f"  NOTIFIER = Slack::Notifier.new \"{sw}\"", "slack", "webhook_url", "ctor-arg", sw)
    f.N(f"  DOCS_WEBHOOK = '{SLACK_DOC}'", "slack", "webhook_url", "assign", "docs-sample")
    f.N("  TOKEN = ENV['SLACK_TOKEN'] || raise('missing SLACK_TOKEN')", "slack", "token", "env-reference", "env-reference")
    f.add("end")


def elixir_cfg(c, g, path="config/runtime.exs"):
    e = exch(g, g.pick(["bitvavo", "kraken", "deribit", "bitmex"]))
    f = c.f(path, "elixir")
    f.add("import Config", "", "config :arb, Arb.Exchange,")
    f.P(f"  api_key: System.get_env(\"{e.ek}\") || \"{e.k}\",", e.p, "api_key", "env-fallback", e.k)
    f.P(f"  api_secret: \"{e.s}\"", e.p, "api_secret", "config-key", e.s)
    f.add("", "config :arb, Arb.Repo,")
    f.N("  password: System.fetch_env!(\"DB_PASSWORD\"),", "postgres", "db_password", "env-reference", "env-reference")
    sk = g.b64bytes(48)
    f.add("  pool_size: 10", "", "config :arb, ArbWeb.Endpoint,")
    f.P(f"  secret_key_base: \"{sk}\"", "phoenix", "secret_key_base", "config-key", sk)


def c_bot(c, g, path="src/keys.h"):
    e = exch(g, g.pick(["binance", "bitget", "gate", "bybit"]))
    f = c.f(path, "c")
    f.add("#ifndef KEYS_H", "#define KEYS_H", "")
    f.P(f"#define API_KEY \"{e.k}\"", e.p, "api_key", "macro", e.k)
    f.P(f"static const char *API_SECRET = \"{e.s}\";", e.p, "api_secret", "const", e.s)
    half = len(e.s) // 2
    e2 = exch(g, e.p)
    h2 = len(e2.s) // 2
    f.P(f"static const char SECRET_B[] = \"{e2.s[:h2]}\" \"{e2.s[h2:]}\";  /* split to dodge grep */", e.p, "api_secret",
        "concat", e2.s[:h2], e2.s[h2:])
    f.N("#define API_PASSPHRASE \"\" /* fill in locally */", e.p, "passphrase", "macro", "placeholder")
    f.add("", "#endif")
    del half


def cpp_bot(c, g, path="src/market_maker.cpp"):
    e = exch(g, g.pick(["deribit", "bitmex", "okx", "phemex"]))
    f = c.f(path, "cpp")
    f.add("#include <cstdlib>", "#include <string>", "#include \"rest_client.hpp\"", "", "namespace mm {", "")
    f.add("std::string env_or(const char* k, const std::string& d) {", "    const char* v = std::getenv(k);",
          "    return v ? std::string(v) : d;", "}", "")
    f.P(f"const std::string kKey = env_or(\"{e.ek}\", \"{e.k}\");", e.p, "api_key", "env-fallback", e.k)
    f.P(f"const std::string kSecret{{\"{e.s}\"}};", e.p, "api_secret", "const", e.s)
    if e.pw:
        f.P(f"const std::string kPass = \"{e.pw}\";", e.p, "passphrase", "const", e.pw)
    h = g.sha256()
    f.N(f"constexpr const char* kBuildHash = \"{h}\";", "generic", "build_hash", "const", "hash-digest", h)
    f.add("", "}  // namespace mm")


def swift_bot(c, g, path="Sources/Ticker/Secrets.swift"):
    e = exch(g, g.pick(["coinbase", "kraken", "gemini", "upbit"]))
    f = c.f(path, "swift")
    f.add("import Foundation", "", "enum Secrets {")
    f.P(f"    static let apiKey = \"{e.k}\"", e.p, "api_key", "const", e.k)
    f.P(f"    static let apiSecret = ProcessInfo.processInfo.environment[\"{e.es}\"] ?? \"{e.s}\"", e.p, "api_secret",
        "env-fallback", e.s)
    if e.pw:
        f.P(f"    static let passphrase: String = \"{e.pw}\"", e.p, "passphrase", "const", e.pw)
    f.N("    static let placeholder = \"<#API_KEY#>\"", e.p, "api_key", "const", "placeholder")
    f.add("}")


def dart_bot(c, g, path="lib/config.dart"):
    e = exch(g, g.pick(["binance", "bybit", "mexc", "bingx"]))
    fh = broker(g, "finnhub")
    f = c.f(path, "dart")
    f.add("class AppConfig {")
    f.P(f"  static const String apiKey = String.fromEnvironment('API_KEY', defaultValue: '{e.k}');", e.p, "api_key",
        "env-fallback", e.k)
    f.P(f"  static const apiSecret = '{e.s}';", e.p, "api_secret", "const", e.s)
    f.P(f"  static final finnhubUrl = Uri.parse('https://finnhub.io/api/v1/quote?symbol=AAPL&token={fh.k}');", "finnhub",
        "api_key", "url-query", fh.k)
    f.N("  static const sentryDsn = String.fromEnvironment('SENTRY_DSN');", "sentry", "dsn", "env-reference", "env-reference")
    f.add("}")


def scala_bot(c, g, path="src/main/scala/arb/Main.scala"):
    e = exch(g, g.pick(["kraken", "bitfinex", "bitstamp", "deribit"]))
    f = c.f(path, "scala")
    f.add("package arb", "", "object Main extends App {")
    f.P(f"  val apiKey = sys.env.getOrElse(\"{e.ek}\", \"{e.k}\")", e.p, "api_key", "env-fallback", e.k)
    f.P(f"  val apiSecret: String = \"{e.s}\"", e.p, "api_secret", "const", e.s)
    f.N("  val dbPass = sys.env(\"DB_PASS\")", "postgres", "db_password", "env-reference", "env-reference")
    f.add("  Engine.run(apiKey, apiSecret)", "}")
    f2 = c.f("src/main/resources/application.conf", "hocon")
    e2 = exch(g, e.p)
    f2.add("arb {", "  exchange {")
    f2.P(f"    key = \"{e2.k}\"", e.p, "api_key", "config-key", e2.k)
    f2.P(f"    secret = \"{e2.s}\"", e.p, "api_secret", "config-key", e2.s)
    f2.N("    secret = ${?EXCHANGE_SECRET}", e.p, "api_secret", "config-key", "env-interpolation")
    f2.add("  }", "}")


def r_script(c, g, path="analysis/fetch_bars.R"):
    b = broker(g, "alpaca")
    av = broker(g, "alphavantage")
    f = c.f(path, "r")
    f.add("library(httr)", "library(jsonlite)", "")
    f.P(f"Sys.setenv(APCA_API_KEY_ID = \"{b.k}\", APCA_API_SECRET_KEY = \"{b.s}\")", "alpaca", "api_key+secret",
        "env-set", b.k, b.s)
    f.P(f"av_key <- \"{av.k}\"", "alphavantage", "api_key", "assign", av.k)
    f.N("tiingo_key <- Sys.getenv(\"TIINGO_API_KEY\")", "tiingo", "api_key", "env-reference", "env-reference")
    f.add("res <- GET(\"https://data.alpaca.markets/v2/stocks/AAPL/bars\",",
          "           add_headers(`APCA-API-KEY-ID` = Sys.getenv(\"APCA_API_KEY_ID\"),",
          "                       `APCA-API-SECRET-KEY` = Sys.getenv(\"APCA_API_SECRET_KEY\")))",
          "bars <- fromJSON(content(res, \"text\"))")


def julia_bot(c, g, path="src/Strategy.jl"):
    e = exch(g, g.pick(["kraken", "binance", "deribit"]))
    f = c.f(path, "julia")
    f.add("module Strategy", "", "using HTTP, JSON3", "")
    f.P(f"const API_KEY = get(ENV, \"{e.ek}\", \"{e.k}\")", e.p, "api_key", "env-fallback", e.k)
    f.P(f"const API_SECRET = \"{e.s}\"", e.p, "api_secret", "const", e.s)
    h = g.sha256()
    f.N(f"const DATA_SHA256 = \"{h}\"  # checksum of btc_1m.parquet", "generic", "checksum", "const", "hash-digest", h)
    f.add("", "end # module")


def lua_bot(c, g, path="scripts/config.lua"):
    e = exch(g, g.pick(["okx", "gate", "mexc", "htx"]))
    f = c.f(path, "lua")
    f.add("-- loaded by the OpenResty signal relay", "local M = {}", "", "M.exchange = {")
    f.P(f"  key = \"{e.k}\",", e.p, "api_key", "dict-literal", e.k)
    f.P(f"  secret = '{e.s}',", e.p, "api_secret", "dict-literal", e.s)
    if e.pw:
        f.P(f"  passphrase = [[{e.pw}]],", e.p, "passphrase", "dict-literal", e.pw)
    f.add("}", "")
    f.N("M.webhook_secret = os.getenv(\"WEBHOOK_SECRET\") or \"\"", "generic", "webhook_secret", "env-reference", "env-reference")
    f.add("", "return M")


def perl_bot(c, g, path="bin/rebalance.pl"):
    e = exch(g, g.pick(["bitstamp", "kraken", "bitfinex"]))
    f = c.f(path, "perl")
    f.add("#!/usr/bin/env perl", "use strict;", "use warnings;", "use LWP::UserAgent;", "")
    f.add("my %cfg = (")
    f.P(f"    key    => '{e.k}',", e.p, "api_key", "dict-literal", e.k)
    f.P(f"    secret => $ENV{{{e.es}}} // '{e.s}',", e.p, "api_secret", "env-fallback", e.s)
    f.add(");", "")
    f.N(f"my $masked = '{mask(e.k)}';  # printed in logs", e.p, "api_key", "assign", "masked")
    f.add("my $ua = LWP::UserAgent->new(timeout => 10);")


def shell_run(c, g, path="scripts/run_live.sh"):
    e = exch(g, g.pick(["binance", "bybit", "gate"]))
    f = c.f(path, "shell")
    f.add("#!/usr/bin/env bash", "set -euo pipefail", "")
    f.P(f"export {e.ek}=\"{e.k}\"", e.p, "api_key", "env-set", e.k)
    f.P(f"export {e.es}='{e.s}'", e.p, "api_secret", "env-set", e.s)
    f.N(": \"${TELEGRAM_TOKEN:?set TELEGRAM_TOKEN first}\"", "telegram", "bot_token", "env-reference", "env-reference")
    f.add("", "ts=$(date +%s000)")
    if e.p == "binance":
        f.P(f"curl -s -H \"X-MBX-APIKEY: {e.k}\" \"https://api.binance.com/api/v3/account?timestamp=$ts&signature=$sig\"",
            e.p, "api_key", "header", e.k)
    else:
        f.N(f"curl -s -H \"X-API-KEY: ${e.ek}\" \"https://example.invalid/api/account?ts=$ts\"", e.p, "api_key", "header",
            "env-interpolation")
    f.add("exec python -m bot --live")


def powershell_run(c, g, path="deploy/start-bot.ps1"):
    b = broker(g, "alpaca")
    tr = broker(g, "tradier")
    f = c.f(path, "powershell")
    f.add("param([switch]$Paper)", "")
    f.P(f"$env:APCA_API_KEY_ID = \"{b.k}\"", "alpaca", "api_key", "env-set", b.k)
    f.P(f"$env:APCA_API_SECRET_KEY = '{b.s}'", "alpaca", "api_secret", "env-set", b.s)
    f.P(f"$headers = @{{ Authorization = \"Bearer {tr.k}\"; Accept = 'application/json' }}", "tradier", "access_token",
        "header", tr.k)
    pw = g.password()
    f.P(f"$secure = ConvertTo-SecureString \"{pw}\" -AsPlainText -Force", "windows", "password", "ctor-arg", pw)
    f.N("$vault = Get-Secret -Name 'AlpacaSecret' -Vault TradingVault -AsPlainText", "alpaca", "api_secret", "ctor-arg",
        "secret-manager-ref")
    f.add("Invoke-RestMethod -Uri 'https://sandbox.tradier.com/v1/user/profile' -Headers $headers")


def terraform(c, g, path="infra/main.tf"):
    e = exch(g, g.pick(["binance", "okx", "bybit"]))
    ak, sk = g.aws()
    f = c.f(path, "hcl")
    f.add("provider \"aws\" {", "  region     = \"eu-central-1\"")
    f.P(f"  access_key = \"{ak}\"", "aws", "access_key_id", "config-key", ak)
    f.P(f"  secret_key = \"{sk}\"", "aws", "secret_access_key", "config-key", sk)
    f.add("}", "", f"variable \"{e.p}_api_secret\" {{", "  type      = string", "  sensitive = true")
    f.P(f"  default   = \"{e.s}\"", e.p, "api_secret", "config-key", e.s)
    f.add("}", "", "variable \"telegram_token\" {", "  type      = string", "  sensitive = true", "}", "",
          "resource \"aws_secretsmanager_secret_version\" \"exchange\" {",
          "  secret_id = aws_secretsmanager_secret.exchange.id")
    f.P(f"  secret_string = jsonencode({{ api_key = \"{e.k}\", api_secret = var.{e.p}_api_secret }})", e.p, "api_key",
        "config-key", e.k)
    f.add("}", "", "data \"aws_secretsmanager_secret_version\" \"tg\" {")
    arn = f"arn:aws:secretsmanager:eu-central-1:{g.digits(12)}:secret:prod/telegram-{g.s(X.ALNUM, 6)}"
    f.N(f"  secret_id = \"{arn}\"", "aws", "secret_arn", "config-key", "secret-manager-ref")
    f.add("}")


def compose(c, g, path="docker-compose.yml", provs=None):
    e = exch(g, g.pick(provs or ["binance", "kucoin", "okx", "bybit", "gate"]))
    f = c.f(path, "yaml")
    f.add("services:", "  bot:", "    build: .", "    restart: unless-stopped", "    environment:")
    f.P(f"      - {e.ek}={e.k}", e.p, "api_key", "env-file", e.k)
    f.P(f"      - {e.es}={e.s}", e.p, "api_secret", "env-file", e.s)
    if e.pw:
        f.N(f"      - {e.ep}=${{{e.ep}}}", e.p, "passphrase", "env-file", "env-interpolation")
    f.add("      - LOG_LEVEL=info", "    depends_on: [db]", "  db:", "    image: postgres:16")
    dig = g.sha256()
    f.N(f"    # pinned: postgres@sha256:{dig}", "docker", "image_digest", "comment", "hash-digest", dig)
    f.add("    environment:", "      POSTGRES_USER: bot")
    pw = g.password()
    f.P(f"      POSTGRES_PASSWORD: \"{pw}\"", "postgres", "db_password", "env-file", pw)
    f.add("  redis:", "    image: redis:7")
    rp = g.password()
    f.P(f"    command: redis-server --requirepass {rp}", "redis", "password", "cli-flag", rp)
    return e


def k8s_secret(c, g, path="k8s/secret.yaml"):
    e = exch(g, g.pick(["binance", "bitget", "bybit", "kraken"]))
    f = c.f(path, "yaml")
    f.add("apiVersion: v1", "kind: Secret", "metadata:", "  name: exchange-creds", "type: Opaque", "data:")
    bk = base64.b64encode(e.k.encode()).decode()
    bs = base64.b64encode(e.s.encode()).decode()
    f.P(f"  API_KEY: {bk}", e.p, "api_key", "k8s-secret-b64", bk)
    f.P(f"  API_SECRET: {bs}", e.p, "api_secret", "k8s-secret-b64", bs)
    f.add("stringData:")
    tg = g.telegram()
    f.P(f"  TELEGRAM_TOKEN: \"{tg}\"", "telegram", "bot_token", "k8s-secret", tg)
    f.add("---", "apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: bot", "spec:", "  template:", "    spec:",
          "      containers:", "        - name: bot", "          image: ghcr.io/acme/bot:1.4.2", "          env:",
          "            - name: API_SECRET", "              valueFrom:")
    f.N("                secretKeyRef: { name: exchange-creds, key: API_SECRET }", e.p, "api_secret", "k8s-ref",
        "secret-manager-ref")


def helm_values(c, g, path="charts/bot/values.yaml"):
    e = exch(g, g.pick(["okx", "kucoin", "bitget"]))
    f = c.f(path, "yaml")
    f.add("replicaCount: 1", "image:", "  repository: ghcr.io/acme/mm-bot", "  tag: \"2.1.0\"", "", "exchange:", f"  name: {e.p}")
    f.P(f"  apiKey: \"{e.k}\"", e.p, "api_key", "config-key", e.k)
    f.P(f"  apiSecret: {e.s}", e.p, "api_secret", "config-key", e.s)
    f.P(f"  passphrase: '{e.pw}'", e.p, "passphrase", "config-key", e.pw)
    f.add("", "existingSecret:")
    f.N("  apiSecret: '{{ .Values.global.exchangeSecret }}'", e.p, "api_secret", "config-key", "template-placeholder")
    f.N("  vaultPath: vault:secret/data/trading/okx#api_secret", e.p, "api_secret", "config-key", "secret-manager-ref")


def gh_actions(c, g, path=".github/workflows/deploy.yml"):
    gh = g.github()
    e = exch(g, g.pick(["binance", "bybit", "kraken"]))
    f = c.f(path, "yaml")
    f.add("name: deploy", "on:", "  push:", "    branches: [main]", "jobs:", "  deploy:", "    runs-on: ubuntu-latest", "    env:")
    f.N(f"      {e.ek}: ${{{{ secrets.{e.ek} }}}}", e.p, "api_key", "ci-env", "env-interpolation")
    f.P(f"      {e.es}: {e.s}", e.p, "api_secret", "ci-env", e.s)
    f.add("    steps:", "      - uses: actions/checkout@v4")
    sha = g.sha1()
    f.N(f"      - uses: docker/login-action@{sha} # v3.1.0", "github", "commit_sha", "ci-step", "hash-digest", sha)
    f.add("        with:", "          registry: ghcr.io", "          username: acme-bot")
    f.P(f"          password: {gh}", "github", "pat", "ci-env", gh)
    f.add("      - run: ./scripts/deploy.sh")


def gitlab_ci(c, g, path=".gitlab-ci.yml"):
    k = g.evm_key()
    f = c.f(path, "yaml")
    f.add("stages: [test, deploy]", "variables:", "  FOUNDRY_PROFILE: ci")
    f.P(f"  DEPLOYER_KEY: \"0x{k}\"", "evm", "private_key", "ci-env", k)
    f.add("test:", "  stage: test", "  script:")
    f.N(f"    - anvil --mnemonic \"{HARDHAT_MNEMONIC}\" &", "evm", "mnemonic", "cli-flag", "well-known-test-key")
    hk = HARDHAT[1][0]
    f.N(f"    - forge script script/Deploy.s.sol --rpc-url http://127.0.0.1:8545 --private-key 0x{hk} --broadcast", "evm",
        "private_key", "cli-flag", "well-known-test-key", hk)
    f.add("deploy:", "  stage: deploy", "  script:")
    f.N("    - forge script script/Deploy.s.sol --rpc-url $RPC_URL --private-key $DEPLOYER_KEY --broadcast", "evm",
        "private_key", "cli-flag", "env-interpolation")
    return k


def freqtrade_cfg(c, g, path="user_data/config.json"):
    e = exch(g, g.pick(["binance", "kraken", "okx", "bybit", "kucoin", "gate", "bitget"]))
    tg = g.telegram()
    wh = g.discord_webhook()
    f = c.f(path, "json")
    f.add("{", "    \"max_open_trades\": 5,", "    \"stake_currency\": \"USDT\",", "    \"dry_run\": false,", "    \"exchange\": {",
          f"        \"name\": \"{e.p}\",")
    f.P(f"        \"key\": \"{e.k}\",", e.p, "api_key", "config-key", e.k)
    f.P(f"        \"secret\": \"{e.s}\",", e.p, "api_secret", "config-key", e.s)
    if e.pw:
        f.P(f"        \"password\": \"{e.pw}\",", e.p, "passphrase", "config-key", e.pw)
    f.add("        \"ccxt_config\": {},", "        \"pair_whitelist\": [\"BTC/USDT\", \"ETH/USDT\"]", "    },",
          "    \"telegram\": {", "        \"enabled\": true,")
    f.P(f"        \"token\": \"{tg}\",", "telegram", "bot_token", "config-key", tg)
    f.add(f"        \"chat_id\": \"{g.digits(9)}\"", "    },", "    \"discord\": {", "        \"enabled\": true,")
    f.P(f"        \"webhook_url\": \"{wh}\"", "discord", "webhook_url", "config-key", wh)
    f.add("    },", "    \"api_server\": {", "        \"enabled\": true,", "        \"listen_ip_address\": \"0.0.0.0\",")
    jw = g.hex(64)
    f.P(f"        \"jwt_secret_key\": \"{jw}\",", "freqtrade", "jwt_secret", "config-key", jw)
    f.N("        \"ws_token\": \"\",", "freqtrade", "ws_token", "config-key", "placeholder")
    f.add("        \"username\": \"freqtrader\",")
    pw = g.password()
    f.P(f"        \"password\": \"{pw}\"", "freqtrade", "password", "config-key", pw)
    f.add("    }", "}")


def freqtrade_example(c, g, path="config.example.json"):
    f = c.f(path, "json")
    f.add("{", "    \"exchange\": {", "        \"name\": \"binance\",")
    f.N("        \"key\": \"your_exchange_key\",", "binance", "api_key", "config-key", "placeholder")
    f.N("        \"secret\": \"your_exchange_secret\",", "binance", "api_secret", "config-key", "placeholder")
    f.add("        \"pair_whitelist\": []", "    },", "    \"telegram\": {")
    f.N("        \"token\": \"your_telegram_token\",", "telegram", "bot_token", "config-key", "placeholder")
    f.add("        \"chat_id\": \"your_telegram_chat_id\"", "    },", "    \"api_server\": {")
    f.N("        \"jwt_secret_key\": \"somethingrandom\",", "freqtrade", "jwt_secret", "config-key", "placeholder")
    f.add("        \"username\": \"freqtrader\",")
    f.N("        \"password\": \"SuperSecurePassword\"", "freqtrade", "password", "config-key", "placeholder")
    f.add("    }", "}")


def hummingbot(c, g, path="conf/connectors/binance.yml"):
    f = c.f(path, "yaml")
    f.add("#####################################", "###   binance config   ###", "#####################################", "",
          "connector: binance")
    v1, v2 = g.hb_encrypted(), g.hb_encrypted()
    f.N(f"binance_api_key: {v1}", "binance", "api_key", "config-key", "encrypted-blob", v1)
    f.N(f"binance_api_secret: {v2}", "binance", "api_secret", "config-key", "encrypted-blob", v2)
    e = exch(g, "kucoin")
    f2 = c.f("conf/connectors/kucoin.yml", "yaml")
    f2.add("connector: kucoin", "# TODO re-encrypt: pasted plaintext while debugging")
    f2.P(f"kucoin_api_key: {e.k}", "kucoin", "api_key", "config-key", e.k)
    f2.P(f"kucoin_secret_key: {e.s}", "kucoin", "api_secret", "config-key", e.s)
    f2.P(f"kucoin_passphrase: {e.pw}", "kucoin", "passphrase", "config-key", e.pw)


def octobot(c, g, path="user/config.json"):
    f = c.f(path, "json")
    a, b, p = g.fernet(), g.fernet(), g.fernet()
    f.add("{", "  \"exchanges\": {", "    \"binance\": {", "      \"enabled\": true,")
    f.P(f"      \"api-key\": \"{a}\",", "binance", "api_key", "octobot-fernet", a)
    f.P(f"      \"api-secret\": \"{b}\",", "binance", "api_secret", "octobot-fernet", b)
    f.add("      \"exchange-type\": \"spot\"", "    },", "    \"kucoin\": {", "      \"enabled\": false,")
    f.N("      \"api-key\": \"your-api-key-here\",", "kucoin", "api_key", "config-key", "placeholder")
    f.N("      \"api-secret\": \"your-api-secret-here\",", "kucoin", "api_secret", "config-key", "placeholder")
    f.P(f"      \"api-password\": \"{p}\"", "kucoin", "passphrase", "octobot-fernet", p)
    f.add("    }", "  },", "  \"trading\": {\"reference-market\": \"USDT\", \"risk\": 0.5}", "}")


def ini_cfg(c, g, path="config.ini"):
    e = exch(g, g.pick(["htx", "upbit", "bithumb", "bitvavo", "mexc", "phemex"]))
    f = c.f(path, "ini")
    f.add("[general]", "symbol = BTC-USDT", "interval = 5m", "", f"[{e.p}]")
    f.P(f"access_key = {e.k}", e.p, "api_key", "config-key", e.k)
    f.P(f"secret_key = {e.s}", e.p, "api_secret", "config-key", e.s)
    f.add("", "[paper]")
    f.N("access_key = %(PAPER_KEY)s", e.p, "api_key", "config-key", "env-interpolation")
    f.N("secret_key = ; ask ops", e.p, "api_secret", "config-key", "placeholder")


def dotenv(c, g, path=".env", kinds=None):
    f = c.f(path, "dotenv")
    f.add("# local dev settings - DO NOT COMMIT (oops)", "ENV=live")
    e = exch(g, g.pick(["bitget", "okx", "kucoin", "coinbase"]))
    f.P(f"{e.ek}={e.k}", e.p, "api_key", "env-file", e.k)
    f.P(f"{e.es}={e.s}", e.p, "api_secret", "env-file", e.s)
    f.P(f"{e.ep}='{e.pw}'", e.p, "passphrase", "env-file", e.pw)
    oa = g.openai()
    f.P(f"OPENAI_API_KEY={oa}", "openai", "api_key", "env-file", oa)
    an = g.anthropic()
    f.P(f"ANTHROPIC_API_KEY=\"{an}\"", "anthropic", "api_key", "env-file", an)
    pw = g.password()
    f.P(f"DATABASE_URL=postgresql://bot:{pw}@localhost:5432/trading", "postgres", "db_password", "url-userinfo", pw)
    f.N("REDIS_URL=redis://localhost:6379/0", "redis", "url", "env-file", "no-credential")
    f.N(f"TELEGRAM_CHAT_ID=-100{g.digits(10)}", "telegram", "chat_id", "env-file", "identifier")


def dotenv_example(c, g, path=".env.example"):
    f = c.f(path, "dotenv")
    f.add("# copy to .env and fill in")
    f.N("BINANCE_API_KEY=<your-binance-api-key>", "binance", "api_key", "env-file", "placeholder")
    f.N("BINANCE_API_SECRET=", "binance", "api_secret", "env-file", "placeholder")
    f.N("OKX_PASSPHRASE=changeme", "okx", "passphrase", "env-file", "placeholder")
    f.N("PRIVATE_KEY=0x0000000000000000000000000000000000000000000000000000000000000000", "evm", "private_key", "env-file",
        "placeholder")
    f.N("TELEGRAM_BOT_TOKEN=123456789:ABCdefGhIJKlmNoPQRsTUVwxyZ", "telegram", "bot_token", "env-file", "placeholder")
    f.N(f"AWS_ACCESS_KEY_ID={AWS_DOC[0]}", "aws", "access_key_id", "env-file", "docs-sample", AWS_DOC[0])
    f.N(f"AWS_SECRET_ACCESS_KEY={AWS_DOC[1]}", "aws", "secret_access_key", "env-file", "docs-sample", AWS_DOC[1])


def app_config_xml(c, g, path="Trader/App.config"):
    e = exch(g, g.pick(["bitfinex", "kraken", "bitstamp", "binance"]))
    f = c.f(path, "xml")
    f.add("<?xml version=\"1.0\" encoding=\"utf-8\"?>", "<configuration>", "  <appSettings>")
    f.P(f"    <add key=\"ApiKey\" value=\"{e.k}\" />", e.p, "api_key", "xml-attr", e.k)
    f.P(f"    <add key=\"ApiSecret\" value=\"{e.s}\" />", e.p, "api_secret", "xml-attr", e.s)
    f.N("    <add key=\"SlackWebhook\" value=\"%SLACK_WEBHOOK_URL%\" />", "slack", "webhook_url", "xml-attr", "env-interpolation")
    f.add("  </appSettings>", "  <connectionStrings>")
    pw = g.password()
    f.P(f"    <add name=\"Db\" connectionString=\"Server=sql01;Database=Trades;User Id=trader;Password={pw};\" />", "mssql",
        "db_password", "connection-string", pw)
    f.add("  </connectionStrings>", "</configuration>")


def maven_settings(c, g, path="settings.xml"):
    f = c.f(path, "xml")
    tok = g.github()
    f.add("<settings>", "  <servers>", "    <server>", "      <id>github</id>", "      <username>acme-ci</username>")
    f.P(f"      <password>{tok}</password>", "github", "pat", "xml-element", tok)
    f.add("    </server>", "    <server>", "      <id>nexus</id>")
    f.N("      <password>${env.NEXUS_PASSWORD}</password>", "nexus", "password", "xml-element", "env-interpolation")
    f.add("    </server>", "  </servers>", "</settings>")


def csv_accounts(c, g, path="data/accounts.csv"):
    f = c.f(path, "csv")
    f.add("label,exchange,api_key,api_secret,passphrase,notes")
    for i in range(3):
        e = exch(g, g.pick(["okx", "kucoin", "bitget", "binance", "bybit"]))
        pw = e.pw or ""
        f.P(f"sub{i + 1},{e.p},{e.k},{e.s},{pw},grid", e.p, "api_key+secret", "csv-cell", e.k, e.s, e.pw)
    f.N("demo,binance,********,********,,masked export", "binance", "api_key", "csv-cell", "masked")


def csv_trades(c, g, path="data/trades.tsv"):
    f = c.f(path, "tsv")
    f.add("ts\tpair\tside\tqty\tprice\torder_id\ttx_hash")
    for i in range(4):
        oid, th = g.uuid(), g.tx_hash()
        f.N(f"2024-05-0{i + 1}T10:0{i}:00Z\tETH/USDC\t{'buy' if i % 2 else 'sell'}\t0.{i + 2}\t3{i}12.5\t{oid}\t{th}", "evm",
            "tx_hash", "csv-cell", "tx-hash", oid, th)


def sql_dump(c, g, path="db/dump.sql"):
    f = c.f(path, "sql")
    f.add("-- PostgreSQL database dump", "SET client_encoding = 'UTF8';", "",
          "CREATE TABLE public.api_credentials (id serial, user_id int, exchange text, api_key text, api_secret text);", "")
    for i in range(2):
        e = exch(g, g.pick(["binance", "bybit", "gate", "mexc", "bitget"]))
        f.P(f"INSERT INTO public.api_credentials VALUES ({i + 1}, {7 + i}, '{e.p}', '{e.k}', '{e.s}');", e.p,
            "api_key+secret", "sql-insert", e.k, e.s)
    f.add("", "CREATE TABLE public.users (id serial, email text, password_hash text, api_token_sha256 text);")
    for i in range(2):
        bc, sh = g.bcrypt(), g.sha256()
        f.N(f"INSERT INTO public.users VALUES ({7 + i}, 'trader{i}@example.com', '{bc}', '{sh}');", "generic", "password_hash",
            "sql-insert", "hash-digest", bc, sh)


def http_trace(c, g, path="docs/requests.http"):
    e = exch(g, g.pick(["okx", "kucoin", "bitget"]))
    f = c.f(path, "http")
    f.add("### balance", "GET https://www.okx.com/api/v5/account/balance")
    f.P(f"OK-ACCESS-KEY: {e.k}", e.p, "api_key", "header", e.k)
    sig = g.b64bytes(32)
    f.N(f"OK-ACCESS-SIGN: {sig}", e.p, "signature", "header", "signature", sig)
    f.add("OK-ACCESS-TIMESTAMP: 2024-06-01T12:00:00.000Z")
    f.P(f"OK-ACCESS-PASSPHRASE: {e.pw}", e.p, "passphrase", "header", e.pw)
    f.add("", "### polygon aggregates")
    pg = broker(g, "polygon")
    f.P(f"GET https://api.polygon.io/v2/aggs/ticker/AAPL/range/1/day/2024-01-01/2024-02-01?apiKey={pg.k}", "polygon",
        "api_key", "url-query", pg.k)
    f.add("", "### local")
    f.N("GET http://localhost:8080/api/v1/status?apiKey={{apiKey}}", "generic", "api_key", "url-query", "template-placeholder")


def har(c, g, path="traces/session.har"):
    tr = broker(g, "tradier")
    cg = broker(g, "coingecko")
    f = c.f(path, "har")
    f.add("{", "  \"log\": {", "    \"version\": \"1.2\",", "    \"creator\": {\"name\": \"Firefox\", \"version\": \"126.0\"},",
          "    \"entries\": [", "      {", "        \"request\": {", "          \"method\": \"GET\",",
          "          \"url\": \"https://api.tradier.com/v1/markets/quotes?symbols=SPY\",", "          \"headers\": [")
    f.P(f"            {{\"name\": \"Authorization\", \"value\": \"Bearer {tr.k}\"}},", "tradier", "access_token", "header", tr.k)
    f.add("            {\"name\": \"Accept\", \"value\": \"application/json\"}", "          ]", "        },",
          "        \"response\": {\"status\": 200, \"headers\": [")
    etag = g.hex(32)
    f.N(f"            {{\"name\": \"ETag\", \"value\": \"W/\\\"{etag}\\\"\"}}", "http", "etag", "header", "hash-digest", etag)
    f.add("        ]}", "      },", "      {", "        \"request\": {", "          \"method\": \"GET\",")
    f.P(f"          \"url\": \"https://pro-api.coingecko.com/api/v3/simple/price?ids=bitcoin&x_cg_pro_api_key={cg.k}\",",
        "coingecko", "api_key", "url-query", cg.k)
    f.add("          \"headers\": []", "        },", "        \"response\": {\"status\": 200, \"headers\": [")
    rid = g.uuid()
    f.N(f"            {{\"name\": \"x-request-id\", \"value\": \"{rid}\"}}", "http", "request_id", "header", "uuid-identifier", rid)
    f.add("        ]}", "      }", "    ]", "  }", "}")


def curl_doc(c, g, path="docs/api.md"):
    e = exch(g, g.pick(["gate", "bitget", "mexc", "bybit"]))
    f = c.f(path, "markdown")
    f.add("# Calling the exchange by hand", "", "```bash")
    f.P(f"curl -u '{e.k}:{e.s}' https://api.internal-gw.example/v1/balance", e.p, "api_key+secret", "url-userinfo", e.k, e.s)
    f.add("```", "", "With the header form:", "", "```bash")
    f.N("curl -H \"KEY: $GATE_API_KEY\" -H \"SIGN: $(sign \"$payload\")\" https://api.gateio.ws/api/v4/spot/accounts", e.p,
        "api_key", "header", "env-interpolation")
    f.add("```")
    basic = base64.b64encode(f"{e.k}:{e.s}".encode()).decode()
    f.add("", "Raw request captured from the gateway:", "")
    f.P(f"    Authorization: Basic {basic}", e.p, "api_key+secret", "basic-auth-b64", basic)


def bot_log(c, g, path="logs/bot.log"):
    e = exch(g, g.pick(["binance", "bybit", "okx", "kucoin", "gate", "bitfinex"]))
    f = c.f(path, "log")
    f.add("2024-06-01 12:00:00,101 INFO  starting grid bot v1.8.2 (dry_run=False)")
    f.P(f"2024-06-01 12:00:00,114 DEBUG ccxt config: {{'apiKey': '{e.k}', 'secret': '{e.s}', 'enableRateLimit': True}}",
        e.p, "api_key+secret", "log-line", e.k, e.s)
    f.N(f"2024-06-01 12:00:00,120 INFO  using api key {mask(e.k)}", e.p, "api_key", "log-line", "masked")
    for _ in range(2):
        oid = g.uuid()
        f.N(f"2024-06-01 12:00:0{_ + 1},532 INFO  placed LIMIT BUY 0.01 BTC/USDT @ 67012.5 clientOrderId={oid}", e.p,
            "order_id", "log-line", "uuid-identifier", oid)
    sig = g.sha256()
    f.N(f"2024-06-01 12:00:03,004 DEBUG GET /api/v3/openOrders?timestamp=1717243203004&signature={sig}", e.p, "signature",
        "log-line", "signature", sig)
    f.add("2024-06-01 12:00:04,000 WARNING rate limit 80% used")
    f.N("2024-06-01 12:00:05,000 ERROR auth failed for key ending ...3kQ9 (code -2015)", e.p, "api_key", "log-line", "masked")
    tg = g.telegram()
    f.P(f"2024-06-01 12:00:06,222 DEBUG POST https://api.telegram.org/bot{tg}/sendMessage 200", "telegram", "bot_token",
        "url-path", tg)


def sol_log(c, g, path="logs/sniper.log"):
    f = c.f(path, "log")
    kp, b58, pub = g.sol_keypair()
    f.add("[2024-07-11T09:14:02Z] sniper v0.4 booting")
    f.P(f"[2024-07-11T09:14:02Z] DEBUG loaded keypair secret={b58}", "solana", "private_key", "log-line", b58)
    f.N(f"[2024-07-11T09:14:02Z] INFO wallet {pub}", "solana", "address", "log-line", "public-address", pub)
    for _ in range(2):
        sig = g.sol_sig()
        f.N(f"[2024-07-11T09:14:0{3 + _}Z] INFO swap confirmed https://solscan.io/tx/{sig}", "solana", "tx_signature", "log-line",
            "tx-hash", sig)
    mint = g.sol_pub()
    f.N(f"[2024-07-11T09:14:05Z] INFO new pool mint={mint}", "solana", "address", "log-line", "public-address", mint)
    hel = g.uuid()
    f.P(f"[2024-07-11T09:14:06Z] DEBUG rpc=https://mainnet.helius-rpc.com/?api-key={hel}", "helius", "api_key", "url-query", hel)


def sol_keyfile(c, g, path="keys/id.json"):
    kp, b58, pub = g.sol_keypair()
    f = c.f(path, "json")
    f.P("[" + ",".join(str(b) for b in kp) + "]", "solana", "private_key", "keyfile", ",".join(str(b) for b in kp[:20]))
    f2 = c.f("src/sniper.ts", "typescript")
    kp2, b582, pub2 = g.sol_keypair()
    f2.add("import { Connection, Keypair, PublicKey } from '@solana/web3.js';", "import bs58 from 'bs58';", "")
    f2.P(f"const payer = Keypair.fromSecretKey(bs58.decode('{b582}'));", "solana", "private_key", "ctor-arg", b582)
    f2.N(f"const OWNER = new PublicKey('{pub}');", "solana", "address", "ctor-arg", "public-address", pub)
    f2.N("const RAYDIUM_AMM = new PublicKey('675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8');", "solana", "address", "ctor-arg",
         "public-address")
    f2.add("const conn = new Connection('https://api.mainnet-beta.solana.com', 'confirmed');")


def wallet_backup(c, g, path="wallet/backup.txt"):
    f = c.f(path, "text")
    m24 = g.mnemonic(24)
    f.add("hot wallet for the arb bot - created 2024-03-02")
    f.P(f"seed: {m24}", "bip39", "mnemonic", "plain-text", m24)
    w = g.wif()
    f.P(f"btc fee wallet WIF: {w}", "bitcoin", "wif", "plain-text", w)
    xp = g.xprv()
    f.P(f"xprv: {xp}", "bitcoin", "xprv", "plain-text", xp)
    xpub = g.xpub()
    f.N(f"watch-only xpub: {xpub}", "bitcoin", "xpub", "plain-text", "public-key", xpub)
    ba = g.btc_addr()
    f.N(f"deposit address: {ba}", "bitcoin", "address", "plain-text", "public-address", ba)


def py_mnemonic(c, g, path="dydx/client.py"):
    m = g.mnemonic(24)
    m12 = g.mnemonic(12)
    f = c.f(path, "python")
    f.add("from dydx_v4_client.wallet import Wallet", "from eth_account import Account", "", "Account.enable_unaudited_hdwallet_features()", "")
    f.P(f"MNEMONIC = \"{m}\"", "dydx", "mnemonic", "assign", m)
    f.add("wallet = Wallet.from_mnemonic(MNEMONIC)")
    f.P(f"hedge = Account.from_mnemonic('{m12}')", "bip39", "mnemonic", "ctor-arg", m12)
    f.N(f"TEST_PHRASE = '{BIP39_TV[0]}'  # BIP-39 test vector", "bip39", "mnemonic", "assign", "test-vector")
    f.N(f"VECTOR_2 = '{BIP39_TV[1]}'", "bip39", "mnemonic", "assign", "test-vector")
    f.N(f"BIP32_TV1 = '{BIP32_TV1}'", "bitcoin", "xprv", "assign", "test-vector", BIP32_TV1)
    f.N(f"WIF_EXAMPLE = '{WIF_DOC}'  # from the Bitcoin wiki", "bitcoin", "wif", "assign", "test-vector", WIF_DOC)


def keystore(c, g, path="keystore/UTC--2024-02-11T10-22-01.123Z--wallet.json"):
    f = c.f(path, "json")
    a = g.evm_addr()[2:].lower()
    f.add("{")
    f.N(f"  \"address\": \"{a}\",", "evm", "address", "keystore", "public-address", a)
    f.add("  \"crypto\": {", "    \"cipher\": \"aes-128-ctr\",")
    ct = g.hex(64)
    f.N(f"    \"ciphertext\": \"{ct}\",", "evm", "keystore_ciphertext", "keystore", "encrypted-blob", ct)
    iv = g.hex(32)
    f.N(f"    \"cipherparams\": {{\"iv\": \"{iv}\"}},", "evm", "keystore_iv", "keystore", "encrypted-blob", iv)
    salt = g.hex(64)
    f.add("    \"kdf\": \"scrypt\",")
    f.N(f"    \"kdfparams\": {{\"dklen\": 32, \"n\": 262144, \"p\": 1, \"r\": 8, \"salt\": \"{salt}\"}},", "evm", "kdf_salt",
        "keystore", "encrypted-blob", salt)
    mac = g.hex(64)
    f.N(f"    \"mac\": \"{mac}\"", "evm", "keystore_mac", "keystore", "hash-digest", mac)
    f.add("  },")
    f.N(f"  \"id\": \"{g.uuid()}\",", "evm", "keystore_id", "keystore", "uuid-identifier")
    f.add("  \"version\": 3", "}")


def sops_file(c, g, path="secrets/prod.enc.yaml"):
    f = c.f(path, "yaml")

    def enc():
        return f"ENC[AES256_GCM,data:{g.b64bytes(g.R.randint(40, 60))},iv:{g.b64bytes(32)},tag:{g.b64bytes(16)},type:str]"
    f.add("exchange:")
    for k in ("api_key", "api_secret"):
        v = enc()
        f.N(f"    {k}: {v}", "binance", k, "config-key", "encrypted-blob", v)
    f.add("sops:", "    kms: []", "    age:")
    rcp = "age1" + g.s("qpzry9x8gf2tvdw0s3jn54khce6mua7l", 58)
    f.N(f"        - recipient: {rcp}", "age", "public_key", "config-key", "public-key", rcp)
    f.add("          enc: |")
    blk = ["              -----BEGIN AGE ENCRYPTED FILE-----"] + ["              " + g.b64bytes(48) for _ in range(4)] + \
          ["              -----END AGE ENCRYPTED FILE-----"]
    f.N(blk, "age", "encrypted_file", "pem-block", "encrypted-blob")
    f.add("    lastmodified: \"2024-05-30T08:11:42Z\"")
    mac = f"ENC[AES256_GCM,data:{g.b64bytes(48)},iv:{g.b64bytes(32)},tag:{g.b64bytes(16)},type:str]"
    f.N(f"    mac: {mac}", "sops", "mac", "config-key", "encrypted-blob", mac)
    f.add("    version: 3.8.1")


def ansible_vault(c, g, path="ansible/group_vars/bots/vault.yml"):
    f = c.f(path, "yaml")
    f.add("---")
    lines = ["binance_api_secret: !vault |", "          $ANSIBLE_VAULT;1.1;AES256"] + \
            ["          " + g.hex(80) for _ in range(5)]
    f.N(lines, "binance", "api_secret", "config-key", "encrypted-blob")
    f.N("telegram_token: \"{{ vault_telegram_token }}\"", "telegram", "bot_token", "config-key", "template-placeholder")
    f2 = c.f("ansible/roles/bot/templates/bot.env.j2", "dotenv")
    f2.N("BINANCE_API_SECRET={{ binance_api_secret }}", "binance", "api_secret", "env-file", "template-placeholder")
    f2.N("TELEGRAM_TOKEN={{ telegram_token }}", "telegram", "bot_token", "env-file", "template-placeholder")


def pem_files(c, g, path="keys/binance_ed25519.pem"):
    f = c.f(path, "pem")
    lines, first = g.pem_ed25519()
    f.P(lines, "binance", "private_key", "pem-block", first)
    f2 = c.f("keys/binance_ed25519_pub.pem", "pem")
    pl, pf = g.pem_pub()
    f2.N(pl, "binance", "public_key", "pem-block", "public-key", pf)
    e = exch(g, "binance")
    f3 = c.f("keys/spot_ed25519.py", "python")
    f3.add("from binance.spot import Spot", "")
    f3.add("with open('keys/binance_ed25519.pem') as fh:", "    private_key = fh.read()", "")
    f3.P(f"client = Spot(api_key='{e.k}', private_key=private_key, private_key_pass=None)", "binance", "api_key", "kwarg", e.k)
    f3.N("PRIVATE_KEY_PATH = '/run/secrets/binance_ed25519.pem'", "binance", "private_key", "assign", "file-path")


def cdp_key(c, g, path="cdp_api_key.json"):
    f = c.f(path, "json")
    name = f"organizations/{g.uuid()}/apiKeys/{g.uuid()}"
    lines, first = g.pem_ec()
    pem = "\\n".join(lines) + "\\n"
    f.add("{")
    f.P(f"   \"name\": \"{name}\",", "coinbase", "api_key_name", "config-key", name)
    f.P(f"   \"privateKey\": \"{pem}\"", "coinbase", "private_key", "config-key", first)
    f.add("}")
    f2 = c.f("coinbase_bot.py", "python")
    f2.add("from coinbase.rest import RESTClient", "")
    f2.N("client = RESTClient(key_file='cdp_api_key.json')", "coinbase", "api_key", "kwarg", "file-path")
    name2 = f"organizations/{g.uuid()}/apiKeys/{g.uuid()}"
    l2, first2 = g.pem_ec()
    f2.P(f"api_key = \"{name2}\"", "coinbase", "api_key_name", "assign", name2)
    f2.P(["api_secret = \"\"\"" + l2[0]] + l2[1:-1] + [l2[-1] + "\"\"\""], "coinbase", "private_key", "pem-block", first2)
    f2.add("adv = RESTClient(api_key=api_key, api_secret=api_secret)")


def gcp_sa(c, g, path="deploy/gcp-sa.json"):
    f = c.f(path, "json")
    kid = g.hex(40)
    lines, first = g.pem_rsa(header="PRIVATE KEY")
    pem = "\\n".join(lines) + "\\n"
    f.add("{", "  \"type\": \"service_account\",", "  \"project_id\": \"quant-bots-prod\",")
    f.P(f"  \"private_key_id\": \"{kid}\",", "gcp", "private_key_id", "config-key", kid)
    f.P(f"  \"private_key\": \"{pem}\",", "gcp", "private_key", "config-key", first)
    f.add("  \"client_email\": \"bot-runner@quant-bots-prod.iam.gserviceaccount.com\",", f"  \"client_id\": \"{g.digits(21)}\",",
          "  \"token_uri\": \"https://oauth2.googleapis.com/token\"", "}")


def crontab(c, g, path="deploy/crontab"):
    e = exch(g, g.pick(["kraken", "bitvavo", "gemini", "bitstamp"]))
    f = c.f(path, "crontab")
    f.add("SHELL=/bin/bash", "MAILTO=\"\"")
    f.P(f"*/5 * * * * {e.ek}={e.k} {e.es}={e.s} /opt/bot/venv/bin/python -m dca >> /var/log/dca.log 2>&1", e.p,
        "api_key+secret", "env-set", e.k, e.s)
    f.N("0 * * * * . /opt/bot/.env && /opt/bot/venv/bin/python -m rebalance", e.p, "api_key", "env-set", "file-path")


def dockerfile(c, g, path="Dockerfile"):
    e = exch(g, g.pick(["binance", "bybit", "mexc", "bingx"]))
    f = c.f(path, "dockerfile")
    dig = g.sha256()
    f.N(f"FROM python:3.11-slim@sha256:{dig}", "docker", "image_digest", "dockerfile", "hash-digest", dig)
    f.add("WORKDIR /app", "COPY requirements.txt .")
    f.N("RUN --mount=type=secret,id=pip_token PIP_INDEX_URL=https://__token__:$(cat /run/secrets/pip_token)@pypi.internal/simple pip install -r requirements.txt",
        "pypi", "token", "dockerfile", "env-interpolation")
    f.add("COPY . .")
    f.P(f"ENV {e.ek}={e.k} \\", e.p, "api_key", "dockerfile", e.k)
    f.P(f"    {e.es}={e.s}", e.p, "api_secret", "dockerfile", e.s)
    f.N("ARG TELEGRAM_TOKEN", "telegram", "bot_token", "dockerfile", "variable-name")
    f.add("CMD [\"python\", \"-m\", \"bot\"]")


def systemd(c, g, path="deploy/tradebot.service"):
    tg = g.telegram()
    sw = g.slack_bot()
    f = c.f(path, "systemd")
    f.add("[Unit]", "Description=Trade signal bot", "After=network-online.target", "", "[Service]", "User=bot")
    f.P(f"Environment=TELEGRAM_BOT_TOKEN={tg}", "telegram", "bot_token", "env-set", tg)
    f.P(f"Environment=\"SLACK_BOT_TOKEN={sw}\"", "slack", "bot_token", "env-set", sw)
    f.N("EnvironmentFile=/etc/tradebot/secrets.env", "generic", "env_file", "env-set", "file-path")
    f.N("LoadCredential=binance_secret:/etc/credstore/binance_secret", "binance", "api_secret", "env-set", "secret-manager-ref")
    f.add("ExecStart=/opt/tradebot/bin/tradebot --live", "Restart=always", "", "[Install]", "WantedBy=multi-user.target")


def makefile(c, g, path="Makefile"):
    k = g.evm_key()
    f = c.f(path, "makefile")
    f.add(".PHONY: deploy local", "", "local:")
    hk = HARDHAT[2][0]
    f.N(f"\tforge script script/Bot.s.sol --fork-url http://localhost:8545 --private-key 0x{hk} --broadcast", "evm",
        "private_key", "cli-flag", "well-known-test-key", hk)
    f.add("", "deploy:")
    f.P(f"\tforge script script/Bot.s.sol --rpc-url $(RPC) --private-key 0x{k} --broadcast --verify", "evm", "private_key",
        "cli-flag", k)
    f.add("", "verify:")
    f.N("\tforge verify-contract $(ADDR) src/Bot.sol:Bot --etherscan-api-key $(ETHERSCAN_API_KEY)", "etherscan", "api_key",
        "cli-flag", "env-interpolation")


def readme(c, g, path="README.md", title="Trading bot"):
    f = c.f(path, "markdown")
    f.add(f"# {title}", "", "Automated strategy runner. **Never commit real keys.**", "", "## Setup", "", "```bash")
    f.N("export BINANCE_API_KEY=\"your_api_key_here\"", "binance", "api_key", "docs", "placeholder")
    f.N("export BINANCE_API_SECRET=\"$(pass show trading/binance)\"", "binance", "api_secret", "docs", "secret-manager-ref")
    f.add("```", "", "Keys look like this (example from the exchange docs, not a real key):", "")
    sample = g.pick(["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "<64 alphanumeric characters>",
                     "YOUR_KEY_HERE_0123456789"])
    f.N(f"    apiKey: {sample}", "binance", "api_key", "docs", "placeholder")
    f.add("", "## Troubleshooting", "", "If you see `-2015 Invalid API-key`, whitelist the server IP.")


def readme_leak(c, g, path="README.md", title="Signal relay"):
    """a README that accidentally leaks in its quick-start"""
    f = c.f(path, "markdown")
    tg = g.telegram()
    f.add(f"# {title}", "", "Forwards TradingView alerts to Telegram.", "", "## Quick start", "", "```python")
    f.P(f"bot = telebot.TeleBot(\"{tg}\")", "telegram", "bot_token", "docs", tg)
    f.add("```", "")
    f.N("Replace `<TELEGRAM_TOKEN>` with the token from @BotFather.", "telegram", "bot_token", "docs", "placeholder")
    f.N(f"Example JWT from jwt.io used in the webhook docs: `{JWT_DOC}`", "generic", "jwt", "docs", "docs-sample", JWT_DOC)


def changelog(c, g, path="CHANGELOG.md"):
    f = c.f(path, "markdown")
    f.add("# Changelog", "", "## 1.4.0", "")
    s1 = g.sha1()[:7]
    f.add(f"- switched grid spacing to ATR-based ({s1})")
    ak, sk = g.aws()
    f.P(f"- rotated AWS key {ak} after it showed up in CI logs (secret was `{sk}`)", "aws", "access_key+secret", "changelog",
        ak, sk)
    full = g.sha1()
    f.N(f"- merged PR #42, commit {full}", "git", "commit_sha", "changelog", "hash-digest", full)
    f.add("", "## 1.3.2", "", "- fixed websocket reconnect")
    e = exch(g, g.pick(["binance", "bybit"]))
    f.N(f"- masked keys in logs (now shows `{mask(e.k)}`)", e.p, "api_key", "changelog", "masked")


def npmrc(c, g, path=".npmrc"):
    f = c.f(path, "ini")
    t = g.npm_token()
    f.add("registry=https://registry.npmjs.org/", "@acme:registry=https://npm.pkg.github.com/")
    f.P(f"//registry.npmjs.org/:_authToken={t}", "npm", "token", "config-key", t)
    f.N("//npm.pkg.github.com/:_authToken=${GITHUB_TOKEN}", "github", "token", "config-key", "env-interpolation")


def docker_auth(c, g, path="deploy/docker-config.json"):
    f = c.f(path, "json")
    pw = g.password()
    au = base64.b64encode(f"deploy-bot:{pw}".encode()).decode()
    f.add("{", "  \"auths\": {", "    \"registry.acme-trading.io\": {")
    f.P(f"      \"auth\": \"{au}\"", "docker", "registry_auth", "basic-auth-b64", au)
    f.add("    },", "    \"ghcr.io\": {")
    f.N("      \"auth\": \"\"", "docker", "registry_auth", "config-key", "placeholder")
    f.add("    }", "  },", "  \"credsStore\": \"desktop\"", "}")


def zerodha(c, g, path="kite/login.py"):
    z = broker(g, "zerodha")
    f = c.f(path, "python")
    f.add("from kiteconnect import KiteConnect", "")
    f.P(f"kite = KiteConnect(api_key=\"{z.k}\")", "zerodha", "api_key", "kwarg", z.k)
    f.add("", "def login(request_token):")
    f.P(f"    data = kite.generate_session(request_token, api_secret=\"{z.s}\")", "zerodha", "api_secret", "kwarg", z.s)
    f.add("    kite.set_access_token(data['access_token'])")
    f.P(f"# kite.set_access_token('{z.t}')  # yesterday's token", "zerodha", "access_token", "comment", z.t)
    f.N("REQUEST_TOKEN = input('request_token: ')", "zerodha", "request_token", "assign", "variable-name")


def oanda(c, g, path="fx/oanda_bot.py"):
    o = broker(g, "oanda")
    f = c.f(path, "python")
    f.add("import oandapyV20", "import oandapyV20.endpoints.orders as orders", "")
    f.P(f"api = oandapyV20.API(access_token=\"{o.k}\", environment=\"practice\")", "oanda", "access_token", "kwarg", o.k)
    f.N(f"ACCOUNT_ID = \"{o.acct}\"", "oanda", "account_id", "assign", "identifier", o.acct)
    f.add("", "def market(units, instrument='EUR_USD'):",
          "    r = orders.OrderCreate(ACCOUNT_ID, data={'order': {'units': str(units), 'instrument': instrument, 'type': 'MARKET'}})",
          "    return api.request(r)")


def schwab(c, g, path="schwab/auth.py"):
    s = broker(g, "schwab")
    f = c.f(path, "python")
    f.add("from schwab import auth", "")
    f.P(f"client = auth.easy_client(\"{s.k}\", \"{s.s}\", \"https://127.0.0.1:8182\", \"token.json\")", "schwab",
        "app_key+secret", "ctor-arg", s.k, s.s)
    f2 = c.f("schwab/token.json", "json")
    at, rt = g.b64url(92), g.b64url(88)
    f2.add("{", "  \"creation_timestamp\": 1717000000,", "  \"token\": {", "    \"expires_in\": 1800,", "    \"token_type\": \"Bearer\",")
    f2.P(f"    \"access_token\": \"I0.{at}@\",", "schwab", "access_token", "config-key", at)
    f2.P(f"    \"refresh_token\": \"{rt}@\",", "schwab", "refresh_token", "config-key", rt)
    f2.add("    \"scope\": \"api\"", "  }", "}")


def threecommas(c, g, path="tc/bots.py"):
    t = broker(g, "3commas")
    f = c.f(path, "python")
    f.add("from py3cw.request import Py3CW", "")
    f.P(f"p3cw = Py3CW(key='{t.k}',", "3commas", "api_key", "kwarg", t.k)
    f.P(f"             secret='{t.s}')", "3commas", "api_secret", "kwarg", t.s)
    f.add("err, bots = p3cw.request(entity='bots', action='')")


def polymarket(c, g, path="poly/trader.py"):
    k = g.evm_key()
    key, sec, pp = g.uuid(), g.b64bytes(32, url=True), g.hex(64)
    f = c.f(path, "python")
    f.add("from py_clob_client.client import ClobClient", "from py_clob_client.clob_types import ApiCreds", "")
    f.add("creds = ApiCreds(")
    f.P(f"    api_key=\"{key}\",", "polymarket", "api_key", "kwarg", key)
    f.P(f"    api_secret=\"{sec}\",", "polymarket", "api_secret", "kwarg", sec)
    f.P(f"    api_passphrase=\"{pp}\",", "polymarket", "passphrase", "kwarg", pp)
    f.add(")")
    f.P(f"client = ClobClient('https://clob.polymarket.com', key='{k}', chain_id=137, creds=creds)", "evm", "private_key",
        "kwarg", k)
    cid = g.tx_hash()
    f.N(f"CONDITION_ID = '{cid}'", "polymarket", "condition_id", "assign", "hash-digest", cid)


def hyperliquid(c, g, path="hl/config.json"):
    k = g.evm_key()
    addr = X.evm_address_of(k)
    f = c.f(path, "json")
    f.add("{", "    \"keystore_path\": \"\",")
    f.P(f"    \"secret_key\": \"0x{k}\",", "hyperliquid", "private_key", "config-key", k)
    f.N(f"    \"account_address\": \"{addr}\"", "hyperliquid", "address", "config-key", "public-address", addr)
    f.add("}")


def gemini_js(c, g, path="src/gemini.mjs"):
    e = exch(g, "gemini")
    f = c.f(path, "javascript")
    f.add("import crypto from 'node:crypto';", "")
    f.P(f"const KEY = '{e.k}';", "gemini", "api_key", "const", e.k)
    f.P(f"const SECRET = Buffer.from('{e.s}');", "gemini", "api_secret", "ctor-arg", e.s)
    f.add("export async function balances() {", "  const payload = Buffer.from(JSON.stringify({ request: '/v1/balances', nonce: Date.now() })).toString('base64');",
          "  const signature = crypto.createHmac('sha384', SECRET).update(payload).digest('hex');",
          "  return fetch('https://api.gemini.com/v1/balances', { method: 'POST', headers: { 'X-GEMINI-APIKEY': KEY, 'X-GEMINI-PAYLOAD': payload, 'X-GEMINI-SIGNATURE': signature } });",
          "}")


def deribit_ws(c, g, path="deribit/auth.py"):
    e = exch(g, "deribit")
    f = c.f(path, "python")
    f.add("import json, websockets", "", "AUTH = {", "    'jsonrpc': '2.0', 'id': 9929, 'method': 'public/auth',", "    'params': {",
          "        'grant_type': 'client_credentials',")
    f.P(f"        'client_id': '{e.k}',", "deribit", "client_id", "dict-literal", e.k)
    f.P(f"        'client_secret': '{e.s}',", "deribit", "client_secret", "dict-literal", e.s)
    f.add("    },", "}")


def upbit_jwt(c, g, path="upbit/client.go"):
    e = exch(g, "upbit")
    f = c.f(path, "go")
    f.add("package upbit", "", "import \"github.com/golang-jwt/jwt/v5\"", "")
    f.add("var (")
    f.P(f"\taccessKey = \"{e.k}\"", "upbit", "api_key", "const", e.k)
    f.P(f"\tsecretKey = []byte(\"{e.s}\")", "upbit", "api_secret", "const", e.s)
    f.add(")", "", "func token(nonce string) (string, error) {",
          "\tt := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{\"access_key\": accessKey, \"nonce\": nonce})",
          "\treturn t.SignedString(secretKey)", "}")


def bithumb_php(c, g, path="bithumb.php"):
    e = exch(g, "bithumb")
    f = c.f(path, "php")
    f.add("<?php", "class BithumbConfig {")
    f.P(f"    const CONNECT_KEY = \"{e.k}\";", "bithumb", "api_key", "const", e.k)
    f.P(f"    const SECRET_KEY = \"{e.s}\";", "bithumb", "api_secret", "const", e.s)
    f.N("    const API_URL = \"https://api.bithumb.com\";", "bithumb", "url", "const", "no-credential")
    f.add("}")


def discord_py(c, g, path="bot.py"):
    t = g.discord_token()
    f = c.f(path, "python")
    f.add("import os", "import discord", "from discord.ext import commands", "",
          "bot = commands.Bot(command_prefix='!', intents=discord.Intents.default())", "", "@bot.command()",
          "async def price(ctx, sym: str):", "    await ctx.send(f'{sym}: ...')", "")
    f.P(f"TOKEN = os.environ.get('DISCORD_TOKEN', '{t}')", "discord", "bot_token", "env-fallback", t)
    f.add("bot.run(TOKEN)")


def twilio_alerts(c, g, path="alerts/sms.rb"):
    sid, tok = "AC" + g.hex(32), g.hex(32)
    f = c.f(path, "ruby")
    f.add("require 'twilio-ruby'", "")
    f.P(f"client = Twilio::REST::Client.new('{sid}', '{tok}')", "twilio", "account_sid+auth_token", "ctor-arg", sid, tok)
    f.add("client.messages.create(from: '+15005550006', to: ENV['ALERT_PHONE'], body: 'stop-loss hit')")


def sendgrid_hf(c, g, path="reports/mailer.py"):
    sg = g.sendgrid()
    hf = g.hf()
    f = c.f(path, "python")
    f.add("from sendgrid import SendGridAPIClient", "from huggingface_hub import InferenceClient", "")
    f.P(f"sg = SendGridAPIClient('{sg}')", "sendgrid", "api_key", "ctor-arg", sg)
    f.P(f"llm = InferenceClient(model='mistralai/Mistral-7B-Instruct-v0.3', token=\"{hf}\")", "huggingface", "token", "kwarg", hf)
    f.N("sg_test = SendGridAPIClient(os.environ['SENDGRID_API_KEY'])", "sendgrid", "api_key", "ctor-arg", "env-reference")


def vault_refs(c, g, path="deploy/external-secret.yaml"):
    f = c.f(path, "yaml")
    f.add("apiVersion: external-secrets.io/v1beta1", "kind: ExternalSecret", "metadata:", "  name: exchange", "spec:",
          "  secretStoreRef: { name: vault, kind: ClusterSecretStore }", "  data:", "    - secretKey: BYBIT_API_SECRET", "      remoteRef:")
    f.N("        key: secret/data/bots/bybit", "bybit", "api_secret", "config-key", "secret-manager-ref")
    f.add("        property: api_secret", "    - secretKey: OP_REF")
    f.add("      remoteRef:")
    f.N("        key: op://Trading/Bybit/credential", "bybit", "api_secret", "config-key", "secret-manager-ref")
    f.add("    - secretKey: GCP_REF", "      remoteRef:")
    f.N("        key: projects/413027/secrets/bybit-api-secret/versions/latest", "bybit", "api_secret", "config-key",
        "secret-manager-ref")


def ssh_pub(c, g, path="deploy/authorized_keys"):
    f = c.f(path, "text")
    for who in ("ci@runner", "ops@laptop"):
        body = base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + g.rbytes(32)).decode()
        g.used.add(body)
        f.N(f"ssh-ed25519 {body} {who}", "ssh", "public_key", "plain-text", "public-key", body)
    f2 = c.f("deploy/id_ed25519", "pem")
    lines, first = g.pem_rsa(nlines=8, header="OPENSSH PRIVATE KEY",
                              start=b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x003\x00\x00\x00\x0bssh-ed25519")
    f2.P(lines, "ssh", "private_key", "pem-block", first)


def bytecode(c, g, path="abi/Arb.json"):
    f = c.f(path, "json")
    f.add("{", "  \"contractName\": \"Arb\",", "  \"abi\": [{\"type\": \"function\", \"name\": \"execute\", \"inputs\": [], \"outputs\": []}],")
    bc = "0x608060405234801561001057600080fd5b50" + g.hex(300)
    f.N(f"  \"bytecode\": \"{bc}\",", "evm", "bytecode", "config-key", "hash-digest", bc[40:])
    h = g.tx_hash()
    f.N(f"  \"transactionHash\": \"{h}\",", "evm", "tx_hash", "config-key", "tx-hash", h)
    f.add("  \"compiler\": {\"version\": \"0.8.24+commit.e11b9ed9\"}", "}")


def grafana_ini(c, g, path="monitoring/grafana.ini"):
    f = c.f(path, "ini")
    f.add("[server]", "http_port = 3000", "", "[security]", "admin_user = admin")
    pw = g.password()
    f.P(f"admin_password = {pw}", "grafana", "password", "config-key", pw)
    sk = g.alnum(32)
    f.P(f"secret_key = {sk}", "grafana", "secret_key", "config-key", sk)
    f.add("", "[database]")
    f.N("password = $__env{GF_DATABASE_PASSWORD}", "grafana", "db_password", "config-key", "env-interpolation")
    f.N("password_hint = \"see 1Password vault 'ops'\"", "grafana", "password", "config-key", "variable-name")


def prometheus_alert(c, g, path="monitoring/alertmanager.yml"):
    f = c.f(path, "yaml")
    sw = g.slack_webhook()
    tg = g.telegram()
    f.add("route:", "  receiver: trading", "receivers:", "  - name: trading", "    slack_configs:")
    f.P(f"      - api_url: {sw}", "slack", "webhook_url", "config-key", sw)
    f.add("        channel: '#alerts'", "    telegram_configs:")
    f.P(f"      - bot_token: '{tg}'", "telegram", "bot_token", "config-key", tg)
    f.add(f"        chat_id: -100{g.digits(10)}")
    f.N("      - bot_token_file: /etc/alertmanager/telegram_token", "telegram", "bot_token", "config-key", "file-path")


def etherscan_ts(c, g, path="src/explorer.ts"):
    es = broker(g, "etherscan")
    f = c.f(path, "typescript")
    f.P(f"const ETHERSCAN = `https://api.etherscan.io/api?module=account&action=txlist&apikey={es.k}`;", "etherscan", "api_key",
        "url-query", es.k)
    f.N("const BSCSCAN = `https://api.bscscan.com/api?module=account&apikey=${process.env.BSCSCAN_KEY}`;", "bscscan", "api_key",
        "url-query", "env-interpolation")
    addr = g.evm_addr()
    f.N(f"export const WATCH = ['{addr}'];", "evm", "address", "array-literal", "public-address", addr)
    f.add("export async function txs() { return (await fetch(ETHERSCAN)).json(); }")


def cmc_go(c, g, path="pkg/prices/cmc.go"):
    cm = broker(g, "coinmarketcap")
    f = c.f(path, "go")
    f.add("package prices", "", "import \"net/http\"", "", "func newReq() *http.Request {",
          "\treq, _ := http.NewRequest(\"GET\", \"https://pro-api.coinmarketcap.com/v1/cryptocurrency/listings/latest\", nil)")
    f.P(f"\treq.Header.Set(\"X-CMC_PRO_API_KEY\", \"{cm.k}\")", "coinmarketcap", "api_key", "header", cm.k)
    rid = g.uuid()
    f.N(f"\treq.Header.Set(\"X-Request-Id\", \"{rid}\")", "generic", "request_id", "header", "uuid-identifier", rid)
    f.add("\treturn req", "}")


def twelvedata_lua(c, g, path="nvim/plugin/quotes.lua"):
    td = broker(g, "twelvedata")
    f = c.f(path, "lua")
    f.P(f"local url = \"https://api.twelvedata.com/price?symbol=BTC/USD&apikey=\" .. \"{td.k}\"", "twelvedata", "api_key", "concat", td.k)
    f.N("local demo = \"https://api.twelvedata.com/price?symbol=AAPL&apikey=demo\"", "twelvedata", "api_key", "url-query",
        "placeholder")
    f.add("vim.fn.jobstart({'curl', '-s', url})")


def bitmex_sh(c, g, path="tools/bitmex_pos.sh"):
    e = exch(g, "bitmex")
    f = c.f(path, "shell")
    f.add("#!/bin/sh")
    f.P(f"python3 tools/bitmex_cli.py --api-key {e.k} --api-secret {e.s} positions", "bitmex", "api_key+secret", "cli-flag",
        e.k, e.s)
    f.N("python3 tools/bitmex_cli.py --api-key \"$BITMEX_KEY\" --api-secret \"$BITMEX_SECRET\" orders", "bitmex", "api_key",
        "cli-flag", "env-interpolation")


def phemex_kotlin(c, g, path="src/main/kotlin/Phemex.kt"):
    e = exch(g, "phemex")
    f = c.f(path, "kotlin")
    f.add("object Phemex {")
    f.P(f"    const val API_KEY = \"{e.k}\"", "phemex", "api_key", "const", e.k)
    f.P(f"    private val secret = \"\"\"{e.s}\"\"\"", "phemex", "api_secret", "const", e.s)
    f.add("}")


def bingx_cs(c, g, path="BingX/Keys.cs"):
    e = exch(g, "bingx")
    f = c.f(path, "csharp")
    f.add("namespace BingX;", "public record Keys(string ApiKey, string SecretKey)", "{")
    f.P(f"    public static readonly Keys Live = new(\"{e.k}\",", "bingx", "api_key", "ctor-arg", e.k)
    f.P(f"                                           \"{e.s}\");", "bingx", "api_secret", "ctor-arg", e.s)
    f.N("    public static Keys FromEnv() => new(Env(\"BINGX_API_KEY\"), Env(\"BINGX_SECRET_KEY\"));", "bingx", "api_key",
        "ctor-arg", "env-reference")
    f.add("}")


def htx_dart(c, g, path="lib/htx.dart"):
    e = exch(g, "htx")
    f = c.f(path, "dart")
    f.add("final htx = HtxClient(")
    f.P(f"  accessKey: '{e.k}',", "htx", "api_key", "kwarg", e.k)
    f.P(f"  secretKey: '{e.s}',", "htx", "api_secret", "kwarg", e.s)
    f.add(");")


def mexc_swift(c, g, path="Sources/MEXC/Client.swift"):
    e = exch(g, "mexc")
    f = c.f(path, "swift")
    f.add("struct MEXCClient {", "    let key: String", "    let secret: String", "}", "")
    f.P(f"let mexc = MEXCClient(key: \"{e.k}\", secret: \"{e.s}\")", "mexc", "api_key+secret", "ctor-arg", e.k, e.s)


def bitvavo_node(c, g, path="bitvavo.js"):
    e = exch(g, "bitvavo")
    f = c.f(path, "javascript")
    f.add("const bitvavo = require('bitvavo')().options({")
    f.P(f"  APIKEY: '{e.k}',", "bitvavo", "api_key", "dict-literal", e.k)
    f.P(f"  APISECRET: '{e.s}',", "bitvavo", "api_secret", "dict-literal", e.s)
    f.add("  ACCESSWINDOW: 10000,", "});")


def sqlite_seed(c, g, path="db/seed.sql"):
    f = c.f(path, "sql")
    f.add("CREATE TABLE settings (k TEXT PRIMARY KEY, v TEXT);")
    tg = g.telegram()
    f.P(f"INSERT INTO settings VALUES ('telegram_token', '{tg}');", "telegram", "bot_token", "sql-insert", tg)
    f.N("INSERT INTO settings VALUES ('binance_key', '');", "binance", "api_key", "sql-insert", "placeholder")
    u = g.uuid()
    f.N(f"INSERT INTO settings VALUES ('install_id', '{u}');", "generic", "install_id", "sql-insert", "uuid-identifier", u)


def jupyter_env(c, g, path="notebooks/explore.ipynb"):
    """notebook with %env magic and an output that only shows public data"""
    f = c.f(path, "ipynb")
    e = exch(g, g.pick(["kraken", "bitfinex", "kucoin"]))
    f.add("{", " \"cells\": [", "  {", "   \"cell_type\": \"code\",", "   \"execution_count\": 3,", "   \"metadata\": {},",
          "   \"outputs\": [", "    {", "     \"name\": \"stdout\",", "     \"output_type\": \"stream\",", "     \"text\": [")
    f.P(f"      \"env: {e.ek}={e.k}\\n\"", e.p, "api_key", "notebook-output", e.k)
    f.add("     ]", "    }", "   ],", "   \"source\": [")
    f.P(f"    \"%env {e.ek}={e.k}\\n\",", e.p, "api_key", "notebook-source", e.k)
    f.N(f"    \"%env {e.es}=$SECRET_FROM_KEYCHAIN\"", e.p, "api_secret", "notebook-source", "env-interpolation")
    f.add("   ]", "  }", " ],", " \"metadata\": {},", " \"nbformat\": 4,", " \"nbformat_minor\": 5", "}")



# ---------------------------------------------------------------- extra labelled templates
def mongo_ts(c, g, path="src/db.ts"):
    f = c.f(path, "typescript")
    pw = g.password()
    f.add("import { MongoClient } from 'mongodb';", "")
    f.P(f"const uri = 'mongodb+srv://trader:{pw}@cluster0.x1y2z.mongodb.net/bots?retryWrites=true';", "mongodb", "db_password",
        "url-userinfo", pw)
    f.N("const local = process.env.MONGO_URI ?? 'mongodb://localhost:27017/bots';", "mongodb", "url", "env-fallback",
        "no-credential")
    pw2 = g.password()
    f.P(f"const amqp = 'amqps://signals:' + '{pw2}' + '@mq.acme-trading.io/vhost';", "rabbitmq", "password", "concat", pw2)
    f.add("export const client = new MongoClient(uri);")


def tv_webhook(c, g, path="tradingview/alert.json"):
    f = c.f(path, "json")
    pp = g.alnum(24)
    f.add("{")
    f.P(f"  \"passphrase\": \"{pp}\",", "tradingview", "webhook_secret", "config-key", pp)
    f.add("  \"ticker\": \"{{ticker}}\",", "  \"action\": \"{{strategy.order.action}}\",", "  \"contracts\": \"{{strategy.order.contracts}}\"")
    f.add("}")
    f2 = c.f("tradingview/README.md", "markdown")
    f2.add("# TradingView alert template", "", "Paste `alert.json` into the alert message box.")
    f2.N("The `passphrase` must match `WEBHOOK_PASSPHRASE` on the server (see `.env.example`).", "tradingview", "webhook_secret",
         "docs", "variable-name")


def openai_py(c, g, path="llm/summarize.py"):
    f = c.f(path, "python")
    oa = g.openai()
    f.add("from openai import OpenAI", "")
    f.P([f"client = OpenAI(api_key=\"{oa[:60]}\"", f"                \"{oa[60:]}\")"], "openai", "api_key", "concat",
        oa[:60], oa[60:])
    f.N("client2 = OpenAI(api_key=\"sk-...\")  # placeholder from docs", "openai", "api_key", "ctor-arg", "placeholder")
    f.add("def summarize(text):", "    return client.chat.completions.create(model='gpt-4o-mini', messages=[{'role': 'user', 'content': text}])")


def env_per_lang(c, g, path="scripts/env.fish"):
    e = exch(g, g.pick(["bybit", "bitfinex", "gate"]))
    f = c.f(path, "shell")
    f.add("# fish shell")
    f.P(f"set -gx {e.ek} {e.k}", e.p, "api_key", "env-set", e.k)
    f.P(f"set -gx {e.es} {e.s}", e.p, "api_secret", "env-set", e.s)
    f.N(f"set -gx {e.ep} (security find-generic-password -s {e.p} -w)", e.p, "passphrase", "env-set", "secret-manager-ref")


# ---------------------------------------------------------------- clean files (no labels)
def clean_py(c, g, path="strategy/indicators.py"):
    f = c.f(path, "python")
    f.add("import numpy as np", "", "", "def ema(x, n):", "    k = 2 / (n + 1)", "    out = [x[0]]", "    for v in x[1:]:",
          "        out.append(v * k + out[-1] * (1 - k))", "    return np.array(out)", "", "",
          "def atr(high, low, close, n=14):", "    tr = np.maximum(high[1:] - low[1:], np.abs(high[1:] - close[:-1]))",
          "    return ema(tr, n)", "", "", "def grid_levels(mid, step_pct=0.4, n=10):",
          "    return [mid * (1 + step_pct / 100 * i) for i in range(-n, n + 1)]")


def clean_reqs(c, g, path="requirements.txt"):
    f = c.f(path, "text")
    f.add("ccxt==4.3.11", "pandas>=2.2", "numpy>=1.26", "python-dotenv==1.0.1", "websockets==12.0", "pydantic-settings==2.3.4")


def clean_gitignore(c, g, path=".gitignore"):
    f = c.f(path, "text")
    f.add(".env", "*.pem", "*.key", "user_data/", "__pycache__/", "node_modules/", "keys/", "logs/*.log")


def clean_go(c, g, path="internal/grid/grid.go"):
    f = c.f(path, "go")
    f.add("package grid", "", "// Levels returns n price levels each side of mid.", "func Levels(mid, stepPct float64, n int) []float64 {",
          "\tout := make([]float64, 0, 2*n+1)", "\tfor i := -n; i <= n; i++ {", "\t\tout = append(out, mid*(1+stepPct/100*float64(i)))",
          "\t}", "\treturn out", "}")


def clean_ts(c, g, path="src/risk.ts"):
    f = c.f(path, "typescript")
    f.add("export function positionSize(equity: number, riskPct: number, stopDist: number): number {",
          "  if (stopDist <= 0) throw new Error('stop distance must be positive');", "  return (equity * riskPct) / 100 / stopDist;", "}")


def clean_docs(c, g, path="docs/ARCHITECTURE.md"):
    f = c.f(path, "markdown")
    f.add("# Architecture", "", "- `feed`: websocket market data, reconnects with backoff", "- `engine`: strategy tick loop (250 ms)",
          "- `router`: order placement with idempotent client order ids", "- `notifier`: Telegram / Discord fan-out", "",
          "Credentials are read from the environment only; see `.env.example`.")


def clean_yaml(c, g, path="config/strategy.yaml"):
    f = c.f(path, "yaml")
    f.add("strategy: grid", "symbol: BTC/USDT", "levels: 12", "step_pct: 0.35", "max_position: 0.25", "stop_loss_pct: 4.0",
          "take_profit_pct: 1.2")

# ======================================================================== repositories
REPOS = [
    ("grid-bot-py", [py_ccxt, py_tests_fake, readme, dotenv_example, compose]),
    ("binance-spot-trader", [py_binance_client, dockerfile, bot_log, readme]),
    ("alpaca-momentum", [py_alpaca, r_script, ipynb, powershell_run]),
    ("mev-searcher", [py_web3, hardhat, ts_ethers, gitlab_ci, pkg_lock]),
    ("tg-signal-relay", [py_telegram, readme_leak, systemd, sqlite_seed]),
    ("okx-mm-settings", [py_settings, helm_values, http_trace, vault_refs]),
    ("kraken-dca", [py_kraken, crontab, changelog]),
    ("ccxt-arb-js", [js_ccxt, ts_config, pkg_lock, npmrc]),
    ("discord-alerts", [js_discord, discord_py, prometheus_alert]),
    ("go-gridbot", [go_binance, go_struct, cmc_go, dockerfile]),
    ("rust-hft", [rust_bot, rust_toml, makefile]),
    ("spring-spot", [java_spot, maven_settings]),
    ("kotlin-perp", [kotlin_bot, phemex_kotlin, k8s_secret]),
    ("dotnet-trader", [csharp_bot, appsettings, app_config_xml, bingx_cs]),
    ("php-kucoin", [php_bot, laravel_env, bithumb_php]),
    ("ruby-rebalancer", [ruby_bot, twilio_alerts, sql_dump]),
    ("elixir-arb", [elixir_cfg, compose, sops_file]),
    ("cpp-mm-engine", [c_bot, cpp_bot, terraform]),
    ("ios-ticker", [swift_bot, mexc_swift, readme]),
    ("flutter-portfolio", [dart_bot, htx_dart, dotenv_example]),
    ("scala-arb", [scala_bot, gh_actions]),
    ("quant-r", [r_script, jupyter_env, csv_trades]),
    ("julia-research", [julia_bot, ipynb, readme]),
    ("openresty-relay", [lua_bot, twelvedata_lua, grafana_ini]),
    ("perl-legacy", [perl_bot, crontab, bot_log]),
    ("freqtrade-user", [freqtrade_cfg, freqtrade_example, dockerfile, bot_log]),
    ("hummingbot-deploy", [hummingbot, ansible_vault, readme]),
    ("octobot-profile", [octobot, compose]),
    ("infra-bots", [terraform, k8s_secret, vault_refs, gh_actions]),
    ("bot-configs", [ini_cfg, dotenv, docker_auth]),
    ("dydx-wallets", [py_mnemonic, wallet_backup, keystore]),
    ("sol-sniper", [sol_keyfile, sol_log, readme]),
    ("binance-ed25519", [pem_files, ssh_pub]),
    ("coinbase-adv", [cdp_key, gcp_sa]),
    ("foundry-arb", [makefile, bytecode, etherscan_ts, hardhat]),
    ("kite-algo", [zerodha, oanda, csv_accounts]),
    ("schwab-options", [schwab, threecommas, har]),
    ("polymarket-bot", [polymarket, hyperliquid, py_tests_fake]),
    ("gemini-vol", [gemini_js, deribit_ws, curl_doc]),
    ("upbit-kimchi", [upbit_jwt, ini_cfg, changelog]),
    ("bitvavo-dca", [bitvavo_node, appsettings, crontab]),
    ("bitmex-tools", [bitmex_sh, shell_run, cpp_bot]),
    ("llm-trader", [sendgrid_hf, dotenv, jupyter_env]),
    ("mm-dashboard", [ts_config, har, grafana_ini, prometheus_alert]),
    ("signal-ops", [systemd, shell_run, docker_auth, csv_accounts]),
    ("db-exports", [sql_dump, csv_trades, sqlite_seed]),
    ("lab-notebooks", [ipynb, jupyter_env, curl_doc]),
    ("multi-ex-go", [go_struct, upbit_jwt, compose]),
    ("legacy-configs", [app_config_xml, java_props, freqtrade_example, npmrc]),
    ("defi-keeper", [ts_ethers, keystore, hyperliquid, sops_file]),
]


EXTRA = {
    "ccxt-arb-js": [mongo_ts, clean_ts], "tg-signal-relay": [tv_webhook], "llm-trader": [openai_py, clean_reqs],
    "mm-dashboard": [mongo_ts], "signal-ops": [env_per_lang, tv_webhook], "bot-configs": [env_per_lang],
    "go-gridbot": [clean_go], "multi-ex-go": [clean_go], "lab-notebooks": [openai_py],
}
CLEAN_ROTATION = [[clean_reqs, clean_gitignore], [clean_py, clean_docs], [clean_yaml, clean_gitignore], [clean_docs],
                  [clean_py], [clean_gitignore, clean_yaml]]


def build(seed, outdir):
    X.selftest()
    c = Corpus(seed, outdir)
    for i, (name, templates) in enumerate(REPOS):
        templates = list(templates) + EXTRA.get(name, [])
        templates += [t for t in CLEAN_ROTATION[i % len(CLEAN_ROTATION)] if t not in templates]
        c.new_repo(name)
        used = {}
        for t in templates:
            n = used.get(t.__name__, 0)
            used[t.__name__] = n + 1
            if n:
                # the same template twice in a repo -> second copy under another dir
                import inspect
                default = inspect.signature(t).parameters["path"].default
                t(c, c.g, path=f"alt{n}/{default}")
            else:
                t(c, c.g)
    return c.write()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=20261207)
    a = ap.parse_args()
    labels = build(a.seed, a.outdir)
    pos = sum(1 for r in labels if r["label"] == "positive")
    print(f"repos={len(REPOS)} labels={len(labels)} positive={pos} negative={len(labels) - pos}")


if __name__ == "__main__":
    main()
