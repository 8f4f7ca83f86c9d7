"""Bare key files, public-key/certificate traps, minified bundles and base64 assets, XML configs."""

from __future__ import annotations

import base64

from ..core import Item
from .. import crypto as C
from .. import values as V
from .. import traps as T


def key_files(ctx):
    files = []
    kr = ctx.account(names=("kraken",))
    files.append(("kraken.key", f"{ctx.m(kr[0], 'bare-key-file', 'keyfile')}{kr[0].value}\n{ctx.m(kr[1], 'bare-key-file', 'keyfile')}{kr[1].value}"))
    pem = ctx.pem_item()
    files.append((ctx.choice(["keys/binance_ed25519.pem", "deploy/id_ed25519", "secrets/signing.pem"]),
                  ctx.m(pem, "pem-file", "pem") + pem.value))
    ck = ctx.named("erlang")
    files.append((".erlang.cookie", ctx.m(ck, "bare-key-file", "keyfile") + ck.value))
    rm = ctx.named("rails")
    files.append(("config/master.key", ctx.m(rm, "bare-key-file", "keyfile") + rm.value))
    return files


def wallet_files(ctx):
    files = []
    mn = ctx.named(ctx.choice(["bip39", "dydx"]))
    files.append((ctx.choice(["wallet/seed.txt", "secrets/mnemonic.txt"]), ctx.m(mn, "bare-key-file", "keyfile") + mn.value))
    age = ctx.named("age")
    pub = C.bech32_encode("age", V.rbytes(ctx.rng, 32))
    pk = Item("negative", "age", "public_key", pub, ("public", "key"), None, "public-key")
    files.append(("secrets/age.key", "\n".join(["# created: 2024-04-11T09:12:44Z",
                                                 f"# public key: {ctx.m(pk, 'comment', 'keyfile')}{pub}",
                                                 ctx.m(age, "bare-key-file", "keyfile") + age.value])))
    nk = ctx.named("nats")
    files.append(("deploy/nats/bot.nk", ctx.m(nk, "bare-key-file", "keyfile") + nk.value))
    sol = ctx.named("solana")
    files.append(("keys/solana-hot.txt", ctx.m(sol, "bare-key-file", "keyfile") + sol.value))
    xp = ctx.named("bitcoin-hd")
    files.append(("wallet/xprv.txt", ctx.m(xp, "bare-key-file", "keyfile") + xp.value))
    return files


def public_keys(ctx):
    files = []
    spki = base64.b64encode(bytes.fromhex("3059301306072a8648ce3d020106082a8648ce3d030107034200") + b"\x04" + V.rbytes(ctx.rng, 64)).decode()
    neg = Item("negative", "ec", "public_key", "-----BEGIN PUBLIC KEY-----", ("public", "key"), None, "public-key", True)
    files.append(("keys/exchange_pub.pem", "\n".join([ctx.m(neg, "pem-file", "pem", span=len(V.wrap64(spki)) + 2) + "-----BEGIN PUBLIC KEY-----"]
                                                       + V.wrap64(spki) + ["-----END PUBLIC KEY-----"])))
    ssh = T.make_ssh_pubkey(ctx.rng)
    files.append(("deploy/id_ed25519.pub", ctx.m(ssh, "public-key-file", "keyfile") + ssh.value))
    rsa = T.make_ssh_pubkey(ctx.rng)
    files.append(("deploy/authorized_keys", "# bot deploy keys\n" + ctx.m(rsa, "public-key-file", "keyfile") + rsa.value))
    cert_body = base64.b64encode(C.der(0x30, V.rbytes(ctx.rng, 700))).decode()
    cn = Item("negative", "tls", "certificate", "-----BEGIN CERTIFICATE-----", ("certificate",), None, "public-key", True)
    files.append(("deploy/tls/fullchain.pem", "\n".join([ctx.m(cn, "pem-file", "pem", span=len(V.wrap64(cert_body)) + 2)
                                                          + "-----BEGIN CERTIFICATE-----"]
                                                         + V.wrap64(cert_body) + ["-----END CERTIFICATE-----"])))
    return files


def assets(ctx):
    files = []
    # minified bundle: random-looking identifiers and hashes that are not secrets
    chunks = []
    for i in range(3):
        chunks.append(f"function {V.rs(ctx.rng, V.LO, 2)}(e){{return e.{V.rs(ctx.rng, V.LO, 1)}*{i + 2}}}")
    h = Item("negative", "none", "build-hash", V.rs(ctx.rng, V.ALNUM + "_-", 43), ("build",), None, "minified-bundle")
    h2 = Item("negative", "none", "build-hash", V.rs(ctx.rng, V.HEX, 40), ("chunk",), None, "minified-bundle")
    line1 = ("!function(){\"use strict\";var t=\"" + ctx.m(h, "minified-js", "javascript") + h.value + "\",n={};"
             + ";".join(chunks) + "}();")
    line2 = ("window.__CHUNKS__={main:\"" + ctx.m(h2, "minified-js", "javascript") + h2.value + "\",vendor:\"" +
             V.rs(ctx.rng, V.HEX, 40) + "\"};")
    files.append(("dashboard/static/js/app.3f9c1a.min.js", line1 + "\n" + line2))
    font = base64.b64encode(b"wOF2\x00\x01\x00\x00" + V.rbytes(ctx.rng, 300)).decode()
    fi = Item("negative", "none", "font", font, ("font",), None, "base64-asset")
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + V.rbytes(ctx.rng, 120)).decode()
    pi = Item("negative", "none", "image", png, ("image",), None, "base64-asset")
    css = ["@font-face {", "  font-family: 'Inter';",
           f"  src: url(data:font/woff2;base64,{ctx.m(fi, 'data-uri', 'css', needle=font[:40])}{font}) format('woff2');", "}",
           ".logo {", f"  background-image: url(\"data:image/png;base64,{ctx.m(pi, 'data-uri', 'css', needle=png[:40])}{png}\");", "}"]
    files.append(("dashboard/static/css/main.css", "\n".join(css)))
    return files


def xml_configs(ctx):
    L = "xml"
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<configuration>", "  <appSettings>"]
    for _ in range(ctx.choice([2, 3])):
        it = ctx.mixed()
        while any(c in it.value for c in "<>&\""):
            it = ctx.mixed()
        out.append(f"    <add key=\"{ctx.name(it, ('pascal',))}\" value=\"{ctx.m(it, 'xml-attribute', L)}{it.value}\" />")
    lk = ctx.lookup(trap="interpolation")
    out.append(f"    <add key=\"{lk.name('pascal')}\" value=\"{ctx.m(lk, 'xml-attribute', L)}#{{{ctx.env_name(lk)}}}\" />")
    out += ["  </appSettings>", "  <connectionStrings>"]
    db = ctx.named(ctx.choice(["mssql", "postgres"]))
    out.append(f"    <add name=\"Trades\" connectionString=\"Data Source=sql01;Initial Catalog=trades;User ID=bot;"
               f"Password={ctx.m(db, 'connection-string', L)}{db.value};\" providerName=\"System.Data.SqlClient\" />")
    out += ["  </connectionStrings>", "  <system.web>"]
    mv = Item("positive", "aspnet", "machine_key", V.machine_validation(ctx.rng), ("validation", "key"))
    md = Item("positive", "aspnet", "machine_key", V.machine_decryption(ctx.rng), ("decryption", "key"))
    out.append(f"    <machineKey validationKey=\"{ctx.m(mv, 'xml-attribute', L)}{mv.value}\"")
    out.append(f"                decryptionKey=\"{ctx.m(md, 'xml-attribute', L)}{md.value}\" validation=\"HMACSHA256\" decryption=\"AES\" />")
    out += ["  </system.web>", "</configuration>"]
    files = [(ctx.choice(["TradingBot/App.config", "web/Web.config"]), "\n".join(out))]
    # Maven settings.xml and Android strings.xml
    mvn = ctx.pos(pred=lambda p, c: c.cred in ("password", "token") and p.kind in ("dev", "db"))
    ph = Item("negative", "maven", "password", "${env.NEXUS_PASSWORD}", ("password",), None, "interpolation", True)
    s = ['<settings>', '  <servers>', '    <server>', '      <id>nexus-releases</id>', '      <username>deploy</username>',
         f'      <password>{ctx.m(mvn, "xml-element", L)}{mvn.value}</password>', '    </server>', '    <server>',
         '      <id>nexus-snapshots</id>', '      <username>deploy</username>',
         f'      <password>{ctx.m(ph, "xml-element", L)}{ph.value}</password>', '    </server>', '  </servers>', '</settings>']
    files.append(("ci/maven/settings.xml", "\n".join(s)))
    a = ctx.mixed(0.6)
    while any(c in a.value for c in "<>&'\""):
        a = ctx.mixed(0.6)
    oc = T.make_oauth_client_id(ctx.rng)
    st = ['<?xml version="1.0" encoding="utf-8"?>', "<resources>", '    <string name="app_name">TradeWatch</string>',
          f'    <string name="{a.name("snake")}">{ctx.m(a, "xml-element", L)}{a.value}</string>',
          f'    <string name="google_client_id">{ctx.m(oc, "xml-element", L)}{oc.value}</string>', "</resources>"]
    files.append(("android/app/src/main/res/values/strings.xml", "\n".join(st)))
    sp = ctx.account(multi=True)
    bean = ['<beans xmlns="http://www.springframework.org/schema/beans">', '  <bean id="exchange" class="bot.ExchangeClient">']
    for it in sp:
        bean.append(f'    <property name="{it.name("camel", it.words[1:] or it.words)}" value="{ctx.m(it, "xml-attribute", L)}{it.value}"/>')
    bean += ["  </bean>", "</beans>"]
    files.append(("src/main/resources/applicationContext.xml", "\n".join(bean)))
    return files


EMITTERS = {"key-files": key_files, "wallet-files": wallet_files, "public-keys": public_keys, "assets": assets,
            "xml": xml_configs}
