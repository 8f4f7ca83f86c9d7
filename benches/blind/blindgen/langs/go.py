"""Go: struct literals, const/var/:=, env fallbacks, struct tags, viper, flag, go-binance, go-ethereum."""

from __future__ import annotations

from .common import build, val

LANG = "go"


def v(ctx, it, form, q='"'):
    return val(ctx, it, form, LANG, q)


def gq(ctx):
    return ctx.choice(['"', '"', "`"])


def f_const(ctx):
    it = ctx.mixed()
    kw = ctx.choice(["const", "var"])
    return [f"{kw} {ctx.name(it, ('camel', 'pascal'))}{ctx.eq()}{v(ctx, it, 'const-decl', gq(ctx))}{ctx.note(it, '//')}"]


def f_const_block(ctx):
    a, b = ctx.mixed(), ctx.mixed()
    return ["const (", f"\t{ctx.name(a, ('camel', 'pascal'))} = {v(ctx, a, 'const-decl', gq(ctx))}{ctx.note(a, '//')}",
            f"\t{ctx.name(b, ('camel', 'pascal'))} = {v(ctx, b, 'const-decl', gq(ctx))}{ctx.note(b, '//')}",
            '\tbaseURL = "https://api.binance.com"', ")"]


def f_short_decl(ctx):
    it = ctx.mixed()
    return ["func newSigner() *Signer {", f"\t{ctx.name(it, ('camel',))} := {v(ctx, it, 'short-var-decl', gq(ctx))}"
            + ctx.note(it, "//"), f"\treturn &Signer{{secret: []byte({ctx.name(it, ('camel',))})}}", "}"]


def f_struct_literal(ctx):
    acct = ctx.account(multi=True)
    fields = {"api_key": "APIKey", "api_secret": "APISecret", "passphrase": "Passphrase", "token": "Token",
              "password": "Password", "private_key": "PrivateKey", "seed": "Mnemonic"}
    out = ["\tcreds := Credentials{"]
    for it in acct:
        out.append(f"\t\t{fields.get(it.cred, 'Secret')}:{ctx.choice([' ', '  '])}{v(ctx, it, 'struct-literal', gq(ctx))},")
    return ["func defaultCreds() Credentials {"] + out + ["\t}", "\treturn creds", "}"]


def f_getenv_helper(ctx):
    it = ctx.mixed(0.7)
    return [f"var {ctx.name(it, ('camel',))} = getEnv(\"{ctx.env_name(it)}\", {v(ctx, it, 'env-fallback')}){ctx.note(it, '//')}"]


def f_getenv_if(ctx):
    it = ctx.mixed(0.7)
    n = ctx.name(it, ("camel",))
    return [f"\t{n} := os.Getenv(\"{ctx.env_name(it)}\")", f"\tif {n} == \"\" {{",
            f"\t\t{n} = {v(ctx, it, 'env-fallback')}{ctx.note(it, '//')}", "\t}"]


def f_env_lookup(ctx):
    out = []
    for _ in range(ctx.choice([1, 2])):
        it = ctx.lookup()
        mk = ctx.m(it, "env-lookup", LANG)
        out.append(ctx.choice([f"\t{ctx.name(it, ('camel',))} := {mk}os.Getenv(\"{ctx.env_name(it)}\")",
                               f"\t{ctx.name(it, ('camel',))}, ok := {mk}os.LookupEnv(\"{ctx.env_name(it)}\")",
                               f"\t{ctx.name(it, ('camel',))} := {mk}viper.GetString(\"{it.name('dotted')}\")"]))
    return out


def f_struct_tag(ctx):
    a, b = ctx.mixed(0.7), ctx.lookup()
    return ["type Config struct {",
            f"\tAPIKey    string `env:\"{ctx.env_name(a)}\" envDefault:\"{ctx.m(a, 'struct-tag-default', LANG)}{a.value}\"`",
            f"\tAPISecret string `env:\"{ctx.env_name(b)},required\"`{ctx.m(b, 'struct-tag', LANG)}",
            '\tSymbol    string `env:"SYMBOL" envDefault:"BTCUSDT"`', "}"]


def f_viper(ctx):
    it = ctx.mixed(0.7)
    return [f"\tviper.SetDefault(\"{it.name('dotted')}\", {v(ctx, it, 'setter-default')}){ctx.note(it, '//')}"]


def f_flag(ctx):
    it = ctx.mixed(0.7)
    return [f"\t{ctx.name(it, ('camel',))} := flag.String(\"{it.name('kebab')}\", {v(ctx, it, 'flag-default')}, "
            f"\"{it.name('kebab').replace('-', ' ')}\"){ctx.note(it, '//')}"]


def f_ctor(ctx):
    acct = ctx.account(kinds=("exchange",), multi=True)
    args = ", ".join(v(ctx, it, "ctor-positional") for it in acct[:2])
    return [f"\tclient := binance.NewClient({args})", "\tclient.Debug = false"]


def f_hex_ecdsa(ctx):
    it = ctx.mixed(0.6, trapkinds=("public-dev-account", "marked-fake", "placeholder"))
    if it.pos:
        it = ctx.named("evm-wallet-bare")
    return [f"\tkey, err := crypto.HexToECDSA({v(ctx, it, 'ctor-positional')}){ctx.note(it, '//')}",
            "\tif err != nil {", "\t\tlog.Fatal(err)", "\t}"]


def f_header(ctx):
    it = ctx.mixed(0.6, kinds=("exchange", "data", "broker"))
    hdr = ctx.choice(["X-MBX-APIKEY", "APCA-API-KEY-ID", "X-API-KEY", "OK-ACCESS-KEY"])
    return [f"\treq.Header.Set(\"{hdr}\", {v(ctx, it, 'http-header-code')})"]


def f_raw_pem(ctx):
    it = ctx.pem_item()
    ls = it.value.split("\n")
    return [f"const signingKey = `{ctx.m(it, 'multiline-string', LANG)}{ls[0]}"] + ls[1:-1] + [ls[-1] + "`"]


def f_concat(ctx):
    it = ctx.pos()
    ps = ctx.pieces(it.value)
    mk = ctx.m(it, "concat", LANG, needle=ps[0], span=len(ps))
    return [f"var {ctx.name(it, ('camel',))} = {mk}\"{ps[0]}\" +"] + [f'\t"{p}" +' for p in ps[1:-1]] + [f'\t"{ps[-1]}"']


def f_comment(ctx):
    it = ctx.mixed(0.6)
    return [f"// legacy {ctx.name(it, ('camel',))}: {ctx.m(it, 'comment', LANG)}{it.value}"]


def f_dsn(ctx):
    it = ctx.pos(pred=lambda p, c: p.name in ("postgres", "mysql", "redis"))
    if it.provider == "mysql":
        return [f"\tdsn := \"bot:{ctx.m(it, 'dsn', LANG)}{it.value}@tcp(mysql:3306)/trades?parseTime=true\""]
    return [f"\tdsn := \"{it.provider}://bot:{ctx.m(it, 'url-userinfo', LANG)}{it.value}@db:5432/trades\""]


FORMS = [f_const, f_const_block, f_short_decl, f_struct_literal, f_getenv_helper, f_getenv_if, f_env_lookup,
         f_struct_tag, f_viper, f_flag, f_ctor, f_hex_ecdsa, f_header, f_raw_pem, f_concat, f_comment, f_dsn]

HEADER = ["package exchange", "", "import (", '\t"crypto/hmac"', '\t"crypto/sha256"', '\t"encoding/hex"', '\t"flag"',
          '\t"log"', '\t"os"', "", '\t"github.com/adshao/go-binance/v2"', '\t"github.com/spf13/viper"', ")", "",
          "type Credentials struct {", "\tAPIKey     string", "\tAPISecret  string", "\tPassphrase string",
          "\tToken      string", "\tPassword   string", "\tPrivateKey string", "\tMnemonic   string", "\tSecret     string",
          "}", "", "func getEnv(k, def string) string {", "\tif v, ok := os.LookupEnv(k); ok {", "\t\treturn v", "\t}",
          "\treturn def", "}", ""]
FILLER = [
    ["func sign(secret, payload string) string {", "\tmac := hmac.New(sha256.New, []byte(secret))",
     "\tmac.Write([]byte(payload))", "\treturn hex.EncodeToString(mac.Sum(nil))", "}", ""],
    ["func (g *Grid) OnTick(price float64) {", "\tfor i, lvl := range g.Levels {",
     "\t\tif price <= lvl.Buy && !lvl.Filled {", "\t\t\tg.place(i, \"BUY\", lvl.Buy)", "\t\t}", "\t}", "}", ""],
]


def emit(ctx):
    out = list(HEADER)
    fl = list(FILLER)
    ctx.rng.shuffle(fl)
    out += fl[0]
    for form in ctx.pick_forms(LANG, FORMS, 8):
        ls = form(ctx)
        if ls[0].startswith("\t"):
            ls = ["func init() {"] + ls + ["}"]
        out += [""] + ls
    out += [""] + fl[1]
    return [(ctx.choice(["internal/exchange/client.go", "cmd/bot/main.go", "pkg/config/config.go"]), "\n".join(out))]


EMITTERS = {"go": emit}
