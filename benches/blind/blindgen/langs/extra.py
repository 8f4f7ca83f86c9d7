"""Test suites (tests/, __tests__/), Django settings, fish and CMake snippets."""

from __future__ import annotations

import json

from ..core import Item
from .. import values as V
from .common import val


def tests_python(ctx):
    L = "python"
    out = ["import os", "", "import pytest", "", "from bot.exchange import make_client", "", ""]
    fk = ctx.neg(("marked-fake",))
    out.append(f"FAKE_{fk.name('screaming', fk.words[-2:])} = \"{ctx.m(fk, 'assign', L)}{fk.value}\"  # {fk.extra['note']}")
    ph = ctx.neg(("placeholder", "repeated"))
    out += ["", "", "@pytest.fixture", "def env(monkeypatch):",
            f"    monkeypatch.setenv(\"{ctx.env_name(ph)}\", \"{ctx.m(ph, 'test-setenv', L)}{ph.value}\")"]
    lk = ctx.lookup()
    out += [f"    monkeypatch.setenv(\"{ctx.env_name(lk)}\", {ctx.m(lk, 'env-lookup', L)}os.environ.get(\"CI_{ctx.env_name(lk)}\", \"\"))", "", ""]
    tv = ctx.neg(("test-vector", "public-dev-account"))
    out += ["def test_signer_from_known_vector():", f"    signer = make_signer(\"{ctx.m(tv, 'ctor-positional', L)}{tv.value}\")",
            "    assert signer is not None", "", ""]
    leak = ctx.pos(kinds=("exchange", "broker", "ai", "data"))
    out += ["@pytest.mark.integration", "def test_live_balance():",
            f"    client = make_client(api_key=\"{ctx.m(leak, 'ctor-kwarg', L)}{leak.value}\")  # TODO remove before commit",
            "    assert client.fetch_balance()[\"total\"]", "", ""]
    mk = ctx.neg(("masked", "uuid-request-id"))
    out += ["def test_redaction():", f"    assert redact(secret) == \"{ctx.m(mk, 'assert-literal', L)}{mk.value}\""]
    return [(ctx.choice(["tests/test_exchange.py", "tests/test_client.py"]), "\n".join(out))]


def tests_js(ctx):
    L = "typescript"
    out = ["import { describe, it, expect, vi } from 'vitest';", "import { makeClient } from '../src/client';", ""]
    fk = ctx.neg(("marked-fake",))
    out.append(f"const apiKey = '{ctx.m(fk, 'const-decl', L)}{fk.value}'; // {fk.extra['note']}")
    ph = ctx.neg(("placeholder",))
    out += ["", "describe('client', () => {", "  it('signs requests', () => {",
            f"    vi.stubEnv('{ctx.env_name(ph)}', '{ctx.m(ph, 'test-setenv', L)}{ph.value}');",
            "    expect(makeClient(apiKey).sign('a=1')).toHaveLength(64);", "  });"]
    hd = ctx.neg(("public-dev-account",))
    out += ["  it('derives the anvil account', () => {",
            f"    const w = new Wallet('{ctx.m(hd, 'ctor-positional', L)}{hd.value}');", "    expect(w.address).toBeDefined();", "  });"]
    sol = ctx.named("solana")
    raw = list(V_b58(sol.value))
    arr = Item("positive", "solana", "private_key", json.dumps(raw, separators=(",", ":")), ("keypair",), "solana-json")
    out += ["  it('loads the devnet payer', () => {",
            f"    const payer = Keypair.fromSecretKey(Uint8Array.from({ctx.m(arr, 'json-keypair-array', L, needle=arr.value[:30])}{arr.value}));",
            "    expect(payer.publicKey).toBeDefined();", "  });", "});"]
    return [(ctx.choice(["__tests__/client.test.ts", "test/client.spec.ts"]), "\n".join(out))]


def V_b58(v):
    from ..crypto import b58decode
    return b58decode(v)


def django_settings(ctx):
    L = "python"
    sk = ctx.mixed(0.7, trapkinds=("placeholder",))
    if sk.pos:
        sk = ctx.named("django")
    out = ["from pathlib import Path", "import os", "", "BASE_DIR = Path(__file__).resolve().parent.parent", "",
           f"SECRET_KEY = '{ctx.m(sk, 'assign', L)}{sk.value}'", "", "DEBUG = False", "ALLOWED_HOSTS = ['dashboard.example.com']", "",
           "DATABASES = {", "    'default': {", "        'ENGINE': 'django.db.backends.postgresql',", "        'NAME': 'dashboard',",
           "        'USER': 'dash',"]
    pw = ctx.mixed(0.7)
    if pw.pos:
        pw = ctx.named("postgres")
    out += [f"        'PASSWORD': {val(ctx, pw, 'map-literal', L, chr(39))},", "        'HOST': 'db',", "    }", "}", ""]
    em = ctx.mixed(0.6)
    if em.pos:
        em = ctx.named("smtp")
    out += ["EMAIL_HOST = 'smtp.mailprovider.example'", f"EMAIL_HOST_PASSWORD = os.environ.get('EMAIL_HOST_PASSWORD', {val(ctx, em, 'env-fallback', L, chr(39))})"]
    lk = ctx.lookup(provider="sentry", cred="dsn")
    out += [f"SENTRY_DSN = {ctx.m(lk, 'env-lookup', L)}os.environ['SENTRY_DSN']"]
    return [("dashboard/dashboard/settings.py", "\n".join(out))]


def fish(ctx):
    L = "fish"
    out = ["# ~/.config/fish/conf.d/bot.fish", "set -gx BOT_HOME ~/bots/grid"]
    for _ in range(2):
        it = ctx.mixed(0.6)
        while " " in it.value:
            it = ctx.mixed(0.6)
        out.append(f"set -gx {ctx.env_name(it)} {ctx.m(it, 'set-command', L)}{it.value}")
    lk = ctx.lookup()
    out.append(f"set -gx {ctx.env_name(lk)} {ctx.m(lk, 'secret-store', L)}(pass show bot/{ctx.env_name(lk).lower()})")
    return [("ops/fish/bot.fish", "\n".join(out))]


def cmake(ctx):
    L = "cmake"
    out = ["cmake_minimum_required(VERSION 3.20)", "project(feedhandler CXX)", "set(CMAKE_CXX_STANDARD 20)"]
    it = ctx.mixed(0.6)
    while " " in it.value:
        it = ctx.mixed(0.6)
    out.append(f"set({ctx.env_name(it)} \"{ctx.m(it, 'set-command', L)}{it.value}\")")
    lk = ctx.lookup()
    out.append(f"set(API_SECRET {ctx.m(lk, 'env-lookup', L)}$ENV{{{ctx.env_name(lk)}}})")
    it2 = ctx.pos()
    out += ["add_executable(feed src/main.cpp)",
            f"target_compile_definitions(feed PRIVATE {it2.name('screaming')}=\"{ctx.m(it2, 'cli-arg', L)}{it2.value}\")"]
    return [("CMakeLists.txt", "\n".join(out))]


def tests(ctx):
    return tests_python(ctx) if ctx.style("tests", 3) else tests_js(ctx)


EMITTERS = {"tests": tests, "django": django_settings, "fish": fish, "cmake": cmake}
