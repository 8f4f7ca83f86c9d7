"""SQL dumps, CSV/TSV exports and Electrum wallet exports."""

from __future__ import annotations

from ..core import Item
from .. import crypto as C
from .. import values as V
from .. import traps as T


def sql_dump(ctx):
    L = "sql"
    out = ["-- PostgreSQL database dump", "SET statement_timeout = 0;", "SET client_encoding = 'UTF8';", "",
           "CREATE TABLE public.exchange_accounts (", "    id integer NOT NULL,", "    exchange text NOT NULL,",
           "    api_key text NOT NULL,", "    api_secret text NOT NULL,", "    created_at timestamptz DEFAULT now()", ");", ""]
    for i in range(ctx.choice([2, 3])):
        acct = ctx.account(kinds=("exchange",), multi=True)
        out.append(f"INSERT INTO public.exchange_accounts (id, exchange, api_key, api_secret) VALUES ({i + 1}, "
                   f"'{acct[0].provider}', '{ctx.m(acct[0], 'sql-insert', L)}{acct[0].value}', '{ctx.m(acct[1], 'sql-insert', L)}{acct[1].value}');")
    out += ["", "COPY public.bot_tokens (id, service, token, note) FROM stdin;"]
    for i in range(ctx.choice([2, 3])):
        it = ctx.mixed(0.6)
        out.append(f"{i + 1}\t{it.provider}\t{ctx.m(it, 'pg-copy-row', L)}{it.value}\t{'imported' if it.pos else 'sample'}")
    out += ["\\.", ""]
    pw = ctx.named(ctx.choice(["postgres", "mysql"]))
    out.append(f"CREATE ROLE trader LOGIN PASSWORD '{ctx.m(pw, 'sql-create-role', L)}{pw.value}';")
    h = Item("negative", "postgres", "password", "SCRAM-SHA-256$4096:" + V.rs(ctx.rng, V.B64, 24) + "$" + V.rs(ctx.rng, V.B64, 44)
             + ":" + V.rs(ctx.rng, V.B64, 44), ("password",), None, "password-hash")
    out.append(f"CREATE ROLE reporting LOGIN PASSWORD '{ctx.m(h, 'sql-create-role', L)}{h.value}';")
    my = ctx.named("mysql")
    out.append(f"ALTER USER 'bot'@'%' IDENTIFIED BY '{ctx.m(my, 'sql-alter-user', L)}{my.value}';")
    bh = ctx.neg(("password-hash",))
    out += ["", f"INSERT INTO users (email, password_hash) VALUES ('ops@example.com', '{ctx.m(bh, 'sql-insert', L)}{bh.value}');"]
    return [(ctx.choice(["db/dump.sql", "backups/prod-2024-05-30.sql"]), "\n".join(out))]


def csv_accounts(ctx):
    L = "csv"
    sep = ctx.choice([",", ",", ";"])
    rows = [sep.join(["label", "exchange", "api_key", "api_secret", "read_only"])]
    for i in range(ctx.choice([3, 4, 5])):
        if ctx.chance(0.3):
            neg = ctx.neg(("placeholder", "masked", "repeated"))
            while sep in neg.value or " " in neg.value:
                neg = ctx.neg(("placeholder", "masked", "repeated"))
            rows.append(sep.join([f"sub{i}", "binance", ctx.m(neg, "csv-column", L) + neg.value, "", "true"]))
            continue
        acct = ctx.account(kinds=("exchange",), multi=True)
        rows.append(sep.join([f"sub{i}", acct[0].provider, ctx.m(acct[0], "csv-column", L) + acct[0].value,
                              ctx.m(acct[1], "csv-column", L) + acct[1].value, ctx.choice(["true", "false"])]))
    return [(ctx.choice(["data/accounts.csv", "ops/subaccounts.csv"]), "\n".join(rows))]


def tsv_export(ctx):
    L = "tsv"
    rows = ["date\tsymbol\tside\tqty\tprice\torder_id\twebhook"]
    for i in range(4):
        u = ctx.neg(("uuid-request-id",))
        wh = ""
        if i == 1:
            w = ctx.pos(pred=lambda p, c: c.cred == "webhook")
            wh = ctx.m(w, "tsv-column", L) + w.value
        rows.append(f"2024-05-{10 + i:02d}\tBTCUSDT\t{ctx.choice(['BUY', 'SELL'])}\t0.01\t{67000 + i * 13}.5\t"
                    f"{ctx.m(u, 'tsv-column', L)}{u.value}\t{wh}")
    return [("data/fills.tsv", "\n".join(rows))]


def electrum(ctx):
    L = "electrum-csv"
    rows = ["address,private_key"]
    for _ in range(ctx.choice([2, 3])):
        w = ctx.named("bitcoin")
        prefix = ctx.choice(["p2wpkh:", "p2pkh:", ""])
        addr = "bc1q" + V.rs(ctx.rng, "qpzry9x8gf2tvdw0s3jn54khce6mua7l", 38)
        rows.append(f"{addr},{prefix}{ctx.m(w, 'electrum-export', L)}{w.value}")
    return [("wallet/electrum-export.csv", "\n".join(rows))]


def address_book(ctx):
    L = "csv"
    rows = ["name,chain,address,note"]
    for _ in range(4):
        neg = ctx.choice([T.make_evm_address, T.make_token_contract, T.make_solana_public])(ctx.rng)
        rows.append(f"{'_'.join(neg.words)},{'solana' if neg.provider == 'solana' else 'ethereum'},"
                    f"{ctx.m(neg, 'csv-column', L)}{neg.value},public")
    return [("data/addresses.csv", "\n".join(rows))]


EMITTERS = {"sql": sql_dump, "csv": csv_accounts, "tsv": tsv_export, "electrum": electrum, "address-book": address_book}

_ = C
