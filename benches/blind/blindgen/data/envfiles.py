"""Key/value configuration files: .env, INI, Java .properties, TOML."""

from __future__ import annotations

INTERP_ENV = ["${{{e}}}", "${{{e}:-}}", "$({e})", "{{{{ {e} }}}}", "vault:secret/data/bot#{l}",
              "op://Trading/{e}/credential", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:bot/{l}",
              "@Microsoft.KeyVault(SecretUri=https://bot-kv.vault.azure.net/secrets/{l}/)"]


def interp(ctx, styles=None):
    it = ctx.lookup(trap="interpolation")
    e = ctx.env_name(it)
    tpl = ctx.choice(styles or INTERP_ENV)
    it.value = tpl.format(e=e, l=e.lower().replace("_", "-"))
    return it


def dotenv(ctx):
    L = "dotenv"
    out = ["# runtime configuration for the bot", "LOG_LEVEL=info", "SYMBOLS=BTCUSDT,ETHUSDT", ""]
    for _ in range(ctx.choice([5, 6, 7])):
        r = ctx.rng.random()
        if r < 0.12:
            it = interp(ctx)
            out.append(f"{it.name('screaming')}={ctx.m(it, 'dotenv-assign', L)}{it.value}")
            continue
        it = ctx.mixed(0.6)
        q = ctx.choice(["", "", '"', "'"]) if " " not in it.value else '"'
        kw = "export " if ctx.chance(0.15) else ""
        sep = ctx.choice(["=", "=", " = "]) if not kw else "="
        name = ctx.env_name(it) if ctx.chance(0.7) else "FREQTRADE__EXCHANGE__" + it.words[-1].upper()
        out.append(f"{kw}{name}{sep}{q}{ctx.m(it, 'dotenv-assign', L)}{it.value}{q}{ctx.note(it, '#')}")
    if ctx.chance(0.6):
        it = ctx.mixed(0.6)
        out.append(f"# {ctx.env_name(it)}={ctx.m(it, 'comment', L)}{it.value}")
    if ctx.chance(0.5):
        it = ctx.pos(pred=lambda p, c: p.kind == "db")
        scheme = {"postgres": "postgresql", "mysql": "mysql", "redis": "redis", "mongodb": "mongodb+srv",
                  "rabbitmq": "amqp", "mssql": "mssql", "smtp": "smtps"}[it.provider]
        out.append(f"DATABASE_URL={scheme}://bot:{ctx.m(it, 'url-userinfo', L)}{it.value}@db.internal:5432/bot")
    pem_style = ctx.style("dotenv-pem", 3)
    if pem_style == 0:
        it = ctx.pem_item()
        esc = it.value.replace("\n", "\\n")
        out.append(f"PRIVATE_KEY=\"{ctx.m(it, 'json-escaped', L, needle=esc[:40], span=1)}{esc}\"")
    elif pem_style == 1:
        it = ctx.pem_item()
        ls = it.value.split("\n")
        out += [f"SIGNING_KEY=\"{ctx.m(it, 'multiline-string', L)}{ls[0]}"] + ls[1:-1] + [ls[-1] + '"']
    out += ["", "DRY_RUN=true", "MAX_OPEN_TRADES=3"]
    return [(ctx.choice([".env", ".env.production", "deploy/.env", ".env.local"]), "\n".join(out))]


def dotenv_example(ctx):
    L = "dotenv"
    out = ["# copy to .env and fill in", ""]
    for _ in range(ctx.choice([3, 4, 5])):
        it = ctx.neg(("placeholder", "placeholder-i18n", "repeated"))
        out.append(f"{ctx.env_name(it)}={ctx.m(it, 'dotenv-assign', L)}{it.value}" if " " not in it.value else
                   f"{ctx.env_name(it)}=\"{ctx.m(it, 'dotenv-assign', L)}{it.value}\"")
    out += ["TELEGRAM_CHAT_ID=", "DRY_RUN=true"]
    return [(".env.example", "\n".join(out))]


def ini(ctx):
    L = "ini"
    out = ["; bot settings", "[general]", "strategy = mean_reversion", "timeframe = 5m", ""]
    acct = ctx.account(kinds=("exchange",))
    out.append(f"[{acct[0].provider.split('-')[0]}]")
    for it in acct:
        op = ctx.choice([" = ", "=", ": ", " : "])
        out.append(f"{it.name('snake', it.words[1:] or it.words)}{op}{ctx.m(it, 'ini-key', L)}{it.value}")
    out += ["testnet = false", ""]
    out.append("[database]")
    out.append("host = db.internal")
    it = ctx.mixed(0.6)
    if it.pos:
        it = ctx.named(ctx.choice(["postgres", "mysql"]))
    out.append(f"password = {ctx.m(it, 'ini-key', L)}{it.value}")
    if ctx.chance(0.6):
        lk = ctx.lookup(trap="interpolation")
        out.append(f"url = postgresql://bot:{ctx.m(lk, 'ini-interpolation', L)}%(password)s@%(host)s/trades")
    out += ["", "[notifications]"]
    it = ctx.mixed(0.6)
    out.append(f"{ctx.name(it, ('snake',))} = {ctx.m(it, 'ini-key', L)}{it.value}")
    lk = interp(ctx, ["${{ENV:{e}}}", "%({l})s", "${{{e}}}"])
    out.append(f"{lk.name('snake')} = {ctx.m(lk, 'ini-key', L)}{lk.value}")
    return [(ctx.choice(["config.ini", "conf/bot.ini", "settings.cfg"]), "\n".join(out))]


def properties(ctx):
    L = "properties"
    out = ["# Spring Boot settings", "server.port=8080", "spring.application.name=trade-bot", ""]
    for _ in range(ctx.choice([3, 4])):
        it = ctx.mixed()
        sep = ctx.choice(["=", " = ", ": ", "="])
        out.append(f"{it.name('dotted', ctx.words(it))}{sep}{ctx.m(it, 'properties-key', L)}{it.value}")
    it = ctx.pos(pred=lambda p, c: p.name in ("postgres", "mysql"))
    out.append(f"spring.datasource.url=jdbc:{'postgresql' if it.provider == 'postgres' else 'mysql'}://db:5432/bot")
    out.append("spring.datasource.username=bot")
    out.append(f"spring.datasource.password={ctx.m(it, 'properties-key', L)}{it.value}")
    lk = interp(ctx, ["${{{e}}}", "${{{e}:}}", "ENC(changeme)"])
    out.append(f"exchange.api-secret={ctx.m(lk, 'properties-key', L)}{lk.value}")
    if ctx.chance(0.6):
        it = ctx.pos()
        ps = ctx.pieces(it.value, 2)
        out += [f"{it.name('dotted')}={ctx.m(it, 'line-continuation', L, needle=ps[0], span=2)}{ps[0]}\\", f"    {ps[1]}"]
    return [(ctx.choice(["src/main/resources/application.properties", "conf/exchange.properties"]), "\n".join(out))]


def toml(ctx):
    L = "toml"
    out = ["[bot]", 'name = "grid"', "dry_run = false", 'pairs = ["BTC/USDT", "ETH/USDT"]', ""]
    acct = ctx.account(kinds=("exchange",))
    out.append(f"[exchange.{acct[0].provider.split('-')[0]}]")
    for it in acct:
        q = ctx.choice(['"', "'"])
        out.append(f"{it.name('snake', it.words[1:] or it.words)} = {q}{ctx.m(it, 'toml-key', L)}{it.value}{q}")
    out.append("")
    if ctx.chance(0.5):
        acct2 = ctx.account(multi=True)
        parts = ", ".join(f"{it.name('snake', it.words[1:] or it.words)} = \"{ctx.m(it, 'toml-inline-table', L)}{it.value}\""
                          for it in acct2)
        out += ["[providers]", f"{acct2[0].provider.replace('-', '_')} = {{ {parts} }}", ""]
    out.append("[notify]")
    for _ in range(2):
        it = ctx.mixed()
        out.append(f"{ctx.name(it, ('snake',))} = \"{ctx.m(it, 'toml-key', L)}{it.value}\"{' # ' + it.extra['note'] if it.trap == 'marked-fake' else ''}")
    lk = interp(ctx, ["${{{e}}}", "env:{e}"])
    out.append(f"{lk.name('snake')} = \"{ctx.m(lk, 'toml-key', L)}{lk.value}\"")
    if ctx.chance(0.5):
        it = ctx.pem_item()
        ls = it.value.split("\n")
        out += ["", "[signing]", 'key = """', ctx.m(it, "multiline-string", L) + ls[0]] + ls[1:] + ['"""']
    else:
        it = ctx.mixed(0.6, trapkinds=("public-dev-account", "evm-address"))
        if it.pos:
            it = ctx.named("evm-wallet")
        out += ["", "[wallet]", f"private_key = \"{ctx.m(it, 'toml-key', L)}{it.value}\""]
    return [(ctx.choice(["config.toml", "bot.toml", "conf/settings.toml"]), "\n".join(out))]


EMITTERS = {"dotenv": dotenv, "dotenv-example": dotenv_example, "ini": ini, "properties": properties, "toml": toml}
