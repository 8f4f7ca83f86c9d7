"""HTTP artefacts: HAR, Postman collections/environments, VCR cassettes, Polly recordings, .http files,
client debug logs and curl traces."""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse

from ..core import Item, jdump
from .. import values as V


def _m(ctx, it, form, lang, needle=None):
    return ctx.m(it, form, lang, needle=needle, span=1)


def _sig(ctx):
    sig = hmac.new(V.rbytes(ctx.rng, 32), V.rbytes(ctx.rng, 32), hashlib.sha256).hexdigest()
    return Item("negative", "binance", "signature", sig, ("signature",), None, "request-signature")


def _hdr_item(ctx):
    it = ctx.pos(kinds=("exchange",))
    hdr = {"binance": "X-MBX-APIKEY", "okx": "OK-ACCESS-KEY", "kucoin": "KC-API-KEY", "bybit": "X-BAPI-API-KEY",
           "bitget": "ACCESS-KEY", "gemini": "X-GEMINI-APIKEY", "bitmex": "api-key"}.get(it.provider, "X-API-KEY")
    return hdr, it


def har(ctx):
    L = "har"
    entries = []
    for n in range(ctx.choice([2, 3])):
        hdr, it = _hdr_item(ctx)
        ts = 1717000000000 + ctx.rng.randrange(10**7)
        sig = _sig(ctx)
        q = f"symbol=BTCUSDT&timestamp={ts}&signature={sig.value}"
        url = f"https://api.example-exchange.com/api/v3/order?{q}"
        headers = [{"name": "Accept", "value": "application/json"}, {"name": hdr, "value": _m(ctx, it, "har-header", L) + it.value}]
        if n == 0:
            b = ctx.pos(pred=lambda p, c: c.cred in ("token",) and p.kind in ("dev", "ai", "framework", "bot"))
            headers.append({"name": "Authorization", "value": "Bearer " + _m(ctx, b, "har-header", L) + b.value})
        entries.append({
            "startedDateTime": "2024-06-01T12:00:00.000Z", "time": 85,
            "request": {"method": "POST", "url": _m(ctx, sig, "har-url", L) + url, "httpVersion": "HTTP/1.1", "headers": headers,
                        "queryString": [{"name": "symbol", "value": "BTCUSDT"}, {"name": "timestamp", "value": str(ts)}],
                        "cookies": [], "headersSize": -1, "bodySize": 0},
            "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [],
                         "content": {"size": 64, "mimeType": "application/json",
                                     "text": "{\"orderId\": 28, \"status\": \"NEW\"}"},
                         "redirectURL": "", "headersSize": -1, "bodySize": 64},
            "cache": {}, "timings": {"send": 1, "wait": 80, "receive": 4}})
    doc = {"log": {"version": "1.2", "creator": {"name": "Firefox", "version": "126.0"}, "entries": entries}}
    return [(ctx.choice(["docs/debug/session.har", "traces/order-flow.har"]), jdump(doc, 2))]


def postman(ctx):
    L = "postman"
    hdr, it = _hdr_item(ctx)
    ak = ctx.pos(kinds=("data",))
    bearer = ctx.mixed(0.6, trapkinds=("placeholder",))
    lk = ctx.lookup(trap="interpolation")
    pid = Item("negative", "postman", "id", V.ruuid(ctx.rng), ("postman", "id"), None, "uuid-request-id")
    eid = Item("negative", "postman", "id", V.ruuid(ctx.rng), ("id",), None, "uuid-request-id")
    col = {"info": {"name": "Exchange API", "_postman_id": _m(ctx, pid, "postman-id", L) + pid.value,
                    "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
           "auth": {"type": "apikey", "apikey": [{"key": "value", "value": _m(ctx, ak, "postman-auth", L) + ak.value, "type": "string"},
                                                 {"key": "key", "value": "apikey", "type": "string"}]},
           "item": [{"name": "Account", "request": {"method": "GET", "header": [
               {"key": hdr, "value": _m(ctx, it, "postman-header", L) + it.value, "type": "text"},
               {"key": "X-Timestamp", "value": _m(ctx, lk, "postman-variable-ref", L) + "{{timestamp}}", "type": "text"}],
               "url": {"raw": "{{baseUrl}}/api/v3/account", "host": ["{{baseUrl}}"], "path": ["api", "v3", "account"]}}},
               {"name": "Orders", "request": {"method": "GET", "auth": {"type": "bearer", "bearer": [
                   {"key": "token", "value": _m(ctx, bearer, "postman-auth", L) + bearer.value, "type": "string"}]},
                   "url": {"raw": "{{baseUrl}}/v2/orders"}}}],
           "variable": [{"key": "baseUrl", "value": "https://api.example-exchange.com"}]}
    env_items = []
    for _ in range(3):
        e = ctx.mixed(0.6)
        env_items.append({"key": ctx.name(e, ("camel",)), "value": _m(ctx, e, "postman-environment", L) + e.value,
                          "type": ctx.choice(["default", "secret"]), "enabled": True})
    env = {"id": _m(ctx, eid, "postman-id", L) + eid.value, "name": "prod", "values": env_items, "_postman_variable_scope": "environment"}
    return [("postman/exchange.postman_collection.json", jdump(col, 2)), ("postman/prod.postman_environment.json", jdump(env, 2))]


def vcr(ctx):
    L = "vcr-cassette"
    hdr, it = _hdr_item(ctx)
    filt = Item("negative", it.provider, "api_key", "<API_KEY>", ("api", "key"), None, "placeholder", True)
    tok = ctx.pos(pred=lambda p, c: c.cred == "token")
    out = ["---", "http_interactions:", "- request:", "    method: get",
           "    uri: https://api.example-exchange.com/api/v3/account?timestamp=1717000000000", "    body:", "      encoding: UTF-8",
           "      string: ''", "    headers:", f"      {hdr}:", f"      - {_m(ctx, it, 'vcr-header', L)}{it.value}",
           "      Authorization:", f"      - Bearer {_m(ctx, tok, 'vcr-header', L)}{tok.value}", "  response:",
           "    status:", "      code: 200", "      message: OK", "    body:", "      encoding: UTF-8",
           "      string: '{\"balances\":[]}'", "  recorded_at: Sat, 01 Jun 2024 12:00:00 GMT", "- request:", "    method: get",
           "    uri: https://api.example-exchange.com/api/v3/openOrders", "    headers:", f"      {hdr}:",
           f"      - \"{_m(ctx, filt, 'vcr-header', L)}<API_KEY>\"", "  response:", "    status:", "      code: 200",
           "recorded_with: VCR 6.2.0"]
    return [(ctx.choice(["spec/cassettes/account.yml", "spec/fixtures/vcr/balances.yml"]), "\n".join(out))]


def polly(ctx):
    L = "polly"
    hdr, it = _hdr_item(ctx)
    doc = {"log": {"_recordingName": "exchange/balance", "creator": {"name": "Polly.JS", "version": "6.0.6"},
                   "entries": [{"_id": V.rs(ctx.rng, V.HEX, 32), "request": {"method": "GET",
                                "url": "https://api.example-exchange.com/api/v3/account",
                                "headers": [{"name": hdr.lower(), "value": _m(ctx, it, "polly-header", L) + it.value}]},
                                "response": {"status": 200, "content": {"text": "{}"}}}]}}
    neg = Item("negative", "none", "id", doc["log"]["entries"][0]["_id"], ("_id",), None, "checksum")
    doc["log"]["entries"][0]["_id"] = _m(ctx, neg, "polly-id", L) + neg.value
    return [("test/__recordings__/exchange_balance/recording.har", jdump(doc, 2))]


def http_file(ctx):
    L = "http-file"
    a = ctx.mixed(0.7)
    out = [f"@{ctx.name(a, ('camel',))} = {_m(ctx, a, 'http-file-variable', L)}{a.value}", "@baseUrl = https://paper-api.alpaca.markets", "",
           "### account", "GET {{baseUrl}}/v2/account"]
    al = ctx.account(names=("alpaca",))
    out += [f"APCA-API-KEY-ID: {_m(ctx, al[0], 'http-header', L)}{al[0].value}",
            f"APCA-API-SECRET-KEY: {_m(ctx, al[1], 'http-header', L)}{al[1].value}", "", "### orders", "GET {{baseUrl}}/v2/orders"]
    lk = ctx.lookup(trap="interpolation")
    out += [f"Authorization: Bearer {_m(ctx, lk, 'http-header', L)}{{{{token}}}}", "", "### quote"]
    d = ctx.pos(kinds=("data",))
    enc = urllib.parse.quote(d.value, safe="")
    out += [f"GET https://api.example-data.io/v1/quote?symbol=AAPL&apikey={_m(ctx, d, 'query-param', L, needle=enc)}{enc}"]
    sp = ctx.pos(pred=lambda p, c: p.name in ("kraken", "aws", "azure-storage", "phemex", "coinbase-exchange")
                 and c.cred in ("api_secret", "api_key") and p.name != "aws" or (p.name == "aws" and c.cred == "api_secret"))
    enc2 = urllib.parse.quote(sp.value, safe="")
    out += ["", "### signed export", f"POST https://hooks.example-relay.io/forward?target=exchange&secret={_m(ctx, sp, 'query-param-urlencoded', L, needle=enc2)}{enc2}"]
    pw = ctx.pos(pred=lambda p, c: c.cred == "password")
    b64 = base64.b64encode(f"admin:{pw.value}".encode()).decode()
    out += ["", "### grafana", "GET http://localhost:3000/api/dashboards/home",
            f"Authorization: Basic {_m(ctx, pw, 'basic-auth-base64', L, needle=b64)}{b64}"]
    return [(ctx.choice(["api.http", "requests/alpaca.rest"]), "\n".join(out))]


def debug_log(ctx):
    L = "log"
    out = []
    t = 0

    def ts():
        nonlocal t
        t += ctx.rng.randrange(1, 900)
        return f"2024-06-01 12:{(t // 60000) % 60:02d}:{(t // 1000) % 60:02d},{t % 1000:03d}"
    hdr, it = _hdr_item(ctx)
    sig = _sig(ctx)
    out.append(f"{ts()} DEBUG urllib3.connectionpool Starting new HTTPS connection (1): api.example-exchange.com:443")
    out.append(f"{ts()} DEBUG bot.rest send: b'GET /api/v3/account?timestamp=1717000000000&"
               f"signature={_m(ctx, sig, 'signed-query', L)}{sig.value} HTTP/1.1\\r\\nHost: api.example-exchange.com\\r\\n'")
    out.append(f"{ts()} DEBUG bot.rest header: {hdr}: {_m(ctx, it, 'log-header', L)}{it.value}")
    out.append(f"{ts()} INFO  bot.strategy signal=BUY symbol=ETHUSDT price=3412.55 qty=0.25")
    k = ctx.pos(kinds=("exchange",))
    sig2 = hmac.new(V.rbytes(ctx.rng, 16), b"q", hashlib.sha256).hexdigest()
    out.append(f"{ts()} DEBUG bot.rest GET https://api.example-exchange.com/v1/orders?"
               f"apiKey={_m(ctx, k, 'signed-query', L)}{k.value}&timestamp=1717000001234&signature={sig2}")
    neg = ctx.neg(("masked",))
    out.append(f"{ts()} INFO  bot.config loaded api key {_m(ctx, neg, 'log-line', L)}{neg.value}")
    u = ctx.neg(("uuid-request-id",))
    out.append(f"{ts()} INFO  bot.orders placed order clientOrderId={_m(ctx, u, 'log-line', L)}{u.value} status=NEW")
    pw = ctx.pos(pred=lambda p, c: p.kind == "db")
    out.append(f"{ts()} ERROR sqlalchemy.pool could not connect to postgresql://bot:{_m(ctx, pw, 'url-userinfo', L)}{pw.value}@db:5432/trades")
    tg = ctx.named("telegram")
    out.append(f"{ts()} DEBUG httpx HTTP Request: POST https://api.telegram.org/bot{_m(ctx, tg, 'url-path', L)}{tg.value}/sendMessage \"HTTP/1.1 200 OK\"")
    tx = ctx.neg(("tx-hash",))
    out.append(f"{ts()} INFO  bot.chain withdrawal confirmed tx={_m(ctx, tx, 'log-line', L)}{tx.value}")
    return [(ctx.choice(["logs/bot-2024-06-01.log", "logs/debug.log"]), "\n".join(out))]


def curl_trace(ctx):
    L = "log"
    tok = ctx.pos(pred=lambda p, c: c.cred in ("token", "api_key") and p.kind in ("ai", "broker", "dev"))
    pw = ctx.pos(pred=lambda p, c: c.cred == "password")
    b64 = base64.b64encode(f"trader:{pw.value}".encode()).decode()
    out = ["*   Trying 203.0.113.10:443...", "* Connected to api.example.com (203.0.113.10) port 443", "> POST /v1/chat HTTP/2",
           "> Host: api.example.com", "> user-agent: curl/8.5.0",
           f"> authorization: Bearer {_m(ctx, tok, 'curl-trace-header', L)}{tok.value}", "> content-type: application/json", ">",
           "< HTTP/2 200", "< content-type: application/json", "<", "{\"ok\":true}", "",
           "> GET /api/queues HTTP/1.1", f"> Authorization: Basic {_m(ctx, pw, 'basic-auth-base64', L, needle=b64)}{b64}", ">"]
    return [("docs/debug/curl-trace.txt", "\n".join(out))]


EMITTERS = {"har": har, "postman": postman, "vcr": vcr, "polly": polly, "http-file": http_file, "debug-log": debug_log,
            "curl-trace": curl_trace}
