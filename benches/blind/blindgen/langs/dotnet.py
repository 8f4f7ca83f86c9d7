""".NET family and PowerShell: C#, F#, VB.NET, PowerShell."""

from __future__ import annotations

from .common import roles, val
from .jvm import _concat, _emit, _pem_block


def csharp(ctx):
    L = "csharp"

    def v(it, form, q='"'):
        return val(ctx, it, form, L, q)

    def f_const(ctx):
        it = ctx.mixed()
        mod = ctx.choice(["private const string", "public const string", "internal static readonly string"])
        return [f"{mod} {ctx.name(it, ('pascal',))}{ctx.eq()}{v(it, 'const-decl')};{ctx.note(it, '//')}"]

    def f_field(ctx):
        it = ctx.mixed()
        return [f"private readonly string _{ctx.name(it, ('camel',))} = {v(it, 'class-field')};{ctx.note(it, '//')}"]

    def f_verbatim(ctx):
        it = ctx.mixed()
        return [f"private static string {ctx.name(it, ('pascal',))} => @{v(it, 'verbatim-string')};"]

    def f_coalesce(ctx):
        it = ctx.mixed(0.7)
        return [f"var {ctx.name(it, ('camel',))} = Environment.GetEnvironmentVariable(\"{ctx.env_name(it)}\") ?? "
                f"{v(it, 'env-fallback')};{ctx.note(it, '//')}"]

    def f_config_coalesce(ctx):
        it = ctx.mixed(0.7)
        return [f"var {ctx.name(it, ('camel',))} = configuration[\"Exchange:{it.name('pascal')}\"] ?? {v(it, 'env-fallback')};"]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [f"var {ctx.name(it, ('camel',))} = {ctx.m(it, 'env-lookup', L)}Environment.GetEnvironmentVariable(\"{ctx.env_name(it)}\");"]

    def f_object_init(ctx):
        acct = ctx.account(multi=True)
        out = ["var options = new ExchangeOptions", "{"]
        for it in acct:
            out.append(f"    {roles(it)[0].upper() + roles(it)[1:]} = {v(it, 'object-initializer')},")
        return out + ["    Testnet = false,", "};"]

    def f_api_credentials(ctx):
        acct = ctx.account(kinds=("exchange",), multi=True)
        return ["var client = new BinanceRestClient(opts =>", "{",
                f"    opts.ApiCredentials = new ApiCredentials({v(acct[0], 'ctor-positional')}, {v(acct[1], 'ctor-positional')});",
                "});"]

    def f_dictionary(ctx):
        acct = ctx.account(multi=True)
        return ["var creds = new Dictionary<string, string>", "{"] + \
            [f"    {{ \"{roles(it)}\", {v(it, 'map-literal')} }}," for it in acct] + ["};"]

    def f_header(ctx):
        it = ctx.mixed(0.6, kinds=("exchange", "data"))
        return [f"http.DefaultRequestHeaders.Add(\"{ctx.choice(['X-MBX-APIKEY', 'X-API-KEY', 'X-BAPI-API-KEY'])}\", "
                f"{v(it, 'http-header-code')});"]

    def f_raw_pem(ctx):
        return _pem_block(ctx, L, 'private const string SigningKey = """', '""";')

    def f_concat(ctx):
        return _concat(ctx, L, "private static readonly string ApiSecret = ")

    def f_conn(ctx):
        it = ctx.pos(pred=lambda p, c: p.name in ("mssql", "postgres", "azure-storage"))
        if it.provider == "azure-storage":
            s = f"DefaultEndpointsProtocol=https;AccountName=botstore;AccountKey={ctx.m(it, 'connection-string', L)}{it.value};EndpointSuffix=core.windows.net"
        elif it.provider == "mssql":
            s = f"Server=tcp:bot-sql.database.windows.net,1433;Initial Catalog=trades;User ID=botadmin;Password={ctx.m(it, 'connection-string', L)}{it.value};Encrypt=True;"
        else:
            s = f"Host=db;Port=5432;Database=trades;Username=bot;Password={ctx.m(it, 'connection-string', L)}{it.value}"
        return [f"private const string ConnectionString = \"{s}\";"]

    def f_comment(ctx):
        it = ctx.mixed(0.6)
        return [f"// {ctx.name(it, ('pascal',))} (old): {ctx.m(it, 'comment', L)}{it.value}"]

    forms = [f_const, f_field, f_verbatim, f_coalesce, f_config_coalesce, f_env_lookup, f_object_init,
             f_api_credentials, f_dictionary, f_header, f_raw_pem, f_concat, f_conn, f_comment, f_const]
    header = ["using System;", "using System.Collections.Generic;", "using System.Net.Http;", "", "namespace TradingBot.Exchange;",
              "", "public sealed class ExchangeSettings", "{",
              "    public decimal Notional(decimal qty, decimal price) => Math.Round(qty * price, 2);"]
    return _emit(ctx, L, L, ctx.choice(["src/TradingBot/ExchangeSettings.cs", "TradingBot/Secrets.cs"]), header, forms, ["}"])


def fsharp(ctx):
    L = "fsharp"

    def v(it, form):
        return val(ctx, it, form, L)

    def f_let(ctx):
        it = ctx.mixed()
        lit = "[<Literal>]\n" if ctx.chance(0.3) else ""
        return (lit + f"let {ctx.name(it, ('camel', 'pascal'))} = {v(it, 'let-binding')}{ctx.note(it, '//')}").split("\n")

    def f_env(ctx):
        it = ctx.mixed(0.7)
        return [f"let {ctx.name(it, ('camel',))} =",
                f"    Environment.GetEnvironmentVariable \"{ctx.env_name(it)}\" |> Option.ofObj |> Option.defaultValue {v(it, 'env-fallback')}"]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [f"let {ctx.name(it, ('camel',))} = {ctx.m(it, 'env-lookup', L)}Environment.GetEnvironmentVariable \"{ctx.env_name(it)}\""]

    def f_record(ctx):
        acct = ctx.account(multi=True)
        fields = "; ".join(f"{roles(it)[0].upper() + roles(it)[1:]} = {v(it, 'record-literal')}" for it in acct)
        return [f"let creds = {{ {fields} }}"]

    def f_comment(ctx):
        it = ctx.mixed(0.6)
        return [f"// key was {ctx.m(it, 'comment', L)}{it.value}"]

    forms = [f_let, f_env, f_env_lookup, f_record, f_comment, f_let]
    header = ["module Bot.Config", "", "open System", "",
              "type Creds = { ApiKey: string; Secret: string; Password: string; Token: string; PrivateKey: string; Mnemonic: string; WebhookUrl: string }",
              "", "let pnl entry exit qty = (exit - entry) * qty"]
    return _emit(ctx, L, L, "src/Bot/Config.fs", header, forms, [""], k=5, indent="")


def vbnet(ctx):
    L = "vbnet"

    def v(it, form):
        return val(ctx, it, form, L)

    def f_const(ctx):
        it = ctx.mixed()
        return [f"Private Const {ctx.name(it, ('pascal',))} As String = {v(it, 'const-decl')}"
                + (f" ' {it.extra['note']}" if it.trap == "marked-fake" else "")]

    def f_dim(ctx):
        it = ctx.mixed()
        return [f"Dim {ctx.name(it, ('camel',))} As String = {v(it, 'dim')}"]

    def f_if(ctx):
        it = ctx.mixed(0.7)
        return [f"Dim {ctx.name(it, ('camel',))} = If(Environment.GetEnvironmentVariable(\"{ctx.env_name(it)}\"), {v(it, 'env-fallback')})"]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [f"Dim {ctx.name(it, ('camel',))} = {ctx.m(it, 'env-lookup', L)}Environment.GetEnvironmentVariable(\"{ctx.env_name(it)}\")"]

    def f_concat(ctx):
        it = ctx.pos()
        ps = ctx.pieces(it.value)
        mk = ctx.m(it, "concat", L, needle=ps[0], span=len(ps))
        return [f"Dim apiSecret As String = {mk}\"{ps[0]}\" & _"] + [f'    "{p}" & _' for p in ps[1:-1]] + [f'    "{ps[-1]}"']

    def f_comment(ctx):
        it = ctx.mixed(0.6)
        return [f"' TODO move to vault: {ctx.m(it, 'comment', L)}{it.value}"]

    forms = [f_const, f_dim, f_if, f_env_lookup, f_concat, f_comment]
    header = ["Imports System", "", "Module ExchangeConfig", "    Function Fee(notional As Decimal) As Decimal",
              "        Return notional * 0.001D", "    End Function"]
    return _emit(ctx, L, L, "VbBot/ExchangeConfig.vb", header, forms, ["End Module"], k=5)


def powershell(ctx):
    L = "powershell"

    def v(it, form, q=None):
        return val(ctx, it, form, L, q or ctx.q())

    def f_assign(ctx):
        it = ctx.mixed()
        return [f"${ctx.name(it, ('camel', 'pascal'))}{ctx.eq()}{v(it, 'assign')}{ctx.note(it, '#')}"]

    def f_env_set(ctx):
        it = ctx.mixed()
        return [f"$env:{ctx.env_name(it)} = {v(it, 'env-set')}"]

    def f_if_env(ctx):
        it = ctx.mixed(0.7)
        e = ctx.env_name(it)
        return [f"${ctx.name(it, ('camel',))} = if ($env:{e}) {{ $env:{e} }} else {{ {v(it, 'env-fallback')} }}"]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [f"${ctx.name(it, ('camel',))} = {ctx.m(it, 'env-lookup', L)}$env:{ctx.env_name(it)}"]

    def f_securestring(ctx):
        it = ctx.mixed(0.7, kinds=("db", "broker", "exchange"))
        return [f"$secure = ConvertTo-SecureString {v(it, 'cli-arg', chr(34))} -AsPlainText -Force"]

    def f_hashtable(ctx):
        it = ctx.mixed(0.6, kinds=("exchange", "data"))
        return ["$headers = @{", f"    'X-MBX-APIKEY' = {v(it, 'http-header-code', chr(39))}", "    'Content-Type' = 'application/json'", "}",
                "Invoke-RestMethod -Uri $uri -Headers $headers"]

    def f_read_host(ctx):
        it = ctx.lookup(trap="prompt")
        return [f"${ctx.name(it, ('camel',))} = {ctx.m(it, 'prompt', L)}Read-Host -AsSecureString \"Enter {it.name('kebab')}\""]

    forms = [f_assign, f_env_set, f_if_env, f_env_lookup, f_securestring, f_hashtable, f_read_host]
    header = ["#Requires -Version 7", "param([string]$Symbol = 'BTCUSDT')", "$ErrorActionPreference = 'Stop'",
              "$uri = \"https://api.binance.com/api/v3/account\""]
    return _emit(ctx, L, L, ctx.choice(["scripts/deploy.ps1", "tools/Start-Bot.ps1"]), header, forms,
                 ["Write-Host \"started $Symbol\""], k=5, indent="")


EMITTERS = {"csharp": csharp, "fsharp": fsharp, "vbnet": vbnet, "powershell": powershell}
