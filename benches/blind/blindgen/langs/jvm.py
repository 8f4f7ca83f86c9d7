"""JVM languages: Java, Kotlin, Scala, Clojure."""

from __future__ import annotations

from .common import roles, val


def _emit(ctx, key, lang, path, header, forms, footer, k=6, indent="    "):
    out = list(header)
    for form in ctx.pick_forms(key, forms, k):
        out += [""] + [indent + ln if ln else ln for ln in form(ctx)]
    out += footer
    return [(path, "\n".join(out))]


def _pem_block(ctx, lang, head, tail, form="multiline-string"):
    it = ctx.pem_item()
    ls = it.value.split("\n")
    return [head, ctx.m(it, form, lang) + ls[0]] + ls[1:] + [tail]


def _concat(ctx, lang, decl, end=";"):
    it = ctx.pos()
    ps = ctx.pieces(it.value)
    mk = ctx.m(it, "concat", lang, needle=ps[0], span=len(ps))
    return [f"{decl}{mk}\"{ps[0]}\""] + [f'        + "{p}"' for p in ps[1:-1]] + [f'        + "{ps[-1]}"{end}']


# ------------------------------------------------------------------ Java
def java(ctx):
    L = "java"

    def v(it, form):
        return val(ctx, it, form, L)

    def f_static_final(ctx):
        it = ctx.mixed()
        mod = ctx.choice(["private static final String", "public static final String", "static final String"])
        return [f"{mod} {ctx.name(it, ('screaming',))}{ctx.eq()}{v(it, 'const-decl')};{ctx.note(it, '//')}"]

    def f_field(ctx):
        it = ctx.mixed()
        return [f"private String {ctx.name(it, ('camel',))} = {v(it, 'class-field')};{ctx.note(it, '//')}"]

    def f_get_or_default(ctx):
        it = ctx.mixed(0.7)
        return [f"private final String {ctx.name(it, ('camel',))} = System.getenv().getOrDefault(\"{ctx.env_name(it)}\", "
                f"{v(it, 'env-fallback')});{ctx.note(it, '//')}"]

    def f_optional(ctx):
        it = ctx.mixed(0.7)
        return [f"private final String {ctx.name(it, ('camel',))} = Optional.ofNullable(System.getenv(\"{ctx.env_name(it)}\"))",
                f"        .orElse({v(it, 'env-fallback')});{ctx.note(it, '//')}"]

    def f_spring_value(ctx):
        it = ctx.mixed(0.6)
        return [f"@Value(\"${{{it.name('dotted')}:{ctx.m(it, 'spring-value-default', L)}{it.value}}}\")",
                f"private String {ctx.name(it, ('camel',))};"]

    def f_spring_lookup(ctx):
        it = ctx.lookup()
        return [f"@Value(\"{ctx.m(it, 'spring-value', L)}${{{it.name('dotted')}}}\")", f"private String {ctx.name(it, ('camel',))};"]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [f"private final String {ctx.name(it, ('camel',))} = {ctx.m(it, 'env-lookup', L)}System.getenv(\"{ctx.env_name(it)}\");"]

    def f_builder(ctx):
        acct = ctx.account(multi=True)
        out = ["private final ExchangeClient client = ExchangeClient.builder()"]
        for it in acct:
            out.append(f"        .{roles(it)}({v(it, 'builder-call')})")
        return out + ["        .testnet(false)", "        .build();"]

    def f_factory(ctx):
        acct = ctx.account(kinds=("exchange",), multi=True)
        return [f"private final BinanceApiClientFactory factory = BinanceApiClientFactory.newInstance("
                f"{v(acct[0], 'ctor-positional')}, {v(acct[1], 'ctor-positional')});"]

    def f_map_of(ctx):
        acct = ctx.account(multi=True)
        out = ["private static final Map<String, String> CREDS = Map.of("]
        for i, it in enumerate(acct):
            out.append(f"        \"{roles(it)}\", {v(it, 'map-literal')}{',' if i < len(acct) - 1 else ''}")
        return out + [");"]

    def f_props(ctx):
        it = ctx.mixed(0.6)
        return [f"String {ctx.name(it, ('camel',))} = props.getProperty(\"{it.name('dotted')}\", {v(it, 'getproperty-default')});"]

    def f_text_block(ctx):
        return _pem_block(ctx, L, 'private static final String PRIVATE_KEY = """', '""";')

    def f_concat(ctx):
        return _concat(ctx, L, f"private static final String {ctx.choice(['API_SECRET', 'SIGNING_SECRET', 'BOT_TOKEN'])} = ")

    def f_header(ctx):
        it = ctx.mixed(0.6, kinds=("exchange", "data"))
        return [f"request.addHeader(\"{ctx.choice(['X-MBX-APIKEY', 'X-API-KEY', 'ACCESS-KEY'])}\", {v(it, 'http-header-code')});"]

    def f_comment(ctx):
        it = ctx.mixed(0.6)
        return [f"// FIXME hardcoded {ctx.name(it, ('camel',))} = {ctx.m(it, 'comment', L)}{it.value}"]

    def f_jdbc(ctx):
        it = ctx.pos(pred=lambda p, c: p.name in ("postgres", "mysql", "mssql"))
        url = {"postgres": "jdbc:postgresql://db:5432/bot?user=bot&password={}",
               "mysql": "jdbc:mysql://db:3306/bot?user=bot&password={}",
               "mssql": "jdbc:sqlserver://db:1433;databaseName=bot;user=sa;password={};encrypt=true"}[it.provider]
        return [f"private static final String JDBC_URL = \"{url.format(ctx.m(it, 'jdbc-url', L) + it.value)}\";"]

    forms = [f_static_final, f_field, f_get_or_default, f_optional, f_spring_value, f_spring_lookup, f_env_lookup,
             f_builder, f_factory, f_map_of, f_props, f_text_block, f_concat, f_header, f_comment, f_jdbc, f_static_final]
    header = ["package com.example.bot.exchange;", "", "import java.util.Map;", "import java.util.Optional;",
              "import java.util.Properties;", "import org.springframework.beans.factory.annotation.Value;", "",
              "public class ExchangeConfig {", "    private final Properties props = new Properties();", "",
              "    public double positionSize(double equity, double riskPct, double stop) {",
              "        return equity * riskPct / Math.max(stop, 1e-9);", "    }"]
    return _emit(ctx, L, L, ctx.choice(["src/main/java/com/example/bot/exchange/ExchangeConfig.java",
                                         "src/main/java/com/example/bot/Settings.java"]), header, forms, ["}"])


# ------------------------------------------------------------------ Kotlin
def kotlin(ctx):
    L = "kotlin"

    def v(it, form):
        return val(ctx, it, form, L)

    def f_const_val(ctx):
        it = ctx.mixed()
        return [f"const val {ctx.name(it, ('screaming',))}{ctx.eq()}{v(it, 'const-decl')}{ctx.note(it, '//')}"]

    def f_val(ctx):
        it = ctx.mixed()
        return [f"val {ctx.name(it, ('camel',))}: String = {v(it, 'const-decl')}{ctx.note(it, '//')}"]

    def f_elvis(ctx):
        it = ctx.mixed(0.7)
        return [f"val {ctx.name(it, ('camel',))} = System.getenv(\"{ctx.env_name(it)}\") ?: {v(it, 'env-fallback')}"
                + ctx.note(it, "//")]

    def f_get_or_else(ctx):
        it = ctx.mixed(0.7)
        return [f"val {ctx.name(it, ('camel',))} = System.getenv().getOrElse(\"{ctx.env_name(it)}\") {{ {v(it, 'env-fallback')} }}"]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [f"val {ctx.name(it, ('camel',))} = {ctx.m(it, 'env-lookup', L)}requireNotNull(System.getenv(\"{ctx.env_name(it)}\"))"]

    def f_map_of(ctx):
        acct = ctx.account(multi=True)
        out = ["val credentials = mapOf("]
        for it in acct:
            out.append(f"    \"{roles(it)}\" to {v(it, 'map-literal')},")
        return out + [")"]

    def f_data_class(ctx):
        a, b = ctx.mixed(), ctx.mixed()
        return ["data class ApiCredentials(", f"    val {ctx.name(a, ('camel',))}: String = {v(a, 'dataclass-default')},",
                f"    val {ctx.name(b, ('camel',))}: String = {v(b, 'dataclass-default')},", "    val testnet: Boolean = false", ")"]

    def f_ctor(ctx):
        acct = ctx.account(multi=True)
        args = ", ".join(f"{roles(it)} = {v(it, 'ctor-kwarg')}" for it in acct)
        return [f"val client = ExchangeClient({args})"]

    def f_raw(ctx):
        return _pem_block(ctx, L, 'val privateKeyPem = """', '""".trimIndent()')

    def f_concat(ctx):
        return _concat(ctx, L, "val apiSecret = ", end="")

    def f_comment(ctx):
        it = ctx.mixed(0.6)
        return [f"// {ctx.name(it, ('camel',))}: {ctx.m(it, 'comment', L)}{it.value}"]

    forms = [f_const_val, f_val, f_elvis, f_get_or_else, f_env_lookup, f_map_of, f_data_class, f_ctor, f_raw,
             f_concat, f_comment, f_elvis]
    header = ["package bot.config", "", "import kotlin.math.abs", "",
              "fun spreadBps(bid: Double, ask: Double) = abs(ask - bid) / ((ask + bid) / 2) * 10_000"]
    return _emit(ctx, L, L, ctx.choice(["app/src/main/kotlin/bot/config/Secrets.kt", "src/main/kotlin/Exchange.kt"]),
                 header, forms, [""], indent="")


# ------------------------------------------------------------------ Scala
def scala(ctx):
    L = "scala"

    def v(it, form):
        return val(ctx, it, form, L)

    def f_val(ctx):
        it = ctx.mixed()
        return [f"val {ctx.name(it, ('camel', 'pascal'))}{ctx.eq()}{v(it, 'const-decl')}{ctx.note(it, '//')}"]

    def f_sys_env(ctx):
        it = ctx.mixed(0.7)
        return [f"val {ctx.name(it, ('camel',))} = sys.env.getOrElse(\"{ctx.env_name(it)}\", {v(it, 'env-fallback')})"]

    def f_option(ctx):
        it = ctx.mixed(0.7)
        return [f"val {ctx.name(it, ('camel',))} = Option(System.getenv(\"{ctx.env_name(it)}\")).getOrElse({v(it, 'env-fallback')})"]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [f"val {ctx.name(it, ('camel',))} = {ctx.m(it, 'env-lookup', L)}sys.env(\"{ctx.env_name(it)}\")"]

    def f_map(ctx):
        acct = ctx.account(multi=True)
        return ["val creds = Map("] + [f"  \"{roles(it)}\" -> {v(it, 'map-literal')}," for it in acct] + [")"]

    def f_case_class(ctx):
        acct = ctx.account(multi=True)
        args = ", ".join(f"{roles(it)} = {v(it, 'ctor-kwarg')}" for it in acct)
        return [f"val auth = ApiAuth({args})"]

    def f_comment(ctx):
        it = ctx.mixed(0.6)
        return [f"/* {ctx.name(it, ('camel',))} -> {ctx.m(it, 'comment', L)}{it.value} */"]

    def f_typesafe(ctx):
        it = ctx.lookup(trap="interpolation")
        return [f"val {ctx.name(it, ('camel',))} = {ctx.m(it, 'config-lookup', L)}config.getString(\"{it.name('dotted')}\")"]

    forms = [f_val, f_sys_env, f_option, f_env_lookup, f_map, f_case_class, f_comment, f_typesafe, f_val]
    header = ["package bot", "", "object Settings {", "  def vwap(px: Seq[Double], vol: Seq[Double]): Double =",
              "    px.zip(vol).map { case (p, v) => p * v }.sum / vol.sum"]
    return _emit(ctx, L, L, "src/main/scala/bot/Settings.scala", header, forms, ["}"], indent="  ")


# ------------------------------------------------------------------ Clojure
def clojure(ctx):
    L = "clojure"

    def v(it, form):
        return val(ctx, it, form, L)

    def f_def(ctx):
        it = ctx.mixed()
        return [f"(def {it.name('kebab', ctx.words(it))} {v(it, 'def')}){' ;; ' + it.extra['note'] if it.trap == 'marked-fake' else ''}"]

    def f_or_env(ctx):
        it = ctx.mixed(0.7)
        return [f"(def {it.name('kebab')} (or (System/getenv \"{ctx.env_name(it)}\") {v(it, 'env-fallback')}))"]

    def f_get_env(ctx):
        it = ctx.mixed(0.7)
        return [f"(def {it.name('kebab')} (get (System/getenv) \"{ctx.env_name(it)}\" {v(it, 'env-fallback')}))"]

    def f_env_lookup(ctx):
        it = ctx.lookup()
        return [f"(def {it.name('kebab')} {ctx.m(it, 'env-lookup', L)}(env :{it.name('kebab')}))"]

    def f_map(ctx):
        acct = ctx.account(multi=True)
        out = ["(def exchange-config"]
        for i, it in enumerate(acct):
            out.append(f"  {'{' if i == 0 else ' '}:{roles(it).lower()} {v(it, 'map-literal')}")
        return out + ["   :testnet false})"]

    def f_comment(ctx):
        it = ctx.mixed(0.6)
        return [f";; old {it.name('kebab')} {ctx.m(it, 'comment', L)}{it.value}"]

    forms = [f_def, f_or_env, f_get_env, f_env_lookup, f_map, f_comment, f_def]
    header = ["(ns bot.config", "  (:require [environ.core :refer [env]]))", "",
              "(defn mid-price [{:keys [bid ask]}] (/ (+ bid ask) 2.0))"]
    return _emit(ctx, L, L, "src/bot/config.clj", header, forms, [""], indent="")


EMITTERS = {"java": java, "kotlin": kotlin, "scala": scala, "clojure": clojure}
