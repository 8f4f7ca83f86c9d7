"""Repos 17-33: Haskell, OCaml, Clojure, Lua, Perl, R, Julia, Dart, Swift, IaC, ops, notebooks, SQL, recordings, docs."""
import json

import creds as C
from common import exset, envname, ccxt_id, ph, gitignore, gha, readme, csv_trades, compose_header


def r_haskell(ctx):
    k, s, _ = exset(ctx, "bitmex")
    tg = ctx.s("telegram", "bot_token")
    f = ctx.f("src/Config.hs", "haskell")
    f.add("{-# LANGUAGE OverloadedStrings #-}\nmodule Config (Config (..), defaultConfig, bollinger) where\n\nimport Data.Text (Text)\n\n"
          "data Config = Config\n  { cfgApiKey :: Text\n  , cfgApiSecret :: Text\n  , cfgTelegram :: Text\n  , cfgTestnet :: Bool\n  }\n\n"
          "defaultConfig :: Config\ndefaultConfig = Config")
    f.pos(f"  {{ cfgApiKey = \"{k.v}\"", k, form="record_field")
    f.pos(f"  , cfgApiSecret = \"{s.v}\"", s, form="record_field")
    f.pos(f"  , cfgTelegram = \"{tg.v}\"", tg, form="record_field")
    f.add("  , cfgTestnet = True\n  }\n")
    f.neg("-- | Override with BITMEX_API_KEY / BITMEX_API_SECRET via 'lookupEnv'.", "BITMEX_API_KEY / BITMEX_API_SECRET", "bitmex", "api_key",
          "comment", "docstring")
    f.fill(70, "haskell")
    ctx.f("stack.yaml", "yaml").add("resolver: lts-22.22\npackages:\n  - .\nextra-deps:\n  - wreq-0.5.4.3\n  - cryptonite-0.30")
    readme(ctx, "README.md", "bitmex-hs", "Haskell BitMEX bot.", 2)


def r_ocaml(ctx):
    k, s, _ = exset(ctx, "htx")
    f = ctx.f("bin/main.ml", "ocaml")
    f.add("open Lwt.Syntax\n\ntype side = Buy | Sell\ntype order = { symbol : string; side : side; price : float; qty : float }\n\nlet lot_size = 0.001\n")
    f.pos(f"let access_key = \"{k.v}\"", k, form="let_binding")
    f.pos(f"let secret_key = Sys.getenv_opt \"HUOBI_SECRET_KEY\" |> Option.value ~default:\"{s.v}\"", s, form="default_fallback")
    f.neg("let account_id = Sys.getenv \"HUOBI_ACCOUNT_ID\"", "Sys.getenv \"HUOBI_ACCOUNT_ID\"", "htx", "account_id", "let_binding", "env_read")
    f.fill(60, "ocaml")
    f.add("\nlet () = Lwt_main.run (let* () = Lwt_io.printl \"starting\" in Lwt.return_unit)")
    ctx.f("dune-project", "text").add("(lang dune 3.11)\n(name htx_grid)")
    readme(ctx, "README.md", "htx-grid-ml", "OCaml grid bot for HTX (Huobi).", 1)


def r_clojure(ctx):
    k, s, p = exset(ctx, "okx")
    pg = ctx.s("postgres", "password")
    f = ctx.f("resources/config.edn", "edn")
    f.add("{:env :prod\n :db {:dbtype \"postgresql\"\n      :dbname \"quant\"\n      :host \"db.internal\"\n      :user \"quant\"")
    f.pos(f"      :password \"{pg.v}\"}}", pg, form="edn_value")
    f.add(" :okx {:base-url \"https://www.okx.com\"")
    f.pos(f"       :api-key \"{k.v}\"", k, form="edn_value")
    f.neg("       :secret-key #env OKX_SECRET_KEY", "#env OKX_SECRET_KEY", "okx", "api_secret", "edn_value", "env_interpolation")
    f.pos(f"       :passphrase \"{p.v}\"}}", p, form="edn_value")
    f.add(" :risk {:max-notional 5000 :max-open-orders 20}}")
    f = ctx.f("src/quant/okx.clj", "clojure")
    f.add("(ns quant.okx\n  (:require [clj-http.client :as http]\n            [clojure.tools.logging :as log]\n            [aero.core :refer [read-config]]))\n\n(def lot-size 0.001)\n")
    s2 = ctx.s("okx", "api_secret")
    f.pos(f"(def ^:private secret-key \"{s2.v}\")", s2, form="def")
    f.fill(60, "clojure")
    ctx.f("project.clj", "clojure").add("(defproject quant \"0.2.0\"\n  :dependencies [[org.clojure/clojure \"1.11.3\"]\n                 [clj-http \"3.13.0\"]\n"
                                        "                 [aero \"1.1.6\"]]\n  :main quant.core)")
    readme(ctx, "README.md", "quant-okx-clj", "Clojure OKX execution service.", 1)


def r_lua_openresty(ctx):
    k, s, _ = exset(ctx, "phemex")
    hk = ctx.s("webhook", "secret")
    f = ctx.f("bot/config.lua", "lua")
    f.add("local M = {}\n\nM.symbol = \"BTCUSD\"\nM.leverage = 5")
    f.pos(f"M.api_key = \"{k.v}\"", k, form="table_field")
    f.pos(f"M.api_secret = os.getenv(\"PHEMEX_SECRET\") or \"{s.v}\"", s, form="default_fallback")
    f.neg("M.webhook_secret = os.getenv(\"TV_WEBHOOK_SECRET\")", "os.getenv(\"TV_WEBHOOK_SECRET\")", "webhook", "secret", "table_field", "env_read")
    f.fill(60, "lua")
    f.add("\nreturn M")
    f = ctx.f("nginx/nginx.conf", "nginx")
    f.add("worker_processes auto;\nevents { worker_connections 1024; }\n\nhttp {\n    lua_package_path \"/app/bot/?.lua;;\";\n    server {\n        listen 8080;\n"
          "        location /tv-webhook {\n            access_by_lua_block {\n                local h = ngx.req.get_headers()")
    f.pos(f"                if h[\"X-Webhook-Token\"] ~= \"{hk.v}\" then", hk, form="string_compare")
    f.add("                    return ngx.exit(401)\n                end\n            }\n            proxy_pass http://127.0.0.1:9000;\n        }\n"
          "        location /metrics {\n            allow 10.0.0.0/8;\n            deny all;")
    f.neg("            proxy_set_header Authorization \"Bearer $metrics_token\";", "$metrics_token", "generic", "token", "nginx_directive",
          "env_interpolation")
    f.add("            proxy_pass http://127.0.0.1:9100;\n        }\n    }\n}")
    readme(ctx, "README.md", "phemex-tv-lua", "OpenResty TradingView webhook receiver that trades on Phemex.", 2)


def r_perl(ctx):
    rng = ctx.rng
    k, s, _ = exset(ctx, "bitfinex")
    smtp = ctx.s("smtp", "password")
    f = ctx.f("bin/bfx_lender.pl", "perl")
    f.add("#!/usr/bin/env perl\nuse strict;\nuse warnings;\nuse LWP::UserAgent;\nuse Digest::SHA qw(hmac_sha384_hex);\nuse JSON::PP;\nuse Log::Any qw($log);\n\n"
          "my %cfg = (")
    f.pos(f"    api_key    => '{k.v}',", k, form="hash_entry")
    f.pos(f"    api_secret => $ENV{{BFX_API_SECRET}} // '{s.v}',", s, form="default_fallback")
    f.add("    symbol     => 'fUSD',\n    min_rate   => 0.0002,\n);\n")
    f.add("my %smtp = (host => 'smtp.gmail.com', port => 587, user => 'lender.alerts@gmail.com',")
    f.pos(f"            pass => '{smtp.v}');", smtp, form="hash_entry")
    nonce = str(rng.randint(10**15, 10**16))
    f.neg(f"# sample nonce from the logs: {nonce}", nonce, "bitfinex", "nonce", "comment", "nonce")
    f.fill(80, "perl")
    f.add("\n1;")
    readme(ctx, "README.md", "bfx-lender", "Perl margin-funding lender for Bitfinex.", 1)


def r_r_quant(ctx):
    pk = ctx.s("polygon", "api_key")
    fh = ctx.s("finnhub", "api_key")
    ak, asec = ctx.s("alpaca", "api_key_id"), ctx.s("alpaca", "api_secret")
    f = ctx.f("R/data.R", "r")
    f.add("library(httr2)\nlibrary(xts)\nlibrary(TTR)\n\n")
    f.pos(f"polygon_key <- Sys.getenv(\"POLYGON_API_KEY\", unset = \"{pk.v}\")", pk, form="default_fallback")
    f.neg("finnhub_key <- Sys.getenv(\"FINNHUB_API_KEY\")", "Sys.getenv(\"FINNHUB_API_KEY\")", "finnhub", "api_key", "assignment", "env_read")
    f.fill(50, "r")
    f.add("\nalpaca_headers <- function() {\n  c(")
    f.pos(f"    `APCA-API-KEY-ID` = \"{ak.v}\",", ak, form="http_header")
    f.pos(f"    `APCA-API-SECRET-KEY` = \"{asec.v}\"", asec, form="http_header")
    f.add("  )\n}")
    f.fill(40, "r")
    f = ctx.f(".Renviron", "dotenv")
    f.pos(f"FINNHUB_API_KEY={fh.v}", fh, form="env_file")
    f.add("R_MAX_VSIZE=16Gb")
    readme(ctx, "README.md", "r-equities", "R research + Alpaca paper execution.", 2)


def r_julia(ctx):
    k, s, _ = exset(ctx, "kraken")
    f = ctx.f("src/KrakenBot.jl", "julia")
    f.add("module KrakenBot\n\nusing HTTP, JSON3, SHA, Base64, Statistics, Logging\n\nconst LOT = 0.001")
    f.pos(f"const API_KEY = get(ENV, \"KRAKEN_API_KEY\", \"{k.v}\")", k, form="default_fallback")
    f.pos(f"const API_SECRET = \"{s.v}\"", s, form="const_decl")
    f.neg("const NONCE_WINDOW = 5_000  # ms; nonce must increase per API key", "nonce must increase per API key", "kraken", "api_key",
          "comment", "docstring")
    f.fill(80, "julia")
    f.add("\nend # module")
    ctx.f("Project.toml", "toml").add(f"name = \"KrakenBot\"\nuuid = \"{C.uuid4(ctx.rng)}\"\nversion = \"0.1.0\"\n\n[deps]\nHTTP = \"cd3eb016-35fb-5094-929b-558a96fad6f3\"")
    readme(ctx, "README.md", "KrakenBot.jl", "Julia mean-reversion bot for Kraken.", 1)


def r_dart_flutter(ctx):
    rng = ctx.rng
    k, s, _ = exset(ctx, "upbit")
    fb = ctx.s("gcp", "private_key_id")
    f = ctx.f("lib/src/api/upbit_api.dart", "dart")
    f.add("import 'package:dio/dio.dart';\nimport 'package:dart_jsonwebtoken/dart_jsonwebtoken.dart';\nimport 'package:logging/logging.dart';\n\n"
          "class UpbitApi {\n  UpbitApi(this._dio);\n  final Dio _dio;\n  final _log = Logger('UpbitApi');")
    f.pos(f"  static const accessKey = '{k.v}';", k, form="const_decl")
    f.pos(f"  static const String secretKey = \"{s.v}\";", s, form="const_decl")
    f.neg("  static const secretKeyEnv = String.fromEnvironment('UPBIT_SECRET_KEY');", "String.fromEnvironment('UPBIT_SECRET_KEY')",
          "upbit", "secret_key", "const_decl", "env_read")
    f.fill(80, "dart")
    f.add("}")
    f = ctx.f("lib/l10n/app_ko.arb", "json")
    f.add('{\n  "@@locale": "ko",\n  "appTitle": "업비트 자동매매",')
    f.neg('  "apiKeyLabel": "API 키 (Access Key)",', "apiKeyLabel", "upbit", "access_key", "json_value", "i18n_string")
    f.neg('  "secretKeyHint": "시크릿 키를 입력하세요",', "secretKeyHint", "upbit", "secret_key", "json_value", "i18n_string")
    f.add('  "start": "시작",\n  "stop": "정지"\n}')
    f = ctx.f("android/app/google-services.json", "json")
    f.add('{\n  "project_info": {\n    "project_number": "481203311920",\n    "project_id": "upbit-trader-app",\n'
          '    "storage_bucket": "upbit-trader-app.appspot.com"\n  },\n  "client": [\n    {\n      "api_key": [')
    fbkey = "AIza" + C.rs(rng, C.B64URL, 35)
    f.neg(f'        {{ "current_key": "{fbkey}" }}', fbkey, "gcp", "firebase_api_key", "json_value", "public_client_key")
    f.add('      ]\n    }\n  ]\n}')
    ctx.f("pubspec.yaml", "yaml").add("name: upbit_trader\nversion: 1.2.0+14\nenvironment:\n  sdk: '>=3.3.0 <4.0.0'\ndependencies:\n  flutter:\n    sdk: flutter\n"
                                      "  dio: ^5.4.3\n  dart_jsonwebtoken: ^2.12.2\n  logging: ^1.2.0")
    readme(ctx, "README.md", "upbit_trader", "Flutter app for Upbit auto-trading.", 1)


def r_swift(ctx):
    k, s, _ = exset(ctx, "coinbase")
    p = ctx.s("coinbase", "passphrase")
    f = ctx.f("Sources/CBTrader/Secrets.swift", "swift")
    f.add("import Foundation\n\nenum Secrets {")
    f.pos(f"    static let apiKey = \"{k.v}\"", k, form="const_decl")
    f.pos(f"    static let apiSecret = \"{s.v}\"", s, form="const_decl")
    f.pos(f"    static let passphrase = \"{p.v}\"", p, form="const_decl")
    f.add("}")
    f = ctx.f("Sources/CBTrader/Trader.swift", "swift")
    f.add("import Foundation\nimport OSLog\n\nfinal class Trader {\n    private let api: ExchangeAPI\n    private let logger = Logger(subsystem: \"cbtrader\", category: \"trader\")\n"
          "    init(api: ExchangeAPI) { self.api = api }")
    f.neg("    /// Signs requests with `CB-ACCESS-KEY`, `CB-ACCESS-SIGN` and `CB-ACCESS-PASSPHRASE` headers.", "`CB-ACCESS-KEY`", "coinbase",
          "api_key", "doc_comment", "docstring")
    f.fill(80, "swift")
    f.add("}")
    f = ctx.f("Resources/Info.plist", "xml")
    f.add('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
          '<plist version="1.0">\n<dict>\n    <key>CFBundleName</key>\n    <string>CBTrader</string>\n    <key>CBApiKey</key>')
    f.neg("    <string>$(CB_API_KEY)</string>", "$(CB_API_KEY)", "coinbase", "api_key", "xml_value", "env_interpolation")
    f.add("    <key>NSAppTransportSecurity</key>\n    <dict><key>NSAllowsArbitraryLoads</key><false/></dict>\n</dict>\n</plist>")
    readme(ctx, "README.md", "CBTrader", "Swift macOS app for Coinbase Exchange.", 1)


def r_terraform(ctx):
    rng = ctx.rng
    aid, asec = ctx.s("aws", "access_key_id"), ctx.s("aws", "secret_access_key")
    k, s, _ = exset(ctx, "binance")
    dbp = ctx.s("postgres", "password")
    f = ctx.f("infra/terraform.tfvars", "hcl")
    f.add("region      = \"eu-central-1\"\nenvironment = \"prod\"\ninstance    = \"t3.small\"")
    f.pos(f"db_password = \"{dbp.v}\"", dbp, form="tfvars")
    f.pos(f"binance_api_key    = \"{k.v}\"", k, form="tfvars")
    f.pos(f"binance_api_secret = \"{s.v}\"", s, form="tfvars")
    f = ctx.f("infra/variables.tf", "hcl")
    f.add("variable \"region\" {\n  type    = string\n  default = \"eu-central-1\"\n}\n\nvariable \"binance_api_key\" {\n  type      = string")
    f.neg("  sensitive = true  # value comes from terraform.tfvars / TF_VAR_binance_api_key", "TF_VAR_binance_api_key", "binance", "api_key",
          "hcl_attribute", "env_read")
    f.add("}\n\nvariable \"binance_api_secret\" {\n  type      = string\n  sensitive = true\n}\n\nvariable \"db_password\" {\n  type      = string\n  sensitive = true")
    f.neg("  default   = \"change-me-in-tfvars\"", "change-me-in-tfvars", "postgres", "password", "hcl_attribute", "placeholder")
    f.add("}")
    f = ctx.f("infra/main.tf", "hcl")
    f.add("terraform {\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = \"~> 5.50\"\n    }\n  }\n}\n\nprovider \"aws\" {\n  region     = var.region")
    f.pos(f"  access_key = \"{aid.v}\"", aid, form="hcl_attribute")
    f.pos(f"  secret_key = \"{asec.v}\"", asec, form="hcl_attribute")
    f.add("}\n\nlocals {\n  tags = { project = \"trader\", env = var.environment }\n}\n\nresource \"aws_secretsmanager_secret\" \"binance\" {\n  name = \"prod/binance\"\n}\n")
    f.add("resource \"aws_secretsmanager_secret_version\" \"binance\" {\n  secret_id     = aws_secretsmanager_secret.binance.id")
    f.neg("  secret_string = jsonencode({ key = var.binance_api_key, secret = var.binance_api_secret })",
          "var.binance_api_secret", "binance", "api_secret", "hcl_attribute", "env_interpolation")
    f.add("}")
    arn = f"arn:aws:secretsmanager:eu-central-1:{rng.randint(10**11, 10**12 - 1)}:secret:prod/binance-{C.rs(rng, C.ALNUM, 6)}"
    f.neg(f"# imported: {arn}", arn, "aws", "secret_arn", "comment", "secret_manager_ref")
    f.fill(40, "hcl")
    f = ctx.f("infra/terraform.tfstate", "json")
    f.add('{\n  "version": 4,\n  "terraform_version": "1.8.4",\n  "serial": 42,\n  "lineage": "' + C.uuid4(rng) + '",\n  "outputs": {},\n  "resources": [\n    {\n'
          '      "mode": "managed",\n      "type": "aws_db_instance",\n      "name": "trades",\n      "instances": [\n        {\n          "attributes": {\n'
          '            "engine": "postgres",\n            "username": "trader",')
    f.pos(f'            "password": "{dbp.v}",', dbp, form="json_value")
    f.add('            "port": 5432\n          }\n        }\n      ]\n    }\n  ]\n}')
    readme(ctx, "README.md", "trader-infra", "Terraform for the trading stack.", 1)


def r_helm_k8s(ctx):
    rng = ctx.rng
    k, s, p = exset(ctx, "kucoin")
    tg = ctx.s("telegram", "bot_token")
    rp = ctx.s("redis", "password")
    gh = ctx.s("github", "token")
    f = ctx.f("charts/bot/values.yaml", "yaml")
    f.add("replicaCount: 1\nimage:\n  repository: ghcr.io/example/kucoin-bot\n  tag: \"2.4.0\"\n  pullPolicy: IfNotPresent\n\nimagePullSecrets:\n  - name: ghcr")
    f.add("\nexchange:\n  name: kucoin")
    f.pos(f"  apiKey: \"{k.v}\"", k, form="yaml_value")
    f.neg("  apiSecret: \"\"  # injected from the kucoin-creds Secret", "apiSecret: \"\"", "kucoin", "api_secret", "yaml_value", "placeholder")
    f.pos(f"  passphrase: '{p.v}'", p, form="yaml_value")
    f.add("\nredis:\n  enabled: true\n  auth:")
    f.pos(f"    password: {rp.v}", rp, form="yaml_value")
    f.add("\nresources:\n  limits:\n    cpu: 500m\n    memory: 512Mi\n  requests:\n    cpu: 100m\n    memory: 128Mi\n\nnodeSelector: {}\ntolerations: []")
    f = ctx.f("charts/bot/templates/secret.yaml", "yaml")
    f.add("apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ include \"bot.fullname\" . }}-creds\ntype: Opaque\nstringData:")
    f.neg("  KUCOIN_API_KEY: {{ .Values.exchange.apiKey | quote }}", "{{ .Values.exchange.apiKey | quote }}", "kucoin", "api_key", "yaml_value",
          "env_interpolation")
    f.add("  KUCOIN_API_PASSPHRASE: {{ .Values.exchange.passphrase | quote }}")
    f = ctx.f("k8s/secret-prod.yaml", "yaml")
    f.add("apiVersion: v1\nkind: Secret\nmetadata:\n  name: kucoin-creds\n  namespace: trading\ntype: Opaque\ndata:")
    f.pos(f"  KUCOIN_API_SECRET: {s.b64}", s, form="base64_encoded", needles=[s.b64])
    f.pos(f"  TELEGRAM_BOT_TOKEN: {tg.b64}", tg, form="base64_encoded", needles=[tg.b64])
    f.neg("  LOG_LEVEL: SU5GTw==", "SU5GTw==", "generic", "config", "base64_encoded", "base64_non_secret")
    f.add("---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: ghcr\n  namespace: trading\ntype: kubernetes.io/dockerconfigjson\nstringData:")
    dcj = json.dumps({"auths": {"ghcr.io": {"username": "ci-bot", "password": gh.v}}})
    f.pos(f"  .dockerconfigjson: '{dcj}'", gh, form="yaml_value")
    f = ctx.f("k8s/deployment.yaml", "yaml")
    f.add("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: kucoin-bot\n  namespace: trading\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: kucoin-bot\n"
          "  template:\n    metadata:\n      labels:\n        app: kucoin-bot\n    spec:\n      containers:\n        - name: bot\n          image: ghcr.io/example/kucoin-bot:2.4.0\n"
          "          env:\n            - name: KUCOIN_API_SECRET\n              valueFrom:\n                secretKeyRef:")
    f.neg("                  name: kucoin-creds", "kucoin-creds", "kucoin", "api_secret", "yaml_value", "secret_manager_ref")
    f.add("                  key: KUCOIN_API_SECRET\n            - name: BOT_MODE\n              value: live\n          resources:\n            limits:\n              memory: 512Mi")
    f = ctx.f("k8s/sealed-secret.yaml", "yaml")
    f.add("apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: kucoin-creds\n  namespace: trading\nspec:\n  encryptedData:")
    sealed = "AgB" + C.b64(C.rbytes(rng, 300))
    f.neg(f"    KUCOIN_API_KEY: {sealed}", sealed, "kucoin", "api_key", "yaml_value", "encrypted_value")
    readme(ctx, "README.md", "kucoin-bot-deploy", "Helm chart and manifests for the KuCoin bot.", 1)


def r_ops_linux(ctx):
    rng = ctx.rng
    k, s, _ = exset(ctx, "bybit")
    g = exset(ctx, "gate")
    pk = ctx.s("evm", "private_key")
    tg = ctx.s("telegram", "bot_token")
    hc = "https://hc-ping.com/" + C.uuid4(rng)
    f = ctx.f("deploy/run.sh", "shell")
    f.add("#!/usr/bin/env bash\nset -euo pipefail\ncd \"$(dirname \"$0\")/..\"\n")
    f.pos(f"export BYBIT_API_KEY=\"{k.v}\"", k, form="shell_export")
    f.pos(f"export BYBIT_API_SECRET='{s.v}'", s, form="shell_export")
    f.neg("export BYBIT_TESTNET=\"${BYBIT_TESTNET:-false}\"", "${BYBIT_TESTNET:-false}", "bybit", "config", "shell_export", "env_interpolation")
    f.neg(": \"${GATE_API_SECRET:?GATE_API_SECRET must be set}\"", "${GATE_API_SECRET:?GATE_API_SECRET must be set}", "gate", "api_secret",
          "shell_export", "env_interpolation")
    f.fill(60, "shell")
    f.add("\nexec python -m bot --config config/prod.yaml")
    f = ctx.f("deploy/trader.service", "systemd")
    f.add("[Unit]\nDescription=Bybit trading bot\nAfter=network-online.target\nWants=network-online.target\n\n[Service]\nType=simple\nUser=trader\n"
          "WorkingDirectory=/opt/trader")
    f.pos(f"Environment=GATE_API_KEY={g[0].v}", g[0], form="systemd_env")
    f.pos(f"Environment=\"GATE_API_SECRET={g[1].v}\"", g[1], form="systemd_env")
    f.neg("EnvironmentFile=-/etc/trader/secrets.env", "/etc/trader/secrets.env", "generic", "env_file_path", "systemd_env", "keyfile_path")
    f.add("ExecStart=/opt/trader/.venv/bin/python -m bot\nRestart=on-failure\nRestartSec=5\n\n[Install]\nWantedBy=multi-user.target")
    f = ctx.f("deploy/supervisord.conf", "supervisord")
    f.add("[supervisord]\nnodaemon=true\nlogfile=/var/log/supervisord.log\n\n[program:sniper]\ncommand=/opt/trader/.venv/bin/python -m sniper\nautorestart=true")
    f.pos(f"environment=PRIVATE_KEY=\"{pk.v}\",RPC_URL=\"https://arb1.arbitrum.io/rpc\"", pk, form="supervisord_env")
    f.add("stdout_logfile=/var/log/sniper.out.log\nstderr_logfile=/var/log/sniper.err.log")
    f = ctx.f("Procfile", "procfile")
    f.add("web: gunicorn dashboard.wsgi --bind 0.0.0.0:$PORT")
    f.pos(f"worker: TELEGRAM_TOKEN={tg.v} python -m bot.worker", tg, form="cli_env_prefix")
    f.add("release: python manage.py migrate --noinput")
    f = ctx.f("Makefile", "makefile")
    f.add("PYTHON ?= .venv/bin/python\nCONFIG ?= config/prod.yaml\nLOG_LEVEL ?= INFO\nRPC ?= https://arb1.arbitrum.io/rpc\n")
    pk2 = ctx.s("evm", "private_key")
    f.add(".PHONY: deploy-contract\ndeploy-contract:")
    f.pos(f"\tforge script script/Deploy.s.sol --rpc-url $(RPC) --private-key 0x{pk2.v} --broadcast", pk2, form="cli_arg")
    f.add("\n.PHONY: verify\nverify:")
    f.neg("\tforge verify-contract $(ADDR) src/Vault.sol:Vault --etherscan-api-key $(ETHERSCAN_API_KEY)", "$(ETHERSCAN_API_KEY)", "etherscan",
          "api_key", "cli_arg", "env_interpolation")
    f.fill(40, "makefile")
    f = ctx.f("deploy/crontab", "crontab")
    f.add("SHELL=/bin/bash\nPATH=/usr/local/bin:/usr/bin:/bin\nMAILTO=\"\"")
    f.pos(f"*/5 * * * * cd /opt/trader && BYBIT_API_SECRET={s.v} .venv/bin/python -m bot.rebalance >> logs/rebalance.log 2>&1", s, form="crontab_env")
    f.neg(f"0 * * * * curl -fsS -m 10 --retry 5 -o /dev/null {hc}", hc, "healthchecks", "ping_url", "crontab_entry", "uuid_id")
    f.add("30 2 * * * /opt/trader/scripts/backup.sh")
    f = ctx.f("deploy/nginx-dashboard.conf", "nginx")
    f.add("server {\n    listen 443 ssl http2;\n    server_name bot.example.org;\n    ssl_certificate /etc/letsencrypt/live/bot.example.org/fullchain.pem;")
    f.neg("    ssl_certificate_key /etc/letsencrypt/live/bot.example.org/privkey.pem;", "/etc/letsencrypt/live/bot.example.org/privkey.pem",
          "tls", "private_key_path", "nginx_directive", "keyfile_path")
    f.neg("    auth_basic_user_file /etc/nginx/.htpasswd;", "/etc/nginx/.htpasswd", "generic", "password_file", "nginx_directive", "keyfile_path")
    f.add("    location / {\n        proxy_pass http://127.0.0.1:8080;\n        proxy_set_header Host $host;\n        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n    }\n}")
    f = ctx.f("deploy/Dockerfile", "dockerfile")
    f.add("FROM python:3.11-slim AS base\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .")
    f.neg("ARG BYBIT_API_KEY", "ARG BYBIT_API_KEY", "bybit", "api_key", "dockerfile", "env_read")
    f.pos(f"ENV BYBIT_API_KEY={k.v}", k, form="dockerfile_env")
    f.add("USER 1000\nCMD [\"python\", \"-m\", \"bot\"]")
    readme(ctx, "README.md", "bybit-ops", "Ops scripts for the Bybit bot.", 2)


def r_windows(ctx):
    k, s, _ = exset(ctx, "binance")
    a = ctx.s("anthropic", "api_key")
    ms = ctx.s("mysql", "password")
    f = ctx.f("scripts/start-bot.ps1", "powershell")
    f.add("#Requires -Version 7\n[CmdletBinding()]\nparam([switch]$Live)\n$ErrorActionPreference = 'Stop'\n")
    f.pos(f"$env:BINANCE_API_KEY = \"{k.v}\"", k, form="shell_export")
    f.pos(f"$env:BINANCE_API_SECRET = '{s.v}'", s, form="shell_export")
    f.neg("$secret = Read-Host -AsSecureString 'Binance API secret'", "Read-Host -AsSecureString 'Binance API secret'", "binance",
          "api_secret", "assignment", "env_read")
    f.neg("$cred = Get-Secret -Name BinanceApiKey -Vault TradingVault", "Get-Secret -Name BinanceApiKey -Vault TradingVault", "binance", "api_key",
          "assignment", "secret_manager_ref")
    f.fill(60, "powershell")
    f.add("\npython -m bot @($Live ? '--live' : '--paper')")
    f = ctx.f("scripts/run_journal.bat", "batch")
    f.add("@echo off\nsetlocal\ncd /d %~dp0\\..")
    f.pos(f"set ANTHROPIC_API_KEY={a.v}", a, form="shell_export")
    f.pos(f"set \"MYSQL_PWD={ms.v}\"", ms, form="shell_export")
    f.neg("set BINANCE_API_KEY=%BINANCE_API_KEY%", "%BINANCE_API_KEY%", "binance", "api_key", "shell_export", "env_interpolation")
    f.fill(30, "batch")
    f.add("endlocal")
    readme(ctx, "README.md", "win-trader", "Windows helper scripts for a Binance bot and an AI trade journal.", 1)


def _nb_cell(cell_type, src, outputs=None, count=None):
    c = {"cell_type": cell_type, "metadata": {}, "source": src}
    if cell_type == "code":
        c["execution_count"] = count
        c["outputs"] = outputs or []
    return c


def r_notebooks(ctx):
    """Jupyter notebooks written one JSON string per line, as nbformat does (indent=1)."""
    rng = ctx.rng
    k, s, _ = exset(ctx, "binance")
    ok = ctx.s("openai", "api_key")
    kk, ks, kp = exset(ctx, "kucoin")
    f = ctx.f("research/01_explore.ipynb", "jupyter")
    f.add('{\n "cells": [\n  {\n   "cell_type": "markdown",\n   "metadata": {},\n   "source": [\n    "# Funding-rate exploration\\n",\n'
          '    "\\n",\n    "Pull 90 days of hourly candles and funding for the top pairs."\n   ]\n  },\n  {\n   "cell_type": "code",\n   "execution_count": 1,\n'
          '   "metadata": {},\n   "outputs": [],\n   "source": [\n    "import ccxt\\n",\n    "import pandas as pd\\n",\n    "import matplotlib.pyplot as plt\\n",')
    f.pos(f'    "api_key = \\"{k.v}\\"\\n",', k, form="notebook_source")
    f.pos(f'    "api_secret = \\"{s.v}\\"\\n",', s, form="notebook_source")
    f.add('    "ex = ccxt.binanceusdm({\'apiKey\': api_key, \'secret\': api_secret})"\n   ]\n  },\n  {\n   "cell_type": "code",\n   "execution_count": 2,\n'
          '   "metadata": {},\n   "outputs": [\n    {\n     "name": "stdout",\n     "output_type": "stream",\n     "text": [')
    f.pos(f'      "{{\'apiKey\': \'{k.v}\', \'secret\': \'***\', \'enableRateLimit\': True}}\\n"', k, form="notebook_output")
    f.add('     ]\n    }\n   ],\n   "source": [\n    "print({**ex.describe().get(\'api_creds\', {}), \'apiKey\': ex.apiKey, \'secret\': \'***\', \'enableRateLimit\': True})"\n'
          '   ]\n  },\n  {\n   "cell_type": "code",\n   "execution_count": 3,\n   "metadata": {},\n   "outputs": [\n    {\n     "data": {')
    img = C.png_data_uri(rng).split(",", 1)[1]
    f.neg(f'      "image/png": "{img}",', img[:60], "generic", "image", "notebook_output", "base64_image")
    f.add('      "text/plain": [\n       "<Figure size 1200x500 with 1 Axes>"\n      ]\n     },\n     "metadata": {},\n     "output_type": "display_data"\n    }\n   ],\n'
          '   "source": [\n    "df = pd.DataFrame(ex.fetch_funding_rate_history(\'BTC/USDT:USDT\', limit=500))\\n",\n    "df.plot(x=\'datetime\', y=\'fundingRate\', figsize=(12, 5))"\n   ]\n  },')
    for i in range(8):
        f.add('  {\n   "cell_type": "code",\n   "execution_count": ' + str(4 + i) + ',\n   "metadata": {},\n   "outputs": [],\n   "source": [\n'
              f'    "rolling_{i} = df[\'fundingRate\'].rolling({(i + 1) * 8}).mean()\\n",\n    "rolling_{i}.describe()"\n   ]\n  }},')
    f.add('  {\n   "cell_type": "code",\n   "execution_count": 12,\n   "metadata": {},\n   "outputs": [\n    {\n     "name": "stdout",\n     "output_type": "stream",\n     "text": [')
    oid = C.order_id(rng)
    f.neg(f'      "{{\'id\': \'{oid}\', \'clientOrderId\': \'x-xcKtGhcu{C.rs(rng, C.ALNUM, 18)}\', \'status\': \'open\'}}\\n"', oid, "binance", "order_id",
          "notebook_output", "order_id")
    f.add('     ]\n    }\n   ],\n   "source": [\n    "ex.create_limit_buy_order(\'BTC/USDT:USDT\', 0.001, 50000)"\n   ]\n  }\n ],\n "metadata": {\n  "kernelspec": {\n'
          '   "display_name": "Python 3",\n   "language": "python",\n   "name": "python3"\n  }\n },\n "nbformat": 4,\n "nbformat_minor": 5\n}')
    f = ctx.f("research/02_llm_labels.ipynb", "jupyter")
    f.add('{\n "cells": [\n  {\n   "cell_type": "code",\n   "execution_count": 1,\n   "metadata": {},\n   "outputs": [],\n   "source": [\n    "import os\\n",')
    f.neg('    "from getpass import getpass\\n",', "getpass", "openai", "api_key", "notebook_source", "env_read")
    f.neg('    "os.environ[\\"OPENAI_API_KEY\\"] = getpass(\\"OpenAI key: \\")\\n",', "getpass(\\\"OpenAI key: \\\")", "openai", "api_key",
          "notebook_source", "env_read")
    f.add('    "from openai import OpenAI"\n   ]\n  },\n  {\n   "cell_type": "code",\n   "execution_count": 2,\n   "metadata": {},\n   "outputs": [\n    {\n'
          '     "ename": "AuthenticationError",\n     "evalue": "Error code: 401",\n     "output_type": "error",\n     "traceback": [')
    f.pos(f'      "AuthenticationError: Incorrect API key provided: {ok.v}. You can find your API key at https://platform.openai.com/account/api-keys."',
          ok, form="notebook_output")
    f.add('     ]\n    }\n   ],\n   "source": [\n    "client = OpenAI()\\n",\n    "client.models.list()"\n   ]\n  },\n  {\n   "cell_type": "code",\n'
          '   "execution_count": 3,\n   "metadata": {},\n   "outputs": [],\n   "source": [\n    "from kucoin.client import Trade\\n",')
    f.pos(f'    "trade = Trade(key=\'{kk.v}\', secret=\'{ks.v}\', passphrase=\'{kp.v}\')"', kk, ks, kp, form="notebook_source")
    f.add('   ]\n  }\n ],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 5\n}')
    csv_trades(ctx, "research/data/binance_fills.csv", 120)
    f = ctx.f("research/data/ohlcv_btc_1h.csv", "csv")
    f.add("timestamp,open,high,low,close,volume")
    px = 64000.0
    for i in range(150):
        o = px
        px = max(1000, px * (1 + rng.gauss(0, 0.004)))
        f.add(f"{1714000000000 + i * 3600000},{o:.2f},{max(o, px) * 1.001:.2f},{min(o, px) * 0.999:.2f},{px:.2f},{rng.uniform(50, 900):.3f}")
    readme(ctx, "README.md", "funding-research", "Research notebooks.", 1)


def r_sql(ctx):
    rng = ctx.rng
    k, s, _ = exset(ctx, "bitvavo")
    k2, s2, _ = exset(ctx, "bybit")
    f = ctx.f("db/migrations/0003_api_credentials.sql", "sql")
    f.add("-- 0003: per-user exchange credentials (encrypted at rest from 0007 on)\nBEGIN;\n")
    f.fill(20, "sql")
    f.add("\nCREATE TABLE api_credentials (\n    id          BIGSERIAL PRIMARY KEY,\n    user_id     BIGINT NOT NULL REFERENCES users(id),\n    exchange    TEXT   NOT NULL,")
    f.neg("    api_key     TEXT   NOT NULL,", "api_key     TEXT", "generic", "api_key", "sql_ddl", "schema_field")
    f.neg("    api_secret  BYTEA  NOT NULL,  -- pgp_sym_encrypt(secret, current_setting('app.key'))", "api_secret  BYTEA", "generic", "api_secret",
          "sql_ddl", "schema_field")
    f.add("    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()\n);\n\nCOMMIT;")
    f = ctx.f("db/seed/dev_seed.sql", "sql")
    f.add("-- dev seed data\nINSERT INTO users (id, email, password_hash) VALUES")
    for i in range(4):
        bh = C.bcrypt_hash(rng)
        if i % 2 == 0:
            f.neg(f"    ({i + 1}, 'user{i + 1}@example.org', '{bh}'){',' if i < 3 else ';'}", bh, "generic", "password_hash", "sql_literal", "password_hash")
        else:
            f.add(f"    ({i + 1}, 'user{i + 1}@example.org', '{bh}'){',' if i < 3 else ';'}")
    f.add("\nINSERT INTO api_credentials (user_id, exchange, api_key, api_secret) VALUES")
    f.pos(f"    (1, 'bitvavo', '{k.v}', '{s.v}'),", k, s, form="sql_literal")
    f.pos(f"    (2, 'bybit', '{k2.v}', convert_to('{s2.v}', 'UTF8'));", k2, s2, form="sql_literal")
    f.add("\nINSERT INTO orders (user_id, exchange, exchange_order_id, client_order_id, symbol, side, price, amount) VALUES")
    for i in range(10):
        coid = C.client_order_id(rng)
        line = f"    ({1 + i % 2}, 'bitvavo', '{C.uuid4(rng)}', '{coid}', 'BTC-EUR', '{rng.choice(['buy', 'sell'])}', {rng.uniform(50000, 65000):.2f}, 0.01){',' if i < 9 else ';'}"
        if i in (2, 7):
            f.neg(line, coid, "bitvavo", "client_order_id", "sql_literal", "client_order_id")
        else:
            f.add(line)
    f.fill(30, "sql")
    f = ctx.f("db/migrations/0007_encrypt.sql", "sql")
    f.add("BEGIN;\nALTER TABLE api_credentials ADD COLUMN api_secret_enc BYTEA;")
    f.neg("UPDATE api_credentials SET api_secret_enc = pgp_sym_encrypt(convert_from(api_secret, 'UTF8'), current_setting('app.key'));",
          "current_setting('app.key')", "postgres", "encryption_key", "sql_literal", "env_read")
    f.add("ALTER TABLE api_credentials DROP COLUMN api_secret;\nCOMMIT;")
    readme(ctx, "README.md", "copytrade-db", "Schema for a copy-trading SaaS.", 1)


def r_recordings(ctx):
    rng = ctx.rng
    k, s, _ = exset(ctx, "binance")
    tr = ctx.s("tradier", "access_token")
    oa = ctx.s("oanda", "access_token")
    ck, cs, cp = exset(ctx, "coinbase")
    f = ctx.f("tests/cassettes/test_account_balance.yaml", "yaml")
    f.add("interactions:\n- request:\n    body: null\n    headers:\n      Accept:\n      - '*/*'\n      User-Agent:\n      - python-requests/2.32.3")
    f.pos(f"      X-MBX-APIKEY:\n      - {k.v}", k, form="http_recording") if False else None
    f.add("      X-MBX-APIKEY:")
    f.pos(f"      - {k.v}", k, form="http_recording")
    sig = C.hmac_sig(rng)
    f.neg(f"    method: GET\n    uri: https://api.binance.com/api/v3/account?timestamp=1717000000000&signature={sig}", sig, "binance", "signature",
          "http_recording", "hmac_signature") if False else None
    f.add("    method: GET")
    f.neg(f"    uri: https://api.binance.com/api/v3/account?timestamp=1717000000000&signature={sig}", sig, "binance", "signature", "http_recording",
          "hmac_signature")
    f.add("  response:\n    body:\n      string: '{\"makerCommission\":10,\"takerCommission\":10,\"balances\":[{\"asset\":\"BTC\",\"free\":\"0.01200000\",\"locked\":\"0.00000000\"}]}'\n"
          "    headers:\n      Content-Type:\n      - application/json;charset=UTF-8")
    tid = C.uuid4(rng)
    f.neg(f"      x-mbx-uuid:\n      - {tid}", tid, "binance", "request_id", "http_recording", "request_id") if False else None
    f.add("      x-mbx-uuid:")
    f.neg(f"      - {tid}", tid, "binance", "request_id", "http_recording", "request_id")
    f.add("    status:\n      code: 200\n      message: OK\nversion: 1")
    f = ctx.f("tests/cassettes/test_filtered.yaml", "yaml")
    f.add("interactions:\n- request:\n    body: null\n    headers:\n      X-MBX-APIKEY:")
    f.neg("      - DUMMY", "DUMMY", "binance", "api_key", "http_recording", "placeholder")
    f.add("    method: GET\n    uri: https://api.binance.com/api/v3/openOrders?timestamp=1717000000000&signature=FILTERED\n  response:\n    body:\n      string: '[]'\n"
          "    status:\n      code: 200\n      message: OK\nversion: 1")
    f = ctx.f("docs/postman/tradier.postman_collection.json", "json")
    f.add('{\n  "info": {\n    "_postman_id": "' + C.uuid4(rng) + '",\n    "name": "Tradier",\n    "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"\n  },\n'
          '  "auth": {\n    "type": "bearer",\n    "bearer": [\n      {\n        "key": "token",')
    f.pos(f'        "value": "{tr.v}",', tr, form="json_value")
    f.add('        "type": "string"\n      }\n    ]\n  },\n  "variable": [\n    {\n      "key": "oanda_token",')
    f.neg('      "value": "{{OANDA_TOKEN}}"', "{{OANDA_TOKEN}}", "oanda", "access_token", "json_value", "env_interpolation")
    f.add('    }\n  ],\n  "item": [\n    {\n      "name": "Get quotes",\n      "request": {\n        "method": "GET",\n        "header": [\n'
          '          {"key": "Accept", "value": "application/json"}\n        ],\n        "url": "https://api.tradier.com/v1/markets/quotes?symbols=AAPL,SPY"\n'
          '      }\n    }\n  ]\n}')
    f = ctx.f("docs/har/oanda-session.har", "har")
    f.add('{\n  "log": {\n    "version": "1.2",\n    "creator": {"name": "Firefox", "version": "126.0"},\n    "entries": [\n      {\n'
          '        "startedDateTime": "2024-06-02T09:14:11.512Z",\n        "time": 182,\n        "request": {\n          "method": "GET",\n'
          '          "url": "https://api-fxpractice.oanda.com/v3/accounts/101-004-2217431-001/pricing?instruments=EUR_USD",\n          "headers": [')
    f.pos(f'            {{"name": "Authorization", "value": "Bearer {oa.v}"}},', oa, form="http_recording")
    f.neg('            {"name": "Accept-Datetime-Format", "value": "RFC3339"}', "Accept-Datetime-Format", "oanda", "header", "http_recording",
          "schema_field") if False else f.add('            {"name": "Accept-Datetime-Format", "value": "RFC3339"}')
    f.add('          ]\n        },\n        "response": {\n          "status": 200,\n          "headers": [')
    rid = str(rng.randint(10**17, 10**18))
    f.neg(f'            {{"name": "RequestID", "value": "{rid}"}}', rid, "oanda", "request_id", "http_recording", "request_id")
    f.add('          ],\n          "content": {"mimeType": "application/json", "size": 812}\n        }\n      }\n    ]\n  }\n}')
    f = ctx.f("logs/http-debug.log", "text")
    for i in range(50):
        ts = f"2024-06-03 12:{i:02d}:{rng.randint(0, 59):02d}"
        if i == 7:
            f.pos(f"{ts} DEBUG urllib3 send: b'GET /accounts HTTP/1.1\\r\\nCB-ACCESS-KEY: {ck.v}\\r\\nCB-ACCESS-PASSPHRASE: {cp.v}\\r\\n'", ck, cp,
                  form="log_output")
        elif i == 8:
            ts2 = str(1717416000 + i)
            sg = C.b64(C.rbytes(rng, 32))
            f.neg(f"{ts} DEBUG urllib3 send: b'CB-ACCESS-SIGN: {sg}\\r\\nCB-ACCESS-TIMESTAMP: {ts2}\\r\\n'", sg, "coinbase", "signature",
                  "log_output", "hmac_signature")
        elif i == 30:
            f.neg(f"{ts} DEBUG requests Authorization: Bearer ***redacted***", "***redacted***", "oanda", "access_token", "log_output", "masked_value")
        elif i % 11 == 5:
            tr_id = C.trace_id(rng)
            f.neg(f"{ts} INFO  http 200 GET /v3/accounts latency=41ms traceparent=00-{tr_id}-{C.rs(rng, C.HEX, 16)}-01", tr_id, "generic",
                  "trace_id", "log_output", "trace_id")
        else:
            f.add(f"{ts} INFO  http 200 GET /products/BTC-USD/ticker latency={rng.randint(20, 300)}ms")
    readme(ctx, "README.md", "broker-recordings", "HTTP fixtures for broker integration tests.", 1)


def r_docs_site(ctx):
    rng = ctx.rng
    k, s, _ = exset(ctx, "bitget")
    p = ctx.s("bitget", "passphrase")
    ok = ctx.s("kraken", "api_key")
    old = ctx.s("binance", "api_key")
    gh = ctx.s("github", "token")
    f = ctx.f("docs/getting-started.md", "markdown")
    f.add("# Getting started\n\nThis guide walks through connecting the bot to an exchange.\n\n## 1. Create an API key\n\n"
          "Create a key with **trade** permission only. Never enable withdrawals.\n\n```python\nimport ccxt\n\nexchange = ccxt.bitget({")
    f.neg("    'apiKey': 'YOUR_API_KEY',", "YOUR_API_KEY", "bitget", "api_key", "docs_code_block", "placeholder")
    f.neg("    'secret': 'YOUR_SECRET',", "YOUR_SECRET", "bitget", "api_secret", "docs_code_block", "placeholder")
    f.neg("    'password': 'YOUR_PASSPHRASE',", "YOUR_PASSPHRASE", "bitget", "passphrase", "docs_code_block", "placeholder")
    f.add("})\n```\n\nA real key looks like this (from my test account, since deleted):\n\n```")
    f.pos(f"apiKey: {k.v}", k, form="docs_code_block")
    f.pos(f"secret: {s.v}", s, form="docs_code_block")
    f.pos(f"passphrase: {p.v}", p, form="docs_code_block")
    f.add("```\n")
    f.neg("AWS-style example from the AWS docs: `AKIAIOSFODNN7EXAMPLE` / `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`.", C.DOCS["aws_key_id"], "aws",
          "access_key_id", "docs_prose", "docs_example_key")
    f.fill(60, "markdown")
    f.add("\n## Masked output\n\nThe bot logs keys masked:\n\n```text")
    f.neg(f"2024-06-01 INFO using api key bg_{C.rs(rng, C.HEX, 4)}…{C.rs(rng, C.HEX, 4)} (secret ********)", "(secret ********)", "bitget",
          "api_secret", "docs_code_block", "masked_value")
    f.add("```")
    f.fill(40, "markdown")
    f = ctx.f("CHANGELOG.md", "markdown")
    f.add("# Changelog\n\nAll notable changes to this project will be documented in this file.\n")
    for i, ver in enumerate(["2.3.0", "2.2.1", "2.2.0", "2.1.0", "2.0.0", "1.9.4", "1.9.0"]):
        sha = C.git_sha(rng)
        f.add(f"\n## [{ver}] - 2024-0{6 - i % 5}-1{i}\n\n### Fixed")
        if i in (1, 4):
            f.neg(f"- Retry on 429 responses ([{sha[:7]}](https://github.com/example/bot/commit/{sha}))", sha, "git", "commit_sha", "changelog",
                  "git_sha")
        else:
            f.add(f"- Retry on 429 responses (#{100 + i * 7})")
        if i == 2:
            f.pos(f"- Rotated the leaked Kraken key `{ok.v}` (was committed in 2.1.0)", ok, form="changelog")
        if i == 5:
            f.neg("- Renamed config field `api_secret` to `secret` (the old name still works)", "`api_secret` to `secret`", "generic", "api_secret",
                  "changelog", "schema_field")
        f.add("- Grid levels are now rounded to the tick size\n- Telegram `/balance` shows stablecoins first")
    f = ctx.f("docs/commit-messages.txt", "text")
    f.add("commit 1: init\n\ncommit 2: add grid strategy\n")
    f.pos(f"commit 3: hotfix - temporarily hardcode key {old.v} until env loading works", old, form="commit_message")
    f.add("\ncommit 4: load keys from env again\n")
    f.neg("commit 5: remove hardcoded api key, read BINANCE_API_KEY from env (closes #12)", "read BINANCE_API_KEY from env", "binance", "api_key",
          "commit_message", "log_message")
    f.add("\ncommit 6: ci: publish docs")
    f.pos(f"commit 7: ci: use token {gh.v} for gh-pages deploy", gh, form="commit_message")
    f = ctx.f("mkdocs.yml", "yaml")
    f.add("site_name: Bot Docs\ntheme:\n  name: material\nnav:\n  - Home: index.md\n  - Getting started: getting-started.md\n  - Changelog: ../CHANGELOG.md\nextra:")
    f.neg("  analytics:\n    provider: google\n    property: G-XXXXXXXXXX", "  analytics:", "google", "analytics_id", "yaml_value", "placeholder") if False else None
    f.add("  analytics:\n    provider: google")
    f.neg("    property: G-XXXXXXXXXX", "G-XXXXXXXXXX", "google", "analytics_id", "yaml_value", "placeholder")


REPOS = [
    ("bitmex-hs", r_haskell), ("htx-grid-ml", r_ocaml), ("quant-okx-clj", r_clojure), ("phemex-tv-lua", r_lua_openresty),
    ("bfx-lender-pl", r_perl), ("r-equities", r_r_quant), ("krakenbot-jl", r_julia), ("upbit-flutter", r_dart_flutter),
    ("cbtrader-swift", r_swift), ("trader-infra-tf", r_terraform), ("kucoin-helm", r_helm_k8s), ("bybit-ops", r_ops_linux),
    ("win-trader", r_windows), ("funding-research", r_notebooks), ("copytrade-db", r_sql), ("broker-recordings", r_recordings),
    ("bot-docs", r_docs_site),
]
