"""JavaScript and TypeScript: ccxt, ethers/viem, Telegraf, discord.js, hardhat configs, axios."""

from __future__ import annotations

from .common import build, ccxt_id, roles, val


def _forms(lang):
    def v(ctx, it, form, q=None):
        return val(ctx, it, form, lang, q or ctx.q("\"'`"))

    def f_const(ctx):
        it = ctx.mixed()
        kw = ctx.choice(["const", "let", "var"] if lang == "javascript" else ["const", "export const", "let"])
        ty = ": string" if lang == "typescript" and ctx.chance(0.5) else ""
        return [f"{kw} {ctx.name(it, ('camel', 'screaming'))}{ty}{ctx.eq()}{v(ctx, it, 'const-decl')};{ctx.note(it, '//')}"]

    def f_env_fallback(ctx):
        it = ctx.mixed(0.7)
        env = ctx.env_name(it)
        op = ctx.choice(["||", "??"])
        acc = ctx.choice([f"process.env.{env}", f"process.env['{env}']", f"import.meta.env.VITE_{env}",
                          f"Deno.env.get('{env}')"])
        return [f"const {ctx.name(it, ('camel',))} = {acc} {op} {v(ctx, it, 'env-fallback')};{ctx.note(it, '//')}"]

    def f_env_lookup(ctx):
        out = []
        for _ in range(ctx.choice([1, 2])):
            it = ctx.lookup()
            env = ctx.env_name(it)
            mk = ctx.m(it, "env-lookup", lang)
            ty = "!" if lang == "typescript" else ""
            out.append(ctx.choice([f"const {ctx.name(it, ('camel',))} = {mk}process.env.{env}{ty};",
                                   f"const {{ {env} }} = {mk}process.env;",
                                   f"  {ctx.name(it, ('camel',))}: {mk}requireEnv('{env}'),"]))
        return out

    def f_ccxt(ctx):
        acct = ctx.account(kinds=("exchange",), multi=True)
        q = ctx.q("'\"")
        out = [f"const exchange = new ccxt.{ccxt_id(acct[0].provider)}({{"]
        for it in acct:
            out.append(f"  {roles(it)}: {v(ctx, it, 'ccxt-options', q)},")
        return out + ["  enableRateLimit: true,", "});"]

    def f_client_obj(ctx):
        acct = ctx.account(kinds=("broker", "exchange", "data", "bot"))
        out = [f"const client = new {ctx.choice(['Alpaca', 'Binance', 'RestClientV5', 'Kucoin', 'Client'])}({{"]
        for it in acct:
            key = ctx.choice([roles(it), it.name("camel", it.words[1:] or it.words)])
            out.append(f"  {key}: {v(ctx, it, 'object-literal')},")
        return out + ["  paper: true,", "});"]

    def f_wallet(ctx):
        it = ctx.mixed(0.6, trapkinds=("public-dev-account", "marked-fake", "placeholder"))
        if it.pos:
            it = ctx.named(ctx.choice(["evm-wallet", "hyperliquid"]))
        call = ctx.choice([f"new ethers.Wallet({{}}, provider)", "privateKeyToAccount({})", "new Wallet({})"])
        return [f"const signer = {call.format(v(ctx, it, 'ctor-positional'))};{ctx.note(it, '//')}"]

    def f_bot(ctx):
        it = ctx.mixed(0.7, trapkinds=("placeholder", "placeholder-i18n", "masked"))
        if it.pos:
            it = ctx.named(ctx.choice(["telegram", "discord"]))
        if it.provider == "discord":
            return [f"client.login({v(ctx, it, 'ctor-positional')});"]
        return [f"const bot = new Telegraf({v(ctx, it, 'ctor-positional')});"]

    def f_hardhat(ctx, net):
        it = ctx.mixed(0.5, trapkinds=("public-dev-account",))
        if it.pos:
            it = ctx.named("evm-wallet")
        if it.cred == "seed":
            return [f"    {net}: {{", f"      accounts: {{ mnemonic: {v(ctx, it, 'hardhat-accounts', chr(34))} }},", "    },"]
        return [f"    {net}: {{", '      url: "https://arb1.arbitrum.io/rpc",',
                f"      accounts: [{v(ctx, it, 'hardhat-accounts', ctx.q())}],", "    },"]

    def f_headers(ctx):
        it = ctx.mixed(0.6, kinds=("exchange", "data"))
        hdr = ctx.choice(["X-MBX-APIKEY", "OK-ACCESS-KEY", "X-API-KEY", "X-BAPI-API-KEY", "X-CMC_PRO_API_KEY"])
        return ["const res = await axios.get(url, {", f"  headers: {{ '{hdr}': {v(ctx, it, 'http-header-code', chr(39))} }},", "});"]

    def f_template_url(ctx):
        it = ctx.pos(pred=lambda p, c: p.name in ("infura", "alchemy", "polygon", "finnhub", "etherscan", "helius",
                                                 "twelvedata", "coingecko"))
        url = {"infura": "https://mainnet.infura.io/v3/{}", "alchemy": "https://eth-mainnet.g.alchemy.com/v2/{}",
               "helius": "https://mainnet.helius-rpc.com/?api-key={}"}.get(
            it.provider, "https://api.example-data.io/v1/quote?symbol=${symbol}&apikey={}")
        return ["const url = `" + url.replace("{}", ctx.m(it, 'query-param', lang) + it.value) + "`;"]

    def f_concat(ctx):
        it = ctx.pos()
        ps = ctx.pieces(it.value)
        multi = ctx.style("js-concat", 2) == 1
        mk = ctx.m(it, "concat", lang, needle=ps[0], span=len(ps) if multi else 1)
        if not multi:
            return [f"const {ctx.name(it, ('camel',))} = {mk}'{ps[0]}' + '" + "' + '".join(ps[1:]) + "';"]
        return [f"const {ctx.name(it, ('camel',))} =", f"  {mk}\"{ps[0]}\" +"] + [f'  "{p}" +' for p in ps[1:-1]] + \
            [f'  "{ps[-1]}";']

    def f_comment(ctx):
        it = ctx.mixed(0.6)
        mk = ctx.m(it, "comment", lang)
        return [ctx.choice([f"// TODO rotate: {mk}{it.value}", f"/* old {ctx.name(it, ('camel',))}: {mk}{it.value} */",
                            f"// {ctx.name(it, ('screaming',))}={mk}{it.value}"])]

    def f_pem(ctx):
        it = ctx.pem_item()
        ls = it.value.split("\n")
        if ctx.chance(0.5):
            esc = "\\n".join(ls)
            return [f"const privateKey = '{ctx.m(it, 'json-escaped', lang, needle=esc[:40])}{esc}';"]
        return [f"const privateKey = `{ctx.m(it, 'multiline-string', lang)}{ls[0]}"] + ls[1:-1] + [f"{ls[-1]}`;"]

    def f_export_obj(ctx):
        a, b = ctx.mixed(), ctx.mixed()
        head = "module.exports = {" if lang == "javascript" else "export default {"
        return [head, f"  {ctx.name(a, ('camel',))}: {v(ctx, a, 'object-literal')},{ctx.note(a, '//')}",
                f"  {ctx.name(b, ('camel',))}: {v(ctx, b, 'object-literal')},{ctx.note(b, '//')}", "  retries: 3,", "};"]

    def f_class_field(ctx):
        it = ctx.mixed()
        mod = "private readonly " if lang == "typescript" else ""
        ty = ": string" if lang == "typescript" else ""
        return ["class ExchangeGateway {", f"  {mod}{ctx.name(it, ('camel',))}{ty} = {v(ctx, it, 'class-field')};"
                + ctx.note(it, "//"), "  constructor(private http = axios.create()) {}" if lang == "typescript"
                else "  constructor() { this.http = axios.create(); }", "}"]

    forms = [f_const, f_env_fallback, f_env_lookup, f_ccxt, f_client_obj, f_wallet, f_bot, f_headers, f_template_url,
             f_concat, f_comment, f_pem, f_export_obj, f_class_field, f_const, f_env_fallback]
    return forms, f_hardhat


HEADER = ["import ccxt from 'ccxt';", "import axios from 'axios';", ""]
FILLER = [
    ["function sma(values, n) {", "  const slice = values.slice(-n);", "  return slice.reduce((a, b) => a + b, 0) / slice.length;",
     "}", "", "async function rebalance(exchange, target) {", "  const balance = await exchange.fetchBalance();",
     "  for (const [asset, weight] of Object.entries(target)) {", "    const have = balance.total[asset] || 0;",
     "    console.log(`${asset}: have ${have}, target weight ${weight}`);", "  }", "}", ""],
    ["ws.on('message', (raw) => {", "  const msg = JSON.parse(raw.toString());", "  if (msg.e === 'depthUpdate') {",
     "    book.apply(msg.b, msg.a);", "    if (book.spread() > maxSpread) strategy.quote(book.mid());", "  }", "});", ""],
]


def emit_js(ctx):
    forms, _ = _forms("javascript")
    path = ctx.choice(["src/index.js", "bot/exchange.js", "lib/client.js", "scripts/trade.js"])
    out = [(path, build(ctx, "javascript", HEADER, FILLER, forms, 8))]
    return out


def emit_ts(ctx):
    forms, _ = _forms("typescript")
    path = ctx.choice(["src/config.ts", "src/exchange/client.ts", "src/bot.ts"])
    hdr = ["import ccxt from 'ccxt';", "import axios from 'axios';", "import { ethers } from 'ethers';", ""]
    return [(path, build(ctx, "typescript", hdr, FILLER, forms, 8))]


def emit_hardhat(ctx):
    lang = "typescript"
    forms, f_hardhat = _forms(lang)
    body = ['import { HardhatUserConfig } from "hardhat/config";', 'import "@nomicfoundation/hardhat-toolbox";', "",
            "const config: HardhatUserConfig = {", '  solidity: "0.8.24",', "  networks: {"]
    body += f_hardhat(ctx, "hardhat") + f_hardhat(ctx, "arbitrum") + ["  },"]
    es = ctx.mixed(0.6)
    if es.pos:
        es = ctx.named("etherscan")
    body += [f"  etherscan: {{ apiKey: {val(ctx, es, 'object-literal', lang, chr(34))} }},", "};", "",
             "export default config;"]
    return [("hardhat.config.ts", "\n".join(body))]


EMITTERS = {"javascript": emit_js, "typescript": emit_ts, "hardhat": emit_hardhat}
