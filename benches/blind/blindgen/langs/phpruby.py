"""PHP (plain, Laravel, WordPress) and Ruby (plain, Rails)."""

from __future__ import annotations

from .common import ccxt_id, roles, val
from .jvm import _emit, _pem_block
from .. import values as V
from ..core import Item


def php(ctx):
    L = "php"

    def v(it, form, q=None):
        return val(ctx, it, form, L, q or ctx.q("'\""))

    def f_var(ctx):
        it = ctx.mixed()
        return [f"${ctx.name(it, ('camel', 'snake'))}{ctx.eq()}{v(it, 'assign')};{ctx.note(it, '//')}"]

    def f_define(ctx):
        it = ctx.mixed()
        return [f"define('{ctx.name(it, ('screaming',))}', {v(it, 'define')});{ctx.note(it, '//')}"]

    def f_const(ctx):
        it = ctx.mixed()
        return [f"const {ctx.name(it, ('screaming',))} = {v(it, 'const-decl')};"]

    def f_array(ctx):
        acct = ctx.account(multi=True)
        q = ctx.q("'\"")
        return ["$config = ["] + [f"    {q}{it.name('snake', it.words[1:] or it.words)}{q} => {v(it, 'array-literal', q)},"
                                 for it in acct] + ["    'timeout' => 30,", "];"]

    def f_ccxt(ctx):
        acct = ctx.account(kinds=("exchange",), multi=True)
        return [f"$exchange = new \\ccxt\\{ccxt_id(acct[0].provider)}(array("] + \
            [f"    '{roles(it)}' => {v(it, 'ccxt-options', chr(39))}," for it in acct] + ["));"]

    def f_getenv(ctx):
        it = ctx.mixed(0.7)
        return [f"${ctx.name(it, ('camel',))} = getenv('{ctx.env_name(it)}') ?: {v(it, 'env-fallback')};"]

    def f_env_coalesce(ctx):
        it = ctx.mixed(0.7)
        return [f"${ctx.name(it, ('camel',))} = $_ENV['{ctx.env_name(it)}'] ?? {v(it, 'env-fallback')};"]

    def f_laravel_env(ctx):
        it = ctx.mixed(0.7)
        return [f"    '{ctx.name(it, ('snake',))}' => env('{ctx.env_name(it)}', {v(it, 'env-fallback')}),"]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [ctx.choice([f"${ctx.name(it, ('camel',))} = {ctx.m(it, 'env-lookup', L)}getenv('{ctx.env_name(it)}');",
                            f"    '{ctx.name(it, ('snake',))}' => {ctx.m(it, 'env-lookup', L)}env('{ctx.env_name(it)}'),"])]

    def f_heredoc(ctx):
        return _pem_block(ctx, L, "$privateKey = <<<PEM", "PEM;")

    def f_comment(ctx):
        it = ctx.mixed(0.6)
        return [f"# old {ctx.name(it, ('snake',))}: {ctx.m(it, 'comment', L)}{it.value}"]

    forms = [f_var, f_define, f_const, f_array, f_ccxt, f_getenv, f_env_coalesce, f_laravel_env, f_env_lookup,
             f_heredoc, f_comment, f_var]
    header = ["<?php", "declare(strict_types=1);", "", "require __DIR__ . '/vendor/autoload.php';", "",
              "function pct_change(float $a, float $b): float {", "    return ($b - $a) / $a * 100.0;", "}"]
    return _emit(ctx, L, L, ctx.choice(["config/exchange.php", "src/Bot.php", "bot.php"]), header, forms, [""], indent="")


def wordpress(ctx):
    L = "php"
    out = ["<?php", "/** WordPress config for the bot's dashboard site */", "",
           "define( 'DB_NAME', 'wp_dashboard' );", "define( 'DB_USER', 'wp' );"]
    it = ctx.mixed(0.7, kinds=("db",))
    if it.pos:
        it = ctx.named("mysql")
    out.append(f"define( 'DB_PASSWORD', '{ctx.m(it, 'define', L)}{it.value}' );")
    out += ["define( 'DB_HOST', 'localhost' );", ""]
    placeholder = ctx.chance(0.3)
    for salt in ["AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT", "SECURE_AUTH_SALT",
                 "LOGGED_IN_SALT", "NONCE_SALT"]:
        if placeholder:
            neg = Item("negative", "wordpress", "salt", "put your unique phrase here", ("auth", "key"), None,
                       "placeholder", True)
            out.append(f"define( '{salt}', {' ' * (17 - len(salt))}'{ctx.m(neg, 'define', L)}put your unique phrase here' );")
        else:
            pos = Item("positive", "wordpress", "salt", V.wp_salt(ctx.rng), ("auth", "key"))
            out.append(f"define( '{salt}', {' ' * (17 - len(salt))}'{ctx.m(pos, 'define', L)}{pos.value}' );")
    out += ["", "$table_prefix = 'wp_';", "define( 'WP_DEBUG', false );"]
    return [("dashboard/wp-config.php", "\n".join(out))]


def ruby(ctx):
    L = "ruby"

    def v(it, form, q=None):
        return val(ctx, it, form, L, q or ctx.q("'\""))

    def f_const(ctx):
        it = ctx.mixed()
        return [f"{ctx.name(it, ('screaming',))}{ctx.eq()}{v(it, 'const-decl')}{'.freeze' if ctx.chance(0.4) else ''}"
                + ctx.note(it, "#")]

    def f_fetch_block(ctx):
        it = ctx.mixed(0.7)
        return [f"{ctx.name(it, ('snake',))} = ENV.fetch(\"{ctx.env_name(it)}\") {{ {v(it, 'env-fallback')} }}"]

    def f_fetch_default(ctx):
        it = ctx.mixed(0.7)
        return [f"{ctx.name(it, ('snake',))} = ENV.fetch('{ctx.env_name(it)}', {v(it, 'env-fallback')})"]

    def f_or(ctx):
        it = ctx.mixed(0.7)
        return [f"{ctx.name(it, ('snake',))} = ENV['{ctx.env_name(it)}'] || {v(it, 'env-fallback')}"]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [ctx.choice([f"{ctx.name(it, ('snake',))} = {ctx.m(it, 'env-lookup', L)}ENV.fetch('{ctx.env_name(it)}')",
                            f"{ctx.name(it, ('snake',))} = {ctx.m(it, 'env-lookup', L)}Rails.application.credentials.dig(:exchange, :{it.name('snake')})"])]

    def f_hash_sym(ctx):
        acct = ctx.account(multi=True)
        return ["CREDENTIALS = {"] + [f"  {it.name('snake', it.words[1:] or it.words)}: {v(it, 'hash-literal')}," for it in acct] + ["}.freeze"]

    def f_hash_rocket(ctx):
        acct = ctx.account(kinds=("exchange",), multi=True)
        return [f"exchange = Ccxt::{ccxt_id(acct[0].provider).capitalize()}.new("] + \
            [f"  \"{roles(it)}\" => {v(it, 'hash-literal')}," for it in acct] + [")"]

    def f_kwargs(ctx):
        acct = ctx.account(multi=True)
        args = ", ".join(f"{it.name('snake', it.words[1:] or it.words)}: {v(it, 'ctor-kwarg')}" for it in acct)
        return [f"client = Binance::Client::REST.new({args})"]

    def f_heredoc(ctx):
        return _pem_block(ctx, L, "SIGNING_KEY = <<~PEM", "PEM")

    def f_rails_secret(ctx):
        it = ctx.mixed(0.6)
        if it.pos:
            it = ctx.named("rails")
        return [f"  config.secret_key_base = {v(it, 'attr-set')}"]

    def f_comment(ctx):
        it = ctx.mixed(0.6)
        return [f"# previous {ctx.name(it, ('snake',))}: {ctx.m(it, 'comment', L)}{it.value}"]

    forms = [f_const, f_fetch_block, f_fetch_default, f_or, f_env_lookup, f_hash_sym, f_hash_rocket, f_kwargs,
             f_heredoc, f_rails_secret, f_comment, f_const]
    header = ["# frozen_string_literal: true", "", "require 'json'", "", "def atr(highs, lows, closes, n = 14)",
              "  trs = highs.zip(lows, closes.unshift(closes.first)).map { |h, l, c| [h - l, (h - c).abs, (l - c).abs].max }",
              "  trs.last(n).sum / n.to_f", "end"]
    return _emit(ctx, L, L, ctx.choice(["lib/bot/config.rb", "config/initializers/exchange.rb", "bot.rb"]),
                 header, forms, [""], indent="")


EMITTERS = {"php": php, "wordpress": wordpress, "ruby": ruby}
