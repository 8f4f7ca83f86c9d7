"""Python-centred repositories and framework configs."""
import base64
import json


def py_filler(r, n):
    """procedural but plausible indicator / helper functions"""
    out = []
    names = ["ema", "sma", "rsi", "atr", "vwap", "bollinger", "macd", "stoch", "obv", "adx", "kama", "donchian", "keltner", "zscore"]
    for i in range(n):
        nm = names[i % len(names)] + ("_%d" % i if i >= len(names) else "")
        p = r.randint(5, 50)
        out.append(f'''

def {nm}(series, period={p}):
    """Compute {nm.upper()} over ``period`` bars (returns a list, NaN-padded)."""
    if len(series) < period:
        return [float("nan")] * len(series)
    out = [float("nan")] * (period - 1)
    window = list(series[:period])
    acc = sum(window) / period
    out.append(acc)
    for x in series[period:]:
        window.pop(0)
        window.append(x)
        acc = acc + (x - window[0]) / period * {r.randint(1, 3)}
        out.append(round(acc, 8))
    return out''')
    return "\n".join(out)


def r_grid_bot(c, repo):
    v = c.v
    f = c.file(repo, "bot/strategy.py", "python")
    k = f.pos("binance", "api_key", v.binance(), "py module constant")
    s = f.pos("binance", "api_secret", v.binance(), "py module constant")
    oid = f.neg("binance", "order_id", v.uuid(), "clientOrderId uuid literal", "uuid_id")
    txh = f.neg("evm", "tx_hash", v.evm_key(), "tx hash in comment", "hash")
    ph = f.neg("binance", "api_key", "os.getenv(\"BINANCE_TESTNET_KEY\")", "env lookup no default", "env_ref")
    filler1 = py_filler(c.rng, 9)
    filler2 = py_filler(c.rng, 8)
    f.text = f'''"""Grid strategy for BTCUSDT on Binance spot.

Run with ``python -m bot.strategy --symbol BTCUSDT --levels 12``.
"""
from __future__ import annotations

import argparse
import logging
import math
import os
import time
from dataclasses import dataclass, field
from decimal import Decimal

from binance.client import Client
from binance.exceptions import BinanceAPIException

log = logging.getLogger("grid")

# TODO(mk): move to env before pushing!!
API_KEY = "{k}"
API_SECRET = "{s}"

TESTNET_KEY = {ph}
LAST_GOOD_ORDER = "{oid}"  # kept for reconciliation after the 2024-03 outage
# funding tx for the hot wallet: {txh}


@dataclass
class GridLevel:
    price: Decimal
    qty: Decimal
    side: str
    order_id: int | None = None
    filled: bool = False


@dataclass
class GridState:
    symbol: str
    lower: Decimal
    upper: Decimal
    levels: list[GridLevel] = field(default_factory=list)
    realised_pnl: Decimal = Decimal("0")
{filler1}


def build_levels(lower, upper, n, qty):
    step = (upper - lower) / (n - 1)
    levels = []
    for i in range(n):
        p = lower + step * i
        levels.append(GridLevel(price=Decimal(str(round(p, 2))), qty=qty, side="BUY" if i < n // 2 else "SELL"))
    return levels


class GridBot:
    def __init__(self, symbol: str, levels: int, qty: float, testnet: bool = False):
        self.client = Client(API_KEY, API_SECRET, testnet=testnet)
        self.symbol = symbol
        self.n = levels
        self.qty = Decimal(str(qty))
        self.state: GridState | None = None

    def bootstrap(self):
        px = float(self.client.get_symbol_ticker(symbol=self.symbol)["price"])
        lower, upper = Decimal(str(px * 0.94)), Decimal(str(px * 1.06))
        self.state = GridState(self.symbol, lower, upper, build_levels(lower, upper, self.n, self.qty))
        log.info("grid %s %s..%s with %d levels", self.symbol, lower, upper, self.n)

    def place_all(self):
        for lvl in self.state.levels:
            try:
                o = self.client.create_order(symbol=self.symbol, side=lvl.side, type="LIMIT",
                                             timeInForce="GTC", quantity=str(lvl.qty), price=str(lvl.price))
                lvl.order_id = o["orderId"]
            except BinanceAPIException as exc:
                log.warning("place failed at %s: %s", lvl.price, exc)

    def poll(self):
        for lvl in self.state.levels:
            if lvl.order_id is None or lvl.filled:
                continue
            o = self.client.get_order(symbol=self.symbol, orderId=lvl.order_id)
            if o["status"] == "FILLED":
                lvl.filled = True
                self.state.realised_pnl += (lvl.price * lvl.qty) * Decimal("0.001")
                log.info("filled %s @ %s", lvl.side, lvl.price)
{filler2}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--symbol", default="BTCUSDT")
    ap.add_argument("--levels", type=int, default=12)
    ap.add_argument("--qty", type=float, default=0.001)
    ap.add_argument("--testnet", action="store_true")
    a = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    bot = GridBot(a.symbol, a.levels, a.qty, a.testnet)
    bot.bootstrap()
    bot.place_all()
    while True:
        bot.poll()
        time.sleep(5)


if __name__ == "__main__":
    main()
'''
    f = c.file(repo, "config.example.py", "python")
    p1 = f.neg("binance", "api_key", "<paste-your-binance-api-key>", "angle placeholder", "placeholder")
    p2 = f.neg("binance", "api_secret", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "x-run placeholder 64", "placeholder")
    f.text = f'''# Copy to config.py and fill in. NEVER commit config.py
BINANCE_API_KEY = "{p1}"
BINANCE_API_SECRET = "{p2}"
SYMBOLS = ["BTCUSDT", "ETHUSDT"]
'''
    f = c.file(repo, ".env", "dotenv")
    bk = f.pos("bybit", "api_key", v.bybit_key(), "dotenv")
    bs = f.pos("bybit", "api_secret", v.bybit_secret(), "dotenv quoted")
    tg = f.pos("telegram", "token", v.telegram(), "dotenv")
    f.text = f'''# local dev
BYBIT_API_KEY={bk}
BYBIT_API_SECRET="{bs}"
BYBIT_TESTNET=false
TELEGRAM_BOT_TOKEN={tg}
TELEGRAM_CHAT_ID=-1001844412345
LOG_LEVEL=debug
'''
    f = c.file(repo, "README.md", "markdown")
    dk = f.neg("binance", "api_key", "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A", "Binance docs example key", "docs_sample")
    ds = f.neg("binance", "api_secret", "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j", "Binance docs example secret", "docs_sample")
    f.text = f'''# grid-bot

A tiny Binance grid bot.

## Signing example (from the Binance docs)

| Key | Value |
|-----|-------|
| apiKey | {dk} |
| secretKey | {ds} |

```
echo -n "symbol=LTCBTC&side=BUY&type=LIMIT" | openssl dgst -sha256 -hmac "$SECRET"
```
'''


def r_freqtrade(c, repo):
    v = c.v
    f = c.file(repo, "user_data/config.json", "json")
    k = f.pos("okx", "api_key", v.uuid(), "freqtrade exchange.key")
    s = f.pos("okx", "api_secret", v.okx_secret(), "freqtrade exchange.secret")
    pw = f.pos("okx", "passphrase", v.passphrase(), "freqtrade exchange.password")
    tg = f.pos("telegram", "token", v.telegram(), "freqtrade telegram.token")
    jw = f.pos("freqtrade", "jwt_secret", v.hexl(48), "api_server.jwt_secret_key")
    ws = f.pos("freqtrade", "token", v.mixed("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", 32), "api_server.ws_token")
    apw = f.pos("freqtrade", "password", v.password(), "api_server.password")
    dw = f.pos("discord", "webhook", v.discord_webhook(), "freqtrade discord.webhook_url")
    f.text = f'''{{
    // live since 2024-11
    "max_open_trades": 5,
    "stake_currency": "USDT",
    "stake_amount": "unlimited",
    "tradable_balance_ratio": 0.99,
    "dry_run": false,
    "timeframe": "5m",
    "exchange": {{
        "name": "okx",
        "key": "{k}",
        "secret": "{s}",
        "password": "{pw}",
        "ccxt_config": {{}},
        "ccxt_async_config": {{}},
        "pair_whitelist": ["BTC/USDT:USDT", "ETH/USDT:USDT", "SOL/USDT:USDT"],
        "pair_blacklist": ["BNB/.*"]
    }},
    "pairlists": [{{"method": "StaticPairList"}}],
    "telegram": {{
        "enabled": true,
        "token": "{tg}",
        "chat_id": "284711234"
    }},
    "discord": {{
        "enabled": true,
        "webhook_url": "{dw}"
    }},
    "api_server": {{
        "enabled": true,
        "listen_ip_address": "0.0.0.0",
        "listen_port": 8080,
        "verbosity": "error",
        "enable_openapi": false,
        "jwt_secret_key": "{jw}",
        "ws_token": "{ws}",
        "CORS_origins": [],
        "username": "freqtrader",
        "password": "{apw}"
    }},
    "bot_name": "okx-futures",
    "initial_state": "running",
    "internals": {{"process_throttle_secs": 5}}
}}
'''
    f = c.file(repo, "user_data/config.example.json", "json")
    a = f.neg("freqtrade", "api_key", "your_exchange_key", "freqtrade placeholder", "placeholder")
    b = f.neg("freqtrade", "api_secret", "your_exchange_secret", "freqtrade placeholder", "placeholder")
    t = f.neg("telegram", "token", "your_telegram_token", "freqtrade placeholder", "placeholder")
    j = f.neg("freqtrade", "jwt_secret", "somethingrandom", "freqtrade placeholder", "placeholder")
    f.text = f'''{{
    "exchange": {{
        "name": "binance",
        "key": "{a}",
        "secret": "{b}"
    }},
    "telegram": {{"enabled": false, "token": "{t}", "chat_id": "your_telegram_chat_id"}},
    "api_server": {{"jwt_secret_key": "{j}", "password": ""}}
}}
'''
    f = c.file(repo, "docker-compose.yml", "yaml")
    ek = f.pos("binance", "api_key", v.binance(), "freqtrade env override FREQTRADE__EXCHANGE__KEY")
    es = f.neg("binance", "api_secret", "${FT_BINANCE_SECRET:?missing}", "compose var ref", "env_ref")
    dig = f.neg("docker", "digest", "sha256:" + v.hexl(64), "image digest", "hash")
    f.text = f'''---
services:
  freqtrade:
    image: freqtradeorg/freqtrade@{dig}
    restart: unless-stopped
    container_name: freqtrade
    volumes:
      - "./user_data:/freqtrade/user_data"
    ports:
      - "127.0.0.1:8080:8080"
    environment:
      FREQTRADE__EXCHANGE__KEY: "{ek}"
      FREQTRADE__EXCHANGE__SECRET: "{es}"
    command: >
      trade
      --logfile /freqtrade/user_data/logs/freqtrade.log
      --db-url sqlite:////freqtrade/user_data/tradesv3.sqlite
      --config /freqtrade/user_data/config.json
      --strategy SampleStrategy
'''


def _nb_cell(kind, src, outputs=None, n=None):
    cell = {"cell_type": kind, "metadata": {}, "source": [l + "\n" for l in src.split("\n")]}
    cell["source"][-1] = cell["source"][-1].rstrip("\n")
    if kind == "code":
        cell["execution_count"] = n
        cell["outputs"] = outputs or []
    return cell


def r_notebook(c, repo):
    v = c.v
    f = c.file(repo, "notebooks/kraken_backtest.ipynb", "jupyter")
    kk = f.pos("kraken", "api_key", v.kraken_key(), "notebook source cell literal")
    ks = f.pos("kraken", "api_secret", v.kraken_secret(), "notebook printed config output")
    hdr = f.pos("kraken", "api_key", v.kraken_key(), "traceback echoing API-Key header")
    mask = f.neg("kraken", "api_key", "Gq7P" + "*" * 48 + "x2Lc", "masked key printed", "masked")
    png = f.neg("asset", "image", base64.b64encode(b"\x89PNG\r\n\x1a\n" + v.raw(600)).decode(), "base64 png output", "base64_blob")
    rid = f.neg("kraken", "txid", "O" + v.mixed("ABCDEFGHJKLMNPQRSTUVWXYZ234567", 5) + "-" + v.mixed("ABCDEFGHJKLMNPQRSTUVWXYZ234567", 5) + "-" + v.mixed("ABCDEFGHJKLMNPQRSTUVWXYZ234567", 6), "kraken order txid", "uuid_id")
    ph = f.neg("polygon", "api_key", "os.environ['POLYGON_KEY']", "env lookup in notebook", "env_ref")
    cells = [
        _nb_cell("markdown", "# Kraken backtest + live check\n\nQuick notebook to compare backtest fills with the live account."),
        _nb_cell("code", "import krakenex, pandas as pd, numpy as np\nimport matplotlib.pyplot as plt\n%matplotlib inline", [], 1),
        _nb_cell("code", f"api = krakenex.API()\napi.key = '{kk}'\napi.secret = CONFIG['secret']\npoly = {ph}", [], 2),
        _nb_cell("code", "print(CONFIG)", [{"name": "stdout", "output_type": "stream", "text": [
            "{'exchange': 'kraken', 'secret': '" + ks + "', 'pairs': ['XXBTZUSD', 'XETHZUSD'], 'fee': 0.0026}\n"]}], 3),
        _nb_cell("code", "bal = api.query_private('Balance')\nbal", [{"output_type": "execute_result", "execution_count": 4, "metadata": {},
            "data": {"text/plain": ["{'error': [], 'result': {'ZUSD': '10432.5521', 'XXBT': '0.2500000000', 'XETH': '3.1000000000'}}"]}}], 4),
        _nb_cell("code", "print('using key', mask_key(api.key))", [{"name": "stdout", "output_type": "stream", "text": ["using key " + mask + "\n"]}], 5),
        _nb_cell("code", "r = requests.post(URL, headers=h, data=payload)\nr.raise_for_status()", [{"output_type": "error", "ename": "HTTPError", "evalue": "403 Client Error",
            "traceback": ["\u001b[0;31m---------------------------------------------------------------------------\u001b[0m",
                          "\u001b[0;31mHTTPError\u001b[0m                                 Traceback (most recent call last)",
                          "Cell \u001b[0;32mIn[6], line 2\u001b[0m\n\u001b[1;32m      1\u001b[0m r = requests.post(URL, headers=h, data=payload)\n\u001b[0;32m----> 2\u001b[0m r.raise_for_status()",
                          "HTTPError: 403 Client Error: Forbidden for url: https://api.kraken.com/0/private/AddOrder",
                          "request headers: {'User-Agent': 'python-requests/2.31.0', 'API-Key': '" + hdr + "', 'API-Sign': '<redacted>'}"]}], 6),
        _nb_cell("code", "last = api.query_private('ClosedOrders')['result']['closed']\nlist(last)[:1]", [{"output_type": "execute_result", "execution_count": 7, "metadata": {},
            "data": {"text/plain": ["['" + rid + "']"]}}], 7),
        _nb_cell("code", "equity.plot(figsize=(12, 4))", [{"output_type": "display_data", "metadata": {}, "data": {"image/png": png, "text/plain": ["<Figure size 1200x400 with 1 Axes>"]}}], 8),
    ]
    for i in range(14):
        cells.append(_nb_cell("code", f"df_{i} = df.resample('{c.rng.choice(['1h','4h','1D'])}').agg({{'close': 'last', 'volume': 'sum'}})\ndf_{i}.tail(3)",
                              [{"output_type": "execute_result", "execution_count": 9 + i, "metadata": {}, "data": {"text/plain": [
                                  "                       close      volume\n", "2024-05-01 00:00:00  %.1f  %.3f\n" % (60000 + c.rng.random() * 5000, c.rng.random() * 900),
                                  "2024-05-01 01:00:00  %.1f  %.3f" % (60000 + c.rng.random() * 5000, c.rng.random() * 900)]}}], 9 + i))
    nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                                       "language_info": {"name": "python", "version": "3.11.6"}}, "nbformat": 4, "nbformat_minor": 5}
    f.text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def r_hummingbot(c, repo):
    v = c.v
    f = c.file(repo, "conf/connectors/kucoin.yml", "yaml")
    k = f.pos("kucoin", "api_key", v.kucoin_key(), "hummingbot plaintext connector field")
    s = f.pos("kucoin", "api_secret", v.uuid(), "hummingbot plaintext connector field")
    p = f.pos("kucoin", "passphrase", v.passphrase(), "hummingbot plaintext connector field")
    f.text = f'''#####################################
###   kucoin config   ###
#####################################

connector: kucoin
kucoin_api_key: {k}
kucoin_secret_key: {s}
kucoin_passphrase: {p}
'''
    f = c.file(repo, "conf/connectors/gate_io.yml", "yaml")
    k = f.pos("gate", "api_key", v.gate_key(), "hummingbot plaintext connector field")
    s = f.pos("gate", "api_secret", v.gate_secret(), "hummingbot plaintext connector field")
    f.text = f'''connector: gate_io
gate_io_api_key: {k}
gate_io_secret_key: '{s}'
'''
    f = c.file(repo, "conf/conf_client.yml", "yaml")
    inst = f.neg("hummingbot", "instance_id", v.hexl(40), "instance_id sha1-like", "hash")
    f.text = f'''####################################
###   client_config_map config   ###
####################################

instance_id: {inst}
log_level: INFO
kill_switch_mode: {{}}
autofill_import: disabled
telegram_mode: {{}}
mqtt_bridge:
  mqtt_host: localhost
  mqtt_port: 1883
  mqtt_username: ''
  mqtt_password: ''
'''


def r_octobot(c, repo):
    v = c.v
    f = c.file(repo, "user/config.json", "json")
    a = f.pos("octobot", "api_key", v.fernet(), "OctoBot Fernet-encrypted api-key (reversible)")
    b = f.pos("octobot", "api_secret", v.fernet(), "OctoBot Fernet-encrypted api-secret (reversible)")
    c2 = f.neg("octobot", "api_key", "your-api-key-here", "OctoBot DEFAULT_API_KEY placeholder", "placeholder")
    d = f.neg("octobot", "api_secret", "your-api-secret-here", "OctoBot placeholder", "placeholder")
    f.text = f'''{{
  "exchanges": {{
    "binance": {{
      "api-key": "{a}",
      "api-secret": "{b}",
      "api-password": "",
      "enabled": true,
      "exchange-type": "spot"
    }},
    "kucoin": {{
      "api-key": "{c2}",
      "api-secret": "{d}",
      "enabled": false
    }}
  }},
  "services": {{}},
  "notification": {{"global-info": true, "price-alerts": true, "trades": true}},
  "profile": "default"
}}
'''


def r_hyperliquid(c, repo):
    v = c.v
    f = c.file(repo, "examples/config.json", "json")
    sk = f.pos("hyperliquid", "private_key", v.evm_key(), "hyperliquid sdk config secret_key")
    ad = f.neg("hyperliquid", "address", v.evm_addr(), "account_address (public)", "public_key")
    f.text = f'''{{
    "comments": "secret_key is the API wallet private key; account_address is the main wallet",
    "secret_key": "{sk}",
    "account_address": "{ad}",
    "multi_sig": {{"authorized_users": []}}
}}
'''
    f = c.file(repo, "hl_bot/client.py", "python")
    ak = f.pos("hyperliquid", "private_key", v.evm_key(), "Account.from_key literal")
    hh = f.neg("evm", "private_key", "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", "Hardhat/Anvil default account #0", "hardhat_default")
    vault = f.neg("hyperliquid", "address", v.evm_addr(), "vault address (public)", "public_key")
    f.text = f'''import eth_account
from eth_account.signers.local import LocalAccount
from hyperliquid.exchange import Exchange
from hyperliquid.info import Info
from hyperliquid.utils import constants

LOCAL_ANVIL_KEY = "{hh}"  # only used against anvil --fork-url
VAULT = "{vault}"


def setup(testnet: bool = False):
    wallet: LocalAccount = eth_account.Account.from_key("{ak}")
    base = constants.TESTNET_API_URL if testnet else constants.MAINNET_API_URL
    info = Info(base, skip_ws=True)
    ex = Exchange(wallet, base, vault_address=VAULT)
    return wallet.address, info, ex
'''


def r_alpaca_ide(c, repo):
    v = c.v
    f = c.file(repo, ".vscode/launch.json", "json")
    k = f.pos("alpaca", "api_key", v.alpaca_key(live=True), "vscode launch env")
    s = f.pos("alpaca", "api_secret", v.alpaca_secret(), "vscode launch env")
    pk = f.neg("alpaca", "api_key", "${env:APCA_API_KEY_ID}", "vscode env ref", "env_ref")
    f.text = f'''{{
    // Use IntelliSense to learn about possible attributes.
    "version": "0.2.0",
    "configurations": [
        {{
            "name": "momentum (live)",
            "type": "debugpy",
            "request": "launch",
            "module": "momentum.run",
            "env": {{
                "APCA_API_KEY_ID": "{k}",
                "APCA_API_SECRET_KEY": "{s}",
                "APCA_API_BASE_URL": "https://api.alpaca.markets"
            }}
        }},
        {{
            "name": "momentum (paper)",
            "type": "debugpy",
            "request": "launch",
            "module": "momentum.run",
            "env": {{"APCA_API_KEY_ID": "{pk}"}}
        }}
    ]
}}
'''
    f = c.file(repo, ".idea/runConfigurations/paper_trader.xml", "xml")
    k = f.pos("alpaca", "api_key", v.alpaca_key(), "IntelliJ run config envs")
    s = f.pos("alpaca", "api_secret", v.alpaca_secret(), "IntelliJ run config envs")
    f.text = f'''<component name="ProjectRunConfigurationManager">
  <configuration default="false" name="paper_trader" type="PythonConfigurationType" factoryName="Python">
    <module name="momentum" />
    <option name="INTERPRETER_OPTIONS" value="" />
    <option name="PARENT_ENVS" value="true" />
    <envs>
      <env name="PYTHONUNBUFFERED" value="1" />
      <env name="APCA_API_KEY_ID" value="{k}" />
      <env name="APCA_API_SECRET_KEY" value="{s}" />
    </envs>
    <option name="SCRIPT_NAME" value="$PROJECT_DIR$/momentum/run.py" />
  </configuration>
</component>
'''
    f = c.file(repo, "momentum/run.py", "python")
    t = f.neg("alpaca", "api_key", "os.environ[\"APCA_API_KEY_ID\"]", "env lookup no default", "env_ref")
    u = f.neg("alpaca", "api_secret", "os.environ[\"APCA_API_SECRET_KEY\"]", "env lookup no default", "env_ref")
    oid = f.neg("alpaca", "order_id", v.uuid(), "order id in comment", "uuid_id")
    f.text = f'''import os
from alpaca.trading.client import TradingClient
from alpaca.trading.requests import MarketOrderRequest
from alpaca.trading.enums import OrderSide, TimeInForce

client = TradingClient({t}, {u}, paper=True)
# first fill on 2024-02-01: order {oid}


def buy(sym, qty):
    return client.submit_order(MarketOrderRequest(symbol=sym, qty=qty, side=OrderSide.BUY, time_in_force=TimeInForce.DAY))
'''


def r_data_exports(c, repo):
    v = c.v
    f = c.file(repo, "exports/accounts.sql", "sql")
    k1 = f.pos("bitget", "api_key", v.bitget_key(), "SQL INSERT value")
    s1 = f.pos("bitget", "api_secret", v.hexl(64), "SQL INSERT value")
    p1 = f.pos("bitget", "passphrase", v.passphrase(), "SQL INSERT value")
    k2 = f.pos("mexc", "api_key", v.mexc_key(), "SQL INSERT value")
    s2 = f.pos("mexc", "api_secret", v.hexl(32), "SQL INSERT value")
    sha = f.neg("app", "password_hash", "$2b$12$" + v.mixed("./" + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 53), "bcrypt hash", "hash")
    f.text = f'''-- SQLite dump of bot.db (sqlite3 bot.db .dump)
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, pw_hash TEXT);
INSERT INTO users VALUES(1,'ops@example.org','{sha}');
CREATE TABLE exchange_accounts (id INTEGER PRIMARY KEY, exchange TEXT, api_key TEXT, api_secret TEXT, passphrase TEXT, created_at TEXT);
INSERT INTO exchange_accounts VALUES(1,'bitget','{k1}','{s1}','{p1}','2024-06-02 11:20:14');
INSERT INTO exchange_accounts VALUES(2,'mexc','{k2}','{s2}',NULL,'2024-06-09 08:01:55');
COMMIT;
'''
    f = c.file(repo, "exports/keys_backup.csv", "csv")
    rows = []
    for ex in ("gemini", "bitstamp", "bitmex"):
        if ex == "gemini":
            a, b = v.gemini_key(), v.gemini_secret()
        elif ex == "bitstamp":
            a, b = v.bitstamp(), v.bitstamp()
        else:
            a, b = v.bitmex_key(), v.bitmex_secret()
        a = f.pos(ex, "api_key", a, "CSV column")
        b = f.pos(ex, "api_secret", b, "CSV column (same row as key)")
        rows.append(f"{ex},{a},{b},2024-0{c.rng.randint(1,9)}-1{c.rng.randint(0,9)},true")
    trace = f.neg("bitmex", "request_id", v.uuid(), "trace id column", "uuid_id")
    rows.append(f"deribit,,,,false  # disabled, last trace {trace}")
    f.text = "exchange,api_key,api_secret,created,enabled\n" + "\n".join(rows) + "\n"
    f = c.file(repo, "exports/bot_state.json", "json")
    dk = f.pos("deribit", "client_id", v.deribit_id(), "jsonpickle state")
    ds = f.pos("deribit", "client_secret", v.deribit_secret(), "jsonpickle state")
    f.text = json.dumps({"py/object": "bot.config.BotConfig", "exchange": "deribit",
                         "credentials": {"py/object": "bot.config.Credentials", "client_id": dk, "client_secret": ds},
                         "risk": {"py/object": "bot.risk.Limits", "max_position": 25, "max_leverage": 10.0},
                         "created": {"py/object": "datetime.datetime", "__reduce__": [{"py/type": "datetime.datetime"}, ["B+gFFA4sEQAAAA=="]]}}, indent=2) + "\n"
