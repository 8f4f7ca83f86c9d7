"""JSON files: freqtrade/OctoBot configs, GCP service accounts, Solana id.json, keystores, CDP key
files, .NET appsettings, JWK sets, lockfiles, JSON-in-JSON."""

from __future__ import annotations

import base64
import hashlib
import json

from ..core import Item, jdump
from .. import values as V
from .. import traps as T


def _m(ctx, it, form, lang="json", needle=None):
    return ctx.m(it, form, lang, needle=needle, span=1)


def freqtrade(ctx):
    L = "json"
    ex = ctx.account(kinds=("exchange",), single=True)
    placeholder = ctx.chance(0.25)
    exchange = {"name": ex[0].provider.split("-")[0], "pair_whitelist": ["BTC/USDT", "ETH/USDT"]}
    keys = {"api_key": "key", "api_secret": "secret", "passphrase": "password", "private_key": "privateKey",
            "seed": "mnemonic"}
    for it in ex:
        if placeholder:
            neg = Item("negative", it.provider, it.cred, f"your_exchange_{keys.get(it.cred, 'key')}", it.words, None,
                       "placeholder", True)
            exchange[keys.get(it.cred, "key")] = _m(ctx, neg, "json-key") + neg.value
        else:
            exchange[keys.get(it.cred, "key")] = _m(ctx, it, "json-key") + it.value
    tg = ctx.mixed(0.6, trapkinds=("placeholder", "masked"))
    if tg.pos:
        tg = ctx.named("telegram")
    jw = ctx.mixed(0.6)
    if jw.pos:
        jw = ctx.named("jwt")
    pw = ctx.pos(pred=lambda p, c: c.cred == "password")
    cfg = {
        "max_open_trades": 3, "stake_currency": "USDT", "stake_amount": "unlimited", "dry_run": False,
        "exchange": exchange,
        "telegram": {"enabled": True, "token": _m(ctx, tg, "json-key") + tg.value, "chat_id": "-100123456789"},
        "api_server": {"enabled": True, "listen_ip_address": "127.0.0.1", "listen_port": 8080,
                       "jwt_secret_key": _m(ctx, jw, "json-key") + jw.value,
                       "username": "freqtrader", "password": _m(ctx, pw, "json-key") + pw.value},
        "bot_name": "freqtrade", "initial_state": "running",
    }
    if ctx.chance(0.5):
        dh = ctx.named("discord-webhook")
        cfg["discord"] = {"enabled": True, "webhook_url": _m(ctx, dh, "json-key") + dh.value}
    return [(ctx.choice(["user_data/config.json", "config.json", "freqtrade/config-live.json"]), jdump(cfg, 4))]


def octobot(ctx):
    L = "json"
    fer = ctx.named("octobot")
    fer2 = ctx.named("octobot")
    fer2 = Item("positive", "octobot", "api_secret", fer2.value, fer2.words, fer2.check)
    ph = Item("negative", "octobot", "api_key", "your-api-key-here", ("api", "key"), None, "placeholder", True)
    cfg = {"exchanges": {
        "binance": {"api-key": _m(ctx, fer, "octobot-fernet") + fer.value,
                    "api-secret": _m(ctx, fer2, "octobot-fernet") + fer2.value, "enabled": True},
        "kucoin": {"api-key": _m(ctx, ph, "json-key") + ph.value, "api-secret": "your-api-secret-here",
                   "api-password": "your-api-password-here", "enabled": False}},
        "trading": {"reference-market": "USDT", "risk": 0.5}}
    return [("user/config.json", jdump(cfg, 4))]


def gcp_sa(ctx):
    L = "json"
    it = ctx.item(*_pk8())
    kid = Item("negative", "gcp", "key_id", V.rs(ctx.rng, V.HEX, 40), ("private", "key", "id"), None, "key-id")
    proj = ctx.choice(["quant-prod-381", "bot-infra-2291", "signals-ml-77"])
    sa = {"type": "service_account", "project_id": proj, "private_key_id": _m(ctx, kid, "json-key") + kid.value,
          "private_key": _m(ctx, it, "gcp-service-account", needle=it.value.split("\n")[0]) + it.value + "\n",
          "client_email": f"bot-runner@{proj}.iam.gserviceaccount.com", "client_id": str(ctx.rng.randrange(10**20, 10**21)),
          "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": "https://oauth2.googleapis.com/token"}
    return [(ctx.choice(["gcp-service-account.json", "secrets/bigquery-sa.json"]), jdump(sa, 2))]


def _pk8():
    from ..providers import Provider, Cred
    p = Provider("gcp", "cloud", (Cred("private_key", lambda r: V.pem(r, "PKCS8-RSA"), "pem", ("private", "key"), "secret"),))
    return p, p.creds[0]


def solana_id(ctx):
    it = ctx.named("solana")
    raw = list(C_b58(it.value))
    js = json.dumps(raw, separators=(",", ":"))
    arr = Item("positive", "solana", "private_key", js, ("keypair",), "solana-json")
    files = [(ctx.choice(["keys/id.json", "wallet/keypair.json"]), _m(ctx, arr, "json-keypair-array", "json", needle=js[:30]) + js)]
    return files


def C_b58(v):
    from ..crypto import b58decode
    return b58decode(v)


def keystore(ctx):
    ks = T.keystore(ctx.rng)
    ks["address"] = T.evm_address(ctx.rng)[2:].lower()
    fname = f"keystore/UTC--2024-03-01T10-00-00.000Z--{ks['address']}"
    kid = Item("negative", "evm-wallet", "id", V.ruuid(ctx.rng), ("id",), None, "uuid-request-id")
    ks["id"] = _m(ctx, kid, "keystore-v3") + kid.value
    neg = Item("negative", "evm-wallet", "private_key", ks["crypto"]["ciphertext"], ("ciphertext",), None,
               "encrypted-keystore")
    ks["crypto"]["ciphertext"] = _m(ctx, neg, "keystore-v3") + ks["crypto"]["ciphertext"]
    for holder, key in ((ks["crypto"]["cipherparams"], "iv"), (ks["crypto"]["kdfparams"], "salt"), (ks["crypto"], "mac")):
        n2 = Item("negative", "evm-wallet", "private_key", holder[key], (key,), None, "encrypted-keystore")
        holder[key] = _m(ctx, n2, "keystore-v3") + holder[key]
    adr = Item("negative", "evm", "address", ks["address"], ("address",), None, "evm-address")
    ks["address"] = _m(ctx, adr, "keystore-v3") + ks["address"]
    return [(fname, jdump(ks, 2))]


def cdp_key(ctx):
    name = ctx.named("coinbase", "api_key")
    pk = ctx.named("coinbase", "private_key")
    obj = {"name": _m(ctx, name, "json-key") + name.value,
           "privateKey": _m(ctx, pk, "json-escaped", needle=pk.value.split("\n")[0]) + pk.value + "\n"}
    return [("cdp_api_key.json", jdump(obj, 2))]


def appsettings(ctx):
    it = ctx.pos(pred=lambda p, c: p.name in ("mssql", "postgres", "azure-storage"))
    if it.provider == "azure-storage":
        cs = f"DefaultEndpointsProtocol=https;AccountName=botlogs;AccountKey={_m(ctx, it, 'connection-string')}{it.value};EndpointSuffix=core.windows.net"
    elif it.provider == "mssql":
        cs = f"Server=tcp:bot.database.windows.net,1433;Database=trades;User Id=bot;Password={_m(ctx, it, 'connection-string')}{it.value};"
    else:
        cs = f"Host=db;Database=trades;Username=bot;Password={_m(ctx, it, 'connection-string')}{it.value}"
    ex = ctx.account(kinds=("exchange", "broker"))
    exch = {}
    for e in ex:
        exch[e.name("pascal", e.words[1:] or e.words)] = _m(ctx, e, "json-key") + e.value
    az = ctx.mixed(0.6)
    if az.pos:
        az = ctx.named("azure")
    kv = ctx.lookup(trap="secret-store-ref")
    cfg = {"Logging": {"LogLevel": {"Default": "Information"}},
           "ConnectionStrings": {"Trades": cs},
           "Exchange": exch,
           "AzureAd": {"TenantId": _pubid(ctx, "tenant"), "ClientId": _pubid(ctx, "client"), "ClientSecret": _m(ctx, az, "json-key") + az.value},
           "Telegram": {"Token": _m(ctx, kv, "keyvault-ref") + "@Microsoft.KeyVault(SecretUri=https://bot-kv.vault.azure.net/secrets/tg-token/)"}}
    return [(ctx.choice(["src/TradingBot/appsettings.json", "appsettings.Production.json"]), jdump(cfg, 2))]


def _pubid(ctx, what):
    it = Item("negative", "azure", f"{what}_id", V.ruuid(ctx.rng), (what, "id"), None, "public-oauth-client-id")
    return _m(ctx, it, "json-key") + it.value


def jwks(ctx):
    jwk = V.jwk_private(ctx.rng)
    it = Item("positive", "jwk", "private_key", jwk["d"], ("d",), None)
    jwk["d"] = _m(ctx, it, "jwk-private-member") + jwk["d"]
    for k in ("x", "y"):
        n = Item("negative", "jwk", "public_key", jwk[k], (k,), None, "public-key")
        jwk[k] = _m(ctx, n, "jwk-public") + jwk[k]
    pub = V.jwk_private(ctx.rng)
    pub.pop("d")
    files = [("keys/signing-jwk.json", jdump({"keys": [jwk]}, 2))]
    neg = Item("negative", "jwk", "public_key", pub["x"], ("x",), None, "public-key")
    pub["x"] = _m(ctx, neg, "jwk-public") + pub["x"]
    ny = Item("negative", "jwk", "public_key", pub["y"], ("y",), None, "public-key")
    pub["y"] = _m(ctx, ny, "jwk-public") + pub["y"]
    files.append(("public/.well-known/jwks.json", jdump({"keys": [pub]}, 2)))
    return files


def lockfile(ctx):
    pk = {"name": "bot-dashboard", "version": "1.0.0", "lockfileVersion": 3, "requires": True, "packages": {}}
    for name in ["ccxt", "ethers", "axios", "ws"]:
        it = T.make_checksum(ctx.rng)
        v = "sha512-" + base64.b64encode(hashlib.sha512(V.rbytes(ctx.rng, 32)).digest()).decode()
        it.value = v
        pk["packages"][f"node_modules/{name}"] = {"version": f"{ctx.rng.randrange(1, 9)}.{ctx.rng.randrange(20)}.0",
                                                  "resolved": f"https://registry.npmjs.org/{name}/-/{name}.tgz",
                                                  "integrity": _m(ctx, it, "lockfile-integrity", "json") + v}
    return [("dashboard/package-lock.json", jdump(pk, 2))]


def json_in_json(ctx):
    acct = ctx.account(kinds=("exchange",), multi=True)
    inner = {}
    for i, it in enumerate(acct):
        inner[["apiKey", "secret", "password"][min(i, 2)]] = it.value
    s = json.dumps(inner)
    marks = "".join(_m(ctx, it, "json-in-json", needle=it.value) for it in acct)
    doc = {"version": 2, "jobs": [{"name": "live", "exchange": acct[0].provider,
                                   "credentials": "SENTINEL"}]}
    text = jdump(doc, 2).replace('"SENTINEL"', json.dumps(marks + s))
    return [("jobs/live.json", text)]


def vscode(ctx):
    it = ctx.mixed(0.6)
    lk = ctx.lookup(trap="interpolation")
    cfg = {"version": "0.2.0", "configurations": [{
        "name": "bot (live)", "type": "debugpy", "request": "launch", "module": "bot",
        "env": {ctx.env_name(it): _m(ctx, it, "json-key") + it.value,
                ctx.env_name(lk): _m(ctx, lk, "json-key") + "${env:" + ctx.env_name(lk) + "}"}}]}
    return [(".vscode/launch.json", jdump(cfg, 2))]


EMITTERS = {"freqtrade": freqtrade, "octobot": octobot, "gcp-sa": gcp_sa, "solana-id": solana_id, "keystore": keystore,
            "cdp-key": cdp_key, "appsettings": appsettings, "jwks": jwks, "lockfile": lockfile,
            "json-in-json": json_in_json, "vscode": vscode}
