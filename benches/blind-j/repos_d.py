"""Second wave: Coinbase variants, placeholder zoo, RPC/DB URLs, Docker builds, key files,
broker tokens, contract artefacts, structured logs, Move/Aptos/Sui CLI configs."""
import base64
import json


def r_coinbase(c, repo):
    v = c.v
    f = c.file(repo, "cdp_api_key.json", "json")
    nm = f.pos("coinbase", "api_key", v.cdp_name(), "CDP key file name")
    pem = f.pempos("coinbase", "private_key", "EC", "CDP key file privateKey escaped PEM", escape=True)
    f.text = '{\n   "name": "%s",\n   "privateKey": "%s\\n"\n}\n' % (nm, pem)
    f = c.file(repo, "cdp_ed25519.json", "json")
    kid = f.pos("coinbase", "api_key", v.uuid(), "CDP Ed25519 key id")
    pk = f.pos("coinbase", "private_key", v.b64(64), "CDP Ed25519 privateKey base64 64B")
    f.text = '{\n  "id": "%s",\n  "privateKey": "%s"\n}\n' % (kid, pk)
    f = c.file(repo, "legacy/pro_client.py", "python")
    k = f.pos("coinbase", "api_key", v.hexl(32), "cbpro AuthenticatedClient positional")
    s = f.pos("coinbase", "api_secret", v.b64(64), "cbpro b64secret")
    p = f.pos("coinbase", "passphrase", v.mixed("abcdefghijklmnopqrstuvwxyz0123456789", 11), "cbpro passphrase")
    k2 = f.pos("coinbase", "api_key", v.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 16), "coinbase v2 wallet Client key")
    s2 = f.pos("coinbase", "api_secret", v.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32), "coinbase v2 wallet Client secret")
    f.text = f'''import cbpro
from coinbase.wallet.client import Client

auth_client = cbpro.AuthenticatedClient(
    "{k}",
    "{s}",
    "{p}",
)
wallet = Client("{k2}", "{s2}")
print(auth_client.get_accounts())
'''
    f = c.file(repo, "README.md", "markdown")
    n1 = f.neg("coinbase", "api_key", "organizations/{org_id}/apiKeys/{key_id}", "templated key name", "placeholder")
    n2 = f.neg("coinbase", "private_key", "-----BEGIN EC PRIVATE KEY-----\\nYOUR PRIVATE KEY\\n-----END EC PRIVATE KEY-----\\n", "placeholder PEM", "placeholder")
    f.text = f'''# coinbase-advanced bot

Download your key from the CDP portal. The file looks like:

```json
{{
  "name": "{n1}",
  "privateKey": "{n2}"
}}
```
'''


def r_placeholder_zoo(c, repo):
    v = c.v
    f = c.file(repo, ".env.example", "dotenv")
    items = [("binance", "api_key", "BINANCE_API_KEY=", "your_binance_api_key_here", "snake placeholder"),
             ("binance", "api_secret", "BINANCE_API_SECRET=", "<BINANCE_API_SECRET>", "angle placeholder"),
             ("okx", "passphrase", "OKX_PASSPHRASE=", "********", "asterisks"),
             ("telegram", "token", "TELEGRAM_BOT_TOKEN=", "123456789:ABCdefGhIJKlmNoPQRsTUVwxyZ", "docs-style token sample"),
             ("evm", "private_key", "PRIVATE_KEY=", "0x0000000000000000000000000000000000000000000000000000000000000000", "zero key"),
             ("evm", "private_key", "BACKUP_PRIVATE_KEY=", "0x" + "0123456789abcdef" * 4, "sequential hex"),
             ("alpaca", "api_key", "APCA_API_KEY_ID=", "PKXXXXXXXXXXXXXXXXXX", "X-filled prefix"),
             ("github", "token", "GH_TOKEN=", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "x-filled prefix"),
             ("openai", "api_key", "OPENAI_API_KEY=", "sk-proj-REPLACE_ME", "REPLACE_ME"),
             ("stripe", "api_key", "STRIPE_KEY=", "sk_live_...", "ellipsis"),
             ("kraken", "api_secret", "KRAKEN_API_SECRET=", "changeme-kraken-secret", "changeme"),
             ("postgres", "db_url", "DATABASE_URL=", "postgresql://user:password@localhost:5432/bot", "generic user:password URL")]
    body = ["# Copy to .env and fill in real values"]
    for prov, cred, pre, val, form in items:
        body.append(pre + f.neg(prov, cred, val, form, "placeholder"))
    f.text = "\n".join(body) + "\n"
    f = c.file(repo, "examples/config.sample.ts", "typescript")
    a = f.neg("bybit", "api_key", "'YOUR_BYBIT_KEY'", "TS placeholder", "placeholder")
    b = f.neg("bybit", "api_secret", "'{{BYBIT_SECRET}}'", "mustache placeholder", "template_ref")
    d = f.neg("bybit", "api_secret", "`${process.env.BYBIT_SECRET_V2}`", "template literal env", "env_ref")
    f.text = f'''export default {{
  bybit: {{ key: {a}, secret: {b} }},
  bybitV2: {{ secret: {d} }},
}};
'''
    f = c.file(repo, "examples/example.go", "go")
    g1 = f.neg("gate", "api_key", "\"<gate-api-key>\"", "Go placeholder", "placeholder")
    g2 = f.neg("gate", "api_secret", "\"REPLACE_WITH_GATE_SECRET\"", "Go placeholder", "placeholder")
    f.text = f'''package main

import gateapi "github.com/gateio/gateapi-go/v6"

func main() {{
	ctx := context.WithValue(context.Background(), gateapi.ContextGateAPIV4, gateapi.GateAPIV4{{
		Key:    {g1},
		Secret: {g2},
	}})
	_ = ctx
}}
'''
    f = c.file(repo, "ansible/roles/bot/templates/config.yml.j2", "jinja")
    j1 = f.neg("kucoin", "api_key", "{{ vault_kucoin_api_key }}", "Jinja var", "template_ref")
    j2 = f.neg("kucoin", "api_secret", "{{ lookup('hashi_vault', 'secret=kv/data/kucoin:secret') }}", "Jinja vault lookup", "secret_ref")
    f.text = f'''kucoin:
  api_key: "{j1}"
  api_secret: "{j2}"
'''
    f = c.file(repo, "docs/quickstart.md", "markdown")
    m1 = f.neg("binance", "api_key", "abc123...xyz789", "ellipsis-truncated", "masked")
    m2 = f.neg("aws", "access_key", "AKIA****************", "masked AWS key", "masked")
    m3 = f.neg("gemini", "api_key", "account-XXXXXXXXXXXXXXXXXXXX", "X-filled gemini key", "placeholder")
    m4 = f.neg("oanda", "token", "<32 hex>-<32 hex>", "shape description", "placeholder")
    f.text = f'''# Quickstart

1. Create an API key (it will look like `{m1}`).
2. If you also use S3 backups your key looks like `{m2}`.
3. Gemini keys have the form `{m3}`.
4. OANDA personal tokens are `{m4}`.
'''
    f = c.file(repo, "examples/settings.py", "python")
    q1 = f.neg("kraken", "api_key", "os.environ.get(\"KRAKEN_KEY\", \"\")", "env with empty default", "env_ref")
    q2 = f.neg("kraken", "api_secret", "config[\"kraken\"][\"secret\"]", "config lookup", "env_ref")
    q3 = f.neg("kraken", "api_secret", "\"%(kraken_secret)s\"", "printf-style template", "template_ref")
    q4 = f.neg("kraken", "api_key", "\"dummy-key-for-unit-tests\"", "test dummy", "placeholder")
    f.text = f'''import os
KRAKEN_KEY = {q1}
KRAKEN_SECRET = {q2}
TEMPLATE = {q3}
TEST_KEY = {q4}
'''


def r_rpc_urls(c, repo):
    v = c.v
    f = c.file(repo, "src/config.py", "python")
    tg = f.pos("telegram", "token", v.telegram(), "token inside api.telegram.org/bot URL")
    he = f.pos("helius", "api_key", v.uuid(), "Helius RPC URL api-key query")
    qn = f.pos("quicknode", "token", v.hexl(40), "QuickNode RPC URL path token")
    mg = f.pos("mongodb", "db_url", "mongodb+srv://bot:" + v.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 16) + "@cluster0.ab1cd.mongodb.net/trades", "mongodb+srv URL with password")
    rd = f.pos("redis", "db_url", "rediss://default:" + v.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 24) + "@eu1-redis.example.cloud:6380/0", "rediss URL with password")
    am = f.pos("rabbitmq", "db_url", "amqps://signals:" + v.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 20) + "@mq.example.net/vhost", "amqps URL with password")
    pub = f.neg("solana", "program_id", "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "SPL token program id (public)", "public_key")
    tx = f.neg("evm", "tx_hash", v.hexl(64), "etherscan tx link", "hash")
    f.text = f'''TELEGRAM_URL = "https://api.telegram.org/bot{tg}/sendMessage"
SOLANA_RPC = "https://mainnet.helius-rpc.com/?api-key={he}"
ETH_RPC = "https://late-frosty-dawn.quiknode.pro/{qn}/"
MONGO_URI = "{mg}"
REDIS_URL = "{rd}"
AMQP_URL = "{am}"
TOKEN_PROGRAM = "{pub}"
# incident: https://etherscan.io/tx/0x{tx}
PUBLIC_RPC = "https://cloudflare-eth.com"
'''


def r_docker_build(c, repo):
    v = c.v
    f = c.file(repo, "Dockerfile", "dockerfile")
    dg = f.neg("docker", "digest", "sha256:" + v.hexl(64), "FROM digest", "hash")
    ek = f.pos("kucoin", "api_key", v.kucoin_key(), "Dockerfile ENV")
    es = f.pos("kucoin", "api_secret", v.uuid(), "Dockerfile ENV")
    ar = f.neg("kucoin", "passphrase", "ARG KUCOIN_PASSPHRASE", "ARG without default", "env_ref")
    f.text = f'''FROM python:3.11-slim@{dg}
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
{ar}
ENV KUCOIN_API_KEY={ek} \\
    KUCOIN_API_SECRET={es}
COPY . .
CMD ["python", "-m", "bot"]
'''
    f = c.file(repo, "scripts/build.sh", "bash")
    ba = f.pos("kucoin", "passphrase", v.passphrase(), "docker build --build-arg")
    f.text = f'''#!/bin/sh
set -e
docker build --build-arg KUCOIN_PASSPHRASE='{ba}' -t kc-bot:latest .
'''


def r_keyfiles(c, repo):
    v = c.v
    f = c.file(repo, "keys/bybit_rsa_private.pem", "pem")
    f.pempos("bybit", "private_key", "PKCS8", "RSA PKCS#8 PEM file")
    f.text = f.pending[-1]["value"] + "\n"
    f = c.file(repo, "keys/bybit_rsa_public.pem", "pem")
    txt, first = v.pem("PUBLIC")
    f.neg("bybit", "public_key", txt, "RSA public key PEM", "public_key", needle=first, pem=True, check="pem")
    f.text = txt + "\n"
    f = c.file(repo, "deploy/id_ed25519", "ssh")
    f.pempos("ssh", "private_key", "OPENSSH", "OpenSSH private key file")
    f.text = f.pending[-1]["value"] + "\n"
    f = c.file(repo, "deploy/id_ed25519.pub", "ssh")
    sp = f.neg("ssh", "public_key", "AAAAC3NzaC1lZDI1NTE5AAAAI" + v.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 43), "ssh-ed25519 public key", "public_key")
    f.text = f"ssh-ed25519 {sp} deploy@bot-tokyo-1\n"
    f = c.file(repo, "binance/keys.py", "python")
    bk = f.pos("binance", "api_key", v.binance(), "Spot api_key with RSA key")
    txt, first = v.pem("ENCRYPTED")
    f.pos("binance", "private_key", txt, "encrypted PKCS#8 PEM in Python triple-quoted string (passphrase alongside)", needle=first, pem=True, check="pem")
    pw = f.pos("binance", "passphrase", v.passphrase(), "private_key_pass literal")
    f.text = f'''from binance.spot import Spot

API_KEY = "{bk}"
RSA_KEY = """
{txt}
"""
client = Spot(api_key=API_KEY, private_key=RSA_KEY, private_key_pass="{pw}")
'''
    f = c.file(repo, "kraken.key", "text")
    kk = f.pos("kraken", "api_key", v.kraken_key(), "krakenex kraken.key line 1")
    ks = f.pos("kraken", "api_secret", v.kraken_secret(), "krakenex kraken.key line 2")
    f.text = f"{kk}\n{ks}\n"


def r_broker_tokens(c, repo):
    v = c.v
    f = c.file(repo, "schwab/token.json", "json")
    at = f.pos("schwab", "token", "I0." + v.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 100) + "@", "schwab-py token file access_token")
    rt = f.pos("schwab", "token", v.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 120) + "@", "schwab-py token file refresh_token")
    idt = f.neg("schwab", "id_token", v.uuid(), "correlation id", "uuid_id")
    f.text = json.dumps({"creation_timestamp": 1733490212, "token": {"expires_in": 1800, "token_type": "Bearer", "scope": "api",
                         "refresh_token": rt, "access_token": at, "id_token": None, "expires_at": 1733492012}, "x_correlation": idt}, indent=2) + "\n"
    f = c.file(repo, "tda/auth.py", "python")
    ck = f.pos("tdameritrade", "api_key", v.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 32) + "@AMER.OAUTHAP", "TDA consumer key")
    f.text = f'''from tda import auth
client = auth.client_from_token_file("tda_token.json", "{ck}")
'''
    f = c.file(repo, "kite/daily.py", "python")
    ka = f.pos("zerodha", "token", v.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32), "kite.set_access_token literal")
    kk = f.pos("zerodha", "api_key", v.kite_key(), "KiteConnect(api_key=)")
    f.text = f'''from kiteconnect import KiteConnect
kite = KiteConnect(api_key="{kk}")
kite.set_access_token("{ka}")  # regenerated every morning
'''
    f = c.file(repo, "threecommas/bot.py", "python")
    tk = f.pos("3commas", "api_key", v.threecommas_key(), "Py3CW key")
    ts = f.pos("3commas", "api_secret", v.hexl(200), "Py3CW secret")
    f.text = f'''from py3cw.request import Py3CW
p3cw = Py3CW(
    key="{tk}",
    secret="{ts}",
    request_options={{"request_timeout": 10, "nr_of_retries": 1}},
)
'''
    f = c.file(repo, "polymarket/trade.py", "python")
    pk = f.pos("polymarket", "private_key", v.evm_key(), "ClobClient key=")
    pa = f.pos("polymarket", "api_key", v.uuid(), "ApiCreds api_key")
    ps = f.pos("polymarket", "api_secret", base64.urlsafe_b64encode(v.raw(32)).decode(), "ApiCreds api_secret")
    pp = f.pos("polymarket", "passphrase", v.hexl(64), "ApiCreds api_passphrase")
    cond = f.neg("polymarket", "condition_id", v.evm_key(), "market condition id", "hash")
    f.text = f'''from py_clob_client.client import ClobClient
from py_clob_client.clob_types import ApiCreds

creds = ApiCreds(
    api_key="{pa}",
    api_secret="{ps}",
    api_passphrase="{pp}",
)
client = ClobClient("https://clob.polymarket.com", key="{pk}", chain_id=137, creds=creds)
CONDITION_ID = "{cond}"
'''
    f = c.file(repo, "dydx_v3/client.py", "python")
    stk = f.pos("dydx", "private_key", "0x" + v.hexl(63), "dydx v3 stark_private_key")
    dk = f.pos("dydx", "api_key", v.uuid(), "dydx v3 api_key_credentials key")
    ds = f.pos("dydx", "api_secret", v.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 40), "dydx v3 api secret")
    dp = f.pos("dydx", "passphrase", v.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 20), "dydx v3 passphrase")
    f.text = f'''from dydx3 import Client
client = Client(
    host="https://api.dydx.exchange",
    api_key_credentials={{"key": "{dk}", "secret": "{ds}", "passphrase": "{dp}"}},
    stark_private_key="{stk}",
)
'''
    f = c.file(repo, "twilio/notify.py", "python")
    sk = f.pos("twilio", "api_key", "SK" + v.hexl(32), "Twilio API key SID")
    ss = f.pos("twilio", "api_secret", v.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32), "Twilio API key secret")
    f.text = f'''from twilio.rest import Client
client = Client("{sk}", "{ss}", account_sid=ACCOUNT_SID)
'''


def r_contract_artifacts(c, repo):
    v = c.v
    f = c.file(repo, "artifacts/contracts/Vault.sol/Vault.json", "json")
    bc = f.neg("evm", "bytecode", "0x60806040526004361061004a5760003560e01c" + v.hexl(900), "deployedBytecode", "bytecode")
    bc2 = f.neg("evm", "bytecode", "0x6080604052348015600f57600080fd5b50" + v.hexl(700), "creation bytecode", "bytecode")
    f.text = json.dumps({"_format": "hh-sol-artifact-1", "contractName": "Vault", "sourceName": "contracts/Vault.sol",
                         "abi": [{"inputs": [{"internalType": "uint256", "name": "amount", "type": "uint256"}], "name": "deposit",
                                  "outputs": [], "stateMutability": "nonpayable", "type": "function"}],
                         "bytecode": bc2, "deployedBytecode": bc, "linkReferences": {}, "deployedLinkReferences": {}}, indent=2) + "\n"
    f = c.file(repo, "deployments/mainnet.json", "json")
    addr = f.neg("evm", "address", v.evm_addr(), "deployed contract address", "public_key")
    txh = f.neg("evm", "tx_hash", "0x" + v.hexl(64), "deployment transactionHash", "hash")
    bh = f.neg("evm", "block_hash", "0x" + v.hexl(64), "blockHash", "hash")
    salt = f.neg("evm", "salt", "0x" + v.hexl(64), "CREATE2 salt", "hash")
    f.text = f'''{{
  "Vault": {{
    "address": "{addr}",
    "transactionHash": "{txh}",
    "receipt": {{"blockHash": "{bh}", "blockNumber": 19283311, "status": 1}},
    "salt": "{salt}"
  }}
}}
'''
    f = c.file(repo, ".env", "dotenv")
    pk = f.pos("evm", "private_key", v.evm_key(prefix=False), "dotenv PRIVATE_KEY no 0x")
    root = f.neg("evm", "merkle_root", "0x" + v.hexl(64), "merkle root", "hash")
    f.text = f'''RPC_URL=https://arb1.arbitrum.io/rpc
PRIVATE_KEY={pk}
AIRDROP_MERKLE_ROOT={root}
'''
    f = c.file(repo, "src/crypto/vectors.rs", "rust")
    rv = f.neg("ed25519", "private_key", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "RFC 8032 test vector 1 secret", "test_vector")
    f.text = f'''// RFC 8032 section 7.1, TEST 1
pub const SECRET_KEY: &str = "{rv}";
pub const PUBLIC_KEY: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
'''


def r_json_logs(c, repo):
    v = c.v
    f = c.file(repo, "var/log/bot.jsonl", "jsonl")
    lines = []
    for i in range(30):
        oid = f.neg("bybit", "order_id", v.uuid(), "orderId in structured log", "uuid_id") if i % 5 == 0 else None
        rec = {"ts": "2024-11-03T07:%02d:%02d.%03dZ" % (i, c.rng.randint(0, 59), c.rng.randint(0, 999)), "level": "info",
               "msg": "order placed" if oid else "tick", "symbol": "BTCUSDT", "px": round(68000 + c.rng.random() * 900, 1)}
        if oid:
            rec["orderId"] = oid
        lines.append(json.dumps(rec))
    leak = f.pos("telegram", "token", v.telegram(), "token leaked in logged request URL")
    lines.insert(17, json.dumps({"ts": "2024-11-03T07:17:44.120Z", "level": "error", "msg": "notify failed",
                                 "url": "https://api.telegram.org/bot" + leak + "/sendMessage", "status": 409}))
    masked = f.neg("bybit", "api_key", "api_key=***REDACTED***", "redacted in log", "masked")
    lines.insert(3, json.dumps({"ts": "2024-11-03T07:03:00.000Z", "level": "debug", "msg": "client init " + masked}))
    f.text = "\n".join(lines) + "\n"


def r_move_cli(c, repo):
    v = c.v
    f = c.file(repo, ".aptos/config.yaml", "yaml")
    pk = f.pos("aptos", "private_key", "ed25519-priv-0x" + v.hexl(64), "aptos CLI profile private_key")
    pub = f.neg("aptos", "public_key", "ed25519-pub-0x" + v.hexl(64), "aptos CLI public_key", "public_key")
    acct = f.neg("aptos", "address", v.hexl(64), "aptos account address", "public_key")
    f.text = f'''---
profiles:
  default:
    network: Mainnet
    private_key: "{pk}"
    public_key: "{pub}"
    account: {acct}
    rest_url: "https://fullnode.mainnet.aptoslabs.com"
'''
    f = c.file(repo, "sui/sui.keystore", "json")
    k1 = f.pos("sui", "private_key", base64.b64encode(b"\x00" + v.raw(32)).decode(), "sui.keystore base64 flag+key")
    k2 = f.pos("sui", "private_key", base64.b64encode(b"\x00" + v.raw(32)).decode(), "sui.keystore base64 flag+key")
    f.text = f'''[
  "{k1}",
  "{k2}"
]
'''
    f = c.file(repo, "Move.toml", "toml")
    ad = f.neg("aptos", "address", "0x" + v.hexl(64), "named address", "public_key")
    f.text = f'''[package]
name = "perp_vault"
version = "0.1.0"

[addresses]
perp_vault = "{ad}"

[dependencies.AptosFramework]
git = "https://github.com/aptos-labs/aptos-core.git"
rev = "mainnet"
subdir = "aptos-move/framework/aptos-framework"
'''
