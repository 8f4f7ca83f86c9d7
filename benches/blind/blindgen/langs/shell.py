"""Shell scripts, Makefiles and shell history."""

from __future__ import annotations

import base64



def _sq(ctx, it, form, lang):
    q = ctx.choice(['"', "'", ""]) if " " not in it.value else '"'
    return f"{q}{ctx.m(it, form, lang)}{it.value}{q}"


def shell(ctx):
    L = "shell"

    def f_export(ctx):
        it = ctx.mixed()
        kw = ctx.choice(["export ", "", "declare -x "])
        return [f"{kw}{ctx.env_name(it)}={_sq(ctx, it, 'export', L)}{ctx.note(it, '#')}"]

    def f_default(ctx):
        it = ctx.mixed(0.7)
        e = ctx.env_name(it)
        op = ctx.choice([":-", ":=", "-"])
        return [f"{e}=\"${{{e}{op}{ctx.m(it, 'env-fallback', L)}{it.value}}}\""]

    def f_lookup(ctx):
        it = ctx.lookup()
        e = ctx.env_name(it)
        return [ctx.choice([f": \"${{{e}:?{ctx.m(it, 'env-lookup', L)}set {e} first}}\"",
                            f"API_KEY=\"{ctx.m(it, 'env-lookup', L)}${{{e}}}\"",
                            f"SECRET=\"{ctx.m(it, 'secret-store', L)}$(aws ssm get-parameter --name /bot/{e.lower()} --with-decryption --query Parameter.Value --output text)\"",
                            f"read -rsp 'Password: ' {ctx.m(it, 'prompt', L)}{e}"])]

    def f_curl_header(ctx):
        it = ctx.mixed(0.6, kinds=("exchange", "data", "broker"))
        hdr = ctx.choice(["X-MBX-APIKEY", "X-API-KEY", "APCA-API-KEY-ID", "OK-ACCESS-KEY", "X-CMC_PRO_API_KEY"])
        return [f"curl -s -H \"{hdr}: {ctx.m(it, 'curl-header', L)}{it.value}\" \\", "  \"https://api.example-exchange.com/api/v3/account\""]

    def f_curl_bearer(ctx):
        it = ctx.pos(pred=lambda p, c: c.cred in ("token", "api_key") and p.kind in ("ai", "dev", "broker", "bot"))
        return [f"curl https://api.example.com/v1/orders \\", f"  -H 'Authorization: Bearer {ctx.m(it, 'bearer-header', L)}{it.value}' \\",
                "  -d '{\"symbol\":\"AAPL\",\"qty\":1}'"]

    def f_curl_user(ctx):
        it = ctx.pos(pred=lambda p, c: c.cred == "password")
        return [f"curl -u \"bot:{ctx.m(it, 'curl-user', L)}{it.value}\" http://rabbit:15672/api/queues"]

    def f_forge(ctx):
        it = ctx.mixed(0.6, trapkinds=("public-dev-account",))
        if it.pos:
            it = ctx.named("evm-wallet")
        flag = ctx.choice(["--private-key ", "--private-key="])
        return [f"forge script script/Deploy.s.sol --rpc-url \"$RPC_URL\" {flag}{ctx.m(it, 'cli-arg', L)}{it.value} --broadcast"]

    def f_docker_login(ctx):
        it = ctx.pos(pred=lambda p, c: p.name in ("dockerhub", "github", "gitlab"))
        return [f"echo starting deploy", f"docker login -u tradebot -p {ctx.m(it, 'cli-arg', L)}{it.value} registry.example.com"]

    def f_psql(ctx):
        it = ctx.pos(pred=lambda p, c: p.name in ("postgres", "mysql"))
        if it.provider == "mysql":
            return [f"mysql -h db -u trader -p{ctx.m(it, 'cli-arg', L)}{it.value} trades < schema.sql"]
        return [f"psql \"postgresql://trader:{ctx.m(it, 'url-userinfo', L)}{it.value}@localhost:5432/trades\" -f schema.sql"]

    def f_heredoc(ctx):
        a, b = ctx.mixed(), ctx.mixed()
        return ["cat > .env <<EOF", f"{ctx.env_name(a)}={ctx.m(a, 'heredoc', L)}{a.value}", f"{ctx.env_name(b)}={ctx.m(b, 'heredoc', L)}{b.value}",
                "EOF"]

    def f_aws(ctx):
        acct = ctx.account(names=("aws",))
        return [f"aws configure set aws_access_key_id {ctx.m(acct[0], 'cli-arg', L)}{acct[0].value}",
                f"aws configure set aws_secret_access_key {ctx.m(acct[1], 'cli-arg', L)}{acct[1].value}"]

    def f_comment(ctx):
        it = ctx.mixed(0.6)
        return [f"# {ctx.env_name(it)}={ctx.m(it, 'comment', L)}{it.value}"]

    def f_basic(ctx):
        it = ctx.pos(pred=lambda p, c: c.cred == "password")
        b64 = base64.b64encode(f"admin:{it.value}".encode()).decode()
        return [f"curl -H \"Authorization: Basic {ctx.m(it, 'basic-auth-base64', L, needle=b64)}{b64}\" http://grafana:3000/api/health"]

    forms = [f_export, f_default, f_lookup, f_curl_header, f_curl_bearer, f_curl_user, f_forge, f_docker_login, f_psql,
             f_heredoc, f_aws, f_comment, f_basic, f_export, f_default]
    out = ["#!/usr/bin/env bash", "set -euo pipefail", "", "cd \"$(dirname \"$0\")/..\"", ""]
    for form in ctx.pick_forms(L, forms, 6):
        out += form(ctx) + [""]
    out += ["python -m bot --symbol \"${SYMBOL:-BTCUSDT}\" --dry-run"]
    return [(ctx.choice(["scripts/run.sh", "deploy/start.sh", "bin/setup.sh", "scripts/deploy.sh"]), "\n".join(out))]


def makefile(ctx):
    L = "makefile"
    out = [".PHONY: build run deploy test", "", "IMAGE ?= ghcr.io/example/tradebot", "TAG   ?= $(shell git rev-parse --short HEAD)"]
    for _ in range(ctx.choice([2, 3])):
        it = ctx.mixed()
        op = ctx.choice(["?=", ":=", "=", "?="])
        kw = ctx.choice(["", "export "])
        out.append(f"{kw}{ctx.env_name(it)} {op} {ctx.m(it, 'make-var', L)}{it.value}")
    lk = ctx.lookup()
    out.append(f"{ctx.env_name(lk)} ?= {ctx.m(lk, 'env-lookup', L)}$(shell cat .secrets/{ctx.env_name(lk).lower()})")
    out += ["", "build:", "\tdocker build -t $(IMAGE):$(TAG) .", "", "deploy:"]
    it = ctx.mixed(0.6, trapkinds=("public-dev-account",))
    if it.pos:
        it = ctx.named("evm-wallet")
    out.append(f"\tforge script script/Deploy.s.sol --broadcast --private-key {ctx.m(it, 'cli-arg', L)}{it.value}")
    it2 = ctx.mixed()
    out += ["", "run:", f"\tpython -m bot --{it2.name('kebab')}={ctx.m(it2, 'cli-arg', L)}{it2.value} --symbol BTCUSDT", "",
            "test:", "\tpytest -q"]
    return [("Makefile", "\n".join(out))]


def history(ctx):
    L = "shell-history"
    out = ["cd ~/bots/grid", "git pull", "source .venv/bin/activate"]
    it = ctx.pos(kinds=("exchange",))
    out.append(f"export {ctx.env_name(it)}={ctx.m(it, 'export', L)}{it.value}")
    out += ["python -m bot --dry-run", "tail -f logs/bot.log"]
    gh = ctx.pos(pred=lambda p, c: p.name in ("github", "gitlab", "github-fine"))
    out.append(f"git clone https://tradebot:{ctx.m(gh, 'url-userinfo', L)}{gh.value}@github.com/example/strategies.git")
    db = ctx.pos(pred=lambda p, c: p.name in ("mysql", "postgres", "redis"))
    if db.provider == "mysql":
        out.append(f"mysql -u root -p{ctx.m(db, 'cli-arg', L)}{db.value} -e 'show databases'")
    elif db.provider == "redis":
        out.append(f"redis-cli -a {ctx.m(db, 'cli-arg', L)}{db.value} ping")
    else:
        out.append(f"PGPASSWORD={ctx.m(db, 'export', L)}{db.value} psql -h localhost -U trader trades")
    out += ["htop", "docker compose up -d"]
    neg = ctx.neg(("placeholder", "masked"))
    while " " in neg.value:
        neg = ctx.neg(("placeholder", "masked"))
    out.append(f"export {ctx.env_name(neg)}={ctx.m(neg, 'export', L)}{neg.value}")
    tok = ctx.pos(pred=lambda p, c: p.name in ("telegram",))
    out.append(f"curl \"https://api.telegram.org/bot{ctx.m(tok, 'url-path', L)}{tok.value}/getUpdates\"")
    out += ["exit"]
    return [(ctx.choice(["ops/.bash_history", "docs/debug/.zsh_history"]), "\n".join(out))]


EMITTERS = {"shell": shell, "makefile": makefile, "shell-history": history}
