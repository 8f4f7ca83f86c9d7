"""Helpers shared by the language modules."""

from __future__ import annotations


def val(ctx, it, form, lang, q='"', needle=None):
    """Quoted value preceded by its sentinel."""
    return f"{q}{ctx.m(it, form, lang, needle=needle)}{it.value}{q}"


def build(ctx, key, header, fillers, forms, k, footer=(), sep=""):
    """Header, one filler, k rotating forms, another filler, footer."""
    out = list(header)
    fl = list(fillers)
    ctx.rng.shuffle(fl)
    if fl:
        out += fl[0]
    for form in ctx.pick_forms(key, forms, k):
        out += [sep] + form(ctx)
    if len(fl) > 1:
        out += [""] + fl[1]
    out += list(footer)
    return "\n".join(out)


def roles(it):
    return {"api_key": "apiKey", "api_secret": "secret", "passphrase": "password", "private_key": "privateKey",
            "token": "token", "password": "password", "seed": "mnemonic", "webhook": "webhookUrl"}.get(it.cred, "secret")


def ccxt_id(provider):
    base = provider.split("-")[0]
    return {"gateio": "gate", "coinbase": "coinbaseexchange", "htx": "htx"}.get(base, base)
