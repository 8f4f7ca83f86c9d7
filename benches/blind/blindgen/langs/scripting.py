"""Lua, Perl, R, Julia, Haskell, Elixir, Erlang."""

from __future__ import annotations

from .common import roles, val
from .jvm import _emit


def lua(ctx):
    L = "lua"

    def v(it, form, q=None):
        return val(ctx, it, form, L, q or ctx.q())

    def f_local(ctx):
        it = ctx.mixed()
        return [f"local {ctx.name(it, ('snake', 'camel'))}{ctx.eq()}{v(it, 'assign')}{ctx.note(it, '--')}"]

    def f_or(ctx):
        it = ctx.mixed(0.7)
        return [f"local {ctx.name(it, ('snake',))} = os.getenv(\"{ctx.env_name(it)}\") or {v(it, 'env-fallback')}"]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [f"local {ctx.name(it, ('snake',))} = {ctx.m(it, 'env-lookup', L)}os.getenv(\"{ctx.env_name(it)}\")"]

    def f_table(ctx):
        acct = ctx.account(multi=True)
        return ["local exchange = {"] + [f"  {roles(it)} = {v(it, 'table-literal')}," for it in acct] + ["  timeout = 10,", "}"]

    def f_long_string(ctx):
        it = ctx.mixed(0.7)
        return [f"config.{ctx.name(it, ('snake',))} = [[{ctx.m(it, 'long-string', L)}{it.value}]]"]

    def f_comment(ctx):
        it = ctx.mixed(0.6)
        return [f"-- {ctx.name(it, ('snake',))} = {ctx.m(it, 'comment', L)}{it.value}"]

    forms = [f_local, f_or, f_env_lookup, f_table, f_long_string, f_comment]
    header = ["local config = {}", "", "local function ema(prev, price, n)", "  local k = 2 / (n + 1)",
              "  return price * k + prev * (1 - k)", "end"]
    return _emit(ctx, L, L, ctx.choice(["scripts/strategy.lua", "nvim-bot/config.lua"]), header, forms,
                 ["", "return config"], k=5, indent="")


def perl(ctx):
    L = "perl"

    def v(it, form):
        return val(ctx, it, form, L, "'")

    def f_my(ctx):
        it = ctx.mixed()
        return [f"my ${ctx.name(it, ('snake',))}{ctx.eq()}{v(it, 'assign')};{ctx.note(it, '#')}"]

    def f_defined_or(ctx):
        it = ctx.mixed(0.7)
        op = ctx.choice(["//", "||"])
        return [f"my ${ctx.name(it, ('snake',))} = $ENV{{{ctx.env_name(it)}}} {op} {v(it, 'env-fallback')};"]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [f"my ${ctx.name(it, ('snake',))} = {ctx.m(it, 'env-lookup', L)}$ENV{{{ctx.env_name(it)}}};"]

    def f_hash(ctx):
        acct = ctx.account(multi=True)
        return ["my %creds = ("] + [f"    {it.name('snake', it.words[1:] or it.words)} => {v(it, 'hash-literal')}," for it in acct] + [");"]

    def f_constant(ctx):
        it = ctx.mixed()
        return [f"use constant {ctx.name(it, ('screaming',))} => {v(it, 'const-decl')};"]

    def f_comment(ctx):
        it = ctx.mixed(0.6)
        return [f"# key for the old account: {ctx.m(it, 'comment', L)}{it.value}"]

    forms = [f_my, f_defined_or, f_env_lookup, f_hash, f_constant, f_comment]
    header = ["#!/usr/bin/env perl", "use strict;", "use warnings;", "use LWP::UserAgent;", "",
              "sub mid { my ($b, $a) = @_; return ($b + $a) / 2; }"]
    return _emit(ctx, L, L, ctx.choice(["bin/poll_prices.pl", "tools/ticker.pl"]), header, forms, ["", "1;"], k=5, indent="")


def r_lang(ctx):
    L = "r"

    def v(it, form):
        return val(ctx, it, form, L, ctx.q())

    def f_arrow(ctx):
        it = ctx.mixed()
        return [f"{ctx.name(it, ('snake',))} <- {v(it, 'assign-arrow')}{ctx.note(it, '#')}"]

    def f_right_arrow(ctx):
        it = ctx.mixed()
        return [f"{v(it, 'assign-arrow')} -> {ctx.name(it, ('snake',))}"]

    def f_sysgetenv(ctx):
        it = ctx.mixed(0.7)
        kw = ctx.choice(["", "unset = "])
        return [f"{ctx.name(it, ('snake',))} <- Sys.getenv(\"{ctx.env_name(it)}\", {kw}{v(it, 'env-fallback')})"]

    def f_setenv(ctx):
        it = ctx.mixed()
        return [f"Sys.setenv({ctx.env_name(it)} = {v(it, 'env-set')})"]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [f"{ctx.name(it, ('snake',))} <- {ctx.m(it, 'env-lookup', L)}Sys.getenv(\"{ctx.env_name(it)}\")"]

    def f_list(ctx):
        acct = ctx.account(multi=True)
        return ["creds <- list("] + [f"  {it.name('snake', it.words[1:] or it.words)} = {v(it, 'list-literal')}{',' if i < len(acct) - 1 else ''}"
                                     for i, it in enumerate(acct)] + [")"]

    forms = [f_arrow, f_right_arrow, f_sysgetenv, f_setenv, f_env_lookup, f_list]
    header = ["library(httr)", "library(jsonlite)", "", "sharpe <- function(r) mean(r) / sd(r) * sqrt(252)"]
    return _emit(ctx, L, L, ctx.choice(["analysis/fetch_prices.R", "R/backtest.R"]), header, forms, [""], k=5, indent="")


def julia(ctx):
    L = "julia"

    def v(it, form):
        return val(ctx, it, form, L)

    def f_const(ctx):
        it = ctx.mixed()
        return [f"const {ctx.name(it, ('screaming',))}{ctx.eq()}{v(it, 'const-decl')}{ctx.note(it, '#')}"]

    def f_get(ctx):
        it = ctx.mixed(0.7)
        return [f"{ctx.name(it, ('snake',))} = get(ENV, \"{ctx.env_name(it)}\", {v(it, 'env-fallback')})"]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [f"{ctx.name(it, ('snake',))} = {ctx.m(it, 'env-lookup', L)}ENV[\"{ctx.env_name(it)}\"]"]

    def f_dict(ctx):
        acct = ctx.account(multi=True)
        return ["creds = Dict("] + [f"    \"{roles(it)}\" => {v(it, 'map-literal')}," for it in acct] + [")"]

    forms = [f_const, f_get, f_env_lookup, f_dict, f_const]
    header = ["using HTTP, JSON3", "", "zscore(x, w) = (x[end] - mean(x[end-w+1:end])) / std(x[end-w+1:end])"]
    return _emit(ctx, L, L, "src/Exchange.jl", header, forms, [""], k=4, indent="")


def haskell(ctx):
    L = "haskell"

    def v(it, form):
        return val(ctx, it, form, L)

    def f_top(ctx):
        it = ctx.mixed()
        n = ctx.name(it, ("camel",))
        return [f"{n} :: Text", f"{n} = {v(it, 'top-level-binding')}{ctx.note(it, '--')}"]

    def f_lookup_env(ctx):
        it = ctx.mixed(0.7)
        return [f"  {ctx.name(it, ('camel',))} <- fromMaybe {v(it, 'env-fallback')} <$> lookupEnv \"{ctx.env_name(it)}\""]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [f"  {ctx.name(it, ('camel',))} <- {ctx.m(it, 'env-lookup', L)}getEnv \"{ctx.env_name(it)}\""]

    def f_record(ctx):
        acct = ctx.account(multi=True)
        out = ["defaultCreds :: Credentials", "defaultCreds = Credentials"]
        for i, it in enumerate(acct):
            out.append(f"  {'{' if i == 0 else ','} {roles(it)} = {v(it, 'record-literal')}")
        return out + ["  }"]

    forms = [f_top, f_lookup_env, f_env_lookup, f_record, f_top]
    header = ["{-# LANGUAGE OverloadedStrings #-}", "module Bot.Config where", "", "import Data.Maybe (fromMaybe)",
              "import Data.Text (Text)", "import System.Environment (getEnv, lookupEnv)", ""]
    out = list(header)
    top, body = [], []
    for form in ctx.pick_forms(L, forms, 4):
        ls = form(ctx)
        if ls[0].startswith("  "):
            body += ls
        else:
            top += [""] + ls
    out += top + ["", "loadConfig :: IO Config", "loadConfig = do"] + body + ["  pure Config {..}"]
    return [("src/Bot/Config.hs", "\n".join(out))]


def elixir(ctx):
    L = "elixir"

    def v(it, form):
        return val(ctx, it, form, L)

    def f_attr(ctx):
        it = ctx.mixed()
        return [f"  @{ctx.name(it, ('snake',))} {v(it, 'module-attribute')}{ctx.note(it, '#')}"]

    def f_get_env(ctx):
        it = ctx.mixed(0.7)
        return [ctx.choice([f"  {ctx.name(it, ('snake',))} = System.get_env(\"{ctx.env_name(it)}\", {v(it, 'env-fallback')})",
                            f"  {ctx.name(it, ('snake',))} = System.get_env(\"{ctx.env_name(it)}\") || {v(it, 'env-fallback')}"])]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [f"  {ctx.name(it, ('snake',))} = {ctx.m(it, 'env-lookup', L)}System.fetch_env!(\"{ctx.env_name(it)}\")"]

    def f_map(ctx):
        acct = ctx.account(multi=True)
        return ["  def credentials do", "    %{"] + [f"      {it.name('snake', it.words[1:] or it.words)}: {v(it, 'map-literal')},"
                                                   for it in acct] + ["      sandbox: false", "    }", "  end"]

    forms = [f_attr, f_get_env, f_env_lookup, f_map, f_attr]
    header = ["defmodule Bot.Exchange do", "  @moduledoc \"REST client for the spot venue.\"", "",
              "  def notional(qty, price), do: qty * price"]
    return _emit(ctx, L, L, "lib/bot/exchange.ex", header, forms, ["end"], k=4, indent="")


def elixir_config(ctx):
    L = "elixir"
    acct = ctx.account(multi=True)
    out = ["import Config", "", "config :bot, Bot.Exchange,"]
    for i, it in enumerate(acct):
        out.append(f"  {it.name('snake', it.words[1:] or it.words)}: \"{ctx.m(it, 'keyword-list', L)}{it.value}\""
                   f"{',' if i < len(acct) - 1 else ''}")
    lk = ctx.lookup()
    out += ["", "config :bot, Bot.Repo,", f"  password: {ctx.m(lk, 'env-lookup', L)}System.get_env(\"DB_PASSWORD\"),",
            "  pool_size: 10"]
    it = ctx.mixed(0.6)
    out += ["", f"config :bot, :alerts, {ctx.name(it, ('snake',))}: \"{ctx.m(it, 'keyword-list', L)}{it.value}\""]
    return [("config/runtime.exs", "\n".join(out))]


def erlang(ctx):
    L = "erlang"
    out = ["-module(bot_exchange).", "-export([sign/2, creds/0]).", ""]
    for _ in range(2):
        it = ctx.mixed()
        out.append(f"-define({ctx.name(it, ('screaming',))}, \"{ctx.m(it, 'define', L)}{it.value}\").")
    acct = ctx.account(multi=True)
    out += ["", "creds() ->", "    #{"]
    for i, it in enumerate(acct):
        out.append(f"        {it.name('snake', it.words[1:] or it.words)} => <<\"{ctx.m(it, 'map-literal', L)}{it.value}\">>"
                   f"{',' if i < len(acct) - 1 else ''}")
    out += ["    }.", ""]
    it = ctx.mixed(0.7)
    out += [f"api_key() -> os:getenv(\"{ctx.env_name(it)}\", \"{ctx.m(it, 'env-fallback', L)}{it.value}\").", ""]
    lk = ctx.lookup()
    out += [f"api_secret() -> {ctx.m(lk, 'env-lookup', L)}os:getenv(\"{ctx.env_name(lk)}\").", "",
            "sign(Secret, Payload) ->", "    binary:encode_hex(crypto:mac(hmac, sha256, Secret, Payload))."]
    files = [("src/bot_exchange.erl", "\n".join(out))]
    # sys.config and vm.args
    acct = ctx.account(multi=True)
    sc = ["[", " {bot, ["]
    for it in acct:
        sc.append(f"   {{{it.name('snake', it.words[1:] or it.words)}, \"{ctx.m(it, 'tuple-config', L)}{it.value}\"}},")
    sc += ["   {symbols, [<<\"BTCUSDT\">>]}", " ]}", "]."]
    files.append(("config/sys.config", "\n".join(sc)))
    ck = ctx.mixed(0.6, trapkinds=("placeholder", "repeated"))
    if ck.pos:
        ck = ctx.named("erlang")
    files.append(("config/vm.args", "\n".join(["-name bot@127.0.0.1", f"-setcookie {ctx.m(ck, 'cli-arg', 'vm-args')}{ck.value}",
                                               "+K true", "+A 30"])))
    return files


EMITTERS = {"lua": lua, "perl": perl, "r": r_lang, "julia": julia, "haskell": haskell, "elixir": elixir,
            "elixir-config": elixir_config, "erlang": erlang}
