"""Extra per-repo files (compose overrides, smoke-test scripts, dev notes) that add realistic leaks and look-alikes."""
import creds as C
from common import EXCH, exset, envname, ph

HDR = {"binance": "X-MBX-APIKEY", "bybit": "X-BAPI-API-KEY", "okx": "OK-ACCESS-KEY", "kucoin": "KC-API-KEY", "bitget": "ACCESS-KEY",
       "coinbase": "CB-ACCESS-KEY", "kraken": "API-Key", "gate": "KEY", "mexc": "X-MEXC-APIKEY", "gemini": "X-GEMINI-APIKEY",
       "bingx": "X-BX-APIKEY", "phemex": "x-phemex-access-token", "bitmex": "api-key", "bitfinex": "bfx-apikey"}


def add_extras(ctx, idx):
    rng = ctx.rng
    prov = rng.choice(sorted(EXCH))
    k, s, p = exset(ctx, prov)
    E = envname(prov)
    kind = idx % 3
    if kind == 0:
        f = ctx.f("docker-compose.override.yml", "yaml")
        f.add("# local overrides - not for production\nservices:\n  bot:\n    environment:")
        f.pos(f"      - {E}_{EXCH[prov][0].upper()}={k.v}", k, form="env_list")
        f.pos(f"      - {E}_{EXCH[prov][1].upper()}={s.v}", s, form="env_list")
        if p:
            f.pos(f"      - {E}_PASSPHRASE={p.v}", p, form="env_list")
        f.neg(f"      - {E}_SUBACCOUNT=${{{E}_SUBACCOUNT:-main}}", f"${{{E}_SUBACCOUNT:-main}}", prov, "subaccount", "env_list", "env_interpolation")
        f.add("      - LOG_LEVEL=DEBUG\n    ports:\n      - \"127.0.0.1:8080:8080\"")
    elif kind == 1:
        f = ctx.f("scripts/smoke_test.sh", "shell")
        f.add("#!/usr/bin/env bash\n# quick authenticated call to check the key works\nset -euo pipefail\n")
        hdr = HDR.get(prov, "X-API-KEY")
        f.pos(f"KEY=\"{k.v}\"", k, form="shell_assignment")
        f.pos(f"SECRET='{s.v}'", s, form="shell_assignment")
        if p:
            f.pos(f"PASSPHRASE=\"{p.v}\"", p, form="shell_assignment")
        f.add("TS=$(date +%s%3N)\nSIG=$(printf '%s' \"timestamp=$TS\" | openssl dgst -sha256 -hmac \"$SECRET\" | cut -d' ' -f2)")
        f.neg(f"curl -sS -H \"{hdr}: $KEY\" \"https://api.example-exchange.com/v1/account?timestamp=$TS&signature=$SIG\"", f"{hdr}: $KEY", prov,
              "api_key", "http_header", "env_interpolation")
        f.fill(30, "shell")
    else:
        f = ctx.f("notes/TODO.md", "markdown")
        f.add("# TODO\n\n- [ ] move keys to the secret manager\n- [x] disable withdrawals on every key\n- [ ] IP-whitelist the VPS\n\n## Keys in use\n")
        f.pos(f"- {prov} (old, rotate!): `{k.v}`", k, form="docs_prose")
        f.pos(f"  - secret: `{s.v}`", s, form="docs_prose")
        if p:
            f.pos(f"  - passphrase: `{p.v}`", p, form="docs_prose")
        m = k.v[:4] + "*" * 12 + k.v[-4:]
        f.neg(f"- {prov} (new): `{m}` - stored in 1Password", m, prov, "api_key", "docs_prose", "masked_value")
        f.add("\n## Ideas\n")
        f.fill(24, "markdown")
