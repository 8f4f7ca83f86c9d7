"""Repos: alert server, infra (ansible/terraform/pulumi/helm), serverless, workers, R/Julia, JVM/BEAM/ML-family, scripts, dumps, logs, backups, IDE."""
import base64
import json
from urllib.parse import quote

from corpus import Enc, Neg
from common import PLACEHOLDERS, AWS_DOC_ID, AWS_DOC_SECRET, mask, JWT_IO


def tv_alert_server(R, v, r):
    bk, bs = v.bybit_key(), v.bybit_secret()
    wh = v.alnum(40)
    sl = v.slack_webhook()
    jw = v.jwt_secret()
    f = R.f("src/server.ts", "typescript")
    f.t("""
        import express from "express";
        import { RestClientV5 } from "bybit-api";

        const app = express();
        app.use(express.json());
        """)
    f.t("const client = new RestClientV5({")
    f.P('  key: process.env.BYBIT_KEY ?? "«k»",', "bybit", "api_key", "env_fallback", k=bk)
    f.P('  secret: process.env.BYBIT_SECRET ?? "«s»",', "bybit", "api_secret", "env_fallback", s=bs)
    f.t("  testnet: false,\n});")
    f.P('const ALERT_TOKEN = "«w»";', "webhook", "webhook_secret", "assignment", w=wh)
    f.P("const SLACK = `«u»`;", "slack", "webhook_url", "template_string", u=sl)
    f.N("const SLACK_DEV = `${process.env.SLACK_WEBHOOK}`;", "env_ref", "slack", "webhook_url", "template_string")
    f.t("""
        app.post("/tv/:token", async (req, res) => {
          if (req.params.token !== ALERT_TOKEN) return res.sendStatus(401);
          const { symbol, side, qty } = req.body;
          const r = await client.submitOrder({ category: "linear", symbol, side, orderType: "Market", qty });
        """)
    f.N('  // e.g. orderId "«o»"', "order_id", "bybit", "order_id", "comment", o=Neg(v.uuid()))
    f.t("""
          res.json(r);
        });
        app.listen(8080);
        """)
    f = R.f("src/auth.ts", "typescript")
    f.t('import jwt from "jsonwebtoken";')
    f.P('export const JWT_SECRET = process.env.JWT_SECRET || "«j»";', "jwt", "jwt_secret", "env_fallback", j=jw)
    f.N('export const SAMPLE_JWT = "«t»"; // jwt.io demo token for docs', "docs_example", "jwt", "token", "assignment", t=JWT_IO)
    f.t("export const sign = (sub: string) => jwt.sign({ sub }, JWT_SECRET, { expiresIn: '1h' });")
    f = R.f("test/server.test.ts", "typescript")
    f.N('const FAKE_BYBIT_KEY = "FAKEKEY123456789AB"; // fake, used with nock', "marked_fake", "bybit", "api_key", "assignment")
    f.N('process.env.BYBIT_SECRET = "test-secret-not-real";', "marked_fake", "bybit", "api_secret", "assignment")
    f.t('describe("tv", () => { it("rejects bad token", async () => { /* ... */ }); });')


def ansible_infra(R, v, r):
    vb = v.vault_block()
    kk, ks = v.kucoin_key(), v.uuid()
    kp = v.passphrase()
    pgpw = v.password()
    f = R.f("group_vars/all/vault.yml", "yaml")
    f.NB(vb, "encrypted_blob", "ansible", "vault", "ansible_vault", lang="yaml")
    f = R.f("group_vars/bots.yml", "yaml")
    f.t("---\nbot_user: trader\nbot_dir: /opt/bot")
    f.N('kucoin_api_key: "{{ vault_kucoin_api_key }}"', "template_var", "kucoin", "api_key", "yaml")
    f.N('kucoin_api_secret: "{{ lookup(\'env\', \'KUCOIN_SECRET\') }}"', "env_ref", "kucoin", "api_secret", "yaml")
    f.N("kucoin_passphrase: \"{{ lookup('community.hashi_vault.hashi_vault', 'secret=secret/data/bot:passphrase') }}\"", "secret_manager_ref", "kucoin", "passphrase", "yaml")
    f = R.f("host_vars/bot-01.yml", "yaml")
    f.t("---\nansible_host: 10.0.3.14")
    f.P("kucoin_api_key: «k»", "kucoin", "api_key", "yaml", k=kk)
    f.P("kucoin_api_secret: «s»", "kucoin", "api_secret", "yaml", s=ks)
    f.P("kucoin_passphrase: '«p»'", "kucoin", "passphrase", "yaml", p=kp)
    f.P("postgres_password: «p»  # TODO vault this", "postgres", "password", "yaml", p=pgpw)
    f = R.f("roles/bot/templates/env.j2", "jinja")
    f.N("KUCOIN_API_KEY={{ kucoin_api_key }}", "template_var", "kucoin", "api_key", "env_file")
    f.N("KUCOIN_API_SECRET={{ kucoin_api_secret }}", "template_var", "kucoin", "api_secret", "env_file")
    f = R.f("roles/bot/tasks/main.yml", "yaml")
    f.t("""
        - name: create db user
          community.postgresql.postgresql_user:
            name: trader
        """)
    f.N('    password: "«h»"', "password_hash", "postgres", "password_hash", "yaml", h=Neg("md5" + v.hex(32)))
    f.t("""
        - name: install bot unit
          template: src=bot.service.j2 dest=/etc/systemd/system/bot.service
        """)
    f = R.f("inventory.ini", "ini")
    f.t("[bots]")
    f.P("bot-01 ansible_host=10.0.3.14 ansible_user=root ansible_password=«p»", "ssh", "password", "ini", p=v.password())
    f.N("bot-02 ansible_host=10.0.3.15 ansible_user=root ansible_ssh_private_key_file=~/.ssh/bot_ed25519", "file_path_ref", "ssh", "private_key", "ini")


def terraform_pulumi(R, v, r):
    ak, sk = v.aws_id(), v.aws_secret()
    dop = "dop_v1_" + v.hex(64)
    cfk = v.b64url(40)
    pk = v.evm_pk()
    f = R.f("terraform/terraform.tfvars", "hcl")
    f.t('region = "us-east-1"\ninstance_type = "t3.small"')
    f.P('aws_access_key = "«a»"', "aws", "access_key_id", "hcl", a=ak)
    f.P('aws_secret_key = "«s»"', "aws", "secret_access_key", "hcl", s=sk)
    f.P('do_token = "«d»"', "digitalocean", "api_token", "hcl", d=dop)
    f = R.f("terraform/variables.tf", "hcl")
    f.t('variable "cloudflare_api_token" {\n  type      = string\n  sensitive = true')
    f.N('  description = "Cloudflare token with Zone:DNS:Edit, e.g. xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"', "placeholder", "cloudflare", "api_token", "hcl")
    f.t("}")
    f = R.f("terraform/lambda.tf", "hcl")
    f.t("""
        resource "aws_lambda_function" "bot" {
          function_name = "grid-bot"
          runtime       = "python3.12"
          environment {
            variables = {
        """)
    f.P('      CLOUDFLARE_API_TOKEN = "«c»"', "cloudflare", "api_token", "hcl", c=cfk)
    f.N('      BINANCE_SECRET_ARN   = aws_secretsmanager_secret.binance.arn', "secret_manager_ref", "binance", "api_secret", "hcl")
    f.N('      WALLET_KEY_PARAM     = "/prod/bot/wallet_key"', "secret_manager_ref", "evm", "private_key", "hcl")
    f.t("""
            }
          }
        }
        """)
    f = R.f("terraform/.terraform.lock.hcl", "hcl")
    f.t('provider "registry.terraform.io/hashicorp/aws" {\n  version = "5.31.0"\n  hashes = [')
    f.N('    "h1:«h»=",', "lockfile_hash", "terraform", "checksum", "hcl", h=Neg(v.b64(32).rstrip("=")))
    f.N('    "zh:«h»",', "lockfile_hash", "terraform", "checksum", "hcl", h=Neg(v.sha256()))
    f.t("  ]\n}")
    f = R.f("pulumi/Pulumi.prod.yaml", "yaml")
    f.t("config:\n  aws:region: us-east-1")
    f.N("  bot:binanceSecret:\n    secure: «s»".split("\n")[0], "schema_field", "binance", "api_secret", "yaml")
    f.N("    secure: AAABA«s»", "encrypted_blob", "pulumi", "api_secret", "yaml", s=Neg(v.b64(48)))
    f.P("  bot:walletKey: 0x«p»", "evm", "private_key", "yaml", p=pk)
    f = R.f("pulumi/index.ts", "typescript")
    f.t('import * as pulumi from "@pulumi/pulumi";\nimport * as aws from "@pulumi/aws";\nconst cfg = new pulumi.Config();')
    f.N('const secret = cfg.requireSecret("binanceSecret");', "secret_manager_ref", "binance", "api_secret", "function_call")
    f.P('const ddApiKey = new pulumi.Config("datadog").get("apiKey") ?? "«d»";', "datadog", "api_key", "env_fallback", d=v.hex(32))


def helm_k8s(R, v, r):
    ok, os_, op = v.uuid(), v.okx_secret(), v.passphrase()
    reg = v.password()
    mpw = v.password()
    f = R.f("charts/bot/values.yaml", "yaml")
    f.t("replicaCount: 1\nimage:\n  repository: ghcr.io/quantco/okx-bot")
    f.N("  tag: sha-«g»", "vcs_hash", "git", "commit", "yaml", g=Neg(v.hex(12)))
    f.t("okx:")
    f.P("  apiKey: «k»", "okx", "api_key", "yaml", k=ok)
    f.P("  secretKey: «s»", "okx", "api_secret", "yaml", s=os_)
    f.P('  passphrase: "«p»"', "okx", "passphrase", "yaml", p=op)
    f.t("mongodb:\n  auth:")
    f.P("    rootPassword: «p»", "mongodb", "password", "yaml", p=mpw)
    f.N('    existingSecret: ""', "empty_value", "mongodb", "password", "yaml")
    f = R.f("charts/bot/templates/secret.yaml", "yaml")
    f.t("apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ include \"bot.fullname\" . }}\nstringData:")
    f.N("  OKX_API_KEY: {{ .Values.okx.apiKey | quote }}", "template_var", "okx", "api_key", "yaml")
    f.N("  OKX_SECRET_KEY: {{ required \"okx.secretKey\" .Values.okx.secretKey | quote }}", "template_var", "okx", "api_secret", "yaml")
    f = R.f("charts/bot/values-prod.yaml", "yaml")
    f.t("okx:")
    f.N("  apiKey: ref+vault://secret/okx#/apiKey", "secret_manager_ref", "okx", "api_key", "yaml")
    f.N("  secretKey: ENC[AES256_GCM,data:«s»]".split("«")[0] + "«s»]", "encrypted_blob", "okx", "api_secret", "sops", s=Neg(v.sops()[len("ENC[AES256_GCM,data:"):-1]))
    f = R.f("k8s/regcred.yaml", "yaml")
    auth = base64.b64encode(f"quantco:{reg}".encode()).decode()
    dockercfg = json.dumps({"auths": {"ghcr.io": {"auth": auth}}})
    f.t("apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\ntype: kubernetes.io/dockerconfigjson\ndata:")
    f.P("  .dockerconfigjson: «b»", "docker", "registry_password", "base64_blob", b=Enc(reg, base64.b64encode(dockercfg.encode()).decode()))
    f = R.f("k8s/sealed.yaml", "yaml")
    f.t("apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nspec:\n  encryptedData:")
    f.N("    OKX_SECRET_KEY: AgB«s»", "encrypted_blob", "okx", "api_secret", "yaml", s=Neg(v.b64(300)))


def serverless_bot(R, v, r):
    ak, asec = v.alpaca_key(live=True), v.alnum(40)
    fk = v.lower(20)
    sg = v.sendgrid()
    f = R.f("serverless.yml", "yaml")
    f.t("service: alpaca-dca\nprovider:\n  name: aws\n  runtime: python3.11\n  environment:")
    f.P("    APCA_API_KEY_ID: «k»", "alpaca", "api_key", "yaml", k=ak)
    f.N("    APCA_API_SECRET_KEY: ${ssm:/alpaca/live/secret}", "secret_manager_ref", "alpaca", "api_secret", "yaml")
    f.N("    FINNHUB_KEY: ${env:FINNHUB_KEY}", "env_ref", "finnhub", "api_key", "yaml")
    f.P("    SENDGRID_API_KEY: «s»", "sendgrid", "api_key", "yaml", s=sg)
    f.t("functions:\n  dca:\n    handler: handler.run\n    events:\n      - schedule: cron(0 14 ? * MON-FRI *)")
    f = R.f("template.yaml", "yaml")
    f.t("AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  DcaFn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Environment:\n        Variables:")
    f.N("          APCA_API_SECRET_KEY: '{{resolve:secretsmanager:alpaca/live:SecretString:secret}}'", "secret_manager_ref", "alpaca", "api_secret", "yaml")
    f.P("          FINNHUB_KEY: «f»", "finnhub", "api_key", "yaml", f=fk)
    f.N("          ALPACA_KEY: !Ref AlpacaKeyParam", "variable_reference", "alpaca", "api_key", "yaml")
    f = R.f("handler.py", "python")
    f.t("""
        import os, json, boto3
        from alpaca.trading.client import TradingClient
        from alpaca.trading.requests import MarketOrderRequest

        """)
    f.P('trading = TradingClient(os.environ.get("APCA_API_KEY_ID", "«k»"), "«s»", paper=False)', "alpaca", "api_key,api_secret", "constructor_arg", k=ak, s=asec)
    f.t("""

        def run(event, context):
            order = MarketOrderRequest(symbol="SPY", notional=50, side="buy", time_in_force="day")
            return trading.submit_order(order).model_dump_json()
        """)
    f = R.f("events/sample.json", "json")
    f.N('{"requestContext": {"requestId": "«q»"}, "headers": {"x-amzn-trace-id": "Root=1-«t»"}}', "request_id", "aws", "request_id", "json", q=Neg(v.uuid()), t=Neg(v.hex(8) + "-" + v.hex(24)))
    f = R.f(".env.sample", "dotenv")
    f.N("APCA_API_KEY_ID=", "empty_value", "alpaca", "api_key", "env_file")
    f.N("APCA_API_SECRET_KEY=<from alpaca dashboard>", "placeholder", "alpaca", "api_secret", "env_file")


def cf_worker(R, v, r):
    cg = v.cg_key()
    tk = v.telegram()
    cmc = v.uuid()
    f = R.f("wrangler.toml", "toml")
    f.t('name = "price-alerts"\nmain = "src/index.js"\ncompatibility_date = "2024-05-01"')
    f.N('account_id = "«a»"', "non_secret_id", "cloudflare", "account_id", "toml", a=Neg(v.hex(32)))
    f.t("\n[vars]")
    f.P('COINGECKO_KEY = "«c»"', "coingecko", "api_key", "toml", c=cg)
    f.P('TG_TOKEN = "«t»"', "telegram", "bot_token", "toml", t=tk)
    f.t('\n[[kv_namespaces]]\nbinding = "ALERTS"')
    f.N('binding = "ALERTS"\nid = "«i»"'.split("\n")[1], "non_secret_id", "cloudflare", "kv_id", "toml", i=Neg(v.hex(32)))
    f = R.f("src/index.js", "javascript")
    f.t("export default {\n  async scheduled(event, env, ctx) {")
    f.P("    const r = await fetch(`https://pro-api.coingecko.com/api/v3/simple/price?ids=bitcoin&vs_currencies=usd&x_cg_pro_api_key=«c»`);", "coingecko", "api_key", "url_query", c=cg)
    f.N("    const headers = { 'X-CMC_PRO_API_KEY': env.CMC_KEY };", "env_ref", "coinmarketcap", "api_key", "dict_literal")
    f.P("    const cmcKey = env.CMC_KEY || '«c»';", "coinmarketcap", "api_key", "env_fallback", c=cmc)
    f.t("  },\n};")
    f = R.f(".dev.vars", "dotenv")
    f.P("CMC_KEY=«c»", "coinmarketcap", "api_key", "env_file", c=cmc)


def r_julia(R, v, r):
    q = v.alnum(20)
    tii = v.lower(40)
    cc = v.hex(64)
    oa = v.oanda()
    f = R.f("R/fetch.R", "r")
    f.t("library(Quandl)\nlibrary(riingo)\nlibrary(httr)\n")
    f.P('Quandl.api_key("«q»")', "nasdaq_data_link", "api_key", "function_call", q=q)
    f.P('riingo_set_token("«t»")', "tiingo", "api_key", "function_call", t=tii)
    f.N('key <- Sys.getenv("CRYPTOCOMPARE_KEY")', "env_ref", "cryptocompare", "api_key", "env_fallback")
    f.P('if (key == "") key <- "«c»"', "cryptocompare", "api_key", "env_fallback", c=cc)
    f.t('res <- GET("https://min-api.cryptocompare.com/data/v2/histoday", query = list(fsym = "BTC", tsym = "USD", api_key = key))')
    f = R.f(".Renviron", "dotenv")
    f.P("TIINGO_TOKEN=«t»", "tiingo", "api_key", "env_file", t=tii)
    f.N("R_LIBS_USER=~/R/library", "config_no_secret", "generic", "none", "env_file")
    f = R.f("julia/oanda.jl", "julia")
    f.t("using HTTP, JSON3\n")
    f.P('const TOKEN = get(ENV, "OANDA_TOKEN", "«o»")', "oanda", "access_token", "env_fallback", o=oa)
    f.N('const ACCOUNT = "«a»"', "non_secret_id", "oanda", "account_id", "assignment", a=v.oanda_account())
    f.t('resp = HTTP.get("https://api-fxpractice.oanda.com/v3/accounts/$ACCOUNT/summary", ["Authorization" => "Bearer $TOKEN"])')
    f = R.f("julia/Manifest.toml", "toml")
    f.t('[[deps.HTTP]]\ndeps = ["Base64", "Dates"]')
    f.N('git-tree-sha1 = "«h»"', "vcs_hash", "julia", "tree_hash", "toml", h=Neg(v.sha1()))
    f.N('uuid = "«u»"', "non_secret_id", "julia", "package_uuid", "toml", u=Neg(v.uuid()))
    f = R.f("analysis/report.Rmd", "rmarkdown")
    f.t("---\ntitle: \"Backtest\"\n---\n```{r setup}")
    f.N('Sys.setenv(TIINGO_TOKEN = "<your token>")', "placeholder", "tiingo", "api_key", "function_call")
    f.t("```")


def scala_akka(R, v, r):
    kk, ks = v.kraken_key(), v.kraken_secret()
    pgpw = v.password()
    f = R.f("src/main/resources/application.conf", "hocon")
    f.t("akka {\n  loglevel = INFO\n}\nkraken {\n  rest-url = \"https://api.kraken.com\"")
    f.P('  api-key = "«k»"', "kraken", "api_key", "hocon", k=kk)
    f.P('  api-secret = "«s»"', "kraken", "api_secret", "hocon", s=ks)
    f.N("  api-secret = ${?KRAKEN_API_SECRET}", "env_ref", "kraken", "api_secret", "hocon")
    f.t("}\nslick.dbs.default.db {")
    f.P('  url = "jdbc:postgresql://db:5432/mm?user=mm&password=«p»"', "postgres", "password", "url_query", p=pgpw)
    f.t("}")
    f = R.f("src/main/scala/io/mm/KrakenClient.scala", "scala")
    f.t("package io.mm\n\nimport sttp.client3._\n")
    f.t("final case class Creds(key: String, secret: String)\n\nobject KrakenClient {")
    f.N('  val creds = Creds(sys.env("KRAKEN_API_KEY"), sys.env.getOrElse("KRAKEN_API_SECRET", ""))', "env_ref", "kraken", "api_key,api_secret", "constructor_arg")
    f.P('  val backup = Creds(key = "«k»", secret = sys.env.getOrElse("KRAKEN_API_SECRET", "«s»"))', "kraken", "api_key,api_secret", "named_arg", k=v.kraken_key(), s=v.kraken_secret())
    f.t("}")
    f = R.f("src/test/scala/io/mm/SignSpec.scala", "scala")
    f.t("class SignSpec extends munit.FunSuite {")
    f.N('  val testSecret = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==" // Kraken docs example', "docs_example", "kraken", "api_secret", "assignment")
    f.t('  test("sign") { assert(Sign.hmac(testSecret, "x").nonEmpty) }\n}')


def elixir_phoenix(R, v, r):
    skb = v.b64(48)
    cbn = v.cdp_name()
    cbpem = v.pem_ec()
    stp = v.stripe("rk", "live")
    f = R.f("config/config.exs", "elixir")
    f.t("import Config\n\nconfig :signal_hub, SignalHubWeb.Endpoint,\n  url: [host: \"localhost\"],")
    f.P('  secret_key_base: "«s»",', "phoenix", "secret_key_base", "keyword_list", s=skb)
    f.t("  render_errors: [formats: [html: SignalHubWeb.ErrorHTML]]\n")
    f.t("config :signal_hub, :coinbase,")
    f.P('  api_key: "«n»",', "coinbase", "api_key_name", "keyword_list", n=cbn)
    f.P('  api_secret: "«p»"', "coinbase", "ec_private_key", "json_escaped_pem", p=cbpem.replace("\n", "\\n"))
    f = R.f("config/runtime.exs", "elixir")
    f.t("import Config\n\nif config_env() == :prod do")
    f.N('  secret_key_base = System.get_env("SECRET_KEY_BASE") || raise "SECRET_KEY_BASE missing"', "env_ref", "phoenix", "secret_key_base", "env_fallback")
    f.P('  config :stripity_stripe, api_key: System.get_env("STRIPE_KEY", "«k»")', "stripe", "restricted_key", "env_fallback", k=stp)
    f.t("end")
    f = R.f("config/test.exs", "elixir")
    f.t("import Config")
    f.N('config :signal_hub, SignalHubWeb.Endpoint, secret_key_base: "test_only_secret_key_base_do_not_use_in_prod_000000000000000000000"', "marked_fake", "phoenix", "secret_key_base", "keyword_list")
    f = R.f("mix.lock", "elixir")
    f.t("%{")
    f.N('  "jason": {:hex, :jason, "1.4.1", "«a»", [:mix], [], "hexpm", "«b»"},', "lockfile_hash", "hex", "checksum", "lockfile", a=Neg(v.sha256()), b=Neg(v.sha256()))
    f.t("}")


def haskell_ocaml(R, v, r):
    gk, gs = v.gemini_key(), v.gemini_secret()
    bsk, bss = v.alnum(32), v.alnum(32)
    f = R.f("hs/app/Main.hs", "haskell")
    f.t("{-# LANGUAGE OverloadedStrings #-}\nmodule Main where\n\nimport qualified Data.ByteString.Char8 as B\nimport System.Environment (lookupEnv)\n")
    f.t("geminiKey, geminiSecret :: B.ByteString")
    f.P("geminiKey, geminiSecret :: B.ByteString\ngeminiKey = \"«k»\"".split("\n")[1], "gemini", "api_key", "assignment", k=gk)
    f.P('geminiSecret = "«s»"', "gemini", "api_secret", "assignment", s=gs)
    f.t("\nmain :: IO ()\nmain = do")
    f.N('  key <- maybe "" B.pack <$> lookupEnv "GEMINI_API_KEY"', "env_ref", "gemini", "api_key", "env_fallback")
    f.t("  print (B.length key)")
    f = R.f("ml/bin/bot.ml", "ocaml")
    f.t("open Lwt.Syntax\n")
    f.P('let bitstamp_key = "«k»"', "bitstamp", "api_key", "assignment", k=bsk)
    f.P('let bitstamp_secret = Sys.getenv_opt "BITSTAMP_SECRET" |> Option.value ~default:"«s»"', "bitstamp", "api_secret", "env_fallback", s=bss)
    f.N('let customer_id = "«c»"', "non_secret_id", "bitstamp", "customer_id", "assignment", c=v.digits(6))
    f.t('let () = Lwt_main.run (let* () = Lwt_io.printl "started" in Lwt.return_unit)')
    f = R.f("ml/dune-project", "lisp")
    f.t("(lang dune 3.11)\n(name bot)")


def shell_cron(R, v, r):
    tk = v.telegram()
    mk, ms = v.mexc_key(), v.hex(32)
    hk, hs = v.htx_key(), v.htx_key()
    pw = v.password()
    f = R.f("bin/dca.sh", "shell")
    f.t("#!/bin/bash\n# buys $20 of BTC on MEXC every day (cron 0 9 * * *)")
    f.P("export MEXC_KEY=«k»", "mexc", "api_key", "shell_export", k=mk)
    f.P("MEXC_SECRET='«s»'", "mexc", "api_secret", "assignment", s=ms)
    f.N('MEXC_SECRET="${MEXC_SECRET:-}"', "env_ref", "mexc", "api_secret", "assignment")
    f.t('TS=$(date +%s%3N)\nQ="symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=20&timestamp=$TS"')
    f.N('SIG=$(echo -n "$Q" | openssl dgst -sha256 -hmac "$MEXC_SECRET" | cut -d" " -f2)', "variable_reference", "mexc", "api_secret", "cli_flag")
    f.t('curl -s -X POST -H "X-MEXC-APIKEY: $MEXC_KEY" "https://api.mexc.com/api/v3/order?$Q&signature=$SIG"')
    f = R.f("bin/htx_balance.sh", "shell")
    f.t("#!/bin/sh")
    f.P('python3 htx.py --access-key «a» --secret-key «s»', "htx", "access_key,secret_key", "cli_flag", a=hk, s=hs)
    f = R.f("crontab.txt", "crontab")
    f.t("SHELL=/bin/bash")
    f.P("TG_TOKEN=«t»", "telegram", "bot_token", "env_file", t=tk)
    f.t("0 9 * * * /home/pi/bot/bin/dca.sh >> /home/pi/bot/dca.log 2>&1")
    f.P("*/5 * * * * curl -s -u admin:«p» http://localhost:8080/api/v1/status > /dev/null", "basic_auth", "password", "cli_flag", p=pw)
    f = R.f("dca.log", "log")
    f.t("[2024-03-01 09:00:01] placing order")
    f.N("[2024-03-01 09:00:01] POST /api/v3/order?symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=20&timestamp=1709283601123&signature=«s»", "hmac_signature", "mexc", "signature", "log", s=Neg(v.sha256()))
    f.N('[2024-03-01 09:00:02] {"orderId":"C02__«o»","symbol":"BTCUSDT"}', "order_id", "mexc", "order_id", "log", o=Neg(v.digits(18)))
    f.N("[2024-03-01 09:00:02] using key mx0v…«t» (masked)", "masked", "mexc", "api_key", "log", t=v.alnum(4))


def windows_scripts(R, v, r):
    ok, os_, op = v.uuid(), v.okx_secret(), v.passphrase()
    ck = v.hex(64)
    f = R.f("run_bot.ps1", "powershell")
    f.t("# Windows launcher for the OKX grid bot\n$ErrorActionPreference = 'Stop'")
    f.P('$env:OKX_API_KEY = "«k»"', "okx", "api_key", "shell_export", k=ok)
    f.P('$env:OKX_SECRET_KEY = "«s»"', "okx", "api_secret", "shell_export", s=os_)
    f.P("$env:OKX_PASSPHRASE = '«p»'", "okx", "passphrase", "shell_export", p=op)
    f.N('$secure = Read-Host -AsSecureString "OKX passphrase"', "interactive_prompt", "okx", "passphrase", "function_call")
    f.N('$cred = Get-Secret -Name OkxSecret -Vault BotVault', "secret_manager_ref", "okx", "api_secret", "function_call")
    f.t("python .\\grid.py --config .\\config.json")
    f = R.f("run_bot.bat", "batch")
    f.t("@echo off\nREM start bot")
    f.P("set CRYPTOCOMPARE_KEY=«c»", "cryptocompare", "api_key", "shell_export", c=ck)
    f.N("set OKX_API_KEY=%OKX_API_KEY%", "env_ref", "okx", "api_key", "shell_export")
    f.t("python grid.py %*\npause")
    f = R.f("config.json", "json")
    f.t('{\n  "exchange": "okx",')
    f.N('  "apiKey": "%OKX_API_KEY%",', "env_ref", "okx", "api_key", "json")
    f.N('  "secret": "$env:OKX_SECRET_KEY",', "env_ref", "okx", "api_secret", "json")
    f.t('  "grid": {"levels": 20, "spacing": 0.004}\n}')


def data_dumps(R, v, r):
    keys = [(v.binance(), v.binance()) for _ in range(2)]
    bcr = [v.bcrypt() for _ in range(2)]
    f = R.f("db/dump.sql", "sql")
    f.t("-- SQLite dump of bot.db\nBEGIN TRANSACTION;\nCREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, password_hash TEXT);")
    f.N("INSERT INTO users VALUES(1,'alice@example.com','«h»');", "password_hash", "app", "password_hash", "sql", h=Neg(bcr[0]))
    f.N("INSERT INTO users VALUES(2,'bob@example.com','«h»');", "password_hash", "app", "password_hash", "sql", h=Neg(v.argon2()))
    f.t("CREATE TABLE exchange_keys (id INTEGER PRIMARY KEY, user_id INTEGER, exchange TEXT, api_key TEXT, api_secret TEXT);")
    f.P("INSERT INTO exchange_keys VALUES(1,1,'binance','«k»','«s»');", "binance", "api_key,api_secret", "sql", k=keys[0][0], s=keys[0][1])
    f.P("INSERT INTO exchange_keys VALUES(2,2,'binance','«k»','«s»');", "binance", "api_key,api_secret", "sql", k=keys[1][0], s=keys[1][1])
    f.N("INSERT INTO exchange_keys VALUES(3,2,'kraken','','');", "empty_value", "kraken", "api_key,api_secret", "sql")
    f.t("CREATE TABLE trades (id TEXT PRIMARY KEY, tx_hash TEXT, symbol TEXT, qty REAL);")
    for _ in range(2):
        f.N("INSERT INTO trades VALUES('«u»','«h»','ETHUSDC',0.5);", "tx_hash", "evm", "tx_hash", "sql", u=Neg(v.uuid()), h=Neg(v.tx_hash()))
    f.t("COMMIT;")
    f = R.f("db/schema.sql", "sql")
    f.N("CREATE TABLE api_credentials (api_key VARCHAR(64) NOT NULL, api_secret VARCHAR(128) NOT NULL, passphrase VARCHAR(32));", "schema_field", "generic", "api_key", "sql")
    f = R.f("exports/accounts.csv", "csv")
    f.t("label,exchange,api_key,api_secret,passphrase,created")
    kk, ks, kp = v.kucoin_key(), v.uuid(), v.passphrase()
    f.P("main,kucoin,«k»,«s»,«p»,2024-01-04", "kucoin", "api_key,api_secret,passphrase", "csv", k=kk, s=ks, p=kp)
    f.N("sub1,kucoin,,,,2024-01-05", "empty_value", "kucoin", "api_key", "csv")
    f.N("sub2,kucoin,«m»,(hidden),(hidden),2024-02-11", "masked", "kucoin", "api_key", "csv", m=Neg(mask(v.hex(24))))


def logs_traces(R, v, r):
    poly = v.alnum(32)
    tr = v.alnum(28)
    bk = v.binance()
    ak, asec = v.alpaca_key(), v.alnum(40)
    f = R.f("logs/bot-2024-04-02.log", "log")
    f.t("2024-04-02 10:00:00,123 INFO starting bot v1.3.0")
    f.P("2024-04-02 10:00:00,456 DEBUG GET https://api.polygon.io/v3/trades/AAPL?limit=50000&apiKey=«k»", "polygon", "api_key", "url_query", k=poly)
    f.N("2024-04-02 10:00:00,789 DEBUG GET https://api.polygon.io/v3/trades/AAPL?limit=50000&apiKey=[REDACTED]", "redacted", "polygon", "api_key", "url_query")
    f.P("2024-04-02 10:00:01,001 DEBUG headers={'X-MBX-APIKEY': '«k»', 'Content-Type': 'application/json'}", "binance", "api_key", "log", k=bk)
    f.N("2024-04-02 10:00:01,002 DEBUG signature=«s» recvWindow=5000", "hmac_signature", "binance", "signature", "log", s=Neg(v.sha256()))
    f.N("2024-04-02 10:00:01,220 INFO order filled clientOrderId=«c» orderId=«o»", "order_id", "binance", "order_id", "log", c=Neg(v.alnum(22)), o=v.digits(10))
    f.N("2024-04-02 10:00:02,000 INFO trace_id=«t» span_id=«s»", "request_id", "otel", "trace_id", "log", t=Neg(v.hex(32)), s=Neg(v.hex(16)))
    f = R.f("traces/tradier.http", "http")
    f.t("### get quotes")
    f.t("GET https://api.tradier.com/v1/markets/quotes?symbols=AAPL")
    f.P("Authorization: Bearer «t»", "tradier", "access_token", "auth_header", t=tr)
    f.t("Accept: application/json\n")
    f.t("### sandbox")
    f.t("GET https://sandbox.tradier.com/v1/markets/quotes?symbols=SPY")
    f.N("Authorization: Bearer {{tradier_token}}", "template_var", "tradier", "access_token", "auth_header")
    f = R.f("traces/alpaca.har", "json")
    f.t('{"log": {"version": "1.2", "entries": [{"request": {"method": "GET", "url": "https://paper-api.alpaca.markets/v2/account", "headers": [')
    f.P('  {"name": "APCA-API-KEY-ID", "value": "«k»"},', "alpaca", "api_key", "http_trace", k=ak)
    f.P('  {"name": "APCA-API-SECRET-KEY", "value": "«s»"},', "alpaca", "api_secret", "http_trace", s=asec)
    f.N('  {"name": "X-Request-ID", "value": "«q»"}', "request_id", "alpaca", "request_id", "http_trace", q=Neg(v.uuid()))
    f.t(']}, "response": {"status": 200, "headers": [')
    f.N('  {"name": "ETag", "value": "W/\\"«e»\\""}', "vcs_hash", "http", "etag", "http_trace", e=Neg(v.hex(32)))
    f.t("]}}]}}")
    f = R.f("traces/curl_session.txt", "text")
    ba = base64.b64encode(f"{ak}:{asec}".encode()).decode()
    f.t("$ curl -v https://paper-api.alpaca.markets/v2/positions")
    f.N("> Authorization: Basic ********", "masked", "alpaca", "basic_auth", "auth_header")
    f.t("< HTTP/2 401")


def backup_files(R, v, r):
    k, s = v.bitvavo_key(), v.bitvavo_secret()
    bk, bs = v.binance(), v.binance()
    f = R.f("config.py.bak", "python")
    f.t("# backup before refactor")
    f.P("BITVAVO_KEY = '«k»'", "bitvavo", "api_key", "assignment", k=k)
    f.P("BITVAVO_SECRET = '«s»'", "bitvavo", "api_secret", "assignment", s=s)
    f = R.f("config.py", "python")
    f.t("import os")
    f.N("BITVAVO_KEY = os.environ['BITVAVO_KEY']", "env_ref", "bitvavo", "api_key", "env_fallback")
    f.N("BITVAVO_SECRET = os.environ['BITVAVO_SECRET']", "env_ref", "bitvavo", "api_secret", "env_fallback")
    f = R.f("settings.json.orig", "json")
    f.t('{\n  "binance": {')
    f.P('    "key": "«k»",', "binance", "api_key", "json", k=bk)
    f.P('    "secret": "«s»"', "binance", "api_secret", "json", s=bs)
    f.t("  }\n}")
    f = R.f("settings.json.rej", "diff")
    f.t("--- settings.json\n+++ settings.json\n@@ -2,4 +2,4 @@\n   \"binance\": {")
    f.P('-    "key": "«k»",', "binance", "api_key", "diff", k=bk)
    f.N('+    "key": "${BINANCE_KEY}",', "env_ref", "binance", "api_key", "diff")
    f = R.f(".config.py.swp.txt", "text")
    f.t("b0VIM 8.2\x20\x20\x20\x20\nroot\nbot-vps\n~root/bot/config.py\nU3210")
    f.P("BITVAVO_SECRET = '«s»'", "bitvavo", "api_secret", "swap_residue", s=s)
    f.t("import os")
    f = R.f("notes/commit-msg.txt", "text")
    f.t("commit 7f1a9c0\nAuthor: dev <dev@localhost>\n\n    remove hardcoded keys")
    f.P("    (old key was «k», rotated on 2024-02-02)", "binance", "api_key", "commit_message", k=v.binance())
    f.N("    see «h» for the revert", "vcs_hash", "git", "commit", "commit_message", h=Neg(v.sha1()))


def ide_configs(R, v, r):
    bk, bs = v.binance(), v.binance()
    oai = v.openai()
    pw = v.password()
    f = R.f(".vscode/launch.json", "json")
    f.t('{\n  "version": "0.2.0",\n  "configurations": [\n    {\n      "name": "bot: live",\n      "type": "debugpy",\n      "request": "launch",\n      "program": "${workspaceFolder}/bot.py",\n      "env": {')
    f.P('        "BINANCE_API_KEY": "«k»",', "binance", "api_key", "json", k=bk)
    f.P('        "BINANCE_API_SECRET": "«s»",', "binance", "api_secret", "json", s=bs)
    f.N('        "OPENAI_API_KEY": "${env:OPENAI_API_KEY}"', "env_ref", "openai", "api_key", "json")
    f.t("      },")
    f.N('      "envFile": "${workspaceFolder}/.env"', "file_path_ref", "generic", "env_file", "json")
    f.t("    }\n  ]\n}")
    f = R.f(".idea/runConfigurations/bot_live.xml", "xml")
    f.t('<component name="ProjectRunConfigurationManager">\n  <configuration default="false" name="bot live" type="PythonConfigurationType" factoryName="Python">\n    <envs>\n      <env name="PYTHONUNBUFFERED" value="1" />')
    f.P('      <env name="OPENAI_API_KEY" value="«k»" />', "openai", "api_key", "xml", k=oai)
    f.N('      <env name="BINANCE_API_KEY" value="$BINANCE_API_KEY$" />', "env_ref", "binance", "api_key", "xml")
    f.t("    </envs>\n  </configuration>\n</component>")
    f = R.f(".idea/dataSources.xml", "xml")
    f.t('<?xml version="1.0" encoding="UTF-8"?>\n<project version="4">\n  <component name="DataSourceManagerImpl" format="xml" multifile-model="true">\n    <data-source source="LOCAL" name="trades@prod">')
    f.P('      <jdbc-url>jdbc:mysql://trader:«p»@db.prod.internal:3306/trades</jdbc-url>', "mysql", "password", "url_userinfo", p=pw)
    f.N('      <uuid>«u»</uuid>', "non_secret_id", "jetbrains", "uuid", "xml", u=Neg(v.uuid()))
    f.t("    </data-source>\n  </component>\n</project>")
    f = R.f(".vscode/settings.json", "json")
    f.N('{"python.defaultInterpreterPath": ".venv/bin/python", "sqltools.connections": [{"name": "prod", "password": "", "askForPassword": true}]}', "empty_value", "mysql", "password", "json")


REPOS = [
    ("tv-alert-server", tv_alert_server), ("ansible-bot-fleet", ansible_infra), ("tf-pulumi-infra", terraform_pulumi),
    ("helm-okx-bot", helm_k8s), ("serverless-alpaca-dca", serverless_bot), ("cf-worker-alerts", cf_worker),
    ("r-julia-research", r_julia), ("scala-akka-mm", scala_akka), ("elixir-signal-hub", elixir_phoenix),
    ("hs-ml-bots", haskell_ocaml), ("cron-shell-bots", shell_cron), ("windows-grid-launcher", windows_scripts),
    ("bot-db-dumps", data_dumps), ("bot-logs-traces", logs_traces), ("vps-backup-files", backup_files),
    ("ide-config-leaks", ide_configs),
]
