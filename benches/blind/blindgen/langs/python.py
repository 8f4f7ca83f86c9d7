"""Python sources: settings modules, ccxt/SDK clients, dataclasses, argparse, web3, bots."""

from __future__ import annotations

LANG = "python"


def _v(ctx, it, form, q=None):
    q = q or ctx.q()
    return f"{q}{ctx.m(it, form, LANG)}{it.value}{q}"


def f_assign(ctx):
    it = ctx.mixed()
    name = ctx.name(it, ("screaming", "snake"))
    return [f"{name}{ctx.eq()}{_v(ctx, it, 'assign')}{ctx.note(it, '#')}"]


def f_env_fallback(ctx):
    it = ctx.mixed(0.7)
    env = ctx.env_name(it)
    var = ctx.name(it, ("snake", "screaming"))
    v = _v(ctx, it, "env-fallback")
    forms = [f'{var} = os.getenv("{env}", {v})', f"{var} = os.environ.get('{env}', {v})",
             f'{var} = os.environ.get("{env}") or {v}', f'{var} = config("{env}", default={v})',
             f"{var} = env.str('{env}', default={v})"]
    return [ctx.choice(forms) + ctx.note(it, "#")]


def f_env_lookup(ctx):
    out = []
    for _ in range(ctx.choice([1, 2, 3])):
        it = ctx.lookup()
        env = ctx.env_name(it)
        var = ctx.name(it, ("snake",))
        mk = ctx.m(it, "env-lookup", LANG)
        out.append(ctx.choice([f'{var} = {mk}os.environ["{env}"]', f'{var} = {mk}os.getenv("{env}")',
                               f"{var} = {mk}os.environ.get('{env}')", f'{var} = {mk}config("{env}")',
                               f'{var} = {mk}Path("/run/secrets/{env.lower()}").read_text().strip()']))
    return out


def f_ccxt(ctx):
    acct = ctx.account(kinds=("exchange",), multi=True)
    ex = acct[0].provider.split("-")[0]
    ex = {"gateio": "gate", "cryptocom": "cryptocom", "coinbase": "coinbaseexchange"}.get(ex, ex)
    roles = {"api_key": "apiKey", "api_secret": "secret", "passphrase": "password"}
    q = ctx.q()
    out = [f"exchange = ccxt.{ex}({{"]
    for it in acct:
        out.append(f"    {q}{roles.get(it.cred, 'secret')}{q}: {_v(ctx, it, 'ccxt-options', q)},")
    out += ["    'enableRateLimit': True,", "    'options': {'defaultType': 'spot'},", "})"]
    return out


def f_ctor_kwargs(ctx):
    acct = ctx.account(multi=True)
    p = acct[0].provider
    cls = {"binance": "Client", "bybit": "HTTP", "kucoin": "Client", "alpaca": "TradingClient",
           "bitmex": "bitmex", "bitfinex": "Client", "schwab": "easy_client", "3commas": "Py3CW"}.get(p, "RestClient")
    args = [f"{it.name('snake', ctx.choice([it.words[1:], ('api', it.cred.split('_')[-1])]))}={_v(ctx, it, 'ctor-kwarg')}"
            for it in acct]
    if ctx.chance(0.5):
        return [f"client = {cls}(" + ", ".join(args) + ")"]
    return [f"client = {cls}("] + [f"    {a}," for a in args] + ["    testnet=False,", ")"]


def f_ctor_positional(ctx):
    acct = ctx.account(multi=True)
    vals = ", ".join(_v(ctx, it, "ctor-positional") for it in acct)
    return [f"api = {ctx.choice(['Client', 'API', 'krakenex.API', 'AuthenticatedClient', 'Spot'])}({vals})"]


def f_attr_set(ctx):
    it = ctx.mixed()
    attr = ctx.choice(["apiKey", "secret", "password", "api_key", "token"])
    if it.pos:
        attr = {"api_secret": "secret", "passphrase": "password", "token": "token", "password": "password"}.get(it.cred, "apiKey")
    return [f"exchange.{attr}{ctx.eq()}{_v(ctx, it, 'attr-set')}{ctx.note(it, '#')}"]


def f_concat(ctx):
    it = ctx.pos()
    ps = ctx.pieces(it.value)
    name = ctx.name(it, ("screaming", "snake"))
    style = ctx.style("py-concat", 3)
    m = ctx.m(it, "concat", LANG, needle=ps[0], span=1 if style == 0 else len(ps))
    if style == 0:
        return [f'{name} = {m}"{ps[0]}" + "' + '" + "'.join(ps[1:]) + '"']
    if style == 1:
        return [f"{name} = (", f'    {m}"{ps[0]}"'] + [f'    "{p}"' for p in ps[1:]] + [")"]
    return [f"{name} = {m}'{ps[0]}' + \\"] + [f"    '{p}' + \\" for p in ps[1:-1]] + [f"    '{ps[-1]}'"]


def f_comment(ctx):
    it = ctx.mixed(0.6)
    m = ctx.m(it, "comment", LANG)
    return [ctx.choice([f"# old key: {m}{it.value}", f"# {ctx.name(it)} was {m}{it.value} before rotation",
                        f"#   {ctx.name(it, ('snake',))}={m}{it.value}"])]


def f_pem(ctx):
    it = ctx.pem_item()
    name = ctx.name(it, ("screaming", "snake"))
    lines = it.value.split("\n")
    if ctx.chance(0.5):
        return [f'{name} = """{ctx.m(it, "multiline-string", LANG)}{lines[0]}'] + lines[1:-1] + [lines[-1] + '"""']
    return [f'{name} = """', ctx.m(it, "multiline-string", LANG) + lines[0]] + lines[1:] + ['"""']


def f_pem_escaped(ctx):
    it = ctx.pem_item()
    esc = it.value.replace("\n", "\\n")
    return [f'PRIVATE_KEY = "{ctx.m(it, "json-escaped", LANG, needle=esc[:40])}{esc}\\n"']


def f_headers(ctx):
    it = ctx.mixed(0.6, kinds=("exchange", "data", "broker"))
    hdr = ctx.choice(["X-MBX-APIKEY", "OK-ACCESS-KEY", "X-API-KEY", "X-CMC_PRO_API_KEY", "APCA-API-KEY-ID",
                      "x-cg-pro-api-key", "KC-API-KEY"])
    return ["headers = {", f'    "{hdr}": {_v(ctx, it, "http-header-code")},', '    "Content-Type": "application/json",', "}"]


def f_bearer(ctx):
    it = ctx.pos(pred=lambda p, c: c.cred in ("token", "api_key"))
    return [f'session.headers["Authorization"] = "Bearer {ctx.m(it, "bearer-header", LANG)}{it.value}"']


def f_db_url(ctx):
    it = ctx.pos(pred=lambda p, c: p.kind == "db")
    scheme = {"postgres": "postgresql+psycopg2", "mysql": "mysql+pymysql", "redis": "redis", "mongodb": "mongodb+srv",
              "rabbitmq": "amqp", "mssql": "mssql+pyodbc", "smtp": "smtp"}[it.provider]
    return [f'DATABASE_URL = "{scheme}://trader:{ctx.m(it, "url-userinfo", LANG)}{it.value}@db.internal:5432/bot"']


def f_dataclass(ctx):
    it1, it2 = ctx.mixed(), ctx.mixed()
    return ["@dataclass", "class ExchangeSettings:", '    exchange: str = "binance"',
            f"    {ctx.name(it1, ('snake',))}: str = {_v(ctx, it1, 'dataclass-default')}{ctx.note(it1, '#')}",
            f"    {ctx.name(it2, ('snake',))}: str = {_v(ctx, it2, 'dataclass-default')}{ctx.note(it2, '#')}",
            "    dry_run: bool = True"]


def f_pydantic(ctx):
    it = ctx.mixed()
    n = ctx.name(it, ("snake",))
    return ["class BotConfig(BaseSettings):",
            f"    {n}: SecretStr = Field(default=SecretStr({_v(ctx, it, 'pydantic-default')}), env=\"{ctx.env_name(it)}\")"
            + ctx.note(it, "#"),
            "    symbols: list[str] = [\"BTC/USDT\", \"ETH/USDT\"]"]


def f_argparse(ctx):
    it = ctx.mixed()
    flag = it.name("kebab")
    return [f'parser.add_argument("--{flag}", default={_v(ctx, it, "cli-default")}, help="{flag.replace("-", " ")}")']


def f_web3(ctx):
    it = ctx.mixed(0.6, trapkinds=("public-dev-account", "marked-fake", "placeholder"))
    if it.pos:
        it = ctx.named(ctx.choice(["evm-wallet", "hyperliquid", "evm-wallet-bare"]))
    return [f"account = Account.from_key({_v(ctx, it, 'ctor-positional')}){ctx.note(it, '#')}",
            "w3.eth.default_account = account.address"]


def f_telegram(ctx):
    it = ctx.mixed(0.7, trapkinds=("placeholder", "placeholder-i18n", "masked"))
    if it.pos:
        it = ctx.named(ctx.choice(["telegram", "discord"]))
    if it.provider == "discord":
        return [f"bot.run({_v(ctx, it, 'ctor-positional')})"]
    return [f"app = Application.builder().token({_v(ctx, it, 'builder-call')}).build()"]


def f_bytes(ctx):
    it = ctx.pos(pred=lambda p, c: c.cred in ("api_secret", "jwt_secret", "secret_key"))
    return [f"{ctx.name(it, ('screaming',))} = b{_v(ctx, it, 'bytes-literal', ctx.q())}"]


def f_mnemonic(ctx):
    it = ctx.mixed(0.6, trapkinds=("test-vector", "public-dev-account"))
    if it.pos:
        it = ctx.named(ctx.choice(["bip39", "dydx"]))
    return [f"wallet = LocalWallet.from_mnemonic({_v(ctx, it, 'ctor-positional')}){ctx.note(it, '#')}"]


FORMS = [f_assign, f_env_fallback, f_env_lookup, f_ccxt, f_ctor_kwargs, f_ctor_positional, f_attr_set, f_concat,
         f_comment, f_pem, f_pem_escaped, f_headers, f_bearer, f_db_url, f_dataclass, f_pydantic, f_argparse, f_web3,
         f_telegram, f_bytes, f_mnemonic, f_assign, f_env_fallback, f_env_lookup]

HEADER = ["import os", "import time", "import hmac", "import hashlib", "import logging", "from dataclasses import dataclass",
          "from pathlib import Path", "", "import ccxt", "", "log = logging.getLogger(__name__)", ""]

FILLER = [
    ["", "", "def ema(values, period):", "    k = 2 / (period + 1)", "    out = [values[0]]", "    for v in values[1:]:",
     "        out.append(v * k + out[-1] * (1 - k))", "    return out", "", "",
     "def crossover_signal(closes, fast=12, slow=26):", "    f, s = ema(closes, fast), ema(closes, slow)",
     "    if f[-2] <= s[-2] and f[-1] > s[-1]:", '        return "buy"', "    if f[-2] >= s[-2] and f[-1] < s[-1]:",
     '        return "sell"', "    return None", ""],
    ["", "", "def sign(query: str, secret: str) -> str:",
     "    return hmac.new(secret.encode(), query.encode(), hashlib.sha256).hexdigest()", "", "",
     "def place_order(exchange, symbol, side, qty, price=None):", '    kind = "limit" if price else "market"',
     "    for attempt in range(3):", "        try:", "            return exchange.create_order(symbol, kind, side, qty, price)",
     "        except ccxt.NetworkError as exc:", '            log.warning("retry %s after %s", attempt, exc)',
     "            time.sleep(2 ** attempt)", '    raise RuntimeError("order failed")', ""],
    ["", "", "async def on_message(ws, raw):", "    msg = json.loads(raw)", '    if msg.get("e") == "kline":',
     '        k = msg["k"]', '        if k["x"]:', '            await strategy.on_candle(float(k["c"]), float(k["v"]))',
     '    elif msg.get("e") == "executionReport":', '        log.info("fill %s %s @ %s", msg["s"], msg["q"], msg["p"])', ""],
]


def emit(ctx, path=None, k=9):
    out = list(HEADER)
    fillers = list(FILLER)
    ctx.rng.shuffle(fillers)
    out += fillers[0]
    for form in ctx.pick_forms(LANG, FORMS, k):
        out += [""] + form(ctx)
    out += fillers[1]
    return [(path or ctx.choice(["bot/config.py", "src/settings.py", "trader/exchange.py", "app/clients.py"]),
             "\n".join(out))]
