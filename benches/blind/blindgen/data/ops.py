"""Deployment and ops files: Dockerfile, systemd, nginx, Terraform, netrc, msmtprc, pgbouncer,
docker config.json, .pgpass, .npmrc, .pypirc, .git-credentials, AWS credentials."""

from __future__ import annotations

import base64
import hashlib
import json

from ..core import Item, jdump
from .. import values as V


def _nospace(ctx, it_factory):
    it = it_factory()
    while " " in it.value:
        it = it_factory()
    return it


def dockerfile(ctx):
    L = "dockerfile"
    out = ["FROM python:3.12-slim AS base", "WORKDIR /app", "COPY requirements.txt .",
           "RUN pip install --no-cache-dir -r requirements.txt", "COPY . ."]
    for _ in range(ctx.choice([2, 3])):
        it = _nospace(ctx, ctx.mixed)
        style = ctx.choice(["ENV {n}={v}", "ENV {n} {v}", "ENV {n}=\"{v}\"", "ARG {n}={v}"])
        out.append(style.format(n=ctx.env_name(it), v=ctx.m(it, "dockerfile-env", L) + it.value))
    lk = ctx.lookup(trap="interpolation")
    out.append(f"ENV {ctx.env_name(lk)}={ctx.m(lk, 'dockerfile-env', L)}${{{ctx.env_name(lk)}}}")
    lk2 = ctx.lookup(trap="secret-mount")
    out.append(f"RUN --mount=type=secret,id={lk2.name('kebab')} {ctx.m(lk2, 'dockerfile-secret-mount', L)}"
               f"export {ctx.env_name(lk2)}=$(cat /run/secrets/{lk2.name('kebab')}) && python -m bot.check")
    it = ctx.pos(pred=lambda p, c: p.name in ("npm", "github", "pypi", "gitlab"))
    if it.provider == "npm":
        out.append(f"RUN echo \"//registry.npmjs.org/:_authToken={ctx.m(it, 'dockerfile-run', L)}{it.value}\" > ~/.npmrc")
    else:
        out.append(f"RUN pip install git+https://bot:{ctx.m(it, 'url-userinfo', L)}{it.value}@github.com/example/private-lib.git")
    out += ["USER 1000", "CMD [\"python\", \"-m\", \"bot\"]"]
    return [(ctx.choice(["Dockerfile", "docker/Dockerfile"]), "\n".join(out))]


def systemd(ctx):
    L = "systemd"
    out = ["[Unit]", "Description=Trading bot", "After=network-online.target", "", "[Service]", "User=trader",
           "WorkingDirectory=/opt/bot"]
    for _ in range(ctx.choice([2, 3])):
        it = _nospace(ctx, ctx.mixed)
        style = ctx.choice(['Environment="{n}={v}"', "Environment={n}={v}", "Environment='{n}={v}'"])
        out.append(style.format(n=ctx.env_name(it), v=ctx.m(it, "systemd-environment", L) + it.value))
    lk = ctx.lookup(trap="env-file-ref")
    out.append(f"EnvironmentFile={ctx.m(lk, 'systemd-envfile', L)}/etc/bot/secrets.env")
    it = _nospace(ctx, lambda: ctx.mixed(0.7))
    out.append(f"ExecStart=/opt/bot/.venv/bin/python -m bot --{it.name('kebab')}={ctx.m(it, 'cli-arg', L)}{it.value}")
    lk2 = ctx.lookup(trap="credential-ref")
    out.append(f"LoadCredential={ctx.m(lk2, 'systemd-credential', L)}{lk2.name('kebab')}:/etc/credstore/{lk2.name('kebab')}")
    out += ["Restart=always", "", "[Install]", "WantedBy=multi-user.target"]
    return [(ctx.choice(["deploy/bot.service", "systemd/tradebot.service"]), "\n".join(out))]


def nginx(ctx):
    L = "nginx"
    it = ctx.mixed(0.6, kinds=("data", "exchange", "ai"))
    it2 = _nospace(ctx, lambda: ctx.mixed(0.6))
    out = ["server {", "    listen 443 ssl;", "    server_name bot.example.com;", "", "    location /api/ {",
           "        proxy_pass http://127.0.0.1:8080;", f"        proxy_set_header X-API-KEY \"{ctx.m(it, 'nginx-header', L)}{it.value}\";",
           "    }", "", "    location /metrics {", "        auth_basic \"metrics\";",
           "        auth_basic_user_file /etc/nginx/.htpasswd;", "    }",
           f"    set $upstream_token {ctx.m(it2, 'nginx-set', L)}{it2.value};", "}"]
    files = [(ctx.choice(["deploy/nginx.conf", "nginx/bot.conf"]), "\n".join(out))]
    # htpasswd with a hash (trap)
    h = ctx.neg(("password-hash",))
    while not h.value.startswith("$2"):
        h = ctx.neg(("password-hash",))
    h.value = h.value.replace("$2b$", "$2y$")
    files.append(("deploy/.htpasswd", f"metrics:{ctx.m(h, 'htpasswd', 'htpasswd')}{h.value}"))
    return files


def terraform(ctx):
    L = "terraform"
    aws = ctx.account(names=("aws",))
    out = ['terraform {', '  required_providers {', '    aws = { source = "hashicorp/aws", version = "~> 5.0" }', '  }', '}', '',
           'provider "aws" {', '  region     = "eu-west-1"',
           f'  access_key = "{ctx.m(aws[0], "hcl-attribute", L)}{aws[0].value}"',
           f'  secret_key = "{ctx.m(aws[1], "hcl-attribute", L)}{aws[1].value}"', '}', '']
    it = ctx.mixed(0.6)
    out += [f'variable "{ctx.name(it, ("snake",))}" {{', '  type      = string', '  sensitive = true',
            f'  default   = "{ctx.m(it, "hcl-variable-default", L)}{it.value}"', '}', '']
    lk = ctx.lookup(trap="interpolation")
    out += ['resource "kubernetes_secret" "bot" {', '  metadata { name = "bot" }', '  data = {',
            f'    api_key    = {ctx.m(lk, "hcl-reference", L)}var.{lk.name("snake")}']
    it2 = ctx.mixed(0.6)
    out += [f'    {ctx.name(it2, ("snake",))} = "{ctx.m(it2, "hcl-attribute", L)}{it2.value}"', '  }', '}', '']
    lk2 = ctx.lookup(trap="secret-store-ref")
    out += ['data "aws_ssm_parameter" "db" {', f'  name = "{ctx.m(lk2, "hcl-ssm-ref", L)}/bot/prod/db_password"', '}']
    files = [(ctx.choice(["infra/main.tf", "terraform/main.tf"]), "\n".join(out))]
    tv = ctx.mixed(0.6)
    files.append(("infra/terraform.tfvars", "\n".join(['region = "eu-west-1"',
                                                       f'{ctx.name(tv, ("snake",))} = "{ctx.m(tv, "tfvars", L)}{tv.value}"'])))
    return files


def netrc(ctx):
    L = "netrc"
    it = ctx.pos(pred=lambda p, c: p.kind in ("dev",) and c.cred == "token" or c.cred == "password")
    out = [f"machine api.github.com login tradebot password {ctx.m(it, 'netrc', L)}{it.value}"]
    it2 = ctx.pos(pred=lambda p, c: c.cred == "password")
    out += ["", "machine ftp.data-vendor.example", "  login quotes", f"  password {ctx.m(it2, 'netrc', L)}{it2.value}"]
    return [(".netrc", "\n".join(out))]


def msmtprc(ctx):
    L = "msmtprc"
    it = ctx.pos(pred=lambda p, c: p.name in ("smtp", "sendgrid"))
    lk = ctx.lookup(trap="credential-ref", provider="smtp", cred="password")
    out = ["defaults", "auth on", "tls on", "", "account alerts", "host smtp.mailprovider.example", "port 587",
           "from bot@example.com", "user bot@example.com", f"password {ctx.m(it, 'msmtprc', L)}{it.value}", "",
           "account backup", "host smtp.backup.example", "user bot", f"passwordeval {ctx.m(lk, 'msmtprc', L)}\"pass show mail/backup\"",
           "", "account default : alerts"]
    return [("ops/msmtprc", "\n".join(out))]


def pgbouncer(ctx):
    L = "pgbouncer"
    it = ctx.named("postgres")
    h = ctx.lookup(trap="password-hash", provider="postgres", cred="password")
    h.value = "md5" + hashlib.md5(V.rbytes(ctx.rng, 16)).hexdigest()
    s = ctx.lookup(trap="password-hash", provider="postgres", cred="password")
    salt = base64.b64encode(V.rbytes(ctx.rng, 16)).decode()
    s.value = (f"SCRAM-SHA-256$4096:{salt}$" + base64.b64encode(V.rbytes(ctx.rng, 32)).decode() + ":"
               + base64.b64encode(V.rbytes(ctx.rng, 32)).decode())
    out = [f"\"trader\" \"{ctx.m(it, 'userlist', L)}{it.value}\"", f"\"reporting\" \"{ctx.m(h, 'userlist', L)}{h.value}\"",
           f"\"grafana\" \"{ctx.m(s, 'userlist', L)}{s.value}\""]
    return [("deploy/pgbouncer/userlist.txt", "\n".join(out))]


def docker_config(ctx):
    L = "docker-config"
    tok = ctx.pos(pred=lambda p, c: p.name in ("dockerhub", "github", "gitlab"))
    auth = base64.b64encode(f"tradebot:{tok.value}".encode()).decode()
    mark = ctx.m(tok, "base64-docker-auth", L, needle=auth)
    cfg = {"auths": {"https://index.docker.io/v1/": {"auth": mark + auth}, "ghcr.io": {}}, "credsStore": ""}
    if ctx.chance(0.5):
        cfg["credHelpers"] = {"123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"}
    return [(ctx.choice(["ci/docker/config.json", ".docker/config.json"]), jdump(cfg, 2))]


def small_cred_files(ctx):
    files = []
    pg = ctx.named(ctx.choice(["postgres"]))
    files.append((".pgpass", f"db.internal:5432:trades:trader:{ctx.m(pg, 'pgpass', 'pgpass')}{pg.value}\n"
                             "localhost:5432:*:postgres:*"))
    npm = ctx.mixed(0.6, trapkinds=("placeholder",))
    if npm.pos:
        npm = ctx.named("npm")
    elif " " in npm.value:
        npm = ctx.named("npm")
    lk = ctx.lookup(trap="interpolation", provider="npm", cred="token")
    files.append((".npmrc", "\n".join(["registry=https://registry.npmjs.org/",
                                       f"//registry.npmjs.org/:_authToken={ctx.m(npm, 'npmrc', 'npmrc')}{npm.value}",
                                       f"//npm.pkg.github.com/:_authToken={ctx.m(lk, 'npmrc', 'npmrc')}${{GITHUB_TOKEN}}"])))
    py = ctx.named("pypi")
    files.append((".pypirc", "\n".join(["[distutils]", "index-servers = pypi", "", "[pypi]", "username = __token__",
                                        f"password = {ctx.m(py, 'ini-key', 'pypirc')}{py.value}"])))
    gh = ctx.pos(pred=lambda p, c: p.name in ("github", "github-fine", "gitlab"))
    files.append((".git-credentials", f"https://tradebot:{ctx.m(gh, 'url-userinfo', 'git-credentials')}{gh.value}@github.com"))
    return files


def aws_credentials(ctx):
    L = "aws-credentials"
    a = ctx.account(names=("aws",))
    tv = Item("negative", "aws", "api_key", "AKIAIOSFODNN7EXAMPLE", ("aws", "access", "key", "id"), None, "test-vector", True)
    out = ["[default]", f"aws_access_key_id = {ctx.m(a[0], 'ini-key', L)}{a[0].value}",
           f"aws_secret_access_key = {ctx.m(a[1], 'ini-key', L)}{a[1].value}", "region = eu-west-1", "", "[docs-example]"]
    out.append(f"aws_access_key_id = {ctx.m(tv, 'ini-key', L)}{tv.value}")
    return [("ops/aws/credentials", "\n".join(out))]


EMITTERS = {"dockerfile": dockerfile, "systemd": systemd, "nginx": nginx, "terraform": terraform, "netrc": netrc,
            "msmtprc": msmtprc, "pgbouncer": pgbouncer, "docker-config": docker_config, "cred-files": small_cred_files,
            "aws-credentials": aws_credentials}
