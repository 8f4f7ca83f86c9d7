"""Repos 01-17: Python / JS / TS / Go / Rust / JVM / .NET / PHP / Ruby / Elixir."""
import creds as C
from common import exset, envname, ccxt_id, ph, gitignore, gha, readme, csv_trades, compose_header

PY_HEAD = '''import asyncio
import logging
import os
from dataclasses import dataclass, field

import ccxt.async_support as ccxt
import pandas as pd
from tenacity import retry, stop_after_attempt, wait_exponential

logger = logging.getLogger(__name__)
MAX_SPREAD = 0.004
LOT_SIZE = 0.001


class RiskLimitExceeded(RuntimeError):
    pass
'''


def r_binance_grid(ctx):
    rng = ctx.rng
    k, s, _ = exset(ctx, "binance", share="main")
    tg = ctx.s("telegram", "bot_token", share="tg")
    pgpw = ctx.s("postgres", "password", share="pg")
    f = ctx.f("bot/config.py", "python")
    f.add(PY_HEAD)
    f.neg('API_KEY = os.environ["BINANCE_API_KEY"]', 'os.environ["BINANCE_API_KEY"]', "binance", "api_key", "assignment", "env_read")
    f.pos(f'API_SECRET = os.environ.get("BINANCE_API_SECRET", "{s.v}")', s, form="default_fallback")
    f.neg('TESTNET = os.getenv("BINANCE_TESTNET", "false").lower() == "true"', "BINANCE_TESTNET", "binance", "config", "assignment", "env_read")
    f.add('DB_URL = os.getenv("DATABASE_URL")')
    f.pos(f'DB_FALLBACK = "postgresql+asyncpg://grid:{pgpw.v}@localhost:5432/grid"', pgpw, form="url_credential")
    f.fill(40, "python")
    f.add("\n\ndef make_exchange(api_key: str = API_KEY, secret: str = API_SECRET) -> ccxt.binance:")
    f.neg('    """Create the ccxt client. `api_key` and `secret` come from the environment, never from code."""',
          "`api_key` and `secret`", "binance", "api_key", "docstring", "docstring")
    f.add("    return ccxt.binance({\n        'apiKey': api_key,\n        'secret': secret,\n        'enableRateLimit': True,\n"
          "        'options': {'defaultType': 'spot', 'adjustForTimeDifference': True},\n    })")
    f.fill(60, "python")

    f = ctx.f("bot/notify.py", "python")
    f.add("import logging\n\nimport httpx\n\nlogger = logging.getLogger(__name__)\n")
    f.pos(f'TELEGRAM_TOKEN = "{tg.v}"  # TODO move to env', tg, form="assignment")
    f.add('CHAT_ID = -1001234567890\nAPI = f"https://api.telegram.org/bot{TELEGRAM_TOKEN}/sendMessage"\n')
    f.add("\nasync def send(text: str) -> None:\n    async with httpx.AsyncClient(timeout=10) as c:\n"
          "        r = await c.post(API, json={\"chat_id\": CHAT_ID, \"text\": text, \"parse_mode\": \"HTML\"})")
    f.neg('        logger.debug("telegram token=%s... status=%s", TELEGRAM_TOKEN[:6], r.status_code)', "TELEGRAM_TOKEN[:6]",
          "telegram", "bot_token", "log_call", "log_message")
    f.fill(50, "python")

    f = ctx.f(".env", "dotenv")
    f.add("# local secrets - do not commit\nBOT_MODE=live\nLOG_LEVEL=INFO")
    f.pos(f"BINANCE_API_KEY={k.v}", k, form="env_file")
    f.pos(f"BINANCE_API_SECRET={s.v}", s, form="env_file")
    f.pos(f"TELEGRAM_BOT_TOKEN={tg.v}", tg, form="env_file")
    f.neg("TELEGRAM_CHAT_ID=-1001234567890", "-1001234567890", "telegram", "chat_id", "env_file", "public_id")
    f.pos(f"POSTGRES_PASSWORD={pgpw.v}", pgpw, form="env_file")
    f.add("POSTGRES_DB=grid\nPOSTGRES_USER=grid\nGRID_LEVELS=12\nGRID_STEP_PCT=0.35\nMAX_POSITION_BTC=0.25")

    f = ctx.f(".env.example", "dotenv")
    f.add("# copy to .env and fill in\nBOT_MODE=paper\nLOG_LEVEL=INFO")
    for name, cred in [("BINANCE_API_KEY", "api_key"), ("BINANCE_API_SECRET", "api_secret")]:
        p = ph(ctx)
        f.neg(f"{name}={p}", p, "binance", cred, "env_file", "placeholder")
    f.neg("TELEGRAM_BOT_TOKEN=123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11", "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11",
          "telegram", "bot_token", "env_file", "docs_example_key")
    f.add("TELEGRAM_CHAT_ID=\nPOSTGRES_PASSWORD=\nGRID_LEVELS=12")

    f = ctx.f("docker-compose.yml", "yaml")
    compose_header(f, "grid", "ghcr.io/example/grid-bot:1.8.2")
    f.add("    env_file: .env\n    environment:")
    f.neg("      - BINANCE_API_KEY=${BINANCE_API_KEY}", "${BINANCE_API_KEY}", "binance", "api_key", "env_list", "env_interpolation")
    f.neg("      - BINANCE_API_SECRET=${BINANCE_API_SECRET:?set it}", "${BINANCE_API_SECRET:?set it}", "binance", "api_secret",
          "env_list", "env_interpolation")
    f.add("      - DATABASE_URL=postgresql+asyncpg://grid:${POSTGRES_PASSWORD}@db:5432/grid\n    depends_on: [db]\n"
          "  db:\n    image: postgres:16-alpine\n    environment:\n      POSTGRES_USER: grid\n      POSTGRES_DB: grid")
    f.pos(f"      POSTGRES_PASSWORD: {pgpw.v}", pgpw, form="env_map")
    f.add("    volumes:\n      - pgdata:/var/lib/postgresql/data\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U grid\"]\n"
          "      interval: 10s\n      retries: 5\nvolumes:\n  pgdata: {}")

    gha(ctx, ".github/workflows/ci.yml", ["pip install -r requirements.txt", "pytest -q --cov=bot"],
        [("BINANCE_TESTNET_KEY", "binance", "api_key"), ("BINANCE_TESTNET_SECRET", "binance", "api_secret")])

    f = ctx.f("tests/test_grid.py", "python")
    fk = C.rs(rng, C.ALNUM, 64)
    tk = ctx.s("binance", "api_key")
    f.add("import pytest\n\nfrom bot.config import make_exchange\nfrom bot.grid import GridStrategy\n")
    f.neg(f'FAKE_KEY = "{fk}"  # fake, not a real key', fk, "binance", "api_key", "assignment", "fake_test_key")
    f.add('FAKE_SECRET = "test-secret"\n')
    f.add("\n@pytest.fixture\ndef exchange():\n    return make_exchange(FAKE_KEY, FAKE_SECRET)\n")
    f.add("\n\ndef test_testnet_roundtrip(monkeypatch):")
    f.pos(f'    monkeypatch.setenv("BINANCE_API_KEY", "{tk.v}")', tk, form="constructor_arg")
    f.add("    ex = make_exchange()\n    ex.set_sandbox_mode(True)\n    assert ex.apiKey")
    f.fill(70, "python")

    f = readme(ctx, "README.md", "binance-grid-bot", "A small spot grid bot for Binance built on ccxt.", 2)
    f.add("\n## Configuration\n\nCreate `.env`:\n\n```bash")
    f.neg("BINANCE_API_KEY=<API_KEY>", "<API_KEY>", "binance", "api_key", "docs_code_block", "placeholder")
    f.neg("BINANCE_API_SECRET=<API_SECRET>", "<API_SECRET>", "binance", "api_secret", "docs_code_block", "placeholder")
    f.add("```\n\nThe Binance docs use this key in their signing example; it is public:\n\n```")
    f.neg(f"apiKey={C.DOCS['binance_doc_key']}", C.DOCS["binance_doc_key"], "binance", "api_key", "docs_code_block", "docs_example_key")
    f.neg(f"secretKey={C.DOCS['binance_doc_secret']}", C.DOCS["binance_doc_secret"], "binance", "api_secret", "docs_code_block",
          "docs_example_key")
    f.add("```")
    f.fill(30)
    csv_trades(ctx, "data/fills_2024-05.csv", 80)
    ctx.f("requirements.txt", "text").add("ccxt==4.3.22\npandas==2.2.2\nhttpx==0.27.0\ntenacity==8.2.3\npydantic==2.7.1\npytest==8.2.0")
    gitignore(ctx)


def r_okx_arb_pydantic(ctx):
    rng = ctx.rng
    k, s, p = exset(ctx, "okx", share="m")
    kk, ks, kp = exset(ctx, "kucoin", share="m")
    f = ctx.f("arb/settings.py", "python")
    f.add("from pydantic import Field, SecretStr\nfrom pydantic_settings import BaseSettings, SettingsConfigDict\n\n")
    f.add("class Settings(BaseSettings):\n    model_config = SettingsConfigDict(env_file='.env', env_prefix='ARB_', extra='ignore')\n")
    f.neg("    okx_api_key: str = Field(..., description=\"OKX API key (read from ARB_OKX_API_KEY)\")", "okx_api_key: str",
          "okx", "api_key", "schema_field", "type_hint")
    f.pos(f"    okx_secret_key: SecretStr = SecretStr(\"{s.v}\")", s, form="default_fallback")
    f.pos(f"    okx_passphrase: str = \"{p.v}\"", p, form="default_fallback")
    f.pos(f"    kucoin_api_key: str = \"{kk.v}\"", kk, form="default_fallback")
    f.neg("    kucoin_api_secret: SecretStr | None = None", "kucoin_api_secret: SecretStr | None", "kucoin", "api_secret",
          "schema_field", "type_hint")
    f.pos(f"    kucoin_passphrase: SecretStr = SecretStr('{kp.v}')", kp, form="default_fallback")
    f.add("    min_edge_bps: float = 6.5\n    max_notional_usdt: float = 2_000\n    symbols: list[str] = ['BTC/USDT', 'ETH/USDT']\n\n"
          "settings = Settings()\n")
    f.fill(40, "python")

    f = ctx.f("arb/venues.py", "python")
    f.add(PY_HEAD)
    f.add("from .settings import settings\n\n\ndef build():\n    okx = ccxt.okx({")
    f.pos(f"        'apiKey': '{k.v}',", k, form="dict_entry")
    f.add("        'secret': settings.okx_secret_key.get_secret_value(),\n        'password': settings.okx_passphrase,\n    })\n"
          "    kucoin = ccxt.kucoin({\n        'apiKey': settings.kucoin_api_key,")
    f.pos(f"        'secret': '{ks.v}',", ks, form="dict_entry")
    f.add("        'password': settings.kucoin_passphrase.get_secret_value(),\n    })\n    return okx, kucoin\n")
    f.fill(120, "python")
    rid = C.trace_id(rng)
    f.neg(f"# example response header x-request-id: {rid}", rid, "okx", "request_id", "comment", "request_id")
    f.fill(30, "python")

    f = ctx.f("logs/arb-2024-06-01.log", "text")
    for i in range(70):
        ts = f"2024-06-01T0{i // 10}:{(i * 7) % 60:02d}:{(i * 13) % 60:02d}.{rng.randint(100, 999)}Z"
        if i % 9 == 2:
            oid = str(rng.randint(10**17, 10**18))
            f.neg(f"{ts} INFO  okx order placed ordId={oid} clOrdId=arb{C.rs(rng, C.LOWER_ALNUM, 12)} px=67012.5 sz=0.01",
                  oid, "okx", "order_id", "log_output", "order_id")
        elif i % 9 == 5:
            sig = C.b64(C.rbytes(rng, 32))
            f.neg(f"{ts} DEBUG okx sign prehash=GET/api/v5/account/balance OK-ACCESS-SIGN={sig}", sig, "okx",
                  "signature", "log_output", "hmac_signature")
        elif i == 40:
            f.neg(f"{ts} DEBUG okx headers OK-ACCESS-KEY={k.v[:4]}****{k.v[-4:]} OK-ACCESS-PASSPHRASE=******",
                  f"{k.v[:4]}****{k.v[-4:]}", "okx", "api_key", "log_output", "masked_value")
        elif i == 55:
            f.pos(f"{ts} DEBUG kucoin request headers {{'KC-API-KEY': '{kk.v}', 'KC-API-PASSPHRASE': '<hidden>'}}", kk,
                  form="log_output")
        else:
            f.add(f"{ts} INFO  spread {rng.choice(['BTC/USDT', 'ETH/USDT'])} okx/kucoin edge={rng.uniform(-5, 9):.2f}bps")

    f = ctx.f(".env.example", "dotenv")
    f.add("# ARB_ prefix is required by pydantic-settings")
    for n, c, prov in [("ARB_OKX_API_KEY", "api_key", "okx"), ("ARB_OKX_SECRET_KEY", "api_secret", "okx"),
                       ("ARB_OKX_PASSPHRASE", "passphrase", "okx"), ("ARB_KUCOIN_API_KEY", "api_key", "kucoin")]:
        v = ph(ctx)
        f.neg(f"{n}={v}", v, prov, c, "env_file", "placeholder")
    f.add("ARB_MIN_EDGE_BPS=6.5")
    readme(ctx, "README.md", "okx-kucoin-arb", "Cross-venue spot arbitrage between OKX and KuCoin.", 3)
    gitignore(ctx)


def r_kucoin_dca_click(ctx):
    rng = ctx.rng
    k, s, p = exset(ctx, "kucoin")
    g = exset(ctx, "gate")
    f = ctx.f("dca/cli.py", "python")
    f.add("import click\nfrom dataclasses import dataclass\n\nfrom .engine import run_dca\n\n\n@dataclass\nclass Creds:")
    f.pos(f"    key: str = \"{k.v}\"", k, form="dataclass_default")
    f.pos(f"    secret: str = \"{s.v}\"", s, form="dataclass_default")
    f.neg("    passphrase: str = \"\"  # set via --passphrase", "passphrase: str = \"\"", "kucoin", "passphrase", "dataclass_default", "placeholder")
    f.add("\n\n@click.command()\n@click.option('--symbol', default='BTC-USDT')\n@click.option('--amount', default=25.0, type=float)")
    f.neg("@click.option('--api-key', envvar='KUCOIN_API_KEY', help='KuCoin API key (or set KUCOIN_API_KEY)')",
          "help='KuCoin API key (or set KUCOIN_API_KEY)'", "kucoin", "api_key", "cli_option", "argparse_help")
    f.pos(f"@click.option('--passphrase', envvar='KUCOIN_API_PASSPHRASE', default='{p.v}')", p, form="cli_default")
    f.pos(f"@click.option('--gate-key', default='{g[0].v}', show_default=False)", g[0], form="cli_default")
    f.pos(f"@click.option('--gate-secret', default='{g[1].v}', show_default=False)", g[1], form="cli_default")
    f.add("def main(symbol, amount, api_key, passphrase, gate_key, gate_secret):\n    run_dca(symbol, amount, api_key, passphrase)\n")
    f.fill(60, "python")

    f = ctx.f("dca/engine.py", "python")
    f.add(PY_HEAD)
    f.neg("def run_dca(symbol: str, amount: float, api_key: str, passphrase: str, secret: str | None = None) -> None:",
          "api_key: str, passphrase: str", "kucoin", "api_key", "function_signature", "function_param")
    f.add("    client = ccxt.kucoin({'apiKey': api_key, 'secret': secret or os.environ['KUCOIN_API_SECRET'], 'password': passphrase})\n"
          "    asyncio.run(_loop(client, symbol, amount))\n")
    f.fill(150, "python")

    f = ctx.f("dca/argparse_legacy.py", "python")
    f.add("import argparse\n\n\ndef parse(argv=None):\n    ap = argparse.ArgumentParser(description='legacy DCA runner')")
    f.neg("    ap.add_argument('--secret', default=os.environ.get('KUCOIN_API_SECRET'), help='API secret; never pass on the command line')",
          "os.environ.get('KUCOIN_API_SECRET')", "kucoin", "api_secret", "argparse_default", "env_read")
    f.add("    ap.add_argument('--interval', default='1d')\n    return ap.parse_args(argv)\n")
    f.fill(40, "python")
    readme(ctx, "README.md", "kucoin-dca", "Dollar-cost averaging on KuCoin and Gate.", 2)
    gitignore(ctx)


def r_freqtrade_user(ctx):
    rng = ctx.rng
    k, s, _ = exset(ctx, "bybit")
    tg = ctx.s("telegram", "bot_token")
    jwt = ctx.s("jwt", "signing_secret")
    wst = ctx.s("webhook", "secret")
    apw = ctx.s("generic", "password")
    dh = ctx.s("discord", "webhook_url")
    f = ctx.f("user_data/config.json", "jsonc")
    f.add('{\n    "$schema": "https://schema.freqtrade.io/schema.json",\n    "max_open_trades": 5,\n    "stake_currency": "USDT",\n'
          '    "stake_amount": "unlimited",\n    "tradable_balance_ratio": 0.99,\n    "dry_run": false,\n    "trading_mode": "futures",\n'
          '    "margin_mode": "isolated",\n    "unfilledtimeout": {"entry": 10, "exit": 10, "unit": "minutes"},\n'
          '    "entry_pricing": {"price_side": "same", "use_order_book": true, "order_book_top": 1},\n'
          '    "exit_pricing": {"price_side": "same", "use_order_book": true, "order_book_top": 1},\n'
          '    "exchange": {\n        "name": "bybit",')
    f.pos(f'        "key": "{k.v}",', k, form="json_value")
    f.pos(f'        "secret": "{s.v}",', s, form="json_value")
    f.add('        "ccxt_config": {},\n        "ccxt_async_config": {},\n        "pair_whitelist": [')
    for sym in ["BTC/USDT:USDT", "ETH/USDT:USDT", "SOL/USDT:USDT", "XRP/USDT:USDT", "DOGE/USDT:USDT", "LINK/USDT:USDT",
                "AVAX/USDT:USDT", "ARB/USDT:USDT", "OP/USDT:USDT", "SUI/USDT:USDT", "TON/USDT:USDT"]:
        f.add(f'            "{sym}",')
    f.add('            "APT/USDT:USDT"\n        ],\n        "pair_blacklist": ["BNB/.*"]\n    },\n'
          '    "pairlists": [{"method": "StaticPairList"}],\n    "telegram": {\n        "enabled": true,')
    f.pos(f'        "token": "{tg.v}",', tg, form="json_value")
    f.neg('        "chat_id": "518734990"', "518734990", "telegram", "chat_id", "json_value", "public_id")
    f.add('    },\n    "discord": {\n        "enabled": true,')
    f.pos(f'        "webhook_url": "{dh.v}"', dh, form="json_value")
    f.add('    },\n    "api_server": {\n        "enabled": true,\n        "listen_ip_address": "0.0.0.0",\n        "listen_port": 8080,\n'
          '        "verbosity": "error",\n        "enable_openapi": false,')
    f.pos(f'        "jwt_secret_key": "{jwt.v}",', jwt, form="json_value")
    f.pos(f'        "ws_token": "{wst.v}",', wst, form="json_value")
    f.add('        "CORS_origins": [],\n        "username": "freqtrader",')
    f.pos(f'        "password": "{apw.v}"', apw, form="json_value")
    f.add('    },\n    "bot_name": "ft-futures",\n    "initial_state": "running",\n    "internals": {"process_throttle_secs": 5}\n}')

    f = ctx.f("user_data/config.example.json", "json")
    f.add('{\n    "exchange": {\n        "name": "binance",')
    f.neg('        "key": "your_exchange_key",', "your_exchange_key", "binance", "api_key", "json_value", "placeholder")
    f.neg('        "secret": "your_exchange_secret",', "your_exchange_secret", "binance", "api_secret", "json_value", "placeholder")
    f.add('        "pair_whitelist": ["BTC/USDT", "ETH/USDT"]\n    },\n    "telegram": {"enabled": false, "token": "", "chat_id": ""},\n'
          '    "api_server": {')
    f.neg('        "jwt_secret_key": "somethingrandom",', "somethingrandom", "freqtrade", "jwt_secret", "json_value", "placeholder")
    f.add('        "username": "freqtrader",')
    f.neg('        "password": "SuperSecurePassword"', "SuperSecurePassword", "freqtrade", "password", "json_value", "placeholder")
    f.add('    }\n}')

    f = ctx.f("user_data/strategies/ema_cross.py", "python")
    f.add("from freqtrade.strategy import IStrategy, IntParameter\nimport talib.abstract as ta\nfrom pandas import DataFrame\n\n\n"
          "class EmaCross(IStrategy):\n    INTERFACE_VERSION = 3\n    timeframe = '15m'\n    can_short = True\n    minimal_roi = {'0': 0.04, '60': 0.02, '180': 0}\n"
          "    stoploss = -0.06\n    fast = IntParameter(5, 30, default=12, space='buy')\n    slow = IntParameter(20, 100, default=48, space='buy')\n")
    f.add("    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:\n"
          "        for n in range(5, 101):\n            dataframe[f'ema_{n}'] = ta.EMA(dataframe, timeperiod=n)\n        return dataframe\n")
    f.fill(80, "python")

    f = ctx.f("docker-compose.yml", "yaml")
    compose_header(f, "freqtrade", "freqtradeorg/freqtrade:stable")
    f.add("    ports:\n      - \"127.0.0.1:8080:8080\"\n    environment:")
    f.neg("      FREQTRADE__EXCHANGE__KEY: ${FT_KEY}", "${FT_KEY}", "bybit", "api_key", "env_map", "env_interpolation")
    f.pos(f"      FREQTRADE__EXCHANGE__SECRET: \"{s.v}\"", s, form="env_map")
    f.add("    command: >\n      trade\n      --logfile /freqtrade/user_data/logs/freqtrade.log\n      --config /freqtrade/user_data/config.json\n"
          "      --strategy EmaCross")
    f = ctx.f("user_data/logs/freqtrade.log", "text")
    for i in range(60):
        ts = f"2024-05-{10 + i // 30:02d} 1{i % 10}:{(i * 11) % 60:02d}:{(i * 17) % 60:02d},{rng.randint(100, 999)}"
        if i % 12 == 4:
            oid = C.uuid4(rng)
            f.neg(f"{ts} - freqtrade.freqtradebot - INFO - Order {oid} for SOL/USDT:USDT filled", oid, "bybit", "order_id",
                  "log_output", "order_id")
        elif i == 30:
            f.neg(f"{ts} - freqtrade.rpc.telegram - INFO - rpc.telegram is listening for following commands: [['status'], ['profit']]",
                  "rpc.telegram", "telegram", "bot_token", "log_output", "log_message")
        else:
            f.add(f"{ts} - freqtrade.worker - INFO - Bot heartbeat. PID={rng.randint(1000, 9999)}, version='2024.4', state='RUNNING'")
    gitignore(ctx, ["user_data/backtest_results/"])


def r_hyperliquid_mm(ctx):
    rng = ctx.rng
    hk = ctx.s("hyperliquid", "agent_private_key")
    addr = C.evm_address(rng)
    f = ctx.f("examples/config.json", "json")
    f.add("{\n    \"comments\": \"secret_key is the API (agent) wallet key, account_address is the main wallet\",")
    f.pos(f"    \"secret_key\": \"{hk.v}\",", hk, form="json_value")
    f.neg(f"    \"account_address\": \"{addr}\",", addr, "hyperliquid", "account_address", "json_value", "public_address")
    f.add("    \"multi_sig\": {\n        \"authorized_users\": []\n    }\n}")
    f = ctx.f("mm/maker.py", "python")
    f.add("import eth_account\nfrom eth_account.signers.local import LocalAccount\nfrom hyperliquid.exchange import Exchange\n"
          "from hyperliquid.info import Info\nfrom hyperliquid.utils import constants\n\nimport json, logging, os\n\nlogger = logging.getLogger('mm')\n")
    hk2 = ctx.s("hyperliquid", "agent_private_key")
    f.pos(f"AGENT_KEY = os.environ.get(\"HL_AGENT_KEY\") or \"{hk2.v}\"", hk2, form="default_fallback")
    f.neg(f"ACCOUNT = \"{addr}\"", addr, "hyperliquid", "account_address", "assignment", "public_address")
    f.add("\n\ndef setup(base_url=constants.TESTNET_API_URL):\n    account: LocalAccount = eth_account.Account.from_key(AGENT_KEY)\n"
          "    info = Info(base_url, skip_ws=True)\n    exchange = Exchange(account, base_url, account_address=ACCOUNT)\n    return info, exchange\n")
    f.fill(100, "python")
    txh = C.tx_hash(rng)
    f.neg(f"# deposit tx: https://arbiscan.io/tx/{txh}", txh, "evm", "tx_hash", "comment", "tx_hash")
    f.fill(40, "python")
    f = ctx.f("mm/test_signing.py", "python")
    f.add("from eth_account import Account\n\n\ndef test_agent_signs():")
    f.neg(f"    acct = Account.from_key(\"{C.DOCS['hardhat_pk0']}\")  # hardhat account #0", C.DOCS["hardhat_pk0"], "evm",
          "private_key", "constructor_arg", "docs_example_key")
    f.neg(f"    assert acct.address == \"{C.DOCS['hardhat_addr0']}\"", C.DOCS["hardhat_addr0"], "evm", "address", "assertion",
          "public_address")
    f.fill(50, "python")
    readme(ctx, "README.md", "hl-maker", "Market making on Hyperliquid with an agent wallet.", 2)
    gitignore(ctx, ["examples/config.local.json"])


def r_ccxt_js(ctx):
    rng = ctx.rng
    k, s, _ = exset(ctx, "bitget")
    bp = ctx.s("bitget", "passphrase")
    m = exset(ctx, "mexc")
    dtok = ctx.s("discord", "bot_token")
    f = ctx.f("src/exchange.js", "javascript")
    f.add("'use strict';\n\nrequire('dotenv').config();\nconst ccxt = require('ccxt');\nconst logger = require('./logger');\nconst config = require('./config');\n")
    f.pos(f"const apiKey = process.env.BITGET_API_KEY || '{k.v}';", k, form="default_fallback")
    f.neg("const secret = process.env.BITGET_SECRET;", "process.env.BITGET_SECRET", "bitget", "api_secret", "assignment", "env_read")
    f.pos(f"const password = process.env.BITGET_PASSPHRASE ?? '{bp.v}';", bp, form="default_fallback")
    f.add("\nconst bitget = new ccxt.bitget({ apiKey, secret, password, enableRateLimit: true, options: { defaultType: 'swap' } });\n")
    f.add("const mexc = new ccxt.mexc({")
    f.pos(f"  apiKey: '{m[0].v}',", m[0], form="dict_entry")
    f.pos(f"  secret: \"{m[1].v}\",", m[1], form="dict_entry")
    f.add("  timeout: 15000,\n});\n")
    f.fill(120, "javascript")
    f.add("\nmodule.exports = { bitget, mexc };")
    f = ctx.f("src/discord.js", "javascript")
    f.add("const { Client, GatewayIntentBits } = require('discord.js');\n\nconst client = new Client({ intents: [GatewayIntentBits.Guilds] });\n"
          "client.once('ready', () => console.log(`alerts bot ready as ${client.user.tag}`));\n")
    f.pos(f"client.login(process.env.DISCORD_TOKEN || \"{dtok.v}\");", dtok, form="constructor_arg")
    f.fill(50, "javascript")
    f = ctx.f("package-lock.json", "json")
    f.add('{\n  "name": "bitget-swap-bot",\n  "version": "0.4.1",\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": {')
    for i, (pkg, ver) in enumerate([("ccxt", "4.3.22"), ("dotenv", "16.4.5"), ("discord.js", "14.15.2"), ("ws", "8.17.0"),
                                    ("axios", "1.7.2"), ("pino", "9.1.0"), ("decimal.js", "10.4.3"), ("undici", "6.18.1"),
                                    ("follow-redirects", "1.15.6"), ("form-data", "4.0.0")]):
        f.add(f'    "node_modules/{pkg}": {{\n      "version": "{ver}",\n      "resolved": "https://registry.npmjs.org/{pkg}/-/{pkg.split("/")[-1]}-{ver}.tgz",')
        sri = C.sri(rng)
        if i % 3 == 0:
            f.neg(f'      "integrity": "{sri}",', sri, "npm", "integrity", "json_value", "lockfile_integrity")
        else:
            f.add(f'      "integrity": "{sri}",')
        f.add('      "license": "MIT"\n    },')
    f.add('    "node_modules/zod": {\n      "version": "3.23.8",\n      "license": "MIT"\n    }\n  }\n}')
    f = ctx.f(".env.example", "dotenv")
    for n, c in [("BITGET_API_KEY", "api_key"), ("BITGET_SECRET", "api_secret"), ("BITGET_PASSPHRASE", "passphrase")]:
        v = ph(ctx)
        f.neg(f"{n}={v}", v, "bitget", c, "env_file", "placeholder")
    f.add("DISCORD_TOKEN=")
    readme(ctx, "README.md", "bitget-swap-bot", "Node.js perpetual-swap bot for Bitget and MEXC.", 2)
    gitignore(ctx)


def r_ts_bybit(ctx):
    rng = ctx.rng
    k, s, _ = exset(ctx, "bybit")
    oa = ctx.s("openai", "api_key")
    f = ctx.f("src/config.ts", "typescript")
    f.add("import 'dotenv/config';\nimport { z } from 'zod';\n\nconst Env = z.object({")
    f.neg("  BYBIT_API_KEY: z.string().min(10).describe('Bybit API key'),", "BYBIT_API_KEY: z.string()", "bybit", "api_key",
          "schema_field", "schema_field")
    f.add("  BYBIT_API_SECRET: z.string().min(10),\n  OPENAI_API_KEY: z.string().startsWith('sk-').optional(),\n  TESTNET: z.coerce.boolean().default(true),\n});\n\n"
          "export const env = Env.parse(process.env);\n")
    f.add("export const settings = {\n  maxSpread: 0.003,\n  lotSize: 0.001,\n  category: 'linear' as const,\n};\n")
    f.fill(40, "typescript")
    f = ctx.f("src/client.ts", "typescript")
    f.add("import { RestClientV5, WebsocketClient } from 'bybit-api';\nimport OpenAI from 'openai';\nimport { env, settings } from './config';\n\n"
          "export class BybitTrader {")
    f.pos(f"  private readonly key: string = env.BYBIT_API_KEY ?? '{k.v}';", k, form="class_field")
    f.pos(f"  private readonly secret = '{s.v}';", s, form="class_field")
    f.neg("  private ws?: WebsocketClient;", "WebsocketClient", "bybit", "config", "class_field", "type_hint")
    f.add("  readonly rest = new RestClientV5({ key: this.key, secret: this.secret, testnet: env.TESTNET });\n")
    f.fill(100, "typescript")
    f.add("}\n\nexport const ai = new OpenAI({")
    f.pos(f"  apiKey: process.env.OPENAI_API_KEY ?? \"{oa.v}\",", oa, form="default_fallback")
    f.add("});")
    f = ctx.f("src/i18n/en.json", "json")
    f.add('{\n  "settings.title": "Exchange settings",')
    f.neg('  "settings.apiKey.label": "API key",', "settings.apiKey.label", "generic", "api_key", "json_value", "i18n_string")
    f.neg('  "settings.apiSecret.placeholder": "Paste your API secret",', "Paste your API secret", "generic", "api_secret",
          "json_value", "i18n_string")
    f.add('  "settings.testnet": "Use testnet",\n  "orders.empty": "No open orders",\n  "orders.cancelAll": "Cancel all",\n'
          '  "errors.invalidSignature": "Signature check failed - verify your key pair",\n  "errors.ipNotAllowed": "IP not whitelisted"\n}')
    f = ctx.f("test/client.spec.ts", "typescript")
    f.add("import { describe, it, expect, vi } from 'vitest';\nimport { BybitTrader } from '../src/client';\n\nvi.mock('bybit-api');\n\ndescribe('BybitTrader', () => {")
    f.neg("  const mockKey = 'MOCK_KEY_DO_NOT_USE';", "MOCK_KEY_DO_NOT_USE", "bybit", "api_key", "assignment", "fake_test_key")
    f.add("  it('builds', () => {\n    expect(new BybitTrader()).toBeDefined();\n  });\n});")
    f.fill(40, "typescript")
    readme(ctx, "README.md", "bybit-ts", "TypeScript Bybit v5 bot with an LLM trade journal.", 2)
    gitignore(ctx)


GO_HEAD = 'package main\n\nimport (\n\t"context"\n\t"flag"\n\t"fmt"\n\t"log"\n\t"math"\n\t"os"\n\t"sync"\n\n\t"github.com/adshao/go-binance/v2"\n\t"github.com/spf13/viper"\n)\n'


def r_go_binance(ctx):
    rng = ctx.rng
    k, s, _ = exset(ctx, "binance")
    g = exset(ctx, "gate")
    rpw = ctx.s("redis", "password")
    f = ctx.f("cmd/bot/main.go", "go")
    f.add(GO_HEAD)
    f.add("const lotSize = 0.001\n\nvar errEmptyBook = fmt.Errorf(\"empty order book\")\n\n// getenv returns the env var or a fallback.\nfunc getenv(k, def string) string {\n"
          "\tif v, ok := os.LookupEnv(k); ok {\n\t\treturn v\n\t}\n\treturn def\n}\n\nvar (")
    f.pos(f"\tapiKey    = getenv(\"BINANCE_API_KEY\", \"{k.v}\")", k, form="default_fallback")
    f.neg("\tapiSecret = os.Getenv(\"BINANCE_API_SECRET\")", "os.Getenv(\"BINANCE_API_SECRET\")", "binance", "api_secret", "assignment", "env_read")
    f.add(")\n\nfunc main() {\n\tsymbol := flag.String(\"symbol\", \"BTCUSDT\", \"symbol to trade\")")
    f.pos(f"\tgateKey := flag.String(\"gate-key\", \"{g[0].v}\", \"gate.io api key\")", g[0], form="cli_default")
    f.neg("\tgateSecret := flag.String(\"gate-secret\", \"\", \"gate.io api secret (prefer GATE_API_SECRET)\")",
          "gate.io api secret (prefer GATE_API_SECRET)", "gate", "api_secret", "cli_option", "argparse_help")
    f.add("\tflag.Parse()\n\tviper.SetConfigName(\"config\")\n\tviper.AddConfigPath(\".\")\n\tviper.AutomaticEnv()\n\t_ = viper.ReadInConfig()\n"
          "\tclient := binance.NewClient(apiKey, apiSecret)\n\t_ = client\n\t_, _, _ = symbol, gateKey, gateSecret\n}\n")
    f.fill(120, "go")
    f = ctx.f("internal/store/redis.go", "go")
    f.add("package store\n\nimport \"github.com/redis/go-redis/v9\"\n\nfunc New() *redis.Client {\n\treturn redis.NewClient(&redis.Options{\n\t\tAddr:     \"redis:6379\",")
    f.pos(f"\t\tPassword: \"{rpw.v}\",", rpw, form="struct_field")
    f.add("\t\tDB:       0,\n\t})\n}\n")
    f.fill(40, "go")
    f = ctx.f("config.yaml", "yaml")
    f.add("# viper config\nsymbol: BTCUSDT\ninterval: 1m\nbinance:")
    f.neg("  api_key: \"\"   # set BINANCE_API_KEY", "api_key: \"\"", "binance", "api_key", "yaml_value", "placeholder")
    f.neg("  api_secret: ${BINANCE_API_SECRET}", "${BINANCE_API_SECRET}", "binance", "api_secret", "yaml_value", "env_interpolation")
    f.add("gate:")
    f.pos(f"  secret: {g[1].v}", g[1], form="yaml_value")
    f.add("redis:\n  addr: redis:6379\nrisk:\n  max_position: 0.5\n  max_drawdown_pct: 8")
    f.fill(30, "yaml")
    f = ctx.f("internal/exchange/binance_test.go", "go")
    f.add("package exchange\n\nimport \"testing\"\n\nfunc TestSign(t *testing.T) {\n\t// vector from the Binance API docs (public example key)")
    f.neg(f"\tsecret := \"{C.DOCS['binance_doc_secret']}\"", C.DOCS["binance_doc_secret"], "binance", "api_secret", "assignment",
          "docs_example_key")
    f.neg("\twant := \"c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71\"",
          "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71", "binance", "signature", "assignment", "test_vector")
    f.add("\tif got := sign(secret, query); got != want {\n\t\tt.Fatalf(\"got %s want %s\", got, want)\n\t}\n}\n")
    f.fill(40, "go")
    ctx.f("go.sum", "text").add("\n".join(
        f"github.com/{m} v{rng.randint(0, 2)}.{rng.randint(0, 20)}.{rng.randint(0, 9)} h1:{C.b64(C.rbytes(rng, 32))}"
        for m in ["adshao/go-binance/v2", "spf13/viper", "redis/go-redis/v9", "gorilla/websocket", "shopspring/decimal",
                  "bitly/go-simplejson", "json-iterator/go", "stretchr/testify", "spf13/cobra", "rs/zerolog"]))
    gitignore(ctx)


def r_rust_kraken(ctx):
    rng = ctx.rng
    k, s, _ = exset(ctx, "kraken")
    tg = ctx.s("telegram", "bot_token")
    f = ctx.f("src/config.rs", "rust")
    f.add("use serde::Deserialize;\n\n")
    f.pos(f"pub const KRAKEN_API_KEY: &str = \"{k.v}\";", k, form="const_decl")
    f.pos(f"static KRAKEN_PRIVATE_KEY: &str = \"{s.v}\";", s, form="const_decl")
    f.add("\n#[derive(Debug, Deserialize)]\npub struct Settings {\n    pub pair: String,\n    #[serde(default = \"default_tg\")]\n    pub telegram_token: String,\n"
          "    #[serde(default)]\n    pub dry_run: bool,\n}\n\nfn default_tg() -> String {")
    f.pos(f"    \"{tg.v}\".to_string()", tg, form="serde_default")
    f.add("}\n")
    f.neg("/// Reads `KRAKEN_API_SECRET` from the environment; the secret is base64 and must decode to 64 bytes.",
          "`KRAKEN_API_SECRET`", "kraken", "api_secret", "doc_comment", "docstring")
    f.add("pub fn secret_from_env() -> anyhow::Result<String> {\n    Ok(std::env::var(\"KRAKEN_API_SECRET\")?)\n}\n")
    f.fill(100, "rust")
    f = ctx.f("src/main.rs", "rust")
    f.add("mod config;\n\nuse kraken_rest_client::Client;\n\n#[tokio::main]\nasync fn main() -> anyhow::Result<()> {\n    tracing_subscriber::fmt::init();\n"
          "    let client = Client::builder()\n        .key(config::KRAKEN_API_KEY)")
    s2 = ctx.s("kraken", "api_secret")
    f.pos(f"        .secret(\"{s2.v}\")", s2, form="builder_call")
    f.add("        .build()?;\n    let balance = client.balance().await?;\n    tracing::info!(?balance, \"balances\");\n    Ok(())\n}\n")
    f.fill(60, "rust")
    f = ctx.f("Cargo.lock", "toml")
    f.add("# This file is automatically @generated by Cargo.\nversion = 3\n")
    for i, (n, v) in enumerate([("anyhow", "1.0.86"), ("serde", "1.0.203"), ("tokio", "1.38.0"), ("tracing", "0.1.40"), ("hmac", "0.12.1"),
                                ("sha2", "0.10.8"), ("base64", "0.22.1"), ("reqwest", "0.12.4")]):
        cs = C.rs(rng, C.HEX, 64)
        f.add(f"\n[[package]]\nname = \"{n}\"\nversion = \"{v}\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"")
        if i % 3 == 1:
            f.neg(f"checksum = \"{cs}\"", cs, "cargo", "checksum", "toml_value", "lockfile_integrity")
        else:
            f.add(f"checksum = \"{cs}\"")
    f = ctx.f("kraken.key.example", "text")
    f.neg("<your API key on line 1>", "<your API key on line 1>", "kraken", "api_key", "keyfile", "placeholder")
    f.add("<your private key on line 2>")
    readme(ctx, "README.md", "kraken-rs", "Rust spot bot for Kraken.", 2)
    gitignore(ctx, ["target/", "kraken.key"])


def r_java_spring(ctx):
    rng = ctx.rng
    b = exset(ctx, "binance")
    pgpw = ctx.s("postgres", "password")
    sl = ctx.s("slack", "webhook_url")
    bf = exset(ctx, "bitfinex")
    f = ctx.f("src/main/resources/application.yml", "yaml")
    f.add("spring:\n  application:\n    name: spring-trader\n  datasource:\n    url: jdbc:postgresql://db:5432/trader\n    username: trader")
    f.pos(f"    password: {pgpw.v}", pgpw, form="yaml_value")
    f.add("  jpa:\n    hibernate:\n      ddl-auto: validate\n    open-in-view: false\nmanagement:\n  endpoints:\n    web:\n      exposure:\n        include: health,prometheus\ntrading:\n  binance:")
    f.pos(f"    api-key: {b[0].v}", b[0], form="yaml_value")
    f.neg("    secret-key: ${BINANCE_SECRET_KEY}", "${BINANCE_SECRET_KEY}", "binance", "api_secret", "yaml_value", "env_interpolation")
    f.add("  alerts:")
    f.pos(f"    slack-webhook: \"{sl.v}\"", sl, form="yaml_value")
    f.fill(40, "yaml")
    f = ctx.f("src/main/resources/application-prod.properties", "properties")
    f.add("server.port=8081\nlogging.level.root=INFO\nspring.datasource.url=jdbc:postgresql://prod-db.internal:5432/trader\nspring.datasource.username=trader")
    f.neg("spring.datasource.password=${DB_PASSWORD}", "${DB_PASSWORD}", "postgres", "password", "properties", "env_interpolation")
    f.pos(f"trading.binance.secret-key={b[1].v}", b[1], form="properties")
    f.pos(f"trading.bitfinex.api-key={bf[0].v}", bf[0], form="properties")
    f.neg("trading.bitfinex.api-secret=vault:secret/data/trader#bitfinex_secret", "vault:secret/data/trader#bitfinex_secret", "bitfinex",
          "api_secret", "properties", "secret_manager_ref")
    f.add("trading.risk.max-position=0.75\ntrading.risk.max-drawdown=0.08\nmanagement.metrics.tags.application=${spring.application.name}")
    f = ctx.f("src/main/java/com/example/trader/ExchangeConfig.java", "java")
    f.add("package com.example.trader;\n\nimport org.springframework.beans.factory.annotation.Value;\nimport org.springframework.context.annotation.Bean;\n"
          "import org.springframework.context.annotation.Configuration;\nimport lombok.extern.slf4j.Slf4j;\nimport java.math.BigDecimal;\nimport java.util.*;\n\n"
          "@Slf4j\n@Configuration\npublic class ExchangeConfig {\n")
    f.neg("    @Value(\"${trading.binance.api-key}\")", "${trading.binance.api-key}", "binance", "api_key", "annotation", "env_interpolation")
    f.add("    private String apiKey;\n")
    f.pos(f"    @Value(\"${{trading.bitfinex.api-secret:{bf[1].v}}}\")", bf[1], form="annotation_default")
    f.add("    private String bitfinexSecret;\n\n    private BigDecimal lotSize = new BigDecimal(\"0.001\");\n")
    f.add("    @Bean\n    public BitfinexClient bitfinex() {\n        return BitfinexClient.builder()\n            .apiKey(apiKey)")
    f.add("            .apiSecret(bitfinexSecret)\n            .build();\n    }\n")
    f.fill(100, "java")
    f.add("}")
    f = ctx.f("src/test/java/com/example/trader/SignerTest.java", "java")
    f.add("package com.example.trader;\n\nimport org.junit.jupiter.api.Test;\nimport static org.assertj.core.api.Assertions.assertThat;\n\nclass SignerTest {")
    ts = ctx.s("binance", "api_secret")
    f.pos(f"    private static final String SECRET = \"{ts.v}\"; // testnet", ts, form="const_decl")
    f.add("\n    @Test\n    void signsQuery() {\n        assertThat(Signer.hmac(SECRET, \"symbol=BTCUSDT&timestamp=1\")).hasSize(64);\n    }\n}")
    ctx.f("pom.xml", "xml").add("<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.example</groupId>\n  <artifactId>spring-trader</artifactId>\n"
                                "  <version>0.3.0</version>\n  <parent>\n    <groupId>org.springframework.boot</groupId>\n    <artifactId>spring-boot-starter-parent</artifactId>\n"
                                "    <version>3.3.0</version>\n  </parent>\n</project>")
    gitignore(ctx, ["target/"])


def r_kotlin_android(ctx):
    rng = ctx.rng
    a = ctx.s("alpaca", "api_key_id")
    asec = ctx.s("alpaca", "api_secret")
    cg = ctx.s("coingecko", "api_key")
    f = ctx.f("gradle.properties", "properties")
    f.add("org.gradle.jvmargs=-Xmx2048m -Dfile.encoding=UTF-8\nandroid.useAndroidX=true\nkotlin.code.style=official\nandroid.nonTransitiveRClass=true")
    f.pos(f"ALPACA_KEY_ID={a.v}", a, form="properties")
    f.pos(f"ALPACA_SECRET={asec.v}", asec, form="properties")
    f = ctx.f("app/build.gradle.kts", "kotlin")
    f.add("plugins {\n    id(\"com.android.application\")\n    kotlin(\"android\")\n}\n\nandroid {\n    namespace = \"com.example.portfolio\"\n    compileSdk = 34\n"
          "    defaultConfig {\n        applicationId = \"com.example.portfolio\"\n        minSdk = 26")
    f.neg("        buildConfigField(\"String\", \"ALPACA_KEY_ID\", \"\\\"${project.findProperty(\"ALPACA_KEY_ID\")}\\\"\")",
          "project.findProperty(\"ALPACA_KEY_ID\")", "alpaca", "api_key_id", "build_script", "env_read")
    f.pos(f"        buildConfigField(\"String\", \"COINGECKO_KEY\", \"\\\"{cg.v}\\\"\")", cg, form="build_script")
    f.add("    }\n    buildFeatures { buildConfig = true }\n}\n\ndependencies {\n    implementation(\"com.squareup.retrofit2:retrofit:2.11.0\")\n"
          "    implementation(\"org.jetbrains.kotlinx:kotlinx-coroutines-android:1.8.1\")\n}")
    f = ctx.f("app/src/main/java/com/example/portfolio/AlpacaApi.kt", "kotlin")
    f.add("package com.example.portfolio\n\nimport okhttp3.Interceptor\n\nobject Keys {")
    a2 = ctx.s("alpaca", "api_key_id")
    s2 = ctx.s("alpaca", "api_secret")
    f.pos(f"    const val KEY_ID = \"{a2.v}\"", a2, form="const_decl")
    f.pos(f"    const val SECRET = \"{s2.v}\"", s2, form="const_decl")
    f.add("}\n\nclass AuthInterceptor : Interceptor {\n    override fun intercept(chain: Interceptor.Chain) = chain.proceed(\n        chain.request().newBuilder()")
    f.neg("            .header(\"APCA-API-KEY-ID\", Keys.KEY_ID)", "\"APCA-API-KEY-ID\", Keys.KEY_ID", "alpaca", "api_key_id", "http_header",
          "env_read")
    f.add("            .header(\"APCA-API-SECRET-KEY\", Keys.SECRET)\n            .build()\n    )\n}\n")
    f.fill(80, "kotlin")
    f = ctx.f("app/src/main/res/values/strings.xml", "xml")
    f.add("<resources>\n    <string name=\"app_name\">Portfolio</string>")
    f.neg("    <string name=\"hint_api_key\">Alpaca API key ID (starts with PK)</string>", "hint_api_key", "alpaca", "api_key_id", "xml_value",
          "i18n_string")
    f.neg("    <string name=\"hint_api_secret\">Secret key</string>", "hint_api_secret", "alpaca", "api_secret", "xml_value", "i18n_string")
    f.add("    <string name=\"paper_mode\">Paper trading</string>\n    <string name=\"refresh\">Refresh</string>\n</resources>")
    readme(ctx, "README.md", "portfolio-android", "Android portfolio viewer for Alpaca.", 2)
    gitignore(ctx, ["local.properties", "*.keystore"])


def r_scala_akka(ctx):
    d = exset(ctx, "deribit")
    rmq = ctx.s("rabbitmq", "password")
    f = ctx.f("src/main/resources/application.conf", "hocon")
    f.add("akka {\n  loglevel = \"INFO\"\n  actor.provider = \"local\"\n}\n\ntrader {\n  venue = \"deribit\"\n  deribit {\n    url = \"wss://www.deribit.com/ws/api/v2\"")
    f.pos(f"    client-id = \"{d[0].v}\"", d[0], form="hocon_value")
    f.neg("    client-secret = ${?DERIBIT_CLIENT_SECRET}", "${?DERIBIT_CLIENT_SECRET}", "deribit", "client_secret", "hocon_value",
          "env_interpolation")
    f.add("  }\n  amqp {")
    f.pos(f"    uri = \"amqp://trader:{rmq.v}@mq.internal:5672/prod\"", rmq, form="url_credential")
    f.add("  }\n  risk.max-delta = 2.5\n}")
    f = ctx.f("src/main/scala/trader/DeribitAuth.scala", "scala")
    f.add("package trader\n\nimport scala.concurrent.Future\n\nfinal case class DeribitCreds(")
    f.add("    clientId: String = sys.env.getOrElse(\"DERIBIT_CLIENT_ID\", \"\"),")
    f.pos(f"    clientSecret: String = sys.env.getOrElse(\"DERIBIT_CLIENT_SECRET\", \"{d[1].v}\")", d[1], form="default_fallback")
    f.add(")\n\nclass Ladder(marketData: MarketData, lotSize: BigDecimal)(implicit ec: scala.concurrent.ExecutionContext) {")
    f.fill(80, "scala")
    f.add("}")
    readme(ctx, "README.md", "deribit-akka", "Akka-based options delta hedger for Deribit.", 2)
    gitignore(ctx, ["target/", ".bsp/"])


def r_csharp(ctx):
    rng = ctx.rng
    k, s, _ = exset(ctx, "bitstamp")
    sql = ctx.s("generic", "password")
    sg = ctx.s("sendgrid", "api_key")
    f = ctx.f("src/Trader/appsettings.json", "json")
    f.add('{\n  "Logging": {\n    "LogLevel": {\n      "Default": "Information",\n      "Microsoft.AspNetCore": "Warning"\n    }\n  },\n'
          '  "AllowedHosts": "*",\n  "ConnectionStrings": {')
    f.pos(f'    "Trades": "Server=tcp:trader-sql.database.windows.net,1433;Database=trades;User ID=trader;Password={sql.v};Encrypt=True;"', sql,
          form="connection_string")
    f.add('  },\n  "Bitstamp": {')
    f.pos(f'    "ApiKey": "{k.v}",', k, form="json_value")
    f.neg('    "ApiSecret": "",', '"ApiSecret": ""', "bitstamp", "api_secret", "json_value", "placeholder")
    f.neg('    "CustomerId": "884123"', '"884123"', "bitstamp", "customer_id", "json_value", "public_id")
    f.add('  },\n  "SendGrid": {')
    f.pos(f'    "ApiKey": "{sg.v}",', sg, form="json_value")
    f.add('    "From": "alerts@example.org"\n  }\n}')
    f = ctx.f("src/Trader/appsettings.Development.json", "json")
    f.add('{\n  "Bitstamp": {')
    f.neg('    "ApiKey": "@Microsoft.KeyVault(SecretUri=https://trader-kv.vault.azure.net/secrets/bitstamp-key/)",',
          "@Microsoft.KeyVault(SecretUri=https://trader-kv.vault.azure.net/secrets/bitstamp-key/)", "bitstamp", "api_key", "json_value",
          "secret_manager_ref")
    f.add('    "Sandbox": true\n  }\n}')
    f = ctx.f("src/Trader/BitstampClient.cs", "csharp")
    f.add("using System;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing Microsoft.Extensions.Logging;\n\nnamespace Trader\n{\n"
          "    public sealed class BitstampClient\n    {\n        private readonly ILogger<BitstampClient> _logger;\n        private readonly IMarketData _marketData;\n"
          "        private readonly TraderOptions _options;")
    f.pos(f"        private readonly string _secret = Environment.GetEnvironmentVariable(\"BITSTAMP_SECRET\") ?? \"{s.v}\";", s, form="default_fallback")
    f.neg("        private readonly string _key = Environment.GetEnvironmentVariable(\"BITSTAMP_KEY\") ?? throw new InvalidOperationException(\"BITSTAMP_KEY missing\");",
          "GetEnvironmentVariable(\"BITSTAMP_KEY\")", "bitstamp", "api_key", "assignment", "env_read")
    f.fill(90, "csharp")
    f.add("    }\n}")
    readme(ctx, "README.md", "bitstamp-dotnet", ".NET 8 worker trading on Bitstamp.", 2)
    gitignore(ctx, ["bin/", "obj/"])


def r_php_laravel(ctx):
    rng = ctx.rng
    ak = ctx.s("laravel", "app_key")
    k, s, _ = exset(ctx, "whitebit")
    stripe = ctx.s("stripe", "secret_key")
    whs = ctx.s("stripe", "webhook_secret")
    mpw = ctx.s("mysql", "password")
    f = ctx.f(".env", "dotenv")
    f.add("APP_NAME=SignalHub\nAPP_ENV=production")
    f.pos(f"APP_KEY={ak.v}", ak, form="env_file")
    f.add("APP_DEBUG=false\nAPP_URL=https://signals.example.org\n\nDB_CONNECTION=mysql\nDB_HOST=127.0.0.1\nDB_PORT=3306\nDB_DATABASE=signals\nDB_USERNAME=signals")
    f.pos(f"DB_PASSWORD=\"{mpw.v}\"", mpw, form="env_file")
    f.add("\nCACHE_DRIVER=redis\nQUEUE_CONNECTION=redis\nREDIS_HOST=127.0.0.1")
    f.neg("REDIS_PASSWORD=null", "REDIS_PASSWORD=null", "redis", "password", "env_file", "placeholder")
    f.pos(f"STRIPE_SECRET={stripe.v}", stripe, form="env_file")
    f.pos(f"STRIPE_WEBHOOK_SECRET={whs.v}", whs, form="env_file")
    f.add("MAIL_MAILER=smtp\nMAIL_HOST=smtp.mailgun.org\nMAIL_PORT=587")
    f = ctx.f("config/services.php", "php")
    f.add("<?php\n\nreturn [\n\n    'mailgun' => [\n        'domain' => env('MAILGUN_DOMAIN'),\n        'secret' => env('MAILGUN_SECRET'),\n    ],\n\n    'whitebit' => [")
    f.pos(f"        'key' => env('WHITEBIT_KEY', '{k.v}'),", k, form="default_fallback")
    f.pos(f"        'secret' => env('WHITEBIT_SECRET', '{s.v}'),", s, form="default_fallback")
    f.add("    ],\n\n    'stripe' => [")
    f.neg("        'secret' => env('STRIPE_SECRET'),", "env('STRIPE_SECRET')", "stripe", "secret_key", "config_array", "env_read")
    f.neg(f"        'key' => env('STRIPE_KEY', '{C.DOCS['stripe_doc_test']}'),", C.DOCS["stripe_doc_test"], "stripe", "secret_key", "config_array",
          "docs_example_key")
    f.add("    ],\n\n];")
    f = ctx.f("app/Services/WhitebitTrader.php", "php")
    f.add("<?php\n\nnamespace App\\Services;\n\nuse Illuminate\\Support\\Facades\\Log;\n\nclass WhitebitTrader\n{\n    private $exchange;\n\n    public function __construct()\n    {"
          "\n        $this->exchange = new \\ccxt\\whitebit([\n            'apiKey' => config('services.whitebit.key'),\n            'secret' => config('services.whitebit.secret'),\n        ]);\n    }")
    f.fill(80, "php")
    f.add("}")
    f = ctx.f("database/seeders/UserSeeder.php", "php")
    f.add("<?php\n\nnamespace Database\\Seeders;\n\nuse Illuminate\\Database\\Seeder;\nuse Illuminate\\Support\\Facades\\DB;\n\nclass UserSeeder extends Seeder\n{\n"
          "    public function run(): void\n    {\n        DB::table('users')->insert([\n            'name' => 'admin',\n            'email' => 'admin@example.org',")
    bh = C.bcrypt_hash(rng)
    f.neg(f"            'password' => '{bh}',", bh, "generic", "password_hash", "config_array", "password_hash")
    f.add("        ]);\n    }\n}")
    readme(ctx, "README.md", "signalhub", "Laravel app that sells trading signals and executes them on WhiteBIT.", 2)
    gitignore(ctx, ["vendor/"])


def r_ruby_rails(ctx):
    rng = ctx.rng
    skb = ctx.s("rails", "secret_key_base")
    k, s, _ = exset(ctx, "gemini")
    pg = ctx.s("postgres", "password")
    tw_sid = ctx.s("twilio", "account_sid")
    tw_tok = ctx.s("twilio", "auth_token")
    f = ctx.f("config/secrets.yml", "erb")
    f.add("# Be sure to restart your server when you modify this file.\n\ndevelopment:")
    f.pos(f"  secret_key_base: {skb.v}", skb, form="yaml_value")
    f.pos(f"  gemini_api_key: {k.v}", k, form="yaml_value")
    f.add("\ntest:\n  secret_key_base: <%= SecureRandom.hex(64) %>\n\nproduction:")
    f.neg("  secret_key_base: <%= ENV[\"SECRET_KEY_BASE\"] %>", "<%= ENV[\"SECRET_KEY_BASE\"] %>", "rails", "secret_key_base", "yaml_value",
          "env_interpolation")
    f.neg("  gemini_api_secret: <%= ENV.fetch(\"GEMINI_API_SECRET\") %>", "<%= ENV.fetch(\"GEMINI_API_SECRET\") %>", "gemini", "api_secret",
          "yaml_value", "env_interpolation")
    f = ctx.f("config/database.yml", "erb")
    f.add("default: &default\n  adapter: postgresql\n  encoding: unicode\n  pool: <%= ENV.fetch(\"RAILS_MAX_THREADS\") { 5 } %>\n\ndevelopment:\n  <<: *default\n"
          "  database: tradejournal_development\n  username: journal")
    f.pos(f"  password: <%= ENV.fetch(\"DB_PASSWORD\", \"{pg.v}\") %>", pg, form="default_fallback")
    f.add("\nproduction:\n  <<: *default\n  url: <%= ENV[\"DATABASE_URL\"] %>")
    f = ctx.f("app/services/gemini_client.rb", "ruby")
    f.add("require \"openssl\"\nrequire \"base64\"\nrequire \"faraday\"\n\nclass GeminiClient\n  attr_reader :client, :logger, :lot_size\n")
    f.pos(f"  API_SECRET = ENV.fetch(\"GEMINI_API_SECRET\", \"{s.v}\")", s, form="default_fallback")
    f.neg("  API_KEY = ENV.fetch(\"GEMINI_API_KEY\") { raise \"GEMINI_API_KEY missing\" }", "ENV.fetch(\"GEMINI_API_KEY\")", "gemini",
          "api_key", "assignment", "env_read")
    f.fill(70, "ruby")
    f.add("end")
    f = ctx.f("config/initializers/twilio.rb", "ruby")
    f.add("Twilio.configure do |config|")
    f.pos(f"  config.account_sid = \"{tw_sid.v}\"", tw_sid, form="attribute_set")
    f.pos(f"  config.auth_token = \"{tw_tok.v}\"", tw_tok, form="attribute_set")
    f.add("end")
    f = ctx.f("db/seeds.rb", "ruby")
    f.add("User.find_or_create_by!(email: \"demo@example.org\") do |u|")
    ah = C.argon2_hash(rng)
    f.neg(f"  u.password_digest = \"{ah}\"", ah, "generic", "password_hash", "attribute_set", "password_hash")
    f.add("end\n\n10.times do |i|\n  Trade.create!(symbol: \"BTCUSD\", side: i.even? ? \"buy\" : \"sell\", qty: 0.01 * (i + 1))\nend")
    readme(ctx, "README.md", "tradejournal", "Rails trade journal that syncs fills from Gemini.", 2)
    gitignore(ctx, ["/tmp", "/log", "config/master.key"])


def r_elixir(ctx):
    bx = exset(ctx, "bingx")
    skb = ctx.s("jwt", "signing_secret")
    pg = ctx.s("postgres", "password")
    f = ctx.f("config/config.exs", "elixir")
    f.add("import Config\n\nconfig :ex_trader, ExTrader.Repo,\n  database: \"ex_trader_dev\",\n  username: \"postgres\",")
    f.pos(f"  password: \"{pg.v}\",", pg, form="keyword_list")
    f.add("  hostname: \"localhost\"\n\nconfig :ex_trader, ExTraderWeb.Endpoint,\n  url: [host: \"localhost\"],")
    f.pos(f"  secret_key_base: \"{skb.v}\",", skb, form="keyword_list")
    f.add("  render_errors: [formats: [json: ExTraderWeb.ErrorJSON]]\n\nconfig :ex_trader, :bingx,")
    f.pos(f"  api_key: \"{bx[0].v}\",", bx[0], form="keyword_list")
    f.add("  base_url: \"https://open-api.bingx.com\"\n\nimport_config \"#{config_env()}.exs\"")
    f = ctx.f("config/runtime.exs", "elixir")
    f.add("import Config\n\nif config_env() == :prod do\n  config :ex_trader, :bingx,")
    f.neg("    api_key: System.fetch_env!(\"BINGX_API_KEY\"),", "System.fetch_env!(\"BINGX_API_KEY\")", "bingx", "api_key", "keyword_list", "env_read")
    f.pos(f"    secret_key: System.get_env(\"BINGX_SECRET_KEY\", \"{bx[1].v}\")", bx[1], form="default_fallback")
    f.add("end")
    f = ctx.f("lib/ex_trader/ladder.ex", "elixir")
    f.add("defmodule ExTrader.Ladder do\n  @moduledoc \"Builds buy ladders below the best bid.\"\n  require Logger\n  alias ExTrader.Exchange\n")
    f.fill(80, "elixir")
    f.add("end")
    readme(ctx, "README.md", "ex_trader", "Elixir/Phoenix bot for BingX perpetuals.", 2)
    gitignore(ctx, ["_build/", "deps/"])


REPOS = [
    ("binance-grid-bot", r_binance_grid), ("okx-kucoin-arb", r_okx_arb_pydantic), ("kucoin-dca-cli", r_kucoin_dca_click),
    ("freqtrade-futures", r_freqtrade_user), ("hl-maker", r_hyperliquid_mm), ("bitget-swap-node", r_ccxt_js),
    ("bybit-ts-journal", r_ts_bybit), ("go-binance-ladder", r_go_binance), ("kraken-rs", r_rust_kraken),
    ("spring-trader", r_java_spring), ("portfolio-android", r_kotlin_android), ("deribit-akka", r_scala_akka),
    ("bitstamp-dotnet", r_csharp), ("signalhub-laravel", r_php_laravel), ("tradejournal-rails", r_ruby_rails),
    ("ex-trader", r_elixir),
]
