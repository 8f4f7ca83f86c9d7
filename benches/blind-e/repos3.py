"""Repos 34-50: wallets, bots, AI, brokers, regional exchanges, web apps, CI, cloud, dotfiles, key files."""
import json

import creds as C
from common import exset, envname, ccxt_id, ph, gitignore, gha, readme, csv_trades, compose_header


def _env(f, items):
    """items: (NAME, S) -> positive line; (NAME, str, trap, prov, cred) -> negative; str -> plain."""
    for it in items:
        if isinstance(it, str):
            f.add(it)
        elif len(it) == 2:
            f.pos(f"{it[0]}={it[1].v}", it[1], form="env_file")
        else:
            n, v, trap, prov, cred = it
            f.neg(f"{n}={v}", v, prov, cred, "env_file", trap)


def r_hardhat(ctx):
    rng = ctx.rng
    pk = ctx.s("evm", "private_key")
    pk2 = ctx.s("evm", "private_key")
    mn = ctx.s("bip39", "mnemonic")
    es = ctx.s("etherscan", "api_key")
    inf = ctx.s("infura", "project_id")
    al = ctx.s("alchemy", "api_key")
    f = ctx.f("hardhat.config.js", "javascript")
    f.add("require('@nomicfoundation/hardhat-toolbox');\nrequire('dotenv').config();\n")
    f.neg("const { PRIVATE_KEY, ETHERSCAN_API_KEY } = process.env;", "const { PRIVATE_KEY, ETHERSCAN_API_KEY } = process.env", "evm", "private_key",
          "assignment", "env_read")
    f.add("\n/** @type import('hardhat/config').HardhatUserConfig */\nmodule.exports = {\n  solidity: { version: '0.8.24', settings: { optimizer: { enabled: true, runs: 200 } } },\n"
          "  networks: {\n    hardhat: {\n      accounts: {")
    f.neg(f"        mnemonic: '{C.DOCS['hardhat_mnemonic']}',", C.DOCS["hardhat_mnemonic"], "bip39", "mnemonic", "dict_entry", "docs_example_key")
    f.add("      },\n    },\n    arbitrum: {")
    f.pos(f"      url: 'https://arbitrum-mainnet.infura.io/v3/{inf.v}',", inf, form="url_credential")
    f.pos(f"      accounts: ['0x{pk.v}'],", pk, form="array_literal")
    f.add("    },\n    base: {")
    f.pos(f"      url: `https://base-mainnet.g.alchemy.com/v2/{al.v}`,", al, form="url_credential")
    f.pos(f"      accounts: {{ mnemonic: \"{mn.v}\" }},", mn, form="dict_entry")
    f.add("    },\n    sepolia: {\n      url: process.env.SEPOLIA_RPC || '',")
    f.neg("      accounts: PRIVATE_KEY ? [PRIVATE_KEY] : [],", "PRIVATE_KEY ? [PRIVATE_KEY]", "evm", "private_key", "array_literal", "env_read")
    f.add("    },\n  },\n  etherscan: {")
    f.pos(f"    apiKey: {{ arbitrumOne: '{es.v}' }},", es, form="dict_entry")
    f.add("  },\n};")
    f = ctx.f("scripts/arb.js", "javascript")
    f.add("const { ethers } = require('ethers');\n\nconst provider = new ethers.JsonRpcProvider(process.env.RPC_URL);")
    f.pos(f"const wallet = new ethers.Wallet('{pk2.v}', provider);", pk2, form="constructor_arg")
    router = C.evm_address(rng)
    f.neg(f"const ROUTER = '{router}'; // Uniswap v3 router on Arbitrum", router, "evm", "address", "assignment", "public_address")
    for i in range(3):
        th = C.tx_hash(rng)
        f.neg(f"// successful arb #{i + 1}: {th}", th, "evm", "tx_hash", "comment", "tx_hash")
    f.fill(80, "javascript")
    slot = C.tx_hash(rng)
    f.neg(f"const IMPLEMENTATION_SLOT = '{slot}';", slot, "evm", "storage_slot", "assignment", "tx_hash")
    f = ctx.f(".env", "dotenv")
    _env(f, [("PRIVATE_KEY", pk), ("MNEMONIC", mn), ("ETHERSCAN_API_KEY", es), ("INFURA_PROJECT_ID", inf),
             ("WALLET_ADDRESS", C.evm_address(rng), "public_address", "evm", "address"), "GAS_LIMIT=800000"])
    readme(ctx, "README.md", "arb-contracts", "Hardhat project for an on-chain arbitrage executor.", 2)
    gitignore(ctx, ["artifacts/", "cache/", "typechain-types/"])


def r_solana(ctx):
    rng = ctx.rng
    kp = ctx.s("solana", "keypair")
    kp2 = ctx.s("solana", "keypair")
    from core import S
    ints = json.dumps(list(kp.v)).replace(" ", "")
    ints_s = S("solana", "keypair", ints)
    b58 = S("solana", "keypair", C.b58encode(kp2.v))
    f = ctx.f("keys/id.json", "json")
    f.pos(ints, ints_s, form="array_literal")
    f = ctx.f(".env", "dotenv")
    _env(f, [("SOLANA_PRIVATE_KEY", b58), ("RPC_URL=https://api.mainnet-beta.solana.com"),
             ("WALLET_PUBKEY", C.b58encode(kp2.v[32:]), "public_key", "solana", "pubkey")])
    f = ctx.f("src/sniper.ts", "typescript")
    f.add("import { Connection, Keypair, PublicKey, VersionedTransaction } from '@solana/web3.js';\nimport bs58 from 'bs58';\n\n"
          "const connection = new Connection(process.env.RPC_URL ?? 'https://api.mainnet-beta.solana.com', 'confirmed');")
    kp3 = ctx.s("solana", "keypair")
    arr = S("solana", "keypair", ", ".join(str(b) for b in kp3.v))
    f.pos(f"const payer = Keypair.fromSecretKey(Uint8Array.from([{arr.v}]));", arr, form="array_literal")
    f.neg("const fallback = Keypair.fromSecretKey(bs58.decode(process.env.SOLANA_PRIVATE_KEY!));", "process.env.SOLANA_PRIVATE_KEY",
          "solana", "keypair", "constructor_arg", "env_read")
    pub = C.sol_pubkey(rng)
    f.neg(f"const RAYDIUM_AMM = new PublicKey('{pub}');", pub, "solana", "pubkey", "constructor_arg", "public_key")
    f.fill(90, "typescript")
    sig = C.b58encode(C.rbytes(rng, 64))
    f.neg(f"// landed: https://solscan.io/tx/{sig}", sig, "solana", "tx_signature", "comment", "tx_hash")
    readme(ctx, "README.md", "sol-sniper", "Raydium pool sniper.", 1)
    gitignore(ctx)


def r_btc_wallet(ctx):
    rng = ctx.rng
    w1, w2, w3 = (ctx.s("bitcoin", "wif") for _ in range(3))
    x1, x2 = ctx.s("bitcoin", "xprv"), ctx.s("bitcoin", "xprv")
    m1, m2 = ctx.s("bip39", "mnemonic"), ctx.s("bip39", "mnemonic")
    f = ctx.f("wallet/hot.py", "python")
    f.add("from bitcoinlib.wallets import Wallet\nfrom bip_utils import Bip39SeedGenerator, Bip84, Bip84Coins\n\n")
    f.pos(f"HOT_WIF = \"{w1.v}\"", w1, form="assignment")
    f.pos(f"MASTER_XPRV = '{x1.v}'", x1, form="assignment")
    f.add("\n\ndef seed_wallet():")
    f.pos(f"    seed = Bip39SeedGenerator(\"{m1.v}\").Generate()", m1, form="constructor_arg")
    f.add("    return Bip84.FromSeed(seed, Bip84Coins.BITCOIN)\n")
    f.fill(60, "python")
    f.add("\n# cold storage sweep helper (old key, replaced in March)")
    f.pos(f"# sweep_key = \"{w2.v}\"", w2, form="comment")
    addr = C.btc_address(rng)
    f.neg(f"DEPOSIT_ADDRESS = \"{addr}\"", addr, "bitcoin", "address", "assignment", "public_address")
    f.fill(40, "python")
    f = ctx.f("tests/test_vectors.py", "python")
    f.add("import pytest\n\n# Official test vectors - public, not secrets.")
    f.neg(f"BIP39_VECTOR = \"{C.DOCS['bip39_vector']}\"", C.DOCS["bip39_vector"], "bip39", "mnemonic", "assignment", "test_vector")
    f.neg(f"WIF_EXAMPLE = \"{C.DOCS['wif_wiki']}\"  # bitcoin wiki", C.DOCS["wif_wiki"], "bitcoin", "wif", "assignment", "test_vector")
    f.neg(f"BIP32_TV1_MASTER = \"{C.DOCS['bip32_tv1']}\"", C.DOCS["bip32_tv1"], "bitcoin", "xprv", "assignment", "test_vector")
    f.add("\n\ndef test_roundtrip_regtest():")
    f.pos(f"    w = Wallet.create('regtest', keys='{w3.v}', network='testnet')", w3, form="constructor_arg")
    f.add("    assert w.get_key().address\n")
    f.fill(40, "python")
    f = ctx.f("wallet/backup.txt", "text")
    f.add("Trading wallet backup - created 2023-11-02\n")
    f.pos(f"seed: {m2.v}", m2, form="plain_text")
    f.pos(f"xprv: {x2.v}", x2, form="plain_text")
    f.add("derivation: m/84'/0'/0'")
    readme(ctx, "README.md", "btc-treasury", "Hot wallet helpers for the trading treasury.", 1)


def r_alerts(ctx):
    rng = ctx.rng
    tg1, tg2 = ctx.s("telegram", "bot_token"), ctx.s("telegram", "bot_token")
    dt, dw = ctx.s("discord", "bot_token"), ctx.s("discord", "webhook_url")
    sw, sb = ctx.s("slack", "webhook_url"), ctx.s("slack", "bot_token")
    f = ctx.f("alerts/telegram_bot.py", "python")
    f.add("import logging\n\nfrom aiogram import Bot, Dispatcher\nfrom telegram.ext import Application, CommandHandler\n\nlogger = logging.getLogger(__name__)\n")
    f.pos(f"bot = Bot(token=\"{tg1.v}\")", tg1, form="constructor_arg")
    f.pos(f"app = Application.builder().token('{tg2.v}').build()", tg2, form="builder_call")
    f.neg("dp = Dispatcher()  # token is passed via TELEGRAM_TOKEN at runtime", "TELEGRAM_TOKEN at runtime", "telegram", "bot_token", "comment",
          "docstring")
    f.fill(70, "python")
    f = ctx.f("alerts/discord_bot.py", "python")
    f.add("import discord\nfrom discord.ext import commands\nfrom discord_webhook import DiscordWebhook\n\nbot = commands.Bot(command_prefix='!', intents=discord.Intents.default())\n")
    f.pos(f"WEBHOOK = DiscordWebhook(url=\"{dw.v}\")", dw, form="constructor_arg")
    f.fill(40, "python")
    f.add("\nif __name__ == '__main__':")
    f.pos(f"    bot.run('{dt.v}')", dt, form="constructor_arg")
    f = ctx.f("alerts/slack.py", "python")
    f.add("from slack_sdk import WebClient, WebhookClient\n")
    f.pos(f"webhook = WebhookClient(\"{sw.v}\")", sw, form="constructor_arg")
    f.pos(f"client = WebClient(token=\"{sb.v}\")", sb, form="constructor_arg")
    f.neg("SLACK_CHANNEL = \"C0123456789\"", "C0123456789", "slack", "channel_id", "assignment", "public_id")
    f.fill(40, "python")
    f = ctx.f("alerts/messages_es.po", "text")
    f.add('msgid ""\nmsgstr ""\n"Language: es\\n"\n')
    f.neg('msgid "Invalid API key"\nmsgstr "Clave de API no válida"', "Invalid API key", "generic", "api_key", "po_entry", "i18n_string")
    f.add('\nmsgid "Order filled"\nmsgstr "Orden ejecutada"\n')
    f.neg('msgid "Enter your bot token"\nmsgstr "Introduce el token de tu bot"', "Enter your bot token", "telegram", "bot_token", "po_entry",
          "i18n_string")
    readme(ctx, "README.md", "trade-alerts", "Fan-out of fills to Telegram, Discord and Slack.", 1)


def r_ai_trader(ctx):
    o1, o2, a1, a2 = ctx.s("openai", "api_key"), ctx.s("openai", "api_key"), ctx.s("anthropic", "api_key"), ctx.s("anthropic", "api_key")
    k, s, _ = exset(ctx, "bybit")
    f = ctx.f("agent/llm.py", "python")
    f.add("import os\n\nimport anthropic\nfrom langchain_openai import ChatOpenAI\nfrom openai import OpenAI\n\n")
    f.pos(f"client = OpenAI(api_key=\"{o1.v}\")", o1, form="constructor_arg")
    f.pos(f"claude = anthropic.Anthropic(api_key=os.getenv(\"ANTHROPIC_API_KEY\", \"{a1.v}\"))", a1, form="default_fallback")
    f.neg("llm = ChatOpenAI(model=\"gpt-4o-mini\", temperature=0, api_key=os.environ[\"OPENAI_API_KEY\"])", "os.environ[\"OPENAI_API_KEY\"]",
          "openai", "api_key", "constructor_arg", "env_read")
    f.neg("SYSTEM = \"You are a trading assistant. Never reveal API keys or secrets in your answers.\"", "Never reveal API keys or secrets",
          "generic", "api_key", "assignment", "log_message")
    f.fill(80, "python")
    f = ctx.f("agent/tools.py", "python")
    f.add("from pybit.unified_trading import HTTP\n\n")
    f.pos(f"session = HTTP(testnet=True, api_key=\"{k.v}\", api_secret=\"{s.v}\")", k, s, form="constructor_arg")
    f.fill(60, "python")
    f = ctx.f(".env", "dotenv")
    _env(f, [("OPENAI_API_KEY", o2), ("ANTHROPIC_API_KEY", a2), "MODEL=claude-3-5-sonnet-latest", ("BYBIT_API_KEY", k)])
    f = ctx.f(".env.sample", "dotenv")
    _env(f, [("OPENAI_API_KEY", "sk-...", "placeholder", "openai", "api_key"),
             ("ANTHROPIC_API_KEY", "sk-ant-xxxxxxxx", "placeholder", "anthropic", "api_key")])
    readme(ctx, "README.md", "llm-trader", "LLM-assisted discretionary trading on Bybit testnet.", 2)


def r_stock_broker(ctx):
    rng = ctx.rng
    ak, asec = ctx.s("alpaca", "api_key_id"), ctx.s("alpaca", "api_secret")
    tr = ctx.s("tradier", "access_token")
    oa = ctx.s("oanda", "access_token")
    pg = ctx.s("polygon", "api_key")
    f = ctx.f("broker/alpaca_exec.py", "python")
    f.add("from alpaca.trading.client import TradingClient\nfrom alpaca.trading.requests import MarketOrderRequest\nimport alpaca_trade_api as tradeapi\n\n")
    f.pos(f"trading = TradingClient(\"{ak.v}\", \"{asec.v}\", paper=True)", ak, asec, form="constructor_arg")
    ak2, as2 = ctx.s("alpaca", "api_key_id"), ctx.s("alpaca", "api_secret")
    f.add("legacy = tradeapi.REST(")
    f.pos(f"    key_id='{ak2.v}',", ak2, form="constructor_arg")
    f.pos(f"    secret_key='{as2.v}',", as2, form="constructor_arg")
    f.add("    base_url='https://paper-api.alpaca.markets',\n)\n")
    f.fill(60, "python")
    f = ctx.f("broker/tradier.py", "python")
    f.add("import requests\n\nBASE = 'https://sandbox.tradier.com/v1'")
    f.pos(f"HEADERS = {{'Authorization': 'Bearer {tr.v}', 'Accept': 'application/json'}}", tr, form="http_header")
    f.fill(40, "python")
    f = ctx.f("broker/oanda.py", "python")
    f.add("from oandapyV20 import API\nimport oandapyV20.endpoints.orders as orders\n")
    f.neg("ACCOUNT_ID = \"101-004-2217431-001\"", "101-004-2217431-001", "oanda", "account_id", "assignment", "public_id")
    f.pos(f"api = API(access_token=\"{oa.v}\", environment=\"practice\")", oa, form="constructor_arg")
    f.fill(40, "python")
    f = ctx.f("config/settings.toml", "toml")
    f.add("[general]\nmode = \"paper\"\nuniverse = [\"SPY\", \"QQQ\", \"AAPL\", \"MSFT\"]\n\n[polygon]")
    f.pos(f"api_key = \"{pg.v}\"", pg, form="toml_value")
    f.add("\n[alpaca]")
    f.neg("key_id = \"${APCA_API_KEY_ID}\"", "${APCA_API_KEY_ID}", "alpaca", "api_key_id", "toml_value", "env_interpolation")
    f.pos(f"secret_key = \"{asec.v}\"", asec, form="toml_value")
    readme(ctx, "README.md", "equities-exec", "Execution layer for Alpaca, Tradier and OANDA.", 2)


def r_kite(ctx):
    zk, zs, zt = ctx.s("zerodha", "api_key"), ctx.s("zerodha", "api_secret"), ctx.s("zerodha", "access_token")
    tp, tc = ctx.s("tastytrade", "password"), ctx.s("tastytrade", "client_secret")
    f = ctx.f("kite_bot/session.py", "python")
    f.add("from kiteconnect import KiteConnect, KiteTicker\nimport logging\n\nlogging.basicConfig(level=logging.INFO)\n")
    f.pos(f"kite = KiteConnect(api_key=\"{zk.v}\")", zk, form="constructor_arg")
    f.neg("request_token = input(\"request_token from the redirect URL: \")", "request_token from the redirect URL", "zerodha", "request_token",
          "assignment", "env_read")
    f.pos(f"data = kite.generate_session(request_token, api_secret=\"{zs.v}\")", zs, form="constructor_arg")
    f.pos(f"kite.set_access_token(\"{zt.v}\")  # today's token", zt, form="constructor_arg")
    f.fill(60, "python")
    f = ctx.f("tasty/login.py", "python")
    f.add("from tastytrade import Session\n")
    f.pos(f"session = Session('options.desk@example.org', '{tp.v}')", tp, form="constructor_arg")
    f.pos(f"OAUTH_CLIENT_SECRET = \"{tc.v}\"", tc, form="assignment")
    f.fill(40, "python")
    readme(ctx, "README.md", "nifty-options", "Options bots for Zerodha Kite and tastytrade.", 1)


def r_ibkr(ctx):
    pw, vnc = ctx.s("ibkr", "password"), ctx.s("generic", "password")
    f = ctx.f("docker-compose.yml", "yaml")
    f.add("services:\n  ib-gateway:\n    image: ghcr.io/gnzsnz/ib-gateway:stable\n    restart: always\n    environment:\n      TWS_USERID: quanttrader77")
    f.pos(f"      TWS_PASSWORD: {pw.v}", pw, form="env_map")
    f.add("      TRADING_MODE: paper\n      READ_ONLY_API: \"no\"")
    f.pos(f"      VNC_SERVER_PASSWORD: \"{vnc.v}\"", vnc, form="env_map")
    f.add("    ports:\n      - \"127.0.0.1:4001:4003\"\n      - \"127.0.0.1:4002:4004\"\n  strategy:\n    build: .\n    depends_on: [ib-gateway]\n    environment:")
    f.neg("      - IB_PASSWORD=${IB_PASSWORD}", "${IB_PASSWORD}", "ibkr", "password", "env_list", "env_interpolation")
    f = ctx.f("strategy/main.py", "python")
    f.add("from ib_insync import IB, Stock, util\n\nib = IB()")
    f.neg("ib.connect('ib-gateway', 4004, clientId=17)  # no secret needed, auth happens in the gateway", "clientId=17", "ibkr", "client_id",
          "constructor_arg", "public_id")
    f.fill(80, "python")
    readme(ctx, "README.md", "ibkr-docker", "IB Gateway + ib_insync strategy.", 1)


def r_korea(ctx):
    up = exset(ctx, "upbit")
    bt = exset(ctx, "bithumb")
    co = exset(ctx, "coinone")
    kb = exset(ctx, "korbit")
    f = ctx.f("kimchi/keys.py", "python")
    f.add("# -*- coding: utf-8 -*-\n\"\"\"거래소 API 키 설정\"\"\"\nimport pyupbit\nimport pybithumb\n\n# 업비트")
    f.pos(f"UPBIT_ACCESS = \"{up[0].v}\"", up[0], form="assignment")
    f.pos(f"UPBIT_SECRET = \"{up[1].v}\"", up[1], form="assignment")
    f.add("# 빗썸")
    f.pos(f"bithumb = pybithumb.Bithumb(\"{bt[0].v}\", \"{bt[1].v}\")", bt[0], bt[1], form="constructor_arg")
    f.add("# 코인원")
    f.pos(f"COINONE = {{'access_token': '{co[0].v}', 'secret_key': '{co[1].v}'}}", co[0], co[1], form="dict_entry")
    f.add("# 코빗")
    f.pos(f"KORBIT_KEY = '{kb[0].v}'", kb[0], form="assignment")
    f.pos(f"KORBIT_SECRET = '{kb[1].v}'", kb[1], form="assignment")
    f.add("\nupbit = pyupbit.Upbit(UPBIT_ACCESS, UPBIT_SECRET)")
    f.neg("# 주의: API 키를 절대 깃허브에 올리지 마세요 (never commit your API key)", "API 키를", "generic", "api_key", "comment", "i18n_string")
    f.fill(80, "python")
    f = ctx.f("kimchi/locale/ko.json", "json")
    f.add('{\n  "title": "김치 프리미엄 봇",')
    f.neg('  "form.access_key": "액세스 키",', "form.access_key", "upbit", "access_key", "json_value", "i18n_string")
    f.neg('  "form.secret_key": "시크릿 키",', "form.secret_key", "upbit", "secret_key", "json_value", "i18n_string")
    f.add('  "status.running": "실행 중"\n}')
    readme(ctx, "README.md", "kimchi-premium", "Kimchi premium monitor and arbitrage bot.", 2)


def r_eu_js(ctx):
    bv = exset(ctx, "bitvavo")
    bs = exset(ctx, "bitstamp")
    kr = exset(ctx, "kraken")
    f = ctx.f("src/venues.mjs", "javascript")
    f.add("import bitvavoFactory from 'bitvavo';\nimport ccxt from 'ccxt';\n\nexport const bitvavo = bitvavoFactory().options({")
    f.pos(f"  APIKEY: '{bv[0].v}',", bv[0], form="dict_entry")
    f.pos(f"  APISECRET: '{bv[1].v}',", bv[1], form="dict_entry")
    f.add("  ACCESSWINDOW: 10000,\n  RESTURL: 'https://api.bitvavo.com/v2',\n});\n\nexport const bitstamp = new ccxt.bitstamp({")
    f.pos(f"  apiKey: \"{bs[0].v}\",", bs[0], form="dict_entry")
    f.pos(f"  secret: \"{bs[1].v}\",", bs[1], form="dict_entry")
    f.neg("  uid: '884123',", "'884123'", "bitstamp", "customer_id", "dict_entry", "public_id")
    f.add("});\n\nexport const kraken = new ccxt.kraken({ enableRateLimit: true });")
    f.pos(f"kraken.apiKey = '{kr[0].v}';", kr[0], form="attribute_set")
    f.pos(f"kraken.secret = '{kr[1].v}';", kr[1], form="attribute_set")
    f.fill(90, "javascript")
    f = ctx.f("kraken.key", "text")
    kr2 = exset(ctx, "kraken")
    f.pos(kr2[0].v, kr2[0], form="keyfile")
    f.pos(kr2[1].v, kr2[1], form="keyfile")
    readme(ctx, "README.md", "eu-venues", "EUR market maker across Bitvavo, Bitstamp and Kraken.", 1)
    gitignore(ctx)


def r_hummingbot(ctx):
    rng = ctx.rng
    for prov in ["gate", "mexc", "bitget", "phemex", "bingx"]:
        k, s, p = exset(ctx, prov)
        name = {"gate": "gate_io"}.get(prov, prov)
        f = ctx.f(f"conf/connectors/{name}.yml", "yaml")
        f.add(f"#####################################\n###   {name} config   ###\n#####################################\n\nconnector: {name}")
        f.pos(f"{name}_api_key: {k.v}", k, form="yaml_value")
        f.pos(f"{name}_secret_key: {s.v}", s, form="yaml_value")
        if p:
            f.pos(f"{name}_passphrase: {p.v}", p, form="yaml_value")
    f = ctx.f("conf/connectors/okx.yml", "yaml")
    enc = json.dumps({"crypto": {"cipher": "aes-128-ctr", "cipherparams": {"iv": C.rs(rng, C.HEX, 32)}, "ciphertext": C.rs(rng, C.HEX, 128),
                                 "kdf": "pbkdf2", "kdfparams": {"c": 1000000, "dklen": 32, "prf": "hmac-sha256", "salt": C.rs(rng, C.HEX, 64)},
                                 "mac": C.rs(rng, C.HEX, 64)}, "version": 3}).encode().hex()
    f.add("connector: okx")
    f.neg(f"okx_api_key: {enc}", enc[:64], "okx", "api_key", "yaml_value", "encrypted_value")
    f = ctx.f("conf/conf_client.yml", "yaml")
    f.add("instance_id: " + C.rs(rng, C.HEX, 40) + "\nlog_level: INFO\nkill_switch_mode: {}\nautofill_import: disabled\ntelegram_mode:\n  telegram_enabled: false")
    f.neg("  telegram_token: null", "telegram_token: null", "telegram", "bot_token", "yaml_value", "placeholder")
    f.add("send_error_logs: true\nanonymized_metrics_mode:\n  anonymized_metrics_interval_min: 15.0")
    f.fill(40, "yaml")
    readme(ctx, "README.md", "hb-derivs", "Hummingbot instance with perpetual connectors.", 1)


MIN_JS_WORDS = ["e", "t", "n", "r", "o", "i", "a", "s", "u", "c", "l", "d", "f", "p", "h", "m"]


def r_django(ctx):
    rng = ctx.rng
    dk = ctx.s("django", "secret_key")
    pg = ctx.s("postgres", "password")
    sm = ctx.s("smtp", "password")
    st = ctx.s("stripe", "secret_key")
    sg = ctx.s("sendgrid", "api_key")
    twt = ctx.s("twilio", "auth_token")
    cg = ctx.s("coingecko", "api_key")
    f = ctx.f("dashboard/settings.py", "python")
    f.add("from pathlib import Path\nimport os\n\nBASE_DIR = Path(__file__).resolve().parent.parent\n\n# SECURITY WARNING: keep the secret key used in production secret!")
    f.pos(f"SECRET_KEY = '{dk.v}'", dk, form="assignment")
    f.add("DEBUG = False\nALLOWED_HOSTS = ['dashboard.example.org']\n\nINSTALLED_APPS = [\n    'django.contrib.admin',\n    'django.contrib.auth',\n"
          "    'django.contrib.contenttypes',\n    'django.contrib.sessions',\n    'rest_framework',\n    'portfolio',\n]\n\nDATABASES = {\n    'default': {\n"
          "        'ENGINE': 'django.db.backends.postgresql',\n        'NAME': 'dashboard',\n        'USER': 'dashboard',")
    f.pos(f"        'PASSWORD': '{pg.v}',", pg, form="dict_entry")
    f.add("        'HOST': 'db',\n        'PORT': 5432,\n    }\n}\n\nAUTH_PASSWORD_VALIDATORS = [")
    f.neg("    {'NAME': 'django.contrib.auth.password_validation.UserAttributeSimilarityValidator'},", "password_validation", "django", "password",
          "dict_entry", "schema_field")
    f.add("    {'NAME': 'django.contrib.auth.password_validation.MinimumLengthValidator'},\n]\n\nEMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'\n"
          "EMAIL_HOST = 'smtp.gmail.com'\nEMAIL_PORT = 587\nEMAIL_HOST_USER = 'dashboard.alerts@gmail.com'")
    f.pos(f"EMAIL_HOST_PASSWORD = '{sm.v}'", sm, form="assignment")
    f.pos(f"STRIPE_SECRET_KEY = os.environ.get('STRIPE_SECRET_KEY', '{st.v}')", st, form="default_fallback")
    f.pos(f"SENDGRID_API_KEY = '{sg.v}'", sg, form="assignment")
    f.pos(f"TWILIO_AUTH_TOKEN = \"{twt.v}\"", twt, form="assignment")
    f.neg("TWILIO_ACCOUNT_SID = os.environ['TWILIO_ACCOUNT_SID']", "os.environ['TWILIO_ACCOUNT_SID']", "twilio", "account_sid", "assignment", "env_read")
    f.neg("PASSWORD_HASHERS = ['django.contrib.auth.hashers.Argon2PasswordHasher']", "Argon2PasswordHasher", "django", "password", "assignment",
          "schema_field")
    f.fill(40, "python")
    f = ctx.f("dashboard/fixtures/users.json", "json")
    f.add('[\n  {\n    "model": "auth.user",\n    "pk": 1,\n    "fields": {')
    pbk = "pbkdf2_sha256$720000$" + C.rs(rng, C.ALNUM, 22) + "$" + C.b64(C.rbytes(rng, 32))
    f.neg(f'      "password": "{pbk}",', pbk, "django", "password_hash", "json_value", "password_hash")
    f.add('      "username": "admin",\n      "is_superuser": true\n    }\n  }\n]')
    # minified bundle: one long line with identifiers + an embedded key, then source-map comment
    f = ctx.f("dashboard/static/js/app.3f9c1e.min.js", "javascript")
    parts = []
    for i in range(40):
        a, b = rng.choice(MIN_JS_WORDS), rng.choice(MIN_JS_WORDS)
        parts.append(f"function {a}{i}({b}){{return {b}&&{b}.__esModule?{b}:{{default:{b}}}}}")
    f.add('"use strict";' + "".join(parts[:20]))
    f.pos('var Ke={coingecko:{baseURL:"https://pro-api.coingecko.com/api/v3",headers:{"x-cg-pro-api-key":"' + cg.v + '"}},refresh:3e4};'
          + "".join(parts[20:30]), cg, form="minified_bundle")
    ident = "_0x" + C.rs(rng, C.HEX, 4)
    f.neg(f'var {ident}=["apiKey","secret","password","getItem","setItem"];function Se(e){{return localStorage[{ident}[3]](e+"."+{ident}[0])}}'
          + "".join(parts[30:]), f'var {ident}=["apiKey","secret"', "generic", "identifier", "minified_bundle", "minified_identifier")
    f.add("//# sourceMappingURL=app.3f9c1e.min.js.map")
    readme(ctx, "README.md", "portfolio-dashboard", "Django dashboard for the trading desk.", 2)
    gitignore(ctx, ["staticfiles/"])


def r_monorepo_ci(ctx):
    rng = ctx.rng
    aid, asec = ctx.s("aws", "access_key_id"), ctx.s("aws", "secret_access_key")
    npm = ctx.s("npm", "token")
    gh = ctx.s("github", "token")
    k, s, _ = exset(ctx, "binance")
    pem = ctx.s("gcp", "private_key")
    pkid = ctx.s("gcp", "private_key_id")
    f = ctx.f(".gitlab-ci.yml", "yaml")
    f.add("stages: [test, build, deploy]\n\nvariables:\n  DOCKER_DRIVER: overlay2\n  PIP_CACHE_DIR: \"$CI_PROJECT_DIR/.cache/pip\"")
    f.pos(f"  AWS_ACCESS_KEY_ID: {aid.v}", aid, form="yaml_value")
    f.pos(f"  AWS_SECRET_ACCESS_KEY: \"{asec.v}\"", asec, form="yaml_value")
    f.neg("  BINANCE_API_KEY: $BINANCE_API_KEY", "$BINANCE_API_KEY", "binance", "api_key", "yaml_value", "env_interpolation")
    f.add("\ntest:\n  stage: test\n  image: python:3.11\n  script:\n    - pip install -r requirements.txt\n    - pytest -q\n\ndeploy:\n  stage: deploy\n  script:")
    f.pos(f"    - echo \"//registry.npmjs.org/:_authToken={npm.v}\" > ~/.npmrc", npm, form="shell_command")
    f.add("    - npm publish --access public\n  only: [tags]")
    gha(ctx, ".github/workflows/release.yml", ["python -m build", "twine upload dist/*"],
        [("PYPI_TOKEN", "pypi", "token"), ("BINANCE_API_SECRET", "binance", "api_secret")],
        hard=[("GH_TOKEN", gh), ("BINANCE_API_KEY", k)])
    f = ctx.f("deploy/gcp-sa.json", "json")
    body = pem.v.replace("\n", "\\n") + "\\n"
    f.add('{\n  "type": "service_account",\n  "project_id": "quant-prod-412019",')
    f.pos(f'  "private_key_id": "{pkid.v}",', pkid, form="json_value")
    chunk = pem.v.split("\n")[3]
    f.pos(f'  "private_key": "{body}",', pem, form="escaped_pem", needles=[chunk])
    f.add('  "client_email": "trader-bot@quant-prod-412019.iam.gserviceaccount.com",')
    f.neg('  "client_id": "103958271650193847562",', "103958271650193847562", "gcp", "client_id", "json_value", "public_id")
    f.add('  "auth_uri": "https://accounts.google.com/o/oauth2/auth",\n  "token_uri": "https://oauth2.googleapis.com/token"\n}')
    f = ctx.f("services/pricer/Dockerfile", "dockerfile")
    f.add("FROM node:20-alpine\nWORKDIR /srv\nCOPY package*.json ./")
    f.neg("RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev", "--mount=type=secret,id=npmrc", "npm", "token", "dockerfile",
          "secret_manager_ref")
    f.pos(f"ENV BINANCE_API_SECRET={s.v}", s, form="dockerfile_env")
    f.add("COPY . .\nCMD [\"node\", \"index.js\"]")
    readme(ctx, "README.md", "quant-monorepo", "Monorepo for pricer, executor and dashboards.", 2)


def r_azure_mongo(ctx):
    rng = ctx.rng
    sk, sb = ctx.s("azure", "storage_account_key"), ctx.s("azure", "servicebus_key")
    mg, rd = ctx.s("mongodb", "password"), ctx.s("redis", "password")
    k, s, p = exset(ctx, "okx")
    f = ctx.f("src/infra.js", "javascript")
    f.add("const { BlobServiceClient } = require('@azure/storage-blob');\nconst { ServiceBusClient } = require('@azure/service-bus');\n"
          "const { MongoClient } = require('mongodb');\nconst Redis = require('ioredis');\n")
    f.pos(f"const blob = BlobServiceClient.fromConnectionString('DefaultEndpointsProtocol=https;AccountName=tradeticks;AccountKey={sk.v};EndpointSuffix=core.windows.net');",
          sk, form="connection_string")
    f.pos(f"const bus = new ServiceBusClient(\"Endpoint=sb://trade-events.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={sb.v}\");",
          sb, form="connection_string")
    f.pos(f"const mongo = new MongoClient(process.env.MONGO_URL || 'mongodb+srv://ticks:{mg.url}@cluster0.ab1cd.mongodb.net/ticks?retryWrites=true');",
          mg, form="url_credential", needles=[mg.url])
    f.pos(f"const redis = new Redis('rediss://default:{rd.v}@cache.internal:6380/0');", rd, form="url_credential")
    f.neg("const local = new MongoClient('mongodb://localhost:27017/ticks');", "mongodb://localhost:27017/ticks", "mongodb", "url", "constructor_arg",
          "url_without_credentials")
    f.neg("const tmpl = 'mongodb+srv://<username>:<password>@cluster0.ab1cd.mongodb.net/';", "<username>:<password>", "mongodb", "password",
          "assignment", "placeholder")
    f.fill(60, "javascript")
    f = ctx.f("src/okx.js", "javascript")
    f.add("const ccxt = require('ccxt');\n\nclass OkxFeed {")
    f.pos(f"  apiKey = '{k.v}';", k, form="class_field")
    f.pos(f"  secret = '{s.v}';", s, form="class_field")
    f.pos(f"  password = '{p.v}';", p, form="class_field")
    f.add("  client = new ccxt.pro.okx({ apiKey: this.apiKey, secret: this.secret, password: this.password });\n}\n\nmodule.exports = { OkxFeed };")
    f = ctx.f("local.settings.json", "json")
    f.add('{\n  "IsEncrypted": false,\n  "Values": {')
    f.neg('    "AzureWebJobsStorage": "UseDevelopmentStorage=true",', "UseDevelopmentStorage=true", "azure", "storage_account_key", "json_value",
          "placeholder")
    f.pos(f'    "TicksStorage": "DefaultEndpointsProtocol=https;AccountName=tradeticks;AccountKey={sk.v};EndpointSuffix=core.windows.net",', sk,
          form="connection_string")
    f.add('    "FUNCTIONS_WORKER_RUNTIME": "node"\n  }\n}')
    readme(ctx, "README.md", "tick-pipeline", "Tick capture into Azure + MongoDB.", 1)


def r_dotfiles(ctx):
    rng = ctx.rng
    npm, pypi = ctx.s("npm", "token"), ctx.s("pypi", "token")
    netrc = ctx.s("generic", "password")
    aid, asec = ctx.s("aws", "access_key_id"), ctx.s("aws", "secret_access_key")
    from core import S
    ssh = S("ssh", "private_key", C.openssh_pem(rng))
    k, s, _ = exset(ctx, "binance")
    okk, oks, okp = exset(ctx, "okx")
    gh = ctx.s("github", "token")
    tg = ctx.s("telegram", "bot_token")
    f = ctx.f(".npmrc", "ini")
    f.add("registry=https://registry.npmjs.org/\nsave-exact=true")
    f.pos(f"//registry.npmjs.org/:_authToken={npm.v}", npm, form="ini_value")
    f.neg("//npm.pkg.github.com/:_authToken=${GITHUB_TOKEN}", "${GITHUB_TOKEN}", "github", "token", "ini_value", "env_interpolation")
    f = ctx.f(".pypirc", "ini")
    f.add("[distutils]\nindex-servers =\n    pypi\n    testpypi\n\n[pypi]\nusername = __token__")
    f.pos(f"password = {pypi.v}", pypi, form="ini_value")
    f.add("\n[testpypi]\nusername = __token__")
    f.neg("password = %(TESTPYPI_TOKEN)s", "%(TESTPYPI_TOKEN)s", "pypi", "token", "ini_value", "env_interpolation")
    f = ctx.f(".netrc", "netrc")
    f.pos(f"machine api.trading-vps.example.org login deploy password {netrc.v}", netrc, form="netrc")
    f = ctx.f(".aws/credentials", "ini")
    f.add("[default]")
    f.pos(f"aws_access_key_id = {aid.v}", aid, form="ini_value")
    f.pos(f"aws_secret_access_key = {asec.v}", asec, form="ini_value")
    f.add("\n[example]")
    f.neg(f"aws_access_key_id = {C.DOCS['aws_key_id']}", C.DOCS["aws_key_id"], "aws", "access_key_id", "ini_value", "docs_example_key")
    f.neg(f"aws_secret_access_key = {C.DOCS['aws_secret']}", C.DOCS["aws_secret"], "aws", "secret_access_key", "ini_value", "docs_example_key")
    f = ctx.f(".ssh/id_ed25519", "pem")
    f.posblock(ssh.v, ssh, form="pem_block", needles=["-----BEGIN OPENSSH PRIVATE KEY-----"])
    f = ctx.f(".ssh/id_ed25519.pub", "text")
    pub = C.ssh_pub(rng)
    f.neg(f"{pub} trader@vps", pub, "ssh", "public_key", "plain_text", "public_key")
    f = ctx.f(".bash_history", "shell_history")
    hist = ["cd ~/bots/grid", "git pull", "source .venv/bin/activate", "pip install -U ccxt", ("pos", f"export BINANCE_API_KEY={k.v}", k),
            ("pos", f"export BINANCE_API_SECRET={s.v}", s), "python -m bot --paper", "htop", "tail -f logs/bot.log",
            ("pos", f"curl -H \"X-MBX-APIKEY: {k.v}\" 'https://api.binance.com/api/v3/account?timestamp=1717000000000&signature=xyz'", k),
            "docker ps", "docker compose logs -f --tail=100",
            ("pos", f"python okx_test.py --key {okk.v} --secret {oks.v} --passphrase '{okp.v}'", okk, oks, okp),
            ("neg", "history | grep -i secret", "grep -i secret", "generic", "api_secret", "shell_history", "log_message"),
            ("pos", f"git remote set-url origin https://{gh.v}@github.com/example/grid.git", gh),
            "git push origin main", "sudo systemctl restart trader",
            ("pos", f"curl -s https://api.telegram.org/bot{tg.v}/getUpdates | jq .", tg),
            ("neg", "export BINANCE_API_KEY=$(pass show trading/binance/key)", "$(pass show trading/binance/key)", "binance", "api_key",
             "shell_history", "secret_manager_ref"),
            "exit"]
    for h in hist * 1:
        if isinstance(h, str):
            f.add(h)
        elif h[0] == "pos":
            f.pos(h[1], *h[2:], form="shell_history")
        else:
            f.neg(*h[1:])
    for i in range(40):
        f.add(rng.choice(["ls -la", "git status", "htop", "df -h", "docker ps", "tail -n 200 logs/bot.log", "vim config/prod.yaml",
                          "python -m pytest -q", "git log --oneline | head", "free -m"]))
    readme(ctx, "README.md", "vps-dotfiles", "My VPS dotfiles (trading box).", 1)


def r_keyfiles(ctx):
    rng = ctx.rng
    bk = ctx.s("binance", "api_key")
    bpem = ctx.s("binance", "private_key")
    name = ctx.s("coinbase", "api_key_name")
    cpem = ctx.s("coinbase", "private_key")
    name2 = ctx.s("coinbase", "api_key_name")
    cpem2 = ctx.s("coinbase", "private_key")
    from core import S
    rsa = S("binance", "rsa_private_key", C.rsa_pem(rng, pkcs8=False))
    f = ctx.f("keys/binance_ed25519.pem", "pem")
    f.posblock(bpem.v, bpem, form="pem_block", needles=["-----BEGIN PRIVATE KEY-----"])
    f = ctx.f("keys/binance_ed25519_pub.pem", "pem")
    pp = C.pem("PUBLIC KEY", bytes.fromhex("302a300506032b6570032100") + C.rbytes(rng, 32))
    f.neg(pp, "-----BEGIN PUBLIC KEY-----", "binance", "public_key", "pem_block", "public_key")
    f = ctx.f("keys/legacy_rsa.pem", "pem")
    f.posblock(rsa.v, rsa, form="pem_block", needles=["-----BEGIN RSA PRIVATE KEY-----"])
    f = ctx.f("cdp_api_key.json", "json")
    f.add("{")
    f.pos(f'   "name": "{name.v}",', name, form="json_value")
    f.pos(f'   "privateKey": "{cpem.v.replace(chr(10), chr(92) + "n")}\\n"', cpem, form="escaped_pem", needles=[cpem.v.split("\n")[1]])
    f.add("}")
    f = ctx.f("trader/binance_client.py", "python")
    f.add("from binance.spot import Spot\nfrom coinbase.rest import RESTClient\n\n")
    f.pos(f"API_KEY = \"{bk.v}\"", bk, form="assignment")
    f.add("with open('keys/binance_ed25519.pem', 'rb') as fh:\n    private_key = fh.read()\n")
    f.neg("client = Spot(api_key=API_KEY, private_key=private_key, private_key_pass=None)", "private_key_pass=None", "binance", "private_key_pass",
          "constructor_arg", "function_param")
    f.add("\nCOINBASE_KEY_NAME = (")
    f.pos(f"    \"{name2.v}\"", name2, form="assignment")
    f.add(")")
    f.posblock(f"COINBASE_PRIVATE_KEY = \"\"\"{cpem2.v}\n\"\"\"", cpem2, form="pem_block", needles=["-----BEGIN EC PRIVATE KEY-----"])
    f.add("cb = RESTClient(api_key=COINBASE_KEY_NAME, api_secret=COINBASE_PRIVATE_KEY)\n")
    f.fill(60, "python")
    readme(ctx, "README.md", "asym-keys", "Binance Ed25519 and Coinbase CDP key handling.", 1)
    gitignore(ctx, ["keys/*.pem"])


def r_multi_toml(ctx):
    rng = ctx.rng
    ex = {p: exset(ctx, p) for p in ["htx", "whitebit", "gemini", "bithumb", "deribit"]}
    tc_k, tc_s = ctx.s("threecommas", "api_key"), ctx.s("threecommas", "api_secret")
    f = ctx.f("config/live.toml", "toml")
    f.add("# live venues - generated by ./scripts/setup.py\n[bot]\nname = \"multi-venue\"\nheartbeat_secs = 15\n")
    for p, (k, s, pp) in ex.items():
        kn, sn = ("client_id", "client_secret") if p == "deribit" else ("api_key", "api_secret")
        f.add(f"\n[venues.{p}]\nenabled = true")
        f.pos(f"{kn} = \"{k.v}\"", k, form="toml_value")
        f.pos(f"{sn} = '{s.v}'", s, form="toml_value")
    f.add("\n[threecommas]")
    f.pos(f"key = \"{tc_k.v}\"", tc_k, form="toml_value")
    f.pos(f"secret = \"{tc_s.v}\"", tc_s, form="toml_value")
    f = ctx.f("config/paper.toml", "toml")
    f.add("[bot]\nname = \"multi-venue-paper\"\n")
    for p in ["htx", "whitebit", "gemini"]:
        f.add(f"\n[venues.{p}]\nenabled = true")
        v = ph(ctx)
        f.neg(f"api_key = \"{v}\"", v, p, "api_key", "toml_value", "placeholder")
    f = ctx.f("scripts/setup.py", "python")
    f.add("import getpass\nimport tomlkit\n\n\ndef ask(venue: str) -> dict:")
    f.neg("    key = getpass.getpass(f\"{venue} API key: \")", "getpass.getpass(f\"{venue} API key: \")", "generic", "api_key", "assignment", "env_read")
    f.add("    secret = getpass.getpass(f\"{venue} API secret: \")\n    return {'api_key': key, 'api_secret': secret}\n")
    f.fill(60, "python")
    f = ctx.f("tests/test_config.py", "python")
    f.add("import tomllib\n\n\ndef test_live_config_has_all_venues():\n    cfg = tomllib.load(open('config/live.toml', 'rb'))\n    assert set(cfg['venues']) >= {'htx', 'gemini'}\n")
    g = ctx.s("gemini", "api_key")
    f.pos(f"GEMINI_SANDBOX_KEY = \"{g.v}\"  # sandbox account, still a real credential", g, form="assignment")
    f.neg("API_KEY_PATTERN = r\"^(account|master)-[A-Za-z0-9]{20}$\"", "(account|master)-[A-Za-z0-9]{20}", "gemini", "api_key", "assignment",
          "schema_field")
    uid = C.uuid4(rng)
    f.neg(f"REQUEST_ID = \"{uid}\"", uid, "generic", "request_id", "assignment", "uuid_id")
    f.fill(40, "python")
    readme(ctx, "README.md", "multi-venue", "One config, many venues.", 1)


REPOS = [
    ("arb-contracts", r_hardhat), ("sol-sniper", r_solana), ("btc-treasury", r_btc_wallet), ("trade-alerts", r_alerts),
    ("llm-trader", r_ai_trader), ("equities-exec", r_stock_broker), ("nifty-options", r_kite), ("ibkr-docker", r_ibkr),
    ("kimchi-premium", r_korea), ("eu-venues", r_eu_js), ("hb-derivs", r_hummingbot), ("portfolio-dashboard", r_django),
    ("quant-monorepo", r_monorepo_ci), ("tick-pipeline", r_azure_mongo), ("vps-dotfiles", r_dotfiles), ("asym-keys", r_keyfiles),
    ("multi-venue", r_multi_toml),
]
