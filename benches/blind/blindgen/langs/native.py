"""Compiled and native-ish languages: C, C++, Rust, Swift, Dart."""

from __future__ import annotations

from .common import roles, val
from .jvm import _emit


def _pem_raw(ctx, lang, head, tail):
    it = ctx.pem_item()
    ls = it.value.split("\n")
    return [f"{head}{ctx.m(it, 'multiline-string', lang)}{ls[0]}"] + ls[1:-1] + [f"{ls[-1]}{tail}"]


def c(ctx):
    L = "c"

    def v(it, form):
        return val(ctx, it, form, L)

    def f_define(ctx):
        it = ctx.mixed()
        return [f"#define {ctx.name(it, ('screaming',))}{ctx.choice([' ', '  ', chr(9)])}{v(it, 'define')}"
                + (f"  /* {it.extra['note']} */" if it.trap == "marked-fake" else "")]

    def f_static(ctx):
        it = ctx.mixed()
        decl = ctx.choice(["static const char *", "const char ", "static const char "])
        arr = "[]" if not decl.endswith("*") else ""
        return [f"{decl}{ctx.name(it, ('snake',))}{arr} = {v(it, 'const-decl')};"]

    def f_getenv(ctx):
        it = ctx.mixed(0.7)
        e = ctx.env_name(it)
        return [f"    const char *{ctx.name(it, ('snake',))} = getenv(\"{e}\") ? getenv(\"{e}\") : {v(it, 'env-fallback')};"]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [f"    const char *{ctx.name(it, ('snake',))} = {ctx.m(it, 'env-lookup', L)}getenv(\"{ctx.env_name(it)}\");"]

    def f_adjacent(ctx):
        it = ctx.pos()
        ps = ctx.pieces(it.value)
        mk = ctx.m(it, "concat", L, needle=ps[0], span=len(ps))
        return [f"static const char api_secret[] ="] + [f"    {mk if i == 0 else ''}\"{p}\"" for i, p in enumerate(ps)] + ["    ;"]

    def f_struct(ctx):
        acct = ctx.account(multi=True)
        out = ["static const struct creds default_creds = {"]
        for it in acct:
            out.append(f"    .{it.name('snake', it.words[1:] or it.words)} = {v(it, 'struct-literal')},")
        return out + ["};"]

    def f_curl_header(ctx):
        it = ctx.mixed(0.6, kinds=("exchange", "data"))
        return [f"    hdrs = curl_slist_append(hdrs, \"X-MBX-APIKEY: {ctx.m(it, 'http-header-code', L)}{it.value}\");"]

    def f_userpwd(ctx):
        it = ctx.pos(pred=lambda p, c: c.cred == "password")
        return [f"    curl_easy_setopt(curl, CURLOPT_USERPWD, \"bot:{ctx.m(it, 'userpass', L)}{it.value}\");"]

    def f_comment(ctx):
        it = ctx.mixed(0.6)
        return [f"/* rotated {ctx.name(it, ('snake',))}: {ctx.m(it, 'comment', L)}{it.value} */"]

    forms = [f_define, f_static, f_getenv, f_env_lookup, f_adjacent, f_struct, f_curl_header, f_userpwd, f_comment, f_define]
    header = ["#include <stdio.h>", "#include <stdlib.h>", "#include <curl/curl.h>", "", "struct creds {",
              "    const char *api_key, *api_secret, *secret, *key, *passphrase, *token, *password, *private_key, *mnemonic;",
              "    const char *access_key, *secret_key, *app_key, *app_secret, *client_id, *client_secret;", "};", "",
              "double mid(double bid, double ask) { return (bid + ask) / 2.0; }", ""]
    # statement forms (indented) go into a function body
    out = list(header)
    top, body = [], []
    for form in ctx.pick_forms(L, forms, 6):
        ls = form(ctx)
        (body if ls[0].startswith("    ") else top).extend([""] + ls if not ls[0].startswith("    ") else ls)
    out += top + ["", "int connect_exchange(CURL *curl) {", "    struct curl_slist *hdrs = NULL;"] + body + \
        ["    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);", "    return 0;", "}"]
    return [(ctx.choice(["src/exchange.c", "native/feed.c"]), "\n".join(out))]


def cpp(ctx):
    L = "cpp"

    def v(it, form):
        return val(ctx, it, form, L)

    def f_constexpr(ctx):
        it = ctx.mixed()
        return [f"constexpr auto k{it.name('pascal', ctx.words(it))} = {v(it, 'const-decl')};{ctx.note(it, '//')}"]

    def f_string(ctx):
        it = ctx.mixed()
        return [f"static const std::string {ctx.name(it, ('snake',))}{{{v(it, 'brace-init')}}};"]

    def f_getenv(ctx):
        it = ctx.mixed(0.7)
        e = ctx.env_name(it)
        return [f"const std::string {ctx.name(it, ('snake',))} = std::getenv(\"{e}\") ? std::getenv(\"{e}\") : {v(it, 'env-fallback')};"]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [f"const char* {ctx.name(it, ('snake',))} = {ctx.m(it, 'env-lookup', L)}std::getenv(\"{ctx.env_name(it)}\");"]

    def f_map(ctx):
        acct = ctx.account(multi=True)
        return ["const std::map<std::string, std::string> kCreds{"] + \
            [f"    {{\"{roles(it)}\", {v(it, 'map-literal')}}}," for it in acct] + ["};"]

    def f_raw(ctx):
        return _pem_raw(ctx, L, 'static const char* kPrivateKey = R"(', ')";')

    def f_ctor(ctx):
        acct = ctx.account(kinds=("exchange",), multi=True)
        return [f"auto client = std::make_unique<RestClient>({v(acct[0], 'ctor-positional')}, {v(acct[1], 'ctor-positional')});"]

    def f_comment(ctx):
        it = ctx.mixed(0.6)
        return [f"// {ctx.name(it, ('snake',))} = {ctx.m(it, 'comment', L)}{it.value}"]

    forms = [f_constexpr, f_string, f_getenv, f_env_lookup, f_map, f_raw, f_ctor, f_comment]
    header = ["#include <cstdlib>", "#include <map>", "#include <memory>", "#include <string>", "", "namespace bot {", "",
              "double imbalance(double bidQty, double askQty) { return (bidQty - askQty) / (bidQty + askQty); }"]
    return _emit(ctx, L, L, ctx.choice(["src/exchange_client.cpp", "engine/config.hpp"]), header, forms,
                 ["", "}  // namespace bot"], indent="")


def rust(ctx):
    L = "rust"

    def v(it, form):
        return val(ctx, it, form, L)

    def f_const(ctx):
        it = ctx.mixed()
        kw = ctx.choice(["const", "static", "pub const"])
        return [f"{kw} {ctx.name(it, ('screaming',))}: &str{ctx.eq()}{v(it, 'const-decl')};{ctx.note(it, '//')}"]

    def f_let(ctx):
        it = ctx.mixed()
        return [f"    let {ctx.name(it, ('snake',))} = {v(it, 'let-binding')}{'.to_string()' if ctx.chance(0.5) else ''};"]

    def f_unwrap_or(ctx):
        it = ctx.mixed(0.7)
        e = ctx.env_name(it)
        return [ctx.choice([
            f"    let {ctx.name(it, ('snake',))} = env::var(\"{e}\").unwrap_or_else(|_| {v(it, 'env-fallback')}.to_string());",
            f"    let {ctx.name(it, ('snake',))} = std::env::var(\"{e}\").unwrap_or({v(it, 'env-fallback')}.into());",
            f"    let {ctx.name(it, ('snake',))} = option_env!(\"{e}\").unwrap_or({v(it, 'env-fallback')});"])]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [ctx.choice([f"    let {ctx.name(it, ('snake',))} = {ctx.m(it, 'env-lookup', L)}env::var(\"{ctx.env_name(it)}\")?;",
                            f"    let {ctx.name(it, ('snake',))} = {ctx.m(it, 'env-lookup', L)}env!(\"{ctx.env_name(it)}\");",
                            f"    let {ctx.name(it, ('snake',))} = {ctx.m(it, 'env-lookup', L)}std::env::var(\"{ctx.env_name(it)}\").expect(\"missing\");"])]

    def f_struct(ctx):
        acct = ctx.account(multi=True)
        out = ["    let creds = Credentials {"]
        for it in acct:
            out.append(f"        {it.name('snake', it.words[1:] or it.words)}: {v(it, 'struct-literal')}.to_string(),")
        return out + ["        ..Default::default()", "    };"]

    def f_binance_new(ctx):
        acct = ctx.account(kinds=("exchange",), multi=True)
        return [f"    let account: Account = Binance::new(Some({v(acct[0], 'ctor-positional')}.into()), "
                f"Some({v(acct[1], 'ctor-positional')}.into()));"]

    def f_wallet(ctx):
        it = ctx.mixed(0.6, trapkinds=("public-dev-account", "marked-fake", "placeholder"))
        if it.pos:
            it = ctx.named(ctx.choice(["evm-wallet", "evm-wallet-bare"]))
        return [f"    let signer = PrivateKeySigner::from_str({v(it, 'ctor-positional')})?;{ctx.note(it, '//')}"]

    def f_bot(ctx):
        it = ctx.mixed(0.7, trapkinds=("placeholder",))
        if it.pos:
            it = ctx.named("telegram")
        return [f"    let bot = Bot::new({v(it, 'ctor-positional')});"]

    def f_raw(ctx):
        return _pem_raw(ctx, L, 'const KEY_PEM: &str = r#"', '"#;')

    def f_concat(ctx):
        it = ctx.pos()
        ps = ctx.pieces(it.value)
        mk = ctx.m(it, "concat", L, needle=ps[0])
        return [f"const API_SECRET: &str = concat!({mk}\"{ps[0]}\", " + ", ".join(f'"{p}"' for p in ps[1:]) + ");"]

    def f_comment(ctx):
        it = ctx.mixed(0.6)
        return [f"// old {ctx.name(it, ('snake',))}: {ctx.m(it, 'comment', L)}{it.value}"]

    forms = [f_const, f_let, f_unwrap_or, f_env_lookup, f_struct, f_binance_new, f_wallet, f_bot, f_raw, f_concat,
             f_comment, f_const]
    header = ["use std::env;", "use std::str::FromStr;", "", "#[derive(Default)]", "pub struct Credentials {",
              "    pub api_key: String, pub api_secret: String, pub secret: String, pub key: String,",
              "    pub passphrase: String, pub token: String, pub password: String,", "}", "",
              "pub fn spread(bid: f64, ask: f64) -> f64 {", "    (ask - bid) / ask", "}", ""]
    out = list(header)
    top, body = [], []
    for form in ctx.pick_forms(L, forms, 6):
        ls = form(ctx)
        if ls[0].startswith("    "):
            body += ls
        else:
            top += [""] + ls
    out += top + ["", "pub fn connect() -> anyhow::Result<()> {"] + body + ["    Ok(())", "}"]
    return [(ctx.choice(["src/exchange.rs", "src/config.rs", "crates/bot/src/client.rs"]), "\n".join(out))]


def swift(ctx):
    L = "swift"

    def v(it, form):
        return val(ctx, it, form, L)

    def f_let(ctx):
        it = ctx.mixed()
        kw = ctx.choice(["let", "static let", "private let"])
        return [f"    {kw} {ctx.name(it, ('camel',))}{ctx.eq()}{v(it, 'const-decl')}{ctx.note(it, '//')}"]

    def f_env(ctx):
        it = ctx.mixed(0.7)
        return [f"    let {ctx.name(it, ('camel',))} = ProcessInfo.processInfo.environment[\"{ctx.env_name(it)}\"] ?? {v(it, 'env-fallback')}"]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [f"    let {ctx.name(it, ('camel',))} = {ctx.m(it, 'env-lookup', L)}ProcessInfo.processInfo.environment[\"{ctx.env_name(it)}\"]!"]

    def f_init(ctx):
        acct = ctx.account(multi=True)
        args = ", ".join(f"{roles(it)}: {v(it, 'ctor-kwarg')}" for it in acct)
        return [f"    let creds = Credentials({args})"]

    def f_header(ctx):
        it = ctx.mixed(0.6, kinds=("exchange", "data"))
        return [f"        request.setValue({v(it, 'http-header-code')}, forHTTPHeaderField: \"X-MBX-APIKEY\")"]

    def f_multiline(ctx):
        return _pem_raw(ctx, L, '    static let privateKey = """\n', '\n"""')

    forms = [f_let, f_env, f_env_lookup, f_init, f_header, f_multiline, f_let]
    header = ["import Foundation", "", "struct ExchangeConfig {"]
    return _emit(ctx, L, L, "Sources/Bot/ExchangeConfig.swift", header, forms, ["}"], k=5, indent="")


def dart(ctx):
    L = "dart"

    def v(it, form, q=None):
        return val(ctx, it, form, L, q or ctx.q("'\""))

    def f_const(ctx):
        it = ctx.mixed()
        kw = ctx.choice(["const", "final", "static const", "final String"])
        return [f"  {kw} {ctx.name(it, ('camel',))}{ctx.eq()}{v(it, 'const-decl')};{ctx.note(it, '//')}"]

    def f_env(ctx):
        it = ctx.mixed(0.7)
        return [f"  final {ctx.name(it, ('camel',))} = Platform.environment['{ctx.env_name(it)}'] ?? {v(it, 'env-fallback')};"]

    def f_from_env(ctx):
        it = ctx.mixed(0.7)
        return [f"  static const {ctx.name(it, ('camel',))} = String.fromEnvironment('{ctx.env_name(it)}', defaultValue: {v(it, 'env-fallback')});"]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [f"  final {ctx.name(it, ('camel',))} = {ctx.m(it, 'env-lookup', L)}dotenv.env['{ctx.env_name(it)}']!;"]

    def f_map(ctx):
        acct = ctx.account(multi=True)
        return ["  final creds = <String, String>{"] + [f"    '{roles(it)}': {v(it, 'map-literal')}," for it in acct] + ["  };"]

    def f_adjacent(ctx):
        it = ctx.pos()
        ps = ctx.pieces(it.value)
        mk = ctx.m(it, "concat", L, needle=ps[0], span=len(ps))
        return ["  static const apiSecret ="] + [f"      {mk if i == 0 else ''}'{p}'" for i, p in enumerate(ps)] + ["      ;"]

    forms = [f_const, f_env, f_from_env, f_env_lookup, f_map, f_adjacent, f_const]
    header = ["import 'dart:io';", "", "class ExchangeConfig {"]
    return _emit(ctx, L, L, "lib/config/exchange_config.dart", header, forms, ["}"], k=5, indent="")


EMITTERS = {"c": c, "cpp": cpp, "rust": rust, "swift": swift, "dart": dart}
